"""Customer satisfaction (顾客满意度): measurement and index models.

(under construction)
"""

from __future__ import annotations

from custvalue._satisfaction_models import (
    acsi_model,
    ecsi_model,
    ipma,
    satisfaction_index,
    scsb_model,
)

__all__ = ["acsi_model", "ecsi_model", "ipma", "satisfaction_index", "scsb_model"]
