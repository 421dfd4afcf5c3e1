"""Box geometry for pruning support profiles: exact conditional dominance from payoff
signs, and a rigorous interval test on boxes of free probabilities (the indifference
functions are affine in each player's block, so their range over a box comes from the
corners of all blocks but one and the coefficients of the last).
"""
from __future__ import annotations

import itertools
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .support_system import Support

if TYPE_CHECKING:
    from ..model import Game

BOX_BUDGET = 2000                   # most boxes alive at once in the interval test ...
BIG_BOX_BUDGET = 60_000             # ... for systems of BIG_SYSTEM+ unknowns, where the
BIG_SYSTEM = 6                      #     exact algebra it spares would be far dearer
NEWTON_ROUNDS = (8, 24)             # bisection rounds after which, with more than
NEWTON_BOXES = 16                   # this many boxes alive, Newton looks for an equilibrium
NEWTON_ITERATIONS = 12              # ... with this many steps at most
BOX_LEVELS = 7                      # bisection depth per free probability
DEEP_LEVELS = 30                    # ... continued while few boxes remain (a near miss)
DEEP_BOXES = 64


def sign_tensor(game: Game, i: int) -> np.ndarray:
    """Exact signs of u_i(t, a) - u_i(s, a), axes (t, s, the others' strategies)."""
    arr = np.moveaxis(game.payoffs[i], i, 0)
    diff = arr[:, None] - arr[None, :]
    return ((diff > 0).astype(np.int8) - (diff < 0).astype(np.int8))


def killed_strategies(signs: np.ndarray, others: Support) -> np.ndarray:
    """For each own strategy s: is some t at least as good against every pure profile of
    the others' supports and strictly better against one?"""
    sub = signs[np.ix_(range(signs.shape[0]), range(signs.shape[1]), *others)]
    sub = sub.reshape(signs.shape[0], signs.shape[1], -1)
    weak = (sub >= 0).all(axis=2) & (sub > 0).any(axis=2)
    return np.asarray(weak.any(axis=0))


def touch_boundary(supports: Support, lo: np.ndarray, hi: np.ndarray) -> bool:
    """Does some box reach a face of the simplex (a probability that can be zero)? Only
    then is deeper bisection worth it: a solution just outside is a common near miss."""
    c = 0
    for s in supports:
        k = len(s) - 1
        if k:
            if (lo[:, c:c + k] <= 0).any() or (hi[:, c:c + k].sum(axis=1) >= 1).any():
                return True
            c += k
    return False


def mixtures(supports: Support, x: np.ndarray) -> list[np.ndarray]:
    """Each player's mixture over its support from the free probabilities x."""
    out, c = [], 0
    for s in supports:
        k = len(s) - 1
        out.append(np.concatenate([[1.0 - x[c:c + k].sum()], x[c:c + k]]))
        c += k
    return out


def box_corners(blo: np.ndarray, bhi: np.ndarray) -> np.ndarray:
    """Mixed strategies at the corners of each box: shape (boxes, corners, support)."""
    bits = _bits(blo.shape[1])
    cv = blo[:, None, :] + bits[None] * (bhi - blo)[:, None, :]
    return np.concatenate([1.0 - cv.sum(axis=2, keepdims=True), cv], axis=2)


def box_range(diff: np.ndarray, others: list[int], boxes: dict, corners: dict
               ) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest value over each box of every row of `diff` (axes: own
    strategy, then the mixing others in order): corners of every block except the
    largest, whose (affine) contribution is bounded coefficient by coefficient."""
    big = max(range(len(others)), key=lambda a: boxes[others[a]][0].shape[1])
    w = np.moveaxis(diff, big + 1, -1)
    w = w.reshape(1, w.shape[0], 1, *w.shape[1:])             # (boxes, t, corners, a..., a_big)
    for a, j in enumerate(others):
        if a == big:
            continue
        if j not in corners:
            corners[j] = box_corners(*boxes[j])
        p = corners[j]
        rest = w.shape[4:]
        w3 = w.reshape(w.shape[0], w.shape[1], w.shape[2], w.shape[3], -1)
        if w3.shape[0] == 1:
            out = np.einsum("tcar,zka->ztckr", w3[0], p)
        else:
            out = np.einsum("ztcar,zka->ztckr", w3, p)
        w = out.reshape(out.shape[0], out.shape[1], out.shape[2] * out.shape[3], *rest)
    blo, bhi = boxes[others[big]]
    base = w[..., 0]
    coef = w[..., 1:] - w[..., :1]
    lo_t, hi_t = coef * blo[:, None, None, :], coef * bhi[:, None, None, :]
    vmin = base + np.minimum(lo_t, hi_t).sum(axis=-1)
    vmax = base + np.maximum(lo_t, hi_t).sum(axis=-1)
    return vmin.min(axis=2), vmax.max(axis=2)


@lru_cache(maxsize=32)
def _bits(k: int) -> np.ndarray:
    """The 2**k corners of the unit cube in k dimensions, as rows of 0/1."""
    return np.array(list(itertools.product((0.0, 1.0), repeat=k))).reshape(-1, k)
