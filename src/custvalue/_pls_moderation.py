"""Moderation in PLS path models: two-stage and orthogonalising interaction terms.

Public through :mod:`custvalue.pls` (:func:`moderation`, :class:`ModerationResult`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np

from custvalue._results import ResultMixin
from custvalue._validate import check_option

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping, Sequence

    import pandas as pd

    from custvalue import pls as _pls
    from custvalue._validate import FloatArray
    from custvalue.pls import BootstrapResult, Interval

Method = Literal["two_stage", "orthogonal", "product_indicator"]
_METHODS: tuple[Method, ...] = ("two_stage", "orthogonal", "product_indicator")


@attrs.frozen(eq=False, repr=False)
class ModerationResult(ResultMixin):
    """A PLS path model with one interaction term.

    Attributes
    ----------
    predictor, moderator, target : str
        The constructs: the moderator changes the effect of the predictor on
        the target.
    interaction : str
        Name of the interaction construct, ``"predictor*moderator"``.
    method : {"two_stage", "orthogonal", "product_indicator"}
        How the interaction term was built.
    model : PathModel
        The model with the interaction construct and its path to the target.
    data : pandas.DataFrame
        The model's indicators with the interaction term's indicator(s).
    result : PLSResult
        The estimate of the model with the interaction.
    """

    predictor: str
    moderator: str
    target: str
    interaction: str
    method: Method
    model: Any
    data: Any
    result: Any

    def __repr__(self) -> str:
        return (
            f"ModerationResult({self.interaction} -> {self.target}, method={self.method!r}, "
            f"effect={self.effect:.4f})"
        )

    def _path(self, source: str) -> float:
        names = self.model.names
        return float(self.result.path_values[names.index(source), names.index(self.target)])

    @property
    def standardized_effect(self) -> float:
        """The path of the (unit-variance) interaction construct, as in ``result.paths``."""
        return self._path(self.interaction)

    @property
    def interaction_scale(self) -> float:
        r"""Standard deviation of the product term: the interaction construct's unit.

        The loading-weighted mean of the standard deviations of the
        interaction indicators as built (products of standardised scores or
        items, before PLS standardises them): :math:`\sum_h s_h |\lambda_h|
        / \sum_h |\lambda_h|` (Henseler and Chin 2010). For the two-stage
        term it is the standard deviation of the product of the two scores.
        """
        items = list(self.model.constructs[self.interaction])
        sd = np.asarray(self.data[items].std(ddof=1), dtype=float)
        names = self.model.names
        k = names.index(self.interaction)
        # the PLS loadings (indicator-composite correlations), also under PLSc
        cross = np.asarray(self.result.crossloading_values, dtype=float)
        lam = np.abs(cross[_block(self.model, k), k])
        return float(np.sum(sd * lam) / np.sum(lam))

    @property
    def effect(self) -> float:
        """The moderating effect: change of the predictor's effect per SD of the moderator.

        The interaction path divided by :attr:`interaction_scale`, i.e. the
        coefficient of the product of the standardised predictor and
        moderator (seminr reports this as the interaction's path).
        """
        return self.standardized_effect / self.interaction_scale

    def simple_slopes(self, levels: Sequence[float] = (-1.0, 0.0, 1.0)) -> pd.DataFrame:
        r"""Effect of the predictor on the target at moderator levels (in SDs).

        :math:`\beta_{x} + \beta_{x \times m}\, m` for each level :math:`m`
        of the standardised moderator (Aiken and West 1991); columns
        ``moderator_level`` and ``slope``.
        """
        import pandas as pd

        from custvalue._validate import as_float_array

        lv = as_float_array(levels, "levels", ndim=1)
        base = self._path(self.predictor)
        out: pd.DataFrame = pd.DataFrame({"moderator_level": lv, "slope": base + self.effect * lv})
        return out

    def main_effects_model(self) -> _pls.PathModel:
        """The model without the interaction construct (the first stage)."""
        from custvalue import pls as _pls  # pls re-exports this module: import late

        model = self.model
        keep = [c for c in model.names if c != self.interaction]
        return _pls.PathModel(
            {c: list(model.constructs[c]) for c in keep},
            [p for p in model.paths if self.interaction not in p],
            modes={c: m for c, m in model.modes.items() if c in keep},
        )

    def bootstrap(
        self,
        *,
        n_resamples: int = 5000,
        rng: int | np.random.Generator | np.random.SeedSequence | None = None,
        workers: int = 1,
        interval: Interval = "percentile",
    ) -> BootstrapResult:
        """Bootstrap the moderated model, building the interaction term in every resample.

        Each resample of the respondents runs the whole procedure of
        :func:`moderation` with the options of the original estimate: the
        main-effects model is estimated on the resample, the interaction
        term is built from its scores (two-stage) or its items
        (orthogonalising), and the model with the interaction is estimated.
        The standard errors therefore include the first stage's sampling
        variation, as re-estimating the full procedure does in seminr.

        Parameters
        ----------
        n_resamples, rng, workers, interval
            As :func:`custvalue.pls.bootstrap`.

        Returns
        -------
        BootstrapResult
            For the model with the interaction (``self.model``); its
            ``result`` is ``self.result``. The interaction's path, total and
            indirect effects are on the scale of :attr:`effect` (each
            resample divided by its own :attr:`interaction_scale`), so the
            path's estimate is :attr:`effect`.
        """
        from custvalue import pls as _pls  # pls re-exports this module: import late

        base = self.main_effects_model()
        options = _pls._estimate_kwargs(self.result.options)
        raw = self.data[list(base.indicators)]

        def build(frame: pd.DataFrame) -> pd.DataFrame:
            return _interaction_data(
                base,
                frame,
                predictor=self.predictor,
                moderator=self.moderator,
                how=self.method,
                options=options,
            )

        model = self.model
        kinds, sources, _, _ = _pls._labels(model, _pls._pairs(model, _pls._compile(model)))
        block = _block(model, model.names.index(self.interaction))
        effects = [
            j
            for j, (kind, source) in enumerate(zip(kinds, sources, strict=True))
            if source == self.interaction and kind in ("path", "total_effect", "indirect_effect")
        ]

        def rescale(cov: FloatArray, var: FloatArray, stats: FloatArray) -> FloatArray:
            # interaction_scale per resample: loadings from the block's covariance
            c = cov[:, block, block]
            w = stats[:, block]  # the weights come first, in indicator order
            cw = np.einsum("bij,bj->bi", c, w)
            size = np.sqrt(np.einsum("bi,bi->b", w, cw))
            lam = np.abs(cw / (np.sqrt(np.diagonal(c, axis1=1, axis2=2)) * size[:, None]))
            scale = (np.sqrt(var[:, block]) * lam).sum(axis=1) / lam.sum(axis=1)
            out: FloatArray = stats.copy()
            out[:, effects] /= scale[:, None]
            return out

        return _pls._bootstrap_rebuilt(
            self.result,
            raw,
            build,
            n_resamples=n_resamples,
            rng=rng,
            workers=workers,
            interval=interval,
            adjust=rescale,
        )

    def to_frame(self) -> pd.DataFrame:
        """The simple slopes at -1, 0 and +1 SD of the moderator."""
        return self.simple_slopes()

    def summary(self) -> str:
        """The paths into the target and the simple slopes as text."""
        paths = self.result.paths
        into = paths[paths["to"] == self.target][["from", "estimate"]]
        return "\n".join(
            [
                f"Moderation of {self.predictor} -> {self.target} by {self.moderator} "
                f"({self.method.replace('_', '-')} interaction term)",
                into.to_string(index=False, float_format=lambda v: f"{v:.4f}"),
                "",
                "Simple slopes",
                self.simple_slopes().to_string(index=False, float_format=lambda v: f"{v:.4f}"),
            ]
        )


def moderation(
    model: _pls.PathModel,
    data: pd.DataFrame,
    *,
    predictor: str,
    moderator: str,
    target: str,
    method: Method = "two_stage",
    **estimate_options: Any,
) -> ModerationResult:
    r"""Moderation (调节效应): add the interaction of two constructs and estimate it.

    Parameters
    ----------
    model : PathModel
        The main-effects model; it must have the paths predictor -> target
        and moderator -> target.
    data : pandas.DataFrame
        The survey data.
    predictor, moderator, target : str
        Construct names.
    method : {"two_stage", "orthogonal", "product_indicator"}
        ``"two_stage"``: the product of the predictor's and the moderator's
        scores from the main-effects model is the single indicator of the
        interaction construct (Henseler and Chin 2010; seminr's
        ``two_stage``). ``"orthogonal"``: every product of a predictor item
        and a moderator item (standardised) is regressed on all items of the
        two constructs and the residuals are the interaction construct's
        indicators (Little, Bovaird and Widaman 2006).
        ``"product_indicator"``: the products of the standardised items
        themselves are the indicators (the standardised product-indicator
        approach of Henseler and Chin 2010; seminr's ``product_indicator``).
    **estimate_options
        Options of :func:`estimate` (both stages).

    Returns
    -------
    ModerationResult
        The augmented model, its data and estimate, the interaction effect
        and the simple slopes.

    Raises
    ------
    ValueError
        Unknown constructs, a construct used twice, missing main-effect
        paths, or an interaction name that is already a construct.

    Notes
    -----
    The interaction construct is exogenous with a single path to the target.
    PLS gives it unit variance, but the product of two standardised
    variables does not have unit variance: its path
    (:attr:`ModerationResult.standardized_effect`) is per standard deviation
    of the product. The moderating effect :math:`\beta_{x\times m}`
    (:attr:`ModerationResult.effect`, the change of the predictor's
    standardised effect for a moderator one standard deviation higher) is
    that path divided by the product term's standard deviation, estimated
    by the loading-weighted mean of the standard deviations of its
    indicators as built (Henseler and Chin 2010; exact for the two-stage
    term; seminr reports the same rescaled path). The simple slope at
    moderator level :math:`m` is :math:`\beta_x + \beta_{x\times m}\, m`.

    With ``consistent=True`` PLSc corrects the model's mode A blocks and
    leaves the interaction term a composite (its :math:`\rho_A` taken as 1,
    as seminr does): the second stage runs with ``consistent=`` the list of
    the other mode A constructs. Pass such a list yourself to choose the
    common factors; name the interaction in it to disattenuate the term by
    its own :math:`\rho_A` (which for residualised products need not lie
    below 1).

    To bootstrap the interaction, use :meth:`ModerationResult.bootstrap`: it
    builds the interaction term anew in every resample. (Passing
    ``result.model`` and ``result.data`` to :func:`bootstrap` would hold the
    term's values fixed and understate the standard errors of a two-stage
    term.)

    References
    ----------
    .. [1] Henseler, J. and Chin, W. W. (2010). A comparison of approaches for
       the analysis of interaction effects between latent variables using
       partial least squares path modeling. *Structural Equation Modeling*,
       17(1), 82-109.
    .. [2] Little, T. D., Bovaird, J. A. and Widaman, K. F. (2006). On the
       merits of orthogonalizing powered and product terms. *Structural
       Equation Modeling*, 13(4), 497-519.
    .. [3] Aiken, L. S. and West, S. G. (1991). *Multiple regression: testing
       and interpreting interactions*. Sage.

    Examples
    --------
    >>> from custvalue.datasets import simulate_survey
    >>> from custvalue.pls import PathModel, moderation
    >>> model = PathModel(
    ...     {"quality": ["q1", "q2"], "price": ["p1", "p2"], "loyalty": ["l1", "l2"]},
    ...     [("quality", "loyalty"), ("price", "loyalty")],
    ... )
    >>> data = simulate_survey(model, n=300, paths=0.4, loadings=0.8, rng=1).data
    >>> result = moderation(model, data, predictor="quality", moderator="price",
    ...                     target="loyalty")
    >>> result.interaction, result.model.predecessors("loyalty")
    ('quality*price', ('quality', 'price', 'quality*price'))
    """

    from custvalue import pls as _pls  # pls re-exports this module: import late
    from custvalue._validate import is_dataframe

    if not isinstance(model, _pls.PathModel):
        raise TypeError(f"model must be a PathModel; got {type(model).__name__}")
    if not is_dataframe(data):
        raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    how = check_option(method, "method", _METHODS)
    names = model.names
    for arg, value in (("predictor", predictor), ("moderator", moderator), ("target", target)):
        if value not in names:
            raise ValueError(
                f"{arg} {value!r} is not a construct of the model; constructs: "
                + ", ".join(repr(c) for c in names)
            )
    if len({predictor, moderator, target}) < 3:
        raise ValueError("predictor, moderator and target must be three different constructs")
    for source in (predictor, moderator):
        if (source, target) not in model.paths:
            raise ValueError(
                f"the model needs the main-effect path {source!r} -> {target!r} "
                "before an interaction term is added"
            )
    name = f"{predictor}*{moderator}"
    if name in names:
        raise ValueError(f"the model already has a construct named {name!r}")
    augmented_data = _interaction_data(
        model, data, predictor=predictor, moderator=moderator, how=how, options=estimate_options
    )
    blocks = {c: list(model.constructs[c]) for c in names}
    blocks[name] = [c for c in augmented_data.columns if c not in model.indicators]
    augmented = _pls.PathModel(
        blocks, [*model.paths, (name, target)], modes={**dict(model.modes), name: "A"}
    )
    second = dict(estimate_options)
    if second.get("consistent") is True:
        # the interaction term is a composite: PLSc corrects the other blocks
        second["consistent"] = [c for c in names if model.modes[c] == "A"]
    result = _pls.estimate(augmented, augmented_data, **second)
    return ModerationResult(
        predictor=predictor,
        moderator=moderator,
        target=target,
        interaction=name,
        method=how,
        model=augmented,
        data=augmented_data,
        result=result,
    )


def _interaction_data(
    model: _pls.PathModel,
    data: pd.DataFrame,
    *,
    predictor: str,
    moderator: str,
    how: Method,
    options: Mapping[str, Any],
) -> pd.DataFrame:
    """The model's indicators (rows used) with the interaction term's indicator(s) appended."""
    import pandas as pd

    from custvalue import pls as _pls  # pls re-exports this module: import late

    name = f"{predictor}*{moderator}"
    base = _pls.estimate(model, data, **options)
    assert base.row_labels is not None
    items = pd.DataFrame(
        base.data_values, index=list(base.row_labels), columns=list(model.indicators)
    )
    columns: dict[str, Any]
    if how == "two_stage":
        scores = base.scores
        columns = {name: (scores[predictor] * scores[moderator]).to_numpy()}
    else:
        x_items = list(model.constructs[predictor])
        m_items = list(model.constructs[moderator])
        z = items[x_items + m_items]
        z = (z - z.mean()) / z.std(ddof=1)
        design = np.column_stack([np.ones(len(z)), z.to_numpy()])
        columns = {}
        for xi in x_items:
            for mi in m_items:
                product = (z[xi] * z[mi]).to_numpy()
                if how == "orthogonal":
                    product = product - design @ np.linalg.lstsq(design, product, rcond=None)[0]
                columns[f"{xi}*{mi}"] = product
    clash = [c for c in columns if c in items.columns]
    if clash:
        raise ValueError(f"the data already has a column named {clash[0]!r}")
    out: pd.DataFrame = pd.concat([items, pd.DataFrame(columns, index=items.index)], axis=1)
    return out


def _block(model: Any, k: int) -> slice:
    """Positions of construct ``k``'s indicators in the model's indicator order."""
    start = sum(len(model.constructs[c]) for c in model.names[:k])
    return slice(start, start + len(model.constructs[model.names[k]]))
