"""Mutation killers for custvalue.loyalty (see docs/mutation-testing.md).

Only a first few: the loyalty module's own tests live in tests/test_loyalty.py.
References: Reichheld's year-by-year decomposition summed by hand, and the
contract's rule that a bad value is reported under its argument's name.
"""

from __future__ import annotations

import numpy as np
import pytest

from custvalue.loyalty import loyal_customer_profit, nps


def test_loyal_customer_without_acquisition_cost() -> None:
    # Nothing spent in year 0: the cumulative profit starts at 0 and the
    # customer has paid back from the start.
    profit = loyal_customer_profit(years=3, base_profit=40.0)
    np.testing.assert_array_equal(profit.cash_flows, [40.0, 40.0, 40.0])
    np.testing.assert_array_equal(profit.cumulative(), [0.0, 40.0, 80.0, 120.0])
    assert profit.payback_year() == 0


def test_loyal_customer_with_acquisition_cost() -> None:
    profit = loyal_customer_profit(years=3, base_profit=40.0, acquisition_cost=100.0)
    np.testing.assert_array_equal(profit.cumulative(), [-100.0, -60.0, -20.0, 20.0])
    assert profit.payback_year() == 3


@pytest.mark.parametrize("argument", ["cost_savings", "referrals", "price_premium"])
def test_per_year_inputs_are_reported_under_their_name(argument: str) -> None:
    with pytest.raises(ValueError, match=rf"^{argument} must not contain NaN"):
        loyal_customer_profit(years=3, base_profit=40.0, **{argument: [1.0, np.nan, 2.0]})


def test_base_profit_is_reported_under_its_name() -> None:
    with pytest.raises(ValueError, match=r"^base_profit\b"):
        loyal_customer_profit(years=3, base_profit=[40.0, np.inf, 40.0])


def test_nps_weights_are_checked() -> None:
    with pytest.raises(ValueError, match=r"^weights must not all be 0; got a total weight of 0$"):
        nps([9, 10, 3], weights=[0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match=r"^weights must be 1-D"):
        nps([9, 10, 3], weights=[[1.0, 1.0, 1.0]])
