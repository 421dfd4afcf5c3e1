"""Sweeps: the exact equilibria on a grid over one parameter, or a map over two.

The grid is exact (lo + k*(hi - lo)/(steps - 1), as Fractions). Points are grouped
by the sign vector of the critical polynomials (critical.py), evaluated with numpy on
the whole grid at once; each class is solved exactly once, and its equilibria are
carried to the other points by their closed-form formulas, evaluated in Fractions.
Every carried equilibrium passes the exact deviation check at its own point: its
deviation gains, compiled once per class from the symbolic payoffs, are evaluated
exactly there (a point where one is positive is solved from scratch). Points where
a critical polynomial vanishes, and classes whose equilibria have no formula
(continua), are solved point by point. With three or more players mixing a class is
one connected piece of its sign vector (signs.py), since one sign vector may hold
pieces with different equilibria: carried equilibria all pass their check there while
the piece's own extra ones would be missing.
"""
from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

import numpy as np

from ..display import Tabular, sweep_records
from ..budget import report
from ..equilibrium import EquilibriumSet, sort_equilibria
from ..errors import GameError
from ..limits import CRITICAL_STEPS
from ..parallel import Executor, SerialExecutor, map_keeping
from ..numbers import SymExpr, exact_str
from ..solvers.verify import check_equilibrium
from .signs import classify, deduce, learn
from .symbolic import has_pieces, make_symbols, resolve_payoffs, symbolic_payoffs
from .formulas import ClassFormulas
from .thresholds import (Solver, Structure, baseline, equilibria_dicts,
                         structure, support_names, whole)

if TYPE_CHECKING:
    from ..model import Game, Player
    from ..scenario.model import Scenario


@dataclass(frozen=True)
class SweepPoint:
    """One grid point: the swept parameters' values and the exact equilibria there."""

    values: dict[str, Fraction]
    equilibria: EquilibriumSet


@dataclass(frozen=True)
class SweepResult(Tabular):
    """A 1-D sweep (a table along the range) or a 2-D map (steps x steps cells).

    `points` are in grid order, the first name varying slowest; `labels[k]` indexes
    `structures`, the distinct equilibrium structures met (2-D: reshape to the grid)."""

    names: tuple[str, ...]
    grids: tuple[tuple[Fraction, ...], ...]
    points: Sequence[SweepPoint]    # a tuple, or built when read (region_grid.DrawnPoints)
    structures: tuple[Structure, ...]
    labels: tuple[int, ...]
    players: tuple[Any, ...] = ()
    classes: int = 0
    complete: bool = True
    interrupted: str = ""           # Ctrl-C: what was cut short; `points` are those solved
    notes: tuple[str, ...] = ()     # how the points were found, when a limit changed it

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(g) for g in self.grids)

    def label_grid(self) -> np.ndarray:
        """The structure index of every cell, shaped like the grid."""
        return np.array(self.labels, dtype=int).reshape(self.shape)

    def first_point(self, k: int) -> SweepPoint | None:
        """The first grid point with structure k (None when none has it)."""
        try:
            return self.points[self.labels.index(k)]
        except ValueError:
            return None

    def structure_label(self, k: int) -> str:
        """Words for structure k, e.g. 'x/y' or 'x+y / x' (players separated by '/')."""
        return describe_structure(self.players, self.structures[k])

    def records(self) -> list[dict]:
        """One row per grid point: the parameter values, the structure, the equilibria."""
        return sweep_records(self)

    def text(self) -> str:
        return "\n".join(f"{', '.join(f'{n}={v}' for n, v in p.values.items())}: "
                         f"{r['structure']}" for p, r in zip(self.points, self.records()))

    def caption(self) -> str:
        return f"Sweep of {', '.join(self.names)}"

    def to_dict(self, game: Game | None = None) -> list[dict]:
        """The SPEC's "sweep" list: one {"values", "equilibria"} per grid point."""
        players = game.players if game is not None else self.players
        return [{"values": {n: exact_str(v) for n, v in p.values.items()},
                 "equilibria": equilibria_dicts(p.equilibria, players),
                 "structure": self.labels[k]}
                for k, p in enumerate(self.points)]


