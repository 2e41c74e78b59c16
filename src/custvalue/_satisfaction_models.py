"""Satisfaction index models (ACSI, SCSB, ECSI), the 0-100 index and IPMA.

Public through :mod:`custvalue.satisfaction`; estimated with :mod:`custvalue.pls`.
(under construction)
"""

from __future__ import annotations

from typing import Any

__all__ = ["acsi_model", "ecsi_model", "ipma", "satisfaction_index", "scsb_model"]


def _pending(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError("under construction")


acsi_model = scsb_model = ecsi_model = satisfaction_index = ipma = _pending
