"""The batched reverse search (games/solvers/batch_walk.py) against independent results.

Oracles: the Python-integer depth-first walk of reverse_search.py (every basis, with
its exact vertex, the same multiset), under every arithmetic regime of the batched
kernel (plain int64, the float-bound-plus-residue pivots, the wide pivots of floats and
two residues beyond int64 (wide_pivot.py), the Python fallback; forced on small games by
lowering the thresholds, and with tiny primes so that the residue reconstructions are
exercised at their edges); big integers rebuilt from their wide form, against Python's
own arithmetic; and, for whole games up to 8x8, Gambit's
enummixed (pygambit, rational) and lrsnash (lrslib) when installed: the same extreme
equilibria, and the same connected sets and convex pieces, computed here from
Gambit's equilibria by a breadth-first search and a brute-force biclique closure.
"""
from __future__ import annotations

from contextlib import contextmanager
from fractions import Fraction as F
from typing import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from games.solvers import batch_walk, wide_pivot
from games.solvers.bimatrix import solve_bimatrix
from games.solvers.reverse_search import _labels, _vertex_of, _Walk
from tests.lrsnash import LRSNASH, lrsnash
from tests.test_bimatrix import assert_all_verified, bimatrix_game, gambit_extreme, profiles
from tests.test_reverse_search import reverse_search_always

Visit = tuple[int, int, tuple[F, ...]]


def python_walk(rows: list[list[int]]) -> list[Visit]:
    """Every basis of the depth-first Python-integer walk, as its exact vertex."""
    walk = _Walk(rows)
    out = []
    for node in walk.bases():
        raw = node.basis, node.cobasis, [row[-1] for row in node.rows], node.det
        zeros, tight = _labels(raw, walk.r, walk.d)
        out.append((zeros, tight, tuple(F(x, node.det) for x in _vertex_of(raw, walk.d))))
    return sorted(out)


def batched_walk(rows: list[list[int]]) -> list[Visit]:
    return sorted((z, t, tuple(F(x, den) for x in num))
                  for z, t, num, den in batch_walk.bases(_Walk(rows)))


@contextmanager
def kernel(small: int, mid: int, prime: int, batch: int) -> Iterator[None]:
    """Run the batched walk with other thresholds (restored afterwards)."""
    old = batch_walk.SMALL, batch_walk.MID, batch_walk.P1, batch_walk.BATCH
    batch_walk.SMALL, batch_walk.MID, batch_walk.P1, batch_walk.BATCH = small, mid, prime, batch
    try:
        yield
    finally:
        batch_walk.SMALL, batch_walk.MID, batch_walk.P1, batch_walk.BATCH = old


KERNELS = {
    "default": (batch_walk.SMALL, batch_walk.MID, batch_walk.P1, batch_walk.BATCH),
    "residues everywhere": (2, batch_walk.MID, batch_walk.P1, 3),
    "residues modulo 101": (2, batch_walk.MID, 101, 2),
    "python beyond 2^10": (2, 1 << 10, batch_walk.P1, 5),
}


def matrices(high: int) -> st.SearchStrategy[list[list[int]]]:
    """Positive integer matrices up to 6x6 (small `high`: ties, degenerate)."""
    return st.integers(1, 6).flatmap(lambda r: st.integers(1, 6).flatmap(
        lambda d: st.lists(st.lists(st.integers(1, high), min_size=d, max_size=d),
                           min_size=r, max_size=r)))


@pytest.mark.parametrize("name", list(KERNELS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.one_of(matrices(3), matrices(10**6)))
def test_batched_walk_visits_the_python_walks_bases(name: str, rows) -> None:
    expected = python_walk(rows)
    with kernel(*KERNELS[name]):
        assert batched_walk(rows) == expected


@contextmanager
def wide_kernel(mid: int, primes: tuple[int, int]) -> Iterator[None]:
    """Entries from `mid` on held wide, modulo `primes` (restored afterwards)."""
    old = batch_walk.SMALL, batch_walk.MID, batch_walk.BATCH, wide_pivot.PRIMES
    batch_walk.SMALL, batch_walk.MID, batch_walk.BATCH, wide_pivot.PRIMES = 2, mid, 4, primes
    try:
        yield
    finally:
        batch_walk.SMALL, batch_walk.MID, batch_walk.BATCH, wide_pivot.PRIMES = old


WIDE_KERNELS = {
    "wide from 2": (2, wide_pivot.PRIMES),              # every entry but 0, 1, -1 wide
    "wide from 2^10": (1 << 10, wide_pivot.PRIMES),
    "wide modulo 101 and 103": (1 << 4, (101, 103)),    # most pivots refused: Python
    "wide modulo 2^31 - 1 and 65521": (1 << 20, (2147483647, 65521)),
}


@pytest.mark.parametrize("name", list(WIDE_KERNELS))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.one_of(matrices(3), matrices(10**6), matrices(10**15)))
def test_wide_walk_visits_the_python_walks_bases(name: str, rows) -> None:
    expected = python_walk(rows)
    with wide_kernel(*WIDE_KERNELS[name]):
        assert batched_walk(rows) == expected


