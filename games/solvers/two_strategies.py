"""Two-player games where one player has exactly two strategies (n x 2 and 2 x n):
every extreme equilibrium, the connected sets and their exact description, in time
O(n log n) plus the size of the answer, without the n-dimensional polytope walk.

Call the player with two strategies the *pair* player, q its probability of its first
strategy, and the other the *many* player. Each strategy of the many player earns a
line in q; its best responses are the lines on the upper envelope over [0, 1] (lines
sorted by slope, one pass). The pair player's best-response polytope has one vertex
per *corner* of the envelope: q = 0, q = 1 and each breakpoint inside, where the many
player's tied strategies T(q) are its best responses. The other polytope's vertices
are the many player's pure strategies and its mixtures of two strategies i, j that
leave the pair player indifferent (d_i > 0 > d_j, with d the pair player's gain from
its first strategy over its second). The completely labelled pairs, as the general
vertex enumeration (bimatrix.py) lists them, are then:

- at an inner corner (the pair player mixes): a pure i in T(q) with d_i = 0, or a
  mixture of i, j in T(q);
- at q = 0: a pure i in T(0) with d_i <= 0, or a mixture in T(0); at q = 1 likewise
  with d_i >= 0.

So the equilibria, their order, the `degenerate` flag and note, the components and
convex sets are the general enumeration's, and each convex set is described as
`continua.describe` states it (its linear equations as the reduced lex Groebner basis,
i.e. in reduced row echelon form, its inequalities reduced by them), without sympy.

The number of extreme equilibria is known before any is built: beyond the declared
listing limits (`games.limits.LISTED_EXTREME_POINTS`, `LISTED_PROBABILITIES`) the
largest connected sets are stated as sets (`stated.split_edges`, from the vertices'
supports alone) until the rest fits; beyond `STATED_POINTS` counted, or when those
sets' statement would take more than `LISTED_CONDITIONS` conditions, the whole Nash
set is stated from the faces of the pair player's polytope instead (`tall_sets.py`:
its vertices are the envelope's corners, each one's count known here).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Mapping, Sequence

from ..budget import expired
from ..equilibrium import Component, Equilibrium, EquilibriumSet
from ..errors import SolverTimeout, TooManyToList
from .. import limits
from ..numbers import ZERO, to_float
from .bimatrix import DEGENERATE_NOTE, METHOD, edge_components
from .envelope import ONE, Corner, corners
from .continua import ContinuumDetail, affine_rank, detail_of, point_piece
from .linear_piece import IntPayoffs, describe_linear, integer_payoffs

if TYPE_CHECKING:
    from ..model import Game

FROM = 9        # solve() uses this solver when the many player has at least this many
                # strategies (where the general enumeration walks by reverse search)

Form = tuple[dict[int, int], int]      # a linear form: integer coefficients by variable, constant


def applies(shape: Sequence[int], smallest: int = FROM) -> bool:
    """Whether this solver is the one for a 2-player game of this shape."""
    return len(shape) == 2 and min(shape) == 2 and max(shape) >= max(3, smallest)


# ----------------------------------------------------------------- equilibria

@dataclass(frozen=True)
class _Vertex:
    """A vertex of the many player's polytope: its support (1 or 2 strategies) and
    their probabilities."""

    support: tuple[int, ...]
    probs: tuple[Fraction, ...]


def _end(t: int, found: Sequence[Corner]) -> int:
    """Where corner t of `found` lies: 0 at q = 0, 1 at q = 1, -1 inside."""
    return 0 if t == 0 else 1 if t == len(found) - 1 else -1


def _labelled(corner: Corner, d: Sequence[Fraction], end: int
              ) -> tuple[list[int], list[int], list[int]]:
    """The tied strategies completely labelled with this corner on their own (see the
    module docstring), and those with d > 0 and d < 0, which pair up into mixtures
    (`end` as `_end` gives it)."""
    zero = [i for i in corner.tied if d[i] == 0]
    pos = [i for i in corner.tied if d[i] > 0]
    neg = [i for i in corner.tied if d[i] < 0]
    pure = zero if end == -1 else zero + (neg if end == 0 else pos)
    return pure, pos, neg


def _partner_supports(corner: Corner, d: Sequence[Fraction], end: int
                      ) -> list[tuple[int, ...]]:
    """The supports of the many player's vertices completely labelled with this corner
    (`_labelled`): each vertex is known by its support (one strategy, or two that
    leave the pair player indifferent)."""
    pure, pos, neg = _labelled(corner, d, end)
    return [(i,) for i in sorted(pure)] + [(i, j) if i < j else (j, i)
                                           for i in pos for j in neg]


def _vertex(support: tuple[int, ...], d: Sequence[Fraction]) -> _Vertex:
    """The many player's vertex of this support."""
    if len(support) == 1:
        return _Vertex(support, (ONE,))
    a, b = support
    return _Vertex(support, (d[b] / (d[b] - d[a]), d[a] / (d[a] - d[b])))


