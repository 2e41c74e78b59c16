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
    # frequency 1 appears twice: both have 0 customers below -> score 1
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
    with pytest.raises(ValueError, match=r"recency, frequency, monetary have inconsistent lengths"):
        rfm_scores([1, 2], [1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="recency must be >= 0; got -1 at index 0"):
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
