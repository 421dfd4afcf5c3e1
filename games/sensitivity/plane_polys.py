"""The boundary polynomials of a region map: a critical polynomial in two parameters
(a, b) with integer coefficients by monomial, for exact signs at rational points (in
integers), at algebraic points (through sympy) and for python-flint's resultants.
Shared by the decomposition (regions.py) and the result (region_map.py).

sympy is imported inside functions.
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ..numbers import Exact, sign, to_sympy


class _Poly:
    """A critical polynomial in (a, b): integer coefficients by monomial, for exact
    evaluation at rational points and for python-flint's resultants."""

    def __init__(self, expr: Any, syms: Sequence[Any]) -> None:
        import math

        import sympy
        P = sympy.Poly(expr, *syms)
        coeffs = {m: Fraction(int(c.p), int(c.q)) for m, c in P.terms()}
        den = 1
        for c in coeffs.values():
            den = den * c.denominator // math.gcd(den, c.denominator)
        self.terms = {m: int(c * den) for m, c in coeffs.items()}
        self.expr = expr
        self.deg_b = max((m[1] for m in self.terms), default=0)
        self.deg_a = max((m[0] for m in self.terms), default=0)

    def at(self, a: Fraction, b: Fraction) -> Fraction:
        return sum((Fraction(c) * a ** i * b ** j for (i, j), c in self.terms.items()),
                   Fraction(0))

    def sign(self, a: Fraction, b: Fraction) -> int:
        """The exact sign at a rational point, in integers: the value times
        (denominator of a)**deg_a * (denominator of b)**deg_b."""
        p, q, r, t = a.numerator, a.denominator, b.numerator, b.denominator
        pa = [p ** i * q ** (self.deg_a - i) for i in range(self.deg_a + 1)]
        rb = [r ** j * t ** (self.deg_b - j) for j in range(self.deg_b + 1)]
        v = sum(c * pa[i] * rb[j] for (i, j), c in self.terms.items())
        return (v > 0) - (v < 0)

    def in_b(self, x: Fraction) -> list[int]:
        """The coefficients (constant first) of f(x, b), a polynomial in b, scaled to
        integers (by a positive factor)."""
        p, q = x.numerator, x.denominator
        out = [0] * (self.deg_b + 1)
        for (i, j), c in self.terms.items():
            out[j] += c * p ** i * q ** (self.deg_a - i)
        return out

    def flint(self, ctx: Any) -> Any:
        return ctx.from_dict({m: c for m, c in self.terms.items()})


def _evaluator(expr: Any, syms: Sequence[Any]) -> _Poly:
    return _Poly(expr, syms)


def _sign_at(f: _Poly, a: Exact, b: Exact) -> int:
    """The exact sign of a polynomial at a point (algebraic coordinates allowed):
    each irrational coordinate as a python-flint real root (converted once per
    number), the sign exact there (region_areas); sympy's algebraic arithmetic, which
    takes seconds per sign through minimal polynomials of the whole value, only
    where a coordinate cannot be converted."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return f.sign(a, b)
    from .algebraic import as_root
    from .region_areas import _sign
    try:
        x, y = as_root(a), as_root(b)
    except (ArithmeticError, ValueError, NotImplementedError):
        return _sympy_sign(f, a, b)
    return _sign(f, x, y)


def _sympy_sign(f: _Poly, a: Exact, b: Exact) -> int:
    """The sign by sympy's algebraic-number arithmetic (minimal polynomials)."""
    import sympy
    sa, sb = to_sympy(a), to_sympy(b)
    total = sympy.Integer(0)
    for (i, j), c in f.terms.items():
        total += c * sa ** i * sb ** j
    return sign(sympy.expand(total))


