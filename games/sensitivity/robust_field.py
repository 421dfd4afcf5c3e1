"""Exact signs of boundaries at a point with irrational coordinates, in one number
field: the robustness search's zero tests without sympy's minimal polynomials.

80-digit arithmetic (robust_numeric.py) settles every sign clearly away from zero;
what is left is almost always an exact zero (a boundary through a contact point, a
probe built on a curve), and sympy decides that by the minimal polynomial of the
substituted value: seconds each when the coordinates are roots of cubics or
quartics, which 3-player games make the usual case. Here the point is put in one
number field K = Q(g) once: g is the one algebraic generator its coordinates are
written with (a CRootOf, or a square root sqrt(D)); each coordinate is a rational
function of g, evaluated exactly in K (flint polynomials modulo g's minimal
polynomial). A boundary is then evaluated in K: it vanishes exactly when the
remainder is 0, and otherwise its sign is read off arb balls of growing precision
(region_algebraic.Field). Points whose coordinates use two or more generators
(crossings of curves given by unrelated roots) are put in Q(x) of their first
irrational coordinate x when the others lie in it (region_algebraic.element_of),
else None: the caller falls back to sympy.
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from ..numbers import Exact, is_rational, sign, simplify_exact, to_fraction, to_sympy

if TYPE_CHECKING:
    from flint import fmpq_poly

    from ..numbers import SymExpr
    from .algebraic import RealRoot
    from .region_algebraic import Field
    from .robust_contacts import Boundary

_CACHE: dict[tuple[Exact, ...], tuple[Field, tuple[fmpq_poly, ...]] | None] = {}
_CACHE_MAX = 2000


def field_point(point: Sequence[Exact]) -> tuple[Field, tuple[fmpq_poly, ...]] | None:
    """The point's coordinates as elements of one number field K (with K), or None
    when no common field was found cheaply. Remembered per point (bounded)."""
    key = tuple(point)
    if key not in _CACHE:
        remember_point(key, _build(key))
    return _CACHE[key]


def _build(point: tuple[Exact, ...]) -> tuple[Field, tuple[fmpq_poly, ...]] | None:
    import sympy

    from .algebraic import RealRoot
    from .region_algebraic import Field, Refused, element_of
    irrational = [cast("SymExpr", v) for v in point if not is_rational(v)]
    if not irrational:
        return None
    gens: set[SymExpr] = set()
    for v in irrational:
        gens |= set(v.atoms(sympy.CRootOf))
        gens |= {p for p in v.atoms(sympy.Pow) if p.exp == sympy.Rational(1, 2)}
    # the one generator the coordinates are written with, else the first coordinate
    firsts = [gens.pop()] if len(gens) == 1 else []
    try:
        for x in firsts + [irrational[0]]:
            K = Field(RealRoot.from_sympy(x))
            got: list[fmpq_poly] = []
            for y in point:
                e = (K.const(to_fraction(y)) if is_rational(y) else
                     K.gen() if y == x else element_of(K, x, y))
                if e is None:
                    break
                got.append(e)
            else:
                return K, tuple(got)
        return None
    except (ArithmeticError, Refused, ValueError, sympy.PolynomialError):
        return None


def field_signs(bounds: Sequence[Boundary], point: Sequence[Exact]
                ) -> tuple[int, ...] | None:
    """The exact sign of every boundary at the point, in the point's number field
    (None when the point was not put in one, or its generator not singled out)."""
    got = field_point(point)
    if got is None:
        return None
    K, xs = got
    try:
        return tuple(K.sign(value_at(b, K, xs)) for b in bounds)
    except ArithmeticError:         # the root not singled out: sympy decides
        return None


def value_at(b: Boundary, K: Field, xs: Sequence[fmpq_poly]) -> fmpq_poly:
    """Boundary b at the point with coordinates xs (elements of K), exactly."""
    total = K.const(0)
    powers: dict[tuple[int, int], fmpq_poly] = {}
    for mono, c in b.terms:
        term = K.const(c)
        for i, k in enumerate(mono):
            if k:
                if (i, k) not in powers:
                    p = K.const(1)
                    for _ in range(k):
                        p = K.mul(p, xs[i])
                    powers[i, k] = p
                term = K.mul(term, powers[i, k])
        total = total + term
    return total


def compare(point: Sequence[Exact], k: int, c: Fraction) -> int:
    """The sign of point[k] - c, exactly (in the point's field when it has one)."""
    v = point[k]
    if isinstance(v, Fraction):
        return (v > c) - (v < c)
    got = field_point(point)
    if got is None:
        return sign(to_sympy(v) - to_sympy(c))
    K, xs = got
    return K.sign(xs[k] - K.const(c))


# ------------------------------------------------------------------ roots along a line

def along(b: Boundary, p: Sequence[Fraction], v: Sequence[Fraction]) -> fmpq_poly:
    """b on the line p + s v, as a polynomial in s (flint, rational coefficients)."""
    import flint
    lines = [flint.fmpq_poly([flint.fmpq(a.numerator, a.denominator),
                              flint.fmpq(w.numerator, w.denominator)]) for a, w in zip(p, v)]
    total = flint.fmpq_poly([])
    for mono, c in b.terms:
        term = flint.fmpq_poly([flint.fmpq(c.numerator, c.denominator)])
        for line, e in zip(lines, mono):
            if e:
                term *= line ** e
        total += term
    return total


def nearest_root(b: Boundary, p: Sequence[Fraction], v: Sequence[Fraction]
                 ) -> Fraction | RealRoot | None:
    """The real root s of b(p + s v) nearest 0: a Fraction, or a RealRoot (python-flint:
    minimal polynomial and certified ball); None when there is none (or b is constant
    along the line)."""
    import flint

    from ..solvers.algebraic import arb_fraction
    from .algebraic import RealRoot
    P = along(b, p, v)
    if P.degree() < 1:
        return None
    best: tuple[float, Fraction | RealRoot] | None = None
    num = P.numer()
    for f, _ in num.factor()[1]:
        if f.degree() == 1:
            q = Fraction(-int(f[0]), int(f[1]))
            r: Fraction | RealRoot = q
            at = abs(float(q))
        else:
            old = flint.ctx.prec
            flint.ctx.prec = 128
            try:
                found: list[Any] = list(f.complex_roots())    # (acb, multiplicity)
                reals = [z.real for z, _ in found if z.imag.is_zero()]
            finally:
                flint.ctx.prec = old
            if not reals:
                continue
            reals.sort(key=lambda x: float(x.mid()))
            k = min(range(len(reals)), key=lambda i: abs(float(reals[i].mid())))
            at = abs(float(reals[k].mid()))
            r = RealRoot(f, float(arb_fraction(reals[k].mid())), k)
        if best is None or at < best[0]:
            best = (at, r)
    return None if best is None else best[1]


def line_signs(bounds: Sequence[Boundary], box: Sequence[tuple[Fraction, Fraction]],
               p: Sequence[Fraction], v: Sequence[Fraction], s: Fraction | RealRoot
               ) -> tuple[int, ...] | None:
    """The exact sign of every boundary at p + s v, None when that point is outside
    the box: in Q(s), with no sympy number built (most candidates are rejected)."""
    if isinstance(s, Fraction):
        pt = [a + s * w for a, w in zip(p, v)]
        if any(not lo <= x <= hi for x, (lo, hi) in zip(pt, box)):
            return None
        return tuple((c > 0) - (c < 0) for c in (b.at(pt) for b in bounds))
    K, xs = _line_field(p, v, s)
    try:
        if any(K.sign(x - K.const(lo)) < 0 or K.sign(x - K.const(hi)) > 0
               for x, (lo, hi) in zip(xs, box)):
            return None
        return tuple(K.sign(value_at(b, K, xs)) for b in bounds)
    except ArithmeticError:             # the root not singled out
        return None


def _line_field(p: Sequence[Fraction], v: Sequence[Fraction], s: RealRoot
                ) -> tuple[Field, tuple[fmpq_poly, ...]]:
    from .region_algebraic import Field
    K = Field(s)
    gen = K.gen()
    return K, tuple(K.const(a) + K.mul(K.const(w), gen) for a, w in zip(p, v))


def on_line(p: Sequence[Fraction], v: Sequence[Fraction], s: Fraction | RealRoot
            ) -> tuple[Exact, ...]:
    """The point p + s v: Fractions for a rational s; otherwise sympy numbers (s as a
    radical or CRootOf), its number field Q(s) remembered for the signs taken there."""
    if isinstance(s, Fraction):
        return tuple(a + s * w for a, w in zip(p, v))
    root = s.sympy()
    point = tuple(a if w == 0 else simplify_exact(to_sympy(a) + to_sympy(w) * root)
                  for a, w in zip(p, v))
    remember_point(point, _line_field(p, v, s))
    return point


def remember_point(point: tuple[Exact, ...],
                   got: tuple[Field, tuple[fmpq_poly, ...]] | None) -> None:
    """Remember a point's number field and coordinates there (a point built in K, such
    as a face system's solution, whose sympy form names several roots)."""
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[point] = got
