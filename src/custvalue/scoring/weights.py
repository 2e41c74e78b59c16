"""Objective indicator weights (entropy method) and their combination with AHP weights."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np

from custvalue._results import ResultMixin
from custvalue._validate import (
    FloatArray,
    as_float_array,
    as_scalar,
    check_missing,
    check_option,
    is_dataframe,
    is_series,
)
from custvalue.scoring.normalize import (
    IndicatorMissing,
    apply_missing,
    indicator_matrix,
    normalize_array,
    resolve_directions,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["EntropyWeights", "combine_weights", "entropy_weights"]


@attrs.frozen(eq=False, repr=False)
class EntropyWeights(ResultMixin):
    """Result of the entropy weight method (熵权法).

    Attributes
    ----------
    weights : numpy.ndarray
        Weight of each indicator, summing to 1.
    entropy : numpy.ndarray
        Information entropy :math:`e_j` of each indicator, in [0, 1].
    divergence : numpy.ndarray
        Degree of divergence :math:`d_j = 1 - e_j` (差异系数).
    labels : tuple of str or None
        Column names of a DataFrame input.
    shares : str
        ``"rescaled"`` or ``"raw"``: the variant used (see
        :func:`entropy_weights`).
    """

    weights: FloatArray
    entropy: FloatArray
    divergence: FloatArray
    labels: tuple[str, ...] | None
    shares: str = "rescaled"

    def to_frame(self) -> pd.DataFrame:
        """One row per indicator: indicator, entropy, divergence, weight."""
        import pandas as pd

        k = self.weights.shape[0]
        names = list(self.labels) if self.labels is not None else [f"x{j + 1}" for j in range(k)]
        frame: pd.DataFrame = pd.DataFrame(
            {
                "indicator": names,
                "entropy": self.entropy,
                "divergence": self.divergence,
                "weight": self.weights,
            }
        )
        return frame


EntropyShares = Literal["rescaled", "raw"]


def entropy_weights(
    data: object,
    *,
    directions: object = None,
    shares: EntropyShares = "rescaled",
    missing: IndicatorMissing = "raise",
) -> EntropyWeights:
    r"""Objective indicator weights by the entropy weight method (熵权法).

    Parameters
    ----------
    data : array_like of shape (m, k) or pandas DataFrame
        Indicator values, one row per customer (m >= 2), one column per
        indicator.
    directions : None, "benefit", "cost", sequence or mapping
        Direction of each indicator, as in
        :func:`custvalue.scoring.normalize.normalize` (``shares="rescaled"``
        only).
    shares : {"rescaled", "raw"}, default "rescaled"
        Which values the shares :math:`p_{ij}` are taken of, the two variants
        in the literature. ``"rescaled"``: of the min-max normalised values
        (cost indicators reversed), as in most Chinese evaluation papers;
        ``"raw"``: of the values as measured, as in Shannon-entropy weighting
        of positive data (Zeleny; Hwang & Yoon), which needs values >= 0 and
        benefit indicators.
    missing : {"raise", "listwise", "mean"}, default "raise"
        NaN in ``data``: refuse it, drop the customers (rows) with any, or
        replace each by its indicator's mean.

    Returns
    -------
    EntropyWeights
        ``weights``, ``entropy``, ``divergence``.

    Raises
    ------
    ValueError
        For fewer than 2 rows, NaN / infinite values, when every indicator
        is constant (no weights can be derived), or with ``shares="raw"``
        for negative values, a column summing to 0, or cost indicators.

    See Also
    --------
    combine_weights : blend with subjective (AHP) weights.

    Notes
    -----
    With ``shares="rescaled"``, as in Chinese evaluation papers: min-max
    normalise each indicator (cost indicators reversed) to :math:`y_{ij}`;
    with ``shares="raw"`` take :math:`y_{ij} = x_{ij}`. Then

    .. math::

        p_{ij} = \frac{y_{ij}}{\sum_i y_{ij}}, \qquad
        e_j = -\frac{1}{\ln m} \sum_{i=1}^m p_{ij} \ln p_{ij}, \qquad
        w_j = \frac{1 - e_j}{\sum_k (1 - e_k)},

    with :math:`0 \ln 0 = 0`. A constant indicator has :math:`e_j = 1` and
    weight 0 in both variants. The more unequal an indicator across
    customers, the lower its entropy and the larger its weight. The variants
    differ: min-max rescaling sends each indicator's smallest value to 0,
    which makes the shares more unequal (lower entropy) the more the
    indicator varies *relative to its range*, while raw shares measure
    variation relative to the level (an indicator ranging 100-110 is nearly
    flat as raw shares but fully spread once rescaled).

    References
    ----------
    .. [1] Shannon, C. E. (1948). A mathematical theory of communication.
       *Bell System Technical Journal*, 27(3), 379-423.
    .. [2] Zou, Z., Yun, Y., & Sun, J. (2006). Entropy method for
       determination of weight of evaluating indicators in fuzzy synthetic
       evaluation for water quality assessment. *Journal of Environmental
       Sciences*, 18(5), 1020-1023.
    .. [3] Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision
       Making: Methods and Applications*, pp. 52-54 (entropy weights of
       the normalised decision matrix). Springer.

    Examples
    --------
    >>> from custvalue.scoring.weights import entropy_weights
    >>> result = entropy_weights([[1, 10, 4], [2, 10, 3], [3, 10, 1]],
    ...                          directions=["benefit", "benefit", "cost"])
    >>> result.weights.round(4)
    array([0.4629, 0.    , 0.5371])

    Raw shares of an indicator that hardly varies relative to its level give
    it little weight; rescaled, it counts as much as any other:

    >>> data = [[100, 1], [105, 2], [110, 3]]
    >>> entropy_weights(data, shares="raw").weights.round(4)
    array([0.0086, 0.9914])
    >>> entropy_weights(data).weights.round(4)
    array([0.5, 0.5])
    """
    variant = check_option(shares, "shares", ("rescaled", "raw"))
    policy = check_missing(missing, allowed=("raise", "listwise", "mean"))
    x, _ = apply_missing(indicator_matrix(data, policy), policy)
    m, k = x.shape
    if m < 2:
        raise ValueError(f"data must have at least 2 rows (customers); got {m}")
    labels = tuple(str(c) for c in data.columns) if is_dataframe(data) else None
    cost = resolve_directions(directions, k, labels)
    flat = x.max(axis=0) == x.min(axis=0)
    if variant == "raw":
        if cost.any():
            j = int(np.argmax(cost))
            name = labels[j] if labels is not None else f"column {j}"
            raise ValueError(
                f"shares='raw' takes the values as measured, so it has no cost indicators; "
                f"got direction 'cost' for {name} (reverse it yourself or use "
                "shares='rescaled')"
            )
        bad = x < 0
        if bad.any():
            pos = tuple(int(v) for v in np.argwhere(bad)[0])
            raise ValueError(f"data must be >= 0 for shares='raw'; got {x[pos]:g} at index {pos}")
        col_max = x.max(axis=0)
        if not (col_max > 0).all():
            j = int(np.argmin(col_max > 0))
            raise ValueError(f"data: column {j} is all 0, so it has no shares (shares='raw')")
        y = x / col_max  # the same shares; the column sums cannot overflow
    else:
        y = normalize_array(x, "minmax", cost)
    p = y / y.sum(axis=0)
    plogp = np.zeros_like(p)
    pos = p > 0
    plogp[pos] = p[pos] * np.log(p[pos])
    entropy = np.clip(-plogp.sum(axis=0) / np.log(m), 0.0, 1.0)
    entropy[flat] = 1.0
    divergence = 1.0 - entropy
    total = divergence.sum()
    if total <= 1e-15:
        raise ValueError(
            "data: every indicator is constant, so the entropy method gives no weights"
        )
    return EntropyWeights(
        weights=divergence / total,
        entropy=entropy,
        divergence=divergence,
        labels=labels,
        shares=variant,
    )


def weight_vector(value: object, name: str) -> tuple[FloatArray, tuple[str, ...] | None]:
    """Weights (rescaled to sum to 1) and labels from an array, Series, mapping or result."""
    labels: tuple[str, ...] | None = None
    if hasattr(value, "weights") and hasattr(value, "labels"):
        labels = value.labels
        stacked = np.asarray(value.weights)
        if stacked.ndim != 1:
            raise ValueError(
                f"{name} must be one weight vector; got a stack of shape {stacked.shape}"
            )
        value = stacked
    elif isinstance(value, dict):
        labels = tuple(str(key) for key in value)
        value = list(value.values())
    elif is_series(value):
        labels = tuple(str(key) for key in value.index)
    w = as_float_array(value, name, ndim=1)
    if (w < 0).any():
        i = int(np.argmax(w < 0))
        raise ValueError(f"{name} must be >= 0; got {w[i]:g} at index {i}")
    if w.sum() <= 0:
        raise ValueError(f"{name} must not all be 0")
    out: FloatArray = w / w.sum()
    return out, labels


def combine_weights(
    subjective: object,
    objective: object,
    *,
    method: Literal["product", "linear"] = "product",
    alpha: float = 0.5,
) -> Any:
    r"""Combine subjective (AHP) and objective (entropy) weights (组合赋权).

    Parameters
    ----------
    subjective, objective : array_like, Series, mapping or weight result
        Two weight vectors over the same indicators (an
        :class:`~custvalue.scoring.ahp.AHPResult` or :class:`EntropyWeights`
        is accepted); each is rescaled to sum to 1.
    method : {"product", "linear"}
        ``"product"``: multiplicative synthesis (乘法合成);
        ``"linear"``: weighted average (线性加权).
    alpha : float in [0, 1]
        Share of the subjective weights in the linear combination.

    Returns
    -------
    numpy.ndarray or pandas.Series
        Combined weights summing to 1 (a Series if either input was one).

    Raises
    ------
    ValueError
        For vectors of different lengths or labels, negative weights, alpha
        outside [0, 1], or products that are all zero.

    Notes
    -----
    .. math::

        w_j^{\text{product}} = \frac{s_j o_j}{\sum_k s_k o_k}, \qquad
        w_j^{\text{linear}} = \alpha s_j + (1 - \alpha) o_j .

    Examples
    --------
    >>> from custvalue.scoring.weights import combine_weights
    >>> combine_weights([0.5, 0.3, 0.2], [0.2, 0.3, 0.5])
    array([0.3448..., 0.3103..., 0.3448...])
    >>> combine_weights([0.5, 0.3, 0.2], [0.2, 0.3, 0.5], method="linear", alpha=0.8)
    array([0.44, 0.3 , 0.26])
    """
    how = check_option(method, "method", ("product", "linear"))
    a = as_scalar(alpha, "alpha", "[0, 1]")
    s, s_labels = weight_vector(subjective, "subjective")
    o, o_labels = weight_vector(objective, "objective")
    if s.shape != o.shape:
        raise ValueError(
            f"subjective, objective have inconsistent lengths: [{s.shape[0]}, {o.shape[0]}]"
        )
    labels = s_labels or o_labels
    if s_labels and o_labels and s_labels != o_labels:
        if set(s_labels) != set(o_labels):
            raise ValueError(
                f"subjective labels {list(s_labels)} differ from objective {list(o_labels)}"
            )
        o = o[[o_labels.index(x) for x in s_labels]]
    if how == "product":
        prod = s * o
        if prod.sum() <= 0:
            raise ValueError("subjective * objective is 0 for every indicator; use method='linear'")
        out = prod / prod.sum()
    else:
        out = a * s + (1.0 - a) * o
    if is_series(subjective) or is_series(objective):
        import pandas as pd

        return pd.Series(out, index=list(labels or ()), name="weight")
    return out
