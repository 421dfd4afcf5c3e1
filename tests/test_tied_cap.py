"""The default work cap of the 2-player enumeration counts only the bases visited at
degenerate vertices, and only while they are at least TIED_SHARE (three quarters) of the walk
(`games.solvers.reverse_search.TiedBasesBudget`): games whose walk finds a new vertex
at most bases (random payoffs, small integers) run to the end, as lrsnash does, while
a walk of a tied game (0/1 payoffs: most bases at a few degenerate vertices) stops.

The cap is lowered here (the function the solver reads is patched) so that small
games reach it within a second; the real caps and the tied 30x30 and 60x60 games are
in tests/test_enumeration_caps.py. Independent results: lrsnash's equilibrium sets
(test-only oracle), and a pure-equilibrium scan and deviation check written here.
"""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from games.budget import Budget
from games.solvers import bimatrix
from games.solvers.bimatrix import solve_bimatrix
from games.solvers.reverse_search import TiedBasesBudget
from tests.lrsnash import LRSNASH, lrsnash
from tests.test_bimatrix import bimatrix_game, profiles
from tests.test_enumeration_caps import _deviation_free, _pure
from tests.test_label_match import bench_game

needs_lrsnash = pytest.mark.skipif(LRSNASH is None, reason="lrsnash (lrslib) not installed: "
                                   "apt-get install lrslib")
LOW_CAP = 2_000


@pytest.fixture
def low_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every game's default cap lowered to LOW_CAP bases."""
    monkeypatch.setattr(bimatrix, "enumeration_bases", lambda m, n: LOW_CAP)


def test_the_limit_counts_degenerate_bases_while_they_are_most() -> None:
    for bases, degenerate, reached in [(100, 40, False),   # most at simple vertices
                                       (14, 10, False),    # under three quarters
                                       (12, 9, False),     # under the cap
                                       (13, 10, True)]:
        budget = TiedBasesBudget("walk", max_work=10)
        budget.count(bases, degenerate)
        assert budget.limit_reached() == reached
    plain = Budget("walk", max_work=10)
    plain.work = 10
    assert plain.limit_reached()


@needs_lrsnash
@pytest.mark.parametrize("n,high,k", [(12, 99, 1), (13, 99, 0), (10, 3, 0), (12, 3, 1),
                                      (14, 3, 0), (16, 3, 1)])
def test_games_of_mostly_simple_vertices_run_past_the_cap(low_cap: None, n: int, high: int,
                                                          k: int) -> None:
    """Random (0..99) and small-integer (0..3) games, up to 16x16 (244,864 bases, a
    fifth of them at degenerate vertices: about 3 s here and 3.5 s for lrsnash), walk
    far more than LOW_CAP bases and still end complete, with lrsnash's equilibria; a plain
    cap of as many bases (max_bases) stops the same game."""
    A, B = bench_game(n, high, k)
    game = bimatrix_game(A, B)
    res = solve_bimatrix(game)
    theirs, _ = lrsnash(A, B)
    assert res.complete and profiles(res) == theirs
    assert not solve_bimatrix(game, max_bases=LOW_CAP).complete


@pytest.mark.parametrize("n", [12, 14])
def test_a_tied_game_stops_at_the_cap(low_cap: None, n: int) -> None:
    """0/1 payoffs: the walk is mostly degenerate bases and stops at the lowered cap,
    marked incomplete and saying why; what it lists is verified and holds every pure
    equilibrium."""
    rng = np.random.default_rng(n)
    a, b = rng.integers(0, 2, size=(n, n)), rng.integers(0, 2, size=(n, n))
    res = solve_bimatrix(bimatrix_game(a.tolist(), b.tolist()))
    assert not res.complete
    assert f"enumeration capped at {LOW_CAP:,} bases at degenerate vertices" in res.notes[0]
    listed = profiles(res)
    assert all(_deviation_free(a, b, list(x), list(y)) for x, y in listed)
    pure = {(x.index(F(1)), y.index(F(1))) for x, y in listed
            if max(x) == 1 and max(y) == 1}
    assert pure == _pure(a, b)
