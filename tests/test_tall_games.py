"""Tall 2-player games: one player with many strategies, the other with 3 to 6
(games/solvers/tall.py), and their dominance report (games/solvers/dominance.py).

Checked against independent results: the general enumeration (`solve_bimatrix` and
`attach_details`: polytope walks, faces solved as polytopes, sympy descriptions) gives
the very same answer on hypothesis-generated games, tied and swapped ones above all,
and on mid-size ones (45 x 3 to 50 x 5); Gambit's enummixed (test-only oracle) the same
extreme equilibria on 16 x 3 and 14 x 4 games, random and tied; on games of thousands
of strategies, the general enumeration of the game left by iterated elimination of
strictly dominated strategies (which keeps the Nash set), lifted back by hand here. The
dominance report of tall games against an exact LP over all rows written here. The
large games run `analyze` in a subprocess under 1 GB: complete answers within
LEGAL_SECONDS (20 s: a few seconds on a quiet machine, up to 11 s measured while five
other test runs shared two cores).
Tied games of thousands of strategies, once refused, are stated as sets:
tests/test_tall_sets.py.
"""
from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import games
from games.formats.nfg import write_nfg
from games.solvers import tall
from games.solvers.bimatrix import solve_bimatrix
from games.solvers.continua import attach_details
from games.solvers.dominance import dominance, iterated_elimination
from games.solvers.lp import solve_lp
from tests.test_hostile import LEGAL_SECONDS, analyze

Profile = tuple[tuple[Fraction, ...], ...]


def _matrices(n: int, m: int, high: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, high + 1, size=(n, m)).astype(object)
    b = rng.integers(0, high + 1, size=(n, m)).astype(object)
    return a, b


def _game(n: int, m: int, high: int, seed: int, swapped: bool = False) -> games.Game:
    """A random n x m game with integer payoffs 0..high (a tied game for small `high`),
    or the same game with the players swapped (m x n)."""
    a, b = _matrices(n, m, high, seed)
    return games.Game.from_matrices(b.T, a.T) if swapped else games.Game.from_matrices(a, b)


@st.composite
def tall_games(draw: st.DrawFn) -> games.Game:
    """A game of 3 to 14 rows and 3 or 4 columns, often tied (payoffs from a small
    set, rows copied for one player), possibly with the players swapped."""
    n, m = draw(st.integers(3, 14)), draw(st.integers(3, 4))
    values = draw(st.sampled_from([[0, 1], [0, 1, 2, 3], list(range(-3, 4)), list(range(50))]))
    cell = st.sampled_from(values).map(Fraction)
    a = [[draw(cell) for _ in range(m)] for _ in range(n)]
    b = [[draw(cell) for _ in range(m)] for _ in range(n)]
    if draw(st.booleans()):                     # a row copied for one player only
        i, k = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        (a if draw(st.booleans()) else b)[i] = list((a if draw(st.booleans()) else b)[k])
    A, B = np.array(a, dtype=object), np.array(b, dtype=object)
    return games.Game.from_matrices(B.T, A.T) if draw(st.booleans()) else \
        games.Game.from_matrices(A, B)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tall_games())
def test_same_answer_as_the_general_enumeration(game: games.Game) -> None:
    general = attach_details(game, solve_bimatrix(game))
    ours = tall.solve_tall(game)
    assert ours.equilibria == general.equilibria          # the same points, in the same order
    assert ours.components == general.components          # members, convex sets, exact sets
    assert (ours.degenerate, ours.notes, ours.complete, ours.method) == \
        (general.degenerate, general.notes, general.complete, general.method)


@pytest.mark.parametrize("n, m, high, seed, swapped", [
    (45, 3, 1000, 1, False), (45, 3, 3, 2, True), (50, 4, 2, 3, False), (48, 5, 1000, 4, True)])
def test_mid_size_games_as_the_general_enumeration(n: int, m: int, high: int, seed: int,
                                                   swapped: bool) -> None:
    game = _game(n, m, high, seed, swapped)
    assert tall.applies(game.shape)
    ours = games.solve(game)                       # through solve(): the tall path
    general = attach_details(game, solve_bimatrix(game))
    assert ours.equilibria == general.equilibria
    assert ours.components == general.components
    assert ours.degenerate == general.degenerate


def _gambit_points(game: games.Game) -> set[Profile]:
    gbt = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")
    g = gbt.Game.from_arrays(np.array(game.payoffs[0], dtype=object),
                             np.array(game.payoffs[1], dtype=object))
    return {tuple(tuple(Fraction(str(eq[s])) for s in p.strategies) for p in g.players)
            for eq in gbt.nash.enummixed_solve(g, rational=True).equilibria}


@pytest.mark.parametrize("n, m, high, seed, swapped", [
    (16, 3, 3, 12, False), (16, 3, 1000, 13, True), (14, 4, 3, 15, False), (14, 4, 2, 16, True)])
def test_same_extreme_equilibria_as_gambit(n: int, m: int, high: int, seed: int,
                                           swapped: bool) -> None:
    """Gambit enumerates both polytopes, the big one too: seconds at 16 x 3 already
    (minutes at 40 x 3), so the games here are small and the solver is called directly."""
    game = _game(n, m, high, seed, swapped)
    result = tall.solve_tall(game)
    assert result.complete and len(result.equilibria) > 1
    assert {e.profile for e in result.equilibria} == _gambit_points(game)


