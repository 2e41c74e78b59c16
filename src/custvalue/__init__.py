"""custvalue: CRM customer-value models.

Lifetime value (deterministic and probabilistic), the customer pyramid,
satisfaction measurement and index models, loyalty metrics and AHP-weighted
value scoring, as a typed, side-effect-free API.

Submodules are imported on first attribute access, so ``import custvalue``
is cheap and changes no global state::

    import custvalue as cv
    cv.clv.annuity_value(1000.0, discount_rate=0.1, periods=5)   # 3790.79

``custvalue.ConfidenceInterval`` is the interval type every
``confidence_interval(*, level=0.95)`` method returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from custvalue._lazy import attach

__version__ = "0.1.0"

#: Public submodules, loaded lazily on first access.
_SUBMODULES = (
    "btyd",
    "clv",
    "datasets",
    "exceptions",
    "loyalty",
    "plotting",
    "pls",
    "pyramid",
    "satisfaction",
    "scoring",
    "transactions",
)

#: Public names defined in private modules, loaded lazily on first access.
_ATTRIBUTES = {"ConfidenceInterval": "custvalue._results"}

__all__ = ["ConfidenceInterval", "__version__", *_SUBMODULES]

if TYPE_CHECKING:  # pragma: no cover - static analysis only
    from custvalue import btyd as btyd
    from custvalue import clv as clv
    from custvalue import datasets as datasets
    from custvalue import exceptions as exceptions
    from custvalue import loyalty as loyalty
    from custvalue import plotting as plotting
    from custvalue import pls as pls
    from custvalue import pyramid as pyramid
    from custvalue import satisfaction as satisfaction
    from custvalue import scoring as scoring
    from custvalue import transactions as transactions
    from custvalue._results import ConfidenceInterval as ConfidenceInterval


__getattr__, __dir__ = attach(__name__, _SUBMODULES, _ATTRIBUTES)
