"""Gambit .nfg files: read both versions exactly, write files Gambit reads back.
pygambit is the independent oracle (test-only)."""
from __future__ import annotations

import io
import itertools
from fractions import Fraction as F
from pathlib import Path

import pytest

from games.errors import ScenarioError
from games.model import Game, Player, Strategy
from games.formats.nfg import parse_nfg, read_nfg, write_nfg
from tests.corpus import CORPUS, HAVE_CORPUS, needs_corpus

gbt = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")

FILES = sorted(CORPUS.rglob("*.nfg")) if HAVE_CORPUS else []


def gambit_payoffs(path: Path) -> tuple[tuple[int, ...], dict]:
    """Shape and exact payoffs {(player, *profile): Fraction} as pygambit reads them."""
    g = gbt.read_nfg(str(path))
    players = list(g.players)
    strategies = [list(p.strategies) for p in players]
    shape = tuple(len(s) for s in strategies)
    out = {}
    for prof in itertools.product(*(range(k) for k in shape)):
        outcome = g[[strategies[i][j] for i, j in enumerate(prof)]]
        for i, p in enumerate(players):
            out[(i, *prof)] = F(str(outcome[p]))
    return shape, out


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_matches_gambit_and_round_trips(path: Path, tmp_path: Path) -> None:
    game = read_nfg(path)
    shape, want = gambit_payoffs(path)
    assert game.shape == shape
    assert game.scenario is None
    assert {k: game.payoffs[k] for k in want} == want
    ref = gbt.read_nfg(str(path))
    assert game.title == ref.title
    # written back and read by Gambit: identical payoffs
    out = tmp_path / "copy.nfg"
    write_nfg(game, out)
    assert gambit_payoffs(out) == (shape, want)
    again = read_nfg(out)
    assert again.player_names == game.player_names
    assert [p.strategy_names for p in again.players] == [p.strategy_names for p in game.players]
    assert (again.payoffs == game.payoffs).all()


def test_payoff_version_order_player_one_fastest() -> None:
    text = 'NFG 1 R "t" { "P1" "P2" } { 3 2 }\n\n' + " ".join(str(k) for k in range(12))
    g = parse_nfg(text)
    # profiles in order (0,0) (1,0) (2,0) (0,1) (1,1) (2,1); each lists P1's then P2's payoff
    assert g.payoffs[0].tolist() == [[0, 6], [2, 8], [4, 10]]
    assert g.payoffs[1].tolist() == [[1, 7], [3, 9], [5, 11]]
    assert g.players[0].strategy_names == ["1", "2", "3"]


def test_outcome_version_with_null_outcome_and_exact_numbers() -> None:
    text = '''NFG 1 R "Outcomes" { "Row" "Col" }
{ { "U" "D" } { "L" "R" } } "a comment"
{
{ "first" 1/3, -0.25 }
{ "second" 2 7e-1 }
}
1 0 2 1
'''
    g = parse_nfg(text)
    assert g.description == "a comment"
    assert g.players[1].strategy_names == ["L", "R"]
    # (U,L)=outcome 1, (D,L)=null, (U,R)=outcome 2, (D,R)=outcome 1
    assert g.payoffs[0].tolist() == [[F(1, 3), 2], [0, F(1, 3)]]
    assert g.payoffs[1].tolist() == [[F(-1, 4), F(7, 10)], [0, F(-1, 4)]]


def test_write_exact_fractions_to_stream() -> None:
    players = [Player("A", (Strategy("x"), Strategy('say "hi"'))), Player("B", (Strategy("y"),))]
    game = Game(players, [[[F(1, 3)], [F(-2)]], [[F(5, 7)], [F(0)]]], title="exact")
    buf = io.StringIO()
    write_nfg(game, buf)
    assert "1/3" in buf.getvalue()
    back = parse_nfg(buf.getvalue())
    assert (back.payoffs == game.payoffs).all()
    assert back.players[0].strategy_names == ["x", 'say "hi"']


@pytest.mark.parametrize("text, line, col, fragment", [
    ('EFG 2 R "t" { "a" }', 1, 1, "expected 'NFG'"),
    ('NFG 1 R "t" { "P1" "P2" } { 2 0 }\n1 2 3 4', 1, 31, "player 2 has no strategies"),
    ('NFG 1 R "t" { "P1" "P2" } { 2 2 }\n1 2 3', 2, 6, "too few payoffs: 3 of 8"),
    ('NFG 1 R "t" { "P1" "P2" } { 1 1 }\n1 2 3', 2, 5, "unexpected '3'"),
    ('NFG 1 R "t" { "P1" "P2" } { 1 1 }\n1 x', 2, 3, "expected a payoff"),
    ('NFG 1 R "t" { "P1" "P2" } { 1 1 }\n1 2/0', 2, 3, "division by zero"),
    ('NFG 1 R "t" { "P1" "P2" } { 2 }\n1 2', 1, 27, "strategies are given for 1 players"),
    ('NFG 1 R "t" { "A" "B" }\n{ { "x" } { "y" } }\n{ { "" 1 2 } }\n2', 4, 1,
     "outcome 2 does not exist"),
    ('NFG 1 R "t" { "A" "B" }\n{ { "x" } { "y" } }\n{ { "" 1 } }\n1', 3, 8,
     "outcome 1 has 1 payoffs; expected 2"),
    ('NFG 1 R "t" { "A" "B }', 1, 19, "unterminated string"),
    ('NFG 1 R "t { "A" }', 1, 15, "expected '{' opening the list of player names, found 'A'"),
    ('NFG 1 R "t" { "A" "B" } { 1 1 }\n1 @', 2, 3, "unexpected character '@'"),
])
def test_errors_have_positions(text: str, line: int, col: int, fragment: str) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_nfg(text, "bad.nfg")
    err = info.value
    assert (err.line, err.column) == (line, col), str(err)
    assert fragment in str(err)
    assert str(err).startswith(f"bad.nfg:{line}:{col}: ")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        read_nfg(tmp_path / "missing.nfg")
