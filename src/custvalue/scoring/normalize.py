"""Normalisation of indicators (指标无量纲化) before they are weighted and added.

Rows are customers (or alternatives), columns are indicators. Each indicator
is a benefit indicator (效益型, larger is better) or a cost indicator (成本型,
smaller is better); ``directions`` says which.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np

from custvalue._validate import (
    FloatArray,
    as_float_array,
    check_interval,
    check_option,
    is_dataframe,
    missing_hint,
    with_caller_labels,
)

__all__ = ["NormalizeMethod", "normalize"]

NormalizeMethod = Literal["minmax", "zscore", "vector", "sum"]
_METHODS: tuple[NormalizeMethod, ...] = ("minmax", "zscore", "vector", "sum")


def _columns(data: object, k: int) -> list[str] | None:
    if is_dataframe(data):
        return [str(c) for c in data.columns]
    return None


def resolve_directions(
    directions: object, k: int, columns: Sequence[str] | None
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Boolean mask of cost indicators from ``directions`` (shared by the scoring modules).

    ``directions`` is None (all benefit), ``"benefit"`` / ``"cost"`` for all
    indicators, a sequence with one entry per column, or a mapping from
    column name to direction (unnamed columns are benefit indicators).
    """
    allowed = ("benefit", "cost")
    if directions is None:
        return np.zeros(k, dtype=bool)
    if isinstance(directions, str):
        return np.full(k, check_option(directions, "directions", allowed) == "cost")
    if isinstance(directions, Mapping):
        if columns is None:
            raise TypeError(
                "directions may be a mapping only for a DataFrame with named columns; "
                "give a sequence of 'benefit' / 'cost' instead"
            )
        unknown = sorted(str(key) for key in directions if str(key) not in columns)
        if unknown:
            raise ValueError(
                f"directions name unknown columns {unknown}; columns are {list(columns)}"
            )
        out = np.zeros(k, dtype=bool)
        for key, value in directions.items():
            out[list(columns).index(str(key))] = (
                check_option(value, f"directions[{key!r}]", allowed) == "cost"
            )
        return out
    if not isinstance(directions, Sequence):
        raise TypeError(
            f"directions must be None, a string, a sequence or a mapping; got {directions!r}"
        )
    if len(directions) != k:
        raise ValueError(
            f"directions must have one entry per indicator ({k}); got {len(directions)}"
        )
    return np.array(
        [check_option(d, f"directions[{i}]", allowed) == "cost" for i, d in enumerate(directions)],
        dtype=bool,
    )


IndicatorMissing = Literal["raise", "listwise", "mean"]
_MISSING: tuple[IndicatorMissing, ...] = ("raise", "listwise", "mean")


def indicator_matrix(value: object, missing: str, name: str = "data") -> FloatArray:
    """The 2-D float array of an indicator table, NaN kept unless ``missing="raise"``.

    With ``missing="raise"`` a NaN is refused with a message naming the
    option that accepts it, and the caller's row and column labels.
    """
    try:
        return as_float_array(value, name, ndim=2, allow_nan=missing != "raise")
    except (ValueError, TypeError) as exc:
        err = with_caller_labels(exc, value)
        if "NaN" in str(err):
            raise ValueError(f"{err}; {missing_hint(_MISSING)}") from None
        raise err from None


def apply_missing(
    x: FloatArray, missing: str, name: str = "data"
) -> tuple[FloatArray, np.ndarray[Any, np.dtype[np.bool_]] | None]:
    """Drop (``"listwise"``) or fill (``"mean"``) the NaN of an indicator table.

    Returns the table and, for ``"listwise"`` when rows were dropped, the mask
    of the rows kept (None otherwise).
    """
    nan = np.isnan(x)
    if missing == "raise" or not nan.any():
        return x, None
    if missing == "listwise":
        keep: np.ndarray[Any, np.dtype[np.bool_]] = np.asarray(~nan.any(axis=1))
        if not keep.any():
            raise ValueError(f"{name}: every row has a missing value (missing='listwise')")
        return x[keep], keep
    empty = nan.all(axis=0)
    if empty.any():
        j = int(np.argmax(empty))
        raise ValueError(f"{name}: column {j} has no value to take a mean of (missing='mean')")
    with np.errstate(invalid="ignore"):
        means = np.nanmean(x, axis=0)
    filled: FloatArray = np.where(nan, means, x)
    return filled, None


def _rescale_columns(x: FloatArray) -> None:
    """Divide each column by its largest absolute value (in place; all-zero columns kept)."""
    s = np.abs(x).max(axis=0)
    x /= np.where(s > 0, s, 1.0)


