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
"""
from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..budget import expired
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
                     max_seconds: float = 10.0) -> SupportFormulas:
    """The equilibrium candidates of `scenario` in its ranged parameters, the others at
    `values`. `seen`: (parameter point, Equilibrium) pairs found elsewhere (sensitivity
    intervals), solved for when the supports cannot all be enumerated."""
    names = tuple(n for n, p in scenario.parameters.items() if p.range is not None)
    syms = make_symbols(names)
    U = symbolic_payoffs(scenario, names, values, syms)
    if has_pieces(U):
        return SupportFormulas(names, syms, (), False,
                               "payoffs with min, max or abs: no single formula per support")
    deadline = time.monotonic() + max_seconds
    if U.shape[0] == 2:
        supports = _two_player_supports(U.shape[1:])
        if supports is not None:
            out = _solve_all(U, supports, deadline)
            if out is not None:
                return SupportFormulas(names, syms, out, True)
    return SupportFormulas(names, syms, _from_seen(U, syms, names, seen, deadline), False,
                           "candidates are the supports met along the parameter lines")


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
               deadline: float) -> tuple[SupportFormula, ...] | None:
    """Solve each support system symbolically (None when time runs out)."""
    out = []
    for sup in supports:
        if expired(deadline):
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
               deadline: float) -> tuple[SupportFormula, ...]:
    """Formulas for the supports of equilibria found at known points."""
    import sympy
    out: dict[str, SupportFormula] = {}
    cache: dict = {}
    for point, eq in seen:
        if expired(deadline):
            break
        sample = {s: sympy.Rational(point[n].numerator, point[n].denominator)
                  for s, n in zip(syms, names)}
        prof = equilibrium_formula(U, sample, eq, cache)
        if prof is not None:        # one entry per solution branch, not per support
            out.setdefault(str(prof), SupportFormula(eq.support, prof))
    return tuple(out.values())
