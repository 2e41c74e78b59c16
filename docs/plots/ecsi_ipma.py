"""Importance-performance map of the simulated ECSI survey in the guide."""

import matplotlib.pyplot as plt
from _examples import guide_ecsi

from custvalue.plotting import ipma_plot
from custvalue.satisfaction import ipma

fig, ax = plt.subplots(figsize=(6.5, 4.5))
ipma_plot(ipma(guide_ecsi(), target="loyalty"), ax=ax)
ax.set_title("Drivers of loyalty (simulated ECSI survey)")
fig.tight_layout()
