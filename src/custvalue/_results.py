"""Shared behaviour of custvalue's frozen result objects.

Every public result is an ``@attrs.frozen(eq=False, repr=False)`` class that
derives from :class:`ResultMixin`. The mixin makes it a *value*:

- deeply immutable: :func:`freeze` turns arrays, Series, DataFrames and dicts
  into read-only equivalents, and unpickling or copying re-freezes them;
- compared by value (``==`` compares arrays and tables element by element,
  NaN equal to NaN), so a pickled copy equals its original;
- picklable and deep-copyable, including nested mappings;
- reported three ways: :meth:`ResultMixin.to_dict` (JSON-safe), ``to_frame()``
  where the result holds a table, and :meth:`ResultMixin.summary` (text);
- shown briefly: the ``repr`` gives shapes of arrays and tables, not their
  contents, like pandas does for large objects.

Intervals are always :class:`ConfidenceInterval` values.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from statistics import NormalDist
from typing import Any, TypeVar

import attrs
import numpy as np

from custvalue._validate import is_dataframe, is_pandas_sequence, is_series, like_input

__all__ = [
    "ConfidenceInterval",
    "FrozenDict",
    "ResultMixin",
    "freeze",
    "frozen_array",
    "short_repr",
    "to_jsonable",
    "two_sided_z",
    "values_equal",
]

_K = TypeVar("_K")
_V = TypeVar("_V")


def frozen_array(value: Any, dtype: Any = None, *, copy: bool = True) -> Any:
    """A read-only array of ``value`` for result fields.

    A copy by default; ``copy=False`` gives a read-only view instead, for an
    array the calling function has just created and shares with no one.
    """
    arr = np.array(value, dtype=dtype) if copy else np.asarray(value, dtype=dtype).view()
    arr.setflags(write=False)
    return arr


class FrozenDict(Mapping[_K, _V]):
    """An immutable, picklable mapping that compares by value.

    Used for the dict-valued fields of results (parameters by name, tables
    by construct) instead of ``types.MappingProxyType``, which cannot be
    pickled. Values are frozen with :func:`freeze`.
    """

    __slots__ = ("_data",)
    _data: dict[Any, Any]

    def __init__(self, data: Mapping[_K, _V] | None = None, /, **kwargs: _V) -> None:
        items: dict[Any, Any] = dict(data or {}, **kwargs)
        object.__setattr__(self, "_data", {k: freeze(v) for k, v in items.items()})

    def __getitem__(self, key: _K) -> _V:
        value: _V = self._data[key]
        return value

    def __iter__(self) -> Iterator[_K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("FrozenDict is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return values_equal(dict(self._data), dict(other))

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (self._data,))

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"


#: Immutable values that freezing returns as they are (checked by exact type,
#: which is the fast path for the many labels and names results hold).
_PLAIN = frozenset({str, int, float, bool, bytes, complex, type(None)})


def freeze(value: Any) -> Any:
    """A read-only equivalent of ``value`` (arrays, pandas objects, containers).

    Arrays become read-only (a view, no copy); a Series or DataFrame is
    rebuilt over read-only copies of its columns (extension dtypes such as
    text, categorical or nullable integers included), so in-place assignment
    raises; a dict becomes a :class:`FrozenDict`; a list or tuple a tuple
    (a named tuple keeps its type) and a set a frozenset, their items frozen
    in turn. Other values (numbers, text, attrs results, which freeze
    themselves) are returned as they are. Freezing a frozen value returns it
    unchanged. pandas marks extension arrays read-only from version 3 on;
    with pandas 2, columns of extension dtypes are unshared copies that
    pandas lets the holder change.
    """
    if type(value) in _PLAIN:
        return value
    if isinstance(value, np.ndarray):
        if not value.flags.writeable:
            return value
        view = value.view()
        view.setflags(write=False)
        return view
    if is_series(value):
        return value if _is_frozen_series(value) else _frozen_series(value)
    if is_dataframe(value):
        return _frozen_frame(value)
    if isinstance(value, FrozenDict):
        return value
    if isinstance(value, dict):
        return FrozenDict(value)
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    if isinstance(value, tuple):
        if all(type(v) in _PLAIN for v in value):  # labels, names: nothing to freeze
            return value
        items = [freeze(v) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        if hasattr(value, "_fields"):  # a named tuple keeps its type
            return type(value)(*items)
        return tuple(items)
    if isinstance(value, (set, frozenset)):
        return frozenset(freeze(v) for v in value)
    return value


def _array_frozen(values: Any) -> bool:
    """Whether an array pandas holds refuses assignment."""
    if isinstance(values, np.ndarray):
        return not values.flags.writeable
    if getattr(values, "_readonly", False):
        return True
    backing = getattr(values, "_ndarray", None)  # datetime and timedelta arrays
    return isinstance(backing, np.ndarray) and not backing.flags.writeable


def _is_frozen_series(series: Any) -> bool:
    return _array_frozen(series._values)  # the array held, not a protective view


def _frozen_series(series: Any) -> Any:
    import pandas as pd

    if isinstance(series.dtype, np.dtype):
        values = series.to_numpy(copy=True)
        values.setflags(write=False)
        return pd.Series(
            values, index=series.index, name=series.name, dtype=series.dtype, copy=False
        )
    # extension dtype (text, categorical, nullable, Arrow): an unshared copy
    # marked read-only; pandas refuses assignment into a read-only array
    frozen = series.copy(deep=True)
    if hasattr(frozen.array, "_readonly"):
        frozen.array._readonly = True
    return frozen


def _frozen_frame(frame: Any) -> Any:
    import pandas as pd

    arrays = getattr(getattr(frame, "_mgr", None), "arrays", None)  # the columns held
    if arrays is not None and all(_array_frozen(a) for a in arrays):
        return frame
    columns = {k: freeze(frame.iloc[:, k]) for k in range(frame.shape[1])}
    out = pd.DataFrame(columns, index=frame.index, copy=False)
    out.columns = frame.columns
    return out


def values_equal(a: Any, b: Any) -> bool:
    """Deep equality of result fields; NaN equals NaN, arrays compare elementwise."""
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.shape != b.shape:
            return False
        try:
            return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
        except TypeError:  # object arrays
            return bool(np.array_equal(a, b))
    if is_series(a) or is_dataframe(a):
        return type(a) is type(b) and bool(a.equals(b)) and _labels_equal(a, b)  # type: ignore[arg-type]
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(values_equal(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(values_equal(x, y) for x, y in zip(a, b, strict=True))
    if _is_nan(a) and _is_nan(b):
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _is_nan(value: Any) -> bool:
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def _labels_equal(a: Any, b: Any) -> bool:
    if not a.index.equals(b.index):
        return False
    if is_series(a):
        return bool(a.name == b.name)
    return bool(a.columns.equals(b.columns))


def short_repr(value: Any, width: int = 60) -> str:
    """A one-line description of ``value``: shapes for arrays and tables."""
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    if isinstance(value, np.ndarray):
        if value.size <= 6 and value.ndim <= 1:
            return np.array2string(value, precision=4, separator=", ")
        return f"<array shape={value.shape} dtype={value.dtype}>"
    if is_series(value):
        return f"<Series name={value.name!r} length={len(value)}>"
    if is_dataframe(value):
        return f"<DataFrame shape={value.shape}>"
    if isinstance(value, Mapping) and len(value) > 4:
        return f"<{type(value).__name__} of {len(value)} entries>"
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def two_sided_z(level: float) -> float:
    """Standard normal quantile z with P(-z < Z < z) = ``level`` (1.959964 for 0.95)."""
    return NormalDist().inv_cdf(0.5 + level / 2.0)


def to_jsonable(value: Any) -> Any:
    """Convert numpy / pandas / attrs values into JSON-safe Python objects.

    Arrays become (nested) lists, numpy scalars Python scalars, non-finite
    floats ``None``, Series ``{label: value}`` dicts, DataFrames lists of
    row records, an Index or Categorical a list, dates ISO 8601 strings,
    enums their value, and nested attrs results dicts.
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else str(np.datetime_as_string(value))
    if isinstance(value, np.generic):
        return to_jsonable(value.item())
    if isinstance(value, np.ndarray):
        return [to_jsonable(v) for v in value.tolist()] if value.ndim else to_jsonable(value.item())
    if is_series(value):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if is_dataframe(value):
        frame = value if _default_index(value.index) else value.reset_index()
        return [
            {str(k): to_jsonable(v) for k, v in row.items()}
            for row in frame.to_dict(orient="records")
        ]
    if is_pandas_sequence(value):
        return [to_jsonable(v) for v in value.tolist()]
    if hasattr(value, "isoformat"):  # datetime, date, pandas Timestamp
        text = str(value.isoformat())
        return None if text == "NaT" else text
    if isinstance(value, ResultMixin):  # a nested result reports itself
        return value.to_dict()
    if attrs.has(type(value)):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if hasattr(value, "value") and hasattr(type(value), "__members__"):  # Enum
        return to_jsonable(value.value)
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    return str(value)


