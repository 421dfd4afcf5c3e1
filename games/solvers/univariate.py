"""Exact univariate helpers: coefficients of a one-variable ring element, interpolation
through rational points, and rational points between sorted real numbers.
"""
from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sympy.polys.rings import PolyElement

    from .algebraic import RealRoot

def univariate_coeffs(h: PolyElement, var: int) -> list[Fraction]:
    deg = max(m[var] for m in h.keys())
    c = [Fraction(0)] * (deg + 1)
    for m, a in h.items():
        c[m[var]] = Fraction(int(a.numerator), int(a.denominator))
    return c


def interpolate(xs: list[Fraction], ys: list[Fraction]) -> list[Fraction]:
    """Coefficients (constant first) of the polynomial through the points (Newton form)."""
    n = len(xs)
    coef = list(ys)
    for j in range(1, n):
        for i in range(n - 1, j - 1, -1):
            coef[i] = (coef[i] - coef[i - 1]) / (xs[i] - xs[i - j])
    poly = [Fraction(0)] * n
    for i in range(n - 1, -1, -1):
        poly = [Fraction(0)] + poly[:-1]                 # multiply by x
        poly = [a - xs[i] * b for a, b in zip(poly, poly[1:] + [Fraction(0)])]
        poly[0] += coef[i]
    return poly


def between(cuts: list[Fraction | RealRoot]) -> list[tuple[Fraction, Fraction | None, Fraction | None]]:
    """A rational point in each open interval cut out by sorted real numbers (and beyond),
    with the interval's rational inner bounds (None on an unbounded side)."""
    if not cuts:
        return [(Fraction(1, 2), None, None)]
    bounds: list[tuple[Fraction, Fraction]] = []
    for c in cuts:
        if isinstance(c, Fraction):
            bounds.append((c, c))
        else:
            while c.hi - c.lo > Fraction(1, 10 ** 6):
                c.refine(8)
            bounds.append((c.lo, c.hi))
    out: list[tuple[Fraction, Fraction | None, Fraction | None]] = [
        (bounds[0][0] - 1, None, bounds[0][0])]
    for (_, hi), (lo, _) in zip(bounds, bounds[1:]):
        out.append((simple_between(hi, lo), hi, lo))
    out.append((bounds[-1][1] + 1, bounds[-1][1], None))
    return out


def simple_between(a: Fraction, b: Fraction) -> Fraction:
    """A rational with a small denominator strictly between a < b."""
    for den in (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 64, 100, 1000):
        num = (a * den).__floor__() + 1
        if Fraction(num, den) < b:
            return Fraction(num, den)
    return (a + b) / 2
