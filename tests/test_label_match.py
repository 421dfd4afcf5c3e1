"""Both best-response polytopes walked and their labels matched (solvers/label_match.py,
solvers/pairing.py), against independent results.

Oracles: Gambit's enummixed (pygambit, rational) and lrsnash (lrslib, when
installed) on the same games; a brute-force pairing of every vertex label with every
other written here; sympy's Groebner-basis description of a convex set
(`continua.describe`) for the integer one now used for 2-player games; and the
deviation test of `check_equilibrium` for the integer final check. Every way of
pairing (faces only, both polytopes walked one after the other, both walked in shared
batches, O's walk abandoned for the faces) is forced in turn on the same games.
"""
from __future__ import annotations

from contextlib import contextmanager
from fractions import Fraction as F
from typing import Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from games.solvers import bimatrix, pairing
from games.solvers.bimatrix import constraint_rows, payoff_matrices, solve_bimatrix
from games.solvers.continua import attach_details, describe
from games.solvers.label_match import complete_pairs
from games.solvers.reverse_search import reverse_search_vertices
from games.solvers.two_strategies import describe_linear
from games.solvers.verify import check_equilibrium, first_failure
from tests.lrsnash import LRSNASH, lrsnash
from tests.test_batch_walk import components_of, our_components
from tests.test_bimatrix import assert_all_verified, bimatrix_game, gambit_extreme, profiles
from tests.test_reverse_search import reverse_search_always

MODES = {
    # (BOTH_FROM, TOGETHER_UP_TO, O_CAP, PROBE)
    "faces only": (2.0, (0, 0), (3, 1000), 512),
    "both, one after the other": (0.0, (0, 0), (3, 1000), 512),
    "both, decided after 5 vertices": (0.0, (0, 0), (3, 1000), 5),
    "both, in shared batches": (2.0, (99, 99), (3, 1000), 512),
    "O abandoned for the faces": (0.0, (0, 0), (0, 3), 512),
    "default": (pairing.BOTH_FROM, pairing.TOGETHER_UP_TO, pairing.O_CAP, pairing.PROBE),
}


def test_no_second_walk_beyond_the_vertex_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """A walked polytope with more than BOTH_MOST vertices goes to the faces (the same
    equilibria as Gambit's)."""
    monkeypatch.setattr(pairing, "BOTH_MOST", 3)
    A, B = bench_game(6, 2, 0)
    with paired_by("both, one after the other"):
        res = solve_bimatrix(bimatrix_game(A, B))
    assert profiles(res) == gambit_extreme(A, B)


@contextmanager
def paired_by(mode: str) -> Iterator[None]:
    """Force one way of pairing the vertices (restored afterwards)."""
    old = pairing.BOTH_FROM, pairing.TOGETHER_UP_TO, pairing.O_CAP, pairing.PROBE
    pairing.BOTH_FROM, pairing.TOGETHER_UP_TO, pairing.O_CAP, pairing.PROBE = MODES[mode]
    try:
        with reverse_search_always():
            yield
    finally:
        pairing.BOTH_FROM, pairing.TOGETHER_UP_TO, pairing.O_CAP, pairing.PROBE = old


def bench_game(n: int, high: int, k: int) -> tuple[list[list[int]], list[list[int]]]:
    """Game k of benchmarks/bench_lrs.py (the same seeds)."""
    rng = np.random.default_rng([n, high, k])
    return (rng.integers(0, high + 1, (n, n)).tolist(), rng.integers(0, high + 1, (n, n)).tolist())


@st.composite
def games(draw: st.DrawFn, high: int, most: int = 7) -> tuple[list[list[int]], list[list[int]]]:
    m, n = draw(st.integers(2, most)), draw(st.integers(2, most))
    rows = st.lists(st.lists(st.integers(0, high), min_size=n, max_size=n),
                    min_size=m, max_size=m)
    return draw(rows), draw(rows)


# ------------------------------------------------------------- the matching alone

def labelled_vertices(rows: list[list[int]], walked_first: bool, d_w: int) -> list[int]:
    """Label masks of a polytope's vertices (origin left out), as _Pairing writes them."""
    out = []
    for v in reverse_search_vertices(rows):
        if any(v.num):
            out.append(v.zeros | (v.tight << d_w) if walked_first else
                       v.tight | (v.zeros << d_w))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(games(2), games(3), games(99)))
def test_matching_equals_every_pair_compared(AB) -> None:
    """complete_pairs lists exactly the pairs whose labels cover everything, found here
    by comparing every pair."""
    A, B = AB
    game = bimatrix_game(A, B)
    Am, Bm = payoff_matrices(game)
    p_rows, q_rows = constraint_rows(Bm.T), constraint_rows(Am)
    m, n = len(A), len(A[0])
    w = labelled_vertices(p_rows, True, m)
    o = labelled_vertices(q_rows, False, m)
    full = (1 << (m + n)) - 1
    brute = sorted((k, j) for k, a in enumerate(w) for j, b in enumerate(o) if a | b == full)
    assert complete_pairs(w, o, m, n) == brute


# ------------------------------------------------------------- whole games

