"""PLSpredict: cross-validated predictions of a PLS path model's endogenous indicators.

Public through :mod:`custvalue.pls` (:func:`predict`, :class:`PredictionResult`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from custvalue._results import ResultMixin, frozen_array
from custvalue._validate import FloatArray, as_count, check_option
from custvalue.exceptions import ConvergenceError

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping, Sequence

    import pandas as pd

    from custvalue import pls as _pls  # pls re-exports this module: import late

Technique = Literal["earliest", "direct"]
_TECHNIQUES: tuple[Technique, ...] = ("earliest", "direct")


@attrs.frozen(eq=False, repr=False)
class PredictionResult(ResultMixin):
    """Out-of-sample predictions of the endogenous indicators (PLSpredict).

    Attributes
    ----------
    indicators : tuple of str
        The predicted indicators (those of the endogenous constructs).
    observed : numpy.ndarray
        Their observed values (rows x indicators).
    pls_predictions, lm_predictions : numpy.ndarray
        Out-of-sample predictions of the PLS model and of the linear-model
        benchmark, one layer per repetition (repetitions x rows x
        indicators).
    naive_predictions : numpy.ndarray
        The training-fold means (the naive benchmark of Q2_predict), same
        shape.
    folds, repetitions : int
        The cross-validation design.
    technique : {"earliest", "direct"}
        Which antecedents predict the endogenous constructs.
    row_labels : tuple
        Row labels of the data.
    """

    indicators: tuple[str, ...]
    observed: FloatArray
    pls_predictions: FloatArray
    lm_predictions: FloatArray
    naive_predictions: FloatArray
    folds: int
    repetitions: int
    technique: Technique
    row_labels: tuple[Any, ...]

    def __repr__(self) -> str:
        return (
            f"PredictionResult({len(self.indicators)} indicators, {self.observed.shape[0]} rows, "
            f"folds={self.folds}, repetitions={self.repetitions}, technique={self.technique!r})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Prediction metrics per indicator.

        Index: indicator. Columns: ``rmse``, ``mae`` (PLS), ``lm_rmse``,
        ``lm_mae`` (linear model), ``q2_predict`` and ``lm_q2_predict``;
        errors are pooled over rows and repetitions.
        """
        import pandas as pd

        err = self.pls_predictions - self.observed
        lm_err = self.lm_predictions - self.observed
        naive = np.sum((self.naive_predictions - self.observed) ** 2, axis=(0, 1))
        out: pd.DataFrame = pd.DataFrame(
            {
                "rmse": np.sqrt(np.mean(err**2, axis=(0, 1))),
                "mae": np.mean(np.abs(err), axis=(0, 1)),
                "lm_rmse": np.sqrt(np.mean(lm_err**2, axis=(0, 1))),
                "lm_mae": np.mean(np.abs(lm_err), axis=(0, 1)),
                "q2_predict": 1.0 - np.sum(err**2, axis=(0, 1)) / naive,
                "lm_q2_predict": 1.0 - np.sum(lm_err**2, axis=(0, 1)) / naive,
            },
            index=pd.Index(list(self.indicators), name="indicator"),
        )
        return out

    def summary(self) -> str:
        """The metrics table as text, with how many indicators PLS predicts better."""
        table = self.to_frame()
        better = int((table["rmse"] < table["lm_rmse"]).sum())
        return "\n".join(
            [
                f"PLSpredict: {self.folds}-fold cross-validation x {self.repetitions} "
                f"repetitions, {self.technique} antecedents",
                table.to_string(float_format=lambda v: f"{v:.4f}"),
                f"PLS has the lower RMSE for {better} of {len(table)} indicators",
            ]
        )


def _fold_ids(n: int, folds: int, repetitions: int, rng: object) -> np.ndarray[Any, Any]:
    from custvalue import pls as _pls  # pls re-exports this module: import late

    seed = _pls._seed_sequence(rng)
    out = np.empty((repetitions, n), dtype=np.intp)
    for r, child in enumerate(seed.spawn(repetitions)):
        gen = np.random.Generator(np.random.PCG64(child))
        out[r] = gen.permutation(np.arange(n) % folds)
    return out


