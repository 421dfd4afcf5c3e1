"""Continua of 3-player region maps against an independent exact oracle of the whole
Nash set (tests/nplayer_oracle.py: support enumeration solved by sympy, positive-
dimensional sets by their free parameters and inequalities).

Games: a hand-made 2x2x2 game where player 1 is indifferent on a = 1 whatever the
others do (a continuum on that line, two-dimensional at its crossing with b = 0), and
parametric 2x2x2 and 2x2x3 games drawn with a fixed seed from payoffs among
constants, a and b (ties on the lines a = c and b = c, where continua appear).

- At the exact sample of every cell on a boundary or at a crossing (and the open
  cells' too): every oracle point (each branch's extreme parameter values and points
  between) lies in one of the sets the map states there (an equilibrium it lists,
  or a piece of a component: equations and inequalities in its named probabilities),
  and every stated set's own points (its pieces solved by the oracle's solver and
  sampled the same way, its extreme points) pass the exact deviation check.
- At rational points on each boundary and at crossings other than the samples: the
  region's formulas give exact equilibria, and the region states a continuum
  exactly where the oracle finds a positive-dimensional branch; with none, its
  formulas give exactly the oracle's (finite) Nash set."""
from __future__ import annotations

import itertools
import random
from fractions import Fraction as F

import pytest
import sympy

from games.sensitivity.regions import regions
from games.solve import solve
from tests.nplayer_oracle import (Branch, exact_sign, is_equilibrium, nash_branches,
                                  same_profile, solve_branches)
from tests.test_region_nplayer import scenario
from tests.test_regions import boundary_points

A, B = sympy.symbols("a b")


def payoffs_at(rows, a: F, b: F) -> dict[tuple[int, ...], tuple[F, ...]]:
    """The payoffs at (a, b), from the test's own payoff strings (sympy)."""
    sub = {A: sympy.Rational(a.numerator, a.denominator),
           B: sympy.Rational(b.numerator, b.denominator)}
    return {p: tuple(F(str(sympy.sympify(x).subs(sub))) for x in v) for p, v in rows.items()}


HAND_MADE = {   # P1 gets a from s00, 1 from s01: indifferent on a = 1 whatever happens
    (0, 0, 0): ('a', '1', '2'),
    (0, 0, 1): ('a', '1', '0'),
    (0, 1, 0): ('a', '0', '0'),
    (0, 1, 1): ('a', '0', '2'),
    (1, 0, 0): ('1', '0', '1'),
    (1, 0, 1): ('1', '0', 'a'),
    (1, 1, 0): ('1', 'b', 'a'),
    (1, 1, 1): ('1', 'b', '1'),
}


def hand_made():
    return HAND_MADE, (2, 2, 2)


def generated(seed: int, shape: tuple[int, ...], params: int = 2):
    """A game whose every payoff is a constant, a or b (ties on a = c and b = c); a
    payoff is a or b with probability params/6 (fewer: smaller boundary polynomials)."""
    rng = random.Random(seed)
    consts = ["0", "1", "2", "3"]
    return {prof: tuple(rng.choice(["a", "b"]) if rng.random() < params / 6
                        else rng.choice(consts) for _ in shape)
            for prof in itertools.product(*(range(m) for m in shape))}, shape


# seeds whose maps take about a second (most 2x2x3 ones take a minute or more)
GAMES = [("hand-made", hand_made()), ("seed 2, 2x2x2", generated(2, (2, 2, 2))),
         ("seed 7, 2x2x2", generated(7, (2, 2, 2))),
         ("seed 2, 2x2x3", generated(2, (2, 2, 3), params=1))]


# ---------------------------------------------------------------- the stated sets

def _support(profile) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(j for j, p in enumerate(row) if exact_sign(sympy.sympify(p)) != 0)
                 for row in profile)


def _piece_symbols(piece) -> dict[str, sympy.Symbol]:
    return {name: sympy.Symbol(name) for name, _, _ in piece.variables}


def _parse(text: str, names: dict[str, sympy.Symbol]) -> sympy.Expr:
    """A piece's equation or inequality (sympy syntax: program output, not input)."""
    return sympy.sympify(text, locals=names)


def in_piece(piece, point) -> bool:
    """Is the exact profile in the piece (support inside, fixed strategies, equations
    and inequalities at its named probabilities)?"""
    sup = _support(point)
    if any(not set(s) <= set(ps) for s, ps in zip(sup, piece.supports)):
        return False
    if any(exact_sign(sympy.sympify(point[i][j]) - 1) != 0 for i, j in piece.fixed):
        return False
    names = _piece_symbols(piece)
    at = {names[n]: sympy.sympify(point[i][j]) for n, i, j in piece.variables}
    return (all(exact_sign(_parse(e, names).subs(at)) == 0 for e in piece.equations) and
            all(exact_sign(_parse(g, names).subs(at)) >= 0 for g in piece.inequalities))


