"""Region-map cells whose points are all irrational (curves without a rational point,
crossings at an irrational a): their equilibria, solved exactly in a number field,
checked at the cell's algebraic sample point against a brute force written here
(vertex pairs of the best-response polytopes in 60-digit mpmath, an independent
arithmetic), and every reported profile checked as an equilibrium with sympy."""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import mpmath
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from games.scenario import parse_scenario
from games.sensitivity.region_algebraic import solve_at_point
from games.sensitivity.regions import regions
from games.sensitivity.symbolic import make_symbols, symbolic_payoffs
from games.sensitivity.thresholds import baseline
from games.solve import solve
from tests.test_regions import TEMPLATE

DPS = 60
TOL = mpmath.mpf(10) ** -40


def scenario(rows: dict[tuple[int, int], tuple[str, str]], m: int, n: int, va=1, vb=1):
    lines = [f"  r{i}, c{j}: [{rows[i, j][0]}, {rows[i, j][1]}]"
             for i in range(m) for j in range(n)]
    return parse_scenario(TEMPLATE.format(va=va, vb=vb, s1=", ".join(f"r{i}" for i in range(m)),
                                          s2=", ".join(f"c{j}" for j in range(n)),
                                          rows="\n".join(lines)))


def _num(x) -> mpmath.mpf:
    mpmath.mp.dps = DPS
    return mpmath.mpf(sympy.N(sympy.sympify(x), DPS))


def payoff_matrices(sc, a, b):
    """The payoffs at the point (a, b) as mpmath numbers, from the scenario's symbolic
    payoffs substituted with sympy (not through the engine's number field)."""
    syms = make_symbols(["a", "b"])
    U = symbolic_payoffs(sc, ["a", "b"], baseline(sc), syms)
    sub = {syms[0]: sympy.sympify(a), syms[1]: sympy.sympify(b)}
    m, n = U.shape[1], U.shape[2]
    return [[[_num(U[p, i, j].subs(sub)) for j in range(n)] for i in range(m)] for p in (0, 1)]


def brute_force(A, B):
    """Extreme equilibria of the bimatrix game (A, B) by brute force: for every pair of
    supports, every choice of tight constraints making each side's system square,
    solved in mpmath; kept when it is an equilibrium (within 1e-40)."""
    mpmath.mp.dps = DPS
    m, n = len(A), len(A[0])
    out = []

    def polytope(M, k, other):      # vertices z of {z >= 0, M' z <= 1} (z has k entries)
        rows = [([-1 if c == i else 0 for c in range(k)], 0) for i in range(k)]
        rows += [([M[c][j] if other else M[j][c] for c in range(k)], 1) for j in range(len(
            M[0]) if other else len(M))]
        found = []
        for ch in itertools.combinations(range(len(rows)), k):
            z = _gauss([list(rows[r][0]) + [rows[r][1]] for r in ch])
            if z is None:
                continue
            vals = [sum(rows[r][0][c] * z[c] for c in range(k)) - rows[r][1]
                    for r in range(len(rows))]
            if any(v > TOL for v in vals) or all(abs(z[c]) < TOL for c in range(k)):
                continue
            labels = frozenset(r for r, v in enumerate(vals) if abs(v) < TOL)
            zz = [z[c] for c in range(k)]
            if not any(all(abs(p - q) < TOL for p, q in zip(zz, f[0])) for f in found):
                found.append((zz, labels))
        return found

    shift = 1 - min(min(min(r) for r in A), min(min(r) for r in B))
    Ap = [[x + shift for x in r] for r in A]
    Bp = [[x + shift for x in r] for r in B]
    xs = polytope(Bp, m, True)       # labels: i < m (x_i = 0), m + j ((B'x)_j = 1)
    ys = polytope(Ap, n, False)      # labels: j < n (y_j = 0) -> m + j, n + i -> i
    for x, lx in xs:
        for y, ly in ys:
            ly2 = {m + r if r < n else r - n for r in ly}
            if lx | ly2 == set(range(m + n)):
                sx, sy = sum(x), sum(y)
                out.append(([p / sx for p in x], [q / sy for q in y]))
    return out


