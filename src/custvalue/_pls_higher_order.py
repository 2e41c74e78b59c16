"""Higher-order constructs: repeated indicators and the two-stage approaches.

Public through :mod:`custvalue.pls` (:func:`higher_order`, :class:`HigherOrderResult`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import attrs

from custvalue._results import ResultMixin
from custvalue._validate import check_option

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping, Sequence

    import numpy as np
    import pandas as pd

    from custvalue.pls import BootstrapResult, Interval

HOCMethod = Literal["repeated_indicators", "disjoint_two_stage", "embedded_two_stage"]
_HOC_METHODS: tuple[HOCMethod, ...] = (
    "repeated_indicators",
    "disjoint_two_stage",
    "embedded_two_stage",
)


@attrs.frozen(eq=False, repr=False)
class HigherOrderResult(ResultMixin):
    """A PLS path model with higher-order constructs.

    Attributes
    ----------
    method : {"repeated_indicators", "disjoint_two_stage", "embedded_two_stage"}
        The approach.
    higher_order : mapping of str to tuple of str
        Each higher-order construct and its dimensions (lower-order
        constructs).
    model : PathModel
        The model estimated last (with repeated indicators, or the second
        stage with the dimensions' scores as indicators).
    data : pandas.DataFrame
        Its data.
    result : PLSResult
        Its estimate.
    first_stage : PLSResult or None
        The first-stage estimate of the two-stage approaches.
    """

    method: HOCMethod
    higher_order: Mapping[str, tuple[str, ...]]
    model: Any
    data: Any
    result: Any
    first_stage: Any

    def __repr__(self) -> str:
        hoc = ", ".join(f"{k}[{', '.join(v)}]" for k, v in self.higher_order.items())
        return f"HigherOrderResult(method={self.method!r}, higher_order: {hoc})"

    def bootstrap(
        self,
        *,
        n_resamples: int = 5000,
        rng: int | np.random.Generator | np.random.SeedSequence | None = None,
        workers: int = 1,
        interval: Interval = "percentile",
    ) -> BootstrapResult:
        """Bootstrap the final model, running every stage in every resample.

        Each resample of the respondents repeats the whole procedure of
        :func:`higher_order` with the options of the original estimate: in
        the two-stage approaches the first stage is estimated on the
        resample and its dimension scores become the second stage's
        indicators, so the standard errors include the first stage's
        sampling variation.

        Parameters
        ----------
        n_resamples, rng, workers, interval
            As :func:`custvalue.pls.bootstrap`.

        Returns
        -------
        BootstrapResult
            For the final model (``self.model``); its ``result`` is
            ``self.result``.
        """
        import pandas as pd

        from custvalue import pls as _pls  # pls re-exports this module: import late

        hoc = {name: list(dims) for name, dims in self.higher_order.items()}
        source = self.model if self.first_stage is None else self.first_stage.model
        blocks = {c: list(source.constructs[c]) for c in source.names if c not in hoc}
        links = {(h, d) for h, dims in hoc.items() for d in dims}
        links |= {(d, h) for h, d in links}
        path_list: list[Any] = [p for p in self.model.paths if p not in links]
        mode_of = {c: m for c, m in source.modes.items() if c in blocks}
        mode_of.update({h: self.model.modes[h] for h in hoc})
        items = [item for block in blocks.values() for item in block]
        if self.first_stage is None:
            raw = self.data[items]
        else:
            first = self.first_stage
            raw = pd.DataFrame(
                first.data_values, index=list(first.row_labels), columns=list(source.indicators)
            )[items]
        options = _pls._estimate_kwargs(self.result.options)
        method = self.method

        def build(frame: pd.DataFrame) -> pd.DataFrame:
            out: pd.DataFrame = _fit(frame, blocks, path_list, hoc, mode_of, method, options).data
            return out

        return _pls._bootstrap_rebuilt(
            self.result,
            raw,
            build,
            n_resamples=n_resamples,
            rng=rng,
            workers=workers,
            interval=interval,
        )

    def to_frame(self) -> pd.DataFrame:
        """The structural paths of the final model (see :attr:`PLSResult.paths`)."""
        out: pd.DataFrame = self.result.paths
        return out

    def summary(self) -> str:
        """The final model's text report."""
        head = f"Higher-order constructs by the {self.method.replace('_', ' ')} approach"
        return head + "\n" + str(self.result.summary())


def higher_order(
    data: pd.DataFrame,
    *,
    constructs: Mapping[str, Sequence[str]],
    paths: Sequence[tuple[str, str]],
    higher_order: Mapping[str, Sequence[str]],
    modes: Mapping[str, str] | None = None,
    method: HOCMethod = "disjoint_two_stage",
    **estimate_options: Any,
) -> HigherOrderResult:
    r"""Estimate a model with higher-order constructs (高阶构念).

    Parameters
    ----------
    data : pandas.DataFrame
        The survey data.
    constructs : mapping of str to list of str
        Indicator columns of the first-order constructs, the dimensions
        included.
    paths : list of (str, str)
        The structural model among the first-order constructs that are not
        dimensions and the higher-order constructs; the dimensions take part
        through ``higher_order`` only.
    higher_order : mapping of str to list of str
        Each higher-order construct and its dimensions.
    modes : mapping of str to {"A", "B"}, optional
        Modes of the constructs; for a higher-order construct ``"A"``
        (reflective-reflective, the default) or ``"B"`` (reflective-formative).
    method : {"repeated_indicators", "disjoint_two_stage", "embedded_two_stage"}
        ``"repeated_indicators"``: the higher-order construct is measured by
        all items of its dimensions (copies named ``"hoc:item"``) and relates
        to its dimensions by paths (higher-order -> dimension for mode A,
        dimension -> higher-order for mode B). ``"disjoint_two_stage"``: a
        first stage links the dimensions directly to the higher-order
        construct's neighbours; ``"embedded_two_stage"``: the first stage is
        the repeated-indicators model. In both two-stage approaches the
        dimensions' first-stage scores are the higher-order construct's
        indicators in the second stage.
    **estimate_options
        Options of :func:`estimate` (every stage).

    Returns
    -------
    HigherOrderResult

    Raises
    ------
    ValueError
        A dimension that is unknown, shared by two higher-order constructs,
        or named in ``paths``; a higher-order construct with fewer than two
        dimensions or named like a first-order one.

    Notes
    -----
    With mode B, the repeated-indicators approach explains the
    higher-order construct fully by its dimensions (R² = 1), so paths into
    it vanish; use a two-stage approach when the higher-order construct has
    antecedents (Becker, Cheah, Gholamzade, Ringle and Sarstedt 2023).

    References
    ----------
    .. [1] Becker, J.-M., Klein, K. and Wetzels, M. (2012). Hierarchical latent
       variable models in PLS-SEM: guidelines for using reflective-formative
       type models. *Long Range Planning*, 45(5-6), 359-394.
    .. [2] Sarstedt, M., Hair, J. F., Cheah, J.-H., Becker, J.-M. and Ringle,
       C. M. (2019). How to specify, estimate, and validate higher-order
       constructs in PLS-SEM. *Australasian Marketing Journal*, 27(3),
       197-211.
    .. [3] Becker, J.-M., Cheah, J.-H., Gholamzade, R., Ringle, C. M. and
       Sarstedt, M. (2023). PLS-SEM's most wanted guidance. *International
       Journal of Contemporary Hospitality Management*, 35(1), 321-346.

    Examples
    --------
    >>> from custvalue.datasets import simulate_survey
    >>> from custvalue.pls import PathModel, higher_order
    >>> first = PathModel(
    ...     {"tangibles": ["t1", "t2"], "empathy": ["e1", "e2"], "loyalty": ["l1", "l2"]},
    ...     [("tangibles", "loyalty"), ("empathy", "loyalty")],
    ... )
    >>> data = simulate_survey(first, n=300, paths=0.4, loadings=0.8, rng=1).data
    >>> result = higher_order(
    ...     data,
    ...     constructs={"tangibles": ["t1", "t2"], "empathy": ["e1", "e2"],
    ...                 "loyalty": ["l1", "l2"]},
    ...     paths=[("service", "loyalty")],
    ...     higher_order={"service": ["tangibles", "empathy"]},
    ... )
    >>> result.model.constructs["service"]
    ('tangibles', 'empathy')
    """
    from custvalue._validate import is_dataframe

    if not is_dataframe(data):
        raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    how = check_option(method, "method", _HOC_METHODS)
    blocks = {str(k): list(v) for k, v in dict(constructs).items()}
    hoc = {str(k): list(v) for k, v in dict(higher_order).items()}
    mode_of = dict(modes or {})
    owner: dict[str, str] = {}
    for name, dims in hoc.items():
        if name in blocks:
            raise ValueError(
                f"higher-order construct {name!r} is also a first-order construct; rename it"
            )
        if len(dims) < 2:
            raise ValueError(f"higher_order[{name!r}] must list at least two dimensions")
        for d in dims:
            if d not in blocks:
                raise ValueError(f"dimension {d!r} of {name!r} is not in constructs")
            if d in owner:
                raise ValueError(f"dimension {d!r} belongs to both {owner[d]!r} and {name!r}")
            owner[d] = name
    path_list: list[Any] = [tuple(p) for p in paths]
    for p in path_list:
        for end in p:
            if end in owner:
                raise ValueError(
                    f"paths names dimension {end!r}; a dimension relates to the model "
                    f"through its higher-order construct {owner[end]!r} only"
                )

    return _fit(data, blocks, path_list, hoc, mode_of, how, estimate_options)


def _fit(
    data: pd.DataFrame,
    blocks: dict[str, list[str]],
    path_list: list[Any],
    hoc: dict[str, list[str]],
    mode_of: dict[str, str],
    how: HOCMethod,
    estimate_options: Mapping[str, Any],
) -> HigherOrderResult:
    """Estimate a checked higher-order specification (all stages)."""
    import pandas as pd

    from custvalue import pls as _pls  # pls re-exports this module: import late

    owner = {d: name for name, dims in hoc.items() for d in dims}

    def model_of(bl: dict[str, list[str]], pa: list[Any]) -> Any:
        return _pls.PathModel(bl, pa, modes={c: m for c, m in mode_of.items() if c in bl})

    def repeated() -> tuple[Any, Any]:
        bl = dict(blocks)
        extra = {}
        pa: list[Any] = list(path_list)
        for name, dims in hoc.items():
            items = []
            for d in dims:
                for item in blocks[d]:
                    copy_name = f"{name}:{item}"
                    extra[copy_name] = data[item]
                    items.append(copy_name)
            bl[name] = items
            if mode_of.get(name, "A") == "A":
                pa += [(name, d) for d in dims]
            else:
                pa += [(d, name) for d in dims]
        frame = pd.concat([data, pd.DataFrame(extra, index=data.index)], axis=1)
        return model_of(bl, pa), frame

    def disjoint() -> Any:
        pa: list[Any] = []
        for s, t in path_list:
            sources = hoc.get(s, [s])
            targets = hoc.get(t, [t])
            pa += [(a, b) for a in sources for b in targets]
        return model_of(dict(blocks), pa)

    if how == "repeated_indicators":
        model, frame = repeated()
        return HigherOrderResult(
            method=how,
            higher_order={k: tuple(v) for k, v in hoc.items()},
            model=model,
            data=frame,
            result=_pls.estimate(model, frame, **estimate_options),
            first_stage=None,
        )
    if how == "disjoint_two_stage":
        stage_model, stage_data = disjoint(), data
    else:
        stage_model, stage_data = repeated()
    first = _pls.estimate(stage_model, stage_data, **estimate_options)
    scores = first.scores
    bl2 = {c: items for c, items in blocks.items() if c not in owner}
    extra = {}
    for name, dims in hoc.items():
        for d in dims:
            if d in data.columns:
                raise ValueError(f"data has a column named like dimension {d!r}; rename it")
            extra[d] = scores[d].to_numpy()
        bl2[name] = list(dims)
    frame2 = pd.concat(
        [data.loc[list(first.row_labels or [])], pd.DataFrame(extra, index=scores.index)], axis=1
    )
    model2 = model_of(bl2, list(path_list))
    return HigherOrderResult(
        method=how,
        higher_order={k: tuple(v) for k, v in hoc.items()},
        model=model2,
        data=frame2,
        result=_pls.estimate(model2, frame2, **estimate_options),
        first_stage=first,
    )
