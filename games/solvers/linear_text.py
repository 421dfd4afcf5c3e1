"""Our own strings of polynomial conditions in p1, p2, ... read back exactly.

The continua module writes each inequality of a piece as a sympy-syntax string
(`3*p1/4 - p2 + 1`). To print one-probability conditions as intervals the renderer
needs, for each string, whether it is linear in exactly one probability and, if so,
the bound it sets. Parsing thousands of such strings with sympy costs milliseconds
each (a 2,000-strategy piece has 2,000 of them), so this module reads the plain
form directly: terms joined by ' + ' / ' - ', each a product of integers and
probabilities, optionally over an integer. Anything else (powers, parentheses,
radicals) is reported as not understood, and the caller falls back to sympy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

_FACTOR = re.compile(r"(?:\d+|p\d+)\Z")


@dataclass(frozen=True)
class Linear:
    """sum(coeffs[name] * name) + constant, exactly (zero coefficients left out)."""

    coeffs: tuple[tuple[str, Fraction], ...]
    constant: Fraction


NONLINEAR = "nonlinear"     # read, but a term has degree 2 or more


def read_linear(text: str) -> Linear | str | None:
    """The linear form of `text`, NONLINEAR when it was read but is not linear, or None
    when it is not in the plain form this reader knows."""
    s = text.strip()
    if not s:
        return None
    sign = 1
    if s.startswith("-"):
        sign, s = -1, s[1:]
    coeffs: dict[str, Fraction] = {}
    constant = Fraction(0)
    nonlinear = False
    parts = re.split(r" ([+-]) ", s)
    signs = [sign] + [1 if op == "+" else -1 for op in parts[1::2]]
    for sgn, term in zip(signs, parts[0::2]):
        read = _term(term)
        if read is None:
            return None
        value, var = read
        if var is NONLINEAR:
            nonlinear = True
        elif var is None:
            constant += sgn * value
        else:
            coeffs[var] = coeffs.get(var, Fraction(0)) + sgn * value
    if nonlinear:
        return NONLINEAR
    return Linear(tuple((k, v) for k, v in coeffs.items() if v), constant)


def _term(term: str) -> tuple[Fraction, str | None] | None:
    """(coefficient, probability name or None for a constant, or NONLINEAR) of one
    term without its sign; None when not understood."""
    num, slash, den = term.partition("/")
    if slash and not den.isdigit():
        return None
    value = Fraction(1, int(den)) if slash else Fraction(1)
    var: str | None = None
    for factor in num.split("*"):
        if factor == "":                    # '**' (a power): read as nonlinear only if
            return _power(term)             # the rest is plain
        if not _FACTOR.match(factor):
            return None
        if factor[0] == "p":
            var = factor if var is None else NONLINEAR
        else:
            value *= int(factor)
    return value, var


def _power(term: str) -> tuple[Fraction, str | None] | None:
    """A term with a power (`3*p1**2/4`): NONLINEAR when otherwise plain, else None."""
    plain = re.fullmatch(r"(?:(?:\d+|p\d+(?:\*\*\d+)?)\*)*(?:\d+|p\d+(?:\*\*\d+)?)(?:/\d+)?",
                         term)
    return (Fraction(0), NONLINEAR) if plain else None
