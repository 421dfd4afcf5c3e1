"""Picture of an exact region map (matplotlib, an optional extra).

The areas are filled by the signs of the exact boundary polynomials at each pixel
(no solving), every boundary is drawn as its zero curve and named by its equation,
the baseline is a point, each connected area carries its label (A1, A2, B, ...)
where it lies (area_labels.py: inside the area, clear of the curves' labels, the
baseline and each other), and the legend names each region's equilibria and its
areas.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .plot import _colors, _pyplot, save

if TYPE_CHECKING:
    from games.sensitivity.region_map import RegionMap

    from .area_labels import AreaLabel

PIXELS = 400


def plot_regions(rm: RegionMap, path: str, title: str = "") -> str:
    """Draw the region map to `path` (.png or .svg); returns the path."""
    from matplotlib.colors import ListedColormap
    from matplotlib.lines import Line2D

    from games.sensitivity.signs import evaluate_all

    from .area_labels import pixel_regions
    plt = _pyplot()
    (a0, a1), (b0, b1) = rm.box
    xs = np.linspace(float(a0), float(a1), PIXELS)
    ys = np.linspace(float(b0), float(b1), PIXELS)
    X, Y = np.meshgrid(xs, ys)
    vals = evaluate_all(list(rm.boundaries), rm.symbols, [X.ravel(), Y.ravel()])
    colors = _region_colors(plt, rm)
    fig, ax = plt.subplots(figsize=(10, 6), layout="constrained")
    ax.imshow(pixel_regions(rm, PIXELS, PIXELS), origin="lower", aspect="auto",
              extent=(float(a0), float(a1), float(b0), float(b1)),
              cmap=ListedColormap(colors), vmin=-0.5, vmax=len(colors) - 0.5,
              interpolation="nearest", alpha=0.55)
    handles: list[Any] = []
    styles = ["-", "--", "-.", ":"]
    curve_labels: list[Any] = []
    for k, p in enumerate(rm.boundaries):
        Z = vals[k].reshape(X.shape)
        if np.nanmin(Z) <= 0 <= np.nanmax(Z):
            ls = styles[k % len(styles)]
            cs = ax.contour(X, Y, Z, levels=[0], colors="black", linewidths=1.4,
                            linestyles=ls)
            curve_labels += ax.clabel(cs, fmt={0.0: f"{p} = 0"}, fontsize=7, inline=True)
            handles.append(Line2D([], [], color="black", ls=ls, label=f"{p} = 0"))
    star = ax.plot([float(rm.base[0])], [float(rm.base[1])], marker="*", ms=14,
                   color="white", markeredgecolor="black", ls="none")[0]
    handles.append(Line2D([], [], marker="*", ms=12, color="white", markeredgecolor="black",
                          ls="none", label="baseline"))
    ax.set_xlabel(rm.parameters[0])
    ax.set_ylabel(rm.parameters[1])
    ax.set_xlim(float(a0), float(a1))
    ax.set_ylim(float(b0), float(b1))
    name = f"{title}: " if title else ""
    fig.suptitle(_wrap(f"{name}equilibrium regions over {rm.parameters[0]} and "
                       f"{rm.parameters[1]}", 90))
    legend = _legend(ax, handles + _region_handles(rm, colors, None))
    labels = _area_labels(fig, ax, rm, [*curve_labels, star])   # sized in the final layout
    if any(lab.text not in {x.text for x in labels} for lab in _wanted(rm)):
        legend.remove()                 # the legend then names the areas left unlabelled
        _legend(ax, handles + _region_handles(rm, colors, labels))
    return save(plt, fig, path)       # literal names, written atomically


def _legend(ax: Any, handles: list[Any]) -> Any:
    return ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                     fontsize="small", title="regions and boundaries")


def _wanted(rm: RegionMap) -> list[Any]:
    """The areas (or regions, when the map has no areas) that have an open part."""
    from .area_labels import AreaLabel
    if rm.areas:
        return [AreaLabel(ar.label, k, ar.region, 0, 0, True) for k, ar in enumerate(rm.areas)
                if any(d == 2 for d, _ in ar.cells)]
    return [AreaLabel(reg.label, -1, r, 0, 0, True) for r, reg in enumerate(rm.regions)
            if any(rm.cells[k].dimension == 2 for k in reg.cells)]


def _area_labels(fig: Any, ax: Any, rm: RegionMap, obstacles: list[Any]) -> list[AreaLabel]:
    """Each connected area's label written where it lies (area_labels.place), with
    the drawing's own text sizes, clear of the curves' labels and the baseline."""
    from .area_labels import label_text, place
    fig.canvas.draw()                   # the layout, so that sizes are the final ones
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    sx, sy = PIXELS / frame.width, PIXELS / frame.height
    texts = {}
    keys = [(k, ar.region) for k, ar in enumerate(rm.areas)] or \
        [(-1, r) for r in range(len(rm.regions))]
    for k, r in keys:
        text = label_text(rm, k, r)
        if text not in texts:
            texts[text] = ax.text(0, 0, text, **LABEL_STYLE)
    size = {}
    for text, artist in texts.items():
        ext = artist.get_window_extent(renderer)
        size[text] = (ext.width * sx, ext.height * sy)
    boxes = []
    for artist in obstacles:
        ext = artist.get_window_extent(renderer)
        boxes.append(((ext.x0 - frame.x0) * sx, (ext.y0 - frame.y0) * sy,
                      (ext.x1 - frame.x0) * sx, (ext.y1 - frame.y0) * sy))
    placed = place(rm, PIXELS, PIXELS, size, boxes, margin=2.0)
    (a0, a1), (b0, b1) = rm.box
    for lab in placed:
        artist = texts.pop(lab.text)
        artist.set_position((float(a0) + (float(a1) - float(a0)) * lab.u,
                             float(b0) + (float(b1) - float(b0)) * lab.v))
        artist.set_gid(f"area-label-{lab.text}")
    for artist in texts.values():       # areas too thin to hold their label
        artist.remove()
    return placed


LABEL_STYLE: dict[str, Any] = {
    "ha": "center", "va": "center", "fontsize": 11, "fontweight": "bold",
    "color": "black", "in_layout": False,
    "bbox": {"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.75,
             "edgecolor": "none"}}


def _region_handles(rm: RegionMap, colors: list, labels: Sequence[AreaLabel] | None
                    ) -> list[Any]:
    """A legend entry per region drawn as an area: its label, its areas when it holds
    in several separate ones, and its equilibria; areas too thin to carry their
    label on the drawing are named as such (`labels`: those drawn; None: all)."""
    from matplotlib.patches import Patch

    from games.sensitivity.sweep import describe_structure
    shown = {lab.text for lab in (_wanted(rm) if labels is None else labels)}
    out = []
    for r, reg in enumerate(rm.regions):
        if not any(rm.cells[k].dimension == 2 for k in reg.cells):
            continue
        text = "not solved" if reg.structure is None else \
            describe_structure(rm.players, reg.structure)
        mine = [ar.label for ar in rm.areas if ar.region == r and
                any(d == 2 for d, _ in ar.cells)]
        head = reg.label
        if len(mine) > 1:
            head += f" (separate areas {', '.join(mine)})"
        missing = [m for m in (mine or [reg.label]) if m not in shown]
        if missing:
            head += f" [{', '.join(missing)}: too narrow to label on the map]"
        out.append(Patch(color=colors[r], alpha=0.55, label=_wrap(f"{head}: {text}")))
    return out


def _region_colors(plt: Any, rm: Any) -> list:
    """Distinct colours for the area regions (those a picture shows), grey otherwise."""
    areas = [r for r, reg in enumerate(rm.regions)
             if any(rm.cells[k].dimension == 2 for k in reg.cells)]
    palette = _colors(plt, max(len(areas), 1))
    out = [(0.6, 0.6, 0.6, 1.0)] * len(rm.regions)
    for k, r in enumerate(areas):
        out[r] = palette[k]
    return out


def _wrap(text: str, width: int = 48) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(text, width)) or text
