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


# ---------------------------------------------------------------------------
# group_value: a life cycle 1 / churn_rate within rounding of a whole number
# ---------------------------------------------------------------------------


class TestGroupValueWholeLifeCycle:
    """1 / (1 / 49) is 49 only up to rounding; the textbook's T is 49 years.

    Reference: Dwyer's annuity sum_{t=1..T} (Q - C) / (1 + i)^t in exact
    fractions, with T the whole number (no partial year in any mode).
    """

    @pytest.mark.parametrize("k", [49, 93, 98, 103, 197])
    @pytest.mark.parametrize("fractional", ["prorate", "floor", "ceil"])
    def test_float_noise_is_not_a_partial_year(self, k: int, fractional: str) -> None:
        churn = 1.0 / k
        assert 1.0 / churn != k  # the case: floating-point noise around k
        got = clv.group_value(
            300.0, 100.0, discount_rate=0.05, churn_rate=churn, fractional=fractional
        )
        expected = _pv([F(200)] * k, F(1, 20))
        assert got == pytest.approx(float(expected), rel=1e-13)

    @pytest.mark.parametrize("k", [49, 98])
    def test_series_of_noisy_life_cycles(self, k: int) -> None:
        churn = pd.Series([1.0 / k, 1.0 / k], index=["gold", "iron"])
        got = clv.group_value(
            pd.Series([300.0, 150.0], index=["gold", "iron"]),
            discount_rate=0.05,
            churn_rate=churn,
            fractional="floor",
        )
        assert list(got.index) == ["gold", "iron"]
        ref = float(_pv([F(1)] * k, F(1, 20)))
        np.testing.assert_allclose(got.to_numpy(), [300.0 * ref, 150.0 * ref], rtol=1e-13)

    def test_a_real_fraction_of_a_year_is_kept(self) -> None:
        """Churn 0.3: T = 10/3, three whole years plus a third of the fourth."""
        rate = F(1, 10)
        whole = _pv([F(1)] * 3, rate)
        fourth = F(1) / (1 + rate) ** 4
        got = {
            f: clv.group_value(1.0, discount_rate=0.1, churn_rate=0.3, fractional=f)
            for f in ("prorate", "floor", "ceil")
        }
        assert got["floor"] == pytest.approx(float(whole), rel=1e-14)
        assert got["ceil"] == pytest.approx(float(whole + fourth), rel=1e-14)
        # 1 / 0.3 in floating point is 10/3 to 1e-16
        assert got["prorate"] == pytest.approx(float(whole + fourth / 3), rel=1e-14)


# ---------------------------------------------------------------------------
# dwyer_table: periods and start
# ---------------------------------------------------------------------------


def _cohort(**changes: Any) -> clv.DwyerTable:
    inputs: dict[str, Any] = {
        "customers": 1000.0,
        "retention_rate": 0.5,
        "orders_per_month": 1.0,
        "order_value": 10.0,
        "variable_cost_rate": 0.5,
        "discount_rate": 0.0,
        "periods": 2,
    }
    return clv.dwyer_table(**(inputs | changes))


class TestDwyerPeriodsAndStart:
    def test_one_period_of_scalars(self) -> None:
        t = _cohort(periods=1)
        assert t.customers.tolist() == [1000.0]
        assert t.gross_profit.tolist() == [60_000.0]

    def test_periods_agreeing_with_the_vectors(self) -> None:
        t = _cohort(retention_rate=[0.5, 0.4, 0.3], periods=3)
        assert t.customers.tolist() == [1000.0, 500.0, 200.0]

    def test_periods_disagreeing_with_the_vectors(self) -> None:
        with pytest.raises(
            ValueError,
            match=r"periods is 2 but retention_rate, order_value give 3 values \(one per year\)",
        ):
            _cohort(retention_rate=[0.5, 0.4, 0.3], order_value=[1.0, 2.0, 3.0], periods=2)

    def test_scalars_without_periods(self) -> None:
        with pytest.raises(ValueError, match="periods is needed when every per-year input"):
            _cohort(periods=None)

    @pytest.mark.parametrize("periods", [0, -1])
    def test_periods_below_one(self, periods: int) -> None:
        with pytest.raises(ValueError, match="periods"):
            _cohort(periods=periods)
        with pytest.raises(ValueError, match="periods"):
            _cohort(retention_rate=[0.5], periods=periods)

    def test_start_zero_and_one_discount_differently(self) -> None:
        now = _cohort(discount_rate=0.25, start=0)
        later = _cohort(discount_rate=0.25, start=1)
        np.testing.assert_allclose(now.discount_factor, [1.0, 0.8], rtol=1e-15)
        np.testing.assert_allclose(later.discount_factor, [0.8, 0.64], rtol=1e-15)
        assert later.start == 1

    @pytest.mark.parametrize("start", [2, 5])
    def test_start_other_than_zero_or_one(self, start: int) -> None:
        with pytest.raises(ValueError, match=f"start must be 0 or 1; got {start}"):
            _cohort(start=start)

    def test_negative_start(self) -> None:
        with pytest.raises(ValueError, match="start"):
            _cohort(start=-1)


