"""The stated dimension of curved sets of equilibria is that of the real set, not the
Krull dimension of its equations, against answers derived by hand.

The games: player 1's strategies A (and B) pay 0, C pays 1 - 4yz and D pays
1 - 4(1-y)(1-z), where y and z are the probabilities of players 2 and 3's first
strategies; players 2 and 3 gain 1 from their first strategy when player 1 plays C
or D, and are indifferent otherwise. Against A or B the others may mix freely as far
as C and D do no better: yz >= 1/4 and (1-y)(1-z) >= 1/4, which by the AM-GM
inequality give y + z >= 1 and y + z <= 1, so y = z = 1/2. With A and B the
equilibria besides (D, first, first) are a segment (any mixture of A and B), whose
equations say nothing (Krull dimension 3); with A alone, an isolated point (Krull 2).
"""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from cli.render.continua import component_sentence
from games.equilibrium import Component
from games.solve import solve
from games.solvers.continua import Piece, detail_of
from games.solvers.real_dimension import real_dimension
from games.solvers.support_system import ring_of
from games.solvers.zero_dim import groebner_basis
from tests.builders import game_from_arrays

F = Fraction
HALF = (F(1, 2), F(1, 2))


def am_gm_game(with_b: bool) -> np.ndarray:
    first = 2 if with_b else 1                      # index of C
    arr = np.zeros((3, first + 2, 2, 2), dtype=object)
    for a, b, c in itertools.product(range(first + 2), range(2), range(2)):
        y, z = 1 - b, 1 - c
        u1 = 0 if a < first else (1 - 4 * y * z if a == first else 1 - 4 * (1 - y) * (1 - z))
        arr[:, a, b, c] = (u1, int(a >= first and b == 0), int(a >= first and c == 0))
    return arr


def test_segment_whose_equations_say_three_dimensions() -> None:
    result = solve(game_from_arrays(am_gm_game(with_b=True)))
    profiles = {e.profile for e in result.equilibria}
    a, b, d = (F(1), F(0), F(0), F(0)), (F(0), F(1), F(0), F(0)), (F(0), F(0), F(0), F(1))
    assert profiles == {(a, HALF, HALF), (b, HALF, HALF), (d, (F(1), F(0)), (F(1), F(0)))}
    [comp] = result.components
    assert comp.detail is not None and comp.detail.dimension == 1
    assert {result.equilibria[k].profile[0] for k in comp.members} == {a, b}


def test_isolated_point_whose_equations_say_two_dimensions() -> None:
    result = solve(game_from_arrays(am_gm_game(with_b=False)))
    profiles = {e.profile for e in result.equilibria}
    assert profiles == {((F(1), F(0), F(0)), HALF, HALF),
                        ((F(0), F(0), F(1)), (F(1), F(0)), (F(1), F(0)))}
    assert not result.components


def am_gm_game_4(with_b: bool) -> np.ndarray:
    """The same with three others (probabilities y, z, w of their first strategies):
    C pays 1 - 8yzw and D pays 1 - 8(1-y)(1-z)(1-w). Against A (or B) C and D do no
    better only where yzw >= 1/8 and (1-y)(1-z)(1-w) >= 1/8, which by AM-GM give
    y + z + w >= 3/2 and <= 3/2, so y = z = w = 1/2: two curved inequalities touching
    at one point, with no equation and no boundary face through it."""
    first = 2 if with_b else 1
    arr = np.zeros((4, first + 2, 2, 2, 2), dtype=object)
    for a, b, c, d in itertools.product(range(first + 2), range(2), range(2), range(2)):
        y, z, w = 1 - b, 1 - c, 1 - d
        u1 = 0 if a < first else (1 - 8 * y * z * w if a == first
                                  else 1 - 8 * (1 - y) * (1 - z) * (1 - w))
        gain = int(a >= first)
        arr[:, a, b, c, d] = (u1, gain * int(b == 0), gain * int(c == 0), gain * int(d == 0))
    return arr


THIRDS = (HALF, HALF, HALF)
FIRSTS = ((F(1), F(0)),) * 3


def test_point_where_two_curved_inequalities_touch_is_found_and_isolated() -> None:
    """(A, 1/2, 1/2, 1/2) is an equilibrium no boundary face holds: the solver used to
    miss it and say the run may be incomplete."""
    result = solve(game_from_arrays(am_gm_game_4(with_b=False)))
    a, d = (F(1), F(0), F(0)), (F(0), F(0), F(1))
    assert {e.profile for e in result.equilibria} == {(a, *THIRDS), (d, *FIRSTS)}
    assert not result.components
    assert not any("missing" in n for n in result.notes), result.notes


