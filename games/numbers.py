"""Exact numbers: rationals as `Fraction`, irrationals as sympy expressions.

Every probability, payoff and threshold the engine reports is one of these.
sympy is imported only when an irrational number actually occurs.
"""
from __future__ import annotations

import sys
import threading
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Mapping, Sequence, Union

if TYPE_CHECKING:
    # mypy reads sympy's own annotations (pyproject.toml: follow_untyped_imports), so
    # this is the real sympy.Expr. At run time sympy is imported only where it is used.
    from sympy import Expr as SymExpr
    from sympy import Rational as SymRational
else:
    SymExpr = Any

Exact = Union[Fraction, SymExpr]
"""An exact number: a Fraction, or a sympy expression for an algebraic number."""

Number = Union[int, Fraction, SymExpr]
"""What the helpers below accept: an int, a Fraction or a sympy number."""


ZERO = Fraction(0)      # the zero solvers share in long profiles (see `played`)


def played(probs: Sequence[Number]) -> list[int]:
    """Indices of the nonzero probabilities of a vector. The shared ZERO is skipped by
    identity, without Fraction arithmetic: a profile of thousands of strategies, almost
    all at probability 0, is read at C speed."""
    from itertools import compress, repeat
    from operator import is_not

    others = compress(range(len(probs)), map(is_not, probs, repeat(ZERO)))
    return [j for j in others if probs[j] != 0]


def is_rational(x: Number) -> bool:
    """True for int/Fraction and for sympy Rationals."""
    if isinstance(x, (int, Fraction)):
        return True
    return bool(getattr(x, "is_Rational", False))


