"""Region maps of generated trees WITH information sets (games.tree.spe_critical: the
curves proven to bound every change of the SPE set), against an oracle written here.

The trees: A stays out (worth `out` to A) or enters a 2x2 game (A picks T/D, B picks
L/R without seeing it); the (T, L) entry is a leaf or a subgame of perfect
information (B chooses l or r), so the local game's payoffs are continuation values
of a subgame below; optionally a chance move of probability a/2 picks between that
entry game and a fixed leaf before A decides (`chance`). Every payoff is
c0 + c1*a + c2*b with small integers (lines where a pure comparison ties, curves
where a mixed value does).

The oracle, exact and generic over Fractions and sympy numbers: B's inner choice
by comparison (every tied choice kept), every extreme equilibrium of the 2x2 game by
brute-force vertex enumeration of the best-response polyhedra (each choice of tight
constraints solved by Cramer's rule, kept when feasible; pairs completely labelled),
then A's entry decision; the SPE mapped to the reduced form's plans by their names
and deduplicated. Compared at a rational grid, at rational points on every boundary
curve and at the curves' crossings (rational ones exactly, irrational ones in
sympy): the region's structure equals the oracle's, and the region's formulas give
exactly the oracle's profiles and payoffs wherever the map states them.
"""
from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest
import sympy

import games
from games.numbers import to_sympy
from games.tree import points

HEADER = """parameters:
  a: {value: 1, range: [0, 2]}
  b: {value: 1, range: [0, 3]}
players: [A, B]
tree:
"""


def sign(x) -> int:
    """The exact sign of a Fraction or a sympy number built from radicals."""
    if isinstance(x, Fraction):
        return (x > 0) - (x < 0)
    x = sympy.nsimplify(x) if x.is_Float else sympy.radsimp(sympy.expand(x))
    if x == 0 or x.equals(0):
        return 0
    return 1 if x.evalf(60) > 0 else -1


def value(e, a, b):
    c0, c1, c2 = e
    return c0 + c1 * a + c2 * b


def text(e) -> str:
    c0, c1, c2 = e
    return f"{c0} + ({c1})*a + ({c2})*b"


def generate(rng: random.Random, inner: bool, chance: bool) -> dict:
    coef = [(rng.randint(-2, 3), rng.randint(-1, 1), rng.randint(-1, 1)) for _ in range(12)]
    return {"cells": coef[:8], "inner": coef[8:12] if inner else None,
            "out": (rng.randint(-1, 2), rng.randint(-1, 1), 0), "chance": chance}


def scenario(g: dict) -> str:
    c = g["cells"]
    leaf = [f"[{text(c[2 * k])}, {text(c[2 * k + 1])}]" for k in range(4)]
    tl = leaf[0]
    if g["inner"]:
        i = g["inner"]
        tl = (f"{{B: {{l: [{text(i[0])}, {text(i[1])}], "
              f"r: [{text(i[2])}, {text(i[3])}]}}}}")
    game = (f"{{A: {{T: {{B: {{L: {tl}, R: {leaf[1]}}}, info: h}}, "
            f"D: {{B: {{L: {leaf[2]}, R: {leaf[3]}}}, info: h}}}}}}")
    if g["chance"]:
        game = f"{{chance: {{play: {{p: a / 2, then: {game}}}, rest: {{p: 1 - a / 2, then: [1, 1]}}}}}}"
    return ("scenario: generated\n" + HEADER +
            f"  A:\n    out: [{text(g['out'])}, 0]\n    in: {game}\n")


# ---------------------------------------------------------------- the oracle

def solve(M):
    """Cramer's rule for a square system M (augmented); None when singular."""
    n = len(M)

    def det(rows):
        if len(rows) == 1:
            return rows[0][0]
        return sum((-1) ** k * rows[0][k] * det([r[:k] + r[k + 1:] for r in rows[1:]])
                   for k in range(len(rows)))
    d = det([row[:n] for row in M])
    if sign(d) == 0:
        return None
    return [det([row[:k] + [row[n]] + row[k + 1:n] for row in M]) / d for k in range(n)]


