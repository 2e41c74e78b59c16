"""RFM scores: quantile classes by hand, ties, segments, containers, errors."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from custvalue.scoring.rfm import SEGMENTS, rfm_scores


def test_quintiles_by_hand() -> None:
    # ten customers without ties: two per class
    recency = np.arange(10, 110, 10)  # 10 is the most recent
    frequency = np.arange(1, 11)
    monetary = np.arange(10, 0, -1) * 100.0
    res = rfm_scores(recency, frequency, monetary)
    assert res.recency_score.tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert res.frequency_score.tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert res.monetary_score.tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert res.code[0] == "515"
    assert res.total.tolist() == [11, 11, 10, 10, 9, 9, 8, 8, 7, 7]


def test_ties_share_a_score_and_segments() -> None:
    res = rfm_scores([5, 40, 90, 10, 200], [12, 3, 1, 8, 1], [900, 150, 40, 700, 60])
    # frequency 1 appears twice, positions 0 and 1: middle 0.5 -> score 1
    assert res.frequency_score.tolist() == [5, 3, 1, 4, 1]
    assert res.code.tolist() == ["555", "333", "211", "444", "112"]
    # high = score above the middle class 3
    assert res.segment.tolist() == [
        "important value",
        "general win-back",
        "general win-back",
        "important value",
        "general win-back",
    ]


def test_all_eight_segments() -> None:
    # two customers: scores are 1 (low) or 2 (high) with bins=2
    lows_highs = [(r, f, m) for r in (0, 1) for f in (0, 1) for m in (0, 1)]
    seen = set()
    for hr, hf, hm in lows_highs:
        res = rfm_scores([10, 10 - 5 * hr], [1, 1 + hf], [1, 1 + hm], bins=2)
        seen.add(res.segment[1])
        assert res.segment[1] == SEGMENTS[(bool(hr), bool(hf), bool(hm))]
    assert len(seen) == 8


def test_series_index_and_frames() -> None:
    idx = pd.Index(["a", "b", "c"], name="customer")
    res = rfm_scores(pd.Series([3.0, 1.0, 2.0], index=idx), [1, 2, 3], [10.0, 20.0, 30.0], bins=3)
    frame = res.to_frame()
    assert list(frame.index) == ["a", "b", "c"]
    assert list(frame.columns) == [
        "recency_score",
        "frequency_score",
        "monetary_score",
        "code",
        "segment",
    ]
    counts = res.segment_counts()
    assert counts["customers"].sum() == 3
    assert len(counts) == 8
    json.dumps(res.to_dict())


def test_errors() -> None:
    with pytest.raises(
        ValueError, match=r"time_since_last_purchase, frequency, monetary have inconsistent lengths"
    ):
        rfm_scores([1, 2], [1, 2, 3], [1, 2])
    with pytest.raises(
        ValueError, match="time_since_last_purchase must be >= 0; got -1 at index 0"
    ):
        rfm_scores([-1, 2], [1, 2], [1, 2])
    with pytest.raises(ValueError, match="frequency must be >= 0"):
        rfm_scores([1, 2], [1, -2], [1, 2])
    with pytest.raises(ValueError, match="bins must be <= 9"):
        rfm_scores([1, 2], [1, 2], [1, 2], bins=10)
    with pytest.raises(ValueError, match="bins must be >= 2; got 1"):
        rfm_scores([1, 2], [1, 2], [1, 2], bins=1)
    with pytest.raises(TypeError, match="bins must be an integer"):
        rfm_scores([1, 2], [1, 2], [1, 2], bins="5")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="monetary must not contain NaN"):
        rfm_scores([1, 2], [1, 2], [1, np.nan])


@given(
    arrays(np.float64, st.integers(1, 60), elements=st.floats(0, 1e4)),
    st.integers(2, 9),
)
def test_scores_in_range_and_monotone(values: np.ndarray, bins: int) -> None:
    res = rfm_scores(values, values, values, bins=bins)
    for s in (res.recency_score, res.frequency_score, res.monetary_score):
        assert s.min() >= 1
        assert s.max() <= bins
    order = np.argsort(values, kind="stable")
    assert (np.diff(res.frequency_score[order]) >= 0).all()
    assert (np.diff(res.recency_score[order]) <= 0).all()


def test_tie_groups_score_by_mid_rank() -> None:
    # half one-time buyers, half repeat buyers: the repeat buyers are the top
    # half and must be "high" (score above the middle class 3), the one-time
    # buyers "low"; middle positions 2 and 7 (0-based) of 10 give classes
    # 1 + floor(5 x 2/10) = 2 and 1 + floor(5 x 7/10) = 4. The rule scoring a
    # tie group by its lowest position gave the repeat buyers 3 ("low").
    res = rfm_scores(np.arange(10.0), [1] * 5 + [2] * 5, np.arange(10.0))
    assert res.frequency_score.tolist() == [2] * 5 + [4] * 5
    # reversing a tied variable reverses its scores (recency is scored on -r)
    rev = rfm_scores([1] * 5 + [2] * 5, np.arange(10.0), np.arange(10.0))
    assert rev.recency_score.tolist() == [4] * 5 + [2] * 5
    # a constant indicator carries no ranking: everyone in the middle class
    flat = rfm_scores([3.0] * 5, [1.0] * 5, [7.0] * 5)
    assert flat.code.tolist() == ["333"] * 5


def test_series_are_paired_by_label() -> None:
    # pairing by position would mix up customers listed in different orders
    since = pd.Series([1.0, 2.0, 3.0], index=["a", "b", "c"])
    frequency = pd.Series([5.0, 1.0, 2.0], index=["c", "a", "b"])
    res = rfm_scores(since, frequency, [1.0, 2.0, 3.0], bins=3)
    # by label frequency is a: 1, b: 2, c: 5
    assert res.frequency_score.tolist() == [1, 2, 3]
    assert res.to_frame().index.tolist() == ["a", "b", "c"]
    with pytest.raises(ValueError, match="'b' is in time_since_last_purchase but not in frequency"):
        rfm_scores(since, frequency.set_axis(["c", "a", "d"]), [1.0, 2.0, 3.0])


def test_rfm_summary_taken_directly() -> None:
    from custvalue.transactions import rfm_summary

    log = pd.DataFrame(
        {
            "customer": ["a", "a", "a", "b", "b", "c"],
            "date": pd.to_datetime(
                ["2024-01-01", "2024-01-05", "2024-01-09", "2024-01-02", "2024-01-03",
                 "2024-01-04"]
            ),
            "value": [10.0, 30.0, 50.0, 5.0, 7.0, 100.0],
        }
    )  # fmt: skip
    summary = rfm_summary(
        log, customer="customer", date="date", value="value", observation_end="2024-01-10"
    )
    # by hand: a bought on days 1, 5, 9; b on 2, 3; c on 4; observation ends day 10:
    # days since the last purchase a 1, b 7, c 6; repeat purchases 2, 1, 0;
    # mean repeat spend a 40, b 7, c 0
    res = rfm_scores(summary, bins=3)
    direct = rfm_scores(
        pd.Series({"a": 1.0, "b": 7.0, "c": 6.0}),
        pd.Series({"a": 2.0, "b": 1.0, "c": 0.0}),
        pd.Series({"a": 40.0, "b": 7.0, "c": 0.0}),
        bins=3,
    )
    pd.testing.assert_frame_equal(res.to_frame(), direct.to_frame(), check_names=False)
    assert res.code.tolist() == ["333", "122", "211"]
    with pytest.raises(TypeError, match="from the RFMSummary"):
        rfm_scores(summary, [1, 2, 3], [1, 2, 3])
    with pytest.raises(TypeError, match="needs frequency and monetary"):
        rfm_scores([1.0, 2.0])


def test_missing_listwise() -> None:
    since = pd.Series([1.0, np.nan, 3.0, 4.0], index=list("wxyz"))
    with pytest.raises(ValueError, match="missing='listwise'"):
        rfm_scores(since, [1, 2, 3, 4], [1, 2, 3, 4])
    res = rfm_scores(since, [1, 2, 3, 4], [4, 3, 2, 1], bins=3, missing="listwise")
    assert res.to_frame().index.tolist() == ["w", "y", "z"]
    dropped = rfm_scores(since.drop("x"), [1, 3, 4], [4, 2, 1], bins=3)
    pd.testing.assert_frame_equal(res.to_frame(), dropped.to_frame())
    arr = rfm_scores([1.0, 2.0, 3.0], [1.0, np.nan, 3.0], [1.0, 2.0, 3.0], missing="listwise")
    assert arr.index.tolist() == [0, 2]
    with pytest.raises(ValueError, match="missing must be one of 'raise', 'listwise'"):
        rfm_scores([1.0], [1.0], [1.0], missing="mean")  # type: ignore[arg-type]


def test_scores_with_an_index_are_values() -> None:
    import copy
    import pickle

    since = pd.Series([3.0, 1.0, 2.0], index=["a", "b", "c"])
    res = rfm_scores(since, [1, 2, 3], [10.0, 20.0, 30.0], bins=3)
    assert pickle.loads(pickle.dumps(res)) == res
    assert copy.deepcopy(res) == res
    assert res != rfm_scores(since.set_axis(["x", "y", "z"]), [1, 2, 3], [10.0, 20.0, 30.0], bins=3)
    with pytest.raises(ValueError, match="read-only"):
        res.recency_score[0] = 5
