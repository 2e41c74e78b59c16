"""Tour section: loyalty (NPS and NSS, typologies, retention, curve, profit, life cycle)."""

from __future__ import annotations

from typing import Any

from custvalue._tour import Section

TITLE = "Customer loyalty (顾客忠诚)"


def run() -> Section:
    """Text and computed values of the loyalty section.

    Reproduced from their inputs: the NPS with its standard error and
    intervals, the loyalty types, retention, share of wallet, the retention
    curve, the loyal-customer profit and the life-cycle stages. The survey
    waves, the loyalty segments and the satisfaction-loyalty curves run on
    simulated data.
    """
    import numpy as np

    from custvalue.datasets import simulate_nps_survey, simulate_satisfaction_loyalty
    from custvalue.loyalty import (
        LoyaltyType,
        classify_loyalty,
        lifecycle_stage,
        loyal_customer_profit,
        loyalty_segments,
        net_satisfaction,
        nps,
        nps_difference,
        retention_curve,
        retention_rate,
        satisfaction_loyalty_curve,
        share_of_wallet,
    )

    out: list[str] = []
    add = out.append
    values: dict[str, Any] = {}

    add("1. Net Promoter Score: 60 promoters (9-10), 25 passives (7-8), 15 detractors (0-6)")
    add("   Reproduced: score, standard error and intervals computed from the 100 answers")
    add(">>> res = nps(np.r_[np.full(60, 10), np.full(25, 8), np.full(15, 3)])")
    res = nps(np.r_[np.full(60, 10), np.full(25, 8), np.full(15, 3)])
    add(f"    NPS = {res.promoter_share:.0%} - {res.detractor_share:.0%} = {res.score:.1f}")
    add(f"    standard error = 100 * sqrt((p + d - (p - d)^2) / n) = {res.std_error:.3f}")
    add(f"    95% interval {res.low:.2f} to {res.high:.2f}")
    ci = res.confidence_interval(level=0.90)
    values["nps"] = res.score
    values["nps_std_error"] = res.std_error
    values["nps_interval_95"] = (res.low, res.high)
    values["nps_interval_90"] = (ci.low, ci.high)
    add(">>> res.confidence_interval(level=0.90)")
    add(f"    ({ci.low:.2f}, {ci.high:.2f})")
    add("")

    add("2. NPS as the alarm, NSS (top box - bottom box) to find the cause")
    add("   Two simulated survey waves; in the second the network service got worse.")
    add(">>> before = simulate_nps_survey(1000, rng=1)")
    add('>>> after = simulate_nps_survey(1000, item_shift={"network": -1.0}, rng=2)')
    before = simulate_nps_survey(1000, rng=1)
    after = simulate_nps_survey(1000, item_shift={"network": -1.0}, rng=2)
    test = nps_difference(before.recommend, after.recommend)
    values["wave_recommend"] = (before.recommend, after.recommend)
    values["wave_nps"] = (test.first.score, test.second.score)
    add(">>> nps_difference(before.recommend, after.recommend)")
    add(
        f"    NPS {test.first.score:.1f} -> {test.second.score:.1f}: change "
        f"{-test.difference:.1f} points, z = {test.statistic:.2f}, p = {test.p_value:.1e}"
    )
    add(">>> net_satisfaction(before.ratings), net_satisfaction(after.ratings)")
    nss0 = net_satisfaction(before.ratings)
    nss1 = net_satisfaction(after.ratings)
    add(f"    {'item':<11}{'NSS before':>11}{'NSS after':>11}{'change':>9}")
    for name, a, b in zip(before.items, nss0.score, nss1.score, strict=True):
        add(f"    {name:<11}{a:>11.1f}{b:>11.1f}{b - a:>9.1f}")
    add("    -> the network sub-score explains the fall of the NPS")
    add("")

    add("3. Dick & Basu: relative attitude x repeat patronage (cuts 4 of 5 and 50% of purchases)")
    rng = np.random.default_rng(3)
    attitude = rng.integers(1, 6, size=200)
    patronage = np.clip(0.1 * attitude + rng.normal(0.2, 0.2, size=200), 0, 1)
    add(">>> rng = np.random.default_rng(3)")
    add(">>> attitude = rng.integers(1, 6, size=200)   # relative attitude, 1-5")
    add(">>> patronage = np.clip(0.1 * attitude + rng.normal(0.2, 0.2, size=200), 0, 1)")
    add(">>> loyalty_segments(attitude, patronage, attitude_cut=4, behaviour_cut=0.5).summary()")
    seg = loyalty_segments(attitude, patronage, attitude_cut=4, behaviour_cut=0.5)
    out.extend("    " + line for line in seg.summary().splitlines())
    add("")

    add("4. The eight loyalty types (忠诚类型) from survey drivers")
    cases = [
        (False, True, "no_alternative"),
        (False, True, "affiliation"),
        (False, True, "habit"),
        (True, False, None),
        (False, True, "location"),
        (False, True, "price"),
        (False, True, "rewards"),
        (True, True, "value"),
    ]
    add(">>> classify_loyalty(attachment, repeat_purchase, reason)")
    for att, rep, why in cases:
        t = classify_loyalty(att, rep, why)
        if not isinstance(t, LoyaltyType):  # pragma: no cover - one answer gives one type
            raise TypeError(f"classify_loyalty returned {t!r} for one answer")
        values.setdefault("loyalty_types", []).append(t.chinese)
        add(
            f"    attachment {'high' if att else 'low':<4}, repeat {'high' if rep else 'low':<4}, "
            f"reason {why or '-':<15}-> {t.value:<12}{t.chinese}"
        )
    add("")

    add("5. Retention: 200 customers at the start, 190 at the end, 30 of them new")
    add(">>> retention_rate(200, 190, 30)")
    values["retention_rate"] = retention_rate(200, 190, 30)
    values["share_of_wallet"] = share_of_wallet(300.0, 1000.0)
    add(f"    {values['retention_rate']:.2f}   (= (190 - 30) / 200)")
    add(">>> share_of_wallet(300, 1000)")
    add(f"    {values['share_of_wallet']:.2f}")
    panel = [
        [1, 1, 0, 1],
        [1, 0, 0, 0],
        [0, 1, 1, 1],
        [0, 1, 0, 0],
    ]
    add(">>> retention_curve(panel).curve   # customers x 4 months, 0/1 activity")
    values["retention_curve"] = retention_curve(panel).curve
    add(f"    {values['retention_curve'].tolist()}")
    add("")

    add("6. Satisfaction and loyalty: probability of buying again by satisfaction 1-5")
    add("   (simulated: 5,000 customers per market, logistic fit with 95% intervals)")
    for market in ("high_competition", "low_competition"):
        data = simulate_satisfaction_loyalty(5000, market=market, rng=11)
        curve = satisfaction_loyalty_curve(data.satisfaction, data.repurchase)
        add(f'>>> satisfaction_loyalty_curve(...)   # market="{market}"')
        cells = "  ".join(
            f"{s:.0f}: {p:.3f}" for s, p in zip(curve.levels, curve.fitted, strict=True)
        )
        add(f"    fitted {cells}")
        add(
            f"    rating 5 vs 4: {curve.ratio[-1]:.2f} times as likely "
            f"(95% CI {curve.ratio_low[-1]:.2f} to {curve.ratio_high[-1]:.2f})"
        )
    add("    (Xerox: 'totally satisfied' customers six times as likely to buy again)")
    add("")

    add("7. Profit of a loyal customer year by year (Reichheld), acquisition cost 150 in year 0")
    add(">>> loyal_customer_profit(years=5, base_profit=40, purchase_growth=0.1,")
    add("...     cost_savings=[0, 5, 10, 15, 20], referrals=[0, 5, 10, 10, 10],")
    add("...     price_premium=[0, 2, 4, 6, 8], acquisition_cost=150)")
    profit = loyal_customer_profit(
        years=5,
        base_profit=40.0,
        purchase_growth=0.1,
        cost_savings=[0.0, 5.0, 10.0, 15.0, 20.0],
        referrals=[0.0, 5.0, 10.0, 10.0, 10.0],
        price_premium=[0.0, 2.0, 4.0, 6.0, 8.0],
        acquisition_cost=150.0,
    )
    values["loyal_profit_cash_flows"] = profit.cash_flows
    values["loyal_profit_payback_year"] = profit.payback_year()
    add(f"    cash flows {np.round(profit.cash_flows, 2).tolist()}")
    add(f"    cumulative {np.round(profit.cumulative(), 2).tolist()}")
    add(f"    pays back in year {profit.payback_year()}")
    add("")

    add("8. Life-cycle stage from the last two 3-month windows of activity")
    rows = {
        "no purchase yet": [0, 0, 0, 0, 0, 0],
        "first order": [0, 0, 0, 0, 1, 2],
        "rising": [1, 1, 2, 3, 4, 5],
        "steady": [2, 2, 2, 2, 2, 2],
        "falling": [5, 4, 4, 2, 1, 1],
        "gone quiet": [3, 2, 1, 0, 0, 0],
        "came back": [2, 0, 0, 0, 1, 1],
    }
    add(">>> lifecycle_stage(activity, window=3)")
    stages = lifecycle_stage(np.array(list(rows.values())), window=3)
    for (label, row), stage in zip(rows.items(), stages, strict=True):
        add(f"    {label:<16}{row}  -> {stage.value:<12}{stage.chinese}")
    return Section("\n".join(out), values)
