"""Support systems in sympy: the indifference equations of a support profile with
their boundary conditions; a linear system's solution as expressions (Cramer's rule,
for the formulas of formulas.py), and the critical expressions of a nonlinear system
by elimination ideals (used when the payoffs divide by a parameter, so that the ring
path of domain_critical.py does not apply; linear systems' critical polynomials are
always domain_critical.py's).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..linalg import sympy_det
from ..numbers import SymExpr
from ..payoffs import expected_payoff

def expected_value(U: np.ndarray, player: int, strategy: int,
                   mixes: Sequence[Sequence[tuple[int, SymExpr]]]) -> SymExpr:
    """Player's expected payoff from `strategy` against the others' mixtures
    (`mixes[k]`: list of (strategy index, probability expression)), expanded."""
    import sympy
    return sympy.expand(expected_payoff(U, player, strategy, mixes, sympy.Integer(0)))


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


def linear_solution(system: SupportSystem) -> dict[SymExpr, SymExpr] | None:
    """Solve a linear support system by Cramer's rule, block by block (a mixing
    player's indifference equations involve only the other mixing player's
    probabilities): each probability as an expression in the parameters, or None
    when some block is not square and regular. (The signs that decide where the
    solution is feasible are `domain_critical.linear_critical`'s.)"""
    variables = set(system.variables)
    blocks: dict[int, list[Any]] = {}
    for eq, owner in zip(system.equations, system.owners):
        if eq.free_symbols & variables:
            blocks.setdefault(owner, []).append(eq)
    sol: dict[Any, Any] = {}
    for rows in blocks.values():
        used = set().union(*(r.free_symbols for r in rows)) & variables
        part = _cramer(rows, [v for v in system.variables if v in used])
        if part is None:
            return None
        sol.update(part)
    return sol if set(sol) == variables else None


def _cramer(rows: list[Any], xs: list[Any]) -> dict[Any, Any] | None:
    """One square linear block solved by Cramer's rule (None when not square and
    regular)."""
    import sympy
    A, b = sympy.linear_eq_to_matrix(rows, xs)
    if A.shape[0] != A.shape[1]:
        return None
    D = sympy_det(A)
    if D == 0:
        return None
    out = {}
    for k, x in enumerate(xs):
        Ak = A.copy()
        Ak[:, k] = b
        out[x] = sympy_det(Ak) / D
    return out


def projection(polys: list[SymExpr], variables: Sequence[SymExpr], params: Sequence[SymExpr]
               ) -> list[SymExpr]:
    """Generators of the elimination ideal (polys) ∩ Q[params]: where in parameter
    space the system has a (complex) solution; empty when it never or always has."""
    import sympy
    polys = [sympy.numer(sympy.together(p)) for p in polys]
    G = sympy.groebner(polys, *variables, *params, order="lex")
    if G.exprs == [1]:
        return []
    vs = set(variables)
    return [g for g in G.exprs if not g.free_symbols & vs]


def nonlinear_critical(system: SupportSystem, params: Sequence[SymExpr]) -> list[SymExpr]:
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
