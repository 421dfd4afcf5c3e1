"""Equilibrium structures of a region map's sign classes read off the support
conditions at the class's sample point, instead of solving the game there.

plane_screen.py gives, for each support profile (I, J) of a 2-player game that may
carry an equilibrium in the box, its conditions as polynomials: with D the Cramer
determinant of one side's indifference system, every probability numerator N has
N * D >= 0 and every outside strategy's gap G has G * D <= 0 (an overdetermined
side: its maximal minors vanish). At an exact rational point:

- a condition failing strictly (N * D < 0, G * D > 0, a minor not zero), or a
  probability numerator exactly zero while D is not, rules the profile out: it
  carries no equilibrium with exactly that support there;
- a side's determinant D zero while one of its numerators (probabilities, payoff
  gaps) is not rules it out too: a solution of the singular system would make
  every Cramer numerator zero;
- every condition of both sides holding strictly (and each side square) means the
  unique candidate has every probability positive and every outside strategy
  strictly worse: exactly one equilibrium with that support.

When every profile that may carry an equilibrium is decided that way, the structure
at the point is the set of those present, each once, and the class is not solved.
A profile left undecided (a condition exactly zero: a tie or a singular system)
sends the class to the solver. Profiles the enumeration skipped (more than its cap
of support profiles, critical.py) can only carry equilibria where some condition of
an enumerated one is zero, so with a capped enumeration only classes where no
boundary polynomial vanishes are decided. Anything else (3 or more players, min/max/abs,
payoffs dividing by a parameter): every class is solved.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..equilibrium import EquilibriumSet
from ..numbers import Exact
from .region_map import Point, Signs
from .thresholds import Structure

if TYPE_CHECKING:
    from .plane_screen import SideConditions

SupportProfile = tuple[tuple[int, ...], ...]


class Deducer:
    """Structures at rational points from the conditions of the support profiles
    that may carry an equilibrium (`conditions`, from plane_screen; empty: none
    deduced); `complete`: the enumeration of profiles was not capped.

    Every condition polynomial is kept once, with integer coefficients scaled by one
    common positive factor, and evaluated at a point (p/q, r/t) in integers times the
    common positive factor q**da * t**db (signs and ratios, all that is needed, stay
    exact)."""

    def __init__(self, conditions: SideConditions, complete: bool) -> None:
        found: dict[tuple, int] = {}
        raw: list[dict[tuple[int, int], Fraction]] = []

        def index(p: Any) -> int:
            terms = _fractions(p)
            key = tuple(sorted(terms.items()))
            if key not in found:
                found[key] = len(raw)
                raw.append(terms)
            return found[key]

        self.conditions = {sup: tuple([(kind, index(p), -1 if q is None else index(q))
                                       for kind, p, q in side] for side in sides)
                           for sup, sides in conditions.items()}
        scale = 1
        for t in raw:
            for c in t.values():
                scale = scale * c.denominator // math.gcd(scale, c.denominator)
        self.polys = [[(i, j, int(c * scale)) for (i, j), c in t.items()] for t in raw]
        self.da = max((i for t in raw for i, _ in t), default=0)
        self.db = max((j for t in raw for _, j in t), default=0)
        self.complete = complete
        self.deduced = 0

    def deduce(self, signs: Signs, point: Point) -> Structure | None:
        """The structure at `point` (of the class with sign vector `signs`), or None
        when some profile is undecided there."""
        if not self.conditions or (not self.complete and 0 in signs):
            return None
        a, b = point
        if not (isinstance(a, Fraction) and isinstance(b, Fraction)):
            return None
        pa = [a.numerator ** i * a.denominator ** (self.da - i) for i in range(self.da + 1)]
        pb = [b.numerator ** j * b.denominator ** (self.db - j) for j in range(self.db + 1)]
        cache: dict[int, int] = {}

        def value(k: int) -> int:
            if k not in cache:
                cache[k] = sum(c * pa[i] * pb[j] for i, j, c in self.polys[k])
            return cache[k]

        present: list[tuple[SupportProfile, int]] = []
        for sup, sides in self.conditions.items():
            verdict = _verdict(sides, value)
            if verdict is None:
                return None
            if verdict:
                present.append((sup, 1))
        self.deduced += 1
        return tuple(sorted(present))


def _fractions(p: Any) -> dict[tuple[int, int], Fraction]:
    """A polynomial of sympy's ring Q[a, b] as Fraction coefficients by monomial."""
    return {(int(m[0]), int(m[1])): Fraction(int(c.numerator), int(c.denominator))
            for m, c in p.terms()}


