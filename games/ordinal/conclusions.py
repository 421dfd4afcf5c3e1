"""Cardinal-dependent conclusions other than the equilibrium structure, tallied over the
sampled readings: which strategies appear in some equilibrium, which are strictly
dominated by a mixture, and (2x2 games with two strict pure equilibria) which
equilibrium is risk dominant. Each is decided exactly on each drawn (exact) reading.

Dominance by a mixture is asked by LP only where the ranks leave it open: a strategy
strictly dominated by a pure strategy on the ranks is dominated in every reading, and a
strategy that is the unique best reply to some profile of the others is never
dominated; the rest depends on the numbers.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..equilibrium import EquilibriumSet
from ..model import Game
from .invariant import pure_dominations

Fact = tuple      # ("plays", player, strategy) | ("mixed_dominated", player, strategy)
#                   | ("risk_dominant", profile)


@dataclass(frozen=True)
class FactShare:
    """In how many sampled readings a conclusion holds."""

    fact: Fact
    count: int
    share: float
    low: float
    high: float


def open_dominance_questions(ranks: np.ndarray) -> list[tuple[int, int]]:
    """(player, strategy) pairs whose dominance by a mixture the ranks do not settle."""
    settled = {(d.player, d.dominated) for d in pure_dominations(ranks) if d.strict}
    out = []
    for i in range(ranks.shape[0]):
        u = np.moveaxis(ranks[i], i, 0).reshape(ranks.shape[1 + i], -1)
        for s in range(u.shape[0]):
            unique_best = any(all(u[s, c] > u[t, c] for t in range(u.shape[0]) if t != s)
                              for c in range(u.shape[1]))
            if (i, s) not in settled and not unique_best and u.shape[0] > 2:
                out.append((i, s))
    return out


def facts_of(game: Game, eqs: EquilibriumSet, questions: list[tuple[int, int]]) -> set[Fact]:
    """The conclusions that hold for one exact reading (its game and equilibria)."""
    facts: set[Fact] = set()
    for e in eqs.equilibria:
        for i, sup in enumerate(e.support):
            facts.update(("plays", i, s) for s in sup)
    if questions:
        from ..solvers.dominance import dominated_by
        for i, s in questions:
            d = dominated_by(game, i, s)
            if d is not None and d.strict:
                facts.add(("mixed_dominated", i, s))
    if game.shape == (2, 2):
        from ..teaching.concepts import equilibrium_selection
        sel = equilibrium_selection(game)
        if sel is not None and sel.risk_dominant is not None:
            facts.add(("risk_dominant", tuple(sel.risk_dominant)))
    return facts
