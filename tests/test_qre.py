"""Logit QRE tracing (games/solvers/qre.py) against hand derivations, dominance, the
exact polynomial solver, Gambit's logit tracer (test-only oracle) and an independent
regret computation (outer products, not the module's contractions)."""
from __future__ import annotations

import itertools
import math
import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from games.model import Game
from games.solvers.polynomial import solve_polynomial
from games.solvers.qre import (logit_path, payoff_scale, polish, qre_equilibrium,
                               trace_logit)
from games.solvers.verify import check_equilibrium
from tests.builders import game_from_arrays

F = Fraction


def random_game(shape, seed: int, high: int = 100) -> Game:
    rng = np.random.default_rng(seed)
    return game_from_arrays(rng.integers(0, high, size=(len(shape), *shape)).astype(object))


def strategy_values(u: np.ndarray, profile) -> list[np.ndarray]:
    """Each player's payoff per own strategy: the payoff tensor times the outer product
    of the others' mixtures (own axis all ones), summed over the other axes."""
    out = []
    n = len(profile)
    for i in range(n):
        weights = np.ones(())
        for k in range(n):
            weights = np.multiply.outer(weights, np.ones(len(profile[k])) if k == i
                                        else np.asarray(profile[k], dtype=float))
        total = u[i] * weights
        out.append(total.sum(axis=tuple(a for a in range(n) if a != i)))
    return out


def float_regret(game: Game, profile) -> float:
    u = game.float_payoffs
    return max(float(v.max() - np.dot(np.asarray(p, dtype=float), v))
               for v, p in zip(strategy_values(u, profile), profile))


def exact_regret(game: Game, profile) -> Fraction:
    """Largest exact gain from a pure deviation, by a loop over all pure profiles."""
    n = game.n_players
    values = [[F(0)] * m for m in game.shape]
    for prof in itertools.product(*(range(m) for m in game.shape)):
        for i in range(n):
            w = F(1)
            for k in range(n):
                if k != i:
                    w *= profile[k][prof[k]]
            if w:
                values[i][prof[i]] += w * game.payoffs[(i, *prof)]
    return max(max(v) - sum(p * x for p, x in zip(profile[i], v)) for i, v in enumerate(values))


def assert_verified(game: Game, eq) -> None:
    """Exact results pass the exact check (ours and the project's); numeric ones have
    a tolerance within 1e-8 of the payoff range that bounds their exact regret."""
    assert all(sum(probs) == 1 and min(probs) >= 0 for probs in eq.profile)
    regret = exact_regret(game, eq.profile)
    if eq.exact:
        assert regret == 0
        assert check_equilibrium(game, eq.profile).ok
    else:
        assert 0 < eq.tolerance <= 1e-8 * payoff_scale(game)
        assert regret <= F(eq.tolerance)
    assert float_regret(game, eq.float_profile()) <= 1e-8 * payoff_scale(game)
    assert tuple(eq.payoffs) == game.expected_payoffs(eq.profile)


def distance(a, b) -> float:
    return max(abs(float(x) - float(y)) for pa, pb in zip(a, b) for x, y in zip(pa, pb))


# ----------------------------------------------------------------------------
# textbook games
# ----------------------------------------------------------------------------
def test_matching_pennies():
    game = game_from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    eq = qre_equilibrium(game)
    assert eq is not None and eq.exact
    assert eq.profile == ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))
    assert eq.payoffs == (0, 0)


def cyclic_game() -> Game:
    """2x2x2: player 1 wants to match player 2 (paid 1 on (s1, s1), 2 on (s2, s2)),
    player 2 to match player 3 (3 and 1), player 3 to mismatch player 1 (2 when
    player 1 plays s2 and 3 plays s1, 3 when 1 plays s1 and 3 plays s2); else 0."""
    u = np.zeros((3, 2, 2, 2), dtype=object)
    for a, b, c in itertools.product(range(2), repeat=3):
        u[0, a, b, c] = (1, 2)[a] if a == b else 0
        u[1, a, b, c] = (3, 1)[b] if b == c else 0
        u[2, a, b, c] = (2 if c == 0 else 3) if a != c else 0
    return game_from_arrays(u)


def test_cyclic_2x2x2_unique_mixed_equilibrium():
    # No player can be pure (a pure player 1 makes 3 strict, then 2, then 1 deviate), so
    # all mix: player 1 indifferent iff 1*q = 2*(1-q), q = 2/3; player 2 iff 3r = 1 - r,
    # r = 1/4; player 3 iff 2(1-p) = 3p, p = 2/5 (p, q, r: each one's first strategy).
    game = cyclic_game()
    eq = qre_equilibrium(game)
    assert eq is not None and eq.exact
    assert eq.profile == ((F(2, 5), F(3, 5)), (F(2, 3), F(1, 3)), (F(1, 4), F(3, 4)))
    assert_verified(game, eq)


def test_dominant_strategies_give_the_pure_equilibrium():
    # every player's first strategy earns 60 more than anything else could: strictly
    # dominant, so ((1,0,0), (1,0,0), (1,0,0)) is the unique equilibrium
    rng = np.random.default_rng(11)
    u = rng.integers(0, 40, size=(3, 3, 3, 3)).astype(object)
    for i in range(3):
        idx = [slice(None)] * 3
        idx[i] = 0
        u[(i, *idx)] += 60
    game = game_from_arrays(u)
    eq = qre_equilibrium(game)
    assert eq is not None and eq.exact and eq.kind == "pure"
    assert eq.pure_profile == (0, 0, 0)
    assert_verified(game, eq)


