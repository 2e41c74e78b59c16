"""Indicator normalisation: formulas by hand, directions, constant columns, invariances."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from custvalue.scoring.normalize import normalize

X = np.array([[10.0, 5.0], [20.0, 3.0], [40.0, 1.0]])


class TestMethods:
    def test_minmax_benefit_and_cost(self) -> None:
        out = normalize(X, directions=["benefit", "cost"])
        # (x - 10) / 30 and (5 - x) / 4
        np.testing.assert_allclose(out, [[0, 0], [1 / 3, 0.5], [1, 1]])

    def test_zscore(self) -> None:
        out = normalize(X, method="zscore", directions=["benefit", "cost"])
        # column 1: mean 70/3, sample sd sqrt(((10-70/3)^2 + (20-70/3)^2 + (40-70/3)^2) / 2)
        sd = np.sqrt(((10 - 70 / 3) ** 2 + (20 - 70 / 3) ** 2 + (40 - 70 / 3) ** 2) / 2)
        np.testing.assert_allclose(out[:, 0], (X[:, 0] - 70 / 3) / sd)
        # column 2 (cost): mean 3, sd 2, negated
        np.testing.assert_allclose(out[:, 1], [-1, 0, 1])

    def test_vector(self) -> None:
        out = normalize(X, method="vector", directions=["benefit", "cost"])
        np.testing.assert_allclose(out[:, 0], X[:, 0] / np.sqrt(100 + 400 + 1600))
        np.testing.assert_allclose(out[:, 1], 1 - X[:, 1] / np.sqrt(25 + 9 + 1))

    def test_sum(self) -> None:
        out = normalize(X, method="sum", directions=["benefit", "cost"])
        np.testing.assert_allclose(out[:, 0], [1 / 7, 2 / 7, 4 / 7])
        inv = np.array([1 / 5, 1 / 3, 1])
        np.testing.assert_allclose(out[:, 1], inv / inv.sum())

    def test_all_benefit_by_default_and_single_string(self) -> None:
        np.testing.assert_allclose(normalize(X), normalize(X, directions="benefit"))
        np.testing.assert_allclose(normalize(X, directions="cost"), 1 - normalize(X))

    def test_input_not_mutated_and_no_negative_zero(self) -> None:
        x = X.copy()
        out = normalize(x, directions="cost")
        np.testing.assert_array_equal(x, X)
        assert not np.signbit(out).any()


class TestDegenerate:
    def test_constant_column_is_defined(self) -> None:
        x = np.array([[3.0, 1.0], [3.0, 2.0], [3.0, 4.0]])
        assert normalize(x)[:, 0].tolist() == [1.0, 1.0, 1.0]
        assert normalize(x, method="zscore")[:, 0].tolist() == [0.0, 0.0, 0.0]
        np.testing.assert_allclose(normalize(x, method="vector")[:, 0], 1 / np.sqrt(3))
        np.testing.assert_allclose(normalize(x, method="sum")[:, 0], 1 / 3)

    def test_zero_column(self) -> None:
        x = np.array([[0.0, 1.0], [0.0, 2.0]])
        np.testing.assert_allclose(normalize(x, method="vector")[:, 0], 1 / np.sqrt(2))
        np.testing.assert_allclose(normalize(x, method="sum")[:, 0], 0.5)

    def test_single_row(self) -> None:
        assert normalize([[5.0, 2.0]]).tolist() == [[1.0, 1.0]]
        with pytest.raises(ValueError, match="at least 2 rows for method='zscore'; got 1"):
            normalize([[5.0, 2.0]], method="zscore")


class TestExtremeMagnitudes:
    # no overflow / underflow warnings (errors in this suite) and the exact
    # results of the scale-free formulas
    def test_minmax_range_beyond_float_max(self) -> None:
        x = [[1e308, 1.0], [-1e308, 2.0], [0.0, 3.0]]
        np.testing.assert_allclose(
            normalize(x, directions=["benefit", "cost"]), [[1, 1], [0, 0.5], [0.5, 0]]
        )

    def test_vector_and_zscore_huge_and_tiny(self) -> None:
        for v in (1e200, 1e-200):
            np.testing.assert_allclose(
                normalize([[v], [v]], method="vector"), [[2**-0.5], [2**-0.5]]
            )
            np.testing.assert_allclose(
                normalize([[v], [2 * v], [3 * v]], method="zscore"), [[-1], [0], [1]]
            )
        np.testing.assert_allclose(
            normalize([[1e308], [-1e308], [0.0]], method="zscore"), [[1], [-1], [0]]
        )

    def test_sum_huge_and_tiny(self) -> None:
        np.testing.assert_allclose(normalize([[1e308], [1e308]], method="sum"), [[0.5], [0.5]])
        # shares of 1/x: 1 / (1 + 1e-300) and 1e-300 / (1 + 1e-300)
        out = normalize([[1e-300], [1.0]], method="sum", directions="cost")
        np.testing.assert_allclose(out, [[1.0], [1e-300]])


class TestContainers:
    def test_dataframe_keeps_index_and_columns(self) -> None:
        df = pd.DataFrame(X, index=["a", "b", "c"], columns=["sales", "complaints"])
        out = normalize(df, directions={"complaints": "cost"})
        assert isinstance(out, pd.DataFrame)
        assert list(out.index) == ["a", "b", "c"]
        assert out.loc["c", "complaints"] == 1.0
        assert out.loc["b", "sales"] == pytest.approx(1 / 3)

    def test_one_dimensional_and_series(self) -> None:
        np.testing.assert_allclose(normalize([1.0, 2.0, 3.0]), [0, 0.5, 1])
        s = pd.Series([1.0, 3.0], index=["x", "y"], name="v")
        out = normalize(s)
        assert isinstance(out, pd.Series)
        assert out.to_dict() == {"x": 0.0, "y": 1.0}


class TestErrors:
    def test_bad_inputs(self) -> None:
        with pytest.raises(ValueError, match="method must be one of 'minmax', 'zscore'"):
            normalize(X, method="rank")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"data must not contain NaN .* at index \(1, 0\)"):
            normalize([[1.0, 2.0], [np.nan, 1.0]])
        with pytest.raises(ValueError, match="data must be 1-D or 2-D"):
            normalize(np.ones((2, 2, 2)))
        with pytest.raises(ValueError, match=r"directions must have one entry per indicator \(2\)"):
            normalize(X, directions=["cost"])
        with pytest.raises(ValueError, match=r"directions\[1\] must be one of 'benefit', 'cost'"):
            normalize(X, directions=["cost", "max"])
        with pytest.raises(TypeError, match="mapping only for a DataFrame"):
            normalize(X, directions={"a": "cost"})
        with pytest.raises(ValueError, match=r"directions name unknown columns \['b'\]"):
            normalize(pd.DataFrame({"a": [1.0, 2.0]}), directions={"b": "cost"})
        with pytest.raises(TypeError, match="directions must be None, a string"):
            normalize(X, directions=3)
        with pytest.raises(ValueError, match="data must be >= 0; got -1"):
            normalize([[1.0], [-1.0]], method="sum")
        with pytest.raises(ValueError, match="must be > 0 in cost column 0 for method='sum'"):
            normalize([[1.0], [0.0]], method="sum", directions="cost")
        # the message gives the offending entry's position (row, column)
        with pytest.raises(ValueError, match=r"column 1 .*got 0 at index \(2, 1\)"):
            normalize(
                [[1.0, 2.0], [1.0, 3.0], [1.0, 0.0]], method="sum", directions=["benefit", "cost"]
            )


# well-conditioned values: invariances hold exactly in arithmetic, and to
# rounding error only when a column's spread is not far below its magnitude
finite = st.integers(-8000, 8000).map(lambda v: v / 8)


@given(
    arrays(np.float64, (6, 3), elements=finite),
    st.floats(0.01, 100),
    st.floats(-100, 100),
    st.sampled_from(["benefit", "cost"]),
)
def test_minmax_invariant_to_positive_scaling_and_shift(
    x: np.ndarray, scale: float, shift: float, direction: str
) -> None:
    base = normalize(x, directions=direction)
    moved = normalize(x * scale + shift, directions=direction)
    np.testing.assert_allclose(moved, base, atol=1e-6)
    assert ((base >= 0) & (base <= 1)).all()


@given(arrays(np.float64, (5, 2), elements=st.floats(0.01, 1e3)), st.floats(0.01, 100))
def test_vector_and_sum_invariant_to_scaling(x: np.ndarray, scale: float) -> None:
    for method in ("vector", "sum"):
        np.testing.assert_allclose(
            normalize(x * scale, method=method), normalize(x, method=method), rtol=1e-9
        )
