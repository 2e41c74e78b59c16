"""RFM scores (RFM模型): recency, frequency and monetary value in quantile classes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from custvalue._indexed import IndexedResultMixin
from custvalue._results import FrozenDict
from custvalue._validate import (
    IntArray,
    MissingPolicy,
    align_by_label,
    as_count,
    as_float_array,
    check_interval,
    check_missing,
    check_same_length,
    missing_hint,
    with_caller_labels,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["SEGMENTS", "RFMScores", "rfm_scores"]

#: The eight RFM customer-value segments (客户价值细分), keyed by whether
#: recency, frequency and monetary scores are high (True) or low (False).
SEGMENTS: Mapping[tuple[bool, bool, bool], str] = FrozenDict(
    {
        (True, True, True): "important value",  # 重要价值客户
        (True, False, True): "important development",  # 重要发展客户
        (False, True, True): "important retention",  # 重要保持客户
        (False, False, True): "important win-back",  # 重要挽留客户
        (True, True, False): "general value",  # 一般价值客户
        (True, False, False): "general development",  # 一般发展客户
        (False, True, False): "general retention",  # 一般保持客户
        (False, False, False): "general win-back",  # 一般挽留客户
    }
)


@attrs.frozen(eq=False, repr=False)
class RFMScores(IndexedResultMixin):
    """RFM quantile scores, codes and segments.

    Attributes
    ----------
    recency_score, frequency_score, monetary_score : numpy.ndarray of int
        Scores 1..bins (bins = best: shortest time since the last purchase,
        most frequent, highest spend).
    code : numpy.ndarray of str
        The three scores written together, e.g. ``"555"``.
    segment : numpy.ndarray of str
        One of the eight :data:`SEGMENTS`.
    bins : int
        Number of quantile classes.
    index : pandas.Index or None
        Index of Series input, used by :meth:`to_frame`; with
        ``missing="listwise"`` the labels (or positions) of the customers
        scored.
    """

    recency_score: IntArray
    frequency_score: IntArray
    monetary_score: IntArray
    code: np.ndarray[Any, Any]
    segment: np.ndarray[Any, Any]
    bins: int
    index: Any = attrs.field(default=None, eq=False)

    @property
    def total(self) -> IntArray:
        """Sum of the three scores (3..3 x bins)."""
        out: IntArray = self.recency_score + self.frequency_score + self.monetary_score
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per customer: recency_score, frequency_score, monetary_score, code, segment."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            {
                "recency_score": self.recency_score,
                "frequency_score": self.frequency_score,
                "monetary_score": self.monetary_score,
                "code": self.code,
                "segment": self.segment,
            },
            index=self.index,
        )
        return frame

    def segment_counts(self) -> pd.DataFrame:
        """Customers per segment: segment, customers, share (all eight segments listed)."""
        import pandas as pd

        names = list(SEGMENTS.values())
        counts = [int(np.count_nonzero(self.segment == s)) for s in names]
        total = max(len(self.segment), 1)
        frame: pd.DataFrame = pd.DataFrame(
            {"segment": names, "customers": counts, "share": [c / total for c in counts]}
        )
        return frame


def _quantile_score(values: np.ndarray[Any, Any], bins: int) -> IntArray:
    """1 + floor(bins x middle position of the tie group / m); ties share a score."""
    m = values.shape[0]
    ordered = np.sort(values)
    below = np.searchsorted(ordered, values, side="left")
    upto = np.searchsorted(ordered, values, side="right")
    # twice the 0-based middle position: (first + last) of the tie group
    twice_mid = below + upto - 1
    score: IntArray = (1 + (bins * twice_mid) // (2 * m)).astype(np.int64)
    return score


def _as_inputs(
    time_since_last_purchase: object, frequency: object, monetary: object
) -> tuple[object, object, object]:
    """The three indicators, taken from an ``RFMSummary`` when one is given."""
    from custvalue.transactions import RFMSummary

    if not isinstance(time_since_last_purchase, RFMSummary):
        if frequency is None or monetary is None:
            raise TypeError(
                "rfm_scores needs frequency and monetary with time_since_last_purchase "
                "(or a transactions.RFMSummary alone); got "
                f"frequency={'None' if frequency is None else '...'}, "
                f"monetary={'None' if monetary is None else '...'}"
            )
        return time_since_last_purchase, frequency, monetary
    summary = time_since_last_purchase
    if frequency is not None or monetary is not None:
        raise TypeError(
            "rfm_scores takes frequency and monetary from the RFMSummary; do not pass them as well"
        )
    if summary.monetary_value is None:
        raise ValueError(
            "the RFMSummary has no monetary_value (it was built without a value column); "
            "pass time_since_last_purchase, frequency and monetary yourself"
        )
    # summary.recency is t_x, the time from the first to the last purchase
    since_last = (summary.T - summary.recency).rename("time_since_last_purchase")
    return since_last, summary.frequency, summary.monetary_value


def rfm_scores(
    time_since_last_purchase: object,
    frequency: object = None,
    monetary: object = None,
    *,
    bins: int = 5,
    missing: MissingPolicy = "raise",
) -> RFMScores:
    r"""RFM scores: quantile classes of recency, frequency and monetary value.

    Parameters
    ----------
    time_since_last_purchase : array_like, pandas Series or RFMSummary
        The R of RFM: time since the customer's last purchase (days, weeks,
        periods), >= 0; smaller is better. This is *not* the ``recency`` of
        :mod:`custvalue.transactions` and :mod:`custvalue.btyd`, which is
        :math:`t_x`, the time from the first to the last purchase. A
        :class:`custvalue.transactions.RFMSummary` may be passed instead of
        all three inputs: then the time since the last purchase is
        :math:`T - t_x`, frequency its ``frequency`` (repeat purchases) and
        monetary its ``monetary_value``.
    frequency : array_like or pandas Series
        Number of purchases in the period, >= 0.
    monetary : array_like or pandas Series
        Spend (or margin) in the period.
    bins : int, default 5
        Number of classes, 2..9 (so that codes are three digits).
    missing : {"raise", "listwise"}, default "raise"
        NaN in an input: ``"raise"`` refuses it; ``"listwise"`` scores only
        the customers with all three values (the others are left out of
        the result and of the quantiles).

    Returns
    -------
    RFMScores
        Scores, ``code`` (``"555"`` for the best customers) and ``segment``.

    Raises
    ------
    ValueError
        For inputs of different lengths (or Series with different labels),
        negative time since the last purchase or frequency, NaN (with
        ``missing="raise"``) or infinite values, or ``bins`` outside 2..9.
    TypeError
        For non-numeric input, or frequency / monetary missing (or given
        together with an RFMSummary).

    Notes
    -----
    Each score is the customer's quantile class,

    .. math:: s_i = 1 + \left\lfloor \text{bins} \cdot
              \frac{r_i}{m} \right\rfloor , \qquad
              r_i = \#\{c : x_c < x_i\} + \frac{\#\{c : x_c = x_i\} - 1}{2},

    computed on minus the time since the last purchase (recent customers
    score high), frequency and monetary; :math:`r_i` is the 0-based
    position of the middle of customer i's tie group (its own position when
    it has no tie).
    Customers with equal values share a score, the class of their group's
    middle, so classes are equal in size only without ties, a reversed
    indicator gets reversed scores, and a constant indicator puts everyone
    in the middle class (for odd ``m``). A score is *high* when it
    is above the middle class, :math:`s > (\text{bins} + 1) / 2`; the high /
    low pattern of (R, F, M) gives the eight segments of the Chinese RFM
    literature, e.g. high-high-high "important value" (重要价值客户) and
    low-low-high "important win-back" (重要挽留客户).

    References
    ----------
    .. [1] Hughes, A. M. (1994). *Strategic Database Marketing*. Probus.
    .. [2] Bult, J. R., & Wansbeek, T. (1995). Optimal selection for direct
       mail. *Marketing Science*, 14(4), 378-394.

    Examples
    --------
    >>> from custvalue.scoring.rfm import rfm_scores
    >>> rfm = rfm_scores([5, 40, 90, 10, 200], [12, 3, 1, 8, 1],
    ...                  [900, 150, 40, 700, 60], bins=5)
    >>> rfm.code
    array(['555', '333', '211', '444', '112'], dtype='<U3')
    >>> rfm.segment[:2]
    array(['important value', 'general win-back'], dtype='<U21')
    """
    k = as_count(bins, "bins", minimum=2)
    if k > 9:
        raise ValueError(f"bins must be <= 9 (one digit per score in the code); got {k}")
    policy = check_missing(missing, allowed=("raise", "listwise"))
    since, frequency, monetary = _as_inputs(time_since_last_purchase, frequency, monetary)
    (since, frequency, monetary), index = align_by_label(
        time_since_last_purchase=since, frequency=frequency, monetary=monetary
    )
    keep_nan = policy == "listwise"
    arrays = []
    for name, value in (
        ("time_since_last_purchase", since),
        ("frequency", frequency),
        ("monetary", monetary),
    ):
        try:
            arrays.append(as_float_array(value, name, ndim=1, allow_nan=keep_nan))
        except (ValueError, TypeError) as exc:
            err = with_caller_labels(exc, value)
            if "NaN" in str(err) and not keep_nan:
                raise ValueError(f"{err}; {missing_hint(('raise', 'listwise'))}") from None
            raise err from None
    r, f, mon = arrays
    check_same_length(time_since_last_purchase=r, frequency=f, monetary=mon)
    if keep_nan:
        rows = ~(np.isnan(r) | np.isnan(f) | np.isnan(mon))
        if not rows.all():
            r, f, mon = r[rows], f[rows], mon[rows]
            if index is None:
                import pandas as pd

                index = pd.RangeIndex(rows.shape[0])
            index = index[rows]
        if r.shape[0] == 0:
            raise ValueError("no customer has all three values (missing='listwise' left none)")
    for name, arr in (("time_since_last_purchase", r), ("frequency", f)):
        try:
            check_interval(arr, name, ">= 0")
        except ValueError as exc:
            if index is None:
                raise
            import pandas as pd

            raise with_caller_labels(exc, pd.Series(arr, index=index)) from None
    rs = _quantile_score(-r, k)
    fs = _quantile_score(f, k)
    ms = _quantile_score(mon, k)
    code = np.char.add(np.char.add(rs.astype(str), fs.astype(str)), ms.astype(str)).astype("<U3")
    mid = (k + 1) / 2
    names = np.array(list(SEGMENTS.values()))
    key = (rs > mid).astype(int) * 4 + (fs > mid).astype(int) * 2 + (ms > mid).astype(int)
    lookup = np.empty(8, dtype=names.dtype)
    for (hr, hf, hm), name in SEGMENTS.items():
        lookup[int(hr) * 4 + int(hf) * 2 + int(hm)] = name
    return RFMScores(
        recency_score=rs,
        frequency_score=fs,
        monetary_score=ms,
        code=code,
        segment=lookup[key],
        bins=k,
        index=index,
    )
