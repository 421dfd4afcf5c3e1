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
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..numbers import Exact, sign, simplify_exact, to_float, to_fraction, to_sympy
from .robust_contacts import Boundary, Contact, Geometry, inside

if TYPE_CHECKING:
    import sympy

    from ..numbers import SymExpr



def higher_contacts(geom: Geometry, bounds: Sequence[Boundary], syms: Sequence[SymExpr],
                    j: int, others: Sequence[int], cap: Fraction | None = None
                    ) -> list[Contact] | None:
    """The candidates of boundary j (degree 3 up to ROBUST_DEGREE, two parameters) alone and with
    each boundary in `others`, at distance at most `cap` (None: anywhere in the box);
    None when some system is not solved exactly."""
    import sympy

    from ..limits import ROBUST_DEGREE, ROBUST_PLANE_DEGREE
    if len(syms) != 2 or not 2 < bounds[j].degree <= max(ROBUST_DEGREE, ROBUST_PLANE_DEGREE):
        return None
    a, b = syms
    f = sympy.expand(bounds[j].expr)
    out: list[Contact] = []
    r = sympy.Dummy("r")
    win = _windows(geom, cap)
    (a0, b0), (wa, wb) = (to_sympy(v) for v in geom.x0), (to_sympy(w) for w in geom.widths)
    for s, t in itertools.product((1, -1), repeat=2):          # corners
        g = sympy.Poly(f.subs({a: a0 + s * r * wa, b: b0 + t * r * wb}, simultaneous=True), r)
        for root, _ in _real_roots(g, (Fraction(0), cap)):
            if sign(root) > 0:
                out += _keep(geom, frozenset({j}), (a0 + s * root * wa, b0 + t * root * wb))
    for k, (var, other) in enumerate(((a, b), (b, a))):        # sides: tangent there
        pts = _common(f, sympy.diff(f, other), var, other, win if k == 0 else win[::-1])
        if pts is None:
            return None
        out += [c for p in pts for c in _keep(geom, frozenset({j}), p if k == 0 else p[::-1])]
    for k, var in enumerate((a, b)):                           # box edges
        other = b if k == 0 else a
        for edge in geom.box[k]:
            if not win[k][0] <= edge <= win[k][1]:
                continue                # farther than cap in this coordinate alone
            g = sympy.Poly(f.subs(var, to_sympy(edge)), other)
            if g.is_zero:
                return None
            for root, _ in _real_roots(g, win[1 - k]):
                p = (to_sympy(edge), root) if k == 0 else (root, to_sympy(edge))
                out += _keep(geom, frozenset({j}), p)
    square = [(lo, hi) for lo, hi in win]
    for i in others:                                           # crossings
        if not bounds[i].may_vanish(square):
            continue                    # certified clear of the square of radius cap
        pts = _common(f, sympy.expand(bounds[i].expr), a, b, win)
        if pts is None:
            return None
        out += [c for p in pts for c in _keep(geom, frozenset({i, j}), p)]
    return out


Window = tuple[Fraction | None, Fraction | None]


def _windows(geom: Geometry, cap: Fraction | None) -> list[tuple[Fraction, Fraction]]:
    """Per coordinate, the interval a point within distance `cap` lies in (the box's
    range when cap is None)."""
    if cap is None:
        return [(lo, hi) for lo, hi in geom.box]
    return [(max(lo, c - cap * w), min(hi, c + cap * w))
            for c, w, (lo, hi) in zip(geom.x0, geom.widths, geom.box)]


def _real_roots(g: sympy.Poly, window: Window = (None, None)) -> list[tuple[Exact, Any]]:
    """The distinct real roots of a univariate polynomial in `window` (ends None: no
    bound; a root within 1e-9 of the window counts as in it), exactly, each with its
    value to 60 digits (an mpmath number). Isolated by python-flint (factors over the
    integers, certified balls), so that roots outside the window cost no sympy
    number; sympy's real_roots for coefficients that are not rational."""
    import mpmath
    if g.degree() < 1:
        return []
    try:
        coeffs = [to_fraction(c) for c in reversed(g.all_coeffs())]
    except (TypeError, ValueError):
        from .robust_numeric import digits
        exact = [simplify_exact(x) for x in dict.fromkeys(g.real_roots())]
        return [(x, digits(x)) for x in exact if _within(to_float(x), window)]
    import flint

    from ..numbers import remember_float
    from ..solvers.algebraic import arb_fraction
    from .algebraic import RealRoot
    P = flint.fmpq_poly([flint.fmpq(c.numerator, c.denominator) for c in coeffs])
    out: list[tuple[Exact, Any]] = []
    mpmath.mp.dps = 80
    for f, _ in P.numer().factor()[1]:
        if f.degree() == 1:
            q = Fraction(-int(f[0]), int(f[1]))
            if _within(float(q), window):
                out.append((q, mpmath.mpf(q.numerator) / q.denominator))
            continue
        old = flint.ctx.prec
        flint.ctx.prec = 256
        try:
            found: list[Any] = list(f.complex_roots())      # (acb, multiplicity)
            reals = sorted((z.real for z, _ in found if z.imag.is_zero()),
                           key=lambda x: float(x.mid()))
        finally:
            flint.ctx.prec = old
        for k, z in enumerate(reals):
            mid = arb_fraction(z.mid())
            if not _within(float(mid), window):
                continue
            x = RealRoot(f, float(mid), k).sympy() if f.degree() == 2 else \
                _crootof(f, k)
            remember_float(x, float(mid))
            out.append((x, mpmath.mpf(mid.numerator) / mid.denominator))
    return out


