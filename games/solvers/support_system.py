"""The indifference system of one support profile as polynomials over Q, and the
exact linear solve used when at most two players mix.

Variables: for each player with a support of k >= 2 strategies, the probabilities of
its support strategies 2..k (the first gets 1 minus their sum).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, cast

if TYPE_CHECKING:
    import numpy as np
    from sympy.polys.rings import PolyElement, PolyRing

    from ..model import Game

Support = tuple[tuple[int, ...], ...]

@lru_cache(maxsize=64)
def ring_of(nvars: int) -> PolyRing:
    from sympy.polys.domains import QQ
    from sympy.polys.orderings import lex
    from sympy.polys.rings import ring

    return ring(",".join(f"x{k}" for k in range(nvars)), QQ, lex)[0]


@dataclass
class IndifferenceSystem:
    """Indifference equations of one support profile as polynomials over Q.

    Variables: for each player with a support of k >= 2 strategies, the probabilities
    of its support strategies 2..k (the first gets 1 minus their sum)."""

    nvars: int
    polys: list[Any]
    ring: Any

    @staticmethod
    def build(game: Game, supports: Support) -> "IndifferenceSystem":
        return IndifferenceSystem.from_payoffs(game.payoffs, supports)

    @staticmethod
    def from_payoffs(payoffs: np.ndarray, supports: Support, extra: int = 0,
                     coefficient: Callable[[PolyRing, object], PolyElement] | None = None
                     ) -> "IndifferenceSystem":
        """The system of payoff arrays `payoffs[i]` (Fractions by default). With
        `extra`, the ring has that many variables after the probabilities, and
        `coefficient(R, d)` turns a payoff difference d into a ring element (a payoff
        in a number field Q(theta) as a polynomial in a last variable t standing for
        theta: sensitivity/region_nplayer.py)."""
        nvars = sum(len(s) - 1 for s in supports)
        if nvars == 0:
            return IndifferenceSystem(0, [], None)
        from sympy.polys.domains import QQ

        R = ring_of(nvars + extra)
        gens = R.gens
        if coefficient is None:
            def coefficient(R: PolyRing, d: object) -> PolyElement:
                f = cast(Fraction, d)       # a game's payoff
                return QQ(f.numerator, f.denominator)
        mixes: list[list[Any]] = []
        start = 0
        for sup in supports:
            xs = list(gens[start:start + len(sup) - 1])
            start += len(sup) - 1
            mixes.append([R.one - sum(xs, R.zero)] + xs if xs else [R.one])
        polys = []
        n = len(supports)
        for i in range(n):
            if len(supports[i]) < 2:
                continue
            others = [j for j in range(n) if j != i]
            weights = _weights([mixes[j] for j in others], R)
            arr = payoffs[i]
            for s in supports[i][1:]:
                poly = R.zero
                for combo, w in zip(itertools.product(*(supports[j] for j in others)), weights):
                    prof_s = list(combo)
                    prof_s.insert(i, s)
                    prof_0 = list(combo)
                    prof_0.insert(i, supports[i][0])
                    d = arr[tuple(prof_s)] - arr[tuple(prof_0)]
                    if d != 0:
                        poly += w * coefficient(R, d)
                polys.append(poly)
        return IndifferenceSystem(nvars, polys, R)

    def is_linear(self) -> bool:
        return all(sum(m) <= 1 for p in self.polys for m in p.keys())

    def linear_rows(self) -> list[list[Fraction]]:
        """Rows [a_1..a_n | -b] of the linear equations a.x + b = 0 as Fractions."""
        rows = []
        for p in self.polys:
            row = [Fraction(0)] * (self.nvars + 1)
            for m, c in p.items():
                v = Fraction(int(c.numerator), int(c.denominator))
                if sum(m) == 0:
                    row[-1] = -v
                else:
                    row[m.index(1)] = v
            rows.append(row)
        return rows


def _weights(mixes: list[list[Any]], R: Any) -> list[Any]:
    """Products of one entry per mixture, in itertools.product order."""
    out = [R.one]
    for mix in mixes:
        out = [w * m for w in out for m in mix]
    return out
