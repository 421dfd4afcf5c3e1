"""Games where one player has exactly two strategies (games/solvers/two_strategies.py).

Checked against independent results: the general vertex enumeration followed by the
sympy description of each convex set (`solve_bimatrix` + `attach_details`, a different
algorithm: polytope walks and Groebner bases) must give the very same answer on
hypothesis-generated n x 2 and 2 x n games, degenerate ones above all (tied rows,
duplicate rows, tied columns, zero games); Gambit's enummixed (test-only oracle) the
same extreme equilibria; the envelope's corners against a brute-force scan written
here; the large games of issue 13 (thousands of distinct strategies, written compactly
with `effects`) against their equilibria worked out by hand, in a subprocess bounded
to 10 s and 1 GB, stated as sets beyond the listing limits.
"""
from __future__ import annotations

import json
from fractions import Fraction
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import games
from games.numbers import ZERO, played
from games.solvers.bimatrix import solve_bimatrix
from games.solvers.continua import attach_details, describe
from games.solvers.two_strategies import corners, describe_linear, solve_two_strategies
from tests.test_hostile import analyze, refused, write
from tests.test_tied_payoffs_large import tied_yaml

VALUES = {"binary": [0, 1], "small": [0, 1, 2], "signed": list(range(-3, 4)),
          "fractions": [Fraction(1, 3), Fraction(-2, 5), 2, 0], "zero": [0]}


@st.composite
def n_by_two(draw: st.DrawFn, low: int = 3, high: int = 8) -> games.Game:
    """An n x 2 or 2 x n game, often degenerate: payoffs from a small set, rows
    copied, one player's payoffs all equal."""
    n = draw(st.integers(low, high))
    vals = VALUES[draw(st.sampled_from(sorted(VALUES)))]
    cell = st.sampled_from(vals).map(Fraction)
    a = [[draw(cell), draw(cell)] for _ in range(n)]
    b = [[draw(cell), draw(cell)] for _ in range(n)]
    if draw(st.booleans()):                          # duplicate rows (for one player)
        k = draw(st.integers(0, n - 1))
        a[draw(st.integers(0, n - 1))] = list(a[k])
    if draw(st.booleans()):                          # lines through one point
        v = draw(cell)
        for i in draw(st.lists(st.integers(0, n - 1), max_size=n)):
            s = draw(cell)
            a[i] = [v + s, v - s]
    if draw(st.booleans()):                          # tied columns for the pair player
        for i in draw(st.lists(st.integers(0, n - 1), max_size=n)):
            b[i][1] = b[i][0]
    A, B = np.array(a, dtype=object), np.array(b, dtype=object)
    return games.Game.from_matrices(A, B) if draw(st.booleans()) else \
        games.Game.from_matrices(B.T, A.T)          # the same game, players swapped


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n_by_two())
def test_same_answer_as_the_general_enumeration(game: games.Game) -> None:
    general = attach_details(game, solve_bimatrix(game))
    ours = solve_two_strategies(game)
    assert ours.equilibria == general.equilibria          # the same points, in the same order
    assert ours.components == general.components          # members, convex sets, exact sets
    assert (ours.degenerate, ours.notes, ours.complete, ours.method) == \
        (general.degenerate, general.notes, general.complete, general.method)


@pytest.mark.parametrize("b", [[[1, 0], [0, 2], [3, 1]], [[0, 1], [1, 0], [2, 0]]])
def test_three_lines_through_one_corner_make_the_game_degenerate(b: list[list[int]]) -> None:
    """A's three strategies tie at B's even mixture and nowhere else: degenerate, as
    the general enumeration says, though no pure strategy leaves B indifferent."""
    a = np.array([[1, -1], [0, 0], [-1, 1]], dtype=object)
    for game in (games.Game.from_matrices(a, np.array(b, dtype=object)),
                 games.Game.from_matrices(np.array(b, dtype=object).T, a.T)):
        general = attach_details(game, solve_bimatrix(game))
        ours = solve_two_strategies(game)
        assert ours.degenerate and general.degenerate
        assert (ours.equilibria, ours.components) == (general.equilibria, general.components)


