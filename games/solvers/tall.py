"""Two-player games where one player has many strategies and the other few (n x m and
m x n, m small): every extreme equilibrium, enumerated from the small side, in time
that follows the answer instead of the n-dimensional polytope.

Call the player with many strategies *big* (n strategies, rows), the other *small*
(m columns), and write, as `bimatrix.py` does, Q = {y >= 0 : A y <= 1} for the small
player's best-response polytope (A: the big player's payoffs, shifted and scaled to
positive integers) and P = {x >= 0 : B^T x <= 1} for the big player's (B: the small
player's payoffs). The general enumeration walks Q already; what costs there is its
n rows in every pivot, and the faces of P that degenerate (tied) games hand it.

- Q lives in dimension m. A row strictly dominated by another pure row is never tight
  at a point of Q other than 0, and rows with the same payoffs are tight together; so
  Q's vertices, and each vertex's tight rows, are found on the distinct undominated
  rows alone (a few dozen in a random game of thousands), then read back to every row.
- A vertex y of Q, with support S and best-response rows R, pairs with the vertices of
  the face F(y) = {x in P : x_i = 0 outside R, (B^T x)_j = 1 for j in S}. The face has
  m inequalities besides x >= 0, so its vertices have at most m nonzero coordinates:
  each is found by trying supports T of at most m rows and t = |T| tight columns
  (float-screened in numpy batches with rigorous error bounds, the survivors solved
  exactly, `faces.basis_point`). Rows of R with the same payoffs for the small player
  are interchangeable on the face: a vertex never holds two of them, and a vertex of
  the face over the distinct rows stands for one vertex per choice of its rows' copies.
  So the face is solved over its distinct rows, and the answer is *counted* (with
  those multiplicities) before anything is built.

The answer is the general enumeration's (`bimatrix.solve_bimatrix` and
`continua.attach_details`): the same extreme equilibria in the same order, the same
`degenerate` flag and note, components, convex sets and their exact statement
(`two_strategies.stated_components`). An answer beyond the listing limits
(`games.limits.LISTED_*`, raised by --max-listed) has its largest connected sets stated
as sets (`stated.split_edges`) up to `STATED_POINTS` extreme points; beyond that, the
whole Nash set is stated from the faces of Q (`tall_sets.py`) with the count made
here, nothing built point by point. A count that would try more than `TALL_BASES`
bases (a count of work, lifted by --timeout, as the general enumeration's) stops
there: the sets are stated all the same, their extreme points bounded below.
"""
from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Iterator, Sequence

import numpy as np

from .. import limits
from ..budget import Budget, WorkLimitReached, active, expired, spend_active
from ..equilibrium import Component, Equilibrium, EquilibriumSet
from ..errors import SolverTimeout, TooManyToList
from ..numbers import ZERO
from .bimatrix import (DEGENERATE_NOTE, METHOD, constraint_rows, exact_point,
                       iter_polytope_vertices)
from .faces import FLOAT_BITS, FacePoint, basis_point, bits
from .screen import screen_bases
from .tall_sets import TIMED_OUT, WORK_LIMIT, SmallCorner, oriented, state_sets
from .two_strategies import check_listing, sort_key, stated_components

if TYPE_CHECKING:
    from ..model import Game

SMALL_SIDE = 6          # the small player has from 3 to this many strategies
FROM = 40               # ... and the big one at least this many (below, the general
                        # enumeration is as quick, and a shipped 5 x 32 tree lists its
                        # 3,589 extreme equilibria there)
_BLOCK = 4_000_000      # candidate bases times coordinates screened in one numpy pass


def applies(shape: Sequence[int]) -> bool:
    """Whether this solver is the one for a game of this shape."""
    return len(shape) == 2 and 3 <= min(shape) <= SMALL_SIDE and max(shape) >= FROM


@dataclass(frozen=True)
class _Partner:
    """A vertex of the face F(y) over the distinct rows of R: the distinct rows it
    uses (`classes`, indices into the face's list), their integer weights, and the
    small player's tight strategies (mask)."""

    classes: tuple[int, ...]
    weights: tuple[int, ...]
    tight: int


