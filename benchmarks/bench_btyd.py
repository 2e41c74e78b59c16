"""BG/NBD, Pareto/NBD and CLV: custvalue.btyd against lifetimes, same process.

Synthetic bases are drawn with weekly time units, ages of 1 to 52 weeks and
recency recorded to the day (1/7 week), as a daily transaction log gives.
lifetimes' Pareto/NBD fit on a million customers takes minutes (about 385 s
on a 2-core machine), so its reference runs on 100,000
customers only, once.
"""

from __future__ import annotations

import math
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


# ---------------------------------------------------------------------------
# side by side with lifetimes: interleaved, warmed up, equal repeats
# ---------------------------------------------------------------------------
#
#     PYTHONPATH=src python -m benchmarks.bench_btyd [--quick]
#
# runs each pair of calls alternately (ours, lifetimes, lifetimes, ours, ...)
# after one untimed warm-up call of each, with the same number of timed calls
# on both sides, and prints medians. lifetimes gets its documented weights=
# (pattern counts) wherever the data repeat, as a careful user would pass.


def _continuous(n: int, kind: str, seed: int = 7) -> dict[str, Any]:
    """Continuous-time bases: ages and purchase times to the second, so (almost) no
    two customers share a pattern."""
    from custvalue.btyd import BetaGeo, ParetoNBD
    from custvalue.datasets import simulate_beta_geo, simulate_pareto_nbd

    rng = np.random.default_rng(seed)
    ages = rng.uniform(1.0, 52.0, n)
    if kind == "bg":
        sim = simulate_beta_geo(n, BetaGeo(**CDNOW_PARAMS), T=ages, rng=rng)
    else:
        sim = simulate_pareto_nbd(n, ParetoNBD(**PNBD_PARAMS), T=ages, rng=rng)
    return {"x": sim.frequency, "tx": sim.recency, "T": sim.T}


def _patterns(state: dict[str, Any]) -> dict[str, Any]:
    """Distinct patterns and counts, for lifetimes' weights=."""
    from custvalue.transactions import compress

    c = compress(state["x"], state["tx"], state["T"])
    return {**state, "px": c.frequency, "ptx": c.recency, "pT": c.T, "pw": c.counts}


def _interleaved(
    ours: Any, theirs: Any, repeat: int, *, warm: bool = True
) -> tuple[float, float, Any, Any]:
    import statistics
    import time

    if warm:
        ours()
        theirs()
    t_ours: list[float] = []
    t_theirs: list[float] = []
    a = b = None
    for k in range(repeat):
        order = [(ours, t_ours), (theirs, t_theirs)]
        if k % 2:
            order.reverse()
        for fn, sink in order:
            t0 = time.perf_counter()
            out = fn()
            sink.append(time.perf_counter() - t0)
            if fn is ours:
                a = out
            else:
                b = out
    return statistics.median(t_ours), statistics.median(t_theirs), a, b


def _lt_fit(kind: str, x: Any, tx: Any, T: Any, w: Any = None) -> Any:
    import lifetimes

    cls = {
        "bg": lifetimes.BetaGeoFitter,
        "pnbd": lifetimes.ParetoNBDFitter,
        "mbg": lifetimes.ModifiedBetaGeoFitter,
    }[kind]
    fitter = cls()
    with np.errstate(all="ignore"):
        if w is None:
            fitter.fit(x, tx, T)
        else:
            fitter.fit(x, tx, T, weights=w)
    return fitter


def _our_ll_at(kind: str, fitter: Any, x: Any, tx: Any, T: Any) -> float:
    from custvalue.btyd import BetaGeo, ModifiedBetaGeo, ParetoNBD

    cls = {"bg": BetaGeo, "pnbd": ParetoNBD, "mbg": ModifiedBetaGeo}[kind]
    names = [f for f in ("r", "alpha", "a", "b", "s", "beta") if f in fitter.params_]
    return float(cls(*[float(fitter.params_[k]) for k in names]).loglik(x, tx, T))


