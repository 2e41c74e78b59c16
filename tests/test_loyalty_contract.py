"""The library contract (label pairing, values, degenerate input) for loyalty and satisfaction."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from custvalue import loyalty as ly
from custvalue import satisfaction as sat
from custvalue._results import ConfidenceInterval

SAMPLE = np.r_[np.full(60, 10), np.full(25, 8), np.full(15, 3)]


class TestLabelPairing:
    def test_satisfaction_loyalty_curve_pairs_by_label(self) -> None:
        rng = np.random.default_rng(8)
        idx = [f"c{i}" for i in range(400)]
        s = pd.Series(rng.integers(1, 6, size=400), index=idx)
        y = pd.Series((rng.random(400) < s / 6).astype(int), index=idx)
        straight = ly.satisfaction_loyalty_curve(s, y)
        reversed_ = ly.satisfaction_loyalty_curve(s, y[::-1])
        np.testing.assert_array_equal(straight.observed, reversed_.observed)
        assert straight.slope == pytest.approx(reversed_.slope, rel=1e-12)
        # by position the reversed outcomes would give other rates
        by_position = ly.satisfaction_loyalty_curve(s.to_numpy(), y[::-1].to_numpy())
        assert not np.array_equal(by_position.observed, straight.observed)
        with pytest.raises(ValueError, match="satisfaction and repurchase have different labels"):
            ly.satisfaction_loyalty_curve(s, y.rename(index={"c0": "x"}))

    def test_nps_weights_pair_by_label(self) -> None:
        scores = pd.Series([10, 3], index=["a", "b"])
        weights = pd.Series([3.0, 1.0], index=["a", "b"])
        # a (promoter) weighs 3 of 4: NPS 100 * (3 - 1) / 4 = 50
        assert ly.nps(scores, weights=weights[::-1]).score == pytest.approx(50.0)

    def test_retention_series_pair_by_label(self) -> None:
        start = pd.Series({"north": 200.0, "south": 100.0})
        end = pd.Series({"south": 95.0, "north": 190.0})
        new = pd.Series({"north": 30.0, "south": 10.0})
        rate = ly.retention_rate(start, end, new)
        # north (190 - 30) / 200 = 0.8, south (95 - 10) / 100 = 0.85
        assert rate.to_dict() == pytest.approx({"north": 0.8, "south": 0.85})
        assert rate.name == "retention_rate"
        assert ly.churn_rate(start, end, new).name == "churn_rate"

    def test_share_of_wallet_and_segments_pair_by_label(self) -> None:
        firm = pd.Series({"a": 30.0, "b": 50.0})
        category = pd.Series({"b": 100.0, "a": 60.0})
        share = ly.share_of_wallet(firm, category)
        assert share.to_dict() == {"a": 0.5, "b": 0.5}
        assert share.name == "share_of_wallet"
        att = pd.Series({"a": 5.0, "b": 1.0})
        beh = pd.Series({"b": 0.9, "a": 0.1})
        seg = ly.loyalty_segments(att, beh, attitude_cut=3, behaviour_cut=0.5)
        assert seg.labels.to_dict() == {"a": "latent", "b": "spurious"}

    def test_satisfaction_ratio_pairs_by_label(self) -> None:
        b = pd.Series({"x": 90.0, "y": 120.0})
        a = pd.Series({"y": 100.0, "x": 100.0})
        r = sat.satisfaction_ratio(b, a)
        assert r.ratio.to_dict() == {"x": 0.9, "y": 1.2}
        assert r.ratio.name == "satisfaction_ratio"

    def test_driver_weights_pair_by_label(self) -> None:
        rng = np.random.default_rng(4)
        x = pd.DataFrame(rng.normal(size=(40, 2)), columns=["a", "b"])
        y = pd.Series(x @ [0.7, 0.3] + 0.1 * rng.normal(size=40))
        base = sat.driver_weights(x, y, n_components=2)
        shuffled = sat.driver_weights(x, y.sample(frac=1, random_state=1), n_components=2)
        np.testing.assert_allclose(shuffled.weights, base.weights, rtol=1e-12)

    def test_kano_continuous_importance_pairs_by_label(self) -> None:
        f = pd.DataFrame({"wifi": ["like", "like", "must-be"]}, index=["u1", "u2", "u3"])
        d = pd.DataFrame({"wifi": ["neutral", "dislike", "dislike"]}, index=["u3", "u1", "u2"])
        imp = pd.DataFrame({"wifi": [9.0, 1.0, 5.0]}, index=["u1", "u2", "u3"])
        k = sat.kano_continuous(f, d, importance=imp[::-1])
        # paired by label: u1 like/dislike, u2 like/dislike, u3 must-be/neutral
        np.testing.assert_allclose(k.functional_mean, [(4 + 4 + 2) / 3])
        np.testing.assert_allclose(k.dysfunctional_mean, [(4 + 4 + 0) / 3])
        np.testing.assert_allclose(k.importance, [5.0])


class TestDegenerateAndExtreme:
    def test_float_counts_within_rounding(self) -> None:
        # 0.1 + 0.2 = 0.30000000000000004: end - new exceeds start by 3e-17
        assert ly.retention_rate(0.1, 0.1 + 0.2, 0.2) == pytest.approx(1.0)
        assert ly.churn_rate(0.1, 0.1 + 0.2, 0.2) == pytest.approx(0.0, abs=1e-15)
        assert 0.0 <= ly.churn_rate(0.1, 0.1 + 0.2, 0.2) <= 1.0
        with pytest.raises(ValueError, match="end_customers must be <= start_customers"):
            ly.retention_rate(0.1, 0.31, 0.2)

    def test_kano_counts_beyond_exact_range(self) -> None:
        with pytest.raises(ValueError, match=r"counts must be <= 9007199254740992; got 1e\+19"):
            sat.kano_summary(counts=[[45, 1e19, 95, 33, 0, 0]])
        # 2**53 itself is exact and sums without overflow
        s = sat.kano_summary(counts=[[45, 2**53, 95, 33, 0, 0]])
        assert int(s.n[0]) == 2**53 + 173

    def test_nps_errors_give_the_callers_label(self) -> None:
        scores = pd.Series([10, 3, 11], index=["c4222", "c4223", "c4224"])
        with pytest.raises(ValueError, match=r"got 11 at label 'c4224'"):
            ly.nps(scores)
        floats = pd.Series([10.0, np.nan], index=["a", "b"])
        with pytest.raises(ValueError, match=r"got nan at label 'b'; pass missing='omit'"):
            ly.nps(floats)

    def test_options_are_keyword_only(self) -> None:
        res = ly.nps(SAMPLE)
        with pytest.raises(TypeError):
            res.confidence_interval(0.9)  # type: ignore[misc]
        with pytest.raises(TypeError):
            ly.nps(SAMPLE, 0.9)  # type: ignore[call-overload]


class TestResultsAreValues:
    @pytest.mark.parametrize(
        "make",
        [
            lambda: ly.nps(SAMPLE),
            lambda: ly.nps(SAMPLE, method="bootstrap", rng=1, n_boot=200),
            lambda: ly.nps(SAMPLE, by=np.tile(["a", "b"], 50)),
            lambda: ly.nps_difference(SAMPLE, SAMPLE[::2]),
            lambda: ly.net_satisfaction([[5, 1], [4, 2], [1, 5]]),
            lambda: ly.satisfaction_loyalty_curve([1, 1, 2, 2, 3, 3], [0, 1, 0, 1, 1, 1]),
            lambda: sat.likert_summary([[5, 4], [4, 4], [3, 5]]),
            lambda: sat.kano_summary(counts=[[45, 123, 95, 33, 0, 0]]),
        ],
    )
    def test_pickle_copy_equal_read_only(self, make: object) -> None:
        res = make()  # type: ignore[operator]
        again = pickle.loads(pickle.dumps(res))
        assert again == res
        assert copy.deepcopy(res) == res
        assert isinstance(res.summary(), str)
        frame = res.to_frame()
        assert isinstance(frame, pd.DataFrame)
        for value in vars_of(res):
            if isinstance(value, np.ndarray):
                assert not value.flags.writeable

    def test_intervals_are_the_library_type(self) -> None:
        ci = sat.likert_summary([[5, 4], [4, 4], [3, 5]]).confidence_interval(level=0.9)
        assert isinstance(ci, ConfidenceInterval)
        assert ci.level == 0.9
        assert not hasattr(sat, "MeanInterval")
        assert isinstance(ly.nps(SAMPLE).confidence_interval(), ConfidenceInterval)


def vars_of(res: object) -> list[object]:
    import attrs

    return [getattr(res, f.name) for f in attrs.fields(type(res))]


def test_importing_loyalty_does_not_load_scipy_stats_or_pandas() -> None:
    code = (
        "import sys, custvalue.loyalty, custvalue.satisfaction; "
        "print('scipy.stats' in sys.modules, 'pandas' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "False"


def test_loyal_customer_profit_takes_its_data_positionally() -> None:
    # years follow from the yearly arrays; the components are data
    res = ly.loyal_customer_profit(40.0, [0.0, 5.0, 10.0], purchase_growth=0.1)
    # year 3: 40 + 40 * (1.1^2 - 1) + 10 = 58.4
    np.testing.assert_allclose(res.cash_flows, [40.0, 49.0, 58.4], rtol=1e-12)
    with pytest.raises(ValueError, match="years must be given when every component"):
        ly.loyal_customer_profit(40.0)
    with pytest.raises(TypeError):
        ly.loyal_customer_profit(40.0, 0.0, 0.0, 0.0, 3)  # type: ignore[misc]


def test_options_checked_when_given() -> None:
    with pytest.raises(TypeError, match="rng must be None, an int seed"):
        ly.nps(SAMPLE, rng="abc")  # type: ignore[call-overload]
    adjusted = ly.holm(pd.Series([0.01, 0.04, 0.03], index=["a", "b", "c"]))
    assert adjusted.name == "p_adjusted"
    assert adjusted.to_dict() == pytest.approx({"a": 0.03, "b": 0.06, "c": 0.06})


@pytest.mark.parametrize(
    ("scores", "match"),
    [
        (np.array([3.0, 7.5]), "whole numbers; got 7.5 at index 1"),
        (np.array([3.0, 11.0]), r"in \[0, 10\]; got 11 at index 1"),
        (np.array([-1.0, 3.0]), r"in \[0, 10\]; got -1 at index 0"),
        (np.array([3.0, np.nan]), "must not contain NaN; got nan at index 1"),
        (np.array([3, 12]), r"in \[0, 10\]; got 12 at index 1"),
        (np.array([-3, 2]), r"in \[0, 10\]; got -3 at index 0"),
    ],
)
def test_fast_paths_still_name_the_offender(scores: np.ndarray, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        ly.nps(scores)


def test_float_and_integer_answers_agree() -> None:
    scores = np.random.default_rng(2).integers(0, 11, size=1000)
    assert ly.nps(scores.astype(float)) == ly.nps(scores) == ly.nps(scores.astype(np.uint8))


def test_kano_errors_name_row_label_and_column() -> None:
    f = pd.DataFrame({"wifi": ["like", "like"], "bed": ["like", None]}, index=["u1", "u2"])
    d = pd.DataFrame({"wifi": ["like", "like"], "bed": ["like", "like"]}, index=["u1", "u2"])
    with pytest.raises(ValueError, match=r"missing answer at row 'u2', column 'bed'; pass"):
        sat.kano_summary(f, d)
    f.iloc[0, 0] = "maybe"
    with pytest.raises(ValueError, match=r"unknown answer 'maybe' at row 'u1', column 'wifi'"):
        sat.kano_classify(f, d, missing="omit")


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.uint32, np.uint64, np.int8, np.int32])
def test_every_integer_dtype_is_counted(dtype: type) -> None:
    scores = SAMPLE.astype(dtype)
    res = ly.nps(scores)
    assert (res.detractors, res.passives, res.promoters) == (15, 25, 60)
    weighted = ly.nps(scores, weights=np.ones(100))
    assert weighted.score == pytest.approx(45.0)
