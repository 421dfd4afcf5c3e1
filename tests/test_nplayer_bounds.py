"""The N-player enumeration's per-system work bound in front of the Groebner basis,
the payoffs of irrational equilibria (taken from the sums of their exact check) and
the Arb enclosures of number-field elements, against independent results:
pygambit's enumpoly, sympy sums and sympy's evaluation of CRootOf."""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings, strategies as st

from games.solvers import binary_systems, support_solver
from games.solvers.algebraic import RealRoot, real_roots
from games.solvers.polynomial import solve_polynomial
from games.solvers.verify import check_equilibrium, max_regret_float
from tests.builders import game_from_arrays

gbt = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")


def _games_with_mixed_interior(count: int):
    """2x2x2 games (payoffs 0..99, fixed seeds) whose enumeration lists an equilibrium
    with every player mixing: (payoff array, game)."""
    found = []
    for seed in itertools.count():
        arr = np.random.default_rng([seed, 2, 2, 2]).integers(0, 100, size=(3, 2, 2, 2))
        game = game_from_arrays(arr.astype(object))
        if any(all(sum(1 for p in probs if p != 0) == 2 for probs in e.profile)
               for e in solve_polynomial(game)):
            found.append((arr, game))
            if len(found) == count:
                return found
    raise AssertionError("unreachable")


def _enumpoly(arr: np.ndarray) -> list[list[list[float]]]:
    g = gbt.Game.from_arrays(*[arr[i].astype(float) for i in range(arr.shape[0])])
    out = gbt.nash.enumpoly_solve(g, use_strategic=True)
    return [[[float(eq[s]) for s in pl.strategies] for pl in g.players] for eq in out.equilibria]


def _support_sizes(profile) -> tuple[int, ...]:
    return tuple(sum(1 for p in probs if p != 0) for probs in profile)


def test_work_bound_reports_the_support_instead_of_solving(monkeypatch):
    """With the fast paths off (certified numerics, resultants) and the Groebner
    basis's bound set to nothing, the totally mixed support (Bezout bound 2) is not
    solved: the result says it is incomplete and names that support; everything
    else is listed as before, each point an equilibrium (exact check) and every
    equilibrium enumpoly finds off the interior among ours. With the default bound
    the interior point is back."""
    for arr, game in _games_with_mixed_interior(2):
        full = solve_polynomial(game)
        assert full.complete
        with monkeypatch.context() as m:
            m.setattr(support_solver, "FAST_MIN_VARS", 10 ** 6)
            m.setattr(binary_systems, "MAX_UNKNOWNS", 2)
            m.setattr(support_solver, "GROEBNER_MIN_VARS", 1)
            m.setattr(support_solver, "GROEBNER_MAX_BEZOUT", 1)
            bounded = solve_polynomial(game)
        assert not bounded.complete
        assert any("beyond the work bound" in n and "{s1, s2}; " in n for n in bounded.notes)
        interior = [e for e in full if _support_sizes(e.profile) == (2, 2, 2)]
        assert interior and len(bounded) == len(full) - len(interior)
        for e in bounded:
            assert max_regret_float(game, e.float_profile()) < 1e-12
            if all(isinstance(p, Fraction) for probs in e.profile for p in probs):
                assert check_equilibrium(game, e.profile).ok
        ours = [e.float_profile() for e in bounded]
        for theirs in _enumpoly(arr):
            if min(sum(1 for p in probs if p > 1e-9) for probs in theirs) == 2:
                continue        # the interior: the support left unsettled
            assert any(all(abs(x - y) < 1e-6 for a, b in zip(o, theirs) for x, y in zip(a, b))
                       for o in ours)


def test_irrational_payoffs_equal_independent_sums():
    """Irrational (quadratic) interior equilibria of generic 2x2x2 games: each
    reported payoff equals the expected payoff summed here in sympy over the pure
    profiles, from the reported exact profile."""
    checked = 0
    for arr, game in _games_with_mixed_interior(6):
        for e in solve_polynomial(game):
            if all(isinstance(p, Fraction) for probs in e.profile for p in probs):
                continue
            prof = [[sympy.sympify(str(p)) for p in probs] for probs in e.profile]
            for i in range(3):
                total = sum(int(arr[i][a]) * prof[0][a[0]] * prof[1][a[1]] * prof[2][a[2]]
                            for a in itertools.product(range(2), repeat=3))
                assert sympy.simplify(total - sympy.sympify(str(e.payoffs[i]))) == 0
            checked += 1
    assert checked >= 1


@settings(max_examples=25, deadline=None)
@given(st.integers(3, 9), st.integers(0, 10 ** 6), st.integers(1, 400))
def test_field_element_enclosure_holds_its_value(degree, seed, bits):
    """Elements of Q(alpha) with coefficients of up to `bits` bits (the size the
    rebuilt 5-player points reach in thousands): their enclosure contains the value
    that sympy computes at 60 digits from alpha's CRootOf, and nearest_float is that
    value's nearest float."""
    rng = np.random.default_rng(seed)
    coeffs = [Fraction(int(v)) for v in rng.integers(-9, 10, size=degree)] + [Fraction(1)]
    coeffs[0] = Fraction(-1) if coeffs[0] == 0 else coeffs[0]
    roots = [r for r in real_roots(coeffs) if isinstance(r, RealRoot)]
    assume(roots)
    root = roots[0]
    scale = 2 ** bits
    num = [Fraction(int(rng.integers(-2 ** 62, 2 ** 62)) * scale + int(rng.integers(0, 99)),
                    scale) for _ in range(root.degree)]
    e = root.element(num)
    assume(e.rational() is None)
    alpha = root.sympy_root()
    exact = sum(sympy.Rational(v.numerator, v.denominator) * alpha ** k for k, v in enumerate(num))
    value = sympy.N(exact, 400)
    got = e.enclosure()
    if got is not None:
        lo, hi = got
        assert sympy.Rational(lo.numerator, lo.denominator) <= value
        assert value <= sympy.Rational(hi.numerator, hi.denominator)
    assert e.nearest_float() == float(value)
