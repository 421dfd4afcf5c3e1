"""Region maps with a boundary free of one parameter vanishing at an irrational value
(the vertical line a = sqrt(2) of a^2 - 2, the horizontal line b = sqrt(3) of
b^2 - 3): the line's points and segments, its crossings included, are cells of the
map, which is complete. Checked at points exactly on the lines (irrational a with
rational, quadratic and mixed b) against an exact vertex enumeration written here
(sympy, in the number field of the point), and at rational points against Gambit
(tests/test_regions.check_points): every point lies in exactly one cell, and the
formulas of that cell's region give exactly the direct solve's extreme equilibria."""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest
import sympy
from sympy import QQ, Rational, sqrt
from sympy.polys.matrices import DomainMatrix

from games.scenario import parse_scenario
from games.sensitivity.regions import regions
from games.sensitivity.symbolic import make_symbols, symbolic_payoffs
from games.sensitivity.thresholds import baseline
from games.solve import solve
from tests.test_region_algebraic import scenario
from tests.test_regions import check_points

R2, R3 = sqrt(2), sqrt(3)


def _sign(K, x) -> int:
    """The exact sign of an element of the real field K (0 decided in K, else its
    value at 50 digits: a nonzero element of these small fields is far from 0)."""
    if x == K.zero:
        return 0
    return 1 if sympy.N(K.to_sympy(x), 50) > 0 else -1


def _vertices(K, M, k: int):
    """The vertices z of {z >= 0, row_j . z <= 1} (rows of M, k unknowns) with
    their tight labels (0..k-1: z_i = 0, k + j: row j tight), exactly in K."""
    rows = [([K.one if c == i else K.zero for c in range(k)], K.zero) for i in range(k)]
    rows += [(list(r), K.one) for r in M]
    out = []
    for tight in itertools.combinations(range(len(rows)), k):
        A = DomainMatrix([rows[t][0] for t in tight], (k, k), K)
        if A.rank() < k:
            continue
        z = A.lu_solve(DomainMatrix([[rows[t][1]] for t in tight], (k, 1), K))
        z = [z[i, 0].element for i in range(k)]
        if any(_sign(K, v) < 0 for v in z) or all(v == K.zero for v in z):
            continue
        vals = [sum((K.convert(c) * v for c, v in zip(r, z)), K.zero) for r, _ in rows[k:]]
        if any(_sign(K, v - K.one) > 0 for v in vals):
            continue
        labels = frozenset(i for i in range(k) if z[i] == K.zero) | \
            frozenset(k + j for j, v in enumerate(vals) if v == K.one)
        if all(z != w for w, _ in out):
            out.append((z, labels))
    return out


def _field(a, b):
    """Q(a, b) for exact sympy numbers (sympy's algebraic field, QQ if both rational)."""
    gens = [g for g in (a, b) if not g.is_Rational]
    return QQ.algebraic_field(*gens) if gens else QQ


def _key(K, v) -> tuple:
    """A hashable exact key of an element of K."""
    return (v,) if K == QQ else tuple(v.to_list())


def _in_field(K, expr, sub):
    """A rational function of the parameters at the point `sub` (symbol -> element
    of K), as an element of K: numerator and denominator evaluated in K."""
    syms = list(sub)
    num, den = sympy.fraction(sympy.together(sympy.sympify(expr)))

    def at(p):
        out = K.zero
        for mono, c in sympy.Poly(p, *syms).terms():
            term = K.convert(QQ.from_sympy(c))
            for s, e in zip(syms, mono):
                term = term * sub[s] ** e
            out += term
        return out
    return at(num) / at(den)


def _point(K, syms, a, b) -> dict:
    return {syms[0]: K.from_sympy(a), syms[1]: K.from_sympy(b)}


def exact_extreme(sc, a, b, K):
    """The extreme equilibria of the 2-player game `sc` at (a, b) (sympy exact
    algebraic numbers): the completely labelled vertex pairs of the best-response
    polytopes, in K = Q(a, b); profiles as tuples of K elements' keys."""
    syms = make_symbols(["a", "b"])
    U = symbolic_payoffs(sc, ["a", "b"], baseline(sc), syms)
    sub = _point(K, syms, a, b)
    m, n = U.shape[1], U.shape[2]
    A = [[_in_field(K, U[0, i, j], sub) for j in range(n)] for i in range(m)]
    B = [[_in_field(K, U[1, i, j], sub) for j in range(n)] for i in range(m)]
    low = min(min(sympy.N(K.to_sympy(v), 30) for v in r) for r in A + B)
    shift = K.from_sympy(1 - sympy.floor(low))
    # x: z >= 0 with (B + shift)' x <= 1; y: z >= 0 with (A + shift) y <= 1
    xs = _vertices(K, [[B[i][j] + shift for i in range(m)] for j in range(n)], m)
    ys = _vertices(K, [[A[i][j] + shift for j in range(n)] for i in range(m)], n)
    out = set()
    for x, lx in xs:
        for y, ly in ys:
            # x's labels: i (x_i = 0), m + j (column j a best reply); y's: row i a
            # best reply (n + i) -> i, y_j = 0 (j) -> m + j
            ly2 = {t - n if t >= n else m + t for t in ly}
            if lx | ly2 == set(range(m + n)):
                sx, sy = sum(x, K.zero), sum(y, K.zero)
                out.add((tuple(_key(K, v / sx) for v in x), tuple(_key(K, v / sy) for v in y)))
    return out


