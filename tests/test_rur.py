"""Points of a number field kept as g(alpha) / d(alpha)^k (games/solvers/rur.py), and
certified roots settled by interval arithmetic (games/solvers/settle.py).

Oracles, all independent of python-flint's arithmetic used by the code: sympy's
quotient ring Q[t]/(q) (its own `invert` and `rem`) for exact values, sympy's
numerical evaluation of CRootOf at 50 digits for signs and floats, a payoff sum
written out here, and, end to end, the Groebner path of the solver (power basis)
and Gambit's enumpoly (test-only)."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from games.solvers import rebuild, rur
from games.solvers.algebraic import real_roots
from games.solvers.rur import RurElement, RurField
from games.solvers.settle import INSIDE, NOT_REAL, OUTSIDE, settle

T = sympy.Symbol("t")
# irreducible over Q (Eisenstein at 2; the minimal polynomial of sqrt2 + sqrt3;
# x^5 - x - 1 has no rational root and no quadratic factor)
FIELDS = [[-2, 0, 0, 1], [1, 0, -10, 0, 1], [-1, -1, 0, 0, 0, 1]]


def _field(which: int, index: int) -> tuple[RurField, list[int], list[int]]:
    import flint

    q = FIELDS[which]
    roots = real_roots([Fraction(v) for v in q])
    d = [3, -1, 2][: len(q) - 1]
    return RurField(roots[index % len(roots)], flint.fmpq_poly(d)), q, d


def _sym(coeffs: list[int] | list[Fraction]) -> sympy.Poly:
    return sympy.Poly([sympy.Rational(Fraction(c).numerator, Fraction(c).denominator)
                       for c in reversed(list(coeffs))], T, domain="QQ")


def _power_basis(g: list[int], q: list[int], d: list[int], k: int) -> sympy.Poly:
    """g / d^k in Q[t]/(q), by sympy: g * (d^-1)^k reduced modulo q."""
    qs = _sym(q)
    inv = sympy.invert(_sym(d), qs)
    return (_sym(g) * inv ** k).rem(qs)


def _alpha_value(field: RurField, q: list[int], coeffs: sympy.Poly) -> sympy.Expr:
    roots = sympy.Poly(list(reversed(q)), T).real_roots()
    alpha = min(roots, key=lambda r: abs(float(r) - float(field.root)))
    return coeffs.as_expr().subs(T, alpha)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2), st.integers(0, 3), st.integers(0, 2),
       st.lists(st.integers(-30, 30), min_size=1, max_size=8))
def test_elements_against_sympy(which, index, k, g):
    import flint

    field, q, d = _field(which, index)
    e = RurElement(field, flint.fmpq_poly(g), k)
    basis = _power_basis(g, q, d, k)
    # zero and rational exactly as sympy's reduction says
    assert e.is_zero == basis.is_zero
    expected_rational = Fraction(int(basis.LC().p), int(basis.LC().q)) if basis.degree() == 0 \
        else (Fraction(0) if basis.is_zero else None)
    assert e.rational() == expected_rational
    # the fallback power basis is sympy's, coefficient for coefficient
    if not basis.is_zero:
        mine = [Fraction(v, e.den) for v in e.num]
        theirs = [Fraction(int(c.p), int(c.q)) for c in reversed(basis.all_coeffs())]
        assert mine == theirs
    value = sympy.N(_alpha_value(field, q, basis), 50)
    if not basis.is_zero:
        assert e.sign() == (1 if value > 0 else -1)
        assert abs(e.nearest_float() - float(value)) <= 1e-15 * max(1.0, abs(float(value)))
        # the exact form parses back to the same number
        back = sympy.sympify(str(e.to_exact()))
        assert abs(sympy.N(back - value, 40)) < sympy.Float(1e-35)


def test_rational_values_are_recognised():
    import flint

    field, q, d = _field(1, 0)
    dd = flint.fmpq_poly(d)
    qq = flint.fmpq_poly(q)
    for r, k in [(Fraction(7, 3), 1), (Fraction(-2), 2), (Fraction(5), 0),
                 (Fraction(-123456789123, 987654321987), 3)]:
        # r d^k plus a multiple of q: rational, though not visibly so (unreduced)
        g = (dd ** k) * flint.fmpq(r.numerator, r.denominator) + qq * flint.fmpq_poly([3, -1, 5])
        e = RurElement(field, g, k)
        assert e.rational() == r and e == r and hash(e) == hash(r)
        assert e.to_exact() == r
    assert RurElement(field, flint.fmpq_poly([0, 1]), 1).rational() is None
    assert RurElement(field, qq * flint.fmpq_poly([1, 1]), 2).is_zero


@given(st.integers(-10 ** 30, 10 ** 30), st.integers(1, 10 ** 30))
def test_rational_reconstruction(a, b):
    r = Fraction(a, b)
    primes = list(rur._primes())
    residues = [(r.numerator * pow(r.denominator, -1, p) % p, p) for p in primes[:4]]
    assert rur._reconstruct(residues) == r


def test_arithmetic_matches_sympy():
    import flint

    field, q, d = _field(2, 0)
    a = RurElement(field, flint.fmpq_poly([1, 2, 0, -1]), 1)
    b = RurElement(field, flint.fmpq_poly([0, 3, 1]), 2)
    pa, pb = _power_basis([1, 2, 0, -1], q, d, 1), _power_basis([0, 3, 1], q, d, 2)
    qs = _sym(q)
    third = sympy.Rational(2, 3)
    for ours, theirs in [(a + b, (pa + pb).rem(qs)), (a - b, (pa - pb).rem(qs)),
                         (a * b, (pa * pb).rem(qs)), (Fraction(2, 3) - a, (third - pa).rem(qs)),
                         (a * 5, (pa * 5).rem(qs)), (-b, (-pb).rem(qs))]:
        coeffs = [Fraction(int(c.p), int(c.q)) for c in reversed(theirs.all_coeffs())]
        assert [Fraction(v, ours.den) for v in ours.num] == coeffs
    assert (a < b) == (float(a) < float(b))


def _brute_payoffs(arr, profile_polys, qs):
    """Each player's pure-strategy payoffs and payoff in Q[t]/(q), summed over every
    pure profile (written here, independent of payoffs.py)."""
    import itertools

    n = arr.shape[0]
    shape = arr.shape[1:]
    values, pays = [], []
    for i in range(n):
        vals = []
        for s in range(shape[i]):
            total = sympy.Poly(0, T, domain="QQ")
            for prof in itertools.product(*(range(m) for m in shape)):
                if prof[i] != s:
                    continue
                term = sympy.Poly(int(arr[(i, *prof)]), T, domain="QQ")
                for j in range(n):
                    if j != i:
                        term = (term * profile_polys[j][prof[j]]).rem(qs)
                total += term
            vals.append(total)
        values.append(vals)
        pays.append(sum((profile_polys[i][s] * vals[s] for s in range(shape[i])),
                        sympy.Poly(0, T, domain="QQ")).rem(qs))
    return values, pays


@pytest.mark.parametrize("seed", [0, 1])
def test_gains_and_payoffs_against_a_sum_written_here(seed):
    """A 2x3x2 game at a profile in a cubic field (not an equilibrium): every gain and
    payoff equals the brute-force sum in sympy's Q[t]/(q), exactly."""
    import flint

    from games.model import Game

    rng = np.random.default_rng(seed)
    arr = rng.integers(-9, 10, size=(3, 2, 3, 2)).astype(object)
    game = Game.from_array(arr)
    field, q, d = _field(0, 0)
    qs = _sym(q)
    gs = [[1, 1], [1, 0, 1], [2, -1, 1], [0, 1]]       # free probabilities' numerators over d
    free = [RurElement(field, flint.fmpq_poly(g), 1) for g in gs]
    profile = [(1 - free[0], free[0]), (1 - free[1] - free[2], free[1], free[2]),
               (1 - free[3], free[3])]
    gains, pays = rur.gains_and_payoffs(game, field, profile)
    polys = [[_power_basis(g, q, d, 1) for g in gs]]
    one = sympy.Poly(1, T, domain="QQ")
    sym_profile = [[one - polys[0][0], polys[0][0]],
                   [one - polys[0][1] - polys[0][2], polys[0][1], polys[0][2]],
                   [one - polys[0][3], polys[0][3]]]
    values, sym_pays = _brute_payoffs(arr, sym_profile, qs)

    def as_poly(x):
        if isinstance(x, Fraction):
            return sympy.Poly(sympy.Rational(x.numerator, x.denominator), T, domain="QQ")
        return _sym([Fraction(v, x.den) for v in x.num])
    for i in range(3):
        assert as_poly(pays[i]) == sym_pays[i]
        for s, g in enumerate(gains[i]):
            assert as_poly(g) == (values[i][s] - sym_pays[i]).rem(qs)


