"""Boundary checks: conversion, rules and the shape of every message."""

from __future__ import annotations

import json
import math

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custvalue import _validate as v
from custvalue._results import ResultMixin, to_jsonable


class TestAsFloatArray:
    def test_converts_and_copies(self) -> None:
        src = np.array([1, 2, 3])
        out = v.as_float_array(src, "x")
        assert out.dtype == np.float64
        out[0] = 99
        assert src[0] == 1

    def test_series_and_frame(self) -> None:
        s = pd.Series([1.0, 2.0], index=["a", "b"])
        np.testing.assert_array_equal(v.as_float_array(s, "x"), [1.0, 2.0])
        df = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
        assert v.as_float_array(df, "x", ndim=2).shape == (2, 2)

    def test_nan_is_rejected_with_position(self) -> None:
        with pytest.raises(
            ValueError, match=r"^x must not contain NaN or infinity; got nan at index 2$"
        ):
            v.as_float_array([1.0, 2.0, np.nan], "x")

    def test_inf_rejected_even_with_allow_nan(self) -> None:
        out = v.as_float_array([1.0, np.nan], "x", allow_nan=True)
        assert np.isnan(out[1])
        with pytest.raises(ValueError, match="x must be finite; got inf at index 1"):
            v.as_float_array([1.0, np.inf], "x", allow_nan=True)

    def test_counts_further_offenders(self) -> None:
        with pytest.raises(ValueError, match=r"got nan at index 0 \(and 1 more\)"):
            v.as_float_array([np.nan, 1.0, np.nan], "x")

    def test_two_dimensional_position(self) -> None:
        with pytest.raises(ValueError, match=r"at index \(1, 0\)"):
            v.as_float_array([[1.0, 2.0], [np.nan, 3.0]], "x")

    def test_text_is_a_type_error(self) -> None:
        with pytest.raises(TypeError, match="x must be numeric; got text 'a' at index 1"):
            v.as_float_array([1, "a"], "x")
        with pytest.raises(TypeError, match="x must be numeric"):
            v.as_float_array(np.array(["a", "b"]), "x")

    def test_numbers_stored_as_text_are_refused(self) -> None:
        # a column read from a file as text: refused wherever it comes from
        with pytest.raises(TypeError, match="x must be numeric; got text '1' at index 0"):
            v.as_float_array(pd.Series(["1", "2"]), "x")
        with pytest.raises(TypeError, match=r"got text '3' at row 0, column 'b'"):
            v.as_float_array(pd.DataFrame({"a": [1, 2], "b": ["3", "4"]}), "x")
        with pytest.raises(TypeError, match="got text '2' at index 1"):
            v.as_float_array(np.array([1.0, "2"], dtype=object), "x")
        with pytest.raises(TypeError, match=r"got \{\} at index 1"):
            v.as_float_array(np.array([1.0, {}], dtype=object), "x")
        # None in an object array is missing, not text
        out = v.as_float_array(np.array([1.0, None], dtype=object), "x", allow_nan=True)
        np.testing.assert_array_equal(out, [1.0, np.nan])

    def test_bool_needs_opt_in(self) -> None:
        with pytest.raises(TypeError, match="not boolean"):
            v.as_float_array([True, False], "x")
        np.testing.assert_array_equal(v.as_float_array([True, False], "x", allow_bool=True), [1, 0])

    def test_ndim_and_empty(self) -> None:
        with pytest.raises(ValueError, match=r"x must be 2-D; got a 1-D array of shape \(3,\)"):
            v.as_float_array([1, 2, 3], "x", ndim=2)
        with pytest.raises(ValueError, match="x must not be empty"):
            v.as_float_array([], "x")
        assert v.as_float_array([], "x", allow_empty=True).size == 0


