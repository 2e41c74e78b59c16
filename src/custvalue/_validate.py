"""Boundary checks shared by every custvalue module.

Each checker converts and returns its argument, so the code behind the
boundary only ever sees clean data. Messages follow one pattern: the
argument's name, the rule, the offending value and its position::

    discount_rate must be > -1; got -1.5
    retention_rate must be in [0, 1]; got 1.2 at index 3

``TypeError`` is raised for a value of the wrong kind (text where numbers are
expected), ``ValueError`` for a value of the right kind that breaks a rule.
NaN and infinity are rejected unless the caller opts in (``allow_nan``), which
a public function does only when it documents a missing-data policy.

Interval rules are written as text and double as the message:
``"[0, 1]"``, ``"(0, 1]"``, ``"> -1"``, ``">= 0"``, ``"< 1"``.
"""

from __future__ import annotations

import math
import numbers
import re
import sys
from collections.abc import Callable, Collection, Hashable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, TypeGuard, TypeVar, Union, cast

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "MISSING_POLICIES",
    "FloatArray",
    "FloatOrArray",
    "IntArray",
    "MissingPolicy",
    "align_by_label",
    "as_count",
    "as_float_array",
    "as_rng",
    "as_scalar",
    "broadcast",
    "check_integral",
    "check_interval",
    "check_level",
    "check_missing",
    "check_option",
    "check_same_length",
    "check_scale",
    "first_position",
    "is_dataframe",
    "is_pandas_sequence",
    "is_series",
    "like_input",
    "like_input_float",
    "missing_hint",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
#: What a vectorised public function returns: a float for scalar input, an
#: array for array input, a Series (same index) for Series input.
FloatOrArray = Union[float, FloatArray, "pd.Series[float]"]

_S = TypeVar("_S", bound=str)

#: The one missing-data vocabulary of the library (the ``missing=`` option).
#: ``"raise"`` (the default everywhere) refuses NaN and names this option;
#: ``"omit"`` drops each missing value from the quantity it enters only (per
#: item, per variable); ``"listwise"`` drops every row (respondent, customer)
#: with a missing value in any input; ``"mean"`` replaces a missing value by
#: its column's mean. A function accepts the subset of these words that
#: makes sense for it and documents which.
MissingPolicy = Literal["raise", "omit", "listwise", "mean"]
MISSING_POLICIES: tuple[MissingPolicy, ...] = ("raise", "omit", "listwise", "mean")


# ---------------------------------------------------------------------------
# pandas detection without importing pandas (importing it costs ~0.3 s)
# ---------------------------------------------------------------------------


def _pandas_type(value: object, kind: str) -> bool:
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(value, getattr(pd, kind))


def is_series(value: object) -> TypeGuard[pd.Series[Any]]:
    """Whether ``value`` is a pandas Series (without importing pandas)."""
    return _pandas_type(value, "Series")


def is_dataframe(value: object) -> TypeGuard[pd.DataFrame]:
    """Whether ``value`` is a pandas DataFrame (without importing pandas)."""
    return _pandas_type(value, "DataFrame")


def is_pandas_sequence(value: object) -> bool:
    """Whether ``value`` is a pandas Index or Categorical (without importing pandas)."""
    return _pandas_type(value, "Index") or _pandas_type(value, "Categorical")


# ---------------------------------------------------------------------------
# formatting of offending values and their position
# ---------------------------------------------------------------------------


def _fmt(value: object) -> str:
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(value, np.generic):
        return repr(value.item())
    return repr(value)


def first_position(mask: npt.ArrayLike, labels: object = None) -> tuple[tuple[int, ...], str]:
    """Position of the first True of ``mask`` and the message suffix for it.

    The suffix reads ``" at index 3"`` (1-D), ``" at index (1, 2)"`` (n-D),
    with ``" (and 4 more)"`` when further positions are True, and is empty
    for a 0-d mask. Use it to report one offender of a multi-array rule.

    ``labels`` is the caller's pandas input the mask refers to (a Series or
    DataFrame, or its Index): the position is then given as the caller's
    label, ``" at label 'c'"`` for a labelled Series (a default 0, 1, 2, ...
    index keeps ``" at index 3"``) and ``" at row 'c', column 'b'"`` for a
    DataFrame. The returned position is always the integer position.
    """
    m = np.asarray(mask)
    if m.ndim == 0:
        return (), ""
    pos = tuple(int(p) for p in np.argwhere(m)[0])
    count = int(np.count_nonzero(m))
    more = f" (and {count - 1} more)" if count > 1 else ""
    return pos, f" at {_describe_position(pos, labels)}{more}"


