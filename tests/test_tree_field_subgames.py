"""Region maps of trees WITH information sets at points whose coordinates are
irrational (games.tree.field_subgames: the local game of a simultaneous-move subgame
solved in the point's number field), against an oracle written here over sympy's
exact numbers: every extreme equilibrium of the subgame by brute-force vertex
enumeration of the best-response polyhedra {x >= 0, sum x = 1, x'B <= v} (each
choice of tight constraints solved with sympy, kept when feasible), paired when
completely labelled, then the root's choice by comparison with the outside option.

The tree: A stays out (1/2, 3) or enters a 2x2 game (A picks T/D, B picks L/R without
seeing it). A's tie against L is a*a = 2 (the line a = sqrt(2)), B's against T is
a*b = 2 (a hyperbola crossing that line at (sqrt(2), sqrt(2))): on the line the
subgame has a continuum of equilibria whose extreme point has an irrational
probability 1/(a*b - 1). A earns at least 2/3 inside, so it always enters: the
map's curves are then exactly those of the subgame (with information sets the tree's
critical polynomials leave out comparisons of mixed values with outside options,
docs/trees.md).
"""
from __future__ import annotations

import itertools
from fractions import Fraction


import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import games
from games.numbers import to_sympy
from games.sensitivity.region_algebraic import Refused
from games.tree import points
from games.tree.field_spe import field_spe

HEADER = """parameters:
  a: {value: 1, range: [0, 2]}
  b: {value: 1, range: [0, 3]}
players: [A, B]
tree:
"""
SCENARIO = "scenario: entry into a simultaneous game\n" + HEADER + """\
  A:
    out: [1/2, 3]
    in:
      A:
        T: {B: {L: [a * a, a * b], R: [1, 2]}, info: h}
        D: {B: {L: [2, 0], R: [0, 1]}, info: h}
"""
OUT = (sympy.Rational(1, 2), sympy.Integer(3))
R2, R3 = sympy.sqrt(2), sympy.sqrt(3)


def sgn(x):
    """The exact sign of a sympy number built from radicals."""
    x = sympy.radsimp(sympy.simplify(x))
    if x == 0 or x.equals(0):
        return 0
    return 1 if x.evalf(60) > 0 else -1


def subgame(a, b):
    """The 2x2 subgame's payoff matrices at (a, b): rows T, D; columns L, R."""
    A = sympy.Matrix([[a * a, 1], [2, 0]])
    B = sympy.Matrix([[a * b, 2], [0, 1]])
    return A, B


def vertices(M):
    """Every vertex (x, v) of {x >= 0, sum x = 1, (x'M)_j <= v}: choose which of the
    constraints x_i >= 0 and (x'M)_j <= v are tight (as many as unknowns less one),
    solve, keep the unique feasible solutions."""
    m, n = M.shape
    xs = sympy.symbols(f"x0:{m}")
    v = sympy.Symbol("v")
    cons = [("zero", i) for i in range(m)] + [("best", j) for j in range(n)]
    out = []
    for tight in itertools.combinations(cons, m):
        eqs = [sum(xs) - 1]
        for kind, k in tight:
            eqs.append(xs[k] if kind == "zero" else
                       sum(xs[i] * M[i, k] for i in range(m)) - v)
        sol = sympy.solve(eqs, [*xs, v], dict=True)
        if len(sol) != 1 or len(sol[0]) != m + 1:
            continue
        x = [sympy.simplify(sol[0][s]) for s in xs]
        val = sympy.simplify(sol[0][v])
        if any(sgn(p) < 0 for p in x):
            continue
        pays = [sum(x[i] * M[i, j] for i in range(m)) for j in range(n)]
        if any(sgn(p - val) > 0 for p in pays):
            continue
        best = {j for j in range(n) if sgn(pays[j] - val) == 0}
        zero = {i for i in range(m) if sgn(x[i]) == 0}
        if all(any(sgn(p - q) != 0 for p, q in zip(x, y)) for y, _, _ in out):
            out.append((x, zero, best))
    return out


def extreme_equilibria(A, B):
    """Completely labelled vertex pairs: x's zero rows are the rows not best against
    y, and y's zero columns those not best against x (labels cover everything)."""
    m, n = A.shape
    out = []
    for x, zx, bx in vertices(B):               # bx: B's best columns against x
        for y, zy, by in vertices(A.T):         # by: A's best rows against y
            if zx | by == set(range(m)) and zy | bx == set(range(n)):
                ua = sum(x[i] * A[i, j] * y[j] for i in range(m) for j in range(n))
                ub = sum(x[i] * B[i, j] * y[j] for i in range(m) for j in range(n))
                out.append((tuple(x), tuple(y), (sympy.simplify(ua), sympy.simplify(ub))))
    return out


