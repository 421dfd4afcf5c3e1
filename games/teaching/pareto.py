"""Pareto efficiency of equilibria: the pure outcomes and other equilibria that give
every player at least as much and someone more, compared exactly, each distinct
payoff vector once.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Sequence

import numpy as np

from ..numbers import Exact, sign

if TYPE_CHECKING:
    from ..equilibrium import Equilibrium
    from ..model import Game

MAX_PARETO_LISTED = 5             # dominating outcomes listed per equilibrium


@dataclass(frozen=True)
class ParetoCheck:
    """Whether equilibrium `index` (from 0) is Pareto efficient: the pure outcomes that
    give every player at least as much and someone more (at most a few listed,
    `outcomes_dominating` counts them all), and the other equilibria that do."""

    index: int
    payoffs: tuple[Exact, ...]
    dominated_by_outcomes: tuple[tuple[int, ...], ...]
    outcomes_dominating: int
    dominated_by_equilibria: tuple[int, ...]

    @property
    def efficient_among_outcomes(self) -> bool:
        """No pure outcome Pareto-dominates this equilibrium."""
        return self.outcomes_dominating == 0

    @property
    def efficient_among_equilibria(self) -> bool:
        """No other equilibrium Pareto-dominates it."""
        return not self.dominated_by_equilibria


def _weakly_better_everywhere(a: Sequence[Exact], b: Sequence[Exact]) -> bool:
    """a Pareto-dominates b: at least as good for all, better for someone."""
    diffs = [sign(x - y) for x, y in zip(a, b)]
    return all(d >= 0 for d in diffs) and any(d > 0 for d in diffs)


def pareto_checks(game: Game, eqs: Sequence[Equilibrium]) -> tuple[ParetoCheck, ...]:
    """The ParetoCheck of every equilibrium, comparing each distinct payoff vector once:
    a tree's reduced form can have thousands of equilibria (extreme points of continua)
    sharing a handful of payoff vectors, and pairwise checks would be quadratic in them."""
    groups: dict[tuple[Exact, ...], list[int]] = {}
    for k, e in enumerate(eqs):
        groups.setdefault(tuple(e.payoffs), []).append(k)
    outcomes = {v: dominating_profiles(game, v) for v in groups}
    better = {v: [w for w in groups if _weakly_better_everywhere(w, v)] for v in groups}
    out = []
    for k, e in enumerate(eqs):
        v = tuple(e.payoffs)
        others = sorted(j for w in better[v] for j in groups[w])
        out.append(ParetoCheck(k, v, tuple(outcomes[v][:MAX_PARETO_LISTED]), len(outcomes[v]),
                               tuple(others)))
    return tuple(out)


def dominating_profiles(game: Game, payoffs: tuple[Exact, ...]) -> list[tuple[int, ...]]:
    """Every pure profile whose payoff vector Pareto-dominates `payoffs`."""
    if all(isinstance(v, Fraction) for v in payoffs):
        geq = np.ones(game.shape, dtype=bool)
        gt = np.zeros(game.shape, dtype=bool)
        for i, v in enumerate(payoffs):
            geq &= game.payoffs[i] >= v
            gt |= game.payoffs[i] > v
        return [tuple(int(j) for j in idx) for idx in np.argwhere(geq & gt)]
    return [p for p in game.profiles() if _weakly_better_everywhere(
        [game.payoff(i, p) for i in range(game.n_players)], payoffs)]
