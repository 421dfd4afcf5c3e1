"""Dominance: textbook games solved by hand, Gambit's mixed-dominance corpus games, and
a property test against Gambit's exact equilibrium enumeration (a test-only oracle)."""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pygambit as gbt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from games.model import Game, Player, Strategy
from games.solvers.verify import check_equilibrium
from games.solvers.dominance import (Domination, dominance, dominated_by,
                                     iterated_elimination)

from tests.corpus import CORPUS, SKIP_REASON
from tests.builders import game_from_gambit as from_gambit


def bimatrix(rows: list[str], cols: list[str], cells: list[list[tuple[int, int]]]) -> Game:
    """A 2-player Game from a table of (row payoff, column payoff) cells."""
    arr = np.empty((2, len(rows), len(cols)), dtype=object)
    for r, line in enumerate(cells):
        for c, (a, b) in enumerate(line):
            arr[0, r, c], arr[1, r, c] = F(a), F(b)
    players = [Player("Row", tuple(Strategy(s) for s in rows)),
               Player("Column", tuple(Strategy(s) for s in cols))]
    return Game(players, arr)





def gambit_equilibria(g: gbt.Game) -> set[tuple[tuple[F, ...], ...]]:
    """Gambit's exact extreme equilibria (enummixed, rational) as tuples of Fractions."""
    out = set()
    for eq in gbt.nash.enummixed_solve(g, rational=True).equilibria:
        out.add(tuple(tuple(F(str(eq[s])) for s in p.strategies) for p in g.players))
    return out


def mixture_payoff(game: Game, d: Domination, opponents: tuple[int, ...]) -> F:
    """The dominator's payoff against `opponents`, recomputed from the game's array."""
    total = F(0)
    for k, p in d.weights.items():
        profile = list(opponents)
        profile.insert(d.player, k)
        total += p * game.payoff(d.player, tuple(profile))
    return total


def assert_valid(game: Game, d: Domination) -> None:
    """Independently re-check a Domination against the payoff array."""
    others = [d.alive[j] for j in range(game.n_players) if j != d.player]
    assert [c.opponents for c in d.comparisons] == list(itertools.product(*others))
    assert sum(d.weights.values()) == 1 and all(p > 0 for p in d.weights.values())
    assert d.strategy not in d.weights
    for c in d.comparisons:
        profile = list(c.opponents)
        profile.insert(d.player, d.strategy)
        assert c.dominated == game.payoff(d.player, tuple(profile))
        assert c.dominator == mixture_payoff(game, d, c.opponents)
        assert c.dominator >= c.dominated
    if d.strict:
        assert d.margin > 0
    else:
        assert d.margin == 0 and any(c.strict for c in d.comparisons)


# -- textbook games -----------------------------------------------------------------

def test_prisoners_dilemma():
    # Gibbons (1992), A Primer in Game Theory, Fig. 1.1.1: Mum/Fink with payoffs
    # (-1,-1), (-9,0) / (0,-9), (-6,-6). Mum is strictly dominated by Fink for both:
    # 0 > -1 against Mum and -6 > -9 against Fink.
    pd = bimatrix(["Mum", "Fink"], ["Mum", "Fink"],
                  [[(-1, -1), (-9, 0)], [(0, -9), (-6, -6)]])
    d = dominated_by(pd, 0, 0)
    assert d is not None and d.dominator == 1 and d.strict and not d.is_mixed
    assert [(c.opponents, c.dominated, c.dominator) for c in d.comparisons] == \
        [((0,), -1, 0), ((1,), -9, -6)]
    assert d.margin == 1
    assert dominated_by(pd, 0, 1) is None
    res = iterated_elimination(pd)
    assert res.surviving == ((1,), (1,)) and res.solved and res.rounds == 1
    assert {(s.player, s.strategy) for s in res.steps} == {(0, 0), (1, 0)}
    assert res.reduced.payoffs[:, 0, 0].tolist() == [-6, -6]
    assert not res.order_dependent


