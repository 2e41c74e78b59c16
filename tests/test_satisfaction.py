"""Satisfaction measurement: ratio, Likert statistics, sample size, Kano, PCR weights."""

from __future__ import annotations

import math
import warnings
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custvalue import satisfaction as sat
from custvalue.datasets import simulate_kano_survey, simulate_likert_survey
from custvalue.exceptions import DegenerateDataWarning

# ---------------------------------------------------------------------------
# public surface
# ---------------------------------------------------------------------------


def test_index_model_names_stay_exported() -> None:
    for name in ("acsi_model", "ecsi_model", "ipma", "satisfaction_index", "scsb_model"):
        assert name in sat.__all__
    for name in (
        "satisfaction_ratio",
        "likert_summary",
        "sample_size",
        "sample_size_mean",
        "kano_classify",
        "kano_summary",
        "kano_continuous",
        "driver_weights",
    ):
        assert name in sat.__all__
        assert callable(getattr(sat, name))


# ---------------------------------------------------------------------------
# satisfaction_ratio
# ---------------------------------------------------------------------------


class TestSatisfactionRatio:
    def test_values_and_verdicts(self) -> None:
        r = sat.satisfaction_ratio([90.0, 100.0, 120.0, 0.0], [100.0, 98.0, 100.0, 5.0])
        np.testing.assert_allclose(r.ratio, [0.9, 100 / 98, 1.2, 0.0], rtol=1e-15)
        assert r.verdict.tolist() == ["below", "meets", "exceeds", "below"]
        assert r.counts() == {"exceeds": 1, "meets": 1, "below": 2}

    def test_band_edges_are_inclusive(self) -> None:
        # |C - 1| <= tolerance is "meets", also after floating-point division
        r = sat.satisfaction_ratio([105.0, 95.0, 105.01, 94.99], 100.0)
        assert r.verdict.tolist() == ["meets", "meets", "exceeds", "below"]
        assert sat.satisfaction_ratio(1.0, 1.0, tolerance=0.0).verdict == "meets"
        assert sat.satisfaction_ratio(1.001, 1.0, tolerance=0.0).verdict == "exceeds"

    def test_scalar_in_scalar_out(self) -> None:
        r = sat.satisfaction_ratio(8.0, 10.0, tolerance=0.25)
        assert isinstance(r.ratio, float)
        assert r.ratio == pytest.approx(0.8)
        assert r.verdict == "meets"
        assert r.tolerance == 0.25

    def test_series_keeps_index(self) -> None:
        b = pd.Series([6.0, 10.0], index=["ann", "bob"], name="perceived")
        r = sat.satisfaction_ratio(b, 8.0)
        assert list(r.ratio.index) == ["ann", "bob"]
        assert list(r.verdict.index) == ["ann", "bob"]
        assert r.verdict["bob"] == "exceeds"
        frame = r.to_frame()
        assert list(frame.columns) == ["ratio", "verdict"]
        assert list(frame.index) == ["ann", "bob"]

    def test_broadcasting_and_dict(self) -> None:
        r = sat.satisfaction_ratio([[1.0], [2.0]], [1.0, 2.0])
        assert r.ratio.shape == (2, 2)
        assert r.to_dict()["verdict"] == [["meets", "below"], ["exceeds", "meets"]]

    @pytest.mark.parametrize(
        ("perceived", "expected", "kwargs", "error", "match"),
        [
            (1.0, 0.0, {}, ValueError, r"expected must be > 0; got 0"),
            ([1.0, 2.0], [1.0, -1.0], {}, ValueError, r"expected must be > 0; got -1 at index 1"),
            (-1.0, 1.0, {}, ValueError, r"perceived must be >= 0; got -1"),
            (np.nan, 1.0, {}, ValueError, "perceived must not contain NaN"),
            (1.0, 1.0, {"tolerance": -0.1}, ValueError, "tolerance must be >= 0; got -0.1"),
            ([1.0, 2.0], [1.0, 2.0, 3.0], {}, ValueError, "cannot be broadcast"),
            ("a", 1.0, {}, TypeError, "perceived must be numeric"),
            (1.0, 1.0, {"tolerance": "x"}, TypeError, "tolerance must be a real number"),
        ],
    )
    def test_bad_input(
        self,
        perceived: object,
        expected: object,
        kwargs: dict[str, object],
        error: type,
        match: str,
    ) -> None:
        with pytest.raises(error, match=match):
            sat.satisfaction_ratio(perceived, expected, **kwargs)  # type: ignore[arg-type]

    def test_ratio_outside_the_float_range_is_refused(self) -> None:
        # 100 / 1e-308 = 1e310 exceeds the float64 maximum (1.8e308): refused,
        # naming the argument, instead of an infinite C
        with pytest.raises(
            ValueError,
            match=r"expected is too small .* got perceived 100.0 "
            r"over expected 1e-308 at index 1",
        ):
            sat.satisfaction_ratio([1.0, 100.0], [1.0, 1e-308])
        with pytest.raises(ValueError, match="expected is too small"):
            sat.satisfaction_ratio(100.0, 1e-308)
        # 1e-300 / 1e100 = 1e-400 underflows to 0
        with pytest.raises(ValueError, match="perceived is too small"):
            sat.satisfaction_ratio(1e-300, 1e100)
        # the largest ratios that still fit are returned exactly
        assert sat.satisfaction_ratio(1e300, 1e-8).ratio == 1e308

    @given(
        st.lists(st.floats(0.0, 1e6, allow_subnormal=False), min_size=1, max_size=20),
        st.floats(0.01, 1e6),
        st.floats(0.0, 0.5),
    )
    def test_verdict_matches_definition(self, b: list[float], a: float, tol: float) -> None:
        r = sat.satisfaction_ratio(b, a, tolerance=tol)
        c = np.asarray(b) / a
        expect = np.where(c > 1 + tol + 1e-9, "exceeds", np.where(c < 1 - tol - 1e-9, "below", ""))
        decided = expect != ""
        assert (r.verdict[decided] == expect[decided]).all()
        assert set(r.verdict.tolist()) <= {"exceeds", "meets", "below"}


# ---------------------------------------------------------------------------
# likert_summary
# ---------------------------------------------------------------------------


