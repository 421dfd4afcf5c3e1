"""Every `analyze` command shown in README.md and docs/*.md runs as written; the
teaching guide's answers are what the tool reports; every shipped scenario analyses.

Commands are lines starting with `analyze ` or `$ analyze ` inside fenced code blocks.
A trailing comment `# exit N` marks an error example expecting status N (default 0).
Output files (--plot, --export) are redirected into a temporary folder.
"""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import sympy

from cli.main import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")
OUTPUTS = ("--plot", "--export", "--html")


def doc_commands() -> list[tuple[str, int, str, int]]:
    """(file name, line number, command, expected exit status) for every command."""
    found = []
    for path in DOCS:
        if not path.exists():
            continue
        fenced = False
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            text = line.strip()
            if text.startswith("```"):
                fenced = not fenced
                continue
            if not fenced:
                continue
            if text.startswith("$ "):
                text = text[2:]
            if not text.startswith("analyze "):
                continue
            status = 0
            m = EXIT.search(text)
            if m:
                status = int(m.group(1))
            command = text.split("#", 1)[0].strip()
            found.append((path.name, n, command, status))
    return found


def run(argv: list[str], tmp_path: Path) -> int:
    """Run the command in-process from the repository root, outputs redirected."""
    args = list(argv)
    if ">" in args:            # a shell redirection: the output is captured instead
        args = args[:args.index(">")]
    for k, a in enumerate(args[:-1]):
        if a in OUTPUTS:
            args[k + 1] = str(tmp_path / Path(args[k + 1]).name)
    return main(args)


COMMANDS = doc_commands()


def test_commands_found():
    names = {c[0] for c in COMMANDS}
    assert {"tutorial.md", "teaching.md", "options.md"} <= names


@pytest.mark.parametrize("doc, line, command, status", COMMANDS,
                         ids=[f"{c[0]}:{c[1]}" for c in COMMANDS])
