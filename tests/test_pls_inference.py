"""Bootstrap inference tables: p values, intervals, indirect effects, HTMT bounds, PLSc."""

from __future__ import annotations

import copy
import inspect
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from custvalue._results import ConfidenceInterval
from custvalue.datasets import simulate_survey
from custvalue.exceptions import ConvergenceWarning
from custvalue.pls import BootstrapResult, PathModel, bootstrap, estimate

MODEL = PathModel(
    {"a": ["a1", "a2", "a3"], "m": ["m1", "m2"], "n": ["n1", "n2"], "y": ["y1", "y2", "y3"]},
    [("a", "m"), ("a", "n"), ("m", "n"), ("m", "y"), ("n", "y"), ("a", "y")],
)
TRUE = {
    ("a", "m"): 0.5,
    ("a", "n"): 0.0,
    ("m", "n"): 0.4,
    ("m", "y"): 0.3,
    ("n", "y"): 0.3,
    ("a", "y"): 0.0,
}


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return simulate_survey(MODEL, n=300, paths=TRUE, loadings=0.8, rng=21).data


@pytest.fixture(scope="module")
def boot(data: pd.DataFrame) -> BootstrapResult:
    return bootstrap(MODEL, data, n_resamples=999, rng=5, interval="bca")


def test_path_table_layout_and_values(boot: BootstrapResult, data: pd.DataFrame) -> None:
    table = boot.path_table()
    assert list(table.columns) == [
        "estimate",
        "boot_mean",
        "std_error",
        "t_value",
        "p_value",
        "low",
        "high",
    ]
    assert list(table.index.names) == ["source", "target"]
    assert list(table.index) == [
        ("a", "m"),
        ("a", "n"),
        ("m", "n"),
        ("a", "y"),
        ("m", "y"),
        ("n", "y"),
    ]
    fit = estimate(MODEL, data)
    np.testing.assert_allclose(table["estimate"], fit.paths["estimate"], atol=1e-14)
    reps = boot.replicates[:, [s == "path" for s in boot.statistic]]
    np.testing.assert_allclose(table["boot_mean"], reps.mean(axis=0), rtol=1e-13)
    np.testing.assert_allclose(table["std_error"], reps.std(axis=0, ddof=1), rtol=1e-13)
    np.testing.assert_allclose(table["t_value"], table["estimate"] / table["std_error"])
    # the BCa interval is the default of a run with interval="bca"
    bca = boot.path_table(interval="bca")
    pd.testing.assert_frame_equal(table, bca)
    pct = boot.path_table(interval="percentile", level=0.9)
    np.testing.assert_allclose(pct["low"], np.quantile(reps, 0.05, axis=0), rtol=1e-13)


def test_p_value_inverts_the_percentile_interval(boot: BootstrapResult) -> None:
    # p <= alpha exactly when the equal-tailed (1 - alpha) percentile interval
    # excludes zero (up to one replicate of resolution, B = 999)
    frame = boot.to_frame()
    b = boot.replicates.shape[0]
    checked = 0
    for alpha in (0.01, 0.05, 0.1, 0.2):
        low = np.quantile(boot.replicates, alpha / 2, axis=0, method="inverted_cdf")
        high = np.quantile(boot.replicates, 1 - alpha / 2, axis=0, method="inverted_cdf")
        excludes = (low > 0) | (high < 0)
        clear = np.abs(frame["p_value"].to_numpy() - alpha) > 4 / (b + 1)
        assert np.array_equal((frame["p_value"].to_numpy() <= alpha)[clear], excludes[clear])
        checked += int(clear.sum())
    assert checked > 50
    paths = boot.path_table()
    assert paths.loc[("a", "m"), "p_value"] < 0.01  # true 0.5
    assert paths.loc[("a", "y"), "p_value"] > 0.05  # true 0 (simulated data, fixed seed)


