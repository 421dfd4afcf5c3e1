"""`Extras`: the optional analyses of one run, by name (sweep, region map, Monte Carlo,
comparison, ordinal, robustness, teaching, tree), as cli/commands.py asks the engine
for them and the renderers show them. Types only: nothing is imported at run time.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from games.ordinal.analysis import OrdinalAnalysis
    from games.sensitivity.compare import Comparison
    from games.sensitivity.montecarlo import MonteCarloResult
    from games.sensitivity.region_map import RegionMap
    from games.sensitivity.robustness import Robustness
    from games.sensitivity.sweep import SweepResult
    from games.teaching.concepts import Concepts
    from games.teaching.dynamics import DynamicsResult
    from games.teaching.explain import Explanation
    from games.tree.analysis import TreeReport
    from games.tree.sensitivity import TreeSensitivity


class Extras(TypedDict, total=False):
    """Each optional analysis the options asked for, once it is done."""

    sweep: SweepResult
    regions: RegionMap | dict[str, object]    # a dict: the page's JSON only
    monte_carlo: MonteCarloResult
    comparison: Comparison
    ordinal: OrdinalAnalysis
    robustness: Robustness
    explanation: Explanation
    concepts: Concepts
    dynamics: DynamicsResult
    tree: TreeReport
    tree_sensitivity: list[TreeSensitivity]
