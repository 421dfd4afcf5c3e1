"""The reverse-search tree's levels, probed many bases at a time in floats.

Why: Knuth's estimate of a tree's size (walk_estimate.py) keeps a sample of each level
of the tree; a random game's tree is deep and lopsided, and 100 bases a level lose the
rare ones whose subtrees hold most of the walk (a 16x16 game's 104,234 bases were
estimated at a fifth to two thirds of that). The exact steps cost Python-integer
work per entry (30x30 tableau entries pass 2^60), too slow for a thousand bases a
level; an estimate needs no exactness, so here a level is one array of normalised
dictionaries (entries over the basis determinant) in float64, pivoted and tested
together in a few numpy steps.

The tree is the exact walk's (reverse_search._Walk): the same dictionary (cobasic
columns and the right-hand side), the lexicographic ratio test (rows tied within TOL
are compared over B^-1, read from the slack columns, as _Walk.lex_break does) and
Bland's parent test (a pivot from a basis is to a child when no cobasic variable of
smaller index than the leaving one improves the objective after it). Probing every
level to the end visits the exact walk's bases, level by level (tested on random,
0..3 and 0/1 games); a float step may still decide a near-tie otherwise than the
exact one, which an estimate can afford and a result could not.

Each base also tells what it will cost the exact walk: its determinant (the product
of its pivots, in logarithms) times its largest normalised entry bounds its integer
entries, and a base with entries beyond 2^60 is pivoted as Python integers
(batch_walk.py), several times slower than one in int64.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TOL = 1e-9                      # float values within this of zero are zero (the payoff
                                # rows are scaled to at most 1, so entries are moderate)


@dataclass(frozen=True)
class Level:
    """Bases in float64: dictionaries (N, r+1, d+1), the objective in row 0 and the
    right-hand side last, scaled by 1/D; the variable basic in each row (N, r+1; row 0
    unused), the variable of each cobasic column (N, d), and log2 of each basis's
    determinant D relative to the root's (N,)."""

    tab: np.ndarray
    basis: np.ndarray
    cobasis: np.ndarray
    logdet: np.ndarray

    def __len__(self) -> int:
        return len(self.logdet)

    def bits(self, scale_bits: float) -> np.ndarray:
        """About how many bits the exact walk's integer entries of each base take: its
        determinant times its largest normalised entry, in the unscaled payoff rows
        (divided by 2^scale_bits, as was each basic z variable's column)."""
        top = np.log2(np.maximum(np.abs(self.tab).max(axis=(1, 2)), 1.0))
        d = self.tab.shape[2] - 1
        return self.logdet + top + scale_bits * ((self.basis[:, 1:] < d).sum(axis=1) + 1)


@dataclass(frozen=True)
class Children:
    """Pivots from bases of a level to their children: the parent's index in the level,
    the pivot's row and column, the objective value after it, how many columns of the
    child improve the objective (the most children it can have), and whether the child
    is at a degenerate vertex (a basic variable at zero); and the work of finding them."""

    parent: np.ndarray
    row: np.ndarray
    col: np.ndarray
    objective: np.ndarray
    reach: np.ndarray
    degenerate: np.ndarray
    work: int = 0               # float entries read to find them (the probe's budget)

    def __len__(self) -> int:
        return len(self.parent)

    def take(self, which: np.ndarray) -> Children:
        """The pivots at the indices `which`."""
        return Children(self.parent[which], self.row[which], self.col[which],
                        self.objective[which], self.reach[which], self.degenerate[which],
                        self.work)


def root(rows: list[list[int]]) -> Level:
    """The origin's basis of {z >= 0 : C z <= 1} (`rows` = C, nonnegative): the slacks
    basic. C is scaled to entries at most 1: the same bases, z scaled alike."""
    C = np.asarray(rows, dtype=float)
    C /= max(float(C.max()), 1.0)
    r, d = C.shape
    tab = np.zeros((1, r + 1, d + 1))
    tab[0, 0, :d] = -1.0
    tab[0, 1:, :d] = C
    tab[0, 1:, d] = 1.0
    basis = np.concatenate(([-1], np.arange(d, d + r)))[None, :]
    return Level(tab, basis, np.arange(d)[None, :], np.zeros(1))


def children(level: Level) -> Children:
    """Every child of every base of the level (the exact walk's children)."""
    tab = level.tab
    n, p = np.nonzero(tab[:, 0, :-1] < -TOL)
    u, work = _ratio_rows(level, n, p)
    a, t = tab[n, u, p], tab[n, 0, p]
    after = tab[n, 0, :-1] - (t / a)[:, None] * tab[n, u, :-1]     # costs after the pivot
    keep = _is_child(level, n, p, u, after)
    n, p, u, a, t, after = n[keep], p[keep], u[keep], a[keep], t[keep], after[keep]
    step = tab[n, u, -1] / a                        # the entering variable's new value
    objective = tab[n, 0, -1] - t * step
    reach = (after < -TOL).sum(axis=1)
    rhs = tab[n, 1:, -1] - tab[n, 1:, p] * step[:, None]     # basic values after it
    rhs[np.arange(len(u)), u - 1] = step
    work += len(n) * (tab.shape[1] + tab.shape[2])
    return Children(n, u, p, objective, reach, (np.abs(rhs) <= TOL).any(axis=1), work)


