"""Customer-value scoring: AHP, objective weights, normalisation, value indices, RFM.

Submodules load on first access (``custvalue.scoring.ahp``, ``.weights``,
``.normalize``, ``.index``, ``.rfm``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_SUBMODULES = ("ahp", "index", "normalize", "rfm", "weights")
__all__ = list(_SUBMODULES)

if TYPE_CHECKING:  # pragma: no cover
    from custvalue.scoring import ahp as ahp
    from custvalue.scoring import index as index
    from custvalue.scoring import normalize as normalize
    from custvalue.scoring import rfm as rfm
    from custvalue.scoring import weights as weights


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SUBMODULES))
