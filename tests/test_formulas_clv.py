"""Mutation killers for custvalue.clv (see docs/mutation-testing.md).

References are independent of the implementation: present values summed term
by term in exact rational arithmetic (``Fraction``), and the contract's rules
(a pandas Series in any data argument gives a Series on its index; a bad
value is reported under the argument's name).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest

from custvalue import clv


def _pv(flows: list[Fraction], rate: Fraction, first: int = 1) -> Fraction:
    """Sum of flows[k] / (1 + rate)^(first + k), exactly."""
    return sum((f / (1 + rate) ** (first + k) for k, f in enumerate(flows)), Fraction(0))


def _retained(
    margin: Fraction, keep: Fraction, rate: Fraction, periods: int, begin: bool
) -> Fraction:
    """Expected discounted margins of a customer kept with probability ``keep``.

    End timing: margin x keep^t / (1 + rate)^t for t = 1..periods; begin
    timing: the same for t = 0..periods - 1.
    """
    ts = range(periods) if begin else range(1, periods + 1)
    return sum((margin * keep**t / (1 + rate) ** t for t in ts), Fraction(0))


F = Fraction


class TestRetentionValueExact:
    @pytest.mark.parametrize("timing", ["end", "begin"])
    @pytest.mark.parametrize(
        ("keep", "rate"),
        [
            (F(8, 10), F(12, 100)),
            # retention close to 1 + discount rate (q = r / (1 + i) > 0.999):
            # the near-limit branch of the geometric sum
            (F(9995, 10000), F(0)),
            (F(1), F(1, 10000)),
            (F(9995, 10000), F(-1, 1000)),  # q > 1: finite horizons only
        ],
    )
    @pytest.mark.parametrize("periods", [1, 2, 7])
    def test_finite_horizon(
        self, keep: Fraction, rate: Fraction, periods: int, timing: str
    ) -> None:
        got = clv.retention_value(
            100.0,
            retention_rate=float(keep),
            discount_rate=float(rate),
            periods=periods,
            timing=timing,  # type: ignore[arg-type]
        )
        expected = _retained(F(100), keep, rate, periods, timing == "begin")
        assert got == pytest.approx(float(expected), rel=1e-12)

    @pytest.mark.parametrize("timing", ["end", "begin"])
    def test_zero_periods_is_worth_nothing(self, timing: str) -> None:
        for keep in (0.8, 0.9999):
            got = clv.retention_value(
                100.0,
                retention_rate=keep,
                discount_rate=0.0,
                periods=0,
                timing=timing,  # type: ignore[arg-type]
            )
            assert got == 0.0

    @pytest.mark.parametrize("timing", ["end", "begin"])
    @pytest.mark.parametrize("periods", [None, 4])
    def test_margin_vector_broadcasts_over_scalar_rates(
        self, periods: int | None, timing: str
    ) -> None:
        margins = [F(100), F(250), F(-40)]
        got = clv.retention_value(
            [float(m) for m in margins],
            retention_rate=0.8,
            discount_rate=0.12,
            periods=periods,
            timing=timing,  # type: ignore[arg-type]
        )
        horizon = 400 if periods is None else periods  # (0.8/1.12)^400 < 1e-58
        expected = [
            float(_retained(m, F(8, 10), F(12, 100), horizon, timing == "begin")) for m in margins
        ]
        assert isinstance(got, np.ndarray)
        np.testing.assert_allclose(got, expected, rtol=1e-12)

    @pytest.mark.parametrize("periods", [None, 3])
    def test_rate_vectors_broadcast_against_a_margin_vector(self, periods: int | None) -> None:
        keep = [F(5, 10), F(9, 10)]
        got = clv.retention_value(
            np.array([[10.0], [20.0]]),
            retention_rate=[float(k) for k in keep],
            discount_rate=0.1,
            periods=periods,
        )
        horizon = 800 if periods is None else periods
        expected = [
            [float(_retained(F(m), k, F(1, 10), horizon, False)) for k in keep] for m in (10, 20)
        ]
        assert np.shape(got) == (2, 2)
        np.testing.assert_allclose(got, expected, rtol=1e-12)

    def test_infinite_horizon_needs_retention_below_one_plus_rate(self) -> None:
        with pytest.raises(ValueError, match=r"retention_rate must be < 1 \+ discount_rate"):
            clv.retention_value(100.0, retention_rate=1.0, discount_rate=0.0)
        with pytest.raises(ValueError, match=r"retention_rate must be < 1 \+ discount_rate"):
            clv.retention_value([100.0, 100.0], retention_rate=[0.5, 1.0], discount_rate=0.0)


class TestAnnuityExact:
    @pytest.mark.parametrize(
        ("rate", "periods"),
        [(F(1, 10), 5), (F(1, 10**9), 3), (F(-1, 2), 4), (F(0), 6), (F(3, 100), 0)],
    )
    def test_annuity_factor_and_value(self, rate: Fraction, periods: int) -> None:
        exact = _pv([F(1)] * periods, rate)
        assert clv.annuity_factor(float(rate), periods) == pytest.approx(float(exact), rel=1e-13)
        value = clv.annuity_value(250.0, discount_rate=float(rate), periods=periods)
        assert value == pytest.approx(float(250 * exact), rel=1e-13)

    def test_periods_vector_broadcasts(self) -> None:
        got = clv.annuity_factor(0.05, [1, 2, 10])
        expected = [float(_pv([F(1)] * n, F(5, 100))) for n in (1, 2, 10)]
        np.testing.assert_allclose(got, expected, rtol=1e-13)


class TestPresentValueAxes:
    def test_three_dimensional_cash_flows_on_a_middle_axis(self) -> None:
        flows = np.arange(24, dtype=float).reshape(2, 3, 4)
        got = clv.present_value(flows, discount_rate=0.1, axis=1)
        expected = np.empty((2, 4))
        for a in range(2):
            for c in range(4):
                expected[a, c] = float(_pv([F(int(x)) for x in flows[a, :, c]], F(1, 10)))
        np.testing.assert_allclose(got, expected, rtol=1e-13)

    def test_start_zero(self) -> None:
        got = clv.present_value([100.0, 100.0, 100.0], discount_rate=0.2, start=0)
        assert got == pytest.approx(float(_pv([F(100)] * 3, F(2, 10), first=0)), rel=1e-13)


class TestLifetimeValueShapes:
    def test_one_customer_given_as_a_vector_is_a_float(self) -> None:
        got = clv.lifetime_value([300.0, 500.0], 100.0, discount_rate=0.08)
        assert isinstance(got, float)
        expected = _pv([F(200), F(400)], F(8, 100))
        assert got == pytest.approx(float(expected), rel=1e-13)

    def test_customers_by_years(self) -> None:
        profit = np.array([[300.0, 500.0, 600.0], [100.0, 100.0, 100.0]])
        got = clv.lifetime_value(profit, discount_rate=0.08, acquisition_cost=[50.0, 0.0])
        expected = [
            float(_pv([F(300), F(500), F(600)], F(8, 100)) - 50),
            float(_pv([F(100)] * 3, F(8, 100))),
        ]
        np.testing.assert_allclose(got, expected, rtol=1e-13)

    def test_frame_of_costs_pairs_with_profits(self) -> None:
        index = ["ann", "bob"]
        profit = pd.DataFrame([[300.0, 500.0], [100.0, 100.0]], index=index)
        cost = pd.DataFrame([[100.0, 100.0], [0.0, 50.0]], index=index)
        got = clv.lifetime_value(profit, cost, discount_rate=0.1)
        assert isinstance(got, pd.Series)
        assert got.index.tolist() == index
        expected = [float(_pv([F(200), F(400)], F(1, 10))), float(_pv([F(100), F(50)], F(1, 10)))]
        np.testing.assert_allclose(got.to_numpy(), expected, rtol=1e-13)


# --- the contract: Series pass through any data argument; errors name it ---

_LABELS = ["north", "south"]

# (function, keyword arguments of a valid call, the data arguments)
_CALLS: list[tuple[Callable[..., Any], dict[str, Any], list[str]]] = [
    (
        clv.annuity_value,
        {"amount": 1000.0, "discount_rate": 0.1, "periods": 5},
        ["amount", "discount_rate", "periods"],
    ),
    (clv.annuity_factor, {"discount_rate": 0.1, "periods": 5}, ["discount_rate", "periods"]),
    (
        clv.retention_value,
        {"margin": 100.0, "retention_rate": 0.8, "discount_rate": 0.12},
        ["margin", "retention_rate", "discount_rate"],
    ),
    (
        clv.group_value,
        {"profit": 500_000.0, "cost": 200_000.0, "discount_rate": 0.1, "churn_rate": 0.2},
        ["profit", "cost", "discount_rate", "churn_rate"],
    ),
    (
        clv.churn_loss,
        {"invested_cost": 500.0, "lifetime_value": 3000.0, "realized_value": 1200.0},
        ["invested_cost", "lifetime_value", "realized_value"],
    ),
    (
        clv.group_churn_loss,
        {"n_customers": 10_000.0, "churn_rate": 0.15, "lifetime_value": 2000.0},
        ["n_customers", "churn_rate", "lifetime_value"],
    ),
    (
        clv.delivered_value,
        {"total_customer_value": 2000.0, "total_customer_cost": 1500.0},
        ["total_customer_value", "total_customer_cost"],
    ),
]

_CASES = [(f, kw, arg) for f, kw, args in _CALLS for arg in args]
_IDS = [f"{f.__name__}-{arg}" for f, _, arg in _CASES]


def _call(function: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    if function is clv.annuity_factor:
        return function(kwargs["discount_rate"], kwargs["periods"])
    if function is clv.annuity_value:
        rest = {k: v for k, v in kwargs.items() if k != "amount"}
        return function(kwargs["amount"], **rest)
    if function is clv.retention_value:
        rest = {k: v for k, v in kwargs.items() if k != "margin"}
        return function(kwargs["margin"], **rest)
    if function is clv.group_value:
        rest = {k: v for k, v in kwargs.items() if k not in ("profit", "cost")}
        return function(kwargs["profit"], kwargs["cost"], **rest)
    if function is clv.delivered_value:
        return function(kwargs["total_customer_value"], kwargs["total_customer_cost"])
    return function(**kwargs)


@pytest.mark.parametrize(("function", "kwargs", "arg"), _CASES, ids=_IDS)
def test_series_in_any_argument_gives_a_series(
    function: Callable[..., Any], kwargs: dict[str, Any], arg: str
) -> None:
    scalar = _call(function, kwargs)
    value = kwargs[arg]
    series = pd.Series([value, value], index=_LABELS)
    got = _call(function, {**kwargs, arg: series})
    assert isinstance(got, pd.Series), f"{arg} as a Series gave {type(got).__name__}"
    assert got.index.tolist() == _LABELS
    np.testing.assert_allclose(got.to_numpy(), [scalar, scalar], rtol=1e-15)


@pytest.mark.parametrize(("function", "kwargs", "arg"), _CASES, ids=_IDS)
def test_a_bad_value_is_reported_under_the_argument_name(
    function: Callable[..., Any], kwargs: dict[str, Any], arg: str
) -> None:
    with pytest.raises(ValueError, match=rf"^{arg}\b"):
        _call(function, {**kwargs, arg: [kwargs[arg], float("nan")]})


def test_lifetime_value_argument_names() -> None:
    with pytest.raises(ValueError, match=r"^start\b"):
        clv.lifetime_value([1.0, 2.0], discount_rate=0.1, start=-1)
    with pytest.raises(ValueError, match=r"^discount_rate\b"):
        clv.lifetime_value([1.0, 2.0], discount_rate=-1.5)


def test_dwyer_summary_prints_every_row_of_the_table() -> None:
    # The summary is the table itself: each row under its name, the label
    # column left-aligned and the year columns right-aligned, and the numbers
    # read back from the text equal the table's fields.
    from custvalue.datasets import dwyer_example

    table = clv.dwyer_table(**dwyer_example().table_inputs())
    lines = table.summary().splitlines()
    assert len({len(line) for line in lines}) == 1, "columns are not aligned"
    header = lines[0].split()
    assert header == ["year", "1", "year", "2", "year", "3", "year", "4"]
    rows = {
        "customers": table.customers,
        "retention rate": 100 * np.asarray(table.retention_rate),
        "orders / customer / month": table.orders_per_month,
        "average order value": table.order_value,
        "revenue": table.revenue,
        "variable cost": table.variable_cost,
        "marketing cost": table.marketing_cost,
        "acquisition cost": table.acquisition_cost,
        "total cost": table.total_cost,
        "gross profit": table.gross_profit,
        "discount factor": table.discount_factor,
        "NPV of profit": table.npv,
        "cumulative NPV": table.cumulative_npv,
        "lifetime value / customer": table.lifetime_value,
    }
    assert [line[: len(label)] for line, label in zip(lines[1:], rows, strict=True)] == list(rows)
    width = len(lines[0])
    for line, (label, field) in zip(lines[1:], rows.items(), strict=True):
        cells = line[len(label) :].split()
        assert len(cells) == 4
        assert line.endswith(cells[-1])
        assert len(line) == width
        shown = [float(c.replace(",", "").rstrip("%")) for c in cells]
        decimals = max(len(c.rstrip("%").partition(".")[2]) for c in cells)
        np.testing.assert_allclose(shown, np.asarray(field, dtype=float), atol=0.51 * 10**-decimals)
