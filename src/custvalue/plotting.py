"""Optional matplotlib figures (install the ``plot`` extra).

matplotlib is imported inside each function, so importing this module costs
nothing and works without it; calling a function without matplotlib raises an
``ImportError`` that says how to install it. Every function draws on the
``ax`` it is given (or a new one, sized to be legible at about 7 inches, the
width of a page or a slide column) and returns the Axes; nothing is shown or
saved. Every figure has a title and labelled axes with their units; counts
have integer ticks, and text is kept inside the Axes.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from custvalue._plots_btyd import (
    plot_calibration_holdout,
    plot_period_transactions,
    plot_tracking,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = [
    "ahp_weights",
    "calibration_holdout",
    "frequency_recency_matrix",
    "ipma_plot",
    "kano_better_worse",
    "lorenz_curve",
    "nps_by_segment",
    "p_alive_matrix",
    "path_diagram",
    "plot_calibration_holdout",
    "plot_period_transactions",
    "plot_tracking",
    "pyramid_chart",
    "satisfaction_loyalty_curve",
]

#: Size of a new figure, in inches: legible when shown 6 to 8 inches wide.
DEFAULT_FIGSIZE = (6.4, 4.4)

_INSTALL_HINT = (
    "custvalue.plotting needs matplotlib: install it with "
    "python -m pip install 'custvalue[plot]' (from a clone of the repository: "
    "python -m pip install -e '.[plot]')"
)


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(_INSTALL_HINT) from exc
    return plt


def _axes(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    """Return ``ax`` or a new Axes, importing matplotlib lazily."""
    if ax is not None:
        return ax
    plt = _pyplot()
    _fig, new_ax = plt.subplots(figsize=figsize or DEFAULT_FIGSIZE)
    out: Any = new_ax
    return out  # type: ignore[no-any-return]


def _integer_ticks(axis: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _percent_ticks(axis: Any) -> None:
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))


def _renderer(fig: Any) -> Any:
    canvas = fig.canvas
    if hasattr(canvas, "get_renderer"):
        return canvas.get_renderer()
    return fig._get_renderer()  # pragma: no cover - non-Agg canvases


def _keep_inside(ax: Axes, texts: Sequence[Any], *, pad: float = 4.0) -> None:
    """Widen the data limits until every text in ``texts`` lies inside the Axes.

    ``pad`` is the free margin kept around the texts, in display pixels.
    """
    if not texts:
        return
    fig = ax.figure
    for _ in range(30):
        renderer = _renderer(fig)
        box = ax.get_window_extent(renderer)
        left = right = bottom = top = 0.0
        for text in texts:
            ext = text.get_window_extent(renderer)
            left = max(left, box.x0 + pad - ext.x0)
            right = max(right, ext.x1 - (box.x1 - pad))
            bottom = max(bottom, box.y0 + pad - ext.y0)
            top = max(top, ext.y1 - (box.y1 - pad))
        if max(left, right, bottom, top) <= 0.0:
            return
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        per_px_x = (x1 - x0) / box.width
        per_px_y = (y1 - y0) / box.height
        # widening the limits shrinks the scale too: overshoot a little
        ax.set_xlim(x0 - 1.3 * left * per_px_x, x1 + 1.3 * right * per_px_x)
        ax.set_ylim(y0 - 1.3 * bottom * per_px_y, y1 + 1.3 * top * per_px_y)


def _label_points(ax: Axes, names: Sequence[str], x: Any, y: Any) -> list[Any]:
    """Label each point with the first of eight offsets whose text overlaps no earlier label."""
    offsets = [(5, 5), (5, -13), (-5, 5), (-5, -13), (5, 16), (5, -24), (-5, 16), (-5, -24)]
    renderer = _renderer(ax.figure)
    placed: list[Any] = []
    texts = []
    for name, xi, yi in zip(names, x, y, strict=True):
        text = None
        for dx, dy in offsets:
            if text is not None:
                text.remove()
            text = ax.annotate(
                str(name),
                (xi, yi),
                textcoords="offset points",
                xytext=(dx, dy),
                ha="left" if dx > 0 else "right",
            )
            ext = text.get_window_extent(renderer)
            if not any(ext.overlaps(other) for other in placed):
                break
        assert text is not None
        placed.append(text.get_window_extent(renderer))
        texts.append(text)
    return texts


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


def _check_unit(unit: object) -> str:
    if not isinstance(unit, str) or not unit.strip():
        raise TypeError(f"unit must be a non-empty str such as 'weeks'; got {unit!r}")
    return unit


def _matrix(
    model: Any, values: Any, x: Any, tx: Any, ax: Axes | None, label: str, title: str, unit: str
) -> Axes:
    out = _axes(ax)
    mesh = out.pcolormesh(tx, x, values, shading="nearest", cmap="viridis")
    out.figure.colorbar(mesh, ax=out, label=label)
    out.set_xlabel(f"recency: time from first to last purchase ({unit})")
    out.set_ylabel("frequency (repeat purchases)")
    _integer_ticks(out.yaxis)
    out.set_title(f"{type(model).__name__}: {title}")
    return out


def frequency_recency_matrix(
    model: Any,
    *,
    T: float,
    t: float = 1.0,
    max_frequency: int = 20,
    unit: str = "time units",
    ax: Axes | None = None,
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
    unit : str, keyword-only
        Name of the model's time unit for the labels, e.g. ``"weeks"``.
    ax : matplotlib.axes.Axes, optional, keyword-only
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on: conditional expected purchases for each
        (recency, frequency) cell, customers without repeat purchase at 0.
    """
    import numpy as np

    name = _check_unit(unit)
    x, tx, age = _btyd_grid(model, T, max_frequency)
    xx, tt = np.meshgrid(x, tx, indexing="ij")
    tt = np.where(xx > 0, tt, 0.0)
    values = model.conditional_expected_purchases(t, xx, tt, age)
    what = f"expected purchases in the next {t:g} {name}"
    title = f"{what}, customers aged {age:g} {name}"
    return _matrix(model, values, x, tx, ax, what, title, name)