def solve_tall(game: Game, timeout: float | None = None,
               max_bases: int | None = limits.TALL_BASES) -> EquilibriumSet:
    """Every extreme Nash equilibrium of a 2-player game whose smaller player has few
    strategies, with its components stated exactly (the module docstring). Without
    `timeout`, at most `max_bases` bases are tried; with one, until it passes. Either
    limit, met while the extreme points are counted, leaves the sets stated and their
    count bounded below (`tall_sets.state_sets`); met while the small polytope's
    vertices are found, a one-line refusal or SolverTimeout."""
    start = time.monotonic()
    deadline = None if timeout is None else start + timeout
    big = 0 if game.shape[0] > game.shape[1] else 1     # on ties, as bimatrix walks
    a, b = oriented(game, big)          # (n, m): big's payoffs, small's
    budget = Budget("exact enumeration", max_work=max_bases if timeout is None else None)
    corners: list[SmallCorner] | None = None
    tallies: list[list[int]] = []           # extreme equilibria counted at each corner
    try:
        with active(budget):
            corners = list(_corners(constraint_rows(a), deadline))
            p_cols = [list(col) for col in zip(*constraint_rows(b.T))]   # (n, m) ints
            faces = []
            for c in corners:
                tallies.append([0])
                faces.append(_face(c, p_cols, tallies[-1], deadline))
    except (WorkLimitReached, SolverTimeout) as stop:
        limited = isinstance(stop, WorkLimitReached)     # (a kind of SolverTimeout)
        if corners is None:
            if not limited:
                raise
            raise _work_refusal(budget.max_work or 0) from None
        counts = [t[0] for t in tallies] + [0] * (len(corners) - len(tallies))
        why = WORK_LIMIT if limited else TIMED_OUT
        return state_sets(game, big, corners, counts, False, start, why)   # count bounded
    counts = [t[0] for t in tallies]
    degenerate = any(len(c.rows) > bin(c.support).count("1") for c in corners) or \
        any(bin(p.tight).count("1") > len(p.classes) for _, partners in faces
            for p in partners)
    try:
        eqs, edges, sides, stated, note = _equilibria(game, big, corners, faces, a, b)
        comps = stated_components(game, eqs, edges, sides) + stated
    except TooManyToList:           # beyond what is listed or stated point by point
        return state_sets(game, big, corners, counts, True, start)
    return EquilibriumSet(eqs, method=METHOD, complete=True, exact=True, degenerate=degenerate,
                          components=comps, notes=([DEGENERATE_NOTE] if degenerate else [])
                          + ([note] if note else []), seconds=time.monotonic() - start)


# ------------------------------------------------------------ the small side: Q

def _corners(q_rows: list[list[int]], deadline: float | None) -> Iterator[SmallCorner]:
    """Every vertex of Q but the origin, with its tight rows among all of `q_rows`.

    Only the distinct rows that no other row weakly dominates (>= everywhere) can
    define a facet: a row below another is slack wherever that one is, or holds where
    it holds only on a face of lower dimension. So the vertices are found on those rows
    (a handful in a tied game, where the general walk met thousands of degenerate
    bases), and each vertex's tight rows among the strictly undominated ones (a row
    beaten everywhere is never tight), exactly."""
    distinct: dict[tuple[int, ...], list[int]] = {}
    for i, row in enumerate(q_rows):
        distinct.setdefault(tuple(row), []).append(i)
    keys = list(distinct)
    facets = [list(keys[k]) for k in _undominated(keys, weakly=True)]
    candidates = [keys[k] for k in _undominated(keys)]
    m = len(q_rows[0])
    for v in iter_polytope_vertices(facets, deadline):
        if v.is_origin:
            continue
        num = exact_point(facets, v) if v.num is None else v.num
        den = sum(r * x for r, x in zip(facets[bits(v.tight)[0]], num))
        rows = sorted(i for key in candidates if sum(r * x for r, x in zip(key, num)) == den
                      for i in distinct[key])
        yield SmallCorner(tuple(num), ((1 << m) - 1) & ~v.zeros, tuple(rows))


def best_response_supports(u: np.ndarray) -> dict[int, int]:
    """For the rows of `u` (a player's exact payoffs, one column per profile of the
    others) that are a best response to some belief over the columns, the columns
    that some such belief weighs (a bit mask): the union of the supports of the
    vertices of {y >= 0 : u y <= 1} (shifted and scaled) where the row is tight. A row
    left out is strictly dominated by a mixture of the others; a row whose mask is
    not full is a best response to no belief of full support, so it is weakly
    dominated, and only then (games/solvers/dominance.py)."""
    out: dict[int, int] = {}
    for c in _corners(constraint_rows(u), None):
        for i in c.rows:
            out[i] = out.get(i, 0) | c.support
    return out


def _undominated(rows: list[tuple[int, ...]], weakly: bool = False) -> list[int]:
    """Indices of the rows that no other row beats in every column (strict pure
    dominance) or, `weakly`, that no other row matches everywhere and beats somewhere,
    in order (rows are distinct). A row beaten by another has a smaller sum, so the
    rows are taken by decreasing sum and each is compared with those kept so far."""
    big = max(abs(x) for row in rows for x in row).bit_length() > 60
    M = np.array(rows, dtype=object if big else np.int64)
    order = sorted(range(len(rows)), key=lambda k: -sum(rows[k]))
    kept: list[int] = []
    block = np.empty((len(rows), M.shape[1]), dtype=M.dtype)
    for k in order:
        ahead = block[:len(kept)] >= M[k] if weakly else block[:len(kept)] > M[k]
        if not kept or not ahead.all(axis=1).any():
            block[len(kept)] = M[k]
            kept.append(k)
    return sorted(kept)