class TestRules:
    @pytest.mark.parametrize(
        ("rule", "value", "message"),
        [
            ("> -1", -1.5, "discount_rate must be > -1; got -1.5"),
            ("> -1", -1.0, "discount_rate must be > -1; got -1"),
            (">= 0", -2.0, "discount_rate must be >= 0; got -2"),
            ("(0, 1]", 0.0, r"discount_rate must be in \(0, 1\]; got 0"),
            ("[0, 1]", 1.2, r"discount_rate must be in \[0, 1\]; got 1.2"),
            ("[0, 1)", 1.0, r"discount_rate must be in \[0, 1\); got 1"),
            ("< 1", 3.0, "discount_rate must be < 1; got 3"),
        ],
    )
    def test_messages(self, rule: str, value: float, message: str) -> None:
        with pytest.raises(ValueError, match=f"^{message}$"):
            v.check_interval(np.float64(value), "discount_rate", rule)

    def test_array_position(self) -> None:
        with pytest.raises(ValueError, match=r"churn_rate must be in \(0, 1\]; got 0 at index 3$"):
            v.check_interval(np.array([0.1, 0.2, 0.3, 0.0]), "churn_rate", "(0, 1]")

    def test_hint_follows_the_rule(self) -> None:
        with pytest.raises(ValueError, match=r"n must be >= 1; got 0 at index 1; drop them$"):
            v.check_interval(np.array([2.0, 0.0]), "n", ">= 1", hint="drop them")

    def test_passes_through(self) -> None:
        arr = np.array([0.0, 0.5, 1.0])
        assert v.check_interval(arr, "x", "[0, 1]") is arr

    def test_integral(self) -> None:
        v.check_integral(np.array([1.0, 2.0]), "n")
        v.check_integral(np.array([1, 2]), "n")
        with pytest.raises(ValueError, match=r"n must contain whole numbers; got 2\.5 at index 1"):
            v.check_integral(np.array([1.0, 2.5]), "n")

    def test_option(self) -> None:
        assert v.check_option("a", "mode", ("a", "b")) == "a"
        with pytest.raises(ValueError, match="mode must be one of 'a', 'b'; got 'c'"):
            v.check_option("c", "mode", ("a", "b"))
        with pytest.raises(TypeError, match="mode must be one of"):
            v.check_option(1, "mode", ("a", "b"))

    def test_scale(self) -> None:
        assert v.check_scale((1, 5)) == (1.0, 5.0)
        with pytest.raises(ValueError, match=r"scale must satisfy low < high; got \(5, 1\)"):
            v.check_scale((5, 1))
        with pytest.raises(TypeError, match="pair"):
            v.check_scale("15")


class TestScalars:
    def test_as_scalar(self) -> None:
        assert v.as_scalar(np.int64(3), "x") == 3.0
        assert isinstance(v.as_scalar(np.float32(0.5), "x"), float)
        with pytest.raises(ValueError, match="x must be > 0; got 0"):
            v.as_scalar(0, "x", "> 0")
        with pytest.raises(ValueError, match="x must be finite; got nan"):
            v.as_scalar(math.nan, "x")
        with pytest.raises(TypeError, match="x must be a scalar"):
            v.as_scalar([1.0], "x")
        with pytest.raises(TypeError, match="x must be a real number"):
            v.as_scalar("1", "x")
        with pytest.raises(TypeError, match="not boolean"):
            v.as_scalar(True, "x")

    def test_as_count(self) -> None:
        assert v.as_count(3.0, "n") == 3
        assert v.as_count(np.int32(4), "n", minimum=1) == 4
        with pytest.raises(ValueError, match=r"n must be a whole number; got 2\.5"):
            v.as_count(2.5, "n")
        with pytest.raises(ValueError, match="n must be >= 1; got 0"):
            v.as_count(0, "n", minimum=1)
        with pytest.raises(TypeError, match="n must be an integer"):
            v.as_count("3", "n")


class TestShapes:
    def test_same_length(self) -> None:
        assert v.check_same_length(a=[1, 2], b=np.zeros(2)) == 2
        with pytest.raises(
            ValueError, match=r"^frequency, recency have inconsistent lengths: \[3, 4\]$"
        ):
            v.check_same_length(frequency=[1, 2, 3], recency=[1, 2, 3, 4])

    def test_broadcast_names_culprits(self) -> None:
        a, b = v.broadcast(profit=np.zeros(3), cost=np.zeros(1))
        assert a.shape == b.shape == (3,)
        with pytest.raises(
            ValueError,
            match=r"cost \(shape \(4,\)\) cannot be broadcast against profit \(shape \(3,\)\)",
        ):
            v.broadcast(profit=np.zeros(3), cost=np.zeros(4))

    def test_rng(self) -> None:
        g = np.random.default_rng(1)
        assert v.as_rng(g) is g
        assert v.as_rng(5).integers(100) == np.random.default_rng(5).integers(100)
        with pytest.raises(TypeError, match="rng must be"):
            v.as_rng("seed")
        with pytest.raises(TypeError, match="rng must be"):
            v.as_rng(True)


