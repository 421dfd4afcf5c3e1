"""2-player answers beyond the listing limits (games/solvers/stated.py): the large
connected sets of equilibria stated as sets, their extreme points counted, not listed;
a refusal naming --max-listed only when the isolated equilibria alone pass the limits.

Checked against independent results: lrsnash (lrslib) lists the 3,589 extreme
equilibria of the ultimatum game's reduced form, Gambit's enummixed (pygambit,
test-only) those of hypothesis-generated tied games; the connected sets are computed
here from those lists (the bipartite graph of extreme strategies), each oracle point
must satisfy the conditions of a piece of its stated set (read with sympy here: our
own output, not scenario text), and midpoints of oracle points in one piece must pass
a deviation check written here. The CLI runs in a subprocess under 1 GB and 10 s.
"""
from __future__ import annotations

import functools
import json
from fractions import Fraction
from pathlib import Path

import pygambit as gbt
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import games
from games import limits
from games.errors import TooManyToList
from games.limits import listing_limit
from games.solvers.continua import Piece
from tests.test_hostile import analyze, refused, write

ROOT = Path(__file__).resolve().parent.parent
Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


def enummixed(game: games.Game) -> set[Profile]:
    """Gambit's extreme equilibria of a 2-player game (the oracle)."""
    g = gbt.Game.from_arrays(game.payoffs[0].tolist(), game.payoffs[1].tolist())
    out = gbt.nash.enummixed_solve(g, rational=True)
    return {tuple(tuple(Fraction(str(e[s])) for s in p.strategies) for p in g.players)
            for e in out.equilibria}


def oracle_components(points: set[Profile]) -> list[set[Profile]]:
    """Connected sets of extreme equilibria: extreme strategies of both players joined
    by the equilibria that pair them (Avis, Rosenberg, Savani, von Stengel 2010),
    written here by plain graph search."""
    left = set(points)
    out = []
    while left:
        todo, comp = [left.pop()], set()
        while todo:
            p = todo.pop()
            comp.add(p)
            near = {q for q in left if q[0] == p[0] or q[1] == p[1]}
            left -= near
            todo.extend(near)
        out.append(comp)
    return out


_PARSED: dict[int, tuple] = {}


@functools.lru_cache(maxsize=None)
def _linear(text: str) -> tuple[dict[str, Fraction], Fraction]:
    """A linear condition of ours (sympy syntax) as coefficients and constant (cached:
    many pieces share their conditions' texts, and sympy reads each in milliseconds)."""
    expr = sympy.sympify(text)
    coeffs = {str(s): Fraction(str(expr.coeff(s))) for s in expr.free_symbols}
    const = Fraction(str(expr.subs({s: 0 for s in expr.free_symbols})))
    return coeffs, const


def in_piece(piece: Piece, profile: Profile) -> bool:
    """Whether a profile satisfies a piece's support, fixed strategies, equations and
    inequalities (read once with sympy, evaluated exactly with Fractions)."""
    for i, probs in enumerate(profile):
        if any(p for j, p in enumerate(probs) if j not in piece.supports[i]):
            return False
    if any(profile[i][j] != 1 for i, j in piece.fixed):
        return False
    if id(piece) not in _PARSED:
        _PARSED[id(piece)] = (piece, [_linear(e) for e in piece.equations],
                              [_linear(c) for c in piece.inequalities])
    _, equations, inequalities = _PARSED[id(piece)]
    values = {name: profile[i][j] for name, i, j in piece.variables}

    def value(form: tuple[dict[str, Fraction], Fraction]) -> Fraction:
        return sum((c * values[n] for n, c in form[0].items()), form[1])
    return all(value(e) == 0 for e in equations) and all(value(c) >= 0 for c in inequalities)


def is_equilibrium(game: games.Game, profile: Profile) -> bool:
    """No pure deviation gains (written here, with Fractions)."""
    A, B = game.payoffs[0].tolist(), game.payoffs[1].tolist()
    x, y = profile
    rows = [sum(Fraction(A[i][j]) * y[j] for j in range(len(y))) for i in range(len(x))]
    cols = [sum(Fraction(B[i][j]) * x[i] for i in range(len(x))) for j in range(len(y))]
    return (sum(p * v for p, v in zip(x, rows)) == max(rows)
            and sum(q * v for q, v in zip(y, cols)) == max(cols))


def _homes(pieces: tuple[Piece, ...], points: set[Profile]
           ) -> dict[int, list[Profile]] | None:
    """The points grouped by the first piece holding each; None when one has none."""
    out: dict[int, list[Profile]] = {}
    for p in points:
        home = next((k for k, piece in enumerate(pieces) if in_piece(piece, p)), None)
        if home is None:
            return None
        out.setdefault(home, []).append(p)
    return out


def check_against(game: games.Game, result: games.EquilibriumSet, points: set[Profile]
                  ) -> None:
    """The answer holds exactly the oracle's extreme points: those listed are
    oracle points, every stated set counts the points of one oracle component and
    contains each of them in a piece, and midpoints within a piece are equilibria."""
    listed = {tuple(tuple(p) for p in e.profile) for e in result.equilibria}
    assert listed <= points
    stated = [c for c in result.components if c.unlisted]
    comps = oracle_components(points - listed)
    assert sorted(c.unlisted for c in stated) == sorted(len(c) for c in comps)
    for comp in stated:
        assert comp.members == () and comp.detail is not None
        pieces = comp.detail.pieces
        match = next((c for c in comps if len(c) == comp.unlisted
                      and _homes(pieces, c) is not None), None)
        assert match is not None, (comp, comps)
        comps.remove(match)
        for members in (_homes(pieces, match) or {}).values():
            a, b = members[0], members[-1]
            mid = tuple(tuple((u + v) / 2 for u, v in zip(s, t)) for s, t in zip(a, b))
            assert is_equilibrium(game, mid)


