"""The robustness radius of 3x3 games in three parameters where the cells around a
candidate are hard to reach: the baseline on several boundaries at once whose normals
are dependent (two lines and a hyperbola through one point of the (a, b) plane, a
quadric in c through it too), and contacts on a quadric at irrational points whose
cells on it hold no rational point near the contact (decided at an algebraic point).
Before, both gave certified bounds (a lower bound of 0 and of 1/4).

References written here, by direct solves only: a dense exact grid of the clipped
cube of radius r (1 - 10^-6), 7 points per axis, and random exact points in it keep the
baseline's structure; the witness lies at distance exactly r, and a direct solve at
it (or at the rational point reported past it) gives another structure.
"""
from __future__ import annotations

import itertools
import random
from fractions import Fraction as F

from games.sensitivity.robustness import robustness
from games.solve import solve
from tests.test_robustness_exact import solved, with_parameters

def game(params: dict[str, tuple[int, int, int]], payoffs: list[list[tuple[str, str]]]):
    """A 3x3 game with these parameters (baseline, low, high) and payoff pairs."""
    cells = "".join(f"  s{i}, t{j}: [{u}, {v}]\n"
                    for i, row in enumerate(payoffs) for j, (u, v) in enumerate(row))
    return with_parameters({n: tuple(F(x) for x in t) for n, t in params.items()},
                           "players:\n  P0: {strategies: [s0, s1, s2]}\n"
                           f"  P1: {{strategies: [t0, t1, t2]}}\npayoffs:\n{cells}")


CROSSING = game({"a": (3, 0, 4), "b": (1, 0, 4), "c": (3, 0, 4)},
                [[("0", "b"), ("5 - b", "3"), ("0", "-3")],
                 [("0 - a", "3"), ("c", "5"), ("a", "5 - b")],
                 [("3", "b"), ("3", "a"), ("5", "a")]])

IRRATIONAL_CELLS = game({"a": (2, 0, 4), "b": (3, 0, 4), "c": (2, 0, 4)},
                        [[("4", "c"), ("b", "5"), ("-3", "3")],
                         [("-1", "a"), ("0", "4 - c"), ("b", "-2")],
                         [("1", "5"), ("-2", "2"), ("5 - a", "-2")]])


TANGENT_AT_IRRATIONAL = game({"a": (1, 0, 4), "b": (2, 0, 4), "c": (2, 0, 4)},
                             [[("a", "0"), ("c", "4"), ("4", "3 - a")],
                              [("1", "4"), ("3", "a"), ("a", "-2")],
                              [("5", "-1"), ("5", "4"), ("-1", "4")]])


def check(sc, per_axis: int = 7, seed: int = 0):
    rob = robustness(sc, solver=solve)
    assert rob.exact, rob.notes
    names = list(rob.names)
    rng_of = {n: sc.parameters[n].range for n in names}
    base = {n: sc.parameters[n].value for n in names}
    width = {n: hi - lo for n, (lo, hi) in rng_of.items()}
    here = solved(sc, {})
    r = rob.radius
    if r is None:               # it holds on the whole box: a grid of all of it
        axes = [[lo + (hi - lo) * F(k, per_axis - 1) for k in range(per_axis)]
                for lo, hi in rng_of.values()]
        for point in itertools.product(*axes):
            assert solved(sc, dict(zip(names, point))) == here, point
        return rob
    assert isinstance(r, F)
    w = rob.witness
    assert all(isinstance(v, F) for v in w.values())
    assert max(abs(w[n] - base[n]) / width[n] for n in names) == r
    if rob.witness_changes:
        assert solved(sc, w) != here
    else:
        assert rob.beyond is not None and solved(sc, rob.beyond) != here
    inner = r * F(999_999, 1_000_000)
    box = [(max(lo, base[n] - inner * width[n]), min(hi, base[n] + inner * width[n]))
           for n, (lo, hi) in rng_of.items()]
    axes = [[lo + (hi - lo) * F(k, per_axis - 1) for k in range(per_axis)] for lo, hi in box]
    for point in itertools.product(*axes):
        assert solved(sc, dict(zip(names, point))) == here, point
    rng = random.Random(seed)
    for _ in range(20):
        point = {n: lo + (hi - lo) * F(rng.randint(0, 10 ** 6), 10 ** 6)
                 for n, (lo, hi) in zip(names, box)}
        assert solved(sc, point) == here, point
    return rob


def test_baseline_on_a_planar_crossing():
    """At the baseline a - 3, a - b - 2, b - 1 and a*b - 6a + 3b + 12 vanish (normals
    in the (a, b) plane, the curve's tangent distinct from the lines) and so does a
    quadric in c: every cell around it is reached, and none changes the structure
    nearer than 1/8."""
    rob = check(CROSSING)
    assert rob.radius == F(1, 8)


def test_cells_on_a_quadric_at_irrational_points():
    """Nearer candidates lie on 2a - c^2 + 12c - 30 = 0 at irrational points (c = 6 -
    sqrt(10), ...), with linear boundaries through them: the cells on the quadric are
    decided at algebraic points; the radius is the corner (0, 0, 0), 3/4."""
    rob = check(IRRATIONAL_CELLS, per_axis=6)
    assert rob.radius == F(3, 4)


def test_quadric_tangent_to_a_face_at_an_irrational_point():
    """a^2 - ac + 3a - 5c + 20 = 0 touches the face c = 2 + 4r at a = -5 + sqrt(30),
    where its gradient is along c: the side across it is reached along the gradient
    (the direction LP once leaned on a stray component of the rational approximation
    and missed it). Nothing in the box changes the structure."""
    rob = check(TANGENT_AT_IRRATIONAL)
    assert rob.radius is None and rob.witness is None
