"""Points of a set of equilibria that touches its curved inequalities where no face of
them is zero-dimensional: 8yzw >= 1 and 8(1-y)(1-z)(1-w) >= 1 hold together only at
y = z = w = 1/2, a point no boundary face of the box or of the two surfaces fixes.

continua.py lists a piece's extreme points (faces of `dimension` tight inequalities)
and, for a piece strictly inside the box, the points where one probability is least
or greatest on it. Here, for a piece with neither, a linear form's least and greatest
points on each part are found through Fritz John's condition, block by block
(variables sharing no polynomial, real_dimension.py): every point listed is exact
and in the piece, and a block whose independent forms are each least and greatest at
one point is proved to be that single point.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .continua import MAX_FACES, MAX_MINORS, RATIONAL, integer_rank, same_point, sign_at

if TYPE_CHECKING:
    from .continua import Clock, Scalars

SYSTEMS = 1_000     # most polynomial systems one piece's search solves, over all forms
#                     (about a millisecond to a few each): past it, no points are listed
#                     here and the caller samples lines and says what may be missing


class _OverBudget(Exception):
    """The search reached SYSTEMS."""


@dataclass(frozen=True)
class Touching:
    """`touching_points`' answer: the form, the points listed, and the blocks of
    variables proved to hold a single point."""

    form: str
    points: list[tuple]
    single: list[list[int]]


def touching_points(G: list, bounds: list, nvars: int, dim: int, clock: Clock,
                    scalars: Scalars = RATIONAL) -> Touching | None:
    """A piece of dimension 2 or more with no extreme point and no critical point
    strictly inside may still touch some of its inequalities (8yzw >= 1 and
    8(1-y)(1-z)(1-w) >= 1 meet only at y = z = w = 1/2). Its real set is the
    product of its blocks' (variables sharing no polynomial, real_dimension.py). On
    each compact part of a block a linear form c.p is least at a point where some of
    its inequalities T hold with equality and, by Fritz John's condition, c and the
    gradients of its equations and of T are dependent: where the equations are as
    many as the block's codimension, every minor of size codim + |T| + 1 vanishes.

    For the first form (a probability p_k, then Vandermonde rows p1 + t p2 + t^2 p3 ...)
    whose systems over every block and T have finitely many points: the form as text,
    the products of the blocks' points (exact), which include where the form is least
    and greatest on each part. A block is proved a single point when independent
    forms, as many as its variables, are each least and greatest at that one point.
    None when no form succeeds, a block is not such a complete intersection, the
    scalars are not rational or the work is too large."""
    from .real_dimension import block_krull, variable_blocks

    if dim < 2 or scalars.extra:
        return None
    blocks = [(block, eqs, ineqs, block_krull(eqs, block))
              for block, eqs, ineqs in variable_blocks(G, bounds, nvars)]
    per_form = 0
    for block, eqs, ineqs, krull in blocks:
        per_form += sum(math.comb(len(ineqs), s) for s in range(krull + 1))
        if len(eqs) != len(block) - krull or per_form > SYSTEMS:
            return None
    names = [f"p{k + 1}" for k in range(nvars)]
    forms = [[int(j == k) for j in range(nvars)] for k in range(nvars)] + \
        [[t ** j for j in range(nvars)] for t in range(1, nvars + 3)]
    first: tuple[str, list[tuple]] | None = None
    constant: list[list[list[int]]] = [[] for _ in blocks]     # forms constant on a block
    anchor: list[tuple | None] = [None] * len(blocks)
    budget = [SYSTEMS]
    for c in forms:
        try:
            parts = _block_points(blocks, c, nvars, clock, scalars, budget)
        except _OverBudget:
            break
        if parts is None:
            continue
        if first is None:
            points = _products(blocks, parts, nvars)
            if points is None:
                return None
            first = " + ".join(f"{n}" if w == 1 else f"{w}*{n}"
                               for w, n in zip(c, names) if w), points
        for b, part in enumerate(parts):
            seen = anchor[b]
            if len(part) == 1 and (seen is None or same_point(part[0], seen)):
                anchor[b] = part[0]
                constant[b].append([c[k] for k in blocks[b][0]])
        if all(_int_rank(constant[b]) == len(blocks[b][0]) for b in range(len(blocks))):
            break
    if first is None:
        return None
    single = [blocks[b][0] for b in range(len(blocks))
              if _int_rank(constant[b]) == len(blocks[b][0])]
    return Touching(first[0], first[1], single)


def _block_points(blocks: list, c: Sequence[int], nvars: int, clock: Clock,
                  scalars: Scalars, budget: list[int]) -> list[list[tuple]] | None:
    """Each block's Fritz John points for the form c (None: some block's systems are
    not all finite). `budget` holds the systems left (_OverBudget past it)."""
    parts = []
    for block, eqs, ineqs, krull in blocks:
        found = _fritz_john_points(block, eqs, ineqs, krull, c, nvars, clock, scalars, budget)
        if found is None:
            return None
        parts.append(found)
    return parts


def _products(blocks: list, parts: list[list[tuple]], nvars: int) -> list[tuple] | None:
    """The points made of one point of each block (None: more than MAX_FACES)."""
    if math.prod(len(p) for p in parts) > MAX_FACES:
        return None
    points = []
    for combo in itertools.product(*parts):
        pt: list = [None] * nvars
        for (block, _, _, _), part in zip(blocks, combo):
            for k in block:
                pt[k] = part[k]
        points.append(tuple(pt))
    return points


def _int_rank(rows: list[list[int]]) -> int:
    """The rank of dense integer rows (continua.integer_rank)."""
    return integer_rank([{j: v for j, v in enumerate(r) if v} for r in rows])


def _fritz_john_points(block: Sequence[int], eqs: list, ineqs: list, dim: int,
                       c: Sequence[int], nvars: int, clock: Clock, scalars: Scalars,
                       budget: list[int]) -> list[tuple] | None:
    """The points of a block's set (coordinates off the block 0) that satisfy Fritz
    John's condition for the form c.p over some set T of 0 to `dim` of its
    inequalities; None when a system has infinitely many solutions (or an unresolved
    one) or its minors are too many."""
    from ..linalg import bareiss_det
    from .zero_dim import SystemStatus

    R = (eqs or ineqs)[0].ring if eqs or ineqs else None
    if R is None:                   # a variable in no polynomial: no bound, no point
        return None
    gens = R.gens
    off = [gens[k] for k in range(nvars) if k not in block]
    points: list[tuple] = []
    for size_t in range(dim + 1):
        for T in itertools.combinations(ineqs, size_t):
            clock.check_time()
            budget[0] -= 1
            if budget[0] < 0:
                raise _OverBudget
            rows = list(eqs) + list(T)
            size = len(rows)
            minors: list = []
            if size + 1 <= len(block):
                if math.comb(len(block), size + 1) > MAX_MINORS:
                    return None
                minors = [bareiss_det(R, [[g.diff(gens[j]) for j in cols] for g in rows]
                                      + [[R(c[j]) for j in cols]])
                          for cols in itertools.combinations(block, size + 1)]
            solved = scalars.solve_system(rows + [m for m in minors if m] + off, nvars, clock)
            if solved.status is SystemStatus.EMPTY:
                continue
            if solved.status is not SystemStatus.POINTS or solved.unresolved:
                return None
            points.extend(pt for pt in solved.points
                          if all(sign_at(b, pt) >= 0 for b in ineqs)
                          and not any(same_point(pt, q) for q in points))
    return points
