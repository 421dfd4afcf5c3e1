"""The cheaper refusal probe and the cheaper ordering of a large partial answer
(issue 13: tied 30x30 to 50x50 games were refused after 9 s, a tied 300x300 answer
took 14 s): the probe's lexicographic ratio test against a brute force over B^-1
written here, the probe stopped early refusing exactly when the whole probe does,
and the sort keys built once per shared strategy giving the order of their
definition, computed here pair by pair."""
from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest

import games
from games.equilibrium import Equilibrium, sort_equilibria
from games.solvers import walk_estimate, walk_probe
from games.solvers.bimatrix import constraint_rows, payoff_matrices
from games.solvers.partial_listing import _first


def _rows(n: int, high: int, seed: int) -> list[list[int]]:
    """The walked polytope's rows of a seeded n x n game of payoffs 0..high."""
    rng = np.random.default_rng(seed)
    A, B = (rng.integers(0, high + 1, (n, n)).tolist() for _ in range(2))
    return constraint_rows(payoff_matrices(games.Game.from_matrices(A, B))[1].T)


def _lex_brute(level: walk_probe.Level, k: int, p: int) -> int:
    """The leaving row (1-based) of pivot column p of base k: least ratio, ties broken
    by the lexicographically least row of B^-1 over the pivot entry, B^-1's column
    of each slack (in order) read from the dictionary: a unit vector when it is basic,
    its column when cobasic."""
    tab, tol = level.tab[k], walk_probe.TOL
    r, d = tab.shape[0] - 1, tab.shape[1] - 1
    rows = [i for i in range(1, r + 1) if tab[i, p] > tol]
    least = min(tab[i, -1] / tab[i, p] for i in rows)
    rows = [i for i in rows if tab[i, -1] / tab[i, p] <= least + tol * (1 + abs(least))]
    for s in range(d, d + r):
        if len(rows) == 1:
            break
        basic = [i for i in range(1, r + 1) if level.basis[k, i] == s]
        if basic:
            column = [1.0 if i == basic[0] else 0.0 for i in range(r + 1)]
        else:
            j = list(level.cobasis[k]).index(s)
            column = list(tab[:, j])
        values = {i: column[i] / tab[i, p] for i in rows}
        low = min(values.values())
        rows = [i for i in rows if values[i] <= low + tol * (1 + abs(low))]
    return rows[0]


@pytest.mark.parametrize("high", [3, 1])
def test_lexicographic_ratio_test_against_brute_force(high: int) -> None:
    """Tied payoffs (0..3, 0/1): at the first levels most pivots tie in the ratio test;
    every candidate pivot's leaving row is the brute force's."""
    level = walk_probe.root(_rows(12, high, 5))
    checked = 0
    for _ in range(3):
        n, p = np.nonzero(level.tab[:, 0, :-1] < -walk_probe.TOL)
        u, _work = walk_probe._ratio_rows(level, n, p)
        for k, col, row in zip(n.tolist(), p.tolist(), u.tolist()):
            assert row == _lex_brute(level, k, col), (k, col)
            checked += 1
        level = walk_probe.pivot(level, walk_probe.children(level))
    assert checked > 100


def test_probe_stopped_early_refuses_as_the_whole_probe(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """A 0..3 game: with the limit set below, near and above the whole probe's estimate,
    the probe deciding the refusal (stopped once its levels pass DECIDED times the
    limit) refuses exactly when the whole one is beyond the limit, and reads fewer
    levels when it stops early ("more than about" in the message)."""
    rows = _rows(12, 3, 3)
    full = walk_estimate.estimate_bases(rows)          # the whole probe, no stop
    assert full.complete and not full.tied
    early = 0
    for share in (0.02, 0.3, 0.9, 3.0):
        limit = full.seconds * share
        monkeypatch.setattr(walk_estimate, "MAX_WALK_SECONDS", limit)
        walk_estimate._estimate.cache_clear()
        problem = walk_estimate.walk_problem(rows, bound=10 ** 12)
        assert (problem is not None) == (full.seconds > limit), share
        decided = walk_estimate._decided(rows)
        if not decided.complete:
            early += 1
            assert decided.depth < full.depth
            assert decided.seconds > walk_estimate.DECIDED * limit
            assert problem is not None and "more than about" in problem
    assert early >= 2
    walk_estimate._estimate.cache_clear()


def _brute_key(e: Equilibrium) -> tuple:
    """sort_equilibria's order by its definition: pure first, smaller supports, then
    each probability, larger first (as floats)."""
    sizes = [sum(1 for p in probs if p) for probs in e.profile]
    return (any(s != 1 for s in sizes), sum(sizes),
            [[-float(p) for p in probs] for probs in e.profile])


def test_sort_with_shared_strategies_is_the_defined_order() -> None:
    """Equilibria sharing their strategies' tuples (as a large game's do), shuffled:
    the order is the definition's, ties kept in input order (a stable sort)."""
    third, half, zero = Fraction(1, 3), Fraction(1, 2), Fraction(0)
    strategies = [(Fraction(1), zero, zero), (zero, Fraction(1), zero),
                  (half, half, zero), (third, third, third), (zero, half, half),
                  (Fraction(2, 3), zero, third)]
    rng = random.Random(13)
    eqs = [Equilibrium((rng.choice(strategies), rng.choice(strategies)), (zero, zero))
           for _ in range(300)]
    for _ in range(3):
        rng.shuffle(eqs)
        got = sort_equilibria(eqs)
        want = sorted(eqs, key=_brute_key)
        assert [id(e) for e in got] == [id(e) for e in want]


def test_first_pairs_with_shared_points_against_brute_force() -> None:
    """A partial answer's first pairs among many that share their points: those of the
    pair order computed here pair by pair (integer quotients, correctly rounded)."""
    rng = random.Random(7)
    points = [tuple(rng.choice([0, 0, 0, 1, 2, 5]) for _ in range(40)) for _ in range(12)]
    points = [x for x in points if any(x)] + [(0,) * 7 + (1,) + (0,) * 32]
    pairs = [(rng.choice(points), rng.choice(points)) for _ in range(500)]

    def key(k: int) -> tuple:
        x, y = pairs[k]
        sx, sy = sum(1 for v in x if v), sum(1 for v in y if v)
        return (sx > 1 or sy > 1, sx + sy,
                [[-v / sum(x) for v in x], [-w / sum(y) for w in y]])
    for most in (1, 37, 200, 600):
        assert _first(pairs, most) == sorted(range(len(pairs)), key=key)[:most]
