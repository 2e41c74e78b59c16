"""Tour section: satisfaction measurement (ratio, Likert survey, sample size, Kano)."""

from __future__ import annotations

TITLE = "Customer satisfaction measurement (顾客满意度测量)"


def run() -> str:
    """Text of the satisfaction-measurement section."""
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

    add("1. Satisfaction as a ratio, C = B / A (perceived over expected value)")
    add(">>> r = satisfaction_ratio([90, 100, 120], [100, 98, 100], tolerance=0.05)")
    r = satisfaction_ratio([90.0, 100.0, 120.0], [100.0, 98.0, 100.0], tolerance=0.05)
    for b, a, c, v in zip([90, 100, 120], [100, 98, 100], r.ratio, r.verdict, strict=True):
        add(f"    B = {b:>3}, A = {a:>3}:  C = {c:.3f}  -> {v}")
    add("    (C within 1 +/- tolerance 'meets' the expectation)")
    add("")

    add("2. Sample size for a satisfaction survey (95% confidence, +/- 5 points, p = 0.5)")
    add(">>> sample_size(level=0.95, margin=0.05, proportion=0.5)")
    add(f"    {sample_size(level=0.95, margin=0.05, proportion=0.5)}")
    add(">>> sample_size(level=0.95, margin=0.05, population=1000)")
    add(f"    {sample_size(level=0.95, margin=0.05, population=1000)}")
    add("")

    add("3. A 37-item, 5-point teaching-quality survey (simulated, seed 2024), first 5 items")
    add(">>> survey = simulate_likert_survey(385, rng=2024)")
    add(">>> likert_summary(survey.responses, items=survey.items).summary()")
    survey = simulate_likert_survey(385, rng=2024)
    table = likert_summary(survey.responses, items=survey.items).summary().splitlines()
    out.extend("    " + line for line in table[:7])
    add("    ... (37 items; high mean = good rating, small std = agreement)")
    add("")

    add("4. Kano evaluation of single answer pairs (Berger et al. 1993 table)")
    add('>>> kano_classify(["like", "喜欢", "must-be"], ["dislike", "无所谓", "dislike"])')
    cats = kano_classify(["like", "喜欢", "must-be"], ["dislike", "无所谓", "dislike"])
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
    out.extend("    " + line for line in s.summary().splitlines())
    add("    Better = (A+O)/(A+O+M+I), Worse = -(O+M)/(A+O+M+I);")
    add("    'n.s.' = Fong's test finds the top two categories not significantly apart.")
    add("")

    add("6. Kano answers with a known category per attribute (simulated, 300 respondents)")
    add('>>> k = simulate_kano_survey(300, categories=["M", "O", "A", "I"], rng=7)')
    k = simulate_kano_survey(300, categories=["M", "O", "A", "I"], rng=7)
    add(">>> kano_summary(k.functional, k.dysfunctional).category")
    add(f"    {kano_summary(k.functional, k.dysfunctional).category}   (truth: {k.true_category})")
    return "\n".join(out)