@pytest.mark.parametrize("mode", list(MODES))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(games(2), games(3), games(99)))
def test_every_pairing_equals_gambit_with_components(mode: str, AB) -> None:
    A, B = AB
    game = bimatrix_game(A, B)
    with paired_by(mode):
        res = solve_bimatrix(game)
    theirs = gambit_extreme(A, B)
    assert res.complete and profiles(res) == theirs
    assert our_components(res) == components_of(theirs)
    assert_all_verified(game, res)
    with paired_by("faces only"):
        faces = solve_bimatrix(game)
    assert res.degenerate == faces.degenerate
    assert [e.profile for e in res.equilibria] == [e.profile for e in faces.equilibria]
    assert [e.payoffs for e in res.equilibria] == [e.payoffs for e in faces.equilibria]


@pytest.mark.skipif(LRSNASH is None, reason="lrsnash (lrslib) not installed: "
                    "apt-get install lrslib")
@pytest.mark.parametrize("mode", ["both, one after the other", "both, in shared batches",
                                  "default"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(games(1, 9), games(3, 9)))
def test_every_pairing_equals_lrsnash(mode: str, AB) -> None:
    A, B = AB
    with paired_by(mode):
        res = solve_bimatrix(bimatrix_game(A, B))
    theirs, _ = lrsnash(A, B)
    assert res.complete and profiles(res) == theirs


@pytest.mark.parametrize("n,k", [(8, 0), (8, 3), (9, 1)])
def test_benchmark_degenerate_games_equal_gambit(n: int, k: int) -> None:
    """The benchmark's small-integer games (payoffs 0..3): games.solve's equilibria are
    Gambit's, and its components the ones computed here from Gambit's. (Gambit's
    enummixed takes 12-16 s on one of the 10x10 games: those and 11x11-12x12 are
    compared with lrsnash below.)"""
    import games as api
    A, B = bench_game(n, 3, k)
    res = api.solve(bimatrix_game(A, B))
    theirs = gambit_extreme(A, B)
    assert res.complete and profiles(res) == theirs
    assert our_components(res) == components_of(theirs)


@pytest.mark.skipif(LRSNASH is None, reason="lrsnash (lrslib) not installed: "
                    "apt-get install lrslib")
@pytest.mark.parametrize("n,k", [(8, 0), (8, 1), (8, 2), (8, 3), (8, 4), (10, 0), (10, 3),
                                 (11, 0), (12, 0), (12, 1)])
def test_benchmark_degenerate_games_equal_lrsnash(n: int, k: int) -> None:
    import games as api
    A, B = bench_game(n, 3, k)
    res = api.solve(bimatrix_game(A, B))
    theirs, _ = lrsnash(A, B)
    assert res.complete and profiles(res) == theirs


# ------------------------------------------------------------- result building

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games(2, 5), st.data())
def test_integer_description_equals_groebner(AB, data: st.DataObject) -> None:
    """Any support profile of an m x n game: describe_linear (integers) states the same
    piece as continua.describe (sympy rings, Groebner basis), or both find none."""
    game = bimatrix_game(*AB)
    supports = tuple(tuple(sorted(data.draw(st.sets(st.integers(0, k - 1), min_size=1))))
                     for k in game.shape)
    found = describe(game, supports, with_points=False)
    assert describe_linear(game, supports) == (None if found is None else found.piece)


def test_attached_details_equal_groebner_descriptions() -> None:
    """attach_details on degenerate games: every convex set's piece as sympy states it."""
    for k in range(3):
        game = bimatrix_game(*bench_game(6, 2, k))
        res = attach_details(game, solve_bimatrix(game))
        firsts, seconds = bimatrix.extreme_strategies(res.equilibria)
        for comp in res.components:
            if len(comp.members) == 1:
                continue
            assert comp.detail is not None
            expected = []
            for xs, ys in comp.convex_sets:
                supports = tuple(tuple(sorted({j for s in side for j, p in enumerate(s) if p}))
                                 for side in ([firsts[a] for a in xs], [seconds[b] for b in ys]))
                found = describe(game, supports, with_points=False)
                if found is not None:
                    expected.append(found.piece)
            assert list(comp.detail.pieces) == expected


@st.composite
def profiles_of(draw: st.DrawFn, shape: tuple[int, int]) -> tuple:
    """A profile: a distribution, or now and then something that is not one."""
    out = []
    for k in shape:
        weights = draw(st.lists(st.integers(0, 4), min_size=k, max_size=k))
        if not any(weights):
            weights[0] = 1
        total = sum(weights) + draw(st.sampled_from([0, 0, 0, 0, 1, -1]))
        if total <= 0:
            total = sum(weights)
        out.append(tuple(F(w, total) for w in weights))
    return tuple(out)


@settings(max_examples=200, deadline=None)
@given(games(3, 4), st.data())
def test_integer_final_check_equals_the_deviation_test(AB, data: st.DataObject) -> None:
    """first_failure's integer path (2 players) fails exactly the profiles that
    check_equilibrium (exact Fractions, every pure deviation) rejects, equilibria of
    the game included."""
    game = bimatrix_game(*AB)
    candidates = [data.draw(profiles_of(game.shape)) for _ in range(3)]
    candidates += [e.profile for e in solve_bimatrix(game).equilibria]
    for profile in candidates:
        assert (first_failure(game, [profile]) is None) == check_equilibrium(game, profile).ok
    assert first_failure(game, candidates[3:]) is None