def _limit(value: Any, name: str) -> Any:
    """A limit (or a value compared with limits) as a float, float array or Series.

    NaN (undefined) and infinity (one-sided intervals) are valid; text and
    other non-numbers raise a TypeError naming ``name``.
    """
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a real number, not boolean; got {value!r}")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    if is_series(value):
        if value.dtype.kind not in "iuf":
            raise TypeError(f"{name} must be numeric; got a Series of dtype {value.dtype}")
        return value.astype(np.float64)
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be numeric; got {short_repr(value)}")
    return arr.astype(np.float64)


def _default_index(index: Any) -> bool:
    """Whether ``index`` is an unnamed 0, 1, 2, ... (rows need no label in JSON)."""
    if index.name is not None or index.nlevels != 1:
        return False
    return bool(index.equals(_range_index(len(index))))


def _range_index(n: int) -> Any:
    import pandas as pd

    return pd.RangeIndex(n)


def _fields(obj: object) -> tuple[attrs.Attribute[Any], ...]:
    fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(type(obj))  # type: ignore[arg-type]
    return fields


def _rebuild(cls: type[Any], state: dict[str, Any]) -> Any:
    """Unpickle / copy a result: set its fields, frozen again."""
    obj = object.__new__(cls)
    for name, value in state.items():
        object.__setattr__(obj, name, freeze(value))
    return obj