def test_wide_regime_is_reached_with_defaults() -> None:
    # a 6x6 matrix of 7-digit entries: its dictionaries pass 2^60 (wide pivots); the
    # same bases as the Python walk
    rows = [[pow(3, 6 * i + j + 40, 9_999_991) + 1 for j in range(6)] for i in range(6)]
    calls: list[int] = []
    original = wide_pivot.pivot

    def spy(*args):                       # type: ignore[no-untyped-def]
        out = original(*args)
        calls.append(len(out[0]))
        return out

    wide_pivot.pivot = spy
    try:
        assert batched_walk(rows) == python_walk(rows)
    finally:
        wide_pivot.pivot = original
    assert sum(calls) > 0


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.integers(61, 70).flatmap(lambda r: st.integers(2, 3).flatmap(
    lambda d: st.lists(st.lists(st.integers(10**11, 10**12), min_size=d, max_size=d),
                       min_size=r, max_size=r))))
def test_wide_batches_with_masks_beyond_int64(rows) -> None:
    # more than 62 rows and columns: a wide batch's vertices are read one basis at a
    # time, from its exact integers (12-digit entries: 2x2 minors pass 2^60)
    assert batched_walk(rows) == python_walk(rows)


@settings(max_examples=200, deadline=None)
@given(v=st.integers(-(1 << 100), 1 << 100), wobble=st.floats(-1.0, 1.0),
       primes=st.sampled_from([wide_pivot.PRIMES, (2147483647, 65521)]))
def test_wide_values_rebuild_exactly(v: int, wobble: float, primes) -> None:
    # a float within REL of v and v's residues give v back (wide_pivot.exact), and an
    # estimate within P/8 gives a float within REL of v (wide_pivot._nearest);
    # checked with Python's integers and Fractions
    import numpy as np
    old = wide_pivot.PRIMES
    wide_pivot.PRIMES = primes
    try:
        P = wide_pivot._data()[0]
        res = np.array([[v % p] for p in primes], dtype=np.int64)
        if abs(v) < (1 << 40) * P:          # the range `fits` admits for these primes
            F = float(v) * (1 + wobble * wide_pivot.REL / 2)
            assert wide_pivot.exact(np.array([F]), res) == [v]
        if abs(v) < (1 << 40) * P:          # |est| within about 2^42 P (the pivots' bound)
            est = float(v) + wobble * P / 8 * (1 - 2 ** -20)
            got = float(wide_pivot._nearest(np.array([est]), res, P)[0])
            assert abs(F_of(got) - v) <= F_of(wide_pivot.REL) * abs(v)
    finally:
        wide_pivot.PRIMES = old


def F_of(x: float) -> F:
    return F(x)


def test_each_regime_is_reached() -> None:
    # the last kernel's thresholds route work through both branches of a residue
    # pivot: proved (entries below 2^10) and refused, then redone in Python integers
    rows = [[12, 23, 22, 9], [16, 24, 20, 25], [23, 7, 24, 5], [31, 20, 13, 22]]
    calls: list[bool] = []
    original = batch_walk._mid_pivot

    def spy(*args):                       # type: ignore[no-untyped-def]
        out = original(*args)
        calls.append(bool(out[1].all()))
        return out

    batch_walk._mid_pivot = spy
    try:
        with kernel(*KERNELS["python beyond 2^10"]):
            assert batched_walk(rows) == python_walk(rows)
    finally:
        batch_walk._mid_pivot = original
    assert any(calls) and not all(calls)


