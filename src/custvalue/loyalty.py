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
from typing import TYPE_CHECKING, Any, Literal, TypeGuard, overload

import attrs
import numpy as np
import numpy.typing as npt

from custvalue._results import (
    ConfidenceInterval,
    FrozenDict,
    ResultMixin,
    frozen_array,
    two_sided_z,
)
from custvalue._validate import (
    FloatArray,
    align_by_label,
    as_count,
    as_float_array,
    as_rng,
    as_scalar,
    broadcast,
    check_integral,
    check_interval,
    check_level,
    check_missing,
    check_option,
    check_same_length,
    check_scale,
    first_position,
    is_dataframe,
    is_series,
    labelled_errors,
    like_input,
    missing_hint,
)
from custvalue.exceptions import ConvergenceWarning, DegenerateDataWarning

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "LifecycleStage",
    "LoyalCustomerProfit",
    "LoyaltySegments",
    "LoyaltyType",
    "NPSDifference",
    "NPSResult",
    "NetSatisfaction",
    "PairwiseDifferences",
    "RelationshipBond",
    "RetentionCurve",
    "SatisfactionLoyaltyCurve",
    "SegmentResults",
    "churn_rate",
    "classify_loyalty",
    "holm",
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
NetMethod = Literal["wald", "adjusted_wald", "bootstrap"]
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
# intervals of net scores (NPS, NSS)
# ---------------------------------------------------------------------------

#: Pseudo-counts of the adjusted Wald interval (Rocks 2016): 3/4 of a
#: promoter, 3/4 of a detractor and 3/2 of a passive, 3 responses in all.
_ADJ_EXTREME = 0.75
_ADJ_TOTAL = 3.0
_N_BOOT = 2000


def _two_share_se(p: Any, d: Any, n: Any) -> Any:
    """Standard error (in points) of 100 * (p - d) for multinomial shares."""
    var = np.maximum(p + d - (p - d) ** 2, 0.0)
    return 100.0 * np.sqrt(var / n)


def _clip_interval(low: Any, high: Any, level: float, bound: float = 100.0) -> ConfidenceInterval:
    lo = np.clip(np.asarray(low, dtype=float), -bound, bound)
    hi = np.clip(np.asarray(high, dtype=float), -bound, bound)
    if lo.ndim == 0:
        return ConfidenceInterval(float(lo), float(hi), level)
    return ConfidenceInterval(frozen_array(lo), frozen_array(hi), level)


def _adjusted(top: Any, bottom: Any, n: Any) -> tuple[Any, Any, Any]:
    """Adjusted-Wald shares and n: 3/4 added to each end, 3 to the total."""
    n_adj = np.asarray(n, dtype=float) + _ADJ_TOTAL
    t = (np.asarray(top, dtype=float) * n + _ADJ_EXTREME) / n_adj
    b = (np.asarray(bottom, dtype=float) * n + _ADJ_EXTREME) / n_adj
    return t, b, n_adj


def _net_interval(
    top: Any,
    bottom: Any,
    n: Any,
    method: str,
    level: float,
    replicates: Any,
    bound: float = 100.0,
) -> ConfidenceInterval:
    """Interval of 100 * (top - bottom) from shares ``top``, ``bottom`` and (effective) ``n``.

    A bootstrap interval is cut at +-``bound`` (200 for a difference of scores).
    """
    if method == "bootstrap":
        alpha = 1.0 - level
        reps = np.asarray(replicates, dtype=float)
        low, high = np.quantile(reps, [alpha / 2.0, 1.0 - alpha / 2.0], axis=-1)
        return _clip_interval(low, high, level, bound)
    if method == "adjusted_wald":
        top, bottom, n = _adjusted(top, bottom, n)
    centre = 100.0 * (np.asarray(top, dtype=float) - np.asarray(bottom, dtype=float))
    half = two_sided_z(level) * _two_share_se(top, bottom, n)
    return _clip_interval(centre - half, centre + half, level)


def _bootstrap_counts(
    bottom: Any, middle: Any, top: Any, rng: np.random.Generator, n_boot: int
) -> Any:
    """Bootstrap net scores by resampling respondents: multinomial draws of the counts.

    Resampling n respondents with replacement from observed counts
    (bottom, middle, top) is a multinomial draw with the observed shares, so
    the replicates come from counts alone. Arrays give one row per entry.
    """
    b = np.atleast_1d(np.asarray(bottom, dtype=np.int64))
    m = np.atleast_1d(np.asarray(middle, dtype=np.int64))
    t = np.atleast_1d(np.asarray(top, dtype=np.int64))
    n = b + m + t
    out = np.empty((b.size, n_boot))
    for j in range(b.size):
        pvals = np.array([b[j], m[j], t[j]], dtype=float) / n[j]
        draws = rng.multinomial(int(n[j]), pvals, size=n_boot)
        out[j] = 100.0 * (draws[:, 2] - draws[:, 0]) / n[j]
    return out if np.ndim(bottom) else out[0]


