"""Validate custvalue.btyd on the CDNOW sample against published estimates and lifetimes.

Run from the project root with the ``bench`` extra installed (lifetimes ships
the CDNOW data)::

    python benchmarks/validate_cdnow.py

It fits the BG/NBD, Pareto/NBD and gamma-gamma models on the 2,357 CDNOW
customers (time unit: weeks) and prints our estimates and log-likelihoods
next to the published ones (Fader, Hardie & Lee 2005a, 2005b), summarises
the CDNOW transaction log with ``rfm_summary`` and compares it with the
published summary, then prints the largest relative difference between our
predictions and lifetimes' on the same parameters for every customer. It
exits with status 1, listing what failed, if an estimate is further than 5%
of its standard error from the published one, a log-likelihood does not
round to the published one, the summary differs, or a prediction differs
from lifetimes' by more than 1e-8 relative.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from custvalue.btyd import (
    BetaGeo,
    BetaGeoBetaBinom,
    FitResult,
    GammaGamma,
    ModifiedBetaGeo,
    ParetoNBD,
    ShiftedBetaGeometric,
    customer_lifetime_value,
)
from custvalue.datasets import donations

# Published values: Fader, Hardie & Lee (2005), Marketing Science 24(2) (BG/NBD and
# Pareto/NBD on CDNOW, weeks); Fader, Hardie & Lee (2005), JMR 42(4) (gamma-gamma);
# Fader & Hardie (2007), J. Interactive Marketing 21(1) (sBG).
PUBLISHED = {
    "BG/NBD": ({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, -9582.4),
    "Pareto/NBD": ({"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}, -9595.0),
    "Gamma-Gamma": ({"p": 6.25, "q": 3.74, "v": 15.44}, None),
    "sBG regular": ({"alpha": 0.704, "beta": 1.182}, None),
    # BTYDplus (mbgnbd.EstimateParameters) on the CDNOW sample, weeks
    "MBG/NBD": ({"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}, None),
    # Fader, Hardie & Shang (2010), Marketing Science 29(6): the 1995 donors cohort
    "BG/BB": ({"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}, -33225.6),
    "sBG high end": ({"alpha": 0.668, "beta": 3.806}, None),
}
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


def _rel(a: object, b: object) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = np.maximum(np.abs(b), 1e-300)
    return float(np.max(np.abs(a - b) / scale))


def _row(name: str, fit: object, published: dict[str, float], ll: float | None) -> list[str]:
    """Print our estimates next to the published ones; return what disagrees.

    An estimate agrees when it is within 5% of its standard error of the
    published value (the published figures are rounded, and the likelihood
    is flat along some directions, e.g. the Pareto/NBD beta); the
    log-likelihood when it rounds to the published one-decimal value.
    """
    ours = {k: getattr(fit.model, k) for k in published}  # type: ignore[attr-defined]
    est = ", ".join(f"{k}={v:.4f} ({published[k]})" for k, v in ours.items())
    ll_text = f"LL {fit.loglik:.2f}" + (f" (published {ll})" if ll is not None else "")  # type: ignore[attr-defined]
    print(f"{name:13s} {est}; {ll_text}; converged={fit.converged}")  # type: ignore[attr-defined]
    problems = []
    if not fit.converged:  # type: ignore[attr-defined]
        problems.append(f"{name}: not converged")
    for k, value in ours.items():
        se = fit.std_errors[k]  # type: ignore[attr-defined]
        if not abs(value - published[k]) <= 0.05 * se:
            problems.append(f"{name} {k}: {value:.4f} vs published {published[k]} (se {se:.3g})")
    if ll is not None and not abs(fit.loglik - ll) <= 0.05:  # type: ignore[attr-defined]
        problems.append(f"{name} LL: {fit.loglik:.2f} vs published {ll}")  # type: ignore[attr-defined]
    return problems


def _check_published(
    x: np.ndarray, tx: np.ndarray, T: np.ndarray, money: np.ndarray
) -> tuple[list[str], tuple[FitResult[BetaGeo], FitResult[ParetoNBD], FitResult[GammaGamma]]]:
    """Fit the four models, print the estimates beside the published ones."""
    print("Estimates: ours (published)")
    problems: list[str] = []
    bg = BetaGeo.fit(x, tx, T)
    problems += _row("BG/NBD", bg, *PUBLISHED["BG/NBD"])
    pn = ParetoNBD.fit(x, tx, T)
    problems += _row("Pareto/NBD", pn, *PUBLISHED["Pareto/NBD"])
    rep = x > 0
    gg = GammaGamma.fit(x[rep], money[rep])
    problems += _row("Gamma-Gamma", gg, *PUBLISHED["Gamma-Gamma"])
    problems += _row("sBG regular", ShiftedBetaGeometric.fit(REGULAR), *PUBLISHED["sBG regular"])
    problems += _row("sBG high end", ShiftedBetaGeometric.fit(HIGH_END), *PUBLISHED["sBG high end"])
    problems += _row("MBG/NBD", ModifiedBetaGeo.fit(x, tx, T), *PUBLISHED["MBG/NBD"])
    don = donations()
    bgbb = BetaGeoBetaBinom.fit(don.frequency, don.recency, don.n_periods, weights=don.count)
    problems += _row("BG/BB", bgbb, *PUBLISHED["BG/BB"])
    return problems, (bg, pn, gg)


def _check_rfm_summary(datasets: Path) -> list[str]:
    """Summarise the CDNOW transaction log and compare with the published summary.

    ``datasets`` is the folder of lifetimes' data files: ``CDNOW_sample.txt``
    (customer, date, CDs, dollars per transaction) and the published
    calibration summary ``cdnow_customers_summary_with_transactions.csv``.
    """
    import pandas as pd

    from custvalue.transactions import rfm_summary

    raw = pd.read_csv(
        datasets / "CDNOW_sample.txt",
        sep=r"\s+",
        header=None,
        names=["master_id", "id", "date", "cds", "dollars"],
        dtype={"date": str},
    )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    summary = rfm_summary(
        raw,
        customer="id",
        date="date",
        value="dollars",
        period=7,
        calibration_end="1997-09-30",
        observation_end="1998-06-30",
    ).to_frame()
    published = pd.read_csv(datasets / "cdnow_customers_summary_with_transactions.csv")
    published = published.set_index("ID")
    ours = summary.loc[published.index]
    diffs = {
        "frequency": float(np.max(np.abs(ours["frequency"] - published["x"]))),
        "recency": float(np.max(np.abs(ours["recency"] - published["t_x"]))),
        "T": float(np.max(np.abs(ours["T"] - published["T"]))),
        "monetary_value": float(np.max(np.abs(ours["monetary_value"] - published["zbar"]))),
    }
    print(
        f"rfm_summary of the {len(raw):,} CDNOW transactions, {len(summary):,} customers; "
        "largest difference from the published summary (rounded to 0.01): "
        + ", ".join(f"{k} {v:.4f}" for k, v in diffs.items())
    )
    problems = []
    if len(summary) != len(published):
        problems.append(f"rfm_summary: {len(summary)} customers, published {len(published)}")
    for name, worst in diffs.items():
        limit = 0.0 if name == "frequency" else 0.005 + 1e-9
        if not worst <= limit:
            problems.append(f"rfm_summary {name} differs from the published summary by {worst}")
    return problems


def main() -> int:
    try:
        import lifetimes
        from lifetimes.datasets import load_cdnow_summary_data_with_monetary_value
    except ImportError:
        print("lifetimes is not installed: pip install 'custvalue[bench]'")
        return 1
    data = load_cdnow_summary_data_with_monetary_value()
    x = data["frequency"].to_numpy(float)
    tx = data["recency"].to_numpy(float)
    T = data["T"].to_numpy(float)
    money = data["monetary_value"].to_numpy(float)
    print(f"CDNOW sample: {x.size} customers, {int((x > 0).sum())} repeat buyers (weeks)\n")

    problems, (bg, pn, gg) = _check_published(x, tx, T, money)
    print()
    problems += _check_rfm_summary(Path(lifetimes.__file__).parent / "datasets")
    rep = x > 0

    print("\nlifetimes", lifetimes.__version__, "fits on the same data:")
    import pandas as pd

    lbg = lifetimes.BetaGeoFitter().fit(data["frequency"], data["recency"], data["T"])
    lpn = lifetimes.ParetoNBDFitter().fit(data["frequency"], data["recency"], data["T"])
    lgg = lifetimes.GammaGammaFitter().fit(data["frequency"][rep], data["monetary_value"][rep])
    for label, ours, theirs in (
        ("BG/NBD", bg, lbg),
        ("Pareto/NBD", pn, lpn),
        ("Gamma-Gamma", gg, lgg),
    ):
        names = list(ours.std_errors)
        ll_theirs = type(ours.model)(*[float(theirs.params_[k]) for k in names])
        if label == "Gamma-Gamma":
            ll_at = ll_theirs.loglik(x[rep], money[rep])
        else:
            ll_at = ll_theirs.loglik(x, tx, T)
        print(
            f"{label:13s} lifetimes params {dict(theirs.params_.round(4))}; our LL at their "
            f"params {ll_at:.4f} vs ours at our optimum {ours.loglik:.4f} "
            f"(rel diff {abs(ll_at - ours.loglik) / abs(ours.loglik):.1e})"
        )

    print("\nLargest relative difference from lifetimes on the same (published) parameters:")
    pb, pp, pg = (PUBLISHED[k][0] for k in ("BG/NBD", "Pareto/NBD", "Gamma-Gamma"))
    lbg.params_ = pd.Series(pb)
    lpn.params_ = pd.Series(pp)
    lgg.params_ = pd.Series(pg)
    mb, mp, mg = BetaGeo(**pb), ParetoNBD(**pp), GammaGamma(**pg)
    checks = []
    for t in (1.0, 10.0, 39.0, 52.0):
        checks += [
            (
                f"BG/NBD conditional E[Y({t:g})]",
                mb.conditional_expected_purchases(t, x, tx, T),
                lbg.conditional_expected_number_of_purchases_up_to_time(t, x, tx, T),
            ),
            (
                f"Pareto/NBD conditional E[Y({t:g})]",
                mp.conditional_expected_purchases(t, x, tx, T),
                lpn.conditional_expected_number_of_purchases_up_to_time(t, x, tx, T),
            ),
            (
                f"BG/NBD E[X({t:g})]",
                mb.expected_purchases(t),
                lbg.expected_number_of_purchases_up_to_time(t),
            ),
            (
                f"Pareto/NBD E[X({t:g})]",
                mp.expected_purchases(t),
                lpn.expected_number_of_purchases_up_to_time(t),
            ),
        ]
    checks += [
        ("BG/NBD P(alive)", mb.p_alive(x, tx, T), lbg.conditional_probability_alive(x, tx, T)),
        ("Pareto/NBD P(alive)", mp.p_alive(x, tx, T), lpn.conditional_probability_alive(x, tx, T)),
        (
            "Gamma-Gamma E[M | x, m]",
            mg.conditional_expected_value(x, money),
            lgg.conditional_expected_average_profit(data["frequency"], data["monetary_value"]),
        ),
    ]
    for n in range(6):
        checks += [
            (
                f"BG/NBD P(X(39) = {n})",
                mb.p_purchases(n, 39.0),
                lbg.probability_of_n_purchases_up_to_time(39.0, n),
            ),
        ]
    for model, lmodel, label in ((mb, lbg, "BG/NBD"), (mp, lpn, "Pareto/NBD")):
        ours_clv = customer_lifetime_value(
            model, mg, x, tx, T, money, horizon=12, discount_rate=0.01, time_unit=4.345
        )
        theirs_clv = lgg.customer_lifetime_value(
            lmodel,
            data["frequency"],
            data["recency"],
            data["T"],
            data["monetary_value"],
            time=12,
            discount_rate=0.01,
            freq="W",
        )
        checks.append((f"{label} + gamma-gamma 12-month CLV", ours_clv, theirs_clv))
    worst = 0.0
    for label, ours, theirs in checks:
        rel = _rel(ours, theirs)
        worst = max(worst, rel)
        print(f"  {label:40s} {rel:.1e}")
    print(f"  worst {worst:.1e} (target 1e-8)")
    if not worst <= 1e-8:
        problems.append(f"predictions differ from lifetimes by {worst:.1e} relative (target 1e-8)")

    print("\nHeavy buyers (lifetimes may fail here; custvalue must stay finite):")
    heavy_x = np.array([100.0, 300.0, 1000.0])
    heavy_tx = np.array([30.0, 35.0, 38.0])
    heavy_T = np.full(3, 38.86)
    steep = {"r": 0.5, "alpha": 100.0, "s": 0.6, "beta": 0.1}  # alpha >> beta: z near 1
    early = (np.array([300.0, 500.0, 1000.0]), np.array([0.5, 1.0, 2.0]), np.full(3, 40.0))
    for params, (hx, htx, hT) in (
        (PUBLISHED["Pareto/NBD"][0], (heavy_x, heavy_tx, heavy_T)),
        (steep, early),
    ):
        lpn.params_ = pd.Series(params)
        with np.errstate(all="ignore"):
            try:
                theirs = lpn.conditional_probability_alive(hx, htx, hT)
            except Exception as exc:  # report whatever lifetimes raises
                theirs = f"error: {exc}"
        ours_alive = ParetoNBD(**params).p_alive(hx, htx, hT)
        if not np.all(np.isfinite(ours_alive)):
            problems.append(f"P(alive) of heavy buyers is not finite for {params}")
        print(f"  parameters {params}")
        print("    ours P(alive)      ", ours_alive)
        print("    lifetimes P(alive) ", theirs)
    t0 = time.perf_counter()
    BetaGeo.fit(x, tx, T)
    print(f"\nBG/NBD fit on CDNOW: {time.perf_counter() - t0:.3f} s")
    if problems:
        print("\nFAILED:\n  " + "\n  ".join(problems))
        return 1
    print("\nAll checks passed.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
