"""Mutation killers for custvalue.satisfaction (see docs/mutation-testing.md).

References are independent of the implementation: exact fractions and hand
counts, published values (Cochran's and Krejcie & Morgan's sample sizes, the
stp25kano example of a Kano counts table), and second algorithms from scipy
and statsmodels (Student-t intervals, Wilson intervals, Pearson's
chi-square, ordinary least squares).
"""

from __future__ import annotations

import math
import os
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from custvalue import satisfaction as sat
from custvalue.exceptions import DegenerateDataWarning


def _assert_warned_here(filename: str) -> None:
    """The warning points at the caller (its stacklevel is right).

    Mutation runs call every function through mutmut's trampoline, one frame
    deeper, so there the check is left out (mutmut sets MUTANT_UNDER_TEST).
    """
    if "MUTANT_UNDER_TEST" not in os.environ:
        assert filename == __file__


# ---------------------------------------------------------------------------
# satisfaction_ratio: C = B / A
# ---------------------------------------------------------------------------


def test_ratio_values_and_verdicts_exact() -> None:
    perceived = [90.0, 105.0, 95.0, 120.0, 100.0, 104.0]
    expected = [100.0, 100.0, 100.0, 100.0, 100.0, 100.0]
    r = sat.satisfaction_ratio(perceived, expected)
    want = [float(Fraction(int(b), int(a))) for b, a in zip(perceived, expected, strict=True)]
    np.testing.assert_array_equal(r.ratio, want)
    # band edges 0.95 and 1.05 are inside "meets" (|C - 1| <= 0.05)
    assert list(r.verdict) == ["below", "meets", "meets", "exceeds", "meets", "meets"]
    assert r.counts() == {"exceeds": 1, "meets": 4, "below": 1}
    assert r.tolerance == 0.05


def test_ratio_tolerance_changes_band() -> None:
    r = sat.satisfaction_ratio([0.8, 0.79, 1.2, 1.21], [1.0, 1.0, 1.0, 1.0], tolerance=0.2)
    assert list(r.verdict) == ["meets", "below", "meets", "exceeds"]
    r0 = sat.satisfaction_ratio([1.0, 1.0 + 1e-9, 1.0 - 1e-9], [1.0, 1.0, 1.0], tolerance=0.0)
    assert list(r0.verdict) == ["meets", "exceeds", "below"]


def test_ratio_scalar_and_series() -> None:
    r = sat.satisfaction_ratio(3.0, 4.0)
    assert r.ratio == 0.75
    assert r.verdict == "below"
    assert isinstance(r.verdict, str)
    idx = pd.Index(["c", "a", "b"], name="customer")
    b = pd.Series([6.0, 2.0, 9.0], index=idx)
    a = pd.Series([2.0, 8.0, 3.0], index=["a", "b", "c"])  # same labels, another order
    r = sat.satisfaction_ratio(b, a)
    assert isinstance(r.ratio, pd.Series)
    assert r.ratio.name == "satisfaction_ratio"
    assert list(r.ratio.index) == ["c", "a", "b"]
    # c: 6/3, a: 2/2, b: 9/8
    np.testing.assert_array_equal(r.ratio.to_numpy(), [2.0, 1.0, 1.125])
    assert isinstance(r.verdict, pd.Series)
    assert r.verdict.name == "verdict"
    assert list(r.verdict.index) == ["c", "a", "b"]
    assert list(r.verdict) == ["exceeds", "meets", "exceeds"]
    frame = r.to_frame()
    assert list(frame.columns) == ["ratio", "verdict"]
    assert list(frame.index) == ["c", "a", "b"]
    np.testing.assert_array_equal(frame["ratio"].to_numpy(), [2.0, 1.0, 1.125])
    assert list(frame["verdict"]) == ["exceeds", "meets", "exceeds"]


def test_ratio_to_frame_of_array_and_scalar() -> None:
    frame = sat.satisfaction_ratio([1.0, 3.0], [2.0, 2.0]).to_frame()
    assert list(frame.index) == [0, 1]
    np.testing.assert_array_equal(frame["ratio"].to_numpy(), [0.5, 1.5])
    assert list(frame["verdict"]) == ["below", "exceeds"]
    one = sat.satisfaction_ratio(5.0, 4.0).to_frame()
    assert one.shape == (1, 2)
    assert one["ratio"].iloc[0] == 1.25
    assert one["verdict"].iloc[0] == "exceeds"


def test_ratio_errors_name_argument_rule_and_value() -> None:
    with pytest.raises(ValueError, match=r"expected.*> 0"):
        sat.satisfaction_ratio([1.0, 2.0], [1.0, 0.0])
    with pytest.raises(ValueError, match=r"perceived.*>= 0"):
        sat.satisfaction_ratio([-1.0], [1.0])
    with pytest.raises(ValueError, match=r"tolerance.*>= 0"):
        sat.satisfaction_ratio(1.0, 1.0, tolerance=-0.1)
    with pytest.raises(
        ValueError,
        match=r"^expected is too small.*float64.*perceived 100\.0 over expected 1e-308.*units$",
    ):
        sat.satisfaction_ratio([1.0, 100.0], [1.0, 1e-308])
    with pytest.raises(
        ValueError,
        match=r"^perceived is too small.*above 0.*perceived 1e-320 over expected.*units$",
    ):
        sat.satisfaction_ratio([1e-320], [1e10])
    with pytest.raises(ValueError, match=r"expected is too small.*index 1"):
        sat.satisfaction_ratio([1.0, 100.0], [1.0, 1e-308])
    # zero perceived value over any expectation is an exact 0, not an underflow
    assert sat.satisfaction_ratio(0.0, 1e10).ratio == 0.0


# ---------------------------------------------------------------------------
# likert_summary and its interval
# ---------------------------------------------------------------------------

ANSWERS = np.array(
    [
        [5, 4, 1],
        [4, 4, 2],
        [3, 5, 2],
        [5, 2, 3],
        [2, 4, 1],
        [5, 1, 5],
        [1, 3, 4],
    ],
    dtype=float,
)


def _fraction_stats(col: list[int]) -> tuple[Fraction, Fraction]:
    """Exact mean and sample variance of whole-number answers."""
    n = len(col)
    mean = Fraction(sum(col), n)
    var = sum((Fraction(x) - mean) ** 2 for x in col) / (n - 1)
    return mean, var


