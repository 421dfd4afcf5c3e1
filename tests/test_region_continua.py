"""Regions whose equilibria include continua: every extreme point as a formula in both
parameters (region_vertices.py), checked against a direct solve (`games.solve` of the
game at the point) at random exact points, exactly on boundaries and at crossings:
the same extreme equilibria and the same components (each as the set of its extreme
points, and its convex pieces); the set of extreme points, continua's included, also
against Gambit's enummixed (exact, independent of this program). And the 300 x 300 sweep of the benchmark's
parametric 5x5, drawn from its regions without a single solve, against direct solves
on a sub-grid."""
from __future__ import annotations

import random
from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from games.scenario import parse_scenario
from games.sensitivity.region_grid import drawn_set, region_sweep
from games.sensitivity.region_map import continua_of
from games.sensitivity.regions import regions
from games.sensitivity.thresholds import baseline
from games.solve import solve
from tests.test_region_grid import parametric_game
from tests.test_regions import (_grid, _supports, boundary_points, gambit_extreme,
                                make_scenario)


def _extremes(eqs) -> list:
    return sorted((tuple(tuple(r) for r in e.profile), tuple(e.payoffs)) for e in eqs)


def _stated(rm, r, a, b) -> list:
    """The continua a region states for the point's cell (its JSON's components and
    convex pieces of the cell's piece of formulas, as indices into its equilibria),
    with the formulas evaluated at the point: each as (its extreme points, each
    piece's extreme points)."""
    eqs = rm.equilibria_in(r, a, b)
    piece = rm.regions[r].all_pieces()[rm.cells[rm.cell_at(a, b)].piece]
    out = []
    for members, pieces in continua_of(piece):      # the JSON's, as it is
        out.append((tuple(sorted(tuple(eqs[m].profile) for m in members)),
                    tuple(sorted(tuple(sorted(tuple(eqs[m].profile) for m in p))
                                 for p in pieces))))
    return sorted(out)


def _components(eqs, continua: bool = False) -> list:
    """Each component as (its extreme points, its convex pieces as sets of extreme
    strategies of each player), independent of the listing order; `continua`: only
    components of several points, each piece as its extreme points (the pairs of
    its extreme strategies)."""
    from games.solvers.bimatrix import extreme_strategies
    firsts, seconds = extreme_strategies(eqs.equilibria)
    out = []
    for c in eqs.components:
        if continua:
            if len(c.members) > 1:
                out.append((tuple(sorted(tuple(eqs.equilibria[m].profile) for m in c.members)),
                            tuple(sorted(tuple(sorted((firsts[i], seconds[j])
                                                      for i in xs for j in ys))
                                         for xs, ys in c.convex_sets))))
            continue
        members = tuple(sorted(tuple(eqs.equilibria[m].profile) for m in c.members))
        pieces = tuple(sorted((tuple(sorted(firsts[i] for i in xs)),
                               tuple(sorted(seconds[j] for j in ys)))
                              for xs, ys in c.convex_sets))
        out.append((members, pieces))
    return sorted(out)


def _compare(scenario, rm, points) -> tuple[int, int, int]:
    """(points compared, mismatches, points where the region gave no formulas: there
    its supports, with their counts, are compared with Gambit's extreme points')."""
    base = baseline(scenario)
    bad = missing = 0
    for a, b in points:
        r = rm.cells[rm.cell_at(a, b)].region
        game = scenario.game({**base, rm.parameters[0]: a, rm.parameters[1]: b},
                             check_range=False)
        if rm.equilibria_in(r, a, b) is None:   # no formulas: the supports, counted
            missing += 1
            bad += rm.regions[r].structure != _supports(gambit_extreme(game))
            continue
        got = drawn_set(rm, r, a, b)
        direct = solve(game)
        bad += (_extremes(got) != _extremes(direct) or
                {p for p, _ in _extremes(got)} != gambit_extreme(game) or
                _components(got) != _components(direct) or
                _stated(rm, r, a, b) != _components(direct, continua=True))
    return len(points), bad, missing


@pytest.fixture(scope="module")
def five():
    scenario = parse_scenario(parametric_game(5, 5))
    return scenario, regions(scenario, ("a", "b"), solver=solve)


