"""Equilibria whose probabilities lie in one number field of high degree: the real
roots of the rebuilt polynomial (algebraic.integer_real_roots), the payoff sums
shared by the roots of one polynomial (field_values.gains_and_payoffs), and the
text of values that are polynomials in a CRootOf (numbers.exact_str). Oracles:
sympy's own root isolation and printer, Gambit's enumpoly (test-only: ours must
contain its set), and sums and exact checks written out here (plain products in
Q[t], reduced once at the end)."""
from __future__ import annotations

import itertools
from fractions import Fraction

import flint
import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st

from games.numbers import exact_str
from games.solvers.algebraic import FieldElement, RealRoot, integer_real_roots
from games.solvers.field_values import gains_and_payoffs
from games.solvers.polynomial import solve_polynomial
from tests.builders import game_from_arrays

GAME0_SEED = 100_003 * 0x22222       # benchmarks/randgames.py: 2x2x2x2x2 game 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-6, 6), min_size=1, max_size=4).filter(lambda c: c[-1] != 0),
       st.lists(st.integers(-6, 6), min_size=2, max_size=4).filter(lambda c: c[-1] != 0))
def test_real_roots_are_sympys(a, b):
    """Every real root once, rational ones as Fractions, the others isolated in their
    intervals: the same set as sympy's real_roots of the product."""
    x = sympy.Symbol("x")
    poly = sympy.Poly(list(reversed(a)), x) * sympy.Poly(list(reversed(b)), x)
    coeffs = [int(c) for c in reversed(poly.all_coeffs())]
    ours = integer_real_roots(coeffs)
    theirs = sorted(set(sympy.Poly(poly.as_expr(), x).real_roots()), key=lambda r: float(r))
    assert len(ours) == len(theirs)
    for root in theirs:
        if root.is_Rational:
            assert Fraction(int(root.p), int(root.q)) in ours
            continue
        holding = [r for r in ours if isinstance(r, RealRoot)
                   and bool(sympy.Rational(r.lo.numerator, r.lo.denominator) < root)
                   and bool(root < sympy.Rational(r.hi.numerator, r.hi.denominator))]
        assert len(holding) == 1
        minimal = sympy.Poly(sympy.minimal_polynomial(root, x), x)
        assert holding[0].poly == tuple(int(c) for c in reversed(minimal.all_coeffs()))


def _gains_by_hand(payoffs: np.ndarray, profile: list[list[FieldElement | Fraction]]
                   ) -> tuple[list[list[FieldElement | Fraction]], list[FieldElement | Fraction]]:
    """Each pure strategy's payoff minus the profile's, and the profile's payoffs,
    summed over every pure profile with FieldElement products: the definition."""
    n = len(profile)
    gains, pays = [], []
    for i in range(n):
        values = []
        for t in range(payoffs.shape[1 + i]):
            total: FieldElement | Fraction = Fraction(0)
            for others in itertools.product(*(range(len(p)) for j, p in enumerate(profile)
                                              if j != i)):
                a = list(others)
                a.insert(i, t)
                weight: FieldElement | Fraction = Fraction(1)
                for j in range(n):
                    if j != i:
                        weight = weight * profile[j][a[j]]
                total = total + weight * int(payoffs[(i, *a)])
            values.append(total)
        current: FieldElement | Fraction = Fraction(0)
        for t, v in enumerate(values):
            current = current + profile[i][t] * v
        gains.append([v - current for v in values])
        pays.append(current)
    return gains, pays


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sums_shared_by_two_roots_are_the_definition(seed):
    """Probabilities that are the same polynomials in alpha at both real roots of
    10 t^2 - 10 t + 1 (both in (0, 1)): the gains at the second root, read from the
    sums kept at the first, equal the ones summed by hand at that root."""
    arr = np.random.default_rng(seed).integers(-9, 10, size=(3, 2, 2, 2))
    game = game_from_arrays(arr.astype(object))
    poly = [Fraction(1), Fraction(-10), Fraction(10)]
    lows = [(Fraction(1, 10), Fraction(2, 10)), (Fraction(8, 10), Fraction(9, 10))]
    shared: dict = {}
    for lo, hi in lows:
        root = RealRoot(poly, lo, hi)
        x = root.element((Fraction(0), Fraction(1)))                 # alpha
        y = root.element((Fraction(1, 3), Fraction(1, 3)))            # (1 + alpha) / 3
        profile = [[1 - x, x], [1 - y, y], [Fraction(1, 4), Fraction(3, 4)]]
        gains, pays = gains_and_payoffs(game, root, profile, shared)
        assert (gains, list(pays)) == _gains_by_hand(arr, profile)
        assert all(g.root is root for row in gains for g in row if isinstance(g, FieldElement))
    assert len(shared) == 1                  # one entry: the second root reused it