def oracle(a, b, out=OUT, matrices=None):
    """The SPE as reduced-form profiles (A over out, in/T, in/D; B over L, R) with
    payoffs: each extreme equilibrium of the subgame (`matrices`, default
    `subgame(a, b)`), with A entering when it earns at least out[0] there and staying
    out when at most that."""
    found = []
    for x, y, pay in extreme_equilibria(*(matrices or subgame(a, b))):
        s = sgn(pay[0] - out[0])
        if s >= 0:
            found.append(((0, x[0], x[1]), y, pay))
        if s <= 0:
            found.append(((1, 0, 0), y, out))
    return found


def supports(found):
    """The supports, with their counts, of the oracle's distinct profiles."""
    counts: dict = {}
    distinct = []
    for x, y, _ in found:
        if not any(same(x, u) and same(y, v) for u, v in distinct):
            distinct.append((x, y))
    for x, y in distinct:
        key = tuple(tuple(k for k, p in enumerate(row) if sgn(p) != 0) for row in (x, y))
        counts[key] = counts.get(key, 0) + 1
    return tuple(sorted(counts.items()))


def same(p, q):
    return len(p) == len(q) and all(sgn(sympy.S(u) - sympy.S(v)) == 0 for u, v in zip(p, q))


def matches(eqs, want):
    """The engine's equilibria equal the oracle's list (as sets, exactly)."""
    got = [(tuple(map(to_sympy, e.profile[0])), tuple(map(to_sympy, e.profile[1])),
            tuple(map(to_sympy, e.payoffs))) for e in eqs]
    unique = []
    for w in want:
        if not any(all(same(u, v) for u, v in zip(w, x)) for x in unique):
            unique.append(w)
    return len(got) == len(unique) and all(
        any(all(same(u, v) for u, v in zip(g, w)) for w in unique) for g in got)


@pytest.fixture(scope="module")
def game(tmp_path_factory):
    path = tmp_path_factory.mktemp("field") / "entry.yaml"
    path.write_text(SCENARIO)
    return games.load(path)


@pytest.fixture(scope="module")
def mapped(game):
    return points.tree_regions(game.scenario, ("a", "b"), values=game.values)


IRRATIONAL = [(R2, sympy.Integer(2)), (R2, R2), (R2, sympy.Integer(1)),
              (R2, sympy.Rational(5, 2)), (R3, 2 / R3), (R3, sympy.Integer(1)),
              (sympy.Rational(5, 4), R3), (1 / R2, R3)]


@pytest.mark.parametrize("a, b", IRRATIONAL)
def test_field_solve_equals_the_oracle(game, a, b):
    """At points on a = sqrt(2), on a*b = 2 with a irrational, and at the crossing,
    the SPE solved in Q(theta) are exactly the oracle's (mixed extreme points with
    irrational probabilities included)."""
    got = field_spe(game.scenario, ("a", "b"), game.values, a, b)
    assert matches(got.equilibrium_set(), oracle(a, b))


def test_the_irrational_extreme_point(game):
    """On a = sqrt(2) above the hyperbola the subgame's continuum ends at A playing T
    with probability 1/(2*sqrt(2) - 1), irrational, found and carried up."""
    eqs = field_spe(game.scenario, ("a", "b"), game.values, R2, sympy.Integer(2))
    probs = {sympy.simplify(to_sympy(e.profile[0][1])) for e in eqs.equilibrium_set()}
    assert any(sgn(p - 1 / (2 * R2 - 1)) == 0 for p in probs)
    assert any("continuum" in n for n in eqs.equilibrium_set().notes)


def test_map_solves_every_irrational_cell(mapped):
    """No cell is left unsolved (no note on irrational points), the line a = sqrt(2)
    and the crossing are cells of the map, and at them the region's supports are the
    oracle's."""
    m = mapped
    assert not any("irrational" in n for n in m.notes)
    assert all(r.structure is not None for r in m.regions)
    samples = [tuple(map(to_sympy, c.sample)) for c in m.cells]
    assert (R2, R2) in samples
    for a, b in [(R2, sympy.Integer(2)), (R2, R2), (R2, sympy.Integer(1))]:
        region = m.region_at(a, b)
        want = {tuple(tuple(k for k, p in enumerate(row) if sgn(p) != 0)
                      for row in (prof_a, prof_b)) for prof_a, prof_b, _ in oracle(a, b)}
        assert {s for s, _ in region.structure} == want


