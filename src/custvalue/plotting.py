"""Optional matplotlib figures (install the ``plot`` extra).

matplotlib is imported inside each function, so importing this module costs
nothing and works without it; calling a function without matplotlib raises an
``ImportError`` that says how to install it. Every function draws on the
``ax`` it is given (or a new one) and returns the Axes; nothing is shown or
saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__: list[str] = []


def _axes(ax: Axes | None) -> Axes:
    """Return ``ax`` or a new Axes, importing matplotlib lazily."""
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "custvalue.plotting needs matplotlib: python -m pip install 'custvalue[plot]'"
        ) from exc
    _fig, new_ax = plt.subplots()
    out: Any = new_ax
    return out  # type: ignore[no-any-return]


# --- clv ---------------------------------------------------------------------

# --- btyd --------------------------------------------------------------------

# --- pyramid -----------------------------------------------------------------

# --- satisfaction / pls ------------------------------------------------------

# --- loyalty -----------------------------------------------------------------

# --- scoring -----------------------------------------------------------------