def test_specific_indirect_effects_add_up_to_the_total_indirect_effect(
    boot: BootstrapResult,
) -> None:
    frame = boot.to_frame()
    table = boot.table("indirect_effect")
    assert list(table.index.names) == ["source", "target", "via"]
    assert ("a", "y", "m -> n") in table.index
    assert set(table.index) == {
        ("a", "n", "m"),
        ("a", "y", "m"),
        ("a", "y", "n"),
        ("a", "y", "m -> n"),
        ("m", "y", "n"),
    }
    statistic = frame.index.get_level_values("statistic")
    source = frame.index.get_level_values("source")
    target = frame.index.get_level_values("target")
    for s, t in [("a", "y"), ("a", "n"), ("m", "y")]:
        specific = (statistic == "indirect_effect") & (source == s) & (target == t)
        total = (statistic == "total_effect") & (source == s) & (target == t)
        direct = (statistic == "path") & (source == s) & (target == t)
        # in every resample: total = direct + sum of the specific indirect effects
        np.testing.assert_allclose(
            boot.replicates[:, total][:, 0],
            boot.replicates[:, direct][:, 0] + boot.replicates[:, specific].sum(axis=1),
            atol=1e-12,
        )


def test_htmt_upper_bounds(boot: BootstrapResult, data: pd.DataFrame) -> None:
    table = boot.htmt_table(level=0.95)
    fit = estimate(MODEL, data)
    for (s, t), row in table.iterrows():
        assert row["estimate"] == pytest.approx(fit.htmt.loc[s, t], abs=1e-12)
    reps = boot.replicates[:, [s == "htmt" for s in boot.statistic]]
    np.testing.assert_allclose(table["upper"], np.quantile(reps, 0.95, axis=0), rtol=1e-13)
    assert (table["upper"] < 0.85).all()  # distinct simulated constructs


def test_confidence_interval_value(boot: BootstrapResult) -> None:
    ci = boot.confidence_interval(level=0.9, interval="percentile")
    assert isinstance(ci, ConfidenceInterval)
    assert ci.level == 0.9
    low, high = ci
    assert low.loc[("path", "a", "m", "")] < high.loc[("path", "a", "m", "")]
    with pytest.raises(ValueError, match="read-only"):
        low.iloc[0] = 0.0


def test_bootstrap_result_is_a_value(boot: BootstrapResult) -> None:
    again = pickle.loads(pickle.dumps(boot))
    assert again == boot
    assert copy.deepcopy(boot) == boot
    assert "Paths" in boot.summary()
    with pytest.raises(ValueError, match="read-only"):
        boot.replicates[0, 0] = 1.0


def test_bca_limits_equal_scipy_on_the_same_replicates() -> None:
    # the BCa interval of the mean of skewed data, from the bootstrap
    # distribution scipy drew: acceleration and bias correction must agree
    x = np.random.default_rng(1).exponential(size=30)
    # scipy names its generator argument rng from 1.15 on, random_state before
    seed_name = "rng" if "rng" in inspect.signature(stats.bootstrap).parameters else "random_state"
    ref = stats.bootstrap(
        (x,),
        np.mean,
        method="BCa",
        n_resamples=9999,
        confidence_level=0.9,
        **{seed_name: np.random.default_rng(2)},
    )
    jack = np.array([np.delete(x, i).mean() for i in range(x.size)])[:, None]
    result = BootstrapResult(
        statistic=("path",),
        source=("a",),
        target=("b",),
        via=("",),
        estimates=np.array([x.mean()]),
        replicates=ref.bootstrap_distribution[:, None],
        jackknife=jack,
        n_resamples=9999,
        n_redraws=0,
        n_failed=0,
        n_inadmissible=0,
        interval="bca",
        result=None,  # type: ignore[arg-type]
    )
    ci = result.confidence_interval(level=0.9)
    assert ci.low.iloc[0] == pytest.approx(ref.confidence_interval.low, rel=1e-12)
    assert ci.high.iloc[0] == pytest.approx(ref.confidence_interval.high, rel=1e-12)
    # the mean of exponential data is right-skewed: BCa lies right of percentile
    pct = result.confidence_interval(level=0.9, interval="percentile")
    assert ci.low.iloc[0] > pct.low.iloc[0]
    assert ci.high.iloc[0] > pct.high.iloc[0]


