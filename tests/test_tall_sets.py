"""The Nash set of a 2-player game with a small side stated from the faces of the small
player's polytope (games/solvers/tall_sets.py): answers beyond what is listed or
stated point by point (STATED_POINTS), which were refused before.

Checked against independent results: on small games (the path forced by lowering the
listing limits), every extreme equilibrium of Gambit's enummixed (test-only oracle) or
of the general enumeration (`solve_bimatrix`: polytope walks) lies in a stated piece,
read back from the piece's condition strings by a parser written here; the pieces
hold no other kind of point (the centroid of the oracle's points in each piece is in
it and is an equilibrium, checked exactly); the connected sets are the oracle's (its
extreme equilibria joined when they share a strategy), each set's count of extreme
points the oracle's. On thousands of strategies, in a subprocess bounded (tests/test_hostile.SECONDS) of
processor time and 1 GB: every pure equilibrium found by brute force here lies in a
stated piece, and the count of extreme points is the one worked out here from each
vertex of the small polytope (found here by brute force over bases), by supports of
distinct payoff rows and their multiplicities.
"""
from __future__ import annotations

import functools
import itertools
import json
import math
import re
from fractions import Fraction
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import games
from games import limits
from games.equilibrium import EquilibriumSet
from games.formats.nfg import write_nfg
from games.solvers import tall
from games.solvers.bimatrix import solve_bimatrix
from games.solvers.continua import Piece
from games.solvers.copies import copies_to_merge, merged
from games.solvers.two_strategies import solve_two_strategies
from games.solvers.verify import check_equilibrium
from tests.test_hostile import analyze
from tests.test_tall_games import _game, _gambit_points, tall_games
from tests.test_two_strategies import n_by_two

Profile = tuple[tuple[Fraction, ...], ...]
_TERM = re.compile(r"\s*([+-])?\s*(?:(\d+)\*)?(p\d+|\d+)|\s*([+-])?\s*\((-?\d+(?:/\d+)?)\)")


# ------------------------------------------------------------- reading a piece back

@functools.lru_cache(maxsize=None)
def _linear(text: str) -> tuple[dict[str, Fraction], Fraction]:
    """A linear condition string ('2*p1 - p3 + 1', 'p1 - (1/3)') as coefficients and
    constant, read here without the engine's reader (once per string: thousands of
    profiles are checked against the same conditions; callers only read the result)."""
    coeffs: dict[str, Fraction] = {}
    const = Fraction(0)
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TERM.match(text, pos)
        assert m and m.end() > pos, (text, pos)
        pos = m.end()
        if m.group(5) is not None:                  # '- (1/3)'
            const += Fraction(m.group(5)) * (-1 if m.group(4) == "-" else 1)
            continue
        sign = -1 if m.group(1) == "-" else 1
        factor = Fraction(m.group(2) or 1) * sign
        if m.group(3).startswith("p"):
            coeffs[m.group(3)] = coeffs.get(m.group(3), Fraction(0)) + factor
        else:
            const += factor * int(m.group(3))
    return coeffs, const


def _member(piece: Piece, profile: Profile) -> bool:
    """Whether a profile satisfies the piece as the SPEC states it: it agrees with the
    piece's strategies, and its probabilities meet every equation and inequality."""
    for i, probs in enumerate(profile):
        if any(p and j not in piece.supports[i] for j, p in enumerate(probs)):
            return False
    values = {name: profile[i][j] for name, i, j in piece.variables}

    def value(text: str) -> Fraction:
        coeffs, const = _linear(text)
        return const + sum((c * values[v] for v, c in coeffs.items()), Fraction(0))

    return all(value(e) == 0 for e in piece.equations) and \
        all(value(e) >= 0 for e in piece.inequalities)


def _stated(game: games.Game) -> EquilibriumSet:
    """The faces' statement of a small game: the listing limits lowered to nothing
    while it is solved, so that the solver states every connected set."""
    saved = limits.LISTED_EXTREME_POINTS, limits.STATED_POINTS
    limits.LISTED_EXTREME_POINTS = limits.STATED_POINTS = 0
    try:
        if min(game.shape) == 2:
            return solve_two_strategies(game)
        return tall.solve_tall(game)
    finally:
        limits.LISTED_EXTREME_POINTS, limits.STATED_POINTS = saved


# ------------------------------------------------------------- the oracle's structure

