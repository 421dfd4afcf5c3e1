"""Games written in our scenario format, solved by us and by Gambit (pygambit, as an
independent oracle reading the same game through a .nfg file): the equilibrium sets
must agree — exactly for 2 players (enummixed, rational), and to 1e-6 in both
directions for 3 players (enumpoly lists isolated equilibria as floats)."""
from __future__ import annotations

import io
from fractions import Fraction as F

import pytest

from games.formats.nfg import nfg_text
from games.numbers import to_float
from games.scenario import parse_scenario
from games.solvers.verify import check_equilibrium

gbt = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")

IRRATIONAL_3P = """
scenario: three players, irrational equilibrium
players:
  A: [x, y]
  B: [x, y]
  C: [x, y]
payoffs:
  x, x, x: [2, 4, 7]
  x, x, y: [3, 2, 6]
  x, y, x: [6, 2, 9]
  x, y, y: [3, 9, 4]
  y, x, x: [7, 8, 1]
  y, x, y: [2, 8, 5]
  y, y, x: [1, 5, 4]
  y, y, y: [0, 1, 6]
"""

EFFECTS_ONLY_2P = """
scenario: effects only
players:
  Firm: [enter, stay_out]
  Incumbent: [fight, accommodate]
effects:
  - when: {Firm: enter}
    payoffs: {Firm: 2, Incumbent: -1}
  - when: {Firm: enter, Incumbent: fight}
    payoffs: {Firm: -3, Incumbent: -1}
  - when: {Incumbent: accommodate}
    payoffs: {Incumbent: 1/2}
"""

DECIMALS = """
scenario: decimals fractions parameters
parameters:
  a: {value: 0.3, range: [0, 1]}
  b: {value: 2/7}
players:
  R: [u, d]
  C: [l, r]
payoffs:
  u, l: [0.1, a]
  u, r: [b, 0]
  d, l: [0, 1/3]
  d, r: [0.25 * a + b, 0.2]
"""

MIXED_DOMINANCE = """
scenario: dominated only by a mixture
players:
  Row: [top, middle, bottom]
  Column: [left, right]
payoffs:
  top, left: [3, 1]
  top, right: [0, 2]
  middle, left: [0, 2]
  middle, right: [3, 0]
  bottom, left: [1, 1]
  bottom, right: [1, 1]
"""

SINGLE_STRATEGY = """
scenario: a bystander with one strategy
players:
  A: [h, t]
  B: [h, t]
  Bystander: [watch]
payoffs:
  h, h, watch: [1, -1, 0]
  h, t, watch: [-1, 1, 1]
  t, h, watch: [-1, 1, 2]
  t, t, watch: [1, -1, 3]
"""


def ours_and_gambit(text: str):
    game = parse_scenario(text, "test.yaml").game()
    ours = game.equilibria()
    for e in ours:
        assert check_equilibrium(game, e.profile).ok
    g = gbt.read_nfg(io.StringIO(nfg_text(game)))
    return game, ours, g


def gambit_profiles(g, result) -> list[list[list]]:
    return [[[eq[s] for s in p.strategies] for p in g.players] for eq in result.equilibria]


def exact_set(profiles) -> set:
    return {tuple(tuple(F(str(p)) for p in probs) for probs in prof) for prof in profiles}


@pytest.mark.parametrize("text", [EFFECTS_ONLY_2P, DECIMALS, MIXED_DOMINANCE])
def test_two_player_sets_equal_gambit(text: str) -> None:
    game, ours, g = ours_and_gambit(text)
    theirs = gambit_profiles(g, gbt.nash.enummixed_solve(g, rational=True))
    assert exact_set([e.profile for e in ours]) == exact_set(theirs)


def test_decimals_are_exact() -> None:
    game = parse_scenario(DECIMALS, "test.yaml").game()
    assert game.payoffs[(0, 0, 0)] == F(1, 10)
    assert game.payoffs[(0, 1, 1)] == F(3, 40) + F(2, 7)      # 0.25 * 0.3 + 2/7


def test_single_strategy_player_is_dropped_and_lifted() -> None:
    game, ours, g = ours_and_gambit(SINGLE_STRATEGY)
    # Matching pennies between A and B; the bystander always watches.
    assert [e.profile for e in ours] == [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)), (F(1),))]
    assert ours[0].payoffs[2] == F(3, 2)
    theirs = gambit_profiles(g, gbt.nash.enumpoly_solve(g, use_strategic=True))
    assert exact_set([e.profile for e in ours]) == exact_set(
        [[[F(str(p)).limit_denominator(1000) for p in probs] for probs in prof]
         for prof in theirs])


def _close(a, b) -> bool:
    return all(abs(to_float(x) - float(y)) < 1e-6 for pa, pb in zip(a, b) for x, y in zip(pa, pb))


def test_three_player_irrational_equals_gambit() -> None:
    game, ours, g = ours_and_gambit(IRRATIONAL_3P)
    theirs = gambit_profiles(g, gbt.nash.enumpoly_solve(g, use_strategic=True))
    for prof in theirs:
        assert any(_close(e.profile, prof) for e in ours), f"Gambit's {prof} missing"
    for e in ours:
        assert any(_close(e.profile, prof) for prof in theirs), f"ours {e.profile} not in Gambit's"
    irrational = [e for e in ours if any(not isinstance(p, F) for probs in e.profile for p in probs)]
    assert irrational, "this game has an irrational equilibrium"
