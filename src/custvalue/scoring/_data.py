"""Simulated customers for the scoring family (exposed through ``custvalue.datasets``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from custvalue._results import ResultMixin
from custvalue._validate import as_count, as_rng

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["RetailCustomers", "simulate_retail_customers"]


@attrs.frozen(eq=False, repr=False)
class RetailCustomers(ResultMixin):
    """Simulated retail customers with the indicators of the retail value hierarchy.

    Attributes
    ----------
    data : pandas.DataFrame
        One row per customer (index ``customer_id``), one column per leaf of
        :func:`custvalue.scoring.index.retail_hierarchy`.
    latent : pandas.DataFrame
        The true standardised current, potential and relationship value of
        each customer from which the indicators were drawn.
    """

    data: Any
    latent: Any


def _sigmoid(x: Any) -> Any:
    return 1.0 / (1.0 + np.exp(-x))


def simulate_retail_customers(n_customers: int = 500, *, rng: object = None) -> RetailCustomers:
    """Simulate retail customers' value indicators from three latent values.

    Each customer has standard-normal latent current value ``c``, potential
    value ``p`` (correlated 0.3 with ``c``) and relationship value ``r``. The
    indicators are: ``purchase_amount`` (CNY per year, lognormal in ``c``),
    ``purchase_frequency`` (Poisson in ``c``), ``gross_profit`` (a random
    margin of the amount), ``income_level`` (lognormal in ``p``),
    ``purchase_growth`` (rate, linear in ``p``), ``cross_buying`` (categories
    bought out of 10, binomial in ``p``), ``tenure`` (years, lognormal in
    ``r``), ``satisfaction`` (1-5, in ``r``), ``referrals`` (Poisson in ``r``)
    and ``churn_propensity`` (probability, decreasing in ``r``: a cost
    indicator).

    Parameters
    ----------
    n_customers : int
        Number of customers (>= 1).
    rng : int, numpy.random.Generator or None
        Seed or generator.

    Returns
    -------
    RetailCustomers
        ``data`` (indicators) and ``latent`` (the truth).

    Examples
    --------
    >>> from custvalue.datasets import simulate_retail_customers
    >>> sim = simulate_retail_customers(5, rng=1)
    >>> list(sim.data.columns[:3])
    ['purchase_amount', 'purchase_frequency', 'gross_profit']
    >>> sim.data.shape, list(sim.latent.columns)
    ((5, 10), ['current', 'potential', 'relationship'])
    """
    import pandas as pd

    m = as_count(n_customers, "n_customers", minimum=1)
    gen = as_rng(rng)
    z = gen.standard_normal((m, 3))
    c = z[:, 0]
    p = 0.3 * c + np.sqrt(1 - 0.3**2) * z[:, 1]
    r = z[:, 2]
    noise = gen.standard_normal((m, 6))
    amount = np.exp(7.5 + 0.6 * c + 0.25 * noise[:, 0])
    data = {
        "purchase_amount": np.round(amount, 2),
        "purchase_frequency": gen.poisson(np.exp(2.0 + 0.5 * c)).astype(float),
        "gross_profit": np.round(amount * np.clip(0.25 + 0.05 * noise[:, 1], 0.05, 0.6), 2),
        "income_level": np.round(np.exp(9.0 + 0.5 * p + 0.3 * noise[:, 2]), -1),
        "purchase_growth": np.round(0.05 + 0.1 * p + 0.05 * noise[:, 3], 4),
        "cross_buying": gen.binomial(10, _sigmoid(p - 0.5)).astype(float),
        "tenure": np.round(np.exp(1.0 + 0.4 * r + 0.3 * noise[:, 4]), 1),
        "satisfaction": np.clip(np.round(3.5 + 0.7 * r + 0.5 * noise[:, 5]), 1, 5),
        "referrals": gen.poisson(np.exp(-0.5 + 0.7 * r)).astype(float),
        "churn_propensity": np.round(_sigmoid(-1.0 - r + 0.5 * gen.standard_normal(m)), 4),
    }
    index = pd.RangeIndex(1, m + 1, name="customer_id")
    frame: pd.DataFrame = pd.DataFrame(data, index=index)
    latent: pd.DataFrame = pd.DataFrame(
        {"current": c, "potential": p, "relationship": r}, index=index
    )
    return RetailCustomers(data=frame, latent=latent)
