"""Customer satisfaction (顾客满意度): measurement and index models.

The measurement side of customer satisfaction, as taught in CRM course
material and the quality-management papers behind it:

- the ratio definition C = B / A of satisfaction with its three verdicts
  (:func:`satisfaction_ratio`);
- per-item statistics of a Likert survey (:func:`likert_summary`) and the
  sample size needed for a given precision (:func:`sample_size`,
  :func:`sample_size_mean`);
- Kano's model of attractive and must-be quality: classification of answer
  pairs (:func:`kano_classify`), the per-attribute summary with Better/Worse
  coefficients and Fong's test (:func:`kano_summary`), and DuMouchel's
  continuous analysis (:func:`kano_continuous`);
- principal component regression of overall satisfaction on item scores to
  weight satisfaction drivers (:func:`driver_weights`).

The structural index models (ACSI, SCSB, ECSI), the 0-100 satisfaction index
and importance-performance map analysis are re-exported here from their own
module.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs
import numpy as np
import numpy.typing as npt

from custvalue._results import ConfidenceInterval, ResultMixin, frozen_array, two_sided_z
from custvalue._satisfaction_models import (
    SatisfactionIndex,
    acsi_model,
    ecsi_model,
    ipma,
    satisfaction_index,
    scsb_model,
)
from custvalue._validate import (
    FloatArray,
    _describe_position,
    align_by_label,
    as_count,
    as_float_array,
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
from custvalue.exceptions import DegenerateDataWarning

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from custvalue.loyalty import SegmentResults

__all__ = [
    "KANO_CATEGORIES",
    "DriverWeights",
    "KanoContinuous",
    "KanoSummary",
    "LikertSummary",
    "SatisfactionIndex",
    "SatisfactionRatio",
    "acsi_model",
    "driver_weights",
    "ecsi_model",
    "ipma",
    "kano_classify",
    "kano_continuous",
    "kano_summary",
    "likert_summary",
    "sample_size",
    "sample_size_mean",
    "satisfaction_index",
    "satisfaction_ratio",
    "scsb_model",
]

MissingPolicy = Literal["raise", "omit"]
LikertMissing = Literal["raise", "omit", "listwise"]
Rounding = Literal["up", "nearest"]
KanoRule = Literal["mode", "evaluation"]

#: Kano categories in the order used by every table of this module:
#: attractive, one-dimensional, must-be, indifferent, reverse, questionable.
KANO_CATEGORIES: tuple[str, ...] = ("A", "O", "M", "I", "R", "Q")


# ---------------------------------------------------------------------------
# ratio definition C = B / A
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class SatisfactionRatio(ResultMixin):
    """Satisfaction ratios C = B / A with their verdicts.

    Attributes
    ----------
    ratio : float, numpy.ndarray or pandas.Series
        C = perceived / expected per customer (same container as the input).
    verdict : str, numpy.ndarray or pandas.Series
        ``"exceeds"`` (C > 1 + tolerance), ``"meets"`` (\\|C - 1\\| <= tolerance)
        or ``"below"`` (C < 1 - tolerance).
    tolerance : float
        Half-width of the "meets expectation" band around 1.
    """

    ratio: Any
    verdict: Any
    tolerance: float

    def counts(self) -> dict[str, int]:
        """Number of customers per verdict, in the order exceeds, meets, below."""
        v = np.asarray(self.verdict)
        return {k: int(np.count_nonzero(v == k)) for k in ("exceeds", "meets", "below")}

    def to_frame(self) -> pd.DataFrame:
        """Tidy table with columns ``ratio`` and ``verdict``."""
        import pandas as pd

        index = self.ratio.index if is_series(self.ratio) else None
        frame: pd.DataFrame = pd.DataFrame(
            {
                "ratio": np.atleast_1d(np.asarray(self.ratio, dtype=float)),
                "verdict": np.atleast_1d(np.asarray(self.verdict, dtype=object)),
            },
            index=index,
        )
        return frame


def satisfaction_ratio(
    perceived: npt.ArrayLike | pd.Series[float],
    expected: npt.ArrayLike | pd.Series[float],
    *,
    tolerance: float = 0.05,
) -> SatisfactionRatio:
    r"""Customer satisfaction as perceived over expected value, C = B / A.

    Parameters
    ----------
    perceived : float, array_like or pandas.Series
        B, the value the customer perceives after the purchase (>= 0).
    expected : float, array_like or pandas.Series
        A, the value the customer expected before it (> 0). Broadcast
        against ``perceived``.
    tolerance : float, keyword-only
        Half-width of the band around 1 read as "meets expectation"
        (>= 0); the textbook leaves "C close to 1" open, so it is a
        parameter. Default 0.05.

    Returns
    -------
    SatisfactionRatio
        ``ratio`` (float for scalars, array for arrays, Series for a Series)
        and ``verdict`` (``"exceeds"``, ``"meets"`` or ``"below"`` in the
        same container), with :meth:`~SatisfactionRatio.counts` and
        :meth:`~SatisfactionRatio.to_frame`.

    Raises
    ------
    ValueError
        If ``expected`` is not > 0, ``perceived`` is negative, a value is
        NaN or infinite, the ratio is outside the float64 range, the inputs
        cannot be broadcast or their pandas labels differ, or ``tolerance``
        is negative.
    TypeError
        If an input is not numeric.

    See Also
    --------
    likert_summary : satisfaction measured on a rating scale.

    Notes
    -----
    The textbook definition of customer satisfaction (顾客满意, C = B/A)
    compares the perceived value B (感知价值) with the expected value A
    (期望价值):

    .. math::

        C = \frac{B}{A}, \qquad
        \text{verdict} =
        \begin{cases}
        \text{exceeds} & C > 1 + \tau \\
        \text{meets} & |C - 1| \le \tau \\
        \text{below} & C < 1 - \tau
        \end{cases}

    with :math:`\tau` the ``tolerance``. C > 1 means the customer is more
    than satisfied (满意), C close to 1 that expectations were met (基本满意),
    C < 1 that the customer is dissatisfied (不满意). A relative slack of
    1e-12 guards the band edges against rounding (so 1.05 / 1.00 "meets" with
    the default tolerance). A ratio outside the float64 range (100 / 1e-308
    overflows, 1e-300 / 1e10 underflows) is refused rather than returned as
    ``inf`` or 0.

    References
    ----------
    .. [1] Oliver, R. L. (1980). A cognitive model of the antecedents and
       consequences of satisfaction decisions. *Journal of Marketing
       Research*, 17(4), 460-469.
    .. [2] Kotler, P., & Keller, K. L. (2016). *Marketing Management*
       (15th ed.), ch. 5. Pearson.

    Examples
    --------
    >>> from custvalue.satisfaction import satisfaction_ratio
    >>> r = satisfaction_ratio([90.0, 100.0, 120.0], [100.0, 98.0, 100.0])
    >>> r.ratio
    array([0.9   , 1.0204, 1.2   ])
    >>> r.verdict
    array(['below', 'meets', 'exceeds'], dtype='<U7')
    >>> satisfaction_ratio(8.0, 10.0, tolerance=0.25).verdict
    'meets'
    """
    tol = as_scalar(tolerance, "tolerance", ">= 0")
    (perceived, expected), _ = align_by_label(perceived=perceived, expected=expected)
    with labelled_errors(perceived, expected):
        b = as_float_array(perceived, "perceived")
        a = as_float_array(expected, "expected")
        check_interval(b, "perceived", ">= 0")
        check_interval(a, "expected", "> 0")
        b, a = broadcast(perceived=b, expected=a)
        with np.errstate(over="ignore", under="ignore"):
            c = b / a
        # outside the float range the ratio is no longer exact: refuse it
        over = ~np.isfinite(c)
        if np.any(over):
            i, at = first_position(over)
            raise ValueError(
                "expected is too small for perceived / expected to stay within the float64 "
                f"range (<= 1.8e308); got perceived {float(b[i])!r} over expected "
                f"{float(a[i])!r}{at}; "
                "rescale both to the same units"
            )
        under = (c == 0.0) & (b > 0)
        if np.any(under):
            i, at = first_position(under)
            raise ValueError(
                "perceived is too small for perceived / expected to stay above 0 in "
                f"float64 (5e-324); got perceived {float(b[i])!r} over expected "
                f"{float(a[i])!r}{at}; rescale both to the same units"
            )
    slack = 1e-12 * np.maximum(1.0, tol)
    verdict = np.where(
        c > 1.0 + tol + slack, "exceeds", np.where(c < 1.0 - tol - slack, "below", "meets")
    )
    ratio_out = like_input(c, perceived, expected, name="satisfaction_ratio")
    if verdict.ndim == 0:
        verdict_out: Any = str(verdict)
    elif is_series(ratio_out):
        import pandas as pd

        verdict_out = pd.Series(verdict, index=ratio_out.index, name="verdict")
    else:
        verdict_out = verdict
    return SatisfactionRatio(ratio=ratio_out, verdict=verdict_out, tolerance=tol)


# ---------------------------------------------------------------------------
# Likert surveys
# ---------------------------------------------------------------------------


def _given_names(
    labels: object, count: int, *, label_name: str, prefix: str, of: str, unit: str
) -> list[str]:
    """Names for ``count`` columns or rows: ``labels`` checked, or numbered defaults."""
    if labels is None:
        return [f"{prefix}_{j + 1}" for j in range(count)]
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise TypeError(f"{label_name} must be a sequence of names; got {labels!r}")
    names = [str(x) for x in labels]
    if len(names) != count:
        raise ValueError(
            f"{label_name} must name every {unit} of {of}: "
            f"got {len(names)} names for {count} {unit}s"
        )
    return names


def _table_input(
    data: object, name: str, labels: Sequence[str] | None, label_name: str, prefix: str = "item"
) -> tuple[Any, list[str], Any]:
    """Raw 2-D numpy values, column names and the row index (or None) of a table."""
    if is_dataframe(data):
        if labels is not None:
            raise TypeError(f"{label_name} must not be given with a DataFrame {name}")
        frame: Any = data
        values = np.asarray(frame.to_numpy())
        if values.dtype == object:  # nullable columns hold pandas.NA
            import pandas as pd

            values = np.where(pd.isna(values), np.nan, values)
        return values, [str(c) for c in frame.columns], frame.index
    if is_series(data):
        series: Any = data
        label = str(series.name) if series.name is not None else f"{prefix}_1"
        return np.asarray(series.to_numpy()).reshape(-1, 1), [label], series.index
    raw = np.asarray(data)
    if raw.ndim == 1:
        raw = raw.reshape(-1, 1)
    if raw.ndim != 2:
        raise ValueError(
            f"{name} must be 1-D or 2-D (rows = respondents, columns = {label_name}); "
            f"got a {raw.ndim}-D array of shape {raw.shape}"
        )
    names = _given_names(
        labels, raw.shape[1], label_name=label_name, prefix=prefix, of=name, unit="column"
    )
    if len(set(names)) != len(names):
        raise ValueError(f"{label_name} must be unique; got {names}")
    return raw, names, None


@attrs.frozen(eq=False, repr=False)
class LikertSummary(ResultMixin):
    """Per-item statistics of a rating-scale survey.

    Attributes
    ----------
    items : tuple of str
        Item (column) names.
    points : numpy.ndarray
        The scale points, e.g. ``[1, 2, 3, 4, 5]``.
    n : numpy.ndarray
        Valid answers per item.
    mean, std, variance : numpy.ndarray
        Per-item mean, sample standard deviation and variance (ddof = 1).
    shares : numpy.ndarray
        Share of each scale point per item, shape (items, points); rows sum
        to 1.
    top_box, bottom_box : numpy.ndarray
        Share of answers in the top (bottom) ``box`` points of the scale.
    box : int
        Number of points counted in the top and bottom box.
    missing : str
        The missing-data policy used.
    """

    items: tuple[str, ...]
    points: Any
    n: Any
    mean: Any
    std: Any
    variance: Any
    shares: Any
    top_box: Any
    bottom_box: Any
    box: int
    missing: str

    def to_frame(self) -> pd.DataFrame:
        """One row per item: ``item``, ``n``, ``mean``, ``std``, ``variance``,
        ``share_<point>`` per scale point, ``top_box``, ``bottom_box`` and the
        95% Student-t interval of the mean, ``mean_low``, ``mean_high``."""
        import pandas as pd

        data: dict[str, Any] = {
            "item": list(self.items),
            "n": self.n,
            "mean": self.mean,
            "std": self.std,
            "variance": self.variance,
        }
        for k, p in enumerate(self.points):
            data[f"share_{int(p)}"] = self.shares[:, k]
        data["top_box"] = self.top_box
        data["bottom_box"] = self.bottom_box
        ci = self.confidence_interval(level=0.95)
        data["mean_low"] = ci.low
        data["mean_high"] = ci.high
        table: pd.DataFrame = pd.DataFrame(data)
        return table

    def confidence_interval(self, *, level: float = 0.95) -> ConfidenceInterval:
        r"""Student-t confidence interval of each item's mean rating.

        :math:`\bar x_j \pm t_{n_j - 1,\,(1 + \text{level})/2}\; s_j / \sqrt{n_j}`;
        NaN bounds for an item with a single answer (its spread is unknown).
        """
        from scipy import stats

        lvl = check_level(level)
        n = np.asarray(self.n, dtype=np.float64)
        df = np.maximum(n - 1.0, 1.0)
        half = stats.t.ppf(0.5 + lvl / 2.0, df) * np.asarray(self.std) / np.sqrt(n)
        return ConfidenceInterval(
            frozen_array(self.mean - half), frozen_array(self.mean + half), lvl
        )

    def summary(self, *, digits: int = 3) -> str:
        """Text table of n, mean, standard deviation and box shares per item."""
        width = max(4, *(len(s) for s in self.items))
        head = f"{'item':<{width}}  {'n':>5}  {'mean':>7}  {'std':>7}  {'top':>6}  {'bottom':>6}"
        lines = [head, "-" * len(head)]
        for j, item in enumerate(self.items):
            lines.append(
                f"{item:<{width}}  {int(self.n[j]):>5}  {self.mean[j]:>7.{digits}f}  "
                f"{self.std[j]:>7.{digits}f}  {self.top_box[j]:>6.1%}  {self.bottom_box[j]:>6.1%}"
            )
        return "\n".join(lines)


@overload
def likert_summary(
    responses: npt.ArrayLike | pd.DataFrame,
    *,
    by: None = None,
    scale: tuple[int, int] = (1, 5),
    items: Sequence[str] | None = None,
    box: int = 1,
    missing: LikertMissing = "raise",
) -> LikertSummary: ...


@overload
def likert_summary(
    responses: npt.ArrayLike | pd.DataFrame,
    *,
    by: str | npt.ArrayLike | pd.Series[Any],
    scale: tuple[int, int] = (1, 5),
    items: Sequence[str] | None = None,
    box: int = 1,
    missing: LikertMissing = "raise",
) -> SegmentResults: ...


def likert_summary(
    responses: npt.ArrayLike | pd.DataFrame,
    *,
    by: str | npt.ArrayLike | pd.Series[Any] | None = None,
    scale: tuple[int, int] = (1, 5),
    items: Sequence[str] | None = None,
    box: int = 1,
    missing: LikertMissing = "raise",
) -> LikertSummary | SegmentResults:
    r"""Per-item mean, spread and answer shares of a Likert survey.

    Parameters
    ----------
    responses : array_like or pandas.DataFrame
        Answers, one row per respondent and one column per item. A
        DataFrame names its items by its columns; a 2-D array by ``items``
        (default ``item_1``, ``item_2``, ...). Missing answers are NaN (or
        None / pandas NA in a DataFrame).
    by : str, array_like or pandas.Series, optional, keyword-only
        Segment of each respondent, or the name of a column of a DataFrame
        ``responses`` holding it: one :class:`LikertSummary` per segment in
        a :class:`~custvalue.loyalty.SegmentResults`, whose ``to_frame()``
        has one row per segment and item with the intervals of the means.
    scale : (int, int), keyword-only
        Lowest and highest scale point; default (1, 5), the 5-point scale
        from very dissatisfied (1) to very satisfied (5).
    items : sequence of str, keyword-only
        Item names for an array ``responses`` (``items`` always holds
        names in this library, as in the results' ``items`` field).
    box : int, keyword-only
        Points counted in the top box and bottom box (1 = top box, 2 =
        top-two box); at most half the scale. Default 1.
    missing : {"raise", "omit", "listwise"}, keyword-only
        ``"raise"`` (the default) refuses missing answers; ``"omit"`` drops
        each missing answer from its item only (n differs per item);
        ``"listwise"`` drops every respondent with any missing answer.

    Returns
    -------
    LikertSummary
        ``n``, ``mean``, ``std``, ``variance``, ``shares`` (per point),
        ``top_box`` and ``bottom_box`` per item, with ``to_frame()``,
        ``summary()`` and ``confidence_interval(level)``.

    Raises
    ------
    ValueError
        If an answer is outside the scale or not a whole number (naming
        the item and the row position, plus the index label of a
        DataFrame whose labels differ from the positions), an answer is
        missing under ``missing="raise"``, an item has no valid answer, or
        ``box`` is too large.
    TypeError
        If answers are not numeric.

    Warns
    -----
    DegenerateDataWarning
        If an item has a single valid answer, so its standard deviation is
        undefined (reported as NaN).

    See Also
    --------
    sample_size : respondents needed for a given precision.
    driver_weights : weight the items by principal component regression.

    Notes
    -----
    Per item *j* with valid answers :math:`x_{1j},\dots,x_{n_j j}`:

    .. math::

        \bar x_j = \frac1{n_j}\sum_i x_{ij}, \qquad
        s_j^2 = \frac1{n_j - 1}\sum_i (x_{ij} - \bar x_j)^2, \qquad
        p_{jk} = \frac{\#\{i: x_{ij} = k\}}{n_j}.

    In the textbook reading of a satisfaction survey (李克特量表, Likert
    scale) a high mean is a good rating and a small standard deviation
    (标准差) is agreement among respondents; the teaching-quality study the
    material describes rates 37 items this way (see
    :func:`custvalue.datasets.simulate_likert_survey`).

    References
    ----------
    .. [1] Likert, R. (1932). A technique for the measurement of attitudes.
       *Archives of Psychology*, 140, 1-55.

    Examples
    --------
    >>> from custvalue.satisfaction import likert_summary
    >>> s = likert_summary([[5, 4], [4, 4], [3, 5], [5, 2]], items=["clarity", "pace"])
    >>> s.mean
    array([4.25, 3.75])
    >>> s.std
    array([0.9574, 1.2583])
    >>> s.top_box
    array([0.5 , 0.25])
    """
    policy = check_missing(missing, ("raise", "omit", "listwise"))
    low, high = check_scale(scale)
    check_integral(np.array([low, high]), "scale")
    n_box = as_count(box, "box", minimum=1)
    points = np.arange(int(low), int(high) + 1)
    if 2 * n_box > points.size:
        raise ValueError(
            f"box must be at most half the scale ({points.size // 2} points); got {n_box}"
        )
    if by is not None:
        from custvalue.loyalty import _split_by

        responses, by = _split_by(responses, by, "responses")
    raw, names, index = _table_input(responses, "responses", items, "items")
    values = as_float_array(raw, "responses", ndim=2, allow_nan=True)
    if values.shape[0] == 0:
        raise ValueError(f"responses must have at least one row; got shape {values.shape}")
    nan = np.isnan(values)
    row_ids = np.arange(values.shape[0])  # input positions, named in error messages
    if nan.any() and policy == "raise":
        r, j = np.argwhere(nan)[0]
        raise ValueError(
            f"responses has a missing answer for item {names[j]!r} at row "
            f"{_row_label(int(r), index)}; "
            f"{missing_hint(('raise', 'omit', 'listwise'))}"
        )
    seg_codes: Any = None
    if by is not None:
        from custvalue.loyalty import SegmentResults, _segment_codes

        segments, seg_codes, by_name = _segment_codes(by, values.shape[0], "responses")
    if nan.any() and policy == "listwise":
        keep = ~nan.any(axis=1)
        values = values[keep]
        nan = nan[keep]
        row_ids = row_ids[keep]
        seg_codes = None if seg_codes is None else seg_codes[keep]
    _check_answers(values, nan, row_ids, names, index, low, high)
    if seg_codes is None:
        return _likert_core(values, nan, names, points, low, n_box, policy)
    results = {
        seg: _likert_core(
            values[seg_codes == k],
            nan[seg_codes == k],
            names,
            points,
            low,
            n_box,
            policy,
            where=f" in segment {seg!r}",
        )
        for k, seg in enumerate(segments)
    }
    return SegmentResults(segments=segments, results=results, by=by_name, level=0.95)


def _likert_core(
    values: FloatArray,
    nan: Any,
    names: list[str],
    points: Any,
    low: float,
    n_box: int,
    policy: str,
    where: str = "",
) -> LikertSummary:
    # Every valid answer is a scale point, so one bincount of the point codes
    # (an extra bin per item for a missing answer) gives the counts per item
    # and point, and the mean and variance follow exactly from the counts.
    n_items, n_points = values.shape[1], points.size
    codes = np.where(nan, float(n_points), values - low).astype(np.intp)
    codes += (n_points + 1) * np.arange(n_items, dtype=np.intp)
    counts = np.bincount(codes.reshape(-1), minlength=(n_points + 1) * n_items)
    counts = counts.reshape(n_items, n_points + 1)[:, :n_points]
    n = counts.sum(axis=1)
    empty = np.flatnonzero(n == 0)
    if empty.size:
        raise ValueError(
            f"responses has no valid answer for item {names[int(empty[0])]!r}{where} "
            f"(missing={policy!r})"
        )
    pf = points.astype(np.float64)
    mean = counts @ pf / n
    ss = (counts * (pf[None, :] - mean[:, None]) ** 2).sum(axis=1)
    single = np.flatnonzero(n < 2)
    variance = np.full(n.shape, np.nan)
    ok = n >= 2
    variance[ok] = ss[ok] / (n[ok] - 1)
    if single.size:
        warnings.warn(
            f"item {names[int(single[0])]!r} has a single valid answer{where}; its standard "
            "deviation and variance are undefined (NaN)",
            DegenerateDataWarning,
            stacklevel=3,
        )
    shares = counts / n[:, None]
    return LikertSummary(
        items=tuple(names),
        points=frozen_array(points),
        n=frozen_array(n.astype(np.int64)),
        mean=frozen_array(mean),
        std=frozen_array(np.sqrt(variance)),
        variance=frozen_array(variance),
        shares=frozen_array(shares),
        top_box=frozen_array(shares[:, -n_box:].sum(axis=1)),
        bottom_box=frozen_array(shares[:, :n_box].sum(axis=1)),
        box=n_box,
        missing=policy,
    )


def _row_label(position: int, index: Any) -> str:
    """A row position, with its index label when a DataFrame labels it differently."""
    if index is None:
        return str(position)
    label = index[position]
    if isinstance(label, (int, np.integer)) and not isinstance(label, bool) and label == position:
        return str(position)
    if isinstance(label, np.generic):
        label = label.item()
    return f"{position} (index {label!r})"


def _check_answers(
    values: FloatArray,
    nan: Any,
    rows: Any,
    names: list[str],
    index: Any,
    low: float,
    high: float,
) -> None:
    """Refuse answers outside the scale or between its points, naming item and row."""
    bad = (values < low) | (values > high) | (values != np.round(values))
    bad &= ~nan  # NaN compares unequal to itself
    if not bad.any():
        return
    j = int(np.argmax(bad.any(axis=0)))
    k = int(np.argmax(bad[:, j]))
    v = float(values[k, j])
    shown = repr(int(v)) if v.is_integer() else repr(v)
    rule = (
        f"be in [{int(low)}, {int(high)}]"
        if v.is_integer()
        else f"be a whole number in [{int(low)}, {int(high)}]"
    )
    raise ValueError(
        f"responses for item {names[j]!r} must {rule}; got {shown} at row "
        f"{_row_label(int(rows[k]), index)}"
    )


# ---------------------------------------------------------------------------
# sample size
# ---------------------------------------------------------------------------


def _finite_population(ratio: float, population: object, what: str, rounding: str) -> int:
    """Round n0 = ratio ** 2 after the finite population correction.

    ``ratio`` is z sigma / e; squaring it rather than dividing by e ** 2 keeps
    a tiny margin from underflowing to a division by zero.
    """
    n0 = ratio * ratio  # a float product overflows to inf, never raises
    if population is None:
        if math.isinf(n0):
            raise ValueError(
                f"the sample size overflows (it exceeds 1e308) for {what}; "
                "widen the margin or give the population size"
            )
        n = n0
    else:
        size = as_count(population, "population", minimum=1)
        # n0 / (1 + (n0 - 1)/N) written to stay finite when n0 is huge: the
        # whole population is needed in the limit
        n = float(size) if math.isinf(n0) else n0 / (1.0 + (n0 - 1.0) / size)
    if rounding == "nearest":
        return max(1, math.floor(n + 0.5))
    return max(1, math.ceil(round(n, 9)))


def sample_size(
    *,
    level: float = 0.95,
    margin: float = 0.05,
    proportion: float = 0.5,
    population: int | None = None,
    rounding: Rounding = "up",
) -> int:
    r"""Respondents needed to estimate a proportion within a margin of error.

    Parameters
    ----------
    level : float, keyword-only
        Confidence level in (0, 1); default 0.95.
    margin : float, keyword-only
        Margin of error (half-width of the interval) as a proportion, in
        (0, 1); default 0.05.
    proportion : float, keyword-only
        Anticipated proportion p in (0, 1); 0.5 (the default) is the most
        conservative choice.
    population : int, optional, keyword-only
        Size N of a finite population; when given the finite population
        correction is applied.
    rounding : {"up", "nearest"}, keyword-only
        ``"up"`` (default) rounds the sample size up, so the margin is met;
        ``"nearest"`` rounds to the nearest integer, which reproduces the
        table of Krejcie & Morgan (1970) [2]_ (10 of 10, 80 of 100, 217 of
        500, 278 of 1,000, 368 of 9,000).

    Returns
    -------
    int
        The sample size, rounded as ``rounding`` says.

    Raises
    ------
    ValueError
        If an argument is outside its interval, ``population`` < 1, or the
        margin is so small that the sample size overflows (without a
        ``population``).
    TypeError
        If an argument is not a number.

    See Also
    --------
    sample_size_mean : the sample size for estimating a mean score.

    Notes
    -----
    With :math:`z` the two-sided normal quantile of the confidence level
    (1.96 for 95%), Cochran's formula for the sample size (样本量) is

    .. math::

        n_0 = \frac{z^2\,p(1 - p)}{e^2}, \qquad
        n = \frac{n_0}{1 + (n_0 - 1)/N}

    with the finite population correction for a population of N, then
    rounded up. The textbook asks for the sample size from confidence,
    precision and population size; the same n applies to simple random
    sampling, and is the starting point for stratified or cluster designs.
    Krejcie & Morgan's formula :math:`s = \chi^2 N p(1-p) / (d^2 (N - 1) +
    \chi^2 p(1-p))` is the same expression with :math:`\chi^2 = z^2`;
    their table rounds it to the nearest integer (``rounding="nearest"``),
    so a few entries (14 of 15, 32 of 35, 140 of 220) are one below the
    rounded-up size and miss the margin slightly.

    References
    ----------
    .. [1] Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.), sections
       4.4 and 4.6. Wiley.
    .. [2] Krejcie, R. V., & Morgan, D. W. (1970). Determining sample size
       for research activities. *Educational and Psychological
       Measurement*, 30(3), 607-610.

    Examples
    --------
    >>> from custvalue.satisfaction import sample_size
    >>> sample_size(level=0.95, margin=0.05, proportion=0.5)
    385
    >>> sample_size(level=0.95, margin=0.05, population=1000)
    278
    >>> sample_size(population=15), sample_size(population=15, rounding="nearest")
    (15, 14)
    """
    conf = check_level(level)
    e = as_scalar(margin, "margin", "(0, 1)")
    p = as_scalar(proportion, "proportion", "(0, 1)")
    how = check_option(rounding, "rounding", ("up", "nearest"))
    return _finite_population(
        two_sided_z(conf) * math.sqrt(p * (1.0 - p)) / e, population, f"margin={e!r}", how
    )


def sample_size_mean(
    *,
    level: float = 0.95,
    margin: float,
    std: float,
    population: int | None = None,
    rounding: Rounding = "up",
) -> int:
    r"""Respondents needed to estimate a mean score within a margin of error.

    Parameters
    ----------
    level : float, keyword-only
        Confidence level in (0, 1); default 0.95.
    margin : float, keyword-only
        Margin of error in the units of the score (> 0), e.g. 0.1 points of
        a 5-point scale.
    std : float, keyword-only
        Anticipated standard deviation of the score (> 0), from a pilot
        survey or an earlier wave.
    population : int, optional, keyword-only
        Size N of a finite population (finite population correction).
    rounding : {"up", "nearest"}, keyword-only
        Round the sample size up (default) or to the nearest integer, as
        in :func:`sample_size`.

    Returns
    -------
    int
        The sample size, rounded as ``rounding`` says.

    Raises
    ------
    ValueError
        If an argument is outside its interval, ``population`` < 1, or
        ``std / margin`` is so large that the sample size overflows
        (without a ``population``).
    TypeError
        If an argument is not a number.

    See Also
    --------
    sample_size : the sample size for a proportion.

    Notes
    -----
    .. math::

        n_0 = \left(\frac{z\,\sigma}{e}\right)^2, \qquad
        n = \frac{n_0}{1 + (n_0 - 1)/N}.

    References
    ----------
    .. [1] Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.), section
       4.6. Wiley.

    Examples
    --------
    >>> from custvalue.satisfaction import sample_size_mean
    >>> sample_size_mean(level=0.95, margin=0.1, std=0.9)
    312
    """
    conf = check_level(level)
    e = as_scalar(margin, "margin", "> 0")
    sigma = as_scalar(std, "std", "> 0")
    how = check_option(rounding, "rounding", ("up", "nearest"))
    return _finite_population(
        two_sided_z(conf) * (sigma / e), population, f"margin={e!r} and std={sigma!r}", how
    )


# ---------------------------------------------------------------------------
# Kano model
# ---------------------------------------------------------------------------

# Category codes 0..5 follow KANO_CATEGORIES (A, O, M, I, R, Q); 6 = missing.
_MISSING = 6
# Berger et al. (1993) evaluation table: rows = functional answer, columns =
# dysfunctional answer, both in the order like, must-be, neutral, live-with,
# dislike.
_EVALUATION = np.array(
    [
        [5, 0, 0, 0, 1],  # like:      Q A A A O
        [4, 3, 3, 3, 2],  # must-be:   R I I I M
        [4, 3, 3, 3, 2],  # neutral:   R I I I M
        [4, 3, 3, 3, 2],  # live-with: R I I I M
        [4, 4, 4, 4, 5],  # dislike:   R R R R Q
    ],
    dtype=np.int8,
)
# Flat lookup indexed by 6 * f + d with answer codes 0..4 and 5 = missing.
_LOOKUP = np.full(36, _MISSING, dtype=np.int8)
_LOOKUP.reshape(6, 6)[:5, :5] = _EVALUATION
_LETTERS = np.array([*KANO_CATEGORIES, ""])
# Pair code (0..35) -> category (0..6) as a 0/1 matrix: pair counts @ _FOLD
# gives category counts.
_FOLD = np.zeros((36, 7), dtype=np.int64)
_FOLD[np.arange(36), _LOOKUP] = 1

_ANSWER_NAMES = {
    1: ("like", "i-like-it", "like-it", "喜欢", "1"),
    2: (
        "must-be",
        "mustbe",
        "must",
        "expect",
        "i-expect-it",
        "it-must-be-that-way",
        "理所当然",
        "2",
    ),
    3: ("neutral", "i-am-neutral", "indifferent", "无所谓", "3"),
    4: ("live-with", "i-can-live-with-it", "tolerate", "i-can-tolerate-it", "能忍受", "4"),
    5: ("dislike", "i-dislike-it", "不喜欢", "5"),
}
_ANSWER_CODES = {alias: code for code, names in _ANSWER_NAMES.items() for alias in names}


def _normalise_label(value: object) -> str:
    text = str(value).strip().lower().replace("'", "").replace("’", "")
    return "-".join(part for part in re.split(r"[\s_-]+", text) if part)


def _text_code(value: object) -> int | None:
    """Answer code 1..5 of a text answer, or None if it is not one."""
    text = _normalise_label(value)
    code = _ANSWER_CODES.get(text)
    if code is None:
        try:  # "2.0", as numpy writes a float mixed into text answers
            number = float(text)
        except ValueError:
            return None
        if number.is_integer() and 1 <= number <= 5:
            code = int(number)
    return code


def _pos(shape: tuple[int, ...], flat: int) -> str:
    idx = np.unravel_index(flat, shape)
    return str(int(idx[0])) if len(shape) == 1 else str(tuple(int(i) for i in idx))


def _answer_codes(raw: np.ndarray[Any, Any], name: str) -> npt.NDArray[np.int8]:
    """Answer codes 0..4 (like ... dislike) with 5 for a missing answer."""
    kind = raw.dtype.kind
    if kind == "b":
        raise TypeError(f"{name} must hold answers (codes 1..5 or names), not booleans")
    if kind in "iu":
        flat = raw.reshape(-1)
        bad = (flat < 1) | (flat > 5)
        if bad.any():
            k = int(np.argmax(bad))
            raise ValueError(
                f"{name} answer codes must be in 1..5 (1 like, 2 must-be, 3 neutral, "
                f"4 live-with, 5 dislike); got {int(flat[k])} at index {_pos(raw.shape, k)}"
            )
        codes_int: npt.NDArray[np.int8] = (raw - 1).astype(np.int8)
        return codes_int
    if kind == "f":
        flat = raw.reshape(-1)
        miss = np.isnan(flat)
        with np.errstate(invalid="ignore"):
            bad = ~miss & ((flat < 1) | (flat > 5) | (flat != np.round(flat)))
        if bad.any():
            k = int(np.argmax(bad))
            v = float(flat[k])
            shown = repr(int(v)) if v.is_integer() else repr(v)
            raise ValueError(
                f"{name} answer codes must be whole numbers in 1..5 (1 like, 2 must-be, "
                f"3 neutral, 4 live-with, 5 dislike); got {shown} at index {_pos(raw.shape, k)}"
            )
        out = np.where(miss, 6.0, flat) - 1.0
        codes_float: npt.NDArray[np.int8] = out.astype(np.int8).reshape(raw.shape)
        return codes_float
    if kind in "OUST":
        import pandas as pd

        codes, uniques = pd.factorize(raw.reshape(-1), use_na_sentinel=True)
        table = np.empty(len(uniques) + 1, dtype=np.int8)
        table[-1] = 5  # sentinel -1 -> missing
        for u, value in enumerate(uniques):
            if isinstance(value, (bool, np.bool_)):
                code = None
            elif isinstance(value, (int, np.integer)) or (
                isinstance(value, (float, np.floating)) and float(value).is_integer()
            ):
                code = int(value) if 1 <= int(value) <= 5 else None
            else:
                code = _text_code(value)
            if code is None:
                if isinstance(value, np.generic):
                    value = value.item()
                k = int(np.argmax(codes == u))
                raise ValueError(
                    f"{name} has an unknown answer {value!r} at index {_pos(raw.shape, k)}; "
                    "answers are like, must-be, neutral, live-with, dislike "
                    "(喜欢, 理所当然, 无所谓, 能忍受, 不喜欢) or codes 1..5"
                )
            table[u] = code - 1
        codes_text: npt.NDArray[np.int8] = table[codes].reshape(raw.shape)
        return codes_text
    raise TypeError(f"{name} must hold answers (codes 1..5 or names); got dtype {raw.dtype}")


def _category_table(categories: Any, name: str) -> npt.NDArray[np.int8]:
    """Answer code (0..4) of each category of a pandas Categorical."""
    values = np.empty(len(categories), dtype=object)
    values[:] = list(categories)
    try:
        table: npt.NDArray[np.int8] = _answer_codes(values, name)
    except ValueError as exc:  # the position is that of the category, not a row
        raise ValueError(
            re.sub(r" at index \d+", " among the categories", str(exc), count=1)
        ) from None
    return table


def _recode(codes: Any, table: npt.NDArray[np.int8], out: Any) -> None:
    """Write the answer codes of categorical ``codes`` (-1 missing -> 5) into ``out``."""
    m = table.size
    if np.array_equal(table, np.arange(m)):  # categories in questionnaire order
        np.copyto(out, codes)
        if codes.size and codes.min() < 0:
            np.putmask(out, out < 0, 5)
        return
    lookup = np.full(256, 5, dtype=np.int8)  # code -1 is 255 as uint8
    lookup[:m] = table
    np.take(lookup, codes.astype(np.int8, copy=False).view(np.uint8), out=out)


def _categorical_codes(value: Any, name: str) -> npt.NDArray[np.int8] | None:
    """Answer codes read from pandas Categorical codes, or None for other input.

    A categorical Series or a DataFrame of categorical columns is read
    through its integer codes and a lookup of its few categories, without
    converting the answers to Python objects. The result is column-major
    (one contiguous block per attribute), the layout the counting wants.
    """
    import pandas as pd

    if is_series(value) and isinstance(value.dtype, pd.CategoricalDtype):
        if len(value.cat.categories) > 255:
            return None
        out1 = np.empty(len(value), dtype=np.int8)
        _recode(np.asarray(value.cat.codes), _category_table(value.cat.categories, name), out1)
        return out1
    if not is_dataframe(value) or value.shape[1] == 0:
        return None
    dtypes = list(value.dtypes)
    if not all(isinstance(t, pd.CategoricalDtype) and len(t.categories) < 256 for t in dtypes):
        return None
    n, k = value.shape
    out = np.empty((n, k), dtype=np.int8, order="F")
    tables: dict[Any, npt.NDArray[np.int8]] = {}  # columns usually share one dtype
    for j in range(k):
        column = value.iloc[:, j]
        dtype = dtypes[j]
        if dtype not in tables:
            try:
                tables[dtype] = _category_table(dtype.categories, name)
            except ValueError as exc:
                raise ValueError(f"{exc} (column {str(value.columns[j])!r})") from None
        _recode(np.asarray(column.cat.codes), tables[dtype], out[:, j])
    return out


_AT_CELL = re.compile(r" at index (\d+|\((\d+), (\d+)\))")


def _labelled_answers(value: Any, name: str) -> npt.NDArray[np.int8]:
    """:func:`_answers`, with positions in errors given as the caller's labels."""
    try:
        return _answers(value, name)
    except ValueError as exc:
        match = _AT_CELL.search(str(exc))
        if match is None or not (is_dataframe(value) or is_series(value)):
            raise
        pos = (int(match[1]),) if match[2] is None else (int(match[2]), int(match[3]))
        if pos[0] >= len(value) or (len(pos) == 2 and pos[1] >= np.shape(value)[1]):
            raise
        text = str(exc)
        where = _describe_position(pos, value)
        raise ValueError(f"{text[: match.start()]} at {where}{text[match.end() :]}") from None


def _answers(value: Any, name: str) -> npt.NDArray[np.int8]:
    """Answer codes 0..4 (5 missing) of any accepted answer input."""
    codes = _categorical_codes(value, name) if (is_dataframe(value) or is_series(value)) else None
    if codes is not None:
        return codes
    return _answer_codes(_raw_answers(value), name)


def _raw_answers(value: object) -> np.ndarray[Any, Any]:
    if is_series(value) or is_dataframe(value):
        return np.asarray(value.to_numpy())
    return np.asarray(value)


def _align_answers(functional: Any, dysfunctional: Any) -> tuple[Any, Any]:
    """Pair two pandas answer tables by label (rows), and their columns by name."""
    (functional, dysfunctional), _ = align_by_label(
        functional=functional, dysfunctional=dysfunctional
    )
    if is_dataframe(functional) and is_dataframe(dysfunctional):
        fc = [str(c) for c in functional.columns]
        dc = [str(c) for c in dysfunctional.columns]
        if fc != dc and sorted(fc) == sorted(dc) and len(set(fc)) == len(fc):
            dysfunctional = dysfunctional[list(functional.columns)]
    return functional, dysfunctional


def _pair_categories(
    functional: object, dysfunctional: object, missing: str
) -> npt.NDArray[np.int8]:
    cats: npt.NDArray[np.int8] = _LOOKUP[_pair_codes(functional, dysfunctional, missing)]
    return cats


def _pair_codes(functional: Any, dysfunctional: Any, missing: str) -> npt.NDArray[np.int8]:
    """Pair codes 6 * functional + dysfunctional (0..35; 5 in either code is missing)."""
    functional, dysfunctional = _align_answers(functional, dysfunctional)
    f_shape, d_shape = np.shape(functional), np.shape(dysfunctional)
    if f_shape != d_shape:
        raise ValueError(
            f"functional and dysfunctional must have the same shape; got {f_shape} and {d_shape}"
        )
    if is_dataframe(functional) and is_dataframe(dysfunctional):
        fc = [str(c) for c in functional.columns]
        dc = [str(c) for c in dysfunctional.columns]
        if fc != dc:
            raise ValueError(
                "functional and dysfunctional must have the same columns (attributes); "
                f"got {fc} and {dc}"
            )
    f = _labelled_answers(functional, "functional")
    d = _labelled_answers(dysfunctional, "dysfunctional")
    if f.shape != d.shape:
        raise ValueError(
            f"functional and dysfunctional must have the same shape; got {f.shape} and {d.shape}"
        )
    if missing == "raise":
        for arr, nm, src in ((f, "functional", functional), (d, "dysfunctional", dysfunctional)):
            gap = arr == 5  # no reshape: a column-major array would be copied
            if gap.any():
                labels = src if is_dataframe(src) or is_series(src) else None
                _, at = first_position(gap, labels)
                raise ValueError(
                    f"{nm} has a missing answer{at.split(' (and')[0]}; "
                    "pass missing='omit' to skip incomplete answer pairs"
                )
    pairs: npt.NDArray[np.int8] = f * np.int8(6) + d  # at most 35: stays int8
    return pairs


def _attribute_names(
    functional: object, dysfunctional: object, attributes: Sequence[str] | None, k: int
) -> list[str]:
    """Attribute names: DataFrame columns, a Series name, ``attributes`` or defaults."""
    frame: Any = next((v for v in (functional, dysfunctional) if is_dataframe(v)), None)
    series: Any = next((v for v in (functional, dysfunctional) if is_series(v)), None)
    if frame is not None:
        if attributes is not None:
            raise TypeError("attributes must not be given with DataFrame answers")
        names = [str(c) for c in frame.columns]
    elif attributes is None and series is not None and series.name is not None:
        names = [str(series.name)]
    else:
        names = _given_names(
            attributes,
            k,
            label_name="attributes",
            prefix="attribute",
            of="the answers",
            unit="column",
        )
    if len(set(names)) != len(names):
        raise ValueError(f"attribute names must be unique; got {names}")
    return names


def kano_classify(
    functional: Any,
    dysfunctional: Any,
    *,
    missing: MissingPolicy = "raise",
) -> Any:
    r"""Kano category of each pair of functional and dysfunctional answers.

    Parameters
    ----------
    functional : str, int, array_like, pandas.Series or pandas.DataFrame
        Answers to the functional question ("how do you feel if the product
        has this attribute?"), one per respondent, or one row per respondent
        and one column per attribute.
    dysfunctional : same as ``functional``
        Answers to the dysfunctional question ("... if it does not have
        it?"), same shape. Two pandas inputs must share their index.
    missing : {"raise", "omit"}, keyword-only
        ``"raise"`` (the default) refuses missing answers (NaN, None);
        ``"omit"`` gives an empty category ``""`` to a pair with one.

    Returns
    -------
    str, numpy.ndarray, pandas.Series or pandas.DataFrame
        One letter per pair: ``"A"`` attractive, ``"O"`` one-dimensional,
        ``"M"`` must-be, ``"I"`` indifferent, ``"R"`` reverse, ``"Q"``
        questionable (``""`` for an omitted pair), in the container of the
        input (a DataFrame, on either side, keeps its index and columns).

    Raises
    ------
    ValueError
        If an answer is not one of the accepted forms (naming it and its
        position), the shapes, the DataFrame columns or the pandas indexes
        differ, or an answer is missing under ``missing="raise"``.
    TypeError
        If answers are booleans or of an unsupported type.

    See Also
    --------
    kano_summary : counts, dominant category, Better/Worse per attribute.
    kano_continuous : DuMouchel's continuous analysis of the same answers.

    Notes
    -----
    Accepted answer forms, case-insensitive, with spaces, hyphens and
    underscores interchangeable (a run of them counts as one) and
    apostrophes ignored:

    ====  ========================================  ==========
    code  English                                   Chinese
    ====  ========================================  ==========
    1     like, I like it                           喜欢
    2     must-be, expect, I expect it              理所当然
    3     neutral, I am neutral                     无所谓
    4     live-with, I can live with it, tolerate   能忍受
    5     dislike, I dislike it                     不喜欢
    ====  ========================================  ==========

    Integer codes (or integral floats, or the strings "1" to "5" and "1.0"
    to "5.0") are read by the first column. The pair is classified by the evaluation table
    of Berger et al. (1993) [1]_ (rows functional, columns dysfunctional):

    =============  ====  =======  =======  =========  =======
    functional     like  must-be  neutral  live-with  dislike
    =============  ====  =======  =======  =========  =======
    like           Q     A        A        A          O
    must-be        R     I        I        I          M
    neutral        R     I        I        I          M
    live-with      R     I        I        I          M
    dislike        R     R        R        R          Q
    =============  ====  =======  =======  =========  =======

    In the textbook's words (卡诺模型) attractive quality is 迷人质量,
    one-dimensional (expected) quality 期望质量 and must-be quality 当然质量
    [2]_.

    References
    ----------
    .. [1] Berger, C., Blauth, R., Boger, D., Bolster, C., Burchill, G.,
       DuMouchel, W., Pouliot, F., Richter, R., Rubinoff, A., Shen, D.,
       Timko, M., & Walden, D. (1993). Kano's methods for understanding
       customer-defined quality. *Center for Quality of Management
       Journal*, 2(4), 3-36.
    .. [2] Kano, N., Seraku, N., Takahashi, F., & Tsuji, S. (1984).
       Attractive quality and must-be quality. *Journal of the Japanese
       Society for Quality Control*, 14(2), 39-48.

    Examples
    --------
    >>> from custvalue.satisfaction import kano_classify
    >>> kano_classify("like", "dislike")
    'O'
    >>> kano_classify(["喜欢", "理所当然", "like"], ["无所谓", "不喜欢", "like"])
    array(['A', 'M', 'Q'], dtype='<U1')
    >>> kano_classify([1, 3, 5], [5, 5, 1])
    array(['O', 'M', 'R'], dtype='<U1')
    """
    policy = check_missing(missing, ("raise", "omit"))
    functional, dysfunctional = _align_answers(functional, dysfunctional)
    cats = _pair_categories(functional, dysfunctional, policy)
    letters = _LETTERS[cats]
    if letters.ndim == 0:
        return str(letters)
    if is_dataframe(functional) or is_dataframe(dysfunctional):
        import pandas as pd

        frame: Any = functional if is_dataframe(functional) else dysfunctional
        return pd.DataFrame(letters, index=frame.index, columns=frame.columns)
    if is_series(functional) or is_series(dysfunctional):
        import pandas as pd

        src: Any = functional if is_series(functional) else dysfunctional
        return pd.Series(letters, index=src.index, name="kano_category")
    return letters


@attrs.frozen(eq=False, repr=False)
class KanoSummary(ResultMixin):
    """Per-attribute summary of a Kano survey.

    Attributes
    ----------
    attributes : tuple of str
        Attribute names.
    counts : numpy.ndarray
        Answers per category, shape (attributes, 6), columns in the order
        A, O, M, I, R, Q (:data:`KANO_CATEGORIES`).
    n : numpy.ndarray
        Classified answer pairs per attribute (N).
    shares : numpy.ndarray
        counts / N; rows sum to 1.
    category : tuple of str
        Dominant category per attribute under ``rule``.
    better, worse : numpy.ndarray
        Customer satisfaction coefficients (A+O)/(A+O+M+I) in [0, 1] and
        -(O+M)/(A+O+M+I) in [-1, 0].
    total_strength : numpy.ndarray
        (A+O+M)/N.
    category_strength : numpy.ndarray
        Share of the most frequent category minus that of the second.
    fong_difference, fong_critical : numpy.ndarray
        \\|a - b\\| for the two largest counts and Fong's critical value.
    fong_significant : numpy.ndarray of bool
        Whether the two most frequent categories differ significantly.
    rule : str
        The rule that picked ``category``.
    chi_square, chi_square_p : numpy.ndarray
        Pearson's chi-square statistic (3 degrees of freedom) of the
        counts of A, O, M and I against a uniform distribution, and its p
        value: a small p value means one or two categories dominate.
    importance : numpy.ndarray or None
        Self-stated importance per attribute, when given.
    weighted_better, weighted_worse : numpy.ndarray or None
        Better and Worse times the relative importance (importance over
        its largest value), when ``importance`` is given.
    """

    attributes: tuple[str, ...]
    counts: Any
    n: Any
    shares: Any
    category: tuple[str, ...]
    better: Any
    worse: Any
    total_strength: Any
    category_strength: Any
    fong_difference: Any
    fong_critical: Any
    fong_significant: Any
    rule: str
    chi_square: Any = None
    chi_square_p: Any = None
    importance: Any = None
    weighted_better: Any = None
    weighted_worse: Any = None

    def to_frame(self) -> pd.DataFrame:
        """One row per attribute with stable snake_case columns.

        Columns: ``attribute``, ``n``, ``a``, ``o``, ``m``, ``i``, ``r``, ``q``
        (counts), ``share_a`` ... ``share_q``, ``category``, ``better``,
        ``worse``, ``total_strength``, ``category_strength``,
        ``fong_difference``, ``fong_critical``, ``fong_significant``,
        ``chi_square``, ``chi_square_p``, the 95% Wilson intervals
        ``better_low``, ``better_high``, ``worse_low``, ``worse_high`` and,
        with importance, ``importance``, ``weighted_better``,
        ``weighted_worse``.
        """
        import pandas as pd

        data: dict[str, Any] = {"attribute": list(self.attributes), "n": self.n}
        for k, c in enumerate(KANO_CATEGORIES):
            data[c.lower()] = self.counts[:, k]
        for k, c in enumerate(KANO_CATEGORIES):
            data[f"share_{c.lower()}"] = self.shares[:, k]
        data.update(
            category=list(self.category),
            better=self.better,
            worse=self.worse,
            total_strength=self.total_strength,
            category_strength=self.category_strength,
            fong_difference=self.fong_difference,
            fong_critical=self.fong_critical,
            fong_significant=self.fong_significant,
            chi_square=self.chi_square,
            chi_square_p=self.chi_square_p,
        )
        better = self.confidence_interval(level=0.95, coefficient="better")
        worse = self.confidence_interval(level=0.95, coefficient="worse")
        data.update(
            better_low=better.low,
            better_high=better.high,
            worse_low=worse.low,
            worse_high=worse.high,
        )
        if self.importance is not None:
            data.update(
                importance=self.importance,
                weighted_better=self.weighted_better,
                weighted_worse=self.weighted_worse,
            )
        table: pd.DataFrame = pd.DataFrame(data)
        return table

    def confidence_interval(
        self, *, level: float = 0.95, coefficient: Literal["better", "worse"] = "better"
    ) -> ConfidenceInterval:
        r"""Wilson score interval of Better (or Worse) per attribute.

        Better is the share :math:`(A + O)/(A + O + M + I)` and Worse minus
        the share :math:`(O + M)/(A + O + M + I)` of the same answers, so
        each gets the Wilson interval of a binomial proportion with
        :math:`n = A + O + M + I` (Worse's limits negated). NaN where
        :math:`n = 0`.
        """
        from custvalue.loyalty import _wilson

        lev = check_level(level)
        which = check_option(coefficient, "coefficient", ("better", "worse"))
        c = np.asarray(self.counts, dtype=np.float64)
        n = c[:, :4].sum(axis=1)
        k = c[:, 0] + c[:, 1] if which == "better" else c[:, 1] + c[:, 2]
        with np.errstate(invalid="ignore", divide="ignore"):
            _, low, high = _wilson(k, n, two_sided_z(lev))
        if which == "worse":
            low, high = 0.0 - high, 0.0 - low
        return ConfidenceInterval(frozen_array(low), frozen_array(high), lev)

    def summary(self) -> str:
        """Text table: counts, category, Better, Worse and Fong's verdict."""
        width = max(9, *(len(a) for a in self.attributes))
        cw = max(4, len(str(int(np.max(self.n))))) + 1
        cols = "".join(f"{c:>{cw}}" for c in (*KANO_CATEGORIES, "N"))
        head = f"{'attribute':<{width}}{cols}  cat  better   worse  fong"
        lines = [head, "-" * len(head)]
        for j, name in enumerate(self.attributes):
            counts = "".join(f"{int(x):>{cw}}" for x in (*self.counts[j], self.n[j]))
            verdict = "sig." if self.fong_significant[j] else "n.s."
            lines.append(
                f"{name:<{width}}{counts}  {self.category[j]:<3}"
                f"{self.better[j]:>7.3f}  {self.worse[j]:>6.3f}  {verdict}"
            )
        lines.append(f"(category rule: {self.rule}; Fong's test at z = 1.65)")
        return "\n".join(lines)


def _count_input(counts: object, attributes: Sequence[str] | None) -> tuple[Any, list[str]]:
    if is_dataframe(counts):
        if attributes is not None:
            raise TypeError("attributes must not be given with a DataFrame counts")
        frame: Any = counts
        cols = [str(c) for c in frame.columns]
        unknown = [c for c in cols if c not in KANO_CATEGORIES]
        if unknown:
            raise ValueError(
                "counts columns must be among 'A', 'O', 'M', 'I', 'R', 'Q'; "
                f"got unknown column(s) {unknown}"
            )
        need = [c for c in ("A", "O", "M", "I") if c not in cols]
        if need:
            raise ValueError(f"counts must have columns 'A', 'O', 'M', 'I'; missing {need}")
        table = np.zeros((len(frame), 6))
        for k, c in enumerate(KANO_CATEGORIES):
            if c in cols:
                table[:, k] = as_float_array(frame[c], f"counts[{c!r}]")
        names = [str(i) for i in frame.index]
    else:
        table = as_float_array(counts, "counts", ndim=(1, 2))
        if table.ndim == 1:
            table = table.reshape(1, -1)
        if table.shape[1] != 6:
            raise ValueError(
                f"counts must have 6 columns in the order A, O, M, I, R, Q; got shape {table.shape}"
            )
        names = _given_names(
            attributes,
            table.shape[0],
            label_name="attributes",
            prefix="attribute",
            of="counts",
            unit="row",
        )
    if len(set(names)) != len(names):
        raise ValueError(f"attribute names must be unique; got {names}")
    check_interval(table, "counts", ">= 0")
    check_integral(table, "counts")
    # counts are summed in int64; beyond 2**53 a float count is no longer exact
    check_interval(table, "counts", f"<= {_MAX_COUNT}", hint="counts above 2**53 are not exact")
    return table.astype(np.int64), names


_MAX_COUNT = 2**53


_PRIORITY = np.array([2, 1, 0, 3, 4, 5])  # M > O > A > I > R > Q as column order


def _dominant(counts: Any, rule: str) -> list[str]:
    out: list[str] = []
    for row in counts:
        if rule == "mode":
            ordered = row[_PRIORITY]
            out.append(KANO_CATEGORIES[int(_PRIORITY[int(np.argmax(ordered))])])
        else:
            a, o, m, i, r, q = (int(x) for x in row)
            if a + o + m > i + r + q:
                options = ((m, "M"), (o, "O"), (a, "A"))
            else:
                options = ((i, "I"), (r, "R"), (q, "Q"))
            best = max(v for v, _ in options)
            out.append(next(c for v, c in options if v == best))
    return out


@overload
def kano_summary(
    functional: Any = None,
    dysfunctional: Any = None,
    *,
    by: None = None,
    counts: Any = None,
    importance: Any = None,
    rule: KanoRule = "mode",
    attributes: Sequence[str] | None = None,
    missing: MissingPolicy = "raise",
) -> KanoSummary: ...


@overload
def kano_summary(
    functional: Any = None,
    dysfunctional: Any = None,
    *,
    by: str | npt.ArrayLike | pd.Series[Any],
    counts: Any = None,
    importance: Any = None,
    rule: KanoRule = "mode",
    attributes: Sequence[str] | None = None,
    missing: MissingPolicy = "raise",
) -> SegmentResults: ...


def kano_summary(
    functional: Any = None,
    dysfunctional: Any = None,
    *,
    by: str | npt.ArrayLike | pd.Series[Any] | None = None,
    counts: Any = None,
    importance: Any = None,
    rule: KanoRule = "mode",
    attributes: Sequence[str] | None = None,
    missing: MissingPolicy = "raise",
) -> KanoSummary | SegmentResults:
    r"""Kano survey summary per attribute: categories, Better/Worse, Fong's test.

    Parameters
    ----------
    functional, dysfunctional : array_like or pandas.DataFrame, optional
        Per-respondent answers, one row per respondent and one column per
        attribute (a 1-D input is one attribute); forms as in
        :func:`kano_classify`. Give these, or ``counts``. A DataFrame (on
        either side) names the attributes by its columns, a Series by its
        name. Two pandas inputs are paired by label.
    by : str, array_like or pandas.Series, optional, keyword-only
        Segment of each respondent (answers only), or the name of a column
        of the DataFrame answers holding it (in both tables): one
        :class:`KanoSummary` per segment in a
        :class:`~custvalue.loyalty.SegmentResults`.
    counts : array_like or pandas.DataFrame, keyword-only, optional
        A counts table instead of answers: one row per attribute, columns
        A, O, M, I, R, Q (a DataFrame names them; its index names the
        attributes; absent R and Q columns count as 0).
    importance : array_like, keyword-only, optional
        Self-stated importance (Fong's questionnaire [2]_, any positive
        scale such as 1-9): one value per attribute, or one per respondent
        and attribute (answers' shape; the per-attribute mean is used, NaN
        skipped). Gives ``weighted_better`` and ``weighted_worse``.
    rule : {"mode", "evaluation"}, keyword-only
        How the dominant category is chosen. ``"mode"``: the most frequent
        category, ties broken M > O > A > I > R > Q. ``"evaluation"``: if
        A + O + M > I + R + Q the largest of M, O, A (same tie order), else
        the largest of I, R, Q.
    attributes : sequence of str, keyword-only, optional
        Unique attribute names for array inputs or an array ``counts``
        (default ``attribute_1``, ...).
    missing : {"raise", "omit"}, keyword-only
        For answers: ``"raise"`` (the default) refuses a missing answer;
        ``"omit"`` skips pairs with a missing answer, so N may differ per
        attribute.

    Returns
    -------
    KanoSummary
        Counts, shares, dominant category, ``better``, ``worse``,
        ``total_strength``, ``category_strength`` and Fong's test per
        attribute, with ``to_frame()`` and ``summary()``.

    Raises
    ------
    ValueError
        If neither or both of answers and ``counts`` are given, an answer or
        count is invalid, the pandas indexes of the answers differ,
        attribute names repeat, or an attribute has no classified answer.
    TypeError
        If an input has the wrong type.

    Warns
    -----
    DegenerateDataWarning
        If an attribute has only reverse and questionable answers, so
        Better and Worse are undefined (reported as NaN).

    See Also
    --------
    kano_classify : the category of each answer pair.
    kano_continuous : DuMouchel's continuous analysis.

    Notes
    -----
    With the counts A, O, M, I, R, Q of an attribute and N their sum, the
    customer satisfaction coefficients of Berger et al. (1993) [1]_ are

    .. math::

        \text{Better} = \frac{A + O}{A + O + M + I}, \qquad
        \text{Worse} = -\frac{O + M}{A + O + M + I},

    the total strength is :math:`(A + O + M)/N` and the category strength
    the share of the most frequent category minus that of the second [3]_.
    Fong's test [2]_ compares the two largest counts a and b:

    .. math::

        |a - b| < 1.65 \sqrt{\frac{(a + b)(2N - a - b)}{2N}}

    means the difference is not significant (at about the 10% level), and
    the attribute is better described by both categories. Whether the
    answers favour any category at all is Pearson's chi-square test of the
    counts of A, O, M and I against equal shares,

    .. math::

        \chi^2 = \sum_{c \in \{A, O, M, I\}} \frac{(n_c - e)^2}{e}, \qquad
        e = \frac{A + O + M + I}{4},

    with 3 degrees of freedom (R and Q, which flag misread questions, are
    left out). With self-stated importance :math:`w_j` (relative to its
    largest value, :math:`\tilde w_j = w_j / \max_l w_l`) the weighted
    coefficients are :math:`\tilde w_j\,\text{Better}_j` and
    :math:`\tilde w_j\,\text{Worse}_j`, which rank the attributes by the
    satisfaction they can add and the dissatisfaction they can avert [2]_.
    The textbook's
    names (卡诺模型): attractive 迷人质量, one-dimensional 期望质量, must-be
    当然质量.

    References
    ----------
    .. [1] Berger, C., et al. (1993). Kano's methods for understanding
       customer-defined quality. *Center for Quality of Management
       Journal*, 2(4), 3-36.
    .. [2] Fong, D. (1996). Using the self-stated importance questionnaire
       to interpret Kano questionnaire results. *Center for Quality of
       Management Journal*, 5(3), 21-24.
    .. [3] Lee, M. C., & Newcomb, J. F. (1997). Applying the Kano
       methodology to meet customer requirements: NASA's microgravity
       science program. *Quality Management Journal*, 4(3), 95-110.
    .. [4] Matzler, K., & Hinterhuber, H. H. (1998). How to make product
       development projects more successful by integrating Kano's model of
       customer satisfaction into quality function deployment.
       *Technovation*, 18(1), 25-38.

    Examples
    --------
    A counts table (the "service app" attribute of the stp25kano R
    package's example):

    >>> from custvalue.satisfaction import kano_summary
    >>> s = kano_summary(counts=[[45, 123, 95, 33, 0, 0]], attributes=["service app"])
    >>> s.category, s.better, s.worse
    (('O',), array([0.5676]), array([-0.7365]))
    >>> s.fong_difference, s.fong_critical, s.fong_significant
    (array([28.]), array([19.3637]), array([ True]))

    Raw answers, two respondents and two attributes:

    >>> s = kano_summary([["like", "must-be"], ["like", "like"]],
    ...                  [["dislike", "dislike"], ["neutral", "dislike"]],
    ...                  attributes=["speed", "price"])
    >>> s.counts
    array([[1, 1, 0, 0, 0, 0],
           [0, 1, 1, 0, 0, 0]])
    >>> s.category
    ('O', 'M')
    """
    chosen = check_option(rule, "rule", ("mode", "evaluation"))
    policy = check_missing(missing, ("raise", "omit"))
    have_answers = functional is not None or dysfunctional is not None
    if have_answers and counts is not None:
        raise ValueError("give either functional and dysfunctional answers or counts, not both")
    if counts is not None:
        if by is not None:
            raise ValueError("by needs the answers of each respondent, not a counts table")
        table, names = _count_input(counts, attributes)
        imp = _kano_importance(importance, None, len(names), policy)
        return _summarise(table, names, chosen, imp)
    if functional is None or dysfunctional is None:
        raise ValueError(
            "give both functional and dysfunctional answers, or a counts table (counts=...)"
        )
    seg_codes: Any = None
    if by is not None:
        from custvalue.loyalty import SegmentResults, _segment_codes, _split_by

        if isinstance(by, str) and is_dataframe(functional) and is_dataframe(dysfunctional):
            functional, groups = _split_by(functional, by, "functional")
            dysfunctional, _ = _split_by(dysfunctional, by, "dysfunctional")
        else:
            functional, groups = _split_by(functional, by, "functional")
        segments, seg_codes, by_name = _segment_codes(
            groups, int(np.shape(functional)[0]), "functional"
        )
    cats = _pair_codes(functional, dysfunctional, policy)
    if cats.ndim == 0:
        cats = cats.reshape(1, 1)
    elif cats.ndim == 1:
        cats = cats.reshape(-1, 1)
    elif cats.ndim != 2:
        raise ValueError(
            "functional must be 1-D or 2-D (rows = respondents, columns = attributes); "
            f"got shape {cats.shape}"
        )
    k = cats.shape[1]
    names = _attribute_names(functional, dysfunctional, attributes, k)
    if importance is not None and (is_dataframe(importance) or is_series(importance)):
        (functional, importance), _ = align_by_label(functional=functional, importance=importance)
    if seg_codes is None:
        imp = _kano_importance(importance, cats.shape, k, policy)
        return _summarise(_pair_counts(cats), names, chosen, imp)
    raw_imp = None if importance is None else _raw_answers(importance)
    results = {}
    for j, seg in enumerate(segments):
        rows = seg_codes == j
        seg_imp = raw_imp
        if raw_imp is not None and (
            raw_imp.ndim == 2
            or (raw_imp.ndim == 1 and k == 1 and raw_imp.shape[0] == rows.size != 1)
        ):
            seg_imp = raw_imp[rows]
        imp = _kano_importance(seg_imp, (int(rows.sum()), k), k, policy)
        results[seg] = _summarise(_pair_counts(cats[rows]), names, chosen, imp)
    return SegmentResults(segments=segments, results=results, by=by_name, level=0.95)


def _pair_counts(pairs: npt.NDArray[np.int8]) -> Any:
    """Counts per attribute and category (A, O, M, I, R, Q) of pair codes 0..35.

    The 36 answer pairs of each attribute are counted first (one bincount
    per contiguous column, or one over all columns), then folded into the
    six categories through the evaluation table, so the table lookup runs
    36 times per attribute instead of once per answer.
    """
    k = pairs.shape[1]
    if pairs.flags.f_contiguous and pairs.shape[0] > 0:
        per_pair = np.empty((k, 36), dtype=np.int64)
        for j in range(k):
            per_pair[j] = np.bincount(pairs[:, j], minlength=36)
    else:
        offset = (np.arange(k, dtype=np.intp) * 36)[None, :]
        flat = np.bincount((pairs + offset).reshape(-1), minlength=36 * k)
        per_pair = flat.reshape(k, 36)
    return (per_pair @ _FOLD)[:, :6]


def _mean_importance(imp: FloatArray, policy: str, labels: Sequence[str]) -> FloatArray:
    """Per-attribute mean of importance given per respondent (respondents x attributes).

    A NaN is refused (``policy="raise"``) or skipped; ``labels`` name the
    attributes in the error about one without any value.
    """
    gaps = np.isnan(imp)
    if gaps.any() and policy == "raise":
        r, j = np.argwhere(gaps)[0]
        raise ValueError(
            f"importance has a missing value at index ({int(r)}, {int(j)}); "
            "pass missing='omit' to skip it"
        )
    counts = (~gaps).sum(axis=0)
    none = np.flatnonzero(counts == 0)
    if none.size:
        raise ValueError(f"importance has no value for attribute {labels[int(none[0])]}")
    mean: FloatArray = np.where(gaps, 0.0, imp).sum(axis=0) / counts
    return mean


def _kano_importance(
    importance: Any, shape: tuple[int, ...] | None, k: int, policy: str
) -> FloatArray | None:
    """Per-attribute self-stated importance: given per attribute or averaged over respondents."""
    if importance is None:
        return None
    imp = as_float_array(_raw_answers(importance), "importance", ndim=(1, 2), allow_nan=True)
    # a 1-D importance of length k is per attribute; per respondent needs one attribute
    if imp.ndim == 1 and imp.shape[0] == k:
        per_attribute = imp
        if np.isnan(per_attribute).any():
            raise ValueError("importance per attribute must not contain NaN")
    else:
        if imp.ndim == 1:
            imp = imp.reshape(-1, 1)
        if shape is None or imp.shape != tuple(shape):
            raise ValueError(
                f"importance must have one value per attribute ({k}) or the shape of the "
                f"answers {shape}; got shape {imp.shape}"
            )
        per_attribute = _mean_importance(imp, policy, [str(j) for j in range(imp.shape[1])])
    check_interval(per_attribute, "importance", ">= 0")
    if not np.any(per_attribute > 0):
        raise ValueError("importance must not be 0 for every attribute")
    return per_attribute


def _summarise(
    table: Any, names: list[str], rule: str, importance: FloatArray | None = None
) -> KanoSummary:
    n = table.sum(axis=1)
    empty = np.flatnonzero(n == 0)
    if empty.size:
        raise ValueError(
            f"attribute {names[int(empty[0])]!r} has no classified answer, "
            "so its shares are undefined"
        )
    tf = table.astype(np.float64)
    shares = tf / n[:, None]
    a, o, m, i = tf[:, 0], tf[:, 1], tf[:, 2], tf[:, 3]
    base = a + o + m + i
    undefined = np.flatnonzero(base == 0)
    if undefined.size:
        warnings.warn(
            f"attribute {names[int(undefined[0])]!r} has only reverse and questionable "
            "answers; its Better and Worse coefficients are undefined (NaN)",
            DegenerateDataWarning,
            stacklevel=3,
        )
    safe = np.where(base == 0, 1.0, base)
    better = np.where(base == 0, np.nan, (a + o) / safe)
    worse = np.where(base == 0, np.nan, 0.0 - (o + m) / safe)  # 0.0, not -0.0
    ordered = np.sort(tf, axis=1)
    top, second = ordered[:, -1], ordered[:, -2]
    nf = n.astype(np.float64)
    critical = 1.65 * np.sqrt((top + second) * (2.0 * nf - top - second) / (2.0 * nf))
    difference = top - second
    from scipy import special

    main = tf[:, :4]
    expected = main.sum(axis=1, keepdims=True) / 4.0
    with np.errstate(invalid="ignore", divide="ignore"):
        chi2 = np.where(
            expected[:, 0] > 0,
            ((main - expected) ** 2 / np.where(expected > 0, expected, 1.0)).sum(axis=1),
            np.nan,
        )
    chi2_p = special.chdtrc(3, chi2)  # the chi-square survival function, 3 df
    weighted_better = weighted_worse = None
    if importance is not None:
        relative = importance / float(np.max(importance))
        weighted_better = frozen_array(better * relative)
        weighted_worse = frozen_array(worse * relative)
        importance = frozen_array(importance)
    return KanoSummary(
        attributes=tuple(names),
        counts=frozen_array(table),
        n=frozen_array(n),
        shares=frozen_array(shares),
        category=tuple(_dominant(table, rule)),
        better=frozen_array(better),
        worse=frozen_array(worse),
        total_strength=frozen_array((a + o + m) / nf),
        category_strength=frozen_array((top - second) / nf),
        fong_difference=frozen_array(difference),
        fong_critical=frozen_array(critical),
        fong_significant=frozen_array(difference >= critical),
        rule=rule,
        chi_square=frozen_array(chi2),
        chi_square_p=frozen_array(chi2_p),
        importance=importance,
        weighted_better=weighted_better,
        weighted_worse=weighted_worse,
    )


_FUNCTIONAL_SCORES = np.array([4.0, 2.0, 0.0, -1.0, -2.0, np.nan])
_DYSFUNCTIONAL_SCORES = np.array([-2.0, -1.0, 0.0, 2.0, 4.0, np.nan])


@attrs.frozen(eq=False, repr=False)
class KanoContinuous(ResultMixin):
    """DuMouchel's continuous Kano analysis, one entry per attribute.

    Attributes
    ----------
    attributes : tuple of str
        Attribute names.
    n : numpy.ndarray
        Complete answer pairs per attribute.
    functional_mean, functional_std : numpy.ndarray
        Mean and sample standard deviation of the functional scores.
    dysfunctional_mean, dysfunctional_std : numpy.ndarray
        Mean and sample standard deviation of the dysfunctional scores.
    importance : numpy.ndarray or None
        Mean self-stated importance per attribute, when given.
    quadrant : tuple of str
        ``"A"``, ``"O"``, ``"M"`` or ``"I"`` from the position of the means.
    threshold : float
        The score splitting the quadrants.
    """

    attributes: tuple[str, ...]
    n: Any
    functional_mean: Any
    functional_std: Any
    dysfunctional_mean: Any
    dysfunctional_std: Any
    importance: Any
    quadrant: tuple[str, ...]
    threshold: float

    def to_frame(self) -> pd.DataFrame:
        """One row per attribute: ``attribute``, ``n``, ``functional_mean``,
        ``functional_std``, ``dysfunctional_mean``, ``dysfunctional_std``,
        ``importance`` (when given) and ``quadrant``."""
        import pandas as pd

        data: dict[str, Any] = {
            "attribute": list(self.attributes),
            "n": self.n,
            "functional_mean": self.functional_mean,
            "functional_std": self.functional_std,
            "dysfunctional_mean": self.dysfunctional_mean,
            "dysfunctional_std": self.dysfunctional_std,
        }
        if self.importance is not None:
            data["importance"] = self.importance
        data["quadrant"] = list(self.quadrant)
        table: pd.DataFrame = pd.DataFrame(data)
        return table


def kano_continuous(
    functional: Any,
    dysfunctional: Any,
    *,
    importance: Any = None,
    attributes: Sequence[str] | None = None,
    threshold: float = 2.0,
    missing: MissingPolicy = "raise",
) -> KanoContinuous:
    r"""DuMouchel's continuous analysis of Kano answers.

    Parameters
    ----------
    functional, dysfunctional : array_like or pandas.DataFrame
        Answers as in :func:`kano_classify`, one row per respondent and one
        column per attribute.
    importance : array_like or pandas.DataFrame, keyword-only, optional
        Self-stated importance of each attribute (same shape, numeric, any
        scale such as 1-9); its per-attribute mean is reported. Missing
        values follow ``missing``.
    attributes : sequence of str, keyword-only, optional
        Attribute names for array inputs.
    threshold : float, keyword-only
        Score that splits the quadrants (default 2, the middle of the 0-4
        range where the attribute means normally fall).
    missing : {"raise", "omit"}, keyword-only
        ``"raise"`` (the default) refuses missing answers and importance
        values; ``"omit"`` skips incomplete answer pairs (and missing
        importance values).

    Returns
    -------
    KanoContinuous
        Per-attribute ``functional_mean``, ``functional_std``,
        ``dysfunctional_mean``, ``dysfunctional_std``, ``importance`` and
        ``quadrant``, with ``to_frame()``.

    Raises
    ------
    ValueError
        If answers are invalid, shapes or pandas indexes differ, attribute
        names repeat, or an attribute has fewer than two complete answer
        pairs.
    TypeError
        If an input has the wrong type.

    See Also
    --------
    kano_summary : the discrete (counting) analysis.

    Notes
    -----
    DuMouchel (in Berger et al., 1993 [1]_) scores the answers
    asymmetrically, positive answers counting more than negative ones:

    =================  ====  =======  =======  =========  =======
    answer             like  must-be  neutral  live-with  dislike
    =================  ====  =======  =======  =========  =======
    functional         4     2        0        -1         -2
    dysfunctional      -2    -1       0        2          4
    =================  ====  =======  =======  =========  =======

    Each attribute is placed at (mean dysfunctional score, mean functional
    score). With :math:`t` the ``threshold``: functional >= t and
    dysfunctional >= t is one-dimensional (O); functional >= t only is
    attractive (A); dysfunctional >= t only is must-be (M); neither is
    indifferent (I). Standard deviations (ddof = 1) show how much
    respondents agree.

    References
    ----------
    .. [1] Berger, C., et al. (1993). Kano's methods for understanding
       customer-defined quality. *Center for Quality of Management
       Journal*, 2(4), 3-36, section IVb (W. DuMouchel, "Thoughts on
       graphical and continuous analysis").

    Examples
    --------
    >>> from custvalue.satisfaction import kano_continuous
    >>> k = kano_continuous([["like", "neutral"], ["like", "must-be"]],
    ...                     [["neutral", "dislike"], ["live-with", "dislike"]],
    ...                     attributes=["gift wrap", "brakes"])
    >>> k.functional_mean, k.dysfunctional_mean
    (array([4., 1.]), array([1., 4.]))
    >>> k.quadrant
    ('A', 'M')
    """
    policy = check_missing(missing, ("raise", "omit"))
    thr = as_scalar(threshold, "threshold")
    functional, dysfunctional = _align_answers(functional, dysfunctional)
    if importance is not None:
        (functional, importance), _ = align_by_label(functional=functional, importance=importance)
    f_raw, d_raw = _raw_answers(functional), _raw_answers(dysfunctional)
    if f_raw.shape != d_raw.shape:
        raise ValueError(
            "functional and dysfunctional must have the same shape; "
            f"got {f_raw.shape} and {d_raw.shape}"
        )
    # validates shapes, answers and the missing policy
    _pair_categories(functional, dysfunctional, policy)
    f = _answer_codes(f_raw, "functional")
    d = _answer_codes(d_raw, "dysfunctional")
    if f.ndim == 1:
        f, d = f.reshape(-1, 1), d.reshape(-1, 1)
    if f.ndim != 2:
        raise ValueError(f"functional must be 1-D or 2-D; got shape {f.shape}")
    k = f.shape[1]
    names = _attribute_names(functional, dysfunctional, attributes, k)
    valid = (f < 5) & (d < 5)
    n = valid.sum(axis=0)
    few = np.flatnonzero(n < 2)
    if few.size:
        raise ValueError(
            f"attribute {names[int(few[0])]!r} has {int(n[few[0]])} complete answer pair(s); "
            "at least 2 are needed for a standard deviation"
        )
    fs = _FUNCTIONAL_SCORES[f]
    ds = _DYSFUNCTIONAL_SCORES[d]
    f_mean, f_std = _masked_mean_std(fs, valid, n)
    d_mean, d_std = _masked_mean_std(ds, valid, n)
    imp_mean = None
    if importance is not None:
        imp = as_float_array(_raw_answers(importance), "importance", allow_nan=True)
        if imp.ndim == 1:
            imp = imp.reshape(-1, 1)
        if imp.shape != f.shape:
            raise ValueError(
                f"importance must have the shape of the answers {f.shape}; got {imp.shape}"
            )
        imp_mean = frozen_array(_mean_importance(imp, policy, [repr(c) for c in names]))
    quadrant = tuple(
        ("O" if dm >= thr else "A") if fm >= thr else ("M" if dm >= thr else "I")
        for fm, dm in zip(f_mean, d_mean, strict=True)
    )
    return KanoContinuous(
        attributes=tuple(names),
        n=frozen_array(n.astype(np.int64)),
        functional_mean=frozen_array(f_mean),
        functional_std=frozen_array(f_std),
        dysfunctional_mean=frozen_array(d_mean),
        dysfunctional_std=frozen_array(d_std),
        importance=imp_mean,
        quadrant=quadrant,
        threshold=thr,
    )


def _masked_mean_std(x: FloatArray, valid: Any, n: Any) -> tuple[FloatArray, FloatArray]:
    filled = np.where(valid, x, 0.0)
    mean = filled.sum(axis=0) / n
    dev = np.where(valid, x - mean, 0.0)
    std = np.sqrt((dev**2).sum(axis=0) / (n - 1))
    return mean, std


# ---------------------------------------------------------------------------
# principal component regression
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class DriverWeights(ResultMixin):
    """Driver weights from a principal component regression.

    Attributes
    ----------
    items : tuple of str
        Item names.
    weights : numpy.ndarray
        Standardised coefficients normalised to sum to 1 (the weights of
        the satisfaction index).
    standardized_coefficients : numpy.ndarray
        Effect on overall satisfaction, in standard deviations, of one
        standard deviation of each item.
    coefficients : numpy.ndarray
        The same effects on the raw item scale.
    intercept : float
        Intercept on the raw scale.
    n_components : int
        Principal components kept.
    explained_variance_ratio : numpy.ndarray
        Share of the item variance explained by each kept component.
    r_squared : float
        Share of the variance of overall satisfaction explained.
    n : int
        Respondents used.
    """

    items: tuple[str, ...]
    weights: Any
    standardized_coefficients: Any
    coefficients: Any
    intercept: float
    n_components: int
    explained_variance_ratio: Any
    r_squared: float
    n: int

    def to_frame(self) -> pd.DataFrame:
        """One row per item: ``item``, ``weight``, ``standardized_coefficient``,
        ``coefficient``."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            {
                "item": list(self.items),
                "weight": self.weights,
                "standardized_coefficient": self.standardized_coefficients,
                "coefficient": self.coefficients,
            }
        )
        return frame


def driver_weights(
    responses: npt.ArrayLike | pd.DataFrame,
    overall: npt.ArrayLike | pd.Series[float],
    *,
    n_components: int | None = None,
    items: Sequence[str] | None = None,
    missing: Literal["raise", "listwise"] = "raise",
) -> DriverWeights:
    r"""Weight satisfaction drivers by principal component regression.

    Parameters
    ----------
    responses : array_like or pandas.DataFrame
        Item scores, one row per respondent and one column per item (the
        same data as :func:`likert_summary`'s ``responses``).
    overall : array_like or pandas.Series
        Overall satisfaction of each respondent; a Series is paired with a
        DataFrame ``responses`` by label.
    n_components : int, optional, keyword-only
        Components kept. Default: those whose eigenvalue of the item
        correlation matrix exceeds 1 (Kaiser's rule), at least one.
    items : sequence of str, keyword-only, optional
        Item names for an array ``responses`` (as in
        :func:`likert_summary`: ``items`` always holds names).
    missing : {"raise", "listwise"}, keyword-only
        ``"listwise"`` drops respondents with any missing value (NaN);
        ``"raise"`` (the default) refuses missing values.

    Returns
    -------
    DriverWeights
        ``weights`` (summing to 1), standardised and raw coefficients,
        ``explained_variance_ratio`` of the kept components and the
        ``r_squared`` of the regression, with ``to_frame()``.

    Raises
    ------
    ValueError
        If shapes or pandas indexes disagree, an item is constant, values
        are missing under ``missing="raise"``, there are too few
        respondents, or ``n_components`` is out of range.
    TypeError
        If inputs are not numeric.

    Warns
    -----
    DegenerateDataWarning
        If a standardised coefficient is not positive, so the normalised
        weights are not shares.

    See Also
    --------
    likert_summary : item statistics of the same survey.

    Notes
    -----
    Principal component regression (主成分回归法): the items are
    standardised (:math:`Z`), their principal components
    :math:`T = Z V_k` (from scikit-learn's ``PCA``) are regressed on the
    standardised overall score by ordinary least squares,
    :math:`\hat\gamma = (T^\top T)^{-1} T^\top y_z`, and the component
    coefficients are mapped back to the items,
    :math:`\hat\beta = V_k \hat\gamma`. Collinear items, usual in
    satisfaction surveys, share the weight of the components they load on
    instead of receiving unstable least-squares coefficients. The index
    weights are :math:`w_j = \hat\beta_j / \sum_l \hat\beta_l`.

    References
    ----------
    .. [1] Jolliffe, I. T. (1982). A note on the use of principal components
       in regression. *Journal of the Royal Statistical Society, Series C*,
       31(3), 300-303.
    .. [2] Massy, W. F. (1965). Principal components regression in
       exploratory statistical research. *Journal of the American
       Statistical Association*, 60(309), 234-256.

    Examples
    --------
    >>> import numpy as np
    >>> from custvalue.satisfaction import driver_weights
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(200, 3))
    >>> y = x @ [0.5, 0.3, 0.2] + rng.normal(scale=0.1, size=200)
    >>> fit = driver_weights(x, y, n_components=3, items=["price", "service", "speed"])
    >>> fit.weights.round(3)
    array([0.504, 0.294, 0.203])
    """
    policy = check_missing(missing, ("raise", "listwise"))
    (responses, overall), _ = align_by_label(responses=responses, overall=overall)
    raw, item_names, _row_index = _table_input(responses, "responses", items, "items")
    with labelled_errors(responses, overall):
        x = as_float_array(raw, "responses", ndim=2, allow_nan=True)
        y = as_float_array(overall, "overall", ndim=1, allow_nan=True)
        check_same_length(responses=x, overall=y)
        gaps = np.isnan(x).any(axis=1) | np.isnan(y)
        if gaps.any() and policy == "raise":
            raise ValueError(
                f"responses or overall have a missing value at row {int(np.argmax(gaps))}; "
                f"{missing_hint(('raise', 'listwise'))}"
            )
    if gaps.any():
        x, y = x[~gaps], y[~gaps]
    n, p = x.shape
    if n < 3:
        raise ValueError(f"driver_weights needs at least 3 complete respondents; got {n}")
    mx, sx = _mean_std(x)
    flat = np.flatnonzero(sx == 0)
    if flat.size:
        raise ValueError(f"item {item_names[int(flat[0])]!r} is constant; drop it first")
    my, sy_arr = _mean_std(y[:, None])
    sy = float(sy_arr[0])
    if sy == 0:
        raise ValueError("overall is constant; there is nothing to explain")
    z = (x - mx) / sx
    yz = (y - float(my[0])) / sy

    from sklearn.decomposition import PCA

    full = PCA(svd_solver="full").fit(z)
    eig = np.asarray(full.explained_variance_)
    if n_components is None:
        k = max(1, int(np.count_nonzero(eig > 1.0)))
    else:
        k = as_count(n_components, "n_components", minimum=1)
        limit = min(p, n - 1)
        if k > limit:
            raise ValueError(
                f"n_components must be <= {limit} (items and respondents - 1); got {k}"
            )
    v = np.asarray(full.components_)[:k].T  # p x k
    t = z @ v
    gamma, *_ = np.linalg.lstsq(t, yz, rcond=None)
    beta = v @ gamma
    fitted = t @ gamma
    r2 = 1.0 - float(((yz - fitted) ** 2).sum() / (yz**2).sum())
    if np.any(beta <= 0):
        j = int(np.argmax(beta <= 0))
        warnings.warn(
            f"item {item_names[j]!r} has a non-positive standardised coefficient "
            f"({beta[j]:.4g}); the normalised weights are not shares",
            DegenerateDataWarning,
            stacklevel=2,
        )
    coef = beta * sy / sx
    intercept = float(my[0] - coef @ mx)
    return DriverWeights(
        items=tuple(item_names),
        weights=frozen_array(beta / beta.sum()),
        standardized_coefficients=frozen_array(beta),
        coefficients=frozen_array(coef),
        intercept=intercept,
        n_components=k,
        explained_variance_ratio=frozen_array(np.asarray(full.explained_variance_ratio_)[:k]),
        r_squared=r2,
        n=int(n),
    )


def _mean_std(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Column means and standard deviations (ddof = 1) without overflow.

    Each column is divided by its largest absolute value first, so values
    near the float range (1e200) do not overflow when squared.
    """
    scale = np.abs(x).max(axis=0)
    scale = np.where(scale == 0, 1.0, scale)
    u = x / scale
    return u.mean(axis=0) * scale, u.std(axis=0, ddof=1) * scale
