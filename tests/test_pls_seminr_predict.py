"""PLSpredict and mediation against seminr's own test fixtures and the seminr port.

Reference files are in tests/data/seminr/ (provenance in its README, section
"Prediction and mediation").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from custvalue.pls import PathModel, bootstrap, estimate, predict

DATA = Path(__file__).parent / "data" / "seminr"


def _items(prefix: str, count: int) -> list[str]:
    return [f"{prefix}_{i}" for i in range(1, count + 1)]


# seminr's extended corporate-reputation model (tests/testthat/test-plspredict.R)
CORP_REP_EXT = PathModel(
    {
        "QUAL": _items("qual", 8),
        "PERF": _items("perf", 5),
        "CSOR": _items("csor", 5),
        "ATTR": _items("attr", 3),
        "COMP": _items("comp", 3),
        "LIKE": _items("like", 3),
        "CUSA": ["cusa"],
        "CUSL": _items("cusl", 3),
    },
    [(a, b) for a in ("QUAL", "PERF", "CSOR", "ATTR") for b in ("COMP", "LIKE")]
    + [(a, b) for a in ("COMP", "LIKE") for b in ("CUSA", "CUSL")]
    + [("CUSA", "CUSL")],
    modes={"QUAL": "B", "PERF": "B", "CSOR": "B", "ATTR": "B"},
)
TECHNIQUES = {"DA": "direct", "EA": "earliest"}


@pytest.fixture(scope="module")
def corp_rep() -> pd.DataFrame:
    """corp_rep_data with seminr's mean_replacement of the -99 codes (over all 344 rows)."""
    raw = pd.read_csv(DATA / "corp_rep_data.csv").replace(-99, np.nan)
    return raw.fillna(raw.mean())


@pytest.mark.parametrize("name", ["DA", "EA"])
def test_leave_one_out_metrics_equal_seminr_fixture(corp_rep: pd.DataFrame, name: str) -> None:
    # seminr tests/fixtures/V_3_6_0/predict_pls_{DA,EA}.csv, written by
    # tests/testthat/test-plspredict.R: predict_pls(noFolds = 344) on the
    # model above is leave-one-out, so its folds do not depend on R's RNG.
    # Rows: RMSE, MAE of PLS in-sample, PLS out-of-sample, LM in-sample, LM
    # out-of-sample; predict() gives the out-of-sample rows (3-4, 7-8), the
    # in-sample rows are checked by the brute force below.
    ref = pd.read_csv(DATA / f"predict_pls_{name}.csv")
    result = predict(
        CORP_REP_EXT, corp_rep, folds=len(corp_rep), repetitions=1, technique=TECHNIQUES[name]
    )  # type: ignore[arg-type]
    table = result.to_frame()
    assert list(table.index) == list(ref.columns)
    ours = np.vstack([table["rmse"], table["mae"], table["lm_rmse"], table["lm_mae"]])
    theirs = ref.iloc[[2, 3, 6, 7]].to_numpy()
    # the fixture is printed to 9-10 significant digits (values near 1): 5e-10
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=2e-9)


