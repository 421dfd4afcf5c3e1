"""Exact numbers: rationals as `Fraction`, irrationals as sympy expressions.

Every probability, payoff and threshold the engine reports is one of these.
sympy is imported only when an irrational number actually occurs.
"""
from __future__ import annotations

import re
from fractions import Fraction
from typing import Any, Union

Exact = Union[Fraction, Any]  # Fraction, or a sympy Expr for algebraic numbers

_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_FRACTION = re.compile(r"^[+-]?\d+\s*/\s*[+-]?\d+$")


def is_rational(x: Any) -> bool:
    """True for int/Fraction and for sympy Rationals."""
    if isinstance(x, (int, Fraction)):
        return True
    return bool(getattr(x, "is_Rational", False))


def to_fraction(x: Any) -> Fraction:
    """Convert an int, Fraction, or sympy Rational to Fraction (no floats allowed)."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    if getattr(x, "is_Rational", False):
        return Fraction(int(x.p), int(x.q))
    raise TypeError(f"not an exact rational: {x!r}")


def simplify_exact(x: Any) -> Exact:
    """Return a Fraction when `x` is rational, else the (sympy) value itself."""
    if isinstance(x, (int, Fraction)) or getattr(x, "is_Rational", False):
        return to_fraction(x)
    return x


def parse_number(text: str) -> Fraction:
    """Read '3', '-0.25', '1e-3' or '2/3' exactly from its text, never via float."""
    s = text.strip()
    if _FRACTION.match(s):
        num, den = (int(p) for p in s.split("/"))
        if den == 0:
            raise ZeroDivisionError(f"division by zero in {text!r}")
        return Fraction(num, den)
    if _DECIMAL.match(s):
        return Fraction(s)  # Fraction parses decimal text exactly
    raise ValueError(f"not a number: {text!r}")


def exact_str(x: Any) -> str:
    """The string form of an exact value that sympy can parse back ('1/3', 'sqrt(2)/2')."""
    if isinstance(x, (int, Fraction)):
        return str(x)
    if getattr(x, "is_Rational", False):
        return str(to_fraction(x))
    return str(x)


def to_float(x: Any) -> float:
    """A float approximation, for display and numeric fast paths only."""
    if isinstance(x, (int, float, Fraction)):
        return float(x)
    return float(x.evalf(30))


def sign(x: Any) -> int:
    """The exact sign (-1, 0, 1) of a rational or real algebraic number."""
    if isinstance(x, (int, Fraction)):
        return (x > 0) - (x < 0)
    if getattr(x, "is_Rational", False):
        return (x.p > 0) - (x.p < 0)
    return _algebraic_sign(x)


def _algebraic_sign(x: Any) -> int:
    """Sign of a real algebraic sympy expression, decided exactly.

    Zero is decided by the minimal polynomial (x == 0 iff its minimal polynomial is
    the identity); a nonzero value's sign is then read from a numerical value whose
    precision sympy raises until the sign is certain.
    """
    import sympy

    x = sympy.nsimplify(x) if x.has(sympy.Float) else x
    if x.is_zero:
        return 0
    sym = sympy.Dummy("z")
    try:
        mp = sympy.minimal_polynomial(x, sym)
    except (NotImplementedError, sympy.polys.polyerrors.PolynomialError):
        mp = None
    if mp is not None and sympy.Poly(mp, sym).degree() == 1 and mp.subs(sym, 0) == 0:
        return 0
    for prec in (30, 60, 120, 240):
        v = x.evalf(prec, chop=False)
        if v.is_real is False:
            raise ValueError(f"not a real number: {x}")
        # evalf keeps an error bound internally; a nonzero with magnitude above
        # 10**(-prec/2) has a reliable sign.
        if abs(v) > sympy.Float(10) ** (-(prec // 2)):
            return 1 if v > 0 else -1
    raise ValueError(f"cannot decide the sign of {x}")
