"""Customer loyalty (顾客忠诚): recommendation scores, typologies and retention.

Loyalty is taught as attitude (a positive disposition, the willingness to
recommend) plus behaviour (repeat purchase, share of purchases). This module
measures both sides and the link between them:

- the Net Promoter Score with its standard error and confidence interval
  (:func:`nps`), the test of a change between two surveys
  (:func:`nps_difference`) and the net satisfaction score of rating items
  (:func:`net_satisfaction`), used together: NPS as the alarm, NSS sub-scores
  to find the cause;
- loyalty typologies: Dick & Basu's and Griffin's attitude x behaviour
  segments (:func:`loyalty_segments`), the eight textbook loyalty types
  (:class:`LoyaltyType`, :func:`classify_loyalty`) and Berry & Parasuraman's
  relationship bonds (:class:`RelationshipBond`);
- behavioural metrics: retention and churn rates (:func:`retention_rate`,
  :func:`churn_rate`), cohort retention tables (:func:`retention_curve`),
  share of wallet (:func:`share_of_wallet`) and the repeat-purchase rate
  (:func:`repeat_purchase_rate`);
- the satisfaction-loyalty curve fitted by logistic regression
  (:func:`satisfaction_loyalty_curve`);
- the profit of a loyal customer year by year, after Reichheld
  (:func:`loyal_customer_profit`), whose ``cash_flows`` feed
  :func:`custvalue.clv.lifetime_value`;
- the seven stages of the customer life cycle (:class:`LifecycleStage`,
  :func:`lifecycle_stage`).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt
from scipy import special, stats

from custvalue._results import ResultMixin, frozen_array, two_sided_z
from custvalue._validate import (
    FloatArray,
    as_count,
    as_float_array,
    as_scalar,
    broadcast,
    check_integral,
    check_interval,
    check_level,
    check_option,
    check_same_length,
    check_scale,
    common_index,
    first_position,
    is_dataframe,
    is_series,
    like_input,
)
from custvalue.exceptions import ConvergenceWarning, DegenerateDataWarning

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "ConfidenceInterval",
    "LifecycleStage",
    "LoyalCustomerProfit",
    "LoyaltySegments",
    "LoyaltyType",
    "NPSDifference",
    "NPSResult",
    "NetSatisfaction",
    "RelationshipBond",
    "RetentionCurve",
    "SatisfactionLoyaltyCurve",
    "churn_rate",
    "classify_loyalty",
    "lifecycle_stage",
    "loyal_customer_profit",
    "loyalty_segments",
    "net_satisfaction",
    "nps",
    "nps_difference",
    "repeat_purchase_rate",
    "retention_curve",
    "retention_rate",
    "satisfaction_loyalty_curve",
    "share_of_wallet",
]

MissingPolicy = Literal["raise", "omit"]
Alternative = Literal["two-sided", "greater", "less"]
Typology = Literal["dick_basu", "griffin"]
RetentionDefinition = Literal["active", "survival"]


def _check_binary(arr: FloatArray, name: str) -> None:
    """Refuse values other than 0 and 1, naming the first offender."""
    bad = (arr != 0) & (arr != 1)
    if np.any(bad):
        pos, at = first_position(bad)
        raise ValueError(f"{name} must be 0 or 1 (or boolean); got {arr[pos]:g}{at}")


# ---------------------------------------------------------------------------
# confidence intervals
# ---------------------------------------------------------------------------


class ConfidenceInterval(NamedTuple):
    """A named (low, high) pair."""

    low: Any
    high: Any


def _two_share_se(p: Any, d: Any, n: Any) -> Any:
    """Standard error (in points) of 100 * (p - d) for multinomial shares."""
    var = np.maximum(p + d - (p - d) ** 2, 0.0)
    return 100.0 * np.sqrt(var / n)


def _bounded_interval(score: Any, se: Any, level: float) -> ConfidenceInterval:
    half = two_sided_z(level) * np.asarray(se, dtype=float)
    low = np.clip(np.asarray(score) - half, -100.0, 100.0)
    high = np.clip(np.asarray(score) + half, -100.0, 100.0)
    if low.ndim == 0:
        return ConfidenceInterval(float(low), float(high))
    return ConfidenceInterval(frozen_array(low), frozen_array(high))


# ---------------------------------------------------------------------------
# Net Promoter Score
# ---------------------------------------------------------------------------


@attrs.frozen
class NPSResult(ResultMixin):
    """A Net Promoter Score with its standard error and interval.

    Attributes
    ----------
    score : float
        NPS in points, in [-100, 100]: % promoters minus % detractors.
    n : int
        Number of responses used.
    effective_n : float
        Kish effective sample size (equal to ``n`` without weights).
    promoters, passives, detractors : int
        Number of responses 9-10, 7-8 and 0-6.
    promoter_share, passive_share, detractor_share : float
        Shares (fractions in [0, 1], weighted when weights are given).
    std_error : float
        Standard error of ``score`` in points.
    confidence : float
        Confidence level of ``low`` and ``high``.
    low, high : float
        Normal-approximation interval at ``confidence``, clipped to
        [-100, 100].
    weighted : bool
        Whether survey weights were used.
    """

    score: float
    n: int
    effective_n: float
    promoters: int
    passives: int
    detractors: int
    promoter_share: float
    passive_share: float
    detractor_share: float
    std_error: float
    confidence: float
    low: float
    high: float
    weighted: bool = False

    def confidence_interval(self, level: float | None = None) -> ConfidenceInterval:
        """Normal-approximation interval of the NPS, clipped to [-100, 100].

        ``level`` defaults to the result's ``confidence`` (so the pair equals
        ``(low, high)``).
        """
        lev = self.confidence if level is None else check_level(level)
        return _bounded_interval(self.score, self.std_error, lev)

    def summary(self) -> str:
        """A short text report."""
        pct = round(self.confidence * 100, 6)
        return (
            f"NPS {self.score:.1f} (SE {self.std_error:.2f}; {pct:g}% CI "
            f"{self.low:.1f} to {self.high:.1f}), n = {self.n}: "
            f"promoters {self.promoter_share:.1%}, passives {self.passive_share:.1%}, "
            f"detractors {self.detractor_share:.1%}"
        )

    def to_frame(self) -> pd.DataFrame:
        """One-row table with every field as a snake_case column."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame([self.to_dict()])
        return frame


def _score_codes(scores: object, omit: bool) -> Any:
    """Validated 0..10 scores as integer codes (-1 for NaN when omitted).

    Integer input is checked and counted as it is (no float copy), which
    keeps ten million scores well under a second.
    """
    raw = scores.to_numpy() if is_series(scores) else scores
    if isinstance(raw, np.ndarray) and raw.dtype.kind in "iu" and raw.ndim == 1 and raw.size:
        check_interval(raw, "scores", "[0, 10]")
        return raw.astype(np.intp, copy=False)
    arr = as_float_array(scores, "scores", ndim=1, allow_nan=omit, allow_empty=omit)
    nan = np.isnan(arr) if omit else None
    clean = arr if nan is None else np.where(nan, 0.0, arr)
    check_interval(clean, "scores", "[0, 10]")
    check_integral(clean, "scores")
    codes = clean.astype(np.intp)
    if nan is not None:
        codes[nan] = -1
    return codes