def test_dominated_only_by_a_mixture():
    # Rows T = (3,0), M = (0,3), B = (1,1): neither T nor M beats B against both
    # columns, but 1/2 T + 1/2 M earns 3/2 > 1 against each; 1/2-1/2 maximises the
    # margin min(3p - 1, 2 - 3p), which is 1/2.
    g = bimatrix(["T", "M", "B"], ["L", "R"],
                 [[(3, 0), (0, 0)], [(0, 0), (3, 0)], [(1, 0), (1, 0)]])
    d = dominated_by(g, 0, 2)
    assert d is not None and d.strict and d.is_mixed
    assert d.dominator == {0: F(1, 2), 1: F(1, 2)}
    assert d.margin == F(1, 2)
    assert all(c.dominator == F(3, 2) and c.dominated == 1 for c in d.comparisons)
    assert_valid(g, d)
    assert dominated_by(g, 0, 0) is None and dominated_by(g, 0, 1) is None
    # with M gone from the sub-game, B is no longer dominated
    assert dominated_by(g, 0, 2, alive=[[0, 2], [0, 1]]) is None


def test_gibbons_iterated_elimination():
    # Gibbons (1992), Section 1.1.B: rows Up/Down, columns Left/Middle/Right,
    #   Up:   (1,0) (1,2) (0,1)        Down: (0,3) (0,1) (2,0).
    # Right is strictly dominated by Middle; then Down by Up; then Left by Middle,
    # leaving (Up, Middle).
    g = bimatrix(["Up", "Down"], ["Left", "Middle", "Right"],
                 [[(1, 0), (1, 2), (0, 1)], [(0, 3), (0, 1), (2, 0)]])
    res = iterated_elimination(g)
    assert [(s.round, s.player, s.strategy, s.domination.dominator) for s in res.steps] == \
        [(1, 1, 2, 1), (2, 0, 1, 0), (3, 1, 0, 1)]
    assert res.surviving == ((0,), (1,))
    assert res.reduced.payoffs[:, 0, 0].tolist() == [1, 2]
    for s in res.steps:
        assert_valid(g, s.domination)


def test_three_by_three_needs_four_rounds_and_a_mixture():
    # Derived by hand:        L      C      R
    #                    T   3,3    0,1    0,2
    #                    M   0,2    0,0    3,1
    #                    B   1,0    5,3    1,4
    # Round 1: C < R for the column player (1<2, 0<1, 3<4); every row is a best
    # response to some column. Round 2: against L, R the rows are T = (3,0),
    # M = (0,3), B = (1,1): B < 1/2 T + 1/2 M. Round 3: R < L (2<3, 1<2).
    # Round 4: against L, M earns 0 < 3. The reduced game is (T, L) with (3, 3).
    g = bimatrix(["T", "M", "B"], ["L", "C", "R"],
                 [[(3, 3), (0, 1), (0, 2)], [(0, 2), (0, 0), (3, 1)], [(1, 0), (5, 3), (1, 4)]])
    res = iterated_elimination(g)
    assert [(s.round, s.player, s.strategy) for s in res.steps] == \
        [(1, 1, 1), (2, 0, 2), (3, 1, 2), (4, 0, 1)]
    assert res.steps[1].domination.dominator == {0: F(1, 2), 1: F(1, 2)}
    assert res.steps[1].domination.alive == ((0, 1, 2), (0, 2))
    assert res.surviving == ((0,), (0,)) and res.rounds == 4
    assert res.reduced.payoffs[:, 0, 0].tolist() == [3, 3]
    assert res.reduced.players[0].strategy_names == ["T"]
    assert res.eliminated(0) == (2, 1)