class ResultMixin:
    """Value semantics for an ``@attrs.frozen(eq=False, repr=False)`` result.

    Subclasses get deep freezing of their fields at construction, value
    equality, pickling and deep-copying that keep the result read-only, a
    short ``repr``, a JSON-safe :meth:`to_dict` and a default text
    :meth:`summary`.
    """

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        for field in _fields(self):
            value = getattr(self, field.name)
            frozen = freeze(value)
            if frozen is not value:
                object.__setattr__(self, field.name, frozen)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(
            values_equal(getattr(self, f.name), getattr(other, f.name))
            for f in _fields(self)
            if f.eq
        )

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        state = {f.name: getattr(self, f.name) for f in _fields(self)}
        return (_rebuild, (type(self), state))

    def __repr__(self) -> str:
        parts = [f"{f.name}={short_repr(getattr(self, f.name))}" for f in _fields(self) if f.repr]
        return f"{type(self).__name__}({', '.join(parts)})"

    def to_dict(self) -> dict[str, Any]:
        """The result's fields as a JSON-serialisable dict (see :func:`to_jsonable`)."""
        return {f.name: to_jsonable(getattr(self, f.name)) for f in _fields(self)}

    def summary(self) -> str:
        """A short text report: one line per field."""
        lines = [type(self).__name__]
        for f in _fields(self):
            lines.append(f"  {f.name}: {short_repr(getattr(self, f.name))}")
        return "\n".join(lines)


