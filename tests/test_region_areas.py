"""A region map's connected areas, checked against a flood fill over a fine exact
grid written here: each grid point's structure comes from a direct solve of the
game there, 4-neighbours of one structure are joined, and then grid points the
flood fill joins lie in one area of the map, and the grid points of one area (at
least the interior ones the grid resolves) are joined by the flood fill."""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from games.sensitivity.regions import regions
from games.sensitivity.thresholds import baseline, structure
from games.solve import solve
from tests.test_region_algebraic import check_cell_points, scenario


def flood(sc, n: int):
    """Components of the n x n grid of cell centres of the box [0, 4]^2 (no grid point
    on a boundary of the hand-made games below), by structure of a direct solve."""
    base = baseline(sc)
    pts = {(i, j): (F(4 * (2 * i + 1), 2 * n), F(4 * (2 * j + 1), 2 * n))
           for i in range(n) for j in range(n)}
    st = {k: structure(solve(sc.game({**base, "a": a, "b": b}, check_range=False)))
          for k, (a, b) in pts.items()}
    comp: dict[tuple[int, int], int] = {}
    for start in pts:
        if start in comp:
            continue
        comp[start] = len(comp)
        label = comp[start]
        stack = [start]
        while stack:
            i, j = stack.pop()
            for q in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
                if q in pts and q not in comp and st[q] == st[(i, j)]:
                    comp[q] = label
                    stack.append(q)
    return pts, st, comp


def check_against_flood(sc, n: int, sliver: int = 0) -> tuple[int, int]:
    """(areas met by the grid, flood components): they must correspond one to one;
    flood components of at most `sliver` points (an area narrower than a grid step
    near a crossing, where the grid cannot join its points) are left out of the
    second direction."""
    rm = regions(sc, ("a", "b"), solver=solve)
    pts, st, comp = flood(sc, n)
    area = {k: rm.area_at(*p) for k, p in pts.items()}
    for k in pts:                     # the map's area has the point's structure
        assert rm.regions[rm.areas[area[k]].region].structure == st[k], pts[k]
    by_comp: dict[int, set[int]] = {}
    by_area: dict[int, set[int]] = {}
    size: dict[int, int] = {}
    for k in pts:
        size[comp[k]] = size.get(comp[k], 0) + 1
    for k in pts:
        by_comp.setdefault(comp[k], set()).add(area[k])
        if size[comp[k]] > sliver:
            by_area.setdefault(area[k], set()).add(comp[k])
    assert all(len(v) == 1 for v in by_comp.values())     # joined -> one area
    assert all(len(v) == 1 for v in by_area.values())     # one area -> joined
    return len(by_area), len(by_comp)


def test_hyperbola_two_areas_per_structure():
    """P1 and P2 coordinate; P1's payoff on the diagonal is (a-2)(b-2): the
    structure where it exceeds 1 holds in two opposite corners, two areas."""
    sc = scenario({(0, 0): ("(a-2)*(b-2)", "1"), (0, 1): ("1", "0"),
                   (1, 0): ("1", "0"), (1, 1): ("(a-2)*(b-2)", "1")}, 2, 2)
    rm = regions(sc, ("a", "b"), solver=solve)
    labels = sorted(a.label for a in rm.areas)
    assert labels == ["A1", "A2", "B1", "B2", "C"]
    assert check_against_flood(sc, 24) == (3, 3)
    doc = rm.to_dict()
    assert sorted(a["label"] for a in doc["areas"]) == labels


def test_parabola_and_line_crossing_at_an_irrational_point():
    """The parabola b = a^2/4 and the line b = a/2 + 1/2 cross at a = 1 + sqrt(2);
    the areas around the crossing are those the flood fill finds (the sliver between
    the curves just past the crossing is narrower than a grid step there)."""
    sc = scenario({(0, 0): ("4*b - a*a", "1"), (0, 1): ("0", "0"),
                   (1, 0): ("0", "a + 2 - 2*b"), (1, 1): ("1", "1")}, 2, 2)
    areas, comps = check_against_flood(sc, 28, sliver=2)
    assert areas >= 4


@pytest.mark.parametrize("n", [20])
def test_circle_and_line(n):
    """A circle a^2 + b^2 = 3 and the line a = b + 1/2 cut the box (no grid point
    on either); the structures on each side are connected as the flood fill finds."""
    sc = scenario({(0, 0): ("a*a + b*b", "a"), (0, 1): ("3", "b + 1/2"),
                   (1, 0): ("3", "b + 1/2"), (1, 1): ("a*a + b*b", "a")}, 2, 2)
    check_against_flood(sc, n)


def test_vertical_line_at_an_irrational_a():
    """A boundary a^2 = 2 free of b: the line a = sqrt(2) is a cell of its own (the
    sign classes alone missed it), with its equilibria solved there."""
    sc = scenario({(0, 0): ("a*a", "1"), (0, 1): ("0", "0"),
                   (1, 0): ("2", "0"), (1, 1): ("0", "1")}, 2, 2)
    rm = regions(sc, ("a", "b"), solver=solve)
    line = [c for c in rm.cells if c.signs == (0,)]
    assert len(line) == 1 and line[0].dimension == 1
    reg = rm.regions[line[0].region]
    assert reg.structure is not None and len(reg.structure) == 4   # P1 indifferent
    assert check_cell_points(sc, rm) >= 1        # against the brute force there
    assert [len(a.cells) for a in rm.areas if a.region == line[0].region] == [3]


