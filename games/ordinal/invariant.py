"""Conclusions that depend only on each player's ranking of the outcomes, computed on
the ranks themselves: they hold for every cardinal reading of the ranks.

- pure Nash equilibria: a best reply compares one player's payoffs across its own
  strategies, so only their order matters;
- dominance by a pure strategy (strict and weak) and iterated elimination of strictly
  dominated pure strategies: comparisons of one player's payoffs cell by cell;
- Pareto efficiency among the pure outcomes: comparisons of each player's payoffs.
Dominance by mixtures, mixed equilibria and risk dominance weigh payoff differences and
are not ordinal (see `structure`).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from ..solvers.pure import pure_equilibrium_profiles

Profile = tuple[int, ...]


@dataclass(frozen=True)
class PureDominance:
    """Strategy `dominated` of `player` is (strictly or weakly) worse than `by` against
    every profile of the others' strategies still alive."""

    player: int
    dominated: int
    by: int
    strict: bool


@dataclass(frozen=True)
class RankInvariant:
    """The ordinal conclusions of a ranked game."""

    pure_equilibria: tuple[Profile, ...]
    dominance: tuple[PureDominance, ...]          # in the full game
    surviving: tuple[tuple[int, ...], ...]       # after iterated strict pure elimination
    pareto_efficient: tuple[Profile, ...]


def _player_matrix(ranks: np.ndarray, player: int, alive: list[list[int]]) -> np.ndarray:
    """Player's ranks as (its strategies, profiles of the others), restricted to alive."""
    sub = ranks[player][np.ix_(*alive)]
    return np.moveaxis(sub, player, 0).reshape(len(alive[player]), -1)


def pure_dominations(ranks: np.ndarray, alive: list[list[int]] | None = None
                     ) -> list[PureDominance]:
    """Every (strict or weak) domination between two alive pure strategies."""
    alive = alive or [list(range(k)) for k in ranks.shape[1:]]
    out = []
    for i in range(ranks.shape[0]):
        u = _player_matrix(ranks, i, alive)
        for a, b in itertools.permutations(range(len(alive[i])), 2):
            ge = all(x >= y for x, y in zip(u[b], u[a]))
            if not ge or all(x == y for x, y in zip(u[b], u[a])):
                continue
            strict = all(x > y for x, y in zip(u[b], u[a]))
            out.append(PureDominance(i, alive[i][a], alive[i][b], strict))
    return out


def iterated_strict(ranks: np.ndarray) -> tuple[tuple[int, ...], ...]:
    """Strategies left after removing, round by round, every strategy strictly dominated
    by another pure strategy (order-independent for strict dominance)."""
    alive = [list(range(k)) for k in ranks.shape[1:]]
    while True:
        gone = {(d.player, d.dominated) for d in pure_dominations(ranks, alive) if d.strict}
        if not gone:
            return tuple(tuple(a) for a in alive)
        alive = [[s for s in a if (i, s) not in gone] for i, a in enumerate(alive)]


def pareto_efficient(ranks: np.ndarray) -> list[Profile]:
    """Pure outcomes no other outcome makes some player better off and none worse off."""
    cells = list(np.ndindex(*ranks.shape[1:]))
    vec = {p: tuple(int(ranks[(i, *p)]) for i in range(ranks.shape[0])) for p in cells}

    def beaten(p: Profile) -> bool:
        return any(all(a >= b for a, b in zip(vec[q], vec[p])) and vec[q] != vec[p]
                   for q in cells)
    return [p for p in cells if not beaten(p)]


def rank_invariant(ranks: np.ndarray) -> RankInvariant:
    """Every ordinal conclusion of the ranked game."""
    return RankInvariant(
        pure_equilibria=tuple(pure_equilibrium_profiles(ranks)),
        dominance=tuple(pure_dominations(ranks)),
        surviving=iterated_strict(ranks),
        pareto_efficient=tuple(pareto_efficient(ranks)))
