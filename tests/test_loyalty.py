"""Loyalty metrics: NPS / NSS, typologies, retention, the satisfaction-loyalty curve."""

from __future__ import annotations

import math
import warnings
from fractions import Fraction
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custvalue import loyalty as ly
from custvalue._results import ConfidenceInterval
from custvalue.datasets import simulate_nps_survey, simulate_satisfaction_loyalty
from custvalue.exceptions import ConvergenceWarning, DegenerateDataWarning

# Reference sample: 60 promoters, 25 passives, 15 detractors out of 100
# (NPS 45, standard error 7.399, 95% interval 30.50 to 59.50).
SAMPLE = np.r_[np.full(60, 10), np.full(25, 8), np.full(15, 3)]


# ---------------------------------------------------------------------------
# NPS
# ---------------------------------------------------------------------------


class TestNPS:
    def test_reference_sample(self) -> None:
        # NPS = 60% - 15% = 45; SE = 100 * sqrt((0.60 + 0.15 - 0.45^2) / 100)
        # = 100 * sqrt(0.5475 / 100) = 7.3993; 95% CI 45 -/+ 1.95996 * 7.3993.
        res = ly.nps(SAMPLE)
        assert res.score == 45.0
        assert res.std_error == pytest.approx(7.399, abs=5e-4)
        assert res.std_error == pytest.approx(100 * math.sqrt(0.5475 / 100), rel=1e-12)
        assert (round(res.low, 2), round(res.high, 2)) == (30.50, 59.50)
        assert (res.n, res.promoters, res.passives, res.detractors) == (100, 60, 25, 15)
        assert (res.promoter_share, res.passive_share, res.detractor_share) == (0.6, 0.25, 0.15)
        assert res.effective_n == 100.0
        assert not res.weighted

    def test_confidence_interval_method(self) -> None:
        res = ly.nps(SAMPLE)
        low, high = res.confidence_interval()
        assert (low, high) == (res.low, res.high)
        assert res.confidence_interval().low == res.low
        ci90 = res.confidence_interval(level=0.90)
        assert isinstance(ci90, ConfidenceInterval)
        assert ci90.level == 0.90
        # z(0.95) = 1.644854
        assert ci90.low == pytest.approx(45 - 1.6448536 * 7.3993243, abs=1e-5)
        assert res.confidence_interval() == ConfidenceInterval(res.low, res.high, 0.95)
        with pytest.raises(ValueError, match=r"level must be in \(0, 1\); got 1.5"):
            res.confidence_interval(level=1.5)
        with pytest.raises(TypeError):
            res.confidence_interval(0.9)  # type: ignore[misc]

    def test_other_confidence(self) -> None:
        res = ly.nps(SAMPLE, level=0.99)
        assert res.high - res.low == pytest.approx(2 * 2.5758293 * 7.3993243, abs=1e-5)

    def test_integer_and_float_input_agree(self) -> None:
        a = ly.nps(SAMPLE.astype(np.int8))
        b = ly.nps(SAMPLE.astype(float).tolist())
        c = ly.nps(pd.Series(SAMPLE))
        assert a == b == c

    def test_group_boundaries(self) -> None:
        res = ly.nps(list(range(11)))
        # 0-6 detractors (7), 7-8 passives (2), 9-10 promoters (2)
        assert (res.detractors, res.passives, res.promoters) == (7, 2, 2)
        assert res.score == pytest.approx(100 * (2 - 7) / 11)

    def test_weights_kish(self) -> None:
        w = np.r_[np.full(60, 1.0), np.full(25, 2.0), np.full(15, 1.0)]
        res = ly.nps(SAMPLE, weights=w)
        # weighted shares 60/125, 50/125, 15/125; n_eff = 125^2 / 175
        assert res.score == pytest.approx(36.0)
        assert res.effective_n == pytest.approx(125**2 / 175)
        se = 100 * math.sqrt((0.48 + 0.12 - 0.36**2) / (125**2 / 175))
        assert res.std_error == pytest.approx(se, rel=1e-12)
        assert res.weighted
        assert res.promoters == 60  # counts stay unweighted

    def test_equal_weights_change_nothing(self) -> None:
        a = ly.nps(SAMPLE)
        b = ly.nps(SAMPLE, weights=np.full(100, 3.0))
        assert b.score == pytest.approx(a.score)
        assert b.std_error == pytest.approx(a.std_error)

    def test_weights_series_must_share_the_index(self) -> None:
        scores = pd.Series([10, 9, 3, 7], index=["a", "b", "c", "d"])
        weights = pd.Series([1.0, 1.0, 1.0, 5.0], index=["a", "b", "c", "d"])
        # d (a passive) weighs 5 of 8: promoters 2/8, detractors 1/8
        assert ly.nps(scores, weights=weights).score == pytest.approx(12.5)
        # the same labels in another order are paired by label
        assert ly.nps(scores, weights=weights[::-1]).score == pytest.approx(12.5)
        with pytest.raises(ValueError, match=r"scores and weights have different labels: 'd'"):
            ly.nps(scores, weights=weights.rename({"d": "e"}))

    def test_missing_omit(self) -> None:
        res = ly.nps([10, np.nan, 3, 9], missing="omit")
        assert res.n == 3
        assert res.score == pytest.approx(100 * (2 - 1) / 3)
        with pytest.raises(
            ValueError, match="scores must not contain NaN; got nan at index 1; pass missing='omit'"
        ):
            ly.nps([10, np.nan])
        with pytest.raises(ValueError, match="after omitting NaN"):
            ly.nps([np.nan], missing="omit")
        w = ly.nps([10, np.nan, 3], weights=[1.0, 5.0, 3.0], missing="omit")
        assert w.score == pytest.approx(100 * (1 - 3) / 4)

    def test_interval_clipped(self) -> None:
        with pytest.warns(DegenerateDataWarning, match="all responses fall in one group"):
            res = ly.nps([10, 10, 9])
        assert (res.score, res.std_error, res.low, res.high) == (100.0, 0.0, 100.0, 100.0)
        res = ly.nps([10, 10, 9, 0])
        assert res.high <= 100.0

    @pytest.mark.parametrize(
        ("scores", "exc", "match"),
        [
            ([1, 11], ValueError, r"scores must be in \[0, 10\]; got 11 at index 1"),
            ([-1, 5], ValueError, r"scores must be in \[0, 10\]; got -1 at index 0"),
            (np.array([3, 12]), ValueError, r"got 12 at index 1"),
            ([7.5, 9], ValueError, "scores must contain whole numbers; got 7.5 at index 0"),
            (["a", 9], TypeError, "scores must be numeric"),
            ([True, False], TypeError, "not boolean"),
            ([], ValueError, "scores must not be empty"),
            ([[1, 2]], ValueError, "scores must be 1-D"),
        ],
    )
    def test_bad_scores(self, scores: object, exc: type[Exception], match: str) -> None:
        with pytest.raises(exc, match=match):
            ly.nps(scores)  # type: ignore[arg-type]

    def test_bad_options(self) -> None:
        with pytest.raises(ValueError, match=r"level must be in \(0, 1\); got 1"):
            ly.nps(SAMPLE, level=1.0)
        with pytest.raises(ValueError, match="method must be one of 'wald', 'adjusted_wald'"):
            ly.nps(SAMPLE, method="exact")  # type: ignore[call-overload]
        with pytest.raises(ValueError, match="n_boot must be >= 100"):
            ly.nps(SAMPLE, n_boot=10)
        with pytest.raises(ValueError, match="missing must be one of 'raise', 'omit'"):
            ly.nps(SAMPLE, missing="drop")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="inconsistent lengths"):
            ly.nps(SAMPLE, weights=[1.0, 2.0])
        with pytest.raises(ValueError, match="weights must be >= 0; got -1 at index 1"):
            ly.nps([9, 3], weights=[1.0, -1.0])
        with pytest.raises(ValueError, match="weights must not all be 0"):
            ly.nps([9, 3], weights=[0.0, 0.0])

    def test_to_frame_and_dict(self) -> None:
        res = ly.nps(SAMPLE)
        frame = res.to_frame()
        assert frame.shape == (1, 15)
        assert frame.loc[0, "score"] == 45.0
        assert (frame.loc[0, "low"], frame.loc[0, "high"]) == (res.low, res.high)
        assert res.to_dict()["std_error"] == pytest.approx(7.3993, abs=1e-4)
        assert isinstance(res.summary(), str)

    @given(st.lists(st.integers(0, 10), min_size=1, max_size=300), st.randoms())
    def test_properties(self, scores: list[int], rnd: object) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateDataWarning)
            res = ly.nps(scores)
            shuffled = list(scores)
            rnd.shuffle(shuffled)  # type: ignore[attr-defined]
            again = ly.nps(shuffled)
        assert again.score == res.score
        assert again.std_error == res.std_error
        assert -100.0 <= res.score <= 100.0
        assert res.low <= res.score <= res.high
        assert res.low >= -100.0
        assert res.high <= 100.0
        assert res.promoters + res.passives + res.detractors == len(scores)

    @given(st.lists(st.tuples(st.integers(0, 10), st.integers(1, 5)), min_size=1, max_size=80))
    def test_integer_weights_match_replication(self, pairs: list[tuple[int, int]]) -> None:
        scores = [s for s, _ in pairs]
        weights = [float(w) for _, w in pairs]
        replicated = [s for s, w in pairs for _ in range(w)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateDataWarning)
            weighted = ly.nps(scores, weights=weights)
            plain = ly.nps(replicated)
        assert weighted.score == pytest.approx(plain.score, abs=1e-9)
        assert weighted.promoter_share == pytest.approx(plain.promoter_share)
        # Kish: n_eff <= n, with equality only for equal weights
        assert weighted.effective_n <= len(scores) + 1e-9

    @given(st.lists(st.integers(0, 10), min_size=2, max_size=200))
    def test_wider_at_higher_confidence(self, scores: list[int]) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateDataWarning)
            res = ly.nps(scores)
        a = res.confidence_interval(level=0.8)
        b = res.confidence_interval(level=0.99)
        assert b.low <= a.low <= a.high <= b.high


