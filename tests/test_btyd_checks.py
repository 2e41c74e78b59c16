"""Prediction intervals and model checks against independent computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from custvalue.btyd import (
    BetaGeo,
    GammaGamma,
    ModifiedBetaGeo,
    ParetoNBD,
    calibration_holdout,
    clv_interval,
    compare_models,
    customer_lifetime_value,
    draw_models,
    period_transactions,
    prediction_interval,
    tracking_curves,
)
from custvalue.datasets import cdnow, simulate_transaction_log
from custvalue.transactions import rfm_summary


@pytest.fixture(scope="module")
def data():  # type: ignore[no-untyped-def]
    return cdnow()


@pytest.fixture(scope="module")
def bg_fit(data):  # type: ignore[no-untyped-def]
    return BetaGeo.fit(data.frequency, data.recency, data.T)


def _delta_half_width(fit, fn) -> float:  # type: ignore[no-untyped-def]
    """z * sqrt(g' S g) with g the central-difference gradient in the log-parameters."""
    names = list(fit.std_errors)
    theta = np.log([getattr(fit.model, n) for n in names])
    grad = np.empty(theta.size)
    for j in range(theta.size):
        e = np.zeros(theta.size)
        e[j] = 1e-5
        up = fn(type(fit.model)(*np.exp(theta + e)))
        down = fn(type(fit.model)(*np.exp(theta - e)))
        grad[j] = (up - down) / 2e-5
    return 1.959963985 * math.sqrt(grad @ fit.covariance @ grad)


def test_prediction_interval_agrees_with_the_delta_method(bg_fit, data) -> None:  # type: ignore[no-untyped-def]
    x, tx, T = data.frequency, data.recency, data.T
    total = prediction_interval(
        bg_fit, "conditional_expected_purchases", 39, x, tx, T, total=True, n_draws=4000, rng=3
    )
    delta = _delta_half_width(
        bg_fit, lambda m: float(np.sum(m.conditional_expected_purchases(39, x, tx, T)))
    )
    # 4000 draws: the quantiles' Monte Carlo error is a few percent of the width
    assert (total.high - total.low) / 2 == pytest.approx(delta, rel=0.06)
    one = prediction_interval(bg_fit, "p_alive", 2, 30.43, 38.86, n_draws=4000, rng=4)
    assert isinstance(one.low, float)
    delta_one = _delta_half_width(bg_fit, lambda m: float(m.p_alive(2, 30.43, 38.86)))
    assert (one.high - one.low) / 2 == pytest.approx(delta_one, rel=0.06)
    per = prediction_interval(bg_fit, "p_alive", x, tx, T, n_draws=50, rng=5)
    assert per.low.name == "p_alive_low"
    assert per.low.index.equals(x.index)
    assert np.all(per.low.to_numpy() <= per.high.to_numpy())


def test_draws_follow_the_covariance(bg_fit) -> None:  # type: ignore[no-untyped-def]
    models = draw_models(bg_fit, n_draws=20000, rng=1)
    logs = np.log([[m.r, m.alpha, m.a, m.b] for m in models])
    # whitened by the fit's covariance the draws have identity covariance; each entry of
    # a 20000-draw sample covariance has a standard error of about 1/sqrt(20000) = 0.007
    root = np.linalg.cholesky(bg_fit.covariance)
    white = np.linalg.solve(root, (logs - logs.mean(axis=0)).T)
    np.testing.assert_allclose(np.cov(white), np.eye(4), atol=0.04)
    centre = np.log([bg_fit.model.r, bg_fit.model.alpha, bg_fit.model.a, bg_fit.model.b])
    np.testing.assert_allclose(
        np.linalg.solve(root, logs.mean(axis=0) - centre), np.zeros(4), atol=0.04
    )
    assert draw_models(bg_fit, n_draws=3, rng=9) == draw_models(bg_fit, n_draws=3, rng=9)


def test_clv_interval_contains_the_point_value(bg_fit, data) -> None:  # type: ignore[no-untyped-def]
    rep = data.rfm[data.frequency > 0]
    gg = GammaGamma.fit(rep["frequency"], rep["monetary_value"])
    opts = {"horizon": 12, "discount_rate": 0.01, "time_unit": 52 / 12}
    point = customer_lifetime_value(
        bg_fit.model, gg.model, data.frequency, data.recency, data.T, data.monetary_value, **opts
    )
    ci = clv_interval(
        bg_fit,
        gg,
        data.frequency,
        data.recency,
        data.T,
        data.monetary_value,
        total=True,
        n_draws=300,
        rng=7,
        **opts,
    )
    assert ci.low < float(point.sum()) < ci.high
    each = clv_interval(
        bg_fit,
        gg,
        data.frequency,
        data.recency,
        data.T,
        data.monetary_value,
        n_draws=100,
        rng=7,
        **opts,
    )
    assert each.high.name == "clv_high"
    assert (each.contains(point)).mean() > 0.9


def test_period_transactions_by_direct_summation(bg_fit, data) -> None:  # type: ignore[no-untyped-def]
    pt = period_transactions(bg_fit, data.frequency, data.recency, data.T)
    m = bg_fit.model
    direct = np.zeros(8)
    for T in data.T.to_numpy():  # one customer at a time
        pmf = np.asarray(m.p_purchases(np.arange(7), T))
        direct[:7] += pmf
        direct[7] += 1 - pmf.sum()
    np.testing.assert_allclose(pt.table["expected"].to_numpy(), direct, rtol=1e-10)
    assert pt.table["actual"].sum() == 2357
    ref = stats.chisquare(pt.table["actual"], pt.table["expected"], ddof=4)
    assert pt.chi_square == pytest.approx(ref.statistic, rel=1e-12)
    assert pt.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    assert pt.degrees_of_freedom == 3
    with pytest.raises(ValueError, match="at least one degree of freedom"):
        period_transactions(bg_fit, data.frequency, data.recency, data.T, max_frequency=3)


def test_tracking_by_direct_summation_and_simulation() -> None:
    truth = BetaGeo(0.4, 8.0, 0.7, 2.5)
    sim = simulate_transaction_log(30000, truth, observation_days=7 * 60, rng=11)
    log = sim.transactions
    tc = tracking_curves(truth, log, customer="customer", date="date", period=7)
    table = tc.table
    # expected: a direct sum over customers of E[X(tau - t0)] with births from pandas
    origin = log["date"].min().normalize()
    birth = (log.groupby("customer")["date"].min().dt.normalize() - origin).dt.days / 7
    tau = float(table["time"].iloc[-1])
    direct = sum(float(truth.expected_purchases(max(tau - b, 0.0))) for b in birth)
    assert table["expected_cumulative"].iloc[-1] == pytest.approx(direct, rel=1e-10)
    # actual: repeat purchase days of the simulated customers (as rfm_summary counts them)
    s = rfm_summary(log, customer="customer", date="date", period=7)
    assert table["actual_cumulative"].iloc[-1] == s.frequency.sum()
    # the model that drew the log predicts its repeat purchases: the total of 30000
    # customers has a sampling error of about 1%
    assert table["actual_cumulative"].iloc[-1] == pytest.approx(direct, rel=0.04)
    np.testing.assert_allclose(
        table["actual_incremental"].cumsum(), table["actual_cumulative"], rtol=1e-12
    )


def test_calibration_holdout_by_grouping(data) -> None:  # type: ignore[no-untyped-def]
    s = rfm_summary(
        data.transactions,
        customer="customer",
        date="date",
        period=7,
        observation_end="1998-06-30",
        calibration_end="1997-09-30",
    )
    model = ParetoNBD(0.553, 10.578, 0.606, 11.669)
    ch = calibration_holdout(model, s)
    frame = s.to_frame()
    frame["expected"] = model.conditional_expected_purchases(
        s.duration_holdout, s.frequency, s.recency, s.T
    )
    frame["group"] = np.minimum(frame["frequency"], 7)
    ref = frame.groupby("group")[["frequency_holdout", "expected"]].mean()
    np.testing.assert_allclose(ch.table["actual"], ref["frequency_holdout"], rtol=1e-12)
    np.testing.assert_allclose(ch.table["expected"], ref["expected"], rtol=1e-12)
    with pytest.raises(TypeError, match="calibration_end"):
        calibration_holdout(model, rfm_summary(data.transactions, customer="customer", date="date"))


def test_compare_models(data) -> None:  # type: ignore[no-untyped-def]
    fits = {
        c.__name__: c.fit(data.frequency, data.recency, data.T) for c in (BetaGeo, ModifiedBetaGeo)
    }
    table = compare_models(fits).table
    for name, fit in fits.items():
        assert table.loc[name, "aic"] == pytest.approx(8 - 2 * fit.loglik, rel=1e-14)
        assert table.loc[name, "bic"] == pytest.approx(
            4 * math.log(2357) - 2 * fit.loglik, rel=1e-14
        )
    assert table["delta_aic"].min() == 0.0
    half = BetaGeo.fit(data.frequency[:1000], data.recency[:1000], data.T[:1000])
    with pytest.raises(ValueError, match="same customers"):
        compare_models({"all": fits["BetaGeo"], "half": half})


def test_plots(bg_fit, data) -> None:  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from custvalue._plots_btyd import (
        plot_calibration_holdout,
        plot_period_transactions,
        plot_tracking,
    )

    pt = period_transactions(bg_fit, data.frequency, data.recency, data.T)
    ax = plot_period_transactions(pt)
    assert "count" in ax.get_ylabel()
    assert "chi-square" in ax.get_title()
    tc = tracking_curves(bg_fit, data.transactions, customer="customer", date="date", period=7)
    ax = plot_tracking(tc, time_unit="weeks", cumulative=False)
    assert "weeks" in ax.get_xlabel()
    s = rfm_summary(
        data.transactions,
        customer="customer",
        date="date",
        period=7,
        observation_end="1998-06-30",
        calibration_end="1997-09-30",
    )
    ax = plot_calibration_holdout(calibration_holdout(BetaGeo.fit(s), s))
    assert "holdout" in ax.get_ylabel()
    with pytest.raises(TypeError, match="PeriodTransactions"):
        plot_period_transactions(pd.DataFrame())
    plt.close("all")
