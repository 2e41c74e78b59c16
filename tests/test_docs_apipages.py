"""The API-page extension: summary tables, the rest of ``__all__``, the coverage check."""

from __future__ import annotations

import io
import sys
import textwrap
from pathlib import Path

import pytest

sphinx_application = pytest.importorskip("sphinx.application")

PROJECT_ROOT = Path(__file__).resolve().parents[1]

MODULE = '''
"""A module for the test."""

__all__ = ["main_entry", "Result", "helper"]


def main_entry(x):
    """Compute the main thing. More words."""
    return x


class Result:
    """What main_entry returns."""

    def to_frame(self):
        """A table."""


def helper(y):
    """Help a little."""
    return y
'''


def _build(tmp_path: Path, page: str, *, modules: list[str]) -> tuple[str, str]:
    src = tmp_path / "src"
    src.mkdir()
    (src / "apitestmod.py").write_text(MODULE, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    ext = PROJECT_ROOT / "docs" / "_ext"
    (docs / "conf.py").write_text(
        textwrap.dedent(
            f"""
            import sys
            sys.path.insert(0, {str(ext)!r})
            sys.path.insert(0, {str(src)!r})
            extensions = ["sphinx.ext.autodoc", "apipages"]
            api_modules = {modules!r}
            """
        ),
        encoding="utf-8",
    )
    (docs / "index.rst").write_text(page, encoding="utf-8")
    warnings = io.StringIO()
    app = sphinx_application.Sphinx(
        str(docs),
        str(docs),
        str(tmp_path / "html"),
        str(tmp_path / "doctrees"),
        "html",
        status=None,
        warning=warnings,
        freshenv=True,
    )
    try:
        app.build()
    finally:
        sys.modules.pop("apitestmod", None)
    html = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    return html, warnings.getvalue()


CURATED = """
Test module (apitestmod)
========================

.. api-summary::

Main
----

.. autofunction:: apitestmod.main_entry

.. api-rest:: apitestmod
"""


def test_summary_lists_the_page_in_order_and_rest_documents_the_others(tmp_path: Path) -> None:
    html, warnings = _build(tmp_path, CURATED, modules=["apitestmod"])
    assert "WARNING" not in warnings, warnings
    table = html[html.index('class="api-summary') : html.index("</table>")]
    # main entry first (page order), then the rest in __all__ order
    order = [table.index(name) for name in ("main_entry()", "Result", "helper()")]
    assert order == sorted(order)
    assert "Compute the main thing." in table
    assert "More words" not in table  # first sentence only
    assert 'href="#apitestmod.Result"' in table
    assert 'id="other-names"' in html
    assert html.index('id="other-names"') < html.index('id="apitestmod.Result"')
    assert 'id="apitestmod.Result.to_frame"' in html


def test_a_public_name_documented_nowhere_is_a_warning(tmp_path: Path) -> None:
    page = CURATED.replace(".. api-rest:: apitestmod\n", "")
    _html, warnings = _build(tmp_path, page, modules=["apitestmod"])
    assert "apitestmod.Result is in apitestmod.__all__ but documented on no API page" in warnings
    assert "apitestmod.helper is in apitestmod.__all__" in warnings
    assert "main_entry is in" not in warnings
