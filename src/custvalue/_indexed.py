"""Results that keep the pandas index of their input."""

from __future__ import annotations

from typing import Any

from custvalue._results import ResultMixin


def _same_index(a: Any, b: Any) -> bool:
    """Whether two optional pandas indexes hold the same labels and names."""
    if a is None or b is None:
        return a is b
    return bool(a.equals(b)) and list(a.names) == list(b.names)


class IndexedResultMixin(ResultMixin):
    """:class:`~custvalue._results.ResultMixin` for a result with an ``index`` field.

    The field holds the pandas index of the input (or ``None``) and is
    declared with ``eq=False``: a pandas Index compares elementwise, so
    equality compares it here with ``Index.equals`` (and the index names).
    """

    __slots__ = ()
    index: Any

    def __eq__(self, other: object) -> bool:
        same = super().__eq__(other)
        if same is not True:
            return same
        return _same_index(self.index, other.index)  # type: ignore[attr-defined]

    __hash__ = None
