"""The order polytope of cardinal payoffs consistent with each player's ranking.

A cardinal reading gives each rank r of player i a value v_i(r) with
v_i(1) < v_i(2) < ... < v_i(k_i); tied outcomes keep one value. Nash equilibria (and
their supports) do not change when a player's payoffs undergo a positive affine map, so
we fix v_i(1) = 0 and v_i(k_i) = 1: the readings are then the points of a product of
order simplices {0 < v_2 < ... < v_{k-1} < 1}, and a uniform point of one is k-2 sorted
independent uniforms (exact sampling, no rejection). A player with a single rank is
indifferent everywhere (value 0).
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

Reading = tuple[tuple[Fraction, ...], ...]      # per player: value of rank 1 .. k


def draw_readings(levels: Sequence[int], n: int, rng: np.random.Generator) -> list[np.ndarray]:
    """n uniform readings: per player an (n, k_i) float array, rows increasing 0 .. 1."""
    out = []
    for k in levels:
        if k == 1:
            out.append(np.zeros((n, 1)))
            continue
        inner = np.sort(rng.random((n, k - 2)), axis=1)
        out.append(np.hstack([np.zeros((n, 1)), inner, np.ones((n, 1))]))
    return out


def exact_reading(rows: Sequence[np.ndarray], limit: int = 1000) -> Reading:
    """One drawn reading as exact Fractions with small denominators, kept strictly
    increasing (the exact binary value of a draw is used when rounding would tie)."""
    reading = []
    for row in rows:
        vals = tuple(Fraction(float(x)).limit_denominator(limit) for x in row)
        if any(a >= b for a, b in itertools.pairwise(vals)):
            vals = tuple(Fraction(float(x)) for x in row)
        reading.append(vals)
    return tuple(reading)


def apply_reading(ranks: np.ndarray, reading: Reading) -> np.ndarray:
    """The cardinal payoff array (object, Fractions) of a reading: each cell's rank r of
    player i becomes reading[i][r - 1]."""
    out = np.empty(ranks.shape, dtype=object)
    for idx in np.ndindex(*ranks.shape):
        out[idx] = reading[idx[0]][int(ranks[idx]) - 1]
    return out


def in_polytope(ranks: np.ndarray, cardinal: np.ndarray) -> bool:
    """True when `cardinal` orders every player's outcomes exactly as `ranks` does
    (same strict order, same ties): an independent membership check for witnesses."""
    for i in range(ranks.shape[0]):
        r, c = list(ranks[i].flat), list(cardinal[i].flat)
        for a in range(len(r)):
            for b in range(len(r)):
                if (r[a] < r[b]) != (c[a] < c[b]) or (r[a] == r[b]) != (c[a] == c[b]):
                    return False
    return True