def test_weak_dominance_is_labelled_and_order_dependent():
    #        L     R
    #   T   1,1   0,0
    #   M   1,1   2,1
    #   B   0,0   2,1
    # No strict dominance at all. T and B are each weakly dominated by M. Removing T
    # first makes L weakly dominated by R (leaving M/B against R); removing B first
    # makes R weakly dominated by L (leaving T/M against L): the order matters. Our
    # simultaneous rule removes T and B in round 1, then nothing: (M, {L, R}).
    g = bimatrix(["T", "M", "B"], ["L", "R"],
                 [[(1, 1), (0, 0)], [(1, 1), (2, 1)], [(0, 0), (2, 1)]])
    rep = dominance(g)
    assert rep.strictly_dominated == () and rep.strict.surviving == ((0, 1, 2), (0, 1))
    assert {(d.player, d.strategy, d.dominator) for d in rep.weakly_dominated} == \
        {(0, 0, 1), (0, 2, 1)}
    assert all(not d.strict for d in rep.weakly_dominated)
    for d in rep.weakly_dominated:
        assert_valid(g, d)
    weak = rep.weak
    assert weak is not None and weak.weak and weak.order_dependent
    assert "simultaneous" in weak.procedure
    assert weak.surviving == ((1,), (0, 1))
    # the one-at-a-time orders described above, checked with dominated_by
    assert dominated_by(g, 1, 0, alive=[[1, 2], [0, 1]], weak=True).dominator == 1
    assert dominated_by(g, 1, 1, alive=[[0, 1], [0, 1]], weak=True).dominator == 0
    assert dominated_by(g, 1, 0, alive=[[1, 2], [0, 1]]) is None       # not strictly


def test_weakly_dominated_only_by_a_mixture():
    # Rows T = (2,0,1), M = (0,2,1), B = (1,1,0): 1/2 T + 1/2 M = (1,1,1) ties B
    # against two columns and beats it against the third; no pure row does.
    g = bimatrix(["T", "M", "B"], ["a", "b", "c"],
                 [[(2, 0), (0, 0), (1, 0)], [(0, 0), (2, 0), (1, 0)], [(1, 0), (1, 0), (0, 0)]])
    assert dominated_by(g, 0, 2) is None
    d = dominated_by(g, 0, 2, weak=True)
    assert d is not None and not d.strict and d.dominator == {0: F(1, 2), 1: F(1, 2)}
    assert [c.difference for c in d.comparisons] == [0, 0, 1]
    assert_valid(g, d)


def test_weak_mode_reports_strict_dominance_as_strict():
    g = bimatrix(["T", "M", "B"], ["L", "R"],
                 [[(3, 0), (0, 0)], [(0, 0), (3, 0)], [(1, 0), (1, 0)]])
    d = dominated_by(g, 0, 2, weak=True)
    assert d is not None and d.strict


def test_equal_strategies_are_not_dominated():
    g = bimatrix(["A", "A2"], ["L", "R"], [[(1, 0), (2, 0)], [(1, 0), (2, 0)]])
    assert dominated_by(g, 0, 0, weak=True) is None
    assert iterated_elimination(g, weak=True).surviving == ((0, 1), (0, 1))


def test_dead_strategy_rejected():
    g = bimatrix(["A", "B"], ["L"], [[(1, 0)], [(0, 0)]])
    with pytest.raises(ValueError):
        dominated_by(g, 0, 1, alive=[[0], [0]])


def test_three_players():
    # Players A (a0, a1), B (b0, b1), C (c0, c1, c2), derived by hand:
    #   u_A = 1 - a + b + c: a0 beats a1 by exactly 1 everywhere;
    #   u_B = 2 if b == a else 0: b matches A;
    #   u_C: c0 earns 4 when b = 0, c1 earns 4 when b = 1, else 0; c2 always earns 1,
    #        so c2 < 1/2 c0 + 1/2 c1 (= 2) but neither pure strategy beats it.
    # Round 1: a1 (by a0) and c2 (by the 1/2-1/2 mixture). Round 2: with A at a0,
    # b1 earns 0 < 2. Round 3: with B at b0, c1 earns 0 < 4. Survivors (a0, b0, c0),
    # payoffs (1, 2, 4).
    arr = np.empty((3, 2, 2, 3), dtype=object)
    for a, b, c in itertools.product(range(2), range(2), range(3)):
        arr[0, a, b, c] = F(1 - a + b + c)
        arr[1, a, b, c] = F(2 if b == a else 0)
        arr[2, a, b, c] = F(1 if c == 2 else (4 if b == c else 0))
    players = [Player(name, tuple(Strategy(f"{name.lower()}{k}") for k in range(n)))
               for name, n in (("A", 2), ("B", 2), ("C", 3))]
    g = Game(players, arr)
    res = iterated_elimination(g)
    assert [(s.round, s.player, s.strategy) for s in res.steps] == \
        [(1, 0, 1), (1, 2, 2), (2, 1, 1), (3, 2, 1)]
    mixed = res.steps[1].domination
    assert mixed.dominator == {0: F(1, 2), 1: F(1, 2)} and mixed.margin == 1
    assert mixed.opponent_players == (0, 1)
    assert len(mixed.comparisons) == 4
    # round 2: B compared only against A's surviving a0, and all of C's c0, c1
    assert [c.opponents for c in res.steps[2].domination.comparisons] == [(0, 0), (0, 1)]
    for s in res.steps:
        assert_valid(g, s.domination)
    assert res.surviving == ((0,), (0,), (0,))
    assert res.reduced.payoffs.reshape(3).tolist() == [1, 2, 4]


