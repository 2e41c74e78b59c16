"""AHP: comparison matrices, priorities, consistency, completion, groups, hierarchies."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from custvalue.scoring import ahp
from custvalue.scoring.ahp import (
    RANDOM_INDEX,
    Hierarchy,
    PairwiseMatrix,
    aggregate,
    complete,
    random_index,
    weight_sensitivity,
    weights,
)

# Saaty (2008), "Decision making with the analytic hierarchy process",
# Int. J. Services Sciences 1(1), 83-98: relative consumption of drinks in the
# United States. Upper triangle row by row (coffee, wine, tea, beer, sodas,
# milk, water), derived priorities and actual consumption shares as printed.
DRINKS_UPPER = [9, 5, 2, 1, 1, 1 / 2, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9, 1 / 3, 1 / 4, 1 / 3]
DRINKS_UPPER += [1 / 9, 1 / 2, 1, 1 / 3, 2, 1 / 2, 1 / 3]
DRINKS = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"]
DRINKS_DERIVED = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
DRINKS_ACTUAL = [0.180, 0.010, 0.040, 0.120, 0.180, 0.140, 0.330]

# Wikipedia, "Analytic hierarchy process - leader example" (Tom, Dick, Harry):
# judgments and published priorities.
CANDIDATES = ["Tom", "Dick", "Harry"]
LEADER_CRITERIA_UPPER = [4, 3, 7, 1 / 3, 3, 5]
LEADER_CRITERIA_W = [0.547, 0.127, 0.270, 0.056]
LEADER_LOCAL = {
    "experience": ([1 / 4, 4, 9], [0.217, 0.717, 0.066]),
    "education": ([3, 1 / 5, 1 / 7], [0.188, 0.081, 0.731]),
    "charisma": ([5, 9, 4], [0.743, 0.194, 0.063]),
    "age": ([1 / 3, 5, 9], [0.265, 0.672, 0.063]),
}
LEADER_FINAL = [0.358, 0.493, 0.149]


def _leader() -> Hierarchy:
    return Hierarchy(
        "leader",
        list(LEADER_LOCAL),
        comparisons=PairwiseMatrix.from_upper(LEADER_CRITERIA_UPPER, labels=list(LEADER_LOCAL)),
    )


def _consistent(w: np.ndarray) -> np.ndarray:
    return w[:, None] / w[None, :]


# ---------------------------------------------------------------------------
# random index tables
# ---------------------------------------------------------------------------


class TestRandomIndex:
    def test_saaty_1980_table_as_printed_in_textbooks(self) -> None:
        values = [random_index(n) for n in range(3, 11)]
        assert values == [0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]
        assert random_index(1) == random_index(2) == 0.0

    def test_other_tables(self) -> None:
        assert random_index(3, table="saaty2005") == 0.52
        assert random_index(15, table="saaty2005") == 1.59
        assert random_index(5, table="donegan_dodd") == 1.0591
        assert random_index(20, table="donegan_dodd") == 1.5371
        assert random_index(4, table="alonso_lamata") == 0.8815
        assert len(RANDOM_INDEX["alonso_lamata"]) == 15

    def test_alonso_lamata_reproduced_by_simulation(self) -> None:
        # RI is the mean CI of random reciprocal matrices with entries drawn
        # uniformly from the 17 values 1/9..9 (Alonso & Lamata 2006 used
        # 500,000 per order); 20,000 give a standard error below 0.005.
        rng = np.random.default_rng(2006)
        scale = np.array([1 / k for k in range(9, 1, -1)] + list(range(1, 10)), dtype=float)
        for n in (3, 4, 5, 6):
            k = 20_000
            a = np.ones((k, n, n))
            iu = np.triu_indices(n, 1)
            v = rng.choice(scale, size=(k, iu[0].size))
            a[:, iu[0], iu[1]] = v
            a[:, iu[1], iu[0]] = 1 / v
            ci = weights(a).consistency_index
            assert ci.mean() == pytest.approx(random_index(n, table="alonso_lamata"), abs=0.02)

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"random_index table 'saaty1980' covers n <= 10; got"):
            random_index(11)
        with pytest.raises(ValueError, match="n must be >= 1; got 0"):
            random_index(0)
        with pytest.raises(TypeError, match="n must be an integer"):
            random_index(3.0)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="table must be one of"):
            random_index(3, table="saaty")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="random_index must be one of"):
            weights(np.ones((3, 3)), random_index="saaty")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="covers n <= 10"):
            weights(np.ones((11, 11)))


# ---------------------------------------------------------------------------
# PairwiseMatrix
# ---------------------------------------------------------------------------


class TestPairwiseMatrix:
    def test_constructors_agree(self) -> None:
        full = PairwiseMatrix([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]], labels=["a", "b", "c"])
        upper = PairwiseMatrix.from_upper([3, 5, 2], labels=["a", "b", "c"])
        judged = PairwiseMatrix.from_judgments({("a", "b"): 3, ("c", "a"): 1 / 5, ("b", "c"): 2})
        np.testing.assert_allclose(full.values, upper.values)
        np.testing.assert_allclose(judged.values, upper.values)
        assert judged.labels == ("a", "b", "c")
        assert full.n == 3

    def test_labels_default_and_order(self) -> None:
        assert PairwiseMatrix([[1, 2], [0.5, 1]]).labels == ("c1", "c2")
        m = PairwiseMatrix.from_judgments({("a", "b"): 4}, labels=["b", "a"])
        np.testing.assert_allclose(m.values, [[1, 0.25], [4, 1]])

    def test_values_are_read_only_and_a_copy(self) -> None:
        src = np.array([[1.0, 2.0], [0.5, 1.0]])
        m = PairwiseMatrix(src)
        src[0, 1] = 9
        assert m.values[0, 1] == 2
        with pytest.raises(ValueError, match="read-only"):
            m.values[0, 1] = 3

    def test_rounded_reciprocals_accepted(self) -> None:
        # 0.33 typed for 1/3 is within the 2% reciprocity tolerance and kept as given
        m = PairwiseMatrix([[1, 3], [0.33, 1]])
        assert m.values[1, 0] == 0.33
        # eigenvector of [[1, a], [b, 1]] by hand: w1 / w2 = sqrt(a / b)
        w = weights(m).weights
        assert w[0] / w[1] == pytest.approx(math.sqrt(3 / 0.33), rel=1e-12)
        # 0.3 for 1/3 (product 0.9) is refused
        with pytest.raises(ValueError, match="must be reciprocal"):
            PairwiseMatrix([[1, 3], [0.3, 1]])

    def test_to_frame(self) -> None:
        frame = PairwiseMatrix.from_upper([2], labels=["x", "y"]).to_frame()
        assert list(frame.columns) == ["x", "y"]
        assert frame.loc["y", "x"] == 0.5

    @pytest.mark.parametrize(
        ("values", "message"),
        [
            ([[1, 2, 3], [0.5, 1, 1]], r"values must be square \(n x n\); got shape \(2, 3\)"),
            ([[1, -2], [-0.5, 1]], r"values must be positive; got -2 at index \(0, 1\)"),
            ([[2, 2], [0.5, 1]], r"values must have a unit diagonal; got 2 at index \(0, 0\)"),
            (
                [[1, 3], [0.5, 1]],
                r"values must be reciprocal \(a\[j, i\] = 1 / a\[i, j\]\); got 3 at index \(0, 1\) "
                r"and 0.5 at index \(1, 0\)",
            ),
            ([[1, np.nan], [1, 1]], "values must not contain NaN"),
            ([1, 2], "values must be 2-D"),
        ],
    )
    def test_bad_matrices(self, values: object, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            PairwiseMatrix(values)

    def test_text_is_a_type_error(self) -> None:
        with pytest.raises(TypeError, match="values must be numeric"):
            PairwiseMatrix([["1", "a"], ["b", "1"]])

    def test_saaty_scale(self) -> None:
        PairwiseMatrix.from_upper([9, 1 / 7, 2], saaty_scale=True)
        with pytest.raises(ValueError, match=r"Saaty's scale .* got 2.5 at index \(0, 1\)"):
            PairwiseMatrix.from_upper([2.5, 1, 1], saaty_scale=True)
        with pytest.raises(ValueError, match=r"Saaty's scale .* got 12"):
            PairwiseMatrix.from_upper([12], saaty_scale=True)

    def test_label_errors(self) -> None:
        with pytest.raises(ValueError, match="labels must have 2 entries"):
            PairwiseMatrix([[1, 2], [0.5, 1]], labels=["a", "b", "c"])
        with pytest.raises(ValueError, match="labels must be unique; 'a' appears more than once"):
            PairwiseMatrix([[1, 2], [0.5, 1]], labels=["a", "a"])
        with pytest.raises(TypeError, match="labels must be a sequence of strings"):
            PairwiseMatrix([[1, 2], [0.5, 1]], labels="ab")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="positional"):
            PairwiseMatrix([[1, 2], [0.5, 1]], ["a", "b"])  # type: ignore[misc]

    def test_from_upper_errors(self) -> None:
        with pytest.raises(ValueError, match=r"n\(n-1\)/2 upper-triangle judgments .* got 4"):
            PairwiseMatrix.from_upper([1, 2, 3, 4])
        with pytest.raises(ValueError, match="values must be positive; got 0 at index 1"):
            PairwiseMatrix.from_upper([1, 0, 3])

    def test_from_judgments_errors(self) -> None:
        with pytest.raises(ValueError, match=r"\('a', 'c'\) is missing"):
            PairwiseMatrix.from_judgments({("a", "b"): 2, ("b", "c"): 2})
        with pytest.raises(ValueError, match="mention 'z', which is not in labels"):
            PairwiseMatrix.from_judgments({("a", "z"): 2}, labels=["a", "b"])
        with pytest.raises(ValueError, match=r"pair \('b', 'a'\) more than once"):
            PairwiseMatrix.from_judgments({("a", "b"): 2, ("b", "a"): 0.5})
        with pytest.raises(ValueError, match="compare 'a' with itself"):
            PairwiseMatrix.from_judgments({("a", "a"): 1, ("a", "b"): 2})
        with pytest.raises(ValueError, match=r"judgments\[\('a', 'b'\)\] must be > 0; got -1"):
            PairwiseMatrix.from_judgments({("a", "b"): -1})
        with pytest.raises(TypeError, match="keys must be"):
            PairwiseMatrix.from_judgments({"ab": 2})  # type: ignore[dict-item]
        with pytest.raises(TypeError, match="judgments must be a mapping"):
            PairwiseMatrix.from_judgments([("a", "b", 2)])  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# weights
# ---------------------------------------------------------------------------


class TestWeights:
    def test_saaty_drinks(self) -> None:
        res = weights(PairwiseMatrix.from_upper(DRINKS_UPPER, labels=DRINKS))
        # published priorities to their 3 printed decimals
        np.testing.assert_allclose(res.weights, DRINKS_DERIVED, atol=5e-4)
        # ... and the point of the example: close to the actual shares
        np.testing.assert_allclose(res.weights, DRINKS_ACTUAL, atol=0.012)
        # CR printed as 0.022 (Saaty 2008)
        assert res.consistency_ratio == pytest.approx(0.022, abs=5e-4)
        assert weights(res_matrix := PairwiseMatrix.from_upper(DRINKS_UPPER)).n == 7
        assert weights(res_matrix, random_index="saaty2005").consistency_ratio == pytest.approx(
            0.022, abs=5e-4
        )

    def test_readme_example_plain_nested_list(self) -> None:
        a = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
        res = weights(a.tolist())
        # by hand: a 3 x 3 reciprocal matrix has characteristic polynomial
        # (lambda - 1)^3 - 3 (lambda - 1) - (c + 1/c) with c = a13 / (a12 a23) = 5/6,
        # whose largest root is lambda_max = 1 + c^(1/3) + c^(-1/3) = 3.0036946
        lam = 1 + (5 / 6) ** (1 / 3) + (6 / 5) ** (1 / 3)
        assert res.lambda_max == pytest.approx(lam, rel=1e-13)
        # the eigenvector by hand: orthogonal to the first two rows of A - lambda I
        w = np.cross(a[0] - lam * np.eye(3)[0], a[1] - lam * np.eye(3)[1])
        np.testing.assert_allclose(res.weights, w / w.sum(), rtol=1e-12)
        np.testing.assert_allclose(res.weights, [0.6483290, 0.2296508, 0.1220202], atol=1e-7)
        # CI = (lambda_max - 3) / 2, RI(3) = 0.58 (Saaty 1980)
        assert res.consistency_ratio == pytest.approx((lam - 3) / 2 / 0.58, rel=1e-10)
        assert isinstance(res.consistency_ratio, float)
        assert res.consistent is True

    def test_approximate_methods_by_hand(self) -> None:
        a = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
        # row geometric means 15^(1/3), (2/3)^(1/3), 0.1^(1/3), normalised
        gm = np.array([15 ** (1 / 3), (2 / 3) ** (1 / 3), 0.1 ** (1 / 3)])
        np.testing.assert_allclose(weights(a, method="geometric").weights, gm / gm.sum())
        # columns normalised by their sums 23/15, 9/2, 8, then row means
        col = np.array(a) / np.array([23 / 15, 4.5, 8])
        res = weights(a, method="column")
        np.testing.assert_allclose(res.weights, col.mean(axis=1))
        aw = np.array(a) @ res.weights
        assert res.lambda_max == pytest.approx(np.mean(aw / res.weights))

    def test_eigen_matches_numpy(self) -> None:
        rng = np.random.default_rng(3)
        a = np.exp(rng.normal(size=(200, 6, 6)))
        a = np.triu(a, 1)
        a = a + np.swapaxes(np.where(a > 0, 1 / np.where(a > 0, a, 1), 0), 1, 2)
        a[:, range(6), range(6)] = 1
        res = weights(a, random_index="saaty2005")
        vals, vecs = np.linalg.eig(a)
        top = vals.real.argmax(axis=1)
        ref = np.abs(np.take_along_axis(vecs, top[:, None, None], 2)[..., 0].real)
        np.testing.assert_allclose(res.weights, ref / ref.sum(axis=1, keepdims=True), atol=1e-12)
        np.testing.assert_allclose(res.lambda_max, vals.real.max(axis=1), atol=1e-10)

    def test_stack_equals_one_by_one(self) -> None:
        rng = np.random.default_rng(5)
        mats = []
        for _ in range(20):
            upper = np.exp(rng.normal(size=10))
            mats.append(PairwiseMatrix.from_upper(upper).values)
        stack = weights(np.stack(mats), threshold="saaty")
        assert stack.weights.shape == (20, 5)
        for i, m in enumerate(mats):
            one = weights(m, threshold="saaty")
            np.testing.assert_allclose(stack.weights[i], one.weights, atol=1e-14)
            assert stack.consistency_ratio[i] == pytest.approx(one.consistency_ratio, abs=1e-12)
            assert bool(stack.consistent[i]) == one.consistent

    def test_dataframe_labels(self) -> None:
        df = PairwiseMatrix.from_upper([3], labels=["price", "quality"]).to_frame()
        res = weights(df)
        assert res.labels == ("price", "quality")
        np.testing.assert_allclose(res.weights, [0.75, 0.25])

    def test_list_of_pairwise_matrices(self) -> None:
        a = PairwiseMatrix.from_upper([2], labels=["x", "y"])
        b = PairwiseMatrix.from_upper([1 / 3], labels=["x", "y"])
        res = weights([a, b])
        np.testing.assert_allclose(res.weights, [[2 / 3, 1 / 3], [0.25, 0.75]])
        assert res.labels == ("x", "y")
        with pytest.raises(ValueError, match="every PairwiseMatrix must have one order"):
            weights([a, PairwiseMatrix.from_upper([1, 1, 1])])

    @given(
        arrays(np.float64, st.integers(1, 9), elements=st.floats(0.05, 20)),
        st.sampled_from(["eigen", "geometric", "column"]),
    )
    def test_consistent_matrix_recovers_its_weights(self, w: np.ndarray, method: str) -> None:
        res = weights(_consistent(w), method=method, random_index="donegan_dodd")  # type: ignore[arg-type]
        np.testing.assert_allclose(res.weights, w / w.sum(), rtol=1e-9, atol=1e-12)
        assert res.lambda_max == pytest.approx(w.size, rel=1e-9)
        assert res.consistency_ratio == pytest.approx(0.0, abs=1e-9)
        assert res.consistent

    @given(arrays(np.float64, st.integers(3, 7), elements=st.floats(0.1, 10)), st.integers(0, 99))
    def test_inconsistency_never_below_n(self, w: np.ndarray, seed: int) -> None:
        noise = np.exp(np.random.default_rng(seed).normal(scale=0.3, size=(w.size, w.size)))
        noise = np.triu(noise, 1) + np.tril(1 / noise.T, -1) + np.eye(w.size)
        for method in ("eigen", "geometric", "column"):
            res = weights(_consistent(w) * noise, method=method)  # type: ignore[arg-type]
            assert res.lambda_max >= w.size
            assert res.consistency_index >= 0
            assert res.weights.sum() == pytest.approx(1.0)

    @given(
        st.integers(3, 8),
        st.integers(0, 10_000),
        st.sampled_from([1.0, 50.0, 150.0]),
    )
    def test_judgments_spanning_many_decades(self, n: int, seed: int, decades: float) -> None:
        # no overflow / underflow warnings (they are errors here) and proper
        # weights even when ratios span far beyond Saaty's 1/9..9
        rng = np.random.default_rng(seed)
        upper = 10 ** rng.uniform(-decades, decades, size=n * (n - 1) // 2)
        a = PairwiseMatrix.from_upper(upper).values
        for method in ("eigen", "geometric", "column"):
            res = weights(a, method=method)  # type: ignore[arg-type]
            assert np.isfinite(res.weights).all()
            assert (res.weights >= 0).all()
            assert res.weights.sum() == pytest.approx(1.0)
            assert res.lambda_max >= n
        # a consistent matrix with ratios up to 1e100 keeps its generating weights
        w = 10 ** rng.uniform(-50, 50, size=n)
        np.testing.assert_allclose(weights(_consistent(w)).weights, w / w.sum(), rtol=1e-9)

    def test_orders_one_and_two(self) -> None:
        one = weights([[1.0]])
        assert one.weights.tolist() == [1.0]
        assert one.consistency_ratio == 0.0
        two = weights([[1, 4], [0.25, 1]])
        np.testing.assert_allclose(two.weights, [0.8, 0.2])
        assert (two.lambda_max, two.consistency_index, two.consistency_ratio) == (2.0, 0.0, 0.0)

    def test_thresholds(self) -> None:
        # CR about 0.08 for n = 3: accepted at 0.10, rejected by Saaty's 0.05
        a = PairwiseMatrix.from_upper([2, 5, 1])
        cr = weights(a).consistency_ratio
        assert 0.05 < cr < 0.10
        assert weights(a).consistent
        assert not weights(a, threshold="saaty").consistent
        assert weights(a, threshold="saaty").threshold == 0.05
        assert weights(np.ones((4, 4)), threshold="saaty").threshold == 0.08
        assert not weights(a, threshold=0.01).consistent
        with pytest.raises(ValueError, match="threshold must be a number > 0 or 'saaty'"):
            weights(a, threshold="strict")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="threshold must be > 0; got 0"):
            weights(a, threshold=0)

    def test_options_checked(self) -> None:
        with pytest.raises(
            ValueError, match="method must be one of 'eigen', 'geometric', 'column'"
        ):
            weights([[1]], method="power")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"matrix must be 2-D or 3-D"):
            weights([1, 2, 3])
        with pytest.raises(ValueError, match=r"matrix must be reciprocal .* at index \(1, 0, 1\)"):
            weights([[[1, 2], [0.5, 1]], [[1, 2], [2, 1]]])

    def test_result_outputs(self) -> None:
        res = weights(PairwiseMatrix.from_upper(DRINKS_UPPER, labels=DRINKS))
        frame = res.to_frame()
        assert list(frame.columns) == ["label", "weight", "rank"]
        assert frame.loc[frame["rank"] == 1, "label"].item() == "water"
        assert "CR = 0.0223" in res.summary()
        assert "acceptable at 0.1" in res.summary()
        json.dumps(res.to_dict())
        stack = weights(np.stack([np.eye(2) + 0, np.ones((2, 2))]) * 0 + 1)
        assert list(stack.to_frame().columns) == ["matrix", "label", "weight", "rank"]
        assert stack.summary() == "2 matrices of order 2: 100.0% with CR < 0.1"


# ---------------------------------------------------------------------------
# incomplete matrices
# ---------------------------------------------------------------------------


class TestComplete:
    def test_spanning_tree_is_completed_consistently(self) -> None:
        done = complete([[1, 2, None], [1 / 2, 1, 2], [None, 1 / 2, 1]], labels=["a", "b", "c"])
        assert done.matrix.values[0, 2] == pytest.approx(4.0)
        assert done.matrix.values[2, 0] == pytest.approx(0.25)
        np.testing.assert_allclose(done.weights, [4 / 7, 2 / 7, 1 / 7])
        assert done.estimated.tolist() == [
            [False, False, True],
            [False, False, False],
            [True, False, False],
        ]
        assert done.n_missing == 1
        assert done.matrix.labels == ("a", "b", "c")

    def test_harker_auxiliary_matrix_by_hand(self) -> None:
        # inconsistent known entries, one missing pair (0, 3)
        a = np.array(
            [
                [1, 3, 2, np.nan],
                [1 / 3, 1, 1 / 2, 2],
                [1 / 2, 2, 1, 4],
                [np.nan, 1 / 2, 1 / 4, 1],
            ]
        )
        done = complete(a)
        b = np.nan_to_num(a, nan=0.0)
        b[0, 0] = b[3, 3] = 2.0  # 1 + one missing entry in rows 0 and 3
        vals, vecs = np.linalg.eig(b)
        ref = np.abs(vecs[:, vals.real.argmax()].real)
        np.testing.assert_allclose(done.weights, ref / ref.sum(), atol=1e-12)
        w = done.weights
        assert done.matrix.values[0, 3] == pytest.approx(w[0] / w[3])
        # the completed matrix has the same principal eigenvector
        np.testing.assert_allclose(weights(done.matrix).weights, w, atol=1e-12)

    @given(arrays(np.float64, st.integers(3, 7), elements=st.floats(0.1, 10)), st.integers(0, 999))
    def test_consistent_known_entries_recover_weights(self, w: np.ndarray, seed: int) -> None:
        n = w.size
        a = _consistent(w)
        rng = np.random.default_rng(seed)
        # drop pairs not on the path 0-1-2-...-(n-1), so the graph stays connected
        for i in range(n):
            for j in range(i + 2, n):
                if rng.random() < 0.6:
                    a[i, j] = a[j, i] = np.nan
        if not np.isnan(a).any():
            a[0, n - 1] = a[n - 1, 0] = np.nan
        done = complete(a)
        np.testing.assert_allclose(done.weights, w / w.sum(), rtol=1e-9)
        np.testing.assert_allclose(done.matrix.values, _consistent(w), rtol=1e-9)

    def test_one_side_given_is_not_missing(self) -> None:
        done = complete([[1, 2, np.nan], [np.nan, 1, 2], [np.nan, np.nan, 1]])
        assert done.matrix.values[1, 0] == pytest.approx(0.5)
        assert done.n_missing == 1

    def test_bozoki_example_against_published_completions(self) -> None:
        # Bozoki, Fulop & Ronyai (2010), "On optimal completions of incomplete
        # pairwise comparison matrices", Math. Comput. Modelling 52, Example 3
        # (also the "partial" example of the AHPy documentation): c vs d is
        # missing; the triad (van Uden) estimate is sqrt(2/5 * 4/3) =
        # 0.73029674334 and the lambda_max-minimising completion 0.7302965066.
        # AHPy prints the weights of that optimal completion as a .3738,
        # b .392, c .0985, d .1357, CR 0.0372 (Donegan & Dodd RI), and of the
        # complete matrix with c vs d = 3/4 as a .3742, b .3917, c .0991,
        # d .1349, CR 0.0372.
        a = np.array(
            [[1, 1, 5, 2], [1, 1, 3, 4], [1 / 5, 1 / 3, 1, np.nan], [1 / 2, 1 / 4, np.nan, 1]]
        )
        full = np.nan_to_num(a, nan=1.0)
        full[2, 3], full[3, 2] = 3 / 4, 4 / 3
        res = weights(full, random_index="donegan_dodd")
        np.testing.assert_allclose(res.weights, [0.3742, 0.3917, 0.0991, 0.1349], atol=5e-5)
        assert res.consistency_ratio == pytest.approx(0.0372, abs=5e-5)
        done = complete(a)
        assert done.n_missing == 1
        # Harker's estimate is a different, close estimator: 0.7212 by hand
        # from the principal eigenvector of the auxiliary matrix
        x = done.matrix.values[2, 3]
        assert x == pytest.approx(done.weights[2] / done.weights[3])
        assert x == pytest.approx(0.7212, abs=5e-5)
        assert abs(x - 0.73029674334) < 0.01
        # ... so its lambda_max is at least the published optimum's, and close to it
        optimum = a.copy()
        optimum[2, 3], optimum[3, 2] = 0.7302965066, 1 / 0.7302965066
        lam_opt = np.linalg.eigvals(optimum).real.max()
        lam_harker = weights(done.matrix).lambda_max
        assert lam_opt - 1e-12 <= lam_harker <= lam_opt + 1e-4
        harker = weights(done.matrix, random_index="donegan_dodd")
        np.testing.assert_allclose(harker.weights, [0.3738, 0.392, 0.0985, 0.1357], atol=6e-4)
        assert harker.consistency_ratio == pytest.approx(0.0372, abs=5e-5)

    def test_bozoki_example_llsm_and_lambda_max(self) -> None:
        # Bozoki, Fulop & Ronyai (2010), Example 3: c vs d missing.
        a = np.array(
            [[1, 1, 5, 2], [1, 1, 3, 4], [1 / 5, 1 / 3, 1, np.nan], [1 / 2, 1 / 4, np.nan, 1]]
        )
        # LLSM by hand: subtracting the normal equations of c and d (both of
        # degree 2, linked to a and b) gives 2 (y_c - y_d) = ln(a_ca a_cb / (a_da a_db)),
        # so x = sqrt(a_ca a_ad a_cb a_bd) = sqrt(2/5 x 4/3) = sqrt(8/15)
        llsm = complete(a, method="llsm")
        assert llsm.matrix.values[2, 3] == pytest.approx(math.sqrt(8 / 15), rel=1e-14)
        assert llsm.method == "llsm"
        # the LLSM weights are the row geometric means of the completed matrix
        np.testing.assert_allclose(
            llsm.weights, weights(llsm.matrix, method="geometric").weights, rtol=1e-13
        )
        # lambda_max-optimal: the paper prints x = 0.7302965066; bisection on
        # the characteristic polynomial and a golden-section search in 50-digit
        # decimal arithmetic put the optimum at 0.73029674334022148 (= sqrt(8/15)),
        # 2.4e-7 from the printed figure
        best = complete(a, method="lambda_max")
        x = best.matrix.values[2, 3]
        assert x == pytest.approx(0.73029674334022148, rel=1e-9)
        assert x == pytest.approx(0.7302965066, abs=3e-7)
        lam = weights(best.matrix).lambda_max
        for other in (0.7302965066, x * 1.001, x / 1.001):
            moved = best.matrix.values.copy()
            moved[2, 3], moved[3, 2] = other, 1 / other
            assert weights(moved).lambda_max >= lam - 1e-13
        # AHPy prints the weights of the optimal completion as a .3738,
        # b .392, c .0985, d .1357 and CR 0.0372 (Donegan & Dodd RI)
        res = weights(best.matrix, random_index="donegan_dodd")
        np.testing.assert_allclose(res.weights, [0.3738, 0.392, 0.0985, 0.1357], atol=5e-5)
        np.testing.assert_allclose(best.weights, res.weights, rtol=1e-12)
        assert res.consistency_ratio == pytest.approx(0.0372, abs=5e-5)

    @given(st.integers(0, 10_000))
    def test_llsm_and_lambda_max_coincide_for_n4_two_missing(self, seed: int) -> None:
        # Csato, Agoston & Bozoki (2024): for n = 4 with a_13 and a_24 missing
        # the LLSM and lambda_max-optimal completions are the same; two
        # different algorithms (a linear solve and a convex minimisation) agree
        rng = np.random.default_rng(seed)
        upper = np.exp(rng.uniform(-np.log(9), np.log(9), size=6))
        a = np.ones((4, 4))
        iu = np.triu_indices(4, 1)
        a[iu] = upper
        a[iu[1], iu[0]] = 1 / upper
        a[0, 2] = a[2, 0] = a[1, 3] = a[3, 1] = np.nan
        llsm = complete(a, method="llsm").matrix.values
        best = complete(a, method="lambda_max").matrix.values
        np.testing.assert_allclose(best, llsm, rtol=1e-8)

    @pytest.mark.parametrize("method", ["harker", "llsm", "lambda_max"])
    def test_every_method_completes_consistent_judgments_exactly(self, method: str) -> None:
        w = np.array([0.4, 0.3, 0.2, 0.1, 0.05])
        a = _consistent(w)
        for i, j in ((0, 2), (0, 4), (1, 3), (2, 4)):
            a[i, j] = a[j, i] = np.nan
        done = complete(a, method=method)  # type: ignore[arg-type]
        np.testing.assert_allclose(done.matrix.values, _consistent(w), rtol=1e-8)
        np.testing.assert_allclose(done.weights, w / w.sum(), rtol=1e-8)
        assert done.n_missing == 4

    def test_lambda_max_not_above_other_completions(self) -> None:
        a = np.array(
            [
                [1, 3, np.nan, 5, np.nan],
                [1 / 3, 1, 2, np.nan, 7],
                [np.nan, 1 / 2, 1, 4, np.nan],
                [1 / 5, np.nan, 1 / 4, 1, 3],
                [np.nan, 1 / 7, np.nan, 1 / 3, 1],
            ]
        )
        lams = {m: weights(complete(a, method=m).matrix).lambda_max for m in
                ("harker", "llsm", "lambda_max")}  # fmt: skip
        assert lams["lambda_max"] <= lams["harker"] + 1e-12
        assert lams["lambda_max"] <= lams["llsm"] + 1e-12

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"\['c'\] are not linked to 'a'"):
            complete([[1, 2, None], [0.5, 1, None], [None, None, 1]], labels=["a", "b", "c"])
        with pytest.raises(ValueError, match="has no missing entries"):
            complete([[1, 2], [0.5, 1]])
        with pytest.raises(ValueError, match=r"must be square \(n x n\); got shape \(2, 3\)"):
            complete([[1, 2, None], [0.5, 1, 1]])
        with pytest.raises(ValueError, match="matrix_with_missing must be reciprocal"):
            complete([[1, 2, None], [2, 1, 1], [None, 1, 1]])
        with pytest.raises(
            ValueError, match="method must be one of 'harker', 'llsm', 'lambda_max'"
        ):
            complete([[1, None], [None, 1]], method="optimal")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="must be finite; got inf"):
            complete([[1, np.inf], [None, 1]])


# ---------------------------------------------------------------------------
# group decisions
# ---------------------------------------------------------------------------


class TestAggregate:
    def test_aij_is_elementwise_geometric_mean(self) -> None:
        a = PairwiseMatrix.from_upper([4, 9, 1], labels=["x", "y", "z"])
        b = PairwiseMatrix.from_upper([1, 1, 4], labels=["x", "y", "z"])
        group = aggregate([a, b])
        # sqrt(4 * 1) = 2, sqrt(9 * 1) = 3, sqrt(1 * 4) = 2
        np.testing.assert_allclose(group.matrix.values[0], [1, 2, 3])  # type: ignore[union-attr]
        assert group.matrix.values[2, 1] == pytest.approx(0.5)  # type: ignore[union-attr]
        np.testing.assert_allclose(group.weights, weights(group.matrix).weights)  # type: ignore[arg-type]
        assert group.labels == ("x", "y", "z")
        assert group.individual.weights.shape == (2, 3)
        assert group.consistency_ratio == pytest.approx(weights(group.matrix).consistency_ratio)  # type: ignore[arg-type]

    def test_saaty_apple_orange_group_judgment(self) -> None:
        # Saaty's illustration of group judgments: three people say an apple
        # is 2, 3 and 4 times larger than an orange; the group judgment is the
        # geometric mean 24^(1/3) = 2.884, whose reciprocal is the geometric
        # mean of the reciprocals (the arithmetic mean, 3 vs 13/36, is not).
        group = aggregate([[[1, v], [1 / v, 1]] for v in (2, 3, 4)])
        assert group.matrix.values[0, 1] == pytest.approx(24 ** (1 / 3))  # type: ignore[union-attr]
        assert group.matrix.values[1, 0] == pytest.approx((1 / 24) ** (1 / 3))  # type: ignore[union-attr]
        g = 24 ** (1 / 3)
        np.testing.assert_allclose(group.weights, [g / (g + 1), 1 / (g + 1)])

    def test_weighted_decision_makers(self) -> None:
        group = aggregate([[[1, 8], [1 / 8, 1]], [[1, 1], [1, 1]]], weights=[2, 1])
        # 8^(2/3) * 1^(1/3) = 4
        assert group.matrix.values[0, 1] == pytest.approx(4.0)  # type: ignore[union-attr]
        np.testing.assert_allclose(group.decision_maker_weights, [2 / 3, 1 / 3])

    @given(st.integers(0, 10_000), st.integers(2, 5), st.integers(3, 6))
    def test_aij_equals_aip_for_geometric_priorities(self, seed: int, k: int, n: int) -> None:
        rng = np.random.default_rng(seed)
        mats = [
            PairwiseMatrix.from_upper(np.exp(rng.normal(size=n * (n - 1) // 2))) for _ in range(k)
        ]
        pi = rng.uniform(0.1, 1, size=k)
        aij = aggregate(mats, weights=pi, priority_method="geometric")
        aip = aggregate(mats, method="aip", weights=pi, priority_method="geometric")
        np.testing.assert_allclose(aij.weights, aip.weights, rtol=1e-10)
        assert aip.matrix is None
        assert aip.consistency_ratio is None

    def test_labels_in_another_order_are_aligned(self) -> None:
        # the same judgment ("x is 4 times y") written by two people who listed
        # the elements in different orders
        a = PairwiseMatrix.from_judgments({("x", "y"): 4}, labels=["x", "y"])
        b = PairwiseMatrix.from_judgments({("x", "y"): 4}, labels=["y", "x"])
        group = aggregate([a, b])
        np.testing.assert_allclose(group.weights, [0.8, 0.2])
        assert group.labels == ("x", "y")
        np.testing.assert_allclose(weights([a, b]).weights, [[0.8, 0.2], [0.8, 0.2]])
        # generic labels are read by position; named ones fix the order
        generic = PairwiseMatrix([[1, 4], [1 / 4, 1]])
        stacked = weights([generic, b])
        assert stacked.labels == ("y", "x")
        np.testing.assert_allclose(stacked.weights, [[0.8, 0.2], [0.2, 0.8]])
        with pytest.raises(
            ValueError,
            match=r"matrices: PairwiseMatrix 1 compares \['p', 'q'\], but PairwiseMatrix 0 "
            r"compares \['x', 'y'\]",
        ):
            aggregate([a, PairwiseMatrix.from_upper([4], labels=["p", "q"])])

    def test_unanimous_group_keeps_the_judgments(self) -> None:
        a = PairwiseMatrix.from_upper([3, 5, 2])
        group = aggregate([a, a, a], weights=[1, 2, 3])
        np.testing.assert_allclose(group.matrix.values, a.values)  # type: ignore[union-attr]

    def test_errors(self) -> None:
        a = [[1, 2], [0.5, 1]]
        with pytest.raises(
            ValueError, match=r"weights must have one entry per matrix \(2\); got 3"
        ):
            aggregate([a, a], weights=[1, 1, 1])
        with pytest.raises(ValueError, match="weights must be >= 0; got -1 at index 1"):
            aggregate([a, a], weights=[1, -1])
        with pytest.raises(ValueError, match="weights must not all be 0"):
            aggregate([a, a], weights=[0, 0])
        with pytest.raises(ValueError, match="method must be one of 'aij', 'aip'"):
            aggregate([a, a], method="mean")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# hierarchies
# ---------------------------------------------------------------------------


class TestHierarchy:
    def test_leader_example(self) -> None:
        goal = _leader()
        gw = goal.global_weights
        # Wikipedia prints the criteria priorities as .547 .127 .270 .056
        # (rounded by its demonstration site); the exact eigenvector agrees
        # to 0.001.
        np.testing.assert_allclose(list(gw.values()), LEADER_CRITERIA_W, atol=1e-3)
        alternatives = {
            leaf: PairwiseMatrix.from_upper(upper, labels=CANDIDATES)
            for leaf, (upper, _) in LEADER_LOCAL.items()
        }
        result = goal.synthesize(alternatives)
        for j, (_, published) in enumerate(LEADER_LOCAL.values()):
            np.testing.assert_allclose(result.local_priorities[:, j], published, atol=1e-3)
        np.testing.assert_allclose(result.scores, LEADER_FINAL, atol=1e-3)
        assert result.alternatives == ("Tom", "Dick", "Harry")
        frame = result.to_frame()
        assert frame.loc[frame["rank"] == 1, "alternative"].item() == "Dick"
        assert list(frame.columns[:3]) == ["alternative", "score", "rank"]

    def test_leader_consistency(self) -> None:
        report = _leader().consistency_report()
        assert report.nodes == ("leader",)
        # Wikipedia: CR = 0.044 for the criteria (Saaty 1980 RI = 0.90)
        assert report.consistency_ratio[0] == pytest.approx(0.044, abs=5e-4)
        assert report.all_consistent
        # the same experience judgments under the Saaty (2005) table: CR 0.035
        exp = PairwiseMatrix.from_upper(LEADER_LOCAL["experience"][0])
        assert weights(exp, random_index="saaty2005").consistency_ratio == pytest.approx(
            0.035, abs=5e-4
        )

    def test_two_level_global_weights_and_overall_cr(self) -> None:
        h = Hierarchy.from_tree(
            ("goal", [("A", ["a1", "a2", "a3"]), ("B", ["b1", ("b2", "cost")])])
        )
        h = h.with_weights("goal", [3, 1]).with_judgments("A", [2, 4, 3]).with_weights("B", [1, 1])
        wa = weights(PairwiseMatrix.from_upper([2, 4, 3]))
        gw = h.global_weights
        np.testing.assert_allclose([gw["a1"], gw["a2"], gw["a3"]], 0.75 * wa.weights)
        assert gw["b1"] == gw["b2"] == pytest.approx(0.125)
        assert sum(gw.values()) == pytest.approx(1.0)
        report = h.consistency_report()
        assert report.nodes == ("A",)
        # overall CR = (0.75 CI_A) / (0.75 RI_3)
        assert report.overall_consistency_ratio == pytest.approx(wa.consistency_ratio)
        assert list(report.to_frame().columns) == [
            "node",
            "n",
            "lambda_max",
            "consistency_index",
            "random_index",
            "consistency_ratio",
            "consistent",
        ]
        assert h.directions == ("benefit", "benefit", "benefit", "benefit", "cost")
        frame = h.to_frame()
        assert frame.loc[frame["node"] == "B", "global_weight"].item() == pytest.approx(0.25)

    def test_labels_in_other_order_are_matched(self) -> None:
        m = PairwiseMatrix.from_judgments({("y", "x"): 3})
        h = Hierarchy("g", ["x", "y"], comparisons=m)
        assert h.global_weights == pytest.approx({"x": 0.25, "y": 0.75})

    def test_skeleton_needs_judgments(self) -> None:
        h = Hierarchy("g", ["x", "y"])
        with pytest.raises(ValueError, match=r"node 'g' has no judgments: add them with"):
            _ = h.global_weights
        assert np.isnan(h.to_frame()["local_weight"].iloc[1])
        assert Hierarchy("g", ["only"]).global_weights == {"only": 1.0}

    def test_evolve_is_not_in_place(self) -> None:
        h = Hierarchy("g", ["x", "y"])
        judged = h.with_judgments("g", [[1, 2], [0.5, 1]])
        assert h.comparisons is None
        assert judged.global_weights == pytest.approx({"x": 2 / 3, "y": 1 / 3})

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="must be unique in a hierarchy; 'x' repeats"):
            Hierarchy("g", [Hierarchy("a", ["x"]), Hierarchy("b", ["x"])])
        with pytest.raises(ValueError, match=r"node 'g': comparisons must be 3 x 3"):
            Hierarchy("g", ["x", "y", "z"], comparisons=PairwiseMatrix.from_upper([2]))
        with pytest.raises(ValueError, match="comparison labels \\['p', 'q'\\] do not match"):
            Hierarchy(
                "g", ["x", "y"], comparisons=PairwiseMatrix.from_upper([2], labels=["p", "q"])
            )
        with pytest.raises(ValueError, match="give comparisons or local_weights, not both"):
            Hierarchy(
                "g", ["x", "y"], comparisons=PairwiseMatrix.from_upper([2]), local_weights=[1, 1]
            )
        with pytest.raises(ValueError, match="local_weights must have 2 entries"):
            Hierarchy("g", ["x", "y"], local_weights=[1, 2, 3])
        with pytest.raises(ValueError, match="local_weights must be >= 0"):
            Hierarchy("g", ["x", "y"], local_weights=[1, -2])
        with pytest.raises(ValueError, match="has comparisons but no children"):
            Hierarchy("g", comparisons=PairwiseMatrix.from_upper([2]))
        with pytest.raises(ValueError, match="direction must be one of 'benefit', 'cost'"):
            Hierarchy("g", direction="good")  # type: ignore[arg-type]
        with pytest.raises(KeyError, match="no node named 'zz'"):
            Hierarchy("g", ["x"]).find("zz")
        with pytest.raises(TypeError, match="children must be a sequence of names"):
            Hierarchy("g", "xy")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="a tree node must be a name or a"):
            Hierarchy.from_tree(["g", "x"])

    def test_synthesize_errors_and_vectors(self) -> None:
        h = Hierarchy("g", ["x", "y"], local_weights=[1, 1])
        res = h.synthesize({"x": [1, 3], "y": [3, 1]})
        np.testing.assert_allclose(res.scores, [0.5, 0.5])
        with pytest.raises(ValueError, match=r"unknown leaves \['z'\]"):
            h.synthesize({"x": [1, 1], "y": [1, 1], "z": [1, 1]})
        with pytest.raises(ValueError, match="lack priorities under leaf 'y'"):
            h.synthesize({"x": [1, 1]})
        with pytest.raises(ValueError, match="compares 3 alternatives; expected 2"):
            h.synthesize({"x": [1, 1], "y": [1, 1, 1]})
        with pytest.raises(ValueError, match=r"alternatives\['x'\] must be >= 0"):
            h.synthesize({"x": [1, -1], "y": [1, 1]})


def test_ahp_results_are_json_safe() -> None:
    group = aggregate([[[1, 2], [0.5, 1]], [[1, 3], [1 / 3, 1]]])
    # AIJ by hand: the geometric mean judgment is sqrt(2 x 3) = sqrt(6)
    back = json.loads(json.dumps(group.to_dict()))
    r6 = math.sqrt(6)
    np.testing.assert_allclose(back["weights"], [r6 / (1 + r6), 1 / (1 + r6)], rtol=1e-12)
    done = json.loads(json.dumps(complete([[1, 2, None], [0.5, 1, 2], [None, 0.5, 1]]).to_dict()))
    # a consistent spanning tree completes exactly: 2 x 2 = 4, weights 4:2:1
    assert done["matrix"]["values"][0][2] == pytest.approx(4.0, rel=1e-12)
    np.testing.assert_allclose(done["weights"], [4 / 7, 2 / 7, 1 / 7], rtol=1e-12)
    assert done["method"] == "harker"
    report = json.loads(json.dumps(_leader().consistency_report().to_dict()))
    assert report["nodes"] == ["leader"]
    # Wikipedia: CR = 0.044 for the leader criteria
    assert report["consistency_ratio"][0] == pytest.approx(0.044, abs=5e-4)
    assert isinstance(PairwiseMatrix.from_upper([2]).to_frame(), pd.DataFrame)
    assert set(ahp.__all__) >= {"PairwiseMatrix", "weights", "complete", "aggregate", "Hierarchy"}


# ---------------------------------------------------------------------------
# sensitivity of the ranking to each criterion's weight
# ---------------------------------------------------------------------------


def _ranking_at(p: np.ndarray, w: np.ndarray, j: int, t: float) -> tuple[int, ...]:
    """Ranking (best first) with criterion j's weight set to t, others rescaled."""
    moved = w * (1 - t) / (1 - w[j])
    moved[j] = t
    return tuple(np.argsort(-(p @ moved), kind="stable").tolist())


