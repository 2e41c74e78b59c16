"""Warning and error classes raised by custvalue.

All warnings derive from :class:`CustvalueWarning`, so a caller can filter
every warning of the library with one rule, and nothing in custvalue changes
the global warning filters.
"""

from __future__ import annotations

__all__ = [
    "ConvergenceError",
    "ConvergenceWarning",
    "CustvalueWarning",
    "DegenerateDataWarning",
]


class CustvalueWarning(UserWarning):
    """Base class of every warning custvalue emits."""


class DegenerateDataWarning(CustvalueWarning):
    """The data make a statistic undefined or unstable (constant input, ties, ...)."""


class ConvergenceWarning(CustvalueWarning):
    """An iterative estimate stopped before its convergence criterion was met."""


class ConvergenceError(RuntimeError):
    """An iterative estimate failed to converge and no usable result exists.

    The message names the iterations used and the last change observed.
    """