class TestNPSDifference:
    def test_hand_computed(self) -> None:
        after = np.r_[np.full(45, 9), np.full(30, 7), np.full(25, 5)]
        test = ly.nps_difference(SAMPLE, after)
        # NPS 45 vs 20; SE^2 = 54.75 + 100^2 * (0.70 - 0.04) / 100 = 54.75 + 66
        se = math.sqrt(54.75 + 66.0)
        assert test.difference == pytest.approx(25.0)
        assert test.std_error == pytest.approx(se)
        assert test.statistic == pytest.approx(25.0 / se)
        assert test.p_value == pytest.approx(0.022901, abs=1e-5)  # 2 * (1 - Phi(2.2751))
        assert test.low == pytest.approx(25 - 1.959964 * se, abs=1e-5)
        assert tuple(test.confidence_interval()) == (test.low, test.high)
        assert "z = 2.275" in test.summary()

    def test_one_sided(self) -> None:
        after = np.r_[np.full(45, 9), np.full(30, 7), np.full(25, 5)]
        two = ly.nps_difference(SAMPLE, after)
        greater = ly.nps_difference(SAMPLE, after, alternative="greater")
        less = ly.nps_difference(SAMPLE, after, alternative="less")
        assert greater.p_value == pytest.approx(two.p_value / 2)
        assert less.p_value == pytest.approx(1 - two.p_value / 2)
        frame = two.to_frame()
        assert list(frame.columns[:4]) == ["difference", "std_error", "statistic", "p_value"]

    def test_same_sample_zero(self) -> None:
        test = ly.nps_difference(ly.nps(SAMPLE), SAMPLE)
        assert test.statistic == 0.0
        assert test.p_value == pytest.approx(1.0)

    def test_no_variation(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateDataWarning)
            with pytest.raises(ValueError, match="both samples have a standard error of 0"):
                ly.nps_difference([10, 10], [3, 3])
        with pytest.raises(ValueError, match="alternative must be one of"):
            ly.nps_difference(SAMPLE, SAMPLE, alternative="bigger")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# NSS
