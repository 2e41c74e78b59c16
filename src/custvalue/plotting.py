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

__all__ = [
    "calibration_holdout",
    "frequency_recency_matrix",
    "ipma_plot",
    "lorenz_curve",
    "p_alive_matrix",
    "path_diagram",
    "pyramid_chart",
    "satisfaction_loyalty_curve",
]


def _axes(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    """Return ``ax`` or a new Axes, importing matplotlib lazily."""
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "custvalue.plotting needs matplotlib: python -m pip install 'custvalue[plot]'"
        ) from exc
    _fig, new_ax = plt.subplots(figsize=figsize)
    out: Any = new_ax
    return out  # type: ignore[no-any-return]


# --- btyd --------------------------------------------------------------------


def _btyd_grid(model: Any, T: object, max_frequency: object) -> tuple[Any, Any, float]:
    import numpy as np

    from custvalue._validate import as_count, as_scalar
    from custvalue.btyd import BetaGeo, ParetoNBD

    if not isinstance(model, (BetaGeo, ParetoNBD)):
        raise TypeError(f"model must be a BetaGeo or ParetoNBD; got {type(model).__name__}")
    age = as_scalar(T, "T", "> 0")
    top = as_count(max_frequency, "max_frequency", minimum=1)
    x = np.arange(0, top + 1, dtype=float)
    tx = np.linspace(0.0, age, 50)
    return x, tx, age


def _matrix(model: Any, values: Any, x: Any, tx: Any, ax: Axes | None, label: str) -> Axes:
    out = _axes(ax)
    mesh = out.pcolormesh(tx, x, values, shading="nearest", cmap="viridis")
    out.figure.colorbar(mesh, ax=out, label=label)
    out.set_xlabel("recency (time of last purchase)")
    out.set_ylabel("frequency (repeat purchases)")
    out.set_title(f"{type(model).__name__}: {label}")
    return out


def frequency_recency_matrix(
    model: Any, *, T: float, t: float = 1.0, max_frequency: int = 20, ax: Axes | None = None
) -> Axes:
    """Heat map of expected purchases in the next ``t`` by frequency and recency.

    Parameters
    ----------
    model : custvalue.btyd.BetaGeo or custvalue.btyd.ParetoNBD
        The purchase model.
    T : float, keyword-only
        Age of the customers shown (time since their first purchase).
    t : float, keyword-only
        Length of the prediction window, in the model's time unit.
    max_frequency : int, keyword-only
        Largest number of repeat purchases on the vertical axis.
    ax : matplotlib.axes.Axes, optional, keyword-only
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on: conditional expected purchases for each
        (recency, frequency) cell, customers without repeat purchase at 0.
    """
    import numpy as np

    x, tx, age = _btyd_grid(model, T, max_frequency)
    xx, tt = np.meshgrid(x, tx, indexing="ij")
    tt = np.where(xx > 0, tt, 0.0)
    values = model.conditional_expected_purchases(t, xx, tt, age)
    return _matrix(model, values, x, tx, ax, f"expected purchases in next {t:g}")


def p_alive_matrix(
    model: Any, *, T: float, max_frequency: int = 20, ax: Axes | None = None
) -> Axes:
    """Heat map of the probability of being alive by frequency and recency.

    Parameters
    ----------
    model : custvalue.btyd.BetaGeo or custvalue.btyd.ParetoNBD
        The purchase model.
    T : float, keyword-only
        Age of the customers shown.
    max_frequency : int, keyword-only
        Largest number of repeat purchases on the vertical axis.
    ax : matplotlib.axes.Axes, optional, keyword-only
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.
    """
    import numpy as np

    x, tx, age = _btyd_grid(model, T, max_frequency)
    xx, tt = np.meshgrid(x, tx, indexing="ij")
    tt = np.where(xx > 0, tt, 0.0)
    values = model.p_alive(xx, tt, np.full_like(tt, age))
    return _matrix(model, values, x, tx, ax, "P(alive)")


