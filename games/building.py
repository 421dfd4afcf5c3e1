"""Games built in Python from numbers: matrices, arrays, and exact input values.

Every number is made exact on the way in (`exact_input`):
- int, Fraction, sympy Rational: as they are;
- str: "3", "-0.25", "1e-3", "2/3", read exactly from the text;
- decimal.Decimal: its exact decimal value;
- float (and numpy floats): its *shortest decimal string*, the one `repr` prints, so
  0.1 becomes 1/10 (not the binary 3602879701896397/36028797018963968) and 1/3 typed
  as 0.3333333333333333 stays that decimal. Pass Fraction(1, 3) or "1/3" for a third.
NaN, infinities and booleans are refused.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from numbers import Integral
from typing import TYPE_CHECKING, cast

import numpy as np

from .errors import GameError
from .model import Game, Player, Strategy
from .arguments import shown
from .numbers import parse_number, to_fraction

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from .numbers import Exact


def exact_input(x: object, what: str = "value") -> Fraction:
    """A number given in Python, as an exact Fraction (rules in the module docstring)."""
    if isinstance(x, (bool, np.bool_)):
        raise GameError(f"{what}: {x!r} is a boolean, not a number")
    if isinstance(x, Fraction):
        return _digits_checked(x, what)
    if isinstance(x, Integral):
        return _digits_checked(Fraction(int(x)), what)
    if isinstance(x, (float, np.floating)):
        if not math.isfinite(float(x)):
            raise GameError(f"{what}: {x!r} is not a finite number")
        return Fraction(repr(float(x)))
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise GameError(f"{what}: {x!r} is not a finite number")
        return _digits_checked(Fraction(x), what)
    if isinstance(x, str):
        try:
            return parse_number(x)
        except (ValueError, ZeroDivisionError):
            raise GameError(f"{what}: {x!r} is not a number") from None
    if getattr(x, "is_Rational", False):       # a sympy Rational
        return _digits_checked(to_fraction(cast("Exact", x)), what)
    raise GameError(f"{what}: cannot read {type(x).__name__} {shown(x)} as an exact number")


def _digits_checked(x: Fraction, what: str) -> Fraction:
    """`x` unless its numerator or denominator has more digits than the declared limit
    (games.limits.MAX_NUMBER_DIGITS; counted from bit lengths, never by printing)."""
    from .limits import MAX_NUMBER_DIGITS
    bits = max(x.numerator.bit_length(), x.denominator.bit_length())
    if bits * 0.30103 > MAX_NUMBER_DIGITS:
        raise GameError(f"{what}: a number of about {int(bits * 0.30103):,} digits; the "
                        f"limit is {MAX_NUMBER_DIGITS:,} digits")
    return x


def _names(given: Sequence[str] | None, count: int, default: Sequence[str], what: str
           ) -> list[str]:
    if given is not None and (isinstance(given, (str, bytes)) or not isinstance(given, Sequence)):
        raise GameError(f"{what}: a list of names is needed, not {shown(given)}")
    names = list(given) if given is not None else list(default)
    if any(not isinstance(n, str) for n in names):
        raise GameError(f"{what}: names must be strings: {shown(names)}")
    if len(names) != count:
        raise GameError(f"{what}: {len(names)} names given for {count}")
    if len(set(names)) != len(names) or any(not str(n) for n in names):
        raise GameError(f"{what}: names must be non-empty and unique: {names}")
    return [str(n) for n in names]


def from_array(payoffs: ArrayLike, players: Sequence[str] | None = None,
               strategies: Sequence[Sequence[str]] | None = None, title: str = "") -> Game:
    """A game from one array of shape (n_players, k_1, ..., k_n): `payoffs[i][s_1]...[s_n]`
    is player i's payoff when player j plays strategy s_j. Players default to P1, P2, ...,
    strategies to s1, s2, ... ."""
    arr = np.asarray(payoffs, dtype=object)
    if arr.ndim < 2 or arr.shape[0] != arr.ndim - 1:
        raise GameError(f"payoffs: an array of shape (n_players, k_1, ..., k_n) is needed; "
                        f"this one has shape {arr.shape}")
    n = arr.shape[0]
    pnames = _names(players, n, [f"P{i + 1}" for i in range(n)], "players")
    snames = strategies if strategies is not None else \
        [[f"s{j + 1}" for j in range(k)] for k in arr.shape[1:]]
    if isinstance(snames, (str, bytes)) or not isinstance(snames, Sequence):
        raise GameError(f"strategies: one list of names per player is needed, not "
                        f"{shown(snames)}")
    if len(snames) != n:
        raise GameError(f"strategies: {len(snames)} lists given for {n} players")
    built = [Player(name, tuple(Strategy(s) for s in _names(ss, k, [], f"strategies of {name}")))
             for name, ss, k in zip(pnames, snames, arr.shape[1:])]
    exact = np.empty(arr.shape, dtype=object)
    for idx in np.ndindex(arr.shape):
        exact[idx] = exact_input(arr[idx], f"payoff at {idx}")
    return Game(built, exact, title=title)


def from_matrices(A: ArrayLike, B: ArrayLike | None = None, players: Sequence[str] = ("Row", "Column"),
                  strategies: Sequence[Sequence[str]] | None = None, title: str = "") -> Game:
    """A two-player game from the row player's matrix A and the column player's B
    (nashpy's `Game(A, B)`); without B the game is zero-sum (B = -A)."""
    a = np.asarray(A, dtype=object)
    if a.ndim != 2:
        raise GameError(f"A: a matrix is needed; this has shape {a.shape}")
    exact_a = np.vectorize(lambda x: exact_input(x, "A"), otypes=[object])(a)
    if B is None:
        exact_b = -exact_a
    else:
        b = np.asarray(B, dtype=object)
        if b.shape != a.shape:
            raise GameError(f"B has shape {b.shape}, A has {a.shape}: they must match")
        exact_b = np.vectorize(lambda x: exact_input(x, "B"), otypes=[object])(b)
    return from_array(np.stack([exact_a, exact_b]), players, strategies, title)
