"""Mutation killers for custvalue.scoring.weights (see docs/mutation-testing.md).

Each test pins a behaviour a surviving mutant changed, against an independent
reference: exact fractions for the combinations, the definition of a
constant indicator (no information, weight exactly 0) for the entropy method.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from custvalue.scoring.weights import combine_weights, entropy_weights


def _product(s: list[Fraction], o: list[Fraction]) -> list[float]:
    """Multiplicative synthesis s_j o_j / sum_k s_k o_k, in exact arithmetic."""
    total = sum(a * b for a, b in zip(s, o, strict=True))
    return [float(a * b / total) for a, b in zip(s, o, strict=True)]


SUBJ = [Fraction(5, 10), Fraction(3, 10), Fraction(2, 10)]
OBJ = [Fraction(2, 10), Fraction(3, 10), Fraction(5, 10)]


class TestEntropyConstantIndicator:
    # Three customers: the entropy of a constant column, computed in floating
    # point, is 0.9999999999999998; by definition it carries no information,
    # so its entropy is exactly 1 and its weight exactly 0 wherever its level
    # lies relative to the other columns.
    def test_constant_column_below_the_others_has_weight_exactly_zero(self) -> None:
        x = np.array([[1.0, 0.5, 1.0], [2.0, 0.5, 4.0], [3.0, 0.5, 9.0]])
        result = entropy_weights(x)
        assert result.entropy[1] == 1.0
        assert result.weights[1] == 0.0
        assert result.divergence[1] == 0.0
        assert result.weights.sum() == pytest.approx(1.0, abs=1e-15)

    def test_every_column_constant_is_refused(self) -> None:
        message = "^data: every indicator is constant, so the entropy method gives no weights$"
        with pytest.raises(ValueError, match=message):
            entropy_weights([[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]])

    def test_frame_names_indicators_by_column(self) -> None:
        frame = pd.DataFrame({"spend": [1.0, 2.0, 4.0], "visits": [3.0, 1.0, 2.0]})
        table = entropy_weights(frame).to_frame()
        assert table["indicator"].tolist() == ["spend", "visits"]
        plain = entropy_weights(frame.to_numpy()).to_frame()
        assert plain["indicator"].tolist() == ["x1", "x2"]


class TestCombineWeightsLabels:
    def test_series_pair_by_label_and_name_the_result(self) -> None:
        subjective = pd.Series([float(v) for v in SUBJ], index=["a", "b", "c"])
        # the same objective weights listed in another order
        objective = pd.Series([float(OBJ[2]), float(OBJ[0]), float(OBJ[1])], index=["c", "a", "b"])
        out = combine_weights(subjective, objective)
        assert isinstance(out, pd.Series)
        assert out.name == "weight"
        assert out.index.tolist() == ["a", "b", "c"]
        np.testing.assert_allclose(out.to_numpy(), _product(SUBJ, OBJ), rtol=1e-14)

    @pytest.mark.parametrize("series_side", ["subjective", "objective"])
    def test_one_series_gives_a_series_with_its_labels(self, series_side: str) -> None:
        s = [float(v) for v in SUBJ]
        o = [float(v) for v in OBJ]
        if series_side == "subjective":
            out = combine_weights(pd.Series(s, index=["a", "b", "c"]), o)
        else:
            out = combine_weights(s, pd.Series(o, index=["a", "b", "c"]))
        assert isinstance(out, pd.Series)
        assert out.name == "weight"
        assert out.index.tolist() == ["a", "b", "c"]
        np.testing.assert_allclose(out.to_numpy(), _product(SUBJ, OBJ), rtol=1e-14)

    def test_mapping_labels_are_kept(self) -> None:
        out = combine_weights(
            {"a": 0.5, "b": 0.3, "c": 0.2}, pd.Series([0.2, 0.3, 0.5], index=["a", "b", "c"])
        )
        assert out.index.tolist() == ["a", "b", "c"]

    def test_different_label_sets_are_refused(self) -> None:
        with pytest.raises(ValueError, match=r"subjective labels \['a', 'b'\] differ"):
            combine_weights(
                pd.Series([0.5, 0.5], index=["a", "b"]), pd.Series([0.5, 0.5], index=["a", "c"])
            )

    def test_plain_arrays_give_an_array(self) -> None:
        out = combine_weights([float(v) for v in SUBJ], [float(v) for v in OBJ])
        assert isinstance(out, np.ndarray)
        np.testing.assert_allclose(out, _product(SUBJ, OBJ), rtol=1e-14)


class TestCombineWeightsChecks:
    def test_negative_weight_named_with_position(self) -> None:
        with pytest.raises(ValueError, match=r"subjective must be >= 0; got -0.1 at index 2"):
            combine_weights([0.5, 0.6, -0.1], [1.0, 1.0, 1.0])
        with pytest.raises(ValueError, match=r"objective must be >= 0; got -1 at index 0"):
            combine_weights([0.5, 0.5], [-1.0, 2.0])
        # a zero weight before the negative one is allowed, and not the one named
        with pytest.raises(ValueError, match=r"subjective must be >= 0; got -0.1 at index 2"):
            combine_weights([0.0, 0.5, -0.1], [1.0, 1.0, 1.0])

    def test_zero_weight_is_not_negative(self) -> None:
        out = combine_weights([0.0, 1.0], [0.5, 0.5], method="linear", alpha=0.5)
        np.testing.assert_allclose(out, [0.25, 0.75], rtol=1e-15)

    def test_products_all_zero_are_refused(self) -> None:
        message = r"^subjective \* objective is 0 for every indicator; use method='linear'$"
        with pytest.raises(ValueError, match=message):
            combine_weights([1.0, 0.0], [0.0, 1.0])

    def test_object_with_weights_but_no_labels_is_not_a_result(self) -> None:
        class OnlyWeights:
            weights = (0.2, 0.8)

        with pytest.raises(TypeError, match="subjective must be numeric"):
            combine_weights(OnlyWeights(), [0.5, 0.5])

    def test_stacked_weights_are_refused(self) -> None:
        class Stack:
            weights = np.full((2, 2), 0.5)
            labels = None

        with pytest.raises(ValueError, match=r"objective must be one weight vector"):
            combine_weights([0.5, 0.5], Stack())

    def test_a_matrix_is_not_a_weight_vector(self) -> None:
        with pytest.raises(ValueError, match=r"^subjective must be 1-D; got a 2-D array"):
            combine_weights([[0.5, 0.5], [0.5, 0.5]], [0.5, 0.5])