def test_every_region_of_the_5x5_has_formulas_for_its_continua(five):
    _, rm = five
    doc = rm.to_dict()["regions"]
    assert [r["components"] for r in doc] == [[list(m) for m, _ in continua_of(reg)]
                                              for reg in rm.regions]
    assert sum(1 for r in doc if r["components"]) == 13
    continua = [reg for reg in rm.regions if reg.equilibria is not None and
                any(len(c.members) > 1 for c in reg.equilibria.components)]
    assert len(continua) == 13          # of 21 regions: segments of equilibria
    for reg in rm.regions:
        assert all(f is not None for f in reg.formulas), reg.label
    # every extreme point of a 2-player region is stated as its vertex pair, with
    # the sign conditions that keep its labels (none for a pure profile of
    # constant payoffs)
    assert all("conditions" in f for reg in rm.regions for f in reg.formulas)
    assert sum(bool(f["conditions"]) for reg in continua for f in reg.formulas) > 40


def test_5x5_formulas_equal_direct_solves_at_random_points_boundaries_and_crossings(five):
    scenario, rm = five
    rnd = random.Random(12)
    points = [(F(rnd.randint(0, 400), 100), F(rnd.randint(0, 400), 100)) for _ in range(60)]
    on_curves = boundary_points(rm, 7)
    assert len(on_curves) > 20
    checked, bad, missing = _compare(scenario, rm, points + on_curves)
    assert bad == 0
    # the curve regions' extreme points tie only on their curves: formulas there too
    assert missing == 0, f"{missing} of {checked} points without formulas"


def test_5x5_sweep_of_300_drawn_without_solving_equals_direct_solves(five):
    scenario, rm = five
    base = baseline(scenario)
    asked: list = []
    sw = region_sweep(rm, 300, lambda pts: asked.extend(pts) or [],
                      lambda p: scenario.game({**base, **p}, check_range=False))
    assert asked == [] and len(sw.points) == 300 * 300
    grid = sw.label_grid()
    for i in range(0, 300, 23):
        for j in range(7, 300, 23):
            p = sw.points[i * 300 + j]
            game = scenario.game({**base, **p.values}, check_range=False)
            direct = solve(game)
            assert _extremes(p.equilibria) == _extremes(direct), p.values
            # every extreme point, continua's included, is Gambit's (independent)
            assert {e for e, _ in _extremes(p.equilibria)} == gambit_extreme(game)
            assert _components(p.equilibria) == _components(direct), p.values
            assert sw.structure_label(int(grid[i, j])) == sw.structure_label(
                sw.structures.index(_structure(direct)))
            # the continua as sets: the same pieces as the direct solve states them
            assert [c.detail for c in p.equilibria.components if len(c.members) > 1] == \
                [c.detail for c in direct.components if len(c.members) > 1]


def _structure(eqs):
    from games.sensitivity.thresholds import structure
    return structure(eqs)


# ------------------------------------------------------- generated games with ties

tie = st.integers(0, 2)
moving = st.tuples(st.integers(-2, 2), st.sampled_from(["", "a", "b"]))


def _with_ties(pays: list, m: int, n: int) -> str:
    """A 2-player m x n scenario whose payoffs are small (many ties: continua on whole
    areas), some moving with a or b."""
    rows = []
    for k, (c, p) in enumerate(pays):
        i, j = divmod(k // 2, n)
        if k % 2 == 0:
            rows.append(f"  r{i}, c{j}: [")
        rows[-1] += (f"{c} + {p}" if p else str(c)) + (", " if k % 2 == 0 else "]")
    return (f"scenario: ties\nparameters:\n  a: {{value: 1, range: [0, 4]}}\n"
            f"  b: {{value: 2, range: [0, 4]}}\n"
            f"players:\n  P1: {{strategies: [{', '.join(f'r{i}' for i in range(m))}]}}\n"
            f"  P2: {{strategies: [{', '.join(f'c{j}' for j in range(n))}]}}\n"
            "payoffs:\n" + "\n".join(rows) + "\n")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.tuples(tie, st.just("")), moving), min_size=18, max_size=18))
