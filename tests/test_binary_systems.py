"""Players mixing over two strategies each: the resultant solve (binary_systems.py),
the corner-range pruning (binary_boxes.py) and the direct sympy forms of irrational
values (algebraic.crootof, quadratic forms), against independent results: answers
derived by hand in the docstrings, a brute force written here, Gambit's
enumpoly (test-only oracle: ours must contain its set), the Groebner route of the
solver with these paths off, and sympy's CRootOf constructor."""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, example, given, settings, strategies as st

from games.solvers import binary_boxes, binary_systems, support_solver
from games.solvers.algebraic import RealRoot, crootof
from games.solvers.binary_systems import binary_points
from games.solvers.polynomial import solve_polynomial
from games.solvers.relaxation import integer_payoffs
from games.solvers.verify import max_regret_float
from tests.builders import game_from_arrays

SLOW = settings(max_examples=8, deadline=None,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture])


def _product_game(players: int) -> np.ndarray:
    """u_i(s2, a) - u_i(s1, a) = 2 (1 if every other player plays s2) - 1, u_i(s1) = 0:
    player i is indifferent when the product of the others' probabilities of s2 is
    1/2, so the only totally mixed equilibrium has every probability of s2 equal to
    2^(-1/(n-1)); with fewer players mixing, a pure player playing s2 would prefer s1
    (and one playing s1 leaves every other player's gain at -1), so the other
    equilibria are the two pure profiles 'everyone s1' and 'everyone s2'."""
    shape = (2,) * players
    arr = np.zeros((players, *shape), dtype=object)
    for i in range(players):
        for a in itertools.product((0, 1), repeat=players):
            if a[i] == 1:
                others = all(a[j] == 1 for j in range(players) if j != i)
                arr[(i, *a)] = 1 if others else -1
    return arr


@pytest.mark.parametrize("players", [3, 4])
def test_product_game_has_the_textbook_equilibria(players):
    game = game_from_arrays(_product_game(players))
    found = solve_polynomial(game)
    assert found.complete and len(found) == 3
    value = 2 ** (-1 / (players - 1))
    floats = sorted(tuple(round(p[1], 12) for p in e.float_profile()) for e in found)
    assert floats == sorted([(0.0,) * players, (1.0,) * players,
                             (round(value, 12),) * players])
    mixed = [e for e in found if 0 < e.float_profile()[0][1] < 1][0]
    x = sympy.Symbol("x")
    for probs in mixed.profile:      # each exactly the root of 2 x^(n-1) = 1
        assert sympy.minimal_polynomial(probs[1], x) == 2 * x ** (players - 1) - 1


def _by_hand(arr: np.ndarray) -> list[tuple[float, float, float]] | None:
    """The totally mixed solutions of a 2x2x2 game, derived by hand: with
    e_i(y, z) = a + b y + c z + d y z the gain of s2 over s1 for player i against the
    others' probabilities y, z of s2 (in player order), e_1 = 0 gives
    x2 = -(a1 + c1 x3) / (b1 + d1 x3) and e_2 = 0 gives x1 = -(a2 + c2 x3) / (b2 + d2 x3);
    put into e_3(x1, x2) = 0 and multiplied through by both denominators, a quadratic
    in x3. Its real roots in (0, 1) whose x1, x2 lie in (0, 1) are the solutions (None
    when a denominator or the quadratic vanishes identically: not generic)."""
    def gains(i: int) -> tuple[int, int, int, int]:
        d = [[int(arr[(i, *_insert(i, 1, y, z))] - arr[(i, *_insert(i, 0, y, z))])
              for z in (0, 1)] for y in (0, 1)]          # d[y][z] at the pure corners
        return (d[0][0], d[1][0] - d[0][0], d[0][1] - d[0][0],
                d[1][1] - d[1][0] - d[0][1] + d[0][0])
    (a1, b1, c1, d1), (a2, b2, c2, d2), (a3, b3, c3, d3) = gains(0), gains(1), gains(2)
    P = np.polynomial.Polynomial
    n2, m2 = P([-a1, -c1]), P([b1, d1])          # x2 = n2 / m2 (in x3)
    n1, m1 = P([-a2, -c2]), P([b2, d2])          # x1 = n1 / m1
    quad = a3 * m1 * m2 + b3 * n1 * m2 + c3 * n2 * m1 + d3 * n1 * n2
    if not any(quad.coef) or not any(m1.coef) or not any(m2.coef):
        return None
    out = []
    for r in quad.roots():
        if abs(r.imag) > 1e-12 or not 0 < r.real < 1:
            continue
        x3 = r.real
        if abs(m1(x3)) < 1e-9 or abs(m2(x3)) < 1e-9:
            return None
        x1, x2 = n1(x3) / m1(x3), n2(x3) / m2(x3)
        if 0 < x1 < 1 and 0 < x2 < 1:
            out.append((x1, x2, x3))
    return sorted(out)