class TestLikeInput:
    def test_scalar(self) -> None:
        out = v.like_input(np.float64(2.0), 1.0)
        assert type(out) is float

    def test_array(self) -> None:
        out = v.like_input(np.array([1.0, 2.0]), [1, 2])
        assert isinstance(out, np.ndarray)

    def test_series_keeps_index_and_name(self) -> None:
        s = pd.Series([1.0, 2.0], index=["x", "y"], name="spend")
        out = v.like_input(np.array([3.0, 4.0]), 0.5, s)
        assert isinstance(out, pd.Series)
        assert list(out.index) == ["x", "y"]
        assert out.name == "spend"
        assert v.like_input(np.array([3.0, 4.0]), s, name="clv").name == "clv"

    def test_frame_rows(self) -> None:
        df = pd.DataFrame({"a": [1, 2, 3]}, index=[10, 20, 30])
        out = v.like_input(np.zeros(3), df)
        assert list(out.index) == [10, 20, 30]

    def test_mismatched_indexes_refused(self) -> None:
        a = pd.Series([1.0, 2.0], index=["x", "y"])
        b = pd.Series([1.0, 2.0], index=["y", "x"])
        with pytest.raises(ValueError, match="different indexes"):
            v.like_input(np.zeros(2), a, b)

    @given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=20))
    def test_roundtrip_property(self, values: list[float]) -> None:
        s = pd.Series(values, index=[f"c{i}" for i in range(len(values))])
        out = v.like_input(v.as_float_array(s, "x") * 2, s)
        pd.testing.assert_series_equal(out, s * 2)


@attrs.frozen
class _Example(ResultMixin):
    a: float
    b: np.ndarray
    c: pd.Series


def test_to_dict_is_json_safe() -> None:
    res = _Example(a=math.nan, b=np.arange(3), c=pd.Series([1.5], index=["k"]))
    d = res.to_dict()
    assert d == {"a": None, "b": [0, 1, 2], "c": {"k": 1.5}}
    json.dumps(d)
    frame = pd.DataFrame({"x": [np.int64(1)]}, index=pd.Index(["r"], name="row"))
    assert to_jsonable(frame) == [{"row": "r", "x": 1}]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        res.a = 1.0  # type: ignore[misc]


def test_to_jsonable_pandas_index_and_dates() -> None:
    assert to_jsonable(pd.Index(["a", "b"])) == ["a", "b"]
    assert to_jsonable(pd.Categorical(["lo", "hi", "lo"])) == ["lo", "hi", "lo"]
    assert to_jsonable(pd.Timestamp("2020-01-02")) == "2020-01-02T00:00:00"
    assert to_jsonable(np.datetime64("2020-01-02", "D")) == "2020-01-02"
    days = pd.date_range("2020-01-01", periods=2)
    assert to_jsonable(days) == ["2020-01-01T00:00:00", "2020-01-02T00:00:00"]
    json.dumps(to_jsonable({"index": pd.RangeIndex(3)}))


class TestAlignByLabel:
    def _series(self, labels: str, name: str | None = None) -> pd.Series:
        return pd.Series([float(ord(c)) for c in labels], index=list(labels), name=name)

    def test_identical_indexes_pass_unchanged(self) -> None:
        a, b = self._series("abc"), self._series("abc")
        (x, y), index = v.align_by_label(a=a, b=b)
        assert x is a
        assert y is b
        assert list(index) == ["a", "b", "c"]

    def test_same_labels_reordered_to_first_input(self) -> None:
        a, b = self._series("abc"), self._series("cab")
        (x, y), _index = v.align_by_label(a=a, b=b)
        assert list(y.index) == ["a", "b", "c"]
        # values travel with their labels: each row keeps its own value
        np.testing.assert_array_equal(y.to_numpy(), [97.0, 98.0, 99.0])
        assert x is a

    def test_dataframe_rows_and_index(self) -> None:
        a = self._series("xyz")
        frame = pd.DataFrame({"v": [3.0, 1.0, 2.0]}, index=["z", "x", "y"])
        (_, f, i), _index = v.align_by_label(a=a, frame=frame, given=pd.Index(["y", "z", "x"]))
        assert list(f.index) == ["x", "y", "z"]
        np.testing.assert_array_equal(f["v"], [1.0, 2.0, 3.0])
        assert list(i) == ["x", "y", "z"]

    def test_non_pandas_inputs_pass_by_position(self) -> None:
        arr = np.array([1.0, 2.0])
        (x, y, _z), index = v.align_by_label(a=arr, b=None, c=self._series("pq"))
        assert x is arr
        assert y is None
        assert list(index) == ["p", "q"]
        assert v.align_by_label(a=arr, b=[1.0]) == ([arr, [1.0]], None)

    @pytest.mark.parametrize(
        ("first", "second", "message"),
        [
            (
                "abc",
                "abd",
                r"lifetime_value and customers have different labels: 'c' is in "
                r"lifetime_value but not in customers",
            ),
            ("ab", "abc", r"'c' is in customers but not in lifetime_value"),
            ("abc", "ab", r"'c' is in lifetime_value but not in customers"),
            ("ab", "xy", r"'a' is in lifetime_value but not in customers"),
        ],
    )
    def test_different_labels_name_both_arguments(
        self, first: str, second: str, message: str
    ) -> None:
        with pytest.raises(ValueError, match=message):
            v.align_by_label(lifetime_value=self._series(first), customers=self._series(second))

    def test_labels_of_another_type_differ(self) -> None:
        a = pd.Series([1.0, 2.0], index=[0, 1])
        b = pd.Series([1.0, 2.0], index=["0", "1"])
        with pytest.raises(ValueError, match=r"0 is in a but not in b"):
            v.align_by_label(a=a, b=b)

    def test_duplicated_labels_refused_unless_identical(self) -> None:
        a, b = self._series("aab"), self._series("aba")
        with pytest.raises(ValueError, match=r"a and b cannot be paired by label: label 'a' is"):
            v.align_by_label(a=a, b=b)
        with pytest.raises(ValueError, match=r"label 'b' is repeated"):
            v.align_by_label(a=self._series("ab"), b=self._series("bab"))
        # identical (even duplicated) indexes pair row for row
        (_, y), _ = v.align_by_label(a=a, b=self._series("aab"))
        assert list(y.index) == ["a", "a", "b"]

    @given(st.permutations(list("abcdefgh")))
    def test_any_order_aligns(self, order: list[str]) -> None:
        a = self._series("abcdefgh")
        (_, y), _ = v.align_by_label(a=a, b=self._series("".join(order)))
        pd.testing.assert_series_equal(y, a)