def calibration_holdout(
    model: Any,
    frequency: object,
    recency: object,
    T: object,
    frequency_holdout: object,
    *,
    duration_holdout: float,
    max_frequency: int = 7,
    ax: Axes | None = None,
) -> Axes:
    """Mean holdout purchases, actual and predicted, by calibration frequency.

    Customers are grouped by their calibration-period ``frequency`` (the last
    group collects ``max_frequency`` and more); for each group the mean
    number of purchases actually made in the holdout is drawn next to the
    mean the model predicts, ``conditional_expected_purchases(duration_holdout, ...)``.

    Parameters
    ----------
    model : custvalue.btyd.BetaGeo or custvalue.btyd.ParetoNBD
        Model fitted on the calibration period.
    frequency, recency, T : array_like
        Calibration-period summaries
        (:func:`custvalue.transactions.rfm_summary` with ``calibration_end``).
    frequency_holdout : array_like
        Purchases in the holdout period.
    duration_holdout : float, keyword-only
        Length of the holdout, in the model's time unit.
    max_frequency : int, keyword-only
        Frequencies at or above this are pooled.
    ax : matplotlib.axes.Axes, optional, keyword-only
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.
    """
    import numpy as np

    from custvalue._validate import as_count, as_float_array, as_scalar, check_same_length
    from custvalue.btyd import BetaGeo, ParetoNBD

    if not isinstance(model, (BetaGeo, ParetoNBD)):
        raise TypeError(f"model must be a BetaGeo or ParetoNBD; got {type(model).__name__}")
    x = as_float_array(frequency, "frequency", ndim=1)
    actual = as_float_array(frequency_holdout, "frequency_holdout", ndim=1)
    check_same_length(frequency=x, frequency_holdout=actual)
    span = as_scalar(duration_holdout, "duration_holdout", "> 0")
    top = as_count(max_frequency, "max_frequency", minimum=1)
    predicted = np.asarray(model.conditional_expected_purchases(span, x, recency, T), dtype=float)
    group = np.minimum(x, top).astype(int)
    counts = np.bincount(group, minlength=top + 1)
    seen = counts > 0
    mean_actual = np.bincount(group, weights=actual, minlength=top + 1)[seen] / counts[seen]
    mean_pred = np.bincount(group, weights=predicted, minlength=top + 1)[seen] / counts[seen]
    levels = np.arange(top + 1)[seen]
    out = _axes(ax)
    out.plot(levels, mean_actual, "o-", label="actual")
    out.plot(levels, mean_pred, "s--", label=f"{type(model).__name__} prediction")
    out.set_xlabel(f"purchases in calibration period ({top}+ pooled)")
    out.set_ylabel("mean purchases in holdout")
    out.legend()
    return out


# --- pyramid -----------------------------------------------------------------


def lorenz_curve(concentration: Any, ax: Axes | None = None, *, max_points: int = 2001) -> Axes:
    """Lorenz curve of customer value, with the equality line and the Gini in the legend.

    Parameters
    ----------
    concentration : custvalue.pyramid.Concentration
        Result of :func:`custvalue.pyramid.concentration`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    max_points : int, keyword-only
        Largest number of curve points drawn; longer curves are sampled at
        evenly spaced customers (the curve is piecewise linear, so the
        picture does not change).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on: cumulative share of customers (poorest first)
        against cumulative share of value.
    """
    import numpy as np

    from custvalue._validate import as_count
    from custvalue.pyramid import Concentration

    if not isinstance(concentration, Concentration):
        raise TypeError(
            f"concentration must be a Concentration result; got {type(concentration).__name__}"
        )
    points = as_count(max_points, "max_points", minimum=2)
    n = concentration.n_customers
    idx = np.unique(np.linspace(0, n, min(points, n + 1)).round().astype(np.int64))
    out = _axes(ax)
    out.plot([0.0, 1.0], [0.0, 1.0], color="0.6", linestyle="--", label="equal value")
    out.plot(
        idx / n,
        concentration.lorenz_y[idx],
        label=f"Lorenz curve (Gini {concentration.gini:.2f})",
    )
    out.set_xlabel("cumulative share of customers (lowest value first)")
    out.set_ylabel("cumulative share of value")
    out.legend()
    return out