OFF_CURVES = [(Fraction(7, 5), Fraction(2)), (Fraction(3, 2), Fraction(2)),
              (Fraction(7, 5), Fraction(1)), (Fraction(3, 2), Fraction(1)),
              (Fraction(1), Fraction(5, 2)), (Fraction(1, 2), Fraction(3)),
              (Fraction(1, 3), Fraction(1, 2))]
ON_CURVES = [(Fraction(4, 3), Fraction(3, 2)), (Fraction(5, 4), Fraction(8, 5)),
             (Fraction(1), Fraction(2))]


@pytest.mark.parametrize("a, b", OFF_CURVES)
def test_rational_points_on_both_sides(mapped, a, b):
    """Beside the line and the hyperbola the map's formulas give the oracle's SPE."""
    eqs = mapped.equilibria_at(a, b)
    assert eqs is not None
    assert matches(eqs, oracle(sympy.Rational(a), sympy.Rational(b)))


@pytest.mark.parametrize("a, b", ON_CURVES)
def test_rational_points_on_the_hyperbola(game, mapped, a, b):
    """On a*b = 2 (a continuum in the subgame) the region's supports are the
    oracle's, and so are the SPE solved there and the region's formulas there."""
    want = oracle(sympy.Rational(a), sympy.Rational(b))
    sups = {tuple(tuple(k for k, p in enumerate(row) if sgn(p) != 0)
                  for row in (x, y)) for x, y, _ in want}
    assert {s for s, _ in mapped.region_at(a, b).structure} == sups
    eqs = points.spe_set(game.scenario.game({**game.values, "a": a, "b": b},
                                            check_range=False))
    assert matches(eqs, want)
    formulas = mapped.equilibria_at(a, b)     # the continuum's extreme points too
    assert formulas is not None and matches(formulas, want)


def three_player_tree(gain1, gain2, gain3) -> str:
    """A 2x2x2 simultaneous game as a tree (B and C see nothing): each player's
    first strategy pays its gain, a dict (the others' first-strategy indicators ->
    expression), its second pays 0."""
    def leaf(t, m, u):
        return (f"[{gain1[m, u] if t else 0}, {gain2[t, u] if m else 0}, "
                f"{gain3[t, m] if u else 0}]")
    rows = []
    for t, act in ((1, "T"), (0, "D")):
        rows.append(f"    {act}:\n      B:")
        for m, col in ((1, "L"), (0, "R")):
            rows.append(f"        {col}: {{C: {{u: {leaf(t, m, 1)}, v: {leaf(t, m, 0)}}}, "
                        "info: c}")
        rows.append("      info: b")
    return ("scenario: three at once\n" + HEADER.replace("[A, B]", "[A, B, C]") +
            "  A:\n" + "\n".join(rows) + "\n")


def gains(d, a, b):
    """The gains as sympy numbers at (a, b) (test-written expressions, not input)."""
    return {k: sympy.sympify(v, locals={"a": a, "b": b}) for k, v in d.items()}


def three_player_oracle(gain1, gain2, gain3, a, b):
    """Every equilibrium of the 2x2x2 game as the three first-strategy probabilities,
    exactly (sympy): for each choice of who plays first, second or mixes, a mixer's
    gain (multilinear in the others' probabilities) is 0, solved with sympy, the
    mixers' probabilities strictly inside (0, 1), the others' gains of the right
    sign. A choice whose system has infinitely many solutions fails the test (the
    games here have none)."""
    xs = sympy.symbols("x1:4")
    tables = [gains(g, a, b) for g in (gain1, gain2, gain3)]

    def gain(i, x):
        j, k = [p for p in range(3) if p != i]
        return sum(tables[i][s, t] * (x[j] if s else 1 - x[j]) * (x[k] if t else 1 - x[k])
                   for s in (0, 1) for t in (0, 1))
    found = []
    for status in itertools.product((1, 0, None), repeat=3):
        mixing = [i for i in range(3) if status[i] is None]
        x = [xs[i] if status[i] is None else sympy.Integer(status[i]) for i in range(3)]
        if mixing:
            sols = sympy.solve([gain(i, x) for i in mixing], [xs[i] for i in mixing],
                               dict=True)
            assert all(len(sol) == len(mixing) for sol in sols), status
        else:
            sols = [{}]
        for sol in sols:
            pt = [sympy.simplify(v.subs(sol)) if not v.is_number else v for v in x]
            if any(not (sgn(pt[i]) > 0 and sgn(1 - pt[i]) > 0) for i in mixing):
                continue
            if all(status[i] is None or sgn(gain(i, pt)) * (1 if status[i] else -1) >= 0
                   for i in range(3)):
                found.append(tuple(pt))
    return found


