"""Lorenz curve of the quickstart's customer lifetime values."""

import matplotlib.pyplot as plt
from _examples import quickstart_clv

from custvalue.plotting import lorenz_curve
from custvalue.pyramid import concentration

fig, ax = plt.subplots(figsize=(6.0, 4.5))
lorenz_curve(concentration(quickstart_clv()), ax=ax)
ax.set_title("Concentration of next year's customer lifetime value")
