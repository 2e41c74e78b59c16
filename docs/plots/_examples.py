"""Shared example data of the documentation figures (the landing page's quickstart)."""

from __future__ import annotations

from typing import Any


def quickstart_clv() -> Any:
    """Lifetime value of the 2,000 simulated customers of the quickstart."""
    from custvalue.btyd import BetaGeo, GammaGamma, customer_lifetime_value
    from custvalue.datasets import simulate_transaction_log
    from custvalue.transactions import rfm_summary

    sim = simulate_transaction_log(
        2000,
        BetaGeo(r=0.25, alpha=4.0, a=0.8, b=2.5),
        spend_model=GammaGamma(6.0, 4.0, 15.0),
        rng=1,
    )
    rfm = rfm_summary(
        sim.transactions,
        customer="customer",
        date="date",
        value="value",
        period=7,
        observation_end="2024-12-30",
    )
    purchases = BetaGeo.fit(rfm.frequency, rfm.recency, rfm.T)
    repeat = rfm.frequency > 0
    spend = GammaGamma.fit(rfm.frequency[repeat], rfm.monetary_value[repeat])
    return customer_lifetime_value(
        purchases.model,
        spend.model,
        rfm.frequency,
        rfm.recency,
        rfm.T,
        rfm.monetary_value,
        horizon=12,
        discount_rate=0.01,
        time_unit=52 / 12,
        margin=0.3,
    )


ACSI_NAMES = ["expectations", "quality", "value", "satisfaction", "complaints", "loyalty"]
ACSI_PATHS = {
    ("expectations", "quality"): 0.5,
    ("expectations", "value"): 0.2,
    ("expectations", "satisfaction"): 0.1,
    ("quality", "value"): 0.5,
    ("quality", "satisfaction"): 0.4,
    ("value", "satisfaction"): 0.3,
    ("satisfaction", "complaints"): -0.4,
    ("satisfaction", "loyalty"): 0.5,
    ("complaints", "loyalty"): -0.2,
}


def quickstart_acsi() -> tuple[Any, Any]:
    """The ACSI model and its estimate on the quickstart's simulated survey."""
    from custvalue.datasets import simulate_survey
    from custvalue.pls import estimate
    from custvalue.satisfaction import acsi_model

    acsi = acsi_model({name: [f"{name[:4]}{i}" for i in (1, 2, 3)] for name in ACSI_NAMES})
    survey = simulate_survey(acsi, n=300, paths=ACSI_PATHS, loadings=0.8, rng=1)
    return survey, estimate(acsi, survey.data)


ECSI_BLOCKS = {
    "image": ["imag1", "imag2", "imag3", "imag4"],
    "expectations": ["expe1", "expe2", "expe3"],
    "quality": ["qual1", "qual2", "qual3", "qual4"],
    "value": ["val1", "val2", "val3"],
    "satisfaction": ["sat1", "sat2", "sat3"],
    "loyalty": ["loy1", "loy2", "loy3"],
}
ECSI_PATHS = {
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


def guide_ecsi() -> Any:
    """The ECSI model estimated on the simulated survey of the satisfaction-models guide."""
    from custvalue.datasets import simulate_survey
    from custvalue.pls import estimate
    from custvalue.satisfaction import ecsi_model

    ecsi = ecsi_model(ECSI_BLOCKS)
    survey = simulate_survey(ecsi, n=250, paths=ECSI_PATHS, loadings=0.8, rng=7)
    return estimate(ecsi, survey.data)