def _gambit_points(game: games.Game) -> set[tuple[tuple[Fraction, ...], ...]]:
    gbt = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")
    g = gbt.Game.from_arrays(np.array(game.payoffs[0], dtype=object),
                             np.array(game.payoffs[1], dtype=object))
    return {tuple(tuple(Fraction(str(eq[s])) for s in p.strategies) for p in g.players)
            for eq in gbt.nash.enummixed_solve(g, rational=True).equilibria}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n_by_two(low=3, high=12))
def test_same_extreme_equilibria_as_gambit(game: games.Game) -> None:
    ours = {e.profile for e in solve_two_strategies(game).equilibria}
    assert ours == _gambit_points(game)


def _best_rows(a: list[list[Fraction]], q: Fraction) -> tuple[int, ...]:
    values = [r[1] + q * (r[0] - r[1]) for r in a]
    return tuple(i for i, v in enumerate(values) if v == max(values))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(-4, 4), st.integers(-4, 4)), min_size=1, max_size=10))
def test_corners_against_a_scan(rows: list[tuple[int, int]]) -> None:
    """Every corner is where the best rows change (or an end), its tied rows are the
    best rows there, and between corners the best rows are constant."""
    a = [[Fraction(x), Fraction(y)] for x, y in rows]
    found = corners([r[0] for r in a], [r[1] for r in a])
    qs = [c.q for c in found]
    assert qs[0] == 0 and qs[-1] == 1 and qs == sorted(set(qs))
    for c in found:
        assert c.tied == _best_rows(a, c.q)
        assert all(c.value == r[1] + c.q * (r[0] - r[1]) for r in (a[i] for i in c.tied))
    for lo, hi in zip(qs, qs[1:]):                  # inside: constant, and fewer rows
        mids = [lo + (hi - lo) * Fraction(k, 7) for k in range(1, 7)]
        inside = {_best_rows(a, q) for q in mids}
        assert len(inside) == 1
        assert set(inside.pop()) <= set(_best_rows(a, lo)) & set(_best_rows(a, hi))
    # every change of the best rows on a fine grid happens at a corner
    grid = [Fraction(k, 210) for k in range(211)]
    for q0, q1 in zip(grid, grid[1:]):
        if _best_rows(a, q0) != _best_rows(a, q1):
            assert any(q0 <= q <= q1 for q in qs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n_by_two(low=3, high=6), st.data())
def test_describe_linear_matches_describe(game: games.Game, data: st.DataObject) -> None:
    """Any support profile, not only those of convex sets: the same piece, or None."""
    supports = tuple(tuple(sorted(data.draw(st.sets(st.integers(0, k - 1), min_size=1))))
                     for k in game.shape)
    found = describe(game, supports, with_points=False)
    assert describe_linear(game, supports) == (None if found is None else found.piece)


def _brute_force_equilibrium(game: games.Game, profile: tuple[tuple[Fraction, ...], ...]) -> bool:
    """No pure deviation pays, computed densely here."""
    A, B = game.payoffs[0], game.payoffs[1]
    x, y = profile
    rows = [sum((A[i, j] * y[j] for j in range(len(y))), Fraction(0)) for i in range(len(x))]
    cols = [sum((B[i, j] * x[i] for i in range(len(x))), Fraction(0)) for j in range(len(y))]
    return sum(p * v for p, v in zip(x, rows)) == max(rows) and \
        sum(p * v for p, v in zip(y, cols)) == max(cols)


# ------------------------------------------------------------------ the games of issue 13

def quarter_yaml(n: int) -> str:
    """Every strategy of A ties at B's even mixture (A earns j at x and -j at y with
    s_j); B earns 1 at x against an even j, at y against an odd one. The equilibria
    are one polytope at B's even mixture whose extreme points are A's even mixtures of
    an even and an odd strategy: n^2/4 of them (n even)."""
    names = ", ".join(f"s{j}" for j in range(n))
    rules = "".join(
        f"  - when: {{A: s{j}, B: x}}\n    payoffs: {{A: {j}{', B: 1' if j % 2 == 0 else ''}}}\n"
        f"  - when: {{A: s{j}, B: y}}\n    payoffs: {{A: {-j}{', B: 1' if j % 2 else ''}}}\n"
        for j in range(n))
    return f"scenario: quarter\nplayers:\n  A: [{names}]\n  B: [x, y]\neffects:\n{rules}"


