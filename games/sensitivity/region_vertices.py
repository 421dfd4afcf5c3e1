"""Every extreme equilibrium of a 2-player region as formulas in both parameters,
continua included: each extreme point from the vertex pair that defines it.

An extreme equilibrium (x, y) of a 2-player game is a completely labelled pair of
vertices of the best-response polytopes. y (player 2's mixture, support J) is the
solution of a square system picked from the constraints tight at the region's
sample: sum(y) = 1 and u1(i, y) = v1 for |J| of player 1's rows i that tie there,
chosen independent at the sample (likewise x with player 2's columns). Solved by
Cramer's rule in the parameters, each probability and value is a rational
function. It is the same extreme equilibrium at another point of the region when

- every constraint tight at the sample stays tight: checked here identically (as a
  rational function; a tie holding only at the sample gives no formula), and
- every strict one stays strict and the basis regular: the numerator and the
  denominator of each support probability and of each non-tight row's payoff gap
  keep their sample signs. These `conditions` are checked at each point where the
  formula is used (region_grid.py, in one numpy pass with an exact fallback).

Then the formula is a vertex pair with the same labels at that point, so the same
extreme equilibrium; which extreme equilibria exist is the region map's claim (the
structure is constant on its cells). Components follow from the extreme points
(solvers.bimatrix.components), as for a direct solve.

sympy is imported inside functions.
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..linalg import field_solve, linear_solve
from ..numbers import SymExpr
from .domain_critical import field_payoffs

if TYPE_CHECKING:
    import numpy as np

    from ..equilibrium import Equilibrium

Condition = tuple[SymExpr, int]       # a polynomial and the sign it must keep


def vertex_formula(U: np.ndarray, syms: Sequence[SymExpr], sample: tuple[Fraction, Fraction],
                   e: Equilibrium, cache: dict, on: Sequence[SymExpr] = (),
                   points: Sequence[tuple[Fraction, Fraction]] = ()) -> dict[str, object] | None:
    """The equilibrium `e` of the 2-player payoffs `U` (sympy, shape (2, m, n)), found
    at the rational `sample`, as {"profile", "payoffs", "conditions"}: probabilities and
    payoffs as rational functions of `syms`, and the polynomials whose signs must hold
    at a point for them to give an extreme equilibrium there.

    A constraint tight at the sample must be tight wherever the formula is used:
    identically, or, for a region lying on curves, wherever one of the irreducible
    polynomials `on` vanishes (it divides the gap's numerator: a polynomial zero on
    a stretch of an irreducible curve is a multiple of it), or, for a region of
    isolated points, at each of its rational `points`. None otherwise, when the
    sample is not rational, or when a payoff is not a rational function."""
    if U.shape[0] != 2 or not all(isinstance(v, Fraction) for v in sample):
        return None
    if "vertex-field" not in cache:
        cache["vertex-field"] = field_payoffs(U, syms)
    found = cache["vertex-field"]
    if found is None:
        return None
    K, F = found
    m, n = U.shape[1], U.shape[2]
    A = [[F[0, i, j] for j in range(n)] for i in range(m)]     # player 1's rows
    Bt = [[F[1, i, j] for i in range(m)] for j in range(n)]    # player 2's columns
    where = _Where(K, on, points)
    y = _side(K, ("rows",), A, e.profile[1], e.payoffs[0], sample, cache, where)
    x = _side(K, ("columns",), Bt, e.profile[0], e.payoffs[1], sample, cache, where)
    if x is None or y is None:
        return None
    return {"profile": (x[0], y[0]), "payoffs": (y[1], x[1]),
            "conditions": tuple(dict.fromkeys(x[2] + y[2]))}


class _Where:
    """Where a formula is used: the whole plane, curves, or points (vertex_formula)."""

    def __init__(self, K: Any, on: Sequence[SymExpr],
                 points: Sequence[tuple[Fraction, Fraction]]) -> None:
        self.on = tuple(K.ring.from_expr(f) for f in on)
        self.points = tuple(points)
        self.key = (tuple(map(str, on)), self.points)

    def holds(self, gap: Any) -> bool:
        """Whether a gap's numerator (a polynomial) vanishes wherever the formula is
        used."""
        if gap == 0:
            return True
        if self.points:
            return all(_value(gap, p) == 0 for p in self.points)
        return any(gap.rem(f) == 0 for f in self.on)


def _side(K: Any, side: tuple, M: list[list[Any]], probs: Sequence[Any], value: Any,
          sample: tuple[Fraction, Fraction], cache: dict, where: _Where
          ) -> tuple[tuple[SymExpr, ...], SymExpr, tuple[Condition, ...]] | None:
    """One player's mixture `probs` (support J) as a vertex: M[i][j] is the other
    player's payoff (in the field K) for its strategy i against strategy j; `value`
    the other player's payoff at the sample. (mixture formulas, value formula,
    conditions) or None."""
    if not all(isinstance(p, Fraction) for p in probs) or not isinstance(value, Fraction):
        return None
    J = tuple(j for j, p in enumerate(probs) if p != 0)
    Ms = [[_value(M[i][j], sample) for j in J] for i in range(len(M))]
    gaps = [sum((Ms[i][k] * probs[j] for k, j in enumerate(J)), Fraction(0)) - value
            for i in range(len(M))]
    if any(g > 0 for g in gaps):
        return None                   # not an equilibrium at the sample
    tight = tuple(i for i, g in enumerate(gaps) if g == 0)
    basis = _basis(Ms, tight, len(J))
    if basis is None:
        return None
    key = ("vertex", side, J, basis, tight, where.key)
    if key not in cache:
        cache[key] = _solve(K, M, J, basis, tight, len(probs), where)
    solved = cache[key]
    if solved is None:
        return None
    mix, v, conditions = solved
    if any(_value(mix[j], sample) != probs[j] for j in J) or _value(v, sample) != value:
        return None
    signed = []
    for poly in conditions:
        s = _value(poly, sample)
        if s == 0:
            return None               # a strict condition tight at the sample
        signed.append((poly.as_expr(), 1 if s > 0 else -1))
    return tuple(f.as_expr() for f in mix), v.as_expr(), tuple(signed)


def _basis(Ms: list[list[Fraction]], tight: Sequence[int], k: int) -> tuple[int, ...] | None:
    """k rows of `tight` that, with the row of ones (the probabilities' sum), make the
    system in (probabilities, value) regular at the sample; the first such, in order."""
    chosen: list[int] = []
    rows: list[list[Fraction]] = [[Fraction(1)] * k + [Fraction(0)]]
    for i in tight:
        if len(chosen) == k:
            break
        trial = rows + [list(Ms[i]) + [Fraction(-1)]]
        if _rank(trial) == len(trial):
            rows, chosen = trial, chosen + [i]
    return tuple(chosen) if len(chosen) == k else None


def _rank(rows: list[list[Fraction]]) -> int:
    """The rank of a small Fraction matrix (the null space of its transpose, exactly)."""
    n = len(rows)
    cols = [[rows[r][c] for r in range(n)] + [Fraction(0)] for c in range(len(rows[0]))]
    found = linear_solve(cols)
    assert found is not None          # homogeneous: always consistent
    return n - len(found[1])


def _solve(K: Any, M: list[list[Any]], J: tuple[int, ...], basis: tuple[int, ...],
           tight: Sequence[int], size: int, where: _Where
           ) -> tuple[list[Any], Any, list[Any]] | None:
    """The basis solved in the rational function field K (Gauss-Jordan): the mixture
    (zero off J) and the value, as field elements, and the polynomials (numerators and
    the determinant) that must keep their signs; None when a row tight at the sample
    is not tight wherever the formula is used (`where`)."""
    k = len(J)
    rows = [[K.one] * k + [K.zero, K.one]]
    rows += [[M[i][j] for j in J] + [-K.one, K.zero] for i in basis]
    found: tuple[Any, list[Any]] = field_solve(K, rows)
    det, sol = found
    if det is None:
        return None
    mix = [K.zero] * size
    for c, j in enumerate(J):
        mix[j] = sol[c]
    v = sol[k]
    conditions: list[Any] = []
    for i in range(len(M)):
        gap = v - sum((M[i][j] * mix[j] for j in J), K.zero)
        if i in tight:
            if not where.holds(gap.numer):
                return None           # a tie of the sample only: no formula
            continue
        conditions += [gap.numer, gap.denom]
    for j in J:
        conditions += [mix[j].numer, mix[j].denom]
    conditions += [det.numer, det.denom]
    return mix, v, list(dict.fromkeys(c for c in conditions if not c.is_ground))


def _value(f: Any, pt: tuple[Fraction, Fraction]) -> Fraction:
    """A field element's or polynomial's exact value at a rational point."""
    if hasattr(f, "numer"):
        return _value(f.numer, pt) / _value(f.denom, pt)
    a, b = pt
    return sum((Fraction(str(c)) * a ** i * b ** j for (i, j), c in f.terms()), Fraction(0))
