"""How many bases a reverse-search walk will visit, estimated before it starts.

Why: a random 2-player game's walk grows about 2.2x per added strategy; 20x20 visits
about 2 million bases (a minute), 51x51 hundreds of millions (days). The upper bound
theorem (cost.max_vertices) is far above what random games visit, so it cannot tell
the two apart; a probe of the tree itself can, in about a second.

Method: Knuth's estimator (Knuth 1975, "Estimating the efficiency of backtrack
programs"; the `estimate` option of lrs applies it to its reverse-search tree), one
level at a time: the children of the bases kept at one level are all listed, each
weighted like its parent, and the sum of their weights estimates the size of the next
level; when there are more than WIDTH of them, WIDTH are kept by systematic sampling
(evenly spaced, from a random offset) along their objective value, each then standing
for len / WIDTH of them (Horvitz-Thompson). The sum over levels is an unbiased
estimate of the bases walked; with WIDTH at least the widest level it is exact. The
ordering by objective spreads the sample from bases near the origin (roots of large
subtrees) to far ones: on random 16x16 games it is within a factor of 2-5, where plain
random descents at the same cost were off by up to 20x.

Known weakness (measured): the tree is lopsided, and from 30x30 the estimate falls far
below the true count (a random 30x30: 1.6e5-8.9e5 estimated, while the walk visits
more than 1.8e5 in 25 s and goes on for hours), so only games far beyond the limit
(51x51: 6.6e8) are refused; it never refused a game that finishes in an hour. The probe
itself is bounded (ESTIMATE_ENTRIES): in larger games the levels probed by then give a
lower estimate, and a walk whose first levels are mostly at degenerate vertices (ties)
stops the probe early, since the default cap on those ends its walk anyway.

Each step is one base's children by the walk's own rules (reverse_search._Walk:
Bland's parent and the lexicographic ratio test), in exact Python integers, so the
tree probed is the tree walked. The sample is drawn from a fixed seed: the same
estimate on every machine.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import EnumerationTooLong
from ..limits import BASES_PER_SECOND, MAX_WALK_SECONDS
from .reverse_search import TIED_SHARE

if TYPE_CHECKING:
    from ..model import Game
    from .reverse_search import _Node

WIDTH = 100                 # bases kept per level of the tree (a 20x20 game: under 1 s)
SEED = 20261130             # the sample's seed (fixed: the same estimate everywhere)
ESTIMATE_ENTRIES = 40_000_000   # tableau entries the probe may read (a 51x51 game's whole
                                # tree is about half of it; a 150x150 stops after 10 levels,
                                # its levels so far then a lower estimate of the walk)
TIED_LEVELS = 1             # levels probed before a walk mostly at degenerate vertices is
                            # left to the default cap on those (reverse_search.TiedBasesBudget)


_Child = tuple["_Node", int, int, float]      # a parent, its pivot (row, column), weight


@dataclass(frozen=True)
class WalkEstimate:
    """The estimated bases of a walk, from `probes` bases kept per level, and its depth."""

    bases: float
    probes: int                 # bases sampled per level (WIDTH)
    depth: int
    degenerate: float = 0.0     # ... of the bases, estimated: those at degenerate vertices

    @property
    def seconds(self) -> float:
        """A rough wall time at the calibrated rate (games.limits.BASES_PER_SECOND)."""
        return self.bases / BASES_PER_SECOND


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
    from .reverse_search import _Node, _Walk
    walk = _Walk([list(row) for row in rows])
    r, d = walk.r, walk.d
    rng = random.Random(seed)
    level = [(_Node(walk.start, [-1] + list(range(d, d + r)), list(range(d)), 1), 1.0)]
    total, depth, tied, work = 1.0, 0, 0.0, 0
    while level and work <= ESTIMATE_ENTRIES:
        # every child of the kept nodes, each with its parent's weight
        children = [(node, u, p, weight) for node, weight in level
                    for u, p in walk.children(node)]
        total += sum(c[3] for c in children)
        children = _thin(children, width, rng)
        level = [(node.pivot(u, p), w) for node, u, p, w in children]
        tied += sum(w for node, w in level if not all(row[d] for row in node.rows[1:]))
        depth += bool(level)
        work += len(level) * (r + 1) * (d + 1)
        if stop_on_ties and depth >= TIED_LEVELS and tied >= TIED_SHARE * (total - 1):
            break           # ties from the first levels on: left to the cap on them
    return WalkEstimate(total, width, depth, tied)


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


def _thin(children: list[_Child], width: int, rng: random.Random) -> list[_Child]:
    """At most `width` of a level's children, by systematic sampling (evenly spaced,
    from a random offset) over the children ordered by their objective value (the
    sum of z at their vertex: bases near the origin root large subtrees), each kept one
    standing for len / width of the level (Horvitz-Thompson)."""
    if len(children) <= width:
        return children
    children.sort(key=_objective)
    step = len(children) / width
    start = rng.random() * step
    return [(n, u, p, w * step) for n, u, p, w in
            (children[int(start + k * step)] for k in range(width))]


def _objective(child: _Child) -> Fraction:
    node, u, p, _ = child
    rows, d = node.rows, len(node.cobasis)
    # after the pivot on (u, p) the objective's right-hand side over the new det
    a, t = rows[u][p], rows[0][p]
    return Fraction(rows[0][d] * a - t * rows[u][d], a * node.det)


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
            f"bases (estimated before the walk from {est.probes} bases a level of its search tree), about "
            f"{_duration(est.seconds)} at roughly {BASES_PER_SECOND:,} a second, beyond the "
            f"limit of {_duration(MAX_WALK_SECONDS)}. Ways forward: --timeout SECONDS (exact "
            "until then, then a verified numeric sample), --method numeric (a verified "
            "sample)")


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
