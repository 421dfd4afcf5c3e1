"""A cut-short 2-player enumeration's answer within the listing limits.

An enumeration stopped by its work cap (or Ctrl-C) lists what it established: the
equilibria among the vertices found, and every pure equilibrium. In a tied game the
pure ones alone can pass the listing limits (a random 150 x 150 game with payoffs 0
and 1 has 5,706, one connected set of some 260,000 convex pieces), and building,
sorting and describing them all took minutes. So the pure equilibria join the found
pairs as integer points, counted against the limits like every other answer
(`stated.split_listing`: the largest connected sets stated as sets until the rest
fits); when even that is beyond the limits, the answer, partial already, lists the
first of them in the report's order up to LISTED_EXTREME_POINTS and says how many it
left out and how to list them all.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from .. import limits
from ..equilibrium import Component
from ..errors import TooManyToList
from .bimatrix import _pair_key, _sort_part
from .pure import pure_equilibrium_profiles
from .stated import split_listing

if TYPE_CHECKING:
    from ..model import Game

Pair = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class PartialListing:
    """The pairs listed, the sets stated (as `stated.Split`), the note saying what was
    left out, and whether some pairs found were neither listed nor stated (`cut`)."""

    listed: list[Pair]
    stated: list[Component]
    note: str = ""
    cut: bool = False


def found_pairs(game: Game, pairs: Sequence[Pair]) -> list[Pair]:
    """`pairs` (integer points of extreme equilibria) and every pure equilibrium as a
    pair of unit vectors, each once (a pure pair the walk found is not repeated)."""
    m, n = game.shape
    have = {(x.index(next(v for v in x if v)), y.index(next(w for w in y if w)))
            for x, y in pairs       # tuple.count: thousands of 300-long pairs at a tied cap
            if len(x) - x.count(0) == 1 and len(y) - y.count(0) == 1}
    out = list(pairs)
    for i, j in pure_equilibrium_profiles(game.comparable_payoffs):
        if (i, j) not in have:
            out.append((_unit(i, m), _unit(j, n)))     # a 0/1 300x300: 11,000 of them
    return out


def _unit(i: int, m: int) -> tuple[int, ...]:
    """The unit vector e_i of length m, as a tuple of ints (built in C)."""
    return (0,) * i + (1,) + (0,) * (m - i - 1)


def partial_listing(game: Game, pairs: Sequence[Pair]) -> PartialListing:
    """The found `pairs` as `split_listing` gives them, or, beyond what it can list or
    state, the first that fit the listing limits in the report's order."""
    try:
        split = split_listing(game, pairs)
        return PartialListing(split.listed, split.stated, split.note)
    except TooManyToList:
        pass
    most = max(1, min(limits.LISTED_EXTREME_POINTS,
                      limits.LISTED_PROBABILITIES // sum(game.shape)))
    kept = [pairs[k] for k in sorted(_first(pairs, most))]
    return PartialListing(kept, [], cut_note(len(pairs), len(kept)), cut=True)


def _first(pairs: Sequence[Pair], most: int) -> list[int]:
    """The indices of the first `most` pairs in the order of `pair_sort_key` (ties in
    index order). Its leading part (mixed or not, support size) is counted first, in C
    (tuple.count), and the full key, a float per probability, built only for the pairs
    that can be among the first: a tied 300x300 game's cap finds 22,000 pairs, whose
    full keys took seconds; its 5,539 pairs hold 300 distinct points of each player,
    each one's part of the key built once."""
    def head(k: int) -> tuple[bool, int]:
        x, y = pairs[k]
        sx, sy = len(x) - x.count(0), len(y) - y.count(0)
        return sx > 1 or sy > 1, sx + sy
    heads = [head(k) for k in range(len(pairs))]
    if len(pairs) > most:
        last = sorted(heads)[most - 1]
        near = [k for k in range(len(pairs)) if heads[k] <= last]
    else:
        near = list(range(len(pairs)))
    keys: dict[tuple[int, ...], tuple[int, list[float]]] = {}   # each point's part, once

    def part(x: tuple[int, ...]) -> tuple[int, list[float]]:
        if x not in keys:
            keys[x] = _sort_part(x)[1]
        return keys[x]

    def key(k: int) -> tuple:
        x, y = pairs[k]
        return _pair_key(*part(x), *part(y))
    return sorted(near, key=key)[:most]


def cut_note(found: int, kept: int) -> str:
    """What a partial answer cut to the listing limits left out, and how to list it."""
    return (f"{found:,} extreme equilibria were found, more than a report lists, and their "
            "connected sets could not be stated as sets within the limits "
            "(LISTED_EXTREME_POINTS, LISTED_PROBABILITIES and LISTED_CONDITIONS in "
            f"games/limits.py): the first {kept:,} in the report's order are listed, the "
            f"other {found - kept:,} left out; --max-listed {found} lists every one")


def unstated_note(listed: int, most_sets: int) -> str:
    """Why a partial answer states no connected sets among its listed equilibria."""
    return (f"the connected sets among the {listed:,} equilibria listed are not stated: "
            f"they form more than {most_sets:,} convex sets, more than LISTED_CONDITIONS "
            "(games/limits.py) conditions would state; each listed equilibrium is verified")
