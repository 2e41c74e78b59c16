"""Time-invariant covariates: recovery of simulated coefficients, SEs, per-customer predictions."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from custvalue.btyd import BetaGeo, CovariateFit, ParetoNBD, fit_covariates
from custvalue.datasets import simulate_beta_geo, simulate_pareto_nbd


def _two_segments(cls, base, gp: float, gd: float, n: int, seed: int):  # type: ignore[no-untyped-def]
    """Customers of two segments (z = 0, 1) drawn from the covariate model's own parameters."""
    if cls is BetaGeo:
        other = BetaGeo(
            base.r, base.alpha * math.exp(-gp), base.a * math.exp(gd), base.b * math.exp(gd)
        )
        sims = [simulate_beta_geo(n, m, T=52.0, rng=seed + k) for k, m in enumerate((base, other))]
    else:
        other = ParetoNBD(base.r, base.alpha * math.exp(-gp), base.s, base.beta * math.exp(-gd))
        sims = [
            simulate_pareto_nbd(n, m, T=52.0, rng=seed + k) for k, m in enumerate((base, other))
        ]
    x = np.concatenate([s.frequency for s in sims])
    tx = np.concatenate([s.recency for s in sims])
    T = np.concatenate([s.T for s in sims])
    z = pd.DataFrame({"segment": np.repeat([0.0, 1.0], n)})
    return x, tx, T, z, other


@pytest.mark.parametrize(
    ("cls", "base", "gp", "gd"),
    [
        (BetaGeo, BetaGeo(0.5, 6.0, 0.8, 2.5), 0.6, -0.4),
        (ParetoNBD, ParetoNBD(0.6, 8.0, 0.7, 10.0), 0.6, 0.5),
    ],
)
def test_recovers_simulated_coefficients(cls, base, gp: float, gd: float) -> None:  # type: ignore[no-untyped-def]
    x, tx, T, z, _ = _two_segments(cls, base, gp, gd, 4000, seed=31)
    fit = fit_covariates(cls, x, tx, T, purchase_covariates=z, dropout_covariates=z)
    assert isinstance(fit, CovariateFit)
    assert fit.converged
    est_p = fit.purchase_coefficients["segment"]
    est_d = fit.dropout_coefficients["segment"]
    se_p = fit.std_errors["purchase:segment"]
    se_d = fit.std_errors["dropout:segment"]
    # asymptotic normality: each estimate lies within 3 of its standard errors of the
    # truth with probability 0.997 (the seed is fixed, so the test is deterministic)
    assert abs(est_p - gp) < 3 * se_p
    assert abs(est_d - gd) < 3 * se_d
    # the standard errors are informative: the coefficients are resolved to +-0.2
    assert se_p < 0.1
    assert se_d < 0.2


def test_loglik_and_predictions_use_each_segments_parameters() -> None:
    # the covariate likelihood is the sum of the segment models' own log-likelihoods
    base = BetaGeo(0.5, 6.0, 0.8, 2.5)
    x, tx, T, z, _ = _two_segments(BetaGeo, base, 0.6, -0.4, 1500, seed=5)
    fit = fit_covariates(BetaGeo, x, tx, T, purchase_covariates=z, dropout_covariates=z)
    zero = z["segment"].to_numpy() == 0
    models = fit.customer_models(purchase_covariates=z, dropout_covariates=z)
    m0, m1 = models[0], models[-1]
    total = m0.loglik(x[zero], tx[zero], T[zero]) + m1.loglik(x[~zero], tx[~zero], T[~zero])
    assert fit.loglik == pytest.approx(total, rel=1e-12)
    # per-customer predictions use each customer's own parameters
    got = fit.p_alive(x, tx, T, purchase_covariates=z, dropout_covariates=z)
    np.testing.assert_array_equal(got[zero], m0.p_alive(x[zero], tx[zero], T[zero]))
    np.testing.assert_array_equal(got[~zero], m1.p_alive(x[~zero], tx[~zero], T[~zero]))
    cep = fit.conditional_expected_purchases(
        10.0, x, tx, T, purchase_covariates=z, dropout_covariates=z
    )
    np.testing.assert_allclose(
        cep[~zero], m1.conditional_expected_purchases(10.0, x[~zero], tx[~zero], T[~zero])
    )


def test_standard_errors_against_a_numerical_hessian() -> None:
    # independent of the optimiser's own Hessian: second differences of the public
    # log-likelihood of the segment models, rebuilt from the parameters
    base = BetaGeo(0.5, 6.0, 0.8, 2.5)
    x, tx, T, z, _ = _two_segments(BetaGeo, base, 0.6, -0.4, 1500, seed=8)
    fit = fit_covariates(BetaGeo, x, tx, T, purchase_covariates=z)
    zero = z["segment"].to_numpy() == 0

    def ll(theta: np.ndarray) -> float:
        r, alpha, a, b = np.exp(theta[:4])
        m0 = BetaGeo(r, alpha, a, b)
        m1 = BetaGeo(r, alpha * math.exp(-theta[4]), a, b)
        return m0.loglik(x[zero], tx[zero], T[zero]) + m1.loglik(x[~zero], tx[~zero], T[~zero])

    m = fit.model
    theta = np.array(
        [
            math.log(m.r),
            math.log(m.alpha),
            math.log(m.a),
            math.log(m.b),
            fit.purchase_coefficients["segment"],
        ]
    )
    h = 1e-3
    k = theta.size
    hess = np.empty((k, k))
    for i in range(k):
        for j in range(k):
            ei = np.eye(k)[i] * h
            ej = np.eye(k)[j] * h
            hess[i, j] = (
                ll(theta + ei + ej)
                - ll(theta + ei - ej)
                - ll(theta - ei + ej)
                + ll(theta - ei - ej)
            ) / (4 * h * h)
    se = np.sqrt(np.diag(np.linalg.inv(-hess)))
    # second differences with h = 1e-3 carry a relative error of order h^2 and round-off
    assert fit.std_errors["purchase:segment"] == pytest.approx(se[4], rel=2e-3)
    assert fit.std_errors["r"] == pytest.approx(m.r * se[0], rel=2e-3)


def test_bad_covariates() -> None:
    x, tx, T = [1, 0, 2, 3], [2.0, 0.0, 5.0, 6.0], [10.0, 10.0, 10.0, 12.0]
    with pytest.raises(ValueError, match="is constant"):
        fit_covariates(BetaGeo, x, tx, T, purchase_covariates=np.ones((4, 1)))
    with pytest.raises(ValueError, match="one row per customer"):
        fit_covariates(BetaGeo, x, tx, T, purchase_covariates=np.arange(3.0))
    with pytest.raises(ValueError, match="needs purchase_covariates or dropout_covariates"):
        fit_covariates(BetaGeo, x, tx, T)
    with pytest.raises(TypeError, match="model_class must be BetaGeo or ParetoNBD"):
        fit_covariates(dict, x, tx, T, purchase_covariates=np.arange(4.0))  # type: ignore[arg-type]
