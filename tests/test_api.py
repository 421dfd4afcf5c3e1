"""The documented Python API (docs/api.md) behaves as written."""
from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest

import games

ROOT = Path(__file__).resolve().parents[1]


def test_load_and_equilibria_battle_of_the_sexes() -> None:
    g = games.load(ROOT / "scenarios/battle_of_the_sexes.yaml")
    eqs = g.equilibria()
    # Published: two pure equilibria and the mixed one (2/3, 1/3), (1/3, 2/3).
    assert sorted(e.kind for e in eqs) == ["mixed", "pure", "pure"]
    mixed = eqs.mixed[0]
    assert mixed.profile == ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))
    assert mixed.to_dict(g)["kind"] == "mixed"


def test_values_override_exactly() -> None:
    """Strings and floats alike are exact: a float by its shortest decimal string."""
    g = games.load(ROOT / "scenarios/chicken.yaml", values={"crash_cost": "5/2"})
    assert g.values["crash_cost"] == F(5, 2)
    assert games.load(ROOT / "scenarios/chicken.yaml",
                      values={"crash_cost": 0.1}).values["crash_cost"] == F(1, 10)
    with pytest.raises(games.ScenarioError):
        games.load(ROOT / "scenarios/chicken.yaml", values={"crash_cost": float("nan")})
    with pytest.raises(games.ScenarioError):
        games.load(ROOT / "scenarios/chicken.yaml", values={"no_such": 1})


def test_float_view_matches_exact() -> None:
    g = games.load(ROOT / "scenarios/prisoners_dilemma.yaml")
    assert g.float_payoffs.shape == g.payoffs.shape
    assert all(float(a) == b for a, b in zip(g.payoffs.flat, g.float_payoffs.flat))


def test_dominance_report() -> None:
    g = games.load(ROOT / "scenarios/prisoners_dilemma.yaml")
    rep = g.dominance()
    assert rep.strict.solved
    names = {(g.players[d.player].name, g.players[d.player].strategies[d.strategy].name)
             for d in rep.strictly_dominated}
    assert names == {("Ann", "cooperate"), ("Bob", "cooperate")}


def test_analyze_bundles_everything() -> None:
    g = games.load(ROOT / "scenarios/chicken.yaml")
    a = games.analyze(g)
    assert len(a.equilibria) == 3
    assert a.best_responses.shape == g.payoffs.shape
    assert [s.parameter for s in a.sensitivity] == ["crash_cost"]


def test_api_json_is_the_cli_json() -> None:
    """One serializer: Analysis.to_dict() is the document `--format json` prints."""
    import json
    import subprocess
    import sys
    path = ROOT / "scenarios/chicken.yaml"
    out = subprocess.run([sys.executable, "-m", "cli.main", str(path), "--format", "json"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    doc = games.analyze(games.load(path)).to_dict()
    assert doc == json.loads(out)
    assert doc["equilibria"] and set(doc) >= {"scenario", "players", "dominance"}


def test_json_is_indented_and_a_huge_document_compact(monkeypatch: pytest.MonkeyPatch) -> None:
    """The JSON text: indented by 2 (json's own indented form), and from COMPACT_FROM
    characters on one line without spaces; the same document either way."""
    import json

    from games import serialize
    doc = {"scenario": "t \u202e", "players": [{"name": "A", "strategies": ["x", "y"]}],
           "equilibria": [], "parameters": {}, "share": 0.25}
    text = serialize.dumps(doc)
    assert text == json.dumps(doc, indent=2, ensure_ascii=False).replace("\u202e", "\\u202e")
    monkeypatch.setattr(serialize, "COMPACT_FROM", len(text) // 3)
    small = serialize.dumps(doc)
    assert "\n" not in small and ", " not in small and json.loads(small) == doc
    assert "\\u202e" in small                  # invisible characters escaped there too


@pytest.mark.parametrize("text,expected", [("0.1", F(1, 10)), ("1/3", F(1, 3)),
                                           ("2.5e-1", F(1, 4)), (" 7 ", F(7)),
                                           ("1/3 + 1", F(4, 3))])
def test_values_and_set_accept_the_same_syntax(text, expected):
    """games.load(values=...) and --set read a value with one parser: same answers."""
    from games.numbers import parse_number
    from games.scenario import load_scenario

    path = ROOT / "scenarios" / "idlib_m4_patrols.yaml"
    name = next(n for n, p in load_scenario(path).parameters.items() if p.range is None
                or p.range[0] <= expected <= p.range[1])
    assert games.load(path, values={name: text}).values[name] == expected
    assert load_scenario(path).parse_assignment(f"{name}={text}") == (name, expected)
    assert parse_number(text) == expected