# ------------------------------------------------------------ the big side: faces of P

def _face(corner: SmallCorner, p_cols: list[list[int]], listed: list[int],
          deadline: float | None) -> tuple[list[list[int]], list[_Partner]]:
    """The partners of a vertex of Q: the distinct rows of its face (each with the
    original rows it stands for) and the face's vertices over them; `listed[0]` counts
    the extreme equilibria found at this corner so far (kept when the work limit stops
    the count: a lower bound then)."""
    classes: dict[tuple[int, ...], list[int]] = {}
    for i in corner.rows:
        classes.setdefault(tuple(p_cols[i]), []).append(i)
    reps = list(classes)
    members = list(classes.values())
    rows = [list(col) for col in zip(*reps)]            # m rows over the distinct rows
    return members, list(_face_vertices(rows, corner.support, members, listed, deadline))


def _face_vertices(rows: list[list[int]], forced: int, members: list[list[int]],
                   listed: list[int], deadline: float | None) -> Iterator[_Partner]:
    """The vertices of {z >= 0 : rows z <= 1} with every `forced` row tight, by
    supports of t <= len(rows) coordinates and t tight rows (screened in floats,
    survivors solved exactly; each basis counted on the active work budget). Their
    count with multiplicities (`members`) is added to `listed[0]` as they are found,
    so that a count the work limit stops is still a lower bound."""
    m, k = len(rows), len(rows[0])
    Cf = np.array(rows, dtype=float)
    screened = max(abs(x).bit_length() for row in rows for x in row) <= FLOAT_BITS
    max_row = float(Cf.sum(axis=1).max())
    seen: set[tuple[int, ...]] = set()
    for t in range(1, min(m, k) + 1):
        tights = np.array(list(itertools.combinations(range(m), t)), dtype=np.intp)
        for F, T in _candidate_blocks(k, t, tights):
            if expired(deadline):
                raise SolverTimeout("equilibrium enumeration ran out of time")
            spend_active(len(F))
            if screened:
                singular, infeasible, certain, _ = screen_bases(Cf, F, T, max_row)
                keep = ~singular & ~infeasible
                tmask = (np.left_shift(1, T)).sum(axis=1)
                keep &= ~certain | ((tmask & forced) == forced)
                F, T = F[keep], T[keep]
            for f, tt in zip(F.tolist(), T.tolist()):
                p = basis_point(rows, f, tt, k)
                if p is None or forced & ~p.tight or p.num in seen:
                    continue
                seen.add(p.num)
                partner = _partner(p)
                listed[0] += math.prod(len(members[c]) for c in partner.classes)
                yield partner


