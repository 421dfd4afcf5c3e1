"""The face systems of the robustness search solved by resultants (robust_faces.py),
the cells around boundaries through a common line (robust_pencil.py), and radii of
3-parameter games that these made exact.

- Face systems: on faces of a 3-parameter cube with one free coordinate and two
  (a cubic's tangencies, a cubic meeting a quadric), the resultant solutions equal
  those of sympy's lex Groebner basis and back-substitution (the path they replace,
  an independent algorithm), and every point found satisfies its equations at 50
  digits and lies on the cube of its radius; a hand-derived tangency (the cube's
  face touching a paraboloid of degree three at its vertex) is found exactly.
- Generated 2x2x2 games with three ranged parameters whose radius used to be a
  certified bound (a system of curved boundaries, three quadrics through one line,
  parameters no boundary involves, a boundary of degree 6): now exact, and checked
  by the exact 2x2x2 enumeration of tests/test_robust_three_players.py on both sides
  of the witness and at random points of the cube just inside the radius.
"""
from __future__ import annotations

import random
from fractions import Fraction as F

import pytest
import sympy

from games.numbers import to_float
from games.scenario import parse_scenario
from games.sensitivity import robust_contacts as RC
from games.sensitivity.robust_faces import face_points
from games.sensitivity.robustness import robustness
from games.solve import solve
from tests.test_robust_three_players import both_sides, generated, oracle_structure

a, b, c = SYMS = sympy.symbols("a b c")


def _geometry() -> RC.Geometry:
    return RC.Geometry((F(1), F(2), F(3, 2)), (F(4), F(4), F(4)),
                       ((F(0), F(4)), (F(0), F(4)), (F(0), F(4))))


def _random_cubic(rng: random.Random) -> sympy.Expr:
    monos = [a ** i * b ** j * c ** k for i in range(4) for j in range(4) for k in range(4)
             if i + j + k <= 3]
    chosen = rng.sample(monos, 6)
    return sympy.expand(sum(rng.choice([-3, -2, -1, 1, 2, 3]) * m for m in chosen)
                        + rng.randint(-5, 5) + a * b * c)


def _check_on(geom, members, r, point) -> None:
    """The point satisfies every member at 50 digits and lies on the cube of radius r."""
    table = dict(zip(SYMS, (sympy.nsimplify(v) if isinstance(v, F) else v for v in point)))
    for m in members:
        assert abs(sympy.N(m.expr.subs(table), 50)) < 1e-30
    dist = max(abs(to_float(v) - float(x0)) / float(w)
               for v, x0, w in zip(point, geom.x0, geom.widths))
    assert abs(dist - to_float(r)) < 1e-9


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_resultants_agree_with_the_groebner_basis(seed):
    """One cubic alone tangent to a face with two free coordinates (f = f_x = f_y = 0)
    and a cubic with a quadric on faces with one or two: the same radii as sympy's
    Groebner basis path, each point on its equations (three faces of each kind,
    drawn at random: the Groebner bases take seconds each)."""
    rng = random.Random(seed)
    geom = _geometry()
    f = _random_cubic(rng)
    g = sympy.expand(a * b - 2 * c + rng.randint(-3, 3))
    bounds = RC.boundaries([f, g], SYMS)
    faces = list(RC.faces(3, [(True, True)] * 3, {0, 1, 2}))
    rng.shuffle(faces)
    compared = {1: 0, 2: 0}
    for face in faces:
        free = [k for k, t in enumerate(face) if t == RC.FREE]
        J = list(bounds[:len(free)]) if free else []
        if not J or compared[len(J)] >= 3:
            continue
        ours = face_points(geom, J, face, free, geom.reach())
        if ours is None:            # handed to the Groebner path (a system with an
            continue                # extraneous component: see robust_faces)
        theirs = RC._curved_points(geom, J, SYMS, face, free)
        if theirs is None:          # not solved by Groebner: nothing to compare with
            continue
        compared[len(J)] += 1
        radii = sorted(to_float(r) for r, _ in ours)
        assert radii == pytest.approx(sorted(to_float(r) for r, _ in theirs
                                             if to_float(r) > 0), abs=1e-12)
        for r, point in ours:
            _check_on(geom, J, r, point)
    assert compared == {1: 3, 2: 3}


def test_a_tangency_derived_by_hand():
    """The bowl c = 7/2 + u^2 + v^2 + u^2 v^2 (u = a - 1, v = b - 2; degree four) has
    its lowest point over the baseline's (a, b) = (1, 2). On the cube's top face
    c = 3/2 + 4r the system is f = 4r - 2 - u^2 - v^2 - u^2 v^2 = 0 with
    f_u = -2u (1 + v^2) = 0 and f_v = -2v (1 + u^2) = 0: u = v = 0, r = 1/2, the
    one real solution: the point (1, 2, 7/2)."""
    geom = _geometry()
    u, v = a - 1, b - 2
    f = sympy.expand(c - sympy.Rational(7, 2) - u ** 2 - v ** 2 - u ** 2 * v ** 2)
    (bd,) = RC.boundaries([f], SYMS)
    got = face_points(geom, [bd], (RC.FREE, RC.FREE, RC.UP), [0, 1], geom.reach())
    assert got == [(F(1, 2), (F(1), F(2), F(7, 2)))]


def _inside_points(text: str, rob, count: int, seed: int) -> None:
    """Random rational points of the cube of radius just below R (clipped by the box)
    keep the baseline's equilibria (the oracle)."""
    sc = parse_scenario(text)
    base = oracle_structure(text, {})
    rng = random.Random(seed)
    r = F(to_float(rob.radius)) * F(999, 1000)
    for _ in range(count):
        pt = {}
        for n in rob.names:
            p = sc.parameters[n]
            lo, hi = p.range
            v = p.value + F(rng.randint(-1000, 1000), 1000) * r * (hi - lo)
            pt[n] = min(max(v, lo), hi)
        assert oracle_structure(text, pt) == base, pt


@pytest.mark.parametrize("seed", [1, 3, 4])
def test_three_parameter_radii_now_exact(seed):
    """g1 (three quadrics through one line at the contact), g3 (no boundary involves
    c: searched in (a, b)), g4 (systems of curved boundaries, one of degree 6): exact
    radii, each witness checked on both sides and the cube inside by the oracle."""
    text = generated(seed, "abc")
    rob = robustness(parse_scenario(text), solver=solve)
    assert rob is not None and rob.exact and rob.radius is not None
    both_sides(text, rob)
    _inside_points(text, rob, 6, seed)
