"""How many bases a reverse-search walk will visit, estimated before it starts.

Why: a random 2-player game's walk grows about 2.3x per added strategy; 20x20 visits
about 2 million bases (a minute), 30x30 a few billion (days). The upper bound theorem
(cost.max_vertices) is far above what random games visit, so it cannot tell the two
apart; a probe of the tree itself can, in about a second.

Method (Knuth 1975, "Estimating the efficiency of backtrack programs"; the
`estimate` option of lrs does the same on its reverse-search tree): descend from the
root to a leaf choosing a child uniformly at random at each node; with c_0, c_1, ...
the numbers of children met on the way, 1 + c_0 + c_0 c_1 + c_0 c_1 c_2 + ... is an
unbiased estimate of the number of nodes of the tree (each node at depth k is reached
with probability 1 / (c_0 ... c_{k-1})). The mean over several descents is the
estimate; its spread is large for lopsided trees, but a refusal is only made when the
estimate is orders of magnitude beyond what runs (see `walk_problem`).

Each step is one node's children by the walk's own rules (reverse_search._Walk:
Bland's parent and the lexicographic ratio test), in exact Python integers, so the
tree probed is the tree walked. The descents are drawn from a fixed seed: the same
estimate on every machine.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import EnumerationTooLong
from ..limits import BASES_PER_SECOND, MAX_WALK_SECONDS

if TYPE_CHECKING:
    from ..model import Game
    from .reverse_search import _Node

WIDTH = 300                 # nodes kept per level of the tree (see the module's text)
SEED = 20261130             # the descents' seed (fixed: the same estimate everywhere)


_Child = tuple["_Node", int, int, float]      # a parent, its pivot (row, column), weight


@dataclass(frozen=True)
class WalkEstimate:
    """The estimated bases of a walk, from `probes` descents, and the deepest seen."""

    bases: float
    probes: int                 # bases sampled per level (WIDTH)
    depth: int

    @property
    def seconds(self) -> float:
        """A rough wall time at the calibrated rate (games.limits.BASES_PER_SECOND)."""
        return self.bases / BASES_PER_SECOND


def estimate_bases(rows: list[list[int]], width: int = WIDTH,
                   seed: int = SEED) -> WalkEstimate:
    """Knuth's estimate of the bases the reverse search of {z >= 0 : C z <= 1}
    (`rows` = C, as reverse_search.reverse_search_vertices takes it) visits."""
    return _estimate(tuple(map(tuple, rows)), width, seed)


@lru_cache(maxsize=8)       # the CLI's pre-run check and the solve share one estimate
def _estimate(rows: tuple[tuple[int, ...], ...], width: int, seed: int) -> WalkEstimate:
    from .reverse_search import _Node, _Walk
    walk = _Walk([list(row) for row in rows])
    r, d = walk.r, walk.d
    rng = random.Random(seed)
    level = [(_Node(walk.start, [-1] + list(range(d, d + r)), list(range(d)), 1), 1.0)]
    total, depth = 1.0, 0
    while level:
        # every child of the kept nodes, each with its parent's weight
        children = [(node, u, p, weight) for node, weight in level
                    for u, p in walk.children(node)]
        total += sum(c[3] for c in children)
        children = _thin(children, width, rng)
        level = [(node.pivot(u, p), w) for node, u, p, w in children]
        depth += bool(level)
    return WalkEstimate(total, width, depth)


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
    """At most `width` of a level's children, sampled uniformly within strata (the
    number of basic z variables after the pivot: the vertex's support size), each
    kept one standing for (stratum size / kept) of its stratum (Horvitz-Thompson)."""
    if len(children) <= width:
        return children
    strata: dict[int, list[_Child]] = {}
    for c in children:
        node, u, p, _ = c
        key = sum(1 for v in node.basis[1:] if v < len(node.cobasis)) + (
            (node.cobasis[p] < len(node.cobasis)) - (node.basis[u] < len(node.cobasis)))
        strata.setdefault(key, []).append(c)
    share = max(1, width // len(strata))
    out: list[_Child] = []
    for group in strata.values():
        if len(group) <= share:
            out += group
        else:
            scale = len(group) / share
            out += [(n, u, p, w * scale) for n, u, p, w in rng.sample(group, share)]
    return out


def walk_problem(rows: list[list[int]], bound: int) -> str | None:
    """Why the walk of `rows` is refused before it starts, or None: its estimated time
    is beyond MAX_WALK_SECONDS. Walks whose upper bound theorem count `bound` is
    within the limit are never probed (up to 18x18 random games, at no cost)."""
    if bound <= MAX_WALK_SECONDS * BASES_PER_SECOND:
        return None
    est = estimate_bases(rows)
    if est.seconds <= MAX_WALK_SECONDS:
        return None
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