def _given_folds(
    folds: object, n: int, repetitions: int | None, row_labels: tuple[Any, ...], data: object
) -> np.ndarray[Any, Any]:
    """Fold labels given by the caller: (repetitions x n) ids 0..k-1, the same k in every row."""
    from custvalue._validate import align_by_label, is_series

    value = folds
    if is_series(value):
        import pandas as pd

        index = data.index if isinstance(data, pd.DataFrame) else pd.RangeIndex(n)
        (_, value), _shared = align_by_label(data=pd.Series(0, index=index), folds=value)
        value = value.to_numpy()
    arr = np.asarray(value)
    if arr.ndim not in (1, 2) or arr.shape[-1] != n:
        raise ValueError(
            f"folds must be a number of folds or fold labels of shape ({n},) or "
            f"(repetitions, {n}), one per row of data; got shape {arr.shape}"
        )
    arr = arr.reshape(-1, n)
    if repetitions is not None and repetitions != arr.shape[0]:
        raise ValueError(
            f"repetitions ({repetitions}) disagrees with the {arr.shape[0]} row(s) of fold "
            "labels in folds; leave repetitions out"
        )
    ids = np.empty(arr.shape, dtype=np.intp)
    k = -1
    for r, row in enumerate(arr):
        if row.dtype.kind == "f" and not np.isfinite(row).all():
            bad = int(np.flatnonzero(~np.isfinite(row))[0])
            raise ValueError(
                f"folds must hold finite fold labels; got {row[bad]} for row {row_labels[bad]!r}"
            )
        labels, ids[r] = np.unique(row, return_inverse=True)
        if k == -1:
            k = labels.size
        elif labels.size != k:
            raise ValueError(
                f"folds must use the same number of folds in every repetition; "
                f"repetition 0 has {k}, repetition {r} has {labels.size}"
            )
    if k < 2:
        raise ValueError(f"folds must contain at least 2 different fold labels; got {k}")
    return ids


