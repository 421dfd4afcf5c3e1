"""Two-player solver: every extreme equilibrium, exactly, against independent results.

Oracles: textbook equilibria, hand derivations (continua and their convex pieces),
Gambit's enummixed_solve(rational=True) through pygambit (test-only), and the
Gambit corpus's expected.json.
"""
from __future__ import annotations

import time
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from games.errors import SolverTimeout
from games.linalg import fraction_free_solve
from games.model import Game, Player, Strategy
from games.solvers.bimatrix import (enumerate_vertices, extreme_strategies,
                                    maximal_bicliques, solve_bimatrix)
from games.solvers.lemke_howson import lemke_howson
from games.solvers.verify import check_equilibrium
from tests.corpus import CORPUS, expected, needs_corpus

gbt = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")


# ----------------------------------------------------------------- helpers

def bimatrix_game(A, B) -> Game:
    """A 2-player Game from two payoff matrices (lists of numbers)."""
    m, n = len(A), len(A[0])
    players = [Player("Row", tuple(Strategy(f"r{i}") for i in range(m))),
               Player("Col", tuple(Strategy(f"c{j}") for j in range(n)))]
    return Game(players, [[[F(v) for v in row] for row in A],
                          [[F(v) for v in row] for row in B]])


def profiles(result) -> set:
    """The exact profiles of a result, as a set of tuples of Fractions."""
    return {tuple(tuple(p) for p in e.profile) for e in result.equilibria}


def prof(x, y) -> tuple:
    return (tuple(F(v) for v in x), tuple(F(v) for v in y))


def gambit_extreme(A, B) -> set:
    """Gambit's enummixed_solve(rational=True) on the same matrices (the oracle)."""
    g = gbt.Game.from_arrays([[F(v) for v in row] for row in A],
                             [[F(v) for v in row] for row in B])
    out = gbt.nash.enummixed_solve(g, rational=True)
    return {tuple(tuple(F(str(e[s])) for s in p.strategies) for p in g.players)
            for e in out.equilibria}


def assert_all_verified(game: Game, result) -> None:
    for e in result.equilibria:
        assert e.exact
        assert check_equilibrium(game, e.profile).ok


# ----------------------------------------------------------------- textbook games

def test_matching_pennies() -> None:
    game = bimatrix_game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    res = solve_bimatrix(game)
    assert profiles(res) == {prof([F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)])}
    assert res.equilibria[0].payoffs == (0, 0)
    assert not res.degenerate and res.complete and res.exact
    assert len(res.components) == 1 and res.components[0].members == (0,)


