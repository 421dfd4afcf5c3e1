"""Region maps of generated trees in which three players choose at once
(games.tree.spe_three: the local game's critical polynomials and its fully mixed
payoffs compared with the option above by resultants), against an oracle written here.

The trees: O takes an outside option or lets A, B and C play a simultaneous game,
each choosing between two actions without seeing the others'. Every payoff is
c0 + c1*a + c2*b with small integers.

The oracle, exact over Fractions and sympy numbers: the local game's listed
equilibria are the equilibria that are an isolated solution of three of their tight
conditions (a probability at 0 or 1, a player's two actions tied): one or two
probabilities left free are solved from the ties, which are affine in each of them;
all three from the three ties, whose z is a root of a quadratic (by hand where no
denominator can vanish, else sympy.solve, keeping only its isolated solutions). Then
O enters when the subgame's payoff to O is at least the outside option's (both at a
tie). Compared at a rational grid, at rational points on every boundary and at the
boundaries' crossings (irrational ones in sympy): the region's structure (supports
with multiplicities) equals the oracle's, and where the region states formulas they
give the oracle's profiles and payoffs.
"""
from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest
import sympy

import games
from games.tree import points
from tests.test_tree_regions_infosets import crossings, exact, on_curves, same, sign, text

HEADER = """parameters:
  a: {value: 1, range: [0, 2]}
  b: {value: 1, range: [0, 3]}
players: [O, A, B, C]
tree:
"""
X, Y, Z = sympy.symbols("x y z")


def generate(rng: random.Random, params: int = 2) -> dict:
    """Payoffs of O, A, B, C at the 8 cells (A's action, B's, C's) and the outside
    option's: constants, except `params` payoffs of A, B or C with a term in a or b
    and the outside option's c0 + c1*a + c2*b (small boundaries: every parametric
    payoff raises the degree of the resultants)."""
    cells = [[(rng.randint(-2, 3), 0, 0) for _ in range(4)] for _ in range(8)]
    for _ in range(params):
        k, p = rng.randrange(8), rng.randint(1, 3)
        c0, _, _ = cells[k][p]
        cells[k][p] = (c0, *rng.choice([(1, 0), (-1, 0), (0, 1), (0, -1)]))
    return {"cells": cells,
            "out": [(rng.randint(-1, 2), rng.randint(-1, 1), rng.choice([-1, 1]))] +
                   [(0, 0, 0)] * 3}


def scenario(g: dict) -> str:
    c = g["cells"]

    def leaf(k):
        return "[" + ", ".join(text(e) for e in c[k]) + "]"

    def c_node(k):
        return f"{{C: {{u: {leaf(2 * k)}, v: {leaf(2 * k + 1)}}}, info: hc}}"

    def b_node(k):
        return f"{{B: {{L: {c_node(2 * k)}, R: {c_node(2 * k + 1)}}}, info: hb}}"
    game = f"{{A: {{T: {b_node(0)}, D: {b_node(1)}}}}}"
    out = "[" + ", ".join(text(e) for e in g["out"]) + "]"
    return "scenario: generated\n" + HEADER + f"  O:\n    out: {out}\n    in: {game}\n"


# ---------------------------------------------------------------- the oracle

def num(v):
    """A Fraction or int as a sympy number (sympy numbers unchanged)."""
    if isinstance(v, Fraction):
        return sympy.Rational(v.numerator, v.denominator)
    return sympy.Integer(v) if isinstance(v, int) else v


def sg(x) -> int:
    """The exact sign: rationals directly; a radical expression by 50 digits when it is
    clearly away from 0 (sympy's evalf bounds its error), else exactly (`sign`)."""
    x = num(x)
    if x.is_Rational:
        return 1 if x.p > 0 else -1 if x.p < 0 else 0
    v = x.evalf(50)
    if v.is_real and abs(v) > sympy.Float("1e-30"):
        return 1 if v > 0 else -1
    return sign(x)


def value(e, a, b):
    c0, c1, c2 = e
    return c0 + c1 * num(a) + c2 * num(b)


def cells_at(g, a, b):
    """pay[k][i][j][m]: player k's payoff (0 O, 1 A, 2 B, 3 C) when A plays i, B j, C m."""
    return [[[[value(g["cells"][4 * i + 2 * j + m][k], a, b) for m in range(2)]
              for j in range(2)] for i in range(2)] for k in range(4)]


def expect(pay_k, x, y, z):
    px, py, pz = (x, 1 - x), (y, 1 - y), (z, 1 - z)
    return sum(px[i] * py[j] * pz[m] * pay_k[i][j][m]
               for i in range(2) for j in range(2) for m in range(2))


