"""Issue 13 contract for btyd and transactions: labels, names, degenerate data, values."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from custvalue.btyd import (
    BetaGeo,
    GammaGamma,
    ParetoNBD,
    ShiftedBetaGeometric,
    customer_lifetime_value,
    model_from_dict,
)
from custvalue.transactions import compress, rfm_summary

BG = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
PNBD = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
GG = GammaGamma(p=6.25, q=3.74, v=15.44)

IDX = ["ann", "bob", "cy"]
X = pd.Series([2.0, 0.0, 5.0], index=IDX)
TX = pd.Series([30.43, 0.0, 20.0], index=IDX)
AGE = pd.Series([38.86, 38.86, 30.0], index=IDX)
M = pd.Series([20.0, 0.0, 35.0], index=IDX)


def shuffled(s: pd.Series) -> pd.Series:
    return s.iloc[[2, 0, 1]]


@pytest.mark.parametrize("model", [BG, PNBD])
def test_predictions_pair_by_label_and_are_named(model: BetaGeo | ParetoNBD) -> None:
    plain = model.p_alive(X.to_numpy(), TX.to_numpy(), AGE.to_numpy())
    got = model.p_alive(X, shuffled(TX), AGE.iloc[[1, 2, 0]])
    assert got.name == "p_alive"
    assert list(got.index) == IDX
    np.testing.assert_array_equal(got.to_numpy(), plain)
    cond = model.conditional_expected_purchases(10.0, X, shuffled(TX), AGE)
    assert cond.name == "conditional_expected_purchases"
    np.testing.assert_array_equal(
        cond.to_numpy(),
        model.conditional_expected_purchases(10.0, X.to_numpy(), TX.to_numpy(), AGE.to_numpy()),
    )
    assert model.expected_purchases(pd.Series([1.0, 2.0])).name == "expected_purchases"
    # fits and log-likelihoods pair by label too
    assert model.loglik(X, shuffled(TX), AGE) == model.loglik(
        X.to_numpy(), TX.to_numpy(), AGE.to_numpy()
    )
    with pytest.raises(ValueError, match="'cy' is in frequency but not in recency"):
        model.p_alive(X, TX.rename(index={"cy": "dee"}), AGE)
    both = pd.concat([model.p_alive(X, TX, AGE), cond], axis=1)
    assert list(both.columns) == ["p_alive", "conditional_expected_purchases"]


def test_errors_name_the_callers_label() -> None:
    bad = pd.Series([5.0, 0.0, 40.0], index=IDX)  # cy: recency 40 > T 30
    with pytest.raises(ValueError, match="recency 40 > T 30 at label 'cy'"):
        BG.p_alive(X, bad, AGE)
    with pytest.raises(ValueError, match="frequency must be >= 0; got -1 at label 'bob'"):
        compress(pd.Series([1.0, -1.0, 0.0], index=IDX), TX, AGE)
    with pytest.raises(ValueError, match="monetary_value must be > 0; got 0 at label 'bob'"):
        GammaGamma.fit(pd.Series([1.0, 2.0, 1.0], index=IDX), M)


def test_compress_pairs_by_label() -> None:
    c = compress(X, shuffled(TX), AGE)
    np.testing.assert_array_equal(c.expand(c.recency).to_numpy(), TX.to_numpy())
    assert list(c.index) == IDX


def test_spend_and_clv_pair_by_label_and_zero_spend_is_valued() -> None:
    value = GG.conditional_expected_value(X, shuffled(M))
    assert value.name == "conditional_expected_value"
    np.testing.assert_allclose(
        value.to_numpy(),
        # x m_x weighted with the population mean (x = 0: population mean)
        [
            6.25 * (15.44 + 2 * 20.0) / (6.25 * 2 + 2.74),
            6.25 * 15.44 / 2.74,
            6.25 * (15.44 + 5 * 35.0) / (6.25 * 5 + 2.74),
        ],
        rtol=1e-14,
    )
    clv = customer_lifetime_value(
        BG,
        GG,
        X,
        shuffled(TX),
        AGE,
        shuffled(M),
        horizon=12,
        discount_rate=0.01,
        time_unit=52 / 12,
    )
    assert clv.name == "clv"
    assert list(clv.index) == IDX
    plain = customer_lifetime_value(
        BG,
        GG,
        X.to_numpy(),
        TX.to_numpy(),
        AGE.to_numpy(),
        M.to_numpy(),
        horizon=12,
        discount_rate=0.01,
        time_unit=52 / 12,
    )
    np.testing.assert_array_equal(clv.to_numpy(), plain)
    # a repeat buyer whose repeat purchases were free is valued, not refused
    free = customer_lifetime_value(
        BG, GG, [3], [20.0], [30.0], [0.0], horizon=12, discount_rate=0.01, time_unit=52 / 12
    )
    assert free[0] > 0


@pytest.mark.parametrize(
    ("survivors", "match"),
    [
        ([10, 10], "no customer churned"),
        ([1, 1], "no customer churned"),
        ([10, 0], "one period of renewals identifies only"),
        ([1, 0], "one period of renewals identifies only"),
        ([10, 0, 0], "every customer churned in the first period"),
    ],
)
def test_sbg_degenerate_survivors(survivors: list[int], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        ShiftedBetaGeometric.fit(survivors)


def test_gamma_gamma_identical_spends() -> None:
    with pytest.raises(ValueError, match="monetary_value is 20 for every customer"):
        GammaGamma.fit([1, 2, 3], [20.0, 20.0, 20.0])


def test_models_are_values() -> None:
    for model in (BG, PNBD, GG, ShiftedBetaGeometric(0.7, 1.2)):
        assert type(model).from_dict(model.to_dict()) == model
        assert pickle.loads(pickle.dumps(model)) == model
        assert repr(model).startswith(type(model).__name__ + "(")
    fit = ShiftedBetaGeometric.fit([1000, 631, 468, 382, 326, 289, 262, 241])
    assert model_from_dict(fit.to_dict()) == fit.model
    with pytest.raises(TypeError, match="holds a ShiftedBetaGeometric fit, not a BetaGeo"):
        BetaGeo.from_dict(fit.to_dict())
    with pytest.raises(TypeError, match="needs exactly the keys"):
        BetaGeo.from_dict({"r": 1.0})


def test_rfm_summary_repr_is_short() -> None:
    log = pd.DataFrame(
        {
            "customer": [f"c{i}" for i in range(100)] * 2,
            "date": pd.to_datetime(["2024-01-01"] * 100 + ["2024-02-01"] * 100),
        }
    )
    s = rfm_summary(log, customer="customer", date="date")
    assert len(repr(s).splitlines()) == 1
    assert isinstance(s.summary(), str)
    with pytest.raises(ValueError, match="read-only"):
        s.frequency.iloc[0] = 5.0


def _numerical_se(loglik, theta: np.ndarray, h: float = 1e-3) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Standard errors of the log-parameters from second differences of the public LL."""
    k = theta.size
    hess = np.empty((k, k))
    eye = np.eye(k) * h
    for i in range(k):
        for j in range(k):
            hess[i, j] = (
                loglik(theta + eye[i] + eye[j])
                - loglik(theta + eye[i] - eye[j])
                - loglik(theta - eye[i] + eye[j])
                + loglik(theta - eye[i] - eye[j])
            ) / (4 * h * h)
    return np.sqrt(np.diag(np.linalg.inv(-hess)))


