"""Time-invariant covariates for the BG/NBD and Pareto/NBD (CLVTools' parametrisation).

Re-exported by :mod:`custvalue.btyd`.
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from custvalue._results import ConfidenceInterval, FrozenDict, ResultMixin, two_sided_z
from custvalue._validate import (
    FloatArray,
    FloatOrArray,
    align_by_label,
    as_float_array,
    check_level,
    labelled_errors,
)
from custvalue.btyd import (
    BetaGeo,
    ParetoNBD,
    _bgnbd_objective,
    _check_identifiable,
    _compress,
    _FitStatistics,
    _maximise,
    _parameter_table,
    _pnbd_objective,
    _result,
    _rfm,
    _weights,
)
from custvalue.exceptions import ConvergenceWarning

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["CovariateFit", "fit_covariates"]


def _covariates(value: object, name: str, n: int, index: Any) -> tuple[FloatArray, list[str]]:
    """A (customers x covariates) float matrix and the covariate names."""
    if value is None:
        return np.zeros((n, 0)), []
    from custvalue._validate import is_dataframe, is_series

    if is_series(value):
        value = value.to_frame()
    names: list[str]
    if is_dataframe(value):
        names = [str(c) for c in value.columns]
    else:
        arr0 = np.asarray(value)
        k = 1 if arr0.ndim == 1 else arr0.shape[1] if arr0.ndim == 2 else 0
        names = [f"{name}[{j}]" for j in range(k)]
    with labelled_errors(index):
        z = as_float_array(value, name, ndim=(1, 2))
    if z.ndim == 1:
        z = z[:, None]
    if z.shape[0] != n:
        raise ValueError(f"{name} must have one row per customer ({n}); got {z.shape[0]} rows")
    if z.shape[1] and np.any(np.ptp(z, axis=0) == 0):
        j = int(np.flatnonzero(np.ptp(z, axis=0) == 0)[0])
        raise ValueError(
            f"{name} column {names[j]!r} is constant: its coefficient is not identified "
            "(the constant is part of the model's own parameter)"
        )
    return z, names


@attrs.frozen(eq=False, repr=False)
class CovariateFit(_FitStatistics, ResultMixin):
    r"""A BG/NBD or Pareto/NBD fitted with time-invariant customer covariates.

    Parametrisation of CLVTools (Bachmann, Meierer & Näf) and Fader &
    Hardie (2007): with purchase covariates :math:`z^{(p)}_i` and dropout
    covariates :math:`z^{(d)}_i`,

    - both models: :math:`\alpha_i = \alpha\,\exp(-\gamma_p^\top z^{(p)}_i)`,
      so a positive purchase coefficient raises the purchase rate
      (:math:`E[\lambda_i] = r/\alpha_i`);
    - Pareto/NBD: :math:`\beta_i = \beta\,\exp(-\gamma_d^\top z^{(d)}_i)`, so a
      positive dropout coefficient raises the dropout rate
      (:math:`E[\mu_i] = s/\beta_i`);
    - BG/NBD: :math:`a_i = a\,\exp(\gamma_d^\top z^{(d)}_i)` and
      :math:`b_i = b\,\exp(\gamma_d^\top z^{(d)}_i)` with one shared
      coefficient vector (the mean dropout probability :math:`a_i/(a_i+b_i)`
      stays :math:`a/(a+b)`; its concentration changes).

    ``model`` holds the parameters of a customer whose covariates are all 0.

    Attributes
    ----------
    model : BetaGeo or ParetoNBD
        The model at zero covariates.
    purchase_coefficients, dropout_coefficients : pandas.Series
        :math:`\gamma_p` and :math:`\gamma_d`, indexed by covariate name.
    loglik : float
        Maximised log-likelihood.
    std_errors : FrozenDict
        Standard errors of every parameter (model parameters by the delta
        method from their logs, coefficients directly), keyed ``"r"``, ...,
        ``"purchase:<name>"``, ``"dropout:<name>"``.
    covariance : numpy.ndarray
        Covariance of (log model parameters, purchase coefficients, dropout
        coefficients), the inverse observed information.
    converged : bool
        Whether an interior maximum with a positive definite information was found.
    message : str
        What the optimiser reached.
    n_customers : int
        Customers behind the fit.
    """

    model: Any
    purchase_coefficients: pd.Series[float]
    dropout_coefficients: pd.Series[float]
    loglik: float
    std_errors: FrozenDict[str, float]
    covariance: FloatArray
    converged: bool
    message: str
    n_customers: int

    def _estimates(self) -> FloatArray:
        names = [f.name for f in attrs.fields(type(self.model))]
        return np.concatenate(
            [
                [float(getattr(self.model, n)) for n in names],
                self.purchase_coefficients.to_numpy(),
                self.dropout_coefficients.to_numpy(),
            ]
        )

    def confidence_interval(self, *, level: float = 0.95) -> ConfidenceInterval:
        """Wald intervals: on the log scale for model parameters, direct for coefficients."""
        import pandas as pd

        z = two_sided_z(check_level(level))
        est = self._estimates()
        se_raw = np.sqrt(np.maximum(np.diag(self.covariance), 0.0))
        k = len(attrs.fields(type(self.model)))
        low = est - z * se_raw
        high = est + z * se_raw
        low[:k] = est[:k] * np.exp(-z * se_raw[:k])
        high[:k] = est[:k] * np.exp(z * se_raw[:k])
        names = list(self.std_errors)
        return ConfidenceInterval(
            low=pd.Series(low, index=names, name="low"),
            high=pd.Series(high, index=names, name="high"),
            level=float(level),
        )

    def to_frame(self, *, level: float = 0.95) -> pd.DataFrame:
        """One row per parameter: ``estimate``, ``std_error``, ``ci_low``, ``ci_high``."""
        interval = self.confidence_interval(level=level)
        return _parameter_table(self._estimates(), self.std_errors, interval)

    def summary(self) -> str:
        """Text report: the parameter table and the fit statistics."""
        return str(
            f"{type(self.model).__name__} with covariates, fit by maximum likelihood\n"
            f"customers: {self.n_customers}   log-likelihood: {self.loglik:.4f}   "
            f"AIC: {self.aic:.2f}   BIC: {self.bic:.2f}\n"
            f"converged: {self.converged} ({self.message})\n\n"
            + self.to_frame().round(4).to_string()
        )

    def _groups(
        self, purchase_covariates: object, dropout_covariates: object, n: int, index: Any
    ) -> tuple[list[Any], Any]:
        zp, _ = _covariates(purchase_covariates, "purchase_covariates", n, index)
        zd, _ = _covariates(dropout_covariates, "dropout_covariates", n, index)
        for z, coef, name in (
            (zp, self.purchase_coefficients, "purchase_covariates"),
            (zd, self.dropout_coefficients, "dropout_covariates"),
        ):
            if z.shape[1] != len(coef):
                raise ValueError(
                    f"{name} must have the {len(coef)} columns the model was fitted with; "
                    f"got {z.shape[1]}"
                )
        rows, group = np.unique(np.hstack([zp, zd]), axis=0, return_inverse=True)
        kp = zp.shape[1]
        models = [_group_model(self.model, r[:kp], r[kp:], self) for r in rows]
        return models, group.reshape(-1)

    def customer_models(
        self, *, purchase_covariates: object = None, dropout_covariates: object = None
    ) -> list[Any]:
        """Each customer's own model (parameters at her covariates), one per row."""
        zp = None if purchase_covariates is None else np.asarray(purchase_covariates)
        n = 1 if zp is None else (zp.shape[0] if zp.ndim else 1)
        if zp is None and dropout_covariates is not None:
            n = np.asarray(dropout_covariates).shape[0]
        models, group = self._groups(purchase_covariates, dropout_covariates, n, None)
        return [models[g] for g in group]

    def _per_group(
        self,
        method: str,
        lead: tuple[object, ...],
        frequency: object,
        recency: object,
        T: object,
        purchase_covariates: object,
        dropout_covariates: object,
    ) -> FloatOrArray:
        """``method(*lead, x, t_x, T)`` of each customer's own model, named after the method."""
        (frequency, recency, T, purchase_covariates, dropout_covariates), _ = align_by_label(
            frequency=frequency,
            recency=recency,
            T=T,
            purchase_covariates=purchase_covariates,
            dropout_covariates=dropout_covariates,
        )
        x, tx, age, index = _rfm(frequency, recency, T, same_length=True)
        models, group = self._groups(purchase_covariates, dropout_covariates, x.size, index)
        out = np.empty(x.size)
        for g, model in enumerate(models):
            sel = group == g
            out[sel] = np.asarray(getattr(model, method)(*lead, x[sel], tx[sel], age[sel]))
        return _result(out, index, method, frequency)

    def p_alive(
        self,
        frequency: object,
        recency: object,
        T: object,
        *,
        purchase_covariates: object = None,
        dropout_covariates: object = None,
    ) -> FloatOrArray:
        """P(alive) of each customer with her own parameters (see the model's ``p_alive``)."""
        return self._per_group(
            "p_alive",
            (),
            frequency,
            recency,
            T,
            purchase_covariates,
            dropout_covariates,
        )

    def conditional_expected_purchases(
        self,
        t: float,
        frequency: object,
        recency: object,
        T: object,
        *,
        purchase_covariates: object = None,
        dropout_covariates: object = None,
    ) -> FloatOrArray:
        """Expected purchases in ``(T, T + t]`` of each customer with her own parameters."""
        return self._per_group(
            "conditional_expected_purchases",
            (t,),
            frequency,
            recency,
            T,
            purchase_covariates,
            dropout_covariates,
        )