def _bootstrap_weighted(
    groups: Any, w: FloatArray, rng: np.random.Generator, n_boot: int
) -> FloatArray:
    """Bootstrap weighted NPS: respondents resampled with their weights."""
    n = groups.size
    pro = np.where(groups == 2, w, 0.0)
    det = np.where(groups == 0, w, 0.0)
    out = np.empty(n_boot)
    chunk = max(1, min(n_boot, 4_000_000 // max(n, 1)))
    start = 0
    while start < n_boot:
        size = min(chunk, n_boot - start)
        times = rng.multinomial(n, np.full(n, 1.0 / n), size=size).astype(float)
        total = times @ w
        out[start : start + size] = 100.0 * (times @ pro - times @ det) / total
        start += size
    return out


def _check_method(method: object) -> NetMethod:
    return check_option(method, "method", ("wald", "adjusted_wald", "bootstrap"))


def _check_n_boot(n_boot: object) -> int:
    return as_count(n_boot, "n_boot", minimum=100)


# ---------------------------------------------------------------------------
# Net Promoter Score
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
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
        Standard error of ``score`` in points (Wald, from the raw shares).
    level : float
        Confidence level of ``low`` and ``high``.
    low, high : float
        Interval at ``level`` by ``method``, within [-100, 100].
    method : str
        ``"wald"``, ``"adjusted_wald"`` or ``"bootstrap"`` (see :func:`nps`).
    weighted : bool
        Whether survey weights were used.
    replicates : numpy.ndarray or None
        Bootstrap replicates of the score (``method="bootstrap"`` only).
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
    level: float
    low: float
    high: float
    method: str = "wald"
    weighted: bool = False
    replicates: Any = attrs.field(default=None, repr=False)

    def confidence_interval(self, *, level: float = 0.95) -> ConfidenceInterval:
        """Interval of the NPS at ``level`` by the result's ``method``, within [-100, 100]."""
        lev = check_level(level)
        return _net_interval(
            self.promoter_share,
            self.detractor_share,
            self.effective_n,
            self.method,
            lev,
            self.replicates,
        )

    def summary(self) -> str:
        """A short text report."""
        pct = round(self.level * 100, 6)
        return (
            f"NPS {self.score:.1f} (SE {self.std_error:.2f}; {pct:g}% CI "
            f"{self.low:.1f} to {self.high:.1f}, {self.method}), n = {self.n}: "
            f"promoters {self.promoter_share:.1%}, passives {self.passive_share:.1%}, "
            f"detractors {self.detractor_share:.1%}"
        )

    def to_frame(self) -> pd.DataFrame:
        """One-row table with every field except the replicates as a column."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame([self._row()])
        return frame

    def _row(self) -> dict[str, Any]:
        """The scalar fields as one table row (the replicates left out)."""
        return {f.name: getattr(self, f.name) for f in _NPS_FIELDS if f.name != "replicates"}


_NPS_FIELDS = attrs.fields(NPSResult)


def _score_codes(scores: object, omit: bool) -> Any:
    """Validated 0..10 scores as integer codes (-1 for NaN when omitted).

    Integer input is checked and counted as it is (no float copy), which
    keeps ten million scores well under a second.
    """
    raw = scores.to_numpy() if is_series(scores) else scores
    with labelled_errors(scores):
        if _integer_scores(raw):
            if raw.min() < 0 or raw.max() > 10:
                check_interval(raw, "scores", "[0, 10]")
            return raw
        arr = as_float_array(scores, "scores", ndim=1, allow_nan=True, allow_empty=omit)
        nan: Any = np.isnan(arr)
        if not omit:
            _refuse_nan(nan, arr, "scores")
            nan = None
        clean = arr if nan is None else np.where(nan, 0.0, arr)
        check_interval(clean, "scores", "[0, 10]")
        check_integral(clean, "scores")
    codes = clean.astype(np.intp)
    if nan is not None:
        codes[nan] = -1
    return codes


def _integer_scores(raw: object) -> TypeGuard[npt.NDArray[np.integer[Any]]]:
    return isinstance(raw, np.ndarray) and raw.dtype.kind in "iu" and raw.ndim == 1 and raw.size > 0


def _whole_float_codes(raw: object) -> Any:
    """Integer codes of a float64 vector of whole numbers 0..10, else None.

    A few vectorised passes (bounds, one conversion, its round trip) decide
    it; anything else (NaN, 7.5, 11) goes through the full checks, which
    name the offending value.
    """
    if not (isinstance(raw, np.ndarray) and raw.dtype == np.float64 and raw.ndim == 1):
        return None
    if raw.size == 0:
        return None
    lo, hi = raw.min(), raw.max()  # NaN propagates and fails the test below
    if not (lo >= 0.0 and hi <= 10.0):
        return None
    codes = raw.astype(np.intp)
    return codes if np.array_equal(codes, raw) else None


def _refuse_nan(nan: Any, arr: Any, name: str) -> None:
    """Refuse NaN under missing="raise", naming the option that accepts it."""
    if nan.any():
        _pos, at = first_position(nan)
        raise ValueError(
            f"{name} must not contain NaN; got nan{at}; {missing_hint(('raise', 'omit'))}"
        )


def _nps_counts(codes: Any, source: object = None) -> Any:
    """Detractors, passives and promoters of codes 0..10, refusing any other code.

    One ``bincount`` both counts and checks integer input: a negative code
    makes it fail and a code above 10 makes it longer than 11 bins; only
    then is the offending value looked for, to name it in the message.
    """
    try:
        per_score = np.bincount(codes, minlength=11)
    except (ValueError, TypeError):
        per_score = None
    if per_score is None or per_score.size > 11:
        with labelled_errors(source):
            check_interval(codes, "scores", "[0, 10]")
        # in range, but of a type bincount refuses (uint64)
        per_score = np.bincount(np.asarray(codes).astype(np.intp), minlength=11)
    return _nps_groups(per_score)


def _nps_groups(per_score: Any) -> Any:
    """Detractors (0-6), passives (7-8) and promoters (9-10) of the counts of scores 0..10."""
    return np.array([per_score[:7].sum(), per_score[7:9].sum(), per_score[9:].sum()])


def _nps_core(
    codes: Any,
    w: FloatArray | None,
    *,
    level: float,
    method: str,
    rng: np.random.Generator | None,
    n_boot: int,
    where: str = "",
    counts: Any = None,
) -> NPSResult:
    """The NPS of valid codes 0..10 (and weights), with its interval.

    Unweighted, the codes are used only through their ``counts`` of
    detractors, passives and promoters (the bootstrap too: it draws the
    three counts from a multinomial distribution), so ``codes`` may be
    ``None`` when ``counts`` is given.
    """
    n = int(codes.size) if codes is not None else int(counts.sum())
    if n == 0:
        raise ValueError(f"scores must contain at least one answer{where}; got none")
    if w is None:
        counts = _nps_counts(codes) if counts is None else counts
        shares = counts / n
        n_eff = float(n)
        score = 100.0 * float(counts[2] - counts[0]) / n  # exact for round shares
    else:
        total = float(w.sum())
        if total <= 0:
            raise ValueError(f"weights must not all be 0{where}; got a total weight of 0")
        groups = np.searchsorted(np.array([6.5, 8.5]), codes)
        counts = np.bincount(groups, minlength=3)
        shares = np.bincount(groups, weights=w, minlength=3) / total
        scaled = w / float(w.max())  # Kish's n_eff is scale-free; avoid over/underflow
        n_eff = float(scaled.sum()) ** 2 / float(np.dot(scaled, scaled))
        score = 100.0 * float(shares[2] - shares[0])
    d, pas, p = (float(s) for s in shares)
    se = float(_two_share_se(p, d, n_eff))
    if se == 0.0 and method == "wald":
        warnings.warn(
            f"all responses fall in one group (promoters, passives or detractors){where}: "
            "the Wald standard error is 0 and the interval collapses to the score; "
            "method='adjusted_wald' gives an interval of positive width",
            DegenerateDataWarning,
            stacklevel=3,
        )
    replicates = None
    if method == "bootstrap":
        assert rng is not None
        if w is None:
            replicates = _bootstrap_counts(counts[0], counts[1], counts[2], rng, n_boot)
        else:
            replicates = _bootstrap_weighted(groups, w, rng, n_boot)
    ci = _net_interval(p, d, n_eff, method, level, replicates)
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
        level=level,
        low=float(ci.low),
        high=float(ci.high),
        method=method,
        weighted=w is not None,
        replicates=None if replicates is None else frozen_array(replicates, copy=False),
    )


@overload
def nps(
    scores: npt.ArrayLike | pd.Series[float],
    *,
    by: None = None,
    level: float = 0.95,
    method: NetMethod = "wald",
    weights: npt.ArrayLike | pd.Series[float] | None = None,
    missing: MissingPolicy = "raise",
    rng: int | np.random.Generator | None = None,
    n_boot: int = _N_BOOT,
) -> NPSResult: ...


@overload
def nps(
    scores: npt.ArrayLike | pd.Series[float],
    *,
    by: npt.ArrayLike | pd.Series[Any],
    level: float = 0.95,
    method: NetMethod = "wald",
    weights: npt.ArrayLike | pd.Series[float] | None = None,
    missing: MissingPolicy = "raise",
    rng: int | np.random.Generator | None = None,
    n_boot: int = _N_BOOT,
) -> SegmentResults: ...


def nps(
    scores: npt.ArrayLike | pd.Series[float],
    *,
    by: npt.ArrayLike | pd.Series[Any] | None = None,
    level: float = 0.95,
    method: NetMethod = "wald",
    weights: npt.ArrayLike | pd.Series[float] | None = None,
    missing: MissingPolicy = "raise",
    rng: int | np.random.Generator | None = None,
    n_boot: int = _N_BOOT,
) -> NPSResult | SegmentResults:
    r"""Net Promoter Score (净推荐值, NPS) with standard error and interval.

    Parameters
    ----------
    scores : array_like or pandas.Series
        Answers to "how likely are you to recommend us?", whole numbers
        0..10, one per respondent.
    by : array_like or pandas.Series, optional, keyword-only
        Segment of each respondent (region, channel, wave): one score per
        segment is computed, with its interval, and
        :meth:`SegmentResults.pairwise` tests the differences. A Series is
        paired with a Series ``scores`` by label.
    level : float, keyword-only
        Confidence level of the interval, in (0, 1); default 0.95.
    method : {"wald", "adjusted_wald", "bootstrap"}, keyword-only
        The interval (see Notes). ``"wald"`` (default) is the textbook
        normal interval; ``"adjusted_wald"`` is the recommended one, with
        coverage close to ``level`` from 100 responses on; ``"bootstrap"``
        the percentile interval of ``n_boot`` resamples.
    weights : array_like or pandas.Series, optional, keyword-only
        Survey weights (>= 0, not all 0), one per response. Two Series are
        paired by label (never by position).
    missing : {"raise", "omit"}, keyword-only
        What to do with NaN answers: refuse them (default) or drop them
        (with their weights).
    rng : int or numpy.random.Generator, optional, keyword-only
        Seed or generator of the bootstrap (``method="bootstrap"`` only).
    n_boot : int, keyword-only
        Bootstrap resamples (>= 100); default 2000.

    Returns
    -------
    NPSResult or SegmentResults
        ``score``, ``n``, counts and shares of the three groups,
        ``std_error``, ``level``, ``low``, ``high``; another level with
        ``confidence_interval(level=...)``. With ``by``, a
        :class:`SegmentResults` of one :class:`NPSResult` per segment,
        whose ``to_frame()`` has columns ``score``, ``low``, ``high`` (and
        more) indexed by segment.

    Raises
    ------
    ValueError
        If a score is outside 0..10 or not a whole number, a score is NaN
        (with ``missing="raise"``), no response is left, a weight is
        negative or all weights are 0, the lengths or pandas labels differ,
        or an option is invalid.
    TypeError
        If the scores or weights are not numeric.

    Warns
    -----
    DegenerateDataWarning
        When every response is in one group under ``method="wald"``: the
        standard error is 0 and the interval collapses to the point.

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
    sample [2]_. The intervals, all clipped to [-100, 100]:

    - ``"wald"``: :math:`\mathrm{NPS} \pm z_{1-\alpha/2}\,\mathrm{SE}`.
      Too narrow for small samples or shares near 0 or 1 [2]_.
    - ``"adjusted_wald"``: the Wald interval after adding 3/4 of a promoter,
      3/4 of a detractor and 3/2 of a passive (3 responses) to the counts,
      :math:`\tilde p = (x_p + 3/4)/(n + 3)`, :math:`\tilde d = (x_d +
      3/4)/(n + 3)`, centred on :math:`100(\tilde p - \tilde d)` with
      :math:`n + 3` in the standard error [2]_. Its exact coverage at the
      95% level (enumerating every trinomial outcome) is 0.948-0.951 at
      n = 100 and 0.9498-0.9502 at n = 1,000 for promoter/detractor shares
      from (0.2, 0.5) to (0.7, 0.05), and 0.952-0.962 at n = 100 with
      extreme shares such as (0.9, 0.02), where the Wald interval covers
      only 0.93 (0.84 at n = 30).
    - ``"bootstrap"``: percentiles :math:`\alpha/2` and :math:`1-\alpha/2`
      of the scores of ``n_boot`` resamples of the respondents (multinomial
      draws of the three counts; with weights, respondents are resampled
      with their weights). Simulated coverage at 95%: 0.938-0.957 at
      n = 100 and 0.946-0.951 at n = 1,000 over the same shares (4,000
      surveys each, Monte Carlo error 0.0035).

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
    >>> scores = np.r_[np.full(60, 10), np.full(25, 8), np.full(15, 3)]
    >>> res = nps(scores)
    >>> res.score, round(res.std_error, 3)
    (45.0, 7.399)
    >>> res.low, res.high
    (30.4975..., 59.5024...)
    >>> round(res.confidence_interval(level=0.90).low, 2)
    32.83
    >>> adj = nps(scores, method="adjusted_wald")
    >>> round(adj.low, 2), round(adj.high, 2)
    (29.34, 58.04)

    By segment, with the pairwise difference (Holm-adjusted):

    >>> region = np.tile(["north", "south"], 50)
    >>> by_region = nps(scores, by=region)
    >>> by_region.to_frame()[["score", "low", "high"]].round(1)
             score   low  high
    segment
    north     46.0  25.9  66.1
    south     44.0  23.1  64.9
    >>> round(float(by_region.pairwise().p_adjusted[0]), 3)
    0.892
    """
    policy = check_missing(missing, ("raise", "omit"))
    lev = check_level(level)
    how = _check_method(method)
    boots = _check_n_boot(n_boot)
    gen = as_rng(rng) if how == "bootstrap" or rng is not None else None
    (scores, weights, by), _ = align_by_label(scores=scores, weights=weights, by=by)
    raw = scores.to_numpy() if is_series(scores) else scores
    if weights is None and by is None and _integer_scores(raw):
        # the common case, ten million answers: one bincount counts and checks
        counts = _nps_counts(raw, scores)
        return _nps_core(raw, None, level=lev, method=how, rng=gen, n_boot=boots, counts=counts)
    codes = _whole_float_codes(raw) if weights is None and by is None else None
    if codes is not None:  # float answers that are whole numbers 0..10: the same path
        return _nps_core(
            codes, None, level=lev, method=how, rng=gen, n_boot=boots, counts=_nps_counts(codes)
        )
    codes = _score_codes(scores, policy == "omit")
    w: FloatArray | None = None
    if weights is not None:
        with labelled_errors(weights):
            w = as_float_array(weights, "weights", ndim=1)
            check_same_length(scores=codes, weights=w)
            check_interval(w, "weights", ">= 0")
    seg_codes: Any = None
    segments: tuple[Any, ...] = ()
    if by is not None:
        segments, seg_codes, by_name = _segment_codes(by, codes.size, "scores")
    if policy == "omit":
        keep = codes >= 0
        if not keep.all():
            codes = codes[keep]
            w = None if w is None else w[keep]
            seg_codes = None if seg_codes is None else seg_codes[keep]
    if seg_codes is None:
        if codes.size == 0:
            raise ValueError("scores must contain at least one answer; got none after omitting NaN")
        return _nps_core(codes, w, level=lev, method=how, rng=gen, n_boot=boots)
    results = {}
    order = np.argsort(seg_codes, kind="stable")
    bounds = np.searchsorted(seg_codes[order], np.arange(len(segments) + 1))
    for k, seg in enumerate(segments):
        rows = order[bounds[k] : bounds[k + 1]]
        results[seg] = _nps_core(
            codes[rows],
            None if w is None else w[rows],
            level=lev,
            method=how,
            rng=gen,
            n_boot=boots,
            where=f" in segment {seg!r}",
        )
    return SegmentResults(segments=segments, results=results, by=by_name, level=lev)


def _segment_codes(by: object, n: int, data_name: str) -> tuple[tuple[Any, ...], Any, str]:
    """Segments (sorted), the segment code of each row and the grouping's name."""
    import pandas as pd

    values = by.to_numpy() if is_series(by) else np.asarray(by)
    name = str(by.name) if is_series(by) and by.name is not None else "segment"
    if values.ndim != 1:
        raise ValueError(f"by must be 1-D (one segment per row); got shape {values.shape}")
    if values.shape[0] != n:
        raise ValueError(f"{data_name}, by have inconsistent lengths: [{n}, {values.shape[0]}]")
    codes, uniques = pd.factorize(values, sort=True, use_na_sentinel=True)
    if (codes < 0).any():
        _pos, at = first_position(codes < 0)
        with labelled_errors(by):
            raise ValueError(f"by must not contain missing segments; got a missing value{at}")
    segs = tuple(u.item() if isinstance(u, np.generic) else u for u in np.asarray(uniques))
    return segs, codes.astype(np.intp), name


# ---------------------------------------------------------------------------
# results per segment
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class PairwiseDifferences(ResultMixin):
    """Differences between every pair of segments, Holm-adjusted.

    Attributes
    ----------
    first, second : tuple
        The segments of each pair (``first`` before ``second`` in segment
        order); the difference is ``first - second``.
    difference, std_error, statistic, p_value : numpy.ndarray
        The difference in points, its standard error, the z statistic and
        the unadjusted two-sided p value.
    p_adjusted : numpy.ndarray
        Holm's step-down adjusted p values (family-wise error rate).
    low, high : numpy.ndarray
        Unadjusted intervals of the differences at ``level``.
    level : float
        Level of the intervals.
    method : str
        The interval method of the segment scores.
    """

    first: tuple[Any, ...]
    second: tuple[Any, ...]
    difference: Any
    std_error: Any
    statistic: Any
    p_value: Any
    p_adjusted: Any
    low: Any
    high: Any
    level: float
    method: str

    def confidence_interval(self, *, level: float = 0.95) -> ConfidenceInterval:
        """Unadjusted normal intervals of the differences at ``level``."""
        lev = check_level(level)
        half = two_sided_z(lev) * np.asarray(self.std_error)
        return _clip_interval(
            np.asarray(self.difference) - half, np.asarray(self.difference) + half, lev, 200.0
        )

    def significant(self, *, alpha: float = 0.05) -> Any:
        """Whether each difference is significant at ``alpha`` after Holm's adjustment."""
        a = as_scalar(alpha, "alpha", "(0, 1)")
        return frozen_array(np.asarray(self.p_adjusted) <= a, copy=False)

    def to_frame(self) -> pd.DataFrame:
        """One row per pair: first, second, difference, std_error, statistic, p_value,
        p_adjusted, low, high."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            {
                "first": list(self.first),
                "second": list(self.second),
                "difference": self.difference,
                "std_error": self.std_error,
                "statistic": self.statistic,
                "p_value": self.p_value,
                "p_adjusted": self.p_adjusted,
                "low": self.low,
                "high": self.high,
            }
        )
        return frame

    def summary(self) -> str:
        """Text table of the pairwise differences."""
        lines = ["first - second: difference (SE), p, Holm p"]
        for k in range(len(self.first)):
            lines.append(
                f"{self.first[k]!s} - {self.second[k]!s}: {self.difference[k]:.1f} "
                f"({self.std_error[k]:.2f}), p = {self.p_value[k]:.4g}, "
                f"Holm p = {self.p_adjusted[k]:.4g}"
            )
        return "\n".join(lines)


def holm(p_values: npt.ArrayLike | pd.Series[float]) -> Any:
    r"""Holm's step-down adjustment of p values (family-wise error rate).

    Parameters
    ----------
    p_values : array_like
        Unadjusted p values in [0, 1].

    Returns
    -------
    numpy.ndarray or pandas.Series
        Adjusted p values, in the input order (a Series named
        ``p_adjusted`` for Series input).

    Notes
    -----
    With the :math:`m` p values sorted, :math:`p_{(1)} \le \dots \le
    p_{(m)}`, the adjusted values are :math:`\tilde p_{(i)} = \min(1,
    \max_{j \le i} (m - j + 1)\, p_{(j)})` [1]_.

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test
       procedure. *Scandinavian Journal of Statistics*, 6(2), 65-70.

    Examples
    --------
    >>> from custvalue.loyalty import holm
    >>> holm([0.01, 0.04, 0.03]).tolist()
    [0.03, 0.06, 0.06]
    """
    p = as_float_array(p_values, "p_values", ndim=1)
    check_interval(p, "p_values", "[0, 1]")
    m = p.size
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    adjusted: Any = like_input(out, p_values, name="p_adjusted")
    return adjusted


@attrs.frozen(eq=False, repr=False)
class SegmentResults(ResultMixin):
    """One result per segment (the ``by=`` option of the survey summaries).

    Attributes
    ----------
    segments : tuple
        Segment labels, sorted.
    results : FrozenDict
        The result of each segment (:class:`NPSResult`,
        :class:`NetSatisfaction`, :class:`~custvalue.satisfaction.LikertSummary`,
        :class:`~custvalue.satisfaction.KanoSummary` or
        :class:`~custvalue.satisfaction.SatisfactionIndex`).
    by : str
        Name of the grouping (the Series name or column, else
        ``"segment"``).
    level : float
        Level of the intervals in the segment results.
    """

    segments: tuple[Any, ...]
    results: Any
    by: str
    level: float

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.results, FrozenDict):
            object.__setattr__(self, "results", FrozenDict(self.results))
        super().__attrs_post_init__()

    def __getitem__(self, segment: Any) -> Any:
        return self.results[segment]

    def __len__(self) -> int:
        return len(self.segments)

    def to_frame(self) -> pd.DataFrame:
        """The segment results' tables stacked, indexed by segment.

        One row per segment for one score (NPS, one NSS item): columns
        ``score``, ``low``, ``high`` and the rest of the result's table;
        one row per segment and item (or attribute) otherwise, with a
        (segment, item) index.
        """
        import pandas as pd

        first = self.results[self.segments[0]]
        if hasattr(first, "_row"):  # one score per segment (NPS, index): one row each
            rows = [self.results[seg]._row() for seg in self.segments]
            index = pd.Index(list(self.segments), name=self.by)
            table: pd.DataFrame = pd.DataFrame(rows, index=index)
            return table
        parts = []
        for seg in self.segments:
            part = self.results[seg].to_frame()
            key = next((c for c in ("item", "attribute") if c in part.columns), None)
            part.insert(0, self.by, [seg] * len(part))
            parts.append(part)
        frame = pd.concat(parts, ignore_index=True)
        key = next((c for c in ("item", "attribute") if c in frame.columns), None)
        single = key is None or frame.groupby(self.by, sort=False).size().max() == 1
        if single:
            if key is not None:
                frame = frame.drop(columns=key)
            out: pd.DataFrame = frame.set_index(self.by)
        else:
            out = frame.set_index([self.by, str(key)])
        return out

    def confidence_interval(self, *, level: float = 0.95) -> ConfidenceInterval:
        """Each segment's interval at ``level``.

        The limits are Series indexed by segment for one score per segment;
        for several items they are 2-D arrays, one row per segment (in
        ``segments`` order) and one column per item.
        """
        import pandas as pd

        lev = check_level(level)
        cis = [self.results[s].confidence_interval(level=lev) for s in self.segments]
        index = pd.Index(list(self.segments), name=self.by)
        if all(np.ndim(c.low) == 0 for c in cis):
            low: Any = pd.Series([c.low for c in cis], index=index, name="low")
            high: Any = pd.Series([c.high for c in cis], index=index, name="high")
        else:
            low = np.array([np.atleast_1d(c.low) for c in cis])
            high = np.array([np.atleast_1d(c.high) for c in cis])
        return ConfidenceInterval(low, high, lev)

    def pairwise(self, *, level: float = 0.95) -> PairwiseDifferences:
        """Differences between every pair of segments with Holm-adjusted p values.

        For NPS (and one-item NSS) segments: the difference of the scores,
        its standard error from the independent samples,
        :math:`\\sqrt{SE_a^2 + SE_b^2}`, the z test and Holm's adjustment
        over all :math:`k(k-1)/2` pairs (:func:`holm`).
        """
        lev = check_level(level)
        first_result = self.results[self.segments[0]]
        if not hasattr(first_result, "std_error") or np.ndim(getattr(first_result, "score", 0)):
            raise TypeError(
                "pairwise differences need one score per segment (nps, net_satisfaction "
                f"of one item); got {type(first_result).__name__}"
            )
        if len(self.segments) < 2:
            raise ValueError("pairwise differences need at least two segments; got one")
        pairs = [(a, b) for i, a in enumerate(self.segments) for b in self.segments[i + 1 :]]
        score = np.array([float(self.results[s].score) for s in self.segments])
        se = np.array([float(self.results[s].std_error) for s in self.segments])
        pos = {s: k for k, s in enumerate(self.segments)}
        ia = np.array([pos[a] for a, _ in pairs])
        ib = np.array([pos[b] for _, b in pairs])
        diff = score[ia] - score[ib]
        pair_se = np.hypot(se[ia], se[ib])
        if np.any(pair_se == 0):
            k = int(np.argmax(pair_se == 0))
            raise ValueError(
                f"segments {pairs[k][0]!r} and {pairs[k][1]!r} both have a standard error "
                "of 0 (every response in one group); no test is possible"
            )
        z = diff / pair_se
        pval = np.array([_p_value(float(v), "two-sided") for v in z])
        half = two_sided_z(lev) * pair_se
        return PairwiseDifferences(
            first=tuple(a for a, _ in pairs),
            second=tuple(b for _, b in pairs),
            difference=frozen_array(diff, copy=False),
            std_error=frozen_array(pair_se, copy=False),
            statistic=frozen_array(z, copy=False),
            p_value=frozen_array(pval, copy=False),
            p_adjusted=frozen_array(holm(pval) if pval.size else pval, copy=False),
            low=frozen_array(np.maximum(diff - half, -200.0), copy=False),
            high=frozen_array(np.minimum(diff + half, 200.0), copy=False),
            level=lev,
            method=str(first_result.method),
        )

    def summary(self) -> str:
        """One block of text per segment."""
        lines = [f"{len(self.segments)} segments by {self.by}"]
        for seg in self.segments:
            lines.append(f"[{seg!s}]")
            lines.extend("  " + line for line in self.results[seg].summary().splitlines())
        return "\n".join(lines)


def _p_value(z: float, alternative: str) -> float:
    """Normal p value of a z statistic (erfc keeps tiny p values exact)."""
    if alternative == "two-sided":
        return min(1.0, math.erfc(abs(z) / math.sqrt(2.0)))
    if alternative == "greater":
        return 0.5 * math.erfc(z / math.sqrt(2.0))
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


@attrs.frozen(eq=False, repr=False)
class NPSDifference(ResultMixin):
    """Test of the difference between two independent Net Promoter Scores.

    Attributes
    ----------
    difference : float
        ``first.score - second.score`` in points.
    std_error : float
        Standard error of the difference (Wald).
    statistic : float
        z statistic, ``difference / std_error``.
    p_value : float
        p value for ``alternative``.
    alternative : str
        ``"two-sided"``, ``"greater"`` (first > second) or ``"less"``.
    level : float
        Level of ``low`` / ``high``.
    low, high : float
        Two-sided interval of the difference by ``method``, within
        [-200, 200].
    method : str
        ``"wald"``, ``"adjusted_wald"`` or ``"bootstrap"``.
    first, second : NPSResult
        The two scores compared.
    replicates : numpy.ndarray or None
        Bootstrap replicates of the difference (``method="bootstrap"``).
    """

    difference: float
    std_error: float
    statistic: float
    p_value: float
    alternative: str
    level: float
    low: float
    high: float
    method: str
    first: NPSResult
    second: NPSResult
    replicates: Any = attrs.field(default=None, repr=False)

    def confidence_interval(self, *, level: float = 0.95) -> ConfidenceInterval:
        """Interval of the difference at ``level`` by the result's ``method``."""
        return _difference_interval(
            self.first, self.second, self.method, check_level(level), self.replicates
        )

    def to_frame(self) -> pd.DataFrame:
        """One-row table: difference, std_error, statistic, p_value, low, high, scores."""
        import pandas as pd

        cols = ("difference", "std_error", "statistic", "p_value", "alternative")
        row: dict[str, Any] = {c: getattr(self, c) for c in cols}
        row.update(level=self.level, low=self.low, high=self.high, method=self.method)
        row.update(first_score=self.first.score, second_score=self.second.score)
        frame: pd.DataFrame = pd.DataFrame([row])
        return frame

    def summary(self) -> str:
        """The test as one line of text."""
        pct = round(self.level * 100, 6)
        return (
            f"NPS {self.first.score:.1f} - {self.second.score:.1f} = {self.difference:.1f} "
            f"(SE {self.std_error:.2f}), z = {self.statistic:.3f}, p = {self.p_value:.4g} "
            f"({self.alternative}); {pct:g}% CI {self.low:.1f} to {self.high:.1f} ({self.method})"
        )


def _difference_interval(
    first: NPSResult, second: NPSResult, method: str, level: float, replicates: Any
) -> ConfidenceInterval:
    if method == "bootstrap":
        return _net_interval(None, None, None, "bootstrap", level, replicates, 200.0)
    pa, da, na = first.promoter_share, first.detractor_share, first.effective_n
    pb, db, nb = second.promoter_share, second.detractor_share, second.effective_n
    if method == "adjusted_wald":
        pa, da, na = _adjusted(pa, da, na)
        pb, db, nb = _adjusted(pb, db, nb)
    centre = 100.0 * ((pa - da) - (pb - db))
    se = math.hypot(float(_two_share_se(pa, da, na)), float(_two_share_se(pb, db, nb)))
    half = two_sided_z(level) * se
    return _clip_interval(centre - half, centre + half, level, 200.0)


def _replicates_of(res: NPSResult, rng: np.random.Generator, n_boot: int) -> Any:
    if res.replicates is not None and np.size(res.replicates) == n_boot:
        return np.asarray(res.replicates)
    if res.weighted:
        raise ValueError(
            "a bootstrap difference of weighted scores needs their replicates: "
            "pass the raw scores, or nps(..., method='bootstrap') results"
        )
    return _bootstrap_counts(res.detractors, res.passives, res.promoters, rng, n_boot)


def _survey_nps(survey: Any, name: str) -> NPSResult:
    """``survey`` as an NPS result; errors about raw scores name the argument.

    Missing scores are refused (drop them first, or pass an :func:`nps`
    result computed with ``missing="omit"``).
    """
    if isinstance(survey, NPSResult):
        return survey
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = nps(survey)
    except (ValueError, TypeError) as exc:
        text = str(exc)
        if text.startswith("scores"):
            text = name + text[len("scores") :].split("; pass missing=")[0]
            raise type(exc)(text) from None
        raise
    for w in caught:  # re-issued so that they name the argument and point at the caller
        warnings.warn(f"{name}: {w.message}", w.category, stacklevel=3)
    return result


def nps_difference(
    a: NPSResult | npt.ArrayLike | pd.Series[float],
    b: NPSResult | npt.ArrayLike | pd.Series[float],
    *,
    level: float = 0.95,
    alternative: Alternative = "two-sided",
    method: NetMethod = "wald",
    rng: int | np.random.Generator | None = None,
    n_boot: int = _N_BOOT,
) -> NPSDifference:
    r"""Test whether two Net Promoter Scores differ (independent samples).

    Parameters
    ----------
    a, b : NPSResult or array_like
        The two surveys, as results of :func:`nps` or as raw 0..10 scores
        (independent samples: they are not paired).
    level : float, keyword-only
        Level of the interval of the difference; default 0.95.
    alternative : {"two-sided", "greater", "less"}, keyword-only
        ``"greater"`` tests NPS(a) > NPS(b), ``"less"`` NPS(a) < NPS(b).
    method : {"wald", "adjusted_wald", "bootstrap"}, keyword-only
        The interval of the difference, as in :func:`nps`: ``"wald"``
        (default), ``"adjusted_wald"`` (each survey adjusted by 3/4 of a
        promoter and of a detractor, variances added) or ``"bootstrap"``
        (differences of independent resamples, percentile interval).
    rng : int or numpy.random.Generator, optional, keyword-only
        Seed or generator of the bootstrap.
    n_boot : int, keyword-only
        Bootstrap resamples (>= 100); default 2000.

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
    SegmentResults.pairwise : all pairwise differences between segments.

    Notes
    -----
    For independent samples the variances add [1]_:

    .. math::

        z = \frac{\mathrm{NPS}_a - \mathrm{NPS}_b}
        {\sqrt{\mathrm{SE}_a^2 + \mathrm{SE}_b^2}},

    compared with the standard normal distribution. The test always uses
    the Wald standard errors; ``method`` chooses the interval.

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
    lev = check_level(level)
    how = _check_method(method)
    boots = _check_n_boot(n_boot)
    gen = as_rng(rng) if how == "bootstrap" or rng is not None else None
    first = _survey_nps(a, "a")
    second = _survey_nps(b, "b")
    diff = first.score - second.score
    se = math.hypot(first.std_error, second.std_error)
    if se == 0.0:
        raise ValueError(
            "nps_difference needs variation: both samples have a standard error of 0 "
            "(every response of each sample in one group)"
        )
    z = diff / se
    replicates = None
    if gen is not None:
        replicates = frozen_array(
            _replicates_of(first, gen, boots) - _replicates_of(second, gen, boots), copy=False
        )
    ci = _difference_interval(first, second, how, lev, replicates)
    return NPSDifference(
        difference=diff,
        std_error=se,
        statistic=z,
        p_value=_p_value(z, alt),
        alternative=alt,
        level=lev,
        low=float(ci.low),
        high=float(ci.high),
        method=how,
        first=first,
        second=second,
        replicates=replicates,
    )


# ---------------------------------------------------------------------------
# net satisfaction score
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
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
        Standard error of ``score`` in points (Wald).
    level : float
        Level of ``low`` / ``high``.
    low, high : float or numpy.ndarray
        Intervals by ``method``, within [-100, 100].
    scale : tuple of float
        The response scale (low, high).
    top, bottom : int
        Number of boxes counted at each end.
    method : str
        ``"wald"``, ``"adjusted_wald"`` or ``"bootstrap"``.
    replicates : numpy.ndarray or None
        Bootstrap replicates per item (``method="bootstrap"``).
    """

    items: tuple[str, ...]
    score: Any
    n: Any
    top_share: Any
    bottom_share: Any
    std_error: Any
    level: float
    low: Any
    high: Any
    scale: tuple[float, float]
    top: int
    bottom: int
    method: str = "wald"
    replicates: Any = attrs.field(default=None, repr=False)

    def confidence_interval(self, *, level: float = 0.95) -> ConfidenceInterval:
        """Intervals per item at ``level`` by the result's ``method``."""
        return _net_interval(
            self.top_share,
            self.bottom_share,
            self.n,
            self.method,
            check_level(level),
            self.replicates,
        )

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

    def summary(self) -> str:
        """Text table: NSS with its interval per item."""
        pct = round(self.level * 100, 6)
        width = max(4, *(len(s) for s in self.items))
        lines = [f"{'item':<{width}}  {'n':>6}  {'NSS':>6}  {pct:g}% CI ({self.method})"]
        for j, item in enumerate(self.items):
            n, s = np.atleast_1d(self.n)[j], np.atleast_1d(self.score)[j]
            lo, hi = np.atleast_1d(self.low)[j], np.atleast_1d(self.high)[j]
            lines.append(f"{item:<{width}}  {int(n):>6}  {s:>6.1f}  {lo:.1f} to {hi:.1f}")
        return "\n".join(lines)


def _item_names(responses: object, k: int) -> tuple[str, ...]:
    if is_dataframe(responses):
        return tuple(str(c) for c in responses.columns)
    if is_series(responses) and responses.name is not None:
        return (str(responses.name),)
    if k == 1:
        return ("item",)
    return tuple(f"item_{j + 1}" for j in range(k))


def _nss_core(
    x: FloatArray,
    names: tuple[str, ...],
    one: bool,
    *,
    lo: float,
    hi: float,
    n_top: int,
    n_bottom: int,
    level: float,
    method: str,
    rng: np.random.Generator | None,
    n_boot: int,
    where: str = "",
) -> NetSatisfaction:
    valid = ~np.isnan(x)
    n = valid.sum(axis=0)
    if np.any(n == 0):
        j = int(np.argmax(n == 0))
        raise ValueError(f"responses has no answers for item {names[j]!r} (column {j}){where}")
    top_count = ((x >= hi - n_top + 1) & valid).sum(axis=0)
    bottom_count = ((x <= lo + n_bottom - 1) & valid).sum(axis=0)
    t = top_count / n
    b = bottom_count / n
    score = 100.0 * (top_count - bottom_count) / n
    se = _two_share_se(t, b, n)
    replicates = None
    if method == "bootstrap":
        assert rng is not None
        replicates = _bootstrap_counts(
            bottom_count, n - top_count - bottom_count, top_count, rng, n_boot
        )
    ci = _net_interval(t, b, n, method, level, replicates)

    def out(v: Any) -> Any:
        return v.item() if one else frozen_array(v)

    return NetSatisfaction(
        items=names,
        score=out(score),
        n=out(n),
        top_share=out(t),
        bottom_share=out(b),
        std_error=out(se),
        level=level,
        low=out(np.asarray(ci.low)),
        high=out(np.asarray(ci.high)),
        scale=(lo, hi),
        top=n_top,
        bottom=n_bottom,
        method=method,
        replicates=None
        if replicates is None
        else frozen_array(replicates[0] if one else replicates, copy=False),
    )


def _split_by(data: Any, by: Any, data_name: str) -> tuple[Any, Any]:
    """A ``by`` column name taken out of a DataFrame, or ``by`` paired by label."""
    if isinstance(by, str) and is_dataframe(data):
        if by not in data.columns:
            raise ValueError(
                f"by must be a column of {data_name} or one segment per row; "
                f"got {by!r}, which is not a column"
            )
        return data.drop(columns=by), data[by]
    (data, by), _ = align_by_label(**{data_name: data, "by": by})
    return data, by


@overload
def net_satisfaction(
    responses: npt.ArrayLike | pd.Series[float] | pd.DataFrame,
    *,
    by: None = None,
    scale: tuple[float, float] = (1, 5),
    top: int = 1,
    bottom: int = 1,
    level: float = 0.95,
    method: NetMethod = "wald",
    missing: MissingPolicy = "raise",
    rng: int | np.random.Generator | None = None,
    n_boot: int = _N_BOOT,
) -> NetSatisfaction: ...


@overload
def net_satisfaction(
    responses: npt.ArrayLike | pd.Series[float] | pd.DataFrame,
    *,
    by: str | npt.ArrayLike | pd.Series[Any],
    scale: tuple[float, float] = (1, 5),
    top: int = 1,
    bottom: int = 1,
    level: float = 0.95,
    method: NetMethod = "wald",
    missing: MissingPolicy = "raise",
    rng: int | np.random.Generator | None = None,
    n_boot: int = _N_BOOT,
) -> SegmentResults: ...


def net_satisfaction(
    responses: npt.ArrayLike | pd.Series[float] | pd.DataFrame,
    *,
    by: str | npt.ArrayLike | pd.Series[Any] | None = None,
    scale: tuple[float, float] = (1, 5),
    top: int = 1,
    bottom: int = 1,
    level: float = 0.95,
    method: NetMethod = "wald",
    missing: MissingPolicy = "raise",
    rng: int | np.random.Generator | None = None,
    n_boot: int = _N_BOOT,
) -> NetSatisfaction | SegmentResults:
    r"""Net satisfaction score (客户满意度 NSS): top box minus bottom box.

    Parameters
    ----------
    responses : array_like, pandas.Series or pandas.DataFrame
        Ratings, whole numbers on ``scale``: 1-D for one item, 2-D
        (respondents x items) for several; DataFrame columns name the items.
    by : str, array_like or pandas.Series, optional, keyword-only
        Segment of each respondent, or the name of a column of a DataFrame
        ``responses`` holding it: one result per segment
        (:class:`SegmentResults`).
    scale : (low, high), keyword-only
        The rating scale, default (1, 5).
    top, bottom : int, keyword-only
        Number of boxes counted as satisfied (from the top) and dissatisfied
        (from the bottom); default 1 each ("top box" 5, "bottom box" 1).
        Their sum must not exceed the number of scale points.
    level : float, keyword-only
        Interval level, default 0.95.
    method : {"wald", "adjusted_wald", "bootstrap"}, keyword-only
        The interval, as for :func:`nps` (top box in the role of the
        promoters, bottom box of the detractors).
    missing : {"raise", "omit"}, keyword-only
        Refuse NaN answers (default) or drop them item by item.
    rng : int or numpy.random.Generator, optional, keyword-only
        Seed or generator of the bootstrap.
    n_boot : int, keyword-only
        Bootstrap resamples (>= 100); default 2000.

    Returns
    -------
    NetSatisfaction or SegmentResults
        Per item: ``score``, ``n``, shares, ``std_error``, ``low``,
        ``high`` (floats for one item, arrays for several); with ``by``,
        one :class:`NetSatisfaction` per segment.

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
    policy = check_missing(missing, ("raise", "omit"))
    lev = check_level(level)
    how = _check_method(method)
    boots = _check_n_boot(n_boot)
    gen = as_rng(rng) if how == "bootstrap" or rng is not None else None
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
    if by is not None:
        responses, by = _split_by(responses, by, "responses")
    with labelled_errors(responses):
        arr = as_float_array(responses, "responses", ndim=(1, 2), allow_nan=True)
        if policy == "raise":
            _refuse_nan(np.isnan(arr), arr, "responses")
        filled = np.where(np.isnan(arr), lo, arr)  # positions in messages follow the input
        check_interval(filled, "responses", f"[{lo:g}, {hi:g}]")
        check_integral(filled, "responses")
    one = arr.ndim == 1
    x = arr[:, None] if one else arr
    names = _item_names(responses, x.shape[1])
    opts: dict[str, Any] = {
        "lo": lo,
        "hi": hi,
        "n_top": n_top,
        "n_bottom": n_bottom,
        "level": lev,
        "method": how,
        "rng": gen,
        "n_boot": boots,
    }
    if by is None:
        return _nss_core(x, names, one, **opts)
    segments, seg_codes, by_name = _segment_codes(by, x.shape[0], "responses")
    results = {
        seg: _nss_core(x[seg_codes == k], names, one, where=f" in segment {seg!r}", **opts)
        for k, seg in enumerate(segments)
    }
    return SegmentResults(segments=segments, results=results, by=by_name, level=lev)


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


@attrs.frozen(eq=False, repr=False)
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
    (attitude, behaviour), _ = align_by_label(attitude=attitude, behaviour=behaviour)
    with labelled_errors(attitude, behaviour):
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
    (attachment, repeat_purchase, reason), _ = align_by_label(
        attachment=attachment, repeat_purchase=repeat_purchase, reason=reason
    )
    with labelled_errors(attachment, repeat_purchase):
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
    (start, end, new), _ = align_by_label(
        start_customers=start, end_customers=end, new_customers=new
    )
    with labelled_errors(start, end, new):
        s = as_float_array(start, "start_customers")
        e = as_float_array(end, "end_customers")
        m = as_float_array(new, "new_customers")
        check_interval(s, "start_customers", "> 0")
        check_interval(e, "end_customers", ">= 0")
        check_interval(m, "new_customers", ">= 0")
        s, e, m = broadcast(start_customers=s, end_customers=e, new_customers=m)
        # Counts may come as floats from earlier arithmetic (0.1 + 0.2): the
        # rules hold up to a few units in the last place of the largest count.
        tol = 8.0 * np.finfo(float).eps * np.maximum(np.maximum(s, e), m)
        over = (e - m) - s > tol  # not e > s + m, which can overflow
        if np.any(over):
            i, at = first_position(over)
            raise ValueError(
                "end_customers must be <= start_customers + new_customers; "
                f"got {e[i]:g} > {s[i]:g} + {m[i]:g}{at}"
            )
        under = m - e > tol
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
    rate = np.clip((e - m) / s, 0.0, 1.0)  # within rounding of the counts
    return like_input(rate, *inputs, name="retention_rate")


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
    rate = np.clip((s - (e - m)) / s, 0.0, 1.0)
    return like_input(rate, *inputs, name="churn_rate")


@attrs.frozen(eq=False, repr=False)
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
    (firm_spend, category_spend), _ = align_by_label(
        firm_spend=firm_spend, category_spend=category_spend
    )
    with labelled_errors(firm_spend, category_spend):
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
    with np.errstate(under="ignore"):
        share = f / c
    return like_input(share, firm_spend, category_spend, name="share_of_wallet")


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


@attrs.frozen(eq=False, repr=False)
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
    level : float
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
    level: float
    n_obs: int

    def predict(self, satisfaction: float | npt.ArrayLike | pd.Series[float]) -> Any:
        """Fitted repurchase probability at any satisfaction value(s).

        A Series gives a Series named ``repurchase_probability``.
        """
        from scipy import special

        s = as_float_array(satisfaction, "satisfaction")
        p = special.expit(self.intercept + self.slope * s)
        return like_input(p, satisfaction, name="repurchase_probability")

    def confidence_interval(self, *, level: float = 0.95) -> ConfidenceInterval:
        """Delta-method intervals of the fitted probabilities per level at ``level``."""
        from scipy import special

        lev = check_level(level)
        grid = np.column_stack([np.ones_like(self.levels), self.levels])
        eta = grid @ np.array([self.intercept, self.slope])
        with np.errstate(invalid="ignore"):
            se = np.sqrt(np.einsum("ij,jk,ik->i", grid, self.covariance, grid))
        z = two_sided_z(lev)
        return ConfidenceInterval(
            frozen_array(special.expit(eta - z * se), copy=False),
            frozen_array(special.expit(eta + z * se), copy=False),
            lev,
        )

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
    level: float = 0.95,
) -> SatisfactionLoyaltyCurve:
    r"""Probability of repurchase by satisfaction level (满意与忠诚的关系).

    Parameters
    ----------
    satisfaction : array_like or pandas.Series
        Satisfaction rating per customer (e.g. 1..5).
    repurchase : array_like or pandas.Series
        Whether the customer bought again (or recommended): 0/1 or bool. Two
        Series are paired by label (never by position).
    levels : array_like, optional, keyword-only
        Levels to report (default: the distinct ratings observed). Every
        rating must be one of them; levels nobody chose get fitted values
        and NaN raw rates.
    level : float, keyword-only
        Confidence level of all intervals; default 0.95.

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
        ``levels``, fewer than two distinct ratings are observed, every
        outcome is the same, or the ratings separate the outcomes so sharply
        that the fit's information matrix is singular.

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
    from scipy import special

    lev = check_level(level)
    (satisfaction, repurchase), _ = align_by_label(satisfaction=satisfaction, repurchase=repurchase)
    with labelled_errors(satisfaction, repurchase):
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
            with labelled_errors(satisfaction):
                raise ValueError(
                    f"satisfaction must be one of levels {lv.tolist()}; "
                    f"got {s[pos]:g} at index {pos}"
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
        try:
            fit = Logit(y, design).fit(disp=0, method="newton", maxiter=100)
        except np.linalg.LinAlgError:  # every fitted probability at exactly 0 or 1
            raise ValueError(
                "repurchase is perfectly separated by satisfaction: the logistic fit's "
                "information matrix is singular, so no curve can be fitted"
            ) from None
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
    z = two_sided_z(lev)
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
    # log P from the logit, exact where P underflows to 0 (levels far below
    # the data): the ratio of two such levels is finite, not 0 / 0
    log_p = -np.logaddexp(0.0, -eta)
    with np.errstate(over="ignore", invalid="ignore"):  # a ratio beyond float64 is inf
        log_ratio = log_p[1:] - log_p[:-1]
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
        level=lev,
        n_obs=int(s.size),
    )


# ---------------------------------------------------------------------------
# profit of a loyal customer (Reichheld)
# ---------------------------------------------------------------------------

_PROFIT_PARTS = ("base_profit", "increased_purchases", "cost_savings", "referrals", "price_premium")


@attrs.frozen(eq=False, repr=False)
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
    base_profit: float | npt.ArrayLike,
    cost_savings: float | npt.ArrayLike = 0.0,
    referrals: float | npt.ArrayLike = 0.0,
    price_premium: float | npt.ArrayLike = 0.0,
    *,
    years: int | None = None,
    purchase_growth: float = 0.0,
    acquisition_cost: float = 0.0,
) -> LoyalCustomerProfit:
    r"""Profit of a loyal customer year by year (忠诚客户的利润构成, Reichheld).

    Parameters
    ----------
    base_profit : float or array_like
        Base profit per year (one value, or one per year).
    cost_savings : float or array_like
        Operating-cost savings per year (one value or one per year).
    referrals : float or array_like
        Profit from customers referred, per year.
    price_premium : float or array_like
        Profit from the higher price a loyal customer pays, per year.
    years : int, optional, keyword-only
        Number of years T (>= 1). Default: the length of the yearly arrays
        (required when every component is a single value).
    purchase_growth : float, keyword-only
        Annual growth rate of the customer's purchases (> -1); the profit
        from increased purchases in year t is
        ``base_profit * ((1 + g) ** (t - 1) - 1)``. Default 0.
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
    >>> res = loyal_customer_profit(100.0, [0.0, 10.0, 20.0], purchase_growth=0.1,
    ...                             acquisition_cost=150.0)
    >>> res.cash_flows.tolist()
    [100.0, 120.0, 141.0]
    >>> res.payback_year()
    2
    """
    if years is None:
        lengths = {
            name: int(np.size(value))
            for name, value in (
                ("base_profit", base_profit),
                ("cost_savings", cost_savings),
                ("referrals", referrals),
                ("price_premium", price_premium),
            )
            if np.ndim(value) == 1
        }
        if not lengths:
            raise ValueError(
                "years must be given when every component is a single value; got years=None"
            )
        t = max(lengths.values())
    else:
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
