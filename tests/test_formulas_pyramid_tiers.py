"""Mutation killers for custvalue.pyramid (see docs/mutation-testing.md).

References are independent of the implementation: quadrant tables and
inequality indices worked out by hand (exact fractions and closed forms),
and the contract's rules (results compare by value including their index,
errors name the argument and the rule, no stray numpy warnings).
"""

from __future__ import annotations

import math
import warnings
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest

from custvalue.pyramid import assign_tiers, concentration, value_matrix

# ---------------------------------------------------------------------------
# value matrix: the quadrant table by hand
# ---------------------------------------------------------------------------


class TestValueMatrixTable:
    # current cut 5, potential cut 3:
    #   customer  current potential  quadrant
    #   0         10      5          high / high
    #   1, 2, 3   9 8 7   1 0 2      high current / low potential
    #   4, 5, 6   2 1 1   7 6 4      low current / high potential
    #   (none)                       low / low
    CURRENT: ClassVar[list[float]] = [10.0, 9.0, 8.0, 7.0, 2.0, 1.0, 1.0]
    POTENTIAL: ClassVar[list[float]] = [5.0, 1.0, 0.0, 2.0, 7.0, 6.0, 4.0]

    def test_quadrant_table(self) -> None:
        vm = value_matrix(self.CURRENT, self.POTENTIAL, current_cut=5, potential_cut=3)
        expected = pd.DataFrame(
            {
                "quadrant": [
                    "high current, high potential",
                    "high current, low potential",
                    "low current, high potential",
                    "low current, low potential",
                ],
                "high_current": [True, True, False, False],
                "high_potential": [True, False, True, False],
                "customers": np.array([1, 3, 3, 0], dtype=np.int64),
                "customer_share": [1 / 7, 3 / 7, 3 / 7, 0.0],
                "current_total": [10.0, 24.0, 4.0, 0.0],
                "potential_total": [5.0, 3.0, 17.0, 0.0],
                "mean_current": [10.0, 8.0, 4 / 3, np.nan],
                "mean_potential": [5.0, 1.0, 17 / 3, np.nan],
            }
        )
        pd.testing.assert_frame_equal(vm.to_frame(), expected, rtol=1e-15)
        pd.testing.assert_frame_equal(vm.to_frame(per="quadrant"), expected, rtol=1e-15)

    def test_summary_reports_the_table(self) -> None:
        vm = value_matrix(self.CURRENT, self.POTENTIAL, current_cut=5, potential_cut=3)
        lines = vm.summary().split("\n")
        assert len(lines) == 5
        assert lines[0] == "Value matrix of 7 customers (current cut 5, potential cut 3)"
        # one line per quadrant: its customers, share, mean current and potential
        for line, (count, share, cur, pot) in zip(
            lines[1:],
            [(1, "14.3%", "10", "5"), (3, "42.9%", "8", "1"), (3, "42.9%", "1.33333", "5.66667")],
            strict=False,
        ):
            assert f"{count} customers" in line
            assert f"({share:>6})" in line
            assert line.endswith(f"mean current {cur}, mean potential {pot}")
        assert lines[1].startswith("  high current, high potential  ")

    def test_per_customer_table(self) -> None:
        index = pd.Index(list("abcdefg"), name="customer")
        vm = value_matrix(
            pd.Series(self.CURRENT, index=index),
            pd.Series(self.POTENTIAL, index=index),
            current_cut=5,
            potential_cut=3,
        )
        rows = vm.to_frame(per="customer")
        assert rows.columns.tolist() == ["current", "potential", "quadrant"]
        assert rows.index.equals(index)
        assert rows["current"].tolist() == self.CURRENT
        assert rows["potential"].tolist() == self.POTENTIAL
        assert [str(q) for q in rows["quadrant"]] == [
            "high current, high potential",
            *["high current, low potential"] * 3,
            *["low current, high potential"] * 3,
        ]
        # an ordered categorical with the four quadrants, high/high first
        assert rows["quadrant"].cat.ordered
        assert rows["quadrant"].cat.categories.tolist()[0] == "high current, high potential"

    def test_single_customer_is_the_whole_base(self) -> None:
        # one customer: on both medians, so high/high, with 100% of the customers
        table = value_matrix([3.0], [4.0]).to_frame()
        assert table["customer_share"].tolist() == [1.0, 0.0, 0.0, 0.0]
        assert table["mean_current"][0] == 3.0

    def test_bad_per_names_the_option(self) -> None:
        vm = value_matrix([1.0, 2.0], [2.0, 1.0])
        with pytest.raises(ValueError, match=r"^per must be one of"):
            vm.to_frame(per="tier")  # type: ignore[arg-type]

    def test_cut_must_be_one_number(self) -> None:
        with pytest.raises(ValueError, match="current_cut"):
            value_matrix([1.0, 2.0], [2.0, 1.0], current_cut=[1.5])  # type: ignore[arg-type]

    def test_equality_includes_the_index(self) -> None:
        cur = pd.Series([1.0, 5.0, 3.0], index=pd.Index(list("abc"), name="customer"))
        vm = value_matrix(cur, cur)
        assert vm == value_matrix(cur.copy(), cur.copy())
        assert vm != value_matrix(cur.to_numpy(), cur.to_numpy())
        assert value_matrix(cur.to_numpy(), cur.to_numpy()) != vm
        # same labels, another index name: a different result
        renamed = cur.rename_axis("id")
        assert vm != value_matrix(renamed, renamed)
        # same values, other quadrants (the cuts differ): not equal
        assert vm != value_matrix(cur, cur, current_cut=0.0)


