"""Entropy weights (by hand, with a cost indicator) and weight combination."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from custvalue.scoring.ahp import PairwiseMatrix, weights
from custvalue.scoring.weights import combine_weights, entropy_weights

# three customers, indicators: sales (benefit), constant region code, returns (cost)
DATA = np.array([[1.0, 10.0, 4.0], [2.0, 10.0, 3.0], [3.0, 10.0, 1.0]])


def _plogp(p: list[float]) -> float:
    return sum(x * np.log(x) for x in p if x > 0)


class TestEntropyWeights:
    def test_by_hand_with_cost_indicator(self) -> None:
        res = entropy_weights(DATA, directions=["benefit", "benefit", "cost"])
        # min-max: sales -> 0, 1/2, 1 -> p = 0, 1/3, 2/3
        # returns (cost): (4 - x) / 3 -> 0, 1/3, 1 -> p = 0, 1/4, 3/4
        e1 = -_plogp([0, 1 / 3, 2 / 3]) / np.log(3)
        e3 = -_plogp([0, 1 / 4, 3 / 4]) / np.log(3)
        np.testing.assert_allclose(res.entropy, [e1, 1.0, e3])
        d = np.array([1 - e1, 0.0, 1 - e3])
        np.testing.assert_allclose(res.weights, d / d.sum())
        np.testing.assert_allclose(res.weights, [0.462850, 0.0, 0.537150], atol=1e-6)
        assert res.weights[1] == 0.0
        np.testing.assert_allclose(res.divergence, d)

    def test_cost_direction_matters(self) -> None:
        benefit = entropy_weights(DATA).weights
        cost = entropy_weights(DATA, directions=["benefit", "benefit", "cost"]).weights
        assert not np.allclose(benefit, cost)

    def test_dataframe_labels_and_frame(self) -> None:
        df = pd.DataFrame(DATA, columns=["sales", "region", "returns"])
        res = entropy_weights(df, directions={"returns": "cost"})
        assert res.labels == ("sales", "region", "returns")
        frame = res.to_frame()
        assert list(frame.columns) == ["indicator", "entropy", "divergence", "weight"]
        assert frame["weight"].sum() == pytest.approx(1.0)
        json.dumps(res.to_dict())
        assert list(entropy_weights(DATA).to_frame()["indicator"]) == ["x1", "x2", "x3"]

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="at least 2 rows"):
            entropy_weights([[1.0, 2.0]])
        with pytest.raises(ValueError, match="every indicator is constant"):
            entropy_weights([[1.0, 2.0], [1.0, 2.0]])
        with pytest.raises(ValueError, match="data must be 2-D"):
            entropy_weights([1.0, 2.0])
        with pytest.raises(ValueError, match="data must not contain NaN"):
            entropy_weights([[1.0, np.nan], [2.0, 1.0]])

    @given(
        arrays(np.float64, (8, 4), elements=st.integers(0, 80_000).map(lambda v: v / 8)),
        st.floats(0.01, 100),
    )
    def test_invariant_to_benefit_scaling(self, x: np.ndarray, scale: float) -> None:
        if np.ptp(x, axis=0).max() < 1e-6:
            return
        a = entropy_weights(x).weights
        y = x.copy()
        y[:, 0] *= scale
        np.testing.assert_allclose(entropy_weights(y).weights, a, atol=1e-7)
        assert a.sum() == pytest.approx(1.0)
        assert (a >= 0).all()


class TestCombine:
    def test_product_by_hand(self) -> None:
        out = combine_weights([0.5, 0.3, 0.2], [0.2, 0.3, 0.5])
        # 0.10, 0.09, 0.10 over 0.29
        np.testing.assert_allclose(out, [0.10 / 0.29, 0.09 / 0.29, 0.10 / 0.29])

    def test_linear(self) -> None:
        out = combine_weights([0.5, 0.3, 0.2], [0.2, 0.3, 0.5], method="linear", alpha=0.8)
        np.testing.assert_allclose(out, [0.44, 0.30, 0.26])
        np.testing.assert_allclose(
            combine_weights([1, 1], [3, 1], method="linear", alpha=0), [0.75, 0.25]
        )

    def test_results_and_series(self) -> None:
        ahp = weights(PairwiseMatrix.from_upper([3], labels=["sales", "returns"]))
        ent = entropy_weights(pd.DataFrame({"returns": [1.0, 2.0, 4.0], "sales": [1.0, 2.0, 3.0]}))
        out = combine_weights(ahp, ent)
        # entropy labels are reordered to the AHP labels
        expected = np.array([0.75, 0.25]) * ent.weights[[1, 0]]
        np.testing.assert_allclose(out, expected / expected.sum())
        s = combine_weights(pd.Series({"a": 1.0, "b": 3.0}), {"a": 1, "b": 1})
        assert isinstance(s, pd.Series)
        assert s.to_dict() == {"a": 0.25, "b": 0.75}

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"inconsistent lengths: \[2, 3\]"):
            combine_weights([1, 1], [1, 1, 1])
        with pytest.raises(ValueError, match=r"alpha must be in \[0, 1\]; got 1.5"):
            combine_weights([1, 1], [1, 1], method="linear", alpha=1.5)
        with pytest.raises(ValueError, match="is 0 for every indicator"):
            combine_weights([1, 0], [0, 1])
        with pytest.raises(ValueError, match="subjective must be >= 0"):
            combine_weights([1, -1], [1, 1])
        with pytest.raises(ValueError, match="objective must not all be 0"):
            combine_weights([1, 1], [0, 0])
        with pytest.raises(ValueError, match="method must be one of 'product', 'linear'"):
            combine_weights([1, 1], [1, 1], method="mean")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"labels .* differ from objective"):
            combine_weights({"a": 1, "b": 1}, {"a": 1, "c": 1})
        with pytest.raises(ValueError, match="must be one weight vector; got a stack"):
            combine_weights(weights(np.ones((2, 2, 2))), [1, 1])


class TestEntropyShares:
    def test_raw_shares_by_hand(self) -> None:
        # column 1 (1, 1, 2): shares 1/4, 1/4, 1/2, entropy (ln 4 / 2 + ln 2 / 2) / ln 3
        # column 2 (1, 2, 3): shares 1/6, 1/3, 1/2, entropy (ln 6 / 6 + ln 3 / 3 + ln 2 / 2) / ln 3
        res = entropy_weights([[1, 1], [1, 2], [2, 3]], shares="raw")
        e1 = (math.log(4) / 2 + math.log(2) / 2) / math.log(3)
        e2 = (math.log(6) / 6 + math.log(3) / 3 + math.log(2) / 2) / math.log(3)
        np.testing.assert_allclose(res.entropy, [e1, e2], rtol=1e-14)
        d = np.array([1 - e1, 1 - e2])
        np.testing.assert_allclose(res.weights, d / d.sum(), rtol=1e-13)
        assert res.shares == "raw"

    def test_rescaled_by_hand(self) -> None:
        # min-max rescaled: column 1 (0, 0, 1) has one nonzero share, entropy 0;
        # column 2 (0, 1/2, 1): shares 0, 1/3, 2/3, entropy (ln 3 / 3 + 2/3 ln 3/2) / ln 3
        res = entropy_weights([[1, 1], [1, 2], [2, 3]])
        e2 = (math.log(3) / 3 + 2 / 3 * math.log(1.5)) / math.log(3)
        np.testing.assert_allclose(res.entropy, [0.0, e2], atol=1e-15, rtol=1e-14)
        np.testing.assert_allclose(res.weights, np.array([1, 1 - e2]) / (2 - e2), rtol=1e-13)
        assert res.shares == "rescaled"

    def test_variants_differ_on_a_level_shift(self) -> None:
        # raw shares see 100..110 as nearly flat; rescaled it spreads like 1..3
        data = [[100, 1], [105, 2], [110, 3]]
        raw = entropy_weights(data, shares="raw").weights
        assert raw[0] < 0.01
        np.testing.assert_allclose(entropy_weights(data).weights, [0.5, 0.5], rtol=1e-14)
        # a level shift changes raw weights but not rescaled ones
        shifted = [[x + 1000, y] for x, y in data]
        np.testing.assert_allclose(
            entropy_weights(shifted).weights, entropy_weights(data).weights, rtol=1e-14
        )
        assert entropy_weights(shifted, shares="raw").weights[0] < raw[0]

    def test_raw_errors(self) -> None:
        with pytest.raises(ValueError, match="data must be >= 0 for shares='raw'"):
            entropy_weights([[1, -1], [2, 3]], shares="raw")
        with pytest.raises(ValueError, match="has no cost indicators"):
            entropy_weights([[1, 1], [2, 3]], shares="raw", directions=["benefit", "cost"])
        with pytest.raises(ValueError, match="column 1 is all 0"):
            entropy_weights([[1, 0], [2, 0]], shares="raw")
        with pytest.raises(ValueError, match="shares must be one of 'rescaled', 'raw'"):
            entropy_weights([[1, 1], [2, 3]], shares="minmax")  # type: ignore[arg-type]


def test_entropy_missing_policies() -> None:
    data = [[1.0, 4.0], [2.0, np.nan], [3.0, 1.0], [5.0, 2.0]]
    with pytest.raises(ValueError, match="missing='listwise'"):
        entropy_weights(data)
    listwise = entropy_weights(data, missing="listwise")
    np.testing.assert_allclose(
        listwise.weights, entropy_weights([data[0], data[2], data[3]]).weights, rtol=1e-15
    )
    filled = entropy_weights(data, missing="mean")  # mean of 4, 1, 2 is 7/3
    np.testing.assert_allclose(
        filled.weights,
        entropy_weights([[1.0, 4.0], [2.0, 7 / 3], [3.0, 1.0], [5.0, 2.0]]).weights,
        rtol=1e-15,
    )
