"""The estimate of a reverse-search walk made before it starts (walk_estimate.py), and
the refusal of walks estimated beyond games.limits.MAX_WALK_SECONDS.

The estimate is checked against the count of a full walk (every basis the reverse
search visits, counted here by walking the tree to the end) on fixed-seed random
games of 6x6 to 10x10; the refusal's path (error type, one line, exit 2, ways
forward) with the limit lowered, so that it is reached by a small game."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import games
from games.errors import EnumerationTooLong, TooLargeError
from games.solvers import walk_estimate
from games.solvers.bimatrix import constraint_rows, payoff_matrices
from games.solvers.reverse_search import _Walk
from tests.test_long_runs import random_matrices, write_nfg


def _walked_rows(A: list[list[int]], B: list[list[int]]) -> list[list[int]]:
    """The rows of the polytope the solver walks (player 1's, square games)."""
    return constraint_rows(payoff_matrices(games.Game.from_matrices(A, B))[1].T)


@pytest.mark.parametrize("n", [6, 7, 8, 9, 10])
@pytest.mark.parametrize("seed", [1, 2])
def test_estimate_near_the_full_walk(n: int, seed: int) -> None:
    rows = _walked_rows(*random_matrices(n, seed))
    full = sum(1 for _ in _Walk(rows).bases())
    for width in (walk_estimate.WIDTH, 40):     # 40: levels wider than that are sampled
        est = walk_estimate.estimate_bases(rows, width=width).bases
        assert full / 3 <= est <= 3 * full, (n, seed, width, est, full)


def test_twelve_by_twelve_is_not_refused() -> None:
    A, B = random_matrices(12, 1)
    rows = _walked_rows(A, B)
    # probed even though its upper bound theorem count is within the limit
    assert walk_estimate.walk_problem(rows, bound=10 ** 12) is None
    result = games.solve(games.Game.from_matrices(A, B))
    assert result.complete


def test_api_raises_the_documented_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(walk_estimate, "MAX_WALK_SECONDS", 1e-6)
    game = games.Game.from_matrices(*random_matrices(20, 1))
    with pytest.raises(EnumerationTooLong) as err:
        games.solve(game)
    assert not isinstance(err.value, TooLargeError)     # no silent switch to a sample
    assert "--timeout" in str(err.value) and "--method numeric" in str(err.value)
    # an explicit time limit is never refused: the walk runs until then
    assert games.solve(game, timeout=0.5).equilibria
    # nor an explicit work limit: the walk stops there, marked incomplete
    from games.solvers.bimatrix import solve_bimatrix
    assert not solve_bimatrix(game, max_bases=2_000).complete


def test_cli_refuses_in_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import main
    monkeypatch.setattr(walk_estimate, "MAX_WALK_SECONDS", 1e-6)
    path = tmp_path / "r20.nfg"
    write_nfg(path, *random_matrices(20, 1))
    assert main([str(path), "--no-sensitivity"]) == 2
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("analyze: error: exact enumeration "
                                                   "refused"), out.err
    assert out.out == ""


def test_sizes_that_finish_are_estimated_below_the_limit() -> None:
    """The seed-1 games of benchmarks/bench_lrs.py at 20x20 (random 0..99 and 0..3),
    which run to the end in about a minute: estimated far below the limit."""
    from benchmarks.bench_lrs import game
    for high in (99, 3):
        A, B = game(20, high, 1)
        est = walk_estimate.estimate_bases(_walked_rows(A, B))
        assert est.seconds < games.limits.MAX_WALK_SECONDS / 10, (high, est)


def test_oversized_game_refused_in_a_subprocess(tmp_path: Path) -> None:
    """A random 51x51 game (days of walk) ends within the hostile-input bounds (10 s of
    processor time, 1 GB) with exit 2 and one line naming the estimate and the ways
    forward, before any walk."""
    from tests.test_hostile import refused
    path = tmp_path / "r51.nfg"
    write_nfg(path, *random_matrices(51, 0))
    line = refused(path, "--no-sensitivity",
                   words=("refused", "vertex bases", "--timeout SECONDS", "--method numeric"))
    assert "hours" in line or "days" in line


def test_tied_games_are_left_to_the_cap() -> None:
    """A 0/1 game's walk is nearly all bases at degenerate vertices: its estimate is far
    beyond the limit, but the default cap on those bases ends it with the equilibria
    found so far, so it is not refused; a 0..3 game of the same size (a fifth of its
    bases there, below the cap's three quarters) is."""
    rng = np.random.default_rng(7)
    ties = rng.integers(0, 2, (40, 40)).tolist()
    rows = constraint_rows(payoff_matrices(games.Game.from_matrices(ties, ties))[1].T)
    est = walk_estimate.estimate_bases(rows)
    assert est.seconds > games.limits.MAX_WALK_SECONDS and est.degenerate > 0.9 * est.bases
    assert walk_estimate.walk_problem(rows, bound=10 ** 12) is None
