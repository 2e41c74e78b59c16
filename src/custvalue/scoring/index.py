"""Customer value indices (客户价值评价指数): weighted sums of normalised indicators, TOPSIS.

:func:`value_index` scores every customer as the sum of weight x normalised
indicator, with weights from AHP judgments (a :class:`~custvalue.scoring.ahp.Hierarchy`),
from the entropy method, or given. :func:`topsis` ranks by closeness to the
ideal solution. Ready-made indicator systems from the customer-value
literature are available as hierarchy skeletons (:func:`retail_hierarchy`,
:func:`bank_hierarchy`, :func:`organisational_hierarchy`,
:func:`distributor_hierarchy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from custvalue._results import ResultMixin
from custvalue._validate import FloatArray, check_missing, check_option, is_dataframe
from custvalue.scoring import _hierarchies
from custvalue.scoring.ahp import Hierarchy
from custvalue.scoring.normalize import (
    IndicatorMissing,
    NormalizeMethod,
    apply_missing,
    indicator_matrix,
    normalize_array,
    resolve_directions,
)
from custvalue.scoring.weights import weight_vector

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "TopsisResult",
    "ValueIndex",
    "bank_hierarchy",
    "distributor_hierarchy",
    "organisational_hierarchy",
    "retail_hierarchy",
    "topsis",
    "value_index",
]

_NORMALIZE: tuple[NormalizeMethod, ...] = ("minmax", "zscore", "vector", "sum")


# ---------------------------------------------------------------------------
# ready-made hierarchies
# ---------------------------------------------------------------------------


def retail_hierarchy(**options: Any) -> Hierarchy:
    """Retail customer value (零售客户价值): current, potential and relationship value.

    A skeleton :class:`~custvalue.scoring.ahp.Hierarchy` whose leaves are the
    indicators ``purchase_amount``, ``purchase_frequency``, ``gross_profit``
    (current value, 当前价值); ``income_level``, ``purchase_growth``,
    ``cross_buying`` (potential value, 潜在价值); ``tenure``, ``satisfaction``,
    ``referrals`` and the cost indicator ``churn_propensity`` (relationship
    value, 关系价值). Add judgments with ``with_judgments`` or weights with
    ``with_weights``. ``options`` go to the root (``method``,
    ``random_index``, ``threshold``).

    Examples
    --------
    >>> from custvalue.scoring.index import retail_hierarchy
    >>> h = retail_hierarchy()
    >>> [c.name for c in h.children]
    ['current_value', 'potential_value', 'relationship_value']
    >>> len(h.leaves)
    10
    """
    return Hierarchy.from_tree(_hierarchies.RETAIL, **options)


def bank_hierarchy(**options: Any) -> Hierarchy:
    """Bank customer value (银行客户价值) skeleton.

    Criteria: income contribution (收入贡献), transaction activity (交易活跃度),
    satisfaction (满意度, with the cost indicator ``complaints``), asset size
    (资产规模), potential and development (潜力与发展).

    Examples
    --------
    >>> from custvalue.scoring.index import bank_hierarchy
    >>> [c.name for c in bank_hierarchy().children]  # doctest: +NORMALIZE_WHITESPACE
    ['income_contribution', 'transaction_activity', 'satisfaction', 'asset_size',
     'potential_development']
    """
    return Hierarchy.from_tree(_hierarchies.BANK, **options)


def organisational_hierarchy(**options: Any) -> Hierarchy:
    """Organisational (B2B) customer value (组织客户价值) skeleton.

    Criteria: direct value (直接价值: revenue, profit, payment punctuality,
    order growth) and indirect or network value (间接价值: reference,
    knowledge, network influence, innovation cooperation).

    Examples
    --------
    >>> from custvalue.scoring.index import organisational_hierarchy
    >>> organisational_hierarchy().leaves[:2]
    ('sales_revenue', 'gross_profit')
    """
    return Hierarchy.from_tree(_hierarchies.ORGANISATIONAL, **options)


def distributor_hierarchy(**options: Any) -> Hierarchy:
    """Distributor value (经销商价值) skeleton: current value and potential value.

    As in the garment-maker case, the resulting scores are then tiered with
    the customer pyramid. ``return_rate`` is a cost indicator.

    Examples
    --------
    >>> from custvalue.scoring.index import distributor_hierarchy
    >>> distributor_hierarchy().directions.count("cost")
    1
    """
    return Hierarchy.from_tree(_hierarchies.DISTRIBUTOR, **options)


# ---------------------------------------------------------------------------
# value index
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class ValueIndex(ResultMixin):
    """Composite customer value index.

    Attributes
    ----------
    score : numpy.ndarray or pandas.Series
        Composite score per customer (a Series with the input's index for a
        DataFrame). With min-max normalisation it lies in [0, 1].
    contributions : numpy.ndarray or pandas.DataFrame
        Each criterion's part of the score (one column per criterion; they
        add up to ``score``). With a hierarchy, the criteria are the root's
        children (e.g. current, potential, relationship value); otherwise the
        indicators themselves.
    criteria : tuple of str
        Names of the contribution columns.
    weights : numpy.ndarray
        Global weight of each indicator used (sums to 1).
    indicators : tuple of str
        Indicator names, in ``weights`` order.
    directions : tuple of str
        ``"benefit"`` / ``"cost"`` per indicator.
    normalize : str
        Normalisation method.
    """

    score: Any
    contributions: Any
    criteria: tuple[str, ...]
    weights: FloatArray
    indicators: tuple[str, ...]
    directions: tuple[str, ...]
    normalize: str

    def to_frame(self) -> pd.DataFrame:
        """One row per customer: ``score`` then one column per criterion."""
        import pandas as pd

        if is_dataframe(self.contributions):
            frame: pd.DataFrame = self.contributions.copy()
            frame.insert(0, "score", self.score)
            return frame
        frame = pd.DataFrame(self.contributions, columns=list(self.criteria))
        frame.insert(0, "score", self.score)
        return frame

    def by_segment(self, segments: object) -> pd.DataFrame:
        """Value index by segment: one row per segment (its first appearance order).

        Parameters
        ----------
        segments : array_like or pandas Series
            Segment of each customer (any hashable labels: tiers, regions,
            RFM segments). A Series is paired with the scores by label when
            the scores carry an index.

        Returns
        -------
        pandas.DataFrame
            Columns ``segment``, ``customers``, ``mean_score``,
            ``score_share`` (the segment's part of the summed score), then
            the mean contribution of each criterion (they add up to
            ``mean_score``).

        Raises
        ------
        ValueError
            If ``segments`` has the wrong length, other labels than the
            scores, or missing values.

        Examples
        --------
        >>> from custvalue.scoring.index import value_index
        >>> vi = value_index([[100, 2], [300, 8], [200, 5], [250, 2]], [0.6, 0.4])
        >>> print(vi.by_segment(["new", "loyal", "loyal", "new"]).to_string())
          segment  customers  mean_score  score_share     x1   x2
        0     new          2       0.225     0.230769  0.225  0.0
        1   loyal          2       0.750     0.769231  0.450  0.3
        """
        import pandas as pd

        from custvalue._validate import align_by_label

        (_, seg), _ = align_by_label(score=self.score, segments=segments)
        labels = seg.to_numpy() if hasattr(seg, "to_numpy") else np.asarray(seg)
        if labels.ndim != 1 or labels.shape[0] != np.shape(self.score)[0]:
            raise ValueError(
                f"segments must have one label per customer ({np.shape(self.score)[0]}); "
                f"got shape {labels.shape}"
            )
        codes, uniques = pd.factorize(labels, use_na_sentinel=True)
        if (codes < 0).any():
            i = int(np.argmax(codes < 0))
            raise ValueError(f"segments must not contain missing labels; got one at index {i}")
        counts = np.bincount(codes, minlength=len(uniques))
        score = np.asarray(self.score, dtype=np.float64)
        totals = np.bincount(codes, weights=score, minlength=len(uniques))
        grand = float(score.sum())
        data: dict[str, Any] = {
            "segment": list(uniques),
            "customers": counts.astype(np.int64),
            "mean_score": totals / counts,
            "score_share": totals / grand if grand != 0 else np.full(len(uniques), np.nan),
        }
        contrib = np.asarray(self.contributions, dtype=np.float64)
        for c, name in enumerate(self.criteria):
            data[name] = np.bincount(codes, weights=contrib[:, c], minlength=len(uniques)) / counts
        frame: pd.DataFrame = pd.DataFrame(data)
        return frame

    def weights_frame(self) -> pd.DataFrame:
        """One row per indicator: indicator, direction, weight."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            {
                "indicator": list(self.indicators),
                "direction": list(self.directions),
                "weight": self.weights,
            }
        )
        return frame


