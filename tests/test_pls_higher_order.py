"""Higher-order constructs: repeated indicators and two-stage approaches on simulated data."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pandas as pd
import pytest

from custvalue.pls import PathModel, estimate, higher_order

DIMS = {"tangibles": "t", "reliability": "r", "empathy": "e"}
CONSTRUCTS = {
    **{d: [f"{p}{k}" for k in (1, 2, 3)] for d, p in DIMS.items()},
    "loyalty": ["l1", "l2", "l3"],
}
PATHS = [("service", "loyalty")]
HOC = {"service": list(DIMS)}


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    # second-order factor: service ~ N(0, 1); each dimension 0.8 service + noise;
    # loyalty = 0.5 service + noise; three items per construct, loading 0.85
    gen = np.random.default_rng(3)
    n = 1500
    service = gen.standard_normal(n)
    latent = {d: 0.8 * service + 0.6 * gen.standard_normal(n) for d in DIMS}
    latent["loyalty"] = 0.5 * service + np.sqrt(0.75) * gen.standard_normal(n)
    columns = {}
    for construct, items in CONSTRUCTS.items():
        for item in items:
            columns[item] = 0.85 * latent[construct] + np.sqrt(1 - 0.85**2) * gen.standard_normal(n)
    return pd.DataFrame(columns)


@pytest.mark.parametrize(
    "method", ["repeated_indicators", "disjoint_two_stage", "embedded_two_stage"]
)
def test_second_order_effect_is_recovered(data: pd.DataFrame, method: str) -> None:
    result = higher_order(
        data,
        constructs=CONSTRUCTS,
        paths=PATHS,
        higher_order=HOC,
        method=method,  # type: ignore[arg-type]
    )
    paths = result.result.path_coefficients
    # the composite of nine items (or of three dimension scores) correlates
    # about 0.93-0.95 with the true second-order factor: the 0.5 path is
    # attenuated by at most 0.05; n = 1500 adds a standard error of 0.02
    assert paths.loc["service", "loyalty"] == pytest.approx(0.5, abs=0.1)
    assert paths.loc["service", "loyalty"] < 0.5
    if method == "repeated_indicators":
        for d in DIMS:
            assert paths.loc["service", d] > 0.75  # higher-order -> dimension
        assert len(result.model.constructs["service"]) == 9
    else:
        assert result.model.constructs["service"] == tuple(DIMS)
        loadings = result.result.loadings.set_index("indicator")["value"]
        assert (loadings[list(DIMS)] > 0.75).all()
    assert pickle.loads(pickle.dumps(result)) == result
    assert copy.deepcopy(result) == result


def test_disjoint_second_stage_uses_the_first_stage_scores(data: pd.DataFrame) -> None:
    result = higher_order(data, constructs=CONSTRUCTS, paths=PATHS, higher_order=HOC)
    first = PathModel(CONSTRUCTS, [(d, "loyalty") for d in DIMS])
    scores = estimate(first, data).scores
    for d in DIMS:
        np.testing.assert_allclose(result.data[d], scores[d], atol=1e-12)
    assert result.first_stage.model == first


def test_embedded_first_stage_is_the_repeated_indicators_model(data: pd.DataFrame) -> None:
    embedded = higher_order(
        data, constructs=CONSTRUCTS, paths=PATHS, higher_order=HOC, method="embedded_two_stage"
    )
    repeated = higher_order(
        data, constructs=CONSTRUCTS, paths=PATHS, higher_order=HOC, method="repeated_indicators"
    )
    np.testing.assert_allclose(
        embedded.first_stage.path_values, repeated.result.path_values, atol=1e-14
    )
    for d in DIMS:
        np.testing.assert_allclose(embedded.data[d], repeated.result.scores[d], atol=1e-12)


def test_formative_repeated_indicators_explain_the_higher_order_construct(
    data: pd.DataFrame,
) -> None:
    result = higher_order(
        data,
        constructs=CONSTRUCTS,
        paths=PATHS,
        higher_order=HOC,
        modes={"service": "B"},
        method="repeated_indicators",
    )
    assert result.model.predecessors("service") == tuple(DIMS)
    # the documented property of this approach: R^2 of the higher-order
    # construct is (almost) one, its dimensions being parts of it
    assert result.result.r_squared["service"] > 0.98


def test_higher_order_errors(data: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="dimension 'speed'"):
        higher_order(
            data, constructs=CONSTRUCTS, paths=PATHS, higher_order={"service": ["speed", "empathy"]}
        )
    with pytest.raises(ValueError, match="at least two dimensions"):
        higher_order(
            data, constructs=CONSTRUCTS, paths=PATHS, higher_order={"service": ["empathy"]}
        )
    with pytest.raises(ValueError, match="paths names dimension 'empathy'"):
        higher_order(data, constructs=CONSTRUCTS, paths=[("empathy", "loyalty")], higher_order=HOC)
    with pytest.raises(ValueError, match="also a first-order construct"):
        higher_order(data, constructs=CONSTRUCTS, paths=PATHS, higher_order={"loyalty": list(DIMS)})
    with pytest.raises(ValueError, match="method must be one of"):
        higher_order(data, constructs=CONSTRUCTS, paths=PATHS, higher_order=HOC, method="x")  # type: ignore[arg-type]
