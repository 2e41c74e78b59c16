"""PLSpredict against a brute-force leave-one-out computation and by simulation."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pandas as pd
import pytest

from custvalue.datasets import simulate_survey
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
    with pytest.raises(ValueError, match="consistent=True"):
        predict(MODEL, data, consistent=True)
