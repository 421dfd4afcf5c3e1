"""The one linear critical computation (`domain_critical.linear_critical`), in a
polynomial ring and in a rational function field, against a brute force written here:
the support's indifference system solved by sympy's `linsolve` with the probabilities
summing to one, its probabilities and outside payoff gaps factored, plus the factors of
the bordered determinant of the system. Random 2-player games whose payoffs are linear
(ring) or divide by a parameter (field) in one parameter t."""
from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
import sympy

from games.sensitivity.critical import NotRational, critical_polynomials
from games.sensitivity.domain_critical import field_payoffs, linear_critical, ring_payoffs
from games.sensitivity.factoring import field_factors, ring_factors

T = sympy.Symbol("t", real=True)


def normalized_factors(expr: sympy.Expr) -> set[str]:
    """Irreducible non-constant factors of a rational expression's numerator and
    denominator, primitive with a positive leading coefficient, as text."""
    num, den = sympy.fraction(sympy.cancel(sympy.together(expr)))
    out = set()
    for part in (num, den):
        if not part.has(T):
            continue
        for f, _ in sympy.factor_list(sympy.expand(part), T)[1]:
            p = sympy.Poly(f, T)
            if p.is_ground:
                continue
            _, p = p.primitive()
            if p.LC() < 0:
                p = -p
            out.add(str(p.as_expr()))
    return out


def brute_force(U: np.ndarray, support: tuple[tuple[int, ...], ...]
                ) -> tuple[set[str], set[str]] | None:
    """(factors of the probabilities and payoff gaps, factors of the determinant) of a
    square support profile with both players mixing; None when the system has no
    unique solution for generic t."""
    ps = [[sympy.Symbol(f"x{i}_{s}") for s in sup] for i, sup in enumerate(support)]
    v = [sympy.Symbol("v0"), sympy.Symbol("v1")]

    def payoff(i: int, own: int) -> sympy.Expr:
        j = 1 - i
        cells = [(own, t) if i == 0 else (t, own) for t in support[j]]
        return sum((U[(i, *c)] * x for c, x in zip(cells, ps[j])), sympy.Integer(0))

    eqs = [payoff(i, s) - v[i] for i in range(2) for s in support[i]]
    eqs += [sum(p) - 1 for p in ps]
    unknowns = [*ps[0], *ps[1], *v]
    A, _ = sympy.linear_eq_to_matrix(eqs, unknowns)
    det = sympy.cancel(A.det())
    if det == 0:
        return None
    sol = dict(zip(unknowns, next(iter(sympy.linsolve(eqs, unknowns)))))
    found: set[str] = set()
    for x in (*ps[0], *ps[1]):
        found |= normalized_factors(sol[x])
    for i in range(2):
        for s in range(U.shape[i + 1]):
            if s not in support[i]:
                found |= normalized_factors(payoff(i, s).subs(sol) - sol[v[i]])
    return found, normalized_factors(det)


def random_game(rng: random.Random, shape: tuple[int, int], divide: bool) -> np.ndarray:
    """Payoffs a + b*t (small integers), or with `divide` some (a + b*t)/(t + c)."""
    U = np.empty((2, *shape), dtype=object)
    for idx in np.ndindex(U.shape):
        e = rng.randint(-4, 4) + rng.randint(-3, 3) * T
        if divide and rng.random() < 0.3:
            e = e / (T + rng.randint(1, 3))
        U[idx] = e
    return U


def ours(U: np.ndarray, support: tuple[tuple[int, ...], ...], ring: bool) -> set[str]:
    domain = ring_payoffs(U, (T,)) if ring else field_payoffs(U, (T,))
    assert domain is not None
    D, F = domain
    facs = ring_factors if ring else field_factors
    return {str(f) for e in linear_critical(D, F, support) for f in facs(e)}