def test_likert_statistics_exact() -> None:
    s = sat.likert_summary(ANSWERS, items=["clarity", "pace", "help"], box=2)
    assert s.items == ("clarity", "pace", "help")
    np.testing.assert_array_equal(s.points, [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(s.n, [7, 7, 7])
    for j in range(3):
        col = [int(v) for v in ANSWERS[:, j]]
        mean, var = _fraction_stats(col)
        assert s.mean[j] == pytest.approx(float(mean), rel=1e-15)
        assert s.variance[j] == pytest.approx(float(var), rel=1e-14)
        assert s.std[j] == pytest.approx(math.sqrt(var), rel=1e-14)
        for k, p in enumerate(range(1, 6)):
            assert s.shares[j, k] == pytest.approx(col.count(p) / 7, abs=1e-15)
        # top-two box: 4 and 5; bottom-two box: 1 and 2 (hand counts)
        assert s.top_box[j] == pytest.approx(sum(v >= 4 for v in col) / 7, abs=1e-15)
        assert s.bottom_box[j] == pytest.approx(sum(v <= 2 for v in col) / 7, abs=1e-15)
    assert s.box == 2
    assert s.missing == "raise"


def test_likert_top_box_one_point_and_seven_point_scale() -> None:
    data = np.array([[7, 1], [6, 2], [7, 7], [1, 4]], dtype=float)
    s = sat.likert_summary(data, scale=(1, 7))
    np.testing.assert_array_equal(s.points, np.arange(1, 8))
    np.testing.assert_allclose(s.top_box, [2 / 4, 1 / 4], atol=1e-15)
    np.testing.assert_allclose(s.bottom_box, [1 / 4, 1 / 4], atol=1e-15)
    assert s.items == ("item_1", "item_2")
    s0 = sat.likert_summary(np.array([[0, 10], [5, 0], [10, 5]], dtype=float), scale=(0, 10))
    np.testing.assert_allclose(s0.mean, [5.0, 5.0], atol=1e-15)
    assert s0.shares.shape == (2, 11)
    np.testing.assert_allclose(s0.shares[0, [0, 5, 10]], [1 / 3] * 3, atol=1e-15)


def test_likert_missing_policies_hand_counts() -> None:
    data = np.array([[5, np.nan], [4, 2], [np.nan, 3], [1, 5], [3, 3]])
    omit = sat.likert_summary(data, missing="omit")
    np.testing.assert_array_equal(omit.n, [4, 4])
    assert omit.mean[0] == pytest.approx(13 / 4, rel=1e-15)
    assert omit.mean[1] == pytest.approx(13 / 4, rel=1e-15)
    listwise = sat.likert_summary(data, missing="listwise")
    np.testing.assert_array_equal(listwise.n, [3, 3])
    assert listwise.mean[0] == pytest.approx(8 / 3, rel=1e-15)
    assert listwise.mean[1] == pytest.approx(10 / 3, rel=1e-15)
    assert listwise.missing == "listwise"
    with pytest.raises(ValueError, match=r"missing answer for item 'item_2' at row 0.*missing="):
        sat.likert_summary(data)


def test_likert_interval_matches_scipy_t() -> None:
    s = sat.likert_summary(ANSWERS)
    for level in (0.95, 0.8):
        ci = s.confidence_interval(level=level)
        assert ci.level == level
        for j in range(3):
            col = ANSWERS[:, j]
            low, high = stats.t.interval(level, len(col) - 1, loc=col.mean(), scale=stats.sem(col))
            assert ci.low[j] == pytest.approx(low, rel=1e-12)
            assert ci.high[j] == pytest.approx(high, rel=1e-12)
    default = s.confidence_interval()
    assert default.level == 0.95
    np.testing.assert_allclose(default.low, s.confidence_interval(level=0.95).low, rtol=0)


def test_likert_interval_with_two_answers_has_one_degree_of_freedom() -> None:
    # n = 2: t quantile with 1 df (12.706 at 95%), the widest case
    s = sat.likert_summary(np.array([[1.0, 2.0], [3.0, 4.0]]))
    ci = s.confidence_interval(level=0.95)
    low, high = stats.t.interval(0.95, 1, loc=2.0, scale=stats.sem([1.0, 3.0]))
    assert ci.low[0] == pytest.approx(low, rel=1e-12)
    assert ci.high[0] == pytest.approx(high, rel=1e-12)
    assert high - 2.0 == pytest.approx(12.706204736, rel=1e-9)


def test_likert_to_frame_columns_and_values() -> None:
    s = sat.likert_summary(ANSWERS, items=["a", "b", "c"])
    frame = s.to_frame()
    share_cols = [f"share_{p}" for p in range(1, 6)]
    assert list(frame.columns) == [
        "item",
        "n",
        "mean",
        "std",
        "variance",
        *share_cols,
        "top_box",
        "bottom_box",
        "mean_low",
        "mean_high",
    ]
    assert list(frame["item"]) == ["a", "b", "c"]
    col = ANSWERS[:, 1]
    assert frame["n"].iloc[1] == 7
    assert frame["mean"].iloc[1] == pytest.approx(col.mean(), rel=1e-15)
    assert frame["std"].iloc[1] == pytest.approx(col.std(ddof=1), rel=1e-14)
    assert frame["variance"].iloc[1] == pytest.approx(col.var(ddof=1), rel=1e-14)
    for p in range(1, 6):
        assert frame[f"share_{p}"].iloc[1] == pytest.approx(np.mean(col == p), abs=1e-15)
    assert frame["top_box"].iloc[1] == pytest.approx(np.mean(col == 5), abs=1e-15)
    assert frame["bottom_box"].iloc[1] == pytest.approx(np.mean(col == 1), abs=1e-15)
    low, high = stats.t.interval(0.95, 6, loc=col.mean(), scale=stats.sem(col))
    assert frame["mean_low"].iloc[1] == pytest.approx(low, rel=1e-12)
    assert frame["mean_high"].iloc[1] == pytest.approx(high, rel=1e-12)


def test_likert_summary_text_reads_back() -> None:
    s = sat.likert_summary(ANSWERS, items=["clarity", "pace", "x"])
    text = s.summary(digits=4)
    lines = text.split("\n")
    assert lines[0].split() == ["item", "n", "mean", "std", "top", "bottom"]
    assert set(lines[1]) == {"-"}
    assert len(lines[1]) == len(lines[0])
    # the item column is as wide as the longest name ("clarity", 7 letters)
    assert lines[0].startswith("item   " + "  ")
    assert len(lines) == 5
    for j, line in enumerate(lines[2:]):
        _name, n, mean, std, top, bottom = line.split()
        col = ANSWERS[:, j]
        assert int(n) == 7
        assert float(mean) == pytest.approx(col.mean(), abs=5e-5)
        assert float(std) == pytest.approx(col.std(ddof=1), abs=5e-5)
        assert float(top.rstrip("%")) == pytest.approx(100 * np.mean(col == 5), abs=0.05)
        assert float(bottom.rstrip("%")) == pytest.approx(100 * np.mean(col == 1), abs=0.05)
    short = sat.likert_summary(ANSWERS[:, :1], items=["q"]).summary()
    # a name shorter than "item" still gets a 4-wide column
    assert short.split("\n")[2].startswith("q     ")


def test_likert_errors_name_item_row_and_rule() -> None:
    with pytest.raises(ValueError, match=r"item 'b' must be in \[1, 5\]; got 6 at row 2"):
        sat.likert_summary(np.array([[1, 2], [3, 4], [5, 6]], dtype=float), items=["a", "b"])
    with pytest.raises(ValueError, match=r"item 'a' must be a whole number in \[1, 5\]; got 2\.5"):
        sat.likert_summary(np.array([[2.5], [3.0]]), items=["a"])
    frame = pd.DataFrame({"q": [1.0, 9.0]}, index=["r1", "r2"])
    with pytest.raises(ValueError, match=r"got 9 at row 1 \(index 'r2'\)"):
        sat.likert_summary(frame)
    with pytest.raises(ValueError, match=r"box must be at most half the scale \(2 points\); got 3"):
        sat.likert_summary(ANSWERS, box=3)
    with pytest.raises(ValueError, match=r"no valid answer for item 'item_2'.*omit"):
        sat.likert_summary(np.array([[1.0, np.nan], [2.0, np.nan]]), missing="omit")


# ---------------------------------------------------------------------------
# sample sizes (Cochran 1977; Krejcie & Morgan 1970)
# ---------------------------------------------------------------------------


def test_sample_size_cochran_and_krejcie_morgan() -> None:
    # Cochran's n0 = z^2 p q / e^2 with z = 1.96: 384.16 -> 385 respondents
    assert sat.sample_size() == 385
    assert sat.sample_size(level=0.95, margin=0.05, proportion=0.5) == 385
    # Krejcie & Morgan (1970) table, rounded to the nearest integer
    published = {10: 10, 100: 80, 500: 217, 1000: 278, 9000: 368, 15: 14, 220: 140}
    for size, n in published.items():
        assert sat.sample_size(population=size, rounding="nearest") == n
    # rounded up, the three entries that miss the margin get one more
    assert sat.sample_size(population=15) == 15
    assert sat.sample_size(population=220) == 141


def test_sample_size_other_levels_from_scipy_quantile() -> None:
    for level, margin, p in ((0.99, 0.03, 0.3), (0.9, 0.04, 0.2), (0.8, 0.1, 0.5)):
        z = stats.norm.ppf(0.5 + level / 2)
        n0 = z**2 * p * (1 - p) / margin**2
        assert sat.sample_size(level=level, margin=margin, proportion=p) == math.ceil(n0)
        size = 700
        fpc = n0 / (1 + (n0 - 1) / size)
        assert sat.sample_size(
            level=level, margin=margin, proportion=p, population=size
        ) == math.ceil(fpc)
        assert sat.sample_size(
            level=level, margin=margin, proportion=p, population=size, rounding="nearest"
        ) == round(fpc)


def test_sample_size_population_of_one_is_one() -> None:
    # n0 / (1 + (n0 - 1) / 1) = 1 exactly: a population of one is surveyed whole
    assert sat.sample_size(population=1) == 1
    assert sat.sample_size(population=1, rounding="nearest") == 1
    assert sat.sample_size_mean(margin=0.1, std=0.9, population=1, rounding="nearest") == 1
    # a wide margin on a small spread needs a single respondent (n0 < 1)
    assert sat.sample_size_mean(margin=10.0, std=1.0) == 1
    assert sat.sample_size_mean(margin=10.0, std=1.0, rounding="nearest") == 1


def test_sample_size_mean_cochran() -> None:
    # (1.959964 * 0.9 / 0.1)^2 = 311.16 -> 312 up, 311 nearest
    z = stats.norm.ppf(0.975)
    n0 = (z * 0.9 / 0.1) ** 2
    assert n0 == pytest.approx(311.16, abs=0.01)
    assert sat.sample_size_mean(margin=0.1, std=0.9) == 312
    assert sat.sample_size_mean(margin=0.1, std=0.9, rounding="nearest") == 311
    fpc = n0 / (1 + (n0 - 1) / 2000)
    assert sat.sample_size_mean(margin=0.1, std=0.9, population=2000) == math.ceil(fpc)
    assert sat.sample_size_mean(level=0.99, margin=0.2, std=1.5) == math.ceil(
        (stats.norm.ppf(0.995) * 1.5 / 0.2) ** 2
    )


def test_sample_size_errors() -> None:
    with pytest.raises(ValueError, match=r"^rounding must be one of 'up', 'nearest'"):
        sat.sample_size_mean(margin=0.1, std=1.0, rounding="down")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"rounding"):
        sat.sample_size(rounding="down")  # type: ignore[arg-type]
    with pytest.raises(
        ValueError,
        match=r"overflows.*margin=1e-200 and std=1\.0; "
        r"widen the margin or give the population size$",
    ):
        sat.sample_size_mean(margin=1e-200, std=1.0)
    # with a population the whole population is needed instead
    assert sat.sample_size_mean(margin=1e-200, std=1.0, population=500) == 500
    with pytest.raises(ValueError, match=r"population"):
        sat.sample_size(population=0)


# ---------------------------------------------------------------------------
# Kano: summary from counts (stp25kano example), intervals, table, text
# ---------------------------------------------------------------------------

SERVICE_APP = [45, 123, 95, 33, 0, 0]  # A O M I R Q, the stp25kano example


def test_kano_summary_published_counts_exact() -> None:
    s = sat.kano_summary(counts=[SERVICE_APP], attributes=["service app"])
    a, o, m, i, _r, _q = SERVICE_APP
    base = a + o + m + i
    assert s.category == ("O",)
    assert s.better[0] == pytest.approx(float(Fraction(a + o, base)), rel=1e-15)
    assert s.worse[0] == pytest.approx(-float(Fraction(o + m, base)), rel=1e-15)
    # published: Better 0.5676, Worse -0.7365, Fong 28 vs 19.36, significant
    assert round(s.better[0], 4) == 0.5676
    assert round(s.worse[0], 4) == -0.7365
    assert s.fong_difference[0] == 28.0
    assert s.fong_critical[0] == pytest.approx(19.36, abs=0.005)
    assert s.fong_critical[0] == pytest.approx(1.65 * math.sqrt(218 * (592 - 218) / 592), rel=1e-14)
    assert bool(s.fong_significant[0]) is True
    assert s.total_strength[0] == pytest.approx(float(Fraction(a + o + m, 296)), rel=1e-15)
    assert s.category_strength[0] == pytest.approx(float(Fraction(123 - 95, 296)), rel=1e-15)
    chi = stats.chisquare([a, o, m, i])
    assert s.chi_square[0] == pytest.approx(chi.statistic, rel=1e-12)
    assert s.chi_square_p[0] == pytest.approx(chi.pvalue, rel=1e-9)


def test_kano_wilson_intervals_match_statsmodels() -> None:
    counts = [SERVICE_APP, [10, 5, 3, 2, 1, 1], [0, 0, 4, 6, 0, 0]]
    s = sat.kano_summary(counts=counts)
    for level in (0.95, 0.9):
        better = s.confidence_interval(level=level, coefficient="better")
        worse = s.confidence_interval(level=level, coefficient="worse")
        assert better.level == level
        assert worse.level == level
        for j, (a, o, m, i, _, _) in enumerate(counts):
            lo, hi = proportion_confint(a + o, a + o + m + i, alpha=1 - level, method="wilson")
            assert better.low[j] == pytest.approx(lo, rel=1e-12, abs=1e-15)
            assert better.high[j] == pytest.approx(hi, rel=1e-12)
            lo, hi = proportion_confint(o + m, a + o + m + i, alpha=1 - level, method="wilson")
            assert worse.low[j] == pytest.approx(-hi, rel=1e-12)
            assert worse.high[j] == pytest.approx(-lo, rel=1e-12, abs=1e-15)
    default = s.confidence_interval()
    np.testing.assert_array_equal(default.low, s.confidence_interval(level=0.95).low)
    with pytest.raises(ValueError, match=r"^coefficient must be one of 'better', 'worse'"):
        s.confidence_interval(coefficient="best")  # type: ignore[arg-type]


def test_kano_interval_of_only_reverse_answers_is_nan_without_warning() -> None:
    import warnings

    with pytest.warns(DegenerateDataWarning, match=r"only reverse and questionable"):
        s = sat.kano_summary(counts=[[0, 0, 0, 0, 3, 1], [1, 1, 1, 1, 0, 0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ci = s.confidence_interval(coefficient="better")
        cw = s.confidence_interval(coefficient="worse")
    assert np.isnan(ci.low[0])
    assert np.isnan(ci.high[0])
    assert np.isnan(cw.low[0])
    lo, hi = proportion_confint(2, 4, alpha=0.05, method="wilson")
    assert ci.low[1] == pytest.approx(lo, rel=1e-12)
    assert ci.high[1] == pytest.approx(hi, rel=1e-12)


def test_kano_to_frame_columns_and_values() -> None:
    counts = [SERVICE_APP, [10, 5, 3, 2, 1, 1]]
    s = sat.kano_summary(counts=counts, attributes=["app", "desk"], importance=[8.0, 4.0])
    frame = s.to_frame()
    letters = ["a", "o", "m", "i", "r", "q"]
    assert list(frame.columns) == [
        "attribute",
        "n",
        *letters,
        *[f"share_{c}" for c in letters],
        "category",
        "better",
        "worse",
        "total_strength",
        "category_strength",
        "fong_difference",
        "fong_critical",
        "fong_significant",
        "chi_square",
        "chi_square_p",
        "better_low",
        "better_high",
        "worse_low",
        "worse_high",
        "importance",
        "weighted_better",
        "weighted_worse",
    ]
    assert list(frame["attribute"]) == ["app", "desk"]
    np.testing.assert_array_equal(frame["n"], [296, 22])
    for k, c in enumerate(letters):
        np.testing.assert_array_equal(frame[c], [counts[0][k], counts[1][k]])
        np.testing.assert_allclose(
            frame[f"share_{c}"], [counts[0][k] / 296, counts[1][k] / 22], rtol=1e-15
        )
    assert list(frame["category"]) == ["O", "A"]
    np.testing.assert_allclose(frame["better"], [168 / 296, 15 / 20], rtol=1e-15)
    np.testing.assert_allclose(frame["worse"], [-218 / 296, -8 / 20], rtol=1e-15)
    np.testing.assert_allclose(frame["total_strength"], [263 / 296, 18 / 22], rtol=1e-15)
    np.testing.assert_allclose(frame["category_strength"], [28 / 296, 5 / 22], rtol=1e-15)
    np.testing.assert_array_equal(frame["fong_difference"], [28.0, 5.0])
    # Fong (1996): 1.65 sqrt((a + b)(2N - a - b) / (2N)), a and b the two largest counts
    assert frame["fong_critical"].iloc[1] == pytest.approx(
        1.65 * math.sqrt(15 * (44 - 15) / 44), rel=1e-14
    )
    assert list(frame["fong_significant"]) == [True, False]
    chi = stats.chisquare([10, 5, 3, 2])
    assert frame["chi_square"].iloc[1] == pytest.approx(chi.statistic, rel=1e-12)
    assert frame["chi_square_p"].iloc[1] == pytest.approx(chi.pvalue, rel=1e-9)
    lo, hi = proportion_confint(15, 20, alpha=0.05, method="wilson")
    assert frame["better_low"].iloc[1] == pytest.approx(lo, rel=1e-12)
    assert frame["better_high"].iloc[1] == pytest.approx(hi, rel=1e-12)
    lo, hi = proportion_confint(8, 20, alpha=0.05, method="wilson")
    assert frame["worse_low"].iloc[1] == pytest.approx(-hi, rel=1e-12)
    assert frame["worse_high"].iloc[1] == pytest.approx(-lo, rel=1e-12)
    np.testing.assert_array_equal(frame["importance"], [8.0, 4.0])
    # relative importance 8/8 and 4/8
    np.testing.assert_allclose(frame["weighted_better"], [168 / 296, 0.5 * 15 / 20], rtol=1e-15)
    np.testing.assert_allclose(frame["weighted_worse"], [-218 / 296, -0.5 * 8 / 20], rtol=1e-15)
    plain = sat.kano_summary(counts=counts).to_frame()
    assert "importance" not in plain.columns
    assert plain.shape[1] == 28


def test_kano_summary_text_reads_back() -> None:
    counts = [SERVICE_APP, [10, 5, 3, 2, 1, 1]]
    s = sat.kano_summary(counts=counts, attributes=["app", "help desk"])
    lines = s.summary().split("\n")
    assert lines[0].split() == [
        "attribute", "A", "O", "M", "I", "R", "Q", "N", "cat", "better", "worse", "fong",
    ]  # fmt: skip
    assert set(lines[1]) == {"-"}
    assert len(lines[1]) == len(lines[0])
    # "attribute" (9) is wider than both names; count columns are 5 wide
    assert lines[0].startswith("attribute    A    O    M    I    R    Q    N  cat")
    assert lines[2].startswith("app         45  123   95   33    0    0  296  O  ")
    rows = [line.split() for line in lines[2:4]]
    assert rows[0][1:] == ["45", "123", "95", "33", "0", "0", "296", "O", "0.568", "-0.736", "sig."]
    assert rows[1][2:] == ["10", "5", "3", "2", "1", "1", "22", "A", "0.750", "-0.400", "n.s."]
    assert lines[4] == "(category rule: mode; Fong's test at z = 1.65)"
    assert len(lines) == 5
    wide = sat.kano_summary(counts=[[123456, 1, 1, 1, 0, 0]], attributes=["a much longer name"])
    wl = wide.summary().split("\n")
    # the name column is as wide as the longest name (18); with a count of six
    # digits every count column is 7 wide, so "N" ends at 18 + 7 * 7
    assert wl[0].startswith("attribute" + " " * 9 + "      A")
    assert wl[0].index("N  cat") == 18 + 7 * 7 - 1
    assert wl[2].split()[-7:-3] == ["0", "0", "123459", "A"]


# ---------------------------------------------------------------------------
# kano_continuous: DuMouchel's scores
# ---------------------------------------------------------------------------

F_SCORE = {1: 4, 2: 2, 3: 0, 4: -1, 5: -2}
D_SCORE = {1: -2, 2: -1, 3: 0, 4: 2, 5: 4}


def test_kano_continuous_exact_means_and_stds() -> None:
    f = np.array([[1, 3, 2], [1, 2, 1], [2, 3, 3], [4, 1, 1]])
    d = np.array([[3, 5, 5], [4, 5, 4], [5, 3, 5], [2, 5, 1]])
    k = sat.kano_continuous(f, d, attributes=["x", "y", "z"])
    for j in range(3):
        fs = [F_SCORE[int(v)] for v in f[:, j]]
        ds = [D_SCORE[int(v)] for v in d[:, j]]
        fm, fv = _fraction_stats(fs)
        dm, dv = _fraction_stats(ds)
        assert k.functional_mean[j] == pytest.approx(float(fm), rel=1e-15, abs=1e-15)
        assert k.dysfunctional_mean[j] == pytest.approx(float(dm), rel=1e-15, abs=1e-15)
        assert k.functional_std[j] == pytest.approx(math.sqrt(fv), rel=1e-14)
        assert k.dysfunctional_std[j] == pytest.approx(math.sqrt(dv), rel=1e-14)
    np.testing.assert_array_equal(k.n, [4, 4, 4])
    assert k.n.dtype == np.int64
    assert k.threshold == 2.0
    assert k.importance is None


def test_kano_continuous_quadrants_at_the_threshold() -> None:
    # functional means exactly 2 and dysfunctional means exactly 2 sit on the
    # threshold: ">= t" puts them in the upper quadrants
    f = np.array([[2, 2, 4, 4], [2, 2, 4, 4]])  # scores 2, 2, -1, -1
    d = np.array([[4, 3, 4, 3], [4, 3, 4, 3]])  # scores 2, 0, 2, 0
    k = sat.kano_continuous(f, d)
    np.testing.assert_array_equal(k.functional_mean, [2.0, 2.0, -1.0, -1.0])
    np.testing.assert_array_equal(k.dysfunctional_mean, [2.0, 0.0, 2.0, 0.0])
    assert k.quadrant == ("O", "A", "M", "I")
    # with threshold 3 none of them reaches it
    assert sat.kano_continuous(f, d, threshold=3.0).quadrant == ("I", "I", "I", "I")
    assert sat.kano_continuous(f, d, threshold=-1.0).quadrant == ("O", "O", "O", "O")
    assert sat.kano_continuous(f, d, threshold=-1.0).threshold == -1.0


def test_kano_continuous_missing_and_importance() -> None:
    f = np.array([[1.0, 2.0], [np.nan, 1.0], [1.0, 3.0], [2.0, 1.0]])
    d = np.array([[3.0, 5.0], [4.0, 5.0], [5.0, np.nan], [3.0, 5.0]])
    imp = np.array([[9.0, 5.0], [np.nan, 7.0], [7.0, 6.0], [8.0, np.nan]])
    k = sat.kano_continuous(f, d, importance=imp, missing="omit", attributes=["p", "q"])
    np.testing.assert_array_equal(k.n, [3, 3])
    assert k.functional_mean[0] == pytest.approx((4 + 4 + 2) / 3, rel=1e-15)
    assert k.dysfunctional_mean[0] == pytest.approx((0 + 4 + 0) / 3, rel=1e-15)
    assert k.functional_mean[1] == pytest.approx((2 + 4 + 4) / 3, rel=1e-15)
    assert k.dysfunctional_std[1] == 0.0
    np.testing.assert_allclose(k.importance, [8.0, 6.0], rtol=1e-15)
    frame = k.to_frame()
    assert list(frame.columns) == [
        "attribute",
        "n",
        "functional_mean",
        "functional_std",
        "dysfunctional_mean",
        "dysfunctional_std",
        "importance",
        "quadrant",
    ]
    np.testing.assert_allclose(frame["importance"], [8.0, 6.0], rtol=1e-15)
    assert list(frame["quadrant"]) == list(k.quadrant) == ["A", "O"]
    assert list(frame["attribute"]) == ["p", "q"]
    plain = sat.kano_continuous(f[[0, 2, 3]], d[[0, 1, 3]]).to_frame()
    assert "importance" not in plain.columns
    assert list(plain.columns)[-1] == "quadrant"
    # a single attribute given as 1-D answers, with importance per respondent
    one = sat.kano_continuous([1, 2, 1], [3, 5, 5], importance=[4.0, 6.0, 8.0])
    assert one.importance[0] == pytest.approx(6.0, rel=1e-15)
    np.testing.assert_allclose(one.functional_mean, [10 / 3], rtol=1e-15)


def test_kano_continuous_errors() -> None:
    with pytest.raises(ValueError, match=r"importance has a missing value at index \(1, 0\).*omit"):
        sat.kano_continuous([1, 2, 1], [3, 5, 5], importance=[4.0, np.nan, 8.0])
    with pytest.raises(
        ValueError,
        match=r"^attribute 'x' has 1 complete answer pair\(s\); "
        r"at least 2 are needed for a standard deviation$",
    ):
        sat.kano_continuous([[1], [np.nan]], [[3], [4]], attributes=["x"], missing="omit")
    with pytest.raises(ValueError, match=r"importance must have the shape of the answers"):
        sat.kano_continuous([1, 2, 1], [3, 5, 5], importance=[4.0, 6.0])
    with pytest.raises(ValueError, match=r"functional answer codes must be in 1\.\.5.*got 7"):
        sat.kano_continuous([1, 7, 1], [3, 5, 5])
    with pytest.raises(ValueError, match=r"dysfunctional answer codes must be in 1\.\.5.*got 0"):
        sat.kano_continuous([1, 2, 1], [3, 0, 5])
    with pytest.raises(TypeError, match=r"^threshold"):
        sat.kano_continuous([1, 2, 1], [3, 5, 5], threshold="high")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^importance.*(NaN|finite|infinite)"):
        sat.kano_continuous([1, 2, 1], [3, 5, 5], importance=[4.0, np.inf, 8.0])
    with pytest.raises(ValueError, match=r"missing"):
        sat.kano_continuous([1, 2], [3, 5], missing="listwise")  # type: ignore[arg-type]


def test_kano_continuous_importance_missing_names_attribute() -> None:
    f = pd.DataFrame({"speed": [1, 2], "price": [1, 1]})
    d = pd.DataFrame({"speed": [5, 5], "price": [3, 4]})
    imp = pd.DataFrame({"speed": [5.0, 6.0], "price": [np.nan, np.nan]})
    with pytest.raises(ValueError, match=r"no value for attribute 'price'"):
        sat.kano_continuous(f, d, importance=imp, missing="omit")


# ---------------------------------------------------------------------------
# Kano answers given as pandas categoricals and as text
# ---------------------------------------------------------------------------

WORDS = ["like", "must-be", "neutral", "live-with", "dislike"]


def test_categorical_answers_match_plain_answers() -> None:
    f_codes = [1, 1, 2, 5, 3, 1, 4]
    d_codes = [5, 3, 5, 1, 3, 1, 5]
    plain = sat.kano_classify(f_codes, d_codes)
    for order in (WORDS, WORDS[::-1], ["neutral", "like", "dislike", "must-be", "live-with"]):
        cat = pd.CategoricalDtype(order)
        f = pd.Series([WORDS[c - 1] for c in f_codes], dtype=cat)
        d = pd.Series([WORDS[c - 1] for c in d_codes], dtype=cat)
        got = sat.kano_classify(f, d)
        assert list(got) == list(plain)
        frame_f = pd.DataFrame({"x": f, "y": d})
        frame_d = pd.DataFrame({"x": d, "y": f})
        got2 = sat.kano_classify(frame_f, frame_d)
        assert list(got2["x"]) == list(plain)
        assert list(got2["y"]) == list(sat.kano_classify(d_codes, f_codes))
    # hand classification (Berger et al. 1993 table)
    assert list(plain) == ["O", "A", "M", "R", "I", "Q", "M"]


def test_categorical_answers_with_missing_values() -> None:
    for order in (WORDS, WORDS[::-1]):
        cat = pd.CategoricalDtype(order)
        f = pd.Series(["like", None, "must-be", "like"], dtype=cat)
        d = pd.Series(["dislike", "dislike", None, "neutral"], dtype=cat)
        got = sat.kano_classify(f, d, missing="omit")
        assert list(got) == ["O", "", "", "A"]
        s = sat.kano_summary(pd.DataFrame({"a": f}), pd.DataFrame({"a": d}), missing="omit")
        np.testing.assert_array_equal(s.counts, [[1, 1, 0, 0, 0, 0]])
        with pytest.raises(ValueError, match=r"missing"):
            sat.kano_classify(f, d)


def test_categorical_unknown_category_is_named() -> None:
    cat = pd.CategoricalDtype(["like", "maybe", "dislike"])
    f = pd.Series(["like", "like"], dtype=cat)
    d = pd.Series(["dislike", "dislike"], dtype=cat)
    with pytest.raises(
        ValueError, match=r"^functional has an unknown answer 'maybe' among the categories; "
    ):
        sat.kano_classify(f, d)
    frame = pd.DataFrame({"speed": f})
    with pytest.raises(
        ValueError,
        match=r"functional has an unknown answer 'maybe' among the categories.*"
        r"\(column 'speed'\)",
    ):
        sat.kano_classify(frame, pd.DataFrame({"speed": d}))


def test_text_answers_with_apostrophes_and_numbers() -> None:
    f = ["I like it", "It must be that way", "'neutral'", "I can live with it", "1.0"]
    d = ["I dislike it", "I dislike it", "I dislike it", "I dislike it", "5.0"]
    got = sat.kano_classify(np.array(f, dtype=object), np.array(d, dtype=object))
    assert list(got) == ["O", "M", "M", "M", "O"]
    assert list(sat.kano_classify(["’neutral’", "2.0"], ["dislike", "dislike"])) == ["M", "M"]
    with pytest.raises(ValueError, match=r"unknown answer '6\.0'"):
        sat.kano_classify(["6.0"], ["dislike"])
    with pytest.raises(ValueError, match=r"unknown answer '0'"):
        sat.kano_classify(np.array(["0"], dtype=object), np.array(["dislike"], dtype=object))


# ---------------------------------------------------------------------------
# Kano: the published evaluation table, answers to counts, dominance rules
# ---------------------------------------------------------------------------

# Berger et al. (1993), table 1: rows functional, columns dysfunctional, both
# like, must-be, neutral, live-with, dislike
BERGER = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]


def test_kano_classify_whole_evaluation_table() -> None:
    f = [a for a in range(1, 6) for _ in range(5)]
    d = [b for _ in range(5) for b in range(1, 6)]
    want = [BERGER[a - 1][b - 1] for a, b in zip(f, d, strict=True)]
    assert list(sat.kano_classify(f, d)) == want
    words_f = [WORDS[a - 1] for a in f]
    words_d = [WORDS[b - 1] for b in d]
    assert list(sat.kano_classify(words_f, words_d)) == want
    assert list(sat.kano_classify(np.array(f, dtype=float), np.array(d, dtype=float))) == want
    for a in range(1, 6):
        for b in range(1, 6):
            assert sat.kano_classify(a, b) == BERGER[a - 1][b - 1]


def test_kano_classify_containers() -> None:
    idx = pd.Index([10, 20, 30], name="resp")
    f = pd.Series([1, 2, 5], index=idx, name="speed")
    d = pd.Series([5, 5, 1], index=idx)
    got = sat.kano_classify(f, d)
    assert isinstance(got, pd.Series)
    assert got.name == "kano_category"
    assert list(got.index) == [10, 20, 30]
    assert list(got) == ["O", "M", "R"]
    got = sat.kano_classify([1, 2, 5], d)
    assert isinstance(got, pd.Series)
    assert list(got.index) == [10, 20, 30]
    ff = pd.DataFrame({"x": [1, 3], "y": [2, 1]}, index=["p", "q"])
    dd = pd.DataFrame({"y": [5, 3], "x": [3, 5]}, index=["q", "p"])  # reordered both ways
    got = sat.kano_classify(ff, dd)
    assert list(got.index) == ["p", "q"]
    assert list(got.columns) == ["x", "y"]
    # p: x (1, 5) O, y (2, 3) I; q: x (3, 3) I, y (1, 5) O
    assert got.to_numpy().tolist() == [["O", "I"], ["I", "O"]]
    got = sat.kano_classify(np.array([[1, 3], [2, 1]]), dd.loc[["p", "q"], ["x", "y"]])
    assert list(got.columns) == ["x", "y"]


def test_kano_summary_from_answers_hand_counts() -> None:
    # attribute 1: pairs (1,5) O, (1,3) A, (1,4) A, (2,5) M, (3,3) I, (5,1) R
    # attribute 2: pairs (3,5) M x3, (1,1) Q, (1,5) O, (4,5) M
    f = np.array([[1, 3], [1, 3], [1, 3], [2, 1], [3, 1], [5, 4]])
    d = np.array([[5, 5], [3, 5], [4, 5], [5, 1], [3, 5], [1, 5]])
    s = sat.kano_summary(f, d, attributes=["x", "y"])
    np.testing.assert_array_equal(s.counts, [[2, 1, 1, 1, 1, 0], [0, 1, 4, 0, 0, 1]])
    np.testing.assert_array_equal(s.n, [6, 6])
    assert s.category == ("A", "M")
    np.testing.assert_allclose(s.better, [3 / 5, 1 / 5], rtol=1e-15)
    np.testing.assert_allclose(s.worse, [-2 / 5, -5 / 5], rtol=1e-15)
    np.testing.assert_allclose(s.shares[1], [0, 1 / 6, 4 / 6, 0, 0, 1 / 6], rtol=1e-15)
    frame_f = pd.DataFrame(f, columns=["x", "y"])
    frame_d = pd.DataFrame(d, columns=["x", "y"])
    s2 = sat.kano_summary(frame_f, frame_d)
    np.testing.assert_array_equal(s2.counts, s.counts)
    assert s2.attributes == ("x", "y")
    # one attribute as 1-D answers
    one = sat.kano_summary(f[:, 0], d[:, 0])
    np.testing.assert_array_equal(one.counts, [[2, 1, 1, 1, 1, 0]])
    assert one.attributes == ("attribute_1",)


def test_kano_dominance_rules_and_ties() -> None:
    table = [
        [2, 2, 2, 0, 0, 0],  # tie of A, O, M: M first
        [2, 2, 0, 1, 0, 0],  # tie of A and O: O before A
        [3, 0, 0, 1, 1, 1],  # mode A; evaluation: 3 > 3 fails, so I
        [0, 0, 0, 2, 2, 2],  # tie of I, R, Q: I
        [0, 0, 0, 0, 2, 2],  # tie of R and Q: R
        [1, 1, 2, 0, 0, 4],  # mode Q; evaluation: 4 > 4 fails, Q
        [1, 1, 1, 2, 0, 0],  # mode I; evaluation: 3 > 2, M (tie of M, O, A)
    ]
    with pytest.warns(DegenerateDataWarning, match=r"attribute 'attribute_5' has only reverse"):
        mode = sat.kano_summary(counts=table)
    assert mode.category == ("M", "O", "A", "I", "R", "Q", "I")
    assert mode.rule == "mode"
    with pytest.warns(DegenerateDataWarning, match=r"attribute 'attribute_5'"):
        ev = sat.kano_summary(counts=table, rule="evaluation")
    assert ev.category == ("M", "O", "I", "I", "R", "Q", "M")
    assert ev.rule == "evaluation"


def test_kano_counts_frame_without_r_and_q() -> None:
    frame = pd.DataFrame(
        {"I": [33, 2], "A": [45, 10], "M": [95, 3], "O": [123, 5]}, index=["app", "desk"]
    )
    s = sat.kano_summary(counts=frame)
    assert s.attributes == ("app", "desk")
    np.testing.assert_array_equal(s.counts, [[45, 123, 95, 33, 0, 0], [10, 5, 3, 2, 0, 0]])
    with pytest.raises(ValueError, match=r"missing \['I'\]"):
        sat.kano_summary(counts=frame.drop(columns="I"))
    with pytest.raises(ValueError, match=r"unknown column\(s\) \['X'\]"):
        sat.kano_summary(counts=frame.assign(X=1))
    with pytest.raises(ValueError, match=r"counts must have 6 columns.*got shape \(1, 4\)"):
        sat.kano_summary(counts=[[1, 2, 3, 4]])
    with pytest.raises(ValueError, match=r"counts.*whole|counts.*integ"):
        sat.kano_summary(counts=[[1.5, 2, 3, 4, 0, 0]])
    with pytest.raises(ValueError, match=r"attribute 'b' has no classified answer"):
        sat.kano_summary(counts=[[1, 2, 3, 4, 0, 0], [0] * 6], attributes=["a", "b"])


def test_kano_importance_per_respondent_is_averaged() -> None:
    f = np.array([[1, 2], [1, 3], [3, 2]])
    d = np.array([[5, 5], [3, 5], [3, 5]])
    imp = np.array([[9.0, 3.0], [6.0, np.nan], [6.0, 5.0]])
    s = sat.kano_summary(f, d, importance=imp, missing="omit")
    np.testing.assert_allclose(s.importance, [7.0, 4.0], rtol=1e-15)
    # attribute 1: O, A, I -> Better 2/3, Worse -1/3; attribute 2: M, M, M -> 0, -1
    np.testing.assert_allclose(s.weighted_better, [2 / 3, 0.0], atol=1e-15)
    np.testing.assert_allclose(s.weighted_worse, [-1 / 3, -4 / 7], rtol=1e-15)
    with pytest.raises(ValueError, match=r"importance has a missing value at index \(1, 1\).*omit"):
        sat.kano_summary(f, d, importance=imp)
    per_attr = sat.kano_summary(f, d, importance=[2.0, 4.0])
    np.testing.assert_allclose(per_attr.weighted_better, [1 / 3, 0.0], atol=1e-15)
    np.testing.assert_allclose(per_attr.weighted_worse, [-1 / 6, -1.0], rtol=1e-15)
    with pytest.raises(ValueError, match=r"importance must not be 0 for every attribute"):
        sat.kano_summary(f, d, importance=[0.0, 0.0])
    with pytest.raises(ValueError, match=r"importance must have one value per attribute \(2\)"):
        sat.kano_summary(f, d, importance=[1.0, 2.0, 3.0])


# ---------------------------------------------------------------------------
# driver_weights: principal component regression
# ---------------------------------------------------------------------------


def _standardise(a: np.ndarray) -> np.ndarray:
    return (a - a.mean(axis=0)) / a.std(axis=0, ddof=1)


def test_driver_weights_all_components_is_ols() -> None:
    import statsmodels.api as sm

    rng = np.random.default_rng(7)
    x = rng.normal(size=(60, 3)) @ np.array([[1.0, 0.3, 0.2], [0.0, 1.0, 0.4], [0.0, 0.0, 1.0]])
    y = x @ [0.6, 0.3, 0.4] + rng.normal(scale=0.5, size=60) + 3.0
    fit = sat.driver_weights(x, y, n_components=3, items=["a", "b", "c"])
    z = _standardise(x)
    yz = _standardise(y[:, None])[:, 0]
    ols = sm.OLS(yz, z).fit()
    np.testing.assert_allclose(fit.standardized_coefficients, ols.params, rtol=1e-10)
    np.testing.assert_allclose(fit.weights, ols.params / ols.params.sum(), rtol=1e-10)
    raw = sm.OLS(y, sm.add_constant(x)).fit()
    np.testing.assert_allclose(fit.coefficients, raw.params[1:], rtol=1e-10)
    assert fit.intercept == pytest.approx(raw.params[0], rel=1e-10)
    assert fit.r_squared == pytest.approx(raw.rsquared, rel=1e-10)
    assert fit.n == 60
    assert fit.n_components == 3
    assert fit.items == ("a", "b", "c")
    eig = np.sort(np.linalg.eigvalsh(np.corrcoef(x, rowvar=False)))[::-1]
    np.testing.assert_allclose(fit.explained_variance_ratio, eig / 3, rtol=1e-10)
    frame = fit.to_frame()
    assert list(frame["item"]) == ["a", "b", "c"]
    np.testing.assert_allclose(frame["weight"], fit.weights, rtol=0)


def test_driver_weights_kaiser_rule_from_eigen_decomposition() -> None:
    rng = np.random.default_rng(3)
    common = rng.normal(size=(80, 1))
    x = common + 0.3 * rng.normal(size=(80, 4))
    y = common[:, 0] + 0.5 * rng.normal(size=80)
    fit = sat.driver_weights(x, y)
    r = np.corrcoef(x, rowvar=False)
    vals, vecs = np.linalg.eigh(r)
    order = np.argsort(vals)[::-1]
    vals, vecs = vals[order], vecs[:, order]
    k = int(np.sum(vals > 1.0))
    assert k == 1
    assert fit.n_components == k
    z = _standardise(x)
    yz = _standardise(y[:, None])[:, 0]
    t = z @ vecs[:, :k]
    gamma = np.linalg.solve(t.T @ t, t.T @ yz)
    beta = vecs[:, :k] @ gamma
    np.testing.assert_allclose(fit.standardized_coefficients, beta, rtol=1e-9)
    np.testing.assert_allclose(fit.weights, beta / beta.sum(), rtol=1e-9)
    resid = yz - t @ gamma
    assert fit.r_squared == pytest.approx(1 - resid @ resid / (yz @ yz), rel=1e-10)
    np.testing.assert_allclose(fit.explained_variance_ratio, vals[:1] / 4, rtol=1e-10)


def test_driver_weights_missing_and_errors() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=(12, 2))
    y = x.sum(axis=1) + rng.normal(scale=0.3, size=12)
    xm = x.copy()
    xm[4, 1] = np.nan
    ym = y.copy()
    ym[7] = np.nan
    fit = sat.driver_weights(xm, ym, missing="listwise", n_components=2)
    keep = np.ones(12, bool)
    keep[[4, 7]] = False
    ref = sat.driver_weights(x[keep], y[keep], n_components=2)
    np.testing.assert_allclose(fit.weights, ref.weights, rtol=1e-12)
    assert fit.n == 10
    with pytest.raises(ValueError, match=r"missing value at row 4.*listwise"):
        sat.driver_weights(xm, y)
    with pytest.raises(ValueError, match=r"n_components must be <= 2.*got 3"):
        sat.driver_weights(x, y, n_components=3)
    with pytest.raises(ValueError, match=r"at least 3 complete respondents; got 2"):
        sat.driver_weights(x[:2], y[:2])
    const = x.copy()
    const[:, 1] = 4.0
    with pytest.raises(ValueError, match=r"item 'b' is constant"):
        sat.driver_weights(const, y, items=["a", "b"])
    with pytest.raises(ValueError, match=r"overall is constant"):
        sat.driver_weights(x, np.full(12, 3.0))
    with pytest.warns(DegenerateDataWarning, match=r"item 'b' has a non-positive"):
        sat.driver_weights(x, x[:, 0] - 0.5 * x[:, 1], n_components=2, items=["a", "b"])


# ---------------------------------------------------------------------------
# more of satisfaction_ratio: the rounding slack, containers, labels
# ---------------------------------------------------------------------------


def test_ratio_band_edge_slack_is_relative_1e12() -> None:
    # the documented slack is 1e-12 times max(1, tolerance)
    assert sat.satisfaction_ratio(1.05 + 3e-12, 1.0).verdict == "exceeds"
    assert sat.satisfaction_ratio(0.95 - 3e-12, 1.0).verdict == "below"
    assert sat.satisfaction_ratio(1.05 + 5e-13, 1.0).verdict == "meets"
    assert sat.satisfaction_ratio(1.05 + 1.5e-12, 1.0).verdict == "exceeds"
    assert sat.satisfaction_ratio(0.95 - 1.5e-12, 1.0).verdict == "below"
    # tolerance 4: the band is [-3, 5] and the slack 4e-12
    assert sat.satisfaction_ratio(5.0 + 2e-12, 1.0, tolerance=4.0).verdict == "meets"
    assert sat.satisfaction_ratio(5.0 + 8e-12, 1.0, tolerance=4.0).verdict == "exceeds"


def test_ratio_series_in_either_argument() -> None:
    expected = pd.Series([2.0, 4.0], index=["u", "v"])
    r = sat.satisfaction_ratio([3.0, 2.0], expected)
    assert isinstance(r.ratio, pd.Series)
    assert list(r.ratio.index) == ["u", "v"]
    np.testing.assert_array_equal(r.ratio.to_numpy(), [1.5, 0.5])
    assert isinstance(r.verdict, pd.Series)
    assert r.verdict.name == "verdict"
    assert list(r.verdict) == ["exceeds", "below"]


def test_ratio_errors_name_labels_and_advice() -> None:
    perceived = pd.Series([1.0, -2.0], index=["u", "v"])
    with pytest.raises(ValueError, match=r"perceived.*'v'"):
        sat.satisfaction_ratio(perceived, pd.Series([1.0, 1.0], index=["u", "v"]))
    with pytest.raises(ValueError, match=r"expected.*'v'"):
        sat.satisfaction_ratio(
            pd.Series([1.0, 2.0], index=["u", "v"]), pd.Series([1.0, 0.0], index=["u", "v"])
        )
    with pytest.raises(ValueError, match=r"^perceived.*'v'"):
        sat.satisfaction_ratio(perceived, [1.0, 1.0])
    with pytest.raises(ValueError, match=r"^expected.*'w'"):
        sat.satisfaction_ratio([1.0, 2.0], pd.Series([1.0, -1.0], index=["u", "w"]))
    with pytest.raises(ValueError, match=r"too small.*'w'.*; rescale both to the same units$"):
        sat.satisfaction_ratio([1.0, 100.0], pd.Series([1.0, 1e-308], index=["u", "w"]))
    with pytest.raises(TypeError, match=r"^expected"):
        sat.satisfaction_ratio([1.0], ["a"])
    with pytest.raises(TypeError, match=r"^perceived"):
        sat.satisfaction_ratio(["a"], [1.0])


# ---------------------------------------------------------------------------
# answer codes: numbers, floats and text mixed
# ---------------------------------------------------------------------------


def test_answer_codes_out_of_range_named_with_position() -> None:
    with pytest.raises(
        ValueError, match=r"functional answer codes must be in 1\.\.5.*got 7 at index \(1, 1\)"
    ):
        sat.kano_classify(np.array([[1, 2], [3, 7]]), np.array([[5, 5], [5, 5]]))
    with pytest.raises(
        ValueError,
        match=r"dysfunctional answer codes must be whole numbers in 1\.\.5.*got 7 at index 1$",
    ):
        sat.kano_classify(np.array([1.0, 2.0]), np.array([5.0, 7.0]))
    with pytest.raises(ValueError, match=r"got 6 at index \(1, 0\)"):
        sat.kano_classify(np.array([[1.0], [6.0]]), np.array([[5.0], [5.0]]))
    with pytest.raises(ValueError, match=r"got 0 at index 2$"):
        sat.kano_classify(np.array([1.0, 2.0, 0.0]), np.array([5.0, 5.0, 5.0]))
    with pytest.raises(ValueError, match=r"got 2\.5 at index 0"):
        sat.kano_classify(np.array([2.5]), np.array([5.0]))
    with pytest.raises(TypeError, match=r"functional must hold answers.*not booleans"):
        sat.kano_classify(np.array([True]), np.array([5]))


def test_answer_codes_float_nan_is_missing() -> None:
    got = sat.kano_classify(np.array([1.0, np.nan, 5.0]), np.array([5.0, 5.0, 1.0]), missing="omit")
    assert list(got) == ["O", "", "R"]


def test_object_answers_mixing_numbers_and_words() -> None:
    f = np.array(["like", 5, 2.0, None, np.int64(3)], dtype=object)
    d = np.array([5, "dislike", "dislike", "dislike", 5.0], dtype=object)
    got = sat.kano_classify(f, d, missing="omit")
    # (1, 5) O, (5, 5) Q, (2, 5) M, missing, (3, 5) M
    assert list(got) == ["O", "Q", "M", "", "M"]
    with pytest.raises(ValueError, match=r"missing answer.*missing='omit'"):
        sat.kano_classify(f, d)
    with pytest.raises(
        ValueError,
        match=r"functional has an unknown answer 6 at index 1; answers are like, must-be, "
        r"neutral, live-with, dislike \(喜欢, 理所当然, 无所谓, 能忍受, 不喜欢\) or codes 1\.\.5$",
    ):
        sat.kano_classify(np.array(["like", 6], dtype=object), np.array([5, 5], dtype=object))
    with pytest.raises(ValueError, match=r"unknown answer 'sometimes' at index 1"):
        sat.kano_classify(["like", "sometimes"], ["dislike", "dislike"])
    with pytest.raises(ValueError, match=r"unknown answer True"):
        sat.kano_classify(np.array(["like", True], dtype=object), np.array([5, 5], dtype=object))


def test_text_answers_with_missing_values() -> None:
    f = pd.Series(["like", None, "must-be", "like"], index=list("wxyz"))
    d = pd.Series(["dislike", "dislike", None, "neutral"], index=list("wxyz"))
    got = sat.kano_classify(f, d, missing="omit")
    assert list(got) == ["O", "", "", "A"]
    with pytest.raises(ValueError, match=r"functional has a missing answer at.*'x'"):
        sat.kano_classify(f, d)
    with pytest.raises(ValueError, match=r"functional has an unknown answer 'maybe' at.*'y'"):
        sat.kano_classify(pd.Series(["like", "like", "maybe"], index=list("wxy")), d.iloc[:3])


def test_categorical_with_256_categories_keeps_missing_answers() -> None:
    # 256 distinct spellings of the answer "1" ("1", "1.0", "1.00", ...): a
    # missing answer must stay missing whichever way the codes are read
    spellings = ["1"] + ["1." + "0" * k for k in range(1, 256)]
    for size in (255, 256):
        cat = pd.CategoricalDtype(spellings[:size])
        f = pd.Series(["1", None, "1.0"], dtype=cat)
        d = pd.Series([spellings[size - 1], "1", None], dtype=cat)
        got = sat.kano_classify(f, d, missing="omit")
        assert list(got) == ["Q", "", ""]
        with pytest.warns(DegenerateDataWarning, match=r"attribute 'a' has only reverse"):
            s = sat.kano_summary(pd.DataFrame({"a": f}), pd.DataFrame({"a": d}), missing="omit")
        np.testing.assert_array_equal(s.counts, [[0, 0, 0, 0, 0, 1]])


# ---------------------------------------------------------------------------
# Kano inputs: counts tables, attribute names, labels in errors
# ---------------------------------------------------------------------------


def test_kano_counts_input_forms_and_errors() -> None:
    one = sat.kano_summary(counts=SERVICE_APP)
    np.testing.assert_array_equal(one.counts, [SERVICE_APP])
    assert one.attributes == ("attribute_1",)
    assert one.category == ("O",)
    with pytest.raises(
        ValueError, match=r"^attributes must name every row of counts: got 1 names for 2 rows$"
    ):
        sat.kano_summary(counts=[SERVICE_APP, SERVICE_APP], attributes=["a"])
    with pytest.raises(ValueError, match=r"^counts must be <= 9007199254740992.*not exact$"):
        sat.kano_summary(counts=[[2.0**54, 2, 3, 4, 0, 0]])
    with pytest.raises(TypeError, match=r"^counts\['A'\] must be numeric; got text 'x'"):
        sat.kano_summary(counts=pd.DataFrame({"A": ["x"], "O": [1], "M": [1], "I": [1]}))
    with pytest.raises(TypeError, match=r"^attributes must not be given with a DataFrame counts$"):
        sat.kano_summary(
            counts=pd.DataFrame({"A": [1], "O": [1], "M": [1], "I": [1]}), attributes=["z"]
        )
    with pytest.raises(ValueError, match=r"^counts must be 1-D or 2-D"):
        sat.kano_summary(counts=np.ones((1, 2, 6)))
    with pytest.raises(TypeError, match=r"^counts must be numeric; got text 'a'"):
        sat.kano_summary(counts=[["a", 1, 1, 1, 1, 1]])
    with pytest.raises(
        ValueError, match=r"^counts columns must be among 'A', 'O', 'M', 'I', 'R', 'Q'; got unknown"
    ):
        sat.kano_summary(counts=pd.DataFrame({"A": [1], "O": [1], "M": [1], "I": [1], "a": [1]}))
    with pytest.raises(ValueError, match=r"attribute names must be unique"):
        sat.kano_summary(counts=[SERVICE_APP, SERVICE_APP], attributes=["a", "a"])


def test_kano_attribute_names_and_shapes() -> None:
    with pytest.raises(TypeError, match=r"^attributes must not be given with DataFrame answers$"):
        sat.kano_summary(pd.DataFrame({"x": [1]}), pd.DataFrame({"x": [5]}), attributes=["q"])
    with pytest.raises(
        ValueError,
        match=r"^attributes must name every column of the answers: got 1 names for 2 columns$",
    ):
        sat.kano_summary([[1, 2]], [[5, 5]], attributes=["q"])
    with pytest.raises(ValueError, match=r"must have the same shape; got \(1, 2\) and \(2,\)"):
        sat.kano_classify([[1, 2]], [1, 2])
    with pytest.raises(
        ValueError,
        match=r"^functional and dysfunctional must have the same columns \(attributes\); "
        r"got \['x', 'y'\] and \['x', 'z'\]$",
    ):
        sat.kano_classify(
            pd.DataFrame({"x": [1, 2], "y": [3, 4]}), pd.DataFrame({"x": [1, 2], "z": [3, 5]})
        )
    with pytest.raises(ValueError, match=r"missing must be one of 'raise', 'omit'; got 'listwise'"):
        sat.kano_classify([1, 2], [1, 2], missing="listwise")  # type: ignore[arg-type]
    named = sat.kano_summary(pd.Series([1, 2], name="speed"), [5, 5])
    assert named.attributes == ("speed",)
    named = sat.kano_summary([1, 2], pd.Series([5, 5], name="speed"))
    assert named.attributes == ("speed",)


def test_kano_columns_paired_by_name() -> None:
    f = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    d = pd.DataFrame({"y": [5, 5], "x": [3, 5]})  # the same attributes, another order
    got = sat.kano_classify(f, d)
    assert list(got.columns) == ["x", "y"]
    # x: (1, 3) A, (2, 5) M; y: (3, 5) M, (4, 5) M
    assert got.to_numpy().tolist() == [["A", "M"], ["M", "M"]]
    s = sat.kano_summary(f, d)
    np.testing.assert_array_equal(s.counts, [[1, 0, 1, 0, 0, 0], [0, 0, 2, 0, 0, 0]])
    k = sat.kano_continuous(f, d)
    np.testing.assert_array_equal(k.dysfunctional_mean, [(0 + 4) / 2, 4.0])
    # a plain array beside a DataFrame takes the DataFrame's columns and index
    got = sat.kano_classify(np.array([[1, 2], [2, 1]]), d)
    assert list(got.columns) == ["y", "x"]
    assert got.to_numpy().tolist() == [["O", "I"], ["M", "O"]]


def test_kano_errors_give_row_and_column_labels() -> None:
    good = pd.DataFrame({"x": [1, 2], "y": [3, 5]}, index=["r", "s"])
    bad = pd.DataFrame({"x": [1, 2], "y": [3, 9]}, index=["r", "s"])
    with pytest.raises(ValueError, match=r"got 9 at row 's', column 'y'$"):
        sat.kano_classify(bad, good)
    with pytest.raises(
        ValueError, match=r"^dysfunctional answer codes.*got 9 at row 's', column 'y'$"
    ):
        sat.kano_classify(good, bad)
    with pytest.raises(ValueError, match=r"got 9 at label 's'$"):
        sat.kano_classify(pd.Series([1, 9], index=["r", "s"]), pd.Series([1, 2], index=["r", "s"]))
    with pytest.raises(ValueError, match=r"got 9 at label 3$"):
        sat.kano_classify(pd.Series([1, 9], index=[2, 3]), pd.Series([1, 2], index=[2, 3]))
    gaps = pd.DataFrame({"x": [1.0, np.nan], "y": [np.nan, np.nan]}, index=["r", "s"])
    with pytest.raises(
        ValueError,
        match=r"^functional has a missing answer at row 'r', column 'y'; "
        r"pass missing='omit' to skip incomplete answer pairs$",
    ):
        sat.kano_classify(gaps, good)
    with pytest.raises(ValueError, match=r"^dysfunctional has a missing answer at label 's'; pass"):
        sat.kano_classify(
            pd.Series([1, 2], index=["r", "s"]), pd.Series([5.0, np.nan], index=["r", "s"])
        )


def test_likert_single_answer_warning_points_at_the_caller() -> None:
    data = np.array([[4.0, np.nan], [5.0, 3.0], [3.0, np.nan]])
    with pytest.warns(
        DegenerateDataWarning,
        match=r"^item 'b' has a single valid answer; its standard deviation and variance "
        r"are undefined \(NaN\)$",
    ) as record:
        s = sat.likert_summary(data, items=["a", "b"], missing="omit")
    _assert_warned_here(record[0].filename)
    assert np.isnan(s.std[1])
    assert np.isnan(s.variance[1])
    assert s.mean[1] == 3.0
    assert s.missing == "omit"
    with pytest.raises(
        ValueError, match=r"^responses has no valid answer for item 'b' \(missing='omit'\)$"
    ):
        sat.likert_summary(
            np.array([[1.0, np.nan], [2.0, np.nan]]), items=["a", "b"], missing="omit"
        )


def test_kano_counts_are_integers() -> None:
    # x: (1, 5) O, (2, 5) M, (1, 3) A; y: (3, 5) M, (1, 5) O, (1, 1) Q
    f = np.array([[1, 3], [2, 1], [1, 1]])
    d = np.array([[5, 5], [5, 5], [3, 1]])
    for ff, dd in ((f, d), (np.asfortranarray(f), np.asfortranarray(d))):
        s = sat.kano_summary(ff, dd)
        assert s.counts.dtype.kind == "i"
        assert s.n.dtype.kind == "i"
        np.testing.assert_array_equal(s.counts, [[1, 1, 1, 0, 0, 0], [0, 1, 1, 0, 0, 1]])
    s = sat.kano_summary(
        pd.DataFrame(f, columns=["x", "y"]).astype("category"),
        pd.DataFrame(d, columns=["x", "y"]).astype("category"),
    )
    assert s.counts.dtype.kind == "i"
    np.testing.assert_array_equal(s.counts, [[1, 1, 1, 0, 0, 0], [0, 1, 1, 0, 0, 1]])


# ---------------------------------------------------------------------------
# kano_summary: segments, importance forms, argument errors
# ---------------------------------------------------------------------------

SEG_F = pd.DataFrame({"x": [1, 1, 2, 3, 1], "y": [3, 1, 2, 1, 3], "seg": list("abaab")})
SEG_D = pd.DataFrame({"x": [5, 3, 5, 3, 4], "y": [5, 5, 5, 1, 5], "seg": list("abaab")})
# hand classification: x: O, A, M, I, A; y: M, O, M, Q, M


def test_kano_summary_by_segment_column_and_array() -> None:
    r = sat.kano_summary(SEG_F, SEG_D, by="seg")
    assert r.segments == ("a", "b")
    assert r.by == "seg"
    np.testing.assert_array_equal(r.results["a"].counts, [[0, 1, 1, 1, 0, 0], [0, 0, 2, 0, 0, 1]])
    np.testing.assert_array_equal(r.results["b"].counts, [[2, 0, 0, 0, 0, 0], [0, 1, 1, 0, 0, 0]])
    assert r.results["a"].attributes == ("x", "y")
    f, d = SEG_F.drop(columns="seg"), SEG_D.drop(columns="seg")
    r2 = sat.kano_summary(f, d, by=list("abaab"))
    np.testing.assert_array_equal(r2.results["a"].counts, r.results["a"].counts)
    np.testing.assert_array_equal(r2.results["b"].counts, r.results["b"].counts)
    r3 = sat.kano_summary(f.to_numpy(), d.to_numpy(), by=np.array(list("abaab")), rule="evaluation")
    np.testing.assert_array_equal(r3.results["b"].counts, r.results["b"].counts)
    assert r3.results["a"].rule == "evaluation"
    with pytest.raises(ValueError, match=r"^by must be a column of dysfunctional or one segment"):
        sat.kano_summary(SEG_F, d, by="seg")
    with pytest.raises(ValueError, match=r"^by must be a column of functional or one segment"):
        sat.kano_summary(f, SEG_D, by="seg")


def test_kano_summary_by_segment_with_importance() -> None:
    f, d = SEG_F.drop(columns="seg"), SEG_D.drop(columns="seg")
    imp = np.array([[9.0, 3.0], [5.0, 7.0], [6.0, 6.0], [3.0, 9.0], [2.0, 8.0]])
    r = sat.kano_summary(f, d, by=list("abaab"), importance=imp)
    np.testing.assert_allclose(r.results["a"].importance, [6.0, 6.0], rtol=1e-15)
    np.testing.assert_allclose(r.results["b"].importance, [3.5, 7.5], rtol=1e-15)
    r = sat.kano_summary(f, d, by=list("abbbb"), importance=[2.0, 4.0])
    np.testing.assert_allclose(r.results["b"].importance, [2.0, 4.0], rtol=1e-15)
    # segment b: x A, M, I, A -> Better 2/4, Worse -1/4; y O, M, Q, M -> Better 1/3,
    # Worse -3/3; relative importance 1/2 and 1
    np.testing.assert_allclose(r.results["b"].weighted_better, [0.25, 1 / 3], rtol=1e-15)
    np.testing.assert_allclose(r.results["b"].weighted_worse, [-0.125, -1.0], rtol=1e-15)
    framed = sat.kano_summary(
        f, d, importance=pd.DataFrame(imp, columns=["x", "y"]).iloc[::-1]
    )  # paired by label
    np.testing.assert_allclose(framed.importance, [5.0, 6.6], rtol=1e-15)


def test_kano_summary_argument_errors() -> None:
    counts = [[1, 1, 1, 1, 0, 0], [2, 1, 1, 1, 0, 0]]
    with pytest.raises(
        ValueError, match=r"^by needs the answers of each respondent, not a counts table$"
    ):
        sat.kano_summary(counts=counts, by=["a", "b"])
    with pytest.raises(
        ValueError, match=r"^give either functional and dysfunctional answers or counts, not both$"
    ):
        sat.kano_summary([1], None, counts=counts)
    with pytest.raises(
        ValueError, match=r"^give either functional and dysfunctional answers or counts, not both$"
    ):
        sat.kano_summary(None, [5], counts=counts)
    for f, d in (([1], None), (None, [5]), (None, None)):
        with pytest.raises(
            ValueError,
            match=r"^give both functional and dysfunctional answers, "
            r"or a counts table \(counts=\.\.\.\)$",
        ):
            sat.kano_summary(f, d)
    with pytest.raises(ValueError, match=r"missing must be one of 'raise', 'omit'; got 'listwise'"):
        sat.kano_summary(counts=counts, missing="listwise")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"rule"):
        sat.kano_summary(counts=counts, rule="majority")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^importance per attribute must not contain NaN$"):
        sat.kano_summary(counts=counts, importance=[1.0, np.nan])
    with pytest.raises(ValueError, match=r"^importance must be >= 0; got -1 at index 1"):
        sat.kano_summary(counts=counts, importance=[1.0, -1.0])
    with pytest.raises(TypeError, match=r"^importance must be numeric"):
        sat.kano_summary(counts=counts, importance=["a", "b"])
    with pytest.raises(ValueError, match=r"^importance must be 1-D or 2-D"):
        sat.kano_summary(counts=counts, importance=np.ones((2, 2, 2)))
    with pytest.raises(
        ValueError,
        match=r"importance must have one value per attribute \(2\) "
        r"or the shape of the answers None",
    ):
        sat.kano_summary(counts=counts, importance=np.ones((3, 2)))
    # one attribute, importance per respondent (1-D, like the answers)
    one = sat.kano_summary(
        [[1], [2], [1]], [[5], [5], [3]], importance=[7.0, np.nan, 5.0], missing="omit"
    )
    np.testing.assert_allclose(one.importance, [6.0], rtol=1e-15)
    with pytest.raises(ValueError, match=r"importance has a missing value at index \(1, 0\)"):
        sat.kano_summary([[1], [2], [1]], [[5], [5], [3]], importance=[7.0, np.nan, 5.0])
    with pytest.raises(ValueError, match=r"^importance has no value for attribute 1$"):
        sat.kano_summary(
            [[1, 2], [2, 1], [3, 3]],
            [[5, 5], [5, 5], [3, 3]],
            importance=[[1.0, np.nan], [2.0, np.nan], [3.0, np.nan]],
            missing="omit",
        )


# ---------------------------------------------------------------------------
# likert_summary by segment, scale limits; Kano chi-square edge rows
# ---------------------------------------------------------------------------


def test_likert_by_segment_equals_separate_summaries() -> None:
    seg = np.array(list("abbabab"))
    r = sat.likert_summary(ANSWERS, by=seg, items=["p", "q", "s"])
    assert r.segments == ("a", "b")
    assert r.level == 0.95
    for name in ("a", "b"):
        alone = sat.likert_summary(ANSWERS[seg == name], items=["p", "q", "s"])
        np.testing.assert_allclose(r.results[name].mean, alone.mean, rtol=1e-15)
        np.testing.assert_allclose(r.results[name].std, alone.std, rtol=1e-14)
        np.testing.assert_array_equal(r.results[name].n, alone.n)
    frame = pd.DataFrame(ANSWERS, columns=["p", "q", "s"]).assign(group=seg)
    r2 = sat.likert_summary(frame, by="group")
    assert r2.by == "group"
    np.testing.assert_allclose(r2.results["b"].mean, r.results["b"].mean, rtol=1e-15)
    with pytest.raises(ValueError, match=r"^by must be a column of responses"):
        sat.likert_summary(frame, by="grp")


def test_likert_by_segment_with_missing_answers() -> None:
    data = np.array([[5.0, 1.0], [np.nan, 2.0], [3.0, 4.0], [2.0, np.nan], [4.0, 4.0]])
    seg = ["a", "b", "a", "b", "b"]
    with pytest.warns(
        DegenerateDataWarning,
        match=r"^item 'item_1' has a single valid answer in segment 'b'; its",
    ):
        r = sat.likert_summary(data, by=seg, missing="listwise")
    # listwise keeps rows 0, 2, 4: segment a rows 0 and 2, segment b row 4
    np.testing.assert_array_equal(r.results["a"].n, [2, 2])
    np.testing.assert_allclose(r.results["a"].mean, [4.0, 2.5], rtol=1e-15)
    np.testing.assert_array_equal(r.results["b"].n, [1, 1])
    r = sat.likert_summary(data, by=seg, missing="omit")
    # omit: segment b keeps item_1 from rows 3, 4 and item_2 from rows 1, 4
    np.testing.assert_array_equal(r.results["b"].n, [2, 2])
    np.testing.assert_allclose(r.results["b"].mean, [3.0, 3.0], rtol=1e-15)
    with pytest.raises(
        ValueError, match=r"^responses has no valid answer for item 'item_1' in segment 'x'"
    ):
        sat.likert_summary(np.array([[1.0, 2.0], [np.nan, 3.0]]), by=["y", "x"], missing="omit")


def test_likert_box_limit_half_the_scale_and_errors() -> None:
    data = np.array([[1.0, 4.0], [2.0, 3.0], [4.0, 4.0]])
    s = sat.likert_summary(data, scale=(1, 4), box=2)
    np.testing.assert_allclose(s.top_box, [1 / 3, 1.0], rtol=1e-15)
    np.testing.assert_allclose(s.bottom_box, [2 / 3, 0.0], atol=1e-15)
    assert s.n.dtype.kind == "i"
    with pytest.raises(ValueError, match=r"box must be at most half the scale \(2 points\); got 3"):
        sat.likert_summary(data, scale=(1, 4), box=3)
    with pytest.raises(
        ValueError,
        match=r"missing answer for item 'item_1' at row 1; pass missing='omit' or "
        r"missing='listwise'",
    ):
        sat.likert_summary(np.array([[1.0], [np.nan]]))


def test_kano_chi_square_edge_rows_against_scipy() -> None:
    with pytest.warns(
        DegenerateDataWarning,
        match=r"^attribute 'attribute_3' has only reverse and questionable answers; "
        r"its Better and Worse coefficients are undefined \(NaN\)$",
    ) as record:
        s = sat.kano_summary(counts=[[2, 0, 0, 0, 0, 0], [1, 1, 1, 1, 0, 0], [0, 0, 0, 0, 1, 2]])
    _assert_warned_here(record[0].filename)
    for j, row in enumerate(([2, 0, 0, 0], [1, 1, 1, 1])):
        chi = stats.chisquare(row)
        assert s.chi_square[j] == pytest.approx(chi.statistic, rel=1e-12, abs=1e-15)
        assert s.chi_square_p[j] == pytest.approx(chi.pvalue, rel=1e-12)
    assert s.chi_square[0] == 6.0
    assert s.chi_square[1] == 0.0
    assert s.chi_square_p[1] == 1.0
    assert np.isnan(s.chi_square[2])
    assert np.isnan(s.chi_square_p[2])
    assert np.isnan(s.better[2])
    assert np.isnan(s.worse[2])
    assert s.importance is None
    assert s.weighted_better is None
    assert s.weighted_worse is None
    with pytest.raises(
        ValueError, match=r"^attribute 'b' has no classified answer, so its shares are undefined$"
    ):
        sat.kano_summary(counts=[[1, 0, 0, 0, 0, 0], [0] * 6], attributes=["a", "b"])


# ---------------------------------------------------------------------------
# driver_weights: Kaiser's rule with two components, argument errors
# ---------------------------------------------------------------------------


def test_driver_weights_two_components_by_kaiser() -> None:
    rng = np.random.default_rng(11)
    f1, f2 = rng.normal(size=(2, 100, 1))
    x = np.hstack([f1, f1, f2, f2]) + 0.4 * rng.normal(size=(100, 4))
    y = f1[:, 0] + 0.5 * f2[:, 0] + 0.3 * rng.normal(size=100)
    eig = np.linalg.eigvalsh(np.corrcoef(x, rowvar=False))
    assert int(np.sum(eig > 1.0)) == 2
    assert 1.0 < np.sort(eig)[-2] < 2.0
    fit = sat.driver_weights(x, y)
    assert fit.n_components == 2
    assert len(fit.explained_variance_ratio) == 2


def test_driver_weights_argument_errors() -> None:
    x = np.array([[1.0, 2.0, 0.5], [2.0, 1.0, 1.5], [3.0, 5.0, 0.0]])
    y = np.array([1.0, 2.0, 4.0])
    with pytest.raises(
        ValueError, match=r"^n_components must be <= 2 \(items and respondents - 1\); got 3$"
    ):
        sat.driver_weights(x, y, n_components=3)
    with pytest.raises(
        ValueError, match=r"^responses must be 1-D or 2-D \(rows = respondents, columns = items\)"
    ):
        sat.driver_weights(np.ones((4, 2, 2)), np.ones(4))
    with pytest.raises(ValueError, match=r"^overall must be 1-D"):
        sat.driver_weights(x, np.ones((3, 2)))
    with pytest.raises(
        ValueError, match=r"^items must name every column of responses: got 1 names for 3"
    ):
        sat.driver_weights(x, y, items=["a"])
    with pytest.raises(TypeError, match=r"^overall must be numeric"):
        sat.driver_weights(x, ["a", "b", "c"])
    with pytest.raises(
        ValueError,
        match=r"^responses or overall have a missing value at row 1; pass missing='listwise'",
    ):
        sat.driver_weights(x, np.array([1.0, np.nan, 3.0]))
    with pytest.raises(ValueError, match=r"^overall is constant; there is nothing to explain$"):
        sat.driver_weights(x, np.full(3, 2.0))
    frame = pd.DataFrame(x, columns=["a", "b", "c"], index=list("pqr"))
    with pytest.raises(ValueError, match=r"^overall must be finite; got inf at label 'q'"):
        sat.driver_weights(frame, pd.Series([1.0, np.inf, 3.0], index=list("pqr")))
    with pytest.warns(DegenerateDataWarning, match=r"non-positive") as record:
        sat.driver_weights(x, x[:, 0] - x[:, 1], n_components=2)
    _assert_warned_here(record[0].filename)


def test_likert_series_and_nullable_columns() -> None:
    s = sat.likert_summary(pd.Series([1, 2, 4, 5], name="clarity"))
    assert s.items == ("clarity",)
    np.testing.assert_array_equal(s.n, [4])
    assert s.mean[0] == 3.0
    assert sat.likert_summary(pd.Series([1, 2, 4])).items == ("item_1",)
    frame = pd.DataFrame({"q": pd.array([5, None, 3, 4], dtype="Int64")})
    s = sat.likert_summary(frame, missing="omit")
    np.testing.assert_array_equal(s.n, [3])
    assert s.mean[0] == 4.0
    fit = sat.driver_weights(
        pd.DataFrame({"a": [1.0, 2.0, 3.0, 5.0], "b": [2.0, 1.0, 4.0, 4.0]}),
        pd.Series([1.0, 2.0, 3.0, 4.5]),
        n_components=2,
    )
    assert fit.items == ("a", "b")


def test_kano_continuous_shape_mismatch() -> None:
    with pytest.raises(
        ValueError,
        match=r"^functional and dysfunctional must have the same shape; got \(2,\) and \(3,\)$",
    ):
        sat.kano_continuous([1, 2], [1, 2, 3])


def test_kano_summary_scalar_and_3d_answers() -> None:
    s = sat.kano_summary("like", "dislike")
    np.testing.assert_array_equal(s.counts, [[0, 1, 0, 0, 0, 0]])
    assert s.category == ("O",)
    with pytest.raises(
        ValueError,
        match=r"^functional must be 1-D or 2-D \(rows = respondents, columns = attributes\); "
        r"got shape \(2, 2, 2\)$",
    ):
        sat.kano_summary(np.ones((2, 2, 2), dtype=int), np.ones((2, 2, 2), dtype=int))
    with pytest.raises(ValueError, match=r"^functional, by have inconsistent lengths: \[5, 2\]$"):
        sat.kano_summary(SEG_F.drop(columns="seg"), SEG_D.drop(columns="seg"), by=["a", "b"])


def test_kano_summary_rule_from_answers() -> None:
    # three (like, neutral) pairs A, one (neutral, neutral) I, one (dislike, like) R and
    # one (like, like) Q: mode A; evaluation 3 > 3 fails, so the largest of I, R, Q
    f = [1, 1, 1, 3, 5, 1]
    d = [3, 3, 3, 3, 1, 1]
    mode = sat.kano_summary(f, d)
    np.testing.assert_array_equal(mode.counts, [[3, 0, 0, 1, 1, 1]])
    assert mode.category == ("A",)
    assert mode.rule == "mode"
    ev = sat.kano_summary(f, d, rule="evaluation")
    assert ev.category == ("I",)
    assert ev.rule == "evaluation"
    seg = sat.kano_summary(f, d, by=["g"] * 6, rule="evaluation")
    assert seg.results["g"].category == ("I",)


def test_kano_summary_pandas_importance_paired_by_label() -> None:
    f, d = SEG_F.drop(columns="seg"), SEG_D.drop(columns="seg")
    imp = np.array([[9.0, 3.0], [5.0, 7.0], [6.0, 6.0], [3.0, 9.0], [2.0, 8.0]])
    reversed_frame = pd.DataFrame(imp, columns=["x", "y"]).iloc[::-1]
    r = sat.kano_summary(f, d, by=list("abaab"), importance=reversed_frame)
    # paired by label: segment a is rows 0, 2, 3 whatever the order of the table
    np.testing.assert_allclose(r.results["a"].importance, [6.0, 6.0], rtol=1e-15)
    np.testing.assert_allclose(r.results["b"].importance, [3.5, 7.5], rtol=1e-15)


def test_kano_small_importance_segments_level_and_frame_side() -> None:
    counts = [[1, 1, 1, 1, 0, 0], [2, 1, 1, 0, 0, 0]]
    s = sat.kano_summary(counts=counts, importance=[0.5, 0.25])
    # relative importance 1 and 1/2; Better 2/4 and 3/4
    np.testing.assert_allclose(s.weighted_better, [0.5, 0.375], rtol=1e-15)
    r = sat.kano_summary(SEG_F, SEG_D, by="seg")
    assert r.level == 0.95
    f = pd.DataFrame({"x": [1, 2], "y": [3, 1]}, index=["p", "q"])
    got = sat.kano_classify(f, np.array([[5, 3], [5, 5]]))
    assert list(got.index) == ["p", "q"]
    assert list(got.columns) == ["x", "y"]
    # (1, 5) O, (3, 3) I; (2, 5) M, (1, 5) O
    assert got.to_numpy().tolist() == [["O", "I"], ["M", "O"]]


# --- satisfaction_ratio: a Series of expectations; float64 limits in the messages ---


def test_ratio_with_a_series_of_expectations() -> None:
    res = sat.satisfaction_ratio(4.0, pd.Series([4.0, 5.0], index=["p", "q"]))
    assert res.ratio.name == "satisfaction_ratio"
    assert res.ratio.index.tolist() == ["p", "q"]
    assert res.ratio.tolist() == [1.0, 0.8]
    assert res.verdict.name == "verdict"
    assert res.verdict.index.tolist() == ["p", "q"]
    assert res.verdict.tolist() == ["meets", "below"]


def test_ratio_errors_name_the_argument() -> None:
    with pytest.raises(TypeError, match=r"^expected must be numeric; got text 'a' at index 0$"):
        sat.satisfaction_ratio(4.0, ["a"])
    with pytest.raises(
        ValueError,
        match=r"^expected is too small for perceived / expected to stay within the float64 "
        r"range \(<= 1\.8e308\); got perceived 4\.0 over expected 1e-320; "
        r"rescale both to the same units$",
    ):
        sat.satisfaction_ratio(4.0, 1e-320)
    with pytest.raises(
        ValueError,
        match=r"^perceived is too small for perceived / expected to stay above 0 in float64 "
        r"\(5e-324\); got perceived 1e-320 over expected 10000000000\.0; "
        r"rescale both to the same units$",
    ):
        sat.satisfaction_ratio(1e-320, 1e10)


# --- kano_summary: the forms of importance (defects found by the mutation round) ---


def test_per_attribute_importance_when_respondents_equal_attributes() -> None:
    """Two respondents, two attributes: [2, 4] is one value per attribute.

    Reference: the same importance given per respondent ([[2, 4], [2, 4]]),
    whose per-attribute means are 2 and 4.
    """
    functional, dysfunctional = [[1, 2], [3, 1]], [[5, 5], [5, 5]]
    per_attribute = sat.kano_summary(functional, dysfunctional, importance=[2.0, 4.0])
    per_respondent = sat.kano_summary(
        functional, dysfunctional, importance=[[2.0, 4.0], [2.0, 4.0]]
    )
    assert per_attribute == per_respondent


def test_per_respondent_importance_of_one_attribute_is_split_by_segment() -> None:
    """Segment results equal separate summaries of each segment's respondents."""
    functional, dysfunctional = [1, 2, 1, 1], [5, 5, 3, 5]
    importance = [4.0, 6.0, 8.0, 2.0]
    by = ["a", "b", "a", "b"]
    segmented = sat.kano_summary(functional, dysfunctional, importance=importance, by=by)
    for seg, rows in (("a", [0, 2]), ("b", [1, 3])):
        alone = sat.kano_summary(
            [functional[r] for r in rows],
            [dysfunctional[r] for r in rows],
            importance=[importance[r] for r in rows],
        )
        assert segmented.results[seg] == alone
