"""From a Parquet transaction log to CLV for every customer on a Dask cluster.

Run as a script (it is not one of the in-process families of
``python -m benchmarks``)::

    nice -n 10 python -m benchmarks.bench_dask --rows 100_000_000

1. Writes a synthetic log of ``--rows`` transactions (at least; whole
   customers) as Parquet files under ``--dir`` (default in the system's
   temporary directory, never the repository): customers are simulated from a
   BG/NBD model with Gamma-Gamma spend in batches, values in whole currency
   units, and each batch is written as files of about ``--rows-per-file``
   rows in date order, so a customer's purchases lie in many files (as in a
   data lake partitioned by date). Generation is not timed.
2. Starts a ``distributed.LocalCluster`` of ``--workers`` single-threaded
   worker processes with ``--memory-limit`` each and runs, timed:
   ``rfm_summary`` (weekly periods; persisted on the workers), ``compress``
   and ``spend_patterns`` (pattern counts to the client), the BG/NBD and
   Gamma-Gamma fits on the client, and ``predict(..., quantity="clv")`` for every
   customer, written back to Parquet on the workers. The client receives
   only pattern tables, parameters and small totals.
3. Runs the in-memory path (``transactions.rfm_summary``, fits, CLV) in a
   fresh process on the first ``--in-memory-rows`` rows (whole files) and
   reports its time and peak memory.

Each step runs in its own process (the log is written by a child process, the
in-memory path runs in another), and peak memory is the high-water mark of
each process's resident set size (``VmHWM`` in ``/proc/self/status``), read at
the end; the workers are fresh interpreters (Dask's nanny spawns them).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks._harness import Case

TRUE_BG = (1.2, 4.0, 0.3, 6.0)
TRUE_GG = (6.0, 4.0, 15.0)
BATCH_CUSTOMERS = 400_000
CLV_OPTIONS = {"horizon": 12, "discount_rate": 0.01, "time_unit": 52 / 12}


def cases() -> list[Case]:
    """No in-process case: the Dask benchmark needs a cluster; run this module as a script."""
    return []


def _peak_rss_mb() -> float:
    """Peak resident set size of this process in MB (VmHWM: since its last exec)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:  # not Linux: the lifetime maximum (includes what a fork inherited)
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def write_log(directory: Path, rows: int, rows_per_file: int) -> dict[str, Any]:
    """Simulate batches of customers and write their transactions as Parquet files."""
    import pandas as pd

    from custvalue.btyd import BetaGeo, GammaGamma
    from custvalue.datasets import simulate_transaction_log

    directory.mkdir(parents=True, exist_ok=True)
    written = customers = files = 0
    batch = 0
    end = None
    while written < rows:
        sim = simulate_transaction_log(
            BATCH_CUSTOMERS,
            BetaGeo(*TRUE_BG),
            spend_model=GammaGamma(*TRUE_GG),
            rng=1000 + batch,
        )
        end = sim.observation_end
        log = sim.transactions
        log = pd.DataFrame(
            {
                "customer": log["customer"].to_numpy() + customers,
                "date": log["date"].to_numpy(),
                "value": np.maximum(np.round(log["value"].to_numpy()), 1.0),
            }
        ).sort_values("date", kind="stable")
        for start in range(0, log.shape[0], rows_per_file):
            part = log.iloc[start : start + rows_per_file]
            part.to_parquet(directory / f"part-{files:05d}.parquet", index=False)
            files += 1
        written += int(log.shape[0])
        customers += BATCH_CUSTOMERS
        batch += 1
        print(f"  wrote {written:,} rows, {customers:,} customers", file=sys.stderr)
    return {
        "rows": written,
        "customers": customers,
        "files": files,
        "observation_end": str(end),
    }


def _fit_and_value(compressed: Any, spend: Any) -> tuple[Any, Any, dict[str, float]]:
    from custvalue.btyd import BetaGeo, GammaGamma

    t0 = time.perf_counter()
    bg = BetaGeo.fit(compressed)
    t1 = time.perf_counter()
    gg = GammaGamma.fit(spend["frequency"], spend["monetary_value"], weights=spend["count"])
    t2 = time.perf_counter()
    return bg, gg, {"bgnbd_fit": t1 - t0, "gamma_gamma_fit": t2 - t1}


