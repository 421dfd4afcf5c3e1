"""Continua of a 3-player region map on a line through no rational point, against
answers computed here independently.

The game: player 3 gets a^2 from s20 and 2 from s21 whatever the others do, so on
the line a = sqrt(2) (a boundary a^2 - 2 with no rational point) player 3 is
indifferent everywhere and whole segments and curves of profiles are equilibria;
player 2's payoff a puts sqrt(2) into their extreme points and inequalities. b
moves player 1's payoff, so the line is crossed by other boundaries.

On the line the Nash set is {(x, y, z) : (x, y) is an equilibrium of the 2x2 game
of players 1 and 2 when player 3 plays s20 with probability z}. That 2x2 game's
incentives are linear in z, so its structure changes only at the roots in z of
player 1's gain at y = 0 and y = 1 and player 2's at x = 0 and x = 1; at those z,
at 0 and 1 and between each two, its equilibria (every pair of x and y among 0, 1,
the root of the other's gain and points between) are enumerated here in Q(sqrt 2)
(sympy's algebraic field) and checked by the deviation test. Then:

- every such point lies in a set the map states (an equilibrium it lists, or a
  piece of a component: equations and inequalities with sqrt(2) in them);
- every stated equilibrium passes the deviation test, and so does the centre of
  each linear piece's extreme points and, on a curved piece, every real point at
  the sampled z (its equations solved by sympy);
- at other points of the line the engine's number-field solve there passes the same
  checks and has the structure of the map's cell holding the point; at rational
  points beside the line the map states a continuum exactly where the oracle of
  tests/nplayer_oracle.py finds one, and its formulas give equilibria."""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest
import sympy
from sympy import QQ

from games.sensitivity.region_algebraic import solve_at_point
from games.sensitivity.regions import regions
from games.sensitivity.symbolic import make_symbols, symbolic_payoffs
from games.sensitivity.thresholds import baseline, structure
from games.solve import solve
from tests.nplayer_oracle import is_equilibrium
from tests.test_region_continua_nplayer import check_sample, in_piece, in_stated, oracle_at
from tests.test_region_nplayer import scenario

A, B = sympy.symbols("a b")
SHAPE = (2, 2, 2)
ROWS = {
    (0, 0, 0): ("1", "1", "a*a"), (0, 0, 1): ("1", "1", "2"),
    (0, 1, 0): ("0", "0", "a*a"), (0, 1, 1): ("0", "a", "2"),
    (1, 0, 0): ("0", "0", "a*a"), (1, 0, 1): ("0", "0", "2"),
    (1, 1, 0): ("b", "1", "a*a"), (1, 1, 1): ("1", "0", "2"),
}


def payoffs_at(a, b) -> dict[tuple[int, ...], tuple]:
    """The payoffs at an exact point (sympy numbers), from the test's own strings."""
    sub = {A: sympy.sympify(a), B: sympy.sympify(b)}
    return {p: tuple(sympy.nsimplify(sympy.sympify(x, locals={"a": A, "b": B}).subs(sub))
                     for x in v) for p, v in ROWS.items()}


K = QQ.algebraic_field(sympy.sqrt(2))
PROFILES = list(itertools.product(range(2), repeat=3))


ROOT2 = K.from_sympy(sympy.sqrt(2))


def el(x):
    """An exact number (Fraction, sympy p + q*sqrt(2)) as an element of Q(sqrt 2)."""
    x = sympy.expand(sympy.sympify(x))
    q = x.coeff(sympy.sqrt(2))
    p = sympy.expand(x - q * sympy.sqrt(2))
    if p.is_Rational and q.is_Rational:
        return K.convert(QQ(p.p, p.q)) + K.convert(QQ(q.p, q.q)) * ROOT2
    return K.from_sympy(sympy.nsimplify(x))


def sign(x) -> int:
    """The exact sign of an element of Q(sqrt 2): zero decided in the field, else
    its 50-digit value (a nonzero element of this small field is far from 0)."""
    if x == K.zero:
        return 0
    return 1 if sympy.N(K.to_sympy(x), 50) > 0 else -1


