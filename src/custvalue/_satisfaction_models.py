r"""Satisfaction index models (ACSI, SCSB, ECSI), the 0-100 index and IPMA.

Public through :mod:`custvalue.satisfaction`; estimated with :mod:`custvalue.pls`.
The survey simulator :func:`simulate_survey` is public through
:mod:`custvalue.datasets`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import attrs
import numpy as np

from custvalue._results import ConfidenceInterval, ResultMixin, frozen_array
from custvalue._validate import (
    FloatArray,
    align_by_label,
    as_count,
    as_rng,
    as_scalar,
    check_level,
    check_scale,
    is_series,
)
from custvalue.pls import PathModel, PLSResult

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt
    import pandas as pd

    from custvalue.loyalty import SegmentResults

__all__ = [
    "SatisfactionIndex",
    "SimulatedSurvey",
    "acsi_model",
    "ecsi_model",
    "ipma",
    "satisfaction_index",
    "scsb_model",
    "simulate_survey",
]


# ---------------------------------------------------------------------------
# model factories
# ---------------------------------------------------------------------------


def _build(
    kind: str,
    blocks: object,
    names: Sequence[str],
    paths: Sequence[tuple[str, str]],
) -> PathModel:
    if not isinstance(blocks, Mapping):
        raise TypeError(
            f"blocks must map the {kind} construct names to indicator columns; "
            f"got {type(blocks).__name__}"
        )
    missing = [c for c in names if c not in blocks]
    if missing:
        raise ValueError(
            f"blocks has no indicators for construct {missing[0]!r}; the {kind} model needs "
            + ", ".join(repr(c) for c in names)
        )
    extra = [c for c in blocks if c not in names]
    if extra:
        raise ValueError(
            f"blocks names construct {extra[0]!r}, which is not part of the {kind} model "
            "(constructs: " + ", ".join(repr(c) for c in names) + ")"
        )
    return PathModel({c: blocks[c] for c in names}, list(paths))


def acsi_model(blocks: Mapping[str, Sequence[str]]) -> PathModel:
    """The American Customer Satisfaction Index model (美国顾客满意指数模型, ACSI).

    Parameters
    ----------
    blocks : mapping of str to list of str
        Indicator columns of the constructs ``"expectations"``,
        ``"quality"``, ``"value"``, ``"satisfaction"``, ``"complaints"`` and
        ``"loyalty"``.

    Returns
    -------
    custvalue.pls.PathModel
        Every block reflective (mode A); change modes with
        ``model.with_modes(...)``.

    Raises
    ------
    ValueError
        A construct of the model without indicators, or a construct that is
        not part of it.

    See Also
    --------
    ecsi_model, scsb_model, custvalue.pls.estimate

    Notes
    -----
    Customer expectations, perceived quality and perceived value drive
    overall customer satisfaction (the ACSI), which drives customer
    complaints and loyalty; complaints affect loyalty:

    expectations -> quality, value, satisfaction; quality -> value,
    satisfaction; value -> satisfaction; satisfaction -> complaints,
    loyalty; complaints -> loyalty.

    References
    ----------
    .. [1] Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J. and Bryant,
       B. E. (1996). The American Customer Satisfaction Index: nature,
       purpose, and findings. *Journal of Marketing*, 60(4), 7-18.

    Examples
    --------
    >>> from custvalue.satisfaction import acsi_model
    >>> m = acsi_model({
    ...     "expectations": ["e1", "e2"], "quality": ["q1", "q2"], "value": ["v1", "v2"],
    ...     "satisfaction": ["s1", "s2"], "complaints": ["c1"], "loyalty": ["l1", "l2"],
    ... })
    >>> m.predecessors("satisfaction")
    ('expectations', 'quality', 'value')
    """
    names = ("expectations", "quality", "value", "satisfaction", "complaints", "loyalty")
    paths = [
        ("expectations", "quality"),
        ("expectations", "value"),
        ("expectations", "satisfaction"),
        ("quality", "value"),
        ("quality", "satisfaction"),
        ("value", "satisfaction"),
        ("satisfaction", "complaints"),
        ("satisfaction", "loyalty"),
        ("complaints", "loyalty"),
    ]
    return _build("ACSI", blocks, names, paths)


def scsb_model(blocks: Mapping[str, Sequence[str]]) -> PathModel:
    """The Swedish Customer Satisfaction Barometer model (瑞典顾客满意度模型, SCSB).

    Parameters
    ----------
    blocks : mapping of str to list of str
        Indicator columns of ``"expectations"``, ``"performance"`` (perceived
        performance, i.e. value), ``"satisfaction"``, ``"complaints"``
        (customer voice) and ``"loyalty"``.

    Returns
    -------
    custvalue.pls.PathModel
        Every block reflective (mode A).

    Raises
    ------
    ValueError
        A construct of the model without indicators, or an unknown one.

    See Also
    --------
    acsi_model, ecsi_model

    Notes
    -----
    Paths of Fornell (1992): expectations -> performance, satisfaction;
    performance -> satisfaction; satisfaction -> complaints (voice),
    loyalty; complaints -> loyalty.

    References
    ----------
    .. [1] Fornell, C. (1992). A national customer satisfaction barometer:
       the Swedish experience. *Journal of Marketing*, 56(1), 6-21.

    Examples
    --------
    >>> from custvalue.satisfaction import scsb_model
    >>> m = scsb_model({
    ...     "expectations": ["e1", "e2"], "performance": ["p1", "p2"],
    ...     "satisfaction": ["s1", "s2"], "complaints": ["c1"], "loyalty": ["l1"],
    ... })
    >>> m.endogenous
    ('performance', 'satisfaction', 'complaints', 'loyalty')
    """
    names = ("expectations", "performance", "satisfaction", "complaints", "loyalty")
    paths = [
        ("expectations", "performance"),
        ("expectations", "satisfaction"),
        ("performance", "satisfaction"),
        ("satisfaction", "complaints"),
        ("satisfaction", "loyalty"),
        ("complaints", "loyalty"),
    ]
    return _build("SCSB", blocks, names, paths)


def ecsi_model(blocks: Mapping[str, Sequence[str]], *, complaints: bool = False) -> PathModel:
    """The European Customer Satisfaction Index model (欧洲顾客满意度指数模型, ECSI).

    Parameters
    ----------
    blocks : mapping of str to list of str
        Indicator columns of ``"image"``, ``"expectations"``, ``"quality"``,
        ``"value"``, ``"satisfaction"`` and ``"loyalty"`` (and
        ``"complaints"`` when ``complaints=True``).
    complaints : bool
        Include the complaints construct (satisfaction -> complaints ->
        loyalty).

    Returns
    -------
    custvalue.pls.PathModel
        Every block reflective (mode A).

    Raises
    ------
    ValueError
        A construct of the model without indicators, or an unknown one.

    See Also
    --------
    acsi_model, scsb_model, custvalue.pls.estimate

    Notes
    -----
    Image -> expectations, satisfaction, loyalty; expectations -> quality,
    value, satisfaction; quality -> value, satisfaction; value ->
    satisfaction; satisfaction -> loyalty (and, optionally, satisfaction ->
    complaints -> loyalty). This is the model of the ECSI survey data
    distributed with R plspm (Sanchez 2013, ch. 5).

    References
    ----------
    .. [1] Eklöf, J. A. and Westlund, A. H. (2002). The pan-European
       customer satisfaction index programme: current work and the way
       ahead. *Total Quality Management*, 13(8), 1099-1106.
    .. [2] Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M. and Lauro, C.
       (2005). PLS path modeling. *Computational Statistics & Data
       Analysis*, 48(1), 159-205.

    Examples
    --------
    >>> from custvalue.satisfaction import ecsi_model
    >>> blocks = {c: [f"{c[:3]}{k}" for k in (1, 2, 3)] for c in
    ...           ["image", "expectations", "quality", "value", "satisfaction", "loyalty"]}
    >>> m = ecsi_model(blocks)
    >>> m.predecessors("loyalty")
    ('image', 'satisfaction')
    """
    names: tuple[str, ...] = ("image", "expectations", "quality", "value", "satisfaction")
    paths = [
        ("image", "expectations"),
        ("image", "satisfaction"),
        ("image", "loyalty"),
        ("expectations", "quality"),
        ("expectations", "value"),
        ("expectations", "satisfaction"),
        ("quality", "value"),
        ("quality", "satisfaction"),
        ("value", "satisfaction"),
        ("satisfaction", "loyalty"),
    ]
    if complaints:
        names = (*names, "complaints", "loyalty")
        paths += [("satisfaction", "complaints"), ("complaints", "loyalty")]
    else:
        names = (*names, "loyalty")
    return _build("ECSI", blocks, names, paths)


# ---------------------------------------------------------------------------
# the 0-100 index
# ---------------------------------------------------------------------------


def _check_result(result: object) -> PLSResult:
    if not isinstance(result, PLSResult):
        raise TypeError(
            f"result must be a PLSResult from custvalue.pls.estimate; got {type(result).__name__}"
        )
    return result


def _rows(result: PLSResult, what: str) -> FloatArray:
    if result.data_values is None:
        raise ValueError(
            f"{what} needs the respondents' item scores, but the model was estimated from "
            "Moments; estimate(model, data) with the data itself"
        )
    return result.data_values


def _rescaled_weights(result: PLSResult, construct: str) -> tuple[slice, FloatArray]:
    names = result.model.names
    if construct not in names:
        raise ValueError(
            f"construct {construct!r} is not in the model; constructs: "
            + ", ".join(repr(c) for c in names)
        )
    j = names.index(construct)
    start = sum(len(result.model.constructs[c]) for c in names[:j])
    sl = slice(start, start + len(result.model.constructs[construct]))
    raw = result.weight_values[sl] / result.indicator_scales[sl]
    negative = np.flatnonzero(raw <= 0)
    if negative.size:
        item = result.model.constructs[construct][int(negative[0])]
        raise ValueError(
            f"the outer weight of indicator {item!r} of {construct!r} is "
            f"{raw[int(negative[0])]:.4g}; the 0-100 index needs positive weights "
            "(drop or recode the indicator)"
        )
    return sl, raw / raw.sum()


def _checked_scale(result: PLSResult, sl: slice, scale: object) -> tuple[float, float]:
    low, high = check_scale(scale)
    x = _rows(result, "an index on the item scale")[:, sl]
    outside = (x < low) | (x > high)
    if outside.any():
        row, col = np.argwhere(outside)[0]
        item = result.model.indicators[sl][int(col)]
        raise ValueError(
            f"indicator {item!r} has the value {x[row, col]:g} outside scale "
            f"({low:g}, {high:g}); pass the survey's item scale, e.g. scale=(0, 10)"
        )
    return low, high


@attrs.frozen(eq=False, repr=False)
class SatisfactionIndex(ResultMixin):
    """A customer satisfaction index on 0-100.

    Attributes
    ----------
    value : float
        The index: 100 * (weighted item mean - scale minimum) / scale range.
    construct : str
        The construct indexed.
    indicators : tuple of str
        Its indicators.
    weights : numpy.ndarray
        Unstandardised outer weights rescaled to sum to 1.
    respondent_values : numpy.ndarray
        The index per respondent (0-100).
    scale : (float, float)
        The item scale.
    """

    value: float
    construct: str
    indicators: tuple[str, ...]
    weights: FloatArray
    respondent_values: FloatArray
    scale: tuple[float, float]

    @property
    def score(self) -> float:
        """The index (``value``), under the name the segment tables use."""
        return self.value

    @property
    def n(self) -> int:
        """Respondents behind the index."""
        return int(self.respondent_values.shape[0])

    @property
    def std_error(self) -> float:
        """Standard error of the index, given the weights.

        The index is the mean of the respondents' indices, so its standard
        error is their sample standard deviation over the square root of
        ``n`` (NaN for one respondent). The weights are taken as fixed;
        :func:`custvalue.pls.bootstrap` also carries their uncertainty.
        """
        if self.n < 2:
            return float("nan")
        return float(np.std(self.respondent_values, ddof=1) / np.sqrt(self.n))

    @property
    def method(self) -> str:
        """How the interval is computed: ``"t"`` (Student t, weights fixed)."""
        return "t"

    def confidence_interval(self, *, level: float = 0.95) -> ConfidenceInterval:
        """Student-t interval of the index, given the weights, clipped to [0, 100].

        ``value -+ t_{n-1} * std_error``; NaN limits for one respondent.
        """
        from scipy import stats

        lev = check_level(level)
        if self.n < 2:
            return ConfidenceInterval(float("nan"), float("nan"), lev)
        half = float(stats.t.ppf(0.5 + lev / 2.0, self.n - 1)) * self.std_error
        return ConfidenceInterval(max(self.value - half, 0.0), min(self.value + half, 100.0), lev)

    def _row(self) -> dict[str, Any]:
        """One table row for a segment: index, standard error, 95% interval, n."""
        ci = self.confidence_interval()
        return {
            "score": self.value,
            "std_error": self.std_error,
            "low": ci.low,
            "high": ci.high,
            "n": self.n,
        }

    def to_frame(self) -> pd.DataFrame:
        """The weights: indicator, weight."""
        import pandas as pd

        out: pd.DataFrame = pd.DataFrame(
            {"indicator": list(self.indicators), "weight": self.weights}
        )
        return out


@overload
def satisfaction_index(
    result: PLSResult,
    *,
    construct: str = ...,
    scale: tuple[float, float] = ...,
    by: None = ...,
) -> SatisfactionIndex: ...


@overload
def satisfaction_index(
    result: PLSResult,
    *,
    construct: str = ...,
    scale: tuple[float, float] = ...,
    by: npt.ArrayLike | pd.Series[Any],
) -> SegmentResults: ...


def satisfaction_index(
    result: PLSResult,
    *,
    construct: str = "satisfaction",
    scale: tuple[float, float] = (1, 10),
    by: npt.ArrayLike | pd.Series[Any] | None = None,
) -> SatisfactionIndex | SegmentResults:
    r"""The ACSI-style customer satisfaction index on 0-100 (顾客满意度指数).

    Parameters
    ----------
    result : custvalue.pls.PLSResult
        An estimated model.
    construct : str
        The construct to index (``"satisfaction"`` by default).
    scale : (float, float)
        Lowest and highest possible item score, e.g. ``(1, 10)`` for the
        ACSI's ten-point items or ``(0, 10)``.
    by : array_like or pandas.Series, optional
        A segment per respondent (the rows of the estimated data; a Series
        is paired with them by label). Each segment's index uses the whole
        sample's weights, as index studies report segments on one
        measurement model.

    Returns
    -------
    SatisfactionIndex or custvalue.loyalty.SegmentResults
        The index, the rescaled weights and the per-respondent index; with
        ``by``, one index per segment (``to_frame()``: score, standard
        error, 95% interval and n per segment; ``pairwise()``: the
        differences between segments with Holm-adjusted p values).

    Raises
    ------
    ValueError
        An unknown construct, a non-positive outer weight, or item values
        outside ``scale``.
    TypeError
        ``result`` is not a :class:`~custvalue.pls.PLSResult`.

    See Also
    --------
    ipma : importance-performance map of the index's drivers.

    Notes
    -----
    With unstandardised outer weights :math:`w_i` of the construct's items
    rescaled to :math:`\tilde w_i = w_i / \sum_k w_k`, the index is

    .. math::

        \mathrm{ACSI} = 100 \, \frac{\sum_i \tilde w_i \bar x_i - \min}{\max - \min} ,

    where min and max are the ends of the item scale (Fornell et al. 1996).
    The index is the mean of the respondents' indices; its interval
    (:meth:`SatisfactionIndex.confidence_interval`) is the Student-t
    interval of that mean, given the weights.

    References
    ----------
    .. [1] Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J. and Bryant,
       B. E. (1996). The American Customer Satisfaction Index: nature,
       purpose, and findings. *Journal of Marketing*, 60(4), 7-18.

    Examples
    --------
    >>> from custvalue.datasets import simulate_survey
    >>> from custvalue.pls import PathModel, estimate
    >>> from custvalue.satisfaction import satisfaction_index
    >>> model = PathModel(
    ...     {"quality": ["q1", "q2", "q3"], "satisfaction": ["s1", "s2", "s3"]},
    ...     [("quality", "satisfaction")],
    ... )
    >>> survey = simulate_survey(model, n=300, paths={("quality", "satisfaction"): 0.6},
    ...                          loadings=0.85, rng=2)
    >>> fit = estimate(model, survey.data)
    >>> index = satisfaction_index(fit, scale=(1, 10))
    >>> round(index.value, 1)
    57.4
    >>> region = ["north", "south"] * 150
    >>> satisfaction_index(fit, by=region).to_frame()[["score", "n"]].round(1)
            score    n
    segment
    north    ...  150
    south    ...  150
    """
    res = _check_result(result)
    if not isinstance(construct, str):
        raise TypeError(f"construct must be a construct name (str); got {construct!r}")
    sl, w = _rescaled_weights(res, construct)
    low, high = _checked_scale(res, sl, scale)
    x = _rows(res, "satisfaction_index")[:, sl]
    per = 100.0 * (x @ w - low) / (high - low)

    def index_of(rows: Any) -> SatisfactionIndex:
        part = x[rows]
        return SatisfactionIndex(
            value=100.0 * (float(w @ part.mean(axis=0)) - low) / (high - low),
            construct=construct,
            indicators=res.model.constructs[construct],
            weights=frozen_array(w),
            respondent_values=frozen_array(per[rows]),
            scale=(low, high),
        )

    if by is None:
        return index_of(slice(None))
    from custvalue.loyalty import SegmentResults, _segment_codes

    if is_series(by):
        import pandas as pd

        if res.row_labels is None:  # pragma: no cover - estimates from data keep labels
            raise ValueError("by as a Series needs the estimate's row labels")
        (_, by), _ = align_by_label(respondents=pd.Index(res.row_labels), by=by)
    segments, codes, name = _segment_codes(by, x.shape[0], "respondents")
    results = {seg: index_of(codes == k) for k, seg in enumerate(segments)}
    return SegmentResults(segments=segments, results=results, by=name, level=0.95)


def ipma(
    result: PLSResult,
    *,
    target: str,
    scale: tuple[float, float] = (1, 10),
) -> pd.DataFrame:
    r"""Importance-performance map analysis (重要性-绩效分析, IPMA).

    Parameters
    ----------
    result : custvalue.pls.PLSResult
        An estimated model.
    target : str
        The construct whose drivers are mapped (e.g. ``"satisfaction"`` or
        ``"loyalty"``).
    scale : (float, float)
        Lowest and highest possible item score.

    Returns
    -------
    pandas.DataFrame
        One row per construct with a total effect on ``target``: columns
        ``construct``, ``importance`` (unstandardised total effect) and
        ``performance`` (mean construct score on 0-100).

    Raises
    ------
    ValueError
        An unknown or exogenous target, non-positive outer weights, or item
        values outside ``scale``.

    See Also
    --------
    satisfaction_index, custvalue.plotting.ipma_plot

    Notes
    -----
    Items are rescaled to :math:`100 (x - \min)/(\max - \min)`; each
    construct score is the rescaled items weighted by its unstandardised
    outer weights normalised to sum to 1, so it lies on 0-100. Its mean is
    the performance. Importance is the total effect on the target of the
    structural model re-expressed for these scores,
    :math:`T^{u}_{it} = T_{it} \, s_t / s_i` with :math:`s` the standard
    deviations of the rescaled scores: one more point of performance of
    construct i moves the target by :math:`T^u_{it}` points.

    References
    ----------
    .. [1] Ringle, C. M. and Sarstedt, M. (2016). Gain more insight from your
       PLS-SEM results: the importance-performance map analysis. *Industrial
       Management & Data Systems*, 116(9), 1865-1886.

    Examples
    --------
    >>> from custvalue.datasets import simulate_survey
    >>> from custvalue.pls import PathModel, estimate
    >>> from custvalue.satisfaction import ipma
    >>> model = PathModel(
    ...     {"quality": ["q1", "q2"], "value": ["v1", "v2"], "satisfaction": ["s1", "s2"]},
    ...     [("quality", "value"), ("quality", "satisfaction"), ("value", "satisfaction")],
    ... )
    >>> paths = {("quality", "value"): 0.5, ("quality", "satisfaction"): 0.4,
    ...          ("value", "satisfaction"): 0.3}
    >>> survey = simulate_survey(model, n=500, paths=paths, loadings=0.85, rng=4)
    >>> ipma(estimate(model, survey.data), target="satisfaction").round(2)
      construct  importance  performance
    0   quality        0.43        59.62
    1     value        0.29        59.07
    """
    import pandas as pd

    res = _check_result(result)
    names = res.model.names
    if target not in names:
        raise ValueError(
            f"target {target!r} is not in the model; constructs: "
            + ", ".join(repr(c) for c in names)
        )
    t = names.index(target)
    drivers = [i for i in range(len(names)) if _reaches(res, i, t)]
    if not drivers:
        raise ValueError(f"target {target!r} is exogenous: no construct has an effect on it")
    low, high = check_scale(scale)
    scores = {}
    for j in [*drivers, t]:
        sl, w = _rescaled_weights(res, names[j])
        _checked_scale(res, sl, (low, high))
        scores[j] = 100.0 * (_rows(res, "ipma")[:, sl] - low) / (high - low) @ w
    sd_t = float(scores[t].std())
    table: pd.DataFrame = pd.DataFrame(
        {
            "construct": [names[i] for i in drivers],
            "importance": [res.total_values[i, t] * sd_t / float(scores[i].std()) for i in drivers],
            "performance": [float(scores[i].mean()) for i in drivers],
        }
    )
    return table


def _reaches(result: PLSResult, source: int, target: int) -> bool:
    adj = result.model.adjacency() > 0
    frontier = {source}
    seen: set[int] = set()
    while frontier:
        node = frontier.pop()
        for nxt in np.flatnonzero(adj[node]):
            k = int(nxt)
            if k == target:
                return True
            if k not in seen:
                seen.add(k)
                frontier.add(k)
    return False


# ---------------------------------------------------------------------------
# survey simulator
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class SimulatedSurvey(ResultMixin):
    """A survey simulated from a known path model.

    Attributes
    ----------
    data : pandas.DataFrame
        The indicators, one column per item (Likert scores, or continuous
        values when ``scale=None``).
    latent : pandas.DataFrame
        The true construct values (standardised).
    model : custvalue.pls.PathModel
        The model simulated.
    paths : dict
        True path coefficients ``{(from, to): value}`` (standardised).
    loadings : dict
        True loading of every indicator.
    scale : (int, int) or None
        The Likert scale of the items.
    """

    data: pd.DataFrame
    latent: pd.DataFrame
    model: PathModel
    paths: Mapping[tuple[str, str], float]
    loadings: Mapping[str, float]
    scale: tuple[int, int] | None


def _topological(model: PathModel) -> list[int]:
    names = model.names
    adj = model.adjacency()
    indeg = adj.sum(axis=0)
    order: list[int] = []
    ready = [j for j in range(len(names)) if indeg[j] == 0]
    while ready:
        j = ready.pop(0)
        order.append(j)
        for k in np.flatnonzero(adj[j]):
            indeg[k] -= 1
            if indeg[k] == 0:
                ready.append(int(k))
    return order


def _path_values(model: PathModel, paths: object) -> dict[tuple[str, str], float]:
    if isinstance(paths, (int, float, np.number)) and not isinstance(paths, bool):
        value = as_scalar(paths, "paths", "(-1, 1)")
        return dict.fromkeys(model.paths, value)
    if not isinstance(paths, Mapping):
        raise TypeError(
            f"paths must be a number or a mapping {{(from, to): coefficient}}; got {paths!r}"
        )
    out = {}
    for key in paths:
        pair = tuple(key) if isinstance(key, Iterable) and not isinstance(key, str) else key
        if pair not in model.paths:
            raise ValueError(f"paths names {key!r}, which is not a path of the model")
    for pair in model.paths:
        if pair not in paths:
            raise ValueError(f"paths has no coefficient for the model path {pair!r}")
        out[pair] = as_scalar(paths[pair], f"paths[{pair!r}]", "(-1, 1)")
    return out


def _loading_values(model: PathModel, loadings: object) -> dict[str, float]:
    items = model.indicators
    if isinstance(loadings, (int, float, np.number)) and not isinstance(loadings, bool):
        value = as_scalar(loadings, "loadings", "(0, 1)")
        return dict.fromkeys(items, value)
    if not isinstance(loadings, Mapping):
        raise TypeError(
            "loadings must be a number or a mapping of construct or indicator to loading; "
            f"got {loadings!r}"
        )
    out: dict[str, float] = {}
    for key, value in loadings.items():
        if key in model.constructs:
            for item in model.constructs[key]:
                out.setdefault(item, as_scalar(value, f"loadings[{key!r}]", "(0, 1)"))
        elif key in items:
            out[key] = as_scalar(value, f"loadings[{key!r}]", "(0, 1)")
        else:
            raise ValueError(f"loadings names {key!r}, neither a construct nor an indicator")
    # indicator-level entries win over construct-level ones
    for key, value in loadings.items():
        if key in items:
            out[key] = as_scalar(value, f"loadings[{key!r}]", "(0, 1)")
    absent = [i for i in items if i not in out]
    if absent:
        raise ValueError(f"loadings has no value for indicator {absent[0]!r}")
    return out


def simulate_survey(
    model: PathModel,
    *,
    n: int,
    paths: Mapping[tuple[str, str], float] | float,
    loadings: Mapping[str, float] | float,
    rng: int | np.random.Generator | None,
    scale: tuple[int, int] | None = (1, 10),
) -> SimulatedSurvey:
    r"""Simulate survey answers from a known path model (for recovery checks).

    Parameters
    ----------
    model : custvalue.pls.PathModel
        The structural and measurement model.
    n : int
        Respondents.
    paths : mapping of (str, str) to float, or float
        Standardised path coefficient of every path of the model (a number
        sets them all).
    loadings : mapping or float
        Loading in (0, 1) of every indicator: one number for all, or a
        mapping by construct and/or by indicator.
    rng : int or numpy.random.Generator
        Seed or generator.
    scale : (int, int) or None
        Likert scale of the items (default 1-10, as the ACSI); ``None``
        returns the continuous indicators.

    Returns
    -------
    SimulatedSurvey
        Data, true latent values and the true parameters.

    Raises
    ------
    ValueError
        A path without a coefficient (or a coefficient for a path not in the
        model), coefficients that explain more than all the variance of a
        construct, loadings outside (0, 1), or an invalid ``n``/``scale``.

    Notes
    -----
    Exogenous constructs are independent standard normal; each endogenous
    construct is :math:`\eta_j = \sum_i \beta_{ij} \eta_i + \zeta_j` with the
    disturbance variance chosen so that :math:`\operatorname{Var}\eta_j = 1`.
    Every indicator is reflective, :math:`x = \lambda \eta + \sqrt{1 -
    \lambda^2}\,\varepsilon`. On a Likert scale :math:`(a, b)` the answer is
    :math:`\operatorname{round}(a + 0.6 (b - a) + x (b - a) / 4)` clipped to
    the scale, a left-skewed distribution typical of satisfaction surveys.
    PLS estimates of a model generated this way are slightly attenuated
    (composites carry measurement error); the attenuation vanishes as the
    number of indicators grows ("consistency at large").

    Examples
    --------
    >>> from custvalue.datasets import simulate_survey
    >>> from custvalue.pls import PathModel
    >>> model = PathModel({"a": ["a1", "a2"], "b": ["b1", "b2"]}, [("a", "b")])
    >>> survey = simulate_survey(model, n=5, paths=0.5, loadings=0.8, rng=0)
    >>> survey.data.shape
    (5, 4)
    """
    import pandas as pd

    if not isinstance(model, PathModel):
        raise TypeError(f"model must be a PathModel; got {type(model).__name__}")
    size = as_count(n, "n", minimum=1)
    beta = _path_values(model, paths)
    lam = _loading_values(model, loadings)
    if scale is not None:
        low_f, high_f = check_scale(scale)
        if not (float(low_f).is_integer() and float(high_f).is_integer()):
            raise ValueError(f"scale must be whole numbers for a Likert scale; got {scale!r}")
        likert: tuple[int, int] | None = (int(low_f), int(high_f))
    else:
        likert = None
    gen = as_rng(rng)
    names = model.names
    index = {c: k for k, c in enumerate(names)}
    lvs = len(names)
    b = np.zeros((lvs, lvs))
    for (s, t), v in beta.items():
        b[index[s], index[t]] = v
    phi = np.zeros((lvs, lvs))
    eta = np.zeros((size, lvs))
    for j in _topological(model):
        preds = np.flatnonzero(b[:, j])
        if preds.size == 0:
            phi[j, j] = 1.0
            eta[:, j] = gen.standard_normal(size)
            continue
        bj = b[preds, j]
        explained = float(bj @ phi[np.ix_(preds, preds)] @ bj)
        if explained >= 1.0:
            raise ValueError(
                f"paths into {names[j]!r} explain {explained:.3g} of its unit variance; "
                "the coefficients must explain less than 1"
            )
        eta[:, j] = eta[:, preds] @ bj + np.sqrt(1.0 - explained) * gen.standard_normal(size)
        cov_j = phi[:, preds] @ bj
        phi[j, :] = cov_j
        phi[:, j] = cov_j
        phi[j, j] = 1.0
    columns = {}
    for c, block in model.constructs.items():
        for item in block:
            load = lam[item]
            x = load * eta[:, index[c]] + np.sqrt(1.0 - load**2) * gen.standard_normal(size)
            if likert is not None:
                lo, hi = likert
                width = hi - lo
                x = np.clip(np.round(lo + 0.6 * width + x * width / 4.0), lo, hi)
                columns[item] = x.astype(np.int64)
            else:
                columns[item] = x
    return SimulatedSurvey(
        data=pd.DataFrame(columns),
        latent=pd.DataFrame(eta, columns=list(names)),
        model=model,
        paths=beta,
        loadings=lam,
        scale=likert,
    )
