"""Fits on compressed patterns (CompressedRFM, weighted spend patterns) equal the plain fits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from custvalue.btyd import BetaGeo, GammaGamma, ParetoNBD
from custvalue.datasets import simulate_beta_geo, simulate_spend
from custvalue.transactions import CompressedRFM, compress, rfm_summary


@pytest.fixture(scope="module")
def base() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # weekly periods: many customers share a pattern
    sim = simulate_beta_geo(3000, BetaGeo(0.3, 5.0, 0.8, 2.5), T=30.0, time_step=1.0, rng=11)
    return sim.frequency, sim.recency, sim.T


@pytest.mark.parametrize("cls", [BetaGeo, ParetoNBD])
def test_compressed_fit_equals_plain_fit(
    cls: type[BetaGeo] | type[ParetoNBD], base: tuple[np.ndarray, ...]
) -> None:
    x, tx, T = base
    plain = cls.fit(x, tx, T)
    c = compress(x, tx, T)
    assert c.n_patterns < len(x) / 5  # the comparison exercises real compression
    packed = cls.fit(c)
    # the same patterns and weights reach the same optimiser: identical numbers
    assert packed.loglik == plain.loglik
    assert packed.model == plain.model
    np.testing.assert_array_equal(packed.covariance, plain.covariance)
    assert packed.n_customers == plain.n_customers == len(x)
    assert packed.n_patterns == c.n_patterns
    # loglik sums per-pattern terms by another code path than the fit's objective
    assert plain.model.loglik(c) == pytest.approx(plain.loglik, rel=1e-13)


def test_from_counts_merges_duplicates_and_fits_like_customers(
    base: tuple[np.ndarray, ...],
) -> None:
    x, tx, T = base
    c = compress(x, tx, T)
    # split every pattern's count in two rows, as partitions of a cluster would
    half = c.counts // 2
    rest = c.counts - half
    twice = CompressedRFM.from_counts(
        np.r_[c.frequency, c.frequency],
        np.r_[c.recency, c.recency],
        np.r_[c.T, c.T],
        np.r_[half, rest],
    )
    np.testing.assert_array_equal(twice.counts, c.counts)
    np.testing.assert_array_equal(twice.frequency, c.frequency)
    assert twice.inverse is None
    fit = BetaGeo.fit(twice)
    assert fit.loglik == pytest.approx(BetaGeo.fit(x, tx, T).loglik, rel=1e-13)
    with pytest.raises(ValueError, match="built from counts"):
        twice.expand(np.zeros(twice.n_patterns))
    with pytest.raises(ValueError, match=r"counts must contain whole numbers; got 0\.5"):
        CompressedRFM.from_counts([0], [0], [3], [0.5])
    with pytest.raises(ValueError, match="recency must be <= T"):
        CompressedRFM.from_counts([1], [4], [3], [2])


def test_compressed_alone() -> None:
    c = compress([0, 1], [0, 2.0], [5, 5])
    with pytest.raises(TypeError, match="pass a CompressedRFM alone"):
        BetaGeo.fit(c, [0, 2.0], [5, 5])
    with pytest.raises(TypeError, match="counts as weights"):
        ParetoNBD.fit(c, weights=[1, 1])
    with pytest.raises(TypeError, match="needs frequency, recency and T"):
        BetaGeo.fit([0, 1])


def test_rfm_summary_is_accepted() -> None:
    log = pd.DataFrame(
        {
            "customer": ["a", "a", "a", "b", "c", "c", "d", "d", "e"],
            "date": pd.to_datetime(
                [
                    "2024-01-01",
                    "2024-01-09",
                    "2024-02-01",
                    "2024-01-03",
                    "2024-01-02",
                    "2024-03-09",
                    "2024-01-05",
                    "2024-01-06",
                    "2024-02-11",
                ]
            ),
        }
    )
    s = rfm_summary(log, customer="customer", date="date", observation_end="2024-03-31")
    m = BetaGeo(0.5, 10.0, 0.7, 2.0)
    assert m.loglik(s) == m.loglik(s.frequency, s.recency, s.T)


def test_gamma_gamma_weighted_patterns_equal_customers() -> None:
    # the Dask helper sums (frequency, monetary_value) patterns on a cluster
    rng = np.random.default_rng(4)
    x = rng.integers(1, 5, 2000).astype(float)
    m = np.round(simulate_spend(x, GammaGamma(6.0, 4.0, 15.0), rng=5))  # whole currency units
    frame = pd.DataFrame({"x": x, "m": m})
    counts = frame.value_counts().reset_index()
    assert len(counts) < 600
    plain = GammaGamma.fit(x, m)
    packed = GammaGamma.fit(counts["x"].to_numpy(), counts["m"].to_numpy(), weights=counts["count"])
    assert packed.loglik == pytest.approx(plain.loglik, rel=1e-12)
    for name in ("p", "q", "v"):
        assert getattr(packed.model, name) == pytest.approx(getattr(plain.model, name), rel=1e-7)
    assert packed.n_customers == 2000
    assert packed.n_patterns == len(counts)
    assert GammaGamma(6.0, 4.0, 15.0).loglik(
        counts["x"], counts["m"], weights=counts["count"]
    ) == pytest.approx(GammaGamma(6.0, 4.0, 15.0).loglik(x, m), rel=1e-12)


@pytest.mark.parametrize("cls", [BetaGeo, ParetoNBD])
def test_pilot_start_reaches_the_same_maximum(
    cls: type[BetaGeo] | type[ParetoNBD], monkeypatch: pytest.MonkeyPatch
) -> None:
    # large bases start Newton steps from the optimum of a sample; the maximum must be
    # the one BFGS finds from scratch (continuous times: no compression either)
    import custvalue.btyd as btyd

    ages = np.random.default_rng(3).uniform(5.0, 30.0, 60_000)
    sim = simulate_beta_geo(60_000, BetaGeo(0.3, 5.0, 0.8, 2.5), T=ages, rng=12)
    plain = cls.fit(sim.frequency, sim.recency, sim.T)
    monkeypatch.setattr(btyd, "_PILOT_MIN", 10_000)
    monkeypatch.setattr(btyd, "_COMPRESS_ALWAYS", 10_000)
    piloted = cls.fit(sim.frequency, sim.recency, sim.T)
    assert piloted.n_patterns == 60_000  # continuous times: every customer is a pattern
    assert piloted.loglik == pytest.approx(plain.loglik, rel=1e-12, abs=1e-9)
    for name in plain.std_errors:
        assert getattr(piloted.model, name) == pytest.approx(getattr(plain.model, name), rel=1e-6)
        # forward-difference Hessian on large bases: SEs agree to about 1e-4
        assert piloted.std_errors[name] == pytest.approx(plain.std_errors[name], rel=1e-3)