def test_five_player_game0_contains_enumpoly_and_checks_by_hand():
    """The benchmark's 2x2x2x2x2 game 0 (13 equilibria, two of them totally mixed in
    one field of degree 44): ours contain enumpoly's 8; each irrational equilibrium's
    indifference conditions, expanded in Q[t] from the probabilities' polynomials in
    alpha with no reduction until the end, are divisible by alpha's polynomial, and
    every probability is positive."""
    gbt = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")
    from tests.test_certified import contains

    arr = np.random.default_rng(GAME0_SEED).integers(0, 100, size=(5, 2, 2, 2, 2, 2))
    game = game_from_arrays(arr.astype(object))
    ours = solve_polynomial(game)
    assert ours.complete and len(ours) == 13
    g = gbt.Game.from_arrays(*[arr[i].astype(float) for i in range(5)])
    theirs = [[[float(eq[s]) for s in pl.strategies] for pl in g.players]
              for eq in gbt.nash.enumpoly_solve(g, use_strategic=True).equilibria]
    assert len(theirs) == 8 and contains(ours, theirs)

    mixed = [e for e in ours if all(len(s) == 2 for s in e.support)]
    assert len(mixed) == 2
    for e in mixed:
        alpha = next(iter(sympy.sympify(e.profile[0][1]).atoms(sympy.CRootOf)))
        assert alpha.poly.degree() == 44
        q = _flint(alpha.poly.all_coeffs())
        x = [_in_alpha(sympy.sympify(probs[1]), alpha) for probs in e.profile]
        for i in range(5):
            # u_i(s2, x) - u_i(s1, x) contracted one other player at a time, each
            # product reduced modulo q: zero in Q(alpha)
            table = {a: flint.fmpq_poly([int(arr[(i, *a[:i], 1, *a[i:])])
                                         - int(arr[(i, *a[:i], 0, *a[i:])])])
                     for a in itertools.product((0, 1), repeat=4)}
            for j in reversed([j for j in range(5) if j != i]):
                table = {a: (table[a + (0,)] * (1 - x[j]) + table[a + (1,)] * x[j]) % q
                         for a in itertools.product((0, 1), repeat=len(next(iter(table))) - 1)}
            assert table[()].is_zero()
        ball = _real_root_ball(q, float(alpha.evalf(30)))
        with flint.ctx.workprec(40_000):      # the coefficients have 12,000 bits
            assert all(0 < v.numer()(ball) / int(v.denom()) < 1 for v in x)


def _real_root_ball(q: flint.fmpq_poly, near: float) -> flint.arb:
    """python-flint's certified ball of the real root of q nearest to `near`."""
    with flint.ctx.workprec(256):
        balls = [r.real for r, _ in q.complex_roots() if r.imag == 0]
    return min(balls, key=lambda b: abs(float(b.mid()) - near))


def _flint(coeffs_high_first: list) -> flint.fmpq_poly:
    return flint.fmpq_poly([flint.fmpq(int(sympy.Rational(c).p), int(sympy.Rational(c).q))
                            for c in reversed(coeffs_high_first)])


def _in_alpha(expr: sympy.Expr, alpha: sympy.Expr) -> flint.fmpq_poly:
    """A value written as a polynomial in alpha (a sum of rational multiples of its
    powers) as that polynomial."""
    coeffs: dict[int, sympy.Rational] = {}
    for term, c in expr.as_coefficients_dict().items():
        k = 0 if term == 1 else 1 if term == alpha else int(term.exp)
        assert term == alpha ** k
        coeffs[k] = c
    return flint.fmpq_poly([flint.fmpq(int(coeffs[k].p), int(coeffs[k].q)) if k in coeffs else 0
                            for k in range(max(coeffs) + 1)])


def test_polynomial_in_a_crootof_prints_as_sympy_does():
    """A value of a large field is a polynomial in its CRootOf: exact_str (which
    prints the CRootOf once) writes what str writes."""
    x = sympy.Symbol("x")
    r = sympy.CRootOf(x ** 7 - 3 * x - 1, 1)
    value = sympy.Rational(-5, 7) + sympy.Rational(3, 11) * r ** 3 - 2 * r ** 6 + r
    assert exact_str(value) == str(value)
    assert exact_str(value) == str(value)     # the kept text again
    assert sympy.sympify(exact_str(value)) == value


@pytest.mark.parametrize("bits", [10, 1_999, 2_000, 12_400, 40_000])
def test_long_coefficients_print_as_sympy_does(bits):
    """Integers of thousands of bits (written by python-flint in exact_str), signed,
    as numerators, denominators and integer terms: sympy's str text."""
    import sys

    rng = np.random.default_rng(bits)
    big = [int.from_bytes(rng.bytes(bits // 8 + 1), "big") >> 7 for _ in range(3)]
    x = sympy.Symbol("x")
    r = sympy.CRootOf(x ** 5 - x - 1, 0)
    value = sympy.Rational(-big[0], big[1] | 1) * r ** 3 + sympy.Rational(big[2], 7) * r \
        - sympy.Integer(big[1])
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        want = str(value)
    finally:
        sys.set_int_max_str_digits(limit)
    assert exact_str(value) == want
