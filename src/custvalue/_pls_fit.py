"""Bootstrap test of overall model fit (Beran and Srivastava 1985) for PLS path models.

Public through :mod:`custvalue.pls` (:func:`fit_test`, :class:`FitTest`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from custvalue._results import ResultMixin, frozen_array
from custvalue._validate import FloatArray, as_count

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    import pandas as pd

    from custvalue import pls as _pls

_MEASURES = ("srmr", "d_uls", "d_g")


@attrs.frozen(eq=False, repr=False)
class FitTest(ResultMixin):
    """Bootstrap test of "the model-implied correlation matrix is the population's".

    Attributes
    ----------
    statistics : numpy.ndarray
        SRMR, d_ULS and d_G of the estimated model.
    replicates : numpy.ndarray
        The same for every resample of the transformed data (resamples x 3).
    n_resamples : int
        Resamples drawn.
    """

    statistics: FloatArray
    replicates: FloatArray
    n_resamples: int

    def __repr__(self) -> str:
        srmr = float(self.statistics[0])
        return f"FitTest(srmr={srmr:.4f}, resamples={self.replicates.shape[0]})"

    def to_frame(self, *, level: float = 0.95) -> pd.DataFrame:
        """Index srmr, d_uls, d_g; columns statistic, critical_value (the
        ``level`` quantile of the bootstrap distribution), p_value (share of
        resamples at least as large, with the +1 correction) and reject."""
        import pandas as pd

        from custvalue._validate import as_scalar

        lvl = as_scalar(level, "level", "(0, 1)")
        b = self.replicates.shape[0]
        critical = np.quantile(self.replicates, lvl, axis=0)
        p = ((self.replicates >= self.statistics).sum(axis=0) + 1) / (b + 1)
        out: pd.DataFrame = pd.DataFrame(
            {
                "statistic": self.statistics,
                "critical_value": critical,
                "p_value": p,
                "reject": self.statistics > critical,
            },
            index=pd.Index(list(_MEASURES), name="measure"),
        )
        return out


def _implied_batch(spec: Any, inner: Any, s: FloatArray) -> FloatArray:
    """Model-implied indicator correlations of a batch of estimates (estimated model)."""
    batch, lvs = inner.corr.shape[0], spec.lvs
    endo = [j for j, _ in spec.predecessors]
    exo = [j for j in range(lvs) if j not in endo]
    b = np.swapaxes(inner.path[:, endo][:, :, endo], 1, 2)
    gamma = np.swapaxes(inner.path[:, exo][:, :, endo], 1, 2)
    phi = inner.corr[:, exo][:, :, exo]
    inv = np.linalg.inv(np.eye(len(endo)) - b)
    zeta = np.zeros((batch, len(endo), len(endo)))
    idx = np.arange(len(endo))
    zeta[:, idx, idx] = 1.0 - inner.r2[:, endo]
    exo_endo = phi @ np.swapaxes(gamma, 1, 2) @ np.swapaxes(inv, 1, 2)
    endo_endo = inv @ (gamma @ phi @ np.swapaxes(gamma, 1, 2) + zeta) @ np.swapaxes(inv, 1, 2)
    endo_endo[:, idx, idx] = 1.0
    r = np.zeros((batch, lvs, lvs))
    r[:, np.ix_(exo, exo)[0], np.ix_(exo, exo)[1]] = phi
    r[:, np.ix_(exo, endo)[0], np.ix_(exo, endo)[1]] = exo_endo
    r[:, np.ix_(endo, exo)[0], np.ix_(endo, exo)[1]] = np.swapaxes(exo_endo, 1, 2)
    r[:, np.ix_(endo, endo)[0], np.ix_(endo, endo)[1]] = endo_endo
    q = inner.loadings[:, :, None] * spec.mask
    sigma = q @ r @ np.swapaxes(q, 1, 2)
    for j, sl in enumerate(spec.slices):
        if inner.factors[j]:
            lam = inner.loadings[:, sl]
            block = lam[:, :, None] * lam[:, None, :]
            k = sl.stop - sl.start
            block[:, np.arange(k), np.arange(k)] = 1.0
            sigma[:, sl, sl] = block
        else:
            sigma[:, sl, sl] = s[:, sl, sl]
    out: FloatArray = sigma
    return out


def _distances(s: FloatArray, sigma: FloatArray) -> FloatArray:
    p = s.shape[-1]
    diff = s - sigma
    low = np.tril_indices(p)
    srmr = np.sqrt(np.mean(diff[:, low[0], low[1]] ** 2, axis=1))
    d_uls = 0.5 * np.sum(diff**2, axis=(1, 2))
    phi = np.linalg.eigvals(np.linalg.solve(s, sigma)).real
    d_g = 0.5 * np.sum(np.log(np.maximum(phi, 1e-300)) ** 2, axis=1)
    return np.column_stack([srmr, d_uls, d_g])


def fit_test(
    model: _pls.PathModel,
    data: pd.DataFrame | Mapping[str, Any],
    *,
    n_resamples: int = 1000,
    rng: int | np.random.Generator | np.random.SeedSequence | None = None,
    **estimate_options: Any,
) -> FitTest:
    r"""Bootstrap test of overall model fit: SRMR, d_ULS and d_G with critical values.

    Parameters
    ----------
    model : PathModel
        The specification.
    data : pandas.DataFrame
        The survey data.
    n_resamples : int
        Bootstrap resamples.
    rng : int, numpy.random.Generator or numpy.random.SeedSequence, optional
        Source of the resamples.
    **estimate_options
        Options of :func:`estimate` (``consistent=True`` for common factors).

    Returns
    -------
    FitTest
        The distances of the estimated model and their bootstrap
        distribution under the null hypothesis; ``to_frame(level=...)``
        gives critical values, p values and the decisions.

    Notes
    -----
    The standardised data are transformed so that their correlation matrix
    equals the model-implied one, :math:`X^* = Z S^{-1/2} \hat\Sigma^{1/2}`
    (Beran and Srivastava 1985); resampling :math:`X^*` and re-estimating the
    model gives the distribution of each distance when the model holds
    (Dijkstra and Henseler 2015). The model is rejected at level
    :math:`\alpha` when a distance exceeds its :math:`1-\alpha` quantile.
    See :meth:`PLSResult.model_fit` for the distances and the implied matrix.

    References
    ----------
    .. [1] Beran, R. and Srivastava, M. S. (1985). Bootstrap tests and
       confidence regions for functions of a covariance matrix. *The Annals
       of Statistics*, 13(1), 95-115.
    .. [2] Dijkstra, T. K. and Henseler, J. (2015). Consistent and
       asymptotically normal PLS estimators for linear structural equations.
       *Computational Statistics & Data Analysis*, 81, 10-23.

    Examples
    --------
    >>> from custvalue.datasets import simulate_survey
    >>> from custvalue.pls import PathModel, fit_test
    >>> model = PathModel({"a": ["a1", "a2"], "b": ["b1", "b2"]}, [("a", "b")])
    >>> data = simulate_survey(model, n=300, paths=0.5, loadings=0.8, rng=1).data
    >>> fit_test(model, data, n_resamples=200, rng=2).to_frame().columns.tolist()
    ['statistic', 'critical_value', 'p_value', 'reject']
    """
    from custvalue import pls as _pls  # pls re-exports this module: import late

    if not isinstance(model, _pls.PathModel):
        raise TypeError(f"model must be a PathModel; got {type(model).__name__}")
    if isinstance(data, _pls.Moments):
        raise TypeError("fit_test resamples respondents and needs the data rows, not Moments")
    b = as_count(n_resamples, "n_resamples", minimum=2)
    full = _pls.estimate(model, data, **estimate_options)
    opts = full.options
    spec = _pls._compile(model)
    x = full.data_values
    assert x is not None
    n = x.shape[0]
    s_full = full.indicator_correlation
    sigma_full = full.implied_correlation(saturated=False).to_numpy()
    observed = _distances(s_full[None], sigma_full[None])[0]

    def root(m: FloatArray, power: float) -> FloatArray:
        val, vec = np.linalg.eigh(m)
        if val.min() <= 1e-10:
            raise ValueError(
                "the model-implied correlation matrix is not positive definite; "
                "the bootstrap fit test is undefined for this estimate"
            )
        out: FloatArray = (vec * val**power) @ vec.T
        return out

    z = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    xstar = z @ root(s_full, -0.5) @ root(sigma_full, 0.5)
    xc = xstar - xstar.mean(axis=0)
    xx = (xc[:, :, None] * xc[:, None, :]).reshape(n, -1)
    c = 1.0 if opts.variance == "population" else (n - 1) / n
    gen = _pls._seed_sequence(rng)
    out = []
    for chunk in range(0, b, _pls._CHUNK):
        seeds = gen.spawn(min(_pls._CHUNK, b - chunk))
        counts = np.stack(
            [
                np.bincount(
                    np.random.Generator(np.random.PCG64(sd)).integers(0, n, size=n), minlength=n
                )
                for sd in seeds
            ]
        ).astype(np.float64)
        cov, _var = _pls._batch_cov(xc, xx, counts, True, c)
        fit = _pls._core(
            spec,
            cov,
            n,
            scheme=opts.scheme,
            criterion=opts.criterion,
            variance=opts.variance,
            tol=opts.tol,
            max_iter=opts.max_iter,
        )
        inner = _pls._inner(spec, cov / c, fit.weights, opts.consistent)
        s = cov / c
        ok = fit.converged & inner.admissible
        sigma = _implied_batch(spec, inner, s)
        out.append(_distances(s[ok], sigma[ok]))
    reps = np.concatenate(out)
    return FitTest(
        statistics=frozen_array(observed),
        replicates=frozen_array(reps, copy=False),
        n_resamples=b,
    )
