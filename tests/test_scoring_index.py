"""Value index, TOPSIS (by hand, with a cost criterion) and the ready-made hierarchies."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from custvalue.datasets import simulate_retail_customers
from custvalue.scoring.ahp import Hierarchy, PairwiseMatrix, weights
from custvalue.scoring.index import (
    bank_hierarchy,
    distributor_hierarchy,
    organisational_hierarchy,
    retail_hierarchy,
    topsis,
    value_index,
)
from custvalue.scoring.weights import entropy_weights

# three alternatives; price (cost), quality (benefit), delivery days (cost)
TOPSIS_X = np.array([[250.0, 16.0, 12.0], [200.0, 16.0, 8.0], [300.0, 32.0, 16.0]])
TOPSIS_W = np.array([0.4, 0.4, 0.2])


def _judged_retail() -> Hierarchy:
    return (
        retail_hierarchy()
        .with_judgments("retail_customer_value", [2, 3, 2])
        .with_judgments("current_value", [2, 3, 2])
        .with_judgments("potential_value", [2, 3, 2])
        .with_judgments("relationship_value", [1 / 2, 2, 1, 3, 2, 1 / 2])
    )


class TestValueIndex:
    def test_plain_weights_by_hand(self) -> None:
        vi = value_index([[100, 2], [300, 8], [200, 5]], [3, 2])
        # weights rescaled to 0.6, 0.4; min-max 0, 1, 0.5 in both columns
        np.testing.assert_allclose(vi.score, [0.0, 1.0, 0.5])
        np.testing.assert_allclose(vi.contributions, [[0, 0], [0.6, 0.4], [0.3, 0.2]])
        np.testing.assert_allclose(vi.weights, [0.6, 0.4])
        assert vi.criteria == vi.indicators == ("x1", "x2")

    def test_cost_indicator(self) -> None:
        vi = value_index([[100, 2], [300, 8], [200, 5]], [0.5, 0.5], directions=["benefit", "cost"])
        np.testing.assert_allclose(vi.score, [0.5, 0.5, 0.5])
        assert vi.directions == ("benefit", "cost")

    def test_hierarchy_contributions_by_criterion(self) -> None:
        h = (
            Hierarchy.from_tree(
                ("value", [("current", ["sales", "profit"]), ("potential", [("risk", "cost")])])
            )
            .with_weights("value", [0.7, 0.3])
            .with_judgments("current", [3])
        )
        df = pd.DataFrame(
            {"risk": [0.1, 0.5, 0.3], "sales": [10.0, 30.0, 20.0], "profit": [1.0, 2.0, 4.0]},
            index=["a", "b", "c"],
        )
        vi = value_index(df, h)
        # global weights: sales 0.525, profit 0.175, risk 0.3 (cost)
        np.testing.assert_allclose(vi.weights, [0.525, 0.175, 0.3])
        sales = np.array([0, 1, 0.5])
        profit = np.array([0, 1 / 3, 1])
        risk = np.array([1, 0, 0.5])
        current = 0.525 * sales + 0.175 * profit
        assert list(vi.contributions.columns) == ["current", "potential"]
        np.testing.assert_allclose(vi.contributions["current"], current)
        np.testing.assert_allclose(vi.contributions["potential"], 0.3 * risk)
        np.testing.assert_allclose(vi.score, current + 0.3 * risk)
        assert list(vi.score.index) == ["a", "b", "c"]
        frame = vi.to_frame()
        assert list(frame.columns) == ["score", "current", "potential"]
        assert list(vi.weights_frame()["indicator"]) == ["sales", "profit", "risk"]
        json.dumps(vi.to_dict())

    def test_weight_inputs(self) -> None:
        df = pd.DataFrame({"a": [1.0, 2.0, 4.0], "b": [3.0, 1.0, 2.0]})
        by_mapping = value_index(df, {"b": 1, "a": 3})
        by_series = value_index(df, pd.Series({"a": 0.75, "b": 0.25}))
        by_array = value_index(df, [0.75, 0.25])
        by_ahp = value_index(df, weights(PairwiseMatrix.from_upper([3], labels=["a", "b"])))
        for other in (by_series, by_array, by_ahp):
            np.testing.assert_allclose(other.score, by_mapping.score)
        ent = entropy_weights(df)
        np.testing.assert_allclose(
            value_index(df, ent).score,
            normalised_sum(df.to_numpy(), ent.weights),
        )

    def test_simulated_customers_recover_latent_order(self) -> None:
        sim = simulate_retail_customers(3000, rng=11)
        vi = value_index(sim.data, _judged_retail())
        truth = sim.latent.to_numpy().sum(axis=1)
        assert np.corrcoef(vi.score, truth)[0, 1] > 0.8
        assert vi.score.between(0, 1).all()
        assert list(vi.contributions.columns) == [
            "current_value",
            "potential_value",
            "relationship_value",
        ]

    def test_errors(self) -> None:
        h = _judged_retail()
        with pytest.raises(ValueError, match=r"data lacks the indicator columns \['tenure'"):
            value_index(simulate_retail_customers(5, rng=1).data.drop(columns="tenure"), h)
        with pytest.raises(ValueError, match=r"one column per indicator \(10"):
            value_index(np.ones((3, 4)), h)
        with pytest.raises(ValueError, match=r"inconsistent numbers of indicators: \[3, 2\]"):
            value_index(np.ones((3, 3)), [1, 1])
        with pytest.raises(ValueError, match=r"one entry per column \(2\); got 3"):
            value_index(pd.DataFrame({"a": [1.0], "b": [2.0]}), [1, 1, 1])
        with pytest.raises(ValueError, match="normalize must be one of"):
            value_index(np.ones((3, 2)), [1, 1], normalize="rank")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="has no judgments"):
            value_index(np.ones((3, 10)), retail_hierarchy())
        with pytest.raises(ValueError, match="weights must be >= 0"):
            value_index(np.ones((3, 2)), [1, -1])

    @given(
        arrays(np.float64, (7, 3), elements=st.integers(-8000, 8000).map(lambda v: v / 8)),
        st.floats(0.1, 50),
    )
    def test_scaling_a_benefit_column_leaves_scores_unchanged(
        self, x: np.ndarray, scale: float
    ) -> None:
        base = value_index(x, [0.2, 0.3, 0.5])
        y = x.copy()
        y[:, 1] *= scale
        np.testing.assert_allclose(value_index(y, [0.2, 0.3, 0.5]).score, base.score, atol=1e-9)
        np.testing.assert_allclose(base.contributions.sum(axis=1), base.score)


def normalised_sum(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    low, high = x.min(axis=0), x.max(axis=0)
    return ((x - low) / (high - low)) @ w


class TestTopsis:
    def test_by_hand_with_cost_criteria(self) -> None:
        res = topsis(TOPSIS_X, TOPSIS_W, directions=["cost", "benefit", "cost"])
        norms = np.sqrt((TOPSIS_X**2).sum(axis=0))
        v = TOPSIS_X / norms * TOPSIS_W
        ideal = np.array([v[:, 0].min(), v[:, 1].max(), v[:, 2].min()])
        anti = np.array([v[:, 0].max(), v[:, 1].min(), v[:, 2].max()])
        dp = np.sqrt(((v - ideal) ** 2).sum(axis=1))
        dm = np.sqrt(((v - anti) ** 2).sum(axis=1))
        np.testing.assert_allclose(res.ideal, ideal)
        np.testing.assert_allclose(res.anti_ideal, anti)
        np.testing.assert_allclose(res.closeness, dm / (dp + dm))
        # worked by hand: norms sqrt(192500), sqrt(1536), sqrt(464), so
        # v[0] = (0.4 * 250 / 438.75, 0.4 * 16 / 39.19, 0.2 * 12 / 21.54)
        np.testing.assert_allclose(v[0], [0.227921, 0.163299, 0.111417], atol=1e-6)
        np.testing.assert_allclose(res.closeness, [0.253047, 0.418648, 0.581352], atol=1e-6)
        assert res.rank.tolist() == [3, 2, 1]

    def test_normalisation_can_change_the_ranking(self) -> None:
        x = np.array([[6.0, 9.0], [3.0, 8.0], [7.0, 1.0]])
        w = [0.5, 0.5]
        by_vector = topsis(x, w)
        by_minmax = topsis(x, w, normalize="minmax")
        assert by_vector.rank.tolist() == [1, 2, 3]
        assert by_minmax.rank.tolist() == [1, 3, 2]
        # min-max by hand: rows (3/4, 1), (0, 7/8), (1, 0) -> closeness of row 2 = 1/2
        assert by_minmax.closeness[2] == pytest.approx(0.5)

    def test_dataframe_and_frame(self) -> None:
        df = pd.DataFrame(TOPSIS_X, columns=["price", "quality", "days"], index=["p", "q", "r"])
        res = topsis(
            df,
            {"quality": 0.4, "price": 0.4, "days": 0.2},
            directions={"price": "cost", "days": "cost"},
        )
        assert isinstance(res.closeness, pd.Series)
        assert res.rank.to_dict() == {"p": 3, "q": 2, "r": 1}
        frame = res.to_frame()
        assert list(frame.columns) == [
            "closeness",
            "rank",
            "distance_to_ideal",
            "distance_to_anti_ideal",
        ]
        json.dumps(res.to_dict())

    def test_identical_alternatives(self) -> None:
        res = topsis([[1.0, 2.0], [1.0, 2.0]], [1, 1])
        assert res.closeness.tolist() == [0.5, 0.5]
        assert res.rank.tolist() == [1, 1]

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="at least 2 alternatives"):
            topsis([[1.0, 2.0]], [1, 1])
        with pytest.raises(ValueError, match=r"inconsistent numbers of indicators: \[3, 2\]"):
            topsis(TOPSIS_X, [1, 1])
        with pytest.raises(ValueError, match="normalize must be one of"):
            topsis(TOPSIS_X, TOPSIS_W, normalize="l1")  # type: ignore[arg-type]

    @given(arrays(np.float64, (6, 3), elements=st.floats(0.01, 1e3)), st.floats(0.1, 10))
    def test_closeness_in_unit_interval_and_scale_free(self, x: np.ndarray, scale: float) -> None:
        a = topsis(x, TOPSIS_W, directions=["cost", "benefit", "benefit"])
        assert ((a.closeness >= 0) & (a.closeness <= 1)).all()
        np.testing.assert_allclose(
            topsis(x * scale, TOPSIS_W, directions=["cost", "benefit", "benefit"]).closeness,
            a.closeness,
            atol=1e-9,
        )


class TestReadyMade:
    @pytest.mark.parametrize(
        ("make", "criteria", "leaves"),
        [
            (retail_hierarchy, 3, 10),
            (bank_hierarchy, 5, 11),
            (organisational_hierarchy, 2, 8),
            (distributor_hierarchy, 2, 8),
        ],
    )
    def test_skeletons(self, make: object, criteria: int, leaves: int) -> None:
        h = make()  # type: ignore[operator]
        assert len(h.children) == criteria
        assert len(h.leaves) == leaves
        assert h.comparisons is None
        assert all(child.comparisons is None for child in h.children)

    def test_retail_cost_indicator_and_options(self) -> None:
        h = retail_hierarchy(random_index="alonso_lamata")
        assert h.find("churn_propensity").direction == "cost"
        assert h.random_index == "alonso_lamata"
        judged = _judged_retail()
        assert sum(judged.global_weights.values()) == pytest.approx(1.0)
        report = judged.consistency_report()
        assert report.nodes == (
            "retail_customer_value",
            "current_value",
            "potential_value",
            "relationship_value",
        )


def test_simulated_customers_are_reproducible() -> None:
    a = simulate_retail_customers(50, rng=3)
    b = simulate_retail_customers(50, rng=3)
    pd.testing.assert_frame_equal(a.data, b.data)
    assert a.data.index.name == "customer_id"
    assert list(a.data.columns) == list(retail_hierarchy().leaves)
    assert a.data["satisfaction"].between(1, 5).all()
    with pytest.raises(ValueError, match="n_customers must be >= 1"):
        simulate_retail_customers(0)


def test_results_are_read_only_values() -> None:
    import copy
    import pickle

    data = pd.DataFrame({"a": [1.0, 2.0, 4.0], "b": [3.0, 1.0, 0.0]}, index=["x", "y", "z"])
    vi = value_index(data, [0.5, 0.5])
    tr = topsis(data, [0.5, 0.5])
    for result, field in ((vi, "score"), (tr, "closeness")):
        with pytest.raises(ValueError, match="read-only"):
            getattr(result, field).iloc[0] = 99.0
        assert pickle.loads(pickle.dumps(result)) == result
        assert copy.deepcopy(result) == result
        assert len(repr(result)) < 1000
    with pytest.raises(ValueError, match="read-only"):
        vi.contributions.iloc[0, 0] = 99.0
    with pytest.raises(ValueError, match="read-only"):
        tr.weights[0] = 99.0


def test_hierarchy_options_checked_when_given() -> None:
    from custvalue.scoring.ahp import Hierarchy
    from custvalue.scoring.index import bank_hierarchy

    with pytest.raises(ValueError, match="threshold must be a number > 0 or 'saaty'; got 'abc'"):
        bank_hierarchy(threshold="abc")
    with pytest.raises(TypeError, match="name must be a string"):
        Hierarchy(None, ["a", "b"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="name must be a string"):
        Hierarchy("goal", ["a", None])
    with pytest.raises(TypeError, match="comparisons must be a PairwiseMatrix"):
        Hierarchy("goal", ["a", "b"], comparisons=[[1, 2], [0.5, 1]])  # type: ignore[arg-type]


def test_value_index_by_segment_by_hand() -> None:
    # min-max: column 1 -> 0, 1, 0.5, 0.75; column 2 -> 0, 1, 0.5, 0
    # contributions 0.6 y1 and 0.4 y2: new (rows 0, 3) x1 (0 + 0.45)/2, x2 0;
    # loyal (rows 1, 2) x1 (0.6 + 0.3)/2 = 0.45, x2 (0.4 + 0.2)/2 = 0.3
    data = pd.DataFrame(
        {"x1": [100.0, 300.0, 200.0, 250.0], "x2": [2.0, 8.0, 5.0, 2.0]}, index=list("pqrs")
    )
    vi = value_index(data, [0.6, 0.4])
    # labels in reverse order: by label p and s are new, q and r loyal
    seg = pd.Series(["new", "loyal", "loyal", "new"], index=list("srqp"))
    table = vi.by_segment(seg)
    assert table["segment"].tolist() == ["new", "loyal"]
    assert table["customers"].tolist() == [2, 2]
    np.testing.assert_allclose(table["mean_score"], [0.225, 0.75], rtol=1e-14)
    np.testing.assert_allclose(table["x1"], [0.225, 0.45], rtol=1e-14)
    np.testing.assert_allclose(table["x2"], [0.0, 0.3], atol=1e-15)
    np.testing.assert_allclose(table["score_share"], [0.45 / 1.95, 1.5 / 1.95], rtol=1e-14)
    with pytest.raises(ValueError, match="different labels"):
        vi.by_segment(seg.set_axis(list("wxyz")))
    with pytest.raises(ValueError, match="one label per customer"):
        value_index(data.to_numpy(), [0.6, 0.4]).by_segment(["a", "b"])
    with pytest.raises(ValueError, match="missing labels"):
        value_index(data.to_numpy(), [0.6, 0.4]).by_segment(["a", None, "b", "a"])


def test_missing_policies() -> None:
    data = pd.DataFrame(
        {"a": [1.0, 2.0, np.nan, 4.0], "b": [4.0, 3.0, 2.0, 1.0]}, index=list("pqrs")
    )
    with pytest.raises(ValueError, match="missing='listwise' or missing='mean'"):
        value_index(data, [0.5, 0.5])
    # listwise: the same as scoring the complete rows alone
    dropped = value_index(data, [0.5, 0.5], missing="listwise")
    alone = value_index(data.drop(index="r"), [0.5, 0.5])
    assert dropped.score.index.tolist() == ["p", "q", "s"]
    np.testing.assert_allclose(dropped.score.to_numpy(), alone.score.to_numpy(), rtol=1e-15)
    # mean: the missing a is the mean of 1, 2, 4 = 7/3
    filled = value_index(data, [0.5, 0.5], missing="mean")
    by_hand = value_index(data.fillna({"a": 7 / 3}), [0.5, 0.5])
    np.testing.assert_allclose(filled.score.to_numpy(), by_hand.score.to_numpy(), rtol=1e-15)
    tr = topsis(data, [0.5, 0.5], missing="listwise")
    np.testing.assert_allclose(
        tr.closeness.to_numpy(), topsis(data.drop(index="r"), [0.5, 0.5]).closeness.to_numpy()
    )
    with pytest.raises(ValueError, match="missing must be one of"):
        topsis(data, [0.5, 0.5], missing="omit")  # type: ignore[arg-type]