def test_settle_real_inside_outside_and_complex():
    """x^2 = 1/2 and y = 1/4 (two real roots, one in the simplex of one player's two
    free probabilities x + y < 1, one outside), and x^2 = -1/4 (complex roots)."""
    half = {(2, 0): Fraction(1), (0, 0): Fraction(-1, 2)}
    fix = {(0, 1): Fraction(1), (0, 0): Fraction(-1, 4)}
    supports = ((0, 1, 2),)
    r = 0.5 ** 0.5
    where, x = settle([half, fix], supports, np.array([r, 0.25], dtype=complex), 1e-12)
    assert where == INSIDE and abs(x[0] - r) < 1e-15
    assert settle([half, fix], supports, np.array([-r, 0.25], dtype=complex), 1e-12)[0] == OUTSIDE
    big = {(2, 0): Fraction(1), (0, 0): Fraction(-4)}            # x = 2: sum above 1
    assert settle([big, fix], supports, np.array([2, 0.25], dtype=complex), 1e-12)[0] == OUTSIDE
    neg = {(2, 0): Fraction(1), (0, 0): Fraction(1, 4)}           # x = +-i/2
    where, _ = settle([neg, fix], supports, np.array([0.5j, 0.25]), 1e-12)
    assert where == NOT_REAL