def table(pay):
    return {p: [el(v) for v in vals] for p, vals in pay.items()}


def values(u, i: int, probs) -> list:
    """Player i's payoff from each pure strategy against the others' mixtures."""
    out = []
    for s in range(2):
        total = K.zero
        for prof in PROFILES:
            if prof[i] != s:
                continue
            w = K.one
            for k in range(3):
                if k != i:
                    w = w * probs[k][prof[k]]
            total += w * u[prof][i]
        out.append(total)
    return out


def is_nash(u, probs) -> bool:
    """The deviation test in Q(sqrt 2): probability vectors, no pure strategy better."""
    if any(sign(p) < 0 for row in probs for p in row) or \
            any(row[0] + row[1] != K.one for row in probs):
        return False
    for i in range(3):
        v = values(u, i, probs)
        own = probs[i][0] * v[0] + probs[i][1] * v[1]
        if any(sign(x - own) > 0 for x in v):
            return False
    return True


def mix(p):
    return [p, K.one - p]


def roots_and_between(gains) -> list:
    """0, 1, the roots in (0, 1) of each linear function given by its values at 0
    and 1, and a point between each two consecutive ones (sorted)."""
    pts = [K.zero, K.one]
    for g0, g1 in gains:
        if g0 != g1:
            r = g0 / (g0 - g1)
            if sign(r) > 0 and sign(r - K.one) < 0:
                pts.append(r)
    pts = sorted(set(pts), key=lambda x: float(sympy.N(K.to_sympy(x), 30)))
    mids = [(x + y) / K.convert(2) for x, y in zip(pts, pts[1:])]
    return pts + mids


def gain(u, i: int, probs) -> object:
    """Player i's first strategy's payoff minus the second's."""
    v = values(u, i, probs)
    return v[0] - v[1]


def zs_of(u) -> list:
    """The z (player 3's probability of s20) where the 2x2 game of players 1 and 2
    can change, and between them."""
    gains = []
    for i, other in ((0, 1), (1, 0)):
        for q in (K.zero, K.one):
            at = []
            for z in (K.zero, K.one):
                probs = [mix(K.zero), mix(K.zero), mix(z)]
                probs[other] = mix(q)
                at.append(gain(u, i, probs))
            gains.append(tuple(at))
    return roots_and_between(gains)


def line_nash(u) -> list:
    """The sampled Nash set where player 3 is indifferent everywhere (see above)."""
    assert all(u[p][2] == u[p[:2] + (1 - p[2],)][2] for p in PROFILES)
    found = []
    for z in zs_of(u):
        ys = roots_and_between([tuple(gain(u, 0, [mix(K.zero), mix(y), mix(z)])
                                      for y in (K.zero, K.one))])
        xs = roots_and_between([tuple(gain(u, 1, [mix(x), mix(K.zero), mix(z)])
                                      for x in (K.zero, K.one))])
        for x, y in itertools.product(xs, ys):
            probs = [mix(x), mix(y), mix(z)]
            if is_nash(u, probs):
                found.append(probs)
    return found


def as_sympy(probs):
    return tuple(tuple(K.to_sympy(p) for p in row) for row in probs)


def check_line_point(pay, eqset) -> int:
    """Both directions at a point of the line; the number of continua stated."""
    u = table(pay)
    oracle = line_nash(u)
    assert oracle
    for probs in oracle:
        assert in_stated(eqset, as_sympy(probs)), as_sympy(probs)
    for e in eqset.equilibria:
        assert is_nash(u, [[el(p) for p in row] for row in e.profile]), e.profile
    continua = 0
    zs = zs_of(u)
    for c in eqset.components:
        if len(c.members) < 2:
            continue
        continua += 1
        for piece in c.detail.pieces:
            assert stated_points(u, piece, [eqset.equilibria[m] for m in c.members], zs)
    return continua


