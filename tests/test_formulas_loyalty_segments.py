"""Mutation killers for custvalue.loyalty, second part (see docs/mutation-testing.md).

The satisfaction-loyalty curve, the loyalty typologies (classify_loyalty,
loyalty_segments), net satisfaction, the retention metrics, the profit of a
loyal customer and the life-cycle stages. References: statsmodels' binomial
GLM (iteratively reweighted least squares, a second algorithm for the logit
fit, its covariance and its prediction intervals), statsmodels' Wilson
interval, counts and shares worked by hand, Reichheld's yearly decomposition
summed by hand, the life-cycle rules applied by hand to small panels, and the
contract's rules (a bad value is reported under its argument's name and, for
pandas input, the caller's label; a Series result is named after its quantity).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from custvalue.exceptions import ConvergenceWarning
from custvalue.loyalty import (
    LifecycleStage,
    LoyaltyType,
    churn_rate,
    classify_loyalty,
    lifecycle_stage,
    loyal_customer_profit,
    loyalty_segments,
    net_satisfaction,
    retention_curve,
    retention_rate,
    satisfaction_loyalty_curve,
)

# ---------------------------------------------------------------------------
# satisfaction-loyalty curve
# ---------------------------------------------------------------------------

# 18 customers on levels 1..4; repurchases 1 of 4, 2 of 5, 3 of 4, 4 of 5
_S = np.repeat([1.0, 2.0, 3.0, 4.0], [4, 5, 4, 5])
_Y = np.array([0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1], dtype=float)


def _glm(s: np.ndarray, y: np.ndarray) -> object:
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    return GLM(y, np.column_stack([np.ones_like(s), s]), family=families.Binomial()).fit()


def test_curve_against_a_binomial_glm_and_counts_by_hand() -> None:
    from statsmodels.stats.proportion import proportion_confint

    curve = satisfaction_loyalty_curve(_S, _Y, levels=[0, 1, 2, 3, 4, 5], level=0.9)
    glm = _glm(_S, _Y)
    # IRLS and Newton both converge to about 1e-10 in the coefficients
    np.testing.assert_allclose([curve.intercept, curve.slope], glm.params, rtol=1e-7)
    np.testing.assert_allclose(curve.covariance, glm.cov_params(), rtol=1e-6)
    np.testing.assert_allclose([curve.intercept_se, curve.slope_se], glm.bse, rtol=1e-6)
    assert curve.odds_ratio == pytest.approx(math.exp(glm.params[1]), rel=1e-7)
    assert curve.level == 0.9
    assert curve.n_obs == 18
    assert curve.levels.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    # customers per level, an integer count; levels 0 and 5 nobody chose
    assert curve.n.tolist() == [0, 4, 5, 4, 5, 0]
    assert curve.n.dtype.kind == "i"
    np.testing.assert_allclose(curve.observed[1:5], [1 / 4, 2 / 5, 3 / 4, 4 / 5], rtol=1e-15)
    assert np.isnan(curve.observed[0])
    assert np.isnan(curve.observed[5])
    low, high = proportion_confint([1, 2, 3, 4], [4, 5, 4, 5], alpha=0.1, method="wilson")
    np.testing.assert_allclose(curve.observed_low[1:5], low, rtol=1e-12)
    np.testing.assert_allclose(curve.observed_high[1:5], high, rtol=1e-12)
    # raw ratios of adjacent levels: (2/5)/(1/4), (3/4)/(2/5), (4/5)/(3/4);
    # undefined next to the empty levels
    ratio = curve.observed_ratio
    np.testing.assert_allclose(ratio[1:4], [8 / 5, 15 / 8, 16 / 15], rtol=1e-14)
    assert np.isnan(ratio[0])
    assert np.isnan(ratio[4])
    assert ratio.dtype == np.float64
    # fitted probabilities and their intervals: the GLM's prediction of the
    # mean at every level, interval on the logit scale
    grid = np.column_stack([np.ones(6), np.arange(6.0)])
    ref = glm.get_prediction(grid).summary_frame(alpha=0.1)
    np.testing.assert_allclose(curve.fitted, ref["mean"].to_numpy(), rtol=1e-7)
    np.testing.assert_allclose(curve.fitted_low, ref["mean_ci_lower"].to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(curve.fitted_high, ref["mean_ci_upper"].to_numpy(), rtol=1e-6)
    # the same intervals from the method at the curve's level
    ci = curve.confidence_interval(level=0.9)
    np.testing.assert_allclose(ci.low, ref["mean_ci_lower"].to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(ci.high, ref["mean_ci_upper"].to_numpy(), rtol=1e-6)


def test_curve_ratio_interval_by_numerical_delta_method() -> None:
    from scipy.stats import norm

    curve = satisfaction_loyalty_curve(_S, _Y)
    glm = _glm(_S, _Y)
    beta, cov = np.asarray(glm.params), np.asarray(glm.cov_params())

    def log_ratio(b: np.ndarray, j: int) -> float:
        p = 1 / (1 + np.exp(-(b[0] + b[1] * np.array([j, j + 1.0]))))
        return float(np.log(p[1] / p[0]))

    z = norm.ppf(0.975)
    for j in (1, 2, 3):
        # central differences of the log ratio in the two coefficients
        h = 1e-6
        grad = np.array(
            [(log_ratio(beta + h * e, j) - log_ratio(beta - h * e, j)) / (2 * h) for e in np.eye(2)]
        )
        se = math.sqrt(grad @ cov @ grad)
        lr = log_ratio(beta, j)
        k = j - 1
        assert curve.ratio[k] == pytest.approx(math.exp(lr), rel=1e-7)
        assert curve.ratio_low[k] == pytest.approx(math.exp(lr - z * se), rel=1e-6)
        assert curve.ratio_high[k] == pytest.approx(math.exp(lr + z * se), rel=1e-6)


def test_curve_ratio_of_two_levels_far_below_the_data() -> None:
    # P(-1000) and P(-990) underflow to 0, yet their ratio is about
    # exp(10 * slope): P(s) = 1 / (1 + exp(-eta)) = exp(eta) (1 + o(1)) deep in the
    # lower tail. The 95% interval of exp(10 * slope) is exp(10 (slope -/+ z se)).
    from scipy.stats import norm

    curve = satisfaction_loyalty_curve(_S, _Y, levels=[-1000, -990, 1, 2, 3, 4])
    assert curve.fitted[0] == 0.0
    assert curve.fitted[1] == 0.0
    assert curve.ratio[0] == pytest.approx(math.exp(10 * curve.slope), rel=1e-9)
    z = norm.ppf(0.975)
    assert curve.ratio_low[0] == pytest.approx(
        math.exp(10 * (curve.slope - z * curve.slope_se)), rel=1e-9
    )
    assert curve.ratio_high[0] == pytest.approx(
        math.exp(10 * (curve.slope + z * curve.slope_se)), rel=1e-9
    )
    # from -990 to 1 the ratio is beyond float64: inf, not an error
    assert curve.ratio[1] == math.inf


def test_curve_confidence_interval_default_level() -> None:
    curve = satisfaction_loyalty_curve(_S, _Y, level=0.8)
    ci = curve.confidence_interval()
    assert ci.level == 0.95  # the documented default, not the curve's level
    ref = _glm(_S, _Y).get_prediction(np.column_stack([np.ones(4), np.arange(1.0, 5.0)]))
    frame = ref.summary_frame(alpha=0.05)
    np.testing.assert_allclose(ci.low, frame["mean_ci_lower"].to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(ci.high, frame["mean_ci_upper"].to_numpy(), rtol=1e-6)
    with pytest.raises(ValueError, match=r"^level must be in \(0, 1\)"):
        curve.confidence_interval(level=1.5)


def test_curve_to_frame_columns() -> None:
    curve = satisfaction_loyalty_curve(_S, _Y)
    frame = curve.to_frame()
    assert list(frame.columns) == [
        "level",
        "n",
        "observed",
        "observed_low",
        "observed_high",
        "fitted",
        "fitted_low",
        "fitted_high",
        "ratio_to_previous",
    ]
    assert frame["n"].tolist() == [4, 5, 4, 5]
    np.testing.assert_allclose(frame["observed"], [1 / 4, 2 / 5, 3 / 4, 4 / 5], rtol=1e-15)
    for column in ("observed_low", "observed_high", "fitted", "fitted_low", "fitted_high"):
        np.testing.assert_array_equal(frame[column].to_numpy(), getattr(curve, column))
    assert np.isnan(frame["ratio_to_previous"].iloc[0])


def test_curve_predict_and_likelihood_ratio() -> None:
    curve = satisfaction_loyalty_curve(_S, _Y)
    glm = _glm(_S, _Y)
    x = pd.Series([1.5, 4.5], index=["a", "b"])
    out = curve.predict(x)
    assert isinstance(out, pd.Series)
    assert out.name == "repurchase_probability"
    assert out.index.tolist() == ["a", "b"]
    ref = glm.predict(np.column_stack([np.ones(2), x.to_numpy()]))
    np.testing.assert_allclose(out.to_numpy(), ref, rtol=1e-7)
    with pytest.raises(ValueError, match=r"^satisfaction must not contain NaN"):
        curve.predict([1.0, math.nan])
    with pytest.raises(ValueError, match=r"^high must be finite; got nan$"):
        curve.likelihood_ratio(math.nan, 4)
    with pytest.raises(ValueError, match=r"^low must be finite; got inf$"):
        curve.likelihood_ratio(5, math.inf)


def test_curve_accepts_boolean_outcomes() -> None:
    as_bool = satisfaction_loyalty_curve(_S, _Y.astype(bool))
    as_float = satisfaction_loyalty_curve(_S, _Y)
    assert as_bool.slope == as_float.slope
    np.testing.assert_array_equal(as_bool.fitted, as_float.fitted)


def test_curve_errors_name_the_argument_and_the_label() -> None:
    labels = [f"c{i}" for i in range(6)]
    sat = pd.Series([1.0, 2.0, math.nan, 1.0, 2.0, 3.0], index=labels)
    with pytest.raises(ValueError, match=r"^satisfaction must not contain NaN.* at label 'c2'$"):
        satisfaction_loyalty_curve(sat, [0, 1, 1, 0, 1, 1])
    rep = pd.Series([0.0, 1.0, 1.0, 2.0, 1.0, 0.0], index=labels)
    with pytest.raises(
        ValueError, match=r"^repurchase must be 0 or 1 \(or boolean\); got 2 at label 'c3'$"
    ):
        satisfaction_loyalty_curve([1, 2, 3, 1, 2, 3], rep)
    # a list paired with a Series by position: its offender is named by the
    # Series' label at that position
    with pytest.raises(
        ValueError, match=r"^repurchase must be 0 or 1 \(or boolean\); got 2 at label 'c4'$"
    ):
        satisfaction_loyalty_curve(sat.fillna(3.0), [0, 1, 1, 0, 2, 1])
    with pytest.raises(ValueError, match=r"^repurchase must not contain NaN.* at index 1$"):
        satisfaction_loyalty_curve([1, 2, 3], [0, math.nan, 1])
    with pytest.raises(ValueError, match=r"^satisfaction must be 1-D; got a 2-D array"):
        satisfaction_loyalty_curve([[1, 2], [1, 2]], [0, 1, 1, 0])
    with pytest.raises(ValueError, match=r"^repurchase must be 1-D; got a 2-D array"):
        satisfaction_loyalty_curve([1, 2, 1, 2], [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match=r"^levels must be 1-D; got a 2-D array"):
        satisfaction_loyalty_curve([1, 2, 1, 2], [0, 1, 1, 0], levels=[[1, 2]])
    with pytest.raises(ValueError, match=r"^levels must not contain NaN"):
        satisfaction_loyalty_curve([1, 2, 1, 2], [0, 1, 1, 0], levels=[1, 2, math.nan])
    # the first rating that is not a level, by position and by label
    with pytest.raises(
        ValueError,
        match=r"^satisfaction must be one of levels \[1\.0, 2\.0, 3\.0\]; got 4 at "
        r"index 1$",
    ):
        satisfaction_loyalty_curve([1, 4, 2, 7], [0, 1, 1, 0], levels=[1, 2, 3])
    with pytest.raises(ValueError, match=r"got 4 at label 'q'$"):
        satisfaction_loyalty_curve(
            pd.Series([1, 4, 2, 7], index=list("pqrs")), [0, 1, 1, 0], levels=[1, 2, 3]
        )
    with pytest.raises(
        ValueError,
        match=r"^satisfaction must take at least two distinct values to fit a curve$",
    ):
        satisfaction_loyalty_curve([3, 3, 3], [0, 1, 1])


def test_curve_fit_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    # a library function does no I/O: the optimiser's report is switched off
    satisfaction_loyalty_curve(_S, _Y)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""


def test_curve_warning_names_every_cause_once() -> None:
    # perfect separation: statsmodels warns about the separation at every
    # Newton step and that the iterations did not converge; both causes are
    # reported, each once, joined by "; "
    with pytest.warns(ConvergenceWarning) as record:
        satisfaction_loyalty_curve([1, 1, 2, 2], [0, 0, 1, 1])
    messages = [str(w.message) for w in record if issubclass(w.category, ConvergenceWarning)]
    assert len(messages) == 1
    text = messages[0]
    assert text.startswith("the logistic fit is unreliable (")
    assert text.endswith("); raw rates are still valid")
    detail = text[len("the logistic fit is unreliable (") : -len("); raw rates are still valid")]
    parts = detail.split("; ")
    assert len(parts) == 2
    assert parts[0].startswith("Perfect separation")
    assert parts[1].startswith("Maximum Likelihood optimization failed to converge")


def test_curve_refuses_a_singular_information_matrix() -> None:
    # ratings 0 and 1000 separate the outcomes so sharply that every fitted
    # probability is exactly 0 or 1 after one Newton step: the information
    # matrix is singular and no interval exists; a clear ValueError, not
    # numpy's LinAlgError from inside the optimiser
    with pytest.raises(
        ValueError,
        match=r"^repurchase is perfectly separated by satisfaction: the logistic fit's "
        r"information matrix is singular, so no curve can be fitted$",
    ):
        satisfaction_loyalty_curve([0, 0, 1000, 1000], [0, 0, 1, 1])


# ---------------------------------------------------------------------------
# classify_loyalty
# ---------------------------------------------------------------------------


def test_classify_errors_name_the_argument_and_the_label() -> None:
    att = pd.Series([0, 2, 1], index=["x", "y", "z"])
    with pytest.raises(
        ValueError, match=r"^attachment must be 0 or 1 \(or boolean\); got 2 at label 'y'$"
    ):
        classify_loyalty(att, [1, 1, 1])
    rep = pd.Series([1, 1, 3], index=["x", "y", "z"])
    with pytest.raises(
        ValueError, match=r"^repeat_purchase must be 0 or 1 \(or boolean\); got 3 at label 'z'$"
    ):
        classify_loyalty([0, 0, 0], rep)
    with pytest.raises(ValueError, match=r"^repeat_purchase must be 0 or 1"):
        classify_loyalty(0, 5)
    with pytest.raises(ValueError, match=r"^attachment must be 0-D or 1-D; got a 2-D array"):
        classify_loyalty([[0, 1]], [1, 1])
    with pytest.raises(
        TypeError,
        match=r"^reason must be a string, None or a sequence of them \(one per customer\); "
        r"got int 5$",
    ):
        classify_loyalty(0, 1, 5)  # type: ignore[arg-type]
    # a single unknown reason has no position to report
    with pytest.raises(ValueError, match=r"^reason must be one of .*; got 'love'$"):
        classify_loyalty(0, 1, "love")


def test_classify_length_errors_name_the_arguments() -> None:
    with pytest.raises(ValueError, match=r"^attachment, repeat_purchase have inconsistent lengths"):
        classify_loyalty([0, 1], [1, 1, 0])
    with pytest.raises(ValueError, match=r"^attachment, reason have inconsistent lengths"):
        classify_loyalty([0, 1], 1, ["habit", "price", "rewards"])
    with pytest.raises(ValueError, match=r"^repeat_purchase, reason have inconsistent lengths"):
        classify_loyalty(0, [1, 1], ["habit", "price", "rewards"])
    # one array and scalars broadcast: nothing to compare
    out = classify_loyalty([0, 1, 0], 1)
    assert out.tolist() == [LoyaltyType.INERTIA, LoyaltyType.PREMIUM, LoyaltyType.INERTIA]


def test_classify_series_results_are_named_after_the_type() -> None:
    idx = ["p", "q"]
    out = classify_loyalty([0, 0], pd.Series([1, 1], index=idx), ["price", None])
    assert isinstance(out, pd.Series)
    assert out.name == "loyalty_type"
    assert out.index.tolist() == idx
    assert out.tolist() == [LoyaltyType.PRICE, LoyaltyType.INERTIA]
    reasons = pd.Series(["rewards", "location"], index=idx)
    out = classify_loyalty([0, 0], [1, 1], reasons)
    assert isinstance(out, pd.Series)
    assert out.name == "loyalty_type"
    assert out.index.tolist() == idx
    assert out.tolist() == [LoyaltyType.INCENTIVE, LoyaltyType.CONVENIENCE]


def test_classify_reason_series_of_other_kinds() -> None:
    # a Series of missing answers only (float NaN): no reason recorded
    none = pd.Series([math.nan, math.nan])
    assert classify_loyalty([0, 0], [1, 1], none).tolist() == [LoyaltyType.INERTIA] * 2
    # numbers are not reasons: the message shows the number itself
    with pytest.raises(TypeError, match=r"^reason must be one of .*; got 1 at index 0$"):
        classify_loyalty([0, 0], [1, 1], pd.Series([1, 2]))
    # a tuple and a numpy array of answers are sequences too
    arr = np.array(["habit", "rewards"])
    assert classify_loyalty([0, 0], [1, 1], arr).tolist() == [
        LoyaltyType.INERTIA,
        LoyaltyType.INCENTIVE,
    ]
    # a NaN in a list of answers is a missing answer (no reason recorded)
    mixed = classify_loyalty([0, 0, 1], [1, 1, 1], ["habit", math.nan, math.nan])
    assert mixed.tolist() == [LoyaltyType.INERTIA, LoyaltyType.INERTIA, LoyaltyType.PREMIUM]
    # a scalar NaN or None: no reason, the scalar rules
    assert classify_loyalty(0, 1, None) is LoyaltyType.INERTIA
    assert classify_loyalty(1, 1, math.nan) is LoyaltyType.PREMIUM  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# loyalty_segments
# ---------------------------------------------------------------------------


def test_segments_errors_name_the_argument_and_the_label() -> None:
    idx = ["a", "b", "c"]
    with pytest.raises(
        ValueError, match=r"^attitude must not contain NaN or infinity; got nan at label 'b'$"
    ):
        loyalty_segments(pd.Series([1.0, math.nan, 2.0], index=idx), [1.0, 2.0, 3.0])
    with pytest.raises(
        ValueError, match=r"^behaviour must not contain NaN or infinity; got inf at label 'c'$"
    ):
        loyalty_segments([1.0, 2.0, 3.0], pd.Series([1.0, 2.0, math.inf], index=idx))
    # a list paired with a Series by position: named by the Series' label
    with pytest.raises(
        ValueError, match=r"^behaviour must not contain NaN or infinity; got nan at label 'a'$"
    ):
        loyalty_segments(pd.Series([1.0, 2.0, 3.0], index=idx), [math.nan, 2.0, 3.0])
    with pytest.raises(
        ValueError, match=r"^attitude must not contain NaN or infinity; got nan at label 'b'$"
    ):
        loyalty_segments([1.0, math.nan, 3.0], pd.Series([1.0, 2.0, 3.0], index=idx))
    with pytest.raises(ValueError, match=r"^attitude must be 1-D; got a 2-D array"):
        loyalty_segments([[1.0, 2.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match=r"^behaviour must be 1-D; got a 2-D array"):
        loyalty_segments([1.0, 2.0], [[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"^attitude_cut must be finite; got nan$"):
        loyalty_segments([1.0, 2.0], [1.0, 2.0], attitude_cut=math.nan)
    with pytest.raises(ValueError, match=r"^behaviour_cut must be finite; got inf$"):
        loyalty_segments([1.0, 2.0], [1.0, 2.0], behaviour_cut=math.inf)


def test_segments_given_cuts_and_values_at_the_cut() -> None:
    # attitude 1..6 (median 3.5), behaviour 6..1 (median 3.5); with cuts 2
    # and 5: attitude >= 2 is high, behaviour >= 5 is high (5 itself counts)
    att = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    beh = [6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
    seg = loyalty_segments(att, beh, attitude_cut=2.0, behaviour_cut=5.0)
    assert (seg.attitude_cut, seg.behaviour_cut) == (2.0, 5.0)
    assert seg.labels.tolist() == ["spurious", "loyalty", "latent", "latent", "latent", "latent"]
    assert seg.counts == (1, 4, 1, 0)
    # each cut alone
    seg = loyalty_segments(att, beh, attitude_cut=2.0)
    assert seg.behaviour_cut == 3.5
    assert seg.labels.tolist() == ["spurious", "loyalty", "loyalty", "latent", "latent", "latent"]
    seg = loyalty_segments(att, beh, behaviour_cut=5.0)
    assert seg.attitude_cut == 3.5
    assert seg.labels.tolist() == ["spurious", "spurious", "none", "latent", "latent", "latent"]


def test_segments_series_labels_from_either_argument() -> None:
    idx = ["u", "v", "w", "x"]
    for att, beh in (
        (pd.Series([1.0, 2.0, 3.0, 4.0], index=idx), [4.0, 1.0, 3.0, 2.0]),
        ([1.0, 2.0, 3.0, 4.0], pd.Series([4.0, 1.0, 3.0, 2.0], index=idx)),
    ):
        seg = loyalty_segments(att, beh, typology="griffin")
        assert isinstance(seg.labels, pd.Series)
        assert seg.labels.name == "segment"
        assert seg.labels.index.tolist() == idx
        assert seg.labels.tolist() == ["inertia", "none", "premium", "latent"]


@pytest.mark.parametrize("typology", ["dick_basu", "griffin"])
def test_segments_table_rows_match_the_typology(typology: str) -> None:
    # the four cells by (attitude, behaviour): Dick & Basu's loyalty, latent,
    # spurious, none; Griffin's premium, latent, inertia, none
    names = {
        "dick_basu": {
            ("high", "high"): "loyalty",
            ("high", "low"): "latent",
            ("low", "high"): "spurious",
            ("low", "low"): "none",
        },
        "griffin": {
            ("high", "high"): "premium",
            ("high", "low"): "latent",
            ("low", "high"): "inertia",
            ("low", "low"): "none",
        },
    }[typology]
    # 3 high/high, 2 high/low, 1 low/high, 2 low/low (cuts at 0.5)
    att = [1, 1, 1, 1, 1, 0, 0, 0]
    beh = [1, 1, 1, 0, 0, 1, 0, 0]
    seg = loyalty_segments(att, beh, typology=typology, attitude_cut=0.5, behaviour_cut=0.5)  # type: ignore[arg-type]
    table = seg.table()
    assert table["attitude"].tolist() == ["high", "high", "low", "low"]
    assert table["behaviour"].tolist() == ["high", "low", "high", "low"]
    for _, row in table.iterrows():
        assert names[(row["attitude"], row["behaviour"])] == row["segment"]
    assert table["count"].tolist() == [3, 2, 1, 2]
    np.testing.assert_allclose(table["share"], [3 / 8, 2 / 8, 1 / 8, 2 / 8], rtol=1e-15)
    assert seg.to_frame().equals(table)


def _columns(line: str) -> list[int]:
    """Start positions of the fields of a text row (fields apart by >= 2 spaces)."""
    starts = []
    previous = " "
    gap = 2
    for pos, char in enumerate(line):
        if char != " " and (previous == " " and gap >= 2):
            starts.append(pos)
        gap = gap + 1 if char == " " else 0
        previous = char
    return starts


@pytest.mark.parametrize(
    ("typology", "n_high", "n_low"),
    [("dick_basu", 2, 1), ("griffin", 1_000_000, 3), ("griffin", 3, 1_000_000)],
)
def test_segments_summary_is_an_aligned_two_by_two_table(
    typology: str, n_high: int, n_low: int
) -> None:
    # n_high customers high/high and n_low low/high, one high/low and one
    # low/low; shares by hand in whole percent
    att = np.r_[np.ones(n_high), np.zeros(n_low), 1.0, 0.0]
    beh = np.r_[np.ones(n_high), np.ones(n_low), 0.0, 0.0]
    seg = loyalty_segments(att, beh, typology=typology, attitude_cut=0.5, behaviour_cut=0.5)  # type: ignore[arg-type]
    n = n_high + n_low + 2
    axis_a, axis_b = {
        "dick_basu": ("relative attitude", "repeat patronage"),
        "griffin": ("attachment", "repeat purchase"),
    }[typology]
    cells = [
        f"{name} {count} ({round(100 * count / n)}%)"
        for name, count in zip(seg.segments, (n_high, 1, n_low, 1), strict=True)
    ]
    text = seg.summary()
    lines = text.split("\n")
    assert len(lines) == 3
    head, top, bottom = lines
    assert all(line == line.rstrip() for line in lines)
    # header: the behaviour axis, high then low, over the two columns
    assert head.startswith(" ")
    assert head.split() == [*axis_b.split(), "high", *axis_b.split(), "low"]
    col1 = head.index(f"{axis_b} high")
    col2 = head.index(f"{axis_b} low")
    # rows: the attitude axis, high then low, then the two cells under the header
    assert top.startswith(f"{axis_a} high ")
    assert bottom.startswith(f"{axis_a} low ")
    assert top[col1:].startswith(cells[0])
    assert top[col1 - 1] == " "
    assert top[col2:] == cells[1]
    assert bottom[col1:].startswith(cells[2])
    assert bottom[col1 - 1] == " "
    assert bottom[col2:] == cells[3]
    # one space after the longer row label, two after the widest first-column entry
    assert top[: col1 - 1] == f"{axis_a} high"
    widest = max(len(f"{axis_b} high"), len(cells[0]), len(cells[2]))
    assert col2 - col1 == widest + 2


# ---------------------------------------------------------------------------
# net_satisfaction
# ---------------------------------------------------------------------------

# 10 answers on 1..5: two 5s, three 4s, one 3, two 2s, two 1s
_NSS = [5, 5, 4, 4, 4, 3, 2, 2, 1, 1]


def test_nss_missing_option_names_its_words() -> None:
    with pytest.raises(
        ValueError, match=r"^missing must be one of 'raise', 'omit'; got 'listwise'$"
    ):
        net_satisfaction(_NSS, missing="listwise")  # type: ignore[arg-type]


def test_nss_boxes_and_their_limits() -> None:
    # top=2 and bottom=3 fill the 5 points of the scale exactly: allowed;
    # top box 4-5 (5 answers), bottom box 1-3 (5 answers): score 0
    res = net_satisfaction(_NSS, top=2, bottom=3)
    assert (res.top, res.bottom) == (2, 3)
    assert res.score == 0.0
    assert res.top_share == 0.5
    assert res.bottom_share == 0.5
    with pytest.raises(
        ValueError,
        match=r"^top \+ bottom must not exceed the 5 points of the scale; got top=3, bottom=3$",
    ):
        net_satisfaction(_NSS, top=3, bottom=3)
    with pytest.raises(ValueError, match=r"^bottom must be >= 1; got 0$"):
        net_satisfaction(_NSS, bottom=0)
    with pytest.raises(TypeError, match=r"^bottom must be an integer"):
        net_satisfaction(_NSS, bottom="2")  # type: ignore[arg-type]


def test_nss_result_records_its_options() -> None:
    res = net_satisfaction(_NSS, scale=(1, 5), method="adjusted_wald")
    assert res.scale == (1.0, 5.0)
    assert (res.top, res.bottom) == (1, 1)
    assert res.method == "adjusted_wald"
    # the method's interval at another level: recomputed by the same method,
    # the adjusted Wald interval (Rocks 2016): 3/4 of a top and of a bottom
    # answer and 3/2 of a middle one added, n + 3 answers in all
    from scipy.stats import norm

    ci = res.confidence_interval(level=0.8)
    t, b, n = (2 + 0.75) / 13, (2 + 0.75) / 13, 13
    se = 100 * math.sqrt((t + b - (t - b) ** 2) / n)
    z = norm.ppf(0.9)
    assert ci.low == pytest.approx(100 * (t - b) - z * se, rel=1e-12)
    assert ci.high == pytest.approx(100 * (t - b) + z * se, rel=1e-12)
    assert ci.level == 0.8
    default = res.confidence_interval()
    assert default.level == 0.95
    assert default.high == pytest.approx(norm.ppf(0.975) * se, rel=1e-12)


def test_nss_bootstrap_counts_the_middle_boxes() -> None:
    # 2 top, 2 bottom and 6 middle answers: every resample has 10 answers, so
    # its score is 10 * (top - bottom) with top + middle + bottom = 10. If the
    # middle count were wrong the resamples would draw more or fewer answers.
    res = net_satisfaction(_NSS, method="bootstrap", rng=5, n_boot=500)
    reps = np.asarray(res.replicates)
    assert reps.shape == (500,)
    assert np.all(np.abs(reps) <= 100.0)
    # multiples of 10 points only (a 10-answer resample)
    np.testing.assert_allclose(reps / 10, np.round(reps / 10), atol=1e-9)
    # mean near the score 0 (SE of the mean about 25 / sqrt(500) ~ 1.1)
    assert abs(reps.mean()) < 5.0
    ci = res.confidence_interval(level=0.8)
    assert ci.low == pytest.approx(np.percentile(reps, 10), abs=1e-9)
    assert ci.high == pytest.approx(np.percentile(reps, 90), abs=1e-9)
    # two items: one row of replicates per item
    two = net_satisfaction(
        np.column_stack([_NSS, _NSS[::-1]]), method="bootstrap", rng=5, n_boot=200
    )
    assert np.asarray(two.replicates).shape[0] == 2


def test_nss_rng_is_checked_when_given_and_seeds_the_bootstrap() -> None:
    # the Wald interval draws nothing, with or without a seed; a seed is
    # checked whenever it is given (options are checked when given)
    assert net_satisfaction(_NSS).replicates is None
    assert net_satisfaction(_NSS, rng=3, n_boot=200).replicates is None
    with pytest.raises(TypeError, match=r"^rng must be"):
        net_satisfaction(_NSS, rng="seed")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^rng must be"):
        net_satisfaction(_NSS, method="bootstrap", rng="seed")  # type: ignore[arg-type]
    # the same seed gives the same replicates
    first = net_satisfaction(_NSS, method="bootstrap", rng=3, n_boot=200)
    again = net_satisfaction(_NSS, method="bootstrap", rng=np.random.default_rng(3), n_boot=200)
    np.testing.assert_array_equal(first.replicates, again.replicates)
    other = net_satisfaction(_NSS, method="bootstrap", rng=4, n_boot=200)
    assert not np.array_equal(first.replicates, other.replicates)
    # without a seed the bootstrap still resamples
    unseeded = net_satisfaction(_NSS, method="bootstrap", n_boot=200)
    assert np.asarray(unseeded.replicates).shape == (200,)


def test_nss_errors_name_the_argument_and_the_label() -> None:
    idx = ["r1", "r2", "r3"]
    with pytest.raises(ValueError, match=r"^responses must be in \[1, 5\]; got 7 at label 'r2'$"):
        net_satisfaction(pd.Series([5.0, 7.0, 1.0], index=idx))
    with pytest.raises(ValueError, match=r"^responses must not contain NaN; got nan at label 'r3'"):
        net_satisfaction(pd.Series([5.0, 4.0, math.nan], index=idx))
    with pytest.raises(ValueError, match=r"^responses must be 1-D or 2-D; got a 3-D array"):
        net_satisfaction(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match=r"^responses must not contain NaN"):
        net_satisfaction([5.0, math.nan, 1.0])


def test_nss_segment_errors_and_level() -> None:
    df = pd.DataFrame({"tariff": [5, 4, math.nan, math.nan], "network": [1, 5, 5, 2]})
    with pytest.raises(
        ValueError,
        match=r"^responses has no answers for item 'tariff' \(column 0\) in segment 'b'$",
    ):
        net_satisfaction(df, by=["a", "a", "b", "b"], missing="omit")
    with pytest.raises(ValueError, match=r"^responses, by have inconsistent lengths: \[4, 2\]$"):
        net_satisfaction(df[["network"]], by=["a", "b"])
    # without segments the message ends at the column
    with pytest.raises(
        ValueError, match=r"^responses has no answers for item 'tariff' \(column 0\)$"
    ):
        net_satisfaction(df.iloc[2:], missing="omit")
    res = net_satisfaction(df[["network"]], by=["a", "a", "b", "b"], level=0.9)
    assert res.level == 0.9
    assert res.confidence_interval().level == 0.95


def test_nss_one_item_summary_and_frame() -> None:
    # two 5s and two 1s of 10: score 0; n 10
    res = net_satisfaction(_NSS, level=0.9)
    frame = res.to_frame()
    assert list(frame.columns) == [
        "item",
        "n",
        "top_share",
        "bottom_share",
        "score",
        "std_error",
        "low",
        "high",
    ]
    assert frame["n"].tolist() == [10]
    assert frame["std_error"].tolist() == [res.std_error]
    assert frame["low"].tolist() == [res.low]
    assert frame["high"].tolist() == [res.high]
    lines = res.summary().split("\n")
    assert len(lines) == 2
    head = lines[0].split()
    assert head == ["item", "n", "NSS", "90%", "CI", "(wald)"]
    row = lines[1].split()
    assert row[:3] == ["item", "10", "0.0"]
    assert row[3:] == [f"{res.low:.1f}", "to", f"{res.high:.1f}"]
    # the header's first column is at least as wide as the word "item"
    short = net_satisfaction(pd.DataFrame({"a": _NSS, "bb": _NSS}))
    first = short.summary().split("\n")
    assert first[0].startswith("item  ")
    # the item column is exactly as wide as "item", then two spaces and the
    # counts right-aligned in six characters: "n" and "10" end at position 12
    assert first[0].index(" n ") + 2 == 12
    assert first[1].index("10") + 2 == 12
    assert first[1].startswith("a     ")
    assert first[2].startswith("bb    ")
    # a level with many digits is shown to 6 decimals of a percent
    odd = net_satisfaction(_NSS, level=0.12345678)
    assert odd.summary().split("\n")[0].split()[3] == "12.3457%"


# ---------------------------------------------------------------------------
# retention, churn, cohort curves
# ---------------------------------------------------------------------------


def test_retention_counts_at_the_tolerance_are_accepted() -> None:
    # The count rules hold up to 8 units in the last place of the largest
    # count (2**-49 at 1.0). Exactly at that tolerance the counts pass and
    # the rates are clipped to [0, 1]:
    # end - new - start = 1 - (1 - 2**-49) = 2**-49, a rate of 1 + 2**-49 -> 1
    assert retention_rate(1.0 - 2.0**-49, 1.0) == 1.0
    assert churn_rate(1.0 - 2.0**-49, 1.0) == 0.0
    # new - end = 2**-49: retention -2**-49 -> 0, churn 1 + 2**-49 -> 1
    assert retention_rate(1.0, 1.0 - 2.0**-49, 1.0) == 0.0
    assert churn_rate(1.0, 1.0 - 2.0**-49, 1.0) == 1.0


def test_cohort_curve_options_and_a_single_customer() -> None:
    # one customer, active in periods 0 and 1: one customer observed at
    # every age, retention 1, 1, 0
    res = retention_curve([[1, 1, 0]])
    assert res.curve.tolist() == [1.0, 1.0, 0.0]
    assert res.cohort_sizes.tolist() == [1]
    assert res.definition == "active"
    # survival: once inactive, lost; active: counted again when back
    panel = [[1, 0, 1], [1, 1, 1]]
    surv = retention_curve(panel, definition="survival")
    assert surv.definition == "survival"
    assert surv.retained.tolist() == [[2, 1, 1]]
    assert retention_curve(panel).retained.tolist() == [[2, 1, 2]]
    with pytest.raises(
        ValueError, match=r"^definition must be one of 'active', 'survival'; got 'alive'$"
    ):
        retention_curve(panel, definition="alive")  # type: ignore[arg-type]
    with pytest.raises(
        ValueError, match=r"^panel must contain at least one active customer; got none$"
    ):
        retention_curve([[0, 0], [0, 0]])


# ---------------------------------------------------------------------------
# profit of a loyal customer
# ---------------------------------------------------------------------------


def test_profit_table_year_by_year() -> None:
    # by hand: years 1 and 2 earn 10 + 1 + 2 + 3 = 16 and 20 + 1 + 2 + 3 = 26;
    # 50 spent in year 0: cumulative -50, -34, -8
    res = loyal_customer_profit(
        [10.0, 20.0], cost_savings=1.0, referrals=2.0, price_premium=3.0, acquisition_cost=50.0
    )
    frame = res.to_frame()
    assert list(frame.columns) == [
        "year",
        "base_profit",
        "increased_purchases",
        "cost_savings",
        "referrals",
        "price_premium",
        "acquisition_cost",
        "total",
        "cumulative",
    ]
    expected = {
        "year": [0, 1, 2],
        "base_profit": [0.0, 10.0, 20.0],
        "increased_purchases": [0.0, 0.0, 0.0],
        "cost_savings": [0.0, 1.0, 1.0],
        "referrals": [0.0, 2.0, 2.0],
        "price_premium": [0.0, 3.0, 3.0],
        "acquisition_cost": [-50.0, 0.0, 0.0],
        "total": [-50.0, 16.0, 26.0],
        "cumulative": [-50.0, -34.0, -8.0],
    }
    for column, values in expected.items():
        assert frame[column].tolist() == values, column


def test_profit_overflow_next_to_a_zero_year_is_reported_cleanly() -> None:
    # base profit 1 in years 1-5 and 0 in year 6, growth 1e100: year 5 earns
    # 1e400 (beyond float64), year 6 earns 0 * inf; the overflow is reported
    # for year 5, with no floating-point warning on the way
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"overflows the float64 range in year 5;"):
            loyal_customer_profit([1.0, 1.0, 1.0, 1.0, 1.0, 0.0], purchase_growth=1e100)


# ---------------------------------------------------------------------------
# life-cycle stages: the documented rules applied by hand
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("activity", "window", "band", "stage"),
    [
        # active throughout: the last window (1, 1) equals the one before
        ([1.0] * 6, 2, 0.1, LifecycleStage.MATURITY),
        # the periods before the reactivation hold activity 0.5 (> 0): no lapse;
        # last window 0, 1 (mean 0.5) against 0.5, 0.5
        ([1.0, 0.5, 0.5, 0.5, 0.0, 1.0], 2, 0.1, LifecycleStage.MATURITY),
        # only the window before the last counts (1, 1), not the early 5s
        ([5.0, 5.0, 1.0, 1.0, 1.0, 1.0], 2, 0.1, LifecycleStage.MATURITY),
        # 1 against 2 with band 0.5: exactly (1 - band) times, not below it
        ([2.0, 1.0], 1, 0.5, LifecycleStage.MATURITY),
        ([2.0, 0.9], 1, 0.5, LifecycleStage.DECLINE),
        # a full window without activity, then active again
        ([1.0, 0.0, 0.0, 1.0], 2, 0.1, LifecycleStage.RECOVERY),
    ],
)
def test_lifecycle_rules_by_hand(
    activity: list[float], window: int, band: float, stage: LifecycleStage
) -> None:
    assert lifecycle_stage(activity, window=window, band=band) is stage


def test_lifecycle_series_is_named_stage() -> None:
    panel = pd.DataFrame([[0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]], index=["new", "old"])
    out = lifecycle_stage(panel, window=2)
    assert isinstance(out, pd.Series)
    assert out.name == "stage"
    assert out.index.tolist() == ["new", "old"]
    assert out.tolist() == [LifecycleStage.POTENTIAL, LifecycleStage.MATURITY]
