"""Moments: sufficient statistics of a PLS estimate, combined over partitions."""

from __future__ import annotations

import copy
import itertools
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _ecsi import ECSI_MODEL
from custvalue.datasets import simulate_survey
from custvalue.pls import Moments, PathModel, _part_moments, bootstrap, estimate, moments
from custvalue.satisfaction import ipma, satisfaction_index

MODEL = PathModel(
    {"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"], "c": ["c1", "c2"]},
    [("a", "b"), ("a", "c"), ("b", "c")],
)


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    paths = {("a", "b"): 0.5, ("a", "c"): 0.3, ("b", "c"): 0.4}
    frame = simulate_survey(MODEL, n=300, paths=paths, loadings=0.8, rng=5).data
    frame["segment"] = np.where(np.arange(300) % 3 == 0, "x", "y")  # text: ignored by the model
    return frame


def test_moments_equal_numpy_covariance(data: pd.DataFrame) -> None:
    cols = list(MODEL.indicators)
    m = moments(data, columns=cols)
    x = data[cols].to_numpy(dtype=float)
    assert m.count == 300
    assert m.columns == tuple(cols)
    np.testing.assert_allclose(m.mean, x.mean(axis=0), rtol=1e-14)
    np.testing.assert_allclose(m.cross_products, np.cov(x, rowvar=False) * 299, rtol=1e-12)
    np.testing.assert_allclose(m.covariance(ddof=0), np.cov(x, rowvar=False, ddof=0), rtol=1e-12)


@given(
    cuts=st.lists(st.integers(0, 40), min_size=1, max_size=5),
    seed=st.integers(0, 2**16),
    shift=st.sampled_from([0.0, 1e3, -5e5]),
)
def test_combined_partitions_equal_the_whole(cuts: list[int], seed: int, shift: float) -> None:
    x = np.random.default_rng(seed).normal(size=(40, 3)) * [1.0, 10.0, 0.1] + shift
    bounds = [0, *sorted(cuts), 40]
    # parts may be empty (repeated cuts): count-0 moments are the identity
    total = _part_moments(x[:0], columns=["p", "q", "r"])
    for lo, hi in itertools.pairwise(bounds):
        total = total.combine(_part_moments(x[lo:hi], columns=["p", "q", "r"]))
    whole = moments(x, columns=["p", "q", "r"])
    assert total.count == 40
    np.testing.assert_allclose(total.mean, whole.mean, rtol=1e-12, atol=1e-12)
    # differences of partition means lose the digits of the shift (eps * |shift|),
    # so compare on the correlation scale with a bound that grows with the shift
    diag = np.sqrt(np.outer(np.diag(whole.cross_products), np.diag(whole.cross_products)))
    error = np.abs(total.cross_products - whole.cross_products) / diag
    assert error.max() < 1e-13 * (100.0 + abs(shift))


def test_combine_reorders_columns_and_refuses_other_columns() -> None:
    x = np.arange(20.0).reshape(10, 2) ** 1.3
    a = moments(x[:4], columns=["u", "v"])
    b = moments(x[4:, ::-1], columns=["v", "u"])
    both = a.combine(b)
    assert both.columns == ("u", "v")
    np.testing.assert_allclose(both.cross_products, np.cov(x, rowvar=False) * 9, rtol=1e-12)
    with pytest.raises(ValueError, match="column 'v' is in one but not the other"):
        a.combine(moments(x, columns=["u", "w"]))
    with pytest.raises(TypeError, match="other must be a Moments"):
        a.combine(x)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"convention": "plspm"},
        {"convention": "plspm", "standardize": False},
        {"scheme": "factorial", "variance": "population"},
        {"scheme": "centroid", "criterion": "squared"},
        {"consistent": True},
    ],
)
def test_estimate_from_partition_moments_equals_estimate_from_data(
    data: pd.DataFrame, options: dict[str, object]
) -> None:
    cols = list(MODEL.indicators)[::-1] + ["a1"][:0]
    parts = [moments(data.iloc[lo:hi], columns=cols) for lo, hi in [(0, 17), (17, 150), (150, 300)]]
    merged = parts[0].combine(parts[1]).combine(parts[2])
    direct = estimate(MODEL, data, **options)  # type: ignore[arg-type]
    from_moments = estimate(MODEL, merged, **options)  # type: ignore[arg-type]
    for name in (
        "weight_values",
        "loading_values",
        "crossloading_values",
        "path_values",
        "path_se",
        "path_p",
        "total_values",
        "r2_values",
        "r2_adj_values",
        "construct_correlation",
        "indicator_correlation",
        "indicator_means",
        "indicator_scales",
        "unidim_values",
    ):
        np.testing.assert_allclose(
            getattr(from_moments, name), getattr(direct, name), rtol=0, atol=1e-10, err_msg=name
        )
    for table in (
        "reliability",
        "htmt",
        "fornell_larcker",
        "f_squared",
        "vif",
        "effects",
        "indirect_effects",
    ):
        a, b = getattr(direct, table), getattr(from_moments, table)
        num = a.select_dtypes("number").to_numpy()
        np.testing.assert_allclose(
            b.select_dtypes("number").to_numpy(), num, atol=1e-10, err_msg=table
        )
    assert from_moments.gof == pytest.approx(direct.gof, abs=1e-10)
    np.testing.assert_allclose(
        from_moments.model_fit().to_numpy(), direct.model_fit().to_numpy(), atol=1e-10
    )
    assert from_moments.iterations == direct.iterations


