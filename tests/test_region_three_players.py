"""A whole 3-player region map with irrational equilibria and irrational cells, end to
end: `analyze FILE --regions a b --format json` and the API's `regions()` give the
same map, and that map is checked point by point against results computed without
the region code.

The game (2x2x2, built here from each player's gain of its first strategy over its
second, bilinear in the others' probabilities of their first strategies):
D1 = 4 x2 - 4 x3 + b^2 - 2, D2 = 8 x3 - 8 x1 - 1, D3 = 4 x1 x2 - a. Its fully mixed
equilibrium solves a quadratic (probabilities with square roots of expressions in a
and b), and b^2 = 2 is a boundary whose points all have b = sqrt(2): cells there, and
points where it crosses other boundaries, have no rational point. a ranges over
[1/2, 4]: on a = 0 the map is wrong (the last test, expected to fail).

- At every cell's rational sample, a 9 x 9 grid, rational points on every boundary
  and their rational crossings: the formulas the JSON shows for the cell holding the
  point (found by the JSON's own conditions), evaluated exactly at the point, are the
  equilibria of a direct solve there (`games.solve`), probabilities and payoffs.
- At the cells whose points are all irrational (their exact samples from the JSON):
  the equilibria the JSON states there by formulas, evaluated at the algebraic
  point, are exact equilibria (sympy), and a 60-digit brute force written in
  tests/test_region_nplayer finds every isolated equilibrium among them (the same
  ones when the cell has no continuum, whose extreme points have no formula)."""
from __future__ import annotations

import itertools
import json
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import mpmath
import pytest
import sympy

from games.scenario import parse_scenario
from games.sensitivity.regions import regions
from games.sensitivity.thresholds import baseline
from games.solve import solve
from tests.test_region_nplayer import (CLOSE, DPS, TEMPLATE, brute_force_2x2x2,
                                       exact_equilibrium, payoffs_at)
from tests.test_regions import _compile, _grid, _holds, boundary_points

ROOT = Path(__file__).resolve().parent.parent

# each gain at the corners: (x_j, x_k) = (1, 1), (1, 0), (0, 1), (0, 0), j < k the others
D1 = {(1, 1): "b*b - 2", (1, 0): "b*b + 2", (0, 1): "b*b - 6", (0, 0): "b*b - 2"}
D2 = {(1, 1): "-1", (1, 0): "-9", (0, 1): "7", (0, 0): "-1"}
D3 = {(1, 1): "4 - a", (1, 0): "-a", (0, 1): "-a", (0, 0): "-a"}


def gain_scenario(d1: dict, d2: dict, d3: dict) -> str:
    """A 2x2x2 game as a scenario: a player's second strategy pays 0, its first the gain
    `d_i` given the others' first-strategy indicators."""
    rows = []
    for i, j, k in itertools.product(range(2), repeat=3):
        x1, x2, x3 = 1 - i, 1 - j, 1 - k
        pays = (d1[x2, x3] if i == 0 else "0", d2[x1, x3] if j == 0 else "0",
                d3[x1, x2] if k == 0 else "0")
        rows.append(f"  s0{i}, s1{j}, s2{k}: [{', '.join(pays)}]")
    players = "\n".join(f"  P{n + 1}: {{strategies: [s{n}0, s{n}1]}}" for n in range(3))
    return TEMPLATE.format(players=players, rows="\n".join(rows))


def scenario_text() -> str:
    """The game as a scenario."""
    return gain_scenario(D1, D2, D3).replace(
        "a: {value: 1, range: [0, 4]}", "a: {value: 1, range: [1/2, 4]}")


A, B = sympy.symbols("a b")


def _sym(text: str) -> sympy.Expr:
    """A string of the JSON (sympy syntax: program output, not scenario input)."""
    return sympy.sympify(text, locals={"a": A, "b": B, "sqrt": sympy.sqrt})


def _at(text: str, a, b) -> sympy.Expr:
    return sympy.nsimplify(0) + _sym(text).subs({A: sympy.sympify(a), B: sympy.sympify(b)})


def _equal(x: sympy.Expr, y: sympy.Expr) -> bool:
    """Exact equality of two real algebraic numbers: far apart at 60 digits, or their
    difference simplifies to 0."""
    if x.is_Rational and y.is_Rational:
        return x == y
    if abs(sympy.N(x - y, DPS)) > CLOSE:
        return False
    return sympy.simplify(x - y) == 0