def normalize_array(
    x: FloatArray, method: NormalizeMethod, cost: np.ndarray[Any, np.dtype[np.bool_]]
) -> FloatArray:
    """Normalise the columns of a 2-D float array in place and return it."""
    m = x.shape[0]
    if method == "minmax":
        low = x.min(axis=0)
        high = x.max(axis=0)
        with np.errstate(over="ignore"):
            span = high - low
        huge = ~np.isfinite(span)
        if huge.any():  # a range beyond the float maximum: rescale those columns first
            s = np.where(huge, np.maximum(np.abs(low), np.abs(high)), 1.0)
            x /= s
            low, high = low / s, high / s
            span = high - low
        flat = span == 0
        scale = np.where(flat, 1.0, span)
        x -= np.where(cost, high, low)
        x /= np.where(cost, -scale, scale)
        if cost.any():
            x[:, cost] += 0.0  # turn -0.0 into 0.0
        if flat.any():
            x[:, flat] = 1.0
        return x
    if method == "zscore":
        if m < 2:
            raise ValueError(f"data must have at least 2 rows for method='zscore'; got {m}")
        _rescale_columns(x)  # the z-score does not depend on the unit; no overflow in sums
        mean = x.mean(axis=0)
        sd = x.std(axis=0, ddof=1)
        flat = sd == 0
        x -= mean
        x /= np.where(cost, -1.0, 1.0) * np.where(flat, 1.0, sd)
        if flat.any():
            x[:, flat] = 0.0
        return x
    if method == "vector":
        _rescale_columns(x)  # squares neither overflow nor underflow to 0
        norm = np.sqrt(np.einsum("ij,ij->j", x, x))
        zero = norm == 0
        x /= np.where(zero, 1.0, norm)
        if zero.any():
            x[:, zero] = 1.0 / np.sqrt(m)
        if cost.any():
            x[:, cost] = 1.0 - x[:, cost]
        return x
    # sum
    check_interval(x, "data", ">= 0")
    if cost.any():
        sub = x[:, cost]
        if (sub <= 0).any():
            j = int(np.flatnonzero(cost)[np.argmax((sub <= 0).any(axis=0))])
            i = int(np.argmax(x[:, j] <= 0))
            raise ValueError(
                f"data must be > 0 in cost column {j} for method='sum' (cost values are inverted); "
                f"got {x[i, j]:g} at index ({i}, {j})"
            )
        # min / x instead of 1 / x: the same shares, and no overflow for tiny x
        x[:, cost] = sub.min(axis=0) / sub
    _rescale_columns(x)
    total = x.sum(axis=0)
    zero = total == 0
    x /= np.where(zero, 1.0, total)
    if zero.any():
        x[:, zero] = 1.0 / m
    return x


def normalize(
    data: object,
    *,
    method: NormalizeMethod = "minmax",
    directions: object = None,
) -> Any:
    r"""Normalise indicators so that they can be weighted and added.

    Parameters
    ----------
    data : array_like of shape (m, k) or (m,), or pandas DataFrame
        Indicator values: one row per customer (alternative), one column per
        indicator. A 1-D array is one indicator.
    method : {"minmax", "zscore", "vector", "sum"}
        The normalisation (see Notes).
    directions : None, "benefit", "cost", sequence or mapping
        Benefit (larger is better) or cost (smaller is better) for every
        indicator: one string for all, one entry per column, or for a
        DataFrame a ``{column: direction}`` mapping (columns not named are
        benefit). Default: all benefit.

    Returns
    -------
    numpy.ndarray or pandas.DataFrame
        Same shape as ``data``; a DataFrame keeps its index and columns.

    Raises
    ------
    ValueError
        For NaN / infinite values, an unknown column in ``directions``, fewer
        than 2 rows with ``"zscore"``, negative values with ``"sum"``.
    TypeError
        For non-numeric data or directions of the wrong kind.

    See Also
    --------
    custvalue.scoring.weights.entropy_weights : uses min-max normalisation.
    custvalue.scoring.index.topsis : uses vector normalisation by default.

    Notes
    -----
    With column minimum :math:`\min_j`, maximum :math:`\max_j`, mean
    :math:`\bar x_j` and sample standard deviation :math:`s_j`:

    - ``"minmax"``: benefit :math:`(x - \min_j) / (\max_j - \min_j)`,
      cost :math:`(\max_j - x) / (\max_j - \min_j)`;
    - ``"zscore"``: benefit :math:`(x - \bar x_j) / s_j`, cost the negative;
    - ``"vector"``: benefit :math:`x / \sqrt{\sum_i x_{ij}^2}`, cost one minus
      that;
    - ``"sum"``: benefit :math:`x / \sum_i x_{ij}`, cost
      :math:`(1/x) / \sum_i (1/x_{ij})`.

    Constant indicators carry no information and get a defined value instead
    of 0/0: 1 for ``"minmax"`` (so that the entropy method gives them weight
    0), 0 for ``"zscore"``; an all-zero column gets :math:`1/\sqrt m`
    (``"vector"``) or :math:`1/m` (``"sum"``), the limit of a constant column.

    Min-max results do not change when a column is multiplied by a positive
    constant or shifted; vector and sum results do not change under scaling.

    References
    ----------
    .. [1] Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision
       Making: Methods and Applications*. Springer, pp. 128-134.

    Examples
    --------
    >>> from custvalue.scoring.normalize import normalize
    >>> normalize([[10, 5], [20, 3], [30, 1]], directions=["benefit", "cost"])
    array([[0. , 0. ],
           [0.5, 0.5],
           [1. , 1. ]])
    """
    how = check_option(method, "method", _METHODS)
    x = as_float_array(data, "data", ndim=(1, 2))
    one_d = x.ndim == 1
    if one_d:
        x = x[:, None]
    columns = _columns(data, x.shape[1])
    cost = resolve_directions(directions, x.shape[1], columns)
    out = normalize_array(x, how, cost)
    if is_dataframe(data):
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(out, index=data.index, columns=data.columns)
        return frame
    if one_d:
        from custvalue._validate import like_input

        return like_input(out[:, 0], data)
    return out