def _in_sample_leave_one_out(data: pd.DataFrame) -> dict[str, np.ndarray]:
    """seminr's in-sample predictions under leave-one-out, by brute force.

    Every training set (all rows but one) is estimated with estimate(); each
    training row is predicted by that fit (standardised with the training
    means and SDs, scored with its weights, the endogenous scores from the
    direct antecedents' scores through the paths (DA) or from the exogenous
    scores through the total effects (EA), times the loadings), and by OLS
    regressions on the antecedents' items; a row's in-sample prediction is
    the mean over the n - 1 fits that contain it.
    """
    model = CORP_REP_EXT
    items = list(model.indicators)
    x = data[items].to_numpy(dtype=float)
    n = len(x)
    exo = list(model.exogenous)
    names = list(model.names)
    block = {item: c for c, block_items in model.constructs.items() for item in block_items}
    targets = [item for item in items if block[item] in model.endogenous]
    t_cols = [items.index(item) for item in targets]
    antecedents = {
        "DA": {c: [i for p in model.predecessors(c) for i in model.constructs[p]] for c in names},
        "EA": {c: [i for p in exo for i in model.constructs[p]] for c in names},
    }
    sums = {
        f"{kind}_{name}": np.zeros((n, len(targets)))
        for kind in ("pls", "lm")
        for name in TECHNIQUES
    }
    first = estimate(model, data[items])
    w_at = (
        [items.index(v) for v in first.weights["indicator"]],
        [names.index(c) for c in first.weights["construct"]],
    )
    l_at = [items.index(v) for v in first.loadings["indicator"]]
    exo_at = [names.index(c) for c in exo]
    t_block = [names.index(block[item]) for item in targets]
    lm_parts = {
        name: [
            (
                [items.index(item) for item in antecedents[name][c]],
                [k for k, item in enumerate(targets) if block[item] == c],
            )
            for c in model.endogenous
        ]
        for name in TECHNIQUES
    }
    for i in range(n):
        rows = np.delete(np.arange(n), i)
        train = x[rows]
        fit = estimate(model, pd.DataFrame(train, columns=items))
        weights = np.zeros((len(items), len(names)))
        weights[w_at] = fit.weights["value"].to_numpy()
        loading = np.zeros(len(items))
        loading[l_at] = fit.loadings["value"].to_numpy()
        paths = fit.path_values  # (from x to), in the order of model.names
        total = np.linalg.inv(np.eye(len(names)) - paths) - np.eye(len(names))
        mu, sd = train.mean(axis=0), train.std(axis=0, ddof=1)
        scores = (train - mu) / sd @ weights
        eta = {"DA": scores @ paths, "EA": scores[:, exo_at] @ total[exo_at]}
        for name in TECHNIQUES:
            std_pred = eta[name][:, t_block] * loading[t_cols]
            sums[f"pls_{name}"][rows] += mu[t_cols] + sd[t_cols] * std_pred
            for a_cols, y_cols in lm_parts[name]:
                design = np.column_stack([np.ones(n - 1), train[:, a_cols]])
                y = train[:, [t_cols[k] for k in y_cols]]
                coef = np.linalg.solve(design.T @ design, design.T @ y)
                sums[f"lm_{name}"][np.ix_(rows, y_cols)] += design @ coef
    actual = x[:, t_cols]
    return {key: actual - value / (n - 1) for key, value in sums.items()}


@pytest.fixture(scope="module")
def in_sample_residuals(corp_rep: pd.DataFrame) -> dict[str, np.ndarray]:
    return _in_sample_leave_one_out(corp_rep)


@pytest.mark.parametrize("name", ["DA", "EA"])
def test_leave_one_out_in_sample_metrics_equal_seminr_fixture(
    in_sample_residuals: dict[str, np.ndarray], name: str
) -> None:
    # rows 1-2 (PLS in-sample RMSE, MAE) and 5-6 (LM in-sample) of the same
    # seminr fixtures: custvalue's estimate() on every leave-one-out training set
    ref = pd.read_csv(DATA / f"predict_pls_{name}.csv")
    pls_res, lm_res = in_sample_residuals[f"pls_{name}"], in_sample_residuals[f"lm_{name}"]
    ours = np.vstack(
        [
            np.sqrt((pls_res**2).mean(axis=0)),
            np.abs(pls_res).mean(axis=0),
            np.sqrt((lm_res**2).mean(axis=0)),
            np.abs(lm_res).mean(axis=0),
        ]
    )
    np.testing.assert_allclose(ours, ref.iloc[[0, 1, 4, 5]].to_numpy(), rtol=0, atol=2e-9)


@pytest.mark.parametrize("name", ["DA", "EA"])
def test_ten_fold_predictions_equal_seminr_port_on_the_same_folds(
    corp_rep: pd.DataFrame, name: str
) -> None:
    # tests/data/seminr/predict_kfold_{DA,EA}.csv: every row's out-of-sample
    # PLS and LM prediction from the seminr port's predict_pls(no_folds=10,
    # ordering=...) (make_predict_reference.py), with the fold of each row
    ref = pd.read_csv(DATA / f"predict_kfold_{name}.csv")
    assert (ref["row"].to_numpy() == np.arange(len(corp_rep))).all()
    result = predict(
        CORP_REP_EXT, corp_rep, folds=ref["fold"].to_numpy(), technique=TECHNIQUES[name]
    )  # type: ignore[arg-type]
    assert (result.folds, result.repetitions) == (10, 1)
    items = list(result.indicators)
    # written with 12 significant digits, values up to 10: 5e-11
    np.testing.assert_allclose(
        result.pls_predictions[0], ref[[f"pls_{i}" for i in items]], rtol=0, atol=1e-9
    )
    np.testing.assert_allclose(
        result.lm_predictions[0], ref[[f"lm_{i}" for i in items]], rtol=0, atol=1e-9
    )
    # missing="mean" replaces the -99 codes once on the whole data, as seminr does
    raw = pd.read_csv(DATA / "corp_rep_data.csv").replace(-99, np.nan)
    again = predict(
        CORP_REP_EXT, raw, folds=ref["fold"].to_numpy(), technique=TECHNIQUES[name], missing="mean"
    )  # type: ignore[arg-type]
    np.testing.assert_allclose(again.pls_predictions, result.pls_predictions, rtol=0, atol=1e-12)


