"""The robustness radius where the cube of joint change first touches a curved
boundary at an irrational point whose own cell has no rational point: the structure
differs only ON the quadric q = 0 (P2's payoff difference is q^2: indifferent on the
curve, c0 on both sides), so no rational probe can see the change and the witness
itself must be solved exactly (in Q(sqrt d)).

References written here: closed forms for hand cases, and for hypothesis-generated
quadrics the exact bisection on r of tests/test_robustness_exact.py (does the
clipped cube of radius r reach a zero of q? the exact minimum and maximum of q over
that box). The witness is checked by hand algebra (q vanishes there exactly: P2 is
indifferent, so P2's mixtures against r0 are all equilibria, and the structure
differs) and its distance is exactly the radius; direct solves at rational points
strictly inside the radius, and just inside and just past the witness along the ray
from the baseline, give the baseline's structure (the change is ON the curve only).
"""
from __future__ import annotations

import random
from fractions import Fraction as F

import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from games.numbers import sign, to_float
from games.sensitivity.robustness import robustness
from games.solve import solve
from tests.test_robustness_exact import (Poly, polys, ranges, scenario_for, solved, text_of,
                                         value, zero_distance)


def _sym(v):
    return sympy.Rational(v.numerator, v.denominator) if isinstance(v, F) else sympy.sympify(v)


def only_on(params, q: str):
    """P1 always plays r0 (d1 = 1); P2 prefers c0 against r0 except ON q = 0."""
    return scenario_for(params, "1", f"({q})**2", "1")


def check(sc, params, rob, q_expr, rng: random.Random, inside: int = 8) -> None:
    names = list(params)
    base = {n: v for n, (v, _, _) in params.items()}
    width = {n: hi - lo for n, (_, lo, hi) in params.items()}
    here = solved(sc, {})
    assert rob.exact and rob.lower is None
    w = {n: _sym(rob.witness[n]) for n in names}
    syms = sympy.symbols(names)
    if not rob.witness_changes:
        # a rational point of the curve next to the witness was found: the change is
        # seen there by a direct solve
        beyond = rob.beyond
        assert beyond is not None and solved(sc, beyond) != here
        assert value(_poly_of(q_expr, syms), [beyond[n] for n in names]) == 0
        far = max(abs(beyond[n] - base[n]) / width[n] for n in names)
        assert sign(_sym(far) - _sym(rob.radius)) >= 0
        assert to_float(far) - to_float(rob.radius) < 1e-3
    # on the curve exactly: P2 indifferent against r0, which P1 plays
    assert sympy.simplify(q_expr.subs(dict(zip(syms, [w[n] for n in names])))) == 0
    r = _sym(rob.radius)
    dist = sympy.Max(*[abs(w[n] - _sym(base[n])) / _sym(width[n]) for n in names])
    assert sympy.simplify(dist - r) == 0
    rf = F(to_float(r)) * F(999_999, 1_000_000)
    assert sign(_sym(rf) - r) < 0
    for _ in range(inside):
        point = {}
        for n in names:
            _, lo, hi = params[n]
            point[n] = min(max(base[n] + F(rng.randint(-1000, 1000), 1000) * rf * width[n], lo), hi)
        assert solved(sc, point) == here
    # both sides of the witness along the ray: the baseline's structure (a direct solve)
    near = {n: F(to_float(w[n])).limit_denominator(10 ** 12) for n in names}
    for t in (F(999, 1000), F(1001, 1000)):
        p = {n: base[n] + (near[n] - base[n]) * t for n in names}
        if all(params[n][1] <= p[n] <= params[n][2] for n in names) and \
                value(_poly_of(q_expr, syms), [p[n] for n in names]) != 0:
            assert solved(sc, p) == here


def _poly_of(expr, syms) -> Poly:
    P = sympy.Poly(sympy.expand(expr), *syms)
    return {tuple(m): F(int(c.p), int(c.q)) for m, c in P.terms()}


def radius_of(rob):
    return _sym(rob.radius)


# ------------------------------------------------------------------ hand cases

def test_circle_without_rational_points_touching_a_side():
    """(a-5)^2 + (b-2)^2 = 3 has no rational point; from (2, 2) in [0, 4]^2 the side
    a = 2 + 4r touches it at (5 - sqrt(3), 2): r = (3 - sqrt(3))/4."""
    params = {"a": (F(2), F(0), F(4)), "b": (F(2), F(0), F(4))}
    q = "(a - 5)**2 + (b - 2)**2 - 3"
    sc = only_on(params, q)
    rob = robustness(sc, solver=solve)
    assert sympy.simplify(radius_of(rob) - (3 - sympy.sqrt(3)) / 4) == 0
    assert sympy.simplify(_sym(rob.witness["a"]) - (5 - sympy.sqrt(3))) == 0
    assert rob.witness["b"] == 2
    check(sc, params, rob, sympy.sympify(q), random.Random(1))


