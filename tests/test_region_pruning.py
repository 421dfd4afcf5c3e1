"""Region maps built from the curves that can change the equilibrium set only
(plane_screen.needed_polys), with signs from certified floats (plane_float.py):
checked against direct solves of the game at exact points (cell samples, random
rationals, points on every boundary and at crossings) and against exact signs."""
from __future__ import annotations

import random
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.scenario import parse_scenario
from games.sensitivity.plane_float import UNSURE, BatchSigns
from games.sensitivity.plane_polys import _Poly
from games.sensitivity.regions import regions
from games.sensitivity.symbolic import make_symbols, symbolic_payoffs
from games.sensitivity.thresholds import baseline
from games.solve import solve
from tests.test_region_grid import parametric_game
from tests.test_regions import boundary_points, check_points


def _random_points(rm, n: int, seed: int) -> list[tuple[F, F]]:
    """Random exact points of the box (denominators up to 97)."""
    rnd = random.Random(seed)
    (a0, a1), (b0, b1) = rm.box
    out = []
    for _ in range(n):
        da, db = rnd.randint(1, 97), rnd.randint(1, 97)
        out.append((a0 + (a1 - a0) * F(rnd.randint(0, da), da),
                    b0 + (b1 - b0) * F(rnd.randint(0, db), db)))
    return out


@pytest.mark.slow      # about 30 s: the map without a work limit, then 170 direct solves
def test_parametric_4x4_map_against_direct_solves():
    """The parametric 4x4 game of the benchmark (31 of its 73 curves of possible
    profiles are needed): every rational cell sample, 40 random exact points and
    points on every boundary and at their crossings give the direct solve's
    equilibria, each point in exactly one cell."""
    scenario = parse_scenario(parametric_game(4, 4))
    names = ("a", "b")
    rm = regions(scenario, names, solver=solve, max_seconds=None, max_work=None)
    pts = [c.sample for c in rm.cells
           if isinstance(c.sample[0], F) and isinstance(c.sample[1], F)]
    pts += _random_points(rm, 40, 1)
    pts += boundary_points(rm, 3)
    # just right of a = (1 + sqrt(8)) / 2, where a condition of profile
    # ((0, 1, 3), (0, 2, 3)) starts to hold: the vertical line through an
    # irrational root must count among the places the profile can reach
    pts += [(F(27, 14), F(k, 4)) for k in range(17)]
    checked, bad = check_points(scenario, names, rm, pts)
    assert bad == 0, f"{bad} of {checked} points disagree"
    assert checked > 100


@pytest.mark.slow      # about 30 s: the map, then direct solves
def test_parametric_5x5_map_completes_and_agrees_with_direct_solves(monkeypatch):
    """The parametric 5x5 game (232 curves of possible profiles, 14 of them needed)
    now has an exact map within the default work limit: its cell samples, 40 random
    exact points and points on every boundary and crossing give the direct solve's
    equilibria; Monte Carlo draws looked up in it have the direct solve's
    supports."""
    import numpy as np

    from games.sensitivity import regions as module
    from games.sensitivity.region_montecarlo import region_draws
    scenario = parse_scenario(parametric_game(5, 5))
    names = ("a", "b")
    base = baseline(scenario)
    rm = regions(scenario, names, solver=solve, max_seconds=None)
    pts = [c.sample for c in rm.cells
           if isinstance(c.sample[0], F) and isinstance(c.sample[1], F)]
    pts += _random_points(rm, 40, 5) + boundary_points(rm, 3)
    checked, bad = check_points(scenario, names, rm, pts)
    assert bad == 0, f"{bad} of {checked} points disagree"
    assert len(rm.regions) > 1 and checked > 60
    monkeypatch.setattr(module, "region_map_or_none", lambda *a, **k: rm)
    rnd = np.random.default_rng(3)
    fa, fb = rnd.uniform(0, 4, 40), rnd.uniform(0, 4, 40)
    got = region_draws(scenario, names, base, (fa, fb), solve)
    assert got is not None and got.classified == 40
    for sups, idx in got.groups:
        for k in idx.tolist():
            direct = solve(scenario.game({**base, "a": F(float(fa[k])), "b": F(float(fb[k]))},
                                         check_range=False))
            assert sups == frozenset(e.support for e in direct)


