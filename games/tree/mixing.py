"""Mixed subgame-perfect equilibria at ties, stated exactly as sets.

At a tie a player may mix the optimal actions; whether the mixture stays subgame
perfect depends on the players above, whose values it changes. For a perfect-
information tree this module takes every listed pure SPE `s` and every node x where
the mover has two or more optimal actions given `s`, and computes the exact set of
mixtures at x that keep `s` (elsewhere unchanged) subgame perfect: every node's value
is an affine function of the mixture p (x's value is the p-weighted sum of its tied
actions' values; the other nodes follow `s`), and `s` stays subgame perfect iff at
every ancestor of x the planned action is still optimal for its mover, a list of
linear inequalities in p (the tied actions stay optimal at x, whose continuation is
unchanged). With two tied actions that is an interval of the first one's probability.

So the report can say "with the rest as in SPE 2, Responder at /offer_0 may mix
accept and reject with accept's probability anywhere in [0, 3/4]". A tie is `neutral`
when its tied actions give every player the same payoffs: any mixture is then
subgame perfect, whatever else mixes. Mixtures at several non-neutral ties at once
are not enumerated (`MixedTies.complete` says whether the slices are the whole set).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .induction import Induction
from .model import CHANCE, DECISION, LEAF, Tree

Affine = tuple[tuple[Fraction, ...], Fraction]      # coefficients on p, constant


@dataclass(frozen=True)
class TieMixing:
    """The mixtures at `node` over the tied `actions` that keep pure SPE `base`
    (0-based index into the induction's equilibria) subgame perfect: p (one
    probability per tied action, summing to 1, each >= 0) with every
    `coefficients . p + constant >= 0` of `inequalities`; `interval` is the range of
    the first tied action's probability when there are two (None when the set is
    empty); `neutral` when every tied action gives every player the same payoffs."""

    base: int
    node: int
    actions: tuple[int, ...]
    inequalities: tuple[Affine, ...]
    interval: tuple[Fraction, Fraction] | None
    neutral: bool


@dataclass(frozen=True)
class MixedTies:
    """Every one-node mixing slice of the SPE set, and whether together with the pure
    SPE they are the whole set (no tie, or only neutral ones)."""

    slices: tuple[TieMixing, ...]
    complete: bool
    applicable: bool        # a perfect-information tree with its SPE listed


def mixed_ties(tree: Tree, ind: Induction) -> MixedTies:
    """The exact one-node mixing slices of every listed pure SPE (see the module)."""
    if ind.equilibria is None or not tree.is_perfect_information():
        return MixedTies((), False, False)
    seen: set[tuple] = set()
    out: list[TieMixing] = []
    for b, s in enumerate(ind.equilibria):
        if not s.pure:
            continue
        choice = {h: next(j for j, p in enumerate(probs) if p != 0)
                  for h, probs in s.behavior if probs is not None}
        values = _values(tree, choice)
        for node in tree.nodes:
            if node.kind != DECISION:
                continue
            i = node.player
            best = max(values[c][i] for c in node.children)
            tied = tuple(a for a, c in enumerate(node.children) if values[c][i] == best)
            if len(tied) < 2:
                continue
            key = (node.id, tuple(sorted((h, a) for h, a in choice.items()
                                         if h != node.infoset)))
            if key in seen:
                continue
            seen.add(key)
            out.append(_slice(tree, choice, values, b, node.id, tied))
    neutral = all(m.neutral for m in out)
    return MixedTies(tuple(out), neutral, True)


def _values(tree: Tree, choice: dict[int, int]) -> dict[int, tuple[Fraction, ...]]:
    """Every node's payoff vector under a pure behaviour profile."""
    vals: dict[int, tuple[Fraction, ...]] = {}
    for k in range(len(tree.nodes) - 1, -1, -1):
        node = tree.nodes[k]
        if node.kind == LEAF:
            vals[k] = node.payoffs
        elif node.kind == CHANCE:
            vals[k] = tuple(sum((p * vals[c][i] for p, c in zip(node.probs, node.children)),
                                Fraction(0)) for i in range(tree.n_players))
        else:
            vals[k] = vals[node.children[choice[node.infoset]]]
    return vals


def _slice(tree: Tree, choice: dict[int, int], values: dict[int, tuple[Fraction, ...]],
           base: int, x: int, tied: tuple[int, ...]) -> TieMixing:
    """The mixtures at x over `tied` keeping the rest of `choice` subgame perfect."""
    m = len(tied)
    node = tree.nodes[x]
    zero = (Fraction(0),) * m
    affine: dict[int, tuple[Affine, ...]] = {}
    affine[x] = tuple((tuple(values[node.children[a]][i] for a in tied), Fraction(0))
                      for i in range(tree.n_players))
    ineqs: list[Affine] = []

    def val(c: int) -> tuple[Affine, ...]:
        return affine.get(c) or tuple((zero, v) for v in values[c])

    k = node.parent
    while k >= 0:                       # up the ancestors: values, then their checks
        anc = tree.nodes[k]
        if anc.kind == CHANCE:
            affine[k] = tuple(
                (tuple(sum((p * val(c)[i][0][j] for p, c in zip(anc.probs, anc.children)),
                           Fraction(0)) for j in range(m)),
                 sum((p * val(c)[i][1] for p, c in zip(anc.probs, anc.children)), Fraction(0)))
                for i in range(tree.n_players))
        else:
            i = anc.player
            planned = anc.children[choice[anc.infoset]]
            for c in anc.children:
                if c != planned:        # planned - other >= 0 for the mover
                    (pc, pk), (oc, ok) = val(planned)[i], val(c)[i]
                    ineqs.append((tuple(a - b for a, b in zip(pc, oc)), pk - ok))
            affine[k] = val(planned)
        k = anc.parent
    ineqs = [q for q in ineqs if any(q[0])] + [q for q in ineqs if not any(q[0]) and q[1] < 0]
    neutral = all(values[node.children[a]] == values[node.children[tied[0]]] for a in tied)
    return TieMixing(base, x, tied, tuple(dict.fromkeys(ineqs)), _interval(ineqs, m),
                     neutral)


def _interval(ineqs: list[Affine], m: int) -> tuple[Fraction, Fraction] | None:
    """With two tied actions, p = (q, 1 - q): the q in [0, 1] meeting every inequality."""
    if m != 2:
        return None
    lo, hi = Fraction(0), Fraction(1)
    for (a, b), c in ineqs:             # a q + b (1 - q) + c >= 0: (a - b) q >= -(b + c)
        slope, rhs = a - b, -(b + c)
        if slope > 0:
            lo = max(lo, rhs / slope)
        elif slope < 0:
            hi = min(hi, rhs / slope)
        elif rhs > 0:
            return None
    return (lo, hi) if lo <= hi else None