def test_tilted_ellipse_met_by_a_corner():
    """2a^2 + ab + b^2 = 20 from (1, 1), ranges [0, 4]: the corner a = b = 1 + 4r
    meets it first (its gradient points into the corner's quadrant) where 4a^2 = 20:
    r = (sqrt(5) - 1)/4."""
    params = {"a": (F(1), F(0), F(4)), "b": (F(1), F(0), F(4))}
    q = "2*a**2 + a*b + b**2 - 20"
    sc = only_on(params, q)
    rob = robustness(sc, solver=solve)
    assert sympy.simplify(radius_of(rob) - (sympy.sqrt(5) - 1) / 4) == 0
    check(sc, params, rob, sympy.sympify(q), random.Random(2))


def test_sphere_in_three_parameters():
    """(a-5)^2 + (b-2)^2 + (c-1)^2 = 3 from (2, 2, 1): the face a = 2 + 4r touches the
    sphere at (5 - sqrt(3), 2, 1)."""
    params = {"a": (F(2), F(0), F(4)), "b": (F(2), F(0), F(4)), "c": (F(1), F(0), F(2))}
    q = "(a - 5)**2 + (b - 2)**2 + (c - 1)**2 - 3"
    sc = only_on(params, q)
    rob = robustness(sc, solver=solve)
    assert sympy.simplify(radius_of(rob) - (3 - sympy.sqrt(3)) / 4) == 0
    check(sc, params, rob, sympy.sympify(q), random.Random(3))


def test_radius_is_stated_exactly_in_the_report():
    """The JSON carries the radius as an exact string with its float, no lower bound."""
    params = {"a": (F(2), F(0), F(4)), "b": (F(2), F(0), F(4))}
    rob = robustness(only_on(params, "(a - 5)**2 + (b - 2)**2 - 3"), solver=solve)
    doc = rob.to_dict()
    assert doc["exact"] is True and "lower_bound" not in doc
    assert sympy.simplify(sympy.sympify(doc["radius"]) - (3 - sympy.sqrt(3)) / 4) == 0
    assert doc["witness_changes"] is True and "beyond" not in doc
    assert "Radius, exactly: 3/4 - sqrt(3)/4" in " ".join(rob.details())


# ------------------------------------------------------------------ generated quadrics

@st.composite
def tangent_cases(draw, n: int):
    params = draw(ranges(n))
    q = draw(polys(n))
    assume(any(sum(m) == 2 for m in q))            # curved
    x0 = [v for v, _, _ in params.values()]
    assume(value(q, x0) != 0)
    return params, q


def _run(params, q: Poly, seed: int) -> None:
    names = list(params)
    text = text_of(q, names)
    sc = only_on(params, text)
    rob = robustness(sc, solver=solve)
    x0 = [v for v, _, _ in params.values()]
    box = [(lo, hi) for _, lo, hi in params.values()]
    expected = zero_distance(q, x0, [hi - lo for lo, hi in box], box)
    if expected is None:
        assert rob.radius is None and rob.exact
        return
    if not rob.exact:
        # still bounds: a singular point of q (crossing lines), where the cells around
        # the contact are not a product; the bounds must hold
        assert rob.lower is not None and any("could not all be solved" in n for n in rob.notes)
        assert sign(_sym(rob.lower) - _sym(expected[1])) <= 0
        assert sign(_sym(rob.radius) - _sym(expected[0])) >= 0
        return
    lo, hi = expected
    assert sign(radius_of(rob) - _sym(lo)) >= 0 and sign(_sym(hi) - radius_of(rob)) >= 0
    q_expr = sympy.sympify(text, locals={n: sympy.Symbol(n) for n in names})
    check(sc, params, rob, q_expr, random.Random(seed), inside=4)


@settings(max_examples=24, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.one_of(tangent_cases(2), tangent_cases(3)))
def test_generated_two_and_three_parameters(case):
    _run(*case, seed=11)


def test_three_players_solved_at_the_witness():
    """The same circle with a third player (who never matters): the witness is solved
    exactly in Q(sqrt(3)) by the support enumeration for 3 or more players, so the
    radius is exact, r = (3 - sqrt(3))/4, and checked as for two players."""
    from games.scenario import parse_scenario
    params = {"a": (F(2), F(0), F(4)), "b": (F(2), F(0), F(4))}
    q = "(a - 5)**2 + (b - 2)**2 - 3"
    sc = parse_scenario(f"""\
scenario: three
parameters:
  a: {{value: 2, range: [0, 4]}}
  b: {{value: 2, range: [0, 4]}}
players:
  P1: {{strategies: [r0, r1]}}
  P2: {{strategies: [c0, c1]}}
  P3: {{strategies: [z]}}
payoffs:
  r0, c0, z: [1, ({q})**2, 0]
  r0, c1, z: [1, 0, 0]
  r1, c0, z: [0, 1, 0]
  r1, c1, z: [0, 0, 0]
""")
    rob = robustness(sc, solver=solve)
    assert rob.exact and rob.witness_changes
    assert sympy.simplify(radius_of(rob) - (3 - sympy.sqrt(3)) / 4) == 0
    assert sympy.simplify(_sym(rob.witness["a"]) - (5 - sympy.sqrt(3))) == 0
    assert rob.witness["b"] == 2
    check(sc, params, rob, sympy.sympify(q), random.Random(3))
