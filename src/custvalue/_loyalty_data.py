"""Seeded simulators for loyalty metrics (public in :mod:`custvalue.datasets`).

Two data sets with known truth: satisfaction ratings with repurchase
outcomes drawn from a known logistic curve (a highly competitive and a
low-competition market), and a recommendation survey whose NPS is driven by
eight service items, so that a drop in one item shows in both the NPS and
that item's net satisfaction score.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
from scipy import special

from custvalue._results import ResultMixin, frozen_array
from custvalue._validate import (
    as_count,
    as_float_array,
    as_rng,
    as_scalar,
    check_interval,
    check_option,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "NSS_ITEMS",
    "NPSSurvey",
    "SatisfactionLoyaltyData",
    "simulate_nps_survey",
    "simulate_satisfaction_loyalty",
]

Market = Literal["high_competition", "low_competition"]

#: Service items of the telecom net-satisfaction survey in the course
#: material: tariff, complaint handling, product, network, store, promotion,
#: electronic channels and reminders.
NSS_ITEMS: tuple[str, ...] = (
    "tariff",
    "complaints",
    "product",
    "network",
    "store",
    "promotion",
    "e_channel",
    "reminders",
)

#: True weights of the items' latent scores in the recommendation score.
_NSS_WEIGHTS = np.array([0.20, 0.15, 0.10, 0.30, 0.05, 0.05, 0.10, 0.05])

#: Repurchase probabilities anchoring each market's logistic curve:
#: (level, probability) at two satisfaction levels. The high-competition
#: anchors follow Jones & Sasser's Xerox finding (rating 5 six times as
#: likely to buy again as rating 4).
_ANCHORS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "high_competition": ((4.0, 0.10), (5.0, 0.60)),
    "low_competition": ((1.0, 0.80), (5.0, 0.95)),
}

_THRESHOLDS = np.array([-1.5, -0.5, 0.5, 1.5])


@attrs.frozen(eq=False, repr=False)
class SatisfactionLoyaltyData(ResultMixin):
    """Simulated satisfaction ratings and repurchase outcomes.

    Attributes
    ----------
    satisfaction : numpy.ndarray
        Rating 1..5 per customer (int).
    repurchase : numpy.ndarray
        1 if the customer bought again, else 0 (int).
    market : str
        ``"high_competition"`` or ``"low_competition"``.
    intercept, slope : float
        True logit coefficients: ``P = expit(intercept + slope * rating)``.
    level_probs : numpy.ndarray
        Probabilities of the ratings 1..5.
    true_probability : numpy.ndarray
        True repurchase probability at ratings 1..5.
    """

    satisfaction: Any
    repurchase: Any
    market: str
    intercept: float
    slope: float
    level_probs: Any
    true_probability: Any

    def to_frame(self) -> pd.DataFrame:
        """One row per customer: satisfaction, repurchase."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            {"satisfaction": self.satisfaction, "repurchase": self.repurchase}
        )
        return frame


def simulate_satisfaction_loyalty(
    n_customers: int = 2000,
    *,
    market: Market = "high_competition",
    intercept: float | None = None,
    slope: float | None = None,
    level_probs: Any = None,
    rng: object = None,
) -> SatisfactionLoyaltyData:
    r"""Simulate satisfaction ratings and repurchase from a known logistic curve.

    Ratings 1..5 are drawn with ``level_probs``; each customer buys again
    with probability :math:`\operatorname{expit}(\beta_0 + \beta_1 s)`.

    Parameters
    ----------
    n_customers : int
        Number of customers (>= 2); default 2000.
    market : {"high_competition", "low_competition"}, keyword-only
        Sets the default curve. High competition: repurchase probability
        0.10 at rating 4 and 0.60 at rating 5 (the Xerox ratio of six),
        nearly 0 below; low competition: 0.80 at rating 1 rising to 0.95 at
        rating 5 (loyalty high whatever the satisfaction).
    intercept, slope : float, optional, keyword-only
        Override the market's logit coefficients (both or neither).
    level_probs : array_like of 5 floats, optional, keyword-only
        Probabilities of ratings 1..5 (summing to 1); default
        (0.05, 0.10, 0.20, 0.40, 0.25).
    rng : int, numpy.random.Generator or None, keyword-only
        Seed or generator.

    Returns
    -------
    SatisfactionLoyaltyData
        The ratings and outcomes with the true curve.

    Raises
    ------
    ValueError
        If ``n_customers`` < 2, only one of ``intercept`` / ``slope`` is
        given, or ``level_probs`` is not 5 probabilities summing to 1.

    Examples
    --------
    >>> from custvalue.datasets import simulate_satisfaction_loyalty
    >>> data = simulate_satisfaction_loyalty(1000, rng=3)
    >>> data.true_probability.round(3).tolist()
    [0.0, 0.001, 0.008, 0.1, 0.6]
    """
    n = as_count(n_customers, "n_customers", minimum=2)
    kind = check_option(market, "market", ("high_competition", "low_competition"))
    if (intercept is None) != (slope is None):
        raise ValueError("intercept and slope must be given together (or neither)")
    if intercept is None or slope is None:
        (s0, p0), (s1, p1) = _ANCHORS[kind]
        b1 = float((special.logit(p1) - special.logit(p0)) / (s1 - s0))
        b0 = float(special.logit(p0) - b1 * s0)
    else:
        b0 = as_scalar(intercept, "intercept")
        b1 = as_scalar(slope, "slope")
    if level_probs is None:
        probs = np.array([0.05, 0.10, 0.20, 0.40, 0.25])
    else:
        probs = as_float_array(level_probs, "level_probs", ndim=1)
        check_interval(probs, "level_probs", "[0, 1]")
        if probs.size != 5 or not np.isclose(probs.sum(), 1.0):
            raise ValueError(
                "level_probs must be 5 probabilities summing to 1; "
                f"got {probs.size} summing to {probs.sum():g}"
            )
    gen = as_rng(rng)
    levels = np.arange(1, 6)
    true_p = special.expit(b0 + b1 * levels)
    sat = gen.choice(levels, size=n, p=probs / probs.sum())
    rep = (gen.random(n) < true_p[sat - 1]).astype(np.int64)
    return SatisfactionLoyaltyData(
        satisfaction=frozen_array(sat, np.int64),
        repurchase=frozen_array(rep),
        market=kind,
        intercept=b0,
        slope=b1,
        level_probs=frozen_array(probs),
        true_probability=frozen_array(true_p),
    )


