"""Moderation: two-stage and orthogonalising interaction terms on simulated interactions."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pandas as pd
import pytest

from custvalue.pls import PathModel, estimate, moderation

MODEL = PathModel(
    {"x": ["x1", "x2", "x3"], "m": ["m1", "m2", "m3"], "y": ["y1", "y2", "y3"]},
    [("x", "y"), ("m", "y")],
)


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    # latent model y = 0.4 x + 0.2 m + 0.3 x m + e with independent standard
    # normal x, m (so x m has unit variance too) and var(y) = 1
    gen = np.random.default_rng(42)
    n = 3000
    x, m = gen.standard_normal((2, n))
    y = 0.4 * x + 0.2 * m + 0.3 * x * m + np.sqrt(1 - 0.16 - 0.04 - 0.09) * gen.standard_normal(n)
    columns = {}
    for name, latent in (("x", x), ("m", m), ("y", y)):
        for k in (1, 2, 3):
            columns[f"{name}{k}"] = 0.9 * latent + np.sqrt(1 - 0.81) * gen.standard_normal(n)
    return pd.DataFrame(columns)


@pytest.mark.parametrize("method", ["two_stage", "orthogonal"])
def test_interaction_effect_is_recovered(data: pd.DataFrame, method: str) -> None:
    result = moderation(MODEL, data, predictor="x", moderator="m", target="y", method=method)  # type: ignore[arg-type]
    # composites of three items with loading 0.9 have reliability about 0.93;
    # the product of two of them about 0.87: attenuation of at most 0.04, and
    # n = 3000 gives a standard error of about 0.015
    assert result.effect == pytest.approx(0.3, abs=0.06)
    paths = result.result.path_coefficients
    assert paths.loc["x", "y"] == pytest.approx(0.4, abs=0.05)
    assert paths.loc["m", "y"] == pytest.approx(0.2, abs=0.05)
    slopes = result.simple_slopes([-1.0, 0.0, 1.0, 2.0])
    np.testing.assert_allclose(
        slopes["slope"], paths.loc["x", "y"] + result.effect * np.array([-1.0, 0.0, 1.0, 2.0])
    )
    assert slopes["slope"].is_monotonic_increasing  # positive interaction
    assert pickle.loads(pickle.dumps(result)) == result
    assert copy.deepcopy(result) == result
    assert "Simple slopes" in result.summary()


def test_two_stage_term_is_the_product_of_first_stage_scores(data: pd.DataFrame) -> None:
    result = moderation(MODEL, data, predictor="x", moderator="m", target="y")
    scores = estimate(MODEL, data).scores
    np.testing.assert_allclose(
        result.data["x*m"], scores["x"] * scores["m"], rtol=1e-12, atol=1e-12
    )
    assert result.model.constructs["x*m"] == ("x*m",)
    assert result.model.predecessors("y") == ("x", "m", "x*m")


def test_orthogonal_indicators_are_uncorrelated_with_the_items(data: pd.DataFrame) -> None:
    result = moderation(MODEL, data, predictor="x", moderator="m", target="y", method="orthogonal")
    block = list(result.model.constructs["x*m"])
    assert len(block) == 9
    products = result.data[block].to_numpy()
    items = data[["x1", "x2", "x3", "m1", "m2", "m3"]].to_numpy()
    corr = np.corrcoef(np.column_stack([products, items]), rowvar=False)[:9, 9:]
    assert np.abs(corr).max() < 1e-10


def test_moderation_errors(data: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="predictor 'z' is not a construct"):
        moderation(MODEL, data, predictor="z", moderator="m", target="y")
    with pytest.raises(ValueError, match="three different constructs"):
        moderation(MODEL, data, predictor="x", moderator="x", target="y")
    with pytest.raises(ValueError, match="main-effect path 'y' -> 'x'"):
        moderation(MODEL, data, predictor="y", moderator="m", target="x")
    with pytest.raises(ValueError, match="method must be one of"):
        moderation(MODEL, data, predictor="x", moderator="m", target="y", method="product")  # type: ignore[arg-type]
