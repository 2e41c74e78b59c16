"""PLSpredict against a brute-force leave-one-out computation and by simulation."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pandas as pd
import pytest

from custvalue.datasets import simulate_survey
from custvalue.exceptions import DegenerateDataWarning
from custvalue.pls import PathModel, estimate, predict

MODEL = PathModel(
    {"a": ["a1", "a2", "a3"], "m": ["m1", "m2"], "y": ["y1", "y2", "y3"]},
    [("a", "m"), ("a", "y"), ("m", "y")],
)


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    paths = {("a", "m"): 0.5, ("a", "y"): 0.3, ("m", "y"): 0.4}
    return simulate_survey(MODEL, n=60, paths=paths, loadings=0.8, rng=4).data


def _brute_force(data: pd.DataFrame, technique: str) -> tuple[np.ndarray, np.ndarray]:
    """Leave-one-out by re-estimating on every training set with estimate()."""
    items = list(MODEL.indicators)
    x = data[items].to_numpy(dtype=float)
    targets = [k for k, item in enumerate(items) if item[0] in "my"]
    pls_out = np.empty((len(x), len(targets)))
    lm_out = np.empty_like(pls_out)
    for i in range(len(x)):
        train = np.delete(x, i, axis=0)
        fit = estimate(MODEL, pd.DataFrame(train, columns=items))
        mu, sd = train.mean(axis=0), train.std(axis=0, ddof=1)
        z = (x[i] - mu) / sd
        scores = {
            c: z[[items.index(v) for v in MODEL.constructs[c]]]
            @ fit.weights.set_index("indicator").loc[list(MODEL.constructs[c]), "value"].to_numpy()
            for c in MODEL.names
        }
        total = fit.effects.set_index(["from", "to"])["total"]
        if technique == "earliest":
            eta = {"m": total[("a", "m")] * scores["a"], "y": total[("a", "y")] * scores["a"]}
            ante = {"m": ["a1", "a2", "a3"], "y": ["a1", "a2", "a3"]}
        else:
            paths = fit.path_coefficients
            eta = {
                "m": paths.loc["a", "m"] * scores["a"],
                "y": paths.loc["a", "y"] * scores["a"] + paths.loc["m", "y"] * scores["m"],
            }
            ante = {"m": ["a1", "a2", "a3"], "y": ["a1", "a2", "a3", "m1", "m2"]}
        loadings = fit.loadings.set_index("indicator")["value"]
        for t, k in enumerate(targets):
            item = items[k]
            pls_out[i, t] = mu[k] + sd[k] * loadings[item] * eta[item[0]]
            cols = [items.index(v) for v in ante[item[0]]]
            design = np.column_stack([np.ones(len(train)), train[:, cols]])
            coef = np.linalg.lstsq(design, train[:, k], rcond=None)[0]
            lm_out[i, t] = coef[0] + x[i, cols] @ coef[1:]
    return pls_out, lm_out


@pytest.mark.parametrize("technique", ["earliest", "direct"])
def test_leave_one_out_equals_brute_force(data: pd.DataFrame, technique: str) -> None:
    result = predict(MODEL, data, folds=len(data), repetitions=1, technique=technique)  # type: ignore[arg-type]
    pls_ref, lm_ref = _brute_force(data, technique)
    assert result.indicators == ("m1", "m2", "y1", "y2", "y3")
    np.testing.assert_allclose(result.pls_predictions[0], pls_ref, atol=1e-10)
    np.testing.assert_allclose(result.lm_predictions[0], lm_ref, atol=1e-9)
    # the naive benchmark of Q2_predict is the training mean: (n x - x_i) / (n - 1)
    x = data[list(result.indicators)].to_numpy(dtype=float)
    n = len(x)
    np.testing.assert_allclose(result.naive_predictions[0], (x.sum(axis=0) - x) / (n - 1))
    table = result.to_frame()
    err = result.pls_predictions[0] - x
    np.testing.assert_allclose(table["rmse"], np.sqrt((err**2).mean(axis=0)))
    np.testing.assert_allclose(
        table["q2_predict"],
        1 - (err**2).sum(axis=0) / ((result.naive_predictions[0] - x) ** 2).sum(axis=0),
    )


def test_folds_depend_on_rng_only_and_q2_is_positive_for_a_true_model() -> None:
    data = simulate_survey(MODEL, n=400, paths=0.5, loadings=0.8, rng=9).data
    a = predict(MODEL, data, folds=10, repetitions=3, rng=5)
    b = predict(MODEL, data, folds=10, repetitions=3, rng=5)
    c = predict(MODEL, data, folds=10, repetitions=3, rng=6)
    assert a == b
    assert not np.array_equal(a.pls_predictions, c.pls_predictions)
    table = a.to_frame()
    assert (table["q2_predict"] > 0.05).all()
    # a correctly specified reflective model predicts about as well as the
    # linear model (whose extra coefficients only add estimation noise)
    assert (table["rmse"] < 1.02 * table["lm_rmse"]).all()
    assert pickle.loads(pickle.dumps(a)) == a
    assert copy.deepcopy(a) == a
    assert "PLSpredict" in a.summary()


def test_predict_errors(data: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="folds must be at most the number of rows"):
        predict(MODEL, data, folds=61)
    with pytest.raises(ValueError, match="folds must be >= 2"):
        predict(MODEL, data, folds=1)
    with pytest.raises(ValueError, match="technique must be one of"):
        predict(MODEL, data, technique="all")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# PLSc: model-implied conditional expectations
# ---------------------------------------------------------------------------

PLSC_MODEL = PathModel(
    {"a": ["a1", "a2", "a3"], "b": ["b1", "b2"], "m": ["m1", "m2", "m3"], "y": ["y1", "y2", "y3"]},
    [("a", "m"), ("b", "m"), ("a", "y"), ("m", "y")],
)


def _plsc_reference(
    train: pd.DataFrame, test: pd.DataFrame, factors: list[str], technique: str
) -> np.ndarray:
    """Predictions of the endogenous items, following seminr's recipe step by step.

    Implied construct correlations from the disattenuated exogenous block and
    the paths in causal order; Sigma = Lambda Phi Lambda' with factor blocks
    lambda lambda' (unit diagonal) and composite blocks observed; then
    E[z_y | z_x] = z_x Sigma_xx^-1 Sigma_xy on the training standardisation.
    """
    fit = estimate(PLSC_MODEL, train, consistent=factors)
    names = list(PLSC_MODEL.names)
    items = list(PLSC_MODEL.indicators)
    phi_est = fit.construct_correlation
    path = fit.path_values
    phi = np.zeros_like(phi_est)
    earlier = [names.index(c) for c in PLSC_MODEL.exogenous]
    phi[np.ix_(earlier, earlier)] = phi_est[np.ix_(earlier, earlier)]
    for c in ("m", "y"):  # causal order
        j = names.index(c)
        phi[earlier, j] = phi[j, earlier] = phi[np.ix_(earlier, earlier)] @ path[earlier, j]
        phi[j, j] = 1.0
        earlier.append(j)
    outer = fit.outer_model.set_index("indicator")
    lam = np.zeros((len(items), len(names)))
    for c in names:
        for item in PLSC_MODEL.constructs[c]:
            lam[items.index(item), names.index(c)] = outer.loc[item, "loading"]
    sigma = lam @ phi @ lam.T
    observed = np.corrcoef(train[items].to_numpy(dtype=float), rowvar=False)
    for c in names:
        block = [items.index(v) for v in PLSC_MODEL.constructs[c]]
        if c in factors:
            sub = np.outer(lam[block, names.index(c)], lam[block, names.index(c)])
            np.fill_diagonal(sub, 1.0)
        else:
            sub = observed[np.ix_(block, block)]
        sigma[np.ix_(block, block)] = sub
    x_train = train[items].to_numpy(dtype=float)
    mu, sd = x_train.mean(axis=0), x_train.std(axis=0, ddof=1)
    z = (test[items].to_numpy(dtype=float) - mu) / sd
    sources = (
        {"m": ["a", "b"], "y": ["a", "b"]}
        if technique == "earliest"
        else {"m": ["a", "b"], "y": ["a", "m"]}
    )
    out = []
    for c in ("m", "y"):
        xs = [items.index(v) for s in sources[c] for v in PLSC_MODEL.constructs[s]]
        ys = [items.index(v) for v in PLSC_MODEL.constructs[c]]
        beta = np.linalg.solve(sigma[np.ix_(xs, xs)], sigma[np.ix_(xs, ys)])
        out.append(mu[ys] + sd[ys] * (z[:, xs] @ beta))
    return np.column_stack(out)


@pytest.mark.parametrize("technique", ["earliest", "direct"])
@pytest.mark.parametrize("factors", [["a", "b", "m", "y"], ["a", "m", "y"]])
def test_plsc_predictions_are_model_implied_conditional_expectations(
    technique: str, factors: list[str]
) -> None:
    truth = {("a", "m"): 0.4, ("b", "m"): 0.3, ("a", "y"): 0.2, ("m", "y"): 0.5}
    data = simulate_survey(PLSC_MODEL, n=150, paths=truth, loadings=0.8, rng=21).data
    labels = np.arange(150) % 5
    result = predict(PLSC_MODEL, data, folds=labels, technique=technique, consistent=factors)
    for fold in range(5):
        held = labels == fold
        expected = _plsc_reference(data[~held], data[held], factors, technique)
        np.testing.assert_allclose(result.pls_predictions[0][held], expected, rtol=0, atol=1e-10)
    # PLSc predictions differ from the composites' predictions
    plain = predict(PLSC_MODEL, data, folds=labels, technique=technique)
    assert not np.allclose(plain.pls_predictions, result.pls_predictions, atol=1e-4)


def test_plsc_prediction_refuses_an_inadmissible_fold() -> None:
    bad = PathModel({"a": ["a1", "a2"], "y": ["y1", "y2"]}, [("a", "y")])
    rng = np.random.default_rng(3)
    a1 = rng.normal(size=80)
    frame = pd.DataFrame(
        {
            "a1": a1,
            "a2": -0.1 * a1 + rng.normal(size=80),  # a negative inter-item correlation
            "y1": a1 + rng.normal(size=80),
            "y2": a1 + rng.normal(size=80),
        }
    )
    with (
        pytest.warns(DegenerateDataWarning, match="inadmissible"),  # the full sample
        pytest.raises(ValueError, match="training fold is inadmissible"),
    ):
        predict(bad, frame, folds=4, repetitions=1, rng=1, consistent=True)