# ---------------------------------------------------------------------------


class TestNetSatisfaction:
    def test_single_item(self) -> None:
        res = ly.net_satisfaction([5, 5, 4, 4, 3, 2, 1, 5, 4, 5])
        # top box 4/10, bottom box 1/10: NSS 30, SE 100 * sqrt((0.5 - 0.09) / 10)
        assert res.score == pytest.approx(30.0)
        assert res.std_error == pytest.approx(100 * math.sqrt(0.041))
        assert res.items == ("item",)
        assert isinstance(res.score, float)

    def test_two_boxes_and_frame(self) -> None:
        frame = pd.DataFrame({"tariff": [5, 4, 3, 2, 1, 4], "network": [1, 1, 2, 5, 3, 3]})
        res = ly.net_satisfaction(frame, top=2, bottom=2)
        # tariff: top {4,5} 3/6, bottom {1,2} 2/6; network: top 1/6, bottom 3/6
        np.testing.assert_allclose(res.score, [100 / 6, -200 / 6])
        assert res.items == ("tariff", "network")
        out = res.to_frame()
        assert list(out["item"]) == ["tariff", "network"]
        np.testing.assert_allclose(out["top_share"], [0.5, 1 / 6])
        lo, hi = res.confidence_interval(level=0.9)
        assert np.all(lo <= res.score)
        assert np.all(res.score <= hi)

    def test_other_scale_and_missing(self) -> None:
        res = ly.net_satisfaction([[7, 1], [6, np.nan], [1, 7]], scale=(1, 7), missing="omit")
        np.testing.assert_array_equal(res.n, [3, 2])
        np.testing.assert_allclose(res.score, [0.0, 0.0])
        with pytest.raises(ValueError, match="has no answers for item 'item_2'"):
            ly.net_satisfaction([[5, np.nan], [4, np.nan]], missing="omit")

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"responses": [1, 6]}, r"responses must be in \[1, 5\]; got 6 at index 1"),
            ({"responses": [1, 2.5]}, "responses must contain whole numbers; got 2.5"),
            ({"responses": [1, 2], "top": 3, "bottom": 3}, "top \\+ bottom must not exceed"),
            ({"responses": [1, 2], "top": 0}, "top must be >= 1; got 0"),
            ({"responses": [1, 2], "scale": (1, 4.5)}, "scale must contain whole numbers"),
            ({"responses": [1, np.nan]}, "responses must not contain NaN"),
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(ValueError, match=match):
            ly.net_satisfaction(**kwargs)  # type: ignore[arg-type]

    def test_nss_finds_the_cause_of_an_nps_drop(self) -> None:
        # Two simulated waves: the network item's latent location drops by 1.
        before = simulate_nps_survey(1500, rng=11)
        after = simulate_nps_survey(1500, item_shift={"network": -1.0}, rng=12)
        drop = ly.nps_difference(before.recommend, after.recommend, alternative="greater")
        assert drop.difference > 0
        assert drop.p_value < 0.001
        change = (
            ly.net_satisfaction(after.ratings).score - ly.net_satisfaction(before.ratings).score
        )
        assert int(np.argmin(change)) == before.items.index("network")
        others = np.delete(change, before.items.index("network"))
        assert np.min(change) < -15
        assert np.all(np.abs(others) < 6)


# ---------------------------------------------------------------------------
# typologies
# ---------------------------------------------------------------------------


class TestSegments:
    def test_dick_basu_cells(self) -> None:
        seg = ly.loyalty_segments(
            [5, 4, 2, 1, 5, 2], [0.9, 0.2, 0.8, 0.1, 0.7, 0.3], attitude_cut=4, behaviour_cut=0.5
        )
        assert seg.labels.tolist() == ["loyalty", "latent", "spurious", "none", "loyalty", "none"]
        assert seg.counts == (2, 1, 1, 2)
        table = seg.table()
        assert list(table.columns) == ["segment", "attitude", "behaviour", "count", "share"]
        assert table["share"].sum() == pytest.approx(1.0)
        assert "relative attitude high" in seg.summary()

    def test_griffin_and_median_cuts(self) -> None:
        att = pd.Series([1.0, 2.0, 3.0, 4.0], index=list("abcd"))
        beh = pd.Series([4.0, 1.0, 3.0, 2.0], index=list("abcd"))
        seg = ly.loyalty_segments(att, beh, typology="griffin")
        assert (seg.attitude_cut, seg.behaviour_cut) == (2.5, 2.5)
        assert list(seg.labels.index) == list("abcd")
        assert seg.labels.tolist() == ["inertia", "none", "premium", "latent"]
        assert seg.segments == ("premium", "latent", "inertia", "none")
        assert "attachment high" in seg.summary()

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="attitude, behaviour have inconsistent lengths"):
            ly.loyalty_segments([1, 2], [1, 2, 3])
        with pytest.raises(ValueError, match="typology must be one of 'dick_basu', 'griffin'"):
            ly.loyalty_segments([1], [1], typology="oliver")  # type: ignore[arg-type]


