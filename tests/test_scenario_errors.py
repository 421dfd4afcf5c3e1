"""Every malformed scenario is rejected before solving with file:line:column and a
clear message. The expected positions below were read off the files by hand."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from games.errors import ScenarioError
from games.scenario import load_scenario, parse_scenario

MALFORMED = Path(__file__).parent / "malformed"

# file stem: (line, column or None, message fragment)
CASES: dict[str, tuple[int, int | None, str]] = {
    "not_a_mapping": (1, 1, "must be a mapping"),
    "plain_text": (1, 1, "must be a mapping"),
    "yaml_syntax_error": (4, 3, "expected ',' or '}'"),
    "tab_indent": (3, 1, "indent with spaces"),
    "two_documents": (2, 1, "expected a single document"),
    "missing_scenario": (1, 1, "missing required key 'scenario:'"),
    "missing_players": (1, 1, "missing required key 'players:'"),
    "unknown_top_key": (7, 1, "unknown key 'payofs' in the scenario file; did you mean 'payoffs'?"),
    "empty_title": (1, None, "the title ('scenario:') is empty"),
    "one_player": (3, 3, "at least 2 players, found 1"),
    "no_strategies": (6, 17, "player 'Col' has no strategies"),
    "strategies_scalar": (6, 17, "must be a list or a mapping, found 'left'"),
    "player_without_strategies": (5, 3, "player 'Col' has no 'strategies'"),
    "duplicate_player": (7, 3, "duplicate key 'Row' in 'players' (first at line 3)"),
    "duplicate_strategy": (4, 28, "duplicate strategy 'up' for Row"),
    "comma_in_strategy": (4, 18, "strategy name 'up, high' of Row contains a comma"),
    "empty_strategy_name": (4, 18, "empty strategy name of Row"),
    "unknown_strategy": (9, 7, "unknown strategy 'rihgt' for Col; did you mean 'right'?"),
    "strategy_of_other_player": (9, 3, "'right' is a strategy of Col; list strategies in player order"),
    "wrong_key_length": (9, 3, "profile 'up' names 1 strategy; expected 2"),
    "duplicate_profile": (12, 3, "duplicate profile (down, left) (first at line 10)"),
    "missing_profile": (7, 1, "missing payoff row for profile (down, right)"),
    "wrong_tuple_length": (9, 14, "the payoffs of (up, right) have 3 values; expected 2"),
    "payoffs_not_a_list": (11, 16, "must be a list of 2 values"),
    "payoff_is_a_list": (11, 20, "Col's payoff at (down, right) must be a number or an expression"),
    "payoffs_not_a_mapping": (7, 10, "'payoffs' must be a mapping"),
    "empty_payoffs": (7, 1, "the 'payoffs' block is empty"),
    "undeclared_parameter": (13, 21, "undeclared parameter 'cots' in Row's payoff at (down, right); "
                                     "did you mean 'cost'?"),
    "undeclared_no_parameters": (11, 17, "undeclared parameter 'bonus'"),
    "bad_expression": (11, 20, "unexpected character '^' in expression; write ** for a power"),
    "hostile_expression": (11, 18, "unexpected character '_'"),
    "unknown_function": (11, 17, "unknown function 'sqrt'"),
    "unquoted_min_with_comma": (13, 16, "quote an expression that contains commas"),
    "unclosed_paren": (11, 18, "missing ')'"),
    "fractional_exponent": (11, 19, "the exponent must be an integer"),
    "huge_power": (11, 20, "power too large"),
    "division_by_zero": (13, 19, "division by zero in '1 / (a - 2)' with a=2"),
    "value_outside_range": (4, 12, "value 10 of parameter 'cost' is outside its range [0, 6]"),
    "range_inverted": (5, 12, "low 6 > high 0"),
    "range_not_pair": (5, 12, "must be a list [low, high]"),
    "bad_distribution": (6, 19, "unknown distribution 'unifrom' for parameter 'cost'; "
                                "did you mean 'uniform'?"),
    "normal_without_sd": (6, 19, "a normal distribution needs 'sd'"),
    "mode_outside_range": (7, 11, "mode 7 of parameter 'cost' is outside its range"),
    "parameter_not_identifier": (3, 3, "parameter name '2cost' is not an identifier"),
    "parameter_function_name": (3, 3, "parameter name 'max' is a function name"),
    "parameter_unknown_key": (3, 10, "unknown key 'valeu' in parameter 'cost'; did you mean 'value'?"),
    "parameter_missing_value": (4, 5, "parameter 'cost' has no 'value'"),
    "parameter_value_not_number": (3, 17, "must be a number"),
    "effect_unknown_player": (13, 12, "unknown player 'Rwo'; did you mean 'Row'?"),
    "effect_unknown_strategy": (13, 22, "unknown strategy 'dwon' for Row; did you mean 'down'?"),
    "effect_payoff_unknown_player": (14, 15, "unknown player 'Coll'; did you mean 'Col'?"),
    "effect_unknown_key": (14, 5, "unknown key 'payoff' in effect #1; did you mean 'payoffs'?"),
    "effect_missing_payoffs": (13, 5, "effect #1 has no 'payoffs'"),
    "effect_bad_expression": (14, 23, "bad expression '1 +' in effect #1"),
    "effects_not_a_list": (13, 3, "'effects' must be a list"),
    "game_too_large": (3, 3, "game too large: 101 x 101 x 101 = 1,030,301 pure profiles"),
}


def test_every_malformed_file_has_a_case() -> None:
    """The table and the folder agree, and there are at least 30 distinct cases."""
    stems = {p.stem for p in MALFORMED.glob("*.yaml")}
    assert stems == set(CASES)
    assert len(stems) >= 30


@pytest.mark.parametrize("stem", sorted(CASES))
def test_malformed(stem: str) -> None:
    line, column, fragment = CASES[stem]
    path = MALFORMED / f"{stem}.yaml"
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    assert err.file == str(path)
    assert err.line == line, str(err)
    if column is not None:
        assert err.column == column, str(err)
    assert fragment in str(err), str(err)
    assert str(err).startswith(f"{path}:{line}:")
    assert "\n" not in str(err)


def test_hostile_expression_runs_nothing(tmp_path: Path) -> None:
    """The payload would create a file if it were ever evaluated."""
    target = tmp_path / "pwned"
    text = (MALFORMED / "hostile_expression.yaml").read_text().replace("/tmp/pwned", str(target))
    with pytest.raises(ScenarioError):
        parse_scenario(text, "hostile.yaml")
    assert not target.exists()


def test_empty_file(tmp_path: Path) -> None:
    for i, text in enumerate(["", "   \n\n", "# only a comment\n"]):
        p = tmp_path / f"empty{i}.yaml"
        p.write_text(text)
        with pytest.raises(ScenarioError, match="empty scenario file") as info:
            load_scenario(p)
        assert str(info.value).startswith(str(p))


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "game.yaml"
    p.write_bytes(b"scenario: x\n\x00\x01\x02\xff")
    with pytest.raises(ScenarioError, match="not a text file") as info:
        load_scenario(p)
    assert info.value.line == 2


def test_not_utf8(tmp_path: Path) -> None:
    p = tmp_path / "latin1.yaml"
    p.write_bytes("scenario: caf\u00e9\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match="not UTF-8") as info:
        load_scenario(p)
    assert (info.value.line, info.value.column) == (1, 14)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ScenarioError, match="no such file") as info:
        load_scenario(missing)
    assert str(info.value).startswith(str(missing))
    with pytest.raises(ScenarioError, match="is a directory"):
        load_scenario(tmp_path)


SMALL = """\
scenario: Small
parameters:
  cost: {value: 2, range: [0, 4]}