def stated_points(u, piece, members, zs) -> int:
    """A linear piece's centre of its extreme points, a curved one's real points at
    each sampled z: each checked by the deviation test; how many were."""
    if piece.linear:
        inside = [e.profile for e in members if in_piece(piece, e.profile)]
        assert inside
        centre = [[sum((el(e[i][j]) for e in inside), K.zero) / K.convert(len(inside))
                   for j in range(2)] for i in range(3)]
        assert is_nash(u, centre)
        return 1
    names = {n: sympy.Symbol(n) for n, _, _ in piece.variables}
    third = [n for n, i, _ in piece.variables if i == 2]
    assert third and piece.variables[-1][1] == 2
    count = 0
    r = sympy.Symbol("r")       # sqrt(2), with r^2 = 2: sympy solves over Q, faster
    for z in zs:
        at = {names[third[0]]: K.to_sympy(z)}
        eqs = [sympy.sympify(e, locals=names).subs(at).subs(sympy.sqrt(2), r)
               for e in piece.equations]
        rest = [names[n] for n in names if n not in third]
        for sol in sympy.solve(eqs + [r ** 2 - 2], rest + [r], dict=True, check=False):
            if sympy.N(sol[r]) < 0:
                continue
            full = {**at, **{x: v for x, v in sol.items() if x != r}}
            if len(full) < len(names) or not all(v.is_real for v in full.values()):
                continue
            if any(sympy.N(sympy.sympify(g, locals=names).subs(full), 50) < -1e-40
                   for g in piece.inequalities):
                continue
            probs = [[K.zero, K.zero] for _ in range(3)]
            for i, j in piece.fixed:
                probs[i][j] = K.one
            for n, i, j in piece.variables:
                probs[i][j] = el(full[names[n]])
            for i, j in piece.implied:
                probs[i][j] = K.one - sum((probs[i][k] for k in range(2) if k != j), K.zero)
            assert is_nash(u, probs), probs
            count += 1
    return count


@pytest.fixture(scope="module")
def mapped():
    rm = regions(scenario(ROWS, SHAPE), ("a", "b"), solver=solve)
    assert rm.complete, rm.notes
    return rm


def test_line_cells_state_their_continua(mapped):
    """Both directions at the sample of every cell on a = sqrt(2); the sets stated
    there hold sqrt(2) in their inequalities (not rational approximations)."""
    rm = mapped
    seen = continua = 0
    texts = []
    for reg in rm.regions:
        for pc in reg.all_pieces():
            a, b = pc.sample
            if isinstance(a, F):
                continue
            assert sympy.simplify(sympy.sympify(a) - sympy.sqrt(2)) == 0
            continua += check_line_point(payoffs_at(a, b), pc.equilibria)
            seen += 1
            texts += [t for c in pc.equilibria.components for p in c.detail.pieces
                      for t in p.equations + p.inequalities]
    assert seen >= 2 and continua >= seen
    assert any("sqrt(2)" in t for t in texts)


@pytest.mark.parametrize("b", [F(1, 3), F(3, 2), F(4)])
def test_points_of_the_line_solved_in_the_field(mapped, b):
    """At other points of the line: the number-field solve there states exactly the
    sampled Nash set, and has the structure of the map's cell there."""
    rm = mapped
    sc = scenario(ROWS, SHAPE)
    syms = make_symbols(["a", "b"])
    U = symbolic_payoffs(sc, ["a", "b"], baseline(sc), syms)
    a = sympy.sqrt(2)
    eqset = solve_at_point(U, syms, a, b).equilibrium_set()
    assert check_line_point(payoffs_at(a, b), eqset) > 0
    cell = rm.cells[rm.cell_at(a, b)]
    assert structure(eqset) == rm.regions[cell.region].structure


def test_a_wrong_piece_is_caught(mapped):
    """The check fails when a stated inequality's sqrt(2) is rounded (1.4 instead):
    the stated segment then misses equilibria, or holds points that are none."""
    import dataclasses
    rm = mapped
    pc = next(pc for reg in rm.regions for pc in reg.all_pieces()
              if not isinstance(pc.sample, tuple) or not isinstance(pc.sample[0], F))
    eqset = pc.equilibria
    comps = []
    for c in eqset.components:
        pieces = tuple(dataclasses.replace(p, inequalities=tuple(
            g.replace("sqrt(2)", "(7/5)") for g in p.inequalities),
            equations=tuple(e.replace("sqrt(2)", "(7/5)") for e in p.equations))
            for p in c.detail.pieces)
        comps.append(dataclasses.replace(c, detail=dataclasses.replace(c.detail,
                                                                       pieces=pieces)))
    wrong = dataclasses.replace(eqset, components=tuple(comps))
    check_line_point(payoffs_at(*pc.sample), eqset)
    with pytest.raises(AssertionError):
        check_line_point(payoffs_at(*pc.sample), wrong)


