"""Two-group comparison: permutation test, MICOM and PLS-MGA against direct computations."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pandas as pd
import pytest

from custvalue.datasets import simulate_survey
from custvalue.pls import PathModel, compare_groups, estimate, mga

MODEL = PathModel(
    {"a": ["a1", "a2", "a3"], "b": ["b1", "b2"], "c": ["c1", "c2", "c3"]},
    [("a", "b"), ("a", "c"), ("b", "c")],
)


@pytest.fixture(scope="module")
def two_segments() -> tuple[pd.DataFrame, pd.Series]:
    one = simulate_survey(MODEL, n=200, paths=0.4, loadings=0.8, rng=1).data
    paths = {("a", "b"): 0.4, ("a", "c"): 0.4, ("b", "c"): 0.0}
    two = simulate_survey(MODEL, n=150, paths=paths, loadings=0.8, rng=2).data
    data = pd.concat([one, two], ignore_index=True)
    data.index = [f"r{k}" for k in range(len(data))]
    segment = pd.Series(["new"] * 200 + ["loyal"] * 150, index=data.index)
    return data, segment


def _composites(fit: object, x: np.ndarray) -> np.ndarray:
    """Composites of the raw rows x with a fit's weights (centring irrelevant)."""
    w = fit.weight_values / fit.indicator_scales  # type: ignore[attr-defined]
    out = []
    for c in MODEL.names:
        cols = [MODEL.indicators.index(i) for i in MODEL.constructs[c]]
        out.append(x[:, cols] @ w[cols])
    return np.column_stack(out)


def test_permutations_equal_direct_estimates(two_segments: tuple[pd.DataFrame, pd.Series]) -> None:
    data, segment = two_segments
    result = compare_groups(MODEL, data, segment, n_permutations=6, rng=8)
    first = segment.to_numpy() == "new"
    fit_1 = estimate(MODEL, data[first])
    fit_2 = estimate(MODEL, data[~first])
    table = result.to_frame()
    np.testing.assert_allclose(table["first"], fit_1.paths["estimate"], atol=1e-12)
    np.testing.assert_allclose(table["second"], fit_2.paths["estimate"], atol=1e-12)
    x = data[list(MODEL.indicators)].to_numpy(dtype=float)
    pooled = estimate(MODEL, data)
    pooled_scores = pooled.scores.to_numpy()
    # the documented draw: one Generator shuffles every row of the tiled labels
    members = np.random.default_rng(8).permuted(np.tile(first, (6, 1)), axis=1)
    for k, member in enumerate(members):
        p1, p2 = estimate(MODEL, data[member]), estimate(MODEL, data[~member])
        np.testing.assert_allclose(
            result.path_permuted[k],
            p1.paths["estimate"].to_numpy() - p2.paths["estimate"].to_numpy(),
            atol=1e-10,
        )
        # MICOM step 2: correlation of the two groups' composites on all rows
        s1, s2 = _composites(p1, x), _composites(p2, x)
        c = [np.corrcoef(s1[:, j], s2[:, j])[0, 1] for j in range(3)]
        np.testing.assert_allclose(result.compositional_permuted[k], c, atol=1e-10)
        # MICOM step 3: group differences of the pooled (standardised) scores
        g1, g2 = pooled_scores[member], pooled_scores[~member]
        np.testing.assert_allclose(
            result.mean_permuted[k], g1.mean(axis=0) - g2.mean(axis=0), atol=1e-12
        )
        np.testing.assert_allclose(
            result.log_variance_permuted[k],
            np.log(g1.var(axis=0, ddof=1)) - np.log(g2.var(axis=0, ddof=1)),
            atol=1e-10,
        )
    s1, s2 = _composites(fit_1, x), _composites(fit_2, x)
    np.testing.assert_allclose(
        result.compositional, [np.corrcoef(s1[:, j], s2[:, j])[0, 1] for j in range(3)]
    )


