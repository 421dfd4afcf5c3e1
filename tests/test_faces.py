"""Complementary faces (games.solvers.faces) and the one-polytope 2-player walk.

Oracles: a brute-force vertex enumeration of each face written here in Fractions
(every choice of d tight constraints, solved by Gaussian elimination), Gambit's
enummixed (pygambit, rational) on hypothesis-generated degenerate games, with both
ways of solving a degenerate face forced in turn, and lrsnash (lrslib) on larger
degenerate games when it is installed.
"""
from __future__ import annotations

import itertools
from contextlib import contextmanager
from fractions import Fraction as F
from typing import Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from games.solvers import faces
from games.solvers.bimatrix import solve_bimatrix
from games.solvers.faces import face_vertices, restricted_vertices
from tests.lrsnash import LRSNASH, lrsnash
from tests.test_bimatrix import assert_all_verified, bimatrix_game, gambit_extreme, profiles
from tests.test_reverse_search import reverse_search_always

Point = tuple[F, ...]


def _solve(M: list[list[F]], b: list[F]) -> list[F] | None:
    """Gaussian elimination in Fractions; None when M is singular."""
    n = len(M)
    a = [row[:] + [v] for row, v in zip(M, b)]
    for c in range(n):
        p = next((i for i in range(c, n) if a[i][c] != 0), None)
        if p is None:
            return None
        a[c], a[p] = a[p], a[c]
        for i in range(n):
            if i != c and a[i][c] != 0:
                f = a[i][c] / a[c][c]
                a[i] = [x - f * y for x, y in zip(a[i], a[c])]
    return [a[i][n] / a[i][i] for i in range(n)]


def brute_face(rows: list[list[int]], allowed: int, forced: int) -> set[Point]:
    """Every vertex of {o >= 0 : C o <= 1} with o_j = 0 outside `allowed` and the
    `forced` rows tight (origin excluded), by trying every d tight constraints."""
    r, d = len(rows), len(rows[0])
    constraints = [([F(int(i == j)) for j in range(d)], F(0)) for i in range(d)] + \
        [([F(x) for x in row], F(1)) for row in rows]
    out = set()
    for pick in itertools.combinations(range(d + r), d):
        sol = _solve([constraints[k][0] for k in pick], [constraints[k][1] for k in pick])
        if sol is None or any(v < 0 for v in sol) or not any(sol):
            continue
        sums = [sum(c * v for c, v in zip(row, sol)) for row in rows]
        if any(s > 1 for s in sums):
            continue
        if any(sol[j] and not allowed >> j & 1 for j in range(d)):
            continue
        if any(forced >> i & 1 and sums[i] != 1 for i in range(r)):
            continue
        out.add(tuple(sol))
    return out


def points(found: list[faces.FacePoint]) -> set[Point]:
    return {tuple(F(x, p.den) for x in p.num) for p in found}


@st.composite
def face_cases(draw):
    """A small positive integer matrix with many ties and a face of it."""
    r, d = draw(st.integers(1, 5)), draw(st.integers(1, 4))
    rows = draw(st.lists(st.lists(st.integers(1, 3), min_size=d, max_size=d),
                         min_size=r, max_size=r))
    allowed = draw(st.integers(1, (1 << d) - 1))
    forced = draw(st.integers(1, (1 << r) - 1))
    return rows, allowed, forced


@settings(max_examples=200, deadline=None)
@given(face_cases())
def test_face_vertices_equal_brute_force(case) -> None:
    rows, allowed, forced = case
    want = brute_face(rows, allowed, forced)
    Cf = np.array(rows, dtype=float)
    by_bases = face_vertices(rows, allowed, forced, Cf, lambda a: restricted_vertices(rows, a))
    assert points(by_bases) == want
    assert len(by_bases) == len(want)                      # each vertex once
    walked = [p for p in restricted_vertices(rows, allowed) if forced & ~p.tight == 0]
    assert points(walked) == want
    for p in by_bases + walked:                            # labels read exactly
        pt = tuple(F(x, p.den) for x in p.num)
        sums = [sum(c * v for c, v in zip(row, pt)) for row in rows]
        assert p.tight == sum(1 << i for i, s in enumerate(sums) if s == 1)
        assert p.zeros == sum(1 << j for j, v in enumerate(pt) if v == 0)


@contextmanager
def faces_walked() -> Iterator[None]:
    """Solve every degenerate face by walking O restricted to its support."""
    old = faces.FACE_CANDIDATES
    faces.FACE_CANDIDATES = -1
    try:
        yield
    finally:
        faces.FACE_CANDIDATES = old


@st.composite
def tied_games(draw):
    """Small games with payoffs 0..2 and repeated rows and columns: degenerate."""
    m, n = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    cell = st.integers(0, 2)
    A = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    if m > 1 and draw(st.booleans()):
        A[1], B[1] = list(A[0]), list(B[0])                # a duplicated row
    if n > 1 and draw(st.booleans()):
        for a, b in zip(A, B):
            a[-1], b[-1] = a[0], b[0]                      # a duplicated column
    return A, B


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tied_games(), st.booleans(), st.booleans())
def test_degenerate_games_equal_gambit(AB, walk_faces: bool, reverse: bool) -> None:
    A, B = AB
    game = bimatrix_game(A, B)
    with reverse_search_always() if reverse else _nothing(), \
            faces_walked() if walk_faces else _nothing():
        res = solve_bimatrix(game)
    assert res.complete
    assert profiles(res) == gambit_extreme(A, B)
    assert_all_verified(game, res)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def test_segments_of_partners_hand_derived() -> None:
    # Player 2's columns pay the same against each row (B), so player 2 is always
    # indifferent; player 1 gets 1 from row 0 and 2*y0 from row 1. Equilibria: x = row
    # 0 with y0 <= 1/2, x = row 1 with y0 >= 1/2, and any x with y0 = 1/2: one
    # connected set whose extreme points are the four pairs below.
    A = [[1, 1], [2, 0]]
    B = [[1, 1], [0, 0]]
    res = solve_bimatrix(bimatrix_game(A, B))
    assert res.degenerate
    half = (F(1, 2), F(1, 2))
    assert profiles(res) == {((F(1), F(0)), half), ((F(1), F(0)), (F(0), F(1))),
                             ((F(0), F(1)), half), ((F(0), F(1)), (F(1), F(0)))}
    assert len(res.components) == 1


@pytest.mark.skipif(LRSNASH is None, reason="lrsnash (lrslib) not installed")
@pytest.mark.parametrize("m, n, high, seed", [(12, 12, 2, 1), (9, 13, 3, 2), (13, 8, 1, 3)])
def test_degenerate_rectangular_games_equal_lrsnash(m: int, n: int, high: int,
                                                    seed: int) -> None:
    rng = np.random.default_rng(seed)
    A, B = rng.integers(0, high + 1, (m, n)).tolist(), rng.integers(0, high + 1, (m, n)).tolist()
    game = bimatrix_game(A, B)
    res = solve_bimatrix(game, timeout=120)
    assert res.complete
    theirs, _ = lrsnash(A, B)
    assert profiles(res) == theirs