# ---------------------------------------------------------------------------
# tiers compare by value including the index
# ---------------------------------------------------------------------------


def test_tiers_equality_includes_the_index() -> None:
    s = pd.Series([1.0, 5.0, 3.0, 8.0], index=pd.Index(list("abcd"), name="customer"))
    with_index = assign_tiers(s, scheme="pareto")
    without = assign_tiers(s.to_numpy(), scheme="pareto")
    assert with_index != without
    assert without != with_index
    assert without == assign_tiers(s.to_list(), scheme="pareto")
    # the same labels under another index name are another result
    assert with_index != assign_tiers(s.rename_axis("id"), scheme="pareto")


# ---------------------------------------------------------------------------
# inequality indices: hand values and the rules they report
# ---------------------------------------------------------------------------


class TestInequalityEdges:
    def test_atkinson_default_aversion_is_one_half(self) -> None:
        # Atkinson 1/2 of (1, 4, 9, 16): 1 - mean(sqrt x)^2 / mean = 1 - 6.25 / 7.5 = 1/6
        assert concentration([1, 4, 9, 16]).atkinson() == pytest.approx(1 / 6, rel=1e-14)

    def test_atkinson_with_a_zero_value_is_one_above_unit_aversion(self) -> None:
        # a customer with value 0 has utility -inf for eps >= 1: the index is
        # its limit 1 (the equally-distributed equivalent is 0)
        c = concentration([0.0, 1.0, 2.0, 3.0])
        assert c.atkinson(2.0) == 1.0
        assert c.atkinson(1.0) == 1.0
        # below unit aversion the zero simply contributes 0:
        # eps = 1/2: 1 - mean(sqrt r)^2 with r = (0, 2/3, 4/3, 2)
        r = np.array([0.0, 2 / 3, 4 / 3, 2.0])
        assert c.atkinson(0.5) == pytest.approx(1 - np.mean(np.sqrt(r)) ** 2, rel=1e-14)

    def test_generalized_entropy_with_a_zero_value(self) -> None:
        # (0, 1, 1, 2): mean 1, r = v. GE(1/2) = -4 (mean(sqrt r) - 1)
        # = -4 ((2 + sqrt 2) / 4 - 1) = 2 - sqrt 2, defined with a zero
        c = concentration([0.0, 1.0, 1.0, 2.0])
        assert c.generalized_entropy(0.5) == pytest.approx(2 - math.sqrt(2), rel=1e-14)
        # GE(3) = (mean(r^3) - 1) / 6 = (10 / 4 - 1) / 6 = 1/4
        assert c.generalized_entropy(3) == pytest.approx(0.25, rel=1e-14)
        # negative alpha needs every value > 0: the error says so (not "overflow")
        with pytest.raises(ValueError, match=r"generalized_entropy\(-1\) needs every value > 0"):
            c.generalized_entropy(-1)
        with pytest.raises(ValueError, match=r"got 1 customer\(s\) with value 0"):
            c.generalized_entropy(-2)

    def test_no_numpy_warning_for_zero_values(self) -> None:
        # log(0) inside the log-sum-exp must not leak a RuntimeWarning
        c = concentration([0.0, 0.0, 3.0, 5.0])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert c.generalized_entropy(2) == pytest.approx(
                # r = (0, 0, 1.5, 2.5): (mean(r^2) - 1) / 2 = (8.5 / 4 - 1) / 2
                (8.5 / 4 - 1) / 2,
                rel=1e-14,
            )
            assert c.theil_t == pytest.approx(
                (1.5 * math.log(1.5) + 2.5 * math.log(2.5)) / 4, rel=1e-14
            )

    def test_errors_name_the_measure_and_the_count(self) -> None:
        losses = concentration([-1.0, 5.0, 6.0])
        with pytest.raises(ValueError, match=r"^atkinson\(2\) needs values >= 0; got 1 negative"):
            losses.atkinson(2.0)
        with pytest.raises(ValueError, match=r"^generalized_entropy\(2\) needs values >= 0"):
            losses.generalized_entropy(2.0)
        # r = (0, 1, 1, 2): one zero (not three values <= 1)
        with pytest.raises(ValueError, match=r"theil_l needs every value > 0 .*got 1 customer"):
            _ = concentration([0.0, 1.0, 1.0, 2.0]).theil_l
        with pytest.raises(ValueError, match=r"^k must be >= 0; got -1"):
            concentration([1.0, 2.0]).top_k_share(-1)

    def test_too_large_names_the_largest_value(self) -> None:
        with pytest.raises(ValueError, match=r"largest magnitude 1e\+308"):
            concentration([1e308, 1e308])


