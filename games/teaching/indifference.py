"""The indifference argument of a mixed equilibrium, symbolically: one letter per
unknown probability (p, q, r, ...), each strategy's expected payoff as a polynomial
in the others' letters, the equations that make a player indifferent across its
support, their one-unknown linear forms, and whether the system's only solution is
the equilibrium (re-solved with sympy).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Sequence

from ..linalg import linear_solve
from ..numbers import Exact, SymExpr, to_fraction
from ..payoffs import expected_payoff

if TYPE_CHECKING:
    from sympy import Equality

    from ..model import Game

MAX_SOLVE_UNKNOWNS = 6           # N-player systems re-solved symbolically up to this size
LETTERS = "pqrstuvw"
SymbolicProfile = tuple[tuple[SymExpr, ...], ...]    # probabilities in the unknowns


@dataclass(frozen=True)
class Variable:
    """A probability unknown: `symbol` stands for the probability that `player`
    plays `strategy`."""

    symbol: str
    player: int
    strategy: int


@dataclass(frozen=True)
class StrategyValue:
    """A player's expected payoff from one pure strategy against the others' mixture:
    the symbolic `expression` (sympy, in the others' probability symbols), its `value`
    at the equilibrium, and whether the strategy is in the player's support."""

    strategy: int
    expression: Any
    value: Exact
    in_support: bool


@dataclass(frozen=True)
class LinearStep:
    """A one-unknown linear equation brought to the form coefficient * symbol = constant."""

    symbol: str
    coefficient: Exact
    constant: Exact

    @property
    def solution(self) -> Exact:
        """The unknown's value, constant / coefficient."""
        return _exact(self.constant / self.coefficient)


@dataclass(frozen=True)
class Indifference:
    """One player's indifference conditions at a mixed equilibrium: its payoff from
    each strategy (`values`), the equations equating the support strategies'
    payoffs (sympy Eq), the unknowns they involve, each equation's one-unknown linear
    form when it has one, and the payoff every support strategy earns."""

    player: int
    values: tuple[StrategyValue, ...]
    equations: tuple[Any, ...]
    unknowns: tuple[str, ...]
    linear: tuple[LinearStep | None, ...]
    equilibrium_value: Exact


def player_letter(i: int) -> str:
    """The letter naming player i's probabilities: p, q, r, ... then x9, x10, ..."""
    return LETTERS[i] if i < len(LETTERS) else f"x{i + 1}_"


def probability_symbols(profile: tuple[tuple[Exact, ...], ...]) -> tuple[
        tuple[Variable, ...], SymbolicProfile]:
    """The unknowns of a support profile and each probability as an expression in them.

    A player mixing over two strategies gets one letter (p for the first, 1 - p for the
    second); over k > 2, numbered ones (p1, ..., p(k-1), and 1 minus their sum); a
    player with one strategy in its support plays it with probability 1."""
    import sympy
    variables: list[Variable] = []
    probs: list[tuple[Any, ...]] = []
    for i, vec in enumerate(profile):
        support = [j for j, p in enumerate(vec) if p != 0]
        row: list[Any] = [sympy.Integer(0)] * len(vec)
        if len(support) == 1:
            row[support[0]] = sympy.Integer(1)
        else:
            letter = player_letter(i)
            names = [letter] if len(support) == 2 else \
                [f"{letter}{k + 1}" for k in range(len(support) - 1)]
            syms = [sympy.Symbol(n) for n in names]
            for n, j, sym in zip(names, support, syms):
                variables.append(Variable(n, i, j))
                row[j] = sym
            row[support[-1]] = 1 - sum(syms)
        probs.append(tuple(row))
    return tuple(variables), tuple(probs)


def strategy_expression(game: Game, player: int, strategy: int,
                        probs: SymbolicProfile) -> SymExpr:
    """Player's expected payoff from `strategy` as a polynomial in the others'
    probability expressions (only profiles inside the others' supports count)."""
    import sympy
    mixes = [[(k, p) for k, p in enumerate(row) if p != 0] for row in probs]
    return sympy.expand(expected_payoff(game.payoffs, player, strategy, mixes,
                                        sympy.Integer(0), _rational))


def _rational(u: Exact) -> SymExpr:
    """A payoff as a sympy number (Fractions become Rationals)."""
    import sympy
    return sympy.Rational(u.numerator, u.denominator) if isinstance(u, Fraction) else u


def linear_step(equation: Equality) -> LinearStep | None:
    """The form `a * x = b` of an equation linear in a single unknown, else None."""
    import sympy
    expr = sympy.expand(equation.lhs - equation.rhs)
    free = sorted(expr.free_symbols, key=str)
    if len(free) != 1:
        return None
    x = free[0]
    poly = sympy.Poly(expr, x)
    if poly.degree() != 1:
        return None
    a, c = poly.all_coeffs()
    if a < 0:
        a, c = -a, -c
    return LinearStep(str(x), _exact(a), _exact(-c))


def indifference(game: Game, player: int, profile: tuple[tuple[Exact, ...], ...],
                 probs: SymbolicProfile) -> Indifference:
    """One player's payoff expressions and indifference equations at a mixed profile."""
    import sympy
    support = [j for j, p in enumerate(profile[player]) if p != 0]
    at_eq = game.strategy_values(player, profile)
    values = tuple(StrategyValue(s, strategy_expression(game, player, s, probs), at_eq[s],
                                 s in support) for s in range(game.shape[player]))
    in_support = [v for v in values if v.in_support]
    equations = tuple(sympy.Eq(a.expression, b.expression, evaluate=False)
                      for a, b in zip(in_support, in_support[1:]))
    unknowns = sorted({str(s) for eq in equations for s in (eq.lhs - eq.rhs).free_symbols})
    return Indifference(player, values, equations, tuple(unknowns),
                        tuple(linear_step(eq) for eq in equations), at_eq[support[0]])


def solve_indifference(game: Game, equations: Sequence[Equality],
                       variables: tuple[Variable, ...], probs: SymbolicProfile,
                       expected: dict[str, Exact]) -> tuple[
        bool | None, bool]:
    """Solve the indifference system symbolically and confirm that the equilibrium's
    probabilities are its only solution with positive probabilities on the supports.
    Returns (unique, solved); 2-player systems are linear, larger ones polynomial."""
    import sympy
    syms = [sympy.Symbol(v.symbol) for v in variables]
    if not syms:
        return True, True
    if game.n_players > 2 and len(syms) > MAX_SOLVE_UNKNOWNS:
        return None, False
    if game.n_players == 2:         # linear with rational coefficients: exact elimination
        if not equations:
            return False, True
        solved = linear_solve(linear_rows(equations, syms))
        if solved is None:
            return None, False
        return not solved[1], True
    try:
        sols = sympy.solve(equations, syms, dict=True)
    except (NotImplementedError, ValueError):
        return None, False
    inside = [s for s in sols if _in_simplex(s, syms, probs)]
    if any(set(s) != set(syms) for s in inside):
        return False, True
    return len(inside) == 1, True


def linear_rows(equations: Sequence[Equality], syms: Sequence[SymExpr]) -> list[list[Fraction]]:
    """The augmented rows [coefficients..., right-hand side] of linear sympy equations
    with rational coefficients, for `linalg.linear_solve`."""
    import sympy
    rows = []
    for eq in equations:
        poly = sympy.Poly(eq.lhs - eq.rhs, *syms)
        rows.append([to_fraction(poly.coeff_monomial(s)) for s in syms]
                    + [-to_fraction(poly.coeff_monomial(1))])
    return rows


def _in_simplex(sol: dict, syms: list[Any], probs: tuple[tuple[Any, ...], ...]) -> bool:
    """True when a symbolic solution gives every support probability a real value in (0, 1]."""
    import sympy
    if set(sol) != set(syms):
        return True   # a solution family: counted (and reported as not unique)
    for row in probs:
        for p in row:
            if p == 0:
                continue
            v = sympy.sympify(p).subs(sol)
            if v.free_symbols:
                return True
            num = complex(v.evalf(30))
            if abs(num.imag) > 1e-20 or not (0 < num.real <= 1 + 1e-20):
                return False
    return True


def _exact(x: Any) -> Exact:
    """A Fraction for a rational sympy number, the sympy value otherwise."""
    if getattr(x, "is_Rational", False) or isinstance(x, (int, Fraction)):
        return to_fraction(x)
    return x


def equation_text(equation: Equality) -> str:
    """'lhs = rhs' for a sympy Eq, in sympy's own syntax (for JSON)."""
    return f"{equation.lhs} = {equation.rhs}"