def pivot(level: Level, kids: Children) -> Level:
    """The bases of the given children, each pivoted from its parent."""
    n, u, p = kids.parent, kids.row, kids.col
    k = np.arange(len(n))
    tab = level.tab[n]
    a = tab[k, u, p]
    prow = tab[k, u, :] / a[:, None]
    col = tab[k, :, p]
    tab -= col[:, :, None] * prow[:, None, :]
    tab[k, :, p] = -col / a[:, None]
    tab[k, u, :] = prow
    tab[k, u, p] = 1.0 / a
    basis, cobasis = level.basis[n], level.cobasis[n]
    entering = cobasis[k, p]
    cobasis[k, p] = basis[k, u]
    basis[k, u] = entering
    return Level(tab, basis, cobasis, level.logdet[n] + np.log2(np.abs(a)))


def _ratio_rows(level: Level, n: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, int]:
    """The leaving row of each pivot column (n, p): the least ratio of the right-hand
    side to the column over its positive entries (one exists: the polytope is bounded),
    ties broken lexicographically over B^-1 (_Walk.ratio_row's rule); and the float
    entries read."""
    tab = level.tab
    col = tab[n, 1:, p]                                     # (K, r)
    with np.errstate(divide="ignore", invalid="ignore"):    # a masked divide is slower
        ratio = tab[:, 1:, -1][n] / col                     # than one over all, then
    ratio[col <= TOL] = np.inf                              # the entries put out
    u = ratio.argmin(axis=1)
    least = ratio[np.arange(len(u)), u]
    tied = ratio <= (least + TOL * (1.0 + np.abs(least)))[:, None]
    several = np.flatnonzero(tied.sum(axis=1) > 1)
    work = col.size
    if len(several):
        u[several], lex = _lex_rows(level, n[several], col[several], tied[several])
        work += lex
    return u + 1, work


def _lex_rows(level: Level, n: np.ndarray, col: np.ndarray, alive: np.ndarray
              ) -> tuple[np.ndarray, int]:
    """Among each pivot's tied rows (`alive`), the one whose row of B^-1 (the slack
    variables' columns, in order of variable) over its entry in the pivot column is
    lexicographically least. A cobasic slack's column of B^-1 is its dictionary column
    (scaled by 1/D like every entry), compared over the tied rows; a basic slack's is
    the unit vector of its row, which only puts that row out when it is tied (its
    ratio is positive, the others' zero): an index lookup, not a pass over the rows
    (a 300x300 game's first levels tie in most columns, for up to hundreds of
    slacks, while only a few slacks are cobasic there). Also the float entries read."""
    r = col.shape[1]
    d = level.tab.shape[2] - 1
    safe = np.where(alive, col, 1.0)
    where, column_of = _slack_places(level)
    count = alive.sum(axis=1)
    open_ = np.arange(len(n))                               # pivots still tied
    work = alive.size
    for s in range(r):
        row = where[s, n[open_]]
        out = open_[row >= 0]
        out_row = row[row >= 0]
        hit = alive[out, out_row]
        alive[out[hit], out_row[hit]] = False               # a basic slack's tied row
        count[out[hit]] -= 1
        work += len(open_)
        at = column_of[s, n[open_]]                         # s cobasic there: its column
        on = at >= 0
        if on.any():
            ko = open_[on]
            work += len(ko) * (d + 4 * r)
            column = level.tab[n[ko], 1:, at[on]]
            still = alive[ko]
            ratio = np.where(still, column / safe[ko], np.inf)
            least = ratio.min(axis=1, keepdims=True)
            still &= ratio <= least + TOL * (1.0 + np.abs(least))
            alive[ko] = still
            count[ko] = still.sum(axis=1)
        open_ = open_[count[open_] > 1]
        if not len(open_):
            break
    return np.argmax(alive, axis=1), work


def _slack_places(level: Level) -> tuple[np.ndarray, np.ndarray]:
    """Where each slack is in each base of the level, slack by slack (r, N): the row
    it is basic in (row 0 the first constraint), else -1; and the column it is
    cobasic in, else -1. Per base, not per pivot: a tied 50x50 game's second level
    has 31,000 tied pivots from 1,000 bases, and per pivot these tables took most of
    the lexicographic test's time."""
    r, d = level.basis.shape[1] - 1, level.cobasis.shape[1]
    where = np.full((r, len(level)), -1)
    kk, ii = np.nonzero(level.basis[:, 1:] >= d)
    where[level.basis[kk, ii + 1] - d, kk] = ii
    column_of = np.full((r, len(level)), -1)
    kk, jj = np.nonzero(level.cobasis >= d)
    column_of[level.cobasis[kk, jj] - d, kk] = jj
    return where, column_of


def _is_child(level: Level, n: np.ndarray, p: np.ndarray, u: np.ndarray,
              after: np.ndarray) -> np.ndarray:
    """Bland's parent test of each pivot: with the costs `after` it, no cobasic variable
    of smaller index than the leaving one (other than the entering one's column)
    improves the objective back towards the origin (has a positive cost)."""
    leaving = level.basis[n, u]
    smaller = level.cobasis[n] < leaving[:, None]
    smaller[np.arange(len(p)), p] = False
    return ~((after > TOL) & smaller).any(axis=1)
