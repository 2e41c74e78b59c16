"""Seeded simulator of transaction event logs with BG/NBD or Pareto/NBD truth.

Re-exported by :mod:`custvalue.datasets`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from custvalue._results import ResultMixin
from custvalue._validate import FloatArray, as_count, as_rng, as_scalar
from custvalue.btyd import BetaGeo, GammaGamma, ParetoNBD

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["SimulatedTransactionLog", "simulate_transaction_log"]

_SECONDS_PER_DAY = 86_400


@attrs.frozen(eq=False, repr=False)
class SimulatedTransactionLog(ResultMixin):
    """A transaction event log drawn from a known model.

    Attributes
    ----------
    transactions : pandas.DataFrame
        One row per transaction, in time order: ``customer`` (int64 ids
        ``0 .. n_customers - 1``), ``date`` (datetime64, to the second) and,
        with a spend model, ``value``.
    model : BetaGeo or ParetoNBD
        The true purchase model, its rates per ``days_per_unit`` days.
    spend_model : GammaGamma or None
        The true spend model of single transactions.
    start, observation_end : pandas.Timestamp
        First possible acquisition and end of observation.
    days_per_unit : float
        Length in days of the models' time unit (7 for weekly rates).
    """

    transactions: pd.DataFrame
    model: BetaGeo | ParetoNBD
    spend_model: GammaGamma | None
    start: pd.Timestamp
    observation_end: pd.Timestamp
    days_per_unit: float


def _segment_cumsum(draws: FloatArray, counts: np.ndarray[Any, Any]) -> FloatArray:
    """Cumulative sums of ``draws`` restarting at each customer's block."""
    total = np.cumsum(draws)
    ends = np.cumsum(counts)
    before = np.concatenate(([0.0], total))[ends - counts]
    out: FloatArray = total - np.repeat(before, counts)
    return out


