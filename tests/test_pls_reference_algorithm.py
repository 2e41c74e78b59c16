"""The covariance-batch PLS engine against Wold's algorithm written out on the raw data.

The reference below iterates on the respondents' scores exactly as the
textbook describes (Lohmöller 1989; Tenenhaus et al. 2005): a second,
independent implementation. The models have a negative structural path, so
the centroid scheme's signs and the path scheme's regression weights matter.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from custvalue.datasets import simulate_survey
from custvalue.pls import PathModel, estimate

MODEL = PathModel(
    {"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"], "c": ["c1", "c2"], "d": ["d1", "d2"]},
    [("a", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("b", "d")],
)
PATHS = {("a", "b"): -0.5, ("a", "c"): 0.3, ("b", "c"): -0.4, ("c", "d"): 0.5, ("b", "d"): 0.2}


def _wold(model: PathModel, data: pd.DataFrame, scheme: str, modes: dict[str, str]) -> np.ndarray:
    """Outer weights (standardised items, unit-variance scores) by Wold's iterations."""
    names = list(model.names)
    x = data[list(model.indicators)].to_numpy(dtype=float)
    x = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    n = len(x)
    blocks = []
    start = 0
    for c in names:
        k = len(model.constructs[c])
        blocks.append(slice(start, start + k))
        start += k
    w = [np.ones(sl.stop - sl.start) for sl in blocks]

    def scores(weights: list[np.ndarray]) -> np.ndarray:
        y = np.column_stack([x[:, sl] @ wj for sl, wj in zip(blocks, weights, strict=True)])
        return y / y.std(axis=0, ddof=1)

    for iteration in range(5000):
        y = scores(w)
        r = np.corrcoef(y, rowvar=False)
        z = np.zeros_like(y)
        for j, c in enumerate(names):
            for i, other in enumerate(names):
                forward = (other, c) in model.paths  # other -> c
                backward = (c, other) in model.paths  # c -> other
                if not (forward or backward):
                    continue
                if scheme == "centroid":
                    e = np.sign(r[i, j])
                elif scheme == "factorial" or backward:
                    # factorial: the correlation; path scheme: a follower of c
                    # enters with its correlation too
                    e = r[i, j]
                else:  # path scheme, a predecessor of c: multiple regression weight
                    preds = [names.index(p) for p in model.predecessors(c)]
                    beta = np.linalg.lstsq(y[:, preds], y[:, j], rcond=None)[0]
                    e = beta[preds.index(i)]
                z[:, j] += e * y[:, i]
        new = []
        for j, c in enumerate(names):
            xb = x[:, blocks[j]]
            if modes.get(c, "A") == "A":
                new.append(xb.T @ z[:, j] / n)
            else:
                new.append(np.linalg.solve(xb.T @ xb, xb.T @ z[:, j]))
        ynew = scores(new)
        new = [wj / np.std(x[:, sl] @ wj, ddof=1) for sl, wj in zip(blocks, new, strict=True)]
        change = max(np.abs(a - b).max() for a, b in zip(new, w, strict=True))
        w = new
        if iteration > 0 and change < 1e-13:
            break
    out = np.concatenate(w)
    # orientation: most items correlate positively with their score
    y = ynew
    for j, sl in enumerate(blocks):
        corr = [np.corrcoef(x[:, k], y[:, j])[0, 1] for k in range(sl.start, sl.stop)]
        if np.sum(np.sign(corr)) <= 0:
            out[sl] = -out[sl]
    return out


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return simulate_survey(MODEL, n=300, paths=PATHS, loadings=0.8, rng=17, scale=None).data


@pytest.mark.parametrize("scheme", ["centroid", "factorial", "path"])
@pytest.mark.parametrize("modes", [{}, {"c": "B"}])
def test_engine_equals_wolds_algorithm(
    data: pd.DataFrame, scheme: str, modes: dict[str, str]
) -> None:
    model = MODEL.with_modes(modes)
    fit = estimate(model, data, scheme=scheme, tol=1e-13, max_iter=5000)  # type: ignore[arg-type]
    reference = _wold(model, data, scheme, modes)
    np.testing.assert_allclose(fit.weight_values, reference, atol=1e-9)
    # and the paths from the reference scores by least squares
    x = data[list(model.indicators)].to_numpy(dtype=float)
    z = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    y = np.column_stack(
        [
            z[:, [model.indicators.index(i) for i in model.constructs[c]]]
            @ reference[[model.indicators.index(i) for i in model.constructs[c]]]
            for c in model.names
        ]
    )
    coef = np.linalg.lstsq(y[:, [0, 1]], y[:, 2], rcond=None)[0]  # c on a, b
    np.testing.assert_allclose(fit.path_values[[0, 1], 2], coef, atol=1e-9)


def test_the_schemes_differ_on_this_model(data: pd.DataFrame) -> None:
    # the comparison above can only catch a wrong scheme if the schemes give
    # different weights here: with a negative path, ignoring the sign of a
    # correlation (centroid) or halving a regression weight (path) changes them
    a = _wold(MODEL, data, "centroid", {})
    b = _wold(MODEL, data, "factorial", {})
    c = _wold(MODEL, data, "path", {})
    assert np.abs(a - b).max() > 1e-3
    assert np.abs(b - c).max() > 1e-3
    fit = estimate(MODEL, data)
    assert fit.construct_correlation[0, 1] < -0.2  # the negative correlation is real