def test_quarter_game_lists_its_n_squared_over_four_points(tmp_path: Path) -> None:
    n = 40
    game = games.load(str(write(tmp_path, "q.yaml", quarter_yaml(n))))
    half = (Fraction(1, 2), Fraction(1, 2))
    expected = {(tuple(half[0] if k in (i, j) else ZERO for k in range(n)), half)
                for i in range(0, n, 2) for j in range(1, n, 2)}
    result = games.solve(game)
    assert {e.profile for e in result.equilibria} == expected
    assert all(_brute_force_equilibrium(game, p) for p in expected)
    [comp] = result.components
    assert comp.detail is not None and comp.detail.dimension == n - 2   # two equations
    assert len(comp.detail.pieces) == 1 and comp.detail.polytope


def test_two_thousand_tied_strategies_within_ten_seconds(tmp_path: Path) -> None:
    n = 2000
    path = write(tmp_path, "t.yaml", tied_yaml(n))
    proc = analyze(path, "--format", "json")                  # 10 s, 1 GB
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    got = {(tuple(sorted(e["strategies"]["A"].items())), tuple(sorted(e["strategies"]["B"].items())))
           for e in doc["equilibria"]}
    expected = {((f"s{j}", "1"),) for j in range(n)}
    assert got == {(a, (("x", "1"),)) for a in expected} | {((("s0", "1"),), (("y", "1"),))}
    text = analyze(path)
    assert text.returncode == 0 and "(s1999, x)" in text.stdout