def test_plsc_inside_the_bootstrap_equals_plsc_on_the_resample(data: pd.DataFrame) -> None:
    boot = bootstrap(MODEL, data, n_resamples=4, rng=11, consistent=True)
    child = np.random.SeedSequence(11).spawn(4)[2]
    rows = np.random.Generator(np.random.PCG64(child)).integers(0, 300, size=300)
    direct = estimate(MODEL, data.iloc[rows].reset_index(drop=True), consistent=True)
    paths = np.array([s == "path" for s in boot.statistic])
    loadings = np.array([s == "loading" for s in boot.statistic])
    np.testing.assert_allclose(boot.replicates[2][paths], direct.paths["estimate"], atol=1e-12)
    np.testing.assert_allclose(boot.replicates[2][loadings], direct.loading_values, atol=1e-12)
    assert boot.result.options.consistent
    assert boot.path_table()["std_error"].notna().all()


def test_table_errors(boot: BootstrapResult) -> None:
    with pytest.raises(ValueError, match="statistic must be one of"):
        boot.table("paths")
    with pytest.raises(ValueError, match="interval must be one of"):
        boot.path_table(interval="normal")  # type: ignore[arg-type]
    assert list(boot.table("loading").index.names) == ["construct", "indicator"]
    assert list(boot.table("r_squared").index) == ["m", "n", "y"]


@pytest.mark.parametrize(
    ("a", "b", "c", "expected"),
    [
        (0.5, 0.5, 0.0, "indirect-only"),
        (0.5, 0.5, 0.3, "complementary"),
        (0.5, 0.5, -0.3, "competitive"),
        (0.0, 0.5, 0.4, "direct-only"),
        (0.0, 0.0, 0.0, "no-effect"),
    ],
)
def test_zhao_lynch_chen_types_of_simulated_mediation(
    a: float, b: float, c: float, expected: str
) -> None:
    # X -> M -> Y with direct path X -> Y: the true effects are large (or
    # exactly zero) so that n = 800 separates them at the 95% level
    model = PathModel(
        {"x": ["x1", "x2"], "m": ["m1", "m2"], "y": ["y1", "y2"]},
        [("x", "m"), ("m", "y"), ("x", "y")],
    )
    truth = {("x", "m"): a, ("m", "y"): b, ("x", "y"): c}
    data = simulate_survey(model, n=800, paths=truth, loadings=0.85, rng=7, scale=None).data
    with warnings.catch_warnings():
        # with no structural effect at all the inner proxies carry no signal and
        # a resample may not converge (it is left out and reported)
        if expected == "no-effect":
            warnings.simplefilter("ignore", ConvergenceWarning)
        table = bootstrap(model, data, n_resamples=500, rng=3).mediation()
    assert list(table.index) == [("x", "y", "m")]
    row = table.iloc[0]
    assert row["type"] == expected
    fit = estimate(model, data)
    assert row["indirect"] == pytest.approx(fit.path_values[0, 1] * fit.path_values[1, 2])
    assert row["direct"] == pytest.approx(fit.path_values[0, 2])


def test_mediation_without_a_direct_path_is_indirect_only_or_nothing(
    boot: BootstrapResult,
) -> None:
    table = boot.mediation()
    # a -> n has a direct path in MODEL; m -> y -> ... ; a -> y via m -> n too
    assert table.loc[("a", "y", "m -> n"), "direct"] == pytest.approx(
        boot.path_table().loc[("a", "y"), "estimate"]
    )
    assert set(table["type"]) <= {
        "complementary",
        "competitive",
        "indirect-only",
        "direct-only",
        "no-effect",
    }
    chain = PathModel(
        {"x": ["x1", "x2"], "m": ["m1", "m2"], "y": ["y1", "y2"]}, [("x", "m"), ("m", "y")]
    )
    data = simulate_survey(chain, n=400, paths=0.5, loadings=0.8, rng=2, scale=None).data
    row = bootstrap(chain, data, n_resamples=300, rng=1).mediation().iloc[0]
    assert row["direct"] == 0.0
    assert np.isnan(row["direct_p_value"])
    assert row["type"] == "indirect-only"