# ---------------------------------------------------------------------------
# value matrix options and their errors
# ---------------------------------------------------------------------------


class TestValueMatrixOptions:
    def test_explicit_cuts_are_used_and_kept(self) -> None:
        # medians would be 5 and 4.5; the given cuts 2 and 9 change every quadrant
        vm = value_matrix(
            [1.0, 3.0, 7.0, 9.0], [2.0, 4.0, 5.0, 10.0], current_cut=2, potential_cut=9
        )
        assert (vm.current_cut, vm.potential_cut) == (2.0, 9.0)
        assert vm.high_current.tolist() == [False, True, True, True]
        assert vm.high_potential.tolist() == [False, False, False, True]

    def test_errors_name_the_axis(self) -> None:
        with pytest.raises(ValueError, match=r"^potential values are too large"):
            value_matrix([1.0, 2.0], [1e308, 1e308])
        with pytest.raises(ValueError, match=r"^potential_cut must not contain NaN"):
            value_matrix([1.0, 2.0], [1.0, 2.0], potential_cut=float("nan"))
        with pytest.raises(TypeError, match=r"^labels must be a mapping"):
            value_matrix([1.0, 2.0], [1.0, 2.0], labels=["a", "b", "c", "d"])  # type: ignore[arg-type]

    def test_label_errors_point_at_the_right_quadrant(self) -> None:
        three = {(True, True): "a", (True, False): "b", (False, True): "c"}
        with pytest.raises(ValueError, match=r"missing \(False, False\)"):
            value_matrix([1.0, 2.0], [1.0, 2.0], labels=three)
        twice = {(True, True): "a", (True, False): "b", (False, True): "c", (False, False): "b"}
        with pytest.raises(ValueError, match="got 'b' twice"):
            value_matrix([1.0, 2.0], [1.0, 2.0], labels=twice)


