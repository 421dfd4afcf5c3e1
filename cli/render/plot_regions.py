"""Picture of an exact region map (matplotlib, an optional extra).

The areas are filled by the signs of the exact boundary polynomials at each pixel
(no solving), every boundary is drawn as its zero curve and named by its equation,
the baseline is a point, and the legend names each area region's equilibria.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .plot import _colors, _pyplot, save

if TYPE_CHECKING:
    from games.sensitivity.region_map import RegionMap

PIXELS = 400


def plot_regions(rm: RegionMap, path: str, title: str = "") -> str:
    """Draw the region map to `path` (.png or .svg); returns the path."""
    from matplotlib.colors import ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from games.sensitivity.signs import evaluate_all
    from games.sensitivity.sweep import describe_structure
    plt = _pyplot()
    (a0, a1), (b0, b1) = rm.box
    xs = np.linspace(float(a0), float(a1), PIXELS)
    ys = np.linspace(float(b0), float(b1), PIXELS)
    X, Y = np.meshgrid(xs, ys)
    vals = evaluate_all(list(rm.boundaries), rm.symbols, [X.ravel(), Y.ravel()])
    labels = _pixel_regions(rm, np.sign(vals).astype(int).T)
    colors = _region_colors(plt, rm)
    fig, ax = plt.subplots(figsize=(10, 6), layout="constrained")
    ax.imshow(labels.reshape(X.shape), origin="lower", aspect="auto",
              extent=(float(a0), float(a1), float(b0), float(b1)),
              cmap=ListedColormap(colors), vmin=-0.5, vmax=len(colors) - 0.5,
              interpolation="nearest", alpha=0.55)
    handles: list[Any] = []
    styles = ["-", "--", "-.", ":"]
    for k, p in enumerate(rm.boundaries):
        Z = vals[k].reshape(X.shape)
        if np.nanmin(Z) <= 0 <= np.nanmax(Z):
            ls = styles[k % len(styles)]
            cs = ax.contour(X, Y, Z, levels=[0], colors="black", linewidths=1.4,
                            linestyles=ls)
            ax.clabel(cs, fmt={0.0: f"{p} = 0"}, fontsize=7, inline=True)
            handles.append(Line2D([], [], color="black", ls=ls, label=f"{p} = 0"))
    ax.plot([float(rm.base[0])], [float(rm.base[1])], marker="*", ms=14, color="white",
            markeredgecolor="black", ls="none")
    handles.append(Line2D([], [], marker="*", ms=12, color="white", markeredgecolor="black",
                          ls="none", label="baseline"))
    for r, reg in enumerate(rm.regions):
        if any(rm.cells[k].dimension == 2 for k in reg.cells):
            text = "not solved" if reg.structure is None else \
                describe_structure(rm.players, reg.structure)
            handles.append(Patch(color=colors[r], alpha=0.55,
                                 label=_wrap(f"{reg.label}: {text}")))
    ax.set_xlabel(rm.parameters[0])
    ax.set_ylabel(rm.parameters[1])
    ax.set_xlim(float(a0), float(a1))
    ax.set_ylim(float(b0), float(b1))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
              fontsize="small", title="regions and boundaries")
    name = f"{title}: " if title else ""
    fig.suptitle(_wrap(f"{name}equilibrium regions over {rm.parameters[0]} and "
                       f"{rm.parameters[1]}", 90))
    return save(plt, fig, path)       # literal names, written atomically


def _region_colors(plt: Any, rm: Any) -> list:
    """Distinct colours for the area regions (those a picture shows), grey otherwise."""
    areas = [r for r, reg in enumerate(rm.regions)
             if any(rm.cells[k].dimension == 2 for k in reg.cells)]
    palette = _colors(plt, max(len(areas), 1))
    out = [(0.6, 0.6, 0.6, 1.0)] * len(rm.regions)
    for k, r in enumerate(areas):
        out[r] = palette[k]
    return out


def _pixel_regions(rm: Any, signs: np.ndarray) -> np.ndarray:
    """The region of each pixel from its sign vector (pixels exactly on a curve take
    the region of the cell with those signs as well)."""
    table = {c.signs: c.region for c in rm.cells}
    out = np.zeros(len(signs), dtype=int)
    if len(signs) == 0:
        return out
    uniq, inverse = np.unique(signs, axis=0, return_inverse=True)
    for k, s in enumerate(uniq):
        out[np.asarray(inverse).reshape(-1) == k] = table.get(tuple(int(v) for v in s),
                                                             rm.base_region)
    return out


def _wrap(text: str, width: int = 48) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(text, width)) or text
