"""Further solution concepts against textbook values."""
from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

import games
from cli.main import main
from games.teaching.concepts import classify_2x2, concepts, correlated_equilibrium, maxmin
from games.model import Game, Player, Strategy

F = Fraction


def bimatrix(a, b, rows=("C", "D"), cols=("C", "D")) -> Game:
    players = [Player("Row", tuple(Strategy(s) for s in rows)),
               Player("Col", tuple(Strategy(s) for s in cols))]
    return Game(players, np.array([a, b], dtype=object))


def symmetric(t, r, p, s) -> Game:
    """A symmetric 2x2 game in the T, R, P, S convention (strategy 0 = C)."""
    return bimatrix([[r, s], [t, p]], [[r, t], [s, p]])


def scenario_concepts(name: str):
    g = games.load(f"scenarios/{name}.yaml")
    return g, concepts(g, g.equilibria())


def test_matching_pennies_value_zero():
    g, c = scenario_concepts("matching_pennies")
    assert c.zero_sum is not None
    assert c.zero_sum.value == 0 and c.zero_sum.constant == 0
    assert c.zero_sum.strategies == ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))


def test_rock_paper_scissors_value():
    # rock_win 1: value 0, optimal strategy uniform (von Neumann's minimax).
    g, c = scenario_concepts("rock_paper_scissors")
    assert c.zero_sum.value == 0
    assert c.zero_sum.strategies[0] == (F(1, 3),) * 3


def test_maxmin_known_game():
    # Row payoffs [[3, 0], [1, 2]]: pure maxmin is the bottom row (worst case 1);
    # mixing x on top: 3x + (1 - x) = 2(1 - x) gives x = 1/4, value 3/2.
    g = bimatrix([[3, 0], [1, 2]], [[0, 0], [0, 0]])
    m = maxmin(g, 0)
    assert m.pure_strategies == (1,) and m.pure_value == 1
    assert m.mixed == (F(1, 4), F(3, 4)) and m.mixed_value == F(3, 2)


def test_correlated_equilibrium_of_chicken():
    # Aumann's chicken: (C, C) = (6, 6), (C, D) = (2, 7), (D, C) = (7, 2), (D, D) = (0, 0).
    # Incentive constraints (row told C: x_CC(6 - 7) + x_CD(2 - 0) >= 0, so
    # x_CD >= x_CC / 2, and the same for the column). Welfare 12 x_CC + 9 (x_CD + x_DC)
    # with x_DD = 0 is 9 + 3 x_CC, and x_CD + x_DC = 1 - x_CC >= x_CC gives x_CC <= 1/2:
    # the optimum is x_CC = 1/2, x_CD = x_DC = 1/4, payoffs 21/4 each, total 21/2.
    g = bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    ce = correlated_equilibrium(g)
    assert dict(ce.distribution) == {(0, 0): F(1, 2), (0, 1): F(1, 4), (1, 0): F(1, 4)}
    assert ce.payoffs == (F(21, 4), F(21, 4)) and ce.welfare == F(21, 2)


def test_stag_hunt_risk_dominance():
    # Stag 4, hare 3: losses at (stag, stag) are 4 - 3 = 1 each (product 1); at
    # (hare, hare) 3 - 0 = 3 each (product 9): (hare, hare) risk-dominates, while
    # (stag, stag) payoff-dominates.
    g, c = scenario_concepts("stag_hunt")
    s = c.selection
    assert set(s.products) == {1, 9}
    assert s.risk_dominant == (1, 1)
    assert s.payoff_dominant == (0, 0)


def test_pareto_prisoners_dilemma():
    g, c = scenario_concepts("prisoners_dilemma")
    (check,) = c.pareto
    assert not check.efficient_among_outcomes
    assert check.dominated_by_outcomes == ((0, 0),)   # (cooperate, cooperate) beats it


@pytest.mark.parametrize("name, family", [
    ("prisoners_dilemma", "prisoner's dilemma"),
    ("chicken", "chicken"),
    ("stag_hunt", "stag hunt"),
    ("battle_of_the_sexes", "battle of the sexes"),
    ("matching_pennies", "cyclic (matching pennies type)"),
    ("cuban_missile_crisis", "chicken"),
    ("nuclear_deterrence", "stag hunt"),
])
def test_classification_of_scenarios(name, family):
    g = games.load(f"scenarios/{name}.yaml")
    assert classify_2x2(g).name == family


@pytest.mark.parametrize("trps, family", [
    ((4, 3, 2, 1), "prisoner's dilemma"),      # T > R > P > S
    ((4, 3, 1, 2), "chicken"),                 # T > R > S > P
    ((3, 4, 2, 1), "stag hunt"),               # R > T > P > S
    ((4, 2, 3, 1), "deadlock"),                # T > P > R > S
    ((3, 4, 1, 2), "harmony"),                 # R > T > S > P
    ((4, 2, 1, 3), "battle of the sexes"),     # T > S > R > P (leader)
    ((4, 1, 2, 3), "battle of the sexes"),     # T > S > P > R (hero)
])
def test_classification_of_ordinal_games(trps, family):
    t, r, p, s = trps
    k = classify_2x2(symmetric(t, r, p, s))
    assert k.name == family and k.strictly_ordinal and k.symmetric


def test_classification_is_label_free():
    # The prisoner's dilemma with rows and columns relabelled (D first) is still one.
    g = bimatrix([[1, 5], [0, 3]], [[1, 0], [5, 3]], rows=("D", "C"), cols=("D", "C"))
    k = classify_2x2(g)
    assert k.name == "prisoner's dilemma"
    assert k.labels == ((1, 0), (1, 0))                 # C is the second strategy


def test_ties_reported():
    g, c = scenario_concepts("stag_hunt")
    k = c.classification
    assert not k.strictly_ordinal and k.ordering == "R > T = P > S"
    assert classify_2x2(games.load("scenarios/prisoners_dilemma.yaml")).strictly_ordinal


def test_cli_concepts_json(capsys):
    assert main(["scenarios/chicken.yaml", "--concepts", "--no-sensitivity",
                 "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["concepts"]["classification"]["name"] == "chicken"
    assert len(doc["concepts"]["maxmin"]) == 2


def test_cli_concepts_table(capsys):
    assert main(["scenarios/stag_hunt.yaml", "--concepts", "--no-sensitivity",
                 "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "(hare, hare) risk-dominates" in out
    assert "Family: stag hunt" in out
