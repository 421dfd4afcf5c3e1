"""Reverse search over the best-response polytopes: every vertex, every equilibrium.

Oracles: the candidate-basis vertex enumeration of bimatrix.py (checked elsewhere
against Gambit), a feasibility/tightness check written here in Fractions, Gambit's
enummixed (pygambit, rational) on small games, degenerate ones included, and lrsnash
(lrslib) on games beyond the candidate enumeration's reach when it is installed.
"""
from __future__ import annotations

from contextlib import contextmanager
from fractions import Fraction as F
from typing import Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from games.errors import SolverTimeout
from games.solvers import bimatrix
from games.solvers.bimatrix import enumerate_vertices, solve_bimatrix
from games.solvers.reverse_search import reverse_search_vertices
from tests.lrsnash import LRSNASH, lrsnash
from tests.test_bimatrix import assert_all_verified, bimatrix_game, gambit_extreme, profiles

needs_lrsnash = pytest.mark.skipif(LRSNASH is None, reason="lrsnash (lrslib) not installed")


@contextmanager
def reverse_search_always() -> Iterator[None]:
    """Route every 2-player game, however small, to the reverse search."""
    old = bimatrix.CANDIDATE_LIMIT
    bimatrix.CANDIDATE_LIMIT = 0
    try:
        yield
    finally:
        bimatrix.CANDIDATE_LIMIT = old


def matrices(max_rows: int = 6, max_cols: int = 6, high: int = 4) -> st.SearchStrategy:
    """Positive integer matrices, small entries (many ties: degenerate polytopes)."""
    return st.integers(1, max_rows).flatmap(lambda r: st.integers(1, max_cols).flatmap(
        lambda d: st.lists(st.lists(st.integers(1, high), min_size=d, max_size=d),
                           min_size=r, max_size=r)))


def _tight_and_zeros(rows: list[list[int]], point: tuple[F, ...]) -> tuple[int, int]:
    """Checked in Fractions: the point is in the polytope; its zero and tight masks."""
    assert all(v >= 0 for v in point)
    sums = [sum(c * v for c, v in zip(row, point)) for row in rows]
    assert all(s <= 1 for s in sums)
    return (sum(1 << i for i, v in enumerate(point) if v == 0),
            sum(1 << j for j, s in enumerate(sums) if s == 1))


@settings(max_examples=150, deadline=None)
@given(matrices())
def test_vertices_equal_candidate_enumeration(rows) -> None:
    found = reverse_search_vertices(rows)
    points = [tuple(F(x, v.den) for x in v.num) for v in found]
    assert len(set(points)) == len(points)                   # each vertex once
    for v, p in zip(found, points):
        assert _tight_and_zeros(rows, p) == (v.zeros, v.tight)
    expected = {(v.zeros, v.tight) for v in enumerate_vertices(rows)}
    assert {(v.zeros, v.tight) for v in found} == expected


def test_vertices_of_a_degenerate_cube_corner() -> None:
    # {z >= 0 : z1 + z2 <= 1 (three times), z1 <= 1}: a triangle, its corner (1, 0)
    # on four constraints (highly degenerate); the three vertices and nothing else.
    rows = [[1, 1], [1, 1], [1, 1], [1, 0]]
    pts = {tuple(F(x, v.den) for x in v.num) for v in reverse_search_vertices(rows)}
    assert pts == {(F(0), F(0)), (F(1), F(0)), (F(0), F(1))}


@st.composite
def small_games(draw, high: int = 4):
    m, n = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    cell = st.integers(0, high)
    return (draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m)),
            draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(small_games(), small_games(high=99)))
def test_equilibria_equal_gambit_enummixed(AB) -> None:
    A, B = AB
    game = bimatrix_game(A, B)
    with reverse_search_always():
        res = solve_bimatrix(game)
    assert res.complete
    assert profiles(res) == gambit_extreme(A, B)
    assert_all_verified(game, res)


def test_components_match_the_candidate_path_on_a_degenerate_game() -> None:
    rng = np.random.default_rng(8)
    A, B = rng.integers(0, 3, (7, 7)).tolist(), rng.integers(0, 3, (7, 7)).tolist()
    game = bimatrix_game(A, B)
    old = solve_bimatrix(game)
    with reverse_search_always():
        new = solve_bimatrix(game)
    assert new.degenerate and old.degenerate
    assert profiles(new) == profiles(old) == gambit_extreme(A, B)
    shape = sorted((len(c.members), len(c.convex_sets)) for c in new.components)
    assert shape == sorted((len(c.members), len(c.convex_sets)) for c in old.components)


def test_large_all_zero_game_is_complete() -> None:
    # Every pure profile of a 14x14 all-zero game is an equilibrium (196 extreme ones,
    # all in one component: every mixed profile). Beyond the candidate enumeration.
    game = bimatrix_game([[0] * 14] * 14, [[0] * 14] * 14)
    res = solve_bimatrix(game, timeout=60)
    assert res.complete and res.degenerate
    assert len(res.equilibria) == 196 and all(e.kind == "pure" for e in res.equilibria)
    assert len(res.components) == 1 and len(res.components[0].convex_sets) == 1


@needs_lrsnash
@pytest.mark.parametrize("n, high, seed", [(12, 100, 12), (11, 4, 3), (10, 2, 5)])
def test_equals_lrsnash_beyond_candidate_enumeration(n: int, high: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    A, B = rng.integers(0, high, (n, n)).tolist(), rng.integers(0, high, (n, n)).tolist()
    game = bimatrix_game(A, B)
    res = solve_bimatrix(game, timeout=120)
    assert res.complete and res.method == bimatrix.METHOD
    theirs, _ = lrsnash(A, B)
    assert profiles(res) == theirs
    assert_all_verified(game, res)


def test_timeout_is_honoured() -> None:
    rng = np.random.default_rng(11)
    game = bimatrix_game(rng.integers(0, 100, (16, 16)).tolist(),
                         rng.integers(0, 100, (16, 16)).tolist())
    with pytest.raises(SolverTimeout):
        solve_bimatrix(game, timeout=0.2)