@pytest.mark.parametrize("limit", [5, 120])
def test_touching_search_past_its_limit_says_what_may_be_missing(monkeypatch, limit: int) -> None:
    """Below what the piece needs (93 systems a form for the curved block; more to
    prove it a point) the search gives up: the point is then not claimed and the run
    is marked incomplete, or it is found but its block is not proved a point."""
    import games.solvers.touching as touching
    monkeypatch.setattr(touching, "SYSTEMS", limit)
    result = solve(game_from_arrays(am_gm_game_4(with_b=False)))
    a, d = (F(1), F(0), F(0)), (F(0), F(0), F(1))
    profiles = {e.profile for e in result.equilibria}
    assert (d, *FIRSTS) in profiles
    if limit == 5:
        assert profiles == {(d, *FIRSTS)}
        assert any("may be missing" in n for n in result.notes), result.notes
    else:
        assert profiles == {(a, *THIRDS), (d, *FIRSTS)}
        [comp] = result.components                  # found, not proved a single point
        assert comp.detail is not None and not comp.detail.dimension_exact


def test_segment_whose_curved_block_touches_at_one_point() -> None:
    """With A and B: the segment of their mixtures at y = z = w = 1/2, stated as the
    1-dimensional set it is (the curved block proved a single point), with A's and
    B's points listed."""
    result = solve(game_from_arrays(am_gm_game_4(with_b=True)))
    a, b, d = (F(1), F(0), F(0), F(0)), (F(0), F(1), F(0), F(0)), (F(0), F(0), F(0), F(1))
    assert {e.profile for e in result.equilibria} == \
        {(a, *THIRDS), (b, *THIRDS), (d, *FIRSTS)}
    [comp] = result.components
    assert comp.detail is not None
    assert (comp.detail.dimension, comp.detail.dimension_exact) == (1, True)
    assert {result.equilibria[k].profile[0] for k in comp.members} == {a, b}
    assert not any("missing" in n for n in result.notes), result.notes
    game = game_from_arrays(am_gm_game_4(with_b=True))
    [piece_dict] = comp.detail.to_dict(game)["pieces"]
    assert piece_dict["listed_points"].startswith("including where p")
    assert "least and where it is greatest on it" in component_sentence(game, comp)


R = ring_of(3)
x, y, z = R.gens
BOX = [x, 1 - x, y, 1 - y, z, 1 - z]
AM_GM = [4 * y * z - 1, 4 * (1 - y) * (1 - z) - 1]
H = R(F(1, 2))


def dimension(equations: list, inequalities: list, ring: object = R
              ) -> tuple[int, bool] | None:
    """real_dimension's answer: the dimension and whether it is exact."""
    nvars = len(ring.gens)                                     # type: ignore[attr-defined]
    G = groebner_basis([e for e in equations if e], ring) if equations else []
    bounds = [b.rem(G) if G else b for b in inequalities]
    from games.solvers.continua import krull_dimension
    return real_dimension(G, [b for b in bounds if not b.is_ground], nvars,
                          krull_dimension(G, nvars))


@pytest.mark.parametrize("equations, inequalities, expected", [
    ([], BOX + AM_GM, 1),                                       # x free, y = z = 1/2
    ([], BOX + AM_GM[:1], 3),                                   # yz >= 1/4: open
    ([(y - H) ** 2 + (z - H) ** 2], BOX, 1),                    # one real point of a
    ([y ** 2 + z ** 2 + 1], BOX, 1),                            # complex curve; none
    ([(y - H) * (z - H) - R(F(1, 100))], BOX, 2),               # a hyperbola's two arcs
    ([], BOX + [-(y - z) ** 2], 2),                             # the diagonal y = z
    ([], BOX + [-(2 * y - 1) ** 2], 2),                         # y = 1/2, z free
    ([], BOX + [-(2 * y - 1) ** 2, -(2 * z - 1) ** 2], 1),     # y = z = 1/2
    ([y * z - H * H], BOX + [1 - y - z], 1),                    # touches y + z = 1 once
    ([y * z - R(F(1, 5))], BOX + [1 - y - z], 2),               # crosses it: an arc
    ([y - z], BOX + AM_GM, 1),                                  # linear: y = z = 1/2
])
def test_real_dimension_by_hand(equations: list, inequalities: list, expected: int) -> None:
    assert dimension(equations, inequalities) == (expected, True)


R4 = ring_of(4)
v, x4, y4, z4 = R4.gens
BOX4 = [v, 1 - v, x4, 1 - x4, y4, 1 - y4, z4, 1 - z4]
EIGHTH = R4(F(1, 8))
CUBE_AM_GM = [8 * x4 * y4 * z4 - 1, 8 * (1 - x4) * (1 - y4) * (1 - z4) - 1]