def vertices(M):
    """Every vertex (x, v) of {x >= 0, sum x = 1, (x'M)_j <= v}, M 2x2, with its
    zero rows and best columns."""
    zero, one = M[0][0] * 0, M[0][0] * 0 + 1
    cons = [("zero", 0), ("zero", 1), ("best", 0), ("best", 1)]
    out = []
    for tight in itertools.combinations(cons, 2):
        rows = [[one, one, zero, one]]
        for kind, k in tight:
            rows.append([one if (kind == "zero" and i == k) else zero for i in range(2)] + [zero, zero]
                        if kind == "zero" else [M[0][k], M[1][k], -one, zero])
        sol = solve(rows)
        if sol is None:
            continue
        x, v = sol[:2], sol[2]
        if any(sign(p) < 0 for p in x):
            continue
        pays = [x[0] * M[0][j] + x[1] * M[1][j] for j in range(2)]
        if any(sign(p - v) > 0 for p in pays):
            continue
        if all(any(sign(p - q) != 0 for p, q in zip(x, y)) for y, _, _ in out):
            out.append((x, {i for i in range(2) if sign(x[i]) == 0},
                        {j for j in range(2) if sign(pays[j] - v) == 0}))
    return out


def extreme_equilibria(A, B):
    """Completely labelled vertex pairs of the bimatrix game (A, B), with payoffs."""
    At = [[A[i][j] for i in range(2)] for j in range(2)]
    out = []
    for x, zx, bx in vertices(B):
        for y, zy, by in vertices(At):
            if zx | by == {0, 1} and zy | bx == {0, 1}:
                ua = sum(x[i] * A[i][j] * y[j] for i in range(2) for j in range(2))
                ub = sum(x[i] * B[i][j] * y[j] for i in range(2) for j in range(2))
                out.append((x, y, (ua, ub)))
    return out


def oracle(g: dict, a, b):
    """The SPE at (a, b) as behaviour: (enter?, x over T/D, y over L/R, B's inner
    choice or None), with the payoffs."""
    c = g["cells"]
    pay = [(value(c[2 * k], a, b), value(c[2 * k + 1], a, b)) for k in range(4)]
    inner = [(None, pay[0])]
    if g["inner"]:
        i = g["inner"]
        opts = [(value(i[0], a, b), value(i[1], a, b)), (value(i[2], a, b), value(i[3], a, b))]
        inner = [(k, opts[k]) for k in range(2)
                 if all(sign(opts[k][1] - o[1]) >= 0 for o in opts)]
    p = a / 2 if g["chance"] else None
    found = []
    for choice, tl in inner:
        A = [[tl[0], pay[1][0]], [pay[2][0], pay[3][0]]]
        B = [[tl[1], pay[1][1]], [pay[2][1], pay[3][1]]]
        for x, y, (ua, ub) in extreme_equilibria(A, B):
            if p is not None:
                ua, ub = p * ua + (1 - p), p * ub + (1 - p)
            out = value(g["out"], a, b)
            s = sign(ua - out)
            if s >= 0:
                found.append(((True, x, y, choice), (ua, ub)))
            if s <= 0:
                found.append(((False, x, y, choice), (out, 0 * out)))
    return found


def reduced(form, beh):
    """A behaviour profile of the oracle as probabilities over the reduced form's
    plans, read from the plans' names ('out/*', 'in/T', 'L/l', 'R/*', ...)."""
    enter, x, y, choice = beh
    one = x[0] * 0 + 1
    acts_a = {"out": 1 - one if enter else one, "in": one if enter else 1 - one}
    prob_a = []
    for name in form.names[0]:
        first, *rest = name.split("/")
        p = acts_a[first]
        if rest and rest[0] != "*":
            p = p * x["TD".index(rest[0])]
        prob_a.append(p)
    prob_b = []
    for name in form.names[1]:
        first, *rest = name.split("/")
        p = y["LR".index(first)]
        if rest and rest[0] != "*":
            p = p * (one if "lr".index(rest[0]) == choice else 1 - one)
        prob_b.append(p)
    return (tuple(prob_a), tuple(prob_b))


def oracle_profiles(game, g, a, b):
    """The oracle's SPE as distinct reduced profiles with payoffs, and its structure
    (supports with multiplicities)."""
    form = game.scenario.form
    distinct = []
    for beh, pay in oracle(g, a, b):
        prof = reduced(form, beh)
        if not any(same(prof, q) for q, _ in distinct):
            distinct.append((prof, pay))
    counts: dict = {}
    for prof, _ in distinct:
        key = tuple(tuple(k for k, p in enumerate(row) if sign(p) != 0) for row in prof)
        counts[key] = counts.get(key, 0) + 1
    return distinct, tuple(sorted(counts.items()))


