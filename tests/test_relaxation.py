"""The speed-ups of N-player enumeration against independent results: the LP
relaxation (relaxation.py) never refutes the support of an equilibrium and its
certificate check refuses multipliers for a feasible system; the equilibrium sets
with and without the relaxation are the same exact sets; the number-field sums of
field_values.py equal FieldElement arithmetic; high-degree elements keep an exact
form; an ill-conditioned root system is certified at higher precision."""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings, strategies as st

from games.payoffs import mixture_value
from games.solvers import relaxation, support_solver
from games.solvers.box_relaxation import refuted_on_boxes
from games.solvers.algebraic import RealRoot, polynomial_expr, real_roots
from games.solvers.certified import blocks_of, certified_roots, exact_polys
from games.solvers.field_values import deviation_gains, expected_payoffs, field_of
from games.solvers.polynomial import solve_polynomial
from games.solvers.support_system import IndifferenceSystem
from tests.builders import game_from_arrays


def _support_of(eq) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(j for j, p in enumerate(probs) if p != 0) for probs in eq.profile)


def _without_relaxation(game, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(support_solver, "refuted", lambda pay, supports: False)
        m.setattr(support_solver, "BOX_LP_MIN_VARS", 10 ** 6)
        return solve_polynomial(game)


shapes = st.sampled_from([(2, 2, 2), (3, 2, 2), (2, 3, 2), (2, 2, 2, 2), (3, 3, 2)])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(shape=shapes, high=st.sampled_from([3, 99]), seed=st.integers(0, 10 ** 6))
def test_relaxation_keeps_every_equilibrium(shape, high, seed, monkeypatch):
    """Against the exact path without the relaxation: the same exact set with it (and
    with its version on boxes, box_relaxation.py, forced on every profile of 3+ mixing
    players), and neither refutes an equilibrium's support profile (games with ties
    included)."""
    arr = np.random.default_rng(seed).integers(0, high + 1, size=(len(shape), *shape))
    game = game_from_arrays(arr)
    plain = _without_relaxation(game, monkeypatch)
    with monkeypatch.context() as m:
        m.setattr(support_solver, "BOX_LP_MIN_VARS", 1)
        fast = solve_polynomial(game)
    assert fast.keys() == plain.keys()
    assert fast.complete == plain.complete
    pay = relaxation.integer_payoffs(game)
    assert pay is not None
    for eq in plain:
        supports = _support_of(eq)
        assert not relaxation.refuted(pay, supports)
        if sum(1 for s in supports if len(s) > 1) >= 3:
            assert not refuted_on_boxes(pay, supports, 64)


def test_relaxation_refutes_most_large_supports_of_a_generic_game():
    """It does work: on a 4x4x4 game (payoffs 0..99) most full-dimensional support
    profiles (three of four strategies each) are refuted."""
    arr = np.random.default_rng(7).integers(0, 100, size=(3, 4, 4, 4))
    game = game_from_arrays(arr)
    pay = relaxation.integer_payoffs(game)
    triples = list(itertools.combinations(range(4), 3))
    sizes = list(itertools.product(triples, triples, triples))
    assert len(sizes) == 64
    refuted = sum(relaxation.refuted(pay, s) for s in sizes)
    assert refuted >= len(sizes) // 2


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_certificate_check_refuses_feasible_systems(data):
    """Brute force on the certificate: rows built to vanish at a chosen w* >= 0 with
    sum 1 (so the system is feasible); no multipliers whatever may pass _proves."""
    n = data.draw(st.integers(2, 6))
    w = np.array(data.draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)))
    if w.sum() == 0:
        w[0] = 1
    rows = []
    for _ in range(data.draw(st.integers(1, 4))):
        r = np.array(data.draw(st.lists(st.integers(-9, 9), min_size=n, max_size=n)))
        rows.append(r * int(w.sum()) - int(r @ w))          # r . w = 0
    ub = [np.array(data.draw(st.lists(st.integers(-9, 0), min_size=n, max_size=n)))
          for _ in range(data.draw(st.integers(0, 3)))]            # <= 0 at any w >= 0
    a_eq = np.vstack([np.ones((1, n), dtype=np.int64), *rows]).astype(np.int64)
    a_ub = np.array(ub, dtype=np.int64).reshape(len(ub), n)
    y_eq = np.array(data.draw(st.lists(st.floats(-1, 1), min_size=len(a_eq), max_size=len(a_eq))))
    y_ub = np.array(data.draw(st.lists(st.floats(-1, 1), min_size=len(a_ub), max_size=len(a_ub))))
    assert not relaxation._proves(a_eq, a_ub, y_eq, y_ub)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_constraint_rows_match_their_definition(data):
    """Every row of the LP, written out cell by cell from the module's definition: for
    player i, deviation t (not s0) and own action s, the gain of t over s0 at the
    grid's cells with a_i = s, zero at the others; equalities for t in S_i."""
    shape = data.draw(st.lists(st.integers(1, 4), min_size=2, max_size=4).map(tuple))
    rng = np.random.default_rng(data.draw(st.integers(0, 10 ** 6)))
    pay = [rng.integers(-50, 50, size=shape).astype(np.int64) for _ in shape]
    supports = tuple(tuple(sorted(data.draw(st.sets(st.integers(0, m - 1), min_size=1,
                                                    max_size=m)))) for m in shape)
    cells = list(itertools.product(*supports))
    eq, ub = [], []
    for i, s in enumerate(supports):
        for t in range(shape[i]):
            if t == s[0]:
                continue
            for own in s:
                row = [0] * len(cells)
                for c, a in enumerate(cells):
                    if a[i] == own:
                        dev, base = list(a), list(a)
                        dev[i], base[i] = t, s[0]
                        row[c] = int(pay[i][tuple(dev)]) - int(pay[i][tuple(base)])
                (eq if t in s else ub).append(row)
    got_eq, got_ub = relaxation.constraint_rows(pay, supports)
    assert got_eq.tolist() == eq and got_ub.tolist() == ub
    assert got_eq.shape[1] == got_ub.shape[1] == len(cells)