def _partners(corner: Corner, d: Sequence[Fraction], end: int) -> list[_Vertex]:
    """The many player's vertices completely labelled with this corner (`_labelled`)."""
    return [_vertex(s, d) for s in _partner_supports(corner, d, end)]


def count_extreme(corners_: Sequence[Corner], d: Sequence[Fraction]) -> int:
    """How many extreme equilibria pair with these corners, counted without building."""
    total = 0
    for t, c in enumerate(corners_):
        pure, pos, neg = _labelled(c, d, _end(t, corners_))
        total += len(pure) + len(pos) * len(neg)
    return total


def solve_two_strategies(game: Game, timeout: float | None = None) -> EquilibriumSet:
    """Every extreme Nash equilibrium of a 2-player game in which one player has two
    strategies, with its components described exactly: the general enumeration's
    answer (`bimatrix.solve_bimatrix` followed by `continua.attach_details`).
    SolverTimeout when `timeout` seconds pass first (checked between corners)."""
    start = time.monotonic()
    deadline = None if timeout is None else start + timeout
    many = 0 if game.shape[1] == 2 else 1
    if not applies(game.shape, 0):
        raise ValueError(f"a {game.shape} game has no player with exactly two strategies")
    u = game.payoffs[many] if many == 0 else game.payoffs[many].T
    v = game.payoffs[1 - many] if many == 0 else game.payoffs[1 - many].T
    n = u.shape[0]
    found = corners([u[i, 0] for i in range(n)], [u[i, 1] for i in range(n)])
    d = [v[i, 0] - v[i, 1] for i in range(n)]
    total = count_extreme(found, d)
    size = sum(game.shape)
    if total > limits.STATED_POINTS and (total > limits.LISTED_EXTREME_POINTS
                                         or total * size > limits.LISTED_PROBABILITIES):
        return _from_faces(game, many, found, d, start)
    degenerate = any(len(c.tied) > (2 if _end(t, found) == -1 else 1)
                     for t, c in enumerate(found))
    try:
        listed, stated, note = _split(game, found, d, many)
    except TooManyToList:           # beyond what is stated point by point
        return _from_faces(game, many, found, d, start)
    eqs: list[Equilibrium] = []
    ids: list[tuple[tuple[int, ...], int]] = []
    keys: list[tuple] = []
    for t, c in enumerate(found):
        if expired(deadline):
            raise SolverTimeout("equilibrium enumeration ran out of time")
        pair = (c.q, 1 - c.q)
        for x in (_vertex(s, d) for s in listed[t]):
            degenerate = degenerate or (len(x.support) == 1 and d[x.support[0]] == 0)
            dense = [ZERO] * n
            for i, p in zip(x.support, x.probs):
                dense[i] = p
            theirs = sum((p * (c.q * v[i, 0] + (1 - c.q) * v[i, 1])
                          for i, p in zip(x.support, x.probs)), ZERO)
            profile = (tuple(dense), pair) if many == 0 else (pair, tuple(dense))
            payoffs = (c.value, theirs) if many == 0 else (theirs, c.value)
            eqs.append(Equilibrium(profile, payoffs))
            ids.append((x.support, t))
            sides = (x.support, _pair_support(c.q))
            keys.append(sort_key(sides if many == 0 else sides[::-1], profile))
    order = sorted(range(len(eqs)), key=keys.__getitem__)
    eqs = [eqs[k] for k in order]
    ids = [ids[k] for k in order]
    comps = _components(game, eqs, ids, many, found) + stated
    return EquilibriumSet(eqs, method=METHOD, complete=True, exact=True, degenerate=degenerate,
                          components=comps, notes=([DEGENERATE_NOTE] if degenerate else [])
                          + ([note] if note else []), seconds=time.monotonic() - start)