def _groups(points: Sequence[Profile]) -> list[set[int]]:
    """The oracle's extreme equilibria joined when they share one player's strategy
    (two extreme equilibria of one convex set of equilibria are joined through a
    third: the first's strategy with the second's)."""
    parent = list(range(len(points)))

    def root(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for side in (0, 1):
        first: dict[tuple, int] = {}
        for k, p in enumerate(points):
            t = first.setdefault(p[side], k)
            parent[root(k)] = root(t)
    out: dict[int, set[int]] = {}
    for k in range(len(points)):
        out.setdefault(root(k), set()).add(k)
    return list(out.values())


def _check(game: games.Game, result: EquilibriumSet, oracle: set[Profile],
           counted: bool = True) -> None:
    """The stated answer against the oracle's extreme equilibria (module docstring);
    not `counted`: each set's count is a lower bound of the oracle's."""
    points = sorted(oracle)
    assert result.complete
    holders: list[set[int]] = []            # oracle points in each component
    for comp in result.components:
        assert comp.detail is not None
        inside: set[int] = set()
        for piece in comp.detail.pieces:
            mine = [k for k, p in enumerate(points) if _member(piece, p)]
            assert mine, piece                              # no empty or spurious piece
            centre = tuple(tuple(sum((points[k][i][j] for k in mine), Fraction(0)) / len(mine)
                                 for j in range(game.shape[i])) for i in range(2))
            assert _member(piece, centre)
            assert check_equilibrium(game, centre).ok
            inside.update(mine)
        count = comp.unlisted if comp.unlisted else len(comp.members)
        assert comp.counted == counted or not comp.unlisted       # listed ones: one each
        assert count == len(inside) if counted else 1 <= count <= len(inside)
        holders.append(inside)
    assert set().union(*holders) == set(range(len(points)))       # every point stated
    assert sorted(map(sorted, holders)) == sorted(map(sorted, _groups(points)))
    for e in result.equilibria:                     # the isolated ones, listed
        assert e.profile in oracle


# ------------------------------------------------------------- small games, oracles

@pytest.mark.parametrize("n, m, high, seed, swapped", [
    (16, 3, 3, 12, False), (16, 3, 1, 17, True), (14, 4, 3, 15, False), (14, 4, 2, 16, True),
    (12, 5, 1, 18, False)])
def test_stated_sets_hold_gambits_equilibria(n: int, m: int, high: int, seed: int,
                                             swapped: bool) -> None:
    game = _game(n, m, high, seed, swapped)
    result = _stated(game)
    assert any(c.unlisted for c in result.components)     # the faces' statement
    _check(game, result, _gambit_points(game))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tall_games())
def test_stated_sets_as_the_general_enumeration(game: games.Game) -> None:
    oracle = {e.profile for e in solve_bimatrix(game).equilibria}
    _check(game, _stated(game), oracle)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n_by_two())
def test_n_by_two_stated_sets_as_the_general_enumeration(game: games.Game) -> None:
    oracle = {e.profile for e in solve_bimatrix(game).equilibria}
    _check(game, _stated(game), oracle)


def test_work_limit_bounds_the_count_and_states_the_sets() -> None:
    """With the work limit set very low, the count of extreme points stops early: the
    answer states the sets exactly (every extreme equilibrium of the general
    enumeration in them, the same connected sets) and bounds each count from below,
    naming the limit and the option lifting it."""
    game = _game(60, 4, 3, 51)
    result = tall.solve_tall(game, max_bases=10)
    assert any(not c.counted for c in result.components)
    notes = " ".join(result.notes)
    assert "at least" in notes and "TALL_BASES" in notes and "--timeout SECONDS" in notes
    _check(game, result, {e.profile for e in solve_bimatrix(game).equilibria}, counted=False)


# ------------------------------------------------------------- thousands of strategies

def _det(mat: list[list[int]]) -> int:
    """A small integer determinant by expansion along the first row."""
    if len(mat) == 1:
        return mat[0][0]
    return sum((-1) ** k * mat[0][k] * _det([row[:k] + row[k + 1:] for row in mat[1:]])
               for k in range(len(mat)) if mat[0][k])


def _cramer(mat: list[list[int]], rhs: list[int]) -> tuple[Fraction, ...] | None:
    """The unique solution of a square integer system, or None when it is singular."""
    d = _det(mat)
    if d == 0:
        return None
    return tuple(Fraction(_det([row[:k] + [r] + row[k + 1:] for row, r in zip(mat, rhs)]), d)
                 for k in range(len(mat)))


def _integers(u: np.ndarray) -> list[tuple[int, ...]]:
    """Integer payoff rows (the games here have integer payoffs)."""
    assert all(Fraction(v).denominator == 1 for v in u.flat)
    return [tuple(int(v) for v in row) for row in u.tolist()]