def _select_columns(data: object, names: tuple[str, ...], policy: str = "raise") -> FloatArray:
    if is_dataframe(data):
        columns = [str(c) for c in data.columns]
        lacking = [n for n in names if n not in columns]
        if lacking:
            raise ValueError(f"data lacks the indicator columns {lacking}; it has {columns}")
        order = [columns.index(n) for n in names]
        return indicator_matrix(data.iloc[:, order], policy)
    x = indicator_matrix(data, policy)
    if x.shape[1] != len(names):
        raise ValueError(
            f"data must have one column per indicator ({len(names)}: {list(names)}); "
            f"got {x.shape[1]}"
        )
    return x


def value_index(
    data: object,
    weights_or_hierarchy: object,
    *,
    directions: object = None,
    normalize: NormalizeMethod = "minmax",
    missing: IndicatorMissing = "raise",
) -> ValueIndex:
    r"""Composite customer value index: sum of weight x normalised indicator.

    Parameters
    ----------
    data : array_like of shape (m, k) or pandas DataFrame
        Indicator values, one row per customer. With a hierarchy and a
        DataFrame, the columns named by the hierarchy's leaves are used (in
        any order; other columns are ignored); with an array, the columns
        are the leaves in hierarchy order.
    weights_or_hierarchy : Hierarchy, array_like, Series, mapping or weight result
        A :class:`~custvalue.scoring.ahp.Hierarchy` with judgments (global
        leaf weights are used and contributions are reported per top-level
        criterion), or indicator weights: an array of length k, a Series or
        ``{column: weight}`` mapping (matched to DataFrame columns by name), an
        :class:`~custvalue.scoring.ahp.AHPResult` or
        :class:`~custvalue.scoring.weights.EntropyWeights`. Rescaled to sum to 1.
    directions : None, "benefit", "cost", sequence or mapping
        Indicator directions; by default those stored in the hierarchy's
        leaves, or all benefit.
    normalize : {"minmax", "zscore", "vector", "sum"}
        Normalisation, see :func:`custvalue.scoring.normalize.normalize`.
    missing : {"raise", "listwise", "mean"}, default "raise"
        NaN in ``data``: refuse it, leave out the customers (rows) with any
        (a DataFrame's index then lists the customers scored), or replace
        each by its indicator's mean.

    Returns
    -------
    ValueIndex
        ``score``, ``contributions``, ``weights`` and labels.

    Raises
    ------
    ValueError
        If a hierarchy node lacks judgments, data and weights disagree in
        size or names, or data contain NaN / infinity.

    See Also
    --------
    custvalue.scoring.ahp.Hierarchy : AHP weights down a criteria tree.
    custvalue.scoring.weights.entropy_weights : objective weights.
    topsis : ranking by closeness to the ideal customer.
    custvalue.pyramid.assign_tiers : tier the scores (platinum, gold, iron, lead).

    Notes
    -----
    With global indicator weights :math:`W_j` (the product of local AHP
    weights along the path from the goal to indicator j) and normalised
    indicators :math:`y_{ij}`,

    .. math:: V_i = \sum_j W_j \, y_{ij}, \qquad
              C_{ic} = \sum_{j \in c} W_j \, y_{ij},

    where :math:`C_{ic}` is the contribution of criterion c (the indicators
    under it). This is the customer score of the AHP evaluation papers
    (综合评价值).

    References
    ----------
    .. [1] Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    >>> from custvalue.scoring.index import value_index
    >>> vi = value_index([[100, 2], [300, 8], [200, 5]], [0.6, 0.4])
    >>> vi.score
    array([0. , 1. , 0.5])
    >>> vi.contributions
    array([[0. , 0. ],
           [0.6, 0.4],
           [0.3, 0.2]])
    """
    how = check_option(normalize, "normalize", _NORMALIZE)
    policy = check_missing(missing, allowed=("raise", "listwise", "mean"))
    frame_in = is_dataframe(data)
    if isinstance(weights_or_hierarchy, Hierarchy):
        h = weights_or_hierarchy
        gw = h.global_weights
        names = h.leaves
        w = np.array([gw[n] for n in names])
        w = w / w.sum()
        dirs: object = h.directions if directions is None else directions
        groups = [c.name for c in h.children] if h.children else [h.name]
        member = np.zeros((len(names), len(groups)))
        for g, child in enumerate(h.children or (h,)):
            for leaf in child.leaves:
                member[names.index(leaf), g] = 1.0
        x = _select_columns(data, names, policy)
    else:
        w, labels = weight_vector(weights_or_hierarchy, "weights")
        dirs = directions
        if frame_in:
            columns = tuple(str(c) for c in data.columns)  # type: ignore[attr-defined]
            if labels is None:
                if len(columns) != w.shape[0]:
                    raise ValueError(
                        f"weights must have one entry per column ({len(columns)}); got {w.shape[0]}"
                    )
                names = columns
            else:
                names = labels
        else:
            names = labels if labels is not None else tuple(f"x{j + 1}" for j in range(w.shape[0]))
        x = _select_columns(data, names, policy) if frame_in else indicator_matrix(data, policy)
        if x.shape[1] != w.shape[0]:
            raise ValueError(
                "data, weights have inconsistent numbers of indicators: "
                f"[{x.shape[1]}, {w.shape[0]}]"
            )
        groups = list(names)
        member = None
    x, keep = apply_missing(x, policy)
    cost = resolve_directions(dirs, len(names), list(names))
    y = normalize_array(x, how, cost)
    if member is None:
        y *= w
        contributions = y
    else:
        contributions = y @ (w[:, None] * member)
    score = contributions.sum(axis=1)
    if frame_in:
        import pandas as pd

        index = data.index if keep is None else data.index[keep]  # type: ignore[attr-defined]
        score = pd.Series(score, index=index, name="score")
        contributions = pd.DataFrame(contributions, index=index, columns=groups)
    return ValueIndex(
        score=score,
        contributions=contributions,
        criteria=tuple(groups),
        weights=w,
        indicators=tuple(names),
        directions=tuple("cost" if c else "benefit" for c in cost),
        normalize=how,
    )


