"""Non-myopic equilibria of Brams' Theory of Moves for 2x2 games (S. J. Brams, *Theory
of Moves*, Cambridge University Press, 1994, ch. 1).

Rules: play starts at an initial state; either player may switch its strategy, the
other may answer by switching its own, and so on, alternately; play stops when the
player whose turn it is stays, and the state then reached is the outcome. A player
looks ahead by backward induction over the cycle of at most four moves that would bring
play back to the initial state: at each step the player to move compares staying with
the "survivor" of the rest of the sequence (moving back to the initial state ends the
cycle). A player moves from the initial state only if that leads to an outcome it
strictly prefers. If exactly one player wants to move, its move decides the outcome;
if both do, the outcome depends on who moves first and both are reported. A state is a
non-myopic equilibrium (NME) when neither player would move from it.
Rankings must be strict for each player.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

State = tuple[int, int]


@dataclass(frozen=True)
class MoveAnalysis:
    """What happens from one initial state when one player considers moving first."""

    mover: int
    path: tuple[State, ...]          # the initial state and the four states of the cycle
    survivors: tuple[State, ...]     # survivor at each position of the path (0 = initial)
    moves: bool                      # does `mover` move from the initial state?
    outcome: State                   # outcome if it moves (the initial state otherwise)


@dataclass(frozen=True)
class InitialState:
    """Theory-of-Moves analysis from one initial state."""

    state: State
    by_player: tuple[MoveAnalysis, MoveAnalysis]

    @property
    def nme(self) -> bool:
        return not any(m.moves for m in self.by_player)

    @property
    def outcomes(self) -> tuple[State, ...]:
        """Final state(s): the initial state if no one moves, else each mover's outcome."""
        moved = [m.outcome for m in self.by_player if m.moves]
        return tuple(dict.fromkeys(moved)) if moved else (self.state,)


def _switch(state: State, player: int) -> State:
    s = list(state)
    s[player] = 1 - s[player]
    return (s[0], s[1])


def _analyse(ranks: np.ndarray, start: State, mover: int) -> MoveAnalysis:
    path = [start]
    who = mover
    for _ in range(4):
        path.append(_switch(path[-1], who))
        who = 1 - who
    # path[4] == start. Position k (1..3) is decided by the player who moves from it.
    survivor: list[State] = [start] * 5
    survivor[4] = start
    for k in range(3, 0, -1):
        player = mover if k % 2 == 0 else 1 - mover
        stay, go = path[k], survivor[k + 1]
        survivor[k] = go if ranks[(player, *go)] > ranks[(player, *stay)] else stay
    outcome = survivor[1]
    moves = bool(ranks[(mover, *outcome)] > ranks[(mover, *start)])
    survivor[0] = outcome if moves else start
    return MoveAnalysis(mover, tuple(path), tuple(survivor), moves,
                        outcome if moves else start)


def theory_of_moves(ranks: np.ndarray) -> list[InitialState]:
    """The analysis from every initial state of a strictly ranked 2x2 game."""
    from ..arguments import rank_array
    from ..errors import ScenarioError
    ranks = rank_array(ranks, "the Theory of Moves analysis here is for 2x2 games", (2, 2, 2))
    for i in range(2):
        if len({int(v) for v in ranks[i].flat}) != 4:
            raise ScenarioError("the Theory of Moves needs strict rankings (no ties)")
    out = []
    for s in ((0, 0), (0, 1), (1, 0), (1, 1)):
        out.append(InitialState(s, (_analyse(ranks, s, 0), _analyse(ranks, s, 1))))
    return out


def non_myopic_equilibria(ranks: np.ndarray) -> list[State]:
    """States from which neither player moves."""
    return [x.state for x in theory_of_moves(ranks) if x.nme]