# ------------------------------------------------------------ whole games up to 8x8

@st.composite
def games(draw, high: int):
    m, n = draw(st.integers(2, 8)), draw(st.integers(2, 8))
    cell = st.integers(0, high)
    rows = st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m)
    return draw(rows), draw(rows)


def components_of(eqs: set) -> set:
    """Connected sets of extreme equilibria (the bipartite graph of their strategies,
    searched breadth first), each with its maximal convex pieces X x Y (every pair an
    equilibrium), from the intersections of the strategies' neighbourhoods."""
    edges = {(x, y) for x, y in eqs}
    out = set()
    left = set(edges)
    while left:
        group = {left.pop()}
        frontier = list(group)
        while frontier:
            x, y = frontier.pop()
            near = {e for e in left if e[0] == x or e[1] == y}
            left -= near
            group |= near
            frontier += near
        xs = {x for x, _ in group}
        # the Y sides of the pieces: every intersection of neighbourhoods N(x), closed
        # to a fixed point (a piece is X(Y) x Y for such a Y)
        sides = {frozenset(y for y in {y for _, y in group} if (x, y) in edges) for x in xs}
        while True:
            more = {a & b for a in sides for b in sides if a & b} - sides
            if not more:
                break
            sides |= more
        pieces = {(frozenset(x for x in xs if all((x, y) in edges for y in ys)), ys)
                  for ys in sides}
        out.add((frozenset(group), frozenset(pieces)))
    return out


def our_components(res) -> set:
    from games.solvers.bimatrix import extreme_strategies
    firsts, seconds = extreme_strategies(res.equilibria)
    eqs = [tuple(tuple(p) for p in e.profile) for e in res.equilibria]
    return {(frozenset(eqs[k] for k in c.members),
             frozenset((frozenset(tuple(firsts[i]) for i in xs),
                        frozenset(tuple(seconds[j]) for j in ys))
                       for xs, ys in c.convex_sets))
            for c in res.components}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(games(99), games(3)))
def test_reverse_search_games_equal_gambit_with_components(AB) -> None:
    A, B = AB
    game = bimatrix_game(A, B)
    with reverse_search_always():
        res = solve_bimatrix(game)
    theirs = gambit_extreme(A, B)
    assert res.complete and profiles(res) == theirs
    assert our_components(res) == components_of(theirs)
    assert_all_verified(game, res)


@pytest.mark.skipif(LRSNASH is None, reason="lrsnash (lrslib) not installed: "
                    "apt-get install lrslib")
@pytest.mark.parametrize("highs", [(99, 3), (10**6, 10**9)])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_reverse_search_games_equal_lrsnash(highs: tuple[int, int], data) -> None:
    # payoffs of 7 to 10 digits: the walks' entries pass 2^60 (wide pivots) from 4x4 on,
    # and 2^100 (Python integers) in the larger games
    A, B = data.draw(st.one_of(*(games(high) for high in highs)))
    with reverse_search_always():
        res = solve_bimatrix(bimatrix_game(A, B))
    theirs, _ = lrsnash(A, B)
    assert res.complete and profiles(res) == theirs