# ---------------------------------------------------------------------------
# ABC classes and the tier table
# ---------------------------------------------------------------------------


class TestABCResult:
    def test_edges_and_cuts_by_hand(self) -> None:
        # total 100, running shares 50 75 85 93 97 100: 80% is reached at the
        # customer worth 10, 95% at the one worth 4
        from custvalue.pyramid import abc_classes

        t = abc_classes([50, 25, 10, 8, 4, 3])
        assert t.edges == (10.0, 4.0)
        assert t.cuts == (0.8, 0.95)
        assert t.names == ("A", "B", "C")

    def test_at_most_26_classes(self) -> None:
        from custvalue.pyramid import abc_classes

        values = 2.0 ** -np.arange(40)
        cuts = np.linspace(0.5, 0.99, 25)
        t = abc_classes(values, cuts=cuts)
        assert t.names[0] == "A"
        assert t.names[-1] == "Z"
        assert len(t.names) == 26
        with pytest.raises(ValueError, match=r"^cuts must have at most 25 values \(classes A-Z\)"):
            abc_classes(values, cuts=np.linspace(0.5, 0.99, 26))


def test_tier_frame_codes_are_integers() -> None:
    t = assign_tiers([5200, 2800, 450, 350, 300, 250, 200, 200, 150, 100], scheme="pareto")
    frame = t.to_frame()
    assert frame["tier_code"].dtype == np.int64
    assert frame["tier_code"].tolist() == [0, 0, 1, 1, 1, 1, 1, 1, 1, 1]


# ---------------------------------------------------------------------------
# k-means tiers against the exact optimum of one-dimensional k-means
# ---------------------------------------------------------------------------


def _optimal_kmeans_sse(values: np.ndarray, k: int) -> float:
    """Smallest within-cluster sum of squares over all k-partitions, by dynamic programming.

    In one dimension an optimal cluster is a run of consecutive sorted values
    (Wang & Song 2011, Ckmeans.1d.dp), so the optimum over all partitions is
    a shortest path over the cut positions: exact, no random start.
    """
    x = np.sort(values)
    n = x.shape[0]
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])

    best = np.full((k + 1, n + 1), np.inf)
    best[0, 0] = 0.0
    for m in range(1, k + 1):
        for j in range(m, n + 1):
            i = np.arange(m - 1, j)  # the last cluster is x[i:j]
            s = s1[j] - s1[i]
            sse = s2[j] - s2[i] - s * s / (j - i)
            best[m, j] = np.min(best[m - 1, i] + sse)
    return float(best[k, n])


def _within_sse(values: np.ndarray, codes: np.ndarray) -> float:
    return float(sum(((values[codes == j] - values[codes == j].mean()) ** 2).sum()
                     for j in np.unique(codes)))  # fmt: skip


