"""Path diagram of the ACSI model estimated in the quickstart."""

from _examples import quickstart_acsi

from custvalue.plotting import path_diagram

_survey, fit = quickstart_acsi()
ax = path_diagram(fit)
ax.set_title("ACSI model, PLS estimate (simulated survey, n = 300)")
