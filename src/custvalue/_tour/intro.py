"""Opening section of the tour."""

from __future__ import annotations

import custvalue
from custvalue._tour import SECTIONS, Section

TITLE = f"custvalue {custvalue.__version__}: a tour of the textbook models"


def run() -> Section:
    """Text of the opening section (it computes nothing)."""
    text = (
        "Each section below recomputes worked examples from Chinese CRM course\n"
        "material (客户关系管理) and the papers behind it, with the custvalue call\n"
        "that produces them. Run one section with `python -m custvalue tour "
        "--section NAME`;\n"
        f"sections: {', '.join(SECTIONS[1:])}.\n"
        "Each section says which published figures it reproduces, recomputed from the\n"
        "textbook's inputs, and which examples are illustrations: data built or\n"
        "simulated to match a published table, so agreeing with that table shows the\n"
        "calls, not a reproduction."
    )
    return Section(text, {})