def test_certificate_check_proves_an_infeasible_system():
    """w1 + w2 = 0 with w >= 0 contradicts w1 + w2 = 1: the multipliers (1, -1) prove it."""
    a_eq = np.array([[1, 1], [1, 1]], dtype=np.int64)
    assert relaxation._proves(a_eq, np.zeros((0, 2), dtype=np.int64),
                              np.array([1.0, -1.0]), np.zeros(0))
    assert relaxation.infeasible(a_eq[1:], np.zeros((0, 2), dtype=np.int64))


def _cubic_root() -> RealRoot:
    (root,) = [r for r in real_roots([Fraction(-2), Fraction(0), Fraction(0), Fraction(1)])]
    assert isinstance(root, RealRoot)
    return root


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10 ** 6))
def test_field_sums_equal_field_element_arithmetic(seed):
    """deviation_gains and expected_payoffs in C against the FieldElement sums of
    games.payoffs (an independent path), exactly, at a profile in Q(2^(1/3))."""
    rng = np.random.default_rng(seed)
    game = game_from_arrays(rng.integers(-5, 10, size=(3, 2, 3, 2)))
    root = _cubic_root()
    profile = []
    for m in game.shape:
        a, b = (Fraction(int(v), 7) for v in rng.integers(1, 4, size=2))
        x = root.element((a, b)) * Fraction(1, 12)          # a small irrational weight
        probs: list = [x] + [Fraction(int(v), 5) for v in rng.integers(0, 2, size=m - 2)]
        probs.append(1 - sum(probs[1:], x))
        profile.append(tuple(probs))
    profile = tuple(profile)
    assert field_of(profile) is root
    gains = deviation_gains(game, root, profile)
    pays = expected_payoffs(game, root, profile)
    for i in range(game.n_players):
        vals = game.strategy_values(i, profile)
        current = mixture_value(profile[i], vals)
        assert pays[i] == current
        for got, v in zip(gains[i], vals):
            assert got == v - current


