"""Loyalty metrics: NPS with its interval, cohort retention tables.

No Python package computes the NPS with a standard error, so the reference
is the code a user would otherwise write: boolean masks in numpy for the NPS
(a lower bound: no validation), and a pandas groupby for the cohort
retention table.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from benchmarks._harness import Case

_N_SCORES = 10_000_000
_Z95 = 1.959963984540054


def _int_scores() -> Any:
    return np.random.default_rng(42).integers(0, 11, size=_N_SCORES)


def _float_scores() -> Any:
    return _int_scores().astype(float)


def _ours_nps(scores: Any) -> Any:
    from custvalue.loyalty import nps

    res = nps(scores)
    return (res.score, res.std_error, res.low, res.high)


def _numpy_nps(scores: Any) -> Any:
    # What a user writes by hand: two masks, two means, the multinomial SE.
    p = float(np.mean(scores >= 9))
    d = float(np.mean(scores <= 6))
    se = 100.0 * math.sqrt((p + d - (p - d) ** 2) / scores.size)
    score = 100.0 * (p - d)
    return (score, se, score - _Z95 * se, score + _Z95 * se)


def _ours_nps_counts(scores: Any) -> Any:
    from custvalue.loyalty import nps

    res = nps(scores)
    return (res.detractors, res.passives, res.promoters)


def _bincount_floor(scores: Any) -> Any:
    # The floor: one pass counting the eleven answers, no checks, no interval.
    per_score = np.bincount(scores, minlength=11)
    return (int(per_score[:7].sum()), int(per_score[7:9].sum()), int(per_score[9:].sum()))


def _same_counts(ours: object, reference: object) -> str:
    return "counts identical" if tuple(ours) == tuple(reference) else "COUNTS DIFFER"  # type: ignore[call-overload]


def _same_nps(ours: object, reference: object) -> str:
    diff = max(abs(a - b) for a, b in zip(ours, reference, strict=True))  # type: ignore[call-overload]
    return f"max abs diff {diff:.1e}"


def _panel() -> Any:
    # 100,000 customers x 24 months, acquired uniformly over the months and
    # active each later month with probability 0.7.
    rng = np.random.default_rng(7)
    n, periods = 100_000, 24
    first = rng.integers(0, periods, size=n)
    active = rng.random((n, periods)) < 0.7
    months = np.arange(periods)
    active &= months[None, :] >= first[:, None]
    active[np.arange(n), first] = True
    return active


def _ours_retention(panel: Any) -> Any:
    from custvalue.loyalty import retention_curve

    return retention_curve(panel).retained


def _pandas_retention(panel: Any) -> Any:
    import pandas as pd

    periods = panel.shape[1]
    rows, cols = np.nonzero(panel)
    long = pd.DataFrame({"customer": rows, "period": cols})
    long["cohort"] = long.groupby("customer")["period"].transform("min")
    long["age"] = long["period"] - long["cohort"]
    table = long.pivot_table(
        index="cohort", columns="age", values="customer", aggfunc="nunique", fill_value=0
    )
    return table.reindex(columns=range(periods), fill_value=0).to_numpy()


def _same_table(ours: object, reference: object) -> str:
    ok = np.array_equal(np.asarray(ours), np.asarray(reference))
    return "tables identical" if ok else "TABLES DIFFER"


def cases() -> list[Case]:
    """NPS of 10 million scores (int and float input, and against the bincount
    floor); a 100k x 24 cohort table."""
    return [
        Case(
            name="nps, 10M int scores, against the floor",
            setup=_int_scores,
            ours=_ours_nps_counts,
            reference=_bincount_floor,
            reference_name="np.bincount (floor)",
            repeat=15,
            target="ours <= 1.5x floor",
            check=_same_counts,
        ),
        Case(
            name="nps + 95% CI, 10M int scores",
            setup=_int_scores,
            ours=_ours_nps,
            reference=_numpy_nps,
            reference_name="numpy masks (no checks)",
            target="< 0.5 s",
            check=_same_nps,
        ),
        Case(
            name="nps + 95% CI, 10M float scores",
            setup=_float_scores,
            ours=_ours_nps,
            reference=_numpy_nps,
            reference_name="numpy masks (no checks)",
            target="< 0.5 s",
            check=_same_nps,
        ),
        Case(
            name="retention_curve 100k x 24",
            setup=_panel,
            ours=_ours_retention,
            reference=_pandas_retention,
            reference_name="pandas groupby/pivot",
            repeat=3,
            target="ratio >= 1",
            check=_same_table,
        ),
    ]
