"""The reasoning behind an analysis, step by step, as data (the CLI puts it into words).

`explain(analysis)` returns an `Explanation`: every player's best responses to each
pure profile of the others, the dominance steps (each naming its dominator, pure or
mixed, with the payoff comparison against every opponent profile), for each pure
equilibrium every unilateral deviation and what it would pay, and for each mixed
equilibrium the indifference equations (each player's expected payoff from every
strategy as a multilinear expression in the others' probabilities, set equal across
its support) with their exact solution. All numbers are exact; the symbolic
equations are sympy objects built from the game's exact payoffs, never from text.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ..numbers import Exact, exact_str, to_fraction
from ..solvers.dominance import dominant_strategy
from ..solvers.pure import best_response_mask
from .indifference import (Indifference, LinearStep, StrategyValue, Variable, equation_text,
                           indifference, probability_symbols, solve_indifference)

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..equilibrium import Equilibrium
    from ..solvers.dominance import DominanceReport
    from ..model import Game

MAX_BEST_RESPONSE_ROWS = 400     # beyond this, best responses are summarised, not listed
MAX_MIXED_EXPLAINED = 12         # mixed equilibria explained in full


@dataclass(frozen=True)
class BestResponse:
    """`player`'s payoff from each of its strategies (`values`) against one pure
    profile of the others (`against`: strategy indices in player order, the player
    itself left out), and which strategies are best (`best`)."""

    player: int
    against: tuple[int, ...]
    values: tuple[Fraction, ...]
    best: tuple[int, ...]


@dataclass(frozen=True)
class DominanceExplanation:
    """Iterated strict elimination (`steps`: solvers.dominance.EliminationStep, each
    with its Domination and payoff comparisons), the strategies only weakly dominated
    in the full game, strictly dominant strategies as (player, strategy), the
    survivors per player, and whether a single profile survives."""

    steps: tuple[Any, ...]
    weakly_dominated: tuple[Any, ...]
    dominant: tuple[tuple[int, int], ...]
    surviving: tuple[tuple[int, ...], ...]
    solved: bool


@dataclass(frozen=True)
class Deviation:
    """What `player` would earn by switching alone to `strategy`, and the gain
    (`payoff` minus its equilibrium payoff; never positive at an equilibrium)."""

    player: int
    strategy: int
    payoff: Exact
    gain: Exact


@dataclass(frozen=True)
class PureEquilibriumExplanation:
    """Why the pure profile `profile` (equilibrium number `index`, from 0) is an
    equilibrium: every unilateral deviation and its (non-positive) gain. `strict`
    when every deviation loses strictly."""

    index: int
    profile: tuple[int, ...]
    payoffs: tuple[Exact, ...]
    deviations: tuple[Deviation, ...]
    strict: bool


@dataclass(frozen=True)
class MixedEquilibriumExplanation:
    """The indifference argument for mixed equilibrium `index` (from 0).

    `variables` are the unknowns; `probabilities[i][j]` is the sympy expression of
    player i's probability of strategy j in them (a symbol, 1 - symbols, 0 or 1);
    `conditions` holds one Indifference per player; `solution` maps each symbol to
    its exact value; `unique` says whether the equations have no other solution with
    every probability in (0, 1] on the supports (None when not re-solved), and
    `solved` whether the system was solved symbolically (else the values were only
    substituted and checked)."""

    index: int
    profile: tuple[tuple[Exact, ...], ...]
    payoffs: tuple[Exact, ...]
    variables: tuple[Variable, ...]
    probabilities: tuple[tuple[Any, ...], ...]
    conditions: tuple[Indifference, ...]
    solution: tuple[tuple[str, Exact], ...]
    unique: bool | None
    solved: bool

    def value_of(self, symbol: str) -> Exact:
        """The exact value of one unknown."""
        return dict(self.solution)[symbol]


@dataclass(frozen=True)
class Meaning:
    """One player's part of an equilibrium in the scenario's words: the strategies
    played with their probabilities and descriptions."""

    player: int
    strategies: tuple[tuple[int, Exact, str], ...]     # (strategy, probability, description)


@dataclass(frozen=True)
class EquilibriumMeaning:
    """What equilibrium `index` means: each player's part, and the payoffs."""

    index: int
    kind: str
    parts: tuple[Meaning, ...]
    payoffs: tuple[Exact, ...]


@dataclass(frozen=True)
class Explanation:
    """The whole step-by-step reasoning for one analysis."""

    best_responses: tuple[BestResponse, ...]
    best_responses_listed: bool
    dominance: DominanceExplanation | None
    pure: tuple[PureEquilibriumExplanation, ...]
    mixed: tuple[MixedEquilibriumExplanation, ...]
    meanings: tuple[EquilibriumMeaning, ...]
    notes: tuple[str, ...] = field(default=())

    def to_dict(self, game: Game) -> dict:
        """JSON form: every number an exact string, every equation as text."""
        return explanation_dict(game, self)


