"""`analyze SCENARIO --export FILE.nfg`: the exported file is the same game for Gambit.

Gambit (pygambit, a test-only oracle) reads the exported file with exactly the
payoffs our loader computed, our own reader reads it back equal, and for 2-player
scenarios Gambit's extreme equilibria of the exported file (enummixed, exact) are
exactly the equilibria `analyze --format json` printed.
"""
from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from cli.main import main
from games.formats.nfg import read_nfg
from games.scenario import load_scenario
from games.ordinal.graph_scenario import is_graph_model_text
from tests.builders import few_ordinal_readings
from tests.corpus import CORPUS, SKIP_REASON

gbt = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = [p for p in sorted((ROOT / "scenarios").glob("**/*.yaml"))
             if not is_graph_model_text(p.read_text(encoding="utf-8"))]   # payoff matrices only
TWO_PLAYER = [p for p in SCENARIOS if len(load_scenario(p).players) == 2]


def gambit_payoffs(path: Path) -> tuple[list[str], list[list[str]], np.ndarray]:
    """Player names, strategy labels and the exact payoff array of a file, as Gambit
    reads it (shape (n_players, *shape), our profile order)."""
    game = gbt.read_nfg(str(path))
    players = list(game.players)
    shape = tuple(len(p.strategies) for p in players)
    out = np.empty((len(players), *shape), dtype=object)
    for profile in np.ndindex(*shape):
        outcome = game[profile]
        for i, player in enumerate(players):
            out[(i, *profile)] = Fraction(0) if outcome is None else \
                Fraction(str(outcome[player]))
    return ([p.label for p in players], [[s.label for s in p.strategies] for p in players], out)


def export(capsys: pytest.CaptureFixture, scenario: Path, target: Path, *extra: str) -> dict:
    """Run `analyze SCENARIO --export TARGET --format json` in-process; the JSON output
    (a ranked scenario's ordinal section, unchecked here, from fewer readings)."""
    status = main([str(scenario), "--export", str(target), "--format", "json",
                   "--no-sensitivity", *few_ordinal_readings(scenario), *extra])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert target.is_file()
    assert str(target) in err            # "game written to ..."
    return json.loads(out)


def full_profile(eq: dict, players: list[dict]) -> tuple[tuple[Fraction, ...], ...]:
    """A JSON equilibrium as exact probability vectors (omitted strategies are 0)."""
    return tuple(tuple(Fraction(eq["strategies"][p["name"]].get(s, "0")) for s in p["strategies"])
                 for p in players)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_export_payoffs_equal(scenario: Path, tmp_path: Path, capsys) -> None:
    """Gambit and our reader both read the exported file as the loaded game, exactly."""
    target = tmp_path / "game.nfg"
    export(capsys, scenario, target)
    game = load_scenario(scenario).game()
    names, labels, payoffs = gambit_payoffs(target)
    assert names == game.player_names
    assert labels == [p.strategy_names for p in game.players]
    assert np.array_equal(payoffs, game.payoffs)
    back = read_nfg(target)
    assert back.shape == game.shape
    assert np.array_equal(back.payoffs, game.payoffs)


def test_export_uses_set_values(tmp_path: Path, capsys) -> None:
    """--set changes the exported payoffs: the file is the game at the values used."""
    scenario = ROOT / "scenarios" / "prisoners_dilemma.yaml"
    target = tmp_path / "pd.nfg"
    doc = export(capsys, scenario, target, "--set", "temptation=13/2")
    assert doc["parameters"]["temptation"] == "13/2"
    _, _, payoffs = gambit_payoffs(target)
    game = load_scenario(scenario).game({"temptation": Fraction(13, 2)})
    assert np.array_equal(payoffs, game.payoffs)
    assert Fraction(13, 2) in set(payoffs.flat)


@pytest.mark.parametrize("scenario", TWO_PLAYER, ids=lambda p: p.stem)
def test_exported_equilibria_equal_gambit(scenario: Path, tmp_path: Path, capsys) -> None:
    """Gambit's extreme equilibria of the exported file are exactly the ones we printed
    (every one listed: ultimatum's 3,589 are otherwise stated as one set)."""
    target = tmp_path / "game.nfg"
    doc = export(capsys, scenario, target, "--max-listed", "10000")
    ours = {full_profile(eq, doc["players"]) for eq in doc["equilibria"]}
    game = gbt.read_nfg(str(target))
    if len(ours) > LARGE:       # thousands of degenerate vertices: enummixed takes minutes
        assert ours == lrsnash_of(target)
        return
    result = gbt.nash.enummixed_solve(game, rational=True)
    theirs = {tuple(tuple(Fraction(str(eq[s])) for s in p.strategies) for p in game.players)
              for eq in result.equilibria}
    assert ours == theirs


LARGE = 200     # equilibria beyond which the exported game is checked with lrsnash


def lrsnash_of(target: Path) -> set:
    """lrsnash's extreme equilibria of an exported 2-player .nfg file (each player's
    payoffs scaled to integers, which changes no equilibrium)."""
    from tests.lrsnash import ensure_lrsnash, lrsnash
    if ensure_lrsnash()[0] is None:
        pytest.skip("lrsnash (lrslib) not installed: " + ensure_lrsnash()[1])
    _, _, payoffs = gambit_payoffs(target)
    mats = []
    for k in range(2):
        M = [[Fraction(v) for v in row] for row in payoffs[k]]
        scale = math.lcm(*(v.denominator for row in M for v in row))
        mats.append([[int(v * scale) for v in row] for row in M])
    return lrsnash(mats[0], mats[1])[0]


@pytest.mark.parametrize("name", ["e04.nfg", "2x2.nfg", "coord3.nfg", "2x2x2.nfg", "g3.nfg"])
def test_nfg_in_nfg_out(name: str, tmp_path: Path, capsys) -> None:
    """A Gambit file (payoff or outcome version) analysed and exported is the same game."""
    source = CORPUS / name
    if not source.exists():
        pytest.skip(SKIP_REASON)
    target = tmp_path / "again.nfg"
    status = main([str(source), "--export", str(target), "--format", "json",
                   "--method", "pure"])
    capsys.readouterr()
    assert status == 0
    _, labels_in, before = gambit_payoffs(source)
    _, labels_out, after = gambit_payoffs(target)
    assert np.array_equal(before, after)
    assert [len(s) for s in labels_in] == [len(s) for s in labels_out]


def test_export_refuses_bad_target(tmp_path: Path, capsys) -> None:
    """A wrong extension or a missing folder: exit 2 before anything is written."""
    scenario = ROOT / "scenarios" / "prisoners_dilemma.yaml"
    for target in (tmp_path / "game.txt", tmp_path / "missing" / "game.nfg"):
        assert main([str(scenario), "--export", str(target)]) == 2
        _, err = capsys.readouterr()
        assert err.startswith("analyze: error: --export") and "\n" == err[-1]
        assert not target.exists()
