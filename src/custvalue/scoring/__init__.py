"""Customer-value scoring: AHP, objective weights, normalisation, value indices, RFM.

Submodules load on first access (``custvalue.scoring.ahp``, ``.weights``,
``.normalize``, ``.index``, ``.rfm``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from custvalue._lazy import attach

_SUBMODULES = ("ahp", "index", "normalize", "rfm", "weights")
__all__ = list(_SUBMODULES)

if TYPE_CHECKING:  # pragma: no cover
    from custvalue.scoring import ahp as ahp
    from custvalue.scoring import index as index
    from custvalue.scoring import normalize as normalize
    from custvalue.scoring import rfm as rfm
    from custvalue.scoring import weights as weights


__getattr__, __dir__ = attach(__name__, _SUBMODULES)