def test_different_paths_are_detected(two_segments: tuple[pd.DataFrame, pd.Series]) -> None:
    data, segment = two_segments
    result = compare_groups(MODEL, data, segment, n_permutations=499, rng=3)
    table = result.to_frame()
    assert table.loc[("b", "c"), "p_value"] < 0.05  # 0.4 vs 0.0
    assert table.loc[("a", "b"), "p_value"] > 0.05  # 0.4 in both
    micom = result.micom()
    assert micom["compositional_invariance"].all()  # same measurement model
    assert list(micom.index) == ["a", "b", "c"]
    assert pickle.loads(pickle.dumps(result)) == result
    assert copy.deepcopy(result) == result
    assert "MICOM" in result.summary()
    # data and groups pair by label
    shuffled = segment.sample(frac=1.0, random_state=0)
    again = compare_groups(MODEL, data, shuffled, n_permutations=499, rng=3)
    assert again == result


def test_permutation_test_holds_its_size_on_equal_groups() -> None:
    # both groups from one population: the permutation p value (k + 1)/(B + 1)
    # is exact, so the rejection rate at alpha must be alpha up to Monte Carlo
    # error; B = 39 keeps alpha = 0.05 and 0.1 attainable exactly (2/40, 4/40)
    model = PathModel({"a": ["a1", "a2"], "b": ["b1", "b2"]}, [("a", "b")])
    reps = 400
    groups = np.repeat(["x", "y"], 60)
    p_values = np.empty(reps)
    for r in range(reps):
        data = simulate_survey(
            model, n=120, paths=0.6, loadings=0.9, rng=10_000 + r, scale=None
        ).data
        result = compare_groups(model, data, groups, n_permutations=39, rng=r)
        p_values[r] = result.to_frame()["p_value"].iloc[0]
    # Monte Carlo standard errors: 0.015 at alpha 0.1, 0.011 at 0.05
    for alpha in (0.05, 0.1):
        assert abs(float(np.mean(p_values <= alpha + 1e-12)) - alpha) < 0.02


def test_mga_probability_equals_the_double_sum(
    two_segments: tuple[pd.DataFrame, pd.Series],
) -> None:
    data, segment = two_segments
    result = mga(MODEL, data, segment, n_resamples=300, rng=4)
    r1, r2 = result.replicates_first, result.replicates_second
    m1, m2 = r1.mean(axis=0), r2.mean(axis=0)
    # Henseler (2009): every pair of bias-corrected replicates, by brute force
    step = (2 * m1 - r1)[:, None, :] - (2 * m2 - r2)[None, :, :] > 0
    expected = 1.0 - step.mean(axis=(0, 1))
    np.testing.assert_allclose(result.p_first_greater, expected, atol=1e-15)
    table = result.to_frame()
    assert table.loc[("b", "c"), "p_value"] < 0.05
    assert table.loc[("b", "c"), "p_first_greater"] < 0.01  # 0.4 > 0.0
    first = segment.to_numpy() == "new"
    np.testing.assert_allclose(table["first"], estimate(MODEL, data[first]).paths["estimate"])


def test_group_errors(two_segments: tuple[pd.DataFrame, pd.Series]) -> None:
    data, segment = two_segments
    with pytest.raises(ValueError, match="exactly two distinct labels"):
        compare_groups(MODEL, data, np.arange(len(data)) % 3, n_permutations=5)
    with pytest.raises(ValueError, match="one label per row"):
        compare_groups(MODEL, data, np.zeros(5), n_permutations=5)
    with pytest.raises(ValueError, match="at least 10"):
        compare_groups(MODEL, data, np.arange(len(data)) < 4, n_permutations=5)
    other = segment.copy()
    other.index = [f"z{k}" for k in range(len(other))]
    with pytest.raises(ValueError, match="groups"):
        compare_groups(MODEL, data, other, n_permutations=5)
    with pytest.raises(ValueError, match="n_permutations must be >= 1"):
        compare_groups(MODEL, data, segment, n_permutations=0)