def _insert(i: int, own: int, y: int, z: int) -> tuple[int, int, int]:
    """The pure profile with player i at `own` and the others at y, z in order."""
    rest = [y, z]
    rest.insert(i, own)
    return (rest[0], rest[1], rest[2])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 99), min_size=24, max_size=24))
def test_three_unknowns_equal_the_hand_derivation(payoffs):
    """Totally mixed 2x2x2 systems: the same points in (0, 1)^3 as the derivation."""
    arr = np.array(payoffs, dtype=object).reshape(3, 2, 2, 2)
    theirs = _by_hand(arr)
    ours = binary_points(integer_payoffs(game_from_arrays(arr)), ((0, 1),) * 3)
    if theirs is None or ours is None:      # not generic: the general route's case
        return
    mine = sorted(tuple(float(x) for x in p) for p in ours)
    assert len(mine) == len(theirs)
    for a, b in zip(mine, theirs):
        assert all(abs(x - y) < 1e-7 for x, y in zip(a, b))


def _both(game, monkeypatch):
    """The default solve, and the one with resultants and corner boxes off (the
    Groebner basis and the LP and interval tests instead)."""
    default = solve_polynomial(game)
    with monkeypatch.context() as m:
        m.setattr(binary_systems, "MAX_UNKNOWNS", 0)
        m.setattr(binary_boxes, "binary_refuted", lambda *a: False)
        m.setattr(support_solver, "FAST_MIN_VARS", 10 ** 6)
        general = solve_polynomial(game)
    return default, general


def _keys(result) -> list[tuple]:
    return sorted(tuple(round(x, 9) for probs in e.float_profile() for x in probs)
                  for e in result)


@SLOW
@given(st.lists(st.integers(0, 99), min_size=32, max_size=32))
@example([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,   # two components that the
          0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1])  # general route joins
@example([3, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0,   # a support the general
          0, 0, 0, 1, 0, 1, 0, 2, 0, 0, 2, 0, 0, 1, 0, 0])  # route leaves undecided
def test_degenerate_2x2x2x2_equal_the_general_route(monkeypatch, payoffs):
    """Payoffs 0..3 repeated (ties everywhere: continua, identically zero
    equations): the same equilibria and components as the general route."""
    small = [p % 4 for p in payoffs]
    arr = np.array(small + small[:32], dtype=object).reshape(4, 2, 2, 2, 2)
    default, general = _both(game_from_arrays(arr), monkeypatch)
    assert _keys(default) == _keys(general)
    # the corner boxes can refute a support whose algebraic set the general route
    # leaves undecided (it then says equilibria may be missing): never the reverse
    assert default.complete >= general.complete
    if any("whether it is connected was not established" in n for n in general.notes):
        # the general route joins a curved piece's endpoints without proving them
        # connected (and says so): the default's components must refine its own
        assert _refines(default, general)
    else:
        assert len(default.components) == len(general.components)


def _refines(fine, coarse) -> bool:
    """Whether every component of `fine` lies within one component of `coarse`
    (equilibria matched by their rounded profiles)."""
    def groups(result):
        keys = _keys_each(result)
        return [{keys[m] for m in c.members} for c in result.components]
    return all(any(f <= c for c in groups(coarse)) for f in groups(fine))


def _keys_each(result) -> list[tuple]:
    return [tuple(round(x, 9) for probs in e.float_profile() for x in probs) for e in result]


@SLOW
@given(st.lists(st.integers(0, 99), min_size=64, max_size=64))
def test_generic_2x2x2x2_equal_the_general_route(monkeypatch, payoffs):
    arr = np.array(payoffs, dtype=object).reshape(4, 2, 2, 2, 2)
    default, general = _both(game_from_arrays(arr), monkeypatch)
    assert _keys(default) == _keys(general)
    assert default.complete == general.complete


@pytest.mark.parametrize("k", [2])
def test_five_players_contain_enumpoly(k):
    """A benchmark 2x2x2x2x2 game (payoffs 0..99; 7 equilibria, enumpoly finds 4): ours contain enumpoly's
    equilibria (test-only oracle), and each of ours has float regret 0."""
    gbt = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")
    from tests.test_certified import contains

    arr = np.random.default_rng(100_003 * 0x22222 + k).integers(0, 100, (5, 2, 2, 2, 2, 2))
    game = game_from_arrays(arr.astype(object))
    ours = solve_polynomial(game)
    assert ours.complete
    for e in ours:
        assert max_regret_float(game, e.float_profile()) < 1e-9
    g = gbt.Game.from_arrays(*[arr[i].astype(float) for i in range(5)])
    theirs = [[[float(eq[s]) for s in pl.strategies] for pl in g.players]
              for eq in gbt.nash.enumpoly_solve(g, use_strategic=True).equilibria]
    assert len(theirs) == 4 and len(ours) == 7
    assert contains(ours, theirs)