def in_stated(eqset, point) -> bool:
    if any(same_profile(point, e.profile) for e in eqset.equilibria):
        return True
    return any(in_piece(p, point) for c in eqset.components if c.detail is not None
               for p in c.detail.pieces)


def piece_branches(piece, shape) -> list[Branch]:
    """A stated piece solved by the oracle's own solver, as branches to sample."""
    names = _piece_symbols(piece)
    unknowns = list(names.values())
    eqs = [_parse(e, names) for e in piece.equations]
    ineqs = [_parse(g, names) for g in piece.inequalities]
    out = []
    for sol, dens in solve_branches(eqs, unknowns):
        rows = [[sympy.Integer(0)] * m for m in shape]
        for i, j in piece.fixed:
            rows[i][j] = sympy.Integer(1)
        for n, i, j in piece.variables:
            rows[i][j] = names[n]
        for i, j in piece.implied:
            rows[i][j] = 1 - sum(names[n] for n, i2, _ in piece.variables if i2 == i)
        prof = tuple(tuple(sympy.together(sympy.sympify(p).subs(sol)) for p in r) for r in rows)
        out.append(Branch(piece.supports, tuple(u for u in unknowns if u not in sol), prof,
                          tuple(sympy.together(g.subs(sol)) for g in ineqs), dens))
    return out


_SAMPLED: dict[tuple, list] = {}


def oracle_at(pay, shape) -> list[tuple[Branch, list]]:
    """The oracle's branches at the payoffs, each with its points (kept: the two
    tests meet at the cells' samples)."""
    key = (shape, tuple(sorted(pay.items())))
    if key not in _SAMPLED:
        _SAMPLED[key] = [(br, br.points()) for br in nash_branches(pay, shape)]
    return _SAMPLED[key]


def check_sample(pay, shape, eqset) -> tuple[int, int, int]:
    """Both directions at one point; (oracle points, stated points, continua)."""
    oracle = [pt for _, pts in oracle_at(pay, shape) for pt in pts]
    for pt in oracle:
        assert in_stated(eqset, pt), pt
    stated = [e.profile for e in eqset.equilibria]
    continua = 0
    for c in eqset.components:
        if len(c.members) > 1:
            continua += 1
            assert c.detail is not None, c
            for p in c.detail.pieces:
                stated += [pt for br in piece_branches(p, shape) for pt in br.points()]
    for pt in stated:
        assert is_equilibrium(pay, shape, pt), pt
    return len(oracle), len(stated), continua


@pytest.fixture(scope="module", params=GAMES, ids=[g[0] for g in GAMES])
def mapped(request):
    (rows, shape) = request.param[1]
    sc = scenario(rows, shape)
    rm = regions(sc, ("a", "b"), solver=solve)
    assert rm.complete, rm.notes
    return rows, shape, rm


def test_stated_sets_match_the_oracle(mapped):
    """Every piece of formulas of every region states its equilibrium set (continua
    as pieces of equations and inequalities) at its exact sample: both directions
    there. The regions of cells on boundaries and crossings have their samples on
    them."""
    rows, shape, rm = mapped
    totals = [0, 0, 0]
    on_curves = 0
    for reg in rm.regions:
        for pc in reg.all_pieces():
            a, b = pc.sample
            assert isinstance(a, F) and isinstance(b, F)     # these games' curves: lines
            got = check_sample(payoffs_at(rows, a, b), shape, pc.equilibria)
            totals = [x + y for x, y in zip(totals, got)]
            on_curves += rm.cells[rm.cell_at(a, b)].dimension < 2
    assert totals[0] > 0 and totals[1] > 0 and totals[2] > 0 and on_curves > 0


