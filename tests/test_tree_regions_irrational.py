"""Tree region maps whose boundaries cross at irrational points only
(games.tree.field_spe): the cells on the line a = sqrt(2) and at its crossing with the
curve a*b = 1 are solved in Q(theta), so the map is complete (no note), and at those
exact irrational points, and at rational points on both sides, the region's
equilibria are the pure subgame-perfect equilibria of a backward induction written
here over sympy's exact numbers (independent of the engine)."""
from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

import games
from games.numbers import to_sympy
from games.tree import points
from games.solvers.algebraic import to_exact
from games.tree.field_spe import field_spe, in_field
from games.sensitivity.region_algebraic import point_in_field

# A moves safe (2, 0) or risky; then B gives (a*a, a*b) or keeps (0, 1).
# A's tie: a*a = 2 (a vertical line at the irrational a = sqrt(2));
# B's tie: a*b = 1 (a hyperbola through (1, 1), crossing that line at (sqrt 2, sqrt 2 / 2)).
SCENARIO = """scenario: an irrational threshold
parameters:
  a: {value: 1, range: [0, 2]}
  b: {value: 1, range: [0, 3]}
players: [A, B]
tree:
  A:
    safe: [2, 0]
    risky:
      B:
        give: [a * a, a * b]
        keep: [0, 1]
"""

R2 = sympy.sqrt(2)


def oracle(a, b, safe=2, give=lambda a, b: (a * a, a * b), keep=lambda a, b: (0, 1)):
    """Every pure SPE at (a, b) (sympy numbers) of SCENARIO's shape (A: safe, or
    risky and then B: give or keep) as {(A's action, B's action): payoffs}: B's
    action is optimal at B's node, A's optimal given B's."""
    leaf = {"safe": (sympy.Integer(safe), sympy.Integer(0)),
            ("risky", "give"): tuple(map(sympy.S, give(a, b))),
            ("risky", "keep"): tuple(map(sympy.S, keep(a, b)))}
    out = {}
    for x, y in itertools.product(("safe", "risky"), ("give", "keep")):
        other = "keep" if y == "give" else "give"
        if sympy.simplify(leaf[("risky", other)][1] - leaf[("risky", y)][1]) > 0:
            continue
        risky = leaf[("risky", y)]
        play = leaf["safe"] if x == "safe" else risky
        alt = risky if x == "safe" else leaf["safe"]
        if sympy.simplify(alt[0] - play[0]) > 0:
            continue
        out[(x, y)] = tuple(sympy.nsimplify(sympy.simplify(v)) for v in play)
    return out


def spe_of(eqs, game):
    names = [[s.name for s in p.strategies] for p in game.players]
    out = {}
    for e in eqs:
        acts = tuple(names[i][j] for i, (j,) in enumerate(e.support))
        out[acts] = tuple(sympy.simplify(to_sympy(v)) for v in e.payoffs)
    return out


def tree_map(text: str, directory: Path):
    """The scenario `text` (a tree in parameters a and b), loaded from a file, and its
    region map in (a, b)."""
    path = directory / "scenario.yaml"
    path.write_text(text)
    game = games.load(path)
    return game, points.tree_regions(game.scenario, ("a", "b"), values=game.values)


@pytest.fixture(scope="module")
def mapped(tmp_path_factory):
    return tree_map(SCENARIO, tmp_path_factory.mktemp("irr"))


def test_map_is_complete(mapped):
    _, m = mapped
    assert m.complete
    assert not any("irrational" in n for n in m.notes)
    assert all(r.structure is not None for r in m.regions)
    # a cell at a = sqrt(2) (the line and the crossing) was solved there
    assert any(to_sympy(c.sample[0]) == R2 for c in m.cells)
    assert any(c.dimension == 0 and to_sympy(c.sample[0]) == R2 for c in m.cells)


POINTS = [(R2, sympy.Rational(1, 2)), (R2, sympy.Integer(2)), (R2, R2 / 2),
          (sympy.Rational(7, 5), R2 / 2), (sympy.Rational(3, 2), R2 / 2),
          (R2, sympy.Rational(7, 10)), (R2, sympy.Rational(8, 11))]