def _q_vertices(a: np.ndarray) -> list[tuple[Fraction, ...]]:
    """The small player's mixtures at the vertices of its best-response polytope, by
    brute force here: every basis of m constraints among the big player's distinct
    payoff rows (shifted to be positive; a row below another in every column is never
    tight, so left out) and y >= 0, solved exactly, kept when feasible (y >= 0, no row
    above 1)."""
    ints = _integers(a)
    low = min(min(row) for row in ints)
    distinct = {tuple(v - low + 1 for v in row) for row in ints}
    rows = sorted(r for r in distinct       # a row below another everywhere is never tight
                  if not any(all(x < z for x, z in zip(r, s)) for s in distinct))
    n, m = len(rows), len(rows[0])
    out = set()
    for chosen in itertools.combinations(range(n + m), m):
        if all(c >= n for c in chosen):
            continue
        mat = [list(rows[c]) if c < n else [int(j == c - n) for j in range(m)] for c in chosen]
        y = _cramer(mat, [int(c < n) for c in chosen])
        if y is None or any(v < 0 for v in y):
            continue
        if all(sum(r[j] * y[j] for j in range(m)) <= 1 for r in rows):
            total = sum(y)
            out.add(tuple(v / total for v in y))
    return sorted(out)


def _vertex_count(a: np.ndarray, b: np.ndarray, y: tuple[Fraction, ...]) -> int:
    """The extreme equilibria at the small player's vertex y: the vertices of
    X = {x in the simplex on the big player's best responses R to y : the columns of
    y's support S tie and are best}, by supports T of at most m distinct payoff rows of
    the small player (two rows alike never share a vertex: their columns in every
    system are equal), each vertex counted once per choice of the rows standing for
    its classes."""
    m = len(y)
    values = [sum(v * w for v, w in zip(row, y)) for row in _integers(a)]
    best = max(values)
    classes: dict[tuple[int, ...], int] = {}
    for v, key in zip(values, _integers(b)):
        if v == best:
            classes[key] = classes.get(key, 0) + 1
    keys = list(classes)
    support = [j for j in range(m) if y[j]]
    total = 0
    for t in range(1, m + 1):
        for chosen in itertools.combinations(keys, t):
            found = _vertices_on(list(chosen), support, m)
            if found:
                total += found * math.prod(classes[k] for k in chosen)
    return total


def _vertices_on(rows: list[tuple[int, ...]], support: list[int], m: int) -> int:
    """How many vertices of X have exactly these rows as support: each solves the
    simplex row and t - 1 more of its tight conditions (columns of S tied with the
    first, other columns tied with it), with positive weights, every column of S
    tied, no column above them."""
    s0, t = support[0], len(rows)
    gains = {c: [r[c] - r[s0] for r in rows] for c in range(m) if c != s0}
    out = set()
    for cols in itertools.combinations(sorted(gains), t - 1):
        x = _cramer([[1] * t] + [gains[c] for c in cols], [1] + [0] * (t - 1))
        if x is None or any(v <= 0 for v in x):
            continue
        level = {c: sum(g * w for g, w in zip(gains[c], x)) for c in gains}
        if all(level[c] == 0 for c in support if c != s0) and all(v <= 0 for v in level.values()):
            out.add(x)
    return len(out)


def _pure_equilibria(a: np.ndarray, b: np.ndarray) -> Iterator[tuple[int, int]]:
    """Every pure equilibrium, by brute force over the cells."""
    A, B = a.astype(np.int64), b.astype(np.int64)
    for i, j in zip(*np.nonzero((A == A.max(axis=0)) & (B == B.max(axis=1)[:, None]))):
        yield int(i), int(j)


@pytest.mark.parametrize("n, m, seed, counted", [(2000, 3, 31, True), (5000, 3, 32, False)])
def test_thousands_of_tied_strategies_stated_and_counted(tmp_path: Path, n: int, m: int,
                                                         seed: int, counted: bool) -> None:
    """Were refused (more than STATED_POINTS extreme points): now one connected set
    stated by its conditions, within the bound; every pure equilibrium in it; its
    extreme points counted as the vertex-by-vertex count worked out here (on the 2,000
    rows; the game's exact copies are merged first, as `solve` does beyond
    LISTED_COPIES, so the count is the merged game's, and the note says so)."""
    game = _game(n, m, 3, seed)
    path = tmp_path / "tied.nfg"
    write_nfg(game, path)
    proc = analyze(path, "--format", "json")                  # the processor-time bound, 1 GB
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    info = doc["equilibria_info"]
    notes = " ".join(info["notes"])
    assert "stated exactly" in notes and "merged" in notes
    assert all(d.get("extreme_points_complete", True) for d in info["component_details"])
    copies = copies_to_merge(game)
    assert copies is not None
    small = merged(game, copies)
    a, b = small.payoffs
    found = sum(d.get("extreme_points", 0) for d in info["component_details"]) + \
        len(doc["equilibria"])
    if counted:
        expected = sum(_vertex_count(a, b, y) for y in _q_vertices(a))
        assert found == expected > limits.STATED_POINTS
    pure = _merged_cells(game)
    assert found >= len(pure) > 0
    _pure_in_json(doc, pure)