class TestLoyaltyTypes:
    def test_eight_types_with_chinese_names(self) -> None:
        assert len(ly.LoyaltyType) == 8
        assert ly.LoyaltyType.MONOPOLY.chinese == "垄断忠诚"
        assert ly.LoyaltyType.PREMIUM.chinese == "超值忠诚"
        assert all(t.traits for t in ly.LoyaltyType)

    @pytest.mark.parametrize(
        ("att", "rep", "reason", "expected"),
        [
            (True, True, None, ly.LoyaltyType.PREMIUM),
            (True, True, "price", ly.LoyaltyType.PREMIUM),
            (True, False, "habit", ly.LoyaltyType.LATENT),
            (False, False, "habit", None),
            (False, True, "no_alternative", ly.LoyaltyType.MONOPOLY),
            (False, True, "affiliation", ly.LoyaltyType.KINSHIP),
            (False, True, "habit", ly.LoyaltyType.INERTIA),
            (False, True, "location", ly.LoyaltyType.CONVENIENCE),
            (False, True, "price", ly.LoyaltyType.PRICE),
            (False, True, "rewards", ly.LoyaltyType.INCENTIVE),
            (False, True, "value", ly.LoyaltyType.PRICE),
            (False, True, None, ly.LoyaltyType.INERTIA),
        ],
    )
    def test_rules(
        self, att: bool, rep: bool, reason: str | None, expected: ly.LoyaltyType | None
    ) -> None:
        assert ly.classify_loyalty(att, rep, reason) is expected

    def test_vectorised_and_series(self) -> None:
        out = ly.classify_loyalty([0, 0], [1, 1], ["rewards", "location"])
        assert out.tolist() == [ly.LoyaltyType.INCENTIVE, ly.LoyaltyType.CONVENIENCE]
        s = ly.classify_loyalty(pd.Series([True, False], index=[7, 9]), True)
        assert list(s.index) == [7, 9]
        assert s.tolist() == [ly.LoyaltyType.PREMIUM, ly.LoyaltyType.INERTIA]

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"reason must be one of .*; got 'love' at index 1"):
            ly.classify_loyalty([0, 0], [1, 1], ["habit", "love"])
        with pytest.raises(
            ValueError, match="attachment must be 0 or 1 \\(or boolean\\); got 2 at index 1"
        ):
            ly.classify_loyalty([0, 2], [1, 1])
        with pytest.raises(ValueError, match="inconsistent lengths"):
            ly.classify_loyalty([0, 1], [1, 1, 0])
        with pytest.raises(
            TypeError, match=r"reason must be a string, None or a sequence.*got int 5"
        ):
            ly.classify_loyalty(0, 1, 5)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"reason must be one of .*at index 1"):
            ly.classify_loyalty([0, 0], [1, 1], ["habit", 5])  # type: ignore[list-item]

    def test_scalar_nan_reason_is_not_recorded(self) -> None:
        assert ly.classify_loyalty(0, 1, math.nan) is ly.LoyaltyType.INERTIA  # type: ignore[arg-type]

    def test_bonds(self) -> None:
        assert [b.level for b in ly.RelationshipBond] == [1, 2, 3]
        assert ly.RelationshipBond.STRUCTURAL.chinese == "结构层次"


# ---------------------------------------------------------------------------
# retention metrics
# ---------------------------------------------------------------------------


class TestRetention:
    def test_rates(self) -> None:
        # 200 at the start, 190 at the end of whom 30 are new: 160 kept.
        assert ly.retention_rate(200, 190, 30) == pytest.approx(0.8)
        assert ly.churn_rate(200, 190, 30) == pytest.approx(0.2)
        assert ly.retention_rate(100, 90) == pytest.approx(0.9)
        np.testing.assert_allclose(ly.churn_rate([200, 100], [190, 95], [30, 10]), [0.2, 0.15])
        s = ly.retention_rate(pd.Series([10.0, 20.0], index=["q1", "q2"]), 8.0)
        assert list(s.index) == ["q1", "q2"]
        np.testing.assert_allclose(s, [0.8, 0.4])

    @pytest.mark.parametrize(
        ("args", "match"),
        [
            (
                (100, 140, 30),
                "end_customers must be <= start_customers \\+ new_customers; got 140 > 100 \\+ 30",
            ),
            (([100, 100], [90, 140]), "got 140 > 100 \\+ 0 at index 1"),
            ((100, 20, 30), "new_customers must be <= end_customers"),
            ((100, -1), "end_customers must be >= 0; got -1"),
            ((0, 0), "start_customers must be > 0; got 0"),
            ((100, 90, -5), "new_customers must be >= 0; got -5"),
        ],
    )
    def test_bad_counts(self, args: tuple[object, ...], match: str) -> None:
        with pytest.raises(ValueError, match=match):
            ly.retention_rate(*args)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=match):
            ly.churn_rate(*args)  # type: ignore[arg-type]

    def test_cohort_table_by_hand(self) -> None:
        panel = [
            [1, 1, 0, 1],  # cohort 0
            [1, 0, 0, 0],  # cohort 0
            [0, 1, 1, 1],  # cohort 1
            [0, 1, 0, 0],  # cohort 1
            [0, 0, 0, 1],  # cohort 3
            [0, 0, 0, 0],  # never active: ignored
        ]
        res = ly.retention_curve(panel)
        assert res.cohorts == (0, 1, 3)
        np.testing.assert_array_equal(res.cohort_sizes, [2, 2, 1])
        np.testing.assert_array_equal(res.retained, [[2, 1, 0, 1], [2, 1, 1, 0], [1, 0, 0, 0]])
        np.testing.assert_array_equal(
            res.observed,
            [[True, True, True, True], [True, True, True, False], [True, False, False, False]],
        )
        np.testing.assert_allclose(res.rates[0], [1.0, 0.5, 0.0, 0.5])
        assert np.isnan(res.rates[1, 3])
        # age 1: (1 + 1) / (2 + 2); age 2: (0 + 1) / 4; age 3: 1 / 2
        np.testing.assert_allclose(res.curve, [1.0, 0.5, 0.25, 0.5])

    def test_survival_definition(self) -> None:
        panel = [[1, 1, 0, 1], [1, 0, 0, 0], [0, 1, 1, 1], [0, 1, 0, 0]]
        res = ly.retention_curve(panel, definition="survival")
        np.testing.assert_array_equal(res.retained, [[2, 1, 0, 0], [2, 1, 1, 0]])
        np.testing.assert_allclose(res.curve, [1.0, 0.5, 0.25, 0.0])

    def test_dataframe_labels_and_frame(self) -> None:
        panel = pd.DataFrame(
            [[True, True, False], [False, True, True]], columns=["2024Q1", "2024Q2", "2024Q3"]
        )
        res = ly.retention_curve(panel)
        assert res.cohorts == ("2024Q1", "2024Q2")
        frame = res.to_frame()
        assert list(frame.columns) == ["cohort", "age", "cohort_size", "retained", "rate"]
        assert len(frame) == 3 + 2
        assert frame["rate"].notna().all()

    def test_panel_errors(self) -> None:
        with pytest.raises(
            ValueError, match=r"panel must be 0 or 1 \(or boolean\); got 0.5 at index \(0, 1\)"
        ):
            ly.retention_curve([[1, 0.5]])
        with pytest.raises(ValueError, match="panel must be 2-D"):
            ly.retention_curve([1, 0])
        with pytest.raises(ValueError, match="at least one active customer"):
            ly.retention_curve([[0, 0]])

    def test_share_of_wallet(self) -> None:
        np.testing.assert_allclose(ly.share_of_wallet([300.0, 50.0], [1000.0, 50.0]), [0.3, 1.0])
        assert ly.share_of_wallet(25.0, 100.0) == 0.25
        with pytest.raises(ValueError, match=r"share of wallet must be <= 1 .*got 120 / 100"):
            ly.share_of_wallet(120.0, 100.0)
        with pytest.raises(ValueError, match="at index 1"):
            ly.share_of_wallet([1.0, 120.0], 100.0)
        with pytest.raises(ValueError, match="category_spend must be > 0; got 0"):
            ly.share_of_wallet(0.0, 0.0)
        with pytest.raises(ValueError, match="firm_spend must be >= 0"):
            ly.share_of_wallet(-1.0, 10.0)

    def test_repeat_purchase_rate(self) -> None:
        # buyers: 1, 2, 5, 1, 3 -> 3 of 5 bought twice or more
        assert ly.repeat_purchase_rate([0, 1, 2, 5, 1, 3]) == pytest.approx(0.6)
        assert ly.repeat_purchase_rate([0, 1, 2, 5, 1, 3], min_repeats=2) == pytest.approx(0.4)
        with pytest.raises(ValueError, match="at least one buyer"):
            ly.repeat_purchase_rate([0, 0])
        with pytest.raises(ValueError, match="purchases must contain whole numbers"):
            ly.repeat_purchase_rate([1.5])
        with pytest.raises(ValueError, match="purchases must be >= 0"):
            ly.repeat_purchase_rate([-1, 2])


