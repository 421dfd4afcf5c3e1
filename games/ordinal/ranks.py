"""Payoffs read as rankings (`payoffs_are: ranks`): what makes a payoff table a ranking,
and the ties each player states.

A player's payoffs are a ranking when they are whole numbers 1 (worst) .. k (best) with
every rank in between used; outcomes sharing a number are tied. Only the order of a
player's numbers carries meaning, so nothing may be computed from their differences
unless it holds for every cardinal reading (see `polytope`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

RANK_HINT = ("ranks run from 1 (worst) to k (best) with every rank in between used; tied "
             "outcomes share a rank")


@dataclass(frozen=True)
class RankProblem:
    """Why a payoff table is not a ranking: the offending cell (player, *profile)."""

    index: tuple[int, ...]
    message: str
    hint: str = RANK_HINT


def rank_problem(values: np.ndarray, player_names: Sequence[str]) -> RankProblem | None:
    """The first reason `values` (shape (n_players, *shape), Fractions) is not a ranking
    for every player, or None when it is one."""
    for i, name in enumerate(player_names):
        u = values[i]
        for idx in np.ndindex(*u.shape):
            v = Fraction(u[idx])
            if v.denominator != 1 or v < 1:
                return RankProblem((i, *idx), f"{name}'s payoff {v} is not a rank (a whole "
                                              "number from 1)")
        used = sorted({int(v) for v in u.flat})
        missing = [r for r in range(1, used[-1] + 1) if r not in used]
        if missing:
            top = used[-1]
            cell = next(idx for idx in np.ndindex(*u.shape) if int(u[idx]) == top)
            return RankProblem((i, *cell), f"{name}'s ranks skip {missing[0]}: with best rank "
                                           f"{top} every rank 1..{top} must be used")
    return None


def rank_levels(values: np.ndarray) -> list[int]:
    """Number of distinct ranks of each player (k_i)."""
    return [len({int(v) for v in values[i].flat}) for i in range(values.shape[0])]


def ties(values: np.ndarray) -> list[list[list[tuple[int, ...]]]]:
    """For each player, the groups of two or more profiles sharing a rank (highest rank
    first), so reports can state every tie."""
    out = []
    for i in range(values.shape[0]):
        groups: dict[int, list[tuple[int, ...]]] = {}
        for idx in np.ndindex(*values[i].shape):
            groups.setdefault(int(values[i][idx]), []).append(idx)
        out.append([g for r, g in sorted(groups.items(), reverse=True) if len(g) > 1])
    return out


def is_strict(values: np.ndarray) -> bool:
    """True when no player ties two outcomes."""
    return all(len({int(v) for v in values[i].flat}) == values[i].size
               for i in range(values.shape[0]))
