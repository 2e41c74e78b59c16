"""Deterministic lifetime value: hand-computed values, published Dwyer figures, limits, errors."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from custvalue import clv
from custvalue.datasets import DwyerExample, dwyer_example

RTOL = 1e-12  # tolerance for closed forms against hand sums (floating point only)


def exact_annuity(r: float, n: int) -> float:
    """sum_{t=1..n} (1+r)^-t in exact rational arithmetic on the float r."""
    q = 1 / (1 + Fraction(r))
    return float(sum(q**t for t in range(1, n + 1)))


# ---------------------------------------------------------------------------
# annuity factor and models 1 / 2
# ---------------------------------------------------------------------------


class TestAnnuityFactor:
    def test_hand_computed(self) -> None:
        # (1 - 1.1**-5) / 0.1 = 3.790786769408448
        assert clv.annuity_factor(0.10, 5) == pytest.approx(3.790786769408448, rel=RTOL)
        assert clv.annuity_factor(0.09, 5) == pytest.approx(
            sum(1.09**-t for t in range(1, 6)), rel=RTOL
        )

    def test_one_period_and_zero_periods(self) -> None:
        assert clv.annuity_factor(0.25, 1) == pytest.approx(0.8, rel=RTOL)
        assert clv.annuity_factor(0.25, 0) == 0.0

    def test_zero_rate_is_exactly_n(self) -> None:
        out = clv.annuity_factor(0.0, np.arange(6))
        np.testing.assert_array_equal(out, np.arange(6.0))
        assert clv.annuity_factor(0.0, 7) == 7.0
        assert isinstance(clv.annuity_factor(0.0, 7), float)

    @pytest.mark.parametrize(
        "r", [1e-300, 1e-16, -1e-16, 1e-12, 1e-9, 3e-9, -3e-9, 1e-8, 1e-6, 1e-3, -0.3, 2.5]
    )
    @pytest.mark.parametrize("n", [1, 2, 10, 120])
    def test_limit_without_cancellation(self, r: float, n: int) -> None:
        # relative error near machine precision on both sides of the series switch;
        # (1 + r)^-n carries the rounding of ln(1 + r) times n, so the bound grows
        # with n |ln(1 + r)| (about 4.7e-15 at r = -0.3, n = 120)
        rel = max(4e-15, 2 * n * abs(math.log1p(r)) * 2.2e-16)
        assert clv.annuity_factor(r, n) == pytest.approx(exact_annuity(r, n), rel=rel)

    def test_negative_rate(self) -> None:
        # r = -0.5: 2 + 4 = 6
        assert clv.annuity_factor(-0.5, 2) == pytest.approx(6.0, rel=RTOL)

    def test_broadcasts(self) -> None:
        out = clv.annuity_factor(np.array([[0.0], [0.1]]), np.array([1, 2, 3]))
        assert out.shape == (2, 3)
        np.testing.assert_allclose(out[1], [1 / 1.1, 1 / 1.1 + 1 / 1.21, 2.486851990984222])
        np.testing.assert_array_equal(out[0], [1.0, 2.0, 3.0])

    def test_series_keeps_index(self) -> None:
        s = pd.Series([0.0, 0.1], index=["a", "b"], name="rate")
        out = clv.annuity_factor(s, 2)
        assert isinstance(out, pd.Series)
        assert list(out.index) == ["a", "b"]
        assert out["a"] == 2.0

    @given(
        st.floats(-0.9, 5.0),
        st.floats(-0.9, 5.0),
        st.integers(1, 60),
    )
    def test_decreasing_in_rate(self, r1: float, r2: float, n: int) -> None:
        assume(r1 < r2)
        assert clv.annuity_factor(r1, n) >= clv.annuity_factor(r2, n)

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            (
                {"discount_rate": -1.5, "periods": 3},
                ValueError,
                r"^discount_rate must be > -1; got -1.5$",
            ),
            (
                {"discount_rate": -1.0, "periods": 3},
                ValueError,
                r"discount_rate must be > -1; got -1",
            ),
            ({"discount_rate": [0.1, -2.0], "periods": 3}, ValueError, r"> -1; got -2 at index 1"),
            ({"discount_rate": 0.1, "periods": -1}, ValueError, r"periods must be >= 0; got -1"),
            (
                {"discount_rate": 0.1, "periods": 2.5},
                ValueError,
                r"periods must contain whole numbers; got 2.5",
            ),
            (
                {"discount_rate": np.nan, "periods": 2},
                ValueError,
                r"discount_rate must not contain NaN",
            ),
            (
                {"discount_rate": 0.1, "periods": np.inf},
                ValueError,
                r"periods must not contain NaN or infinity",
            ),
            ({"discount_rate": "a", "periods": 2}, TypeError, r"discount_rate must be numeric"),
            (
                {"discount_rate": [0.1, 0.2], "periods": [1, 2, 3]},
                ValueError,
                r"cannot be broadcast",
            ),
            ({"discount_rate": -0.99, "periods": 1e6}, ValueError, r"annuity factor overflows"),
        ],
    )
    def test_errors(self, kwargs: dict[str, object], error: type, message: str) -> None:
        with pytest.raises(error, match=message):
            clv.annuity_factor(**kwargs)  # type: ignore[arg-type]


class TestAnnuityValue:
    def test_readme_example(self) -> None:
        assert round(clv.annuity_value(1000.0, discount_rate=0.10, periods=5), 2) == 3790.79

    def test_model_1_revenue_and_model_2_profit(self) -> None:
        # I = 1000, r = 10%, n = 5: 1000/1.1 + 1000/1.21 + ... = 3790.7868
        hand = sum(1000.0 / 1.1**t for t in range(1, 6))
        assert clv.annuity_value(1000.0, discount_rate=0.10, periods=5) == pytest.approx(
            hand, rel=RTOL
        )
        assert clv.annuity_value(250.0, discount_rate=0.10, periods=5) == pytest.approx(
            hand / 4, rel=RTOL
        )

    def test_zero_rate_gives_amount_times_n(self) -> None:
        assert clv.annuity_value(1000.0, discount_rate=0.0, periods=5) == 5000.0

    def test_vectorised_and_series(self) -> None:
        out = clv.annuity_value([100.0, 200.0], discount_rate=0.1, periods=[1, 2])
        np.testing.assert_allclose(out, [100 / 1.1, 200 / 1.1 + 200 / 1.21], rtol=RTOL)
        s = pd.Series([100.0, -50.0], index=[10, 20])
        res = clv.annuity_value(s, discount_rate=0.1, periods=1)
        assert list(res.index) == [10, 20]
        np.testing.assert_allclose(res.to_numpy(), [100 / 1.1, -50 / 1.1])

    def test_amount_errors(self) -> None:
        with pytest.raises(ValueError, match="amount must not contain NaN or infinity; got nan"):
            clv.annuity_value(np.nan, discount_rate=0.1, periods=2)
        with pytest.raises(TypeError, match="amount must be numeric, not boolean"):
            clv.annuity_value(True, discount_rate=0.1, periods=2)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# present value and the four-step CLV
# ---------------------------------------------------------------------------


class TestPresentValue:
    def test_hand_computed(self) -> None:
        pv = clv.present_value([100.0, 200.0, 300.0], discount_rate=0.10)
        assert pv == pytest.approx(100 / 1.1 + 200 / 1.21 + 300 / 1.331, rel=RTOL)
        assert isinstance(pv, float)

    def test_start_zero(self) -> None:
        pv = clv.present_value([100.0, 200.0], discount_rate=0.10, start=0)
        assert pv == pytest.approx(100 + 200 / 1.1, rel=RTOL)

    def test_start_two(self) -> None:
        pv = clv.present_value([100.0], discount_rate=0.10, start=2)
        assert pv == pytest.approx(100 / 1.21, rel=RTOL)

    def test_per_period_rates(self) -> None:
        pv = clv.present_value([100.0, 100.0, 100.0], discount_rate=[0.1, 0.2, 0.05])
        hand = 100 / 1.1 + 100 / (1.1 * 1.2) + 100 / (1.1 * 1.2 * 1.05)
        assert pv == pytest.approx(hand, rel=RTOL)
        pv0 = clv.present_value([100.0, 100.0, 100.0], discount_rate=[0.1, 0.2, 0.05], start=0)
        assert pv0 == pytest.approx(100 + 100 / 1.1 + 100 / (1.1 * 1.2), rel=RTOL)

    def test_constant_rate_vector_equals_scalar(self) -> None:
        cf = np.array([10.0, -3.0, 7.0, 1.0])
        assert clv.present_value(cf, discount_rate=[0.07] * 4) == pytest.approx(
            clv.present_value(cf, discount_rate=0.07), rel=1e-14
        )

    def test_customers_by_periods(self) -> None:
        cf = np.array([[100.0, 100.0], [50.0, 200.0], [0.0, 0.0]])
        out = clv.present_value(cf, discount_rate=0.10)
        np.testing.assert_allclose(
            out, [100 / 1.1 + 100 / 1.21, 50 / 1.1 + 200 / 1.21, 0.0], rtol=RTOL
        )
        out0 = clv.present_value(cf.T, discount_rate=0.10, axis=0)
        np.testing.assert_allclose(out0, out, rtol=RTOL)

    def test_three_dimensional(self) -> None:
        cf = np.arange(24.0).reshape(2, 3, 4)
        out = clv.present_value(cf, discount_rate=0.05)
        assert out.shape == (2, 3)
        assert out[1, 2] == pytest.approx(sum(cf[1, 2, k] / 1.05 ** (k + 1) for k in range(4)))

    def test_dataframe_gives_series_with_index(self) -> None:
        df = pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], index=["x", "y"], columns=[1, 2])
        out = clv.present_value(df, discount_rate=0.1)
        assert isinstance(out, pd.Series)
        assert list(out.index) == ["x", "y"]
        assert out["y"] == pytest.approx(3 / 1.1 + 4 / 1.21, rel=RTOL)
        # periods down the rows: one value per column, indexed by the columns
        by_column = clv.present_value(df, discount_rate=0.1, axis=0)
        assert isinstance(by_column, pd.Series)
        assert list(by_column.index) == [1, 2]
        assert by_column[2] == pytest.approx(2 / 1.1 + 4 / 1.21, rel=RTOL)

    def test_does_not_modify_input(self) -> None:
        cf = np.array([[1.0, 2.0], [3.0, 4.0]])
        before = cf.copy()
        clv.present_value(cf, discount_rate=0.1)
        np.testing.assert_array_equal(cf, before)

    @given(
        st.floats(-1e6, 1e6),
        st.floats(-0.5, 2.0),
        st.integers(1, 40),
    )
    def test_constant_stream_equals_annuity_value(self, amount: float, r: float, n: int) -> None:
        pv = clv.present_value(np.full(n, amount), discount_rate=r)
        av = clv.annuity_value(amount, discount_rate=r, periods=n)
        assert pv == pytest.approx(av, rel=1e-11, abs=1e-9)

    @pytest.mark.parametrize(
        ("args", "kwargs", "error", "message"),
        [
            (
                [5.0],
                {"discount_rate": 0.1},
                ValueError,
                r"cash_flows must have at least 1 dimension",
            ),
            ([np.array(5.0)], {"discount_rate": 0.1}, ValueError, r"at least 1 dimension"),
            ([[]], {"discount_rate": 0.1}, ValueError, r"cash_flows must not be empty"),
            ([np.array([])], {"discount_rate": 0.1}, ValueError, r"cash_flows must not be empty"),
            (
                [[1.0, np.nan]],
                {"discount_rate": 0.1},
                ValueError,
                r"cash_flows must not contain NaN or infinity; got nan at index 1$",
            ),
            (
                [np.array([[1.0, 2.0], [np.inf, 1.0]])],
                {"discount_rate": 0.1},
                ValueError,
                r"got inf at index \(1, 0\)",
            ),
            (
                [np.array([1e308, 1e308])],
                {"discount_rate": 0.0},
                ValueError,
                r"present value overflows",
            ),
            ([["a", "b"]], {"discount_rate": 0.1}, TypeError, r"cash_flows must be numeric"),
            (
                [[1.0, 2.0]],
                {"discount_rate": -1.5},
                ValueError,
                r"^discount_rate must be > -1; got -1.5$",
            ),
            (
                [[1.0, 2.0]],
                {"discount_rate": [0.1, 0.2, 0.3]},
                ValueError,
                r"discount_rate has 3 per-period rates but cash_flows has 2 periods",
            ),
            (
                [[1.0, 2.0]],
                {"discount_rate": [[0.1, 0.2]]},
                ValueError,
                r"discount_rate must be 0-D or 1-D",
            ),
            (
                [[1.0, 2.0]],
                {"discount_rate": [0.1, 0.2], "start": 2},
                ValueError,
                r"start must be 0 or 1 when discount_rate is a per-period vector; got 2",
            ),
            (
                [[1.0, 2.0]],
                {"discount_rate": 0.1, "start": -1},
                ValueError,
                r"start must be >= 0; got -1",
            ),
            (
                [[1.0, 2.0]],
                {"discount_rate": 0.1, "start": 0.5},
                ValueError,
                r"start must be a whole number",
            ),
            (
                [[1.0, 2.0]],
                {"discount_rate": 0.1, "axis": 1},
                ValueError,
                r"axis must be in \[-1, 1\); got 1",
            ),
            (
                [[1.0, 2.0]],
                {"discount_rate": 0.1, "axis": -2},
                ValueError,
                r"axis must be >= -1; got -2",
            ),
            ([[1.0] * 2000], {"discount_rate": -0.9}, ValueError, r"discount factor overflows"),
        ],
    )
    def test_errors(
        self, args: list[object], kwargs: dict[str, object], error: type, message: str
    ) -> None:
        with pytest.raises(error, match=message):
            clv.present_value(*args, **kwargs)  # type: ignore[arg-type]


class TestLifetimeValue:
    def test_four_steps_by_hand(self) -> None:
        # Q = 300, 400, 500; C = 100 a year; i = 8%; C0 = 200
        hand = 200 / 1.08 + 300 / 1.08**2 + 400 / 1.08**3 - 200
        v = clv.lifetime_value(
            [300.0, 400.0, 500.0], 100.0, discount_rate=0.08, acquisition_cost=200.0
        )
        assert v == pytest.approx(hand, rel=RTOL)
        assert v == pytest.approx(559.9197276837881, rel=RTOL)

    def test_yearly_cost_vector(self) -> None:
        v = clv.lifetime_value([300.0, 400.0], [50.0, 150.0], discount_rate=0.1)
        assert v == pytest.approx(250 / 1.1 + 250 / 1.21, rel=RTOL)

    def test_textbook_five_year_example(self) -> None:
        # Section 1.8: N = 5, C0 = 400, first purchase 2000, +500 a year, i = 9%.
        # Convention: acquisition and first purchase at t = 0, increments at t = 1..5:
        # -400 + 2000 + 500 * a(5, 9%) = 1600 + 500 * 3.889651... = 3544.83
        v = clv.lifetime_value(
            [2000.0, 500.0, 500.0, 500.0, 500.0, 500.0],
            discount_rate=0.09,
            acquisition_cost=400.0,
            start=0,
        )
        assert v == pytest.approx(1600 + 500 * 3.889651263, rel=1e-9)
        assert round(v, 2) == 3544.83

    def test_customers_by_years_and_lifetime(self) -> None:
        profit = np.array([[300.0, 400.0, 500.0], [300.0, 400.0, 500.0], [10.0, 10.0, 10.0]])
        out = clv.lifetime_value(
            profit,
            100.0,
            discount_rate=0.08,
            acquisition_cost=[200.0, 200.0, 0.0],
            lifetime=[3, 2, 0],
        )
        np.testing.assert_allclose(
            out,
            [559.9197276837881, 200 / 1.08 + 300 / 1.08**2 - 200, 0.0],
            rtol=RTOL,
        )

    def test_lifetime_equals_padding(self) -> None:
        profit = np.array([[5.0, 6.0, 7.0, 8.0]])
        padded = np.array([[5.0, 6.0, 0.0, 0.0]])
        assert clv.lifetime_value(profit, discount_rate=0.1, lifetime=2)[0] == pytest.approx(
            clv.lifetime_value(padded, discount_rate=0.1)[0], rel=RTOL
        )

    def test_per_year_rates_and_start(self) -> None:
        v = clv.lifetime_value([110.0, 132.0], discount_rate=[0.1, 0.2])
        assert v == pytest.approx(200.0, rel=RTOL)

    def test_dataframe_gives_series(self) -> None:
        df = pd.DataFrame({"y1": [100.0, 50.0], "y2": [100.0, 50.0]}, index=["ann", "bob"])
        out = clv.lifetime_value(df, 20.0, discount_rate=0.0, acquisition_cost=10.0)
        assert isinstance(out, pd.Series)
        assert out.to_dict() == {"ann": 150.0, "bob": 50.0}

    def test_zero_rate_sums(self) -> None:
        assert clv.lifetime_value([1.0, 2.0, 3.0], discount_rate=0.0) == 6.0

    @pytest.mark.parametrize(
        ("args", "kwargs", "message"),
        [
            ([100.0], {"discount_rate": 0.1}, r"profit must have at least 1 dimension"),
            (
                [[1.0, 2.0], [1.0, 2.0, 3.0]],
                {"discount_rate": 0.1},
                r"cost \(shape \(3,\)\) cannot be broadcast against profit \(shape \(2,\)\)",
            ),
            (
                [[1.0, 2.0]],
                {"discount_rate": 0.1, "acquisition_cost": -5.0},
                r"acquisition_cost must be >= 0; got -5",
            ),
            (
                [[1.0, 2.0]],
                {"discount_rate": 0.1, "lifetime": 3},
                r"lifetime must be in \[0, 2\]; got 3",
            ),
            (
                [[1.0, 2.0]],
                {"discount_rate": 0.1, "lifetime": 1.5},
                r"lifetime must contain whole numbers; got 1.5",
            ),
            (
                [[1.0, 2.0]],
                {"discount_rate": 0.1, "lifetime": -1},
                r"lifetime must be >= 0; got -1",
            ),
            (
                [[[1.0, 2.0]]],
                {"discount_rate": 0.1, "lifetime": [1, 2]},
                r"lifetime \(shape \(2,\)\) cannot be broadcast to the customers of "
                r"profit \(shape \(1,\)\)",
            ),
            (
                [[1.0, np.nan]],
                {"discount_rate": 0.1},
                r"profit must not contain NaN or infinity; got nan at index 1",
            ),
            (
                [[1.0, 2.0], [np.inf, 1.0]],
                {"discount_rate": 0.1},
                r"cost must not contain NaN or infinity; got inf at index 0",
            ),
            (
                [[1.0, 2.0]],
                {"discount_rate": [0.1]},
                r"discount_rate has 1 per-period rates but profit has 2 periods",
            ),
            ([[1e308, 1e308]], {"discount_rate": 0.0}, r"lifetime value overflows"),
        ],
    )
    def test_errors(self, args: list[object], kwargs: dict[str, object], message: str) -> None:
        with pytest.raises(ValueError, match=message):
            clv.lifetime_value(*args, **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# life cycle and retention-based CLV
# ---------------------------------------------------------------------------


class TestExpectedLifetime:
    def test_readme_example(self) -> None:
        np.testing.assert_array_equal(clv.expected_lifetime(np.array([0.20, 0.25])), [5.0, 4.0])

    def test_limits(self) -> None:
        assert clv.expected_lifetime(1.0) == 1.0
        assert clv.expected_lifetime(0.0) == math.inf
        assert clv.expected_lifetime(0.125) == 8.0

    def test_series(self) -> None:
        s = pd.Series([0.5, 0.0], index=["a", "b"])
        out = clv.expected_lifetime(s)
        assert out.to_dict() == {"a": 2.0, "b": math.inf}

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (-0.1, r"^churn_rate must be in \[0, 1\]; got -0.1$"),
            ([0.1, 0.2, 0.3, 1.5], r"churn_rate must be in \[0, 1\]; got 1.5 at index 3"),
            (
                np.array([0.1, np.nan]),
                r"churn_rate must not contain NaN or infinity; got nan at index 1",
            ),
        ],
    )
    def test_errors(self, value: object, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            clv.expected_lifetime(value)  # type: ignore[arg-type]


class TestRetentionValue:
    def test_infinite_horizon_closed_forms(self) -> None:
        # m r / (1 + i - r) = 100 * 0.8 / 0.32 = 250; m (1 + i) / (1 + i - r) = 350
        assert clv.retention_value(100.0, retention_rate=0.8, discount_rate=0.12) == pytest.approx(
            250.0, rel=RTOL
        )
        assert clv.retention_value(
            100.0, retention_rate=0.8, discount_rate=0.12, timing="begin"
        ) == pytest.approx(350.0, rel=RTOL)

    def test_finite_horizon_by_hand(self) -> None:
        q = 0.8 / 1.12
        end = clv.retention_value(100.0, retention_rate=0.8, discount_rate=0.12, periods=3)
        begin = clv.retention_value(
            100.0, retention_rate=0.8, discount_rate=0.12, periods=3, timing="begin"
        )
        assert end == pytest.approx(100 * (q + q**2 + q**3), rel=RTOL)
        assert begin == pytest.approx(100 * (1 + q + q**2), rel=RTOL)

    def test_one_period(self) -> None:
        assert clv.retention_value(
            100.0, retention_rate=0.5, discount_rate=0.25, periods=1
        ) == pytest.approx(40.0, rel=RTOL)
        assert (
            clv.retention_value(
                100.0, retention_rate=0.5, discount_rate=0.25, periods=1, timing="begin"
            )
            == 100.0
        )

    def test_zero_periods_and_zero_retention(self) -> None:
        assert clv.retention_value(100.0, retention_rate=0.5, discount_rate=0.1, periods=0) == 0.0
        assert (
            clv.retention_value(
                100.0, retention_rate=0.5, discount_rate=0.1, periods=0, timing="begin"
            )
            == 0.0
        )
        assert clv.retention_value(100.0, retention_rate=0.0, discount_rate=0.1) == 0.0
        assert clv.retention_value(
            100.0, retention_rate=0.0, discount_rate=0.1, timing="begin"
        ) == pytest.approx(100.0)
        assert clv.retention_value(100.0, retention_rate=0.0, discount_rate=0.1, periods=4) == 0.0
        assert (
            clv.retention_value(
                100.0, retention_rate=0.0, discount_rate=0.1, periods=4, timing="begin"
            )
            == 100.0
        )

    def test_full_retention_is_the_annuity(self) -> None:
        # r = 1: the loyal customer of models 1 and 2
        v = clv.retention_value(100.0, retention_rate=1.0, discount_rate=0.1, periods=5)
        assert v == pytest.approx(clv.annuity_value(100.0, discount_rate=0.1, periods=5), rel=RTOL)
        # r = 1, i = 0: n margins (the limit q -> 1)
        assert clv.retention_value(
            100.0, retention_rate=1.0, discount_rate=0.0, periods=5
        ) == pytest.approx(500.0, rel=RTOL)

    def test_near_one_ratio_is_accurate(self) -> None:
        # q = r / (1 + i) within 1e-12 of 1: n margins minus a tiny correction
        r, i, n = 1.0 - 1e-12, 0.0, 10
        exact = float(sum((Fraction(r) / (1 + Fraction(i))) ** t for t in range(1, n + 1)))
        v = clv.retention_value(1.0, retention_rate=r, discount_rate=i, periods=n)
        assert v == pytest.approx(exact, rel=1e-14)

    def test_long_finite_horizon_converges(self) -> None:
        v = clv.retention_value(100.0, retention_rate=0.8, discount_rate=0.12, periods=500)
        assert v == pytest.approx(250.0, rel=1e-12)

    def test_vectorised_and_series(self) -> None:
        m = np.array([100.0, 200.0, 50.0])
        r = np.array([0.8, 0.5, 0.9])
        out = clv.retention_value(m, retention_rate=r, discount_rate=0.1)
        np.testing.assert_allclose(out, m * r / (1.1 - r), rtol=RTOL)
        s = pd.Series(m, index=list("abc"))
        res = clv.retention_value(s, retention_rate=r, discount_rate=0.1)
        assert list(res.index) == list("abc")
        # broadcast to a grid: margins x rates
        grid = clv.retention_value(m[:, None], retention_rate=r, discount_rate=0.1)
        assert grid.shape == (3, 3)
        np.testing.assert_allclose(grid, m[:, None] * r / (1.1 - r), rtol=RTOL)
        # periods as an array
        fin = clv.retention_value(100.0, retention_rate=0.5, discount_rate=0.0, periods=[1, 2, 3])
        np.testing.assert_allclose(fin, [50.0, 75.0, 87.5], rtol=RTOL)

    def test_inputs_untouched(self) -> None:
        m = np.array([100.0, 200.0])
        r = np.array([0.8, 0.5])
        clv.retention_value(m, retention_rate=r, discount_rate=np.array([0.1, 0.2]))
        np.testing.assert_array_equal(m, [100.0, 200.0])
        np.testing.assert_array_equal(r, [0.8, 0.5])

    @given(
        st.floats(0.01, 1e4),
        st.floats(0.0, 0.99),
        st.floats(0.0, 0.99),
        st.floats(0.01, 1.0),
        st.one_of(st.none(), st.integers(1, 50)),
        st.sampled_from(["end", "begin"]),
    )
    def test_monotone(
        self, m: float, r1: float, r2: float, i: float, n: int | None, timing: str
    ) -> None:
        lo, hi = sorted((r1, r2))
        v_lo = clv.retention_value(m, retention_rate=lo, discount_rate=i, periods=n, timing=timing)  # type: ignore[arg-type]
        v_hi = clv.retention_value(m, retention_rate=hi, discount_rate=i, periods=n, timing=timing)  # type: ignore[arg-type]
        assert v_hi >= v_lo * (1 - 1e-12)  # increases with retention
        assert (
            clv.retention_value(2 * m, retention_rate=lo, discount_rate=i, periods=n, timing=timing)
            >= v_lo
        )  # type: ignore[arg-type]
        v_more_discount = clv.retention_value(
            m, retention_rate=hi, discount_rate=i + 0.05, periods=n, timing=timing
        )  # type: ignore[arg-type]
        assert v_more_discount <= v_hi * (1 + 1e-12)  # decreases with the discount rate

    @given(st.floats(0.0, 1.0), st.floats(0.001, 1.0), st.integers(1, 80))
    def test_finite_sum_matches_direct_sum(self, r: float, i: float, n: int) -> None:
        direct = math.fsum((r / (1 + i)) ** t for t in range(1, n + 1))
        v = clv.retention_value(1.0, retention_rate=r, discount_rate=i, periods=n)
        assert v == pytest.approx(direct, rel=1e-12, abs=1e-300)

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            (
                {"retention_rate": 1.2, "discount_rate": 0.1},
                ValueError,
                r"^retention_rate must be in \[0, 1\]; got 1.2$",
            ),
            (
                {"retention_rate": [0.5, -0.1], "discount_rate": 0.1},
                ValueError,
                r"retention_rate must be in \[0, 1\]; got -0.1 at index 1",
            ),
            (
                {"retention_rate": 0.5, "discount_rate": -1.5},
                ValueError,
                r"^discount_rate must be > -1; got -1.5$",
            ),
            (
                {"retention_rate": 1.0, "discount_rate": 0.0},
                ValueError,
                r"retention_rate must be < 1 \+ discount_rate for an infinite horizon",
            ),
            (
                {"retention_rate": [0.5, 0.9], "discount_rate": [0.1, -0.2]},
                ValueError,
                r"got retention_rate 0.9 with discount_rate -0.2 at index 1",
            ),
            (
                {"retention_rate": 0.5, "discount_rate": 0.1, "periods": -1},
                ValueError,
                r"periods must be >= 0; got -1",
            ),
            (
                {"retention_rate": 0.5, "discount_rate": 0.1, "periods": 1.5},
                ValueError,
                r"periods must contain whole numbers; got 1.5",
            ),
            (
                {"retention_rate": 0.5, "discount_rate": 0.1, "timing": "middle"},
                ValueError,
                r"timing must be one of 'end', 'begin'; got 'middle'",
            ),
            (
                {"retention_rate": 0.5, "discount_rate": 0.1, "timing": 1},
                TypeError,
                r"timing must be one of",
            ),
            (
                {"retention_rate": [0.5, 0.6, 0.7], "discount_rate": [0.1, 0.2]},
                ValueError,
                r"cannot be broadcast",
            ),
        ],
    )
    def test_errors(self, kwargs: dict[str, object], error: type, message: str) -> None:
        with pytest.raises(error, match=message):
            clv.retention_value(100.0, **kwargs)  # type: ignore[arg-type]

    def test_margin_errors(self) -> None:
        with pytest.raises(
            ValueError, match=r"margin must not contain NaN or infinity; got inf at index 1"
        ):
            clv.retention_value(np.array([1.0, np.inf]), retention_rate=0.5, discount_rate=0.1)
        with pytest.raises(ValueError, match=r"margin must not contain NaN or infinity; got nan"):
            clv.retention_value([np.nan], retention_rate=0.5, discount_rate=0.1, periods=3)
        with pytest.raises(
            ValueError,
            match=r"retention_rate \(shape \(3,\)\) cannot be broadcast against "
            r"margin \(shape \(2,\)\)",
        ):
            clv.retention_value([1.0, 2.0], retention_rate=[0.1, 0.2, 0.3], discount_rate=0.1)
        with pytest.raises(ValueError, match="retention value overflows"):
            clv.retention_value(np.array([1e308]), retention_rate=0.99, discount_rate=0.0)


# ---------------------------------------------------------------------------
# group value (Dwyer, annuity form) and the Dwyer cohort table
# ---------------------------------------------------------------------------


class TestGroupValue:
    def test_whole_life_cycle(self) -> None:
        # churn 20% -> T = 5; (500,000 - 200,000) * a(5, 10%) = 300,000 * 3.790787
        v = clv.group_value(500_000.0, 200_000.0, discount_rate=0.10, churn_rate=0.20)
        assert v == pytest.approx(300_000 * 3.790786769408448, rel=RTOL)
        for how in ("floor", "ceil"):
            assert clv.group_value(
                500_000.0,
                200_000.0,
                discount_rate=0.10,
                churn_rate=0.20,
                fractional=how,  # type: ignore[arg-type]
            ) == pytest.approx(v, rel=RTOL)

    def test_fractional_life_cycle(self) -> None:
        # churn 30% -> T = 3 1/3 years
        a3 = 1 / 1.1 + 1 / 1.21 + 1 / 1.331
        floor = clv.group_value(300.0, discount_rate=0.10, churn_rate=0.30, fractional="floor")
        prorate = clv.group_value(300.0, discount_rate=0.10, churn_rate=0.30)
        ceil = clv.group_value(300.0, discount_rate=0.10, churn_rate=0.30, fractional="ceil")
        assert floor == pytest.approx(300 * a3, rel=RTOL)
        assert prorate == pytest.approx(300 * a3 + 100 / 1.1**4, rel=1e-12)
        assert ceil == pytest.approx(300 * (a3 + 1 / 1.1**4), rel=RTOL)

    def test_floating_point_life_cycles_snap(self) -> None:
        # 1 / 0.1 is 10 years, even where 1 / r is not exactly whole in floating point
        for churn, years in ((0.1, 10), (1 / 3, 3), (1 / 7, 7), (0.05, 20)):
            for how in ("floor", "prorate", "ceil"):
                assert clv.group_value(
                    1.0,
                    discount_rate=0.0,
                    churn_rate=churn,
                    fractional=how,  # type: ignore[arg-type]
                ) == pytest.approx(years, rel=1e-12)

    def test_churn_one_is_one_year(self) -> None:
        assert clv.group_value(110.0, 10.0, discount_rate=0.25, churn_rate=1.0) == pytest.approx(
            80.0
        )

    def test_zero_discount_counts_years(self) -> None:
        v = clv.group_value(100.0, discount_rate=0.0, churn_rate=np.array([0.25, 0.4]))
        np.testing.assert_allclose(v, [400.0, 250.0], rtol=RTOL)

    def test_series(self) -> None:
        s = pd.Series([0.25, 0.5], index=["gold", "silver"])
        out = clv.group_value(100.0, discount_rate=0.0, churn_rate=s)
        assert out.to_dict() == pytest.approx({"gold": 400.0, "silver": 200.0})

    @given(st.floats(0.01, 1.0), st.floats(0.0, 0.5), st.floats(1.0, 1e6))
    def test_fractional_options_are_ordered(self, churn: float, i: float, q: float) -> None:
        f, p, c = (
            clv.group_value(q, discount_rate=i, churn_rate=churn, fractional=h)  # type: ignore[arg-type]
            for h in ("floor", "prorate", "ceil")
        )
        assert f <= p * (1 + 1e-12)
        assert p <= c * (1 + 1e-12)

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            (
                {"discount_rate": 0.1, "churn_rate": [0.1, 0.2, 0.3, 0.0]},
                ValueError,
                r"^churn_rate must be in \(0, 1\]; got 0 at index 3$",
            ),
            (
                {"discount_rate": 0.1, "churn_rate": 1.5},
                ValueError,
                r"churn_rate must be in \(0, 1\]; got 1.5",
            ),
            (
                {"discount_rate": -1.5, "churn_rate": 0.2},
                ValueError,
                r"^discount_rate must be > -1; got -1.5$",
            ),
            (
                {"discount_rate": 0.1, "churn_rate": 0.2, "fractional": "round"},
                ValueError,
                r"fractional must be one of 'prorate', 'floor', 'ceil'; got 'round'",
            ),
            (
                {"discount_rate": 0.1, "churn_rate": [0.2, 0.3, 0.4]},
                ValueError,
                r"cannot be broadcast",
            ),
        ],
    )
    def test_errors(self, kwargs: dict[str, object], error: type, message: str) -> None:
        with pytest.raises(error, match=message):
            clv.group_value([1.0, 2.0], **kwargs)  # type: ignore[arg-type]


class TestDwyerTable:
    @pytest.fixture
    def table(self) -> clv.DwyerTable:
        return clv.dwyer_table(**dwyer_example().table_inputs())

    def test_published_figures(self, table: clv.DwyerTable) -> None:
        # MBA智库百科 'DWYER方法' (after Dwyer 1989): 20,000 -> 13,000 -> 9,100 -> 6,825
        # customers; revenue CNY 78,000,000 in year 1 (650 x 0.5 x 12 x 20,000) and
        # CNY 52,416,000 in year 4; variable cost 75% of revenue in year 1. Exact.
        assert table.customers.tolist() == [20_000.0, 13_000.0, 9_100.0, 6_825.0]
        assert table.revenue[0] == 78_000_000.0
        assert table.revenue[3] == 52_416_000.0
        assert table.variable_cost[0] == 0.75 * 78_000_000.0 == 58_500_000.0
        assert table.retention_rate[0] == 0.65
        pub = dwyer_example().published
        assert tuple(table.customers) == pub["customers"]
        assert table.revenue[0] == pub["revenue"][1]
        assert table.revenue[3] == pub["revenue"][4]

    def test_rows_by_hand(self, table: clv.DwyerTable) -> None:
        # year 2 with the example's inputs (years 2-3 of frequency / value assumed):
        # 13,000 x 0.6 x 12 x 700 = 65,520,000; cost 72% + 100 x 13,000
        assert table.revenue[1] == pytest.approx(65_520_000.0, rel=RTOL)
        assert table.variable_cost[1] == pytest.approx(0.72 * 65_520_000.0, rel=RTOL)
        assert table.marketing_cost.tolist() == pytest.approx(
            [2_000_000, 1_300_000, 910_000, 682_500]
        )
        assert table.acquisition_cost.tolist() == [6_000_000.0, 0.0, 0.0, 0.0]
        np.testing.assert_allclose(
            table.total_cost, table.variable_cost + table.marketing_cost + table.acquisition_cost
        )
        np.testing.assert_allclose(table.gross_profit, table.revenue - table.total_cost)
        # published layout: year y discounted by (1 + i)^(y - 1)
        np.testing.assert_allclose(table.discount_factor, 1.1 ** -np.arange(4.0), rtol=RTOL)
        np.testing.assert_allclose(table.npv, table.gross_profit * table.discount_factor, rtol=RTOL)
        np.testing.assert_allclose(table.cumulative_npv, np.cumsum(table.npv), rtol=RTOL)
        np.testing.assert_allclose(table.lifetime_value, table.cumulative_npv / 20_000, rtol=RTOL)
        assert table.year.tolist() == [1, 2, 3, 4]
        assert table.value_per_customer == pytest.approx(table.lifetime_value[-1])
        assert table.total_npv == pytest.approx(table.cumulative_npv[-1])

    def test_illustrative_table_by_hand(self, table: clv.DwyerTable) -> None:
        # gross profit = revenue x (1 - variable-cost rate) - 100 x customers
        # - 300 x 20,000 in year 1: 78e6 x 0.25 - 2e6 - 6e6 = 11,500,000;
        # 65.52e6 x 0.28 - 1.3e6 = 17,045,600; 57.33e6 x 0.30 - 0.91e6 = 16,289,000;
        # 52.416e6 x 0.32 - 0.6825e6 = 16,090,620
        np.testing.assert_allclose(
            table.gross_profit, [11_500_000, 17_045_600, 16_289_000, 16_090_620], rtol=1e-13
        )
        # NPV with (1.1)^-(y-1): 11,500,000 + 15,496,000 + 16,289,000 / 1.21
        # + 16,090,620 / 1.331 = 52,547,104.4328 (exact rational arithmetic)
        assert table.total_npv == pytest.approx(52_547_104.432757325, rel=1e-13)
        # per original customer: / 20,000
        np.testing.assert_allclose(
            table.lifetime_value,
            [575.0, 1_349.8, 2_022.899173553719, 2_627.355221637866],
            rtol=1e-13,
        )

    def test_value_equals_lifetime_value_of_profits(self, table: clv.DwyerTable) -> None:
        v = clv.lifetime_value(np.asarray(table.gross_profit) / 20_000, discount_rate=0.10, start=0)
        assert v == pytest.approx(table.value_per_customer, rel=RTOL)

    def test_start_one_is_end_of_year(self) -> None:
        t = clv.dwyer_table(**dwyer_example().table_inputs(), start=1)
        np.testing.assert_allclose(t.discount_factor, 1.1 ** -np.arange(1.0, 5.0), rtol=RTOL)

    def test_per_year_discount_rate(self) -> None:
        inputs = dwyer_example().table_inputs() | {"discount_rate": [0.1, 0.2, 0.3, 0.4]}
        t = clv.dwyer_table(**inputs)
        np.testing.assert_allclose(t.discount_factor, [1, 1 / 1.1, 1 / 1.32, 1 / 1.716], rtol=RTOL)

    def test_scalars_need_periods(self) -> None:
        t = clv.dwyer_table(
            customers=1000,
            retention_rate=0.5,
            orders_per_month=1.0,
            order_value=10.0,
            variable_cost_rate=0.5,
            discount_rate=0.0,
            periods=3,
        )
        assert t.customers.tolist() == [1000.0, 500.0, 250.0]
        assert t.revenue.tolist() == [120_000.0, 60_000.0, 30_000.0]
        assert t.value_per_customer == pytest.approx(105.0)

    def test_one_year(self) -> None:
        t = clv.dwyer_table(
            customers=10,
            retention_rate=[0.5],
            orders_per_month=1.0,
            order_value=1.0,
            variable_cost_rate=0.0,
            acquisition_cost_per_customer=2.0,
            discount_rate=0.1,
        )
        assert t.gross_profit.tolist() == [100.0]
        assert t.value_per_customer == 10.0

    def test_frozen_and_serialisable(self, table: clv.DwyerTable) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            table.start = 1  # type: ignore[misc]
        with pytest.raises(ValueError, match="read-only"):
            table.customers[0] = 1.0
        d = table.to_dict()
        json.dumps(d)
        assert d["customers"] == [20000.0, 13000.0, 9100.0, 6825.0]

    def test_to_frame_and_summary(self, table: clv.DwyerTable) -> None:
        frame = table.to_frame()
        assert frame.index.name == "year"
        assert list(frame.index) == [1, 2, 3, 4]
        assert list(frame.columns) == [
            "customers",
            "retention_rate",
            "orders_per_month",
            "order_value",
            "revenue",
            "variable_cost",
            "marketing_cost",
            "acquisition_cost",
            "total_cost",
            "gross_profit",
            "discount_factor",
            "npv",
            "cumulative_npv",
            "lifetime_value",
        ]
        assert frame.loc[4, "revenue"] == 52_416_000.0
        text = table.summary()
        for figure in ("78,000,000", "52,416,000", "6,825", "65%"):
            assert figure in text
        assert "65%" in text

    def test_example_is_frozen_and_evolvable(self) -> None:
        ex = dwyer_example()
        assert isinstance(ex, DwyerExample)
        assert "discount_rate" in ex.assumed
        changed = attrs.evolve(ex, discount_rate=0.0)
        t = clv.dwyer_table(**changed.table_inputs())
        assert t.discount_factor.tolist() == [1.0, 1.0, 1.0, 1.0]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            ex.customers = 1.0  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"customers": 0}, r"customers must be > 0; got 0"),
            (
                {"retention_rate": [0.65, 1.2, 0.75, 0.8]},
                r"retention_rate must be in \[0, 1\]; got 1.2 at index 1",
            ),
            ({"orders_per_month": -1.0}, r"orders_per_month must be >= 0; got -1"),
            ({"order_value": [650.0, np.nan, 1.0, 1.0]}, r"order_value must not contain NaN"),
            ({"variable_cost_rate": -0.1}, r"variable_cost_rate must be >= 0"),
            ({"marketing_cost_per_customer": -1.0}, r"marketing_cost_per_customer must be >= 0"),
            (
                {"acquisition_cost_per_customer": -1.0},
                r"acquisition_cost_per_customer must be >= 0",
            ),
            ({"discount_rate": -1.5}, r"^discount_rate must be > -1; got -1.5$"),
            (
                {"retention_rate": [0.5, 0.5]},
                r"retention_rate, orders_per_month, order_value, variable_cost_rate, "
                r"marketing_cost_per_customer have inconsistent lengths: \[2, 4, 4, 4, 4\]",
            ),
            ({"periods": 5}, r"periods is 5 but .* give 4 values"),
            ({"start": 2}, r"start must be 0 or 1; got 2"),
            ({"order_value": [[650.0]]}, r"order_value must be 0-D or 1-D"),
        ],
    )
    def test_errors(self, change: dict[str, object], message: str) -> None:
        inputs = dwyer_example().table_inputs() | change
        with pytest.raises(ValueError, match=message):
            clv.dwyer_table(**inputs)

    def test_all_scalar_without_periods(self) -> None:
        with pytest.raises(
            ValueError, match="periods is needed when every per-year input is a scalar"
        ):
            clv.dwyer_table(
                customers=10,
                retention_rate=0.5,
                orders_per_month=1.0,
                order_value=1.0,
                variable_cost_rate=0.5,
                discount_rate=0.1,
            )
        with pytest.raises(ValueError, match="periods must be >= 1; got 0"):
            clv.dwyer_table(
                customers=10,
                retention_rate=0.5,
                orders_per_month=1.0,
                order_value=1.0,
                variable_cost_rate=0.5,
                discount_rate=0.1,
                periods=0,
            )
        with pytest.raises(TypeError, match="customers must be a real number"):
            clv.dwyer_table(
                customers="many",
                retention_rate=0.5,
                orders_per_month=1.0,
                order_value=1.0,  # type: ignore[arg-type]
                variable_cost_rate=0.5,
                discount_rate=0.1,
                periods=2,
            )


# ---------------------------------------------------------------------------
# churn loss, customer equity, delivered value
# ---------------------------------------------------------------------------


class TestChurnLoss:
    def test_single_customer(self) -> None:
        # V_l = C_t + (V_k - V_t) = 500 + (3000 - 1200)
        assert (
            clv.churn_loss(invested_cost=500.0, lifetime_value=3000.0, realized_value=1200.0)
            == 2300.0
        )

    def test_vectorised_and_series(self) -> None:
        s = pd.Series([3000.0, 1000.0], index=["a", "b"])
        out = clv.churn_loss(invested_cost=[100.0, 0.0], lifetime_value=s, realized_value=500.0)
        assert out.to_dict() == {"a": 2600.0, "b": 500.0}

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"^invested_cost must be >= 0; got -1$"):
            clv.churn_loss(invested_cost=-1.0, lifetime_value=1.0, realized_value=0.0)
        with pytest.raises(ValueError, match="realized_value must not contain NaN"):
            clv.churn_loss(invested_cost=1.0, lifetime_value=1.0, realized_value=np.nan)
        with pytest.raises(ValueError, match="cannot be broadcast"):
            clv.churn_loss(
                invested_cost=[1.0, 2.0], lifetime_value=[1.0, 2.0, 3.0], realized_value=0.0
            )
        with pytest.raises(ValueError, match="churn loss overflows"):
            clv.churn_loss(invested_cost=1e308, lifetime_value=1e308, realized_value=-1e308)


class TestGroupChurnLoss:
    def test_hand_computed(self) -> None:
        # N r V = 10,000 x 0.15 x 2,000
        assert clv.group_churn_loss(
            n_customers=10_000, churn_rate=0.15, lifetime_value=2000.0
        ) == pytest.approx(3_000_000.0)

    def test_limits(self) -> None:
        assert clv.group_churn_loss(n_customers=100, churn_rate=0.0, lifetime_value=50.0) == 0.0
        assert clv.group_churn_loss(n_customers=100, churn_rate=1.0, lifetime_value=50.0) == 5000.0
        out = clv.group_churn_loss(
            n_customers=[100, 200], churn_rate=[0.1, 0.5], lifetime_value=10.0
        )
        np.testing.assert_allclose(out, [100.0, 1000.0])

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"^n_customers must be >= 0; got -5$"):
            clv.group_churn_loss(n_customers=-5, churn_rate=0.1, lifetime_value=1.0)
        with pytest.raises(ValueError, match=r"churn_rate must be in \[0, 1\]; got 1.1 at index 1"):
            clv.group_churn_loss(n_customers=5, churn_rate=[0.1, 1.1], lifetime_value=1.0)
        with pytest.raises(ValueError, match="lifetime_value must not contain NaN"):
            clv.group_churn_loss(n_customers=5, churn_rate=0.1, lifetime_value=np.inf)


class TestCustomerEquity:
    def test_sum_and_base(self) -> None:
        assert clv.customer_equity([1200.0, 800.0, 300.0]) == 2300.0
        assert clv.customer_equity(1500.0, customers=40_000) == 60_000_000.0
        assert clv.customer_equity([2500.0, 900.0], customers=[1000, 9000]) == 10_600_000.0
        assert isinstance(clv.customer_equity(pd.Series([1.0, 2.0])), float)

    def test_equals_sum_of_retention_values(self) -> None:
        m = np.array([100.0, 200.0, 300.0])
        values = clv.retention_value(m, retention_rate=0.8, discount_rate=0.1)
        assert clv.customer_equity(values) == pytest.approx(600 * 0.8 / 0.3)

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"customers must be >= 0; got -1 at index 1"):
            clv.customer_equity([1.0, 2.0], customers=[1, -1])
        with pytest.raises(ValueError, match="lifetime_value must not contain NaN"):
            clv.customer_equity([1.0, np.nan])
        with pytest.raises(ValueError, match="cannot be broadcast"):
            clv.customer_equity([1.0, 2.0], customers=[1, 2, 3])
        with pytest.raises(ValueError, match="customer equity overflows"):
            clv.customer_equity([1e308, 1e308])


class TestDeliveredValue:
    def test_difference(self) -> None:
        np.testing.assert_array_equal(
            clv.delivered_value([2000.0, 1800.0], [1500.0, 1000.0]), [500.0, 800.0]
        )
        assert clv.delivered_value(100.0, 120.0) == -20.0

    def test_series(self) -> None:
        s = pd.Series([10.0, 20.0], index=["offer_a", "offer_b"])
        assert clv.delivered_value(s, 5.0).to_dict() == {"offer_a": 5.0, "offer_b": 15.0}

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"^total_customer_value must be >= 0; got -1$"):
            clv.delivered_value(-1.0, 0.0)
        with pytest.raises(
            ValueError, match=r"total_customer_cost must be >= 0; got -2 at index 1"
        ):
            clv.delivered_value(1.0, [0.0, -2.0])
        with pytest.raises(TypeError, match="total_customer_cost must be numeric"):
            clv.delivered_value(1.0, "cheap")


def test_public_names() -> None:
    expected = {
        "DwyerTable",
        "annuity_factor",
        "annuity_value",
        "churn_loss",
        "customer_equity",
        "delivered_value",
        "dwyer_table",
        "expected_lifetime",
        "group_churn_loss",
        "group_value",
        "lifetime_value",
        "present_value",
        "retention_value",
    }
    assert set(clv.__all__) == expected
    assert all(callable(getattr(clv, n)) for n in expected)


def test_one_series_stream_gives_float() -> None:
    s = pd.Series([100.0, 100.0], index=["y1", "y2"])
    assert clv.present_value(s, discount_rate=0.1) == pytest.approx(100 / 1.1 + 100 / 1.21)
    assert isinstance(clv.present_value(s, discount_rate=0.1), float)


class TestFloatingPointEdges:
    def test_churn_too_small_for_a_life_cycle(self) -> None:
        with pytest.raises(ValueError, match=r"churn_rate is too small: .* got 5e-324"):
            clv.group_value(1.0, discount_rate=0.1, churn_rate=[0.5, 5e-324])

    def test_retention_equal_to_one_plus_rate_in_floating_point(self) -> None:
        # 1 + 1e-300 is 1.0: the infinite sum diverges in floating point
        with pytest.raises(ValueError, match=r"at index 1; give a finite number of periods"):
            clv.retention_value(1.0, retention_rate=[0.5, 1.0], discount_rate=[0.1, 1e-300])

    def test_two_dimensional_position_in_horizon_message(self) -> None:
        with pytest.raises(ValueError, match=r"at index \(1, 0\)"):
            clv.retention_value(
                1.0,
                retention_rate=np.array([[0.5], [1.0]]),
                discount_rate=np.array([0.1, 0.2]) - 0.1,
            )

    def test_tiny_and_huge_rates(self) -> None:
        assert clv.annuity_factor(5e-324, 3) == 3.0
        assert clv.annuity_factor(1e300, 3) == pytest.approx(1e-300)
        assert clv.annuity_factor(0.1, 1e300) == pytest.approx(10.0)
        assert clv.retention_value(1.0, retention_rate=5e-324, discount_rate=0.1, periods=3) == (
            pytest.approx(5e-324 / 1.1, abs=1e-323)
        )
        # q = 2 (retention 1, rate -50%): 2 + 4 + 8
        assert clv.retention_value(1.0, retention_rate=1.0, discount_rate=-0.5, periods=3) == (
            pytest.approx(14.0, rel=RTOL)
        )

    def test_cohort_table_overflow(self) -> None:
        with pytest.raises(ValueError, match="cohort table overflows"):
            clv.dwyer_table(
                customers=1e308,
                retention_rate=1.0,
                orders_per_month=1e308,
                order_value=1e308,
                variable_cost_rate=0.5,
                discount_rate=0.1,
                periods=2,
            )


class TestReviewRegressions:
    def test_no_retention_and_no_periods_is_zero_without_warning(self) -> None:
        # retention 0 with zero periods: the q -> 1 fallback divided by r = 0
        # and leaked a RuntimeWarning (an error under filterwarnings=error)
        for timing in ("end", "begin"):
            assert (
                clv.retention_value(
                    100.0, retention_rate=0.0, discount_rate=0.1, periods=0, timing=timing
                )
                == 0.0
            )
        np.testing.assert_array_equal(
            clv.retention_value(
                100.0, retention_rate=0.0, discount_rate=0.1, periods=[0, 2], timing="begin"
            ),
            [0.0, 100.0],
        )

    def test_prorated_year_overflow_is_an_error_not_a_warning(self) -> None:
        # T = 102.5 at a rate of -99.9%: the whole years fit in float64 but the
        # prorated 103rd year's factor 1000**103 does not
        with pytest.raises(ValueError, match="the group value overflows"):
            clv.group_value(1.0, discount_rate=-0.999, churn_rate=1 / 102.5)

    def test_whole_life_cycle_ignores_the_next_years_factor(self) -> None:
        # T = 102 exactly: nothing is prorated, so the (overflowing) factor of
        # year 103 must not enter as 0 * inf
        floor = clv.group_value(1.0, discount_rate=-0.999, churn_rate=1 / 102, fractional="floor")
        assert clv.group_value(1.0, discount_rate=-0.999, churn_rate=1 / 102) == floor

    def test_annuity_value_overflow_is_an_error_not_a_warning(self) -> None:
        with pytest.raises(ValueError, match="the annuity value overflows"):
            clv.annuity_value(1e308, discount_rate=0.0, periods=10)

    def test_subnormal_churn_is_refused_not_an_inf(self) -> None:
        # 1 / 5e-324 overflows: a positive churn rate has a finite life cycle, so
        # inf would be a silent wrong answer (issue 13); a churn of exactly 0 is inf
        with pytest.raises(ValueError, match=r"churn_rate is too small.*got 5e-324"):
            clv.expected_lifetime(5e-324)
        with pytest.raises(ValueError, match="at label 'b'"):
            clv.expected_lifetime(pd.Series([0.5, 5e-324], index=["a", "b"]))
        assert clv.expected_lifetime(0.0) == math.inf
        assert clv.expected_lifetime(1e-308) == pytest.approx(1e308, rel=1e-15)

    def test_empty_sum_with_a_subnormal_retention_rate_is_zero_without_warning(self) -> None:
        # periods = 0 takes the q -> 1 branch, where (1 + i - r) / r overflows for a
        # subnormal r; the empty sum is 0 whatever that rate is
        out = clv.retention_value(
            np.array([7.0, 1.0]),
            retention_rate=np.array([5e-324, 0.5]),
            discount_rate=0.5,
            periods=[0, 1],
        )
        np.testing.assert_array_equal(out, [0.0, 1.0 * 0.5 / 1.5])

    def test_retention_value_overflow_names_the_retention_value(self) -> None:
        # q = 1 / 0.5 = 2 over 10,000 periods: 2^10000 is beyond float64
        with pytest.raises(ValueError, match=r"^the retention value overflows"):
            clv.retention_value(1.0, retention_rate=1.0, discount_rate=-0.5, periods=10_000)

    def test_cohort_value_per_customer_overflow_is_an_error_not_a_warning(self) -> None:
        # every cohort total is finite, but dividing by a cohort of 1e-10 customers is not
        with pytest.raises(ValueError, match="the cohort table overflows"):
            clv.dwyer_table(
                customers=1e-10,
                retention_rate=1.0,
                orders_per_month=1.0,
                order_value=1e308,
                variable_cost_rate=0.0,
                discount_rate=0.0,
                periods=1,
            )

    def test_acquisition_cost_mismatch_names_both_arguments(self) -> None:
        with pytest.raises(
            ValueError,
            match=r"^acquisition_cost \(shape \(2,\)\) cannot be broadcast to the customers "
            r"of profit \(shape \(3,\)\)",
        ):
            clv.lifetime_value(np.ones((3, 2)), discount_rate=0.1, acquisition_cost=[1.0, 2.0])


# ---------------------------------------------------------------------------
# monotonicity properties of the other value functions
# ---------------------------------------------------------------------------


class TestMonotoneProperties:
    @given(st.floats(0.01, 1e6), st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.integers(1, 60))
    def test_annuity_value_grows_with_amount_and_falls_with_rate(
        self, amount: float, i1: float, i2: float, n: int
    ) -> None:
        lo, hi = sorted((i1, i2))
        v = clv.annuity_value(amount, discount_rate=lo, periods=n)
        assert clv.annuity_value(amount, discount_rate=hi, periods=n) <= v * (1 + 1e-12)
        assert clv.annuity_value(amount * 1.5, discount_rate=lo, periods=n) > v
        # and does not fall with the number of loyal years (the added year may be
        # below the rounding of v at high rates)
        assert clv.annuity_value(amount, discount_rate=lo, periods=n + 1) >= v

    @given(
        st.lists(st.floats(0.0, 1e5), min_size=1, max_size=12),
        st.floats(0.0, 1.0),
        st.floats(0.0, 1.0),
        st.floats(0.0, 1e4),
    )
    def test_lifetime_value_falls_with_rate_and_rises_with_profit(
        self, profit: list[float], i1: float, i2: float, acq: float
    ) -> None:
        lo, hi = sorted((i1, i2))
        v_lo = clv.lifetime_value(profit, discount_rate=lo, acquisition_cost=acq)
        v_hi = clv.lifetime_value(profit, discount_rate=hi, acquisition_cost=acq)
        assert v_hi <= v_lo + 1e-9 * max(1.0, abs(v_lo))
        more = clv.lifetime_value([p + 1.0 for p in profit], discount_rate=lo, acquisition_cost=acq)
        assert more > v_lo

    @given(st.floats(1.0, 1e6), st.floats(0.01, 1.0), st.floats(0.01, 1.0), st.floats(0.0, 0.5))
    def test_group_value_falls_with_churn(
        self, q: float, churn1: float, churn2: float, i: float
    ) -> None:
        # lower churn = higher retention = a longer life cycle T = 1 / r_L
        lo, hi = sorted((churn1, churn2))
        for how in ("prorate", "floor", "ceil"):
            v_lo = clv.group_value(q, discount_rate=i, churn_rate=lo, fractional=how)  # type: ignore[arg-type]
            v_hi = clv.group_value(q, discount_rate=i, churn_rate=hi, fractional=how)  # type: ignore[arg-type]
            assert v_hi <= v_lo * (1 + 1e-12)


class TestLabelPairing:
    """Issue 13: pandas inputs pair by label; Series results are named after the quantity."""

    def test_customer_equity_pairs_segments_by_label(self) -> None:
        value = pd.Series({"gold": 2500.0, "iron": 900.0})
        customers = pd.Series({"iron": 9000.0, "gold": 1000.0})
        # 2500 x 1000 + 900 x 9000, by hand
        assert clv.customer_equity(value, customers) == 10_600_000.0
        with pytest.raises(ValueError, match="'gold' is in lifetime_value but not in customers"):
            clv.customer_equity(value, customers.set_axis(["iron", "lead"]))

    def test_dwyer_table_refuses_years_that_do_not_overlap(self) -> None:
        with pytest.raises(ValueError, match="retention_rate and orders_per_month"):
            clv.dwyer_table(
                20_000,
                pd.Series([0.65, 0.70], index=[1, 2]),
                pd.Series([0.5, 0.6], index=[3, 4]),
                650.0,
                0.75,
                discount_rate=0.10,
            )

    def test_dwyer_table_data_positional(self) -> None:
        by_keyword = clv.dwyer_table(
            customers=20_000,
            retention_rate=[0.65, 0.70, 0.75, 0.80],
            orders_per_month=0.5,
            order_value=650.0,
            variable_cost_rate=0.75,
            discount_rate=0.10,
        )
        positional = clv.dwyer_table(20_000, [0.65, 0.70, 0.75, 0.80], 0.5, 650.0, 0.75,
                                     discount_rate=0.10)  # fmt: skip
        assert positional == by_keyword
        assert positional.customers.tolist() == [20_000.0, 13_000.0, 9_100.0, 6_825.0]

    def test_reordered_series_are_aligned(self) -> None:
        margin = pd.Series({"a": 100.0, "b": 200.0})
        rate = pd.Series({"b": 0.5, "a": 0.8})
        out = clv.retention_value(margin, retention_rate=rate, discount_rate=0.1)
        # m r / (1 + i - r): a: 100 x 0.8 / 0.3, b: 200 x 0.5 / 0.6
        np.testing.assert_allclose(out.to_numpy(), [800.0 / 3.0, 500.0 / 3.0], rtol=1e-14)
        assert out.index.tolist() == ["a", "b"]
        loss = clv.churn_loss(
            pd.Series({"x": 10.0, "y": 20.0}), pd.Series({"y": 300.0, "x": 100.0}), 5.0
        )
        assert loss.to_dict() == {"x": 105.0, "y": 315.0}

    @pytest.mark.parametrize(
        ("call", "name"),
        [
            (lambda s: clv.annuity_factor(s, 5), "annuity_factor"),
            (lambda s: clv.annuity_value(s, discount_rate=0.1, periods=5), "clv"),
            (lambda s: clv.retention_value(s, retention_rate=0.8, discount_rate=0.1), "clv"),
            (lambda s: clv.expected_lifetime(s), "expected_lifetime"),
            (lambda s: clv.group_value(s, discount_rate=0.1, churn_rate=0.2), "group_value"),
            (lambda s: clv.churn_loss(s, 10.0, 1.0), "churn_loss"),
            (lambda s: clv.group_churn_loss(s, 0.1, 10.0), "group_churn_loss"),
            (lambda s: clv.delivered_value(s, 0.05), "delivered_value"),
        ],
    )
    def test_series_named_after_quantity(self, call: Any, name: str) -> None:
        s = pd.Series([0.2, 0.5], index=["p", "q"], name="input_name")
        out = call(s)
        assert out.name == name
        assert out.index.tolist() == ["p", "q"]

    def test_frames_named_after_quantity(self) -> None:
        flows = pd.DataFrame([[100.0, 100.0]], index=["c"])
        assert clv.present_value(flows, discount_rate=0.1).name == "present_value"
        assert clv.lifetime_value(flows, discount_rate=0.1).name == "clv"

    def test_results_are_values(self) -> None:
        import copy
        import pickle

        from custvalue.datasets import dwyer_example

        example = dwyer_example()
        assert pickle.loads(pickle.dumps(example)) == example
        with pytest.raises(TypeError):
            example.published["revenue"] = 0  # type: ignore[index]
        table = clv.dwyer_table(**example.table_inputs())
        assert copy.deepcopy(table) == table
        with pytest.raises(ValueError, match="read-only"):
            table.npv[0] = 0.0
        assert repr(table).startswith("DwyerTable(")
        assert len(repr(table)) < 2000

    def test_errors_name_the_callers_label(self) -> None:
        rates = pd.Series([0.1, 1.5], index=["ann", "bob"])
        with pytest.raises(
            ValueError, match=r"churn_rate must be in \[0, 1\]; got 1.5 at label 'bob'"
        ):
            clv.expected_lifetime(rates)
        with pytest.raises(
            ValueError, match=r"periods must contain whole numbers; got 2\.5 at label 'y'"
        ):
            clv.annuity_factor(0.1, pd.Series([1.0, 2.5], index=["x", "y"]))

    def test_present_value_of_frames_of_any_layout(self) -> None:
        # the float64 fast path (a view of the frame's block) and the general
        # path (int and mixed columns) give the hand value 100/1.1 + 121/1.21 = 190.909...
        expected = [100 / 1.1 + 121 / 1.21, 0.0]
        floats = pd.DataFrame({"y1": [100.0, 0.0], "y2": [121.0, 0.0]}, index=["a", "b"])
        ints = floats.astype(np.int64)
        mixed = floats.astype({"y1": np.int64})
        for frame in (floats, ints, mixed):
            out = clv.present_value(frame, discount_rate=0.1)
            np.testing.assert_allclose(out.to_numpy(), expected, rtol=1e-15)
            assert out.index.tolist() == ["a", "b"]
        out = clv.present_value(floats, discount_rate=0.1)
        assert not np.shares_memory(out.to_numpy(), floats.to_numpy())
        with pytest.raises(ValueError, match=r"cash_flows must not contain NaN"):
            clv.present_value(floats.where(floats > 50), discount_rate=0.1)
