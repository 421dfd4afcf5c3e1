"""`--regions A B` on game trees (games.tree.points.tree_regions): the exact region map
of the subgame-perfect equilibria, checked on a rational grid over the box (points on
the boundary curves included) against the brute force of tree_oracle (a pure profile
is subgame perfect iff it is a Nash equilibrium of every subgame) on the tree
evaluated at each point: the region holding the point lists exactly the brute force's
pure SPE (as plans of the reduced form), and its formulas give their payoffs there."""
from __future__ import annotations

import contextlib
import io
import json
from fractions import Fraction
from pathlib import Path

import pytest
from tree_oracle import brute_spe, value

import games
from cli.main import main
from games.tree import points

ROOT = Path(__file__).resolve().parents[1]

CURVED = """scenario: a curved boundary
parameters:
  a: {value: 1, range: [0, 4]}
  b: {value: 1/2, range: [0, 1]}
players: [A, B]
tree:
  A:
    out: [1, a]
    into:
      chance:
        good: {p: b, then: {B: {x: [2, a - 1], y: [0, 1]}}}
        bad: {p: 1 - b, then: [a - 2, 0]}
"""


def grid(box, steps=12):
    (a0, a1), (b0, b1) = box
    return [(a0 + (a1 - a0) * Fraction(i, steps), b0 + (b1 - b0) * Fraction(j, steps))
            for i in range(steps + 1) for j in range(steps + 1)]


def oracle(game, names, a, b):
    """Pure SPE at (a, b) by brute force, as reduced-form supports, with payoffs."""
    scen = game.scenario
    values = {**game.values, names[0]: a, names[1]: b}
    tree = scen.spec.tree(values)
    form = scen.form
    out = {}
    for prof in brute_spe(tree):
        support = []
        for plans in form.plans:
            j = next(j for j, plan in enumerate(plans)
                     if all(prof[h] == x for h, x in plan.items()))
            support.append((j,))
        out[tuple(support)] = value(tree, 0, prof)
    return out


def check_map(game, names):
    m = points.tree_regions(game.scenario, names, values=game.values)
    assert m.complete
    for a, b in grid(m.box):
        expected = oracle(game, names, a, b)
        region = m.region_at(a, b)
        assert region.structure is not None
        assert {s for s, _ in region.structure} == set(expected), (a, b)
        eqs = m.equilibria_at(a, b)
        assert eqs is not None
        assert {e.support: tuple(e.payoffs) for e in eqs} == expected, (a, b)
    return m


def test_curved_boundary(tmp_path):
    path = tmp_path / "curved.yaml"
    path.write_text(CURVED)
    m = check_map(games.load(path), ("a", "b"))
    assert len(m.boundaries) == 2          # a = 2 (B's tie) and A's curve


@pytest.mark.parametrize("names", [("moscow_patience", "militia_support"),
                                   ("moscow_patience", "risk")])
def test_idlib_ultimatum(names):
    game = games.load(ROOT / "scenarios" / "idlib_ultimatum.yaml")
    if not all(n in game.scenario.parameters for n in names):
        pytest.skip(f"the scenario has no parameter {names}")
    check_map(game, names)


def test_cli_regions_on_a_tree(tmp_path):
    path = tmp_path / "curved.yaml"
    path.write_text(CURVED)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([str(path), "--regions", "a", "b", "--format", "json",
                     "--no-sensitivity"]) == 0
    doc = json.loads(out.getvalue())
    assert doc["regions"]["parameters"] == ["a", "b"]
    assert any("subgame-perfect" in n for n in doc["regions"]["notes"])