def _listed(doc_region: dict, k: int) -> list:
    """The equilibria the JSON shows for the region's k-th cell."""
    if "pieces" in doc_region:
        return doc_region["pieces"][doc_region["cells"][k]["piece"]]["equilibria"]
    return doc_region["equilibria"]


def _profiles(listed: list, players, a, b, strict: bool = True) -> list:
    """The shown equilibria at the point: per equilibrium, its probabilities and payoffs
    (formulas evaluated there). An extreme point of a continuum has no formula (on
    b = sqrt(2) player 1 is indifferent when the others play their first
    strategies): with `strict`, an error; otherwise left out."""
    out = []
    for e in listed:
        if e.get("formula") is False:
            assert not strict, e
            continue
        probs = [_at(e["strategies"][p.name].get(s.name, "0"), a, b)
                 for p in players for s in p.strategies]
        pays = [_at(e["payoffs"][p.name], a, b) for p in players]
        out.append(probs + pays)
    return out


def _same_sets(xs: list, ys: list) -> bool:
    left = list(ys)
    for x in xs:
        hit = next((y for y in left if all(_equal(p, q) for p, q in zip(x, y))), None)
        if hit is None:
            return False
        left.remove(hit)
    return not left


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    """The map by the CLI (JSON) and by the API, and the scenario."""
    text = scenario_text()
    path = tmp_path_factory.mktemp("three") / "three.yaml"
    path.write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "cli.main", str(path), "--regions", "a", "b",
                          "--format", "json"], capture_output=True, text=True, cwd=ROOT,
                         check=False)
    assert run.returncode == 0, run.stderr
    sc = parse_scenario(text)
    rm = regions(sc, ("a", "b"), solver=solve)
    return sc, rm, json.loads(run.stdout)["regions"]


def test_cli_and_api_give_the_same_complete_map(maps):
    sc, rm, doc = maps
    assert doc == json.loads(json.dumps(rm.to_dict(sc.game())))
    assert rm.complete and "b**2 - 2" in doc["boundaries"]
    assert all(reg["structure"] is not None for reg in doc["regions"])
    irrational = [c for reg in doc["regions"] for c in reg["cells"]
                  if not all(_sym(v).is_Rational for v in c["sample"].values())]
    assert len(irrational) >= 3          # on b = sqrt(2), and where it meets other curves
    roots = [f for reg in doc["regions"] for e in reg["equilibria"] or []
             for f in e["strategies"]["P1"].values() if "sqrt" in f]
    assert roots                         # the fully mixed equilibrium: square roots


def test_rational_points_equal_direct_solves(maps):
    sc, rm, doc = maps
    base = baseline(sc)
    players = sc.game().players
    cells = [(reg, k, _compile(rm, c)) for reg in doc["regions"]
             for k, c in enumerate(reg["cells"])]
    samples = [tuple(_sym(c["sample"][n]) for n in ("a", "b")) for reg in doc["regions"]
               for c in reg["cells"]]
    points = [(F(int(x.p), int(x.q)), F(int(y.p), int(y.q))) for x, y in samples
              if x.is_Rational and y.is_Rational]
    points += [(x, y) for x in _grid(F(1, 2), F(4), 9) for y in _grid(F(0), F(4), 9)]
    points += boundary_points(rm, 7)
    points = list(dict.fromkeys(points))
    assert len(points) > 90
    mixed = continua = 0
    for a, b in points:
        hits = [(reg, k) for reg, k, conds in cells if _holds(conds, a, b)]
        assert len(hits) == 1, (a, b)
        listed = _listed(*hits[0])
        shown = _profiles(listed, players, a, b, strict=False)
        direct = solve(sc.game({**base, "a": a, "b": b}, check_range=False))
        got = [[sympy.sympify(x) for row in e.profile for x in row] +
               [sympy.sympify(x) for x in e.payoffs] for e in direct]
        if len(shown) == len(listed):
            assert _same_sets(shown, got), (a, b, hits[0][0]["label"])
        else:       # a continuum's extreme points without formulas: the rest among them,
            # and the supports the same (the JSON lists the strategies played)
            assert all(any(_same_sets([x], [y]) for y in got) for x in shown), (a, b)
            supports = sorted(sorted((p, sorted(st)) for p, st in e["strategies"].items())
                              for e in listed)
            assert supports == sorted(sorted((p.name, [s.name for s, x in zip(p.strategies, row)
                                                        if x != 0])
                                             for p, row in zip(players, e.profile))
                                      for e in direct), (a, b)
            continua += 1
        mixed += any(not x.is_Rational for e in got for x in e)
    assert mixed > 20                    # many points with irrational equilibria
    assert continua < len(points) // 4


