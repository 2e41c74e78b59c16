"""Tests of custvalue.pls against R plspm reference results and seminr figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _ecsi import ECSI_BLOCKS, ECSI_MODEL, ECSI_PATHS
from custvalue.datasets import simulate_survey
from custvalue.exceptions import ConvergenceError
from custvalue.pls import PathModel, bootstrap, estimate

BLOCKS, PATHS, ECSI = ECSI_BLOCKS, ECSI_PATHS, ECSI_MODEL
TOL = 1e-6  # required agreement; the engine agrees with plspm to ~1e-13


@pytest.fixture(scope="module")
def ecsi(ecsi_dir: Path) -> pd.DataFrame:
    return pd.read_csv(ecsi_dir / "satisfaction.csv", index_col=0)


@pytest.fixture(scope="module")
def plspm_fit(ecsi: pd.DataFrame) -> object:
    # the reference run: plspm(..., scaled = FALSE), centroid scheme
    return estimate(ECSI, ecsi, convention="plspm", standardize=False)


def _small_model() -> PathModel:
    return PathModel(
        {"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"], "c": ["c1", "c2"]},
        [("a", "b"), ("a", "c"), ("b", "c")],
    )


@pytest.fixture(scope="module")
def small_data() -> pd.DataFrame:
    paths = {("a", "b"): 0.5, ("a", "c"): 0.3, ("b", "c"): 0.4}
    return simulate_survey(_small_model(), n=200, paths=paths, loadings=0.8, rng=11).data


# ---------------------------------------------------------------------------
# R plspm reference results (ECSI data, scaled = FALSE)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "scheme"),
    [("", "centroid"), ("-path", "path"), ("-factorial", "factorial")],
)
def test_outer_model_matches_plspm(
    ecsi: pd.DataFrame, ecsi_dir: Path, suffix: str, scheme: str
) -> None:
    ref = pd.read_csv(ecsi_dir / f"satisfaction.outer-model{suffix}.csv")
    fit = estimate(ECSI, ecsi, convention="plspm", standardize=False, scheme=scheme)
    outer = fit.outer_model
    assert list(outer["indicator"]) == list(ref["name"])
    for column in ("weight", "loading", "communality", "redundancy"):
        np.testing.assert_allclose(outer[column], ref[column], rtol=0, atol=TOL)


def test_inner_model_matches_plspm(plspm_fit: object, ecsi_dir: Path) -> None:
    ref = pd.read_csv(ecsi_dir / "satisfaction.inner-model.csv", index_col=0)
    paths = plspm_fit.paths  # type: ignore[attr-defined]
    sat = paths[paths["to"] == "SAT"].set_index("from").loc[ref.index]
    np.testing.assert_allclose(sat["estimate"], ref["Estimate"], atol=TOL)
    np.testing.assert_allclose(sat["std_error"], ref["Std. Error"], atol=TOL)
    np.testing.assert_allclose(sat["t"], ref["t value"], atol=TOL)
    # p values span 1e-19 .. 0.97: compare relatively
    np.testing.assert_allclose(sat["p_value"], ref["Pr(>|t|)"], rtol=1e-6)


def test_inner_summary_matches_plspm(plspm_fit: object, ecsi_dir: Path) -> None:
    ref = pd.read_csv(ecsi_dir / "satisfaction.inner-summary.csv", index_col=0)
    summary = plspm_fit.inner_summary  # type: ignore[attr-defined]
    assert list(summary["type"].str.capitalize()) == list(ref["type"])
    for column in ("r_squared", "block_communality", "mean_redundancy", "ave"):
        np.testing.assert_allclose(summary[column], ref[column], atol=TOL)


def test_crossloadings_match_plspm(plspm_fit: object, ecsi_dir: Path) -> None:
    ref = pd.read_csv(ecsi_dir / "satisfaction.crossloadings.csv", index_col=0)
    cross = plspm_fit.crossloadings  # type: ignore[attr-defined]
    assert list(cross["construct"]) == list(ref["block"])
    np.testing.assert_allclose(cross[list(BLOCKS)], ref[list(BLOCKS)], atol=TOL)


def test_effects_match_plspm(plspm_fit: object, ecsi_dir: Path) -> None:
    ref = pd.read_csv(ecsi_dir / "satisfaction.effects.csv", index_col=0)
    effects = plspm_fit.effects  # type: ignore[attr-defined]
    assert list(effects["from"]) == list(ref["from"])
    assert list(effects["to"]) == list(ref["to"])
    for column in ("direct", "indirect", "total"):
        np.testing.assert_allclose(effects[column], ref[column], atol=TOL)


def test_scores_match_plspm(plspm_fit: object, ecsi_dir: Path) -> None:
    ref = pd.read_csv(ecsi_dir / "satisfaction.scores.csv")
    scores = plspm_fit.scores  # type: ignore[attr-defined]
    np.testing.assert_allclose(scores.to_numpy(), ref[list(BLOCKS)].to_numpy(), atol=TOL)
    # plspm scales scores to unit population variance
    np.testing.assert_allclose(scores.to_numpy().std(axis=0), 1.0, atol=1e-12)


def test_unidimensionality_matches_plspm(plspm_fit: object, ecsi_dir: Path) -> None:
    ref = pd.read_csv(ecsi_dir / "satisfaction_unidim.csv", index_col=0)
    uni = plspm_fit.unidimensionality  # type: ignore[attr-defined]
    assert list(uni["indicators"]) == list(ref["mvs"])
    for ours, theirs in [
        ("cronbach_alpha", "cronbach_alpha"),
        ("dillon_goldstein_rho", "dillon_goldstein_rho"),
        ("eig_1st", "eig_1st"),
        ("eig_2nd", "eig_2nd"),
    ]:
        np.testing.assert_allclose(uni[ours], ref[theirs], atol=TOL)


def test_gof_matches_plspm(plspm_fit: object) -> None:
    # README of the reference data: GoF of the mode-A centroid run
    assert plspm_fit.gof == pytest.approx(0.609741624338411, abs=TOL)  # type: ignore[attr-defined]


def test_mode_b_inner_summary_matches_plspm(ecsi: pd.DataFrame, ecsi_dir: Path) -> None:
    ref = pd.read_csv(ecsi_dir / "satisfaction.modeb.inner-summary.csv", index_col=0)
    model = ECSI.with_modes(dict.fromkeys(BLOCKS, "B"))
    fit = estimate(model, ecsi, convention="plspm", standardize=False)
    summary = fit.inner_summary
    np.testing.assert_allclose(summary["r_squared"], ref["r_squared"], atol=TOL)
    np.testing.assert_allclose(summary["block_communality"], ref["block_communality"], atol=TOL)
    np.testing.assert_allclose(summary["mean_redundancy"], ref["mean_Redundancy"], atol=TOL)
    assert summary["ave"].isna().all()  # plspm reports NA: AVE is for reflective blocks


def test_plspm_convention_uses_plspm_options(plspm_fit: object) -> None:
    opts = plspm_fit.options  # type: ignore[attr-defined]
    assert (opts.scheme, opts.variance, opts.tol, opts.max_iter, opts.criterion) == (
        "centroid",
        "population",
        1e-6,
        100,
        "squared",
    )
    assert plspm_fit.converged  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------
# seminr (path scheme, standardised items, sample variance)
# ---------------------------------------------------------------------------


def test_seminr_convention_matches_published_figures(ecsi: pd.DataFrame) -> None:
    # figures of seminr's estimate_pls on the same data, quoted to 5 decimals
    fit = estimate(ECSI, ecsi, convention="seminr")
    paths = fit.paths.set_index(["from", "to"])["estimate"]
    assert paths["IMAG", "EXPE"] == pytest.approx(0.55967, abs=5e-6)
    assert paths["VAL", "SAT"] == pytest.approx(0.58003, abs=5e-6)
    assert paths["SAT", "LOY"] == pytest.approx(0.47373, abs=5e-6)
    assert fit.r_squared["SAT"] == pytest.approx(0.70227, abs=5e-6)
    report = fit.summary()
    assert "  VAL   SAT      0.5800    0.0598     9.71    0.0000" in report
    assert "  SAT   0.7023  (adjusted 0.6974)" in report


def test_seminr_reliability_and_htmt(ecsi: pd.DataFrame) -> None:
    # seminr 0.2.1 reliability_table and htmt on the same data (values printed by seminr)
    fit = estimate(ECSI, ecsi)
    rel = fit.reliability
    np.testing.assert_allclose(
        rel.loc["IMAG"], [0.83022669, 0.88060197, 0.85517972, 0.5998921], atol=1e-7
    )
    np.testing.assert_allclose(
        rel.loc["SAT"], [0.89401091, 0.92651278, 0.90599457, 0.75960136], atol=1e-7
    )
    assert fit.htmt.loc["EXPE", "QUAL"] == pytest.approx(0.98190256, abs=1e-7)
    assert fit.htmt.loc["VAL", "SAT"] == pytest.approx(0.92931783, abs=1e-7)


def test_defaults_are_the_seminr_set(ecsi: pd.DataFrame) -> None:
    a = estimate(ECSI, ecsi)
    b = estimate(ECSI, ecsi, convention="seminr")
    np.testing.assert_array_equal(a.path_values, b.path_values)
    assert a.options.scheme == "path"


def test_explicit_option_overrides_convention(ecsi: pd.DataFrame) -> None:
    fit = estimate(ECSI, ecsi, convention="plspm", scheme="path", standardize=False)
    assert fit.options.scheme == "path"
    assert fit.options.criterion == "squared"


# ---------------------------------------------------------------------------
# internal consistency
# ---------------------------------------------------------------------------


def test_standard_errors_equal_statsmodels(ecsi: pd.DataFrame) -> None:
    import statsmodels.api as sm

    fit = estimate(ECSI, ecsi)
    scores = fit.scores
    preds = ["IMAG", "EXPE", "QUAL", "VAL"]
    ols = sm.OLS(scores["SAT"], sm.add_constant(scores[preds])).fit()
    table = fit.to_frame()
    table = table[table["to"] == "SAT"].set_index("from").loc[preds]
    np.testing.assert_allclose(table["estimate"], ols.params[preds], atol=1e-12)
    np.testing.assert_allclose(table["std_error"], ols.bse[preds], atol=1e-12)
    np.testing.assert_allclose(table["p_value"], ols.pvalues[preds], rtol=1e-9)
    assert fit.r_squared["SAT"] == pytest.approx(ols.rsquared, abs=1e-12)
    assert fit.r_squared_adjusted["SAT"] == pytest.approx(ols.rsquared_adj, abs=1e-12)


def test_scores_are_weighted_sums_with_unit_sample_variance(ecsi: pd.DataFrame) -> None:
    fit = estimate(ECSI, ecsi, convention="seminr")
    x = ecsi[list(ECSI.indicators)].to_numpy(dtype=float)
    z = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    sat = slice(19, 23)
    np.testing.assert_allclose(fit.scores["SAT"], z[:, sat] @ fit.weight_values[sat], atol=1e-12)
    np.testing.assert_allclose(fit.scores.std(ddof=1), 1.0, atol=1e-12)
    loadings = [np.corrcoef(z[:, k], fit.scores["SAT"])[0, 1] for k in range(19, 23)]
    np.testing.assert_allclose(fit.loading_values[sat], loadings, atol=1e-12)


def test_total_effects_are_direct_plus_indirect(plspm_fit: object) -> None:
    eff = plspm_fit.effects  # type: ignore[attr-defined]
    # IMAG -> LOY: direct + via SAT; hand-computed from the path table
    b = plspm_fit.path_values  # type: ignore[attr-defined]
    names = list(BLOCKS)
    i, s, lo = names.index("IMAG"), names.index("SAT"), names.index("LOY")
    total_sat = plspm_fit.total_values[i, s]  # type: ignore[attr-defined]
    row = eff[(eff["from"] == "IMAG") & (eff["to"] == "LOY")].iloc[0]
    assert row["total"] == pytest.approx(b[i, lo] + total_sat * b[s, lo], abs=1e-12)
    assert row["indirect"] == pytest.approx(row["total"] - row["direct"], abs=1e-15)


def test_validity_tables(ecsi: pd.DataFrame) -> None:
    fit = estimate(ECSI, ecsi)
    fl = fit.fornell_larcker
    assert fl.loc["SAT", "SAT"] == pytest.approx(np.sqrt(fit.reliability.loc["SAT", "ave"]))
    assert fl.loc["SAT", "LOY"] == pytest.approx(fit.construct_correlation[4, 5])
    vif = fit.vif
    # a single predictor has VIF 1; with two it is 1 / (1 - r^2)
    assert vif.loc[vif["to"] == "EXPE", "vif"].iloc[0] == pytest.approx(1.0)
    r = fit.construct_correlation[0, 4]  # IMAG-SAT, the two predictors of LOY
    loy = vif[vif["to"] == "LOY"]["vif"].to_numpy()
    np.testing.assert_allclose(loy, 1 / (1 - r**2))
    f2 = fit.f_squared.set_index(["from", "to"])["f_squared"]
    # single-predictor equation: f2 = R2 / (1 - R2)
    r2 = fit.r_squared["EXPE"]
    assert f2["IMAG", "EXPE"] == pytest.approx(r2 / (1 - r2))
    ivif = fit.indicator_vif
    assert (ivif["vif"] >= 1).all()
    assert "Goodness of fit" in fit.summary()


def test_rho_a_of_equal_loadings_is_alpha() -> None:
    # parallel items (equal loadings, equal error variances): rho_A = alpha
    rng = np.random.default_rng(5)
    eta = rng.standard_normal((20000, 2))
    eta[:, 1] = 0.5 * eta[:, 0] + np.sqrt(0.75) * eta[:, 1]
    items = {}
    for j, c in enumerate("ab"):
        for k in range(3):
            items[f"{c}{k}"] = 0.8 * eta[:, j] + 0.6 * rng.standard_normal(20000)
    model = PathModel({"a": ["a0", "a1", "a2"], "b": ["b0", "b1", "b2"]}, [("a", "b")])
    fit = estimate(model, pd.DataFrame(items))
    rel = fit.reliability
    assert rel.loc["a", "rho_a"] == pytest.approx(rel.loc["a", "alpha"], abs=0.01)


@given(factor=st.floats(0.1, 100.0), shift=st.floats(-50.0, 50.0))
def test_standardized_results_do_not_depend_on_item_units(factor: float, shift: float) -> None:
    data = _SMALL_DATA
    fit = estimate(_small_model(), data)
    changed = data.copy()
    changed["a1"] = data["a1"] * factor + shift
    other = estimate(_small_model(), changed)
    np.testing.assert_allclose(other.path_values, fit.path_values, atol=1e-9)
    np.testing.assert_allclose(other.loading_values, fit.loading_values, atol=1e-9)


@given(seed=st.integers(0, 2**32 - 1))
def test_row_order_does_not_matter(seed: int) -> None:
    data = _SMALL_DATA
    perm = np.random.default_rng(seed).permutation(len(data))
    a = estimate(_small_model(), data)
    b = estimate(_small_model(), data.iloc[perm])
    np.testing.assert_allclose(a.path_values, b.path_values, atol=1e-10)
    np.testing.assert_allclose(a.scores.loc[b.scores.index], b.scores, atol=1e-10)


@given(block=st.sampled_from(["a", "b", "c"]), top=st.floats(0.0, 20.0))
def test_reversed_block_flips_its_paths_only(block: str, top: float) -> None:
    # reverse-coding every item of a block (x -> top - x) reverses its construct:
    # paths into and out of it change sign, nothing else changes (sign handling
    # keeps each block's score positively related to most of its items)
    model = _small_model()
    fit = estimate(model, _SMALL_DATA)
    items = list(model.constructs[block])
    reversed_data = _SMALL_DATA.astype(float)
    reversed_data[items] = top - reversed_data[items]
    other = estimate(model, reversed_data)
    k = model.names.index(block)
    sign = np.ones(3)
    sign[k] = -1.0
    np.testing.assert_allclose(
        other.path_values, fit.path_values * np.outer(sign, sign), atol=1e-10
    )
    np.testing.assert_allclose(other.r2_values, fit.r2_values, atol=1e-10)
    np.testing.assert_allclose(other.loading_values, fit.loading_values, atol=1e-10)
    np.testing.assert_allclose(other.weight_values, fit.weight_values, atol=1e-10)


@given(
    size=st.integers(2, 7),
    extra=st.sets(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=12),
    data=st.data(),
)
def test_any_recursive_model_is_accepted_and_any_back_path_is_a_cycle(
    size: int, extra: set[tuple[int, int]], data: st.DataObject
) -> None:
    names = [f"c{k}" for k in range(size)]
    edges = {(k, k + 1) for k in range(size - 1)}
    edges |= {(i, j) for i, j in extra if i < j < size}
    paths = [(names[i], names[j]) for i, j in sorted(edges)]
    blocks = {name: [f"{name}_x"] for name in names}
    model = PathModel(blocks, paths)
    assert model.exogenous == ("c0",)
    assert set(model.endogenous) == {names[j] for _, j in edges}
    assert len(model.describe().splitlines()) == 2 + size + (size - 1)
    i, j = data.draw(st.sampled_from(sorted(edges)))
    # c_j is reachable from c_i, so a path back from c_j (or from any construct
    # after it on the chain) to c_i closes a cycle
    back = data.draw(st.integers(j, size - 1))
    with pytest.raises(ValueError, match="must be recursive; found the cycle"):
        PathModel(blocks, [*paths, (names[back], names[i])])


_SMALL_DATA = simulate_survey(
    _small_model(),
    n=200,
    paths={("a", "b"): 0.5, ("a", "c"): 0.3, ("b", "c"): 0.4},
    loadings=0.8,
    rng=11,
).data


def test_path_model_is_hashable_and_compares_by_value() -> None:
    a = _small_model()
    b = _small_model()
    assert a == b
    assert hash(a) == hash(b)
    assert {a: "ecsi"}[b] == "ecsi"
    assert a != a.with_modes(c="B")
    with pytest.raises(AttributeError):
        a.paths = ()  # type: ignore[misc]


def test_result_arrays_are_read_only(small_data: pd.DataFrame) -> None:
    fit = estimate(_small_model(), small_data)
    for name in ("path_values", "weight_values", "score_values", "data_values", "r2_values"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(fit, name)[0] = 0.0
    # the tables are the caller's to change
    scores = fit.scores
    scores.iloc[0, 0] = 99.0
    assert fit.score_values[0, 0] != 99.0
    boot = bootstrap(_small_model(), small_data, n_resamples=20, rng=0)
    with pytest.raises(ValueError, match="read-only"):
        boot.replicates[0, 0] = 0.0


def test_other_columns_are_ignored(small_data: pd.DataFrame) -> None:
    extra = small_data.assign(gender=["f", "m"] * 100, age=1.0)
    a = estimate(_small_model(), small_data)
    b = estimate(_small_model(), extra)
    np.testing.assert_array_equal(a.path_values, b.path_values)


def test_missing_policies(small_data: pd.DataFrame) -> None:
    holes = small_data.astype(float)
    holes.loc[3, "a2"] = np.nan
    holes.loc[7, "c1"] = np.nan
    with pytest.raises(ValueError, match=r"'a2' has a missing value at row 3 \(2 missing"):
        estimate(_small_model(), holes)
    dropped = estimate(_small_model(), holes, missing="listwise")
    assert dropped.n_obs == 198
    assert 3 not in dropped.scores.index
    imputed = estimate(_small_model(), holes, missing="mean")
    assert imputed.n_obs == 200
    assert imputed.data_values[3, 1] == pytest.approx(holes["a2"].mean())


def test_to_dict_is_json_safe(small_data: pd.DataFrame) -> None:
    import json

    out = estimate(_small_model(), small_data).to_dict()
    assert json.loads(json.dumps(out))["n_obs"] == 200


# ---------------------------------------------------------------------------
# model validation and errors
# ---------------------------------------------------------------------------


def test_path_model_views() -> None:
    m = _small_model()
    assert m.exogenous == ("a",)
    assert m.endogenous == ("b", "c")
    assert m.indicators == ("a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2")
    assert dict(m.modes) == {"a": "A", "b": "A", "c": "A"}
    assert repr(m) == (
        "PathModel(constructs: a[3], b[3], c[2]; paths: a->b, a->c, b->c; modes: AAA)"
    )
    text = m.describe()
    assert "c  <-  a + b" in text
    assert m.with_modes(c="B").modes["c"] == "B"
    assert m.modes["c"] == "A"  # the original is unchanged


@pytest.mark.parametrize(
    ("constructs", "paths", "match"),
    [
        ({"a": [], "b": ["y"]}, [("a", "b")], r"constructs\['a'\] must list at least one"),
        ({"a": ["x"], "b": ["x"]}, [("a", "b")], "indicator 'x' appears in block 'b' and in 'a'"),
        ({"a": ["x"], "b": ["y"]}, [("a", "a")], "self-path"),
        ({"a": ["x"], "b": ["y"]}, [("a", "z")], "unknown construct 'z'"),
        ({"a": ["x"], "b": ["y"]}, [("a", "b"), ("a", "b")], "repeats the path"),
        ({"a": ["x"], "b": ["y"]}, [("a", "b"), ("b", "a")], "cycle a -> b -> a"),
        ({"a": ["x"], "b": ["y"], "c": ["z"]}, [("a", "b")], "'c' takes part in no path"),
        ({}, [], "at least one construct"),
        ({"a": ["x"]}, [], "at least one structural path"),
    ],
)
def test_invalid_models(
    constructs: dict[str, list[str]], paths: list[tuple[str, str]], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        PathModel(constructs, paths)


def test_invalid_model_types() -> None:
    with pytest.raises(TypeError, match="constructs must be a mapping"):
        PathModel([("a", ["x"])], [])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="paths must be"):
        PathModel({"a": ["x"]}, "ab")
    with pytest.raises(TypeError, match="must list indicator column names"):
        PathModel({"a": [1], "b": ["y"]}, [("a", "b")])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"modes\['a'\] must be one of 'A', 'B'; got 'C'"):
        PathModel({"a": ["x"], "b": ["y"]}, [("a", "b")], modes={"a": "C"})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="modes names unknown construct 'q'"):
        PathModel({"a": ["x"], "b": ["y"]}, [("a", "b")], modes={"q": "A"})


def test_data_errors(small_data: pd.DataFrame) -> None:
    m = _small_model()
    with pytest.raises(ValueError, match="data has no column 'c2'"):
        estimate(m, small_data.drop(columns="c2"))
    with pytest.raises(TypeError, match="data column 'b1' must be numeric; got 'x' at row 0"):
        estimate(m, small_data.assign(b1="x"))
    text = small_data.astype(object)
    text.index = text.index + 500
    text.loc[503, "a2"] = "n/a"
    with pytest.raises(TypeError, match="data column 'a2' must be numeric; got 'n/a' at row 503"):
        estimate(m, text)
    doubled = pd.concat([small_data, small_data[["b3"]]], axis=1)
    with pytest.raises(ValueError, match="data has 2 columns named 'b3'"):
        estimate(m, doubled)
    # duplicated columns the model does not use are ignored like any other column
    spare = small_data[["b3"]].rename(columns={"b3": "note"})
    estimate(m, pd.concat([small_data, spare, spare], axis=1))
    with pytest.raises(ValueError, match="indicator 'b2' has zero variance"):
        estimate(m, small_data.assign(b2=4))
    # numbers stored as text (a CSV read without conversion) are not numeric
    as_text = small_data.assign(b1=small_data["b1"].astype(str))
    with pytest.raises(TypeError, match="data column 'b1' must be numeric; got '"):
        estimate(m, as_text)
    with pytest.raises(TypeError, match="data must be a pandas DataFrame"):
        estimate(m, small_data.to_numpy())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="model must be a PathModel"):
        estimate("model", small_data)  # type: ignore[arg-type]


def test_infinite_value_names_column_and_row(small_data: pd.DataFrame) -> None:
    bad = small_data.astype(float)
    bad.index = bad.index + 100
    bad.loc[102, "b2"] = np.inf
    with pytest.raises(ValueError, match=r"data column 'b2' has the value inf at row 102"):
        estimate(_small_model(), bad)
    # the NaN path (missing='mean') must not let an infinity through either
    bad.loc[101, "a1"] = np.nan
    with pytest.raises(ValueError, match=r"data column 'b2' has the value inf at row 102"):
        estimate(_small_model(), bad, missing="mean")


def test_option_errors(small_data: pd.DataFrame) -> None:
    m = _small_model()
    with pytest.raises(ValueError, match="scheme must be one of 'centroid', 'factorial', 'path'"):
        estimate(m, small_data, scheme="pth")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="convention must be one of 'plspm', 'seminr'"):
        estimate(m, small_data, convention="smartpls")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tol must be > 0"):
        estimate(m, small_data, tol=0)
    with pytest.raises(ValueError, match="missing must be one of"):
        estimate(m, small_data, missing="skip")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="standardize must be True or False"):
        estimate(m, small_data, standardize="yes")  # type: ignore[arg-type]


def test_non_convergence_reports_iterations_and_change(small_data: pd.DataFrame) -> None:
    with pytest.raises(ConvergenceError, match=r"within max_iter=1 iterations \(last change"):
        estimate(_small_model(), small_data, max_iter=1)


def test_singular_mode_b_block(small_data: pd.DataFrame) -> None:
    data = small_data.assign(a3=small_data["a1"] + small_data["a2"])
    model = _small_model().with_modes(a="B")
    with pytest.raises(ValueError, match="block 'a' is singular"):
        estimate(model, data)
    estimate(_small_model(), data)  # mode A copes with collinear items


# ---------------------------------------------------------------------------
# bootstrap
# ---------------------------------------------------------------------------


def test_bootstrap_same_for_any_workers(small_data: pd.DataFrame) -> None:
    a = bootstrap(_small_model(), small_data, n_resamples=600, rng=3)
    b = bootstrap(_small_model(), small_data, n_resamples=600, rng=3, workers=3)
    np.testing.assert_array_equal(a.replicates, b.replicates)
    c = bootstrap(_small_model(), small_data, n_resamples=600, rng=4)
    assert not np.array_equal(a.replicates, c.replicates)


def test_bootstrap_resample_equals_direct_estimate(small_data: pd.DataFrame) -> None:
    boot = bootstrap(_small_model(), small_data, n_resamples=5, rng=9)
    # resample k draws its indices from the k-th child of SeedSequence(9)
    child = np.random.SeedSequence(9).spawn(5)[3]
    rows = np.random.Generator(np.random.PCG64(child)).integers(0, 200, size=200)
    direct = estimate(_small_model(), small_data.iloc[rows].reset_index(drop=True))
    frame = boot.to_frame()
    paths = frame.index.get_level_values("statistic") == "path"
    np.testing.assert_allclose(boot.replicates[3][paths], direct.paths["estimate"], atol=1e-12)
    np.testing.assert_allclose(boot.estimates[paths], frame["estimate"][paths])
    # the other statistics of the resample too: effects, R^2 and HTMT
    total = direct.effects.set_index(["from", "to"])["total"]
    table = pd.Series(boot.replicates[3], index=frame.index)
    for (source, target), value in total.items():
        assert table[("total_effect", source, target, "")] == pytest.approx(value, abs=1e-12)
    assert table[("indirect_effect", "a", "c", "b")] == pytest.approx(
        direct.path_values[0, 1] * direct.path_values[1, 2], abs=1e-12
    )
    htmt = direct.htmt
    for source, target in [("a", "b"), ("a", "c"), ("b", "c")]:
        assert table[("htmt", source, target, "")] == pytest.approx(
            htmt.loc[source, target], abs=1e-12
        )


def test_bootstrap_tables_and_intervals(small_data: pd.DataFrame) -> None:
    boot = bootstrap(_small_model(), small_data, n_resamples=400, rng=1, interval="bca")
    fit = estimate(_small_model(), small_data)
    paths = boot.paths
    assert list(paths.columns) == [
        "from",
        "to",
        "estimate",
        "mean",
        "std_error",
        "t",
        "ci_lower",
        "ci_upper",
    ]
    np.testing.assert_allclose(paths["estimate"], fit.paths["estimate"])
    np.testing.assert_allclose(paths["std_error"], boot.replicates[:, 16:19].std(axis=0, ddof=1))
    assert (paths["ci_lower"] < paths["estimate"]).all()
    assert (paths["estimate"] < paths["ci_upper"]).all()
    low, high = boot.confidence_interval(level=0.9, interval="percentile")
    assert list(low.index.names) == ["statistic", "source", "target", "via"]
    np.testing.assert_allclose(low, np.quantile(boot.replicates, 0.05, axis=0))
    np.testing.assert_allclose(high, np.quantile(boot.replicates, 0.95, axis=0))
    assert len(boot.weights) == len(boot.loadings) == 8
    assert list(boot.r_squared["construct"]) == ["b", "c"]
    assert list(boot.total_effects["to"]) == ["b", "c", "c"]
    assert boot.jackknife is not None
    assert boot.jackknife.shape == (200, boot.estimates.size)


def test_bca_equals_percentile_without_bias_or_skew() -> None:
    from custvalue.pls import BootstrapResult

    reps = np.linspace(-1.0, 1.0, 1001)[:, None]
    boot = BootstrapResult(
        statistic=("path",),
        source=("a",),
        target=("b",),
        via=("",),
        estimates=np.array([0.0]),
        replicates=reps,
        jackknife=np.array([[-1.0], [1.0]]),
        n_resamples=1001,
        n_redraws=0,
        n_failed=0,
        n_inadmissible=0,
        interval="bca",
        result=None,  # type: ignore[arg-type]
    )
    # median equal to the estimate (z0 = 0) and symmetric jackknife (a = 0)
    bca = boot.confidence_interval(level=0.9, interval="bca")
    pct = boot.confidence_interval(level=0.9, interval="percentile")
    np.testing.assert_allclose(bca.low, pct.low)
    np.testing.assert_allclose(bca.high, pct.high)


def test_bootstrap_redraws_zero_variance_resamples(small_data: pd.DataFrame) -> None:
    rare = small_data.copy()
    rare["c2"] = 5
    rare.loc[0, "c2"] = 6  # one row differs: about 37% of resamples miss it
    boot = bootstrap(_small_model(), rare, n_resamples=50, rng=2)
    assert boot.n_redraws > 5
    assert boot.replicates.shape[0] == 50


def test_bca_refuses_a_jackknife_sample_with_a_constant_indicator(
    small_data: pd.DataFrame,
) -> None:
    # only row 0 differs in c2: leaving it out makes c2 constant, so that
    # jackknife estimate (and the BCa acceleration) is undefined
    rare = small_data.copy()
    rare["c2"] = 5
    rare.loc[0, "c2"] = 6
    with pytest.raises(ValueError, match="leaving out row 0 makes indicator 'c2' constant"):
        bootstrap(_small_model(), rare, n_resamples=20, rng=2, interval="bca")


def test_bootstrap_errors(small_data: pd.DataFrame) -> None:
    m = _small_model()
    with pytest.raises(ValueError, match="n_resamples must be >= 2"):
        bootstrap(m, small_data, n_resamples=1)
    with pytest.raises(ValueError, match="interval must be one of 'percentile', 'bca'"):
        bootstrap(m, small_data, n_resamples=10, interval="normal")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unexpected option 'schema'"):
        bootstrap(m, small_data, n_resamples=10, schema="path")
    with pytest.raises(TypeError, match="rng must be None"):
        bootstrap(m, small_data, n_resamples=10, rng="seed")  # type: ignore[arg-type]
    boot = bootstrap(m, small_data, n_resamples=10, rng=0)
    with pytest.raises(ValueError, match="needs the jackknife"):
        boot.confidence_interval(interval="bca")
    with pytest.raises(ValueError, match=r"level must be in \(0, 1\)"):
        boot.confidence_interval(level=1.5)
    with pytest.raises(TypeError):
        boot.confidence_interval(0.9)  # type: ignore[misc]


def test_bootstrap_accepts_generator(small_data: pd.DataFrame) -> None:
    a = bootstrap(_small_model(), small_data, n_resamples=20, rng=np.random.default_rng(1))
    b = bootstrap(_small_model(), small_data, n_resamples=20, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(a.replicates, b.replicates)


# ---------------------------------------------------------------------------
# values: pickling, copying, equality
# ---------------------------------------------------------------------------


def test_specifications_and_results_are_values(small_data: pd.DataFrame) -> None:
    import copy
    import pickle

    from custvalue._results import FrozenDict
    from custvalue.pls import CONVENTIONS

    model = _small_model().with_modes(c="B")
    for value in (model, CONVENTIONS):
        again = pickle.loads(pickle.dumps(value))
        assert again == value
        assert copy.deepcopy(value) == value
    assert isinstance(model.constructs, FrozenDict)
    assert isinstance(CONVENTIONS["plspm"], FrozenDict)
    assert hash(pickle.loads(pickle.dumps(model))) == hash(model)
    with pytest.raises(TypeError):
        model.constructs["a"] = ("x",)  # type: ignore[index]
    fit = estimate(model, small_data)
    again = pickle.loads(pickle.dumps(fit))
    assert again == fit
    assert copy.deepcopy(fit) == fit
    assert again.path_values.flags.writeable is False
    assert fit != estimate(model, small_data, scheme="centroid")
    assert isinstance(fit.summary(), str)
    assert list(fit.to_frame().columns) == ["from", "to", "estimate", "std_error", "t", "p_value"]


def test_missing_words_follow_the_library_vocabulary(small_data: pd.DataFrame) -> None:
    holes = small_data.astype(float)
    holes.iloc[5, 2] = np.nan
    with pytest.raises(ValueError, match="missing='listwise' or missing='mean'"):
        estimate(_small_model(), holes)
    with pytest.raises(ValueError, match="missing must be one of 'raise', 'listwise', 'mean'"):
        estimate(_small_model(), holes, missing="drop")  # type: ignore[arg-type]
    assert estimate(_small_model(), holes, missing="listwise").n_obs == 199
    with pytest.raises(TypeError):
        estimate(_small_model(), holes, "listwise")  # type: ignore[misc]
