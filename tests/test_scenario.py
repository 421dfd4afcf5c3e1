"""Loading well-formed scenarios: players, descriptions, exact numbers, parameters,
effects; payoffs checked against values derived by hand from the files."""
from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import numpy as np

from games.expressions import Expr
from games.scenario import load_scenario, parse_scenario

IDLIB = """\
scenario: Idlib M4 joint patrols, March 2020
description: >
  Turkey, Russia and Damascus after the second failed joint patrol.
source: "News report, March 2020"
parameters:
  militia_support:
    value: 3
    range: [0, 6]
    description: What keeping the militias on side is worth to Ankara
  escalation_cost: {value: 4, range: [1, 8], distribution: triangular, mode: 5}
  noise: {value: 1/2, distribution: normal, sd: 0.25}
players:
  Turkey:
    description: Ankara
    strategies:
      confront: Clear the roadblocks by force
      diplomacy: Keep up parallel diplomacy
  Russia:
    strategies: [wait, act_alone]
  Damascus:
    strategies:
      - hold_stalemate
      - push_m4: Push along the M4
payoffs:
  confront,  wait,      hold_stalemate: [2 - militia_support, 3, 1]
  confront,  wait,      push_m4:        [0, 2, 3]
  confront,  act_alone, hold_stalemate: [0.1, 3, 1]
  confront,  act_alone, push_m4:        [0, 2, 3]
  diplomacy, wait,      hold_stalemate: [1, 1, 1]
  diplomacy, wait,      push_m4:        [1/3, "min(militia_support, 2)", noise]
  diplomacy, act_alone, hold_stalemate: [1, 1, 1]
  diplomacy, act_alone, push_m4:        [1, 1, 1]
effects:
  - when: {Russia: act_alone}
    payoffs: {Turkey: -escalation_cost, Russia: 1}
  - when: {Turkey: [confront, diplomacy], Damascus: push_m4}
    payoffs: {Damascus: "-0.5"}
"""


def test_players_strategies_and_descriptions() -> None:
    scen = parse_scenario(IDLIB, "idlib.yaml")
    assert scen.title == "Idlib M4 joint patrols, March 2020"
    assert scen.description.startswith("Turkey, Russia and Damascus")
    assert scen.source == "News report, March 2020"
    assert [p.name for p in scen.players] == ["Turkey", "Russia", "Damascus"]
    assert scen.players[0].strategy_names == ["confront", "diplomacy"]
    assert scen.players[0].strategies[0].description == "Clear the roadblocks by force"
    assert scen.players[2].strategies[1].description == "Push along the M4"
    assert scen.players[2].strategies[0].description == ""
    assert scen.player_descriptions == {"Turkey": "Ankara"}
    assert scen.shape == (2, 2, 2)
    assert scen.profile_lines[(1, 0, 1)] == 30


def test_parameters() -> None:
    p = parse_scenario(IDLIB, "idlib.yaml").parameters
    assert p["militia_support"].value == 3 and p["militia_support"].range == (0, 6)
    assert p["militia_support"].description.startswith("What keeping")
    assert p["escalation_cost"].distribution == "triangular" and p["escalation_cost"].mode == 5
    assert p["noise"].value == F(1, 2) and p["noise"].sd == F(1, 4)
    assert p["noise"].range is None and p["noise"].distribution == "normal"


def test_payoffs_rows_plus_effects() -> None:
    scen = parse_scenario(IDLIB, "idlib.yaml")
    g = scen.game()
    assert g.scenario is scen
    assert g.values == {"militia_support": 3, "escalation_cost": 4, "noise": F(1, 2)}
    # by hand: row (0.1, 3, 1) + Russia acts alone (-4, +1, 0) -> (-39/10, 4, 1)
    assert list(g.payoffs[:, 0, 1, 0]) == [F(-39, 10), 4, 1]
    # row (1/3, min(3, 2), 1/2) + Damascus pushes (0, 0, -1/2)
    assert list(g.payoffs[:, 1, 0, 1]) == [F(1, 3), 2, 0]
    # row (2 - 3, 3, 1), no effect
    assert list(g.payoffs[:, 0, 0, 0]) == [-1, 3, 1]
    assert all(isinstance(v, F) for v in g.payoffs.flat)


