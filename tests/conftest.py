"""Shared fixtures: reference data location and hypothesis settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

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


class _FixtureReach:
    """Credit each test with the library functions its fixtures reached.

    mutmut's stats run records, per test, the mutated functions it reaches
    and later runs only those tests against a mutant of that function. A
    module- or session-scoped fixture is built inside the first test that
    asks for it, so without this plugin the later tests of the module would
    never be selected, and mutants they kill would read as survivors. Active
    only during that stats run (``MUTANT_UNDER_TEST=stats``).
    """

    def __init__(self) -> None:
        self.reached: dict[int, set[str]] = {}

    @staticmethod
    def _record() -> set[str]:
        from mutmut.state import state

        return state()._stats

    @pytest.hookimpl(hookwrapper=True)
    def pytest_fixture_setup(self, fixturedef: Any, request: Any) -> Any:
        record = self._record()
        before = set(record)
        record.clear()
        yield
        self.reached[id(fixturedef)] = set(record)
        record |= before

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_call(self, item: Any) -> None:
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            return
        record = self._record()
        for defs in info.name2fixturedefs.values():
            for fixturedef in defs:
                record |= self.reached.get(id(fixturedef), set())


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":
        config.pluginmanager.register(_FixtureReach(), "custvalue-fixture-reach")
