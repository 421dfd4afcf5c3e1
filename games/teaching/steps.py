"""Worked steps a first-year student can follow, as data (the CLI words them):

- an expected payoff term by term: 2·q + 0·(1 - q) = 2·q (one term per profile of the
  others' strategies: payoff times its probability);
- a linear system of indifference equations in two or more unknowns solved by
  substitution: isolate one unknown in one equation, substitute it into the others,
  and so on down to one equation in one unknown, then back-substitute;
- whether a 2-player game is symmetric (then the symmetric argument applies).

Everything is exact (sympy objects built from the game's payoffs, never from text).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from ..numbers import Exact, SymExpr

if TYPE_CHECKING:
    from sympy import Equality

    from ..model import Game


@dataclass(frozen=True)
class Term:
    """One term of an expected payoff: `payoff` times the probability `weight` (a
    sympy expression in the unknowns) that the others play `profile`."""

    profile: tuple[tuple[int, int], ...]     # (player, strategy) of each other player
    payoff: Exact
    weight: Any


def payoff_terms(game: Game, player: int, strategy: int,
                 probs: tuple[tuple[SymExpr, ...], ...]) -> tuple[Term, ...]:
    """The terms of player's expected payoff from `strategy`, one per pure profile of
    the others inside their supports (probabilities as given in `probs`)."""
    import sympy

    others = [j for j in range(game.n_players) if j != player]
    choices = [[k for k, p in enumerate(probs[j]) if p != 0] for j in others]
    out = []
    for combo in itertools.product(*choices):
        prof = list(combo)
        prof.insert(player, strategy)
        weight = sympy.Integer(1)
        for j, k in zip(others, combo):
            weight = weight * probs[j][k]
        out.append(Term(tuple(zip(others, combo)), game.payoff(player, tuple(prof)), weight))
    return tuple(out)


@dataclass(frozen=True)
class SolveStep:
    """One step of solving a linear system by substitution.

    kind: "isolate" (from `equation`, `symbol` = `result`), "substitute" (`result`
    replaces `symbol` in `equation`, giving `equation` after), "solve" (a one-unknown
    equation gives `symbol` = `result`), "back" (`symbol` = `result` once the later
    unknowns are known)."""

    kind: str
    symbol: str
    equation: Any            # sympy Eq (the equation the step works on, or produces)
    result: Any


def substitution_steps(equations: Sequence[Equality], unknowns: list[str]
                       ) -> tuple[SolveStep, ...]:
    """Steps solving a linear system with a unique solution by substitution; () when
    it is not linear, has fewer than two unknowns, or no unique solution."""
    import sympy

    syms = [sympy.Symbol(u) for u in unknowns]
    exprs = [sympy.expand(e.lhs - e.rhs) for e in equations]
    if len(syms) < 2 or any(sympy.Poly(e, *syms).total_degree() > 1 for e in exprs if e != 0):
        return ()
    steps: list[SolveStep] = []
    isolated: list[tuple[Any, Any]] = []
    remaining = [e for e in exprs if e != 0]
    todo = list(syms)
    while len(todo) > 1 and remaining:
        eq = remaining.pop(0)
        x = next((s for s in todo if eq.coeff(s) != 0), None)
        if x is None:
            return ()
        value = sympy.solve(eq, x)[0]
        steps.append(SolveStep("isolate", str(x), _eq(eq), value))
        isolated.append((x, value))
        todo.remove(x)
        new = []
        for other in remaining:
            after = sympy.expand(other.subs(x, value))
            steps.append(SolveStep("substitute", str(x), _eq(after), value))
            new.append(after)
        remaining = [e for e in new if e != 0]
    if len(todo) != 1 or not remaining:
        return ()
    last = todo[0]
    final = sympy.solve(remaining[0], last)
    if len(final) != 1:
        return ()
    known = {last: final[0]}
    steps.append(SolveStep("solve", str(last), _eq(remaining[0]), final[0]))
    for x, value in reversed(isolated):
        known[x] = sympy.simplify(value.subs(known))
        steps.append(SolveStep("back", str(x), sympy.Eq(x, value, evaluate=False), known[x]))
    return tuple(steps)


def _eq(expr: Any) -> Any:
    """expr = 0 as 'terms with unknowns = constant', the way a student writes it."""
    import sympy

    const = expr.as_coeff_Add()[0]
    lhs, rhs = expr - const, -const
    first = sympy.Poly(lhs, *sorted(lhs.free_symbols, key=str)).coeffs()[0] \
        if lhs.free_symbols else 1
    if first < 0:
        lhs, rhs = -lhs, -rhs
    return sympy.Eq(lhs, rhs, evaluate=False)


def is_symmetric(game: Game) -> bool:
    """A 2-player game whose players have the same strategy names and whose payoffs
    are the same up to swapping the roles: u1(a, b) = u2(b, a)."""
    if game.n_players != 2 or game.shape[0] != game.shape[1]:
        return False
    if game.players[0].strategy_names != game.players[1].strategy_names:
        return False
    n = game.shape[0]
    return all(game.payoff(0, (a, b)) == game.payoff(1, (b, a))
               for a in range(n) for b in range(n))

