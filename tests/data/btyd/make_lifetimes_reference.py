"""Write lifetimes_reference.json: lifetimes 0.11.3 outputs for the BG/BB and MBG/NBD tests.

Run with a Python that has lifetimes 0.11.3 and pandas < 3 (lifetimes fails on
pandas 3), from this directory::

    python make_lifetimes_reference.py
"""

from __future__ import annotations

import json
import platform

import lifetimes
import numpy as np
import pandas as pd
import scipy
from lifetimes import BetaGeoBetaBinomFitter, ModifiedBetaGeoFitter
from lifetimes.datasets import load_cdnow_summary, load_donations

out: dict[str, object] = {
    "tool": f"lifetimes {lifetimes.__version__}",
    "python": platform.python_version(),
    "numpy": np.__version__,
    "pandas": pd.__version__,
    "scipy": scipy.__version__,
}

# BG/BB on the donations patterns, with the documented weights= (pattern counts)
d = load_donations()
bb = BetaGeoBetaBinomFitter()
bb.fit(d["frequency"], d["recency"], d["periods"], weights=d["weights"])
params = {k: float(v) for k, v in bb.params_.items()}
# lifetimes stores the mean negative log-likelihood per customer
ll = -float(bb._negative_log_likelihood_) * float(d["weights"].sum())
published = BetaGeoBetaBinomFitter()
published.fit(d["frequency"], d["recency"], d["periods"], weights=d["weights"])
published.params_ = pd.Series({"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783})
f, r, n = d["frequency"], d["recency"], d["periods"]
out["bgbb"] = {
    "fit": params,
    "loglik": ll,
    "patterns": {"frequency": f.tolist(), "recency": r.tolist(), "n_periods": n.tolist()},
    "published_params": {
        "p_alive_m0": list(map(float, published.conditional_probability_alive(0, f, r, n))),
        "p_alive_m1": list(map(float, published.conditional_probability_alive(1, f, r, n))),
        "conditional_expected_5": list(
            map(
                float,
                published.conditional_expected_number_of_purchases_up_to_time(5, f, r, n),
            )
        ),
        "expected_in_first_6": list(
            map(float, published.expected_number_of_transactions_in_first_n_periods(6)["model"])
        ),
    },
}

# MBG/NBD on the CDNOW summary (weeks)
c = load_cdnow_summary(index_col=[0])
mbg = ModifiedBetaGeoFitter()
mbg.fit(c["frequency"], c["recency"], c["T"])
x, tx, T = c["frequency"], c["recency"], c["T"]
out["mbgnbd"] = {
    "fit": {k: float(v) for k, v in mbg.params_.items()},
    "loglik": -float(mbg._negative_log_likelihood_) * len(c),
    "p_alive": list(map(float, mbg.conditional_probability_alive(x, tx, T))),
    "conditional_expected_39": list(
        map(float, mbg.conditional_expected_number_of_purchases_up_to_time(39, x, tx, T))
    ),
    "expected_39": float(mbg.expected_number_of_purchases_up_to_time(39)),
}

with open("lifetimes_reference.json", "w") as fh:
    json.dump(out, fh, indent=1)