# ---------------------------------------------------------------------------
# TOPSIS
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class TopsisResult(ResultMixin):
    """Closeness of each alternative to the ideal solution.

    Attributes
    ----------
    closeness : numpy.ndarray or pandas.Series
        Relative closeness :math:`C_i` in [0, 1] (1 = the ideal).
    rank : numpy.ndarray or pandas.Series
        1 = closest to the ideal (ties share the best rank).
    distance_to_ideal, distance_to_anti_ideal : numpy.ndarray
        Euclidean distances :math:`D_i^+`, :math:`D_i^-`.
    ideal, anti_ideal : numpy.ndarray
        Positive and negative ideal solutions (weighted normalised values).
    weights : numpy.ndarray
        Weights used (sum to 1).
    normalize : str
        Normalisation method.
    """

    closeness: Any
    rank: Any
    distance_to_ideal: FloatArray
    distance_to_anti_ideal: FloatArray
    ideal: FloatArray
    anti_ideal: FloatArray
    weights: FloatArray
    normalize: str

    def to_frame(self) -> pd.DataFrame:
        """One row per alternative: closeness, rank, distance_to_ideal, distance_to_anti_ideal."""
        import pandas as pd

        index = getattr(self.closeness, "index", None)
        frame: pd.DataFrame = pd.DataFrame(
            {
                "closeness": np.asarray(self.closeness),
                "rank": np.asarray(self.rank),
                "distance_to_ideal": self.distance_to_ideal,
                "distance_to_anti_ideal": self.distance_to_anti_ideal,
            },
            index=index,
        )
        return frame


