"""The stated dimension of a connected set of equilibria, against one computed here
from Gambit's extreme equilibria (pygambit's enummixed, exact): the connected sets
of the bipartite graph of extreme strategies, their convex pieces (every pair of a
set of player-1 extreme strategies and the player-2 ones compatible with all of
them), and each piece's dimension as the affine rank of its two players' extreme
strategies, written here with sympy's matrix rank.

The games are built so that the equations of a support do not tell the dimension:
two strategies outside the support that tie on the whole set from either side
(an inequality that holds with equality throughout), as well as a 2-simplex, a
square and a segment. Each piece is also stated without its extreme points (the
exact LPs of `continua.affine_dimension`), and the 3-player path (support
enumeration, `continua.describe`) is checked on the same set with a third player
whose one strategy is strictly dominant."""
from __future__ import annotations

import itertools
import random
from fractions import Fraction

import numpy as np
import pygambit as gbt
import pytest
import sympy

from games.solve import solve
from games.solvers.linear_piece import describe_linear
from tests.builders import game_from_arrays
from tests.test_stated_sets import oracle_components

Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]

# Row player indifferent among its three strategies against L; the column player's
# M gains over L in proportion to x1 - x2 and N to x2 - x1, so staying on L forces
# x1 = x2: a segment, though no equation says so. Against M (N) row 1 (2) is best,
# so the column player cannot mix in M or N except at x = (1/2, 1/2, 0).
TIE_BOTH_SIDES = ([[1, 1, 0], [1, 0, 1], [1, 0, 0]],
                  [[1, 2, 0], [1, 0, 2], [1, 1, 1]])
SIMPLEX = ([[1, 0], [1, 0], [1, 0]], [[1, 0], [1, 0], [1, 0]])         # dimension 2
SQUARE = ([[0, 0], [0, 0]], [[0, 0], [0, 0]])                           # dimension 2
SEGMENT = ([[2, 2], [1, 1]], [[1, 1], [1, 1]])                          # dimension 1


def enummixed(A: list[list[int]], B: list[list[int]]) -> set[Profile]:
    g = gbt.Game.from_arrays(A, B)
    out = gbt.nash.enummixed_solve(g, rational=True)
    return {tuple(tuple(Fraction(str(e[s])) for s in p.strategies) for p in g.players)
            for e in out.equilibria}


def affine_rank(points: list[tuple[Fraction, ...]]) -> int:
    rows = [[a - b for a, b in zip(p, points[0])] for p in points[1:]]
    return sympy.Matrix(rows).rank() if rows else 0


def oracle(points: set[Profile]) -> list[tuple[frozenset[Profile], int, list]]:
    """Each connected set of extreme equilibria, its dimension, and its convex pieces
    (player-1 strategies, player-2 strategies)."""
    out = []
    for comp in oracle_components(points):
        xs = sorted({p[0] for p in comp})
        ys = sorted({p[1] for p in comp})
        pieces = []
        for r in range(1, len(xs) + 1):
            for X in itertools.combinations(xs, r):
                Y = [y for y in ys if all((x, y) in comp for x in X)]
                if Y:
                    pieces.append((list(X), Y))
        dim = max(affine_rank(X) + affine_rank(Y) for X, Y in pieces)
        out.append((frozenset(comp), dim, pieces))
    return out


def stated(A: list[list[int]], B: list[list[int]]) -> dict[frozenset[Profile], int]:
    """Our connected sets (by their extreme equilibria) and stated dimensions."""
    result = solve(game_from_arrays([A, B]))
    out = {}
    for c in result.components:
        members = frozenset(tuple(tuple(p) for p in result.equilibria[k].profile)
                            for k in c.members)
        assert c.detail is not None
        out[members] = c.detail.dimension
    return out


def support(points: list[tuple[Fraction, ...]]) -> tuple[int, ...]:
    return tuple(sorted({j for p in points for j, v in enumerate(p) if v}))


def check(A: list[list[int]], B: list[list[int]]) -> list[int]:
    """Our dimensions equal the oracle's, with and without the extreme points."""
    ours = stated(A, B)
    game = game_from_arrays([A, B])
    dims = []
    for comp, dim, pieces in oracle(enummixed(A, B)):
        assert ours.get(comp) == dim, (A, B, sorted(comp), ours)
        if len(comp) > 1:
            best = 0
            for X, Y in pieces:
                piece = describe_linear(game, (support(X), support(Y)))
                here = affine_rank(X) + affine_rank(Y)
                if piece is None:           # a single point (not a set to describe)
                    assert here == 0
                    continue
                assert piece.dimension >= here
                best = max(best, piece.dimension)
            assert best == dim
        dims.append(dim)
    return sorted(dims)


@pytest.mark.parametrize("game, dims", [(TIE_BOTH_SIDES, [0, 0, 1]), (SIMPLEX, [2]),
                                        (SQUARE, [2]), (SEGMENT, [1])])
def test_dimension_of_hand_built_sets(game: tuple, dims: list[int]) -> None:
    assert check(*game) == dims


def test_tie_on_both_sides_is_a_segment_with_three_players() -> None:
    """The same set with a third player whose first strategy is strictly dominant:
    support enumeration states it with polynomial machinery (`continua.describe`)."""
    A, B = TIE_BOTH_SIDES
    arr = np.zeros((3, 3, 3, 2), dtype=object)
    for a, b in itertools.product(range(3), repeat=2):
        arr[:, a, b, 0] = (A[a][b], B[a][b], 1)
        arr[:, a, b, 1] = ((a * b) % 2, (a + b) % 3, 0)
    result = solve(game_from_arrays(arr))
    [(comp, dim, _)] = [c for c in oracle(enummixed(A, B)) if len(c[0]) > 1]
    [ours] = [c for c in result.components if len(c.members) > 1]
    members = {tuple(tuple(p) for p in result.equilibria[k].profile[:2]) for k in ours.members}
    assert members == set(comp) and ours.detail is not None
    assert ours.detail.dimension == dim == 1


def test_dimension_of_random_tied_games() -> None:
    """Random 3x3 and 3x4 games with payoffs 0..2 (ties everywhere), fixed seed."""
    rng = random.Random(20261201)
    for n, m in [(3, 3)] * 12 + [(3, 4)] * 8:
        A = [[rng.randrange(3) for _ in range(m)] for _ in range(n)]
        B = [[rng.randrange(3) for _ in range(m)] for _ in range(n)]
        check(A, B)