def _candidate_blocks(k: int, t: int, tights: np.ndarray
                      ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Every (support, tight rows) pair with t of each, in blocks of about _BLOCK."""
    per = max(1, _BLOCK // (len(tights) * max(k, 16)))
    supports = itertools.combinations(range(k), t)
    while True:
        chunk = list(itertools.islice(supports, per))
        if not chunk:
            return
        S = np.array(chunk, dtype=np.intp)
        yield np.repeat(S, len(tights), axis=0), np.tile(tights, (len(S), 1))


def _partner(p: FacePoint) -> _Partner:
    """A face point as the distinct rows it uses and their weights."""
    used = tuple(c for c, v in enumerate(p.num) if v)
    return _Partner(used, tuple(p.num[c] for c in used), p.tight)


# ------------------------------------------------------------ the answer

def _equilibria(game: Game, big: int, corners: Sequence[SmallCorner],
                faces: Sequence[tuple[list[list[int]], list[_Partner]]],
                a: np.ndarray, b: np.ndarray
                ) -> tuple[list[Equilibrium], list[tuple[int, int]],
                           tuple[list[tuple[int, ...]], list[tuple[int, ...]]],
                           list[Component], str]:
    """The extreme equilibria in `sort_equilibria`'s order, counted against the
    listing limits before any is built, with the edges and extreme strategies'
    supports that `stated_components` takes."""
    n, m = a.shape
    total = sum(math.prod(len(members[c]) for c in p.classes)
                for members, partners in faces for p in partners)
    if total > limits.STATED_POINTS:
        check_listing(total, total * (n + m))
    keep, stated, note = _split(game, big, corners, faces)
    found: list[tuple[tuple, Equilibrium, tuple, int]] = []
    k = -1
    for t, (corner, (members, partners)) in enumerate(zip(corners, faces)):
        y = _probabilities(corner.num)
        ys = tuple(j for j in range(m) if corner.num[j])
        dense_y = tuple(y)
        for p in partners:
            weights = _probabilities(p.weights)
            for chosen in itertools.product(*(members[c] for c in p.classes)):
                k += 1
                if keep is not None and k not in keep:
                    continue
                order = sorted(range(len(chosen)), key=chosen.__getitem__)
                xs = tuple(chosen[k] for k in order)
                px = tuple(weights[k] for k in order)
                found.append(_build(big, xs, px, ys, dense_y, a, b, n) + (t,))
    found.sort(key=lambda item: item[0])
    eqs = [e for _, e, _, _ in found]
    mine: dict[tuple, int] = {}
    theirs: dict[int, int] = {}
    edges = []
    for _, _, x_id, t in found:
        ab = (mine.setdefault(x_id, len(mine)), theirs.setdefault(t, len(theirs)))
        edges.append(ab if big == 0 else (ab[1], ab[0]))
    big_side = [x_id[0] for x_id in mine]
    small_side = [tuple(j for j in range(m) if corners[t].num[j]) for t in theirs]
    sides = (big_side, small_side) if big == 0 else (small_side, big_side)
    return eqs, edges, sides, stated, note


def _split(game: Game, big: int, corners: Sequence[SmallCorner],
           faces: Sequence[tuple[list[list[int]], list[_Partner]]]
           ) -> tuple[set[int] | None, list[Component], str]:
    """Which extreme equilibria (numbered in the order `_equilibria` meets them) to list,
    the largest connected sets stated as sets instead when the answer passes the
    listing limits (`stated.split_edges`, from each point's rows and primitive integer
    weights: nothing built for the points not listed), and the note; (None, [], "")
    when everything fits."""
    from .stated import split_edges
    m = len(corners[0].num) if corners else 0
    mine: dict[tuple, int] = {}
    theirs: dict[int, int] = {}
    edges: list[tuple[int, int]] = []
    for t, (members, partners) in enumerate(faces):
        for p in partners:
            g = math.gcd(*p.weights)
            for chosen in itertools.product(*(members[c] for c in p.classes)):
                key = tuple(sorted(zip(chosen, (w // g for w in p.weights))))
                ab = (mine.setdefault(key, len(mine)), theirs.setdefault(t, len(theirs)))
                edges.append(ab if big == 0 else (ab[1], ab[0]))
    size = sum(game.shape)
    if len(edges) <= limits.LISTED_EXTREME_POINTS and \
            len(edges) * size <= limits.LISTED_PROBABILITIES:
        return None, [], ""
    big_side = [tuple(i for i, _ in key) for key in mine]
    small_side = [tuple(j for j in range(m) if corners[t].num[j]) for t in theirs]
    keep, stated, note = split_edges(game, edges, (big_side, small_side) if big == 0
                                     else (small_side, big_side))
    return set(keep), stated, note


def _build(big: int, xs: tuple[int, ...], px: tuple[Fraction, ...], ys: tuple[int, ...],
           y: tuple[Fraction, ...], a: np.ndarray, b: np.ndarray, n: int
           ) -> tuple[tuple, Equilibrium, tuple]:
    """One extreme equilibrium (sort key, the equilibrium, the big player's extreme
    strategy as (support, probabilities))."""
    dense = [ZERO] * n
    for i, p in zip(xs, px):
        dense[i] = p
    big_value = sum((y[j] * a[xs[0], j] for j in ys), ZERO)       # a best response
    small_value = sum((p * y[j] * b[i, j] for i, p in zip(xs, px) for j in ys), ZERO)
    profile = (tuple(dense), y) if big == 0 else (y, tuple(dense))
    payoffs = (big_value, small_value) if big == 0 else (small_value, big_value)
    supports = (xs, ys) if big == 0 else (ys, xs)
    return sort_key(supports, profile), Equilibrium(profile, payoffs), (xs, px)


def _probabilities(num: Sequence[int]) -> list[Fraction]:
    """A nonnegative integer vector scaled to probabilities."""
    total = sum(num)
    return [Fraction(v, total) for v in num]


def _work_refusal(bases: int) -> TooManyToList:
    """The one-line refusal of an enumeration past its default work limit."""
    return TooManyToList(
        f"exact enumeration of this game's equilibria would try more than {bases:,} "
        "bases (the default work limit, TALL_BASES in games/limits.py, counted so "
        "that every machine gives the same answer); --timeout SECONDS lifts the count "
        "and enumerates until then")
