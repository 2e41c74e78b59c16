"""Customer bases for the customer-pyramid examples (public in :mod:`custvalue.datasets`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from custvalue._results import ResultMixin, frozen_array
from custvalue._validate import FloatArray, as_count, as_rng, as_scalar

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "APPLIANCE_TIERS",
    "ApplianceCustomers",
    "BrokerageCustomers",
    "CustomerProfits",
    "appliance_maker_customers",
    "simulate_brokerage_customers",
    "simulate_customer_profits",
]

StrArray = npt.NDArray[np.str_]


# ---------------------------------------------------------------------------
# a customer base with loss-making customers
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class CustomerProfits(ResultMixin):
    """Simulated annual revenue, cost to serve and profit per customer.

    Attributes
    ----------
    revenue : numpy.ndarray
        Revenue per customer (> 0).
    cost_to_serve : numpy.ndarray
        Cost of goods and of serving the customer (> 0).
    n_negative : int
        True number of loss-making customers (profit < 0).
    negative_share : float
        The share requested, ``n_negative / n`` up to rounding.
    """

    revenue: FloatArray
    cost_to_serve: FloatArray
    n_negative: int
    negative_share: float

    @property
    def profit(self) -> FloatArray:
        """Profit per customer, ``revenue - cost_to_serve``."""
        out: FloatArray = self.revenue - self.cost_to_serve
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per customer: ``revenue``, ``cost_to_serve``, ``profit``."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            {"revenue": self.revenue, "cost_to_serve": self.cost_to_serve, "profit": self.profit}
        )
        return frame


def simulate_customer_profits(
    n_customers: int = 2000, *, negative_share: float = 0.15, rng: object = None
) -> CustomerProfits:
    """Simulate a customer base in which a known share of customers loses money.

    Parameters
    ----------
    n_customers : int, default 2000
        Number of customers (>= 1).
    negative_share : float, default 0.15
        Share of loss-making customers, in [0, 1]; exactly
        ``round(negative_share * n_customers)`` customers get a loss.
    rng : int or numpy.random.Generator, optional
        Seed or generator.

    Returns
    -------
    CustomerProfits
        Revenue, cost to serve, the implied ``profit`` and the true
        ``n_negative``.

    Notes
    -----
    Profitable customers have log-normal profit (median 60, log-sd 1.2) at
    a margin drawn uniformly in [5%, 40%] of revenue; loss-making customers
    have log-normal revenue (median 80, log-sd 0.6) and a log-normal loss
    (median 25, log-sd 0.8) added to their cost. Customers are shuffled.

    Examples
    --------
    >>> from custvalue.datasets import simulate_customer_profits
    >>> base = simulate_customer_profits(1000, negative_share=0.2, rng=1)
    >>> base.n_negative, int((base.profit < 0).sum())
    (200, 200)
    """
    n = as_count(n_customers, "n_customers", minimum=1)
    share = as_scalar(negative_share, "negative_share", "[0, 1]")
    gen = as_rng(rng)
    n_neg = round(share * n)
    n_pos = n - n_neg
    profit_pos = gen.lognormal(np.log(60.0), 1.2, size=n_pos)
    margin = gen.uniform(0.05, 0.40, size=n_pos)
    revenue_pos = profit_pos / margin
    revenue_neg = gen.lognormal(np.log(80.0), 0.6, size=n_neg)
    loss = gen.lognormal(np.log(25.0), 0.8, size=n_neg)
    revenue = np.concatenate([revenue_pos, revenue_neg])
    cost = np.concatenate([revenue_pos - profit_pos, revenue_neg + loss])
    order = gen.permutation(n)
    return CustomerProfits(
        revenue=frozen_array(revenue[order]),
        cost_to_serve=frozen_array(cost[order]),
        n_negative=n_neg,
        negative_share=share,
    )


# ---------------------------------------------------------------------------
# the securities-brokerage consulting example
# ---------------------------------------------------------------------------

_NET_COMMISSION_TOTAL = 11_773_741.0
_SPREAD_TOTAL = 1_572_989.0
_CORE_CONTRIBUTION = 8_010_000.0


@attrs.frozen(eq=False, repr=False)
class BrokerageCustomers(ResultMixin):
    """Simulated brokerage accounts with the structure of the consulting report.

    Attributes
    ----------
    assets : numpy.ndarray
        Assets held in the account (CNY).
    traded_amount : numpy.ndarray
        Amount traded in the year (CNY); 0 for inactive accounts.
    commission_rate : numpy.ndarray
        Commission rate on the traded amount.
    rebates : numpy.ndarray
        Commission rebated to the customer (CNY).
    margin_balance : numpy.ndarray
        Average margin-financing balance (CNY); 0 for customers without.
    spread_rate : numpy.ndarray
        Annual interest spread earned on the margin balance.
    years : numpy.ndarray
        Time the margin balance was held (years).
    group : numpy.ndarray of str
        The true group: ``"core"`` (the customers who make about 60% of
        contribution), ``"regular"`` (the other active customers) and
        ``"inactive"``.
    sigma : float
        Log-sd of the log-normal from which active contributions were drawn.
    """

    assets: FloatArray
    traded_amount: FloatArray
    commission_rate: FloatArray
    rebates: FloatArray
    margin_balance: FloatArray
    spread_rate: FloatArray
    years: FloatArray
    group: StrArray
    sigma: float

    @property
    def net_commission(self) -> FloatArray:
        """Net commission, ``traded_amount * commission_rate - rebates``."""
        out: FloatArray = self.traded_amount * self.commission_rate - self.rebates
        return out

    @property
    def spread_income(self) -> FloatArray:
        """Interest-spread income, ``margin_balance * spread_rate * years``."""
        out: FloatArray = self.margin_balance * self.spread_rate * self.years
        return out

    @property
    def contribution(self) -> FloatArray:
        """Customer contribution, ``net_commission + spread_income``."""
        out: FloatArray = self.net_commission + self.spread_income
        return out

    @property
    def asset_segment(self) -> StrArray:
        """The old segmentation by assets: large (>= CNY 1 m), medium (>= 0.4 m), small."""
        out: StrArray = np.where(
            self.assets >= 1e6, "large", np.where(self.assets >= 4e5, "medium", "small")
        )
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per account with every field, the derived incomes and the segments."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            {
                "assets": self.assets,
                "traded_amount": self.traded_amount,
                "commission_rate": self.commission_rate,
                "rebates": self.rebates,
                "margin_balance": self.margin_balance,
                "spread_rate": self.spread_rate,
                "years": self.years,
                "net_commission": self.net_commission,
                "spread_income": self.spread_income,
                "contribution": self.contribution,
                "asset_segment": self.asset_segment,
                "group": self.group,
            }
        )
        return frame


def simulate_brokerage_customers(
    *,
    n_core: int = 281,
    n_regular: int = 3848,
    n_inactive: int = 2383,
    sigma: float = 1.6,
    rng: object = None,
) -> BrokerageCustomers:
    """Simulate the securities-brokerage customer base of the consulting report.

    The report (6,512 customers) found that 281 customers (4%) produced about
    60% of net commission plus interest-spread income (CNY 8.01 m), 3,848
    (59%) the other 40% (CNY 5.34 m), and 2,383 (37%) were inactive; total
    net commission was CNY 11,773,741 and spread income CNY 1,572,989. The
    simulation is *calibrated* to that structure: its totals and group sizes
    are the report's by construction (draws are redrawn until the 60% group
    has exactly ``n_core`` customers), with account-level detail drawn at
    random. Analyses of it illustrate the method; they do not reproduce the
    report.

    Parameters
    ----------
    n_core, n_regular, n_inactive : int
        Group sizes; the defaults are the report's.
    sigma : float, default 1.6
        Log-sd of the log-normal contributions of active customers (> 0).
    rng : int or numpy.random.Generator, optional
        Seed or generator.

    Returns
    -------
    BrokerageCustomers
        Account fields; ``contribution`` and the true ``group``.

    Raises
    ------
    ValueError
        For group sizes < 1 or ``sigma`` <= 0.

    Notes
    -----
    Contributions of the active customers are log-normal; the ``n_core``
    largest are scaled to total CNY 8.01 m and the others to the rest of the
    report's total (CNY 13,346,730), keeping their order, so that the core
    customers are exactly the smallest group making 60% of contribution
    (draws that would break this are redrawn). Each contribution is then
    split into spread income (customers with margin financing: 60% of core,
    50% of regular customers) and net commission, scaled to the report's
    totals, and turned into accounts: commission rate uniform in
    [0.05%, 0.3%], rebates 0-30% of gross commission, spread rate uniform in
    [2%, 4%] a year for 0.2-1 year. Assets equal the traded amount divided
    by a log-normal turnover (median 4 a year, log-sd 1), so the asset-based
    segments only loosely follow value. Accounts are shuffled.

    Examples
    --------
    >>> from custvalue.datasets import simulate_brokerage_customers
    >>> b = simulate_brokerage_customers(rng=2024)
    >>> round(float(b.net_commission.sum())), round(float(b.spread_income.sum()))
    (11773741, 1572989)
    >>> int((b.group == "core").sum()), int((b.contribution == 0).sum())
    (281, 2383)
    """
    nc = as_count(n_core, "n_core", minimum=1)
    nr = as_count(n_regular, "n_regular", minimum=1)
    ni = as_count(n_inactive, "n_inactive", minimum=1)
    s = as_scalar(sigma, "sigma", "> 0")
    gen = as_rng(rng)
    total = _NET_COMMISSION_TOTAL + _SPREAD_TOTAL
    core_total = _CORE_CONTRIBUTION
    regular_total = total - core_total
    core_spread = _SPREAD_TOTAL * core_total / total
    regular_spread = _SPREAD_TOTAL - core_spread
    for _ in range(1000):
        raw = np.sort(gen.lognormal(0.0, s, size=nc + nr))[::-1]
        core = raw[:nc] * (core_total / raw[:nc].sum())
        regular = raw[nc:] * (regular_total / raw[nc:].sum())
        # the core must be exactly the smallest group reaching 60%
        if core[-1] >= regular[0] and core_total - core[-1] < 0.6 * total:
            break
    else:  # pragma: no cover - needs an extreme sigma
        raise ValueError(f"sigma={s!r} cannot produce the report's 60% core; try a value near 1.6")
    contrib = np.concatenate([core, regular])
    is_core = np.arange(nc + nr) < nc
    spread = np.zeros(nc + nr)
    for mask, target, p_margin in ((is_core, core_spread, 0.6), (~is_core, regular_spread, 0.5)):
        idx = np.flatnonzero(mask)
        for _ in range(1000):
            users = idx[gen.random(idx.size) < p_margin]
            frac = gen.beta(2.0, 3.0, size=users.size)
            raw_spread = contrib[users] * frac
            scale = target / raw_spread.sum() if users.size else np.inf
            # spread income stays below 90% of each customer's contribution
            if scale * frac.max(initial=0.0) <= 0.9:
                break
        else:  # pragma: no cover - needs tiny groups
            raise ValueError("group too small to carry the report's spread income")
        spread[users] = raw_spread * scale
    net = contrib - spread
    rate = gen.uniform(0.0005, 0.003, size=nc + nr)
    rebate_frac = gen.uniform(0.0, 0.3, size=nc + nr)
    gross = net / (1.0 - rebate_frac)
    traded = gross / rate
    rebates = gross - net
    spread_rate = gen.uniform(0.02, 0.04, size=nc + nr)
    years = gen.uniform(0.2, 1.0, size=nc + nr)
    margin = spread / (spread_rate * years)
    turnover = gen.lognormal(np.log(4.0), 1.0, size=nc + nr)
    assets = traded / turnover
    inactive_assets = gen.lognormal(np.log(1.5e5), 1.0, size=ni)
    n = nc + nr + ni
    group = np.array(["core"] * nc + ["regular"] * nr + ["inactive"] * ni)
    zeros = np.zeros(ni)

    def cat(active: FloatArray, inactive: FloatArray) -> FloatArray:
        out: FloatArray = np.concatenate([active, inactive])
        return out

    order = gen.permutation(n)
    fields: dict[str, Any] = {
        "assets": cat(assets, inactive_assets),
        "traded_amount": cat(traded, zeros),
        "commission_rate": cat(rate, gen.uniform(0.0005, 0.003, size=ni)),
        "rebates": cat(rebates, zeros),
        "margin_balance": cat(margin, zeros),
        "spread_rate": cat(spread_rate, gen.uniform(0.02, 0.04, size=ni)),
        "years": cat(years, zeros),
    }
    return BrokerageCustomers(
        **{k: frozen_array(v[order]) for k, v in fields.items()},
        group=frozen_array(group[order]),
        sigma=s,
    )


# ---------------------------------------------------------------------------
# the household-appliance maker's tier table
# ---------------------------------------------------------------------------

#: The household-appliance maker's customer pyramid as printed in the course
#: material, top tier first: (tier, value %, market %, customers %).
APPLIANCE_TIERS: tuple[tuple[str, float, float, float], ...] = (
    ("very high", 107.76, 0.7, 1.8),
    ("high", 30.49, 4.6, 9.2),
    ("moderate", 7.45, 18.0, 26.3),
    ("low", -2.10, 25.3, 20.5),
    ("very low", -4.12, 51.4, 42.2),
)

# half-width of the evenly spaced values around each tier's printed figure
_APPLIANCE_SPREAD = (45.0, 15.0, 5.0, 0.9, 0.9)


@attrs.frozen(eq=False, repr=False)
class ApplianceCustomers(ResultMixin):
    """A 1,000-customer base whose pyramid is the appliance maker's table.

    Attributes
    ----------
    value : numpy.ndarray
        Value per customer, in the unit of the table's value column.
    tier_names : tuple of str
        Tier names, top first.
    customer_cuts : tuple of float
        Cumulative customer shares from the top at which the tiers change
        (from the table's customers % column).
    market_share : tuple of float
        Each tier's share of the market (the table's market % column / 100).
    """

    value: FloatArray
    tier_names: tuple[str, ...]
    customer_cuts: tuple[float, ...]
    market_share: tuple[float, ...]


def appliance_maker_customers() -> ApplianceCustomers:
    """The household-appliance example as a customer base (deterministic).

    The course material gives, per tier, only three percentages (see
    :data:`APPLIANCE_TIERS`). This base has 1,000 customers, 10 per
    percentage point of the customers % column (18, 92, 263, 205, 422 from
    the top); each tier's values are evenly spaced around the tier's printed
    value figure, so the tier's mean value equals it, and tiers do not
    overlap. Cutting it at the printed customer shares and summarising with
    the printed market shares gives back the table, by construction: the
    base is an illustration calibrated to the table, not data it was
    computed from.

    Returns
    -------
    ApplianceCustomers

    Examples
    --------
    >>> from custvalue.datasets import appliance_maker_customers
    >>> base = appliance_maker_customers()
    >>> base.value.shape, base.customer_cuts
    ((1000,), (0.018, 0.11, 0.373, 0.578))
    """
    parts = []
    cuts = []
    cumulative = 0
    for (_, value, _, customers), half in zip(APPLIANCE_TIERS, _APPLIANCE_SPREAD, strict=True):
        count = round(customers * 10)
        parts.append(np.linspace(value - half, value + half, count))
        cumulative += count
        cuts.append(cumulative / 1000)
    return ApplianceCustomers(
        value=frozen_array(np.concatenate(parts)),
        tier_names=tuple(row[0] for row in APPLIANCE_TIERS),
        customer_cuts=tuple(cuts[:-1]),
        market_share=tuple(row[2] / 100 for row in APPLIANCE_TIERS),
    )
