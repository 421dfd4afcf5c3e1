"""Two-player games with a small side (n x m, m from 2 to 6) whose extreme equilibria
are too many to list or to gather into sets one by one: the Nash set stated exactly
from the faces of the small player's best-response polytope, the extreme points
counted (or, where counting them passes the work limit, bounded below) and not built.

Call the player with few strategies *small* and write, as `tall.py` does, Q for its
best-response polytope (dimension m) and R(y), S(y) for the big player's best
responses and the support at a point y of Q. Every face F of Q away from the origin
has rows I(F) tight on all of it (the intersection of R over its vertices) and a
support J(F) (the union of S over them); its points y are exactly those of Q with
rows I(F) tight and support inside J(F). So the Nash set is the union, over the faces
F, of the products

    X(F) x F,   X(F) = {x : support inside I(F), the columns J(F) best responses to x},

and each product is the piece `two_strategies.describe_linear` states for the support
profile (I(F), J(F)): the big player's mixtures over I(F) that keep the small player
indifferent over J(F) and no better off elsewhere, with the small player's mixtures
over J(F) that keep the rows of I(F) tied and best. Q has a handful of vertices in a
tied tall game (a 2,000 x 4 game with payoffs 0..3: four), however many hundreds of
thousands of extreme equilibria the products have; so the statement costs a few exact
LPs over the small player's distinct payoff rows (is X(F) empty, do two products meet,
is one inside another), never a vertex of P.

Pieces that meet form one connected set. Each extreme equilibrium is a vertex x of
X(v) at a vertex v of Q, so a set's count is the sum of its vertices' counts, which
the caller gives (tall.py counts each face of P by its distinct rows and their copies;
the envelope counts n x 2 games); a count cut short by the work limit is a lower bound
(`Component.counted` False) while the sets stay exact and complete.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Sequence

import numpy as np

from .. import limits
from ..equilibrium import Component, Equilibrium, EquilibriumSet
from .bimatrix import DEGENERATE_NOTE, METHOD
from .continua import ContinuumDetail, Piece, detail_of, point_piece
from .two_strategies import IntPayoffs, describe_linear, integer_payoffs, too_many

if TYPE_CHECKING:
    from ..model import Game

WORK_LIMIT = ("its work limit, TALL_BASES in games/limits.py; --timeout SECONDS lifts it")
TIMED_OUT = "the time given by --timeout"
MAX_FACES = 4_000           # faces of the small player's polytope examined at most (a
                            # tied tall game's has tens); beyond, refused with one line


@dataclass(frozen=True)
class SmallCorner:
    """A vertex of Q: its point (integer numerators), support (mask over the small
    player's strategies) and the big player's rows tight there."""

    num: tuple[int, ...]
    support: int
    rows: tuple[int, ...]


@dataclass(frozen=True)
class _Product:
    """One product X(F) x F: the face's vertices (mask over the corners), the supports
    I(F), J(F), a point of X(F) (probabilities over all rows) and of F."""

    corners: int
    rows: tuple[int, ...]
    cols: tuple[int, ...]
    x: tuple[Fraction, ...]
    y: tuple[Fraction, ...]


def state_sets(game: Game, big: int, corners: Sequence[SmallCorner], counts: Sequence[int],
               counted: bool, start: float, stopped: str = WORK_LIMIT) -> EquilibriumSet:
    """The Nash set of a 2-player game stated as its connected sets (module docstring):
    `big` is the player with many strategies, `corners` every vertex of Q but the
    origin, `counts[k]` the extreme equilibria at corner k (with `counted` False, a
    lower bound: the count stopped at `stopped`, WORK_LIMIT or TIMED_OUT)."""
    a, b = oriented(game, big)
    n, m = a.shape
    lp = _Programs(b)
    products = _products(corners, m, lp)
    groups = _connected(products, lp)
    payoffs = integer_payoffs(game)
    eqs: list[Equilibrium] = []
    comps: list[Component] = []
    conditions = 0
    for group in groups:
        members = [products[k] for k in group]
        total = sum(counts[c] if counted else max(counts[c], 1)
                    for c in range(len(corners))
                    if any(p.corners == 1 << c for p in members))
        pieces = [_piece(game, big, p, payoffs) for p in _maximal(members, lp)]
        conditions += sum(len(p.equations) + len(p.inequalities) for p in pieces)
        if all(p.dimension == 0 for p in pieces):       # one point: an isolated equilibrium
            eqs.append(_equilibrium(game, big, members[0]))
            comps.append(Component((len(eqs) - 1,), detail=ContinuumDetail(0, True, (pieces[0],))))
            continue
        comps.append(Component((), (), f"connected set of {total:,} extreme equilibria "
                               f"({'counted' if counted else 'at least: the count stopped at its limit'}"
                               f", not listed), {_count(len(pieces), 'convex piece')}",
                               detail_of(pieces), unlisted=total, counted=counted))
    if conditions > limits.LISTED_CONDITIONS:
        raise too_many(f"form sets whose exact statement takes {conditions:,} conditions",
                       f"the limit is {limits.LISTED_CONDITIONS:,} conditions, "
                       "LISTED_CONDITIONS")
    note = _note(game, big, comps, counted, stopped)
    return EquilibriumSet(eqs, method=METHOD, complete=True, exact=True, degenerate=True,
                          components=comps, notes=[DEGENERATE_NOTE, note],
                          seconds=time.monotonic() - start)


def _equilibrium(game: Game, big: int, p: _Product) -> Equilibrium:
    """The equilibrium (x, y) of a product that is a single point, payoffs exact."""
    profile = (p.x, p.y) if big == 0 else (p.y, p.x)
    return Equilibrium(profile, game.expected_payoffs(profile))


def oriented(game: Game, big: int) -> tuple[np.ndarray, np.ndarray]:
    """The big player's payoffs and the small player's, rows by the big player's
    strategies."""
    if big == 0:
        return game.payoffs[0], game.payoffs[1]
    return game.payoffs[1].T, game.payoffs[0].T


# ------------------------------------------------------------ the faces of Q

def _faces(corners: Sequence[SmallCorner], m: int) -> list[int]:
    """Every face of Q away from the origin, as the mask of its vertices: the closure,
    under intersection, of the facets' vertex sets (rows tight, coordinates zero),
    each face an intersection of facets. Refused beyond MAX_FACES."""
    facets: set[int] = set()
    by_row: dict[int, int] = {}
    for k, c in enumerate(corners):
        for r in c.rows:
            by_row[r] = by_row.get(r, 0) | 1 << k
    facets.update(by_row.values())
    for j in range(m):
        mask = sum(1 << k for k, c in enumerate(corners) if not c.support >> j & 1)
        if mask:
            facets.add(mask)
    faces, frontier = set(facets), set(facets)
    while frontier:
        new = {f & h for f in frontier for h in facets if f & h} - faces
        faces |= new
        frontier = new
        if len(faces) > MAX_FACES:
            raise too_many(f"lie on more than {MAX_FACES:,} faces of the smaller player's "
                           "best-response polytope", "MAX_FACES in games/solvers/tall_sets.py,")
    return sorted(faces, key=lambda f: (bin(f).count("1"), f))


def _supports(mask: int, corners: Sequence[SmallCorner]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """I(F), J(F) of the face with these vertices."""
    chosen = [c for k, c in enumerate(corners) if mask >> k & 1]
    rows = set(chosen[0].rows).intersection(*(c.rows for c in chosen[1:]))
    cols = 0
    for c in chosen:
        cols |= c.support
    return tuple(sorted(rows)), tuple(j for j in range(cols.bit_length()) if cols >> j & 1)


def _closed(rows: tuple[int, ...], cols: tuple[int, ...], corners: Sequence[SmallCorner]) -> int:
    """The vertices of the face {y in Q : rows tight, support inside cols}."""
    need, allowed = set(rows), sum(1 << j for j in cols)
    return sum(1 << k for k, c in enumerate(corners)
               if c.support & ~allowed == 0 and need.issubset(c.rows))


def _products(corners: Sequence[SmallCorner], m: int, lp: "_Programs") -> list[_Product]:
    """The nonempty products X(F) x F, one per distinct support profile (I(F), J(F))."""
    out: list[_Product] = []
    seen: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()
    for mask in _faces(corners, m):
        rows, cols = _supports(mask, corners)
        if not rows:
            continue
        face = _closed(rows, cols, corners)        # the face these supports define
        rows, cols = _supports(face, corners)
        if (rows, cols) in seen:
            continue
        seen.add((rows, cols))
        x = lp.point(rows, cols)
        if x is None:
            continue
        corner = corners[(face & -face).bit_length() - 1]
        total = sum(corner.num)
        out.append(_Product(face, rows, cols, x, tuple(Fraction(v, total) for v in corner.num)))
    return out


# ------------------------------------------------------------ exact LPs on X

class _Programs:
    """Exact LPs over X(I, J), on the small player's distinct payoff rows (rows with
    the same payoffs for it are interchangeable there)."""

    def __init__(self, b: np.ndarray) -> None:
        self.b = b
        self.key = [tuple(row) for row in b.tolist()]
        self.cache: dict[tuple, tuple[Fraction, ...] | None] = {}

    def _classes(self, rows: Sequence[int], marked: frozenset[int] = frozenset()
                 ) -> tuple[list[tuple], list[int], list[bool]]:
        """The distinct payoff rows among `rows` (split by membership of `marked`),
        a representative row of each, and whether it is marked."""
        first: dict[tuple, int] = {}
        for r in rows:
            first.setdefault((self.key[r], r in marked), r)
        keys = list(first)
        return [k[0] for k in keys], list(first.values()), [k[1] for k in keys]

    def optimum(self, rows: Sequence[int], cols: Sequence[int], gains: Sequence[Fraction] | None,
                marked: frozenset[int] = frozenset(), column: int | None = None
                ) -> tuple[Fraction, tuple[Fraction, ...]] | None:
        """max over X(rows, cols) of the weight on `marked` rows, or of the gain of
        `cols[0]` over `column` (None: any point), with the point; None when empty."""
        from .lp import solve_lp
        vals, reps, flags = self._classes(rows, marked)
        j0 = cols[0]
        eq = [[Fraction(1)] * len(vals)] + [[v[j] - v[j0] for v in vals] for j in cols[1:]]
        m = len(vals[0])
        ub = [[v[c] - v[j0] for v in vals] for c in range(m) if c not in cols]
        if column is not None:
            obj = [v[j0] - v[column] for v in vals]
        elif gains is None:
            obj = [Fraction(1) if f else Fraction(0) for f in flags]
        else:
            obj = list(gains)
        res = solve_lp(obj, ub or None, [0] * len(ub) or None, eq, [1] + [0] * (len(eq) - 1))
        if not res.optimal or res.x is None or res.objective is None:
            return None
        x = [Fraction(0)] * len(self.key)
        for r, w in zip(reps, res.x):
            x[r] = w
        return res.objective, tuple(x)

    def point(self, rows: Sequence[int], cols: Sequence[int]) -> tuple[Fraction, ...] | None:
        """A point of X(rows, cols), or None when it is empty."""
        key = (tuple(rows), tuple(cols))
        if key not in self.cache:
            found = self.optimum(rows, cols, [Fraction(0)] * len(self._classes(rows)[0]))
            self.cache[key] = None if found is None else found[1]
        return self.cache[key]

    def inside(self, small: _Product, large: _Product) -> bool:
        """Whether X(small) lies inside X(large): no weight outside large's rows, and
        each of large's columns a best response throughout."""
        outside = frozenset(small.rows) - frozenset(large.rows)
        if outside:
            found = self.optimum(small.rows, small.cols, None, marked=outside)
            if found is None or found[0] != 0:
                return False
        for c in set(large.cols) - set(small.cols):
            found = self.optimum(small.rows, small.cols, None, column=c)
            if found is None or found[0] != 0:
                return False
        return True


