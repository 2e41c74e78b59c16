"""Result values: deep freezing, value equality, pickling, JSON and intervals."""

from __future__ import annotations

import copy
import json
import math
import pickle
from collections import namedtuple
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import custvalue
from custvalue._results import (
    ConfidenceInterval,
    FrozenDict,
    ResultMixin,
    freeze,
    short_repr,
    to_jsonable,
    values_equal,
)


@attrs.frozen(eq=False, repr=False)
class _Fit(ResultMixin):
    params: dict[str, float]
    values: np.ndarray
    series: Any
    table: Any
    nested: Any = None


def _fit(**changes: Any) -> _Fit:
    fields: dict[str, Any] = {
        "params": {"r": 0.24, "alpha": 4.41, "cov": np.eye(2)},
        "values": np.array([1.0, np.nan, 3.0]),
        "series": pd.Series([0.5, np.nan], index=["ann", "bob"], name="p_alive"),
        "table": pd.DataFrame(
            {
                "x": [1.0, 2.0],
                "label": ["a", "b"],
                "n": pd.array([1, None], dtype="Int64"),
                "cat": pd.Categorical(["lo", "hi"]),
            },
            index=pd.Index(["ann", "bob"], name="customer"),
        ),
        "nested": None,
    }
    fields.update(changes)
    return _Fit(**fields)


def _refuses_assignment(action: Any) -> bool:
    try:
        action()
    except (ValueError, TypeError, AttributeError):
        return True
    return False


#: pandas marks extension arrays (nullable integers, categoricals, Arrow
#: text) read-only from version 3 on; on pandas 2 their columns are unshared
#: copies that refuse nothing.
EXTENSION_READ_ONLY = hasattr(pd.array([1], dtype="Int64"), "_readonly")


def _assert_read_only(fit: _Fit) -> None:
    with pytest.raises(ValueError, match="read-only"):
        fit.values[0] = 9.0
    with pytest.raises(ValueError, match="read-only"):
        fit.series.iloc[0] = 9.0
    with pytest.raises(ValueError, match="read-only"):
        fit.series.loc["ann"] = 9.0
    with pytest.raises(ValueError, match="read-only"):
        fit.table.iloc[0, 0] = 9.0
    # extension dtypes: text, nullable integers, categorical
    if EXTENSION_READ_ONLY:
        with pytest.raises(ValueError, match="read-only"):
            fit.table.loc["ann", "label"] = "z"
        with pytest.raises(ValueError, match="read-only"):
            fit.table.loc["ann", "n"] = 5
        with pytest.raises(ValueError, match="read-only"):
            fit.table.loc["ann", "cat"] = "hi"
    with pytest.raises(TypeError):
        fit.params["r"] = 1.0  # type: ignore[index]
    with pytest.raises(ValueError, match="read-only"):
        fit.params["cov"][0, 0] = 5.0
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fit.values = np.zeros(3)  # type: ignore[misc]


class TestFreezing:
    def test_fields_are_read_only(self) -> None:
        _assert_read_only(_fit())

    def test_dict_becomes_frozen_dict(self) -> None:
        fit = _fit()
        assert isinstance(fit.params, FrozenDict)
        assert fit.params["r"] == 0.24

    def test_caller_data_is_not_made_read_only(self) -> None:
        # the caller's pandas objects stay writable: the result holds copies
        s = pd.Series([1.0, 2.0])
        frame = pd.DataFrame({"a": [1.0]})
        _fit(series=s, table=frame)
        s.iloc[0] = 5.0
        frame.iloc[0, 0] = 5.0
        assert s.iloc[0] == 5.0
        assert frame.iloc[0, 0] == 5.0

    def test_result_does_not_follow_caller_series(self) -> None:
        s = pd.Series([1.0, 2.0])
        fit = _fit(series=s)
        s.iloc[0] = 5.0
        assert fit.series.iloc[0] == 1.0

    def test_dtypes_and_labels_kept(self) -> None:
        fit = _fit()
        text = str(pd.Series(["a"]).dtype)  # "str" on pandas 3, "object" before
        assert list(fit.table.dtypes.astype(str)) == ["float64", text, "Int64", "category"]
        assert fit.table.index.name == "customer"
        assert fit.series.name == "p_alive"
        assert freeze(pd.Series(["a"], dtype=object)).dtype == object

    def test_repeated_labels_and_column_levels_kept(self) -> None:
        frame = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": ["x", "y", "z"]}, index=["r", "r", "s"])
        frozen = freeze(frame)
        assert list(frozen.index) == ["r", "r", "s"]
        pd.testing.assert_frame_equal(frozen, frame)
        wide = pd.DataFrame(
            np.arange(6.0).reshape(3, 2),
            columns=pd.MultiIndex.from_tuples([("a", "x"), ("a", "y")]),
        )
        frozen = freeze(wide)
        pd.testing.assert_frame_equal(frozen, wide)
        with pytest.raises(ValueError, match="read-only"):
            frozen.iloc[0, 0] = 5.0

    def test_freezing_is_idempotent(self) -> None:
        fit = _fit()
        assert freeze(fit.series) is fit.series
        if EXTENSION_READ_ONLY:  # pandas 2 cannot mark its extension columns frozen
            assert freeze(fit.table) is fit.table
        assert freeze(fit.values) is fit.values
        assert freeze(fit.params) is fit.params

    def test_containers(self) -> None:
        pair = namedtuple("pair", "a b")
        frozen = freeze([np.zeros(2), {"k": np.ones(1)}, pair(np.zeros(1), 2), {1, 2}])
        assert isinstance(frozen, tuple)
        assert not frozen[0].flags.writeable
        assert isinstance(frozen[1], FrozenDict)
        assert not frozen[1]["k"].flags.writeable
        assert type(frozen[2]) is pair
        assert not frozen[2].a.flags.writeable
        assert frozen[3] == frozenset({1, 2})
        plain = (1, "a")
        assert freeze(plain) is plain

    def test_frozen_dict_is_a_mapping_value(self) -> None:
        d = FrozenDict({"a": 1.0}, b=np.nan)
        assert d == {"a": 1.0, "b": np.nan}
        assert d != {"a": 1.0}
        assert len(d) == 2
        assert list(d) == ["a", "b"]
        with pytest.raises(AttributeError):
            d.x = 1  # type: ignore[attr-defined]
        assert hash(FrozenDict({"a": 1})) == hash(FrozenDict({"a": 1}))
        assert pickle.loads(pickle.dumps(d)) == d