def test_doc_command_runs(doc, line, command, status, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    argv = shlex.split(command)[1:]
    assert run(argv, tmp_path) == status, f"{doc}:{line}: {command}"
    out = capsys.readouterr()
    assert (out.out if status == 0 else out.err).strip()


# -- the teaching guide's answers ----------------------------------------------------------

def analyse_json(argv: list[str], capsys) -> dict:
    assert main(argv + ["--format", "json", "--no-sensitivity"]) == 0
    return json.loads(capsys.readouterr().out)


def pure_profiles(doc: dict) -> set[tuple[str, ...]]:
    return {tuple(next(iter(e["strategies"][p])) for p in e["strategies"])
            for e in doc["equilibria"] if e["kind"] == "pure"}


def mixed(doc: dict) -> list[dict]:
    return [e for e in doc["equilibria"] if e["kind"] == "mixed"]


TEACHING = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")


def guide_says(*phrases: str) -> None:
    """The guide states these facts (whitespace-insensitive)."""
    flat = " ".join(TEACHING.split())
    for p in phrases:
        assert " ".join(p.split()) in flat, p


def test_answer_prisoners_dilemma(capsys):
    doc = analyse_json(["scenarios/prisoners_dilemma.yaml", "--explain", "--concepts"], capsys)
    assert pure_profiles(doc) == {("defect", "defect")} and not mixed(doc)
    dominant = doc["explanation"]["dominance"]["dominant"]
    assert {(d["player"], d["strategy"]) for d in dominant} == {("Ann", "defect"),
                                                                ("Bob", "defect")}
    assert doc["concepts"]["pareto"][0]["dominated_by_outcomes"] == \
        [{"Ann": "cooperate", "Bob": "cooperate"}]
    guide_says("Defect is a dominant strategy for both", "(defect, defect) with payoffs (1, 1)")


def test_answer_battle_of_the_sexes(capsys):
    doc = analyse_json(["scenarios/battle_of_the_sexes.yaml", "--explain"], capsys)
    (m,) = mixed(doc)
    assert m["strategies"]["Ann"]["bach"] == "2/3" and m["strategies"]["Bob"]["bach"] == "1/3"
    assert set(m["payoffs"].values()) == {"2/3"}
    (ex,) = doc["explanation"]["mixed_equilibria"]
    assert ex["conditions"][0]["equations"] == ["2*q = 1 - q"]
    guide_says("2q = 1 - q, so q = 1/3", "p = 2 - 2p, so p = 2/3", "Both expect 2/3")


def test_answer_mixed_dominance(capsys):
    doc = analyse_json(["scenarios/mixed_dominance.yaml"], capsys)
    (step,) = doc["dominance"]["elimination"]
    assert step["strategy"] == "bottom"
    assert step["dominated_by"] == {"top": "1/2", "middle": "1/2"}
    (m,) = mixed(doc)
    assert m["payoffs"] == {"Row": "3/2", "Column": "1/2"}
    guide_says("the mixture 1/2 top + 1/2 middle pays 3/2 > 1", "payoffs (3/2, 1/2)")


def test_answer_stag_hunt(capsys):
    doc = analyse_json(["scenarios/stag_hunt.yaml", "--concepts"], capsys)
    sel = doc["concepts"]["selection"]
    assert sel["risk_dominant"] == {"Ann": "hare", "Bob": "hare"}
    assert sel["payoff_dominant"] == {"Ann": "stag", "Bob": "stag"}
    assert sorted(sel["loss_products"]) == ["1", "9"]
    (m,) = mixed(doc)
    assert m["strategies"]["Ann"]["stag"] == "3/4"
    guide_says("(hare, hare) risk-dominates", "with probability 3/4")


def test_answer_chicken(capsys):
    base = analyse_json(["scenarios/chicken.yaml"], capsys)
    (m,) = mixed(base)
    assert m["strategies"]["Ann"]["straight"] == "1/10"
    low = analyse_json(["scenarios/chicken.yaml", "--set", "crash_cost=1/2"], capsys)
    assert pure_profiles(low) == {("straight", "straight")} and not mixed(low)
    guide_says("1/crash_cost = 1/10", "the only equilibrium is (straight, straight)")


def test_answer_matching_pennies(capsys):
    doc = analyse_json(["scenarios/matching_pennies.yaml", "--concepts", "--dynamics",
                        "fictitious-play", "--steps", "2000"], capsys)
    assert doc["concepts"]["zero_sum"]["value"] == "0"
    assert doc["dynamics"]["verdict"] == "settles"
    guide_says("zero-sum with value 0", "settle on that equilibrium")


def test_answer_cuban_missile_crisis(capsys):
    doc = analyse_json(["scenarios/cuban_missile_crisis.yaml", "--concepts"], capsys)
    assert doc["concepts"]["classification"]["name"] == "chicken"
    assert ("blockade", "withdraw") not in pure_profiles(doc)
    assert pure_profiles(doc) == {("blockade", "maintain"), ("air_strike", "withdraw")}
    (m,) = mixed(doc)
    assert m["strategies"]["United_States"]["blockade"] == "1/2"
    war = analyse_json(["scenarios/cuban_missile_crisis.yaml", "--set", "nuclear_war=9/4"],
                       capsys)
    assert pure_profiles(war) == {("air_strike", "maintain")}
    guide_says("Chicken (T > R > S > P)", "single equilibrium (air_strike, maintain)")


def test_answer_nuclear_deterrence(capsys):
    base = analyse_json(["scenarios/nuclear_deterrence.yaml", "--concepts"], capsys)
    assert base["concepts"]["classification"]["name"] == "stag hunt"
    assert mixed(base)[0]["strategies"]["State_A"]["restrain"] == "1/5"
    weak = analyse_json(["scenarios/nuclear_deterrence.yaml", "--concepts", "--set",
                         "retaliation=1/2"], capsys)
    assert weak["concepts"]["classification"]["name"] == "prisoner's dilemma"
    assert pure_profiles(weak) == {("strike", "strike")} and not mixed(weak)
    guide_says("restraining with probability 1/5", "(strike, strike) is the only equilibrium")


def test_answer_alliance(capsys):
    doc = analyse_json(["scenarios/alliance_burden_sharing.yaml"], capsys)
    assert pure_profiles(doc) == {("contribute", "free_ride")}
    assert doc["equilibria"][0]["payoffs"] == {"Large_ally": "1", "Small_ally": "1"}
    both = analyse_json(["scenarios/alliance_burden_sharing.yaml", "--set",
                         "small_value=3"], capsys)
    assert pure_profiles(both) == {("contribute", "contribute")}
    guide_says("(contribute, free_ride) with payoffs (1, 1)")


def test_answer_idlib_hawkish(capsys):
    base = analyse_json(["scenarios/idlib_m4_patrols.yaml"], capsys)
    assert pure_profiles(base) == {("diplomacy", "wait", "hold_stalemate")}
    doc = analyse_json(["scenarios/idlib_variants/idlib_hawkish_moscow.yaml"], capsys)
    assert pure_profiles(doc) == {("diplomacy", "act_alone", "hold_stalemate")}
    assert doc["equilibria"][0]["payoffs"] == {"Turkey": "1", "Russia": "2", "Damascus": "3"}
    guide_says("(diplomacy, act_alone, hold_stalemate) with payoffs (1, 2, 3)")


# -- every shipped scenario -------------------------------------------------------------------

SCENARIOS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "scenarios").rglob("*.yaml"))


def test_enough_scenarios():
    assert len(SCENARIOS) >= 8


@pytest.mark.parametrize("path", SCENARIOS)
def test_scenario_analyses_cleanly(path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main([path, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    if "graph_model" in doc:            # option-form conflict: a stability table
        assert doc["graph_model"]["states"] and "Nash" in doc["graph_model"]["equilibria"]
        return
    stated = [d for d in doc["equilibria_info"]["component_details"]     # sets too large to
              if d and d.get("listed") is False and d["extreme_points"] > 0]   # list: counted
    assert doc["equilibria"] or stated
    for e in doc["equilibria"]:
        for probs in e["strategies"].values():
            for p in probs.values():
                assert 0 < float(sympy.sympify(p)) <= 1
