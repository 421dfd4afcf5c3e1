"""A convex set of 2-player equilibria on a support profile, stated exactly: the
piece `continua.describe` gives (its variables, the reduced row echelon form of its
indifference equations, its inequalities reduced by them, as strings), by integer
linear algebra instead of sympy rings, in time linear in the game's size. The
2-player solvers state every convex set of a degenerate game this way
(`two_strategies.set_detail`, `continua.attach_details`, `tall_sets.py`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Sequence

from .continua import Piece, affine_dimension, linear_text, name_variables

if TYPE_CHECKING:
    from ..model import Game

IntPayoffs = tuple[list[list[int]], list[list[int]]]


def integer_payoffs(game: Game) -> IntPayoffs:
    """Each player's payoffs times the least common multiple of their denominators, as
    rows of Python integers by the player's own strategy (player 2's transposed). A
    piece's conditions are scaled to coprime integers, so they are the same for these
    payoffs, and integer arithmetic is many times faster than Fractions."""
    from .verify import integer_rows
    return integer_rows(game)


def describe_linear(game: Game, supports: tuple[tuple[int, ...], tuple[int, ...]],
                    payoffs: IntPayoffs | None = None, dimension: int | None = None
                    ) -> Piece | None:
    """`continua.describe(game, supports, with_points=False)` for a 2-player game, by
    exact linear algebra instead of sympy rings: the same variables, equations (the
    reduced row echelon form, which is the reduced lex Groebner basis of linear
    equations), inequalities (reduced by them, scaled to coprime integers, first
    occurrences kept) and strings, in time linear in the game's size. `payoffs`:
    `integer_payoffs(game)`, when the caller describes many pieces of one game.
    `dimension`: the set's dimension when the caller knows it (the affine ranks of a
    maximal convex set's extreme strategies); otherwise exact LPs find it
    (`continua.affine_dimension`: the equations alone can overstate it).

    The conditions split in two blocks with no variable in common: player 1's (its
    indifference on its support and its other strategies' bounds) are in player 2's
    probabilities, and the other way round, so each block is reduced on its own, as
    dense rows of integers (`_Block`)."""
    variables, implied, fixed = name_variables(supports)
    if not variables:
        return None
    u = integer_payoffs(game) if payoffs is None else payoffs
    # block i: player i's conditions, in the other player's variables (numbered from
    # `start`); the other's simplex bounds join it
    first = len(supports[0]) - 1
    found = [_block(u[i], supports[i], supports[1 - i], (first, 0)[i]) for i in (0, 1)]
    blocks = [b for b in found if b is not None]
    if len(blocks) < 2:
        return None                 # (no solution)
    rank = len(blocks[0].basis) + len(blocks[1].basis)
    if len(variables) == rank:
        return None                 # (a point: not a set to describe)
    if dimension is None:
        dimension = _dimension(blocks, supports)
        if dimension is None:
            return None             # (no solution)
    # the order of `continua.describe`: equations by pivot variable (player 1's
    # variables first, so block 1's); inequalities as first met: the simplex bounds
    # of player 1 then 2, then player 1's other strategies, then player 2's
    ordered = (blocks[1].simplex, blocks[0].simplex, blocks[0].others, blocks[1].others)
    inequalities: list[str] = []
    for forms, block in zip(ordered, (blocks[1], blocks[0], blocks[0], blocks[1])):
        inequalities.extend(_text(f, block.start) for f in forms)
    return Piece(supports=supports, fixed=fixed, variables=variables, implied=implied,
                 equations=tuple(_text(_sparse(g), b.start) for b in (blocks[1], blocks[0])
                                 for _, g in b.basis),
                 inequalities=tuple(inequalities), dimension=dimension,
                 linear=True, free=tuple(i for i in (0, 1) if blocks[1 - i].free))


def _dimension(blocks: list[_Block], supports: tuple[tuple[int, ...], tuple[int, ...]]
               ) -> int | None:
    """The piece's dimension: the sum of its two blocks' (a product of two polytopes),
    each from its equations and inequalities; None when one is empty."""
    total = 0
    for block, other in zip(blocks, (supports[1], supports[0])):
        k = len(other) - 1
        dim = affine_dimension(k, [_sparse(g) for _, g in block.basis],
                               block.simplex + block.others, [Fraction(1, k + 1)] * k)
        if dim is None:
            return None
        total += dim
    return total


Row = list[int]         # a linear form: a coefficient per variable of a block, then the constant
Sparse = tuple[tuple[tuple[int, int], ...], int]    # one as its nonzero (variable, coefficient)
#                                                     pairs, by variable, and the constant


@dataclass(frozen=True)
class _Block:
    """One player's conditions on a piece, in the other player's variables (numbered
    from `start`): the reduced row echelon form of its indifference equations (pivot
    variable and coprime integer row, by pivot), and the inequalities f >= 0 left
    after reducing by them (coprime integers, first occurrences kept, constants
    dropped): the other player's simplex bounds, then this player's strategies
    outside its support. `free`: the other player mixes its support in any
    proportion (no equation, and no inequality but its simplex bounds)."""

    start: int
    basis: list[tuple[int, Row]]
    simplex: list[Sparse]
    others: list[Sparse]
    free: bool


def _block(u: list[list[int]], own: tuple[int, ...], other: tuple[int, ...],
           start: int) -> _Block | None:
    """The block of a player with integer payoffs `u` (rows by its own strategy) and
    support `own`, against the other's support `other`; None when its conditions have
    no solution. Row t's condition is its payoff against the other's mixture (p_j on
    each strategy j of `other` but the last, l, and 1 minus their sum on l) at most
    that of the support's last strategy: sum((v[j] - v[l]) - (w[j] - w[l])) p_j +
    v[l] - w[l] >= 0, for w = u[t] and v = u[last], written directly."""
    last, lc, head = own[-1], other[-1], other[:-1]
    top = u[last]
    inside = set(own)
    if not head:                    # the other plays one strategy: constants only
        best = top[lc]
        if any(u[t][lc] != best if t in inside else u[t][lc] > best
               for t in range(len(u))):
            return None
        return _Block(start, [], [], [], False)
    base = [top[j] - top[lc] for j in head]
    gaps = [[b - (row[j] - row[lc]) for j, b in zip(head, base)] + [top[lc] - row[lc]]
            for row in u]
    basis = _echelon([gaps[t] for t in own[:-1]])
    if basis is None:
        return None
    k = len(head)
    seen: set[Sparse] = set()
    kept: tuple[list[Sparse], list[Sparse]] = ([], [])
    # the simplex bounds p_j >= 0 (sparse: a support of thousands of strategies has as
    # many), reduced: only a pivot's changes; then 1 - sum(p) >= 0 and the other rows
    pivots = dict(basis)
    units = [((j, 1),) if j not in pivots else [-c for c in pivots[j][:j]] + [0] +
             [-c for c in pivots[j][j + 1:]] for j in range(k)]
    forms = (units + [[-1] * k + [1]], [gaps[t] for t in range(len(u)) if t not in inside])
    for side in (0, 1):
        for f in forms[side]:
            if isinstance(f, tuple):
                form: Sparse = (f, 0)
            else:
                if basis:
                    f = _reduce(f, basis)
                if not any(f[:-1]):
                    if f[-1] < 0:
                        return None
                    continue
                f = _primitive(f)
                form = _sparse(f)
            if form not in seen:
                seen.add(form)
                kept[side].append(form)
    free = not basis and all(len(f[0]) == 1 and f[0][0][1] == 1 and f[1] == 0
                             or f == (tuple((v, -1) for v in range(k)), 1) for f in kept[1])
    return _Block(start, basis, kept[0], kept[1], free)


def _echelon(rows: list[Row]) -> list[tuple[int, Row]] | None:
    """The reduced row echelon form of equations f = 0, each pivot the lowest variable
    of its row, sorted by pivot: the reduced lex Groebner basis, whose monic elements
    are these rows divided by their (positive) pivot coefficients; kept as coprime
    integers, fraction-free. None when the equations contradict each other."""
    basis: list[tuple[int, Row]] = []
    for f in rows:
        f = _reduce(f, basis)
        pivot = next((v for v, c in enumerate(f[:-1]) if c), None)
        if pivot is None:
            if f[-1]:
                return None
            continue
        if f[pivot] < 0:
            f = [-c for c in f]
        f = _primitive(f)
        basis = [(p, _primitive(_eliminate(g, f, pivot)) if g[pivot] else g) for p, g in basis]
        basis.append((pivot, f))
        basis.sort()
    return basis


def _eliminate(f: Row, g: Row, pivot: int) -> Row:
    """a * f - c * g, with a > 0 g's coefficient of its pivot and c f's: a positive
    multiple of f's remainder by g (the conditions are scaled to coprime integers in the
    end, so the multiple does not matter; the arithmetic stays in integers)."""
    a, c = g[pivot], f[pivot]
    return [a * x - c * y for x, y in zip(f, g)]


def _reduce(f: Row, basis: Sequence[tuple[int, Row]]) -> Row:
    """A positive multiple of f's remainder by `basis` (every pivot variable gone)."""
    for pivot, g in basis:
        if f[pivot]:
            f = _eliminate(f, g, pivot)
    return f


def _primitive(f: Row) -> Row:
    """f divided by the greatest common divisor of its integers."""
    g = math.gcd(*f)
    return f if g <= 1 else [c // g for c in f]


def _text(f: Sparse, start: int) -> str:
    """A primitive form of a block's variables (numbered from `start`) as
    `continua.linear_str` writes it (the variables are p1, p2, ...: `name_variables`)."""
    return linear_text([(f"p{start + v + 1}", c) for v, c in f[0]], f[1])


def _sparse(f: Row) -> Sparse:
    return tuple([(v, c) for v, c in enumerate(f[:-1]) if c]), f[-1]
