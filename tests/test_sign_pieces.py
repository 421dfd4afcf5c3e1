"""One sign vector in separate pieces with different equilibria (three players): Monte
Carlo, a 1-D sweep and the robustness search must not give a point of one piece the
solve of another.

The game is tests/test_region_split_open.py's 2x2x2 one: its fully mixed equilibria
have x1 = x2 = s, x3 = 2s - 1/2 with s^2 - a s + b = 0 and s in (1/4, 3/4), so at
(a, b) their number is the number of roots of that quadratic in (1/4, 3/4), counted
here by Sturm's theorem (sympy), not by the code under test. One sign vector of every
critical polynomial holds where both roots lie inside (two such equilibria) and where
both lie above 3/4 (none)."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import sympy

from games.scenario import parse_scenario
from games.sensitivity.montecarlo import draw, monte_carlo
from games.sensitivity.robust_contacts import Geometry
from games.sensitivity.robust_exact import search
from games.sensitivity.segments import one_piece, terms_of
from games.sensitivity.sweep import sweep
from games.solve import solve
from tests.test_region_split_open import D1, INSIDE, ABOVE, BELOW, scenario_text
from tests.test_region_three_players import gain_scenario

FULL = ((0, 1), (0, 1), (0, 1))
S = sympy.Symbol("s")


def mixed(a: F, b: F) -> int:
    """The number of fully mixed equilibria at (a, b): roots of s^2 - a s + b in
    [1/4, 3/4] (the test's points avoid the ends)."""
    q = sympy.Poly(S ** 2 - sympy.Rational(a) * S + sympy.Rational(b), S)
    return q.count_roots(sympy.Rational(1, 4), sympy.Rational(3, 4))


def test_segments_tell_the_pieces_apart():
    """The premise of the grouping: a segment inside the sign vector joins two points
    of one area, none joins the three areas."""
    a, b = sympy.symbols("a b")
    polys = [12 * a - 16 * b - 9, 4 * a - 16 * b - 1, a - 2 * b, a ** 2 - 4 * b]
    terms = [terms_of(p, (a, b)) for p in polys]
    assert one_piece(terms, INSIDE, (F(101, 100), F(6, 25)))
    assert not one_piece(terms, INSIDE, ABOVE)
    assert not one_piece(terms, INSIDE, BELOW)
    assert not one_piece(terms, ABOVE, BELOW)


def test_monte_carlo_in_three_parameters():
    """With a third ranged parameter (which no payoff uses) the draws are grouped by
    sign class; the number of draws with a fully mixed equilibrium is the count of
    draws whose quadratic has a root in (1/4, 3/4). Solving one draw per sign vector
    gave this seed 32 instead of 31."""
    text = scenario_text().replace(
        "a: {value: 1, range: [0, 2]}", "a: {value: 1, range: [3/4, 2]}").replace(
        "b: {value: 1/2, range: [0, 1]}",
        "b: {value: 1/2, range: [1/8, 7/8]}\n  c: {value: 0, range: [0, 1]}")
    scn = parse_scenario(text)
    n, seed = 100, 1
    got = monte_carlo(scn, n, seed=seed, solver=solve)
    rng = np.random.default_rng(seed)
    fa, fb, _ = (draw(scn.parameters[k], n, rng) for k in ("a", "b", "c"))
    want = sum(1 for x, y in zip(fa, fb) if mixed(F(float(x)), F(float(y))) > 0)
    assert 0 < want < n
    assert next((o.count for o in got.outcomes if o.support == FULL), 0) == want


def test_sweep_along_a_line_through_two_areas():
    """A 1-D sweep of t along the segment from a point above 3/4 (t = 0) to one with
    both roots inside (t = 1): a and b linear in t. Every grid point has as many fully
    mixed equilibria as Sturm's count; t = 0 and t = 1 share their sign vector, and
    carrying t = 0's solve to t = 1 lost two equilibria."""
    a, b = "(9/5 - 4*t/5)", "(161/200 - 113*t/200)"
    d3 = {(1, 1): f"{b} - {a} + 1", (1, 0): f"{b} - {a}/2", (0, 1): f"{b} - {a}/2",
          (0, 0): b}
    text = gain_scenario(D1, D1, d3).replace(
        "  a: {value: 1, range: [0, 4]}\n  b: {value: 1, range: [0, 4]}",
        "  t: {value: 0, range: [0, 1]}")
    result = sweep(parse_scenario(text), ["t"], steps=11, solver=solve)
    counts = []
    for p in result.points:
        t = p.values["t"]
        counts.append(sum(1 for e in p.equilibria if e.support == FULL))
        assert counts[-1] == mixed(F(9, 5) - F(4, 5) * t, F(161, 200) - F(113, 200) * t), t
    assert counts[0] == 0 and counts[-1] == 2


def test_robustness_search_solves_each_piece():
    """The search on one boundary x^2 = 1 whose sign class x^2 > 1 has two pieces with
    different structures (a stand-in solver: 'B' right of x = 1, 'A' elsewhere, constant
    on every connected piece of every sign class, as equilibria are). From x0 = -3/2 in
    the box [-2, 2] x [-1, 1] the first change is at x = 1: radius (1 + 3/2) / 4 = 5/8.
    Sharing one solve per sign vector found no change at all."""
    x, y = sympy.symbols("x y")
    geom = Geometry((F(-3, 2), F(0)), (F(4), F(2)), ((F(-2), F(2)), (F(-1), F(1))))

    def solve_at(p):
        return "B" if p[0] > 1 else "A"

    got = search(geom, [x ** 2 - 1], [x, y], "A", solve_at, lambda i, cap: F(0),
                 by_piece=True)
    assert got.radius == F(5, 8) and got.exact
    assert got.beyond is not None and solve_at(got.beyond) == "B"


def test_incomplete_map_leaves_monte_carlo_to_the_pieces(monkeypatch):
    """A map of the game whose separate areas were not computed (TooLarge) solved one
    area per sign class; Monte Carlo in its two parameters then groups the draws by
    piece instead of reading them off that map (here a map keeping the outer areas'
    answer everywhere, as such a map would). Draws over the middle area and the area
    above count as Sturm's count says."""
    from dataclasses import replace

    from games.sensitivity import regions as module
    text = scenario_text().replace(
        "a: {value: 1, range: [0, 2]}", "a: {value: 1, range: [3/4, 2]}").replace(
        "b: {value: 1/2, range: [0, 1]}", "b: {value: 1/2, range: [1/8, 7/8]}")
    scn = parse_scenario(text)
    real = module.region_map_or_none

    def incomplete(*args, **kwargs):
        rm = real(*args, **kwargs)
        outer = rm.cells[rm.cell_at(*ABOVE)].region
        cells = tuple(replace(c, region=outer) if c.region == rm.cells[
            rm.cell_at(*INSIDE)].region else c for c in rm.cells)
        return replace(rm, cells=cells, complete=False,
                       notes=("the regions' connected areas were not computed",))

    monkeypatch.setattr(module, "region_map_or_none", incomplete)
    n, seed = 100, 1
    got = monte_carlo(scn, n, seed=seed, solver=solve)
    rng = np.random.default_rng(seed)
    fa, fb = (draw(scn.parameters[k], n, rng) for k in ("a", "b"))
    want = sum(1 for x, y in zip(fa, fb) if mixed(F(float(x)), F(float(y))) > 0)
    assert 0 < want < n
    assert next((o.count for o in got.outcomes if o.support == FULL), 0) == want


def test_irrational_points_joined_exactly():
    """Two points with y = sqrt(7)/2 and x = -1/2, 1/2 (a rational shift): the
    horizontal segment between them stays on y^2 = 7/4 and keeps x^2 + y^2 - 1 > 0
    (at least 3/4 on it), but leaves the circle x^2 + y^2 = 2 it starts and ends on
    (1.75 at its middle) and changes the sign of x^2 + y^2 - 9/5 twice."""
    from games.sensitivity.robust_contacts import boundaries
    from games.sensitivity.robust_exact import _joined
    x, y = sympy.symbols("x y")
    r = sympy.sqrt(7) / 2
    p, q = (F(-1, 2), r), (F(1, 2), r)

    def joined(*polys):
        return _joined(boundaries(list(polys), [x, y]), [x, y], p, q)

    assert joined(y ** 2 - F(7, 4), x ** 2 + y ** 2 - 1)
    assert not joined(x ** 2 + y ** 2 - 2)
    assert not joined(x ** 2 + y ** 2 - F(9, 5))
    assert not _joined(boundaries([y ** 2 - F(7, 4)], [x, y]), [x, y], p, (F(1, 2), -r))


def test_searches_inside_a_field_solve_are_counted():
    """An integer-relation search inside a solve in a number field counts (d + 1)^2
    steps and runs at most PSLQ_ITERATIONS iterations; one that would pass the limit
    is not started, and the solve gives no answer with the work spent. Outside a
    robustness search nothing is counted."""
    import pytest

    from games.sensitivity.robust_exact import _counted
    from games.sensitivity.robust_work import (PSLQ_ITERATIONS, Work, WorkSpent,
                                               charge_search, counting)
    assert charge_search(13, 20_000) == 20_000
    work = Work(300)
    with counting(work):
        assert charge_search(13, 20_000) == PSLQ_ITERATIONS
        assert work.done == 196
        with pytest.raises(WorkSpent):
            charge_search(13, 20_000)
    assert work.done == 196

    def two_searches(point):
        charge_search(3, 20_000)
        charge_search(13, 20_000)
        return "solved"

    work = Work(400)
    assert _counted(two_searches, work, 100)((F(1),)) == "solved"
    assert work.done == 100 + 16 + 196
    assert _counted(two_searches, work, 50)((F(1),)) is None
    assert work.spent()
