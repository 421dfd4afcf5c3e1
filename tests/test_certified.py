"""The certified numerical fast path of the N-player solver (homotopy.py, certified.py,
rebuild.py): its equilibrium sets against the exact Groebner path and Gambit's
enumpoly (test-only oracle) on hypothesis-generated games, degenerate ones included
(there it must hand over to the exact path), and its parts against textbook counts
and brute force."""
from __future__ import annotations

import atexit
import itertools
import json
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from games.solvers import binary_systems, certified, support_solver
from games.solvers.certified import (blocks_of, certified_roots, degree_pattern, exact_polys,
                                     fast_points, krawczyk)
from games.solvers.homotopy import bezout_number
from games.solvers.polynomial import solve_polynomial
from games.numbers import simplest_between as _simplest
from games.solvers.support_system import IndifferenceSystem
from games.solvers.verify import check_equilibrium, max_regret_float
from tests.builders import game_from_arrays
from tests.test_oracle import Gambit

gbt = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")


def keys(result) -> list[tuple]:
    """An equilibrium set as sorted float profiles (rounded), for comparing two runs."""
    return sorted(tuple(round(x, 9) for probs in e.float_profile() for x in probs)
                  for e in result)


def both_paths(game, monkeypatch) -> tuple:
    """The equilibrium set with the fast path on every polynomial support, and with
    the exact path only; and how often the fast path answered and handed over."""
    calls = {"answered": 0, "handed over": 0}
    original = certified.fast_points

    def counting(*args, **kwargs):
        out = original(*args, **kwargs)
        calls["answered" if out is not None else "handed over"] += 1
        return out

    with monkeypatch.context() as m:
        m.setattr(support_solver, "FAST_MIN_VARS", 1)
        m.setattr(support_solver, "FAST_MIN_BEZOUT", 1)
        m.setattr(certified, "fast_points", counting)
        m.setattr(binary_systems, "MAX_UNKNOWNS", 0)    # resultants: test_binary_systems
        fast = solve_polynomial(game)
    with monkeypatch.context() as m:
        m.setattr(binary_systems, "MAX_UNKNOWNS", 0)
        m.setattr(support_solver, "FAST_MIN_VARS", 10 ** 6)
        exact = solve_polynomial(game)
    return fast, exact, calls


ENUMPOLY_SECONDS = 60.0
_GAMBIT = Gambit()      # one pygambit process for every call (started on first use)
atexit.register(_GAMBIT.close)


def enumpoly(arr: np.ndarray) -> list[list[list[float]]] | None:
    """Gambit's enumpoly in a worker process (it can run without end on some games):
    its points, or None when it does not finish within ENUMPOLY_SECONDS (the worker
    is then stopped, and started again by the next call)."""
    shaped = json.loads(json.dumps(np.asarray(arr, dtype=object).tolist(), default=int))
    found = _GAMBIT.solve_arrays(shaped, "enumpoly", ENUMPOLY_SECONDS)
    if found is None:
        return None
    return [[[float(Fraction(x)) for x in probs] for probs in eq] for eq in found]


def contains(ours, theirs: list, tol: float = 1e-6) -> bool:
    floats = [e.float_profile() for e in ours]
    return all(any(all(abs(x - y) <= tol for pa, pb in zip(t, o) for x, y in zip(pa, pb))
                   for o in floats) for t in theirs)


def check_game(arr: np.ndarray, monkeypatch, oracle: bool = True) -> dict:
    """The fast and exact paths agree; with `oracle`, ours contains enumpoly's points
    (only for games enumpoly finishes: on ties everywhere it can run without end)."""
    game = game_from_arrays(arr)
    fast, exact, calls = both_paths(game, monkeypatch)
    assert keys(fast) == keys(exact)
    assert fast.complete == exact.complete
    assert len(fast.components) == len(exact.components)
    if oracle and not exact.degenerate:
        # enumpoly is numerical: a point of its list that is no equilibrium (an outside
        # strategy better by more than 1e-6, checked here in floats) is not required
        found = enumpoly(arr)
        if found is not None:
            theirs = [t for t in found if max_regret_float(game, t) <= 1e-6]
            assert contains(fast, theirs)
    return calls


