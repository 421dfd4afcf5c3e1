"""Critical polynomials of 2x2x2 games by resultants (multilinear_critical.py) against
elimination ideals computed here with sympy's lex Groebner basis, on generated games
(tests/test_robust_three_players.generated):

- every curve where the fully mixed system meets a boundary (a probability 0 or 1)
  or becomes singular (its Jacobian determinant vanishes) -- the projections of the
  Groebner path, computed here from the gain functions of the test's own oracle -- is
  among the curves of the resultant path (a superset);
- the Groebner path's other curves (leading coefficients of one basis) that the
  resultant path leaves out change nothing: at rational points on them, and at
  points just either side, the test's own equilibrium enumeration finds the same
  equilibria.
"""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest
import sympy

from games.scenario import parse_scenario
from games.sensitivity.critical import critical
from games.sensitivity.domain_critical import ring_nonlinear_critical, ring_payoffs
from games.sensitivity.factoring import ring_factors
from games.sensitivity.symbolic import make_symbols, symbolic_payoffs
from tests.test_robust_three_players import gains, generated, oracle_structure

FULL = ((0, 1), (0, 1), (0, 1))
# generated games whose Groebner bases take well under a second each
CASES = [(0, "ab"), (1, "ab"), (3, "ab"), (4, "ab"), (1, "abc"), (3, "abc")]


def _symbolic(sc, names, syms) -> dict:
    """u_i(profile) as sympy expressions in the ranged parameters (the engine's reading
    of the scenario is used only to get the payoff expressions' values at exact points:
    each payoff is affine in the parameters, so three points fix it)."""
    base = {n: p.value for n, p in sc.parameters.items()}
    U = {}
    pts = [dict(base, **{n: F(0) for n in names})]
    for n in names:
        pts.append(dict(pts[0], **{n: F(1)}))
    games = [sc.game(pt, check_range=False) for pt in pts]
    for i in range(3):
        for prof in itertools.product(range(2), repeat=3):
            c0 = games[0].payoffs[(i, *prof)]
            e = sympy.Rational(c0)
            for k, s in enumerate(syms):
                e += (sympy.Rational(games[k + 1].payoffs[(i, *prof)]) - sympy.Rational(c0)) * s
            U[(i, *prof)] = e
    return U


def groebner_projections(U: dict, syms: list) -> set[sympy.Expr]:
    """The irreducible factors of the elimination ideals (system, boundary) ∩ Q[params]
    for each boundary x_i = 0, x_i = 1 and the Jacobian determinant: sympy's lex basis
    of the gain equations D_i(x) = 0 written in this file's oracle."""
    D = gains(U)
    xs = list(sympy.symbols("x1:4"))
    eqs = [sympy.expand(D(i, xs)) for i in range(3)]
    J = sympy.Matrix(eqs).jacobian(xs).det()
    out = set()
    for extra in [*xs, *(1 - x for x in xs), J]:
        G = sympy.groebner([*eqs, extra], *xs, *syms, order="lex")
        for g in G.exprs:
            if g.free_symbols & set(xs) or not g.free_symbols:
                continue
            for f, _ in sympy.factor_list(g, *syms)[1]:
                out.add(_normal(f, syms))
    return out


def _normal(f, syms) -> sympy.Expr:
    p = sympy.Poly(f, *syms)
    _, p = p.primitive()
    return (p if p.LC() > 0 else -p).as_expr()


def engine_full_support(text: str, names: str) -> set[sympy.Expr]:
    sc = parse_scenario(text)
    crit = critical(sc, list(names), {n: p.value for n, p in sc.parameters.items()})
    syms = sympy.symbols(list(names))
    sub = dict(zip(crit.symbols, syms))
    return {_normal(crit.polys[k].subs(sub), syms) for k in crit.by_support[FULL]}


@pytest.mark.parametrize("seed,names", CASES)
def test_every_groebner_projection_is_a_resultant_curve(seed, names):
    text = generated(seed, names)
    U = _symbolic(parse_scenario(text), names, sympy.symbols(list(names)))
    syms = sympy.symbols(list(names))
    want = groebner_projections(U, syms)
    got = engine_full_support(text, names)
    assert want <= got, want - got


def groebner_only(text: str, names: str) -> set[sympy.Expr]:
    """The engine's old path (the lex Groebner basis) for the fully mixed support,
    factors as sympy expressions in `names`, minus the resultant path's."""
    sc = parse_scenario(text)
    free = list(names)
    syms = make_symbols(free)
    U = symbolic_payoffs(sc, free, {n: p.value for n, p in sc.parameters.items()}, syms)
    R, Fr = ring_payoffs(U, syms)
    plain = sympy.symbols(free)
    sub = dict(zip(syms, plain))
    old = {_normal(f.subs(sub), plain) for e in ring_nonlinear_critical(R, Fr, FULL)
           for f in ring_factors(e)}
    return old - engine_full_support(text, names)


@pytest.mark.parametrize("seed", [1, 3, 4, 8])
def test_curves_left_out_change_nothing(seed):
    """On each left-out line (degree one in some parameter), rational points across the
    box and points 10^-6 either side: the oracle's equilibria agree."""
    names = "ab"
    text = generated(seed, names)
    a, b = sympy.symbols("a b")
    left = groebner_only(text, names)
    assert left, "the example should have curves the resultant path leaves out"
    checked = 0
    for curve in left:
        pick = [(v, o) for v, o in ((a, b), (b, a)) if sympy.Poly(curve, v).degree() == 1]
        if not pick:
            continue
        var, other = pick[0]
        for t in (F(1, 3), F(7, 5), F(13, 4)):
            root = sympy.solve(curve.subs(other, sympy.Rational(t)), var)[0]
            if not (root.is_Rational and 0 <= root <= 4):
                continue
            on = {str(other): t, str(var): F(int(root.p), int(root.q))}
            here = oracle_structure(text, on)
            for eps in (F(1, 10 ** 6), -F(1, 10 ** 6)):
                near = dict(on, **{str(var): on[str(var)] + eps})
                assert oracle_structure(text, near) == here, (curve, on, eps)
            checked += 1
    assert checked
