"""Figures of custvalue.plotting: geometry, numbers drawn, text inside the figure."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from custvalue import plotting  # noqa: E402
from custvalue.btyd import BetaGeo, GammaGamma, ParetoNBD  # noqa: E402
from custvalue.datasets import simulate_survey  # noqa: E402
from custvalue.loyalty import satisfaction_loyalty_curve  # noqa: E402
from custvalue.pls import PathModel, estimate  # noqa: E402
from custvalue.pyramid import assign_tiers, concentration, tier_summary  # noqa: E402
from custvalue.satisfaction import (  # noqa: E402
    acsi_model,
    ecsi_model,
    ipma,
    kano_summary,
    scsb_model,
)
from custvalue.scoring.ahp import PairwiseMatrix, weights  # noqa: E402

BG_CDNOW = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
PNBD_CDNOW = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
GG_CDNOW = GammaGamma(p=6.25, q=3.74, v=15.44)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _blocks(*names: str) -> dict[str, list[str]]:
    return {n: [f"{n[:4]}{i}" for i in (1, 2, 3)] for n in names}


ECSI = ecsi_model(
    _blocks("image", "expectations", "quality", "value", "satisfaction", "complaints", "loyalty"),
    complaints=True,
)
ACSI = acsi_model(
    _blocks("expectations", "quality", "value", "satisfaction", "complaints", "loyalty")
)
SCSB = scsb_model(_blocks("expectations", "performance", "satisfaction", "complaints", "loyalty"))


def _random_model(n: int, seed: int) -> PathModel:
    """A connected recursive model of ``n`` constructs with random extra paths."""
    rng = np.random.default_rng(seed)
    names = [f"c{i}" for i in range(n)]
    paths = set()
    for j in range(1, n):
        paths.add((names[int(rng.integers(0, j))], names[j]))  # every construct is reached
    for i in range(n):
        for j in range(i + 1, n):
            if rng.random() < 0.2:
                paths.add((names[i], names[j]))
    blocks = {name: [f"{name}_{k}" for k in (1, 2, 3)] for name in names}
    return PathModel(blocks, sorted(paths))


RANDOM10 = _random_model(10, seed=3)
MODELS = {"ECSI": ECSI, "ACSI": ACSI, "SCSB": SCSB, "random10": RANDOM10}


def _fit(model: PathModel) -> Any:
    survey = simulate_survey(model, n=200, paths=0.3, loadings=0.8, rng=11)
    return estimate(model, survey.data)


FITS = {name: _fit(model) for name, model in MODELS.items()}


# ---------------------------------------------------------------------------
# geometry of the path diagram
# ---------------------------------------------------------------------------


def _segment_hits_rect(
    p: tuple[float, float], q: tuple[float, float], rect: tuple[float, float, float, float]
) -> bool:
    """Liang-Barsky: does the segment p-q enter the open rectangle (x, y, w, h)?"""
    eps = 1e-6
    x0, y0, w, h = rect
    xmin, xmax, ymin, ymax = x0 + eps, x0 + w - eps, y0 + eps, y0 + h - eps
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for edge_p, edge_q in (
        (-dx, p[0] - xmin),
        (dx, xmax - p[0]),
        (-dy, p[1] - ymin),
        (dy, ymax - p[1]),
    ):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return t1 - t0 > 1e-9


def _boxes(ax: Any) -> dict[str, tuple[float, float, float, float]]:
    out = {}
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        if gid.startswith(("construct:", "indicator:")):
            out[gid] = (patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height())
    return out


def _edges(ax: Any) -> dict[tuple[str, str], np.ndarray]:
    out = {}
    for line in ax.lines:
        gid = line.get_gid() or ""
        if gid.startswith("edge:"):
            source, target = gid[len("edge:") :].split("->")
            out[(source, target)] = np.column_stack([line.get_xdata(), line.get_ydata()])
    return out


def _labels(ax: Any) -> dict[tuple[str, str], Any]:
    out = {}
    for text in ax.texts:
        gid = text.get_gid() or ""
        if gid.startswith("coefficient:"):
            source, target = gid[len("coefficient:") :].split("->")
            out[(source, target)] = text
    return out


def _check_geometry(ax: Any, model: PathModel) -> None:
    boxes = _boxes(ax)
    edges = _edges(ax)
    assert set(edges) == set(model.paths)
    for (source, target), pts in edges.items():
        own = {f"construct:{source}", f"construct:{target}"}
        for p, q in itertools.pairwise(pts):
            for gid, rect in boxes.items():
                if gid in own:
                    continue
                assert not _segment_hits_rect(tuple(p), tuple(q), rect), (
                    f"edge {source}->{target} crosses {gid}"
                )
        # the edge starts on its source box and ends on its target box
        for end, name in ((pts[0], source), (pts[-1], target)):
            x, y, w, h = boxes[f"construct:{name}"]
            assert x - 1e-6 <= end[0] <= x + w + 1e-6
            assert y - 1e-6 <= end[1] <= y + h + 1e-6
    fig = ax.figure
    renderer = _draw(fig)
    labels = _labels(ax)
    extents = {path: text.get_window_extent(renderer) for path, text in labels.items()}
    items = list(extents.items())
    for i, (path_a, a) in enumerate(items):
        for path_b, b in items[i + 1 :]:
            assert not a.overlaps(b), f"labels of {path_a} and {path_b} overlap"
    box_extents = {
        patch.get_gid(): patch.get_window_extent(renderer)
        for patch in ax.patches
        if (patch.get_gid() or "").startswith(("construct:", "indicator:"))
    }
    for path, ext in extents.items():
        for gid, box in box_extents.items():
            assert not ext.overlaps(box), f"label of {path} overlaps {gid}"
    # each label sits on its own edge
    inv = ax.transData.inverted()
    for path, text in labels.items():
        centre = inv.transform(((extents[path].x0 + extents[path].x1) / 2, text.get_position()[1]))
        cx, cy = text.get_position()
        pts = edges[path]
        distances = [
            _point_segment_distance((cx, cy), tuple(p), tuple(q))
            for p, q in itertools.pairwise(pts)
        ]
        assert min(distances) < 1e-6, f"label of {path} is off its edge"
        del centre
    # nothing clipped: every text inside the figure
    fig_box = fig.bbox
    for text in ax.texts:
        ext = text.get_window_extent(renderer)
        assert fig_box.x0 - 1 <= ext.x0, text.get_text()
        assert ext.x1 <= fig_box.x1 + 1, text.get_text()
        assert fig_box.y0 - 1 <= ext.y0, text.get_text()
        assert ext.y1 <= fig_box.y1 + 1, text.get_text()


def _draw(fig: Any) -> Any:
    """Draw ``fig`` with the Agg renderer and return the renderer."""
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def _point_segment_distance(
    c: tuple[float, float], p: tuple[float, float], q: tuple[float, float]
) -> float:
    d = np.subtract(q, p)
    t = float(np.clip(np.dot(np.subtract(c, p), d) / max(np.dot(d, d), 1e-300), 0.0, 1.0))
    return float(np.hypot(*(np.add(p, t * d) - np.asarray(c))))


@pytest.mark.parametrize("name", list(MODELS))
@pytest.mark.parametrize("direction", ["right", "down"])
@pytest.mark.parametrize("indicators", [False, True])
def test_path_diagram_routes_around_boxes_and_labels_do_not_overlap(
    name: str, direction: str, indicators: bool
) -> None:
    fit = FITS[name]
    ax = plotting.path_diagram(fit, direction=direction, indicators=indicators)  # type: ignore[arg-type]
    _check_geometry(ax, MODELS[name])
    assert len(_labels(ax)) == len(MODELS[name].paths)


@pytest.mark.parametrize("name", list(MODELS))
def test_path_diagram_of_a_specification(name: str) -> None:
    ax = plotting.path_diagram(MODELS[name])
    _check_geometry(ax, MODELS[name])
    assert _labels(ax) == {}
    assert ax.get_title() == "Structural model"


def test_path_diagram_in_a_small_given_axes_shrinks_the_text() -> None:
    fig = Figure(figsize=(5.0, 3.0))
    ax = fig.subplots()
    plotting.path_diagram(FITS["ECSI"], ax=ax, direction="right")
    sizes = {t.get_fontsize() for t in ax.texts if (t.get_gid() or "").startswith("construct")}
    assert max(sizes) < 9.0
    _check_geometry(ax, ECSI)


def test_path_diagram_numbers_are_the_estimates() -> None:
    fit = FITS["ACSI"]
    ax = plotting.path_diagram(fit, indicators=True)
    table = fit.paths.set_index(["from", "to"])["estimate"]
    for (source, target), text in _labels(ax).items():
        assert float(text.get_text()) == pytest.approx(table[(source, target)], abs=0.005)
    shown = {t.get_text() for t in ax.texts}
    outer = fit.outer_model
    for row in outer.itertuples():
        assert f"{row.indicator} {row.loading:.2f}" in shown
    r2 = dict(zip(fit.model.names, fit.r2_values, strict=True))
    assert f"satisfaction\nR² {r2['satisfaction']:.2f}" in shown


def test_formative_blocks_show_weights_with_arrows_into_the_construct() -> None:
    model = ACSI.with_modes(expectations="B")
    fit = _fit(model)
    ax = plotting.path_diagram(fit, indicators=True)
    outer = fit.outer_model.set_index("indicator")
    shown = {t.get_text() for t in ax.texts}
    assert f"expe1 {outer.loc['expe1', 'weight']:.2f}" in shown
    assert f"qual1 {outer.loc['qual1', 'loading']:.2f}" in shown
    arrows = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("indicator-")}
    boxes = _boxes(ax)
    # formative: the arrow ends on the construct box; reflective: on the indicator box
    x, y, w, h = boxes["construct:expectations"]
    head = arrows["indicator-edge:expe1"]._posA_posB[1]
    assert x - 1e-6 <= head[0] <= x + w + 1e-6
    assert y - 1e-6 <= head[1] <= y + h + 1e-6
    x, y, w, h = boxes["indicator:qual1"]
    head = arrows["indicator-edge:qual1"]._posA_posB[1]
    assert x - 1e-6 <= head[0] <= x + w + 1e-6
    assert y - 1e-6 <= head[1] <= y + h + 1e-6


class _BootstrapStandIn:
    """The documented shape of a bootstrap result: path_table() with p-values."""

    def __init__(self, p_values: dict[tuple[str, str], float]) -> None:
        self._table = pd.DataFrame(
            {"p_value": list(p_values.values())},
            index=pd.MultiIndex.from_tuples(list(p_values), names=["source", "target"]),
        )

    def path_table(self) -> pd.DataFrame:
        return self._table


def test_significant_paths_are_marked_from_the_bootstrap() -> None:
    fit = FITS["ECSI"]
    p_values = {path: (0.001 if k % 3 else 0.2) for k, path in enumerate(ECSI.paths)}
    p_values[ECSI.paths[1]] = 0.04  # between the two levels below
    boot = _BootstrapStandIn(p_values)
    ax = plotting.path_diagram(fit, bootstrap=boot)
    labels = _labels(ax)
    lines = {tuple((line.get_gid() or "")[5:].split("->")): line for line in ax.lines}
    for path, p in p_values.items():
        starred = labels[path].get_text().endswith("*")
        assert starred == (p < 0.05), path
        assert (lines[path].get_linestyle() == "-") == (p < 0.05)
    strict = plotting.path_diagram(fit, bootstrap=boot, alpha=0.01)
    for path, text in _labels(strict).items():
        assert text.get_text().endswith("*") == (p_values[path] < 0.01)
    _check_geometry(strict, ECSI)


def test_path_diagram_refuses_bad_options() -> None:
    fit = FITS["ACSI"]
    with pytest.raises(TypeError, match="model must be a PathModel or PLSResult"):
        plotting.path_diagram(object())
    with pytest.raises(ValueError, match="direction must be"):
        plotting.path_diagram(fit, direction="up")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"alpha must be in \(0, 1\)"):
        plotting.path_diagram(fit, bootstrap=_BootstrapStandIn({}), alpha=1.5)
    with pytest.raises(TypeError, match="bootstrap must be a bootstrap result"):
        plotting.path_diagram(fit, bootstrap=object())
    with pytest.raises(ValueError, match="has no row for the path expectations -> quality"):
        plotting.path_diagram(fit, bootstrap=_BootstrapStandIn({("a", "b"): 0.1}))
    with pytest.raises(TypeError, match="bootstrap needs an estimated model"):
        plotting.path_diagram(ACSI, bootstrap=_BootstrapStandIn({}))
    with pytest.raises(TypeError, match="indicators must be True or False"):
        plotting.path_diagram(fit, indicators="yes")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# the other figures
# ---------------------------------------------------------------------------


def _inside_axes(ax: Any) -> None:
    """Every text of the Axes lies inside the Axes (nothing clipped at the edges)."""
    fig = ax.figure
    renderer = _draw(fig)
    box = ax.get_window_extent(renderer)
    for text in ax.texts:
        ext = text.get_window_extent(renderer)
        assert box.x0 - 0.5 <= ext.x0, text.get_text()
        assert ext.x1 <= box.x1 + 0.5, text.get_text()
        assert box.y0 - 0.5 <= ext.y0, text.get_text()
        assert ext.y1 <= box.y1 + 0.5, text.get_text()


def test_ipma_labels_stay_inside_the_axes() -> None:
    fit = FITS["ECSI"]
    table = ipma(fit, target="loyalty")
    ax = plotting.ipma_plot(table)
    offsets = ax.collections[0].get_offsets()
    np.testing.assert_allclose(offsets[:, 0], table["importance"])
    np.testing.assert_allclose(offsets[:, 1], table["performance"])
    _inside_axes(ax)
    assert ax.get_title()
    assert "0-100" in ax.get_ylabel()
    with pytest.raises(ValueError, match="has no column 'importance'"):
        plotting.ipma_plot(pd.DataFrame({"construct": ["a"]}))


def test_lorenz_curve_marks_gini_and_top_share() -> None:
    ax = Figure().subplots()
    values = np.arange(1.0, 5001.0)
    c = concentration(values)
    out = plotting.lorenz_curve(c, ax=ax, max_points=101)
    assert out is ax
    assert np.size(ax.lines[1].get_xdata()) == 101
    # values 1..n: top 20% hold sum(4001..5000) / sum(1..5000); Gini = (n - 1) / (3 n)
    top = Fraction(sum(range(4001, 5001)), sum(range(1, 5001)))
    gini = Fraction(4999, 15000)
    assert ax.lines[1].get_label() == f"Lorenz curve, Gini {float(gini):.2f}"
    marker = ax.lines[2]
    assert marker.get_xdata()[0] == pytest.approx(0.8)
    assert marker.get_ydata()[0] == pytest.approx(1 - float(top))
    assert f"{float(top):.1%}" in ax.texts[0].get_text()
    _inside_axes(ax)
    with pytest.raises(TypeError, match="concentration must be a Concentration"):
        plotting.lorenz_curve([1, 2], ax=ax)
    with pytest.raises(ValueError, match="top must be in"):
        plotting.lorenz_curve(c, top=1.0)


SALES = [5200, 2800, 450, 350, 300, 250, 200, 200, 150, 100]


def test_pyramid_chart_shows_counts_and_shares() -> None:
    s = tier_summary(SALES, assign_tiers(SALES, scheme="pareto"))
    ax = plotting.pyramid_chart(s)
    assert len(ax.patches) == 2
    texts = [t.get_text() for t in ax.texts]
    # the top 20% (2 customers) hold 8000 of 10000
    assert texts[0] == "2 customers, 20.0% of customers, 80.0% of value"
    assert texts[1] == "8 customers, 80.0% of customers, 20.0% of value"
    _inside_axes(ax)
    ax2 = plotting.pyramid_chart(s, column="value_share")
    np.testing.assert_allclose([p.get_width() for p in ax2.patches], [0.8, 0.2])
    with pytest.raises(ValueError, match="column must be one of"):
        plotting.pyramid_chart(s, column="nope")


def test_kano_better_worse_coordinates() -> None:
    counts = pd.DataFrame(
        [[45, 30, 20, 5, 0, 0], [10, 40, 30, 20, 0, 0], [5, 10, 60, 25, 0, 0]],
        columns=list("AOMIRQ"),
        index=["wifi", "bed", "clean"],
    )
    ax = plotting.kano_better_worse(kano_summary(counts=counts))
    points = np.vstack([c.get_offsets() for c in ax.collections])
    # Better = (A + O) / (A + O + M + I), |Worse| = (O + M) / (A + O + M + I)
    expected = {(0.5, 0.75), (0.7, 0.5), (0.7, 0.15)}
    assert {(round(x, 6), round(y, 6)) for x, y in points} == expected
    _inside_axes(ax)
    with pytest.raises(TypeError, match="summary must be a KanoSummary"):
        plotting.kano_better_worse(counts)


def test_nps_by_segment_draws_the_intervals() -> None:
    table = pd.DataFrame(
        {"score": [45.0, -10.0, 5.0], "low": [30.5, -25.0, -8.0], "high": [59.5, 5.0, 18.0]},
        index=pd.Index(["north", "south", "east"], name="region"),
    )
    ax = plotting.nps_by_segment(table)
    line = ax.lines[0]
    np.testing.assert_allclose(line.get_xdata(), [45.0, -10.0, 5.0])
    np.testing.assert_allclose(line.get_ydata(), [2, 1, 0])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["north", "south", "east"]
    segments = ax.collections[0].get_segments()
    np.testing.assert_allclose([s[:, 0] for s in segments], [[30.5, 59.5], [-25, 5], [-8, 18]])
    assert ax.get_title() == "NPS by region"
    _inside_axes(ax)
    with pytest.raises(ValueError, match="low <= score <= high"):
        plotting.nps_by_segment(table.assign(low=[50.0, -25.0, -8.0]))
    with pytest.raises(ValueError, match="has no column 'high'"):
        plotting.nps_by_segment(table[["score", "low"]])


def test_ahp_weights_chart() -> None:
    matrix = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    result = weights(PairwiseMatrix(matrix, labels=["spend", "visits", "tenure"]))
    ax = plotting.ahp_weights(result)
    # principal eigenvector, computed independently
    vals, vecs = np.linalg.eig(matrix)
    w = np.abs(np.real(vecs[:, np.argmax(np.real(vals))]))
    w /= w.sum()
    np.testing.assert_allclose([p.get_width() for p in ax.patches], np.sort(w)[::-1], atol=1e-9)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["tenure", "visits", "spend"][::-1]
    lambda_max = float(np.max(np.real(vals)))
    cr = (lambda_max - 3) / 2 / 0.58
    assert f"CR = {cr:.3f}" in ax.get_title()
    _inside_axes(ax)


def test_satisfaction_loyalty_curve() -> None:
    curve = satisfaction_loyalty_curve([1, 1, 1, 2, 2, 2, 3, 3, 3], [0, 0, 1, 0, 1, 1, 0, 1, 1])
    ax = plotting.satisfaction_loyalty_curve(curve, label="market A")
    assert ax.get_ylabel() == "probability of repurchase"
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [1 / 3, 2 / 3, 2 / 3])
    with pytest.raises(TypeError, match="curve must be a SatisfactionLoyaltyCurve"):
        plotting.satisfaction_loyalty_curve(object())


def test_btyd_matrices_and_calibration_holdout() -> None:
    ax = plotting.frequency_recency_matrix(BG_CDNOW, T=38.86, t=10, max_frequency=5, unit="weeks")
    values = np.asarray(ax.collections[0].get_array()).reshape(6, -1)
    assert values[0, 0] == pytest.approx(BG_CDNOW.conditional_expected_purchases(10, 0, 0, 38.86))
    assert "expected purchases in the next 10 weeks" in ax.get_title()
    assert "(weeks)" in ax.get_xlabel()
    ticks = ax.get_yticks()
    np.testing.assert_array_equal(ticks, np.round(ticks))
    ax2 = plotting.p_alive_matrix(PNBD_CDNOW, T=38.86, max_frequency=3)
    alive = np.asarray(ax2.collections[0].get_array())
    assert np.all((alive >= 0) & (alive <= 1))
    ax3 = plotting.calibration_holdout(
        BG_CDNOW,
        [0, 0, 1, 9],
        [0, 0, 1, 30],
        [39] * 4,
        [0, 2, 1, 5],
        duration_holdout=39,
        max_frequency=2,
        unit="weeks",
    )
    np.testing.assert_allclose(ax3.get_lines()[0].get_ydata(), [1.0, 1.0, 5.0])
    assert ax3.get_ylabel() == "mean purchases in the 39-week holdout"
    with pytest.raises(TypeError, match="model must be a BetaGeo or ParetoNBD"):
        plotting.p_alive_matrix(GG_CDNOW, T=10.0)
    with pytest.raises(TypeError, match="unit must be a non-empty str"):
        plotting.p_alive_matrix(BG_CDNOW, T=10.0, unit="")


def test_every_figure_has_a_title_and_axis_labels() -> None:
    s = tier_summary(SALES, assign_tiers(SALES, scheme="pareto"))
    figures = [
        plotting.lorenz_curve(concentration(SALES)),
        plotting.pyramid_chart(s),
        plotting.ipma_plot(ipma(FITS["ECSI"], target="loyalty")),
        plotting.ahp_weights(weights([[1, 2], [0.5, 1]])),
        plotting.p_alive_matrix(BG_CDNOW, T=30.0),
        plotting.satisfaction_loyalty_curve(
            satisfaction_loyalty_curve([1, 1, 1, 2, 2, 2, 3, 3, 3], [0, 0, 1, 0, 1, 1, 0, 1, 1])
        ),
    ]
    for ax in figures:
        assert ax.get_title(), ax
        assert ax.get_xlabel(), ax.get_title()


def test_missing_matplotlib_names_both_install_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError) as info:
        plotting.lorenz_curve(concentration(SALES))
    message = str(info.value)
    assert "pip install 'custvalue[plot]'" in message
    assert "pip install -e '.[plot]'" in message


def test_path_diagram_picks_the_orientation_that_fits_a_given_axes() -> None:
    wide = Figure(figsize=(11.0, 3.5)).subplots()
    plotting.path_diagram(ECSI, ax=wide)
    tall = Figure(figsize=(4.0, 9.0)).subplots()
    plotting.path_diagram(ECSI, ax=tall)

    def span(ax: Any) -> tuple[float, float]:
        boxes = _boxes(ax).values()
        xs = [x + w / 2 for x, _, w, _ in boxes]
        ys = [y + h / 2 for _, y, _, h in boxes]
        return max(xs) - min(xs), max(ys) - min(ys)

    width, height = span(wide)
    assert width > height  # layers left to right
    width, height = span(tall)
    assert height > width  # layers top to bottom
    _check_geometry(wide, ECSI)
    _check_geometry(tall, ECSI)


def test_calibration_holdout_pairs_series_by_label() -> None:
    ids = ["a", "b", "c", "d"]
    x = pd.Series([0.0, 0.0, 1.0, 9.0], index=ids)
    tx = pd.Series([0.0, 0.0, 1.0, 30.0], index=ids)
    age = pd.Series([39.0] * 4, index=ids)
    holdout = pd.Series([0.0, 2.0, 1.0, 5.0], index=ids)
    options = {"duration_holdout": 39.0, "max_frequency": 2}
    ax = plotting.calibration_holdout(BG_CDNOW, x, tx, age, holdout, **options)
    again = plotting.calibration_holdout(BG_CDNOW, x, tx[::-1], age, holdout[::-1], **options)
    for a, b in zip(ax.get_lines(), again.get_lines(), strict=True):
        np.testing.assert_array_equal(a.get_ydata(), b.get_ydata())
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [1.0, 1.0, 5.0])
    with pytest.raises(ValueError, match="frequency_holdout"):
        plotting.calibration_holdout(
            BG_CDNOW, x, tx, age, holdout.set_axis(["a", "b", "c", "z"]), **options
        )


def test_nps_by_segment_takes_the_segmented_nps_table() -> None:
    from custvalue.loyalty import nps

    scores = pd.Series([10, 9, 9, 3, 8] * 20 + [10, 2, 2, 6, 7] * 15)
    region = pd.Series(["north"] * 100 + ["south"] * 75)
    table = nps(scores, by=region).to_frame()
    ax = plotting.nps_by_segment(table)
    # north: 60% promoters, 20% detractors; south: 20% and 60%
    np.testing.assert_allclose(ax.lines[0].get_xdata(), [40.0, -40.0])
    north = nps(scores[:100])
    segments = ax.collections[0].get_segments()
    np.testing.assert_allclose(segments[0][:, 0], [north.low, north.high])


def test_significance_from_a_real_bootstrap() -> None:
    from custvalue.pls import bootstrap

    survey = simulate_survey(ACSI, n=200, paths=0.3, loadings=0.8, rng=11)
    fit = estimate(ACSI, survey.data)
    boot = bootstrap(ACSI, survey.data, n_resamples=60, rng=2)
    p_values = boot.path_table()["p_value"]
    ax = plotting.path_diagram(fit, bootstrap=boot, alpha=0.05)
    labels = _labels(ax)
    assert set(labels) == set(ACSI.paths)
    for path, text in labels.items():
        assert text.get_text().endswith("*") == bool(p_values[path] < 0.05)
    _check_geometry(ax, ACSI)


@pytest.mark.parametrize("name", ["ECSI", "ACSI", "SCSB"])
def test_new_path_diagrams_fit_a_page_at_full_text_size(name: str) -> None:
    # shown at most about 8 inches wide, a figure drawn wider would shrink its text
    for indicators in (False, True):
        ax = plotting.path_diagram(FITS[name], indicators=indicators)
        width, height = ax.figure.get_size_inches()
        assert width <= 8.0
        assert height <= 10.0
        sizes = [t.get_fontsize() for t in ax.texts]
        assert min(sizes) >= 7.0
