"""Two-player answers beyond the listing limits: the large connected sets of equilibria
stated as the sets they are, their extreme points counted and not listed.

A degenerate game's extreme equilibria can number in the thousands while they form a
few connected sets, each a union of a few convex sets (the ultimatum game's reduced
form: 3,589 extreme points, one set of 8 convex pieces). Listing every extreme point
one by one is what the declared limits (`games.limits.LISTED_EXTREME_POINTS`,
`LISTED_PROBABILITIES`, raised by --max-listed) refuse; stating a set by its exact
conditions is short. So, when the whole listing passes the limits, the largest
components are stated instead (`Component.unlisted` holds their count of extreme
points, `detail` the conditions) until what remains fits; the rest is listed as
usual. Only when the isolated equilibria alone pass the limits, or the sets' conditions
pass `LISTED_CONDITIONS`, is the answer refused, with one line naming --max-listed.

Everything here works on the solver's integer points (the completely labelled vertex
pairs), before any equilibrium is built.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from .. import limits
from ..equilibrium import Component
from .bimatrix import connected_edge_groups, bounded_components
from .two_strategies import (check_conditions, check_listing, integer_payoffs, set_detail,
                             too_many)

if TYPE_CHECKING:
    from ..model import Game

Pair = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Split:
    """How an answer is given: the pairs listed one by one, the components stated as
    sets (their extreme points counted in `Component.unlisted`), and the note saying so
    (empty when everything is listed)."""

    listed: list[Pair]
    stated: list[Component]
    note: str = ""


def split_listing(game: Game, pairs: Sequence[Pair]) -> Split:
    """`pairs` (integer points x, y of the extreme equilibria) all listed when they fit
    the listing limits; otherwise the largest components stated as sets until the rest
    fits, or a `TooManyToList` refusal when even the isolated equilibria do not."""
    size = sum(game.shape)
    most, longest = limits.LISTED_EXTREME_POINTS, limits.LISTED_PROBABILITIES
    if len(pairs) <= most and len(pairs) * size <= longest:
        return Split(list(pairs), [])
    edges, sides = _identities(pairs)
    keep, stated, note = split_edges(game, edges, sides)
    return Split([pairs[k] for k in keep], stated, note)


def split_edges(game: Game, edges: list[tuple[int, int]],
                sides: tuple[list[tuple[int, ...]], list[tuple[int, ...]]]
                ) -> tuple[list[int], list[Component], str]:
    """`split_listing` from the answer's edges (extreme equilibrium k joins extreme
    strategy edges[k][0] of player 1 to edges[k][1] of player 2) and each extreme
    strategy's support (`sides`), for solvers that know them without building any
    point (tall and n x 2 games): the indices of the equilibria to list, the sets
    stated, and the note (empty when everything is listed)."""
    size = sum(game.shape)
    most, longest = limits.LISTED_EXTREME_POINTS, limits.LISTED_PROBABILITIES
    if len(edges) <= most and len(edges) * size <= longest:
        return list(range(len(edges))), [], ""
    groups = sorted((g for g in connected_edge_groups(edges) if len(g) > 1), key=lambda g: -len(g))
    left, chosen = len(edges), []
    for g in groups:
        if left <= most and left * size <= longest:
            break
        chosen.append(g)
        left -= len(g)
    if left > most or left * size > longest:        # isolated ones alone pass them
        check_listing(len(edges), len(edges) * size)
    most_sets = limits.LISTED_CONDITIONS // size    # an inequality per strategy, each set
    found = bounded_components(edges, most_sets, chosen)
    if found is None:           # counting their convex sets stopped at the limit
        raise too_many(f"form more than {most_sets:,} convex sets, whose exact statement "
                       f"would take more than {limits.LISTED_CONDITIONS:,} conditions",
                       f"the limit is {limits.LISTED_CONDITIONS:,} conditions, "
                       "LISTED_CONDITIONS")
    check_conditions(game, found)
    payoffs = integer_payoffs(game)
    hidden = {k for c in found for k in c.members}
    out = [Component((), (), f"connected set of {len(c.members):,} extreme equilibria "
                     f"(counted, not listed), {len(c.convex_sets)} convex piece(s)",
                     set_detail(game, c, sides, payoffs), unlisted=len(c.members))
           for c in found]
    return [k for k in range(len(edges)) if k not in hidden], out, _note(len(edges), out)


def _identities(pairs: Sequence[Pair]
                ) -> tuple[list[tuple[int, int]], tuple[list[tuple[int, ...]],
                                                         list[tuple[int, ...]]]]:
    """The edges of `edge_components` (each player's extreme strategies numbered by
    their primitive integer vectors, in order of first appearance) and each numbered
    strategy's support."""
    numbers: tuple[dict, dict] = ({}, {})
    sides: tuple[list[tuple[int, ...]], list[tuple[int, ...]]] = ([], [])
    edges = []
    seen: tuple[dict, dict] = ({}, {})    # integer point -> its number (points repeat
    for pair in pairs:                    # across pairs: each reduced once)
        edge = []
        for i, num in enumerate(pair):
            if num not in seen[i]:
                g = math.gcd(*num)
                key = tuple(v // g for v in num)
                if key not in numbers[i]:
                    numbers[i][key] = len(sides[i])
                    sides[i].append(tuple(j for j, v in enumerate(num) if v))
                seen[i][num] = numbers[i][key]
            edge.append(seen[i][num])
        edges.append((edge[0], edge[1]))
    return edges, sides


def _note(total: int, stated: Sequence[Component]) -> str:
    """What the answer lists and what it states as sets, and how to list everything."""
    hidden = sum(c.unlisted for c in stated)
    which = (f"the connected set holding {'all ' if hidden == total else ''}{hidden:,} of "
             "them is stated exactly by its conditions, its" if len(stated) == 1 else
             f"the {len(stated)} connected sets holding {hidden:,} of them are stated "
             "exactly by their conditions, their")
    return (f"{total:,} extreme equilibria, more than a report lists (the limit: "
            f"{limits.LISTED_EXTREME_POINTS:,} extreme points, LISTED_EXTREME_POINTS in "
            f"games/limits.py): {which} extreme points (pure ones among them) counted and "
            f"not listed; --max-listed {total} lists every one")
