"""Mutation killers for custvalue.satisfaction (see docs/mutation-testing.md).

References: ratios worked by hand (4 / 4 = 1 meets, 4 / 5 = 0.8 is below
1 - 0.05), the float64 limits (largest 1.8e308, smallest subnormal 5e-324),
and the contract's rules: a Series in any data argument gives a Series on its
index named after the quantity, and errors name the argument, the rule and
the value.
"""

from __future__ import annotations

import pandas as pd
import pytest

from custvalue.satisfaction import satisfaction_ratio


def test_ratio_with_a_series_of_expectations() -> None:
    res = satisfaction_ratio(4.0, pd.Series([4.0, 5.0], index=["p", "q"]))
    assert res.ratio.name == "satisfaction_ratio"
    assert res.ratio.index.tolist() == ["p", "q"]
    assert res.ratio.tolist() == [1.0, 0.8]
    assert res.verdict.name == "verdict"
    assert res.verdict.index.tolist() == ["p", "q"]
    assert res.verdict.tolist() == ["meets", "below"]


def test_ratio_errors_name_the_argument() -> None:
    with pytest.raises(TypeError, match=r"^expected must be numeric; got text 'a' at index 0$"):
        satisfaction_ratio(4.0, ["a"])
    with pytest.raises(
        ValueError,
        match=r"^expected is too small for perceived / expected to stay within the float64 "
        r"range \(<= 1\.8e308\); got perceived 4\.0 over expected 1e-320; "
        r"rescale both to the same units$",
    ):
        satisfaction_ratio(4.0, 1e-320)
    with pytest.raises(
        ValueError,
        match=r"^perceived is too small for perceived / expected to stay above 0 in float64 "
        r"\(5e-324\); got perceived 1e-320 over expected 10000000000\.0; "
        r"rescale both to the same units$",
    ):
        satisfaction_ratio(1e-320, 1e10)