def _describe_position(pos: tuple[int, ...], labels: object) -> str:
    """``index 3``, ``index (1, 2)``, ``label 'c'`` or ``row 'c', column 'b'``."""
    plain = f"index {pos[0]}" if len(pos) == 1 else f"index {pos}"
    if labels is None:
        return plain
    index: Any = labels if _pandas_type(labels, "Index") else getattr(labels, "index", None)
    if index is None or not _pandas_type(index, "Index") or len(index) <= pos[0]:
        return plain
    if len(pos) == 1:
        if _is_default_index(index):
            return plain
        return f"label {_fmt(index[pos[0]])}"
    columns = getattr(labels, "columns", None)
    if len(pos) == 2 and columns is not None and len(columns) > pos[1]:
        return f"row {_fmt(index[pos[0]])}, column {_fmt(columns[pos[1]])}"
    return plain


def _is_default_index(index: Any) -> bool:
    """Whether a pandas Index is the unnamed 0, 1, 2, ... (labels are positions)."""
    pd = sys.modules["pandas"]
    if isinstance(index, pd.RangeIndex):
        return bool(index.start == 0 and index.step == 1)
    return False


def _where(
    arr: np.ndarray[Any, Any], mask: np.ndarray[Any, Any], labels: object = None
) -> tuple[object, str]:
    """First offending value and its message suffix (see :func:`first_position`)."""
    if arr.ndim == 0:
        return arr.item(), ""
    pos, at = first_position(mask, labels)
    return arr[pos], at


# ---------------------------------------------------------------------------
# conversion
# ---------------------------------------------------------------------------


def _to_numpy(value: object) -> np.ndarray[Any, Any]:
    if is_series(value) or is_dataframe(value):
        return np.asarray(value.to_numpy())
    return np.asarray(value)


def as_float_array(
    value: object,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    allow_empty: bool = False,
    allow_nan: bool = False,
    allow_bool: bool = False,
) -> FloatArray:
    """Convert ``value`` to a float64 array, checking kind, shape and finiteness.

    Parameters
    ----------
    value : array_like
        Scalar, sequence, numpy array or pandas object.
    name : str
        The argument's name, used in messages.
    ndim : int or tuple of int, optional
        Allowed number(s) of dimensions.
    allow_empty : bool
        Accept an array with no elements.
    allow_nan : bool
        Keep NaN (for functions with a documented missing-data policy);
        infinity is rejected regardless.
    allow_bool : bool
        Accept boolean input (converted to 0.0 / 1.0).

    Returns
    -------
    numpy.ndarray
        A new float64 array (never a view of the caller's data).
    """
    raw = _to_numpy(value)
    if raw.dtype == bool and not allow_bool:
        raise TypeError(f"{name} must be numeric, not boolean; got {_short(value)}")
    if raw.dtype.kind not in "biuf":
        if raw.dtype.kind == "O":
            # text is refused even when it reads as a number ("3"): numbers
            # stored as text are a data-preparation error worth surfacing
            text = _first_where(raw, _is_text, _labels_source(value))
            if text is not None:
                raise TypeError(f"{name} must be numeric; got text {text}")
            try:
                arr = raw.astype(np.float64)
            except (TypeError, ValueError):
                bad = _first_where(raw, _not_float, _labels_source(value)) or _short(value)
                raise TypeError(f"{name} must be numeric; got {bad}") from None
        elif raw.dtype.kind in "US":
            src = _labels_source(value)
            shown = (
                _first_where(raw, _not_float, src)
                or _first_where(raw, _is_text, src)
                or _short(value)
            )
            raise TypeError(f"{name} must be numeric; got text {shown}")
        else:
            raise TypeError(f"{name} must be numeric; got {_short(value)} (dtype {raw.dtype})")
    else:
        arr = raw.astype(np.float64, copy=True)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            hint = " (reshape a single row with x.reshape(1, -1))" if 2 in allowed else ""
            raise ValueError(
                f"{name} must be {want}; got a {arr.ndim}-D array of shape {arr.shape}{hint}"
            )
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty; got an array of shape {arr.shape}")
    finite = np.isfinite(arr)
    if not finite.all():
        bad = ~finite if not allow_nan else np.isinf(arr)
        if bad.any():
            v, at = _where(arr, bad, _labels_source(value))
            rule = "must not contain NaN or infinity" if not allow_nan else "must be finite"
            raise ValueError(f"{name} {rule}; got {_fmt(v)}{at}")
    return arr