def describe_structure(players: Sequence[Player], s: Structure) -> str:
    """A compact text for an equilibrium structure (one support per equilibrium)."""
    if not s:
        return "no equilibrium"
    parts = []
    for support, count in s:
        names = support_names(players, support)
        text = " / ".join("+".join(v) for v in names.values())
        parts.append(text if count == 1 else f"{count}x {text}")
    return "; ".join(parts)


def grid(lo: Fraction, hi: Fraction, steps: int) -> tuple[Fraction, ...]:
    """lo + k*(hi - lo)/(steps - 1) for k = 0..steps-1, exact."""
    if steps < 2:
        return (lo,)
    step = (hi - lo) / (steps - 1)
    den = lo.denominator * step.denominator // math.gcd(lo.denominator, step.denominator)
    a, b = lo.numerator * (den // lo.denominator), step.numerator * (den // step.denominator)
    return tuple(Fraction(a + k * b, den) for k in range(steps))


def sweep(scenario: Scenario, names: Sequence[str], steps: int = 11,
          values: Mapping[str, Fraction | int | str] | None = None, *, solver: Solver,
          executor: Executor | None = None,
          max_work: int | None = CRITICAL_STEPS) -> SweepResult:
    """The exact equilibria at every point of a grid over one or two ranged parameters.

    Finding the critical polynomials that group the points is counted, at most
    `max_work` support systems (None: no limit; signs.classify): past it every point is
    solved on its own, with a note, so the result is the same on every machine.

    Points solved one by one (on critical curves, or in classes without formulas)
    are solved last, as one batch on `executor` (games.parallel; the solver must then
    be picklable): the same work and the same result whatever runs it."""
    ranges = _check(scenario, names, steps)
    from .. import arguments
    max_work = arguments.work(max_work, "max_work")
    names = tuple(names)
    solve = solver
    base = baseline(scenario, values)
    grids = tuple(grid(lo, hi, steps) for lo, hi in ranges)
    if len(names) == 2:
        try:
            drawn = _from_regions(scenario, names, steps, base, solve, executor)
        except KeyboardInterrupt:   # Ctrl-C while the map was built or its points solved
            return SweepResult(names, grids, (), (), (), tuple(scenario.players), 0, False,
                               "the sweep was interrupted (Ctrl-C) while it was drawn from "
                               "its region map; no grid point was established")
        if drawn is not None:
            return drawn
    exact = [dict(zip(names, combo)) for combo in itertools.product(*grids)]
    arrays = [np.array([float(p[n]) for p in exact]) for n in names]
    classes, complete, notes = classify(scenario, names, base, arrays, lambda k: exact[k],
                                        max_work, what="the grid points")
    if len(names) == 2:
        _check_alone(scenario, classes, notes, steps)
    symbols = make_symbols(names)
    U = symbolic_payoffs(scenario, names, base, symbols)
    pieces = has_pieces(U)
    found: list[EquilibriumSet | None] = [None] * len(exact)
    shared: list[Structure | None] = [None] * len(exact)
    caches: dict[str, dict] = {}

    def game_at(k: int) -> Game:
        return scenario.game({**base, **exact[k]}, check_range=False)

    def solve_at(k: int) -> EquilibriumSet:
        return whole(solve(game_at(k)))

    known: dict[tuple, bool] = {}
    pointwise: list[int] = []
    done = 0
    stopped = ""
    try:
        for cls in sorted(classes, key=lambda c: -len(c.indices)):
            report("sweep: grid points", done, len(exact))
            done += len(cls.indices)
            rep = int(cls.indices[0])
            if cls.alone:
                pointwise.append(rep)
                continue
            Uc = resolve_payoffs(U, _point(symbols, names, exact[rep])) if pieces else U
            cache = caches.setdefault(str(Uc.tolist()) if pieces else "", {})
            eqs, forms = _by_deduction(cls, known, Uc, symbols, names, exact[rep], cache,
                                       functools.partial(game_at, rep))
            if eqs is None:
                eqs = solve_at(rep)
                learn(cls, {e.support for e in eqs}, known)
            found[rep] = eqs
            if len(cls.indices) == 1:
                continue
            if forms is None:
                forms = ClassFormulas(Uc, symbols, names, exact[rep], eqs, cache)
            same = structure(eqs)
            for k in (int(k) for k in cls.indices[1:]):
                carried = forms.checked_at(exact[k]) if forms.ok else None
                if carried is not None:
                    found[k] = replace(eqs, equilibria=tuple(carried), seconds=0.0)
                    shared[k] = same      # no probability vanishes inside a sign class
                else:
                    pointwise.append(k)
        _solve_pointwise(solve, scenario, base, exact, pointwise, found, executor)
    except KeyboardInterrupt:       # Ctrl-C: keep the points solved, in grid order
        solved_now = sum(e is not None for e in found)
        stopped = (f"the sweep was interrupted (Ctrl-C) after {solved_now:,} of "
                   f"{len(found):,} grid points; the points listed are exact, the others "
                   "were not solved")
    kept = [k for k, e in enumerate(found) if e is not None]
    solved = [e for e in found if e is not None]
    assert stopped or len(solved) == len(found)     # every point was solved or carried
    structs: dict[Structure, int] = {}
    labels = []
    for eqs, carried_structure in zip(solved, (shared[k] for k in kept)):
        s = carried_structure if carried_structure is not None else structure(eqs)
        labels.append(structs.setdefault(s, len(structs)))
    points = tuple(SweepPoint(exact[k], e) for k, e in zip(kept, solved))
    return SweepResult(names, grids, points, tuple(structs), tuple(labels),
                       tuple(scenario.players), len(classes), complete and not stopped,
                       stopped, notes)


def _check_alone(scenario: Scenario, classes: Sequence[Any], notes: Sequence[str],
                 steps: int) -> None:
    """Refuse, before any point is solved, a 2-D sweep whose points could not be grouped
    by sign class beyond the counted limit on points solved one by one
    (games.limits.SWEEP_ALONE_WORK: points x pure profiles)."""
    from ..limits import sweep_alone_problem
    alone = sum(len(c.indices) for c in classes if c.alone)
    why = notes[0].split(", so ")[0] if notes else \
        "a critical polynomial is zero or too near zero there"
    problem = sweep_alone_problem(alone, math.prod(len(p.strategies) for p in scenario.players),
                                  steps, why)
    if problem is not None:
        raise GameError(problem)


def _solve_pointwise(solve: Solver, scenario: Scenario, base: Mapping[str, Fraction],
                     exact: Sequence[dict[str, Fraction]], pointwise: Sequence[int],
                     found: list[EquilibriumSet | None], executor: Executor | None) -> None:
    """The points solved on their own: one at a time here, with progress (so Ctrl-C
    keeps those done), or as one batch on a parallel `executor`."""
    tasks = [(solve, scenario, {**base, **exact[k]}) for k in pointwise]
    # A point where a payoff is undefined (a pole, a fractional power) is refused
    # before any point is solved, not after minutes of solving the others.
    for _, _, values in tasks:
        scenario.game(values, check_range=False)
    if executor is None or executor.workers == 1:
        done = len(found) - len(pointwise)
        for n, (k, task) in enumerate(zip(pointwise, tasks)):
            report("sweep: grid points", done + n, len(found))
            found[k] = solve_point(task)
        return

    def take(i: int, eqs: EquilibriumSet) -> None:
        found[pointwise[i]] = eqs
    map_keeping(executor, solve_point, tasks, take)     # Ctrl-C: keeps those finished


def _from_regions(scenario: Scenario, names: tuple[str, ...], steps: int,
                  base: Mapping[str, Fraction], solve: Solver,
                  executor: Executor | None) -> SweepResult | None:
    """A 2-D sweep drawn from the exact region map (region_grid.py): no solving per
    point but where a region has no formula. None when the map cannot be built within
    its counted work limit (games.limits.REGION_STEPS, the same on every machine; the
    grid method then runs)."""
    from .region_grid import region_sweep
    from .regions import region_map_or_none
    rm = region_map_or_none(scenario, names, base, solve)
    if rm is None:
        return None       # no map (budget, payoffs it cannot handle): the grid method
    if rm.interrupted:          # Ctrl-C during the map: the sweep stops too
        raise KeyboardInterrupt
    if not rm.complete and not _capped_only(rm):
        return None

    def solve_many(points: list[dict[str, Fraction]]) -> list[EquilibriumSet]:
        tasks = [(solve, scenario, {**base, **p}) for p in points]
        return list((executor or SerialExecutor()).map(solve_point, tasks))
    drawn = region_sweep(rm, steps, solve_many,
                         lambda p: scenario.game({**base, **p}, check_range=False))
    return drawn if rm.complete else replace(drawn, notes=rm.notes)


def _capped_only(rm: Any) -> bool:
    """Whether a map is incomplete only because its support enumeration was capped
    (critical.py): every region solved, nothing interrupted. The grid method rests
    on the same capped critical polynomials, so the map is drawn from (and the sweep
    marked incomplete with the same note)."""
    return all(reg.structure is not None and reg.equilibria is not None
               for reg in rm.regions) and all("support profiles" in n for n in rm.notes)


def solve_point(task: tuple[Solver, Scenario, dict[str, Fraction]]) -> EquilibriumSet:
    """One grid point solved on its own (a module-level function, so that worker
    processes can run it)."""
    solve, scenario, values = task
    return whole(solve(scenario.game(values, check_range=False)))


def _by_deduction(cls: Any, known: dict, U: Any, symbols: Sequence[SymExpr], names: Sequence[str],
                  at: Mapping[str, Fraction], cache: dict,
                  game: Callable[[], Game]) -> tuple[Any, Any]:
    """A class's equilibria without solving, when its supports are known from earlier
    classes (same signs on each support's polynomials) and each has a unique formula;
    the result is checked exactly at the class's first point. (None, None) otherwise."""
    present = deduce(cls, known)
    if present is None:
        return None, None
    forms = ClassFormulas.from_supports(U, symbols, names, sorted(present), cache)
    if forms is None:
        return None, None
    eqs = sort_equilibria(forms.at(at))
    g = game()
    for e in eqs:
        if not all(isinstance(p, Fraction) for row in e.profile for p in row):
            return None, None
        if not check_equilibrium(g, e.profile).ok:
            return None, None
    return EquilibriumSet(eqs, method="exact: formulas of the sign class"), \
        _reordered(forms, eqs, at)


def _reordered(forms: ClassFormulas, eqs: list, at: Mapping[str, Fraction]) -> ClassFormulas:
    """The same formulas in the order of the sorted equilibria."""
    made = forms.at(at)
    order = [next(k for k, m in enumerate(made) if m.key() == e.key()) for e in eqs]
    forms.funcs = [forms.funcs[k] for k in order]
    return forms


def _point(symbols: Sequence[SymExpr], names: Sequence[str], values: Mapping[str, Fraction]) -> dict:
    import sympy
    return {s: sympy.Rational(values[n].numerator, values[n].denominator)
            for s, n in zip(symbols, names)}


def _check(scenario: Scenario, names: Sequence[str],
           steps: int) -> list[tuple[Fraction, Fraction]]:
    """The swept parameters' ranges; GameError for a sweep that cannot run: wrong count,
    unknown or unranged names, steps beyond the limits (games.arguments)."""
    from .. import arguments
    names = arguments.parameter_names(names, "a sweep")  # type: ignore[assignment]
    if not 1 <= len(names) <= 2:
        raise GameError("a sweep takes one parameter (a table) or two (a map)")
    if len(set(names)) != len(names):
        raise GameError("sweep the same parameter only once")
    arguments.sweep_steps(steps, len(names))
    ranges = []
    for n in names:
        arguments.parameter(scenario, n)
        rng = scenario.parameters[n].range
        if rng is None:
            raise GameError(f"parameter '{n}' has no range to sweep; give it one "
                            f"(range: [lo, hi]) in the scenario")
        ranges.append(rng)
    return ranges