class TestLabelsInMessages:
    def test_series_label(self) -> None:
        s = pd.Series([1.0, np.nan], index=["ann", "bob"])
        with pytest.raises(
            ValueError, match=r"^x must not contain NaN or infinity; got nan at label 'bob'$"
        ):
            v.as_float_array(s, "x")

    def test_default_index_stays_a_position(self) -> None:
        with pytest.raises(ValueError, match=r"got nan at index 1$"):
            v.as_float_array(pd.Series([1.0, np.nan]), "x")

    def test_integer_labels(self) -> None:
        s = pd.Series([1.0, 2.0, -1.0], index=[4224, 17, 9])
        with pytest.raises(ValueError, match=r"x must be >= 0; got -1 at label 9$"):
            v.check_interval(s, "x", ">= 0")
        arr = s.to_numpy()
        with pytest.raises(ValueError, match=r"got -1 at label 9$"):
            v.check_interval(arr, "x", ">= 0", labels=s)
        with pytest.raises(ValueError, match=r"got 1.5 at label 17$"):
            v.check_integral(np.array([1.0, 1.5, 2.0]), "x", labels=s.index)

    def test_frame_row_and_column(self) -> None:
        frame = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, np.inf]}, index=["r1", "r2"])
        with pytest.raises(ValueError, match=r"got inf at row 'r2', column 'b'$"):
            v.as_float_array(frame, "x", ndim=2)
        text = pd.DataFrame({"a": [1, 2], "b": ["3", "4"]})
        with pytest.raises(TypeError, match=r"got text '3' at row 0, column 'b'$"):
            v.as_float_array(text, "x")

    def test_first_position_counts_more(self) -> None:
        pos, at = v.first_position(np.array([False, True, True]), pd.Index(["x", "y", "z"]))
        assert pos == (1,)
        assert at == " at label 'y' (and 1 more)"


class TestMissingPolicy:
    def test_vocabulary(self) -> None:
        assert v.MISSING_POLICIES == ("raise", "omit", "listwise", "mean")

    def test_check_missing(self) -> None:
        assert v.check_missing("omit") == "omit"
        assert v.check_missing("mean", allowed=("raise", "mean")) == "mean"
        with pytest.raises(
            ValueError, match=r"^missing must be one of 'raise', 'omit'; got 'drop'$"
        ):
            v.check_missing("drop")
        with pytest.raises(ValueError, match="must be one of 'raise', 'listwise'; got 'omit'"):
            v.check_missing("omit", allowed=("listwise", "raise"))
        with pytest.raises(TypeError, match="missing must be one of"):
            v.check_missing(None)

    def test_hint(self) -> None:
        assert (
            v.missing_hint(("raise", "omit"))
            == "pass missing='omit' to drop or fill missing values"
        )
        assert v.missing_hint(("mean", "raise", "listwise")) == (
            "pass missing='listwise' or missing='mean' to drop or fill missing values"
        )
        assert v.missing_hint(("raise",)) == ""