@attrs.frozen(eq=False, repr=False)
class ConfidenceInterval(ResultMixin):
    """A confidence interval: lower and upper limits at a confidence level.

    The one interval type of the library: every ``confidence_interval``
    method returns it, and results that report an interval hold one.
    ``low`` and ``high`` are floats for one quantity, read-only arrays or
    Series (same index) for many. It unpacks as a pair::

        low, high = result.confidence_interval(level=0.9)

    Attributes
    ----------
    low, high : float, numpy.ndarray or pandas.Series
        The limits.
    level : float
        The confidence level in (0, 1), e.g. 0.95.
    """

    low: Any
    high: Any
    level: float

    def __attrs_post_init__(self) -> None:
        from custvalue._validate import check_level

        object.__setattr__(self, "level", check_level(self.level))
        for name in ("low", "high"):
            object.__setattr__(self, name, _limit(getattr(self, name), name))
        if np.shape(self.low) != np.shape(self.high):
            raise ValueError(
                "low and high must have one shape; got "
                f"{np.shape(self.low)} and {np.shape(self.high)}"
            )
        if (
            is_series(self.low)
            and is_series(self.high)
            and not self.low.index.equals(self.high.index)
        ):
            raise ValueError("low and high must share one index")
        with np.errstate(invalid="ignore"):
            inverted = np.asarray(self.low) > np.asarray(self.high)
        if np.any(inverted):
            pos = tuple(int(p) for p in np.argwhere(inverted)[0]) if inverted.ndim else ()
            where = f" at index {pos[0]}" if len(pos) == 1 else ""
            raise ValueError(f"low must be <= high; got an inverted interval{where}")
        super().__attrs_post_init__()

    def __iter__(self) -> Iterator[Any]:
        yield self.low
        yield self.high

    @property
    def width(self) -> Any:
        """``high - low``."""
        return self.high - self.low

    def contains(self, value: Any) -> Any:
        """Whether ``low <= value <= high`` (elementwise for arrays).

        ``value`` broadcasts against the limits; NaN is in no interval.
        """
        x = _limit(value, "value")
        if np.size(x) == 0:
            raise ValueError("value must not be empty")
        try:
            shape = np.broadcast_shapes(np.shape(x), np.shape(self.low))
        except ValueError:
            raise ValueError(
                f"value (shape {np.shape(x)}) cannot be broadcast against the "
                f"limits (shape {np.shape(self.low)})"
            ) from None
        if shape != np.shape(self.low) and np.ndim(self.low) != 0:
            raise ValueError(
                f"value (shape {np.shape(x)}) must match the limits (shape {np.shape(self.low)})"
            )
        low, high, xs = np.asarray(self.low), np.asarray(self.high), np.asarray(x)
        with np.errstate(invalid="ignore"):
            result = (low <= xs) & (xs <= high)
        if np.ndim(result) == 0:
            return bool(result)
        return like_input(result, x, self.low, name="contains")

    def summary(self) -> str:
        """The interval as text, e.g. ``95% CI [30.5, 59.5]``."""
        pct = f"{round(self.level * 100, 6):g}%"
        if np.ndim(self.low) == 0:
            return f"{pct} CI [{float(self.low):.6g}, {float(self.high):.6g}]"
        return f"{pct} CI, {np.size(self.low)} intervals"

    def to_frame(self) -> Any:
        """A DataFrame with columns ``low`` and ``high`` (one row per quantity).

        Rows carry the Series' index when the limits are Series.
        """
        import pandas as pd

        index = self.low.index if is_series(self.low) else None
        low = np.atleast_1d(np.asarray(self.low, dtype=np.float64))
        high = np.atleast_1d(np.asarray(self.high, dtype=np.float64))
        if low.ndim != 1:
            raise ValueError(f"to_frame needs 1-D limits; these have shape {low.shape}")
        return pd.DataFrame({"low": low, "high": high}, index=index)