def test_overrides_and_expressions() -> None:
    scen = parse_scenario(IDLIB, "idlib.yaml")
    g = scen.game({"militia_support": F(1, 2), "escalation_cost": F(1)})
    assert g.payoffs[0, 0, 0, 0] == F(3, 2)
    assert g.payoffs[1, 1, 0, 1] == F(1, 2)
    assert g.payoffs[0, 0, 1, 0] == F(1, 10) - 1
    assert scen.expressions.shape == (3, 2, 2, 2)
    assert all(isinstance(e, Expr) for e in scen.expressions.flat)
    e = scen.expressions[0, 0, 1, 0]
    assert e.parameters() == {"escalation_cost"}
    assert e.evaluate(scen.baseline) == F(-39, 10)
    # the expressions and the game agree everywhere, at another point too
    vals = scen.values({"militia_support": F(5)})
    g5 = scen.game({"militia_support": F(5)})
    for idx in np.ndindex(scen.expressions.shape):
        assert scen.expressions[idx].evaluate(vals) == g5.payoffs[idx]


def test_effects_only_game() -> None:
    text = """\
scenario: Stag hunt from effects
players:
  A: {strategies: [stag, hare]}
  B: {strategies: [stag, hare]}
effects:
  - when: {A: stag, B: stag}
    payoffs: {A: 4, B: 4}
  - when: {A: hare}
    payoffs: {A: 3}
  - when: {B: hare}
    payoffs: {B: 3}
"""
    g = parse_scenario(text).game()
    # by hand: (stag, stag) = (4, 4); (stag, hare) = (0, 3); (hare, stag) = (3, 0); (hare, hare) = (3, 3)
    assert g.payoffs[0].tolist() == [[4, 0], [3, 3]]
    assert g.payoffs[1].tolist() == [[4, 3], [0, 3]]


def test_exact_numbers_from_text() -> None:
    text = """\
scenario: Numbers
parameters:
  p: {value: 0.1, range: [0, 0.3]}
players:
  A: [a1, a2]
  B: [b1, b2]
payoffs:
  a1, b1: [0.1, 1/3]
  a1, b2: [p + 0.2, 1e-2]
  a2, b1: [-7, "2**-2"]
  a2, b2: ["max(p, 1/10) * 3", 12345678901234567890.5]
"""
    g = parse_scenario(text).game()
    assert g.payoffs[:, 0, 0].tolist() == [F(1, 10), F(1, 3)]
    assert g.payoffs[:, 0, 1].tolist() == [F(3, 10), F(1, 100)]
    assert g.payoffs[:, 1, 0].tolist() == [-7, F(1, 4)]
    assert g.payoffs[:, 1, 1].tolist() == [F(3, 10), F(24691357802469135781, 2)]


def test_single_strategy_player_and_bare_lists(tmp_path: Path) -> None:
    path = tmp_path / "single.yaml"
    path.write_text("""\
scenario: Dictator
players:
  Dictator: [keep, share]
  Recipient: [accept]
payoffs:
  keep, accept: [10, 0]
  share, accept: [5, 5]
""")
    scen = load_scenario(path)
    assert scen.source_path == str(path)
    g = scen.game()
    assert g.shape == (2, 1)
    assert g.payoffs[:, :, 0].tolist() == [[10, 5], [0, 5]]


def test_yaml_special_words_are_names() -> None:
    """'yes', 'no', 'on', 'null' are plain strategy names, not booleans."""
    text = """\
scenario: Norway
players:
  A: [yes, no]
  B: [on, off]
payoffs:
  yes, on: [1, 1]
  yes, off: [0, 0]
  no, on: [0, 0]
  no, off: [2, 2]
"""
    scen = parse_scenario(text)
    assert scen.players[0].strategy_names == ["yes", "no"]
    assert scen.game().payoffs[0, 1, 1] == 2