def _gauss(rows):
    """The solution of a square system (augmented rows) by Gauss-Jordan elimination
    with partial pivoting in mpmath; None when a pivot is below the tolerance."""
    rows = [[mpmath.mpf(x) for x in r] for r in rows]
    k = len(rows)
    for col in range(k):
        piv = max(range(col, k), key=lambda r: abs(rows[r][col]))
        if abs(rows[piv][col]) < TOL:
            return None
        rows[col], rows[piv] = rows[piv], rows[col]
        for r in range(k):
            if r != col:
                f = rows[r][col] / rows[col][col]
                rows[r] = [x - f * y for x, y in zip(rows[r], rows[col])]
    return [rows[i][k] / rows[i][i] for i in range(k)]


def same_sets(found, expected) -> bool:
    def close(e, f):
        return all(abs(p - q) < TOL for r, s in zip(e, f) for p, q in zip(r, s))
    return len(found) == len(expected) and all(
        sum(1 for f in found if close(e, f)) == 1 for e in expected)


def exact_equilibrium(sc, a, b, profile) -> bool:
    """Is `profile` an exact equilibrium at (a, b)? sympy arithmetic: every deviation
    gain simplified to 0 or found negative at 80 digits."""
    syms = make_symbols(["a", "b"])
    U = symbolic_payoffs(sc, ["a", "b"], baseline(sc), syms)
    sub = {syms[0]: sympy.sympify(a), syms[1]: sympy.sympify(b)}
    x, y = [[sympy.sympify(p) for p in row] for row in profile]
    if any(sympy.simplify(sum(r) - 1) != 0 for r in (x, y)):
        return False
    m, n = len(x), len(y)
    rows = [sum(U[0, i, j].subs(sub) * y[j] for j in range(n)) for i in range(m)]
    cols = [sum(U[1, i, j].subs(sub) * x[i] for i in range(m)) for j in range(n)]
    for vals, probs in ((rows, x), (cols, y)):
        v = sum(p * u for p, u in zip(probs, vals))
        for u in vals:
            gain = sympy.N(u - v, 80)
            if gain > mpmath.mpf(10) ** -60:
                return False
    return True


def solved_map(sc):
    """The region map of `sc` in (a, b), with every algebraic point at which it
    solved the game (the engine's function wrapped to record them)."""
    from games.sensitivity import regions as module
    seen: list = []
    real = module.solve_at_point

    def spy(U, syms, a, b):
        seen.append((a, b))
        return real(U, syms, a, b)

    module.solve_at_point = spy
    try:
        rm = regions(sc, ("a", "b"), solver=solve)
    finally:
        module.solve_at_point = real
    return rm, list(dict.fromkeys(seen))


def check_cell_points(sc, rm, extra=()) -> int:
    """At each cell's irrational sample point and at the points of `extra`: the
    engine's solve there equals the brute force, every profile is an exact
    equilibrium, the region the map gives for the point has the same structure,
    and its formulas (where it has them) give the brute force's equilibria there.
    Returns the number of points checked."""
    syms = make_symbols(["a", "b"])
    U = symbolic_payoffs(sc, ["a", "b"], baseline(sc), syms)
    points = [c.sample for c in rm.cells
              if not (isinstance(c.sample[0], F) and isinstance(c.sample[1], F))]
    points += [p for p in extra if p not in points]
    for a, b in points:
        got = solve_at_point(U, syms, a, b)
        eqs = got.equilibrium_set()
        expected = brute_force(*payoff_matrices(sc, a, b))
        found = [[[_num(p) for p in row] for row in e.profile] for e in eqs]
        assert same_sets(found, expected), ((a, b), found, expected)
        for e in eqs:
            assert exact_equilibrium(sc, a, b, e.profile)
        region = rm.region_at(a, b)
        assert region.structure == got.structure()
        from games.sensitivity.plane_polys import _evaluator, _sign_at
        holds = all(_sign_at(_evaluator(c, syms), a, b) == want for f in region.formulas
                    if f is not None for c, want in f.get("conditions", ()))
        # a vertex formula is stated with the conditions under which it holds
        # (region_vertices.py): checked where they hold
        if region.formulas and all(f is not None for f in region.formulas) and holds:
            sub = {syms[0]: sympy.sympify(a), syms[1]: sympy.sympify(b)}
            vals = [[[_num(sympy.sympify(p).subs(sub)) for p in row] for row in f["profile"]]
                    for f in region.formulas]
            assert same_sets(vals, expected)
    return len(points)