def nps(
    scores: npt.ArrayLike | pd.Series[float],
    *,
    confidence: float = 0.95,
    weights: npt.ArrayLike | pd.Series[float] | None = None,
    missing: MissingPolicy = "raise",
) -> NPSResult:
    r"""Net Promoter Score (净推荐值, NPS) with standard error and interval.

    Parameters
    ----------
    scores : array_like or pandas.Series
        Answers to "how likely are you to recommend us?", whole numbers
        0..10, one per respondent.
    confidence : float, keyword-only
        Confidence level of the interval, in (0, 1); default 0.95.
    weights : array_like or pandas.Series, optional, keyword-only
        Survey weights (>= 0, not all 0), one per response. Two Series must
        share one index (they are never paired by position).
    missing : {"raise", "omit"}, keyword-only
        What to do with NaN answers: refuse them (default) or drop them
        (with their weights).

    Returns
    -------
    NPSResult
        ``score``, ``n``, counts and shares of the three groups,
        ``std_error``, ``confidence``, ``low``, ``high``; the interval at
        another level with ``confidence_interval(level)``.

    Raises
    ------
    ValueError
        If a score is outside 0..10 or not a whole number, a score is NaN
        (with ``missing="raise"``), no response is left, a weight is
        negative or all weights are 0, or the lengths differ.
    TypeError
        If the scores or weights are not numeric.

    Warns
    -----
    DegenerateDataWarning
        When every response is in one group: the standard error is 0 and
        the interval collapses to the point.

    See Also
    --------
    nps_difference : test of the change between two surveys.
    net_satisfaction : top-box minus bottom-box score of rating items.

    Notes
    -----
    Reichheld's score [1]_: answers 9-10 are promoters (推荐者), 7-8
    passives (被动者), 0-6 detractors (贬损者). With shares :math:`p` and
    :math:`d` (percentages, not sums, as the textbook intends):

    .. math::

        \mathrm{NPS} = 100\,(p - d), \qquad
        \mathrm{SE} = 100\sqrt{\frac{p + d - (p - d)^2}{n}},

    the standard error of a difference of two shares of one multinomial
    sample [2]_. The interval is the normal approximation
    :math:`\mathrm{NPS} \pm z_{1-\alpha/2}\,\mathrm{SE}`, clipped to
    [-100, 100]. It is accurate for moderate :math:`n`; for small samples
    or shares near 0 or 1 it is too narrow [2]_.

    With weights :math:`w_i` the shares are weighted and :math:`n` in the
    standard error is replaced by Kish's effective sample size [3]_
    :math:`n_\mathrm{eff} = (\sum w_i)^2 / \sum w_i^2`, which treats the
    weights as fixed (design effect of unequal weighting).

    References
    ----------
    .. [1] Reichheld, F. F. (2003). The one number you need to grow.
       *Harvard Business Review*, 81(12), 46-54.
    .. [2] Rocks, B. (2016). Interval estimation for the "net promoter
       score". *The American Statistician*, 70(4), 365-372.
    .. [3] Kish, L. (1965). *Survey Sampling*. New York: Wiley.

    Examples
    --------
    60 promoters, 25 passives and 15 detractors out of 100:

    >>> import numpy as np
    >>> from custvalue.loyalty import nps
    >>> res = nps(np.r_[np.full(60, 10), np.full(25, 8), np.full(15, 3)])
    >>> res.score, round(res.std_error, 3)
    (45.0, 7.399)
    >>> res.low, res.high
    (30.4975..., 59.5024...)
    >>> round(res.confidence_interval(0.90).low, 2)
    32.83
    """
    policy = check_option(missing, "missing", ("raise", "omit"))
    level = check_level(confidence, "confidence")
    codes = _score_codes(scores, policy == "omit")
    w: FloatArray | None = None
    if weights is not None:
        w = as_float_array(weights, "weights", ndim=1)
        check_same_length(scores=codes, weights=w)
        common_index(scores=scores, weights=weights)
        check_interval(w, "weights", ">= 0")
    if policy == "omit":
        keep = codes >= 0
        if not keep.all():
            codes = codes[keep]
            w = None if w is None else w[keep]
    if codes.size == 0:
        raise ValueError("scores must contain at least one answer; got none after omitting NaN")
    n = int(codes.size)
    # bins 0..10 folded into detractors (0-6), passives (7-8), promoters (9-10)
    if w is None:
        per_score = np.bincount(codes, minlength=11)
        counts = np.array([per_score[:7].sum(), per_score[7:9].sum(), per_score[9:].sum()])
        shares = counts / n
        n_eff = float(n)
        score = 100.0 * float(counts[2] - counts[0]) / n  # exact for round shares
    else:
        total = float(w.sum())
        if total <= 0:
            raise ValueError("weights must not all be 0; got a total weight of 0")
        groups = np.searchsorted(np.array([6.5, 8.5]), codes)
        counts = np.bincount(groups, minlength=3)
        shares = np.bincount(groups, weights=w, minlength=3) / total
        scaled = w / float(w.max())  # Kish's n_eff is scale-free; avoid over/underflow
        n_eff = float(scaled.sum()) ** 2 / float(np.dot(scaled, scaled))
        score = 100.0 * float(shares[2] - shares[0])
    d, pas, p = (float(s) for s in shares)
    se = float(_two_share_se(p, d, n_eff))
    if se == 0.0:
        warnings.warn(
            "all responses fall in one group (promoters, passives or detractors): "
            "the standard error is 0 and the interval collapses to the score",
            DegenerateDataWarning,
            stacklevel=2,
        )
    low, high = _bounded_interval(score, se, level)
    return NPSResult(
        score=score,
        n=n,
        effective_n=n_eff,
        promoters=int(counts[2]),
        passives=int(counts[1]),
        detractors=int(counts[0]),
        promoter_share=p,
        passive_share=pas,
        detractor_share=d,
        std_error=se,
        confidence=level,
        low=low,
        high=high,
        weighted=w is not None,
    )


@attrs.frozen
class NPSDifference(ResultMixin):
    """Test of the difference between two independent Net Promoter Scores.

    Attributes
    ----------
    difference : float
        ``first.score - second.score`` in points.
    std_error : float
        Standard error of the difference.
    statistic : float
        z statistic, ``difference / std_error``.
    p_value : float
        p value for ``alternative``.
    alternative : str
        ``"two-sided"``, ``"greater"`` (first > second) or ``"less"``.
    confidence : float
        Level of ``low`` / ``high``.
    low, high : float
        Two-sided normal interval of the difference, clipped to [-200, 200].
    first, second : NPSResult
        The two scores compared.
    """

    difference: float
    std_error: float
    statistic: float
    p_value: float
    alternative: str
    confidence: float
    low: float
    high: float
    first: NPSResult
    second: NPSResult

    def confidence_interval(self, level: float | None = None) -> ConfidenceInterval:
        """Interval of the difference; ``level`` defaults to the result's ``confidence``."""
        lev = self.confidence if level is None else check_level(level)
        half = two_sided_z(lev) * self.std_error
        return ConfidenceInterval(
            max(self.difference - half, -200.0), min(self.difference + half, 200.0)
        )

    def to_frame(self) -> pd.DataFrame:
        """One-row table: difference, std_error, statistic, p_value, low, high."""
        import pandas as pd

        cols = ("difference", "std_error", "statistic", "p_value", "alternative")
        row = {c: getattr(self, c) for c in cols}
        row.update(confidence=self.confidence, low=self.low, high=self.high)
        row.update(first_score=self.first.score, second_score=self.second.score)
        frame: pd.DataFrame = pd.DataFrame([row])
        return frame


def nps_difference(
    a: NPSResult | npt.ArrayLike | pd.Series[float],
    b: NPSResult | npt.ArrayLike | pd.Series[float],
    *,
    confidence: float = 0.95,
    alternative: Alternative = "two-sided",
) -> NPSDifference:
    r"""Test whether two Net Promoter Scores differ (independent samples).

    Parameters
    ----------
    a, b : NPSResult or array_like
        The two surveys, as results of :func:`nps` or as raw 0..10 scores.
    confidence : float, keyword-only
        Level of the interval of the difference; default 0.95.
    alternative : {"two-sided", "greater", "less"}, keyword-only
        ``"greater"`` tests NPS(a) > NPS(b), ``"less"`` NPS(a) < NPS(b).

    Returns
    -------
    NPSDifference
        ``difference``, ``std_error``, ``statistic`` (z), ``p_value``,
        ``low``, ``high`` and the two :class:`NPSResult`.

    Raises
    ------
    ValueError
        If the scores are invalid (see :func:`nps`) or both standard errors
        are 0, so no test is possible.

    See Also
    --------
    nps : the score of one survey.

    Notes
    -----
    For independent samples the variances add [1]_:

    .. math::

        z = \frac{\mathrm{NPS}_a - \mathrm{NPS}_b}
        {\sqrt{\mathrm{SE}_a^2 + \mathrm{SE}_b^2}},

    compared with the standard normal distribution.

    References
    ----------
    .. [1] Rocks, B. (2016). Interval estimation for the "net promoter
       score". *The American Statistician*, 70(4), 365-372.

    Examples
    --------
    >>> import numpy as np
    >>> from custvalue.loyalty import nps, nps_difference
    >>> before = nps(np.r_[np.full(60, 10), np.full(25, 8), np.full(15, 3)])
    >>> after = nps(np.r_[np.full(45, 9), np.full(30, 7), np.full(25, 5)])
    >>> test = nps_difference(before, after)
    >>> round(test.difference, 1), round(test.statistic, 3), round(test.p_value, 4)
    (25.0, 2.275, 0.0229)
    """
    alt = check_option(alternative, "alternative", ("two-sided", "greater", "less"))
    level = check_level(confidence, "confidence")
    first = a if isinstance(a, NPSResult) else nps(a)
    second = b if isinstance(b, NPSResult) else nps(b)
    diff = first.score - second.score
    se = math.hypot(first.std_error, second.std_error)
    if se == 0.0:
        raise ValueError(
            "nps_difference needs variation: both samples have a standard error of 0 "
            "(every response of each sample in one group)"
        )
    z = diff / se
    if alt == "two-sided":
        pval = float(2.0 * stats.norm.sf(abs(z)))
    elif alt == "greater":
        pval = float(stats.norm.sf(z))
    else:
        pval = float(stats.norm.cdf(z))
    half = two_sided_z(level) * se
    return NPSDifference(
        difference=diff,
        std_error=se,
        statistic=z,
        p_value=min(pval, 1.0),
        alternative=alt,
        confidence=level,
        low=max(diff - half, -200.0),
        high=min(diff + half, 200.0),
        first=first,
        second=second,
    )


# ---------------------------------------------------------------------------
# net satisfaction score
# ---------------------------------------------------------------------------