def same(p, q) -> bool:
    return all(len(r) == len(s) and all(sign(to_sympy(u) - to_sympy(v)) == 0
                                        for u, v in zip(r, s)) for r, s in zip(p, q))


# ---------------------------------------------------------------- the points

def grid(n_a: int = 8, n_b: int = 6):
    return [(Fraction(2 * i, n_a), Fraction(3 * j, n_b))
            for i in range(n_a + 1) for j in range(n_b + 1)]


def on_curves(boundaries, per=5):
    """Rational points on each boundary inside the box: where it is of degree one in
    b (or a), solved for it at `per` rational values of the other."""
    a, b = sympy.symbols("a b", real=True)
    out = []
    for p in boundaries:
        p = p.subs({s: {"a": a, "b": b}[s.name] for s in p.free_symbols})
        for var, other, lo, hi, olo, ohi in ((b, a, 0, 3, 0, 2), (a, b, 0, 2, 0, 3)):
            if sympy.degree(p, var) != 1:
                continue
            for k in range(1, per + 1):
                t = sympy.Rational(olo) + sympy.Rational(ohi - olo) * sympy.Rational(k, per + 1)
                sol = sympy.solve(p.subs(other, t), var)
                for s in sol:
                    if s.is_Rational and lo <= s <= hi:
                        pt = {var: s, other: t}
                        out.append((Fraction(str(pt[a])), Fraction(str(pt[b]))))
            break
    return out


def crossings(boundaries):
    """Every crossing inside the box of two boundaries, one of them a line (the
    others' crossings are quartic radicals, slow to compare), exactly (sympy)."""
    a, b = sympy.symbols("a b", real=True)
    out = []
    for p, q in itertools.combinations(boundaries, 2):
        if sympy.Poly(p).total_degree() * sympy.Poly(q).total_degree() > 2:
            continue        # radicals of a quartic or worse: left to the other points
        sub = {s: {"a": a, "b": b}[s.name] for s in p.free_symbols | q.free_symbols}
        for sol in sympy.solve([p.subs(sub), q.subs(sub)], [a, b], dict=True):
            if len(sol) != 2 or not all(v.is_real for v in sol.values()):
                continue
            x, y = sympy.nsimplify(sol[a]), sympy.nsimplify(sol[b])
            if 0 <= x <= 2 and 0 <= y <= 3:
                out.append((x, y))
    return out


def exact(v):
    return Fraction(int(v.p), int(v.q)) if v.is_Rational else v


CASES = [(seed, inner, chance) for seed, (inner, chance) in
         enumerate([(False, False), (True, False), (False, True), (True, True)] * 2)]


@pytest.mark.parametrize("seed, inner, chance", CASES)
def test_generated_maps_equal_the_oracle(tmp_path, seed, inner, chance):
    """Grid, boundary and crossing points: 0 mismatches in structure; at every
    rational one the region's formulas exist and equal the oracle's SPE (mixed
    extreme points on the curves included); the map is complete."""
    rng = random.Random(1000 + seed)
    g = generate(rng, inner, chance)
    path = tmp_path / "gen.yaml"
    path.write_text(scenario(g))
    game = games.load(path)
    m = points.tree_regions(game.scenario, ("a", "b"), values=game.values)
    assert m.complete, m.notes
    pts = grid() + on_curves(m.boundaries) + [
        (exact(x), exact(y)) for x, y in crossings(m.boundaries)]
    assert pts
    for a, b in pts:
        sa, sb = (sympy.Rational(v.numerator, v.denominator) if isinstance(v, Fraction)
                  else v for v in (a, b))
        want, struct = oracle_profiles(game, g, a if isinstance(a, Fraction) else sa,
                                       b if isinstance(b, Fraction) else sb)
        assert m.region_at(a, b).structure == struct, (g, a, b)
        if isinstance(a, Fraction) and isinstance(b, Fraction):
            eqs = m.equilibria_at(a, b)
            assert eqs is not None, (g, a, b)       # every SPE has its formula
            got = [(e.profile, e.payoffs) for e in eqs]
            assert len(got) == len(want)
            for prof, pay in want:
                assert any(same(prof, q) and same((pay,), (tuple(u),)) for q, u in got)