def _supports(profiles, K) -> tuple:
    """The structure (thresholds.structure's form) of a set of exact profiles."""
    zero = _key(K, K.zero)
    counts: dict = {}
    for prof in profiles:
        sup = tuple(tuple(j for j, p in enumerate(row) if p != zero) for row in prof)
        counts[sup] = counts.get(sup, 0) + 1
    return tuple(sorted(counts.items()))


def _formula_profiles(K, formulas, sub) -> set:
    """The profiles a piece's formulas give at the point `sub`, as keys in K."""
    return {tuple(tuple(_key(K, _in_field(K, p, sub)) for p in row) for row in f["profile"])
            for f in formulas}


def check_line_points(sc, rm, points) -> int:
    """At each exact point: exactly one cell of the map holds it (its sign vector
    is one cell's), and the formulas of that cell's region piece, evaluated there
    exactly, are exactly the extreme equilibria of the exact vertex enumeration,
    each formula's conditions holding. Returns the number of mismatches (where the
    piece has no formula for an equilibrium, its region's supports with their
    counts are compared instead)."""
    x, y = rm.symbols
    bad = 0
    for a, b in points:
        s = rm.signs_at(a, b)
        hits = [k for k, c in enumerate(rm.cells) if c.signs == s]
        if len(hits) != 1:
            bad += 1
            continue
        cell = rm.cells[hits[0]]
        piece = rm.regions[cell.region].all_pieces()[cell.piece]
        K = _field(a, b)
        want = exact_extreme(sc, a, b, K)
        if not piece.formulas or any(f is None for f in piece.formulas):
            # no formula (a continuum's extreme point stated from an irrational
            # sample): the region's supports, with their counts, must be the set's
            bad += rm.regions[cell.region].structure != _supports(want, K)
            continue
        sub = _point(K, (x, y), a, b)
        for f in piece.formulas:
            bad += any(_sign(K, _in_field(K, c, sub)) != w for c, w in f.get("conditions", ()))
        bad += _formula_profiles(K, piece.formulas, sub) != want
    return bad


def _line_points(alpha, extra=()):
    bs = [Rational(0), Rational(1, 2), Rational(1), Rational(7, 5), R3, Rational(2),
          Rational(3), Rational(4), alpha / 2, *extra]
    return [(alpha, b) for b in bs]


def _rational_grid(n: int = 4):
    return [(F(4 * i, n) + F(1, 7), F(4 * j, n) + F(1, 11)) for i in range(n)
            for j in range(n)]


def test_a_tie_only_on_the_vertical_line_is_a_region():
    """P1's rows tie against c0 only on a = sqrt(2) ((a^2 - 2)^2 is never negative):
    elsewhere (r0, c0) is the only equilibrium, so every 2-dimensional cell has one
    structure; on the line P1 may mix, how much depending on P2's comparison
    b^2 < 3 (the horizontal line b = sqrt(3), crossing at (sqrt 2, sqrt 3)). The
    line's segments and crossing are cells of their own and the map is complete
    (before: not complete, the line's cells not computed)."""
    sc = scenario({(0, 0): ("(a*a - 2)*(a*a - 2)", "1"), (0, 1): ("1", "0"),
                   (1, 0): ("0", "0"), (1, 1): ("0", "b*b - 3")}, 2, 2)
    rm = regions(sc, ("a", "b"), solver=solve)
    assert rm.complete, rm.notes
    assert len(rm.regions) >= 3
    on_line = [c for c in rm.cells if c.sample[0] == R2]
    assert {c.dimension for c in on_line} == {0, 1}
    pts = _line_points(R2, (R3 + Rational(1, 3),)) + [(R2, R3), (Rational(7, 5), R3),
                                                      (Rational(3, 2), R3)]
    assert check_line_points(sc, rm, pts) == 0
    checked, bad = check_points(sc, ("a", "b"), rm, _rational_grid())
    assert bad == 0 and checked == 16


def test_a_vertical_line_crossed_by_curves():
    """a^2 = 2 against c0 decides P1's row; P2's comparison against r1 is the
    slanted line 2b = a (crossing a = sqrt(2) at b = sqrt(2)/2) and against r0
    b = 1 (crossing it at a rational b): at every point of the line, its crossings
    included, the map's formulas are the exact equilibria there."""
    sc = scenario({(0, 0): ("a*a", "b"), (0, 1): ("0", "1"),
                   (1, 0): ("2", "2*b - a"), (1, 1): ("1", "0")}, 2, 2)
    rm = regions(sc, ("a", "b"), solver=solve)
    assert rm.complete, rm.notes
    pts = _line_points(R2) + [(R2, R2 / 2), (R2, Rational(1))]
    assert check_line_points(sc, rm, pts) == 0
    checked, bad = check_points(sc, ("a", "b"), rm, _rational_grid())
    assert bad == 0