def _labels_source(value: object) -> object:
    """The pandas object whose labels describe positions in ``value``, if any."""
    return value if is_series(value) or is_dataframe(value) else None


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _not_float(item: object) -> bool:
    try:
        float(item)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True
    return False


def _is_text(item: object) -> bool:
    return isinstance(item, (str, bytes))


def _first_where(
    raw: np.ndarray[Any, Any], test: Callable[[object], bool], labels: object = None
) -> str | None:
    """The first element passing ``test``, shown with its position, or None."""
    for pos, item in np.ndenumerate(raw):
        if test(item):
            shown = repr(item.item() if isinstance(item, np.generic) else item)
            if not raw.ndim:
                return shown
            return f"{shown} at {_describe_position(tuple(int(p) for p in pos), labels)}"
    return None


def as_scalar(value: object, name: str, rule: str | None = None) -> float:
    """Convert a real scalar to ``float``, optionally checking an interval rule."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a real number, not boolean; got {value!r}")
    if not isinstance(value, (numbers.Real, np.number)) or isinstance(value, np.complexfloating):
        if is_series(value) or isinstance(value, (np.ndarray, list, tuple)):
            raise TypeError(f"{name} must be a scalar; got {_short(value)}")
        raise TypeError(f"{name} must be a real number; got {_short(value)}")
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be finite; got {_fmt(x)}")
    if rule is not None:
        check_interval(np.float64(x), name, rule)
    return x


def as_count(value: object, name: str, *, minimum: int = 0) -> int:
    """Convert a whole number (int or integral float) to ``int`` >= ``minimum``."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer, not boolean; got {value!r}")
    if isinstance(value, (numbers.Integral, np.integer)):
        n = int(value)
    elif isinstance(value, (numbers.Real, np.floating)) and float(value).is_integer():
        n = int(float(value))
    elif isinstance(value, (numbers.Real, np.floating)):
        raise ValueError(f"{name} must be a whole number; got {_fmt(value)}")
    else:
        raise TypeError(f"{name} must be an integer; got {_short(value)}")
    if n < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {n}")
    return n


# ---------------------------------------------------------------------------
# rules
# ---------------------------------------------------------------------------

_NUM = r"[-+]?(?:inf|\d+(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?)"
_INTERVAL = re.compile(rf"^([\[(])\s*({_NUM})\s*,\s*({_NUM})\s*([\])])$")
_BOUND = re.compile(rf"^(>=|<=|>|<)\s*({_NUM})$")


@lru_cache(maxsize=128)
def _parse_rule(rule: str) -> tuple[float, float, bool, bool]:
    """Parse ``"(0, 1]"`` or ``"> -1"`` into (low, high, low_closed, high_closed)."""
    text = rule.strip()
    m = _INTERVAL.match(text)
    if m:
        return float(m[2]), float(m[3]), m[1] == "[", m[4] == "]"
    m = _BOUND.match(text)
    if m:
        op, bound = m[1], float(m[2])
        if op.startswith(">"):
            return bound, math.inf, op == ">=", False
        return -math.inf, bound, False, op == "<="
    raise ValueError(f"internal error: cannot parse interval rule {rule!r}")  # pragma: no cover


