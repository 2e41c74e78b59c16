"""Tour section: deterministic customer lifetime value (textbook section 1)."""

from __future__ import annotations

from typing import Any

from custvalue._tour import Section

TITLE = "Customer lifetime value (客户终生价值, CLV)"


def run() -> Section:
    """Text and computed values of the lifetime-value section.

    Every figure is reproduced by computation from the textbook inputs.
    """
    import numpy as np

    from custvalue.clv import (
        annuity_value,
        churn_loss,
        customer_equity,
        delivered_value,
        dwyer_table,
        expected_lifetime,
        group_churn_loss,
        group_value,
        lifetime_value,
        retention_value,
    )
    from custvalue.datasets import dwyer_example

    out: list[str] = []
    add = out.append
    values: dict[str, Any] = {}

    add("Reproduced: every figure below is computed from the textbook's inputs.")
    add("")
    add("1. Models 1 and 2: a loyal customer, revenue I or profit P a year for n years")
    add("   CLV = I (1 - (1+r)^-n) / r   (end-of-year amounts; r = 0 gives I n)")
    values["annuity_revenue"] = annuity_value(1000.0, discount_rate=0.10, periods=5)
    values["annuity_profit"] = annuity_value(250.0, discount_rate=0.10, periods=5)
    values["annuity_zero_rate"] = annuity_value(1000.0, discount_rate=0.0, periods=5)
    add(">>> annuity_value(1000.0, discount_rate=0.10, periods=5)   # revenue, model 1")
    add(f"    {values['annuity_revenue']:.2f}")
    add(">>> annuity_value(250.0, discount_rate=0.10, periods=5)    # profit, model 2")
    add(f"    {values['annuity_profit']:.2f}")
    add(">>> annuity_value(1000.0, discount_rate=0.0, periods=5)")
    add(f"    {values['annuity_zero_rate']:.2f}")
    add("")

    add("2. Four-step single-customer CLV: V_k = sum (Q_t - C_t)(1+i)^-t - acquisition cost")
    add(">>> lifetime_value([300, 500, 600, 600], 100, discount_rate=0.08, acquisition_cost=250)")
    v = lifetime_value(
        [300.0, 500.0, 600.0, 600.0], 100.0, discount_rate=0.08, acquisition_cost=250.0
    )
    values["four_step"] = v
    add(f"    {v:.2f}")
    add("")

    add("3. Life cycle from the churn rate: T = 1 / r_L (a rate of 0 gives inf)")
    add(">>> expected_lifetime([0.20, 0.25, 0.0])")
    values["lifetimes"] = expected_lifetime(np.array([0.20, 0.25, 0.0]))
    add(f"    {values['lifetimes']}")
    values["retention_end"] = retention_value(100.0, retention_rate=0.8, discount_rate=0.12)
    add(">>> retention_value(100, retention_rate=0.8, discount_rate=0.12)   # m r / (1+i-r)")
    add(f"    {values['retention_end']:.2f}")
    add('>>> retention_value(100, retention_rate=0.8, discount_rate=0.12, timing="begin")')
    begin = retention_value(100.0, retention_rate=0.8, discount_rate=0.12, timing="begin")
    values["retention_begin"] = begin
    add(f"    {begin:.2f}   (first margin now: m (1+i) / (1+i-r))")
    add("")

    add("4. Group lifetime value, Dwyer's method, annuity form (T = 1/r_L years)")
    add(">>> group_value(500_000, 200_000, discount_rate=0.10, churn_rate=0.20)")
    values["group"] = group_value(500_000.0, 200_000.0, discount_rate=0.10, churn_rate=0.20)
    add(f"    {values['group']:,.2f}")
    add(">>> group_value(300_000, discount_rate=0.10, churn_rate=0.30, fractional=...)")
    for how in ("floor", "prorate", "ceil"):
        g = group_value(300_000.0, discount_rate=0.10, churn_rate=0.30, fractional=how)
        values[f"group_{how}"] = g
        add(f"    {how:<8} {g:,.2f}")
    add("    (T = 3.33 years: the partial year dropped, prorated or counted in full)")
    add("")

    add("5. Dwyer's cohort table (published: 20,000 -> 13,000 -> 9,100 -> 6,825 customers,")
    add("   revenue 78,000,000 in year 1 and 52,416,000 in year 4; other inputs illustrative,")
    add("   see dwyer_example().assumed; year y discounted by (1+i)^(y-1))")
    add(">>> print(dwyer_table(**dwyer_example().table_inputs()).summary())")
    table = dwyer_table(**dwyer_example().table_inputs())
    values["dwyer_customers"] = np.asarray(table.customers, dtype=float)
    values["dwyer_revenue"] = np.asarray(table.revenue, dtype=float)
    out.extend("    " + line for line in table.summary().splitlines())
    add("")

    add("6. Loss caused by churn: V_l = C_t + (V_k - V_t); group: N r_l V_k")
    add(">>> churn_loss(invested_cost=500, lifetime_value=3000, realized_value=1200)")
    values["churn_loss"] = churn_loss(
        invested_cost=500.0, lifetime_value=3000.0, realized_value=1200.0
    )
    add(f"    {values['churn_loss']:.2f}")
    add(">>> group_churn_loss(n_customers=10_000, churn_rate=0.15, lifetime_value=2000)")
    loss = group_churn_loss(n_customers=10_000, churn_rate=0.15, lifetime_value=2000.0)
    values["group_churn_loss"] = loss
    add(f"    {loss:,.2f}")
    add("")

    add("7. Customer equity: lifetime value x customer base")
    add(">>> customer_equity(1500, customers=40_000)")
    values["equity"] = customer_equity(1500.0, customers=40_000)
    add(f"    {values['equity']:,.2f}")
    add(">>> customer_equity([2500, 900], customers=[1_000, 9_000])")
    values["equity_groups"] = customer_equity([2500.0, 900.0], customers=[1_000, 9_000])
    add(f"    {values['equity_groups']:,.2f}")
    add("")

    add("8. The five-year exercise: N = 5, C0 = 400, first purchase 2,000, +500 a year, i = 9%")
    add("   Convention: acquisition and first purchase now (t = 0), the 500 at t = 1..5")
    add(">>> lifetime_value([2000, 500, 500, 500, 500, 500], discount_rate=0.09,")
    add("...                acquisition_cost=400, start=0)")
    five = lifetime_value(
        [2000.0, 500.0, 500.0, 500.0, 500.0, 500.0],
        discount_rate=0.09,
        acquisition_cost=400.0,
        start=0,
    )
    values["five_year"] = five
    add(f"    {five:.2f}   (= -400 + 2000 + 500 x 3.8897)")
    add("")

    add("9. Customer delivered value (顾客让渡价值) = total customer value - total customer cost")
    add(">>> delivered_value([2000, 1800], [1500, 1000])")
    values["delivered"] = delivered_value([2000.0, 1800.0], [1500.0, 1000.0])
    add(f"    {values['delivered']}")
    return Section("\n".join(out), values)
