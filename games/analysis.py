"""The whole analysis the `analyze` command shows: best responses, dominance, every
equilibrium (`games.solve`) and, for a scenario with ranged parameters, the
sensitivity of the equilibria (which receives `solve` as its solver).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .budget import ProgressCallback, reporting
from .equilibrium import EquilibriumSet
from .limits import SENSITIVITY_STEPS
from .model import Game
from .solve import METHODS, solve

__all__ = ["Analysis", "METHODS", "analyze", "solve"]


@dataclass
class Analysis:
    """Everything `analyze` reports for one game: its dominance structure and equilibria."""

    game: Game
    best_responses: np.ndarray          # bool (n_players, *shape): a best response there?
    dominance: Any                      # solvers.dominance.DominanceReport
    equilibria: EquilibriumSet
    sensitivity: list = field(default_factory=list)
    interrupted: str = ""               # what Ctrl-C cut short ("" when nothing was)
    robustness: Any = None              # sensitivity.robustness.Robustness, when ranged

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
            sensitivity: bool = True, sensitivity_steps: int | None = SENSITIVITY_STEPS,
            progress: ProgressCallback | None = None) -> Analysis:
    """Best responses, dominance, every equilibrium and (for a scenario with ranged
    parameters) the sensitivity of the equilibria, as one result object.

    `sensitivity_steps`: the work budget of each parameter's sensitivity analysis (None:
    no limit); `progress`: called with a games.budget.Progress at each step of long work
    (for notebooks). Ctrl-C during the enumeration or the sensitivity analysis keeps
    what was established, with `interrupted` saying what was cut short."""
    if progress is None:            # keep any callback installed by the caller
        return _analyze(game, method, timeout, sensitivity, sensitivity_steps)
    with reporting(progress):
        return _analyze(game, method, timeout, sensitivity, sensitivity_steps)


def _analyze(game: Game, method: str, timeout: float | None, sensitivity: bool,
             sensitivity_steps: int | None) -> Analysis:
    """The work of `analyze`."""
    from .solvers.dominance import dominance
    from .solvers.pure import best_response_mask
    result = Analysis(game=game, best_responses=best_response_mask(game.payoffs),
                      dominance=dominance(game),
                      equilibria=solve(game, method=method, timeout=timeout))
    complete = result.equilibria.complete and result.equilibria.exact
    is_tree = getattr(game, "tree", None) is not None     # trees: thresholds of the SPE set
    if sensitivity and game.scenario is not None and complete and method != "pure" \
            and not is_tree:                              # come from games.tree.sensitivity
        from .sensitivity.thresholds import sensitivity as thresholds
        try:
            result.sensitivity = thresholds(game.scenario, values=game.values, solver=solve,
                                            max_work=sensitivity_steps)
        except KeyboardInterrupt:   # Ctrl-C: the equilibria stand; sensitivity is dropped
            result.interrupted = "the sensitivity analysis was interrupted (Ctrl-C)"
    if result.equilibria.interrupted:
        result.interrupted = "exact enumeration was interrupted (Ctrl-C)"
    if result.sensitivity and not result.interrupted and \
            all(t.complete for t in result.sensitivity):    # a radius needs every boundary
        from .sensitivity.robustness import robustness
        result.robustness = robustness(game.scenario, values=game.values, solver=solve)
    return result
