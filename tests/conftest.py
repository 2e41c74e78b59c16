"""Shared fixtures: reference data location and hypothesis settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"

settings.register_profile(
    "default",
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The ``../shared/data`` folder of reference results, or skip.

    A user's clone has no ``../shared``; CI always has it.
    """
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data not available: {SHARED_DATA} does not exist")
    return SHARED_DATA


@pytest.fixture(scope="session")
def ecsi_dir(shared_data: Path) -> Path:
    """The ECSI satisfaction data set with R plspm reference results, or skip."""
    path = shared_data / "ecsi-satisfaction"
    if not (path / "satisfaction.csv").is_file():
        pytest.skip(f"ECSI reference data not available: {path} has no satisfaction.csv")
    return path
