"""Model checking and prediction intervals for the BTYD models.

Re-exported by :mod:`custvalue.btyd`: prediction intervals that carry the
parameter uncertainty, the period-transactions table with its chi-square
goodness of fit, tracking curves over calendar time, the
calibration-versus-holdout table and a model-comparison table.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from custvalue._results import ConfidenceInterval, ResultMixin
from custvalue._validate import (
    FloatArray,
    align_by_label,
    as_count,
    as_float_array,
    as_rng,
    check_level,
    is_series,
)
from custvalue.btyd import FitResult, _fit_data, customer_lifetime_value

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from custvalue.transactions import Period, RFMSummary

__all__ = [
    "CalibrationHoldout",
    "ModelComparison",
    "PeriodTransactions",
    "TrackingCurves",
    "calibration_holdout",
    "clv_interval",
    "compare_models",
    "draw_models",
    "period_transactions",
    "prediction_interval",
    "tracking_curves",
]


def _model_of(fit_or_model: object, name: str = "model") -> Any:
    model = fit_or_model.model if isinstance(fit_or_model, FitResult) else fit_or_model
    if not hasattr(model, "p_purchases"):
        raise TypeError(
            f"{name} must be a fitted BTYD transaction model or its FitResult; "
            f"got {type(fit_or_model).__name__}"
        )
    return model


# ---------------------------------------------------------------------------
# prediction intervals
# ---------------------------------------------------------------------------


def draw_models(fit: FitResult[Any], *, n_draws: int = 1000, rng: object = None) -> list[Any]:
    r"""Models drawn from the asymptotic normal distribution of a fit's estimates.

    The log-parameters are drawn from :math:`N(\ln\hat\theta, \hat\Sigma)`
    with :math:`\hat\Sigma` the fit's ``covariance`` (inverse observed
    information), so every draw is a valid model with positive parameters.

    Raises
    ------
    ValueError
        If the fit's covariance is not available (the information was not
        positive definite).

    Examples
    --------
    >>> from custvalue.btyd import ShiftedBetaGeometric, draw_models
    >>> fit = ShiftedBetaGeometric.fit([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> len(draw_models(fit, n_draws=5, rng=1))
    5
    """
    if not isinstance(fit, FitResult):
        raise TypeError(f"fit must be a FitResult; got {type(fit).__name__}")
    k = as_count(n_draws, "n_draws", minimum=2)
    cov = np.asarray(fit.covariance, dtype=np.float64)
    if not np.all(np.isfinite(cov)):
        raise ValueError(
            "fit has no covariance (its information matrix is not positive definite): "
            "parameter uncertainty cannot be drawn"
        )
    gen = as_rng(rng)
    names = list(fit.std_errors)
    centre = np.log([float(getattr(fit.model, n)) for n in names])
    theta = gen.multivariate_normal(centre, cov, size=k, method="cholesky")
    cls = type(fit.model)
    return [cls(**dict(zip(names, np.exp(row), strict=True))) for row in theta]


def _interval(
    values: FloatArray, level: float, like: Any, total: bool, name: str
) -> ConfidenceInterval:
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(values, [tail, 1.0 - tail], axis=0)
    if not total and is_series(like) and np.ndim(low) == 1 and len(like) == np.size(low):
        import pandas as pd

        low = pd.Series(low, index=like.index, name=f"{name}_low")
        high = pd.Series(high, index=like.index, name=f"{name}_high")
    elif np.ndim(low) == 0:
        low, high = float(low), float(high)
    return ConfidenceInterval(low=low, high=high, level=level)


def prediction_interval(
    fit: FitResult[Any],
    quantity: str,
    *data: object,
    level: float = 0.95,
    n_draws: int = 1000,
    total: bool = False,
    weights: object = None,
    rng: object = None,
    **options: object,
) -> ConfidenceInterval:
    r"""Interval of a model prediction that carries the uncertainty of the fitted parameters.

    The prediction ``getattr(model, quantity)(*data, **options)`` is
    evaluated for ``n_draws`` models drawn from the asymptotic normal
    distribution of the estimates (:func:`draw_models`); the interval runs
    between the ``(1 - level)/2`` and ``(1 + level)/2`` quantiles of those
    values, per customer or, with ``total=True``, of their (weighted) sum.

    Parameters
    ----------
    fit : FitResult
        The fit whose parameters are uncertain.
    quantity : str
        A prediction method of the model, e.g. ``"p_alive"``,
        ``"conditional_expected_purchases"``, ``"expected_purchases"``.
    *data
        The method's data arguments, as for the method itself.
    level : float
        Coverage of the interval, in (0, 1).
    n_draws : int
        Parameter draws (>= 2); the quantiles' Monte Carlo error shrinks
        as ``1/sqrt(n_draws)``.
    total : bool
        Give the interval of the sum over customers instead of one per customer.
    weights : array_like, optional
        Customers each row stands for, for ``total=True`` on patterns.
    rng : int or numpy.random.Generator, optional
        Seed or generator of the draws.
    **options
        Keyword options of the method (e.g. ``discount_rate=``).

    Returns
    -------
    ConfidenceInterval
        ``low`` and ``high`` are floats for a scalar or a total, arrays for
        arrays, Series (the customers' index) for Series.

    Notes
    -----
    This is the parametric-bootstrap ("draws from the asymptotic normal")
    version of the delta method: for a prediction :math:`g(\theta)` the delta
    method gives :math:`g(\hat\theta) \pm z\sqrt{\nabla g^\top \Sigma \nabla g}`,
    which the quantiles reproduce where :math:`g` is close to linear, and the
    draws stay valid where it is not (probabilities near 0 or 1). The
    interval describes what the model expects, not the customer's own
    randomness around it.

    Examples
    --------
    >>> from custvalue.btyd import BetaGeo, prediction_interval
    >>> from custvalue.datasets import cdnow
    >>> data = cdnow()
    >>> fit = BetaGeo.fit(data.frequency, data.recency, data.T)
    >>> ci = prediction_interval(fit, "conditional_expected_purchases", 39,
    ...     data.frequency, data.recency, data.T, total=True, n_draws=200, rng=1)
    >>> round(ci.low), round(ci.high)
    (1510, 1828)
    """
    if not isinstance(fit, FitResult):
        raise TypeError(f"fit must be a FitResult; got {type(fit).__name__}")
    if not isinstance(quantity, str) or quantity.startswith("_") or quantity in ("fit", "loglik"):
        raise ValueError(f"quantity must name a prediction method of the model; got {quantity!r}")
    if not callable(getattr(fit.model, quantity, None)):
        raise ValueError(
            f"quantity must name a prediction method of {type(fit.model).__name__}; "
            f"got {quantity!r}"
        )
    lv = check_level(level)
    point = getattr(fit.model, quantity)(*data, **options)
    w = None
    if weights is not None:
        w = as_float_array(weights, "weights", ndim=1)
    draws = []
    for model in draw_models(fit, n_draws=n_draws, rng=rng):
        value = np.asarray(getattr(model, quantity)(*data, **options), dtype=np.float64)
        if total:
            value = np.asarray(value @ w if w is not None else value.sum())
        draws.append(value)
    return _interval(np.stack(draws), lv, point, total, quantity)


def clv_interval(
    transaction_fit: FitResult[Any],
    spend_fit: FitResult[Any],
    frequency: object,
    recency: object,
    T: object,
    monetary_value: object,
    *,
    horizon: int,
    discount_rate: float,
    time_unit: float,
    margin: float = 1.0,
    level: float = 0.95,
    n_draws: int = 1000,
    total: bool = False,
    rng: object = None,
) -> ConfidenceInterval:
    """Interval of customer lifetime value carrying both fits' parameter uncertainty.

    Draws the transaction and the spend model independently from their
    asymptotic normal distributions (:func:`draw_models`) and takes the
    quantiles of :func:`customer_lifetime_value` (per customer, or of the
    total with ``total=True``); arguments as in :func:`customer_lifetime_value`
    and :func:`prediction_interval`.

    Examples
    --------
    >>> from custvalue.btyd import BetaGeo, GammaGamma, clv_interval
    >>> from custvalue.datasets import cdnow
    >>> d = cdnow()
    >>> bg = BetaGeo.fit(d.frequency, d.recency, d.T)
    >>> rep = d.rfm[d.frequency > 0]
    >>> gg = GammaGamma.fit(rep["frequency"], rep["monetary_value"])
    >>> ci = clv_interval(bg, gg, d.frequency, d.recency, d.T, d.monetary_value,
    ...     horizon=12, discount_rate=0.01, time_unit=52 / 12, total=True, n_draws=200, rng=2)
    >>> round(ci.low, -3), round(ci.high, -3)
    (64000.0, 78000.0)
    """
    lv = check_level(level)
    gen = as_rng(rng)
    k = as_count(n_draws, "n_draws", minimum=2)
    options: dict[str, Any] = {
        "horizon": horizon,
        "discount_rate": discount_rate,
        "time_unit": time_unit,
        "margin": margin,
    }
    point = customer_lifetime_value(
        _model_of(transaction_fit, "transaction_fit"),
        spend_fit.model,
        frequency,
        recency,
        T,
        monetary_value,
        **options,
    )
    trans = draw_models(transaction_fit, n_draws=k, rng=gen)
    spend = draw_models(spend_fit, n_draws=k, rng=gen)
    draws = []
    for tm, sm in zip(trans, spend, strict=True):
        value = np.asarray(
            customer_lifetime_value(tm, sm, frequency, recency, T, monetary_value, **options),
            dtype=np.float64,
        )
        draws.append(np.asarray(value.sum()) if total else value)
    return _interval(np.stack(draws), lv, point, total, "clv")


# ---------------------------------------------------------------------------
# period-transactions table
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class PeriodTransactions(ResultMixin):
    """Actual and model-implied numbers of customers by repeat purchases.

    Attributes
    ----------
    table : pandas.DataFrame
        Indexed by ``repeat_purchases`` (``"0"``, ``"1"``, ..., ``"7+"``):
        ``actual`` and ``expected`` numbers of customers.
    chi_square : float
        Pearson's statistic :math:`\\sum (O - E)^2 / E` over the classes.
    degrees_of_freedom : int
        Classes minus 1 minus the number of estimated parameters.
    p_value : float
        Upper tail of the chi-square distribution at ``chi_square``.
    """

    table: pd.DataFrame
    chi_square: float
    degrees_of_freedom: int
    p_value: float

    def to_frame(self) -> pd.DataFrame:
        """The table (``actual`` and ``expected`` by number of repeat purchases)."""
        return self.table


def period_transactions(
    model: object,
    frequency: object,
    recency: object = None,
    T: object = None,
    *,
    max_frequency: int = 7,
    weights: object = None,
    n_params: int | None = None,
) -> PeriodTransactions:
    r"""The period-transactions table: customers by repeat purchases, actual vs model.

    Each customer's number of repeat purchases ``x`` over her own
    observation time ``T`` is compared with the model's distribution
    ``P(X(T) = k)``; the expected number of customers in class ``k`` is
    :math:`\sum_i P(X(T_i) = k)`, the last class ``max_frequency+`` takes the
    rest. Pearson's chi-square compares the two.

    Parameters
    ----------
    model : BetaGeo, ModifiedBetaGeo, ParetoNBD, BetaGeoBetaBinom or FitResult
        The fitted transaction model (for the BG/BB, ``T`` is ``n_periods``).
    frequency, recency, T : array_like, RFMSummary or CompressedRFM
        The customers (as for ``fit``).
    max_frequency : int
        First pooled class (default 7: classes 0..6 and 7+).
    weights : array_like, optional
        Customers each row stands for.
    n_params : int, optional
        Estimated parameters subtracted from the degrees of freedom
        (default: the model's number of parameters).

    Returns
    -------
    PeriodTransactions

    Examples
    --------
    >>> from custvalue.btyd import BetaGeo, period_transactions
    >>> from custvalue.datasets import cdnow
    >>> d = cdnow()
    >>> fit = BetaGeo.fit(d.frequency, d.recency, d.T)
    >>> pt = period_transactions(fit, d.frequency, d.recency, d.T)
    >>> pt.table.round(1).head(3)
                      actual  expected
    repeat_purchases
    0                 1411.0    1407.7
    1                  439.0     460.3
    2                  214.0     192.5
    >>> round(pt.chi_square, 2), pt.degrees_of_freedom, round(pt.p_value, 3)
    (4.82, 3, 0.185)
    """
    import pandas as pd
    from scipy import stats

    m = _model_of(model)
    top = as_count(max_frequency, "max_frequency", minimum=1)
    if type(m).__name__ == "BetaGeoBetaBinom":
        (frequency, recency, T, weights), _ = align_by_label(
            frequency=frequency, recency=recency, T=T, weights=weights
        )
        from custvalue._btyd_bgbb import _bgbb_summary

        x, _tx, age, _ = _bgbb_summary(frequency, recency, T, one_d=True)
        w = np.ones(x.size) if weights is None else as_float_array(weights, "weights", ndim=1)
    else:
        p = _fit_data(frequency, recency, T, weights, "period_transactions")
        x, age, w = p.x, p.T, p.weight
    classes = np.arange(top, dtype=np.float64)
    actual = np.bincount(np.minimum(x, top).astype(np.int64), weights=w, minlength=top + 1)
    ages, at = np.unique(age, return_inverse=True)
    per_age = np.bincount(at.reshape(-1), weights=w, minlength=ages.size)
    pmf = np.asarray(m.p_purchases(classes[:, None], ages[None, :]), dtype=np.float64)
    expected = np.empty(top + 1)
    expected[:top] = pmf @ per_age
    expected[top] = float(w.sum()) - float(expected[:top].sum())
    k = len(attrs.fields(type(m))) if n_params is None else as_count(n_params, "n_params")
    dof = top + 1 - 1 - k
    if dof < 1:
        raise ValueError(
            f"max_frequency must leave at least one degree of freedom: {top + 1} classes - 1 - "
            f"{k} parameters = {dof}; raise max_frequency"
        )
    chi2 = float(np.sum((actual - expected) ** 2 / expected))
    labels = [str(i) for i in range(top)] + [f"{top}+"]
    table = pd.DataFrame(
        {"actual": actual, "expected": expected},
        index=pd.Index(labels, name="repeat_purchases"),
    )
    return PeriodTransactions(
        table=table,
        chi_square=chi2,
        degrees_of_freedom=dof,
        p_value=float(stats.chi2.sf(chi2, dof)),
    )


# ---------------------------------------------------------------------------
# tracking curves
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class TrackingCurves(ResultMixin):
    """Actual and expected repeat transactions of a cohort over calendar time.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per time step ``time`` (model units since the first
        purchase of the cohort): ``actual_incremental``,
        ``expected_incremental``, ``actual_cumulative``, ``expected_cumulative``.
    calibration_end : float or None
        End of the calibration period on the same time axis, if given.
    """

    table: pd.DataFrame
    calibration_end: float | None

    def to_frame(self) -> pd.DataFrame:
        """The table of the curves."""
        return self.table


def tracking_curves(
    model: object,
    transactions: pd.DataFrame,
    *,
    customer: Hashable,
    date: Hashable,
    period: Period = "D",
    observation_end: object = None,
    calibration_end: object = None,
    date_format: str | None = None,
) -> TrackingCurves:
    r"""Expected and actual cumulative and incremental repeat transactions of a cohort.

    Customer ``i`` of the log is born at her first purchase, at time
    :math:`t_{0i}` from the first purchase of the cohort; the model expects
    :math:`\sum_i E[X(\tau - t_{0i})]` repeat purchases by time :math:`\tau`
    (:math:`E[X(s)] = 0` for :math:`s \le 0`). The actual curve counts the
    repeat purchase occasions (periods with a purchase after the first, as
    :func:`custvalue.transactions.rfm_summary` counts them) up to
    :math:`\tau`. Times are whole steps of one model time unit, and the end
    of observation closes a last partial step.

    Parameters
    ----------
    model : BetaGeo, ModifiedBetaGeo, ParetoNBD or FitResult
        The fitted model; its time unit is that of ``period``.
    transactions : pandas.DataFrame
        The event log (as for :func:`~custvalue.transactions.rfm_summary`).
    customer, date, period, observation_end, calibration_end, date_format
        As for :func:`~custvalue.transactions.rfm_summary`;
        ``calibration_end`` only marks the split on the time axis.

    Returns
    -------
    TrackingCurves

    Examples
    --------
    >>> from custvalue.btyd import BetaGeo, tracking_curves
    >>> from custvalue.datasets import cdnow
    >>> d = cdnow()
    >>> model = BetaGeo(0.243, 4.414, 0.793, 2.426)
    >>> tc = tracking_curves(model, d.transactions, customer="customer", date="date",
    ...     period=7, observation_end="1998-06-30")
    >>> cols = ["actual_cumulative", "expected_cumulative"]
    >>> tc.table.set_index("time").loc[[39, 77], cols].round(0)
          actual_cumulative  expected_cumulative
    time
    39.0             2462.0               2505.0
    77.0             4315.0               4136.0
    """
    import pandas as pd

    from custvalue.transactions import _period_codes, rfm_summary

    m = _model_of(model)
    # the births and the repeat occasions come from the same counting as rfm_summary
    whole = rfm_summary(
        transactions,
        customer=customer,
        date=date,
        period=period,
        observation_end=observation_end,
        date_format=date_format,
    )
    from custvalue.transactions import _as_datetimes, _column

    stamps, _tz = _as_datetimes(
        _column(transactions, date, "date"), f"date column {date!r}", date_format
    )
    unit, scale = ("D", float(period)) if not isinstance(period, str) else (period, 1.0)
    codes = _period_codes(stamps, unit)
    cust = _column(transactions, customer, "customer")
    frame = pd.DataFrame({"c": cust.to_numpy(), "k": codes}).drop_duplicates()
    first = frame.groupby("c", sort=False)["k"].transform("min")
    origin = int(frame["k"].min())
    repeat_time = (frame["k"][frame["k"] > first].to_numpy() - origin) / scale
    birth = (frame.groupby("c", sort=False)["k"].min().to_numpy() - origin) / scale
    end = _period_codes(np.array([whole.observation_end.to_datetime64()]), unit)[0] - origin
    last = end / scale
    horizon = math.floor(last + 1e-9)
    grid = np.arange(1, horizon + 1, dtype=np.float64)
    if last - horizon > 1e-9:  # the end of observation closes the last, partial step
        grid = np.append(grid, last)
    births, counts = np.unique(birth, return_counts=True)
    span = np.maximum(grid[:, None] - births[None, :], 0.0)
    expected_cum = np.asarray(m.expected_purchases(span), dtype=np.float64) @ counts
    # an occasion at time u counts at every step tau >= u
    actual_cum = np.searchsorted(np.sort(repeat_time), grid, side="right").astype(np.float64)
    cal = None
    if calibration_end is not None:
        cal_ts = pd.Timestamp(calibration_end)  # type: ignore[arg-type]
        cal_code = _period_codes(np.array([cal_ts.to_datetime64()]), unit)[0]
        cal = float((cal_code - origin) / scale)
    table = pd.DataFrame(
        {
            "time": grid,
            "actual_incremental": np.diff(actual_cum, prepend=0.0),
            "expected_incremental": np.diff(expected_cum, prepend=0.0),
            "actual_cumulative": actual_cum,
            "expected_cumulative": expected_cum,
        }
    )
    return TrackingCurves(table=table, calibration_end=cal)


# ---------------------------------------------------------------------------
# calibration vs holdout
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class CalibrationHoldout(ResultMixin):
    """Mean holdout purchases by calibration frequency: actual vs conditional expectation.

    Attributes
    ----------
    table : pandas.DataFrame
        Indexed by ``calibration_frequency`` (``"0"``, ..., ``"7+"``):
        ``n_customers``, ``actual`` (mean holdout frequency) and
        ``expected`` (mean conditional expectation).
    duration_holdout : float
        Length of the holdout in model time units.
    """

    table: pd.DataFrame
    duration_holdout: float

    def to_frame(self) -> pd.DataFrame:
        """The table."""
        return self.table


def calibration_holdout(
    model: object, summary: RFMSummary, *, max_frequency: int = 7
) -> CalibrationHoldout:
    """The classic calibration-versus-holdout table (conditional expectations by frequency).

    Customers are grouped by their calibration frequency (0, 1, ...,
    ``max_frequency``+); in each group the mean actual number of holdout
    purchase occasions is set beside the mean of the model's
    ``conditional_expected_purchases`` over the holdout.

    Parameters
    ----------
    model : BetaGeo, ModifiedBetaGeo, ParetoNBD or FitResult
        The model fitted on the calibration summary.
    summary : RFMSummary
        From :func:`~custvalue.transactions.rfm_summary` with
        ``calibration_end`` (the calibration/holdout split).
    max_frequency : int
        First pooled group.

    Returns
    -------
    CalibrationHoldout

    Examples
    --------
    >>> from custvalue.btyd import BetaGeo, calibration_holdout
    >>> from custvalue.datasets import cdnow
    >>> from custvalue.transactions import rfm_summary
    >>> d = cdnow()
    >>> s = rfm_summary(d.transactions, customer="customer", date="date", period=7,
    ...     observation_end="1998-06-30", calibration_end="1997-09-30")
    >>> table = calibration_holdout(BetaGeo.fit(s), s).table
    >>> table.loc[["0", "7+"], ["actual", "expected"]].round(2)
                           actual  expected
    calibration_frequency
    0                        0.24      0.23
    7+                       6.36      6.16
    """
    import pandas as pd

    from custvalue.transactions import RFMSummary

    m = _model_of(model)
    if not isinstance(summary, RFMSummary) or summary.frequency_holdout is None:
        raise TypeError(
            "summary must be an RFMSummary made with calibration_end= (rfm_summary(..., "
            "calibration_end=...)), which holds the holdout purchases"
        )
    top = as_count(max_frequency, "max_frequency", minimum=1)
    duration = float(summary.duration_holdout or 0.0)
    expected = np.asarray(
        m.conditional_expected_purchases(duration, summary.frequency, summary.recency, summary.T),
        dtype=np.float64,
    )
    group = np.minimum(summary.frequency.to_numpy(), top).astype(np.int64)
    n = np.bincount(group, minlength=top + 1).astype(np.float64)
    seen = n > 0
    actual = np.bincount(group, weights=summary.frequency_holdout.to_numpy(), minlength=top + 1)
    model_mean = np.bincount(group, weights=expected, minlength=top + 1)
    labels = [str(i) for i in range(top)] + [f"{top}+"]
    table = pd.DataFrame(
        {
            "n_customers": n.astype(np.int64),
            "actual": np.where(seen, actual / np.where(seen, n, 1.0), np.nan),
            "expected": np.where(seen, model_mean / np.where(seen, n, 1.0), np.nan),
        },
        index=pd.Index(labels, name="calibration_frequency"),
    )
    return CalibrationHoldout(table=table, duration_holdout=duration)


# ---------------------------------------------------------------------------
# model comparison
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class ModelComparison(ResultMixin):
    """Log-likelihood, AIC and BIC of models fitted to the same customers.

    Attributes
    ----------
    table : pandas.DataFrame
        Indexed by ``model`` (the names given): ``loglik``, ``n_params``,
        ``aic``, ``bic``, ``delta_aic`` (AIC minus the smallest), sorted by AIC.
    """

    table: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The table."""
        return self.table


def compare_models(fits: Mapping[str, FitResult[Any]]) -> ModelComparison:
    """Compare fits on the same data by log-likelihood, AIC (2k - 2LL) and BIC (k ln n - 2LL).

    Raises
    ------
    ValueError
        If fewer than two fits are given or they describe different numbers
        of customers.

    Examples
    --------
    >>> from custvalue.btyd import BetaGeo, ModifiedBetaGeo, ParetoNBD, compare_models
    >>> from custvalue.datasets import cdnow
    >>> d = cdnow()
    >>> fits = {cls.__name__: cls.fit(d.frequency, d.recency, d.T)
    ...         for cls in (BetaGeo, ModifiedBetaGeo, ParetoNBD)}
    >>> compare_models(fits).table[["loglik", "aic"]].round(1)
                        loglik      aic
    model
    ModifiedBetaGeo    -9582.1  19172.3
    BetaGeo            -9582.4  19172.9
    ParetoNBD          -9595.0  19198.0
    """
    import pandas as pd

    if not isinstance(fits, Mapping) or len(fits) < 2:
        raise ValueError("fits must map at least two names to FitResults")
    sizes = set()
    for name, fit in fits.items():
        if not isinstance(fit, FitResult):
            raise TypeError(f"fits[{name!r}] must be a FitResult; got {type(fit).__name__}")
        sizes.add(fit.n_customers)
    if len(sizes) > 1:
        raise ValueError(f"fits must describe the same customers; got n_customers {sorted(sizes)}")
    table = pd.DataFrame(
        {
            "loglik": [f.loglik for f in fits.values()],
            "n_params": [f.n_params for f in fits.values()],
            "aic": [f.aic for f in fits.values()],
            "bic": [f.bic for f in fits.values()],
        },
        index=pd.Index(list(fits), name="model"),
    ).sort_values("aic", kind="stable")
    table["delta_aic"] = table["aic"] - table["aic"].min()
    return ModelComparison(table=table)