def pure_gap(pay, me, act1, act2):
    """Chooser me's (0 A, 1 B, 2 C) first action's payoff minus its second's when the
    other two (in order) play act1 and act2."""
    o1, o2 = [p for p in range(3) if p != me]
    first, second = [0, 0, 0], [0, 0, 0]
    first[o1] = second[o1] = act1
    first[o2] = second[o2] = act2
    second[me] = 1
    return pay[me + 1][first[0]][first[1]][first[2]] - \
        pay[me + 1][second[0]][second[1]][second[2]]


def ties(pay):
    """Each chooser's gap (first action's payoff minus second's) as a bilinear
    function of the other two's probabilities s, t of their first actions:
    coefficients (c0, c1, c2, c3) of c0 + c1*s + c2*t + c3*s*t."""
    out = []
    for me in range(3):
        g00, g10 = pure_gap(pay, me, 1, 1), pure_gap(pay, me, 0, 1)
        g01, g11 = pure_gap(pay, me, 1, 0), pure_gap(pay, me, 0, 0)
        out.append((g00, g10 - g00, g01 - g00, g11 - g10 - g01 + g00))
    return out


def gap_at(t, me, probs):
    s, u = [probs[p] for p in range(3) if p != me]
    return t[0] + t[1] * s + t[2] * u + t[3] * s * u


def solve_free(g, fixed, tied):
    """The isolated solutions (x, y, z) of: the fixed probabilities, and the tied
    players' gaps zero; None entries are the free ones."""
    free = [p for p in range(3) if fixed[p] is None]
    if len(free) == 3:
        return full_ties(g)
    probs = [None if f is None else sympy.Integer(f) for f in fixed]
    order = []      # solve each tie that has one free unknown, repeatedly
    todo = list(tied)
    while todo:
        for me in todo:
            unknown = [p for p in range(3) if p != me and probs[p] is None]
            if len(unknown) <= 1:
                break
        else:
            return []
        todo.remove(me)
        if not unknown:
            if sg(gap_at(g[me], me, probs)) != 0:
                return []
            continue                # a constant tie: the count of free ones is off
        p = unknown[0]
        at0 = list(probs)
        at1 = list(probs)
        at0[p], at1[p] = 0, 1
        c0 = gap_at(g[me], me, at0)
        c1 = gap_at(g[me], me, at1) - c0
        if sg(c1) == 0:
            return []       # degenerate: free along a line (or none)
        probs[p] = -c0 / c1
        order.append(p)
    if any(v is None for v in probs):
        return []
    return [tuple(probs)]


def full_ties(g):
    """The isolated solutions of all three ties: by hand when no denominator can
    vanish at a solution, else sympy.solve (isolated solutions only)."""
    (a0, a1, a2, a3), (b0, b1, b2, b3), (c0, c1, c2, c3) = g
    # gA(y, z) = a0 + a1 y + a2 z + a3 y z ; gB(x, z) ; gC(x, y)
    z = sympy.Symbol("z")
    alpha, gam = a1 + a3 * z, a0 + a2 * z      # gA = alpha y + gam
    beta, dlt = b1 + b3 * z, b0 + b2 * z       # gB = beta x + dlt
    Q = sympy.expand(c0 * alpha * beta - c1 * dlt * alpha - c2 * gam * beta + c3 * gam * dlt)

    def shared(p, q):
        """Can p and q vanish at one z (p identically zero, or a common root)?"""
        p, q = sympy.Poly(p, z), sympy.Poly(q, z)
        return p.is_zero or sympy.gcd(p, q).degree() > 0
    degenerate = (sympy.Poly(Q, z).is_zero or sympy.Poly(alpha, z).is_zero or
                  sympy.Poly(beta, z).is_zero or shared(alpha, gam) or shared(beta, dlt))
    if not degenerate:
        out = []
        for r in real_roots(Q, z):
            al, be = alpha.subs(z, r), beta.subs(z, r)
            if sg(al) == 0 or sg(be) == 0:
                degenerate = True
                break
            out.append((-dlt.subs(z, r) / be, -gam.subs(z, r) / al, r))
        if not degenerate:
            return out
    eqs = [a0 + a1 * Y + a2 * Z + a3 * Y * Z, b0 + b1 * X + b2 * Z + b3 * X * Z,
           c0 + c1 * X + c2 * Y + c3 * X * Y]
    out = []
    for sol in sympy.solve(eqs, [X, Y, Z], dict=True):
        if len(sol) == 3 and not any(v.free_symbols for v in sol.values()):
            out.append((sol[X], sol[Y], sol[Z]))
    return out


def real_roots(Q, z):
    """The real roots of a polynomial of degree at most 2 in z (exact)."""
    p = sympy.Poly(Q, z)
    cs = p.all_coeffs()
    if p.degree() == 1:
        return [-cs[1] / cs[0]]
    if p.degree() == 0:
        return []
    A, B, C = cs
    D = sympy.expand(B * B - 4 * A * C)
    s = sg(D)
    if s < 0:
        return []
    if s == 0:
        return [-B / (2 * A)]
    r = sympy.sqrt(D)
    return [(-B - r) / (2 * A), (-B + r) / (2 * A)]


