"""The estimate of a reverse-search walk made before it starts (walk_estimate.py), and
the refusal of walks estimated beyond games.limits.MAX_WALK_SECONDS.

The estimate is checked against the count of a full walk (every basis the reverse
search visits, counted here by walking the tree to the end) on fixed-seed random
games of 6x6 to 16x16; the float probe of the tree against the exact walk's levels;
the refusal's path (error type, one line, exit 2, ways forward) with the limit
lowered, so that it is reached by a small game; and random 30x30 and 51x51 games
refused within the hostile-input bounds (10 s of processor time, 1 GB)."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import games
from games.errors import EnumerationTooLong, TooLargeError
from games.solvers import walk_estimate, walk_probe
from games.solvers.bimatrix import constraint_rows, payoff_matrices
from games.solvers.reverse_search import _Node, _Walk, counted_batches
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


@pytest.mark.parametrize(("n", "seed"), [(12, 1), (14, 2), (16, 1)])
def test_estimate_of_larger_walks_within_a_factor(n: int, seed: int) -> None:
    """Random 12x12 to 16x16 games (4,465 to 87,183 bases, their widest levels near
    WIDTH): the estimate within a factor of 1.5 of the exact walk's count, and within
    3 with a tenth of the width (levels sampled from the fourth or fifth level on)."""
    rows = _walked_rows(*random_matrices(n, seed))
    full = sum(len(part) for part in counted_batches([rows]))
    est = walk_estimate.estimate_bases(rows).bases
    assert full / 1.5 <= est <= 1.5 * full, (n, seed, est, full)
    thin = walk_estimate.estimate_bases(rows, width=walk_estimate.WIDTH // 10).bases
    assert full / 3 <= thin <= 3 * full, (n, seed, thin, full)


def _exact_levels(rows: list[list[int]]) -> list[tuple[int, int]]:
    """Bases of each level of the exact reverse-search tree, and how many of them are at
    degenerate vertices (a basic variable at zero), by the exact walk's own steps."""
    walk = _Walk(rows)
    level = [_Node(walk.start, [-1] + list(range(walk.d, walk.d + walk.r)),
                   list(range(walk.d)), 1)]
    out = []
    while level:
        out.append((len(level), sum(not all(row[walk.d] for row in node.rows[1:])
                                    for node in level)))
        level = [node.pivot(u, p) for node in level for u, p in walk.children(node)]
    return out