def _generated(seed: int):
    """A seeded 2x3 game whose P1 rows tie against c0 exactly on a = sqrt(2) (a*a + t
    against 2 + t), the other payoffs small integers plus multiples of b (and of a
    for P2): curves crossing the line at rational and irrational b."""
    import random
    rnd = random.Random(seed)

    def lin(*syms):
        return " + ".join([str(rnd.randint(-3, 3))] +
                          [f"({rnd.randint(-2, 2)})*{v}" for v in syms])

    t = rnd.randint(-2, 2)
    rows = {(0, 0): (f"a*a + ({t})", lin("b", "a")), (1, 0): (f"2 + ({t})", lin("b", "a"))}
    for i in range(2):
        for j in (1, 2):
            rows[i, j] = (lin("b"), lin("b", "a"))
    return scenario(rows, 2, 3)


def _crossings_on(rm, alpha) -> list:
    """The points where a boundary meets the line a = alpha inside the box, by
    sympy (each boundary with b, restricted to the line, solved for b)."""
    x, y = rm.symbols
    out = []
    for p in rm.boundaries:
        if y not in p.free_symbols:
            continue
        for r in sympy.solve(sympy.expand(p.subs(x, alpha)), y):
            if r.is_real and 0 <= r <= 4:
                out.append((alpha, sympy.radsimp(r)))
    return out


@pytest.mark.parametrize("seed", [2])
def test_generated_games_on_the_vertical_line(seed):
    """Seeded games with the line a = sqrt(2): at rational and crossing values of b
    on the line, the map's formulas (or, without a formula, its
    supports) are the exact equilibria there; a rational grid agrees with Gambit.
    Seed 2's conic crosses the line at b = 2 sqrt(26 + 21 sqrt(2)) - 5 sqrt(2) - 7
    (locating that point raised sympy's PolynomialError before)."""
    sc = _generated(seed)
    rm = regions(sc, ("a", "b"), solver=solve)
    assert rm.complete, rm.notes
    pts = [(R2, Rational(k, 2)) for k in range(0, 9, 3)] + _crossings_on(rm, R2)
    assert check_line_points(sc, rm, pts) == 0
    checked, bad = check_points(sc, ("a", "b"), rm, _rational_grid(3))
    assert bad == 0


THREE = """\
scenario: three
parameters:
  a: {value: 1, range: [0, 4]}
  b: {value: 1, range: [0, 4]}
players:
  P1: {strategies: [r0, r1]}
  P2: {strategies: [c0, c1]}
  P3: {strategies: [d0, d1]}
payoffs:
"""


def test_three_players_on_a_vertical_line():
    """Three players, P3's d0 and P2's c0 strictly dominant, P1's r0 the best reply
    to c0: P1's rows tie against c1 on a = sqrt(2), a comparison no equilibrium
    depends on. The line's cells are solved by the N-player path in Q(sqrt 2) and
    the map is complete; at points on the line its formulas give (r0, c0, d0), the
    reduced 2-player game's exact equilibria."""
    u = {("r0", "c0"): ("2", "b + 2"), ("r0", "c1"): ("a*a", "b"),
         ("r1", "c0"): ("1", "1"), ("r1", "c1"): ("2", "0")}
    rows = []
    for (r, c), (p1, p2) in u.items():
        rows.append(f"  {r}, {c}, d0: [{p1}, {p2}, 1]")
        rows.append(f"  {r}, {c}, d1: [{p1}, {p2}, 0]")
    sc3 = parse_scenario(THREE + "\n".join(rows) + "\n")
    rm = regions(sc3, ("a", "b"), solver=solve)
    assert rm.complete, rm.notes
    two = scenario({(i, j): u[f"r{i}", f"c{j}"] for i in range(2) for j in range(2)}, 2, 2)
    x, y = rm.symbols
    bad = 0
    for a, b in _line_points(R2) + _line_points(R3):
        s = rm.signs_at(a, b)
        hits = [k for k, c in enumerate(rm.cells) if c.signs == s]
        assert len(hits) == 1
        cell = rm.cells[hits[0]]
        piece = rm.regions[cell.region].all_pieces()[cell.piece]
        assert piece.formulas and all(f is not None for f in piece.formulas)
        K = _field(a, b)
        one, zero = _key(K, K.one), _key(K, K.zero)
        want = {(px, py, (one, zero)) for px, py in exact_extreme(two, a, b, K)}
        bad += _formula_profiles(K, piece.formulas, _point(K, (x, y), a, b)) != want
    assert bad == 0
