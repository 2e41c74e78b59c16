"""Opening section of the tour."""

from __future__ import annotations

import custvalue
from custvalue._tour import SECTIONS

TITLE = f"custvalue {custvalue.__version__}: a tour of the textbook models"


def run() -> str:
    """Text of the opening section."""
    return (
        "Each section below recomputes worked examples from Chinese CRM course\n"
        "material (客户关系管理) and the papers behind it, with the custvalue call\n"
        "that produces them. Run one section with `python -m custvalue tour "
        "--section NAME`;\n"
        f"sections: {', '.join(SECTIONS[1:])}."
    )