def check_interval(
    arr: npt.ArrayLike, name: str, rule: str, *, hint: str = "", labels: object = None
) -> Any:
    """Check that every element lies in ``rule``; return the input unchanged.

    ``rule`` is ``"[a, b]"``, ``"(a, b]"``, ``"[a, b)"``, ``"(a, b)"``,
    ``"> a"``, ``">= a"``, ``"< b"`` or ``"<= b"``. A ``hint`` (what to do
    about it) is appended to the message after a semicolon. ``labels`` (the
    caller's Series or DataFrame, or its Index) makes the message give the
    caller's label instead of the position; a pandas ``arr`` gives its own.
    """
    low, high, low_closed, high_closed = _parse_rule(rule)
    labels = labels if labels is not None else _labels_source(arr)
    a = np.asarray(arr)
    with np.errstate(invalid="ignore"):
        ok_low = (a >= low) if low_closed else (a > low)
        ok_high = (a <= high) if high_closed else (a < high)
        bad = ~(ok_low & ok_high)
    if np.any(bad):
        v, at = _where(a, bad, labels)
        verb = "be in" if rule.strip()[0] in "[(" else "be"
        advice = f"; {hint}" if hint else ""
        raise ValueError(f"{name} must {verb} {rule.strip()}; got {_fmt(v)}{at}{advice}")
    return arr


def check_integral(arr: npt.ArrayLike, name: str, *, labels: object = None) -> Any:
    """Check that every element is a whole number; return the input unchanged.

    ``labels`` as for :func:`check_interval`.
    """
    labels = labels if labels is not None else _labels_source(arr)
    a = np.asarray(arr)
    if a.dtype.kind in "iub":
        return arr
    bad = a != np.round(a)
    if np.any(bad):
        v, at = _where(a, bad, labels)
        raise ValueError(f"{name} must contain whole numbers; got {_fmt(v)}{at}")
    return arr


def check_level(level: object, name: str = "level") -> float:
    """A confidence level in (0, 1), as a float."""
    return as_scalar(level, name, "(0, 1)")


def check_option(value: object, name: str, allowed: Collection[_S]) -> _S:
    """Check a string option against its allowed values and return it."""
    if isinstance(value, str):
        for option in allowed:
            if value == option:
                return option
    listed = ", ".join(repr(a) for a in allowed)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {listed}; got {_short(value)}")
    raise ValueError(f"{name} must be one of {listed}; got {value!r}")


def check_missing(
    value: object,
    allowed: Collection[MissingPolicy] = ("raise", "omit"),
    name: str = "missing",
) -> MissingPolicy:
    """Check a ``missing=`` policy against the words a function accepts.

    The words come from :data:`MISSING_POLICIES`; each function accepts the
    subset that makes sense for it (``allowed``).
    """
    return check_option(value, name, tuple(a for a in MISSING_POLICIES if a in allowed))


def missing_hint(allowed: Collection[MissingPolicy]) -> str:
    """Advice for an error about NaN: the ``missing=`` words that accept it."""
    words = " or ".join(f"missing={a!r}" for a in MISSING_POLICIES if a in allowed and a != "raise")
    return f"pass {words} to drop or fill missing values" if words else ""


def check_scale(scale: object, name: str = "scale") -> tuple[float, float]:
    """Check a (low, high) response scale such as (1, 5) and return it as floats."""
    if not isinstance(scale, Sequence) or isinstance(scale, str) or len(scale) != 2:
        raise TypeError(f"{name} must be a (low, high) pair; got {_short(scale)}")
    low = as_scalar(scale[0], f"{name}[0]")
    high = as_scalar(scale[1], f"{name}[1]")
    if not low < high:
        raise ValueError(f"{name} must satisfy low < high; got ({_fmt(low)}, {_fmt(high)})")
    return low, high


def check_same_length(**arrays: npt.ArrayLike) -> int:
    """Check that the named 1-D inputs have one length; return it.

    The message names every argument with its length, e.g.
    ``frequency, recency have inconsistent lengths: [3, 4]``.
    """
    lengths = {k: int(np.shape(v)[0]) if np.ndim(v) else 1 for k, v in arrays.items()}
    if len(set(lengths.values())) > 1:
        names = ", ".join(lengths)
        raise ValueError(f"{names} have inconsistent lengths: {list(lengths.values())}")
    return next(iter(lengths.values()))


