"""The breadth-first walk (games/solvers/level_walk.py) against independent results.

Oracles: the vertices of {z >= 0 : C z <= 1} found by brute force (every choice of d
tight constraints solved with Fractions, the feasible solutions kept:
tests/test_faces.brute_face with every coordinate allowed); the
Python-integer depth-first walk of reverse_search.py (every lex-feasible basis once,
with its exact vertex: the same multiset), under every arithmetic regime of the
batched kernel (forced on small games by lowering its thresholds), for one polytope
and for two of one shape walked together; and, for whole games through the solver's
path that walks both polytopes this way, lrsnash (lrslib) when installed.
"""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from games.solvers import level_walk
from games.solvers.reverse_search import _Walk, counted_batches
from tests.lrsnash import LRSNASH, lrsnash
from tests.test_batch_walk import KERNELS, Visit, games, kernel, matrices, python_walk
from tests.test_bimatrix import bimatrix_game, profiles
from tests.test_faces import brute_face


def level_visits(polytopes: list[list[list[int]]]) -> list[list[Visit]]:
    """Every basis the level walk visits, by polytope, as its exact vertex."""
    out: list[list[Visit]] = [[] for _ in polytopes]
    for part in level_walk.level_batches([_Walk(rows) for rows in polytopes]):
        for t, (zeros, tight, num, den) in part:
            out[t].append((zeros, tight, tuple(F(x, den) for x in num)))
    return [sorted(v) for v in out]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.one_of(matrices(2), matrices(3), matrices(50)))
def test_level_walk_finds_the_brute_force_vertices(rows) -> None:
    (visits,) = level_visits([rows])
    d = len(rows[0])
    origin = tuple(F(0) for _ in range(d))
    assert {v[2] for v in visits} == brute_face(rows, (1 << d) - 1, 0) | {origin}


@pytest.mark.parametrize("name", list(KERNELS))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=st.one_of(games(2), games(10**6)))
def test_level_walk_visits_the_python_walks_bases(name: str, pair) -> None:
    """One polytope alone, and two of one shape walked together (each keeping its own
    bases), under every arithmetic regime (entries shifted to be positive)."""
    first, second = ([[v + 1 for v in row] for row in M] for M in pair)
    expected = python_walk(first), python_walk(second)
    with kernel(*KERNELS[name]):
        assert level_visits([first]) == [expected[0]]
        assert level_visits([first, second]) == list(expected)


def test_counted_batches_walks_breadth_first_on_request() -> None:
    """`breadth=True` visits the same bases in fewer batched steps (the reason for
    the walk), and the Python-integer nodes of a forced regime are walked too."""
    from tests.test_label_match import bench_game
    A, B = bench_game(8, 3, 0)
    rows = [[v + 1 for v in row] for row in A]
    depth = list(counted_batches([rows]))
    breadth = list(counted_batches([rows], breadth=True))
    assert len(breadth) < len(depth)

    def labels(parts) -> list[tuple[int, int]]:
        return sorted(v for part in parts for v in zip(part.zeros, part.tight))

    assert labels(breadth) == labels(depth)
    with kernel(*KERNELS["python beyond 2^10"]):
        assert labels(counted_batches([rows], breadth=True)) == labels(depth)


@pytest.mark.skipif(LRSNASH is None, reason="lrsnash (lrslib) not installed: "
                    "apt-get install lrslib")
@pytest.mark.parametrize("n,high,k", [(8, 99, 0), (8, 99, 1), (8, 99, 3), (9, 99, 0),
                                      (9, 99, 2), (8, 1, 0), (9, 1, 1)])
def test_benchmark_games_walked_breadth_first_equal_lrsnash(n: int, high: int, k: int
                                                             ) -> None:
    """Square games up to 9x9 walk both polytopes breadth first (pairing.py): the
    benchmark's random games and 0..1 games give lrsnash's equilibria."""
    import games as api
    from tests.test_label_match import bench_game
    A, B = bench_game(n, high, k)
    res = api.solve(bimatrix_game(A, B))
    theirs, _ = lrsnash(A, B)
    assert res.complete and profiles(res) == theirs


def test_breadth_first_is_refused_beyond_int64_keys() -> None:
    """A dictionary too wide for int64 keys is not walked this way (the caller walks
    it depth first)."""
    wide = [[1] * 40 for _ in range(30)]
    assert not level_walk.fits([_Walk(wide)])
    with pytest.raises(ValueError):
        next(level_walk.level_batches([_Walk(wide)]))
    assert len(list(counted_batches([[[1, 2], [2, 1]]] * 2, breadth=True))) > 1
