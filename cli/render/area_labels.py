"""Where to write each connected area's label (A1, A2, B, ...) on a picture of a
region map: the plot (plot_regions.py) and the HTML page's map (page_data.py).

A picture is a grid of pixels; each pixel's region is read off the signs of the
exact boundary polynomials at its centre (numpy floats, as the fill is drawn). The
pixels of one sign vector fall into 4-connected pieces (cut along every curve, so a
strip thinner than a pixel still parts the areas on either side); each piece's area
is decided exactly at its widest pixel (`RegionMap.area_at` at that pixel's rational
centre), touching pieces of one area are joined, and in each, the pixel farthest
from its edge (a distance transform, box edges counted as edges) is where a label
has the most room. An area split into several pieces by the grid is labelled once,
in its widest piece; every label's own pixel is checked exactly too, so a label
always names the area it sits in.

A label is placed where its whole box (given in pixels by the caller, who knows the
font) lies inside its piece, clear of the caller's obstacles (curve labels, the
baseline marker) and of labels already placed; failing that, at its widest pixel
when that box at least clears the others (`inside` False: the text may cross a
curve; only in a piece at least as thick as the text); failing both, it is not
placed (the legend says so). Boxes inside distinct
areas cannot overlap, so labels never cover each other.

Nothing here decides a region for the report: the table and the JSON stay exact.
scipy (ndimage) is imported inside functions.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from games.errors import GameError

if TYPE_CHECKING:
    from games.sensitivity.region_map import RegionMap

Box = tuple[float, float, float, float]      # x0, y0, x1, y1 in grid pixels
CANDIDATES = 600        # pixels tried per area, widest first


@dataclass(frozen=True)
class AreaLabel:
    """A label's text, the area (index into RegionMap.areas, or -1 when the map has
    no areas and regions are labelled) and region it names, and its centre as
    fractions (u, v) of the box's width and height (0, 0: the lower-left corner)."""

    text: str
    area: int
    region: int
    u: float
    v: float
    inside: bool            # the whole label lies inside its area


def pixel_regions(rm: RegionMap, nx: int, ny: int) -> np.ndarray:
    """The region of each pixel centre, shape (ny, nx), row j at height (j + 1/2)/ny
    of the box; from the signs of the boundary polynomials (a pixel exactly on a
    curve takes the region of the cell with those signs)."""
    return _pixel_classes(rm, nx, ny)[0]


def _pixel_classes(rm: RegionMap, nx: int, ny: int) -> tuple[np.ndarray, np.ndarray]:
    """Each pixel's region and the index of its sign vector (pixels of one sign
    vector that touch lie in one cell, unless a curve passes between them unseen)."""
    from games.sensitivity.signs import evaluate_all
    (a0, a1), (b0, b1) = rm.box
    xs = float(a0) + (float(a1) - float(a0)) * (np.arange(nx) + 0.5) / nx
    ys = float(b0) + (float(b1) - float(b0)) * (np.arange(ny) + 0.5) / ny
    X, Y = np.meshgrid(xs, ys)
    vals = evaluate_all(list(rm.boundaries), rm.symbols, [X.ravel(), Y.ravel()])
    signs = np.sign(vals).astype(int).T
    table = {c.signs: c.region for c in rm.cells}
    out = np.full(len(signs), rm.base_region, dtype=int)
    ids = np.zeros(len(signs), dtype=int)
    if len(signs) and signs.shape[1]:
        uniq, inverse = np.unique(signs, axis=0, return_inverse=True)
        ids = np.asarray(inverse).reshape(-1)
        for k, s in enumerate(uniq):
            out[ids == k] = table.get(tuple(int(v) for v in s), rm.base_region)
    elif rm.cells:
        out[:] = rm.cells[0].region
    return out.reshape(ny, nx), ids.reshape(ny, nx)


def label_text(rm: RegionMap, area: int, region: int) -> str:
    """An area's label, or its region's when the map has no areas."""
    return rm.areas[area].label if area >= 0 else rm.regions[region].label