def _from_faces(game: Game, many: int, found: Sequence[Corner], d: Sequence[Fraction],
                start: float) -> EquilibriumSet:
    """The Nash set stated from the faces of the pair player's polytope
    (`tall_sets.state_sets`), each vertex's extreme equilibria counted at its corner
    of the envelope (the pair player's mixture q there)."""
    from .tall_sets import SmallCorner, state_sets
    vertices, counts = [], []
    for t, c in enumerate(found):           # the corners are the vertices of the polytope
        pure, pos, neg = _labelled(c, d, _end(t, found))
        counts.append(len(pure) + len(pos) * len(neg))
        num = (c.q.numerator, c.q.denominator - c.q.numerator)
        vertices.append(SmallCorner(num, (num[0] > 0) | (num[1] > 0) << 1, tuple(sorted(c.tied))))
    return state_sets(game, many, vertices, counts, True, start)


def _split(game: Game, found: Sequence[Corner], d: Sequence[Fraction], many: int
           ) -> tuple[list[list[tuple[int, ...]]], list[Component], str]:
    """Per corner, the supports of the partners to list; the largest connected sets
    stated as sets instead when the answer passes the listing limits
    (`stated.split_edges`, from the vertices' supports alone: nothing is built for
    the extreme points not listed); and the note saying so."""
    from .stated import split_edges
    items = [(t, sup) for t, c in enumerate(found)
             for sup in _partner_supports(c, d, _end(t, found))]
    edges, sides = _edges([(sup, t) for t, sup in items], many, found)
    keep, stated, note = split_edges(game, edges, sides)
    listed: list[list[tuple[int, ...]]] = [[] for _ in found]
    for k in keep:
        listed[items[k][0]].append(items[k][1])
    return listed, stated, note


def check_listing(points: int, numbers: int) -> None:
    """Refuse, before building it, an answer beyond the declared listing limits (read
    from games.limits at each call, so that a program may raise them)."""
    most, longest = limits.LISTED_EXTREME_POINTS, limits.LISTED_PROBABILITIES
    if points > most or numbers > longest:
        raise too_many(f"have {points:,} extreme points and their listing would write "
                       f"{numbers:,} probabilities",
                       f"the limits: {most:,} extreme points, LISTED_EXTREME_POINTS, and "
                       f"{longest:,} probabilities, LISTED_PROBABILITIES,")


def too_many(answer: str, limit: str) -> TooManyToList:
    """The one-line refusal of an answer longer than a report lists: what the game's
    equilibria `answer` would take, and the `limit` it passes."""
    return TooManyToList(
        f"this game's equilibria {answer}, more than a report lists ({limit} in "
        "games/limits.py; docs/scenario-format.md); --max-listed N raises them, "
        "at the cost of time and memory")


def sort_key(supports: tuple[tuple[int, ...], ...], profile: tuple[tuple, ...]) -> tuple:
    """The key of `equilibrium.sort_equilibria` read from the supports alone: that key
    compares dense lists of -probabilities (floats); the nonzero entries as (index,
    -probability) pairs with an end mark compare the same way."""
    sparse = tuple(tuple((j, -f) for j in s if (f := to_float(probs[j]))) + ((math.inf, 0.0),)
                   for s, probs in zip(supports, profile))
    return (any(len(s) > 1 for s in supports), sum(len(s) for s in supports), sparse)


def _pair_support(q: Fraction) -> tuple[int, ...]:
    return (0,) if q == 1 else (1,) if q == 0 else (0, 1)


# ----------------------------------------------------------------- components

def _components(game: Game, eqs: Sequence[Equilibrium], ids: Sequence[tuple[tuple[int, ...], int]],
                many: int, found: Sequence[Corner]) -> list[Component]:
    """`bimatrix.components` from the vertices' identities (no profile is hashed),
    each component with the detail `continua.attach_details` gives it."""
    edges, sides = _edges(ids, many, found)
    return stated_components(game, eqs, edges, sides)


