"""Mutation killers for custvalue.btyd (see docs/mutation-testing.md).

References are independent of the implementation: the Gauss hypergeometric
series summed term by term, sums of a probability mass function against the
closed-form mean of the same model, survival sums and exact fractions of the
shifted-beta-geometric model, and the contract's rules (a pandas Series in a
data argument gives a Series named after the quantity; a bad value is
reported under the argument's name, with its value and position).
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from custvalue import btyd
from custvalue.btyd import BetaGeo, GammaGamma, ParetoNBD, ShiftedBetaGeometric
from custvalue.exceptions import ConvergenceWarning
from custvalue.transactions import CompressedRFM, RFMSummary

# Fader, Hardie and Lee (2005), CDNOW: BG/NBD estimates; Fader and Hardie's
# Pareto/NBD estimates for the same data (as in tests/test_btyd.py).
CDNOW_BG = (0.243, 4.414, 0.793, 2.426)
CDNOW_PNBD = (0.553, 10.578, 0.606, 11.669)


def _series_2f1(b: float, c: float, z: float) -> float:
    """``2F1(1, b; c; z)`` by its power series: terms ``(b)_n / (c)_n z^n``, all positive."""
    terms = [1.0]
    term = 1.0
    n = 0
    while term > 1e-19 * terms[0] or n < 10:
        term *= (b + n) / (c + n) * z
        terms.append(term)
        n += 1
    return math.fsum(terms)


# ---------------------------------------------------------------------------
# _hyp2f1_unit_quad: the Euler integral used where scipy's series fails
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("b", "c", "z"),
    [
        (0.5, 3.0, 0.97),  # b < 1: one step of the contiguous recurrence
        (0.3, 0.9, 0.96),  # b < 1 and c - b < 1
        (3.0, 3.5, 0.96),  # c - b < 1: the substitution w = (1 - u)^(c - b)
        (50.0, 50.6, 0.99),  # large b, mass near u = 1
        (1.5, 2.2, 0.999),
        (2.0, 4.0, 0.98),  # b > 1 and c - b > 1: Beta mode inside (0, 1)
        (1.0, 4.0, 0.97),  # b = 1: the other start point
        (40.0, 45.0, 0.999),
        (6.0, 7.5, 0.995),
    ],
)
def test_hyp2f1_unit_quad_matches_the_power_series(b: float, c: float, z: float) -> None:
    # epsrel 1e-12 in the quadrature; the series is summed in full precision
    assert btyd._hyp2f1_unit_quad(b, c, z) == pytest.approx(_series_2f1(b, c, z), rel=1e-10)


def test_hyp2f1_unit_quad_at_zero_is_one() -> None:
    for b, c in [(0.5, 2.0), (2.0, 2.5), (3.0, 6.0)]:
        assert btyd._hyp2f1_unit_quad(b, c, 0.0) == pytest.approx(1.0, rel=1e-12)


def test_hyp2f1_closed_form_log() -> None:
    # 2F1(1, 1; 2; z) = -ln(1 - z) / z
    z = 0.995
    assert btyd._hyp2f1_unit_quad(1.0, 2.0, z) == pytest.approx(-math.log1p(-z) / z, rel=1e-10)


# ---------------------------------------------------------------------------
# probabilities of n purchases: a distribution whose mean is E[X(t)]
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "t", "top"),
    [
        (ParetoNBD(*CDNOW_PNBD), 39.0, 260),
        (ParetoNBD(0.8, 0.5, 1.5, 3.0), 4.0, 420),  # alpha < 1 < beta: small scales
        (ParetoNBD(2.0, 3.0, 0.7, 1.0), 2.5, 200),  # alpha > beta
    ],
)
def test_pareto_nbd_pmf_sums_to_one_with_the_closed_form_mean(
    model: ParetoNBD, t: float, top: int
) -> None:
    n = np.arange(top + 1)
    pmf = np.asarray(model.p_purchases(n, t))
    assert np.all(pmf >= 0)
    # the tail beyond `top` is below 1e-16 (negative binomial tail, ratio t/(alpha+t))
    assert math.fsum(pmf) == pytest.approx(1.0, abs=1e-9)
    mean = math.fsum(n * pmf)
    assert mean == pytest.approx(float(model.expected_purchases(t)), rel=1e-9)


def test_bg_nbd_pmf_mean_is_the_closed_form_mean() -> None:
    model = BetaGeo(*CDNOW_BG)
    n = np.arange(400)
    pmf = np.asarray(model.p_purchases(n, 39.0))
    assert math.fsum(pmf) == pytest.approx(1.0, abs=1e-12)
    assert math.fsum(n * pmf) == pytest.approx(float(model.expected_purchases(39.0)), rel=1e-10)


@pytest.mark.parametrize("model", [ParetoNBD(*CDNOW_PNBD), BetaGeo(*CDNOW_BG)])
def test_no_purchase_in_no_time(model: ParetoNBD | BetaGeo) -> None:
    assert np.asarray(model.p_purchases([0, 1, 5], 0.0)).tolist() == [1.0, 0.0, 0.0]


@pytest.mark.parametrize("model", [ParetoNBD(*CDNOW_PNBD), BetaGeo(*CDNOW_BG)])
def test_p_purchases_series_in_either_argument(model: ParetoNBD | BetaGeo) -> None:
    plain = np.asarray(model.p_purchases([0, 1, 2], 39.0))
    counts = pd.Series([0, 1, 2], index=["x", "y", "z"])
    by_count = model.p_purchases(counts, 39.0)
    assert isinstance(by_count, pd.Series)
    assert by_count.name == "p_purchases"
    assert list(by_count.index) == ["x", "y", "z"]
    np.testing.assert_allclose(by_count.to_numpy(), plain, rtol=1e-12)
    times = pd.Series([39.0, 0.0], index=["a", "b"])
    by_time = model.p_purchases(1, times)
    assert isinstance(by_time, pd.Series)
    assert by_time.name == "p_purchases"
    assert list(by_time.index) == ["a", "b"]
    np.testing.assert_allclose(by_time.to_numpy(), [plain[1], 0.0], rtol=1e-12)


# ---------------------------------------------------------------------------
# shifted-beta-geometric: exact fractions and survival sums
# ---------------------------------------------------------------------------


def _survival(alpha: Fraction, beta: Fraction, t: int) -> Fraction:
    """S(t) = prod_{i<t} (beta + i) / (alpha + beta + i), exactly."""
    out = Fraction(1)
    for i in range(t):
        out *= (beta + i) / (alpha + beta + i)
    return out


def test_sbg_series_named_after_the_quantity_with_exact_values() -> None:
    alpha, beta = Fraction(2), Fraction(3)
    model = ShiftedBetaGeometric(2.0, 3.0)
    t = pd.Series([1, 2, 5], index=["jan", "feb", "may"])
    survival = model.survival(t)
    churn = model.churn_probability(t)
    retention = model.retention_rate(t)
    for result, name in ((survival, "survival"), (churn, "churn_probability")):
        assert isinstance(result, pd.Series)
        assert result.name == name
        assert list(result.index) == ["jan", "feb", "may"]
    assert isinstance(retention, pd.Series)
    assert retention.name == "retention_rate"
    assert list(retention.index) == ["jan", "feb", "may"]
    for k, period in enumerate([1, 2, 5]):
        s_now, s_before = _survival(alpha, beta, period), _survival(alpha, beta, period - 1)
        assert survival.iloc[k] == pytest.approx(float(s_now), rel=1e-13)
        assert churn.iloc[k] == pytest.approx(float(s_before - s_now), rel=1e-13)
        assert retention.iloc[k] == pytest.approx(float(s_now / s_before), rel=1e-15)


def test_sbg_period_errors_name_t() -> None:
    model = ShiftedBetaGeometric(1.0, 1.0)
    with pytest.raises(ValueError, match=r"^t must contain whole numbers; got 1\.5"):
        model.survival(1.5)
    with pytest.raises(TypeError, match=r"^t must be numeric"):
        model.survival(["a"])


def _derl_by_sum(alpha: float, beta: float, d: float, n: int) -> float:
    """sum_{t >= n} S(t) / S(n - 1) / (1 + d)^(t - n), term by term."""
    ratio = 1.0  # S(t) / S(n - 1) at t = n - 1
    terms = []
    t = n - 1
    while True:
        ratio *= (beta + t) / (alpha + beta + t)
        t += 1
        terms.append(ratio / (1.0 + d) ** (t - n))
        if terms[-1] < 1e-19:
            return math.fsum(terms)


def test_derl_default_is_a_new_customer() -> None:
    model = ShiftedBetaGeometric(0.704, 1.182)  # Fader and Hardie (2007), regular
    expected = _derl_by_sum(0.704, 1.182, 0.1, 1)
    assert model.discounted_expected_residual_lifetime(0.1) == pytest.approx(expected, rel=1e-10)
    later = _derl_by_sum(0.704, 1.182, 0.1, 5)
    got = model.discounted_expected_residual_lifetime(0.1, renewals=4)
    assert got == pytest.approx(later, rel=1e-10)
    with pytest.raises(ValueError, match=r"^renewals must be >= 0; got -1"):
        model.discounted_expected_residual_lifetime(0.1, renewals=-1)
    with pytest.raises(ValueError, match=r"^renewals must be a whole number; got 1\.5"):
        model.discounted_expected_residual_lifetime(0.1, renewals=1.5)


def test_sbg_expected_lifetime_at_alpha_one_is_infinite() -> None:
    # E[T] = sum_t S(t) with S(t) = beta / (beta + t) at alpha = 1: a harmonic sum
    assert ShiftedBetaGeometric(1.0, 2.0).expected_lifetime() == math.inf


def test_sbg_cohort_checks_name_rule_and_value() -> None:
    with pytest.raises(ValueError, match=r"positive cohort size; got (np\.float64\()?0\.0"):
        ShiftedBetaGeometric.fit([0, 5])
    with pytest.raises(ValueError, match=r"^survivors must be non-increasing; got 11 at index 1"):
        ShiftedBetaGeometric.fit([10, 11, 5])
    with pytest.raises(ValueError, match=r"^survivors\[1\] must be >= 0"):
        ShiftedBetaGeometric.fit([[10, 5, 3], [10, -1, 0]])
    with pytest.raises(ValueError, match=r"^survivors"):
        ShiftedBetaGeometric.fit(np.array([[10.0, 5.0], [8.0, 4.0]]))
    with pytest.raises(TypeError, match=r"^survivors\[0\] must be numeric"):
        ShiftedBetaGeometric.fit([["a", "b"], [10, 5]])


def test_sbg_identifiability_messages() -> None:
    with pytest.raises(ValueError, match=r"no customer churned \(1000 at the start.*boundary"):
        ShiftedBetaGeometric.fit([1000, 1000, 1000])
    # one period: only alpha / (alpha + beta) = 369 / 1000 is identified
    with pytest.raises(ValueError, match=r"alpha/\(alpha\+beta\) = 0\.369.*two periods"):
        ShiftedBetaGeometric.fit([1000, 631])
    with pytest.raises(ValueError, match=r"every customer churned in the first period.*to 1"):
        ShiftedBetaGeometric.fit([100, 0, 0])


def test_sbg_fit_counts_losses_after_the_first_period() -> None:
    # nobody leaves in period 1 but some later: the data are not degenerate
    # in the "no churn" sense (the check must look at the last count)
    with pytest.raises(ValueError) as info:
        ShiftedBetaGeometric.fit([1000, 1000, 1000])
    assert "no customer churned" in str(info.value)
    fit = ShiftedBetaGeometric.fit([[1000, 1000, 900, 850], [1000, 631, 468, 382]])
    assert fit.n_customers == 2000


# ---------------------------------------------------------------------------
# parameters, spend model, fit results
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [BetaGeo, ParetoNBD])
def test_parameters_are_checked_floats(cls: type[BetaGeo] | type[ParetoNBD]) -> None:
    model = cls(1, 2, 3, 4)
    assert all(type(getattr(model, f)) is float for f in model.to_dict())
    with pytest.raises(ValueError, match=r"^r must be > 0; got -1"):
        cls(-1.0, 2.0, 3.0, 4.0)


def test_gamma_gamma_mean_spend_needs_q_above_one() -> None:
    with pytest.raises(ValueError, match=r"q must be > 1.*got q = 1\.0"):
        GammaGamma(6.25, 1.0, 15.44).mean_spend()
    # p v / (q - 1), Fader, Hardie and Lee (2005) CDNOW spend estimates
    assert GammaGamma(6.25, 3.74, 15.44).mean_spend() == pytest.approx(6.25 * 15.44 / 2.74)


def test_gamma_gamma_rule_reports_label_and_count() -> None:
    gg = GammaGamma(0.5, 0.4, 10.0)  # p x + q > 1 needs x > 1.2
    freq = pd.Series([5, 1, 2, 1], index=["a", "b", "c", "d"])
    spend = pd.Series([10.0, 20.0, 30.0, 40.0], index=["a", "b", "c", "d"])
    with pytest.raises(
        ValueError,
        match=r"^frequency must satisfy p\*x \+ q > 1 \(q = 0\.4\); "
        r"got 1 at label 'b' \(and 1 more\)$",
    ):
        gg.conditional_expected_value(freq, spend)
    with pytest.raises(ValueError, match=r"got 1 at index 1$"):
        gg.conditional_expected_value([5, 1, 2], [10.0, 20.0, 30.0])
    with pytest.raises(
        ValueError, match=r"^frequency must satisfy p\*x \+ q > 1 \(q = 0\.4\); got 1$"
    ):
        gg.conditional_expected_value(1, 20.0)


def _fit() -> btyd.FitResult[ShiftedBetaGeometric]:
    return ShiftedBetaGeometric.fit([1000, 631, 468, 382, 326, 289, 262, 241])


def test_fit_tables_and_intervals_are_named() -> None:
    fit = _fit()
    low, high = fit.confidence_interval(level=0.9)
    assert low.name == "low"
    assert high.name == "high"
    assert fit.to_frame().index.name == "parameter"
    # Fader and Hardie (2007), regular customers: alpha 0.704, beta 1.182
    assert fit.params["alpha"] == pytest.approx(0.704, abs=5e-4)
    assert fit.params["beta"] == pytest.approx(1.182, abs=5e-4)


def test_summary_reads_back_as_the_table() -> None:
    fit = _fit()
    text = fit.summary(level=0.975)
    lines = text.split("\n")
    assert lines[0] == "ShiftedBetaGeometric fit by maximum likelihood"
    assert lines[4] == ""
    header = lines[5].split()
    assert header == ["parameter", "estimate", "std.", "error", "low", "97.5%", "high", "97.5%"]
    table = fit.to_frame(level=0.975)
    for line, (name, row) in zip(lines[6:], table.iterrows(), strict=True):
        cells = line.split()
        assert cells[0] == name
        np.testing.assert_allclose([float(v) for v in cells[1:]], row.to_numpy(), atol=5e-5)
    pen = ShiftedBetaGeometric.fit([1000, 631, 468, 382, 326, 289, 262, 241], l2_penalty=0.5)
    assert pen.summary().split("\n")[0].endswith(" (L2 penalty 0.5)")
    assert pen.l2_penalty == 0.5


# ---------------------------------------------------------------------------
# compressed data, rebuilding models, module attributes
# ---------------------------------------------------------------------------


def _compressed() -> CompressedRFM:
    return CompressedRFM.from_counts(
        [0, 2, 1, 3], [0.0, 20.0, 10.0, 30.0], [40.0] * 4, [5, 3, 0, 2]
    )


def test_compressed_data_alone() -> None:
    c = _compressed()
    with pytest.raises(
        TypeError, match=r"pass a CompressedRFM alone.*and T\); got recency or T as well$"
    ):
        BetaGeo.fit(c, [1.0] * 4)
    with pytest.raises(
        TypeError, match=r"pass a CompressedRFM alone.*and T\); got recency or T as well$"
    ):
        BetaGeo.fit(c, T=[40.0] * 4)
    with pytest.raises(TypeError, match=r"counts as weights; do not pass weights= with it$"):
        BetaGeo.fit(c, weights=[1, 1, 1, 1])


def test_compressed_zero_counts_are_not_patterns() -> None:
    c = _compressed()
    expanded = BetaGeo(*CDNOW_BG).loglik(
        [0] * 5 + [2] * 3 + [3] * 2, [0.0] * 5 + [20.0] * 3 + [30.0] * 2, [40.0] * 10
    )
    assert BetaGeo(*CDNOW_BG).loglik(c) == pytest.approx(expanded, rel=1e-12)
    # built directly, a CompressedRFM may hold patterns with count 0: they
    # are no customers, so they are not patterns of the fit either
    direct = CompressedRFM(
        np.array([0.0, 2.0, 1.0]),
        np.array([0.0, 20.0, 10.0]),
        np.array([40.0] * 3),
        np.array([5, 0, 2]),
        None,
    )
    patterns = btyd._fit_data(direct, None, None, None, "BetaGeo.fit")
    assert patterns.x.tolist() == [0.0, 1.0]
    assert patterns.weight.tolist() == [5.0, 2.0]
    none = CompressedRFM(
        np.array([0.0, 2.0]), np.array([0.0, 20.0]), np.array([40.0] * 2), np.array([0, 0]), None
    )
    with pytest.raises(
        ValueError, match=r"^CompressedRFM\.counts must contain at least one positive count$"
    ):
        BetaGeo(*CDNOW_BG).loglik(none)


def test_model_from_dict_checks() -> None:
    model = BetaGeo(*CDNOW_BG)
    assert BetaGeo.from_dict(model.to_dict()) == model
    with pytest.raises(TypeError, match=r"^data must be a mapping \(a dict\); got list"):
        BetaGeo.from_dict([1, 2])  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=r"data holds a ParetoNBD fit, not a BetaGeo.*model_from_dict"
    ):
        BetaGeo.from_dict({"model_type": "ParetoNBD", "model": {}})
    with pytest.raises(TypeError, match=r"^data\['model'\] must be a mapping; got"):
        BetaGeo.from_dict({"model_type": "BetaGeo", "model": [1]})
    # a parameter called "model" alone is not a fit's dict: the keys are checked
    with pytest.raises(TypeError, match=r"needs exactly the keys"):
        BetaGeo.from_dict({"model": model.to_dict()})
    with pytest.raises(
        TypeError,
        match=r"^data must be a FitResult\.to_dict\(\) mapping with 'model_type' and 'model'$",
    ):
        btyd.model_from_dict({"model_type": "BetaGeo"})
    with pytest.raises(TypeError, match=r"with 'model_type' and 'model'$"):
        btyd.model_from_dict({"model": model.to_dict()})
    with pytest.raises(TypeError, match=r"with 'model_type' and 'model'$"):
        btyd.model_from_dict([("model_type", "BetaGeo")])  # type: ignore[arg-type]
    with pytest.raises(
        ValueError, match=r"^model_type must be one of \[.*'BetaGeo'.*\]; got 'Nope'"
    ):
        btyd.model_from_dict({"model_type": "Nope", "model": {}})


def test_module_attribute_error_names_the_attribute() -> None:
    with pytest.raises(AttributeError, match=r"module 'custvalue\.btyd' has no attribute 'nope'"):
        btyd.nope  # noqa: B018


_CLV = {"horizon": 12, "discount_rate": 0.01, "time_unit": 4.0}


def test_lifetime_value_type_errors_name_the_type() -> None:
    gg = GammaGamma(6.25, 3.74, 15.44)
    bg = BetaGeo(*CDNOW_BG)
    with pytest.raises(TypeError, match=r"^transaction_model must be a BetaGeo.*; got int$"):
        btyd.customer_lifetime_value(5, gg, 1, 10.0, 20.0, 10.0, **_CLV)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^spend_model must be a GammaGamma model; got BetaGeo$"):
        btyd.customer_lifetime_value(bg, bg, 1, 10.0, 20.0, 10.0, **_CLV)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# the hypergeometric wrapper, likelihood weights, conditional probabilities
# ---------------------------------------------------------------------------


def test_hyp2f1_unit_keeps_shape_and_repairs_scipy() -> None:
    # large third parameters with z near 1 make scipy's series return inf or
    # NaN; every element must still match the positive power series
    # (z <= 0.95 are summed as a series, z > 0.95 integrated)
    b = np.array([[1.0, 2.0, 0.7], [150.0, 30.0, 5.0]])
    c = np.array([[101.0, 101.0, 2.0], [151.0, 1000.0, 9.0]])
    z = np.array([[0.98, 0.93, 0.9], [0.94, 0.95, 0.999]])
    got = btyd._hyp2f1_unit(b, c, z)
    assert got.shape == (2, 3)
    for idx in np.ndindex(b.shape):
        expected = _series_2f1(float(b[idx]), float(c[idx]), float(z[idx]))
        assert got[idx] == pytest.approx(expected, rel=1e-10)


def test_hyp2f1_unit_grad_of_one_element() -> None:
    # derivatives by central differences of the power series
    b, c, z = 1.7, 3.2, 0.3
    f, f_b, f_c, f_z = btyd._hyp2f1_unit_grad(np.array([b]), np.array([c]), np.array([z]))
    h = 1e-5
    assert f[0] == pytest.approx(_series_2f1(b, c, z), rel=1e-14)
    d_b = (_series_2f1(b + h, c, z) - _series_2f1(b - h, c, z)) / (2 * h)
    d_c = (_series_2f1(b, c + h, z) - _series_2f1(b, c - h, z)) / (2 * h)
    d_z = (_series_2f1(b, c, z + h) - _series_2f1(b, c, z - h)) / (2 * h)
    # central differences with h = 1e-5: truncation and round-off near 1e-9
    assert f_b[0] == pytest.approx(d_b, rel=1e-8)
    assert f_c[0] == pytest.approx(d_c, rel=1e-8)
    assert f_z[0] == pytest.approx(d_z, rel=1e-8)


_X = [0, 2, 2, 5, 0, 2]
_TX = [0.0, 30.43, 30.43, 35.0, 0.0, 30.43]
_T = [38.86, 38.86, 38.86, 38.0, 30.0, 38.86]


@pytest.mark.parametrize("model", [BetaGeo(*CDNOW_BG), ParetoNBD(*CDNOW_PNBD)])
def test_loglik_weights_count_customers(model: BetaGeo | ParetoNBD) -> None:
    # weights are customer counts: weight 3 on a pattern is three customers
    expanded = model.loglik(_X, _TX, _T)
    weighted = model.loglik(
        [0, 2, 5, 0], [0.0, 30.43, 35.0, 0.0], [38.86, 38.86, 38.0, 30.0], weights=[1, 3, 1, 1]
    )
    assert weighted == pytest.approx(expanded, rel=1e-12)
    with pytest.raises(
        TypeError, match=rf"^{type(model).__name__}\.loglik: pass a CompressedRFM alone"
    ):
        model.loglik(_compressed(), [0.0] * 4)


@pytest.mark.parametrize(
    ("model", "top"), [(BetaGeo(*CDNOW_BG), 300), (ParetoNBD(*CDNOW_PNBD), 300)]
)
def test_conditional_pmf_mean_and_names(model: BetaGeo | ParetoNBD, top: int) -> None:
    n = np.arange(top + 1)
    pmf = np.asarray(model.conditional_p_purchases(n, 39.0, 2, 30.43, 38.86))
    assert math.fsum(pmf) == pytest.approx(1.0, abs=1e-9)
    mean = float(model.conditional_expected_purchases(39.0, 2, 30.43, 38.86))
    assert math.fsum(n * pmf) == pytest.approx(mean, rel=1e-8)
    idx = ["ann", "bob"]
    freq = pd.Series([2, 0], index=idx)
    got = model.conditional_p_purchases(
        1, 39.0, freq, pd.Series([30.43, 0.0], index=idx), pd.Series([38.86, 38.86], index=idx)
    )
    assert isinstance(got, pd.Series)
    assert got.name == "conditional_p_purchases"
    assert list(got.index) == idx
    assert got["ann"] == pytest.approx(pmf[1], rel=1e-12)
    by_n = model.conditional_p_purchases(pd.Series([0, 1], index=["a", "b"]), 39.0, 2, 30.43, 38.86)
    assert isinstance(by_n, pd.Series)
    assert by_n.name == "conditional_p_purchases"
    by_t = model.conditional_p_purchases(
        1, pd.Series([39.0, 0.0], index=["a", "b"]), 2, 30.43, 38.86
    )
    assert isinstance(by_t, pd.Series)
    assert by_t.to_list() == pytest.approx([pmf[1], 0.0], rel=1e-12)
    with pytest.raises(ValueError, match=r"^n must be >= 0; got -1"):
        model.p_purchases(-1, 39.0)
    with pytest.raises(TypeError, match=r"^n must be numeric"):
        model.p_purchases(["a"], 39.0)
    with pytest.raises(ValueError, match=r"^frequency must be >= 0; got -1 at label 'bob'"):
        model.conditional_p_purchases(
            1,
            39.0,
            pd.Series([2, -1], index=idx),
            pd.Series([30.43, 0.0], index=idx),
            pd.Series([38.86, 38.86], index=idx),
        )


# ---------------------------------------------------------------------------
# gamma-gamma: the posterior mean by quadrature
# ---------------------------------------------------------------------------


def _gg_posterior_mean(p: float, q: float, v: float, x: int, m: float) -> float:
    """E[p / nu | x spends of mean m], nu ~ Gamma(q, v), by quadrature over nu."""
    from scipy import integrate

    def kernel(nu: float, power: float) -> float:
        # prior nu^(q-1) e^(-v nu) times the likelihood nu^(p x) e^(-nu x m), scaled
        return math.exp((q - 1.0 + p * x + power) * math.log(nu) - nu * (v + x * m))

    top = integrate.quad(kernel, 0.0, math.inf, args=(-1.0,), epsabs=0.0, epsrel=1e-12)[0]
    bottom = integrate.quad(kernel, 0.0, math.inf, args=(0.0,), epsabs=0.0, epsrel=1e-12)[0]
    return p * top / bottom


def test_gamma_gamma_conditional_mean_by_quadrature() -> None:
    p, q, v = 6.25, 3.74, 15.44  # Fader, Hardie and Lee (2005), CDNOW
    gg = GammaGamma(p, q, v)
    freq = pd.Series([2, 1, 4], index=["a", "b", "c"])
    spend = pd.Series([0.5, 1.0, 30.0], index=["a", "b", "c"])
    got = gg.conditional_expected_value(freq, spend)
    assert isinstance(got, pd.Series)
    assert got.name == "conditional_expected_value"
    for label, x, m in [("a", 2, 0.5), ("b", 1, 1.0), ("c", 4, 30.0)]:
        assert got[label] == pytest.approx(_gg_posterior_mean(p, q, v, x, m), rel=1e-9)
    by_freq = gg.conditional_expected_value(freq, 0.5)
    assert isinstance(by_freq, pd.Series)
    by_spend = gg.conditional_expected_value(2, spend)
    assert isinstance(by_spend, pd.Series)
    with pytest.raises(ValueError, match=r"^frequency must be >= 0; got -1 at label 'b'"):
        gg.conditional_expected_value(pd.Series([1, -1], index=["a", "b"]), 10.0)
    with pytest.raises(ValueError, match=r"^frequency must contain whole numbers; got 1\.5"):
        gg.conditional_expected_value(1.5, 10.0)
    with pytest.raises(ValueError, match=r"^monetary_value must be >= 0; got -2"):
        gg.conditional_expected_value(1, -2.0)
    with pytest.raises(TypeError, match=r"^frequency must be numeric"):
        gg.conditional_expected_value(["a"], 10.0)
    with pytest.raises(TypeError, match=r"^monetary_value must be numeric"):
        gg.conditional_expected_value(1, ["a"])


def test_gamma_gamma_fit_checks() -> None:
    with pytest.raises(ValueError, match=r"monetary_value is 5 for every customer"):
        GammaGamma.fit([2], [5.0])
    with pytest.raises(ValueError, match=r"^frequency must be >= 1.*repeat buyers"):
        GammaGamma.fit([0, 2], [5.0, 7.0])
    with pytest.raises(ValueError, match=r"^frequency must contain whole numbers"):
        GammaGamma.fit([1.5, 2], [5.0, 7.0])
    with pytest.raises(TypeError, match=r"^frequency must be numeric"):
        GammaGamma.fit(["a", "b"], [5.0, 7.0])
    with pytest.raises(TypeError, match=r"^monetary_value must be numeric"):
        GammaGamma.fit([1, 2], ["a", "b"])
    with pytest.raises(ValueError, match=r"^frequency"):
        GammaGamma.fit([[1, 2]], [[5.0, 7.0]])
    with pytest.raises(ValueError, match=r"^weights must be >= 0; got -1 at label 'b'"):
        GammaGamma.fit(
            pd.Series([1, 2, 3], index=["a", "b", "c"]),
            pd.Series([5.0, 7.0, 9.0], index=["a", "b", "c"]),
            weights=[1, -1, 1],
        )


def test_sbg_expected_lifetime_and_patterns() -> None:
    # alpha = 2, beta = 1: S(t) = 2 / ((t + 1)(t + 2)), a telescoping sum equal to 2
    total = sum((Fraction(2, (t + 1) * (t + 2)) for t in range(10_000)), Fraction(0))
    assert Fraction(2) - total == Fraction(2, 10_001)  # the tail left out
    assert ShiftedBetaGeometric(2.0, 1.0).expected_lifetime() == pytest.approx(2.0, rel=1e-15)
    assert _fit().n_patterns == 8  # eight counts of one cohort


def test_lifetime_value_batch_equals_one_at_a_time() -> None:
    bg, gg = BetaGeo(*CDNOW_BG), GammaGamma(6.25, 3.74, 15.44)
    # two ages T, with frequencies crossing them (pattern keys must not collide)
    x, tx, age, spend = (
        [2, 0, 5, 2],
        [20.0, 0.0, 30.0, 25.0],
        [30.0, 38.0, 38.0, 38.0],
        [30.0, 0.0, 20.0, 45.0],
    )
    batch = np.asarray(btyd.customer_lifetime_value(bg, gg, x, tx, age, spend, **_CLV))
    alone = [
        float(btyd.customer_lifetime_value(bg, gg, x[i], tx[i], age[i], spend[i], **_CLV))
        for i in range(4)
    ]
    np.testing.assert_allclose(batch, alone, rtol=1e-12)
    labels = ["a", "b", "c", "d"]
    by_spend = btyd.customer_lifetime_value(
        bg, gg, x, tx, age, pd.Series(spend, index=labels), **_CLV
    )
    assert isinstance(by_spend, pd.Series)
    assert by_spend.name == "clv"
    assert list(by_spend.index) == labels
    by_freq = btyd.customer_lifetime_value(
        bg, gg, pd.Series(x, index=labels), tx, age, spend, **_CLV
    )
    assert isinstance(by_freq, pd.Series)
    assert by_freq.name == "clv"
    np.testing.assert_allclose(by_freq.to_numpy(), alone, rtol=1e-12)


def _richardson(func: Callable[[float], float], x: float, h: float) -> float:
    """Derivative by central differences at steps h and h/2, extrapolated (error O(h^4))."""
    wide = (func(x + h) - func(x - h)) / (2 * h)
    narrow = (func(x + h / 2) - func(x - h / 2)) / h
    return (4 * narrow - wide) / 3


def test_hyp2f1_unit_grad_across_the_three_routes() -> None:
    # z <= 0.5 and 0.5 < z <= 0.95: the series with its derivatives term by
    # term; z > 0.95: values from the integral and central differences
    b = np.array([[1.7, 0.6, 40.0], [3.0, 120.0, 2.5]])
    c = np.array([[3.2, 2.0, 41.5], [3.4, 121.0, 6.0]])
    z = np.array([[0.3, 0.8, 0.93], [0.97, 0.6, 0.99]])
    f, f_b, f_c, f_z = btyd._hyp2f1_unit_grad(b, c, z)
    assert f.shape == f_b.shape == f_c.shape == f_z.shape == (2, 3)
    for idx in np.ndindex(b.shape):
        bb, cc, zz = float(b[idx]), float(c[idx]), float(z[idx])
        d_b = _richardson(lambda v, cc=cc, zz=zz: _series_2f1(v, cc, zz), bb, 1e-3)
        d_c = _richardson(lambda v, bb=bb, zz=zz: _series_2f1(bb, v, zz), cc, 1e-3)
        d_z = _richardson(
            lambda v, bb=bb, cc=cc: _series_2f1(bb, cc, v), zz, 1e-3 * min(zz, 1.0 - zz)
        )
        # the reference is good to ~1e-12; the series routes differentiate
        # term by term (exact to rounding), the integral route takes central
        # differences of values of relative accuracy 1e-12 over steps near
        # 1e-5 (~1e-7)
        tol = 1e-6 if zz > 0.95 else 1e-11
        assert f[idx] == pytest.approx(_series_2f1(bb, cc, zz), rel=1e-12)
        assert f_b[idx] == pytest.approx(d_b, rel=tol)
        assert f_c[idx] == pytest.approx(d_c, rel=tol)
        assert f_z[idx] == pytest.approx(d_z, rel=tol)


def test_spend_fit_drops_zero_weights_before_its_checks() -> None:
    # with the weight-0 customer left out every spend is 5: no maximum
    with pytest.raises(ValueError, match=r"monetary_value is 5 for every customer"):
        GammaGamma.fit([1, 2, 3], [5.0, 5.0, 7.0], weights=[1, 1, 0])
    with pytest.raises(ValueError, match=r"^monetary_value"):
        GammaGamma.fit([1, 2], [[5.0, 7.0]])


def test_sbg_losses_spread_over_two_periods_are_not_first_period_churn() -> None:
    # half leave in period 1, the rest in period 2: the maximum lies where
    # the churn probability is common to all (a boundary), reported as a
    # flat likelihood, not as "every customer churned in the first period"
    with pytest.warns(ConvergenceWarning, match="not positive definite"):
        ShiftedBetaGeometric.fit([100, 50, 0])


# ---------------------------------------------------------------------------
# P(alive) of BG/NBD for very large frequencies (the direct branch above 1e7)
# ---------------------------------------------------------------------------


def _p_alive_decimal(
    r: float, alpha: float, a: float, b: float, x: int, tx: float, T: float
) -> float:
    """Fader, Hardie and Lee (2005), eq. (13), in 50-digit decimal arithmetic."""
    from decimal import MAX_EMAX, MIN_EMIN, Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec, ctx.Emax, ctx.Emin = 50, MAX_EMAX, MIN_EMIN
        d = Decimal
        ratio = (d(alpha) + d(T)) / (d(alpha) + d(tx))
        power = ((d(r) + d(x)) * ratio.ln()).exp()
        odds = d(a) / (d(b) + d(x) - 1) * power
        return float(1 / (1 + odds))


@pytest.mark.parametrize("x", [10_000_000, 10_000_001, 25_000_000])
def test_p_alive_of_huge_frequencies_matches_the_published_formula(x: int) -> None:
    from custvalue.btyd import BetaGeo

    model = BetaGeo(0.243, 4.414, 0.793, 2.426)
    # recency within 1e-4 of T keeps the probability away from 0 and 1; the
    # fourth customer's probability underflows (the formula gives e^-1.8e6)
    tx = np.array([38.86 - 5e-5, 38.86 - 8e-5, 38.86 - 2e-5, 30.0])
    T = np.full(4, 38.86)
    got = model.p_alive(np.full(4, float(x)), tx, T)
    expected = [_p_alive_decimal(0.243, 4.414, 0.793, 2.426, x, t, 38.86) for t in tx]
    # (r + x) times the rounding of t_x amplifies float error: rtol 1e-6
    np.testing.assert_allclose(got[:3], expected[:3], rtol=1e-6)
    assert expected[3] == 0.0
    assert got[3] < 1e-290


# ---------------------------------------------------------------------------
# degenerate data: the full documented messages (argument, rule, reason)
# ---------------------------------------------------------------------------


def _exactly(message: str) -> str:
    """A pattern matching the whole of ``message`` and nothing else."""
    return "^" + re.escape(message) + "$"


@pytest.mark.parametrize("cls", [BetaGeo, ParetoNBD])
def test_unidentifiable_summaries_are_refused_with_the_reason(
    cls: type[BetaGeo] | type[ParetoNBD],
) -> None:
    who = f"{cls.__name__}.fit"
    with pytest.raises(
        ValueError,
        match=_exactly(
            f"{who}: every customer has T = 0 (first seen at the end of observation), so the "
            "likelihood is 1 whatever the parameters (flat): there is nothing to fit"
        ),
    ):
        cls.fit([0, 0], [0.0, 0.0], [0.0, 0.0])
    with pytest.raises(
        ValueError,
        match=_exactly(
            f"{who}: no customer made a repeat purchase (frequency is 0 for all 3), so the "
            "likelihood has no maximum: it keeps rising as the purchase rate runs to 0"
        ),
    ):
        cls.fit([0, 0, 0], [0.0, 0.0, 0.0], [10.0, 20.0, 30.0])
    one_pattern = (
        f"{who}: all 5 customers share one pattern (frequency 2, recency 20.5, T 40); one "
        "pattern cannot identify four parameters (the likelihood has no unique maximum)"
    )
    with pytest.raises(ValueError, match=_exactly(one_pattern)):
        cls.fit([2, 2], [20.5, 20.5], [40.0, 40.0], weights=[2, 3])
    # a customer of weight 0 stands for nobody: her pattern is no pattern of the fit
    with pytest.raises(ValueError, match=_exactly(one_pattern)):
        cls.fit([2, 3, 2], [20.5, 30.0, 20.5], [40.0, 40.0, 40.0], weights=[2, 0, 3])
    with pytest.raises(
        ValueError,
        match=_exactly(
            f"{who}: recency equals T for every customer (each bought at the end of observation), "
            "so nobody has been silent and dropout is not identified: the likelihood keeps "
            "rising as the dropout probability runs to 0"
        ),
    ):
        cls.fit([2, 3], [20.0, 30.0], [20.0, 30.0])
    with pytest.raises(TypeError, match=rf"^{who}: pass a CompressedRFM alone"):
        cls.fit(_compressed(), [1.0] * 4)


def test_fits_record_their_penalty() -> None:
    from custvalue.datasets import simulate_beta_geo, simulate_spend

    sim = simulate_beta_geo(500, BetaGeo(0.4, 8.0, 0.9, 2.0), T=40.0, rng=8)
    assert BetaGeo.fit(sim.frequency, sim.recency, sim.T, l2_penalty=0.125).l2_penalty == 0.125
    assert BetaGeo.fit(sim.frequency, sim.recency, sim.T).l2_penalty == 0.0
    x = [1, 2, 3, 4, 5] * 200
    spend = simulate_spend(x, GammaGamma(6.0, 4.0, 15.0), rng=3)
    assert GammaGamma.fit(x, spend, l2_penalty=0.01).l2_penalty == 0.01


def test_sbg_unidentifiable_survivors_full_messages() -> None:
    with pytest.raises(
        ValueError,
        match=_exactly(
            "survivors: no customer churned (1000 at the start, all still active), so the "
            "likelihood has no maximum: it keeps rising as the churn probability runs to 0 "
            "(the maximum is on the boundary)"
        ),
    ):
        ShiftedBetaGeometric.fit([1000, 1000, 1000])
    with pytest.raises(
        ValueError,
        match=_exactly(
            "survivors: one period of renewals identifies only the mean churn probability "
            "alpha/(alpha+beta) = 0.369, not alpha and beta (the likelihood is flat along that "
            "ratio); give the survivors of at least two periods"
        ),
    ):
        ShiftedBetaGeometric.fit([1000, 631])
    with pytest.raises(
        ValueError,
        match=_exactly(
            "survivors: every customer churned in the first period, so the likelihood has no "
            "maximum: it keeps rising as the churn probability runs to 1 (the maximum is on the "
            "boundary)"
        ),
    ):
        ShiftedBetaGeometric.fit([100, 0, 0])


def test_sbg_losses_only_after_the_first_period_are_losses() -> None:
    # one cohort, nobody leaves in period 1, 150 later: customers were lost,
    # so this is no "no customer churned" error; the sBG churn hazard only
    # falls over time, so the maximum lies on the boundary (a warning)
    with pytest.warns(ConvergenceWarning):
        fit = ShiftedBetaGeometric.fit([1000, 1000, 900, 850])
    assert not fit.converged


def test_gamma_gamma_degenerate_spend_full_messages() -> None:
    from custvalue.datasets import simulate_spend
    from custvalue.exceptions import DegenerateDataWarning

    with pytest.raises(
        ValueError,
        match=_exactly(
            "monetary_value is 5 for every customer: with identical spends the gamma-gamma "
            "likelihood has no maximum (the spread of spend shrinks to 0 as p and q grow without "
            "bound); the model needs customers whose spends differ"
        ),
    ):
        GammaGamma.fit([1, 2, 3], [5.0, 5.0, 5.0])
    x = [1, 2, 3, 4, 5] * 100
    heavy = simulate_spend(x, GammaGamma(2.0, 0.6, 15.0), rng=1)
    with pytest.warns(DegenerateDataWarning) as record:
        fit = GammaGamma.fit(x, heavy)
    q = fit.params["q"]
    assert q < 1.0
    assert str(record[0].message) == (
        f"GammaGamma.fit: fitted q = {q:.4g} <= 1, so the population mean spend p*v/(q-1) "
        "is infinite; conditional_expected_value is defined only where p*x + q > 1"
    )
    # q between 1 and 2: a finite mean, no warning
    moderate = simulate_spend(x, GammaGamma(2.0, 1.5, 15.0), rng=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DegenerateDataWarning)
        fit = GammaGamma.fit(x, moderate)
    assert 1.0 < fit.params["q"] < 2.0


def test_from_dict_messages_name_the_way_out() -> None:
    with pytest.raises(
        TypeError,
        match=_exactly(
            "data holds a ParetoNBD fit, not a BetaGeo; use custvalue.btyd.model_from_dict to "
            "rebuild any model"
        ),
    ):
        BetaGeo.from_dict({"model_type": "ParetoNBD", "model": {}})
    with pytest.raises(TypeError, match=_exactly("data['model'] must be a mapping; got list")):
        BetaGeo.from_dict({"model_type": "BetaGeo", "model": [1]})


# ---------------------------------------------------------------------------
# standard errors: the observed information in closed form (trigamma)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("penalty", [0.0, 0.5])
def test_sbg_standard_errors_match_the_closed_form_information(penalty: float) -> None:
    # standard errors come from the observed information of the log-likelihood
    # (without the penalty) at the estimate, by the delta method from the
    # log-parameters: est_i * sqrt(inv(-H_log)_ii)
    from scipy import special

    survivors = [1000, 631, 468, 382, 326, 289, 262, 241]
    fit = ShiftedBetaGeometric.fit(survivors, l2_penalty=penalty)
    alpha, beta = fit.params["alpha"], fit.params["beta"]

    def d1_log_beta(x: float, y: float) -> np.ndarray:
        # first derivatives of ln B(x, y): psi(x) - psi(x+y), psi(y) - psi(x+y)
        d_xy = float(special.digamma(x + y))
        return np.array([float(special.digamma(x)) - d_xy, float(special.digamma(y)) - d_xy])

    def d2_log_beta(x: float, y: float) -> np.ndarray:
        # second derivatives of ln B(x, y): psi'(x) - psi'(x+y), -psi'(x+y), psi'(y) - psi'(x+y)
        t_xy = float(special.polygamma(1, x + y))
        t_x, t_y = float(special.polygamma(1, x)), float(special.polygamma(1, y))
        return np.array([[t_x - t_xy, -t_xy], [-t_xy, t_y - t_xy]])

    # ln L = sum_t n_t ln B(alpha+1, beta+t-1) + n_left ln B(alpha, beta+k) - n0 ln B(alpha, beta)
    terms = [(-survivors[0], alpha, beta)]
    terms += [
        (survivors[t - 1] - survivors[t], alpha + 1.0, beta + t - 1.0)
        for t in range(1, len(survivors))
    ]
    terms.append((survivors[-1], alpha, beta + len(survivors) - 1.0))
    grad = sum((n * d1_log_beta(x, y) for n, x, y in terms), np.zeros(2))
    hess = sum((n * d2_log_beta(x, y) for n, x, y in terms), np.zeros((2, 2)))
    est = np.array([alpha, beta])
    # in the log-parameters: H_log = diag(est) H diag(est) + diag(est * grad)
    hess_log = np.outer(est, est) * hess + np.diag(est * grad)
    expected = est * np.sqrt(np.diag(np.linalg.inv(-hess_log)))
    # the fit's Hessian is taken by differences of the exact gradient where the
    # quasi-Newton stage stopped (within 1e-3 of the optimum in the
    # log-parameters, then polished): relative error of that order times the
    # third derivative, here 1.4e-5
    assert fit.std_errors["alpha"] == pytest.approx(expected[0], rel=1e-4)
    assert fit.std_errors["beta"] == pytest.approx(expected[1], rel=1e-4)
    if penalty == 0.0:
        np.testing.assert_allclose(grad, 0.0, atol=1e-6)  # a maximum of ln L itself


def test_maximise_refuses_a_likelihood_that_is_nowhere_finite() -> None:
    from custvalue.exceptions import ConvergenceError

    def nowhere(theta: np.ndarray) -> tuple[float, np.ndarray]:
        return math.nan, np.zeros_like(theta)

    with pytest.raises(
        ConvergenceError,
        match=r"^maximum likelihood failed: the log-likelihood is not finite at the "
        r"optimiser's last point after 0 iterations \(.+\)$",
    ):
        btyd._maximise(nowhere, np.zeros(2), scale=1.0, l2_penalty=0.0)


# ---------------------------------------------------------------------------
# the pilot fit of large bases: whatever the sample gives, the full-data maximum
# ---------------------------------------------------------------------------


def _large_patterns() -> btyd._Patterns:
    n = btyd._PILOT_MIN + 1
    k = np.arange(n, dtype=np.float64)
    x = (k % 97) * 0.01
    weight = 1.0 + (k % 5)
    return btyd._Patterns(x, np.zeros(n), np.ones(n), weight, round(float(weight.sum())))


def _weighted_mean_objective(sample: str) -> Callable[[btyd._Patterns], btyd.Objective]:
    """ln L = -sum w (theta - x)^2 / 2 on all patterns (maximum: the weighted mean of x).

    On a sample (fewer patterns than the pilot threshold) the likelihood is
    instead ``sample``: "nan" (not finite anywhere), "flat" (zero), or the
    same quadratic.
    """

    def make(p: btyd._Patterns) -> btyd.Objective:
        on_sample = p.x.size <= btyd._PILOT_MIN

        def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
            if on_sample and sample == "nan":
                return math.nan, np.zeros_like(theta)
            if on_sample and sample == "flat":
                return 0.0, np.zeros_like(theta)
            d = theta[0] - p.x
            return -0.5 * float(p.weight @ (d * d)), np.array([-float(p.weight @ d)])

        return objective

    return make


@pytest.mark.parametrize("sample", ["nan", "flat", "same"])
def test_pilot_fit_reaches_the_full_data_maximum(sample: str) -> None:
    p = _large_patterns()
    mean = math.fsum(p.weight * p.x) / math.fsum(p.weight)
    opt = btyd._maximise_patterns(
        _weighted_mean_objective(sample), p, np.array([3.0]), l2_penalty=0.0
    )
    assert opt.theta[0] == pytest.approx(mean, rel=1e-12)
    assert opt.converged
    # the Hessian of ln L is -sum(w) exactly
    assert opt.hessian[0, 0] == pytest.approx(-math.fsum(p.weight), rel=1e-6)


# ---------------------------------------------------------------------------
# BG/NBD objective without repeat buyers; E[Y(t) | x, t_x, T] by quadrature
# ---------------------------------------------------------------------------


def test_bgnbd_gradient_without_repeat_buyers() -> None:
    # x = 0: L = (alpha / (alpha + T))^r (Fader, Hardie and Lee 2005, eq. 6),
    # free of a and b; in the log-parameters the gradient is
    # (r ln(alpha/(alpha+T)), r T/(alpha+T), 0, 0) per customer
    T = np.array([10.0, 25.0, 38.0])
    w = np.array([2.0, 1.0, 3.0])
    p = btyd._Patterns(np.zeros(3), np.zeros(3), T, w, 6)
    r, alpha, a, b = 0.7, 3.0, 1.3, 2.2
    ll, grad = btyd._bgnbd_objective(p)(np.log([r, alpha, a, b]))
    assert ll == pytest.approx(math.fsum(w * r * np.log(alpha / (alpha + T))), rel=1e-13)
    assert grad[0] == pytest.approx(math.fsum(w * r * np.log(alpha / (alpha + T))), rel=1e-13)
    assert grad[1] == pytest.approx(math.fsum(w * r * T / (alpha + T)), rel=1e-13)
    assert grad[2] == pytest.approx(0.0, abs=1e-12)
    assert grad[3] == pytest.approx(0.0, abs=1e-12)


def _bg_conditional_mean_by_quadrature(
    r: float, alpha: float, a: float, b: float, t: float, x: int, tx: float, T: float
) -> float:
    """E[Y(t) | x, t_x, T] of the BG/NBD by quadrature over the dropout probability p.

    Alive at T with (lambda, p), a customer expects (1 - e^(-lambda p t)) / p
    purchases in (T, T + t]. Integrating lambda ~ Gamma(r, alpha) against the
    likelihood lambda^x e^(-lambda T) (alive) or p lambda^x e^(-lambda t_x)
    (dropped out after the last purchase), common factors cancel, leaving
    integrals over p ~ Beta(a, b) done by quadrature with the Beta weight.
    """
    from scipy import integrate

    k = r + x
    opts: dict[str, object] = {"weight": "alg", "wvar": (a - 1.0, b - 1.0), "epsabs": 0.0}

    def gain(p: float) -> float:
        # (1 - p)^x [1 - ((alpha + T) / (alpha + T + p t))^(r + x)] / p, at p = 0 its limit
        if p == 0.0:
            return k * t / (alpha + T)
        return (1.0 - p) ** x * -math.expm1(-k * math.log1p(p * t / (alpha + T))) / p

    def alive(p: float) -> float:
        return (1.0 - p) ** x

    def dead(p: float) -> float:
        return p * (1.0 - p) ** (x - 1) * ((alpha + T) / (alpha + tx)) ** k

    top = integrate.quad(gain, 0.0, 1.0, epsrel=1e-12, **opts)[0]  # type: ignore[arg-type]
    bottom = integrate.quad(alive, 0.0, 1.0, epsrel=1e-12, **opts)[0]  # type: ignore[arg-type]
    if x > 0:
        bottom += integrate.quad(dead, 0.0, 1.0, epsrel=1e-12, **opts)[0]  # type: ignore[arg-type]
    return top / bottom


def test_bg_conditional_expected_purchases_by_quadrature() -> None:
    r, alpha, a, b = CDNOW_BG
    model = BetaGeo(r, alpha, a, b)
    labels = ["ann", "bob", "cy", "dee"]
    x = pd.Series([0, 1, 2, 7], index=labels)
    tx = pd.Series([0.0, 1.71, 30.43, 35.0], index=labels)
    age = pd.Series([38.86, 38.86, 38.86, 38.0], index=labels)
    got = model.conditional_expected_purchases(39.0, x, tx, age)
    assert isinstance(got, pd.Series)
    assert got.name == "conditional_expected_purchases"
    assert list(got.index) == labels
    for label in labels:
        expected = _bg_conditional_mean_by_quadrature(
            r, alpha, a, b, 39.0, int(x[label]), float(tx[label]), float(age[label])
        )
        assert got[label] == pytest.approx(expected, rel=1e-9)


# ---------------------------------------------------------------------------
# large bases: compressed into patterns only where patterns repeat
# ---------------------------------------------------------------------------


def _pattern_weights(
    x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray
) -> dict[tuple[float, float, float], float]:
    """Total weight of each distinct (x, t_x, T) with positive weight, by a dict."""
    out: dict[tuple[float, float, float], float] = {}
    for key, weight in zip(
        zip(x.tolist(), tx.tolist(), T.tolist(), strict=True), w.tolist(), strict=True
    ):
        out[key] = out.get(key, 0.0) + weight
    return {key: weight for key, weight in out.items() if weight > 0}


def _customers(n: int, *, continuous: bool) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(11)
    x = rng.integers(0, 4, n).astype(np.float64)
    T = rng.integers(40, 53, n).astype(np.float64)
    last = rng.uniform(0.0, 1.0, n) * T
    tx = np.where(x > 0, last if continuous else np.floor(last), 0.0)
    w = 1.0 + (np.arange(n) % 3)
    w[::7] = 0.0
    return x, tx, T, w


@pytest.mark.parametrize("n", [btyd._COMPRESS_ALWAYS, btyd._COMPRESS_ALWAYS + 10_000])
def test_compression_keeps_the_rows_where_patterns_do_not_repeat(n: int) -> None:
    x, tx, T, w = _customers(n, continuous=True)
    p = btyd._compress_if_it_pays(x, tx, T, w)
    assert p.n_customers == round(math.fsum(w))
    expected = _pattern_weights(x, tx, T, w)
    if n <= btyd._COMPRESS_ALWAYS:
        # small bases are always compressed: one row per distinct pattern
        assert p.x.size == len(expected)
        got = {(a, b, c): d for a, b, c, d in zip(p.x, p.tx, p.T, p.weight, strict=True)}
        assert got == pytest.approx(expected, rel=1e-15)
    else:
        # nearly every customer is distinct: the rows of positive weight, in order
        keep = w > 0
        for got_col, col in ((p.x, x), (p.tx, tx), (p.T, T), (p.weight, w)):
            np.testing.assert_array_equal(got_col, col[keep])
        # with no weight 0 the rows are kept as they are
        ones = np.ones(n)
        q = btyd._compress_if_it_pays(x, tx, T, ones)
        for got_col, col in ((q.x, x), (q.tx, tx), (q.T, T), (q.weight, ones)):
            np.testing.assert_array_equal(got_col, col)
        assert q.n_customers == n


def test_compression_of_a_large_base_of_period_data() -> None:
    # whole-period recency: few distinct patterns, so they are compressed
    x, tx, T, w = _customers(btyd._COMPRESS_ALWAYS + 10_000, continuous=False)
    p = btyd._compress_if_it_pays(x, tx, T, w)
    expected = _pattern_weights(x, tx, T, w)
    assert p.x.size == len(expected)
    got = {(a, b, c): d for a, b, c, d in zip(p.x, p.tx, p.T, p.weight, strict=True)}
    assert got == pytest.approx(expected, rel=1e-15)
    assert p.n_customers == round(math.fsum(w))


def test_bg_conditional_expected_purchases_pairs_the_horizon_by_label() -> None:
    r, alpha, a, b = CDNOW_BG
    model = BetaGeo(r, alpha, a, b)
    labels = ["ann", "bob", "cy"]
    x = pd.Series([1, 2, 7], index=labels)
    tx = pd.Series([1.71, 30.43, 35.0], index=labels)
    age = pd.Series([38.86, 38.86, 38.0], index=labels)
    # horizons per customer, given in another order: paired by label
    t = pd.Series([5.0, 39.0, 20.0], index=["cy", "ann", "bob"])
    got = model.conditional_expected_purchases(t, x, tx, age)
    assert isinstance(got, pd.Series)
    assert got.name == "conditional_expected_purchases"
    assert list(got.index) == labels
    for label in labels:
        expected = _bg_conditional_mean_by_quadrature(
            r, alpha, a, b, float(t[label]), int(x[label]), float(tx[label]), float(age[label])
        )
        assert got[label] == pytest.approx(expected, rel=1e-9)
    # a Series horizon alone gives a Series on its index
    by_t = model.conditional_expected_purchases(t, 2, 30.43, 38.86)
    assert isinstance(by_t, pd.Series)
    assert by_t.name == "conditional_expected_purchases"
    assert list(by_t.index) == ["cy", "ann", "bob"]
    assert by_t["bob"] == pytest.approx(got["bob"], rel=1e-12)
    with pytest.raises(ValueError, match=r"^t must be >= 0; got -1 at label 'bob'"):
        model.conditional_expected_purchases(pd.Series([39.0, -1.0, 5.0], index=labels), x, tx, age)


@pytest.mark.parametrize("t", [39.0, [0.0, 39.0, 78.0], [[10.0, 20.0], [30.0, 40.0]]])
def test_bg_expected_purchases_is_the_mean_of_the_pmf(t: object) -> None:
    model = BetaGeo(*CDNOW_BG)
    got = model.expected_purchases(t)
    tt = np.asarray(t, dtype=np.float64)
    assert np.shape(got) == tt.shape
    n = np.arange(700)
    for idx in np.ndindex(tt.shape):
        pmf = np.asarray(model.p_purchases(n, float(tt[idx])))
        assert np.asarray(got)[idx] == pytest.approx(math.fsum(n * pmf), rel=1e-10, abs=1e-15)
    if tt.ndim == 0:
        assert isinstance(got, float)
    series = model.expected_purchases(pd.Series([39.0, 0.0], index=["a", "b"]))
    assert isinstance(series, pd.Series)
    assert series.name == "expected_purchases"
    assert list(series.index) == ["a", "b"]


# ---------------------------------------------------------------------------
# the optimiser's Newton polish: singular Hessians and steps that do not help
# ---------------------------------------------------------------------------


def test_maximise_with_a_direction_the_likelihood_does_not_depend_on() -> None:
    # ln L = 2 theta_0 - e^theta_0, free of theta_1: maximum at theta_0 = ln 2,
    # theta_1 stays where it started and the Hessian is singular
    def flat(theta: np.ndarray) -> tuple[float, np.ndarray]:
        return 2.0 * theta[0] - math.exp(theta[0]), np.array([2.0 - math.exp(theta[0]), 0.0])

    opt = btyd._maximise(flat, np.array([3.0, 0.5]), scale=1.0, l2_penalty=0.0)
    # the gradient tolerance 1e-6 bounds the distance to ln 2 by about 1e-6 / 2
    assert opt.theta[0] == pytest.approx(math.log(2.0), abs=1e-6)
    assert opt.theta[1] == 0.5
    assert opt.hessian[1, 1] == 0.0
    assert opt.hessian[0, 0] == pytest.approx(-2.0, rel=1e-6)


@pytest.mark.parametrize("centre", [0.3, math.pi / 10])
def test_maximise_keeps_its_point_when_a_newton_step_does_not_help(centre: float) -> None:
    # a peak of width 1e-6, far narrower than the Hessian's difference step:
    # the Newton step from the quasi-Newton point overshoots and is refused,
    # or (where that point is already within 1e-15) is below 1e-12 and not taken
    width = 1e-6

    def sharp(theta: np.ndarray) -> tuple[float, np.ndarray]:
        d = theta[0] - centre
        root = math.sqrt(width * width + d * d)
        return -root, np.array([-d / root])

    opt = btyd._maximise(sharp, np.array([2.0]), scale=1.0, l2_penalty=0.0)
    assert abs(opt.theta[0] - centre) < 1e-9
    # converged means: largest gradient component below 1e-6 where it stopped
    assert opt.converged == (abs(sharp(opt.theta)[1][0]) < 1e-6)
    # the reported log-likelihood is that of the returned point
    assert opt.loglik == sharp(opt.theta)[0]


def test_pareto_nbd_fit_reports_the_loglik_of_its_model() -> None:
    from custvalue.datasets import simulate_beta_geo

    # BG/NBD data: the Pareto/NBD likelihood is flat near its maximum (a
    # warning), where the Newton polish refuses its last step
    sim = simulate_beta_geo(500, BetaGeo(0.4, 8.0, 0.9, 2.0), T=40.0, rng=8)
    with pytest.warns(ConvergenceWarning):
        fit = ParetoNBD.fit(sim.frequency, sim.recency, sim.T)
    again = fit.model.loglik(sim.frequency, sim.recency, sim.T)
    # the parameters round-trip through exp and log: at the maximum that moves
    # the log-likelihood by far less than 1e-9
    assert fit.loglik == pytest.approx(again, abs=1e-9)
    # the optimiser's account: iterations and its reason for stopping
    assert isinstance(fit.iterations, int)
    assert fit.iterations > 0
    assert re.search(
        rf"largest gradient component \S+ after {fit.iterations} iterations"
        r"( \(optimiser stopped: .+\))?$",
        fit.message,
    )


def test_gamma_gamma_rule_holds_at_equality() -> None:
    # p = q = 1/2: p x + q - 1 is exactly 0 at x = 1 (no finite mean) and 1/2 at
    # x = 2, where E[Z | x, m] = p (v + x m) / (p x + q - 1) = (10 + 40) exactly
    gg = GammaGamma(0.5, 0.5, 10.0)
    with pytest.raises(
        ValueError, match=_exactly("frequency must satisfy p*x + q > 1 (q = 0.5); got 1")
    ):
        gg.conditional_expected_value(1, 20.0)
    assert gg.conditional_expected_value(2, 20.0) == 50.0


# ---------------------------------------------------------------------------
# fit results: information that is not positive definite is never "converged"
# ---------------------------------------------------------------------------


def _sbg_fit_result(
    model: ShiftedBetaGeometric, optimum: btyd._Optimum
) -> btyd.FitResult[ShiftedBetaGeometric]:
    """The fit result of an sBG optimum for 10 customers in 2 patterns, no penalty."""
    return btyd._fit_result(
        model, ("alpha", "beta"), optimum, n_customers=10, n_patterns=2, l2_penalty=0.0
    )


def _optimum_with(hessian: np.ndarray) -> btyd._Optimum:
    return btyd._Optimum(
        np.log(np.array([0.7, 1.2])), -100.0, hessian, True, "largest gradient component 0", 3
    )


@pytest.mark.parametrize(
    "hessian",
    [
        # a flat direction: eigenvalue 1e-8 against 1e4, relative 1e-12 (round-off)
        -np.diag([1e4, 1e-8]),
        # information that could not be computed
        np.array([[-5.0, np.nan], [np.nan, -3.0]]),
    ],
)
def test_fit_result_without_positive_definite_information_warns(hessian: np.ndarray) -> None:
    model = ShiftedBetaGeometric(0.7, 1.2)
    with pytest.warns(
        ConvergenceWarning,
        match=_exactly(
            "ShiftedBetaGeometric.fit found no reliable maximum: the observed information is "
            "not positive definite: the likelihood is flat in some direction, so the maximum "
            "is not unique and the standard errors are NaN"
        ),
    ):
        fit = _sbg_fit_result(model, _optimum_with(hessian))
    assert not fit.converged
    assert all(math.isnan(v) for v in fit.std_errors.values())
    # a well-conditioned information of the same size is accepted: SE = est / sqrt(info)
    good = _sbg_fit_result(model, _optimum_with(-np.diag([4.0, 25.0])))
    assert good.converged
    assert good.message == "interior maximum: gradient below 1e-6, information positive definite"
    assert good.std_errors["alpha"] == pytest.approx(0.7 / 2.0, rel=1e-14)
    assert good.std_errors["beta"] == pytest.approx(1.2 / 5.0, rel=1e-14)


def test_fit_result_on_the_boundary_names_the_parameters() -> None:
    # log-parameters beyond +-18: 1e-9 and 1e8 are on the edge of the space
    opt = btyd._Optimum(np.log(np.array([1e-9, 1e8])), -100.0, -np.diag([4.0, 25.0]), True, "ok", 3)
    with pytest.warns(
        ConvergenceWarning,
        match=_exactly(
            "ShiftedBetaGeometric.fit found no reliable maximum: the maximum lies on the "
            "boundary of the parameter space (alpha = 1e-09, beta = 1e+08 ran towards 0 or "
            "infinity): the data do not identify the model"
        ),
    ):
        fit = _sbg_fit_result(ShiftedBetaGeometric(1e-9, 1e8), opt)
    assert not fit.converged


@pytest.mark.parametrize("a", [1.0, 1.00015, 0.99981, 1.00025])
def test_bg_expected_purchases_next_to_a_equal_to_one(a: float) -> None:
    # E[X(t)] has a removable singularity at a = 1; the pmf has none. The
    # closed form cancels to a relative 1e-16 / |a - 1|, so near a = 1 (where
    # it is interpolated from a = 1 +- 1e-4, 1 +- 2e-4) it holds to about 1e-10
    # (measured against the series in 60-digit decimals: at most 8.6e-11)
    model = BetaGeo(0.243, 4.414, a, 2.426)
    n = np.arange(2000)
    for t in (5.0, 39.0):
        pmf = np.asarray(model.p_purchases(n, t))
        assert float(model.expected_purchases(t)) == pytest.approx(math.fsum(n * pmf), rel=2e-10)


def test_fit_result_reports_every_problem() -> None:
    # on the boundary, flat and stopped short: all three, in order, joined by "; "
    flat = btyd._Optimum(
        np.log(np.array([1e-9, 1e8])), -100.0, -np.diag([1e4, 1e-8]), False, "stopped", 3
    )
    with pytest.warns(ConvergenceWarning):
        both = _sbg_fit_result(ShiftedBetaGeometric(1e-9, 1e8), flat)
    assert both.message.split("; ") == [
        "the maximum lies on the boundary of the parameter space (alpha = 1e-09, beta = 1e+08 "
        "ran towards 0 or infinity): the data do not identify the model",
        "the observed information is not positive definite: the likelihood is flat in some "
        "direction, so the maximum is not unique and the standard errors are NaN",
        "the optimiser stopped short of a maximum: stopped",
    ]


@pytest.mark.parametrize(
    ("eigenvalues", "definite"),
    [
        # smallest against largest: 5e-7 / 1e4 = 5e-11 is round-off, whatever lies between
        ([5e-7, 1.0, 1e3, 1e4], False),
        ([2e-6, 1.0, 1e3, 1e4], True),
        # a tiny scale alone is no flat direction: 1e-20 / 4e-20
        ([1e-20, 2e-20, 3e-20, 4e-20], True),
    ],
)
def test_fit_result_information_is_judged_against_its_largest_eigenvalue(
    eigenvalues: list[float], definite: bool
) -> None:
    rotation = np.linalg.qr(np.arange(1.0, 17.0).reshape(4, 4) ** 0.5)[0]
    info = rotation @ np.diag(eigenvalues) @ rotation.T
    opt = btyd._Optimum(np.zeros(4), -100.0, -info, True, "ok", 3)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fit = btyd._fit_result(
            BetaGeo(1.0, 1.0, 1.0, 1.0),
            ("r", "alpha", "a", "b"),
            opt,
            n_customers=10,
            n_patterns=4,
            l2_penalty=0.0,
        )
    assert fit.converged is definite
    assert len(record) == (0 if definite else 1)
    if definite:
        # estimates all 1: standard errors are sqrt(diag(info^-1))
        expected = np.sqrt(np.diag(rotation @ np.diag(1.0 / np.array(eigenvalues)) @ rotation.T))
        np.testing.assert_allclose(list(fit.std_errors.values()), expected, rtol=1e-6)


@pytest.mark.parametrize("model", [BetaGeo(*CDNOW_BG), ParetoNBD(*CDNOW_PNBD)])
def test_loglik_weights_rules_and_fractions(model: BetaGeo | ParetoNBD) -> None:
    # a weight is a number of customers: half a customer each halves ln L
    half = model.loglik(_X, _TX, _T, weights=[0.5] * 6)
    assert half == pytest.approx(0.5 * model.loglik(_X, _TX, _T), rel=1e-13)
    with pytest.raises(
        ValueError,
        match=_exactly("weights must contain at least one positive value; got all zeros"),
    ):
        model.loglik(_X, _TX, _T, weights=[0] * 6)
    with pytest.raises(
        ValueError, match=_exactly("frequency, weights have inconsistent lengths: [6, 2]")
    ):
        model.loglik(_X, _TX, _T, weights=[1, 1])
    with pytest.raises(
        ValueError, match=r"^weights must be 1-D; got a 2-D array of shape \(1, 6\)$"
    ):
        model.loglik(_X, _TX, _T, weights=[[1] * 6])
    labels = list("abcdef")
    with pytest.raises(ValueError, match=r"^weights must be >= 0; got -1 at label 'b'$"):
        model.loglik(
            pd.Series(_X, index=labels),
            pd.Series(_TX, index=labels),
            pd.Series(_T, index=labels),
            weights=pd.Series([1, -1, 1, 1, 1, 1], index=labels),
        )


def _summary() -> RFMSummary:
    idx = pd.Index(["a", "b", "c"], name="customer")
    return RFMSummary(
        frequency=pd.Series([0.0, 2.0, 1.0], index=idx),
        recency=pd.Series([0.0, 20.0, 10.0], index=idx),
        T=pd.Series([40.0, 40.0, 30.0], index=idx),
        monetary_value=None,
        frequency_holdout=None,
        monetary_value_holdout=None,
        duration_holdout=None,
        period="D",
        observation_end=pd.Timestamp("2024-02-09"),
        calibration_end=None,
        n_transactions=6,
        n_holdout_only=0,
    )


@pytest.mark.parametrize("cls", [BetaGeo, ParetoNBD])
def test_fit_data_needs_the_three_summaries_or_one_object(
    cls: type[BetaGeo] | type[ParetoNBD],
) -> None:
    who = f"{cls.__name__}.fit"
    needs = f"{who} needs frequency, recency and T (or one CompressedRFM or RFMSummary)"
    with pytest.raises(TypeError, match=_exactly(needs)):
        cls.fit([1, 2], [1.0, 2.0])
    with pytest.raises(TypeError, match=_exactly(needs)):
        cls.fit([1, 2], T=[1.0, 2.0])
    alone = f"{who}: pass an RFMSummary alone as the data; got recency or T as well"
    with pytest.raises(TypeError, match=_exactly(alone)):
        cls.fit(_summary(), [0.0, 20.0, 10.0])
    with pytest.raises(TypeError, match=_exactly(alone)):
        cls.fit(_summary(), T=[40.0, 40.0, 30.0])
    # the summary alone is the three Series
    s = _summary()
    assert cls(*CDNOW_BG).loglik(s) == pytest.approx(
        cls(*CDNOW_BG).loglik(s.frequency, s.recency, s.T), rel=1e-14
    )


@pytest.mark.parametrize("model", [BetaGeo(*CDNOW_BG), ParetoNBD(*CDNOW_PNBD)])
def test_likelihood_data_are_one_row_per_customer(model: BetaGeo | ParetoNBD) -> None:
    # predictions broadcast; the likelihood takes three 1-D columns of one length
    with pytest.raises(
        ValueError, match=_exactly("frequency must be 1-D; got a 2-D array of shape (2, 2)")
    ):
        model.loglik([[0, 2], [2, 5]], [[0.0, 30.0], [30.0, 35.0]], [[38.0] * 2] * 2)
    with pytest.raises(ValueError, match=_exactly("T must be 1-D; got a 0-D array of shape ()")):
        model.loglik([0, 2, 5], [0.0, 30.0, 35.0], 38.0)


@pytest.mark.parametrize("model", [BetaGeo(*CDNOW_BG), ParetoNBD(*CDNOW_PNBD)])
def test_horizon_errors_name_t(model: BetaGeo | ParetoNBD) -> None:
    with pytest.raises(TypeError, match=_exactly("t must be numeric; got text 'a' at index 0")):
        model.expected_purchases(["a"])
    with pytest.raises(ValueError, match=_exactly("t must not contain NaN or infinity; got nan")):
        model.expected_purchases(math.nan)
    with pytest.raises(ValueError, match=_exactly("t must be >= 0; got -1")):
        model.expected_purchases(-1.0)
    with pytest.raises(TypeError, match=_exactly("t must be numeric; got text 'a' at index 0")):
        model.conditional_expected_purchases(["a"], 1, 1.0, 2.0)
