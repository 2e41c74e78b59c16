"""ACSI path diagram with the paths significant in a bootstrap marked."""

from _examples import quickstart_acsi

from custvalue.plotting import path_diagram
from custvalue.pls import bootstrap

survey, fit = quickstart_acsi()
boot = bootstrap(fit.model, survey.data, n_resamples=500, rng=1)
path_diagram(fit, bootstrap=boot, alpha=0.05)
