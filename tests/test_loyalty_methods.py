"""NPS / NSS interval methods, their coverage, segment analysis and pairwise tests."""

from __future__ import annotations

import math
from fractions import Fraction
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from scipy.special import gammaln

from custvalue import loyalty as ly
from custvalue import satisfaction as sat
from custvalue.loyalty import _net_interval

SAMPLE = np.r_[np.full(60, 10), np.full(25, 8), np.full(15, 3)]
Z95 = NormalDist().inv_cdf(0.975)


class TestAdjustedWald:
    def test_hand_computed(self) -> None:
        # Rocks (2016) / Sauro & Lewis: add 3/4 of a promoter and of a
        # detractor and 3 to n. 60/25/15: p~ = 60.75/103, d~ = 15.75/103.
        p = Fraction(6075, 100 * 103)
        d = Fraction(1575, 100 * 103)
        centre = 100 * float(p - d)
        se = 100 * math.sqrt(float((p + d - (p - d) ** 2) / 103))
        res = ly.nps(SAMPLE, method="adjusted_wald")
        assert res.low == pytest.approx(centre - Z95 * se, rel=1e-12)
        assert res.high == pytest.approx(centre + Z95 * se, rel=1e-12)
        # the point estimate and its Wald standard error are unchanged
        assert (res.score, res.method) == (45.0, "adjusted_wald")
        assert res.std_error == pytest.approx(100 * math.sqrt(0.5475 / 100), rel=1e-12)
        ci = res.confidence_interval(level=0.95)
        assert (ci.low, ci.high) == (res.low, res.high)

    def test_all_in_one_group_has_positive_width(self) -> None:
        res = ly.nps([10] * 20, method="adjusted_wald")
        # p~ = 20.75 / 23, d~ = 0.75 / 23: the interval is not a point
        assert res.low < 100.0
        assert res.high == 100.0  # clipped

    def test_nss_uses_top_and_bottom_boxes(self) -> None:
        ratings = [5, 5, 4, 4, 3, 2, 1, 5, 4, 5]
        res = ly.net_satisfaction(ratings, method="adjusted_wald")
        t, b = Fraction(4 * 4 + 3, 4 * 13), Fraction(1 * 4 + 3, 4 * 13)
        centre = 100 * float(t - b)
        se = 100 * math.sqrt(float((t + b - (t - b) ** 2) / 13))
        assert res.low == pytest.approx(max(centre - Z95 * se, -100), rel=1e-12)
        assert res.high == pytest.approx(centre + Z95 * se, rel=1e-12)

    def test_difference(self) -> None:
        after = np.r_[np.full(45, 9), np.full(30, 7), np.full(25, 5)]
        test = ly.nps_difference(SAMPLE, after, method="adjusted_wald")
        pa, da = Fraction(6075, 10300), Fraction(1575, 10300)
        pb, db = Fraction(4575, 10300), Fraction(2575, 10300)
        centre = 100 * float((pa - da) - (pb - db))
        var = float((pa + da - (pa - da) ** 2) / 103 + (pb + db - (pb - db) ** 2) / 103)
        half = Z95 * 100 * math.sqrt(var)
        assert (test.low, test.high) == pytest.approx((centre - half, centre + half), rel=1e-12)
        # the z test is the classical one whatever the interval
        assert test.p_value == pytest.approx(0.022901, abs=1e-5)


