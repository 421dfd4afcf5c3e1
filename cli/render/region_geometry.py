"""Where a region map's boundary curves are, for drawing them (the HTML page's SVG).

The boundaries are the exact polynomials of the region map (games.sensitivity.regions).
A drawing needs points of their zero curves at screen precision, so this module finds
them by sign changes on a grid (numpy values of the exact polynomials) refined by
bisection along each crossed grid edge to machine precision: every point drawn lies on
the curve, not on a grid line, and a straight boundary comes out straight.

- `boundary_segments`: per boundary, the segments of its zero curve (marching squares
  with bisected crossings);
- `column_cuts`: per vertical strip of the picture, the heights where any boundary
  crosses the strip's centre line; the page colours each piece between two cuts by
  its region, decided there by the exact sign conditions.

Coordinates are fractions of the box, (0, 0) the lower-left corner. Nothing here
decides which region a point is in: that stays exact (the cells' conditions).
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
import numpy as np

from games.numbers import SymExpr

SEGMENT_GRID = 160          # squares per side for the curves
COLUMNS = 240               # vertical strips of the fill
COLUMN_SAMPLES = 800        # heights tested per strip before bisection
BISECTIONS = 48             # halvings of a crossed edge (beyond float precision)

Box = tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]
Segment = tuple[tuple[float, float], tuple[float, float]]


def _values(poly: SymExpr, symbols: Sequence[SymExpr], box: Box, u: np.ndarray,
            v: np.ndarray) -> np.ndarray:
    """The polynomial at box fractions (u, v), as floats."""
    from games.sensitivity.signs import evaluate_all
    (a0, a1), (b0, b1) = box
    x = float(a0) + (float(a1) - float(a0)) * u
    y = float(b0) + (float(b1) - float(b0)) * v
    return evaluate_all([poly], symbols, [x.ravel(), y.ravel()])[0].reshape(u.shape)


def _bisect(poly: SymExpr, symbols: Sequence[SymExpr], box: Box, p: np.ndarray, q: np.ndarray
            ) -> np.ndarray:
    """For edges from points p to q (n x 2, the polynomial of opposite signs or zero
    at the ends), a point of each edge where it is zero (to float precision)."""
    lo, hi = p.copy(), q.copy()
    f_lo = np.sign(_values(poly, symbols, box, lo[:, 0], lo[:, 1]))
    for _ in range(BISECTIONS):
        mid = (lo + hi) / 2
        f_mid = np.sign(_values(poly, symbols, box, mid[:, 0], mid[:, 1]))
        same = (f_mid == f_lo) & (f_mid != 0)
        lo = np.where(same[:, None], mid, lo)
        hi = np.where(same[:, None], hi, mid)
        hit = f_mid == 0
        lo[hit] = hi[hit] = mid[hit]
    return (lo + hi) / 2


def boundary_segments(poly: SymExpr, symbols: Sequence[SymExpr], box: Box,
                      n: int = SEGMENT_GRID) -> list[Segment]:
    """The zero curve of `poly` in the box as short segments whose ends lie on it."""
    t = np.linspace(0.0, 1.0, n + 1)
    U, V = np.meshgrid(t, t, indexing="ij")          # U[i, j] = t[i], V[i, j] = t[j]
    S = np.sign(_values(poly, symbols, box, U, V))
    S[S == 0] = 1                                    # a zero vertex counts as positive
    if np.all(S == S[0, 0]):
        return []
    # edges of square (i, j): 0 bottom, 1 right, 2 top, 3 left
    corners = [((0, 0), (1, 0)), ((1, 0), (1, 1)), ((0, 1), (1, 1)), ((0, 0), (0, 1))]
    crossed = []
    for (di0, dj0), (di1, dj1) in corners:
        crossed.append(S[di0:n + di0, dj0:n + dj0] != S[di1:n + di1, dj1:n + dj1])
    points: dict[tuple[int, int, int], tuple[float, float]] = {}
    for e, ((di0, dj0), (di1, dj1)) in enumerate(corners):
        ii, jj = np.nonzero(crossed[e])
        if not len(ii):
            continue
        p = np.stack([t[ii + di0], t[jj + dj0]], axis=1)
        q = np.stack([t[ii + di1], t[jj + dj1]], axis=1)
        for i, j, pt in zip(ii, jj, _bisect(poly, symbols, box, p, q)):
            points[(int(i), int(j), e)] = (float(pt[0]), float(pt[1]))
    segments: list[Segment] = []
    count = sum(c.astype(int) for c in crossed)
    for i, j in zip(*np.nonzero(count >= 2)):
        ends = [points[(int(i), int(j), e)] for e in range(4) if (int(i), int(j), e) in points]
        segments += [(ends[k], ends[k + 1]) for k in range(0, len(ends) - 1, 2)]
    return segments


def column_cuts(polys: Sequence[SymExpr], symbols: Sequence[SymExpr], box: Box,
                columns: int = COLUMNS) -> list[list[float]]:
    """Per strip k (centre at (2k + 1) / (2 columns) of the width), the sorted heights
    in (0, 1) where some boundary changes sign along the strip's centre line."""
    centres = (2 * np.arange(columns) + 1) / (2 * columns)
    heights = np.linspace(0.0, 1.0, COLUMN_SAMPLES + 1)
    U, V = np.meshgrid(centres, heights, indexing="ij")
    cuts: list[list[float]] = [[] for _ in range(columns)]
    for poly in polys:
        S = np.sign(_values(poly, symbols, box, U, V))
        S[S == 0] = 1
        ci, hj = np.nonzero(S[:, :-1] != S[:, 1:])
        if not len(ci):
            continue
        p = np.stack([centres[ci], heights[hj]], axis=1)
        q = np.stack([centres[ci], heights[hj + 1]], axis=1)
        for c, pt in zip(ci, _bisect(poly, symbols, box, p, q)):
            cuts[int(c)].append(float(pt[1]))
    return [sorted(set(round(h, 12) for h in c if 0.0 < h < 1.0)) for c in cuts]


def geometry(polys: Sequence[SymExpr], symbols: Sequence[SymExpr], box: Box) -> dict:
    """The drawing data of the page: {"curves": [[[x0, y0, x1, y1], ...] per boundary],
    "columns": the cuts per strip}; coordinates rounded to 1e-6 of the box."""
    def r(x: float) -> float:
        return round(x, 6)
    curves = [[[r(a[0]), r(a[1]), r(b[0]), r(b[1])]
               for a, b in boundary_segments(p, symbols, box)] for p in polys]
    return {"curves": curves,
            "columns": [[r(h) for h in c] for c in column_cuts(polys, symbols, box)]}
