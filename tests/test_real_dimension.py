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

from games.solve import solve
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


R = ring_of(3)
x, y, z = R.gens
BOX = [x, 1 - x, y, 1 - y, z, 1 - z]
AM_GM = [4 * y * z - 1, 4 * (1 - y) * (1 - z) - 1]
H = R(F(1, 2))


def dimension(equations: list, inequalities: list) -> int | None:
    G = groebner_basis([e for e in equations if e], R) if equations else []
    bounds = [b.rem(G) if G else b for b in inequalities]
    from games.solvers.continua import krull_dimension
    return real_dimension(G, [b for b in bounds if not b.is_ground], 3,
                          krull_dimension(G, 3))


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
    assert dimension(equations, inequalities) == expected
