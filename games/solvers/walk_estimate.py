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
integer entries fit in 60 bits are walked in int64 numpy steps (BASES_PER_SECOND);
beyond, as Python integers (batch_walk.py), at BIG_ENTRIES_PER_SECOND tableau
entries a second: a random 30x30 game's deep bases cost four or five times a 16x16
game's.

Measured (docs/long-runs.md, tests/test_walk_estimate.py): within a factor of 2 of
full walks of random 12x12 to 20x20 games, and far beyond the limit for random 30x30
games (refused in a few seconds), while random 20x20 games are estimated at minutes
and run. The probe is bounded (PROBE_ENTRIES float entries): larger games get a lower
estimate from the levels probed by then (a random 51x51 is still far beyond the limit),
and a walk whose first levels are mostly at degenerate vertices (ties) stops the probe
early, since the default cap on those ends its walk anyway. The sample is drawn from a
fixed seed: the same estimate on every machine.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..errors import EnumerationTooLong
from ..limits import BASES_PER_SECOND, BIG_ENTRIES_PER_SECOND, MAX_WALK_SECONDS
from .reverse_search import TIED_SHARE

if TYPE_CHECKING:
    from ..model import Game
    from .walk_probe import Children

WIDTH = 3_000               # bases kept per level of the tree (a random 30x30 game: 2-4 s)
SEED = 20261130             # the sample's seed (fixed: the same estimate everywhere)
PROBE_ENTRIES = 1_500_000_000   # work of the probe at most, in float entries read (a random
                                # 30x30 game's whole probe is 1.2e9, 3-4 s; larger ones stop
                                # here, their levels so far then a lower estimate of the
                                # walk: a random 51x51's, 2e9 bases or so, still refused)
LEVEL_ENTRIES = 3_000_000   # float entries of a level's kept bases at most (24 MB; their
                            # candidate pivots' columns take a few times that): fewer than
                            # WIDTH bases kept in games beyond 30x30
TIED_LEVELS = 1             # levels probed before a walk mostly at degenerate vertices is
                            # left to the default cap on those (reverse_search.TiedBasesBudget)
BIG_BITS = 60               # integer entries beyond this many bits: a Python-integer base
                            # (batch_walk.MID)


@dataclass(frozen=True)
class WalkEstimate:
    """The estimated bases of a walk and their cost, from `probes` bases kept per
    level, and its depth."""

    bases: float
    probes: int                 # bases sampled per level (WIDTH)
    depth: int
    degenerate: float = 0.0     # ... of the bases, estimated: those at degenerate vertices
    big: float = 0.0            # ... those with integer entries beyond 2^BIG_BITS
    entries: int = 1            # tableau entries of a base, (r + 1) x (d + 1)

    @property
    def seconds(self) -> float:
        """A rough wall time: int64 bases at BASES_PER_SECOND, Python-integer ones at
        BIG_ENTRIES_PER_SECOND tableau entries (games.limits)."""
        return ((self.bases - self.big) / BASES_PER_SECOND
                + self.big * self.entries / BIG_ENTRIES_PER_SECOND)


def estimate_bases(rows: list[list[int]], width: int = WIDTH, seed: int = SEED,
                   stop_on_ties: bool = False) -> WalkEstimate:
    """Knuth's estimate of the bases the reverse search of {z >= 0 : C z <= 1}
    (`rows` = C, as reverse_search.reverse_search_vertices takes it) visits; with
    `stop_on_ties`, only the first TIED_LEVELS levels of a walk mostly at degenerate
    vertices (what the refusal needs to know of it)."""
    return _estimate(tuple(map(tuple, rows)), width, seed, stop_on_ties)


@lru_cache(maxsize=8)       # the CLI's pre-run check and the solve share one estimate
def _estimate(rows: tuple[tuple[int, ...], ...], width: int, seed: int,
              stop_on_ties: bool) -> WalkEstimate:
    from . import walk_probe
    r, d = len(rows), len(rows[0])
    width = max(1, min(width, LEVEL_ENTRIES // ((r + 1) * (d + 1))))
    scale = math.log2(max(1, max(max(row) for row in rows)))
    rng = np.random.default_rng(seed)
    level, weight = walk_probe.root([list(row) for row in rows]), np.ones(1)
    total, depth, tied, big, work = 1.0, 0, 0.0, 0.0, 0
    while len(level) and work <= PROBE_ENTRIES:
        kids = walk_probe.children(level)
        work += kids.work
        kept = weight[kids.parent]
        total += float(kept.sum())
        tied += float(kept[kids.degenerate].sum())
        if len(kids) > width:
            kids, kept = _thin(kids, kept, width, rng)
        level, weight = walk_probe.pivot(level, kids), kept
        work += len(level) * (r + 1) * (d + 1) * 4      # the pivots' passes over the level
        big += float(weight[level.bits(scale) > BIG_BITS].sum())
        depth += bool(len(level))
        if stop_on_ties and depth >= TIED_LEVELS and tied >= TIED_SHARE * (total - 1):
            break           # ties from the first levels on: left to the cap on them
    return WalkEstimate(total, width, depth, tied, big, (r + 1) * (d + 1))


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


def check_walk(game: Game) -> None:
    """Raise EnumerationTooLong when the default exact enumeration of a 2-player game
    (no --timeout, no explicit work limit) would walk beyond MAX_WALK_SECONDS: the walk
    of the polytope of the player with fewer strategies (pairing.Pairing's W)."""
    from .bimatrix import constraint_rows, payoff_matrices
    from .cost import max_vertices
    m, n = game.shape
    A, B = payoff_matrices(game)
    rows = constraint_rows(B.T) if m <= n else constraint_rows(A)
    problem = walk_problem(rows, max_vertices(min(m, n), m + n))
    if problem is not None:
        raise EnumerationTooLong(problem)


def walk_problem(rows: list[list[int]], bound: int) -> str | None:
    """Why the walk of `rows` is refused before it starts, or None: its estimated time
    is beyond MAX_WALK_SECONDS. Walks whose upper bound theorem count `bound` is
    within the limit are never probed (up to 19x19, at no cost), nor refused those whose
    bases are mostly at degenerate vertices (ties): the default cap on those
    (reverse_search.TiedBasesBudget) ends them with the equilibria found so far."""
    if bound <= MAX_WALK_SECONDS * BASES_PER_SECOND:
        return None
    est = estimate_bases(rows, stop_on_ties=True)
    if est.seconds <= MAX_WALK_SECONDS or est.degenerate >= TIED_SHARE * est.bases:
        return None             # ties: the default cap on degenerate bases stops it
    return (f"exact enumeration refused: it would visit about {_rough(est.bases)} vertex "
            f"bases, about {_duration(est.seconds)} (estimated before the walk from "
            f"{est.probes:,} bases a level of its search tree, at the rates of "
            f"docs/long-runs.md), beyond the limit of {_duration(MAX_WALK_SECONDS)} "
            "(MAX_WALK_SECONDS). Ways forward: --timeout SECONDS (exact until then, then a "
            "verified numeric sample), --method numeric (a verified sample)")


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
