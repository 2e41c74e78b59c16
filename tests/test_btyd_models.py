"""BG/BB and MBG/NBD against published estimates, lifetimes, simulation and direct sums;
conditional P(n purchases) of BG/NBD, MBG/NBD and Pareto/NBD."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from custvalue.btyd import BetaGeo, BetaGeoBetaBinom, ModifiedBetaGeo, ParetoNBD
from custvalue.datasets import cdnow, donations

REF = json.loads((Path(__file__).parent / "data" / "btyd" / "lifetimes_reference.json").read_text())

# Fader, Hardie & Shang (2010), Marketing Science 29(6): BG/BB on the 1995 donors cohort
BGBB_PUBLISHED = BetaGeoBetaBinom(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)


@pytest.fixture(scope="module")
def bgbb_fit():  # type: ignore[no-untyped-def]
    d = donations()
    return BetaGeoBetaBinom.fit(d.frequency, d.recency, d.n_periods, weights=d.count)


@pytest.fixture(scope="module")
def mbg_fit():  # type: ignore[no-untyped-def]
    data = cdnow()
    return ModifiedBetaGeo.fit(data.frequency, data.recency, data.T)


class TestBetaGeoBetaBinom:
    def test_published_estimates_and_loglik(self, bgbb_fit) -> None:  # type: ignore[no-untyped-def]
        est = bgbb_fit.params
        # printed precision of the paper: three decimals, LL to one decimal
        assert [round(est[k], 3) for k in ("alpha", "beta", "gamma", "delta")] == [
            1.204,
            0.750,
            0.657,
            2.783,
        ]
        assert round(bgbb_fit.loglik, 1) == -33225.6
        assert bgbb_fit.converged
        assert bgbb_fit.n_customers == 11104
        # no worse than lifetimes 0.11.3 with its weights= (the same likelihood constants)
        assert bgbb_fit.loglik >= REF["bgbb"]["loglik"] - 1e-7

    def test_p_alive_table_6(self, bgbb_fit) -> None:  # type: ignore[no-untyped-def]
        # FHS (2010) Table 6, P(alive in 2002) at (x, t_x) = (0, 0), (2, 4), (6, 6)
        got = bgbb_fit.model.p_alive([0, 2, 6], [0, 4, 6], [6, 6, 6])
        np.testing.assert_array_equal(np.round(got, 2), [0.11, 0.59, 0.93])

    def test_hardie_spreadsheet_totals(self, bgbb_fit) -> None:  # type: ignore[no-untyped-def]
        d = donations()
        m = bgbb_fit.model
        # "Conditional Expectations (II)" sheet: 12,884.2 repeat donations expected 2002-2006
        total = float(
            np.sum(
                m.conditional_expected_purchases(5, d.frequency, d.recency, d.n_periods) * d.count
            )
        )
        assert round(total, 1) == pytest.approx(12884.2, abs=0.15)
        # in-sample fit sheet: 3,454.9 donors with 0 and 1,253.1 with 6 repeat donations
        counts = np.asarray(m.p_purchases([0, 6], 6)) * 11104
        np.testing.assert_allclose(counts, [3454.9, 1253.1], atol=0.15)

    def test_matches_lifetimes(self) -> None:
        ref = REF["bgbb"]
        pat = ref["patterns"]
        f, r, n = (np.array(pat[k], dtype=float) for k in ("frequency", "recency", "n_periods"))
        m = BGBB_PUBLISHED
        out = ref["published_params"]
        np.testing.assert_allclose(m.p_alive(f, r, n, t=0), out["p_alive_m0"], rtol=1e-12)
        np.testing.assert_allclose(m.p_alive(f, r, n, t=1), out["p_alive_m1"], rtol=1e-12)
        np.testing.assert_allclose(
            m.conditional_expected_purchases(5, f, r, n), out["conditional_expected_5"], rtol=1e-12
        )
        np.testing.assert_allclose(
            m.p_purchases(np.arange(7), 6) * 11104, out["expected_in_first_6"], rtol=1e-12
        )

    def test_against_simulation(self) -> None:
        # simulate the BG/BB story directly: p ~ Beta(alpha, beta), theta ~ Beta(gamma, delta)
        m = BGBB_PUBLISHED
        rng = np.random.default_rng(2010)
        size, n = 400_000, 6
        p = rng.beta(m.alpha, m.beta, size)
        theta = rng.beta(m.gamma, m.delta, size)
        alive = np.ones(size, dtype=bool)
        x = np.zeros(size)
        for _ in range(n):
            alive &= rng.random(size) >= theta
            x += alive & (rng.random(size) < p)
        freq = np.bincount(x.astype(int), minlength=n + 1) / size
        pmf = np.asarray(m.p_purchases(np.arange(n + 1), n))
        # 5 binomial standard errors: the simulation's own sampling error, not a fit's
        se = np.sqrt(pmf * (1 - pmf) / size)
        assert np.all(np.abs(freq - pmf) < 5 * se)
        assert abs(x.mean() - m.expected_purchases(n)) < 5 * x.std() / math.sqrt(size)
        assert np.asarray(m.p_alive(0, 0, 0, t=n)) == pytest.approx(m.p_alive(0, 0, 0, t=n))
        assert abs(alive.mean() - m.p_alive(0, 0, 0, t=n)) < 5 * math.sqrt(0.25 / size)

    def test_pmf_sums_and_mean(self) -> None:
        m = BetaGeoBetaBinom(0.5, 2.0, 3.0, 0.4)
        pmf = np.asarray(m.p_purchases(np.arange(21), 20))
        assert pmf.sum() == pytest.approx(1.0, rel=1e-13)
        assert (np.arange(21) * pmf).sum() == pytest.approx(m.expected_purchases(20), rel=1e-12)

    @pytest.mark.parametrize("gamma", [0.657, 1.0, 2.5])
    def test_dert_by_direct_summation(self, gamma: float) -> None:
        m = BetaGeoBetaBinom(1.204, 0.750, gamma, 2.783)
        x, tx, n, d = np.array([0, 3, 6]), np.array([0, 5, 6]), np.array([6, 6, 6]), 0.1
        k = np.arange(0, 801)  # 1.1**-800 < 1e-33: the rest of the sum is negligible
        cum = np.asarray(m.conditional_expected_purchases(k[:, None], x, tx, n))
        direct = (np.diff(cum, axis=0) / (1 + d) ** k[1:, None]).sum(axis=0)
        got = m.discounted_expected_residual_transactions(x, tx, n, discount_rate=d)
        np.testing.assert_allclose(got, direct, rtol=1e-10)

    def test_gradient_and_bad_input(self) -> None:
        d = donations()
        m = BGBB_PUBLISHED
        with pytest.raises(ValueError, match="frequency must be <= recency"):
            m.p_alive([3], [2], [6])
        with pytest.raises(ValueError, match="recency must be <= n_periods"):
            m.p_alive([1], [7], [6])
        with pytest.raises(ValueError, match="recency must be 0 exactly when frequency is 0"):
            m.p_alive([0], [2], [6])
        with pytest.raises(ValueError, match="no customer made a repeat transaction"):
            BetaGeoBetaBinom.fit([0, 0], [0, 0], [6, 6])
        # the fitted maximum is stationary for the public log-likelihood (central differences)
        fit = BetaGeoBetaBinom.fit(d.frequency, d.recency, d.n_periods, weights=d.count)
        theta = np.log([fit.model.alpha, fit.model.beta, fit.model.gamma, fit.model.delta])
        for j in range(4):
            e = np.zeros(4)
            e[j] = 1e-5
            up = BetaGeoBetaBinom(*np.exp(theta + e)).loglik(
                d.frequency, d.recency, d.n_periods, weights=d.count
            )
            down = BetaGeoBetaBinom(*np.exp(theta - e)).loglik(
                d.frequency, d.recency, d.n_periods, weights=d.count
            )
            assert abs(up - down) / 2e-5 < 1e-3


class TestModifiedBetaGeo:
    def test_btydplus_estimates(self, mbg_fit) -> None:  # type: ignore[no-untyped-def]
        # BTYDplus (mbgnbd.EstimateParameters on the CDNOW sample, weeks): r 0.525,
        # alpha 6.183, a 0.891, b 1.614
        est = mbg_fit.params
        assert [round(est[k], 3) for k in ("r", "alpha", "a", "b")] == [0.525, 6.183, 0.891, 1.614]
        assert mbg_fit.converged
        data = cdnow()
        peer = ModifiedBetaGeo(**REF["mbgnbd"]["fit"])
        # no worse than lifetimes' optimum, on one and the same likelihood
        assert mbg_fit.loglik >= peer.loglik(data.frequency, data.recency, data.T) - 1e-8

    def test_matches_lifetimes(self) -> None:
        data = cdnow()
        ref = REF["mbgnbd"]
        m = ModifiedBetaGeo(**ref["fit"])
        np.testing.assert_allclose(
            m.p_alive(data.frequency, data.recency, data.T), ref["p_alive"], rtol=1e-12
        )
        np.testing.assert_allclose(
            m.conditional_expected_purchases(39, data.frequency, data.recency, data.T),
            ref["conditional_expected_39"],
            rtol=1e-11,
        )
        assert m.expected_purchases(39) == pytest.approx(ref["expected_39"], rel=1e-12)

    def test_against_simulation(self) -> None:
        m = ModifiedBetaGeo(0.525, 6.183, 0.891, 1.614)
        rng = np.random.default_rng(2007)
        size, t = 1_000_000, 39.0
        lam = rng.gamma(m.r, 1 / m.alpha, size)
        p = rng.beta(m.a, m.b, size)
        alive0 = rng.random(size) >= p  # the MBG/NBD's dropout chance at the first purchase
        x = np.where(alive0, np.minimum(rng.poisson(lam * t), rng.geometric(p)), 0)
        pmf = np.asarray(m.p_purchases(np.arange(4), t))
        freq = np.bincount(x, minlength=4)[:4] / size
        # 5 binomial standard errors of the simulation
        assert np.all(np.abs(freq - pmf) < 5 * np.sqrt(pmf * (1 - pmf) / size))
        assert abs(x.mean() - m.expected_purchases(t)) < 5 * x.std() / math.sqrt(size)


@pytest.mark.parametrize(
    "model",
    [
        BetaGeo(0.243, 4.414, 0.793, 2.426),
        ModifiedBetaGeo(0.525, 6.183, 0.891, 1.614),
        ParetoNBD(0.553, 10.578, 0.606, 11.669),
    ],
)
def test_conditional_pmf_sums_to_one_with_the_conditional_mean(model) -> None:  # type: ignore[no-untyped-def]
    # the pmf and the closed-form conditional expectation are computed independently
    n = np.arange(0, 120)
    for x, tx, T in [(0, 0.0, 38.86), (2, 30.43, 38.86), (7, 29.43, 38.86)]:
        pmf = np.asarray(model.conditional_p_purchases(n, 39.0, x, tx, T))
        assert pmf.sum() == pytest.approx(1.0, abs=1e-9)
        mean = model.conditional_expected_purchases(39.0, x, tx, T)
        assert (n * pmf).sum() == pytest.approx(mean, rel=1e-7)


def test_conditional_pmf_by_simulation_bg_nbd() -> None:
    # customers simulated over (0, T + t]; those with no repeat purchase by T share the
    # history (0, 0, T), so their purchases in (T, T + t] sample the conditional pmf
    m = BetaGeo(0.243, 4.414, 0.793, 2.426)
    rng = np.random.default_rng(5)
    size, T, t = 600_000, 20.0, 30.0
    lam = rng.gamma(m.r, 1 / m.alpha, size)
    p = rng.beta(m.a, m.b, size)
    life = rng.geometric(p)  # she drops out right after her life-th purchase
    # purchase times: cumulative exponential gaps, enough for T + t in practice
    gaps = rng.exponential(1.0, (size, 40)) / lam[:, None]
    times = np.cumsum(gaps, axis=1)
    made = np.arange(1, 41)[None, :] <= life[:, None]
    before = ((times <= T) & made).sum(axis=1)
    after = ((times > T) & (times <= T + t) & made).sum(axis=1)
    group = after[before == 0]
    freq = np.bincount(group, minlength=3)[:3] / group.size
    pmf = np.asarray(m.conditional_p_purchases([0, 1, 2], t, 0, 0.0, T))
    assert np.all(np.abs(freq - pmf) < 5 * np.sqrt(pmf * (1 - pmf) / group.size))