@pytest.mark.parametrize("a, b", POINTS)
def test_region_at_irrational_points(mapped, a, b):
    """At the exact points (the crossing, the line) the region's structure and the
    equilibria solved there equal the sympy backward induction."""
    game, m = mapped
    expected = oracle(a, b)
    region = m.region_at(a, b)
    assert region.structure is not None
    names = [[s.name for s in p.strategies] for p in game.players]
    want = {tuple((names[i].index(act),) for i, act in enumerate(acts)) for acts in expected}
    assert {s for s, _ in region.structure} == want
    got = field_spe(game.scenario, ("a", "b"), game.values, a, b)
    assert spe_of(got.equilibrium_set(), game) == expected
    # the map's own statement there: its piece's payoff formulas at the exact point
    cell = m.cells[m.cell_at(a, b)]
    piece = region.all_pieces()[cell.piece]
    assert piece.equilibria is not None and all(f is not None for f in piece.formulas)
    at = dict(zip(m.symbols, (a, b)))
    stated = {}
    for e, f in zip(piece.equilibria, piece.formulas):
        acts = tuple(names[i][j] for i, (j,) in enumerate(e.support))
        stated[acts] = tuple(sympy.simplify(sympy.sympify(v).subs(at)) for v in f["payoffs"])
    assert stated == expected


RATIONAL = [(Fraction(7, 5), Fraction(1, 2)), (Fraction(3, 2), Fraction(1, 2)),
            (Fraction(7, 5), Fraction(2)), (Fraction(3, 2), Fraction(2)),
            (Fraction(1), Fraction(1)), (Fraction(1, 2), Fraction(2)),
            (Fraction(3, 2), Fraction(2, 3)), (Fraction(2), Fraction(1, 2))]


@pytest.mark.parametrize("a, b", RATIONAL)
def test_rational_points_on_both_sides(mapped, a, b):
    """On both sides of a = sqrt(2) and of a*b = 1 the region's formulas give exactly
    the sympy backward induction's SPE and payoffs."""
    game, m = mapped
    eqs = m.equilibria_at(a, b)
    assert eqs is not None
    assert spe_of(eqs, game) == oracle(sympy.Rational(a), sympy.Rational(b))


def test_field_numbers_order_and_hash():
    """sqrt(2) in its field: ordered against rationals, equal to its square root's
    square only through reduction, hashed by value; division by the inverse."""
    pt = point_in_field(R2, Fraction(1))
    x = in_field(pt.field, pt.a)
    assert Fraction(7, 5) < x < Fraction(3, 2)
    assert x * x == 2 and hash(x * x) == hash(in_field(pt.field, pt.field.const(2)))
    assert (x - x) == 0 and not (x < x) and x <= x
    y = x * 3 + 1
    assert (y / x) * x == y and 1 / x == x / 2 and (Fraction(1, 2) / x) * x == Fraction(1, 2)
    assert sympy.simplify(to_sympy(to_exact(y / x)) - (3 + R2 / 2)) == 0
    two = x * x
    assert two == Fraction(2) and hash(two) == hash(Fraction(2))
    assert len({two, Fraction(2), x, x + 0}) == 2
    assert sorted([x, Fraction(3, 2), Fraction(1), -x]) == [-x, Fraction(1), x, Fraction(3, 2)]


# A chance node whose probability is a parameter. Above B's line b = 1 (B plays x),
# entering is worth a*2a + (1 - a)*2a*a to A, so A's tie is 2a^3 - 4a^2 + 1 = 0 (no
# rational root): the line a = that root and its crossing with b = 1 are irrational cells.
CHANCE = """scenario: a cubic threshold through a chance node
parameters:
  a: {value: 1/2, range: [0, 1]}
  b: {value: 1, range: [0, 3]}
players: [A, B]
tree:
  A:
    out: [1, 0]
    in:
      chance:
        up: {p: a, then: {B: {x: [2 * a, b], y: [0, 1]}}}
        down: {p: 1 - a, then: [a * a * 2, 0]}
"""