# -- Gambit's mixed-dominance corpus games --------------------------------------------

def test_mixdom_reduces_to_the_gambit_equilibrium():
    if not (CORPUS / "mixdom.nfg").exists():
        pytest.skip(SKIP_REASON)
    gg = gbt.read_nfg(str(CORPUS / "mixdom.nfg"))
    g = from_gambit(gg)
    res = iterated_elimination(g)
    assert any(s.domination.is_mixed for s in res.steps)
    for s in res.steps:
        assert_valid(g, s.domination)
    (eq,) = gambit_equilibria(gg)
    support = tuple(tuple(j for j, p in enumerate(probs) if p > 0) for probs in eq)
    assert res.surviving == support == ((2,), (1,))


def test_mixdom2_reduced_game_keeps_the_gambit_equilibrium():
    if not (CORPUS / "mixdom2.nfg").exists():
        pytest.skip(SKIP_REASON)
    gg = gbt.read_nfg(str(CORPUS / "mixdom2.nfg"))
    g = from_gambit(gg)
    res = iterated_elimination(g)
    assert any(s.domination.is_mixed for s in res.steps)
    for s in res.steps:
        assert_valid(g, s.domination)
    original = gambit_equilibria(gg)
    assert reduced_equilibria(res.reduced, res.surviving, g.shape) == original
    assert res.surviving == ((1, 3), (2, 3))


# -- property test against Gambit -----------------------------------------------------

def to_gambit(game: Game) -> gbt.Game:
    a, b = (np.vectorize(lambda v: F(v), otypes=[object])(game.payoffs[i]) for i in range(2))
    return gbt.Game.from_arrays(a, b)


def reduced_equilibria(reduced: Game, surviving, shape) -> set:
    """Gambit's equilibria of the reduced game, embedded back into the full game."""
    out = set()
    for eq in gambit_equilibria(to_gambit(reduced)):
        full = []
        for probs, keep, k in zip(eq, surviving, shape):
            vec = [F(0)] * k
            for j, p in zip(keep, probs):
                vec[j] = p
            full.append(tuple(vec))
        out.add(tuple(full))
    return out


@st.composite
def small_games(draw):
    m = draw(st.sampled_from([3, 4]))
    n = draw(st.sampled_from([3, 4]))
    cells = st.lists(st.integers(-3, 3), min_size=m * n, max_size=m * n)
    a = np.array(draw(cells), dtype=object).reshape(m, n)
    b = np.array(draw(cells), dtype=object).reshape(m, n)
    rows, cols = [f"r{i}" for i in range(m)], [f"c{j}" for j in range(n)]
    return bimatrix(rows, cols, [[(a[i, j], b[i, j]) for j in range(n)] for i in range(m)])


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_games())
def test_elimination_keeps_every_gambit_equilibrium(g):
    res = iterated_elimination(g)
    for s in res.steps:
        assert_valid(g, s.domination)
    original = gambit_equilibria(to_gambit(g))
    for eq in original:
        for probs, keep in zip(eq, res.surviving):
            assert all(j in keep for j, p in enumerate(probs) if p > 0)
    assert reduced_equilibria(res.reduced, res.surviving, g.shape) == original


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_games())
def test_weak_elimination_keeps_some_equilibria(g):
    # Every equilibrium of the game left by iterated weak dominance is an equilibrium
    # of the original game (though some of the original's may be lost).
    res = iterated_elimination(g, weak=True)
    assert all(len(s) >= 1 for s in res.surviving)
    for s in res.steps:
        assert_valid(g, s.domination)
    kept = reduced_equilibria(res.reduced, res.surviving, g.shape)
    assert kept
    for eq in kept:
        assert check_equilibrium(g, eq).ok