def local_equilibria(pay):
    """The listed equilibria (x, y, z) of the game of A, B, C: x, y, z the
    probabilities of their first actions."""
    g = ties(pay)
    found = []
    options = [(None, False), (0, False), (1, False), (None, True), (0, True), (1, True)]
    for choice in itertools.product(options, repeat=3):
        if sum((f is not None) + t for f, t in choice) != 3:
            continue
        fixed = [f for f, _ in choice]
        tied = [p for p, (_, t) in enumerate(choice) if t]
        for sol in solve_free(g, fixed, tied):
            if not all(sg(v) >= 0 and sg(1 - v) >= 0 for v in sol):
                continue
            if any(p not in tied and (sg(v) > 0 and sg(gap_at(g[p], p, sol)) < 0 or
                                      sg(1 - v) > 0 and sg(gap_at(g[p], p, sol)) > 0)
                   for p, v in enumerate(sol)):     # a tie imposed is 0 by construction
                continue
            if not any(all(sg(num(u) - num(w)) == 0 for u, w in zip(sol, old))
                       for old in found):
                found.append(sol)
    return found


def oracle(g, a, b):
    """The SPE at (a, b) as reduced profiles (O over out/in, A over T/D, B over L/R,
    C over u/v) with payoffs."""
    pay = cells_at(g, a, b)
    outside = tuple(value(e, a, b) for e in g["out"])
    one = sympy.Integer(1)
    found = []
    for x, y, z in local_equilibria(pay):
        inside = tuple(expect(pay[k], x, y, z) for k in range(4))
        s = sg(sympy.expand(inside[0] - outside[0]))
        mix = ((x, 1 - x), (y, 1 - y), (z, 1 - z))
        if s >= 0:
            found.append((((0 * one, one), *mix), inside))
        if s <= 0:
            found.append((((one, 0 * one), *mix), outside))
    return found


def structure(found):
    counts: dict = {}
    for prof, _ in found:
        key = tuple(tuple(k for k, p in enumerate(row) if sg(p) != 0) for row in prof)
        counts[key] = counts.get(key, 0) + 1
    return tuple(sorted(counts.items()))


def grid(n_a: int = 4, n_b: int = 2):
    return [(Fraction(2 * i, n_a), Fraction(3 * j, n_b))
            for i in range(n_a + 1) for j in range(n_b + 1)]


def on_vertical_quadratics(boundaries):
    """Points on each boundary free of b and quadratic in a (two vertical lines at
    irrational a, where a fully mixed payoff ties with the outside option): exact."""
    a = sympy.Symbol("a")
    out = []
    for p in boundaries:
        if {s.name for s in p.free_symbols} != {"a"}:
            continue
        p = p.subs({s: a for s in p.free_symbols})
        if sympy.degree(p, a) != 2:
            continue
        for r in sympy.solve(p, a):
            if r.is_real and 0 <= r <= 2:
                out.extend((r, Fraction(k, 2)) for k in (1, 4))
    return out


# (seed, parametric payoffs inside, outside option): lines where the payoff to O of
# an equilibrium in which all three mix ties with the option (rational there), and
# two vertical lines at irrational a where it does (a quadratic irrational there)
CASES = [(8, 0, None), (12, 0, (0, 1, 0))]


@pytest.mark.parametrize("seed, params, out", CASES)
def test_generated_maps_equal_the_oracle(tmp_path, seed, params, out):
    """Grid, boundary and crossing points (irrational ones included): 0 mismatches;
    the map is complete and has an SPE in which all three mix."""
    g = generate(random.Random(seed), params)
    if out is not None:
        g["out"][0] = out
    path = tmp_path / "gen.yaml"
    path.write_text(scenario(g))
    game = games.load(path)
    assert [list(n) for n in game.scenario.form.names] == [
        ["out", "in"], ["T", "D"], ["L", "R"], ["u", "v"]]
    m = points.tree_regions(game.scenario, ("a", "b"), values=game.values)
    assert m.complete, m.notes
    assert any(sum(len(s) > 1 for s in sup) == 3 for r in m.regions for sup, _ in r.structure)
    pts = grid() + on_curves(m.boundaries, per=2) + on_vertical_quadratics(m.boundaries) + [
        (exact(x), exact(y)) for x, y in crossings(m.boundaries)]
    assert len(pts) > 15
    for a, b in pts:
        want = oracle(g, a, b)
        assert m.region_at(a, b).structure == structure(want), (seed, a, b)
        eqs = m.equilibria_at(a, b) if isinstance(a, Fraction) and \
            isinstance(b, Fraction) else None
        for e in eqs or ():
            assert any(same(tuple(e.profile), q) and same((tuple(e.payoffs),), (p,))
                       for q, p in want), (seed, a, b)
