"""From a transaction event log to per-customer RFM summaries.

"Buy till you die" models (BG/NBD, Pareto/NBD, Gamma-Gamma; see
:mod:`custvalue.btyd`) do not read the event log itself: they need, per
customer, the number of repeat purchases (frequency), the time of the last
purchase (recency), the customer's age (T) and the mean value of the repeat
purchases (monetary value). :func:`rfm_summary` builds that summary from a
DataFrame of transactions, and :func:`compress` collapses customers with the
same ``(frequency, recency, T)`` into patterns with counts, which is what the
likelihoods are evaluated on.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import attrs
import numpy as np

from custvalue._results import ResultMixin
from custvalue._validate import (
    FloatArray,
    IntArray,
    align_by_label,
    as_float_array,
    as_scalar,
    check_customer_summary,
    check_integral,
    check_interval,
    check_option,
    check_same_length,
    is_dataframe,
    labelled_errors,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["CompressedRFM", "Period", "RFMSummary", "compress", "rfm_summary"]

#: A calendar period code or a number of days (see :func:`rfm_summary`).
Period = Literal["D", "W", "M", "Q", "Y"] | float

#: Bits of an int64 sort key available for (key, row number) packing.
_PACK_BITS = 62

_PERIODS: tuple[Literal["D", "W", "M", "Q", "Y"], ...] = ("D", "W", "M", "Q", "Y")


# ---------------------------------------------------------------------------
# compress
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class CompressedRFM(ResultMixin):
    """Distinct ``(frequency, recency, T)`` patterns of a customer base.

    Every ``fit`` and ``loglik`` of :mod:`custvalue.btyd` accepts it as its
    data argument (the counts are the weights), so a base summarised once,
    or on a cluster, is fitted at the cost of its patterns.

    Attributes
    ----------
    frequency, recency, T : numpy.ndarray
        The distinct patterns (float64), sorted by frequency, then recency,
        then T.
    counts : numpy.ndarray
        Number of customers with each pattern (int64); sums to ``n_customers``.
    inverse : numpy.ndarray or None
        Pattern index of each original customer (int64), so that
        ``per_pattern_values[inverse]`` is the per-customer value and
        ``frequency[inverse]`` is the original frequency; None when the
        patterns were built from counts (:meth:`from_counts`).
    index : pandas.Index or None
        The index of the customers when ``frequency`` was a pandas Series,
        used by :meth:`expand` to return a Series.
    """

    frequency: FloatArray
    recency: FloatArray
    T: FloatArray
    counts: IntArray
    inverse: IntArray | None = attrs.field(repr=False)
    index: Any = attrs.field(default=None, repr=False)

    @classmethod
    def from_counts(
        cls, frequency: object, recency: object, T: object, counts: object
    ) -> CompressedRFM:
        """Patterns given with their customer counts (e.g. summed on a cluster).

        Repeated patterns are merged (their counts added) and patterns with
        count 0 dropped; the result has no ``inverse`` (there are no
        individual customers to expand to).

        Raises
        ------
        ValueError
            For an invalid summary (see :func:`compress`) or counts that are
            negative, fractional or all zero.

        Examples
        --------
        >>> from custvalue.transactions import CompressedRFM
        >>> c = CompressedRFM.from_counts([0, 1, 0], [0, 2.0, 0], [5, 5, 5], [10, 3, 2])
        >>> c.counts, c.n_customers
        (array([12,  3]), 15)
        """
        (frequency, recency, T, counts), index = align_by_label(
            frequency=frequency, recency=recency, T=T, counts=counts
        )
        x, tx, age, _ = check_customer_summary(frequency, recency, T, one_d=True)
        with labelled_errors(index):
            n = as_float_array(counts, "counts", ndim=1)
            check_same_length(frequency=x, counts=n)
            check_interval(n, "counts", ">= 0")
            check_integral(n, "counts")
        if not np.any(n > 0):
            raise ValueError("counts must contain at least one positive count; got all zeros")
        c = compress(x, tx, age)
        merged = np.bincount(c.inverse, weights=n, minlength=c.n_patterns)  # type: ignore[arg-type]
        keep = merged > 0
        return cls(
            frequency=c.frequency[keep],
            recency=c.recency[keep],
            T=c.T[keep],
            counts=np.rint(merged[keep]).astype(np.int64),
            inverse=None,
            index=None,
        )

    @property
    def n_customers(self) -> int:
        """Number of customers summarised (the sum of the counts)."""
        return int(np.sum(self.counts))

    @property
    def n_patterns(self) -> int:
        """Number of distinct ``(frequency, recency, T)`` patterns."""
        return int(self.counts.shape[0])

    def expand(self, values: object) -> Any:
        """Map per-pattern values back to one value per customer.

        Parameters
        ----------
        values : array_like
            One number (or one row of numbers) per pattern, in the order of
            the patterns.

        Returns
        -------
        numpy.ndarray or pandas.Series
            ``values[inverse]``: one entry per original customer; a Series
            with the customers' index when :func:`compress` was given Series
            and ``values`` is 1-D.

        Raises
        ------
        ValueError
            If ``values`` does not have one entry per pattern, holds NaN or
            infinity, or the patterns were built by :meth:`from_counts`.
        TypeError
            If ``values`` is not numeric.
        """
        arr = as_float_array(values, "values", ndim=(1, 2))
        if arr.shape[0] != self.n_patterns:
            raise ValueError(
                f"values must have one entry per pattern (n_patterns = {self.n_patterns}); "
                f"got shape {arr.shape}"
            )
        if self.inverse is None:
            raise ValueError(
                "these patterns were built from counts (CompressedRFM.from_counts) and hold "
                "no map back to customers; use compress() on the customers to expand"
            )
        out = arr[self.inverse]
        if self.index is not None and out.ndim == 1:
            import pandas as pd

            return pd.Series(out, index=self.index)
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per pattern: ``frequency``, ``recency``, ``T``, ``count``."""
        import pandas as pd

        cols: dict[str, np.ndarray[Any, Any]] = {
            "frequency": self.frequency,
            "recency": self.recency,
            "T": self.T,
            "count": self.counts,
        }
        frame: pd.DataFrame = pd.DataFrame(cols)
        return frame


