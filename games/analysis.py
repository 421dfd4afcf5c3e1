"""The whole analysis the `analyze` command shows: best responses, dominance, every
equilibrium (`games.solve`) and, for a scenario with ranged parameters, the
sensitivity of the equilibria (which receives `solve` as its solver).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .budget import ProgressCallback, reporting
from .equilibrium import EquilibriumSet
from .errors import ScenarioError
from .limits import SENSITIVITY_STEPS
from .model import Game
from .solve import METHODS, solve

if TYPE_CHECKING:
    from .solvers.copies import Copies
    from .sensitivity.robustness import Robustness
    from .sensitivity.thresholds import ParameterSensitivity
    from .solvers.dominance import DominanceReport

__all__ = ["Analysis", "METHODS", "analyze", "solve"]


@dataclass(frozen=True)
class Analysis:
    """Everything `analyze` reports for one game: its dominance structure and equilibria."""

    game: Game
    best_responses: np.ndarray          # bool (n_players, *shape): a best response there?
    dominance: DominanceReport | None   # None: not analysed (a tree's large reduced form)
    equilibria: EquilibriumSet
    sensitivity: tuple[ParameterSensitivity, ...] = ()
    interrupted: str = ""               # what Ctrl-C cut short ("" when nothing was)
    robustness: Robustness | None = None    # the robustness verdict, when ranged

    def to_dict(self, extras: Mapping[str, object] | None = None) -> dict[str, object]:
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
    from . import arguments
    game = arguments.game(game)
    method = arguments.method(method)
    timeout = arguments.seconds(timeout, "timeout")
    sensitivity_steps = arguments.work(sensitivity_steps, "sensitivity_steps")
    if progress is not None and not callable(progress):
        raise ScenarioError(f"progress must be a function, not {arguments.shown(progress)}")
    if progress is None:            # keep any callback installed by the caller
        return _analyze(game, method, timeout, sensitivity, sensitivity_steps)
    with reporting(progress):
        return _analyze(game, method, timeout, sensitivity, sensitivity_steps)


def _analyze(game: Game, method: str, timeout: float | None, sensitivity: bool,
             sensitivity_steps: int | None) -> Analysis:
    """The work of `analyze`."""
    from .solvers.copies import copies_to_merge
    from .tree.large import form_too_large, pure_part, without_dominance
    large = form_too_large(game)        # a tree's reduced form beyond the limit (its
    copies = None if large else copies_to_merge(game)  # copies merged): its pure part
    if copies is not None:            # thousands of tied strategies: see solvers/copies.py
        return _analyze_merged(game, copies, method, timeout)
    from .solvers.dominance import dominance
    from .solvers.pure import best_response_mask
    if large and timeout is None and method in ("auto", "exact", "numeric"):  # pure part
        # only: a numeric search of a 256 x 256 form (Lemke-Howson in exact fractions,
        # a path per label) ran past 100 s
        eqs = pure_part(game, large)
    else:
        eqs = solve(game, method=method, timeout=timeout)
        eqs = without_dominance(eqs, large) if large else eqs
    found: tuple[ParameterSensitivity, ...] = ()
    interrupted = ""
    rob: Robustness | None = None
    is_tree = game.tree is not None     # trees: thresholds of the SPE set come from
    if sensitivity and game.scenario is not None and eqs.complete and eqs.exact \
            and method != "pure" and not is_tree:             # games.tree.sensitivity
        from .sensitivity.thresholds import sensitivity as thresholds
        try:
            found = tuple(thresholds(game.scenario, values=game.values, solver=solve,
                                     max_work=sensitivity_steps))
        except KeyboardInterrupt:   # Ctrl-C: the equilibria stand; sensitivity is dropped
            interrupted = "the sensitivity analysis was interrupted (Ctrl-C)"
        if found and not interrupted and all(s.complete for s in found):
            # robustness reads the same critical polynomials: only when every
            # parameter's thresholds were found (not cut by a budget, not an exponent)
            from .sensitivity.critical import TooComplex
            from .sensitivity.robustness import robustness
            try:
                rob = robustness(game.scenario, values=game.values, solver=solve)
            except TooComplex as exc:   # every parameter alone within the limits, not
                rob = None              # all together: the joint verdict is left out, said so
                eqs = eqs.with_notes(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
            except KeyboardInterrupt:
                interrupted = "the robustness analysis was interrupted (Ctrl-C)"
    if eqs.interrupted:
        interrupted = "exact enumeration was interrupted (Ctrl-C)"
    return Analysis(game=game, best_responses=best_response_mask(game.comparable_payoffs),
                    dominance=None if large else dominance(game), equilibria=eqs,
                    sensitivity=found, interrupted=interrupted, robustness=rob)


def _analyze_merged(game: Game, copies: "Copies", method: str,
                    timeout: float | None) -> Analysis:
    """The analysis of the game with its copies merged (each representative renamed
    'name (+N copies)'), the note naming the copies first; no sensitivity analysis
    (a copy at the baseline need not be one elsewhere in the ranges), said so."""
    from dataclasses import replace

    from .solvers.copies import copies_note, merged
    inner = _analyze(merged(game, copies, renamed=True), method, timeout, False, None)
    notes = [copies_note(game, copies)]
    if game.scenario is not None and game.scenario.parameters:
        notes.append("The sensitivity analysis was not run: with the copies merged, the "
                     "parameters' thresholds are not analysed.")
    eqs = inner.equilibria
    eqs = replace(eqs, degenerate=eqs.degenerate or copies.played(eqs.equilibria))
    return replace(inner, equilibria=eqs.with_notes(*notes, first=True))