class TestLikertSummary:
    def test_hand_computed(self) -> None:
        # clarity: 5, 4, 3, 5 -> mean 4.25, var (.75^2 + .25^2 + 1.25^2 + .75^2)/3 = 2.75/3
        # pace: 4, 4, 5, 2 -> mean 3.75, var (.25^2 + .25^2 + 1.25^2 + 1.75^2)/3 = 4.75/3
        s = sat.likert_summary([[5, 4], [4, 4], [3, 5], [5, 2]], items=["clarity", "pace"])
        assert s.items == ("clarity", "pace")
        np.testing.assert_allclose(s.mean, [4.25, 3.75])
        np.testing.assert_allclose(s.variance, [2.75 / 3, 4.75 / 3])
        np.testing.assert_allclose(s.std, np.sqrt([2.75 / 3, 4.75 / 3]))
        np.testing.assert_allclose(s.shares[0], [0, 0, 0.25, 0.25, 0.5])
        np.testing.assert_allclose(s.shares[1], [0, 0.25, 0, 0.5, 0.25])
        np.testing.assert_allclose(s.top_box, [0.5, 0.25])
        np.testing.assert_allclose(s.bottom_box, [0.0, 0.0])
        assert s.n.tolist() == [4, 4]

    def test_matches_numpy_on_a_survey(self) -> None:
        survey = simulate_likert_survey(120, rng=3)
        s = sat.likert_summary(survey.to_frame().drop(columns="overall"))
        np.testing.assert_allclose(s.mean, survey.responses.mean(axis=0), rtol=1e-12)
        np.testing.assert_allclose(s.std, survey.responses.std(axis=0, ddof=1), rtol=1e-12)
        assert len(s.items) == 37

    def test_top_two_box_and_scale(self) -> None:
        s = sat.likert_summary([1, 2, 3, 4, 5, 5, 6, 7], scale=(1, 7), box=2)
        assert s.points.tolist() == [1, 2, 3, 4, 5, 6, 7]
        assert s.top_box[0] == pytest.approx(2 / 8)
        assert s.bottom_box[0] == pytest.approx(2 / 8)
        assert s.items == ("item_1",)

    def test_confidence_interval(self) -> None:
        from scipy import stats

        data = np.array([[5, 4], [4, 4], [3, 5], [5, 2], [4, 3]], dtype=float)
        ci = sat.likert_summary(data).confidence_interval(level=0.9)
        for j in range(2):
            col = data[:, j]
            low, high = stats.t.interval(0.9, len(col) - 1, loc=col.mean(), scale=stats.sem(col))
            assert ci.low[j] == pytest.approx(low, rel=1e-12)
            assert ci.high[j] == pytest.approx(high, rel=1e-12)
        assert ci.level == 0.9
        with pytest.raises(ValueError, match=r"level must be in \(0, 1\); got 1.5"):
            sat.likert_summary(data).confidence_interval(level=1.5)

    def test_frame_and_text(self) -> None:
        df = pd.DataFrame({"q1": [1, 2, 3], "q2": [5, 5, 4]})
        s = sat.likert_summary(df)
        frame = s.to_frame()
        assert list(frame.columns) == [
            "item",
            "n",
            "mean",
            "std",
            "variance",
            "share_1",
            "share_2",
            "share_3",
            "share_4",
            "share_5",
            "top_box",
            "bottom_box",
            "mean_low",
            "mean_high",
        ]
        assert frame["mean"].tolist() == pytest.approx([2.0, 14 / 3])
        # q1: 2 -/+ t(2, 0.975) * 1 / sqrt(3), t = 4.302653 (Student's t table)
        assert frame["mean_low"][0] == pytest.approx(2.0 - 4.302653 / math.sqrt(3), abs=1e-6)
        text = s.summary()
        assert "q2" in text
        assert "4.667" in text

    def test_missing_policies(self) -> None:
        data = np.array([[5.0, 1.0], [np.nan, 2.0], [3.0, 3.0]])
        with pytest.raises(
            ValueError,
            match=r"missing answer .* pass missing='omit' or "
            r"missing='listwise'",
        ):
            sat.likert_summary(data)  # "raise" is the default
        omit = sat.likert_summary(data, missing="omit")
        assert omit.n.tolist() == [2, 3]
        np.testing.assert_allclose(omit.mean, [4.0, 2.0])
        listwise = sat.likert_summary(data, missing="listwise")
        assert listwise.n.tolist() == [2, 2]
        np.testing.assert_allclose(listwise.mean, [4.0, 2.0])
        with pytest.raises(ValueError, match=r"missing answer for item 'item_1' at row 1"):
            sat.likert_summary(data, missing="raise")

    def test_listwise_error_names_the_original_row(self) -> None:
        # row 0 is dropped listwise; the out-of-scale 9 is in row 2 of the input
        data = np.array([[1.0, np.nan], [2.0, 3.0], [9.0, 3.0]])
        with pytest.raises(ValueError, match=r"item 'item_1' must be in \[1, 5\]; got 9 at row 2"):
            sat.likert_summary(data, missing="listwise")

    def test_dataframe_errors_name_position_and_label(self) -> None:
        df = pd.DataFrame({"q1": [1, 2, 7]}, index=["ann", "bob", "cy"])
        with pytest.raises(ValueError, match=r"got 7 at row 2 \(index 'cy'\)"):
            sat.likert_summary(df)
        gaps = pd.DataFrame({"q1": [1.0, np.nan]}, index=[10, 20])
        with pytest.raises(ValueError, match=r"item 'q1' at row 1 \(index 20\)"):
            sat.likert_summary(gaps, missing="raise")
        # a default RangeIndex gives the position only
        with pytest.raises(ValueError, match=r"got 7 at row 2$"):
            sat.likert_summary(df.reset_index(drop=True))

    @given(
        st.lists(
            st.lists(st.one_of(st.integers(1, 7), st.none()), min_size=2, max_size=2),
            min_size=3,
            max_size=25,
        ).filter(lambda rows: all(sum(r[j] is not None for r in rows) >= 2 for j in range(2)))
    )
    def test_omit_matches_nan_aware_numpy(self, rows: list[list[int | None]]) -> None:
        data = np.array([[np.nan if v is None else v for v in r] for r in rows], dtype=float)
        s = sat.likert_summary(data, scale=(1, 7), missing="omit")
        np.testing.assert_array_equal(s.n, (~np.isnan(data)).sum(axis=0))
        np.testing.assert_allclose(s.mean, np.nanmean(data, axis=0), rtol=1e-12)
        np.testing.assert_allclose(s.std, np.nanstd(data, axis=0, ddof=1), rtol=1e-9, atol=1e-12)
        for k, point in enumerate(range(1, 8)):
            np.testing.assert_allclose(s.shares[:, k], (data == point).sum(axis=0) / s.n)

    def test_dataframe_with_none(self) -> None:
        df = pd.DataFrame({"q1": [5, None, 4], "q2": [1, 2, 3]})
        assert sat.likert_summary(df, missing="omit").n.tolist() == [2, 3]

    @pytest.mark.parametrize(
        ("data", "kwargs", "error", "match"),
        [
            (
                [[1, 6]],
                {"items": ["a", "b"]},
                ValueError,
                r"item 'b' must be in \[1, 5\]; got 6 at row 0",
            ),
            (
                [[1, 2], [0, 2]],
                {},
                ValueError,
                r"item 'item_1' must be in \[1, 5\]; got 0 at row 1",
            ),
            ([[1.5]], {}, ValueError, r"whole number in \[1, 5\]; got 1.5 at row 0"),
            # the first offending item in column order, then its first row
            (
                [[1, 9], [7, 1]],
                {},
                ValueError,
                r"item 'item_1' must be in \[1, 5\]; got 7 at row 1",
            ),
            ([["a"]], {}, TypeError, "responses must be numeric"),
            ([[1, 2]], {"items": ["a"]}, ValueError, "items must name every column"),
            ([[1, 2]], {"items": ["a", "a"]}, ValueError, "items must be unique"),
            ([[1]], {"missing": "pairwise"}, ValueError, "missing must be one of"),
            ([[1]], {"scale": (5, 1)}, ValueError, "scale must satisfy low < high"),
            ([[1]], {"scale": (1, 5.5)}, ValueError, "scale must contain whole numbers"),
            ([[1]], {"box": 3}, ValueError, r"box must be at most half the scale \(2 points\)"),
            ([[1]], {"box": 0}, ValueError, "box must be >= 1"),
            ([[np.nan, 1]], {"missing": "omit"}, ValueError, "no valid answer for item 'item_1'"),
            ([[np.inf]], {}, ValueError, "responses must be finite"),
            (np.ones((2, 2, 2)), {}, ValueError, "responses must be 1-D or 2-D"),
        ],
    )
    def test_bad_input(
        self, data: object, kwargs: dict[str, object], error: type, match: str
    ) -> None:
        with pytest.raises(error, match=match):
            sat.likert_summary(data, **kwargs)  # type: ignore[arg-type]

    def test_nullable_integer_columns(self) -> None:
        df = pd.DataFrame({"q1": pd.array([5, None, 4], dtype="Int64"), "q2": [1, 2, 3]})
        s = sat.likert_summary(df, missing="omit")
        assert s.n.tolist() == [2, 3]
        np.testing.assert_allclose(s.mean, [4.5, 2.0])
        with pytest.raises(ValueError, match="missing answer for item 'q1' at row 1"):
            sat.likert_summary(df, missing="raise")

    def test_items_must_be_a_sequence(self) -> None:
        with pytest.raises(TypeError, match="items must be a sequence of names"):
            sat.likert_summary([[1, 2]], items="ab")

    def test_items_with_dataframe_is_refused(self) -> None:
        with pytest.raises(TypeError, match="items must not be given with a DataFrame"):
            sat.likert_summary(pd.DataFrame({"a": [1]}), items=["b"])

    def test_single_answer_warns(self) -> None:
        with pytest.warns(DegenerateDataWarning, match="item 'item_1' has a single valid answer"):
            s = sat.likert_summary([[4.0, 1.0], [np.nan, 2.0]], missing="omit")
        assert math.isnan(s.std[0])
        assert s.std[1] == pytest.approx(math.sqrt(0.5))

    @given(
        st.lists(
            st.lists(st.integers(1, 5), min_size=3, max_size=3),
            min_size=2,
            max_size=30,
        )
    )
    def test_shares_sum_to_one(self, rows: list[list[int]]) -> None:
        s = sat.likert_summary(rows)
        np.testing.assert_allclose(s.shares.sum(axis=1), 1.0)
        assert ((s.mean >= 1) & (s.mean <= 5)).all()
        np.testing.assert_allclose(s.shares @ np.arange(1, 6), s.mean)