def _check_rfm(frequency: object, recency: object, T: object) -> tuple[FloatArray, ...]:
    """Validate a ``(frequency, recency, T)`` summary and return float arrays and the index."""
    return check_customer_summary(frequency, recency, T, one_d=True)


def _ranks(values: FloatArray) -> tuple[IntArray, int]:
    """Rank of each value among the distinct values, and their number."""
    ordered = np.sort(values)
    keep = np.empty(ordered.shape[0], dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    distinct = ordered[keep]
    return np.searchsorted(distinct, values).astype(np.int64), int(distinct.shape[0])


def _sort_patterns(x: FloatArray, tx: FloatArray, age: FloatArray) -> tuple[IntArray, Any]:
    """Order sorting customers by ``(x, tx, age)`` and the mask of new patterns."""
    n = x.shape[0]
    rx, nx = _ranks(x)
    rtx, ntx = _ranks(tx)
    rage, nage = _ranks(age)
    row_bits = max(1, (n - 1).bit_length())
    if (nx * ntx * nage - 1).bit_length() + row_bits <= _PACK_BITS:
        # one integer sort of (pattern rank, row) packed into an int64:
        # a stable sort by pattern, faster than a three-key lexsort
        key = (rx * ntx + rtx) * nage + rage
        packed = np.left_shift(key, row_bits) | np.arange(n, dtype=np.int64)
        packed.sort()
        order = packed & ((1 << row_bits) - 1)
        sorted_key = np.right_shift(packed, row_bits)
        new = np.empty(n, dtype=bool)
        new[0] = True
        np.not_equal(sorted_key[1:], sorted_key[:-1], out=new[1:])
        return order, new
    order = np.lexsort((age, tx, x))  # more than 2**62 combinations
    xs, txs, ages = x[order], tx[order], age[order]
    new = np.empty(n, dtype=bool)
    new[0] = True
    new[1:] = (xs[1:] != xs[:-1]) | (txs[1:] != txs[:-1]) | (ages[1:] != ages[:-1])
    return order, new


def compress(frequency: object, recency: object, T: object) -> CompressedRFM:
    """Collapse customers into distinct ``(frequency, recency, T)`` patterns.

    The BG/NBD and Pareto/NBD likelihoods depend on a customer only through
    ``(x, t_x, T)``, and in period-based data many customers share a pattern
    (all one-time buyers of one cohort, for instance). Evaluating the
    likelihood once per pattern, weighted by its count, costs time in the
    number of patterns instead of the number of customers.

    Parameters
    ----------
    frequency : array_like
        Number of repeat purchases per customer (whole numbers >= 0).
    recency : array_like
        Time of the last repeat purchase since the first purchase (0 when
        ``frequency`` is 0), with ``0 <= recency <= T``.
    T : array_like
        Age of each customer at the end of observation (>= 0).

    Returns
    -------
    CompressedRFM
        The patterns (sorted by frequency, recency, T), their ``counts`` and
        the ``inverse`` map back to customers.

    Raises
    ------
    ValueError
        If the lengths differ, a value is NaN or infinite, ``frequency`` is
        negative or fractional, ``recency`` is outside ``[0, T]``, or
        ``recency`` is not 0 where ``frequency`` is 0.
    TypeError
        If an input is not numeric.

    See Also
    --------
    rfm_summary : builds ``frequency``, ``recency`` and ``T`` from a log.

    Notes
    -----
    ``(x, t_x, T)`` is a sufficient statistic (充分统计量) of a customer's
    history under the BG/NBD and Pareto/NBD models (Fader, Hardie & Lee
    2005, section 3; Schmittlein, Morrison & Colombo 1987). With patterns
    :math:`k = 1, \\dots, K` and counts :math:`n_k`, a log-likelihood summed
    over customers is

    .. math::

        \\ell = \\sum_{i=1}^{N} \\ell(x_i, t_{x,i}, T_i)
              = \\sum_{k=1}^{K} n_k \\, \\ell(x_k, t_{x,k}, T_k).

    The patterns are found with one integer sort: each column is replaced by
    the rank of its value among the column's distinct values, and the three
    ranks are combined into one integer key per customer.

    References
    ----------
    1. Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your
       customers" the easy way: an alternative to the Pareto/NBD model.
       *Marketing Science*, 24(2), 275-284.
    2. Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Counting
       your customers: who are they and what will they do next?
       *Management Science*, 33(1), 1-24.

    Examples
    --------
    >>> from custvalue.transactions import compress
    >>> c = compress([0, 2, 0, 2], [0, 5, 0, 5], [10, 10, 10, 10])
    >>> c.n_customers, c.n_patterns
    (4, 2)
    >>> c.frequency, c.counts
    (array([0., 2.]), array([2, 2]))
    >>> c.expand(c.frequency * 10)
    array([ 0., 20.,  0., 20.])
    """
    x, tx, age, index = _check_rfm(frequency, recency, T)
    n = x.shape[0]
    order, new = _sort_patterns(x, tx, age)
    starts = np.flatnonzero(new)
    first = order[starts]
    counts = np.diff(np.append(starts, n)).astype(np.int64)
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return CompressedRFM(
        frequency=x[first],
        recency=tx[first],
        T=age[first],
        counts=counts,
        inverse=inverse,
        index=index,
    )


# ---------------------------------------------------------------------------
# rfm_summary
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class RFMSummary(ResultMixin):
    """Per-customer frequency, recency, age and spend from a transaction log.

    Every per-customer attribute is a pandas Series indexed by customer (the
    index is named after the customer column, customers in sorted order, or
    in order of first appearance when the labels cannot be ordered), so
    ``BetaGeo.fit(s.frequency, s.recency, s.T)`` works directly and the
    predictions come back with the customers' labels. :meth:`to_frame` gives
    the same numbers as one DataFrame.

    Attributes
    ----------
    frequency : pandas.Series
        Number of repeat purchase periods: periods with at least one purchase,
        after the period of the first purchase (up to ``calibration_end`` when
        given).
    recency : pandas.Series
        Time from the first to the last purchase period, in periods (0 for
        customers without repeat purchase).
    T : pandas.Series
        Age: time from the first purchase period to the end of observation
        (``calibration_end`` when given, else ``observation_end``), in periods.
    monetary_value : pandas.Series or None
        Mean value of the repeat purchase periods (each period's purchases
        summed), 0 without repeat purchase; ``None`` without a value column.
    frequency_holdout : pandas.Series or None
        Number of purchase periods after ``calibration_end`` up to
        ``observation_end``; ``None`` without ``calibration_end``.
    monetary_value_holdout : pandas.Series or None
        Mean value of those holdout periods, 0 without holdout purchase.
    duration_holdout : float or None
        Length of the holdout, in periods.
    period : str or float
        The period used: ``"D"``, ``"W"``, ``"M"``, ``"Q"``, ``"Y"`` or a
        number of days.
    observation_end, calibration_end : pandas.Timestamp or None
        The end of observation (default: the last transaction) and of the
        calibration period, in the dates' wall-clock time.
    n_transactions : int
        Number of rows of the log summarised.
    n_holdout_only : int
        Customers whose first purchase falls in the holdout: they have no
        calibration history and are not in the summary (0 without
        ``calibration_end``).
    """

    frequency: pd.Series[float]
    recency: pd.Series[float]
    T: pd.Series[float]
    monetary_value: pd.Series[float] | None
    frequency_holdout: pd.Series[float] | None
    monetary_value_holdout: pd.Series[float] | None
    duration_holdout: float | None
    period: str | float
    observation_end: pd.Timestamp
    calibration_end: pd.Timestamp | None
    n_transactions: int
    n_holdout_only: int

    @property
    def n_customers(self) -> int:
        """Number of customers in the summary."""
        return int(self.frequency.shape[0])

    def to_frame(self) -> pd.DataFrame:
        """The summary as a DataFrame indexed by customer.

        Columns ``frequency``, ``recency``, ``T``, then ``monetary_value``
        when values were given, then ``frequency_holdout``,
        ``monetary_value_holdout`` and ``duration_holdout`` when
        ``calibration_end`` was given.
        """
        import pandas as pd

        cols: dict[str, Any] = {
            "frequency": self.frequency,
            "recency": self.recency,
            "T": self.T,
        }
        if self.monetary_value is not None:
            cols["monetary_value"] = self.monetary_value
        if self.frequency_holdout is not None:
            cols["frequency_holdout"] = self.frequency_holdout
            if self.monetary_value_holdout is not None:
                cols["monetary_value_holdout"] = self.monetary_value_holdout
            cols["duration_holdout"] = np.full(self.n_customers, self.duration_holdout)
        frame: pd.DataFrame = pd.DataFrame(cols, index=self.frequency.index)
        return frame

    def compress(self) -> CompressedRFM:
        """The distinct ``(frequency, recency, T)`` patterns (see :func:`compress`)."""
        return compress(self.frequency, self.recency, self.T)


#: Numeric dates whose day and month can swap: 01/02/2024, 1.2.24, 01-02-2024.
_AMBIGUOUS_DATE = re.compile(r"^\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}(?:\b|\s|T|$)")


def _ambiguity(text: str, name: str) -> ValueError:
    return ValueError(
        f"{name} holds dates such as {text!r} that read as day/month or month/day; "
        "pass date_format= to say which (for example date_format='%d/%m/%Y' or "
        "'%m/%d/%Y'), or give ISO dates ('2024-02-01')"
    )


def _parse_text_dates(column: Any, name: str, date_format: str | None) -> Any:
    """Parse text dates: with ``date_format`` strictly, else refusing ambiguous forms."""
    import pandas as pd

    if date_format is not None:
        try:
            return pd.to_datetime(column, format=date_format)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{name} does not match date_format={date_format!r} ({exc})") from None
    texts = column[column.map(lambda v: isinstance(v, str))]
    if len(texts):
        # the pattern as text: pandas 2.0's Arrow strings take no compiled pattern
        hits = texts[texts.str.match(_AMBIGUOUS_DATE.pattern)]
        if len(hits):
            raise _ambiguity(str(hits.iloc[0]), name)
    try:
        return pd.to_datetime(column)
    except ValueError:  # e.g. ISO dates with and without a time of day
        return pd.to_datetime(column, format="ISO8601")


def _as_datetimes(
    column: pd.Series[Any], name: str, date_format: str | None = None
) -> tuple[np.ndarray[Any, Any], Any]:
    """Naive datetime64 values (wall-clock time) of a date column and its time zone."""
    import pandas as pd
    from pandas.api import types as pdt

    dtype = column.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        tz = dtype.tz
        values = np.asarray(column.dt.tz_localize(None).to_numpy())
    elif pdt.is_datetime64_dtype(dtype):
        tz = None
        values = np.asarray(column.to_numpy())
    elif pdt.is_bool_dtype(dtype) or pdt.is_numeric_dtype(dtype) or pdt.is_timedelta64_dtype(dtype):
        raise TypeError(
            f"{name} must hold dates (datetime64 values, or text such as '2024-01-31'); "
            f"got dtype {dtype}"
        )
    else:
        try:
            parsed = _parse_text_dates(column, name, date_format)
        except ValueError as exc:
            if "date_format" in str(exc):
                raise
            raise ValueError(
                f"{name} could not be parsed as dates ({exc}); convert it first with "
                "pandas.to_datetime(..., format=...) or pass date_format="
            ) from None
        except (TypeError, OverflowError) as exc:
            raise ValueError(
                f"{name} could not be parsed as dates ({exc}); convert it first with "
                "pandas.to_datetime(..., format=...)"
            ) from None
        if not (
            isinstance(parsed.dtype, pd.DatetimeTZDtype) or pdt.is_datetime64_dtype(parsed.dtype)
        ):
            raise ValueError(
                f"{name} could not be parsed as dates of one time zone; got dtype "
                f"{parsed.dtype} after parsing; convert it first with "
                "pandas.to_datetime(..., utc=True)"
            )
        return _as_datetimes(parsed, name)
    missing = np.isnat(values)
    if missing.any():
        i = int(np.argmax(missing))
        count = int(missing.sum())
        more = f" (and {count - 1} more)" if count > 1 else ""
        raise ValueError(f"{name} must not contain missing dates; got NaT at row {i}{more}")
    return values, tz


def _as_timestamp(
    value: object, name: str, tz: Any, date_format: str | None = None
) -> pd.Timestamp:
    """A naive Timestamp in the wall-clock time of the dates' time zone ``tz``."""
    import numbers

    import pandas as pd

    if isinstance(value, (bool, numbers.Number, np.bool_, np.number)):
        raise TypeError(
            f"{name} must be a date (a Timestamp or text such as '2024-01-31'); got {value!r}"
        )
    if isinstance(value, str):
        if date_format is not None:
            try:
                value = pd.to_datetime(value, format=date_format)
            except (ValueError, TypeError) as exc:
                raise ValueError(
                    f"{name} does not match date_format={date_format!r} ({exc}); got {value!r}"
                ) from None
        elif _AMBIGUOUS_DATE.match(value):
            raise _ambiguity(value, name)
    try:
        ts = pd.Timestamp(value)  # type: ignore[arg-type]
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} could not be parsed as a date ({exc}); got {value!r}") from None
    if ts is pd.NaT or not isinstance(ts, pd.Timestamp):
        raise ValueError(f"{name} must be a date, not missing; got {value!r}")
    if ts.tz is not None:
        if tz is None:
            raise ValueError(
                f"{name} is timezone-aware ({ts.tz}) but the date column is not; give a naive date"
            )
        ts = ts.tz_convert(tz).tz_localize(None)
    out: pd.Timestamp = ts
    return out


