"""How many bases a reverse-search walk will visit, and how long it will take,
estimated before it starts.

Why: a random 2-player game's walk grows about 2.2x per added strategy; 20x20 visits
about 2 million bases (minutes), 30x30 billions (days). The upper bound theorem
(cost.max_vertices) is far above what random games visit, so it cannot tell the two
apart; a probe of the tree itself can, in a few seconds.

Method: Knuth's estimator (Knuth 1975, "Estimating the efficiency of backtrack
programs"; the `estimate` option of lrs applies it to its reverse-search tree), one
level at a time: the children of the bases kept at one level are all listed, each
weighted like its parent, and the sum of their weights estimates the size of the next
level; when there are more than WIDTH of them, WIDTH are kept by systematic sampling
with probability proportional to size (Horvitz-Thompson: each kept child's weight is
divided by its chance of being kept). The size of a child is c^2, c the columns that
improve the objective there (the most children it can have; a leaf, already counted,
is never kept: it has no subtree to estimate): bases with many ways forward root
larger subtrees, and a sample that favours them loses fewer of the rare large
subtrees of a lopsided tree. The children are ordered by objective value
first, so that the sample spreads from bases near the origin to far ones. The sum
over levels is an unbiased estimate of the bases walked; with WIDTH at least the
widest level it is exact. The levels are probed in floats, many bases at a time
(walk_probe.py): the exact walk's tree, at a thousandth of its cost per base.

The time: each sampled base also estimates its cost to the exact walk. Bases whose
integer entries fit in 60 bits (batch_walk.MID_BITS) are walked in int64 numpy steps,
at BASES_PER_SECOND or, in large games where that is slower, WALK_ENTRIES_PER_SECOND
tableau entries (a 300x300 base's pivot reads 90,601 of them: 200 bases a second of
CPU, not 10,000); beyond, in wide numpy batches up to 2^100 (wide_pivot.WIDE_BITS),
at WIDE_ENTRIES_PER_SECOND tableau entries a second (a random 20x20 walk: 44% of its
bases wide, at 14 million entries a second of CPU, against 26 million for its int64
ones), and past that as Python integers at BIG_ENTRIES_PER_SECOND.

Measured (docs/long-runs.md, tests/test_walk_estimate.py): within a factor of 2 of
full walks of random 12x12 to 20x20 games, and far beyond the limit for random 30x30
games (refused in a few seconds), while random 20x20 games are estimated at minutes
and run. The probe is bounded, whatever the game's size: PROBE_ENTRIES float entries
read, LEVEL_ENTRIES a level (33 bases a level at 300x300), and, deciding a refusal,
it stops once its levels so far are beyond DECIDED times the limit (a lower
estimate, enough to refuse: the whole probe would only add to it). Whether a walk is
mostly at degenerate vertices (ties, left to the default cap on those,
reverse_search.TiedBasesBudget) is read from every level probed: 0/1 games stay
above 90% at every level, while 0..3 games, and random ones of 300x300 (300 rows
share 100 payoff values, so each column's largest entry is tied), are tied at the
first levels only and are refused when long. The sample
is drawn from a fixed seed: the same estimate on every machine.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..errors import EnumerationTooLong
from ..limits import (BASES_PER_SECOND, BIG_ENTRIES_PER_SECOND, MAX_WALK_ENTRIES,
                      MAX_WALK_SECONDS, TIED_WALK_ENTRIES, WALK_ENTRIES_PER_SECOND,
                      WIDE_ENTRIES_PER_SECOND, enumeration_bases)
from .batch_walk import MID_BITS
from .wide_pivot import WIDE_BITS
from .reverse_search import TIED_SHARE

if TYPE_CHECKING:
    from ..model import Game
    from .walk_probe import Children

WIDTH = 3_000               # bases kept per level of the tree (a random 30x30 game: 2-4 s)
SEED = 20261130             # the sample's seed (fixed: the same estimate everywhere)
PROBE_ENTRIES = 1_500_000_000   # work of the probe at most, in float entries read (a random
                                # 30x30 game's whole probe is 1.2e9, 3-4 s; larger ones stop
                                # earlier, as soon as their levels so far are beyond the limit)
LEVEL_ENTRIES = 3_000_000   # float entries of a level's kept bases at most (24 MB; their
                            # candidate pivots' columns take a few times that): fewer than
                            # WIDTH bases kept in games beyond 30x30
DECIDED = 2                 # the probe, deciding a refusal, stops once its levels so far
                            # are beyond this many times MAX_WALK_SECONDS (the message
                            # then says "more than about 2 hours"). The levels below only
                            # add to the estimate, so the whole probe would refuse too
                            # (its share of ties read from fewer levels); a 0..3 game of
                            # 30x30 to 50x50 passes the limit 17 to 38 levels down its
                            # 30 to 90, and probing on to a day's worth (24) doubled the
                            # cost of refusing it
TIED_EVERYWHERE = 0.99      # ... and once every level probed is this much at degenerate
                            # vertices, down to where their bases pass the cap on those
                            # (0/1 games: 1.00 at each of their first 6-8 levels; 0..3
                            # games: 0.97 at the fourth level of a 60x60 one, whose walk
                            # the cap never ends, 0.94 at the third of a 30x30 one)


@dataclass(frozen=True)
class WalkEstimate:
    """The estimated bases of a walk and their cost, from `probes` bases kept per
    level, and its depth; `complete` when the probe reached the bottom of the tree
    (else the levels below the last probed are not counted: a lower estimate)."""

    bases: float
    probes: int                 # bases sampled per level (WIDTH)
    depth: int
    degenerate: float = 0.0     # ... of the bases, estimated: those at degenerate vertices
    big: float = 0.0            # ... those with integer entries beyond 2^MID_BITS
    entries: int = 1            # tableau entries of a base, (r + 1) x (d + 1)
    complete: bool = True
    huge: float = 0.0           # ... of the big ones, beyond 2^WIDE_BITS (Python integers)

    @property
    def seconds(self) -> float:
        """A rough wall time: int64 bases at BASES_PER_SECOND, or WALK_ENTRIES_PER_SECOND
        tableau entries when that is slower (a base's pivot and ratio tests read all of
        its tableau: from 25x25 on), wide ones (wide_pivot.py) at WIDE_ENTRIES_PER_SECOND
        tableau entries, Python-integer ones at BIG_ENTRIES_PER_SECOND (games.limits)."""
        small = max(1 / BASES_PER_SECOND, self.entries / WALK_ENTRIES_PER_SECOND)
        return ((self.bases - self.big) * small
                + (self.big - self.huge) * self.entries / WIDE_ENTRIES_PER_SECOND
                + self.huge * self.entries / BIG_ENTRIES_PER_SECOND)

    @property
    def tied(self) -> bool:
        """Mostly bases at degenerate vertices (TIED_SHARE of them or more)."""
        return self.degenerate >= TIED_SHARE * self.bases


def estimate_bases(rows: list[list[int]], width: int = WIDTH, seed: int = SEED,
                   decide: int | None = None) -> WalkEstimate:
    """Knuth's estimate of the bases the reverse search of {z >= 0 : C z <= 1}
    (`rows` = C, as reverse_search.reverse_search_vertices takes it) visits. With
    `decide` (the default cap on bases at degenerate vertices), the probe stops as
    soon as the refusal is decided (a lower estimate, `complete` False): its levels
    so far are beyond DECIDED times MAX_WALK_SECONDS, or every one of them is at
    least TIED_EVERYWHERE at degenerate vertices and their bases there pass the cap
    (a tied walk, left to that cap). Whether a walk is mostly at degenerate vertices
    (`tied`) is read from all the levels probed, not the first: a 0..3 game's first
    levels are 97% tied, its deeper ones 3%."""
    return _estimate(tuple(map(tuple, rows)), width, seed, decide)


@lru_cache(maxsize=8)       # the CLI's pre-run check and the solve share one estimate
def _estimate(rows: tuple[tuple[int, ...], ...], width: int, seed: int,
              decide: int | None) -> WalkEstimate:
    from . import walk_probe
    r, d = len(rows), len(rows[0])
    entries = (r + 1) * (d + 1)
    width = max(1, min(width, LEVEL_ENTRIES // entries))
    scale = math.log2(max(1, max(max(row) for row in rows)))
    rng = np.random.default_rng(seed)
    level, weight = walk_probe.root([list(row) for row in rows]), np.ones(1)
    total, depth, tied, big, huge, work = 1.0, 0, 0.0, 0.0, 0.0, 0
    everywhere = True           # every level so far at least TIED_EVERYWHERE tied
    while len(level) and work <= PROBE_ENTRIES:
        kids = walk_probe.children(level)
        work += kids.work
        kept = weight[kids.parent]
        ties = float(kept[kids.degenerate].sum())
        total += float(kept.sum())
        tied += ties
        everywhere &= ties >= TIED_EVERYWHERE * float(kept.sum())
        if len(kids) > width:
            kids, kept = _thin(kids, kept, width, rng)
        level, weight = walk_probe.pivot(level, kids), kept
        work += len(level) * entries * 4        # the pivots' passes over the level
        bits = level.bits(scale)
        big += float(weight[bits > MID_BITS].sum())
        huge += float(weight[bits > WIDE_BITS].sum())
        depth += bool(len(level))
        so_far = WalkEstimate(total, width, depth, tied, big, entries, not len(level), huge)
        if decide is not None and (so_far.seconds > DECIDED * MAX_WALK_SECONDS
                                   or everywhere and tied > decide):
            return so_far       # decided: the levels below only add bases
    return WalkEstimate(total, width, depth, tied, big, entries, not len(level), huge)


def _thin(kids: Children, weight: np.ndarray, width: int, rng: np.random.Generator
          ) -> tuple[Children, np.ndarray]:
    """About `width` of a level's children, by systematic sampling with probability
    proportional to size (each child's c^2, c its improving columns: a leaf has
    none; no chance above 1), evenly spaced from a random offset along the children
    ordered by their objective value; each kept child's weight divided by its chance
    (Horvitz-Thompson)."""
    order = np.argsort(kids.objective, kind="stable")
    size = kids.reach[order].astype(float) ** 2
    if not size.any():                  # leaves only: the next level is empty
        return kids.take(order[:0]), weight[:0]
    chance = np.zeros(len(order))
    free = np.ones(len(order), dtype=bool)
    for _ in range(8):              # children sure to be kept (chance 1) set aside
        left = width - int((~free).sum())
        chance[free] = left * size[free] / size[free].sum()
        over = free & (chance >= 1.0)
        if not over.any():
            break
        chance[over], free[over] = 1.0, False
    chance = np.minimum(chance, 1.0)
    marks = np.cumsum(chance)
    picks = np.searchsorted(marks, rng.random() + np.arange(math.ceil(marks[-1])), "right")
    picks = picks[picks < len(order)]
    return kids.take(order[picks]), weight[order[picks]] / chance[picks]


TIED_MARGIN = 1.25          # a walk left to the cap on ties stops once it has walked this
                            # many times the bases by which a walk TIED_SHARE tied reaches
                            # the cap (0/1 games, 95-99% tied, reach it well before)


@dataclass(frozen=True)
class Backstop:
    """The backstop of a default walk, in tableau entries, and which limit it is:
    `tied` for a walk left to the cap on ties (`tied_backstop`, at most
    TIED_WALK_ENTRIES), else MAX_WALK_ENTRIES (the note of a walk it stops names the
    one that did)."""

    entries: int
    tied: bool


def check_walk(game: Game) -> Backstop:
    """Raise EnumerationTooLong when the default exact enumeration of a 2-player game
    (no --timeout, no explicit work limit) would walk beyond MAX_WALK_SECONDS: the walk
    of the polytope of the player with fewer strategies (pairing.Pairing's W). Else
    the backstop its walk gets: MAX_WALK_ENTRIES tableau entries, or `tied_backstop`
    when it is left to the cap on ties (a 0..3 80x80 game is tied at each of its first
    levels probed, and its walk, unlike a 0/1 game's, then thins out of ties before
    the cap: the backstop ends it in seconds, not hours)."""
    from .bimatrix import constraint_rows, payoff_matrices
    from .cost import max_vertices
    m, n = game.shape
    A, B = payoff_matrices(game)
    rows = constraint_rows(B.T) if m <= n else constraint_rows(A)
    bound = max_vertices(min(m, n), m + n)
    problem = walk_problem(rows, bound)
    if problem is not None:
        raise EnumerationTooLong(problem)
    if bound > MAX_WALK_SECONDS * BASES_PER_SECOND and _left_to_ties(_decided(rows)):
        return Backstop(tied_backstop(m, n, len(rows), len(rows[0])), tied=True)
    return Backstop(MAX_WALK_ENTRIES, tied=False)


def tied_backstop(m: int, n: int, r: int, d: int) -> int:
    """The backstop of an m x n game's walk left to the cap on ties, in tableau entries
    (its dictionary r x d): a walk at least TIED_SHARE tied reaches the cap within
    cap / TIED_SHARE bases, so one that has walked TIED_MARGIN times that without
    reaching it has thinned out of ties, and the cap will not end it (a 0..3 80x80
    game's: 1.0e8 entries); at most TIED_WALK_ENTRIES (a tall game's cap counts fewer
    entries a base than its dictionary has)."""
    bases = TIED_MARGIN * enumeration_bases(m, n) / TIED_SHARE
    return min(TIED_WALK_ENTRIES, math.ceil(bases * (r + 1) * (d + 1)))


def _decided(rows: list[list[int]]) -> WalkEstimate:
    """The estimate the refusal reads (shared: cached)."""
    return estimate_bases(rows, decide=enumeration_bases(len(rows[0]), len(rows)))


def _left_to_ties(est: WalkEstimate) -> bool:
    """Is the walk left to the cap on ties: mostly at degenerate vertices, and long
    or not probed to its end?"""
    return est.tied and (est.seconds > MAX_WALK_SECONDS or not est.complete)


def walk_problem(rows: list[list[int]], bound: int) -> str | None:
    """Why the walk of `rows` is refused before it starts, or None: its estimated time
    is beyond MAX_WALK_SECONDS. Walks whose upper bound theorem count `bound` is
    within the limit are never probed (up to 19x19, at no cost), nor refused those whose
    bases are mostly at degenerate vertices (ties) over the levels probed: the cap on
    those (reverse_search.TiedBasesBudget) ends them with the equilibria found so far,
    or, failing that, their backstop (`tied_backstop`). A walk whose first levels
    only are tied (payoffs 0..3: 97% of the first level, 3% deeper) is probed on until
    its levels are decided."""
    if bound <= MAX_WALK_SECONDS * BASES_PER_SECOND:
        return None
    est = _decided(rows)
    if est.seconds <= MAX_WALK_SECONDS or est.tied:
        return None             # ties: the default cap on degenerate bases stops it
    more = "" if est.complete else "more than "
    return (f"exact enumeration refused: it would visit {more}about {_rough(est.bases)} "
            f"vertex bases, {more}about {_duration(est.seconds)} (estimated before the "
            f"walk from {est.probes:,} bases a level of {est.depth} levels of its search "
            "tree, at the rates of docs/long-runs.md), beyond the limit of "
            f"{_duration(MAX_WALK_SECONDS)} (MAX_WALK_SECONDS). Ways forward: --timeout "
            "SECONDS (exact until then, then a verified numeric sample), --method numeric "
            "(a verified sample)")


def _rough(count: float) -> str:
    """A count to two significant figures, e.g. '3.1e9' or '450,000'."""
    if count < 1e6:
        return f"{round(count, -3 if count >= 1e4 else 0):,.0f}"
    exp = int(math.floor(math.log10(count)))
    return f"{count / 10 ** exp:.1f}e{exp}"


def _duration(seconds: float) -> str:
    """'40 minutes', '3 hours', '12 days', '2e5 years'."""
    for unit, size in (("years", 365 * 86400), ("days", 86400), ("hours", 3600),
                       ("minutes", 60)):
        if seconds >= 2 * size or unit == "minutes" and seconds >= size:
            value = seconds / size
            return f"{value:.0f} {unit}" if value < 1e4 else f"{value:.0e} {unit}"
    return f"{seconds:.0f} s"