class TestLifetimeValuePairing:
    """A DataFrame of profits pairs costs, acquisition costs and lifetimes by label."""

    index = ("ann", "bob", "cy")

    def _profit(self) -> pd.DataFrame:
        return pd.DataFrame([[300.0, 500.0], [100.0, 100.0], [200.0, 200.0]], index=self.index)

    def test_cost_frame_and_acquisition_series_in_another_order(self) -> None:
        cost = pd.DataFrame([[0.0, 50.0], [100.0, 100.0], [0.0, 0.0]], index=["bob", "ann", "cy"])
        acquisition = pd.Series([30.0, 10.0, 20.0], index=["cy", "ann", "bob"])
        got = clv.lifetime_value(
            self._profit(), cost, discount_rate=0.1, acquisition_cost=acquisition
        )
        assert got.index.tolist() == list(self.index)
        assert got.name == "clv"
        rate = F(1, 10)
        expected = [
            _pv([F(200), F(400)], rate) - 10,
            _pv([F(100), F(50)], rate) - 20,
            _pv([F(200), F(200)], rate) - 30,
        ]
        np.testing.assert_allclose(got.to_numpy(), [float(e) for e in expected], rtol=1e-13)

    def test_lifetime_series_pairs_by_label(self) -> None:
        lifetime = pd.Series([1, 2, 0], index=["bob", "ann", "cy"])
        got = clv.lifetime_value(self._profit(), 0.0, discount_rate=0.1, lifetime=lifetime)
        rate = F(1, 10)
        expected = [_pv([F(300), F(500)], rate), _pv([F(100)], rate), F(0)]
        np.testing.assert_allclose(got.to_numpy(), [float(e) for e in expected], rtol=1e-13)

    def test_mismatched_labels_are_refused(self) -> None:
        acquisition = pd.Series([1.0, 2.0, 3.0], index=["ann", "bob", "dee"])
        with pytest.raises(ValueError, match="acquisition_cost"):
            clv.lifetime_value(self._profit(), discount_rate=0.1, acquisition_cost=acquisition)
        cost = pd.DataFrame([[0.0, 0.0]] * 3, index=["ann", "bob", "eve"])
        with pytest.raises(ValueError, match="cost"):
            clv.lifetime_value(self._profit(), cost, discount_rate=0.1)

    def test_acquisition_costs_that_do_not_fit_the_customers(self) -> None:
        with pytest.raises(
            ValueError, match=r"acquisition_cost \(shape \(2,\)\) cannot be broadcast"
        ):
            clv.lifetime_value(
                [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], discount_rate=0.1, acquisition_cost=[1.0, 2.0]
            )