def test_irrational_cells_pass_independent_checks(maps):
    sc, rm, doc = maps
    players = sc.game().players
    checked = 0
    for reg in doc["regions"]:
        for k, c in enumerate(reg["cells"]):
            a, b = (_sym(c["sample"][n]) for n in ("a", "b"))
            if a.is_Rational and b.is_Rational:
                continue
            listed = _listed(reg, k)
            shown = _profiles(listed, players, a, b, strict=False)
            for vals in shown:
                profile = [vals[0:2], vals[2:4], vals[4:6]]
                assert exact_equilibrium(sc, a, b, profile), (a, b, profile)
            mpmath.mp.dps = DPS
            found = brute_force_2x2x2(payoffs_at(sc, a, b))
            stated = [tuple(mpmath.mpf(sympy.N(v[2 * n], DPS)) for n in range(3))
                      for v in shown]
            # the brute force leaves out degenerate supports (a continuum's extreme
            # points, stated without formulas): with none, the same count
            assert len(found) == len(stated) or len(shown) < len(listed), (a, b)
            for x in found:
                assert any(all(abs(p - q) < CLOSE for p, q in zip(x, y)) for y in stated)
            checked += 1
    assert checked >= 3


@pytest.fixture(scope="module")
def edge_map():
    sc = parse_scenario(scenario_text().replace("range: [1/2, 4]", "range: [0, 4]"))
    return sc, regions(sc, ("a", "b"), solver=solve)


def test_the_edge_a_equals_0_where_a_boundary_touches_zero_without_changing_sign(edge_map):
    """With a over [0, 4], the boundary 64a + (2b^2 - 5)^2 touches 0 on the edge a = 0
    at b = sqrt(5/2) without changing sign: the edge's pieces below and above that
    point have one sign vector, but the continuum of player 3's indifference there
    has other extreme points above it. The map tells the pieces apart by where they
    lie: at points of both pieces (rational and irrational ones) the region's
    structure is a direct solve's, and the map is complete."""
    from games.sensitivity.thresholds import structure
    sc, rm = edge_map
    assert rm.complete, rm.notes
    assert not [n for n in rm.notes if "separate pieces" in n]
    below, above = rm.cell_at(F(0), F(3, 2)), rm.cell_at(F(0), F(2))
    assert below != above and rm.cells[below].signs == rm.cells[above].signs
    for b in (F(1, 10), F(1), F(3, 2), F(3, 2) + F(1, 10**6), F(16, 10), F(2), F(3), F(4)):
        direct = solve(sc.game({**baseline(sc), "a": F(0), "b": b}, check_range=False))
        assert rm.region_at(F(0), b).structure == structure(direct), b
    # an irrational point of each piece (located exactly, not by signs): the region
    # of the rational points just beside it (no boundary passes within 1e-6)
    for b, near in (((1 + sympy.sqrt(2)) / 2, F(1207107, 10**6)),
                    (sympy.sqrt(3), F(1732050, 10**6))):
        assert rm.region_at(F(0), b) is rm.region_at(F(0), near)
        assert rm.region_at(F(0), b) is rm.region_at(F(0), near + F(1, 10**6))


def test_the_edge_pieces_have_their_own_areas_and_formulas(edge_map):
    """The separate piece is a cell of its own: its region is not its sign class's
    other piece's, the connected areas keep them apart, and the region's
    formulas give a direct solve's equilibria on the edge where it has formulas for
    all of them (the piece at (0, 2) holds a continuum: no formulas there)."""
    sc, rm = edge_map
    below, above = rm.cell_at(F(0), F(3, 2)), rm.cell_at(F(0), F(2))
    assert rm.cells[below].region != rm.cells[above].region
    assert rm.area_at(F(0), F(3, 2)) != rm.area_at(F(0), F(2))
    checked = 0
    for b in (F(3, 2), F(2), F(5, 2), F(3), F(7, 2)):
        got = rm.equilibria_at(F(0), b)
        if got is None:
            continue
        direct = solve(sc.game({**baseline(sc), "a": F(0), "b": b}, check_range=False))
        assert sorted(e.profile for e in got) == sorted(e.profile for e in direct.equilibria)
        checked += 1
    assert checked >= 1
