"""The reduced strategic form of a tree (or of one subgame): plans, names, payoffs.

A player's reduced plan names an action at each of its information sets that its own
earlier actions do not exclude; plans differing only at excluded sets are merged. With
perfect recall the plans come from one recursion: from a set of nodes, walk down
through the other players' and chance's nodes to the player's first information sets,
and take, for each of them, one action followed by a plan for what lies below it.

`stops` maps nodes to payoff vectors: a subgame already solved is cut there (the
local game of a subgame above it). Names: the actions at the player's information
sets in preorder, joined by '/', '*' where the plan leaves a set unreached.
"""
from __future__ import annotations

import math
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import TooLargeError
from ..numbers import Exact
from ..model import Game, Player, Strategy
from .model import CHANCE, DECISION, LEAF, Tree

Plan = Mapping[int, int]            # information set -> action index
Values = tuple[Exact, ...]
MAX_CELLS = 2_000_000               # profiles x players of a reduced form built exactly


@dataclass(frozen=True)
class ReducedForm:
    """Per player, its reduced plans (information set -> action), their readable names
    and how many unreduced pure plans each stands for."""

    plans: tuple[tuple[Plan, ...], ...]
    names: tuple[tuple[str, ...], ...]
    multiplicity: tuple[tuple[int, ...], ...]
    infosets: tuple[tuple[int, ...], ...]       # per player, its sets in this form

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(p) for p in self.plans)


def plans_for(tree: Tree, player: int, starts: Sequence[int], stops: Mapping[int, Values]
              ) -> list[dict[int, int]]:
    """Every reduced plan of `player` for the play below the nodes `starts`."""
    frontier: dict[int, list[int]] = {}         # infoset -> its frontier nodes
    stack = list(reversed(starts))
    while stack:
        k = stack.pop()
        node = tree.nodes[k]
        if k in stops or node.kind == LEAF:
            continue
        if node.kind == DECISION and node.player == player:
            frontier.setdefault(node.infoset, []).append(k)
            continue
        stack.extend(reversed(node.children))
    out: list[dict[int, int]] = [{}]
    for h, members in frontier.items():
        options: list[dict[int, int]] = []
        for a in range(len(tree.infosets[h].actions)):
            below = [tree.nodes[m].children[a] for m in members]
            options.extend({h: a, **p} for p in plans_for(tree, player, below, stops))
        out = [{**p, **q} for p in out for q in options]
    return out


def plan_count(tree: Tree, player: int, starts: Sequence[int]) -> int:
    """How many reduced plans `plans_for(tree, player, starts, {})` would list, counted
    without building them (one walk of the tree): a tree of 51 nodes can give a player
    2**17 plans, so the size of the reduced form is checked before it is built."""
    frontier: dict[int, list[int]] = {}
    stack = list(reversed(starts))
    while stack:
        k = stack.pop()
        node = tree.nodes[k]
        if node.kind == LEAF:
            continue
        if node.kind == DECISION and node.player == player:
            frontier.setdefault(node.infoset, []).append(k)
            continue
        stack.extend(reversed(node.children))
    total = 1
    for h, members in frontier.items():
        total *= sum(plan_count(tree, player, [tree.nodes[m].children[a] for m in members])
                     for a in range(len(tree.infosets[h].actions)))
    return total


def local_infosets(tree: Tree, root: int, stops: Mapping[int, Values]) -> list[int]:
    """Information sets met below `root` before the stops, in preorder."""
    seen: dict[int, None] = {}
    stack = [root]
    while stack:
        k = stack.pop()
        node = tree.nodes[k]
        if k in stops and k != root or node.kind == LEAF:
            continue
        if node.kind == DECISION:
            seen.setdefault(node.infoset, None)
        stack.extend(reversed(node.children))
    return sorted(seen, key=lambda h: tree.infosets[h].nodes[0])


def reduced_form(tree: Tree, root: int = 0, stops: Mapping[int, Values] | None = None
                 ) -> ReducedForm:
    """The reduced strategic form of the game (or subgame) below `root`."""
    stops = {k: v for k, v in (stops or {}).items() if k != root}
    hs = local_infosets(tree, root, stops)
    plans, names, mult, sets = [], [], [], []
    for i in range(tree.n_players):
        mine = [h for h in hs if tree.infosets[h].player == i]
        ps = plans_for(tree, i, [root], stops)
        plans.append(tuple(ps))
        names.append(tuple(_plan_name(tree, p, mine) for p in ps))
        mult.append(tuple(math.prod(len(tree.infosets[h].actions) for h in mine if h not in p)
                          for p in ps))
        sets.append(tuple(mine))
    return ReducedForm(tuple(plans), tuple(names), tuple(mult), tuple(sets))


def _plan_name(tree: Tree, plan: Plan, mine: Sequence[int]) -> str:
    if not mine:
        return "(no move)"
    return "/".join(tree.infosets[h].actions[plan[h]] if h in plan else "*" for h in mine)


def reach(tree: Tree, root: int, profile: Sequence[Plan], stops: Container[int]
          ) -> list[tuple[int, Fraction]]:
    """Where a profile of plans below `root` ends: each leaf or stop reached, with its
    probability (exact; chance moves multiply)."""
    out: list[tuple[int, Fraction]] = []
    stack: list[tuple[int, Fraction]] = [(root, Fraction(1))]
    while stack:
        k, w = stack.pop()
        node = tree.nodes[k]
        if k in stops and k != root or node.kind == LEAF:
            out.append((k, w))
        elif node.kind == CHANCE:
            stack.extend((c, w * p) for c, p in zip(node.children, node.probs) if p)
        else:
            stack.append((node.children[profile[node.player][node.infoset]], w))
    return out