def test_enumpoly_point_that_is_no_equilibrium_is_not_required(monkeypatch):
    """Gambit's enumpoly lists (10/17, 53/110, pure s2) here, where player 3 gains 7/935
    by s1 (exact); ours lists the true equilibrium nearby, player 3 mixing."""
    p = [1, 10, 0, 89, 0, 67, 0, 36, 1, 0, 0, 21, 0, 30, 0, 0, 17, 0, 0, 40, 20, 0, 16, 0]
    arr = np.array(p, dtype=object).reshape(3, 2, 2, 2)
    game = game_from_arrays(arr)
    point = ((Fraction(10, 17), Fraction(7, 17)), (Fraction(53, 110), Fraction(57, 110)),
             (Fraction(0), Fraction(1)))
    assert check_equilibrium(game, point).max_regret == Fraction(7, 935)
    found = enumpoly(arr)
    assert found is not None, "enumpoly did not finish on a 2x2x2 game"
    assert any(max_regret_float(game, t) > 1e-6 for t in found)
    check_game(arr, monkeypatch)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, 99), min_size=24, max_size=24))
def test_generic_2x2x2_fast_equals_exact(monkeypatch, payoffs):
    """Payoffs 0..99 (ties possible but rare)."""
    check_game(np.array(payoffs, dtype=object).reshape(3, 2, 2, 2), monkeypatch)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, 99), min_size=64, max_size=64))
def test_generic_2x2x2x2_fast_equals_exact(monkeypatch, payoffs):
    check_game(np.array(payoffs, dtype=object).reshape(4, 2, 2, 2, 2), monkeypatch)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, 2), min_size=32, max_size=32))
def test_degenerate_2x2x2x2_hands_over(monkeypatch, payoffs):
    """Payoffs 0..2: ties everywhere, continua, roots at infinity: wherever the fast
    path cannot prove its answer the exact path runs, and the sets stay equal. (No
    enumpoly here: on such games it may not finish.)"""
    check_game(np.array(payoffs + payoffs[:32], dtype=object).reshape(4, 2, 2, 2, 2),
               monkeypatch, oracle=False)


def test_3x3x2_fast_equals_exact(monkeypatch):
    answered = 0
    for seed in range(4):
        arr = np.random.default_rng([seed, 3, 3, 2]).integers(0, 100, size=(3, 3, 3, 2))
        answered += check_game(arr.astype(object), monkeypatch)["answered"]
    assert answered >= 1


def test_degenerate_systems_are_handed_over(monkeypatch):
    """A 2x2x2 game whose totally mixed support has a curve of solutions (player 3's
    payoffs constant): the fast path declines, the exact path states the continuum."""
    arr = np.zeros((3, 2, 2, 2), dtype=object)
    arr[0] = [[[3, 0], [0, 1]], [[0, 1], [2, 0]]]
    arr[1] = [[[1, 0], [0, 2]], [[0, 3], [1, 0]]]
    arr[2] = 5
    game = game_from_arrays(arr)
    system = IndifferenceSystem.build(game, ((0, 1), (0, 1), (0, 1)))
    assert fast_points(system, ((0, 1), (0, 1), (0, 1)), lambda x: True) is None
    fast, exact, calls = both_paths(game, monkeypatch)
    assert keys(fast) == keys(exact) and calls["handed over"] >= 1


@pytest.mark.parametrize("players, bound", [(3, 2), (4, 9), (5, 44)])
def test_bezout_number_counts_derangements(players, bound):
    """n players with two strategies each: the number of totally mixed equilibria is at
    most the number of derangements of n (McKelvey and McLennan 1997): 2, 9, 44."""
    pattern = ~np.eye(players, dtype=bool)
    assert bezout_number(pattern, [1] * players) == bound
    assert bound == round(math.factorial(players) / math.e)


def test_bezout_number_3x3x3_is_ten():
    """Three players, three strategies each: at most 10 totally mixed equilibria
    (McKelvey and McLennan 1997)."""
    pattern = np.repeat(~np.eye(3, dtype=bool), 2, axis=0)
    assert bezout_number(pattern, [2, 2, 2]) == 10


