"""Option-form graph models (Fang, Hipel & Kilgour, *Interactive Decision Making*, 1993,
ch. 2-3): conflicts stated as decision makers' options rather than as a payoff matrix.

Each decision maker controls some yes/no options. A state is a feasible combination of
options, listed explicitly by the analyst; an option may be marked *any* in a state where
it no longer matters (in the Elmira conflict, once Uniroyal abandons, whether the
Ministry modifies its order is irrelevant, and the published model has one state for
all those combinations). A decision maker moves from s to t when t differs from s only in
its own options (an *any* matches every value) and in at least one of them definitely;
an *irreversible* option can be changed in one direction only: `forward` (once taken it
is never withdrawn) or `backward` (once withdrawn it is never taken again). Preferences
are rankings of the states, ties allowed. The stability concepts are those of
`games.ordinal.gmcr`, which works on any such move graph.
"""
from __future__ import annotations

from dataclasses import dataclass

from .gmcr import State, StateStability, graph_stability

DIRECTIONS = ("forward", "backward")


@dataclass(frozen=True)
class GraphModel:
    """A graph model in option form; a state is `(k,)`, k indexing `state_names`."""

    decision_makers: tuple[str, ...]
    options: tuple[str, ...]
    owner: tuple[int, ...]                      # option -> its decision maker
    direction: tuple[str | None, ...]           # option -> None or one of DIRECTIONS
    state_names: tuple[str, ...]
    taken: tuple[tuple[bool | None, ...], ...]  # state -> option -> taken (None: any)
    ranks: tuple[tuple[int, ...], ...]          # decision maker -> state -> rank (high best)

    @property
    def n(self) -> int:
        return len(self.decision_makers)

    def states(self) -> list[State]:
        return [(k,) for k in range(len(self.state_names))]

    def rank(self, i: int, s: State) -> int:
        return self.ranks[i][s[0]]

    def moves(self, i: int, s: State) -> list[State]:
        """States decision maker i reaches from s in one move."""
        return [(k,) for k in range(len(self.state_names))
                if k != s[0] and self._can_move(i, self.taken[s[0]], self.taken[k])]

    def _can_move(self, i: int, a: tuple[bool | None, ...], b: tuple[bool | None, ...]) -> bool:
        changed = False
        for o, (x, y) in enumerate(zip(a, b)):
            if x is None or y is None or x == y:
                continue
            if self.owner[o] != i:
                return False
            if (self.direction[o] == "forward" and x) or (self.direction[o] == "backward"
                                                          and not x):
                return False
            changed = True
        return changed

    def state_label(self, s: State) -> str:
        return self.state_names[s[0]]


def graph_model_stability(model: GraphModel) -> list[StateStability]:
    """Nash, GMR, SMR and SEQ stability of every state, per decision maker."""
    return graph_stability(model)


def stability_dict(model: GraphModel, table: list[StateStability]) -> dict[str, object]:
    """JSON-ready stability table: per state and concept, the decision makers for whom
    the state is stable, and the equilibria under each concept."""
    from .gmcr import CONCEPTS
    return {
        "decision_makers": list(model.decision_makers),
        "states": [{"state": model.state_label(s.state),
                    "options_taken": [o for o, t in zip(model.options, model.taken[s.state[0]])
                                      if t],
                    "stable_for": {c: [d for d, ok in zip(model.decision_makers, s.stable[c])
                                       if ok] for c in CONCEPTS}}
                   for s in table],
        "equilibria": {c: [model.state_label(s.state) for s in table if s.equilibrium(c)]
                       for c in CONCEPTS},
    }