def test_high_degree_element_keeps_an_exact_form():
    """Above MINPOLY_DEGREE the exact form is a polynomial in the root's CRootOf:
    sympy evaluates it to the element's value."""
    coeffs = [Fraction(-3)] + [Fraction(0)] * 16 + [Fraction(1)]     # x^17 - 3
    (root,) = real_roots(coeffs)
    e = root.element((Fraction(1, 2), Fraction(-2, 3), Fraction(5)))
    form = e.to_exact()
    alpha = 3 ** (1 / 17)
    assert abs(float(sympy.N(form, 30)) - (0.5 - 2 / 3 * alpha + 5 * alpha ** 2)) < 1e-12
    assert form.has(sympy.CRootOf)


@settings(max_examples=10, deadline=None)
@given(coeffs=st.lists(st.fractions(max_denominator=10 ** 30).map(lambda f: sympy.Rational(
    f.numerator, f.denominator)) | st.sampled_from([0, 1, -1]).map(sympy.Integer),
    min_size=1, max_size=20), index=st.integers(0, 2))
def test_polynomial_expr_is_what_sympy_builds(coeffs, index):
    """The sum c_k alpha^k assembled from its parts is the very expression sympy's
    evaluating constructors give (equal, same arguments, same text) for a CRootOf."""
    alpha = sympy.CRootOf(sympy.Symbol("x") ** 5 - 5 * sympy.Symbol("x") + 1, index)
    plain = sympy.Add(*(c * alpha ** k for k, c in enumerate(coeffs) if c))
    built = polynomial_expr(coeffs, alpha)
    assert built == plain and built.args == plain.args and str(built) == str(plain)


def test_ill_conditioned_full_support_is_certified():
    """A 4x4x4 game (benchmark seed) whose totally mixed system has a root with a
    Jacobian condition number near 1e10: every one of its 56 roots (the multihomogeneous
    Bezout number) is certified, the bad one at higher precision."""
    code = (4 * 16 + 4) * 16 + 4
    arr = np.random.default_rng(100_003 * code + 1).integers(0, 100, size=(3, 4, 4, 4))
    game = game_from_arrays(arr)
    supports = ((0, 1, 2, 3),) * 3
    system = IndifferenceSystem.build(game, supports)
    found = certified_roots(exact_polys(system), blocks_of(supports))
    assert found is not None and len(found.mids) == 56


@pytest.mark.parametrize("payoffs", [99])
def test_lp_payoffs_scale_fractions(payoffs):
    """Fractional payoffs are scaled per player to integers with the same signs."""
    arr = np.array([[[Fraction(1, 3), Fraction(payoffs)], [Fraction(-1, 2), 0]]] * 2,
                   dtype=object)
    game = game_from_arrays(arr)
    pay = relaxation.integer_payoffs(game)
    assert pay is not None
    for i in range(2):
        signs = np.sign(np.vectorize(float)(game.payoffs[i]))
        assert (np.sign(pay[i]) == signs).all()


def test_linprog_fallback_gives_the_same_verdicts(monkeypatch):
    """Without scipy's private HiGHS bindings the public linprog answers, the same."""
    arr = np.random.default_rng(3).integers(0, 100, size=(3, 3, 3, 3))
    pay = relaxation.integer_payoffs(game_from_arrays(arr))
    pairs = list(itertools.combinations(range(3), 2))
    profiles = list(itertools.product(pairs, pairs, pairs))
    direct = [relaxation.refuted(pay, s) for s in profiles]

    def missing(*args):
        raise ImportError("no private bindings")
    monkeypatch.setattr(relaxation, "_phase_one_highs", missing)
    assert [relaxation.refuted(pay, s) for s in profiles] == direct
    assert any(direct)
