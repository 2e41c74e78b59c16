"""``python -m benchmarks [--only FAMILY ...]``: time custvalue against its peers."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import platform
import sys
from pathlib import Path

from benchmarks._harness import Timing, format_table, run_case


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).parent
    families = sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(here)])
        if m.name.startswith("bench_")
    )
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", nargs="*", choices=families, help="families to run")
    args = parser.parse_args(argv)
    import numpy as np

    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print("ref/ours > 1 means custvalue is faster; times are medians of repeated runs.\n")
    rows: list[Timing] = []
    for family in args.only or families:
        module = importlib.import_module(f"benchmarks.bench_{family}")
        for case in module.cases():
            timing = run_case(case)
            rows.append(timing)
            print(f"  done: {case.name}", file=sys.stderr)
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
