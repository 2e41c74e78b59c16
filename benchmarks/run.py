"""Run the benchmarks as a script: ``python benchmarks/run.py [--only FAMILY]``."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main())