def outcome(tree: Tree, root: int, profile: Sequence[Plan], stops: Mapping[int, Values]
            ) -> Values:
    """Expected payoffs of a profile of plans below `root` (exact)."""
    total = [Fraction(0)] * tree.n_players
    for k, w in reach(tree, root, profile, stops):
        vals: Sequence[Exact] = stops[k] if k in stops and k != root else tree.nodes[k].payoffs
        for i in range(tree.n_players):
            total[i] += w * vals[i]
    return tuple(total)


def reduced_game(tree: Tree, form: ReducedForm, root: int = 0,
                 stops: Mapping[int, Values] | None = None, title: str = "") -> Game:
    """The reduced form as a normal-form `Game` (plans as strategies)."""
    shape = form.shape
    cells = math.prod(shape) * tree.n_players
    if cells > MAX_CELLS:
        why = (f"the reduced strategic form has {math.prod(shape)} profiles "
               f"({' x '.join(map(str, shape))}), more than this method builds")
        raise TooLargeError(f"{why}; subgame-perfect equilibria (backward induction) still "
                            "work", reason=why)
    payoffs = reduced_payoffs(tree, form, root, dict(stops or {}))
    players = [Player(name, tuple(Strategy(s) for s in form.names[i]))
               for i, name in enumerate(tree.players)]
    return Game(players, payoffs, title=title or tree.title)


def reduced_payoffs(tree: Tree, form: ReducedForm, root: int, stops: Mapping[int, Values]
                    ) -> np.ndarray:
    """The reduced form's payoff array (players x plans...), exact: summed leaf by
    leaf when every payoff is a Fraction, else profile by profile (sympy numbers,
    number-field elements: whatever adds and multiplies with Fractions)."""
    payoffs = _by_leaves(tree, form, root, stops)
    if payoffs is None:
        payoffs = np.empty((tree.n_players, *form.shape), dtype=object)
        for prof in np.ndindex(*form.shape):
            vals = outcome(tree, root, [form.plans[i][j] for i, j in enumerate(prof)], stops)
            for i, v in enumerate(vals):
                payoffs[(i, *prof)] = v
    return payoffs


def _ends(tree: Tree, root: int, stops: Mapping[int, Values]
          ) -> list[tuple[Values, Fraction, list[tuple[int, int, int]]]]:
    """Each leaf or stop below `root`: its payoffs, the chance probability of reaching
    it, and the (player, information set, action) choices on the way."""
    out = []
    stack: list[tuple[int, Fraction, list[tuple[int, int, int]]]] = [(root, Fraction(1), [])]
    while stack:
        k, w, path = stack.pop()
        node = tree.nodes[k]
        if k in stops and k != root or node.kind == LEAF:
            out.append((stops[k] if k in stops and k != root else node.payoffs, w, path))
        elif node.kind == CHANCE:
            stack.extend((c, w * p, path) for c, p in zip(node.children, node.probs) if p)
        else:
            stack.extend((c, w, [*path, (node.player, node.infoset, a)])
                         for a, c in enumerate(node.children))
    return out


def _by_leaves(tree: Tree, form: ReducedForm, root: int, stops: Mapping[int, Values]
               ) -> np.ndarray | None:
    """The reduced form's payoffs summed leaf by leaf, exactly: with perfect recall a
    profile reaches a leaf iff every player's plan takes that player's actions on the
    way, so each leaf adds its chance-weighted payoff to one block of profiles (the
    product of the plans consistent with it). Integers over one common denominator
    (Python integers: no overflow), Fractions made once per distinct value. None when
    a payoff is not a Fraction (a sympy number): the caller walks profile by profile.
    A 256 x 256 form took 3 s profile by profile, about 0.1 s here."""
    ends = _ends(tree, root, stops)
    if not all(isinstance(w, Fraction) and all(isinstance(v, Fraction) for v in vals)
               for vals, w, _ in ends):
        return None
    n, shape = tree.n_players, form.shape
    chosen = []                     # per player, per information set: each plan's action
    for i in range(n):
        sets: dict[int, np.ndarray] = {}
        for j, plan in enumerate(form.plans[i]):
            for h, a in plan.items():
                sets.setdefault(h, np.full(shape[i], -1, dtype=np.int64))[j] = a
        chosen.append(sets)
    scale = math.lcm(*((w * v).denominator for vals, w, _ in ends for v in vals))
    total = np.zeros((n, *shape), dtype=object)         # Python integers, from 0
    for vals, w, path in ends:
        masks = [np.ones(m, dtype=bool) for m in shape]
        for i, h, a in path:
            masks[i] &= chosen[i].get(h, np.full(shape[i], -1, dtype=np.int64)) == a
        if not all(m.any() for m in masks):
            continue
        block = np.ix_(*[np.flatnonzero(m) for m in masks])
        for i, v in enumerate(vals):
            if v:
                scaled = w * v * scale
                total[i][block] += scaled.numerator       # an integer (scale: the lcm)
    made: dict[int, Fraction] = {}
    out = np.empty(total.shape, dtype=object)
    flat, res = total.reshape(-1), out.reshape(-1)
    for k, x in enumerate(flat):
        f = made.get(x)
        if f is None:
            f = made[x] = Fraction(x, scale)
        res[k] = f
    return out