@pytest.mark.parametrize("yaml, points, pieces", [(tied_yaml(8000), 8001, 2),
                                                  (quarter_yaml(500), 500 ** 2 // 4, 1),
                                                  (quarter_yaml(2000), 2000 ** 2 // 4, 1)])
def test_beyond_the_listing_limit_stated_as_sets(tmp_path: Path, yaml: str, points: int,
                                                 pieces: int) -> None:
    """Were refused: now the one connected set is stated by its conditions, its
    extreme points counted (the count written here: n + 1, n^2 / 4), beyond
    STATED_POINTS too (a million, from the faces of B's polytope: tall_sets.py)."""
    proc = analyze(write(tmp_path, "big.yaml", yaml), "--format", "json")   # 10 s, 1 GB
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)["equilibria_info"]
    assert info["complete"]
    [detail] = info["component_details"]
    assert detail["extreme_points"] == points and detail["listed"] is False
    assert len(detail["pieces"]) == pieces
    assert f"--max-listed {points}" in " ".join(info["notes"])


def test_stated_by_the_api_too() -> None:
    n = 3000
    a = np.zeros((n, 2), dtype=object)
    b = np.array([[j, 0] for j in range(n)], dtype=object)
    found = games.solve(games.Game.from_matrices(a, b))
    assert not found.equilibria and [c.unlisted for c in found.components] == [n + 1]


def test_the_limits_are_read_at_each_solve(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    game = games.load(str(write(tmp_path, "q.yaml", quarter_yaml(60))))     # 900 points
    monkeypatch.setattr(games.limits, "LISTED_EXTREME_POINTS", 899)
    assert [c.unlisted for c in games.solve(game).components] == [900]     # stated
    monkeypatch.setattr(games.limits, "STATED_POINTS", 899)       # from the faces now
    faces = games.solve(game)
    assert [c.unlisted for c in faces.components] == [900]
    assert "from the faces of B's best-response polytope" in " ".join(faces.notes)
    monkeypatch.setattr(games.limits, "LISTED_EXTREME_POINTS", 900)
    assert len(games.solve(game).equilibria) == 900
    monkeypatch.setattr(games.limits, "LISTED_PROBABILITIES", 900 * 62 - 1)
    assert "STATED_POINTS" in " ".join(games.solve(game).notes)


def tangent_game(n: int) -> games.Game:
    """A's lines are the tangents of (n-1)^2 q^2 at q = k/(n-1), so each is A's only
    best response on a segment of B's mixtures q; B gets 0 everywhere. Every pure
    strategy of A is an equilibrium with each end of its segment: 2n extreme points in
    one chain, whose convex sets are the n segments and the n - 1 mixtures of
    neighbours at the corners between them."""
    a = np.array([[2 * k * (n - 1) - k * k, -k * k] for k in range(n)], dtype=object)
    return games.Game.from_matrices(a, np.zeros((n, 2), dtype=object))


def test_tangent_game_against_gambit_and_the_conditions_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    n = 30
    game = tangent_game(n)
    result = games.solve(game)
    assert {e.profile for e in result.equilibria} == _gambit_points(game)
    ends = [Fraction(0)] + [Fraction(2 * k + 1, 2 * (n - 1)) for k in range(n - 1)] + [Fraction(1)]
    assert {(e.profile[0].index(1), e.profile[1][0]) for e in result.equilibria} == \
        {(k, ends[k + side]) for k in range(n) for side in (0, 1)}
    [comp] = result.components
    assert len(comp.members) == 2 * n and len(comp.convex_sets) == 2 * n - 1
    bound = (2 * n - 1) * (n + 2)                   # an inequality per strategy and set
    monkeypatch.setattr(games.limits, "LISTED_CONDITIONS", bound - 1)
    with pytest.raises(games.errors.TooManyToList, match="LISTED_CONDITIONS"):
        games.solve(game)
    monkeypatch.setattr(games.limits, "LISTED_CONDITIONS", bound)
    assert games.solve(game).equilibria == result.equilibria


def test_played_reads_the_shared_zero_and_others() -> None:
    probs = (ZERO, Fraction(0), Fraction(1, 2), ZERO, Fraction(1, 2), Fraction(0, 5))
    assert played(probs) == [2, 4]
    assert played([]) == []


@pytest.mark.parametrize("n", [3, 9, 40])
def test_every_listed_point_passes_a_brute_force_check(n: int) -> None:
    rng = np.random.default_rng(n)
    for _ in range(5):
        a = rng.integers(-2, 3, size=(n, 2)).astype(object)
        b = rng.integers(-2, 3, size=(n, 2)).astype(object)
        game = games.Game.from_matrices(a, b)
        result = games.solve(game)
        assert result.equilibria
        assert all(_brute_force_equilibrium(game, e.profile) for e in result.equilibria)
        for i, j in combinations(range(len(result.equilibria)), 2):
            assert result.equilibria[i].profile != result.equilibria[j].profile


# ------------------------------------------------------------------ dominance, n x 2

def _exact_above(u: np.ndarray, row: int, strict: bool) -> np.ndarray:
    """The comparison `dominance._above` replaced, row by row in Fractions."""
    return np.array([bool(np.all(u[k] > u[row])) if strict else
                     bool(np.all(u[k] >= u[row]) and np.any(u[k] > u[row]))
                     for k in range(u.shape[0])])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from([Fraction(0), Fraction(1), Fraction(1, 3),
                                          1 + Fraction(1, 10 ** 30), Fraction(1, 3) + Fraction(1, 10 ** 40),
                                          Fraction(-1, 10 ** 30)]), min_size=3, max_size=3),
                min_size=2, max_size=8), st.booleans())
def test_float_screen_of_dominating_rows_is_exact(rows: list[list[Fraction]], strict: bool) -> None:
    """Values that differ by 1e-30 round to the same float: those rows are compared
    exactly, the others read from the floats, and the answer is the exact one."""
    from games.solvers.dominance import _above
    u = np.array(rows, dtype=object)
    uf = u.astype(float)
    exact = bool(np.all(uf == u))
    for row in range(u.shape[0]):
        expected = list(_exact_above(u, row, strict))
        assert list(_above(u, (uf, False), row, strict)) == expected
        assert list(_above(u, (uf, exact), row, strict)) == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)), min_size=1, max_size=9))