def test_ecsi_from_moments_matches_plspm(ecsi_dir: Path) -> None:
    ecsi_model = ECSI_MODEL
    frame = pd.read_csv(ecsi_dir / "satisfaction.csv", index_col=0)
    ref = pd.read_csv(ecsi_dir / "satisfaction.outer-model.csv")
    halves = moments(frame.iloc[:125], columns=list(ecsi_model.indicators)).combine(
        moments(frame.iloc[125:], columns=list(ecsi_model.indicators))
    )
    fit = estimate(ecsi_model, halves, convention="plspm", standardize=False)
    np.testing.assert_allclose(fit.weight_values, ref["weight"], atol=1e-6)
    np.testing.assert_allclose(fit.loading_values, ref["loading"], atol=1e-6)


def test_row_level_results_and_options_are_refused(data: pd.DataFrame) -> None:
    m = moments(data, columns=list(MODEL.indicators))
    fit = estimate(MODEL, m)
    assert fit.score_values is None
    assert fit.data_values is None
    with pytest.raises(ValueError, match="construct scores need the respondents' rows"):
        _ = fit.scores
    with pytest.raises(ValueError, match="missing='mean' handles missing values row by row"):
        estimate(MODEL, m, missing="mean")
    with pytest.raises(ValueError, match="missing='listwise'"):
        estimate(MODEL, m, missing="listwise")
    with pytest.raises(TypeError, match="bootstrap resamples respondents"):
        bootstrap(MODEL, m, n_resamples=10, rng=0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"needs the respondents' item scores"):
        satisfaction_index(fit, construct="c", scale=(1, 10))
    with pytest.raises(ValueError, match="needs the respondents"):
        ipma(fit, target="c", scale=(1, 10))


def test_moments_input_errors(data: pd.DataFrame) -> None:
    with pytest.raises(TypeError, match="'segment' must be numeric"):
        moments(data)
    with pytest.raises(ValueError, match="'zz'"):
        moments(data, columns=["a1", "zz"])
    holes = data[["a1", "a2"]].astype(float)
    holes.iloc[4, 1] = np.nan
    with pytest.raises(ValueError, match=r"'a2' has a missing value at row 4.*missing='listwise'"):
        moments(holes)
    assert moments(holes, missing="listwise").count == 299
    with pytest.raises(ValueError, match="missing must be one of 'raise', 'listwise'"):
        moments(holes, missing="mean")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="columns must name the 2 columns"):
        moments(np.ones((3, 2)), columns=["a"])
    with pytest.raises(ValueError, match="inf"):
        moments(np.array([[1.0, np.inf], [2.0, 3.0]]))
    few = moments(data.iloc[:2], columns=list(MODEL.indicators))
    with pytest.raises(ValueError, match="at least 3 complete rows"):
        estimate(MODEL, few)
    flat = data.assign(a1=4)
    with pytest.raises(ValueError, match="'a1' has zero variance"):
        estimate(MODEL, moments(flat, columns=list(MODEL.indicators)))
    with pytest.raises(ValueError, match="no column 'c2'"):
        estimate(MODEL, moments(data, columns=["a1", "a2", "a3", "b1", "b2", "b3", "c1"]))
    with pytest.raises(ValueError, match="shape"):
        Moments(count=3, columns=("a",), mean=np.zeros(2), cross_products=np.eye(1))


def test_moments_are_values(data: pd.DataFrame) -> None:
    m = moments(data, columns=["a1", "b1"])
    assert pickle.loads(pickle.dumps(m)) == m
    assert copy.deepcopy(m) == m
    with pytest.raises(ValueError, match="read-only"):
        m.cross_products[0, 0] = 1.0
    assert list(m.to_frame().columns) == ["mean", "a1", "b1"]
    assert _part_moments(np.ones((0, 2))).columns == ("x0", "x1")
    with pytest.raises(ValueError, match="data must have at least one row; got none"):
        moments(np.ones((0, 2)))
    with pytest.raises(ValueError, match="at least one row after missing='listwise'"):
        moments(np.full((2, 2), np.nan), missing="listwise")


def test_nullable_numeric_columns_are_accepted() -> None:
    frame = pd.DataFrame(
        {
            "a": pd.array([1, 2, None, 4], dtype="Int64"),
            "b": pd.array([0.5, 1.5, 2.0, 3.5], dtype="Float64"),
        }
    )
    with pytest.raises(ValueError, match="'a' has a missing value at row 2"):
        moments(frame)
    m = moments(frame, missing="listwise")
    x = np.array([[1.0, 0.5], [2.0, 1.5], [4.0, 3.5]])
    np.testing.assert_allclose(m.cross_products, np.cov(x, rowvar=False) * 2, rtol=1e-14)
