"""Customer pyramid: tiers, tier summary and concentration of 10 million customers.

There is no peer library for customer tiers, so the reference is the bare
numpy work a user would otherwise write: a plain ``numpy.sort`` (the floor
for anything that needs order statistics) and the textbook numpy Gini.
"""

from __future__ import annotations

import numpy as np

from benchmarks._harness import Case

_N = 10_000_000


def _values() -> object:
    return np.random.default_rng(2026).lognormal(mean=3.0, sigma=1.2, size=_N)


def _pipeline(state: object) -> object:
    from custvalue.pyramid import assign_tiers, concentration, tier_summary

    values = state
    tiers = assign_tiers(values, scheme="zeithaml")
    summary = tier_summary(values, tiers)
    conc = concentration(values)
    return summary["customers"].tolist(), conc.gini


def _numpy_sort(state: object) -> object:
    return np.sort(state)  # type: ignore[call-overload]


def _pipeline_note(ours: object, ref: object) -> str:
    counts, gini = ours  # type: ignore[misc]
    return f"tiers {counts}, Gini {gini:.4f}"


def _tiers_by_value(state: object) -> object:
    from custvalue.pyramid import assign_tiers

    return assign_tiers(state, scheme="pareto", by="value", cuts=[0.8]).counts()["gold"]


def _numpy_by_value(state: object) -> object:
    s = np.sort(state)[::-1]  # type: ignore[call-overload]
    cum = np.cumsum(s)
    return int(np.searchsorted(cum, 0.8 * cum[-1]) + 1)


def _same_count(ours: object, ref: object) -> str:
    return f"top tier {ours} vs {ref} customers"


def _gini(state: object) -> object:
    from custvalue.pyramid import concentration

    return concentration(state).gini


def _numpy_gini(state: object) -> object:
    s = np.sort(state)  # type: ignore[call-overload]
    n = s.size
    i = np.arange(1, n + 1)
    return float(2.0 * np.sum(i * s) / (n * s.sum()) - (n + 1) / n)


def _same_gini(ours: object, ref: object) -> str:
    return f"|d Gini| {abs(float(ours) - float(ref)):.1e}"  # type: ignore[arg-type]


def cases() -> list[Case]:
    return [
        Case(
            name="assign_tiers + tier_summary + concentration, 1e7",
            ours=_pipeline,
            setup=_values,
            reference=_numpy_sort,
            reference_name="np.sort alone",
            repeat=3,
            target="< 2 s",
            check=_pipeline_note,
        ),
        Case(
            name="tiers by value share (80%), 1e7",
            ours=_tiers_by_value,
            setup=_values,
            reference=_numpy_by_value,
            reference_name="np.sort + cumsum + searchsorted",
            repeat=3,
            target="< 0.5 s",
            note="reference counts the top tier only; ours also validates and labels everyone",
            check=_same_count,
        ),
        Case(
            name="concentration (Lorenz + Gini), 1e7",
            ours=_gini,
            setup=_values,
            reference=_numpy_gini,
            reference_name="textbook numpy Gini",
            repeat=3,
            target="ratio >= 1",
            check=_same_gini,
        ),
    ]
