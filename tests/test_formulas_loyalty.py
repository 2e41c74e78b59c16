"""Mutation killers for custvalue.loyalty (see docs/mutation-testing.md).

Only a first few: the loyalty module's own tests live in tests/test_loyalty.py.
References: Reichheld's year-by-year decomposition summed by hand, Holm's
step-down rule worked by hand, counts one unit in the last place apart, and
the contract's rule that a bad value is reported under its argument's name
and, for pandas input, the caller's label.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from custvalue.exceptions import DegenerateDataWarning
from custvalue.loyalty import (
    holm,
    loyal_customer_profit,
    net_satisfaction,
    nps,
    nps_difference,
    repeat_purchase_rate,
    retention_rate,
    satisfaction_loyalty_curve,
    share_of_wallet,
)


def test_loyal_customer_without_acquisition_cost() -> None:
    # Nothing spent in year 0: the cumulative profit starts at 0 and the
    # customer has paid back from the start.
    profit = loyal_customer_profit(years=3, base_profit=40.0)
    np.testing.assert_array_equal(profit.cash_flows, [40.0, 40.0, 40.0])
    np.testing.assert_array_equal(profit.cumulative(), [0.0, 40.0, 80.0, 120.0])
    assert profit.payback_year() == 0


def test_loyal_customer_with_acquisition_cost() -> None:
    profit = loyal_customer_profit(years=3, base_profit=40.0, acquisition_cost=100.0)
    np.testing.assert_array_equal(profit.cumulative(), [-100.0, -60.0, -20.0, 20.0])
    assert profit.payback_year() == 3


@pytest.mark.parametrize("argument", ["cost_savings", "referrals", "price_premium"])
def test_per_year_inputs_are_reported_under_their_name(argument: str) -> None:
    with pytest.raises(ValueError, match=rf"^{argument} must not contain NaN"):
        loyal_customer_profit(years=3, base_profit=40.0, **{argument: [1.0, np.nan, 2.0]})


def test_base_profit_is_reported_under_its_name() -> None:
    with pytest.raises(ValueError, match=r"^base_profit\b"):
        loyal_customer_profit(years=3, base_profit=[40.0, np.inf, 40.0])


def test_nps_weights_are_checked() -> None:
    with pytest.raises(ValueError, match=r"^weights must not all be 0; got a total weight of 0$"):
        nps([9, 10, 3], weights=[0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match=r"^weights must be 1-D"):
        nps([9, 10, 3], weights=[[1.0, 1.0, 1.0]])


def test_profit_overflow_names_the_first_year_that_overflows() -> None:
    # by hand: base * (1 + g) ** (t - 1) with g = 1e100 is 1e300 in year 4
    # and 1e400 (beyond float64) in year 5
    with pytest.raises(ValueError, match=r"overflows the float64 range in year 5;"):
        loyal_customer_profit(years=6, base_profit=1.0, purchase_growth=1e100)
    with pytest.raises(ValueError, match=r"^cost_savings must be 0-D or 1-D; got a 2-D array"):
        loyal_customer_profit(years=3, base_profit=1.0, cost_savings=[[1.0, 2.0, 3.0]])


def test_holm_caps_at_one_and_names_its_argument() -> None:
    # by hand: sorted 0.6, 0.7 give 2 * 0.6 = 1.2 and max(1.2, 0.7) = 1.2,
    # both capped at 1
    assert holm([0.6, 0.7]).tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match=r"^p_values must be 1-D"):
        holm([[0.1, 0.2]])
    with pytest.raises(ValueError, match=r"^p_values must be in \[0, 1\]; got 1\.5 at index 1$"):
        holm([0.1, 1.5])


class TestRetentionCounts:
    def test_counts_one_unit_in_the_last_place_apart(self) -> None:
        # 1e16 + 2 is the next float after 1e16: the count rules hold within
        # rounding, and the rate is clipped to [0, 1]
        assert retention_rate(1e16, 1e16 + 2) == 1.0
        assert retention_rate(5.0, 1e16, 1e16 + 2) == 0.0

    def test_errors_name_the_argument_and_the_label(self) -> None:
        labels = ["x", "y", "z"]
        bad = pd.Series([5.0, -1.0, 3.0], index=labels)
        with pytest.raises(ValueError, match=r"^start_customers must be > 0; got -1 at label 'y'$"):
            retention_rate(bad, 5.0)
        with pytest.raises(ValueError, match=r"^end_customers must be >= 0; got -1 at label 'y'$"):
            retention_rate(10.0, bad)
        with pytest.raises(ValueError, match=r"^new_customers must be >= 0; got -1 at label 'y'$"):
            retention_rate(10.0, 5.0, bad)
        with pytest.raises(
            ValueError,
            match=r"^end_customers must be <= start_customers \+ new_customers; "
            r"got 20 > 10 \+ 0 at label 'y'$",
        ):
            retention_rate(10.0, pd.Series([5.0, 20.0, 3.0], index=labels))
        with pytest.raises(
            ValueError,
            match=r"^new_customers must be <= end_customers \(new customers are counted at the "
            r"end\); got 6 > 5 at label 'y'$",
        ):
            retention_rate(10.0, 5.0, pd.Series([1.0, 6.0, 3.0], index=labels))


class TestShareOfWallet:
    def test_a_series_in_either_argument_gives_a_series(self) -> None:
        # 1/5, 2/5 and 1/4, 1/5: exact to rounding
        out = share_of_wallet(pd.Series([1.0, 2.0], index=["p", "q"]), 5.0)
        assert isinstance(out, pd.Series)
        assert out.name == "share_of_wallet"
        assert out.index.tolist() == ["p", "q"]
        np.testing.assert_allclose(out.to_numpy(), [0.2, 0.4], rtol=1e-15)
        out = share_of_wallet(1.0, pd.Series([4.0, 5.0], index=["p", "q"]))
        assert isinstance(out, pd.Series)
        assert out.index.tolist() == ["p", "q"]
        np.testing.assert_allclose(out.to_numpy(), [0.25, 0.2], rtol=1e-15)

    def test_errors_name_the_argument_and_the_label(self) -> None:
        idx = ["p", "q"]
        with pytest.raises(ValueError, match=r"^firm_spend must be >= 0; got -1 at label 'q'$"):
            share_of_wallet(pd.Series([1.0, -1.0], index=idx), 5.0)
        with pytest.raises(ValueError, match=r"^category_spend must be > 0; got 0 at label 'q'$"):
            share_of_wallet(1.0, pd.Series([5.0, 0.0], index=idx))
        with pytest.raises(
            ValueError,
            match=r"^share of wallet must be <= 1 \(firm_spend <= category_spend\); "
            r"got 9 / 5 at label 'q'$",
        ):
            share_of_wallet(pd.Series([1.0, 9.0], index=idx), 5.0)


def test_repeat_purchase_rate_checks_name_the_argument() -> None:
    with pytest.raises(ValueError, match=r"^purchases must be 1-D"):
        repeat_purchase_rate([[1, 2]])
    with pytest.raises(ValueError, match=r"^purchases must be >= 0; got -2 at index 1$"):
        repeat_purchase_rate([1, -2])
    with pytest.raises(ValueError, match=r"^min_repeats must be >= 1; got 0$"):
        repeat_purchase_rate([1, 2], min_repeats=0)


@pytest.mark.parametrize(
    ("position", "argument"),
    [(0, "start_customers"), (1, "end_customers"), (2, "new_customers")],
)
def test_text_counts_are_reported_under_their_name(position: int, argument: str) -> None:
    counts: list[object] = [10.0, 8.0, 1.0]
    counts[position] = ["a"]
    with pytest.raises(TypeError, match=rf"^{argument} must be numeric; got text 'a' at index 0$"):
        retention_rate(*counts)


@pytest.mark.parametrize(("position", "argument"), [(0, "firm_spend"), (1, "category_spend")])
def test_text_spend_is_reported_under_its_name(position: int, argument: str) -> None:
    spend: list[object] = [1.0, 5.0]
    spend[position] = ["a"]
    with pytest.raises(TypeError, match=rf"^{argument} must be numeric; got text 'a' at index 0$"):
        share_of_wallet(*spend)


def test_messages_without_a_value_say_what_is_missing() -> None:
    with pytest.raises(
        ValueError,
        match=r"^years must be given when every component is a single value; got years=None$",
    ):
        loyal_customer_profit(base_profit=40.0)
    with pytest.raises(
        ValueError,
        match=r"^purchases must include at least one buyer \(a count >= 1\); got none$",
    ):
        repeat_purchase_rate([0, 0])


@pytest.mark.parametrize("level", [0.9, 0.99, None])
def test_curve_interval_at_another_level_against_statsmodels(level: float | None) -> None:
    # second implementation: statsmodels' binomial GLM, whose prediction
    # interval of the mean is also the logit-scale interval mapped through
    # the inverse link. Both fits are iterative (converged to about 1e-9 in
    # the coefficients), hence rtol 1e-6.
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    s = np.repeat([1.0, 2.0, 3.0, 4.0, 5.0], 40)
    r = (rng.random(200) < 1 / (1 + np.exp(3.0 - 0.9 * s))).astype(float)
    curve = satisfaction_loyalty_curve(s, r)
    ci = curve.confidence_interval() if level is None else curve.confidence_interval(level=level)
    level = 0.95 if level is None else level  # the documented default
    glm = sm.GLM(r, sm.add_constant(s), family=sm.families.Binomial()).fit()
    grid = sm.add_constant(np.arange(1.0, 6.0))
    ref = glm.get_prediction(grid).summary_frame(alpha=1 - level)
    np.testing.assert_allclose(ci.low, ref["mean_ci_lower"].to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(ci.high, ref["mean_ci_upper"].to_numpy(), rtol=1e-6)
    assert ci.level == level


# --- SegmentResults.pairwise, nps_difference, classify_loyalty, loyalty_segments ---
# References: promoters and detractors counted by hand, the standard error of
# a score as the spread of the answers coded +1 / 0 / -1 (numpy's variance),
# scipy's normal distribution for z, p values and quantiles, statsmodels'
# multipletests for Holm, and the bootstrap percentiles taken with numpy from
# the result's own replicates.


def _coded(scores: np.ndarray) -> np.ndarray:
    # promoter (9-10) +1, passive (7-8) 0, detractor (0-6) -1
    return np.where(scores >= 9, 1.0, np.where(scores <= 6, -1.0, 0.0))


@pytest.mark.parametrize("level", [None, 0.9])
def test_pairwise_against_scipy_and_statsmodels(level: float | None) -> None:
    from scipy.stats import norm
    from statsmodels.stats.multitest import multipletests

    a = np.array([10, 9, 9, 8, 7, 3, 0, 10, 6, 9])  # 5 promoters, 3 detractors: 20
    b = np.array([1, 2, 3, 10, 9, 8, 5, 6, 7, 0, 0])  # 2 promoters, 7 detractors
    c = np.array([10, 10, 10, 9, 8, 8, 7, 2])  # 4 promoters, 1 detractor: 37.5
    scores = np.concatenate([a, b, c])
    seg = np.repeat(["a", "b", "c"], [a.size, b.size, c.size])
    res = nps(scores, by=seg)
    pw = res.pairwise() if level is None else res.pairwise(level=level)
    lev = 0.95 if level is None else level  # the documented default
    assert pw.first == ("a", "a", "b")
    assert pw.second == ("b", "c", "c")
    hand = {"a": 20.0, "b": 100 * (2 - 7) / 11, "c": 37.5}
    se = {
        k: 100 * np.sqrt(np.var(_coded(v)) / v.size) for k, v in zip("abc", (a, b, c), strict=True)
    }
    pairs = list(zip(pw.first, pw.second, strict=True))
    diff = np.array([hand[x] - hand[y] for x, y in pairs])
    pair_se = np.array([np.sqrt(se[x] ** 2 + se[y] ** 2) for x, y in pairs])
    np.testing.assert_allclose(pw.difference, diff, rtol=1e-12)
    np.testing.assert_allclose(pw.std_error, pair_se, rtol=1e-12)
    np.testing.assert_allclose(pw.statistic, diff / pair_se, rtol=1e-12)
    p = 2 * norm.sf(np.abs(diff / pair_se))
    np.testing.assert_allclose(pw.p_value, p, rtol=1e-10)
    np.testing.assert_allclose(pw.p_adjusted, multipletests(p, method="holm")[1], rtol=1e-10)
    z = norm.ppf(0.5 + lev / 2)
    np.testing.assert_allclose(pw.low, diff - z * pair_se, rtol=1e-10)
    np.testing.assert_allclose(pw.high, diff + z * pair_se, rtol=1e-10)
    assert pw.level == lev
    assert pw.method == "wald"


def test_pairwise_interval_stops_at_200_points() -> None:
    from scipy.stats import norm

    # 99 detractors and one passive (score -99) against 100 promoters (100):
    # the difference is -199 and its standard error is about 1, so the
    # normal interval passes -200 and is cut there.
    low_seg = np.r_[np.zeros(99), 7.0]
    scores = np.r_[low_seg, np.full(100, 10.0)]
    for first, second in (("a", "b"), ("b", "a")):
        seg = np.repeat([first, second], 100)
        with pytest.warns(DegenerateDataWarning, match="all responses fall in one group"):
            pw = nps(scores, by=seg).pairwise()
        se = 100 * np.sqrt(np.var(_coded(low_seg)) / 100)
        half = norm.ppf(0.975) * se
        if first == "a":
            assert pw.difference[0] == pytest.approx(-199.0, abs=1e-12)
            assert -199.0 - half < -200.0
            assert pw.low[0] == -200.0
            assert pw.high[0] == pytest.approx(-199.0 + half, rel=1e-12)
        else:
            assert pw.difference[0] == pytest.approx(199.0, abs=1e-12)
            assert pw.high[0] == 200.0
            assert pw.low[0] == pytest.approx(199.0 - half, rel=1e-12)


def test_pairwise_refusals() -> None:
    df = pd.DataFrame({"tariff": [5, 4, 1, 5, 2, 5], "network": [1, 5, 5, 2, 5, 4]})
    two_items = net_satisfaction(df, by=np.array(list("aabbab")))
    with pytest.raises(
        TypeError,
        match=r"^pairwise differences need one score per segment \(nps, net_satisfaction "
        r"of one item\); got NetSatisfaction$",
    ):
        two_items.pairwise()
    one = nps([10, 9, 3], by=np.array(["x", "x", "x"]))
    with pytest.raises(
        ValueError, match=r"^pairwise differences need at least two segments; got one$"
    ):
        one.pairwise()
    # the pair with no spread is the third one: b (all 10) and c (all 0)
    scores = np.array([10, 3, 8, 10, 10, 10, 0, 0, 0])
    with pytest.warns(DegenerateDataWarning, match="all responses fall in one group"):
        res = nps(scores, by=np.repeat(["a", "b", "c"], 3))
    with pytest.raises(
        ValueError,
        match=r"^segments 'b' and 'c' both have a standard error of 0 \(every response in "
        r"one group\); no test is possible$",
    ):
        res.pairwise()


@pytest.mark.parametrize("level", [0.95, 0.8])
def test_bootstrap_difference_is_the_percentile_interval_of_its_replicates(level: float) -> None:
    # 9 promoters, 3 passives, 8 detractors (score 5) against 5, 4, 11 (-30)
    a = np.r_[np.full(9, 10), np.full(3, 8), np.full(8, 2)]
    b = np.r_[np.full(5, 9), np.full(4, 7), np.full(11, 0)]
    res = nps_difference(a, b, method="bootstrap", rng=11, n_boot=999, level=level)
    assert res.method == "bootstrap"
    assert res.replicates.shape == (999,)
    assert res.difference == pytest.approx(5.0 - (-30.0), abs=1e-12)
    # abs=1e-9: percentile (q in %) and quantile differ in the last bits
    ref = np.percentile(res.replicates, [50 * (1 - level), 50 * (1 + level)])
    assert res.low == pytest.approx(ref[0], abs=1e-9)
    assert res.high == pytest.approx(ref[1], abs=1e-9)
    # the same seed gives the same replicates; a Wald interval has none
    again = nps_difference(a, b, method="bootstrap", rng=11, n_boot=999, level=level)
    np.testing.assert_array_equal(again.replicates, res.replicates)
    assert nps_difference(a, b).replicates is None
    # a seed with the Wald method draws replicates too (for later use) and
    # leaves the Wald interval as it is
    seeded = nps_difference(a, b, rng=11, n_boot=999)
    np.testing.assert_array_equal(seeded.replicates, res.replicates)
    assert seeded.method == "wald"


def test_bootstrap_difference_above_100_points() -> None:
    # 99 promoters and a passive (99) against 100 detractors (-100): each
    # resampled difference is 100 + the resample's promoter share in points,
    # far above 100 here, and the interval is cut at 200, not at 100.
    a = np.r_[np.full(99, 10.0), 7.0]
    b = np.zeros(100)
    with pytest.warns(DegenerateDataWarning, match="all responses fall in one group"):
        res = nps_difference(a, b, method="bootstrap", rng=2, n_boot=999)
    assert res.replicates.min() > 150.0
    assert res.low == pytest.approx(np.percentile(res.replicates, 2.5), abs=1e-9)
    assert res.high == pytest.approx(np.percentile(res.replicates, 97.5), abs=1e-9)
    assert res.high <= 200.0


def test_wald_difference_stops_at_200_points() -> None:
    from scipy.stats import norm

    a = np.r_[np.full(99, 10.0), 7.0]
    b = np.zeros(100)
    with pytest.warns(DegenerateDataWarning, match="all responses fall in one group"):
        res = nps_difference(a, b, alternative="greater")
    se = 100 * np.sqrt(np.var(_coded(a)) / a.size)
    assert res.difference == pytest.approx(199.0, abs=1e-12)
    assert res.std_error == pytest.approx(se, rel=1e-12)
    assert 199.0 + norm.ppf(0.975) * se > 200.0
    assert res.high == 200.0
    assert res.low == pytest.approx(199.0 - norm.ppf(0.975) * se, rel=1e-12)
    assert res.alternative == "greater"
    assert res.p_value == pytest.approx(norm.sf(199.0 / se), rel=1e-9)


def test_nps_difference_refusals_name_the_argument() -> None:
    with pytest.raises(ValueError, match=r"^a must be in \[0, 10\]; got 11 at index 0$"):
        nps_difference([11], [10, 3])
    with pytest.raises(ValueError, match=r"^b must be in \[0, 10\]; got -1 at index 1$"):
        nps_difference([10, 3], [10, -1])
    with (
        pytest.warns(DegenerateDataWarning),
        pytest.raises(
            ValueError,
            match=r"^nps_difference needs variation: both samples have a standard error of 0 "
            r"\(every response of each sample in one group\)$",
        ),
    ):
        nps_difference([10, 10], [0])


def test_bootstrap_difference_without_a_seed_still_resamples() -> None:
    a = np.r_[np.full(9, 10), np.full(3, 8), np.full(8, 2)]
    b = np.r_[np.full(5, 9), np.full(4, 7), np.full(11, 0)]
    res = nps_difference(a, b, method="bootstrap", n_boot=199)
    assert res.replicates.shape == (199,)
    assert res.low == pytest.approx(np.percentile(res.replicates, 2.5), abs=1e-9)
    assert res.high == pytest.approx(np.percentile(res.replicates, 97.5), abs=1e-9)


def test_segment_intervals_indexed_by_segment() -> None:
    from scipy.stats import norm

    a = np.array([10, 9, 9, 8, 7, 3, 0, 10, 6, 9])  # 20
    b = np.array([1, 2, 3, 10, 9, 8, 5, 6, 7, 0, 0])  # (2 - 7) / 11
    scores = pd.Series(np.concatenate([a, b]))
    store = pd.Series(np.repeat(["a", "b"], [a.size, b.size]), name="store")
    ci = nps(scores, by=store).confidence_interval(level=0.9)
    z = norm.ppf(0.95)
    for seg, part, score in (("a", a, 20.0), ("b", b, 100 * (2 - 7) / 11)):
        se = 100 * np.sqrt(np.var(_coded(part)) / part.size)
        assert ci.low[seg] == pytest.approx(score - z * se, rel=1e-12)
        assert ci.high[seg] == pytest.approx(score + z * se, rel=1e-12)
    assert ci.low.name == "low"
    assert ci.high.name == "high"
    assert ci.low.index.name == "store"
    assert ci.high.index.name == "store"
    assert ci.level == 0.9
    # two items per segment: a table of limits, one row per segment, equal
    # to the intervals of each segment's subset alone
    df = pd.DataFrame({"tariff": [5, 4, 1, 5, 2, 5], "network": [1, 5, 5, 2, 5, 4]})
    city = np.array(list("aabbab"))
    cis = net_satisfaction(df, by=city).confidence_interval(level=0.9)
    # (the limits arrive as arrays, rows in segment order a, b)
    for row, seg in enumerate(("a", "b")):
        alone = net_satisfaction(df[city == seg]).confidence_interval(level=0.9)
        np.testing.assert_allclose(np.asarray(cis.low)[row], alone.low, rtol=1e-12)
        np.testing.assert_allclose(np.asarray(cis.high)[row], alone.high, rtol=1e-12)


def test_segment_interval_default_level_and_tables() -> None:
    from scipy.stats import norm

    a = np.array([10, 9, 9, 8, 7, 3, 0, 10, 6, 9])  # 20
    res = nps(np.r_[a, a], by=np.repeat(["x", "y"], a.size))
    ci = res.confidence_interval()
    se = 100 * np.sqrt(np.var(_coded(a)) / a.size)
    assert ci.level == 0.95  # the documented default
    assert ci.low["x"] == pytest.approx(20.0 - norm.ppf(0.975) * se, rel=1e-12)
    # one item per segment: one row per segment, no item column; counted by
    # hand: a has tariff 5, 4, 2 (one top box, no bottom box), b has 1, 5, 5
    df = pd.DataFrame({"tariff": [5, 4, 1, 5, 2, 5], "network": [1, 5, 5, 2, 5, 4]})
    city = pd.Series(list("aabbab"), name="city")
    one = net_satisfaction(df[["tariff"]], by=city).to_frame()
    assert one.index.name == "city"
    assert "item" not in one.columns
    assert one.loc["a", "score"] == pytest.approx(100 / 3, rel=1e-12)
    assert one.loc["b", "top_share"] == pytest.approx(2 / 3, rel=1e-12)
    assert one.loc["b", "bottom_share"] == pytest.approx(1 / 3, rel=1e-12)
    # two items: (segment, item) rows; a's network answers 1, 5, 5 give 100 (2 - 1) / 3
    two = net_satisfaction(df, by=city).to_frame()
    assert list(two.index.names) == ["city", "item"]
    assert two.loc[("a", "network"), "score"] == pytest.approx(100 / 3, rel=1e-12)
    assert two.loc[("b", "tariff"), "score"] == pytest.approx(100 / 3, rel=1e-12)


# --- nps, its segments and pairwise differences: second round ---
# References: scores counted by hand, the standard error of a score as the
# spread of the answers coded +1 / 0 / -1 (numpy's variance), scipy's normal
# quantiles, the documented layout of the tables and texts.

_A = np.array([10, 9, 9, 8, 7, 3, 0, 10, 6, 9])  # 5 promoters, 2 passives, 3 detractors: 20
_B = np.array([1, 2, 3, 10, 9, 8, 5, 6, 7, 0, 0])  # 2, 2, 7: 100 (2 - 7) / 11
_C = np.array([10, 10, 10, 9, 8, 8, 7, 2])  # 4, 3, 1: 37.5


def _se_points(scores: np.ndarray) -> float:
    # the Wald standard error of a score: the spread of the coded answers
    return float(100 * np.sqrt(np.var(_coded(scores)) / scores.size))


def _three_segments() -> object:
    seg = np.repeat(["a", "b", "c"], [_A.size, _B.size, _C.size])
    return nps(np.concatenate([_A, _B, _C]), by=seg)


@pytest.mark.parametrize("level", [None, 0.8])
def test_pairwise_confidence_interval_at_another_level(level: float | None) -> None:
    from scipy.stats import norm

    pw = _three_segments().pairwise()
    ci = pw.confidence_interval() if level is None else pw.confidence_interval(level=level)
    lev = 0.95 if level is None else level  # the documented default
    hand = {"a": 20.0, "b": 100 * (2 - 7) / 11, "c": 37.5}
    se = {"a": _se_points(_A), "b": _se_points(_B), "c": _se_points(_C)}
    pairs = [("a", "b"), ("a", "c"), ("b", "c")]
    diff = np.array([hand[x] - hand[y] for x, y in pairs])
    half = norm.ppf(0.5 + lev / 2) * np.array([np.hypot(se[x], se[y]) for x, y in pairs])
    np.testing.assert_allclose(ci.low, diff - half, rtol=1e-10)
    np.testing.assert_allclose(ci.high, diff + half, rtol=1e-10)
    assert ci.level == lev


def test_pairwise_confidence_interval_stops_at_200_points() -> None:
    from scipy.stats import norm

    # 99 detractors and a passive (-99) against 100 promoters (100): the
    # difference -199 with a standard error of about 1 passes -200
    low_seg = np.r_[np.zeros(99), 7.0]
    scores = np.r_[low_seg, np.full(100, 10.0)]
    for first, second in (("a", "b"), ("b", "a")):
        with pytest.warns(DegenerateDataWarning, match="all responses fall in one group"):
            pw = nps(scores, by=np.repeat([first, second], 100)).pairwise()
        ci = pw.confidence_interval(level=0.9)
        half = norm.ppf(0.95) * _se_points(low_seg)
        if first == "a":
            assert ci.low[0] == -200.0
            assert ci.high[0] == pytest.approx(-199.0 + half, rel=1e-12)
        else:
            assert ci.high[0] == 200.0
            assert ci.low[0] == pytest.approx(199.0 - half, rel=1e-12)


def test_pairwise_significance_and_table() -> None:
    pw = _three_segments().pairwise()
    # Holm's rule rejects when the adjusted p value is at most alpha: an
    # alpha equal to an adjusted p value rejects that pair
    for k in range(3):
        alpha = float(pw.p_adjusted[k])
        expected = [float(p) <= alpha for p in pw.p_adjusted]
        assert pw.significant(alpha=alpha).tolist() == expected
        assert pw.significant(alpha=alpha)[k]
    with pytest.raises(ValueError, match=r"^alpha must be in \(0, 1\); got 1\.5$"):
        pw.significant(alpha=1.5)
    frame = pw.to_frame()
    documented = [
        "first",
        "second",
        "difference",
        "std_error",
        "statistic",
        "p_value",
        "p_adjusted",
        "low",
        "high",
    ]
    assert frame.columns.tolist() == documented
    assert frame["first"].tolist() == ["a", "a", "b"]
    assert frame["second"].tolist() == ["b", "c", "c"]
    for column in documented[2:]:
        np.testing.assert_array_equal(frame[column].to_numpy(), getattr(pw, column))


def test_pairwise_summary_lists_each_pair() -> None:
    import re

    pw = _three_segments().pairwise()
    lines = pw.summary().split("\n")
    # a header naming the columns, then one line per pair (first - second)
    assert len(lines) == 4
    assert lines[0].startswith("first - second:")
    assert "(SE)" in lines[0]
    assert "Holm p" in lines[0]
    hand = {"a": 20.0, "b": 100 * (2 - 7) / 11, "c": 37.5}
    se = {"a": _se_points(_A), "b": _se_points(_B), "c": _se_points(_C)}
    pattern = re.compile(
        r"^(\w) - (\w): (-?[\d.]+) \(([\d.]+)\), p = ([\d.e-]+), Holm p = ([\d.e-]+)$"
    )
    for line, (x, y), p_adj in zip(
        lines[1:], [("a", "b"), ("a", "c"), ("b", "c")], pw.p_adjusted, strict=True
    ):
        m = pattern.match(line)
        assert m is not None, line
        assert (m.group(1), m.group(2)) == (x, y)
        assert float(m.group(3)) == pytest.approx(hand[x] - hand[y], abs=0.05)
        assert float(m.group(4)) == pytest.approx(np.hypot(se[x], se[y]), abs=0.005)
        assert float(m.group(6)) == pytest.approx(float(p_adj), rel=1e-3)


def test_segment_summary_indents_each_segment_block() -> None:
    res = _three_segments()
    lines = res.summary().split("\n")
    assert lines[0] == "3 segments by segment"
    k = 1
    for seg in ("a", "b", "c"):
        assert lines[k] == f"[{seg}]"
        own = res[seg].summary().split("\n")
        assert lines[k + 1 : k + 1 + len(own)] == ["  " + line for line in own]
        k += 1 + len(own)
    assert k == len(lines)


@pytest.mark.parametrize("level", [0.975, 0.9])
def test_summaries_report_the_level_in_percent(level: float) -> None:
    percent = {0.975: "97.5% CI", 0.9: "90% CI"}[level]
    assert f"; {percent} " in nps(_A, level=level).summary()
    assert f"; {percent} " in nps_difference(_A, _B, level=level).summary()


def test_nps_difference_table_and_interval_by_method() -> None:
    from scipy.stats import norm

    d = nps_difference(_A, _B, level=0.9)
    row = d.to_frame().iloc[0]
    assert row["level"] == 0.9
    assert row["low"] == d.low
    assert row["high"] == d.high
    assert row["method"] == "wald"
    assert row["first_score"] == pytest.approx(20.0, abs=1e-12)
    assert row["second_score"] == pytest.approx(100 * (2 - 7) / 11, rel=1e-12)
    # adjusted Wald (Rocks 2016): each survey gets 3/4 of a promoter, 3/4 of a
    # detractor and 3/2 of a passive; the coded answers' weighted variance gives
    # the standard error of each adjusted score
    adj = nps_difference(_A, _B, method="adjusted_wald")

    def adjusted(scores: np.ndarray) -> tuple[float, float]:
        values = np.r_[_coded(scores), 1.0, 0.0, -1.0]
        weights = np.r_[np.ones(scores.size), 0.75, 1.5, 0.75]
        mean = np.average(values, weights=weights)
        var = np.average((values - mean) ** 2, weights=weights)
        return 100 * mean, 100 * np.sqrt(var / weights.sum())

    (ca, sa), (cb, sb) = adjusted(_A), adjusted(_B)
    for level in (0.95, 0.8):
        ci = adj.confidence_interval(level=level)
        half = norm.ppf(0.5 + level / 2) * np.hypot(sa, sb)
        assert ci.low == pytest.approx(ca - cb - half, rel=1e-12)
        assert ci.high == pytest.approx(ca - cb + half, rel=1e-12)
    assert adj.low == pytest.approx(ca - cb - norm.ppf(0.975) * np.hypot(sa, sb), rel=1e-12)


def test_bootstrap_difference_reuses_the_replicates_of_its_inputs() -> None:
    ra = nps(_A, method="bootstrap", rng=1, n_boot=300)
    rb = nps(_B, method="bootstrap", rng=2, n_boot=300)
    d = nps_difference(ra, rb, method="bootstrap", n_boot=300, rng=5)
    np.testing.assert_array_equal(d.replicates, ra.replicates - rb.replicates)
    # weighted results carry their replicates too
    wa = nps(_A, weights=np.arange(1.0, 11.0), method="bootstrap", rng=3, n_boot=300)
    d = nps_difference(wa, rb, method="bootstrap", n_boot=300, rng=5)
    np.testing.assert_array_equal(d.replicates, wa.replicates - rb.replicates)
    # another number of resamples: fresh replicates of that length
    d = nps_difference(ra, rb, method="bootstrap", n_boot=200, rng=5)
    assert d.replicates.shape == (200,)
    assert not np.array_equal(d.replicates, (ra.replicates - rb.replicates)[:200])
    # fresh replicates of 10 answers are differences of scores of 10 answers
    # minus scores of 11: multiples of 10 minus multiples of 100 / 11
    possible = np.array([10 * i - 100 * j / 11 for i in range(-10, 11) for j in range(-11, 12)])
    for r in d.replicates:
        assert np.min(np.abs(possible - r)) < 1e-9
    weighted = nps(_A, weights=np.arange(1.0, 11.0))
    with pytest.raises(
        ValueError,
        match=r"^a bootstrap difference of weighted scores needs their replicates: pass the "
        r"raw scores, or nps\(\.\.\., method='bootstrap'\) results$",
    ):
        nps_difference(weighted, rb, method="bootstrap", n_boot=300)
    with pytest.raises(ValueError, match=r"^a must not contain NaN; got nan at index 1$"):
        nps_difference([10.0, np.nan, 3.0], _B)


def test_segment_interval_limits_of_items_are_rows_per_segment() -> None:
    df = pd.DataFrame({"tariff": [5, 4, 1, 5, 2, 5], "network": [1, 5, 5, 2, 5, 4]})
    city = pd.Series(list("aabbab"), name="city")
    cis = net_satisfaction(df, by=city).confidence_interval()
    # documented: one row per segment, one column per item
    for limits in (cis.low, cis.high):
        assert isinstance(limits, np.ndarray)
        assert limits.shape == (2, 2)


def test_item_names_of_a_series() -> None:
    named = net_satisfaction(pd.Series([1, 5, 3], name="tariff"))
    assert named.items == ("tariff",)
    assert net_satisfaction(pd.Series([1, 5, 3])).items == ("item",)
    with pytest.raises(
        ValueError,
        match=r"^responses and by have different labels: 'c' is in responses but not in by",
    ):
        net_satisfaction(
            pd.Series([1, 5, 3], index=list("abc")),
            by=pd.Series(list("xyx"), index=list("abd")),
        )


def test_pairwise_significance_at_the_default_alpha() -> None:
    pw = _three_segments().pairwise()
    # Holm p values 0.142, 0.636 and 0.0448 (see the summary test): only the
    # pair b - c is significant at the documented default alpha = 0.05
    assert pw.significant().tolist() == [False, False, True]
    assert pw.significant().tolist() == (np.asarray(pw.p_adjusted) <= 0.05).tolist()


def test_bootstrap_difference_interval_at_another_level() -> None:
    d = nps_difference(_A, _B, method="bootstrap", rng=4, n_boot=500)
    ci = d.confidence_interval(level=0.8)
    # abs=1e-9: percentile (q in %) and quantile differ in the last bits
    assert ci.low == pytest.approx(np.percentile(d.replicates, 10), abs=1e-9)
    assert ci.high == pytest.approx(np.percentile(d.replicates, 90), abs=1e-9)
    assert ci.level == 0.8


class TestNpsInputs:
    """What nps accepts and how it names what it refuses."""

    def test_wald_result_has_no_replicates(self) -> None:
        assert nps(_A).replicates is None
        assert nps(_A.astype(float)).replicates is None
        assert nps(_A, weights=np.ones(_A.size)).replicates is None

    def test_missing_words(self) -> None:
        with pytest.raises(
            ValueError, match=r"^missing must be one of 'raise', 'omit'; got 'mean'$"
        ):
            nps(_A, missing="mean")
        # omitted NaN leave the zeros (detractors) in: 0, 10 and 9 give 100 / 3
        res = nps([0.0, np.nan, 10.0, 9.0], missing="omit")
        assert res.n == 3
        assert (res.detractors, res.passives, res.promoters) == (1, 0, 2)
        assert res.score == pytest.approx(100 / 3, rel=1e-12)
        with pytest.raises(
            ValueError,
            match=r"^scores must contain at least one answer; got none after omitting NaN$",
        ):
            nps([np.nan, np.nan], missing="omit")
        with pytest.raises(
            ValueError,
            match=r"^scores must contain at least one answer; got none after omitting NaN$",
        ):
            nps([], missing="omit")

    def test_omitted_answers_by_segment(self) -> None:
        scores = [0.0, np.nan, 10.0, 9.0, np.nan, 7.0]
        seg = ["a", "a", "a", "b", "b", "b"]
        res = nps(scores, by=seg, missing="omit")
        assert res.segments == ("a", "b")
        # a: 0 and 10 (score 0); b: 9 and 7 (score 50)
        assert res["a"].n == 2
        assert res["a"].score == pytest.approx(0.0, abs=1e-12)
        assert res["b"].n == 2
        assert res["b"].score == pytest.approx(50.0, abs=1e-12)

    @pytest.mark.parametrize("dtype", [np.int64, np.float64])
    def test_bootstrap_without_a_seed(self, dtype: type) -> None:
        # 5 promoters, 2 passives, 3 detractors out of 10: every resample's
        # score is a whole multiple of 10 points
        res = nps(_A.astype(dtype), method="bootstrap", n_boot=150)
        assert res.replicates.shape == (150,)
        np.testing.assert_array_equal(res.replicates % 10, 0.0)
        assert res.low == pytest.approx(np.percentile(res.replicates, 2.5), abs=1e-9)

    def test_seeded_bootstrap_of_whole_float_answers(self) -> None:
        # float answers that are whole numbers count like integers, the
        # bootstrap included
        one = nps(_A.astype(float), method="bootstrap", rng=7, n_boot=300)
        two = nps(_A, method="bootstrap", rng=7, n_boot=300)
        assert one.replicates.shape == (300,)
        np.testing.assert_array_equal(one.replicates, two.replicates)

    def test_weights_with_float_answers(self) -> None:
        # weights 3 and 1 on a promoter and a detractor: 100 (3 - 1) / 4 = 50
        res = nps([10.0, 0.0], weights=[3.0, 1.0])
        assert res.score == pytest.approx(50.0, abs=1e-12)
        assert res.weighted
        # Kish: 4 ** 2 / (9 + 1)
        assert res.effective_n == pytest.approx(1.6, rel=1e-12)

    def test_errors_name_the_argument_and_the_label(self) -> None:
        idx = ["p", "q"]
        with pytest.raises(ValueError, match=r"^weights must be >= 0; got -1 at label 'q'$"):
            nps(pd.Series([3, 9], index=idx), weights=pd.Series([1.0, -1.0], index=idx))
        with pytest.raises(ValueError, match=r"^scores must be in \[0, 10\]; got 11 at index 1$"):
            nps(np.array([3, 11]))
        with pytest.raises(ValueError, match=r"^scores must be in \[0, 10\]; got 11 at label 'q'$"):
            nps(pd.Series([3, 11], index=idx))
        for bad in ([3.0, 11.0], [-1.0, 5.0]):
            value, label = (11, "q") if bad[1] == 11.0 else (-1, "p")
            with pytest.raises(
                ValueError, match=rf"^scores must be in \[0, 10\]; got {value} at label '{label}'$"
            ):
                nps(pd.Series(bad, index=idx))
        # integer answers with weights or segments are checked as well
        with pytest.raises(ValueError, match=r"^scores must be in \[0, 10\]; got 11 at index 1$"):
            nps(np.array([3, 11]), weights=[1.0, 1.0])
        with pytest.raises(ValueError, match=r"^scores must be in \[0, 10\]; got -1 at label 'q'$"):
            nps(pd.Series([3, -1], index=idx), weights=pd.Series([1.0, 1.0], index=idx))
        with pytest.raises(ValueError, match=r"^scores must be in \[0, 10\]; got 11 at index 1$"):
            nps(np.array([3, 11]), weights=[1.0, 1.0], by=["a", "b"])

    def test_shapes_are_named(self) -> None:
        for empty in (np.array([], dtype=np.int64), np.array([], dtype=np.float64)):
            with pytest.raises(ValueError, match=r"^scores must not be empty; got an array"):
                nps(empty)
        with pytest.raises(ValueError, match=r"^scores must be 1-D; got a 2-D array"):
            nps(np.array([[1, 2], [3, 4]]))
        with pytest.raises(ValueError, match=r"^by must be 1-D \(one segment per row\); got shape"):
            nps([3, 9], by=[["a", "b"]])

    def test_unsigned_answers(self) -> None:
        # uint64, which bincount refuses: 10, 3, 8 are one of each group
        res = nps(np.array([10, 3, 8, 9], dtype=np.uint64))
        assert (res.detractors, res.passives, res.promoters) == (1, 1, 2)
        assert res.score == pytest.approx(25.0, abs=1e-12)

    def test_missing_segment_is_named_by_label(self) -> None:
        idx = list("pqrs")
        with pytest.raises(
            ValueError,
            match=r"^by must not contain missing segments; got a missing value at label 'r'$",
        ):
            nps(
                pd.Series([3, 9, 10, 1], index=idx),
                by=pd.Series(["a", "b", None, "a"], index=idx),
            )
        with pytest.raises(
            ValueError,
            match=r"^by must not contain missing segments; got a missing value at index 2$",
        ):
            nps([3, 9, 10, 1], by=np.array(["a", "b", None, "a"], dtype=object))


class TestNpsBySegment:
    def test_weights_and_level_follow_each_segment(self) -> None:
        scores = np.array([10.0, 0.0, 9.0, 10.0, 2.0, 8.0])
        w = np.array([3.0, 1.0, 2.0, 1.0, 1.0, 2.0])
        seg = np.array(["a", "a", "b", "b", "a", "b"])
        res = nps(scores, by=seg, weights=w, level=0.9)
        assert res.level == 0.9
        # a: 10 (3), 0 (1), 2 (1): 100 (3 - 2) / 5; b: 9 (2), 10 (1), 8 (2): 100 * 3 / 5
        assert res["a"].score == pytest.approx(20.0, rel=1e-12)
        assert res["b"].score == pytest.approx(60.0, rel=1e-12)
        for s in ("a", "b"):
            alone = nps(scores[seg == s], weights=w[seg == s], level=0.9)
            assert res[s].effective_n == pytest.approx(alone.effective_n, rel=1e-12)
            assert res[s].low == pytest.approx(alone.low, rel=1e-12)
            assert res[s].level == 0.9

    def test_weighted_bootstrap_per_segment_keeps_the_row_order(self) -> None:
        # the segment's respondents are resampled in their original order: the
        # first segment (in sorted order, so it draws first) alone with the
        # same seed gives the same replicates
        rng = np.random.default_rng(8)
        scores = rng.integers(0, 11, 60)
        w = rng.uniform(0.5, 2.0, 60)
        seg = np.where(rng.random(60) < 0.5, "a", "b")
        first = "a"
        res = nps(scores, by=seg, weights=w, method="bootstrap", rng=3, n_boot=100)
        alone = nps(
            scores[seg == first], weights=w[seg == first], method="bootstrap", rng=3, n_boot=100
        )
        np.testing.assert_array_equal(res[first].replicates, alone.replicates)

    def test_warning_names_the_segment(self) -> None:
        with pytest.warns(
            DegenerateDataWarning,
            match=r"^all responses fall in one group \(promoters, passives or detractors\) in "
            r"segment 'a': the Wald standard error is 0 and the interval collapses to the "
            r"score; method='adjusted_wald' gives an interval of positive width$",
        ):
            nps([10, 10, 3, 9], by=["a", "a", "b", "b"])

    def test_default_name_and_one_segment_table(self) -> None:
        res = nps(_A, by=np.repeat("x", _A.size))
        assert res.by == "segment"
        frame = res.to_frame()
        assert frame.index.name == "segment"
        assert frame.index.tolist() == ["x"]
        assert frame.loc["x", "score"] == pytest.approx(20.0, abs=1e-12)

    def test_kano_segments_table_has_a_segment_attribute_index(self) -> None:
        from custvalue.satisfaction import kano_summary

        # like/dislike is one-dimensional (O), like/neutral attractive (A),
        # must-be/dislike must-be (M)
        functional = [
            ["like", "must-be"],
            ["like", "like"],
            ["like", "must-be"],
            ["must-be", "like"],
        ]
        dysfunctional = [
            ["dislike", "dislike"],
            ["neutral", "dislike"],
            ["neutral", "dislike"],
            ["dislike", "neutral"],
        ]
        s = kano_summary(
            functional, dysfunctional, attributes=["speed", "price"], by=["x", "x", "y", "y"]
        )
        frame = s.to_frame()
        assert list(frame.index.names) == ["segment", "attribute"]
        expected = [("x", "speed"), ("x", "price"), ("y", "speed"), ("y", "price")]
        assert frame.index.tolist() == expected
        # x, speed: one O and one A
        assert frame.loc[("x", "speed"), "n"] == 2


def test_wald_interval_stops_at_100_points() -> None:
    from scipy.stats import norm

    # 99 promoters and a passive: 99 points with a standard error of 99.5 /
    # 100 ... the normal interval passes 100 and is cut there
    scores = np.r_[np.full(99, 10), 7]
    res = nps(scores)
    se = _se_points(scores)
    assert 99.0 + norm.ppf(0.975) * se > 100.0
    assert res.high == 100.0
    assert res.low == pytest.approx(99.0 - norm.ppf(0.975) * se, rel=1e-12)
    assert res.confidence_interval(level=0.9).high == 100.0


def test_bootstrap_interval_of_two_items_is_per_item() -> None:
    df = pd.DataFrame({"tariff": [5, 4, 1, 5, 2, 5, 3, 5], "network": [1, 1, 5, 2, 1, 4, 1, 2]})
    res = net_satisfaction(df, method="bootstrap", rng=6, n_boot=400)
    assert res.replicates.shape == (2, 400)
    for level in (0.95, 0.8):
        ci = res.confidence_interval(level=level)
        for j in range(2):
            q = [50 * (1 - level), 50 * (1 + level)]
            ref = np.percentile(res.replicates[j], q)
            assert ci.low[j] == pytest.approx(ref[0], abs=1e-9)
            assert ci.high[j] == pytest.approx(ref[1], abs=1e-9)


class TestWeightedBootstrap:
    def test_promoters_only_resample_to_100(self) -> None:
        # every resample of promoters alone scores exactly 100
        w = np.arange(1.0, 13.0)
        res = nps(np.full(12, 9), weights=w, method="bootstrap", rng=1, n_boot=100)
        np.testing.assert_array_equal(res.replicates, np.full(100, 100.0))

    def test_many_respondents_are_resampled_in_chunks(self) -> None:
        # 50,000 weighted respondents and 150 resamples are drawn in chunks of
        # 80; all promoters again give exactly 100 in every resample
        n = 50_000
        w = np.ones(n)
        res = nps(np.full(n, 10), weights=w, method="bootstrap", rng=2, n_boot=150)
        np.testing.assert_array_equal(res.replicates, np.full(150, 100.0))


def test_score_from_counts_alone() -> None:
    # custvalue.dask passes only the counts (detractors, passives, promoters)
    # to the NPS core; _A has 3, 2 and 5 of them
    from custvalue.loyalty import _nps_core

    options = {"level": 0.9, "method": "adjusted_wald", "rng": None, "n_boot": 2000}
    got = _nps_core(None, None, counts=np.array([3, 2, 5]), **options)
    assert got == nps(_A, level=0.9, method="adjusted_wald")
    assert got.n == 10
    with pytest.raises(
        ValueError, match=r"^scores must contain at least one answer in segment 'x'; got none$"
    ):
        _nps_core(None, None, counts=np.array([0, 0, 0]), where=" in segment 'x'", **options)


def test_wilson_limits_at_no_and_all_repurchases_are_exact() -> None:
    from scipy.stats import norm

    # Wilson's limits solve (k/n - p)^2 = z^2 p (1 - p) / n. With k = 0 the
    # roots are 0 and z^2 / (n + z^2); with k = n they are n / (n + z^2) and
    # 1. At 21 and 9 respondents the textbook's closed form lands one
    # rounding below 0 and above 1; the limits must still be exactly 0 and 1.
    s = np.r_[np.full(21, 1), np.full(10, 2), np.full(10, 3), np.full(10, 4), np.full(9, 5)]
    r = np.r_[
        np.zeros(21),
        [1, 0, 0, 0, 0, 0, 0, 0, 1, 0],
        [1, 0, 1, 0, 1, 0, 0, 1, 0, 0],
        [1, 1, 1, 0, 1, 1, 0, 1, 1, 0],
        np.ones(9),
    ]
    curve = satisfaction_loyalty_curve(s, r)
    z2 = norm.ppf(0.975) ** 2
    assert curve.observed_low[0] == 0.0
    assert curve.observed_high[0] == pytest.approx(z2 / (21 + z2), rel=1e-12)
    assert curve.observed_high[4] == 1.0
    assert curve.observed_low[4] == pytest.approx(9 / (9 + z2), rel=1e-12)


def test_one_group_warning_points_at_the_caller() -> None:
    import os
    import warnings

    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        nps([10, 9, 10])
        nps([10, 9, 3, 2], by=["a", "a", "b", "b"])
    assert [w.category for w in record] == [DegenerateDataWarning] * 3
    # mutation runs call through mutmut's trampoline, one frame deeper: the
    # origin is checked outside them only
    if "MUTANT_UNDER_TEST" not in os.environ:
        assert all(w.filename == __file__ for w in record)


def test_nps_difference_warning_names_the_argument_and_points_at_the_caller() -> None:
    import os
    import warnings

    # b's answers are all promoters: its Wald standard error is 0 (a degenerate
    # one-group sample); the warning says which argument it is about
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        nps_difference([10, 3, 7, 9], [10, 9, 10])
    assert [w.category for w in record] == [DegenerateDataWarning]
    assert str(record[0].message).startswith("b: all responses fall in one group")
    if "MUTANT_UNDER_TEST" not in os.environ:
        assert record[0].filename == __file__
