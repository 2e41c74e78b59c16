"""Tests of custvalue.transactions: compress and rfm_summary.

Expected values are computed by hand from the small logs below (the comments
show the arithmetic) and, in the property tests, by a plain-Python reference
that walks the log transaction by transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custvalue.transactions import CompressedRFM, RFMSummary, compress, rfm_summary

# ---------------------------------------------------------------------------
# compress
# ---------------------------------------------------------------------------


def test_compress_hand_example() -> None:
    # customers:     0  1  2  3  4  5
    x = np.array([2.0, 0, 2, 1, 0, 2])
    tx = np.array([5.0, 0, 5, 3, 0, 4])
    T = np.array([10.0, 10, 10, 10, 8, 10])
    c = compress(x, tx, T)
    assert isinstance(c, CompressedRFM)
    # patterns sorted by (x, t_x, T): (0,0,8) (0,0,10) (1,3,10) (2,4,10) (2,5,10)
    np.testing.assert_array_equal(c.frequency, [0, 0, 1, 2, 2])
    np.testing.assert_array_equal(c.recency, [0, 0, 3, 4, 5])
    np.testing.assert_array_equal(c.T, [8, 10, 10, 10, 10])
    np.testing.assert_array_equal(c.counts, [1, 1, 1, 1, 2])
    np.testing.assert_array_equal(c.inverse, [4, 1, 4, 2, 0, 3])
    assert c.counts.dtype == np.int64
    assert c.inverse.dtype == np.int64
    assert c.frequency.dtype == np.float64
    assert (c.n_customers, c.n_patterns) == (6, 5)
    np.testing.assert_array_equal(c.expand(np.arange(5.0)), [4, 1, 4, 2, 0, 3])


def test_compress_expand_rows_and_frame() -> None:
    c = compress([1, 1, 0], [2, 2, 0], [4, 4, 4])
    table = np.array([[10.0, 11.0], [20.0, 21.0]])
    np.testing.assert_array_equal(c.expand(table), [[20, 21], [20, 21], [10, 11]])
    frame = c.to_frame()
    assert frame.columns.tolist() == ["frequency", "recency", "T", "count"]
    assert frame["count"].tolist() == [1, 2]
    assert json.loads(json.dumps(c.to_dict()))["counts"] == [1, 2]


def test_compress_treats_negative_zero_as_zero() -> None:
    c = compress([0.0, -0.0], [-0.0, 0.0], [3.0, 3.0])
    assert c.n_patterns == 1
    assert c.counts.tolist() == [2]


def test_compress_series_keeps_index_on_expand() -> None:
    idx = pd.Index(["u", "v", "w"], name="customer")
    x = pd.Series([1.0, 0.0, 1.0], index=idx)
    c = compress(x, pd.Series([2.0, 0.0, 2.0], index=idx), pd.Series([5.0, 5.0, 5.0], index=idx))
    out = c.expand(np.array([7.0, 9.0]))
    assert isinstance(out, pd.Series)
    assert out.index.equals(idx)
    assert out.tolist() == [9.0, 7.0, 9.0]


def test_compress_expand_wrong_length() -> None:
    c = compress([1, 0], [1, 0], [2, 2])
    with pytest.raises(
        ValueError, match=r"one entry per pattern \(n_patterns = 2\); got shape \(3,\)"
    ):
        c.expand([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="values must be 1-D or 2-D"):
        c.expand(1.0)
    # options are checked when given, not later: text and NaN are refused at the call
    with pytest.raises(TypeError, match="values must be numeric; got text 'abc' at index 1"):
        c.expand([np.nan, "abc"])
    with pytest.raises(ValueError, match="values must not contain NaN or infinity; got nan"):
        c.expand([np.nan, 1.0])


@pytest.mark.parametrize(
    ("x", "tx", "T", "error", "match"),
    [
        ([1, 2], [1], [3, 3], ValueError, r"frequency, recency, T have inconsistent lengths"),
        ([-1], [0], [3], ValueError, r"frequency must be >= 0; got -1"),
        ([1.5], [1], [3], ValueError, r"frequency must contain whole numbers; got 1.5"),
        (
            [1, 1],
            [1, 4],
            [3, 3],
            ValueError,
            r"recency must be <= T; got recency 4 > T 3 at index 1",
        ),
        ([0], [2], [3], ValueError, r"recency must be 0 when frequency is 0; got recency 2"),
        ([1], [-1], [3], ValueError, r"recency must be >= 0; got -1"),
        ([1], [1], [np.nan], ValueError, r"T must not contain NaN or infinity"),
        ([], [], [], ValueError, r"frequency must not be empty"),
        (["a"], [1], [3], TypeError, r"frequency must be numeric"),
        ([[1]], [[1]], [[3]], ValueError, r"frequency must be 1-D"),
    ],
)
def test_compress_rejects_bad_input(
    x: object, tx: object, T: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        compress(x, tx, T)


@st.composite
def _rfm_arrays(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 40))
    T = np.array(draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)), dtype=float)
    x = np.array(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)), dtype=float)
    frac = np.array(draw(st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=n, max_size=n)))
    tx = np.where(x > 0, np.floor(frac * T), 0.0)
    return x, tx, T


@given(_rfm_arrays())
def test_compress_round_trip(arrays: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    x, tx, T = arrays
    c = compress(x, tx, T)
    np.testing.assert_array_equal(c.expand(c.frequency), x)
    np.testing.assert_array_equal(c.expand(c.recency), tx)
    np.testing.assert_array_equal(c.expand(c.T), T)
    np.testing.assert_array_equal(np.bincount(c.inverse, minlength=c.n_patterns), c.counts)
    assert c.counts.sum() == len(x)
    patterns = set(zip(c.frequency.tolist(), c.recency.tolist(), c.T.tolist(), strict=True))
    assert len(patterns) == c.n_patterns == len(set(zip(x, tx, T, strict=True)))
    keys = list(zip(c.frequency, c.recency, c.T, strict=True))
    assert keys == sorted(keys)


# ---------------------------------------------------------------------------
# rfm_summary: hand-computed logs
# ---------------------------------------------------------------------------


def _log() -> pd.DataFrame:
    # 2024-01-01 is a Monday. Customer a buys twice on Jan 1 (10 + 5), then
    # Jan 4 (20) and Jan 10 (30); b once on Jan 3; c on Jan 2 and Jan 9.
    frame: pd.DataFrame = pd.DataFrame(
        {
            "cust": ["a", "a", "c", "b", "a", "c", "a"],
            "when": pd.to_datetime(
                [
                    "2024-01-01 09:00",
                    "2024-01-01 17:30",
                    "2024-01-02",
                    "2024-01-03",
                    "2024-01-04",
                    "2024-01-09",
                    "2024-01-10",
                ],
                format="ISO8601",
            ),
            "amount": [10.0, 5.0, 4.0, 8.0, 20.0, 6.0, 30.0],
        }
    )
    return frame


def test_daily_summary_by_hand() -> None:
    s = rfm_summary(
        _log(), customer="cust", date="when", value="amount", observation_end="2024-01-14"
    )
    assert isinstance(s, RFMSummary)
    # a: days 1, 4, 10 -> x = 2, t_x = 10 - 1 = 9, T = 14 - 1 = 13,
    #    repeat value (20 + 30) / 2 = 25 (the two Jan-1 purchases are the first occasion)
    # b: day 3 only -> x = 0, t_x = 0, T = 11, m = 0
    # c: days 2, 9 -> x = 1, t_x = 7, T = 12, m = 6
    assert s.frequency.tolist() == [2.0, 0.0, 1.0]
    assert s.recency.tolist() == [9.0, 0.0, 7.0]
    assert s.T.tolist() == [13.0, 11.0, 12.0]
    assert s.monetary_value is not None
    assert s.monetary_value.tolist() == [25.0, 0.0, 6.0]
    assert s.frequency_holdout is None
    assert s.monetary_value_holdout is None
    assert s.duration_holdout is None
    assert s.n_customers == 3
    assert s.n_transactions == 7
    assert s.period == "D"
    assert s.observation_end == pd.Timestamp("2024-01-14")


def test_several_purchases_in_one_period_count_once_and_values_add_up() -> None:
    log = pd.DataFrame(
        {
            "c": [1, 1, 1, 1, 1],
            "d": pd.to_datetime(
                ["2024-03-01", "2024-03-02", "2024-03-02", "2024-03-02", "2024-03-05"]
            ),
            "v": [7.0, 1.0, 2.0, 3.0, 4.0],
        }
    )
    s = rfm_summary(log, customer="c", date="d", value="v")
    # occasions: Mar 1 (7), Mar 2 (1 + 2 + 3 = 6), Mar 5 (4): x = 2, m = (6 + 4) / 2
    assert s.frequency.tolist() == [2.0]
    assert s.recency.tolist() == [4.0]
    assert s.T.tolist() == [4.0]  # observation_end defaults to the last transaction
    assert s.monetary_value is not None
    assert s.monetary_value.tolist() == [5.0]


def test_weekly_summary_uses_calendar_weeks_monday_to_sunday() -> None:
    s = rfm_summary(
        _log(),
        customer="cust",
        date="when",
        value="amount",
        period="W",
        observation_end="2024-01-14",
    )
    # week 0 = Jan 1-7 (Mon-Sun), week 1 = Jan 8-14.
    # a: weeks 0 (10 + 5 + 20), 1 (30) -> x = 1, t_x = 1, T = 1, m = 30
    # b: week 0 -> x = 0, T = 1; c: weeks 0, 1 -> x = 1, t_x = 1, m = 6
    assert s.frequency.tolist() == [1.0, 0.0, 1.0]
    assert s.recency.tolist() == [1.0, 0.0, 1.0]
    assert s.T.tolist() == [1.0, 1.0, 1.0]
    assert s.monetary_value is not None
    assert s.monetary_value.tolist() == [30.0, 0.0, 6.0]


def test_week_boundary_is_between_sunday_and_monday() -> None:
    log = pd.DataFrame(
        {
            "c": [1, 1, 2, 2],
            "d": pd.to_datetime(["2024-01-07", "2024-01-08", "2024-01-08", "2024-01-14"]),
        }
    )
    s = rfm_summary(log, customer="c", date="d", period="W")
    # customer 1: Sunday then Monday -> two weeks; customer 2: Monday, Sunday -> one week
    assert s.frequency.tolist() == [1.0, 0.0]
    assert s.T.tolist() == [1.0, 0.0]


def test_monthly_quarterly_yearly_periods() -> None:
    log = pd.DataFrame(
        {
            "c": [1, 1, 1, 1],
            "d": pd.to_datetime(["2023-11-30", "2024-01-31", "2024-02-01", "2024-02-20"]),
        }
    )
    # months 2023-11, 2024-01, 2024-02 -> x = 2, t_x = 3 months; observed to 2024-06 -> T = 7
    m = rfm_summary(log, customer="c", date="d", period="M", observation_end="2024-06-15")
    assert (m.frequency.iloc[0], m.recency.iloc[0], m.T.iloc[0]) == (2.0, 3.0, 7.0)
    # quarters 2023Q4, 2024Q1 -> x = 1, t_x = 1; 2024Q2 -> T = 2
    q = rfm_summary(log, customer="c", date="d", period="Q", observation_end="2024-06-15")
    assert (q.frequency.iloc[0], q.recency.iloc[0], q.T.iloc[0]) == (1.0, 1.0, 2.0)
    y = rfm_summary(log, customer="c", date="d", period="Y", observation_end="2025-01-01")
    assert (y.frequency.iloc[0], y.recency.iloc[0], y.T.iloc[0]) == (1.0, 1.0, 2.0)


def test_numeric_period_counts_days_and_scales_time() -> None:
    s = rfm_summary(
        _log(), customer="cust", date="when", value="amount", period=7, observation_end="2024-01-14"
    )
    # same occasions as daily; times in days / 7
    assert s.frequency.tolist() == [2.0, 0.0, 1.0]
    np.testing.assert_allclose(s.recency.to_numpy(), [9 / 7, 0.0, 1.0], rtol=1e-15)
    np.testing.assert_allclose(s.T.to_numpy(), [13 / 7, 11 / 7, 12 / 7], rtol=1e-15)
    assert s.period == 7.0


def test_calibration_and_holdout_by_hand() -> None:
    log = pd.concat(
        [
            _log(),
            pd.DataFrame(
                {
                    # c buys twice more on Jan 12 (holdout); d is first seen in the holdout
                    "cust": ["c", "c", "d"],
                    "when": pd.to_datetime(
                        ["2024-01-12 08:00", "2024-01-12 20:00", "2024-01-11"], format="ISO8601"
                    ),
                    "amount": [1.0, 3.0, 50.0],
                }
            ),
        ],
        ignore_index=True,
    )
    s = rfm_summary(
        log,
        customer="cust",
        date="when",
        value="amount",
        observation_end="2024-01-14",
        calibration_end="2024-01-07",
    )
    # calibration (Jan 1-7): a days 1, 4 -> x = 1, t_x = 3, T = 7 - 1 = 6, m = 20
    #                        b day 3 -> T = 4; c day 2 -> T = 5
    # holdout (Jan 8-14):    a Jan 10 (30) -> 1 occasion, mean 30
    #                        b none; c Jan 9 (6) and Jan 12 (1 + 3) -> 2 occasions, mean 5
    assert s.frequency.index.tolist() == ["a", "b", "c"]
    assert s.frequency.tolist() == [1.0, 0.0, 0.0]
    assert s.recency.tolist() == [3.0, 0.0, 0.0]
    assert s.T.tolist() == [6.0, 4.0, 5.0]
    assert s.monetary_value is not None
    assert s.monetary_value.tolist() == [20.0, 0.0, 0.0]
    assert s.frequency_holdout is not None
    assert s.frequency_holdout.tolist() == [1.0, 0.0, 2.0]
    assert s.monetary_value_holdout is not None
    assert s.monetary_value_holdout.tolist() == [30.0, 0.0, 5.0]
    assert s.duration_holdout == 7.0
    assert s.n_holdout_only == 1
    assert s.calibration_end == pd.Timestamp("2024-01-07")
    frame = s.to_frame()
    assert frame.columns.tolist() == [
        "frequency",
        "recency",
        "T",
        "monetary_value",
        "frequency_holdout",
        "monetary_value_holdout",
        "duration_holdout",
    ]
    assert frame["duration_holdout"].tolist() == [7.0, 7.0, 7.0]


def test_calibration_end_midday_belongs_to_its_period() -> None:
    log = pd.DataFrame(
        {
            "c": [1, 1, 1],
            "d": pd.to_datetime(["2024-01-01", "2024-01-05 18:00", "2024-01-06"], format="ISO8601"),
        }
    )
    # the whole day of calibration_end is in the calibration period
    s = rfm_summary(log, customer="c", date="d", calibration_end="2024-01-05 09:00")
    assert s.frequency.tolist() == [1.0]
    assert s.T.tolist() == [4.0]
    assert s.frequency_holdout is not None
    assert s.frequency_holdout.tolist() == [1.0]
    assert s.duration_holdout == 1.0


def test_one_time_buyers() -> None:
    log = pd.DataFrame(
        {"c": [5, 6], "d": pd.to_datetime(["2024-01-01", "2024-01-03"]), "v": [9.0, 4.0]}
    )
    s = rfm_summary(log, customer="c", date="d", value="v", observation_end="2024-01-31")
    assert s.frequency.tolist() == [0.0, 0.0]
    assert s.recency.tolist() == [0.0, 0.0]
    assert s.T.tolist() == [30.0, 28.0]
    assert s.monetary_value is not None
    assert s.monetary_value.tolist() == [0.0, 0.0]


def test_first_purchase_on_observation_day_has_age_zero() -> None:
    log = pd.DataFrame(
        {"c": [1, 2], "d": pd.to_datetime(["2024-01-01", "2024-01-09 23:00"], format="ISO8601")}
    )
    s = rfm_summary(log, customer="c", date="d", observation_end="2024-01-09")
    assert s.T.tolist() == [8.0, 0.0]


def test_reproduces_published_cdnow_summaries() -> None:
    # Five customers of the CDNOW sample (2,357 customers, 1997-01-01 to 1998-06-30)
    # used by Fader, Hardie & Lee (2005, Marketing Science 24(2)): their transactions
    # (customer, date, dollar value) and the published calibration summary, in weeks
    # with a calibration period ending 1997-09-30: x, t_x, T and zbar (mean value of
    # the repeat purchases), rounded to two decimals. Customers 26 and 46 bought twice
    # on one day: the published summaries count that day once and add its values
    # (26: zbar = 166.89 + 60.25).
    rows = [
        (1, "1997-01-01", 29.33), (1, "1997-01-18", 29.73), (1, "1997-08-02", 14.96),
        (1, "1997-12-12", 26.48),
        (2, "1997-01-01", 63.34), (2, "1997-01-13", 11.77),
        (26, "1997-01-02", 3.99), (26, "1997-01-13", 166.89), (26, "1997-01-13", 60.25),
        (46, "1997-01-03", 40.70), (46, "1997-01-14", 14.96), (46, "1997-01-21", 43.13),
        (46, "1997-01-27", 14.96), (46, "1997-02-04", 39.33), (46, "1997-04-11", 29.92),
        (46, "1997-06-27", 37.93), (46, "1997-07-10", 26.73), (46, "1997-07-14", 29.58),
        (46, "1997-07-29", 14.96), (46, "1997-07-31", 21.97), (46, "1997-08-28", 29.73),
        (46, "1997-08-28", 27.74), (46, "1997-09-01", 23.54), (46, "1997-10-13", 32.48),
        (46, "1997-10-28", 24.48), (46, "1997-12-14", 35.97), (46, "1998-01-10", 26.48),
        (46, "1998-02-13", 28.98), (46, "1998-03-01", 30.98), (46, "1998-03-05", 32.47),
        (46, "1998-03-25", 25.98), (46, "1998-04-15", 11.88), (46, "1998-05-31", 12.99),
        (51, "1997-01-03", 55.10), (51, "1998-04-11", 93.81), (51, "1998-04-11", 20.98),
    ]  # fmt: skip
    published = {  # ID: (x, t_x, T, zbar)
        1: (2, 30.43, 38.86, 22.35),
        2: (1, 1.71, 38.86, 11.77),
        26: (1, 1.57, 38.71, 227.14),
        46: (12, 34.43, 38.57, 29.54),
        51: (0, 0.00, 38.57, 0.00),
    }
    log = pd.DataFrame(rows, columns=["id", "date", "dollars"])
    s = rfm_summary(
        log,
        customer="id",
        date="date",
        value="dollars",
        period=7,
        calibration_end="1997-09-30",
        observation_end="1998-06-30",
    )
    got = s.to_frame()
    assert got.index.tolist() == list(published)
    for cid, (x, tx, T, zbar) in published.items():
        row = got.loc[cid]
        assert row["frequency"] == x
        assert row["recency"] == pytest.approx(tx, abs=0.005)
        assert row["T"] == pytest.approx(T, abs=0.005)
        assert row["monetary_value"] == pytest.approx(zbar, abs=0.005 + 1e-9)
    # holdout (1997-10-01 to 1998-06-30, 39 weeks): purchase days and their mean value
    assert s.duration_holdout == pytest.approx(39.0, rel=1e-15)
    assert got["frequency_holdout"].tolist() == [1.0, 0.0, 0.0, 10.0, 1.0]
    assert got.loc[51, "monetary_value_holdout"] == pytest.approx(93.81 + 20.98, rel=1e-12)
    assert got.loc[1, "monetary_value_holdout"] == pytest.approx(26.48, rel=1e-12)


# ---------------------------------------------------------------------------
# containers, index, dtypes, immutability
# ---------------------------------------------------------------------------


def test_result_is_indexed_by_customer_with_column_name() -> None:
    s = rfm_summary(_log(), customer="cust", date="when", value="amount")
    for series, name in [
        (s.frequency, "frequency"),
        (s.recency, "recency"),
        (s.T, "T"),
        (s.monetary_value, "monetary_value"),
    ]:
        assert isinstance(series, pd.Series)
        assert series.name == name
        assert series.index.name == "cust"
        assert series.index.tolist() == ["a", "b", "c"]
        assert series.dtype == np.float64
    frame = s.to_frame()
    assert frame.index.name == "cust"
    assert frame.columns.tolist() == ["frequency", "recency", "T", "monetary_value"]


@pytest.mark.parametrize(
    "ids",
    [
        np.array([30, 10, 20, 10], dtype=np.int64),
        np.array([30, 10, 20, 10], dtype=np.int32),
        np.array([3_000_000_000_000, -5, 7, -5], dtype=np.int64),  # sparse ids
        pd.array([30, 10, 20, 10], dtype="Int64"),
        pd.Categorical(["z", "x", "y", "x"]),
        np.array(["z", "x", "y", "x"], dtype=object),
    ],
)
def test_customer_labels_keep_their_type_and_are_sorted(ids: object) -> None:
    log = pd.DataFrame(
        {
            "id": ids,
            "d": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-05"]),
        }
    )
    s = rfm_summary(log, customer="id", date="d")
    expected = pd.Index(log["id"]).unique().sort_values().rename("id")
    assert s.frequency.index.equals(expected)
    assert s.frequency.index.dtype == expected.dtype
    # the repeated customer bought on days 2 and 5
    repeat = s.frequency[s.frequency > 0]
    assert repeat.tolist() == [1.0]
    assert s.recency[repeat.index].tolist() == [3.0]


def test_input_frame_is_not_modified_and_no_warnings() -> None:
    log = _log()
    log["when"] = log["when"].dt.strftime("%Y-%m-%d %H:%M")  # text dates are parsed
    before = log.copy(deep=True)
    s = rfm_summary(log, customer="cust", date="when", value="amount", calibration_end="2024-01-05")
    pd.testing.assert_frame_equal(log, before)
    assert s.frequency.tolist() == [1.0, 0.0, 0.0]


def test_datetime_units_and_timezones() -> None:
    log = _log()
    seconds = log.assign(when=log["when"].astype("datetime64[s]"))
    base = rfm_summary(log, customer="cust", date="when", observation_end="2024-01-14")
    other = rfm_summary(seconds, customer="cust", date="when", observation_end="2024-01-14")
    pd.testing.assert_frame_equal(base.to_frame(), other.to_frame())
    # wall-clock time of the time zone decides the period
    aware = log.assign(when=log["when"].dt.tz_localize("America/New_York"))
    local = rfm_summary(aware, customer="cust", date="when", observation_end="2024-01-14")
    pd.testing.assert_frame_equal(base.to_frame(), local.to_frame())
    # an aware observation_end is converted to the dates' zone: 2024-01-15 04:00 UTC
    # is 2024-01-14 23:00 in New York
    utc_end = rfm_summary(
        aware,
        customer="cust",
        date="when",
        observation_end=pd.Timestamp("2024-01-15 04:00", tz="UTC"),
    )
    assert utc_end.T.tolist() == base.T.tolist()


def test_to_dict_is_json_safe() -> None:
    s = rfm_summary(
        _log(), customer="cust", date="when", value="amount", calibration_end="2024-01-05"
    )
    data = json.loads(json.dumps(s.to_dict()))
    assert data["frequency"] == {"a": 1.0, "b": 0.0, "c": 0.0}
    assert data["duration_holdout"] == 5.0


def test_summary_feeds_compress_and_btyd_fit() -> None:
    from custvalue.btyd import BetaGeo
    from custvalue.datasets import simulate_transaction_log

    truth = BetaGeo(0.8, 3.0, 0.6, 3.0)
    sim = simulate_transaction_log(3000, truth, rng=7)
    s = rfm_summary(
        sim.transactions,
        customer="customer",
        date="date",
        period=7,  # weeks, as the simulated rates
        observation_end=sim.observation_end,
    )
    c = s.compress()
    assert c.n_customers == 3000
    assert c.n_patterns < 3000
    np.testing.assert_array_equal(c.expand(c.frequency), s.frequency.to_numpy())
    fit = BetaGeo.fit(s.frequency, s.recency, s.T)
    assert fit.converged
    # recovery of the simulated truth within 4 standard errors (purchases on
    # one day merge, a small effect at these weekly rates)
    for name in ("r", "alpha", "a", "b"):
        est, se = getattr(fit.model, name), fit.std_errors[name]
        assert abs(est - getattr(truth, name)) < 4 * se, (name, est, se)
    alive = fit.model.p_alive(s.frequency, s.recency, s.T)
    assert isinstance(alive, pd.Series)
    assert alive.index.equals(s.frequency.index)


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


def _bad(**kwargs: object) -> RFMSummary:
    options: dict[str, object] = {"customer": "cust", "date": "when", "value": "amount"}
    options.update(kwargs)
    log = options.pop("log", _log())
    return rfm_summary(log, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"log": [1, 2]}, TypeError, r"transactions must be a pandas DataFrame.*got list"),
        (
            {"customer": "who"},
            ValueError,
            r"customer='who' is not a column of transactions; "
            r"columns are \['cust', 'when', 'amount'\]",
        ),
        ({"date": "day"}, ValueError, r"date='day' is not a column"),
        ({"value": "price"}, ValueError, r"value='price' is not a column"),
        ({"customer": ["cust"]}, ValueError, r"customer=\['cust'\] is not a column"),
        (
            {"period": "fortnight"},
            ValueError,
            r"period must be one of 'D', 'W', 'M', 'Q', 'Y'; "
            r"got 'fortnight'",
        ),
        ({"period": 0}, ValueError, r"period must be > 0; got 0"),
        ({"period": True}, TypeError, r"period must be a real number, not boolean"),
        (
            {"observation_end": "2024-01-09"},
            ValueError,
            r"observation_end must not fall in a period before the last transaction "
            r"\(2024-01-10 00:00:00\); got 2024-01-09",
        ),
        ({"observation_end": 20240131}, TypeError, r"observation_end must be a date"),
        (
            {"observation_end": "not a date"},
            ValueError,
            r"observation_end could not be parsed as a date",
        ),
        (
            {"observation_end": pd.Timestamp("2024-02-01", tz="UTC")},
            ValueError,
            r"observation_end is timezone-aware \(UTC\) but the date column is not",
        ),
        (
            {"calibration_end": "2023-12-31"},
            ValueError,
            r"calibration_end must lie within the data: from the period of the first "
            r"transaction \(2024-01-01 09:00:00\) to the period before observation_end "
            r"\(2024-01-10 00:00:00\); got 2023-12-31",
        ),
        ({"calibration_end": "2024-01-10 12:00"}, ValueError, r"calibration_end must lie within"),
        (
            {"calibration_end": "2024-01-20", "observation_end": "2024-01-20"},
            ValueError,
            r"calibration_end must lie within",
        ),
    ],
)
def test_rfm_summary_rejects_bad_arguments(
    kwargs: dict[str, object], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        _bad(**kwargs)


def test_rfm_summary_rejects_bad_columns() -> None:
    log = _log()
    with pytest.raises(ValueError, match=r"transactions must not be empty"):
        _bad(log=log.iloc[:0])
    with pytest.raises(
        ValueError,
        match=r"customer column 'cust' must not contain missing "
        r"values; got (None|nan) at row 2",
    ):
        _bad(log=log.assign(cust=pd.Series(["a", "a", None, "b", "a", "c", "a"], dtype=object)))
    with pytest.raises(
        ValueError,
        match=r"date column 'when' must not contain missing dates; "
        r"got NaT at row 1",
    ):
        _bad(log=log.assign(when=log["when"].where(log.index != 1)))
    with pytest.raises(ValueError, match=r"date column 'when' could not be parsed as dates"):
        _bad(log=log.assign(when=["2024-01-01", "x", "y", "z", "w", "v", "u"]))
    with pytest.raises(TypeError, match=r"date column 'when' must hold dates .* got dtype int64"):
        _bad(log=log.assign(when=np.arange(7)))
    with pytest.raises(ValueError, match=r"value column 'amount' must be >= 0; got -4 at index 2"):
        _bad(log=log.assign(amount=[10.0, 5.0, -4.0, 8.0, 20.0, 6.0, 30.0]))
    with pytest.raises(ValueError, match=r"value column 'amount' must not contain NaN"):
        _bad(log=log.assign(amount=[10.0, 5.0, np.nan, 8.0, 20.0, 6.0, 30.0]))
    with pytest.raises(TypeError, match=r"value column 'amount' must be numeric"):
        _bad(log=log.assign(amount=["10", "5", "x", "8", "20", "6", "30"]))
    duplicated = pd.concat([log, log[["cust"]]], axis=1)
    with pytest.raises(ValueError, match=r"customer='cust' names several columns"):
        _bad(log=duplicated)


# ---------------------------------------------------------------------------
# properties against a plain-Python reference
# ---------------------------------------------------------------------------

_START = dt.date(2023, 12, 25)  # a Monday


def _reference(
    rows: list[tuple[int, int, float]], end_day: int, period: str
) -> dict[int, tuple[float, float, float, float]]:
    """(x, t_x, T, m) per customer, walking the log row by row."""

    def number(day: int) -> int:
        d = _START + dt.timedelta(days=day)
        if period == "D":
            return d.toordinal()
        if period == "W":
            monday = d - dt.timedelta(days=d.weekday())
            return monday.toordinal() // 7
        return d.year * 12 + d.month

    spend: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for cust, day, value in rows:
        spend[cust][number(day)] += value
    out = {}
    for cust, by_period in spend.items():
        periods = sorted(by_period)
        x = len(periods) - 1
        repeat = [by_period[p] for p in periods[1:]]
        m = sum(repeat) / x if x else 0.0
        out[cust] = (
            float(x),
            float(periods[-1] - periods[0]),
            float(number(end_day) - periods[0]),
            m,
        )
    return out


_rows = st.lists(
    st.tuples(
        st.integers(0, 5),
        st.integers(0, 120),
        st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 2)),
    ),
    min_size=1,
    max_size=40,
)


@given(_rows, st.integers(0, 30), st.sampled_from(["D", "W", "M"]))
def test_summary_matches_reference_and_bounds(
    rows: list[tuple[int, int, float]], extra_days: int, period: str
) -> None:
    end_day = max(day for _, day, _ in rows) + extra_days
    log = pd.DataFrame(
        {
            "c": [r[0] for r in rows],
            "d": [pd.Timestamp(_START) + pd.Timedelta(days=r[1], hours=r[0]) for r in rows],
            "v": [r[2] for r in rows],
        }
    )
    s = rfm_summary(
        log,
        customer="c",
        date="d",
        value="v",
        period=period,  # type: ignore[arg-type]
        observation_end=pd.Timestamp(_START) + pd.Timedelta(days=end_day),
    )
    ref = _reference(rows, end_day, period)
    assert s.frequency.index.tolist() == sorted(ref)
    got = s.to_frame()
    for cust, (x, tx, T, m) in ref.items():
        row = got.loc[cust]
        assert (row["frequency"], row["recency"], row["T"]) == (x, tx, T)
        assert row["monetary_value"] == pytest.approx(m, rel=1e-12, abs=1e-12)
    assert (s.recency >= 0).all()
    assert (s.recency <= s.T).all()
    assert (s.frequency <= s.T).all()
    assert ((s.frequency > 0) | (s.recency == 0)).all()
    c = s.compress()
    np.testing.assert_array_equal(c.expand(c.recency).to_numpy(), s.recency.to_numpy())
    np.testing.assert_array_equal(c.expand(c.T).to_numpy(), s.T.to_numpy())


@given(_rows, st.integers(0, 100), st.integers(1, 30))
def test_calibration_holdout_partition_the_log(
    rows: list[tuple[int, int, float]], cal_day: int, extra_days: int
) -> None:
    first_day = min(day for _, day, _ in rows)
    cal_day = max(cal_day, first_day)
    end_day = max(max(day for _, day, _ in rows), cal_day) + extra_days
    log = pd.DataFrame(
        {
            "c": [r[0] for r in rows],
            "d": [pd.Timestamp(_START) + pd.Timedelta(days=r[1]) for r in rows],
            "v": [r[2] for r in rows],
        }
    )
    start = pd.Timestamp(_START)
    s = rfm_summary(
        log,
        customer="c",
        date="d",
        value="v",
        calibration_end=start + pd.Timedelta(days=cal_day),
        observation_end=start + pd.Timedelta(days=end_day),
    )
    calibration = [r for r in rows if r[1] <= cal_day]
    holdout = [r for r in rows if r[1] > cal_day]
    ref = _reference(calibration, cal_day, "D")
    assert s.frequency.index.tolist() == sorted(ref)
    for cust, (x, tx, T, _) in ref.items():
        assert (s.frequency[cust], s.recency[cust], s.T[cust]) == (x, tx, T)
        days = {r[1] for r in holdout if r[0] == cust}
        assert s.frequency_holdout is not None
        assert s.frequency_holdout[cust] == len(days)
    new = {r[0] for r in holdout} - set(ref)
    assert s.n_holdout_only == len(new)
    assert s.duration_holdout == end_day - cal_day
    assert s.monetary_value_holdout is not None
    total = sum(r[2] for r in holdout if r[0] in ref)
    assert s.frequency_holdout is not None
    assert (s.monetary_value_holdout * s.frequency_holdout).sum() == pytest.approx(
        total, rel=1e-9, abs=1e-9
    )


# ---------------------------------------------------------------------------
# simulator
# ---------------------------------------------------------------------------


def test_simulated_log_is_seeded_sorted_and_complete() -> None:
    from custvalue.btyd import BetaGeo, GammaGamma
    from custvalue.datasets import simulate_transaction_log

    model = BetaGeo(1.0, 5.0, 0.5, 3.0)
    spend = GammaGamma(6.0, 4.0, 15.0)
    a = simulate_transaction_log(500, model, spend_model=spend, rng=3)
    b = simulate_transaction_log(500, model, spend_model=spend, rng=3)
    pd.testing.assert_frame_equal(a.transactions, b.transactions)
    log = a.transactions
    assert log.columns.tolist() == ["customer", "date", "value"]
    assert log["date"].is_monotonic_increasing
    assert sorted(log["customer"].unique().tolist()) == list(range(500))
    assert (log["value"] >= 0).all()
    assert log["date"].min() >= a.start
    assert log["date"].max() <= a.observation_end
    first = log.groupby("customer")["date"].min()
    assert first.max() < a.start + pd.Timedelta(days=84)


def test_simulated_log_follows_the_model_mean() -> None:
    from custvalue.btyd import BetaGeo, ParetoNBD
    from custvalue.datasets import simulate_transaction_log

    # BG/NBD (Fader, Hardie & Lee 2005, eq. 9) and Pareto/NBD mean number of
    # repeat purchases in (0, T]; the simulated frequencies (in continuous
    # time, period = 1 day / 10^-6 so no two purchases share a period) must
    # average to the model mean within 4 standard errors.
    for model in (BetaGeo(0.5, 2.0, 0.7, 2.5), ParetoNBD(0.5, 2.0, 0.8, 10.0)):
        sim = simulate_transaction_log(6000, model, rng=11, acquisition_days=70)
        log = sim.transactions
        counts = log.groupby("customer").size() - 1
        first = log.groupby("customer")["date"].min()
        T = (sim.observation_end - first).dt.total_seconds() / (7 * 86400)
        expected = model.expected_purchases(T.to_numpy())
        diff = counts.to_numpy() - expected
        se = diff.std(ddof=1) / np.sqrt(diff.size)
        assert abs(diff.mean()) < 4 * se, (type(model).__name__, diff.mean(), se)


def test_fallback_sorts_agree_with_packed_sorts(monkeypatch: pytest.MonkeyPatch) -> None:
    import custvalue.transactions as tr

    x, tx, T = [2.0, 0, 2, 1, 0, 2], [5.0, 0, 5, 3, 0, 4], [10.0, 10, 10, 10, 8, 10]
    packed = compress(x, tx, T)
    summary = rfm_summary(_log(), customer="cust", date="when", value="amount").to_frame()
    monkeypatch.setattr(tr, "_PACK_BITS", 0)  # as if keys needed more than 62 bits
    plain = compress(x, tx, T)
    for field in ("frequency", "recency", "T", "counts", "inverse"):
        np.testing.assert_array_equal(getattr(plain, field), getattr(packed, field))
    again = rfm_summary(_log(), customer="cust", date="when", value="amount").to_frame()
    pd.testing.assert_frame_equal(again, summary)


def test_unorderable_customer_labels_keep_order_of_appearance() -> None:
    log = pd.DataFrame(
        {
            "c": pd.Series([(1, 2), "b", (1, 2), 3], dtype=object),
            "d": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-04", "2024-01-05"]),
        }
    )
    s = rfm_summary(log, customer="c", date="d")
    assert s.frequency.index.tolist() == [(1, 2), "b", 3]
    assert s.frequency.tolist() == [1.0, 0.0, 0.0]
    assert s.recency.tolist() == [3.0, 0.0, 0.0]


def test_more_date_errors() -> None:
    with pytest.raises(ValueError, match=r"observation_end must be a date, not missing; got 'NaT'"):
        _bad(observation_end="NaT")
    mixed = _log().assign(when=["2024-01-01T00:00+01:00"] * 3 + ["2024-01-02T00:00+02:00"] * 4)
    # pandas 3 refuses mixed UTC offsets; pandas 2 first warns that it will
    with pytest.raises((ValueError, FutureWarning), match=r"(could not be parsed|time ?zones)"):
        _bad(log=mixed)


def test_simulator_rejects_bad_arguments() -> None:
    from custvalue.btyd import BetaGeo, GammaGamma
    from custvalue.datasets import simulate_transaction_log

    model = BetaGeo(1.0, 5.0, 0.5, 3.0)
    with pytest.raises(TypeError, match=r"model must be a BetaGeo or ParetoNBD; got GammaGamma"):
        simulate_transaction_log(10, GammaGamma(6.0, 4.0, 15.0))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"spend_model must be a GammaGamma; got BetaGeo"):
        simulate_transaction_log(10, model, spend_model=model)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"observation_days must be >= acquisition_days \(84\)"):
        simulate_transaction_log(10, model, observation_days=30)
    with pytest.raises(ValueError, match=r"start could not be parsed as a date"):
        simulate_transaction_log(10, model, start="someday")
    with pytest.raises(ValueError, match=r"n_customers must be >= 1; got 0"):
        simulate_transaction_log(0, model)
