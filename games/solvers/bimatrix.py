"""Two-player games: every extreme Nash equilibrium, exact, degenerate games included.

Method (vertex enumeration of the best-response polytopes, von Stengel 2002): with
payoffs shifted to be positive and scaled to integers,

    P = {x >= 0 : B^T x <= 1}  (player 1),    Q = {y >= 0 : A y <= 1}  (player 2).

Label i < m is "x_i = 0" in P and "row i of A y is tight" in Q; label m + j is
"column j of B^T x is tight" in P and "y_j = 0" in Q. The extreme equilibria are the
completely labelled vertex pairs (x, y) != (0, 0), normalised to probabilities; this
is the set Gambit's enummixed lists.

Vertices are found by trying every choice of d tight constraints (d the dimension;
a row weakly dominated on the chosen support is skipped, as it can never be tight
there) in a numpy-batched float pass; a choice survives unless its float solution is
*certainly* infeasible (the error bound comes from the condition number) or its
matrix is *certainly* singular. Survivors certified as feasible with exactly d
tight constraints are nondegenerate vertices with known exact labels; the others
are solved exactly with integer (fraction-free) Gauss-Jordan elimination and
deduplicated. So no vertex is lost to rounding; equilibrium points are rebuilt
exactly and checked by the exact deviation test.

From 8x8 the vertices are walked by reverse search instead (reverse_search.py,
batch_walk.py), one polytope with its partners solved face by face (faces.py), or,
when the game is degenerate or small and square, both polytopes with their labels
matched (label_match.py): see pairing.py.

A game is *degenerate* when some mixed strategy with support size k has more than k
pure best responses; equivalently, some vertex of P or Q has more tight constraints
than the dimension. Connected components and their convex pieces (maximal bicliques
of extreme equilibria) follow Avis, Rosenberg, Savani and von Stengel (2010).

Stays whole at about 500 lines (the 500-line guide): one method, whose vertex
screen, exact rebuild and pairing share the vertex type and label conventions above.
"""
from __future__ import annotations

import itertools
import math
import time
from operator import mul
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Iterator, Sequence

import numpy as np

from ..budget import Budget, WorkLimitReached, active, expired
from ..equilibrium import Component, Equilibrium, EquilibriumSet
from ..errors import SolverTimeout, TooLargeError
from .. import limits
from ..limits import enumeration_bases
from ..numbers import ZERO
from .faces import basis_point
from .screen import screen_bases
from .verify import integer_matrices, integer_rows, mark_checked

if TYPE_CHECKING:
    from ..model import Game
    from .pairing import Pairing
    from .reverse_search import FoundVertex

METHOD = "vertex enumeration (exact)"
MAX_SUBSETS = 1_000_000          # C(m+n, m) above this: too large (11x11 is 705,432)
CANDIDATE_LIMIT = 3_432          # C(m+n, m) above this (beyond 7x7): reverse search, faster there
_CHUNK_ENTRIES = 2_000_000       # float entries per batched block (bounds memory)
FINISHING_SHARE = 4              # a cut-short enumeration pairs what is pending within
                                 # its game's default cap divided by this
SIZE_CAP = 0                     # max_bases: the default work limit for the game's size
_SHORT = 24                      # points up to this long: their sort floats in Python
_FLOAT_BITS = 900                # integer rows longer than this skip the float screen
DEGENERATE_NOTE = ("degenerate game: some mixed strategy has more pure best responses than its "
                   "support size; the extreme equilibria are listed, with their connected sets")


# --------------------------------------------------------------------------- API

