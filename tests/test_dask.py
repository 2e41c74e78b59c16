"""custvalue.dask on a local two-process cluster against the in-memory functions.

Every distributed function is compared with its in-memory counterpart on the
same data: counts and order statistics must be equal exactly, and so must
the RFM summaries (a customer's numbers depend only on the customer's rows,
which the distributed summary adds in log order); fitted and predicted
quantities to 1e-10.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import custvalue.dask as cvd  # noqa: E402
from custvalue import btyd, loyalty, pls, pyramid, transactions  # noqa: E402
from custvalue.datasets import simulate_survey, simulate_transaction_log  # noqa: E402


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # start-up chatter of the cluster, not of custvalue
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = distributed.Client(cluster)
    try:
        yield client
    finally:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client.close()
            cluster.close()


def _log(n: int = 4000, n_customers: int = 400, seed: int = 5) -> pd.DataFrame:
    """A log with many same-day purchases (times of day differ) and values in cents."""
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 300, n)
    seconds = rng.integers(0, 86_400, n)
    return pd.DataFrame(
        {
            "customer": rng.integers(1000, 1000 + n_customers, n),
            "date": pd.Timestamp("2024-01-01")
            + pd.to_timedelta(days, unit="D")
            + pd.to_timedelta(seconds, unit="s"),
            "amount": rng.gamma(2.0, 12.0, n).round(2),
        }
    )


def _split_log() -> pd.DataFrame:
    """Customer 7 buys three times on 2024-01-05; the rows land in three partitions."""
    rows = [
        ("c7", "2024-01-01 10:00", 5.0),
        ("c7", "2024-01-05 09:00", 1.1),
        ("c9", "2024-01-02 12:00", 4.0),
        ("c7", "2024-01-05 11:00", 2.2),
        ("c9", "2024-01-09 12:00", 6.0),
        ("c7", "2024-01-05 17:30", 3.3),
        ("c8", "2024-01-09 08:00", 9.0),
        ("c7", "2024-01-12 10:00", 4.0),
    ]
    frame = pd.DataFrame(rows, columns=["customer", "date", "amount"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _partitioned(frame: pd.DataFrame, npartitions: int) -> Any:
    return dd.from_pandas(frame, npartitions=npartitions, sort=False)


# ---------------------------------------------------------------------------
# import cost
# ---------------------------------------------------------------------------


def test_importing_custvalue_does_not_import_dask() -> None:
    code = (
        "import sys, custvalue, custvalue.transactions, custvalue.btyd, custvalue.pyramid, "
        "custvalue.dask; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    env = dict(os.environ)
    src = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


# ---------------------------------------------------------------------------
# rfm_summary
# ---------------------------------------------------------------------------


def test_split_period_counts_once_and_sums_in_log_order(client: Any) -> None:
    log = _split_log()
    ddf = _partitioned(log, 4)
    # the three purchases of c7 on 2024-01-05 are in partitions 0, 1 and 2
    parts = [p.compute() for p in ddf.to_delayed()]
    assert sum("c7" in set(p["customer"][p["date"].dt.day == 5]) for p in parts) == 3
    got = cvd.rfm_summary(ddf, customer="customer", date="date", value="amount")
    frame = got.compute().sort_index()
    # by hand: c7 bought on days 1, 5 (three times) and 12; repeat periods 5 and 12
    assert frame.loc["c7", "frequency"] == 2.0
    assert frame.loc["c7", "recency"] == 11.0
    assert frame.loc["c7", "T"] == 11.0
    assert frame.loc["c7", "monetary_value"] == ((1.1 + 2.2) + 3.3 + 4.0) / 2
    # dask holds text as pyarrow strings: compare with the in-memory summary of the
    # log as dask holds it (same rows, same order)
    expected = transactions.rfm_summary(
        ddf.compute(), customer="customer", date="date", value="amount"
    ).to_frame()
    pd.testing.assert_frame_equal(frame, expected, check_exact=True)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"value": "amount"},
        {"value": "amount", "period": "W", "observation_end": "2024-12-31"},
        {"value": "amount", "period": "M"},
        {"value": "amount", "period": 7.0},
        {
            "value": "amount",
            "period": "W",
            "calibration_end": "2024-07-01",
            "observation_end": "2024-11-30",
        },
    ],
)
def test_rfm_summary_equals_in_memory(client: Any, options: dict[str, Any]) -> None:
    log = _log()
    got = cvd.rfm_summary(_partitioned(log, 7), customer="customer", date="date", **options)
    expected = transactions.rfm_summary(log, customer="customer", date="date", **options)
    frame = got.compute().sort_index()
    pd.testing.assert_frame_equal(frame, expected.to_frame(), check_exact=True)


def test_rfm_summary_holdout_only_customers_are_left_out(client: Any) -> None:
    log = _log(n=600, n_customers=300, seed=2)
    options = {"value": "amount", "calibration_end": "2024-02-15"}
    got = cvd.rfm_summary(_partitioned(log, 5), customer="customer", date="date", **options)
    expected = transactions.rfm_summary(log, customer="customer", date="date", **options)
    assert expected.n_holdout_only > 0
    frame = got.compute().sort_index()
    assert frame.shape[0] == expected.n_customers
    pd.testing.assert_frame_equal(frame, expected.to_frame(), check_exact=True)


def test_rfm_summary_text_dates_time_zones_and_string_customers(client: Any) -> None:
    log = _log(n=1500, n_customers=150, seed=9)
    text = log.assign(
        customer="id-" + log["customer"].astype(str),
        date=log["date"].dt.strftime("%d/%m/%Y %H:%M:%S"),
    )
    text_ddf = _partitioned(text, 4)
    options = {"value": "amount", "date_format": "%d/%m/%Y %H:%M:%S"}
    got = cvd.rfm_summary(
        text_ddf, customer="customer", date="date", observation_end="31/12/2024 00:00:00", **options
    ).compute()
    # dask holds text as pyarrow strings: compare with the in-memory summary of the
    # log as dask holds it (same rows, same order)
    expected = transactions.rfm_summary(
        text_ddf.compute(),
        customer="customer",
        date="date",
        observation_end="31/12/2024 00:00:00",
        **options,
    )
    pd.testing.assert_frame_equal(got.sort_index(), expected.to_frame(), check_exact=True)
    with pytest.raises(ValueError, match="day/month or month/day"):
        cvd.rfm_summary(text_ddf, customer="customer", date="date").compute()

    aware = log.assign(date=log["date"].dt.tz_localize("UTC").dt.tz_convert("Asia/Shanghai"))
    options = {"value": "amount", "period": "W", "observation_end": "2025-01-01 08:00+08:00"}
    got = cvd.rfm_summary(_partitioned(aware, 3), customer="customer", date="date", **options)
    expected = transactions.rfm_summary(aware, customer="customer", date="date", **options)
    pd.testing.assert_frame_equal(got.compute().sort_index(), expected.to_frame(), check_exact=True)


def test_rfm_summary_refuses_bad_input(client: Any) -> None:
    log = _log(n=200, n_customers=20)
    ddf = _partitioned(log, 2)
    with pytest.raises(TypeError, match="dask DataFrame"):
        cvd.rfm_summary(log, customer="customer", date="date")
    with pytest.raises(ValueError, match="customer='who' is not a column"):
        cvd.rfm_summary(ddf, customer="who", date="date")
    with pytest.raises(TypeError, match="must hold dates"):
        cvd.rfm_summary(ddf, customer="customer", date="amount")
    with pytest.raises(ValueError, match="observation_end must not fall in a period before"):
        cvd.rfm_summary(ddf, customer="customer", date="date", observation_end="2024-02-01")
    with pytest.raises(ValueError, match="calibration_end must lie within the data"):
        cvd.rfm_summary(ddf, customer="customer", date="date", calibration_end="2030-01-01")
    with pytest.raises(ValueError, match="period"):
        cvd.rfm_summary(ddf, customer="customer", date="date", period="fortnight")
    bad = log.assign(amount=log["amount"].where(log.index != 150, -1.0))
    with pytest.raises(ValueError, match="value column 'amount'"):
        cvd.rfm_summary(
            _partitioned(bad, 2), customer="customer", date="date", value="amount"
        ).compute()


# ---------------------------------------------------------------------------
# compress, fits and predictions
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def simulated() -> pd.DataFrame:
    sim = simulate_transaction_log(
        1500,
        btyd.BetaGeo(0.8, 6.0, 0.6, 3.0),
        spend_model=btyd.GammaGamma(6.0, 4.0, 15.0),
        rng=11,
    )
    log = sim.transactions.copy()
    log["value"] = log["value"].round()  # whole currency units: few (x, m) pairs
    return log


def _summaries(log: pd.DataFrame, npartitions: int) -> tuple[Any, pd.DataFrame]:
    options = {"customer": "customer", "date": "date", "value": "value", "period": "W"}
    dist = cvd.rfm_summary(_partitioned(log, npartitions), **options)
    mem = transactions.rfm_summary(log, **options).to_frame()
    return dist, mem


def test_compress_counts_equal_in_memory(client: Any, simulated: pd.DataFrame) -> None:
    dist, mem = _summaries(simulated, 6)
    got = cvd.compress(dist)
    expected = transactions.compress(mem["frequency"], mem["recency"], mem["T"])
    np.testing.assert_array_equal(got.frequency, expected.frequency)
    np.testing.assert_array_equal(got.recency, expected.recency)
    np.testing.assert_array_equal(got.T, expected.T)
    np.testing.assert_array_equal(got.counts, expected.counts)
    assert int(got.counts.sum()) == mem.shape[0]


def test_fit_from_patterns_equals_in_memory_fit(client: Any, simulated: pd.DataFrame) -> None:
    dist, mem = _summaries(simulated, 6)
    c = cvd.compress(dist)
    assert c.inverse is None
    assert c.n_customers == mem.shape[0]
    from_patterns = btyd.BetaGeo.fit(c)
    in_memory = btyd.BetaGeo.fit(mem["frequency"], mem["recency"], mem["T"])
    assert from_patterns.converged
    a = np.array([getattr(from_patterns.model, k) for k in ("r", "alpha", "a", "b")])
    b = np.array([getattr(in_memory.model, k) for k in ("r", "alpha", "a", "b")])
    np.testing.assert_allclose(a, b, rtol=1e-10)
    assert from_patterns.loglik == pytest.approx(in_memory.loglik, rel=1e-12)


def test_spend_patterns_count_repeat_buyers(client: Any, simulated: pd.DataFrame) -> None:
    dist, mem = _summaries(simulated, 6)
    got = cvd.spend_patterns(dist)
    repeat = mem[mem["frequency"] > 0]
    expected = repeat.groupby(["frequency", "monetary_value"]).size().rename("count").reset_index()
    pd.testing.assert_frame_equal(got, expected, check_exact=True, check_dtype=False)
    assert got["count"].sum() == repeat.shape[0]
    assert got.shape[0] < repeat.shape[0]  # whole-unit values: customers share pairs
    from_pairs = btyd.GammaGamma.fit(got["frequency"], got["monetary_value"], weights=got["count"])
    in_memory = btyd.GammaGamma.fit(repeat["frequency"], repeat["monetary_value"])
    a = np.array([from_pairs.model.p, from_pairs.model.q, from_pairs.model.v])
    b = np.array([in_memory.model.p, in_memory.model.q, in_memory.model.v])
    np.testing.assert_allclose(a, b, rtol=1e-10)


def test_predictions_equal_in_memory(client: Any, simulated: pd.DataFrame) -> None:
    dist, mem = _summaries(simulated, 6)
    model = btyd.BetaGeo(0.8, 6.0, 0.6, 3.0)
    spend = btyd.GammaGamma(6.0, 4.0, 15.0)
    x, tx, age, m = mem["frequency"], mem["recency"], mem["T"], mem["monetary_value"]
    expected = {
        "p_alive": model.p_alive(x, tx, age),
        "conditional_expected_purchases": model.conditional_expected_purchases(10.0, x, tx, age),
        "clv": btyd.customer_lifetime_value(
            model, spend, x, tx, age, m, horizon=12, discount_rate=0.01, time_unit=52 / 12
        ),
    }
    options: dict[str, dict[str, Any]] = {
        "p_alive": {},
        "conditional_expected_purchases": {"t": 10.0},
        "clv": {
            "spend_model": spend,
            "horizon": 12,
            "discount_rate": 0.01,
            "time_unit": 52 / 12,
        },
    }
    for quantity, want in expected.items():
        lazy = cvd.predict(model, dist, quantity=quantity, **options[quantity])  # type: ignore[arg-type]
        got = lazy.compute().sort_index()
        assert got.name == quantity
        assert got.index.equals(mem.index)
        np.testing.assert_allclose(got.to_numpy(), np.asarray(want), rtol=1e-10, atol=0)


def test_predict_refuses_bad_options(client: Any, simulated: pd.DataFrame) -> None:
    dist, _ = _summaries(simulated, 2)
    model = btyd.BetaGeo(0.8, 6.0, 0.6, 3.0)
    with pytest.raises(TypeError, match="unknown options"):
        cvd.predict(model, dist, quantity="p_alive", t=3.0)
    with pytest.raises(ValueError, match="needs the options"):
        cvd.predict(model, dist, quantity="conditional_expected_purchases")
    with pytest.raises(ValueError, match="quantity"):
        cvd.predict(model, dist, quantity="value")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="BetaGeo or ParetoNBD"):
        cvd.predict(btyd.GammaGamma(6.0, 4.0, 15.0), dist, quantity="p_alive")
    with pytest.raises(ValueError, match="t"):
        cvd.predict(model, dist, quantity="conditional_expected_purchases", t=-1.0)


# ---------------------------------------------------------------------------
# PLS moments
# ---------------------------------------------------------------------------

PLS_MODEL = pls.PathModel(
    {"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"], "c": ["c1", "c2"]},
    [("a", "b"), ("a", "c"), ("b", "c")],
)


def test_moments_and_pls_estimate_equal_in_memory(client: Any) -> None:
    paths = {("a", "b"): 0.5, ("a", "c"): 0.3, ("b", "c"): 0.4}
    survey = simulate_survey(PLS_MODEL, n=1200, paths=paths, loadings=0.8, rng=3).data
    cols = list(PLS_MODEL.indicators)
    ddf = _partitioned(survey[cols] + 50.0, 7)  # a shifted scale: merging must not lose digits
    got = cvd.moments(ddf)
    whole = pls.moments(survey[cols] + 50.0)
    assert got.count == whole.count == 1200
    assert got.columns == whole.columns
    np.testing.assert_allclose(got.mean, whole.mean, rtol=1e-14)
    np.testing.assert_allclose(got.cross_products, whole.cross_products, rtol=1e-12)
    from_moments = pls.estimate(PLS_MODEL, got)
    from_rows = pls.estimate(PLS_MODEL, survey[cols] + 50.0)
    for field in ("path_values", "weight_values", "loading_values", "path_se"):
        np.testing.assert_allclose(
            getattr(from_moments, field), getattr(from_rows, field), rtol=0, atol=1e-10
        )
    assert from_moments.gof == pytest.approx(from_rows.gof, abs=1e-10)
    array = ddf.to_dask_array(lengths=True)
    by_array = cvd.moments(array, columns=cols)
    np.testing.assert_allclose(by_array.cross_products, whole.cross_products, rtol=1e-12)
    with pytest.raises(TypeError, match="dask DataFrame or Array"):
        cvd.moments(survey)


# ---------------------------------------------------------------------------
# NPS
# ---------------------------------------------------------------------------


def test_nps_equals_in_memory_overall_and_by_segment(client: Any) -> None:
    rng = np.random.default_rng(4)
    n = 3001
    survey = pd.DataFrame(
        {
            "score": rng.choice(11, n, p=[0.02] * 5 + [0.05, 0.1, 0.15, 0.2, 0.2, 0.2]),
            "region": rng.choice(["east", "north", "west"], n),
        }
    )
    ddf = _partitioned(survey, 5)
    assert cvd.nps(ddf["score"]) == loyalty.nps(survey["score"])
    assert cvd.nps(ddf["score"], level=0.9, method="adjusted_wald") == loyalty.nps(
        survey["score"], level=0.9, method="adjusted_wald"
    )
    # the bootstrap draws the three counts: same seed, same replicates
    boot = cvd.nps(ddf["score"], method="bootstrap", rng=7, n_boot=200)
    assert boot == loyalty.nps(survey["score"], method="bootstrap", rng=7, n_boot=200)
    grouped = cvd.nps(ddf, by="region")
    expected = loyalty.nps(survey["score"], by=survey["region"])
    assert grouped.segments == ("east", "north", "west")
    assert grouped == expected
    for region in grouped.segments:
        alone = loyalty.nps(survey.loc[survey["region"] == region, "score"])
        assert grouped.results[region] == alone
    assert cvd.nps(ddf["score"], by=ddf["region"]) == expected

    holes = survey["score"].astype(float).where(survey.index % 7 != 0)
    got = cvd.nps(_partitioned(holes.to_frame(), 3)["score"], missing="omit")
    assert got == loyalty.nps(holes, missing="omit")
    with pytest.raises(ValueError, match="NaN"):
        cvd.nps(_partitioned(holes.to_frame(), 3)["score"])
    with pytest.raises(ValueError, match="scores"):
        cvd.nps(_partitioned((survey["score"] + 1).to_frame(), 2)["score"])
    with pytest.raises(ValueError, match="method"):
        cvd.nps(ddf["score"], method="exact")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# tiers and concentration
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def values() -> pd.Series:
    rng = np.random.default_rng(8)
    v = np.round(rng.lognormal(3.0, 1.2, 5000) - 8.0, 1)  # ties and losses
    v[:40] = 0.0
    return pd.Series(v, index=pd.RangeIndex(5000, name="customer"), name="clv")


@pytest.mark.parametrize(
    ("scheme", "options"),
    [
        ("zeithaml", {}),
        ("pareto", {}),
        ("custom", {"cuts": (0.001, 0.1, 0.5), "labels": ("a", "b", "c", "d")}),
        ("zeithaml", {"by": "threshold", "cuts": (200.0, 50.0, 5.0)}),
    ],
)
def test_assign_tiers_equals_in_memory(
    client: Any, values: pd.Series, scheme: str, options: dict[str, Any]
) -> None:
    dist = _partitioned(values.to_frame(), 6)["clv"]
    got = cvd.assign_tiers(dist, scheme=scheme, **options)  # type: ignore[arg-type]
    expected = pyramid.assign_tiers(values, scheme=scheme, **options)  # type: ignore[arg-type]
    assert got.edges == expected.edges
    assert got.names == expected.names
    assert got.counts() == expected.counts()
    sums = values.groupby(np.asarray(expected.codes)).sum()
    np.testing.assert_allclose(
        got.tier_values, sums.reindex(range(len(got.names)), fill_value=0.0), rtol=1e-12
    )
    labels = got.labels(dist).compute()
    pd.testing.assert_series_equal(labels.sort_index(), expected.labels)


def test_assign_tiers_curry_needs_revenue(client: Any, values: pd.Series) -> None:
    revenue = values.clip(lower=0.0)
    dist = _partitioned(revenue.to_frame(), 4)["clv"]
    got = cvd.assign_tiers(dist, scheme="curry")
    expected = pyramid.assign_tiers(revenue, scheme="curry")
    assert got.edges == expected.edges
    assert got.counts() == expected.counts()
    with pytest.raises(ValueError, match="curry"):
        cvd.assign_tiers(_partitioned(values.to_frame(), 4)["clv"], scheme="curry")


def test_concentration_equals_in_memory(client: Any, values: pd.Series) -> None:
    dist = _partitioned(values.to_frame(), 6)["clv"]
    got = cvd.concentration(dist)
    expected = pyramid.concentration(values)
    assert got == expected
    assert got.gini == expected.gini
    assert got.top_share(0.2) == expected.top_share(0.2)
    with pytest.raises(TypeError, match="dask Series"):
        cvd.concentration(values)
