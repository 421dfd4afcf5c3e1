"""Maps of any resolution from an exact region map, without solving per point.

A region map (regions.py) says, for every cell of the box, which equilibria hold
there as formulas in the two parameters. A grid point's cell is the sign vector of
the boundary polynomials at that point, decided exactly: numpy evaluates every
boundary on the whole grid in floats with a rounding bound, and the few points
where a value is within that bound of zero are evaluated again in integers. The
point then takes its region's formulas, evaluated in Fractions at the point (that
exact cell membership is what licenses the formulas there). Points whose region has
no formula (a continuum, or a region left unsolved) are solved directly.

`cells_of` is also what a Monte Carlo draw or any other batch of points needs.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING, overload

import numpy as np

from ..equilibrium import EquilibriumSet, sort_equilibria
from ..solvers.bimatrix import components
from ..solvers.continua import attach_details
from .plane_polys import _Poly
from .region_map import RegionMap
from .sweep import SweepPoint, SweepResult, grid
from .thresholds import Structure, structure

if TYPE_CHECKING:
    from ..model import Game

ROUNDING = 1e-12      # relative bound on the float evaluation's error (far above it)


def cells_of(rm: RegionMap, a: Sequence[Fraction], b: Sequence[Fraction]) -> np.ndarray:
    """The index into rm.cells of the cell holding each point (a[k], b[k]), exact."""
    fa = np.array([float(x) for x in a])
    fb = np.array([float(x) for x in b])
    return cells_of_floats(rm, fa, fb, lambda k: (a[k], b[k]))


def cells_of_floats(rm: RegionMap, fa: np.ndarray, fb: np.ndarray,
                    exact: Callable[[int], tuple[Fraction, Fraction]] | None = None
                    ) -> np.ndarray:
    """As `cells_of`, for points given as floats (each taken as the exact rational it
    represents, unless `exact(k)` gives point k's exact coordinates): the cell of
    every point, exact, in one numpy pass plus an integer check of the few points
    near a boundary."""
    signs = np.zeros((len(rm._evals), len(fa)), dtype=np.int8)
    for row, f in enumerate(rm._evals):
        signs[row] = poly_signs(f, fa, fb, exact)
    cell_signs = np.array([c.signs for c in rm.cells], dtype=np.int8)
    cell_codes = _codes(cell_signs.reshape(len(rm.cells), len(rm._evals)).T)
    lookup = {int(code): k for k, code in enumerate(cell_codes.tolist())}
    uniq, inverse = np.unique(_codes(signs), return_inverse=True)
    found = np.array([lookup.get(int(code), -1) for code in uniq], dtype=np.int64)
    if (found < 0).any():
        raise ArithmeticError("a point outside every cell: the map does not cover it")
    out = found[np.asarray(inverse).reshape(-1)]
    if rm._located:     # cells sharing their signs (region_split.py): point location
        codes = cell_codes.tolist()
        shared = {k for k, code in enumerate(codes) if codes.count(code) > 1}
        for k in np.nonzero(np.isin(out, list(shared)))[0].tolist():
            a, b = exact(k) if exact is not None else (Fraction(float(fa[k])),
                                                       Fraction(float(fb[k])))
            out[k] = rm.cell_at(a, b)
    return out


def poly_signs(f: _Poly, fa: np.ndarray, fb: np.ndarray,
               exact: Callable[[int], tuple[Fraction, Fraction]] | None = None
               ) -> np.ndarray:
    """The exact sign of the polynomial f at every point (fa[k], fb[k]): one float
    evaluation with a rounding bound (ROUNDING of the sum of the terms' magnitudes),
    and integers at the points inside it (point k is `exact(k)`, else the rational
    its floats are)."""
    val = np.zeros_like(fa)
    mag = np.zeros_like(fa)
    for (i, j), c in f.terms.items():
        t = float(c) * fa ** i * fb ** j
        val += t
        mag += np.abs(t)
    s = np.sign(val).astype(np.int8)
    # not clearly away from zero (or not finite: a comparison with nan fails)
    unsure = np.nonzero(~(np.abs(val) > ROUNDING * mag + 1e-300))[0]
    for k in unsure.tolist():
        a, b = exact(k) if exact is not None else (Fraction(float(fa[k])),
                                                   Fraction(float(fb[k])))
        s[k] = f.sign(a, b)
    return s


def _codes(signs: np.ndarray) -> np.ndarray:
    """Each column's sign vector as one integer (base 3): the points' (one column a
    point) and the cells' alike."""
    code = np.zeros(signs.shape[1], dtype=object if signs.shape[0] > 38 else np.int64)
    for row in signs:
        code = code * 3 + (row.astype(np.int64) + 1)
    return code


def region_sweep(rm: RegionMap, steps: int,
                 solve_many: Callable[[list[dict[str, Fraction]]], Sequence[EquilibriumSet]],
                 game_at: Callable[[dict[str, Fraction]], Game] | None = None
                 ) -> SweepResult:
    """A steps x steps map of the region map's box, as the grid sweep's result.

    Each point's cell is decided exactly (`cells_of_floats`); a point whose region has
    formulas for every equilibrium (continua's extreme points included: their
    conditions checked at the point, region_vertices.py) takes its region's structure,
    and its equilibria are those formulas evaluated exactly when the point is read
    (`DrawnPoints`). The other points (a region without formulas, a vertex formula
    whose conditions fail there) are solved with `solve_many`, in one batch.
    `game_at` (the game at a point) gives a drawn point's continua their exact
    description (solvers.continua.attach_details), as a direct solve states them."""
    names = rm.parameters
    grids = (grid(*rm.box[0], steps), grid(*rm.box[1], steps))
    n = len(grids[1])
    fa = np.repeat(np.array([float(v) for v in grids[0]]), n)
    fb = np.tile(np.array([float(v) for v in grids[1]]), len(grids[0]))

    def exact(k: int) -> tuple[Fraction, Fraction]:
        return grids[0][k // n], grids[1][k % n]
    cell = cells_of_floats(rm, fa, fb, exact)
    region = np.array([c.region for c in rm.cells], dtype=np.int64)[cell]
    piece = np.array([c.piece for c in rm.cells], dtype=np.int64)[cell]
    drawn = np.ones(len(fa), dtype=bool)
    for r, reg in enumerate(rm.regions):
        for p, pc in enumerate(reg.all_pieces()):
            idx = np.nonzero((region == r) & (piece == p))[0]
            if not len(idx):
                continue
            if pc.equilibria is None or not pc.formulas or any(f is None for f in pc.formulas):
                drawn[idx] = False
                continue
            def at(k: int, i: np.ndarray = idx) -> tuple[Fraction, Fraction]:
                return exact(int(i[k]))
            for f, want in rm.conditions(r, p):
                drawn[idx[poly_signs(f, fa[idx], fb[idx], at) != want]] = False
    pointwise = np.nonzero(~drawn)[0].tolist()
    solved = dict(zip(pointwise, solve_many([dict(zip(names, exact(k))) for k in pointwise])))
    structs: dict[Structure, int] = {}
    by_region = [structs.setdefault(reg.structure, len(structs)) if reg.structure is not None
                 else -1 for reg in rm.regions]
    labels = np.array(by_region, dtype=np.int64)[region]
    for k, eqs in solved.items():
        labels[k] = structs.setdefault(structure(eqs), len(structs))
    order = {old: new for new, old in enumerate(dict.fromkeys(labels.tolist()))}
    ranked = sorted(structs, key=lambda st: order.get(structs[st], len(order)))
    kept = [st for st in ranked if structs[st] in order]
    relabel = np.zeros(len(structs), dtype=np.int64)
    for new, st in enumerate(kept):
        relabel[structs[st]] = new
    points = DrawnPoints(rm, grids, region, solved, game_at, piece)
    return SweepResult(names, grids, points, tuple(kept), tuple(relabel[labels].tolist()),
                       rm.players, len(rm.cells), rm.complete)


class DrawnPoints(Sequence[SweepPoint]):
    """The points of a map drawn from a region map, built when read: a drawn point's
    equilibria are its region's formulas evaluated exactly there (sorted as a solver
    sorts them, with their components), a solved point's those solved."""

    def __init__(self, rm: RegionMap, grids: tuple[tuple[Fraction, ...], ...],
                 region: np.ndarray, solved: dict[int, EquilibriumSet],
                 game_at: Callable[[dict[str, Fraction]], Game] | None = None,
                 piece: np.ndarray | None = None) -> None:
        self.rm, self.grids, self.region, self.solved = rm, grids, region, solved
        self.game_at = game_at
        self.piece = np.zeros_like(region) if piece is None else piece

    def __len__(self) -> int:
        return len(self.region)

    @overload
    def __getitem__(self, k: int) -> SweepPoint: ...

    @overload
    def __getitem__(self, k: slice) -> Sequence[SweepPoint]: ...

    def __getitem__(self, k: int | slice) -> SweepPoint | Sequence[SweepPoint]:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        n = len(self.grids[1])
        a, b = self.grids[0][k // n], self.grids[1][k % n]
        values = dict(zip(self.rm.parameters, (a, b)))
        if k in self.solved:
            return SweepPoint(values, self.solved[k])
        found = drawn_set(self.rm, int(self.region[k]), a, b, int(self.piece[k]))
        if self.game_at is not None and len(self.rm.players) == 2:
            found = attach_details(self.game_at(values), found)
        return SweepPoint(values, found)


def drawn_set(rm: RegionMap, r: int, a: Fraction, b: Fraction, piece: int | None = None
              ) -> EquilibriumSet:
    """The equilibria of region r at a point of it, from the formulas of its cell's
    piece (`piece`, or found from the point), as a solver states them: sorted, with
    components (2 players: by shared extreme strategies)."""
    if piece is None:
        cell = rm.cells[rm.cell_at(a, b)]
        piece = cell.piece if cell.region == r else 0
    pc = rm.regions[r].all_pieces()[piece]
    eqs = rm.equilibria_in(r, a, b, checked=True, piece=piece)
    assert pc.equilibria is not None and eqs is not None
    ordered = tuple(sort_equilibria(eqs))
    comps = components(ordered) if len(rm.players) == 2 else pc.equilibria.components
    return replace(pc.equilibria, equilibria=ordered, components=tuple(comps), seconds=0.0,
                   method="exact: formulas of the region holding the point")