def _group_model(base: Any, zp: FloatArray, zd: FloatArray, fit: CovariateFit) -> Any:
    gp = float(zp @ fit.purchase_coefficients.to_numpy())
    gd = float(zd @ fit.dropout_coefficients.to_numpy())
    if isinstance(base, ParetoNBD):
        return ParetoNBD(base.r, base.alpha * math.exp(-gp), base.s, base.beta * math.exp(-gd))
    return BetaGeo(base.r, base.alpha * math.exp(-gp), base.a * math.exp(gd), base.b * math.exp(gd))


def fit_covariates(
    model_class: type[BetaGeo] | type[ParetoNBD],
    frequency: object,
    recency: object,
    T: object,
    *,
    purchase_covariates: object = None,
    dropout_covariates: object = None,
    weights: object = None,
) -> CovariateFit:
    r"""Fit a BG/NBD or Pareto/NBD with time-invariant covariates by maximum likelihood.

    Parameters
    ----------
    model_class : BetaGeo or ParetoNBD
        The model to extend (the class itself).
    frequency, recency, T : array_like
        Customer summaries, as for ``fit`` (pandas inputs pair by label,
        also with the covariates).
    purchase_covariates, dropout_covariates : DataFrame or 2-D array, optional
        One row per customer, one column per covariate (a DataFrame's
        column names name the coefficients). Purchase covariates scale
        ``alpha``; dropout covariates scale ``beta`` (Pareto/NBD) or ``a`` and
        ``b`` (BG/NBD); see :class:`CovariateFit` for the formulas.
    weights : array_like, optional
        Customers each row stands for.

    Returns
    -------
    CovariateFit

    Notes
    -----
    Customers are grouped by their distinct covariate rows; within a group
    the model's own likelihood and analytic gradient are evaluated on the
    group's distinct ``(x, t_x, T)`` patterns, and the chain rule gives the
    gradient in the coefficients. Grouping makes categorical covariates
    (segments, channels) cheap; a continuous covariate makes every customer
    a group. The optimiser starts from the fit without covariates.

    References
    ----------
    .. [1] Fader, P. S. & Hardie, B. G. S. (2007). Incorporating time-invariant
       covariates into the Pareto/NBD and BG/NBD models.
       http://www.brucehardie.com/notes/019/
    .. [2] Meierer, M., Bachmann, P., Näf, J., Schilter, P. & Algesheimer, R.
       CLVTools: probabilistic models for customer-base analysis in R.
       https://www.clvtools.com

    Examples
    --------
    >>> import numpy as np
    >>> from custvalue.btyd import BetaGeo, fit_covariates
    >>> from custvalue.datasets import cdnow
    >>> d = cdnow()
    >>> early = (d.T > 35).astype(float).rename("early").to_frame()  # joined in January
    >>> fit = fit_covariates(BetaGeo, d.frequency, d.recency, d.T, purchase_covariates=early)
    >>> round(float(fit.purchase_coefficients["early"]), 3)
    -0.058
    """
    import pandas as pd

    if model_class not in (BetaGeo, ParetoNBD):
        raise TypeError(f"model_class must be BetaGeo or ParetoNBD; got {model_class!r}")
    (frequency, recency, T, purchase_covariates, dropout_covariates, weights), _ = align_by_label(
        frequency=frequency,
        recency=recency,
        T=T,
        purchase_covariates=purchase_covariates,
        dropout_covariates=dropout_covariates,
        weights=weights,
    )
    x, tx, age, index = _rfm(frequency, recency, T, same_length=True)
    w = _weights(weights, x.size, index)
    zp, names_p = _covariates(purchase_covariates, "purchase_covariates", x.size, index)
    zd, names_d = _covariates(dropout_covariates, "dropout_covariates", x.size, index)
    if zp.shape[1] + zd.shape[1] == 0:
        raise ValueError(
            "fit_covariates needs purchase_covariates or dropout_covariates; without them "
            "use the model's own fit"
        )
    rows, group = np.unique(np.hstack([zp, zd]), axis=0, return_inverse=True)
    group = group.reshape(-1)
    kp, kd = zp.shape[1], zd.shape[1]
    make = _bgnbd_objective if model_class is BetaGeo else _pnbd_objective
    parts = []
    for g in range(rows.shape[0]):
        sel = group == g
        patterns = _compress(x[sel], tx[sel], age[sel], w[sel])
        parts.append((make(patterns), rows[g, :kp], rows[g, kp:]))
    everyone = _compress(x, tx, age, w)
    who = f"fit_covariates({model_class.__name__})"
    _check_identifiable(everyone, who)
    pareto = model_class is ParetoNBD

    def objective(theta: FloatArray) -> tuple[float, FloatArray]:
        base = theta[:4]
        gp, gd = theta[4 : 4 + kp], theta[4 + kp :]
        ll = 0.0
        grad = np.zeros(theta.size)
        for obj, rp, rd in parts:
            local = base.copy()
            local[1] -= rp @ gp
            if pareto:
                local[3] -= rd @ gd
            else:
                local[2] += rd @ gd
                local[3] += rd @ gd
            value, g = obj(local)
            ll += value
            grad[:4] += g
            grad[4 : 4 + kp] -= g[1] * rp
            grad[4 + kp :] += (-g[3] if pareto else g[2] + g[3]) * rd
        return ll, grad

    start = model_class.fit(x, tx, age, weights=w)
    names_model = [f.name for f in attrs.fields(model_class)]
    theta0 = np.concatenate(
        [np.log([getattr(start.model, n) for n in names_model]), np.zeros(kp + kd)]
    )
    opt = _maximise(objective, theta0, scale=float(w.sum()), l2_penalty=0.0)
    k = theta0.size
    cov = np.full((k, k), np.nan)
    info = -opt.hessian
    eig = np.linalg.eigvalsh(info) if np.all(np.isfinite(info)) else np.array([-1.0])
    pd_info = bool(eig[0] > 1e-10 * max(abs(eig[-1]), 1e-300))
    if pd_info:
        cov = np.linalg.inv(info)
    est_model = np.exp(opt.theta[:4])
    var = np.diag(cov)
    se_raw = np.sqrt(np.where(var >= 0, var, np.nan))
    labels = names_model + [f"purchase:{n}" for n in names_p] + [f"dropout:{n}" for n in names_d]
    se = {
        lab: float(est_model[i] * se_raw[i]) if i < 4 else float(se_raw[i])
        for i, lab in enumerate(labels)
    }
    problems = []
    if not pd_info:
        problems.append(
            "the observed information is not positive definite: the coefficients are not "
            "identified (a covariate may be collinear with others)"
        )
    if not opt.converged:
        problems.append(f"the optimiser stopped short of a maximum: {opt.message}")
    if np.any(np.abs(opt.theta[:4]) > 18.0):
        problems.append("a model parameter ran to the boundary of its range")
    converged = not problems
    message = "interior maximum" if converged else "; ".join(problems)
    if not converged:
        warnings.warn(f"{who} found no reliable maximum: {message}", ConvergenceWarning, 2)
    return CovariateFit(
        model=model_class(*est_model),
        purchase_coefficients=pd.Series(opt.theta[4 : 4 + kp], index=names_p, name="purchase"),
        dropout_coefficients=pd.Series(opt.theta[4 + kp :], index=names_d, name="dropout"),
        loglik=opt.loglik,
        std_errors=FrozenDict(se),
        covariance=cov,
        converged=converged,
        message=message,
        n_customers=round(float(w.sum())),
    )