@attrs.frozen
class NetSatisfaction(ResultMixin):
    """Net satisfaction scores (top box minus bottom box) per item.

    Attributes
    ----------
    items : tuple of str
        Item names (DataFrame columns, the Series name, or ``item_1`` ...).
    score : float or numpy.ndarray
        NSS in points, in [-100, 100] (a float for one item).
    n : int or numpy.ndarray
        Answers used per item.
    top_share, bottom_share : float or numpy.ndarray
        Shares of answers in the top and bottom boxes.
    std_error : float or numpy.ndarray
        Standard error of ``score`` in points.
    confidence : float
        Level of ``low`` / ``high``.
    low, high : float or numpy.ndarray
        Normal-approximation intervals, clipped to [-100, 100].
    scale : tuple of float
        The response scale (low, high).
    top, bottom : int
        Number of boxes counted at each end.
    """

    items: tuple[str, ...]
    score: Any
    n: Any
    top_share: Any
    bottom_share: Any
    std_error: Any
    confidence: float
    low: Any
    high: Any
    scale: tuple[float, float]
    top: int
    bottom: int

    def confidence_interval(self, level: float | None = None) -> ConfidenceInterval:
        """Intervals per item; ``level`` defaults to the result's ``confidence``."""
        lev = self.confidence if level is None else check_level(level)
        return _bounded_interval(self.score, self.std_error, lev)

    def to_frame(self) -> pd.DataFrame:
        """One row per item: item, n, top_share, bottom_share, score, std_error, low, high."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            {
                "item": list(self.items),
                "n": np.atleast_1d(self.n),
                "top_share": np.atleast_1d(self.top_share),
                "bottom_share": np.atleast_1d(self.bottom_share),
                "score": np.atleast_1d(self.score),
                "std_error": np.atleast_1d(self.std_error),
                "low": np.atleast_1d(self.low),
                "high": np.atleast_1d(self.high),
            }
        )
        return frame


def _item_names(responses: object, k: int) -> tuple[str, ...]:
    if is_dataframe(responses):
        return tuple(str(c) for c in responses.columns)
    if is_series(responses) and responses.name is not None:
        return (str(responses.name),)
    if k == 1:
        return ("item",)
    return tuple(f"item_{j + 1}" for j in range(k))


def net_satisfaction(
    responses: npt.ArrayLike | pd.Series[float] | pd.DataFrame,
    *,
    scale: tuple[float, float] = (1, 5),
    top: int = 1,
    bottom: int = 1,
    confidence: float = 0.95,
    missing: MissingPolicy = "raise",
) -> NetSatisfaction:
    r"""Net satisfaction score (客户满意度 NSS): top box minus bottom box.

    Parameters
    ----------
    responses : array_like, pandas.Series or pandas.DataFrame
        Ratings, whole numbers on ``scale``: 1-D for one item, 2-D
        (respondents x items) for several; DataFrame columns name the items.
    scale : (low, high), keyword-only
        The rating scale, default (1, 5).
    top, bottom : int, keyword-only
        Number of boxes counted as satisfied (from the top) and dissatisfied
        (from the bottom); default 1 each ("top box" 5, "bottom box" 1).
        Their sum must not exceed the number of scale points.
    confidence : float, keyword-only
        Interval level, default 0.95.
    missing : {"raise", "omit"}, keyword-only
        Refuse NaN answers (default) or drop them item by item.

    Returns
    -------
    NetSatisfaction
        Per item: ``score``, ``n``, shares, ``std_error``, ``low``,
        ``high`` (floats for one item, arrays for several).

    Raises
    ------
    ValueError
        If a rating is off the scale or not whole, the boxes overlap, the
        scale bounds are not whole numbers, or an item has no answers.
    TypeError
        If the ratings are not numeric.

    See Also
    --------
    nps : the recommendation score; NSS sub-scores explain its moves.

    Notes
    -----
    With :math:`t` the share of answers in the top ``top`` boxes and
    :math:`b` the share in the bottom ``bottom`` boxes,

    .. math::

        \mathrm{NSS} = 100\,(t - b), \qquad
        \mathrm{SE} = 100\sqrt{\frac{t + b - (t - b)^2}{n}},

    the same multinomial standard error as the NPS [1]_. Telecom practice
    in the course material tracks NPS as the alarm and the NSS of service
    items (tariff, complaints, product, network, store, promotion,
    e-channels, reminders) to see which one moved it.

    References
    ----------
    .. [1] Rocks, B. (2016). Interval estimation for the "net promoter
       score". *The American Statistician*, 70(4), 365-372.

    Examples
    --------
    >>> from custvalue.loyalty import net_satisfaction
    >>> res = net_satisfaction([5, 5, 4, 4, 3, 2, 1, 5, 4, 5])
    >>> res.score, round(res.std_error, 2)
    (30.0, 20.25)
    """
    policy = check_option(missing, "missing", ("raise", "omit"))
    level = check_level(confidence, "confidence")
    lo, hi = check_scale(scale)
    check_integral(np.array([lo, hi]), "scale")
    n_top = as_count(top, "top", minimum=1)
    n_bottom = as_count(bottom, "bottom", minimum=1)
    points = int(hi - lo) + 1
    if n_top + n_bottom > points:
        raise ValueError(
            f"top + bottom must not exceed the {points} points of the scale; "
            f"got top={n_top}, bottom={n_bottom}"
        )
    arr = as_float_array(responses, "responses", ndim=(1, 2), allow_nan=policy == "omit")
    filled = np.where(np.isnan(arr), lo, arr)  # positions in messages follow the input
    check_interval(filled, "responses", f"[{lo:g}, {hi:g}]")
    check_integral(filled, "responses")
    one = arr.ndim == 1
    x = arr[:, None] if one else arr
    valid = ~np.isnan(x)
    names = _item_names(responses, x.shape[1])
    n = valid.sum(axis=0)
    if np.any(n == 0):
        j = int(np.argmax(n == 0))
        raise ValueError(f"responses has no answers for item {names[j]!r} (column {j})")
    top_count = ((x >= hi - n_top + 1) & valid).sum(axis=0)
    bottom_count = ((x <= lo + n_bottom - 1) & valid).sum(axis=0)
    t = top_count / n
    b = bottom_count / n
    score = 100.0 * (top_count - bottom_count) / n
    se = _two_share_se(t, b, n)
    low, high = _bounded_interval(score, se, level)

    def out(v: Any) -> Any:
        return v.item() if one else frozen_array(v)

    return NetSatisfaction(
        items=names,
        score=out(score),
        n=out(n),
        top_share=out(t),
        bottom_share=out(b),
        std_error=out(se),
        confidence=level,
        low=out(np.asarray(low)),
        high=out(np.asarray(high)),
        scale=(lo, hi),
        top=n_top,
        bottom=n_bottom,
    )


# ---------------------------------------------------------------------------
# attitude x behaviour segments
# ---------------------------------------------------------------------------

#: Segment labels per typology, keyed by (attitude high, behaviour high).
_TYPOLOGIES: dict[str, dict[tuple[bool, bool], str]] = {
    "dick_basu": {
        (True, True): "loyalty",
        (True, False): "latent",
        (False, True): "spurious",
        (False, False): "none",
    },
    "griffin": {
        (True, True): "premium",
        (True, False): "latent",
        (False, True): "inertia",
        (False, False): "none",
    },
}
_AXES = {
    "dick_basu": ("relative attitude", "repeat patronage"),
    "griffin": ("attachment", "repeat purchase"),
}


@attrs.frozen
class LoyaltySegments(ResultMixin):
    """Attitude x behaviour loyalty segments.

    Attributes
    ----------
    labels : numpy.ndarray or pandas.Series
        Segment per customer (a Series with the input's index for Series
        input).
    typology : str
        ``"dick_basu"`` or ``"griffin"``.
    attitude_cut, behaviour_cut : float
        Cuts used: a value >= the cut is "high".
    segments : tuple of str
        Segment names in the order high/high, high/low, low/high, low/low
        (attitude/behaviour).
    counts : tuple of int
        Customers per segment, in the order of ``segments``.
    n : int
        Number of customers.
    """

    labels: Any
    typology: str
    attitude_cut: float
    behaviour_cut: float
    segments: tuple[str, ...]
    counts: tuple[int, ...]
    n: int

    def table(self) -> pd.DataFrame:
        """One row per segment: segment, attitude, behaviour, count, share."""
        import pandas as pd

        keys = ((True, True), (True, False), (False, True), (False, False))
        frame: pd.DataFrame = pd.DataFrame(
            {
                "segment": list(self.segments),
                "attitude": ["high" if a else "low" for a, _ in keys],
                "behaviour": ["high" if b else "low" for _, b in keys],
                "count": list(self.counts),
                "share": [c / self.n for c in self.counts],
            }
        )
        return frame

    def to_frame(self) -> pd.DataFrame:
        """Alias of :meth:`table` (the tidy summary table)."""
        return self.table()

    def summary(self) -> str:
        """The 2 x 2 table as text: counts and shares per segment."""
        att, beh = _AXES[self.typology]
        cell = [
            f"{s} {c} ({c / self.n:.0%})" for s, c in zip(self.segments, self.counts, strict=True)
        ]
        width = max(len(cell[0]), len(cell[2]), len(beh) + 5) + 2
        left = len(att) + 6
        lines = [
            f"{'':{left}}{beh + ' high':<{width}}{beh + ' low'}",
            f"{att + ' high':<{left}}{cell[0]:<{width}}{cell[1]}",
            f"{att + ' low':<{left}}{cell[2]:<{width}}{cell[3]}",
        ]
        return "\n".join(line.rstrip() for line in lines)


def loyalty_segments(
    attitude: npt.ArrayLike | pd.Series[float],
    behaviour: npt.ArrayLike | pd.Series[float],
    *,
    typology: Typology = "dick_basu",
    attitude_cut: float | None = None,
    behaviour_cut: float | None = None,
) -> LoyaltySegments:
    r"""Loyalty segments from attitude and behaviour (Dick & Basu, Griffin).

    Parameters
    ----------
    attitude : array_like or pandas.Series
        Attitude per customer: relative attitude, attachment, willingness
        to recommend (any numeric scale).
    behaviour : array_like or pandas.Series
        Behaviour per customer: repeat patronage, share of purchases,
        purchase frequency.
    typology : {"dick_basu", "griffin"}, keyword-only
        Labels of the four cells (see Notes).
    attitude_cut, behaviour_cut : float, optional, keyword-only
        A value >= its cut is "high". Default: the median of the data.

    Returns
    -------
    LoyaltySegments
        ``labels`` per customer, the cuts, ``segments`` and ``counts``;
        :meth:`~LoyaltySegments.table` and
        :meth:`~LoyaltySegments.summary` give the 2 x 2 table.

    Raises
    ------
    ValueError
        If the lengths differ, a value is NaN or infinite, or ``typology``
        is unknown.

    See Also
    --------
    classify_loyalty : the eight textbook loyalty types.

    Notes
    -----
    Dick & Basu [1]_ cross relative attitude with repeat patronage:

    - high attitude, high patronage: loyalty (忠诚);
    - high attitude, low patronage: latent loyalty (潜在忠诚);
    - low attitude, high patronage: spurious loyalty (虚假忠诚);
    - low attitude, low patronage: no loyalty (不忠诚).

    Griffin [2]_ crosses attachment with repeat purchase and names the
    cells premium (超值忠诚), latent (潜在忠诚), inertia (惰性忠诚) and none
    (无忠诚).

    References
    ----------
    .. [1] Dick, A. S., & Basu, K. (1994). Customer loyalty: toward an
       integrated conceptual framework. *Journal of the Academy of
       Marketing Science*, 22(2), 99-113.
    .. [2] Griffin, J. (2002). *Customer Loyalty: How to Earn It, How to
       Keep It* (new and revised ed.). San Francisco: Jossey-Bass.

    Examples
    --------
    >>> from custvalue.loyalty import loyalty_segments
    >>> seg = loyalty_segments([5, 4, 2, 1, 5, 2], [0.9, 0.2, 0.8, 0.1, 0.7, 0.3],
    ...                        attitude_cut=4, behaviour_cut=0.5)
    >>> seg.labels.tolist()
    ['loyalty', 'latent', 'spurious', 'none', 'loyalty', 'none']
    >>> print(seg.summary())
                           repeat patronage high  repeat patronage low
    relative attitude high loyalty 2 (33%)        latent 1 (17%)
    relative attitude low  spurious 1 (17%)       none 2 (33%)
    """
    kind = check_option(typology, "typology", ("dick_basu", "griffin"))
    att = as_float_array(attitude, "attitude", ndim=1)
    beh = as_float_array(behaviour, "behaviour", ndim=1)
    n = check_same_length(attitude=att, behaviour=beh)
    a_cut = (
        float(np.median(att)) if attitude_cut is None else as_scalar(attitude_cut, "attitude_cut")
    )
    b_cut = (
        float(np.median(beh))
        if behaviour_cut is None
        else as_scalar(behaviour_cut, "behaviour_cut")
    )
    high_a = att >= a_cut
    high_b = beh >= b_cut
    names = _TYPOLOGIES[kind]
    keys = ((True, True), (True, False), (False, True), (False, False))
    labels = np.empty(n, dtype=object)
    counts = []
    for key in keys:
        mask = (high_a == key[0]) & (high_b == key[1])
        labels[mask] = names[key]
        counts.append(int(mask.sum()))
    return LoyaltySegments(
        labels=like_input(labels, attitude, behaviour, name="segment"),
        typology=kind,
        attitude_cut=a_cut,
        behaviour_cut=b_cut,
        segments=tuple(names[k] for k in keys),
        counts=tuple(counts),
        n=n,
    )


# ---------------------------------------------------------------------------
# textbook loyalty types, relationship bonds
# ---------------------------------------------------------------------------

_LOYALTY_INFO: dict[str, tuple[str, str]] = {
    "monopoly": (
        "垄断忠诚",
        "low attachment, high repeat purchase: the customer has no alternative "
        "(a sole supplier, a regulated utility)",
    ),
    "kinship": (
        "亲缘忠诚",
        "low attachment, high repeat purchase: the customer belongs to the firm's "
        "circle (employees, relatives, a group company) and buys because of the tie",
    ),
    "inertia": (
        "惰性忠诚",
        "low attachment, high repeat purchase out of habit or to save the effort of "
        "searching; leaves as soon as a competitor makes switching easy",
    ),
    "latent": (
        "潜在忠诚",
        "high attachment, low repeat purchase: the customer would like to buy more "
        "but is held back (price, availability, situation)",
    ),
    "convenience": (
        "方便忠诚",
        "low attachment, high repeat purchase because the supplier is near or easy "
        "to reach; loyal to the location rather than the brand",
    ),
    "price": (
        "价格忠诚",
        "low attachment, high repeat purchase while the price (or value for money) "
        "is the best on offer; leaves for a cheaper supplier",
    ),
    "incentive": (
        "激励忠诚",
        "low attachment, high repeat purchase to collect rewards (points, rebates, "
        "a loyalty programme); leaves when the incentive ends",
    ),
    "premium": (
        "超值忠诚",
        "high attachment and high repeat purchase: the customer values the offer "
        "above its price, buys across the range and recommends the firm",
    ),
}


class LoyaltyType(Enum):
    """The eight textbook types of customer loyalty (忠诚类型).

    Each member has a ``chinese`` name and ``traits`` (attachment, repeat
    purchase and reason for staying) as documented below.

    ============ ========== ============================================
    member       Chinese    defining traits
    ============ ========== ============================================
    MONOPOLY     垄断忠诚   no alternative; low attachment, repeats
    KINSHIP      亲缘忠诚   affiliation with the firm; low attachment
    INERTIA      惰性忠诚   habit, avoids search effort; low attachment
    LATENT       潜在忠诚   high attachment, little repeat purchase
    CONVENIENCE  方便忠诚   location, ease of access; low attachment
    PRICE        价格忠诚   lowest price / value for money; low attachment
    INCENTIVE    激励忠诚   rewards and programmes; low attachment
    PREMIUM      超值忠诚   high attachment and high repeat purchase
    ============ ========== ============================================

    Examples
    --------
    >>> from custvalue.loyalty import LoyaltyType
    >>> LoyaltyType.PREMIUM.chinese
    '超值忠诚'
    >>> LoyaltyType("inertia")
    <LoyaltyType.INERTIA: 'inertia'>
    """

    MONOPOLY = "monopoly"
    KINSHIP = "kinship"
    INERTIA = "inertia"
    LATENT = "latent"
    CONVENIENCE = "convenience"
    PRICE = "price"
    INCENTIVE = "incentive"
    PREMIUM = "premium"

    @property
    def chinese(self) -> str:
        """Textbook name in Chinese."""
        return _LOYALTY_INFO[self.value][0]

    @property
    def traits(self) -> str:
        """Defining traits: attachment, repeat purchase, reason for staying."""
        return _LOYALTY_INFO[self.value][1]


#: Reason for staying recorded by a survey -> type when attachment is low
#: and repeat purchase high.
_REASONS: dict[str, LoyaltyType] = {
    "no_alternative": LoyaltyType.MONOPOLY,
    "affiliation": LoyaltyType.KINSHIP,
    "habit": LoyaltyType.INERTIA,
    "location": LoyaltyType.CONVENIENCE,
    "price": LoyaltyType.PRICE,
    "rewards": LoyaltyType.INCENTIVE,
    "value": LoyaltyType.PRICE,
}


def _flags(value: object, name: str) -> Any:
    arr = as_float_array(value, name, ndim=(0, 1), allow_bool=True)
    _check_binary(arr, name)
    return arr.astype(bool)


def classify_loyalty(
    attachment: bool | npt.ArrayLike | pd.Series[bool],
    repeat_purchase: bool | npt.ArrayLike | pd.Series[bool],
    reason: str | Sequence[str | None] | pd.Series[str] | None = None,
) -> Any:
    """Assign the textbook loyalty type (忠诚类型) from survey drivers.

    Parameters
    ----------
    attachment : bool or array_like of bool
        Whether the customer is emotionally attached (high relative
        attitude); 0/1 accepted.
    repeat_purchase : bool or array_like of bool
        Whether the customer buys again regularly; 0/1 accepted.
    reason : str, None or sequence, optional
        Main reason for staying: ``"no_alternative"``, ``"affiliation"``,
        ``"habit"``, ``"location"``, ``"price"``, ``"rewards"``, ``"value"``
        or None (not recorded). One value, or one per customer.

    Returns
    -------
    LoyaltyType, None, numpy.ndarray or pandas.Series
        The type (None when the customer shows no loyalty): a single value
        for scalar input, an object array for arrays, a Series for Series
        input.

    Raises
    ------
    ValueError
        If a flag is not 0/1, a reason is unknown, or the lengths differ.
    TypeError
        If ``reason`` (or one of its entries) is neither a string nor
        missing (None or NaN).

    See Also
    --------
    LoyaltyType : the eight types with their traits.
    loyalty_segments : the four-cell typologies of Dick & Basu and Griffin.

    Notes
    -----
    Rules, in order:

    1. attachment high, repeat purchase high: ``PREMIUM`` (超值忠诚),
       whatever the reason;
    2. attachment high, repeat purchase low: ``LATENT`` (潜在忠诚);
    3. attachment low, repeat purchase low: None (no loyalty);
    4. attachment low, repeat purchase high: the reason decides:
       no_alternative -> ``MONOPOLY``, affiliation -> ``KINSHIP``,
       habit -> ``INERTIA``, location -> ``CONVENIENCE``,
       price -> ``PRICE``, rewards -> ``INCENTIVE``; value without
       attachment is a calculative bond -> ``PRICE``; no reason recorded ->
       ``INERTIA`` (Griffin's repeat purchase without attachment [1]_).

    References
    ----------
    .. [1] Griffin, J. (2002). *Customer Loyalty: How to Earn It, How to
       Keep It* (new and revised ed.). San Francisco: Jossey-Bass.

    Examples
    --------
    >>> from custvalue.loyalty import classify_loyalty
    >>> classify_loyalty(False, True, "rewards")
    <LoyaltyType.INCENTIVE: 'incentive'>
    >>> [t.value if t else None for t in classify_loyalty(
    ...     [1, 1, 0, 0], [1, 0, 1, 0], ["value", None, "location", "habit"])]
    ['premium', 'latent', 'convenience', None]
    """
    att = _flags(attachment, "attachment")
    rep = _flags(repeat_purchase, "repeat_purchase")
    if is_series(reason):  # missing answers (None, NaN, pd.NA) become None
        reasons = np.array(reason.to_numpy(dtype=object), dtype=object)
        reasons[np.asarray(reason.isna())] = None
    elif reason is None or isinstance(reason, str):
        reasons = np.array(reason, dtype=object)
    elif isinstance(reason, float) and math.isnan(reason):  # one missing answer
        reasons = np.array(None, dtype=object)
    elif not isinstance(reason, (Sequence, np.ndarray)):
        raise TypeError(
            "reason must be a string, None or a sequence of them (one per customer); "
            f"got {type(reason).__name__} {reason!r}"
        )
    else:
        reasons = np.empty(len(reason), dtype=object)
        reasons[:] = list(reason)
    allowed = tuple(_REASONS)
    for pos, r in enumerate(np.atleast_1d(reasons)):
        if r is not None and not (isinstance(r, float) and math.isnan(r)):
            try:
                check_option(r, "reason", allowed)
            except (TypeError, ValueError) as exc:
                where = f" at index {pos}" if reasons.ndim else ""
                raise type(exc)(f"{exc}{where}") from None
    lengths = {k: v for k, v in (("attachment", att), ("repeat_purchase", rep)) if v.ndim}
    if reasons.ndim:
        lengths["reason"] = reasons
    if len(lengths) > 1:
        check_same_length(**lengths)
    a, r_, why = np.broadcast_arrays(att, rep, reasons)
    out = np.empty(a.shape, dtype=object)
    for idx in np.ndindex(a.shape):
        why_i = why[idx]
        if isinstance(why_i, float):
            why_i = None
        if a[idx]:
            out[idx] = LoyaltyType.PREMIUM if r_[idx] else LoyaltyType.LATENT
        elif not r_[idx]:
            out[idx] = None
        else:
            out[idx] = LoyaltyType.INERTIA if why_i is None else _REASONS[why_i]
    if out.ndim == 0:
        return out.item()
    return like_input(out, attachment, repeat_purchase, reason, name="loyalty_type")


_BOND_INFO: dict[str, tuple[int, str, str]] = {
    "financial": (
        1,
        "财务层次",
        "level 1: price incentives and rewards (discounts, points); easy for "
        "competitors to copy, so the weakest bond",
    ),
    "social": (
        2,
        "社交层次",
        "level 2: personal relationships and individual service on top of "
        "financial incentives; customers become clients",
    ),
    "structural": (
        3,
        "结构层次",
        "level 3: solutions built into the customer's operations (shared "
        "systems, customised delivery); costly to switch, the strongest bond",
    ),
}


class RelationshipBond(Enum):
    """Berry & Parasuraman's three levels of relationship marketing (关系营销的层次).

    Members have ``level`` (1-3), ``chinese`` and ``description``.

    ========== ===== ======== ===============================================
    member     level Chinese  bond
    ========== ===== ======== ===============================================
    FINANCIAL  1     财务层次 price incentives and rewards; easy to copy
    SOCIAL     2     社交层次 personal ties and individual service
    STRUCTURAL 3     结构层次 solutions built into the customer's operations
    ========== ===== ======== ===============================================

    References
    ----------
    .. [1] Berry, L. L., & Parasuraman, A. (1991). *Marketing Services:
       Competing Through Quality*. New York: Free Press.

    Examples
    --------
    >>> from custvalue.loyalty import RelationshipBond
    >>> [(b.level, b.chinese) for b in RelationshipBond]
    [(1, '财务层次'), (2, '社交层次'), (3, '结构层次')]
    """

    FINANCIAL = "financial"
    SOCIAL = "social"
    STRUCTURAL = "structural"

    @property
    def level(self) -> int:
        """Level 1 (financial) to 3 (structural)."""
        return _BOND_INFO[self.value][0]

    @property
    def chinese(self) -> str:
        """Textbook name in Chinese."""
        return _BOND_INFO[self.value][1]

    @property
    def description(self) -> str:
        """What the bond consists of."""
        return _BOND_INFO[self.value][2]


# ---------------------------------------------------------------------------
# retention metrics
# ---------------------------------------------------------------------------


def _retention(
    start: object, end: object, new: object
) -> tuple[Any, tuple[FloatArray, FloatArray, FloatArray]]:
    s = as_float_array(start, "start_customers")
    e = as_float_array(end, "end_customers")
    m = as_float_array(new, "new_customers")
    check_interval(s, "start_customers", "> 0")
    check_interval(e, "end_customers", ">= 0")
    check_interval(m, "new_customers", ">= 0")
    s, e, m = broadcast(start_customers=s, end_customers=e, new_customers=m)
    over = e - m > s  # not e > s + m, which can overflow
    if np.any(over):
        i, at = first_position(over)
        raise ValueError(
            "end_customers must be <= start_customers + new_customers; "
            f"got {e[i]:g} > {s[i]:g} + {m[i]:g}{at}"
        )
    under = m > e
    if np.any(under):
        i, at = first_position(under)
        raise ValueError(
            "new_customers must be <= end_customers (new customers are counted at the end); "
            f"got {m[i]:g} > {e[i]:g}{at}"
        )
    return (start, end, new), (s, e, m)


def retention_rate(
    start_customers: float | npt.ArrayLike | pd.Series[float],
    end_customers: float | npt.ArrayLike | pd.Series[float],
    new_customers: float | npt.ArrayLike | pd.Series[float] = 0,
) -> Any:
    r"""Customer retention rate (客户保持率) of a period.

    Parameters
    ----------
    start_customers : float, array_like or pandas.Series
        Customers at the start of the period (> 0).
    end_customers : float, array_like or pandas.Series
        Customers at the end of the period (>= 0), including new ones.
    new_customers : float, array_like or pandas.Series
        Customers acquired during the period and still there at the end
        (>= 0, <= ``end_customers``); default 0.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Share of the starting customers still customers at the end, in
        [0, 1]; broadcast over the inputs.

    Raises
    ------
    ValueError
        If a count is negative (or ``start_customers`` is 0), the end count
        exceeds start plus new, or the new customers exceed the end count.

    See Also
    --------
    churn_rate : one minus the retention rate.
    retention_curve : retention by cohort from an activity panel.

    Notes
    -----
    .. math::

        r = \frac{E - N}{S},

    with :math:`S` customers at the start, :math:`E` at the end and
    :math:`N` new customers acquired in the period [1]_.

    References
    ----------
    .. [1] Gupta, S., Lehmann, D. R., & Stuart, J. A. (2004). Valuing
       customers. *Journal of Marketing Research*, 41(1), 7-18.

    Examples
    --------
    >>> from custvalue.loyalty import retention_rate
    >>> retention_rate(200, 190, 30)
    0.8
    """
    inputs, (s, e, m) = _retention(start_customers, end_customers, new_customers)
    return like_input((e - m) / s, *inputs)


def churn_rate(
    start_customers: float | npt.ArrayLike | pd.Series[float],
    end_customers: float | npt.ArrayLike | pd.Series[float],
    new_customers: float | npt.ArrayLike | pd.Series[float] = 0,
) -> Any:
    r"""Customer churn rate (客户流失率) of a period: one minus retention.

    Parameters
    ----------
    start_customers, end_customers, new_customers
        As for :func:`retention_rate`.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        :math:`1 - (E - N)/S`, in [0, 1].

    Raises
    ------
    ValueError
        As for :func:`retention_rate`.

    See Also
    --------
    retention_rate

    Notes
    -----
    .. math::

        c = 1 - \frac{E - N}{S} = \frac{S - (E - N)}{S}.

    The expected customer lifetime under a constant churn rate is
    :math:`1/c` periods (see :mod:`custvalue.clv`).

    Examples
    --------
    >>> from custvalue.loyalty import churn_rate
    >>> churn_rate([200, 100], [190, 95], [30, 10])
    array([0.2 , 0.15])
    """
    inputs, (s, e, m) = _retention(start_customers, end_customers, new_customers)
    # the lost customers over the start, not 1 - retention (exact for round counts)
    return like_input((s - (e - m)) / s, *inputs)


@attrs.frozen
class RetentionCurve(ResultMixin):
    """Cohort retention table from a customer x period activity panel.

    Attributes
    ----------
    cohorts : tuple
        Cohort labels (the period of first activity), in panel order.
    cohort_sizes : numpy.ndarray
        Customers per cohort.
    retained : numpy.ndarray
        Retained customers, shape (cohorts, ages); age 0 is the first
        period, so ``retained[:, 0] == cohort_sizes``. Cells after the
        panel's last period are 0 and flagged False in ``observed``.
    rates : numpy.ndarray
        ``retained / cohort_sizes``; NaN exactly where ``observed`` is
        False (after the last period: not yet known).
    observed : numpy.ndarray
        Whether each cell lies within the panel.
    curve : numpy.ndarray
        Pooled retention by age: retained over cohort size summed over the
        cohorts observed at that age; NaN at an age no cohort has reached
        (when nobody is active in the panel's first period).
    definition : str
        ``"active"`` or ``"survival"`` (see :func:`retention_curve`).
    """

    cohorts: tuple[Any, ...]
    cohort_sizes: Any
    retained: Any
    rates: Any
    observed: Any
    curve: Any
    definition: str

    def to_frame(self) -> pd.DataFrame:
        """Tidy table of the observed cells: cohort, age, cohort_size, retained, rate."""
        import pandas as pd

        rows = [
            (c, k, int(self.cohort_sizes[i]), int(self.retained[i, k]), float(self.rates[i, k]))
            for i, c in enumerate(self.cohorts)
            for k in range(self.retained.shape[1])
            if self.observed[i, k]
        ]
        frame: pd.DataFrame = pd.DataFrame(
            rows, columns=["cohort", "age", "cohort_size", "retained", "rate"]
        )
        return frame


def retention_curve(
    panel: npt.ArrayLike | pd.DataFrame,
    *,
    definition: RetentionDefinition = "active",
) -> RetentionCurve:
    r"""Cohort retention table (客户保持率曲线) from an activity panel.

    Parameters
    ----------
    panel : array_like or pandas.DataFrame
        Activity matrix, customers x periods (in time order), 0/1 or
        booleans; a DataFrame's columns label the periods. Customers never
        active are ignored.
    definition : {"active", "survival"}, keyword-only
        ``"active"`` (default): a customer counts as retained at age k when
        active in period ``first + k``. ``"survival"``: when active in
        every period from the first to ``first + k`` (no lapse yet), the
        contractual reading.

    Returns
    -------
    RetentionCurve
        Cohorts (period of first activity), sizes, retained counts and
        rates by age, and the pooled curve.

    Raises
    ------
    ValueError
        If the panel is not 2-D, contains values other than 0/1, or no
        customer is ever active.

    See Also
    --------
    retention_rate : the rate of a single period from counts.

    Notes
    -----
    For cohort :math:`c` (customers first active in period :math:`c`) of
    size :math:`n_c`, with :math:`a_{ic}(k)` the retention indicator at
    age :math:`k`,

    .. math::

        r_c(k) = \frac{1}{n_c}\sum_{i \in c} a_{ic}(k), \qquad
        \bar r(k) = \frac{\sum_{c:\,c+k \le T} \sum_{i \in c} a_{ic}(k)}
                         {\sum_{c:\,c+k \le T} n_c}.

    Examples
    --------
    >>> from custvalue.loyalty import retention_curve
    >>> panel = [[1, 1, 0, 1],
    ...          [1, 0, 0, 0],
    ...          [0, 1, 1, 1],
    ...          [0, 1, 0, 0]]
    >>> res = retention_curve(panel)
    >>> res.cohort_sizes.tolist(), res.retained.tolist()
    ([2, 2], [[2, 1, 0, 1], [2, 1, 1, 0]])
    >>> res.curve.tolist()
    [1.0, 0.5, 0.25, 0.5]
    """
    kind = check_option(definition, "definition", ("active", "survival"))
    x = as_float_array(panel, "panel", ndim=2, allow_bool=True)
    _check_binary(x, "panel")
    active = x.astype(bool)
    ever = active.any(axis=1)
    if not ever.any():
        raise ValueError("panel must contain at least one active customer; got none")
    periods = active.shape[1]
    labels: list[Any] = list(panel.columns) if is_dataframe(panel) else list(range(periods))
    act = active[ever]
    first = act.argmax(axis=1)
    # shift each customer's row so that column k is age k
    ages = np.arange(periods)
    cols = first[:, None] + ages[None, :]
    inside = cols < periods
    aligned = np.where(
        inside, act[np.arange(act.shape[0])[:, None], np.minimum(cols, periods - 1)], False
    )
    if kind == "survival":
        aligned = np.logical_and.accumulate(aligned, axis=1)
    cohort_ids = np.unique(first)
    sizes = np.array([np.count_nonzero(first == c) for c in cohort_ids])
    retained = np.array([aligned[first == c].sum(axis=0) for c in cohort_ids])
    observed = cohort_ids[:, None] + ages[None, :] < periods
    rates = np.where(observed, retained / sizes[:, None], np.nan)
    weight = (observed * sizes[:, None]).sum(axis=0)
    # ages no cohort has reached yet (no one active in the first periods) stay NaN
    curve = np.full(periods, np.nan)
    seen = weight > 0
    curve[seen] = (retained * observed).sum(axis=0)[seen] / weight[seen]
    return RetentionCurve(
        cohorts=tuple(labels[int(c)] for c in cohort_ids),
        cohort_sizes=frozen_array(sizes, np.int64),
        retained=frozen_array(retained, np.int64),
        rates=frozen_array(rates),
        observed=frozen_array(observed),
        curve=frozen_array(curve),
        definition=kind,
    )


def share_of_wallet(
    firm_spend: float | npt.ArrayLike | pd.Series[float],
    category_spend: float | npt.ArrayLike | pd.Series[float],
) -> Any:
    r"""Share of wallet (钱包份额, SOW): the firm's share of category spend.

    Parameters
    ----------
    firm_spend : float, array_like or pandas.Series
        The customer's spend with the firm (>= 0).
    category_spend : float, array_like or pandas.Series
        The customer's total spend in the category (> 0), including the
        firm's share.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        :math:`\mathrm{SOW} = \text{firm} / \text{category}`, in [0, 1].

    Raises
    ------
    ValueError
        If a spend is negative, the category spend is 0, or the firm's
        spend exceeds the category spend (share above 1).

    Notes
    -----
    .. math::

        \mathrm{SOW}_i = \frac{S_{i,\text{firm}}}{S_{i,\text{category}}}

    A behavioural loyalty measure: satisfaction shifts it more than it
    shifts retention [1]_.

    References
    ----------
    .. [1] Cooil, B., Keiningham, T. L., Aksoy, L., & Hsu, M. (2007). A
       longitudinal analysis of customer satisfaction and share of wallet.
       *Journal of Marketing*, 71(1), 67-83.

    Examples
    --------
    >>> from custvalue.loyalty import share_of_wallet
    >>> share_of_wallet([300.0, 50.0], [1000.0, 50.0])
    array([0.3, 1. ])
    """
    f = as_float_array(firm_spend, "firm_spend")
    c = as_float_array(category_spend, "category_spend")
    check_interval(f, "firm_spend", ">= 0")
    check_interval(c, "category_spend", "> 0")
    f, c = broadcast(firm_spend=f, category_spend=c)
    over = f > c  # compared before dividing: f / c may overflow
    if np.any(over):
        i, at = first_position(over)
        raise ValueError(
            "share of wallet must be <= 1 (firm_spend <= category_spend); "
            f"got {f[i]:g} / {c[i]:g}{at}"
        )
    return like_input(f / c, firm_spend, category_spend)


def repeat_purchase_rate(
    purchases: npt.ArrayLike | pd.Series[float],
    *,
    min_repeats: int = 1,
) -> float:
    r"""Repeat-purchase rate (重复购买率) of a period's buyers.

    Parameters
    ----------
    purchases : array_like or pandas.Series
        Number of purchases per customer in the period (whole numbers
        >= 0). Customers with no purchase are not buyers and are ignored.
    min_repeats : int, keyword-only
        Repeat purchases needed to count as a repeat buyer (default 1:
        two purchases or more).

    Returns
    -------
    float
        Share of buyers with at least ``1 + min_repeats`` purchases.

    Raises
    ------
    ValueError
        If a count is negative or not whole, or no customer bought.

    Notes
    -----
    .. math::

        \mathrm{RPR} = \frac{\#\{i : x_i \ge 1 + m\}}{\#\{i : x_i \ge 1\}}.

    Examples
    --------
    >>> from custvalue.loyalty import repeat_purchase_rate
    >>> repeat_purchase_rate([0, 1, 2, 5, 1, 3])
    0.6
    """
    x = as_float_array(purchases, "purchases", ndim=1)
    check_interval(x, "purchases", ">= 0")
    check_integral(x, "purchases")
    m = as_count(min_repeats, "min_repeats", minimum=1)
    buyers = int(np.count_nonzero(x >= 1))
    if buyers == 0:
        raise ValueError("purchases must include at least one buyer (a count >= 1); got none")
    return float(np.count_nonzero(x >= 1 + m) / buyers)


# ---------------------------------------------------------------------------
# satisfaction-loyalty curve
# ---------------------------------------------------------------------------


@attrs.frozen
class SatisfactionLoyaltyCurve(ResultMixin):
    """Repurchase probability by satisfaction level, raw and fitted.

    Attributes
    ----------
    levels : numpy.ndarray
        Satisfaction levels reported.
    n : numpy.ndarray
        Customers per level.
    observed : numpy.ndarray
        Raw repurchase rate per level (NaN where ``n`` is 0: no customer
        gave that level).
    observed_low, observed_high : numpy.ndarray
        Wilson score intervals of the raw rates (NaN where ``n`` is 0).
    fitted : numpy.ndarray
        Logistic-regression probability per level.
    fitted_low, fitted_high : numpy.ndarray
        Intervals of the fitted probabilities (delta method on the logit).
    ratio : numpy.ndarray
        Fitted ``P(level_j) / P(level_{j-1})`` for j = 1, 2, ... (one
        shorter than ``levels``).
    ratio_low, ratio_high : numpy.ndarray
        Intervals of ``ratio`` (delta method on the log ratio).
    observed_ratio : numpy.ndarray
        The same ratio from the raw rates (NaN where undefined).
    intercept, slope : float
        Logit coefficients: ``logit P = intercept + slope * level``.
    intercept_se, slope_se : float
        Their standard errors.
    covariance : numpy.ndarray
        2 x 2 covariance matrix of (intercept, slope).
    odds_ratio : float
        ``exp(slope)``: odds multiplier per level.
    confidence : float
        Level of every interval.
    n_obs : int
        Customers used in the fit.
    """

    levels: Any
    n: Any
    observed: Any
    observed_low: Any
    observed_high: Any
    fitted: Any
    fitted_low: Any
    fitted_high: Any
    ratio: Any
    ratio_low: Any
    ratio_high: Any
    observed_ratio: Any
    intercept: float
    slope: float
    intercept_se: float
    slope_se: float
    covariance: Any
    odds_ratio: float
    confidence: float
    n_obs: int

    def predict(self, satisfaction: float | npt.ArrayLike) -> Any:
        """Fitted repurchase probability at any satisfaction value(s)."""
        s = as_float_array(satisfaction, "satisfaction")
        return like_input(special.expit(self.intercept + self.slope * s), satisfaction)

    def likelihood_ratio(self, high: float, low: float) -> float:
        """Fitted ``P(high) / P(low)``, e.g. ``likelihood_ratio(5, 4)``."""
        h = as_scalar(high, "high")
        lo = as_scalar(low, "low")
        eta = self.intercept + self.slope * np.array([h, lo])
        log_p = -np.logaddexp(0.0, -eta)  # log P, exact where P underflows to 0
        with np.errstate(over="ignore"):  # a ratio beyond float64 is inf
            return float(np.exp(log_p[0] - log_p[1]))

    def to_frame(self) -> pd.DataFrame:
        """One row per level: level, n, observed (+ interval), fitted (+ interval), ratio."""
        import pandas as pd

        ratio = np.r_[np.nan, self.ratio]
        frame: pd.DataFrame = pd.DataFrame(
            {
                "level": self.levels,
                "n": self.n,
                "observed": self.observed,
                "observed_low": self.observed_low,
                "observed_high": self.observed_high,
                "fitted": self.fitted,
                "fitted_low": self.fitted_low,
                "fitted_high": self.fitted_high,
                "ratio_to_previous": ratio,
            }
        )
        return frame


def _wilson(k: FloatArray, n: FloatArray, z: float) -> tuple[FloatArray, FloatArray, FloatArray]:
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1.0 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    # The Wilson interval always contains p; min/max keep that true under
    # rounding (at k = 0 the lower bound can come out as 4e-19 > 0).
    low = np.minimum(np.clip(centre - half, 0.0, 1.0), p)
    high = np.maximum(np.clip(centre + half, 0.0, 1.0), p)
    return p, low, high


def satisfaction_loyalty_curve(
    satisfaction: npt.ArrayLike | pd.Series[float],
    repurchase: npt.ArrayLike | pd.Series[float],
    *,
    levels: npt.ArrayLike | None = None,
    confidence: float = 0.95,
) -> SatisfactionLoyaltyCurve:
    r"""Probability of repurchase by satisfaction level (满意与忠诚的关系).

    Parameters
    ----------
    satisfaction : array_like or pandas.Series
        Satisfaction rating per customer (e.g. 1..5).
    repurchase : array_like or pandas.Series
        Whether the customer bought again (or recommended): 0/1 or bool.
    levels : array_like, optional, keyword-only
        Levels to report (default: the distinct ratings observed). Every
        rating must be one of them; levels nobody chose get fitted values
        and NaN raw rates.
    confidence : float, keyword-only
        Level of all intervals; default 0.95.

    Returns
    -------
    SatisfactionLoyaltyCurve
        Per level: ``n``, raw ``observed`` rate with Wilson interval,
        ``fitted`` probability with interval, the ``ratio`` between
        adjacent levels (with interval), plus the logit coefficients.

    Raises
    ------
    ValueError
        If lengths differ, ``repurchase`` is not 0/1, a rating is not among
        ``levels``, fewer than two distinct ratings are observed, or every
        outcome is the same.

    Warns
    -----
    ConvergenceWarning
        If the maximum-likelihood fit does not converge (for example under
        perfect separation).

    See Also
    --------
    custvalue.plotting.satisfaction_loyalty_curve : draw the curve.

    Notes
    -----
    The logistic regression, fitted by maximum likelihood with statsmodels,

    .. math::

        \Pr(\text{repurchase} \mid s) = \frac{1}{1 + e^{-(\beta_0 + \beta_1 s)}},

    gives fitted probabilities with delta-method intervals on the logit
    scale, and ratios :math:`P(s_j) / P(s_{j-1})` with intervals from the
    gradient :math:`\partial \log P(s)/\partial\beta = (1 - P(s))(1, s)`.
    In a highly competitive market the curve is flat at low satisfaction
    and rises steeply at the top; in a market with little competition
    (monopoly, switching costs, reward programmes) loyalty is high at every
    level [1]_. Jones & Sasser report for Xerox that customers rating 5 of
    5 were six times as likely to buy again as those rating 4 [1]_: read
    it here as ``ratio[-1]`` or ``likelihood_ratio(5, 4)``.

    References
    ----------
    .. [1] Jones, T. O., & Sasser, W. E., Jr. (1995). Why satisfied
       customers defect. *Harvard Business Review*, 73(6), 88-99.
    .. [2] Wilson, E. B. (1927). Probable inference, the law of
       succession, and statistical inference. *Journal of the American
       Statistical Association*, 22(158), 209-212.

    Examples
    --------
    >>> from custvalue.datasets import simulate_satisfaction_loyalty
    >>> from custvalue.loyalty import satisfaction_loyalty_curve
    >>> data = simulate_satisfaction_loyalty(4000, market="high_competition", rng=1)
    >>> curve = satisfaction_loyalty_curve(data.satisfaction, data.repurchase)
    >>> curve.levels.tolist()
    [1.0, 2.0, 3.0, 4.0, 5.0]
    >>> round(curve.likelihood_ratio(5, 4), 1)
    5.4
    """
    level = check_level(confidence, "confidence")
    s = as_float_array(satisfaction, "satisfaction", ndim=1)
    y = as_float_array(repurchase, "repurchase", ndim=1, allow_bool=True)
    check_same_length(satisfaction=s, repurchase=y)
    _check_binary(y, "repurchase")
    if levels is None:
        lv = np.unique(s)
    else:
        lv = np.unique(as_float_array(levels, "levels", ndim=1))
        unknown = ~np.isin(s, lv)
        if np.any(unknown):
            pos = int(np.argmax(unknown))
            raise ValueError(
                f"satisfaction must be one of levels {lv.tolist()}; got {s[pos]:g} at index {pos}"
            )
    if np.unique(s).size < 2:
        raise ValueError("satisfaction must take at least two distinct values to fit a curve")
    if y.min() == y.max():
        raise ValueError(
            f"repurchase must contain both outcomes to fit a curve; every value is {y[0]:g}"
        )
    from statsmodels.discrete.discrete_model import Logit

    design = np.column_stack([np.ones_like(s), s])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = Logit(y, design).fit(disp=0, method="newton", maxiter=100)
    converged = bool(fit.mle_retvals.get("converged", True))
    problems = list(  # each distinct message once (statsmodels repeats them per iteration)
        dict.fromkeys(
            str(w.message)
            for w in caught
            if issubclass(w.category, RuntimeWarning)
            or any(k in w.category.__name__ for k in ("Convergence", "Separation", "Hessian"))
        )
    )
    if not converged or problems:
        detail = "; ".join(problems) if problems else "the Newton iterations did not converge"
        warnings.warn(
            f"the logistic fit is unreliable ({detail}); raw rates are still valid",
            ConvergenceWarning,
            stacklevel=2,
        )
    beta = np.asarray(fit.params, dtype=float)
    cov = np.asarray(fit.cov_params(), dtype=float)
    z = two_sided_z(level)
    grid = np.column_stack([np.ones_like(lv), lv])
    eta = grid @ beta
    with np.errstate(invalid="ignore"):  # only a non-converged fit (warned) can go negative
        eta_se = np.sqrt(np.einsum("ij,jk,ik->i", grid, cov, grid))
    fitted = special.expit(eta)
    counts = np.array([np.count_nonzero(s == v) for v in lv], dtype=float)
    hits = np.array([y[s == v].sum() for v in lv], dtype=float)
    observed, obs_low, obs_high = _wilson(hits, counts, z)
    # log ratio of adjacent fitted probabilities and its delta-method SE
    grad = (1.0 - fitted)[:, None] * grid
    g = grad[1:] - grad[:-1]
    # a fit that did not converge (warned above) may give 0/1 probabilities
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        log_ratio = np.log(fitted[1:]) - np.log(fitted[:-1])
        lr_se = np.sqrt(np.einsum("ij,jk,ik->i", g, cov, g))
        ratio = np.exp(log_ratio)
        ratio_low = np.exp(log_ratio - z * lr_se)
        ratio_high = np.exp(log_ratio + z * lr_se)
    with np.errstate(invalid="ignore", divide="ignore"):
        obs_ratio = observed[1:] / observed[:-1]
    obs_ratio = np.where(np.isfinite(obs_ratio), obs_ratio, np.nan)
    return SatisfactionLoyaltyCurve(
        levels=frozen_array(lv),
        n=frozen_array(counts.astype(np.int64)),
        observed=frozen_array(observed),
        observed_low=frozen_array(obs_low),
        observed_high=frozen_array(obs_high),
        fitted=frozen_array(fitted),
        fitted_low=frozen_array(special.expit(eta - z * eta_se)),
        fitted_high=frozen_array(special.expit(eta + z * eta_se)),
        ratio=frozen_array(ratio),
        ratio_low=frozen_array(ratio_low),
        ratio_high=frozen_array(ratio_high),
        observed_ratio=frozen_array(obs_ratio),
        intercept=float(beta[0]),
        slope=float(beta[1]),
        intercept_se=float(np.sqrt(cov[0, 0])),
        slope_se=float(np.sqrt(cov[1, 1])),
        covariance=frozen_array(cov),
        odds_ratio=float(np.exp(beta[1])),
        confidence=level,
        n_obs=int(s.size),
    )


# ---------------------------------------------------------------------------
# profit of a loyal customer (Reichheld)
# ---------------------------------------------------------------------------

_PROFIT_PARTS = ("base_profit", "increased_purchases", "cost_savings", "referrals", "price_premium")


@attrs.frozen
class LoyalCustomerProfit(ResultMixin):
    """Year-by-year profit of a loyal customer (Reichheld's decomposition).

    Attributes
    ----------
    years : numpy.ndarray
        1, 2, ..., T.
    base_profit, increased_purchases, cost_savings, referrals, price_premium : numpy.ndarray
        The components per year.
    cash_flows : numpy.ndarray
        Total profit per year (the sum of the components), the ``profit``
        argument of :func:`custvalue.clv.lifetime_value`.
    acquisition_cost : float
        Cost of acquiring the customer, spent in year 0.
    """

    years: Any
    base_profit: Any
    increased_purchases: Any
    cost_savings: Any
    referrals: Any
    price_premium: Any
    cash_flows: Any
    acquisition_cost: float

    def cumulative(self) -> Any:
        """Cumulative profit at the end of years 0..T, starting at -acquisition_cost."""
        return frozen_array(np.cumsum(np.r_[-self.acquisition_cost, self.cash_flows]))

    def payback_year(self) -> int | None:
        """First year whose cumulative profit is >= 0 (None if never)."""
        cum = self.cumulative()
        hit = np.flatnonzero(cum >= 0)
        return int(hit[0]) if hit.size else None

    def to_frame(self) -> pd.DataFrame:
        """Year 0 (acquisition) and years 1..T: one column per component, total, cumulative."""
        import pandas as pd

        data: dict[str, Any] = {"year": np.r_[0, self.years]}
        for part in _PROFIT_PARTS:
            data[part] = np.r_[0.0, getattr(self, part)]
        data["acquisition_cost"] = np.r_[-self.acquisition_cost, np.zeros(self.years.size)]
        data["total"] = np.r_[-self.acquisition_cost, self.cash_flows]
        data["cumulative"] = self.cumulative()
        frame: pd.DataFrame = pd.DataFrame(data)
        return frame


def _per_year(value: object, name: str, years: int) -> FloatArray:
    arr = as_float_array(value, name, ndim=(0, 1))
    if arr.ndim == 1 and arr.size != years:
        raise ValueError(
            f"{name} must be a scalar or have one value per year ({years}); got {arr.size}"
        )
    return np.broadcast_to(arr, (years,)).astype(float)


def loyal_customer_profit(
    *,
    years: int,
    base_profit: float | npt.ArrayLike,
    purchase_growth: float = 0.0,
    cost_savings: float | npt.ArrayLike = 0.0,
    referrals: float | npt.ArrayLike = 0.0,
    price_premium: float | npt.ArrayLike = 0.0,
    acquisition_cost: float = 0.0,
) -> LoyalCustomerProfit:
    r"""Profit of a loyal customer year by year (忠诚客户的利润构成, Reichheld).

    Parameters
    ----------
    years : int, keyword-only
        Number of years T (>= 1).
    base_profit : float or array_like, keyword-only
        Base profit per year (one value, or one per year).
    purchase_growth : float, keyword-only
        Annual growth rate of the customer's purchases (> -1); the profit
        from increased purchases in year t is
        ``base_profit * ((1 + g) ** (t - 1) - 1)``. Default 0.
    cost_savings : float or array_like, keyword-only
        Operating-cost savings per year (one value or one per year).
    referrals : float or array_like, keyword-only
        Profit from customers referred, per year.
    price_premium : float or array_like, keyword-only
        Profit from the higher price a loyal customer pays, per year.
    acquisition_cost : float, keyword-only
        Acquisition cost spent in year 0 (>= 0).

    Returns
    -------
    LoyalCustomerProfit
        The components per year, ``cash_flows`` (their sum) and
        ``acquisition_cost``; :meth:`~LoyalCustomerProfit.to_frame` lays
        out the table with year 0.

    Raises
    ------
    ValueError
        If ``years`` < 1, an array does not have one value per year,
        ``purchase_growth`` <= -1, ``acquisition_cost`` < 0, or a yearly
        profit overflows the float64 range.

    See Also
    --------
    custvalue.clv.lifetime_value : discounts ``cash_flows``.

    Notes
    -----
    Reichheld's decomposition [1]_ [2]_ of the profit from a customer
    in year :math:`t = 1, \dots, T`:

    .. math::

        \pi_t = b_t + b_t\left[(1+g)^{t-1} - 1\right] + s_t + r_t + q_t,
        \qquad \pi_0 = -A,

    base profit :math:`b_t`, increased purchases at growth rate :math:`g`,
    reduced operating cost :math:`s_t`, referrals :math:`r_t` and price
    premium :math:`q_t`, after the acquisition cost :math:`A` in year 0.
    Components that grow with tenure are given as arrays.

    References
    ----------
    .. [1] Reichheld, F. F., & Sasser, W. E., Jr. (1990). Zero defections:
       quality comes to services. *Harvard Business Review*, 68(5), 105-111.
    .. [2] Reichheld, F. F. (1996). *The Loyalty Effect*. Boston: Harvard
       Business School Press.

    Examples
    --------
    >>> from custvalue.loyalty import loyal_customer_profit
    >>> res = loyal_customer_profit(years=3, base_profit=100.0, purchase_growth=0.1,
    ...                             cost_savings=[0.0, 10.0, 20.0], acquisition_cost=150.0)
    >>> res.cash_flows.tolist()
    [100.0, 120.0, 141.0]
    >>> res.payback_year()
    2
    """
    t = as_count(years, "years", minimum=1)
    g = as_scalar(purchase_growth, "purchase_growth", "> -1")
    acq = as_scalar(acquisition_cost, "acquisition_cost", ">= 0")
    base = _per_year(base_profit, "base_profit", t)
    savings = _per_year(cost_savings, "cost_savings", t)
    refs = _per_year(referrals, "referrals", t)
    premium = _per_year(price_premium, "price_premium", t)
    yrs = np.arange(1, t + 1)
    with np.errstate(over="ignore", invalid="ignore"):
        increased = base * ((1.0 + g) ** (yrs - 1) - 1.0)
        total = base + increased + savings + refs + premium
    if not np.isfinite(total).all():
        year = int(np.argmin(np.isfinite(total))) + 1
        raise ValueError(
            f"the yearly profit overflows the float64 range in year {year}; rescale the "
            f"amounts or shorten the horizon (purchase_growth {g!r}, {t} years)"
        )
    return LoyalCustomerProfit(
        years=frozen_array(yrs, np.int64),
        base_profit=frozen_array(base),
        increased_purchases=frozen_array(increased),
        cost_savings=frozen_array(savings),
        referrals=frozen_array(refs),
        price_premium=frozen_array(premium),
        cash_flows=frozen_array(total),
        acquisition_cost=acq,
    )


# ---------------------------------------------------------------------------
# customer life cycle
# ---------------------------------------------------------------------------

_STAGE_INFO: dict[str, tuple[str, str]] = {
    "potential": ("潜在期", "no activity yet: a prospect"),
    "development": ("开发期", "first activity within the last window: a new customer"),
    "growth": ("成长期", "activity in the last window above the window before"),
    "maturity": ("成熟期", "activity stable between the last two windows"),
    "decline": ("衰退期", "activity in the last window below the window before"),
    "termination": ("终止期", "no activity in the last window after earlier activity"),
    "recovery": ("恢复期", "active again in the last window after a lapse of a full window"),
}


class LifecycleStage(Enum):
    """The seven stages of the customer life cycle (客户生命周期).

    Members have ``chinese`` and ``rule`` (how :func:`lifecycle_stage`
    recognises the stage).

    =========== ====== =========================================================
    member      中文   recognised by
    =========== ====== =========================================================
    POTENTIAL   潜在期 no activity yet
    DEVELOPMENT 开发期 first activity within the last window
    GROWTH      成长期 last window above the previous one by more than the band
    MATURITY    成熟期 last two windows within the band of each other
    DECLINE     衰退期 last window below the previous one by more than the band
    TERMINATION 终止期 no activity in the last window after earlier activity
    RECOVERY    恢复期 active again after a lapse of at least a window
    =========== ====== =========================================================

    Examples
    --------
    >>> from custvalue.loyalty import LifecycleStage
    >>> [s.chinese for s in LifecycleStage][:3]
    ['潜在期', '开发期', '成长期']
    """

    POTENTIAL = "potential"
    DEVELOPMENT = "development"
    GROWTH = "growth"
    MATURITY = "maturity"
    DECLINE = "decline"
    TERMINATION = "termination"
    RECOVERY = "recovery"

    @property
    def chinese(self) -> str:
        """Textbook name in Chinese."""
        return _STAGE_INFO[self.value][0]

    @property
    def rule(self) -> str:
        """How :func:`lifecycle_stage` recognises the stage."""
        return _STAGE_INFO[self.value][1]


def _stage_of(x: FloatArray, w: int, band: float) -> LifecycleStage:
    active = x > 0
    if not active.any():
        return LifecycleStage.POTENTIAL
    periods = x.size
    recent = x[periods - w :]
    if not (recent > 0).any():
        return LifecycleStage.TERMINATION
    first = int(np.argmax(active))
    if first >= periods - w:
        return LifecycleStage.DEVELOPMENT
    # a lapse: w consecutive inactive periods after the first activity,
    # ending at the reactivation inside the last window
    start_recent = periods - w
    reactivation = start_recent + int(np.argmax(recent > 0))
    gap = x[max(first, reactivation - w) : reactivation]
    if reactivation - first > w and gap.size == w and not (gap > 0).any():
        return LifecycleStage.RECOVERY
    previous = x[max(first, periods - 2 * w) : start_recent]
    scale = float(x.max())  # the rules compare ratios; scaling keeps the means finite
    now, before = float((recent / scale).mean()), float((previous / scale).mean())
    if now > (1.0 + band) * before:
        return LifecycleStage.GROWTH
    if now < (1.0 - band) * before:
        return LifecycleStage.DECLINE
    return LifecycleStage.MATURITY


def lifecycle_stage(
    activity: npt.ArrayLike | pd.Series[float] | pd.DataFrame,
    *,
    window: int = 3,
    band: float = 0.1,
) -> Any:
    r"""Customer life-cycle stage (客户生命周期阶段) from the activity trend.

    Parameters
    ----------
    activity : array_like, pandas.Series or pandas.DataFrame
        Activity per period (purchases, spend, visits; >= 0), oldest first:
        1-D for one customer, 2-D (customers x periods) for several.
    window : int, keyword-only
        Periods in the "recent" window (>= 1); the panel needs at least
        ``2 * window`` periods. Default 3.
    band : float, keyword-only
        Relative change between the last two windows still read as stable,
        in [0, 1); default 0.1 (10%).

    Returns
    -------
    LifecycleStage, numpy.ndarray or pandas.Series
        One stage for 1-D input; an object array per customer for 2-D
        input (a Series with the DataFrame's index).

    Raises
    ------
    ValueError
        If activity is negative or NaN, the panel has fewer than
        ``2 * window`` periods, or ``window`` / ``band`` are out of range.

    See Also
    --------
    LifecycleStage : the stages with their Chinese names.

    Notes
    -----
    With :math:`T` periods, window :math:`w`, first active period
    :math:`f`, mean activity :math:`\bar x_1` over the last :math:`w`
    periods and :math:`\bar x_0` over the :math:`w` periods before (from
    :math:`f` on), the rules apply in order:

    1. never active: ``POTENTIAL``;
    2. no activity in the last window: ``TERMINATION``;
    3. :math:`f \ge T - w` (first activity in the last window):
       ``DEVELOPMENT``;
    4. the first activity of the last window follows :math:`w` inactive
       periods after :math:`f`: ``RECOVERY``;
    5. :math:`\bar x_1 > (1 + \text{band})\,\bar x_0`: ``GROWTH``;
    6. :math:`\bar x_1 < (1 - \text{band})\,\bar x_0`: ``DECLINE``;
    7. otherwise ``MATURITY``.

    The seven stages are those of the course material; the idea of
    relationship stages goes back to Dwyer, Schurr & Oh [1]_.

    References
    ----------
    .. [1] Dwyer, F. R., Schurr, P. H., & Oh, S. (1987). Developing
       buyer-seller relationships. *Journal of Marketing*, 51(2), 11-27.

    Examples
    --------
    >>> from custvalue.loyalty import lifecycle_stage
    >>> stages = lifecycle_stage([[0, 0, 0, 0, 0, 0],
    ...                           [0, 0, 0, 0, 1, 2],
    ...                           [1, 1, 2, 3, 4, 5],
    ...                           [2, 2, 2, 2, 2, 2],
    ...                           [5, 4, 4, 2, 1, 1],
    ...                           [3, 2, 1, 0, 0, 0],
    ...                           [2, 0, 0, 0, 1, 1]])
    >>> [s.value for s in stages]
    ['potential', 'development', 'growth', 'maturity', 'decline', 'termination', 'recovery']
    """
    w = as_count(window, "window", minimum=1)
    b = as_scalar(band, "band", "[0, 1)")
    x = as_float_array(activity, "activity", ndim=(1, 2))
    check_interval(x, "activity", ">= 0")
    periods = x.shape[-1]
    if periods < 2 * w:
        raise ValueError(
            f"activity must cover at least 2 * window = {2 * w} periods; got {periods}"
        )
    if x.ndim == 1:
        return _stage_of(x, w, b)
    out = np.empty(x.shape[0], dtype=object)
    for i, row in enumerate(x):
        out[i] = _stage_of(row, w, b)
    return like_input(out, activity, name="stage")