def _connected(products: list[_Product], lp: _Programs) -> list[list[int]]:
    """The products grouped into connected sets: two meet when their faces share a
    vertex and X(I ∩ I', J ∪ J') is not empty. Grown from each product not yet
    placed, asking only about pairs of a placed and an unplaced product."""
    left = list(range(len(products)))
    groups: list[list[int]] = []
    while left:
        group, frontier = [left[0]], [left[0]]
        left = left[1:]
        while frontier:
            p = products[frontier.pop()]
            meeting = [t for t in left if _meet(p, products[t], lp)]
            left = [t for t in left if t not in meeting]
            group += meeting
            frontier += meeting
        groups.append(sorted(group))
    return groups


def _meet(p: _Product, q: _Product, lp: _Programs) -> bool:
    """Whether two products share a point."""
    if not p.corners & q.corners:
        return False
    rows = tuple(sorted(set(p.rows) & set(q.rows)))
    cols = tuple(sorted(set(p.cols) | set(q.cols)))
    return bool(rows) and lp.point(rows, cols) is not None


def _maximal(members: list[_Product], lp: _Programs) -> list[_Product]:
    """The products of one set that lie in no other (face inside its face, X inside its
    X): the set is their union."""
    out = []
    for k, p in enumerate(members):
        if not any(t != k and q.corners | p.corners == q.corners and q.corners != p.corners
                   and lp.inside(p, q) for t, q in enumerate(members)):
            out.append(p)
    return out