def _trinomial(n: int, p: float, d: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every outcome (detractors, promoters) of n answers with its probability."""
    xd, xp = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    keep = xd + xp <= n
    xd, xp = xd[keep], xp[keep]
    xm = n - xd - xp
    log_pmf = (
        gammaln(n + 1)
        - gammaln(xd + 1)
        - gammaln(xp + 1)
        - gammaln(xm + 1)
        + xd * math.log(d)
        + xp * math.log(p)
        + xm * math.log(1 - p - d)
    )
    return xd, xp, np.exp(log_pmf)


CONFIGS = [(0.6, 0.15), (0.5, 0.2), (0.3, 0.3), (0.4, 0.1), (0.2, 0.5), (0.7, 0.05)]


class TestCoverage:
    """Coverage of the recommended interval (adjusted Wald) at the 95% level."""

    @pytest.mark.parametrize("n", [100, 1000])
    @pytest.mark.parametrize(("p", "d"), CONFIGS)
    def test_exact_coverage_within_001(self, n: int, p: float, d: float) -> None:
        # Exact: the intervals of every possible sample (all trinomial
        # outcomes) weighted by their probabilities; no Monte Carlo error.
        xd, xp, pmf = _trinomial(n, p, d)
        assert pmf.sum() == pytest.approx(1.0, abs=1e-9)
        ci = _net_interval(xp / n, xd / n, n, "adjusted_wald", 0.95, None)
        truth = 100 * (p - d)
        covered = (np.asarray(ci.low) <= truth) & (truth <= np.asarray(ci.high))
        coverage = float(pmf[covered].sum())
        assert abs(coverage - 0.95) < 0.01
        # the public function gives these intervals: spot-check one outcome
        k = int(np.argmax(pmf))
        scores = np.r_[np.full(xd[k], 0), np.full(n - xd[k] - xp[k], 7), np.full(xp[k], 10)]
        res = ly.nps(scores, method="adjusted_wald")
        assert (res.low, res.high) == (float(ci.low[k]), float(ci.high[k]))

    def test_wald_falls_short_where_adjusted_wald_holds(self) -> None:
        # extreme shares, n = 30: Wald covers 0.84, adjusted Wald 0.958
        xd, xp, pmf = _trinomial(30, 0.9, 0.02)
        truth = 100 * (0.9 - 0.02)
        cover = {}
        for method in ("wald", "adjusted_wald"):
            ci = _net_interval(xp / 30, xd / 30, 30, method, 0.95, None)
            inside = (np.asarray(ci.low) <= truth) & (truth <= np.asarray(ci.high))
            cover[method] = float(pmf[inside].sum())
        assert cover["wald"] < 0.86
        assert abs(cover["adjusted_wald"] - 0.95) < 0.01

    @pytest.mark.parametrize("n", [100, 1000])
    def test_simulated_coverage(self, n: int) -> None:
        # 40,000 seeded surveys: Monte Carlo standard error
        # sqrt(0.95 * 0.05 / 40000) = 0.0011, a tenth of the 0.01 allowed.
        rng = np.random.default_rng(20160401 + n)
        p, d = 0.45, 0.25
        counts = rng.multinomial(n, [d, 1 - p - d, p], size=40_000)
        ci = _net_interval(counts[:, 2] / n, counts[:, 0] / n, n, "adjusted_wald", 0.95, None)
        truth = 100 * (p - d)
        coverage = float(np.mean((ci.low <= truth) & (truth <= ci.high)))
        assert abs(coverage - 0.95) < 0.01
        # the vectorised intervals are those of nps() on the raw answers
        for row in counts[:20]:
            scores = np.r_[np.full(row[0], 3), np.full(row[1], 8), np.full(row[2], 9)]
            res = ly.nps(scores, method="adjusted_wald")
            k = int(np.flatnonzero((counts == row).all(axis=1))[0])
            assert (res.low, res.high) == (float(ci.low[k]), float(ci.high[k]))


class TestBootstrap:
    def test_reproducible_and_close_to_wald_for_large_n(self) -> None:
        rng = np.random.default_rng(3)
        scores = rng.integers(0, 11, size=2000)
        a = ly.nps(scores, method="bootstrap", rng=7, n_boot=20_000)
        b = ly.nps(scores, method="bootstrap", rng=7, n_boot=20_000)
        assert a == b
        wald = ly.nps(scores)
        # with 2,000 answers the sampling distribution is close to normal;
        # 20,000 resamples put the 2.5% / 97.5% quantiles within about 0.05
        # points (Monte Carlo) of their limit, so 0.3 points is 6 such errors
        assert a.low == pytest.approx(wald.low, abs=0.3)
        assert a.high == pytest.approx(wald.high, abs=0.3)
        assert a.replicates.shape == (20_000,)
        assert not a.replicates.flags.writeable
        # another level from the stored replicates
        ci90 = a.confidence_interval(level=0.90)
        assert ci90.low == pytest.approx(np.quantile(a.replicates, 0.05))

    def test_weighted_bootstrap(self) -> None:
        rng = np.random.default_rng(5)
        scores = rng.integers(0, 11, size=300)
        weights = rng.uniform(0.5, 2.0, size=300)
        res = ly.nps(scores, weights=weights, method="bootstrap", rng=1, n_boot=4000)
        wald = ly.nps(scores, weights=weights)
        # the Kish approximation and the resampling agree to about 10% of the width
        width = wald.high - wald.low
        assert abs(res.low - wald.low) < 0.1 * width
        assert abs(res.high - wald.high) < 0.1 * width

    def test_difference_and_nss(self) -> None:
        after = np.r_[np.full(45, 9), np.full(30, 7), np.full(25, 5)]
        test = ly.nps_difference(SAMPLE, after, method="bootstrap", rng=2, n_boot=20_000)
        wald = ly.nps_difference(SAMPLE, after)
        assert test.low == pytest.approx(wald.low, abs=1.0)
        assert test.high == pytest.approx(wald.high, abs=1.0)
        nss = ly.net_satisfaction([[5, 1], [4, 2], [1, 5], [5, 5]], method="bootstrap", rng=3)
        assert nss.replicates.shape == (2, 2000)


class TestSegments:
    def test_nps_by_segment_equals_subsets(self) -> None:
        rng = np.random.default_rng(11)
        scores = rng.integers(0, 11, size=600)
        region = rng.choice(["east", "north", "west"], size=600)
        res = ly.nps(scores, by=region, method="adjusted_wald")
        assert res.segments == ("east", "north", "west")
        frame = res.to_frame()
        assert list(frame.index) == ["east", "north", "west"]
        assert {"score", "low", "high"} <= set(frame.columns)
        for seg in res.segments:
            alone = ly.nps(scores[region == seg], method="adjusted_wald")
            assert res[seg] == alone
            assert frame.loc[seg, "low"] == alone.low
        ci = res.confidence_interval(level=0.9)
        assert (
            ci.low["north"]
            == ly.nps(scores[region == "north"], method="adjusted_wald")
            .confidence_interval(level=0.9)
            .low
        )

    def test_series_grouping_pairs_by_label(self) -> None:
        scores = pd.Series([10, 9, 3, 0, 8, 10], index=list("abcdef"))
        group = pd.Series(["x", "x", "x", "y", "y", "y"], index=list("abcdef"), name="store")
        res = ly.nps(scores, by=group[::-1])
        assert res.by == "store"
        assert res["x"].score == pytest.approx(100 * (2 - 1) / 3)
        assert res.to_frame().index.name == "store"

    def test_pairwise_holm_matches_statsmodels(self) -> None:
        from statsmodels.stats.multitest import multipletests

        rng = np.random.default_rng(12)
        parts = [
            rng.choice(11, size=200, p=np.r_[np.full(7, w), np.full(4, (1 - 7 * w) / 4)])
            for w in (0.05, 0.08, 0.11)
        ]
        scores = np.concatenate(parts)
        seg = np.repeat(["a", "b", "c"], 200)
        pw = ly.nps(scores, by=seg).pairwise()
        assert list(zip(pw.first, pw.second, strict=True)) == [("a", "b"), ("a", "c"), ("b", "c")]
        raw = [
            ly.nps_difference(scores[seg == x], scores[seg == y]).p_value
            for x, y in zip(pw.first, pw.second, strict=True)
        ]
        np.testing.assert_allclose(pw.p_value, raw, rtol=1e-12)
        _, holm, _, _ = multipletests(raw, method="holm")
        np.testing.assert_allclose(pw.p_adjusted, holm, rtol=1e-12)
        np.testing.assert_array_equal(pw.significant(alpha=0.05), holm <= 0.05)
        assert list(pw.to_frame().columns[:3]) == ["first", "second", "difference"]

    def test_holm_hand_computed(self) -> None:
        # sorted 0.01, 0.03, 0.04 -> 3 * 0.01, max(0.03, 2 * 0.03), max(0.06, 0.04)
        np.testing.assert_allclose(ly.holm([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06])
        np.testing.assert_allclose(ly.holm([0.5, 0.9]), [1.0, 1.0])

    def test_net_satisfaction_by_column(self) -> None:
        df = pd.DataFrame(
            {"tariff": [5, 4, 1, 5, 2, 5], "network": [1, 5, 5, 2, 5, 4], "city": list("aabbab")}
        )
        res = ly.net_satisfaction(df, by="city")
        alone = ly.net_satisfaction(df[df.city == "a"].drop(columns="city"))
        assert res["a"] == alone
        frame = res.to_frame()
        assert frame.index.names == ["city", "item"]
        assert frame.loc[("b", "network"), "score"] == pytest.approx(100 * (2 - 1) / 3)
        one = ly.net_satisfaction(df["tariff"], by=df["city"])
        assert list(one.to_frame().index) == ["a", "b"]
        assert one.pairwise().difference[0] == pytest.approx(one["a"].score - one["b"].score)

    def test_likert_and_kano_by_segment(self) -> None:
        responses = pd.DataFrame({"q1": [5, 4, 3, 2, 5, 1], "q2": [1, 2, 3, 4, 5, 5]})
        wave = np.array([1, 1, 1, 2, 2, 2])
        res = sat.likert_summary(responses, by=wave)
        assert res[1] == sat.likert_summary(responses[wave == 1])
        frame = res.to_frame()
        assert frame.loc[(2, "q1"), "mean"] == pytest.approx(8 / 3)
        assert {"mean_low", "mean_high"} <= set(frame.columns)
        f = pd.DataFrame({"wifi": ["like", "like", "must-be", "like"], "seg": list("xxyy")})
        d = pd.DataFrame({"wifi": ["dislike", "neutral", "dislike", "like"], "seg": list("xxyy")})
        k = sat.kano_summary(f, d, by="seg")
        assert k["x"].counts[0].tolist() == [1, 1, 0, 0, 0, 0]
        assert k["y"].counts[0].tolist() == [0, 0, 1, 0, 0, 1]

    def test_by_errors(self) -> None:
        with pytest.raises(ValueError, match=r"scores, by have inconsistent lengths: \[100, 3\]"):
            ly.nps(SAMPLE, by=[1, 2, 3])
        with pytest.raises(ValueError, match="by must not contain missing segments"):
            ly.nps(SAMPLE[:3], by=["a", None, "b"])
        with pytest.raises(ValueError, match="by must be a column of responses"):
            ly.net_satisfaction(pd.DataFrame({"q": [1, 2]}), by="city")
        with pytest.raises(TypeError, match="pairwise differences need one score per segment"):
            sat.likert_summary([[1], [2], [3], [4]], by=[0, 0, 1, 1]).pairwise()


def test_bootstrap_coverage_is_close_to_nominal() -> None:
    # 2,000 seeded surveys of 100 answers, each with its own percentile
    # interval from 400 resamples, in one call through by=. Monte Carlo
    # standard error of the coverage: sqrt(0.95 * 0.05 / 2000) = 0.005; the
    # bootstrap is not the recommended method, so 0.02 (4 such errors) is
    # allowed here, where the adjusted Wald interval is held to 0.01.
    rng = np.random.default_rng(77)
    reps, n = 2000, 100
    scores = rng.choice([3, 8, 10], p=[0.25, 0.30, 0.45], size=reps * n)
    survey = np.repeat(np.arange(reps), n)
    res = ly.nps(scores, by=survey, method="bootstrap", rng=5, n_boot=400)
    frame = res.to_frame()
    covered = (frame["low"] <= 20.0) & (frame["high"] >= 20.0)
    assert abs(float(covered.mean()) - 0.95) < 0.02
