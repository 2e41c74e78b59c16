r"""Partial least squares path modeling (PLS-PM, 偏最小二乘路径模型).

A PLS path model links latent constructs (customer expectations, perceived
quality, satisfaction, loyalty, ...) by a recursive structural model and
measures each construct by a block of survey items. The estimator of Wold
(1982) and Lohmöller (1989) alternates an *inner* estimate of every construct
(a weighted sum of its neighbours in the structural model) with an *outer*
estimate (a weighted sum of its own indicators) until the outer weights are
stable; path coefficients are then ordinary least-squares regressions of the
construct scores.

- :class:`PathModel` is the frozen specification (blocks, paths, modes);
- :func:`estimate` fits it and returns a :class:`PLSResult` with the outer
  and inner model, effects, reliability and validity tables;
- :func:`bootstrap` resamples respondents and returns a
  :class:`BootstrapResult` with standard errors and percentile or BCa
  intervals.

Two option sets reproduce the reference tools: ``convention="plspm"`` (R
package plspm: centroid scheme, population variance, plspm's stopping rule)
and ``convention="seminr"`` (R package seminr, and SmartPLS' defaults: path
scheme, sample variance). Explicit keyword options override a convention.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
from scipy import special

from custvalue._results import ConfidenceInterval, FrozenDict, ResultMixin, frozen_array
from custvalue._validate import (
    FloatArray,
    as_count,
    as_float_array,
    as_scalar,
    check_missing,
    check_option,
    is_dataframe,
    missing_hint,
)
from custvalue.exceptions import ConvergenceError, ConvergenceWarning, DegenerateDataWarning

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "CONVENTIONS",
    "BootstrapResult",
    "EstimationOptions",
    "FitTest",
    "GroupComparison",
    "HigherOrderResult",
    "MGAResult",
    "ModerationResult",
    "Moments",
    "PLSResult",
    "PathModel",
    "PredictionResult",
    "bootstrap",
    "compare_groups",
    "estimate",
    "fit_test",
    "higher_order",
    "mga",
    "moderation",
    "moments",
    "predict",
]

Scheme = Literal["centroid", "factorial", "path"]
Variance = Literal["sample", "population"]
Criterion = Literal["absolute", "squared"]
Missing = Literal["raise", "listwise", "mean"]
Convention = Literal["plspm", "seminr"]
Mode = Literal["A", "B"]

_SCHEMES: tuple[Scheme, ...] = ("centroid", "factorial", "path")
_VARIANCES: tuple[Variance, ...] = ("sample", "population")
_CRITERIA: tuple[Criterion, ...] = ("absolute", "squared")
_MISSING: tuple[Missing, ...] = ("raise", "listwise", "mean")
_CONVENTIONS: tuple[Convention, ...] = ("plspm", "seminr")
_MODES: tuple[Mode, ...] = ("A", "B")

#: Option sets of the reference tools (see :func:`estimate`).
CONVENTIONS: Mapping[str, Mapping[str, Any]] = FrozenDict(
    {
        "plspm": FrozenDict(
            {
                "scheme": "centroid",
                "standardize": True,
                "variance": "population",
                "tol": 1e-6,
                "max_iter": 100,
                "criterion": "squared",
            }
        ),
        "seminr": FrozenDict(
            {
                "scheme": "path",
                "standardize": True,
                "variance": "sample",
                "tol": 1e-7,
                "max_iter": 300,
                "criterion": "absolute",
            }
        ),
    }
)


# ---------------------------------------------------------------------------
# model specification
# ---------------------------------------------------------------------------


def _freeze_blocks(value: object) -> Mapping[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise TypeError(
            "constructs must be a mapping of construct name to indicator columns; "
            f"got {type(value).__name__}"
        )
    out: dict[str, tuple[str, ...]] = {}
    for name, items in value.items():
        if not isinstance(name, str):
            raise TypeError(f"constructs keys must be construct names (str); got {name!r}")
        if isinstance(items, str):
            items = (items,)
        if not isinstance(items, Iterable):
            raise TypeError(
                f"constructs[{name!r}] must be a list of indicator columns; got {items!r}"
            )
        block = tuple(items)
        for item in block:
            if not isinstance(item, str):
                raise TypeError(
                    f"constructs[{name!r}] must list indicator column names (str); got {item!r}"
                )
        out[name] = block
    return FrozenDict(out)


def _freeze_paths(value: object) -> tuple[tuple[str, str], ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"paths must be a list of (from, to) pairs; got {value!r}")
    out = []
    for k, pair in enumerate(value):
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise TypeError(f"paths must be (from, to) pairs; got {pair!r} at index {k}")
        source, target = pair
        if not isinstance(source, str) or not isinstance(target, str):
            raise TypeError(f"paths must name constructs (str); got {pair!r} at index {k}")
        out.append((source, target))
    return tuple(out)


def _freeze_modes(value: object) -> Mapping[str, Mode]:
    if value is None:
        return FrozenDict({})
    if not isinstance(value, Mapping):
        raise TypeError(f"modes must be a mapping of construct name to 'A' or 'B'; got {value!r}")
    out: dict[str, Mode] = {}
    for name, mode in value.items():
        out[str(name)] = check_option(mode, f"modes[{name!r}]", _MODES)
    return FrozenDict(out)


@attrs.frozen(repr=False)
class PathModel:
    """A PLS path model: measurement blocks, structural paths and block modes.

    Parameters
    ----------
    constructs : mapping of str to list of str
        Each construct's indicator columns, e.g.
        ``{"satisfaction": ["sat1", "sat2", "sat3"]}``. The order of the
        mapping is the order of every result table.
    paths : list of (str, str)
        Structural paths ``(from, to)``; the structural model must be
        recursive (no cycles).
    modes : mapping of str to {"A", "B"}, optional
        Measurement mode per construct: ``"A"`` (reflective, the default) or
        ``"B"`` (formative). Constructs not named are mode A.

    Raises
    ------
    ValueError
        An empty block, an indicator in two blocks, a self-path, a repeated
        path, a path naming an unknown construct, a cycle, or a construct
        that takes part in no path.
    TypeError
        Arguments of the wrong kind.

    See Also
    --------
    estimate : fit the model to survey data.
    custvalue.satisfaction.ecsi_model : the ECSI model as a PathModel.

    Examples
    --------
    >>> from custvalue.pls import PathModel
    >>> m = PathModel(
    ...     {"quality": ["q1", "q2"], "satisfaction": ["s1", "s2"], "loyalty": ["l1"]},
    ...     [("quality", "satisfaction"), ("satisfaction", "loyalty")],
    ... )
    >>> m.endogenous
    ('satisfaction', 'loyalty')
    >>> m.with_modes(quality="B").modes["quality"]
    'B'
    """

    # a mapping proxy is not hashable: the hash uses the paths only, which is
    # consistent with equality (equal models have equal paths)
    constructs: Mapping[str, tuple[str, ...]] = attrs.field(converter=_freeze_blocks, hash=False)
    paths: tuple[tuple[str, str], ...] = attrs.field(converter=_freeze_paths)
    modes: Mapping[str, Mode] = attrs.field(
        default=None, converter=_freeze_modes, kw_only=True, hash=False
    )

    def __attrs_post_init__(self) -> None:
        if not self.constructs:
            raise ValueError("constructs must name at least one construct; got none")
        seen: dict[str, str] = {}
        for name, block in self.constructs.items():
            if not block:
                raise ValueError(f"constructs[{name!r}] must list at least one indicator; got []")
            for item in block:
                if item in seen:
                    where = "twice" if seen[item] == name else f"and in {seen[item]!r}"
                    raise ValueError(
                        f"indicator {item!r} appears in block {name!r} {where}; "
                        "each indicator belongs to exactly one block"
                    )
                seen[item] = name
        if not self.paths:
            raise ValueError("paths must list at least one structural path (from, to); got none")
        used: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        for k, (source, target) in enumerate(self.paths):
            for end in (source, target):
                if end not in self.constructs:
                    known = ", ".join(repr(c) for c in self.constructs)
                    raise ValueError(
                        f"paths[{k}] = {(source, target)!r} names unknown construct {end!r}; "
                        f"known constructs: {known}"
                    )
            if source == target:
                raise ValueError(f"paths[{k}] is a self-path {source!r} -> {target!r}")
            if (source, target) in pairs:
                raise ValueError(f"paths[{k}] repeats the path {source!r} -> {target!r}")
            pairs.add((source, target))
            used.update((source, target))
        if len(self.constructs) > 1:
            lonely = [c for c in self.constructs if c not in used]
            if lonely:
                raise ValueError(
                    f"construct {lonely[0]!r} takes part in no path; every construct must be "
                    "connected to the structural model"
                )
        cycle = _find_cycle(list(self.constructs), self.paths)
        if cycle:
            raise ValueError(
                "the structural model must be recursive; found the cycle " + " -> ".join(cycle)
            )
        full: dict[str, Mode] = {}
        for name, mode in self.modes.items():
            if name not in self.constructs:
                raise ValueError(f"modes names unknown construct {name!r}")
            full[name] = mode
        complete = {name: full.get(name, "A") for name in self.constructs}
        object.__setattr__(self, "modes", FrozenDict(complete))

    # -- derived views ----------------------------------------------------------

    @property
    def names(self) -> tuple[str, ...]:
        """Construct names in model order."""
        return tuple(self.constructs)

    @property
    def indicators(self) -> tuple[str, ...]:
        """All indicator columns, block after block."""
        return tuple(item for block in self.constructs.values() for item in block)

    @property
    def endogenous(self) -> tuple[str, ...]:
        """Constructs explained by at least one path, in model order."""
        targets = {t for _, t in self.paths}
        return tuple(c for c in self.constructs if c in targets)

    @property
    def exogenous(self) -> tuple[str, ...]:
        """Constructs no path points to, in model order."""
        targets = {t for _, t in self.paths}
        return tuple(c for c in self.constructs if c not in targets)

    def predecessors(self, construct: str) -> tuple[str, ...]:
        """Constructs with a path into ``construct``, in model order."""
        sources = {s for s, t in self.paths if t == construct}
        return tuple(c for c in self.constructs if c in sources)

    def adjacency(self) -> FloatArray:
        """Matrix ``A`` with ``A[i, j] = 1`` for a path from construct i to j."""
        index = {c: k for k, c in enumerate(self.constructs)}
        out = np.zeros((len(index), len(index)))
        for source, target in self.paths:
            out[index[source], index[target]] = 1.0
        return out

    def with_modes(self, modes: Mapping[str, str] | None = None, /, **more: str) -> PathModel:
        """A copy with some blocks' measurement modes changed.

        >>> from custvalue.pls import PathModel
        >>> m = PathModel({"a": ["x"], "b": ["y"]}, [("a", "b")])
        >>> m.with_modes({"a": "B"}).modes["a"]
        'B'
        """
        merged: dict[str, str] = dict(self.modes)
        merged.update(dict(modes or {}))
        merged.update(more)
        return attrs.evolve(self, modes=merged)

    def describe(self) -> str:
        """A readable text description of the blocks and paths."""
        lines = ["Measurement model (mode: indicators)"]
        width = max(len(c) for c in self.constructs)
        for name, block in self.constructs.items():
            kind = "A reflective" if self.modes[name] == "A" else "B formative"
            lines.append(f"  {name:<{width}}  {kind:<12}  {', '.join(block)}")
        lines.append("Structural model")
        for target in self.endogenous:
            lines.append(f"  {target:<{width}}  <-  {' + '.join(self.predecessors(target))}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        blocks = ", ".join(f"{c}[{len(b)}]" for c, b in self.constructs.items())
        paths = ", ".join(f"{s}->{t}" for s, t in self.paths)
        modes = "".join(self.modes.values())
        return f"PathModel(constructs: {blocks}; paths: {paths}; modes: {modes})"


def _find_cycle(nodes: list[str], edges: Sequence[tuple[str, str]]) -> list[str]:
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    for s, t in edges:
        succ[s].append(t)
    state = dict.fromkeys(nodes, 0)
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in succ[node]:
            if state[nxt] == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if state[nxt] == 0:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return []

    for node in nodes:
        if state[node] == 0:
            found = visit(node)
            if found:
                return found
    return []


# ---------------------------------------------------------------------------
# compiled structure used by the numerical core
# ---------------------------------------------------------------------------


@attrs.frozen
class _Spec:
    names: tuple[str, ...]
    p: int
    lvs: int
    slices: tuple[slice, ...]
    mask: FloatArray  # (p, L) block membership
    adjacency: FloatArray  # (L, L) A[i, j] = 1 for i -> j
    mode_b: tuple[int, ...]
    predecessors: tuple[tuple[int, tuple[int, ...]], ...]  # (endogenous j, its predecessors)
    reach: np.ndarray[Any, np.dtype[np.bool_]]  # (L, L) i reaches j through paths
    block_of: np.ndarray[Any, np.dtype[np.intp]]
    # all structural regressions as one padded batch: row e regresses construct
    # endo[e] on pred[e, :]; padding points at a dummy construct L (uncorrelated)
    endo: np.ndarray[Any, np.dtype[np.intp]]
    pred: np.ndarray[Any, np.dtype[np.intp]]
    valid: np.ndarray[Any, np.dtype[np.bool_]]


def _compile(model: PathModel) -> _Spec:
    names = model.names
    index = {c: k for k, c in enumerate(names)}
    sizes = [len(model.constructs[c]) for c in names]
    stops = np.cumsum(sizes)
    slices = tuple(slice(int(e - s), int(e)) for s, e in zip(sizes, stops, strict=True))
    p = int(stops[-1])
    mask = np.zeros((p, len(names)))
    block_of = np.empty(p, dtype=np.intp)
    for j, sl in enumerate(slices):
        mask[sl, j] = 1.0
        block_of[sl] = j
    adjacency = model.adjacency()
    preds = tuple(
        (index[t], tuple(index[s] for s in model.predecessors(t))) for t in model.endogenous
    )
    reach = adjacency > 0
    for _ in range(len(names)):
        reach = reach | ((reach.astype(float) @ adjacency) > 0)
    width = max((len(pr) for _, pr in preds), default=0)
    pred = np.full((len(preds), width), len(names), dtype=np.intp)
    for e, (_, pr) in enumerate(preds):
        pred[e, : len(pr)] = pr
    return _Spec(
        names=tuple(names),
        p=p,
        lvs=len(names),
        slices=slices,
        mask=mask,
        adjacency=adjacency,
        mode_b=tuple(index[c] for c in names if model.modes[c] == "B"),
        predecessors=preds,
        reach=reach,
        block_of=block_of,
        endo=np.array([j for j, _ in preds], dtype=np.intp),
        pred=pred,
        valid=pred < len(names),
    )


def _regressions(spec: _Spec, corr: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Standardised OLS coefficients of every structural equation, batched.

    Returns ``beta[b, e, k]`` (coefficient of ``spec.pred[e, k]`` in equation
    ``e``; zero for padding) and the matching right-hand sides ``r[b, e, k]``.
    """
    batch, lvs = corr.shape[0], spec.lvs
    ext = np.zeros((batch, lvs + 1, lvs + 1))
    ext[:, :lvs, :lvs] = corr
    lhs = ext[:, spec.pred[:, :, None], spec.pred[:, None, :]]
    lhs += np.eye(spec.pred.shape[1]) * ~spec.valid[:, None, :]
    rhs = ext[:, spec.pred, spec.endo[:, None]]
    beta = np.asarray(np.linalg.solve(lhs, rhs[..., None])[..., 0], dtype=np.float64)
    return beta, rhs


# ---------------------------------------------------------------------------
# numerical core: PLS iterations on (batches of) covariance matrices
# ---------------------------------------------------------------------------


def _inner_weights(spec: _Spec, corr: FloatArray, scheme: Scheme) -> FloatArray:
    """Inner weights ``E[b, i, j]``: weight of construct i in the proxy of j."""
    a = spec.adjacency
    if scheme == "centroid":
        out: FloatArray = np.sign(corr) * (a + a.T)
        return out
    if scheme == "factorial":
        fac: FloatArray = corr * (a + a.T)
        return fac
    e = corr * a.T  # followers of j enter with their correlation
    if spec.endo.size:
        beta, _ = _regressions(spec, corr)
        cols = np.broadcast_to(spec.endo[:, None], spec.pred.shape)
        e[:, spec.pred[spec.valid], cols[spec.valid]] = beta[:, spec.valid]
    path: FloatArray = e
    return path