def test_battle_of_the_sexes() -> None:
    # He prefers opera (2 vs 1), she prefers football; mixed: he opera 2/3, she opera 1/3.
    game = bimatrix_game([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    res = solve_bimatrix(game)
    assert profiles(res) == {prof([1, 0], [1, 0]), prof([0, 1], [0, 1]),
                             prof([F(2, 3), F(1, 3)], [F(1, 3), F(2, 3)])}
    mixed = [e for e in res.equilibria if e.kind == "mixed"]
    assert mixed[0].payoffs == (F(2, 3), F(2, 3))
    assert not res.degenerate
    assert len(res.components) == 3


def test_prisoners_dilemma() -> None:
    game = bimatrix_game([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    res = solve_bimatrix(game)
    assert profiles(res) == {prof([0, 1], [0, 1])}
    assert res.equilibria[0].payoffs == (1, 1)


def test_rock_paper_scissors() -> None:
    A = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    B = [[-v for v in row] for row in A]
    res = solve_bimatrix(bimatrix_game(A, B))
    third = [F(1, 3)] * 3
    assert profiles(res) == {prof(third, third)}
    assert not res.degenerate


def test_continuum_is_degenerate_with_its_extreme_points() -> None:
    # Row's top strategy is dominant; Col is then indifferent: x = (1, 0), y anything.
    game = bimatrix_game([[1, 1], [0, 0]], [[1, 1], [0, 0]])
    res = solve_bimatrix(game)
    assert profiles(res) == {prof([1, 0], [1, 0]), prof([1, 0], [0, 1])}
    assert res.degenerate and res.notes
    assert len(res.components) == 1
    comp = res.components[0]
    assert sorted(comp.members) == [0, 1]
    firsts, seconds = extreme_strategies(res.equilibria)
    assert [[firsts[i] for i in xs] for xs, _ in comp.convex_sets] == [[prof([1, 0], [1, 0])[0]]]
    assert {seconds[j] for j in comp.convex_sets[0][1]} == {(1, 0), (0, 1)}


def test_all_zero_game_every_pure_profile() -> None:
    res = solve_bimatrix(bimatrix_game([[0, 0], [0, 0]], [[0, 0], [0, 0]]))
    assert profiles(res) == {prof(x, y) for x in ([1, 0], [0, 1]) for y in ([1, 0], [0, 1])}
    assert res.degenerate
    # the whole square is one convex set
    assert len(res.components) == 1 and len(res.components[0].convex_sets) == 1


# ----------------------------------------------------------------- components

def test_l_shaped_component_has_two_convex_pieces() -> None:
    # Hand derivation: x = (p, 1-p), y = (q, 1-q). Col: c1 always best, c0 only at
    # p = 1. Row: r0 always best, r1 only at q = 0. Equilibria: {p = 1} u {q = 0},
    # an L with extreme points (r0,c0), (r0,c1), (r1,c1).
    game = bimatrix_game([[1, 1], [0, 1]], [[1, 1], [0, 1]])
    res = solve_bimatrix(game)
    r0, r1 = (F(1), F(0)), (F(0), F(1))
    assert profiles(res) == {(r0, r0), (r0, r1), (r1, r1)}
    assert res.degenerate
    assert len(res.components) == 1
    firsts, seconds = extreme_strategies(res.equilibria)
    pieces = {(frozenset(firsts[i] for i in xs), frozenset(seconds[j] for j in ys))
              for xs, ys in res.components[0].convex_sets}
    assert pieces == {(frozenset({r0}), frozenset({r0, r1})),
                      (frozenset({r0, r1}), frozenset({r1}))}


def test_three_components_hand_derived() -> None:
    # Row r0 pays 1 against c0, c1; r1 pays 1 against c2 (same for Col).
    # x = (1, 0) with y on [c0, c1]; x = (1/2, 1/2) with y = (a, 1/2 - a, 1/2);
    # and the pure (r1, c2): three components, each one convex set.
    A = [[1, 1, 0], [0, 0, 1]]
    res = solve_bimatrix(bimatrix_game(A, A))
    h = F(1, 2)
    assert profiles(res) == {prof([1, 0], [1, 0, 0]), prof([1, 0], [0, 1, 0]),
                             prof([h, h], [h, 0, h]), prof([h, h], [0, h, h]),
                             prof([0, 1], [0, 0, 1])}
    sizes = sorted(len(c.members) for c in res.components)
    assert sizes == [1, 2, 2]
    assert all(len(c.convex_sets) == 1 for c in res.components)
    members = sorted(i for c in res.components for i in c.members)
    assert members == list(range(5))


def test_maximal_bicliques_on_a_hand_graph() -> None:
    # x0-y0, x0-y1, x1-y1, x1-y2, x2-y1: bicliques {x0}x{y0,y1}, {x1}x{y1,y2},
    # {x0,x1,x2}x{y1}
    edges = [(0, 0), (0, 1), (1, 1), (1, 2), (2, 1)]
    assert set(maximal_bicliques(edges)) == {((0,), (0, 1)), ((1,), (1, 2)),
                                             ((0, 1, 2), (1,))}


# ----------------------------------------------------------------- internals

def test_fraction_free_solve_matches_fractions() -> None:
    aug = [[2, 1, 1, 1], [1, 3, 2, 1], [1, 0, 0, 1]]
    det, nums = fraction_free_solve(aug)
    x = [F(v, det) for v in nums]
    for row in aug:
        assert sum(F(a) * b for a, b in zip(row[:3], x)) == row[3]
    assert fraction_free_solve([[1, 2, 1], [2, 4, 1]]) is None


def test_vertices_of_a_square() -> None:
    # {z >= 0 : z1 <= 1, z2 <= 1}: four vertices
    verts = enumerate_vertices([[1, 0], [0, 1]])
    assert len(verts) == 4


def test_rectangular_and_single_strategy_games() -> None:
    A = [[3, 1, 2]]
    B = [[1, 2, 2]]
    res = solve_bimatrix(bimatrix_game(A, B))
    assert profiles(res) == gambit_extreme(A, B)
    A = [[2, 0], [0, 1], [1, 1]]
    B = [[1, 0], [0, 2], [1, 1]]
    res = solve_bimatrix(bimatrix_game(A, B))
    assert profiles(res) == gambit_extreme(A, B)


# ----------------------------------------------------------------- Gambit corpus

def _two_player_corpus() -> list[str]:
    data = expected()
    return sorted(name for name, e in data.items()
                  if len(e["shape"]) == 2 and e["best"]["method"] == "enummixed")


@needs_corpus
@pytest.mark.parametrize("name", _two_player_corpus())
def test_gambit_corpus(name: str) -> None:
    entry = expected()[name]
    g = gbt.read_nfg(str(CORPUS / name))
    A, B = g.to_arrays(dtype=F)
    game = bimatrix_game(A.tolist(), B.tolist())
    res = solve_bimatrix(game)
    want = {tuple(tuple(F(p) for p in probs) for probs in eq["profile"])
            for eq in entry["best"]["equilibria"]}
    assert profiles(res) == want
    assert len(res.equilibria) == len(want)      # no duplicates
    assert_all_verified(game, res)
    assert sorted(i for c in res.components for i in c.members) == \
        list(range(len(res.equilibria)))


# ----------------------------------------------------------------- Gambit oracle

@st.composite
def small_games(draw):
    m = draw(st.integers(1, 6))
    n = draw(st.integers(1, 6))
    cell = st.integers(0, 4)
    A = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    return A, B


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_games())
def test_equals_gambit_enummixed(AB) -> None:
    A, B = AB
    game = bimatrix_game(A, B)
    res = solve_bimatrix(game)
    assert profiles(res) == gambit_extreme(A, B)
    assert_all_verified(game, res)


@settings(max_examples=25, deadline=None)
@given(small_games())
def test_lemke_howson_finds_extreme_equilibria(AB) -> None:
    A, B = AB
    game = bimatrix_game(A, B)
    res = lemke_howson(game)
    assert not res.complete and res.equilibria
    assert profiles(res) <= profiles(solve_bimatrix(game))
    assert_all_verified(game, res)


def test_random_8x8_with_ties_equals_gambit() -> None:
    rng = np.random.default_rng(8)
    A = rng.integers(0, 5, (8, 8)).tolist()
    B = rng.integers(0, 5, (8, 8)).tolist()
    res = solve_bimatrix(bimatrix_game(A, B))
    assert res.degenerate
    assert profiles(res) == gambit_extreme(A, B)


# ----------------------------------------------------------------- size, time

def test_random_10x10_is_fast_and_lemke_howson_agrees() -> None:
    rng = np.random.default_rng(10)
    A = rng.integers(0, 10, (10, 10)).tolist()
    B = rng.integers(0, 10, (10, 10)).tolist()
    game = bimatrix_game(A, B)
    t = time.monotonic()
    res = solve_bimatrix(game, timeout=30)
    assert time.monotonic() - t < 30.0
    assert_all_verified(game, res)
    assert profiles(lemke_howson(game)) <= profiles(res)


def test_timeout_is_honoured() -> None:
    rng = np.random.default_rng(11)              # 15x15: about 1 s in all (11x11 now
    game = bimatrix_game(rng.integers(0, 10, (15, 15)).tolist(),   # ends within 0.05 s)
                         rng.integers(0, 10, (15, 15)).tolist())
    with pytest.raises(SolverTimeout):
        solve_bimatrix(game, timeout=0.05)


def test_lemke_howson_on_a_large_game() -> None:
    rng = np.random.default_rng(15)
    game = bimatrix_game(rng.integers(0, 100, (15, 15)).tolist(),
                         rng.integers(0, 100, (15, 15)).tolist())
    res = lemke_howson(game, timeout=20)
    assert res.equilibria and not res.complete
    assert_all_verified(game, res)
