"""The Game model, exact expected payoffs, the deviation check and pure equilibria,
on textbook games with published answers."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from games.analysis import solve
from games.model import Game, Player, Strategy
from games.solvers.pure import pure_equilibria
from games.solvers.verify import check_equilibrium, max_regret_float


def two_player(a, b, names=("r", "c")) -> Game:
    a, b = np.array(a, dtype=object), np.array(b, dtype=object)
    p1 = Player("Row", tuple(Strategy(f"{names[0]}{i}") for i in range(a.shape[0])))
    p2 = Player("Col", tuple(Strategy(f"{names[1]}{j}") for j in range(a.shape[1])))
    return Game([p1, p2], np.stack([a, b]))


PD = two_player([[3, 0], [5, 1]], [[3, 5], [0, 1]])             # cooperate, defect
PENNIES = two_player([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])


def test_prisoners_dilemma_unique_pure_equilibrium() -> None:
    # Textbook: mutual defection is the only equilibrium.
    eqs = pure_equilibria(PD)
    assert [e.pure_profile for e in eqs] == [(1, 1)]
    assert eqs[0].payoffs == (1, 1)


def test_matching_pennies_has_no_pure_equilibrium() -> None:
    assert len(pure_equilibria(PENNIES)) == 0
    half = (F(1, 2), F(1, 2))
    assert check_equilibrium(PENNIES, (half, half)).ok
    assert not check_equilibrium(PENNIES, ((F(1, 3), F(2, 3)), half)).ok


def test_expected_payoffs_exact() -> None:
    prof = ((F(1, 3), F(2, 3)), (F(1, 4), F(3, 4)))
    # Row: 1/3*(1/4*3 + 3/4*0) + 2/3*(1/4*5 + 3/4*1) = 1/4 + 4/3 = 19/12
    assert PD.expected_payoffs(prof)[0] == F(19, 12)


def test_check_rejects_bad_distributions() -> None:
    assert not check_equilibrium(PENNIES, ((F(1, 2), F(1, 3)), (F(1, 2), F(1, 2)))).ok
    assert not check_equilibrium(PENNIES, ((F(3, 2), F(-1, 2)), (F(1, 2), F(1, 2)))).ok


def test_float_regret_matches_exact() -> None:
    prof = [[0.25, 0.75], [0.5, 0.5]]
    exact = ((F(1, 4), F(3, 4)), (F(1, 2), F(1, 2)))
    # Col's best deviation earns 3/4*... computed exactly via strategy values:
    vals = PENNIES.strategy_values(1, exact)
    cur = sum(p * v for p, v in zip(exact[1], vals))
    assert max_regret_float(PENNIES, prof) == pytest.approx(float(max(vals) - cur))


def test_restrict_and_single_strategy_player() -> None:
    # A third player with one strategy: solved as the 2-player game, lifted back.
    a = np.array([[[3], [0]], [[5], [1]]], dtype=object)
    b = np.array([[[3], [5]], [[0], [1]]], dtype=object)
    c = np.zeros((2, 2, 1), dtype=object)
    g = Game([Player("A", (Strategy("c"), Strategy("d"))), Player("B", (Strategy("c"),
              Strategy("d"))), Player("Z", (Strategy("only"),))], np.stack([a, b, c]))
    res = solve(g)
    assert [e.profile for e in res] == [((0, 1), (0, 1), (1,))]
    assert res[0].kind == "pure"
    sub = g.restrict([[1], [0, 1], [0]])
    assert sub.shape == (1, 2, 1)
