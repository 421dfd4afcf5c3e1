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
pieces live in symbolic.py (payoffs), domain_critical.py (the systems in polynomial
rings and rational function fields; one generic linear computation),
support_systems.py (nonlinear systems over a field), factoring.py (irreducible
factors) and signs.py (sign classes). Payoffs that are not rational functions of the
free parameters (a parameter in an exponent) have none: NotRational.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

import numpy as np

from ..numbers import SymExpr
from ..errors import GameError
from ..budget import OutOfTime, check_deadline, report
from .domain_critical import (field_payoffs, linear_critical, ring_nonlinear_critical,
                              ring_payoffs)
from .factoring import dedupe, factors, field_factors, poly_key, ring_factors
from .multilinear_critical import multilinear_critical
from .support_systems import nonlinear_critical, support_system
from .symbolic import (has_pieces, make_symbols, rational, resolve_payoffs, split_expressions,
                       symbolic_payoffs)

if TYPE_CHECKING:
    from ..linalg import DomainElement
    from ..scenario.model import Scenario

__all__ = ["Critical", "NotRational", "OutOfTime", "TooComplex", "check_deadline", "critical",
           "critical_polynomials", "pure_differences", "support_profiles"]

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


class NotRational(Exception):
    """A payoff is not a rational function of the free parameters (one is in an
    exponent): there are no critical polynomials to find."""


class TooComplex(GameError):
    """The payoffs are polynomials too large in the free parameters for the support
    systems to be solved in bounded time (the message names the limit)."""


def check_size(F: np.ndarray, shape: Sequence[int]) -> None:
    """TooComplex when a payoff's degree (2 or more: linear payoffs take the linear
    critical computation, bounded by the counted budget) or coefficient size in the free
    parameters, times the number of strategies that may mix together, passes
    CRITICAL_DEGREE (CRITICAL_BITS): a bound on what the support systems' determinants
    and bases reach,
    checked before any of them is built (sympy's factoring of one degree-24 polynomial
    with 100-digit coefficients does not end within minutes, nor can it be stopped)."""
    from ..limits import CRITICAL_BITS, CRITICAL_DEGREE
    mixing = sum(k - 1 for k in shape)
    degree = bits = 0
    for e in F.flat:
        for part in ((e.numer, e.denom) if hasattr(e, "numer") else (e,)):
            for monom, c in part.terms():
                degree = max(degree, sum(monom))
                bits = max(bits, abs(c.numerator).bit_length() + c.denominator.bit_length())
    if degree > 1 and degree * mixing > CRITICAL_DEGREE or bits * mixing > CRITICAL_BITS:
        raise TooComplex(f"the payoffs reach degree {degree} in the parameters, with "
                         f"coefficients of {bits:,} bits, and {mixing} strategies may mix: "
                         f"for payoffs of degree 2 or more, degree x strategies must stay "
                         f"within {CRITICAL_DEGREE}, and bits x strategies within "
                         f"{CRITICAL_BITS:,} (games.limits), for an exact analysis")


def critical_polynomials(U: np.ndarray, symbols: Sequence[SymExpr], deadline: float | None = None
                         ) -> tuple[list[SymExpr], bool, dict[tuple, list[SymExpr]]]:
    """Every critical polynomial of a (min/max/abs-free) symbolic payoff array, whether
    the support enumeration was complete, and the polynomials of each support profile.
    Support systems run in sympy's polynomial ring Q[symbols] (fraction-free) or, when a
    payoff divides by a parameter, its rational function field; linear ones (at most
    two players mix) through the one generic `linear_critical`. NotRational when a
    payoff is neither; OutOfTime when `deadline` (time.monotonic) passes."""
    profiles, complete = support_profiles(U.shape[1:])
    pures = [tuple((j,) for j in prof)
             for prof in itertools.product(*(range(m) for m in U.shape[1:]))]
    if not symbols:                             # constants: nothing is critical
        return [], complete, {tuple(sup): [] for sup in [*pures, *profiles]}
    ring = ring_payoffs(U, symbols)
    domain = ring if ring is not None else field_payoffs(U, symbols)
    if domain is None:
        raise NotRational(", ".join(str(s) for s in symbols))
    D, F = domain
    check_size(F, U.shape[1:])
    # the ring's elements go to ring_factors, the field's to field_factors
    facs: Callable[[DomainElement], list[SymExpr]] = (
        ring_factors if ring is not None else field_factors)  # type: ignore[assignment]
    per: dict[tuple, list[Any]] = {}
    for pure in pures:
        per[pure] = [f for e in pure_differences(F, [s[0] for s in pure]) for f in facs(e)]
    for done, sup in enumerate(profiles):
        report("critical polynomials: support profiles", done, len(profiles))
        check_deadline(deadline)
        if sum(1 for s in sup if len(s) > 1) <= 2:
            found = [f for e in linear_critical(D, F, sup) for f in facs(e)]
        elif ring is not None:
            found = _ring_nonlinear(D, F, tuple(sup))
        else:
            found = [f for e in nonlinear_critical(support_system(U, sup), symbols)
                     for f in factors(e, symbols)]
        per[tuple(sup)] = found
    polys = dedupe(f for fs in per.values() for f in fs)
    return polys, complete, per


def _ring_nonlinear(R: Any, F: np.ndarray, support: tuple) -> list[SymExpr]:
    """The critical polynomials of a nonlinear support system in the ring Q[params]:
    by resultants when exactly three players mix over two strategies each
    (multilinear_critical.py, factored by python-flint), else the lex Groebner basis."""
    found = multilinear_critical(R, F, support)
    if found is not None:
        return [f for e in found for f in ring_factors(e, irreducible=True)]
    return [f for e in ring_nonlinear_critical(R, F, support)
            for f in ring_factors(e)]  # type: ignore[arg-type]  # elements of the ring R


def pure_differences(U: np.ndarray, prof: Sequence[int]) -> list[DomainElement]:
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