def _period_codes(stamps: np.ndarray[Any, Any], unit: str) -> IntArray:
    """Integer number of the calendar period containing each date."""
    if unit in ("M", "Q"):
        months = stamps.astype("datetime64[M]").astype(np.int64)
        return months if unit == "M" else np.floor_divide(months, 3)
    if unit == "Y":
        return stamps.astype("datetime64[Y]").astype(np.int64)
    days = stamps.astype("datetime64[D]").astype(np.int64)
    if unit == "W":
        # 1970-01-01 was a Thursday: weeks run Monday to Sunday
        weeks: IntArray = np.floor_divide(days + 3, 7)
        return weeks
    return days


def _column(transactions: pd.DataFrame, label: object, role: str) -> pd.Series[Any]:
    if not isinstance(label, Hashable) or label not in transactions.columns:
        shown = ", ".join(repr(c) for c in list(transactions.columns)[:20])
        raise ValueError(f"{role}={label!r} is not a column of transactions; columns are [{shown}]")
    column = transactions[label]
    if is_dataframe(column):
        raise ValueError(f"{role}={label!r} names several columns of transactions; rename them")
    return column


def _factorize(column: pd.Series[Any]) -> tuple[IntArray, pd.Index[Any]]:
    """Customer codes 0..n_customers-1 in sorted label order (-1 for missing)."""
    import pandas as pd

    dtype = column.dtype
    if (
        isinstance(dtype, np.dtype)
        and (dtype.kind == "i" or (dtype.kind == "u" and dtype.itemsize < 8))
        and column.shape[0] > 0
    ):
        # dense integer ids: a presence table instead of hashing
        ids = np.asarray(column.to_numpy(), dtype=np.int64)
        low, high = int(ids.min()), int(ids.max())
        if high - low < 4 * ids.shape[0] + 1024:
            offset = ids - low
            present = np.zeros(high - low + 1, dtype=bool)
            present[offset] = True
            rank = np.cumsum(present, dtype=np.int64) - 1
            labels = np.flatnonzero(present) + low
            return rank[offset], pd.Index(labels.astype(dtype, copy=False))
    # hash, then sort only the distinct labels (much cheaper than sort=True)
    raw_codes, raw_uniques = pd.factorize(column, sort=False)
    codes = np.asarray(raw_codes, dtype=np.int64)
    uniques = pd.Index(raw_uniques)
    try:
        if uniques.inferred_type == "string":  # numpy sorts fixed-width text fast
            text = np.asarray(uniques.to_numpy(), dtype=str)
            order = np.argsort(text, kind="stable").astype(np.int64)
        else:
            order = np.asarray(uniques.argsort(), dtype=np.int64)
    except TypeError:  # labels of unorderable types: order of first appearance
        return codes, uniques
    rank = np.empty(order.shape[0], dtype=np.int64)
    rank[order] = np.arange(order.shape[0], dtype=np.int64)
    missing = codes < 0
    codes = rank[codes]
    codes[missing] = -1
    return codes, uniques.take(order)