def test_fold_labels_as_a_series_pair_by_label(corp_rep: pd.DataFrame) -> None:
    ref = pd.read_csv(DATA / "predict_kfold_DA.csv")
    labels = pd.Series(ref["fold"].to_numpy(), index=corp_rep.index)
    shuffled = labels.sample(frac=1.0, random_state=3)  # same labels, another order
    a = predict(CORP_REP_EXT, corp_rep, folds=labels.to_numpy() + 5, technique="direct")
    b = predict(CORP_REP_EXT, corp_rep, folds=shuffled, technique="direct")
    assert a == b  # fold names do not matter, only the partition; Series align by label
    two = predict(CORP_REP_EXT, corp_rep, folds=np.vstack([labels, labels]), technique="direct")
    assert two.repetitions == 2
    np.testing.assert_array_equal(two.pls_predictions[1], a.pls_predictions[0])
    with pytest.raises(ValueError, match="shape"):
        predict(CORP_REP_EXT, corp_rep, folds=labels.to_numpy()[:-1])
    with pytest.raises(ValueError, match="at least 2 different fold labels"):
        predict(CORP_REP_EXT, corp_rep, folds=np.zeros(len(corp_rep)))
    with pytest.raises(ValueError, match="repetitions"):
        predict(CORP_REP_EXT, corp_rep, folds=labels.to_numpy(), repetitions=3)
    with pytest.raises(ValueError, match="different labels"):
        predict(CORP_REP_EXT, corp_rep, folds=labels.iloc[1:])


# seminr tests/testthat/test-summary.R (fixture boot_report_total_indirect_paths.csv):
# mobi, composites (mode A), path weighting, Image and Expectation ->
# Satisfaction -> Value; summary(bootstrap_model(nboot = 500, seed = 123))
MOBI_MEDIATION = PathModel(
    {
        "Image": [f"IMAG{i}" for i in range(1, 6)],
        "Expectation": [f"CUEX{i}" for i in range(1, 4)],
        "Value": ["PERV1", "PERV2"],
        "Satisfaction": [f"CUSA{i}" for i in range(1, 4)],
    },
    [("Image", "Satisfaction"), ("Expectation", "Satisfaction"), ("Satisfaction", "Value")],
)
SEMINR_RESAMPLES = 500
OUR_RESAMPLES = 5000


@pytest.fixture(scope="module")
def seminr_indirect() -> pd.DataFrame:
    ref = pd.read_csv(DATA / "mediation_boot_report_total_indirect_paths.csv", index_col=0)
    ref.index = [label.split("->")[0].strip() for label in ref.index]
    return ref


@pytest.fixture(scope="module")
def mobi() -> pd.DataFrame:
    return pd.read_csv(DATA / "mobi.csv")


def test_total_indirect_effects_equal_seminr(
    mobi: pd.DataFrame, seminr_indirect: pd.DataFrame
) -> None:
    effects = estimate(MOBI_MEDIATION, mobi).effects.set_index(["from", "to"])
    for source in ("Image", "Expectation"):
        got = effects.loc[(source, "Value")]
        assert got["direct"] == 0.0
        # the column "Original Est." is deterministic; seminr stops at 1e-7 too
        assert got["indirect"] == pytest.approx(
            seminr_indirect.loc[source, "Original Est."], abs=1e-9
        )