def test_standard_errors_match_a_numerical_hessian() -> None:
    from custvalue.datasets import cdnow

    d = cdnow()
    x, tx, T = d.frequency.to_numpy(), d.recency.to_numpy(), d.T.to_numpy()
    rep = x > 0
    cases = [
        (BetaGeo.fit(x, tx, T), lambda m: m.loglik(x, tx, T)),
        (ParetoNBD.fit(x, tx, T), lambda m: m.loglik(x, tx, T)),
        (
            GammaGamma.fit(x[rep], d.monetary_value.to_numpy()[rep]),
            lambda m: m.loglik(x[rep], d.monetary_value.to_numpy()[rep]),
        ),
    ]
    for fit, ll in cases:
        names = list(fit.std_errors)
        cls = type(fit.model)
        theta = np.log([getattr(fit.model, n) for n in names])
        se_log = _numerical_se(lambda th, cls=cls, ll=ll: ll(cls(*np.exp(th))), theta)
        expected = np.exp(theta) * se_log  # delta method from the log scale
        got = np.array([fit.std_errors[n] for n in names])
        # second differences with h = 1e-3: truncation error of order h^2 = 1e-6
        np.testing.assert_allclose(got, expected, rtol=1e-3)
    # a peer's output: lifetimes 0.11.3 BetaGeoFitter.summary on the same CDNOW data
    # prints se(coef) r 0.012557, alpha 0.378221, a 0.185719, b 0.705345
    bg = cases[0][0]
    np.testing.assert_allclose(
        [bg.std_errors[n] for n in ("r", "alpha", "a", "b")],
        [0.012557, 0.378221, 0.185719, 0.705345],
        rtol=1e-3,
    )