class TestKMeansExact:
    def test_restarts_reach_the_exact_optimum(self) -> None:
        from custvalue.pyramid import kmeans_tiers

        # lognormal sample on which a single k-means++ start misses the
        # optimum for most seeds (24 of 30 checked), ten restarts never did
        v = np.random.default_rng(10).lognormal(0.0, 1.0, size=60)
        optimum = _optimal_kmeans_sse(v, 5)
        for seed in (0, 1, 2):
            t = kmeans_tiers(v, n_tiers=5, rng=seed)
            assert _within_sse(v, np.asarray(t.codes)) == pytest.approx(optimum, rel=1e-12)

    def test_same_seed_same_tiers(self) -> None:
        from custvalue.pyramid import kmeans_tiers

        # a sample with several local optima that ten restarts reach with
        # different frequencies: only a seeded search repeats itself
        v = np.random.default_rng(11).lognormal(0.0, 1.0, size=60)
        first = kmeans_tiers(v, n_tiers=5, rng=123)
        for _ in range(3):
            assert kmeans_tiers(v, n_tiers=5, rng=123) == first

    def test_defaults_and_limits(self) -> None:
        from custvalue.pyramid import kmeans_tiers

        v = [1.0, 2.0, 10.0, 11.0, 50.0, 52.0, 300.0, 310.0]
        t = kmeans_tiers(v, rng=0)
        assert t.names == ("tier 1", "tier 2", "tier 3", "tier 4")
        assert (t.scheme, t.by) == ("kmeans", "kmeans")
        assert t.cuts == pytest.approx((305.0, 51.0, 10.5, 1.5), rel=1e-15)
        # as many tiers as distinct values: every value its own tier
        three = kmeans_tiers([3.0, 1.0, 2.0], n_tiers=3, rng=0)
        assert three.codes.tolist() == [0, 2, 1]
        with pytest.raises(ValueError, match=r"^n_tiers must be < 100; got 100"):
            kmeans_tiers(np.arange(200.0), n_tiers=100)
        with pytest.raises(
            ValueError, match=r"^labels must name 3 tiers for scheme='kmeans' with 2 cuts; got 2"
        ):
            kmeans_tiers([1.0, 2.0, 3.0], n_tiers=3, labels=["a", "b"])


# ---------------------------------------------------------------------------
# Gini bootstrap against the exact bootstrap distribution
# ---------------------------------------------------------------------------


class TestGiniBootstrapExact:
    # The percentile bootstrap draws resamples of n customers with
    # replacement; for tiny n the n**n equally likely resamples can be listed.
    # (1, 3, 9): 27 resamples, Gini (mean absolute difference / 2 mean):
    #   0 (3 of 27), 4/21 (6), 4/15 (6), 16/57 (3), 16/39 (6), 16/33 (3).
    # The 25% and 75% quantiles fall inside the atoms 4/21 (cumulative
    # 3/27 .. 9/27) and 16/39 (18/27 .. 24/27), far (> 10 binomial standard
    # errors at 4000 resamples) from their edges, so the interval is exact.

    def test_interval_is_the_exact_quantiles(self) -> None:
        ci = concentration([1.0, 3.0, 9.0]).confidence_interval(level=0.5, n_resamples=4000, rng=11)
        assert ci.low == pytest.approx(4 / 21, rel=1e-14)
        assert ci.high == pytest.approx(16 / 39, rel=1e-14)
        # 70%: the 15% quantile is in 4/21, the 85% one in 16/39
        mid = concentration([1.0, 3.0, 9.0]).confidence_interval(
            level=0.7, n_resamples=4000, rng=11
        )
        assert mid.low == pytest.approx(4 / 21, rel=1e-14)
        assert mid.high == pytest.approx(16 / 39, rel=1e-14)
        # 95%: the 2.5% quantile is in the atom 0, the 97.5% one in 16/33
        wide = concentration([1.0, 3.0, 9.0]).confidence_interval(n_resamples=4000, rng=11)
        assert wide.low == 0.0
        assert wide.high == pytest.approx(16 / 33, rel=1e-14)
        # with the factor n / (n - 1) = 3/2
        corrected = concentration([1.0, 3.0, 9.0], small_sample=True).confidence_interval(
            level=0.5, n_resamples=4000, rng=11
        )
        assert corrected.high == pytest.approx(16 / 39 * 1.5, rel=1e-14)

    def test_two_customers(self) -> None:
        # (1, 3): resamples (1, 1) and (3, 3) have Gini 0, (1, 3) and (3, 1)
        # have |1 - 3| x 2 / (2 x 2^2 x 2) = 1/4: the quartiles are 0 and 1/4
        ci = concentration([1.0, 3.0]).confidence_interval(level=0.5, n_resamples=2000, rng=4)
        assert (ci.low, ci.high) == (0.0, pytest.approx(0.25, rel=1e-14))
        with pytest.raises(
            ValueError, match=r"^confidence_interval needs at least 2 customers; got 1"
        ):
            concentration([5.0]).confidence_interval()

    def test_default_number_of_resamples_is_2000(self) -> None:
        c = concentration([1.0, 2.0, 3.0, 4.0, 10.0, 7.0, 2.0])
        assert c.confidence_interval(rng=5) == c.confidence_interval(n_resamples=2000, rng=5)

    def test_many_customers_are_resampled_in_chunks(self) -> None:
        # 40,001 customers with 100 resamples: the draws come in more than
        # one block. Values 1 and 3 in (nearly) equal numbers; every resample
        # has a Gini within a few 1e-3 of the sample's, so the interval is
        # narrow and brackets it.
        values = np.ones(40_001)
        values[::2] = 3.0
        c = concentration(values)
        ci = c.confidence_interval(n_resamples=100, rng=2)
        assert ci.low < c.gini < ci.high
        # sample Gini of half 1s, half 3s: mean |x - y| / (2 mean) = (2 x 1/2) / (2 x 2) = 1/4
        assert c.gini == pytest.approx(0.25, abs=1e-4)
        assert ci.high - ci.low < 0.01

    def test_resamples_with_no_net_value_are_refused(self) -> None:
        # (-2, 1, 3): the resample (-2, 1, 1) has total 0, so its Gini is undefined
        with pytest.raises(
            ValueError,
            match=r"^confidence_interval: some resamples have a total value <= 0 \(too many "
            r"negative values for a bootstrap of the Gini coefficient\)$",
        ):
            concentration([-2.0, 1.0, 3.0]).confidence_interval(rng=0)
        # (0, 1): the resample (0, 0) has no value at all (0 / 0)
        with pytest.raises(ValueError, match=r"^confidence_interval: some resamples"):
            concentration([0.0, 1.0]).confidence_interval(rng=0)