def _piece(game: Game, big: int, p: _Product, payoffs: IntPayoffs) -> Piece:
    """A product's exact statement (a point piece when it is a single point)."""
    supports = (p.rows, p.cols) if big == 0 else (p.cols, p.rows)
    piece = describe_linear(game, supports, payoffs)
    if piece is not None:
        return piece
    profile = (p.x, p.y) if big == 0 else (p.y, p.x)
    return point_piece(profile)


# ------------------------------------------------------------ the note

def _note(game: Game, big: int, comps: Sequence[Component], counted: bool,
          stopped: str) -> str:
    """What is stated exactly and what is counted (or bounded)."""
    sets = [c for c in comps if c.unlisted]
    hidden = sum(c.unlisted for c in sets)
    pieces = sum(len(c.detail.pieces) for c in sets if c.detail is not None)
    small = game.players[1 - big].name
    more = (f"; --max-listed {hidden} would list every one, at the cost of time and memory"
            if hidden <= limits.MAX_LISTED else
            f", more than --max-listed reaches (MAX_LISTED, {limits.MAX_LISTED:,})")
    count = (f"their {hidden:,} extreme points are counted and not "
             f"listed{more}" if counted else
             f"their extreme points are bounded, not counted: at least {hidden:,} (the count "
             f"stopped at {stopped}); the sets themselves are exact and complete")
    return (f"more extreme equilibria than a report lists (LISTED_EXTREME_POINTS and "
            f"STATED_POINTS in games/limits.py): the Nash set is stated exactly as "
            f"{_count(len(sets), 'connected set')} of {_count(pieces, 'convex piece')}, from the faces of "
            f"{small}'s best-response polytope, every profile of every piece an equilibrium "
            f"and every equilibrium in a piece; {count}")


def _count(k: int, noun: str) -> str:
    """'1 convex piece', '7 convex pieces'."""
    return f"{k:,} {noun}{'' if k == 1 else 's'}"
