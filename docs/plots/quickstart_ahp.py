"""AHP weights of the quickstart's three criteria."""

from custvalue.plotting import ahp_weights
from custvalue.scoring.ahp import PairwiseMatrix, weights

judgments = PairwiseMatrix.from_upper([3, 5, 2], labels=["spend", "visits", "tenure"])
ax = ahp_weights(weights(judgments))