@pytest.mark.parametrize("exact_floats", [True, False])
@pytest.mark.parametrize("strict", [True, False])
def test_first_row_above_for_every_row_at_once_equals_brute_force(exact_floats: bool,
                                                                  strict: bool) -> None:
    """The table of `_first_above` (from TABLE_ROWS rows, every row at once, in blocks)
    against Fraction comparisons row by row: the first row of the front at least as
    high everywhere and higher somewhere (weak) or higher everywhere (strict). Payoffs
    of a few values each plus a third or a tiny Fraction, so that floats tie where the
    exact values do not (the exact comparisons of float ties)."""
    from games.solvers import dominance as dom
    rng = np.random.default_rng(7)
    rows, cols = 400, 3
    base = rng.integers(0, 4, (rows, cols)).tolist()
    tiny = F(1, 10**30)
    u = np.array([[F(v) + (0 if exact_floats else (F(1, 3) if (i + j) % 3 else tiny * (i % 5)))
                   for j, v in enumerate(r)] for i, r in enumerate(base)], dtype=object)
    uf = np.array([[float(x) for x in r] for r in u])
    front = sorted(rng.choice(rows, 40, replace=False).tolist())

    def above(k: int, r: int) -> bool:
        if strict:
            return all(a > b for a, b in zip(u[k], u[r]))
        return all(a >= b for a, b in zip(u[k], u[r])) and any(a > b for a, b in zip(u[k], u[r]))
    old = dom.TABLE_ENTRIES
    dom.TABLE_ENTRIES = 1000                     # blocks of 8 rows
    try:
        table = dom._first_above_all(u, (uf, exact_floats), strict, front)
    finally:
        dom.TABLE_ENTRIES = old
    for r in range(rows):
        expected = next((k for k in front if above(k, r)), -1)
        assert table[r] == expected, r
    assert (table >= 0).sum() > 50 and (table < 0).sum() > 3


@pytest.mark.parametrize("exact", [True, False])
@pytest.mark.parametrize("tied", [True, False])
def test_the_front_in_blocks_equals_the_pass_row_by_row(exact: bool, tied: bool) -> None:
    """`_unbeaten` (blocks of rows) against the pass it replaces, row by row in the
    given order keeping each row that no row kept so far beats everywhere: on payoffs
    of few values (many ties of sums, rows equal, rows beaten) and an order that puts
    some beaten rows before the rows beating them; floats and Fractions."""
    from games.solvers import dominance as dom
    rng = np.random.default_rng(3)
    values = rng.integers(0, 3, (700, 2)) + (rng.integers(0, 2, (700, 1)) * 3) if tied \
        else rng.integers(0, 40, (700, 2))
    u = values.astype(float) if exact else np.array(
        [[F(int(x), 7) for x in r] for r in values], dtype=object)
    order = np.argsort(-values.sum(axis=1) + rng.integers(0, 30, 700), kind="stable")
    kept: list[int] = []
    for k in order.tolist():
        if not any(all(a > b for a, b in zip(u[j], u[k])) for j in kept):
            kept.append(k)
    old = dom.FRONT_BLOCK
    dom.FRONT_BLOCK = 50
    try:
        assert dom._unbeaten(u, order) == sorted(kept)
    finally:
        dom.FRONT_BLOCK = old
    beaten = [k for k in kept if any(all(a > b for a, b in zip(r, u[k])) for r in u)]
    assert 1 < len(kept) < 600 and (tied or beaten)     # kept rows beaten by later ones