def _block_inverses(spec: _Spec, cov: FloatArray) -> dict[int, FloatArray]:
    out: dict[int, FloatArray] = {}
    for j in spec.mode_b:
        out[j] = np.asarray(np.linalg.inv(cov[:, spec.slices[j], spec.slices[j]]), dtype=np.float64)
    return out


def _outer_update(
    spec: _Spec,
    cov: FloatArray,
    weights: FloatArray,
    scheme: Scheme,
    inverses: Mapping[int, FloatArray],
) -> FloatArray:
    """One PLS step: new outer weights from the current ones (batched over axis 0).

    ``cov`` is the population covariance of the indicators in use. The result
    is on R plspm's scale: mode A weights are ``X'Z / n`` and mode B weights the
    least-squares coefficients of ``Z`` on the block, where the inner proxy
    ``Z = Y E`` is built from scores ``Y`` standardised to variance
    ``((n - 1) / n)^2`` (plspm's own rescaling). The scale only matters for
    plspm's stopping rule; the direction of the weights does not depend on it.
    """
    sw = cov @ weights  # (B, p, L)
    v = np.einsum("bpl,bpl->bl", weights, sw)
    d = np.sqrt(v)
    gram = np.swapaxes(weights, 1, 2) @ sw
    corr = gram / (d[:, :, None] * d[:, None, :])
    e = _inner_weights(spec, corr, scheme)
    g = (sw / d[:, None, :]) @ e  # cov(x, Z_j) for unit-variance scores
    new = g * spec.mask
    for j, inv in inverses.items():
        sl = spec.slices[j]
        new[:, sl, j] = (inv @ g[:, sl, j, None])[..., 0]
    out: FloatArray = new
    return out


def _normalise(cov: FloatArray, weights: FloatArray) -> FloatArray:
    v = np.sum(weights * (cov @ weights), axis=1)
    out: FloatArray = weights / np.sqrt(v)[:, None, :]
    return out


@attrs.frozen
class _CoreFit:
    weights: FloatArray  # (B, p, L) final, unit-variance scores (chosen divisor), sign-fixed
    iterations: np.ndarray[Any, np.dtype[np.int64]]
    converged: np.ndarray[Any, np.dtype[np.bool_]]
    last_change: FloatArray


def _core(
    spec: _Spec,
    cov_pop: FloatArray,
    n: int,
    *,
    scheme: Scheme,
    criterion: Criterion,
    variance: Variance,
    tol: float,
    max_iter: int,
) -> _CoreFit:
    """Run the PLS iterations for a batch of population covariance matrices."""
    batch = cov_pop.shape[0]
    c = 1.0 if variance == "population" else (n - 1) / n  # cov_pop = c * cov_used
    cov_used = cov_pop / c
    inverses = _block_inverses(spec, cov_pop)
    start = np.broadcast_to(spec.mask, (batch, spec.p, spec.lvs)).copy()
    if criterion == "squared":
        old = _normalise(cov_pop, start)
        factor = (n - 1) / n
    else:
        old = start
        factor = 1.0
    weights = old
    iterations = np.zeros(batch, dtype=np.int64)
    converged = np.zeros(batch, dtype=bool)
    last = np.full(batch, np.inf)
    active = np.ones(batch, dtype=bool)
    it = 0
    while True:
        it += 1
        idx = np.flatnonzero(active)
        sub_cov = cov_pop[idx] if idx.size < batch else cov_pop
        sub_inv = {j: inv[idx] for j, inv in inverses.items()} if idx.size < batch else inverses
        new = _outer_update(spec, sub_cov, weights[idx], scheme, sub_inv) * factor
        if criterion == "squared":
            diff = np.sum((np.abs(old[idx]) - np.abs(new)) ** 2, axis=(1, 2))
            current = new
        else:
            current = _normalise(cov_used[idx] if idx.size < batch else cov_used, new)
            diff = np.sum(np.abs(current - old[idx]), axis=(1, 2))
        old[idx] = current
        weights[idx] = current
        last[idx] = diff
        iterations[idx] = it
        ok = diff < tol
        converged[idx[ok]] = True
        stop = ok | (it >= max_iter)
        active[idx[stop]] = False
        if not active.any():
            break
    final = _normalise(cov_used, weights)
    # sign: most indicators of a block must correlate positively with its score;
    # on an even split, their correlations with it must sum to a positive number
    sw = cov_used @ final
    signs = np.einsum("bpl,pl->bl", np.sign(sw), spec.mask)
    sd_x = np.sqrt(np.diagonal(cov_used, axis1=1, axis2=2))
    sums = np.einsum("bpl,pl->bl", sw / sd_x[:, :, None], spec.mask)
    flip = np.where((signs < 0) | ((signs == 0) & (sums < 0)), -1.0, 1.0)
    final = final * flip[:, None, :]
    return _CoreFit(final, iterations, converged, last)