@pytest.mark.parametrize("a, b", [(R2, sympy.Integer(1)), (R2, R2), (R3, sympy.Rational(3, 2)),
                                  (R3, 2 * R3 - 2)])
def test_three_players_choosing_against_the_oracle(tmp_path, a, b):
    """Three players choosing at once, each gain linear in one other's probability
    (A's x2 - (a - 1), B's x3 - 1/2, C's x1 - b/2: the fully mixed equilibrium
    (b/2, a - 1, 1/2) lies in the point's field): the SPE at the irrational point
    are exactly the oracle's equilibria."""
    gain1 = {(1, 1): "2 - a", (1, 0): "2 - a", (0, 1): "1 - a", (0, 0): "1 - a"}
    gain2 = {(t, u): ("1/2" if u else "-1/2") for t in (0, 1) for u in (0, 1)}
    gain3 = {(t, m): ("1 - b/2" if t else "-b/2") for t in (0, 1) for m in (0, 1)}
    path = tmp_path / "three.yaml"
    path.write_text(three_player_tree(gain1, gain2, gain3))
    g = games.load(path)
    eqs = field_spe(g.scenario, ("a", "b"), g.values, a, b).equilibrium_set()
    got = [tuple(to_sympy(e.profile[i][0]) for i in range(3)) for e in eqs]
    want = three_player_oracle(gain1, gain2, gain3, a, b)
    assert len(got) == len(want) >= 2
    assert all(any(same(x, y) for y in got) for x in want)


def test_an_equilibrium_outside_the_field_is_refused(tmp_path):
    """A's gain x2*x3 - a/3 with B's x3 - x1 and C's x2 - x1: the fully mixed
    equilibrium has x1 = sqrt(a/3), outside Q(sqrt(2)) at a = sqrt(2): refused with
    the reason (it cannot be carried up exactly)."""
    gain1 = {(1, 1): "1 - a/3", (1, 0): "-a/3", (0, 1): "-a/3", (0, 0): "-a/3"}
    gain2 = {(1, 1): "0", (1, 0): "-1", (0, 1): "1", (0, 0): "0"}
    gain3 = {(1, 1): "0", (1, 0): "-1", (0, 1): "1", (0, 0): "0"}
    path = tmp_path / "outside.yaml"
    path.write_text(three_player_tree(gain1, gain2, gain3))
    g = games.load(path)
    with pytest.raises(Refused, match="outside the point's number field"):
        field_spe(g.scenario, ("a", "b"), g.values, R2, Fraction(1))


# With the outside option worth 1 to A, A's tie between staying out and the subgame's
# mixed equilibrium (worth 2/(3 - a^2) to A) is at a = 1: a comparison of a mixed value,
# which differences of pure-plan values miss; the reduced form's Nash critical
# polynomials hold it.
STAY = SCENARIO.replace("out: [1/2, 3]", "out: [1, 3]")
GRID = [(sympy.Rational(i, 4), sympy.Rational(j, 4)) for i in range(0, 9) for j in range(0, 13, 2)]


def test_map_with_a_mixed_value_tie_against_the_oracle(tmp_path):
    """On a 9 x 7 rational grid (points on a = 1, a*a = 2 is not rational, a*b = 2
    among them) and at irrational points of a = sqrt(2), the region's supports are
    the oracle's, and a = 1 is a boundary of the map."""
    path = tmp_path / "stay.yaml"
    path.write_text(STAY)
    g = games.load(path)
    m = points.tree_regions(g.scenario, ("a", "b"), values=g.values)
    assert "a - 1" in [str(p) for p in m.boundaries]
    out = (sympy.Integer(1), sympy.Integer(3))
    for a, b in GRID + [(R2, sympy.Integer(2)), (R2, R2), (R2, sympy.Rational(1, 2))]:
        pa, pb = (Fraction(int(v.p), int(v.q)) if v.is_Rational else v for v in (a, b))
        assert m.region_at(pa, pb).structure == supports(oracle(a, b, out)), (a, b)