def test_points_on_boundaries_match_the_oracle(mapped):
    """At every cell's sample and at rational points on each boundary and at
    crossings: the region states a continuum exactly where the oracle finds one, its
    formulas give exact equilibria, and without a continuum exactly the oracle's."""
    rows, shape, rm = mapped
    points = [c.sample for c in rm.cells] + boundary_points(rm, 2)
    continua = formulas = 0
    for a, b in dict.fromkeys(points):
        pay = payoffs_at(rows, a, b)
        sampled = oracle_at(pay, shape)
        continuum = any(br.params and len(pts) > 1 for br, pts in sampled)
        cell = rm.cells[rm.cell_at(a, b)]
        pc = rm.regions[cell.region].all_pieces()[cell.piece]
        assert pc.equilibria is not None
        stated = any(len(c.members) > 1 for c in pc.equilibria.components)
        assert stated == continuum, (a, b)
        continua += continuum
        got = rm.equilibria_at(a, b)
        if got is None:
            continue
        for e in got:
            assert is_equilibrium(pay, shape, e.profile), ((a, b), e.profile)
        if not continuum:
            oracle = [pt for _, pts in sampled for pt in pts]
            assert all(any(same_profile(pt, e.profile) for e in got) for pt in oracle), (a, b)
            assert all(any(same_profile(pt, e.profile) for pt in oracle) for e in got), (a, b)
        formulas += 1
    assert continua > 0 and formulas > 0


# ---------------------------------------------------------------- the oracle itself

def test_oracle_on_textbook_games():
    """All payoffs equal: every profile is an equilibrium (the oracle's branches cover
    the cube: its points include every pure profile and the centre). Matching
    pennies for players 1 and 2 with player 3 a dummy paying 0: the equilibria are
    (1/2, 1/2) for both and any mixture of player 3, a segment whose two ends are
    among the oracle's points; nothing else (every point has the 1/2s)."""
    shape = (2, 2, 2)
    zero = {p: (F(0), F(0), F(0)) for p in itertools.product(range(2), repeat=3)}
    pts = [pt for br in nash_branches(zero, shape) for pt in br.points()]
    for pure in itertools.product(range(2), repeat=3):
        prof = tuple(tuple(sympy.Integer(int(j == s)) for j in range(2)) for s in pure)
        assert any(same_profile(prof, pt) for pt in pts)
    half = (sympy.Rational(1, 2),) * 2
    assert any(same_profile((half, half, half), pt) for pt in pts)
    pennies = {(i, j, k): (F(1 if i == j else -1), F(-1 if i == j else 1), F(0))
               for i, j, k in itertools.product(range(2), repeat=3)}
    pts = [pt for br in nash_branches(pennies, shape) for pt in br.points()]
    assert all(pt[0] == half and pt[1] == half for pt in pts)
    assert {pt[2] for pt in pts} >= {(1, 0), (0, 1)} and len(pts) >= 3
    assert all(is_equilibrium(pennies, shape, pt) for pt in pts)
    assert not is_equilibrium(pennies, shape, (half, (1, 0), (1, 0)))


def test_a_continuum_left_out_is_caught():
    """The check fails when the map's continua are taken away: at the crossing
    a = 1, b = 0 of the hand-made game (a 2-dimensional set), the stated set without
    its components misses oracle points."""
    import dataclasses
    rows, shape = hand_made()
    rm = regions(scenario(rows, shape), ("a", "b"), solver=solve)
    cell = rm.cells[rm.cell_at(F(1), F(0))]
    assert cell.dimension == 0
    eqset = rm.regions[cell.region].all_pieces()[cell.piece].equilibria
    assert eqset.components[0].detail.dimension == 2
    check_sample(payoffs_at(rows, F(1), F(0)), shape, eqset)
    with pytest.raises(AssertionError):
        check_sample(payoffs_at(rows, F(1), F(0)), shape,
                     dataclasses.replace(eqset, components=()))


@pytest.mark.slow      # about 25 s on a loaded machine: the map has 11 boundaries
def test_support_formulas_with_a_pole_at_another_cell():
    """Seed 14's map used to stop with ZeroDivisionError: a region's support formulas
    (3 players), built at one cell, were tried at another cell where a denominator
    vanishes. Such a cell is not the piece's (it gets its own): the map is built,
    and its formulas at every rational cell sample are exact equilibria. (It is
    complete but for its connected areas, past their limit: so the separate areas of
    one sign class, which may differ with three players, were not all solved.)"""
    rows, shape = generated(14, (2, 2, 2))
    rm = regions(scenario(rows, shape), ("a", "b"), solver=solve)
    assert rm.complete or all("connected areas" in n or "separate areas" in n
                              for n in rm.notes), rm.notes
    checked = 0
    for c in rm.cells:
        a, b = c.sample
        if not (isinstance(a, F) and isinstance(b, F)) or c.dimension == 2:
            continue
        got = rm.equilibria_at(a, b)
        for e in got or ():
            assert is_equilibrium(payoffs_at(rows, a, b), shape, e.profile), (a, b)
        checked += got is not None
    assert checked > 0
