"""Textbook inputs and seeded simulators with known truth.

Every simulator takes ``rng`` (an int seed or a ``numpy.random.Generator``)
and returns data together with the true parameters it was drawn from, so
users and tests can check that estimators recover them.

Each model family keeps its own section of this module.
"""

from __future__ import annotations

__all__: list[str] = []

# --- clv ---------------------------------------------------------------------

# --- btyd / transactions ----------------------------------------------------

# --- pyramid -----------------------------------------------------------------

# --- satisfaction (measurement) ---------------------------------------------

# --- satisfaction models (pls) ----------------------------------------------

# --- loyalty -----------------------------------------------------------------

# --- scoring -----------------------------------------------------------------