def test_best_somewhere_inside_against_a_scan(rows: list[tuple[int, int]]) -> None:
    """Rows that are a best response at some q in (0, 1): checked at every crossing of
    two lines inside and between consecutive crossings, where the best rows change."""
    from games.solvers.envelope import best_somewhere_inside
    a = [[Fraction(x), Fraction(y)] for x, y in rows]
    cuts = {Fraction(0), Fraction(1)}
    for (x1, y1), (x2, y2) in combinations(a, 2):
        if (x1 - y1) != (x2 - y2):
            q = (y2 - y1) / ((x1 - y1) - (x2 - y2))
            if 0 < q < 1:
                cuts.add(q)
    qs = sorted(cuts)
    points = [q for q in qs if 0 < q < 1] + [(p + q) / 2 for p, q in zip(qs, qs[1:])]
    expected = {i for q in points for i in _best_rows(a, q)}
    assert best_somewhere_inside(corners([r[0] for r in a], [r[1] for r in a])) == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n_by_two(low=3, high=10))
def test_dominance_shortcuts_change_nothing(game: games.Game) -> None:
    """The whole dominance report with the envelope proof and the float screen, and
    with them switched off (every row compared exactly, beliefs and LPs as before)."""
    from unittest import mock

    from games.solvers import dominance as dom
    fast = dom.dominance(game)
    with mock.patch.object(dom, "_inside_best", lambda *args: frozenset()), \
            mock.patch.object(dom, "_above", lambda u, screen, row, strict: _exact_above(u, row, strict)):
        slow = dom.dominance(game)

    def seen(r: dom.DominanceReport) -> tuple:      # the reduced games: equal, not identical
        return (r.strictly_dominated, r.weakly_dominated,
                *((e.steps, e.surviving, e.rounds) for e in (r.strict, r.weak) if e))
    assert seen(fast) == seen(slow)


def test_random_two_thousand_by_two_within_ten_seconds(tmp_path: Path) -> None:
    """Payoffs 0..99 drawn at random (fixed seed): listed within 10 s and 1 GB; a
    sample of the listed equilibria passes the brute-force check, and every pure
    equilibrium (found here by scanning the profiles) is listed."""
    n = 2000
    rng = np.random.default_rng(2000)
    a, b = rng.integers(100, size=(n, 2)), rng.integers(100, size=(n, 2))
    names = ", ".join(f"s{j}" for j in range(n))
    rules = "".join(f"  - when: {{A: s{j}, B: {c}}}\n    payoffs: {{A: {a[j, k]}, B: {b[j, k]}}}\n"
                    for j in range(n) for k, c in enumerate("xy"))
    path = write(tmp_path, "r.yaml", f"scenario: r\nplayers:\n  A: [{names}]\n  B: [x, y]\n"
                                     f"effects:\n{rules}")
    proc = analyze(path, "--format", "json")                   # 10 s, 1 GB
    assert proc.returncode == 0, proc.stderr
    listed = []
    for e in json.loads(proc.stdout)["equilibria"]:
        x = tuple(Fraction(e["strategies"]["A"].get(f"s{j}", "0")) for j in range(n))
        y = tuple(Fraction(e["strategies"]["B"].get(s, "0")) for s in ("x", "y"))
        listed.append((x, y))
    game = games.Game.from_matrices(a.astype(object), b.astype(object))
    for k in np.random.default_rng(1).choice(len(listed), size=min(30, len(listed)),
                                             replace=False):
        assert _brute_force_equilibrium(game, listed[k])
    pure = {(j, c) for j in range(n) for c in range(2)
            if a[j, c] == a[:, c].max() and b[j, c] == b[j].max()}
    assert pure == {(x.index(1), y.index(1)) for x, y in listed if 1 in x and 1 in y}


def test_max_listed_raises_the_limits(tmp_path: Path) -> None:
    path = write(tmp_path, "q.yaml", quarter_yaml(60))               # 900 extreme points
    stated = analyze(path, "--max-listed", "899", "--format", "json")
    assert stated.returncode == 0, stated.stderr
    assert "--max-listed 900 lists every one" in stated.stdout
    proc = analyze(path, "--max-listed", "900", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["equilibria"]) == 900
    refused(path, "--max-listed", "0", words=("--max-listed must be at least 1",))