@pytest.mark.parametrize("equations, inequalities, expected", [
    # v is free (1) and xyz >= 1/8 holds an open set of the cube (3): exact, 4
    ([], BOX4 + CUBE_AM_GM[:1], (4, True)),
    # both AM-GM inequalities leave x = y = z = 1/2 only (by hand: x + y + z >= 3/2 and
    # <= 3/2, with equality in AM-GM), so the set is a segment in v: the curved block
    # of three variables gets its Krull dimension 3, stated as an upper bound
    ([], BOX4 + CUBE_AM_GM, (4, False)),
    # xyz = 1 meets the cube at (1, 1, 1) only: really 1 (v), stated as at most 3
    ([x4 * y4 * z4 - 1], BOX4, (3, False)),
    # the surface xyz = 1/8 is 2-dimensional in the cube (xyz is below 1/8 at the
    # centre, above it at (5/7, 5/7, 5/7), the segment between stays inside): 3, exact
    ([x4 * y4 * z4 - EIGHTH], BOX4, (3, True)),
    # the same surface where x + y + z <= 3/2 only touches it, at (1/2, 1/2, 1/2)
    # (AM-GM): really 1 (v), stated as at most 3
    ([x4 * y4 * z4 - EIGHTH], BOX4 + [R4(F(3, 2)) - x4 - y4 - z4], (3, False)),
    # a curved block of two variables stays exact beside a free one: the arc
    # xy = 1/8 in the square (1), v and z free (2)
    ([x4 * y4 - EIGHTH], BOX4, (3, True)),
    # z = x makes the set a graph over (x, y): the arc xy = 1/8 again, with v free
    ([z4 - x4, x4 * y4 - EIGHTH], BOX4, (2, True)),
    # z = 2x: the arc xy = 1/8 within x <= 1/2 (z <= 1) is still an arc
    ([z4 - 2 * x4, x4 * y4 - EIGHTH], BOX4, (2, True)),
    # v = x leaves xyz = 1 in three variables, met at (1, 1, 1) only: a bound
    ([v - x4, x4 * y4 * z4 - 1], BOX4, (2, False)),
])
def test_curved_blocks_of_three_variables_are_upper_bounds(equations: list, inequalities: list,
                                                          expected: tuple[int, bool]) -> None:
    """A dimension is claimed exactly only where it was measured: otherwise it is
    marked as an upper bound, and every bound here is at least the dimension found by
    hand."""
    assert dimension(equations, inequalities, R4) == expected


def piece(dimension: int, exact: bool, linear: bool) -> Piece:
    """A piece of a 2x2x2x2 game where every player mixes (p1..p4), as continua states it."""
    return Piece(supports=((0, 1),) * 4, fixed=(), implied=tuple((i, 1) for i in range(4)),
                 variables=tuple((f"p{i + 1}", i, 0) for i in range(4)),
                 equations=() if linear else ("p2*p3*p4 - 1",), inequalities=(),
                 dimension=dimension, linear=linear, dimension_exact=exact)


@pytest.mark.parametrize("dims, exact", [
    ([(3, False), (1, True)], False),     # the largest piece's 3 is only a bound
    ([(3, False), (3, True)], True),      # another piece reaches 3 exactly
    ([(2, False), (3, True)], True),      # a bound below the exact largest
])
def test_a_component_is_exact_where_a_largest_piece_is(dims: list, exact: bool) -> None:
    detail = detail_of([piece(d, e, linear=e) for d, e in dims])
    assert detail.dimension == 3 and detail.dimension_exact is exact


def test_an_upper_bound_is_stated_as_one_in_words_and_json() -> None:
    """Text and JSON say "at most" for a bound and claim no shape; an exact
    dimension keeps its words and the JSON its keys."""
    game = game_from_arrays(np.zeros((4, 2, 2, 2, 2), dtype=object))
    bound = Component(members=(0, 1), detail=detail_of([piece(3, False, linear=False)]))
    exact = Component(members=(0, 1), detail=detail_of([piece(3, True, linear=True)]))
    text = component_sentence(game, bound)
    assert "a set of equilibria of dimension at most 3;" in text
    assert "3-dimensional" not in text
    assert "3-dimensional set of equilibria" in component_sentence(game, exact)
    assert bound.detail is not None and exact.detail is not None
    assert bound.detail.to_dict(game)["dimension_at_most"] is True
    assert "dimension_at_most" not in exact.detail.to_dict(game)