def test_pruned_profiles_hold_no_equilibrium():
    """Every profile the corner boxes refute holds no equilibrium of the solver's
    general route (no corner boxes, no resultants), on 2x2x2x2 games."""
    for seed in range(6):
        arr = np.random.default_rng([seed, 44]).integers(0, 100, (4, 2, 2, 2, 2)).astype(object)
        game = game_from_arrays(arr)
        supports_found = {tuple(tuple(j for j, p in enumerate(probs) if p != 0)
                                for probs in e.profile) for e in solve_polynomial(game)}
        pay = integer_payoffs(game)
        assert pay is not None
        for supports in itertools.product(((0,), (1,), (0, 1)), repeat=4):
            if sum(len(s) > 1 for s in supports) >= 3 and \
                    binary_boxes.binary_refuted(pay, supports, 1e-7):
                assert supports not in supports_found


@given(st.lists(st.integers(-30, 30), min_size=4, max_size=7).filter(lambda c: c[-1] > 0))
@settings(max_examples=40, deadline=None)
def test_crootof_is_sympys(coeffs):
    """crootof builds the object sympy's CRootOf constructor builds (equal, same text)."""
    x = sympy.Symbol("x")
    q = sympy.Poly(list(reversed(coeffs)), x)
    if not q.is_irreducible or q.degree() < 3:
        return
    for index in range(len(sympy.real_roots(q))):
        ours, theirs = crootof(q, index), sympy.CRootOf(q.as_expr(), index)
        assert ours == theirs and str(ours) == str(theirs)


@given(st.integers(-40, 40), st.integers(-40, 40), st.integers(1, 40),
       st.fractions(max_denominator=50), st.fractions(max_denominator=50))
@settings(max_examples=60, deadline=None)
def test_quadratic_values_are_sympys_expansion(c0, b, a, a0, a1):
    """a0 + a1*alpha for a root alpha of a x^2 + b x + c0: the expression sympy.expand
    gives for the radical form, and the same number."""
    if b * b - 4 * a * c0 <= 0 or sympy.sqrt(b * b - 4 * a * c0).is_Rational or a1 == 0:
        return
    disc = sympy.sqrt(sympy.Integer(b * b - 4 * a * c0))
    for sgn in (1, -1):
        alpha = (-b + sgn * disc) / (2 * a)
        lo = Fraction(str(sympy.floor(alpha * 10 ** 6))) / 10 ** 6
        root = RealRoot([Fraction(c0), Fraction(b), Fraction(a)], lo, lo + Fraction(1, 10 ** 6))
        element = root.element((a0, a1))
        expected = sympy.expand(sympy.Rational(a0.numerator, a0.denominator)
                                + sympy.Rational(a1.numerator, a1.denominator) * alpha)
        ours = element.to_exact()
        assert ours == expected and str(ours) == str(expected)


def test_hand_derivation_finds_the_product_games_point():
    """The derivation itself on the 3-player product game: the point 1/sqrt(2)."""
    found = _by_hand(_product_game(3))
    assert found is not None and len(found) == 1
    assert all(abs(x - 2 ** -0.5) < 1e-12 for x in found[0])


@pytest.mark.parametrize("lo, hi", [(Fraction(-2), Fraction(-1)), (Fraction(0), Fraction(1)),
                                    (Fraction(1), Fraction(2))])
def test_complement_form_equals_a_fresh_one(lo, hi):
    """1 - e after e (a player's two probabilities) reuses e's minimal polynomial,
    shifted: the same CRootOf as built from scratch, and sympy agrees it is 1 - e."""
    poly = [Fraction(1), Fraction(-3), Fraction(0), Fraction(1)]    # x^3 - 3x + 1
    first, fresh = RealRoot(poly, lo, hi), RealRoot(poly, lo, hi)
    coeffs = (Fraction(1, 7), Fraction(2, 3), Fraction(-1, 5))
    e = first.element(coeffs)
    value = e.to_exact()
    reused = (1 - e).to_exact()
    again = (1 - fresh.element(coeffs)).to_exact()
    assert reused == again and str(reused) == str(again)
    x = sympy.Symbol("x")
    assert sympy.minimal_polynomial(reused, x) == sympy.minimal_polynomial(1 - value, x)
    assert abs(float(reused) - (1 - float(value))) < 1e-12


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_corner_values_are_the_multilinear_sums(k):
    """binary_boxes._corner_values against the sum over the 2^k pure profiles of
    value times prod (x_j or 1 - x_j), written out at every corner of random dyadic
    boxes."""
    rng = np.random.default_rng(k)
    lo = rng.integers(0, 8, (6, k)) / 8
    hi = lo + rng.integers(1, 3, (6, k)) / 16
    table = rng.integers(-99, 100, (3, 2 ** k)).astype(float)
    got = binary_boxes._corner_values(table, lo, hi)
    bits = list(itertools.product((0, 1), repeat=k))
    for b in range(len(lo)):
        for c, corner in enumerate(bits):
            x = [Fraction(hi[b, j] if corner[j] else lo[b, j]) for j in range(k)]
            for f in range(len(table)):
                want = sum(int(table[f, m]) * np.prod([x[j] if pm[j] else 1 - x[j]
                                                       for j in range(k)])
                           for m, pm in enumerate(bits))
                assert got[b, f, c] == want
