"""Refuting a support profile whose mixing players each mix over two strategies, by
the exact range of its conditions on bisected boxes.

With x_j the probability of the second support strategy of mixing player j, every
equilibrium condition of the profile (each mixing player indifferent between its two
strategies, no strategy outside a support better than the support's) is a
multilinear function of x in (0, 1)^k. A multilinear function takes its least and
greatest values on a box at the box's corners, so evaluating it at the corners gives
its range on the box exactly, not an overestimate: a box is empty of equilibria when
some indifference function has one strict sign at all its corners or some
deviation gain is positive at all of them. Boxes are bisected a few times, all at
once in numpy; a profile is refuted when no box survives. On the whole cube this is
conditional dominance; the bisection refutes what it leaves, before any algebra.

Corner values are computed in floats from integer payoffs and dyadic corners (error
below 1e-12 of the payoff scale); a sign counts only beyond `eps`, far above it.
"""
from __future__ import annotations

import itertools
from typing import Sequence

import numpy as np

from .support_system import Support

LEVELS = 3          # bisection rounds over every unknown (boxes of side 1/8 at most)
MAX_BOXES = 512     # boxes alive at once, beyond which the test gives up (not refuted)
DEEP_LEVELS = 6     # ... on systems of DEEP_UNKNOWNS+ unknowns, whose exact solve costs
DEEP_BOXES = 2048   # a second and more (five players over two strategies: 44 roots):
DEEP_UNKNOWNS = 5   # 30-100 ms here, often a refutation that the LP tests also find
ALONE_UNKNOWNS = 5  # up to this many unknowns the corner boxes decide alone (on the
                    # benchmark's five-player games the LP tests refuted nothing more);
                    # beyond, unmeasured, the LP tests and the interval test follow


def binary_refuted(payoffs: Sequence[np.ndarray], supports: Support, eps: float) -> bool:
    """True when no point of (0, 1)^k satisfies the profile's equilibrium conditions
    (see the module text); False when the bisection cannot tell. `payoffs`: each
    player's integer payoffs; every mixing support has two strategies."""
    mixing = [i for i, s in enumerate(supports) if len(s) > 1]
    k = len(mixing)
    levels, budget = (DEEP_LEVELS, DEEP_BOXES) if k >= DEEP_UNKNOWNS else (LEVELS, MAX_BOXES)
    equal, gains = _conditions(payoffs, supports, mixing)
    lo = np.zeros((1, k))
    hi = np.ones((1, k))
    both = np.concatenate([equal, gains])
    for level in range(levels * k + 1):
        vals = _corner_values(both, lo, hi)                  # (boxes, functions, corners)
        alive = np.ones(len(lo), dtype=bool)
        if len(equal):
            v = vals[:, :len(equal)]
            alive &= ~((v.min(axis=2) > eps) | (v.max(axis=2) < -eps)).any(axis=1)
        if len(gains):
            alive &= ~(vals[:, len(equal):].min(axis=2) > eps).any(axis=1)
        lo, hi = lo[alive], hi[alive]
        if not len(lo):
            return True
        if level == levels * k or 2 * len(lo) > budget:
            return False
        lo, hi = _bisect(lo, hi, level % k)
    return False


def _conditions(payoffs: Sequence[np.ndarray], supports: Support, mixing: list[int]
                ) -> tuple[np.ndarray, np.ndarray]:
    """(indifference functions, deviation gains), each row the values of one function
    at the 2^k pure profiles of the mixing players (C order over their two support
    strategies), as floats."""
    base = [s[0] for s in supports]
    corners = list(itertools.product((0, 1), repeat=len(mixing)))
    equal: list[list[float]] = []
    gains: list[list[float]] = []

    def row(i: int, better: int, worse: int) -> list[float]:
        out = []
        for corner in corners:
            prof = list(base)
            for j, c in zip(mixing, corner):
                prof[j] = supports[j][c]
            prof[i] = better
            top = int(payoffs[i][tuple(prof)])
            prof[i] = worse
            out.append(float(top - int(payoffs[i][tuple(prof)])))
        return out

    for i, s in enumerate(supports):
        if len(s) == 2:
            equal.append(row(i, s[1], s[0]))
        for t in range(payoffs[i].shape[i]):
            if t not in s:
                gains.append(row(i, t, s[0]))
    return np.array(equal).reshape(-1, len(corners)), np.array(gains).reshape(-1, len(corners))


def _corner_values(table: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Each function (rows of `table`: values at the 2^k pure profiles, C order) at
    each corner of each box, shape (boxes, functions, 2^k corners; C order over
    lo/hi per unknown): the multilinear extension contracted one unknown at a time,
    v(.., x_j, ..) = (1 - x_j) v(.., 0, ..) + x_j v(.., 1, ..) with x_j = lo_j or
    hi_j, k passes of boxes x functions x 2^k products (a table of corner weights
    would take 4^k per box). Integer payoff differences times dyadic corners: the
    rounding error stays far below `eps` (see the module text)."""
    boxes, k = lo.shape
    out = np.broadcast_to(table.reshape(1, len(table), 1, -1), (boxes, len(table), 1, 2 ** k))
    for j in range(k):
        rest = 2 ** (k - j - 1)
        pair = out.reshape(boxes, len(table), -1, 2, rest)
        x = np.stack([lo[:, j], hi[:, j]], axis=1)[:, None, None, :, None]   # (B,1,1,2,1)
        out = pair[:, :, :, :1] * (1.0 - x) + pair[:, :, :, 1:] * x          # (B,F,C,2,rest)
    return out.reshape(boxes, len(table), 2 ** k)


def _bisect(lo: np.ndarray, hi: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Every box split in two halves along `axis`."""
    mid = (lo[:, axis] + hi[:, axis]) / 2
    lo2, hi2 = lo.copy(), hi.copy()
    hi2[:, axis] = mid
    lo3, hi3 = lo.copy(), hi.copy()
    lo3[:, axis] = mid
    return np.concatenate([lo2, lo3]), np.concatenate([hi2, hi3])