def simulate_transaction_log(
    n_customers: int,
    model: BetaGeo | ParetoNBD,
    *,
    spend_model: GammaGamma | None = None,
    start: object = "2024-01-01",
    acquisition_days: float = 84.0,
    observation_days: float = 364.0,
    days_per_unit: float = 7.0,
    rng: object = None,
) -> SimulatedTransactionLog:
    """Draw a transaction event log from the BG/NBD or Pareto/NBD model.

    Customer ``i`` makes her first purchase at a time uniform in the first
    ``acquisition_days`` days after ``start``; her repeat purchases then
    follow the model up to ``observation_days`` days after ``start``:

    - BG/NBD: purchases at rate ``lambda ~ Gamma(r, alpha)`` per time unit;
      after each repeat purchase she drops out with probability
      ``p ~ Beta(a, b)``.
    - Pareto/NBD: purchases at rate ``lambda ~ Gamma(r, alpha)`` during an
      exponential lifetime of rate ``mu ~ Gamma(s, beta)``.

    With a spend model every transaction (first purchase included) has value
    ``z ~ Gamma(p, nu)`` with the customer's ``nu ~ Gamma(q, v)`` (Fader,
    Hardie & Lee 2005, gamma-gamma). Times are kept to the second, so a
    customer may buy twice on one day.

    Parameters
    ----------
    n_customers : int
        Number of customers (>= 1).
    model : BetaGeo or ParetoNBD
        True purchase model; rates per ``days_per_unit`` days.
    spend_model : GammaGamma, optional
        True spend model; adds a ``value`` column.
    start : date-like
        Start of the acquisition window.
    acquisition_days : float
        Length of the acquisition window (> 0).
    observation_days : float
        Days from ``start`` to the end of observation (>= acquisition_days).
    days_per_unit : float
        Days per time unit of the model (7: weekly rates).
    rng : int or numpy.random.Generator, optional
        Seed or generator.

    Returns
    -------
    SimulatedTransactionLog

    Raises
    ------
    TypeError
        If ``model`` or ``spend_model`` has the wrong type.
    ValueError
        If a count or length is out of range.

    Examples
    --------
    >>> from custvalue.btyd import BetaGeo, GammaGamma
    >>> from custvalue.datasets import simulate_transaction_log
    >>> sim = simulate_transaction_log(
    ...     3, BetaGeo(2.0, 4.0, 0.5, 4.0), spend_model=GammaGamma(6.0, 4.0, 15.0), rng=1
    ... )
    >>> sim.transactions.columns.tolist()
    ['customer', 'date', 'value']
    >>> sim.observation_end
    Timestamp('2024-12-30 00:00:00')
    """
    import pandas as pd

    n = as_count(n_customers, "n_customers", minimum=1)
    if not isinstance(model, (BetaGeo, ParetoNBD)):
        raise TypeError(f"model must be a BetaGeo or ParetoNBD; got {type(model).__name__}")
    if spend_model is not None and not isinstance(spend_model, GammaGamma):
        raise TypeError(f"spend_model must be a GammaGamma; got {type(spend_model).__name__}")
    acq = as_scalar(acquisition_days, "acquisition_days", "> 0")
    obs = as_scalar(observation_days, "observation_days", "> 0")
    if obs < acq:
        raise ValueError(f"observation_days must be >= acquisition_days ({acq:g}); got {obs:g}")
    unit = as_scalar(days_per_unit, "days_per_unit", "> 0")
    try:
        start_ts = pd.Timestamp(start)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"start could not be parsed as a date ({exc}); got {start!r}") from None
    gen = as_rng(rng)

    birth = gen.uniform(0.0, acq, n)  # days after start
    window = (obs - birth) / unit  # observed lifetime after the first purchase, in units
    lam = gen.gamma(model.r, 1.0 / model.alpha, n)
    if isinstance(model, BetaGeo):
        p = gen.beta(model.a, model.b, n)
        total = gen.poisson(lam * window)
        kept = np.minimum(total, gen.geometric(p))
        span = window
    else:
        mu = gen.gamma(model.s, 1.0 / model.beta, n)
        span = np.minimum(gen.exponential(1.0 / mu), window)
        total = gen.poisson(lam * span)
        kept = total
    # given `total` points uniform on (0, span), the first `kept` order
    # statistics are S_k / (S_kept + G), S the cumulative sums of Exp(1)
    # draws and G ~ Gamma(total - kept + 1)
    kept = kept.astype(np.int64)
    steps = _segment_cumsum(gen.exponential(1.0, int(kept.sum())), kept)
    rest = gen.gamma((total - kept + 1).astype(np.float64), 1.0)
    last = np.zeros(n)
    buyers = kept > 0
    last[buyers] = steps[(np.cumsum(kept) - 1)[buyers]]
    scale = span / (last + rest)
    repeat_owner = np.repeat(np.arange(n), kept)
    repeat_day = birth[repeat_owner] + steps * scale[repeat_owner] * unit

    owner = np.concatenate((np.arange(n), repeat_owner))
    day = np.concatenate((birth, repeat_day))
    seconds = np.floor(day * _SECONDS_PER_DAY).astype(np.int64)
    order = np.lexsort((owner, seconds))
    dates = np.datetime64(start_ts.to_datetime64(), "s") + seconds[order].astype("timedelta64[s]")
    cols: dict[str, Any] = {"customer": owner[order].astype(np.int64), "date": dates}
    if spend_model is not None:
        nu = gen.gamma(spend_model.q, 1.0 / spend_model.v, n)
        values = gen.gamma(spend_model.p, 1.0 / nu[owner])
        cols["value"] = np.round(values[order], 2)
    frame = pd.DataFrame(cols)
    end = start_ts + pd.Timedelta(seconds=int(np.floor(obs * _SECONDS_PER_DAY)))
    return SimulatedTransactionLog(
        transactions=frame,
        model=model,
        spend_model=spend_model,
        start=start_ts,
        observation_end=end,
        days_per_unit=unit,
    )