def test_text_and_json_name_the_separate_areas(tmp_path):
    """The CLI's text names both areas of each split region; the JSON lists them."""
    import json
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    src = tmp_path / "h.yaml"
    rows = {(0, 0): ("(a-2)*(b-2)", "1"), (0, 1): ("1", "0"),
            (1, 0): ("1", "0"), (1, 1): ("(a-2)*(b-2)", "1")}
    lines = [f"  r{i}, c{j}: [{rows[i, j][0]}, {rows[i, j][1]}]" for i in range(2)
             for j in range(2)]
    src.write_text("scenario: generated\nparameters:\n  a: {value: 1, range: [0, 4]}\n"
                   "  b: {value: 1, range: [0, 4]}\nplayers:\n  P1: {strategies: [r0, r1]}\n"
                   "  P2: {strategies: [c0, c1]}\npayoffs:\n" + "\n".join(lines) + "\n",
                   encoding="utf-8")
    run = [sys.executable, "-m", "cli.main", str(src), "--regions", "a", "b"]
    text = subprocess.run(run, capture_output=True, text=True, cwd=root, timeout=120)
    assert text.returncode == 0, text.stderr
    assert "holds in 2 separate areas: A1" in text.stdout
    assert "holds in 2 separate areas: B1" in text.stdout
    doc = subprocess.run(run + ["--format", "json"], capture_output=True, text=True,
                         cwd=root, timeout=120)
    areas = json.loads(doc.stdout)["regions"]["areas"]
    assert sorted((x["label"], x["region"]) for x in areas) == [
        ("A1", "A"), ("A2", "A"), ("B1", "B"), ("B2", "B"), ("C", "C")]


def test_root_bounds_refine_past_double_precision():
    """RealRoot.bounds at p bits encloses the root within about 2**-p (checked by
    the exact signs of its minimal polynomial, increasing on (-3/2, oo), at both
    ends): bounds rounded to 53 bits could never tell the root from its own rational
    lower bound, and isolating it in (that bound, 1) raised "root too close to a range
    end" (a region map's slab ending at an irrational a where a separator's polynomial
    also vanishes)."""
    import flint

    from games.sensitivity.algebraic import PRECISIONS, RealRoot, isolate
    m = flint.fmpz_poly([-11, 48, 16])              # 16 a^2 + 48 a - 11
    root = RealRoot(m, 0.2139136501002610, 1)

    def value(x: F) -> F:
        return 16 * x * x + 48 * x - 11
    for prec in PRECISIONS[:5]:
        lo, hi = root.bounds(prec)
        assert 0 < lo < hi < 1 and hi - lo < F(1, 2 ** (prec - 8))
        assert value(lo) < 0 < value(hi)
    lo = root.bounds(128)[0]
    found = isolate([m * flint.fmpz_poly([1, -3])], lo, F(1))
    assert [str(r.m) if not isinstance(r, F) else r for r in found] == [str(m), F(1, 3)]


# ------------------------------------------------------------------ sympy numbers as roots

@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.integers(-5, 5), min_size=3, max_size=3),
       st.lists(st.integers(-5, 5), min_size=2, max_size=2), st.integers(0, 2),
       st.sampled_from(["cubic", "sqrt"]))
def test_one_generator_numbers_have_sympys_minimal_polynomial(num, den, k, kind):
    """A number P(theta)/Q(theta) in one generator (a cubic's CRootOf or a square
    root) converted through the flint resultant has the minimal polynomial sympy
    finds (its own `minimal_polynomial`), and the same position among its real
    roots as its numerical value says."""
    import sympy

    from games.sensitivity.algebraic import _one_generator
    x = sympy.Symbol("x")
    theta = sympy.CRootOf(x ** 3 - 3 * x + 1, k) if kind == "cubic" else sympy.sqrt(k + 2)
    P = sum(c * theta ** j for j, c in enumerate(num))
    Q = den[0] + den[1] * theta
    assume(Q != 0 and sympy.N(Q, 30) != 0)
    value = sympy.together(P / Q)
    assume(not value.is_Rational)
    got = _one_generator(value)
    assert got is not None
    z = sympy.Dummy("z")
    want = sympy.Poly(sympy.minimal_polynomial(value, z), z)
    assert [int(c) for c in reversed(want.all_coeffs())] == [int(c) for c in got.m.coeffs()]
    lo, hi = (sympy.Rational(v.numerator, v.denominator) for v in got.bounds(128))
    v = sympy.N(value, 60)
    assert bool(lo - sympy.Rational(1, 10**30) <= v) and bool(v <= hi + sympy.Rational(1, 10**30))


def test_a_rational_number_written_with_radicals_is_a_fraction():
    """phi * (phi - 1) with phi = (1 + sqrt 5)/2 is 1, which sympy leaves unsimplified
    when built unevaluated: it becomes the Fraction 1 (a degree-1 'root' once made
    the exact sign test at a point with two such coordinates fail), and a boundary's
    sign there is its sign at the rational point."""
    import sympy

    from games.sensitivity.algebraic import as_root
    from games.sensitivity.plane_polys import _evaluator, _sign_at
    phi = (1 + sympy.sqrt(5)) / 2
    one = sympy.Mul(phi - 1, phi, evaluate=False)
    assert as_root(one) == F(1)
    a, b = sympy.symbols("a b")
    f = _evaluator(a * b - a, (a, b))
    assert _sign_at(f, sympy.sqrt(2), one) == 0
    assert _sign_at(f, sympy.sqrt(2), one + sympy.Rational(1, 10**9)) == 1