def _pure_in_json(doc: dict, cells: set[tuple[int, int]]) -> None:
    """Every pure profile of `cells` (indices into the JSON's strategy lists) lies in
    a piece of the JSON, read back by the SPEC's rules: fixed strategies, named
    variables (the implied last one unnamed), equations and inequalities."""
    players = [(p["name"], p["strategies"]) for p in doc["players"]]
    pieces = [_json_piece(piece) for d in doc["equilibria_info"]["component_details"]
              for piece in d["pieces"]]
    for i, j in cells:
        cell = (players[0][1][i], players[1][1][j])
        assert any(_json_member(piece, [name for name, _ in players], cell)
                   for piece in pieces), cell


JsonPiece = tuple[dict, dict, list, list]


def _json_piece(piece: dict) -> JsonPiece:
    """A JSON piece with its conditions read once: fixed, variables, equations and
    inequalities as (coefficients, constant)."""
    return (piece["fixed"], piece["variables"], [_linear(e) for e in piece["equations"]],
            [_linear(e.removesuffix(" >= 0")) for e in piece["inequalities"]])


def _json_member(piece: JsonPiece, players: list[str], cell: tuple[str, str]) -> bool:
    """Whether the pure profile `cell` (strategy names) meets a JSON piece."""
    fixed, variables, equations, inequalities = piece
    values: dict[str, Fraction] = {}
    for k, player in enumerate(players):
        if player in fixed:
            if list(fixed[player]) != [cell[k]]:
                return False
            continue
        for var, (who, s) in variables.items():
            if who == player:
                values[var] = Fraction(int(s == cell[k]))

    def value(form: tuple[dict[str, Fraction], Fraction]) -> Fraction:
        return form[1] + sum((c * values[v] for v, c in form[0].items() if values[v]),
                             Fraction(0))

    return all(value(f) == 0 for f in equations) and all(value(f) >= 0 for f in inequalities)


def _merged_cells(game: games.Game) -> set[tuple[int, int]]:
    """The pure equilibria (brute force), each strategy replaced by its class of exact
    copies' index in the merged game (as `solve` merges them beyond LISTED_COPIES)."""
    copies = copies_to_merge(game)
    index = [{j: k for k, c in enumerate(classes) for j in c} for classes in copies.classes] \
        if copies else [{i: i for i in range(k)} for k in game.shape]
    a, b = game.payoffs
    return {(index[0][i], index[1][j]) for i, j in _pure_equilibria(a, b)}


def test_count_bounded_where_it_passes_the_work_limit(tmp_path: Path) -> None:
    """A tied 2,000 x 4 game: counting the extreme points passes TALL_BASES, so the
    answer states the sets exactly and bounds the count from below, said so (a lower
    bound: at least the number of pure equilibria, found here by brute force), and
    the pure equilibria all lie in the stated pieces."""
    game = _game(2000, 4, 3, 33)
    path = tmp_path / "tied.nfg"
    write_nfg(game, path)
    proc = analyze(path, "--format", "json")                  # the bound, 1 GB
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    info = doc["equilibria_info"]
    [detail] = info["component_details"]
    assert detail["extreme_points_complete"] is False and detail["listed"] is False
    notes = " ".join(info["notes"])
    assert "at least" in notes and "TALL_BASES" in notes and "exact and complete" in notes
    pure = _merged_cells(game)
    assert detail["extreme_points"] >= len(pure) > 0
    _pure_in_json(doc, pure)
    text = analyze(path)
    assert text.returncode == 0 and "at least" in text.stdout


def test_timeout_bounds_the_count_and_states_the_sets() -> None:
    """With --timeout (from Python, `timeout`), the work limit is lifted and the count
    runs until the time passes: a time too short to count a tied 2,000 x 4 game's
    extreme points leaves the sets stated, the count bounded below and said so, every
    pure equilibrium (brute force) in a stated piece."""
    game = _game(2000, 4, 3, 33)
    result = tall.solve_tall(game, timeout=2.0)     # its vertices take a tenth of that
    [comp] = result.components
    assert not comp.counted and comp.unlisted >= 1 and comp.detail is not None
    assert "the time given by --timeout" in " ".join(result.notes)
    a, b = game.payoffs
    for i, j in _pure_equilibria(a, b):
        profile = tuple(tuple(Fraction(int(k == s)) for k in range(n))
                        for s, n in zip((i, j), game.shape))
        assert any(_member(piece, profile) for piece in comp.detail.pieces), (i, j)
