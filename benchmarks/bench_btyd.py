"""BG/NBD, Pareto/NBD and CLV: custvalue.btyd against lifetimes, same process.

Synthetic bases are drawn with weekly time units, ages of 1 to 52 weeks and
recency recorded to the day (1/7 week), as a daily transaction log gives.
lifetimes' Pareto/NBD fit on a million customers takes minutes (about 385 s
on a 2-core machine), so its reference runs on 100,000
customers only, once.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks._harness import Case

CDNOW_PARAMS = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PNBD_PARAMS = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}
GG_PARAMS = {"p": 6.25, "q": 3.74, "v": 15.44}


def _cdnow() -> dict[str, Any]:
    from lifetimes.datasets import load_cdnow_summary

    data = load_cdnow_summary(index_col=[0])
    return {
        "frame": data,
        "x": data["frequency"].to_numpy(float),
        "tx": data["recency"].to_numpy(float),
        "T": data["T"].to_numpy(float),
    }


def _synthetic(n: int, kind: str, seed: int = 1) -> dict[str, Any]:
    from custvalue.btyd import BetaGeo, GammaGamma, ParetoNBD
    from custvalue.datasets import simulate_beta_geo, simulate_pareto_nbd

    rng = np.random.default_rng(seed)
    ages = rng.integers(7, 365, n) / 7.0
    spend = GammaGamma(**GG_PARAMS)
    if kind == "bg":
        sim = simulate_beta_geo(
            n, BetaGeo(**CDNOW_PARAMS), T=ages, spend_model=spend, time_step=1 / 7, rng=rng
        )
    else:
        sim = simulate_pareto_nbd(
            n, ParetoNBD(**PNBD_PARAMS), T=ages, spend_model=spend, time_step=1 / 7, rng=rng
        )
    return {
        "x": sim.frequency,
        "tx": sim.recency,
        "T": sim.T,
        "m": sim.monetary_value,
        "frame": sim.to_frame(),
    }


def _ll_check(kind: str) -> Any:
    def check(ours: Any, theirs: Any) -> str:
        from custvalue.btyd import BetaGeo, ParetoNBD

        cls = BetaGeo if kind == "bg" else ParetoNBD
        names = list(ours.std_errors)
        at_theirs = cls(*[float(theirs["fitter"].params_[k]) for k in names])
        ll_theirs = at_theirs.loglik(*theirs["data"])
        rel = (ours.loglik - ll_theirs) / abs(ll_theirs)
        return f"LL ours {ours.loglik:.4f}, at lifetimes' optimum {ll_theirs:.4f} (rel {rel:+.1e})"

    return check


def _lifetimes_fit(kind: str, rows: slice | None = None) -> Any:
    def run(state: Any) -> Any:
        import lifetimes

        x, tx, T = state["x"], state["tx"], state["T"]
        if rows is not None:
            x, tx, T = x[rows], tx[rows], T[rows]
        fitter = lifetimes.BetaGeoFitter() if kind == "bg" else lifetimes.ParetoNBDFitter()
        with np.errstate(all="ignore"):
            fitter.fit(x, tx, T)
        return {"fitter": fitter, "data": (x, tx, T)}

    return run


def _ours_fit(kind: str, rows: slice | None = None) -> Any:
    def run(state: Any) -> Any:
        from custvalue.btyd import BetaGeo, ParetoNBD

        x, tx, T = state["x"], state["tx"], state["T"]
        if rows is not None:
            x, tx, T = x[rows], tx[rows], T[rows]
        cls = BetaGeo if kind == "bg" else ParetoNBD
        return cls.fit(x, tx, T)

    return run


def _clv_ours(state: Any) -> Any:
    from custvalue.btyd import BetaGeo, GammaGamma, customer_lifetime_value

    return customer_lifetime_value(
        BetaGeo(**CDNOW_PARAMS),
        GammaGamma(**GG_PARAMS),
        state["x"],
        state["tx"],
        state["T"],
        state["m"],
        horizon=12,
        discount_rate=0.01,
        time_unit=4.345,
    )


def _clv_lifetimes(state: Any) -> Any:
    import lifetimes
    import pandas as pd

    bg = lifetimes.BetaGeoFitter()
    bg.params_ = pd.Series(CDNOW_PARAMS)
    bg.predict = bg.conditional_expected_number_of_purchases_up_to_time  # set by fit()
    gg = lifetimes.GammaGammaFitter()
    gg.params_ = pd.Series(GG_PARAMS)
    f = state["frame"]
    return gg.customer_lifetime_value(
        bg,
        f["frequency"],
        f["recency"],
        f["T"],
        f["monetary_value"],
        time=12,
        discount_rate=0.01,
        freq="W",
    ).to_numpy()


def _rel_check(ours: Any, theirs: Any) -> str:
    a, b = np.asarray(ours, float), np.asarray(theirs, float)
    rel = float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))
    return f"max rel diff {rel:.1e}"


def cases() -> list[Case]:
    try:
        import lifetimes  # noqa: F401

        have_peer = True
    except ImportError:
        have_peer = False
    note = "" if have_peer else "lifetimes not installed (pip install 'custvalue[bench]')"
    out: list[Case] = []
    if have_peer:
        out += [
            Case(
                name="BG/NBD fit, CDNOW (2,357)",
                setup=_cdnow,
                ours=_ours_fit("bg"),
                reference=_lifetimes_fit("bg"),
                reference_name="lifetimes",
                repeat=20,
                reference_repeat=5,
                target="ratio >= 5, same LL (1e-6)",
                check=_ll_check("bg"),
            ),
            Case(
                name="Pareto/NBD fit, CDNOW (2,357)",
                setup=_cdnow,
                ours=_ours_fit("pnbd"),
                reference=_lifetimes_fit("pnbd"),
                reference_name="lifetimes",
                repeat=10,
                reference_repeat=3,
                target="ratio >= 5, same LL (1e-6)",
                check=_ll_check("pnbd"),
            ),
        ]
    out += [
        Case(
            name="BG/NBD fit, 1M synthetic",
            setup=lambda: _synthetic(1_000_000, "bg"),
            ours=_ours_fit("bg"),
            reference=_lifetimes_fit("bg") if have_peer else None,
            reference_name="lifetimes",
            repeat=3,
            reference_repeat=1,
            target="< 2 s",
            check=_ll_check("bg"),
            note=note,
        ),
        Case(
            name="Pareto/NBD fit, 1M synthetic",
            setup=lambda: _synthetic(1_000_000, "pnbd"),
            ours=_ours_fit("pnbd"),
            repeat=1,
            target="< 10 s",
            note="lifetimes not run at this size (minutes); see the 100k case",
        ),
        Case(
            name="Pareto/NBD fit, 100k synthetic",
            setup=lambda: _synthetic(100_000, "pnbd"),
            ours=_ours_fit("pnbd"),
            reference=_lifetimes_fit("pnbd") if have_peer else None,
            reference_name="lifetimes",
            repeat=3,
            reference_repeat=1,
            check=_ll_check("pnbd"),
            note=note,
        ),
        Case(
            name="12-period CLV (BG/NBD + gamma-gamma), 1M",
            setup=lambda: _synthetic(1_000_000, "bg"),
            ours=_clv_ours,
            reference=_clv_lifetimes if have_peer else None,
            reference_name="lifetimes",
            repeat=3,
            reference_repeat=1,
            target="< 1 s",
            check=_rel_check,
            note=note,
        ),
    ]
    return out