class TestRoundTrips:
    @pytest.mark.parametrize(
        "clone",
        [
            lambda x: pickle.loads(pickle.dumps(x)),
            lambda x: pickle.loads(pickle.dumps(x, protocol=2)),
            copy.deepcopy,
            copy.copy,
        ],
        ids=["pickle", "pickle2", "deepcopy", "copy"],
    )
    def test_clone_equals_and_stays_read_only(self, clone: Any) -> None:
        fit = _fit(nested=ConfidenceInterval(1.0, 2.0, 0.9))
        other = clone(fit)
        assert other == fit
        assert other == fit
        assert type(other) is _Fit
        _assert_read_only(other)
        assert other.nested == fit.nested

    def test_deepcopy_does_not_share_memory(self) -> None:
        fit = _fit()
        other = copy.deepcopy(fit)
        assert not np.shares_memory(other.values, fit.values)

    def test_equality_compares_values(self) -> None:
        fit = _fit()
        assert fit == _fit()  # NaN equals NaN in arrays, Series and floats
        assert fit != _fit(values=np.array([1.0, np.nan, 4.0]))
        assert fit != _fit(values=np.array([1.0, np.nan]))
        assert fit != _fit(series=fit.series.rename("other"))
        assert fit != _fit(series=pd.Series([0.5, np.nan], index=["bob", "ann"], name="p_alive"))
        assert fit != _fit(params={"r": 0.24})
        assert fit != "not a result"
        with pytest.raises(TypeError, match="unhashable"):
            hash(fit)

    def test_values_equal(self) -> None:
        assert values_equal(math.nan, np.float64("nan"))
        assert values_equal(np.float32("nan"), np.float32("nan"))
        assert not values_equal(np.zeros(2), [0.0, 0.0])
        assert values_equal(
            np.array(["a", None], dtype=object), np.array(["a", None], dtype=object)
        )
        assert values_equal((1, np.zeros(1)), (1, np.zeros(1)))
        assert not values_equal(pd.Series([1.0]), pd.DataFrame({"a": [1.0]}))

    @given(st.lists(st.floats(allow_nan=True, allow_infinity=False), min_size=1, max_size=8))
    def test_any_floats_round_trip(self, values: list[float]) -> None:
        s = pd.Series(values, index=[f"c{i}" for i in range(len(values))], name="clv")
        fit = _fit(values=np.array(values), series=s)
        assert pickle.loads(pickle.dumps(fit)) == fit


class TestReporting:
    def test_to_dict_is_json(self) -> None:
        fit = _fit(nested=ConfidenceInterval(1.0, 2.0, 0.9))
        d = fit.to_dict()
        text = json.dumps(d, allow_nan=False)
        assert json.loads(text) == d
        assert d["values"] == [1.0, None, 3.0]
        assert d["series"] == {"ann": 0.5, "bob": None}
        assert d["table"][1] == {"customer": "bob", "x": 2.0, "label": "b", "n": None, "cat": "hi"}
        assert d["nested"] == {"low": 1.0, "high": 2.0, "level": 0.9}
        assert d["params"]["cov"] == [[1.0, 0.0], [0.0, 1.0]]

    def test_to_jsonable_rows_keep_labels(self) -> None:
        frame = pd.DataFrame({"x": [1.0, 2.0]}, index=["a", "b"])
        assert to_jsonable(frame) == [{"index": "a", "x": 1.0}, {"index": "b", "x": 2.0}]
        assert to_jsonable(pd.DataFrame({"x": [1.0]})) == [{"x": 1.0}]

    def test_to_jsonable_dates(self) -> None:
        assert to_jsonable(np.datetime64("2020-01-02T03:04:05", "ns")).startswith(
            "2020-01-02T03:04:05"
        )
        assert to_jsonable(np.datetime64("NaT")) is None
        assert to_jsonable(pd.NaT) is None

    def test_repr_and_summary_are_short_text(self) -> None:
        fit = _fit(values=np.arange(1000.0))
        text = repr(fit)
        assert text.startswith("_Fit(")
        assert "shape=(1000,)" in text
        assert len(text) < 400
        summary = fit.summary()
        assert isinstance(summary, str)
        assert summary.splitlines()[0] == "_Fit"
        assert short_repr(pd.Series([1.0], name="clv")) == "<Series name='clv' length=1>"


