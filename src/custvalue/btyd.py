"""Probabilistic customer-base models ("buy till you die", 客户基础概率模型).

Non-contractual settings, where a customer's defection is never observed:

- :class:`BetaGeo`, the BG/NBD model of Fader, Hardie & Lee (2005);
- :class:`ParetoNBD`, the Pareto/NBD model of Schmittlein, Morrison & Colombo
  (1987) in the formulation of Fader & Hardie (2005);
- :class:`GammaGamma`, the gamma-gamma model of average spend per transaction.

Contractual settings, where churn is observed at renewal dates:

- :class:`ShiftedBetaGeometric`, the sBG model of Fader & Hardie (2007).

Each model is a frozen parameter object that can be built from published
numbers; ``Model.fit(...)`` is a classmethod returning a frozen :class:`FitResult`
(the fitted model, log-likelihood, standard errors, convergence diagnostics).
:func:`customer_lifetime_value` combines a transaction model with a spend model.

Every input of the non-contractual models is a customer summary in the units
of one time period (days, weeks, ...) chosen by the caller: ``frequency`` x is
the number of repeat purchases, ``recency`` t_x the time of the last repeat
purchase measured from the first purchase (0 when x = 0), and ``T`` the time
between the first purchase and the end of observation (``T = 0`` for a
customer first seen at the end, whose likelihood is 1). Parameters whose unit
is time (``alpha`` and ``beta``) and every time argument ``t`` are in that
same unit. :func:`custvalue.transactions.rfm_summary` builds the summary from
a transaction log.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

import attrs
import numpy as np
import numpy.typing as npt
from scipy import special

from custvalue._results import ConfidenceInterval, FrozenDict, ResultMixin, two_sided_z
from custvalue._validate import (
    FloatArray,
    FloatOrArray,
    IntArray,
    _fmt,
    align_by_label,
    as_count,
    as_float_array,
    as_scalar,
    broadcast,
    check_customer_summary,
    check_integral,
    check_interval,
    check_level,
    check_same_length,
    labelled_errors,
    like_input,
)
from custvalue.exceptions import ConvergenceError, ConvergenceWarning, DegenerateDataWarning

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from custvalue._btyd_bgbb import BetaGeoBetaBinom
    from custvalue._btyd_checks import (
        CalibrationHoldout,
        ModelComparison,
        PeriodTransactions,
        TrackingCurves,
        calibration_holdout,
        clv_interval,
        compare_models,
        draw_models,
        period_transactions,
        prediction_interval,
        tracking_curves,
    )
    from custvalue._btyd_covariates import CovariateFit, fit_covariates
    from custvalue._btyd_mbg import ModifiedBetaGeo

__all__ = [
    "BetaGeo",
    "BetaGeoBetaBinom",
    "CalibrationHoldout",
    "CovariateFit",
    "FitResult",
    "GammaGamma",
    "ModelComparison",
    "ModifiedBetaGeo",
    "ParetoNBD",
    "PeriodTransactions",
    "ShiftedBetaGeometric",
    "TrackingCurves",
    "calibration_holdout",
    "clv_interval",
    "compare_models",
    "customer_lifetime_value",
    "draw_models",
    "fit_covariates",
    "model_from_dict",
    "period_transactions",
    "prediction_interval",
    "tracking_curves",
]

_M = TypeVar("_M")


# ---------------------------------------------------------------------------
# validation of parameters and customer summaries
# ---------------------------------------------------------------------------


def _positive(name: str) -> Any:
    """An attrs field holding a strictly positive finite float."""

    def convert(value: object) -> float:
        return as_scalar(value, name, "> 0")

    return attrs.field(converter=convert)


def _rfm(
    frequency: object, recency: object, T: object, *, same_length: bool = False
) -> tuple[FloatArray, FloatArray, FloatArray, Any]:
    """Validate (x, t_x, T), pair pandas inputs by label and broadcast them.

    Returns the three arrays and the shared pandas index (or None).
    """
    return check_customer_summary(frequency, recency, T, one_d=same_length)


def _check_rule(
    ok: np.ndarray[Any, Any], values: FloatArray, name: str, rule: str, labels: Any = None
) -> None:
    if not np.all(ok):
        bad = ~ok
        if values.ndim == 0:
            raise ValueError(f"{name} {rule}; got {_fmt(float(values))}")
        pos = int(np.argwhere(bad.reshape(-1))[0][0])
        more = int(np.count_nonzero(bad)) - 1
        extra = f" (and {more} more)" if more else ""
        value = _fmt(float(values.reshape(-1)[pos]))
        labelled = labels is not None and values.ndim == 1 and len(labels) == values.size
        where = f"label {labels[pos]!r}" if labelled else f"index {pos}"
        raise ValueError(f"{name} {rule}; got {value} at {where}{extra}")


def _weights(weights: object, n: int, labels: Any = None) -> FloatArray:
    if weights is None:
        return np.ones(n)
    with labelled_errors(labels):
        w = as_float_array(weights, "weights", ndim=1)
        check_same_length(frequency=np.empty(n), weights=w)
        check_interval(w, "weights", ">= 0")
    if not np.any(w > 0):
        raise ValueError("weights must contain at least one positive value; got all zeros")
    return w


def _result(out: npt.ArrayLike, index: Any, name: str, *others: object) -> FloatOrArray:
    """A float, an array, or a Series named ``name`` on the inputs' shared index."""
    arr = np.asarray(out, dtype=np.float64)
    if arr.ndim == 1 and index is not None and len(index) == arr.shape[0]:
        import pandas as pd

        series: pd.Series[float] = pd.Series(arr, index=index, name=name)
        return series
    return cast("FloatOrArray", like_input(arr, *others, name=name))


def _time(t: object, name: str = "t") -> FloatArray:
    arr = as_float_array(t, name)
    check_interval(arr, name, ">= 0")
    return arr


@attrs.frozen
class _Patterns:
    """Distinct (x, t_x, T) patterns with their total weight."""

    x: FloatArray
    tx: FloatArray
    T: FloatArray
    weight: FloatArray
    n_customers: int


def _unique_patterns(x: FloatArray, tx: FloatArray, T: FloatArray) -> Any:
    from custvalue.transactions import compress

    return compress(x, tx, T)


def _compress(x: FloatArray, tx: FloatArray, T: FloatArray, w: FloatArray) -> _Patterns:
    c = _unique_patterns(x, tx, T)
    inverse = np.asarray(c.inverse, dtype=np.int64)
    weight = np.bincount(inverse, weights=w, minlength=len(c.frequency)).astype(np.float64)
    keep = weight > 0
    return _Patterns(
        np.asarray(c.frequency, dtype=np.float64)[keep],
        np.asarray(c.recency, dtype=np.float64)[keep],
        np.asarray(c.T, dtype=np.float64)[keep],
        weight[keep],
        round(float(w.sum())),
    )


def _is_compressed(value: object) -> bool:
    from custvalue.transactions import CompressedRFM

    return isinstance(value, CompressedRFM)


def _is_summary(value: object) -> bool:
    from custvalue.transactions import RFMSummary

    return isinstance(value, RFMSummary)


def _from_compressed(c: Any, weights: object, recency: object, T: object, who: str) -> _Patterns:
    """The patterns of a :class:`~custvalue.transactions.CompressedRFM` (counts as weights)."""
    if recency is not None or T is not None:
        raise TypeError(
            f"{who}: pass a CompressedRFM alone as the data (it holds frequency, recency "
            "and T); got recency or T as well"
        )
    if weights is not None:
        raise TypeError(
            f"{who}: a CompressedRFM carries its pattern counts as weights; "
            "do not pass weights= with it"
        )
    counts = np.asarray(c.counts, dtype=np.float64)
    keep = counts > 0
    if not np.any(keep):
        raise ValueError("CompressedRFM.counts must contain at least one positive count")
    return _Patterns(
        np.asarray(c.frequency, dtype=np.float64)[keep],
        np.asarray(c.recency, dtype=np.float64)[keep],
        np.asarray(c.T, dtype=np.float64)[keep],
        counts[keep],
        round(float(counts.sum())),
    )


def _check_identifiable(p: _Patterns, who: str) -> None:
    """Refuse customer summaries whose likelihood has no unique interior maximum."""
    n = p.n_customers
    if np.all(p.T == 0):
        raise ValueError(
            f"{who}: every customer has T = 0 (first seen at the end of observation), so "
            "the likelihood is 1 whatever the parameters (flat): there is nothing to fit"
        )
    if np.all(p.x == 0):
        raise ValueError(
            f"{who}: no customer made a repeat purchase (frequency is 0 for all {n}), so the "
            "likelihood has no maximum: it keeps rising as the purchase rate runs to 0"
        )
    if p.x.size == 1:
        raise ValueError(
            f"{who}: all {n} customers share one pattern (frequency {_fmt(p.x[0])}, recency "
            f"{_fmt(p.tx[0])}, T {_fmt(p.T[0])}); one pattern cannot identify four parameters "
            "(the likelihood has no unique maximum)"
        )
    if np.all(p.tx == p.T):
        raise ValueError(
            f"{who}: recency equals T for every customer (each bought at the end of "
            "observation), so nobody has been silent and dropout is not identified: the "
            "likelihood keeps rising as the dropout probability runs to 0"
        )


def _fit_data(
    frequency: object, recency: object, T: object, weights: object, who: str
) -> _Patterns:
    """Customer summaries (arrays, Series, an RFMSummary or a CompressedRFM) as patterns."""
    if _is_compressed(frequency):
        return _from_compressed(frequency, weights, recency, T, who)
    if _is_summary(frequency):
        if recency is not None or T is not None:
            raise TypeError(
                f"{who}: pass an RFMSummary alone as the data; got recency or T as well"
            )
        s: Any = frequency
        frequency, recency, T = s.frequency, s.recency, s.T
    if recency is None or T is None:
        raise TypeError(
            f"{who} needs frequency, recency and T (or one CompressedRFM or RFMSummary)"
        )
    (frequency, recency, T, weights), _ = align_by_label(
        frequency=frequency, recency=recency, T=T, weights=weights
    )
    x, tx, age, index = _rfm(frequency, recency, T, same_length=True)
    w = _weights(weights, x.size, index)
    return _compress_if_it_pays(x, tx, age, w)


#: Bases smaller than this are always compressed (it costs little).
_COMPRESS_ALWAYS = 50_000
#: Share of distinct patterns in a sample above which compression cannot pay.
_COMPRESS_MAX_SHARE = 0.5


def _compress_if_it_pays(x: FloatArray, tx: FloatArray, T: FloatArray, w: FloatArray) -> _Patterns:
    """Patterns with weights; on continuous-time data (few repeats) the rows themselves.

    Compression sorts the whole base; it pays when patterns repeat (period
    data) and costs more than it saves when nearly every customer is
    distinct (times recorded to the second). A systematic sample of 20,000
    rows estimates the share of distinct patterns.
    """
    n = x.size
    if n > _COMPRESS_ALWAYS:
        step = n // 20_000
        sample = _unique_patterns(x[::step], tx[::step], T[::step])
        if sample.n_patterns > _COMPRESS_MAX_SHARE * sample.n_customers:
            keep = w > 0
            if np.all(keep):
                return _Patterns(x, tx, T, w, round(float(w.sum())))
            return _Patterns(x[keep], tx[keep], T[keep], w[keep], round(float(w.sum())))
    return _compress(x, tx, T, w)


# ---------------------------------------------------------------------------
# special functions
# ---------------------------------------------------------------------------


def _hyp2f1_unit(b: FloatArray, c: FloatArray, z: FloatArray) -> FloatArray:
    """``2F1(1, b; c; z)`` for ``c > max(b, 1)``, ``b > 0`` and ``0 <= z < 1``.

    scipy's series is used where it returns a finite value; elsewhere the
    series is summed directly for ``z <= 0.95`` and, for ``z`` nearer 1 (large
    ``b``, where scipy may return NaN), the Euler integral
    ``E[1 / (1 - z U)]`` with ``U ~ Beta(b, c - b)`` is integrated numerically.
    Every term is positive, so no cancellation occurs.
    """
    b, c, z = np.broadcast_arrays(b, c, z)
    out = np.array(special.hyp2f1(1.0, b, c, z), dtype=np.float64, ndmin=1)
    flat_b, flat_c, flat_z = (np.ravel(v) for v in (b, c, z))
    flat = out.reshape(-1)
    bad = np.flatnonzero(~np.isfinite(flat) | (flat < 1.0))
    # where z is moderate the positive series converges geometrically: sum it
    near = bad[flat_z[bad] <= _SERIES_MAX_Z]
    if near.size:
        flat[near] = _hyp2f1_unit_grad(flat_b[near], flat_c[near], flat_z[near])[0]
    for i in bad[flat_z[bad] > _SERIES_MAX_Z]:
        flat[i] = _hyp2f1_unit_quad(float(flat_b[i]), float(flat_c[i]), float(flat_z[i]))
    return flat.reshape(np.shape(z))


def _hyp2f1_unit_quad(b: float, c: float, z: float) -> float:
    from scipy import integrate

    if b < 1.0:
        # u^(b - 1) is singular at u = 0: step up with the positive recurrence
        # 2F1(1, b; c; z) = 1 + (b z / c) 2F1(1, b + 1; c + 1; z)
        rest = _hyp2f1_unit(np.array([b + 1.0]), np.array([c + 1.0]), np.array([z]))
        return float(1.0 + b * z / c * rest[0])
    d = c - b
    lognorm = -special.betaln(b, d)
    if d < 1.0:
        # (1 - u)^(d - 1) is singular at u = 1 (where the mass piles up when
        # b is large): substitute w = (1 - u)^d, so (1 - u)^(d - 1) du = -dw / d
        # and the integrand is bounded.
        inv_d = 1.0 / d
        lognorm_w = lognorm - math.log(d)
        # the mass sits where 1 - u ~ 1 / b, i.e. w ~ b^(-d)
        hint = min(max(math.exp(-d * math.log(max(b, 1.0))), 1e-12), 1.0 - 1e-12)

        def integrand_w(w: float) -> float:
            if w <= 0.0 or w >= 1.0:
                return 0.0
            one_minus_u = w**inv_d
            u = 1.0 - one_minus_u
            if u <= 0.0:
                return 0.0
            return math.exp(lognorm_w + (b - 1.0) * math.log1p(-one_minus_u) - math.log1p(-z * u))

        value, _err = integrate.quad(
            integrand_w, 0.0, 1.0, points=[hint], limit=200, epsabs=0.0, epsrel=1e-12
        )
        return float(value)
    # mode of the Beta(b, d) density, to help the adaptive rule find the mass
    mode = (b - 1.0) / (b + d - 2.0) if b > 1.0 and d > 1.0 else 1.0 - 1.0 / (b + d)
    mode = min(max(mode, 1e-12), 1.0 - 1e-12)

    def integrand(u: float) -> float:
        if u <= 0.0 or u >= 1.0:
            return 0.0
        return math.exp(
            lognorm + (b - 1.0) * math.log(u) + (d - 1.0) * math.log1p(-u) - math.log1p(-z * u)
        )

    value, _err = integrate.quad(integrand, 0.0, 1.0, points=[mode], limit=200, epsabs=0.0)
    return float(value)


