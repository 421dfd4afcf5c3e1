"""From a written tree (`SpecNode`s with expressions) to an exact `Tree`.

Shared by the YAML and .efg readers: numbering in preorder, grouping information
sets, the structural checks (an information set's nodes agree in player and actions;
perfect recall), and the evaluation of every payoff and probability at exact values
(probabilities must be non-negative and sum to 1; the error names the chance node).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction

from ..errors import ScenarioError
from ..expressions import Expr, ExpressionError
from ..limits import magnitude_problem
from .model import CHANCE, DECISION, InfoSet, Node, SpecNode, Tree, TreeSpec

Raise = Callable[[SpecNode, str, "str | None"], ScenarioError]


def walk(root: SpecNode) -> list[tuple[SpecNode, tuple[str, ...]]]:
    """Every node with its path of actions from the root, in preorder (iterative, so
    deep trees do not hit Python's recursion limit)."""
    out: list[tuple[SpecNode, tuple[str, ...]]] = []
    stack: list[tuple[SpecNode, tuple[str, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        out.append((node, path))
        for a, c in reversed(list(zip(node.actions, node.children))):
            stack.append((c, path + (a,)))
    return out


def infoset_key(node: SpecNode, path: tuple[str, ...]) -> tuple[int, str]:
    """The information set a decision node belongs to: its `info` label (per player),
    or its own path when it has none."""
    return (node.player, node.info) if node.info else (node.player, "\0" + "/".join(path))


def check_structure(root: SpecNode, players: tuple[str, ...], error: Raise) -> None:
    """An information set's nodes have the same player and actions, and every player
    recalls its own earlier information sets and actions (perfect recall)."""
    first: dict[tuple[int, str], SpecNode] = {}
    history: dict[tuple[int, str], tuple] = {}
    by_label: dict[str, SpecNode] = {}
    stack: list[tuple[SpecNode, tuple[str, ...], tuple]] = [(root, (), ())]
    while stack:
        node, path, seen = stack.pop()
        own = seen
        if node.kind == DECISION:
            key = infoset_key(node, path)
            mine = tuple((h, a) for p, h, a in seen if p == node.player)
            if node.info and node.info in by_label and key not in first:
                first[key], history[key] = by_label[node.info], mine
            if node.info:
                by_label.setdefault(node.info, node)
            if key in first:
                other = first[key]
                label = node.info
                if other.player != node.player:
                    raise error(node, f"information set '{label}' mixes players "
                                      f"{players[other.player]} and {players[node.player]}",
                                "nodes sharing an info label must belong to one player")
                if other.actions != node.actions:
                    raise error(node, f"information set '{label}' has actions "
                                      f"{list(node.actions)} here but {list(other.actions)} "
                                      f"at line {other.line}",
                                "every node of an information set offers the same actions")
                if history[key] != mine:
                    raise error(node, f"imperfect recall: {players[node.player]} cannot tell "
                                      f"this node from line {other.line} in information set "
                                      f"'{label}', yet its own earlier moves differ",
                                "a player remembers its own information sets and actions")
            else:
                first[key], history[key] = node, mine
        for a, c in reversed(list(zip(node.actions, node.children))):   # preorder
            nxt = own + ((node.player, infoset_key(node, path), a),) \
                if node.kind == DECISION else own
            stack.append((c, path + (a,), nxt))


def evaluate_tree(spec: TreeSpec, values: Mapping[str, Fraction]) -> Tree:
    """The exact tree at `values`: payoffs and probabilities evaluated, probabilities
    checked, nodes numbered in preorder, information sets grouped."""
    flat = walk(spec.root)
    index = {id(n): k for k, (n, _) in enumerate(flat)}
    ends = _ends(flat, index)
    parents = {index[id(c)]: index[id(n)] for n, _ in flat for c in n.children}
    keys: dict[tuple[int, str], int] = {}
    members: dict[int, list[int]] = {}
    nodes = []
    for k, (n, path) in enumerate(flat):
        h = -1
        if n.kind == DECISION:
            key = infoset_key(n, path)
            h = keys.setdefault(key, len(keys))
            members.setdefault(h, []).append(k)
        probs = _probabilities(spec, n, values) if n.kind == CHANCE else ()
        pays = tuple(_payoff(spec, n, e, values) for e in n.payoffs)
        nodes.append(Node(k, n.kind, path, ends[k], parents.get(k, -1), n.player, h,
                          n.actions, tuple(index[id(c)] for c in n.children), probs, pays,
                          n.outcome))
    infosets = []
    for key, h in keys.items():
        first = nodes[members[h][0]]
        if key in spec.infoset_names:           # .efg: the file's name, if it has one
            name = spec.infoset_names[key] or first.where
        else:                                   # YAML: the info label, or the path
            name = first.where if key[1].startswith("\0") else key[1]
        infosets.append(InfoSet(key[0], first.actions, tuple(members[h]), name))
    return Tree(spec.players, tuple(nodes), tuple(infosets), spec.title, dict(values))


def _ends(flat: list[tuple[SpecNode, tuple[str, ...]]], index: dict[int, int]) -> list[int]:
    """One past the last descendant of every node (preorder ranges)."""
    ends = [k + 1 for k in range(len(flat))]
    for k in range(len(flat) - 1, -1, -1):
        n = flat[k][0]
        if n.children:
            ends[k] = ends[index[id(n.children[-1])]]
    return ends


def _error(spec: TreeSpec, node: SpecNode, message: str) -> ScenarioError:
    return ScenarioError(message, spec.source_path, node.line or None, node.column or None)


def _value(spec: TreeSpec, node: SpecNode, expr: Expr, values: Mapping[str, Fraction]
           ) -> Fraction:
    try:
        return expr.evaluate(values)
    except ExpressionError as exc:
        raise _error(spec, node, f"{exc.message} in '{expr}'") from None


def _payoff(spec: TreeSpec, node: SpecNode, expr: Expr, values: Mapping[str, Fraction]
            ) -> Fraction:
    """A payoff at `values`, within the declared magnitude limit (games.limits) so that
    the float fast paths of the normal-form engine stay finite."""
    value = _value(spec, node, expr, values)
    problem = magnitude_problem(value)
    if problem:
        raise _error(spec, node, problem)
    return value


def _probabilities(spec: TreeSpec, node: SpecNode, values: Mapping[str, Fraction]
                   ) -> tuple[Fraction, ...]:
    """A chance node's probabilities at `values`: each >= 0, summing to exactly 1."""
    probs = tuple(_value(spec, node, e, values) for e in node.probs)
    for a, p, e in zip(node.actions, probs, node.probs):
        if p < 0:
            raise _error(spec, node, f"probability of '{a}' is {p} (negative) with "
                         + _at(values, e))
    total = sum(probs, Fraction(0))
    if total != 1:
        raise _error(spec, node, f"chance probabilities sum to {total}, not 1")
    return probs


def _at(values: Mapping[str, Fraction], expr: Expr) -> str:
    used = sorted(expr.parameters())
    return ", ".join(f"{n}={values[n]}" for n in used) or "these values"
