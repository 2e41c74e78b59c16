"""Path diagram of the ECSI model estimated on the guide's simulated survey, with indicators."""

from _examples import guide_ecsi

from custvalue.plotting import path_diagram

path_diagram(guide_ecsi(), indicators=True)