@attrs.frozen(eq=False, repr=False)
class NPSSurvey(ResultMixin):
    """A simulated recommendation survey with service-item ratings.

    Attributes
    ----------
    recommend : numpy.ndarray
        Answer 0..10 to "how likely are you to recommend us?" (int).
    ratings : numpy.ndarray
        Ratings 1..5 of the service items, shape (respondents, items).
    items : tuple of str
        Item names (columns of ``ratings``), :data:`NSS_ITEMS`.
    item_locations : numpy.ndarray
        True location of each item's latent score (after ``item_shift``).
    weights : numpy.ndarray
        True weights of the latent item scores in the recommendation score.
    """

    recommend: Any
    ratings: Any
    items: tuple[str, ...]
    item_locations: Any
    weights: Any

    def to_frame(self) -> pd.DataFrame:
        """One row per respondent: ``recommend`` and one column per item."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(self.ratings, columns=list(self.items))
        frame.insert(0, "recommend", self.recommend)
        return frame


def simulate_nps_survey(
    n_respondents: int = 500,
    *,
    item_shift: Mapping[str, float] | None = None,
    rng: object = None,
) -> NPSSurvey:
    r"""Simulate an NPS survey whose score is driven by eight service items.

    Each respondent has a latent satisfaction :math:`\eta \sim N(0, 1)`;
    item *j* has the latent score
    :math:`y_j = \mu_j + 0.7\,\eta + \sqrt{0.51}\,e_j` with
    :math:`\mu_j = 0.6` plus ``item_shift[j]``, cut at -1.5, -0.5, 0.5, 1.5
    into ratings 1..5. The recommendation score is
    :math:`\operatorname{round}(7.5 + 1.6 \sum_j w_j y_j + u)`,
    :math:`u \sim N(0, 1)`, clipped to 0..10, with the network item
    weighted most (weights 0.20, 0.15, 0.10, 0.30, 0.05, 0.05, 0.10, 0.05
    in the order of :data:`NSS_ITEMS`).

    Parameters
    ----------
    n_respondents : int
        Number of respondents (>= 2); default 500.
    item_shift : mapping of str to float, optional, keyword-only
        Shift of items' latent locations, e.g. ``{"network": -1.0}`` for a
        wave after a network outage.
    rng : int, numpy.random.Generator or None, keyword-only
        Seed or generator.

    Returns
    -------
    NPSSurvey
        Recommendation scores, item ratings and the true parameters.

    Raises
    ------
    ValueError
        If ``n_respondents`` < 2 or ``item_shift`` names an unknown item.

    Examples
    --------
    >>> from custvalue.datasets import simulate_nps_survey
    >>> survey = simulate_nps_survey(200, rng=5)
    >>> survey.ratings.shape, survey.items[3]
    ((200, 8), 'network')
    """
    n = as_count(n_respondents, "n_respondents", minimum=2)
    loc = np.full(len(NSS_ITEMS), 0.6)
    for name, shift in (item_shift or {}).items():
        item = check_option(name, "item_shift key", NSS_ITEMS)
        loc[NSS_ITEMS.index(item)] += as_scalar(shift, f"item_shift[{item!r}]")
    gen = as_rng(rng)
    eta = gen.standard_normal(n)
    latent = loc + 0.7 * eta[:, None] + np.sqrt(0.51) * gen.standard_normal((n, loc.size))
    ratings = 1 + (latent[..., None] > _THRESHOLDS).sum(axis=-1)
    drive = latent @ _NSS_WEIGHTS
    recommend = np.clip(np.rint(7.5 + 1.6 * drive + gen.standard_normal(n)), 0, 10)
    return NPSSurvey(
        recommend=frozen_array(recommend, np.int64),
        ratings=frozen_array(ratings, np.int64),
        items=NSS_ITEMS,
        item_locations=frozen_array(loc),
        weights=frozen_array(_NSS_WEIGHTS),
    )