@pytest.mark.parametrize(("n", "values", "seed"), [(40, 2, 1), (40, 4, 2)])
def test_tie_breaks_of_a_large_tied_walk_equal_the_python_rule(
        monkeypatch: pytest.MonkeyPatch, n: int, values: int, seed: int) -> None:
    """Tied payoffs (0/1, 0..3) at a size the small walks above do not reach: many rows
    tied at once, many cobasic and basic slacks. The leaving row the batched tie-break
    chooses for each candidate of the first steps of the walk equals the one
    reverse_search._Walk.ratio_row computes in Python integers (the exact ratio test
    and its lexicographic rule over the whole of B^-1, column by column)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = (rng.integers(0, values, (n, n)) + 1).tolist()     # a best-response polytope's
    walk = _Walk(rows)
    checked: list[int] = []
    chosen = batch_walk._lex_least

    def compare(batch: batch_walk.Batch, m, p, tied, small=True):  # type: ignore[no-untyped-def]
        got, unproved = chosen(batch, m, p, tied, small)
        for k in range(0, len(m), max(1, len(m) // 12)):
            node = batch_walk._node(batch, int(m[k]))
            assert got[k] == walk.ratio_row(node, int(p[k]))
            checked.append(int(tied[k].sum()))
        return got, unproved
    monkeypatch.setattr(batch_walk, "_lex_least", compare)
    for _, _ in zip(range(4), batch_walk.forest_batches([walk])):
        pass
    assert len(checked) > 20 and max(checked) > 10


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(*[st.integers(-(1 << 60) + 1, (1 << 60) - 1)] * 3), min_size=1,
                max_size=20), st.integers(1, 1 << 20))
def test_cross_signs_equal_pythons(entries: list[tuple[int, int, int]], k: int) -> None:
    # the sign of x*b - y*a for int64 entries below 2^60, against Python's integers;
    # half of the pairs are exact ties (y*a == x*b: a = b*k, x = y*k) of large products
    import numpy as np
    xs, bs, ys, as_ = [], [], [], []
    for j, (x, b, y) in enumerate(entries):
        if j % 2:                            # a tie: x*b == y*a with a = b*k, x = y*k
            b, y = b >> 21, y >> 21
            x, a = y * k, b * k
        else:
            a = (x ^ y) >> 1
        xs.append(x), bs.append(b), ys.append(y), as_.append(a)
    arr = [np.array(v, dtype=np.int64) for v in (xs, bs, ys, as_)]
    signs, unsure = batch_walk._cross_signs(*arr)
    for j in range(len(xs)):
        if not unsure[j]:
            d = xs[j] * bs[j] - ys[j] * as_[j]
            assert signs[j] == (d > 0) - (d < 0)


def test_walk_with_unproved_tie_breaks_visits_the_python_walks_bases() -> None:
    # every entry off the small path and every near tie of products left unproved (a
    # wrap bound of 0): the tie-breaks fall back to Python integers, the same bases
    rows = [[3, 1, 2, 2], [1, 3, 2, 2], [2, 2, 3, 1], [2, 2, 1, 3], [1, 1, 1, 1]]
    old = batch_walk.WRAPPED
    batch_walk.WRAPPED = 0.0
    try:
        with kernel(*KERNELS["residues everywhere"]):
            assert batched_walk(rows) == python_walk(rows)
    finally:
        batch_walk.WRAPPED = old


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(-(1 << 59), 1 << 59), st.integers(-(1 << 59), 1 << 59),
                          st.integers(0, 12)), min_size=1, max_size=8),
       st.integers(1, 1 << 30))
def test_wrapped_quotients_equal_pythons(values: list[tuple[int, int, int]], odd: int) -> None:
    # v = (x*a - f*y) / D for D = odd * 2^k (k up to 12), a = 3D and f = D, so that D
    # divides the numerator (v = 3x - y) while x*a passes 2^64; proved when the bound
    # given (|v| + 1) is well below 2^(62-k), and then Python's quotient
    import numpy as np
    for x, y, k in values:
        D = (odd | 1) << k
        a, f = 3 * D, D
        if a >= 1 << 62:
            continue
        expected = (x * a - f * y) // D
        got, ok = batch_walk._wrapped_quotient(
            np.array([[[x]]], dtype=np.int64), np.array([a], dtype=np.int64),
            np.array([[f]], dtype=np.int64), np.array([[y]], dtype=np.int64),
            np.array([D], dtype=np.int64), np.array([float(abs(expected)) + 1.0]))
        assert ok[0] or abs(expected) >= 1 << (61 - k)     # proved well inside the bound
        if ok[0]:
            assert int(got[0, 0, 0]) == expected


def test_walk_with_residue_quotients_only_visits_the_python_walks_bases(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the wrapped quotients refused everywhere: every pivot off the small path through
    # the residues modulo P1, the same bases
    import numpy as np
    original = batch_walk._wrapped_quotient

    def refuse(*args):                  # type: ignore[no-untyped-def]
        v, _ = original(*args)
        return v, np.zeros(len(v), dtype=bool)
    monkeypatch.setattr(batch_walk, "_wrapped_quotient", refuse)
    rows = [[12, 23, 22, 9], [16, 24, 20, 25], [23, 7, 24, 5], [31, 20, 13, 22]]
    with kernel(*KERNELS["residues everywhere"]):
        assert batched_walk(rows) == python_walk(rows)