class TestWeightSensitivity:
    def test_two_by_two_by_hand(self) -> None:
        # A = 0.4 + 0.3 t and B = 0.6 - 0.3 t as price's weight t varies: equal at t = 1/3
        ws = weight_sensitivity(
            [[0.7, 0.4], [0.3, 0.6]], [0.6, 0.4], alternatives=["A", "B"], criteria=["p", "s"]
        )
        np.testing.assert_allclose(ws.low, [1 / 3, 0.0], rtol=1e-14, atol=1e-15)
        np.testing.assert_allclose(ws.high, [1.0, 2 / 3], rtol=1e-14)
        assert ws.swap_low == (("A", "B"), None)
        assert ws.swap_high == (None, ("A", "B"))
        assert ws.ranking == ("A", "B")
        assert list(ws.to_frame().columns[:4]) == ["criterion", "weight", "low", "high"]

    @given(st.integers(0, 10_000))
    def test_ranges_against_brute_force(self, seed: int) -> None:
        rng = np.random.default_rng(seed)
        m, k = int(rng.integers(2, 6)), int(rng.integers(2, 5))
        p = rng.dirichlet(np.ones(m), size=k).T  # each criterion's priorities sum to 1
        w = rng.dirichlet(np.ones(k))
        ws = weight_sensitivity(p, w)
        grid = np.linspace(0.0, 1.0, 2001)
        for j in range(k):
            base = _ranking_at(p, w, j, w[j])
            same = np.array([_ranking_at(p, w, j, t) == base for t in grid])
            # every grid weight strictly inside the range keeps the ranking ...
            inside = (grid > ws.low[j] + 1e-9) & (grid < ws.high[j] - 1e-9)
            assert same[inside].all()
            # ... and the first grid weight beyond each finite end changes it
            if ws.low[j] > 1e-3:
                assert not same[np.flatnonzero(grid < ws.low[j] - 1e-9)[-1]]
            if ws.high[j] < 1 - 1e-3:
                assert not same[np.flatnonzero(grid > ws.high[j] + 1e-9)[0]]

    def test_leader_example_from_synthesis(self) -> None:
        alternatives = {
            leaf: PairwiseMatrix.from_upper(upper, labels=CANDIDATES)
            for leaf, (upper, _) in LEADER_LOCAL.items()
        }
        result = _leader().synthesize(alternatives)
        ws = result.weight_sensitivity()
        assert ws.criteria == tuple(LEADER_LOCAL)
        assert ws.ranking == ("Dick", "Tom", "Harry")
        np.testing.assert_allclose(ws.weights, result.leaf_weights, rtol=1e-12)
        for j in range(len(ws.criteria)):
            assert ws.low[j] <= ws.weights[j] <= ws.high[j]
            # at each finite end the two alternatives named there score the same
            for end, pair in ((ws.low[j], ws.swap_low[j]), (ws.high[j], ws.swap_high[j])):
                if pair is None:
                    continue
                w = ws.weights * (1 - end) / (1 - ws.weights[j])
                w[j] = end
                s = result.local_priorities @ w
                a, b = (CANDIDATES.index(x) for x in pair)
                assert s[a] == pytest.approx(s[b], abs=1e-12)

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="at least 2 alternatives"):
            weight_sensitivity([[0.5, 0.5]], [0.5, 0.5])
        with pytest.raises(ValueError, match="inconsistent numbers of criteria"):
            weight_sensitivity([[0.5, 0.5], [0.5, 0.5]], [0.2, 0.3, 0.5])
        with pytest.raises(ValueError, match="weights must be >= 0"):
            weight_sensitivity([[0.5, 0.5], [0.5, 0.5]], [-0.2, 1.2])


