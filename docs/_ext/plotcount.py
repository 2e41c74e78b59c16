"""Unique figure names for inline ``plot`` directives in Markdown pages.

matplotlib's ``plot`` directive names an inline figure ``<page>-<n>.png``
with ``n`` counted per docutils document. Every ``{eval-rst}`` block of a
MyST page is parsed as a document of its own, so each one starts again at 1
and the figures of a page overwrite each other. This override keeps one
count per page for the whole build of that page.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from matplotlib.sphinxext.plot_directive import PlotDirective
from sphinx.application import Sphinx


class CountedPlotDirective(PlotDirective):  # type: ignore[misc]
    """The ``plot`` directive with a per-page count of inline figures."""

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        counts: dict[str, int] = env.temp_data.setdefault("plot_counts", {})
        document = self.state_machine.document
        document.attributes["_plot_counter"] = counts.get(env.docname, 0)
        try:
            return super().run()  # type: ignore[no-any-return]
        finally:
            counts[env.docname] = document.attributes.get("_plot_counter", 0)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("matplotlib.sphinxext.plot_directive")
    app.add_directive("plot", CountedPlotDirective, override=True)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