# ---------------------------------------------------------------------------
# tier table of another measure than the tiers were cut on
# ---------------------------------------------------------------------------


def test_tier_summary_of_another_measure_with_empty_bottom_tiers() -> None:
    from custvalue.pyramid import tier_summary

    # thresholds 500 / 100 / 50: platinum {900}, gold {300, 120}, iron and lead empty
    t = assign_tiers([900.0, 300.0, 120.0], by="threshold", cuts=(500, 100, 50))
    s = tier_summary([1.0, 2.0, 3.0], t)  # e.g. visits per tier
    expected = pd.DataFrame(
        {
            "tier": ["platinum", "gold", "iron", "lead"],
            "customers": np.array([1, 2, 0, 0], dtype=np.int64),
            "customer_share": [1 / 3, 2 / 3, 0.0, 0.0],
            "total_value": [1.0, 5.0, 0.0, 0.0],
            "value_share": [1 / 6, 5 / 6, 0.0, 0.0],
            "mean_value": [1.0, 2.5, np.nan, np.nan],
            "median_value": [1.0, 2.5, np.nan, np.nan],
        }
    )
    pd.testing.assert_frame_equal(s, expected, rtol=1e-15)
    with pytest.raises(ValueError, match=r"^market_share must be 1-D"):
        tier_summary([1.0, 2.0, 3.0], t, market_share=[[0.1, 0.2, 0.3, 0.4]])


# ---------------------------------------------------------------------------
# value-share cuts: rounding tolerance, empty splits, cuts next to 1
# ---------------------------------------------------------------------------