def test_bootstrap_of_indirect_effects_agrees_with_seminr_within_monte_carlo_error(
    mobi: pd.DataFrame, seminr_indirect: pd.DataFrame
) -> None:
    boot = bootstrap(MOBI_MEDIATION, mobi, n_resamples=OUR_RESAMPLES, rng=20261205)
    table = boot.table("indirect_effect")
    frame = boot.to_frame()
    draws = boot.replicates[:, frame.index.get_level_values("statistic") == "indirect_effect"]
    for k, (source, target, via) in enumerate(table.index):
        assert (target, via) == ("Value", "Satisfaction")  # one chain each: specific = total
        ref = seminr_indirect.loc[source]
        row = table.loc[(source, target, via)]
        assert row["estimate"] == pytest.approx(ref["Original Est."], abs=1e-9)
        x = draws[:, k]
        se = x.std(ddof=1)
        both = 1 / SEMINR_RESAMPLES + 1 / OUR_RESAMPLES
        # Monte-Carlo error of two independent bootstraps of the same statistic.
        # Mean: sd(mean_B) = se / sqrt(B).
        assert abs(row["boot_mean"] - ref["Bootstrap Mean"]) < 3 * se * np.sqrt(both)
        # SD: the relative sd of a sample SD from B draws is sqrt((kurtosis - 1) / (4 B)),
        # about 3.5 % for seminr's 500 resamples here; 3 sigma, about 11 %.
        kurt = np.mean((x - x.mean()) ** 4) / np.mean((x - x.mean()) ** 2) ** 2
        rel = 3 * np.sqrt((kurt - 1) / 4 * both)
        assert abs(row["std_error"] / ref["Bootstrap SD"] - 1) < rel
        # percentile limits: sd of the p-quantile of B draws is
        # sqrt(p (1 - p) / B) / f(q_p), the density f from our 5,000 draws
        for p, column, limit in ((0.025, "2.5% CI", "low"), (0.975, "97.5% CI", "high")):
            q_lo, q_hi = np.quantile(x, [p - 0.01, p + 0.01])
            density = 0.02 / (q_hi - q_lo)
            tol = 3 * np.sqrt(p * (1 - p) * both) / density
            assert abs(row[limit] - ref[column]) < tol
    # Zhao, Lynch and Chen (2010): both intervals of seminr exclude 0 and the
    # model has no direct path to Value, so both are indirect-only mediation
    assert (seminr_indirect["2.5% CI"] > 0).all()
    assert list(boot.mediation()["type"]) == ["indirect-only", "indirect-only"]


# The corporate-reputation mediation example of the SEMinR lecture "Mediation
# Analysis" (lesson for Hair et al., PLS-SEM Using R, mediation chapter; video
# https://youtu.be/2SpMM6wibHI): the simple model COMP, LIKE -> CUSA -> CUSL,
# bootstrap_model(nboot = 1000) after set.seed(123), specific_effect_significance
# at alpha = 0.05. Printed to 3 decimals: the COMP indirect effect 0.082 with
# interval 0.018 to 0.151, the LIKE indirect effect 0.214 with 0.146 to 0.286,
# direct paths LIKE -> CUSL 0.342 (significant) and COMP -> CUSL 0.009 (interval
# spans zero); COMP indirect-only, LIKE complementary mediation.
CORP_REP_SIMPLE = PathModel(
    {
        "COMP": _items("comp", 3),
        "LIKE": _items("like", 3),
        "CUSA": ["cusa"],
        "CUSL": _items("cusl", 3),
    },
    [("COMP", "CUSA"), ("COMP", "CUSL"), ("LIKE", "CUSA"), ("LIKE", "CUSL"), ("CUSA", "CUSL")],
)
LECTURE = {  # source: (indirect, low, high, direct)
    "COMP": (0.082, 0.018, 0.151, 0.009),
    "LIKE": (0.214, 0.146, 0.286, 0.342),
}
LECTURE_RESAMPLES = 1000


def test_corporate_reputation_mediation_example(corp_rep: pd.DataFrame) -> None:
    boot = bootstrap(CORP_REP_SIMPLE, corp_rep, n_resamples=OUR_RESAMPLES, rng=123)
    table = boot.mediation()
    frame = boot.to_frame()
    indirect_rows = frame.index.get_level_values("statistic") == "indirect_effect"
    draws = boot.replicates[:, indirect_rows]
    labels = list(frame[indirect_rows].index.get_level_values("source"))
    both = 1 / LECTURE_RESAMPLES + 1 / OUR_RESAMPLES
    for source, (indirect, low, high, direct) in LECTURE.items():
        row = table.loc[(source, "CUSL", "CUSA")]
        # point estimates are deterministic: equal to the printed 3 decimals
        assert row["indirect"] == pytest.approx(indirect, abs=5e-4)
        assert row["direct"] == pytest.approx(direct, abs=5e-4)
        # percentile limits of two independent bootstraps (1,000 and 5,000
        # resamples) differ by Monte-Carlo error: sd sqrt(p (1 - p) (1/B1 + 1/B2)) / f(q_p);
        # 3 sd plus the rounding of the printed value
        x = draws[:, labels.index(source)]
        for p, printed, ours in (
            (0.025, low, row["indirect_low"]),
            (0.975, high, row["indirect_high"]),
        ):
            q_lo, q_hi = np.quantile(x, [p - 0.01, p + 0.01])
            tol = 3 * np.sqrt(p * (1 - p) * both) * (q_hi - q_lo) / 0.02 + 5e-4
            assert abs(ours - printed) < tol
    assert table.loc[("COMP", "CUSL", "CUSA"), "type"] == "indirect-only"
    assert table.loc[("LIKE", "CUSL", "CUSA"), "type"] == "complementary"