# ---------------------------------------------------------------------------
# satisfaction-loyalty curve
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def high_competition() -> ly.SatisfactionLoyaltyCurve:
    data = simulate_satisfaction_loyalty(20_000, market="high_competition", rng=2024)
    return ly.satisfaction_loyalty_curve(data.satisfaction, data.repurchase)


class TestSatisfactionLoyaltyCurve:
    def test_recovers_known_curve(self, high_competition: ly.SatisfactionLoyaltyCurve) -> None:
        truth = simulate_satisfaction_loyalty(2, market="high_competition", rng=0)
        curve = high_competition
        # Maximum likelihood is consistent; with 20,000 customers each
        # coefficient should lie within 3 standard errors of the truth
        # (a 0.3% chance of failing for a random seed; the seed is fixed).
        assert abs(curve.slope - truth.slope) < 3 * curve.slope_se
        assert abs(curve.intercept - truth.intercept) < 3 * curve.intercept_se
        # and every true probability within its 99.9% pointwise band
        wide = ly.satisfaction_loyalty_curve(*_data(20_000, "high_competition", 2024), level=0.999)
        assert np.all(wide.fitted_low <= truth.true_probability)
        assert np.all(truth.true_probability <= wide.fitted_high)

    def test_xerox_ratio(self, high_competition: ly.SatisfactionLoyaltyCurve) -> None:
        # Jones & Sasser (1995): Xerox customers rating 5 were six times as
        # likely to repurchase as those rating 4; the simulator's true ratio
        # is 0.60 / 0.10 = 6. The fitted ratio's 95% interval covers it.
        curve = high_competition
        assert curve.ratio_low[-1] < 6.0 < curve.ratio_high[-1]
        assert curve.likelihood_ratio(5, 4) == pytest.approx(curve.ratio[-1])
        # Tolerances from the sampling error computed from the TRUE model
        # (never from the fit's own standard errors): 3 standard errors of
        # the log ratio, a 0.3% chance of failing for a random seed.
        truth = simulate_satisfaction_loyalty(2, market="high_competition", rng=0)
        p = truth.true_probability
        n = curve.n.astype(float)
        # raw rates: var log(k5/n5) - log(k4/n4) = (1-p5)/(n5 p5) + (1-p4)/(n4 p4)
        se_obs = math.sqrt((1 - p[4]) / (n[4] * p[4]) + (1 - p[3]) / (n[3] * p[3]))
        assert abs(math.log(curve.observed_ratio[-1] / 6.0)) < 3 * se_obs
        # fitted: the inverse of the expected Fisher information at the true
        # coefficients, sum n_j p_j (1 - p_j) x_j x_j', and the gradient
        # of log P(5) - log P(4), (1 - P(5)) (1, 5) - (1 - P(4)) (1, 4)
        x = np.column_stack([np.ones(5), np.arange(1.0, 6.0)])
        info = (x * (n * p * (1 - p))[:, None]).T @ x
        g = (1 - p[4]) * x[4] - (1 - p[3]) * x[3]
        se_fit = math.sqrt(g @ np.linalg.solve(info, g))
        assert abs(math.log(curve.likelihood_ratio(5, 4) / 6.0)) < 3 * se_fit
        assert se_fit < se_obs  # the model pools the levels

    def test_low_competition_is_flat_and_high(self) -> None:
        curve = ly.satisfaction_loyalty_curve(*_data(5000, "low_competition", 7))
        assert curve.fitted.min() > 0.75
        assert curve.ratio.max() < 1.1

    def test_raw_rates_and_wilson(self) -> None:
        sat = [1, 1, 1, 1, 2, 2, 2, 2]
        rep = [0, 0, 0, 1, 0, 1, 1, 1]
        curve = ly.satisfaction_loyalty_curve(sat, rep)
        np.testing.assert_allclose(curve.observed, [0.25, 0.75])
        # Wilson 95% interval for 1 of 4: 0.0456 to 0.6994
        assert curve.observed_low[0] == pytest.approx(0.045587, abs=1e-5)
        assert curve.observed_high[0] == pytest.approx(0.699358, abs=1e-5)
        # the logit of two groups reproduces the group rates exactly
        np.testing.assert_allclose(curve.fitted, [0.25, 0.75], atol=1e-8)
        assert curve.odds_ratio == pytest.approx(9.0, rel=1e-6)
        np.testing.assert_allclose(curve.predict([1.0, 2.0]), [0.25, 0.75], atol=1e-8)
        frame = curve.to_frame()
        assert list(frame["level"]) == [1.0, 2.0]
        assert np.isnan(frame.loc[0, "ratio_to_previous"])

    def test_levels_nobody_chose(self) -> None:
        curve = ly.satisfaction_loyalty_curve([1, 1, 3, 3], [0, 1, 1, 0], levels=[1, 2, 3])
        assert curve.n.tolist() == [2, 0, 2]
        assert np.isnan(curve.observed[1])
        assert np.isfinite(curve.fitted).all()

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="satisfaction must be one of levels"):
            ly.satisfaction_loyalty_curve([1, 4], [0, 1], levels=[1, 2, 3])
        with pytest.raises(ValueError, match="at least two distinct values"):
            ly.satisfaction_loyalty_curve([3, 3], [0, 1])
        with pytest.raises(ValueError, match="both outcomes"):
            ly.satisfaction_loyalty_curve([1, 2], [1, 1])
        with pytest.raises(
            ValueError, match=r"repurchase must be 0 or 1 \(or boolean\); got 2 at index 1"
        ):
            ly.satisfaction_loyalty_curve([1, 2], [0, 2])
        with pytest.raises(ValueError, match="inconsistent lengths"):
            ly.satisfaction_loyalty_curve([1, 2, 3], [0, 1])

    def test_separation_warns(self) -> None:
        with pytest.warns(ConvergenceWarning, match="logistic fit is unreliable"):
            ly.satisfaction_loyalty_curve([1, 1, 2, 2], [0, 0, 1, 1])