# ---------------------------------------------------------------------------
# sample size
# ---------------------------------------------------------------------------


class TestSampleSize:
    def test_contract_value(self) -> None:
        # 1.959964^2 * 0.25 / 0.05^2 = 384.15 -> 385
        assert sat.sample_size(level=0.95, margin=0.05, proportion=0.5) == 385
        assert sat.sample_size() == 385

    def test_other_hand_computed_values(self) -> None:
        # 1.959964^2 * 0.25 / 0.03^2 = 1067.07 -> 1068
        assert sat.sample_size(margin=0.03) == 1068
        # 2.575829^2 * 0.25 / 0.05^2 = 663.49 -> 664
        assert sat.sample_size(level=0.99) == 664
        # 1.959964^2 * 0.2 * 0.8 / 0.05^2 = 245.85 -> 246
        assert sat.sample_size(proportion=0.2) == 246

    def test_finite_population_correction(self) -> None:
        # Cochran: 384.146 / (1 + 383.146 / 1000) = 277.7 -> 278 (Krejcie & Morgan's
        # 1970 table also lists 278 for N = 1000)
        assert sat.sample_size(population=1000) == 278
        # 384.146 / (1 + 383.146 / 500) = 217.49 -> 218
        assert sat.sample_size(population=500) == 218
        assert sat.sample_size(population=1) == 1
        assert sat.sample_size(population=10**9) == 385

    def test_mean(self) -> None:
        # (1.959964 * 0.9 / 0.1)^2 = 311.16 -> 312
        assert sat.sample_size_mean(margin=0.1, std=0.9) == 312
        assert sat.sample_size_mean(margin=0.1, std=0.9, population=2000) == 270

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"level": 1.0}, ValueError, r"level must be in \(0, 1\); got 1"),
            ({"margin": 0.0}, ValueError, r"margin must be in \(0, 1\); got 0"),
            ({"proportion": 1.0}, ValueError, r"proportion must be in \(0, 1\); got 1"),
            ({"population": 0}, ValueError, "population must be >= 1; got 0"),
            ({"population": 10.5}, ValueError, "population must be a whole number"),
            ({"level": True}, TypeError, "level must be a real number, not boolean"),
            ({"margin": "5%"}, TypeError, "margin must be a real number"),
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], error: type, match: str) -> None:
        with pytest.raises(error, match=match):
            sat.sample_size(**kwargs)  # type: ignore[arg-type]

    def test_tiny_margin(self) -> None:
        # e ** 2 underflows to 0 for e = 1e-200: the size overflows rather than
        # dividing by zero; with a population the whole population is needed
        with pytest.raises(ValueError, match=r"sample size overflows .* margin=1e-200"):
            sat.sample_size(margin=1e-200)
        assert sat.sample_size(margin=1e-200, population=1000) == 1000
        with pytest.raises(ValueError, match=r"overflows .* margin=1.0 and std=1e\+200"):
            sat.sample_size_mean(margin=1.0, std=1e200)
        assert sat.sample_size_mean(margin=1.0, std=1e200, population=50) == 50
        # 1.9599640^2 * 0.25 / 1e-4^2 = 3.8414588 * 0.25e8 = 96,036,470.5 -> 96,036,471
        assert sat.sample_size(margin=1e-4) == 96_036_471

    def test_mean_bad_input(self) -> None:
        with pytest.raises(ValueError, match="std must be > 0; got 0"):
            sat.sample_size_mean(margin=0.1, std=0.0)
        with pytest.raises(ValueError, match="margin must be > 0; got -1"):
            sat.sample_size_mean(margin=-1.0, std=1.0)

    @given(st.floats(0.5, 0.999), st.floats(0.005, 0.3), st.floats(0.01, 0.99))
    def test_is_the_smallest_n_reaching_the_margin(self, conf: float, e: float, p: float) -> None:
        n = sat.sample_size(level=conf, margin=e, proportion=p)
        z = NormalDist().inv_cdf(0.5 + conf / 2)
        assert z * math.sqrt(p * (1 - p) / n) <= e * (1 + 1e-9)
        if n > 1:
            assert z * math.sqrt(p * (1 - p) / (n - 1)) > e * (1 - 1e-9)


# ---------------------------------------------------------------------------
# Kano classification
# ---------------------------------------------------------------------------

# Berger et al. (1993) evaluation table, rows functional, columns dysfunctional.
BERGER_TABLE = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]
ENGLISH = ["like", "must-be", "neutral", "live-with", "dislike"]
CHINESE = ["喜欢", "理所当然", "无所谓", "能忍受", "不喜欢"]