def test_pruned_maps_equal_maps_by_every_curve():
    """Maps by the needed curves only and maps by every curve of the possible
    profiles (regions._regions_map(prune=False), the decomposition before this
    shortcut) give the same structure at every point of a 31 x 31 exact grid, and
    the pruned decomposition has fewer curves."""
    from games.sensitivity import regions as module
    from games.sensitivity.region_grid import cells_of
    for seed in (7, 11):
        scenario = parse_scenario(parametric_game(3, 3, seed))
        pruned = regions(scenario, ("a", "b"), solver=solve, max_seconds=None, max_work=None)
        full = module._regions_map(scenario, ("a", "b"), None, solve, None, prune=False)
        pts = [(F(i, 30) * 4, F(j, 30) * 4) for i in range(31) for j in range(31)]
        a, b = [p[0] for p in pts], [p[1] for p in pts]
        got = [pruned.regions[pruned.cells[k].region].structure for k in cells_of(pruned, a, b)]
        want = [full.regions[full.cells[k].region].structure for k in cells_of(full, a, b)]
        assert got == want, f"seed {seed}"
    base = baseline(scenario)
    syms = make_symbols(["a", "b"])
    U = symbolic_payoffs(scenario, ["a", "b"], base, syms)
    box = (scenario.parameters["a"].range, scenario.parameters["b"].range)
    needed, guards, *_ = module._critical_polys(scenario, ("a", "b"), base, U, box, syms, [])
    every, none, *_ = module._critical_polys(scenario, ("a", "b"), base, U, box, syms, [],
                                             prune=False)
    assert not none and len(needed) < len(every)
    assert {str(p) for p in every} <= {str(p) for p in needed + guards}


def test_parametric_3x3_pruned_map_against_direct_solves():
    """Several 3x3 games of the generator (other seeds): cell samples, random exact
    points, boundaries and crossings against direct solves."""
    for seed in (1, 2, 3):
        scenario = parse_scenario(parametric_game(3, 3, seed))
        rm = regions(scenario, ("a", "b"), solver=solve, max_seconds=None, max_work=None)
        pts = [c.sample for c in rm.cells
               if isinstance(c.sample[0], F) and isinstance(c.sample[1], F)]
        pts += _random_points(rm, 25, seed) + boundary_points(rm, 3)
        checked, bad = check_points(scenario, ("a", "b"), rm, pts)
        assert bad == 0, f"seed {seed}: {bad} of {checked} points disagree"


def _exact_sign(terms: dict, a: F, b: F) -> int:
    v = sum((c * a ** i * b ** j for (i, j), c in terms.items()), F(0))
    return (v > 0) - (v < 0)


class _Terms(_Poly):
    """A _Poly from integer terms directly (no sympy)."""

    def __init__(self, terms: dict) -> None:     # noqa: D107
        self.terms = terms
        self.deg_a = max((i for i, _ in terms), default=0)
        self.deg_b = max((j for _, j in terms), default=0)


coeff = st.integers(-10 ** 6, 10 ** 6)
rational = st.builds(F, st.integers(-400, 400), st.integers(1, 60))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dictionaries(st.tuples(st.integers(0, 4), st.integers(0, 4)), coeff,
                                min_size=1, max_size=8), min_size=1, max_size=6),
       rational, rational)
def test_certified_float_signs_never_wrong(polys, a, b):
    """Each sign the float bound settles equals the exact sign; a polynomial made to
    vanish at the point (its constant term moved) is never settled."""
    polys = [dict(t) for t in polys]
    for t in list(polys):
        z = dict(t)
        z[(0, 0)] = z.get((0, 0), 0) - sum(c * a ** i * b ** j for (i, j), c in t.items()
                                          if (i, j) != (0, 0))
        if z[(0, 0)].denominator == 1:
            z[(0, 0)] = int(z[(0, 0)])
            polys.append(z)
    batch = BatchSigns([_Terms(t) for t in polys])
    got = batch.signs((a, b))
    for t, s in zip(polys, got.tolist()):
        exact = _exact_sign(t, a, b)
        assert s == UNSURE or s == exact
        if exact == 0:
            assert s == UNSURE


def test_map_made_again_with_every_curve_when_the_needed_ones_do_not_suffice(monkeypatch):
    """The safety net: when the curves kept do not tell the structures apart (here
    every curve is wrongly declared not needed, so only the guards' signs separate
    the cells), the map is made again with every curve and equals that map."""
    from games.sensitivity import plane_needed, plane_screen
    from games.sensitivity import regions as module
    scenario = parse_scenario(parametric_game(3, 3, 7))
    full = module._regions_map(scenario, ("a", "b"), None, solve, None, prune=False)
    real = plane_screen.needed_polys

    def none_needed(*args, **kwargs):
        per, used, conds = real(*args, **kwargs)
        return {sup: set() for sup in per}, used, conds
    monkeypatch.setattr(plane_screen, "needed_polys", none_needed)
    monkeypatch.setattr(plane_needed, "exactly_needed", lambda *a, **k: {})
    again = regions(scenario, ("a", "b"), solver=solve, max_seconds=None, max_work=None)
    assert len(full.regions) > 1
    assert [str(p) for p in again.boundaries] == [str(p) for p in full.boundaries]
    assert [c.signs for c in again.cells] == [c.signs for c in full.cells]
    assert [r.structure for r in again.regions] == [r.structure for r in full.regions]