def test_ratio_interval_against_a_numerical_delta_method() -> None:
    # An independent reference for the ratio intervals: refit the logistic
    # model with statsmodels, differentiate log P(s_j) - log P(s_{j-1}) in
    # the coefficients by central differences (not the analytic gradient the
    # library uses), and build exp(log ratio -/+ z se) at the 90% level.
    from statsmodels.discrete.discrete_model import Logit

    s, y = _data(3000, "high_competition", 17)
    curve = ly.satisfaction_loyalty_curve(s, y, level=0.90)
    fit = Logit(np.asarray(y, float), np.column_stack([np.ones(len(s)), s])).fit(disp=0)
    beta, cov = np.asarray(fit.params), np.asarray(fit.cov_params())
    levels = np.asarray(curve.levels)

    def log_ratio(b: np.ndarray, j: int) -> float:
        logp = -np.logaddexp(0.0, -(b[0] + b[1] * levels))
        return float(logp[j] - logp[j - 1])

    z = NormalDist().inv_cdf(0.95)
    h = 1e-6
    for j in range(1, levels.size):
        grad = np.array(
            [(log_ratio(beta + h * e, j) - log_ratio(beta - h * e, j)) / (2 * h) for e in np.eye(2)]
        )
        se = math.sqrt(grad @ cov @ grad)
        lr = log_ratio(beta, j)
        assert curve.ratio[j - 1] == pytest.approx(math.exp(lr), rel=1e-6)
        assert curve.ratio_low[j - 1] == pytest.approx(math.exp(lr - z * se), rel=1e-5)
        assert curve.ratio_high[j - 1] == pytest.approx(math.exp(lr + z * se), rel=1e-5)
    # and the fitted-probability band the same way, on the logit scale
    eta_se = np.sqrt(
        np.einsum(
            "ij,jk,ik->i",
            np.column_stack([np.ones(5), levels]),
            cov,
            np.column_stack([np.ones(5), levels]),
        )
    )
    eta = beta[0] + beta[1] * levels
    np.testing.assert_allclose(curve.fitted_low, 1 / (1 + np.exp(-(eta - z * eta_se))), rtol=1e-6)


