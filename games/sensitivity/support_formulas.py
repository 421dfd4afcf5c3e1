"""Closed-form equilibrium candidates in every ranged parameter at once.

The sensitivity intervals give formulas in one parameter (the others at their
values). A page or notebook that lets several parameters move together needs, for
each support profile that can carry an equilibrium, the probabilities as formulas in
all ranged parameters: at a point, a candidate whose probabilities are a distribution
on its support and from which no player gains by deviating is an equilibrium there.

For two players every pure profile and every balanced support (equal sizes: the only
supports of isolated equilibria outside degenerate points) is solved, so at a
nondegenerate point the candidates hold every equilibrium (`complete`). For more
players the supports met along the sensitivity lines are solved (`complete` False).

The work is counted, not timed, so the page is the same on every machine: each
support system solved symbolically is one step, up to `max_work`
(games.limits.PAGE_FORMULA_STEPS by default); past it, no further system is solved
and the note says so.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..limits import PAGE_FORMULA_PARAMETERS, PAGE_FORMULA_STEPS
from .support_systems import linear_solution, support_system
from .symbolic import has_pieces, make_symbols, symbolic_payoffs
from .formulas import equilibrium_formula, pure_system, solved_profile

if TYPE_CHECKING:
    from ..equilibrium import Equilibrium
    from ..scenario.model import Scenario

MAX_SUPPORTS = 400          # support systems solved for a two-player game at most


@dataclass(frozen=True)
class SupportFormula:
    """One support profile's equilibrium candidate: per player, per strategy, the
    probability as a sympy expression in the ranged parameters (zero off the support)."""

    support: tuple[tuple[int, ...], ...]
    probabilities: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class SupportFormulas:
    """The candidates of a scenario, in the parameters `parameters`."""

    parameters: tuple[str, ...]
    symbols: tuple[Any, ...]
    formulas: tuple[SupportFormula, ...]
    complete: bool              # every equilibrium at a nondegenerate point is a candidate
    note: str = ""


def support_formulas(scenario: Scenario, values: Mapping[str, Fraction],
                     seen: Iterable[tuple[Mapping[str, Fraction], Equilibrium]] = (),
                     max_work: int = PAGE_FORMULA_STEPS) -> SupportFormulas:
    """The equilibrium candidates of `scenario` in its ranged parameters, the others at
    `values`. `seen`: (parameter point, Equilibrium) pairs found elsewhere (sensitivity
    intervals), solved for when the supports cannot all be enumerated. At most
    `max_work` support systems are solved (a count: the same result everywhere)."""
    names = tuple(n for n, p in scenario.parameters.items() if p.range is not None)
    syms = make_symbols(names)
    if len(names) > PAGE_FORMULA_PARAMETERS:        # checked before any symbolic work
        return SupportFormulas(names, syms, (), False,
                               f"{len(names):,} ranged parameters, more than the "
                               f"{PAGE_FORMULA_PARAMETERS} the formulas are written in (the "
                               "limit): keep a range on fewer parameters for joint formulas")
    U = symbolic_payoffs(scenario, names, values, syms)
    if has_pieces(U):
        return SupportFormulas(names, syms, (), False,
                               "payoffs with min, max or abs: no single formula per support")
    steps = _Steps(max_work)
    if U.shape[0] == 2:
        supports = _two_player_supports(U.shape[1:])
        if supports is not None:
            out = _solve_all(U, supports, steps)
            if out is not None:
                return SupportFormulas(names, syms, out, True)
    found = _from_seen(U, syms, names, seen, steps)
    note = "candidates are the supports met along the parameter lines"
    if steps.spent:
        note += (f"; the page's limit of {max_work:,} support systems solved (a count, the "
                 "same on every machine) was reached, so some may be missing")
    return SupportFormulas(names, syms, found, False, note)


class _Steps:
    """The count of support systems solved against the limit; `spent` once it stopped
    work."""

    def __init__(self, limit: int) -> None:
        self.limit, self.used, self.spent = limit, 0, False

    def take(self) -> bool:
        """Count one more system; False (and `spent`) when the limit is reached."""
        if self.used >= self.limit:
            self.spent = True
            return False
        self.used += 1
        return True


def _two_player_supports(shape: Sequence[int]) -> list[tuple[tuple[int, ...], ...]] | None:
    """Every pure profile and every balanced support profile (None when too many)."""
    m, n = shape
    out: list[tuple[tuple[int, ...], ...]] = []
    for k in range(1, min(m, n) + 1):
        for a in itertools.combinations(range(m), k):
            for b in itertools.combinations(range(n), k):
                out.append((a, b))
                if len(out) > MAX_SUPPORTS:
                    return None
    return out


def _solve_all(U: Any, supports: Sequence[tuple[tuple[int, ...], ...]],
               steps: _Steps) -> tuple[SupportFormula, ...] | None:
    """Solve each support system symbolically (None when the count runs out)."""
    out = []
    for sup in supports:
        if not steps.take():
            return None
        pure = all(len(s) == 1 for s in sup)
        system = pure_system(sup) if pure else support_system(U, sup)
        sol = {} if pure else linear_solution(system)
        if sol is None:
            continue        # no unique solution: a continuum or none, never isolated
        out.append(SupportFormula(tuple(sup), solved_profile(U, system, sol)))
    return tuple(out)


def _from_seen(U: Any, syms: Sequence[Any], names: Sequence[str],
               seen: Iterable[tuple[Mapping[str, Fraction], Equilibrium]],
               steps: _Steps) -> tuple[SupportFormula, ...]:
    """Formulas for the supports of equilibria found at known points (each support's
    system solved once, counted)."""
    import sympy
    out: dict[str, SupportFormula] = {}
    cache: dict = {}
    for point, eq in seen:
        if eq.support not in cache and not steps.take():
            break
        sample = {s: sympy.Rational(point[n].numerator, point[n].denominator)
                  for s, n in zip(syms, names)}
        prof = equilibrium_formula(U, sample, eq, cache)
        if prof is not None:        # one entry per solution branch, not per support
            out.setdefault(str(prof), SupportFormula(eq.support, prof))
    return tuple(out.values())
