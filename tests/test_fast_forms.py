"""The fast ways of writing exact results give what the sympy ways give.

Three shortcuts are checked against sympy, on hypothesis-generated cases:
- an irrational equilibrium value's minimal polynomial (python-flint's charpoly and
  factoring) and its position among its polynomial's real roots (Arb root balls),
  which name the sympy CRootOf; and its nearest float, kept so that sorting
  equilibria needs no sympy evaluation;
- linear polynomials written as sympy prints them (the equations and inequalities of
  2-player connected sets);
- in fields of large degree, isolating intervals narrowed to certified Arb balls and
  signs read from Arb enclosures (against sympy's evaluation of the CRootOf).
Each comparison runs the solver twice, with and without the shortcut, and asks for
the same JSON strings in the same order.
"""
from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import games
import games.numbers
from games.model import Game
from games.solvers import algebraic, continua
from games.solvers.support_system import ring_of


def _sympy_minimal_polynomial(e: algebraic.FieldElement) -> tuple[int, ...]:
    """The minimal polynomial through sympy (charpoly over QQ, square-free part)."""
    from sympy.polys.domains import QQ
    from sympy.polys.matrices import DomainMatrix

    d = e.root.degree
    alpha = e.root.element((Fraction(0), Fraction(1)))
    columns, power = [], e
    for _ in range(d):
        c = list(power.c) if isinstance(power, algebraic.FieldElement) else [Fraction(power)]
        columns.append(c + [Fraction(0)] * (d - len(c)))
        power = power * alpha
    rows = [[QQ(columns[k][j].numerator, columns[k][j].denominator) for k in range(d)]
            for j in range(d)]
    char = DomainMatrix(rows, (d, d), QQ).charpoly()
    x = sympy.Dummy("x")
    q = sympy.Poly([sympy.Rational(int(c.numerator), int(c.denominator)) for c in char], x,
                   domain="QQ").sqf_part()
    return algebraic._primitive([Fraction(int(c.p), int(c.q)) for c in reversed(q.all_coeffs())])


def _answer(game: Game) -> list[Any]:
    result = games.solve(game)
    return [e.to_dict(game) for e in result]


def _sympy_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(algebraic, "real_root_index", lambda poly, e: None)
    monkeypatch.setattr(algebraic, "_minimal_polynomial", _sympy_minimal_polynomial)
    monkeypatch.setattr(algebraic, "remember_float", lambda x, v: None)
    monkeypatch.setattr(games.numbers, "_FLOATS", {})


FOUR = (2, 2, 2, 2)
GAME_WITH_CROOTOFS = np.random.default_rng([0, *FOUR]).integers(0, 100, (4, *FOUR)).tolist()


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, 99), min_size=64, max_size=64))
@example(list(np.ravel(GAME_WITH_CROOTOFS)))
def test_four_players_same_answer_as_sympy(monkeypatch: pytest.MonkeyPatch, flat: list[int]) -> None:
    """Same equilibria, same strings, same order, with the flint and float shortcuts
    and without (game k = 0 of this shape has equilibria given as CRootOfs)."""
    game = Game.from_array(np.array(flat, dtype=object).reshape((4, *FOUR)))
    fast = _answer(game)
    with monkeypatch.context() as m:
        _sympy_way(m)
        slow = _answer(game)
    assert fast == slow


def test_crootof_floats_match_sympy_evaluation() -> None:
    """The remembered floats of irrational values are sympy's own (evalf) floats."""
    game = Game.from_array(np.array(GAME_WITH_CROOTOFS, dtype=object))
    values = [p for e in games.solve(game) for probs in e.profile for p in probs
              if not isinstance(p, Fraction)]
    assert any(isinstance(v, sympy.CRootOf) or v.has(sympy.CRootOf) for v in values)
    for v in values:
        assert games.numbers.to_float(v) == float(v.evalf(30))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-30, 30), min_size=4, max_size=8))