players:
  A: [x, y]
  B: [x, y]
payoffs:
  x, x: [cost, 1]
  x, y: [0, 0]
  y, x: [0, 0]
  y, y: [1, cost]
"""


def test_set_unknown_parameter() -> None:
    scen = parse_scenario(SMALL, "small.yaml")
    with pytest.raises(ScenarioError) as info:
        scen.parse_assignment("cots=3")
    err = info.value
    assert err.line is None
    assert "unknown parameter 'cots'" in str(err)
    assert err.hint == "did you mean 'cost'?"
    assert str(err).startswith("small.yaml: ")


def test_set_out_of_range_and_bad_values() -> None:
    scen = parse_scenario(SMALL, "small.yaml")
    with pytest.raises(ScenarioError, match=r"outside the range \[0, 4\]"):
        scen.parse_assignment("cost=9/2")
    with pytest.raises(ScenarioError, match="expected NAME=VALUE"):
        scen.parse_assignment("cost")
    with pytest.raises(ScenarioError, match="bad value"):
        scen.parse_assignment("cost=two")
    with pytest.raises(ScenarioError, match="outside the range"):
        scen.game({"cost": Fraction(-1)})
    assert scen.parse_assignment(" cost = 0.5 ") == ("cost", Fraction(1, 2))


def test_override_division_by_zero_names_the_row() -> None:
    text = SMALL.replace("[0, 0]\n  y, x", "[\"1/cost\", 0]\n  y, x")
    scen = parse_scenario(text, "small.yaml")
    with pytest.raises(ScenarioError, match="division by zero in '1 / cost' with cost=0") as info:
        scen.game({"cost": Fraction(0)})
    assert (info.value.line, info.value.column) == (9, 12)


def test_yaml_duplicate_profile_key_is_detected() -> None:
    """Plain YAML would silently keep the last of two equal keys."""
    text = SMALL + "  x, x: [5, 5]\n"
    with pytest.raises(ScenarioError, match="duplicate profile") as info:
        parse_scenario(text, "dup.yaml")
    assert info.value.line == 12