# ------------------------------------------------------------- thousands of rows

def _lifted_oracle(game: games.Game) -> set[Profile]:
    """The extreme equilibria of `game` from the general enumeration of the game left
    by iterated strict dominance, each probability put back at its strategy's place
    (eliminated strategies at 0)."""
    reduced = iterated_elimination(game)
    found = solve_bimatrix(reduced.reduced)
    assert found.complete
    out = set()
    for e in found.equilibria:
        profile = []
        for i, probs in enumerate(e.profile):
            full = [Fraction(0)] * game.shape[i]
            for j, p in zip(reduced.surviving[i], probs):
                full[j] = p
            profile.append(tuple(full))
        out.add(tuple(profile))
    return out


def _json_points(doc: dict, game: games.Game) -> set[Profile]:
    """The JSON's listed equilibria as exact probability vectors of `game`."""
    out = set()
    for e in doc["equilibria"]:
        profile = []
        for player in game.players:
            probs = e["strategies"][player.name]
            profile.append(tuple(Fraction(probs.get(s.name, "0")) for s in player.strategies))
        out.add(tuple(profile))
    return out


@pytest.mark.parametrize("n, m, seed, swapped", [(2000, 3, 21, False), (5000, 3, 22, True),
                                                 (2000, 4, 23, False)])
def test_thousands_of_random_strategies_in_bounded_time(tmp_path: Path, n: int, m: int,
                                                           seed: int, swapped: bool) -> None:
    game = _game(n, m, 1000, seed, swapped)
    path = tmp_path / "tall.nfg"
    write_nfg(game, path)
    proc = analyze(path, "--format", "json", seconds=LEGAL_SECONDS)          # 1 GB
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    loaded = games.load(str(path))
    assert _json_points(doc, loaded) == _lifted_oracle(loaded)


def test_tied_game_stated_below_its_count_and_listed_at_it(tmp_path: Path) -> None:
    """A tied 60 x 3 game of 573 extreme points: its largest connected sets stated as
    sets with --max-listed 572, listed in full with --max-listed 573, and the list is
    the general enumeration's after strict dominance."""
    game = _game(60, 3, 3, 41)
    path = tmp_path / "tied.nfg"
    write_nfg(game, path)
    loaded = games.load(str(path))
    expected = _lifted_oracle(loaded)
    count = len(expected)
    assert count == 573
    stated = analyze(path, "--format", "json", "--max-listed", str(count - 1))
    assert stated.returncode == 0, stated.stderr
    info = json.loads(stated.stdout)["equilibria_info"]
    assert f"--max-listed {count} lists every one" in " ".join(info["notes"])
    assert len(json.loads(stated.stdout)["equilibria"]) + sum(
        d.get("extreme_points", 0) for d in info["component_details"]
        if d.get("listed") is False) == count
    proc = analyze(path, "--format", "json", "--max-listed", str(count))
    assert proc.returncode == 0, proc.stderr
    assert _json_points(json.loads(proc.stdout), loaded) == expected


# ------------------------------------------------------------- dominance

def _max_margin(u: np.ndarray, row: int) -> Fraction:
    """The largest eps by which a mixture of the other rows beats `row` in every
    column, by one exact LP over all rows (as the report computed it before)."""
    others = [k for k in range(u.shape[0]) if k != row]
    a_ub = [[-u[k, t] for k in others] + [Fraction(1)] for t in range(u.shape[1])]
    res = solve_lp([Fraction(0)] * len(others) + [Fraction(1)], a_ub,
                   [-u[row, t] for t in range(u.shape[1])],
                   [[Fraction(1)] * len(others) + [Fraction(0)]], [1],
                   free=[len(others)], method="exact")
    assert res.objective is not None
    return res.objective


@pytest.mark.parametrize("n, m, high, seed", [(60, 3, 1000, 61), (50, 4, 3, 62), (45, 5, 20, 63)])
def test_dominance_of_tall_games_against_an_lp_over_all_rows(n: int, m: int, high: int,
                                                               seed: int) -> None:
    game = _game(n, m, high, seed)
    report = dominance(game)
    u = np.array(game.payoffs[0], dtype=object)
    margins = [_max_margin(u, r) for r in range(n)]
    strictly = {d.strategy for d in report.strictly_dominated if d.player == 0}
    assert strictly == {r for r in range(n) if margins[r] > 0}
    for d in (*report.strictly_dominated, *report.weakly_dominated):
        values = [c.dominator for c in d.comparisons]
        mine = [c.dominated for c in d.comparisons]
        # the dominator really is what the report says: recomputed from its weights
        w = d.weights
        uu = np.array(game.payoffs[d.player], dtype=object)
        uu = uu if d.player == 0 else uu.T
        assert values == [sum((p * uu[k, t] for k, p in w.items()), Fraction(0))
                          for t in range(uu.shape[1])]
        assert mine == list(uu[d.strategy])
        assert all(v >= x for v, x in zip(values, mine))
        assert (all(v > x for v, x in zip(values, mine))) == d.strict
        assert sum(w.values()) == 1 and d.strategy not in w
    weakly = {d.strategy for d in report.weakly_dominated if d.player == 0}
    for r in range(n):                      # weak only: a zero margin and a weak dominator
        if margins[r] < 0:
            assert r not in weakly