# -- building ---------------------------------------------------------------------------

def explain(analysis: Analysis) -> Explanation:
    """The step-by-step reasoning behind `analysis` (a games.analysis.Analysis)."""
    game, eqs = analysis.game, analysis.equilibria
    notes: list[str] = []
    listed = _best_response_rows(game) <= MAX_BEST_RESPONSE_ROWS
    brs = best_responses(game) if listed else ()
    if not listed:
        notes.append(f"the game has more than {MAX_BEST_RESPONSE_ROWS} best-response "
                     "questions; they are marked in the payoff tables instead of listed")
    pure: list[PureEquilibriumExplanation] = []
    mixed: list[MixedEquilibriumExplanation] = []
    for k, e in enumerate(eqs.equilibria):
        pure_profile = e.pure_profile
        if pure_profile is not None and e.exact:
            pure.append(explain_pure(game, k, pure_profile))
        elif e.kind == "mixed" and e.exact and len(mixed) < MAX_MIXED_EXPLAINED:
            mixed.append(explain_mixed(game, k, e.profile))
    if any(not e.exact for e in eqs.equilibria):
        notes.append("numeric equilibria are not explained: their indifference equations "
                     "hold only approximately")
    n_mixed = sum(1 for e in eqs.equilibria if e.kind == "mixed" and e.exact)
    if n_mixed > MAX_MIXED_EXPLAINED:
        notes.append(f"only the first {MAX_MIXED_EXPLAINED} of {n_mixed} mixed equilibria "
                     "are explained in full")
    dom = explain_dominance(game, analysis.dominance) if analysis.dominance is not None \
        else None
    meanings = tuple(meaning(game, k, e) for k, e in enumerate(eqs.equilibria))
    return Explanation(brs, listed, dom, tuple(pure), tuple(mixed), meanings, tuple(notes))