def pyramid_chart(summary: Any, *, column: str = "customer_share", ax: Axes | None = None) -> Axes:
    """Customer pyramid as centred horizontal bars, top tier at the top.

    Parameters
    ----------
    summary : pandas.DataFrame
        Result of :func:`custvalue.pyramid.tier_summary` (columns ``tier``
        and ``column``), top tier first.
    column : str, keyword-only
        Column giving the bar widths, e.g. ``"customer_share"`` or
        ``"value_share"`` (negative widths are drawn as their size, hatched).
    ax : matplotlib.axes.Axes, optional, keyword-only
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on, one bar per tier labelled with its share.
    """
    import numpy as np

    from custvalue._validate import as_float_array, is_dataframe

    if not is_dataframe(summary) or "tier" not in summary.columns:
        raise TypeError("summary must be the DataFrame returned by custvalue.pyramid.tier_summary")
    if column not in summary.columns:
        listed = ", ".join(repr(c) for c in summary.columns if c != "tier")
        raise ValueError(f"column must be one of {listed}; got {column!r}")
    widths = as_float_array(summary[column], column, ndim=1)
    names = [str(t) for t in summary["tier"]]
    y = np.arange(len(names))[::-1]
    size = np.abs(widths)
    out = _axes(ax)
    bars = out.barh(y, size, left=-size / 2.0, color="tab:blue", edgecolor="black")
    for bar, w in zip(bars, widths, strict=True):
        if w < 0:
            bar.set_hatch("//")
            bar.set_facecolor("tab:red")
    half = float(size.max()) / 2.0 if size.size else 0.5
    for yi, w in zip(y, widths, strict=True):
        out.text(abs(w) / 2.0 + 0.02 * half, yi, f"{w:.1%}", ha="left", va="center")
    out.set_xlim(-1.1 * half, 1.35 * half)
    out.set_yticks(y, names)
    out.set_xticks([])
    out.set_xlabel(column.replace("_", " "))
    return out


# --- satisfaction / pls ------------------------------------------------------


def ipma_plot(table: Any, *, ax: Axes | None = None) -> Axes:
    """Importance-performance map: importance (x) against performance (y).

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`custvalue.satisfaction.ipma` (columns
        ``construct``, ``importance``, ``performance``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The map, with dashed lines at the mean importance and performance
        dividing it into the four IPMA quadrants.

    Raises
    ------
    ValueError
        ``table`` lacks one of the columns.
    """
    from custvalue._validate import is_dataframe

    if not is_dataframe(table):
        raise TypeError(f"table must be the DataFrame returned by ipma; got {type(table).__name__}")
    need = ("construct", "importance", "performance")
    absent = [c for c in need if c not in table.columns]
    if absent:
        raise ValueError(f"table has no column {absent[0]!r}; pass the result of ipma()")
    out = _axes(ax)
    x = table["importance"].to_numpy(dtype=float)
    y = table["performance"].to_numpy(dtype=float)
    out.scatter(x, y, color="tab:blue", zorder=3)
    for name, xi, yi in zip(table["construct"], x, y, strict=True):
        out.annotate(str(name), (xi, yi), textcoords="offset points", xytext=(5, 5))
    out.axvline(float(x.mean()), color="grey", linestyle="--", linewidth=1)
    out.axhline(float(y.mean()), color="grey", linestyle="--", linewidth=1)
    out.set_xlabel("importance (unstandardised total effect)")
    out.set_ylabel("performance (0-100)")
    out.set_title("Importance-performance map")
    return out