def place(rm: RegionMap, nx: int, ny: int, size: Mapping[str, tuple[float, float]],
          obstacles: Sequence[Box] = (), margin: float = 1.0) -> list[AreaLabel]:
    """A label for every area of the map that has pixels (see the module's docstring);
    `size[text]`: the label's width and height in pixels."""
    pieces = _widest_pieces(rm, nx, ny)
    placed: list[Box] = list(obstacles)
    out = []
    for key, (mask, dist) in sorted(pieces.items(), key=lambda kv: -float(kv[1][1].max())):
        area, region = key
        text = label_text(rm, area, region)
        w, h = size.get(text, (len(text) * 8.0, 12.0))
        got = _spot(rm, mask, dist, (w + 2 * margin, h + 2 * margin), placed, key)
        if got is None:
            continue
        (cx, cy), inside = got
        placed.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
        out.append(AreaLabel(text, area, region, cx / nx, cy / ny, inside))
    return sorted(out, key=lambda lab: lab.text)


def _widest_pieces(rm: RegionMap, nx: int, ny: int
                   ) -> dict[tuple[int, int], tuple[np.ndarray, np.ndarray]]:
    """(area, region) -> the mask and distance map of its widest pixel piece. Pieces
    are first cut along every curve (pixels of one sign vector), so that two areas
    parted by a strip thinner than a pixel stay apart; each cut piece's area is
    decided exactly at its widest pixel, and touching pieces of one area are joined
    again."""
    from scipy import ndimage
    grid, ids = _pixel_classes(rm, nx, ny)
    owner = np.full(grid.shape, -1, dtype=int)
    keys: list[tuple[int, int]] = []
    for s in np.unique(ids):
        comps, count = ndimage.label(ids == s)
        for k in range(1, count + 1):
            mask = comps == k
            dist = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
            j, i = np.unravel_index(int(np.argmax(dist)), dist.shape)
            key = _exact_area(rm, int(grid[j, i]), int(i), int(j), grid.shape)
            if key is None:
                continue
            if key not in keys:
                keys.append(key)
            owner[mask] = keys.index(key)
    best: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
    for n, key in enumerate(keys):
        comps, count = ndimage.label(owner == n)
        for k in range(1, count + 1):
            mask = comps == k
            dist = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
            if key not in best or dist.max() > best[key][1].max():
                best[key] = (mask, dist)
    return best


def _exact_area(rm: RegionMap, region: int, i: int, j: int, shape: tuple[int, ...]
                ) -> tuple[int, int] | None:
    """(area, region) at pixel (i, j)'s rational centre, decided exactly; None when
    the exact answer is not the pixel's region (a pixel on a curve)."""
    ny, nx = shape
    (a0, a1), (b0, b1) = rm.box
    a = a0 + (a1 - a0) * Fraction(2 * i + 1, 2 * nx)
    b = b0 + (b1 - b0) * Fraction(2 * j + 1, 2 * ny)
    if rm.areas:
        try:
            k = rm.area_at(a, b)
        except GameError:           # the areas were not computed: label regions
            k = -1
        if k >= 0:
            return (k, region) if rm.areas[k].region == region else None
    exact = rm.cells[rm.cell_at(a, b)].region
    return (-1, region) if exact == region else None


def _spot(rm: RegionMap, mask: np.ndarray, dist: np.ndarray, box: tuple[float, float],
          placed: Sequence[Box], key: tuple[int, int]
          ) -> tuple[tuple[float, float], bool] | None:
    """The label's centre in pixels, and whether its box is inside the piece."""
    ny, nx = mask.shape
    w, h = box
    jj, ii = np.nonzero(mask)           # ties (a strip's midline) go to the middle
    far = np.hypot(*np.indices(mask.shape) - np.array([jj.mean(), ii.mean()])[:, None, None])
    order = np.argsort(-(dist - 1e-3 * far), axis=None, kind="stable")[:CANDIDATES]
    for inside in (True, False):
        for flat in order:
            j, i = divmod(int(flat), nx)
            if dist[j, i] <= 0 or (not inside and 2 * dist[j, i] < min(w, h)):
                break           # (not inside: the piece must be as thick as the text)
            cx, cy = i + 0.5, j + 0.5
            b = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if b[0] < 0 or b[1] < 0 or b[2] > nx or b[3] > ny:
                continue
            if inside and not mask[int(b[1]):int(np.ceil(b[3])),
                                   int(b[0]):int(np.ceil(b[2]))].all():
                continue
            if any(_overlap(b, o) for o in placed):
                continue
            if _exact_area(rm, key[1], i, j, mask.shape) != key:
                continue
            return (cx, cy), inside
    return None


def _overlap(p: Box, q: Box) -> bool:
    return p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]