class TestKanoClassify:
    def test_every_cell_of_the_table(self) -> None:
        f, d = np.meshgrid(np.arange(1, 6), np.arange(1, 6), indexing="ij")
        got = sat.kano_classify(f, d)
        assert ["".join(row) for row in got] == BERGER_TABLE

    @pytest.mark.parametrize("labels", [ENGLISH, CHINESE])
    def test_names(self, labels: list[str]) -> None:
        f = [labels[i] for i in range(5) for _ in range(5)]
        d = [labels[j] for _ in range(5) for j in range(5)]
        assert "".join(sat.kano_classify(f, d)) == "".join(BERGER_TABLE)

    def test_spelling_variants(self) -> None:
        f = ["Like", "I like it", " LIKE ", "like_it", "I LIKE IT", "1"]
        d = ["Dislike", "i dislike it", "must be", "I expect it", "I can live with it", "tolerate"]
        assert sat.kano_classify(f, d).tolist() == ["O", "O", "A", "A", "A", "A"]
        assert sat.kano_classify("i am neutral", "It must be that way") == "I"

    def test_loose_spelling_and_numbers_in_text(self) -> None:
        # runs of spaces/underscores/hyphens collapse; numpy writes a float mixed
        # into text answers as "2.0"
        assert sat.kano_classify("  I  LIKE__it ", "i - dislike - it") == "O"
        assert sat.kano_classify(["like", 2.0], [3, "5.0"]).tolist() == ["A", "M"]
        with pytest.raises(ValueError, match=r"unknown answer '2\.5'"):
            sat.kano_classify(["2.5"], ["5"])

    def test_pandas_inputs_must_share_their_index(self) -> None:
        f = pd.DataFrame({"wifi": [1, 2]}, index=["u1", "u2"])
        d = pd.DataFrame({"wifi": [5, 3]}, index=["u2", "u1"])
        # the same labels in another order are paired by label: u1 (1, 3) is
        # attractive, u2 (2, 5) must-be
        assert sat.kano_classify(f, d)["wifi"].tolist() == ["A", "M"]
        assert sat.kano_summary(f, d).counts[0].tolist() == [1, 0, 1, 0, 0, 0]
        with pytest.raises(ValueError, match=r"different labels: 0 is in functional"):
            sat.kano_classify(pd.Series([1, 2]), pd.Series([5, 5], index=[1, 2]))

    def test_dataframe_on_either_side_sets_the_container(self) -> None:
        d = pd.DataFrame({"wifi": [5, 3]}, index=["u1", "u2"])
        got = sat.kano_classify(np.array([[1], [1]]), d)
        assert list(got.index) == ["u1", "u2"]
        assert got["wifi"].tolist() == ["O", "A"]
        assert sat.kano_summary(np.array([[1], [1]]), d).attributes == ("wifi",)

    def test_scalar_and_float_codes(self) -> None:
        assert sat.kano_classify(1, 5) == "O"
        assert sat.kano_classify("like", "dislike") == "O"
        assert sat.kano_classify([1.0, 2.0], [3.0, 5.0]).tolist() == ["A", "M"]

    def test_mixed_object_codes(self) -> None:
        assert sat.kano_classify(np.array([1, "like"], dtype=object), ["neutral", 5]).tolist() == [
            "A",
            "O",
        ]

    def test_dataframe_and_series(self) -> None:
        f = pd.DataFrame({"speed": ["like", "must-be"], "price": [1, 1]}, index=["u1", "u2"])
        d = pd.DataFrame({"speed": ["dislike", "dislike"], "price": [3, 1]}, index=["u1", "u2"])
        got = sat.kano_classify(f, d)
        assert list(got.columns) == ["speed", "price"]
        assert list(got.index) == ["u1", "u2"]
        assert got.to_numpy().tolist() == [["O", "A"], ["M", "Q"]]
        s = sat.kano_classify(pd.Series([1, 5], index=[10, 20], name="wifi"), [3, 1])
        assert s.name == "kano_category"
        assert list(s.index) == [10, 20]
        assert s.tolist() == ["A", "R"]

    def test_missing_policies(self) -> None:
        f = [1.0, np.nan, 2.0]
        d = [3.0, 5.0, 5.0]
        assert sat.kano_classify(f, d, missing="omit").tolist() == ["A", "", "M"]
        omitted = sat.kano_classify(["like", None], ["dislike", "like"], missing="omit")
        assert omitted.tolist() == ["O", ""]
        with pytest.raises(ValueError, match=r"functional has a missing answer at index 1"):
            sat.kano_classify(f, d, missing="raise")
        with pytest.raises(
            ValueError, match=r"dysfunctional has a missing answer at index \(0, 1\)"
        ):
            sat.kano_classify([[1, 1]], [[1, None]], missing="raise")

    @pytest.mark.parametrize(
        ("f", "d", "error", "match"),
        [
            (
                [1, 6],
                [1, 1],
                ValueError,
                r"functional answer codes must be in 1..5 .*got 6 at index 1",
            ),
            (
                [1, 1],
                [0, 1],
                ValueError,
                r"dysfunctional answer codes must be in 1..5 .*got 0 at index 0",
            ),
            ([1.5], [1], ValueError, r"whole numbers in 1..5 .*got 1.5 at index 0"),
            (["like", "love"], ["like", "like"], ValueError, r"unknown answer 'love' at index 1"),
            (
                [[1, 1], [1, "x"]],
                [[1, 1], [1, 1]],
                ValueError,
                r"unknown answer 'x' at index \(1, 1\)",
            ),
            ([1, 2], [1, 2, 3], ValueError, r"same shape; got \(2,\) and \(3,\)"),
            ([True], [1], TypeError, "functional must hold answers .* not booleans"),
            ([9], ["like"], ValueError, "got 9 at index 0"),
        ],
    )
    def test_bad_input(self, f: object, d: object, error: type, match: str) -> None:
        with pytest.raises(error, match=match):
            sat.kano_classify(f, d)

    def test_unsupported_types(self) -> None:
        with pytest.raises(TypeError, match="functional must hold answers"):
            sat.kano_classify(np.array([1 + 1j]), [1])
        with pytest.raises(ValueError, match="unknown answer True at index 0"):
            sat.kano_classify(np.array([True, "like"], dtype=object), [1, 1])

    def test_nullable_integer_answers(self) -> None:
        f = pd.DataFrame({"wifi": pd.array([1, None, 2], dtype="Int64")})
        d = pd.DataFrame({"wifi": [5, 5, 5]})
        assert sat.kano_classify(f, d, missing="omit")["wifi"].tolist() == ["O", "", "M"]

    def test_bad_option_and_columns(self) -> None:
        with pytest.raises(ValueError, match="missing must be one of 'raise', 'omit'; got 'drop'"):
            sat.kano_classify(1, 1, missing="drop")  # type: ignore[arg-type]
        f = pd.DataFrame({"a": [1], "b": [1]})
        d = pd.DataFrame({"a": [1], "c": [1]})
        with pytest.raises(ValueError, match="same columns"):
            sat.kano_classify(f, d)
        with pytest.raises(ValueError, match="unknown answer 6"):
            sat.kano_classify(np.array([6], dtype=object), [1])

    @given(st.integers(1, 5), st.integers(1, 5))
    def test_swapping_answers(self, f: int, d: int) -> None:
        # Swapping the two answers turns A, O and M into R, R into one of A, O, M,
        # and keeps I and Q, as the table says.
        c = sat.kano_classify(f, d)
        swapped = sat.kano_classify(d, f)
        if c in "AOM":
            assert swapped == "R"
        elif c == "R":
            assert swapped in {"A", "O", "M"}
        else:
            assert swapped == c

    @given(st.integers(1, 5), st.integers(1, 5))
    def test_mirror_exchanges_attractive_and_must_be(self, f: int, d: int) -> None:
        # Reading the table from the other corner, (f, d) -> (6 - d, 6 - f),
        # exchanges attractive and must-be and keeps O, I, R and Q.
        c = sat.kano_classify(f, d)
        mirrored = sat.kano_classify(6 - d, 6 - f)
        assert mirrored == {"A": "M", "M": "A"}.get(c, c)


# ---------------------------------------------------------------------------
# Kano summary
# ---------------------------------------------------------------------------

# Counts and published results of the worked example in the README of the R
# package stp25kano (W. Peter, github.com/stp4/stp25kano, "Kano Analyse"):
# five attributes, N = 296 each; columns M, O, A, I, R, Q there, reordered
# here to A, O, M, I, R, Q.
STP25_COUNTS = pd.DataFrame(
    {
        "A": [45, 54, 121, 93, 83],
        "O": [123, 54, 24, 87, 18],
        "M": [95, 101, 15, 65, 9],
        "I": [33, 81, 124, 51, 177],
        "R": [0, 3, 6, 0, 6],
        "Q": [0, 3, 6, 0, 3],
    },
    index=["Service app", "Excellent service", "Hotline", "Loan machine", "Ready-to-use return"],
)
STP25_CATEGORY = ["O", "M", "I", "A", "I"]  # "max Category"
STP25_BETTER = [0.568, 0.372, 0.511, 0.608, 0.352]  # "CS plus", 3 decimals
STP25_WORSE = [-0.736, -0.534, -0.137, -0.514, -0.094]  # "CS minus"
STP25_TOTAL_STRENGTH = [0.89, 0.71, 0.54, 0.83, 0.37]  # whole percent
STP25_CATEGORY_STRENGTH = [0.09, 0.07, 0.01, 0.02, 0.32]  # whole percent
STP25_FONG = [
    (28, 19.4, True),
    (20, 18.5, True),
    (3, 19.8, False),
    (6, 18.5, False),
    (94, 19.9, True),
]


