"""The `analyze` command end to end: JSON contract, markdown, errors, --schema.

Runs `cli.main.main([...])` in-process (it returns the exit status) and, once, the
command in a fresh interpreter. Expected values come from the hand derivation in
the comments of scenarios/idlib_m4_patrols.yaml, not from earlier output.
"""
from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import sympy
from sympy.parsing.sympy_parser import parse_expr

from cli.main import main
from games.scenario.schema import schema

ROOT = Path(__file__).resolve().parents[1]
IDLIB = ROOT / "scenarios" / "idlib_m4_patrols.yaml"
MALFORMED = sorted((ROOT / "tests" / "malformed").glob("*.yaml"))


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of one in-process run."""
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def exact(text: str) -> sympy.Expr:
    """A value string as sympy reads it (the SPEC: every value parses in sympy)."""
    assert isinstance(text, str), text
    value = parse_expr(text, evaluate=True)
    assert value.is_real is not False, text
    return value


def assert_one_line_error(status: int, out: str, err: str, *words: str) -> None:
    """Exit 2, nothing on stdout, a single 'analyze: error:' line, no traceback."""
    assert status == 2, err
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith("analyze: error: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err


# ------------------------------------------------------------------ JSON contract

@pytest.fixture(scope="module")
def idlib_json() -> dict:
    """The JSON document for the seed scenario (computed once)."""
    import io
    from contextlib import redirect_stdout
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main([str(IDLIB), "--format", "json"]) == 0
    return json.loads(buf.getvalue())


def check_equilibrium_shape(eq: dict, players: dict[str, list[str]]) -> None:
    """kind, strategies (exact probability strings summing to 1), payoffs per player."""
    assert eq["kind"] in ("pure", "mixed")
    assert set(eq["strategies"]) == set(players)
    assert set(eq["payoffs"]) == set(players)
    for name, probs in eq["strategies"].items():
        assert set(probs) <= set(players[name])
        values = [exact(p) for p in probs.values()]
        assert all(v >= 0 for v in values)
        assert sympy.simplify(sum(values) - 1) == 0
        if eq["kind"] == "pure":
            assert values == [1]
    for value in eq["payoffs"].values():
        exact(value)


def test_json_top_level(idlib_json: dict) -> None:
    doc = idlib_json
    assert {"scenario", "players", "parameters", "equilibria", "sensitivity"} <= set(doc)
    assert doc["scenario"] == "Idlib M4 joint patrols, March 2020"
    assert doc["players"] == [
        {"name": "Turkey", "strategies": ["confront", "diplomacy"]},
        {"name": "Russia", "strategies": ["wait", "act_alone"]},
        {"name": "Damascus", "strategies": ["hold_stalemate", "push_m4"]},
    ]
    assert {k: exact(v) for k, v in doc["parameters"].items()} == {
        "militia_support": 4, "border_risk": 2, "moscow_patience": 3, "push_cost": 4,
        "escalation_cost": 3}


def test_json_equilibria(idlib_json: dict) -> None:
    """Baseline: the unique equilibrium (diplomacy, wait, hold_stalemate), payoffs (4, 3, 3)."""
    players = {p["name"]: p["strategies"] for p in idlib_json["players"]}
    eqs = idlib_json["equilibria"]
    for eq in eqs:
        check_equilibrium_shape(eq, players)
    assert len(eqs) == 1
    eq = eqs[0]
    assert eq["kind"] == "pure"
    assert {p: {s: exact(v) for s, v in d.items()} for p, d in eq["strategies"].items()} == {
        "Turkey": {"diplomacy": 1}, "Russia": {"wait": 1}, "Damascus": {"hold_stalemate": 1}}
    assert {p: exact(v) for p, v in eq["payoffs"].items()} == \
        {"Turkey": 4, "Russia": 3, "Damascus": 3}


def test_json_sensitivity(idlib_json: dict) -> None:
    """One entry per ranged parameter with the hand-derived thresholds, and intervals
    that tile the range between them."""
    players = {p["name"]: p["strategies"] for p in idlib_json["players"]}
    entries = {s["parameter"]: s for s in idlib_json["sensitivity"]}
    expected = {"militia_support": ([0, 8], [3]), "border_risk": ([0, 5], [1]),
                "moscow_patience": ([0, 6], [2]), "push_cost": ([0, 8], [1, 3]),
                "escalation_cost": ([0, 6], [])}
    assert set(entries) == set(expected)
    for name, (rng, thresholds) in expected.items():
        entry = entries[name]
        assert [exact(x) for x in entry["range"]] == rng
        assert sorted(exact(t) for t in entry["thresholds"]) == thresholds
        cuts = [rng[0], *thresholds, rng[1]]
        intervals = entry["intervals"]
        assert [(exact(i["from"]), exact(i["to"])) for i in intervals] == list(zip(cuts, cuts[1:]))
        for interval in intervals:
            assert interval["equilibria"]
            for eq in interval["equilibria"]:
                check_equilibrium_shape(eq, players)


def test_json_push_cost_middle_interval(idlib_json: dict) -> None:
    """Between push_cost 1 and 3: two pure equilibria and the mixed one in which
    Damascus holds with probability 3/4 (derived in the scenario's comments)."""
    entry = next(s for s in idlib_json["sensitivity"] if s["parameter"] == "push_cost")
    middle = next(i for i in entry["intervals"] if exact(i["from"]) == 1)
    kinds = sorted(eq["kind"] for eq in middle["equilibria"])
    assert kinds == ["mixed", "pure", "pure"]
    mixed = next(eq for eq in middle["equilibria"] if eq["kind"] == "mixed")
    assert exact(mixed["strategies"]["Damascus"]["hold_stalemate"]) == sympy.Rational(3, 4)
    assert {s: exact(v) for s, v in mixed["strategies"]["Turkey"].items()} == {"diplomacy": 1}


def test_json_set_changes_the_answer(capsys) -> None:
    """--set militia_support=1 (below the threshold 3): (confront, wait, hold_stalemate)."""
    status, out, err = run(capsys, IDLIB, "--format", "json", "--no-sensitivity",
                           "--set", "militia_support=1")
    assert status == 0, err
    doc = json.loads(out)
    assert exact(doc["parameters"]["militia_support"]) == 1
    [eq] = doc["equilibria"]
    assert {p: list(d) for p, d in eq["strategies"].items()} == {
        "Turkey": ["confront"], "Russia": ["wait"], "Damascus": ["hold_stalemate"]}


def test_json_mixed_equilibrium_is_exact(capsys) -> None:
    """Matching pennies: (1/2, 1/2) for both, payoffs 0 (a textbook result)."""
    status, out, err = run(capsys, ROOT / "scenarios" / "matching_pennies.yaml",
                           "--format", "json")
    assert status == 0, err
    [eq] = json.loads(out)["equilibria"]
    assert eq["kind"] == "mixed"
    for probs in eq["strategies"].values():
        assert sorted(exact(p) for p in probs.values()) == [sympy.Rational(1, 2)] * 2
    assert all(exact(v) == 0 for v in eq["payoffs"].values())


# ------------------------------------------------------------------ other formats

def test_markdown_has_tables(capsys) -> None:
    status, out, err = run(capsys, IDLIB, "--format", "markdown")
    assert status == 0, err
    lines = out.splitlines()
    separators = [line for line in lines if line.startswith("|") and set(line) <= set("|-: ")]
    assert len(separators) >= 3              # payoffs, equilibria, sensitivity at least
    assert any(line.startswith("#") for line in lines)
    assert any("diplomacy" in line and line.startswith("|") for line in lines)


def test_table_format_runs(capsys) -> None:
    status, out, err = run(capsys, ROOT / "scenarios" / "prisoners_dilemma.yaml")
    assert status == 0, err
    assert "defect" in out


def test_schema_option_prints_the_schema(capsys) -> None:
    status, out, err = run(capsys, "--schema")
    assert status == 0 and err == ""
    assert json.loads(out) == schema()


# ------------------------------------------------------------------ errors

def test_missing_file(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert_one_line_error(*run(capsys, missing), str(missing), "no such file")


def test_unknown_set_parameter(capsys) -> None:
    assert_one_line_error(*run(capsys, IDLIB, "--set", "militia_suport=1"),
                          "unknown parameter 'militia_suport'", "did you mean 'militia_support'")


def test_set_value_outside_range(capsys) -> None:
    assert_one_line_error(*run(capsys, IDLIB, "--set", "push_cost=9"), "outside the range")


def test_bad_steps(capsys) -> None:
    assert_one_line_error(*run(capsys, IDLIB, "--sweep", "push_cost", "--steps", "1"),
                          "--steps")


def test_steps_not_a_number(capsys) -> None:
    """argparse's own errors also exit 2, end in one 'error:' line, and no traceback."""
    with pytest.raises(SystemExit) as exc:
        main([str(IDLIB), "--sweep", "push_cost", "--steps", "many"])
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert err.splitlines()[-1].startswith("analyze: error: argument --steps")
    assert "Traceback" not in err


def test_unknown_sweep_parameter(capsys) -> None:
    assert_one_line_error(*run(capsys, IDLIB, "--sweep", "push_csot"),
                          "unknown parameter 'push_csot'", "did you mean 'push_cost'")


def test_malformed_file_names_line_and_column(capsys) -> None:
    path = ROOT / "tests" / "malformed" / "unknown_strategy.yaml"
    status, out, err = run(capsys, path)
    assert_one_line_error(status, out, err, f"{path}:9:7: unknown strategy 'rihgt' for Col",
                          "did you mean 'right'?")


@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: p.stem)
def test_every_malformed_file_is_one_line_exit_2(path: Path, capsys) -> None:
    assert_one_line_error(*run(capsys, path), str(path))


def test_no_scenario_given(capsys) -> None:
    status, out, err = run(capsys)
    assert status == 2 and out == ""
    assert err.splitlines()[-1].startswith("analyze: error:")


def test_fresh_interpreter_broken_file(tmp_path: Path) -> None:
    """The installed entry point's code path in a new process: exit 2, no traceback."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("scenario: Broken\nplayers:\n  A: [x, y]\n  B: {strategies: [u, v]\n",
                      encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", "from cli.main import main; raise SystemExit(main())",
         str(broken)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"analyze: error: {broken}:")
    assert proc.stderr.count("\n") == 1


def test_fresh_interpreter_success() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from cli.main import main; raise SystemExit(main())",
         str(ROOT / "scenarios" / "prisoners_dilemma.yaml"), "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    eqs = json.loads(proc.stdout)["equilibria"]
    assert [eq["strategies"] for eq in eqs] == [{"Ann": {"defect": "1"}, "Bob": {"defect": "1"}}]
    assert Fraction(eqs[0]["payoffs"]["Ann"]) == 1


def test_rich_tables_never_cut_an_exact_value() -> None:
    """A long fraction in a narrow terminal wraps; every digit is still printed."""
    import io
    import re

    from rich.console import Console

    from cli.render.document import Section, Table
    from cli.render.rich_out import emit

    value = "123456789012345678901234567890/987654321098765432109876543210"
    sec = Section("t")
    sec.add(Table(["payoffs"], [[value]]))
    buf = io.StringIO()
    emit([sec], Console(file=buf, width=40, color_system=None))
    printed = re.sub(r"[^0-9/]", "", buf.getvalue())
    assert value in printed, buf.getvalue()