def test_extreme_judgments_are_refused_not_inf() -> None:
    # judgments spanning 1e400 (1e200 twice) cannot be completed in float64
    a = [[1, 1e200, None], [1e-200, 1, 1e200], [None, 1e-200, 1]]
    for method in ("harker", "llsm", "lambda_max"):
        with pytest.raises(ValueError, match="span too many orders of magnitude"):
            complete(a, method=method)  # type: ignore[arg-type]
    # the ranking ranges do not depend on the scale of the priorities
    p = np.array([[0.7, 0.4], [0.3, 0.6]])
    small = weight_sensitivity(p, [0.6, 0.4])
    big = weight_sensitivity(p * 1e308, [0.6, 0.4])
    np.testing.assert_allclose(big.low, small.low, rtol=1e-14)
    np.testing.assert_allclose(big.high, small.high, rtol=1e-14)


def test_aggregate_names_its_own_options() -> None:
    m = [[1, 2], [0.5, 1]]
    with pytest.raises(ValueError, match="priority_method must be one of"):
        aggregate([m, m], priority_method="power")  # type: ignore[arg-type]


def test_weight_sensitivity_pairs_weights_with_columns_by_label() -> None:
    p = pd.DataFrame({"price": [0.7, 0.3], "service": [0.4, 0.6]}, index=["A", "B"])
    w = pd.Series({"service": 0.4, "price": 0.6})
    ws = weight_sensitivity(p, w)
    assert ws.criteria == ("price", "service")
    assert ws.alternatives == ("A", "B")
    np.testing.assert_allclose(ws.weights, [0.6, 0.4])
    # price's weight: A = 0.4 + 0.3 t, B = 0.6 - 0.3 t, equal at t = 1/3
    assert ws.low[0] == pytest.approx(1 / 3, rel=1e-14)
    with pytest.raises(ValueError, match="different labels"):
        weight_sensitivity(p, pd.Series({"price": 0.6, "speed": 0.4}))
