"""What exact enumeration of a game costs, known before it starts.

A person about to wait for an exact enumeration should learn at once when it may
take minutes, with the ways forward (docs/long-runs.md, "Before a long
enumeration"). The cost is stated in the unit the enumeration counts:

- three or more players: the support profiles left after removing dominated
  strategies (every one is examined, so this is the exact count);
- two players beyond 8x8 (lexicographic reverse search of one best-response
  polytope, that of the player with fewer strategies; games.solvers.bimatrix): the
  bases it visits, at most the vertices of the lexicographically perturbed (simple)
  polytope, which McMullen's upper bound theorem bounds by its dimension and number
  of facets; random games visit far fewer. Up to 8x8 the candidate bases
  are few (at most 12,870 per player), and no estimate is needed.

The rates that turn counts into seconds are rough calibrations (games.limits).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..limits import (BASES_PER_SECOND, QUICK_BASES, enumeration_bases,
                      QUICK_SUPPORT_PROFILES, SUPPORT_PROFILES_PER_SECOND)

if TYPE_CHECKING:
    from ..model import Game


@dataclass(frozen=True)
class Cost:
    """The work exact enumeration of a game may do: `count` of `unit` (exact, or an
    upper bound when `bound`), the count above which it is worth a word first
    (`quick`), a rough rate per second, and the default work cap (None: none; two
    players: on bases at degenerate vertices while they are most of the walk, so only
    games with many ties can reach it, reverse_search.TiedBasesBudget)."""

    unit: str
    count: int
    bound: bool
    quick: int
    per_second: int
    cap: int | None = None
    shape: tuple[int, ...] = ()     # strategies of the players taking part, copies merged

    @property
    def long(self) -> bool:
        """Beyond what finishes in seconds: say so before starting."""
        return self.count > self.quick

    @property
    def seconds(self) -> float:
        """A rough wall time at the calibrated rate."""
        return self.count / self.per_second

    @property
    def over_cap(self) -> bool:
        """May the enumeration stop at its default work cap (list then incomplete)?"""
        return self.cap is not None and self.count > self.cap


def max_vertices(dim: int, facets: int) -> int:
    """McMullen's upper bound: the most vertices a `dim`-polytope with `facets` facets
    can have, C(f - floor((d+1)/2), f - d) + C(f - floor((d+2)/2), f - d)."""
    if facets <= dim:
        return 0
    return (math.comb(facets - (dim + 1) // 2, facets - dim)
            + math.comb(facets - (dim + 2) // 2, facets - dim))


def bimatrix_bases_bound(m: int, n: int) -> int | None:
    """At most how many bases the reverse search of an m x n game visits (the walked
    polytope: dimension min(m, n), m + n facets); None when the game is small enough
    for candidate bases (games.solvers.bimatrix.CANDIDATE_LIMIT)."""
    from .bimatrix import CANDIDATE_LIMIT
    if math.comb(m + n, m) <= CANDIDATE_LIMIT:
        return None
    return max_vertices(min(m, n), m + n)


def enumeration_cost(game: Game) -> Cost | None:
    """The cost of exact enumeration of `game` (players with one strategy take no
    part; copies beyond LISTED_COPIES count once, as `solve` merges them), or None
    when it is small by construction."""
    from .copies import copies_to_merge
    copies = copies_to_merge(game)
    shape = [len(k) for k in (copies.keep if copies is not None else
                              [range(m) for m in game.shape]) if len(k) > 1]
    if len(shape) == 2:
        from .tall import applies
        if applies(shape):          # enumerated from the small side: quick, or refused
            return None
        bound = bimatrix_bases_bound(*shape)
        if bound is None:
            return None
        return Cost("vertex bases", bound, True, QUICK_BASES, BASES_PER_SECOND,
                    enumeration_bases(*shape))
    if len(shape) < 3:
        return None
    from .polynomial import support_profile_count
    return Cost("support profiles", support_profile_count(game), False,
                QUICK_SUPPORT_PROFILES, SUPPORT_PROFILES_PER_SECOND, shape=tuple(shape))