def solve_bimatrix(game: Game, timeout: float | None = None,
                   max_bases: int | None = SIZE_CAP, details: bool = False) -> EquilibriumSet:
    """Every extreme Nash equilibrium of a 2-player game, exact and verified.

    One best-response polytope is walked and each of its vertices' partners solved on
    the other polytope's complementary face, or both are walked and their labels
    matched (degenerate and small square games; pairing.py). Without
    `timeout`, the reverse search (games from 8x8) visits at most `max_bases` bases
    (a count of work, the same on every machine; None for no count); by default
    (SIZE_CAP) it visits at most `limits.enumeration_bases` of the game's size at
    degenerate vertices while those are most of its bases (`TiedBasesBudget`: ties
    are cut short, random and small-integer games run to the end); with one, no count applies and
    SolverTimeout is raised when `timeout` seconds pass first. By default, a walk
    estimated beyond limits.MAX_WALK_SECONDS raises EnumerationTooLong before it
    starts (walk_estimate.check_walk). A work cap or Ctrl-C ends the enumeration
    with what it established: the equilibria among the vertices found so far, and
    every pure one, marked incomplete (`_partial`). With `details`, the components of
    a complete answer come with the exact statement `continua.attach_details` gives
    them, read from the integer points' supports (no probability is read back).
    """
    start = time.monotonic()
    deadline = None if timeout is None else start + timeout
    A, B = payoff_matrices(game)
    from .reverse_search import TiedBasesBudget
    budget: Budget
    if max_bases == SIZE_CAP and timeout is None:   # days of walk: refused before it
        from .walk_estimate import check_walk
        backstop = check_walk(game)
        budget = TiedBasesBudget("exact enumeration", max_work=enumeration_bases(*game.shape),
                                 max_entries=backstop.entries, tied_backstop=backstop.tied)
    else:
        budget = Budget("exact enumeration", max_work=max_bases if timeout is None else None)
    from .pairing import Pairing
    walk = Pairing(constraint_rows(B.T), constraint_rows(A), deadline)
    try:
        with active(budget):
            walk.run()
    except KeyboardInterrupt:
        return _partial(game, walk, start, "interrupted (Ctrl-C) after "
                        f"{budget.work:,} bases visited", interrupted=True)
    except WorkLimitReached:
        if isinstance(budget, TiedBasesBudget) and budget.over_entries:
            return _partial(game, walk, start,
                            backstop_note(budget.bases, budget.max_entries or 0,
                                          tied=budget.tied_backstop))
        return _partial(game, walk, start, capped_note(
            budget.max_work or 0, tied=isinstance(budget, TiedBasesBudget)))
    _check_deadline(deadline)
    from .stated import split_listing
    split = split_listing(game, walk.pairs)     # counted before any is built
    eqs, edges, sides = _sorted_equilibria(game, split.listed)
    notes = ([DEGENERATE_NOTE] if walk.degenerate else []) + ([split.note] if split.note else [])
    comps = edge_components(edges)
    if details:
        from .two_strategies import with_details
        comps = with_details(game, eqs, comps, sides, edges)
    return EquilibriumSet(eqs, method=METHOD, complete=True, exact=True,
                          degenerate=walk.degenerate, components=comps + split.stated,
                          notes=notes, seconds=time.monotonic() - start)


Pair = tuple[tuple[int, ...], tuple[int, ...]]


def _equilibria(game: Game, pairs: Sequence[Pair]) -> list[Equilibrium]:
    """The completely labelled pairs found, as exact equilibria, sorted."""
    return _sorted_equilibria(game, pairs)[0]


Sides = tuple[list[tuple[int, ...]], list[tuple[int, ...]]]


