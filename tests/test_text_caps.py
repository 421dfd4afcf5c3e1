"""A text or Markdown report of a stated tall set stays short: a tied 2,000 x 4 game's
report printed 8,036 lines (its one connected set: 14 pieces of about 500 named
probabilities and conditions each, stated twice, and a 2,000-row payoff table). The
report states SHOWN_PIECES pieces, SHOWN_PIECE_TERMS strategies per player and
conditions in each, SHOWN_PAYOFF_ROWS rows of each payoff table, and says how many it
left out; `--format json` keeps everything. Each count the text states is checked
here against the JSON, counted in the test.

The game is a tied 100 x 4 one (17 pieces, up to 22 named probabilities each), sent to
the statement of tall_sets.py by lowering the listing limits (a 2,000-row game takes
seconds to solve).
"""
from __future__ import annotations

import contextlib
import io
import json
import re
from typing import Iterator

import pytest

from cli.main import main
from games import limits
from games.formats.nfg import write_nfg
from tests.test_tall_games import _game


def run(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


ROWS = 30           # SHOWN_PAYOFF_ROWS lowered for these runs (the game has 100 rows)


@pytest.fixture(scope="module")
def tied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A tied 100 x 4 game whose Nash set is stated from the faces (tall_sets.py), and
    its reports: JSON, table and Markdown with the caps, and a table without them
    (each solve takes a second: once per module)."""
    path = str(tmp_path_factory.mktemp("caps") / "tied.nfg")
    write_nfg(_game(100, 4, 3, 33), path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(limits, "STATED_POINTS", 10)
        mp.setattr(limits, "LISTED_EXTREME_POINTS", 10)
        mp.setattr(limits, "SHOWN_PAYOFF_ROWS", ROWS)
        runs = {fmt: run(path, "--format", fmt) for fmt in ("json", "table", "markdown")}
        mp.setattr(limits, "SHOWN_PIECES", 10**6)
        mp.setattr(limits, "SHOWN_PIECE_TERMS", 10**6)
        runs["uncapped"] = run(path)
    yield runs


def continuum_text(report: str) -> str:
    """The statement of continuum 1 in the Nash equilibria section."""
    m = re.search(r"Continuum 1: (.*?)\.\n", report, re.S)
    assert m is not None
    return " ".join(m.group(1).split())


def pieces_of(doc: dict) -> list[dict]:
    [detail] = doc["equilibria_info"]["component_details"]
    return detail["pieces"]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_a_stated_set_is_capped_and_counts_what_it_leaves_out(tied: dict[str, str],
                                                              fmt: str) -> None:
    report = tied[fmt]
    pieces = pieces_of(json.loads(tied["json"]))
    shown, terms = limits.SHOWN_PIECES, limits.SHOWN_PIECE_TERMS
    assert len(pieces) > shown
    words = continuum_text(report).replace("\\*", "*")
    parts = words.split("; or ")
    # the pieces: the first SHOWN_PIECES stated, then how many more, as many as the JSON has
    assert len(parts) == shown + 1
    m = re.match(r"one of (\d+) more pieces \(a text report states (\d+)", parts[-1])
    assert m and int(m.group(1)) == len(pieces) - shown and int(m.group(2)) == shown
    capped_vars = capped_conditions = 0
    for text, piece in zip(parts[:shown], pieces):
        by_player: dict[str, int] = {}
        for player, _ in piece["variables"].values():
            by_player[player] = by_player.get(player, 0) + 1
        more = re.findall(r"(\d+) more strategies with probabilities p(\d+) to p(\d+)", text)
        expected = [n - terms for n in by_player.values() if n > terms]
        assert [int(k) for k, _, _ in more] == expected
        for k, lo, hi in more:
            assert int(hi) - int(lo) + 1 == int(k)
        capped_vars += len(more)
        total = len(piece["equations"]) + len(piece["inequalities"])
        cond = re.findall(r"(\d+) more conditions \(--format json lists all (\d+)\)", text)
        if cond:
            [(k, all_)] = cond
            assert int(all_) == total and int(k) == total - terms
            stated = text.split(", where ", 1)[1].split(f" and {k} more conditions")[0]
            written = [f"{e} = 0" for e in piece["equations"]] + piece["inequalities"]
            shown_ones = stated.split(", ")
            assert len(shown_ones) == terms
            # long ones by the number of probabilities they name, each such a condition
            sizes = sorted(len(set(re.findall(r"p\d+", c))) for c in written)
            for c in shown_ones:
                m = re.fullmatch(r"an (?:equation|inequality) in (\d+) probabilities "
                                 r"\(--format json writes it\)", c)
                assert (c in written) if m is None else int(m.group(1)) in sizes, c
            telling = [c for c in written if not re.fullmatch(r"p\d+ >= 0", c)]
            plain = [c for c in shown_ones if re.fullmatch(r"p\d+ >= 0", c)]
            assert len(shown_ones) - len(plain) == min(terms, len(telling))  # those first
            capped_conditions += 1
        else:
            assert total <= 2 * terms or "where" not in text   # short enough to state whole
    assert capped_vars and capped_conditions            # both caps met in this game
    # bounded: each stated piece names at most SHOWN_PIECE_TERMS + 2 strategies per player
    # and SHOWN_PIECE_TERMS + 1 conditions, whatever the game's size
    assert len(words) < shown * 2 * (2 * (terms + 2) * 40 + (terms + 1) * 80), len(words)
    assert report.count("\n") < 400


def test_without_the_caps_the_report_is_much_longer(tied: dict[str, str]) -> None:
    """The caps are what keeps it short: lifted, the same report states every piece."""
    capped, whole = tied["table"], tied["uncapped"]
    assert "more pieces" not in whole and "more conditions" not in whole
    assert whole.count("\n") > 1.5 * capped.count("\n"), (whole.count("\n"),
                                                          capped.count("\n"))


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_payoff_rows_are_capped(tied: dict[str, str], fmt: str) -> None:
    """SHOWN_PAYOFF_ROWS rows of each payoff table, then a note with the number of rows
    (the game's strategies, as in the JSON)."""
    report = tied[fmt]
    rows = len(json.loads(tied["json"])["players"][0]["strategies"])
    assert rows == 100
    assert f"The first {ROWS} of {rows:,} rows of each table are shown" in " ".join(report.split())
    payoffs = report.split("Payoffs", 1)[1].split("Dominance", 1)[0]
    row_names = re.findall(r"^[|│] (s\d+) ", payoffs, re.M)
    assert row_names == [f"s{k}" for k in range(1, ROWS + 1)]
