"""Inputs of the textbook lifetime-value examples (public in :mod:`custvalue.datasets`)."""

from __future__ import annotations

from typing import Any

import attrs

from custvalue._results import FrozenDict, ResultMixin

__all__ = ["DwyerExample", "dwyer_example"]


def _floats(values: Any) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


@attrs.frozen(eq=False, repr=False)
class DwyerExample(ResultMixin):
    """Inputs of the Dwyer cohort example of the Chinese course material.

    Pass them to :func:`custvalue.clv.dwyer_table` with
    ``dwyer_table(**example.table_inputs())``.

    Attributes
    ----------
    customers : float
        Cohort acquired in year 1 (published: 20,000).
    retention_rate : tuple of float
        Share of each year's customers buying again the next year
        (published: 65% rising to 80%; 65%, 70%, 75% give the published
        13,000, 9,100 and 6,825 customers).
    orders_per_month : tuple of float
        Orders per customer per month (published: 0.50 in year 1, 0.80 in
        year 4; years 2 and 3 assumed on a straight line).
    order_value : tuple of float
        Average order value in CNY (published: 650 in year 1, 800 in year 4;
        years 2 and 3 assumed on a straight line).
    variable_cost_rate : tuple of float
        Variable cost as a share of revenue (published: 75% in year 1;
        later years assumed).
    marketing_cost_per_customer : tuple of float
        Yearly marketing cost per active customer in CNY (assumed).
    acquisition_cost_per_customer : float
        Acquisition cost per customer in CNY (assumed).
    discount_rate : float
        Yearly discount rate (assumed).
    published : FrozenDict
        The figures printed in the source, for checking a table against.
    assumed : tuple of str
        The inputs (or parts of them) not given in the source: the rest of
        its table was a picture, so these are illustrative values.
    source : str
        Where the published figures come from.
    """

    customers: float = 20_000.0
    retention_rate: tuple[float, ...] = attrs.field(
        default=(0.65, 0.70, 0.75, 0.80), converter=_floats
    )
    orders_per_month: tuple[float, ...] = attrs.field(
        default=(0.50, 0.60, 0.70, 0.80), converter=_floats
    )
    order_value: tuple[float, ...] = attrs.field(
        default=(650.0, 700.0, 750.0, 800.0), converter=_floats
    )
    variable_cost_rate: tuple[float, ...] = attrs.field(
        default=(0.75, 0.72, 0.70, 0.68), converter=_floats
    )
    marketing_cost_per_customer: tuple[float, ...] = attrs.field(
        default=(100.0, 100.0, 100.0, 100.0), converter=_floats
    )
    acquisition_cost_per_customer: float = 300.0
    discount_rate: float = 0.10
    published: FrozenDict[str, Any] = attrs.field(
        factory=lambda: FrozenDict(
            {
                "customers": (20_000, 13_000, 9_100, 6_825),
                "retention_rate_year_1": 0.65,
                "orders_per_month": {1: 0.50, 4: 0.80},
                "order_value": {1: 650.0, 4: 800.0},
                "revenue": {1: 78_000_000.0, 4: 52_416_000.0},
                "variable_cost_rate_year_1": 0.75,
            }
        )
    )
    assumed: tuple[str, ...] = (
        "orders_per_month (years 2-3)",
        "order_value (years 2-3)",
        "variable_cost_rate (years 2-4)",
        "marketing_cost_per_customer",
        "acquisition_cost_per_customer",
        "discount_rate",
    )
    source: str = (
        "MBA智库百科, 'DWYER方法' (after Dwyer 1989); the same example in "
        "'CRM方法：如何计算客户生命周期价值', CTI论坛, 2004"
    )

    def table_inputs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`custvalue.clv.dwyer_table`."""
        return {
            "customers": self.customers,
            "retention_rate": self.retention_rate,
            "orders_per_month": self.orders_per_month,
            "order_value": self.order_value,
            "variable_cost_rate": self.variable_cost_rate,
            "marketing_cost_per_customer": self.marketing_cost_per_customer,
            "acquisition_cost_per_customer": self.acquisition_cost_per_customer,
            "discount_rate": self.discount_rate,
        }


DwyerExample.__module__ = "custvalue.datasets"


def dwyer_example() -> DwyerExample:
    """Inputs of the worked Dwyer cohort example (20,000 customers, four years).

    The published figures are the cohort of 20,000 customers, the retention
    rates (65% rising to 80%) that leave 13,000, 9,100 and 6,825 customers
    in years 2 to 4, 0.50 orders a month at CNY 650 in year 1 and 0.80 at
    CNY 800 in year 4 (revenue CNY 78,000,000 and CNY 52,416,000), and a
    variable cost of 75% of revenue in year 1. The rest of the source's table
    was a picture: the other inputs are illustrative values, listed in
    ``assumed``; give your own with :func:`attrs.evolve`.

    Returns
    -------
    DwyerExample
        The inputs, the published figures and the list of assumed ones.

    See Also
    --------
    custvalue.clv.dwyer_table : builds the cohort table from these inputs.

    References
    ----------
    .. [1] Dwyer, F. R. (1989). Customer lifetime valuation to support
       marketing decision making. *Journal of Direct Marketing*, 3(4), 8-15.
    .. [2] MBA智库百科, "DWYER方法", https://wiki.mbalib.com/wiki/DWYER方法.

    Examples
    --------
    >>> from custvalue.clv import dwyer_table
    >>> from custvalue.datasets import dwyer_example
    >>> table = dwyer_table(**dwyer_example().table_inputs())
    >>> table.customers
    array([20000., 13000.,  9100.,  6825.])
    >>> table.revenue
    array([78000000., 65520000., 57330000., 52416000.])
    """
    return DwyerExample()


dwyer_example.__module__ = "custvalue.datasets"
