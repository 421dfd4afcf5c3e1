"""Knife-edge splitting (games.sensitivity.region_split) on 2-player maps: a sign
class on a curve made of separate pieces is found from the decomposition alone and
each extra piece solved once; the map at points of every piece, and at the point
that separates them, equals Gambit's enummixed (exact, independent of this program).

The game: P1 gains b - 1 from r0 (the line b = 1), P2 gains
(a - 2)^2 + (b - 2)^2 - 1 from c0 against r0 and 1 against r1 (a circle tangent to
the line at (2, 1)). On the line the circle's polynomial is (a - 2)^2: it touches
zero at a = 2 without changing sign, so the line's pieces a < 2 and a > 2 have one
sign vector."""
from __future__ import annotations

from fractions import Fraction as F

import pytest

from games.scenario import parse_scenario
from games.sensitivity import region_split
from games.sensitivity import regions as regions_module
from games.sensitivity.thresholds import baseline
from games.solve import solve
from tests.test_regions import TEMPLATE, _supports, gambit_extreme

ROWS = {("r0", "c0"): "b - 1, (a - 2)*(a - 2) + (b - 2)*(b - 2) - 1",
        ("r0", "c1"): "b - 1, 0", ("r1", "c0"): "0, 1", ("r1", "c1"): "0, 0"}
TANGENT = TEMPLATE.format(va=1, vb=2, s1="r0, r1", s2="c0, c1", rows="\n".join(
    f"  {r}, {c}: [{pays}]" for (r, c), pays in ROWS.items()))


@pytest.fixture(scope="module")
def tangent():
    return parse_scenario(TANGENT)


@pytest.fixture(scope="module")
def tangent_map(tangent):
    return regions_module.regions(tangent, ("a", "b"), solver=solve)


def test_two_player_class_in_two_pieces_is_solved_per_piece(tangent, monkeypatch):
    calls = []
    real = region_split.split_classes

    def counting(cx, classes, structs, solve_at, open_too=False):
        pieces = region_split.class_pieces(cx)
        calls.append(sum(1 for p in pieces.values() if len(p) > 1))

        def solving(a, b):
            calls.append((a, b))
            return solve_at(a, b)
        assert not open_too                  # two players: open classes need no split
        return real(cx, classes, structs, solving)
    monkeypatch.setattr(regions_module, "split_classes", counting)
    rm = regions_module.regions(tangent, ("a", "b"), solver=solve)
    assert calls and calls[0] == 1           # the line b = 1: two pieces, one class
    solved = calls[1:]
    assert len(solved) == 1 and solved[0][1] == 1       # the other piece, on the line
    assert rm.complete


POINTS = [(F(1, 2), F(1)), (F(3), F(1)), (F(2), F(1)), (F(7, 2), F(1)), (F(0), F(1)),
          (F(2), F(2)), (F(1), F(2)), (F(3), F(3, 2)), (F(2), F(3)), (F(1, 3), F(1, 3))]


@pytest.mark.parametrize("a, b", POINTS)
def test_tangent_map_equals_gambit(tangent, tangent_map, a, b):
    """Every extreme equilibrium at points of both pieces of the line, at the
    tangency and elsewhere: the region's formulas give Gambit's set, or (where a
    formula is missing) the region's supports are its set's."""
    rm = tangent_map
    game = tangent.game({**baseline(tangent), "a": a, "b": b}, check_range=False)
    want = gambit_extreme(game)
    got = rm.equilibria_at(a, b)
    if got is None:
        assert rm.region_at(a, b).structure == _supports(want)
    else:
        assert {tuple(tuple(r) for r in e.profile) for e in got} == want