def broadcast(**arrays: FloatArray) -> tuple[FloatArray, ...]:
    """Broadcast the named arrays together; a failure names the culprits.

    e.g. ``cost (shape (4,)) cannot be broadcast against profit (shape (3,))``.
    """
    try:
        return tuple(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shape: tuple[int, ...] = ()
        seen: list[str] = []
        for key, arr in arrays.items():
            try:
                shape = np.broadcast_shapes(shape, arr.shape)
            except ValueError:
                raise ValueError(
                    f"{key} (shape {arr.shape}) cannot be broadcast against {', '.join(seen)}"
                ) from None
            seen.append(f"{key} (shape {arr.shape})")
        raise  # pragma: no cover


def as_rng(rng: object, name: str = "rng") -> np.random.Generator:
    """Turn ``None``, an int seed, a SeedSequence or a Generator into a Generator."""
    if rng is None or isinstance(rng, (numbers.Integral, np.random.SeedSequence)):
        if isinstance(rng, (bool, np.bool_)):
            raise TypeError(f"{name} must be None, an int seed or a numpy Generator; got {rng!r}")
        return np.random.default_rng(rng)  # type: ignore[arg-type]
    if isinstance(rng, np.random.Generator):
        return rng
    raise TypeError(
        f"{name} must be None, an int seed or a numpy.random.Generator; got {_short(rng)}"
    )


# ---------------------------------------------------------------------------
# returning results in the caller's container
# ---------------------------------------------------------------------------


def _index_of(value: object) -> tuple[Any, Hashable | None] | None:
    if is_series(value):
        return value.index, value.name
    if is_dataframe(value):
        return value.index, None
    return None


def like_input_float(result: npt.ArrayLike, *inputs: object) -> FloatOrArray:
    """:func:`like_input` for a float result: a float, an array or a Series."""
    return cast("FloatOrArray", like_input(np.asarray(result, dtype=np.float64), *inputs))


def _labels_of(value: object) -> Any:
    if _pandas_type(value, "Index"):
        return value
    pair = _index_of(value)
    return None if pair is None else pair[0]


def align_by_label(**inputs: Any) -> tuple[list[Any], Any]:
    """Pair pandas inputs by label, never by position.

    Each keyword names an input; pandas inputs (Series, DataFrames by their
    rows, or a bare Index) are compared with the first pandas input:

    - identical indexes pass unchanged;
    - the same labels in another order are reordered to the first input's
      order (so results come in the first input's order);
    - different label sets raise ``ValueError`` naming both arguments and
      the first label found in one but not the other; duplicated labels
      that prevent pairing raise too.

    Inputs that are not pandas objects (arrays, scalars, None) pass
    unchanged and pair by position. Returns the inputs in the order given
    and the shared index (None when no input is a pandas object).
    """
    found: Any = None
    first = ""
    out: list[Any] = []
    for name, value in inputs.items():
        idx = _labels_of(value)
        if idx is None:
            out.append(value)
            continue
        if found is None:
            found, first = idx, name
            out.append(value)
            continue
        if found.equals(idx):
            out.append(value)
            continue
        _check_same_labels(found, idx, first, name)
        if _pandas_type(value, "Index"):
            out.append(found)
        else:
            out.append(value.reindex(found) if is_series(value) else value.loc[found])
    return out, found


def _check_same_labels(a: Any, b: Any, name_a: str, name_b: str) -> None:
    """Refuse label sets that differ or that duplicates make ambiguous."""
    if len(a) == len(b) and a.is_unique and b.is_unique:
        extra_b = b.difference(a, sort=False)
        extra_a = a.difference(b, sort=False)
        if len(extra_a) == 0 and len(extra_b) == 0:
            return
    else:
        extra_a = a.difference(b, sort=False)
        extra_b = b.difference(a, sort=False)
    if len(extra_a):
        raise ValueError(
            f"{name_a} and {name_b} have different labels: {_fmt(extra_a[0])} is in "
            f"{name_a} but not in {name_b}; pandas inputs are paired by label"
        )
    if len(extra_b):
        raise ValueError(
            f"{name_a} and {name_b} have different labels: {_fmt(extra_b[0])} is in "
            f"{name_b} but not in {name_a}; pandas inputs are paired by label"
        )
    dup = a[a.duplicated()] if not a.is_unique else b[b.duplicated()]
    raise ValueError(
        f"{name_a} and {name_b} cannot be paired by label: label {_fmt(dup[0])} is repeated; "
        "give each row a unique label or pass arrays to pair by position"
    )


def like_input(result: npt.ArrayLike, *inputs: object, name: Hashable | None = None) -> Any:
    """Return ``result`` in the container of its inputs.

    - every input scalar (0-d) and the result 0-d: a Python ``float``;
    - a pandas Series (or DataFrame, for its rows) among the inputs whose
      length matches a 1-D result: a Series with that index, named ``name``;
      several such inputs must share one index (pair them first with
      :func:`align_by_label`);
    - otherwise the numpy array.

    Public functions pass ``name``, the quantity computed (``"p_alive"``,
    ``"clv"``): without it the Series keeps the first input's name, which
    the contract test refuses.
    """
    out = np.asarray(result)
    if out.ndim == 0:
        return out.item() if out.dtype.kind != "f" else float(out)
    if out.ndim == 1:
        found: tuple[Any, Hashable | None] | None = None
        for value in inputs:
            idx = _index_of(value)
            if idx is None or len(idx[0]) != out.shape[0]:
                continue
            if found is None:
                found = idx
            elif not found[0].equals(idx[0]):
                raise ValueError(
                    "pandas inputs have different indexes; align them first "
                    "(for example with Series.align) so results are not silently mismatched"
                )
        if found is not None:
            import pandas as pd

            return pd.Series(out, index=found[0], name=name if name is not None else found[1])
    return out


# ---------------------------------------------------------------------------
# caller labels in messages; the customer summaries (x, t_x, T) of the BTYD models
# ---------------------------------------------------------------------------
# One check of the customer summaries (x, t_x, T) of the "buy till you die"
# models, shared by custvalue.btyd and custvalue.transactions, and error
# positions given as the caller's labels.

_AT_INDEX = re.compile(r" at (?:index|row) (\d+)\b")

#: Largest age T (and frequency) accepted: beyond it the likelihoods lose
#: their precision (ln(alpha + T) no longer sees alpha) and the fits stall.
_MAX_AGE = 1e12
_AGE_HINT = "express the times in a larger unit (days to weeks or years)"


def with_caller_labels(exc: Exception, value: object) -> Exception:
    """``exc`` with its first ``at index N`` given as the caller's label.

    ``value`` is the caller's pandas input (a Series, a DataFrame by its
    rows, or an Index). Where its index is not the default ``0..n-1``, the
    position ``N`` in a message from the checks in this module becomes
    ``at label 'x'``; any other input or message gives ``exc`` back
    unchanged. Use it as::

        try:
            arr = as_float_array(values, "values")
        except (ValueError, TypeError) as exc:
            raise with_caller_labels(exc, values) from None
    """
    index = value if _pandas_type(value, "Index") else _labels_of(value)
    if index is None:
        return exc
    text = str(exc)
    match = _AT_INDEX.search(text)
    if match is None or not int(match[1]) < len(index):  # type: ignore[arg-type]
        return exc
    where = _describe_position((int(match[1]),), index)
    if where.startswith("index"):
        return exc
    return type(exc)(f"{text[: match.start()]} at {where}{text[match.end() :]}")


class labelled_errors:  # noqa: N801 - used as a context manager, reads like a function
    """Give positions in ValueError/TypeError messages as the caller's labels.

    ``sources`` are the caller's inputs (or their pandas Index); the first
    pandas one gives the labels. Checks inside the ``with`` block report
    positions (``" at index 3"``, ``" at row 3"``); the first such position
    is replaced by the label there (:func:`with_caller_labels`), e.g.
    ``" at label 'cust-7'"``. Positions of inputs without an index, or
    with the default 0, 1, 2, ... index, stay as they are.
    """

    __slots__ = ("labels",)

    def __init__(self, *sources: object) -> None:
        self.labels: Any = next(
            (s for s in sources if _pandas_type(s, "Index") or is_series(s) or is_dataframe(s)),
            None,
        )

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> None:
        if self.labels is None or not isinstance(exc, (ValueError, TypeError)):
            return
        new = with_caller_labels(exc, self.labels)
        if new is not exc:
            raise new from None


def check_customer_summary(
    frequency: object, recency: object, T: object, *, one_d: bool = False
) -> tuple[FloatArray, FloatArray, FloatArray, Any]:
    """Validate a customer summary ``(x, t_x, T)`` of the BTYD models.

    Pairs pandas inputs by label (:func:`align_by_label`), then checks the
    rules: ``frequency`` whole numbers >= 0, ``recency`` and ``T`` >= 0 and
    finite, ``recency <= T``, and ``recency == 0`` where ``frequency == 0``.
    ``one_d`` requires three 1-D inputs of one length (fitting, compressing);
    otherwise the inputs broadcast together (predictions). Positions in
    messages are the caller's labels when an input is a pandas object.

    Returns the three float64 arrays (``-0.0`` normalised to ``0.0``) and the
    shared pandas index (None without pandas input).
    """
    (frequency, recency, T), index = align_by_label(frequency=frequency, recency=recency, T=T)
    fast = _summary_fast_path(frequency, recency, T)
    if fast is not None:
        return fast[0], fast[1], fast[2], index
    ndim = 1 if one_d else None
    with labelled_errors(index):
        x = as_float_array(frequency, "frequency", ndim=ndim)
        tx = as_float_array(recency, "recency", ndim=ndim)
        age = as_float_array(T, "T", ndim=ndim)
        if one_d:
            check_same_length(frequency=x, recency=tx, T=age)
        check_interval(x, "frequency", ">= 0")
        check_integral(x, "frequency")
        check_interval(tx, "recency", ">= 0")
        check_interval(age, "T", ">= 0")
        check_interval(age, "T", f"<= {_MAX_AGE:g}", hint=_AGE_HINT)
        check_interval(x, "frequency", f"<= {_MAX_AGE:g}", hint=_AGE_HINT)
        x, tx, age = broadcast(frequency=x, recency=tx, T=age)
        over = tx > age
        if np.any(over):
            pos, at = first_position(over)
            raise ValueError(
                f"recency must be <= T; got recency {_fmt(tx[pos])} > T {_fmt(age[pos])}{at}"
            )
        lone = (x == 0) & (tx != 0)
        if np.any(lone):
            pos, at = first_position(lone)
            raise ValueError(
                f"recency must be 0 when frequency is 0; got recency {_fmt(tx[pos])}{at}"
            )
    return x + 0.0, tx + 0.0, age + 0.0, index


def _summary_fast_path(
    frequency: object, recency: object, T: object
) -> tuple[FloatArray, FloatArray, FloatArray] | None:
    """The three arrays when they are clean 1-D float64 data of one length, else None.

    A handful of reductions decide (min and max catch NaN, infinity and the
    ranges); anything unusual goes through the full checks, which also
    write the messages. The arrays are returned without a copy: callers only
    read them.
    """
    arrays = []
    for value in (frequency, recency, T):
        arr = value.to_numpy() if is_series(value) else value
        if not (isinstance(arr, np.ndarray) and arr.dtype == np.float64 and arr.ndim == 1):
            return None
        arrays.append(arr)
    x, tx, age = arrays
    if not (x.shape == tx.shape == age.shape) or x.size == 0:
        return None
    lo_x, hi_x = x.min(), x.max()
    lo_t, lo_a, hi_a = tx.min(), age.min(), age.max()
    if not (lo_x >= 0.0 and hi_x <= _MAX_AGE and lo_t >= 0.0 and 0.0 <= lo_a <= hi_a <= _MAX_AGE):
        return None
    if not (np.array_equal(x, np.trunc(x)) and np.all(tx <= age)):
        return None
    # recency 0 where frequency is 0: with x whole and t_x <= T <= _MAX_AGE this is
    # t_x <= x * _MAX_AGE (true for every x >= 1, and for x = 0 only when t_x = 0)
    if not np.all(tx <= x * _MAX_AGE):
        return None
    return x, tx, age
