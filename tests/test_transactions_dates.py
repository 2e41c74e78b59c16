"""Text dates: date_format= and refusal of ambiguous day/month forms; the CDNOW sample log."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from custvalue.datasets import cdnow
from custvalue.transactions import rfm_summary


def _log(dates: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"customer": ["a", "a", "b"], "date": dates, "value": [1.0, 2.0, 3.0]})


def test_ambiguous_text_dates_are_refused_naming_the_option() -> None:
    log = _log(["01/01/2024", "31/01/2024", "01/02/2024"])
    with pytest.raises(ValueError, match=r"'01/01/2024' that read as day/month .*date_format="):
        rfm_summary(log, customer="customer", date="date")


def test_date_format_reads_day_first() -> None:
    log = _log(["01/01/2024", "31/01/2024", "01/02/2024"])
    s = rfm_summary(log, customer="customer", date="date", date_format="%d/%m/%Y")
    # a bought on 1 and 31 January: recency 30 days (month-first reading would fail on 31/01)
    assert s.recency["a"] == 30.0
    assert s.T["a"] == 31.0  # observation ends at the last transaction, 1 February
    us = _log(["01/01/2024", "01/31/2024", "02/01/2024"])
    t = rfm_summary(us, customer="customer", date="date", date_format="%m/%d/%Y")
    assert t.to_frame().equals(s.to_frame())
    with pytest.raises(ValueError, match=r"does not match date_format='%m/%d/%Y'"):
        rfm_summary(log, customer="customer", date="date", date_format="%m/%d/%Y")
    with pytest.raises(ValueError, match="observation_end holds dates such as '05/02/2024'"):
        rfm_summary(
            _log(["2024-01-01", "2024-01-31", "2024-02-01"]),
            customer="customer",
            date="date",
            observation_end="05/02/2024",
        )
    end = rfm_summary(
        log, customer="customer", date="date", date_format="%d/%m/%Y", observation_end="05/02/2024"
    )
    assert end.T["a"] == 35.0
    with pytest.raises(TypeError, match="date_format must be a strftime format"):
        rfm_summary(log, customer="customer", date="date", date_format=1)  # type: ignore[arg-type]


def test_iso_text_dates_need_no_format() -> None:
    log = _log(["2024-01-01", "2024-01-31", "2024-02-01"])
    assert rfm_summary(log, customer="customer", date="date").recency["a"] == 30.0


def test_cdnow_log_reproduces_the_published_summary() -> None:
    # the 39-week calibration summary of Fader, Hardie & Lee (2005) from the raw log:
    # daily purchase occasions, times in weeks (period=7), calibration to 1997-09-30
    data = cdnow()
    s = rfm_summary(
        data.transactions,
        customer="customer",
        date="date",
        value="value",
        period=7,
        observation_end="1998-06-30",
        calibration_end="1997-09-30",
    )
    ref = data.rfm
    np.testing.assert_array_equal(s.frequency.to_numpy(), ref["frequency"].to_numpy())
    # the published times are rounded to 2 decimals
    np.testing.assert_allclose(s.recency.to_numpy(), ref["recency"].to_numpy(), atol=0.005 + 1e-9)
    np.testing.assert_allclose(s.T.to_numpy(), ref["T"].to_numpy(), atol=0.005 + 1e-9)
    assert int((s.frequency > 0).sum()) == 946