class TestKanoSummary:
    def test_reproduces_published_example(self) -> None:
        s = sat.kano_summary(counts=STP25_COUNTS)
        assert s.attributes == tuple(STP25_COUNTS.index)
        assert s.n.tolist() == [296] * 5
        assert list(s.category) == STP25_CATEGORY
        # published to 3 decimals / whole percent: agreement to half a unit
        np.testing.assert_allclose(s.better, STP25_BETTER, atol=5e-4)
        np.testing.assert_allclose(s.worse, STP25_WORSE, atol=5e-4)
        np.testing.assert_allclose(s.total_strength, STP25_TOTAL_STRENGTH, atol=5e-3)
        np.testing.assert_allclose(s.category_strength, STP25_CATEGORY_STRENGTH, atol=5e-3)
        diff, crit, sig = zip(*STP25_FONG, strict=True)
        np.testing.assert_allclose(s.fong_difference, diff)
        np.testing.assert_allclose(s.fong_critical, crit, atol=0.05)
        assert s.fong_significant.tolist() == list(sig)

    def test_hand_computed_row(self) -> None:
        # A=45, O=123, M=95, I=33: Better = 168/296, Worse = -218/296,
        # Fong: 1.65 * sqrt(218 * (592 - 218) / 592) = 19.3637
        s = sat.kano_summary(counts=[[45, 123, 95, 33, 0, 0]])
        assert s.better[0] == pytest.approx(168 / 296, rel=1e-15)
        assert s.worse[0] == pytest.approx(-218 / 296, rel=1e-15)
        assert s.fong_critical[0] == pytest.approx(1.65 * math.sqrt(218 * 374 / 592), rel=1e-15)
        assert s.attributes == ("attribute_1",)

    def test_answers_and_counts_agree(self) -> None:
        survey = simulate_kano_survey(300, categories=["A", "O", "M", "I"], rng=11)
        from_answers = sat.kano_summary(survey.functional, survey.dysfunctional)
        cats = sat.kano_classify(survey.functional, survey.dysfunctional)
        counts = np.stack([(cats == c).sum(axis=0) for c in sat.KANO_CATEGORIES], axis=1)
        np.testing.assert_array_equal(from_answers.counts, counts)
        from_counts = sat.kano_summary(counts=counts)
        np.testing.assert_allclose(from_counts.better, from_answers.better)
        assert from_counts.category == from_answers.category

    def test_recovers_simulated_categories(self) -> None:
        cats = ["M", "O", "A", "I", "R", "Q"]
        survey = simulate_kano_survey(3000, categories=cats, consistency=0.5, rng=5)
        s = sat.kano_summary(survey.functional, survey.dysfunctional)
        assert list(s.category) == cats
        # 3000 draws: standard error of a share <= 0.0092; 4.5 SE tolerance
        np.testing.assert_allclose(s.shares, survey.true_shares, atol=0.042)

    def test_text_answers_and_dataframes(self) -> None:
        survey = simulate_kano_survey(40, categories=["A", "M"], labels="chinese", rng=2)
        f, d = survey.to_frames()
        s = sat.kano_summary(f, d)
        assert s.attributes == ("attribute_1", "attribute_2")
        codes = simulate_kano_survey(40, categories=["A", "M"], rng=2)
        np.testing.assert_array_equal(
            s.counts, sat.kano_summary(codes.functional, codes.dysfunctional).counts
        )

    def test_rules(self) -> None:
        counts = np.array(
            [
                [3, 3, 3, 3, 0, 0],  # four-way tie: mode -> M; evaluation: 9 > 3 -> M
                [4, 4, 0, 0, 0, 0],  # tie A/O -> O under both
                [4, 0, 0, 5, 0, 0],  # mode I; evaluation 4 > 5? no -> I
                [4, 1, 1, 5, 0, 0],  # mode I; evaluation 6 > 5 -> A
                [0, 0, 0, 2, 3, 3],  # mode R (R > Q in the tie order); evaluation R
            ]
        )
        assert sat.kano_summary(counts=counts).category == ("M", "O", "I", "I", "R")
        assert sat.kano_summary(counts=counts, rule="evaluation").category == (
            "M",
            "O",
            "I",
            "A",
            "R",
        )

    def test_counts_frame_without_r_and_q(self) -> None:
        df = pd.DataFrame({"M": [2], "O": [1], "A": [5], "I": [2]}, index=["wifi"])
        s = sat.kano_summary(counts=df)
        assert s.counts.tolist() == [[5, 1, 2, 2, 0, 0]]
        assert s.better[0] == pytest.approx(0.6)
        assert s.worse[0] == pytest.approx(-0.3)

    def test_missing_answers(self) -> None:
        f = np.array([[1.0, 1.0], [np.nan, 2.0], [1.0, 3.0]])
        d = np.array([[5.0, 3.0], [5.0, 5.0], [3.0, 5.0]])
        s = sat.kano_summary(f, d, attributes=["x", "y"], missing="omit")
        assert s.n.tolist() == [2, 3]
        assert s.counts[0].tolist() == [1, 1, 0, 0, 0, 0]
        with pytest.raises(ValueError, match=r"functional has a missing answer at index \(1, 0\)"):
            sat.kano_summary(f, d, missing="raise")

    def test_frame_dict_and_text(self) -> None:
        s = sat.kano_summary(counts=STP25_COUNTS)
        frame = s.to_frame()
        assert list(frame.columns) == [
            "attribute",
            "n",
            "a",
            "o",
            "m",
            "i",
            "r",
            "q",
            "share_a",
            "share_o",
            "share_m",
            "share_i",
            "share_r",
            "share_q",
            "category",
            "better",
            "worse",
            "total_strength",
            "category_strength",
            "fong_difference",
            "fong_critical",
            "fong_significant",
            "chi_square",
            "chi_square_p",
            "better_low",
            "better_high",
            "worse_low",
            "worse_high",
        ]
        assert frame.loc[2, "attribute"] == "Hotline"
        assert s.to_dict()["category"] == STP25_CATEGORY
        text = s.summary()
        assert "Hotline" in text
        assert "n.s." in text
        assert "0.568" in text

    @pytest.mark.parametrize(
        ("args", "kwargs", "error", "match"),
        [
            ((), {}, ValueError, "give both functional and dysfunctional answers, or a counts"),
            (([1],), {}, ValueError, "give both functional and dysfunctional"),
            (([1], [1]), {"counts": [[1, 0, 0, 0, 0, 0]]}, ValueError, "not both"),
            ((), {"counts": [[1, 0, 0, 0, 0]]}, ValueError, r"6 columns .* got shape \(1, 5\)"),
            ((), {"counts": [[1, -1, 0, 0, 0, 0]]}, ValueError, "counts must be >= 0; got -1"),
            (
                (),
                {"counts": [[1.5, 0, 0, 0, 0, 0]]},
                ValueError,
                "counts must contain whole numbers",
            ),
            ((), {"counts": [[0, 0, 0, 0, 0, 0]]}, ValueError, "'attribute_1' has no classified"),
            (
                (),
                {"counts": [[1, 0, 0, 0, 0, 0]], "rule": "max"},
                ValueError,
                "rule must be one of",
            ),
            ((), {"counts": [[1] * 6], "attributes": ["a", "b"]}, ValueError, "name every row"),
            (([[1, 1]], [[1, 1]]), {"attributes": ["a"]}, ValueError, "name every column"),
            ((np.ones((2, 2, 2)), np.ones((2, 2, 2))), {}, ValueError, "1-D or 2-D"),
            (
                ([np.nan], [1]),
                {"missing": "omit"},
                ValueError,
                "'attribute_1' has no classified answer",
            ),
        ],
    )
    def test_bad_input(
        self, args: tuple[object, ...], kwargs: dict[str, object], error: type, match: str
    ) -> None:
        with pytest.raises(error, match=match):
            sat.kano_summary(*args, **kwargs)  # type: ignore[arg-type]

    def test_bad_counts_frames(self) -> None:
        with pytest.raises(ValueError, match=r"unknown column\(s\) \['X'\]"):
            sat.kano_summary(
                counts=pd.DataFrame({"A": [1], "O": [1], "M": [1], "I": [1], "X": [1]})
            )
        with pytest.raises(ValueError, match=r"missing \['I'\]"):
            sat.kano_summary(counts=pd.DataFrame({"A": [1], "O": [1], "M": [1]}))
        with pytest.raises(TypeError, match="attributes must not be given with a DataFrame counts"):
            sat.kano_summary(counts=STP25_COUNTS, attributes=["a"] * 5)

    def test_attributes_with_dataframe_answers_is_refused(self) -> None:
        f = pd.DataFrame({"a": [1, 2]})
        with pytest.raises(TypeError, match="attributes must not be given with DataFrame answers"):
            sat.kano_summary(f, f, attributes=["x"])
        with pytest.raises(TypeError, match="attributes must not be given with DataFrame answers"):
            sat.kano_continuous(f, f, attributes=["x"])

    def test_series_answers_name_the_attribute(self) -> None:
        s = sat.kano_summary(pd.Series([1, 1], name="wifi"), pd.Series([5, 3]))
        assert s.attributes == ("wifi",)
        assert s.counts.tolist() == [[1, 1, 0, 0, 0, 0]]

    def test_attribute_names_are_checked(self) -> None:
        with pytest.raises(TypeError, match="attributes must be a sequence of names; got 'ab'"):
            sat.kano_summary([[1, 2]], [[5, 5]], attributes="ab")
        with pytest.raises(TypeError, match="attributes must be a sequence of names"):
            sat.kano_summary(counts=[[1] * 6], attributes="a")
        with pytest.raises(ValueError, match=r"attribute names must be unique; got \['a', 'a'\]"):
            sat.kano_summary([[1, 2]], [[5, 5]], attributes=["a", "a"])
        with pytest.raises(ValueError, match="attribute names must be unique"):
            sat.kano_summary(counts=[[1] * 6] * 2, attributes=["a", "a"])

    @given(
        st.lists(
            st.lists(st.integers(1, 5), min_size=6, max_size=6),  # 3 attributes x (f, d)
            min_size=1,
            max_size=40,
        )
    )
    def test_invariants_from_answers(self, rows: list[list[int]]) -> None:
        f = np.array([r[:3] for r in rows])
        d = np.array([r[3:] for r in rows])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateDataWarning)  # all-R/Q attributes
            s = sat.kano_summary(f, d)
        np.testing.assert_allclose(s.shares.sum(axis=1), 1.0)
        assert s.n.tolist() == [len(rows)] * 3
        ok = ~np.isnan(s.better)
        assert ((s.better[ok] >= 0) & (s.better[ok] <= 1)).all()
        assert ((s.worse[ok] >= -1) & (s.worse[ok] <= 0)).all()
        # undefined only when no answer pair is A, O, M or I
        np.testing.assert_array_equal(~ok, s.counts[:, :4].sum(axis=1) == 0)
        # counts agree with classifying pair by pair
        cats = sat.kano_classify(f, d)
        for k, c in enumerate(sat.KANO_CATEGORIES):
            np.testing.assert_array_equal(s.counts[:, k], (cats == c).sum(axis=0))

    def test_only_reverse_and_questionable_warns(self) -> None:
        with pytest.warns(DegenerateDataWarning, match="'bad' has only reverse and questionable"):
            s = sat.kano_summary(counts=[[0, 0, 0, 0, 3, 1]], attributes=["bad"])
        assert math.isnan(s.better[0])
        assert math.isnan(s.worse[0])
        assert s.category == ("R",)

    @given(st.lists(st.integers(0, 50), min_size=6, max_size=6).filter(lambda c: sum(c[:4]) > 0))
    def test_invariants(self, row: list[int]) -> None:
        s = sat.kano_summary(counts=[row])
        assert s.shares.sum() == pytest.approx(1.0)
        assert 0.0 <= s.better[0] <= 1.0
        assert -1.0 <= s.worse[0] <= 0.0
        assert 0.0 <= s.total_strength[0] <= 1.0
        assert 0.0 <= s.category_strength[0] <= 1.0
        # the mode rule picks a category with the largest count
        k = sat.KANO_CATEGORIES.index(s.category[0])
        assert row[k] == max(row)
        # counts-based Fong bound
        top, second = sorted(row)[-1], sorted(row)[-2]
        n = sum(row)
        crit = 1.65 * math.sqrt((top + second) * (2 * n - top - second) / (2 * n))
        assert s.fong_significant[0] == (top - second >= crit)


