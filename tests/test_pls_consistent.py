"""Consistent PLS (PLSc, Dijkstra and Henseler 2015) against cSEM and by simulation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from custvalue.datasets import simulate_survey
from custvalue.exceptions import DegenerateDataWarning
from custvalue.pls import PathModel, estimate

DATA = Path(__file__).parent / "data" / "pls"

# the model of cSEM's README example on the ECSI satisfaction data
CSEM_BLOCKS = {
    "IMAG": ["imag1", "imag2", "imag3"],
    "EXPE": ["expe1", "expe2", "expe3"],
    "QUAL": [f"qual{i}" for i in range(1, 6)],
    "VAL": ["val1", "val2", "val3"],
    "SAT": [f"sat{i}" for i in range(1, 5)],
    "LOY": [f"loy{i}" for i in range(1, 5)],
}
CSEM_PATHS = [
    ("IMAG", "EXPE"),
    ("EXPE", "QUAL"),
    ("EXPE", "VAL"),
    ("QUAL", "VAL"),
    ("IMAG", "SAT"),
    ("EXPE", "SAT"),
    ("QUAL", "SAT"),
    ("VAL", "SAT"),
    ("IMAG", "LOY"),
    ("SAT", "LOY"),
]
CSEM_MODEL = PathModel(
    CSEM_BLOCKS, CSEM_PATHS, modes=dict.fromkeys(("IMAG", "EXPE", "QUAL", "VAL"), "B")
)
PRINTED = 5.1e-5  # cSEM printed 4 decimals (rounding) and stops at tolerance 1e-5


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return pd.read_csv(DATA / "csem_satisfaction_plsc.csv", keep_default_na=False)


@pytest.fixture(scope="module")
def plsc_fit(ecsi_dir: Path) -> object:
    data = pd.read_csv(ecsi_dir / "satisfaction.csv", index_col=0)
    return estimate(CSEM_MODEL, data, consistent=True)


def _ref(reference: pd.DataFrame, kind: str) -> pd.DataFrame:
    out: pd.DataFrame = reference[reference["kind"] == kind]
    return out


def test_plsc_paths_loadings_weights_match_csem(plsc_fit: object, reference: pd.DataFrame) -> None:
    fit = plsc_fit
    paths = fit.paths.set_index(["from", "to"])["estimate"]  # type: ignore[attr-defined]
    for row in _ref(reference, "path").itertuples():
        assert paths[(row.first, row.second)] == pytest.approx(row.value, abs=PRINTED)
    for kind, table in (("loading", fit.loadings), ("weight", fit.weights)):  # type: ignore[attr-defined]
        values = table.set_index("indicator")["value"]
        for row in _ref(reference, kind).itertuples():
            assert values[row.second] == pytest.approx(row.value, abs=PRINTED), (kind, row)


def test_plsc_effects_and_r_squared_match_csem(plsc_fit: object, reference: pd.DataFrame) -> None:
    fit = plsc_fit
    effects = fit.effects.set_index(["from", "to"])["total"]  # type: ignore[attr-defined]
    for row in _ref(reference, "total_effect").itertuples():
        assert effects[(row.first, row.second)] == pytest.approx(row.value, abs=PRINTED)
    for kind, series in (
        ("r_squared", fit.r_squared),  # type: ignore[attr-defined]
        ("r_squared_adjusted", fit.r_squared_adjusted),  # type: ignore[attr-defined]
    ):
        for row in _ref(reference, kind).itertuples():
            assert series[row.first] == pytest.approx(row.value, abs=PRINTED)


def test_plsc_reliability_validity_match_csem(plsc_fit: object, reference: pd.DataFrame) -> None:
    fit = plsc_fit
    rel = fit.reliability  # type: ignore[attr-defined]
    for kind in ("alpha", "rho_c", "rho_a", "ave"):
        for row in _ref(reference, kind).itertuples():
            assert rel.loc[row.first, kind] == pytest.approx(row.value, abs=PRINTED), kind
    htmt = _ref(reference, "htmt").iloc[0]
    assert fit.htmt.loc["SAT", "LOY"] == pytest.approx(htmt["value"], abs=5e-8)  # type: ignore[attr-defined]
    htmt2 = _ref(reference, "htmt2").iloc[0]
    assert fit.htmt2.loc["SAT", "LOY"] == pytest.approx(htmt2["value"], abs=5e-8)  # type: ignore[attr-defined]
    vif = fit.vif.set_index(["from", "to"])["vif"]  # type: ignore[attr-defined]
    for row in _ref(reference, "vif").itertuples():
        assert vif[(row.first, row.second)] == pytest.approx(row.value, abs=PRINTED)
    f2 = fit.f_squared.set_index(["from", "to"])["f_squared"]  # type: ignore[attr-defined]
    for row in _ref(reference, "f_squared").itertuples():
        assert f2[(row.first, row.second)] == pytest.approx(row.value, abs=PRINTED)


def test_plsc_path_standard_errors_are_left_to_the_bootstrap(plsc_fit: object) -> None:
    paths = plsc_fit.paths  # type: ignore[attr-defined]
    assert paths["std_error"].isna().all()
    assert paths["p_value"].isna().all()


def test_mode_b_only_model_is_untouched_by_plsc(ecsi_dir: Path) -> None:
    data = pd.read_csv(ecsi_dir / "satisfaction.csv", index_col=0)
    composite = CSEM_MODEL.with_modes(SAT="B", LOY="B")
    a = estimate(composite, data)
    b = estimate(composite, data, consistent=True)
    np.testing.assert_allclose(b.path_values, a.path_values, atol=1e-14)
    np.testing.assert_allclose(b.loading_values, a.loading_values, atol=1e-14)


def test_plsc_recovers_true_paths_where_pls_is_attenuated() -> None:
    model = PathModel(
        {"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"], "c": ["c1", "c2", "c3", "c4"]},
        [("a", "b"), ("a", "c"), ("b", "c")],
    )
    truth = {("a", "b"): 0.5, ("a", "c"): 0.3, ("b", "c"): 0.4}
    loadings = {"a": 0.7, "b": 0.8, "c": 0.75}
    target = np.array([truth[p] for p in model.paths])
    pls_err, plsc_err, lam_err = [], [], []
    for rep in range(60):
        data = simulate_survey(
            model, n=400, paths=truth, loadings=loadings, rng=1000 + rep, scale=None
        ).data
        plain = estimate(model, data)
        plsc = estimate(model, data, consistent=True)
        pls_err.append(plain.paths["estimate"].to_numpy() - target)
        plsc_err.append(plsc.paths["estimate"].to_numpy() - target)
        true_lam = np.repeat([0.7, 0.8, 0.75], [3, 3, 4])
        lam_err.append(plsc.loading_values - true_lam)
    # PLSc: mean bias of every path below 0.02 (Monte Carlo s.e. of a mean ~0.004)
    assert np.abs(np.mean(plsc_err, axis=0)).max() < 0.02
    assert np.abs(np.mean(lam_err, axis=0)).max() < 0.02
    # PLS composites carry measurement error: a -> b, a direct path between two
    # noisy composites, is attenuated by clearly more than 0.02
    assert np.mean(pls_err, axis=0)[0] < -0.05


def test_rho_a_of_two_indicators_and_single_indicator_blocks() -> None:
    model = PathModel({"a": ["a1", "a2"], "b": ["b1"]}, [("a", "b")])
    data = simulate_survey(model, n=300, paths=0.5, loadings=0.8, rng=3, scale=None).data
    fit = estimate(model, data, consistent=True)
    assert fit.reliability.loc["b", "rho_a"] == 1.0
    # two standardised indicators, weights scaled to a unit-variance score:
    # c^2 = 2 r w1 w2 / (2 w1^2 w2^2), so rho_A = (w1^2 + w2^2)^2 r / (w1 w2)
    r = float(np.corrcoef(data["a1"], data["a2"])[0, 1])
    w1, w2 = fit.weight_values[:2]
    assert w1**2 + w2**2 + 2 * r * w1 * w2 == pytest.approx(1.0, rel=1e-12)
    expected = (w1**2 + w2**2) ** 2 * r / (w1 * w2)
    assert fit.reliability.loc["a", "rho_a"] == pytest.approx(expected, rel=1e-12)
    # the one path is the composite correlation over sqrt(rho_A(a) * 1)
    plain = estimate(model, data)
    assert fit.path_values[0, 1] == pytest.approx(
        plain.path_values[0, 1] / np.sqrt(expected), rel=1e-12
    )
    # consistent loadings: c * w with c = sqrt(rho_A) / (w'w)
    c = np.sqrt(expected) / (w1**2 + w2**2)
    np.testing.assert_allclose(fit.loading_values[:2], [c * w1, c * w2], rtol=1e-12)


def test_negative_rho_a_is_refused_and_rho_a_above_one_warns() -> None:
    model = PathModel({"a": ["a1", "a2"], "b": ["b1", "b2"]}, [("a", "b")])
    gen = np.random.default_rng(0)
    u, v = gen.normal(size=(2, 800))
    data = pd.DataFrame(
        {
            # a1, a2 both correlate positively with b but negatively with each other
            "a1": u + 1.5 * v,
            "a2": u - 1.5 * v,
            "b1": u + 0.5 * gen.normal(size=800),
            "b2": u + 0.5 * gen.normal(size=800),
        }
    )
    assert np.corrcoef(data["a1"], data["a2"])[0, 1] < 0
    with pytest.raises(ValueError, match="rho_A"):
        estimate(model, data, consistent=True)
    f = gen.normal(size=800)
    weak = pd.DataFrame(
        {
            "a1": f + 0.2 * gen.normal(size=800),
            "a2": -f + 2.0 * gen.normal(size=800),
            "b1": f + gen.normal(size=800),
            "b2": f + gen.normal(size=800),
        }
    )
    with pytest.warns(DegenerateDataWarning, match="inadmissible"):
        estimate(model, weak, consistent=True)


def test_model_fit_matches_csem(plsc_fit: object, reference: pd.DataFrame) -> None:
    fit = plsc_fit.model_fit()  # type: ignore[attr-defined]
    ref = _ref(reference, "srmr")["value"].iloc[0]
    # cSEM prints 7 significant digits; its estimates stop at tolerance 1e-5
    assert fit.loc["estimated", "srmr"] == pytest.approx(ref, abs=2e-7)
    assert fit.loc["estimated", "d_uls"] == pytest.approx(
        _ref(reference, "d_uls")["value"].iloc[0], abs=5e-6
    )
    # cSEM's geodesic distance uses log10: ours (natural logs) over ln(10)^2
    d_g = fit.loc["estimated", "d_g"] / np.log(10.0) ** 2
    assert d_g == pytest.approx(_ref(reference, "d_g")["value"].iloc[0], abs=5e-7)
    # the saturated model reproduces the construct correlations: it fits better
    assert fit.loc["saturated", "srmr"] < fit.loc["estimated", "srmr"]


def test_sum_of_specific_indirect_effects_matches_csem(
    plsc_fit: object, reference: pd.DataFrame
) -> None:
    specific = plsc_fit.indirect_effects  # type: ignore[attr-defined]
    sums = specific.groupby(["source", "target"])["estimate"].sum()
    rows = _ref(reference, "indirect_sum")
    assert len(sums) == len(rows)
    for row in rows.itertuples():
        assert sums[(row.first, row.second)] == pytest.approx(row.value, abs=PRINTED)


def test_saturated_fit_of_a_saturated_structural_model_is_the_estimated_fit(
    ecsi_dir: Path,
) -> None:
    # with every pair of constructs linked, the implied construct correlations
    # are the estimated ones: both fits coincide
    data = pd.read_csv(ecsi_dir / "satisfaction.csv", index_col=0)
    model = PathModel(
        {"IMAG": CSEM_BLOCKS["IMAG"], "SAT": CSEM_BLOCKS["SAT"], "LOY": CSEM_BLOCKS["LOY"]},
        [("IMAG", "SAT"), ("IMAG", "LOY"), ("SAT", "LOY")],
    )
    for consistent in (False, True):
        fit = estimate(model, data, consistent=consistent).model_fit()
        np.testing.assert_allclose(fit.loc["saturated"], fit.loc["estimated"], rtol=1e-10)


def test_bootstrap_fit_test_agrees_with_csem(ecsi_dir: Path, reference: pd.DataFrame) -> None:
    from custvalue.pls import fit_test

    data = pd.read_csv(ecsi_dir / "satisfaction.csv", index_col=0)
    result = fit_test(CSEM_MODEL, data, n_resamples=499, rng=1, consistent=True)
    table = result.to_frame(level=0.95)
    assert table.loc["srmr", "statistic"] == pytest.approx(
        _ref(reference, "srmr")["value"].iloc[0], abs=2e-7
    )
    # cSEM rejects the model on all three distances, and so do we; its critical
    # values come from other random resamples (and it drops inadmissible ones):
    # they agree within the Monte Carlo error of a 95% quantile of 499 draws
    assert table["reject"].all()
    critical = {
        "srmr": _ref(reference, "critical_srmr")["value"].iloc[0],
        "d_uls": _ref(reference, "critical_d_uls")["value"].iloc[0],
        "d_g": _ref(reference, "critical_d_g")["value"].iloc[0] * np.log(10.0) ** 2,
    }
    for measure, value in critical.items():
        assert table.loc[measure, "critical_value"] == pytest.approx(value, rel=0.15), measure


def test_fit_test_does_not_reject_the_true_common_factor_model() -> None:
    from custvalue.pls import fit_test

    model = PathModel(
        {"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"], "c": ["c1", "c2", "c3"]},
        [("a", "b"), ("b", "c")],
    )
    data = simulate_survey(model, n=400, paths=0.5, loadings=0.8, rng=12, scale=None).data
    table = fit_test(model, data, n_resamples=300, rng=4, consistent=True).to_frame()
    assert not table["reject"].any()
    assert (table["p_value"] > 0.05).all()
    # a wrong structure, b and c both explained by a only, implies cor(b, c) =
    # 0.5 * 0.25 instead of 0.5: the test rejects it
    wrong = PathModel(dict(model.constructs), [("a", "b"), ("a", "c")])
    table = fit_test(wrong, data, n_resamples=300, rng=4, consistent=True).to_frame()
    assert table.loc["srmr", "reject"]


# ---------------------------------------------------------------------------
# PLSc for chosen common factors (consistent=[names])
# ---------------------------------------------------------------------------

CHOICE_MODEL = PathModel(
    {
        "a": ["a1", "a2", "a3"],
        "b": ["b1", "b2", "b3"],
        "c": ["c1", "c2", "c3", "c4"],
        "d": ["d1", "d2"],
    },
    [("a", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("b", "d")],
)


@pytest.fixture(scope="module")
def choice_data() -> pd.DataFrame:
    data: pd.DataFrame = simulate_survey(
        CHOICE_MODEL, n=300, paths=0.4, loadings={"a": 0.7, "b": 0.8, "c": 0.75, "d": 0.8}, rng=5
    ).data
    return data


@pytest.mark.parametrize("factors", [["b", "c"], ["a"], ["a", "b", "c", "d"], []])
def test_plsc_of_chosen_factors_is_the_textbook_disattenuation(
    choice_data: pd.DataFrame, factors: list[str]
) -> None:
    """Paths = OLS on composite correlations divided by sqrt(rho_A) of the factors only.

    The reference follows Dijkstra and Henseler (2015) step by step from the
    plain PLS estimate: the composites' correlation matrix, each factor's
    rho_A from the reliability table, r_ij / sqrt(q_i q_j) with q = rho_A for
    the chosen factors and 1 for composites, then the normal equations of
    each structural regression.
    """
    plain = estimate(CHOICE_MODEL, choice_data)
    names = list(CHOICE_MODEL.names)
    q = np.array([plain.reliability.loc[c, "rho_a"] if c in factors else 1.0 for c in names])
    r = plain.construct_correlation / np.sqrt(np.outer(q, q))
    np.fill_diagonal(r, 1.0)
    fit = estimate(CHOICE_MODEL, choice_data, consistent=factors)
    for target in CHOICE_MODEL.endogenous:
        preds = [names.index(c) for c in CHOICE_MODEL.predecessors(target)]
        j = names.index(target)
        beta = np.linalg.solve(r[np.ix_(preds, preds)], r[preds, j])
        np.testing.assert_allclose(fit.path_values[preds, j], beta, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fit.weight_values, plain.weight_values, atol=1e-12)
    # consistent loadings for the factors, PLS loadings for the composites
    for c in names:
        block = list(CHOICE_MODEL.constructs[c])
        got = fit.outer_model.set_index("indicator").loc[block, "loading"].to_numpy()
        same = plain.outer_model.set_index("indicator").loc[block, "loading"].to_numpy()
        if c in factors:
            assert not np.allclose(got, same, atol=1e-6)
        else:
            np.testing.assert_allclose(got, same, atol=1e-12)


def test_consistent_true_is_every_mode_a_block(choice_data: pd.DataFrame) -> None:
    every = estimate(CHOICE_MODEL, choice_data, consistent=True)
    listed = estimate(CHOICE_MODEL, choice_data, consistent=list(CHOICE_MODEL.names))
    np.testing.assert_allclose(every.path_values, listed.path_values, atol=1e-14)
    assert listed.options.consistent == ("a", "b", "c", "d")
    assert every.options.consistent is True
    none = estimate(CHOICE_MODEL, choice_data, consistent=[])
    plain = estimate(CHOICE_MODEL, choice_data)
    np.testing.assert_allclose(none.path_values, plain.path_values, atol=1e-14)


def test_bootstrap_of_chosen_factors_matches_the_estimate(choice_data: pd.DataFrame) -> None:
    from custvalue.pls import bootstrap

    boot = bootstrap(CHOICE_MODEL, choice_data, n_resamples=30, rng=2, consistent=["b", "c"])
    fit = estimate(CHOICE_MODEL, choice_data, consistent=["b", "c"])
    table = boot.path_table()
    for (source, target), row in table.iterrows():
        names = CHOICE_MODEL.names
        value = fit.path_values[names.index(source), names.index(target)]
        assert row["estimate"] == pytest.approx(value, abs=1e-10)
    # a resample is the estimate of the resampled rows
    child = np.random.SeedSequence(2).spawn(30)[4]
    rows = np.random.Generator(np.random.PCG64(child)).integers(0, len(choice_data), size=300)
    again = estimate(
        CHOICE_MODEL, choice_data.iloc[rows].reset_index(drop=True), consistent=["b", "c"]
    )
    k = boot.statistic.index("path")
    names = CHOICE_MODEL.names
    expected = again.path_values[names.index(boot.source[k]), names.index(boot.target[k])]
    assert boot.replicates[4, k] == pytest.approx(expected, abs=1e-10)


def test_consistent_names_are_checked(choice_data: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="consistent names 'e', which is not a construct"):
        estimate(CHOICE_MODEL, choice_data, consistent=["a", "e"])
    with pytest.raises(ValueError, match="consistent names a construct twice"):
        estimate(CHOICE_MODEL, choice_data, consistent=["a", "a"])
    with pytest.raises(ValueError, match="consistent names 'a', a mode B"):
        estimate(CHOICE_MODEL.with_modes({"a": "B"}), choice_data, consistent=["a"])
    with pytest.raises(TypeError, match="consistent must be True, False or a list"):
        estimate(CHOICE_MODEL, choice_data, consistent="a")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="consistent must be True, False or a list"):
        estimate(CHOICE_MODEL, choice_data, consistent=1)  # type: ignore[arg-type]