def p_alive_matrix(
    model: Any,
    *,
    T: float,
    max_frequency: int = 20,
    unit: str = "time units",
    ax: Axes | None = None,
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
    unit : str, keyword-only
        Name of the model's time unit for the labels, e.g. ``"weeks"``.
    ax : matplotlib.axes.Axes, optional, keyword-only
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.
    """
    import numpy as np

    name = _check_unit(unit)
    x, tx, age = _btyd_grid(model, T, max_frequency)
    xx, tt = np.meshgrid(x, tx, indexing="ij")
    tt = np.where(xx > 0, tt, 0.0)
    values = model.p_alive(xx, tt, np.full_like(tt, age))
    title = f"probability of being alive, customers aged {age:g} {name}"
    return _matrix(model, values, x, tx, ax, "P(alive)", title, name)


def calibration_holdout(
    model: Any,
    frequency: object,
    recency: object,
    T: object,
    frequency_holdout: object,
    *,
    duration_holdout: float,
    max_frequency: int = 7,
    unit: str = "time units",
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
        Purchases in the holdout period. pandas inputs are paired by label.
    duration_holdout : float, keyword-only
        Length of the holdout, in the model's time unit.
    max_frequency : int, keyword-only
        Frequencies at or above this are pooled.
    unit : str, keyword-only
        Name of the model's time unit for the labels, e.g. ``"weeks"``.
    ax : matplotlib.axes.Axes, optional, keyword-only
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.
    """
    import numpy as np

    from custvalue._validate import (
        align_by_label,
        as_count,
        as_float_array,
        as_scalar,
        check_same_length,
    )
    from custvalue.btyd import BetaGeo, ParetoNBD

    if not isinstance(model, (BetaGeo, ParetoNBD)):
        raise TypeError(f"model must be a BetaGeo or ParetoNBD; got {type(model).__name__}")
    name = _check_unit(unit)
    (frequency, recency, T, frequency_holdout), _ = align_by_label(
        frequency=frequency, recency=recency, T=T, frequency_holdout=frequency_holdout
    )
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
    out.set_xlabel(f"repeat purchases in the calibration period ({top} and more pooled)")
    out.set_ylabel(f"mean purchases in the {span:.3g}-{name.removesuffix('s')} holdout")
    out.set_title("Calibration and holdout: actual against predicted")
    _integer_ticks(out.xaxis)
    out.legend()
    return out


# --- pyramid -----------------------------------------------------------------


def lorenz_curve(
    concentration: Any, *, top: float = 0.2, max_points: int = 2001, ax: Axes | None = None
) -> Axes:
    """Lorenz curve of customer value, with its Gini and the top customers' share marked.

    Parameters
    ----------
    concentration : custvalue.pyramid.Concentration
        Result of :func:`custvalue.pyramid.concentration`.
    top : float, keyword-only
        Share of the most valuable customers whose share of value is marked
        on the curve (0.2: the 80/20 rule's top fifth).
    max_points : int, keyword-only
        Largest number of curve points drawn; longer curves are sampled at
        evenly spaced customers (the curve is piecewise linear, so the
        picture does not change).
    ax : matplotlib.axes.Axes, optional, keyword-only
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on: cumulative share of customers (least valuable
        first) against cumulative share of value, the line of equal value,
        and a marker where the top ``top`` of the customers begin, annotated
        with their share of the value.
    """
    import numpy as np

    from custvalue._validate import as_count, as_scalar
    from custvalue.pyramid import Concentration

    if not isinstance(concentration, Concentration):
        raise TypeError(
            f"concentration must be a Concentration result; got {type(concentration).__name__}"
        )
    points = as_count(max_points, "max_points", minimum=2)
    share = as_scalar(top, "top", "(0, 1)")
    n = concentration.n_customers
    idx = np.unique(np.linspace(0, n, min(points, n + 1)).round().astype(np.int64))
    out = _axes(ax)
    out.plot([0.0, 1.0], [0.0, 1.0], color="0.6", linestyle="--", label="equal value")
    out.plot(
        idx / n,
        concentration.lorenz_y[idx],
        color="tab:blue",
        label=f"Lorenz curve, Gini {concentration.gini:.2f}",
    )
    held = float(concentration.top_share(share))
    x_mark, y_mark = 1.0 - share, 1.0 - held
    out.plot([x_mark], [y_mark], "o", color="tab:red")
    out.annotate(
        f"top {share:.0%} of customers\nhold {held:.1%} of the value",
        (x_mark, y_mark),
        xytext=(0.08, 0.72),
        textcoords="axes fraction",
        arrowprops={"arrowstyle": "->", "color": "tab:red"},
    )
    out.set_xlim(0.0, 1.0)
    out.set_ylim(0.0, 1.0)
    _percent_ticks(out.xaxis)
    _percent_ticks(out.yaxis)
    out.set_xlabel("cumulative share of customers (least valuable first)")
    out.set_ylabel("cumulative share of value")
    out.set_title(f"Value concentration of {n:,} customers")
    out.legend(loc="upper left")
    return out


def pyramid_chart(summary: Any, *, column: str = "customer_share", ax: Axes | None = None) -> Axes:
    """Customer pyramid as centred horizontal bars, top tier at the top, with counts and shares.

    Parameters
    ----------
    summary : pandas.DataFrame
        Result of :func:`custvalue.pyramid.tier_summary` (columns ``tier``
        and ``column``, and ``customers`` for the counts), top tier first.
    column : str, keyword-only
        Column giving the bar widths, e.g. ``"customer_share"`` or
        ``"value_share"`` (negative widths are drawn as their size, hatched).
    ax : matplotlib.axes.Axes, optional, keyword-only
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on, one bar per tier labelled with its number of
        customers and its share (and, when the bars show customers, the
        tier's share of value).
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
    counts = summary["customers"].to_numpy() if "customers" in summary.columns else None
    y = np.arange(len(names))[::-1]
    size = np.abs(widths)
    out = _axes(ax)
    bars = out.barh(y, size, left=-size / 2.0, color="tab:blue", edgecolor="black")
    for bar, w in zip(bars, widths, strict=True):
        if w < 0:
            bar.set_hatch("//")
            bar.set_facecolor("tab:red")
    half = float(size.max()) / 2.0 if size.size else 0.5
    labels = []
    for k, (yi, w) in enumerate(zip(y, widths, strict=True)):
        parts = []
        if counts is not None:
            parts.append(f"{int(counts[k]):,} customers")
        what = "customers" if column == "customer_share" else column.replace("_", " ")
        if column.endswith("_share"):
            what = column.removesuffix("_share").replace("_", " ")
            what = "customers" if what == "customer" else what
            parts.append(f"{w:.1%} of {what}")
        else:
            parts.append(f"{what} {w:,.4g}")
        if column == "customer_share" and "value_share" in summary.columns:
            parts.append(f"{float(summary['value_share'].iloc[k]):.1%} of value")
        # one column of labels right of the widest bar, so the pyramid keeps its shape
        labels.append(out.text(1.08 * half, yi, ", ".join(parts), ha="left", va="center"))
    out.set_xlim(-1.1 * half, 1.1 * half)
    out.set_yticks(y, names)
    out.set_xticks([])
    for side in ("top", "right", "bottom"):
        out.spines[side].set_visible(False)
    out.set_xlabel(f"bar width: {column.replace('_', ' ')} of the tier")
    out.set_title("Customer pyramid")
    _keep_inside(out, labels)
    return out


# --- satisfaction / pls ------------------------------------------------------


def ipma_plot(table: Any, *, ax: Axes | None = None) -> Axes:
    """Importance-performance map: importance (x) against performance (y).

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`custvalue.satisfaction.ipma` (columns
        ``construct``, ``importance``, ``performance``).
    ax : matplotlib.axes.Axes, optional, keyword-only
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The map, with dashed lines at the mean importance and performance
        dividing it into the four IPMA quadrants; every label lies inside
        the Axes.

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
    texts = _label_points(out, [str(n) for n in table["construct"]], x, y)
    out.axvline(float(x.mean()), color="grey", linestyle="--", linewidth=1)
    out.axhline(float(y.mean()), color="grey", linestyle="--", linewidth=1)
    out.set_xlabel("importance (unstandardised total effect on the target)")
    out.set_ylabel("performance (index, 0-100)")
    out.set_title("Importance-performance map")
    _keep_inside(out, texts)
    return out


def kano_better_worse(summary: Any, *, ax: Axes | None = None) -> Axes:
    """Better-Worse diagram of a Kano survey: one point per attribute.

    The satisfaction coefficient Better (how much fulfilling the attribute
    raises satisfaction) is drawn against the absolute value of the
    dissatisfaction coefficient Worse (how much its absence lowers it); the
    lines at 0.5 divide attractive (upper left), one-dimensional (upper
    right), must-be (lower right) and indifferent (lower left) attributes
    (Berger et al. 1993).

    Parameters
    ----------
    summary : custvalue.satisfaction.KanoSummary
        Result of :func:`custvalue.satisfaction.kano_summary`.
    ax : matplotlib.axes.Axes, optional, keyword-only
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on, each point labelled with its attribute and
        coloured by its dominant Kano category.
    """
    import numpy as np

    from custvalue.satisfaction import KanoSummary

    if not isinstance(summary, KanoSummary):
        raise TypeError(f"summary must be a KanoSummary; got {type(summary).__name__}")
    better = np.asarray(summary.better, dtype=float)
    worse = np.abs(np.asarray(summary.worse, dtype=float))
    colours = {"A": "tab:green", "O": "tab:blue", "M": "tab:red", "I": "0.5"}
    names = {"A": "attractive", "O": "one-dimensional", "M": "must-be", "I": "indifferent"}
    out = _axes(ax)
    shown: set[str] = set()
    for cat in summary.category:
        shown.add(str(cat))
    for cat in ["A", "O", "M", "I", "R", "Q"]:
        if cat not in shown:
            continue
        mask = np.array([str(c) == cat for c in summary.category])
        out.scatter(
            worse[mask],
            better[mask],
            color=colours.get(cat, "black"),
            label=f"{names.get(cat, cat)} (category {cat})",
            zorder=3,
        )
    out.set_xlim(0.0, 1.0)
    out.set_ylim(0.0, 1.0)
    finite = np.isfinite(worse) & np.isfinite(better)
    texts = _label_points(
        out,
        [str(a) for a, ok in zip(summary.attributes, finite, strict=True) if ok],
        worse[finite],
        better[finite],
    )
    out.axvline(0.5, color="grey", linestyle="--", linewidth=1)
    out.axhline(0.5, color="grey", linestyle="--", linewidth=1)
    for x, y, text in [
        (0.02, 0.98, "attractive"),
        (0.98, 0.98, "one-dimensional"),
        (0.98, 0.02, "must-be"),
        (0.02, 0.02, "indifferent"),
    ]:
        out.text(
            x,
            y,
            text,
            transform=out.transAxes,
            ha="left" if x < 0.5 else "right",
            va="top" if y > 0.5 else "bottom",
            color="0.4",
            fontstyle="italic",
        )
    out.set_xlim(0.0, 1.0)
    out.set_ylim(0.0, 1.0)
    out.set_xlabel("|Worse|: dissatisfaction if the attribute is absent (0-1)")
    out.set_ylabel("Better: satisfaction if the attribute is present (0-1)")
    out.set_title("Kano Better-Worse diagram")
    out.legend(loc="center left", fontsize="small")
    _keep_inside(out, texts)
    return out


def _path_table(bootstrap: Any) -> Any:
    from custvalue._validate import is_dataframe

    getter = getattr(bootstrap, "path_table", None)
    if not callable(getter):
        raise TypeError(
            "bootstrap must be a bootstrap result with a path_table() method "
            f"(custvalue.pls.bootstrap); got {type(bootstrap).__name__}"
        )
    table = getter()
    if not is_dataframe(table) or "p_value" not in table.columns or table.index.nlevels != 2:
        raise ValueError(
            "bootstrap.path_table() must return a DataFrame indexed by (source, target) "
            "with a 'p_value' column"
        )
    return table


def path_diagram(
    model: Any,
    *,
    bootstrap: Any = None,
    alpha: float = 0.05,
    indicators: bool = False,
    direction: Literal["right", "down"] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw a path model: constructs, paths with their coefficients, optionally indicators.

    Constructs are placed in layers by their depth in the structural model
    (exogenous constructs first), ordered within a layer to reduce
    crossings. A path that skips layers is routed through reserved lanes in
    the layers between, so no path runs through a construct it does not
    connect, and its coefficient sits in its own lane; the coefficients of
    paths between neighbouring layers are placed along their own edge where
    they overlap no other label or box.

    Parameters
    ----------
    model : custvalue.pls.PathModel or custvalue.pls.PLSResult
        A specification (arrows only) or an estimate (arrows labelled with
        the path coefficients, R² under each endogenous construct).
    bootstrap : custvalue.pls.BootstrapResult, optional, keyword-only
        A bootstrap of the estimate. Its ``path_table()`` (a DataFrame
        indexed by (source, target) with a ``p_value`` column) marks the
        paths significant at ``alpha``: drawn solid with the coefficient
        starred, the others dashed and grey.
    alpha : float, keyword-only
        Significance level for ``bootstrap`` (default 0.05).
    indicators : bool, keyword-only
        Also draw each construct's indicators with their outer loadings
        (reflective, mode A, arrows from the construct) or outer weights
        (formative, mode B, arrows to the construct) for an estimate.
    direction : {"right", "down"}, optional, keyword-only
        Layers from left to right or from top to bottom. Default: in a given
        Axes, the one that fits with the larger text; in a new figure,
        "right" for up to four layers and "down" for deeper models, so that a
        seven-layer ECSI model stays legible at page width.
    ax : matplotlib.axes.Axes, optional, keyword-only
        Where to draw; a new figure, sized to the diagram, when omitted. The
        text shrinks to fit a smaller given Axes.

    Returns
    -------
    matplotlib.axes.Axes
        The diagram. Artists carry ids (``Artist.get_gid()``) for further
        styling or checks: ``"construct:<name>"`` (box), ``"indicator:<name>"``,
        ``"edge:<source>-><target>"`` (the routed line),
        ``"coefficient:<source>-><target>"`` (label).
    """
    from custvalue._validate import as_scalar
    from custvalue.pls import PathModel, PLSResult

    result = model if isinstance(model, PLSResult) else None
    spec = result.model if result is not None else model
    if not isinstance(spec, PathModel):
        raise TypeError(f"model must be a PathModel or PLSResult; got {type(model).__name__}")
    if direction is not None and direction not in ("right", "down"):
        raise ValueError(f"direction must be 'right', 'down' or None; got {direction!r}")
    if not isinstance(indicators, bool):
        raise TypeError(f"indicators must be True or False; got {indicators!r}")
    level = as_scalar(alpha, "alpha", "(0, 1)")
    p_values: dict[tuple[str, str], float] | None = None
    if bootstrap is not None:
        if result is None:
            raise TypeError("bootstrap needs an estimated model: pass the PLSResult as model")
        table = _path_table(bootstrap)
        p_values = {}
        for path in spec.paths:
            if path not in table.index:
                raise ValueError(
                    f"bootstrap.path_table() has no row for the path {path[0]} -> {path[1]}"
                )
            p_values[path] = float(table.loc[path, "p_value"])
    if direction is None and ax is not None:
        # the orientation that fits the given Axes with the larger text
        layouts = [
            _PathLayout(spec, result, indicators=indicators, direction=d) for d in ("right", "down")
        ]
        layout = max(layouts, key=lambda lay: lay.fit_scale(ax))
    else:
        layout = _PathLayout(spec, result, indicators=indicators, direction=direction)
    return layout.draw(ax, p_values, level)


class _PathLayout:
    """Layered layout of a path model; lengths in em of the nominal font."""

    FONT = 9.0

    def __init__(self, spec: Any, result: Any, *, indicators: bool, direction: str | None) -> None:
        self.spec = spec
        self.result = result
        names = list(spec.names)
        self.names = names
        depth = dict.fromkeys(names, 0)
        for _ in names:
            for source, target in spec.paths:
                depth[target] = max(depth[target], depth[source] + 1)
        self.depth = depth
        n_layers = max(depth.values()) + 1
        self.n_layers = n_layers
        self.direction = direction or ("right" if n_layers <= 4 else "down")
        self.show_indicators = indicators
        self._measure()
        self._order()
        self._place()

    # -- text sizes ---------------------------------------------------------

    @staticmethod
    def _text_size(text: str, size: float) -> tuple[float, float]:
        """Width and height of ``text`` at ``size`` points, in em of the nominal font."""
        from matplotlib.font_manager import FontProperties
        from matplotlib.textpath import text_to_path

        prop = FontProperties(size=size)
        lines = text.split("\n")
        width = max(
            text_to_path.get_text_width_height_descent(line, prop, ismath=False)[0]
            for line in lines
        )
        height = 1.25 * size * len(lines)
        return width / _PathLayout.FONT, height / _PathLayout.FONT

    def _construct_label(self, name: str) -> str:
        if self.result is not None and name in self.spec.endogenous:
            r2 = float(self.result.r2_values[self.names.index(name)])
            return f"{name}\nR² {r2:.2f}"
        return name

    def _indicator_labels(self, name: str) -> list[str]:
        items = list(self.spec.constructs[name])
        if self.result is None:
            return items
        frame = self.result.outer_model
        rows = frame[frame["construct"] == name].set_index("indicator")
        column = "weight" if self.spec.modes[name] == "B" else "loading"
        return [f"{item} {float(rows.loc[item, column]):.2f}" for item in items]

    def _measure(self) -> None:
        right = self.direction == "right"
        self.box: dict[str, tuple[float, float]] = {}  # (width, height)
        self.ind_boxes: dict[str, list[tuple[str, float, float]]] = {}
        self.item_size: dict[str, tuple[float, float]] = {}  # (layer extent, cross extent)
        self.box_offset: dict[str, float] = {}  # box centre from the item's cross start
        ind_font = self.FONT * 0.8
        for name in self.names:
            w, h = self._text_size(self._construct_label(name), self.FONT)
            bw, bh = w + 1.6, h + 0.8
            self.box[name] = (bw, bh)
            if not self.show_indicators:
                layer, cross = (bw, bh) if right else (bh, bw)
                self.item_size[name] = (layer, cross)
                self.box_offset[name] = cross / 2
                continue
            labels = self._indicator_labels(name)
            sizes = [self._text_size(lab, ind_font) for lab in labels]
            iw = max(s[0] for s in sizes) + 1.0
            ih = max(s[1] for s in sizes) + 0.5
            self.ind_boxes[name] = [(lab, iw, ih) for lab in labels]
            k = len(labels)
            if right:
                # indicators in a row above the box
                row = k * iw + (k - 1) * 0.5
                layer = max(bw, row)
                cross = ih + 1.6 + bh
                self.item_size[name] = (layer, cross)
                self.box_offset[name] = ih + 1.6 + bh / 2
            else:
                # indicators in a column left of the box
                col = k * ih + (k - 1) * 0.4
                layer = max(bh, col)
                cross = iw + 1.6 + bw
                self.item_size[name] = (layer, cross)
                self.box_offset[name] = iw + 1.6 + bw / 2
        label_w, label_h = self._text_size("-0.00*", self.FONT * 0.9)
        self.label_size = (label_w + 0.6, label_h + 0.3)
        # a lane for a path crossing a layer holds its coefficient
        self.lane_cross = self.label_size[1] + 0.6 if right else self.label_size[0] + 0.8
        self.gap = self.label_size[0] * 1.7 + 1.0 if right else self.label_size[1] * 2.6 + 1.0

    # -- ordering -------------------------------------------------------------

    def _order(self) -> None:
        layers: list[list[Any]] = [[] for _ in range(self.n_layers)]
        for name in self.names:
            layers[self.depth[name]].append(("c", name))
        self.chains: dict[tuple[str, str], list[Any]] = {}
        for source, target in self.spec.paths:
            chain: list[Any] = [("c", source)]
            for k in range(self.depth[source] + 1, self.depth[target]):
                lane = ("v", source, target, k)
                layers[k].append(lane)
                chain.append(lane)
            chain.append(("c", target))
            self.chains[(source, target)] = chain
        up: dict[Any, list[Any]] = {}
        down: dict[Any, list[Any]] = {}
        for chain in self.chains.values():
            for a, b in itertools.pairwise(chain):
                down.setdefault(a, []).append(b)
                up.setdefault(b, []).append(a)

        def sweep(order: list[list[Any]], forward: bool) -> None:
            rng = range(1, len(order)) if forward else range(len(order) - 2, -1, -1)
            for k in rng:
                ref = order[k - 1] if forward else order[k + 1]
                where = {item: i for i, item in enumerate(ref)}
                nbrs = up if forward else down

                def key(
                    item: Any,
                    i: int,
                    nbrs: dict[Any, list[Any]] = nbrs,
                    where: dict[Any, int] = where,
                ) -> float:
                    pos = [where[n] for n in nbrs.get(item, []) if n in where]
                    return sum(pos) / len(pos) if pos else float(i)

                keyed = [(key(item, i), i, item) for i, item in enumerate(order[k])]
                order[k] = [item for _, _, item in sorted(keyed, key=lambda t: (t[0], t[1]))]

        best = [list(layer) for layer in layers]
        best_cross = self._crossings(best)
        current = [list(layer) for layer in layers]
        for it in range(12):
            sweep(current, forward=it % 2 == 0)
            c = self._crossings(current)
            if c < best_cross:
                best, best_cross = [list(layer) for layer in current], c
        self.layers = best

    def _crossings(self, layers: list[list[Any]]) -> int:
        where = {item: i for layer in layers for i, item in enumerate(layer)}
        segments: dict[int, list[tuple[int, int]]] = {}
        for chain in self.chains.values():
            for a, b in itertools.pairwise(chain):
                k = self._layer_of(a)
                segments.setdefault(k, []).append((where[a], where[b]))
        total = 0
        for segs in segments.values():
            for i, (a0, b0) in enumerate(segs):
                for a1, b1 in segs[i + 1 :]:
                    if (a0 - a1) * (b0 - b1) < 0:
                        total += 1
        return total

    def _layer_of(self, item: Any) -> int:
        return self.depth[item[1]] if item[0] == "c" else int(item[3])

    # -- coordinates ------------------------------------------------------------

    def _cross_size(self, item: Any) -> float:
        return self.item_size[item[1]][1] if item[0] == "c" else self.lane_cross

    def _place(self) -> None:
        spacing = 1.2
        band = [
            max((self.item_size[i[1]][0] for i in layer if i[0] == "c"), default=0.0)
            for layer in self.layers
        ]
        band = [
            max(b, self.label_size[0] + 1.0 if self.direction == "right" else 2.0) for b in band
        ]
        centres = []
        pos = 0.0
        for k, b in enumerate(band):
            if k:
                pos += band[k - 1] / 2 + self.gap + b / 2
            else:
                pos = b / 2
            centres.append(pos)
        self.band = band
        self.layer_centre = centres
        self.cross: dict[Any, float] = {}  # item centre of the box or lane
        self.item_start: dict[Any, float] = {}
        totals = [
            sum(self._cross_size(i) for i in layer) + spacing * (len(layer) - 1)
            for layer in self.layers
        ]
        widest = max(totals)
        for layer, total in zip(self.layers, totals, strict=True):
            c = (widest - total) / 2
            for item in layer:
                self.item_start[item] = c
                if item[0] == "c":
                    self.cross[item] = c + self.box_offset[item[1]]
                else:
                    self.cross[item] = c + self.lane_cross / 2
                c += self._cross_size(item) + spacing
        self.extent_layer = centres[-1] + band[-1] / 2
        self.extent_cross = widest

    def xy(self, layer_coord: float, cross_coord: float) -> tuple[float, float]:
        if self.direction == "right":
            return layer_coord, -cross_coord
        return cross_coord, -layer_coord

    def box_rect(self, name: str) -> tuple[float, float, float, float]:
        """(x0, y0, width, height) of a construct box in data units."""
        bw, bh = self.box[name]
        lc = self.layer_centre[self.depth[name]]
        cc = self.cross[("c", name)]
        x, y = self.xy(lc, cc)
        return x - bw / 2, y - bh / 2, bw, bh

    def _ports(self) -> dict[tuple[str, str], tuple[float, float]]:
        """Cross coordinate where each path leaves its source and enters its target."""
        out_port: dict[tuple[str, str], float] = {}
        in_port: dict[tuple[str, str], float] = {}
        for name in self.names:
            bw, bh = self.box[name]
            half = (bh if self.direction == "right" else bw) / 2 * 0.7
            centre = self.cross[("c", name)]
            outgoing = [p for p in self.spec.paths if p[0] == name]
            incoming = [p for p in self.spec.paths if p[1] == name]
            outgoing.sort(key=lambda p: self.cross[self.chains[p][1]])
            incoming.sort(key=lambda p: self.cross[self.chains[p][-2]])
            for group, store in ((outgoing, out_port), (incoming, in_port)):
                k = len(group)
                for i, path in enumerate(group):
                    off = 0.0 if k == 1 else -half + 2 * half * i / (k - 1)
                    store[path] = centre + off
        return {p: (out_port[p], in_port[p]) for p in self.spec.paths}

    def routes(self) -> dict[tuple[str, str], list[tuple[float, float]]]:
        """Polyline of each path, in data units, from source box to target box."""
        ports = self._ports()
        right = self.direction == "right"
        out: dict[tuple[str, str], list[tuple[float, float]]] = {}
        self.label_span: dict[
            tuple[str, str], tuple[tuple[float, float], tuple[float, float], bool]
        ] = {}
        for path, chain in self.chains.items():
            source, target = path
            p_out, p_in = ports[path]
            ks, kt = self.depth[source], self.depth[target]
            s_half = (self.box[source][0] if right else self.box[source][1]) / 2
            t_half = (self.box[target][0] if right else self.box[target][1]) / 2
            pts = [
                (self.layer_centre[ks] + s_half, p_out),
                (self.layer_centre[ks] + self.band[ks] / 2, p_out),
            ]
            for lane in chain[1:-1]:
                k = lane[3]
                c = self.cross[lane]
                pts.append((self.layer_centre[k] - self.band[k] / 2, c))
                pts.append((self.layer_centre[k] + self.band[k] / 2, c))
            pts.append((self.layer_centre[kt] - self.band[kt] / 2, p_in))
            pts.append((self.layer_centre[kt] - t_half, p_in))
            clean: list[tuple[float, float]] = []
            for p in pts:
                if not clean or (
                    abs(p[0] - clean[-1][0]) > 1e-9 or abs(p[1] - clean[-1][1]) > 1e-9
                ):
                    clean.append(p)
            out[path] = [self.xy(lc, cc) for lc, cc in clean]
            # where the label may go: the middle lane of a long path, else the gap
            lanes = chain[1:-1]
            if lanes:
                lane = lanes[len(lanes) // 2]
                k = lane[3]
                c = self.cross[lane]
                a = self.xy(self.layer_centre[k] - self.band[k] / 2, c)
                b = self.xy(self.layer_centre[k] + self.band[k] / 2, c)
                self.label_span[path] = (a, b, True)
            else:
                a = self.xy(self.layer_centre[ks] + self.band[ks] / 2, p_out)
                b = self.xy(self.layer_centre[kt] - self.band[kt] / 2, p_in)
                self.label_span[path] = (a, b, False)
        return out

    # -- drawing --------------------------------------------------------------

    def bounds(self) -> tuple[float, float, float, float]:
        """Data limits (x0, x1, y0, y1) of the diagram with its margin."""
        margin = 1.0
        if self.direction == "right":
            return -margin, self.extent_layer + margin, -self.extent_cross - margin, margin
        return -margin, self.extent_cross + margin, -self.extent_layer - margin, margin

    def fit_scale(self, ax: Axes) -> float:
        """How much the text must shrink to fit ``ax`` (1: not at all)."""
        x0, x1, y0, y1 = self.bounds()
        em = self.FONT / 72.0
        pos = ax.get_position()
        figure: Any = ax.figure
        fw, fh = figure.get_size_inches()
        return float(
            min(1.0, pos.width * fw / ((x1 - x0) * em), pos.height * fh / ((y1 - y0) * em))
        )

    def draw(
        self, ax: Axes | None, p_values: dict[tuple[str, str], float] | None, alpha: float
    ) -> Axes:
        from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

        x0, x1, y0, y1 = self.bounds()
        em = self.FONT / 72.0
        width_in, height_in = (x1 - x0) * em, (y1 - y0) * em
        if ax is None:
            plt = _pyplot()
            title_room = 0.55
            fig = plt.figure(figsize=(width_in, height_in + title_room))
            ax = fig.add_axes((0.0, 0.0, 1.0, height_in / (height_in + title_room)))
        out = ax
        scale = self.fit_scale(out)
        font = self.FONT * scale
        out.set_xlim(x0, x1)
        out.set_ylim(y0, y1)
        out.set_aspect("equal", adjustable="box")
        out.set_axis_off()

        boxes: list[tuple[float, float, float, float]] = []
        for name in self.names:
            bx, by, bw, bh = self.box_rect(name)
            boxes.append((bx, by, bw, bh))
            patch = FancyBboxPatch(
                (bx, by),
                bw,
                bh,
                boxstyle="round,pad=0,rounding_size=0.5",
                facecolor="#e8f0fa",
                edgecolor="tab:blue",
                linewidth=1.2,
                zorder=3,
                gid=f"construct:{name}",
            )
            out.add_patch(patch)
            out.text(
                bx + bw / 2,
                by + bh / 2,
                self._construct_label(name),
                ha="center",
                va="center",
                fontsize=font,
                zorder=4,
                gid=f"construct-label:{name}",
            )
            if self.show_indicators:
                boxes.extend(self._draw_indicators(out, name, font))

        significant = {}
        routes = self.routes()
        for path, points in routes.items():
            sig = None if p_values is None else p_values[path] < alpha
            significant[path] = sig
            colour = "0.2" if sig in (None, True) else "0.6"
            style = "-" if sig in (None, True) else "--"
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            out.plot(
                xs,
                ys,
                color=colour,
                linestyle=style,
                linewidth=1.2 * max(scale, 0.6),
                zorder=2,
                solid_joinstyle="round",
                gid=f"edge:{path[0]}->{path[1]}",
            )
            tail = points[-2]
            head = points[-1]
            out.add_patch(
                FancyArrowPatch(
                    tail,
                    head,
                    arrowstyle="-|>",
                    mutation_scale=12 * max(scale, 0.5),
                    shrinkA=0,
                    shrinkB=0,
                    color=colour,
                    linewidth=0,
                    zorder=2,
                    gid=f"arrowhead:{path[0]}->{path[1]}",
                )
            )
        if self.result is not None:
            self._draw_coefficients(out, routes, boxes, significant, font)
        title = "Structural model" if self.result is None else "PLS path model"
        if p_values is not None:
            title += f" (* bootstrap p < {alpha:g}; dashed: not significant)"
        elif self.result is not None:
            title += ": path coefficients, R² of each endogenous construct"
        out.set_title(title, fontsize=font * 1.05)
        return out

    def _draw_indicators(
        self, ax: Axes, name: str, font: float
    ) -> list[tuple[float, float, float, float]]:
        from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

        right = self.direction == "right"
        bx, by, bw, bh = self.box_rect(name)
        labels = self.ind_boxes[name]
        layer_c = self.layer_centre[self.depth[name]]
        start = self.item_start[("c", name)]
        reflective = self.spec.modes[name] != "B"
        rects = []
        k = len(labels)
        for i, (lab, iw, ih) in enumerate(labels):
            if right:
                row = k * iw + (k - 1) * 0.5
                lc = layer_c - row / 2 + iw / 2 + i * (iw + 0.5)
                x, y = self.xy(lc, start + ih / 2)
                rect = (x - iw / 2, y - ih / 2, iw, ih)
                anchor_box = (bx + bw / 2 + (lc - layer_c) * 0.3, by + bh)
                anchor_ind = (x, y - ih / 2)
            else:
                col = k * ih + (k - 1) * 0.4
                lc = layer_c - col / 2 + ih / 2 + i * (ih + 0.4)
                x, y = self.xy(lc, start + iw / 2)
                rect = (x - iw / 2, y - ih / 2, iw, ih)
                anchor_box = (bx, by + bh / 2 + (y - (by + bh / 2)) * 0.3)
                anchor_ind = (x + iw / 2, y)
            rects.append(rect)
            ax.add_patch(
                FancyBboxPatch(
                    rect[:2],
                    iw,
                    ih,
                    boxstyle="square,pad=0",
                    facecolor="white",
                    edgecolor="0.4",
                    linewidth=0.8,
                    zorder=3,
                    gid=f"indicator:{lab.split(' ')[0]}",
                )
            )
            ax.text(
                x, y, lab, ha="center", va="center", fontsize=font * 0.8, zorder=4, color="0.15"
            )
            a, b = (anchor_box, anchor_ind) if reflective else (anchor_ind, anchor_box)
            ax.add_patch(
                FancyArrowPatch(
                    a,
                    b,
                    arrowstyle="-|>",
                    mutation_scale=8,
                    shrinkA=0,
                    shrinkB=0,
                    color="0.5",
                    linewidth=0.8,
                    zorder=2,
                    gid=f"indicator-edge:{lab.split(' ')[0]}",
                )
            )
        return rects

    def _draw_coefficients(
        self,
        ax: Axes,
        routes: dict[tuple[str, str], list[tuple[float, float]]],
        boxes: list[tuple[float, float, float, float]],
        significant: dict[tuple[str, str], bool | None],
        font: float,
    ) -> None:
        lw, lh = self.label_size
        placed: list[tuple[float, float, float, float]] = []

        def overlaps(r: tuple[float, float, float, float], others: Sequence[Any]) -> float:
            total = 0.0
            for o in others:
                dx = min(r[0] + r[2], o[0] + o[2]) - max(r[0], o[0])
                dy = min(r[1] + r[3], o[1] + o[3]) - max(r[1], o[1])
                if dx > 0 and dy > 0:
                    total += dx * dy
            return total

        # Paths through lanes first: the lane is reserved, so the label is free there.
        order = sorted(routes, key=lambda p: not self.label_span[p][2])
        for path in order:
            a, b, in_lane = self.label_span[path]
            ts = (0.5,) if in_lane else (0.5, 0.35, 0.65, 0.25, 0.75, 0.42, 0.58, 0.18, 0.82)
            candidates = [(a, b, t) for t in ts]
            best = None
            for seg_a, seg_b, t in candidates:
                cx = seg_a[0] + t * (seg_b[0] - seg_a[0])
                cy = seg_a[1] + t * (seg_b[1] - seg_a[1])
                rect = (cx - lw / 2, cy - lh / 2, lw, lh)
                cost = overlaps(rect, placed) * 10 + overlaps(rect, boxes)
                if best is None or cost < best[0]:
                    best = (cost, cx, cy, rect)
                if cost == 0:
                    break
            assert best is not None
            _, cx, cy, rect = best
            placed.append(rect)
            i, j = self.names.index(path[0]), self.names.index(path[1])
            value = float(self.result.path_values[i, j])
            star = "*" if significant[path] else ""
            ax.text(
                cx,
                cy,
                f"{value:.2f}{star}",
                ha="center",
                va="center",
                fontsize=font * 0.9,
                zorder=5,
                fontweight="bold" if significant[path] else "normal",
                color="black" if significant[path] in (None, True) else "0.35",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
                gid=f"coefficient:{path[0]}->{path[1]}",
            )


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
    out.errorbar(
        lv[seen],
        curve.observed[seen],
        yerr=err,
        fmt="o",
        color=colour,
        capsize=3,
        label="observed rate (Wilson interval)",
    )
    out.set_xlabel("satisfaction (survey scale level)")
    out.set_ylabel("probability of repurchase")
    out.set_title("Satisfaction and repurchase")
    out.set_ylim(0.0, 1.0)
    out.set_xticks(lv)
    out.legend(loc="upper left")
    return out


def nps_by_segment(table: Any, *, ax: Axes | None = None) -> Axes:
    """Net Promoter Score of each segment with its confidence interval.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per segment (the index names the segments) with columns
        ``score``, ``low`` and ``high`` on the NPS scale (-100 to 100), as
        returned by ``custvalue.loyalty.nps(scores, by=segments).to_frame()``.
    ax : matplotlib.axes.Axes, optional, keyword-only
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        Horizontal interval plot, segments top to bottom in table order,
        each point labelled with its score, a line at 0.
    """
    import numpy as np

    from custvalue._validate import as_float_array, is_dataframe

    if not is_dataframe(table):
        raise TypeError(
            "table must be a DataFrame indexed by segment with columns score, low, high; "
            f"got {type(table).__name__}"
        )
    for column in ("score", "low", "high"):
        if column not in table.columns:
            raise ValueError(f"table has no column {column!r}; pass nps(..., by=...).to_frame()")
    score = as_float_array(table["score"], "score", ndim=1)
    low = as_float_array(table["low"], "low", ndim=1)
    high = as_float_array(table["high"], "high", ndim=1)
    bad = np.flatnonzero((low > score) | (high < score))
    if bad.size:
        k = int(bad[0])
        raise ValueError(
            f"table rows must have low <= score <= high; got {low[k]:g}, {score[k]:g}, "
            f"{high[k]:g} at segment {table.index[k]!r}"
        )
    y = np.arange(len(score))[::-1]
    out = _axes(ax)
    out.errorbar(
        score,
        y,
        xerr=np.vstack([score - low, high - score]),
        fmt="o",
        color="tab:blue",
        capsize=4,
        label="NPS with confidence interval",
    )
    texts = [
        out.annotate(f"{s:+.1f}", (s, yi), textcoords="offset points", xytext=(0, 7), ha="center")
        for s, yi in zip(score, y, strict=True)
    ]
    out.axvline(0.0, color="grey", linewidth=1)
    out.set_yticks(y, [str(s) for s in table.index])
    out.set_ylim(-0.7, len(score) - 0.3)
    lo, hi = float(min(low.min(), 0.0)), float(max(high.max(), 0.0))
    pad = 0.08 * (hi - lo or 1.0)
    out.set_xlim(max(lo - pad, -100.0), min(hi + pad, 100.0))
    out.set_xlabel("Net Promoter Score (% promoters - % detractors, points)")
    name = table.index.name or "segment"
    out.set_ylabel(str(name))
    out.set_title(f"NPS by {name}")
    _keep_inside(out, texts)
    return out


# --- scoring -----------------------------------------------------------------


def ahp_weights(result: Any, *, ax: Axes | None = None) -> Axes:
    """Bar chart of AHP priority weights, with the consistency ratio in the title.

    Parameters
    ----------
    result : custvalue.scoring.ahp.AHPResult
        Result of :func:`custvalue.scoring.ahp.weights`.
    ax : matplotlib.axes.Axes, optional, keyword-only
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        Horizontal bars, largest weight at the top, each labelled with its
        weight; the title gives CR and whether the judgments pass the
        threshold.
    """
    import numpy as np

    from custvalue.scoring.ahp import AHPResult

    if not isinstance(result, AHPResult):
        raise TypeError(f"result must be an AHPResult; got {type(result).__name__}")
    w = np.asarray(result.weights, dtype=float)
    labels = [str(lab) for lab in result.labels] if result.labels is not None else None
    names = labels or [f"criterion {i + 1}" for i in range(w.size)]
    order = np.argsort(-w, kind="stable")
    y = np.arange(w.size)[::-1]
    out = _axes(ax, figsize=(6.4, 1.2 + 0.45 * w.size))
    out.barh(y, w[order], color="tab:blue")
    texts = [
        out.text(wi + 0.01, yi, f"{wi:.3f}", va="center", ha="left")
        for wi, yi in zip(w[order], y, strict=True)
    ]
    out.set_yticks(y, [names[i] for i in order])
    out.set_xlim(0.0, min(1.0, float(w.max()) * 1.25 + 0.02))
    out.set_xlabel("priority weight (weights sum to 1)")
    verdict = "acceptable" if result.consistent else "inconsistent"
    threshold = result.threshold
    out.set_title(
        f"AHP weights: CR = {result.consistency_ratio:.3f} ({verdict} at {threshold:g})"
        if isinstance(threshold, float)
        else f"AHP weights: CR = {result.consistency_ratio:.3f} ({verdict})"
    )
    for side in ("top", "right"):
        out.spines[side].set_visible(False)
    _keep_inside(out, texts)
    return out
