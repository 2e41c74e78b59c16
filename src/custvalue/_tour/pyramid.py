"""Tour section: customer pyramid, 80/20 rule, tier tables and value concentration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from custvalue._tour import Section

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

TITLE = "Customer pyramid and value concentration (顾客金字塔, 二八法则)"


def run() -> Section:
    """Text and computed values of the pyramid section.

    Sections 1 and 2 compute from their inputs. Sections 3 and 4 are
    illustrations: their customers are constructed (appliance maker) or
    simulated and calibrated (brokerage) to match the published table, so
    agreement with that table is by construction, not a reproduction.
    """
    from custvalue.datasets import (
        APPLIANCE_TIERS,
        appliance_maker_customers,
        simulate_brokerage_customers,
        simulate_customer_profits,
    )
    from custvalue.pyramid import assign_tiers, concentration, tier_summary

    out: list[str] = []
    add = out.append
    values: dict[str, Any] = {}

    def table(frame: pd.DataFrame, columns: list[str], percent: tuple[str, ...] = ()) -> None:
        shown = frame[columns].copy()
        for col in percent:
            shown[col] = (100 * shown[col]).round(1)
        for line in shown.round(2).to_string(index=False).splitlines():
            add(f"    {line}")

    add("1. The 80/20 rule: ten customers, the top two buy 80% of sales (two-tier pyramid)")
    sales = [5200, 2800, 450, 350, 300, 250, 200, 200, 150, 100]
    add(f">>> sales = {sales}")
    add('>>> tiers = assign_tiers(sales, scheme="pareto")')
    tiers = assign_tiers(sales, scheme="pareto")
    add(">>> tiers.labels.tolist(), tiers.edges")
    add(f"    {tiers.labels.tolist()}, {tiers.edges}")
    add(">>> tier_summary(sales, tiers)   # shares in %")
    table(
        tier_summary(sales, tiers),
        ["tier", "customers", "customer_share", "total_value", "value_share", "mean_value"],
        ("customer_share", "value_share"),
    )
    conc = concentration(sales)
    values["pareto_labels"] = tiers.labels.tolist()
    values["pareto_top_share"] = conc.top_share(0.2)
    values["pareto_customers_for_80"] = conc.customers_for_share(0.8)
    values["pareto_gini"] = conc.gini
    add(">>> conc = concentration(sales)")
    add(">>> conc.top_share(0.2), conc.customers_for_share(0.8), conc.gini")
    add(
        f"    {conc.top_share(0.2):.3f}, {conc.customers_for_share(0.8):.3f}, {conc.gini:.3f}"
        "   (20% of customers hold 80%; 20% is the fewest that reach 80%)"
    )
    add("")

    add("2. Zeithaml, Rust & Lemon pyramid on 2,000 simulated customers, 15% loss-making")
    add(">>> base = simulate_customer_profits(2000, negative_share=0.15, rng=42)")
    base = simulate_customer_profits(2000, negative_share=0.15, rng=42)
    profit = base.profit
    add(">>> tiers = assign_tiers(base.profit)   # top 1/4/15% of profitable ones; losses: lead")
    tiers = assign_tiers(profit)
    add(">>> tier_summary(base.profit, tiers)   # shares in %")
    table(
        tier_summary(profit, tiers),
        ["tier", "customers", "customer_share", "value_share", "mean_value"],
        ("customer_share", "value_share"),
    )
    add(">>> tiers = assign_tiers(base.profit, by='threshold', cuts=(1000, 200, 0.01))")
    tiers = assign_tiers(profit, by="threshold", cuts=(1000, 200, 0.01))
    add(">>> tier_summary(base.profit, tiers)   # lead = the loss-makers only")
    table(
        tier_summary(profit, tiers),
        ["tier", "customers", "customer_share", "value_share", "mean_value"],
        ("customer_share", "value_share"),
    )
    values["zeithaml_profit"] = profit
    values["zeithaml_threshold_counts"] = tiers.counts()
    conc = concentration(profit)
    values["zeithaml_top_share_85"] = conc.top_share(0.85)
    add(">>> conc = concentration(base.profit)")
    add(">>> conc.top_share(0.85), conc.customers_for_share(1.0), conc.gini")
    add(
        f"    {conc.top_share(0.85):.3f}, {conc.customers_for_share(1.0):.3f}, {conc.gini:.3f}"
        "   (the profitable 85% make 105% of profit; Gini uses the net mean)"
    )
    add("")

    add("3. Household-appliance maker: value %, market %, customers % per tier (course material)")
    add("   Illustration: the 1,000 customers are constructed from the printed table, so")
    add("   matching it shows the calls; it is not an independent reproduction.")
    for name, value, market, customers in APPLIANCE_TIERS:
        add(f"    printed  {name:<10} {value:8.2f} {market:6.1f} {customers:6.1f}")
    add(">>> base = appliance_maker_customers()   # 1,000 customers built from the table")
    add(">>> tiers = assign_tiers(base.value, scheme='custom', cuts=base.customer_cuts,")
    add("...                      labels=base.tier_names)")
    add(">>> tier_summary(base.value, tiers, market_share=base.market_share)   # shares in %")
    app = appliance_maker_customers()
    tiers = assign_tiers(app.value, scheme="custom", cuts=app.customer_cuts, labels=app.tier_names)
    table(
        tier_summary(app.value, tiers, market_share=app.market_share),
        ["tier", "mean_value", "market_share", "customer_share", "value_share"],
        ("market_share", "customer_share", "value_share"),
    )
    add("    (mean_value is the printed value column; value_share follows from it)")
    add("")

    add("4. Securities brokerage: which customers make 60% of contribution?")
    add("   Illustration: the accounts are simulated and calibrated to the consulting")
    add("   report's totals and its 281 core customers; the report's figures are inputs")
    add("   of the simulation, not results reproduced from the report's data.")
    add(">>> accounts = simulate_brokerage_customers(rng=2024)   # 6,512 accounts")
    accounts = simulate_brokerage_customers(rng=2024)
    contribution = accounts.contribution
    add(">>> accounts.net_commission.sum(), accounts.spread_income.sum()")
    add(
        f"    {accounts.net_commission.sum():,.0f}, {accounts.spread_income.sum():,.0f}"
        "   (report: 11,773,741 and 1,572,989)"
    )
    conc = concentration(contribution)
    share = conc.customers_for_share(0.6)
    add(">>> conc = concentration(accounts.contribution)")
    add(">>> conc.customers_for_share(0.6) * conc.n_customers, conc.customers_for_share(0.6)")
    add(f"    {share * conc.n_customers:.0f}, {share:.3f}   (report: 281 customers, 4%)")
    add(">>> tiers = assign_tiers(accounts.contribution, scheme='curry', by='value', cuts=(0.6,),")
    add("...                      labels=('core', 'regular', 'inactive'))")
    tiers = assign_tiers(
        contribution,
        scheme="curry",
        by="value",
        cuts=(0.6,),
        labels=("core", "regular", "inactive"),
    )
    add(">>> tier_summary(accounts.contribution, tiers)   # shares in %")
    table(
        tier_summary(contribution, tiers),
        ["tier", "customers", "customer_share", "total_value", "value_share", "mean_value"],
        ("customer_share", "value_share"),
    )
    add(">>> assets = assign_tiers(accounts.assets, scheme='custom', by='threshold',")
    add("...                       cuts=(1e6, 4e5), labels=('large', 'medium', 'small'))")
    assets = assign_tiers(
        accounts.assets,
        scheme="custom",
        by="threshold",
        cuts=(1e6, 4e5),
        labels=("large", "medium", "small"),
    )
    add(">>> tier_summary(accounts.contribution, assets)   # the old asset segments")
    table(
        tier_summary(contribution, assets),
        ["tier", "customers", "customer_share", "value_share", "mean_value"],
        ("customer_share", "value_share"),
    )
    core = tiers.labels == "core"
    large = assets.labels == "large"
    add(
        f"    core customers in the large-asset segment: {int((core & large).sum())} of "
        f"{int(core.sum())}; large accounts that never traded: "
        f"{int((large & (tiers.labels == 'inactive')).sum())}"
    )
    return Section("\n".join(out), values)