_SERIES_MAX_Z = 0.95
_SERIES_MAX_TERMS = 1500


#: Elements with z at most this take the fixed-length series (z^n falls fast).
_FIXED_TERMS_MAX_Z = 0.5


def _hyp2f1_fixed_terms(
    b: FloatArray, c: FloatArray, z: FloatArray, terms: int
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """``2F1(1, b; c; z)`` and its derivatives by ``terms`` terms of the positive series."""
    term = np.ones_like(z)
    acc = np.ones_like(z)
    acc_b = np.zeros_like(z)
    acc_c = np.zeros_like(z)
    acc_z = np.zeros_like(z)
    scalar_b = np.ndim(b) == 0 or bool(np.all(b == np.ravel(b)[0]))
    b0 = float(np.ravel(b)[0]) if scalar_b else 0.0
    sb_scalar = 0.0
    sb = np.zeros_like(z)
    sc = np.zeros_like(z)
    for n in range(1, terms + 1):
        ck = c + (n - 1)
        if scalar_b:
            bk: Any = b0 + (n - 1)
            sb_scalar += 1.0 / bk
        else:
            bk = b + (n - 1)
            sb += 1.0 / bk
        ratio = bk / ck
        acc_z += n * term * ratio
        term = term * ratio * z
        sc += 1.0 / ck
        acc += term
        acc_b += term * (sb_scalar if scalar_b else sb)
        acc_c -= term * sc
    return acc, acc_b, acc_c, acc_z


def _hyp2f1_unit_grad(
    b: FloatArray, c: FloatArray, z: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """``F = 2F1(1, b; c; z)`` and its partial derivatives in ``b``, ``c`` and ``z``.

    For ``z <= 0.95`` the series ``sum_n (b)_n / (c)_n z^n`` (positive terms,
    ratio below ``z``) is summed term by term together with its derivatives;
    the remaining elements use :func:`_hyp2f1_unit` and central differences.
    """
    b, c, z = (np.array(v, dtype=np.float64) for v in np.broadcast_arrays(b, c, z))
    f = np.ones_like(z)
    f_b = np.zeros_like(z)
    f_c = np.zeros_like(z)
    f_z = np.zeros_like(z)
    series = z <= _SERIES_MAX_Z
    fl, fbl, fcl, fzl = (arr.reshape(-1) for arr in (f, f_b, f_c, f_z))
    small = z <= _FIXED_TERMS_MAX_Z
    if np.all(small) and z.size:
        # Every term is below z^n (the ratios (b+n-1)/(c+n-1) are < 1), so a
        # fixed number of terms, found from the largest z, reaches 1e-17 for
        # every element: no per-element convergence bookkeeping.
        zmax = float(np.max(z))
        terms = 1
        while zmax**terms * (terms + 50.0) > 1e-17 and terms < _SERIES_MAX_TERMS:
            terms += 1
        return _hyp2f1_fixed_terms(b, c, z, terms)
    idx = np.flatnonzero(series.reshape(-1))
    if idx.size:
        pos = idx
        bb, cc, zz = b.ravel()[idx], c.ravel()[idx], z.ravel()[idx]
        term = np.ones_like(zz)
        sb = np.zeros_like(zz)
        sc = np.zeros_like(zz)
        acc = np.ones_like(zz)
        acc_b = np.zeros_like(zz)
        acc_c = np.zeros_like(zz)
        acc_z = np.zeros_like(zz)
        for n in range(1, _SERIES_MAX_TERMS + 1):
            bk = bb + (n - 1)
            ck = cc + (n - 1)
            ratio = bk / ck
            acc_z += n * term * ratio
            term *= ratio * zz
            sb += 1.0 / bk
            sc += 1.0 / ck
            acc += term
            acc_b += term * sb
            acc_c -= term * sc
            if n % 4 and n != _SERIES_MAX_TERMS:
                continue
            done = term * (1.0 + sb + n) <= 1e-17 * acc
            if done.any():
                where = pos[done]
                fl[where], fbl[where], fcl[where], fzl[where] = (
                    acc[done],
                    acc_b[done],
                    acc_c[done],
                    acc_z[done],
                )
                keep = ~done
                pos = pos[keep]
                if pos.size == 0:
                    break
                bb, cc, zz, term = bb[keep], cc[keep], zz[keep], term[keep]
                sb, sc = sb[keep], sc[keep]
                acc, acc_b, acc_c, acc_z = acc[keep], acc_b[keep], acc_c[keep], acc_z[keep]
        if pos.size:  # pragma: no cover - budget exhausted: numerical path below
            series.ravel()[pos] = False
    rest = np.flatnonzero(~series)
    if rest.size:
        bb, cc, zz = b.ravel()[rest], c.ravel()[rest], z.ravel()[rest]
        hb = 1e-5 * np.maximum(bb, 1.0)
        hz = 1e-6 * np.minimum(zz, 1.0 - zz)
        base = _hyp2f1_unit(bb, cc, zz)
        d_b = (_hyp2f1_unit(bb + hb, cc, zz) - _hyp2f1_unit(bb - hb, cc, zz)) / (2 * hb)
        hc = 1e-5 * np.maximum(cc - bb, 1e-3)
        d_c = (_hyp2f1_unit(bb, cc + hc, zz) - _hyp2f1_unit(bb, cc - hc, zz)) / (2 * hc)
        d_z = (_hyp2f1_unit(bb, cc, zz + hz) - _hyp2f1_unit(bb, cc, zz - hz)) / (2 * hz)
        for arr, val in ((f, base), (f_b, d_b), (f_c, d_c), (f_z, d_z)):
            arr.reshape(-1)[rest] = val
    return f, f_b, f_c, f_z


def _dot(w: np.ndarray[Any, Any], v: np.ndarray[Any, Any]) -> float:
    """``sum(w * v)`` without BLAS (threaded BLAS is slow for these reductions)."""
    return float(np.einsum("i,i->", w, v))


def _one_minus_pow_over(k: float, logq: FloatArray) -> FloatArray:
    """``(1 - q**k) / k`` for ``q = exp(logq) <= 1``, with the limit ``-log q`` at k = 0."""
    if k == 0.0:
        return np.asarray(-logq, dtype=np.float64)
    return np.asarray(-np.expm1(k * logq) / k, dtype=np.float64)


# ---------------------------------------------------------------------------
# maximum likelihood
# ---------------------------------------------------------------------------

Objective = Callable[[FloatArray], tuple[float, FloatArray]]


def _hessian(
    objective: Objective,
    theta: FloatArray,
    step: float = 1e-4,
    *,
    grad_at: FloatArray | None = None,
) -> FloatArray:
    """Hessian by central differences of the gradient (forward ones given ``grad_at``).

    Forward differences (``k`` gradient evaluations instead of ``2k``, with
    an error of order ``step``, i.e. relative 1e-5 in the standard errors)
    serve the large bases, where every evaluation is costly.
    """
    k = theta.size
    hess = np.empty((k, k))
    for j in range(k):
        e = np.zeros(k)
        if grad_at is not None:
            e[j] = step / 10.0
            hess[:, j] = (objective(theta + e)[1] - grad_at) / e[j]
        else:
            e[j] = step
            hess[:, j] = (objective(theta + e)[1] - objective(theta - e)[1]) / (2.0 * step)
    return np.asarray(0.5 * (hess + hess.T), dtype=np.float64)


@attrs.frozen
class _Optimum:
    theta: FloatArray
    loglik: float
    hessian: FloatArray
    converged: bool
    message: str
    iterations: int


@attrs.frozen
class _Steps:
    """What the first stage of :func:`_maximise` reached (BFGS or warm Newton)."""

    x: FloatArray
    nit: int
    success: bool
    message: str


def _warm_newton(
    penalised: Callable[[FloatArray], tuple[float, FloatArray]],
    theta0: FloatArray,
    hess0: FloatArray,
) -> _Steps | None:
    """Newton steps from a pilot optimum with the pilot's (rescaled) Hessian.

    Returns None when a step cannot decrease the objective (then BFGS takes over).
    """
    theta = theta0
    value, grad = penalised(theta)
    if not np.isfinite(value):
        return None
    for it in range(1, 21):
        if float(np.max(np.abs(grad))) < 1e-7:
            return _Steps(theta, it - 1, True, "warm Newton steps converged")
        try:
            step = np.linalg.solve(hess0, grad)
        except np.linalg.LinAlgError:
            return None
        if float(grad @ step) < 1e-15 * max(abs(value), 1.0):
            # the predicted decrease is at the round-off of the objective
            return _Steps(theta, it - 1, True, "warm Newton steps reached round-off")
        length = 1.0
        for _ in range(12):
            cand = theta - length * step
            cand_value, cand_grad = penalised(cand)
            if cand_value <= value:
                break
            length /= 2.0
        else:
            return None
        theta, value, grad = cand, cand_value, cand_grad
    return _Steps(theta, 20, float(np.max(np.abs(grad))) < 1e-7, "warm Newton steps")


def _maximise(
    objective: Objective,
    theta0: FloatArray,
    *,
    scale: float,
    l2_penalty: float,
    hessian_hint: FloatArray | None = None,
) -> _Optimum:
    """Maximise a log-likelihood over log-parameters with BFGS, then Newton-polish.

    ``objective(theta)`` returns the total log-likelihood and its gradient
    with respect to ``theta`` (the log-parameters). The optimiser minimises
    ``-LL / scale + l2_penalty * sum(theta**2)`` (``scale`` = customers).
    With ``hessian_hint`` (the log-likelihood Hessian per customer at a
    pilot optimum near ``theta0``) Newton steps replace BFGS.
    """

    from scipy import optimize  # imported here: it costs ~0.4 s and only fitting needs it

    last: dict[str, Any] = {}

    def penalised(theta: FloatArray) -> tuple[float, FloatArray]:
        ll, grad = objective(theta)
        last.update(theta=theta.copy(), ll=ll, grad=grad)
        if not np.isfinite(ll):
            return math.inf, np.zeros_like(theta)
        value = -ll / scale + l2_penalty * float(theta @ theta)
        return value, -grad / scale + 2.0 * l2_penalty * theta

    k = theta0.size
    res: Any = None
    if hessian_hint is not None:
        res = _warm_newton(penalised, theta0, -hessian_hint + 2.0 * l2_penalty * np.eye(k))
    if res is None:
        res = optimize.minimize(
            penalised, theta0, jac=True, method="BFGS", options={"maxiter": 1000, "gtol": 1e-5}
        )
    theta = np.asarray(res.x, dtype=np.float64)
    value, grad = penalised(theta)
    if not np.isfinite(value):
        raise ConvergenceError(
            f"maximum likelihood failed: the log-likelihood is not finite at the optimiser's "
            f"last point after {res.nit} iterations ({res.message})"
        )
    # Newton polishing: BFGS stops at a gradient tolerance; Newton steps with
    # the Hessian (needed for the standard errors anyway) reach the optimum to
    # machine precision.
    cheap = hessian_hint is not None
    hess = _hessian(penalised, theta, grad_at=grad if cheap else None)
    hess_theta = theta
    for _ in range(5):
        if float(np.max(np.abs(grad))) < 1e-10:
            break
        try:
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            break
        if not np.all(np.isfinite(step)) or float(np.max(np.abs(step))) < 1e-12:
            break
        cand_value, cand_grad = penalised(theta - step)
        if not cand_value <= value:
            break
        theta, value, grad = theta - step, cand_value, cand_grad
    if "theta" in last and np.array_equal(last["theta"], theta):
        ll, grad_ll = last["ll"], last["grad"]
    else:
        ll, grad_ll = objective(theta)
    grad = -grad_ll / scale + 2.0 * l2_penalty * theta
    if float(np.max(np.abs(theta - hess_theta))) > 1e-3:
        hess = _hessian(penalised, theta, grad_at=grad if cheap else None)
    ll_hessian = -scale * (hess - 2.0 * l2_penalty * np.eye(k))
    gnorm = float(np.max(np.abs(grad)))
    converged = bool(gnorm < 1e-6)
    message = f"largest gradient component {gnorm:.3g} after {res.nit} iterations"
    if not res.success:
        message += f" (optimiser stopped: {res.message})"
    return _Optimum(theta, float(ll), ll_hessian, converged, message, int(res.nit))


# ---------------------------------------------------------------------------
# fit result
# ---------------------------------------------------------------------------


class _FitStatistics:
    """Parameter count and information criteria of a maximum-likelihood fit."""

    __slots__ = ()

    loglik: float
    std_errors: FrozenDict[str, float]
    n_customers: int

    @property
    def n_params(self) -> int:
        """Number of estimated parameters."""
        return len(self.std_errors)

    @property
    def aic(self) -> float:
        """Akaike information criterion, ``2k - 2 LL``."""
        return 2.0 * self.n_params - 2.0 * self.loglik

    @property
    def bic(self) -> float:
        """Bayesian information criterion, ``k ln n - 2 LL`` (n customers)."""
        return self.n_params * math.log(self.n_customers) - 2.0 * self.loglik


def _parameter_table(
    estimates: Sequence[float] | FloatArray,
    std_errors: FrozenDict[str, float],
    interval: ConfidenceInterval,
) -> pd.DataFrame:
    """One row per parameter (named by ``std_errors``): estimate, standard error, interval."""
    import pandas as pd

    low, high = interval
    names = list(std_errors)
    frame: pd.DataFrame = pd.DataFrame(
        {
            "estimate": estimates,
            "std_error": [std_errors[n] for n in names],
            "ci_low": low.to_numpy(),
            "ci_high": high.to_numpy(),
        },
        index=pd.Index(names, name="parameter"),
    )
    return frame


@attrs.frozen(eq=False, repr=False)
class FitResult(_FitStatistics, ResultMixin, Generic[_M]):
    """A maximum-likelihood fit of one of this module's models.

    Attributes
    ----------
    model : BetaGeo, ParetoNBD, GammaGamma, ShiftedBetaGeometric, ...
        The fitted parameters.
    loglik : float
        Maximised log-likelihood (with every constant of the density, so it
        is comparable with published values).
    std_errors : FrozenDict of str to float
        Asymptotic standard errors of the parameters (delta method from the
        observed information of the log-parameters); NaN if the information
        is not positive definite.
    covariance : numpy.ndarray
        Covariance matrix of the log-parameters (inverse observed
        information), read-only.
    converged : bool
        Whether the optimiser reached an interior maximum: the gradient
        vanishes, the information is positive definite and no parameter ran
        to the edge of its range.
    message : str
        What the optimiser reached, or what is wrong with the maximum.
    iterations : int
        Quasi-Newton iterations used.
    n_customers : int
        Customers behind the fit (the sum of the weights, rounded; cohort
        members for the sBG).
    n_patterns : int
        Distinct data patterns the likelihood was evaluated on.
    l2_penalty : float
        The L2 penalty the fit used (0 for maximum likelihood).
    """

    model: _M
    loglik: float
    std_errors: FrozenDict[str, float]
    covariance: FloatArray
    converged: bool
    message: str
    iterations: int
    n_customers: int
    n_patterns: int
    l2_penalty: float = 0.0

    @property
    def params(self) -> FrozenDict[str, float]:
        """The fitted parameters by name."""
        return FrozenDict({name: float(getattr(self.model, name)) for name in self.std_errors})

    def confidence_interval(self, *, level: float = 0.95) -> ConfidenceInterval:
        """Parameter-wise Wald intervals, computed on the log scale so they stay positive.

        ``exp(ln(theta) -+ z * se(ln theta))`` with ``z`` the normal quantile.

        Returns
        -------
        ConfidenceInterval
            ``low`` and ``high`` are pandas Series indexed by parameter name
            (NaN where the information is not positive definite).

        Examples
        --------
        >>> from custvalue.btyd import ShiftedBetaGeometric
        >>> fit = ShiftedBetaGeometric.fit([1000, 631, 468, 382, 326, 289, 262, 241])
        >>> low, high = fit.confidence_interval(level=0.9)
        >>> low.round(3).to_dict()
        {'alpha': 0.604, 'beta': 0.956}
        """
        import pandas as pd

        z = two_sided_z(check_level(level))
        names = list(self.std_errors)
        est = np.array([float(getattr(self.model, n)) for n in names])
        var = np.diag(self.covariance)
        with np.errstate(invalid="ignore"):
            half = z * np.sqrt(np.where(var >= 0, var, np.nan))
        low = pd.Series(est * np.exp(-half), index=names, name="low")
        high = pd.Series(est * np.exp(half), index=names, name="high")
        return ConfidenceInterval(low=low, high=high, level=float(level))

    def to_frame(self, *, level: float = 0.95) -> pd.DataFrame:
        """One row per parameter (the index): estimate, standard error and interval.

        Columns ``estimate``, ``std_error``, ``ci_low``, ``ci_high``.
        """
        estimates = [float(getattr(self.model, n)) for n in self.std_errors]
        return _parameter_table(estimates, self.std_errors, self.confidence_interval(level=level))

    def summary(self, *, level: float = 0.95) -> str:
        """A text report: the parameter table, log-likelihood, AIC/BIC and convergence."""
        table = self.to_frame(level=level)
        pct = f"{round(level * 100, 6):g}%"
        lines = [
            f"{type(self.model).__name__} fit by maximum likelihood"
            + (f" (L2 penalty {self.l2_penalty:g})" if self.l2_penalty else ""),
            f"customers: {self.n_customers}   patterns: {self.n_patterns}",
            f"log-likelihood: {self.loglik:.4f}   AIC: {self.aic:.2f}   BIC: {self.bic:.2f}",
            f"converged: {self.converged} ({self.message})",
            "",
            f"{'parameter':<10}{'estimate':>12}{'std. error':>12}"
            f"{'low ' + pct:>14}{'high ' + pct:>14}",
        ]
        for name, row in table.iterrows():
            lines.append(
                f"{name!s:<10}{row['estimate']:>12.4f}{row['std_error']:>12.4f}"
                f"{row['ci_low']:>14.4f}{row['ci_high']:>14.4f}"
            )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe fields; ``model_type`` names the model class (see :func:`model_from_dict`)."""
        out = super().to_dict()
        out["model_type"] = type(self.model).__name__
        return out


#: Largest |log-parameter| of an interior optimum: beyond it (a parameter
#: below 1e-8 or above 6.6e7 in the data's units) the maximum lies on the
#: edge of the parameter space.
_BOUNDARY_LOG = 18.0


def _fit_result(
    model: _M,
    names: tuple[str, ...],
    opt: _Optimum,
    *,
    n_customers: int,
    n_patterns: int,
    l2_penalty: float,
    stacklevel: int = 3,
) -> FitResult[_M]:
    """The fit of ``model`` at ``opt``; ``stacklevel`` makes a warning name the fit's caller."""
    k = len(names)
    cov = np.full((k, k), np.nan)
    info = -opt.hessian
    pd_info = False
    if np.all(np.isfinite(info)):
        eig = np.linalg.eigvalsh(info)
        # relative to the largest eigenvalue: a flat direction gives round-off only
        pd_info = bool(eig[0] > 1e-10 * max(abs(eig[-1]), 1e-300))
        if pd_info:
            cov = np.linalg.inv(info)
    est = np.exp(opt.theta)
    diag = np.diag(cov)
    se = {
        n: float(est[i] * math.sqrt(diag[i])) if diag[i] >= 0 else math.nan
        for i, n in enumerate(names)
    }
    problems = []
    edge = [f"{n} = {est[i]:.3g}" for i, n in enumerate(names) if abs(opt.theta[i]) > _BOUNDARY_LOG]
    if edge:
        problems.append(
            "the maximum lies on the boundary of the parameter space ("
            + ", ".join(edge)
            + " ran towards 0 or infinity): the data do not identify the model"
        )
    if not pd_info:
        problems.append(
            "the observed information is not positive definite: the likelihood is flat in "
            "some direction, so the maximum is not unique and the standard errors are NaN"
        )
    if not opt.converged:
        problems.append(f"the optimiser stopped short of a maximum: {opt.message}")
    converged = not problems
    message = (
        "interior maximum: gradient below 1e-6, information positive definite"
        if converged
        else "; ".join(problems)
    )
    if not converged:
        warnings.warn(
            f"{type(model).__name__}.fit found no reliable maximum: {message}",
            ConvergenceWarning,
            stacklevel=stacklevel,
        )
    return FitResult(
        model=model,
        loglik=opt.loglik,
        std_errors=FrozenDict(se),
        covariance=cov,
        converged=converged,
        message=message,
        iterations=opt.iterations,
        n_customers=n_customers,
        n_patterns=n_patterns,
        l2_penalty=l2_penalty,
    )


def _penalty(value: object) -> float:
    return as_scalar(value, "l2_penalty", ">= 0")


def _counts_and_times(n: object, t: object) -> tuple[FloatArray, FloatArray]:
    nn = as_float_array(n, "n")
    check_interval(nn, "n", ">= 0")
    check_integral(nn, "n")
    tt = _time(t)
    nn, tt = broadcast(n=nn, t=tt)
    return nn, tt


def _conditional_pmf_args(
    n: object, t: object, frequency: object, recency: object, T: object
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, Any]:
    """Validate and broadcast (n, t) with a customer history, pairing pandas inputs by label."""
    (n, t, frequency, recency, T), _ = align_by_label(
        n=n, t=t, frequency=frequency, recency=recency, T=T
    )
    x, tx, age, index = _rfm(frequency, recency, T)
    with labelled_errors(index):
        nn, tt = _counts_and_times(n, t)
        nn, tt, x, tx, age = broadcast(n=nn, t=tt, frequency=x, recency=tx, T=age)
    return nn, tt, x, tx, age, index


def _bg_pmf(n: FloatArray, t: FloatArray, r: Any, alpha: Any, a: Any, b: Any) -> FloatArray:
    """BG/NBD ``P(X(t) = n)`` elementwise, parameters broadcasting with ``n`` and ``t``."""
    with np.errstate(divide="ignore"):
        logp = np.log(alpha) - np.log(alpha + t)
        log1mp = np.log(t) - np.log(alpha + t)
    lnb = (
        special.gammaln(r + n)
        - special.gammaln(r)
        - special.gammaln(n + 1.0)
        + r * logp
        + special.xlogy(n, np.exp(log1mp))
    )
    first = np.exp(special.betaln(a, b + n) - special.betaln(a, b) + lnb)
    rep = n > 0
    safe_n = np.where(rep, n, 1.0)
    tail = special.betainc(safe_n, r, np.exp(log1mp))  # P(NB >= n)
    second = np.where(
        rep,
        np.exp(special.betaln(a + 1.0, b + safe_n - 1.0) - special.betaln(a, b)) * tail,
        0.0,
    )
    return np.asarray(first + second, dtype=np.float64)


# ---------------------------------------------------------------------------
# models as values: rebuilt from their dicts
# ---------------------------------------------------------------------------

_ModelT = TypeVar("_ModelT", bound="_Model")


class _Model(ResultMixin):
    """A frozen parameter object that services can store as a dict and rebuild."""

    __slots__ = ()

    @classmethod
    def from_dict(cls: type[_ModelT], data: Mapping[str, Any]) -> _ModelT:
        """Rebuild the model from ``model.to_dict()`` or from a ``FitResult.to_dict()``.

        Raises
        ------
        TypeError
            If ``data`` is not a mapping, holds another model type, or its
            keys are not the model's parameter names.
        ValueError
            If a parameter is not a finite number > 0.
        """
        if not isinstance(data, Mapping):
            raise TypeError(f"data must be a mapping (a dict); got {type(data).__name__}")
        if "model" in data and "model_type" in data:
            if data["model_type"] != cls.__name__:
                raise TypeError(
                    f"data holds a {data['model_type']} fit, not a {cls.__name__}; "
                    "use custvalue.btyd.model_from_dict to rebuild any model"
                )
            data = data["model"]
            if not isinstance(data, Mapping):
                raise TypeError(f"data['model'] must be a mapping; got {type(data).__name__}")
        names = [f.name for f in attrs.fields(cls)]  # type: ignore[arg-type]
        if sorted(data) != sorted(names):
            raise TypeError(
                f"{cls.__name__}.from_dict needs exactly the keys {names}; got {sorted(data)}"
            )
        return cls(**data)


def model_from_dict(data: Mapping[str, Any]) -> Any:
    """Rebuild a fitted model from ``FitResult.to_dict()`` (its ``model_type`` names the class).

    Examples
    --------
    >>> from custvalue.btyd import ShiftedBetaGeometric, model_from_dict
    >>> fit = ShiftedBetaGeometric.fit([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> model_from_dict(fit.to_dict()) == fit.model
    True
    """
    if not isinstance(data, Mapping) or "model_type" not in data or "model" not in data:
        raise TypeError("data must be a FitResult.to_dict() mapping with 'model_type' and 'model'")
    kind = data["model_type"]
    _load_lazy_models()
    classes = {c.__name__: c for c in _Model.__subclasses__()}
    if kind not in classes:
        raise ValueError(f"model_type must be one of {sorted(classes)}; got {kind!r}")
    return classes[kind].from_dict(data)


# ---------------------------------------------------------------------------
# BG/NBD
# ---------------------------------------------------------------------------


def _bgnbd_objective(p: _Patterns) -> Objective:
    """BG/NBD log-likelihood of weighted patterns and its gradient in the log-parameters.

    Customers without repeat purchase contribute only ``-r ln(alpha + T)``
    beyond the constants, so they are kept apart; for repeat buyers the
    two-term likelihood is ``l3 + softplus(D)`` with the log-odds
    ``D = ln a - ln(b + x - 1) + (r + x) ln((alpha + T)/(alpha + t_x))``.
    Terms that depend on ``x`` alone are evaluated once per distinct ``x``
    and gathered. Per evaluation and repeat buyer this costs two logarithms,
    one exponential and one ``log1p``.
    """
    x, tx, T, w = p.x, p.tx, p.T, p.weight
    ux, xi = np.unique(x, return_inverse=True)
    xi = xi.reshape(-1)
    wx = np.bincount(xi, weights=w)
    w_total = float(w.sum())
    zero = x == 0
    T0, w0 = T[zero], w[zero]
    rep = ~zero
    xr, txr, Tr, wr = x[rep], tx[rep], T[rep], w[rep]
    xi_r = xi[rep]

    def objective(theta: FloatArray) -> tuple[float, FloatArray]:
        r, alpha, a, b = np.exp(theta)
        # terms that depend on x only, evaluated once per distinct x
        lx = (
            special.gammaln(r + ux)
            - special.gammaln(r)
            + special.gammaln(a + b)
            + special.gammaln(b + ux)
            - special.gammaln(b)
            - special.gammaln(a + b + ux)
        )
        ll = _dot(wx, lx) + w_total * r * math.log(alpha)
        # no repeat purchase: l = ... - r ln(alpha + T)
        la0 = np.log(alpha + T0)
        ll -= r * _dot(w0, la0)
        d_r = -_dot(w0, la0)
        d_alpha = -r * _dot(w0, 1.0 / (alpha + T0))
        d_a = 0.0
        d_b = 0.0
        if xr.size:
            rx = r + xr
            at = alpha + Tr
            ax = alpha + txr
            la_T = np.log(at)
            la_tx = np.log(ax)
            inv_bx = 1.0 / (b + ux - 1.0 + (ux == 0))  # x = 0 never gathered here
            gap = la_T - la_tx
            d = math.log(a) + np.log(inv_bx)[xi_r] + rx * gap
            e = np.exp(-np.abs(d))
            softplus = np.maximum(d, 0.0) + np.log1p(e)
            w4 = np.where(d >= 0.0, 1.0, e) / (1.0 + e)
            ll += _dot(wr, softplus - rx * la_T)
            ww4 = wr * w4
            d_r += -_dot(wr, la_T) + _dot(ww4, gap)
            d_alpha += -_dot(wr * rx, 1.0 / at - w4 * (1.0 / at - 1.0 / ax))
            d_a = float(ww4.sum()) / a
            d_b = -_dot(ww4, inv_bx[xi_r])
        dig_ab = special.digamma(a + b)
        d_r += _dot(wx, special.digamma(r + ux) - special.digamma(r))
        d_r += w_total * math.log(alpha)
        d_alpha += w_total * r / alpha
        d_a += _dot(wx, dig_ab - special.digamma(a + b + ux))
        d_b += _dot(
            wx, dig_ab + special.digamma(b + ux) - special.digamma(b) - special.digamma(a + b + ux)
        )
        return float(ll), np.array([d_r * r, d_alpha * alpha, d_a * a, d_b * b])

    return objective


#: Above this many patterns a fit first finds the optimum of a systematic
#: sample of about 30,000 patterns, then takes Newton steps on all of them.
_PILOT_MIN = 100_000


def _maximise_patterns(
    make: Callable[[_Patterns], Objective],
    p: _Patterns,
    theta0: FloatArray,
    *,
    l2_penalty: float,
) -> _Optimum:
    """:func:`_maximise` on patterns, with a pilot fit on a sample for large bases.

    The pilot's optimum and Hessian (per customer) start Newton steps on the
    whole base, which then needs a handful of likelihood evaluations instead
    of a quasi-Newton run from scratch. The result is the full-data maximum
    either way (the same convergence criteria apply).
    """
    scale = float(p.weight.sum())
    if p.x.size <= _PILOT_MIN:
        return _maximise(make(p), theta0, scale=scale, l2_penalty=l2_penalty)
    step = max(1, p.x.size // 30_000)
    sub = _Patterns(p.x[::step], p.tx[::step], p.T[::step], p.weight[::step], 0)
    sub_scale = float(sub.weight.sum())
    try:
        pilot = _maximise(make(sub), theta0, scale=sub_scale, l2_penalty=l2_penalty)
    except ConvergenceError:
        return _maximise(make(p), theta0, scale=scale, l2_penalty=l2_penalty)
    hint = pilot.hessian / sub_scale
    if not (np.all(np.isfinite(hint)) and np.all(np.linalg.eigvalsh(-hint) > 0)):
        return _maximise(make(p), pilot.theta, scale=scale, l2_penalty=l2_penalty)
    return _maximise(make(p), pilot.theta, scale=scale, l2_penalty=l2_penalty, hessian_hint=hint)


def _start_rate(p: _Patterns) -> float:
    """A deterministic starting value for a time-scale parameter (alpha, beta)."""
    total_x = _dot(p.weight, p.x)
    total_T = _dot(p.weight, p.T)
    return max(total_T / max(total_x, 1.0), 1e-3)


class _Survival(Protocol):
    """What the shared prediction helpers need of a model with an unobserved dropout."""

    def _log_odds_dead(self, x: FloatArray, tx: FloatArray, T: FloatArray) -> FloatArray: ...

    def _purchases_if_alive(self, t: FloatArray, x: FloatArray, T: FloatArray) -> FloatArray: ...


def _alive(model: _Survival, x: FloatArray, tx: FloatArray, T: FloatArray) -> FloatArray:
    """``P(alive | x, t_x, T)`` as the logistic function of the model's log-odds of death."""
    return np.asarray(special.expit(-model._log_odds_dead(x, tx, T)), dtype=np.float64)


def _p_alive(model: _Survival, frequency: object, recency: object, T: object) -> FloatOrArray:
    """The public ``p_alive`` of a model: validated histories in, a named result out."""
    x, tx, age, index = _rfm(frequency, recency, T)
    return _result(_alive(model, x, tx, age), index, "p_alive")


def _alive_purchases(
    model: _Survival, t: FloatArray, x: FloatArray, tx: FloatArray, T: FloatArray
) -> FloatArray:
    """Expected purchases in ``(T, T + t]``: ``P(alive)`` times those of an alive customer."""
    alive = _alive(model, x, tx, T)
    return np.asarray(model._purchases_if_alive(t, x, T) * alive, dtype=np.float64)


def _conditional_expected(
    model: _Survival,
    t: object,
    frequency: object,
    recency: object,
    T: object,
) -> FloatOrArray:
    """The public ``conditional_expected_purchases``: pair by label, validate, broadcast."""
    (frequency, recency, T, t), _ = align_by_label(frequency=frequency, recency=recency, T=T, t=t)
    x, tx, age, index = _rfm(frequency, recency, T)
    with labelled_errors(index):
        tt = _time(t)
        tt, x, tx, age = broadcast(t=tt, frequency=x, recency=tx, T=age)
    out = _alive_purchases(model, tt, x, tx, age)
    return _result(out, index, "conditional_expected_purchases", t)


def _conditional_pmf(
    model: _Survival,
    pmf_if_alive: Callable[[FloatArray, FloatArray, FloatArray, FloatArray], FloatArray],
    n: object,
    t: object,
    frequency: object,
    recency: object,
    T: object,
) -> FloatOrArray:
    """The public ``conditional_p_purchases``: alive, ``pmf_if_alive(n, t, x, T)``; dead, 0."""
    nn, tt, x, tx, age, index = _conditional_pmf_args(n, t, frequency, recency, T)
    alive = _alive(model, x, tx, age)
    out = alive * pmf_if_alive(nn, tt, x, age) + (1.0 - alive) * (nn == 0)
    return _result(out, index, "conditional_p_purchases", n, t)


def _fit_summaries(
    cls: type[_ModelT],
    objective: Callable[[_Patterns], Objective],
    start: Callable[[_Patterns], FloatArray],
    frequency: object,
    recency: object,
    T: object,
    weights: object,
    l2_penalty: object,
) -> FitResult[_ModelT]:
    """The ``fit`` of a model of customer summaries ``(x, t_x, T)`` (see :meth:`BetaGeo.fit`).

    ``start(patterns)`` gives the log-parameters the optimiser starts from.
    """
    pen = _penalty(l2_penalty)
    p = _fit_data(frequency, recency, T, weights, f"{cls.__name__}.fit")
    _check_identifiable(p, f"{cls.__name__}.fit")
    opt = _maximise_patterns(objective, p, start(p), l2_penalty=pen)
    model = cls(*np.exp(opt.theta))
    return _fit_result(
        model,
        tuple(f.name for f in attrs.fields(cls)),  # type: ignore[arg-type]
        opt,
        n_customers=p.n_customers,
        n_patterns=p.x.size,
        l2_penalty=pen,
        stacklevel=4,  # the caller of cls.fit
    )


def _log_params(model: _Model) -> FloatArray:
    """The natural logarithms of a model's parameters, in field order."""
    values = [getattr(model, f.name) for f in attrs.fields(type(model))]  # type: ignore[arg-type]
    return np.log(np.array(values, dtype=np.float64))


def _loglik_summaries(
    model: _Model,
    objective: Callable[[_Patterns], Objective],
    frequency: object,
    recency: object,
    T: object,
    weights: object,
) -> float:
    """The ``loglik`` of a model whose objective gives the log-likelihood first."""
    p = _fit_data(frequency, recency, T, weights, f"{type(model).__name__}.loglik")
    return objective(p)(_log_params(model))[0]


def _start_four(p: _Patterns) -> FloatArray:
    """Start of the BG/NBD family: ``r = a = b = 1``, ``alpha`` the age per repeat purchase."""
    return np.log(np.array([1.0, _start_rate(p), 1.0, 1.0], dtype=np.float64))


@attrs.frozen(eq=False, repr=False)
class BetaGeo(_Model):
    r"""The BG/NBD model of repeat purchasing (BG/NBD 模型, Fader, Hardie & Lee 2005).

    While active, a customer buys according to a Poisson process with rate
    :math:`\lambda \sim \text{Gamma}(r, \alpha)`; after each purchase she
    becomes inactive with probability :math:`p \sim \text{Beta}(a, b)`.

    Parameters
    ----------
    r, alpha : float
        Shape and rate (in the data's time unit) of the purchase-rate
        distribution; the mean rate of an active customer is ``r / alpha``.
    a, b : float
        Parameters of the beta distribution of the dropout probability.

    Raises
    ------
    ValueError
        If a parameter is not a finite number > 0.

    See Also
    --------
    ParetoNBD : the continuous-dropout alternative.
    customer_lifetime_value : lifetime value from a transaction and a spend model.

    Notes
    -----
    The likelihood of a customer with ``x`` repeat purchases, the last at
    ``t_x``, observed for ``T`` is

    .. math::

        L = \frac{B(a, b+x)}{B(a, b)} \frac{\Gamma(r+x)\alpha^r}{\Gamma(r)(\alpha+T)^{r+x}}
          + \delta_{x>0} \frac{B(a+1, b+x-1)}{B(a, b)}
            \frac{\Gamma(r+x)\alpha^r}{\Gamma(r)(\alpha+t_x)^{r+x}}

    and is evaluated as a log-sum-exp. Predictions use the Euler transform
    :math:`{}_2F_1(A, B; C; z) = (1-z)^{C-A-B}\,{}_2F_1(C-A, C-B; C; z)`, which
    keeps the hypergeometric parameters independent of ``x`` so heavy buyers
    stay accurate. Where the hypergeometric function is undefined
    (:math:`a+b+x-1 \le 0`) or scipy cannot evaluate it (it returns inf or
    NaN for some whole-number parameters with :math:`z` near 1), the
    expected purchases are integrated numerically over the dropout
    probability instead.

    References
    ----------
    .. [1] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your
       customers" the easy way: an alternative to the Pareto/NBD model.
       *Marketing Science*, 24(2), 275-284.

    Examples
    --------
    The published CDNOW estimates (weeks) of [1]_:

    >>> from custvalue.btyd import BetaGeo
    >>> m = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> round(m.p_alive(frequency=2, recency=30.43, T=38.86), 4)
    0.7266
    >>> round(m.conditional_expected_purchases(39, frequency=2, recency=30.43, T=38.86), 4)
    1.226
    """

    r: float = _positive("r")
    alpha: float = _positive("alpha")
    a: float = _positive("a")
    b: float = _positive("b")

    # -- fitting --------------------------------------------------------

    @classmethod
    def fit(
        cls,
        frequency: object,
        recency: object = None,
        T: object = None,
        *,
        weights: object = None,
        l2_penalty: float = 0.0,
    ) -> FitResult[BetaGeo]:
        r"""Maximum-likelihood fit to customer summaries.

        Parameters
        ----------
        frequency, recency, T : array_like
            Per customer: repeat purchases ``x``, time of the last repeat
            purchase ``t_x`` and age ``T`` (same time unit).
        weights : array_like, optional
            Non-negative number of customers each row stands for.
        l2_penalty : float
            Optional ridge penalty: the optimiser maximises
            ``LL / n - l2_penalty * sum(ln(theta)**2)``, i.e. the mean
            log-likelihood per customer minus a penalty on the natural
            logarithms of the four parameters (shrinking them towards 1).
            Default 0 (maximum likelihood).

        Returns
        -------
        FitResult
            With ``model`` a :class:`BetaGeo`.

        Raises
        ------
        ValueError
            For invalid summaries (negative or fractional frequency, recency
            above ``T``, a positive recency with no repeat purchase, ...).
        custvalue.exceptions.ConvergenceError
            If the log-likelihood is not finite at the optimiser's final point.

        Warns
        -----
        custvalue.exceptions.ConvergenceWarning
            If the optimiser stopped before its criterion (``converged`` is False).

        Notes
        -----
        The likelihood is evaluated once per distinct ``(x, t_x, T)``
        pattern (:func:`custvalue.transactions.compress`), with an analytic
        gradient in the log-parameters. scipy's BFGS starts from a
        deterministic point (``r = a = b = 1`` and ``alpha`` the total age
        per repeat purchase) and stops at a gradient tolerance; Newton steps
        with a finite-difference Hessian of the analytic gradient then
        polish the optimum. ``converged`` is True when the largest gradient
        component of the mean log-likelihood is below 1e-6 and the observed
        information is positive definite; the standard errors come from its
        inverse (delta method from the log-parameters).

        Examples
        --------
        >>> from custvalue.btyd import BetaGeo
        >>> from custvalue.datasets import simulate_beta_geo
        >>> data = simulate_beta_geo(4000, BetaGeo(0.25, 4.0, 0.8, 2.5), T=52, rng=1)
        >>> fit = BetaGeo.fit(data.frequency, data.recency, data.T)
        >>> fit.converged
        True
        >>> fit.to_frame().round(3)
                   estimate  std_error  ci_low  ci_high
        parameter
        r             0.238      0.008   0.223    0.253
        alpha         3.523      0.202   3.149    3.942
        a             0.897      0.110   0.705    1.141
        b             2.812      0.458   2.044    3.869
        >>> print(fit.summary())  # doctest: +ELLIPSIS
        BetaGeo fit by maximum likelihood
        customers: 4000   patterns: 1921
        log-likelihood: -23933.6033   AIC: 47875.21   BIC: 47900.38
        ...
        """
        return _fit_summaries(
            cls, _bgnbd_objective, _start_four, frequency, recency, T, weights, l2_penalty
        )

    def loglik(
        self,
        frequency: object,
        recency: object = None,
        T: object = None,
        *,
        weights: object = None,
    ) -> float:
        """Total log-likelihood of customer summaries under this model.

        Examples
        --------
        >>> from custvalue.btyd import BetaGeo

        One customer without repeat purchase observed for ``T = 1``:
        ``L = (alpha / (alpha + T))**r = 1/2``:

        >>> round(BetaGeo(1.0, 1.0, 1.0, 1.0).loglik([0], [0], [1]), 6)
        -0.693147
        """
        return _loglik_summaries(self, _bgnbd_objective, frequency, recency, T, weights)

    # -- predictions ----------------------------------------------------

    def expected_purchases(self, t: object) -> FloatOrArray:
        r"""Expected purchases of a new customer in ``(0, t]``.

        .. math::

            E[X(t)] = \frac{a+b-1}{a-1}\left[1 - \left(\frac{\alpha}{\alpha+t}\right)^{r}
            {}_2F_1\!\left(r, b; a+b-1; \tfrac{t}{\alpha+t}\right)\right]

        Examples
        --------
        >>> from custvalue.btyd import BetaGeo
        >>> round(BetaGeo(0.243, 4.414, 0.793, 2.426).expected_purchases(39), 4)
        1.1967
        """
        tt = _time(t)
        row = tt.reshape(1, -1)
        out = self._purchases_if_alive(row, np.zeros_like(row), np.zeros_like(row))[0]
        return _result(out.reshape(tt.shape), None, "expected_purchases", t)

    def conditional_expected_purchases(
        self, t: object, frequency: object, recency: object, T: object
    ) -> FloatOrArray:
        r"""Expected purchases in ``(T, T + t]`` of a customer with history ``(x, t_x, T)``.

        .. math::

            E[Y(t) \mid x, t_x, T] = \frac{a+b+x-1}{a-1}
            \frac{1 - \left(\frac{\alpha+T}{\alpha+T+t}\right)^{r+x}
            {}_2F_1\left(r+x, b+x; a+b+x-1; \frac{t}{\alpha+T+t}\right)}
            {1 + \delta_{x>0}\frac{a}{b+x-1}\left(\frac{\alpha+T}{\alpha+t_x}\right)^{r+x}}

        Examples
        --------
        >>> from custvalue.btyd import BetaGeo
        >>> m = BetaGeo(0.243, 4.414, 0.793, 2.426)
        >>> m.conditional_expected_purchases(39, [0, 2, 200], [0, 30.43, 38], [38.86] * 3).round(4)
        array([  0.1951,   1.226 , 113.0985])
        """
        return _conditional_expected(self, t, frequency, recency, T)

    def _log_odds_dead(self, x: FloatArray, tx: FloatArray, T: FloatArray) -> FloatArray:
        """``ln[(1 - P(alive)) / P(alive)]`` (``-inf`` when x = 0)."""
        rep = x > 0
        # one logarithm of a ratio instead of two; x = 0 rows are replaced below
        value = (self.r + x) * np.log((self.alpha + T) / (self.alpha + tx))
        value += math.log(self.a)
        value -= np.log(np.where(rep, self.b + x - 1.0, 1.0))
        return np.where(rep, value, -np.inf)

    def _purchases_if_alive(self, t: FloatArray, x: FloatArray, T: FloatArray) -> FloatArray:
        # The formula has a removable singularity at a = 1, next to which the
        # factor 1 / (a - 1) amplifies round-off; within 2e-4 of a = 1 the
        # value is interpolated (cubic Lagrange) from a = 1 +- 1e-4, 1 +- 2e-4,
        # where it is accurate to about 1e-12, with an error of order 1e-16.
        step = 1e-4
        if abs(self.a - 1.0) >= 2.0 * step:
            return self._purchases_if_alive_at(self.a, t, x, T)
        nodes = 1.0 + step * np.array([-2.0, -1.0, 1.0, 2.0])
        out = np.zeros(np.broadcast_shapes(np.shape(t), np.shape(x), np.shape(T)))
        for i, node in enumerate(nodes):
            others = np.delete(nodes, i)
            weight = float(np.prod((self.a - others) / (node - others)))
            out = out + weight * self._purchases_if_alive_at(float(node), t, x, T)
        return np.asarray(out, dtype=np.float64)

    def _purchases_if_alive_at(
        self, a: float, t: FloatArray, x: FloatArray, T: FloatArray
    ) -> FloatArray:
        r, alpha, b = self.r, self.alpha, self.b
        c = a + b + x - 1.0
        shape = np.broadcast_shapes(np.shape(t), np.shape(x), np.shape(T))
        safe_c = np.where(c > 0.0, c, 1.0)
        z = t / (alpha + T + t)
        log1mz = np.log(alpha + T) - np.log(alpha + T + t)
        hyp = np.broadcast_to(special.hyp2f1(a + b - 1.0 - r, a - 1.0, safe_c, z), shape)
        # Elements are integrated instead where a + b + x - 1 <= 0 (x = 0 and
        # a + b <= 1 put the hypergeometric's third parameter at or below 0) and
        # where scipy's hyp2f1 returns inf or NaN (it does for whole-number
        # parameters with a large third parameter and z near 1, e.g.
        # 2F1(1, 1; 101; 0.98), whose value is about 1.01).
        direct = np.broadcast_to(c > 0.0, shape) & np.isfinite(hyp) & (hyp > 0.0)
        log_hyp = np.log(np.where(direct, hyp, 1.0))
        bracket = -np.expm1((a - 1.0) * log1mz + log_hyp)
        out = np.array(np.broadcast_to(safe_c / (a - 1.0) * bracket, shape), dtype=np.float64)
        if not np.all(direct):
            tt, xx, age = np.broadcast_arrays(t, x, T)
            # argwhere, unlike nonzero, also indexes 0-d (scalar) inputs
            for where in np.argwhere(~direct):
                idx = tuple(where)
                out[idx] = self._purchases_by_quadrature(
                    a, float(tt[idx]), float(xx[idx]), float(age[idx])
                )
        return out

    def _purchases_by_quadrature(self, a: float, t: float, x: float, T: float) -> float:
        """``E[Y(t) | alive]`` as an integral over the dropout probability ``p``.

        Given ``p`` and ``lambda ~ Gamma(r + x, alpha + T)`` an active customer
        expects ``(1 - ((alpha+T)/(alpha+T+p t))^(r+x)) / p`` purchases; ``p``
        is ``Beta(a, b + x)``. In the log-odds ``u = ln(p / (1 - p))`` the beta
        density times ``dp/du`` is ``p^a (1-p)^(b+x) / B(a, b+x)``: a smooth,
        log-concave bell without endpoint singularities, peaked at
        ``u = ln(a / (b + x))``. Each side of the peak is integrated over a
        half-line.
        """
        from scipy import integrate

        shape, scale, bb = self.r + x, self.alpha + T, self.b + x
        rate = t / scale
        lognorm = -special.betaln(a, bb)

        def softplus(v: float) -> float:  # ln(1 + e^v) without overflow
            return v + math.log1p(math.exp(-v)) if v > 0.0 else math.log1p(math.exp(v))

        def integrand(u: float) -> float:
            log_p, log_q = -softplus(-u), -softplus(u)
            p = math.exp(log_p)
            gain = shape * rate if p == 0.0 else -math.expm1(-shape * math.log1p(p * rate)) / p
            return gain * math.exp(lognorm + a * log_p + bb * log_q)

        peak = math.log(a) - math.log(bb)
        opts: dict[str, Any] = {"epsabs": 0.0, "epsrel": 1e-11, "limit": 200}
        left = integrate.quad(integrand, -math.inf, peak, **opts)[0]
        right = integrate.quad(integrand, peak, math.inf, **opts)[0]
        return float(left + right)

    def p_alive(self, frequency: object, recency: object, T: object) -> FloatOrArray:
        r"""Probability that a customer with history ``(x, t_x, T)`` is still active.

        .. math::

            P(\text{alive} \mid x, t_x, T) = \left[1 + \delta_{x>0}\frac{a}{b+x-1}
            \left(\frac{\alpha+T}{\alpha+t_x}\right)^{r+x}\right]^{-1}

        computed as a logistic function of the log-odds, so it never
        overflows. A customer without repeat purchases is alive with
        probability 1 under the BG/NBD (dropout happens only after a purchase).

        Examples
        --------
        >>> from custvalue.btyd import BetaGeo
        >>> m = BetaGeo(0.243, 4.414, 0.793, 2.426)
        >>> m.p_alive([0, 1, 2, 500], [0, 1.71, 30.43, 2.0], [38.86] * 4).round(4)
        array([1.    , 0.2121, 0.7266, 0.    ])
        """
        x, tx, age, index = _rfm(frequency, recency, T)
        return _result(self._p_alive_fast(x, tx, age), index, "p_alive")

    def _p_alive_fast(self, x: FloatArray, tx: FloatArray, T: FloatArray) -> FloatArray:
        """``1 / (1 + a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))``, 1 for x = 0.

        The factor ``a/(b+x-1)`` is looked up per whole ``x`` (0 for x = 0) and
        the power is one logarithm and one exponential per customer.
        """
        xi = x.astype(np.intp)
        top = int(xi.max()) if xi.size else 0
        if top > 10_000_000:  # a lookup table would be large: compute directly
            return _alive(self, x, tx, T)
        k = np.arange(top + 1, dtype=np.float64)
        coef = np.zeros(top + 1)
        coef[1:] = self.a / (self.b + k[1:] - 1.0)
        power = np.array(T + self.alpha, dtype=np.float64)  # an array also for 0-d input
        power /= tx + self.alpha
        np.log(power, out=power)
        power *= np.add(x, self.r)
        # e^700 is finite, so x = 0 (coefficient 0) never meets 0 * inf; where the
        # cap binds P(alive) is below 1e-300 either way
        np.minimum(power, 700.0, out=power)
        np.exp(power, out=power)
        with np.errstate(over="ignore"):
            power *= coef[xi]
        power += 1.0
        return np.asarray(np.reciprocal(power, out=power), dtype=np.float64)

    def p_purchases(self, n: object, t: object) -> FloatOrArray:
        r"""Probability that a new customer makes exactly ``n`` purchases in ``(0, t]``.

        .. math::

            P(X(t) = n) = \frac{B(a, b+n)}{B(a, b)} \text{NB}(n; r, \tfrac{\alpha}{\alpha+t})
            + \delta_{n>0} \frac{B(a+1, b+n-1)}{B(a, b)}
              \left[1 - \sum_{j=0}^{n-1} \text{NB}(j; r, \tfrac{\alpha}{\alpha+t})\right]

        with NB the negative binomial probability; the tail sum is the
        regularised incomplete beta function.

        Examples
        --------
        >>> from custvalue.btyd import BetaGeo
        >>> m = BetaGeo(0.243, 4.414, 0.793, 2.426)
        >>> m.p_purchases([0, 1, 2], 39).round(4)
        array([0.5738, 0.1994, 0.0854])
        """
        (n, t), _ = align_by_label(n=n, t=t)
        nn, tt = _counts_and_times(n, t)
        out = _bg_pmf(nn, tt, self.r, self.alpha, self.a, self.b)
        return _result(out, None, "p_purchases", n, t)

    def conditional_p_purchases(
        self, n: object, t: object, frequency: object, recency: object, T: object
    ) -> FloatOrArray:
        r"""Probability of exactly ``n`` purchases in ``(T, T + t]`` given the history (x, t_x, T).

        A customer who is alive at ``T`` (probability :meth:`p_alive`) has
        the posterior rate :math:`\lambda \sim \text{Gamma}(r+x, \alpha+T)`
        and dropout probability :math:`p \sim \text{Beta}(a, b+x)`, and from
        ``T`` on buys as a new BG/NBD customer with those parameters (the
        Poisson process is memoryless and dropout happens only at
        purchases); a dead customer makes no purchase:

        .. math::

            P(Y(t)=n \mid x, t_x, T) = (1 - P_a)\,\delta_{n0}
              + P_a\,P_{\text{BG}(r+x,\,\alpha+T,\,a,\,b+x)}(X(t)=n).

        Examples
        --------
        >>> from custvalue.btyd import BetaGeo
        >>> m = BetaGeo(0.243, 4.414, 0.793, 2.426)
        >>> m.conditional_p_purchases([0, 1, 2], 39, 2, 30.43, 38.86).round(4)
        array([0.4454, 0.2393, 0.1442])
        """
        return _conditional_pmf(self, self._posterior_pmf, n, t, frequency, recency, T)

    def _posterior_pmf(
        self, n: FloatArray, t: FloatArray, x: FloatArray, T: FloatArray
    ) -> FloatArray:
        """``P(X(t) = n)`` from ``T`` on of an alive customer with ``x`` repeat purchases."""
        return _bg_pmf(n, t, self.r + x, self.alpha + T, self.a, self.b + x)


# ---------------------------------------------------------------------------
# Pareto/NBD
# ---------------------------------------------------------------------------


def _pnbd_log_h(
    r: float, alpha: float, s: float, beta: float, x: FloatArray, tau: FloatArray
) -> FloatArray:
    r"""``ln H(tau)`` with ``H(tau) = 2F1(...)/(max(alpha, beta) + tau)^(r+s+x)``.

    The Euler transform turns both branches of Fader & Hardie (2005) into
    ``2F1(1, b'; r+s+x+1; z)`` with positive series terms.
    """
    c = r + s + x + 1.0
    if alpha >= beta:
        z = (alpha - beta) / (alpha + tau)
        f = _hyp2f1_unit(r + x, c, z)
        return np.asarray(
            -s * np.log(beta + tau) - (r + x) * np.log(alpha + tau) + np.log(f), dtype=np.float64
        )
    z = (beta - alpha) / (beta + tau)
    f = _hyp2f1_unit(np.full_like(x, s + 1.0), c, z)
    return np.asarray(
        -(r + x - 1.0) * np.log(alpha + tau) - (s + 1.0) * np.log(beta + tau) + np.log(f),
        dtype=np.float64,
    )


def _pnbd_terms(
    r: float, alpha: float, s: float, beta: float, x: FloatArray, tx: FloatArray, T: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """``(l1, l2)``: log of the two terms of the Pareto/NBD likelihood bracket."""
    l1 = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    h_tx = _pnbd_log_h(r, alpha, s, beta, x, tx)
    h_T = _pnbd_log_h(r, alpha, s, beta, x, T)
    diff = np.minimum(h_T - h_tx, 0.0)
    with np.errstate(divide="ignore"):
        log_a0 = h_tx + np.log(-np.expm1(diff))
    l2 = np.log(s) - np.log(r + s + x) + log_a0
    return np.asarray(l1, dtype=np.float64), np.asarray(l2, dtype=np.float64)


def _pnbd_loglik_each(
    theta: FloatArray, x: FloatArray, tx: FloatArray, T: FloatArray
) -> FloatArray:
    r, alpha, s, beta = np.exp(theta)
    l1, l2 = _pnbd_terms(r, alpha, s, beta, x, tx, T)
    head = special.gammaln(r + x) - special.gammaln(r) + r * math.log(alpha) + s * math.log(beta)
    return np.asarray(head + np.logaddexp(l1, l2), dtype=np.float64)


def _pnbd_log_h_grad(
    r: float, alpha: float, s: float, beta: float, x: FloatArray, tau: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """``ln H(tau)`` and its gradient in ``(r, alpha, s, beta)`` (last axis)."""
    c = r + s + x + 1.0
    la, lb = np.log(alpha + tau), np.log(beta + tau)
    grad = np.empty((*np.shape(x), 4))
    if alpha >= beta:
        z = (alpha - beta) / (alpha + tau)
        f, f_b, f_c, f_z = _hyp2f1_unit_grad(r + x, c, z)
        gz = f_z / f
        grad[..., 0] = -la + (f_b + f_c) / f
        grad[..., 1] = -(r + x) / (alpha + tau) + gz * (beta + tau) / (alpha + tau) ** 2
        grad[..., 2] = -lb + f_c / f
        grad[..., 3] = -s / (beta + tau) - gz / (alpha + tau)
        value = -s * lb - (r + x) * la + np.log(f)
    else:
        z = (beta - alpha) / (beta + tau)
        f, f_b, f_c, f_z = _hyp2f1_unit_grad(np.full_like(x, s + 1.0), c, z)
        gz = f_z / f
        grad[..., 0] = -la + f_c / f
        grad[..., 1] = -(r + x - 1.0) / (alpha + tau) - gz / (beta + tau)
        grad[..., 2] = -lb + (f_b + f_c) / f
        grad[..., 3] = -(s + 1.0) / (beta + tau) + gz * (alpha + tau) / (beta + tau) ** 2
        value = -(r + x - 1.0) * la - (s + 1.0) * lb + np.log(f)
    return np.asarray(value, dtype=np.float64), grad


def _unique_pairs(a: FloatArray, b: FloatArray) -> tuple[FloatArray, IntArray]:
    """Distinct ``(a, b)`` pairs as a (2, k) array and the index of each row's pair.

    Equivalent to ``np.unique(np.stack([a, b]), axis=1, return_inverse=True)``
    with the pairs in the same (lexicographic) order, but through one integer
    key per row, several times faster on a million rows.
    """
    ua, ia = np.unique(a, return_inverse=True)
    ub, ib = np.unique(b, return_inverse=True)
    key = ia.reshape(-1).astype(np.int64) * ub.size + ib.reshape(-1)
    ukey, inverse = np.unique(key, return_inverse=True)
    pairs = np.stack([ua[ukey // ub.size], ub[ukey % ub.size]])
    return pairs, np.asarray(inverse.reshape(-1), dtype=np.int64)


def _pnbd_objective(p: _Patterns) -> Objective:
    x, tx, T, w = p.x, p.tx, p.T, p.weight
    ux, xi = np.unique(x, return_inverse=True)
    wx = np.bincount(xi, weights=w)
    # H(T) depends on (x, T) only and H(t_x) on (x, t_x): evaluate each once
    xT, iT = _unique_pairs(x, T)
    xt, it = _unique_pairs(x, tx)
    iT, it = iT.reshape(-1), it.reshape(-1)
    both = np.concatenate([xT, xt], axis=1)
    n_T = xT.shape[1]

    def objective(theta: FloatArray) -> tuple[float, FloatArray]:
        r, alpha, s, beta = np.exp(theta)
        head = float(
            wx @ (special.gammaln(r + ux) - special.gammaln(r))
            + w.sum() * (r * math.log(alpha) + s * math.log(beta))
        )
        d_head = np.array(
            [
                float(wx @ (special.digamma(r + ux) - special.digamma(r)))
                + w.sum() * math.log(alpha),
                w.sum() * r / alpha,
                w.sum() * math.log(beta),
                w.sum() * s / beta,
            ]
        )
        la_T, lb_T = np.log(alpha + T), np.log(beta + T)
        l1 = -(r + x) * la_T - s * lb_T
        g1 = np.stack([-la_T, -(r + x) / (alpha + T), -lb_T, -s / (beta + T)], axis=1)
        h, gh = _pnbd_log_h_grad(r, alpha, s, beta, both[0], both[1])
        h_T, gh_T = h[iT], gh[iT]
        h_t, gh_t = h[it + n_T], gh[it + n_T]
        diff = np.minimum(h_T - h_t, 0.0)
        one_minus = -np.expm1(diff)
        positive = one_minus > 0
        with np.errstate(divide="ignore"):
            log_a0 = h_t + np.log(one_minus)
        rho = np.exp(diff)
        safe = np.where(positive, one_minus, 1.0)
        g_a0 = np.where(positive[:, None], (gh_t - rho[:, None] * gh_T) / safe[:, None], 0.0)
        rsx = r + s + x
        l2 = math.log(s) - np.log(rsx) + log_a0
        g2 = g_a0
        g2[:, 0] -= 1.0 / rsx
        g2[:, 2] += 1.0 / s - 1.0 / rsx
        lse = np.logaddexp(l1, l2)
        w2 = np.exp(l2 - lse)
        w1 = 1.0 - w2
        ll = head + _dot(w, lse)
        grad = d_head + np.einsum("i,ij->j", w * w1, g1) + np.einsum("i,ij->j", w * w2, g2)
        return ll, grad * np.array([r, alpha, s, beta])

    return objective


def _pnbd_start(p: _Patterns) -> FloatArray:
    """Start of the Pareto/NBD: ``r = s = 1``, ``alpha`` age per purchase, ``beta`` mean age."""
    mean_T = _dot(p.weight, p.T) / float(p.weight.sum())
    return np.log(np.array([1.0, _start_rate(p), 1.0, mean_T], dtype=np.float64))


@attrs.frozen(eq=False, repr=False)
class ParetoNBD(_Model):
    r"""The Pareto/NBD model of repeat purchasing (Pareto/NBD 模型).

    While active, a customer buys according to a Poisson process with rate
    :math:`\lambda \sim \text{Gamma}(r, \alpha)`; her unobserved lifetime is
    exponential with rate :math:`\mu \sim \text{Gamma}(s, \beta)`.

    Parameters
    ----------
    r, alpha : float
        Shape and rate (time unit of the data) of the purchase-rate distribution.
    s, beta : float
        Shape and rate (time unit of the data) of the dropout-rate distribution.

    Raises
    ------
    ValueError
        If a parameter is not a finite number > 0.

    See Also
    --------
    BetaGeo : the discrete-dropout alternative with a simpler likelihood.

    Notes
    -----
    Following Fader & Hardie (2005) [2]_, the likelihood is

    .. math::

        L = \frac{\Gamma(r+x)\alpha^r\beta^s}{\Gamma(r)}\left[
            \frac{1}{(\alpha+T)^{r+x}(\beta+T)^{s}} + \frac{s}{r+s+x} A_0 \right]

    with, for :math:`\alpha \ge \beta`,
    :math:`A_0 = H(t_x) - H(T)`,
    :math:`H(\tau) = {}_2F_1(r+s+x, s+1; r+s+x+1; \frac{\alpha-\beta}{\alpha+\tau})
    / (\alpha+\tau)^{r+s+x}` (the roles of :math:`\alpha, \beta` and of
    :math:`s+1, r+x` swap when :math:`\alpha < \beta`). custvalue evaluates
    it in log space: the Euler transform turns each hypergeometric function
    into :math:`(1-z)^{\cdot}\,{}_2F_1(1, b'; r+s+x+1; z)`, whose series has
    positive terms and is bounded for heavy buyers; where scipy's series
    fails (NaN for hundreds of purchases and :math:`z` near 1) its Euler
    integral is integrated numerically. :math:`\ln A_0` is a log-difference.

    References
    ----------
    .. [1] Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Counting
       your customers: who are they and what will they do next? *Management
       Science*, 33(1), 1-24.
    .. [2] Fader, P. S. & Hardie, B. G. S. (2005). A note on deriving the
       Pareto/NBD model and related expressions.
       http://brucehardie.com/notes/009/
    .. [3] Fader, P. S. & Hardie, B. G. S. (2006). Deriving an expression for
       P(X(t) = x) under the Pareto/NBD model. http://brucehardie.com/notes/012/

    Examples
    --------
    Published CDNOW estimates (weeks) of Fader, Hardie & Lee (2005):

    >>> from custvalue.btyd import ParetoNBD
    >>> m = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
    >>> round(m.p_alive(frequency=2, recency=30.43, T=38.86), 4)
    0.8692
    """

    r: float = _positive("r")
    alpha: float = _positive("alpha")
    s: float = _positive("s")
    beta: float = _positive("beta")

    @classmethod
    def fit(
        cls,
        frequency: object,
        recency: object = None,
        T: object = None,
        *,
        weights: object = None,
        l2_penalty: float = 0.0,
    ) -> FitResult[ParetoNBD]:
        """Maximum-likelihood fit to customer summaries.

        Parameters, returns, penalty and errors are those of :meth:`BetaGeo.fit`.
        The gradient is analytic: the hypergeometric series
        ``2F1(1, b; c; z)`` is summed together with its derivatives in ``b``,
        ``c`` and ``z`` (central differences only where ``z > 0.95``). The
        start is ``r = s = 1`` with ``alpha`` the mean age per purchase and
        ``beta`` the mean age.

        Examples
        --------
        >>> from custvalue.btyd import ParetoNBD
        >>> from custvalue.datasets import simulate_pareto_nbd
        >>> data = simulate_pareto_nbd(3000, ParetoNBD(0.55, 10.0, 0.6, 12.0), T=52, rng=2)
        >>> ParetoNBD.fit(data.frequency, data.recency, data.T).converged
        True
        """
        return _fit_summaries(
            cls, _pnbd_objective, _pnbd_start, frequency, recency, T, weights, l2_penalty
        )

    def loglik(
        self,
        frequency: object,
        recency: object = None,
        T: object = None,
        *,
        weights: object = None,
    ) -> float:
        """Total log-likelihood of customer summaries under this model.

        Examples
        --------
        With ``alpha = beta`` the hypergeometric term is 1; one customer with
        no repeat purchase observed for ``T = 1``,
        ``L = 1/(2 * 2) + (1/2) * (1 - 1/2**2) = 5/8``:

        >>> from custvalue.btyd import ParetoNBD
        >>> round(ParetoNBD(1.0, 1.0, 1.0, 1.0).loglik([0], [0], [1]), 6)
        -0.470004
        """
        p = _fit_data(frequency, recency, T, weights, f"{type(self).__name__}.loglik")
        return _dot(p.weight, _pnbd_loglik_each(_log_params(self), p.x, p.tx, p.T))

    def _log_odds_dead(self, x: FloatArray, tx: FloatArray, T: FloatArray) -> FloatArray:
        l1, l2 = _pnbd_terms(self.r, self.alpha, self.s, self.beta, x, tx, T)
        return np.asarray(l2 - l1, dtype=np.float64)

    def p_alive(self, frequency: object, recency: object, T: object) -> FloatOrArray:
        r"""Probability that a customer with history ``(x, t_x, T)`` is still active.

        .. math::

            P(\text{alive}) = \left[1 + \frac{s}{r+s+x}(\alpha+T)^{r+x}(\beta+T)^{s} A_0
            \right]^{-1}

        evaluated as the logistic function of a log-odds (no overflow for
        heavy buyers).

        Examples
        --------
        >>> from custvalue.btyd import ParetoNBD
        >>> m = ParetoNBD(0.553, 10.578, 0.606, 11.669)
        >>> m.p_alive([0, 1, 300], [0, 1.71, 5.0], [38.86, 38.86, 38.86]).round(4)
        array([0.2953, 0.168 , 0.    ])
        """
        return _p_alive(self, frequency, recency, T)

    def expected_purchases(self, t: object) -> FloatOrArray:
        r"""Expected purchases of a new customer in ``(0, t]``.

        .. math::

            E[X(t)] = \frac{r\beta}{\alpha(s-1)}
            \left[1 - \left(\frac{\beta}{\beta+t}\right)^{s-1}\right]

        (with the limit :math:`\frac{r\beta}{\alpha}\ln(1 + t/\beta)` at s = 1).

        Examples
        --------
        >>> from custvalue.btyd import ParetoNBD
        >>> round(ParetoNBD(0.553, 10.578, 0.606, 11.669).expected_purchases(39), 4)
        1.213
        """
        tt = _time(t)
        logq = -np.log1p(tt / self.beta)
        out = self.r * self.beta / self.alpha * _one_minus_pow_over(self.s - 1.0, logq)
        return _result(out, None, "expected_purchases", t)

    def conditional_expected_purchases(
        self, t: object, frequency: object, recency: object, T: object
    ) -> FloatOrArray:
        r"""Expected purchases in ``(T, T + t]`` of a customer with history ``(x, t_x, T)``.

        .. math::

            E[Y(t) \mid x, t_x, T] = \frac{(r+x)(\beta+T)}{(\alpha+T)(s-1)}
            \left[1 - \left(\frac{\beta+T}{\beta+T+t}\right)^{s-1}\right]
            P(\text{alive} \mid x, t_x, T)

        Examples
        --------
        >>> from custvalue.btyd import ParetoNBD
        >>> m = ParetoNBD(0.553, 10.578, 0.606, 11.669)
        >>> round(m.conditional_expected_purchases(39, 2, 30.43, 38.86), 4)
        1.4551
        """
        return _conditional_expected(self, t, frequency, recency, T)

    def _purchases_if_alive(self, t: FloatArray, x: FloatArray, T: FloatArray) -> FloatArray:
        logq = -np.log1p(t / (self.beta + T))
        rate = (self.r + x) * (self.beta + T) / (self.alpha + T)
        return np.asarray(rate * _one_minus_pow_over(self.s - 1.0, logq), dtype=np.float64)

    def p_purchases(self, n: object, t: object) -> FloatOrArray:
        r"""Probability that a new customer makes exactly ``n`` purchases in ``(0, t]``.

        Fader & Hardie's (2006) expression (see the class references):

        .. math::

            P(X(t)=n) = \frac{\Gamma(r+n)}{\Gamma(r)n!}
              \left(\frac{\alpha}{\alpha+t}\right)^r \left(\frac{t}{\alpha+t}\right)^n
              \left(\frac{\beta}{\beta+t}\right)^s
              + \alpha^r\beta^s\frac{B(r+n, s+1)}{B(r, s)}
              \left[B_1 - \sum_{j=0}^{n}\frac{\Gamma(r+s+j)}{\Gamma(r+s)j!}t^j B_{2,j}\right]

        with, for :math:`\alpha \ge \beta`,
        :math:`B_1 = {}_2F_1(r+s, s+1; r+s+n+1; \frac{\alpha-\beta}{\alpha})/\alpha^{r+s}`
        and :math:`B_{2,j} = {}_2F_1(r+s+j, s+1; r+s+n+1;
        \frac{\alpha-\beta}{\alpha+t})/(\alpha+t)^{r+s+j}` (for
        :math:`\alpha < \beta` swap the roles of :math:`\alpha, \beta` and
        replace :math:`s+1` by :math:`r+n`). The bracket cancels
        catastrophically for many purchases, so it is evaluated as the
        equivalent integral over the time of death :math:`u`,
        :math:`\int_0^t \text{NB}(n; r, \tfrac{\alpha}{\alpha+u})
        \, s\beta^s(\beta+u)^{-(s+1)}\,du`, whose integrand is positive.

        Examples
        --------
        >>> from custvalue.btyd import ParetoNBD
        >>> m = ParetoNBD(0.553, 10.578, 0.606, 11.669)
        >>> m.p_purchases([0, 1, 2], 39).round(4)
        array([0.5936, 0.1656, 0.0825])
        """
        (n, t), _ = align_by_label(n=n, t=t)
        nn, tt = _counts_and_times(n, t)
        out = np.empty(nn.shape)
        for idx in np.ndindex(nn.shape):
            out[idx] = self._pmf_one(int(nn[idx]), float(tt[idx]))
        return _result(out, None, "p_purchases", n, t)

    def conditional_p_purchases(
        self, n: object, t: object, frequency: object, recency: object, T: object
    ) -> FloatOrArray:
        r"""Probability of exactly ``n`` purchases in ``(T, T + t]`` given the history (x, t_x, T).

        A customer alive at ``T`` (probability :meth:`p_alive`) has the
        posterior rates :math:`\lambda \sim \text{Gamma}(r+x, \alpha+T)` and
        :math:`\mu \sim \text{Gamma}(s, \beta+T)`; both processes are
        memoryless, so from ``T`` on she buys as a new Pareto/NBD customer
        with those parameters:

        .. math::

            P(Y(t)=n \mid x, t_x, T) = (1 - P_a)\,\delta_{n0}
              + P_a\,P_{\text{Pareto/NBD}(r+x,\,\alpha+T,\,s,\,\beta+T)}(X(t)=n).

        Examples
        --------
        >>> from custvalue.btyd import ParetoNBD
        >>> m = ParetoNBD(0.553, 10.578, 0.606, 11.669)
        >>> m.conditional_p_purchases([0, 1, 2], 39, 2, 30.43, 38.86).round(4)
        array([0.4081, 0.2193, 0.1518])
        """
        return _conditional_pmf(self, self._posterior_pmf, n, t, frequency, recency, T)

    def _posterior_pmf(
        self, n: FloatArray, t: FloatArray, x: FloatArray, T: FloatArray
    ) -> FloatArray:
        """``P(X(t) = n)`` from ``T`` on of an alive customer with ``x`` repeat purchases."""
        out = np.empty(n.shape)
        cache: dict[tuple[float, float, float, float], float] = {}
        for idx in np.ndindex(n.shape):
            key = (float(n[idx]), float(t[idx]), float(x[idx]), float(T[idx]))
            if key not in cache:
                post = ParetoNBD(self.r + key[2], self.alpha + key[3], self.s, self.beta + key[3])
                cache[key] = post._pmf_one(int(key[0]), key[1])
            out[idx] = cache[key]
        return out

    def _pmf_one(self, n: int, t: float) -> float:
        r, alpha, s, beta = self.r, self.alpha, self.s, self.beta
        if t == 0.0:
            return 1.0 if n == 0 else 0.0
        lead = (
            special.gammaln(r + n)
            - special.gammaln(r)
            - special.gammaln(n + 1.0)
            + r * (math.log(alpha) - math.log(alpha + t))
            + n * (math.log(t) - math.log(alpha + t))
            + s * (math.log(beta) - math.log(beta + t))
        )
        # The second term of the closed form, B_1 - B_2, cancels catastrophically
        # (and its hypergeometric terms overflow) for many purchases; it equals
        # the integral over the time of death u of a positive integrand,
        # int_0^t NB(n; r, alpha/(alpha+u)) s beta^s (beta+u)^-(s+1) du.
        return float(math.exp(lead) + self._pmf_death_term(n, t))

    def _pmf_death_term(self, n: int, t: float) -> float:
        from scipy import integrate

        r, alpha, s, beta = self.r, self.alpha, self.s, self.beta
        log_const = (
            special.gammaln(r + n)
            - special.gammaln(r)
            - special.gammaln(n + 1.0)
            + r * math.log(alpha)
            + math.log(s)
            + s * math.log(beta)
        )

        def integrand(v: float) -> float:
            # in log time, u = e^v and du = u dv: the spikes near u = 0 of
            # small alpha or beta become smooth bumps
            u = math.exp(v)
            return math.exp(
                log_const
                - (r + n) * math.log(alpha + u)
                + (n + 1.0) * v
                - (s + 1.0) * math.log(beta + u)
            )

        top = math.log(t)
        # scales where the integrand changes shape: alpha, beta and the peak of
        # the negative binomial term (expected purchases r u / alpha reach n)
        marks = [math.log(x) for x in (alpha, beta, n * alpha / r) if 0.0 < x < t]
        low = min([top, *marks]) - 40.0 / (n + 1.0)
        points = sorted({m for m in marks if low < m < top})
        value = integrate.quad(
            integrand, low, top, points=points or None, limit=200, epsabs=0.0, epsrel=1e-10
        )[0]
        # the rest, below e^low, is a small correction: an absolute tolerance
        # relative to the main part avoids chasing round-off
        value += integrate.quad(
            integrand, -math.inf, low, epsabs=1e-13 * value, epsrel=1e-10, limit=200
        )[0]
        return float(value)


# ---------------------------------------------------------------------------
# Gamma-Gamma spend model
# ---------------------------------------------------------------------------


def _spend_data(frequency: object, monetary_value: object) -> tuple[FloatArray, FloatArray, Any]:
    """Validate (x, m_x) for predictions; pandas inputs pair by label.

    A repeat buyer's ``monetary_value`` may be 0 (a real log can hold free
    or fully refunded repeat purchases); the gamma-gamma predictions treat
    such customers as having no spend information.
    """
    (frequency, monetary_value), index = align_by_label(
        frequency=frequency, monetary_value=monetary_value
    )
    with labelled_errors(index):
        x = as_float_array(frequency, "frequency")
        m = as_float_array(monetary_value, "monetary_value")
        check_interval(x, "frequency", ">= 0")
        check_integral(x, "frequency")
        check_interval(m, "monetary_value", ">= 0")
        x, m = broadcast(frequency=x, monetary_value=m)
    return x, m, index


_REPEAT_BUYERS = (
    "the gamma-gamma model is fitted on repeat buyers with positive spend only: "
    "select the customers with frequency > 0 and monetary_value > 0 first"
)


def _spend_fit_data(
    frequency: object, monetary_value: object, weights: object
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Validate repeat buyers' (x, m_x) and weights for the gamma-gamma likelihood."""
    (frequency, monetary_value, weights), index = align_by_label(
        frequency=frequency, monetary_value=monetary_value, weights=weights
    )
    with labelled_errors(index):
        x = as_float_array(frequency, "frequency", ndim=1)
        m = as_float_array(monetary_value, "monetary_value", ndim=1)
        check_same_length(frequency=x, monetary_value=m)
        check_interval(x, "frequency", ">= 1", hint=_REPEAT_BUYERS)
        check_integral(x, "frequency")
        check_interval(m, "monetary_value", "> 0", hint=_REPEAT_BUYERS)
    w = _weights(weights, x.size, index)
    keep = w > 0
    return x[keep], m[keep], w[keep]


def _gg_objective(x: FloatArray, m: FloatArray, w: FloatArray) -> Objective:
    """Gamma-gamma log-likelihood of weighted (x, m_x) and its gradient in log-parameters."""
    logm, logx = np.log(m), np.log(x)

    def objective(theta: FloatArray) -> tuple[float, FloatArray]:
        p, q, v = np.exp(theta)
        px = p * x
        vmx = v + m * x
        lvmx = np.log(vmx)
        each = (
            special.gammaln(px + q)
            - special.gammaln(px)
            - special.gammaln(q)
            + q * math.log(v)
            + (px - 1.0) * logm
            + px * logx
            - (px + q) * lvmx
        )
        dpxq = special.digamma(px + q)
        d_p = _dot(w, x * (dpxq - special.digamma(px) + logm + logx - lvmx))
        d_q = _dot(w, dpxq - special.digamma(q) + math.log(v) - lvmx)
        d_v = _dot(w, q / v - (px + q) / vmx)
        return _dot(w, each), np.array([d_p * p, d_q * q, d_v * v])

    return objective


@attrs.frozen(eq=False, repr=False)
class GammaGamma(_Model):
    r"""The gamma-gamma model of average spend per transaction (gamma-gamma 消费金额模型).

    A customer's transaction values are gamma(p, nu) distributed with
    :math:`\nu \sim \text{Gamma}(q, v)` across customers, independent of the
    purchase process; her mean spend per transaction is :math:`p/\nu`.

    Parameters
    ----------
    p, q, v : float
        Shape of a transaction's value, shape and scale-rate (in money units)
        of its heterogeneity.

    Raises
    ------
    ValueError
        If a parameter is not a finite number > 0.

    Notes
    -----
    The density of the mean :math:`m_x` of ``x`` transactions is

    .. math::

        f(m_x \mid x) = \frac{\Gamma(px+q)}{\Gamma(px)\Gamma(q)}
        \frac{v^q m_x^{px-1} x^{px}}{(v + x m_x)^{px+q}}

    and the expected spend of a customer given ``x`` and ``m_x`` is a
    weighted average of the population mean and her own mean,

    .. math::

        E[M \mid x, m_x] = \frac{q-1}{px+q-1}\frac{pv}{q-1} + \frac{px}{px+q-1} m_x
                        = \frac{p(v + x m_x)}{px+q-1}.

    The population mean :math:`pv/(q-1)` is finite only for q > 1.

    References
    ----------
    .. [1] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV:
       using iso-value curves for customer base analysis. *Journal of
       Marketing Research*, 42(4), 415-430.
    .. [2] Fader, P. S. & Hardie, B. G. S. (2013). The gamma-gamma model of
       monetary value. http://brucehardie.com/notes/025/

    Examples
    --------
    Published CDNOW estimates of [1]_:

    >>> from custvalue.btyd import GammaGamma
    >>> m = GammaGamma(p=6.25, q=3.74, v=15.44)
    >>> round(m.mean_spend(), 2)
    35.22
    >>> round(m.conditional_expected_value(frequency=2, monetary_value=20.0), 2)
    22.74
    """

    p: float = _positive("p")
    q: float = _positive("q")
    v: float = _positive("v")

    @classmethod
    def fit(
        cls,
        frequency: object,
        monetary_value: object,
        *,
        weights: object = None,
        l2_penalty: float = 0.0,
    ) -> FitResult[GammaGamma]:
        """Maximum-likelihood fit on repeat buyers.

        Parameters
        ----------
        frequency : array_like
            Repeat purchases (each >= 1: select the repeat buyers first).
        monetary_value : array_like
            Mean value of those repeat purchases (> 0).
        weights : array_like, optional
            Non-negative number of customers each row stands for: with
            distinct ``(frequency, monetary_value)`` patterns and their counts
            the fit equals the fit on the expanded customers.
        l2_penalty : float
            As in :meth:`BetaGeo.fit`, on the logs of p, q, v.

        Returns
        -------
        FitResult
            With ``model`` a :class:`GammaGamma`.

        Raises
        ------
        ValueError
            If the lengths differ, a frequency is below 1 or fractional (the
            message says to select the repeat buyers), or a monetary value is
            not > 0.

        Warns
        -----
        custvalue.exceptions.DegenerateDataWarning
            If the fitted q is <= 1 (the population mean spend is infinite).

        Examples
        --------
        >>> from custvalue.btyd import GammaGamma
        >>> from custvalue.datasets import simulate_spend
        >>> x = [1, 2, 3, 4, 5] * 200
        >>> spend = simulate_spend(x, GammaGamma(6.0, 4.0, 15.0), rng=3)
        >>> GammaGamma.fit(x, spend).converged
        True
        """
        x, m, w = _spend_fit_data(frequency, monetary_value, weights)
        if np.all(m == m[0]):
            raise ValueError(
                f"monetary_value is {_fmt(m[0])} for every customer: with identical spends the "
                "gamma-gamma likelihood has no maximum (the spread of spend shrinks to 0 as p "
                "and q grow without bound); the model needs customers whose spends differ"
            )
        pen = _penalty(l2_penalty)
        objective = _gg_objective(x, m, w)
        mean_m = _dot(w, m) / float(w.sum())
        theta0 = np.log(np.array([1.0, 2.0, mean_m]))
        opt = _maximise(objective, theta0, scale=float(w.sum()), l2_penalty=pen)
        model = cls(*np.exp(opt.theta))
        if model.q <= 1.0:
            warnings.warn(
                f"GammaGamma.fit: fitted q = {model.q:.4g} <= 1, so the population mean spend "
                "p*v/(q-1) is infinite; conditional_expected_value is defined only where "
                "p*x + q > 1",
                DegenerateDataWarning,
                stacklevel=2,
            )
        return _fit_result(
            model,
            ("p", "q", "v"),
            opt,
            n_customers=round(float(w.sum())),
            n_patterns=x.size,
            l2_penalty=pen,
        )

    def loglik(self, frequency: object, monetary_value: object, *, weights: object = None) -> float:
        """Total log-likelihood of repeat buyers' (x, m_x), optionally weighted.

        Examples
        --------
        With p = q = v = 1 and x = 1 the density is ``1 / (1 + m)**2``:

        >>> from custvalue.btyd import GammaGamma
        >>> round(GammaGamma(1.0, 1.0, 1.0).loglik([1], [1.0]), 6)  # ln(1/4)
        -1.386294
        """
        x, m, w = _spend_fit_data(frequency, monetary_value, weights)
        theta = np.log(np.array([self.p, self.q, self.v]))
        return _gg_objective(x, m, w)(theta)[0]

    def mean_spend(self) -> float:
        r"""Population mean spend per transaction, :math:`pv/(q-1)`.

        Raises
        ------
        ValueError
            If q <= 1 (the mean is infinite).
        """
        if self.q <= 1.0:
            raise ValueError(
                f"q must be > 1 for a finite population mean spend p*v/(q-1); got q = {self.q!r}"
            )
        return self.p * self.v / (self.q - 1.0)

    def conditional_expected_value(self, frequency: object, monetary_value: object) -> FloatOrArray:
        r"""Expected spend per transaction given ``x`` repeat purchases of mean ``m_x``.

        :math:`p(v + x m_x)/(px+q-1)`; for ``x = 0`` (no repeat purchase,
        ``monetary_value`` ignored) the population mean :math:`pv/(q-1)`.
        A repeat buyer whose mean repeat spend is 0 (free or refunded
        purchases, which a real log may hold) lies outside the model, whose
        transaction values are positive: she gets the population mean too,
        as a customer without spend information. (lifetimes instead puts
        :math:`m_x = 0` into the formula, giving :math:`pv/(px+q-1)`.)

        Raises
        ------
        ValueError
            Where ``p*x + q <= 1`` (no finite mean; only possible when q <= 1).

        Examples
        --------
        >>> from custvalue.btyd import GammaGamma
        >>> gg = GammaGamma(6.25, 3.74, 15.44)
        >>> gg.conditional_expected_value([0, 1, 10], [0, 30, 30]).round(2)
        array([35.22, 31.59, 30.22])
        """
        x, m, index = _spend_data(frequency, monetary_value)
        x = np.where(m > 0, x, 0.0)  # no spend information: the population mean
        denom = self.p * x + self.q - 1.0
        _check_rule(denom > 0, x, "frequency", f"must satisfy p*x + q > 1 (q = {self.q!r})", index)
        out = self.p * (self.v + x * m) / denom
        return _result(out, index, "conditional_expected_value", frequency, monetary_value)


# ---------------------------------------------------------------------------
# shifted-beta-geometric (contractual)
# ---------------------------------------------------------------------------


def _cohorts(survivors: object) -> list[FloatArray]:
    if isinstance(survivors, (list, tuple)) and survivors and np.ndim(survivors[0]) == 1:
        raw: Sequence[object] = survivors
    else:
        raw = [survivors]
    out = []
    for k, item in enumerate(raw):
        name = "survivors" if len(raw) == 1 else f"survivors[{k}]"
        arr = as_float_array(item, name, ndim=1)
        check_interval(arr, name, ">= 0")
        check_integral(arr, name)
        if arr.size < 2:
            raise ValueError(
                f"{name} must hold the initial count and at least one later count; "
                f"got {arr.size} value(s)"
            )
        if arr[0] <= 0:
            raise ValueError(f"{name} must start with a positive cohort size; got {arr[0]!r}")
        steps = np.diff(arr)
        _check_rule(np.r_[True, steps <= 0], arr, name, "must be non-increasing")
        out.append(arr)
    return out


def _check_sbg_identifiable(cohorts: list[FloatArray]) -> None:
    """Refuse survivor counts whose sBG likelihood has no unique interior maximum."""
    start = sum(float(c[0]) for c in cohorts)
    lost = sum(float(c[0] - c[-1]) for c in cohorts)
    if lost == 0:
        raise ValueError(
            f"survivors: no customer churned ({start:g} at the start, all still active), so "
            "the likelihood has no maximum: it keeps rising as the churn probability runs "
            "to 0 (the maximum is on the boundary)"
        )
    if all(c.size == 2 for c in cohorts):
        rate = lost / start
        raise ValueError(
            "survivors: one period of renewals identifies only the mean churn probability "
            f"alpha/(alpha+beta) = {rate:.4g}, not alpha and beta (the likelihood is flat "
            "along that ratio); give the survivors of at least two periods"
        )
    if all(c[1] == 0 for c in cohorts):
        raise ValueError(
            "survivors: every customer churned in the first period, so the likelihood has no "
            "maximum: it keeps rising as the churn probability runs to 1 (the maximum is on "
            "the boundary)"
        )


@attrs.frozen(eq=False, repr=False)
class ShiftedBetaGeometric(_Model):
    r"""The shifted-beta-geometric model of contract renewal (sBG 模型, 契约型客户保留).

    At the end of every period an active customer cancels with probability
    :math:`\theta \sim \text{Beta}(\alpha, \beta)`, fixed for her; the
    period of cancellation is shifted-geometric. Periods are counted
    1, 2, ... from acquisition at 0.

    Parameters
    ----------
    alpha, beta : float
        Parameters of the beta distribution of the churn probability.

    Raises
    ------
    ValueError
        If a parameter is not a finite number > 0.

    Notes
    -----
    .. math::

        P(T = t) = \frac{B(\alpha+1, \beta+t-1)}{B(\alpha, \beta)},\qquad
        S(t) = \frac{B(\alpha, \beta+t)}{B(\alpha, \beta)},\qquad
        r_t = \frac{S(t)}{S(t-1)} = \frac{\beta+t-1}{\alpha+\beta+t-1}.

    Heterogeneity makes the cohort's retention rate rise over time even
    though every customer's is constant. Survivor counts
    :math:`n_0 \ge n_1 \ge \dots \ge n_k` give the log-likelihood
    :math:`\sum_{t=1}^{k}(n_{t-1}-n_t)\ln P(T=t) + n_k \ln S(k)`.

    References
    ----------
    .. [1] Fader, P. S. & Hardie, B. G. S. (2007). How to project customer
       retention. *Journal of Interactive Marketing*, 21(1), 76-90.
    .. [2] Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in
       a contractual setting: the perils of ignoring heterogeneity.
       *Marketing Science*, 29(1), 85-93.

    Examples
    --------
    The "regular" customers of [1]_ (1000 customers, survivors of years 0-7):

    >>> from custvalue.btyd import ShiftedBetaGeometric
    >>> fit = ShiftedBetaGeometric.fit([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> round(fit.model.alpha, 3), round(fit.model.beta, 3)
    (0.704, 1.182)
    >>> fit.model.retention_rate([1, 2, 3]).round(3)
    array([0.627, 0.756, 0.819])
    """

    alpha: float = _positive("alpha")
    beta: float = _positive("beta")

    @classmethod
    def fit(cls, survivors: object, *, l2_penalty: float = 0.0) -> FitResult[ShiftedBetaGeometric]:
        """Maximum-likelihood fit to survivor counts of one or several cohorts.

        Parameters
        ----------
        survivors : array_like or sequence of array_like
            Customers still active at the start of periods 0, 1, ..., k (the
            first value is the cohort size); several cohorts (possibly of
            different lengths) as a list of such arrays.
        l2_penalty : float
            As in :meth:`BetaGeo.fit`, on the logs of alpha and beta.

        Returns
        -------
        FitResult
            With ``model`` a :class:`ShiftedBetaGeometric`; ``n_customers`` is
            the total initial size of the cohorts.

        Raises
        ------
        ValueError
            For fractional, negative, increasing or too short survivor counts.
        """
        cohorts = _cohorts(survivors)
        _check_sbg_identifiable(cohorts)
        pen = _penalty(l2_penalty)
        lost = [(c[:-1] - c[1:], c[-1], np.arange(1, c.size, dtype=np.float64)) for c in cohorts]
        n0 = float(sum(c[0] for c in cohorts))

        def objective(theta: FloatArray) -> tuple[float, FloatArray]:
            a, b = np.exp(theta)
            ll = 0.0
            d_a = 0.0
            d_b = 0.0
            dig_ab = special.digamma(a + b)
            base = special.betaln(a, b)
            dbase_a = special.digamma(a) - dig_ab
            dbase_b = special.digamma(b) - dig_ab
            for churned, left, t in lost:
                k = t[-1]
                lp = special.betaln(a + 1.0, b + t - 1.0) - base
                ls = special.betaln(a, b + k) - base
                ll += float(churned @ lp + left * ls)
                dig_p = special.digamma(a + b + t)
                dp_a = special.digamma(a + 1.0) - dig_p - dbase_a
                dp_b = special.digamma(b + t - 1.0) - dig_p - dbase_b
                dig_s = special.digamma(a + b + k)
                ds_a = special.digamma(a) - dig_s - dbase_a
                ds_b = special.digamma(b + k) - dig_s - dbase_b
                d_a += float(churned @ dp_a + left * ds_a)
                d_b += float(churned @ dp_b + left * ds_b)
            return ll, np.array([d_a * a, d_b * b])

        opt = _maximise(objective, np.zeros(2), scale=n0, l2_penalty=pen)
        model = cls(*np.exp(opt.theta))
        return _fit_result(
            model,
            ("alpha", "beta"),
            opt,
            n_customers=int(n0),
            n_patterns=sum(c.size for c in cohorts),
            l2_penalty=pen,
        )

    def _periods(self, t: object, minimum: float) -> FloatArray:
        tt = as_float_array(t, "t")
        check_interval(tt, "t", f">= {minimum:g}")
        check_integral(tt, "t")
        return tt

    def survival(self, t: object) -> FloatOrArray:
        """Share of a cohort still active after ``t`` periods, ``S(t)`` (t >= 0).

        Examples
        --------
        >>> from custvalue.btyd import ShiftedBetaGeometric
        >>> ShiftedBetaGeometric(1.0, 1.0).survival([0, 1, 3])  # 1 / (t + 1)
        array([1.  , 0.5 , 0.25])
        """
        tt = self._periods(t, 0)
        out = np.exp(
            special.betaln(self.alpha, self.beta + tt) - special.betaln(self.alpha, self.beta)
        )
        return _result(out, None, "survival", t)

    def churn_probability(self, t: object) -> FloatOrArray:
        """Probability that a new customer's last period is ``t``, ``P(T = t)`` (t >= 1).

        Examples
        --------
        >>> from custvalue.btyd import ShiftedBetaGeometric
        >>> ShiftedBetaGeometric(1.0, 1.0).churn_probability([1, 2, 3])  # 1 / (t (t + 1))
        array([0.5       , 0.16666667, 0.08333333])
        """
        tt = self._periods(t, 1)
        out = np.exp(
            special.betaln(self.alpha + 1.0, self.beta + tt - 1.0)
            - special.betaln(self.alpha, self.beta)
        )
        return _result(out, None, "churn_probability", t)

    def retention_rate(self, t: object) -> FloatOrArray:
        r"""Share of period ``t-1``'s survivors who renew for period ``t`` (t >= 1).

        :math:`r_t = (\beta + t - 1)/(\alpha + \beta + t - 1)`.

        Examples
        --------
        >>> from custvalue.btyd import ShiftedBetaGeometric
        >>> ShiftedBetaGeometric(1.0, 1.0).retention_rate([1, 2, 3]).round(4)
        array([0.5   , 0.6667, 0.75  ])
        """
        tt = self._periods(t, 1)
        out = (self.beta + tt - 1.0) / (self.alpha + self.beta + tt - 1.0)
        return _result(out, None, "retention_rate", t)

    def expected_lifetime(self) -> float:
        r"""Expected number of periods a new customer stays, :math:`E[T]`.

        :math:`E[T] = \sum_{t \ge 0} S(t) = (\alpha+\beta-1)/(\alpha-1)` for
        :math:`\alpha > 1`; infinite (``math.inf``) for :math:`\alpha \le 1`,
        where the churn probabilities near 0 are too common for a finite mean.

        Examples
        --------
        >>> from custvalue.btyd import ShiftedBetaGeometric
        >>> ShiftedBetaGeometric(3.0, 2.0).expected_lifetime()
        2.0
        >>> ShiftedBetaGeometric(0.704, 1.182).expected_lifetime()
        inf
        """
        if self.alpha <= 1.0:
            return math.inf
        return (self.alpha + self.beta - 1.0) / (self.alpha - 1.0)

    def discounted_expected_residual_lifetime(
        self, discount_rate: object, *, renewals: object = 0
    ) -> float:
        r"""Discounted expected residual lifetime (DERL) after ``renewals`` renewals.

        For a customer who has been active for ``n = renewals + 1`` periods
        and is about to decide on the next renewal, the expected number of
        further periods, each discounted by ``1 / (1 + d)`` per period (the
        first, paid at the renewal, undiscounted; Fader & Hardie 2010):

        .. math::

            \text{DERL}(d \mid n-1\ \text{renewals}) = \sum_{t \ge n}
            \frac{S(t)}{S(n-1)}\frac{1}{(1+d)^{t-n}}
            = \frac{\beta+n-1}{\alpha+\beta+n-1}\,
            {}_2F_1\!\left(1, \beta+n; \alpha+\beta+n; \tfrac{1}{1+d}\right)

        Multiplying by the margin per period gives the customer's residual
        lifetime value.

        Parameters
        ----------
        discount_rate : float
            Discount rate per period, > 0.
        renewals : int
            Renewals made so far (0 for a customer in her first period).

        Examples
        --------
        >>> from custvalue.btyd import ShiftedBetaGeometric
        >>> round(ShiftedBetaGeometric(0.704, 1.182).discounted_expected_residual_lifetime(
        ...     0.1, renewals=4), 3)
        5.894
        """
        d = as_scalar(discount_rate, "discount_rate", "> 0")
        n = as_count(renewals, "renewals") + 1
        a, b = self.alpha, self.beta
        z = np.array([1.0 / (1.0 + d)])
        hyp = _hyp2f1_unit(np.array([b + n]), np.array([a + b + n]), z)[0]
        return float((b + n - 1.0) / (a + b + n - 1.0) * hyp)


# ---------------------------------------------------------------------------
# customer lifetime value
# ---------------------------------------------------------------------------


def customer_lifetime_value(
    transaction_model: BetaGeo | ParetoNBD | ModifiedBetaGeo,
    spend_model: GammaGamma,
    frequency: object,
    recency: object,
    T: object,
    monetary_value: object,
    *,
    horizon: int,
    discount_rate: float,
    time_unit: float,
    margin: float = 1.0,
) -> FloatOrArray:
    r"""Discounted expected value of each customer's purchases over a horizon (客户终生价值).

    Parameters
    ----------
    transaction_model : BetaGeo, ModifiedBetaGeo or ParetoNBD
        Fitted purchase model; its time unit is the unit of ``recency`` and ``T``.
    spend_model : GammaGamma
        Fitted spend-per-transaction model.
    frequency, recency, T, monetary_value : array_like
        Customer summaries (``monetary_value`` the mean value of the repeat
        purchases; ignored when ``frequency`` is 0).
    horizon : int
        Number of discounting periods to value (e.g. 12 months).
    discount_rate : float
        Discount rate per discounting period (e.g. 0.01 a month), >= 0.
    time_unit : float
        Length of one discounting period in the model's time unit: with a
        model fitted in weeks and monthly discounting, ``time_unit = 52 / 12``;
        with a model in days, ``time_unit = 365 / 12`` (or 30 for 30-day
        months). The horizon covers ``horizon * time_unit`` model time units.
    margin : float
        Share of spend that is profit, in (0, 1] (1 values revenue).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Lifetime value per customer, in the currency of ``monetary_value``.

    Notes
    -----
    With :math:`u` the time unit, :math:`d` the discount rate, :math:`H` the
    horizon and :math:`E[Y(t)]` the conditional expected purchases,

    .. math::

        \text{CLV} = m\,E[M \mid x, m_x] \sum_{k=1}^{H}
        \frac{E[Y(k u) \mid x, t_x, T] - E[Y((k-1) u) \mid x, t_x, T]}{(1+d)^{k}}

    i.e. each period's expected purchases are valued at the end of the
    period. Spend and purchases are independent under the gamma-gamma
    model. The result feeds :func:`custvalue.pyramid.assign_tiers` and
    :func:`custvalue.clv.churn_loss`. With a constant retention rate and a
    known spend, the textbook annuity formula (:mod:`custvalue.clv`) is the
    deterministic special case.

    Examples
    --------
    >>> from custvalue.btyd import BetaGeo, GammaGamma, customer_lifetime_value
    >>> bg = BetaGeo(0.243, 4.414, 0.793, 2.426)
    >>> gg = GammaGamma(6.25, 3.74, 15.44)
    >>> customer_lifetime_value(bg, gg, [0, 2, 10], [0, 30.43, 35], [38.86] * 3,
    ...     [0, 25.0, 40.0], horizon=12, discount_rate=0.01, time_unit=52 / 12).round(2)
    array([  8.35,  39.4 , 290.46])
    """
    if not isinstance(transaction_model, (BetaGeo, ParetoNBD, _load_mbg())):
        raise TypeError(
            "transaction_model must be a BetaGeo, ModifiedBetaGeo or ParetoNBD model; "
            f"got {type(transaction_model).__name__}"
        )
    if not isinstance(spend_model, GammaGamma):
        raise TypeError(f"spend_model must be a GammaGamma model; got {type(spend_model).__name__}")
    h = as_count(horizon, "horizon", minimum=1)
    d = as_scalar(discount_rate, "discount_rate", ">= 0")
    u = as_scalar(time_unit, "time_unit", "> 0")
    mg = as_scalar(margin, "margin", "(0, 1]")
    (frequency, recency, T, monetary_value), _ = align_by_label(
        frequency=frequency, recency=recency, T=T, monetary_value=monetary_value
    )
    x, tx, age, index = _rfm(frequency, recency, T)
    _, m, _ = _spend_data(frequency, monetary_value)
    with labelled_errors(index):
        x, tx, age, m = broadcast(frequency=x, recency=tx, T=age, monetary_value=m)
    spend = np.asarray(spend_model.conditional_expected_value(x, m), dtype=np.float64)
    shape = x.shape
    flat = [a.reshape(-1) for a in (x, tx, age)]
    c = _unique_patterns(*flat)
    px = np.asarray(c.frequency, dtype=np.float64)
    ptx = np.asarray(c.recency, dtype=np.float64)
    pT = np.asarray(c.T, dtype=np.float64)
    steps = np.arange(1, h + 1, dtype=np.float64) * u
    # purchases if alive depend on (x, T) only; P(alive) on the whole pattern
    key_T, at_T = np.unique(pT, return_inverse=True)
    pair, at_pair = np.unique(px * key_T.size + at_T, return_inverse=True)
    pair_x = np.floor(pair / key_T.size)
    pair_T = key_T[(pair - pair_x * key_T.size).astype(np.int64)]
    cum = transaction_model._purchases_if_alive(steps[:, None], pair_x[None, :], pair_T[None, :])
    per_period = np.diff(cum, axis=0, prepend=0.0)
    discount = (1.0 + d) ** -np.arange(1, h + 1, dtype=np.float64)
    alive = _alive(transaction_model, px, ptx, pT)
    per_pattern = np.einsum("k,kj->j", discount, per_period)[at_pair.reshape(-1)] * alive
    purchases = per_pattern[np.asarray(c.inverse, dtype=np.int64)]
    out = mg * spend * purchases.reshape(shape)
    return _result(out, index, "clv", monetary_value)


# Models in their own modules build on the machinery above; they are loaded
# on first access (PEP 562), which keeps the import order acyclic.
_LAZY = {
    "BetaGeoBetaBinom": "custvalue._btyd_bgbb",
    "ModifiedBetaGeo": "custvalue._btyd_mbg",
    "CovariateFit": "custvalue._btyd_covariates",
    "fit_covariates": "custvalue._btyd_covariates",
    "CalibrationHoldout": "custvalue._btyd_checks",
    "ModelComparison": "custvalue._btyd_checks",
    "PeriodTransactions": "custvalue._btyd_checks",
    "TrackingCurves": "custvalue._btyd_checks",
    "calibration_holdout": "custvalue._btyd_checks",
    "clv_interval": "custvalue._btyd_checks",
    "compare_models": "custvalue._btyd_checks",
    "draw_models": "custvalue._btyd_checks",
    "period_transactions": "custvalue._btyd_checks",
    "prediction_interval": "custvalue._btyd_checks",
    "tracking_curves": "custvalue._btyd_checks",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _load_mbg() -> type[ModifiedBetaGeo]:
    from custvalue._btyd_mbg import ModifiedBetaGeo

    return ModifiedBetaGeo


def _load_lazy_models() -> None:
    import importlib

    for module in set(_LAZY.values()):
        importlib.import_module(module)
