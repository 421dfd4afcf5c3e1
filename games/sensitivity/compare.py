"""Two sets of payoff assumptions side by side: which payoffs differ, and what that
does to the equilibria (which appeared, which disappeared, which moved).

Equilibria are matched by support: the same support on both sides with the same
probabilities is unchanged, with different probabilities it "moved"; a support found
on one side only appeared or disappeared.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..display import Tabular, comparison_records, comparison_text
from ..equilibrium import Equilibrium, EquilibriumSet
from ..errors import GameError
from ..numbers import exact_str
from .thresholds import Solver, equilibria_dicts, whole

if TYPE_CHECKING:
    from ..model import Game


@dataclass(frozen=True)
class CellDifference:
    """One payoff that differs: at a pure profile, for a player, a versus b."""

    profile: tuple[int, ...]
    player: int
    a: Fraction
    b: Fraction


@dataclass(frozen=True)
class Comparison(Tabular):
    """The result of comparing game a with game b."""

    players: tuple[Any, ...]
    differences: tuple[CellDifference, ...]
    equilibria_a: EquilibriumSet
    equilibria_b: EquilibriumSet
    unchanged: tuple[Equilibrium, ...]
    appeared: tuple[Equilibrium, ...]
    disappeared: tuple[Equilibrium, ...]
    moved: tuple[tuple[Equilibrium, Equilibrium], ...]     # (in a, in b), same support
    label_a: str = "A"          # what each side is: a file name, or parameter values
    label_b: str = "B"
    parameters: tuple[tuple[str, str, str], ...] = ()      # (name, value in a, in b)

    @property
    def same_prediction(self) -> bool:
        """True when both games have exactly the same equilibria."""
        return not (self.appeared or self.disappeared or self.moved)

    def records(self) -> list[dict]:
        """One row per equilibrium: unchanged, appeared, disappeared or moved."""
        return comparison_records(self)

    def text(self) -> str:
        return comparison_text(self)

    def caption(self) -> str:
        return "Comparison"

    def to_dict(self, game: Game | None = None) -> dict:
        """The "comparison" JSON object."""
        players = game.players if game is not None else self.players

        def eq(e: Equilibrium) -> dict:
            return equilibria_dicts(EquilibriumSet([e], method=""), players)[0]

        return {
            "differences": [{
                "profile": {p.name: p.strategies[j].name for p, j in zip(players, d.profile)},
                "player": players[d.player].name, "a": exact_str(d.a), "b": exact_str(d.b)}
                for d in self.differences],
            "a": {"label": self.label_a,
                  "equilibria": equilibria_dicts(self.equilibria_a, players)},
            "b": {"label": self.label_b,
                  "equilibria": equilibria_dicts(self.equilibria_b, players)},
            "parameters_changed": [{"parameter": n, "a": a, "b": b}
                                   for n, a, b in self.parameters],
            "unchanged": [eq(e) for e in self.unchanged],
            "appeared": [eq(e) for e in self.appeared],
            "disappeared": [eq(e) for e in self.disappeared],
            "moved": [{"from": eq(a), "to": eq(b)} for a, b in self.moved],
        }


def payoff_differences(game_a: Game, game_b: Game) -> list[CellDifference]:
    """Every (profile, player) whose payoff differs between the two games."""
    out = []
    for profile in game_a.profiles():
        for i in range(game_a.n_players):
            a, b = game_a.payoff(i, profile), game_b.payoff(i, profile)
            if a != b:
                out.append(CellDifference(tuple(profile), i, a, b))
    return out


def _check_same_form(game_a: Game, game_b: Game) -> None:
    """GameError unless both games have the same players and strategies."""
    names_a = [(p.name, tuple(p.strategy_names)) for p in game_a.players]
    names_b = [(p.name, tuple(p.strategy_names)) for p in game_b.players]
    if names_a != names_b:
        raise GameError("the two games cannot be compared: their players or strategies differ "
                        f"({_describe(names_a)} versus {_describe(names_b)})")


def _describe(names: list) -> str:
    return "; ".join(f"{p}: {', '.join(s)}" for p, s in names)


def match(eqs_a: EquilibriumSet, eqs_b: EquilibriumSet) -> tuple[list, list, list, list]:
    """Pair equilibria by support: (unchanged, appeared, disappeared, moved)."""
    left = list(eqs_a)
    right = list(eqs_b)
    unchanged = []
    for e in list(left):
        twin = next((f for f in right if f.key() == e.key()), None)
        if twin is not None:
            unchanged.append(e)
            left.remove(e)
            right.remove(twin)
    moved = []
    for e in list(left):
        twin = next((f for f in right if f.support == e.support), None)
        if twin is not None:
            moved.append((e, twin))
            left.remove(e)
            right.remove(twin)
    return unchanged, right, left, moved


def compare(game_a: Game, game_b: Game, *, solver: Solver,
            labels: tuple[str, str] = ("A", "B")) -> Comparison:
    """Payoff differences and equilibrium changes from game a to game b; `labels` name
    the two sides (a file name, or the parameter values that differ)."""
    from .. import arguments
    game_a, game_b = arguments.game(game_a, "compare"), arguments.game(game_b, "compare")
    _check_same_form(game_a, game_b)
    solve = solver
    eqs_a, eqs_b = whole(solve(game_a)), whole(solve(game_b))
    unchanged, appeared, disappeared, moved = match(eqs_a, eqs_b)
    return Comparison(tuple(game_a.players), tuple(payoff_differences(game_a, game_b)),
                      eqs_a, eqs_b, tuple(unchanged), tuple(appeared), tuple(disappeared),
                      tuple(moved), labels[0], labels[1], parameter_changes(game_a, game_b))


def parameter_changes(game_a: Game, game_b: Game) -> tuple[tuple[str, str, str], ...]:
    """Parameters whose values differ between the two games (those both have; one only
    in a game is shown with '-' on the other side)."""
    pa, pb = getattr(game_a, "parameters", {}) or {}, getattr(game_b, "parameters", {}) or {}

    def value(game: Any, params: dict, name: str) -> str:
        if name not in params:
            return "-"
        return exact_str(game.values.get(name, params[name].value))
    out = []
    for name in list(pa) + [n for n in pb if n not in pa]:
        a, b = value(game_a, pa, name), value(game_b, pb, name)
        if a != b:
            out.append((name, a, b))
    return tuple(out)