class TestInfiniteHorizonMessage:
    def test_scalar_message_names_both_values_without_a_position(self) -> None:
        with pytest.raises(ValueError) as err:
            clv.retention_value(100.0, retention_rate=1.0, discount_rate=0.0)
        message = str(err.value)
        assert "got retention_rate 1.0 with discount_rate 0.0;" in message
        assert "at index" not in message
        assert message.endswith("give a finite number of periods")

    def test_vector_message_gives_the_position(self) -> None:
        with pytest.raises(
            ValueError, match=r"retention_rate 1\.0 with discount_rate 0\.0 at index 1"
        ):
            clv.retention_value([100.0, 100.0], retention_rate=[0.5, 1.0], discount_rate=0.0)

    def test_matrix_message_gives_the_position(self) -> None:
        with pytest.raises(ValueError, match=r"at index \(1, 0\)"):
            clv.retention_value(
                [[1.0, 1.0], [1.0, 1.0]],
                retention_rate=[[0.5, 0.5], [1.2, 0.5]],
                discount_rate=0.1,
            )

    def test_negative_rate_boundary(self) -> None:
        """i = -0.04: r = 0.95 < 0.96 converges to r / (1 + i - r) = 95; r = 0.96 diverges."""
        got = clv.retention_value(1.0, retention_rate=0.95, discount_rate=-0.04)
        assert got == pytest.approx(95.0, rel=1e-12)
        with pytest.raises(ValueError, match=r"got retention_rate 0\.96 with discount_rate -0\.04"):
            clv.retention_value(1.0, retention_rate=0.96, discount_rate=-0.04)


# ---------------------------------------------------------------------------
# Fourth round: the Dwyer summary's layout, whole messages of the refusals
# ---------------------------------------------------------------------------


def test_dwyer_summary_decimals_follow_the_published_table() -> None:
    # The published cohort table (Dwyer 1997, the textbook's example) shows
    # order counts to 2 decimals, the discount factor to 4, order values and
    # the value per customer in currency (2 decimals, thousands separated),
    # retention as a whole percent and every money total in whole units.
    from custvalue.datasets import dwyer_example

    table = clv.dwyer_table(**dwyer_example().table_inputs())
    lines = table.summary().splitlines()[1:]
    expected = {
        "customers": 0,
        "retention rate": 0,
        "orders / customer / month": 2,
        "average order value": 2,
        "revenue": 0,
        "variable cost": 0,
        "marketing cost": 0,
        "acquisition cost": 0,
        "total cost": 0,
        "gross profit": 0,
        "discount factor": 4,
        "NPV of profit": 0,
        "cumulative NPV": 0,
        "lifetime value / customer": 2,
    }
    for line, (label, decimals) in zip(lines, expected.items(), strict=True):
        cells = line[len(label) :].split()
        assert [len(c.rstrip("%").partition(".")[2]) for c in cells] == [decimals] * 4, label
    by_label = {
        label: line[len(label) :].split() for line, label in zip(lines, expected, strict=True)
    }
    assert by_label["retention rate"] == ["65%", "70%", "75%", "80%"]
    assert by_label["discount factor"][1] == "0.9091"  # 1 / 1.1 to 4 decimals
    assert by_label["lifetime value / customer"][3] == "2,627.36"
    # the order value needs a thousands separator once it reaches 1,000
    bigger = clv.dwyer_table(**(dwyer_example().table_inputs() | {"order_value": 1250.0}))
    row = next(x for x in bigger.summary().splitlines() if x.startswith("average order value"))
    assert row.split()[-1] == "1,250.00"


