"""The relaxation on boxes (box_relaxation.py) against independent results: its rows
hold exactly at every product distribution of the box and fail outside it (brute
force with Fractions); with it forced on every profile, ours contain Gambit's
enumpoly (test-only oracle) with every point passing a deviation check written here;
on a benchmark game it refutes supports whose whole-simplex LP does not, where the
certified homotopy confirms that no root lies in the simplex. (That it never refutes
an equilibrium's support, and leaves the exact sets unchanged on hypothesis games,
is tested with the whole-simplex LP in test_relaxation.py.)"""
from __future__ import annotations

import itertools
from fractions import Fraction
from math import prod

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from games.solvers import relaxation, support_solver
from games.solvers.box_relaxation import ONE, box_rows, refuted_on_boxes
from games.solvers.certified import fast_points
from games.solvers.polynomial import solve_polynomial
from games.solvers.support_system import IndifferenceSystem
from tests.builders import game_from_arrays


@st.composite
def box_and_point(draw):
    """Support sizes, a dyadic box and a rational mixed profile inside it."""
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=4))
    lo, hi, point = [], [], []
    for k in sizes:
        weights = draw(st.lists(st.integers(1, 9), min_size=k, max_size=k))
        x = [Fraction(w, sum(weights)) for w in weights]
        point.append(x)
        a_lo, a_hi = [], []
        for v in x:
            below = draw(st.integers(0, 6))
            above = draw(st.integers(0, 6))
            a_lo.append(max(0, int(v * ONE) - (ONE >> below) * draw(st.integers(0, 1))))
            a_hi.append(min(ONE, int(v * ONE) + 1 + (ONE >> above) * draw(st.integers(0, 1))))
        lo.append(a_lo)
        hi.append(a_hi)
    return sizes, lo, hi, point


def _product(point) -> list[Fraction]:
    """w over the grid in C order (the order of box_rows' columns)."""
    return [prod((x[a] for x, a in zip(point, cell)), start=Fraction(1))
            for cell in itertools.product(*(range(len(x)) for x in point))]


@settings(max_examples=150, deadline=None)
@given(box_and_point())
def test_box_rows_hold_inside_the_box_and_fail_outside(data):
    """Brute force with Fractions: every row is <= 0 at the product distribution of a
    profile in the box; moving one probability below its lower bound (the others
    rescaled) breaks a row."""
    sizes, lo, hi, point = data
    supports = tuple(tuple(range(k)) for k in sizes)
    rows = box_rows(supports, lo, hi)
    w = _product(point)
    assert all(sum(int(r) * v for r, v in zip(row, w)) <= 0 for row in rows)
    for i, x in enumerate(point):
        if len(x) < 2 or lo[i][0] == 0:
            continue
        low = Fraction(lo[i][0], ONE) / 2                   # below the lower bound
        moved = [low] + [v * (1 - low) / (1 - x[0]) for v in x[1:]]
        outside = _product(point[:i] + [moved] + point[i + 1:])
        assert any(sum(int(r) * v for r, v in zip(row, outside)) > 0 for row in rows)


def _regret(arr: np.ndarray, profile) -> float:
    """Largest gain of a pure deviation at a float profile, by contraction (written
    here, independent of the engine's check)."""
    worst = 0.0
    n = arr.shape[0]
    for i in range(n):
        values = arr[i].astype(float)
        for j in reversed(range(n)):
            if j != i:
                values = np.tensordot(values, np.asarray(profile[j], dtype=float), axes=([j], [0]))
        current = float(np.dot(values, profile[i]))
        worst = max(worst, float(values.max()) - current)
    return worst


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_forced_on_3x3x3_contains_enumpoly(seed, monkeypatch):
    """3x3x3 games (payoffs 0..99) with the box relaxation on every profile: ours
    contain Gambit enumpoly's equilibria, and each of ours passes the deviation check
    written here."""
    from tests.test_certified import contains, enumpoly

    arr = np.random.default_rng([seed, 333]).integers(0, 100, size=(3, 3, 3, 3))
    game = game_from_arrays(arr)
    with monkeypatch.context() as m:
        m.setattr(support_solver, "BOX_LP_MIN_VARS", 1)
        ours = solve_polynomial(game)
    assert ours.complete
    for e in ours:
        assert _regret(arr, e.float_profile()) <= 1e-9
    theirs = enumpoly(arr)
    assert theirs is not None
    assert contains(ours, theirs)


# 3x3x3x3, payoffs 0..99, the benchmark's game 1 (benchmarks/randgames.py, seed 1310739322)
BENCH_SEED = 100_003 * (((3 * 16 + 3) * 16 + 3) * 16 + 3) + 1
ROOTLESS = [((0, 1), (0, 1, 2), (0, 1), (0, 1, 2)),
            ((0, 1, 2), (0, 1), (1, 2), (0, 1, 2)),
            ((1, 2), (0, 1, 2), (0, 1, 2), (0, 1, 2))]


@pytest.mark.parametrize("supports", ROOTLESS)
def test_refutes_rootless_profiles_the_simplex_lp_leaves(supports):
    """Profiles of the benchmark game that the whole-simplex LP leaves open are
    refuted on boxes; the certified homotopy (another method) finds every complex
    root of their systems and none is an equilibrium with that support."""
    arr = np.random.default_rng(BENCH_SEED).integers(0, 100, size=(4, 3, 3, 3, 3))
    game = game_from_arrays(arr)
    pay = relaxation.integer_payoffs(game)
    assert pay is not None
    assert not relaxation.refuted(pay, supports)
    assert refuted_on_boxes(pay, supports, support_solver.BOX_LPS, root_tried=True)
    system = IndifferenceSystem.build(game, supports)
    assert fast_points(system, supports, lambda x: True) == []