def test_generated_3x3_with_ties(pays):
    scenario = parse_scenario(_with_ties(pays, 3, 3))
    rm = regions(scenario, ("a", "b"), solver=solve)
    pts = [(a, b) for a in _grid(F(0), F(4), 5) for b in _grid(F(0), F(4), 5)]
    pts += [(F(1, 3), F(7, 5)), (F(13, 4), F(2, 9))]
    pts += boundary_points(rm, 4)
    _, bad, _ = _compare(scenario, rm, pts)
    assert bad == 0


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(-2, 2), st.integers(-1, 1), st.integers(-1, 1),
                          st.just(0)), min_size=12, max_size=12))
def test_generated_2x3_with_a_tied_column(coeffs):
    """Player 2's payoffs in columns c1 and c2 are equal: a segment of equilibria
    wherever player 1's best reply makes both best replies, with moving ends."""
    coeffs = list(coeffs)
    for i in range(2):
        coeffs[2 * (3 * i + 2) + 1] = coeffs[2 * (3 * i + 1) + 1]
    scenario = make_scenario(coeffs, 2, 3)
    rm = regions(scenario, ("a", "b"), solver=solve)
    pts = [(a, b) for a in _grid(F(0), F(4), 6) for b in _grid(F(0), F(4), 6)]
    pts += boundary_points(rm, 4)
    _, bad, _ = _compare(scenario, rm, pts)
    assert bad == 0


def test_two_isolated_equilibria_joined_on_a_curve_the_map_left_out():
    """Found by the generated test above: two extreme equilibria of region F, apart at
    its sample, share player 1's strategy along a curve: there they form a segment.
    The vertex conditions of the region's area formulas fail on that curve, so its
    cells there have formulas of their own (pieces built on the curve and at its
    point, region_pieces.py), and every point agrees with a direct solve."""
    pays = [(-2, "b"), (0, ""), (0, ""), (2, ""), (0, "a"), (1, ""), (0, ""), (1, "b"),
            (-1, "b"), (0, ""), (0, "a"), (-1, "b"), (1, ""), (-2, ""), (2, ""), (2, ""),
            (1, ""), (-1, "a")]
    scenario = parse_scenario(_with_ties(pays, 3, 3))
    rm = regions(scenario, ("a", "b"), solver=solve)
    joined = [(F(17, 7), F(4, 3)), (F(5, 3), F(2))]
    for a, b in joined:
        cell = rm.cells[rm.cell_at(a, b)]
        area = rm.regions[cell.region].all_pieces()[0]
        assert cell.piece != 0 and any(f.sign(a, b) != want for f, want in
                                       rm.conditions(cell.region, 0)), (a, b)
        assert rm.equilibria_at(a, b) is not None and area.cells != (rm.cell_at(a, b),)
    _, bad, _ = _compare(scenario, rm, joined + [(F(7, 4), F(25, 13)), (F(3), F(1, 2))])
    assert bad == 0


def test_the_5x5_sweep_of_300_is_drawn_from_its_capped_map_and_printed_as_letters():
    """`sweep` itself: the map is incomplete only because its support enumeration was
    capped, so the sweep is drawn from it (the solver runs only for the map's sign
    classes, never per grid point) and says so; the text report prints the 300
    columns as lines of letters."""
    from cli.render.document import Text
    from cli.render.sensitivity import sweep_section
    from games.sensitivity.sweep import sweep
    scenario = parse_scenario(parametric_game(5, 5))
    calls = [0]

    def counted(game):
        calls[0] += 1
        return solve(game)
    sw = sweep(scenario, ["a", "b"], 300, solver=counted)
    assert calls[0] < 400 and len(sw.points) == 90_000      # the map's classes only
    assert not sw.complete and any("support profiles" in n for n in sw.notes)
    game = scenario.game()
    blocks = [b for b in sweep_section(game, sw).blocks if isinstance(b, Text)
              and b.style == "pre"]
    assert len(blocks) == 5                                 # 300 columns, 64 a group
    rows = blocks[0].text.splitlines()[1:]
    assert len(rows) == 300 and all(len(r.split("|")[1]) == 64 for r in rows)
    grid = sw.label_grid()
    assert rows[0].split("|")[1] == "".join(chr(65 + k) for k in grid[0, :64])
