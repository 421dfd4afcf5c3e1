"""Comparing two games: payoff cells that differ; equilibria that appear, disappear, move."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from games.errors import GameError
from games.scenario import load_scenario
from games.sensitivity import compare
from games.solve import solve

DATA = Path(__file__).parent / "data" / "sensitivity"


@pytest.fixture
def sc():
    return load_scenario(DATA / "dominance_zero.yaml")


def test_appeared_and_disappeared(sc):
    cmp = compare(sc.game({"c": Fraction(1)}), sc.game({"c": Fraction(-1)}), solver=solve)
    (diff,) = cmp.differences
    assert diff.profile == (0, 0) and diff.player == 0 and (diff.a, diff.b) == (1, -1)
    assert [e.support for e in cmp.disappeared] == [((0, 1), (0, 1))]
    assert [e.profile for e in cmp.appeared] == [((0, 1), (1, 0))]
    assert not cmp.moved and not cmp.unchanged and not cmp.same_prediction


def test_moved(sc):
    cmp = compare(sc.game({"c": Fraction(1)}), sc.game({"c": Fraction(2)}), solver=solve)
    ((a, b),) = cmp.moved
    half, third = Fraction(1, 2), Fraction(1, 3)
    assert a.profile == ((half, half), (half, half))        # B: x w.p. 1/(c + 1)
    assert b.profile == ((half, half), (third, 2 * third))
    assert not cmp.appeared and not cmp.disappeared


def test_identical_games(sc):
    cmp = compare(sc.game(), sc.game(), solver=solve)
    assert cmp.same_prediction and not cmp.differences and len(cmp.unchanged) == 1


def test_different_forms_are_refused(sc):
    other = load_scenario(DATA / "outside_gap.yaml")
    with pytest.raises(GameError, match="cannot be compared"):
        compare(sc.game(), other.game(), solver=solve)


def test_to_dict(sc):
    d = compare(sc.game({"c": Fraction(1)}), sc.game({"c": Fraction(-1)}), solver=solve).to_dict()
    assert d["differences"] == [{"profile": {"A": "x", "B": "x"}, "player": "A",
                                 "a": "1", "b": "-1"}]
    assert d["appeared"][0]["strategies"] == {"A": {"y": "1"}, "B": {"x": "1"}}
    assert d["disappeared"][0]["kind"] == "mixed"
    assert len(d["a"]["equilibria"]) == 1 and len(d["b"]["equilibria"]) == 1
