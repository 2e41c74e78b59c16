"""Tour section: BG/NBD, Pareto/NBD, gamma-gamma, CLV and the sBG retention projection."""

from __future__ import annotations

from typing import Any

from custvalue._tour import Section

TITLE = "Probabilistic lifetime value: buy till you die models (客户基础概率模型)"


def run() -> Section:
    """Text and computed values of the btyd section.

    Reproduced from published inputs: the CDNOW predictions (published
    parameter estimates) and the sBG fits of Fader & Hardie (2007), which are
    estimated here from the published survival counts. Sections 4 and 5 run on
    simulated data.
    """
    import numpy as np

    from custvalue.btyd import (
        BetaGeo,
        GammaGamma,
        ParetoNBD,
        ShiftedBetaGeometric,
        customer_lifetime_value,
    )
    from custvalue.datasets import simulate_beta_geo

    def fmt(values: object, precision: int = 3) -> str:
        return np.array2string(np.asarray(values, dtype=float), precision=precision)

    out: list[str] = []
    add = out.append
    values: dict[str, Any] = {}

    add("1. CDNOW (Fader, Hardie & Lee 2005): published BG/NBD and Pareto/NBD estimates, weeks")
    add("   Reproduced: the paper's 1.226 expected purchases of customer (2, 30.43, 38.86).")
    add(">>> bg = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)")
    add(">>> pn = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)")
    bg = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
    pn = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
    x, tx, T = np.array([0, 2, 2, 10]), np.array([0.0, 30.43, 5.0, 35.0]), np.full(4, 38.86)
    add("    customers (x, t_x, T): (0, 0, 38.86) (2, 30.43, 38.86) (2, 5, 38.86) (10, 35, 38.86)")
    add(">>> bg.p_alive(x, tx, T), pn.p_alive(x, tx, T)")
    values["bg_p_alive"] = bg.p_alive(x, tx, T)
    values["pn_p_alive"] = pn.p_alive(x, tx, T)
    values["bg_conditional_39"] = bg.conditional_expected_purchases(39, x, tx, T)
    values["bg_expected_39"] = bg.expected_purchases(39)
    values["pn_expected_39"] = pn.expected_purchases(39)
    add(f"    BG/NBD     {fmt(values['bg_p_alive'])}")
    add(f"    Pareto/NBD {fmt(values['pn_p_alive'])}")
    add(">>> bg.conditional_expected_purchases(39, x, tx, T)   # next 39 weeks")
    add(f"    {fmt(values['bg_conditional_39'])}   (published for (2, 30.43, 38.86): 1.226)")
    add(">>> bg.expected_purchases(39), pn.expected_purchases(39)   # a new customer")
    add(f"    {values['bg_expected_39']:.4f}, {values['pn_expected_39']:.4f}")
    add("")

    add("2. Gamma-gamma spend (Fader, Hardie & Lee 2005, JMR): p=6.25, q=3.74, v=15.44")
    gg = GammaGamma(p=6.25, q=3.74, v=15.44)
    add(">>> gg.mean_spend()")
    values["gg_mean_spend"] = gg.mean_spend()
    values["gg_conditional"] = gg.conditional_expected_value([1, 10], [20.0, 20.0])
    mean_spend = values["gg_mean_spend"]
    add(f"    {mean_spend:.2f}   (population mean spend per transaction, p v / (q - 1))")
    add(">>> gg.conditional_expected_value([1, 10], [20.0, 20.0])")
    add(
        f"    {fmt(values['gg_conditional'], 2)}"
        "   (shrunk towards the mean, less so with more purchases)"
    )
    add("")

    add("3. One-year CLV, monthly discounting at 1%, model in weeks (time_unit = 52/12)")
    add(">>> m = [0.0, 22.35, 22.35, 40.0]   # mean value of the repeat purchases")
    add(">>> customer_lifetime_value(bg, gg, x, tx, T, m, horizon=12, discount_rate=0.01,")
    add("...                         time_unit=52 / 12)")
    m = np.array([0.0, 22.35, 22.35, 40.0])
    clv = customer_lifetime_value(
        bg, gg, x, tx, T, m, horizon=12, discount_rate=0.01, time_unit=52 / 12
    )
    values["clv"] = clv
    add(f"    {fmt(clv, 2)}")
    add("")

    add("4. From a transaction log to the tiers of a customer pyramid")
    from custvalue.datasets import simulate_transaction_log
    from custvalue.pyramid import assign_tiers
    from custvalue.transactions import rfm_summary

    log = simulate_transaction_log(
        3000, bg, spend_model=GammaGamma(6.0, 4.0, 15.0), rng=4
    ).transactions
    add(">>> log = simulate_transaction_log(3000, bg, spend_model=..., rng=4).transactions")
    add(f"    {len(log):,} transactions of {log['customer'].nunique():,} customers in 2024")
    add('>>> s = rfm_summary(log, customer="customer", date="date", value="value", period=7)')
    s = rfm_summary(log, customer="customer", date="date", value="value", period=7).to_frame()
    rep = s[s["frequency"] > 0]
    bg_fit = BetaGeo.fit(s["frequency"], s["recency"], s["T"])
    gg_fit = GammaGamma.fit(rep["frequency"], rep["monetary_value"])
    add(">>> BetaGeo.fit(s.frequency, s.recency, s.T); GammaGamma.fit(...repeat buyers...)")
    add(f"    converged {bg_fit.converged} and {gg_fit.converged}; LL {bg_fit.loglik:.1f}")
    value = customer_lifetime_value(
        bg_fit.model,
        gg_fit.model,
        s["frequency"],
        s["recency"],
        s["T"],
        s["monetary_value"],
        horizon=12,
        discount_rate=0.01,
        time_unit=52 / 12,
    )
    tiers = assign_tiers(value, scheme="zeithaml")
    add(">>> clv = customer_lifetime_value(..., horizon=12, discount_rate=0.01, time_unit=52 / 12)")
    add('>>> assign_tiers(clv, scheme="zeithaml")   # customers and total CLV per tier')
    for label in ("platinum", "gold", "iron", "lead"):
        members = np.asarray(tiers.labels) == label
        add(
            f"    {label:<8} {int(members.sum()):5d} customers, "
            f"CLV {float(np.asarray(value)[members].sum()):9.0f}"
        )
    add("")

    add("5. Recovering known parameters from 5,000 simulated customers")
    truth = BetaGeo(r=0.25, alpha=4.0, a=0.8, b=2.5)
    sim = simulate_beta_geo(5000, truth, T=52.0, time_step=1 / 7, rng=1)
    fit = BetaGeo.fit(sim.frequency, sim.recency, sim.T)
    values["recovery_truth"] = truth
    values["recovery_fit"] = fit
    values["recovery_data"] = sim
    add(">>> BetaGeo.fit(sim.frequency, sim.recency, sim.T).to_frame()  # truth 0.25 4.0 0.8 2.5")
    for name, row in fit.to_frame().iterrows():
        add(
            f"    {name!s:<6} {row['estimate']:7.3f}  se {row['std_error']:.3f}  "
            f"95% [{row['ci_low']:.3f}, {row['ci_high']:.3f}]"
        )
    add(f"    log-likelihood {fit.loglik:.2f}, converged {fit.converged}")
    add("")

    add("6. Projecting retention with the sBG (Fader & Hardie 2007, Table 1)")
    regular = [1000, 631, 468, 382, 326, 289, 262, 241]
    high_end = [1000, 869, 743, 653, 593, 551, 517, 491]
    add(">>> ShiftedBetaGeometric.fit([1000, 631, 468, 382, 326, 289, 262, 241])")
    add("    (reproduced: maximum-likelihood fits to the published survival counts)")
    for name, counts, published in (
        ("regular ", regular, "0.704, 1.182"),
        ("high end", high_end, "0.668, 3.806"),
    ):
        sbg_fit = ShiftedBetaGeometric.fit(counts)
        model = sbg_fit.model
        survive = np.round(1000 * np.asarray(model.survival(np.arange(8, 13))))
        key = name.strip().replace(" ", "_")
        values[f"sbg_{key}_fit"] = sbg_fit
        values[f"sbg_{key}_projected"] = survive
        add(
            f"    {name}: alpha {model.alpha:.3f}, beta {model.beta:.3f} (published {published}); "
            f"years 8-12 projected {survive.astype(int).tolist()}"
        )
    reg = values["sbg_regular_fit"].model
    values["sbg_regular_retention"] = reg.retention_rate(np.arange(1, 8))
    values["sbg_regular_derl"] = reg.discounted_expected_residual_lifetime(0.10, renewals=4)
    add(">>> model.retention_rate(range(1, 8))   # rises with tenure: heterogeneity")
    add(f"    {fmt(values['sbg_regular_retention'])}")
    add(">>> model.discounted_expected_residual_lifetime(0.10, renewals=4)")
    add(f"    {values['sbg_regular_derl']:.3f} years")
    add("")

    add("7. Discrete-time and modified models: BG/BB on the donations data, MBG/NBD on CDNOW")
    add("   Reproduced: BG/BB 1.204 0.750 0.657 2.783 (Fader, Hardie & Shang 2010);")
    add("   MBG/NBD 0.525 6.183 0.891 1.614 (Batislam et al. 2007 model, BTYDplus fit)")
    from custvalue.btyd import BetaGeoBetaBinom, ModifiedBetaGeo
    from custvalue.datasets import cdnow, donations

    gifts = donations()
    bgbb = BetaGeoBetaBinom.fit(
        gifts.frequency, gifts.recency, gifts.n_periods, weights=gifts.count
    )
    values["bgbb_fit"] = bgbb
    add(">>> BetaGeoBetaBinom.fit(d.frequency, d.recency, d.n_periods, weights=d.count)")
    bb = bgbb.model
    add(
        f"    alpha {bb.alpha:.3f}, beta {bb.beta:.3f}, gamma {bb.gamma:.3f}, "
        f"delta {bb.delta:.3f}; log-likelihood {bgbb.loglik:.1f}"
    )
    sample = cdnow()
    mbg = ModifiedBetaGeo.fit(sample.frequency, sample.recency, sample.T)
    values["mbgnbd_fit"] = mbg
    add(">>> ModifiedBetaGeo.fit(cdnow.frequency, cdnow.recency, cdnow.T)")
    g = mbg.model
    add(
        f"    r {g.r:.3f}, alpha {g.alpha:.3f}, a {g.a:.3f}, b {g.b:.3f}; "
        f"log-likelihood {mbg.loglik:.2f}"
    )
    return Section("\n".join(out), values)