def predict(
    model: _pls.PathModel,
    data: pd.DataFrame | Mapping[str, Any],
    *,
    folds: int | npt.ArrayLike | pd.Series[Any] = 10,
    repetitions: int | None = None,
    technique: Technique = "earliest",
    rng: int | np.random.Generator | np.random.SeedSequence | None = None,
    **estimate_options: Any,
) -> PredictionResult:
    r"""PLSpredict (PLS 预测): k-fold cross-validated predictions of the endogenous indicators.

    Parameters
    ----------
    model : PathModel
        The specification.
    data : pandas.DataFrame
        The survey data, as for :func:`estimate`.
    folds : int or array_like
        Number of folds k (``folds = n`` is leave-one-out and needs no rng),
        or the fold assignment itself: one fold label per row of ``data``
        (shape ``(n,)``, or ``(repetitions, n)`` for several assignments; a
        Series is paired with ``data`` by label). Given labels reproduce
        another tool's folds; ``rng`` is then not used.
    repetitions : int, optional
        Independent random fold assignments (default 10; with fold labels
        the number of their rows, 1 for a 1-D array).
    technique : {"earliest", "direct"}
        Predict each endogenous construct from the exogenous constructs
        through the total effects (``"earliest"`` antecedents, Shmueli et al.
        2016) or from the scores of its direct predecessors (``"direct"``,
        seminr's ``predict_DA``).
    rng : int, numpy.random.Generator or numpy.random.SeedSequence, optional
        Source of the fold assignments; the same seed gives the same folds.
    **estimate_options
        Options of :func:`estimate`. With ``consistent`` (PLSc), predictions
        are the model-implied conditional expectations (see Notes).
        ``missing="mean"`` or ``"listwise"`` treats the
        whole data once, before the folds are drawn (as seminr's
        ``predict_pls`` does with its mean replacement).

    Returns
    -------
    PredictionResult
        Observed values and out-of-sample predictions of the PLS model, the
        linear-model benchmark and the naive (training mean) benchmark;
        ``to_frame()`` gives RMSE, MAE and Q2_predict per indicator.

    Raises
    ------
    ValueError, TypeError
        As :func:`estimate`; ``folds`` outside 2..n, ``repetitions`` < 1,
        fold labels of the wrong shape, with fewer than 2 folds, or whose
        rows disagree with ``repetitions``.

    Notes
    -----
    For every fold the model is estimated on the other folds; the held-out
    rows are standardised with the training means and standard deviations,
    their construct scores are built with the training weights, the
    endogenous scores predicted (from the exogenous scores through the total
    effects, or from the predecessors' scores through the paths) and the
    indicators predicted as :math:`\hat x = \bar x + s\,\lambda\,\hat\eta`.
    The linear-model benchmark regresses each endogenous indicator on the
    indicators of the same antecedent constructs by OLS on the training
    folds. :math:`Q^2_{predict} = 1 - \sum (x - \hat x)^2 / \sum (x - \bar
    x_{train})^2`. The folds' estimates run as one batch.

    PLSc paths and loadings describe common factors, not the composites, so
    a PLSc model is predicted by the conditional expectation under its
    model-implied indicator correlations :math:`\Sigma` (de Rooij et al.
    2023; seminr 2.6): :math:`\hat z_y = \Sigma_{yx} \Sigma_{xx}^{-1} z_x`,
    with :math:`x` the indicators of the exogenous constructs
    (``"earliest"``) or of the direct predecessors (``"direct"``). A training
    fold with an inadmissible estimate (a rho_A outside (0, 1], a
    disattenuated correlation of 1 or more in absolute value, or predictor
    correlations that are not positive definite) is refused.

    References
    ----------
    .. [1] Shmueli, G., Ray, S., Velasquez Estrada, J. M. and Chatla, S. B.
       (2016). The elephant in the room: predictive performance of PLS
       models. *Journal of Business Research*, 69(10), 4552-4564.
    .. [2] Shmueli, G., Sarstedt, M., Hair, J. F., Cheah, J.-H., Ting, H.,
       Vaithilingam, S. and Ringle, C. M. (2019). Predictive model
       assessment in PLS-SEM: guidelines for using PLSpredict. *European
       Journal of Marketing*, 53(11), 2322-2347.
    .. [3] de Rooij, M., Karch, J. D., Fokkema, M., Bakk, Z., Pratiwi, B. C.
       and Kelderman, H. (2023). SEM-based out-of-sample predictions.
       *Structural Equation Modeling*, 30(1), 132-148.

    Examples
    --------
    >>> from custvalue.datasets import simulate_survey
    >>> from custvalue.pls import PathModel, predict
    >>> model = PathModel({"a": ["a1", "a2"], "b": ["b1", "b2"]}, [("a", "b")])
    >>> data = simulate_survey(model, n=200, paths=0.5, loadings=0.8, rng=1).data
    >>> metrics = predict(model, data, folds=10, repetitions=2, rng=3).to_frame()
    >>> metrics.index.tolist(), bool((metrics["q2_predict"] > 0).all())
    (['b1', 'b2'], True)
    """
    from custvalue import pls as _pls  # pls re-exports this module: import late

    if not isinstance(model, _pls.PathModel):
        raise TypeError(f"model must be a PathModel; got {type(model).__name__}")
    how = check_option(technique, "technique", _TECHNIQUES)
    if isinstance(data, _pls.Moments):
        raise TypeError("predict holds out respondents and needs the data rows, not Moments")
    full = _pls.estimate(model, data, **estimate_options)
    x = full.data_values
    assert x is not None
    assert full.row_labels is not None
    n = x.shape[0]
    reps_given = None if repetitions is None else as_count(repetitions, "repetitions", minimum=1)
    given: np.ndarray[Any, Any] | None = None
    if isinstance(folds, (str, bytes)) or np.ndim(folds) == 0:
        k = as_count(folds, "folds", minimum=2)
        if k > n:
            raise ValueError(f"folds must be at most the number of rows ({n}); got {k}")
        reps = 10 if reps_given is None else reps_given
    else:
        given = _given_folds(folds, n, reps_given, full.row_labels, data)
        reps, k = given.shape[0], int(given.max()) + 1
    opts = full.options
    spec = _pls._compile(model)
    names = model.names
    endo = [names.index(c) for c in model.endogenous]
    exo = [names.index(c) for c in model.exogenous]
    target_cols = np.flatnonzero(np.isin(spec.block_of, endo))
    # antecedent indicator columns of each endogenous construct (LM benchmark)
    if how == "earliest":
        ante = {j: np.flatnonzero(np.isin(spec.block_of, exo)) for j in endo}
    else:
        ante = {
            j: np.flatnonzero(np.isin(spec.block_of, list(preds))) for j, preds in spec.predecessors
        }
    if given is not None:
        ids = given
    elif k < n:
        ids = _fold_ids(n, k, reps, rng)
    else:
        ids = np.arange(n)[None].repeat(reps, axis=0)
    masks = np.concatenate([(ids[r][None, :] != np.arange(k)[:, None]) for r in range(reps)])
    tests = ~masks  # (reps * k, n)
    ddof = 1 if opts.variance == "sample" else 0
    pls_pred = np.empty((reps, n, target_cols.size))
    lm_pred = np.empty_like(pls_pred)
    naive = np.empty_like(pls_pred)
    sizes = masks.sum(axis=1)
    for size in np.unique(sizes):
        rows = np.flatnonzero(sizes == size)
        train = masks[rows].astype(np.float64)
        m = int(size)
        mean = train @ x / m
        second = np.einsum("bn,np,nq->bpq", train, x, x, optimize=True) / m
        cov_raw = second - mean[:, :, None] * mean[:, None, :]  # population
        var = np.diagonal(cov_raw, axis1=1, axis2=2)
        if (var <= 1e-12 * np.maximum(1.0, mean**2)).any():
            _fold, col = np.argwhere(var <= 1e-12 * np.maximum(1.0, mean**2))[0]
            raise ValueError(
                f"indicator {model.indicators[int(col)]!r} is constant in a training fold; "
                "use fewer folds"
            )
        sd = np.sqrt(var * m / (m - ddof))
        c = 1.0 if opts.variance == "population" else (m - 1) / m
        if opts.standardize:
            scales = sd
            cov = cov_raw / (scales[:, :, None] * scales[:, None, :])
        else:
            scales = np.ones_like(sd)
            cov = cov_raw
        fit = _pls._core(
            spec,
            cov,
            m,
            scheme=opts.scheme,
            criterion=opts.criterion,
            variance=opts.variance,
            tol=opts.tol,
            max_iter=opts.max_iter,
        )
        if not fit.converged.all():
            raise ConvergenceError(
                f"a training fold did not converge within max_iter={opts.max_iter}; "
                "raise max_iter or use fewer folds"
            )
        inner = _pls._inner(spec, cov / c, fit.weights, opts.consistent)
        implied = None
        if opts.consistent:
            implied = _plsc_implied(spec, inner, cov_raw, model.names)
        for b_idx, fold_row in enumerate(rows):
            rep = int(fold_row // k)
            held = np.flatnonzero(tests[fold_row])
            z = (x[held] - mean[b_idx]) / scales[b_idx]
            scores = z @ fit.weights[b_idx]
            if how == "earliest":
                eta = scores[:, exo] @ inner.total[b_idx][np.ix_(exo, endo)]
            else:
                eta = scores @ inner.path[b_idx][:, endo]
            hat_eta = np.zeros((held.size, spec.lvs))
            hat_eta[:, endo] = eta
            lam = inner.loadings[b_idx]
            std_hat = hat_eta[:, spec.block_of[target_cols]] * lam[target_cols]
            if implied is not None:  # PLSc: E[z_y | z_x] under the model-implied correlations
                z_sd = (x[held] - mean[b_idx]) / sd[b_idx]
                for j in endo:
                    a = ante[j]
                    cols = np.flatnonzero(spec.block_of[target_cols] == j)
                    y = target_cols[cols]
                    sig_xx = implied[b_idx][np.ix_(a, a)]
                    if np.linalg.eigvalsh(sig_xx)[0] <= 1e-8:
                        raise ValueError(
                            "the model-implied correlations of the predictors of "
                            f"{names[j]!r} are not positive definite in a PLSc training "
                            "fold (an inadmissible estimate)"
                        )
                    beta = np.linalg.solve(sig_xx, implied[b_idx][np.ix_(a, y)])
                    std_hat[:, cols] = z_sd[:, a] @ beta
            pls_pred[rep, held] = mean[b_idx, target_cols] + sd[b_idx, target_cols] * std_hat
            naive[rep, held] = mean[b_idx, target_cols]
            for t_pos, col in enumerate(target_cols):
                a = ante[int(spec.block_of[col])]
                beta = np.linalg.solve(cov_raw[b_idx][np.ix_(a, a)], cov_raw[b_idx][a, col])
                lm_pred[rep, held, t_pos] = (
                    mean[b_idx, col] + (x[held][:, a] - mean[b_idx, a]) @ beta
                )
    return PredictionResult(
        indicators=tuple(model.indicators[int(c)] for c in target_cols),
        observed=frozen_array(x[:, target_cols]),
        pls_predictions=frozen_array(pls_pred, copy=False),
        lm_predictions=frozen_array(lm_pred, copy=False),
        naive_predictions=frozen_array(naive, copy=False),
        folds=k,
        repetitions=reps,
        technique=how,
        row_labels=full.row_labels,
    )


def _plsc_implied(spec: Any, inner: Any, cov_raw: FloatArray, names: Sequence[str]) -> FloatArray:
    """Model-implied indicator correlations of PLSc training estimates, checked admissible."""
    from custvalue._pls_fit import _implied_batch

    sd = np.sqrt(np.diagonal(cov_raw, axis1=1, axis2=2))
    corr = cov_raw / (sd[:, :, None] * sd[:, None, :])
    rho = np.where(inner.factors, inner.rho_a, 1.0)
    bad = ~((rho > 0) & (rho <= 1.0 + 1e-12)).all(axis=1)
    if bad.any():
        j = int(np.flatnonzero(~((rho > 0) & (rho <= 1.0 + 1e-12))[bad][0])[0])
        raise ValueError(
            f"the PLSc estimate of a training fold is inadmissible (rho_A of {names[j]!r} "
            f"is {rho[bad][0, j]:.3f}, outside (0, 1]); PLSc predictions need admissible "
            "estimates in every fold"
        )
    off = np.abs(inner.corr - np.eye(spec.lvs))
    if (off >= 1.0).any():
        b, i, j = np.argwhere(off >= 1.0)[0]
        raise ValueError(
            f"the PLSc estimate of a training fold is inadmissible (the disattenuated "
            f"correlation of {names[i]!r} and {names[j]!r} is {inner.corr[b, i, j]:.3f}); "
            "PLSc predictions need admissible estimates in every fold"
        )
    sigma: FloatArray = _implied_batch(spec, inner, corr)
    return sigma
