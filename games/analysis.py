"""The whole analysis the `analyze` command shows: best responses, dominance, every
equilibrium (`games.solve`) and, for a scenario with ranged parameters, the
sensitivity of the equilibria (which receives `solve` as its solver).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .equilibrium import EquilibriumSet
from .model import Game
from .solve import METHODS, solve

if TYPE_CHECKING:
    from .sensitivity.thresholds import ParameterSensitivity
    from .solvers.dominance import DominanceReport

__all__ = ["Analysis", "METHODS", "analyze", "solve"]


@dataclass(frozen=True)
class Analysis:
    """Everything `analyze` reports for one game: its dominance structure and equilibria."""

    game: Game
    best_responses: np.ndarray          # bool (n_players, *shape): a best response there?
    dominance: DominanceReport
    equilibria: EquilibriumSet
    sensitivity: tuple[ParameterSensitivity, ...] = ()

    def to_dict(self, extras: dict[str, Any] | None = None) -> dict[str, Any]:
        """The SPEC's JSON document of this analysis (what `--format json` prints)."""
        from .serialize import document
        return document(self, extras)

    def __str__(self) -> str:
        from .display import analysis_text
        return analysis_text(self)

    def _repr_html_(self) -> str:
        from .display import analysis_html
        return analysis_html(self)


def analyze(game: Game, method: str = "auto", timeout: float | None = None,
            sensitivity: bool = True) -> Analysis:
    """Best responses, dominance, every equilibrium and (for a scenario with ranged
    parameters) the sensitivity of the equilibria, as one result object."""
    from .solvers.dominance import dominance
    from .solvers.pure import best_response_mask
    eqs = solve(game, method=method, timeout=timeout)
    found: tuple[ParameterSensitivity, ...] = ()
    if sensitivity and game.scenario is not None and eqs.complete and eqs.exact \
            and method != "pure":
        from .sensitivity.thresholds import sensitivity as thresholds
        found = tuple(thresholds(game.scenario, values=game.values, solver=solve))
    return Analysis(game=game, best_responses=best_response_mask(game.payoffs),
                    dominance=dominance(game), equilibria=eqs, sensitivity=found)
