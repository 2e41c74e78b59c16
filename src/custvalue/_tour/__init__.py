"""The guided tour behind ``python -m custvalue tour``.

Each section is a module of this package defining ``TITLE`` (a heading) and
``run() -> str`` (the text it prints). Sections reproduce the textbook
examples of their model family; a section whose module is not present is
skipped, so families can be added one at a time.
"""

from __future__ import annotations

import importlib
import importlib.util
import unicodedata
from collections.abc import Iterator
from types import ModuleType

__all__ = ["SECTIONS", "available_sections", "render"]

#: Section modules in the order the tour prints them.
SECTIONS = (
    "intro",
    "clv",
    "btyd",
    "pyramid",
    "satisfaction",
    "satisfaction_models",
    "loyalty",
    "scoring",
)


def available_sections() -> Iterator[tuple[str, ModuleType]]:
    """Yield ``(name, module)`` for every section present in this installation."""
    for name in SECTIONS:
        qualified = f"{__name__}.{name}"
        if importlib.util.find_spec(qualified) is not None:
            yield name, importlib.import_module(qualified)


def _display_width(text: str) -> int:
    """Terminal columns of ``text``: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render(only: str | None = None) -> str:
    """The tour text, or one section of it when ``only`` names a section."""
    if only is not None and only not in SECTIONS:
        listed = ", ".join(SECTIONS)
        raise ValueError(f"section must be one of {listed}; got {only!r}")
    parts = []
    for name, module in available_sections():
        if only is not None and name != only:
            continue
        title = str(module.TITLE)
        body = str(module.run()).rstrip()
        parts.append(f"{title}\n{'=' * _display_width(title)}\n\n{body}\n")
    return "\n".join(parts)
