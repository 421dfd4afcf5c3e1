"""Symbolic payoffs: the scenario's payoff expressions as sympy expressions in the
free parameters, and their `min`, `max` and `abs` pieces (where a branch switches,
and the branch that holds at a point).

Built from our own parsed expressions (`Expr.to_sympy`), never from file text.
sympy is imported inside functions.
"""
from __future__ import annotations

import itertools
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Mapping, Sequence, cast

import numpy as np

from ..numbers import Exact, SymExpr, sympy_table

if TYPE_CHECKING:
    from ..expressions import Expr
    from ..scenario.model import Scenario


def make_symbols(free: Sequence[str]) -> tuple[SymExpr, ...]:
    """One real sympy Symbol per free parameter (named like the parameter)."""
    import sympy
    return tuple(sympy.Symbol(n, real=True) for n in free)


def symbolic_payoffs(scenario: Scenario, free: Sequence[str], values: Mapping[str, Fraction],
                     symbols: Sequence[SymExpr] | None = None) -> np.ndarray:
    """The scenario's payoffs as sympy expressions in the free parameters, every other
    parameter replaced by its exact value. Shape (n_players, *shape), dtype object."""
    syms = symbols if symbols is not None else make_symbols(free)
    table: dict[str, Any] = sympy_table(values)
    table.update(dict(zip(free, syms)))
    exprs = scenario.expressions
    out = np.empty(exprs.shape, dtype=object)
    for idx in np.ndindex(exprs.shape):
        expr: Expr = exprs[idx]  # type: ignore[assignment]  # an object array of Expr
        out[idx] = expr.to_sympy(table)
    return out


def split_expressions(payoffs: np.ndarray) -> list[SymExpr]:
    """Where `min`, `max` or `abs` switch branch: differences of their arguments."""
    import sympy
    out: list[Any] = []
    for e in payoffs.flat:
        for node in sympy.preorder_traversal(e):
            if isinstance(node, (sympy.Min, sympy.Max)):
                args = cast("tuple[sympy.Expr, ...]", node.args)
                out.extend(a - b for a, b in itertools.combinations(args, 2))
            elif isinstance(node, sympy.Abs):
                out.append(node.args[0])
    return out


def has_pieces(payoffs: np.ndarray) -> bool:
    """True when some payoff uses min, max or abs."""
    import sympy
    return any(e.has(sympy.Min, sympy.Max, sympy.Abs) for e in payoffs.flat)


def resolve_pieces(expr: SymExpr, point: Mapping[SymExpr, Exact]) -> SymExpr:
    """`expr` with every min/max/abs replaced by the branch that holds at `point`
    (a map Symbol -> exact value); polynomial/rational afterwards."""
    import sympy
    if not expr.has(sympy.Min, sympy.Max, sympy.Abs):
        return expr
    at = cast("Mapping[Any, Any]", point)     # sympy's subs takes it as it is
    args = [resolve_pieces(cast("SymExpr", a), point) for a in expr.args]
    if isinstance(expr, (sympy.Min, sympy.Max)):
        vals = [a.subs(at) for a in args]
        pick = min if isinstance(expr, sympy.Min) else max
        best = pick(range(len(args)), key=lambda k: vals[k])
        return args[best]
    if isinstance(expr, sympy.Abs):
        return args[0] if args[0].subs(at) >= 0 else -args[0]
    return cast("SymExpr", expr.func(*args))


def resolve_payoffs(payoffs: np.ndarray, point: Mapping[SymExpr, Exact]) -> np.ndarray:
    """The whole payoff array with min/max/abs resolved at `point`."""
    out = np.empty(payoffs.shape, dtype=object)
    for idx in np.ndindex(payoffs.shape):
        out[idx] = resolve_pieces(cast("SymExpr", payoffs[idx]), point)
    return out


def rational(v: Fraction) -> SymExpr:
    import sympy
    return sympy.Rational(v.numerator, v.denominator)
