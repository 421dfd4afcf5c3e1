"""Critical expressions: the polynomials in the parameters whose signs decide the
equilibrium set.

With the payoffs as expressions in some free parameters (the others held at their
values), whether a support profile carries an equilibrium depends only on the signs
of finitely many polynomials in the free parameters:

- pure deviation differences u_i(s) - u_i(s_i', s_-i);
- for a support system that is linear in the probabilities (at most two players
  mix): the Cramer determinant, the numerators of every probability, and the
  numerators of every outside strategy's payoff gap;
- for a nonlinear support system (three or more players mix): the projections onto
  parameter space of "system and one boundary condition" (a probability is zero, an
  outside strategy earns the support payoff), of "system and singular Jacobian"
  (where real solutions appear or merge) and the leading coefficients of a lex
  Groebner basis (where solutions escape to infinity);
- for `min`, `max` and `abs`: the differences of their arguments (split points).

This module enumerates the support profiles and collects their polynomials; the
pieces live in symbolic.py (payoffs), support_systems.py and domain_critical.py (the
systems), factoring.py (irreducible factors) and signs.py (sign classes).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import numpy as np

from ..numbers import SymExpr
from ..budget import OutOfTime, check_deadline
from .domain_critical import (fast_linear_critical, field_payoffs, ring_linear_critical,
                              ring_nonlinear_critical, ring_payoffs)
from .factoring import dedupe, factors, field_factors, poly_key, ring_factors
from .support_systems import linear_critical, nonlinear_critical, support_system
from .symbolic import (has_pieces, make_symbols, rational, resolve_payoffs, split_expressions,
                       symbolic_payoffs)

if TYPE_CHECKING:
    from ..scenario.model import Scenario

__all__ = ["Critical", "OutOfTime", "check_deadline", "critical", "critical_polynomials",
           "pure_differences", "support_profiles"]

MAX_SUPPORT_PROFILES = 300      # above this, only balanced or small supports are examined
SMALL_SUPPORT = 3               # the size limit then used per player


@dataclass(frozen=True)
class Critical:
    """The critical polynomials of a scenario in some free parameters."""

    free: tuple[str, ...]
    symbols: tuple[Any, ...]                 # sympy Symbols, in `free` order
    polys: tuple[Any, ...]                   # irreducible, sign-normalized polynomials
    complete: bool = True                    # False when support enumeration was capped
    notes: tuple[str, ...] = ()
    # support profile -> indices into `polys` of the polynomials that decide whether
    # it carries an equilibrium (the min/max/abs split polynomials belong to all)
    by_support: Mapping[tuple, frozenset[int]] = field(default_factory=dict)


def support_profiles(shape: Sequence[int]) -> tuple[list[tuple[tuple[int, ...], ...]], bool]:
    """Every support profile with at least one player mixing; the flag says whether the
    list is complete. Large games keep fewer: two players only balanced supports
    (equal sizes: the only ones outside isolated degenerate points), more players only
    supports of at most SMALL_SUPPORT strategies."""
    per_player = [[c for r in range(1, k + 1) for c in itertools.combinations(range(k), r)]
                  for k in shape]
    total = int(np.prod([len(p) for p in per_player]))
    if total <= MAX_SUPPORT_PROFILES:
        profiles = itertools.product(*per_player)
        return [p for p in profiles if any(len(s) > 1 for s in p)], True
    if len(shape) == 2:
        return [(a, b) for a in per_player[0] for b in per_player[1]
                if len(a) == len(b) > 1], False
    per_player = [[c for c in opts if len(c) <= SMALL_SUPPORT] for opts in per_player]
    return [p for p in itertools.product(*per_player) if any(len(s) > 1 for s in p)], False


def critical_polynomials(U: np.ndarray, symbols: Sequence[SymExpr], deadline: float | None = None
                         ) -> tuple[list[Any], bool, dict[tuple, list[Any]]]:
    """Every critical polynomial of a (min/max/abs-free) symbolic payoff array, whether
    the support enumeration was complete, and the polynomials of each support profile.
    Linear support systems run in sympy's polynomial rings (fraction-free) or, when a
    payoff divides by a parameter, its rational function fields. OutOfTime when
    `deadline` (time.monotonic) passes."""
    ring = ring_payoffs(U, symbols) if symbols else None
    fast = None if ring is not None or not symbols else field_payoffs(U, symbols)

    def linear(sup: tuple) -> list[Any] | None:
        if ring is not None:
            return [f for e in ring_linear_critical(ring[0], ring[1], sup)
                    for f in ring_factors(e)]
        if fast is not None:
            return [f for e in fast_linear_critical(fast[0], fast[1], sup)
                    for f in field_factors(e)]
        return None

    per: dict[tuple, list[Any]] = {}
    for prof in itertools.product(*(range(m) for m in U.shape[1:])):
        sup: tuple[tuple[int, ...], ...] = tuple((j,) for j in prof)
        arr = ring[1] if ring is not None else fast[1] if fast is not None else U
        facs = ring_factors if ring is not None else field_factors if fast is not None else \
            (lambda e: factors(e, symbols))
        per[sup] = [f for e in pure_differences(arr, prof) for f in facs(e)]
    profiles, complete = support_profiles(U.shape[1:])
    for sup in profiles:
        check_deadline(deadline)
        if sum(1 for s in sup if len(s) > 1) <= 2:
            found = linear(tuple(sup))
        elif ring is not None:
            found = [f for e in ring_nonlinear_critical(ring[0], ring[1], tuple(sup))
                     for f in ring_factors(e)]
        else:
            found = None
        if found is None:
            system = support_system(U, sup)
            raw = linear_critical(system) if system.linear else \
                nonlinear_critical(system, symbols)
            found = [f for e in raw for f in factors(e, symbols)]
        per[tuple(sup)] = found
    polys = dedupe(f for fs in per.values() for f in fs)
    return polys, complete, per


def pure_differences(U: np.ndarray, prof: Sequence[int]) -> list[Any]:
    """u_i(s) - u_i(s_i', s_-i) for every player i and deviation s_i' at profile s."""
    out = []
    for i in range(U.shape[0]):
        here = U[(i, *prof)]
        for j in range(U.shape[i + 1]):
            if j != prof[i]:
                out.append(here - U[(i, *prof[:i], j, *prof[i + 1:])])
    return out


def critical(scenario: Scenario, free: Sequence[str], values: Mapping[str, Fraction],
             point: Mapping[str, Fraction] | None = None, payoffs: np.ndarray | None = None,
             deadline: float | None = None) -> Critical:
    """Critical polynomials of `scenario` in the `free` parameters (others at `values`).

    With min/max/abs in the payoffs, the split expressions are always included and the
    support-system expressions are those of the branch that holds at `point`
    (default: `values`). `payoffs`: the symbolic payoffs when already built (in
    `make_symbols(free)`); `deadline`: see `critical_polynomials`."""
    symbols = make_symbols(free)
    U = symbolic_payoffs(scenario, free, values, symbols) if payoffs is None else payoffs
    polys: list[Any] = []
    if has_pieces(U):
        for e in split_expressions(U):
            polys.extend(factors(e, symbols))
        at = {**values, **(point or {})}
        U = resolve_payoffs(U, {s: rational(at[n]) for n, s in zip(free, symbols)})
    found, complete, per = critical_polynomials(U, symbols, deadline)
    all_polys = dedupe(polys + found)
    index = {poly_key(p): k for k, p in enumerate(all_polys)}
    common = {index[poly_key(p)] for p in polys}
    by_support = {sup: frozenset(common | {index[poly_key(f)] for f in fs})
                  for sup, fs in per.items()}
    notes = () if complete else (f"more than {MAX_SUPPORT_PROFILES} support profiles: only "
                                 "balanced supports (two players) or supports of at most "
                                 f"{SMALL_SUPPORT} strategies per player were examined",)
    return Critical(tuple(free), symbols, tuple(all_polys), complete, notes, by_support)
