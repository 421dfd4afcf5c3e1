"""Exact real roots of univariate polynomials inside an interval (Fractions, radicals
for quadratics, CRootOf beyond), sorted exactly, and the simplest rationals between
two exact numbers: where thresholds and region boundaries are found.

sympy is imported inside functions.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from ..budget import check_deadline
from ..numbers import Exact, SymExpr, exact_str, simplify_exact


def real_roots_between(polys: Sequence[SymExpr], symbol: SymExpr, lo: Fraction,
                       hi: Fraction, deadline: float | None = None) -> list[Exact]:
    """Distinct real roots strictly inside (lo, hi) of univariate polynomials, exact
    (Fractions, radicals for quadratics, CRootOf beyond), sorted increasingly.
    OutOfTime when the monotonic clock passes `deadline`."""
    import sympy
    from .factoring import linear_root, quadratic_outside
    found: dict[str, tuple[float, Exact]] = {}
    for p in polys:
        r = linear_root(p, symbol)
        if r is not None:                   # the common case, without sympy's Poly
            if lo < r < hi and exact_str(r) not in found:
                found[exact_str(r)] = (_numeric(r), r)
            continue
        if quadratic_outside(p, symbol, lo, hi):
            continue
        check_deadline(deadline)
        poly = sympy.Poly(p, symbol)
        if poly.degree() < 1:
            continue
        for f, _ in poly.factor_list()[1]:
            if f.degree() > 1 and not _may_have_root(f, lo, hi):
                continue
            for root in _factor_roots(f):
                key = exact_str(root)
                if key not in found and _inside(root, lo, hi):
                    found[key] = (_numeric(root), root)
    return [r for _, r in sorted(found.values(), key=lambda t: t[0])]


def _may_have_root(f: Any, lo: Fraction, hi: Fraction) -> bool:
    """Does the polynomial have a real root in [lo, hi]? (Exact, by Sturm sequences:
    cheaper than isolating every root.)"""
    import sympy
    return f.count_roots(sympy.Rational(lo.numerator, lo.denominator),
                         sympy.Rational(hi.numerator, hi.denominator)) > 0


def _factor_roots(f: Any) -> list[Exact]:
    """Real roots of an irreducible polynomial over Q, as exact numbers."""
    import sympy
    d = f.degree()
    if d == 1:
        a, b = f.all_coeffs()
        return [simplify_exact(-b / a)]
    if d == 2:
        return [r for r in sympy.roots(f.as_expr(), f.gen).keys() if r.is_real]
    return list(sympy.Poly(f).real_roots())


def _numeric(r: Exact) -> Any:
    """A 50-digit value of an exact number, for ordering (distinct roots never tie)."""
    import sympy
    if isinstance(r, Fraction):
        return sympy.Rational(r.numerator, r.denominator)
    return r.evalf(50)


def _inside(r: Exact, lo: Fraction, hi: Fraction) -> bool:
    if isinstance(r, Fraction):
        return lo < r < hi
    v = r.evalf(50)
    return bool(v > lo) and bool(v < hi)


def at_most(a: Exact, b: Exact) -> bool:
    """a <= b for exact numbers (irrational ones never equal a rational)."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a <= b
    return bool(_numeric(a) <= _numeric(b))


def rational_between(a: Exact, b: Exact) -> Fraction:
    """The simplest rational strictly between two exact numbers a < b."""
    fa, fb = _rational(a), _rational(b)
    lo, hi = fa + (fb - fa) / 8, fb - (fb - fa) / 8
    return simplest_in(lo, hi)


def _rational(x: Exact) -> Fraction:
    """x itself when rational, else a 40-digit rational approximation of it."""
    if isinstance(x, Fraction):
        return x
    import sympy
    v = sympy.Rational(str(x.evalf(40)))
    return Fraction(int(v.p), int(v.q))


def simplest_in(lo: Fraction, hi: Fraction) -> Fraction:
    """The rational with the smallest denominator in [lo, hi] (then closest to 0)."""
    from games.numbers import simplest_between
    return simplest_between(lo, hi)