def _sorted_pairs(
    key: IntArray, values: FloatArray | None, n_keys: int
) -> tuple[IntArray, FloatArray | None]:
    """Distinct keys in increasing order, with the sum of ``values`` per key."""
    n = key.shape[0]
    if values is None:
        skey = np.sort(key)
        svals = None
    else:
        row_bits = max(1, (n - 1).bit_length())
        if (max(n_keys - 1, 1)).bit_length() + row_bits <= _PACK_BITS:
            # one integer sort carries the row numbers in the low bits:
            # equivalent to a stable argsort, several times faster
            packed = np.left_shift(key, row_bits) | np.arange(n, dtype=np.int64)
            packed.sort()
            order = packed & ((1 << row_bits) - 1)
            skey = np.right_shift(packed, row_bits)
        else:  # more than 2**62 customer-periods
            order = np.argsort(key, kind="stable")
            skey = key[order]
        svals = values[order]
    starts = _run_starts(skey)
    sums = None if svals is None else np.add.reduceat(svals, starts)
    return skey[starts], sums


def _run_starts(sorted_keys: IntArray) -> IntArray:
    """Positions where a run of equal values starts in a sorted, non-empty array."""
    new = np.empty(sorted_keys.shape[0], dtype=bool)
    new[0] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=new[1:])
    return np.flatnonzero(new)


