"""Timing harness shared by every benchmark module."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    """One benchmark: our call and, optionally, the reference it is compared with.

    ``setup`` runs once, untimed, and returns the state passed to ``ours`` and
    ``reference``. ``reference`` is the peer library (or the bare numpy
    expression of the same formula); a case whose peer is not installed gives
    ``reference=None`` and a ``note`` saying why. ``target`` states the goal
    in words (e.g. "< 1 s", "ratio <= 1.5").
    """

    name: str
    ours: Callable[[object], object]
    setup: Callable[[], object] = lambda: None
    reference: Callable[[object], object] | None = None
    reference_name: str = ""
    repeat: int = 5
    reference_repeat: int | None = None
    target: str = ""
    note: str = ""
    check: Callable[[object, object], str] | None = field(default=None)


@dataclass(frozen=True)
class Timing:
    case: Case
    ours: float
    reference: float | None
    agreement: str


def _median_time(
    fn: Callable[[object], object], state: object, repeat: int
) -> tuple[float, object]:
    times = []
    result: object = None
    for _ in range(max(1, repeat)):
        gc.collect()
        t0 = time.perf_counter()
        result = fn(state)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def run_case(case: Case) -> Timing:
    state = case.setup()
    ours, our_result = _median_time(case.ours, state, case.repeat)
    ref_time = None
    agreement = ""
    if case.reference is not None:
        repeat = case.reference_repeat if case.reference_repeat is not None else case.repeat
        ref_time, ref_result = _median_time(case.reference, state, repeat)
        if case.check is not None:
            agreement = case.check(our_result, ref_result)
    return Timing(case, ours, ref_time, agreement)


def _fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def format_table(rows: list[Timing]) -> str:
    header = ("case", "custvalue", "reference", "ref. time", "ref/ours", "target", "note")
    lines = [header]
    for r in rows:
        ratio = f"{r.reference / r.ours:.1f}x" if r.reference is not None else "-"
        note = "; ".join(x for x in (r.agreement, r.case.note) if x)
        lines.append(
            (
                r.case.name,
                _fmt_time(r.ours),
                r.case.reference_name or "-",
                _fmt_time(r.reference),
                ratio,
                r.case.target,
                note,
            )
        )
    widths = [max(len(str(row[i])) for row in lines) for i in range(len(header))]
    out = []
    for k, row in enumerate(lines):
        out.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