# ------------------------------------------------------------------ hand-made games

def test_circle_without_rational_points():
    """P1 prefers r0 iff a^2 + b^2 > 3 against c0, r1 against c1 (a coordination
    game), P2 matches P1's row: on the circle a^2 + b^2 = 3 (no rational point) P1
    is indifferent; the curve cell is solved exactly."""
    sc = scenario({(0, 0): ("a*a + b*b", "1"), (0, 1): ("3", "0"),
                   (1, 0): ("3", "0"), (1, 1): ("a*a + b*b", "1")}, 2, 2)
    rm = regions(sc, ("a", "b"), solver=solve)
    assert rm.complete and all(r.structure is not None for r in rm.regions)
    curve = [c for c in rm.cells if c.dimension == 1]
    assert len(curve) == 1 and curve[0].sample[0] == 1
    assert sympy.simplify(sympy.sympify(curve[0].sample[1]) ** 2 - 2) == 0
    assert check_cell_points(sc, rm) == 1
    structure = rm.regions[curve[0].region].structure
    assert len(structure) == 4        # both pure profiles, P1 mixing against either column
    text = rm.to_dict()
    cell = next(c for r in text["regions"] for c in r["cells"] if c["dimension"] == 1)
    assert cell["sample"] == {"a": "1", "b": "sqrt(2)"}


def test_mixed_equilibrium_on_an_irrational_curve():
    """On the circle a^2 + b^2 = 3 P1 is indifferent whatever P2 does, and P2 is
    indifferent when P1 plays r0 with probability b/(1 + b): irrational
    probabilities at every point of the curve cell."""
    sc = scenario({(0, 0): ("a*a + b*b", "1"), (0, 1): ("3", "0"),
                   (1, 0): ("3", "0"), (1, 1): ("a*a + b*b", "b")}, 2, 2)
    rm, seen = solved_map(sc)
    assert rm.complete and all(r.structure is not None for r in rm.regions)
    assert seen and check_cell_points(sc, rm, seen) >= len(seen)
    curve = next(c for c in rm.cells if c.dimension == 1
                 and not isinstance(c.sample[1], F))
    eqs = solve_at_point(*_payoffs(sc), *curve.sample).equilibrium_set()
    b = sympy.sympify(curve.sample[1])
    assert any(sympy.simplify(sympy.sympify(e.profile[0][0]) - b / (1 + b)) == 0
               and e.profile[0][0] != 0 for e in eqs)


def _payoffs(sc):
    syms = make_symbols(["a", "b"])
    return symbolic_payoffs(sc, ["a", "b"], baseline(sc), syms), syms


def test_crossing_at_an_irrational_point():
    """P1's indifference a = b*b/2 + ... crosses P2's line a + b = 3 where a is
    irrational: the crossing point (0-D cell) has two irrational coordinates."""
    sc = scenario({(0, 0): ("b*b", "a + b"), (0, 1): ("2", "3"),
                   (1, 0): ("2", "3"), (1, 1): ("b*b", "a + b"),
                   (0, 2): ("a", "0"), (1, 2): ("1", "0")}, 2, 3)
    rm = regions(sc, ("a", "b"), solver=solve)
    assert rm.complete and all(r.structure is not None for r in rm.regions)
    points = [c for c in rm.cells if c.dimension == 0
              and not isinstance(c.sample[0], F) and not isinstance(c.sample[1], F)]
    assert points
    assert check_cell_points(sc, rm) >= len(points)


def test_rational_curve_agrees_with_the_solver():
    """On a curve with rational points the number-field solve at a rational point
    equals the engine's rational solver (an independent implementation)."""
    sc = scenario({(0, 0): ("a*a + b*b", "1"), (0, 1): ("2", "0"), (0, 2): ("b", "a"),
                   (1, 0): ("2", "0"), (1, 1): ("a*a + b*b", "1"), (1, 2): ("1", "b")}, 2, 3)
    syms = make_symbols(["a", "b"])
    U = symbolic_payoffs(sc, ["a", "b"], baseline(sc), syms)
    for pt in [(F(1), F(1)), (F(1, 5), F(7, 5)), (F(2), F(1)), (F(3, 2), F(1, 2))]:
        direct = solve(sc.game({**baseline(sc), "a": pt[0], "b": pt[1]}, check_range=False))
        mine = solve_at_point(U, syms, *pt).equilibrium_set()
        assert sorted(e.key() for e in mine) == sorted(e.key() for e in direct)