def topsis(
    data: object,
    weights: object,
    *,
    directions: object = None,
    normalize: NormalizeMethod = "vector",
    missing: IndicatorMissing = "raise",
) -> TopsisResult:
    r"""TOPSIS: rank alternatives by closeness to the ideal solution (逼近理想解排序法).

    Parameters
    ----------
    data : array_like of shape (m, k) or pandas DataFrame
        Decision matrix, one row per alternative (customer).
    weights : array_like, Series, mapping or weight result
        Indicator weights (rescaled to sum to 1); a Series / mapping is
        matched to DataFrame columns by name.
    directions : None, "benefit", "cost", sequence or mapping
        Indicator directions.
    normalize : {"vector", "minmax", "zscore", "sum"}
        Normalisation of the decision matrix. Hwang & Yoon's TOPSIS uses
        vector normalisation (the default). The normalisation is applied
        without reversing cost indicators; directions act through the
        choice of the ideal (max for benefit, min for cost). The choice of
        normalisation can change the ranking.
    missing : {"raise", "listwise", "mean"}, default "raise"
        NaN in ``data``: refuse it, leave out the alternatives (rows) with
        any, or replace each by its indicator's mean.

    Returns
    -------
    TopsisResult

    Raises
    ------
    ValueError
        For mismatched sizes, NaN / infinite values, or fewer than 2
        alternatives.

    Notes
    -----
    With normalised values :math:`r_{ij}` and weighted values
    :math:`v_{ij} = w_j r_{ij}`,

    .. math::

        v_j^+ = \max_i v_{ij} \ (\text{benefit}),\ \min_i v_{ij} \ (\text{cost}), \qquad
        v_j^- = \text{the opposite},

        D_i^\pm = \sqrt{\textstyle\sum_j (v_{ij} - v_j^\pm)^2}, \qquad
        C_i = \frac{D_i^-}{D_i^+ + D_i^-}.

    When every alternative is identical (:math:`D^+ = D^- = 0`) the
    closeness is defined as 0.5 for all.

    References
    ----------
    .. [1] Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision
       Making: Methods and Applications*. Springer.

    Examples
    --------
    >>> from custvalue.scoring.index import topsis
    >>> result = topsis([[250, 16], [200, 16], [300, 32]], [0.5, 0.5],
    ...                 directions=["cost", "benefit"])
    >>> result.closeness.round(4), result.rank
    (array([0.2119, 0.3583, 0.6417]), array([3, 2, 1]))
    """
    how = check_option(normalize, "normalize", _NORMALIZE)
    policy = check_missing(missing, allowed=("raise", "listwise", "mean"))
    w, labels = weight_vector(weights, "weights")
    frame_in = is_dataframe(data)
    if frame_in:
        columns = tuple(str(c) for c in data.columns)  # type: ignore[attr-defined]
        names = labels if labels is not None else columns
        x = (
            _select_columns(data, names, policy)
            if labels is not None
            else indicator_matrix(data, policy)
        )
    else:
        x = indicator_matrix(data, policy)
        names = labels if labels is not None else tuple(f"x{j + 1}" for j in range(x.shape[1]))
    x, keep = apply_missing(x, policy)
    if x.shape[1] != w.shape[0]:
        raise ValueError(
            f"data, weights have inconsistent numbers of indicators: [{x.shape[1]}, {w.shape[0]}]"
        )
    if x.shape[0] < 2:
        raise ValueError(f"data must have at least 2 alternatives (rows); got {x.shape[0]}")
    cost = resolve_directions(directions, len(names), list(names))
    r = normalize_array(x, how, np.zeros(len(names), dtype=bool))
    v = r * w
    high, low = v.max(axis=0), v.min(axis=0)
    ideal = np.where(cost, low, high)
    anti = np.where(cost, high, low)
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    total = d_plus + d_minus
    closeness = np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 0.5)
    key = np.round(closeness, 12)
    # 1 + number of alternatives strictly closer to the ideal (ties share a rank)
    rank = (key.size - np.searchsorted(np.sort(key), key, side="right") + 1).astype(np.int64)
    if frame_in:
        import pandas as pd

        index = data.index if keep is None else data.index[keep]  # type: ignore[attr-defined]
        closeness_out: Any = pd.Series(closeness, index=index, name="closeness")
        rank_out: Any = pd.Series(rank, index=index, name="rank")
    else:
        closeness_out, rank_out = closeness, rank
    return TopsisResult(
        closeness=closeness_out,
        rank=rank_out,
        distance_to_ideal=d_plus,
        distance_to_anti_ideal=d_minus,
        ideal=ideal,
        anti_ideal=anti,
        weights=w,
        normalize=how,
    )