@pytest.mark.parametrize("a", [F(7, 5), F(71, 50), F(3, 2)])
def test_rational_points_beside_the_line(mapped, a):
    """Beside the line (rational a either side of sqrt(2)): the map's region there has
    the structure of a direct solve, whose stated sets pass the oracle of
    nplayer_oracle.py in both directions; a continuum is stated exactly where the
    oracle finds one; the map's formulas, where it has them, give equilibria."""
    rm = mapped
    sc = scenario(ROWS, SHAPE)
    for b in (F(1, 3), F(3, 2)):
        pay = {p: tuple(F(str(x)) for x in v) for p, v in payoffs_at(a, b).items()}
        direct = solve(sc.game({"a": a, "b": b}, check_range=False))
        check_sample(pay, SHAPE, direct)
        cell = rm.cells[rm.cell_at(a, b)]
        assert structure(direct) == rm.regions[cell.region].structure
        continuum = any(br.params and len(pts) > 1 for br, pts in oracle_at(pay, SHAPE))
        pc = rm.regions[cell.region].all_pieces()[cell.piece]
        assert any(len(c.members) > 1 for c in pc.equilibria.components) == continuum
        got = rm.equilibria_at(a, b)
        assert got is None or all(is_equilibrium(pay, SHAPE, e.profile) for e in got)


def test_closed_curve_over_a_number_field():
    """The five-player circle of equilibria of tests/test_continua.py (a closed curve
    touching no boundary) with one player's payoffs times sqrt(2), which changes no
    equilibrium, solved over Q(sqrt 2): the circle is one closed piece, listed where
    its named probability is least and greatest (1/4 and 3/4), and every listed
    equilibrium passes that test's brute-force regret check in the rational game;
    rational points of the circle satisfy the piece, points beside it do not."""
    import numpy as np

    from games.sensitivity.region_algebraic import point_in_field
    from games.sensitivity.region_nplayer import _solved
    from tests.test_continua import circle_game, regret

    game = circle_game()
    pt = point_in_field(sympy.sqrt(2), F(0))
    field = pt.field
    P = np.empty(game.payoffs.shape, dtype=object)
    for idx in np.ndindex(*game.payoffs.shape):
        v = field.const(game.payoffs[idx])
        P[idx] = field.mul(v, pt.a) if idx[0] == 1 else v
    eqs, pieces = _solved(field, P)
    for e in eqs:
        assert regret(game, [[F(str(p)) for p in row] for row in e.profile]) == 0
    closed = [(p, keys) for p, keys in pieces if p.closed_in]
    assert len(closed) == 1
    piece, keys = closed[0]
    assert piece.dimension == 1 and len(keys) == 2
    k = next(i for n, i, j in piece.variables if n == piece.closed_in)
    listed = [e for e in eqs if e.key() in keys]
    assert sorted(F(str(e.profile[k][0])) for e in listed) == [F(1, 4), F(3, 4)]
    names = {n: sympy.Symbol(n) for n, _, _ in piece.variables}
    for s in (F(0), F(1, 3), F(2)):
        for off in (F(0), F(1, 50)):
            x = F(1, 2) + F(1, 4) * (1 - s * s) / (1 + s * s) + off
            z = F(1, 2) + F(1, 4) * 2 * s / (1 + s * s)
            first = (x, F(1, 2), z, x, z)
            at = {names[n]: sympy.Rational(first[i]) if j == 0 else 1 - sympy.Rational(first[i])
                  for n, i, j in piece.variables}
            holds = all(sympy.sympify(e, locals=names).subs(at) == 0 for e in piece.equations)
            assert holds is (off == 0)
            assert (regret(game, [[v, 1 - v] for v in first]) == 0) is (off == 0)
