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

import itertools
from collections.abc import Callable, Sequence
from dataclasses import replace
from fractions import Fraction

import numpy as np

from ..equilibrium import EquilibriumSet, sort_equilibria
from .region_map import RegionMap
from .sweep import SweepPoint, SweepResult, grid
from .thresholds import Structure, structure

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
    def point(k: int) -> tuple[Fraction, Fraction]:
        return exact(k) if exact is not None else (Fraction(float(fa[k])),
                                                   Fraction(float(fb[k])))
    signs = np.zeros((len(rm._evals), len(fa)), dtype=np.int8)
    for row, f in enumerate(rm._evals):
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
            s[k] = f.sign(*point(k))
        signs[row] = s
    cell_signs = np.array([c.signs for c in rm.cells], dtype=np.int8)
    cell_codes = _codes(cell_signs.reshape(len(rm.cells), len(rm._evals)).T)
    lookup = {int(code): k for k, code in enumerate(cell_codes.tolist())}
    uniq, inverse = np.unique(_codes(signs), return_inverse=True)
    found = np.array([lookup.get(int(code), -1) for code in uniq], dtype=np.int64)
    if (found < 0).any():
        raise ArithmeticError("a point outside every cell: the map does not cover it")
    return found[np.asarray(inverse).reshape(-1)]


def _codes(signs: np.ndarray) -> np.ndarray:
    """Each column's sign vector as one integer (base 3): the points' (one column a
    point) and the cells' alike."""
    code = np.zeros(signs.shape[1], dtype=object if signs.shape[0] > 38 else np.int64)
    for row in signs:
        code = code * 3 + (row.astype(np.int64) + 1)
    return code


def region_sweep(rm: RegionMap, steps: int,
                 solve_many: Callable[[list[dict[str, Fraction]]], Sequence[EquilibriumSet]]
                 ) -> SweepResult:
    """A steps x steps map of the region map's box, as the grid sweep's result: each
    point's exact equilibria from its region's formulas (`solve_many`, one batch, only
    for the points whose region has none: continua, unsolved regions)."""
    names = rm.parameters
    grids = (grid(*rm.box[0], steps), grid(*rm.box[1], steps))
    pts = list(itertools.product(*grids))
    cells = cells_of(rm, [p[0] for p in pts], [p[1] for p in pts])
    found: list[EquilibriumSet | None] = []
    shared: list[Structure | None] = []
    pointwise: list[int] = []
    for n, ((a, b), k) in enumerate(zip(pts, cells)):
        r = rm.cells[int(k)].region
        reg = rm.regions[r]
        eqs = rm.equilibria_in(r, a, b)
        if eqs is None or reg.equilibria is None:
            found.append(None)
            shared.append(None)
            pointwise.append(n)
            continue
        found.append(replace(reg.equilibria, equilibria=tuple(sort_equilibria(eqs)),
                             seconds=0.0,
                             method="exact: formulas of the region holding the point"))
        shared.append(reg.structure)
    solved = solve_many([{names[0]: pts[n][0], names[1]: pts[n][1]} for n in pointwise])
    for n, one in zip(pointwise, solved):
        found[n] = one
    structs: dict[Structure, int] = {}
    labels: list[int] = []
    for got, st in zip(found, shared):
        assert got is not None
        labels.append(structs.setdefault(st if st is not None else structure(got),
                                         len(structs)))
    points = tuple(SweepPoint({names[0]: a, names[1]: b}, e) for (a, b), e in zip(pts, found)
                   if e is not None)
    return SweepResult(names, grids, points, tuple(structs), tuple(labels), rm.players,
                       len(rm.cells), rm.complete)
