"""Seeded simulators of customer bases with known BG/NBD, Pareto/NBD, gamma-gamma and sBG truth.

Re-exported by :mod:`custvalue.datasets`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import numpy as np

from custvalue._results import ResultMixin
from custvalue._validate import (
    FloatArray,
    IntArray,
    as_count,
    as_float_array,
    as_rng,
    as_scalar,
    check_integral,
    check_interval,
)
from custvalue.btyd import BetaGeo, GammaGamma, ParetoNBD, ShiftedBetaGeometric

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "SimulatedCustomers",
    "simulate_beta_geo",
    "simulate_pareto_nbd",
    "simulate_sbg_survivors",
    "simulate_spend",
]


@attrs.frozen(eq=False, repr=False)
class SimulatedCustomers(ResultMixin):
    """Customer summaries drawn from a known model.

    Attributes
    ----------
    frequency, recency, T : numpy.ndarray
        Repeat purchases, time of the last repeat purchase and age, per customer.
    monetary_value : numpy.ndarray or None
        Mean value of the repeat purchases (0 without repeat purchase), when
        a spend model was given.
    model : BetaGeo or ParetoNBD
        The true transaction model.
    spend_model : GammaGamma or None
        The true spend model.
    """

    frequency: FloatArray
    recency: FloatArray
    T: FloatArray
    monetary_value: FloatArray | None
    model: BetaGeo | ParetoNBD
    spend_model: GammaGamma | None

    def to_frame(self) -> pd.DataFrame:
        """Columns ``frequency``, ``recency``, ``T`` (and ``monetary_value``)."""
        import pandas as pd

        cols = {"frequency": self.frequency, "recency": self.recency, "T": self.T}
        if self.monetary_value is not None:
            cols["monetary_value"] = self.monetary_value
        frame: pd.DataFrame = pd.DataFrame(cols)
        return frame


def _ages(n: int, T: object) -> FloatArray:
    ages = as_float_array(T, "T", ndim=(0, 1))
    check_interval(ages, "T", "> 0")
    if ages.ndim == 1 and ages.size != n:
        raise ValueError(f"T must be a scalar or have n_customers = {n} values; got {ages.size}")
    return np.broadcast_to(ages, (n,)).astype(np.float64)


def _finish(
    x: FloatArray,
    tx: FloatArray,
    ages: FloatArray,
    model: BetaGeo | ParetoNBD,
    spend_model: GammaGamma | None,
    time_step: float | None,
    gen: np.random.Generator,
) -> SimulatedCustomers:
    if time_step is not None:
        step = as_scalar(time_step, "time_step", "> 0")
        tx = np.minimum(np.floor(tx / step) * step, ages)
    money = None if spend_model is None else _spend(x, spend_model, gen)
    return SimulatedCustomers(x, tx, ages, money, model, spend_model)


def simulate_beta_geo(
    n_customers: int,
    model: BetaGeo,
    *,
    T: object,
    spend_model: GammaGamma | None = None,
    time_step: float | None = None,
    rng: object = None,
) -> SimulatedCustomers:
    """Draw customers from the BG/NBD model.

    Each customer gets a rate ``lambda ~ Gamma(r, alpha)`` and a dropout
    probability ``p ~ Beta(a, b)``; without dropout she would make
    ``N ~ Poisson(lambda T)`` repeat purchases, and she drops out after
    repeat purchase ``J ~ Geometric(p)``, so ``x = min(N, J)``; given ``N``
    the purchase times are uniform order statistics, so the last one kept is
    ``T * Beta(x, N - x + 1)``.

    Parameters
    ----------
    n_customers : int
        Number of customers.
    model : BetaGeo
        True parameters.
    T : float or array_like
        Age of each customer (time since the first purchase).
    spend_model : GammaGamma, optional
        Also draw the mean value of the repeat purchases.
    time_step : float, optional
        Record recency rounded down to this grid (as a log summarised per
        period would), which makes many customers share a pattern.
    rng : int or numpy.random.Generator, optional
        Seed or generator.

    Returns
    -------
    SimulatedCustomers

    Examples
    --------
    >>> from custvalue.btyd import BetaGeo
    >>> from custvalue.datasets import simulate_beta_geo
    >>> sim = simulate_beta_geo(5, BetaGeo(0.25, 4.0, 0.8, 2.5), T=52, rng=0)
    >>> sim.frequency.shape, bool((sim.recency <= sim.T).all())
    ((5,), True)
    """
    n = as_count(n_customers, "n_customers", minimum=1)
    if not isinstance(model, BetaGeo):
        raise TypeError(f"model must be a BetaGeo; got {type(model).__name__}")
    gen = as_rng(rng)
    ages = _ages(n, T)
    lam = gen.gamma(model.r, 1.0 / model.alpha, n)
    p = gen.beta(model.a, model.b, n)
    total = gen.poisson(lam * ages).astype(np.float64)
    drop_after = gen.geometric(p).astype(np.float64)
    x = np.minimum(total, drop_after)
    tx = np.zeros(n)
    rep = x > 0
    tx[rep] = ages[rep] * gen.beta(x[rep], total[rep] - x[rep] + 1.0)
    return _finish(x, tx, ages, model, spend_model, time_step, gen)


def simulate_pareto_nbd(
    n_customers: int,
    model: ParetoNBD,
    *,
    T: object,
    spend_model: GammaGamma | None = None,
    time_step: float | None = None,
    rng: object = None,
) -> SimulatedCustomers:
    """Draw customers from the Pareto/NBD model.

    Each customer gets ``lambda ~ Gamma(r, alpha)`` and ``mu ~ Gamma(s, beta)``
    and an exponential lifetime of rate ``mu``; she buys at rate ``lambda``
    while alive and observed. Arguments as in :func:`simulate_beta_geo`.

    Examples
    --------
    >>> from custvalue.btyd import ParetoNBD
    >>> from custvalue.datasets import simulate_pareto_nbd
    >>> sim = simulate_pareto_nbd(5, ParetoNBD(0.55, 10.0, 0.6, 12.0), T=52, rng=0)
    >>> sim.frequency.shape
    (5,)
    """
    n = as_count(n_customers, "n_customers", minimum=1)
    if not isinstance(model, ParetoNBD):
        raise TypeError(f"model must be a ParetoNBD; got {type(model).__name__}")
    gen = as_rng(rng)
    ages = _ages(n, T)
    lam = gen.gamma(model.r, 1.0 / model.alpha, n)
    mu = gen.gamma(model.s, 1.0 / model.beta, n)
    life = gen.exponential(1.0 / mu)
    window = np.minimum(life, ages)
    x = gen.poisson(lam * window).astype(np.float64)
    tx = np.zeros(n)
    rep = x > 0
    tx[rep] = window[rep] * gen.beta(x[rep], 1.0)
    return _finish(x, tx, ages, model, spend_model, time_step, gen)


def _spend(x: FloatArray, model: GammaGamma, gen: np.random.Generator) -> FloatArray:
    nu = gen.gamma(model.q, 1.0 / model.v, x.size)
    out = np.zeros(x.size)
    rep = x > 0
    out[rep] = gen.gamma(model.p * x[rep], 1.0 / nu[rep]) / x[rep]
    return out


def simulate_spend(frequency: object, model: GammaGamma, *, rng: object = None) -> FloatArray:
    """Mean value of each customer's ``frequency`` transactions under the gamma-gamma model.

    A customer's scale ``nu ~ Gamma(q, v)``; each transaction ``~ Gamma(p, nu)``,
    so the sum of ``x`` of them is ``Gamma(p x, nu)``. Customers with no
    transaction get 0.

    Examples
    --------
    >>> from custvalue.btyd import GammaGamma
    >>> from custvalue.datasets import simulate_spend
    >>> simulate_spend([0, 3], GammaGamma(6.0, 4.0, 15.0), rng=0)[0]
    np.float64(0.0)
    """
    x = as_float_array(frequency, "frequency", ndim=1)
    check_interval(x, "frequency", ">= 0")
    check_integral(x, "frequency")
    if not isinstance(model, GammaGamma):
        raise TypeError(f"model must be a GammaGamma; got {type(model).__name__}")
    return _spend(x, model, as_rng(rng))


def simulate_sbg_survivors(
    cohort_size: int, model: ShiftedBetaGeometric, *, periods: int, rng: object = None
) -> IntArray:
    """Survivor counts ``n_0, ..., n_periods`` of a cohort under the sBG model.

    Each customer's churn probability ``theta ~ Beta(alpha, beta)``; her last
    period is ``Geometric(theta)``.

    Examples
    --------
    >>> from custvalue.btyd import ShiftedBetaGeometric
    >>> from custvalue.datasets import simulate_sbg_survivors
    >>> counts = simulate_sbg_survivors(1000, ShiftedBetaGeometric(0.7, 1.2), periods=4, rng=0)
    >>> int(counts[0]), len(counts)
    (1000, 5)
    """
    size = as_count(cohort_size, "cohort_size", minimum=1)
    k = as_count(periods, "periods", minimum=1)
    if not isinstance(model, ShiftedBetaGeometric):
        raise TypeError(f"model must be a ShiftedBetaGeometric; got {type(model).__name__}")
    gen = as_rng(rng)
    theta = gen.beta(model.alpha, model.beta, size)
    last = gen.geometric(theta)
    t = np.arange(k + 1)
    return np.asarray((last[None, :] > t[:, None]).sum(axis=1), dtype=np.int64)