def side_by_side(quick: bool = False) -> list[tuple[str, float, float, str]]:
    """Every pair: (case, our median, lifetimes' median, agreement)."""
    import lifetimes

    from custvalue.btyd import BetaGeo, BetaGeoBetaBinom, ModifiedBetaGeo, ParetoNBD
    from custvalue.datasets import cdnow, donations

    rows: list[tuple[str, float, float, str]] = []
    big = 200_000 if quick else 1_000_000
    d = cdnow()
    x, tx, T = (d.frequency.to_numpy(), d.recency.to_numpy(), d.T.to_numpy())
    for kind, cls in (("bg", BetaGeo), ("mbg", ModifiedBetaGeo), ("pnbd", ParetoNBD)):
        ours, theirs, fit, fitter = _interleaved(
            lambda cls=cls: cls.fit(x, tx, T),
            lambda kind=kind: _lt_fit(kind, x, tx, T),
            repeat=5 if kind != "pnbd" else 3,
        )
        rows.append(
            (
                f"{cls.__name__} fit, CDNOW (2,357)",
                ours,
                theirs,
                f"LL ours {fit.loglik:.4f}, at lifetimes' optimum "
                f"{_our_ll_at(kind, fitter, x, tx, T):.4f}",
            )
        )
    don = donations()

    def lt_bgbb() -> Any:
        f = lifetimes.BetaGeoBetaBinomFitter()
        f.fit(don.frequency, don.recency, don.n_periods, weights=don.count)
        return f

    ours, theirs, fit, fitter = _interleaved(
        lambda: BetaGeoBetaBinom.fit(don.frequency, don.recency, don.n_periods, weights=don.count),
        lt_bgbb,
        repeat=5,
    )
    lt_ll = -float(fitter._negative_log_likelihood_) * float(don.count.sum())
    rows.append(
        (
            "BetaGeoBetaBinom fit, donations (22 patterns, weights=)",
            ours,
            theirs,
            f"LL ours {fit.loglik:.4f}, lifetimes {lt_ll:.4f}",
        )
    )
    # day-rounded data: many repeated patterns, lifetimes given weights=
    day = _patterns(_synthetic(big, "bg"))
    ours, theirs, fit, fitter = _interleaved(
        lambda: BetaGeo.fit(day["x"], day["tx"], day["T"]),
        lambda: _lt_fit("bg", day["px"], day["ptx"], day["pT"], day["pw"]),
        repeat=3,
    )
    rows.append(
        (
            f"BetaGeo fit, {big:,} day-rounded ({len(day['px']):,} patterns)",
            ours,
            theirs,
            f"LL ours {fit.loglik:.2f}, at lifetimes' optimum "
            f"{_our_ll_at('bg', fitter, day['x'], day['tx'], day['T']):.2f}",
        )
    )
    cont = _continuous(big, "bg")
    ours, theirs, fit, fitter = _interleaved(
        lambda: BetaGeo.fit(cont["x"], cont["tx"], cont["T"]),
        lambda: _lt_fit("bg", cont["x"], cont["tx"], cont["T"]),
        repeat=2,
        warm=not quick,
    )
    rows.append(
        (
            f"BetaGeo fit, {big:,} continuous-time (target <= 2 s)",
            ours,
            theirs,
            f"LL ours {fit.loglik:.2f}, at lifetimes' optimum "
            f"{_our_ll_at('bg', fitter, cont['x'], cont['tx'], cont['T']):.2f}",
        )
    )
    model = fit.model
    lt = lifetimes.BetaGeoFitter()
    import pandas as pd

    lt.params_ = pd.Series({k: getattr(model, k) for k in ("r", "alpha", "a", "b")})
    ours, theirs, a, b = _interleaved(
        lambda: model.p_alive(cont["x"], cont["tx"], cont["T"]),
        lambda: lt.conditional_probability_alive(cont["x"], cont["tx"], cont["T"]),
        repeat=7,
    )
    diff = float(np.max(np.abs(np.asarray(a) - np.asarray(b))))
    rows.append(
        (
            f"BetaGeo p_alive, {big:,} (target: <= lifetimes)",
            ours,
            theirs,
            f"max abs diff {diff:.1e}",
        )
    )
    pcont = _continuous(big, "pnbd")
    import time

    t0 = time.perf_counter()
    pfit = ParetoNBD.fit(pcont["x"], pcont["tx"], pcont["T"])
    t_p = time.perf_counter() - t0
    rows.append(
        (
            f"ParetoNBD fit, {big:,} continuous-time (target <= 10 s)",
            t_p,
            math.nan,
            f"lifetimes not run at this size (minutes); converged {pfit.converged}",
        )
    )
    small = {k: v[: big // 10] for k, v in pcont.items()}
    ours, theirs, fit, fitter = _interleaved(
        lambda: ParetoNBD.fit(small["x"], small["tx"], small["T"]),
        lambda: _lt_fit("pnbd", small["x"], small["tx"], small["T"]),
        repeat=1,
        warm=False,
    )
    rows.append(
        (
            f"ParetoNBD fit, {big // 10:,} continuous-time",
            ours,
            theirs,
            f"LL ours {fit.loglik:.2f}, at lifetimes' optimum "
            f"{_our_ll_at('pnbd', fitter, small['x'], small['tx'], small['T']):.2f}",
        )
    )
    return rows


def _main() -> int:
    import os
    import platform
    import sys

    quick = "--quick" in sys.argv
    import lifetimes
    import pandas as pd

    print(
        f"python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"lifetimes {lifetimes.__version__}, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'case':<62} {'custvalue':>10} {'lifetimes':>10} {'ratio':>7}  agreement")
    for name, ours, theirs, note in side_by_side(quick):
        ratio = theirs / ours if theirs == theirs else math.nan
        print(f"{name:<62} {ours:>9.3f}s {theirs:>9.3f}s {ratio:>6.1f}x  {note}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
