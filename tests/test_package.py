"""Package-level behaviour: import cost, no global side effects, CLI."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

import custvalue

_STATE_PROBE = r"""
import json, sys, warnings
import numpy as np
PRELOAD = sys.argv[1] == "preload"
if PRELOAD:
    # The runtime dependencies register warning filters of their own when
    # imported (scipy.special does); load them first so the probe measures
    # what custvalue's code itself changes.
    import pandas, scipy.linalg, scipy.optimize, scipy.special, scipy.stats  # noqa
def state():
    return {
        "filters": [repr(f) for f in warnings.filters],
        "printoptions": repr(sorted(np.get_printoptions().items())),
        "errstate": repr(sorted(np.geterr().items())),
        "pandas": pandas_options(),
    }
def pandas_options():
    pd = sys.modules.get("pandas")
    if pd is None:
        return None
    keys = ["display.max_rows", "display.precision", "mode.copy_on_write", "display.width"]
    return repr([(k, repr(pd.get_option(k))) for k in keys])
before = state()
import custvalue
if PRELOAD:
    for name in custvalue._SUBMODULES:
        getattr(custvalue, name)
    import custvalue.scoring as sc
    for name in sc._SUBMODULES:
        getattr(sc, name)
after = state()
heavy = sorted(m for m in ("statsmodels", "sklearn", "matplotlib") if m in sys.modules)
print(json.dumps({"before": before, "after": after, "heavy": heavy}))
"""


def _run(code: str, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, timeout=120
    )
    return out.stdout


def test_version() -> None:
    assert custvalue.__version__.count(".") == 2


def test_import_is_fast() -> None:
    # Best of three cold imports in fresh interpreters. Typical figure on a
    # 2-core machine: ~0.01 s, since submodules load lazily. The bound is
    # the required 0.3 s, which leaves a wide margin against CI noise.
    code = "import time; t = time.perf_counter(); import custvalue; print(time.perf_counter() - t)"
    best = min(float(_run(code)) for _ in range(3))
    assert best < 0.3, f"import custvalue took {best:.3f} s"


def test_import_changes_no_global_state() -> None:
    # Bare ``import custvalue``: warnings filters, numpy print options and
    # error state identical, and pandas not even loaded.
    result = json.loads(_run(_STATE_PROBE, "bare"))
    assert result["before"] == result["after"]
    assert result["after"]["pandas"] is None


def test_submodules_change_no_global_state() -> None:
    # Every submodule imported, with numpy, scipy and pandas loaded first:
    # custvalue's own code adds no warning filter and changes no option.
    result = json.loads(_run(_STATE_PROBE, "preload"))
    assert result["before"] == result["after"]


def test_heavy_dependencies_load_lazily() -> None:
    # statsmodels, scikit-learn and matplotlib are imported inside the
    # functions that need them, never when a module is imported.
    result = json.loads(_run(_STATE_PROBE, "preload"))
    assert result["heavy"] == []


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        custvalue.nope  # noqa: B018


def test_dir_lists_submodules() -> None:
    assert {"clv", "pyramid", "scoring"} <= set(dir(custvalue))


def test_cli_help_and_tour() -> None:
    help_text = _run("from custvalue.__main__ import main; main(['--help'])")
    assert "tour" in help_text
    out = subprocess.run(
        [sys.executable, "-m", "custvalue", "tour"], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    assert "custvalue" in out.stdout
    assert out.stderr == ""


def test_cli_without_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    from custvalue.__main__ import main

    assert main([]) == 0
    assert "usage" in capsys.readouterr().out


def test_tour_rejects_unknown_section() -> None:
    from custvalue._tour import render

    with pytest.raises(ValueError, match="section must be one of"):
        render("nope")


# --- The tour: each section's computed values against independent figures ---
#
# The tour prints what it computes; these tests read the values it computed
# (``section_values``) and compare them with published figures or with
# independent computations (exact fractions, series, quadrature, a second
# optimiser), never with the text it prints.


def _values(section: str) -> dict[str, Any]:
    from custvalue._tour import section_values

    return section_values(section)


def _annuity(amount: Fraction, rate: Fraction, years: int) -> Fraction:
    """Present value of ``amount`` at the end of each of ``years`` years, exactly."""
    return sum((amount / (1 + rate) ** t for t in range(1, years + 1)), Fraction(0))


def test_every_section_returns_text_and_values() -> None:
    from custvalue._tour import SECTIONS, Section, available_sections

    names = []
    for name, module in available_sections():
        section = module.run()
        assert isinstance(section, Section)
        assert section.text.strip()
        names.append(name)
    assert tuple(names) == SECTIONS


def test_tour_section_values_rejects_unknown_section() -> None:
    from custvalue._tour import section_values

    with pytest.raises(ValueError, match="section must be one of"):
        section_values("nope")


class TestTourLifetimeValue:
    @pytest.fixture(scope="class")
    @classmethod
    def values(cls) -> dict[str, Any]:
        return _values("clv")

    def test_annuity_models(self, values: dict[str, Any]) -> None:
        # Models 1 and 2 (spec 1.1-1.2), summed year by year in exact arithmetic.
        exact = _annuity(Fraction(1000), Fraction(1, 10), 5)
        assert values["annuity_revenue"] == pytest.approx(float(exact), rel=1e-13)
        assert values["annuity_revenue"] == pytest.approx(3790.79, abs=0.005)
        profit = _annuity(Fraction(250), Fraction(1, 10), 5)
        assert values["annuity_profit"] == pytest.approx(float(profit), rel=1e-13)
        assert values["annuity_zero_rate"] == 5000.0  # the limit I n

    def test_four_step_value(self, values: dict[str, Any]) -> None:
        rate = Fraction(8, 100)
        flows = [300, 500, 600, 600]
        exact = sum(Fraction(q - 100) / (1 + rate) ** t for t, q in enumerate(flows, 1)) - 250
        assert values["four_step"] == pytest.approx(float(exact), rel=1e-13)

    def test_lifetime_and_retention_value(self, values: dict[str, Any]) -> None:
        np.testing.assert_array_equal(values["lifetimes"], [5.0, 4.0, np.inf])
        # Expected discounted margins of a customer kept with probability 0.8 a
        # year, summed as a series (500 terms leave < 1e-70 of the tail).
        q = 0.8 / 1.12
        end = sum(100 * q**t for t in range(1, 500))
        begin = sum(100 * q**t for t in range(500))
        assert values["retention_end"] == pytest.approx(end, rel=1e-12)
        assert values["retention_begin"] == pytest.approx(begin, rel=1e-12)

    def test_group_value_dwyer_annuity(self, values: dict[str, Any]) -> None:
        rate = Fraction(1, 10)
        assert values["group"] == pytest.approx(
            float(_annuity(Fraction(300_000), rate, 5)), rel=1e-13
        )
        # T = 1 / 0.3 = 3 1/3 years: 3 whole years, then a third (prorate) or
        # all (ceil) of year 4's profit, or nothing more (floor).
        three = _annuity(Fraction(300_000), rate, 3)
        year4 = Fraction(300_000) / (1 + rate) ** 4
        assert values["group_floor"] == pytest.approx(float(three), rel=1e-13)
        assert values["group_prorate"] == pytest.approx(float(three + year4 / 3), rel=1e-13)
        assert values["group_ceil"] == pytest.approx(float(three + year4), rel=1e-13)

    def test_dwyer_cohort_reproduces_published_figures(self, values: dict[str, Any]) -> None:
        # Spec 1.5: 20,000 -> 13,000 -> 9,100 -> 6,825 customers; revenue
        # CNY 78,000,000 in year 1 and 52,416,000 in year 4.
        np.testing.assert_allclose(values["dwyer_customers"], [20_000, 13_000, 9_100, 6_825])
        assert values["dwyer_revenue"][0] == pytest.approx(78_000_000, rel=1e-12)
        assert values["dwyer_revenue"][3] == pytest.approx(52_416_000, rel=1e-12)

    def test_losses_equity_and_delivered_value(self, values: dict[str, Any]) -> None:
        assert values["churn_loss"] == 500 + (3000 - 1200)
        assert values["group_churn_loss"] == pytest.approx(10_000 * 0.15 * 2000, rel=1e-14)
        assert values["equity"] == 1500 * 40_000
        assert values["equity_groups"] == 2500 * 1_000 + 900 * 9_000
        np.testing.assert_array_equal(values["delivered"], [500.0, 800.0])

    def test_five_year_exercise(self, values: dict[str, Any]) -> None:
        # Spec 1.8: acquisition and first purchase at t = 0, +500 at t = 1..5, i = 9%.
        exact = -400 + 2000 + _annuity(Fraction(500), Fraction(9, 100), 5)
        assert values["five_year"] == pytest.approx(float(exact), rel=1e-13)
        assert values["five_year"] == pytest.approx(3544.83, abs=0.005)


def _sbg_mle(counts: list[int]) -> tuple[float, float]:
    """Maximum likelihood for the sBG, written from the beta-function form.

    P(churn in year t) = B(a + 1, b + t - 1) / B(a, b) and
    P(alive after year n) = B(a, b + n) / B(a, b) (Fader & Hardie 2007, eq. 3
    and 4), maximised by Nelder-Mead on the log parameters: a second algorithm
    beside the library's own fit.
    """
    from scipy.optimize import minimize
    from scipy.special import betaln

    alive = np.asarray(counts, dtype=float)
    lost = alive[:-1] - alive[1:]
    years = np.arange(1, len(alive))

    def nll(log_ab: np.ndarray) -> float:
        a, b = np.exp(log_ab)
        churn = betaln(a + 1, b + years - 1) - betaln(a, b)
        survive = betaln(a, b + years[-1]) - betaln(a, b)
        return -float(lost @ churn + alive[-1] * survive)

    res = minimize(nll, np.zeros(2), method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12})
    a, b = np.exp(res.x)
    return float(a), float(b)


class TestTourBuyTillYouDie:
    @pytest.fixture(scope="class")
    @classmethod
    def values(cls) -> dict[str, Any]:
        return _values("btyd")

    def test_cdnow_conditional_expectation_matches_paper(self, values: dict[str, Any]) -> None:
        # Fader, Hardie & Lee (2005), Marketing Science 24(2): a customer with
        # x = 2, t_x = 30.43, T = 38.86 is expected to make 1.226 purchases in
        # the next 39 weeks (printed to three decimals).
        assert values["bg_conditional_39"][1] == pytest.approx(1.226, abs=5e-4)

    def test_gamma_gamma_means(self, values: dict[str, Any]) -> None:
        from scipy import integrate, stats

        p, q, v = 6.25, 3.74, 15.44
        assert values["gg_mean_spend"] == pytest.approx(
            float(Fraction("6.25") * Fraction("15.44") / Fraction("2.74")), rel=1e-13
        )
        # Posterior mean spend by quadrature: nu | (x, mbar) ~ Gamma(p x + q,
        # rate v + x mbar), and a transaction's mean spend is p / nu.
        for k, x in enumerate((1, 10)):
            posterior = stats.gamma(p * x + q, scale=1 / (v + x * 20.0))
            expected, _ = integrate.quad(lambda nu, g=posterior: p / nu * g.pdf(nu), 0, np.inf)
            assert values["gg_conditional"][k] == pytest.approx(expected, rel=1e-8)

    @pytest.mark.parametrize(
        ("segment", "counts", "published"),
        [
            # Fader & Hardie (2007), J. Interactive Marketing 21(1), Table 1
            # and the estimates in the text (three decimals).
            ("regular", [1000, 631, 468, 382, 326, 289, 262, 241], (0.704, 1.182)),
            ("high_end", [1000, 869, 743, 653, 593, 551, 517, 491], (0.668, 3.806)),
        ],
    )
    def test_sbg_is_fitted_and_matches_paper(
        self,
        values: dict[str, Any],
        segment: str,
        counts: list[int],
        published: tuple[float, float],
    ) -> None:
        from scipy.special import betaln

        fit = values[f"sbg_{segment}_fit"]
        assert fit.converged
        model = fit.model
        assert (model.alpha, model.beta) == pytest.approx(published, abs=5e-4)
        # The tour's model is the maximum-likelihood fit, not the published
        # (rounded) values typed in: a second optimiser agrees to 1e-5.
        a, b = _sbg_mle(counts)
        assert (model.alpha, model.beta) == pytest.approx((a, b), abs=1e-5)
        years = np.arange(8, 13)
        projected = np.round(1000 * np.exp(betaln(a, b + years) - betaln(a, b)))
        np.testing.assert_array_equal(values[f"sbg_{segment}_projected"], projected)

    def test_sbg_retention_rises_as_published(self, values: dict[str, Any]) -> None:
        # Retention r_t = (b + t - 1) / (a + b + t - 1) (Fader & Hardie 2007, eq. 5)
        # at the paper's estimates, to the rounding of those estimates.
        t = np.arange(1, 8)
        expected = (1.182 + t - 1) / (0.704 + 1.182 + t - 1)
        np.testing.assert_allclose(values["sbg_regular_retention"], expected, atol=2e-4)

    def test_bgbb_on_donations_matches_the_paper(self, values: dict[str, Any]) -> None:
        # Fader, Hardie & Shang (2010), Table 2: 1.204, 0.750, 0.657, 2.783;
        # log-likelihood -33,225.6 (printed to one decimal)
        fit = values["bgbb_fit"]
        m = fit.model
        assert (round(m.alpha, 3), round(m.beta, 3), round(m.gamma, 3), round(m.delta, 3)) == (
            1.204,
            0.750,
            0.657,
            2.783,
        )
        assert fit.loglik == pytest.approx(-33225.6, abs=0.05)

    def test_mbgnbd_on_cdnow_matches_btydplus(self, values: dict[str, Any]) -> None:
        # BTYDplus's MBG/NBD estimates on the CDNOW sample: 0.525, 6.183, 0.891, 1.614
        g = values["mbgnbd_fit"].model
        assert (round(g.r, 3), round(g.alpha, 3), round(g.a, 3), round(g.b, 3)) == (
            0.525,
            6.183,
            0.891,
            1.614,
        )

    def test_recovers_simulated_parameters(self, values: dict[str, Any]) -> None:
        from scipy import stats

        fit, truth, data = values["recovery_fit"], values["recovery_truth"], values["recovery_data"]
        assert fit.converged
        at_fit = fit.model.loglik(data.frequency, data.recency, data.T)
        at_truth = truth.loglik(data.frequency, data.recency, data.T)
        assert fit.loglik == pytest.approx(at_fit, rel=1e-12)
        # A maximum: no worse than the true parameters; and the truth lies in
        # the 99% likelihood-ratio region (chi-square, 4 parameters). An
        # unfitted or wrongly fitted model fails one of the two.
        assert at_fit >= at_truth
        assert 2 * (at_fit - at_truth) < stats.chi2.ppf(0.99, df=4)


class TestTourPyramid:
    @pytest.fixture(scope="class")
    @classmethod
    def values(cls) -> dict[str, Any]:
        return _values("pyramid")

    def test_eighty_twenty(self, values: dict[str, Any]) -> None:
        # The two largest of the ten customers buy 8,000 of 10,000.
        sales = np.array([5200, 2800, 450, 350, 300, 250, 200, 200, 150, 100], dtype=float)
        assert values["pareto_labels"] == ["gold"] * 2 + ["iron"] * 8
        assert values["pareto_top_share"] == pytest.approx(0.8, rel=1e-14)
        assert values["pareto_customers_for_80"] == pytest.approx(0.2, rel=1e-14)
        # Gini as the mean absolute difference over twice the mean.
        gini = np.abs(sales[:, None] - sales[None, :]).sum() / (2 * sales.size**2 * sales.mean())
        assert values["pareto_gini"] == pytest.approx(gini, rel=1e-12)

    def test_threshold_tiers_and_top_share(self, values: dict[str, Any]) -> None:
        profit = np.asarray(values["zeithaml_profit"], dtype=float)
        counts = values["zeithaml_threshold_counts"]
        expected = {
            "platinum": int((profit >= 1000).sum()),
            "gold": int(((profit >= 200) & (profit < 1000)).sum()),
            "iron": int(((profit >= 0.01) & (profit < 200)).sum()),
            "lead": int((profit < 0.01).sum()),
        }
        assert {k: int(counts[k]) for k in expected} == expected
        top = np.sort(profit)[::-1][: round(0.85 * profit.size)]
        assert values["zeithaml_top_share_85"] == pytest.approx(top.sum() / profit.sum(), rel=1e-12)


class TestTourSatisfaction:
    @pytest.fixture(scope="class")
    @classmethod
    def values(cls) -> dict[str, Any]:
        return _values("satisfaction")

    def test_sample_sizes_match_published_tables(self, values: dict[str, Any]) -> None:
        # Cochran: 1.96^2 x 0.25 / 0.05^2 = 384.16 -> 385 respondents; Krejcie &
        # Morgan (1970), Table 1: 278 for a population of 1,000.
        assert values["sample_size"] == 385
        assert values["sample_size_population_1000"] == 278

    def test_survey_has_the_computed_sample_size(self, values: dict[str, Any]) -> None:
        # The simulated teaching survey is drawn at the size section 2 computes,
        # with the 37 items of the study (spec section 3).
        assert values["survey_respondents"] == 385
        assert values["survey_items"] == 37

    def test_ratio_and_verdicts(self, values: dict[str, Any]) -> None:
        np.testing.assert_allclose(values["ratio"], [0.9, 100 / 98, 1.2], rtol=1e-15)
        assert values["verdict"] == ["below", "meets", "exceeds"]

    def test_kano(self, values: dict[str, Any]) -> None:
        # Berger et al. (1993) evaluation table: like/dislike is one-dimensional,
        # like/neutral attractive, must-be/dislike must-be.
        assert values["kano_pairs"] == ["O", "A", "M"]
        better, worse, dominant = [], [], []
        for a, o, m, i, _r, _q in values["kano_counts"]:
            base = Fraction(a + o + m + i)
            better.append(float((a + o) / base))
            worse.append(float(-(o + m) / base))
            dominant.append("AOMI"[int(np.argmax([a, o, m, i]))])
        np.testing.assert_allclose(values["kano_better"], better, rtol=1e-14)
        np.testing.assert_allclose(values["kano_worse"], worse, rtol=1e-14)
        assert values["kano_category"] == dominant
        assert values["kano_simulated_category"] == values["kano_simulated_truth"]


class TestTourLoyalty:
    @pytest.fixture(scope="class")
    @classmethod
    def values(cls) -> dict[str, Any]:
        return _values("loyalty")

    def test_nps_with_standard_error_and_intervals(self, values: dict[str, Any]) -> None:
        # 60 promoters, 25 passives, 15 detractors: each answer scores +1, 0, -1;
        # the NPS is 100 x their mean and its standard error 100 x sd / sqrt(n).
        scores = [1] * 60 + [0] * 25 + [-1] * 15
        se = 100 * statistics.pstdev(scores) / 10
        assert values["nps"] == pytest.approx(45.0, abs=1e-12)
        assert values["nps_std_error"] == pytest.approx(se, rel=1e-12)
        assert values["nps_std_error"] == pytest.approx(7.399, abs=5e-4)
        for level, key in ((0.95, "nps_interval_95"), (0.90, "nps_interval_90")):
            z = statistics.NormalDist().inv_cdf(0.5 + level / 2)
            assert values[key] == pytest.approx((45 - z * se, 45 + z * se), rel=1e-9)
        assert values["nps_interval_95"] == pytest.approx((30.50, 59.50), abs=5e-3)

    def test_survey_waves(self, values: dict[str, Any]) -> None:
        for answers, score in zip(values["wave_recommend"], values["wave_nps"], strict=True):
            answers = np.asarray(answers)
            expected = 100 * (np.mean(answers >= 9) - np.mean(answers <= 6))
            assert score == pytest.approx(expected, abs=1e-9)

    def test_loyalty_types_follow_the_typology(self, values: dict[str, Any]) -> None:
        # Spec section 4: monopoly, kinship, inertia, latent, convenience,
        # price, incentive and super loyalty, in the order the tour asks.
        assert values["loyalty_types"] == [
            "垄断忠诚",
            "亲缘忠诚",
            "惰性忠诚",
            "潜在忠诚",
            "方便忠诚",
            "价格忠诚",
            "激励忠诚",
            "超值忠诚",
        ]

    def test_retention_and_loyal_customer_profit(self, values: dict[str, Any]) -> None:
        assert values["retention_rate"] == pytest.approx((190 - 30) / 200, rel=1e-15)
        assert values["share_of_wallet"] == pytest.approx(0.3, rel=1e-15)
        # Reichheld: base 40 growing 10% a year, plus savings, referrals, premium.
        extra = [0 + 0 + 0, 5 + 5 + 2, 10 + 10 + 4, 15 + 10 + 6, 20 + 10 + 8]
        flows = [float(40 * Fraction(11, 10) ** t + e) for t, e in enumerate(extra)]
        np.testing.assert_allclose(values["loyal_profit_cash_flows"], flows, rtol=1e-13)
        cumulative = -150 + np.cumsum(flows)
        assert values["loyal_profit_payback_year"] == int(np.argmax(cumulative >= 0)) + 1


class TestTourScoring:
    @pytest.fixture(scope="class")
    @classmethod
    def values(cls) -> dict[str, Any]:
        return _values("scoring")

    def test_saaty_drinks(self, values: dict[str, Any]) -> None:
        # Saaty (2008), Int. J. Services Sciences 1(1): derived priorities and
        # CR = 0.022, printed to three decimals.
        published = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
        np.testing.assert_allclose(values["drinks_weights"], published, atol=5e-4)
        assert values["drinks_consistency_ratio"] == pytest.approx(0.022, abs=5e-4)

    def test_leader_example(self, values: dict[str, Any]) -> None:
        # Wikipedia's AHP leader example. The criteria priorities are printed as
        # .547 .127 .270 .056, which the eigenvector (0.5476 ...) rounds to
        # .548: 1e-3 covers that printed truncation.
        np.testing.assert_allclose(
            values["leader_criteria_weights"], [0.547, 0.127, 0.270, 0.056], atol=1e-3
        )
        np.testing.assert_allclose(values["leader_scores"], [0.358, 0.493, 0.149], atol=5e-4)
        assert values["leader_criteria_consistency_ratio"] == pytest.approx(0.044, abs=5e-4)


def test_tour_pls_paths_are_least_squares_on_the_scores() -> None:
    # Second algorithm: each structural equation re-estimated by ordinary least
    # squares on the construct scores gives the tour's path coefficients and R².
    values = _values("satisfaction_models")
    fit, paths = values["fit"], values["paths"]
    scores = fit.scores
    for target in ("expectations", "quality", "value", "satisfaction", "loyalty"):
        rows = paths[paths["to"] == target]
        sources = list(rows["from"])
        design = scores[sources].to_numpy()
        y = scores[target].to_numpy()
        coef, *_ = np.linalg.lstsq(design - design.mean(0), y - y.mean(), rcond=None)
        np.testing.assert_allclose(rows["estimate"], coef, atol=1e-10)
        residual = (y - y.mean()) - (design - design.mean(0)) @ coef
        r2 = 1 - residual @ residual / ((y - y.mean()) @ (y - y.mean()))
        assert fit.r_squared[target] == pytest.approx(r2, abs=1e-10)
