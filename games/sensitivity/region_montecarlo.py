"""Monte Carlo over two ranged parameters from the exact region map: each draw is a
look-up, not a solve.

The region map (regions.py) says which equilibrium supports hold in every cell of
the box. A draw's cell is the sign vector of the boundary polynomials at the draw
(region_grid.cells_of_floats: numpy, with an exact integer check near a boundary);
the draw then has its region's supports. Only draws in a region left unsolved (its
cells have irrational points only) are solved on their own, at the draw. The draws
are the same as the sign-class method's (montecarlo.py), and so are the shares:
both are exact at every draw.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from ..budget import report
from .thresholds import Solver, whole

if TYPE_CHECKING:
    from ..scenario.model import Scenario
    from .region_map import RegionMap

Support = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class RegionDraws:
    """The supports present at each group of draws, from a region map."""

    groups: tuple[tuple[frozenset[Support], np.ndarray], ...]   # supports, draw indices
    cells: int                       # cells of the map
    complete: bool
    classified: int                  # draws with an answer (all, unless interrupted)
    interrupted: bool = False        # Ctrl-C while the map was built


def region_draws(scenario: Scenario, names: Sequence[str], base: Mapping[str, Fraction],
                 arrays: Sequence[np.ndarray], solve: Solver) -> RegionDraws | None:
    """The supports at every draw (`arrays`: the two parameters' draws, floats taken
    as the rationals they are) from the region map in those two parameters; None
    when there is no map (not two parameters, a budget passed, payoffs it cannot
    handle, or an incomplete map whose separate areas were not solved). The map's
    budget is the 2-D sweep's (its default work limit); past it the sign-class
    method runs."""
    from .regions import region_map_or_none
    if len(names) != 2:
        return None
    rm = region_map_or_none(scenario, names, base, solve)
    if rm is None or _separate_areas_unsolved(scenario, rm):
        return None
    from .region_grid import cells_of_floats
    fa, fb = (np.asarray(x, dtype=float) for x in arrays)
    report("Monte Carlo: draws classified", 0, len(fa))
    cells = cells_of_floats(rm, fa, fb)
    region_of = np.array([c.region for c in rm.cells], dtype=np.int64)[cells]
    groups: list[tuple[frozenset[Support], np.ndarray]] = []
    order = np.argsort(region_of, kind="stable")
    bounds = np.searchsorted(region_of[order], np.arange(len(rm.regions) + 1))
    classified = 0
    for r, reg in enumerate(rm.regions):
        idx = order[bounds[r]:bounds[r + 1]]
        if not len(idx):
            continue
        if reg.structure is not None:
            groups.append((frozenset(s for s, _ in reg.structure), idx))
            classified += len(idx)
        elif not rm.interrupted:         # irrational-only cells: solve each draw there
            # (a solve cut short by Ctrl-C never stands for a draw: whole() raises)
            for k in idx.tolist():
                eqs = whole(solve(scenario.game({**base, names[0]: Fraction(float(fa[k])),
                                                 names[1]: Fraction(float(fb[k]))},
                                                check_range=False)))
                groups.append((frozenset(e.support for e in eqs), np.array([k])))
                classified += 1
    report("Monte Carlo: draws classified", classified, len(fa))
    return RegionDraws(tuple(groups), len(rm.cells), rm.complete, classified,
                       bool(rm.interrupted))


def _separate_areas_unsolved(scenario: Scenario, rm: RegionMap) -> bool:
    """Whether an incomplete map of a game with three or more players mixing may give
    draws in open areas another area's equilibria (its connected areas not computed:
    a sign class solved in one of its areas only, region_split.py). The sign-class
    method, exact at every draw, runs instead, as a 2-D sweep's grid method does; a
    map incomplete only by its capped support enumeration is used, as there."""
    from .sweep import _capped_only
    from .segments import may_split
    nonlinear = may_split([len(p.strategies) for p in scenario.players])
    return nonlinear and not rm.complete and not rm.interrupted and not _capped_only(rm)
