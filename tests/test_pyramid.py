"""Customer pyramid: tiers, tier summaries, concentration, ABC classes, value matrix."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from fractions import Fraction

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custvalue import datasets
from custvalue._results import ConfidenceInterval
from custvalue.pyramid import (
    SCHEMES,
    Concentration,
    Tiers,
    abc_classes,
    assign_tiers,
    concentration,
    kmeans_tiers,
    tier_summary,
    value_matrix,
)

# Ten customers, the top two make exactly 80% of sales (hand-made 80/20 case).
SALES = [5200, 2800, 450, 350, 300, 250, 200, 200, 150, 100]

positive_values = st.lists(
    st.floats(min_value=0.01, max_value=1000.0, allow_nan=False), min_size=1, max_size=50
)
tied_values = st.lists(st.integers(min_value=-3, max_value=6), min_size=1, max_size=40)


# ---------------------------------------------------------------------------
# assign_tiers
# ---------------------------------------------------------------------------


class TestParetoTiers:
    def test_80_20_hand_case(self) -> None:
        t = assign_tiers(SALES, scheme="pareto")
        assert t.names == ("gold", "iron")
        assert t.edges == (2800.0,)
        assert t.labels.tolist() == ["gold"] * 2 + ["iron"] * 8
        assert t.codes.tolist() == [0, 0] + [1] * 8
        assert t.counts() == {"gold": 2, "iron": 8}
        assert (t.scheme, t.by, t.cuts) == ("pareto", "customers", (0.2,))
        assert len(t) == 10

    def test_by_value_default_is_80_percent_of_value(self) -> None:
        # cumulative value 5200, 8000 = 80% of 10,000: the second customer reaches it
        t = assign_tiers(SALES, scheme="pareto", by="value")
        assert t.cuts == (0.8,)
        assert t.counts() == {"gold": 2, "iron": 8}

    def test_crossing_customer_joins_upper_tier_by_value(self) -> None:
        # cumulative 50, 75, 85: the customer worth 10 crosses 80%
        t = assign_tiers([50, 25, 10, 8, 4, 3], scheme="pareto", by="value")
        assert t.labels.tolist() == ["gold"] * 3 + ["iron"] * 3
        assert t.edges == (10.0,)

    def test_by_value_with_losses_uses_net_total(self) -> None:
        # net total 110; cumulative 50, 90, 120, 110: 120 is the first to reach 99
        t = assign_tiers([50, 30, -10, 40], scheme="pareto", by="value", cuts=[0.9])
        assert t.labels.tolist() == ["gold", "gold", "iron", "gold"]
        a = abc_classes([50, 30, -10, 40], cuts=[0.9], include_crossing=False)
        assert a.labels.tolist() == ["A", "B", "B", "A"]

    def test_customer_cut_rounds_up(self) -> None:
        # top 20% of 3 customers: ceil(0.6) = 1 customer
        assert assign_tiers([1, 2, 3], scheme="pareto").labels.tolist() == [
            "iron",
            "iron",
            "gold",
        ]
        # 0.07 * 100 = 7.000000000000001 in floating point: still 7 customers
        t = assign_tiers(np.arange(100.0), scheme="pareto", cuts=[0.07])
        assert t.counts()["gold"] == 7

    def test_ties_at_cut_go_up_together(self) -> None:
        # the cut falls on the first 10; all three 10s share the top tier
        t = assign_tiers([10, 10, 10, 5, 1], scheme="pareto")
        assert t.labels.tolist() == ["gold", "gold", "gold", "iron", "iron"]

    def test_all_equal_values_form_one_tier(self) -> None:
        t = assign_tiers([7.0] * 6, scheme="pareto")
        assert t.counts() == {"gold": 6, "iron": 0}

    def test_single_customer(self) -> None:
        t = assign_tiers([42.0], scheme="pareto")
        assert t.labels.tolist() == ["gold"]
        s = tier_summary([42.0], t)
        assert s["customers"].tolist() == [1, 0]
        assert math.isnan(s["mean_value"][1])


class TestZeithamlTiers:
    def test_default_cuts_on_positive_customers(self) -> None:
        # 100 positive customers 1..100 and 20 loss-makers: the cuts are shares
        # of the positive ones: 1, 4, 15 and the rest (80) plus all losses
        values = np.concatenate([np.arange(1.0, 101.0), -np.arange(1.0, 21.0)])
        t = assign_tiers(values)
        assert t.counts() == {"platinum": 1, "gold": 4, "iron": 15, "lead": 100}
        assert t.edges == (100.0, 96.0, 81.0)
        assert set(t.labels[100:]) == {"lead"}

    def test_zero_value_is_lead(self) -> None:
        t = assign_tiers([0.0, 0.0, 5.0], scheme="zeithaml")
        assert t.labels.tolist() == ["lead", "lead", "platinum"]

    def test_all_negative_customers_are_lead(self) -> None:
        t = assign_tiers([-1.0, -5.0])
        assert t.labels.tolist() == ["lead", "lead"]
        assert t.edges == (math.inf, math.inf, math.inf)

    def test_thresholds(self) -> None:
        t = assign_tiers([900, 300, 40, -25, 120, 100], by="threshold", cuts=(500, 100, 50))
        assert t.labels.tolist() == ["platinum", "gold", "lead", "lead", "gold", "gold"]
        assert t.edges == (500.0, 100.0, 50.0)

    def test_by_value_with_losses(self) -> None:
        # positive total 100: 50 makes the first 50%, 50+30 the first 80%
        t = assign_tiers([50, 30, 15, 5, -40], by="value", cuts=(0.5, 0.8, 0.95), labels=None)
        assert t.labels.tolist() == ["platinum", "gold", "iron", "lead", "lead"]

    def test_custom_labels_and_cut_count(self) -> None:
        # 5 positive customers: top ceil(1.0) = 1, then up to ceil(3.0) = 3
        t = assign_tiers([5, 4, 3, 2, 1, -1], cuts=(0.2, 0.6), labels=("A", "B", "C"))
        assert t.labels.tolist() == ["A", "B", "B", "C", "C", "C"]


class TestCurryTiers:
    def test_inactive_tier_and_cuts_on_active(self) -> None:
        values = np.concatenate([np.zeros(5), np.arange(1.0, 101.0)])
        t = assign_tiers(values, scheme="curry")
        assert t.names == ("top", "big", "medium", "small", "inactive")
        assert t.counts() == {"top": 1, "big": 4, "medium": 15, "small": 80, "inactive": 5}
        assert t.edges == (100.0, 96.0, 81.0, 1.0)

    def test_all_inactive(self) -> None:
        t = assign_tiers([0.0, 0.0], scheme="curry")
        assert t.labels.tolist() == ["inactive", "inactive"]

    def test_negative_values_refused(self) -> None:
        with pytest.raises(ValueError, match=r"values must be >= 0 for scheme='curry'.*index 1"):
            assign_tiers([1.0, -2.0], scheme="curry")


class TestCustomAndPandas:
    def test_custom_scheme(self) -> None:
        t = assign_tiers(
            [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
            scheme="custom",
            cuts=(0.1, 0.5),
            labels=("best", "middle", "rest"),
        )
        assert t.counts() == {"best": 1, "middle": 4, "rest": 5}

    def test_series_keeps_index_with_ordered_categorical(self) -> None:
        s = pd.Series([100.0, 5.0, 60.0, -3.0], index=["w", "x", "y", "z"], name="profit")
        t = assign_tiers(s, by="threshold", cuts=(80, 50, 10))
        labels = t.labels
        assert isinstance(labels, pd.Series)
        assert labels.index.tolist() == ["w", "x", "y", "z"]
        assert labels.cat.ordered
        assert labels.cat.categories.tolist() == ["platinum", "gold", "iron", "lead"]
        assert labels.tolist() == ["platinum", "lead", "gold", "lead"]
        frame = t.to_frame()
        assert frame.columns.tolist() == ["tier", "tier_code"]
        assert frame["tier_code"].tolist() == [0, 3, 1, 3]

    def test_numpy_input_gives_numpy_labels_and_no_input_mutation(self) -> None:
        v = np.array([3.0, 1.0, 2.0])
        labels = assign_tiers(v, scheme="pareto").labels
        assert isinstance(labels, np.ndarray)
        np.testing.assert_array_equal(v, [3.0, 1.0, 2.0])

    def test_result_is_frozen_and_serialisable(self) -> None:
        t = assign_tiers(SALES, scheme="pareto")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            t.scheme = "x"  # type: ignore[misc]
        d = json.loads(json.dumps(t.to_dict()))
        assert d["edges"] == [2800.0]
        assert d["names"] == ["gold", "iron"]

    def test_readme_calls(self) -> None:
        values = np.random.default_rng(0).lognormal(3, 1.2, size=10_000)
        tiers = assign_tiers(values, scheme="zeithaml")
        assert tiers.counts() == {"platinum": 100, "gold": 400, "iron": 1500, "lead": 8000}
        share = concentration(values).customers_for_share(0.8)
        assert 0.3 < share < 0.45

    def test_schemes_table(self) -> None:
        for names, cuts in SCHEMES.values():
            assert len(set(names)) == len(names)
            assert list(cuts) == sorted(cuts)


class TestAssignTiersErrors:
    @pytest.mark.parametrize(
        ("kwargs", "exc", "match"),
        [
            ({"scheme": "abc"}, ValueError, "scheme must be one of .*got 'abc'"),
            ({"by": "rank"}, ValueError, "by must be one of .*got 'rank'"),
            ({"cuts": (0.2, 1.2)}, ValueError, r"cuts must be in \(0, 1\); got 1.2 at index 1"),
            ({"cuts": (0.0, 0.5)}, ValueError, r"cuts must be in \(0, 1\); got 0 at index 0"),
            (
                {"cuts": (0.5, 0.2, 0.7)},
                ValueError,
                "cuts must be strictly increasing; got 0.2 after 0.5 at index 1",
            ),
            (
                {"cuts": (0.1, 0.5)},
                ValueError,
                "scheme='zeithaml' has 4 tiers, so cuts needs 3 values; got 2",
            ),
            (
                {"by": "threshold", "cuts": (10, 50, 100)},
                ValueError,
                "cuts must be strictly decreasing; got 50 after 10 at index 1",
            ),
            (
                {"by": "threshold", "cuts": (10, 5, -1)},
                ValueError,
                r"cuts for scheme='zeithaml' must be > 0; got -1 at index 2",
            ),
            ({"by": "threshold"}, ValueError, "cuts .* are required for by='threshold'"),
            (
                {"by": "value"},
                ValueError,
                "cuts are required for scheme='zeithaml' with by='value'",
            ),
            ({"scheme": "custom", "labels": ("a", "b")}, ValueError, "cuts are required"),
            ({"scheme": "custom", "cuts": (0.5,)}, ValueError, "labels are required"),
            (
                {"labels": ("a", "b")},
                ValueError,
                "labels must name 4 tiers for scheme='zeithaml' with 3 cuts; got 2",
            ),
            ({"labels": ("a", "a", "b", "c")}, ValueError, "labels must be distinct; got 'a'"),
            ({"labels": ("a", 1, "b", "c")}, TypeError, "labels must be strings; got 1 at index 1"),
            ({"labels": "abcd"}, TypeError, "labels must be a sequence of tier names"),
            ({"cuts": "0.5"}, TypeError, "cuts must be numeric"),
        ],
    )
    def test_bad_options(self, kwargs: dict[str, object], exc: type[Exception], match: str) -> None:
        with pytest.raises(exc, match=match):
            assign_tiers([5.0, 3.0, 1.0], **kwargs)  # type: ignore[arg-type]

    def test_bad_values(self) -> None:
        with pytest.raises(ValueError, match="values must not be empty"):
            assign_tiers([])
        with pytest.raises(ValueError, match="values must not contain NaN or infinity; got nan"):
            assign_tiers([1.0, np.nan])
        with pytest.raises(TypeError, match="values must be numeric; got text 'a' at index 1"):
            assign_tiers([1, "a"])
        with pytest.raises(ValueError, match="values must be 1-D"):
            assign_tiers([[1.0, 2.0]])

    def test_by_value_needs_positive_total(self) -> None:
        with pytest.raises(ValueError, match="by='value' needs a positive total value"):
            assign_tiers([-5.0, 1.0], scheme="pareto", by="value")


# ---------------------------------------------------------------------------
# tier_summary
# ---------------------------------------------------------------------------


class TestTierSummary:
    def test_hand_computed(self) -> None:
        s = tier_summary(SALES, assign_tiers(SALES, scheme="pareto"))
        assert s.columns.tolist() == [
            "tier",
            "customers",
            "customer_share",
            "total_value",
            "value_share",
            "mean_value",
            "median_value",
        ]
        assert s["customers"].tolist() == [2, 8]
        np.testing.assert_allclose(s["customer_share"], [0.2, 0.8], rtol=0, atol=1e-15)
        np.testing.assert_allclose(s["total_value"], [8000.0, 2000.0], rtol=1e-15)
        np.testing.assert_allclose(s["value_share"], [0.8, 0.2], rtol=1e-15)
        np.testing.assert_allclose(s["mean_value"], [4000.0, 250.0], rtol=1e-15)
        # iron: 450 350 300 250 200 200 150 100 -> median (250 + 200) / 2
        np.testing.assert_allclose(s["median_value"], [4000.0, 225.0], rtol=1e-15)

    def test_odd_tier_median_and_empty_tier(self) -> None:
        values = [9.0, 9.0, 9.0, 4.0, 1.0, 2.0]
        s = tier_summary(values, assign_tiers(values, scheme="pareto"))
        assert s["customers"].tolist() == [3, 3]
        assert s["median_value"].tolist() == [9.0, 2.0]
        t = assign_tiers([5.0, 5.0], scheme="pareto")
        s2 = tier_summary([5.0, 5.0], t)
        assert s2["customers"].tolist() == [2, 0]
        assert math.isnan(s2["median_value"][1])
        assert math.isnan(s2["mean_value"][1])
        assert s2["total_value"][1] == 0.0

    def test_losses_give_negative_value_share(self) -> None:
        values = [60.0, 30.0, 20.0, -10.0]  # total 100
        t = assign_tiers(values, by="threshold", cuts=(50, 25, 10))
        s = tier_summary(values, t)
        np.testing.assert_allclose(s["value_share"], [0.6, 0.3, 0.2, -0.1], rtol=1e-14)
        assert s["value_share"].sum() == pytest.approx(1.0, abs=1e-14)

    def test_other_measure_than_the_tiers_uses_group_statistics(self) -> None:
        rng = np.random.default_rng(3)
        x = rng.lognormal(size=500)
        y = rng.gamma(2.0, size=500)
        t = assign_tiers(x)
        s = tier_summary(y, t)
        ref = pd.DataFrame({"tier": t.labels, "y": y}).groupby("tier", sort=False)["y"]
        for row in s.itertuples():
            grp = ref.get_group(row.tier)
            assert row.customers == len(grp)
            assert row.total_value == pytest.approx(grp.sum(), rel=1e-12)
            assert row.median_value == pytest.approx(grp.median(), rel=1e-12)

    def test_interval_path_matches_group_path(self) -> None:
        from custvalue.pyramid import _group_stats, _interval_stats

        v = np.random.default_rng(4).lognormal(size=1001)
        t = assign_tiers(v)
        fast = _interval_stats(v.copy(), t.edges)
        slow = _group_stats(v, t.codes, t.n_tiers)
        np.testing.assert_array_equal(fast[0], slow[0])
        np.testing.assert_allclose(fast[1], slow[1], rtol=1e-12)
        np.testing.assert_array_equal(fast[2], slow[2])

    def test_market_share_sequence_and_mapping(self) -> None:
        t = assign_tiers(SALES, scheme="pareto")
        s = tier_summary(SALES, t, market_share=[0.05, 0.95])
        assert s["market_share"].tolist() == [0.05, 0.95]
        s2 = tier_summary(SALES, t, market_share={"iron": 0.95, "gold": 0.05})
        assert s2["market_share"].tolist() == [0.05, 0.95]

    def test_series_values(self) -> None:
        s = pd.Series(SALES, index=list("abcdefghij"))
        out = tier_summary(s, assign_tiers(s, scheme="pareto"))
        assert out["total_value"].tolist() == [8000.0, 2000.0]
        with pytest.raises(ValueError, match="tiers and values have different labels"):
            tier_summary(s.set_axis(list("klmnopqrst")), assign_tiers(s, scheme="pareto"))

    def test_errors(self) -> None:
        t = assign_tiers(SALES, scheme="pareto")
        with pytest.raises(ValueError, match=r"values, tiers have inconsistent lengths: \[9, 10\]"):
            tier_summary(SALES[:-1], t)
        with pytest.raises(TypeError, match="tiers must be a Tiers result"):
            tier_summary(SALES, t.codes)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="positive total value"):
            tier_summary([-x for x in SALES], t)
        with pytest.raises(ValueError, match=r"one share per tier \(2\); got 3"):
            tier_summary(SALES, t, market_share=[0.1, 0.2, 0.7])
        with pytest.raises(ValueError, match=r"market_share must be in \[0, 1\]; got 1.5"):
            tier_summary(SALES, t, market_share=[1.5, 0.2])
        with pytest.raises(ValueError, match="unknown tier 'lead'"):
            tier_summary(SALES, t, market_share={"gold": 0.1, "lead": 0.9})
        with pytest.raises(ValueError, match="missing tier 'iron'"):
            tier_summary(SALES, t, market_share={"gold": 0.1})

    @given(tied_values, st.sampled_from(["pareto", "zeithaml"]))
    def test_shares_sum_to_one_and_ties_share_a_tier(self, raw: list[int], scheme: str) -> None:
        values = np.asarray(raw, dtype=float) + 0.5  # never a zero total
        if values.sum() <= 0:
            values = np.append(values, 10.0 - values.sum())
        t = assign_tiers(values, scheme=scheme)  # type: ignore[arg-type]
        s = tier_summary(values, t)
        assert s["customer_share"].sum() == pytest.approx(1.0, abs=1e-12)
        assert s["value_share"].sum() == pytest.approx(1.0, abs=1e-9)
        assert s["customers"].sum() == values.size
        for x in np.unique(values):
            assert np.unique(t.codes[values == x]).size == 1
        # higher value never sits in a lower tier
        order = np.argsort(-values, kind="stable")
        assert np.all(np.diff(t.codes[order]) >= 0)


# ---------------------------------------------------------------------------
# concentration
# ---------------------------------------------------------------------------


class TestConcentration:
    def test_gini_textbook_value(self) -> None:
        # sum |xi - xj| over ordered pairs = 80, 2 n^2 mean = 200 -> 0.40
        c = concentration([1, 2, 3, 4, 10])
        assert c.gini == pytest.approx(0.40, abs=1e-15)
        np.testing.assert_allclose(c.lorenz_y, [0, 0.05, 0.15, 0.30, 0.50, 1.0], atol=1e-15)
        np.testing.assert_allclose(c.lorenz_x, [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        assert c.total_value == 20.0
        assert c.n_customers == 5

    def test_small_sample_factor(self) -> None:
        c = concentration([1, 2, 3, 4, 10], small_sample=True)
        assert c.gini == pytest.approx(0.50, abs=1e-15)
        assert c.small_sample

    def test_extremes(self) -> None:
        assert concentration([3.0] * 7).gini == pytest.approx(0.0, abs=1e-15)
        assert concentration([5.0]).gini == 0.0
        assert concentration([0, 0, 0, 10]).gini == pytest.approx(0.75, abs=1e-15)
        assert concentration([0, 0, 0, 10], small_sample=True).gini == pytest.approx(1.0)

    def test_negative_values(self) -> None:
        # [-2, 1, 3, 8]: sum |xi - xj| = 64 over ordered pairs, 2 n^2 mean = 80
        c = concentration([8, -2, 3, 1])
        assert c.gini == pytest.approx(0.8, abs=1e-15)
        assert c.n_negative == 1
        np.testing.assert_allclose(c.lorenz_y, [0, -0.2, -0.1, 0.2, 1.0], atol=1e-15)
        # top customer: 8 of 10; top two: 11 of 10
        assert c.top_share(0.25) == pytest.approx(0.8)
        assert c.top_share(0.5) == pytest.approx(1.1)
        assert c.customers_for_share(0.9) == 0.5
        assert c.customers_for_share(1.0) == 0.5
        # Gini above 1: losses large against the net total
        # [-9, 1, 1, 10]: sum |xi - xj| = 114, 2 n^2 mean = 24
        assert concentration([-9, 1, 1, 10]).gini == pytest.approx(4.75, abs=1e-12)

    def test_top_share_and_inverse_hand_case(self) -> None:
        c = concentration([1, 2, 3, 4, 10])
        assert c.top_share(0.2) == pytest.approx(0.5)
        assert c.top_share(0.1) == pytest.approx(0.25)  # half of the top customer
        assert c.top_share(0.0) == 0.0
        assert c.top_share(1.0) == pytest.approx(1.0)
        np.testing.assert_allclose(c.top_share([0.2, 0.4]), [0.5, 0.7])
        assert c.customers_for_share(0.5) == 0.2  # exactly on the boundary
        assert c.customers_for_share(0.5000001) == 0.4
        assert c.customers_for_share(0.0) == 0.0
        assert c.customers_for_share(1.0) == 1.0
        assert isinstance(c.customers_for_share(0.5), float)

    def test_series_in_series_out(self) -> None:
        c = concentration([1, 2, 3, 4, 10])
        out = c.top_share(pd.Series([0.2, 0.4], index=["a", "b"]))
        assert isinstance(out, pd.Series)
        assert out.index.tolist() == ["a", "b"]

    def test_to_frame_and_dict(self) -> None:
        c = concentration([1, 2, 3, 4, 10])
        f = c.to_frame()
        assert f.columns.tolist() == ["customer_share", "value_share"]
        assert len(f) == 6
        assert isinstance(c, Concentration)
        json.dumps(c.to_dict())

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="concentration needs a positive total value"):
            concentration([-1.0, 1.0])
        with pytest.raises(ValueError, match="concentration needs a positive total value"):
            concentration([0.0, 0.0])
        with pytest.raises(ValueError, match="small_sample=True needs at least 2 customers"):
            concentration([1.0], small_sample=True)
        with pytest.raises(TypeError, match="small_sample must be True or False"):
            concentration([1.0, 2.0], small_sample="yes")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="values must not be empty"):
            concentration([])
        c = concentration([1.0, 2.0])
        with pytest.raises(ValueError, match=r"fraction must be in \[0, 1\]; got 1.5"):
            c.top_share(1.5)
        with pytest.raises(ValueError, match=r"value_share must be in \[0, 1\]; got -0.1"):
            c.customers_for_share(-0.1)

    @given(positive_values)
    def test_lorenz_properties(self, raw: list[float]) -> None:
        c = concentration(raw)
        y = c.lorenz_y
        assert y[0] == 0.0
        assert y[-1] == 1.0
        assert c.lorenz_x[-1] == 1.0
        slopes = np.diff(y)
        assert np.all(np.diff(slopes) >= -1e-12)  # convex
        assert np.all(y[1:-1] <= c.lorenz_x[1:-1] + 1e-12)  # below the diagonal
        assert -1e-12 <= c.gini <= 1 - 1 / len(raw) + 1e-12
        # Gini as the mean absolute difference
        v = np.asarray(raw)
        mad = np.abs(v[:, None] - v[None, :]).sum() / (2 * v.size**2 * v.mean())
        assert c.gini == pytest.approx(mad, abs=1e-9)

    @given(positive_values, st.floats(min_value=0.0, max_value=1.0))
    def test_customers_for_share_inverts_top_share(self, raw: list[float], s: float) -> None:
        c = concentration(raw)
        n = c.n_customers
        for k in range(n + 1):
            assert c.customers_for_share(c.top_share(k / n)) == pytest.approx(k / n)
        f = c.customers_for_share(s)
        assert c.top_share(f) >= s - 1e-10
        if f > 0:
            assert c.top_share(f - 1 / n) < s

    @given(
        st.lists(st.floats(min_value=0.01, max_value=1000.0), min_size=2, max_size=40, unique=True)
    )
    def test_value_tiers_match_customers_for_share(self, raw: list[float]) -> None:
        t = assign_tiers(raw, scheme="pareto", by="value", cuts=[0.6])
        c = concentration(raw)
        assert t.counts()["gold"] == round(c.customers_for_share(0.6) * c.n_customers)


# ---------------------------------------------------------------------------
# ABC classes, value matrix, k-means tiers
# ---------------------------------------------------------------------------


class TestABC:
    def test_hand_case_with_and_without_crossing(self) -> None:
        v = [50, 25, 10, 8, 4, 3]  # cumulative 50, 75, 85, 93, 97, 100
        a = abc_classes(v)
        assert a.labels.tolist() == ["A", "A", "A", "B", "B", "C"]
        assert (a.scheme, a.by, a.names) == ("abc", "value", ("A", "B", "C"))
        b = abc_classes(v, include_crossing=False)
        assert b.labels.tolist() == ["A", "A", "B", "B", "C", "C"]

    def test_exact_hit_is_the_same_either_way(self) -> None:
        v = [60, 20, 15, 5]  # 80% reached exactly by the second item
        assert abc_classes(v).labels.tolist() == ["A", "A", "B", "C"]
        assert abc_classes(v, include_crossing=False).labels.tolist() == ["A", "A", "B", "C"]

    def test_tie_group_at_crossing(self) -> None:
        v = [40, 30, 30, 0.5]  # the 30s straddle 80%
        assert abc_classes(v, cuts=[0.8]).labels.tolist() == ["A", "A", "A", "B"]
        assert abc_classes(v, cuts=[0.8], include_crossing=False).labels.tolist() == [
            "A",
            "B",
            "B",
            "B",
        ]
        # nothing fits under the cut: A is empty
        assert abc_classes([90, 10], cuts=[0.5], include_crossing=False).labels.tolist() == [
            "B",
            "B",
        ]

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="cuts must be strictly increasing"):
            abc_classes([1, 2], cuts=(0.9, 0.8))
        with pytest.raises(TypeError, match="include_crossing must be True or False"):
            abc_classes([1, 2], include_crossing=1)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="positive total value"):
            abc_classes([-1.0, -2.0])


class TestValueMatrix:
    def test_median_cuts_and_summary(self) -> None:
        vm = value_matrix([120, 80, 10, 5], [30, 200, 150, 20])
        assert (vm.current_cut, vm.potential_cut) == (45.0, 90.0)
        assert vm.labels.tolist() == [
            "high current, low potential",
            "high current, high potential",
            "low current, high potential",
            "low current, low potential",
        ]
        s = vm.to_frame()
        assert s["customers"].tolist() == [1, 1, 1, 1]
        assert s["current_total"].tolist() == [80.0, 120.0, 10.0, 5.0]
        assert s["potential_total"].tolist() == [200.0, 30.0, 150.0, 20.0]

    def test_explicit_cuts_ties_are_high_and_labels(self) -> None:
        names = {
            (True, True): "platinum",
            (True, False): "gold",
            (False, True): "iron",
            (False, False): "lead",
        }
        vm = value_matrix([10, 10, 3], [5, 1, 9], current_cut=10, potential_cut=5, labels=names)
        assert vm.labels.tolist() == ["platinum", "gold", "iron"]
        s = vm.to_frame()
        assert s["customers"].tolist() == [1, 1, 1, 0]
        assert math.isnan(s["mean_current"][3])

    def test_series(self) -> None:
        cur = pd.Series([1.0, 5.0, 9.0], index=[7, 8, 9])
        vm = value_matrix(cur, [3.0, 2.0, 1.0])
        assert vm.labels.index.tolist() == [7, 8, 9]
        assert vm.to_frame(per="customer").index.tolist() == [7, 8, 9]

    def test_series_are_paired_by_label(self) -> None:
        # the same customers in another order: pairing by position would
        # give customer "a" the potential of customer "d"
        cur = pd.Series([1.0, 2.0, 3.0, 4.0], index=list("abcd"))
        pot = pd.Series([4.0, 3.0, 2.0, 1.0], index=list("dcba"))
        vm = value_matrix(cur, pot)
        # by label every customer has potential == current: "d" (4, 4) is high/high
        assert vm.potential.tolist() == [1.0, 2.0, 3.0, 4.0]
        assert vm.labels.index.tolist() == list("abcd")
        assert vm == value_matrix(cur, pot.reindex(cur.index))
        with pytest.raises(ValueError, match="'a' is in current but not in potential"):
            value_matrix(cur, pot.set_axis(list("ebcd")))
        vm = value_matrix(cur, pot.reindex(cur.index))
        assert vm.high_potential.tolist() == [False, False, True, True]

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"current, potential have inconsistent lengths"):
            value_matrix([1, 2], [1, 2, 3])
        with pytest.raises(ValueError, match="labels must name every quadrant"):
            value_matrix([1, 2], [1, 2], labels={(True, True): "a"})
        with pytest.raises(TypeError, match="labels must be a mapping"):
            value_matrix([1, 2], [1, 2], labels=["a", "b", "c", "d"])  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="current_cut must not contain NaN"):
            value_matrix([1, 2], [1, 2], current_cut=float("nan"))


class TestKMeansTiers:
    def test_clear_clusters(self) -> None:
        t = kmeans_tiers([1, 2, 3, 50, 52, 400], n_tiers=3, rng=0)
        assert t.labels.tolist() == ["tier 3"] * 3 + ["tier 2"] * 2 + ["tier 1"]
        assert t.cuts == pytest.approx((400.0, 51.0, 2.0))
        assert t.edges == pytest.approx((225.5, 26.5))

    def test_agrees_with_sklearn_and_is_seeded(self) -> None:
        from sklearn.cluster import KMeans

        v = np.random.default_rng(5).lognormal(2, 1, size=300)
        t = kmeans_tiers(v, n_tiers=4, labels=["p", "g", "i", "l"], rng=1)
        assert kmeans_tiers(v, n_tiers=4, rng=1).codes.tolist() == t.codes.tolist()
        km = KMeans(n_clusters=4, n_init=10, random_state=0).fit(v.reshape(-1, 1))
        # same partition up to the order of the clusters
        pairs = set(zip(t.codes.tolist(), km.labels_.tolist(), strict=True))
        assert len(pairs) == 4
        means = [v[t.codes == j].mean() for j in range(4)]
        assert means == sorted(means, reverse=True)

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"n_tiers must not exceed the number of distinct"):
            kmeans_tiers([1.0, 1.0, 2.0], n_tiers=3)
        with pytest.raises(ValueError, match="n_tiers must be >= 2"):
            kmeans_tiers([1.0, 2.0], n_tiers=1)
        with pytest.raises(TypeError, match="rng must be None"):
            kmeans_tiers([1.0, 2.0, 3.0], n_tiers=2, rng="x")
        with pytest.raises(ValueError, match="labels must name 2 tiers"):
            kmeans_tiers([1.0, 2.0, 3.0], n_tiers=2, labels=["a"])


# ---------------------------------------------------------------------------
# textbook examples and simulators
# ---------------------------------------------------------------------------


class TestTextbookExamples:
    def test_appliance_value_shares_computed_from_the_printed_table(self) -> None:
        # A real reproduction: each tier's share of the firm's value follows
        # from the printed customers % and value columns alone (tier total =
        # customers x mean), whatever the spread within tiers. Expected values:
        # exact fractions of the printed numbers, e.g. 18 x 107.76 / 4534.97.
        published = datasets.APPLIANCE_TIERS
        totals = [Fraction(str(c)) * 10 * Fraction(str(v)) for _, v, _, c in published]
        grand = sum(totals)
        assert grand == Fraction("4534.97")
        base = datasets.appliance_maker_customers()
        t = assign_tiers(
            base.value, scheme="custom", cuts=base.customer_cuts, labels=base.tier_names
        )
        s = tier_summary(base.value, t)
        np.testing.assert_allclose(s["value_share"], [float(x / grand) for x in totals], rtol=1e-12)
        # the top two tiers (11% of customers) make 104.6% of the value
        assert float((totals[0] + totals[1]) / grand) == pytest.approx(1.0463, abs=5e-5)

    def test_appliance_base_is_calibrated_to_the_table(self) -> None:
        # Not a reproduction: the base is built from the printed table
        # (course material, household-appliance maker), so this checks only
        # that the calibration holds and that tiering round-trips.
        base = datasets.appliance_maker_customers()
        t = assign_tiers(
            base.value, scheme="custom", cuts=base.customer_cuts, labels=base.tier_names
        )
        s = tier_summary(base.value, t, market_share=base.market_share)
        published = datasets.APPLIANCE_TIERS
        assert s["tier"].tolist() == [row[0] for row in published]
        np.testing.assert_allclose(s["mean_value"], [row[1] for row in published], atol=1e-12)
        np.testing.assert_allclose(
            100 * s["market_share"], [row[2] for row in published], atol=1e-12
        )
        np.testing.assert_allclose(
            100 * s["customer_share"], [row[3] for row in published], atol=1e-12
        )
        # tiers do not overlap, so thresholds give the same tiers
        t2 = assign_tiers(
            base.value, scheme="custom", by="threshold", cuts=t.edges, labels=base.tier_names
        )
        np.testing.assert_array_equal(t.codes, t2.codes)

    def test_brokerage_simulator_honours_its_calibration(self) -> None:
        # Not a reproduction: the simulator is calibrated to the consulting
        # report (6,512 customers, 281 make ~60% of contribution, CNY 8.01 m;
        # 3,848 the other 40%; 2,383 inactive; net commission CNY 11,773,741,
        # spread income CNY 1,572,989) and redraws until the 60% group is
        # exactly 281. This checks that it keeps that promise and that
        # concentration and assign_tiers find the group it drew.
        b = datasets.simulate_brokerage_customers(rng=2024)
        contribution = b.contribution
        assert contribution.size == 6512
        assert b.net_commission.sum() == pytest.approx(11_773_741, abs=1e-3)
        assert b.spread_income.sum() == pytest.approx(1_572_989, abs=1e-3)
        c = concentration(contribution)
        assert round(c.customers_for_share(0.6) * c.n_customers) == 281
        assert round(100 * c.customers_for_share(0.6)) == 4
        assert round(c.customers_for_share(1.0) * c.n_customers) == 281 + 3848
        t = assign_tiers(
            contribution, scheme="custom", by="value", cuts=[0.6], labels=["core", "other"]
        )
        core = t.labels == "core"
        np.testing.assert_array_equal(core, b.group == "core")
        s = tier_summary(contribution, t)
        assert s["total_value"][0] == pytest.approx(8_010_000, abs=1e-3)
        # the asset-based segments are not the value tiers
        assert not np.array_equal(b.asset_segment == "large", core)
        np.testing.assert_allclose(
            b.net_commission, b.traded_amount * b.commission_rate - b.rebates
        )
        assert np.all(b.spread_income[b.group == "inactive"] == 0)
        assert set(b.to_frame().columns) >= {"contribution", "asset_segment", "group"}

    def test_brokerage_is_seeded(self) -> None:
        a = datasets.simulate_brokerage_customers(rng=7).contribution
        b = datasets.simulate_brokerage_customers(rng=7).contribution
        np.testing.assert_array_equal(a, b)

    def test_customer_profits(self) -> None:
        base = datasets.simulate_customer_profits(500, negative_share=0.3, rng=4)
        assert base.n_negative == 150
        assert int((base.profit < 0).sum()) == 150
        assert np.all(base.revenue > 0)
        assert np.all(base.cost_to_serve > 0)
        t = assign_tiers(base.profit)
        assert np.all(t.labels[base.profit < 0] == "lead")
        s = tier_summary(base.profit, t)
        assert s["mean_value"].is_monotonic_decreasing
        lead = s.iloc[-1]
        assert lead["value_share"] < lead["customer_share"]
        assert base.to_frame().shape == (500, 3)
        with pytest.raises(ValueError, match=r"negative_share must be in \[0, 1\]; got 2"):
            datasets.simulate_customer_profits(10, negative_share=2)


def test_tiers_type_exported() -> None:
    assert isinstance(assign_tiers([1.0]), Tiers)


# ---------------------------------------------------------------------------
# degenerate input, input checks and properties across the module
# ---------------------------------------------------------------------------


mixed_values = st.lists(st.integers(min_value=-6, max_value=12), min_size=1, max_size=30)


class TestDegenerateInput:
    def test_single_customer_everywhere(self) -> None:
        c = concentration([8.0])
        assert c.gini == 0.0
        np.testing.assert_array_equal(c.lorenz_y, [0.0, 1.0])
        # half of the only customer's value; one customer needed for any share
        assert c.top_share(0.5) == pytest.approx(0.5, abs=1e-15)
        assert c.customers_for_share(0.01) == 1.0
        assert abc_classes([8.0]).labels.tolist() == ["A"]
        vm = value_matrix([8.0], [3.0])
        assert (vm.current_cut, vm.potential_cut) == (8.0, 3.0)
        assert vm.labels.tolist() == ["high current, high potential"]
        with pytest.raises(ValueError, match=r"n_tiers must not exceed the number of distinct"):
            kmeans_tiers([8.0], n_tiers=2)

    def test_all_equal_values_everywhere(self) -> None:
        values = [4.0] * 10
        c = concentration(values)
        assert c.gini == pytest.approx(0.0, abs=1e-15)
        # the Lorenz curve is the diagonal: the top x% hold x%
        np.testing.assert_allclose(c.lorenz_y, np.linspace(0, 1, 11), atol=1e-15)
        assert c.top_share(0.2) == pytest.approx(0.2, abs=1e-15)
        assert c.customers_for_share(0.6) == pytest.approx(0.6, abs=1e-15)
        # one tie group: every tiering puts it in the top tier, the rest is empty
        t = assign_tiers(values)
        assert t.counts() == {"platinum": 10, "gold": 0, "iron": 0, "lead": 0}
        assert t.edges == (4.0, 4.0, 4.0)
        assert abc_classes(values).counts() == {"A": 10, "B": 0, "C": 0}
        assert abc_classes(values, include_crossing=False).counts() == {"A": 0, "B": 0, "C": 10}
        s = tier_summary(values, t)
        assert s["customers"].tolist() == [10, 0, 0, 0]
        assert s["value_share"].tolist() == [1.0, 0.0, 0.0, 0.0]
        assert value_matrix(values, values).to_frame()["customers"].tolist() == [10, 0, 0, 0]

    def test_huge_values_give_an_error_not_a_numpy_warning(self) -> None:
        # float64 ends near 1.8e308: the sums of these values overflow
        big = [1e308, 1e308, 5.0]
        match = "too large to add up in float64"
        with pytest.raises(ValueError, match=match):
            concentration(big)
        with pytest.raises(ValueError, match=match):
            assign_tiers(big, scheme="pareto", by="value")
        with pytest.raises(ValueError, match=match):
            abc_classes(big)
        with pytest.raises(ValueError, match=match):
            tier_summary(big, assign_tiers(big, scheme="pareto"))
        with pytest.raises(ValueError, match="current values are too large"):
            value_matrix(big, [1.0, 2.0, 3.0])
        # customer-share tiers need no sums
        assert assign_tiers(big, scheme="pareto").counts() == {"gold": 2, "iron": 1}
        # tier totals 1e300, -1e300, 1e-300: the total 1e-300 gives no shares
        t = assign_tiers(
            [3.0, 2.0, 1.0],
            scheme="custom",
            by="threshold",
            cuts=(2.5, 1.5),
            labels=("a", "b", "c"),
        )
        with pytest.raises(ValueError, match="total value 1e-300 is too small against"):
            tier_summary([1e300, -1e300, 1e-300], t)

    def test_kmeans_is_scale_free_and_handles_huge_values(self) -> None:
        v = np.array([1.0, 2.0, 3.0, 50.0, 52.0, 400.0])
        t = kmeans_tiers(v, n_tiers=3, rng=0)
        # a power of two rescales every step of k-means exactly
        big = kmeans_tiers(v * 2.0**1010, n_tiers=3, rng=0)
        np.testing.assert_array_equal(big.codes, t.codes)
        assert big.cuts == tuple(c * 2.0**1010 for c in t.cuts)
        assert big.edges == tuple(e * 2.0**1010 for e in t.edges)

    def test_results_are_read_only(self) -> None:
        t = assign_tiers(SALES, scheme="pareto")
        c = concentration(SALES)
        vm = value_matrix([1.0, 2.0], [2.0, 1.0])
        for arr in (t.codes, c.lorenz_y, vm.current, vm.high_potential):
            with pytest.raises(ValueError, match="read-only"):
                arr[0] = 1
        base = datasets.appliance_maker_customers()
        with pytest.raises(ValueError, match="read-only"):
            base.value[0] = 0.0


_CHECKED_CALLS: dict[str, Callable[[object], object]] = {
    "assign_tiers": lambda v: assign_tiers(v),
    "tier_summary": lambda v: tier_summary(v, assign_tiers([1.0, 2.0, 3.0])),
    "concentration": lambda v: concentration(v),
    "abc_classes": lambda v: abc_classes(v),
    "value_matrix current": lambda v: value_matrix(v, [1.0, 2.0, 3.0]),
    "kmeans_tiers": lambda v: kmeans_tiers(v, n_tiers=2),
}


class TestInputChecksEverywhere:
    @pytest.mark.parametrize("call", list(_CHECKED_CALLS))
    def test_empty_nan_text(self, call: str) -> None:
        f = _CHECKED_CALLS[call]
        name = "current" if call.startswith("value_matrix") else "values"
        with pytest.raises(ValueError, match=f"{name} must not be empty"):
            f([])
        with pytest.raises(ValueError, match=f"{name} must not contain NaN or infinity; got nan"):
            f([1.0, np.nan, 3.0])
        with pytest.raises(TypeError, match=f"{name} must be numeric; got text 'x' at index 2"):
            f([1.0, 2.0, "x"])

    def test_value_matrix_potential_checked_too(self) -> None:
        with pytest.raises(ValueError, match="potential must not contain NaN or infinity"):
            value_matrix([1.0, 2.0], [1.0, np.inf])

    @pytest.mark.parametrize(
        ("cuts", "exc", "match"),
        [
            ((0.8, 1.0), ValueError, r"cuts must be in \(0, 1\); got 1 at index 1"),
            ((-0.2, 0.5), ValueError, r"cuts must be in \(0, 1\); got -0.2 at index 0"),
            ((0.8, 0.8), ValueError, "strictly increasing; got 0.8 after 0.8 at index 1"),
            (0.8, TypeError, r"cuts must be a sequence of cuts; got the single number 0.8"),
        ],
    )
    def test_abc_cuts(self, cuts: object, exc: type[Exception], match: str) -> None:
        with pytest.raises(exc, match=match):
            abc_classes([1.0, 2.0, 3.0], cuts=cuts)  # type: ignore[arg-type]

    def test_scalar_cut_shows_the_fix(self) -> None:
        with pytest.raises(TypeError, match=r"write cuts=\(0.2,\) for one cut"):
            assign_tiers(SALES, scheme="pareto", cuts=0.2)
        with pytest.raises(ValueError, match="cuts needs 1 value; got 2"):
            assign_tiers(SALES, scheme="pareto", cuts=(0.1, 0.2))

    def test_labels_from_numpy_or_pandas(self) -> None:
        for labels in (np.array(["top", "rest"]), pd.Index(["top", "rest"])):
            t = assign_tiers(SALES, scheme="pareto", labels=labels)  # type: ignore[arg-type]
            assert t.names == ("top", "rest")
            assert t.counts() == {"top": 2, "rest": 8}

    def test_value_matrix_label_checks(self) -> None:
        good = {(True, True): "a", (True, False): "b", (False, True): "c", (False, False): "d"}
        with pytest.raises(TypeError, match=r"to a string; got 1 for \(True, True\)"):
            value_matrix([1.0], [1.0], labels={**good, (True, True): 1})  # type: ignore[dict-item]
        with pytest.raises(ValueError, match="differently; got 'a' twice"):
            value_matrix([1.0], [1.0], labels={**good, (False, False): "a"})
        with pytest.raises(ValueError, match="pairs of booleans; got 'x'"):
            value_matrix([1.0], [1.0], labels={**good, "x": "e"})  # type: ignore[dict-item]

    def test_series_index_kept_by_abc_and_kmeans(self) -> None:
        s = pd.Series([50.0, 25.0, 10.0, 8.0, 4.0, 3.0], index=list("uvwxyz"))
        a = abc_classes(s).labels
        assert a.index.tolist() == list("uvwxyz")
        assert a.tolist() == ["A", "A", "A", "B", "B", "C"]
        assert a.cat.categories.tolist() == ["A", "B", "C"]
        k = kmeans_tiers(s, n_tiers=2, rng=0).labels
        assert k.index.tolist() == list("uvwxyz")
        assert k.tolist() == ["tier 1"] + ["tier 2"] * 5
        assert kmeans_tiers(s, n_tiers=2, rng=0).to_frame().index.tolist() == list("uvwxyz")


class TestCurryThresholds:
    def test_thresholds_keep_edges_falling(self) -> None:
        # smallest active value 20 sits above the last threshold: small is empty
        values = [200.0, 60.0, 20.0, 0.0]
        t = assign_tiers(values, scheme="curry", by="threshold", cuts=(100, 50, 10))
        assert t.edges == (100.0, 50.0, 10.0, 10.0)
        assert t.labels.tolist() == ["top", "big", "medium", "inactive"]
        s = tier_summary(values, t)
        assert s["customers"].tolist() == [1, 1, 1, 0, 1]
        # a small customer below the last threshold: small runs down to it
        t2 = assign_tiers(
            [200.0, 60.0, 5.0, 0.0], scheme="curry", by="threshold", cuts=(100, 50, 10)
        )
        assert t2.edges == (100.0, 50.0, 10.0, 5.0)
        assert t2.labels.tolist() == ["top", "big", "small", "inactive"]


class TestMoreProperties:
    @given(mixed_values, st.floats(min_value=0.0, max_value=1.0))
    def test_customers_for_share_with_losses_matches_brute_force(
        self, raw: list[int], s: float
    ) -> None:
        v = np.asarray(raw, dtype=float)
        if v.sum() <= 0:
            v = np.append(v, 1.0 - v.sum())
        c = concentration(v)
        n = v.size
        # cumulative share of the k most valuable customers, k = 0..n
        top = np.concatenate([[0.0], np.cumsum(np.sort(v)[::-1])]) / v.sum()
        for k in range(n + 1):
            assert c.top_share(k / n) == pytest.approx(top[k], abs=1e-12)
        smallest = int(np.argmax(top >= s - 1e-10))
        assert c.customers_for_share(s) == pytest.approx(smallest / n, abs=1e-15)

    @given(
        st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=30),
        st.sampled_from([(0.5,), (0.8, 0.95), (0.3, 0.6, 0.9)]),
    )
    def test_abc_crossing_rule_bounds_the_shares(
        self, raw: list[int], cuts: tuple[float, ...]
    ) -> None:
        v = np.asarray(raw, dtype=float)
        if v.sum() == 0:
            v[0] = 1.0
        upper = abc_classes(v, cuts=cuts)
        lower = abc_classes(v, cuts=cuts, include_crossing=False)
        for j, p in enumerate(cuts):
            # classes up to j make at least p with the crossing item, at most p without
            assert v[upper.codes <= j].sum() / v.sum() >= p - 1e-12
            assert v[lower.codes <= j].sum() / v.sum() <= p + 1e-12
        for t in (upper, lower):
            for x in np.unique(v):
                assert np.unique(t.codes[v == x]).size == 1

    @given(mixed_values, st.sampled_from([0.05, 0.2, 0.5, 0.9]))
    def test_customer_cut_is_the_kth_largest_value(self, raw: list[int], p: float) -> None:
        v = np.asarray(raw, dtype=float)
        t = assign_tiers(v, scheme="pareto", cuts=[p])
        k = math.ceil(round(p * v.size, 9))
        edge = np.sort(v)[::-1][max(k, 1) - 1]
        assert t.edges == (edge,)
        np.testing.assert_array_equal(t.codes == 0, v >= edge)
        assert t.counts()["gold"] >= max(k, 1)


# ---------------------------------------------------------------------------
# inequality indices against R's ineq and exact hand computations
# ---------------------------------------------------------------------------

_INEQ_X = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]


def _ineq_reference() -> list[tuple[str, float | None, float]]:
    import csv
    from pathlib import Path

    path = Path(__file__).parent / "data" / "pyramid" / "ineq_cran_example.csv"
    with path.open(newline="") as fh:
        return [
            (row["measure"], float(row["parameter"]) if row["parameter"] else None,
             float(row["value"]))
            for row in csv.DictReader(fh)
        ]  # fmt: skip


class TestInequalityIndices:
    @pytest.mark.parametrize(("measure", "parameter", "value"), _ineq_reference())
    def test_r_ineq_documentation_vector(
        self, measure: str, parameter: float | None, value: float
    ) -> None:
        c = concentration(_INEQ_X)
        got = {
            "gini": lambda: c.gini,
            "gini_corrected": lambda: concentration(_INEQ_X, small_sample=True).gini,
            "theil": lambda: c.theil_t,
            "atkinson": lambda: c.atkinson(parameter),
            "entropy": lambda: c.generalized_entropy(parameter),
            "var_coeff_squared": lambda: 2.0 * c.generalized_entropy(2.0),
        }[measure]()
        # ineq prints 7 decimals: agreement to half a unit in the 7th place
        assert got == pytest.approx(value, abs=5e-8)

    def test_herfindahl_against_r_coefficient_of_variation(self) -> None:
        # HHI = (1 + CV^2) / n with ineq's squared coefficient of variation 0.8408123
        assert concentration(_INEQ_X).herfindahl == pytest.approx((1 + 0.8408123) / 10, abs=1e-8)

    def test_exact_hand_computations(self) -> None:
        # Theil L of (1, 2, 4, 8): ln(mean) - mean(ln x) = ln(15/4) - 1.5 ln 2
        assert concentration([1, 2, 4, 8]).theil_l == pytest.approx(
            math.log(15 / 4) - 1.5 * math.log(2), rel=1e-14
        )
        # one customer holds everything: Theil T = ln n, HHI = 1, Atkinson = 1
        top = concentration([0, 0, 0, 5])
        assert top.theil_t == pytest.approx(math.log(4), rel=1e-15)
        assert top.herfindahl == 1.0
        assert top.atkinson(1.0) == 1.0
        assert top.atkinson(2.0) == 1.0
        # Atkinson 1/2 of (1, 4, 9, 16): 1 - mean(sqrt x)^2 / mean = 1 - 6.25 / 7.5 = 1/6
        assert Fraction(concentration([1, 4, 9, 16]).atkinson(0.5)).limit_denominator(
            1000
        ) == Fraction(1, 6)
        # Atkinson 2 of (1, 2, 4, 4): 1 - harmonic mean / mean = 1 - 2 / (11/4) = 3/11
        assert concentration([1, 2, 4, 4]).atkinson(2.0) == pytest.approx(3 / 11, rel=1e-14)
        # GE(2) of (1, 2, 3, 6): variance 3.5 / (2 x 3^2) = 7/36
        assert concentration([1, 2, 3, 6]).generalized_entropy(2) == pytest.approx(
            7 / 36, rel=1e-14
        )
        # GE(-1) of (1, 2, 4, 4): (mean(mu / x) - 1) / 2 with mu = 11/4:
        # mean(1/x) = 1/2, so (11/8 - 1) / 2 = 3/16
        assert concentration([1, 2, 4, 4]).generalized_entropy(-1) == pytest.approx(
            3 / 16, rel=1e-14
        )
        # HHI of (1, 2, 3, 4): 0.01 + 0.04 + 0.09 + 0.16
        assert concentration([1, 2, 3, 4]).herfindahl == pytest.approx(0.3, rel=1e-15)
        # Palma of ten customers: top 10% is 9, bottom 40% is 1 + 1 + 1 + 1 = 4
        ten = concentration([2, 1, 9, 1, 2, 1, 2, 1, 3, 2])
        assert ten.palma == pytest.approx(9 / 4, rel=1e-14)
        assert ten.top_k_share(2) == pytest.approx(12 / 24, rel=1e-15)
        assert ten.top_k_share(0) == 0.0
        assert ten.top_k_share(10) == 1.0
        # equal values: every index at its minimum
        flat = concentration([7.0] * 6)
        for value in (flat.theil_t, flat.theil_l, flat.atkinson(0.5), flat.atkinson(1.0),
                      flat.generalized_entropy(2.0)):  # fmt: skip
            assert value == pytest.approx(0.0, abs=1e-15)
        assert flat.herfindahl == pytest.approx(1 / 6, rel=1e-15)

    def test_limits_are_continuous(self) -> None:
        # GE(alpha) tends to Theil L at 0 and Theil T at 1; Atkinson(eps) to A_1 at 1
        c = concentration(_INEQ_X)
        assert c.generalized_entropy(1e-7) == pytest.approx(c.theil_l, abs=1e-6)
        assert c.generalized_entropy(1 + 1e-7) == pytest.approx(c.theil_t, abs=1e-6)
        assert c.atkinson(1 + 1e-7) == pytest.approx(c.atkinson(1.0), abs=1e-6)

    def test_extreme_magnitudes_stay_finite(self) -> None:
        # the indices depend on shares only: scaling by 1e300 changes nothing
        small, big = concentration(_INEQ_X), concentration(np.array(_INEQ_X) * 1e300)
        for name in ("theil_t", "theil_l", "herfindahl", "palma"):
            assert getattr(big, name) == pytest.approx(getattr(small, name), rel=1e-12)
        assert big.atkinson(3.0) == pytest.approx(small.atkinson(3.0), rel=1e-12)
        with pytest.raises(ValueError, match="alpha=2000 overflows"):
            small.generalized_entropy(2000)

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="theil_t needs values >= 0; got 1 negative"):
            _ = concentration([-1, 5, 6]).theil_t
        with pytest.raises(ValueError, match="theil_l needs every value > 0"):
            _ = concentration([0, 5, 6]).theil_l
        with pytest.raises(ValueError, match="epsilon must be >= 0"):
            concentration([1, 2]).atkinson(-0.5)
        with pytest.raises(TypeError, match="alpha must be a real number"):
            concentration([1, 2]).generalized_entropy("2")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="k must be <= the number of customers"):
            concentration([1, 2]).top_k_share(3)
        with pytest.raises(ValueError, match="palma needs a positive value share"):
            _ = concentration([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]).palma


class TestGiniBootstrap:
    def test_coverage_by_simulation(self) -> None:
        # exponential values have population Gini exactly 1/2; 200 samples of
        # 200 customers, 95% percentile intervals. Binomial standard error of
        # the coverage is 0.015; the percentile bootstrap of the Gini is known
        # to undercover slightly, so the band is [0.88, 0.99].
        gen = np.random.default_rng(20240611)
        hits = 0
        reps = 200
        for _ in range(reps):
            ci = concentration(gen.exponential(size=200)).confidence_interval(
                n_resamples=500, rng=gen
            )
            hits += ci.contains(0.5)
        assert 0.88 <= hits / reps <= 0.99

    def test_interval_value(self) -> None:
        c = concentration(_INEQ_X)
        ci = c.confidence_interval(level=0.9, rng=7)
        assert isinstance(ci, ConfidenceInterval)
        assert ci.level == 0.9
        low, high = ci
        assert low < c.gini < high
        assert ci == c.confidence_interval(level=0.9, rng=7)
        assert ci != c.confidence_interval(level=0.9, rng=8)
        wide = c.confidence_interval(level=0.99, rng=7)
        assert wide.low <= low
        assert wide.high >= high
        corrected = concentration(_INEQ_X, small_sample=True).confidence_interval(level=0.9, rng=7)
        # the same resamples, each scaled by n / (n - 1)
        assert corrected.low == pytest.approx(low * 10 / 9, rel=1e-12)
        with pytest.raises(ValueError, match="n_resamples must be >= 100"):
            c.confidence_interval(n_resamples=10)
        with pytest.raises(ValueError, match="level must be in"):
            c.confidence_interval(level=1.5)


def test_results_with_an_index_are_values() -> None:
    import copy
    import pickle

    s = pd.Series([1.0, 5.0, 3.0, 8.0], index=pd.Index(list("abcd"), name="customer"))
    for result in (assign_tiers(s, scheme="pareto"), value_matrix(s, s)):
        assert pickle.loads(pickle.dumps(result)) == result
        assert copy.deepcopy(result) == result
    # the same values under other labels are a different result
    assert assign_tiers(s, scheme="pareto") != assign_tiers(
        s.set_axis(list("wxyz")), scheme="pareto"
    )
    assert assign_tiers(s, scheme="pareto") != assign_tiers(s.to_numpy(), scheme="pareto")
    with pytest.raises(TypeError):
        hash(assign_tiers(s))


def test_concentration_missing_policy() -> None:
    values = pd.Series([1.0, np.nan, 2.0, 3.0, 4.0, 10.0], index=list("abcdef"))
    with pytest.raises(ValueError, match=r"got nan at label 'b'; pass missing='omit'"):
        concentration(values)
    # omitting the customer without a value: the textbook Gini 0.4 of (1, 2, 3, 4, 10)
    c = concentration(values, missing="omit")
    assert c.n_customers == 5
    assert c.gini == pytest.approx(0.4, abs=1e-15)
    with pytest.raises(ValueError, match="left none"):
        concentration([np.nan, np.nan], missing="omit")
    with pytest.raises(ValueError, match="missing must be one of 'raise', 'omit'"):
        concentration([1.0], missing="listwise")  # type: ignore[arg-type]


def test_gini_interval_is_scale_free() -> None:
    # the bootstrap resamples value shares, so values near the float64 limit work
    values = np.array([1.0, 2.0, 3.0, 4.0, 10.0])
    small = concentration(values).confidence_interval(rng=3)
    big = concentration(values * 5e306).confidence_interval(rng=3)  # total 1e308
    assert big.low == pytest.approx(small.low, rel=1e-12)
    assert big.high == pytest.approx(small.high, rel=1e-12)
