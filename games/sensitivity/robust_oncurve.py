"""Points ON the curved boundaries that vanish at a contact, for the probes of
robust_local.py: rational ones, and algebraic ones where none is found.

- A rational point near a target where the pattern's zero boundaries vanish: the
  linear ones (and box edges) cut out a rational affine subspace (its nearest point
  by exact least squares); each curved one is then met along a rational direction
  of that subspace along which it is of degree one (its values at s = 0 .. degree
  on the line p + s v lie on a line), fewest coordinates first, each along a
  direction that leaves the coordinates of those already met alone.
- An algebraic point of a cell on one curved boundary: a rational p near the cell on
  its linear boundaries, and the real root nearest p of the curved one along a
  rational direction v, p + s v with s algebraic (every coordinate in Q(s)); kept
  when its exact sign vector is the cell's, then solved exactly by the caller.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from ..linalg import linear_solve
from ..numbers import Exact

if TYPE_CHECKING:
    from ..numbers import SymExpr
    from .robust_contacts import Boundary, Geometry

Pattern = tuple[int, ...]


def on_zeros(geom: Geometry, bounds: Sequence[Boundary], target: Sequence[Fraction],
              zero: Sequence[int], edges: Sequence[list[Fraction]], pattern: Pattern
              ) -> tuple[Fraction, ...] | None:
    """A rational point near `target` where the pattern's zero boundaries vanish: the
    linear ones (and box edges) cut out a rational affine subspace (nearest point by
    exact least squares); one curved boundary of degree one in some coordinate that
    they leave free is then solved for that coordinate. None when neither applies."""
    n = len(target)
    rows: list[list[Fraction]] = []
    curved: list[Boundary] = []
    for i, j in enumerate(zero):
        if pattern[i] != 0:
            continue
        b = bounds[j]
        if b.linear is None:
            curved.append(b)
        else:
            rows.append([*b.linear, -b.constant])
    for i, e in enumerate(edges):
        if pattern[len(zero) + i] == 0:
            k = next(t for t, v in enumerate(e) if v)
            rows.append([Fraction(int(t == k)) for t in range(n)] + [edge_value(geom, k, e[k])])
    p = list(target)
    basis: list[list[Fraction]] = [[Fraction(int(i == k)) for i in range(n)] for k in range(n)]
    if rows:
        sol = linear_solve(rows)
        if sol is None:
            return None
        p = nearest_in(sol[0], sol[1], target)
        basis = sol[1]
    # the curved ones one at a time, fewest coordinates first, each along a direction
    # that leaves the coordinates of those already met alone
    done: set[int] = set()
    for q in sorted(curved, key=lambda b: len(_involved(b))):
        ways = [v for v in _directions(basis) if not any(v[k] for k in done)]
        got = tuple(p) if q.at(p) == 0 else \
            next((pt for v in ways if (pt := _linear_along(q, p, v)) is not None), None)
        if got is None:
            return None
        p = list(got)
        done |= _involved(q)
    return tuple(p)


def _involved(b: Boundary) -> set[int]:
    """The coordinates a boundary involves."""
    return {k for m, _ in b.terms for k, e in enumerate(m) if e}


def algebraic_probe(geom: Geometry, bounds: Sequence[Boundary], syms: Sequence[SymExpr],
                     point: Sequence[Exact], zero: Sequence[int],
                     edges: Sequence[list[Fraction]], pattern: Pattern,
                     d: list[Fraction] | None) -> tuple[Exact, ...] | None:
    """A point with irrational coordinates in a cell ON one curved boundary (with
    linear ones and box edges at zero too, as the pattern says): a rational point p
    near point + eps d on the linear ones, then the root nearest p of the curved one
    along a rational direction v they leave free, p + s v with s algebraic (a root of
    a univariate polynomial). Accepted when its exact sign vector is the pattern's
    (None: none found)."""
    from .robust_field import line_signs, nearest_root, on_line
    from .robust_local import near_rational, signs_at, step
    on = [j for i, j in enumerate(zero) if pattern[i] == 0]
    curved = [j for j in on if bounds[j].linear is None]
    if d is None or len(curved) != 1:
        return None
    q = bounds[curved[0]]
    n = len(point)
    rows = [[*(bounds[j].linear or ()), -bounds[j].constant] for j in on if j != curved[0]]
    for i, e in enumerate(edges):
        if pattern[len(zero) + i] == 0:
            k = next(t for t, v in enumerate(e) if v)
            rows.append([Fraction(int(t == k)) for t in range(n)] + [edge_value(geom, k, e[k])])
    want = list(signs_at(bounds, syms, point))
    for i, j in enumerate(zero):
        want[j] = pattern[i]
    approx = [near_rational(v, 10 ** 30) for v in point]
    eps = step(geom, d)
    for _ in range(12):
        target = [v + eps * x for v, x in zip(approx, d)]
        basis: list[list[Fraction]] = [[Fraction(int(i == k)) for i in range(n)]
                                       for k in range(n)]
        p = target
        if rows:
            sol = linear_solve(rows)
            if sol is None:
                return None
            p, basis = nearest_in(sol[0], sol[1], target), sol[1]
        for v in _directions(basis):
            got = nearest_root(q, p, v)
            if got is None:
                continue
            if line_signs(bounds, geom.box, p, v, got) == tuple(want):
                return on_line(p, v, got)
        eps /= 4
    return None


def _directions(basis: Sequence[Sequence[Fraction]]) -> list[list[Fraction]]:
    """Rational directions of a subspace to try a curved boundary along: its basis
    vectors, then their pairwise sums and differences."""
    out = [list(v) for v in basis]
    for u, w in itertools.combinations(basis, 2):
        out += [[x + y for x, y in zip(u, w)], [x - y for x, y in zip(u, w)]]
    return out


def _linear_along(q: Boundary, p: Sequence[Fraction], v: Sequence[Fraction]
                  ) -> tuple[Fraction, ...] | None:
    """The zero of q on the line p + s v when q is of degree one in s there (its
    values at s = 0 .. degree lie on a line): a rational point of q = 0 near p."""
    vals = [q.at([a + s * b for a, b in zip(p, v)]) for s in range(q.degree + 1)]
    slope = vals[1] - vals[0]
    if slope == 0 or any(vals[s] != vals[0] + s * slope for s in range(2, len(vals))):
        return None
    s0 = -vals[0] / slope
    return tuple(a + s0 * b for a, b in zip(p, v))


def edge_value(geom: Geometry, k: int, inward: Fraction) -> Fraction:
    return geom.box[k][0] if inward > 0 else geom.box[k][1]


def nearest_in(base: Sequence[Fraction], basis: Sequence[Sequence[Fraction]],
                target: Sequence[Fraction]) -> list[Fraction]:
    """The point of base + span(basis) nearest to target (exact least squares)."""
    if not basis:
        return list(base)
    diff = [t - b for t, b in zip(target, base)]
    gram = [[sum((x * y for x, y in zip(u, v)), Fraction(0)) for v in basis] for u in basis]
    rhs = [sum((x * y for x, y in zip(u, diff)), Fraction(0)) for u in basis]
    sol = linear_solve([[*row, r] for row, r in zip(gram, rhs)])
    assert sol is not None
    coef = sol[0]
    return [b + sum((c * u[i] for c, u in zip(coef, basis)), Fraction(0))
            for i, b in enumerate(base)]
