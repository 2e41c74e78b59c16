"""Importance-performance map of the simulated ECSI survey in the guide."""

import matplotlib.pyplot as plt

from custvalue.datasets import simulate_survey
from custvalue.plotting import ipma_plot
from custvalue.pls import estimate
from custvalue.satisfaction import ecsi_model, ipma

blocks = {
    "image": ["imag1", "imag2", "imag3", "imag4"],
    "expectations": ["expe1", "expe2", "expe3"],
    "quality": ["qual1", "qual2", "qual3", "qual4"],
    "value": ["val1", "val2", "val3"],
    "satisfaction": ["sat1", "sat2", "sat3"],
    "loyalty": ["loy1", "loy2", "loy3"],
}
true_paths = {
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
ecsi = ecsi_model(blocks)
survey = simulate_survey(ecsi, n=250, paths=true_paths, loadings=0.8, rng=7)
fit = estimate(ecsi, survey.data)
fig, ax = plt.subplots(figsize=(6.5, 4.5))
ipma_plot(ipma(fit, target="loyalty"), ax=ax)
ax.set_title("Drivers of loyalty (simulated ECSI survey)")
fig.tight_layout()