Side = list[tuple[str, int, int]]


def _verdict(sides: tuple[Side, ...], value: Callable[[int], int]) -> bool | None:
    """True: one equilibrium with exactly this support; False: none; None: undecided.
    `value(k)`: condition polynomial k at the point (times a common positive factor)."""
    strict = True
    for side in sides:
        square = any(kind in ("ge", "le") for kind, _, _ in side)
        strict = strict and square
        if any(kind == "segment" for kind, _, _ in side):
            if not _segment_open([(value(p), value(q)) for _, p, q in side]):
                return False
            continue
        if square and _singular(side, value):
            # D = 0: a solution would zero every Cramer numerator (y_j D = N_j), so
            # one that is not zero leaves the indifference system without one
            if any(value(p) != 0 for kind, p, _ in side if kind in ("ge", "le")):
                return False
            strict = False
            continue
        for kind, p, q in side:
            v = value(p)
            if kind == "zero":
                if v != 0:
                    return False
                continue
            d = value(q)
            if kind == "ge" and v == 0 and d != 0:
                return False            # a probability exactly 0: a smaller support
            w = v * d
            if (kind == "ge" and w < 0) or (kind == "le" and w > 0):
                return False
            strict = strict and w != 0
    return True if strict else None


def _singular(side: Side, value: Callable[[int], int]) -> bool:
    """Is the square side's Cramer determinant (every condition's second
    polynomial) zero at the point?"""
    return any(value(q) == 0 for kind, _, q in side if kind in ("ge", "le"))


def _segment_open(pairs: list[tuple[int, int]]) -> bool:
    """Is there 0 < t < 1 with t*p + (1 - t)*q >= 0 for every (p, q) of `pairs`?
    (Each is linear in t: the feasible t form an interval, computed exactly.)"""
    lo: Fraction | None = None               # the greatest lower bound on t
    hi: Fraction | None = None               # the least upper bound
    for vp, vq in pairs:
        slope = vp - vq                      # q + t*(p - q) >= 0
        if slope == 0:
            if vq < 0:
                return False
            continue
        t = Fraction(-vq, slope)
        if slope > 0:
            lo = t if lo is None else max(lo, t)
        else:
            hi = t if hi is None else min(hi, t)
    return ((lo is None or hi is None or lo <= hi) and (lo is None or lo < 1)
            and (hi is None or hi > 0))


class LazySolved(Mapping[Signs, EquilibriumSet | None]):
    """The equilibria of every sign class: solved ones as given, deduced ones solved
    on first look-up (the regions' formulas need one solved class per region); at
    an algebraic point too: `solve_at` takes exact numbers."""

    def __init__(self, solved: dict[Signs, EquilibriumSet | None],
                 pending: dict[Signs, Point],
                 solve_at: Callable[[Exact, Exact], EquilibriumSet]) -> None:
        self.solved = solved
        self.pending = pending
        self.solve_at = solve_at

    def __getitem__(self, key: Signs) -> EquilibriumSet | None:
        if key not in self.solved and key in self.pending:
            a, b = self.pending.pop(key)
            self.solved[key] = self.solve_at(a, b)
        return self.solved[key]

    def __iter__(self) -> Iterator[Signs]:
        yield from self.solved
        yield from self.pending

    def __len__(self) -> int:
        return len(self.solved) + len(self.pending)
