"""An independent brute force for subgame perfection, written from the definition:
a pure behaviour profile is subgame perfect iff it is a Nash equilibrium of every
subgame (a subgame: a node whose subtree holds every node of every information set
it touches). Only the tree data (nodes, children, payoffs, information sets) is used;
nothing from the engine's algorithms."""
from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any


def subgames(tree: Any) -> list[int]:
    out = []
    for x, node in enumerate(tree.nodes):
        if node.kind == "leaf":
            continue
        inside = set(range(x, node.end))
        touched = {tree.nodes[k].infoset for k in inside if tree.nodes[k].kind == "decision"}
        if all(set(tree.infosets[h].nodes) <= inside for h in touched):
            out.append(x)
    return out


def value(tree: Any, x: int, prof: dict[int, int]) -> tuple[Fraction, ...]:
    node = tree.nodes[x]
    if node.kind == "leaf":
        return node.payoffs
    if node.kind == "chance":
        vals = [value(tree, c, prof) for c in node.children]
        return tuple(sum((p * v[i] for p, v in zip(node.probs, vals)), Fraction(0))
                     for i in range(tree.n_players))
    return value(tree, node.children[prof[node.infoset]], prof)


def nash_in(tree: Any, x: int, prof: dict[int, int]) -> bool:
    base = value(tree, x, prof)
    end = tree.nodes[x].end
    for i in range(tree.n_players):
        mine = sorted({tree.nodes[k].infoset for k in range(x, end)
                       if tree.nodes[k].kind == "decision" and tree.nodes[k].player == i})
        for alt in itertools.product(*(range(len(tree.infosets[h].actions)) for h in mine)):
            dev = {**prof, **dict(zip(mine, alt))}
            if value(tree, x, dev)[i] > base[i]:
                return False
    return True


def profiles(tree: Any):
    hs = range(len(tree.infosets))
    for choice in itertools.product(*(range(len(tree.infosets[h].actions)) for h in hs)):
        yield dict(zip(hs, choice))


def n_profiles(tree: Any) -> int:
    return math.prod(len(h.actions) for h in tree.infosets)


def brute_spe(tree: Any) -> list[dict[int, int]]:
    roots = subgames(tree)
    return [p for p in profiles(tree) if all(nash_in(tree, x, p) for x in roots)]


def gambit_game(tree: Any, x: int) -> tuple[Any, dict[int, Any]]:
    """The subtree at x as a pygambit tree; our information set -> pygambit's."""
    import pygambit as gbt
    g = gbt.Game.new_tree(players=list(tree.players))
    where = {x: g.root}
    sets = {}
    count = itertools.count()
    for k in range(x, tree.nodes[x].end):
        node, there = tree.nodes[k], where[k]
        if node.kind == "leaf":
            g.set_outcome(there, g.add_outcome(
                f"o{next(count)}", [gbt.Rational(v.numerator, v.denominator)
                                    for v in node.payoffs]))
            continue
        if node.kind == "decision" and node.infoset in sets:
            g.append_infoset(there, sets[node.infoset])
        else:
            who = g.players.chance if node.kind == "chance" else tree.players[node.player]
            g.append_move(there, who, list(node.actions))
            if node.kind == "chance":
                g.set_chance_probs(there.infoset, [gbt.Rational(p.numerator, p.denominator)
                                                   for p in node.probs])
            else:
                sets[node.infoset] = there.infoset
        for c, child in zip(node.children, there.children):
            where[c] = child
    return g, sets