# ----------------------------------------------------------------------------
# the traced branch
# ----------------------------------------------------------------------------
def qre_residual(game: Game, lam: float, profile) -> float:
    """How far a point is from the logit response to itself: p_ij proportional to
    exp(lam * v_ij / scale), compared in log-ratios on strategies not underflowing."""
    scale = payoff_scale(game)
    worst = 0.0
    for v, p in zip(strategy_values(game.float_payoffs, profile), profile):
        p = np.asarray(p)
        keep = p > 1e-200
        logit = lam * v[keep] / scale
        worst = max(worst, float(np.abs((np.log(p[keep]) - logit)
                                        - (np.log(p[keep]) - logit).mean()).max()))
    return worst


def test_path_starts_uniform_and_stays_on_the_qre_correspondence():
    game = random_game((3, 4, 2), 5)
    points = list(logit_path(game))
    first = points[0]
    assert first.lam == 0
    for probs, m in zip(first.profile, game.shape):
        assert np.allclose(probs, 1 / m)
    assert points[1].lam > 0
    for pt in points[::5]:
        assert qre_residual(game, pt.lam, pt.profile) < 1e-6
        assert all(abs(p.sum() - 1) < 1e-9 for p in pt.profile)
    assert float_regret(game, points[-1].profile) <= 1e-6 * payoff_scale(game) or \
        points[-1].lam >= 1e6


@pytest.mark.parametrize("shape,seed", [((3, 3, 3), 4), ((2, 2, 2), 31)])
def test_turning_points_are_followed(shape, seed):
    # the principal branch of these games folds back in lambda (S-shaped, narrow):
    # the trace must go round the fold, in small steps, staying on the correspondence
    game = random_game(shape, seed)
    points = list(logit_path(game))
    lams = [p.lam for p in points]
    assert any(b < a for a, b in zip(lams, lams[1:]))
    for a, b in zip(points, points[1:]):
        assert distance(a.profile, b.profile) < 0.1
    for pt in points:
        assert qre_residual(game, pt.lam, pt.profile) < 1e-6


FOLDS = [((3, 3, 3), 4), ((2, 2, 2), 31), ((4, 4, 4), 23), ((5, 5, 5), 54),
         ((3, 3, 3, 3), 210), ((4, 4, 4), 1), ((5, 5, 5), 3), ((3, 3, 3, 3), 0)]


@pytest.mark.parametrize("shape,seed", FOLDS)
def test_branch_end_matches_gambit_logit(shape, seed):
    # Gambit's tracer (independent code) ends at the same limit point of the principal
    # branch; the first five games have folds or branches passing close by
    gbt = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")
    rng = np.random.default_rng(seed)
    arr = rng.integers(0, 100, size=(len(shape), *shape))
    game = game_from_arrays(arr.astype(object))
    g = gbt.Game.from_arrays(*[arr[i] for i in range(len(shape))])
    theirs = gbt.nash.logit_solve(g).equilibria[0]
    theirs = [[float(theirs[p][s]) for s in p.strategies] for p in g.players]
    ours = trace_logit(game)
    assert ours is not None and distance(ours, theirs) < 1e-3


# ----------------------------------------------------------------------------
# larger games
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("shape,seed", [((4, 4, 4), s) for s in range(4)]
                         + [((5, 5, 5), s) for s in range(4)]
                         + [((3, 3, 3, 3), s) for s in range(3)])
def test_random_games_give_verified_equilibria(shape, seed):
    game = random_game(shape, seed)
    eq = qre_equilibrium(game, deadline=time.perf_counter() + 20)
    assert eq is not None
    assert_verified(game, eq)


@pytest.mark.parametrize("seed", [0, 2, 4])
def test_result_is_one_of_the_exact_solver_equilibria(seed):
    # 3x3x3: the polynomial solver lists every equilibrium exactly (seed 2's found one
    # is irrational, reported numerically)
    game = random_game((3, 3, 3), seed)
    eq = qre_equilibrium(game)
    assert eq is not None
    assert_verified(game, eq)
    exact = solve_polynomial(game, timeout=30)
    assert exact.complete
    assert min(distance(eq.profile, e.float_profile()) for e in exact) < 1e-9


def test_polish_lands_on_the_exact_point():
    game = cyclic_game()
    near = [[0.4 + 1e-5, 0.6 - 1e-5], [2 / 3 - 3e-6, 1 / 3 + 3e-6], [0.25, 0.75]]
    out = polish(game, near)
    assert out is not None
    assert distance(out, [[0.4, 0.6], [2 / 3, 1 / 3], [0.25, 0.75]]) < 1e-14


def test_deadline_is_honoured():
    game = random_game((5, 5, 5), 0)
    for budget in (0.0, 1e-3):
        start = time.perf_counter()
        eq = qre_equilibrium(game, deadline=start + budget)
        assert time.perf_counter() - start < 5.0
        if eq is not None:
            assert_verified(game, eq)
    assert trace_logit(game, deadline=time.perf_counter() - 1) is None


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(2, 3), min_size=3, max_size=3).flatmap(
    lambda shape: st.tuples(st.just(tuple(shape)), st.lists(
        st.integers(-5, 5), min_size=3 * math.prod(shape), max_size=3 * math.prod(shape)))))
def test_whatever_is_returned_is_an_equilibrium(case):
    shape, flat = case
    game = game_from_arrays(np.array(flat, dtype=object).reshape(3, *shape))
    eq = qre_equilibrium(game, deadline=time.perf_counter() + 5)
    # small games with integer payoffs: tracing must end on a verified equilibrium
    # (None here would let the check below pass without checking anything)
    assert eq is not None
    assert_verified(game, eq)