def to_fraction(x: Number) -> Fraction:
    """Convert an int, Fraction, or sympy Rational to Fraction (no floats allowed)."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    if getattr(x, "is_Rational", False):
        num, den = x.as_numer_denom()
        return Fraction(int(num), int(den))
    raise TypeError(f"not an exact rational: {x!r}")


def to_sympy(x: Number) -> SymExpr:
    """An exact number as a sympy number (ints and Fractions become Rationals)."""
    import sympy
    if isinstance(x, (int, Fraction)):
        return sympy.Rational(x.numerator, x.denominator)
    return x


def sympy_table(values: Mapping[str, Fraction]) -> dict[str, SymExpr]:
    """Parameter values by name as sympy Rationals: the table `Expr.to_sympy` reads,
    to which a caller adds its free parameters as symbols."""
    import sympy
    return {n: sympy.Rational(v.numerator, v.denominator) for n, v in values.items()}


def rational_sqrt(q: Fraction) -> Fraction | None:
    """The rational square root of q, or None (q negative, or not a rational square)."""
    import math
    if q < 0:
        return None
    a, b = math.isqrt(q.numerator), math.isqrt(q.denominator)
    return Fraction(a, b) if a * a == q.numerator and b * b == q.denominator else None


def simplify_exact(x: Number) -> Exact:
    """Return a Fraction when `x` is rational, else the (sympy) value itself."""
    if isinstance(x, (int, Fraction)) or getattr(x, "is_Rational", False):
        return to_fraction(x)
    return x


def parse_number(text: str) -> Fraction:
    """Read a number exactly from its text ('3', '-0.25', '1e-3', '2/3', never via
    float), with the parser of scenario constants and `--set` values: one syntax
    everywhere. ValueError for anything else, ZeroDivisionError for a zero divisor."""
    from .expressions import ExpressionError, parse_constant
    try:
        return parse_constant(text)
    except ExpressionError as exc:
        if "division by zero" in exc.message:
            raise ZeroDivisionError(f"division by zero in {text!r}") from None
        raise ValueError(f"not a number: {text!r} ({exc.message})") from None


def exact_str(x: Number) -> str:
    """The string form of an exact value that sympy can parse back ('1/3', 'sqrt(2)/2').
    Integers of any length are written out, although Python caps int-to-str conversion
    (4,300 digits, a guard for parsing untrusted text): an equilibrium in a number
    field of high degree has coefficients of tens of thousands of digits (a 3x3x3x3
    game's degree-84 point: 35,000). Long integers are written by python-flint
    (`int_str`), which the cap does not cover, in fractions and in sympy numbers alike
    (`_printer_class`), so no process-wide setting is changed; only an integer sympy
    prints by other means is written with the cap lifted, under a lock (`_uncapped`)."""
    if isinstance(x, int):
        return int_str(x)
    if isinstance(x, Fraction):
        return fraction_str(x)
    if getattr(x, "is_Rational", False):
        return fraction_str(to_fraction(x))
    try:
        return _printer_class()({"order": None}).doprint(x)
    except ValueError:          # an integer printed outside _print_Integer passes the cap
        return _uncapped(x)


def int_str(n: int) -> str:
    """str(n) for an integer of any length, thread-safe: through python-flint beyond a
    few thousand bits, which Python's cap on int-to-str conversion does not cover and
    whose conversion takes time quadratic in the length (0.15 ms for 12,400 bits,
    python-flint's 0.02 ms; a degree-44 field's JSON writes 3,800 such numbers)."""
    if n.bit_length() < 2000:
        return str(n)
    import flint

    return str(flint.fmpz(n))


def fraction_str(q: Fraction) -> str:
    """str(q) ('p/q', or 'p' for an integer) for a fraction of any size (`int_str`)."""
    if q.denominator == 1:
        return int_str(q.numerator)
    return f"{int_str(q.numerator)}/{int_str(q.denominator)}"


_CAP_LOCK = threading.Lock()


def _uncapped(x: Number) -> str:
    """`exact_str`'s printing with Python's int-to-str cap lifted. The process-wide
    setting is changed and restored under one lock, so two threads cannot restore
    each other's value (the former toggle around every call could leave it lifted)."""
    with _CAP_LOCK:
        limit = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(0)
        try:
            return _printer_class()({"order": None}).doprint(x)
        finally:
            sys.set_int_max_str_digits(limit)


_ROOT_TEXT: dict[SymExpr, str] = {}
_ROOT_TEXT_MAX = 2_000


@lru_cache(maxsize=1)
def _printer_class() -> Any:
    """sympy's printer as `str` uses it (default settings: the same text), except
    that long integers are written by python-flint (`int_str`) and a CRootOf's text
    is kept: a value of a field of high degree is a polynomial
    in the field's CRootOf, whose own polynomial sympy prints again for every power
    (a five-player equilibrium in a field of degree 44: 80% of writing its JSON).
    The kept texts are bounded (emptied when full)."""
    from sympy.printing.str import StrPrinter

    class _Printer(StrPrinter):
        def _print_Integer(self, expr: SymRational) -> str:
            return int_str(int(expr.p))

        def _print_Rational(self, expr: SymRational) -> str:
            if expr.q == 1:
                return int_str(int(expr.p))
            return f"{int_str(int(expr.p))}/{int_str(int(expr.q))}"

        def _print_ComplexRootOf(self, expr: SymExpr) -> str:
            text = _ROOT_TEXT.get(expr)
            if text is None:
                if len(_ROOT_TEXT) >= _ROOT_TEXT_MAX:
                    _ROOT_TEXT.clear()
                text = _ROOT_TEXT[expr] = super()._print_ComplexRootOf(expr)
            return text

    return _Printer


_FLOATS: dict[SymExpr, float] = {}
_FLOATS_MAX = 20_000


def remember_float(x: SymExpr, value: float) -> None:
    """Record the float nearest to the irrational `x`, known from where it was built
    (an interval in its number field), so that `to_float` need not evaluate it with
    sympy (seconds for CRootOfs when many equilibria are sorted). A bounded cache:
    emptied when full, so it only ever saves time."""
    if len(_FLOATS) >= _FLOATS_MAX:
        _FLOATS.clear()
    _FLOATS[x] = value


def to_float(x: Number | float) -> float:
    """A float approximation, for display and numeric fast paths only (nearest float)."""
    if type(x) is Fraction:     # its own quotient, correctly rounded, without the
        return x.numerator / x.denominator      # generic __float__ (sorts of thousands)
    if isinstance(x, (int, float, Fraction)):
        return float(x)
    try:
        known = _FLOATS.get(x)
    except TypeError:           # an unhashable number type: evaluated below
        known = None
    if known is not None:
        return known
    return float(x.evalf(30))


def sign(x: Number) -> int:
    """The exact sign (-1, 0, 1) of a rational or real algebraic number."""
    if isinstance(x, (int, Fraction)):
        return (x > 0) - (x < 0)
    if getattr(x, "is_Rational", False):
        num = int(x.as_numer_denom()[0])
        return (num > 0) - (num < 0)
    return _algebraic_sign(x)


def _algebraic_sign(x: SymExpr) -> int:
    """Sign of a real algebraic sympy expression, decided exactly.

    A value whose high-precision numerical value is clearly away from zero has that
    sign (sympy's evalf tracks its error); only a value too close to zero to tell is
    tested exactly, through its minimal polynomial (x == 0 iff that is the identity).
    Asking sympy's `is_zero`/`is_positive` first can cost minutes on quartic roots.
    """
    import sympy

    x = sympy.nsimplify(x) if x.has(sympy.Float) else x
    for prec in (30, 60):
        v = x.evalf(prec, chop=False)
        re_v, im_v = v.as_real_imag()
        if abs(im_v) > sympy.Float(10) ** (-(prec // 2)):
            raise ValueError(f"not a real number: {x}")
        if abs(re_v) > sympy.Float(10) ** (-(prec // 2)):
            return 1 if re_v > 0 else -1
    sym = sympy.Dummy("z")
    mp = sympy.minimal_polynomial(x, sym)
    if sympy.Poly(mp, sym).degree() == 1 and mp.subs(sym, 0) == 0:
        return 0
    for prec in (120, 240, 480):
        v = sympy.re(x.evalf(prec, chop=False))
        if abs(v) > sympy.Float(10) ** (-(prec // 2)):
            return 1 if v > 0 else -1
    raise ValueError(f"cannot decide the sign of {x}")


def simplest_between(lo: Fraction, hi: Fraction) -> Fraction:
    """The rational of least denominator in [lo, hi] (the ends in either order): continued
    fractions on integers, no recursion, so any size of number is fine."""
    if lo > hi:
        lo, hi = hi, lo
    if lo <= 0 <= hi:
        return Fraction(0)
    if hi < 0:
        return -simplest_between(-hi, -lo)
    ln, ld, hn, hd = lo.numerator, lo.denominator, hi.numerator, hi.denominator
    p0, q0, p1, q1 = 0, 1, 1, 0          # convergents: value = (x p1 + p0) / (x q1 + q0)
    while True:
        a = ln // ld
        if a * ld == ln or (a + 1) * hd <= hn:
            x = a if a * ld == ln else a + 1
            return Fraction(x * p1 + p0, x * q1 + q0)
        p0, q0, p1, q1 = p1, q1, a * p1 + p0, a * q1 + q0
        ln, ld, hn, hd = hd, hn - a * hd, ld, ln - a * ld
