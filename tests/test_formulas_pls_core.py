"""Checks of the PLS estimation core (see docs/mutation-testing.md).

Each check compares with a reference computed independently of the
implementation: an invariance the method must have (standardized PLS does
not depend on the units of an indicator), the definition of a statistic for
a case small enough to state by hand, or a published R plspm table.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from custvalue.pls import estimate
from custvalue.satisfaction import ecsi_model

ECSI_COLUMNS = {
    "image": "imag",
    "expectations": "expe",
    "quality": "qual",
    "value": "val",
    "satisfaction": "sat",
    "loyalty": "loy",
}


@pytest.fixture(scope="module")
def ecsi_data(ecsi_dir: Path) -> pd.DataFrame:
    return pd.read_csv(ecsi_dir / "satisfaction.csv", index_col=0)


@pytest.fixture(scope="module")
def ecsi(ecsi_data: pd.DataFrame) -> object:
    blocks = {
        construct: [c for c in ecsi_data.columns if c.rstrip("0123456789") == prefix]
        for construct, prefix in ECSI_COLUMNS.items()
    }
    return ecsi_model(blocks)


def test_standardized_estimate_does_not_depend_on_indicator_units(
    ecsi: object, ecsi_data: pd.DataFrame
) -> None:
    # one indicator recorded in units a million times larger, another in
    # units ten million times smaller: standardized PLS sees the same
    # correlations, so every estimate is the same; the tiny column's spread
    # (about 1e-7) is far from zero relative to its own magnitude
    rescaled = ecsi_data.copy()
    rescaled["imag1"] = rescaled["imag1"] * 1e6
    rescaled["loy2"] = rescaled["loy2"] * 1e-7
    base = estimate(ecsi, ecsi_data)  # type: ignore[arg-type]
    fit = estimate(ecsi, rescaled)  # type: ignore[arg-type]
    np.testing.assert_allclose(fit.path_values, base.path_values, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fit.loading_values, base.loading_values, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fit.weight_values, base.weight_values, rtol=0, atol=1e-10)


def test_consistent_estimate_unstandardized_with_common_scale(
    ecsi: object, ecsi_data: pd.DataFrame
) -> None:
    # indicators on one common scale (all standard deviations 3): without
    # standardization the weights are those of the standardized data divided
    # by 3, and PLSc's consistent loadings and paths (which are in the metric
    # of standardized indicators) must equal the standardized run's
    items = ecsi_data[list(ecsi.indicators)]  # type: ignore[attr-defined]
    common = 3.0 * (items - items.mean()) / items.std()
    base = estimate(ecsi, items, consistent=True)  # type: ignore[arg-type]
    fit = estimate(ecsi, common, consistent=True, standardize=False)  # type: ignore[arg-type]
    np.testing.assert_allclose(fit.loading_values, base.loading_values, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fit.path_values, base.path_values, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fit.weight_values, base.weight_values / 3.0, rtol=0, atol=1e-10)


def test_total_effects_are_the_sum_of_path_products(ecsi: object, ecsi_data: pd.DataFrame) -> None:
    # total effect of i on j = sum over every directed chain i -> ... -> j of
    # the product of its paths = (P + P^2 + ... + P^L)[i, j]; a construct has
    # no effect on itself in a recursive model (zero diagonal)
    fit = estimate(ecsi, ecsi_data)  # type: ignore[arg-type]
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
    blocks = {
        construct: [c for c in ecsi_data.columns if c.rstrip("0123456789") == prefix]
        for construct, prefix in ECSI_COLUMNS.items()
    }
    blocks["loyalty"] = ["loy1"]
    fit = estimate(ecsi_model(blocks), ecsi_data)
    row = fit.unidimensionality.loc["loyalty"]
    assert row["indicators"] == 1
    assert row[["cronbach_alpha", "dillon_goldstein_rho", "eig_1st", "eig_2nd"]].tolist() == [
        1.0,
        1.0,
        1.0,
        0.0,
    ]
