"""API pages that keep up with the code.

Two directives for the pages under ``docs/api/``:

``.. api-summary::``
    Replaced, once the page is parsed, by a table of every top-level object
    the page documents (functions, classes, data, exceptions), in page order,
    each linked to its entry and described by the first sentence of its
    docstring. Put it right under the title, so a reader sees the module's
    public names, main entry points first, before any detail.

``.. api-rest:: custvalue.module [custvalue.other ...]``
    Documents (in a last section, "Other names", when the page documents
    objects above it) every name in the modules' ``__all__``
    that the page has not documented above it (classes with their public
    members), in ``__all__`` order. A page made of just ``api-summary`` and
    ``api-rest`` documents a whole module; a curated page gets new names
    without being edited.

And one check: every name in the ``__all__`` of each module listed in the
``api_modules`` configuration value must be documented on some page; a name
that is not gives a warning (an error with ``-W``).
"""

from __future__ import annotations

import importlib
import re
import types
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

_KINDS = {"function": "function", "class": "class", "data": "data", "exception": "exception"}


class api_summary_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils style
    """Marks where the summary table goes."""


class api_rest_holder(nodes.General, nodes.Element):  # noqa: N801 - docutils style
    """What ``api-rest`` documents; on a curated page it becomes a section of its own."""


class ApiSummary(SphinxDirective):
    """``.. api-summary::``: a table of the objects documented on this page."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [api_summary_placeholder()]


def _public_names(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    names = getattr(module, "__all__", None)
    if names is None:
        raise ValueError(f"{module_name} has no __all__")
    return [n for n in names if not isinstance(getattr(module, n), types.ModuleType)]


class ApiRest(SphinxDirective):
    """``.. api-rest:: modules``: document the public names not documented yet."""

    required_arguments = 1
    optional_arguments = 20

    def run(self) -> list[nodes.Node]:
        domain: Any = self.env.get_domain("py")
        here = {
            name
            for name, entry in domain.objects.items()
            if entry.docname == self.env.docname and entry.objtype != "module"
        }
        lines: list[str] = []
        for module_name in self.arguments:
            module = importlib.import_module(module_name)
            for name in _public_names(module_name):
                full = f"{module_name}.{name}"
                if full in here:
                    continue
                obj = getattr(module, name)
                if isinstance(obj, type):
                    lines += [f".. autoclass:: {full}", "   :members:", ""]
                elif callable(obj):
                    lines += [f".. autofunction:: {full}", ""]
                else:
                    lines += [f".. autodata:: {full}", "   :annotation:", ""]
        if not lines:
            return []
        holder = api_rest_holder(curated=bool(here))
        self.state.nested_parse(StringList(lines, source=self.env.docname), 0, holder)
        return [holder]


def _first_sentence(desc: addnodes.desc) -> str:
    for child in desc.children:
        if isinstance(child, addnodes.desc_content):
            for para in child.findall(nodes.paragraph):
                text = " ".join(para.astext().split())
                match = re.match(r"(.+?[.!?])(\s|$)", text)
                return match.group(1) if match else text
    return ""


def _place_rest(app: Sphinx, doctree: nodes.document) -> None:
    """Move ``api-rest`` output to the end of the page, under "Other names" on curated pages."""
    for holder in list(doctree.findall(api_rest_holder)):
        children = list(holder.children)
        top = next(iter(doctree.findall(nodes.section)), None)
        if not holder["curated"] or top is None:
            holder.replace_self(children)
            continue
        section = nodes.section(ids=["other-names"], names=["other names"])
        section += nodes.title(text="Other names")
        section.extend(children)
        holder.parent.remove(holder)
        top += section


def _fill_summaries(app: Sphinx, doctree: nodes.document) -> None:
    placeholders = list(doctree.findall(api_summary_placeholder))
    if not placeholders:
        return
    rows: list[tuple[str, str, str, str]] = []
    for desc in doctree.findall(addnodes.desc):
        if desc.get("domain") != "py" or desc.get("objtype") not in _KINDS:
            continue
        if isinstance(desc.parent, addnodes.desc_content):
            continue  # a member of a class, not a top-level name
        sig = next(iter(desc.findall(addnodes.desc_signature)), None)
        if sig is None or not sig["ids"]:
            continue
        name = str(sig.get("fullname", sig["ids"][0]))
        kind = _KINDS[desc["objtype"]]
        rows.append((name, sig["ids"][0], kind, _first_sentence(desc)))
    for placeholder in placeholders:
        placeholder.replace_self(_table(rows))


def _table(rows: list[tuple[str, str, str, str]]) -> nodes.Node:
    table = nodes.table(classes=["api-summary", "colwidths-auto"])
    group = nodes.tgroup(cols=2)
    table += group
    group += nodes.colspec(colwidth=30)
    group += nodes.colspec(colwidth=70)
    body = nodes.tbody()
    group += body
    for name, anchor, kind, sentence in rows:
        row = nodes.row()
        link = nodes.paragraph()
        call = "()" if kind in ("function",) else ""
        ref = nodes.reference("", "", internal=True, refid=anchor)
        ref += nodes.literal(text=name + call)
        link += ref
        row += nodes.entry("", link)
        text = nodes.paragraph(text=sentence)
        if kind in ("class", "exception", "data"):
            text.insert(0, nodes.emphasis(text=f"{kind}. "))
        row += nodes.entry("", text)
        body += row
    return table


def _check_coverage(app: Sphinx, env: Any) -> None:
    domain: Any = env.get_domain("py")
    for module_name in app.config.api_modules:
        for name in _public_names(module_name):
            full = f"{module_name}.{name}"
            if full not in domain.objects:
                logger.warning(
                    "%s is in %s.__all__ but documented on no API page "
                    "(add it to a page, or add `.. api-rest:: %s` to the module's page)",
                    full,
                    module_name,
                    module_name,
                )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("api_modules", [], "env")
    app.add_node(api_summary_placeholder)
    app.add_node(api_rest_holder)
    app.add_directive("api-summary", ApiSummary)
    app.add_directive("api-rest", ApiRest)
    # before the table of contents is collected (priority 500)
    app.connect("doctree-read", _place_rest, priority=400)
    app.connect("doctree-read", _fill_summaries, priority=450)
    app.connect("env-check-consistency", _check_coverage)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