@pytest.mark.parametrize("high", [99, 3, 1])
def test_float_probe_walks_the_exact_tree(high: int) -> None:
    """Probed to the end without sampling, the float levels are the exact walk's, base
    for base in count, degenerate ones included: random, small-integer (ties in the
    ratio test, broken lexicographically) and 0/1 games."""
    rng = np.random.default_rng(high)
    A, B = (rng.integers(0, high + 1, (11, 11)).tolist() for _ in range(2))
    rows = _walked_rows(A, B)
    level, probed = walk_probe.root(rows), []
    while len(level):
        probed.append(len(level))
        level = walk_probe.pivot(level, walk_probe.children(level))
    exact = _exact_levels(rows)
    assert probed == [c for c, _ in exact]
    est = walk_estimate.estimate_bases(rows, width=10 ** 6)
    assert est.bases == sum(c for c, _ in exact)
    assert est.degenerate == sum(t for _, t in exact)


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
    which run to the end in a minute or two, and a random 20x20 of tests.test_long_runs
    (2,036,515 bases, its walk's entries past 2^60 in half of them): estimated well
    below the limit, and not refused."""
    from benchmarks.bench_lrs import game
    for A, B in (game(20, 99, 1), game(20, 3, 1), random_matrices(20, 1)):
        rows = _walked_rows(A, B)
        est = walk_estimate.estimate_bases(rows)
        assert est.seconds < games.limits.MAX_WALK_SECONDS / 4, est
        assert walk_estimate.walk_problem(rows, bound=10 ** 12) is None


@pytest.mark.parametrize("n", [30, 51])
def test_oversized_game_refused_in_a_subprocess(tmp_path: Path, n: int) -> None:
    """A random 30x30 game (days of walk: its estimate, 1.6e8 to 6.6e9 bases over seeds
    0-3, extrapolates the 2.2x per strategy of 12x12 to 20x20) and a 51x51 one end within
    the hostile-input bounds (10 s of processor time, 1 GB) with exit 2 and one line
    naming the estimate, the limit and the ways forward, before any walk."""
    from tests.test_hostile import refused
    path = tmp_path / f"r{n}.nfg"
    write_nfg(path, *random_matrices(n, 0))
    line = refused(path, "--no-sensitivity",
                   words=("refused", "vertex bases", "MAX_WALK_SECONDS", "--timeout SECONDS",
                          "--method numeric"))
    assert "hours" in line or "days" in line


def test_tied_games_are_left_to_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 0/1 game's walk is nearly all bases at degenerate vertices: even with its
    estimate beyond the limit (lowered here to a second: the probe stops at its work
    bound after a few levels), it is not refused, since the default cap on those bases
    ends it with the equilibria found so far."""
    monkeypatch.setattr(walk_estimate, "MAX_WALK_SECONDS", 1)
    rng = np.random.default_rng(7)
    ties = rng.integers(0, 2, (40, 40)).tolist()
    rows = constraint_rows(payoff_matrices(games.Game.from_matrices(ties, ties))[1].T)
    est = walk_estimate.estimate_bases(rows)
    assert est.seconds > 1 and est.degenerate > 0.9 * est.bases
    assert walk_estimate.walk_problem(rows, bound=10 ** 12) is None
    # left to the cap, with the shorter backstop of walks left to it
    backstop = walk_estimate.check_walk(games.Game.from_matrices(ties, ties))
    assert backstop.tied and backstop.entries == walk_estimate.tied_backstop(40, 40, 40, 40)
    assert backstop.entries <= games.limits.TIED_WALK_ENTRIES


def test_ties_of_the_first_levels_only_do_not_spare_a_walk(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Payoffs 0..3: the first level of the walk is all at degenerate vertices (each
    column's largest entry is tied), the tree as a whole mostly not (its levels counted
    here in full, by the float probe without sampling). The estimate reads the share
    from every level probed, so such a walk beyond the limit (lowered here below its
    estimate) is refused, where one read from the first level was left to the cap
    on ties and walked for hours at 30x30."""
    rng = np.random.default_rng(3)
    A, B = (rng.integers(0, 4, (14, 14)).tolist() for _ in range(2))
    rows = _walked_rows(A, B)
    level, counts = walk_probe.root(rows), []
    while len(level):
        kids = walk_probe.children(level)
        counts.append((len(kids), int(kids.degenerate.sum())))
        level = walk_probe.pivot(level, kids)
    first, whole = counts[0], np.sum(counts, axis=0)
    assert first[1] >= 0.75 * first[0]                      # tied at the first level
    assert whole[1] < 0.5 * whole[0]                        # not as a whole
    full = walk_estimate.estimate_bases(rows)
    assert not full.tied
    # the limit a little below the whole walk's estimate: decided on its lower levels
    monkeypatch.setattr(walk_estimate, "MAX_WALK_SECONDS",
                        full.seconds / (2 * walk_estimate.DECIDED))
    walk_estimate._estimate.cache_clear()
    assert walk_estimate.walk_problem(rows, bound=10 ** 12) is not None


@pytest.mark.parametrize(("n", "high"), [(300, 99), (100, 99), (40, 3)])
def test_oversized_games_refused_within_the_bounds(tmp_path: Path, n: int,
                                                   high: int) -> None:
    """A random 300x300 game (its first level mostly tied: 300 rows share 100 payoff
    values, so each column's largest is tied), a random 100x100 one and a 0..3 40x40
    one (tied at first, 13% deeper): each refused within 10 s of processor time and
    1 GB, exit 2, one line naming the limit and the ways forward, nothing on stdout.
    Before, the first was walked (2.2 GB at 40 s) and the last for hours."""
    from tests.test_hostile import refused
    rng = np.random.default_rng(n)
    A, B = (rng.integers(0, high + 1, (n, n)).tolist() for _ in range(2))
    path = tmp_path / f"g{n}.nfg"
    write_nfg(path, A, B)
    refused(path, words=("refused", "vertex bases", "MAX_WALK_SECONDS",
                         "--timeout SECONDS", "--method numeric"))


def test_a_walk_past_its_backstop_ends_marked_incomplete(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The default walk's backstop on work (MAX_WALK_ENTRIES tableau entries), lowered
    here so that a random 10x10 game's walk reaches it: the answer is marked incomplete
    with a note naming the limit, and every equilibrium it lists passes a deviation
    check written here."""
    from games.solvers import bimatrix
    monkeypatch.setattr(walk_estimate, "MAX_WALK_ENTRIES", 20 * 11 * 11)
    monkeypatch.setattr(bimatrix, "enumeration_bases", lambda m, n: 100)  # counted
    A, B = random_matrices(10, 4)
    result = bimatrix.solve_bimatrix(games.Game.from_matrices(A, B))
    assert not result.complete
    assert any("MAX_WALK_ENTRIES" in note for note in result.notes), result.notes
    assert result.equilibria
    for eq in result.equilibria:
        x, y = ([Fraction(v) for v in p] for p in eq.profile)
        row = [sum(a * q for a, q in zip(A[i], y)) for i in range(10)]
        col = [sum(B[i][j] * p for i, p in enumerate(x)) for j in range(10)]
        assert sum(p * v for p, v in zip(x, row)) == max(row)
        assert sum(q * v for q, v in zip(y, col)) == max(col)