def _data(n: int, market: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    d = simulate_satisfaction_loyalty(n, market=market, rng=seed)  # type: ignore[arg-type]
    return d.satisfaction, d.repurchase


# ---------------------------------------------------------------------------
# loyal-customer profit, life cycle
# ---------------------------------------------------------------------------


class TestLoyalCustomerProfit:
    def test_by_hand(self) -> None:
        res = ly.loyal_customer_profit(
            years=3,
            base_profit=100.0,
            purchase_growth=0.1,
            cost_savings=[0.0, 10.0, 20.0],
            referrals=5.0,
            price_premium=[0.0, 0.0, 8.0],
            acquisition_cost=150.0,
        )
        # increased purchases: 100 * (1.1^(t-1) - 1) = 0, 10, 21
        np.testing.assert_allclose(res.increased_purchases, [0.0, 10.0, 21.0])
        np.testing.assert_allclose(res.cash_flows, [105.0, 125.0, 154.0])
        np.testing.assert_allclose(res.cumulative(), [-150.0, -45.0, 80.0, 234.0])
        assert res.payback_year() == 2
        frame = res.to_frame()
        assert list(frame["year"]) == [0, 1, 2, 3]
        np.testing.assert_allclose(frame["total"], [-150.0, 105.0, 125.0, 154.0])
        with pytest.raises(ValueError, match="read-only"):
            res.cash_flows[0] = 1.0

    def test_never_pays_back(self) -> None:
        res = ly.loyal_customer_profit(years=2, base_profit=1.0, acquisition_cost=10.0)
        assert res.payback_year() is None

    def test_feeds_lifetime_value(self) -> None:
        from custvalue import clv

        res = ly.loyal_customer_profit(years=3, base_profit=100.0, acquisition_cost=50.0)
        value = clv.lifetime_value(
            res.cash_flows, discount_rate=0.1, acquisition_cost=res.acquisition_cost
        )
        expected = sum(100.0 / 1.1**t for t in (1, 2, 3)) - 50.0
        assert float(value) == pytest.approx(expected)
        # the five-year decomposition of the docs: cash flows 40, 56, 72.4,
        # 84.24, 96.564 (year 5: 40 + 40 * (1.1^4 - 1) + 20 + 10 + 8) are worth
        # 254.536 at 10%, so 104.536 after the acquisition cost of 150
        loyal = ly.loyal_customer_profit(
            years=5,
            base_profit=40.0,
            purchase_growth=0.10,
            cost_savings=[0.0, 5.0, 10.0, 15.0, 20.0],
            referrals=[0.0, 5.0, 10.0, 10.0, 10.0],
            price_premium=[0.0, 2.0, 4.0, 6.0, 8.0],
            acquisition_cost=150.0,
        )
        np.testing.assert_allclose(loyal.cash_flows, [40.0, 56.0, 72.4, 84.24, 96.564], rtol=1e-12)
        value = clv.lifetime_value(
            loyal.cash_flows, discount_rate=0.10, acquisition_cost=loyal.acquisition_cost
        )
        # independent exact value: the cash flows as fractions, discounted at
        # 11/10 per year, minus 150 = 104.5355... (104.54 in the guide)
        flows = [Fraction(40), Fraction(56), Fraction(724, 10), Fraction(8424, 100),
                 Fraction(96564, 1000)]  # fmt: skip
        exact = sum(cf / Fraction(11, 10) ** t for t, cf in enumerate(flows, 1)) - 150
        assert float(value) == pytest.approx(float(exact), rel=1e-12)
        assert round(float(exact), 4) == 104.5355

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"years": 0, "base_profit": 1.0}, "years must be >= 1; got 0"),
            ({"years": 2, "base_profit": [1.0, 2.0, 3.0]}, "one value per year \\(2\\); got 3"),
            ({"years": 2, "base_profit": 1.0, "purchase_growth": -1.0}, "purchase_growth must"),
            ({"years": 2, "base_profit": 1.0, "acquisition_cost": -5.0}, "acquisition_cost must"),
        ],
    )
    def test_errors(self, kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(ValueError, match=match):
            ly.loyal_customer_profit(**kwargs)  # type: ignore[arg-type]


class TestLifecycle:
    def test_seven_stages(self) -> None:
        assert [s.chinese for s in ly.LifecycleStage] == [
            "潜在期", "开发期", "成长期", "成熟期", "衰退期", "终止期", "恢复期",
        ]  # fmt: skip

    @pytest.mark.parametrize(
        ("row", "stage"),
        [
            ([0, 0, 0, 0, 0, 0], "potential"),
            ([0, 0, 0, 1, 0, 0], "development"),
            ([1, 1, 2, 3, 4, 5], "growth"),
            ([2, 2, 2, 2, 2, 2.1], "maturity"),
            ([2, 2, 2, 2, 2, 2.7], "growth"),  # +11.7% > 10% band
            ([5, 4, 4, 2, 1, 1], "decline"),
            ([3, 2, 1, 0, 0, 0], "termination"),
            ([2, 0, 0, 0, 1, 1], "recovery"),
            ([0, 2, 0, 0, 0, 1], "recovery"),
            ([2, 0, 0, 1, 1, 1], "growth"),  # a gap of two periods is not a lapse
        ],
    )
    def test_rules(self, row: list[float], stage: str) -> None:
        assert ly.lifecycle_stage(row, window=3) is ly.LifecycleStage(stage)

    def test_frame_and_band(self) -> None:
        frame = pd.DataFrame([[1, 1, 1, 1], [1, 1, 1, 2]], index=["x", "y"])
        out = ly.lifecycle_stage(frame, window=2, band=0.5)
        assert list(out.index) == ["x", "y"]
        assert out.tolist() == [ly.LifecycleStage.MATURITY, ly.LifecycleStage.MATURITY]
        out = ly.lifecycle_stage(frame, window=2, band=0.0)
        assert out.tolist()[1] is ly.LifecycleStage.GROWTH

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="at least 2 \\* window = 6 periods; got 4"):
            ly.lifecycle_stage([1, 1, 1, 1])
        with pytest.raises(ValueError, match="activity must be >= 0; got -1"):
            ly.lifecycle_stage([1, 1, -1, 1, 1, 1])
        with pytest.raises(ValueError, match=r"band must be in \[0, 1\); got 1"):
            ly.lifecycle_stage([1] * 6, band=1.0)
        with pytest.raises(ValueError, match="window must be >= 1; got 0"):
            ly.lifecycle_stage([1] * 6, window=0)
        with pytest.raises(ValueError, match="activity must be 1-D or 2-D"):
            ly.lifecycle_stage(np.ones((2, 2, 6)))


# ---------------------------------------------------------------------------
# simulators and plotting
# ---------------------------------------------------------------------------


class TestSimulators:
    def test_satisfaction_loyalty_truth(self) -> None:
        d = simulate_satisfaction_loyalty(10, market="high_competition", rng=1)
        # anchored at P(4) = 0.10 and P(5) = 0.60
        np.testing.assert_allclose(d.true_probability[3:], [0.10, 0.60])
        low = simulate_satisfaction_loyalty(10, market="low_competition", rng=1)
        np.testing.assert_allclose(low.true_probability[[0, 4]], [0.80, 0.95])
        custom = simulate_satisfaction_loyalty(10, intercept=0.0, slope=0.0, rng=1)
        np.testing.assert_allclose(custom.true_probability, 0.5)
        assert set(np.unique(d.satisfaction)) <= {1, 2, 3, 4, 5}
        assert list(d.to_frame().columns) == ["satisfaction", "repurchase"]
        a = simulate_satisfaction_loyalty(50, rng=9)
        b = simulate_satisfaction_loyalty(50, rng=9)
        np.testing.assert_array_equal(a.repurchase, b.repurchase)

    def test_satisfaction_loyalty_errors(self) -> None:
        with pytest.raises(ValueError, match="intercept and slope must be given together"):
            simulate_satisfaction_loyalty(10, intercept=1.0)
        with pytest.raises(ValueError, match="level_probs must be 5 probabilities summing to 1"):
            simulate_satisfaction_loyalty(10, level_probs=[0.5, 0.5])
        with pytest.raises(ValueError, match="market must be one of"):
            simulate_satisfaction_loyalty(10, market="duopoly")  # type: ignore[arg-type]

    def test_nps_survey(self) -> None:
        s = simulate_nps_survey(300, item_shift={"tariff": 0.5}, rng=4)
        assert s.recommend.min() >= 0 and s.recommend.max() <= 10  # noqa: PT018
        assert s.item_locations[0] == pytest.approx(1.1)
        frame = s.to_frame()
        assert list(frame.columns) == ["recommend", *s.items]
        with pytest.raises(ValueError, match="item_shift key must be one of"):
            simulate_nps_survey(10, item_shift={"price": 1.0})


