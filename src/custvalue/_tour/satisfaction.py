"""Tour section: satisfaction measurement (ratio, Likert survey, sample size, Kano)."""

from __future__ import annotations

from typing import Any

from custvalue._tour import Section

TITLE = "Customer satisfaction measurement (顾客满意度测量)"


def run() -> Section:
    """Text and computed values of the satisfaction-measurement section.

    Reproduced: the ratios, the sample sizes (Cochran's 385; 278 for a
    population of 1,000, as in Krejcie & Morgan's table), the Kano
    classification and the coefficients of the published counts table. The
    teaching survey and the last Kano survey are simulated.
    """
    from custvalue.datasets import simulate_kano_survey, simulate_likert_survey
    from custvalue.satisfaction import (
        kano_classify,
        kano_summary,
        likert_summary,
        sample_size,
        satisfaction_ratio,
    )

    out: list[str] = []
    add = out.append
    values: dict[str, Any] = {}

    add("1. Satisfaction as a ratio, C = B / A (perceived over expected value)")
    add(">>> r = satisfaction_ratio([90, 100, 120], [100, 98, 100], tolerance=0.05)")
    r = satisfaction_ratio([90.0, 100.0, 120.0], [100.0, 98.0, 100.0], tolerance=0.05)
    values["ratio"] = r.ratio
    values["verdict"] = [str(v) for v in r.verdict]
    for b, a, c, v in zip([90, 100, 120], [100, 98, 100], r.ratio, r.verdict, strict=True):
        add(f"    B = {b:>3}, A = {a:>3}:  C = {c:.3f}  -> {v}")
    add("    (C within 1 +/- tolerance 'meets' the expectation)")
    add("")

    add("2. Sample size for a satisfaction survey (95% confidence, +/- 5 points, p = 0.5)")
    add("   Reproduced: 385 (Cochran) and 278 for N = 1,000 (Krejcie & Morgan's table)")
    n_survey = sample_size(level=0.95, margin=0.05, proportion=0.5)
    values["sample_size"] = n_survey
    values["sample_size_population_1000"] = sample_size(level=0.95, margin=0.05, population=1000)
    add(">>> n = sample_size(level=0.95, margin=0.05, proportion=0.5)")
    add(f"    {n_survey}")
    add(">>> sample_size(level=0.95, margin=0.05, population=1000)")
    add(f"    {values['sample_size_population_1000']}")
    add("")

    add("3. A 37-item, 5-point teaching-quality survey (simulated, seed 2024), first 5 items")
    add(">>> survey = simulate_likert_survey(n, rng=2024)   # n from section 2")
    add(">>> likert_summary(survey.responses, items=survey.items).summary()")
    survey = simulate_likert_survey(n_survey, rng=2024)
    values["survey_respondents"] = len(survey.responses)
    values["survey_items"] = len(survey.items)
    table = likert_summary(survey.responses, items=survey.items).summary().splitlines()
    out.extend("    " + line for line in table[:7])
    add("    ... (37 items; high mean = good rating, small std = agreement)")
    add("")

    add("4. Kano evaluation of single answer pairs (Berger et al. 1993 table)")
    add('>>> kano_classify(["like", "喜欢", "must-be"], ["dislike", "无所谓", "dislike"])')
    cats = kano_classify(["like", "喜欢", "must-be"], ["dislike", "无所谓", "dislike"])
    values["kano_pairs"] = cats.tolist()
    add(f"    {cats.tolist()}   (one-dimensional, attractive, must-be)")
    add("")

    add("5. Kano summary of a published counts table (stp25kano R package example, N = 296)")
    counts = [
        [45, 123, 95, 33, 0, 0],
        [54, 54, 101, 81, 3, 3],
        [121, 24, 15, 124, 6, 6],
        [93, 87, 65, 51, 0, 0],
        [83, 18, 9, 177, 6, 3],
    ]
    names = ["Service app", "Excellent service", "Hotline", "Loan machine", "Ready-to-use return"]
    add(">>> kano_summary(counts=counts, attributes=names).summary()")
    s = kano_summary(counts=counts, attributes=names)
    values["kano_counts"] = counts
    values["kano_better"] = s.better
    values["kano_worse"] = s.worse
    values["kano_category"] = list(s.category)
    out.extend("    " + line for line in s.summary().splitlines())
    add("    Better = (A+O)/(A+O+M+I), Worse = -(O+M)/(A+O+M+I);")
    add("    'n.s.' = Fong's test finds the top two categories not significantly apart.")
    add("")

    add("6. Kano answers with a known category per attribute (simulated, 300 respondents)")
    add('>>> k = simulate_kano_survey(300, categories=["M", "O", "A", "I"], rng=7)')
    k = simulate_kano_survey(300, categories=["M", "O", "A", "I"], rng=7)
    add(">>> kano_summary(k.functional, k.dysfunctional).category")
    found = kano_summary(k.functional, k.dysfunctional).category
    values["kano_simulated_category"] = list(found)
    values["kano_simulated_truth"] = list(k.true_category)
    add(f"    {found}   (truth: {k.true_category})")
    return Section("\n".join(out), values)