# ------------------------------------------------------------ the ultimatum game

def test_ultimatum_reduced_form_is_stated_as_a_set() -> None:
    """5 x 32, 3,589 extreme equilibria in one connected set (lrsnash's count): stated
    as the set it is by default, its points counted; listed in full at --max-listed
    3589, where the list is lrsnash's."""
    from tests.lrsnash import ensure_lrsnash, lrsnash
    if ensure_lrsnash()[0] is None:
        pytest.skip("lrsnash (lrslib) not installed: " + ensure_lrsnash()[1])
    game = games.load(ROOT / "scenarios" / "ultimatum.yaml")
    A = [[int(v) for v in row] for row in game.payoffs[0].tolist()]
    B = [[int(v) for v in row] for row in game.payoffs[1].tolist()]
    points, _ = lrsnash(A, B, timeout=60)
    assert len(points) == 3589
    result = games.solve(game)
    assert result.complete and not result.equilibria
    check_against(game, result, points)
    assert any("--max-listed 3589" in n for n in result.notes)
    with listing_limit(3589):
        full = games.solve(game)
    assert {tuple(tuple(p) for p in e.profile) for e in full.equilibria} == points
    assert not any(c.unlisted for c in full.components)


# ------------------------------------------------------------ generated games

@st.composite
def tied_games(draw: st.DrawFn) -> games.Game:
    """A tied 2-player game of 3 to 5 strategies each, payoffs 0/1 or 0..2 (degenerate,
    often with connected sets of equilibria)."""
    m, n = draw(st.integers(3, 5)), draw(st.integers(3, 5))
    cell = st.integers(0, draw(st.sampled_from([1, 2])))
    a = [[draw(cell) for _ in range(n)] for _ in range(m)]
    b = [[draw(cell) for _ in range(n)] for _ in range(m)]
    return games.Game.from_matrices(a, b)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tied_games(), st.integers(1, 6))
def test_generated_tied_games_under_small_limits(game: games.Game, most: int) -> None:
    """With room for `most` extreme points, the answer lists them all when they fit,
    else states the largest connected sets until the rest fits, else refuses: checked
    against enummixed and the components computed here."""
    points = enummixed(game)
    comps = sorted(oracle_components(points), key=len, reverse=True)
    left = len(points)
    for c in comps:
        if left <= most or len(c) == 1:
            break
        left -= len(c)
    with listing_limit(most):
        limits.LISTED_CONDITIONS = 100_000      # points only (restored by listing_limit)
        if left > most:
            with pytest.raises(TooManyToList, match="--max-listed"):
                games.solve(game)
            return
        result = games.solve(game)
    assert len(result.equilibria) == left
    check_against(game, result, points)


def test_isolated_equilibria_beyond_the_limit_are_refused() -> None:
    """A 5 x 5 coordination game has 31 isolated equilibria: nothing to state as a set,
    so a limit of 30 refuses it with one line naming --max-listed, 31 lists them."""
    eye = [[int(i == j) for j in range(5)] for i in range(5)]
    game = games.Game.from_matrices(eye, eye)
    with listing_limit(30), pytest.raises(TooManyToList, match="31 extreme points.*--max-listed"):
        games.solve(game)
    with listing_limit(31):
        assert len(games.solve(game).equilibria) == 31 == len(enummixed(game))


# ------------------------------------------------------------ the command line

def _coordination_yaml(n: int) -> str:
    names = ", ".join(f"s{i}" for i in range(n))
    rules = "".join(f"  - when: {{A: s{i}, B: s{i}}}\n    payoffs: {{A: 1, B: 1}}\n"
                    for i in range(n))
    return f"scenario: coordination\nplayers:\n  A: [{names}]\n  B: [{names}]\neffects:\n{rules}"


def test_cli_refuses_too_many_isolated_equilibria(tmp_path: Path) -> None:
    """An 11 x 11 coordination game (2,047 isolated equilibria) with --max-listed 2000:
    one line naming --max-listed, exit 2, within 10 s and 1 GB."""
    path = write(tmp_path, "c.yaml", _coordination_yaml(11))
    refused(path, "--max-listed", "2000", "--no-sensitivity",
            words=("2,047 extreme points", "--max-listed N"))


def test_cli_states_the_ultimatum_set(tmp_path: Path) -> None:
    """The shipped ultimatum tree: JSON states one set with its extreme points counted,
    an empty listing for it, and a note naming --max-listed; the text says so."""
    proc = analyze(ROOT / "scenarios" / "ultimatum.yaml", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)["equilibria_info"]
    assert info["components"] == [[]]
    detail = info["component_details"][0]
    assert detail["extreme_points"] == 3589 and detail["listed"] is False
    assert detail["dimension"] == 31 and len(detail["pieces"]) == 8
    assert any("--max-listed 3589" in n for n in info["notes"])
    text = analyze(ROOT / "scenarios" / "ultimatum.yaml").stdout
    assert "3,589 extreme points" in " ".join(text.split())