class TestIntervalMethod:
    def test_named_pair(self) -> None:
        ci = ly.nps(SAMPLE).confidence_interval()
        low, high = ci
        assert (low, high) == (ci.low, ci.high)
        assert isinstance(ci, ConfidenceInterval)
        assert "ConfidenceInterval" not in ly.__all__


def test_wilson_interval_contains_zero_and_one_rates() -> None:
    # 504 customers at level 2, none repurchasing: rounding once put the
    # lower Wilson bound at 4e-19, above the observed rate of 0.
    data = simulate_satisfaction_loyalty(5000, rng=1)
    curve = ly.satisfaction_loyalty_curve(data.satisfaction, data.repurchase)
    assert curve.n[1] == 504
    assert curve.observed[1] == 0.0
    assert np.all(curve.observed_low <= curve.observed)
    assert np.all(curve.observed <= curve.observed_high)
    assert curve.observed_low[1] == 0.0


class TestEdgeCases:
    def test_retention_curve_when_nobody_starts_in_the_first_period(self) -> None:
        # earliest cohort is period 1, so age 2 is observed for no cohort:
        # the pooled curve is unknown there (NaN), without a 0/0 RuntimeWarning
        res = ly.retention_curve([[0, 1, 1], [0, 1, 0]])
        assert res.cohort_sizes.tolist() == [2]
        assert res.retained.tolist() == [[2, 1, 0]]
        np.testing.assert_array_equal(res.curve[:2], [1.0, 0.5])
        assert math.isnan(res.curve[2])

    def test_churn_rate_is_exact_for_round_counts(self) -> None:
        # (200 - 190 + 30) / 200 = 40 / 200 = 0.2, not 1 - 0.8 = 0.19999999999999996
        assert ly.churn_rate(200, 190, 30) == 0.2
        assert ly.churn_rate([200, 100], [190, 95], [30, 10]).tolist() == [0.2, 0.15]

    def test_growth_overflow_is_an_error_not_a_warning(self) -> None:
        with pytest.raises(ValueError, match="overflows"):
            ly.loyal_customer_profit(years=3000, base_profit=1.0, purchase_growth=10.0)

    def test_convergence_warning_names_each_problem_once(self) -> None:
        with pytest.warns(ConvergenceWarning) as record:
            ly.satisfaction_loyalty_curve([1, 1, 2, 2], [0, 0, 1, 1])
        message = str(record[0].message)
        assert message.count("Perfect separation") <= 1

    def test_weighted_nps_does_not_depend_on_the_scale_of_the_weights(self) -> None:
        # n_eff = (sum w)^2 / sum w^2 is scale-free; computed naively it
        # overflowed (OverflowError) or underflowed to 0 / 0 (ZeroDivisionError)
        scores = np.array([10, 3, 8, 9])
        ref = ly.nps(scores, weights=[1.0, 2.0, 1.0, 1.0])
        for scale in (1e200, 1e-200, 5e-324):
            res = ly.nps(scores, weights=np.array([1.0, 2.0, 1.0, 1.0]) * scale)
            assert res.effective_n == pytest.approx(ref.effective_n, rel=1e-12)
            assert res.score == pytest.approx(ref.score, rel=1e-12)
            assert res.std_error == pytest.approx(ref.std_error, rel=1e-12)

    def test_share_of_wallet_above_one_is_an_error_even_when_the_ratio_overflows(self) -> None:
        with pytest.raises(ValueError, match="share of wallet must be <= 1"):
            ly.share_of_wallet(1e308, 1e-10)

    def test_retention_check_does_not_overflow(self) -> None:
        assert ly.retention_rate(1e308, 1e308, 1e308) == 0.0
        assert ly.churn_rate(1e308, 1e308, 1e308) == 1.0

    def test_likelihood_ratio_far_below_the_data(self) -> None:
        # P(-2000) underflows to 0: the ratio is taken on the log scale, not 1 / 0
        curve = ly.satisfaction_loyalty_curve(
            [1, 1, 1, 2, 2, 2, 3, 3, 3], [0, 0, 1, 0, 1, 1, 0, 1, 1]
        )
        assert curve.likelihood_ratio(-2000, -2001) == pytest.approx(
            math.exp(curve.slope), rel=1e-9
        )
        assert curve.likelihood_ratio(5, -2000) == math.inf
        assert curve.likelihood_ratio(5, 4) == pytest.approx(
            float(curve.predict(5.0) / curve.predict(4.0)), rel=1e-12
        )

    def test_missing_reason_in_a_string_series_is_not_recorded(self) -> None:
        # a "string" Series marks a missing answer with pd.NA, not None / NaN
        reasons = pd.Series(["habit", pd.NA, "price"], dtype="string")
        out = ly.classify_loyalty([0, 0, 0], [1, 1, 1], reasons)
        assert out.tolist() == [
            ly.LoyaltyType.INERTIA,
            ly.LoyaltyType.INERTIA,
            ly.LoyaltyType.PRICE,
        ]
        answers = pd.Series(["habit", None], dtype=object)
        assert ly.classify_loyalty([0, 0], [1, 1], answers).tolist() == [ly.LoyaltyType.INERTIA] * 2
        assert answers.tolist() == ["habit", None]  # the input is not modified

    def test_lifecycle_stage_of_huge_activity(self) -> None:
        # the window means of 1e308 overflowed (RuntimeWarning, inf vs inf);
        # the rules compare ratios, so the scale of the activity must not matter
        assert ly.lifecycle_stage([1e308] * 6) is ly.LifecycleStage.MATURITY
        assert ly.lifecycle_stage([1e307, 1e307, 1e307, 1e308, 1e308, 1e308]) is (
            ly.LifecycleStage.GROWTH
        )