def chance_oracle(a, b):
    """Every pure SPE at (a, b) of CHANCE, by sympy backward induction."""
    up = {"x": (2 * a, b), "y": (sympy.Integer(0), sympy.Integer(1))}
    down = (2 * a * a, sympy.Integer(0))
    out = {}
    for x, y in itertools.product(("out", "in"), ("x", "y")):
        other = "y" if y == "x" else "x"
        if sympy.simplify(up[other][1] - up[y][1]) > 0:
            continue
        inside = tuple(a * u + (1 - a) * d for u, d in zip(up[y], down))
        play = (sympy.Integer(1), sympy.Integer(0)) if x == "out" else inside
        alt = inside if x == "out" else (sympy.Integer(1), sympy.Integer(0))
        if sympy.simplify(alt[0] - play[0]) > 0:
            continue
        out[(x, y)] = tuple(sympy.simplify(v) for v in play)
    return out


def test_chance_node_at_a_cubic_root(tmp_path):
    path = tmp_path / "chance.yaml"
    path.write_text(CHANCE)
    game = games.load(path)
    m = points.tree_regions(game.scenario, ("a", "b"), values=game.values)
    assert m.complete and all(r.structure is not None for r in m.regions)
    r = sympy.CRootOf(2 * sympy.Symbol("z") ** 3 - 4 * sympy.Symbol("z") ** 2 + 1, 1)
    for b in (sympy.Integer(2), sympy.Integer(1), sympy.Rational(1, 2)):
        got = field_spe(game.scenario, ("a", "b"), game.values, r, b)
        want = chance_oracle(r, b)
        assert set(spe_of(got.equilibrium_set(), game)) == set(want)
        for acts, pays in spe_of(got.equilibrium_set(), game).items():
            assert all(sympy.simplify(p - q) == 0 for p, q in zip(pays, want[acts]))
        names = [[s.name for s in p.strategies] for p in game.players]
        sups = {tuple((names[i].index(x),) for i, x in enumerate(acts)) for acts in want}
        assert {s for s, _ in m.region_at(r, b).structure} == sups


CIRCLE = SCENARIO.replace("[2, 0]", "[3, 0]").replace("[a * a, a * b]", "[a * a + b * b, a]") \
    .replace("[0, 1]", "[0, b]").replace("range: [0, 3]", "range: [0, 2]")
R6 = sympy.sqrt(6) / 2


def test_circle_without_rational_points(tmp_path):
    """A's tie a^2 + b^2 = 3 has no rational point; it crosses B's a = b at
    (sqrt 6 / 2, sqrt 6 / 2), both coordinates irrational."""
    path = tmp_path / "circle.yaml"
    path.write_text(CIRCLE)
    game = games.load(path)
    m = points.tree_regions(game.scenario, ("a", "b"), values=game.values)
    assert m.complete and all(r.structure is not None for r in m.regions)
    names = [[s.name for s in p.strategies] for p in game.players]
    rule = {"safe": 3, "give": lambda a, b: (a * a + b * b, a), "keep": lambda a, b: (0, b)}
    for a, b in ((R6, R6), (sympy.Rational(3, 2), sympy.sqrt(3) / 2), (1, sympy.sqrt(2)),
                 (sympy.Rational(5, 4), sympy.Rational(5, 4)), (sympy.Rational(1, 2),
                                                                sympy.Rational(1, 2))):
        want = oracle(sympy.S(a), sympy.S(b), **rule)
        got = field_spe(game.scenario, ("a", "b"), game.values, a, b)
        assert spe_of(got.equilibrium_set(), game) == want
        sups = {tuple((names[i].index(x),) for i, x in enumerate(acts)) for acts in want}
        assert {s for s, _ in m.region_at(a, b).structure} == sups


def test_payoff_undefined_at_the_irrational_point(tmp_path):
    """B's payoff 1/(a*a - 2) has no value on a = sqrt(2): those cells are refused
    with the reason in the map's note, and the map is marked incomplete (no crash)."""
    path = tmp_path / "div.yaml"
    path.write_text(SCENARIO.replace("[a * a, a * b]", "[a * a, 1 / (a * a - 2)]"))
    game = games.load(path)
    m = points.tree_regions(game.scenario, ("a", "b"), values=game.values)
    assert not m.complete
    assert any("divides by zero" in n for n in m.notes)
    for a, b in ((Fraction(7, 5), Fraction(2)), (Fraction(3, 2), Fraction(2))):
        eqs = m.equilibria_at(a, b)
        want = oracle(sympy.Rational(a), sympy.Rational(b),
                      give=lambda a, b: (a * a, 1 / (a * a - 2)))
        assert eqs is not None and spe_of(eqs, game) == want