class TestConfidenceInterval:
    def test_top_level_name(self) -> None:
        assert custvalue.ConfidenceInterval is ConfidenceInterval

    def test_scalar_interval(self) -> None:
        ci = ConfidenceInterval(np.float64(30.5), 59.5, 0.95)
        low, high = ci
        assert (low, high) == (30.5, 59.5)
        assert type(low) is float
        assert ci.width == 29.0
        assert ci.contains(40.0)
        assert not ci.contains(60.0)
        assert ci.summary() == "95% CI [30.5, 59.5]"
        assert pickle.loads(pickle.dumps(ci)) == ci
        assert json.dumps(ci.to_dict()) == '{"low": 30.5, "high": 59.5, "level": 0.95}'

    def test_series_interval(self) -> None:
        low = pd.Series([1.0, 2.0], index=["a", "b"])
        ci = ConfidenceInterval(low, low + 1.0, 0.9)
        frame = ci.to_frame()
        assert list(frame.index) == ["a", "b"]
        np.testing.assert_array_equal(frame["high"], [2.0, 3.0])
        np.testing.assert_array_equal(ci.contains(pd.Series([1.5, 5.0], index=["a", "b"])), [1, 0])
        with pytest.raises(ValueError, match="read-only"):
            ci.low.iloc[0] = 0.0
        assert ci.summary() == "90% CI, 2 intervals"

    @pytest.mark.parametrize("level", [0.0, 1.0, 95, math.nan])
    def test_level_checked(self, level: float) -> None:
        with pytest.raises(ValueError, match="level must"):
            ConfidenceInterval(1.0, 2.0, level)

    def test_level_type_checked(self) -> None:
        with pytest.raises(TypeError, match="level must be a real number"):
            ConfidenceInterval(1.0, 2.0, "0.95")  # type: ignore[arg-type]

    def test_inverted_and_mismatched_limits_refused(self) -> None:
        with pytest.raises(ValueError, match="low must be <= high; got an inverted interval"):
            ConfidenceInterval(2.0, 1.0, 0.95)
        with pytest.raises(ValueError, match="at index 1"):
            ConfidenceInterval([0.0, 3.0], [1.0, 2.0], 0.95)
        with pytest.raises(ValueError, match="one shape"):
            ConfidenceInterval([0.0], [1.0, 2.0], 0.95)
        with pytest.raises(ValueError, match="one index"):
            ConfidenceInterval(pd.Series([0.0], index=["a"]), pd.Series([1.0], index=["b"]), 0.9)
        # NaN limits (an undefined interval) are allowed
        ConfidenceInterval(math.nan, math.nan, 0.95)

    def test_limits_must_be_numbers(self) -> None:
        with pytest.raises(TypeError, match="low must be numeric"):
            ConfidenceInterval(["a"], [1.0], 0.95)
        with pytest.raises(TypeError, match="high must be a real number, not boolean"):
            ConfidenceInterval(0.0, True, 0.95)
        # one-sided intervals: an infinite limit is a valid value
        assert ConfidenceInterval(-math.inf, 3.0, 0.95).contains(-1e300)

    def test_contains_checks_the_value(self) -> None:
        ci = ConfidenceInterval([1.0, 2.0, 3.0], [2.0, 3.0, 4.0], 0.95)
        np.testing.assert_array_equal(ci.contains([1.5, 2.0, 5.0]), [True, True, False])
        np.testing.assert_array_equal(ci.contains(3.5), [False, False, True])
        assert not ConfidenceInterval(1.0, 2.0, 0.95).contains(math.nan)
        with pytest.raises(TypeError, match="value must be numeric"):
            ci.contains(["a", "b", "c"])
        with pytest.raises(ValueError, match="value must not be empty"):
            ci.contains([])
        with pytest.raises(ValueError, match=r"value \(shape \(2,\)\) cannot be broadcast"):
            ci.contains([1.0, 2.0])
        with pytest.raises(ValueError, match=r"value \(shape \(2, 3\)\) must match the limits"):
            ci.contains(np.ones((2, 3)))