DARK = "scenario: a guess in the dark\n" + HEADER + """\
  chance:
    up: {p: a / 2, then: {A: {x: [b, 1], y: [0, 0]}, info: h}}
    down: {p: 1 - a / 2, then: {A: {x: [0, 0], y: [1, 1]}, info: h}}
"""


def test_one_mover_at_an_information_set(tmp_path):
    """A does not see the chance move: x is worth a*b/2, y 1 - a/2, tied on
    a*(b + 1) = 2. The map has that curve, and at its irrational points (a =
    sqrt(2)/2, b = 2*sqrt(2) - 1) and off it the SPE are the comparison's: x, y or
    both (the mixtures between them a continuum)."""
    path = tmp_path / "dark.yaml"
    path.write_text(DARK)
    g = games.load(path)
    m = points.tree_regions(g.scenario, ("a", "b"), values=g.values)
    assert [str(p) for p in m.boundaries] == ["a*b + a - 2"]
    ha = R2 / 2
    for a, b in [(ha, 2 * R2 - 1), (ha, sympy.Integer(1)), (ha, sympy.Integer(3)),
                 (sympy.Rational(1, 2), sympy.Integer(3)), (sympy.Integer(1), sympy.Integer(1)),
                 (sympy.Rational(3, 2), sympy.Rational(1, 3))]:
        s = sgn(a * b / 2 - (1 - a / 2))
        want = [plan for plan, ok in ((0, s >= 0), (1, s <= 0)) if ok]
        if a.is_Rational and b.is_Rational:
            eqs = points.spe_set(g.scenario.game({**g.values, "a": Fraction(str(a)),
                                                  "b": Fraction(str(b))}, check_range=False))
        else:
            eqs = field_spe(g.scenario, ("a", "b"), g.values, a, b).equilibrium_set()
        assert sorted(e.support[0][0] for e in eqs) == want
        pa, pb = (Fraction(str(v)) if v.is_Rational else v for v in (a, b))
        assert sorted(sup[0][0] for sup, _ in m.region_at(pa, pb).structure) == want


# Generated subgames: each payoff c0 + c1*a*a + c2*b (small integers), solved at
# points with irrational coordinates, where a*a = 2 makes ties (and continua) common.
entry = st.tuples(st.integers(-2, 2), st.integers(-1, 1), st.integers(-1, 1))
AT = [(R2, sympy.Integer(1)), (R2, R3), (R3, sympy.Rational(1, 2)), (R2, 2 * R2)]


def _text(e) -> str:
    c0, c1, c2 = e
    return f"{c0} + ({c1})*a*a + ({c2})*b"


def _value(e, a, b):
    c0, c1, c2 = e
    return sympy.Integer(c0) + c1 * a * a + c2 * b


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entry, min_size=8, max_size=8), st.integers(-1, 3), st.sampled_from(AT))
def test_generated_subgames_against_the_oracle(tmp_path_factory, cells, out, point):
    """Every SPE at an irrational point, mixed extreme points of the subgame and its
    continua's included, equals the oracle's (vertex enumeration in sympy)."""
    a, b = point
    pays = [f"[{_text(cells[2 * k])}, {_text(cells[2 * k + 1])}]" for k in range(4)]
    text = ("scenario: generated\n" + HEADER + f"  A:\n    out: [{out}, 0]\n    in:\n"
            f"      A:\n        T: {{B: {{L: {pays[0]}, R: {pays[1]}}}, info: h}}\n"
            f"        D: {{B: {{L: {pays[2]}, R: {pays[3]}}}, info: h}}\n")
    path = tmp_path_factory.mktemp("gen") / "gen.yaml"
    path.write_text(text)
    g = games.load(path)
    A = sympy.Matrix(2, 2, [_value(cells[2 * k], a, b) for k in range(4)])
    B = sympy.Matrix(2, 2, [_value(cells[2 * k + 1], a, b) for k in range(4)])
    want = oracle(a, b, (sympy.Integer(out), sympy.Integer(0)), (A, B))
    got = field_spe(g.scenario, ("a", "b"), g.values, a, b).equilibrium_set()
    assert matches(got, want)