def _occasion_summary(
    cust: IntArray, rel: IntArray, cal_rel: int, scale: float
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    """Repeat purchases, recency and age of each customer from her calibration occasions.

    ``cust`` and ``rel`` (periods since the first code) describe the purchase
    occasions, non-empty, grouped by customer and in time order. Returns the
    position of each customer's first occasion, then her frequency, recency
    and age, the last two divided by ``scale``.
    """
    n_pairs = cust.shape[0]
    starts = _run_starts(cust)
    ends = np.append(starts[1:], n_pairs) - 1
    frequency = (np.diff(np.append(starts, n_pairs)) - 1).astype(np.float64)
    first = rel[starts]
    recency = (rel[ends] - first).astype(np.float64)
    age = (cal_rel - first).astype(np.float64)
    if scale != 1.0:
        recency /= scale
        age /= scale
    return starts, frequency, recency, age


def _mean_or_zero(total: FloatArray, count: FloatArray) -> FloatArray:
    out = np.zeros_like(total)
    np.divide(total, count, out=out, where=count > 0)
    return out


class _Occasions(NamedTuple):
    """The purchase occasions of a log, summarised per customer bought from in calibration."""

    kept: IntArray  # customer codes, one per summarised customer, ascending
    frequency: FloatArray
    recency: FloatArray
    age: FloatArray
    monetary: FloatArray | None
    pair_cust: IntArray  # customer code of each (customer, period) occasion
    pair_value: FloatArray | None
    in_cal: Any  # bool mask of the occasions in the calibration period


def _occasions(
    cust_codes: IntArray,
    n_customers: int,
    codes: IntArray,
    values: FloatArray | None,
    first_code: int,
    obs_code: int,
    cal_code: int,
    scale: float,
) -> _Occasions | None:
    """Frequency, recency, T and mean repeat value from customer and period codes.

    ``first_code``, ``obs_code`` and ``cal_code`` are the period codes of
    the first transaction, the observation end and the calibration end.
    ``None`` when no customer bought in the calibration period.
    """
    # one key per (customer, period); sorted distinct keys are the purchase
    # occasions, grouped by customer and in time order within a customer
    span = obs_code - first_code + 1
    rel = codes - first_code
    key = cust_codes.astype(np.int64) * span + rel
    pair_key, pair_value = _sorted_pairs(key, values, n_customers * span)
    pair_cust = pair_key // span
    pair_rel = pair_key - pair_cust * span

    cal_rel = cal_code - first_code
    in_cal = pair_rel <= cal_rel
    c_cust = pair_cust[in_cal]
    c_rel = pair_rel[in_cal]
    if c_cust.shape[0] == 0:
        return None
    starts, frequency, recency, age = _occasion_summary(c_cust, c_rel, cal_rel, scale)
    monetary = None
    if pair_value is not None:
        repeat_value = pair_value[in_cal]  # a fresh array (boolean indexing)
        repeat_value[starts] = 0.0
        repeat_total: FloatArray = np.add.reduceat(repeat_value, starts)
        monetary = _mean_or_zero(repeat_total, frequency)
    return _Occasions(
        c_cust[starts], frequency, recency, age, monetary, pair_cust, pair_value, in_cal
    )


def _holdout(occ: _Occasions, n_customers: int) -> tuple[FloatArray, FloatArray | None, int]:
    """Holdout purchase counts and mean values of the summarised customers.

    Also the number of customers seen only in the holdout period.
    """
    position = np.full(n_customers, -1, dtype=np.int64)
    position[occ.kept] = np.arange(occ.kept.shape[0])
    hold = ~occ.in_cal
    h_pos = position[occ.pair_cust[hold]]
    known = h_pos >= 0
    n_holdout_only = int(np.unique(occ.pair_cust[hold][~known]).shape[0])
    h_count = np.bincount(h_pos[known], minlength=occ.kept.shape[0]).astype(np.float64)
    h_mean = None
    if occ.pair_value is not None:
        h_total = np.bincount(
            h_pos[known], weights=occ.pair_value[hold][known], minlength=occ.kept.shape[0]
        ).astype(np.float64)
        h_mean = _mean_or_zero(h_total, h_count)
    return h_count, h_mean, n_holdout_only


def rfm_summary(
    transactions: pd.DataFrame,
    *,
    customer: Hashable,
    date: Hashable,
    value: Hashable | None = None,
    period: Period = "D",
    observation_end: object = None,
    calibration_end: object = None,
    date_format: str | None = None,
) -> RFMSummary:
    """Summarise a transaction log into per-customer frequency, recency, T and spend.

    Parameters
    ----------
    transactions : pandas.DataFrame
        The event log, one row per transaction. It is not modified.
    customer : hashable
        Column with the customer identifier (any hashable labels, no missing
        values).
    date : hashable
        Column with the transaction time: datetime64 (naive or with a time
        zone, whose wall-clock time is used), or text/date objects that
        :func:`pandas.to_datetime` parses.
    value : hashable, optional
        Column with the transaction value (numbers >= 0). Without it no
        monetary value is computed.
    period : {"D", "W", "M", "Q", "Y"} or float
        The time unit. ``"D"`` calendar days, ``"W"`` calendar weeks running
        Monday to Sunday, ``"M"`` calendar months, ``"Q"`` calendar quarters,
        ``"Y"`` calendar years; purchases are counted once per such period and
        times are whole numbers of periods. A number ``k > 0`` means:
        purchases are counted once per calendar day, and times are the
        numbers of days divided by ``k`` (``period=7`` gives fractional
        weeks).
    observation_end : date-like, optional
        End of observation; its period is the last observed one. Default:
        the last transaction. Must not fall in a period before the last
        transaction. With time-zone-aware dates, a naive ``observation_end``
        (or ``calibration_end``) is read in their wall-clock time and an
        aware one is converted to their time zone.
    calibration_end : date-like, optional
        End of the calibration period. When given, frequency, recency, T and
        monetary value describe the calibration periods only (up to and
        including the period of ``calibration_end``), and the holdout
        purchases after it, up to ``observation_end``, are summarised in
        ``frequency_holdout`` and ``monetary_value_holdout``. Must fall from
        the period of the first transaction up to the period before
        ``observation_end``.
    date_format : str, optional
        The ``strftime`` format of text dates (in the date column,
        ``observation_end`` and ``calibration_end``), e.g. ``"%d/%m/%Y"``.
        Without it, ISO dates (``"2024-02-01"``) and dates with month names
        are read, but numeric dates whose day and month can swap
        (``"01/02/2024"``) are refused rather than guessed.

    Returns
    -------
    RFMSummary
        Series indexed by customer (sorted labels; index named after the
        customer column): ``frequency``, ``recency``, ``T``,
        ``monetary_value`` and the holdout fields; :meth:`RFMSummary.to_frame`
        gives one DataFrame.

    Raises
    ------
    TypeError
        If ``transactions`` is not a DataFrame, the date column holds
        numbers, the value column is not numeric, or a date argument is a
        number.
    ValueError
        If a column is missing, the log is empty, a customer or date is
        missing, dates cannot be parsed, a value is negative or NaN,
        text dates are ambiguous (``01/02/2024``) without ``date_format``
        or do not match it, ``period`` is unknown or not positive,
        ``observation_end`` falls
        before the last transaction's period, or ``calibration_end`` lies
        outside the data.

    See Also
    --------
    compress : distinct ``(frequency, recency, T)`` patterns of the summary.
    custvalue.btyd.BetaGeo.fit : fits the BG/NBD model to the summary.

    Notes
    -----
    The RFM summary (RFM 汇总：最近购买时间、购买频率、购买金额) of the
    "buy till you die" literature (Schmittlein, Morrison & Colombo 1987;
    Fader, Hardie & Lee 2005a). Number the periods with integers (calendar
    day, Monday-to-Sunday week, month, quarter or year containing each
    date), let :math:`c_1 < c_2 < \\dots < c_{x+1}` be the distinct periods
    in which customer :math:`i` bought, :math:`c_e` the period of the end of
    observation and :math:`s_j` the total value bought in period
    :math:`c_j`. Then

    .. math::

        x_i = (\\text{number of distinct purchase periods}) - 1, \\quad
        t_{x,i} = (c_{x+1} - c_1) / k, \\quad
        T_i = (c_e - c_1) / k, \\quad
        m_i = \\frac{1}{x_i} \\sum_{j=2}^{x_i + 1} s_j \\;(m_i = 0 \\text{ if } x_i = 0),

    with :math:`k = 1` for calendar periods and :math:`k` the number of
    days for a numeric ``period`` (whose periods are days). Several
    purchases in one period count as one purchase occasion whose value is
    their sum: the models describe purchase occasions in discrete or
    continuous time and have no notion of several events at one instant.
    The first purchase only marks the customer's start ("birth"): it counts
    in neither frequency nor monetary value, which is the convention of the
    Gamma-Gamma spend model (Fader, Hardie & Lee 2005b; Fader & Hardie
    2013), whose :math:`m_x` is the mean of the :math:`x` repeat
    transactions. Weeks are calendar weeks (Monday to Sunday, pandas'
    ``"W-SUN"``), not blocks of seven days from each customer's first
    purchase; use ``period=7`` for the latter kind of time scale. Both
    ``"D"`` and ``"W"`` give the same numbers as
    ``lifetimes.utils.summary_data_from_transaction_data`` with ``freq="D"``
    and ``"W"``, and ``period=7`` the same as its ``freq="D",
    freq_multiplier=7``.

    With ``calibration_end`` in period :math:`c_c`, the calibration summary
    uses the purchase periods :math:`\\le c_c` and :math:`T_i = (c_c - c_1)
    / k`; the holdout frequency counts the purchase periods in
    :math:`(c_c, c_e]`, the holdout monetary value is their mean value
    (per-period sums, like the calibration value; lifetimes' holdout value
    instead averages single transactions), and the holdout lasts
    :math:`(c_e - c_c) / k` periods. Customers first seen in the holdout are
    left out and counted in ``n_holdout_only``.

    The computation is vectorised: customers are factorised, dates turned
    into integer period numbers, and one integer sort of (customer, period)
    keys yields every purchase occasion; its cost is that of sorting the
    log.

    References
    ----------
    1. Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Counting
       your customers: who are they and what will they do next?
       *Management Science*, 33(1), 1-24.
    2. Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005a). "Counting your
       customers" the easy way: an alternative to the Pareto/NBD model.
       *Marketing Science*, 24(2), 275-284.
    3. Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005b). RFM and CLV:
       using iso-value curves for customer base analysis. *Journal of
       Marketing Research*, 42(4), 415-430.
    4. Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of
       monetary value. http://brucehardie.com/notes/025/

    Examples
    --------
    >>> import pandas as pd
    >>> from custvalue.transactions import rfm_summary
    >>> log = pd.DataFrame({
    ...     "customer": ["a", "a", "a", "a", "b", "c", "c"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-04",
    ...                             "2024-01-10", "2024-01-03", "2024-01-02",
    ...                             "2024-01-09"]),
    ...     "amount": [10.0, 5.0, 20.0, 30.0, 8.0, 4.0, 6.0],
    ... })
    >>> s = rfm_summary(log, customer="customer", date="date", value="amount",
    ...                 observation_end="2024-01-14")
    >>> s.to_frame()
              frequency  recency     T  monetary_value
    customer
    a               2.0      9.0  13.0            25.0
    b               0.0      0.0  11.0             0.0
    c               1.0      7.0  12.0             6.0

    In calendar weeks (2024-01-01 is a Monday) the two purchases of ``a`` in
    the first week count once:

    >>> w = rfm_summary(log, customer="customer", date="date", value="amount",
    ...                 period="W", observation_end="2024-01-14")
    >>> w.frequency.tolist(), w.T.tolist()
    ([1.0, 0.0, 1.0], [1.0, 1.0, 1.0])

    A calibration/holdout split at the end of the first week:

    >>> h = rfm_summary(log, customer="customer", date="date", value="amount",
    ...                 observation_end="2024-01-14", calibration_end="2024-01-07")
    >>> h.to_frame()[["frequency", "T", "frequency_holdout", "duration_holdout"]]
              frequency    T  frequency_holdout  duration_holdout
    customer
    a               1.0  6.0                1.0               7.0
    b               0.0  4.0                0.0               7.0
    c               0.0  5.0                1.0               7.0
    """
    import pandas as pd

    if not is_dataframe(transactions):
        raise TypeError(
            f"transactions must be a pandas DataFrame with one row per transaction; "
            f"got {type(transactions).__name__}"
        )
    if isinstance(period, str):
        unit: str = check_option(period, "period", _PERIODS)
        scale = 1.0
        period_out: str | float = unit
    else:
        scale = as_scalar(period, "period", "> 0")
        unit = "D"
        period_out = scale
    cust_col = _column(transactions, customer, "customer")
    date_col = _column(transactions, date, "date")
    value_col = None if value is None else _column(transactions, value, "value")
    n = int(transactions.shape[0])
    if n == 0:
        raise ValueError("transactions must not be empty; got a DataFrame with 0 rows")

    cust_codes, uniques = _factorize(cust_col)
    missing = cust_codes < 0
    if missing.any():
        i = int(np.argmax(missing))
        raise ValueError(
            f"customer column {customer!r} must not contain missing values; "
            f"got {cust_col.iloc[i]!r} at row {i}"
        )

    values = None
    if value_col is not None:
        vname = f"value column {value!r}"
        values = as_float_array(value_col, vname, ndim=1)
        check_interval(values, vname, ">= 0")

    if date_format is not None and not isinstance(date_format, str):
        raise TypeError(
            f"date_format must be a strftime format such as '%d/%m/%Y'; got {date_format!r}"
        )
    stamps, tz = _as_datetimes(date_col, f"date column {date!r}", date_format)
    codes = _period_codes(stamps, unit)
    first_code = int(codes.min())
    last_code = int(codes.max())
    last_stamp = pd.Timestamp(stamps.max())

    if observation_end is None:
        obs_ts = last_stamp
        obs_code = last_code
    else:
        obs_ts = _as_timestamp(observation_end, "observation_end", tz, date_format)
        obs_code = int(_period_codes(np.array([obs_ts.to_datetime64()]), unit)[0])
        if obs_code < last_code:
            raise ValueError(
                f"observation_end must not fall in a period before the last transaction "
                f"({last_stamp}); got {obs_ts}"
            )
    cal_ts = None
    cal_code = obs_code
    if calibration_end is not None:
        cal_ts = _as_timestamp(calibration_end, "calibration_end", tz, date_format)
        cal_code = int(_period_codes(np.array([cal_ts.to_datetime64()]), unit)[0])
        if not first_code <= cal_code < obs_code:
            first_stamp = pd.Timestamp(stamps.min())
            raise ValueError(
                "calibration_end must lie within the data: from the period of the first "
                f"transaction ({first_stamp}) to the period before observation_end "
                f"({obs_ts}); got {cal_ts}"
            )

    occ = _occasions(cust_codes, len(uniques), codes, values, first_code, obs_code, cal_code, scale)
    assert occ is not None  # the log has a transaction in the calibration period
    frequency, recency, age, monetary = occ.frequency, occ.recency, occ.age, occ.monetary
    index = uniques.take(occ.kept).rename(customer)

    def series(data: FloatArray, name: str) -> pd.Series[float]:
        return pd.Series(data, index=index, name=name)

    freq_h = mon_h = None
    duration = None
    n_holdout_only = 0
    if calibration_end is not None:
        h_count, h_mean, n_holdout_only = _holdout(occ, len(uniques))
        freq_h = series(h_count, "frequency_holdout")
        if h_mean is not None:
            mon_h = series(h_mean, "monetary_value_holdout")
        duration = float(obs_code - cal_code) / scale

    return RFMSummary(
        frequency=series(frequency, "frequency"),
        recency=series(recency, "recency"),
        T=series(age, "T"),
        monetary_value=None if monetary is None else series(monetary, "monetary_value"),
        frequency_holdout=freq_h,
        monetary_value_holdout=mon_h,
        duration_holdout=duration,
        period=period_out,
        observation_end=obs_ts,
        calibration_end=cal_ts,
        n_transactions=n,
        n_holdout_only=n_holdout_only,
    )
