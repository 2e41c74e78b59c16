"""Deterministic CLV: present value and retention value of 10 million customers vs bare numpy.

The DataFrame case times ``present_value`` on a customers x periods frame
against the bare matrix-vector product on the frame's values (the floor);
the frame's block is read as a view, without the input copies that made it
3.6x the floor before.

No peer library computes these textbook formulas, so the reference is the
bare numpy expression a user would otherwise write. The ratio shows what the
boundary checks and container handling of custvalue cost on top of it
(target: custvalue within 1.5x of numpy, i.e. ref/ours >= 0.67).
"""

from __future__ import annotations

import numpy as np

from benchmarks._harness import Case

_CUSTOMERS = 10_000_000
_PERIODS = 10
_RATE = 0.10


def _cash_flows() -> object:
    # 10 million x 10 float64: 800 MB, generated once per case
    rng = np.random.default_rng(11)
    cf = rng.random((_CUSTOMERS, _PERIODS)) * 200.0 - 20.0
    cf @ np.ones(_PERIODS)  # warm-up pass, so neither side pays first-touch costs
    return cf


def _pv_ours(state: object) -> object:
    from custvalue.clv import present_value

    return present_value(state, discount_rate=_RATE)  # type: ignore[arg-type]


def _pv_matvec(state: object) -> object:
    cf = np.asarray(state)
    return cf @ (1.0 + _RATE) ** -np.arange(1.0, _PERIODS + 1.0)


def _pv_broadcast(state: object) -> object:
    cf = np.asarray(state)
    return (cf / (1.0 + _RATE) ** np.arange(1, _PERIODS + 1)).sum(axis=1)


def _cash_flow_frame() -> object:
    # the same table as a DataFrame (customers x periods, one float64 block)
    import pandas as pd

    frame = pd.DataFrame(_cash_flows(), columns=[f"y{t}" for t in range(1, _PERIODS + 1)])
    frame.to_numpy() @ np.ones(_PERIODS)  # warm-up
    return frame


def _pv_frame_matvec(state: object) -> object:
    # the floor: the bare matrix-vector product on the frame's values
    return state.to_numpy() @ (1.0 + _RATE) ** -np.arange(1.0, _PERIODS + 1.0)  # type: ignore[attr-defined]


def _customers() -> object:
    rng = np.random.default_rng(12)
    margin = rng.gamma(2.0, 50.0, size=_CUSTOMERS)
    retention = rng.uniform(0.3, 0.95, size=_CUSTOMERS)
    return margin, retention


def _rv_ours(state: object) -> object:
    from custvalue.clv import retention_value

    margin, retention = state  # type: ignore[misc]
    return retention_value(margin, retention_rate=retention, discount_rate=_RATE)


def _rv_numpy(state: object) -> object:
    m, r = state  # type: ignore[misc]
    return m * r / (1.0 + _RATE - r)


def _rv10_ours(state: object) -> object:
    from custvalue.clv import retention_value

    margin, retention = state  # type: ignore[misc]
    return retention_value(margin, retention_rate=retention, discount_rate=_RATE, periods=10)


def _rv10_numpy(state: object) -> object:
    m, r = state  # type: ignore[misc]
    q = r / (1.0 + _RATE)
    return m * q * (1.0 - q**10) / (1.0 - q)


def _max_rel(ours: object, ref: object) -> str:
    a, b = np.asarray(ours), np.asarray(ref)
    rel = float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))
    return f"max rel. diff {rel:.1e}"


def cases() -> list[Case]:
    return [
        Case(
            name="present_value, 1e7 customers x 10 periods",
            ours=_pv_ours,
            setup=_cash_flows,
            reference=_pv_matvec,
            reference_name="numpy cf @ (1+r)**-t",
            repeat=5,
            target="ratio >= 0.67",
            check=_max_rel,
        ),
        Case(
            name="present_value, 1e7 x 10 (vs broadcast-and-sum)",
            ours=_pv_ours,
            setup=_cash_flows,
            reference=_pv_broadcast,
            reference_name="numpy (cf / (1+r)**t).sum(1)",
            repeat=3,
            target="ratio >= 0.67",
            check=_max_rel,
        ),
        Case(
            name="present_value, DataFrame 1e7 x 10",
            ours=_pv_ours,
            setup=_cash_flow_frame,
            reference=_pv_frame_matvec,
            reference_name="numpy df.to_numpy() @ (1+r)**-t",
            repeat=5,
            target="ratio >= 0.67",
            check=_max_rel,
        ),
        Case(
            name="retention_value, 1e7 customers, infinite",
            ours=_rv_ours,
            setup=_customers,
            reference=_rv_numpy,
            reference_name="numpy m*r/(1+i-r)",
            repeat=7,
            target="ratio >= 0.67",
            check=_max_rel,
        ),
        Case(
            name="retention_value, 1e7 customers, 10 periods",
            ours=_rv10_ours,
            setup=_customers,
            reference=_rv10_numpy,
            reference_name="numpy m*q*(1-q**n)/(1-q)",
            repeat=5,
            target="ratio >= 0.67",
            check=_max_rel,
        ),
    ]
