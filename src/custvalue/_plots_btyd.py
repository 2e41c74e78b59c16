"""Figures of the BTYD model checks (re-exported by :mod:`custvalue.plotting`).

Each function takes the result of a check in :mod:`custvalue.btyd`, draws
on the ``ax`` it is given (or a new one) and returns the Axes; matplotlib is
imported inside the functions, nothing is shown or saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_calibration_holdout", "plot_period_transactions", "plot_tracking"]


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from custvalue.plotting import _INSTALL_HINT

        raise ImportError(_INSTALL_HINT) from exc
    _fig, new_ax = plt.subplots()
    out: Any = new_ax
    return out  # type: ignore[no-any-return]


def _integer_ticks(axis: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _frequency_axis(out: Any, pos: Any, table: Any) -> None:
    """Ticks at ``pos`` labelled with the calibration frequencies (the rows of ``table``)."""
    out.set_xticks(pos, list(table.index))
    out.set_xlabel("repeat purchases in the calibration period (count)")


def _check(result: object, kind: str) -> Any:
    from custvalue import btyd

    cls = getattr(btyd, kind)
    if not isinstance(result, cls):
        raise TypeError(f"result must be a custvalue.btyd.{kind}; got {type(result).__name__}")
    return result


def plot_period_transactions(result: object, *, ax: Axes | None = None) -> Axes:
    """Bars of actual and model-implied customers by number of repeat purchases.

    Parameters
    ----------
    result : custvalue.btyd.PeriodTransactions
        From :func:`custvalue.btyd.period_transactions`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import numpy as np

    res = _check(result, "PeriodTransactions")
    table = res.table
    pos = np.arange(len(table))
    out = _axes(ax)
    out.bar(pos - 0.2, table["actual"], width=0.4, label="actual")
    out.bar(pos + 0.2, table["expected"], width=0.4, label="model")
    _frequency_axis(out, pos, table)
    out.set_ylabel("customers (count)")
    out.set_title(
        f"Period transactions: chi-square {res.chi_square:.2f}, "
        f"df {res.degrees_of_freedom}, p = {res.p_value:.3f}"
    )
    _integer_ticks(out.yaxis)
    out.legend()
    return out


def plot_tracking(
    result: object, *, cumulative: bool = True, time_unit: str = "periods", ax: Axes | None = None
) -> Axes:
    """Actual and expected repeat transactions of a cohort over calendar time.

    Parameters
    ----------
    result : custvalue.btyd.TrackingCurves
        From :func:`custvalue.btyd.tracking_curves`.
    cumulative : bool
        Cumulative curves (default) or incremental ones.
    time_unit : str
        Name of the model's time unit for the axis label (e.g. ``"weeks"``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    res = _check(result, "TrackingCurves")
    if not isinstance(time_unit, str):
        raise TypeError(f"time_unit must be text such as 'weeks'; got {time_unit!r}")
    if not isinstance(cumulative, bool):
        raise TypeError(f"cumulative must be True or False; got {cumulative!r}")
    table = res.table
    kind = "cumulative" if cumulative else "incremental"
    out = _axes(ax)
    out.plot(table["time"], table[f"actual_{kind}"], "-", label="actual")
    out.plot(table["time"], table[f"expected_{kind}"], "--", label="model")
    if res.calibration_end is not None:
        out.axvline(res.calibration_end, color="grey", linestyle=":", label="end of calibration")
    out.set_xlabel(f"time since the cohort's first purchase ({time_unit})")
    out.set_ylabel(f"{kind} repeat transactions (count)")
    out.set_title(f"Tracking: {kind} repeat transactions")
    _integer_ticks(out.xaxis)
    out.legend()
    return out


def plot_calibration_holdout(result: object, *, ax: Axes | None = None) -> Axes:
    """Mean holdout purchases by calibration frequency: actual and conditional expectation.

    Parameters
    ----------
    result : custvalue.btyd.CalibrationHoldout
        From :func:`custvalue.btyd.calibration_holdout`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import numpy as np

    res = _check(result, "CalibrationHoldout")
    table = res.table.dropna()
    pos = np.arange(len(table))
    out = _axes(ax)
    out.plot(pos, table["actual"], "o-", label="actual")
    out.plot(pos, table["expected"], "s--", label="model (conditional expectation)")
    _frequency_axis(out, pos, table)
    out.set_ylabel(f"mean holdout purchases ({res.duration_holdout:.3g} periods)")
    out.set_title("Calibration vs holdout")
    out.legend()
    return out
