"""Building a 2-player result cheaply (games/solvers/verify.py, bimatrix.py, solve.py)
against independent results.

Oracles: `check_equilibrium` (exact Fractions, every pure deviation, one profile at a
time) for the final check that reads each shared strategy once; the payoffs
themselves (Fractions) for the integer matrices made once per game; Gambit's
enummixed (pygambit, rational) for games solved as they are, not copied.
"""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import games as api
from games.solvers.verify import check_equilibrium, first_failure, integer_matrices, \
    integer_rows
from tests.test_bimatrix import bimatrix_game, gambit_extreme, profiles
from tests.test_label_match import games, profiles_of


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games(3, 4), st.data())
def test_final_check_of_shared_strategies_equals_the_deviation_test(AB, data) -> None:
    """Profiles built from a few shared strategy tuples (as the solvers share one tuple
    per extreme strategy), some of them not distributions: first_failure over all of
    them fails exactly when check_equilibrium rejects one, and over the equilibria
    alone it passes."""
    game = bimatrix_game(*AB)
    pool = [data.draw(profiles_of(game.shape)) for _ in range(3)]
    pool += [e.profile for e in api.solve(game).equilibria]
    if data.draw(st.booleans()):            # a shared tuple that is no distribution
        x, y = pool[0]
        pool.append((tuple(2 * p for p in x), y))
    firsts = [p[0] for p in pool]
    seconds = [p[1] for p in pool]
    mixed = [(firsts[data.draw(st.integers(0, len(pool) - 1))],
              seconds[data.draw(st.integers(0, len(pool) - 1))]) for _ in range(6)]
    expected = all(check_equilibrium(game, p).ok for p in mixed)
    assert (first_failure(game, mixed) is None) == expected
    for p in mixed:                         # one at a time, the shared cache fresh
        assert (first_failure(game, [p]) is None) == check_equilibrium(game, p).ok
    equilibria = [e.profile for e in api.solve(game).equilibria]
    assert first_failure(game, equilibria + equilibria[::-1]) is None


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_integer_matrices_are_the_payoffs_scaled(m: int, n: int, data) -> None:
    """Each player's integer matrix divided by its scale is its payoff matrix, the
    rows by own strategy are player 2's transposed, and a second call returns the
    same objects (made once per game)."""
    cell = st.fractions(min_value=-5, max_value=5, max_denominator=7)
    A = [[data.draw(cell) for _ in range(n)] for _ in range(m)]
    B = [[data.draw(cell) for _ in range(n)] for _ in range(m)]
    game = bimatrix_game(A, B)
    (ia, sa), (ib, sb) = integer_matrices(game)
    assert [[F(v, sa) for v in row] for row in ia] == A
    assert [[F(v, sb) for v in row] for row in ib] == B
    rows = integer_rows(game)
    assert rows[0] == ia and rows[1] == [list(col) for col in zip(*ib)]
    assert integer_matrices(game) is integer_matrices(game)
    other = bimatrix_game(B, A)
    assert integer_matrices(other)[0][0] == ib


@pytest.mark.parametrize("AB", [
    ([[3, 0, 2], [1, 2, 0], [0, 1, 3]], [[1, 2, 0], [0, 1, 3], [3, 0, 1]]),
    ([[1, 1, 0], [1, 1, 1], [0, 1, 1]], [[1, 0, 1], [1, 1, 0], [1, 1, 1]]),
])
def test_game_with_every_player_choosing_is_solved_as_it_is(AB) -> None:
    """No player is dropped: the game itself is solved (not a copy), with Gambit's
    equilibria, every one of them named with the game's players."""
    game = bimatrix_game(*AB)
    res = api.solve(game)
    assert profiles(res) == gambit_extreme(*AB)
    assert all(e.players == tuple(game.players) for e in res.equilibria)
    assert all(any(f"r{i}" in str(e) for i in range(3)) for e in res.equilibria)