def test_root_index_is_sympys(coeffs: list[int]) -> None:
    """real_root_index numbers a real root as sympy's CRootOf does."""
    x = sympy.Symbol("x")
    poly = sympy.Poly(list(reversed(coeffs)), x)
    if poly.degree() < 2:
        return
    for factor, _ in poly.factor_list()[1]:
        if factor.degree() < 2:
            continue
        qc = [Fraction(int(a)) for a in reversed(factor.all_coeffs())]
        for idx, ((lo, hi), _) in enumerate(factor.intervals()):
            root = algebraic.RealRoot(qc, Fraction(int(lo.p), int(lo.q)),
                                      Fraction(int(hi.p), int(hi.q)))
            alpha = root.element((Fraction(0), Fraction(1)))
            expected = float(sympy.CRootOf(factor, idx).evalf(30))
            assert algebraic.real_root_index(root.poly, alpha) == idx
            assert alpha.nearest_float() == expected
            root._ball = ()         # no certified ball: the isolating interval alone
            assert algebraic.real_root_index(root.poly, alpha) == idx
            assert alpha.nearest_float() == expected



@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(-9, 9), min_size=9, max_size=12),
       st.lists(st.integers(-5, 5), min_size=2, max_size=4))
def test_large_field_intervals_and_signs_are_sympys(coeffs: list[int], num: list[int]) -> None:
    """Roots of degree FLINT_DEGREE and more: the isolating interval narrowed to the
    certified ball still holds the root, and an element's sign read from its Arb
    enclosure is the sign of sympy's own evaluation of it (30 digits)."""
    x = sympy.Symbol("x")
    poly = sympy.Poly(list(reversed(coeffs)), x)
    for factor, _ in poly.factor_list()[1]:
        if factor.degree() < algebraic.FLINT_DEGREE:
            continue
        qc = [Fraction(int(a)) for a in reversed(factor.all_coeffs())]
        for idx, ((lo, hi), _) in enumerate(factor.intervals()):
            root = algebraic.RealRoot(qc, Fraction(int(lo.p), int(lo.q)),
                                      Fraction(int(hi.p), int(hi.q)))
            exact = sympy.CRootOf(factor, idx)
            root.refine()
            at = exact.evalf(200)         # (the ball can be far narrower than 2^-128)
            assert sympy.Rational(root.lo.numerator, root.lo.denominator) < at
            assert at < sympy.Rational(root.hi.numerator, root.hi.denominator)
            element = root.element([Fraction(v) for v in num])
            value = sum(v * exact ** k for k, v in enumerate(num)).evalf(30)
            if abs(value) > 1e-20:
                assert element.sign() == (1 if value > 0 else -1)

@settings(max_examples=200, deadline=None)
@given(st.integers(1, 13), st.data())
def test_linear_strings_are_sympys(nvars: int, data: st.DataObject) -> None:
    """Linear polynomials written directly read as sympy prints them."""
    R = ring_of(nvars)
    coeff = st.one_of(st.just(0), st.integers(-3, 3), st.integers(-10 ** 20, 10 ** 20))
    p = data.draw(coeff) * R.one
    for g in R.gens:
        p += data.draw(coeff) * g
    if not p:
        return
    q = continua._primitive(p)
    symbols = continua._symbols(nvars)
    assert continua.linear_str(q, [s.name for s in symbols]) == continua.sympy_str(q, symbols)


def _components(game: Game) -> list[Any]:
    result = games.solve(game)
    return [[e.to_dict(game) for e in result],
            [c.detail.to_dict(game) if c.detail else None for c in result.components]]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.integers(3, 5), st.integers(3, 5), st.data())
def test_connected_sets_same_as_sympy(monkeypatch: pytest.MonkeyPatch, m: int, n: int,
                                      data: st.DataObject) -> None:
    """Degenerate 2-player games (payoffs 0..2): the connected sets' descriptions are
    the same strings with sympy's printer."""
    cells = st.lists(st.integers(0, 2), min_size=m * n, max_size=m * n)
    A, B = (np.array(data.draw(cells)).reshape(m, n).tolist() for _ in range(2))
    game = Game.from_matrices(A, B)
    fast = _components(game)
    with monkeypatch.context() as mp:
        mp.setattr(continua, "linear_str", lambda p, names: None)
        slow = _components(game)
    assert fast == slow


def test_connected_sets_fixed_degenerate_game() -> None:
    """A game with a known segment of equilibria: its piece reads as sympy writes it."""
    A = [[1, 1], [0, 0]]
    B = [[1, 1], [1, 1]]
    game = Game.from_matrices(A, B)
    result = games.solve(game)
    details = [c.detail for c in result.components if c.detail and c.detail.dimension == 1]
    assert details
    piece = details[0].pieces[0]
    symbols = continua._symbols(len(piece.variables))
    for text in itertools.chain(piece.equations, piece.inequalities):
        assert text == sympy.sstr(sympy.sympify(text, locals={s.name: s for s in symbols}))
