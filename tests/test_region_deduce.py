"""The region map's shortcuts against direct solves: the support profiles left out
before the decomposition (plane_screen.py) never carry an equilibrium in the box,
the structures read off the support conditions (region_deduce.py) equal a direct
solve's, and Monte Carlo looked up in the region map (region_montecarlo.py) counts
exactly what solving every draw counts."""
from __future__ import annotations

import random
from fractions import Fraction as F

import numpy as np
import pytest

from games.scenario import parse_scenario
from games.sensitivity import monte_carlo
from games.sensitivity.critical import critical
from games.sensitivity.montecarlo import draw
from games.sensitivity.plane_screen import possible_supports
from games.sensitivity.region_deduce import Deducer
from games.sensitivity.regions import regions
from games.sensitivity.symbolic import make_symbols, symbolic_payoffs
from games.sensitivity.thresholds import baseline, structure
from games.solve import solve
from tests.test_region_grid import parametric_game


def _points(seed: int, n: int) -> list[tuple[F, F]]:
    """Random rational points of [0, 4]^2: half on the quarter grid (many lie on
    boundary lines, where ties and degenerate games are), half with odd
    denominators."""
    rnd = random.Random(seed)
    out = [(F(rnd.randint(0, 16), 4), F(rnd.randint(0, 16), 4)) for _ in range(n // 2)]
    out += [(F(rnd.randint(0, 4 * 97), 97), F(rnd.randint(0, 4 * 89), 89))
            for _ in range(n - n // 2)]
    return out


def _screened(scen):
    """The baseline, the critical polynomials, the profiles kept by the screening with
    their conditions, and the deducer, in (a, b)."""
    base = baseline(scen)
    syms = make_symbols(["a", "b"])
    U = symbolic_payoffs(scen, ["a", "b"], base, syms)
    crit = critical(scen, ["a", "b"], base, payoffs=U)
    box = (scen.parameters["a"].range, scen.parameters["b"].range)
    alive, conditions = possible_supports(U, syms, box, crit.by_support)
    return base, crit, alive, conditions, Deducer(conditions, crit.complete)


@pytest.mark.parametrize("m, seed, least", [(3, 11, 20), (3, 23, 40), (4, 7, 20), (3, 7, 0)])
def test_screened_profiles_and_deduced_structures_equal_direct_solves(m, seed, least):
    """At 60 points (half on the quarter grid, where ties are), per game. Random
    small-integer games often tie two payoffs identically (a profile degenerate
    everywhere): those points are left to the solver, hence `least` per game."""
    scen = parse_scenario(parametric_game(m, m, seed))
    base, crit, alive, conditions, ded = _screened(scen)
    decided = 0
    for a, b in _points(seed, 60):
        eqs = solve(scen.game({**base, "a": a, "b": b}, check_range=False))
        for e in eqs:       # an equilibrium's support, when enumerated, was kept
            assert e.support not in crit.by_support or e.support in alive, (a, b, e.support)
        assert crit.complete            # so the sign vector's zeros do not matter
        got = ded.deduce((1,), (a, b))
        if got is not None:
            decided += 1
            assert got == structure(eqs), (a, b)
    assert decided >= least


def test_segment_of_candidates_decided_exactly():
    """Row's r0 and r1 tie against column c1 whatever the parameters, so Row may mix
    them on a segment x = (t, 1 - t) while Column plays c1. By hand: c1 stays a best
    reply for some 0 < t < 1 iff t*(a - 2) + (1 - t)*(b - 1) >= 0 for such a t; with
    b < 1 that is iff a > 2. So for a < 2 no equilibrium has that support and the
    structure is read off the conditions; for a > 2 the segment is there and the
    class goes to the solver."""
    text = ("scenario: s\nparameters:\n  a: {value: 1, range: [-2, 4]}\n"
            "  b: {value: 0, range: [0, 1]}\n"
            "players:\n  P1: {strategies: [r0, r1]}\n  P2: {strategies: [c0, c1]}\n"
            "payoffs:\n  r0, c0: [1, 2]\n  r0, c1: [0, a]\n  r1, c0: [3, 0]\n"
            "  r1, c1: [0, b - 1]\n")
    scen = parse_scenario(text)
    base, crit, _, conditions, ded = _screened(scen)
    assert crit.complete
    seg = ((0, 1), (1,))
    assert seg in conditions
    decided = 0
    for a in [F(k, 8) for k in range(-16, 33)]:
        for b in (F(0), F(1, 3), F(7, 8)):
            eqs = solve(scen.game({**base, "a": a, "b": b}, check_range=False))
            got = ded.deduce((1,), (a, b))
            if a > 2:
                assert got is None
                assert any(e.support == seg for e in eqs)     # the segment's inside
                continue
            if a < 2:
                assert not any(e.support == seg for e in eqs)
                assert got is not None
                decided += 1
            if got is not None:
                assert got == structure(eqs), (a, b)
    assert decided == 32 * 3


def _per_point_counts(scen, n: int, seed: int) -> dict:
    """Each draw solved on its own: the support counts, computed here."""
    rng = np.random.default_rng(seed)
    names = [k for k, p in scen.parameters.items() if p.range is not None]
    arrays = [draw(scen.parameters[k], n, rng) for k in names]
    base = baseline(scen)
    counts: dict = {}
    for k in range(n):
        at = {nm: F(float(arr[k])) for nm, arr in zip(names, arrays)}
        for sup in {e.support for e in solve(scen.game({**base, **at}, check_range=False))}:
            counts[sup] = counts.get(sup, 0) + 1
    return counts


@pytest.mark.parametrize("m, seed", [(3, 7), (3, 11)])
def test_monte_carlo_from_the_region_map_equals_per_point_solving(m, seed):
    scen = parse_scenario(parametric_game(m, m, seed))
    res = monte_carlo(scen, 300, seed=5, solver=solve)
    rm = regions(scen, ["a", "b"], solver=solve)
    assert res.classes == len(rm.cells)          # the look-up path ran
    assert {o.support: o.count for o in res.outcomes} == _per_point_counts(scen, 300, 5)


@pytest.mark.parametrize("seed", [11, 23])
def test_maps_with_read_off_classes_equal_direct_solves(seed):
    """Games where most sign classes are read off rather than solved: the map drawn
    from the regions equals a direct solve at every point of a 17 x 17 grid (steps
    of 1/4: many points on boundary lines and crossings)."""
    from tests.test_region_grid import _against_direct
    checked, bad = _against_direct(parse_scenario(parametric_game(3, 3, seed)), ("a", "b"), 17)
    assert checked == 17 * 17 and bad == 0
