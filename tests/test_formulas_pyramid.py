"""Mutation killers for custvalue.pyramid (see docs/mutation-testing.md).

The value matrix is checked against a plain count of the customers in each
quadrant (``value >= cut`` is high, as documented) and their means, computed
here with Python's statistics module; errors must name the argument.
"""

from __future__ import annotations

import inspect
import statistics
from typing import Any

import numpy as np
import pandas as pd
import pytest

from custvalue.pyramid import value_matrix

CURRENT = [5.0, 1.0, 3.0, 8.0, 2.0, 7.0, 4.0, 6.0, 0.0, 9.0, 3.0]
POTENTIAL = [2.0, 9.0, 4.0, 1.0, 8.0, 6.0, 3.0, 0.0, 7.0, 5.0, 4.0]
QUADRANTS = [(True, True), (True, False), (False, True), (False, False)]


def _quadrant_table(vm: Any) -> pd.DataFrame:
    """One row per quadrant (``to_frame()`` or, in older versions, ``summary()``)."""
    if "per" in inspect.signature(vm.to_frame).parameters:
        return vm.to_frame(per="quadrant")
    table = vm.summary()
    assert isinstance(table, pd.DataFrame)
    return table


def _customer_table(vm: Any) -> pd.DataFrame:
    if "per" in inspect.signature(vm.to_frame).parameters:
        return vm.to_frame(per="customer")
    return vm.to_frame()


@pytest.mark.parametrize(("current_cut", "potential_cut"), [(3.0, 4.0), (6.0, 2.0), (None, None)])
def test_quadrant_table_counts_and_means(
    current_cut: float | None, potential_cut: float | None
) -> None:
    vm = value_matrix(CURRENT, POTENTIAL, current_cut=current_cut, potential_cut=potential_cut)
    c_cut = statistics.median(CURRENT) if current_cut is None else current_cut
    p_cut = statistics.median(POTENTIAL) if potential_cut is None else potential_cut
    assert vm.current_cut == c_cut
    assert vm.potential_cut == p_cut
    table = _quadrant_table(vm)
    assert table["high_current"].tolist() == [q[0] for q in QUADRANTS]
    assert table["high_potential"].tolist() == [q[1] for q in QUADRANTS]
    for row, (hc, hp) in zip(table.itertuples(index=False), QUADRANTS, strict=True):
        members = [
            (c, p)
            for c, p in zip(CURRENT, POTENTIAL, strict=True)
            if (c >= c_cut) == hc and (p >= p_cut) == hp
        ]
        assert row.customers == len(members)
        assert row.customer_share == pytest.approx(len(members) / len(CURRENT), rel=1e-15)
        if members:
            assert row.mean_current == pytest.approx(statistics.fmean(m[0] for m in members))
            assert row.mean_potential == pytest.approx(statistics.fmean(m[1] for m in members))
        else:
            assert np.isnan(row.mean_current)
            assert np.isnan(row.mean_potential)


def test_empty_quadrant_has_no_mean() -> None:
    # Every customer high on both axes: three quadrants are empty.
    vm = value_matrix([5.0, 6.0], [5.0, 6.0], current_cut=1.0, potential_cut=1.0)
    table = _quadrant_table(vm)
    assert table["customers"].tolist() == [2, 0, 0, 0]
    assert table["mean_current"].iloc[0] == pytest.approx(5.5)
    assert table["mean_potential"].iloc[0] == pytest.approx(5.5)
    assert table[["mean_current", "mean_potential"]].iloc[1:].isna().all().all()


def test_customer_table_and_labels() -> None:
    names = {(True, True): "keep", (True, False): "maintain", (False, True): "develop"}
    names[(False, False)] = "reduce"
    index = [f"c{k}" for k in range(len(CURRENT))]
    vm = value_matrix(
        pd.Series(CURRENT, index=index),
        pd.Series(POTENTIAL, index=index),
        current_cut=3.0,
        potential_cut=4.0,
        labels=names,
    )
    rows = _customer_table(vm)
    assert rows.columns.tolist() == ["current", "potential", "quadrant"]
    assert rows.index.tolist() == index
    np.testing.assert_array_equal(rows["current"], CURRENT)
    np.testing.assert_array_equal(rows["potential"], POTENTIAL)
    expected = [names[(c >= 3.0, p >= 4.0)] for c, p in zip(CURRENT, POTENTIAL, strict=True)]
    assert rows["quadrant"].astype(str).tolist() == expected
    assert _quadrant_table(vm)["quadrant"].tolist() == ["keep", "maintain", "develop", "reduce"]


def test_labels_must_name_each_quadrant_once() -> None:
    partial = {(True, True): "a", (True, False): "b", (False, True): "c"}
    with pytest.raises(ValueError, match=r"missing \(False, False\)"):
        value_matrix(CURRENT, POTENTIAL, labels=partial)
    partial = {(True, False): "b", (False, True): "c"}
    with pytest.raises(ValueError, match=r"missing \(True, True\)"):
        value_matrix(CURRENT, POTENTIAL, labels=partial)
    repeated = {(True, True): "a", (True, False): "b", (False, True): "b", (False, False): "d"}
    with pytest.raises(ValueError, match="got 'b' twice"):
        value_matrix(CURRENT, POTENTIAL, labels=repeated)
    with pytest.raises((TypeError, ValueError), match=r"^labels must be a mapping"):
        value_matrix(CURRENT, POTENTIAL, labels=["a", "b", "c", "d"])  # type: ignore[arg-type]


@pytest.mark.parametrize("argument", ["current", "potential"])
def test_bad_values_are_reported_under_the_argument_name(argument: str) -> None:
    data = {"current": list(CURRENT), "potential": list(POTENTIAL)}
    data[argument][4] = float("nan")
    with pytest.raises(ValueError, match=rf"^{argument} must not contain NaN"):
        value_matrix(data["current"], data["potential"])


@pytest.mark.parametrize("argument", ["current_cut", "potential_cut"])
def test_bad_cut_is_reported_under_its_name(argument: str) -> None:
    with pytest.raises(ValueError, match=rf"^{argument}\b"):
        value_matrix(CURRENT, POTENTIAL, **{argument: float("inf")})
