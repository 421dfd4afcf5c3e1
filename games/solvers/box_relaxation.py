"""The LP relaxation of relaxation.py on boxes of probabilities: a branch and bound
that refutes the support profiles the relaxation over the whole simplex leaves open,
before any homotopy or Groebner basis.

On a box lo_i(s) <= x_i(s) <= hi_i(s) (s in S_i) the product distribution w of an
equilibrium satisfies w(s, a_-i) = x_i(s) q_i(a_-i), with q_i(a_-i) the sum of
w(s', a_-i) over s' in S_i, hence for every player i, s in S_i and a_-i:

    lo_i(s) q_i(a_-i) <= w(s, a_-i) <= hi_i(s) q_i(a_-i)

rows linear in w (and homogeneous). They are added to the relaxation's rows, so an
infeasible LP proves that the box holds no equilibrium. As a box shrinks to a point
x the rows force w = x_i (x) q_i for every player i, that is w = the product of the
x_i: the relaxation tends to the equilibrium conditions themselves, and a box that
holds no solution is refuted once it is small enough. Boxes are bisected at the
midpoint of their widest bound, depth first; the profile is refuted when every box
is, and nothing is concluded once `max_lps` LPs have been spent (a profile that
holds an equilibrium always ends there).

Bounds are dyadic (integer numerators over 2**BITS), so the rows are integer and the
exact certificate check of relaxation.py proves each refutation: a float verdict
never refutes.
"""
from __future__ import annotations

from math import prod

import numpy as np

from .relaxation import MAX_CELLS, constraint_rows, infeasible
from .support_system import Support

BITS = 24                   # bounds are multiples of 2**-BITS
ONE = 1 << BITS

Bounds = list[list[int]]    # per player, per support position: numerator over 2**BITS


def refuted_on_boxes(pay: list[np.ndarray], supports: Support, max_lps: int,
                     root_tried: bool = False) -> bool:
    """True when every box of a bisection of the profile's simplices is proved to hold
    no equilibrium (module docstring); False when that is not established within
    `max_lps` LPs. With `root_tried`, the whole-simplex LP (relaxation.refuted) is
    known to have failed and the search starts from its two halves."""
    if prod(len(s) for s in supports) > MAX_CELLS:
        return False
    eq, ub = constraint_rows(pay, supports)
    lo: Bounds = [[0] * len(s) for s in supports]
    hi: Bounds = [[ONE] * len(s) for s in supports]
    stack = _halves(lo, hi) if root_tried else [(lo, hi)]
    spent = 0
    while stack:
        lo, hi = stack.pop()
        if not _tighten(lo, hi):
            continue                # the box holds no mixed strategy at all
        spent += 1
        if spent > max_lps:
            return False
        extra = box_rows(supports, lo, hi)
        if infeasible(eq, np.vstack([ub, extra]) if len(extra) else ub):
            continue
        halves = _halves(lo, hi)
        if not halves:
            return False            # a box of width 2**-BITS that is not refuted
        stack.extend(halves)
    return True


def box_rows(supports: Support, lo: Bounds, hi: Bounds) -> np.ndarray:
    """The rows lo*q - w <= 0 and w - hi*q <= 0 (times 2**BITS, integer) over the grid
    S_1 x ... x S_n in C order (the order of relaxation.constraint_rows); bounds at 0
    and 1 give rows every distribution meets and are left out."""
    shape = tuple(len(s) for s in supports)
    cells = prod(shape)
    index = np.arange(cells).reshape(shape)
    out = []
    for i, k in enumerate(shape):
        if k == 1:
            continue
        var = np.moveaxis(index, i, 0).reshape(k, -1)       # var[s, r]: cell of (s, a_-i = r)
        count = var.shape[1]
        rows_at = np.arange(count)
        for a in range(k):
            for bound, sign in ((lo[i][a], 1), (hi[i][a], -1)):
                if (sign == 1 and bound == 0) or (sign == -1 and bound == ONE):
                    continue
                rows = np.zeros((count, cells), dtype=np.int64)
                for s in range(k):
                    rows[rows_at, var[s]] = sign * bound
                rows[rows_at, var[a]] -= sign * ONE
                out.append(rows)
    return np.vstack(out) if out else np.zeros((0, cells), dtype=np.int64)


def _tighten(lo: Bounds, hi: Bounds) -> bool:
    """Narrow each bound by the others of its player (the probabilities sum to 1), in
    place; False when some player's box holds no mixed strategy."""
    for a_lo, a_hi in zip(lo, hi):
        if len(a_lo) == 1:
            continue
        top, bottom = sum(a_hi), sum(a_lo)
        for a in range(len(a_lo)):
            a_lo[a], a_hi[a] = max(a_lo[a], ONE - (top - a_hi[a])), \
                min(a_hi[a], ONE - (bottom - a_lo[a]))
        if any(x > y for x, y in zip(a_lo, a_hi)):
            return False
    return True


def _halves(lo: Bounds, hi: Bounds) -> list[tuple[Bounds, Bounds]]:
    """The box cut in two at the midpoint of its widest bound (mixing players only);
    empty when every bound is narrower than 2 units."""
    width, i, a = max(((hi[i][a] - lo[i][a], i, a) for i in range(len(lo))
                       for a in range(len(lo[i])) if len(lo[i]) > 1), default=(0, 0, 0))
    if width < 2:
        return []
    mid = (lo[i][a] + hi[i][a]) // 2
    lo1, hi1 = [list(x) for x in lo], [list(x) for x in hi]
    lo2, hi2 = [list(x) for x in lo], [list(x) for x in hi]
    hi1[i][a] = mid
    lo2[i][a] = mid
    return [(lo1, hi1), (lo2, hi2)]