def _sorted_equilibria(game: Game, pairs: Sequence[Pair]
                       ) -> tuple[list[Equilibrium], list[tuple[int, int]], Sides]:
    """The completely labelled pairs found, as exact equilibria (normalised) in the
    order of `sort_equilibria`, the edges of `edge_components` (each player's
    extreme strategies numbered in order of first appearance) and each numbered
    strategy's support, all from the integer
    points: the expected payoffs x^T A y and x^T B y computed in integers (the payoffs
    scaled to integers) and divided once, the sort keys' floats as quotients of
    integers (the same correctly rounded floats as the Fractions'), and the strategies
    told apart by their primitive integer vectors, so no Fraction is added, compared
    or hashed. Each distinct strategy is one shared tuple of probabilities.

    Every pair is also checked exactly here, from the same integers: A y and x^T B are
    at hand for the payoffs, so no pure strategy beating x^T A y (x^T B y) is one
    comparison with their largest entry. When every pair passes, the equilibria are
    recorded as checked (`verify.mark_checked`) and `solve`'s final check does not
    read them again; otherwise that check finds and reports the failure."""
    (A, sa), (B, sb) = integer_matrices(game)
    BT = integer_rows(game)[1]
    known: tuple[dict, dict] = ({}, {})   # integer point -> (primitive vector, probabilities)
    probs: tuple[dict, dict] = ({}, {})   # primitive vector -> probabilities
    items = []
    players = tuple(game.players)       # named already: `solve` need not rebuild them
    # per distinct point (degenerate games share them between many pairs): its nonzero
    # entries, the payoff of every pure strategy of the other player against it (x^T B,
    # A y) and their largest, its sum and sort key part
    sides_: tuple[dict, dict] = ({}, {})
    proved = True
    for x, y in pairs:
        (xs, xw, xB, x_best, tx, (x_count, x_key)) = _side(sides_[0], x, BT)
        (ys, yw, Ay, y_best, ty, (y_count, y_key)) = _side(sides_[1], y, A)
        ua = sum(map(mul, map(Ay.__getitem__, xs), xw))      # (sums of products by map:
        ub = sum(map(mul, map(xB.__getitem__, ys), yw))      # no Python frames)
        proved = (proved and x_best is not None and y_best is not None
                  and y_best * tx <= ua and x_best * ty <= ub)
        (kx, px), (ky, py) = _strategy(known[0], probs[0], x), _strategy(known[1], probs[1], y)
        key = _pair_key(x_count, x_key, y_count, y_key)
        payoffs = (Fraction(ua, sa * tx * ty), Fraction(ub, sb * tx * ty))
        items.append((key, Equilibrium((px, py), payoffs, players=players), kx, ky))
    items.sort(key=lambda item: item[0])
    first: tuple[dict, dict] = ({}, {})
    edges = [(first[0].setdefault(kx, len(first[0])), first[1].setdefault(ky, len(first[1])))
             for _, _, kx, ky in items]
    sides: Sides = ([_support(k) for k in first[0]], [_support(k) for k in first[1]])
    eqs = [e for _, e, _, _ in items]
    if proved:
        mark_checked(eqs)
    return eqs, edges, sides


def _side(known: dict, point: tuple[int, ...], rows: list[list[int]]) -> tuple:
    """A point's nonzero entries (indices, values), the other player's payoff from
    each of its pure strategies against it (`rows`: that player's integer payoffs by
    its own strategy), their largest, its sum and sort key part (`_sort_part`); once
    per distinct point. A point with a negative entry, summing to zero or of the wrong
    length gets no largest payoff (None), which no check passes."""
    got = known.get(point)
    if got is None:
        cols = [i for i, v in enumerate(point) if v]
        ws = [point[i] for i in cols]
        values = [sum(map(mul, map(row.__getitem__, cols), ws)) for row in rows]
        t, part = _sort_part(point)
        best = max(values) if min(point) >= 0 and t > 0 and len(point) == len(rows[0]) \
            else None
        got = known[point] = (cols, ws, values, best, t, part)
    return got


def _support(x: tuple[int, ...]) -> tuple[int, ...]:
    return tuple([j for j, v in enumerate(x) if v])


def _sort_part(x: tuple[int, ...]) -> tuple[int, tuple[int, list[float]]]:
    """A point's sum, and its part of `pair_sort_key`: its support's size and its
    probabilities' negated floats."""
    t = sum(x)
    return t, (len(x) - x.count(0), _neg_shares(x, t))


def _pair_key(x_count: int, x_key: list[float], y_count: int, y_key: list[float]) -> tuple:
    """`pair_sort_key` from each point's part (`_sort_part`)."""
    return (x_count > 1 or y_count > 1, x_count + y_count, [x_key, y_key])


def pair_sort_key(x: tuple[int, ...], y: tuple[int, ...]) -> tuple:
    """The key of `sort_equilibria` for the integer point pair (x, y): mixed after pure,
    smaller supports first, then the probabilities (as floats from integer quotients,
    the same correctly rounded floats as the Fractions')."""
    _, (x_count, x_key) = _sort_part(x)
    _, (y_count, y_key) = _sort_part(y)
    return _pair_key(x_count, x_key, y_count, y_key)