# ---------------------------------------------------------------------------
# Kano continuous (DuMouchel)
# ---------------------------------------------------------------------------


class TestKanoContinuous:
    def test_hand_computed(self) -> None:
        # scores: functional like 4, must-be 2, neutral 0, live-with -1, dislike -2;
        # dysfunctional like -2, must-be -1, neutral 0, live-with 2, dislike 4
        f = [
            ["like", "neutral", "like"],
            ["like", "must-be", "neutral"],
            ["must-be", "must-be", "neutral"],
        ]
        d = [
            ["neutral", "dislike", "dislike"],
            ["live-with", "dislike", "neutral"],
            ["neutral", "dislike", "neutral"],
        ]
        k = sat.kano_continuous(f, d, attributes=["gift", "brakes", "idle"])
        np.testing.assert_allclose(k.functional_mean, [10 / 3, 4 / 3, 4 / 3])
        np.testing.assert_allclose(k.dysfunctional_mean, [2 / 3, 4.0, 4 / 3])
        np.testing.assert_allclose(
            k.functional_std,
            [np.std([4, 4, 2], ddof=1), np.std([0, 2, 2], ddof=1), np.std([4, 0, 0], ddof=1)],
        )
        np.testing.assert_allclose(
            k.dysfunctional_std, [np.std([0, 2, 0], ddof=1), 0.0, np.std([4, 0, 0], ddof=1)]
        )
        assert k.quadrant == ("A", "M", "I")
        assert k.importance is None
        assert k.n.tolist() == [3, 3, 3]

    def test_one_dimensional_and_threshold(self) -> None:
        k = sat.kano_continuous([1, 1, 2], [5, 4, 5])
        # functional (4 + 4 + 2)/3 = 3.33, dysfunctional (4 + 2 + 4)/3 = 3.33
        assert k.quadrant == ("O",)
        assert sat.kano_continuous([1, 1, 2], [5, 4, 5], threshold=3.5).quadrant == ("I",)

    def test_importance_and_missing(self) -> None:
        f = np.array([[1.0], [np.nan], [2.0]])
        d = np.array([[5.0], [5.0], [5.0]])
        k = sat.kano_continuous(f, d, importance=[[9.0], [1.0], [np.nan]], missing="omit")
        assert k.n.tolist() == [2]
        np.testing.assert_allclose(k.importance, [5.0])
        assert list(k.to_frame().columns) == [
            "attribute",
            "n",
            "functional_mean",
            "functional_std",
            "dysfunctional_mean",
            "dysfunctional_std",
            "importance",
            "quadrant",
        ]
        with pytest.raises(ValueError, match="missing answer"):
            sat.kano_continuous(f, d, missing="raise")
        with pytest.raises(ValueError, match=r"importance has a missing value at index \(2, 0\)"):
            sat.kano_continuous([1, 2, 3], [5, 5, 5], importance=[1, 2, np.nan], missing="raise")

    def test_dataframe(self) -> None:
        f = pd.DataFrame({"wifi": ["like", "like"], "bed": ["must-be", "neutral"]})
        d = pd.DataFrame({"wifi": ["neutral", "neutral"], "bed": ["dislike", "dislike"]})
        k = sat.kano_continuous(f, d)
        assert k.attributes == ("wifi", "bed")
        assert k.quadrant == ("A", "M")
        assert "quadrant" in k.to_frame().columns

    @pytest.mark.parametrize(
        ("f", "d", "kwargs", "match"),
        [
            ([1], [5], {}, "has 1 complete answer pair"),
            ([1, 2], [5], {}, "same shape"),
            ([1, 2], [5, 5], {"importance": [1, 2, 3]}, "importance must have the shape"),
            (
                [1, 2],
                [5, 5],
                {"importance": [np.nan, np.nan], "missing": "omit"},
                "importance has no value",
            ),
            ([[1, 2]] * 2, [[5, 5]] * 2, {"attributes": ["a"]}, "name every column"),
            ([1, 7], [5, 5], {}, "got 7 at index 1"),
        ],
    )
    def test_bad_input(self, f: object, d: object, kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(ValueError, match=match):
            sat.kano_continuous(f, d, **kwargs)  # type: ignore[arg-type]

    def test_series_name_is_the_attribute(self) -> None:
        k = sat.kano_continuous(pd.Series([1, 2], name="wifi"), [5, 5])
        assert k.attributes == ("wifi",)
        # functional (4 + 2)/2 = 3, dysfunctional 4: one-dimensional
        np.testing.assert_allclose(k.functional_mean, [3.0])
        assert k.quadrant == ("O",)

    def test_simulated_must_be_and_attractive(self) -> None:
        survey = simulate_kano_survey(400, categories=["A", "O", "M", "I"], consistency=0.8, rng=4)
        k = sat.kano_continuous(survey.functional, survey.dysfunctional)
        assert k.quadrant == ("A", "O", "M", "I")


# ---------------------------------------------------------------------------
# driver weights (principal component regression)
# ---------------------------------------------------------------------------


def _pcr_by_hand(x: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """Standardised PCR coefficients from an eigendecomposition of the correlation matrix."""
    z = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    yz = (y - y.mean()) / y.std(ddof=1)
    corr = np.corrcoef(x, rowvar=False)
    vals, vecs = np.linalg.eigh(corr)
    v = vecs[:, np.argsort(vals)[::-1][:k]]
    t = z @ v
    gamma = np.linalg.solve(t.T @ t, t.T @ yz)
    return v @ gamma


class TestDriverWeights:
    def test_full_rank_equals_least_squares(self) -> None:
        rng = np.random.default_rng(0)
        x = rng.normal(size=(200, 3)) * [1.0, 2.0, 0.5] + 3.0
        y = x @ [0.5, 0.3, 0.2] + rng.normal(scale=0.1, size=200) + 1.0
        fit = sat.driver_weights(x, y, n_components=3)
        design = np.column_stack([np.ones(200), x])
        ols = np.linalg.lstsq(design, y, rcond=None)[0]
        np.testing.assert_allclose(fit.coefficients, ols[1:], rtol=1e-9)
        assert fit.intercept == pytest.approx(ols[0], rel=1e-9)
        assert fit.weights.sum() == pytest.approx(1.0)
        assert fit.n_components == 3
        assert fit.explained_variance_ratio.sum() == pytest.approx(1.0)

    def test_reduced_rank_matches_eigendecomposition(self) -> None:
        survey = simulate_likert_survey(300, rng=9)
        fit = sat.driver_weights(survey.responses, survey.overall, n_components=2)
        np.testing.assert_allclose(
            fit.standardized_coefficients,
            _pcr_by_hand(survey.responses, survey.overall, 2),
            rtol=1e-8,
        )
        assert fit.items[0] == "item_1"

    def test_one_component_weights_follow_loadings(self) -> None:
        survey = simulate_likert_survey(2000, rng=1)
        fit = sat.driver_weights(survey.responses, survey.overall, n_components=1)
        assert np.corrcoef(fit.weights, survey.loadings)[0, 1] > 0.9
        assert 0.5 < fit.r_squared < 0.9
        assert (fit.weights > 0).all()

    def test_kaiser_default(self) -> None:
        rng = np.random.default_rng(1)
        f1, f2 = rng.normal(size=(2, 500))
        x = np.column_stack(
            [f1 + 0.3 * rng.normal(size=500) for _ in range(3)]
            + [f2 + 0.3 * rng.normal(size=500) for _ in range(3)]
        )
        y = f1 + f2 + rng.normal(size=500)
        fit = sat.driver_weights(pd.DataFrame(x, columns=list("abcdef")), pd.Series(y))
        assert fit.n_components == 2
        assert fit.items == tuple("abcdef")
        np.testing.assert_allclose(fit.weights, 1 / 6, atol=0.03)
        frame = fit.to_frame()
        assert list(frame.columns) == ["item", "weight", "standardized_coefficient", "coefficient"]

    def test_missing(self) -> None:
        rng = np.random.default_rng(2)
        x = rng.normal(size=(50, 2))
        y = x.sum(axis=1) + rng.normal(size=50)
        x[3, 1] = np.nan
        with pytest.raises(ValueError, match="missing value at row 3"):
            sat.driver_weights(x, y)
        fit = sat.driver_weights(x, y, missing="listwise")
        assert fit.n == 49

    def test_pandas_indexes_must_agree(self) -> None:
        rng = np.random.default_rng(4)
        x = pd.DataFrame(rng.normal(size=(20, 2)), columns=["a", "b"])
        y = pd.Series(x.sum(axis=1).to_numpy() + 0.1 * rng.normal(size=20), index=range(1, 21))
        with pytest.raises(ValueError, match="responses and overall have different labels"):
            sat.driver_weights(x, y, n_components=2)
        fit = sat.driver_weights(x, y.reset_index(drop=True), n_components=2)
        assert fit.n == 20

    def test_extreme_scales_do_not_overflow(self) -> None:
        # weights are scale-free: items near 1e200 give the weights of the
        # unscaled items, without an overflow warning
        rng = np.random.default_rng(5)
        x = rng.normal(size=(60, 3))
        y = x @ [0.5, 0.3, 0.2] + rng.normal(scale=0.5, size=60)
        base = sat.driver_weights(x, y, n_components=2)
        big = sat.driver_weights(x * 1e200, y, n_components=2)
        np.testing.assert_allclose(big.weights, base.weights, rtol=1e-9)
        np.testing.assert_allclose(big.coefficients * 1e200, base.coefficients, rtol=1e-9)
        assert big.intercept == pytest.approx(base.intercept, rel=1e-9, abs=1e-12)

    def test_negative_coefficient_warns(self) -> None:
        rng = np.random.default_rng(3)
        x = rng.normal(size=(100, 2))
        y = x[:, 0] - x[:, 1]
        with pytest.warns(DegenerateDataWarning, match="item 'item_2' has a non-positive"):
            sat.driver_weights(x, y, n_components=2)

    @pytest.mark.parametrize(
        ("x", "y", "kwargs", "error", "match"),
        [
            ([[1, 2], [2, 1]], [1, 2], {}, ValueError, "at least 3 complete respondents"),
            ([[1, 2], [1, 3], [1, 4]], [1, 2, 3], {}, ValueError, "item 'item_1' is constant"),
            ([[1, 2], [2, 3], [3, 5]], [1, 1, 1], {}, ValueError, "overall is constant"),
            ([[1, 2], [2, 3], [3, 5]], [1, 2], {}, ValueError, "inconsistent lengths"),
            (
                [[1, 2], [2, 3], [3, 5]],
                [1, 2, 4],
                {"n_components": 3},
                ValueError,
                "n_components must be <= 2",
            ),
            (
                [[1, 2], [2, 3], [3, 5]],
                [1, 2, 4],
                {"n_components": 0},
                ValueError,
                "n_components must be >= 1",
            ),
            (
                [[1, 2], [2, 3], [3, 5]],
                [1, 2, 4],
                {"missing": "omit"},
                ValueError,
                "missing must be one of",
            ),
            ([[1, "a"]], [1], {}, TypeError, "responses must be numeric"),
        ],
    )
    def test_bad_input(
        self, x: object, y: object, kwargs: dict[str, object], error: type, match: str
    ) -> None:
        with pytest.raises(error, match=match):
            sat.driver_weights(x, y, **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# simulators
# ---------------------------------------------------------------------------


class TestSimulators:
    def test_likert_survey_truth(self) -> None:
        survey = simulate_likert_survey(4000, rng=0)
        assert survey.responses.shape == (4000, 37)
        np.testing.assert_allclose(survey.true_shares.sum(axis=1), 1.0)
        s = sat.likert_summary(survey.responses)
        # 4000 answers: standard error of a mean <= 0.017; 5 SE tolerance
        np.testing.assert_allclose(s.mean, survey.true_mean, atol=0.085)
        np.testing.assert_allclose(s.shares, survey.true_shares, atol=0.04)
        assert set(np.unique(survey.overall)) <= {1.0, 2.0, 3.0, 4.0, 5.0}
        assert survey.weights.sum() == pytest.approx(1.0)

    def test_likert_is_seeded_and_has_gaps(self) -> None:
        a = simulate_likert_survey(50, rng=1, missing_rate=0.1)
        b = simulate_likert_survey(50, rng=1, missing_rate=0.1)
        np.testing.assert_array_equal(a.responses, b.responses)
        share = np.isnan(a.responses).mean()
        assert 0.05 < share < 0.15
        assert list(a.to_frame().columns)[-1] == "overall"
        with pytest.raises(ValueError, match=r"missing_rate must be in \[0, 1\); got 1"):
            simulate_likert_survey(10, missing_rate=1.0)
        with pytest.raises(ValueError, match="n_respondents must be >= 2"):
            simulate_likert_survey(1)

    def test_kano_survey(self) -> None:
        survey = simulate_kano_survey(10, categories=["A", "O"], attributes=["x", "y"], rng=0)
        assert survey.attributes == ("x", "y")
        assert survey.functional.dtype == np.int64
        np.testing.assert_allclose(survey.true_shares.sum(axis=1), 1.0)
        english = simulate_kano_survey(10, categories=["A", "O"], labels="english", rng=0)
        assert set(np.unique(english.functional)) <= set(ENGLISH)
        gaps = simulate_kano_survey(200, categories=["A"], missing_rate=0.2, rng=0)
        assert np.isnan(gaps.functional).any()
        np.testing.assert_array_equal(np.isnan(gaps.functional), np.isnan(gaps.dysfunctional))

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"categories": ["A", "X"]}, ValueError, r"categories\[1\] must be one of"),
            ({"categories": "AO"}, TypeError, "categories must be a sequence"),
            ({"categories": []}, ValueError, "at least one attribute"),
            ({"attributes": ["a"]}, ValueError, "attributes must name every category"),
            ({"consistency": 1.5}, ValueError, r"consistency must be in \[0, 1\]"),
            ({"missing_rate": 0.1, "labels": "english"}, ValueError, "needs labels='codes'"),
            ({"labels": "french"}, ValueError, "labels must be one of"),
        ],
    )
    def test_kano_bad_input(self, kwargs: dict[str, object], error: type, match: str) -> None:
        with pytest.raises(error, match=match):
            simulate_kano_survey(10, **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Kano: chi-square test, importance weighting; Krejcie & Morgan rounding
# ---------------------------------------------------------------------------


class TestKanoChiSquare:
    def test_hand_computed(self) -> None:
        # service app: A, O, M, I = 45, 123, 95, 33; e = 296 / 4 = 74;
        # chi2 = (29^2 + 49^2 + 21^2 + 41^2) / 74 = 5364 / 74 exactly
        s = sat.kano_summary(counts=STP25_COUNTS)
        assert s.chi_square[0] == pytest.approx(5364 / 74, rel=1e-14)
        # p value from scipy's chi-square distribution (3 degrees of freedom)
        from scipy import stats

        expect = stats.chisquare(STP25_COUNTS[["A", "O", "M", "I"]].to_numpy(), axis=1)
        np.testing.assert_allclose(s.chi_square, expect.statistic, rtol=1e-12)
        np.testing.assert_allclose(s.chi_square_p, expect.pvalue, rtol=1e-9)

    def test_uniform_counts_are_not_dominated(self) -> None:
        s = sat.kano_summary(counts=[[10, 10, 10, 10, 3, 1]])
        assert s.chi_square[0] == 0.0
        assert s.chi_square_p[0] == 1.0

    def test_closed_form_p_value(self) -> None:
        # with 3 degrees of freedom the survival function has the closed form
        # 2 (1 - Phi(sqrt x)) + sqrt(2 x / pi) exp(-x / 2)
        s = sat.kano_summary(counts=[[30, 20, 12, 18, 0, 0]])
        x = float(s.chi_square[0])
        assert x == pytest.approx((10**2 + 0 + 8**2 + 2**2) / 20)
        closed = 2 * (1 - NormalDist().cdf(math.sqrt(x))) + math.sqrt(2 * x / math.pi) * math.exp(
            -x / 2
        )
        assert s.chi_square_p[0] == pytest.approx(closed, rel=1e-12)


class TestKanoImportance:
    def test_per_attribute(self) -> None:
        counts = [[45, 123, 95, 33, 0, 0], [54, 54, 101, 81, 3, 3]]
        s = sat.kano_summary(counts=counts, importance=[8.0, 4.0])
        # relative importance 1 and 0.5; Better 168/296, 108/290
        np.testing.assert_allclose(s.weighted_better, [168 / 296, 0.5 * 108 / 290])
        np.testing.assert_allclose(s.weighted_worse, [-218 / 296, -0.5 * 155 / 290])
        frame = s.to_frame()
        assert list(frame.columns[-3:]) == ["importance", "weighted_better", "weighted_worse"]

    def test_per_respondent_is_averaged(self) -> None:
        f = np.array([[1, 2], [1, 2], [3, 1]])
        d = np.array([[5, 5], [3, 5], [5, 3]])
        imp = np.array([[9.0, 3.0], [7.0, 5.0], [8.0, np.nan]])
        s = sat.kano_summary(f, d, importance=imp, missing="omit")
        np.testing.assert_allclose(s.importance, [8.0, 4.0])
        np.testing.assert_allclose(s.weighted_better, s.better * [1.0, 0.5])
        with pytest.raises(ValueError, match=r"importance has a missing value at index \(2, 1\)"):
            sat.kano_summary(f, d, importance=imp)
        with pytest.raises(ValueError, match="importance must have one value per attribute"):
            sat.kano_summary(f, d, importance=[1.0, 2.0, 3.0])


# Krejcie & Morgan (1970), Table 1 (population N -> sample S), as reprinted
# widely; chi-square 3.841, P = 0.5, d = 0.05.
KREJCIE_MORGAN = {
    10: 10, 15: 14, 20: 19, 25: 24, 30: 28, 35: 32, 40: 36, 45: 40, 50: 44,
    55: 48, 60: 52, 65: 56, 70: 59, 75: 63, 80: 66, 85: 70, 90: 73, 95: 76,
    100: 80, 110: 86, 220: 140, 230: 144, 240: 148, 250: 152, 500: 217,
    1000: 278, 1200: 291, 1300: 297, 1400: 302, 1500: 306, 2800: 338, 9000: 368,
}  # fmt: skip


class TestKrejcieMorgan:
    def test_nearest_reproduces_the_table(self) -> None:
        got = {n: sat.sample_size(population=n, rounding="nearest") for n in KREJCIE_MORGAN}
        assert got == KREJCIE_MORGAN

    def test_rounding_up_is_never_below(self) -> None:
        for n, s in KREJCIE_MORGAN.items():
            up = sat.sample_size(population=n)
            assert s <= up <= s + 1
        assert sat.sample_size(population=15) == 15  # 14.47 rounded up
        with pytest.raises(ValueError, match="rounding must be one of 'up', 'nearest'"):
            sat.sample_size(rounding="down")  # type: ignore[arg-type]


class TestKanoCategoricalAnswers:
    def test_categorical_frames_read_through_their_codes(self) -> None:
        rng = np.random.default_rng(9)
        f = rng.integers(1, 6, size=(300, 3))
        d = rng.integers(1, 6, size=(300, 3))
        words = np.array(ENGLISH, dtype=object)
        # categories in another order than the questionnaire's, and a gap
        dtype = pd.CategoricalDtype(["dislike", "like", "neutral", "must-be", "live-with"])
        fdf = pd.DataFrame(
            {f"a{j}": pd.Categorical(words[f[:, j] - 1], dtype=dtype) for j in range(3)}
        )
        ddf = pd.DataFrame(
            {f"a{j}": pd.Categorical(words[d[:, j] - 1], categories=ENGLISH) for j in range(3)}
        )
        expect = sat.kano_summary(f, d, attributes=["a0", "a1", "a2"])
        got = sat.kano_summary(fdf, ddf)
        np.testing.assert_array_equal(got.counts, expect.counts)
        fdf.iloc[4, 1] = np.nan
        with pytest.raises(
            ValueError, match=r"functional has a missing answer at row 4, column 'a1'"
        ):
            sat.kano_summary(fdf, ddf)
        omitted = sat.kano_summary(fdf, ddf, missing="omit")
        assert omitted.n.tolist() == [300, 299, 300]
        # a categorical Series (one attribute)
        one = sat.kano_classify(fdf["a0"], ddf["a0"])
        assert one.tolist() == sat.kano_classify(f[:, 0], d[:, 0]).tolist()

    def test_unknown_category_is_named(self) -> None:
        f = pd.DataFrame({"wifi": pd.Categorical(["like", "maybe"])})
        d = pd.DataFrame({"wifi": pd.Categorical(["like", "like"])})
        with pytest.raises(ValueError, match=r"unknown answer 'maybe'.*\(column 'wifi'\)"):
            sat.kano_summary(f, d)


def test_kano_coefficient_intervals_are_wilson_intervals() -> None:
    from statsmodels.stats.proportion import proportion_confint

    s = sat.kano_summary(counts=STP25_COUNTS)
    c = STP25_COUNTS.to_numpy()
    n = c[:, :4].sum(axis=1)
    lo, hi = proportion_confint(c[:, 0] + c[:, 1], n, alpha=0.10, method="wilson")
    better = s.confidence_interval(level=0.90)
    np.testing.assert_allclose(better.low, lo, rtol=1e-12)
    np.testing.assert_allclose(better.high, hi, rtol=1e-12)
    lo, hi = proportion_confint(c[:, 1] + c[:, 2], n, alpha=0.05, method="wilson")
    worse = s.confidence_interval(coefficient="worse")
    np.testing.assert_allclose(worse.low, -hi, rtol=1e-12)
    np.testing.assert_allclose(worse.high, -lo, rtol=1e-12)
    frame = s.to_frame()
    np.testing.assert_allclose(frame["worse_low"], -hi, rtol=1e-12)
    assert (frame["better_low"] <= frame["better"]).all()