def _best_response_rows(game: Game) -> int:
    """How many (player, opponent profile) best-response questions the game has."""
    total = int(np.prod(game.shape))
    return sum(total // k for k in game.shape)


def best_responses(game: Game) -> tuple[BestResponse, ...]:
    """For every player and every pure profile of the others: each own strategy's
    payoff and the best ones (the engine's best-response mask)."""
    mask = best_response_mask(game.comparable_payoffs)
    out = []
    for i in range(game.n_players):
        others = [j for j in range(game.n_players) if j != i]
        for against in itertools.product(*(range(game.shape[j]) for j in others)):
            profiles = [(*against[:i], s, *against[i:]) for s in range(game.shape[i])]
            values = [game.payoff(i, prof) for prof in profiles]
            out.append(BestResponse(i, tuple(against), tuple(values),
                                    tuple(s for s, prof in enumerate(profiles)
                                          if mask[(i, *prof)])))
    return tuple(out)


def dominant_strategies(game: Game) -> tuple[tuple[int, int], ...]:
    """(player, strategy) pairs where the strategy earns strictly more than every other
    strategy of that player against every profile of the others."""
    found = ((i, dominant_strategy(game, i)) for i in range(game.n_players))
    return tuple((i, s) for i, s in found if s is not None)


def explain_dominance(game: Game, report: DominanceReport) -> DominanceExplanation:
    """The dominance reasoning: elimination steps with their comparisons."""
    return DominanceExplanation(tuple(report.strict.steps), tuple(report.weakly_dominated),
                                dominant_strategies(game), tuple(report.strict.surviving),
                                report.strict.solved)


def explain_pure(game: Game, index: int, profile: tuple[int, ...]) -> PureEquilibriumExplanation:
    """Every unilateral deviation from a pure equilibrium, with what it would pay."""
    payoffs = tuple(game.payoff(i, profile) for i in range(game.n_players))
    devs = []
    for i in range(game.n_players):
        for s in range(game.shape[i]):
            if s == profile[i]:
                continue
            alt = list(profile)
            alt[i] = s
            pay = game.payoff(i, tuple(alt))
            devs.append(Deviation(i, s, pay, pay - payoffs[i]))
    return PureEquilibriumExplanation(index, tuple(profile), payoffs, tuple(devs),
                                      all(d.gain < 0 for d in devs))


def meaning(game: Game, index: int, e: Equilibrium) -> EquilibriumMeaning:
    """An equilibrium in the scenario's own terms: strategy descriptions and payoffs."""
    parts = []
    for i, (player, probs) in enumerate(zip(game.players, e.profile)):
        parts.append(Meaning(i, tuple((j, p, player.strategies[j].description)
                                      for j, p in enumerate(probs) if p != 0)))
    return EquilibriumMeaning(index, e.kind, tuple(parts), tuple(e.payoffs))




def explain_mixed(game: Game, index: int,
                  profile: tuple[tuple[Exact, ...], ...]) -> MixedEquilibriumExplanation:
    """The indifference equations of a mixed equilibrium, and their exact solution."""
    variables, probs = probability_symbols(profile)
    conditions = tuple(indifference(game, i, profile, probs) for i in range(game.n_players))
    solution = tuple((v.symbol, profile[v.player][v.strategy]) for v in variables)
    equations = [eq for c in conditions for eq in c.equations]
    unique, solved = solve_indifference(game, equations, variables, probs, dict(solution))
    payoffs = tuple(_simplest(v) for v in game.expected_payoffs(profile))
    return MixedEquilibriumExplanation(index, profile, payoffs,
                                       variables, probs, conditions, solution, unique, solved)


def _simplest(x: Any) -> Exact:
    """An exact value in its simplest form: a Fraction when it is rational (2, not a
    radical expression equal to 2), else the radical simplified."""
    if isinstance(x, (int, Fraction)):
        return Fraction(x)
    import sympy

    value = sympy.radsimp(sympy.simplify(x))
    return to_fraction(value) if getattr(value, "is_Rational", False) else value


# -- JSON ---------------------------------------------------------------------------------

def explanation_dict(game: Game, ex: Explanation) -> dict:
    """The explanation as JSON-ready data: names instead of indices, exact strings."""
    names = game.player_names

    def strat(i: int, j: int) -> str:
        return game.players[i].strategies[j].name

    def against(i: int, prof: tuple[int, ...]) -> dict:
        others = [j for j in range(game.n_players) if j != i]
        return {names[j]: strat(j, k) for j, k in zip(others, prof)}

    out: dict[str, Any] = {
        "best_responses": [
            {"player": names[b.player], "against": against(b.player, b.against),
             "payoffs": {strat(b.player, s): exact_str(v) for s, v in enumerate(b.values)},
             "best": [strat(b.player, s) for s in b.best]} for b in ex.best_responses],
        "pure_equilibria": [
            {"equilibrium": p.index + 1,
             "profile": {names[i]: strat(i, s) for i, s in enumerate(p.profile)},
             "deviations": [{"player": names[d.player], "to": strat(d.player, d.strategy),
                             "payoff": exact_str(d.payoff), "gain": exact_str(d.gain)}
                            for d in p.deviations],
             "strict": p.strict} for p in ex.pure],
        "mixed_equilibria": [_mixed_dict(game, m) for m in ex.mixed],
        "notes": list(ex.notes),
    }
    if ex.dominance is not None:
        out["dominance"] = _dominance_dict(game, ex.dominance)
    return out


def _mixed_dict(game: Game, m: MixedEquilibriumExplanation) -> dict:
    """One mixed equilibrium's indifference conditions as JSON-ready data."""
    names = game.player_names
    return {
        "equilibrium": m.index + 1,
        "variables": {v.symbol: {"player": names[v.player],
                                 "strategy": game.players[v.player].strategies[v.strategy].name}
                      for v in m.variables},
        "conditions": [
            {"player": names[c.player],
             "payoffs": {game.players[c.player].strategies[v.strategy].name:
                         {"expression": str(v.expression), "value": exact_str(v.value),
                          "in_support": v.in_support} for v in c.values},
             "equations": [equation_text(eq) for eq in c.equations],
             "value": exact_str(c.equilibrium_value)} for c in m.conditions],
        "solution": {s: exact_str(v) for s, v in m.solution},
        "unique": m.unique,
    }


def _dominance_dict(game: Game, d: DominanceExplanation) -> dict:
    """Elimination steps with their payoff comparisons, as JSON-ready data."""
    def one(dom: Any) -> dict:
        names = game.players[dom.player].strategy_names
        opp = dom.opponent_players
        return {"player": game.players[dom.player].name, "strategy": names[dom.strategy],
                "dominated_by": {names[j]: exact_str(p) for j, p in dom.weights.items()},
                "strict": dom.strict,
                "comparisons": [
                    {"against": {game.players[j].name: game.players[j].strategies[k].name
                                 for j, k in zip(opp, c.opponents)},
                     "dominated": exact_str(c.dominated), "dominator": exact_str(c.dominator)}
                    for c in dom.comparisons]}
    return {"steps": [dict(one(s.domination), round=s.round) for s in d.steps],
            "weakly_dominated": [one(w) for w in d.weakly_dominated],
            "dominant": [{"player": game.players[i].name,
                          "strategy": game.players[i].strategies[s].name}
                         for i, s in d.dominant],
            "solved": d.solved}


__all__ = ["explain", "Explanation", "BestResponse", "DominanceExplanation", "Deviation",
           "PureEquilibriumExplanation", "MixedEquilibriumExplanation", "Indifference",
           "StrategyValue", "LinearStep", "Variable", "Meaning", "EquilibriumMeaning"]