def _crootof(f: Any, k: int) -> SymExpr:
    """The k-th real root (from the smallest) of the irreducible integer polynomial f,
    as sympy's CRootOf in x (the form the radius is printed in)."""
    import sympy
    x = sympy.Symbol("x")
    return sympy.CRootOf(sum(int(c) * x ** e for e, c in enumerate(f.coeffs())), k)


def _within(x: float, window: Window) -> bool:
    lo, hi = window
    tol = 1e-9 * (1 + abs(x))
    return (lo is None or x >= float(lo) - tol) and (hi is None or x <= float(hi) + tol)


def _common(f: SymExpr, g: SymExpr, x: SymExpr, y: SymExpr,
            win: Sequence[tuple[Fraction, Fraction]] | None = None
            ) -> list[tuple[Exact, Exact]] | None:
    """The real common zeros (x, y) of f and g in the box's plane, within the window
    `win` (per coordinate; None: anywhere): the x's among the real roots of
    res_y(f, g), the y's among those of res_x(f, g) (of the polynomial itself when
    one is free of that variable), each pair kept unless one of them is certainly
    not zero there at 60 digits; None when f and g share a factor (a whole curve in
    common). g = 0 identically (f free of y: vertical lines, whose ends are
    corners) gives none."""
    if g == 0:
        return []
    wx: Window = (None, None) if win is None else win[0]
    wy: Window = (None, None) if win is None else win[1]
    xs = _eliminated(f, g, y, x, wx)
    if xs is None:
        return None
    if not xs:
        return []
    ys = _eliminated(f, g, x, y, wy)
    if ys is None:
        return None
    near_f, near_g = _numeric(f, x, y), _numeric(g, x, y)
    out = []
    for (xv, a), (yv, b) in itertools.product(xs, ys):
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


def _eliminated(f: SymExpr, g: SymExpr, gone: SymExpr, kept: SymExpr,
                window: Window = (None, None)) -> list[tuple[Exact, Any]] | None:
    """The real roots (with their 60-digit values) of the eliminant of f and g in
    `kept`, within the window (None: the eliminant is zero)."""
    import sympy
    free = [h for h in (f, g) if gone not in h.free_symbols]
    if free:
        polys = [sympy.Poly(h, kept) for h in free if kept in h.free_symbols]
        if not polys:               # a constant: no common zero unless it is 0
            return [] if any(h != 0 for h in free) else None
        found = {x: v for P in polys for x, v in _real_roots(P, window)}
        return sorted(found.items(), key=lambda t: float(t[1]))
    res = _resultant(f, g, gone, kept)
    if res.is_zero:
        return None
    return _real_roots(res, window)


def _resultant(f: SymExpr, g: SymExpr, gone: SymExpr, kept: SymExpr) -> sympy.Poly:
    """res_gone(f, g) as a polynomial in `kept`: by python-flint (fmpq_mpoly) for
    rational coefficients, a degree-6 pair in milliseconds where sympy's subresultants
    take seconds; sympy's resultant otherwise."""
    import flint
    import sympy
    try:
        P, Q = (sympy.Poly(h, gone, kept, domain=sympy.QQ) for h in (f, g))
    except sympy.polys.polyerrors.PolynomialError:
        return sympy.Poly(sympy.resultant(f, g, gone), kept)
    ctx = flint.fmpq_mpoly_ctx.get(("_y", "_x"), "lex")

    def to_flint(h: sympy.Poly) -> Any:
        return ctx.from_dict({m: flint.fmpq(int(c.p), int(c.q)) for m, c in h.terms()})
    res = to_flint(P).resultant(to_flint(Q), "_y")
    coeffs = {(int(m[1]),): sympy.Rational(int(c.p), int(c.q)) for m, c in res.to_dict().items()}
    return sympy.Poly.from_dict(coeffs or {(0,): 0}, kept, domain=sympy.QQ)


def _keep(geom: Geometry, on: frozenset[int], point: tuple[Exact, Exact]) -> list[Contact]:
    """The candidate at `point` with its scaled distance, when inside the clipped
    square of that radius (every point of the box is on the square of its distance)."""
    pt = tuple(simplify_exact(v) for v in point)
    dist = [abs(to_sympy(v) - to_sympy(c)) / to_sympy(w)
            for v, c, w in zip(pt, geom.x0, geom.widths)]
    r = dist[0] if sign(dist[0] - dist[1]) >= 0 else dist[1]
    r = simplify_exact(r)
    return [Contact(r, pt, on)] if inside(geom, r, pt) else []
