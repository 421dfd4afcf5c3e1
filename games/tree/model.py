"""Game trees: the parametric tree of a scenario or .efg file, and the exact tree.

`TreeSpec` is what a file says: nodes whose payoffs and chance probabilities are
payoff expressions (`games.expressions.Expr`), each with its file position.
`TreeSpec.tree(values)` evaluates it into a `Tree` of exact Fractions, the object
every algorithm works on. Nodes are stored in preorder (the root is node 0), so a
subtree is a contiguous range `[id, end)`: the subgame test and the reduced form
rely on that.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ..expressions import Expr
from ..model import Parameter

DECISION, CHANCE, LEAF = "decision", "chance", "leaf"


@dataclass(frozen=True)
class SpecNode:
    """A node as written: kind, mover (player index), actions, children, chance
    probabilities and leaf payoffs as expressions, information-set label, position."""

    kind: str
    actions: tuple[str, ...] = ()
    children: tuple[SpecNode, ...] = ()
    player: int = -1
    probs: tuple[Expr, ...] = ()
    payoffs: tuple[Expr, ...] = ()
    info: str = ""
    outcome: str = ""
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Node:
    """One node of an exact tree (preorder id; `end` is one past its last descendant)."""

    id: int
    kind: str
    path: tuple[str, ...]
    end: int
    parent: int = -1
    player: int = -1
    infoset: int = -1
    actions: tuple[str, ...] = ()
    children: tuple[int, ...] = ()
    probs: tuple[Fraction, ...] = ()
    payoffs: tuple[Fraction, ...] = ()
    outcome: str = ""

    @property
    def where(self) -> str:
        """The node's path in the SPEC's notation: '/' for the root, '/a/b' below."""
        return "/" + "/".join(self.path)


@dataclass(frozen=True)
class InfoSet:
    """An information set: its player, actions, member nodes (preorder) and name."""

    player: int
    actions: tuple[str, ...]
    nodes: tuple[int, ...]
    name: str


@dataclass(frozen=True)
class Tree:
    """An exact game tree: players, nodes in preorder (root 0) and information sets."""

    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    infosets: tuple[InfoSet, ...]
    title: str = ""
    values: Mapping[str, Fraction] = field(default_factory=dict)

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def root(self) -> Node:
        return self.nodes[0]

    def is_perfect_information(self) -> bool:
        """Every information set is a single node."""
        return all(len(h.nodes) == 1 for h in self.infosets)

    def player_infosets(self, player: int) -> list[int]:
        """The player's information sets, in preorder of their first node."""
        return [k for k, h in enumerate(self.infosets) if h.player == player]


@dataclass
class TreeSpec:
    """A parsed, validated tree scenario (or .efg file): players, parameters, the tree."""

    title: str
    players: tuple[str, ...]
    parameters: dict[str, Parameter]
    root: SpecNode
    description: str = ""
    source: str = ""
    source_path: str | None = None
    player_descriptions: dict[str, str] = field(default_factory=dict)
    infoset_names: dict[tuple[int, str], str] = field(default_factory=dict)
    payoffs_are: str = "cardinal"       # "ranks": leaf payoffs are rankings (games.ordinal)

    @property
    def baseline(self) -> dict[str, Fraction]:
        return {name: p.value for name, p in self.parameters.items()}

    def tree(self, values: Mapping[str, Fraction] | None = None) -> Tree:
        """The exact tree with baseline values overridden by `values`."""
        from .build import evaluate_tree
        vals = {**self.baseline, **dict(values or {})}
        return evaluate_tree(self, vals)


def label_sequence(names: Sequence[str]) -> str:
    """Names joined for messages: 'a', 'a and b', 'a, b and c'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
