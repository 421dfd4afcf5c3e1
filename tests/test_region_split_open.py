"""An open sign class in separate areas with different equilibria (3 players): the
region map solves each area, and agrees with a brute force written here.

The game (2x2x2; each player's gain of its first strategy over its second, in the
others' probabilities x of their first strategies): D1 = x2 - x3/2 - 1/4,
D2 = x1 - x3/2 - 1/4, D3 = b - a x1/2 - a x2/2 + x1 x2. A fully mixed equilibrium
has x1 = x2 = s = x3/2 + 1/4 with s^2 - a s + b = 0, s in (1/4, 3/4). Where
a^2 > 4b and the quadratic is positive at 1/4 and 3/4, both roots lie below 1/4,
both inside (two fully mixed equilibria) or both above 3/4: three separate areas of
one sign vector of every critical polynomial, told apart by no sign, only by where
they lie. Solving once per sign vector gave the middle area the others' equilibria."""
from __future__ import annotations

from collections import Counter
from fractions import Fraction as F

import mpmath
import pytest
import sympy

from games.scenario import parse_scenario
from games.sensitivity.critical import critical
from games.sensitivity.regions import regions
from games.sensitivity.thresholds import baseline
from games.solve import solve
from tests.test_region_nplayer import CLOSE, brute_force_2x2x2, payoffs_at
from tests.test_region_three_players import gain_scenario

# each gain at the corners: (x_j, x_k) = (1, 1), (1, 0), (0, 1), (0, 0), j < k the others
D1 = {(1, 1): "1/4", (1, 0): "3/4", (0, 1): "-3/4", (0, 0): "-1/4"}
D3 = {(1, 1): "b - a + 1", (1, 0): "b - a/2", (0, 1): "b - a/2", (0, 0): "b"}

# one point in each area: roots inside (1/4, 3/4), above 3/4, below 1/4
INSIDE, ABOVE, BELOW = (F(1), F(6, 25)), (F(9, 5), F(161, 200)), (F(1, 4), F(1, 100))


def scenario_text() -> str:
    """The game as a scenario (players 1 and 2 alike)."""
    return gain_scenario(D1, D1, D3).replace(
        "a: {value: 1, range: [0, 4]}", "a: {value: 1, range: [0, 2]}").replace(
        "b: {value: 1, range: [0, 4]}", "b: {value: 1/2, range: [0, 1]}")


@pytest.fixture(scope="module")
def game():
    return parse_scenario(scenario_text())


@pytest.fixture(scope="module")
def region_map(game):
    return regions(game, ("a", "b"), solver=solve)


def brute_supports(game, a, b) -> Counter:
    """The supports (per player, first strategy 0, second 1) of every isolated
    equilibrium the 60-digit brute force finds at (a, b), with their counts."""
    def support(x):
        if abs(x - 1) < CLOSE:
            return (0,)
        return (1,) if abs(x) < CLOSE else (0, 1)
    return Counter(tuple(support(x) for x in e)
                   for e in brute_force_2x2x2(payoffs_at(game, a, b)))


def test_one_sign_vector_three_structures(game):
    """The premise: the three points have one sign vector of every critical
    polynomial, and the brute force finds two more equilibria in the middle area."""
    crit = critical(game, ["a", "b"], baseline(game))
    a, b = crit.symbols

    def signs(pt):
        return [sympy.sign(p.subs({a: pt[0], b: pt[1]})) for p in crit.polys]
    assert signs(INSIDE) == signs(ABOVE) == signs(BELOW)
    assert 0 not in signs(INSIDE)
    full = ((0, 1), (0, 1), (0, 1))
    assert brute_supports(game, *INSIDE)[full] == 2
    assert brute_supports(game, *ABOVE)[full] == brute_supports(game, *BELOW)[full] == 0


def _structure(region) -> Counter:
    return Counter({sup: n for sup, n in region.structure})


@pytest.mark.parametrize("pt", [INSIDE, ABOVE, BELOW])
def test_each_area_has_its_own_equilibria(game, region_map, pt):
    """The region holding each point has the brute force's supports, and its
    formulas give the brute force's equilibria there."""
    assert _structure(region_map.region_at(*pt)) == brute_supports(game, *pt)
    got = region_map.equilibria_at(*pt)
    assert got is not None
    want = brute_force_2x2x2(payoffs_at(game, *pt))
    have = [tuple(mpmath.mpf(e.profile[i][0].numerator) / e.profile[i][0].denominator
                  if isinstance(e.profile[i][0], F) else mpmath.mpf(str(float(e.profile[i][0])))
                  for i in range(3)) for e in got]
    assert len(have) == len(want)
    for w in want:
        assert any(max(abs(x - y) for x, y in zip(w, h)) < 1e-12 for h in have)


def test_every_open_cell_matches_the_brute_force(game, region_map):
    """At the rational sample of every open cell of the decomposition, the region
    holding it has the brute force's supports."""
    samples = {pt for area in region_map.areas for dim, pt in area.cells
               if dim == 2 and all(isinstance(x, F) for x in pt)}
    assert len(samples) >= 10
    for pt in samples:
        assert _structure(region_map.region_at(*pt)) == brute_supports(game, *pt), pt