def _edges(ids: Sequence[tuple[tuple[int, ...], int]], many: int, found: Sequence[Corner]
           ) -> tuple[list[tuple[int, int]], tuple[list[tuple[int, ...]], list[tuple[int, ...]]]]:
    """The edges of `bimatrix.edge_components` from the extreme equilibria's identities
    (the many player's support, the corner), and each numbered strategy's support, in
    player order."""
    mine: dict[tuple[int, ...], int] = {}
    theirs: dict[int, int] = {}
    edges = []
    for support, t in ids:
        a, b = mine.setdefault(support, len(mine)), theirs.setdefault(t, len(theirs))
        edges.append((a, b) if many == 0 else (b, a))
    sides = (list(mine), [_pair_support(found[t].q) for t in theirs])
    return edges, sides if many == 0 else (sides[1], sides[0])


def stated_components(game: Game, eqs: Sequence[Equilibrium], edges: list[tuple[int, int]],
                      sides: tuple[list[tuple[int, ...]], list[tuple[int, ...]]]
                      ) -> list[Component]:
    """The components of a 2-player answer from its edges (equilibrium k joins extreme
    strategy edges[k][0] of player 1 to edges[k][1] of player 2, as in
    `bimatrix.edge_components`), each with the exact detail `continua.attach_details`
    gives it; `sides` holds each extreme strategy's support, per player. Refused
    (`TooManyToList`) when stating the convex sets would pass LISTED_CONDITIONS."""
    comps = edge_components(edges)
    check_conditions(game, [c for c in comps if len(c.members) > 1])
    return with_details(game, eqs, comps, sides, edges)


def with_details(game: Game, eqs: Sequence[Equilibrium], comps: Sequence[Component],
                 sides: tuple[list[tuple[int, ...]], list[tuple[int, ...]]],
                 edges: Sequence[tuple[int, int]]) -> list[Component]:
    """Each component with the exact detail `continua.attach_details` gives it, from
    each numbered extreme strategy's support (`sides`, per player), which the solver
    knows without reading any probability, and its dimension from the strategies
    (equilibrium k plays strategies edges[k], as numbered in `sides`)."""
    out = []
    payoffs = integer_payoffs(game) if len(comps) < len(eqs) else None
    points: tuple[dict, dict] = ({}, {})
    for c in comps:
        for k in c.members if len(c.members) > 1 else ():
            for i in (0, 1):
                points[i][edges[k][i]] = eqs[k].profile[i]
    for c in comps:
        if len(c.members) == 1:
            out.append(replace(c, detail=ContinuumDetail(
                0, True, (point_piece(eqs[c.members[0]].profile),))))
            continue
        out.append(replace(c, detail=set_detail(game, c, sides, payoffs, points)))
    return out


def check_conditions(game: Game, continua: Sequence[Component]) -> None:
    """Refuse (`TooManyToList`) stating these components' convex sets when it would take
    more than LISTED_CONDITIONS conditions (an inequality per strategy in each set)."""
    sets = sum(len(c.convex_sets) for c in continua)
    size = sum(game.shape)
    if sets * size > limits.LISTED_CONDITIONS:
        raise too_many(f"form {sets:,} convex sets, whose exact statement would take up "
                       f"to {sets * size:,} conditions",
                       f"the limit is {limits.LISTED_CONDITIONS:,} conditions, "
                       "LISTED_CONDITIONS")


def set_detail(game: Game, comp: Component,
               sides: tuple[list[tuple[int, ...]], list[tuple[int, ...]]],
               payoffs: IntPayoffs | None = None,
               points: tuple[Mapping[int, tuple], Mapping[int, tuple]] | None = None
               ) -> ContinuumDetail | None:
    """The exact statement of a component of more than one extreme equilibrium: each of
    its convex sets (maximal bicliques of extreme strategies, numbered as in `sides`,
    each strategy's support) is the piece of the union of its strategies' supports;
    its dimension the affine ranks of those strategies (`points`, when given)."""
    pieces = []
    for xs, ys in comp.convex_sets:
        supports = (tuple(sorted({j for a in xs for j in sides[0][a]})),
                    tuple(sorted({j for b in ys for j in sides[1][b]})))
        dim = None if points is None else (
            affine_rank([points[0][a] for a in xs], [sides[0][a] for a in xs])
            + affine_rank([points[1][b] for b in ys], [sides[1][b] for b in ys]))
        piece = describe_linear(game, supports, payoffs, dim)
        if piece is not None:
            pieces.append(piece)
    return detail_of(pieces) if pieces else None
