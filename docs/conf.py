"""Sphinx configuration for the custvalue documentation."""

from __future__ import annotations

import sys
from pathlib import Path

import custvalue

sys.path.insert(0, str(Path(__file__).parent / "_ext"))
sys.path.insert(0, str(Path(__file__).parent / "plots"))

project = "custvalue"
author = "The custvalue developers"
copyright = "2026, the custvalue developers"
version = release = custvalue.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "sphinx.ext.intersphinx",
    "matplotlib.sphinxext.plot_directive",
    "numpydoc",
    "myst_parser",
    "sphinx_copybutton",
    # Serves MathJax from _static/mathjax (files shipped by the package), so
    # formulas render without a network connection.
    "sphinx-mathjax-offline",
    "apipages",
    "plotcount",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3

autodoc_typehints = "none"
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

intersphinx_mapping: dict[str, tuple[str, None]] = {}

# Local MathJax 3 (see the extension above); never a CDN.
mathjax_path = "mathjax/tex-chtml.js"

# Every public name of these modules must be documented on an API page (the
# build fails otherwise); `.. api-rest::` on a page documents the rest.
api_modules = [
    "custvalue.transactions",
    "custvalue.btyd",
    "custvalue.clv",
    "custvalue.pyramid",
    "custvalue.satisfaction",
    "custvalue.pls",
    "custvalue.loyalty",
    "custvalue.scoring.ahp",
    "custvalue.scoring.weights",
    "custvalue.scoring.normalize",
    "custvalue.scoring.index",
    "custvalue.scoring.rfm",
    "custvalue.plotting",
    "custvalue.datasets",
    "custvalue.exceptions",
    "custvalue.dask",
]

# Copy button: copies the code of a doctest without ">>> " / "... " prompts
# and without the printed output.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

# Figures: drawn at the width they are shown (about 7 inches in the page's
# text column), with fonts that stay legible there.
plot_include_source = False
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 150)]
plot_rcparams = {
    "figure.figsize": (7.0, 4.2),
    "font.size": 10.0,
    "axes.titlesize": 11.0,
    "axes.labelsize": 10.0,
    "savefig.bbox": "tight",
}
plot_apply_rcparams = True

html_theme = "pydata_sphinx_theme"
html_title = f"custvalue {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
}
# Pages without sub-pages get the full width instead of an empty navigation bar.
html_sidebars = {"index": [], "installation": [], "gallery": [], "contributing": []}
html_static_path = ["_static"]
html_css_files = ["custvalue.css"]