# ------------------------------------------------------------------ generated games

small = st.integers(-3, 3)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(small, small, small), min_size=9, max_size=9),
       st.lists(st.tuples(small, small, small), min_size=9, max_size=9))
def test_generated_2x3_quadratic(c1, c2):
    """Player 1's payoffs quadratic in b, player 2's linear in a and b: curve cells
    over slabs with irrational b, and crossings; every irrational cell checked."""
    rows = {}
    for k, (i, j) in enumerate(itertools.product(range(3), range(3))):
        if i < 2:
            rows[i, j] = (f"{c1[k][0]} + ({c1[k][1]})*b*b + ({c1[k][2]})*a",
                          f"{c2[k][0]} + ({c2[k][1]})*a + ({c2[k][2]})*b")
    sc = scenario(rows, 2, 3)
    rm, seen = solved_map(sc)
    assert rm.complete and all(r.structure is not None for r in rm.regions)
    check_cell_points(sc, rm, seen)


entry = st.tuples(st.integers(-5, 5), st.sampled_from(["", "a", "b"]), st.integers(1, 3))


def _entry_text(e) -> str:
    c, kind, k = e
    return str(c) if not kind else f"{c} + {k}*a" if kind == "a" else f"{c} - {k}*b"


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entry, min_size=18, max_size=18))
def test_generated_3x3(entries):
    """Random parametric 3x3 games (payoffs moving with a or b, as in the grid tests):
    their curve cells and crossings at irrational points are all solved, and each
    agrees with the brute force at its algebraic sample point."""
    rows = {(i, j): (_entry_text(entries[2 * (3 * i + j)]),
                     _entry_text(entries[2 * (3 * i + j) + 1]))
            for i in range(3) for j in range(3)}
    sc = scenario(rows, 3, 3)
    rm, seen = solved_map(sc)
    assert rm.complete and all(r.structure is not None for r in rm.regions)
    check_cell_points(sc, rm, seen)


@pytest.mark.parametrize("seed", [10, 17])
def test_seeded_3x3_with_irrational_cells(seed):
    """Seeded 3x3 games known to have cells with only irrational points (crossings
    at a = (7 + sqrt(499))/10 and the like): every such cell checked, and so is
    every irrational sample of the decomposition's cells one by one (the map takes
    most of them from sign classes with a rational sample, solving none there)."""
    from games.sensitivity.region_areas import sympy_point
    from tests.test_region_grid import parametric_game
    sc = parse_scenario(parametric_game(3, 3, seed))
    rm, seen = solved_map(sc)
    assert rm.complete and all(r.structure is not None for r in rm.regions)
    assert rm._complex is not None
    samples = [sympy_point(c.sample) for c in rm._complex.cells]
    extra = seen + [p for p in samples if not (isinstance(p[0], F) and isinstance(p[1], F))]
    assert len(extra) >= 2 and check_cell_points(sc, rm, extra) >= len(set(extra))


def test_crossing_samples_are_written_canonically():
    """A crossing's sample is stated in the canonical exact form (a radical here),
    and it is the crossing: both boundary polynomials vanish there exactly (sympy)."""
    sc = scenario({(0, 0): ("b*b", "a + b"), (0, 1): ("2", "3"),
                   (1, 0): ("2", "3"), (1, 1): ("b*b", "a + b"),
                   (0, 2): ("a", "0"), (1, 2): ("1", "0")}, 2, 3)
    rm = regions(sc, ("a", "b"), solver=solve)
    doc = rm.to_dict()
    a, b = sympy.symbols("a b")
    polys = [sympy.sympify(t, locals={"a": a, "b": b}) for t in doc["boundaries"]]
    points = [c for r in doc["regions"] for c in r["cells"] if c["dimension"] == 0
              and "sqrt" in c["sample"]["a"]]
    assert points
    for c in points:
        x, y = (sympy.sympify(c["sample"][k]) for k in ("a", "b"))
        assert len(c["sample"]["b"]) < 20          # e.g. "sqrt(2)", not a long expression
        assert sum(1 for p in polys if sympy.simplify(p.subs({a: x, b: y})) == 0) >= 2
