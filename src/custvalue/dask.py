"""The same models on Dask: from a partitioned transaction log to fitted models.

A customer base of tens of millions of customers with billions of
transactions does not fit in one process. The models of this library need
far less than the raw data, though:

- BG/NBD and Pareto/NBD likelihoods depend on a customer only through the
  pattern ``(x, t_x, T)``, and most customers share a pattern with many
  others (:func:`compress` counts them on the cluster);
- the Gamma-Gamma spend likelihood depends on a repeat buyer only through
  ``(x, m_x)`` (:func:`spend_patterns`);
- PLS path modelling needs only the means and cross-products of the
  indicators (:func:`moments`);
- the pyramid's tier thresholds need a handful of order statistics, and
  the Net Promoter Score eleven counts.

These functions compute those sufficient statistics in one distributed
pass over a :mod:`dask.dataframe` collection; the small optimisation then
runs on the client with the in-memory functions, so the numbers are the
same. Per-customer results (:func:`rfm_summary`, :func:`predict`) stay on
the cluster as lazy Dask collections.

Dask is an optional dependency (``pip install "custvalue[dask]"``):
``import custvalue`` never imports it, this module imports it when a
function runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np

from custvalue._results import ResultMixin
from custvalue._validate import (
    FloatArray,
    IntArray,
    as_float_array,
    as_scalar,
    check_interval,
    check_level,
    check_option,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from custvalue.loyalty import NPSResult, SegmentResults
    from custvalue.pls import Moments
    from custvalue.pyramid import Concentration
    from custvalue.transactions import CompressedRFM, Period

__all__ = [
    "DistributedTiers",
    "assign_tiers",
    "compress",
    "concentration",
    "moments",
    "nps",
    "predict",
    "rfm_summary",
    "spend_patterns",
]

Quantity = Literal["p_alive", "conditional_expected_purchases", "clv"]

# internal column names of the prepared log (no clash with the caller's)
_CUST, _PERIOD, _VALUE, _ROW, _STAMP = (
    "_cv_customer",
    "_cv_period",
    "_cv_value",
    "_cv_row",
    "_cv_ns",
)
# rows of one partition are numbered below 2**_ROW_BITS
_ROW_BITS = 40


def _dask_dataframe() -> Any:
    """``dask.dataframe``, or an ImportError that says how to install it."""
    try:
        import dask.dataframe as dd
    except ImportError as exc:  # pragma: no cover - the extra is installed in CI
        raise ImportError(
            "custvalue.dask needs Dask: pip install 'custvalue[dask]' "
            "(dask[dataframe], distributed and pyarrow)"
        ) from exc
    return dd


def _dask_module(name: str = "dask") -> Any:
    """A Dask module as an untyped object (Dask's own annotations are partial)."""
    import importlib

    _dask_dataframe()
    return importlib.import_module(name)


def _check_frame(value: object, name: str) -> Any:
    dd = _dask_dataframe()
    if not isinstance(value, dd.DataFrame):
        raise TypeError(
            f"{name} must be a dask DataFrame (e.g. dask.dataframe.read_parquet(...)); "
            f"got {type(value).__name__}; for a pandas DataFrame use the in-memory functions"
        )
    return value


def _check_series(value: object, name: str) -> Any:
    dd = _dask_dataframe()
    if not isinstance(value, dd.Series):
        raise TypeError(
            f"{name} must be a dask Series (e.g. frame['clv']); got {type(value).__name__}"
        )
    return value


def _column_name(frame: Any, label: object, role: str) -> Hashable:
    if not isinstance(label, Hashable) or label not in frame.columns:
        shown = ", ".join(repr(c) for c in list(frame.columns)[:20])
        raise ValueError(f"{role}={label!r} is not a column of transactions; columns are [{shown}]")
    if list(frame.columns).count(label) > 1:
        raise ValueError(f"{role}={label!r} names several columns of transactions; rename them")
    return label


# ---------------------------------------------------------------------------
# rfm_summary
# ---------------------------------------------------------------------------


def _parse_dates(column: pd.Series[Any], name: str, date_format: str | None) -> tuple[Any, Any]:
    """Naive wall-clock datetime64 values of one partition's dates, and their time zone.

    The in-memory function's parser: ``date_format`` when given, else
    pandas' inference, refusing day/month-ambiguous text.
    """
    from custvalue import transactions as tr

    return tr._as_datetimes(column, name, date_format)


def _prepare_rows(
    part: pd.DataFrame,
    customer: Hashable,
    date: Hashable,
    value: Hashable | None,
    unit: str,
    date_format: str | None,
    partition_info: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """One partition of the log as (customer, period code, value, row number, stamp)."""
    return _rows_and_zone(part, customer, date, value, unit, date_format, partition_info)[0]


def _rows_and_zone(
    part: pd.DataFrame,
    customer: Hashable,
    date: Hashable,
    value: Hashable | None,
    unit: str,
    date_format: str | None,
    partition_info: dict[str, Any] | None,
) -> tuple[pd.DataFrame, Any]:
    """The prepared rows of one partition and the time zone of its dates."""
    import pandas as pd

    from custvalue import transactions as tr

    number = 0 if partition_info is None else int(partition_info["number"])
    n = int(part.shape[0])
    if n >= 1 << _ROW_BITS:
        raise ValueError(f"a partition of transactions holds {n} rows; repartition it smaller")
    cust = part[customer]
    missing = cust.isna().to_numpy()
    if missing.any():
        i = int(np.argmax(missing))
        raise ValueError(
            f"customer column {customer!r} must not contain missing values; "
            f"got {cust.iloc[i]!r} at row {part.index[i]!r} of partition {number}"
        )
    stamps, tz = _parse_dates(part[date], f"date column {date!r}", date_format)
    cols: dict[str, Any] = {
        _CUST: cust.to_numpy() if not isinstance(cust.dtype, pd.StringDtype) else cust.array,
        _PERIOD: tr._period_codes(stamps, unit),
    }
    if value is not None:
        vname = f"value column {value!r}"
        values = as_float_array(part[value], vname, ndim=1, allow_empty=True)
        check_interval(values, vname, ">= 0")
        cols[_VALUE] = values
    cols[_ROW] = (np.int64(number) << _ROW_BITS) + np.arange(n, dtype=np.int64)
    cols[_STAMP] = stamps.astype("datetime64[ns]").astype(np.int64)
    out: pd.DataFrame = pd.DataFrame(cols, index=pd.RangeIndex(n))
    return out, tz


def _partition_stats(
    part: pd.DataFrame,
    customer: Hashable,
    date: Hashable,
    value: Hashable | None,
    unit: str,
    date_format: str | None,
    partition_info: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Rows, first/last period and first/last time stamp of one partition, and its time zone."""
    import pandas as pd

    rows, tz = _rows_and_zone(part, customer, date, value, unit, date_format, partition_info)
    n = int(rows.shape[0])
    big = np.iinfo(np.int64).max
    codes = rows[_PERIOD].to_numpy()
    ns = rows[_STAMP].to_numpy()
    out: pd.DataFrame = pd.DataFrame(
        {
            "n": [n],
            "first": [int(codes.min()) if n else big],
            "last": [int(codes.max()) if n else -big],
            "first_ns": [int(ns.min()) if n else big],
            "last_ns": [int(ns.max()) if n else -big],
            "tz": ["" if tz is None else str(tz)],
        }
    )
    return out


def _empty_summary(index: pd.Index[Any], has_value: bool, holdout: bool) -> pd.DataFrame:
    import pandas as pd

    names = ["frequency", "recency", "T"]
    if has_value:
        names.append("monetary_value")
    if holdout:
        names.append("frequency_holdout")
        if has_value:
            names.append("monetary_value_holdout")
        names.append("duration_holdout")
    out: pd.DataFrame = pd.DataFrame(
        {c: np.zeros(len(index), dtype=np.float64) for c in names}, index=index
    )
    return out


def _summarise_partition(
    part: pd.DataFrame,
    first_code: int,
    cal_code: int,
    obs_code: int,
    scale: float,
    holdout: bool,
    has_value: bool,
    index_name: Hashable,
    index_meta: pd.Index[Any],
) -> pd.DataFrame:
    """The RFM summary of the customers of one partition (all of their rows are here).

    The same steps as :func:`custvalue.transactions.rfm_summary`, on the rows
    put back in the order of the original log, so that the per-period sums
    add the same values in the same order and give the same floats.
    """
    from custvalue import transactions as tr

    empty = _empty_summary(index_meta[:0], has_value, holdout)
    if part.shape[0] == 0:
        return empty
    order = np.argsort(part[_ROW].to_numpy(), kind="stable")
    cust = part[_CUST].iloc[order].reset_index(drop=True)
    codes = part[_PERIOD].to_numpy()[order]
    values = part[_VALUE].to_numpy()[order] if has_value else None
    cust_codes, uniques = tr._factorize(cust)
    occ = tr._occasions(
        cust_codes, len(uniques), codes, values, first_code, obs_code, cal_code, scale
    )
    if occ is None:  # every customer here was first seen in the holdout
        return empty
    index = uniques.take(occ.kept).rename(index_name)
    out = _empty_summary(index, has_value, holdout)
    out["frequency"] = occ.frequency
    out["recency"] = occ.recency
    out["T"] = occ.age
    if occ.monetary is not None:
        out["monetary_value"] = occ.monetary
    if holdout:
        h_count, h_mean, _ = tr._holdout(occ, len(uniques))
        out["frequency_holdout"] = h_count
        if h_mean is not None:
            out["monetary_value_holdout"] = h_mean
        out["duration_holdout"] = float(obs_code - cal_code) / scale
    return out


def rfm_summary(
    transactions: Any,
    *,
    customer: Hashable,
    date: Hashable,
    value: Hashable | None = None,
    period: Period = "D",
    observation_end: object = None,
    calibration_end: object = None,
    date_format: str | None = None,
) -> Any:
    """Per-customer frequency, recency, T and spend of a partitioned transaction log.

    The distributed counterpart of :func:`custvalue.transactions.rfm_summary`:
    the same arguments and the same numbers, for a log that does not fit in
    memory.

    Parameters
    ----------
    transactions : dask.dataframe.DataFrame
        The event log, one row per transaction, in any number of partitions
        (a customer's purchases, even those of one day, may be spread over
        several partitions).
    customer, date, value, period, observation_end, calibration_end
        As in :func:`custvalue.transactions.rfm_summary`.
    date_format : str, optional
        As in the in-memory function: the strftime format of a text date
        column (and of text ``observation_end`` / ``calibration_end``).
        Each partition is parsed on its own, so text dates without a format
        could be inferred differently in different partitions; give the
        format, or store the dates as timestamps (as Parquet does).

    Returns
    -------
    dask.dataframe.DataFrame
        Lazy; one row per customer, indexed by customer (index named after
        the customer column), with the columns of
        :meth:`custvalue.transactions.RFMSummary.to_frame`: ``frequency``,
        ``recency``, ``T``, then ``monetary_value`` with ``value``, then
        ``frequency_holdout``, ``monetary_value_holdout`` and
        ``duration_holdout`` with ``calibration_end``. Customers are
        spread over partitions by a hash of their label and sorted within
        each partition; ``.compute().sort_index()`` is the in-memory
        summary's frame, value for value.

    Raises
    ------
    TypeError
        If ``transactions`` is not a dask DataFrame, or the dates are
        numbers (as in the in-memory function).
    ValueError
        As in the in-memory function, when the function is called (its
        first pass reads every row): a missing customer, a negative value or
        a date that does not parse is reported with its partition and row;
        dates of several time zones in different partitions are refused.

    See Also
    --------
    custvalue.transactions.rfm_summary : the in-memory summary.
    compress : the ``(x, t_x, T)`` pattern counts of the summary.

    Notes
    -----
    The RFM summary (RFM 汇总) of :func:`custvalue.transactions.rfm_summary`,
    whose Notes give the definitions and references, computed in three
    steps. (1) One pass over the log checks every row and computes the
    first and last purchase period and time stamp (the end of observation
    defaults to the last transaction); the calibration checks are made on
    the client.
    (2) Each row gets its period number and its position in the log
    (partition number and row), and the rows are shuffled so that all the
    rows of a customer meet in one partition. (3) Each partition runs the
    in-memory algorithm on its rows, put back in log order; a customer's
    numbers depend only on the customer's own rows, so they equal the
    in-memory ones exactly, including the floating-point sums of values
    within a period (added in the same order).

    The log is read twice (steps 1 and 2-3); the shuffle moves about 32
    bytes per transaction (24 without values).

    Examples
    --------
    A log of three customers in three partitions; ``a`` buys twice on
    1 January, in different partitions, which counts as one purchase:

    >>> import pandas as pd
    >>> import dask.dataframe as dd
    >>> import custvalue.dask as cvd
    >>> log = pd.DataFrame({
    ...     "customer": ["a", "a", "a", "a", "b", "c", "c"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-04", "2024-01-01",
    ...                             "2024-01-10", "2024-01-03", "2024-01-02",
    ...                             "2024-01-09"]),
    ...     "amount": [10.0, 20.0, 5.0, 30.0, 8.0, 4.0, 6.0],
    ... })
    >>> ddf = dd.from_pandas(log, npartitions=3, sort=False)
    >>> summary = cvd.rfm_summary(ddf, customer="customer", date="date",
    ...                           value="amount", observation_end="2024-01-14")
    >>> summary.compute().sort_index()
              frequency  recency     T  monetary_value
    customer
    a               2.0      9.0  13.0            25.0
    b               0.0      0.0  11.0             0.0
    c               1.0      7.0  12.0             6.0

    On a cluster only the client's address changes (not run here)::

        from distributed import Client

        client = Client("tcp://scheduler:8786")  # or Client() on a laptop
        log = dd.read_parquet("s3://bucket/transactions/")
        summary = cvd.rfm_summary(log, customer="customer_id", date="date",
                                  value="amount", period="W")
    """
    import pandas as pd
    from pandas.api import types as pdt

    from custvalue import transactions as tr

    frame = _check_frame(transactions, "transactions")
    if isinstance(period, str):
        unit: str = check_option(period, "period", tr._PERIODS)
        scale = 1.0
    else:
        scale = as_scalar(period, "period", "> 0")
        unit = "D"
    cust_name = _column_name(frame, customer, "customer")
    date_name = _column_name(frame, date, "date")
    value_name = None if value is None else _column_name(frame, value, "value")
    if date_format is not None and not isinstance(date_format, str):
        raise TypeError(
            f"date_format must be a strftime format such as '%d/%m/%Y'; got {date_format!r}"
        )
    date_dtype = frame[date_name].dtype
    if (
        pdt.is_bool_dtype(date_dtype)
        or pdt.is_numeric_dtype(date_dtype)
        or pdt.is_timedelta64_dtype(date_dtype)
    ):
        raise TypeError(
            f"date column {date!r} must hold dates (datetime64 values, or text such as "
            f"'2024-01-31'); got dtype {date_dtype}"
        )
    if value_name is not None and not pdt.is_numeric_dtype(frame[value_name].dtype):
        raise TypeError(
            f"value column {value!r} must be numeric; got dtype {frame[value_name].dtype}"
        )
    used = [cust_name, date_name] + ([] if value_name is None else [value_name])
    log = frame[used]
    args = (cust_name, date_name, value_name, unit, date_format)

    # (1) one pass for the global first/last period and the time zone
    stats_meta = pd.DataFrame(
        {
            "n": pd.Series([], dtype=np.int64),
            "first": pd.Series([], dtype=np.int64),
            "last": pd.Series([], dtype=np.int64),
            "first_ns": pd.Series([], dtype=np.int64),
            "last_ns": pd.Series([], dtype=np.int64),
            "tz": pd.Series([], dtype=object),
        }
    )
    stats = log.map_partitions(_partition_stats, *args, meta=stats_meta).compute()
    n = int(stats["n"].sum())
    if n == 0:
        raise ValueError("transactions must not be empty; got a DataFrame with 0 rows")
    zones = sorted({z for z, k in zip(stats["tz"], stats["n"], strict=True) if k > 0})
    if len(zones) > 1:
        shown = ", ".join(repr(z or "naive") for z in zones)
        raise ValueError(
            f"date column {date!r} must hold dates of one time zone; the partitions hold {shown}"
        )
    tz = zones[0] or None if zones else None
    first_code = int(stats["first"].min())
    last_code = int(stats["last"].max())
    last_stamp = pd.Timestamp(int(stats["last_ns"].max()), unit="ns")
    first_stamp = pd.Timestamp(int(stats["first_ns"].min()), unit="ns")

    if observation_end is None:
        obs_ts = last_stamp
        obs_code = last_code
    else:
        obs_ts = tr._as_timestamp(observation_end, "observation_end", tz, date_format)
        obs_code = int(tr._period_codes(np.array([obs_ts.to_datetime64()]), unit)[0])
        if obs_code < last_code:
            raise ValueError(
                f"observation_end must not fall in a period before the last transaction "
                f"({last_stamp}); got {obs_ts}"
            )
    cal_code = obs_code
    holdout = calibration_end is not None
    if holdout:
        cal_ts = tr._as_timestamp(calibration_end, "calibration_end", tz, date_format)
        cal_code = int(tr._period_codes(np.array([cal_ts.to_datetime64()]), unit)[0])
        if not first_code <= cal_code < obs_code:
            raise ValueError(
                "calibration_end must lie within the data: from the period of the first "
                f"transaction ({first_stamp}) to the period before observation_end "
                f"({obs_ts}); got {cal_ts}"
            )

    # (2) rows with period numbers and log positions, all rows of a customer together
    row_meta = _prepare_rows(frame._meta[used], *args)
    rows = log.map_partitions(_prepare_rows, *args, meta=row_meta)
    keep = [_CUST, _PERIOD, _ROW] + ([] if value_name is None else [_VALUE])
    grouped = rows[keep].shuffle(on=_CUST)

    # (3) the in-memory algorithm per partition
    index_meta = pd.Index(frame._meta[cust_name].iloc[:0], name=cust_name)
    has_value = value_name is not None
    meta = _empty_summary(index_meta, has_value, holdout)
    return grouped.map_partitions(
        _summarise_partition,
        first_code,
        cal_code,
        obs_code,
        scale,
        holdout,
        has_value,
        cust_name,
        index_meta,
        meta=meta,
        align_dataframes=False,
    )


# ---------------------------------------------------------------------------
# pattern counts
# ---------------------------------------------------------------------------


def _summary_columns(summary: object, columns: Sequence[str], name: str = "summary") -> Any:
    frame = _check_frame(summary, name)
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise ValueError(
            f"{name} must have the columns {list(columns)} (as from rfm_summary); missing {absent}"
        )
    return frame


def _rfm_patterns(part: pd.DataFrame) -> pd.DataFrame:
    """Pattern counts of one partition of a summary (checked like the in-memory compress)."""
    import pandas as pd

    from custvalue import transactions as tr

    if part.shape[0] == 0:
        out: pd.DataFrame = pd.DataFrame(
            {
                "frequency": pd.Series([], dtype=np.float64),
                "recency": pd.Series([], dtype=np.float64),
                "T": pd.Series([], dtype=np.float64),
                "count": pd.Series([], dtype=np.int64),
            }
        )
        return out
    c = tr.compress(part["frequency"], part["recency"], part["T"])
    return c.to_frame()


def _count_meta(keys: list[str]) -> pd.DataFrame:
    """An empty table of float ``keys`` and an int64 ``count``."""
    import pandas as pd

    cols = {k: pd.Series([], dtype=np.float64) for k in keys}
    cols["count"] = pd.Series([], dtype=np.int64)
    out: pd.DataFrame = pd.DataFrame(cols)
    return out


def _merge_patterns(parts: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    import pandas as pd

    both = pd.concat(parts, ignore_index=True)
    out: pd.DataFrame = both.groupby(keys, sort=True)["count"].sum().reset_index()
    return out


def _tree(parts: list[Any], merge: Callable[[list[Any]], Any], split_every: int = 8) -> Any:
    """Combine delayed objects in a tree of ``split_every``-way merges."""
    dask = _dask_module()

    level = list(parts)
    if not level:
        raise ValueError("the collection has no partitions")
    while len(level) > 1:
        level = [
            dask.delayed(merge)(level[i : i + split_every])
            for i in range(0, len(level), split_every)
        ]
    if len(parts) == 1:
        return dask.delayed(merge)(level)
    return level[0]


def compress(summary: Any) -> CompressedRFM:
    """The distinct ``(frequency, recency, T)`` patterns of a summary, counted on the cluster.

    Parameters
    ----------
    summary : dask.dataframe.DataFrame
        Columns ``frequency``, ``recency`` and ``T`` (as from
        :func:`rfm_summary`, or any per-customer table).

    Returns
    -------
    custvalue.transactions.CompressedRFM
        The patterns sorted by frequency, recency and T with their
        ``counts``, equal to those of
        :func:`custvalue.transactions.compress` on the whole summary. Only
        the patterns come to the client: the result has no per-customer
        ``inverse`` map (as from :meth:`CompressedRFM.from_counts`), so
        :meth:`~custvalue.transactions.CompressedRFM.expand` is not
        available; predict per customer with :func:`predict`.

    Raises
    ------
    TypeError
        If ``summary`` is not a dask DataFrame.
    ValueError
        If a column is missing, or (when computed) a summary is invalid as
        for the in-memory :func:`~custvalue.transactions.compress`.

    Notes
    -----
    Each partition is compressed with the in-memory function, and the
    partitions' pattern tables are merged in a tree (eight at a time),
    summing the counts of equal patterns. The client receives one row per
    distinct pattern, whose number depends on the time grid (periods
    observed) and not on the number of customers: a weekly log of three
    years has at most about 160 * 160 * 160 / 2 patterns however many
    customers it holds. ``BetaGeo.fit(compress(summary))`` then fits on the
    client as ``BetaGeo.fit`` on the whole in-memory summary (the same
    patterns and weights).

    Examples
    --------
    >>> import pandas as pd
    >>> import dask.dataframe as dd
    >>> import custvalue.dask as cvd
    >>> summary = dd.from_pandas(pd.DataFrame({
    ...     "frequency": [0.0, 2.0, 0.0, 2.0, 1.0],
    ...     "recency": [0.0, 5.0, 0.0, 5.0, 3.0],
    ...     "T": [10.0, 10.0, 10.0, 10.0, 10.0],
    ... }), npartitions=2)
    >>> cvd.compress(summary).to_frame()
       frequency  recency     T  count
    0        0.0      0.0  10.0      2
    1        1.0      3.0  10.0      1
    2        2.0      5.0  10.0      2
    """
    from custvalue.transactions import CompressedRFM

    frame = _summary_columns(summary, ["frequency", "recency", "T"])
    keys = ["frequency", "recency", "T"]
    parts = frame[keys].map_partitions(_rfm_patterns, meta=_count_meta(keys)).to_delayed()
    table: pd.DataFrame = _tree(parts, lambda p: _merge_patterns(p, keys)).compute()
    if table.shape[0] == 0:
        raise ValueError("summary must not be empty; got a summary with 0 customers")
    return CompressedRFM.from_counts(
        table["frequency"].to_numpy(dtype=np.float64),
        table["recency"].to_numpy(dtype=np.float64),
        table["T"].to_numpy(dtype=np.float64),
        table["count"].to_numpy(dtype=np.int64),
    )


def _spend_part(part: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    x = as_float_array(part["frequency"], "frequency", ndim=1, allow_empty=True)
    m = as_float_array(part["monetary_value"], "monetary_value", ndim=1, allow_empty=True)
    repeat = x > 0
    x, m = x[repeat] + 0.0, m[repeat] + 0.0
    check_interval(m, "monetary_value of repeat buyers", "> 0")
    frame = pd.DataFrame({"frequency": x, "monetary_value": m, "count": np.ones(x.shape, np.int64)})
    out: pd.DataFrame = (
        frame.groupby(["frequency", "monetary_value"], sort=True)["count"].sum().reset_index()
    )
    return out


def spend_patterns(summary: Any) -> pd.DataFrame:
    """Distinct ``(frequency, monetary_value)`` of the repeat buyers, counted on the cluster.

    The Gamma-Gamma likelihood depends on a repeat buyer only through
    ``(x, m_x)``; customers sharing both count once with a weight.

    Parameters
    ----------
    summary : dask.dataframe.DataFrame
        Columns ``frequency`` and ``monetary_value`` (as from
        :func:`rfm_summary` with ``value``).

    Returns
    -------
    pandas.DataFrame
        Columns ``frequency``, ``monetary_value`` and ``count``, one row per
        distinct pair among the customers with ``frequency > 0``, sorted;
        ``GammaGamma.fit(p.frequency, p.monetary_value, weights=p["count"])``
        fits the spend model.

    Raises
    ------
    TypeError
        If ``summary`` is not a dask DataFrame.
    ValueError
        If a column is missing, there is no repeat buyer, or (when
        computed) a repeat buyer's monetary value is not > 0.

    Notes
    -----
    Unlike ``(x, t_x, T)``, a mean spend is a continuous quantity, so the
    number of pairs is bounded only when values are in whole currency units
    or cents over a limited range; with continuous values it approaches the
    number of repeat buyers.

    Examples
    --------
    >>> import pandas as pd
    >>> import dask.dataframe as dd
    >>> import custvalue.dask as cvd
    >>> summary = dd.from_pandas(pd.DataFrame({
    ...     "frequency": [0.0, 2.0, 1.0, 2.0],
    ...     "monetary_value": [0.0, 25.0, 30.0, 25.0],
    ... }), npartitions=2)
    >>> cvd.spend_patterns(summary)
       frequency  monetary_value  count
    0        1.0            30.0      1
    1        2.0            25.0      2
    """
    frame = _summary_columns(summary, ["frequency", "monetary_value"])
    keys = ["frequency", "monetary_value"]
    parts = frame[keys].map_partitions(_spend_part, meta=_count_meta(keys)).to_delayed()
    table: pd.DataFrame = _tree(parts, lambda p: _merge_patterns(p, keys)).compute()
    if table.shape[0] == 0:
        raise ValueError("summary has no repeat buyer (frequency > 0) to fit a spend model on")
    table["count"] = table["count"].astype(np.int64)
    return table


# ---------------------------------------------------------------------------
# predictions
# ---------------------------------------------------------------------------

_QUANTITIES: tuple[Quantity, ...] = ("p_alive", "conditional_expected_purchases", "clv")
_OPTIONS: dict[str, tuple[str, ...]] = {
    "p_alive": (),
    "conditional_expected_purchases": ("t",),
    "clv": ("spend_model", "horizon", "discount_rate", "time_unit", "margin"),
}
_REQUIRED: dict[str, tuple[str, ...]] = {
    "p_alive": (),
    "conditional_expected_purchases": ("t",),
    "clv": ("spend_model", "horizon", "discount_rate", "time_unit"),
}


def _predict_partition(
    part: pd.DataFrame, model: Any, quantity: str, options: dict[str, Any]
) -> pd.Series[float]:
    import pandas as pd

    from custvalue import btyd

    if part.shape[0] == 0:
        return pd.Series(np.zeros(0), index=part.index, name=quantity)
    x, tx, age = part["frequency"], part["recency"], part["T"]
    if quantity == "p_alive":
        out = model.p_alive(x, tx, age)
    elif quantity == "conditional_expected_purchases":
        out = model.conditional_expected_purchases(options["t"], x, tx, age)
    else:
        out = btyd.customer_lifetime_value(
            model,
            options["spend_model"],
            x,
            tx,
            age,
            part["monetary_value"],
            **{k: v for k, v in options.items() if k != "spend_model"},
        )
    return pd.Series(np.asarray(out, dtype=np.float64), index=part.index, name=quantity)


def predict(model: Any, summary: Any, *, quantity: Quantity, **options: Any) -> Any:
    """Per-customer predictions of a fitted model, as a lazy dask Series.

    Parameters
    ----------
    model : custvalue.btyd.BetaGeo or custvalue.btyd.ParetoNBD
        The fitted purchase model (``fit.model``).
    summary : dask.dataframe.DataFrame
        Columns ``frequency``, ``recency``, ``T`` (and ``monetary_value``
        for ``"clv"``), as from :func:`rfm_summary`.
    quantity : {"p_alive", "conditional_expected_purchases", "clv"}, keyword-only
        ``"p_alive"``: :meth:`~custvalue.btyd.BetaGeo.p_alive`;
        ``"conditional_expected_purchases"``: the expected purchases in the
        next ``t`` periods (option ``t``); ``"clv"``:
        :func:`custvalue.btyd.customer_lifetime_value` with the options
        ``spend_model``, ``horizon``, ``discount_rate``, ``time_unit`` and
        ``margin``.
    **options
        The options of the quantity, named as in the in-memory function.

    Returns
    -------
    dask.dataframe.Series
        Lazy, one value per customer with the summary's index and
        partitions, named after the quantity. Each partition is computed by
        the in-memory method, so the values equal the in-memory ones.

    Raises
    ------
    TypeError
        If ``model`` is not a BetaGeo or ParetoNBD model, ``summary`` not a
        dask DataFrame, or an option is unknown for the quantity.
    ValueError
        If ``quantity`` is unknown, a required option or column is missing,
        or an option's value is invalid (checked on the client on a
        one-customer example before anything runs).

    Examples
    --------
    >>> import pandas as pd
    >>> import dask.dataframe as dd
    >>> import custvalue.dask as cvd
    >>> from custvalue.btyd import BetaGeo
    >>> summary = dd.from_pandas(pd.DataFrame(
    ...     {"frequency": [2.0, 0.0, 1.0], "recency": [9.0, 0.0, 7.0],
    ...      "T": [13.0, 11.0, 12.0]}, index=pd.Index(["a", "b", "c"], name="customer")),
    ...     npartitions=2)
    >>> model = BetaGeo(0.243, 4.414, 0.793, 2.426)
    >>> cvd.predict(model, summary, quantity="p_alive").compute().round(4)
    customer
    a    0.7064
    b    1.0000
    c    0.6607
    Name: p_alive, dtype: float64
    """
    import pandas as pd

    from custvalue import btyd

    if not isinstance(model, (btyd.BetaGeo, btyd.ParetoNBD)):
        raise TypeError(
            f"model must be a fitted BetaGeo or ParetoNBD model (fit.model); "
            f"got {type(model).__name__}"
        )
    q = check_option(quantity, "quantity", _QUANTITIES)
    unknown = sorted(set(options) - set(_OPTIONS[q]))
    if unknown:
        allowed = ", ".join(_OPTIONS[q]) or "none"
        raise TypeError(
            f"predict(quantity={q!r}) got unknown options {unknown}; allowed: {allowed}"
        )
    absent = [k for k in _REQUIRED[q] if k not in options]
    if absent:
        raise ValueError(f"predict(quantity={q!r}) needs the options {absent}")
    columns = ["frequency", "recency", "T"] + (["monetary_value"] if q == "clv" else [])
    frame = _summary_columns(summary, columns)
    # the options are checked once on the client, on one made-up customer
    probe = pd.DataFrame(
        {"frequency": [1.0], "recency": [1.0], "T": [2.0], "monetary_value": [1.0]}
    )
    _predict_partition(probe[columns], model, q, options)
    meta = pd.Series(np.zeros(0), index=frame._meta.index, name=q)
    return frame[columns].map_partitions(_predict_partition, model, q, dict(options), meta=meta)


# ---------------------------------------------------------------------------
# PLS moments
# ---------------------------------------------------------------------------


def _combine_moments(parts: list[Moments]) -> Moments:
    out = parts[0]
    for other in parts[1:]:
        out = out.combine(other)
    return out


def moments(
    data: Any,
    *,
    columns: Sequence[str] | None = None,
    missing: Literal["raise", "listwise"] = "raise",
) -> Moments:
    """Count, means and centred cross-products of indicators, in one distributed pass.

    Parameters
    ----------
    data : dask.dataframe.DataFrame or dask.array.Array
        One row per respondent.
    columns : sequence of str, optional
        The columns to use (default: all); for an array, the names of its
        columns.
    missing : {"raise", "listwise"}
        As in :func:`custvalue.pls.moments`: refuse rows with a missing
        value, or leave them out.

    Returns
    -------
    custvalue.pls.Moments
        Equal (to rounding) to :func:`custvalue.pls.moments` on the whole
        data; :func:`custvalue.pls.estimate` accepts it in place of the
        data.

    Raises
    ------
    TypeError
        If ``data`` is not a dask DataFrame or Array.
    ValueError
        As :func:`custvalue.pls.moments` (when computed).

    Notes
    -----
    Each partition's moments come from :func:`custvalue.pls.moments`; they
    are merged in a tree with :meth:`~custvalue.pls.Moments.combine`, the
    pairwise update of Chan, Golub & LeVeque (1979):
    :math:`n = n_a + n_b`, :math:`\\bar x = \\bar x_a + \\delta n_b / n`,
    :math:`C = C_a + C_b + \\delta \\delta^\\top n_a n_b / n` with
    :math:`\\delta = \\bar x_b - \\bar x_a`, which is exact in exact
    arithmetic and numerically stable (no raw sums of squares).

    References
    ----------
    1. Chan, T. F., Golub, G. H. & LeVeque, R. J. (1979). Updating formulae
       and a pairwise algorithm for computing sample variances. Stanford
       technical report STAN-CS-79-773.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> import dask.dataframe as dd
    >>> import custvalue.dask as cvd
    >>> from custvalue import pls
    >>> table = pd.DataFrame({"q1": [1.0, 2.0, 4.0, 5.0], "q2": [2.0, 2.0, 3.0, 5.0]})
    >>> m = cvd.moments(dd.from_pandas(table, npartitions=2))
    >>> m.count, m.mean
    (4, array([3., 3.]))
    >>> bool(np.allclose(m.cross_products, pls.moments(table).cross_products))
    True
    """
    dask = _dask_module()
    da = _dask_module("dask.array")

    from custvalue import pls

    policy = check_option(missing, "missing", ("raise", "listwise"))
    dd = _dask_dataframe()
    if isinstance(data, dd.DataFrame):
        cols = list(data.columns) if columns is None else list(columns)
        parts = data.to_delayed()
        per = [dask.delayed(pls._part_moments)(p, columns=cols, missing=policy) for p in parts]
    elif isinstance(data, da.Array):
        if data.ndim != 2:
            raise ValueError(f"data must be 2-D (rows x columns); got {data.ndim}-D")
        arr = data.rechunk({1: -1})
        blocks = arr.to_delayed().ravel()
        per = [dask.delayed(pls._part_moments)(b, columns=columns, missing=policy) for b in blocks]
    else:
        raise TypeError(f"data must be a dask DataFrame or Array; got {type(data).__name__}")
    result: Moments = _tree(per, _combine_moments).compute()
    if result.count == 0:
        left = " after missing='listwise'" if policy == "listwise" else ""
        raise ValueError(f"data must have at least one row{left}; got none")
    return result


# ---------------------------------------------------------------------------
# NPS
# ---------------------------------------------------------------------------


def _score_counts(part: pd.DataFrame, omit: bool, by: bool) -> pd.DataFrame:
    """Counts of each score 0..10 (and of NaN) per group in one partition."""
    import pandas as pd

    from custvalue import loyalty

    scores = part["score"]
    codes = loyalty._score_codes(scores, omit) if scores.shape[0] else np.zeros(0, np.intp)
    group = part["group"] if by else pd.Series(np.zeros(len(part), np.int64), index=part.index)
    table = pd.DataFrame({"group": group.to_numpy(), "code": np.asarray(codes, dtype=np.int64)})
    out: pd.DataFrame = (
        table.groupby(["group", "code"], sort=True).size().rename("count").reset_index()
    )
    return out


def nps(
    scores: Any,
    *,
    by: Any = None,
    level: float = 0.95,
    method: Literal["wald", "adjusted_wald", "bootstrap"] = "wald",
    missing: Literal["raise", "omit"] = "raise",
    rng: int | np.random.Generator | None = None,
    n_boot: int = 2000,
) -> NPSResult | SegmentResults:
    """Net Promoter Score of a distributed survey, overall or per segment.

    Parameters
    ----------
    scores : dask.dataframe.Series or dask.dataframe.DataFrame
        Answers 0..10. A DataFrame must have one column, or two when ``by``
        names one of them (the other holds the scores).
    by : dask Series or column name, optional
        Segment labels (a Series of the same frame as ``scores``, or the name
        of a column of a ``scores`` DataFrame): one score per segment.
    level, method, missing, rng, n_boot
        As in :func:`custvalue.loyalty.nps`.

    Returns
    -------
    custvalue.loyalty.NPSResult or custvalue.loyalty.SegmentResults
        Equal to :func:`custvalue.loyalty.nps` on all the scores (with
        ``by``, one result per segment, segments sorted); with
        ``method="bootstrap"`` and the same ``rng``, the same replicates.

    Raises
    ------
    TypeError
        If ``scores`` or ``by`` is not a dask Series (or ``scores`` a dask
        DataFrame).
    ValueError
        As :func:`custvalue.loyalty.nps` (score checks when computed); when
        ``by`` is not a column of ``scores`` or the DataFrame does not have
        the columns described.

    Notes
    -----
    The unweighted score, its standard error and each of its intervals
    depend on the data only through the counts of the eleven answers; each
    partition counts them (per segment), the counts are summed in a tree,
    and the client finishes as the in-memory function does. Survey weights
    are not supported here.

    Examples
    --------
    >>> import pandas as pd
    >>> import dask.dataframe as dd
    >>> import custvalue.dask as cvd
    >>> survey = dd.from_pandas(pd.DataFrame({
    ...     "score": [10, 9, 9, 8, 7, 3, 10, 6, 9, 10],
    ...     "store": ["x", "x", "y", "y", "x", "y", "x", "y", "x", "y"],
    ... }), npartitions=3)
    >>> cvd.nps(survey["score"]).score
    40.0
    >>> by_store = cvd.nps(survey, by="store")
    >>> {store: by_store.results[store].score for store in by_store.segments}
    {'x': 80.0, 'y': 0.0}
    """
    import pandas as pd

    dd = _dask_dataframe()
    from custvalue import loyalty
    from custvalue._validate import as_rng, check_missing

    policy = check_missing(missing, ("raise", "omit"))
    lev = check_level(level)
    how = loyalty._check_method(method)
    boots = loyalty._check_n_boot(n_boot)
    gen = as_rng(rng) if how == "bootstrap" else None
    if isinstance(scores, dd.DataFrame):
        if by is not None and not isinstance(by, dd.Series):
            if by not in scores.columns:
                raise ValueError(f"by={by!r} is not a column of scores")
            rest = [c for c in scores.columns if c != by]
            if len(rest) != 1:
                raise ValueError(
                    f"scores must have one score column besides by={by!r}; got columns {rest}"
                )
            frame = scores.rename(columns={rest[0]: "score", by: "group"})[["score", "group"]]
            by_name = str(by)
        else:
            if len(scores.columns) != 1:
                raise ValueError(
                    "scores must be a Series or a one-column DataFrame (or name by=); "
                    f"got columns {list(scores.columns)}"
                )
            scores = scores[scores.columns[0]]
            frame = None
    else:
        frame = None
    if frame is None:
        series = _check_series(scores, "scores")
        if by is None:
            frame = series.to_frame(name="score")
        else:
            group = _check_series(by, "by")
            by_name = "segment" if group.name is None else str(group.name)
            frame = dd.concat([series.rename("score"), group.rename("group")], axis=1)
    grouped = by is not None
    meta = pd.DataFrame(
        {
            "group": pd.Series([], dtype=frame._meta["group"].dtype if grouped else np.int64),
            "code": pd.Series([], dtype=np.int64),
            "count": pd.Series([], dtype=np.int64),
        }
    )
    parts = frame.map_partitions(_score_counts, policy == "omit", grouped, meta=meta).to_delayed()
    table: pd.DataFrame = _tree(parts, lambda p: _merge_patterns(p, ["group", "code"])).compute()
    all_groups = set(table["group"])
    table = table[table["code"] >= 0]
    options: dict[str, Any] = {"level": lev, "method": how, "rng": gen, "n_boot": boots}
    if not grouped:
        if table.shape[0] == 0:
            raise ValueError("scores must contain at least one answer; got none after omitting NaN")
        return loyalty._nps_core(None, None, counts=_counts(table), **options)
    results: dict[Any, NPSResult] = {}
    segments = tuple(sorted(all_groups))
    for label in segments:
        rows = table[table["group"] == label]
        where = f" in segment {label!r}"
        results[label] = loyalty._nps_core(None, None, counts=_counts(rows), where=where, **options)
    return loyalty.SegmentResults(segments=segments, results=results, by=by_name, level=lev)


def _counts(rows: pd.DataFrame) -> IntArray:
    """Detractors, passives and promoters of a table of score codes and their counts."""
    from custvalue.loyalty import _nps_groups

    per_score = np.bincount(
        rows["code"].to_numpy(np.int64), weights=rows["count"].to_numpy(), minlength=11
    ).astype(np.int64)
    counts: IntArray = _nps_groups(per_score)
    return counts


# ---------------------------------------------------------------------------
# order statistics: tiers and concentration
# ---------------------------------------------------------------------------


def _check_values_part(part: pd.Series[Any], name: str) -> FloatArray:
    return as_float_array(part, name, ndim=1, allow_empty=True)


def _sorted_blocks(values: Any, name: str) -> tuple[list[Any], list[int]]:
    """The values sorted ascending over the cluster: delayed numpy blocks and their sizes."""
    dask = _dask_module()
    import pandas as pd

    series = _check_series(values, name)
    frame = series.map_partitions(
        lambda p: pd.DataFrame({"v": _check_values_part(p, name)}),
        meta=pd.DataFrame({"v": pd.Series([], dtype=np.float64)}),
    )
    ordered = frame.sort_values("v").persist()  # sizes and order statistics read it twice
    blocks = [dask.delayed(lambda p: p["v"].to_numpy())(p) for p in ordered.to_delayed()]
    sizes = list(dask.compute(*[dask.delayed(len)(b) for b in blocks]))
    return blocks, [int(s) for s in sizes]


def _fetch(blocks: list[Any], sizes: list[int], positions: Sequence[int]) -> list[float]:
    """Values at the given global positions of the sorted blocks."""
    dask = _dask_module()

    starts = np.concatenate([[0], np.cumsum(sizes)])
    wanted = []
    for pos in positions:
        b = int(np.searchsorted(starts, pos, side="right")) - 1
        wanted.append(dask.delayed(lambda a, i: float(a[i]))(blocks[b], int(pos - starts[b])))
    return [float(v) for v in dask.compute(*wanted)]


@attrs.frozen(eq=False, repr=False)
class DistributedTiers(ResultMixin):
    """Tier thresholds and per-tier totals of a customer pyramid on a cluster.

    The per-customer tiers stay on the cluster: :meth:`labels` maps a dask
    Series of values to its tiers lazily.

    Attributes
    ----------
    names : tuple of str
        Tier names, top tier first.
    edges : tuple of float
        The thresholds, as :attr:`custvalue.pyramid.Tiers.edges` (equal to
        those of the in-memory :func:`custvalue.pyramid.assign_tiers`).
    scheme, by : str
        As given.
    cuts : tuple of float
        The cuts used.
    tier_counts : tuple of int
        Customers per tier, top first.
    tier_values : tuple of float
        Total value per tier, top first.
    """

    names: tuple[str, ...]
    edges: tuple[float, ...]
    scheme: str
    by: str
    cuts: tuple[float, ...]
    tier_counts: tuple[int, ...]
    tier_values: tuple[float, ...]

    @property
    def n_customers(self) -> int:
        """Number of customers."""
        return int(sum(self.tier_counts))

    def counts(self) -> dict[str, int]:
        """Customers per tier, top first (as :meth:`custvalue.pyramid.Tiers.counts`)."""
        return dict(zip(self.names, self.tier_counts, strict=True))

    def labels(self, values: Any) -> Any:
        """The tier of each customer of a dask Series of values (lazy, ordered categorical)."""
        import pandas as pd

        series = _check_series(values, "values")
        names = list(self.names)
        edges = list(self.edges)

        def tiers(part: pd.Series[Any]) -> pd.Series[Any]:
            from custvalue.pyramid import _categorical, _codes

            v = _check_values_part(part, "values")
            out: pd.Series[Any] = pd.Series(
                _categorical(_codes(v, edges), names), index=part.index, name="tier"
            )
            return out

        dtype = pd.CategoricalDtype(names, ordered=True)
        meta = pd.Series(pd.Categorical([], dtype=dtype), index=series._meta.index, name="tier")
        return series.map_partitions(tiers, meta=meta)

    def to_frame(self) -> pd.DataFrame:
        """One row per tier: ``customers``, ``value``, ``customer_share``, ``value_share``."""
        import pandas as pd

        n = max(self.n_customers, 1)
        total = float(sum(self.tier_values))
        frame: pd.DataFrame = pd.DataFrame(
            {
                "customers": list(self.tier_counts),
                "value": list(self.tier_values),
                "customer_share": [c / n for c in self.tier_counts],
                "value_share": [v / total if total else math.nan for v in self.tier_values],
            },
            index=pd.Index(list(self.names), name="tier"),
        )
        return frame


def _tier_totals(part: pd.Series[Any], edges: list[float], n_tiers: int) -> FloatArray:
    from custvalue.pyramid import _codes

    v = _check_values_part(part, "values")
    codes = np.asarray(_codes(v, edges), dtype=np.int64)
    out: FloatArray = np.concatenate(
        [
            np.bincount(codes, minlength=n_tiers).astype(np.float64),
            np.bincount(codes, weights=v, minlength=n_tiers),
        ]
    )
    return out


def assign_tiers(
    values: Any,
    *,
    scheme: Literal["zeithaml", "pareto", "curry", "custom"] = "zeithaml",
    by: Literal["customers", "threshold"] = "customers",
    cuts: object = None,
    labels: Sequence[str] | None = None,
) -> DistributedTiers:
    """Customer-pyramid tiers of a dask Series of values: thresholds, counts and value shares.

    Parameters
    ----------
    values : dask.dataframe.Series
        One value per customer (e.g. ``predict(..., quantity="clv")``).
    scheme, cuts, labels
        As in :func:`custvalue.pyramid.assign_tiers`.
    by : {"customers", "threshold"}
        As in :func:`custvalue.pyramid.assign_tiers` (value-share cuts need a
        running sum in value order: use :func:`concentration` and read
        :meth:`~custvalue.pyramid.Concentration.customers_for_share`).

    Returns
    -------
    DistributedTiers
        The thresholds ``edges`` (equal to the in-memory ones), customers
        and value per tier; ``labels(values)`` gives the lazy per-customer
        tiers.

    Raises
    ------
    TypeError, ValueError
        As :func:`custvalue.pyramid.assign_tiers`.

    Notes
    -----
    Exact: a customer-share cut :math:`p` falls on the :math:`\\lceil p m
    \\rceil`-th largest value, an order statistic. The values are sorted
    on the cluster (``sort_values``, a range-partitioned shuffle), the
    partition sizes locate each order statistic, and only those few values
    come to the client. A second pass counts customers and sums value per
    tier.

    Examples
    --------
    Ten customers, the top two make 80% of sales (the 80/20 rule):

    >>> import pandas as pd
    >>> import dask.dataframe as dd
    >>> import custvalue.dask as cvd
    >>> sales = dd.from_pandas(pd.Series(
    ...     [5200.0, 2800, 450, 350, 300, 250, 200, 200, 150, 100], name="sales"),
    ...     npartitions=3)
    >>> tiers = cvd.assign_tiers(sales, scheme="pareto")
    >>> tiers.edges, tiers.counts()
    ((2800.0,), {'gold': 2, 'iron': 8})
    >>> tiers.to_frame()["value_share"].tolist()
    [0.8, 0.2]
    >>> tiers.labels(sales).compute().tolist()[:3]
    ['gold', 'gold', 'iron']
    """
    dask = _dask_module()

    from custvalue import pyramid

    series = _check_series(values, "values")
    if by not in ("customers", "threshold"):
        raise ValueError(
            f"by must be 'customers' or 'threshold' for a dask Series; got {by!r} "
            "(value-share cuts: see concentration(...).customers_for_share)"
        )
    # options are checked, and cuts and names resolved, by the in-memory
    # function on a stand-in of one customer per cut (its edges are ignored)
    probe_cuts = cuts
    probe = pyramid.assign_tiers([1.0, 2.0], scheme=scheme, by=by, cuts=probe_cuts, labels=labels)
    names, cut_values = probe.names, probe.cuts
    if by == "threshold":
        edges = list(cut_values)
        if scheme == "curry":
            pos_min = series[series > 0].min()
            neg = (series < 0).sum()
            smallest, n_neg = dask.compute(pos_min, neg)
            if int(n_neg):
                raise ValueError("values must be >= 0 for scheme='curry'")
            smallest = float(smallest) if not math.isnan(float(smallest)) else math.inf
            edges.append(min(smallest, edges[-1]))
    else:
        split = series[series > 0] if scheme in ("zeithaml", "curry") else series
        if scheme == "curry":
            n_neg = int((series < 0).sum().compute())
            if n_neg:
                raise ValueError(
                    "values must be >= 0 for scheme='curry' (it ranks revenue; use "
                    f"scheme='zeithaml' for profits with losses); got {n_neg} negative values"
                )
        blocks, sizes = _sorted_blocks(split, "values")
        m = sum(sizes)
        if m == 0:
            edges = [math.inf] * len(cut_values)
        else:
            ks = [min(m, max(1, math.ceil(p * m * (1.0 - 1e-12)))) for p in cut_values]
            edges = _fetch(blocks, sizes, [m - k for k in ks])
        if scheme == "curry":
            smallest = _fetch(blocks, sizes, [0])[0] if m else math.inf
            edges.append(min(smallest, edges[-1]))
    n_tiers = len(names)
    parts = series.to_delayed()
    totals = dask.delayed(lambda arrs: np.sum(arrs, axis=0))(
        [dask.delayed(_tier_totals)(p, edges, n_tiers) for p in parts]
    ).compute()
    return DistributedTiers(
        names=tuple(names),
        edges=tuple(float(e) for e in edges),
        scheme=scheme,
        by=by,
        cuts=tuple(cut_values),
        tier_counts=tuple(int(c) for c in totals[:n_tiers]),
        tier_values=tuple(float(v) for v in totals[n_tiers:]),
    )


def concentration(values: Any, *, small_sample: bool = False) -> Concentration:
    """Lorenz curve, Gini coefficient and top shares of a dask Series of values.

    Parameters
    ----------
    values : dask.dataframe.Series
        One value per customer.
    small_sample : bool
        As in :func:`custvalue.pyramid.concentration`.

    Returns
    -------
    custvalue.pyramid.Concentration
        Equal to the in-memory :func:`custvalue.pyramid.concentration` of
        the values, field for field.

    Raises
    ------
    TypeError, ValueError
        As :func:`custvalue.pyramid.concentration`.

    Notes
    -----
    The values are sorted on the cluster (``sort_values``); the in-memory
    function then runs on the client on the sorted values, so every number
    is the in-memory one exactly. The result holds the Lorenz curve, one
    point per customer, so the client needs 16 bytes per customer (the
    sorted values and the curve): 1.6 GB for 100 million customers. For
    thresholds, counts and value per tier without that, use
    :func:`assign_tiers`.

    Examples
    --------
    >>> import pandas as pd
    >>> import dask.dataframe as dd
    >>> import custvalue.dask as cvd
    >>> values = dd.from_pandas(pd.Series([1.0, 2.0, 3.0, 4.0, 10.0]), npartitions=2)
    >>> conc = cvd.concentration(values)
    >>> round(conc.gini, 2), conc.top_share(0.2)
    (0.4, 0.5)
    """
    dask = _dask_module()

    from custvalue import pyramid

    if not isinstance(small_sample, (bool, np.bool_)):
        raise TypeError(f"small_sample must be True or False; got {small_sample!r}")
    blocks, _ = _sorted_blocks(values, "values")
    arrays = dask.compute(*blocks)
    ordered = np.concatenate(arrays) if arrays else np.zeros(0)
    return pyramid.concentration(ordered, small_sample=bool(small_sample))