def test_large_fields_go_through_the_rur_end_to_end(monkeypatch):
    """With every field of degree 2+ kept in this form, a 2x2x2x2 game's equilibria on
    the certified path are those found with the power basis (checked there exactly,
    in field_values.py) and contain enumpoly's; their exact forms evaluate to the
    same points."""
    from games.solvers import binary_systems, support_solver
    from games.solvers.polynomial import solve_polynomial
    from tests.builders import game_from_arrays
    from tests.test_certified import contains, enumpoly, keys

    made: list[int] = []
    original = RurElement.__init__

    def counting(self, field, g, k):
        made.append(field.root.degree)
        original(self, field, g, k)
    # fields of degree 2 and 9 on the certified path
    arr = np.random.default_rng([0, 2, 2, 2, 2]).integers(0, 100, size=(4, 2, 2, 2, 2)).astype(object)
    game = game_from_arrays(arr)
    with monkeypatch.context() as m:
        m.setattr(rebuild, "RUR_DEGREE", 2)
        m.setattr(RurElement, "__init__", counting)
        m.setattr(support_solver, "FAST_MIN_VARS", 1)
        m.setattr(support_solver, "FAST_MIN_BEZOUT", 1)
        m.setattr(binary_systems, "MAX_UNKNOWNS", 0)
        fast = solve_polynomial(game)
    with monkeypatch.context() as m:
        m.setattr(support_solver, "FAST_MIN_VARS", 1)
        m.setattr(support_solver, "FAST_MIN_BEZOUT", 1)
        m.setattr(binary_systems, "MAX_UNKNOWNS", 0)
        exact = solve_polynomial(game)
    assert 9 in made, "no point of the degree-9 field went through the representation"
    assert keys(fast) == keys(exact) and fast.complete == exact.complete
    for e in fast:
        for probs, floats in zip(e.profile, e.float_profile()):
            for p, f in zip(probs, floats):
                assert abs(float(sympy.N(sympy.sympify(str(p)), 30)) - f) < 1e-12
    theirs = enumpoly(arr)
    if theirs is not None:
        assert contains(fast, theirs)


def test_unrebuilt_full_support_roots_are_proven_or_refuted(monkeypatch):
    """With no rebuild allowed, a 2x2x2x2 game's full support is settled by interval
    arithmetic: the note counts as proven equilibria exactly the totally mixed
    equilibria of the normal solve (whose points it gives to 4 places), and a support
    whose roots are all refuted is settled with no note."""
    from games.solvers import binary_systems, support_solver
    from games.solvers.polynomial import solve_polynomial
    from tests.builders import game_from_arrays

    for seed in range(4):
        arr = np.random.default_rng([seed, 2, 2, 2, 2]).integers(0, 100, size=(4, 2, 2, 2, 2))
        game = game_from_arrays(arr.astype(object))
        normal = solve_polynomial(game)
        mixed = [e for e in normal if all(len(s) == 2 for s in e.support)]
        with monkeypatch.context() as m:
            m.setattr(rebuild, "REBUILD_WORK", 0)
            m.setattr(support_solver, "FAST_MIN_VARS", 1)
            m.setattr(support_solver, "FAST_MIN_BEZOUT", 1)
            m.setattr(support_solver, "GROEBNER_MIN_VARS", 4)
            m.setattr(support_solver, "GROEBNER_MAX_BEZOUT", 0)
            m.setattr(binary_systems, "MAX_UNKNOWNS", 0)
            settled = solve_polynomial(game)
        notes = [n for n in settled.notes if "s1, s2}; P2: {s1, s2}; P3: {s1, s2}; P4" in n]
        if not mixed:
            assert not notes
            continue
        assert len(notes) == 1 and not settled.complete
        count = "an equilibrium" if len(mixed) == 1 else f"{len(mixed)} equilibria"
        assert f"proven real and inside the simplex by interval arithmetic: {count}" in notes[0]
        for e in mixed:
            shown = "; ".join("(" + ", ".join(f"{p:.4f}" for p in probs) + ")"
                              for probs in e.float_profile())
            assert shown in notes[0]