def _neg_shares(x: tuple[int, ...], t: int) -> list[float]:
    """[-v / t for v in x], the correctly rounded quotients: in numpy when t (and so
    every v, a point being nonnegative) is below 2^53, where the floats are the integers
    and one float division is the correctly rounded quotient (thousands of 300-long
    points are sorted at a tied game's cap)."""
    if t < 1 << 53 and len(x) > _SHORT:
        return (-np.array(x, dtype=float) / float(t)).tolist()
    return [-v / t for v in x]


def _strategy(known: dict, probs: dict, num: tuple[int, ...]) -> tuple[tuple[int, ...], tuple]:
    """The primitive integer vector of a point (its identity) and its probabilities,
    computed once per point (and shared by its multiples)."""
    if num not in known:
        g = math.gcd(*num)
        prim = num if g == 1 else tuple([v // g for v in num])
        if prim not in probs:
            probs[prim] = normalise(num)
        known[num] = (prim, probs[prim])
    return known[num]


def capped_note(bases: int, tied: bool = False) -> str:
    """The note of an enumeration stopped by its work limit, in its own words: with
    `tied`, the default limit on bases at degenerate vertices (TiedBasesBudget)."""
    if tied:
        return (f"enumeration capped at {bases:,} bases at degenerate vertices (the default "
                "work limit for a game of this size, which applies while three quarters of the "
                "bases visited or more are at degenerate vertices, as ties in the payoffs "
                "make them; counted, so the same on every machine)")
    return (f"enumeration capped at {bases:,} bases (the default work limit for a game "
            "of this size, counted, so the same on every machine)")


def backstop_note(bases: int, entries: int, tied: bool = False) -> str:
    """The note of a default walk stopped by its backstop of `entries` tableau entries:
    MAX_WALK_ENTRIES, or with `tied` TIED_WALK_ENTRIES (a walk left to the cap on ties;
    the budget says which, walk_estimate.Backstop)."""
    which = ("TIED_WALK_ENTRIES, for a walk whose first levels were mostly at degenerate "
             "vertices" if tied else
             "MAX_WALK_ENTRIES, about twice the time a walk may be estimated at before it "
             "is refused")
    return (f"enumeration stopped after {bases:,} bases, at the default limit of "
            f"{entries:.1e} tableau entries walked ({which}; counted, so the same on every "
            "machine; --timeout SECONDS lifts it)")


def _partial(game: Game, walk: Pairing, start: float, why: str,
             interrupted: bool = False) -> EquilibriumSet:
    """What an enumeration cut short established: every equilibrium among the vertices
    found (each a true vertex paired with the exact vertices of its face, so each pair
    is an equilibrium) and every pure one, marked incomplete, with a note saying why
    and what was not established. Pairing the vertices still pending is counted work
    too (a degenerate face is a polytope walked of its own, which in a tied 60x60 game
    ran for minutes after the cap): a quarter of the game's default cap, after which
    the faces not yet solved are left out."""
    try:
        with active(Budget("exact enumeration", max_work=max(
                1, enumeration_bases(*game.shape) // FINISHING_SHARE))):
            walk.finish()
    except WorkLimitReached:
        pass
    from .partial_listing import found_pairs, partial_listing, unstated_note
    pairs = found_pairs(game, walk.pairs)
    shown = partial_listing(game, pairs)
    eqs, edges, _ = _sorted_equilibria(game, shown.listed)
    listed = f"{len(eqs)} equilibri{'um' if len(eqs) == 1 else 'a'}"
    note = (f"{why}: the {listed} listed (every pure one, and the mixed ones "
            f"among the {walk.vertices_found():,} vertices found) were verified; "
            "there may be others" + ("" if interrupted else
                                    ". Ways forward: --timeout SECONDS (exact, no work cap, "
                                    "until then), --method numeric (a verified sample)"))
    if shown.cut:
        note = note.replace(f"the {listed} listed (every pure one, ", f"the {listed} listed "
                            f"(of the {len(pairs):,} found: pure ones, ")
    comps = bounded_components(edges, limits.LISTED_CONDITIONS // sum(game.shape))
    notes = [note] + ([shown.note] if shown.note else [])
    if comps is None:
        comps = []
        notes.append(unstated_note(len(eqs), limits.LISTED_CONDITIONS // sum(game.shape)))
    return EquilibriumSet(eqs, method=METHOD, complete=False, exact=True,
                          components=comps + shown.stated, notes=notes,
                          seconds=time.monotonic() - start, interrupted=interrupted)


def polytope_vertices(rows: list[list[int]], deadline: float | None = None) -> list[Vertex]:
    """Every vertex of {z >= 0 : C z <= 1} (see `iter_polytope_vertices`)."""
    return list(iter_polytope_vertices(rows, deadline))


def iter_polytope_vertices(rows: list[list[int]], deadline: float | None = None
                           ) -> Iterator[Vertex]:
    """Every vertex of {z >= 0 : C z <= 1}: by trying candidate bases while there are
    few of them (C(r+d, d) up to CANDIDATE_LIMIT, where that is faster, and quick), beyond
    that by lexicographic reverse search, whose cost follows the number of vertices;
    its vertices come one by one, its bases counted on the active work budget."""
    r, d = len(rows), len(rows[0])
    if math.comb(r + d, d) <= CANDIDATE_LIMIT:
        yield from enumerate_vertices(rows, deadline)
        return
    from .reverse_search import iter_vertices
    coords = range(d)
    for v in iter_vertices(rows, deadline):
        yield Vertex(v.zeros, v.tight, tuple(itertools.compress(coords, v.num)), (),
                     v.num, v.den)


def check_size(m: int, n: int) -> None:
    """Raise TooLargeError when an m x n game has too many candidate vertex bases."""
    subsets = math.comb(m + n, m)
    if subsets > MAX_SUBSETS:
        why = (f"a {m}x{n} game has {subsets:,} candidate vertex bases per player, more than "
               f"exact vertex enumeration handles ({MAX_SUBSETS:,})")
        raise TooLargeError(f"{why}; the numeric method (Lemke-Howson, --method numeric) "
                            "finds a sample of equilibria instead", reason=why)


def extreme_strategies(equilibria: Sequence[Equilibrium]) -> tuple[list[tuple], list[tuple]]:
    """The distinct player-1 and player-2 strategies among `equilibria`, in order of
    first appearance: `Component.convex_sets` index into these two lists."""
    firsts, seconds = _positions(equilibria)
    return [s for s, _ in firsts], [s for s, _ in seconds]


Positions = list[tuple[tuple, list[int]]]     # distinct strategies, the equilibria playing each


def _positions(equilibria: Sequence[Equilibrium]) -> tuple[Positions, Positions]:
    """Each player's distinct strategies among `equilibria`, in order of first
    appearance, with the equilibria playing each. Strategies are compared once per
    distinct object (the solvers share one tuple per extreme strategy; hashing a tuple
    of Fractions again for every equilibrium was a sizeable part of building the
    result of a degenerate game), by their numerators and denominators when they are
    Fractions (a Fraction's own hash computes a modular inverse: a quarter of
    describing a degenerate 10x10 game's sets went there)."""
    out: tuple[Positions, Positions] = ([], [])
    for i in (0, 1):
        seen: dict[int, list[int]] = {}
        by_key: dict[tuple, list[int]] = {}
        for k, e in enumerate(equilibria):
            s = e.profile[i]
            if id(s) in seen:
                seen[id(s)].append(k)
                continue
            key = _strategy_key(s)
            if key not in by_key:
                by_key[key] = []
                out[i].append((s, by_key[key]))
            by_key[key].append(k)
            seen[id(s)] = by_key[key]
    return out


def _strategy_key(s: tuple) -> tuple:
    """A strategy's identity, cheap to hash: its Fractions as (numerator, denominator)
    pairs (in lowest terms, so equal exactly when the Fractions are), otherwise the
    strategy itself."""
    if all(type(p) is Fraction for p in s):
        return tuple((p.numerator, p.denominator) for p in s)
    return s


def components(equilibria: Sequence[Equilibrium]) -> list[Component]:
    """Connected components of the bipartite graph (extreme strategies, extreme
    equilibria as edges), each with its maximal bicliques: the convex sets, as
    index tuples into `extreme_strategies(equilibria)`."""
    edges = [(0, 0)] * len(equilibria)
    sides = _positions(equilibria)
    for a, (_, members) in enumerate(sides[0]):
        for k in members:
            edges[k] = (a, 0)
    for b, (_, members) in enumerate(sides[1]):
        for k in members:
            edges[k] = (edges[k][0], b)
    return edge_components(edges)


def edge_components(edges: list[tuple[int, int]]) -> list[Component]:
    """`components` from the edges alone: equilibrium k joins extreme strategy
    edges[k][0] of player 1 to edges[k][1] of player 2 (numbered in order of first
    appearance), so a solver that knows its strategies' identities need not hash them."""
    out = bounded_components(edges, None)
    assert out is not None          # no bound, so never cut short
    return out


def bounded_components(edges: list[tuple[int, int]], most_sets: int | None,
                       groups: Sequence[Sequence[int]] | None = None) -> list[Component] | None:
    """`edge_components`, of the edge `groups` given (default: every connected group),
    or None as soon as their convex sets (maximal bicliques) pass `most_sets` in all:
    a tied game's pure equilibria alone can form hundreds of thousands of them, each
    found by intersecting neighbourhoods, so the count stops early."""
    out = []
    left = most_sets
    for members in (connected_edge_groups(edges) if groups is None else groups):
        cliques = _bicliques_within([edges[k] for k in members], left)
        if cliques is None:
            return None
        if left is not None:
            left -= len(cliques)
        desc = ("isolated equilibrium" if len(members) == 1 else
                f"connected set of {len(members)} extreme equilibria, "
                f"{len(cliques)} convex piece(s)")
        out.append(Component(tuple(members), tuple(cliques), desc))
    return out


# ------------------------------------------------------------- payoff handling

def payoff_matrices(game: Game) -> tuple[np.ndarray, np.ndarray]:
    """The two exact payoff matrices (object arrays of Fraction), shape (m, n)."""
    if game.n_players != 2:
        raise ValueError(f"bimatrix solver needs 2 players, got {game.n_players}")
    return np.asarray(game.payoffs[0], dtype=object), np.asarray(game.payoffs[1], dtype=object)


def constraint_rows(M: np.ndarray) -> list[list[int]]:
    """Rows of a positive integer matrix C with {z >= 0 : C z <= 1} projectively
    equal to the best-response polytope of M: shift to >= 1, clear denominators,
    divide by the common gcd."""
    rows = M.tolist()
    lcm = math.lcm(*{v.denominator for row in rows for v in row})
    nums = [[v.numerator * (lcm // v.denominator) for v in row] for row in rows]
    base = lcm - min(map(min, nums))        # (1 - min M) lcm, in integers
    ints = [[v + base for v in row] for row in nums]
    g = math.gcd(*{v for row in ints for v in row})
    return ints if g == 1 else [[v // g for v in row] for row in ints]


# --------------------------------------------------------- vertex enumeration

@dataclass(frozen=True)
class Vertex:
    """A vertex of {z >= 0 : C z <= 1}: bit masks of its zero coordinates and tight
    rows (exact), one basis (`free` coordinates solved from the tight rows `basis`),
    and, once computed, the exact point num / den."""

    zeros: int
    tight: int
    free: tuple[int, ...]
    basis: tuple[int, ...]
    num: tuple[int, ...] | None = None
    den: int = 1

    @property
    def is_origin(self) -> bool:
        return not self.free


def enumerate_vertices(rows: list[list[int]], deadline: float | None = None) -> list[Vertex]:
    """Every vertex of {z >= 0 : C z <= 1} for a positive integer matrix C, with
    exact labels. Bases certified by the float pass as nondegenerate and feasible
    are taken as they are; every other candidate is solved exactly."""
    r, d = len(rows), len(rows[0])
    if max(abs(x).bit_length() for row in rows for x in row) > _FLOAT_BITS:
        return _exact_vertices(rows, deadline)
    Cf = np.array(rows, dtype=float)
    all_coords = (1 << d) - 1
    clean: list[Vertex] = [Vertex(all_coords, 0, (), (), tuple([0] * d), 1)]
    found: dict[tuple[int, ...], Vertex] = {}
    by_key: dict[tuple, list[Vertex]] = {}
    for k in range(1, min(d, r) + 1):
        for F, T, z, certain in _float_survivors(Cf, k, deadline):
            for f, t in zip(F[certain].tolist(), T[certain].tolist()):
                fmask = sum(1 << i for i in f)
                clean.append(Vertex(all_coords ^ fmask, sum(1 << j for j in t),
                                    tuple(f), tuple(t)))
            unsure = ~certain
            for f, t, zz in zip(F[unsure].tolist(), T[unsure].tolist(), z[unsure]):
                _absorb_candidate(rows, f, t, zz, found, by_key, d)
            _check_deadline(deadline)
    return clean + list(found.values())


def _exact_vertices(rows: list[list[int]], deadline: float | None) -> list[Vertex]:
    """Every vertex, each basis solved exactly: the float screen is skipped when the
    integer matrix does not fit in floats (payoffs spanning hundreds of digits)."""
    r, d = len(rows), len(rows[0])
    found: dict[tuple[int, ...], Vertex] = {}
    origin = Vertex((1 << d) - 1, 0, (), (), tuple([0] * d), 1)
    for k in range(1, min(d, r) + 1):
        for f in itertools.combinations(range(d), k):
            _check_deadline(deadline)
            for t in itertools.combinations(range(r), k):
                v = _exact_vertex(rows, list(f), list(t), d)
                if v is not None and v.num is not None:
                    found.setdefault(v.num, v)
    return [origin, *found.values()]


def exact_point(rows: list[list[int]], v: Vertex) -> tuple[int, ...]:
    """Integer numerators of the vertex (any positive multiple of the point)."""
    if v.num is not None:
        return v.num
    solved = _exact_vertex(rows, list(v.free), list(v.basis), len(rows[0]))
    if solved is None or solved.num is None or solved.zeros != v.zeros or \
            solved.tight != v.tight:
        raise AssertionError("internal error: float certification of a vertex failed")
    return solved.num


def _absorb_candidate(rows: list[list[int]], f: list[int], t: list[int], z: np.ndarray,
                      found: dict, by_key: dict, d: int) -> None:
    """Solve one uncertain basis exactly unless an already found vertex covers it."""
    zero_mask = ((1 << d) - 1) & ~sum(1 << i for i in f)
    tight_mask = sum(1 << j for j in t)
    key = _float_key(z, f, d)
    for v in by_key.get(key, ()):
        if zero_mask & ~v.zeros == 0 and tight_mask & ~v.tight == 0:
            return                      # same vertex (or a singular basis of it)
    v = _exact_vertex(rows, f, t, d)
    if v is None:
        return
    v = found.setdefault(v.num, v)
    by_key.setdefault(key, []).append(v)


def _float_key(z: np.ndarray, free: list[int], d: int) -> tuple:
    """A coarse float fingerprint of a candidate point (only used to find exact
    vertices already computed; collisions and misses cost time, not correctness)."""
    full = [0.0] * d
    scale = max(1e-300, float(np.abs(z).max()))
    for i, val in zip(free, z):
        full[i] = round(float(val) / scale, 7)
    return tuple(full)


def _float_survivors(Cf: np.ndarray, k: int, deadline: float | None
                     ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Bases with k free coordinates and k tight rows that may give a vertex: yields
    blocks (free index sets, tight row sets, float solutions, and a mask of the
    bases certified as feasible and nondegenerate)."""
    r, d = Cf.shape
    frees = np.array(list(itertools.combinations(range(d), k)), dtype=np.intp)
    tights = np.array(list(itertools.combinations(range(r), k)), dtype=np.intp)
    max_row = float(Cf.sum(axis=1).max())
    per_block = max(1, _CHUNK_ENTRIES // (len(tights) * k * r))
    for s in range(0, len(frees), per_block):
        fb = frees[s:s + per_block]
        allowed = _undominated_rows(Cf, fb)[:, tights].all(axis=2)      # (b, nT)
        fi, ti = np.nonzero(allowed)
        step = max(1, _CHUNK_ENTRIES // (k * max(k, r)))
        for u in range(0, len(fi), step):
            _check_deadline(deadline)
            F, T = fb[fi[u:u + step]], tights[ti[u:u + step]]
            singular, infeasible, certain, z = screen_bases(Cf, F, T, max_row)
            keep = ~singular & ~infeasible
            if keep.any():
                yield F[keep], T[keep], z[keep], certain[keep]


def _undominated_rows(Cf: np.ndarray, frees: np.ndarray) -> np.ndarray:
    """For each free set F, the rows of C[:, F] that no other row weakly dominates
    (>= everywhere, > somewhere). A dominated row is slack at every z with z_F > 0,
    so it cannot be tight at a vertex whose support is F."""
    S = Cf.T[frees]                                            # (nF, k, r)
    ge = (S[:, :, None, :] >= S[:, :, :, None]).all(axis=1)   # ge[f, a, b]: row b >= row a
    gt = (S[:, :, None, :] > S[:, :, :, None]).any(axis=1)
    return ~(ge & gt).any(axis=2)


def _exact_vertex(rows: list[list[int]], free: list[int], tight: list[int],
                  d: int) -> Vertex | None:
    """The exact vertex of one basis, or None when it is singular or infeasible."""
    p = basis_point(rows, free, tight, d)
    if p is None:
        return None
    return Vertex(p.zeros, p.tight, tuple(free), tuple(tight), p.num, p.den)


def is_degenerate_vertex(v: Vertex | FoundVertex, dim: int) -> bool:
    """More tight constraints than the dimension."""
    return bin(v.zeros).count("1") + bin(v.tight).count("1") > dim


# ------------------------------------------------------------- equilibria

def normalise(num: Sequence[int]) -> tuple[Fraction, ...]:
    """Scale a nonzero nonnegative integer vector to probabilities."""
    total = sum(num)
    return tuple([Fraction(v, total) if v else ZERO for v in num])


# ------------------------------------------------------------- components

def connected_edge_groups(edges: list[tuple[int, int]]) -> list[list[int]]:
    """Edge indices grouped by connected component (union-find on both sides)."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(a: tuple[int, int]) -> tuple[int, int]:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for x, y in edges:
        ra, rb = find((0, x)), find((1, y))
        if ra != rb:
            parent[ra] = rb
    groups: dict[tuple[int, int], list[int]] = {}
    for k, (x, _) in enumerate(edges):
        groups.setdefault(find((0, x)), []).append(k)
    return list(groups.values())


def maximal_bicliques(edges: list[tuple[int, int]]
                      ) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Every maximal X x Y with all pairs in `edges` (X, Y non-empty): the closed
    sets of the neighbourhood Galois connection, found as intersections of
    neighbourhoods."""
    found = _bicliques_within(edges, None)
    assert found is not None
    return found


def _bicliques_within(edges: list[tuple[int, int]], most: int | None
                      ) -> list[tuple[tuple[int, ...], tuple[int, ...]]] | None:
    """`maximal_bicliques`, or None once there are more than `most` of them (the
    closed sets only grow as neighbourhoods are intersected in)."""
    nbr: dict[int, int] = {}
    for x, y in edges:
        nbr[x] = nbr.get(x, 0) | (1 << y)
    closed: set[int] = set()
    for x in sorted(nbr):
        new = {nbr[x]} | {nbr[x] & s for s in closed}
        closed |= {s for s in new if s}
        if most is not None and len(closed) > most:
            return None
    out = []
    for ys in closed:
        xs = tuple(x for x in sorted(nbr) if nbr[x] & ys == ys)
        out.append((xs, tuple(y for y in range(ys.bit_length()) if ys >> y & 1)))
    return sorted(out)


def _check_deadline(deadline: float | None) -> None:
    if expired(deadline):
        raise SolverTimeout("equilibrium enumeration ran out of time")
