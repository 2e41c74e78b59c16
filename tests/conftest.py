"""Shared fixtures: reference data location and hypothesis settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

DATA = Path(__file__).resolve().parent / "data"

settings.register_profile(
    "default",
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True)
# Mutation testing (mutmut sets MUTANT_UNDER_TEST) runs each test many times in
# one process: fixed examples, no example database, and no complaint about a
# test method being called from several instances.
settings.register_profile(
    "mutation",
    parent=settings.get_profile("ci"),
    database=None,
    # differing_executors exists from hypothesis 6.85 on.
    suppress_health_check=[
        check for check in HealthCheck if check.name in {"too_slow", "differing_executors"}
    ],
)
if "MUTANT_UNDER_TEST" in os.environ:
    settings.load_profile("mutation")
else:
    settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of reference data kept with the tests (``tests/data``).

    Each topic has its own subfolder with a README giving the source, the
    producing tool and version, and the licence.
    """
    return DATA


@pytest.fixture(scope="session")
def ecsi_dir(shared_data: Path) -> Path:
    """The ECSI satisfaction survey with R plspm reference results."""
    return shared_data / "ecsi"
