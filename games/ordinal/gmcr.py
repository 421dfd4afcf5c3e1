"""Stability of every state in the Graph Model for Conflict Resolution (Fang, Hipel &
Kilgour, *Interactive Decision Making*, 1993; Kilgour, Hipel & Fang, "The graph model
for conflicts", Automatica 23 (1987) 41–55).

States are the strategy profiles; a decision maker's unilateral moves from a state are
the states that differ only in its own strategy; preferences are the ranks (ties
allowed). For decision maker i at state s, with R_i(s) its moves and R_i^+(s) its
unilateral improvements (moves to states it ranks strictly higher):
- Nash (R): i has no unilateral improvement;
- general metarationality (GMR): every improvement s1 is sanctioned: the others, moving
  alone or one after another, can reach some s2 that i ranks no higher than s;
- symmetric metarationality (SMR): every improvement s1 has a sanction s2 as for GMR
  from which i cannot escape: every state i can then move to is ranked no higher than s;
- sequential stability (SEQ): every improvement s1 has a sanction s2 reachable by
  *credible* moves: a sequence of unilateral improvements by the others, no one moving
  twice in a row.
A state is an equilibrium under a concept when it is stable for every decision maker.
Nash implies SEQ and SMR, both imply GMR.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

State = tuple[int, ...]
CONCEPTS = ("Nash", "GMR", "SMR", "SEQ")


@dataclass(frozen=True)
class StateStability:
    """Which concepts hold at one state, per decision maker and overall."""

    state: State
    stable: dict[str, tuple[bool, ...]]        # concept -> per decision maker

    def equilibrium(self, concept: str) -> bool:
        return all(self.stable[concept])


class MoveGraph(Protocol):
    """What the stability concepts need from a conflict: decision makers, states, each
    decision maker's unilateral moves and its ranking of the states (higher = better).
    Strategic-form conflicts (`StrategicGraph`) and option-form graph models
    (`games.ordinal.graph_model.GraphModel`) both provide it."""

    @property
    def n(self) -> int: ...

    def states(self) -> list[State]: ...

    def rank(self, i: int, s: State) -> int: ...

    def moves(self, i: int, s: State) -> list[State]: ...


class StrategicGraph:
    """Moves and preferences of a strategic-form conflict: states are the strategy
    profiles and a decision maker moves by changing its own strategy."""

    def __init__(self, ranks: np.ndarray) -> None:
        self.ranks = ranks
        self.n = ranks.shape[0]
        self.shape = ranks.shape[1:]

    def states(self) -> list[State]:
        return [tuple(int(x) for x in s) for s in np.ndindex(*self.shape)]

    def rank(self, i: int, s: State) -> int:
        return int(self.ranks[(i, *s)])

    def moves(self, i: int, s: State) -> list[State]:
        return [s[:i] + (k,) + s[i + 1:] for k in range(self.shape[i]) if k != s[i]]


def improvements(g: MoveGraph, i: int, s: State) -> list[State]:
    """Unilateral improvements of i from s: its moves to states it ranks higher."""
    return [t for t in g.moves(i, s) if g.rank(i, t) > g.rank(i, s)]


def coalition_reach(g: MoveGraph, others: list[int], s: State, credible: bool) -> set[State]:
    """States the players in `others` reach from s by one or more unilateral moves
    (improvements only when `credible`), no player moving twice in succession."""
    seen: set[tuple[State, int]] = set()
    frontier = [(s, -1)]
    reached: set[State] = set()
    while frontier:
        state, last = frontier.pop()
        for j in others:
            if j == last:
                continue
            step = improvements(g, j, state) if credible else g.moves(j, state)
            for t in step:
                if (t, j) not in seen:
                    seen.add((t, j))
                    reached.add(t)
                    frontier.append((t, j))
    return reached


def _stable(g: MoveGraph, i: int, s: State, concept: str) -> bool:
    ups = improvements(g, i, s)
    if concept == "Nash" or not ups:
        return not ups
    others = [j for j in range(g.n) if j != i]
    base = g.rank(i, s)
    for s1 in ups:
        reach = coalition_reach(g, others, s1, credible=(concept == "SEQ"))
        sanctions = [s2 for s2 in reach if g.rank(i, s2) <= base]
        if concept == "SMR":
            sanctions = [s2 for s2 in sanctions
                         if all(g.rank(i, s3) <= base for s3 in g.moves(i, s2))]
        if not sanctions:
            return False
    return True


def graph_stability(g: MoveGraph) -> list[StateStability]:
    """Nash, GMR, SMR and SEQ stability of every state of a graph, per decision maker."""
    return [StateStability(state, {c: tuple(_stable(g, i, state, c) for i in range(g.n))
                                   for c in CONCEPTS})
            for state in g.states()]


def stability(ranks: np.ndarray) -> list[StateStability]:
    """Nash, GMR, SMR and SEQ stability of every profile of a strategic-form conflict
    (ScenarioError unless `ranks` has shape (n_players, k_1, ..., k_n), ranks from 1)."""
    from ..arguments import rank_array
    return graph_stability(StrategicGraph(rank_array(ranks, "stability")))