@attrs.frozen
class _Inner:
    corr: FloatArray  # (B, L, L) construct correlations (disattenuated with PLSc)
    loadings: FloatArray  # (B, p) loadings (consistent loadings of mode A blocks with PLSc)
    cross: FloatArray  # (B, p, L) correlation of each indicator with each composite
    path: FloatArray  # (B, L, L) B[i, j] path i -> j
    r2: FloatArray  # (B, L)
    total: FloatArray  # (B, L, L)
    rho_a: FloatArray  # (B, L) Dijkstra-Henseler rho_A (1 for mode B and one-item blocks)
    factors: np.ndarray[Any, np.dtype[np.bool_]]  # (L,) blocks disattenuated (PLSc)

    @property
    def admissible(self) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Per estimate: every disattenuated block has a positive rho_A."""
        ok = (self.rho_a > 0) | ~self.factors
        out: np.ndarray[Any, np.dtype[np.bool_]] = np.all(ok, axis=1)
        return out


def _factors(
    spec: _Spec, consistent: bool | tuple[str, ...]
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """The blocks PLSc disattenuates: every mode A block, the named ones, or none."""
    if consistent is False:
        return np.zeros(spec.lvs, dtype=bool)
    if consistent is True:
        out = np.ones(spec.lvs, dtype=bool)
        out[list(spec.mode_b)] = False
        return out
    return np.array([name in consistent for name in spec.names], dtype=bool)


def _rho_a_batch(
    spec: _Spec, weights: FloatArray, sd_x: FloatArray, mode_a: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """rho_A of every block and the correction factor ``c`` of its weights.

    With weights ``w`` on the correlation scale normalised to unit score
    variance (``w' R_jj w = 1``), Dijkstra and Henseler's (2015)
    ``c^2 = w'(R_jj - diag R_jj) w / w'(w w' - diag(w w')) w`` becomes
    ``(1 - sum w^2) / ((sum w^2)^2 - sum w^4)`` and ``rho_A = (w'w)^2 c^2``.
    """
    w = weights * sd_x[:, :, None] * spec.mask  # (B, p, L), correlation scale
    s2 = np.sum(w**2, axis=1)  # (B, L)
    s4 = np.sum(w**4, axis=1)
    den = s2**2 - s4
    single = den <= 1e-14 * np.maximum(s2**2, 1e-300)  # one-indicator blocks
    c2 = np.divide(1.0 - s2, den, out=np.zeros_like(s2), where=~single)
    rho = np.where(single | (mode_a == 0), 1.0, s2**2 * c2)
    c = np.sqrt(np.maximum(c2, 0.0))
    return rho, c


def _inner(
    spec: _Spec,
    cov_used: FloatArray,
    weights: FloatArray,
    consistent: bool | tuple[str, ...] = False,
) -> _Inner:
    sw = cov_used @ weights
    gram = np.swapaxes(weights, 1, 2) @ sw
    d = np.sqrt(np.diagonal(gram, axis1=1, axis2=2))
    corr = gram / (d[:, :, None] * d[:, None, :])
    sd_x = np.sqrt(np.diagonal(cov_used, axis1=1, axis2=2))
    cross = sw / (sd_x[:, :, None] * d[:, None, :])
    loadings = np.einsum("bpl,pl->bp", cross, spec.mask)
    mode_a = np.ones(spec.lvs)
    mode_a[list(spec.mode_b)] = 0.0
    rho, c = _rho_a_batch(spec, weights / d[:, None, :], sd_x, mode_a)
    factors = _factors(spec, consistent)
    if factors.any():
        # rho_A <= 0 is refused by the callers; composites keep rho_A = 1 here
        q = np.sqrt(np.where((rho > 0) & factors, rho, 1.0))
        corr = corr / (q[:, :, None] * q[:, None, :])
        eye = np.eye(spec.lvs, dtype=bool)
        corr[:, eye] = 1.0
        w_corr = weights / d[:, None, :] * sd_x[:, :, None]
        plsc = np.einsum("bpl,pl->bp", w_corr * c[:, None, :], spec.mask)
        use = (
            factors[spec.block_of]
            & np.array([sl.stop - sl.start > 1 for sl in spec.slices])[spec.block_of]
        )
        loadings = np.where(use, plsc, loadings)
    batch = cov_used.shape[0]
    path = np.zeros((batch, spec.lvs, spec.lvs))
    r2 = np.zeros((batch, spec.lvs))
    if spec.endo.size:
        beta, rhs = _regressions(spec, corr)
        cols = np.broadcast_to(spec.endo[:, None], spec.pred.shape)
        path[:, spec.pred[spec.valid], cols[spec.valid]] = beta[:, spec.valid]
        r2[:, spec.endo] = np.sum(beta * rhs, axis=2)
    eye_f = np.eye(spec.lvs)
    total = np.linalg.inv(eye_f - path) - eye_f
    return _Inner(corr, loadings, cross, path, r2, total, rho, factors)


# ---------------------------------------------------------------------------
# data preparation
# ---------------------------------------------------------------------------


def _extract(
    model: PathModel, data: object, missing: Missing
) -> tuple[FloatArray, tuple[Any, ...]]:
    """The indicator matrix (rows x indicators, block order) and the row labels."""
    names = model.indicators
    if is_dataframe(data):
        frame: Any = data
        columns = list(frame.columns)
        absent = [c for c in names if c not in columns]
        if absent:
            raise ValueError(
                f"data has no column {absent[0]!r}"
                + (f" (and {len(absent) - 1} more: {absent[1:]})" if len(absent) > 1 else "")
                + " named by the model"
            )
        doubled = [c for c in names if columns.count(c) > 1]
        if doubled:
            raise ValueError(
                f"data has {columns.count(doubled[0])} columns named {doubled[0]!r}; "
                "an indicator must be one column (rename or drop the duplicates)"
            )
        labels: tuple[Any, ...] = tuple(frame.index)
        sub = frame[list(names)]
        if all(dt.kind in "iuf" for dt in sub.dtypes):  # the common case, in one step
            fast = np.asarray(sub.to_numpy(dtype=np.float64))
            if not np.isnan(fast).any():
                _check_finite(fast, names, labels)
                return _check_variance(fast, names), labels
        raw_cols = [frame[c].to_numpy() for c in names]
    elif isinstance(data, Mapping):
        absent = [c for c in names if c not in data]
        if absent:
            raise ValueError(f"data has no column {absent[0]!r} named by the model")
        raw_cols = [np.asarray(data[c]) for c in names]
        lengths = {len(col) for col in raw_cols}
        if len(lengths) > 1:
            raise ValueError(f"data columns have inconsistent lengths: {sorted(lengths)}")
        labels = tuple(range(len(raw_cols[0])))
    else:
        raise TypeError(
            "data must be a pandas DataFrame (or a mapping of column name to values); "
            f"got {type(data).__name__}"
        )
    cols = []
    for name, col in zip(names, raw_cols, strict=True):
        if col.dtype.kind == "O" and not any(isinstance(v, (str, bytes)) for v in col):
            try:
                col = col.astype(np.float64)
            except (TypeError, ValueError):
                col = np.asarray(col)
        if col.dtype.kind not in "iuf" and col.dtype.kind != "b":
            row = next((k for k, v in enumerate(col) if not isinstance(v, (int, float))), None)
            got = f"dtype {col.dtype}" if row is None else f"{col[row]!r} at row {labels[row]!r}"
            raise TypeError(f"data column {name!r} must be numeric; got {got}")
        if col.dtype.kind == "f":
            _check_finite(col[:, None], [name], labels)
        cols.append(
            as_float_array(col, f"data column {name!r}", ndim=1, allow_nan=True, allow_bool=True)
        )
    x = np.column_stack(cols)
    nan = np.isnan(x)
    if nan.any():
        if missing == "raise":
            row, col_k = np.argwhere(nan)[0]
            count = int(nan.sum())
            raise ValueError(
                f"data column {names[col_k]!r} has a missing value at row {labels[row]!r} "
                f"({count} missing in all); " + missing_hint(_MISSING)
            )
        if missing == "listwise":
            keep = np.flatnonzero(~np.any(nan, axis=1))
            x = x[keep]
            labels = tuple(labels[int(k)] for k in keep)
        else:
            counts = (~nan).sum(axis=0)
            if (counts == 0).any():
                k = int(np.flatnonzero(counts == 0)[0])
                raise ValueError(f"data column {names[k]!r} has no observed value to impute from")
            means = np.nansum(x, axis=0) / counts
            x = np.where(nan, means, x)
    return _check_variance(x, names), labels


def _check_finite(x: FloatArray, names: Sequence[str], labels: Sequence[Any]) -> None:
    inf = np.isinf(x)
    if inf.any():
        row, k = np.argwhere(inf)[0]
        raise ValueError(
            f"data column {names[int(k)]!r} has the value {x[row, k]:g} at row "
            f"{labels[int(row)]!r}; indicators must be finite"
        )


def _check_variance(x: FloatArray, names: Sequence[str]) -> FloatArray:
    if x.shape[0] < 3:
        raise ValueError(f"data must have at least 3 complete rows; got {x.shape[0]}")
    sd = x.std(axis=0)
    flat = sd <= 1e-12 * np.maximum(1.0, np.abs(x).max(axis=0))
    if flat.any():
        k = int(np.flatnonzero(flat)[0])
        raise ValueError(
            f"indicator {names[k]!r} has zero variance (every row is {x[0, k]:g}); "
            "drop it from its block"
        )
    return x


# ---------------------------------------------------------------------------
# sufficient statistics: count, means and centred cross-products
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class Moments(ResultMixin):
    r"""Count, means and centred cross-products of indicator columns.

    Everything a PLS estimate needs from the data except the respondents'
    rows: :func:`estimate` accepts a ``Moments`` in place of the data. Moments
    of parts of a data set (files, partitions, days) combine exactly with
    :meth:`combine`, so a model can be estimated on data that never sits in
    memory at once.

    Attributes
    ----------
    count : int
        Rows summarised.
    columns : tuple of str
        Column names, in the order of :attr:`mean` and :attr:`cross_products`.
    mean : numpy.ndarray
        Column means, shape (p,) (zeros when ``count`` is 0).
    cross_products : numpy.ndarray
        :math:`\sum_r (x_r - \bar x)(x_r - \bar x)^\top`, shape (p, p): the
        centred cross-products, ``(count - 1)`` times the sample covariance.

    See Also
    --------
    moments : compute them from a table.
    estimate : fit a path model from data or from moments.
    """

    count: int
    columns: tuple[str, ...]
    mean: FloatArray
    cross_products: FloatArray

    def __attrs_post_init__(self) -> None:
        count = as_count(self.count, "count", minimum=0)
        object.__setattr__(self, "count", count)
        cols = tuple(self.columns)
        for k, c in enumerate(cols):
            if not isinstance(c, str):
                raise TypeError(f"columns must be names (str); got {c!r} at position {k}")
        if len(set(cols)) != len(cols):
            twice = next(c for c in cols if cols.count(c) > 1)
            raise ValueError(f"columns must be distinct; {twice!r} appears twice")
        object.__setattr__(self, "columns", cols)
        p = len(cols)
        mean = as_float_array(self.mean, "mean", ndim=1, allow_empty=True)
        cross = as_float_array(self.cross_products, "cross_products", ndim=2, allow_empty=True)
        if mean.shape != (p,) or cross.shape != (p, p):
            raise ValueError(
                f"mean must have shape ({p},) and cross_products ({p}, {p}) for {p} columns; "
                f"got {mean.shape} and {cross.shape}"
            )
        object.__setattr__(self, "mean", mean)
        object.__setattr__(self, "cross_products", cross)
        super().__attrs_post_init__()

    def combine(self, other: Moments) -> Moments:
        r"""The moments of the rows of both parts together (exact).

        Parameters
        ----------
        other : Moments
            Moments of other rows over the same columns (in any order; the
            result keeps this one's order).

        Returns
        -------
        Moments

        Notes
        -----
        With :math:`\delta = \bar x_b - \bar x_a` and :math:`n = n_a + n_b`
        (Chan, Golub and LeVeque 1979):

        .. math::

            \bar x = \bar x_a + \delta\, n_b / n, \qquad
            M = M_a + M_b + \delta \delta^\top n_a n_b / n .

        References
        ----------
        .. [1] Chan, T. F., Golub, G. H. and LeVeque, R. J. (1979). Updating
           formulae and a pairwise algorithm for computing sample variances.
           Stanford technical report STAN-CS-79-773.

        Examples
        --------
        >>> import numpy as np
        >>> from custvalue.pls import moments
        >>> x = np.arange(12.0).reshape(6, 2) ** 1.5
        >>> whole = moments(x, columns=["a", "b"])
        >>> parts = moments(x[:2], columns=["a", "b"]).combine(moments(x[2:], columns=["a", "b"]))
        >>> bool(np.allclose(parts.cross_products, whole.cross_products, rtol=1e-13))
        True
        """
        if not isinstance(other, Moments):
            raise TypeError(f"other must be a Moments; got {type(other).__name__}")
        if other.columns != self.columns:
            if set(other.columns) != set(self.columns):
                extra = [c for c in self.columns if c not in other.columns] or [
                    c for c in other.columns if c not in self.columns
                ]
                raise ValueError(
                    "other must summarise the same columns; column "
                    f"{extra[0]!r} is in one but not the other"
                )
            order = [other.columns.index(c) for c in self.columns]
            other = Moments(
                count=other.count,
                columns=self.columns,
                mean=other.mean[order],
                cross_products=other.cross_products[np.ix_(order, order)],
            )
        n_a, n_b = self.count, other.count
        if n_b == 0:
            return self
        if n_a == 0:
            return other
        n = n_a + n_b
        delta = other.mean - self.mean
        mean = self.mean + delta * (n_b / n)
        cross = (
            self.cross_products + other.cross_products + np.outer(delta, delta) * (n_a * n_b / n)
        )
        return Moments(
            count=n, columns=self.columns, mean=mean, cross_products=(cross + cross.T) / 2
        )

    def covariance(self, *, ddof: int = 1) -> FloatArray:
        """Covariance matrix with divisor ``count - ddof``."""
        d = as_count(ddof, "ddof", minimum=0)
        if self.count - d <= 0:
            raise ValueError(f"covariance needs count > ddof; got count={self.count}, ddof={d}")
        out: FloatArray = self.cross_products / (self.count - d)
        return out

    def to_frame(self) -> pd.DataFrame:
        """The means and cross-products as a table: one row per column."""
        import pandas as pd

        frame = pd.DataFrame(
            self.cross_products, index=list(self.columns), columns=list(self.columns)
        )
        frame.insert(0, "mean", self.mean)
        out: pd.DataFrame = frame
        return out


def moments(
    data: pd.DataFrame | FloatArray,
    *,
    columns: Sequence[str] | None = None,
    missing: Literal["raise", "listwise"] = "raise",
) -> Moments:
    r"""Count, means and centred cross-products of a table (PLS sufficient statistics).

    Parameters
    ----------
    data : pandas.DataFrame or 2-D array
        One row per respondent.
    columns : list of str, optional
        For a DataFrame, the columns to summarise (default: all, which must
        be numeric); for an array, the names of its columns (default
        ``x0, x1, ...``).
    missing : {"raise", "listwise"}
        Rows with a missing value: refuse (default) or leave them out.
        ``"listwise"`` moments of parts combine into the ``"listwise"``
        moments of the whole.

    Returns
    -------
    Moments

    Raises
    ------
    ValueError
        Missing values with ``missing="raise"``, infinite values, unknown
        columns, no rows (left after ``missing="listwise"``).
    TypeError
        Non-numeric columns, data that is not a table.

    Notes
    -----
    Computed with two passes (mean, then centred products), which keeps the
    cross-products accurate when the means are large.

    Examples
    --------
    >>> import pandas as pd
    >>> from custvalue.pls import moments
    >>> m = moments(pd.DataFrame({"q1": [1.0, 2.0, 3.0], "q2": [2.0, 2.0, 5.0]}))
    >>> m.count, m.columns
    (3, ('q1', 'q2'))
    >>> m.cross_products
    array([[2., 3.],
           [3., 6.]])
    """
    out = _part_moments(data, columns=columns, missing=missing)
    if out.count == 0:
        left = " after missing='listwise'" if missing == "listwise" else ""
        raise ValueError(f"data must have at least one row{left}; got none")
    return out


def _part_moments(
    data: pd.DataFrame | FloatArray,
    *,
    columns: Sequence[str] | None = None,
    missing: Literal["raise", "listwise"] = "raise",
) -> Moments:
    """:func:`moments` of one part of a table, which may be empty.

    Empty parts give count-0 moments, the identity of
    :meth:`Moments.combine` (partitions of a distributed table can be empty).
    """
    how = check_missing(missing, allowed=("raise", "listwise"))
    if is_dataframe(data):
        frame: Any = data
        if columns is None:
            names = list(frame.columns)
        else:
            names = _column_names(columns)
            absent = [c for c in names if c not in frame.columns]
            if absent:
                raise ValueError(f"columns names {absent[0]!r}, which is not a column of data")
        for k, c in enumerate(names):
            if not isinstance(c, str):
                raise TypeError(
                    f"data columns must be named by str to be summarised; got {c!r} at "
                    f"position {k}; rename them or pass columns="
                )
        labels: Sequence[Any] = frame.index
        raw = []
        for c in names:
            col = frame[c]
            if getattr(col, "ndim", 1) != 1:
                raise ValueError(f"data has more than one column named {c!r}")
            from pandas.api.types import is_bool_dtype, is_numeric_dtype

            if not (is_numeric_dtype(col.dtype) or is_bool_dtype(col.dtype)):
                raise TypeError(
                    f"data column {c!r} must be numeric (dtype {col.dtype}); "
                    "choose numeric columns with columns="
                )
            raw.append(col.to_numpy(dtype=np.float64, na_value=np.nan))
        x = np.column_stack(raw) if raw else np.empty((len(labels), 0))
    else:
        x = as_float_array(data, "data", ndim=2, allow_empty=True, allow_nan=True, allow_bool=True)
        labels = range(x.shape[0])
        if columns is None:
            names = [f"x{k}" for k in range(x.shape[1])]
        else:
            names = _column_names(columns)
            if len(names) != x.shape[1]:
                raise ValueError(
                    f"columns must name the {x.shape[1]} columns of data; got {len(names)} names"
                )
    inf = np.isinf(x)
    if inf.any():
        r, k = np.argwhere(inf)[0]
        raise ValueError(
            f"data column {names[int(k)]!r} has the value {x[r, k]:g} at row "
            f"{labels[int(r)]!r}; values must be finite"
        )
    nan = np.isnan(x)
    if nan.any():
        if how == "raise":
            r, k = np.argwhere(nan)[0]
            raise ValueError(
                f"data column {names[int(k)]!r} has a missing value at row {labels[int(r)]!r}; "
                + missing_hint(("raise", "listwise"))
            )
        x = x[~nan.any(axis=1)]
    return _moments_of(x, tuple(names))


def _column_names(columns: object) -> list[str]:
    if isinstance(columns, str) or not isinstance(columns, Iterable):
        raise TypeError(f"columns must be a list of column names; got {columns!r}")
    names = list(columns)
    for k, c in enumerate(names):
        if not isinstance(c, str):
            raise TypeError(f"columns must be names (str); got {c!r} at position {k}")
    return names


def _moments_of(x: FloatArray, names: tuple[str, ...]) -> Moments:
    n, p = x.shape
    if n == 0:
        return Moments(count=0, columns=names, mean=np.zeros(p), cross_products=np.zeros((p, p)))
    mean = x.mean(axis=0)
    xc = x - mean
    return Moments(count=n, columns=names, mean=mean, cross_products=xc.T @ xc)


@attrs.frozen(eq=False, repr=False)
class EstimationOptions(ResultMixin):
    """The options an estimation ran with (after applying the convention)."""

    scheme: Scheme
    standardize: bool
    variance: Variance
    tol: float
    max_iter: int
    criterion: Criterion
    convention: Convention | None
    consistent: bool | tuple[str, ...] = False


def _options(
    convention: str | None,
    scheme: str | None,
    standardize: bool | None,
    variance: str | None,
    tol: float | None,
    max_iter: int | None,
    criterion: str | None,
    consistent: bool | Sequence[str] = False,
) -> EstimationOptions:
    conv: Convention | None = None
    base = CONVENTIONS["seminr"]
    if convention is not None:
        conv = check_option(convention, "convention", _CONVENTIONS)
        base = CONVENTIONS[conv]
    if standardize is not None and not isinstance(standardize, (bool, np.bool_)):
        raise TypeError(f"standardize must be True or False; got {standardize!r}")
    factors: bool | tuple[str, ...]
    if isinstance(consistent, (bool, np.bool_)):
        factors = bool(consistent)
    elif (
        isinstance(consistent, Sequence)
        and not isinstance(consistent, str)
        and all(isinstance(c, str) for c in consistent)
    ):
        factors = tuple(consistent)
        if len(set(factors)) < len(factors):
            raise ValueError(f"consistent names a construct twice: {list(consistent)!r}")
    else:
        raise TypeError(
            f"consistent must be True, False or a list of construct names; got {consistent!r}"
        )
    return EstimationOptions(
        scheme=check_option(base["scheme"] if scheme is None else scheme, "scheme", _SCHEMES),
        standardize=bool(base["standardize"] if standardize is None else standardize),
        variance=check_option(
            base["variance"] if variance is None else variance, "variance", _VARIANCES
        ),
        tol=as_scalar(base["tol"] if tol is None else tol, "tol", "> 0"),
        max_iter=as_count(
            base["max_iter"] if max_iter is None else max_iter, "max_iter", minimum=1
        ),
        criterion=check_option(
            base["criterion"] if criterion is None else criterion, "criterion", _CRITERIA
        ),
        convention=conv,
        consistent=factors,
    )


def _estimate_kwargs(opts: EstimationOptions) -> dict[str, Any]:
    """The keyword options of :func:`estimate` that reproduce ``opts``."""
    return {
        "scheme": opts.scheme,
        "standardize": opts.standardize,
        "variance": opts.variance,
        "tol": opts.tol,
        "max_iter": opts.max_iter,
        "criterion": opts.criterion,
        "consistent": opts.consistent,
    }


class _SingularBlockError(ValueError):
    """A mode B block whose indicators are linearly dependent."""


def _check_mode_b(spec: _Spec, model: PathModel, cov: FloatArray) -> None:
    for j in spec.mode_b:
        block = cov[0][spec.slices[j], spec.slices[j]]
        sd = np.sqrt(np.diag(block))
        corr = block / np.outer(sd, sd)
        if np.linalg.cond(corr) > 1e12:
            name = model.names[j]
            raise _SingularBlockError(
                f"block {name!r} is singular (its indicators are linearly dependent); "
                "mode B needs linearly independent indicators: drop one or use mode A"
            )


# ---------------------------------------------------------------------------
# the result
# ---------------------------------------------------------------------------

_NEEDS_ROWS = (
    "{what} need the respondents' rows, but this model was estimated from Moments; "
    "estimate(model, data) with the data itself"
)


def _frame(data: dict[str, Any]) -> pd.DataFrame:
    import pandas as pd

    out: pd.DataFrame = pd.DataFrame(data)
    return out


def _as_frame(value: Any) -> pd.DataFrame:
    out: pd.DataFrame = value
    return out


@attrs.frozen(eq=False, repr=False)
class PLSResult(ResultMixin):
    """An estimated PLS path model.

    Arrays are read-only and stored in model order (constructs) and block
    order (indicators); the properties present them as pandas tables that
    the caller may change.

    Attributes
    ----------
    model : PathModel
        The specification estimated.
    options : EstimationOptions
        Scheme, scaling, variance divisor, tolerance and stopping rule used.
    n_obs : int
        Respondents used (after the missing-data policy).
    moments : Moments
        Count, means and centred cross-products of the indicators used.
    weight_values, loading_values : numpy.ndarray
        Outer weights (for the indicators as scaled: standardised, or only
        centred when ``standardize=False``) and loadings, one per indicator.
    crossloading_values : numpy.ndarray
        Correlation of every indicator with every construct score.
    score_values : numpy.ndarray or None
        Construct scores (rows x constructs), unit variance; None for an
        estimate from :class:`Moments`, which has no rows.
    path_values, path_se, path_t, path_p : numpy.ndarray
        ``[i, j]`` is the path from construct i to j, its OLS standard error,
        t value and two-sided p value (zero where there is no path).
    total_values : numpy.ndarray
        Total effects ``[i, j]`` of construct i on j.
    r2_values, r2_adj_values : numpy.ndarray
        R^2 and adjusted R^2 per construct (0 for exogenous ones).
    construct_correlation : numpy.ndarray
        Correlation matrix of the construct scores.
    indicator_correlation : numpy.ndarray
        Correlation matrix of the indicators.
    indicator_means, indicator_scales : numpy.ndarray
        Means of the indicators and the standard deviations they were
        divided by (ones when ``standardize=False``).
    data_values : numpy.ndarray or None
        The indicator data used (rows x indicators, original units); None
        for an estimate from :class:`Moments`.
    row_labels : tuple or None
        Row labels of the data used; None for an estimate from moments.
    gof : float
        Goodness of fit of Tenenhaus et al. (2005).
    iterations : int
        PLS iterations run.
    converged : bool
        Whether the stopping rule was met.
    last_change : float
        The stopping statistic at the last iteration.
    """

    model: PathModel
    options: EstimationOptions
    n_obs: int
    moments: Moments
    weight_values: FloatArray
    loading_values: FloatArray
    crossloading_values: FloatArray
    score_values: FloatArray | None
    path_values: FloatArray
    path_se: FloatArray
    path_t: FloatArray
    path_p: FloatArray
    total_values: FloatArray
    r2_values: FloatArray
    r2_adj_values: FloatArray
    construct_correlation: FloatArray
    indicator_correlation: FloatArray
    indicator_means: FloatArray
    indicator_scales: FloatArray
    data_values: FloatArray | None
    row_labels: tuple[Any, ...] | None
    unidim_values: FloatArray  # (L, 4): alpha, DG rho (PCA), first and second eigenvalue
    gof: float
    iterations: int
    converged: bool
    last_change: float

    def __repr__(self) -> str:
        r2 = ", ".join(
            f"{c}={self.r2_values[k]:.3f}"
            for k, c in enumerate(self.model.names)
            if c in self.model.endogenous
        )
        return (
            f"PLSResult(n_obs={self.n_obs}, scheme={self.options.scheme!r}, "
            f"iterations={self.iterations}, R2: {r2}, gof={self.gof:.4f})"
        )

    # -- helpers --------------------------------------------------------------

    def _indicator_rows(self) -> tuple[list[str], list[str]]:
        constructs = [c for c, block in self.model.constructs.items() for _ in block]
        return constructs, list(self.model.indicators)

    def _edges(self) -> list[tuple[int, int]]:
        index = {c: k for k, c in enumerate(self.model.names)}
        out = []
        for target in self.model.endogenous:
            for source in self.model.predecessors(target):
                out.append((index[source], index[target]))
        return out

    # -- outer model ----------------------------------------------------------

    @property
    def weights(self) -> pd.DataFrame:
        """Outer weights: columns construct, indicator, value."""
        constructs, items = self._indicator_rows()
        return _frame({"construct": constructs, "indicator": items, "value": self.weight_values})

    @property
    def loadings(self) -> pd.DataFrame:
        """Outer loadings (indicator-score correlations): construct, indicator, value."""
        constructs, items = self._indicator_rows()
        return _frame({"construct": constructs, "indicator": items, "value": self.loading_values})

    @property
    def unstandardized_weights(self) -> pd.DataFrame:
        """Outer weights in the indicators' original units: construct, indicator, value."""
        constructs, items = self._indicator_rows()
        return _frame(
            {
                "construct": constructs,
                "indicator": items,
                "value": self.weight_values / self.indicator_scales,
            }
        )

    @property
    def outer_model(self) -> pd.DataFrame:
        """Per indicator: construct, indicator, weight, loading, communality, redundancy."""
        constructs, items = self._indicator_rows()
        block_of = [self.model.names.index(c) for c in constructs]
        communality = self.loading_values**2
        return _frame(
            {
                "construct": constructs,
                "indicator": items,
                "weight": self.weight_values,
                "loading": self.loading_values,
                "communality": communality,
                "redundancy": communality * self.r2_values[block_of],
            }
        )

    @property
    def crossloadings(self) -> pd.DataFrame:
        """Correlations of every indicator (rows) with every construct score (columns)."""
        import pandas as pd

        constructs, items = self._indicator_rows()
        frame = pd.DataFrame(
            self.crossloading_values,
            index=pd.Index(items, name="indicator"),
            columns=list(self.model.names),
            copy=True,
        )
        frame.insert(0, "construct", constructs)
        return _as_frame(frame)

    @property
    def scores(self) -> pd.DataFrame:
        """Construct scores, one column per construct, indexed like the data.

        Raises
        ------
        ValueError
            The model was estimated from :class:`Moments`: scores are per
            respondent and need the rows.
        """
        import pandas as pd

        if self.score_values is None or self.row_labels is None:
            raise ValueError(_NEEDS_ROWS.format(what="construct scores"))
        return _as_frame(
            pd.DataFrame(
                self.score_values,
                index=list(self.row_labels),
                columns=list(self.model.names),
                copy=True,
            )
        )

    # -- inner model ----------------------------------------------------------

    @property
    def paths(self) -> pd.DataFrame:
        """Path coefficients with OLS inference: from, to, estimate, std_error, t, p_value."""
        names = self.model.names
        edges = self._edges()
        return _frame(
            {
                "from": [names[i] for i, _ in edges],
                "to": [names[j] for _, j in edges],
                "estimate": [self.path_values[i, j] for i, j in edges],
                "std_error": [self.path_se[i, j] for i, j in edges],
                "t": [self.path_t[i, j] for i, j in edges],
                "p_value": [self.path_p[i, j] for i, j in edges],
            }
        )

    def to_frame(self) -> pd.DataFrame:
        """The structural model as a tidy table (the same as :attr:`paths`)."""
        return self.paths

    @property
    def path_coefficients(self) -> pd.DataFrame:
        """Square table of path coefficients, rows = from, columns = to."""
        import pandas as pd

        names = list(self.model.names)
        return _as_frame(pd.DataFrame(self.path_values, index=names, columns=names, copy=True))

    @property
    def r_squared(self) -> pd.Series[float]:
        """R^2 of each endogenous construct."""
        import pandas as pd

        endo = self.model.endogenous
        idx = [self.model.names.index(c) for c in endo]
        return pd.Series(self.r2_values[idx], index=list(endo), name="r_squared")

    @property
    def r_squared_adjusted(self) -> pd.Series[float]:
        """Adjusted R^2 of each endogenous construct."""
        import pandas as pd

        endo = self.model.endogenous
        idx = [self.model.names.index(c) for c in endo]
        return pd.Series(self.r2_adj_values[idx], index=list(endo), name="r_squared_adjusted")

    @property
    def effects(self) -> pd.DataFrame:
        """Direct, indirect and total effects for every pair linked by paths."""
        names = self.model.names
        spec_reach = _compile(self.model).reach
        pairs = [(i, j) for i in range(len(names)) for j in range(len(names)) if spec_reach[i, j]]
        direct = [self.path_values[i, j] for i, j in pairs]
        total = [self.total_values[i, j] for i, j in pairs]
        return _frame(
            {
                "from": [names[i] for i, _ in pairs],
                "to": [names[j] for _, j in pairs],
                "direct": direct,
                "indirect": [t - d for t, d in zip(total, direct, strict=True)],
                "total": total,
            }
        )

    @property
    def inner_summary(self) -> pd.DataFrame:
        """Per construct: type, R^2, adjusted R^2, block communality, mean redundancy, AVE."""
        names = self.model.names
        outer = self.outer_model
        groups = outer.groupby("construct", sort=False)
        communality = groups["communality"].mean()
        redundancy = groups["redundancy"].mean()
        endo = set(self.model.endogenous)
        return _as_frame(
            _frame(
                {
                    "construct": list(names),
                    "type": ["endogenous" if c in endo else "exogenous" for c in names],
                    "r_squared": self.r2_values,
                    "r_squared_adjusted": self.r2_adj_values,
                    "block_communality": [communality[c] for c in names],
                    "mean_redundancy": [redundancy[c] for c in names],
                    "ave": self._ave(),
                }
            ).set_index("construct")
        )

    # -- reliability and validity ---------------------------------------------

    def _ave(self) -> FloatArray:
        out = np.full(len(self.model.names), np.nan)
        for j, c in enumerate(self.model.names):
            if self.model.modes[c] == "A":
                sl = _compile(self.model).slices[j]
                out[j] = float(np.mean(self.loading_values[sl] ** 2))
        return out

    def _rho_a(self) -> FloatArray:
        spec = _compile(self.model)
        out = np.full(spec.lvs, np.nan)
        sd = np.sqrt(np.diag(self.moments.cross_products) / self.moments.count)
        w_std = self.weight_values / self.indicator_scales * sd
        for j, sl in enumerate(spec.slices):
            if self.model.modes[self.model.names[j]] != "A":
                continue
            s = self.indicator_correlation[sl, sl]
            w = w_std[sl]
            if w.size == 1:
                out[j] = 1.0
                continue
            w = w / math.sqrt(float(w @ s @ w))
            off = s - np.diag(np.diag(s))
            ww = np.outer(w, w)
            out[j] = float((w @ w) ** 2 * (w @ off @ w) / (w @ (ww - np.diag(np.diag(ww))) @ w))
        return out

    @property
    def reliability(self) -> pd.DataFrame:
        """Per construct: Cronbach's alpha, rho_C, rho_A and AVE (NaN for mode B blocks).

        ``alpha`` is the standardised Cronbach's alpha; ``rho_c`` the composite
        reliability from the PLS loadings (Werts, Linn and Jöreskog 1974;
        SmartPLS and seminr report this); ``rho_a`` Dijkstra and Henseler's
        (2015) consistent reliability; ``ave`` the mean squared loading.
        """
        spec = _compile(self.model)
        alpha = self.unidim_values[:, 0].copy()
        rho_c = np.full(spec.lvs, np.nan)
        for j, sl in enumerate(spec.slices):
            if self.model.modes[self.model.names[j]] != "A":
                alpha[j] = np.nan
                continue
            lam = self.loading_values[sl]
            num = float(lam.sum()) ** 2
            rho_c[j] = num / (num + float(np.sum(1.0 - lam**2)))
        return _as_frame(
            _frame(
                {
                    "construct": list(self.model.names),
                    "alpha": alpha,
                    "rho_c": rho_c,
                    "rho_a": self._rho_a(),
                    "ave": self._ave(),
                }
            ).set_index("construct")
        )

    @property
    def unidimensionality(self) -> pd.DataFrame:
        """Per block: mode, indicators, Cronbach's alpha, Dillon-Goldstein rho, eigenvalues.

        As R plspm reports them: alpha and rho use the block's first
        principal component (not the PLS loadings); both are NaN for mode B.
        """
        names = self.model.names
        vals = self.unidim_values
        formative = np.array([self.model.modes[c] == "B" for c in names])
        return _as_frame(
            _frame(
                {
                    "construct": list(names),
                    "mode": [self.model.modes[c] for c in names],
                    "indicators": [len(self.model.constructs[c]) for c in names],
                    "cronbach_alpha": np.where(formative, np.nan, vals[:, 0]),
                    "dillon_goldstein_rho": np.where(formative, np.nan, vals[:, 1]),
                    "eig_1st": vals[:, 2],
                    "eig_2nd": vals[:, 3],
                }
            ).set_index("construct")
        )

    @property
    def htmt(self) -> pd.DataFrame:
        """Heterotrait-monotrait ratios (Henseler, Ringle and Sarstedt 2015), square table.

        Mean absolute correlation between the items of two blocks over the
        geometric mean of the blocks' mean absolute within-block item
        correlations (1 for a single-item block); the diagonal is NaN.
        """
        import pandas as pd

        spec = _compile(self.model)
        r = np.abs(self.indicator_correlation)
        mono = np.ones(spec.lvs)
        for j, sl in enumerate(spec.slices):
            k = sl.stop - sl.start
            if k > 1:
                block = r[sl, sl]
                mono[j] = (block.sum() - k) / (k * (k - 1))
        out = np.full((spec.lvs, spec.lvs), np.nan)
        for i, si in enumerate(spec.slices):
            for j, sj in enumerate(spec.slices):
                if i != j:
                    out[i, j] = r[si, sj].mean() / math.sqrt(mono[i] * mono[j])
        names = list(self.model.names)
        return _as_frame(pd.DataFrame(out, index=names, columns=names))

    @property
    def htmt2(self) -> pd.DataFrame:
        """Advanced HTMT (HTMT2, Roemer, Schuberth and Henseler 2021), square table.

        As :attr:`htmt` with geometric instead of arithmetic means of the
        (absolute) item correlations; it does not assume tau-equivalent
        items. The diagonal is NaN.
        """
        import pandas as pd

        spec = _compile(self.model)
        logr = np.log(np.maximum(np.abs(self.indicator_correlation), 1e-300))
        mono = np.zeros(spec.lvs)
        for j, sl in enumerate(spec.slices):
            k = sl.stop - sl.start
            if k > 1:
                block = logr[sl, sl]
                mono[j] = (block.sum() - np.trace(block)) / (k * (k - 1))
        out = np.full((spec.lvs, spec.lvs), np.nan)
        for i, si in enumerate(spec.slices):
            for j, sj in enumerate(spec.slices):
                if i != j:
                    out[i, j] = math.exp(float(logr[si, sj].mean()) - (mono[i] + mono[j]) / 2)
        names = list(self.model.names)
        return _as_frame(pd.DataFrame(out, index=names, columns=names))

    @property
    def fornell_larcker(self) -> pd.DataFrame:
        """Construct correlations with sqrt(AVE) on the diagonal (Fornell and Larcker 1981)."""
        import pandas as pd

        table = self.construct_correlation.copy()
        np.fill_diagonal(table, np.sqrt(self._ave()))
        names = list(self.model.names)
        return _as_frame(pd.DataFrame(table, index=names, columns=names))

    @property
    def vif(self) -> pd.DataFrame:
        """Collinearity of the predictors of each structural equation: from, to, vif."""
        names = self.model.names
        rows: dict[str, list[Any]] = {"from": [], "to": [], "vif": []}
        for target in self.model.endogenous:
            preds = [names.index(c) for c in self.model.predecessors(target)]
            inv = np.linalg.inv(self.construct_correlation[np.ix_(preds, preds)])
            for k, i in enumerate(preds):
                rows["from"].append(names[i])
                rows["to"].append(target)
                rows["vif"].append(float(inv[k, k]))
        return _frame(rows)

    @property
    def indicator_vif(self) -> pd.DataFrame:
        """Collinearity of the indicators within each block: construct, indicator, vif."""
        spec = _compile(self.model)
        constructs, items = self._indicator_rows()
        out = np.ones(spec.p)
        for sl in spec.slices:
            if sl.stop - sl.start > 1:
                out[sl] = np.diag(np.linalg.inv(self.indicator_correlation[sl, sl]))
        return _frame({"construct": constructs, "indicator": items, "vif": out})

    @property
    def f_squared(self) -> pd.DataFrame:
        """Cohen's f^2 effect size of every path: from, to, f_squared.

        ``f2 = (R2_included - R2_excluded) / (1 - R2_included)``, where the
        excluded R^2 refits the equation without the path's source.

        The scores stay those of the estimated model. seminr re-estimates
        the whole PLS model without the path instead (new weights, and for
        an interaction term the main-effects model), which gives slightly
        different values; to reproduce it, estimate the model without the
        path and use its R^2 as ``R2_excluded``.
        """
        names = self.model.names
        r = self.construct_correlation
        rows: dict[str, list[Any]] = {"from": [], "to": [], "f_squared": []}
        for target in self.model.endogenous:
            j = names.index(target)
            preds = [names.index(c) for c in self.model.predecessors(target)]
            r2_in = self.r2_values[j]
            for i in preds:
                rest = [k for k in preds if k != i]
                r2_out = 0.0
                if rest:
                    b = np.linalg.solve(r[np.ix_(rest, rest)], r[rest, j])
                    r2_out = float(b @ r[rest, j])
                rows["from"].append(names[i])
                rows["to"].append(target)
                rows["f_squared"].append((r2_in - r2_out) / (1.0 - r2_in))
        return _frame(rows)

    # -- model fit and effects ------------------------------------------------

    def _implied_construct_correlation(self) -> FloatArray:
        """Construct correlations implied by the structural model (recursive)."""
        names = self.model.names
        exo = [names.index(c) for c in self.model.exogenous]
        endo = [names.index(c) for c in self.model.endogenous]
        r = self.construct_correlation
        b = self.path_values[np.ix_(endo, endo)].T
        gamma = self.path_values[np.ix_(exo, endo)].T
        phi = r[np.ix_(exo, exo)]
        inv = np.linalg.inv(np.eye(len(endo)) - b)
        zeta = np.diag(1.0 - self.r2_values[endo])
        exo_endo = phi @ gamma.T @ inv.T
        endo_endo = inv @ (gamma @ phi @ gamma.T + zeta) @ inv.T
        np.fill_diagonal(endo_endo, 1.0)
        out = np.zeros_like(r)
        out[np.ix_(exo, exo)] = phi
        out[np.ix_(exo, endo)] = exo_endo
        out[np.ix_(endo, exo)] = exo_endo.T
        out[np.ix_(endo, endo)] = endo_endo
        return out

    def implied_correlation(self, *, saturated: bool = False) -> pd.DataFrame:
        """Model-implied indicator correlation matrix (see :meth:`model_fit`)."""
        import pandas as pd

        if not isinstance(saturated, (bool, np.bool_)):
            raise TypeError(f"saturated must be True or False; got {saturated!r}")
        spec = _compile(self.model)
        s = self.indicator_correlation
        r = self.construct_correlation if saturated else self._implied_construct_correlation()
        q = self.loading_values[:, None] * spec.mask  # (p, L)
        sigma = q @ r @ q.T
        factors = _factors(spec, self.options.consistent)
        for j, sl in enumerate(spec.slices):
            if factors[j]:
                block = np.outer(self.loading_values[sl], self.loading_values[sl])
                np.fill_diagonal(block, 1.0)
                sigma[sl, sl] = block
            else:
                sigma[sl, sl] = s[sl, sl]
        items = list(self.model.indicators)
        return _as_frame(pd.DataFrame(sigma, index=items, columns=items))

    def model_fit(self) -> pd.DataFrame:
        r"""Overall model fit: SRMR, d_ULS and d_G of the saturated and estimated models.

        Returns
        -------
        pandas.DataFrame
            Index ``saturated``, ``estimated``; columns ``srmr``, ``d_uls``,
            ``d_g``.

        Notes
        -----
        The indicator correlation matrix :math:`S` is compared with the
        model-implied :math:`\hat\Sigma`: within a composite block (every
        block of PLS, mode B blocks of PLSc) :math:`\hat\Sigma_{jj} =
        S_{jj}`; within a common factor (mode A block of PLSc)
        :math:`\lambda_j\lambda_j^\top` off the diagonal and 1 on it; between
        blocks :math:`\lambda_i \lambda_j^\top \rho_{ij}` with the loadings
        :math:`\lambda` and the construct correlations :math:`\rho`: as
        estimated (saturated model) or as implied by the path coefficients
        with disturbance variances :math:`1 - R^2` (estimated model).

        .. math::

            \mathrm{SRMR} = \sqrt{\tfrac{2}{p(p+1)} \sum_{i \le j}
            (s_{ij} - \hat\sigma_{ij})^2}, \quad
            d_{ULS} = \tfrac12 \sum_{i \ne j} (s_{ij} - \hat\sigma_{ij})^2, \quad
            d_G = \tfrac12 \sum_k (\ln \varphi_k)^2 ,

        with :math:`\varphi_k` the eigenvalues of :math:`S^{-1}\hat\Sigma`
        (Dijkstra and Henseler 2015; cSEM prints :math:`d_G` with base-10
        logarithms, i.e. this value over :math:`(\ln 10)^2`). SRMR below
        0.08 is the usual rule of thumb (Hu and Bentler 1999).

        References
        ----------
        .. [1] Dijkstra, T. K. and Henseler, J. (2015). Consistent and
           asymptotically normal PLS estimators for linear structural
           equations. *Computational Statistics & Data Analysis*, 81, 10-23.
        .. [2] Henseler, J. et al. (2014). Common beliefs and reality about
           PLS. *Organizational Research Methods*, 17(2), 182-209.
        """
        import pandas as pd

        s = self.indicator_correlation
        p = s.shape[0]
        rows = []
        for saturated in (True, False):
            sigma = self.implied_correlation(saturated=saturated).to_numpy()
            diff = s - sigma
            low = np.tril_indices(p)
            srmr = math.sqrt(float(np.mean(diff[low] ** 2)))
            d_uls = 0.5 * float(np.sum(diff**2))
            phi = np.linalg.eigvals(np.linalg.solve(s, sigma)).real
            d_g = 0.5 * float(np.sum(np.log(np.maximum(phi, 1e-300)) ** 2))
            rows.append((srmr, d_uls, d_g))
        return _as_frame(
            pd.DataFrame(
                rows,
                index=pd.Index(["saturated", "estimated"], name="model"),
                columns=["srmr", "d_uls", "d_g"],
            )
        )

    @property
    def indirect_effects(self) -> pd.DataFrame:
        """Every specific indirect effect: source, target, via (mediators), estimate.

        A specific indirect effect is the product of the path coefficients
        along one directed path through one or more mediators; the specific
        effects of a pair add up to its indirect effect (total minus direct).
        """
        spec = _compile(self.model)
        names = self.model.names
        rows: dict[str, list[Any]] = {"source": [], "target": [], "via": [], "estimate": []}
        for chain in _chains(spec):
            rows["source"].append(names[chain[0]])
            rows["target"].append(names[chain[-1]])
            rows["via"].append(" -> ".join(names[k] for k in chain[1:-1]))
            rows["estimate"].append(
                float(np.prod([self.path_values[a, b] for a, b in itertools.pairwise(chain)]))
            )
        return _frame(rows)

    def summary(self) -> str:
        """A text report: paths with inference, R^2, reliability and GoF."""
        lines = [
            f"PLS path model: {self.n_obs} observations, {len(self.model.names)} constructs, "
            f"{len(self.model.indicators)} indicators",
            f"scheme={self.options.scheme}, standardize={self.options.standardize}, "
            f"variance={self.options.variance}; converged in {self.iterations} iterations",
        ]
        if self.options.consistent:
            chosen = self.options.consistent
            which = "" if isinstance(chosen, bool) else " (" + ", ".join(chosen) + ")"
            lines.append(
                f"consistent PLS (PLSc): paths disattenuated by rho_A{which}; "
                "standard errors from bootstrap(..., consistent=...)"
            )
        lines += [
            "",
            "Paths",
        ]
        names = self.model.names
        width = max(len(n) for n in names)
        lines.append(
            f"  {'from':<{width}}  {'to':<{width}}  {'estimate':>9}  {'std_err':>8}  "
            f"{'t':>7}  {'p':>8}"
        )
        for i, j in self._edges():
            lines.append(
                f"  {names[i]:<{width}}  {names[j]:<{width}}  {self.path_values[i, j]:9.4f}  "
                f"{self.path_se[i, j]:8.4f}  {self.path_t[i, j]:7.2f}  {self.path_p[i, j]:8.4f}"
            )
        lines += ["", "R-squared"]
        for c in self.model.endogenous:
            k = names.index(c)
            lines.append(
                f"  {c:<{width}}  {self.r2_values[k]:.4f}  (adjusted {self.r2_adj_values[k]:.4f})"
            )
        rel = self.reliability
        lines += [
            "",
            "Reliability",
            f"  {'':<{width}}  {'alpha':>6}  {'rho_c':>6}  {'rho_a':>6}  {'AVE':>6}",
        ]
        for c in names:
            row = rel.loc[c]
            lines.append(
                f"  {c:<{width}}  {row['alpha']:6.3f}  {row['rho_c']:6.3f}  "
                f"{row['rho_a']:6.3f}  {row['ave']:6.3f}"
            )
        lines += ["", f"Goodness of fit: {self.gof:.4f}"]
        return "\n".join(lines)


# ---------------------------------------------------------------------------
# estimate
# ---------------------------------------------------------------------------


def _unidim(spec: _Spec, corr: FloatArray) -> FloatArray:
    out = np.zeros((spec.lvs, 4))
    for j, sl in enumerate(spec.slices):
        k = sl.stop - sl.start
        if k == 1:
            out[j] = (1.0, 1.0, 1.0, 0.0)
            continue
        r = corr[sl, sl]
        total = float(r.sum())
        alpha = (k / (k - 1)) * (total - k) / total
        eig, vec = np.linalg.eigh(r)
        lam1 = float(eig[-1])
        pc = np.sqrt(lam1) * vec[:, -1]
        num = float(pc.sum()) ** 2
        out[j] = (max(alpha, 0.0), num / (num + k - lam1), lam1, float(eig[-2]))
    return out


def estimate(
    model: PathModel,
    data: pd.DataFrame | Mapping[str, Any] | Moments,
    *,
    convention: Convention | None = None,
    scheme: Scheme | None = None,
    standardize: bool | None = None,
    variance: Variance | None = None,
    tol: float | None = None,
    max_iter: int | None = None,
    criterion: Criterion | None = None,
    consistent: bool | Sequence[str] = False,
    missing: Missing = "raise",
) -> PLSResult:
    r"""Estimate a PLS path model (偏最小二乘路径模型) on survey data.

    Parameters
    ----------
    model : PathModel
        The specification.
    data : pandas.DataFrame or Moments
        One row per respondent; the columns named by the model's blocks are
        used and any other column is ignored. A mapping of column name to
        values is accepted too. Or the :class:`Moments` of such data
        (count, means, cross-products, see :func:`moments`): every estimate
        is the same as from the data, except what needs the rows (construct
        scores, :func:`bootstrap`, the ``missing`` policies).
    convention : {"plspm", "seminr"}, optional
        Start from the option set of a reference tool: ``"plspm"`` (R plspm:
        centroid scheme, population variance, ``tol=1e-6``,
        ``max_iter=100``, stopping rule ``"squared"``) or ``"seminr"`` (R
        seminr and SmartPLS: path scheme, sample variance, ``tol=1e-7``,
        ``max_iter=300``, stopping rule ``"absolute"``). Without a convention
        the seminr set is used. Options given explicitly override it.
    scheme : {"centroid", "factorial", "path"}, optional
        Inner weighting scheme.
    standardize : bool, optional
        Standardise the indicators (default). ``False`` only centres them
        (plspm's ``scaled=FALSE``): weights are then in the items' units.
    variance : {"sample", "population"}, optional
        Divisor (n - 1 or n) of the variances that standardise the
        indicators and the construct scores.
    tol : float, optional
        Tolerance of the stopping rule.
    max_iter : int, optional
        Maximum number of iterations.
    criterion : {"absolute", "squared"}, optional
        Stopping rule: ``"absolute"`` stops when the sum of absolute changes
        of the (unit-variance) outer weights falls below ``tol`` (seminr);
        ``"squared"`` when the sum of squared changes of the absolute
        un-normalised weights does (R plspm).
    consistent : bool or list of str
        Consistent PLS (PLSc, 一致性偏最小二乘): disattenuate the construct
        correlations of reflective (common-factor) blocks by their
        reliability rho_A before the structural regressions, and report
        consistent loadings for them. ``True`` treats every mode A block as
        a common factor; a list names the common factors, and the other
        mode A blocks stay composites (seminr's ``reflective`` and
        ``composite``); mode B blocks are never corrected. The OLS standard
        errors of the paths are then NaN: use :func:`bootstrap`.
    missing : {"raise", "listwise", "mean"}
        Missing values in the model's columns: refuse (default), drop the
        rows with any (``"listwise"``), or replace them by the column mean.
        Only ``"raise"`` with :class:`Moments`, which hold complete rows.

    Returns
    -------
    PLSResult
        Weights, loadings, scores, paths with standard errors, R^2, effects,
        reliability and validity tables, goodness of fit and convergence
        information.

    Raises
    ------
    ValueError
        Indicators missing from the data, missing values with
        ``missing="raise"``, zero-variance indicators, a singular mode B
        block, or invalid options.
    TypeError
        Non-numeric indicator columns or options of the wrong kind.
    custvalue.exceptions.ConvergenceError
        The stopping rule was not met within ``max_iter`` iterations (the
        message gives the iterations and the last change).

    See Also
    --------
    bootstrap : standard errors and confidence intervals by resampling.
    custvalue.satisfaction.ecsi_model : a ready-made satisfaction model.

    Notes
    -----
    With indicators :math:`x_{jh}` of block :math:`j` (centred, optionally
    standardised) and outer weights :math:`w_j`, the outer estimate of
    construct :math:`j` is :math:`y_j \propto X_j w_j` scaled to unit
    variance, and the inner estimate is

    .. math::

        z_j = \sum_{i \ne j} e_{ij} y_i ,

    with :math:`e_{ij} = \operatorname{sign} \operatorname{cor}(y_i, y_j)`
    (centroid), :math:`\operatorname{cor}(y_i, y_j)` (factorial), or, in the
    path scheme, the correlation for constructs that :math:`j` points to and
    the multiple-regression coefficient of :math:`y_j` on its predecessors
    for those pointing to :math:`j`. New weights are
    :math:`w_j \propto X_j^\top z_j` (mode A) or
    :math:`(X_j^\top X_j)^{-1} X_j^\top z_j` (mode B). After convergence the
    path coefficients are the OLS regressions of each endogenous score on its
    predecessors, total effects are :math:`(I - B)^{-1} - I`, and

    .. math::

        \mathrm{GoF} = \sqrt{\overline{\mathrm{communality}} \times
        \overline{R^2}} .

    With ``consistent=True`` (Dijkstra and Henseler 2015), each mode A
    block's weights :math:`\hat w` (correlation scale, unit score variance)
    give :math:`\hat c^2 = \hat w^\top (S - \operatorname{diag} S) \hat w /
    \hat w^\top (\hat w \hat w^\top - \operatorname{diag}(\hat w \hat
    w^\top)) \hat w`, the reliability :math:`\rho_A = (\hat w^\top \hat
    w)^2 \hat c^2`, consistent loadings :math:`\hat c \hat w` and the
    disattenuated correlations :math:`r_{ij} / \sqrt{\rho_{A,i}
    \rho_{A,j}}` (:math:`\rho_A = 1` for mode B and one-indicator
    blocks) on which the paths are estimated. A PLSc estimate with a
    :math:`\rho_A` above 1 or a disattenuated correlation beyond 1 is
    inadmissible and warned about; a :math:`\rho_A \le 0` is refused.

    A construct whose indicators mostly correlate negatively with its score
    is reversed, scores and weights alike (plspm reverses the scores); when
    they split evenly (a reverse-coded item in a block of two), it is
    reversed if their correlations with it sum to less than zero. The
    iterations run on the indicators' covariance matrix, which keeps an
    estimation to a few milliseconds and lets :func:`bootstrap` estimate
    thousands of resamples together.

    References
    ----------
    .. [1] Wold, H. (1982). Soft modeling: the basic design and some
       extensions. In K. G. Jöreskog and H. Wold (eds.), *Systems under
       indirect observation*, part II, 1-54. North-Holland.
    .. [2] Lohmöller, J.-B. (1989). *Latent variable path modeling with
       partial least squares*. Physica.
    .. [3] Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M. and Lauro, C.
       (2005). PLS path modeling. *Computational Statistics & Data
       Analysis*, 48(1), 159-205.
    .. [4] Sanchez, G. (2013). *PLS path modeling with R*. Trowchez Editions.
    .. [5] Dijkstra, T. K. and Henseler, J. (2015). Consistent partial least
       squares path modeling. *MIS Quarterly*, 39(2), 297-316.

    Examples
    --------
    >>> from custvalue.datasets import simulate_survey
    >>> from custvalue.pls import PathModel, estimate
    >>> model = PathModel(
    ...     {"quality": ["q1", "q2", "q3"], "satisfaction": ["s1", "s2", "s3"]},
    ...     [("quality", "satisfaction")],
    ... )
    >>> survey = simulate_survey(model, n=400, paths={("quality", "satisfaction"): 0.6},
    ...                          loadings=0.85, rng=1)
    >>> fit = estimate(model, survey.data)
    >>> round(float(fit.path_values[0, 1]), 2)
    0.52
    >>> fit.paths[["from", "to"]]
          from            to
    0  quality  satisfaction
    """
    if not isinstance(model, PathModel):
        raise TypeError(f"model must be a PathModel; got {type(model).__name__}")
    opts = _options(convention, scheme, standardize, variance, tol, max_iter, criterion, consistent)
    _check_factors(model, opts.consistent)
    miss = check_option(missing, "missing", _MISSING)
    if isinstance(data, Moments):
        if miss != "raise":
            raise ValueError(
                f"missing={miss!r} handles missing values row by row and needs the data; "
                "moments are computed from complete rows (moments(..., missing='listwise'))"
            )
        return _fit(model, opts, _select(model, data), None, None)
    x, labels = _extract(model, data, miss)
    return _fit(model, opts, _moments_of(x, model.indicators), x, labels)


def _select(model: PathModel, mom: Moments) -> Moments:
    """The moments of the model's indicators, in block order, checked."""
    names = model.indicators
    absent = [c for c in names if c not in mom.columns]
    if absent:
        raise ValueError(
            f"the moments have no column {absent[0]!r} named by the model"
            + (f" (and {len(absent) - 1} more)" if len(absent) > 1 else "")
        )
    order = [mom.columns.index(c) for c in names]
    sub = Moments(
        count=mom.count,
        columns=names,
        mean=mom.mean[order],
        cross_products=mom.cross_products[np.ix_(order, order)],
    )
    if sub.count < 3:
        raise ValueError(f"data must have at least 3 complete rows; the moments count {sub.count}")
    sd = np.sqrt(np.maximum(np.diag(sub.cross_products), 0.0) / sub.count)
    flat = sd <= 1e-12 * np.maximum(1.0, np.abs(sub.mean))
    if flat.any():
        k = int(np.flatnonzero(flat)[0])
        raise ValueError(
            f"indicator {names[k]!r} has zero variance (every row is {sub.mean[k]:g}); "
            "drop it from its block"
        )
    return sub


def _check_factors(model: PathModel, consistent: bool | tuple[str, ...]) -> None:
    """The constructs named by ``consistent`` exist and are mode A."""
    if isinstance(consistent, bool):
        return
    for name in consistent:
        if name not in model.names:
            raise ValueError(
                f"consistent names {name!r}, which is not a construct of the model; "
                "constructs: " + ", ".join(repr(c) for c in model.names)
            )
        if model.modes[name] == "B":
            raise ValueError(
                f"consistent names {name!r}, a mode B (formative) block; PLSc corrects "
                "reflective (mode A) blocks only"
            )


def _check_consistent(
    model: PathModel, rho_a: FloatArray, corr: FloatArray, factors: Any = None
) -> None:
    import warnings

    names = model.names
    if factors is not None:
        rho_a = np.where(factors, rho_a, 1.0)
    bad = np.flatnonzero(rho_a <= 0)
    if bad.size:
        raise ValueError(
            f"consistent=True needs a positive rho_A, but block {names[int(bad[0])]!r} has "
            f"rho_A = {rho_a[int(bad[0])]:.3g} (its indicators do not measure one factor); "
            "model it as mode B or drop indicators"
        )
    problems = []
    over = np.flatnonzero(rho_a > 1.0 + 1e-12)
    if over.size:
        problems.append(f"rho_A of {names[int(over[0])]!r} is {rho_a[int(over[0])]:.3f} > 1")
    off = np.abs(corr - np.eye(len(names)))
    if off.max() > 1.0:
        i, j = np.unravel_index(int(np.argmax(off)), off.shape)
        problems.append(
            f"the disattenuated correlation of {names[int(i)]!r} and {names[int(j)]!r} is "
            f"{corr[i, j]:.3f}"
        )
    elif np.linalg.eigvalsh(corr)[0] < -1e-12:
        problems.append("the disattenuated construct correlation matrix is not positive definite")
    if problems:
        warnings.warn(
            "PLSc estimate is inadmissible: " + "; ".join(problems),
            DegenerateDataWarning,
            stacklevel=4,  # caller -> estimate -> _fit -> here
        )


def _warn_perfect_fit(name: str, r2: float) -> None:
    import warnings

    warnings.warn(
        f"the structural regression of {name!r} fits perfectly (R^2 = {r2:.15g}): its "
        "predecessors determine it exactly, so the standard errors of its paths are 0 and "
        "their t and p values undefined (NaN)",
        DegenerateDataWarning,
        stacklevel=4,  # caller -> estimate -> _fit -> here
    )


def _fit(
    model: PathModel,
    opts: EstimationOptions,
    mom: Moments,
    x: FloatArray | None,
    labels: tuple[Any, ...] | None,
) -> PLSResult:
    spec = _compile(model)
    n = mom.count
    ddof = 1 if opts.variance == "sample" else 0
    means = mom.mean
    cov_raw_pop = mom.cross_products / n
    sd_raw = np.sqrt(np.diag(cov_raw_pop) * n / (n - ddof))
    if opts.standardize:
        scales = sd_raw
        cov_pop = cov_raw_pop / np.outer(scales, scales)
    else:
        scales = np.ones(spec.p)
        cov_pop = cov_raw_pop
    cov_pop = cov_pop[None]
    _check_mode_b(spec, model, cov_pop)
    fit = _core(
        spec,
        cov_pop,
        n,
        scheme=opts.scheme,
        criterion=opts.criterion,
        variance=opts.variance,
        tol=opts.tol,
        max_iter=opts.max_iter,
    )
    if not fit.converged[0]:
        raise ConvergenceError(
            f"PLS iterations did not converge within max_iter={opts.max_iter} iterations "
            f"(last change {fit.last_change[0]:.3g}, tol={opts.tol:g}); raise max_iter or tol"
        )
    c = 1.0 if opts.variance == "population" else (n - 1) / n
    cov_used = cov_pop / c
    inner = _inner(spec, cov_used, fit.weights, opts.consistent)
    w_mat = fit.weights[0]
    scores = None if x is None else ((x - means) / scales) @ w_mat
    weights = np.einsum("pl,pl->p", w_mat, spec.mask)

    # structural regressions: OLS with intercept on the scores
    lvs = spec.lvs
    corr = inner.corr[0]
    path = inner.path[0]
    r2 = inner.r2[0]
    se = np.zeros((lvs, lvs))
    tval = np.zeros((lvs, lvs))
    pval = np.zeros((lvs, lvs))
    r2_adj = np.zeros(lvs)
    if opts.consistent:
        _check_consistent(model, inner.rho_a[0], corr, inner.factors)
    for j, preds in spec.predecessors:
        p_idx = list(preds)
        k = len(p_idx)
        df = n - k - 1
        r2_adj[j] = 1.0 - (1.0 - r2[j]) * (n - 1) / df
        if opts.consistent:
            # OLS standard errors do not hold for disattenuated paths: bootstrap them
            se[p_idx, j] = tval[p_idx, j] = pval[p_idx, j] = np.nan
            continue
        if 1.0 - r2[j] <= 1e-12:
            _warn_perfect_fit(model.names[j], r2[j])
            se[p_idx, j] = 0.0
            tval[p_idx, j] = pval[p_idx, j] = np.nan
            continue
        inv = np.linalg.inv(corr[np.ix_(p_idx, p_idx)])
        s = np.sqrt((1.0 - r2[j]) / df * np.diag(inv))
        se[p_idx, j] = s
        tval[p_idx, j] = path[p_idx, j] / s
        pval[p_idx, j] = 2.0 * special.stdtr(df, -np.abs(tval[p_idx, j]))

    sd_all = np.sqrt(np.diag(cov_raw_pop))
    ind_corr = cov_raw_pop / np.outer(sd_all, sd_all)
    unidim = _unidim(spec, ind_corr)
    loadings = inner.loadings[0]
    multi = np.array([sl.stop - sl.start > 1 for sl in spec.slices])[spec.block_of]
    endo = [j for j, _ in spec.predecessors]
    mean_comm = float(np.mean(loadings[multi] ** 2)) if multi.any() else float("nan")
    gof = math.sqrt(mean_comm * float(np.mean(r2[endo]))) if endo and multi.any() else math.nan
    return PLSResult(
        model=model,
        options=opts,
        n_obs=n,
        moments=mom,
        weight_values=frozen_array(weights, copy=False),
        loading_values=frozen_array(loadings, copy=False),
        crossloading_values=frozen_array(inner.cross[0], copy=False),
        score_values=None if scores is None else frozen_array(scores, copy=False),
        path_values=frozen_array(path, copy=False),
        path_se=frozen_array(se, copy=False),
        path_t=frozen_array(tval, copy=False),
        path_p=frozen_array(pval, copy=False),
        total_values=frozen_array(inner.total[0], copy=False),
        r2_values=frozen_array(r2, copy=False),
        r2_adj_values=frozen_array(r2_adj, copy=False),
        construct_correlation=frozen_array(corr, copy=False),
        indicator_correlation=frozen_array(ind_corr, copy=False),
        indicator_means=frozen_array(means),
        indicator_scales=frozen_array(scales, copy=False),
        # a copy: x may share memory with the caller's data
        data_values=None if x is None else frozen_array(x),
        row_labels=labels,
        unidim_values=frozen_array(unidim, copy=False),
        gof=gof,
        iterations=int(fit.iterations[0]),
        converged=bool(fit.converged[0]),
        last_change=float(fit.last_change[0]),
    )


# ---------------------------------------------------------------------------
# bootstrap
# ---------------------------------------------------------------------------

Interval = Literal["percentile", "bca"]
_INTERVALS: tuple[Interval, ...] = ("percentile", "bca")
_CHUNK = 250  # resamples per batch; fixed so results do not depend on ``workers``
_KINDS = (
    "weight",
    "loading",
    "path",
    "total_effect",
    "indirect_effect",
    "r_squared",
    "htmt",
)


@attrs.frozen
class _Pairs:
    edges: tuple[list[int], list[int]]
    reach: tuple[list[int], list[int]]
    endogenous: list[int]
    chains: tuple[tuple[int, ...], ...]  # every directed path with >= 1 mediator
    blocks: tuple[list[int], list[int]]  # construct pairs i < j for HTMT


def _chains(spec: _Spec) -> tuple[tuple[int, ...], ...]:
    succ = [list(np.flatnonzero(spec.adjacency[i])) for i in range(spec.lvs)]
    out: list[tuple[int, ...]] = []

    def walk(chain: tuple[int, ...]) -> None:
        for nxt in succ[chain[-1]]:
            longer = (*chain, int(nxt))
            if len(longer) >= 3:
                out.append(longer)
            walk(longer)

    for start in range(spec.lvs):
        walk((start,))
    # order: by source, then target, then the mediators
    return tuple(sorted(out, key=lambda ch: (ch[0], ch[-1], ch[1:-1])))


def _pairs(model: PathModel, spec: _Spec) -> _Pairs:
    names = model.names
    edges_i: list[int] = []
    edges_j: list[int] = []
    for target in model.endogenous:
        for source in model.predecessors(target):
            edges_i.append(names.index(source))
            edges_j.append(names.index(target))
    reach = np.argwhere(spec.reach)
    upper = np.argwhere(np.triu(np.ones((spec.lvs, spec.lvs), dtype=bool), k=1))
    return _Pairs(
        edges=(edges_i, edges_j),
        reach=([int(i) for i in reach[:, 0]], [int(j) for j in reach[:, 1]]),
        endogenous=[names.index(c) for c in model.endogenous],
        chains=_chains(spec),
        blocks=([int(i) for i in upper[:, 0]], [int(j) for j in upper[:, 1]]),
    )


def _labels(model: PathModel, pairs: _Pairs) -> tuple[list[str], list[str], list[str], list[str]]:
    names = model.names
    kinds: list[str] = []
    first: list[str] = []
    second: list[str] = []
    via: list[str] = []

    def add(kind: str, a: str, b: str, through: str = "") -> None:
        kinds.append(kind)
        first.append(a)
        second.append(b)
        via.append(through)

    for kind in ("weight", "loading"):
        for construct, block in model.constructs.items():
            for item in block:
                add(kind, construct, item)
    for i, j in zip(*pairs.edges, strict=True):
        add("path", names[i], names[j])
    for i, j in zip(*pairs.reach, strict=True):
        add("total_effect", names[i], names[j])
    for chain in pairs.chains:
        add(
            "indirect_effect",
            names[chain[0]],
            names[chain[-1]],
            " -> ".join(names[k] for k in chain[1:-1]),
        )
    for j in pairs.endogenous:
        add("r_squared", names[j], "")
    for i, j in zip(*pairs.blocks, strict=True):
        add("htmt", names[i], names[j])
    return kinds, first, second, via


def _htmt_batch(spec: _Spec, pairs: _Pairs, cov: FloatArray) -> FloatArray:
    """HTMT of every construct pair i < j from (batches of) indicator covariances."""
    sd = np.sqrt(np.diagonal(cov, axis1=1, axis2=2))
    r = np.abs(cov / (sd[:, :, None] * sd[:, None, :]))
    sums = np.swapaxes(spec.mask, 0, 1) @ r @ spec.mask  # (B, L, L) block sums
    k = spec.mask.sum(axis=0)
    mono = np.where(
        k > 1, (np.diagonal(sums, axis1=1, axis2=2) - k) / np.maximum(k * (k - 1), 1), 1.0
    )
    i, j = pairs.blocks
    hetero = sums[:, i, j] / (k[i] * k[j])
    out: FloatArray = hetero / np.sqrt(mono[:, i] * mono[:, j])
    return out


def _statistics(
    spec: _Spec, fit: _CoreFit, inner: _Inner, pairs: _Pairs, cov: FloatArray
) -> FloatArray:
    weights = np.einsum("bpl,pl->bp", fit.weights, spec.mask)
    edges_i, edges_j = pairs.edges
    reach_i, reach_j = pairs.reach
    indirect = np.ones((cov.shape[0], len(pairs.chains)))
    for k, chain in enumerate(pairs.chains):
        for a, b in itertools.pairwise(chain):
            indirect[:, k] *= inner.path[:, a, b]
    return np.concatenate(
        [
            weights,
            inner.loadings,
            inner.path[:, edges_i, edges_j],
            inner.total[:, reach_i, reach_j],
            indirect,
            inner.r2[:, pairs.endogenous],
            _htmt_batch(spec, pairs, cov),
        ],
        axis=1,
    )


def _batch_cov(
    xc: FloatArray, xx: FloatArray, counts: FloatArray, standardize: bool, c: float
) -> tuple[FloatArray, FloatArray]:
    """Population covariance (used scale) and raw variances of weighted resamples."""
    n = xc.shape[0]
    p = xc.shape[1]
    m1 = counts @ xc / n
    m2 = (counts @ xx / n).reshape(-1, p, p)
    cov = m2 - m1[:, :, None] * m1[:, None, :]
    var = np.diagonal(cov, axis1=1, axis2=2).copy()
    if standardize:
        sd = np.sqrt(np.maximum(var, 1e-300))
        cov = cov / (sd[:, :, None] * sd[:, None, :]) * c
    return cov, var


def _invalid(spec: _Spec, cov: FloatArray, var: FloatArray, var_full: FloatArray) -> Any:
    bad = (var <= 1e-10 * var_full).any(axis=1)
    for j in spec.mode_b:
        sl = spec.slices[j]
        block = cov[:, sl, sl]
        sd = np.sqrt(np.maximum(np.diagonal(block, axis1=1, axis2=2), 1e-300))
        corr = block / (sd[:, :, None] * sd[:, None, :])
        with np.errstate(all="ignore"):
            cond = np.linalg.cond(corr)
        bad |= ~(cond < 1e12)
    return bad


@attrs.frozen
class _Chunk:
    stats: FloatArray
    converged: np.ndarray[Any, np.dtype[np.bool_]]
    admissible: np.ndarray[Any, np.dtype[np.bool_]]
    redraws: int


def _run_chunk(
    spec: _Spec,
    pairs: _Pairs,
    opts: EstimationOptions,
    xc: FloatArray,
    xx: FloatArray,
    var_full: FloatArray,
    seeds: Sequence[np.random.SeedSequence],
) -> _Chunk:
    n = xc.shape[0]
    c = 1.0 if opts.variance == "population" else (n - 1) / n
    gens = [np.random.Generator(np.random.PCG64(s)) for s in seeds]
    counts = np.stack([np.bincount(g.integers(0, n, size=n), minlength=n) for g in gens])
    weights = counts.astype(np.float64)
    cov, var = _batch_cov(xc, xx, weights, opts.standardize, c)
    bad = _invalid(spec, cov, var, var_full)
    redraws = 0
    for k in np.flatnonzero(bad):
        for _attempt in range(1000):
            redraws += 1
            row = np.bincount(gens[k].integers(0, n, size=n), minlength=n).astype(np.float64)
            one, one_var = _batch_cov(xc, xx, row[None], opts.standardize, c)
            if not _invalid(spec, one, one_var, var_full)[0]:
                cov[k] = one[0]
                break
        else:  # pragma: no cover - needs a pathological data set
            raise ValueError(
                "bootstrap could not draw a resample in which every indicator varies "
                "(1000 attempts); the data have too few distinct rows"
            )
    return _estimate_batch(spec, pairs, opts, cov, n, redraws)


def _estimate_batch(
    spec: _Spec,
    pairs: _Pairs,
    opts: EstimationOptions,
    cov: FloatArray,
    n: int,
    redraws: int = 0,
) -> _Chunk:
    c = 1.0 if opts.variance == "population" else (n - 1) / n
    fit = _core(
        spec,
        cov,
        n,
        scheme=opts.scheme,
        criterion=opts.criterion,
        variance=opts.variance,
        tol=opts.tol,
        max_iter=opts.max_iter,
    )
    inner = _inner(spec, cov / c, fit.weights, opts.consistent)
    admissible: np.ndarray[Any, np.dtype[np.bool_]] = np.ones(cov.shape[0], dtype=bool)
    if opts.consistent:
        admissible = inner.admissible
    stats = _statistics(spec, fit, inner, pairs, cov)
    return _Chunk(stats, fit.converged, admissible, redraws)


def _seed_sequence(rng: object) -> np.random.SeedSequence:
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if rng is None:
        return np.random.SeedSequence()
    if isinstance(rng, (bool, np.bool_)):
        raise TypeError(f"rng must be None, an int seed or a numpy Generator; got {rng!r}")
    if isinstance(rng, (int, np.integer)):
        if rng < 0:
            raise ValueError(f"rng must be a non-negative int seed; got {rng}")
        return np.random.SeedSequence(int(rng))
    if isinstance(rng, np.random.Generator):
        return np.random.SeedSequence(rng.integers(0, 2**63, size=4).tolist())
    raise TypeError(
        f"rng must be None, an int seed or a numpy.random.Generator; got {type(rng).__name__}"
    )


def _quantiles(sorted_values: FloatArray, probs: FloatArray) -> FloatArray:
    """Linear-interpolation quantiles, one probability per column."""
    b = sorted_values.shape[0]
    pos = np.clip(probs, 0.0, 1.0) * (b - 1)
    lo = np.floor(pos).astype(np.intp)
    hi = np.minimum(lo + 1, b - 1)
    frac = pos - lo
    cols = np.arange(sorted_values.shape[1])
    out: FloatArray = sorted_values[lo, cols] * (1 - frac) + sorted_values[hi, cols] * frac
    return out


def _bca_probabilities(
    replicates: FloatArray, estimates: FloatArray, jackknife: FloatArray, probs: FloatArray
) -> FloatArray:
    r"""BCa-adjusted probabilities (Efron 1987) for nominal probabilities ``probs``.

    Returns an array (len(probs), k): :math:`\Phi(\hat z_0 + (\hat z_0 +
    z_q) / (1 - \hat a (\hat z_0 + z_q)))` with the bias correction
    :math:`\hat z_0` (ties counted half) and the jackknife acceleration
    :math:`\hat a = \sum d_i^3 / (6 (\sum d_i^2)^{3/2})`,
    :math:`d_i = \bar\theta_{(\cdot)} - \theta_{(i)}`.
    """
    b, k = replicates.shape
    below = (replicates < estimates).sum(axis=0)
    ties = (replicates == estimates).sum(axis=0)
    share = np.clip((below + 0.5 * ties) / b, 0.5 / b, 1 - 0.5 / b)
    z0 = special.ndtri(share)
    dev = jackknife.mean(axis=0) - jackknife
    num = (dev**3).sum(axis=0)
    den = 6.0 * (dev**2).sum(axis=0) ** 1.5
    accel = np.divide(num, den, out=np.zeros(k), where=den > 0)
    out = []
    for q in probs:
        z = z0 + special.ndtri(q)
        out.append(special.ndtr(z0 + z / (1 - accel * z)))
    return np.array(out)


_TABLE_COLUMNS = ("estimate", "boot_mean", "std_error", "t_value", "p_value", "low", "high")


@attrs.frozen(eq=False, repr=False)
class BootstrapResult(ResultMixin):
    """Bootstrap distribution of a PLS path model's estimates.

    Attributes
    ----------
    statistic, source, target, via : tuple of str
        Label of each estimate: its kind (``"weight"``, ``"loading"``,
        ``"path"``, ``"total_effect"``, ``"indirect_effect"``,
        ``"r_squared"``, ``"htmt"``), the construct / indicator or from / to
        constructs it belongs to, and for a specific indirect effect its
        mediators (``"EXPE -> QUAL"``; empty otherwise).
    estimates : numpy.ndarray
        The estimates on the full sample.
    replicates : numpy.ndarray
        One row per converged (and, with PLSc, admissible) resample, one
        column per estimate.
    jackknife : numpy.ndarray or None
        Leave-one-out estimates (rows x estimates), present when the
        bootstrap ran with ``interval="bca"``.
    n_resamples : int
        Resamples requested.
    n_redraws : int
        Resamples redrawn because an indicator had zero variance (or a mode B
        block was singular) in them.
    n_failed : int
        Resamples whose PLS iterations did not converge (left out, with a
        :class:`~custvalue.exceptions.ConvergenceWarning`).
    n_inadmissible : int
        PLSc resamples with a rho_A <= 0 (left out, with a warning).
    interval : {"percentile", "bca"}
        The default interval method of the tables.
    result : PLSResult
        The full-sample estimation.
    """

    statistic: tuple[str, ...]
    source: tuple[str, ...]
    target: tuple[str, ...]
    via: tuple[str, ...]
    estimates: FloatArray
    replicates: FloatArray
    jackknife: FloatArray | None
    n_resamples: int
    n_redraws: int
    n_failed: int
    n_inadmissible: int
    interval: Interval
    result: PLSResult

    def __repr__(self) -> str:
        return (
            f"BootstrapResult(n_resamples={self.n_resamples}, redraws={self.n_redraws}, "
            f"failed={self.n_failed}, inadmissible={self.n_inadmissible}, "
            f"interval={self.interval!r})"
        )

    # -- per-estimate arrays ----------------------------------------------------

    @property
    def mean(self) -> FloatArray:
        """Bootstrap mean of every estimate."""
        out: FloatArray = self.replicates.mean(axis=0)
        return out

    @property
    def std_error(self) -> FloatArray:
        """Bootstrap standard error (standard deviation with divisor B - 1)."""
        out: FloatArray = self.replicates.std(axis=0, ddof=1)
        return out

    @property
    def p_values(self) -> FloatArray:
        r"""Two-sided bootstrap p values of "estimate = 0".

        :math:`p = \min\{1, 2 \min(\#\{\theta^* \le 0\} + 1, \#\{\theta^* \ge
        0\} + 1) / (B + 1)\}`: the smallest :math:`\alpha` at which the
        equal-tailed percentile interval excludes 0 (Davison and Hinkley
        1997, with their +1 correction so that p is never 0).
        """
        b = self.replicates.shape[0]
        low = (self.replicates <= 0).sum(axis=0) + 1
        high = (self.replicates >= 0).sum(axis=0) + 1
        out: FloatArray = np.minimum(1.0, 2.0 * np.minimum(low, high) / (b + 1))
        return out

    def _index(self) -> pd.MultiIndex:
        import pandas as pd

        out: pd.MultiIndex = pd.MultiIndex.from_arrays(
            [list(self.statistic), list(self.source), list(self.target), list(self.via)],
            names=["statistic", "source", "target", "via"],
        )
        return out

    def _limits(self, level: float, interval: Interval) -> tuple[FloatArray, FloatArray]:
        alpha = 1.0 - level
        probs = np.array([alpha / 2, 1 - alpha / 2])
        k = self.replicates.shape[1]
        sorted_values = np.sort(self.replicates, axis=0)
        if interval == "percentile":
            p = np.repeat(probs[:, None], k, axis=1)
        else:
            if self.jackknife is None:
                raise ValueError(
                    "interval='bca' needs the jackknife estimates; run "
                    "bootstrap(..., interval='bca')"
                )
            p = _bca_probabilities(self.replicates, self.estimates, self.jackknife, probs)
        return _quantiles(sorted_values, p[0]), _quantiles(sorted_values, p[1])

    def _check(self, level: object, interval: object) -> tuple[float, Interval]:
        lvl = as_scalar(level, "level", "(0, 1)")
        how = self.interval if interval is None else check_option(interval, "interval", _INTERVALS)
        return lvl, how

    def confidence_interval(
        self, *, level: float = 0.95, interval: Interval | None = None
    ) -> ConfidenceInterval:
        r"""Two-sided confidence limits of every estimate.

        Parameters
        ----------
        level : float
            Confidence level in (0, 1).
        interval : {"percentile", "bca"}, optional
            Percentile interval, or the bias-corrected and accelerated
            interval of Efron (1987); defaults to the method of the run.

        Returns
        -------
        ConfidenceInterval
            ``low`` and ``high`` are Series indexed like :meth:`to_frame`
            (statistic, source, target, via).

        Notes
        -----
        BCa replaces the percentiles :math:`\alpha/2, 1-\alpha/2` by
        :math:`\Phi\big(\hat z_0 + (\hat z_0 + z)/(1 - \hat a(\hat z_0 + z))\big)`
        with bias correction :math:`\hat z_0 = \Phi^{-1}(\#\{\theta^* <
        \hat\theta\}/B)` (ties counted half) and acceleration
        :math:`\hat a` from the jackknife skewness.
        """
        import pandas as pd

        lvl, how = self._check(level, interval)
        low, high = self._limits(lvl, how)
        index = self._index()
        return ConfidenceInterval(
            low=pd.Series(low, index=index, name="low"),
            high=pd.Series(high, index=index, name="high"),
            level=lvl,
        )

    def to_frame(self, *, level: float = 0.95, interval: Interval | None = None) -> pd.DataFrame:
        """The inference table of every estimate.

        Index: statistic, source, target, via. Columns: estimate, boot_mean,
        std_error, t_value (estimate / standard error), p_value (two-sided,
        see :attr:`p_values`), low, high (the ``level`` interval).
        """
        import pandas as pd

        lvl, how = self._check(level, interval)
        low, high = self._limits(lvl, how)
        se = self.std_error
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(se > 0, self.estimates / np.where(se > 0, se, 1.0), np.nan)
        out: pd.DataFrame = pd.DataFrame(
            {
                "estimate": self.estimates,
                "boot_mean": self.mean,
                "std_error": se,
                "t_value": t,
                "p_value": self.p_values,
                "low": low,
                "high": high,
            },
            index=self._index(),
        )
        return out

    def table(
        self, statistic: str, *, level: float = 0.95, interval: Interval | None = None
    ) -> pd.DataFrame:
        """The inference table of one kind of estimate.

        Parameters
        ----------
        statistic : str
            The kind: ``"path"``, ``"total_effect"``, ``"indirect_effect"``,
            ``"loading"``, ``"weight"``, ``"r_squared"`` or ``"htmt"``.
        level, interval
            As :meth:`to_frame`.

        Returns
        -------
        pandas.DataFrame
            Indexed by (source, target) -- for loadings and weights
            (construct, indicator), for specific indirect effects (source,
            target, via), for R^2 the construct -- with the columns of
            :meth:`to_frame`.
        """
        kind = check_option(statistic, "statistic", _KINDS)
        frame = self.to_frame(level=level, interval=interval)
        mask = frame.index.get_level_values("statistic") == kind
        part = frame[mask].droplevel("statistic")  # empty for a model without such estimates
        if kind == "indirect_effect":
            return _as_frame(part)
        part = part.droplevel("via")
        if kind in ("loading", "weight"):
            part.index = part.index.set_names(["construct", "indicator"])
        elif kind == "r_squared":
            part = part.droplevel("target")
            part.index = part.index.set_names("construct")
        return _as_frame(part)

    def path_table(self, *, level: float = 0.95, interval: Interval | None = None) -> pd.DataFrame:
        """Path coefficients with bootstrap inference, indexed by (source, target).

        Columns: estimate, boot_mean, std_error, t_value, p_value, low, high.

        Examples
        --------
        >>> from custvalue.datasets import simulate_survey
        >>> from custvalue.pls import PathModel, bootstrap
        >>> model = PathModel({"a": ["a1", "a2"], "b": ["b1", "b2"]}, [("a", "b")])
        >>> data = simulate_survey(model, n=200, paths=0.4, loadings=0.8, rng=1).data
        >>> bootstrap(model, data, n_resamples=200, rng=2).path_table().round(3)
                       estimate  boot_mean  std_error  t_value  p_value   low   high
        source target...
        a      b          0.3...
        """
        return self.table("path", level=level, interval=interval)

    def htmt_table(self, *, level: float = 0.95) -> pd.DataFrame:
        """HTMT of every construct pair with its one-sided bootstrap upper bound.

        Index (source, target); columns estimate, boot_mean, std_error and
        ``upper``, the ``level`` quantile of the bootstrap distribution
        (Franke and Sarstedt 2019): discriminant validity holds at the usual
        threshold when ``upper`` is below 0.85 (conceptually distinct
        constructs) or 0.90 (similar ones, as satisfaction and loyalty).
        """
        lvl = as_scalar(level, "level", "(0, 1)")
        mask = np.array([s == "htmt" for s in self.statistic])
        sorted_values = np.sort(self.replicates[:, mask], axis=0)
        upper = _quantiles(sorted_values, np.full(int(mask.sum()), lvl))
        frame = self.table("htmt")[["estimate", "boot_mean", "std_error"]].copy()
        frame["upper"] = upper
        return _as_frame(frame)

    def mediation(self, *, level: float = 0.95, interval: Interval | None = None) -> pd.DataFrame:
        """Every specific indirect effect with its interval and Zhao-Lynch-Chen type.

        Parameters
        ----------
        level, interval
            As :meth:`to_frame`; an effect is significant when its interval
            excludes zero.

        Returns
        -------
        pandas.DataFrame
            Indexed by (source, target, via); columns ``indirect``,
            ``indirect_low``, ``indirect_high``, ``indirect_p_value``,
            ``direct`` (the path source -> target, 0 when the model has
            none), ``direct_low``, ``direct_high``, ``direct_p_value`` (NaN
            without a direct path) and ``type``.

        Notes
        -----
        Zhao, Lynch and Chen (2010): a significant indirect effect with a
        significant direct effect of the same sign is ``"complementary"``
        mediation, of the opposite sign ``"competitive"``; with no (or a
        non-significant) direct effect ``"indirect-only"`` (full mediation);
        a significant direct effect alone is ``"direct-only"`` (no
        mediation), and neither is ``"no-effect"``.

        References
        ----------
        .. [1] Zhao, X., Lynch, J. G. and Chen, Q. (2010). Reconsidering Baron
           and Kenny: myths and truths about mediation analysis. *Journal of
           Consumer Research*, 37(2), 197-206.
        """
        import pandas as pd

        indirect = self.table("indirect_effect", level=level, interval=interval)
        paths = self.table("path", level=level, interval=interval)
        rows: dict[str, list[Any]] = {
            k: []
            for k in (
                "indirect",
                "indirect_low",
                "indirect_high",
                "indirect_p_value",
                "direct",
                "direct_low",
                "direct_high",
                "direct_p_value",
                "type",
            )
        }
        sources = indirect.index.get_level_values("source")
        targets = indirect.index.get_level_values("target")
        for k, (source, target) in enumerate(zip(sources, targets, strict=True)):
            row = indirect.iloc[k]
            ind_sig = row["low"] > 0 or row["high"] < 0
            if (source, target) in paths.index:
                d = paths.loc[(source, target)]
                direct, d_low, d_high, d_p = d["estimate"], d["low"], d["high"], d["p_value"]
                dir_sig = d_low > 0 or d_high < 0
            else:
                direct, d_low, d_high, d_p = 0.0, np.nan, np.nan, np.nan
                dir_sig = False
            if ind_sig and dir_sig:
                kind = "complementary" if row["estimate"] * direct > 0 else "competitive"
            elif ind_sig:
                kind = "indirect-only"
            elif dir_sig:
                kind = "direct-only"
            else:
                kind = "no-effect"
            for key, value in zip(
                rows,
                (
                    row["estimate"],
                    row["low"],
                    row["high"],
                    row["p_value"],
                    direct,
                    d_low,
                    d_high,
                    d_p,
                    kind,
                ),
                strict=True,
            ):
                rows[key].append(value)
        out: pd.DataFrame = pd.DataFrame(rows, index=indirect.index)
        if not len(out):  # a model without mediators: an empty table of the same layout
            out = out.astype({k: (object if k == "type" else float) for k in rows})
        return out

    def summary(self) -> str:
        """A text report: the path table and the HTMT upper bounds."""
        paths = self.path_table()
        lines = [
            f"Bootstrap of a PLS path model: {self.replicates.shape[0]} resamples used "
            f"({self.n_resamples} drawn, {self.n_failed} failed, "
            f"{self.n_inadmissible} inadmissible), {self.interval} intervals at 95%",
            "",
            "Paths",
            paths.to_string(float_format=lambda v: f"{v:.4f}"),
        ]
        return "\n".join(lines)

    # -- legacy long tables (from/to columns) ------------------------------------

    def _part(self, kind: str, first: str, second: str | None) -> pd.DataFrame:
        frame = self.to_frame().xs(kind, level="statistic").reset_index()
        frame = frame.drop(columns=["via", "p_value"]).rename(
            columns={"boot_mean": "mean", "t_value": "t", "low": "ci_lower", "high": "ci_upper"}
        )
        names = {"source": first} if second is None else {"source": first, "target": second}
        if second is None:
            frame = frame.drop(columns="target")
        return _as_frame(frame.rename(columns=names).reset_index(drop=True))

    @property
    def paths(self) -> pd.DataFrame:
        """Path coefficients: from, to, estimate, mean, std_error, t, ci_lower, ci_upper."""
        return self._part("path", "from", "to")

    @property
    def total_effects(self) -> pd.DataFrame:
        """Total effects: from, to, estimate, mean, std_error, t, ci_lower, ci_upper."""
        return self._part("total_effect", "from", "to")

    @property
    def weights(self) -> pd.DataFrame:
        """Outer weights: construct, indicator, estimate, mean, std_error, t, ci_lower, ci_upper."""
        return self._part("weight", "construct", "indicator")

    @property
    def loadings(self) -> pd.DataFrame:
        """Loadings: construct, indicator, estimate, mean, std_error, t, ci_lower, ci_upper."""
        return self._part("loading", "construct", "indicator")

    @property
    def r_squared(self) -> pd.DataFrame:
        """R^2: construct, estimate, mean, std_error, t, ci_lower, ci_upper."""
        return self._part("r_squared", "construct", None)


def bootstrap(
    model: PathModel,
    data: pd.DataFrame | Mapping[str, Any],
    *,
    n_resamples: int = 5000,
    rng: int | np.random.Generator | np.random.SeedSequence | None = None,
    workers: int = 1,
    interval: Interval = "percentile",
    **estimate_options: Any,
) -> BootstrapResult:
    r"""Bootstrap a PLS path model: standard errors, p values and confidence intervals.

    Parameters
    ----------
    model : PathModel
        The specification.
    data : pandas.DataFrame
        The survey data, as for :func:`estimate` (not :class:`Moments`: the
        bootstrap resamples respondents).
    n_resamples : int
        Number of resamples of the respondents (with replacement).
    rng : int, numpy.random.Generator or numpy.random.SeedSequence, optional
        Source of randomness. Each resample draws from its own independent
        stream spawned from one :class:`numpy.random.SeedSequence`, so the
        result is the same for any ``workers``.
    workers : int
        Threads that estimate batches of resamples in parallel.
    interval : {"percentile", "bca"}
        Default interval method of the result's tables (``"bca"`` also
        computes the jackknife estimates it needs).
    **estimate_options
        Options of :func:`estimate` (``convention``, ``scheme``,
        ``standardize``, ``variance``, ``tol``, ``max_iter``, ``criterion``,
        ``consistent``, ``missing``).

    Returns
    -------
    BootstrapResult
        Estimates, replicates, standard errors, t and p values and intervals
        of the outer weights, loadings, paths, total effects, specific
        indirect effects, R^2 and HTMT ratios.

    Raises
    ------
    ValueError, TypeError
        As :func:`estimate`, and for invalid ``n_resamples``, ``workers`` or
        ``interval``; with ``interval="bca"``, also when leaving out one row
        makes an indicator constant (the jackknife is then undefined).

    See Also
    --------
    estimate : the estimation that is resampled.
    BootstrapResult.mediation : Zhao-Lynch-Chen types of the indirect effects.

    Notes
    -----
    Each resample is estimated exactly as the full sample (same options,
    PLSc included). A resample in which an indicator is constant (or a mode
    B block singular) is redrawn from its own stream and counted in
    ``n_redraws``; a PLSc resample with a rho_A <= 0 is left out and counted
    in ``n_inadmissible``. The standard error is the standard deviation of
    the replicates and the t value the full-sample estimate over it.
    Resamples are estimated in batches on their covariance matrices, which
    is what makes thousands of resamples take a fraction of a second.

    References
    ----------
    .. [1] Efron, B. and Tibshirani, R. J. (1993). *An introduction to the
       bootstrap*. Chapman & Hall.
    .. [2] Efron, B. (1987). Better bootstrap confidence intervals. *Journal
       of the American Statistical Association*, 82(397), 171-185.
    .. [3] Davison, A. C. and Hinkley, D. V. (1997). *Bootstrap methods and
       their application*. Cambridge University Press.
    .. [4] Franke, G. and Sarstedt, M. (2019). Heuristics versus statistics in
       discriminant validity testing. *Internet Research*, 29(3), 430-447.

    Examples
    --------
    >>> from custvalue.datasets import simulate_survey
    >>> from custvalue.pls import PathModel, bootstrap
    >>> model = PathModel(
    ...     {"quality": ["q1", "q2", "q3"], "satisfaction": ["s1", "s2", "s3"]},
    ...     [("quality", "satisfaction")],
    ... )
    >>> survey = simulate_survey(model, n=300, paths={("quality", "satisfaction"): 0.5},
    ...                          loadings=0.8, rng=3)
    >>> boot = bootstrap(model, survey.data, n_resamples=200, rng=7)
    >>> boot.paths[["from", "to", "estimate", "std_error"]].round(3)
          from            to  estimate  std_error
    0  quality  satisfaction     0.447      0.048
    """
    if not isinstance(model, PathModel):
        raise TypeError(f"model must be a PathModel; got {type(model).__name__}")
    b = as_count(n_resamples, "n_resamples", minimum=2)
    n_workers = as_count(workers, "workers", minimum=1)
    how = check_option(interval, "interval", _INTERVALS)
    seed = _seed_sequence(rng)
    allowed = {
        "convention",
        "scheme",
        "standardize",
        "variance",
        "tol",
        "max_iter",
        "criterion",
        "consistent",
        "missing",
    }
    unknown = sorted(set(estimate_options) - allowed)
    if unknown:
        raise TypeError(
            f"bootstrap got unexpected option {unknown[0]!r}; estimate options are "
            + ", ".join(sorted(allowed))
        )
    if isinstance(data, Moments):
        raise TypeError(
            "bootstrap resamples respondents and needs the data rows, not Moments; "
            "pass the DataFrame"
        )
    full = estimate(model, data, **estimate_options)
    opts = full.options
    spec = _compile(model)
    pairs = _pairs(model, spec)
    x = full.data_values
    assert x is not None  # estimated from rows
    assert full.row_labels is not None
    n = x.shape[0]
    xc = x - x.mean(axis=0)
    xx = (xc[:, :, None] * xc[:, None, :]).reshape(n, -1)
    var_full = xc.var(axis=0)
    c = 1.0 if opts.variance == "population" else (n - 1) / n
    cov_full = (xc.T @ xc / n)[None]
    if opts.standardize:
        sd = np.sqrt(var_full)
        cov_full = cov_full / np.outer(sd, sd) * c
    estimates = _estimate_batch(spec, pairs, opts, cov_full, n).stats[0]

    def work(seeds: Sequence[np.random.SeedSequence]) -> _Chunk:
        return _run_chunk(spec, pairs, opts, xc, xx, var_full, seeds)

    done = _map_chunks(work, seed, b, n_workers)
    jack = None
    if how == "bca":
        jack = _jackknife(spec, pairs, opts, xc, full.row_labels, model.indicators)
    return _bootstrap_result(model, pairs, full, estimates, done, b, jack, how)


def _map_chunks(
    work: Callable[[Sequence[np.random.SeedSequence]], _Chunk],
    seed: np.random.SeedSequence,
    b: int,
    n_workers: int,
) -> list[_Chunk]:
    """Run ``work`` on fixed-size chunks of the resamples' seeds, on threads if asked.

    One child seed per resample and chunks of a fixed size make the result the
    same for any number of workers.
    """
    children = seed.spawn(b)
    chunks = [children[k : k + _CHUNK] for k in range(0, b, _CHUNK)]
    if n_workers == 1 or len(chunks) == 1:
        return [work(ch) for ch in chunks]
    with ThreadPoolExecutor(max_workers=n_workers) as pool:
        return list(pool.map(work, chunks))


def _bootstrap_result(
    model: PathModel,
    pairs: _Pairs,
    full: PLSResult,
    estimates: FloatArray,
    done: Sequence[_Chunk],
    b: int,
    jack: FloatArray | None,
    how: Interval,
    stacklevel: int = 3,
) -> BootstrapResult:
    """Collect the batches of a bootstrap run into its result (warnings included)."""
    import warnings

    opts = full.options
    kinds, first, second, via = _labels(model, pairs)
    stats_all = np.concatenate([d.stats for d in done])
    ok = np.concatenate([d.converged for d in done])
    admissible = np.concatenate([d.admissible for d in done])
    redraws = sum(d.redraws for d in done)
    failed = int((~ok).sum())
    inadmissible = int((ok & ~admissible).sum())
    if failed:
        warnings.warn(
            f"{failed} of {b} bootstrap resamples did not converge within "
            f"max_iter={opts.max_iter} and were left out",
            ConvergenceWarning,
            stacklevel=stacklevel,
        )
    if inadmissible:
        warnings.warn(
            f"{inadmissible} of {b} PLSc bootstrap resamples had a rho_A <= 0 and were left out",
            DegenerateDataWarning,
            stacklevel=stacklevel,
        )
    keep = ok & admissible
    if int(keep.sum()) < 2:
        raise ConvergenceError(f"only {int(keep.sum())} of {b} bootstrap resamples are usable")
    return BootstrapResult(
        statistic=tuple(kinds),
        source=tuple(first),
        target=tuple(second),
        via=tuple(via),
        estimates=frozen_array(estimates, copy=False),
        replicates=frozen_array(stats_all[keep], copy=False),
        jackknife=None if jack is None else frozen_array(jack, copy=False),
        n_resamples=b,
        n_redraws=redraws,
        n_failed=failed,
        n_inadmissible=inadmissible,
        interval=how,
        result=full,
    )


def _final_cov(x: FloatArray, opts: EstimationOptions) -> tuple[FloatArray, FloatArray]:
    """Covariance of one data matrix as the batch estimator uses it, and the raw variances."""
    n = x.shape[0]
    c = 1.0 if opts.variance == "population" else (n - 1) / n
    xc = x - x.mean(axis=0)
    cov = xc.T @ xc / n
    var = np.diagonal(cov).copy()
    if opts.standardize:
        sd = np.sqrt(np.maximum(var, 1e-300))
        cov = cov / np.outer(sd, sd) * c
    return cov, var


def _bootstrap_rebuilt(
    final: PLSResult,
    raw: pd.DataFrame,
    build: Callable[[pd.DataFrame], pd.DataFrame],
    *,
    n_resamples: int,
    rng: int | np.random.Generator | np.random.SeedSequence | None,
    workers: int,
    interval: Interval,
    adjust: Callable[[FloatArray, FloatArray, FloatArray], FloatArray] | None = None,
) -> BootstrapResult:
    """Bootstrap a model whose data are built from the raw data by an estimation.

    ``build`` turns (resampled) raw data into the data of ``final.model`` --
    the second stage of a two-stage interaction term or higher-order
    construct. Every resample runs the whole procedure, so the first-stage
    scores vary across resamples as they do across samples. ``adjust(cov,
    var, stats)`` may transform the statistics of a batch, given the
    covariances (as scaled) and sample variances (divisor rows - 1) of the
    built data.
    """
    import pandas as pd

    b = as_count(n_resamples, "n_resamples", minimum=2)
    n_workers = as_count(workers, "workers", minimum=1)
    how = check_option(interval, "interval", _INTERVALS)
    seed = _seed_sequence(rng)
    model = final.model
    opts = final.options
    spec = _compile(model)
    pairs = _pairs(model, spec)
    columns = list(model.indicators)
    x_full = final.data_values
    assert x_full is not None  # estimated from rows
    n = x_full.shape[0]
    cov_full, var_full = _final_cov(x_full, opts)

    def adjusted(covs: FloatArray, variances: FloatArray, chunk: _Chunk) -> _Chunk:
        if adjust is None:
            return chunk
        stats = adjust(covs, variances, chunk.stats)
        return _Chunk(stats, chunk.converged, chunk.admissible, chunk.redraws)

    full_chunk = _estimate_batch(spec, pairs, opts, cov_full[None], n)
    estimates = adjusted(cov_full[None], var_full[None] * n / (n - 1), full_chunk).stats[0]
    raw_values = raw.to_numpy(dtype=np.float64)
    raw_var = raw_values.var(axis=0)

    def rebuilt(rows: np.ndarray[Any, Any]) -> tuple[FloatArray, FloatArray, bool] | None:
        """Covariance and variances of the final-stage data built from raw rows, convergence.

        None when an indicator is constant or a mode B block singular in the rows (the
        resample is redrawn).
        """
        if (raw_values[rows].var(axis=0) <= 1e-10 * raw_var).any():
            return None
        frame = raw.iloc[rows]
        frame.index = pd.RangeIndex(len(rows))
        try:
            data = build(frame)
        except _SingularBlockError:
            return None  # a mode B block of an earlier stage is singular in the rows
        except ConvergenceError:
            return cov_full, var_full, False  # a placeholder: the resample counts as failed
        cov, var = _final_cov(data[columns].to_numpy(dtype=np.float64), opts)
        if (var <= 1e-10 * var_full).any() or _invalid(spec, cov[None], var[None], var_full)[0]:
            return None
        return cov, var, True

    def work(seeds: Sequence[np.random.SeedSequence]) -> _Chunk:
        covs = []
        variances = []
        built_ok = []
        redraws = 0
        for s in seeds:
            gen = np.random.Generator(np.random.PCG64(s))
            for _attempt in range(1 + 1000):  # the first draw and 1000 redraws, as _run_chunk
                got = rebuilt(np.asarray(gen.integers(0, n, size=n)))
                if got is not None:
                    break
                redraws += 1
            else:  # pragma: no cover - needs a pathological data set
                raise ValueError(
                    "bootstrap could not draw a resample in which every indicator varies "
                    "(1000 attempts); the data have too few distinct rows"
                )
            covs.append(got[0])
            variances.append(got[1])
            built_ok.append(got[2])
        stacked = np.stack(covs)
        sample_var = np.stack(variances) * n / (n - 1)
        chunk = adjusted(
            stacked, sample_var, _estimate_batch(spec, pairs, opts, stacked, n, redraws)
        )
        ok = np.asarray(built_ok) & chunk.converged
        return _Chunk(chunk.stats, ok, chunk.admissible, redraws)

    done = _map_chunks(work, seed, b, n_workers)
    jack = None
    if how == "bca":
        loo = []
        loo_var = []
        for i in range(n):
            rows = np.delete(np.arange(n), i)
            got = rebuilt(rows)
            if got is None or not got[2]:
                raise ValueError(
                    f"interval='bca' needs the jackknife, but the estimate without row "
                    f"{final.row_labels[i] if final.row_labels else i!r} cannot be built "
                    "(a constant indicator or no convergence); use interval='percentile'"
                )
            loo.append(got[0])
            loo_var.append(got[1])
        stacked = np.stack(loo)
        sample_var = np.stack(loo_var) * (n - 1) / (n - 2)
        chunk = adjusted(stacked, sample_var, _estimate_batch(spec, pairs, opts, stacked, n - 1))
        if not (chunk.converged & chunk.admissible).all():
            raise ConvergenceError(
                "a jackknife estimate did not converge or is an inadmissible PLSc "
                "estimate; use interval='percentile' or raise max_iter"
            )
        jack = chunk.stats
    return _bootstrap_result(model, pairs, final, estimates, done, b, jack, how, stacklevel=4)


def _jackknife(
    spec: _Spec,
    pairs: _Pairs,
    opts: EstimationOptions,
    xc: FloatArray,
    labels: Sequence[Any],
    names: Sequence[str],
) -> FloatArray:
    n = xc.shape[0]
    var_full = xc.var(axis=0)
    m = n - 1
    c = 1.0 if opts.variance == "population" else (m - 1) / m
    total = xc.T @ xc
    out = []
    for start in range(0, n, _CHUNK):
        rows = xc[start : start + _CHUNK]
        mean = -rows / m  # full-sample mean is zero
        second = (total[None] - rows[:, :, None] * rows[:, None, :]) / m
        cov = second - mean[:, :, None] * mean[:, None, :]
        var = np.diagonal(cov, axis1=1, axis2=2)
        flat = var <= 1e-10 * var_full
        if flat.any():
            r, k = np.argwhere(flat)[0]
            raise ValueError(
                f"interval='bca' needs the jackknife, but leaving out row "
                f"{labels[start + int(r)]!r} makes indicator {names[int(k)]!r} constant; "
                "use interval='percentile'"
            )
        if opts.standardize:
            sd = np.sqrt(var)
            cov = cov / (sd[:, :, None] * sd[:, None, :]) * c
        chunk = _estimate_batch(spec, pairs, opts, cov, m)
        if not (chunk.converged & chunk.admissible).all():
            r = int(np.argmin(chunk.converged & chunk.admissible))
            raise ConvergenceError(
                f"the jackknife estimate without row {labels[start + r]!r} did not converge "
                f"within max_iter={opts.max_iter} (or is an inadmissible PLSc estimate); "
                "use interval='percentile' or raise max_iter"
            )
        out.append(chunk.stats)
    return np.concatenate(out)


# ---------------------------------------------------------------------------
# analyses built on the estimator (their own modules, re-exported here)
# ---------------------------------------------------------------------------

from custvalue._pls_fit import FitTest, fit_test  # noqa: E402
from custvalue._pls_groups import GroupComparison, MGAResult, compare_groups, mga  # noqa: E402
from custvalue._pls_higher_order import HigherOrderResult, higher_order  # noqa: E402
from custvalue._pls_moderation import ModerationResult, moderation  # noqa: E402
from custvalue._pls_predict import PredictionResult, predict  # noqa: E402
