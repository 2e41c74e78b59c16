"""Tour section: satisfaction index models estimated by PLS path modeling."""

from __future__ import annotations

from typing import Any

from custvalue._tour import Section

TITLE = "Satisfaction index models (ACSI, SCSB, ECSI) by PLS path modeling"

_PATHS = {
    ("image", "expectations"): 0.5,
    ("image", "satisfaction"): 0.2,
    ("image", "loyalty"): 0.3,
    ("expectations", "quality"): 0.6,
    ("expectations", "value"): 0.2,
    ("expectations", "satisfaction"): 0.1,
    ("quality", "value"): 0.5,
    ("quality", "satisfaction"): 0.3,
    ("value", "satisfaction"): 0.3,
    ("satisfaction", "loyalty"): 0.4,
}


def run() -> Section:
    """Text and computed values of the section (a simulated survey with known paths)."""
    import pandas as pd

    from custvalue.datasets import simulate_survey
    from custvalue.pls import bootstrap, estimate
    from custvalue.satisfaction import ecsi_model, ipma, satisfaction_index

    blocks = {
        "image": ["imag1", "imag2", "imag3", "imag4", "imag5"],
        "expectations": ["expe1", "expe2", "expe3", "expe4"],
        "quality": ["qual1", "qual2", "qual3", "qual4", "qual5"],
        "value": ["val1", "val2", "val3"],
        "satisfaction": ["sat1", "sat2", "sat3"],
        "loyalty": ["loy1", "loy2", "loy3"],
    }
    model = ecsi_model(blocks)
    survey = simulate_survey(model, n=250, paths=_PATHS, loadings=0.8, rng=2024)
    fit = estimate(model, survey.data)
    boot = bootstrap(model, survey.data, n_resamples=500, rng=1)
    index = satisfaction_index(fit, scale=(1, 10))
    with pd.option_context("display.width", 100, "display.precision", 3):
        columns = ["from", "to", "estimate", "std_error", "ci_lower", "ci_upper"]
        paths = boot.paths[columns]
        parts = [
            "The European Customer Satisfaction Index model (ECSI), built from its blocks:",
            ">>> model = ecsi_model(blocks)",
            model.describe(),
            "",
            "A simulated survey of 250 customers answering on 1-10 (true paths known):",
            ">>> survey = simulate_survey(model, n=250, paths=true_paths, loadings=0.8, rng=2024)",
            ">>> fit = estimate(model, survey.data)      # path scheme, as seminr/SmartPLS",
            f">>> fit.r_squared\n{fit.r_squared.round(3).to_string()}",
            "",
            ">>> boot = bootstrap(model, survey.data, n_resamples=500, rng=1)",
            ">>> boot.paths[['from', 'to', 'estimate', 'std_error', 'ci_lower', 'ci_upper']]",
            paths.to_string(index=False),
            "",
            f">>> fit.reliability\n{fit.reliability.to_string()}",
            f"Goodness of fit (Tenenhaus et al. 2005): {fit.gof:.3f}",
            "",
            ">>> satisfaction_index(fit, scale=(1, 10)).value   # ACSI-style 0-100 index",
            f"{index.value:.1f}",
            "",
            ">>> ipma(fit, target='loyalty')   # importance-performance map of loyalty's drivers",
            ipma(fit, target="loyalty").to_string(index=False),
            "",
            "convention='plspm' reproduces R plspm (centroid scheme, population variance);",
            "the default reproduces seminr and SmartPLS (path scheme, sample variance).",
        ]
    values: dict[str, Any] = {
        "true_paths": dict(_PATHS),
        "fit": fit,
        "paths": boot.paths,
        "r_squared": fit.r_squared,
        "index": index.value,
    }
    return Section("\n".join(parts), values)
