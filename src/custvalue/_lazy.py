"""Lazy loading of a package's submodules and names on first attribute access."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def attach(
    package: str,
    submodules: Iterable[str],
    attributes: Mapping[str, str] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Module-level ``__getattr__`` and ``__dir__`` that import lazily.

    ``package.name`` imports ``package.name`` the first time it is looked up
    when ``name`` is one of ``submodules``; when it is a key of
    ``attributes`` it is the attribute of that name in the module the value
    names (``{"ConfidenceInterval": "custvalue._results"}``). Either way the
    object is bound on the package, so later lookups are plain attribute
    access.
    """
    names = frozenset(submodules)
    where = dict(attributes or {})

    def getattr_(name: str) -> Any:
        if name in names:
            return importlib.import_module(f"{package}.{name}")
        if name in where:
            value = getattr(importlib.import_module(where[name]), name)
            setattr(sys.modules[package], name, value)
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def dir_() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | names | set(where))

    return getattr_, dir_
