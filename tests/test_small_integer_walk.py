"""The cheaper steps of small-integer (degenerate) 2-player games against independent
results (games/solvers/batch_walk.py, level_walk.py, verify.py).

Oracles: Python's integer division for the pivot's quotient through floats; the
depth-first Python-integer walk of reverse_search.py (every lex-feasible basis once,
with its exact vertex) for the level walk with two-row ties decided apart and with
the float quotient forced off or on everywhere; `check_equilibrium` (exact Fractions,
one profile at a time) for the check of many profiles at once in int64; lrsnash
(lrslib), when installed, for whole small-integer games through `games.solve`.
"""
from __future__ import annotations

from contextlib import contextmanager
from fractions import Fraction as F
from typing import Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import games as api
from games.solvers import batch_walk, verify
from games.solvers.verify import check_equilibrium, first_failure
from tests.lrsnash import LRSNASH, lrsnash
from tests.test_batch_walk import games, python_walk
from tests.test_bimatrix import bimatrix_game
from tests.test_label_match import games as label_games
from tests.test_label_match import profiles_of
from tests.test_level_walk import level_visits


def _quotient_and_divisor(bits: int) -> st.SearchStrategy[tuple[int, int]]:
    """A divisor below 2^31 and a quotient whose product with it fits int64."""
    return st.integers(1, (1 << 31) - 1).flatmap(lambda det: st.tuples(
        st.integers(-(1 << bits), 1 << bits).map(
            lambda q: max(-((1 << 62) // det), min((1 << 62) // det, q))), st.just(det)))


@settings(max_examples=200, deadline=None)
@given(st.integers(20, 55).flatmap(lambda bits: st.lists(_quotient_and_divisor(bits),
                                                         min_size=1, max_size=12)),
       st.integers(1, 3))
def test_float_quotient_is_the_integer_one(pairs, width: int) -> None:
    """Numerators that the divisor divides (quotients up to 2^55, so both the float
    route and its integer fallback are taken), signed, as the pivot gives them: the
    same as Python's exact division."""
    products = [[q * det for q, det in pairs]] * width
    quotients = [[q for q, _ in pairs]] * width
    num = np.array(products, dtype=np.int64).T[:, :, None]        # (K, width, 1)
    det = np.array([det for _, det in pairs], dtype=np.int64)
    got = batch_walk._exact_quotient(num.copy(), det)
    assert got.dtype == np.int64
    assert got[:, :, 0].T.tolist() == quotients


@contextmanager
def settings_of_walk(pairs_apart: int, exact_float: float) -> Iterator[None]:
    """The level walk with other thresholds (restored afterwards)."""
    old = batch_walk.PAIRS_APART, batch_walk.EXACT_FLOAT_QUOTIENT
    batch_walk.PAIRS_APART, batch_walk.EXACT_FLOAT_QUOTIENT = pairs_apart, exact_float
    try:
        yield
    finally:
        batch_walk.PAIRS_APART, batch_walk.EXACT_FLOAT_QUOTIENT = old


WALK_SETTINGS = {
    "two-row ties apart, float quotients": (1, batch_walk.EXACT_FLOAT_QUOTIENT),
    "two-row ties apart, integer quotients": (1, 0.5),
    "one tournament, float quotients": (1 << 30, batch_walk.EXACT_FLOAT_QUOTIENT),
}


@pytest.mark.parametrize("name", list(WALK_SETTINGS))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=st.one_of(games(1), games(2), games(3)))
def test_level_walk_of_tied_games_visits_the_python_walks_bases(name: str, pair) -> None:
    """Small-integer polytopes (ties everywhere: many lexicographic ties of two and
    more rows), one alone and two walked together, under each setting."""
    first, second = ([[v + 1 for v in row] for row in M] for M in pair)
    expected = python_walk(first), python_walk(second)
    with settings_of_walk(*WALK_SETTINGS[name]):
        assert level_visits([first]) == [expected[0]]
        assert level_visits([first, second]) == list(expected)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label_games(3, 4), st.data())
def test_many_profiles_checked_at_once_equal_the_deviation_test(AB, data) -> None:
    """At least `verify.BATCH_FROM` profiles (the all-at-once check), built from a few
    shared tuples, some not equilibria and some not distributions: first_failure
    passes exactly when check_equilibrium accepts every one; over the equilibria alone
    (repeated past the threshold) it passes."""
    game = bimatrix_game(*AB)
    pool = [data.draw(profiles_of(game.shape)) for _ in range(3)]
    pool += [e.profile for e in api.solve(game).equilibria]
    if data.draw(st.booleans()):
        x, y = pool[0]
        pool.append((tuple(2 * p for p in x), y))
    count = data.draw(st.integers(verify.BATCH_FROM, verify.BATCH_FROM + 6))
    mixed = [(pool[data.draw(st.integers(0, len(pool) - 1))][0],
              pool[data.draw(st.integers(0, len(pool) - 1))][1]) for _ in range(count)]
    expected = all(check_equilibrium(game, p).ok for p in mixed)
    assert (first_failure(game, mixed) is None) == expected
    equilibria = [e.profile for e in api.solve(game).equilibria]
    repeated = equilibria * (verify.BATCH_FROM // len(equilibria) + 1)
    assert first_failure(game, repeated) is None


def test_many_profiles_beyond_int64_are_checked_one_by_one() -> None:
    """Denominators whose products pass the int64 bound: the one-by-one test decides
    (an equilibrium passes, a profitable deviation is found)."""
    big = (1 << 40) + 1
    game = bimatrix_game([[F(1), F(0)], [F(0), F(1)]], [[F(1), F(0)], [F(0), F(1)]])
    half = (F(1, 2), F(1, 2))
    assert first_failure(game, [(half, half)] * verify.BATCH_FROM) is None
    skewed = (F(big - 1, big), F(1, big))
    bad = [(skewed, (F(1, big), F(big - 1, big)))] * verify.BATCH_FROM
    assert not check_equilibrium(game, bad[0]).ok
    assert first_failure(game, bad) is not None


@pytest.mark.skipif(LRSNASH is None, reason="lrsnash (lrslib) is not installed")
@pytest.mark.parametrize("n,high,seed", [(8, 1, 0), (8, 3, 1), (9, 2, 2), (10, 3, 3)])
def test_small_integer_games_equal_lrsnash(n: int, high: int, seed: int) -> None:
    """Whole small-integer games through `games.solve` (both polytopes walked
    breadth first, two-row ties apart, float quotients, the all-at-once check): the
    same extreme equilibria as lrsnash."""
    rng = np.random.default_rng([n, high, seed, 15])
    A = rng.integers(0, high + 1, (n, n)).tolist()
    B = rng.integers(0, high + 1, (n, n)).tolist()
    theirs, _ = lrsnash(A, B)
    ours = api.solve(bimatrix_game([[F(v) for v in row] for row in A],
                                   [[F(v) for v in row] for row in B]))
    assert {tuple(tuple(F(p) for p in probs) for probs in e.profile)
            for e in ours.equilibria} == theirs


@pytest.mark.parametrize("direct", [0, 1 << 30])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(AB=st.one_of(label_games(2), label_games(3), label_games(99)))
def test_both_matchings_equal_every_pair_compared(direct: int, AB) -> None:
    """The label look-ups (no pair compared at once) and the comparison of every pair
    at once (small games' route) each list exactly the pairs whose labels cover
    everything, found here pair by pair in Python."""
    from games.solvers import label_match
    from games.solvers.bimatrix import constraint_rows, payoff_matrices
    from tests.test_label_match import labelled_vertices

    A, B = AB
    Am, Bm = payoff_matrices(bimatrix_game(A, B))
    m, n = len(A), len(A[0])
    w = labelled_vertices(constraint_rows(Bm.T), True, m)
    o = labelled_vertices(constraint_rows(Am), False, m)
    full = (1 << (m + n)) - 1
    brute = sorted((k, j) for k, a in enumerate(w) for j, b in enumerate(o) if a | b == full)
    old = label_match.DIRECT_PAIRS
    label_match.DIRECT_PAIRS = direct
    try:
        assert label_match.complete_pairs(w, o, m, n) == brute
    finally:
        label_match.DIRECT_PAIRS = old


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(AB=st.one_of(label_games(1), label_games(3), label_games(99)))
def test_equilibria_payoffs_and_order_from_fractions(AB) -> None:
    """Each equilibrium's payoffs are x^T A y and x^T B y computed here in Fractions,
    and the equilibria come pure first, then by support size, then by probabilities
    (largest first), as `sort_equilibria` states it, whatever points they share."""
    from games.solvers.bimatrix import solve_bimatrix

    A, B = AB
    result = solve_bimatrix(bimatrix_game(A, B))
    for e in result.equilibria:
        x, y = e.profile
        assert e.payoffs == tuple(sum((x[i] * M[i][j] * y[j] for i in range(len(x))
                                       for j in range(len(y))), F(0)) for M in (A, B))

    def key(e):
        sizes = [sum(1 for p in probs if p) for probs in e.profile]
        return (max(sizes) > 1, sum(sizes), [[-p for p in probs] for probs in e.profile])
    assert [key(e) for e in result.equilibria] == sorted(key(e) for e in result.equilibria)