def test_full_support_2x2x2x2x2_all_44_roots_certified():
    """A generic five-player game: all 44 complex roots of the totally mixed system are
    found and certified, so the list is complete."""
    arr = np.random.default_rng([0, 2, 2, 2, 2, 2]).integers(0, 100, size=(5, 2, 2, 2, 2, 2))
    supports = ((0, 1),) * 5
    system = IndifferenceSystem.build(game_from_arrays(arr.astype(object)), supports)
    polys = exact_polys(system)
    blocks = blocks_of(supports)
    assert degree_pattern(polys, blocks) is not None
    found = certified_roots(polys, blocks)
    assert found is not None and len(found.mids) == 44
    residual = max(abs(complex(sum(float(c) * np.prod([z ** e for z, e in zip(mid, m)])
                                   for m, c in p.items()))) for p in polys for mid in found.mids)
    assert residual < 1e-6


def test_krawczyk_rejects_a_box_without_root():
    """x^2 - 2 (one variable): the box around 1.5 holds no root, the one around sqrt 2 does."""
    polys = [{(2,): Fraction(1), (0,): Fraction(-2)}]
    inverse = np.array([[1 / (2 * 2 ** 0.5)]])
    assert krawczyk(polys, np.array([2 ** 0.5 + 0j]), 1e-8, inverse)
    assert not krawczyk(polys, np.array([1.5 + 0j]), 1e-3, np.array([[1 / 3.0]]))


@settings(max_examples=300, deadline=None)
@given(st.fractions(min_value=-50, max_value=50, max_denominator=300),
       st.fractions(min_value=0, max_value=3, max_denominator=300))
def test_simplest_rational_against_brute_force(lo, width):
    hi = lo + width
    got = _simplest(lo, hi)
    assert lo <= got <= hi
    least = next(q for q in itertools.count(1) if math.floor(hi * q) >= math.ceil(lo * q))
    assert got.denominator == least


def _polys_at(polys, x):
    """Values of {exponents: coefficient} polynomials at the point x, term by term."""
    return np.array([sum(c * np.prod([z ** e for z, e in zip(x, m)]) for m, c in p.items())
                     for p in polys])


@pytest.mark.parametrize("supports", [((0, 1),) * 5, ((0, 1, 2), (0, 1, 2), (0, 1), (1, 2)),
                                      ((0, 1, 2), (0, 1), (0, 1, 2))])
def test_combined_homotopy_matches_its_parts(supports):
    """The start system multiplied out equals it form by form (StartSystem.evaluate,
    values and Jacobian), and the one-table evaluation of the homotopy gives f's and
    gamma g's values and derivatives (gamma g's, and f - gamma g's, by columns of
    points) as the separate evaluations and a term-by-term sum do, at random complex
    points."""
    from games.solvers.homotopy import FloatSystem, Homotopy, start_system

    shape = tuple(max(s) + 1 for s in supports)
    rng = np.random.default_rng(len(supports))
    arr = rng.integers(0, 100, size=(len(shape), *shape)).astype(object)
    system = IndifferenceSystem.build(game_from_arrays(arr), supports)
    polys = exact_polys(system)
    blocks = blocks_of(supports)
    n = system.nvars
    f = FloatSystem.build([{m: float(c) for m, c in p.items()} for p in polys], n)
    g = start_system(blocks, degree_pattern(polys, blocks), rng)
    gamma = np.exp(0.7j)
    h = Homotopy.build(f, g, gamma)
    x = rng.normal(size=(5, n)) + 1j * rng.normal(size=(5, n))
    start, slope = h.parts(x)
    gv, fv = start.T, (start + slope).T
    g_vals, g_jac = g.evaluate(x)
    f_vals, f_jac = f.evaluate(x)
    expanded = g.expanded()
    for k in range(len(x)):
        assert np.allclose(_polys_at(expanded, x[k]), g_vals[k])
        assert np.allclose(_polys_at([{m: float(c) for m, c in p.items()} for p in polys], x[k]),
                           fv[k, :n])
    assert np.allclose(gv[:, :n], gamma * g_vals)
    assert np.allclose(gv[:, n:].reshape(-1, n, n), gamma * g_jac)
    assert np.allclose(fv[:, :n], f_vals) and np.allclose(fv[:, n:].reshape(-1, n, n), f_jac)
