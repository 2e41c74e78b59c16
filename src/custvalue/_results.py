"""Shared behaviour of custvalue's frozen result objects."""

from __future__ import annotations

import math
from collections.abc import Mapping
from statistics import NormalDist
from typing import Any

import attrs
import numpy as np

from custvalue._validate import is_dataframe, is_pandas_sequence, is_series

__all__ = ["ResultMixin", "frozen_array", "to_jsonable", "two_sided_z"]


def frozen_array(value: Any, dtype: Any = None, *, copy: bool = True) -> Any:
    """A read-only array of ``value`` for result fields.

    A copy by default; ``copy=False`` gives a read-only view instead, for an
    array the calling function has just created and shares with no one.
    """
    arr = np.array(value, dtype=dtype) if copy else np.asarray(value, dtype=dtype).view()
    arr.setflags(write=False)
    return arr


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
    if isinstance(value, np.generic):
        return to_jsonable(value.item())
    if isinstance(value, np.ndarray):
        return [to_jsonable(v) for v in value.tolist()] if value.ndim else to_jsonable(value.item())
    if is_series(value):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if is_dataframe(value):
        frame = value.reset_index() if value.index.name is not None else value
        return [
            {str(k): to_jsonable(v) for k, v in row.items()}
            for row in frame.to_dict(orient="records")
        ]
    if is_pandas_sequence(value):
        return [to_jsonable(v) for v in value.tolist()]
    if hasattr(value, "isoformat"):  # datetime, date, pandas Timestamp
        return str(value.isoformat())
    if attrs.has(type(value)):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if hasattr(value, "value") and hasattr(type(value), "__members__"):  # Enum
        return to_jsonable(value.value)
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    return str(value)


class ResultMixin:
    """Gives an ``@attrs.frozen`` result a JSON-safe :meth:`to_dict`."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The result's public fields as a JSON-serialisable dict."""
        out: dict[str, Any] = to_jsonable(self)
        return out
