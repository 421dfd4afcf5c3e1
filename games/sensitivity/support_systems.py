"""Support systems in sympy: the indifference equations of a support profile with
their boundary conditions, and their critical expressions (Cramer's rule for linear
systems, elimination ideals for nonlinear ones). The general path, used when the
payoffs are not rational functions of the parameters (domain_critical.py is the fast
path otherwise).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..linalg import sympy_det
from ..payoffs import expected_payoff

def expected_value(U: np.ndarray, player: int, strategy: int,
                   mixes: Sequence[Sequence[tuple[int, Any]]]) -> Any:
    """Player's expected payoff from `strategy` against the others' mixtures
    (`mixes[k]`: list of (strategy index, probability expression)), expanded."""
    import sympy
    return sympy.expand(expected_payoff(U, player, strategy, mixes, sympy.Integer(1),
                                        sympy.Integer(0)))


@dataclass
class SupportSystem:
    """The indifference system of one support profile, with its boundary conditions."""

    support: tuple[tuple[int, ...], ...]
    variables: list[Any]                         # free probability symbols
    probabilities: list[list[tuple[int, Any]]]   # per player: (strategy, prob expr)
    equations: list[Any]                         # = 0
    owners: list[int]                            # the player each equation belongs to
    gaps: list[Any]                              # outside payoff - support payoff (<= 0)
    linear: bool


def support_system(U: np.ndarray, support: Sequence[Sequence[int]]) -> SupportSystem:
    """The indifference equations of a support profile: each mixing player is
    indifferent among its support; the last probability is 1 minus the others."""
    import sympy
    variables: list[Any] = []
    probs: list[list[tuple[int, Any]]] = []
    for i, sup in enumerate(support):
        xs = [sympy.Symbol(f"_p{i}_{j}") for j in sup[:-1]]
        variables.extend(xs)
        last = sympy.Integer(1) - sum(xs, sympy.Integer(0))
        probs.append(list(zip(sup, [*xs, last])))
    equations: list[Any] = []
    gaps: list[Any] = []
    owners: list[int] = []
    for i, sup in enumerate(support):
        vals = {s: expected_value(U, i, s, probs) for s in range(U.shape[i + 1])}
        base = vals[sup[0]]
        equations.extend(sympy.expand(vals[s] - base) for s in sup[1:])
        owners.extend(i for _ in sup[1:])
        gaps.extend(sympy.expand(vals[s] - base) for s in vals if s not in sup)
    mixing = sum(1 for s in support if len(s) > 1)
    return SupportSystem(tuple(tuple(s) for s in support), variables, probs, equations, owners,
                         gaps, linear=mixing <= 2)


def linear_solution(system: SupportSystem) -> tuple[dict[Any, Any] | None, list[Any]]:
    """Solve a linear support system by Cramer's rule, block by block (a mixing
    player's indifference equations involve only the other mixing player's
    probabilities).

    Returns (solution or None, critical expressions): the determinants, the
    consistency conditions of equations without unknowns, and for an
    overdetermined block the minors of its augmented matrix."""
    crit: list[Any] = []
    variables = set(system.variables)
    blocks: dict[int, list[Any]] = {}
    for eq, owner in zip(system.equations, system.owners):
        if eq.free_symbols & variables:
            blocks.setdefault(owner, []).append(eq)
        else:
            crit.append(eq)
    sol: dict[Any, Any] = {}
    complete = True
    for rows in blocks.values():
        used = set().union(*(r.free_symbols for r in rows)) & variables
        xs = [v for v in system.variables if v in used]
        part, more = _cramer(rows, xs)
        crit.extend(more)
        if part is None:
            complete = False
        else:
            sol.update(part)
    if not complete or set(sol) != variables:
        return None, crit
    return sol, crit


MAX_MINORS = 10     # consistency minors examined per overdetermined block


def _cramer(rows: list[Any], xs: list[Any]) -> tuple[dict[Any, Any] | None, list[Any]]:
    """One linear block: its solution by Cramer's rule and its critical expressions."""
    import sympy
    A, b = sympy.linear_eq_to_matrix(rows, xs)
    m, n = A.shape
    if m < n:
        return None, []
    if m > n:
        aug = A.row_join(b)
        picks = itertools.islice(itertools.combinations(range(m), n + 1), MAX_MINORS)
        return None, [sympy_det(aug.extract(list(p), list(range(n + 1)))) for p in picks]
    D = sympy_det(A)
    if D == 0:
        return None, []
    out = {}
    for k, x in enumerate(xs):
        Ak = A.copy()
        Ak[:, k] = b
        out[x] = sympy_det(Ak) / D
    return out, [D]


def linear_critical(system: SupportSystem) -> list[Any]:
    """Critical expressions of a linear support system: determinant, probability
    numerators, gap numerators (all signs that decide feasibility)."""
    import sympy
    sol, crit = linear_solution(system)
    if sol is None:
        return crit
    for plist in system.probabilities:
        for _, p in plist:
            crit.append(sympy.together(p.subs(sol)))
    for g in system.gaps:
        crit.append(sympy.together(g.subs(sol)))
    return crit


def projection(polys: list[Any], variables: Sequence[Any], params: Sequence[Any]) -> list[Any]:
    """Generators of the elimination ideal (polys) ∩ Q[params]: where in parameter
    space the system has a (complex) solution; empty when it never or always has."""
    import sympy
    polys = [sympy.numer(sympy.together(p)) for p in polys]
    G = sympy.groebner(polys, *variables, *params, order="lex")
    if G.exprs == [1]:
        return []
    vs = set(variables)
    return [g for g in G.exprs if not g.free_symbols & vs]


def nonlinear_critical(system: SupportSystem, params: Sequence[Any]) -> list[Any]:
    """Critical expressions of a polynomial support system (three or more players mix):
    boundary projections, the singular locus and the leading coefficients."""
    import sympy
    if not params:
        return []
    F = [sympy.numer(sympy.together(e)) for e in system.equations]
    xs = system.variables
    crit: list[Any] = []
    G = sympy.groebner(F, *xs, *params, order="lex")
    if G.exprs == [1]:
        return []
    for g in G.exprs:
        poly = sympy.Poly(g, *xs)
        crit.append(poly.LC())
    boundaries = [p for plist in system.probabilities for _, p in plist] + list(system.gaps)
    for b in boundaries:
        crit.extend(projection(F + [b], xs, params))
    J = sympy.Matrix(F).jacobian(xs)
    crit.extend(projection(F + [J.det(method="berkowitz")], xs, params))
    return crit
