"""Where the range-scaled square around the baseline first touches a boundary of
degree 3 up to games.limits.ROBUST_DEGREE in two parameters: every candidate point,
exactly.

In two parameters a face of the clipped square is a corner (both coordinates on the
square's surface), a side (one on the surface, the other free) or a side meeting
an edge of the box (one on the surface, the other at the box's edge). Its Fritz
John points on one boundary f are:

- corners: the positive real roots r of f(a0 + s r wa, b0 + t r wb), s, t = +-1;
- sides a = a0 + s r wa: the points where f = 0 and df/db = 0 (the curve is
  tangent to the side): x among the real roots of res_b(f, df/db), b among those
  of res_a(f, df/db), each pair kept when f and df/db vanish there exactly;
  likewise the sides in b;
- a box edge a = e with b = b0 +- r wb: the real roots of f(e, b).

With a second boundary g, the crossings f = g = 0 (the same pairing of the roots
of both resultants) are candidates too: a structure may differ only at a crossing.
Roots are isolated exactly (sympy's real_roots: radicals up to degree two, CRootOf
beyond; a pair is dropped when both polynomials are not certainly zero there at 60
digits, `_may_vanish`: a pair kept wrongly only adds a candidate); a candidate is kept when
it lies in the box and on the clipped square of its radius (robust_contacts.inside).
When two boundaries share a factor (a resultant vanishes identically) the boundary
is reported as not solved (None) and the radius keeps its certified bound for it.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..numbers import Exact, sign, simplify_exact, to_sympy
from .robust_contacts import Boundary, Contact, Geometry, inside

if TYPE_CHECKING:
    import sympy

    from ..numbers import SymExpr



def higher_contacts(geom: Geometry, bounds: Sequence[Boundary], syms: Sequence[SymExpr],
                    j: int, others: Sequence[int]) -> list[Contact] | None:
    """The candidates of boundary j (degree 3 up to ROBUST_DEGREE, two parameters) alone and with
    each boundary in `others`; None when some system is not solved exactly."""
    import sympy

    from ..limits import ROBUST_DEGREE
    if len(syms) != 2 or not 2 < bounds[j].degree <= ROBUST_DEGREE:
        return None
    a, b = syms
    f = sympy.expand(bounds[j].expr)
    out: list[Contact] = []
    r = sympy.Dummy("r")
    (a0, b0), (wa, wb) = (to_sympy(v) for v in geom.x0), (to_sympy(w) for w in geom.widths)
    for s, t in itertools.product((1, -1), repeat=2):          # corners
        g = sympy.Poly(f.subs({a: a0 + s * r * wa, b: b0 + t * r * wb}, simultaneous=True), r)
        for root in _real_roots(g):
            if sign(root) > 0:
                out += _keep(geom, frozenset({j}), (a0 + s * root * wa, b0 + t * root * wb))
    for k, (var, other) in enumerate(((a, b), (b, a))):        # sides: tangent there
        pts = _common(f, sympy.diff(f, other), var, other)
        if pts is None:
            return None
        out += [c for p in pts for c in _keep(geom, frozenset({j}), p if k == 0 else p[::-1])]
    for k, var in enumerate((a, b)):                           # box edges
        other = b if k == 0 else a
        for edge in geom.box[k]:
            g = sympy.Poly(f.subs(var, to_sympy(edge)), other)
            if g.is_zero:
                return None
            for root in _real_roots(g):
                p = (to_sympy(edge), root) if k == 0 else (root, to_sympy(edge))
                out += _keep(geom, frozenset({j}), p)
    for i in others:                                           # crossings
        pts = _common(f, sympy.expand(bounds[i].expr), a, b)
        if pts is None:
            return None
        out += [c for p in pts for c in _keep(geom, frozenset({i, j}), p)]
    return out


def _real_roots(g: sympy.Poly) -> list[Exact]:
    """The distinct real roots of a univariate polynomial, exactly."""
    if g.degree() < 1:
        return []
    return [simplify_exact(x) for x in dict.fromkeys(g.real_roots())]


def _common(f: SymExpr, g: SymExpr, x: SymExpr, y: SymExpr
            ) -> list[tuple[Exact, Exact]] | None:
    """The real common zeros (x, y) of f and g in the box's plane: the x's among the
    real roots of res_y(f, g), the y's among those of res_x(f, g) (of the polynomial
    itself when one is free of that variable), each pair kept when both vanish there
    exactly; None when f and g share a factor (a whole curve in common). g = 0
    identically (f free of y: vertical lines, whose ends are corners) gives none."""
    if g == 0:
        return []
    xs, ys = _eliminated(f, g, y, x), _eliminated(f, g, x, y)
    if xs is None or ys is None:
        return None
    near_f, near_g = _numeric(f, x, y), _numeric(g, x, y)
    from .robust_numeric import digits
    xn, yn = [digits(v) for v in xs], [digits(v) for v in ys]
    out = []
    for (xv, a), (yv, b) in itertools.product(zip(xs, xn), zip(ys, yn)):
        if near_f(a, b) and near_g(a, b):
            out.append((xv, yv))
    return out


def _numeric(f: SymExpr, x: SymExpr, y: SymExpr) -> Callable[[Any, Any], bool]:
    """A test that is False only when f is certainly not zero at a point given to 60
    digits (robust_numeric.py). A pair kept without the exact zero test (a minimal
    polynomial, seconds for roots of degree 5 or 6) can only add a candidate: one not
    on the curves is decided like any point (its cells are solved), and cannot come
    before the nearest true one with a change."""
    from .robust_contacts import boundaries
    from .robust_numeric import numeric_sign
    (b,) = boundaries([f], [x, y])

    def may_vanish(xn: Any, yn: Any) -> bool:
        return numeric_sign(b, (xn, yn)) is None
    return may_vanish


def _eliminated(f: SymExpr, g: SymExpr, gone: SymExpr, kept: SymExpr) -> list[Exact] | None:
    """The real roots of the eliminant of f and g in `kept` (None: it is zero)."""
    import sympy
    free = [h for h in (f, g) if gone not in h.free_symbols]
    if free:
        polys = [sympy.Poly(h, kept) for h in free if kept in h.free_symbols]
        if not polys:               # a constant: no common zero unless it is 0
            return [] if any(h != 0 for h in free) else None
        return sorted({r for P in polys for r in _real_roots(P)}, key=lambda v: float(v))
    res = sympy.Poly(sympy.resultant(f, g, gone), kept)
    if res.is_zero:
        return None
    return _real_roots(res)


def _keep(geom: Geometry, on: frozenset[int], point: tuple[Exact, Exact]) -> list[Contact]:
    """The candidate at `point` with its scaled distance, when inside the clipped
    square of that radius (every point of the box is on the square of its distance)."""
    pt = tuple(simplify_exact(v) for v in point)
    dist = [abs(to_sympy(v) - to_sympy(c)) / to_sympy(w)
            for v, c, w in zip(pt, geom.x0, geom.widths)]
    r = dist[0] if sign(dist[0] - dist[1]) >= 0 else dist[1]
    r = simplify_exact(r)
    return [Contact(r, pt, on)] if inside(geom, r, pt) else []
