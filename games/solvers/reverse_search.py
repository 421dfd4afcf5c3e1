"""Every vertex of {z >= 0 : C z <= 1} by lexicographic reverse search (Avis and Fukuda).

Why: enumerating candidate bases (`bimatrix.enumerate_vertices`) costs C(m+n, m)
tries, 4x per added strategy; reverse search costs a few pivots per basis it visits,
so its time follows the number of vertices, as lrs's does. Used by the 2-player
solver for games beyond the crossover size (see `solve_bimatrix`).

The walk. The polytope is written as a tableau  C z + s = 1,  z, s >= 0  with the
slacks s basic at the start (the origin, a nondegenerate vertex). The right-hand
side is perturbed lexicographically (1 + (eps, eps^2, ...)), which makes every pivot
unique and every basis of the perturbed polytope a vertex of a *simple* polytope;
the lexicographic ratio test compares the rows of [B^-1 b | B^-1] (the slack
columns hold B^-1). The objective "minimize sum z" has the origin as its unique
optimal basis; Bland's rule with the lexicographic ratio test defines each other
basis's parent, one simplex pivot closer to the origin. Reverse search walks this
tree depth first from the origin: a pivot from basis B on column v is a child when
pivoting back from the new basis is the new basis's parent pivot. Every feasible
basis of the perturbed polytope is visited once; no list of visited bases is kept.

Arithmetic is exact and fraction-free (Bareiss): the tableau holds Python integers,
all of them minors of [C | I | 1], and D, the current basis determinant, divides each
update exactly. The vertex of a basis is (basic z values) / D; degenerate vertices
(several bases) are reported once, with their exact sets of zero coordinates and
tight rows read from the exact values, so degenerate games lose nothing.

The walk itself runs in batch_walk.py (many bases per numpy step, the same exact
integers in int64 while they fit); `_Walk` here is the Python-integer form of each
step, used there for bases whose entries are too large, and the reference the batched
steps are tested against.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Iterator

from ..budget import Budget, current, expired, spend_active
from ..errors import SolverTimeout

if TYPE_CHECKING:
    from .batch_walk import Visits

# a basis as its basic variables, cobasic ones, right-hand sides (row 0 first) and
# determinant
Basis = tuple[list[int], list[int], list[int], int]

Row = list[int]


@dataclass(frozen=True)
class FoundVertex:
    """One vertex: bit masks of its zero coordinates and tight rows, and the point
    as integers num / den (den > 0, not necessarily in lowest terms)."""

    zeros: int
    tight: int
    num: tuple[int, ...]
    den: int


def reverse_search_vertices(rows: list[list[int]], deadline: float | None = None
                            ) -> list[FoundVertex]:
    """Every vertex of {z >= 0 : C z <= 1} for a nonnegative integer matrix C whose
    every column has a positive entry (so the polytope is bounded), origin first.

    Raises SolverTimeout when `deadline` (a time.monotonic() value) passes first."""
    return list(iter_vertices(rows, deadline))


STEP = 64                       # bases visited between two clock checks / budget reports


def iter_vertices(rows: list[list[int]], deadline: float | None = None,
                  task: str = "exact enumeration: vertex bases visited"
                  ) -> Iterator[FoundVertex]:
    """The vertices of `reverse_search_vertices`, each yielded once as soon as it is
    found, so a caller interrupted (Ctrl-C, a work limit) keeps those seen so far.
    Every STEP bases are counted on the active work budget (games.budget), which
    reports progress under `task` and stops the walk when its limit is spent."""
    for _, v in iter_forest([rows], deadline, task):
        yield v


def iter_forest(polytopes: list[list[list[int]]], deadline: float | None = None,
                task: str = "exact enumeration: vertex bases visited"
                ) -> Iterator[tuple[int, FoundVertex]]:
    """`iter_vertices` of several polytopes of one dictionary shape (as many rows,
    as many columns) walked together (batch_walk.forest), each vertex with the index
    of its polytope."""
    for t, zeros, tight, num, den in forest_vertices(polytopes, deadline, task):
        yield t, FoundVertex(zeros, tight, num, den)


def forest_vertices(polytopes: list[list[list[int]]], deadline: float | None = None,
                    task: str = "exact enumeration: vertex bases visited"
                    ) -> Iterator[tuple[int, int, int, tuple[int, ...], int]]:
    """`iter_forest` as plain tuples (polytope, zeros, tight, num, den): no object
    per vertex, for callers that keep only labels (small games: the walk's own
    Python work per vertex is a sizeable part of their time)."""
    # a simple vertex has one basis, visited once; only degenerate vertices (several
    # bases) are remembered, so that a random game's walk holds no set of its vertices
    seen: list[set[tuple[int, int]]] = [set() for _ in polytopes]
    d = len(polytopes[0][0])
    for part in counted_batches(polytopes, deadline, task):
        if not part.degenerate_bases(d):
            for k, t in enumerate(part.trees):
                yield t, part.zeros[k], part.tight[k], part.point(k), part.dets[k]
            continue
        for k, labels in enumerate(zip(part.zeros, part.tight)):
            t = part.trees[k]
            if labels[0].bit_count() + labels[1].bit_count() > d:
                if labels in seen[t]:   # a degenerate vertex's other bases add nothing
                    continue
                seen[t].add(labels)
            yield t, labels[0], labels[1], part.point(k), part.dets[k]


def counted_batches(polytopes: list[list[list[int]]], deadline: float | None = None,
                    task: str = "exact enumeration: vertex bases visited",
                    breadth: bool = False) -> Iterator[Visits]:
    """The bases of the polytopes walked together, one batched step at a time (each
    step's bases as columns, a degenerate vertex once per basis), every STEP bases
    counted on the active work budget and the deadline checked. With `breadth`, and
    when their bases fit int64 keys, they are walked breadth first (level_walk.py:
    fewer steps, two levels of bases held; for small polytopes) instead of by
    reverse search."""
    from .batch_walk import forest_batches
    from .level_walk import fits, level_batches
    walks = [_Walk(rows) for rows in polytopes]
    count = spent = 0
    tied = _counting_ties(walks)
    d = walks[0].d
    for part in (level_batches if breadth and fits(walks) else forest_batches)(walks):
        count += len(part)
        if tied is not None:
            tied.count(len(part), part.degenerate_bases(d),
                       len(part) * (walks[0].r + 1) * (d + 1))
        while count - spent >= STEP:
            if expired(deadline):
                raise SolverTimeout("equilibrium enumeration ran out of time")
            spend_active(STEP, task)
            spent += STEP
        yield part


TIED_SHARE = 0.75               # share of degenerate bases from which a walk counts as tied


@dataclass
class TiedBasesBudget(Budget):
    """The default work budget of a 2-player enumeration: `work` counts every basis
    visited (the progress shown), while the limit `max_work` counts only the bases at
    degenerate vertices, and applies only while they are at least TIED_SHARE of the
    bases visited. Ties in the payoffs give a vertex many bases: a walk of a tied game
    (0/1 payoffs: 95-99% of its bases at degenerate vertices from 12x12 to 30x30)
    grows without end; random games (almost no degenerate vertex) and small-integer
    ones (payoffs 0..3: 14-45% of their bases, 10x10 to 20x20) find a new vertex at most
    bases, as lrsnash does, and are not cut short: they run to the end (progress
    shown, Ctrl-C keeps what was found). Only walks that could reach the cap are
    counted (`_counting_ties`): small ones, such as a degenerate face, cannot.
    Whatever the ties, the walk ends once its bases' tableau entries pass
    `max_entries` (limits.MAX_WALK_ENTRIES, about twice MAX_WALK_SECONDS of walk):
    the backstop of a walk the estimate let run (walk_estimate.py) that turns out
    longer, such as a tied game's whose ties thin out deeper than the cap reaches."""

    bases: int = 0              # bases visited (`work` counts them STEP at a time)
    degenerate: int = 0         # ... of them at degenerate vertices
    entries: int = 0            # ... their tableau entries, summed
    max_entries: int | None = None
    tied_backstop: bool = False     # max_entries is TIED_WALK_ENTRIES (the walk was left
    #                                 to the cap on ties), not MAX_WALK_ENTRIES

    def count(self, bases: int, degenerate: int, entries: int = 0) -> None:
        """Bases visited in one batched step, how many at degenerate vertices, and
        their tableau entries."""
        self.bases += bases
        self.degenerate += degenerate
        self.entries += entries

    @property
    def over_entries(self) -> bool:
        """Has the walk passed its backstop, `max_entries` tableau entries?"""
        return self.max_entries is not None and self.entries >= self.max_entries

    def limit_reached(self) -> bool:
        return (self.max_work is not None and self.degenerate >= self.max_work
                and self.degenerate >= TIED_SHARE * self.bases) or self.over_entries


def _counting_ties(walks: list[_Walk]) -> TiedBasesBudget | None:
    """The active budget when it counts bases at degenerate vertices and these walks
    could reach its cap: their bases are at most the upper bound theorem's count of
    the perturbed (simple) polytopes' vertices, so small walks (an 8x8 game's two
    polytopes: at most 2 x 660 bases, against a cap of 937,500) need no count."""
    from .cost import max_vertices
    budget = current()
    if not isinstance(budget, TiedBasesBudget) or budget.max_work is None:
        return None
    most = sum(max_vertices(w.d, w.r + w.d) for w in walks)
    return budget if most >= budget.max_work else None


class _Walk:
    """The reverse-search tree of lexicographically feasible bases of one dictionary.

    Variables 0..d-1 are z, d..d+r-1 the slacks. A node holds only the nonbasic
    (cobasic) columns, as lrs does: rows[i][p] is the coefficient of the variable
    cobasis[p] in row i (row 0 the objective, rows 1..r the constraints, scaled by
    the determinant D), rows[i][d] the right-hand side; a basic variable's column is
    D times a unit vector and is not stored."""

    def __init__(self, rows: list[list[int]]) -> None:
        self.r, self.d = len(rows), len(rows[0])
        self.start = [[-1] * self.d + [0]] + [list(row) + [1] for row in rows]

    def bases(self) -> Iterator[_Node]:
        """Every lex-feasible basis, depth first from the origin's."""
        r, d = self.r, self.d
        node = _Node(self.start, [-1] + list(range(d, d + r)), list(range(d)), 1)
        yield node
        # each stack entry: a node and its entering candidates (variable order, with
        # their columns), the next one to try last; only columns of negative cost can
        # lead to a child, so the others are left out at once
        stack: list[tuple[_Node, list[int], dict[int, _ParentTest]]] = [
            (node, _candidates(node), {})]
        while stack:
            node, todo, tests = stack[-1]
            if not todo:
                stack.pop()
                continue
            p = todo.pop()
            u = self.ratio_row(node, p)
            if u is None:
                continue
            if u not in tests:
                tests[u] = _ParentTest(node, u)
            if not tests[u].is_child(p):
                continue
            child = node.pivot(u, p)
            yield child
            stack.append((child, _candidates(child), {}))

    def children(self, node: _Node) -> list[tuple[int, int]]:
        """The pivots (u, p) from `node` to its children, the one to visit first
        last (used by batch_walk for bases whose entries are too large for int64)."""
        out = []
        tests: dict[int, _ParentTest] = {}
        for p in reversed(_candidates(node)):
            u = self.ratio_row(node, p)
            if u is None:
                continue
            if u not in tests:
                tests[u] = _ParentTest(node, u)
            if tests[u].is_child(p):
                out.append((u, p))
        out.reverse()
        return out

    def ratio_row(self, node: _Node, p: int) -> int | None:
        """The row leaving when column p enters: the lexicographic minimum ratio test
        over the rows of [B^-1 b | B^-1] (unique, as B^-1 has full rank)."""
        d = self.d
        best, num, den = -1, 0, 1
        ties: list[int] | None = None
        rows = node.rows
        for i in range(1, len(rows)):
            row = rows[i]
            a = row[p]
            if a <= 0:
                continue
            x = row[d]
            if best < 0:
                best, num, den = i, x, a
                continue
            c = x * den - num * a
            if c < 0:
                best, num, den, ties = i, x, a, None
            elif c == 0:
                ties = (ties or [best]) + [i]
        if best < 0:
            return None
        return best if ties is None else self.lex_break(node, ties, p)

    def lex_break(self, node: _Node, ties: list[int], p: int) -> int:
        """The tie-break of a degenerate ratio test: among the tied rows, the least
        row of B^-1 (the slack columns, in order) divided by its entry in column p,
        compared column by column by cross-multiplication until one row is left."""
        rows, det, basis = node.rows, node.det, node.basis
        where = node.column
        basic = {basis[i] for i in ties}    # a basic slack's column is zero off its row
        for s in range(self.d, self.d + self.r):
            q = where.get(s, -1)
            # a column that is zero on every tied row leaves the tie as it is: skipped
            zero = s not in basic if q < 0 else not any(rows[i][q] for i in ties)
            if zero:
                continue
            vals = [(rows[i][q] if q >= 0 else (det if basis[i] == s else 0), rows[i][p], i)
                    for i in ties]
            bx, ba, _ = vals[0]
            for x, a, _ in vals[1:]:
                if x * ba < bx * a:
                    bx, ba = x, a
            ties = [i for x, a, i in vals if x * ba == bx * a]
            if len(ties) == 1:
                break
        return ties[0]


@dataclass
class _Node:
    """One basis: the dictionary rows, basis[i] the variable basic in row i (basis[0]
    unused), cobasis[p] the variable of column p, and the determinant D."""

    rows: list[Row]
    basis: list[int]
    cobasis: list[int]
    det: int
    tree: int = 0               # which walk of a forest (batch_walk.forest) it is in

    @cached_property
    def column(self) -> dict[int, int]:
        """The column of each cobasic variable (read by every tie-break at this basis)."""
        return {var: q for q, var in enumerate(self.cobasis)}

    def pivot(self, u: int, p: int) -> _Node:
        """Fraction-free (Bareiss) pivot: column p's variable enters, row u's leaves."""
        prow, det = self.rows[u], self.det
        a = prow[p]
        out: list[Row] = []
        for i, row in enumerate(self.rows):
            if i == u:
                new = list(prow)
                new[p] = det
            else:
                f = row[p]
                if f == 0:
                    new = row if a == det else [x * a // det for x in row]
                else:
                    new = [(x * a - f * y) // det for x, y in zip(row, prow)]
                    new[p] = -f
            out.append(new)
        basis, cobasis = list(self.basis), list(self.cobasis)
        basis[u], cobasis[p] = cobasis[p], basis[u]
        return _Node(out, basis, cobasis, a, self.tree)


def _candidates(node: _Node) -> list[int]:
    """The columns whose variable may enter from this basis (negative cost), ordered
    so that popping from the end visits them by increasing variable index."""
    obj, cob = node.rows[0], node.cobasis
    return sorted((p for p in range(len(cob)) if obj[p] < 0), key=lambda p: -cob[p])


class _ParentTest:
    """Whether pivoting column p in at row u gives a basis whose parent (Bland's rule:
    the smallest-index improving variable enters) is this node: the leaving variable w
    is improving there (its new cost is -t > 0), so no nonbasic variable of smaller
    index may be. Answered for every entering column p of one leaving row u in O(1)
    each after one O(d) pass (a loop per column made the walk cubic in the number of
    columns: 1,000 strategies, half a million checks of 1,000 columns each).

    With a = prow[p] > 0 and t = obj[p] < 0, column q != p (of variable index below
    the leaving one) breaks the test when obj[q]*a - t*prow[q] > 0, that is: when
    prow[q] > 0 and obj[q]/prow[q] > t/a, when prow[q] < 0 and obj[q]/prow[q] < t/a,
    or when prow[q] == 0 and obj[q] > 0. So the pass keeps the two largest ratios of
    the first kind, the two smallest of the second and the columns of the third (two
    of each suffice to leave out p itself); ratios are exact pairs (num, den > 0)."""

    def __init__(self, node: _Node, u: int) -> None:
        w = node.basis[u]
        obj, prow = node.rows[0], node.rows[u]
        self.obj, self.prow = obj, prow
        high: list[tuple[int, int, int]] = []      # (num, den, q): obj[q]/prow[q], prow > 0
        low: list[tuple[int, int, int]] = []       # same with prow < 0 (den = -prow[q])
        self.bad: list[int] = []                    # prow[q] == 0 < obj[q]
        for q, j in enumerate(node.cobasis):
            if j >= w:
                continue
            c, e = obj[q], prow[q]
            if e > 0:
                _keep_two(high, (c, e, q), larger=True)
            elif e < 0:
                _keep_two(low, (-c, -e, q), larger=False)
            elif c > 0 and len(self.bad) < 2:
                self.bad.append(q)
        self.high, self.low = high, low

    def is_child(self, p: int) -> bool:
        """Whether pivoting column p in at this row gives a child of the node."""
        a, t = self.prow[p], self.obj[p]
        if any(q != p for q in self.bad):
            return False
        h = next((x for x in self.high if x[2] != p), None)
        if h is not None and h[0] * a > t * h[1]:          # obj/prow > t/a
            return False
        lo = next((x for x in self.low if x[2] != p), None)
        return not (lo is not None and lo[0] * a < t * lo[1])  # obj/prow < t/a


def _keep_two(best: list[tuple[int, int, int]], item: tuple[int, int, int],
              larger: bool) -> None:
    """Keep in `best` the two largest (or smallest) ratios num/den (den > 0) seen, the
    better first; compared exactly by cross-multiplication."""
    def before(x: tuple[int, int, int], y: tuple[int, int, int]) -> bool:
        c = x[0] * y[1] - y[0] * x[1]
        return c > 0 if larger else c < 0

    if len(best) < 2:
        if best and before(item, best[0]):
            best.insert(0, item)
        else:
            best.append(item)
    elif before(item, best[0]):
        best[1] = best[0]
        best[0] = item
    elif before(item, best[1]):
        best[1] = item


def _labels(node: Basis, r: int, d: int) -> tuple[int, int]:
    """Bit masks of the zero coordinates and tight rows of a basis's vertex, read from
    its exact values. They name the vertex: its tight constraints have rank d, so they
    hold at this point only, whichever of its bases the walk is at."""
    zeros, tight = (1 << d) - 1, 0
    basis, cobasis, rhs, _ = node
    for i in range(1, r + 1):
        var, value = basis[i], rhs[i]
        if var < d:
            if value:
                zeros ^= 1 << var
        elif value == 0:
            tight |= 1 << (var - d)
    for var in cobasis:
        if var >= d:
            tight |= 1 << (var - d)
    return zeros, tight


def _vertex_of(node: Basis, d: int) -> tuple[int, ...]:
    """The exact vertex of a basis: its basic coordinates, over the basis determinant
    (positive, as every pivot element is), not reduced to lowest terms."""
    point = [0] * d
    basis, _, rhs, _ = node
    for i in range(1, len(rhs)):
        var = basis[i]
        if var < d:
            point[var] = rhs[i]
    return tuple(point)
