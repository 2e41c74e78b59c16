"""Checks of the PLS estimation core (see docs/mutation-testing.md).

Each check compares with a reference computed independently of the
implementation: an invariance the method must have (standardized PLS does
not depend on the units of an indicator), the definition of a statistic for
a case small enough to state by hand, or a published R plspm table.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from _ecsi import LIBRARY_BLOCKS
from custvalue.datasets import simulate_survey
from custvalue.exceptions import ConvergenceError, DegenerateDataWarning
from custvalue.pls import PathModel, estimate, moments
from custvalue.satisfaction import ecsi_model


@pytest.fixture(scope="module")
def ecsi_data(ecsi_dir: Path) -> pd.DataFrame:
    return pd.read_csv(ecsi_dir / "satisfaction.csv", index_col=0)


@pytest.fixture(scope="module")
def ecsi(ecsi_data: pd.DataFrame) -> PathModel:
    return ecsi_model(LIBRARY_BLOCKS)


def test_standardized_estimate_does_not_depend_on_indicator_units(
    ecsi: PathModel, ecsi_data: pd.DataFrame
) -> None:
    # one indicator recorded in units a million times larger, another in
    # units ten million times smaller: standardized PLS sees the same
    # correlations, so every estimate is the same; the tiny column's spread
    # (about 1e-7) is far from zero relative to its own magnitude
    rescaled = ecsi_data.copy()
    rescaled["imag1"] = rescaled["imag1"] * 1e6
    rescaled["loy2"] = rescaled["loy2"] * 1e-7
    base = estimate(ecsi, ecsi_data)
    fit = estimate(ecsi, rescaled)
    np.testing.assert_allclose(fit.path_values, base.path_values, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fit.loading_values, base.loading_values, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fit.weight_values, base.weight_values, rtol=0, atol=1e-10)


def test_consistent_estimate_unstandardized_with_common_scale(
    ecsi: PathModel, ecsi_data: pd.DataFrame
) -> None:
    # indicators on one common scale (all standard deviations 3): without
    # standardization the weights are those of the standardized data divided
    # by 3, and PLSc's consistent loadings and paths (which are in the metric
    # of standardized indicators) must equal the standardized run's
    items = ecsi_data[list(ecsi.indicators)]
    common = 3.0 * (items - items.mean()) / items.std()
    base = estimate(ecsi, items, consistent=True)
    fit = estimate(ecsi, common, consistent=True, standardize=False)
    np.testing.assert_allclose(fit.loading_values, base.loading_values, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fit.path_values, base.path_values, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fit.weight_values, base.weight_values / 3.0, rtol=0, atol=1e-10)


def test_total_effects_are_the_sum_of_path_products(
    ecsi: PathModel, ecsi_data: pd.DataFrame
) -> None:
    # total effect of i on j = sum over every directed chain i -> ... -> j of
    # the product of its paths = (P + P^2 + ... + P^L)[i, j]; a construct has
    # no effect on itself in a recursive model (zero diagonal)
    fit = estimate(ecsi, ecsi_data)
    paths = fit.path_values
    series = np.zeros_like(paths)
    power = np.eye(len(paths))
    for _ in range(len(paths)):
        power = power @ paths
        series += power
    np.testing.assert_allclose(fit.total_values, series, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(np.diag(fit.total_values), 0.0)


def test_unidimensionality_of_a_one_indicator_block(ecsi_data: pd.DataFrame) -> None:
    # R plspm's get_unidim: a block of one indicator reports alpha = rho = 1,
    # a first eigenvalue of 1 (its 1 x 1 correlation matrix) and a second of 0
    blocks = {**LIBRARY_BLOCKS, "loyalty": ["loy1"]}
    fit = estimate(ecsi_model(blocks), ecsi_data)
    row = fit.unidimensionality.loc["loyalty"]
    assert row["indicators"] == 1
    assert row[["cronbach_alpha", "dillon_goldstein_rho", "eig_1st", "eig_2nd"]].tolist() == [
        1.0,
        1.0,
        1.0,
        0.0,
    ]


def _plspm_loop(
    model: PathModel, data: pd.DataFrame, *, scaled: bool, scheme: str, tol: float
) -> tuple[list[float], np.ndarray]:
    """R plspm's outer iterations (Sanchez 2013, ch. 4, ``get_weights``) on the raw rows.

    Data centred (and divided by the population standard deviation when
    scaled); start from unit weights giving scores of unit population
    variance; each pass standardises the scores to variance ``(n - 1) / n``
    (plspm's ``scale(Y) * sdv``), forms the inner proxies with the centroid
    or factorial scheme, takes mode A weights ``X'Z / n``, and stops when
    the sum of squared changes of the absolute weights falls below ``tol``.
    Returns the change of every pass (their number is plspm's ``iter``) and
    the final weights rescaled to scores of unit population variance.
    """
    names = list(model.names)
    constructs = model.constructs
    x = data[list(model.indicators)].to_numpy(dtype=float)
    n = len(x)
    x = x - x.mean(axis=0)
    if scaled:
        x = x / x.std(axis=0)
    member = np.zeros((x.shape[1], len(names)))
    start = 0
    for j, c in enumerate(names):
        member[start : start + len(constructs[c]), j] = 1.0
        start += len(constructs[c])
    linked = np.array(
        [[float((a, b) in model.paths or (b, a) in model.paths) for b in names] for a in names]
    )
    w = member / (x @ member).std(axis=0)
    previous = w.sum(axis=1)
    changes: list[float] = []
    for _ in range(1000):
        y = x @ w
        y = (y - y.mean(axis=0)) / y.std(axis=0, ddof=1) * np.sqrt((n - 1) / n)
        r = np.corrcoef(y, rowvar=False)
        inner = np.sign(r) * linked if scheme == "centroid" else r * linked
        w = member * (x.T @ (y @ inner)) / n
        current = w.sum(axis=1)
        changes.append(float(np.sum((np.abs(previous) - np.abs(current)) ** 2)))
        if changes[-1] < tol:
            break
        previous = current
    w = w / (x @ w).std(axis=0)
    return changes, w.sum(axis=1)


@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize("scheme", ["centroid", "factorial"])
@pytest.mark.parametrize("tol", [1e-6, 1e-12])
def test_plspm_convention_stops_where_plspm_stops(
    ecsi: PathModel, ecsi_data: pd.DataFrame, scaled: bool, scheme: str, tol: float
) -> None:
    changes, weights = _plspm_loop(ecsi, ecsi_data, scaled=scaled, scheme=scheme, tol=tol)
    fit = estimate(
        ecsi,
        ecsi_data,
        convention="plspm",
        standardize=scaled,
        scheme=scheme,  # type: ignore[arg-type]
        tol=tol,
    )
    assert fit.iterations == len(changes)
    assert fit.last_change == pytest.approx(changes[-1], rel=1e-6)
    np.testing.assert_allclose(fit.weight_values, weights, rtol=0, atol=1e-12)


@pytest.mark.parametrize("margin", [1.003, 0.997])
def test_plspm_stopping_rule_uses_plspm_scale(
    ecsi: PathModel, ecsi_data: pd.DataFrame, margin: float
) -> None:
    # a tolerance 0.3% above (below) plspm's change at the third pass stops
    # there (goes on): the changes are compared on plspm's own scale of the
    # weights, X'Z / n with scores of variance (n - 1) / n; a scale off by
    # n / (n - 1) (0.8% in the squared change for n = 250) stops elsewhere
    changes, _ = _plspm_loop(ecsi, ecsi_data, scaled=True, scheme="centroid", tol=0.0)
    tol = changes[2] * margin
    expected = next(k for k, change in enumerate(changes, start=1) if change < tol)
    assert expected == (3 if margin > 1 else 4)
    fit = estimate(ecsi, ecsi_data, convention="plspm", tol=tol)
    assert fit.iterations == expected


def test_a_perfect_structural_fit_warns_and_reports_no_t_values() -> None:
    # y's indicator is exactly x1 + x2 (with x1, x2 each the one indicator of
    # a predecessor): R^2 = 1, so the OLS standard errors are 0 and t and p
    # are undefined; a clear warning instead of numpy's sqrt of a rounding
    # error below zero
    rng = np.random.default_rng(3)
    x1, x2 = rng.normal(size=(2, 40))
    data = pd.DataFrame({"x1": x1, "x2": x2, "y1": x1 + x2})
    model = PathModel({"a": ["x1"], "b": ["x2"], "y": ["y1"]}, [("a", "y"), ("b", "y")])
    perfect = r"structural regression of 'y' fits perfectly"
    with pytest.warns(DegenerateDataWarning, match=perfect) as record:
        fit = estimate(model, data)
    # mutation runs call every function through one more frame
    if "MUTANT_UNDER_TEST" not in os.environ:
        assert record[0].filename == __file__
    np.testing.assert_allclose(fit.r2_values[2], 1.0, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(fit.path_se[:2, 2], 0.0)
    assert np.isnan(fit.path_t[:2, 2]).all()
    assert np.isnan(fit.path_p[:2, 2]).all()


@pytest.mark.parametrize("seed", range(6))
def test_orientation_of_a_block_whose_indicators_split_evenly(seed: int) -> None:
    # a reverse-coded item: one indicator of "a" correlates positively with
    # the score, the other negatively, so "mostly negative" cannot decide;
    # the documented rule then orients the score so that the two
    # correlations sum to a positive number (numpy's correlations of the
    # returned scores with the raw items)
    rng = np.random.default_rng(seed)
    f = rng.normal(size=200)
    g = 0.6 * f + 0.8 * rng.normal(size=200)
    strength = rng.uniform(0.5, 0.9, size=2)
    data = pd.DataFrame(
        {
            "a1": strength[0] * f + rng.normal(size=200),
            "a2": -strength[1] * f + rng.normal(size=200),
            "b1": g + rng.normal(size=200),
            "b2": g + rng.normal(size=200),
        }
    )
    model = PathModel({"a": ["a1", "a2"], "b": ["b1", "b2"]}, [("a", "b")])
    score = estimate(model, data).scores["a"].to_numpy()
    r = [np.corrcoef(data[item], score)[0, 1] for item in ("a1", "a2")]
    assert sorted(np.sign(r).tolist()) == [-1.0, 1.0]
    assert r[0] + r[1] > 0


def test_non_convergence_reports_the_last_pass_change(
    ecsi: PathModel, ecsi_data: pd.DataFrame
) -> None:
    # stopped after 2 passes, the error gives plspm's change at the second
    # pass (the sum of squared changes of the absolute weights)
    changes, _ = _plspm_loop(ecsi, ecsi_data, scaled=True, scheme="centroid", tol=0.0)
    message = (
        rf"^PLS iterations did not converge within max_iter=2 iterations "
        rf"\(last change {changes[1]:.3g}, tol=1e-12\); raise max_iter or tol$"
    )
    with pytest.raises(ConvergenceError, match=message):
        estimate(ecsi, ecsi_data, convention="plspm", tol=1e-12, max_iter=2)


def test_formative_estimate_does_not_depend_on_indicator_units(
    ecsi: PathModel, ecsi_data: pd.DataFrame
) -> None:
    # with every block in mode B the weights are regression coefficients, so
    # unstandardized PLS gives the composites of the standardized run even
    # when one indicator's units are 1e4 times larger and another's 1e-3
    formative = ecsi.with_modes(dict.fromkeys(ecsi.names, "B"))
    rescaled = ecsi_data.copy()
    rescaled["imag1"] = rescaled["imag1"] * 1e4
    rescaled["imag2"] = rescaled["imag2"] * 1e-3
    base = estimate(formative, ecsi_data, tol=1e-13, max_iter=1000)
    fit = estimate(formative, rescaled, standardize=False, tol=1e-13, max_iter=1000)
    np.testing.assert_allclose(fit.path_values, base.path_values, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fit.loading_values, base.loading_values, rtol=0, atol=1e-9)


def test_linearly_dependent_formative_block_is_refused(ecsi_data: pd.DataFrame) -> None:
    data = ecsi_data.copy()
    data["imag6"] = data["imag1"] + data["imag2"]
    model = PathModel({"a": ["imag1", "imag2", "imag6"], "b": ["sat1", "sat2"]}, [("a", "b")])
    message = (
        r"^block 'a' is singular \(its indicators are linearly dependent\); "
        r"mode B needs linearly independent indicators: drop one or use mode A$"
    )
    with pytest.raises(ValueError, match=message):
        estimate(model.with_modes(a="B"), data)


def test_gof_averages_communalities_of_multi_indicator_blocks_only() -> None:
    # R plspm's GoF (Tenenhaus et al. 2004): the square root of the mean
    # communality (squared loading) over the indicators of blocks with more
    # than one indicator, times the mean R^2 of the endogenous constructs;
    # here blocks of 2, 1 and 3 indicators (the one-indicator block not
    # first), worked out from the fit's loadings and R^2
    model = PathModel(
        {"b": ["b1", "b2"], "a": ["a1"], "c": ["c1", "c2", "c3"]}, [("b", "c"), ("a", "c")]
    )
    data = simulate_survey(
        model, n=300, paths={("b", "c"): 0.4, ("a", "c"): 0.3}, loadings=0.8, rng=5, scale=None
    ).data
    fit = estimate(model, data)
    loadings = fit.loading_values
    communality = np.mean(np.r_[loadings[:2], loadings[3:]] ** 2)
    assert fit.loading_values[2] == pytest.approx(1.0, abs=1e-12)
    assert fit.gof == pytest.approx(np.sqrt(communality * fit.r2_values[2]), rel=1e-12)


SMALL = PathModel({"a": ["a1", "a2"], "b": ["b1", "b2"]}, [("a", "b")])


def _small_frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(rng.normal(size=(20, 4)), columns=["a1", "a2", "b1", "b2"])


@pytest.mark.parametrize(
    ("dropped", "message"),
    [
        (["a2"], r"^data has no column 'a2' named by the model$"),
        (["a2", "b1"], r"^data has no column 'a2' \(and 1 more: \['b1'\]\) named by the model$"),
        (
            ["a1", "a2", "b2"],
            r"^data has no column 'a1' \(and 2 more: \['a2', 'b2'\]\) named by the model$",
        ),
    ],
)
def test_missing_indicator_columns_are_named(dropped: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        estimate(SMALL, _small_frame().drop(columns=dropped))


def test_a_column_of_objects_that_are_not_numbers_is_refused() -> None:
    data = _small_frame()
    values: list[object] = list(data["b1"])
    values[3] = {"score": 4}
    data["b1"] = pd.Series(values, index=data.index, dtype=object)
    with pytest.raises(
        TypeError, match=r"^data column 'b1' must be numeric; got \{'score': 4\} at row 3$"
    ):
        estimate(SMALL, data)


def test_an_empty_column_of_dates_is_refused_by_its_dtype() -> None:
    data = _small_frame().iloc[:0].assign(a1=pd.Series([], dtype="datetime64[ns]"))
    with pytest.raises(
        TypeError, match=r"^data column 'a1' must be numeric; got dtype datetime64\[ns\]$"
    ):
        estimate(SMALL, data)


def test_refusals_of_estimate_name_the_argument_and_the_rule() -> None:
    data = _small_frame()
    with pytest.raises(TypeError, match=r"^model must be a PathModel; got dict$"):
        estimate({"a": ["a1", "a2"]}, data)  # type: ignore[call-overload]
    with pytest.raises(
        ValueError,
        match=r"^missing='mean' handles missing values row by row and needs the data; "
        r"moments are computed from complete rows \(moments\(\.\.\., missing='listwise'\)\)$",
    ):
        estimate(SMALL, moments(data), missing="mean")
    with pytest.raises(
        ValueError,
        match=r"^consistent names 'a', a mode B \(formative\) block; PLSc corrects "
        r"reflective \(mode A\) blocks only$",
    ):
        estimate(SMALL.with_modes(a="B"), data, consistent=("a",))


def test_a_constant_indicator_is_named_also_from_a_mapping() -> None:
    # a mapping of columns takes the general path (not the DataFrame fast path)
    data = {str(name): values.to_numpy() for name, values in _small_frame().items()}
    data["b2"] = np.full(20, 3.0)
    with pytest.raises(
        ValueError,
        match=r"^indicator 'b2' has zero variance \(every row is 3\); drop it from its block$",
    ):
        estimate(SMALL, data)