def path_diagram(model: Any, *, ax: Axes | None = None) -> Axes:
    """Draw the structural model of a path model, with path coefficients if estimated.

    Parameters
    ----------
    model : custvalue.pls.PathModel or custvalue.pls.PLSResult
        A specification (arrows only) or an estimation (arrows labelled with
        the path coefficients and R^2 under each endogenous construct).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        Constructs placed in columns by their depth in the structural model.
    """
    from custvalue.pls import PathModel, PLSResult

    result = model if isinstance(model, PLSResult) else None
    spec = result.model if result is not None else model
    if not isinstance(spec, PathModel):
        raise TypeError(f"model must be a PathModel or PLSResult; got {type(model).__name__}")
    names = spec.names
    depth = dict.fromkeys(names, 0)
    for _ in names:
        for source, target in spec.paths:
            depth[target] = max(depth[target], depth[source] + 1)
    columns: dict[int, list[str]] = {}
    for name in names:
        columns.setdefault(depth[name], []).append(name)
    # Columns by structural depth; a lone construct zigzags above and below
    # the midline so that paths skipping a column do not run through it.
    pos: dict[str, tuple[float, float]] = {}
    for level, members in columns.items():
        for k, name in enumerate(members):
            y = 1.4 * ((len(members) - 1) / 2.0 - k)
            if len(members) == 1:
                y = 0.7 if level % 2 == 0 else -0.7
            pos[name] = (2.0 * level, y)
    out = _axes(ax, figsize=(2.0 + 1.9 * len(columns), 4.5))
    boxes = {}
    for name, (x, y) in pos.items():
        label = name
        if result is not None and name in spec.endogenous:
            label += f"\nR² {result.r2_values[names.index(name)]:.2f}"
        boxes[name] = out.text(
            x,
            y,
            label,
            ha="center",
            va="center",
            fontsize=9,
            zorder=3,
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "#e8f0fa", "edgecolor": "tab:blue"},
        )
    for source, target in spec.paths:
        (x0, y0), (x1, y1) = pos[source], pos[target]
        skip = depth[target] - depth[source] > 1
        out.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            zorder=4,
            arrowprops={
                "arrowstyle": "-|>",
                "mutation_scale": 14,
                "color": "0.35",
                "patchA": boxes[source].get_bbox_patch(),
                "patchB": boxes[target].get_bbox_patch(),
                "connectionstyle": f"arc3,rad={0.25 if skip else 0.0}",
            },
        )
        if result is not None:
            i, j = names.index(source), names.index(target)
            bend = 0.12 * (y1 - y0 + x1 - x0) if skip else 0.0
            out.text(
                (x0 + x1) / 2 + bend * 0.3,
                (y0 + y1) / 2 - bend,
                f"{result.path_values[i, j]:.2f}",
                ha="center",
                va="center",
                fontsize=8,
                zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            )
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    out.set_xlim(min(xs) - 1.0, max(xs) + 1.0)
    out.set_ylim(min(ys) - 1.2, max(ys) + 1.2)
    out.set_axis_off()
    return out


# --- loyalty -----------------------------------------------------------------


def satisfaction_loyalty_curve(
    curve: Any, *, ax: Axes | None = None, label: str | None = None
) -> Axes:
    """Draw a satisfaction-loyalty curve: raw rates with intervals and the fit.

    Parameters
    ----------
    curve : custvalue.loyalty.SatisfactionLoyaltyCurve
        Result of :func:`custvalue.loyalty.satisfaction_loyalty_curve`.
    ax : matplotlib.axes.Axes, optional, keyword-only
        Axes to draw on (default: a new figure).
    label : str, optional, keyword-only
        Legend label of the fitted line (e.g. the market).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on: raw repurchase rate per satisfaction level with
        its Wilson interval (points and error bars), and the fitted logistic
        curve with its pointwise interval band.
    """
    import numpy as np
    from scipy import special

    from custvalue.loyalty import SatisfactionLoyaltyCurve

    if not isinstance(curve, SatisfactionLoyaltyCurve):
        raise TypeError(f"curve must be a SatisfactionLoyaltyCurve; got {type(curve).__name__}")
    out = _axes(ax)
    lv = np.asarray(curve.levels, dtype=float)
    grid = np.linspace(lv.min(), lv.max(), 200)
    line = out.plot(
        grid, special.expit(curve.intercept + curve.slope * grid), label=label or "logistic fit"
    )
    colour = line[0].get_color()
    out.fill_between(lv, curve.fitted_low, curve.fitted_high, color=colour, alpha=0.15)
    seen = curve.n > 0
    err = np.vstack(
        [
            curve.observed[seen] - curve.observed_low[seen],
            curve.observed_high[seen] - curve.observed[seen],
        ]
    )
    out.errorbar(lv[seen], curve.observed[seen], yerr=err, fmt="o", color=colour, capsize=3)
    out.set_xlabel("satisfaction")
    out.set_ylabel("probability of repurchase")
    out.set_ylim(0.0, 1.0)
    out.set_xticks(lv)
    return out
