"""Exact certificates over the whole order polytope: a mixture of a player's strategies
that strictly beats one of its strategies in *every* cardinal reading of the ranks.

A player's readings (worst rank 0, best 1, order kept, ties equal) form an open simplex
whose closure has as vertices the k-1 step readings w_m (value 1 for ranks >= m, else
0; m = 2..k); every reading is a combination of them with *positive* weights. A payoff
difference f is linear in the reading, so f > 0 in every reading exactly when
f(w_m) >= 0 at every vertex and f(w_m) > 0 at one of them at least. For a mixture sigma
against strategy s at an opponent profile c, f(w_m) >= 0 for all m says that the ranks
sigma yields first-order stochastically dominate s's rank, and the sum of f(w_m) over
m is the rank difference sum_k sigma_k rank(k, c) - rank(s, c). The exact rational
simplex (`solvers.lp`) decides

    maximise eps  s.t.  sum_k sigma_k [rank(k, c) >= m] >= [rank(s, c) >= m]  (all m, c)
                        sum_k sigma_k rank(k, c) - rank(s, c) >= eps            (all c)
                        sigma a distribution over the player's other strategies;

eps* > 0 proves that s is never a best reply, in any reading, against anything the
others may play among the profiles considered. A pure sigma is strict dominance on the
ranks; a mixture helps when ranks are tied (s ranked (3, 3), one strategy (4, 3) and
another (3, 4): neither beats s alone, their even mixture does in every reading).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..solvers.lp import solve_lp


@dataclass(frozen=True)
class RobustDomination:
    """`player`'s strategy `dominated` loses to the mixture `by` (strategy, weight) in every
    cardinal reading, against every profile considered; `margin` is the smallest rank
    difference (the loss in the reading with equally spaced values)."""

    player: int
    dominated: int
    by: tuple[tuple[int, Fraction], ...]
    margin: Fraction


def robust_dominator(ranks: np.ndarray, player: int, s: int,
                     alive: list[list[int]]) -> RobustDomination | None:
    """A mixture of `player`'s other alive strategies that strictly beats `s` against every
    alive profile of the others in every reading, or None."""
    others = [k for k in alive[player] if k != s]
    top = int(max(ranks[player].flat))
    if not others or top < 2:
        return None
    sub = ranks[player][np.ix_(*alive)]
    rows = {k: np.moveaxis(sub, player, 0)[alive[player].index(k)].reshape(-1)
            for k in alive[player]}
    n = len(others)                       # variables: sigma (n), eps (free, last)
    a_ub, b_ub = [], []
    for c in range(len(rows[s])):
        for m in range(2, top + 1):
            a_ub.append([-Fraction(int(rows[k][c] >= m)) for k in others] + [Fraction(0)])
            b_ub.append(-Fraction(int(rows[s][c] >= m)))
        a_ub.append([-Fraction(int(rows[k][c])) for k in others] + [Fraction(1)])
        b_ub.append(-Fraction(int(rows[s][c])))
    a_ub.append([Fraction(0)] * n + [Fraction(1)])
    b_ub.append(Fraction(top))
    res = solve_lp([0] * n + [1], a_ub, b_ub, [[1] * n + [0]], [1], free=[n], method="exact")
    if not res.optimal or res.x is None or res.x[n] <= 0:
        return None
    mix = tuple((k, w) for k, w in zip(others, res.x[:n]) if w != 0)
    return RobustDomination(player, s, mix, res.x[n])


def iterated_robust(ranks: np.ndarray) -> tuple[list[list[int]], list[RobustDomination]]:
    """Iterated elimination by mixtures that dominate in every reading: the strategies
    left, and each elimination with its certificate."""
    alive = [list(range(k)) for k in ranks.shape[1:]]
    steps: list[RobustDomination] = []
    while True:
        found = [d for i in range(ranks.shape[0]) for s in alive[i]
                 if len(alive[i]) > 1
                 for d in [robust_dominator(ranks, i, s, alive)] if d is not None]
        if not found:
            return alive, steps
        steps.extend(found)
        gone = {(d.player, d.dominated) for d in found}
        alive = [[s for s in a if (i, s) not in gone] for i, a in enumerate(alive)]
