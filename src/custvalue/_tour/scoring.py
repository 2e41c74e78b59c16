"""Tour section: AHP weights, consistency, hierarchies, value indices, TOPSIS, RFM."""

from __future__ import annotations

from typing import Any

from custvalue._tour import Section

TITLE = "Customer value indices weighted by AHP (层次分析法)"


def run() -> Section:
    """Text and computed values of the scoring section.

    Reproduced from published judgments: Saaty's drinks example and
    Wikipedia's leader example. The retail index runs on simulated customers;
    the entropy, TOPSIS and RFM examples compute from the inputs shown.
    """
    import numpy as np

    from custvalue.datasets import simulate_retail_customers
    from custvalue.pyramid import assign_tiers
    from custvalue.scoring.ahp import Hierarchy, PairwiseMatrix, weights
    from custvalue.scoring.index import retail_hierarchy, topsis, value_index
    from custvalue.scoring.rfm import rfm_scores
    from custvalue.scoring.weights import entropy_weights

    out: list[str] = []
    add = out.append
    values: dict[str, Any] = {}

    add("1. Saaty's drinks example (2008): judged consumption vs actual US shares")
    add("   Reproduced: Saaty's derived priorities .177 .019 .042 .116 .190 .129 .327")
    add(">>> drinks = PairwiseMatrix.from_upper([9, 5, 2, 1, 1, 1/2, 1/3, ...], labels=labels)")
    upper = [9, 5, 2, 1, 1, 1 / 2, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9, 1 / 3, 1 / 4, 1 / 3]
    upper += [1 / 9, 1 / 2, 1, 1 / 3, 2, 1 / 2, 1 / 3]
    labels = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"]
    actual = [0.180, 0.010, 0.040, 0.120, 0.180, 0.140, 0.330]
    res = weights(PairwiseMatrix.from_upper(upper, labels=labels))
    values["drinks_weights"] = res.weights
    values["drinks_consistency_ratio"] = res.consistency_ratio
    add(">>> weights(drinks)")
    add("    drink    AHP     actual")
    for name, w, a in zip(labels, res.weights, actual, strict=True):
        add(f"    {name:<7}  {w:.3f}   {a:.3f}")
    add(
        f"    lambda_max = {res.lambda_max:.3f}, CI = {res.consistency_index:.4f}, "
        f"RI = {res.random_index:.2f}, CR = {res.consistency_ratio:.3f} (< 0.10: accepted)"
    )
    add("")

    add("2. Choosing a leader (Wikipedia's AHP example): criteria, then candidates")
    add(">>> goal = Hierarchy('leader', criteria, comparisons=PairwiseMatrix.from_upper(")
    add("...     [4, 3, 7, 1/3, 3, 5]))")
    criteria = ["experience", "education", "charisma", "age"]
    goal = Hierarchy(
        "leader", criteria, comparisons=PairwiseMatrix.from_upper([4, 3, 7, 1 / 3, 3, 5])
    )
    gw = goal.global_weights
    values["leader_criteria_weights"] = [gw[c] for c in criteria]
    add(
        "    "
        + ", ".join(f"{k} {v:.3f}" for k, v in gw.items())
        + "   (published .547 .127 .270 .056)"
    )
    people = ["Tom", "Dick", "Harry"]
    local = {
        "experience": [1 / 4, 4, 9],
        "education": [3, 1 / 5, 1 / 7],
        "charisma": [5, 9, 4],
        "age": [1 / 3, 5, 9],
    }
    syn = goal.synthesize(
        {k: PairwiseMatrix.from_upper(v, labels=people) for k, v in local.items()}
    )
    values["leader_scores"] = syn.scores
    add(">>> goal.synthesize({leaf: PairwiseMatrix of Tom, Dick, Harry, ...}).scores")
    add(
        "    "
        + ", ".join(f"{p} {s:.3f}" for p, s in zip(people, syn.scores, strict=True))
        + "   (published .358 .493 .149)"
    )
    cr = goal.consistency_report().consistency_ratio[0]
    values["leader_criteria_consistency_ratio"] = cr
    add(f"    criteria CR = {cr:.3f}   (published 0.044)")
    add("")

    add("3. The retail value hierarchy: current, potential, relationship value")
    h = (
        retail_hierarchy()
        .with_judgments("retail_customer_value", [2, 3, 2])
        .with_judgments("current_value", [2, 3, 2])
        .with_judgments("potential_value", [2, 3, 2])
        .with_judgments("relationship_value", [1 / 2, 2, 1, 3, 2, 1 / 2])
    )
    add(">>> h = retail_hierarchy().with_judgments('retail_customer_value', [2, 3, 2])...")
    report = h.consistency_report()
    for node, n, c in zip(report.nodes, report.n, report.consistency_ratio, strict=True):
        add(f"    {node:<22} n = {n}  CR = {c:.3f}")
    add(f"    whole hierarchy     CR = {report.overall_consistency_ratio:.3f}")
    sim = simulate_retail_customers(1000, rng=2024)
    vi = value_index(sim.data, h)
    add(">>> vi = value_index(simulate_retail_customers(1000, rng=2024).data, h)")
    top = vi.to_frame().sort_values("score", ascending=False).head(3)
    add("    top customers    score  current  potential  relationship")
    for cid, row in top.iterrows():
        add(
            f"    customer {cid:<6} {row['score']:.3f}  {row['current_value']:.3f}    "
            f"{row['potential_value']:.3f}      {row['relationship_value']:.3f}"
        )
    corr = float(np.corrcoef(vi.score, sim.latent.to_numpy().sum(axis=1))[0, 1])
    add(f"    correlation of the index with the simulated true value: {corr:.2f}")
    tiers = assign_tiers(vi.score, scheme="zeithaml")
    add(">>> tiers = assign_tiers(vi.score, scheme='zeithaml')   # the pyramid on the index")
    means = vi.to_frame().groupby(tiers.labels, observed=True).mean()
    add("    tier      customers  mean score  current  potential  relationship")
    for tier, count in tiers.counts().items():
        row = means.loc[tier]
        add(
            f"    {tier:<9} {count:>9}  {row['score']:>10.3f}  {row['current_value']:>7.3f}  "
            f"{row['potential_value']:>9.3f}  {row['relationship_value']:>12.3f}"
        )
    add("")

    add("4. Entropy weights (熵权法) and TOPSIS on three suppliers (price and days are costs)")
    x = [[250, 16, 12], [200, 16, 8], [300, 32, 16]]
    ent = entropy_weights(x, directions=["cost", "benefit", "cost"])
    add(">>> entropy_weights(x, directions=['cost', 'benefit', 'cost']).weights")
    add("    " + np.array2string(ent.weights, precision=4))
    t = topsis(x, [0.4, 0.4, 0.2], directions=["cost", "benefit", "cost"])
    add(">>> topsis(x, [0.4, 0.4, 0.2], directions=[...]).closeness")
    add("    " + np.array2string(t.closeness, precision=4) + f"  ranks {t.rank.tolist()}")
    add("")

    add("5. RFM quintile scores and segments (重要价值客户 ...)")
    rfm = rfm_scores([5, 40, 90, 10, 200], [12, 3, 1, 8, 1], [900, 150, 40, 700, 60])
    add(">>> rfm_scores(recency_days, frequency, monetary)")
    for code, seg in zip(rfm.code, rfm.segment, strict=True):
        add(f"    {code}  {seg}")
    return Section("\n".join(out), values)
