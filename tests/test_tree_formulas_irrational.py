"""A tree region map's formulas at a cell whose points are all irrational (the line
a = sqrt(2)), for a subgame-perfect equilibrium that the reduced form's support
system does not fix: A stays out of a simultaneous subgame in which B mixes. The
formulas are checked against the subgame's mixed equilibrium solved here with sympy
(each player indifferent between its two actions) at exact points of the line.

A takes out, worth a*a + b/(b + 1), or enters a 2x2 game (A: U/D, B: L/R unseen)
with A's payoffs [[2 + b, 2], [2, 3]] and B's [[0, b], [1, 0]]: no pure equilibrium,
B's L with probability q making A indifferent, A's U with p making B indifferent,
and A's value 2 + q*b. The tie out = in is a*a = 2."""
from __future__ import annotations

import pytest
import sympy

import games
from games.numbers import to_sympy
from games.tree import points
from tests.test_tree_regions_irrational import tree_map

SCENARIO = """scenario: an off-path mixed subgame at an irrational threshold
parameters:
  a: {value: 1, range: [0, 2]}
  b: {value: 1, range: [1, 3]}
players: [A, B]
tree:
  A:
    out: [a * a + b / (b + 1), 0]
    in:
      A:
        U:
          B:
            L: [2 + b, 0]
            R: [2, b]
          info: b_moves
        D:
          B:
            L: [2, 1]
            R: [3, 0]
          info: b_moves
"""
R2 = sympy.sqrt(2)


def subgame(b: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr, sympy.Expr]:
    """(p, q, A's value, B's value) of the subgame's mixed equilibrium at b."""
    p, q = sympy.symbols("p q")
    A = [[2 + b, 2], [2, 3]]
    B = [[0, b], [1, 0]]
    qs = sympy.solve(q * A[0][0] + (1 - q) * A[0][1] - q * A[1][0] - (1 - q) * A[1][1], q)
    ps = sympy.solve(p * B[0][0] + (1 - p) * B[1][0] - p * B[0][1] - (1 - p) * B[1][1], p)
    [qv], [pv] = qs, ps
    va = qv * A[0][0] + (1 - qv) * A[0][1]
    vb = pv * (qv * B[0][0] + (1 - qv) * B[0][1]) + (1 - pv) * (qv * B[1][0] + (1 - qv) * B[1][1])
    return pv, qv, va, vb


@pytest.fixture(scope="module")
def mapped(tmp_path_factory):
    return tree_map(SCENARIO, tmp_path_factory.mktemp("offpath"))


@pytest.mark.parametrize("b", [sympy.Integer(1), sympy.Rational(3, 2), sympy.Integer(2),
                               sympy.Rational(29, 10), R2])
def test_formulas_on_the_irrational_line(mapped, b):
    game, m = mapped
    a = R2
    region = m.region_at(a, b)
    cell = m.cells[m.cell_at(a, b)]
    assert cell.dimension == 1
    piece = region.all_pieces()[cell.piece]
    assert piece.equilibria is not None and all(f is not None for f in piece.formulas)
    pv, qv, va, vb = subgame(b)
    names = {p.name: [s.name for s in p.strategies] for p in game.players}
    at = dict(zip(m.symbols, (a, b)))
    seen = set()
    for f in piece.formulas:
        probs = [[sympy.simplify(to_sympy(x).subs(at)) for x in row] for row in f["profile"]]
        pays = [sympy.simplify(to_sympy(x).subs(at)) for x in f["payoffs"]]
        plan = dict(zip(names["A"], probs[0]))
        b_mix = dict(zip(names["B"], probs[1]))
        assert sympy.simplify(b_mix["L"] - qv) == 0 and sympy.simplify(b_mix["R"] - 1 + qv) == 0
        if plan.get("out/*") == 1:              # out: B's mixture off the path
            assert sympy.simplify(pays[0] - (a * a + b / (b + 1))) == 0 and pays[1] == 0
            seen.add("out")
        else:
            assert sympy.simplify(plan["in/U"] - pv) == 0
            assert sympy.simplify(pays[0] - va) == 0 and sympy.simplify(pays[1] - vb) == 0
            seen.add("in")
    assert seen == {"out", "in"}            # a*a = 2: A ties, both listed


def test_an_irrational_cell_joins_the_piece_whose_formulas_hold_there(tmp_path):
    """The region 'safe / keep' of test_tree_regions_irrational's tree holds cells on
    both sides of a = sqrt(2) and on that line: one piece, whose payoffs (A 2, B 0)
    are those of the backward induction there (A's safe leaf)."""
    from tests.test_tree_regions_irrational import SCENARIO as LINE, oracle
    path = tmp_path / "line.yaml"
    path.write_text(LINE)
    game = games.load(path)
    m = points.tree_regions(game.scenario, ("a", "b"), values=game.values)
    a, b = R2, sympy.Rational(1, 2)
    region = m.region_at(a, b)
    assert region.pieces == () and region.formulas is not None
    assert len(region.cells) == 3 and m.cell_at(a, b) in region.cells
    [(acts, pays)] = oracle(a, b).items()
    assert acts == ("safe", "keep")
    [f] = region.formulas
    at = dict(zip(m.symbols, (a, b)))
    assert tuple(sympy.simplify(to_sympy(v).subs(at)) for v in f["payoffs"]) == pays