def test_dwyer_table_refusals_in_full() -> None:
    with pytest.raises(ValueError, match=r"^periods must be >= 1; got 0$"):
        _cohort(retention_rate=[0.5], periods=0)
    with pytest.raises(ValueError, match=r"^periods must be >= 1; got 0$"):
        _cohort(periods=0)
    with pytest.raises(ValueError, match=r"^start must be >= 0; got -1$"):
        _cohort(start=-1)
    with pytest.raises(
        ValueError,
        match=r"^periods is needed when every per-year input is a scalar; got periods=None$",
    ):
        _cohort(periods=None)
    # one year given as a one-element vector and periods=1 agree
    one = _cohort(retention_rate=[0.5], periods=1)
    assert one.year.tolist() == [1]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: clv.annuity_value(1e308, discount_rate=-0.5, periods=10),
            "the annuity value overflows the float64 range; "
            "rescale amount, discount_rate, periods (e.g. to thousands)",
        ),
        (
            lambda: clv.present_value([1e308, 1e308, 1e308], discount_rate=0.0),
            "the present value overflows the float64 range; rescale cash_flows (e.g. to thousands)",
        ),
        (
            lambda: clv.lifetime_value([1e308, 1e308], [0.0, 0.0], discount_rate=0.0),
            "the lifetime value overflows the float64 range; "
            "rescale profit, cost, acquisition_cost (e.g. to thousands)",
        ),
        (
            lambda: clv.retention_value(1e308, retention_rate=0.999, discount_rate=0.0),
            "the retention value overflows the float64 range; "
            "rescale margin, retention_rate, discount_rate (e.g. to thousands)",
        ),
        (
            lambda: clv.dwyer_table(
                100.0,
                0.5,
                1e10,
                1e300,
                0.5,
                discount_rate=0.1,
                periods=2,
            ),
            "the cohort table overflows the float64 range; "
            "rescale customers, orders_per_month, order_value (e.g. to thousands)",
        ),
        (
            lambda: clv.group_value(1e308, 0.0, churn_rate=0.5, discount_rate=0.0),
            "the group value overflows the float64 range; "
            "rescale profit, cost, churn_rate (e.g. to thousands)",
        ),
        (
            lambda: clv.churn_loss(0.0, 1e308, -1e308),
            "the churn loss overflows the float64 range; "
            "rescale invested_cost, lifetime_value, realized_value (e.g. to thousands)",
        ),
        (
            lambda: clv.group_churn_loss(1e300, 1.0, 1e300),
            "the group churn loss overflows the float64 range; "
            "rescale n_customers, lifetime_value (e.g. to thousands)",
        ),
        (
            lambda: clv.customer_equity([1e308, 1e308]),
            "the customer equity overflows the float64 range; "
            "rescale lifetime_value, customers (e.g. to thousands)",
        ),
        (
            lambda: clv.expected_lifetime(1e-320),
            "churn_rate is too small: its life cycle 1 / churn_rate overflows the float64 "
            "range; got 1e-320",
        ),
        (
            lambda: clv.expected_lifetime([0.5, 1e-320]),
            "churn_rate is too small: its life cycle 1 / churn_rate overflows the float64 "
            "range; got 1e-320 at index 1",
        ),
    ],
)
def test_overflow_refusals_in_full(call: Callable[[], Any], message: str) -> None:
    # 1e308 summed two or three times, 1e10 orders of 1e300, 1e300 customers
    # losing 1e300 each, 1 / 1e-320: beyond the largest float64 (about
    # 1.8e308), so each is refused with its message
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value) == message


def test_present_value_of_periods_down_the_rows_is_named() -> None:
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}, index=["y1", "y2"])
    pv = clv.present_value(frame, discount_rate=1.0, axis=0)
    # column a: 1/2 + 2/4 = 1; column b: 3/2 + 4/4 = 2.5 (exact in binary)
    assert isinstance(pv, pd.Series)
    assert pv.name == "present_value"
    assert pv.index.tolist() == ["a", "b"]
    assert pv.tolist() == [1.0, 2.5]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: clv.present_value(np.array([1.0, 2.0]), discount_rate=np.array([0.1, np.inf])),
            "discount_rate must not contain NaN or infinity; got inf at index 1",
        ),
        (
            lambda: clv.annuity_value(1.0, discount_rate=np.array([np.inf, 0.1]), periods=2),
            "discount_rate must not contain NaN or infinity; got inf at index 0",
        ),
        (
            lambda: clv.retention_value(
                np.array([1.0, 2.0]),
                retention_rate=np.array([0.5, 0.6]),
                discount_rate=np.array([0.1, np.inf]),
            ),
            "discount_rate must not contain NaN or infinity; got inf at index 1",
        ),
        (
            lambda: clv.retention_value(
                1.0, retention_rate=np.array([0.5, np.inf]), discount_rate=0.1
            ),
            "retention_rate must not contain NaN or infinity; got inf at index 1",
        ),
    ],
)
def test_an_infinite_rate_in_a_float_array_is_refused(
    call: Callable[[], Any], message: str
) -> None:
    # a rate of +inf would discount every later cash flow to exactly 0 and
    # give a finite, plausible-looking value: it must be refused instead
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value) == message


def test_annuity_refuses_a_rate_of_minus_one_or_below() -> None:
    # (1 + r)^-t is undefined at r = -1 and alternates in sign below it
    with pytest.raises(ValueError, match=r"^discount_rate must be > -1; got -1$"):
        clv.annuity_value(1.0, discount_rate=-1.0, periods=2)
    with pytest.raises(ValueError, match=r"^discount_rate must be > -1; got -1.5 at index 1$"):
        clv.annuity_value(1.0, discount_rate=np.array([0.1, -1.5]), periods=2)