def test_three_players_choosing_at_once_outside_the_proof_are_said(tmp_path):
    """A subgame where three players choose at once is covered only when its choosers
    move nowhere else and its fully mixed payoffs (algebraic) meet nothing but
    decisions of perfect information above it (games.tree.spe_three): below a chance
    move, or with a chooser also deciding to enter, the curves are not proven and say
    why (the map then marks itself incomplete with that reason, points.tree_regions).
    The same subgame alone is covered (tests/test_tree_regions_three.py checks such
    maps against an oracle)."""
    from games.tree.spe_critical import spe_critical
    cells = [("[a, 0, 1]", "[0, 2, 0]"), ("[0, 1, 0]", "[1, 0, 2]"),
             ("[1, 2, 0]", "[2, 0, b]"), ("[2, 1, 2]", "[0, 3, 0]")]
    c_node = ["{C: {u: %s, v: %s}, info: c}" % cell for cell in cells]
    b_node = [f"{{B: {{L: {c_node[k]}, R: {c_node[k + 1]}}}, info: b}}" for k in (0, 2)]
    game = f"{{A: {{T: {b_node[0]}, D: {b_node[1]}}}}}"
    header = HEADER.replace("[A, B]", "[A, B, C]")
    a, b = sympy.symbols("a b")
    for tree, reason in (
            (f"  chance: {{play: {{p: a / 2, then: {game}}}, "
             "rest: {p: 1 - a / 2, then: [1, 1, 1]}}\n", "enter a chance node"),
            (f"  A:\n    out: [1, 1, 1]\n    in: {game}\n", "also moves outside"),
            (f"  A: {game[4:-1]}\n", "")):
        path = tmp_path / "three.yaml"
        path.write_text("scenario: three at once\n" + header + tree)
        loaded = games.load(path)
        base = {k: Fraction(v) for k, v in loaded.values.items()}
        found = spe_critical(loaded.scenario.spec, ("a", "b"), base, (a, b))
        assert found.complete == (not reason), found.reason
        assert reason in found.reason


def test_an_irrational_vertical_line_is_solved(tmp_path):
    """A curve free of b vanishing at an irrational a (here a*a = 2, a comparison no
    equilibrium depends on: B prefers x whatever A gets, and then A prefers in) cuts
    the box along a = sqrt(2); the line's segments are cells of the map, solved in
    Q(sqrt 2), so the map is complete with the one structure (in, x) everywhere, the
    line included (before, the line's cells were not computed and the map was marked
    incomplete; earlier still it was marked complete without them)."""
    path = tmp_path / "vertical.yaml"
    path.write_text("scenario: an irrelevant vertical line\n" + HEADER +
                    "  A:\n    out: [2, b]\n"
                    "    in: {B: {x: [a * a + 5, 1], y: [a * a, 0]}}\n")
    game = games.load(path)
    m = points.tree_regions(game.scenario, ("a", "b"), values=game.values)
    assert m.complete, m.notes
    assert not any("not computed" in n for n in m.notes)
    assert len(m.regions) == 1 and m.regions[0].structure is not None
    for b in (sympy.Integer(0), sympy.Rational(1, 2), sympy.sqrt(3), sympy.Integer(3)):
        assert m.region_at(sympy.sqrt(2), b) is m.regions[0]


def test_a_parameter_in_an_exponent_is_refused_in_one_line(tmp_path):
    """A payoff 2**a (not rational in a) gives no curves: the map is refused with
    the region maps' message (before, sympy's PolynomialError escaped)."""
    path = tmp_path / "exponent.yaml"
    path.write_text("scenario: exponent\n" + HEADER + "  A:\n    out: [1, 0]\n"
                    "    in: {A: {T: {B: {L: [2 ** a, b], R: [1, 2]}, info: h}, "
                    "D: {B: {L: [2, 0], R: [0, 1]}, info: h}}}\n")
    game = games.load(path)
    with pytest.raises(games.errors.GameError, match="used in an exponent"):
        points.tree_regions(game.scenario, ("a", "b"), values=game.values)