@pytest.mark.parametrize("divide", [False, True], ids=["ring", "field"])
def test_linear_critical_matches_brute_force(divide: bool) -> None:
    rng = random.Random(14 + divide)
    checked = 0
    for _ in range(12):
        shape = (rng.randint(2, 3), rng.randint(2, 3))
        U = random_game(rng, shape, divide)
        for k in range(2, min(shape) + 1):
            for s0, s1 in itertools.product(itertools.combinations(range(shape[0]), k),
                                            itertools.combinations(range(shape[1]), k)):
                support = (s0, s1)
                truth = brute_force(U, support)
                if truth is None:
                    continue
                found, det = truth
                got = ours(U, support, ring=False)
                assert found <= got <= found | det, (U, support)
                if not divide:          # the ring path, fraction-free, finds the same
                    assert ours(U, support, ring=True) == got, (U, support)
                checked += 1
    assert checked >= 20


def test_one_mixing_player_gives_its_indifference_conditions() -> None:
    rng = random.Random(7)
    nonempty = 0
    for _ in range(10):
        U = random_game(rng, (2, 3), divide=False)
        support = ((1,), (0, 2))
        expected = normalized_factors(U[1, 1, 2] - U[1, 1, 0])
        assert ours(U, support, ring=True) == expected == ours(U, support, ring=False)
        nonempty += bool(expected)
    assert nonempty >= 5


def test_a_parameter_in_an_exponent_has_no_critical_polynomials() -> None:
    U = np.array([[[2 ** T, 0], [0, 1]], [[1, 0], [0, 1]]], dtype=object)
    with pytest.raises(NotRational):
        critical_polynomials(U, (T,))


def one_sided(U: np.ndarray, support: tuple[tuple[int, ...], ...], owner: int) -> set[str]:
    """Factors of the opponent's probabilities that make `owner` indifferent over its
    support (sympy's linsolve on owner's equations alone) and of owner's outside
    payoff gaps there: what decides the ends of the segment of equilibria along
    which the opponent, indifferent whatever owner does, mixes freely."""
    other = 1 - owner
    ps = [sympy.Symbol(f"x{s}") for s in support[other]]
    v = sympy.Symbol("v")

    def payoff(own: int) -> sympy.Expr:
        cells = [(own, t) if owner == 0 else (t, own) for t in support[other]]
        return sum((U[(owner, *c)] * x for c, x in zip(cells, ps)), sympy.Integer(0))

    eqs = [payoff(s) - v for s in support[owner]] + [sum(ps) - 1]
    sols = list(sympy.linsolve(eqs, [*ps, v]))
    if len(sols) != 1 or any(e.free_symbols - {T} for e in sols[0]):
        return set()
    sol = dict(zip([*ps, v], sols[0]))
    found: set[str] = set()
    for x in ps:
        found |= normalized_factors(sol[x])
    for s in range(U.shape[owner + 1]):
        if s not in support[owner]:
            found |= normalized_factors(payoff(s).subs(sol) - sol[v])
    return found


@pytest.mark.parametrize("divide", [False, True], ids=["ring", "field"])
@pytest.mark.parametrize("flat", [0, 1], ids=["row player", "column player"])
def test_a_player_whose_payoff_differences_ignore_the_opponent(divide: bool, flat: int
                                                               ) -> None:
    """A player whose gain from switching strategies does not depend on the
    opponent's (payoffs own(s) + other(t): a singular block, mixing freely where
    indifferent) still leaves the other player's indifference to decide where the
    ends of its segments of equilibria appear: those probabilities and gaps are
    critical, whichever player's block comes first."""
    rng = random.Random(31 + 2 * divide + flat)
    checked = 0
    for _ in range(8):
        shape = (rng.randint(2, 3), rng.randint(2, 3))
        U = random_game(rng, shape, divide)
        own = [rng.randint(-3, 3) + rng.randint(-2, 2) * T for _ in range(shape[flat])]
        rest = [rng.randint(-3, 3) for _ in range(shape[1 - flat])]
        for r, c in np.ndindex(shape):
            U[flat, r, c] = own[(r, c)[flat]] + rest[(c, r)[flat]]
        for k in range(2, min(shape) + 1):
            for support in itertools.product(itertools.combinations(range(shape[0]), k),
                                             itertools.combinations(range(shape[1]), k)):
                expected = one_sided(U, support, 1 - flat)
                got = ours(U, support, ring=False)
                assert expected <= got, (U, support, expected - got)
                if not divide:
                    assert expected <= ours(U, support, ring=True), (U, support)
                checked += bool(expected)
    assert checked >= 10
