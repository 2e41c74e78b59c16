"""RFM summaries of transaction logs: custvalue.transactions against lifetimes.

The log is simulated from a BG/NBD model (about 5.2 million transactions of
450,000 customers over a year, times to the second, with values); the
simulation is untimed. lifetimes' ``summary_data_from_transaction_data`` is
the function a user would otherwise call; ``compress`` is compared with the
bare numpy expression ``np.unique(..., axis=0, return_inverse=True,
return_counts=True)``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from benchmarks._harness import Case


@lru_cache(maxsize=1)
def _log() -> dict[str, Any]:
    from custvalue.btyd import BetaGeo, GammaGamma
    from custvalue.datasets import simulate_transaction_log

    sim = simulate_transaction_log(
        450_000,
        BetaGeo(1.2, 4.0, 0.3, 6.0),
        spend_model=GammaGamma(6.0, 4.0, 15.0),
        rng=2024,
    )
    return {"frame": sim.transactions, "end": sim.observation_end}


@lru_cache(maxsize=1)
def _log_text_ids() -> dict[str, Any]:
    state = _log()
    frame = state["frame"]
    ids = "C" + frame["customer"].astype(str).str.zfill(7)
    return {"frame": frame.assign(customer=ids), "end": state["end"]}


def _ours(period: str, **extra: Any) -> Any:
    def run(state: Any) -> Any:
        from custvalue.transactions import rfm_summary

        return rfm_summary(
            state["frame"],
            customer="customer",
            date="date",
            value="value",
            period=period,  # type: ignore[arg-type]
            observation_end=state["end"],
            **extra,
        ).to_frame()

    return run


def _lifetimes(freq: str) -> Any:
    def run(state: Any) -> Any:
        from lifetimes.utils import summary_data_from_transaction_data

        return summary_data_from_transaction_data(
            state["frame"],
            "customer",
            "date",
            monetary_value_col="value",
            observation_period_end=state["end"],
            freq=freq,
        )

    return run


def _same_summary(ours: Any, theirs: Any) -> str:
    theirs = theirs.loc[ours.index]
    worst = {
        col: float(np.max(np.abs(ours[col].to_numpy() - theirs[col].to_numpy())))
        for col in ("frequency", "recency", "T", "monetary_value")
    }
    shown = ", ".join(f"{k} {v:.1e}" for k, v in worst.items())
    return f"{len(ours)} customers, max abs diff: {shown}"


_CALIBRATION_END = "2024-09-29 23:59:59"  # end of a day: both conventions agree


def _pandas_major() -> int:
    import pandas as pd

    return int(pd.__version__.split(".")[0])


def _lifetimes_split(state: Any) -> Any:
    from lifetimes.utils import calibration_and_holdout_data

    return calibration_and_holdout_data(
        state["frame"],
        "customer",
        "date",
        calibration_period_end=_CALIBRATION_END,
        observation_period_end=state["end"],
        monetary_value_col="value",
    )


def _same_split(ours: Any, theirs: Any) -> str:
    theirs = theirs.loc[ours.index]
    pairs = {
        "frequency": "frequency_cal",
        "recency": "recency_cal",
        "T": "T_cal",
        "monetary_value": "monetary_value_cal",
        "frequency_holdout": "frequency_holdout",
        "duration_holdout": "duration_holdout",
    }
    worst = max(
        float(np.max(np.abs(ours[a].to_numpy() - theirs[b].to_numpy()))) for a, b in pairs.items()
    )
    return f"{len(ours)} customers, max abs diff (all but holdout value) {worst:.1e}"


def _has_lifetimes() -> bool:
    try:
        import lifetimes  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Any]:
    from custvalue.btyd import BetaGeo
    from custvalue.datasets import simulate_beta_geo

    rng = np.random.default_rng(5)
    sim = simulate_beta_geo(
        1_000_000,
        BetaGeo(0.243, 4.414, 0.793, 2.426),
        T=rng.integers(7, 365, 1_000_000) / 7.0,
        time_step=1 / 7,
        rng=rng,
    )
    return {"x": sim.frequency, "tx": sim.recency, "T": sim.T}


def _compress(state: Any) -> Any:
    from custvalue.transactions import compress

    return compress(state["x"], state["tx"], state["T"])


def _numpy_unique(state: Any) -> Any:
    keys = np.stack([state["x"], state["tx"], state["T"]], axis=1)
    return np.unique(keys, axis=0, return_inverse=True, return_counts=True)


def _same_patterns(ours: Any, theirs: Any) -> str:
    uniq, _, counts = theirs
    ok = (
        np.array_equal(ours.frequency, uniq[:, 0])
        and np.array_equal(ours.recency, uniq[:, 1])
        and np.array_equal(ours.T, uniq[:, 2])
        and np.array_equal(ours.counts, counts)
    )
    return f"{ours.n_patterns} patterns, identical: {ok}"


def cases() -> list[Case]:
    peer = _has_lifetimes()
    note = "" if peer else "lifetimes not installed"
    out = []
    for period, freq in (("D", "D"), ("W", "W")):
        out.append(
            Case(
                name=f"rfm_summary 5.2M transactions, period={period!r}, with value",
                setup=_log,
                ours=_ours(period),
                reference=_lifetimes(freq) if peer else None,
                reference_name="lifetimes summary_data_from_transaction_data" if peer else "",
                repeat=3,
                reference_repeat=1,
                target="< 3 s",
                note=note,
                check=_same_summary,
            )
        )
    out.append(
        Case(
            name="rfm_summary 5.2M transactions, text customer ids, period='D'",
            setup=_log_text_ids,
            ours=_ours("D"),
            reference=_lifetimes("D") if peer else None,
            reference_name="lifetimes summary_data_from_transaction_data" if peer else "",
            repeat=3,
            reference_repeat=1,
            target="< 3 s",
            note=note,
            check=_same_summary,
        )
    )
    # lifetimes' calibration_and_holdout_data fails on pandas 3 (an empty
    # groupby-aggregate); run it only with pandas 2
    split_peer = peer and _pandas_major() < 3
    out.append(
        Case(
            name="rfm_summary 5.2M transactions, calibration/holdout split",
            setup=_log,
            ours=_ours("D", calibration_end=_CALIBRATION_END),
            reference=_lifetimes_split if split_peer else None,
            reference_name="lifetimes calibration_and_holdout_data" if split_peer else "",
            repeat=3,
            reference_repeat=1,
            target="< 3 s",
            note=""
            if split_peer
            else note or "lifetimes' calibration_and_holdout_data fails on pandas 3",
            check=_same_split,
        )
    )
    out.append(
        Case(
            name="compress 1M customers (x, t_x, T)",
            setup=_patterns,
            ours=_compress,
            reference=_numpy_unique,
            reference_name="numpy unique(axis=0)",
            repeat=5,
            check=_same_patterns,
        )
    )
    return out
