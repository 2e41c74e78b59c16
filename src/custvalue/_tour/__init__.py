"""The guided tour behind ``python -m custvalue tour``.

Each section is a module of this package defining ``TITLE`` (a heading) and
``run() -> Section``: the text it prints together with the numbers it
computed, so that tests compare the computed numbers with the published
figures instead of reading the text. Sections say which figures are
reproduced by computation from textbook inputs and which examples are
illustrations built to match a published table. A section whose module is not
present is skipped, so families can be added one at a time.
"""

from __future__ import annotations

import importlib
import importlib.util
import unicodedata
from collections.abc import Iterator
from types import ModuleType
from typing import Any

__all__ = ["SECTIONS", "Section", "available_sections", "render", "section_values"]


class Section(str):
    """A section's text (the string itself) carrying the values it computed."""

    #: The computed values, by name (numbers, arrays, fitted results or labels).
    values: dict[str, Any]

    def __new__(cls, text: str, values: dict[str, Any]) -> Section:
        self = super().__new__(cls, text)
        self.values = values
        return self

    @property
    def text(self) -> str:
        """The text printed by ``python -m custvalue tour``."""
        return str(self)


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


def _check_section(name: str | None) -> None:
    if name is not None and name not in SECTIONS:
        listed = ", ".join(SECTIONS)
        raise ValueError(f"section must be one of {listed}; got {name!r}")


def section_values(name: str) -> dict[str, Any]:
    """The values a section computes (what its text shows), by name."""
    _check_section(name)
    module = importlib.import_module(f"{__name__}.{name}")
    section: Section = module.run()
    return section.values


def render(only: str | None = None) -> str:
    """The tour text, or one section of it when ``only`` names a section."""
    _check_section(only)
    parts = []
    for name, module in available_sections():
        if only is not None and name != only:
            continue
        title = str(module.TITLE)
        body = module.run().text.rstrip()
        parts.append(f"{title}\n{'=' * _display_width(title)}\n\n{body}\n")
    return "\n".join(parts)
