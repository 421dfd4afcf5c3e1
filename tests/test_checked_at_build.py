"""The 2-player enumeration checks its equilibria exactly where it builds them (from the
integer points), and `solve`'s final check then skips only those; the convex sets are
stated from the extreme strategies' supports. Oracles: lrsnash's extreme equilibria,
`check_equilibrium` in Fractions, sympy's Groebner description of each set
(`continua.describe`), and pairs written here that are not equilibria."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from games import solve
from games.equilibrium import EquilibriumSet
from games.solvers import bimatrix
from games.solvers.continua import describe
from games.solvers.verify import check_equilibrium, was_checked
from tests.lrsnash import LRSNASH, lrsnash
from tests.test_bimatrix import bimatrix_game

_solve_module = __import__("games.solve", fromlist=["_assert_verified"])


def _game(n: int, high: int, seed: int) -> tuple[list[list[int]], list[list[int]]]:
    rng = np.random.default_rng([n, high, seed, 1115])
    return rng.integers(0, high + 1, (n, n)).tolist(), rng.integers(0, high + 1, (n, n)).tolist()


@pytest.mark.skipif(LRSNASH is None, reason="lrsnash (lrslib) is not installed: "
                    "apt-get install lrslib")
@pytest.mark.parametrize("high,seed", [(1, 0), (1, 1), (3, 2), (3, 3)])
def test_degenerate_8x8_equal_lrsnash_each_checked_and_each_set_as_sympy_states_it(
        high: int, seed: int) -> None:
    A, B = _game(8, high, seed)
    game = bimatrix_game(A, B)
    theirs, _ = lrsnash(A, B)
    built = bimatrix.solve_bimatrix(game, details=True)
    assert {e.profile for e in built.equilibria} == theirs
    assert all(was_checked(e) for e in built.equilibria)
    assert all(check_equilibrium(game, e.profile).ok for e in built.equilibria)
    ours = solve(game)
    assert {tuple(tuple(F(p) for p in probs) for probs in e.profile)
            for e in ours.equilibria} == theirs
    firsts, seconds = bimatrix.extreme_strategies(built.equilibria)
    stated = 0
    for comp in built.components:
        if len(comp.members) == 1:
            continue
        assert comp.detail is not None
        for (xs, ys), piece in zip(comp.convex_sets, comp.detail.pieces):
            supports = tuple(tuple(sorted({j for s in side for j, p in enumerate(s) if p}))
                             for side in ([firsts[a] for a in xs], [seconds[b] for b in ys]))
            found = describe(game, supports, with_points=False)
            assert found is not None and found.piece == piece
            stated += 1
    assert stated or high == 3          # (the 0/1 games have sets)


def test_a_pair_that_is_no_equilibrium_is_not_marked_and_the_final_check_refuses_it() -> None:
    """Matching pennies: its one equilibrium (1/2, 1/2) twice, built and marked; with a
    pure pair (not an equilibrium), or a point with a negative entry, nothing of the
    answer is marked, and the final check refuses it."""
    game = bimatrix_game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    good = ((1, 1), (1, 1))
    eqs, _, _ = bimatrix._sorted_equilibria(game, [good, ((2, 2), (3, 3))])
    assert all(was_checked(e) for e in eqs)
    assert all(check_equilibrium(game, e.profile).ok for e in eqs)
    _solve_module._assert_verified(game, EquilibriumSet(eqs, method="test"))
    for bad in (((1, 0), (1, 0)), ((2, -1), (1, 1))):
        eqs, _, _ = bimatrix._sorted_equilibria(game, [good, bad])
        assert not any(was_checked(e) for e in eqs)
        with pytest.raises(AssertionError, match="non-equilibrium"):
            _solve_module._assert_verified(game, EquilibriumSet(eqs, method="test"))
