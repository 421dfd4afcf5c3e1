"""The root's local game of a tree is the reduced form itself when no subgame below it
holds a move of a player: its equilibria, already found for the Nash report, are
reused instead of enumerated a second time (tim.efg: half its time). Checked against
backward induction without reuse (every local game solved afresh)."""
from __future__ import annotations

import sys
from fractions import Fraction

from hypothesis import given, settings

import games  # noqa: F401  (games.solve, the module, from sys.modules below)
from games.solve import solve
from games.tree.analysis import _solved, analyze_tree
from games.tree.induction import NormalFormGames, backward_induction
from games.expressions import const
from games.tree.model import CHANCE, DECISION, LEAF, SpecNode, TreeSpec
from games.tree.scenario import TreeScenario
from tests.test_tree import imperfect_trees


def _game(root: SpecNode):
    return TreeScenario(TreeSpec("t", ("A", "B"), {}, root)).game()


def _leaf(a: int, b: int) -> SpecNode:
    return SpecNode(LEAF, payoffs=(const(a), const(b)))


def _pennies_behind_chance():
    """A moves, B does not see it; each outcome is a fair coin between two payoffs
    (subgames without moves): matching pennies as a tree."""
    def coin(a: int) -> SpecNode:
        return SpecNode(CHANCE, ("h", "t"), (_leaf(a, -a), _leaf(a, -a)),
                        probs=(const(Fraction(1, 2)), const(Fraction(1, 2))))

    def b(x: int, y: int) -> SpecNode:
        return SpecNode(DECISION, ("l", "r"), (coin(x), coin(y)), player=1, info="hidden")
    return _game(SpecNode(DECISION, ("u", "d"), (b(1, -1), b(-1, 1)), player=0))


def test_matching_pennies_behind_chance_is_solved_once(monkeypatch) -> None:
    """By hand: A mixes 1/2, B mixes 1/2, one equilibrium; the reduced form is
    enumerated once, and the subgame-perfect list is that one."""
    game = _pennies_behind_chance()
    module = sys.modules["games.solve"]
    solve = module.solve
    nash = solve(game)
    calls: list[object] = []
    monkeypatch.setattr(module, "solve", lambda g, *a, **k: calls.append(g) or
                        solve(g, *a, **k))
    report = analyze_tree(game, nash)
    assert calls == []             # the root's local game: the Nash report's answer
    eqs = report.induction.equilibria
    assert eqs is not None and len(eqs) == 1
    assert {p for _, probs in eqs[0].behavior for p in probs or ()} == {Fraction(1, 2)}
    assert eqs == backward_induction(game.tree).equilibria


@settings(max_examples=30, deadline=None)
@given(imperfect_trees())
def test_reuse_gives_the_same_subgame_perfect_equilibria(root: SpecNode) -> None:
    game = _game(root)
    if game.payoffs.size > 800:
        return
    whole = _solved(game.scenario.form, game, solve(game))
    reused = backward_induction(game.tree, local=NormalFormGames(whole))
    fresh = backward_induction(game.tree)
    assert reused.equilibria == fresh.equilibria
    assert (reused.pure_count, reused.root_values) == (fresh.pure_count, fresh.root_values)


def test_a_local_game_solved_incompletely_is_not_called_all(monkeypatch) -> None:
    """The root's local game of a Gambit tree (artist2.efg, 64 x 64) was enumerated up
    to its work limit, yet the subgame-perfect list said "all". Here the engine's
    answer for the local game is marked incomplete: the list says partial and why."""
    from dataclasses import replace
    game = _pennies_behind_chance()
    assert backward_induction(game.tree).listed == "all"
    module = sys.modules["games.solve"]
    solve = module.solve
    monkeypatch.setattr(module, "solve", lambda g, *a, **k: replace(
        solve(g, *a, **k), complete=False).with_notes("enumeration capped at 7 bases (test)"))
    ind = backward_induction(game.tree)
    assert ind.listed.startswith("partial:")
    assert any("at / was not solved completely (enumeration capped at 7 bases)" in n
               for n in ind.notes)