def run_dask(
    directory: Path, out: Path, workers: int, memory_limit: str, observation_end: str
) -> dict[str, Any]:
    """The distributed pipeline; returns timings, fits and peak memory per worker."""
    import dask.dataframe as dd
    from distributed import Client, LocalCluster, wait

    import custvalue.dask as cvd

    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        memory_limit=memory_limit,
        dashboard_address=None,
        local_directory=str(out / "dask-scratch"),
    )
    client = Client(cluster)
    timings: dict[str, float] = {}
    client_mb: dict[str, float] = {"start": _peak_rss_mb()}
    try:
        start = time.perf_counter()
        log = dd.read_parquet(str(directory))
        summary = cvd.rfm_summary(
            log,
            customer="customer",
            date="date",
            value="value",
            period="W",
            observation_end=observation_end,
        ).persist()
        wait(summary)
        timings["rfm_summary"] = time.perf_counter() - start
        client_mb["rfm_summary"] = _peak_rss_mb()
        t = time.perf_counter()
        compressed = cvd.compress(summary)
        spend = cvd.spend_patterns(summary)
        timings["pattern_counts"] = time.perf_counter() - t
        client_mb["pattern_counts"] = _peak_rss_mb()
        bg, gg, fit_times = _fit_and_value(compressed, spend)
        timings.update(fit_times)
        t = time.perf_counter()
        clv = cvd.predict(bg.model, summary, quantity="clv", spend_model=gg.model, **CLV_OPTIONS)
        clv.to_frame().to_parquet(str(out / "clv"))
        timings["clv_to_parquet"] = time.perf_counter() - t
        client_mb["clv_to_parquet"] = _peak_rss_mb()
        t = time.perf_counter()
        total, n = dd.compute(clv.sum(), clv.count())  # read back: a check, not timed above
        timings["clv_check"] = time.perf_counter() - t
        timings["total"] = time.perf_counter() - start - timings["clv_check"]
        peaks = client.run(_peak_rss_mb)
        return {
            "timings": timings,
            "customers": int(compressed.counts.sum()),
            "patterns": int(compressed.n_patterns),
            "spend_pairs": int(spend.shape[0]),
            "bgnbd": [bg.model.r, bg.model.alpha, bg.model.a, bg.model.b],
            "gamma_gamma": [gg.model.p, gg.model.q, gg.model.v],
            "clv_total": float(total),
            "clv_customers": int(n),
            "worker_peak_mb": sorted(peaks.values()),
            "client_peak_mb": _peak_rss_mb(),
            "client_peak_mb_after": client_mb,
        }
    finally:
        client.close()
        cluster.close()


def run_in_memory(directory: Path, rows: int, observation_end: str) -> dict[str, Any]:
    """The in-memory path on the first files holding about ``rows`` rows."""
    import pandas as pd

    from custvalue import btyd, transactions

    files = sorted(directory.glob("part-*.parquet"))
    frames, n = [], 0
    for f in files:
        if n >= rows:
            break
        frames.append(pd.read_parquet(f))
        n += frames[-1].shape[0]
    log = pd.concat(frames, ignore_index=True)
    del frames
    start = time.perf_counter()
    s = transactions.rfm_summary(
        log,
        customer="customer",
        date="date",
        value="value",
        period="W",
        observation_end=observation_end,
    )
    t_summary = time.perf_counter() - start
    bg = btyd.BetaGeo.fit(s.frequency, s.recency, s.T)
    repeat = s.frequency > 0
    gg = btyd.GammaGamma.fit(s.frequency[repeat], s.monetary_value[repeat])
    clv = btyd.customer_lifetime_value(
        bg.model, gg.model, s.frequency, s.recency, s.T, s.monetary_value, **CLV_OPTIONS
    )
    total = time.perf_counter() - start
    return {
        "rows": int(log.shape[0]),
        "customers": int(s.n_customers),
        "rfm_summary": t_summary,
        "total": total,
        "clv_total": float(np.sum(clv)),
        "peak_mb": _peak_rss_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_dask", description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--rows-per-file", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="2.5GiB", help="per worker")
    parser.add_argument("--in-memory-rows", type=int, default=25_000_000)
    parser.add_argument(
        "--dir", type=Path, default=Path(tempfile.gettempdir()) / "custvalue-bench-dask"
    )
    parser.add_argument("--keep", action="store_true", help="keep the Parquet files")
    parser.add_argument("--step", choices=["all", "write", "dask", "in-memory"], default="all")
    args = parser.parse_args(argv)
    log_dir = args.dir / "log"
    if args.step == "write":
        t = time.perf_counter()
        meta = write_log(log_dir, args.rows, args.rows_per_file)
        meta["write_seconds"] = time.perf_counter() - t
        meta["parquet_mb"] = sum(f.stat().st_size for f in log_dir.iterdir()) / 1e6
        (args.dir / "log.json").write_text(json.dumps(meta))
        print(json.dumps({"log": meta}), flush=True)
        return 0
    if args.step == "in-memory":
        meta = json.loads((args.dir / "log.json").read_text())
        result = run_in_memory(log_dir, args.in_memory_rows, meta["observation_end"])
        print(json.dumps({"in_memory": result}), flush=True)
        return 0
    if args.step == "dask":
        meta = json.loads((args.dir / "log.json").read_text())
        dist = run_dask(log_dir, args.dir, args.workers, args.memory_limit, meta["observation_end"])
        dist["memory_limit"] = args.memory_limit
        print(json.dumps({"dask": dist}), flush=True)
        return 0
    if args.dir.exists():
        shutil.rmtree(args.dir)
    common = ["--dir", str(args.dir), "--rows", str(args.rows)]
    steps = [
        ["--step", "write", "--rows-per-file", str(args.rows_per_file)],
        ["--step", "dask", "--workers", str(args.workers), "--memory-limit", args.memory_limit],
        ["--step", "in-memory", "--in-memory-rows", str(args.in_memory_rows)],
    ]
    try:
        for step in steps:
            child = subprocess.run(
                [sys.executable, "-m", "benchmarks.bench_dask", *common, *step],
                stdout=subprocess.PIPE,
                text=True,
                env=dict(os.environ),
            )
            print(child.stdout, end="", flush=True)
            if child.returncode:
                print(json.dumps({"failed": step}), flush=True)
                break
    finally:
        if not args.keep and args.dir.exists():
            shutil.rmtree(args.dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