class TestValueShareCuts:
    def test_exact_share_reached_despite_rounding(self) -> None:
        # 511136.5 + 269786.7 = 780923.2 is exactly 80% of 976154.0, but in
        # float64 0.8 x 976154.0 = 780923.2000000001: the cut must still
        # count as reached (shares within 1e-10 of the cut), so the top two
        # customers are gold, as by hand
        v = [511136.5, 269786.7, 195230.8]
        assert assign_tiers(v, scheme="pareto", by="value").labels.tolist() == [
            "gold",
            "gold",
            "iron",
        ]

    def test_no_positive_customer_leaves_every_upper_tier_empty(self) -> None:
        t = assign_tiers([-1.0, -2.0, 0.0], by="value", cuts=(0.5, 0.8, 0.95))
        assert t.edges == (math.inf, math.inf, math.inf)
        assert t.counts() == {"platinum": 0, "gold": 0, "iron": 0, "lead": 3}

    def test_zero_total_is_refused(self) -> None:
        with pytest.raises(ValueError, match=r"^by='value' needs a positive total value"):
            assign_tiers([1.0, -1.0], scheme="custom", by="value", cuts=(0.5,), labels=["a", "b"])
        with pytest.raises(ValueError, match=r"^values are too large to add up in float64"):
            assign_tiers([1e308, 1e308], scheme="pareto", by="value")

    def test_cuts_within_the_tolerance_of_one(self) -> None:
        from custvalue.pyramid import abc_classes

        # cuts 1 - 5e-11 and 1 - 1e-11 count as reaching the whole value: the
        # last class is empty and the lowest edge is the smallest value
        v = [50.0, 25.0, 10.0, 8.0, 4.0, 3.0]
        t = abc_classes(v, cuts=(0.5, 1 - 5e-11, 1 - 1e-11), include_crossing=False)
        assert t.edges == (50.0, 3.0, 3.0)
        assert t.counts() == {"A": 1, "B": 5, "C": 0, "D": 0}


def test_customers_for_share_series_and_errors() -> None:
    c = concentration([1, 2, 3, 4, 10])
    # 50% of value: the top customer (10 of 20); 70%: the top two
    got = c.customers_for_share(pd.Series([0.5, 0.7], index=["half", "most"]))
    assert isinstance(got, pd.Series)
    assert got.name == "customer_share"
    assert got.index.tolist() == ["half", "most"]
    assert got.tolist() == [0.2, 0.4]
    with pytest.raises(ValueError, match=r"^value_share must be in \[0, 1\]"):
        c.customers_for_share(1.5)
    with pytest.raises(TypeError, match=r"^value_share must be numeric; got text 'x' at index 1"):
        c.customers_for_share([0.5, "x"])
    with pytest.raises(TypeError, match=r"^fraction must be numeric; got text 'x' at index 1"):
        c.top_share([0.5, "x"])


def test_tier_medians_of_large_shuffled_tiers() -> None:
    from custvalue.pyramid import tier_summary

    # 1..1000 in random order, pareto: gold 801..1000, iron 1..800
    v = np.random.default_rng(8).permutation(np.arange(1.0, 1001.0))
    s = tier_summary(v, assign_tiers(v, scheme="pareto"))
    assert s["customers"].tolist() == [200, 800]
    assert s["median_value"].tolist() == [900.5, 400.5]
    assert s["total_value"].tolist() == [sum(range(801, 1001)), sum(range(1, 801))]
    # odd tiers: 1..999, gold 800..999 (200), iron 1..799 (799): medians 899.5 and 400
    w = v[v < 1000]
    s = tier_summary(w, assign_tiers(w, scheme="pareto"))
    assert s["customers"].tolist() == [200, 799]
    assert s["median_value"].tolist() == [899.5, 400.0]
    with pytest.raises(TypeError, match=r"^tiers must be a Tiers result .*; got ndarray$"):
        tier_summary(v, np.zeros(1000, dtype=np.int8))  # type: ignore[arg-type]


def test_tier_summary_totals_it_cannot_form() -> None:
    from custvalue.pyramid import tier_summary

    # +inf and -inf tier totals: the overall total is not a number
    v = [1e308, 1e308, -1e308, -1e308]
    t = assign_tiers(v, scheme="custom", by="threshold", cuts=(0,), labels=["gain", "loss"])
    with pytest.raises(ValueError, match=r"^values are too large to add up in float64"):
        tier_summary(v, t)
    # a zero total has no value shares
    t2 = assign_tiers([1.0, -1.0], scheme="custom", by="threshold", cuts=(0,), labels=["a", "b"])
    with pytest.raises(ValueError, match=r"^tier_summary needs a positive total value .* got 0.0"):
        tier_summary([1.0, -1.0], t2)
