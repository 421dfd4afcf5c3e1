"""Exact analysis of strategic scenarios as normal-form games.

    >>> import games
    >>> g = games.load("scenarios/prisoners_dilemma.yaml")
    >>> [e.kind for e in g.equilibria()]
    ['pure']

`load` reads a scenario (.yaml) or a Gambit strategic-form file (.nfg) and returns
a `Game`; its methods `equilibria()`, `pure_equilibria()`, `dominance()` and
`sensitivity()` return result objects. Payoffs are exact (`game.payoffs`, Fractions)
with a numpy float view (`game.float_payoffs`).
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from .analysis import Analysis, analyze, solve
from .equilibrium import Component, Equilibrium, EquilibriumSet
from .errors import GameError, ScenarioError, SolverTimeout, TooLargeError
from .model import Game, Parameter, Player, Strategy

if TYPE_CHECKING:
    from .scenario.model import Scenario
    from .sensitivity import Comparison, MonteCarloResult, SweepResult

__all__ = [
    "load", "load_scenario", "solve", "analyze", "Analysis", "Game", "Player", "Strategy",
    "Parameter", "Equilibrium", "EquilibriumSet", "Component", "GameError", "ScenarioError",
    "TooLargeError", "SolverTimeout", "sweep", "monte_carlo", "compare",
]


def sweep(scenario: Scenario, names: Sequence[str], steps: int = 11,
          values: Mapping[str, Fraction | int | str] | None = None) -> SweepResult:
    """games.sensitivity.sweep with the engine's exact solver (sympy loads on first call)."""
    from .sensitivity import sweep as _sweep
    return _sweep(scenario, names, steps, values, solver=solve)


def monte_carlo(scenario: Scenario, n: int, seed: int | None = None,
                values: Mapping[str, Fraction | int | str] | None = None) -> MonteCarloResult:
    """games.sensitivity.monte_carlo with the engine's exact solver."""
    from .sensitivity import monte_carlo as _monte_carlo
    return _monte_carlo(scenario, n, seed, values, solver=solve)


def compare(game_a: Game, game_b: Game, labels: tuple[str, str] = ("A", "B")) -> Comparison:
    """games.sensitivity.compare with the engine's exact solver."""
    from .sensitivity import compare as _compare
    return _compare(game_a, game_b, solver=solve, labels=labels)


def load(path: str | Path, values: Mapping[str, object] | None = None) -> Game:
    """Read a scenario (.yaml/.yml), Gambit .nfg or .efg file into a Game (for a tree,
    its reduced strategic form, with the exact tree as `game.tree`).

    `values` overrides parameter values (like `--set`), e.g. {"escalation_cost": 5};
    each is made exact (games.building.exact_input: 0.1 is 1/10).
    """
    from .arguments import path as checked_path, values as checked_values
    path = checked_path(path)
    values = checked_values(values)
    if path.suffix.lower() == ".efg":
        from .formats.efg import read_efg
        from .tree.scenario import TreeScenario
        return TreeScenario(read_efg(path)).game({k: _exact_value(k, v)
                                                  for k, v in (values or {}).items()})
    if path.suffix.lower() == ".nfg":
        if values:
            raise ScenarioError("a .nfg file has no parameters to set", file=str(path))
        from .formats.nfg import read_nfg
        return read_nfg(path)
    scenario = load_scenario(path)
    exact = {k: _exact_value(k, v) for k, v in (values or {}).items()}
    return scenario.game(exact)


def load_scenario(path: str | Path):
    """Read a YAML scenario into a parametric Scenario (for sensitivity analyses)."""
    from .scenario import load_scenario as _load
    return _load(path)


def _exact_value(name: str, value: Any) -> Fraction:
    """An override value as an exact Fraction, by the rules of games.building.exact_input
    (ints, Fractions, strings, Decimals; a float by its shortest decimal string)."""
    from .building import exact_input
    try:
        return exact_input(value, f"value for {name}")
    except GameError as err:
        raise ScenarioError(str(err)) from None
