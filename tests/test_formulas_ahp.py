"""Mutation killers for custvalue.scoring.ahp (see docs/mutation-testing.md).

References are independent of the implementation: consistent matrices built
from known weights (all priority methods must return those weights exactly
and CR = 0), Saaty's random index tables as published, the "choosing a
leader" example with its published priorities (Wikipedia, "Analytic
hierarchy process - leader example"), and the contract's rules (results
carry every field, errors name the argument and the rule).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from custvalue.scoring.ahp import (
    Hierarchy,
    PairwiseMatrix,
    aggregate,
    complete,
    weight_sensitivity,
    weights,
)


def _consistent(w: list[float]) -> np.ndarray:
    """The perfectly consistent matrix a_ij = w_i / w_j."""
    v = np.asarray(w, dtype=float)
    out: np.ndarray = v[:, None] / v[None, :]
    return out


# an inconsistent 3 x 3 matrix: a12 a23 = 6 but a13 = 1/2
INCONSISTENT = [[1.0, 2.0, 0.5], [0.5, 1.0, 3.0], [2.0, 1 / 3, 1.0]]
# an inconsistent 4 x 4 matrix (for n = 3 the eigenvector and the row
# geometric means coincide, so telling the methods apart needs n >= 4)
INCONSISTENT4 = PairwiseMatrix.from_upper([2, 0.5, 4, 3, 1 / 3, 2]).values


# ---------------------------------------------------------------------------
# PairwiseMatrix.from_judgments
# ---------------------------------------------------------------------------


class TestFromJudgments:
    def test_off_scale_judgment_allowed_unless_asked(self) -> None:
        m = PairwiseMatrix.from_judgments({("a", "b"): 2.5})
        assert m.values.tolist() == [[1.0, 2.5], [0.4, 1.0]]
        with pytest.raises(ValueError, match=r"^values must use Saaty's scale"):
            PairwiseMatrix.from_judgments({("a", "b"): 2.5}, saaty_scale=True)

    def test_unjudged_label_is_reported_as_a_missing_pair(self) -> None:
        with pytest.raises(
            ValueError,
            match=r"\('a', 'c'\) is missing \(use custvalue\.scoring\.ahp\.complete "
            r"for incomplete judgments\)$",
        ):
            PairwiseMatrix.from_judgments({("a", "b"): 2}, labels=["a", "b", "c"])


# ---------------------------------------------------------------------------
# AHPResult: the tidy table and the text report
# ---------------------------------------------------------------------------


class TestAHPResultOutputs:
    def test_ranks_are_per_matrix_in_a_stack(self) -> None:
        # weights (3/4, 1/4) and (1/3, 2/3): ranks (1, 2) and (2, 1)
        stack = np.array([_consistent([3, 1]), _consistent([1, 2])])
        frame = weights(stack).to_frame()
        assert frame.columns.tolist() == ["matrix", "label", "weight", "rank"]
        assert frame["matrix"].tolist() == [0, 0, 1, 1]
        assert frame["label"].tolist() == ["c1", "c2", "c1", "c2"]
        np.testing.assert_allclose(frame["weight"], [0.75, 0.25, 1 / 3, 2 / 3], rtol=1e-14)
        assert frame["rank"].tolist() == [1, 2, 2, 1]

    def test_summary_of_one_matrix(self) -> None:
        # consistent from weights (0.5, 0.3, 0.2): the weights exactly, CR = 0
        pm = PairwiseMatrix(_consistent([5, 3, 2]), labels=["price", "quality", "service"])
        lines = weights(pm).summary().split("\n")
        assert len(lines) == 4
        assert lines[0].split() == ["price", "0.5000"]
        assert lines[1].split() == ["quality", "0.3000"]
        assert lines[2].split() == ["service", "0.2000"]
        assert lines[3].endswith("CR = 0.0000 (acceptable at 0.1)")
        plain = weights(_consistent([5, 3, 2])).summary().split("\n")
        assert [line.split()[0] for line in plain[:3]] == ["c1", "c2", "c3"]
        bad = weights(INCONSISTENT).summary()
        assert bad.endswith("(not acceptable at 0.1)")

    def test_summary_of_a_stack(self) -> None:
        stack = np.array([_consistent([5, 3, 2]), INCONSISTENT])
        assert weights(stack).summary() == "2 matrices of order 3: 50.0% with CR < 0.1"


# ---------------------------------------------------------------------------
# group judgments
# ---------------------------------------------------------------------------


class TestAggregateFields:
    A = _consistent([4, 2, 1])  # weights 4/7, 2/7, 1/7
    B = _consistent([1, 2, 4])  # weights 1/7, 2/7, 4/7

    def test_one_matrix_is_its_own_group(self) -> None:
        for given in (self.A, [PairwiseMatrix(self.A)]):
            g = aggregate(given)
            np.testing.assert_allclose(g.weights, [4 / 7, 2 / 7, 1 / 7], rtol=1e-13)
            assert g.matrix is not None
            np.testing.assert_allclose(g.matrix.values, self.A, rtol=1e-14)
            assert g.decision_maker_weights.tolist() == [1.0]

    def test_aij_result_fields(self) -> None:
        # equal weights: the geometric mean of (4, 2, 1) and (1, 2, 4) is (2, 2, 2)
        g = aggregate([self.A, self.B], weights=[1, 1], random_index="alonso_lamata")
        assert g.method == "aij"
        assert g.labels == ("c1", "c2", "c3")
        assert g.matrix is not None
        assert g.matrix.labels == ("c1", "c2", "c3")
        np.testing.assert_allclose(g.weights, [1 / 3, 1 / 3, 1 / 3], rtol=1e-13)
        assert g.decision_maker_weights.tolist() == [0.5, 0.5]
        np.testing.assert_allclose(
            g.individual.weights, [[4 / 7, 2 / 7, 1 / 7], [1 / 7, 2 / 7, 4 / 7]], rtol=1e-13
        )
        # the individual results use the table asked for (RI(3) = 0.5245, Alonso & Lamata)
        assert g.individual.random_index == 0.5245
        assert g.individual.random_index_table == "alonso_lamata"

    def test_aij_consistency_ratio_uses_the_chosen_table(self) -> None:
        # one inconsistent decision maker: the group matrix is his matrix
        # and its CR is CI / RI(3) under the table asked for
        lam = float(np.max(np.linalg.eigvals(np.array(INCONSISTENT)).real))
        ci = (lam - 3) / 2
        g = aggregate([INCONSISTENT], random_index="alonso_lamata")
        assert g.consistency_ratio == pytest.approx(ci / 0.5245, rel=1e-10)
        assert g.individual.consistency_ratio[0] == pytest.approx(ci / 0.5245, rel=1e-10)

    def test_aip_result_fields(self) -> None:
        g = aggregate([self.A, self.B], method="aip", weights=[3, 1])
        assert g.method == "aip"
        assert g.matrix is None
        assert g.decision_maker_weights.tolist() == [0.75, 0.25]
        # weighted geometric mean of the priorities: (4^.75, 2, 4^.25) / 7, normalised
        raw = np.array([4**0.75, 2.0, 4**0.25])
        np.testing.assert_allclose(g.weights, raw / raw.sum(), rtol=1e-13)
        assert g.individual.weights.shape == (2, 3)

    def test_labels_of_named_matrices(self) -> None:
        names = ["price", "quality", "service"]
        g = aggregate([PairwiseMatrix(self.A, labels=names), PairwiseMatrix(self.B, labels=names)])
        assert g.labels == tuple(names)
        assert g.matrix is not None
        assert g.matrix.labels == tuple(names)

    def test_errors_name_the_option(self) -> None:
        with pytest.raises(ValueError, match=r"^random_index must be one of"):
            aggregate([self.A, self.B], random_index="saaty1990")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"^weights must be 1-D"):
            aggregate([self.A, self.B], weights=[[1.0], [1.0]])
        with pytest.raises(ValueError, match=r"^weights must be >= 0; got -1 at index 2"):
            aggregate([self.A, self.B, self.A], weights=[0.0, 0.5, -1.0])
        with pytest.raises(ValueError, match=r"^weights must not all be 0$"):
            aggregate([self.A, self.B], weights=[0.0, 0.0])


# ---------------------------------------------------------------------------
# hierarchies: the leader example (published priorities) and its tables
# ---------------------------------------------------------------------------

CANDIDATES = ["Tom", "Dick", "Harry"]


def _leader() -> tuple[Hierarchy, dict[str, PairwiseMatrix]]:
    goal = Hierarchy(
        "leader",
        ["experience", "education", "charisma", "age"],
        comparisons=PairwiseMatrix.from_upper([4, 3, 7, 1 / 3, 3, 5]),
    )
    alts = {
        "experience": PairwiseMatrix.from_upper([1 / 4, 4, 9], labels=CANDIDATES),
        "education": PairwiseMatrix.from_upper([3, 1 / 5, 1 / 7], labels=CANDIDATES),
        "charisma": PairwiseMatrix.from_upper([5, 9, 4], labels=CANDIDATES),
        "age": PairwiseMatrix.from_upper([1 / 3, 5, 9], labels=CANDIDATES),
    }
    return goal, alts


class TestHierarchyTables:
    def test_synthesis_table_has_the_local_priorities(self) -> None:
        goal, alts = _leader()
        frame = goal.synthesize(alts).to_frame()
        assert frame.columns.tolist() == [
            "alternative",
            "score",
            "rank",
            "experience",
            "education",
            "charisma",
            "age",
        ]
        # published: Tom .358, Dick .493, Harry .149 (three decimals)
        np.testing.assert_allclose(frame["score"], [0.358, 0.493, 0.149], atol=5e-4)
        assert frame["rank"].tolist() == [2, 1, 3]
        # each leaf column is the eigenvector of that leaf's matrix
        for leaf, pm in alts.items():
            vals, vecs = np.linalg.eig(pm.values)
            v = np.abs(vecs[:, np.argmax(vals.real)].real)
            np.testing.assert_allclose(frame[leaf], v / v.sum(), rtol=1e-10)

    def test_sensitivity_table_columns(self) -> None:
        ws = weight_sensitivity([[0.7, 0.4], [0.3, 0.6]], [0.6, 0.4], alternatives=["A", "B"])
        frame = ws.to_frame()
        assert frame.columns.tolist() == [
            "criterion",
            "weight",
            "low",
            "high",
            "swap_low",
            "swap_high",
        ]
        # scores 0.58 / 0.42; A stays first while w1 > 1/3:
        # 0.7 t + 0.4 (1 - t) = 0.3 t + 0.6 (1 - t) at t = 1/3
        assert frame["low"].tolist()[0] == pytest.approx(1 / 3, rel=1e-14)
        assert frame["swap_low"].tolist() == [("A", "B"), None]
        assert frame["swap_high"].tolist() == [None, ("A", "B")]

    def test_hierarchy_table_by_hand(self) -> None:
        h = Hierarchy.from_tree(
            ("value", [("current", ["sales", ("returns", "cost")]), ("potential", ["a", "b"])])
        )
        h = h.with_weights("value", [3, 1]).with_weights("current", [1, 1])
        frame = h.to_frame()
        expected = pd.DataFrame(
            {
                "node": ["value", "current", "sales", "returns", "potential", "a", "b"],
                "parent": [None, "value", "current", "current", "value", "potential", "potential"],
                "level": [0, 1, 2, 2, 1, 2, 2],
                # "potential" has no weights for its children yet: NaN below it
                "local_weight": [1.0, 0.75, 0.5, 0.5, 0.25, np.nan, np.nan],
                "global_weight": [1.0, 0.75, 0.375, 0.375, 0.25, np.nan, np.nan],
                "leaf": [False, False, True, True, False, True, True],
                "direction": [None, None, "benefit", "cost", None, "benefit", "benefit"],
            }
        )
        pd.testing.assert_frame_equal(frame, expected, rtol=1e-15)

    def test_weights_replace_judgments(self) -> None:
        h = Hierarchy("goal", ["a", "b"]).with_judgments("goal", [3])
        assert h.global_weights == pytest.approx({"a": 0.75, "b": 0.25}, rel=1e-14)
        w = h.with_weights("goal", [1, 4])
        assert w.comparisons is None
        assert w.global_weights == pytest.approx({"a": 0.2, "b": 0.8}, rel=1e-14)


# ---------------------------------------------------------------------------
# complete: input handling around the completion
# ---------------------------------------------------------------------------

NAN = float("nan")


class TestCompleteInput:
    def test_missing_diagonal_counts_as_one(self) -> None:
        from custvalue.scoring.ahp import complete

        # a spanning tree of consistent judgments: a13 = a12 a23 = 6, weights (6, 3, 1) / 10
        for method in ("harker", "llsm", "lambda_max"):
            done = complete([[NAN, 2, NAN], [0.5, 1, 3], [NAN, 1 / 3, NAN]], method=method)
            np.testing.assert_allclose(np.diagonal(done.matrix.values), 1.0, rtol=0, atol=0)
            assert done.matrix.values[0, 2] == pytest.approx(6.0, rel=1e-12)
            np.testing.assert_allclose(done.weights, [0.6, 0.3, 0.1], rtol=1e-12)

    def test_given_pairs_are_kept_as_typed(self) -> None:
        from custvalue.scoring.ahp import complete

        # 0.33 typed for 1/3 is accepted (within 2%) and kept: it is not
        # replaced by the reciprocal of its mirror entry
        done = complete([[1, 3, NAN], [0.33, 1, 2], [NAN, 0.5, 1]])
        assert done.matrix.values[0, 1] == 3.0
        assert done.matrix.values[1, 0] == 0.33

    def test_errors(self) -> None:
        from custvalue.scoring.ahp import complete

        with pytest.raises(ValueError, match=r"^matrix_with_missing must be 2-D"):
            complete([1.0, 2.0, 3.0])
        # a zero judgment whose mirror is missing: refused as not positive,
        # without a division warning on the way
        with pytest.raises(ValueError, match=r"^matrix_with_missing must be positive; got 0"):
            complete([[1, 0, NAN], [NAN, 1, 2], [NAN, 0.5, 1]])
        with pytest.raises(ValueError, match=r"^matrix_with_missing has no missing entries"):
            complete([[1, 2], [0.5, 1]])
        # the first element compared with nothing: the others are not linked to it
        with pytest.raises(
            ValueError,
            match=r"^matrix_with_missing: the known comparisons must connect every element; "
            r"\['c2', 'c3'\] are not linked to 'c1'",
        ):
            complete([[1, NAN, NAN], [NAN, 1, 2], [NAN, 0.5, 1]])


# ---------------------------------------------------------------------------
# Hierarchy.synthesize: labels, priority vectors, options
# ---------------------------------------------------------------------------


class TestSynthesizeInputs:
    def test_leaf_matrices_in_another_label_order(self) -> None:
        # the "age" judgments with the candidates listed Harry, Tom, Dick:
        # the same judgments, so the published scores must come out
        goal, alts = _leader()
        order = [2, 0, 1]
        age = alts["age"]
        alts["age"] = PairwiseMatrix(
            age.values[np.ix_(order, order)], labels=[CANDIDATES[i] for i in order]
        )
        result = goal.synthesize(alts)
        assert result.alternatives == tuple(CANDIDATES)
        np.testing.assert_allclose(result.scores, [0.358, 0.493, 0.149], atol=5e-4)
        wrong = dict(alts)
        wrong["age"] = PairwiseMatrix(age.values, labels=["Tom", "Dick", "Sally"])
        with pytest.raises(
            ValueError,
            match=r"^alternatives\['age'\] labels \['Tom', 'Dick', 'Sally'\] differ from "
            r"\['Tom', 'Dick', 'Harry'\]",
        ):
            goal.synthesize(wrong)

    def test_priority_vectors_are_rescaled(self) -> None:
        goal = Hierarchy("goal", ["x", "y"], local_weights=[0.25, 0.75])
        # a zero priority is allowed, sums other than 1 are rescaled
        result = goal.synthesize({"x": [0.5, 0.5, 0.0], "y": [2.0, 1.0, 1.0]})
        # scores: 0.25 (1/2, 1/2, 0) + 0.75 (1/2, 1/4, 1/4)
        np.testing.assert_allclose(result.scores, [0.5, 0.3125, 0.1875], rtol=1e-14)
        for bad in ([-0.1, 0.6, 0.5], [0.0, 0.0, 0.0]):
            with pytest.raises(
                ValueError, match=r"^alternatives\['x'\] must be >= 0 and not all 0"
            ):
                goal.synthesize({"x": bad, "y": [1.0, 1.0, 1.0]})
        with pytest.raises(ValueError, match=r"^alternatives\['x'\] must be 1-D"):
            goal.synthesize({"x": [[0.5, 0.5]], "y": [1.0, 1.0]})

    def test_priority_method_of_the_root_is_used(self) -> None:
        # row geometric means (Crawford & Williams 1985) of an inconsistent
        # 3 x 3 matrix differ from its eigenvector
        goal = Hierarchy("goal", ["x"], method="geometric")
        pm = PairwiseMatrix(INCONSISTENT4, labels=["a", "b", "c", "d"])
        result = goal.synthesize({"x": pm})
        g = np.prod(INCONSISTENT4, axis=1) ** (1 / 4)
        np.testing.assert_allclose(result.scores, g / g.sum(), rtol=1e-14)


class TestHierarchyWeightsAndReport:
    def test_node_weights_start_at_one(self) -> None:
        h = Hierarchy.from_tree(("value", [("current", ["sales", "returns"]), "potential"]))
        h = h.with_weights("value", [3, 1]).with_weights("current", [1, 1])
        assert h.node_weights() == pytest.approx(
            {"value": 1.0, "current": 0.75, "sales": 0.375, "returns": 0.375, "potential": 0.25},
            rel=1e-15,
        )

    def test_report_threshold(self) -> None:
        # Saaty's order-dependent thresholds: the report of the whole
        # hierarchy uses 0.1; a number is used as given
        h = Hierarchy("goal", ["a", "b", "c"], threshold="saaty").with_judgments("goal", [2, 4, 2])
        assert h.consistency_report().threshold == 0.1
        h2 = Hierarchy("goal", ["a", "b", "c"], threshold=0.2).with_judgments("goal", [2, 4, 2])
        assert h2.consistency_report().threshold == 0.2


def test_with_judgments_labels_the_children() -> None:
    h = Hierarchy("goal", ["a", "b"])
    upper = h.with_judgments("goal", [3])
    full = h.with_judgments("goal", [[1, 3], [1 / 3, 1]])
    given = h.with_judgments("goal", PairwiseMatrix([[1, 3], [1 / 3, 1]], labels=["b", "a"]))
    for done in (upper, full):
        pm = done.find("goal").comparisons
        assert pm is not None
        assert pm.labels == ("a", "b")
        assert done.global_weights == pytest.approx({"a": 0.75, "b": 0.25}, rel=1e-14)
    # a PairwiseMatrix is used as given: here it says b is 3 times a
    assert given.global_weights == pytest.approx({"a": 0.25, "b": 0.75}, rel=1e-14)
    # judgments replace given weights
    swapped = h.with_weights("goal", [1, 1]).with_judgments("goal", [3])
    assert swapped.find("goal").local_weights is None
    assert swapped.global_weights == pytest.approx({"a": 0.75, "b": 0.25}, rel=1e-14)


def test_root_options_reach_every_node() -> None:
    g = np.prod(INCONSISTENT4, axis=1) ** (1 / 4)  # row geometric means
    h = Hierarchy(
        "goal",
        ["a", "b", "c", "d"],
        method="geometric",
        random_index="alonso_lamata",
        threshold=5.0,
    ).with_judgments("goal", INCONSISTENT4)
    assert list(h.global_weights.values()) == pytest.approx(list(g / g.sum()), rel=1e-14)
    report = h.consistency_report()
    assert report.random_index == (0.8815,)
    # CR of these judgments is far above 0.1 but below the threshold 5 asked for
    assert report.consistency_ratio[0] > 0.1
    assert report.consistent == (True,)
    # from_tree passes the options to the root, also for a bare leaf or a cost pair
    assert Hierarchy.from_tree("goal", method="geometric").method == "geometric"
    assert Hierarchy.from_tree(("goal", "cost"), method="column").method == "column"


@pytest.mark.parametrize("decades", [100, 150])
def test_lambda_max_completion_of_huge_judgments_is_refused(decades: int) -> None:
    from custvalue.scoring.ahp import complete

    # the log-least-squares start 10**(2 decades) fits in float64, but the
    # search for the lambda_max-optimal entry overflows in the eigen-solver:
    # a clear refusal, not inf/NaN
    big = 10.0**decades
    a = [[1, big, NAN], [1 / big, 1, big], [NAN, 1 / big, 1]]
    with pytest.raises(ValueError, match="span too many orders of magnitude"):
        complete(a, method="lambda_max")


def test_hierarchy_option_errors_name_the_option() -> None:
    with pytest.raises(ValueError, match=r"^method must be one of"):
        Hierarchy("goal", ["a", "b"], method="mean")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^random_index must be one of"):
        Hierarchy("goal", ["a", "b"], random_index="saaty1990")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^name must not be empty$"):
        Hierarchy("", ["a", "b"])


def test_from_upper_reads_larger_orders() -> None:
    # n = 9 and n = 10 from 36 and 45 upper-triangle judgments w_i / w_j:
    # the consistent matrices of the weights 9, 8, ..., 1 (and 10, ..., 1)
    for n in (9, 10):
        w = np.arange(n, 0, -1, dtype=float)
        iu = np.triu_indices(n, 1)
        pm = PairwiseMatrix.from_upper(w[iu[0]] / w[iu[1]])
        assert pm.n == n
        np.testing.assert_allclose(pm.values, _consistent(list(w)), rtol=1e-15)
    with pytest.raises(ValueError, match=r"^values must be 1-D"):
        PairwiseMatrix.from_upper([[2.0]])


@pytest.mark.parametrize("method", ["eigen", "geometric", "column"])
def test_judgments_of_200_decades(method: str) -> None:
    # the consistent matrix of the weights (1, 1e-200): every method returns
    # its generating weights, without overflowing on the way
    res = weights([[1.0, 1e200], [1e-200, 1.0]], method=method)  # type: ignore[arg-type]
    np.testing.assert_allclose(res.weights, [1.0, 1e-200], rtol=1e-12)


def test_saaty_scale_flag_is_checked() -> None:
    with pytest.raises(TypeError, match=r"^saaty_scale must be True or False; got 'yes'"):
        PairwiseMatrix([[1, 2], [0.5, 1]], saaty_scale="yes")  # type: ignore[arg-type]


class TestWeightsFields:
    def test_stack_of_order_two_has_one_entry_per_matrix(self) -> None:
        # three 2 x 2 matrices: always consistent, lambda_max = 2, CI = CR = 0
        stack = np.array([_consistent([3, 1]), _consistent([1, 1]), _consistent([1, 4])])
        res = weights(stack, method="geometric")
        assert res.method == "geometric"
        assert res.lambda_max.tolist() == [2.0, 2.0, 2.0]
        assert res.consistency_index.tolist() == [0.0, 0.0, 0.0]
        assert res.consistency_ratio.tolist() == [0.0, 0.0, 0.0]
        assert res.consistent.tolist() == [True, True, True]

    def test_consistent_means_strictly_below_the_threshold(self) -> None:
        cr = weights(INCONSISTENT).consistency_ratio
        assert weights(INCONSISTENT, threshold=cr).consistent is False
        assert weights(INCONSISTENT, threshold=cr * (1 + 1e-12)).consistent is True

    def test_errors_name_the_option(self) -> None:
        from custvalue.scoring.ahp import random_index

        with pytest.raises(ValueError, match=r"^random_index must be one of"):
            weights(INCONSISTENT, random_index="saaty1990")  # type: ignore[arg-type]
        with pytest.raises(
            ValueError,
            match=r"covers n <= 10; got a matrix of order 11 \(use 'saaty2005' or "
            r"'alonso_lamata' up to 15, 'donegan_dodd' up to 20\)$",
        ):
            random_index(11)


class TestStacksAndChecks:
    def test_stack_priorities_per_matrix_for_every_method(self) -> None:
        # three consistent 2 x 2 matrices and three 3 x 3 ones: each row of
        # the result is the generating weights of its own matrix
        for ws in ([[3, 1], [1, 1], [1, 4]], [[4, 2, 1], [1, 1, 2], [1, 3, 6]]):
            stack = np.array([_consistent(w) for w in ws])
            expected = np.array([np.array(w) / sum(w) for w in ws], dtype=float)
            for method in ("eigen", "geometric", "column"):
                res = weights(stack, method=method, random_index="donegan_dodd")
                np.testing.assert_allclose(res.weights, expected, rtol=1e-12)
                assert res.random_index_table == "donegan_dodd"

    def test_saaty_thresholds_by_order(self) -> None:
        # Saaty's thresholds: 0.05 for n = 3, 0.08 for n = 4, 0.10 above
        for n, cut in ((3, 0.05), (4, 0.08), (5, 0.10), (7, 0.10)):
            res = weights(_consistent(list(range(1, n + 1))), threshold="saaty")
            assert res.threshold == cut

    def test_checks(self) -> None:
        with pytest.raises(ValueError, match=r"^matrix must be square"):
            weights(np.ones((2, 3, 4)))
        # 0.33 typed for 1/3 is on Saaty's scale (within 1%)
        pm = PairwiseMatrix([[1, 3], [0.33, 1]], saaty_scale=True)
        assert pm.values[1, 0] == 0.33
        with pytest.raises(ValueError, match=r"^local_weights must be >= 0; got -1 at index 1"):
            Hierarchy("g", ["a", "b"], local_weights=[1, -1])
        with pytest.raises(ValueError, match=r"^local_weights must not all be 0$"):
            Hierarchy("g", ["a", "b"], local_weights=[0, 0])
        with pytest.raises(ValueError, match=r"^local_weights must be 1-D"):
            Hierarchy("g", ["a", "b"], local_weights=[[1, 1]])

    def test_report_without_judgments(self) -> None:
        h = Hierarchy("g", ["a", "b"], local_weights=[1, 3])
        report = h.consistency_report()
        assert report.nodes == ()
        assert report.overall_consistency_ratio == 0.0

    def test_aip_labels(self) -> None:
        g = aggregate([_consistent([4, 2, 1]), _consistent([1, 2, 4])], method="aip")
        assert g.labels == ("c1", "c2", "c3")


def test_sensitivity_with_raw_weights_and_zero_priorities_by_brute_force() -> None:
    # weights that do not sum to 1 (rescaled) and priorities with zeros:
    # scan each criterion's weight t on a fine grid (others rescaled in
    # proportion) and find where the ranking at the given weights stops holding
    p = np.array([[0.5, 0.0, 0.2], [0.3, 0.6, 0.1], [0.2, 0.4, 0.7]])
    raw = np.array([2.0, 1.0, 1.0])
    ws = weight_sensitivity(p, raw)
    w = raw / raw.sum()
    base = tuple(np.argsort(-(p @ w), kind="stable"))
    grid = np.linspace(0.0, 1.0, 20_001)
    for j in range(3):
        others = np.delete(np.arange(3), j)
        holds = []
        for t in grid:
            wt = np.empty(3)
            wt[j] = t
            wt[others] = w[others] * (1 - t) / (1 - w[j])
            holds.append(tuple(np.argsort(-(p @ wt), kind="stable")) == base)
        ok = np.array(holds)
        inside = grid[ok]
        # the interval around w_j where the ranking holds (to the grid step)
        assert ws.low[j] == pytest.approx(inside.min(), abs=1e-4)
        assert ws.high[j] == pytest.approx(inside.max(), abs=1e-4)
    np.testing.assert_allclose(ws.weights, w, rtol=1e-15)


# ---------------------------------------------------------------------------
# weight_sensitivity: ties, ends of the range, degenerate weights, inputs
# ---------------------------------------------------------------------------


class TestWeightSensitivityCases:
    def test_tie_at_the_given_weights(self) -> None:
        # by hand: at w = (0.1, 0.2, 0.7) the scores are 0.38, 0.33, 0.33 (a2
        # and a3 tie; in floats they differ by rounding). a2 and a3 differ
        # under c1 and c2, so any change of those weights breaks the tie:
        # low = high = w there. Under c3 they are equal, their lines coincide,
        # and a1 (0.1 + 0.4 t) meets both (1/6 + 7/30 t) at t = 0.4.
        p = [[0.1, 0.1, 0.5], [0.3, 0.1, 0.4], [0.1, 0.2, 0.4]]
        ws = weight_sensitivity(p, [0.1, 0.2, 0.7])
        np.testing.assert_allclose(ws.low, [0.1, 0.2, 0.4], rtol=1e-12)
        np.testing.assert_allclose(ws.high, [0.1, 0.2, 1.0], rtol=1e-12)
        assert ws.swap_low[:2] == (("a2", "a3"), ("a2", "a3"))
        assert ws.swap_high[:2] == (("a2", "a3"), ("a2", "a3"))
        assert ws.swap_low[2] in {("a1", "a2"), ("a1", "a3")}
        assert ws.swap_high[2] is None
        assert ws.ranking == ("a1", "a2", "a3")

    def test_tie_of_the_second_and_third_is_named(self) -> None:
        # by hand: a1 is far ahead (0.9 under both criteria) and at
        # w = (0.5, 0.5) a2 = (0.6 + 0.2) / 2 = 0.4 = (0.2 + 0.6) / 2 = a3;
        # the pair to name is (a2, a3), not one with a1
        p = [[0.9, 0.9], [0.6, 0.2], [0.2, 0.6]]
        ws = weight_sensitivity(p, [0.5, 0.5], alternatives=["x", "y", "z"])
        assert ws.low.tolist() == [0.5, 0.5]
        assert ws.high.tolist() == [0.5, 0.5]
        assert ws.swap_low == (("y", "z"), ("y", "z"))
        assert ws.swap_high == (("y", "z"), ("y", "z"))

    def test_a_tie_reached_at_the_ends_of_zero_to_one_is_reported(self) -> None:
        # dyadic numbers, exact in floats. Scores at w = (1/2, 1/2): 5/8, 3/8.
        # c1's weight t: a1 = 1/4 + 3/4 t, a2 = 1/4 + 1/4 t: equal at t = 0.
        # c2's weight t: a1 = 1 - 3/4 t, a2 = 1/2 - 1/4 t: equal at t = 1.
        ws = weight_sensitivity([[1.0, 0.25], [0.5, 0.25]], [0.5, 0.5])
        assert ws.low.tolist() == [0.0, 0.0]
        assert ws.high.tolist() == [1.0, 1.0]
        assert ws.swap_low == (("a1", "a2"), None)
        assert ws.swap_high == (None, ("a1", "a2"))

    def test_all_weight_on_one_criterion(self) -> None:
        # w = (1, 0): the other weight stays 0 as c1's weight t moves, so the
        # scores are t * p[:, 0] (A = 0.7 t, B = 0.3 t), equal only at t = 0.
        # c2's weight t: A = 0.7 - 0.3 t, B = 0.3 + 0.3 t, equal at t = 2/3.
        ws = weight_sensitivity([[0.7, 0.4], [0.3, 0.6]], [1.0, 0.0], alternatives=["A", "B"])
        assert ws.low[0] == 0.0
        assert ws.high[0] == 1.0
        assert ws.low[1] == 0.0
        assert ws.high[1] == pytest.approx(2 / 3, rel=1e-14)
        assert ws.swap_low == (("A", "B"), None)
        assert ws.swap_high == (None, ("A", "B"))

    def test_identical_alternatives_never_cross_each_other(self) -> None:
        # a1 and a2 are the same alternative: their lines coincide for every
        # weight; a3 meets both at t = 1/3 under c1 and at 2/3 under c2
        # (the docstring's A / B example)
        p = [[0.7, 0.4], [0.7, 0.4], [0.3, 0.6]]
        ws = weight_sensitivity(p, [0.6, 0.4])
        np.testing.assert_allclose(ws.low, [1 / 3, 0.0], rtol=1e-14, atol=0)
        np.testing.assert_allclose(ws.high, [1.0, 2 / 3], rtol=1e-14)
        assert ws.swap_low[0] in {("a1", "a3"), ("a2", "a3")}
        assert ws.swap_high[1] in {("a1", "a3"), ("a2", "a3")}
        assert ws.ranking == ("a1", "a2", "a3")

    def test_all_priorities_zero(self) -> None:
        # every score is 0 at every weight: no pair ever changes places, and
        # no warning (the suite turns warnings into errors)
        ws = weight_sensitivity(np.zeros((3, 2)), [0.3, 0.7])
        assert ws.low.tolist() == [0.0, 0.0]
        assert ws.high.tolist() == [1.0, 1.0]
        assert ws.swap_low == (None, None)
        assert ws.swap_high == (None, None)
        assert ws.ranking == ("a1", "a2", "a3")

    @pytest.mark.parametrize("scale", [1e-20, 1e-200])
    def test_tiny_priorities_give_the_same_ranges(self, scale: float) -> None:
        # the docstring's example: c1 holds on [1/3, 1], c2 on [0, 2/3]
        ws = weight_sensitivity(np.array([[0.7, 0.4], [0.3, 0.6]]) * scale, [0.6, 0.4])
        np.testing.assert_allclose(ws.low, [1 / 3, 0.0], rtol=1e-14, atol=0)
        np.testing.assert_allclose(ws.high, [1.0, 2 / 3], rtol=1e-14)
        assert ws.swap_low == (("a1", "a2"), None)

    def test_ties_in_the_ranking_keep_the_input_order(self) -> None:
        # 200 alternatives with exactly tied scores (three levels, the same
        # under both criteria); reference: Python's sorted, which is stable
        rng = np.random.default_rng(7)
        level = rng.choice([0.25, 0.5, 0.75], size=200)
        p = np.column_stack([level, level])
        ws = weight_sensitivity(p, [0.5, 0.5])
        expected = sorted(range(200), key=lambda i: -level[i])
        assert ws.ranking == tuple(f"a{i + 1}" for i in expected)

    def test_default_and_given_names(self) -> None:
        ws = weight_sensitivity([[0.7, 0.4], [0.3, 0.6], [0.5, 0.5]], [0.6, 0.4])
        assert ws.alternatives == ("a1", "a2", "a3")
        assert ws.criteria == ("c1", "c2")

    def test_errors_name_the_argument_the_rule_and_the_value(self) -> None:
        # the value named is the caller's (-0.3), not a rescaled one
        ok = [[0.7, 0.4], [0.3, 0.6]]
        with pytest.raises(ValueError, match=r"^priorities must be 2-D; got a 1-D array"):
            weight_sensitivity([0.7, 0.3], [0.6, 0.4])
        with pytest.raises(ValueError, match=r"^weights must be 1-D; got a 2-D array"):
            weight_sensitivity(ok, [[0.6, 0.4]])
        with pytest.raises(
            ValueError, match=r"^priorities must have at least 2 criteria \(columns\); got 1$"
        ):
            weight_sensitivity([[0.7], [0.3]], [1.0])
        with pytest.raises(
            ValueError, match=r"^priorities must be >= 0; got -0\.3 at index \(1, 0\)$"
        ):
            weight_sensitivity([[0.7, 0.4], [-0.3, 0.6]], [0.6, 0.4])
        with pytest.raises(ValueError, match=r"^weights must not all be 0$"):
            weight_sensitivity(ok, [0.0, 0.0])
        with pytest.raises(ValueError, match=r"^alternatives must have 2 entries"):
            weight_sensitivity(ok, [0.6, 0.4], alternatives=["A", "B", "C"])
        with pytest.raises(ValueError, match=r"^criteria must have 2 entries"):
            weight_sensitivity(ok, [0.6, 0.4], criteria=["price"])

    def test_a_crossing_beyond_one_is_outside_the_range(self) -> None:
        # c2's weight t: a1 = 0.8 - 0.3 t, a2 = 0.2 + 0.2 t meet at t = 1.2,
        # beyond any weight; c1's weight t: a1 = 0.5 + 0.3 t, a2 = 0.4 - 0.2 t
        # met at t = -0.2. The ranking holds on all of [0, 1] for both.
        ws = weight_sensitivity([[0.8, 0.5], [0.2, 0.4]], [0.5, 0.5])
        assert ws.low.tolist() == [0.0, 0.0]
        assert ws.high.tolist() == [1.0, 1.0]
        assert ws.swap_low == (None, None)
        assert ws.swap_high == (None, None)


# ---------------------------------------------------------------------------
# checks of a stack, labels, Saaty's scale; extreme judgments; result fields
# ---------------------------------------------------------------------------


class TestChecksNameThePlace:
    def test_stack_errors_give_the_full_index(self) -> None:
        ok = _consistent([4, 2, 1])
        diag = ok.copy()
        diag[0, 0] = 2.0
        with pytest.raises(
            ValueError, match=r"^matrix must have a unit diagonal; got 2 at index \(1, 0, 0\)$"
        ):
            weights(np.stack([ok, diag]))
        recip = ok.copy()
        recip[0, 1] = 3.0  # a[1, 0] stays 1/2
        with pytest.raises(
            ValueError,
            match=r"^matrix must be reciprocal \(a\[j, i\] = 1 / a\[i, j\]\); got 3 at index "
            r"\(1, 0, 1\) and 0\.5 at index \(1, 1, 0\)$",
        ):
            weights(np.stack([ok, recip]))

    def test_label_errors(self) -> None:
        with pytest.raises(
            ValueError, match=r"^labels must be unique; 'b' appears more than once$"
        ):
            PairwiseMatrix(_consistent([1, 1, 1]), labels=["a", "b", "b"])
        with pytest.raises(TypeError, match=r"^labels must be a sequence of strings; got 5$"):
            PairwiseMatrix(_consistent([1, 1]), labels=5)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^criteria must be a sequence of strings; got 5$"):
            weight_sensitivity([[0.7, 0.4], [0.3, 0.6]], [0.6, 0.4], criteria=5)  # type: ignore[arg-type]

    def test_ten_is_off_saaty_scale(self) -> None:
        # Saaty's scale ends at 9 (and 1/9)
        with pytest.raises(ValueError, match=r"^values must use Saaty's scale .*got 10 at index"):
            PairwiseMatrix([[1, 10], [0.1, 1]], saaty_scale=True)
        assert PairwiseMatrix([[1, 9], [1 / 9, 1]], saaty_scale=True).values[0, 1] == 9.0


class TestExtremeJudgments:
    # consistent matrices of weights 300 decades apart: every method must
    # return the generating weights (Saaty: w_i / w_j reproduces w exactly)
    A = _consistent([1.0, 1e-300, 1e-300])
    B = _consistent([1.0, 1.0, 1e-300])

    def test_geometric_mean_of_300_decades(self) -> None:
        np.testing.assert_allclose(
            weights(self.A, method="geometric").weights, [1.0, 1e-300, 1e-300], rtol=1e-12
        )

    def test_geometric_mean_per_matrix_of_a_stack(self) -> None:
        # each matrix is rescaled on its own: B's smallest weight (5e-301)
        # must not underflow because A's row means are larger
        res = weights(np.stack([self.A, self.B]), method="geometric")
        np.testing.assert_allclose(res.weights[0], [1.0, 1e-300, 1e-300], rtol=1e-12)
        np.testing.assert_allclose(res.weights[1], [0.5, 0.5, 5e-301], rtol=1e-12)

    def test_llsm_completion_of_300_decades(self) -> None:
        # the known judgments are consistent with w = (1, 1e-300, 1e-300,
        # 1e-300): the completion is exact, the missing entries are 1
        nan = np.nan
        a = [
            [1, 1e300, 1e300, 1e300],
            [1e-300, 1, 1, nan],
            [1e-300, 1, 1, nan],
            [1e-300, nan, nan, 1],
        ]
        done = complete(a, method="llsm")
        np.testing.assert_allclose(done.weights, [1.0, 1e-300, 1e-300, 1e-300], rtol=1e-12)
        np.testing.assert_allclose(done.matrix.values[1:, 1:], np.ones((3, 3)), rtol=1e-12)

    def test_overflowing_completion_is_refused_in_full(self) -> None:
        with pytest.raises(
            ValueError,
            match=r"^matrix_with_missing: the completed entries overflow the float64 range; "
            r"the judgments span too many orders of magnitude \(rescale them\)$",
        ):
            complete([[1, 1e200, None], [1e-200, 1, 1e200], [None, 1e-200, 1]], method="llsm")


def test_result_records_the_method_and_the_table() -> None:
    res = weights(_consistent([4, 2, 1]), method="geometric", random_index="saaty2005")
    assert res.method == "geometric"
    assert res.random_index_table == "saaty2005"


def test_hierarchy_input_errors_point_at_the_entry() -> None:
    # the first negative entry is at index 2 (the 0 before it is allowed)
    with pytest.raises(ValueError, match=r"^local_weights must be >= 0; got -0\.2 at index 2$"):
        Hierarchy("goal", ["a", "b", "c", "d"], local_weights=[0.0, 0.5, -0.2, 0.7])
    with pytest.raises(
        TypeError, match=r"^node 'goal': comparisons must be a PairwiseMatrix .*; got list$"
    ):
        Hierarchy("goal", ["a", "b"], comparisons=[[1, 2], [0.5, 1]])  # type: ignore[arg-type]
