"""Lazy loading of a package's submodules on first attribute access."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable
from typing import Any


def attach(
    package: str, submodules: Iterable[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Module-level ``__getattr__`` and ``__dir__`` that import submodules lazily.

    ``package.name`` imports ``package.name`` the first time it is looked up;
    the import binds it on the package, so later lookups are plain attribute
    access.
    """
    names = frozenset(submodules)

    def getattr_(name: str) -> Any:
        if name in names:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def dir_() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | names)

    return getattr_, dir_
