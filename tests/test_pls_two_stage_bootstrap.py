"""Bootstrap of two-stage models: every resample runs the whole procedure.

The reference is a second, plain algorithm: draw the same resamples (the
documented streams: one :class:`numpy.random.SeedSequence` spawned per
resample, ``integers(0, n, n)`` row draws), run the public
:func:`~custvalue.pls.moderation` / :func:`~custvalue.pls.higher_order` on each
resampled data frame, and read the estimates. The batch implementation must
give the same replicates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from custvalue.datasets import simulate_survey
from custvalue.pls import PathModel, bootstrap, higher_order, moderation

MAIN = PathModel(
    {"quality": ["q1", "q2", "q3"], "price": ["p1", "p2"], "loyalty": ["l1", "l2"]},
    [("quality", "loyalty"), ("price", "loyalty")],
)
FIRST_ORDER = {"tangibles": ["t1", "t2"], "empathy": ["e1", "e2", "e3"], "loyalty": ["l1", "l2"]}
DIMENSIONS = PathModel(FIRST_ORDER, [("tangibles", "loyalty"), ("empathy", "loyalty")])


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    data: pd.DataFrame = simulate_survey(MAIN, n=120, paths=0.4, loadings=0.8, rng=11).data
    return data


@pytest.fixture(scope="module")
def dimensions() -> pd.DataFrame:
    data: pd.DataFrame = simulate_survey(DIMENSIONS, n=120, paths=0.4, loadings=0.8, rng=12).data
    return data


def _resamples(seed: int, count: int, n: int) -> list[np.ndarray]:
    children = np.random.SeedSequence(seed).spawn(count)
    return [np.random.Generator(np.random.PCG64(c)).integers(0, n, size=n) for c in children]


def _rows(frame: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    out = frame.iloc[rows]
    out.index = pd.RangeIndex(len(rows))
    return out


def _paths(boot: object) -> pd.DataFrame:
    table: pd.DataFrame = boot.table("path")  # type: ignore[attr-defined]
    return table


@pytest.mark.parametrize("method", ["two_stage", "orthogonal"])
def test_moderation_replicates_rerun_the_procedure(survey: pd.DataFrame, method: str) -> None:
    fit = moderation(
        MAIN, survey, predictor="quality", moderator="price", target="loyalty", method=method
    )
    boot = fit.bootstrap(n_resamples=12, rng=5)
    assert boot.n_redraws == 0
    assert boot.n_failed == 0
    assert boot.result == fit.result
    names = fit.model.names
    columns = [k for k, kind in enumerate(boot.statistic) if kind == "path"]
    for r, rows in enumerate(_resamples(5, 12, len(survey))):
        again = moderation(
            MAIN,
            _rows(survey, rows),
            predictor="quality",
            moderator="price",
            target="loyalty",
            method=method,
        ).result
        expected = [
            again.path_values[names.index(boot.source[k]), names.index(boot.target[k])]
            for k in columns
        ]
        np.testing.assert_allclose(boot.replicates[r, columns], expected, rtol=0, atol=1e-10)


def test_moderation_bootstrap_uses_the_original_options(survey: pd.DataFrame) -> None:
    fit = moderation(
        MAIN,
        survey,
        predictor="quality",
        moderator="price",
        target="loyalty",
        scheme="centroid",
        standardize=False,
        variance="population",
    )
    boot = fit.bootstrap(n_resamples=3, rng=8)
    rows = _resamples(8, 3, len(survey))[2]
    again = moderation(
        MAIN,
        _rows(survey, rows),
        predictor="quality",
        moderator="price",
        target="loyalty",
        scheme="centroid",
        standardize=False,
        variance="population",
    ).result
    k = boot.statistic.index("path")
    names = fit.model.names
    value = again.path_values[names.index(boot.source[k]), names.index(boot.target[k])]
    assert boot.replicates[2, k] == pytest.approx(value, abs=1e-10)


def test_two_stage_term_varies_where_the_fixed_term_does_not(survey: pd.DataFrame) -> None:
    """The rebuilt and the fixed-term bootstrap differ: the first stage is resampled."""
    fit = moderation(MAIN, survey, predictor="quality", moderator="price", target="loyalty")
    rebuilt = fit.bootstrap(n_resamples=30, rng=2)
    fixed = bootstrap(fit.model, fit.data, n_resamples=30, rng=2)
    np.testing.assert_allclose(rebuilt.estimates, fixed.estimates, atol=1e-12)
    assert not np.allclose(rebuilt.replicates, fixed.replicates, atol=1e-6)


@pytest.mark.parametrize("method", ["disjoint_two_stage", "embedded_two_stage"])
def test_higher_order_replicates_rerun_both_stages(dimensions: pd.DataFrame, method: str) -> None:
    spec = {
        "constructs": FIRST_ORDER,
        "paths": [("service", "loyalty")],
        "higher_order": {"service": ["tangibles", "empathy"]},
        "method": method,
    }
    fit = higher_order(dimensions, **spec)  # type: ignore[arg-type]
    boot = fit.bootstrap(n_resamples=10, rng=4)
    assert boot.n_redraws == 0
    assert boot.n_failed == 0
    k = boot.statistic.index("path")
    names = fit.model.names
    for r, rows in enumerate(_resamples(4, 10, len(dimensions))):
        again = higher_order(_rows(dimensions, rows), **spec).result  # type: ignore[arg-type]
        value = again.path_values[names.index(boot.source[k]), names.index(boot.target[k])]
        assert boot.replicates[r, k] == pytest.approx(value, abs=1e-10)
    weights = [j for j, kind in enumerate(boot.statistic) if kind == "weight"]
    assert np.ptp(boot.replicates[:, weights], axis=0).min() > 0


def test_repeated_indicators_bootstrap_equals_the_plain_bootstrap(
    dimensions: pd.DataFrame,
) -> None:
    """No estimation builds repeated indicators, so both algorithms must agree."""
    fit = higher_order(
        dimensions,
        constructs=FIRST_ORDER,
        paths=[("service", "loyalty")],
        higher_order={"service": ["tangibles", "empathy"]},
        method="repeated_indicators",
    )
    rebuilt = fit.bootstrap(n_resamples=40, rng=3)
    plain = bootstrap(fit.model, fit.data, n_resamples=40, rng=3)
    np.testing.assert_allclose(rebuilt.replicates, plain.replicates, rtol=0, atol=1e-10)


def test_rebuilt_bootstrap_is_the_same_for_any_worker_count(survey: pd.DataFrame) -> None:
    fit = moderation(MAIN, survey, predictor="quality", moderator="price", target="loyalty")
    one = fit.bootstrap(n_resamples=260, rng=9, workers=1)
    two = fit.bootstrap(n_resamples=260, rng=9, workers=2)
    assert one == two


def test_rebuilt_bca_jackknife_is_leave_one_out(survey: pd.DataFrame) -> None:
    small = survey.iloc[:40]
    fit = moderation(MAIN, small, predictor="quality", moderator="price", target="loyalty")
    boot = fit.bootstrap(n_resamples=20, rng=1, interval="bca")
    assert boot.jackknife is not None
    assert boot.jackknife.shape[0] == 40
    k = boot.statistic.index("path")
    names = fit.model.names
    for i in (0, 17, 39):
        again = moderation(
            MAIN,
            small.drop(small.index[i]),
            predictor="quality",
            moderator="price",
            target="loyalty",
        ).result
        value = again.path_values[names.index(boot.source[k]), names.index(boot.target[k])]
        assert boot.jackknife[i, k] == pytest.approx(value, abs=1e-10)
    frame = boot.to_frame(interval="bca")
    assert np.isfinite(frame[["low", "high"]].to_numpy()).all()


def test_rebuilt_bootstrap_checks_its_options(survey: pd.DataFrame) -> None:
    fit = moderation(MAIN, survey, predictor="quality", moderator="price", target="loyalty")
    with pytest.raises(ValueError, match="n_resamples"):
        fit.bootstrap(n_resamples=1)
    with pytest.raises(ValueError, match="interval"):
        fit.bootstrap(n_resamples=5, interval="normal")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="workers"):
        fit.bootstrap(n_resamples=5, workers=0)
