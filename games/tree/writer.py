"""Game trees written as scenario YAML (the SPEC's "Sequential scenarios" format).

`tree_to_yaml(spec, values)` writes the title, description and source, every parameter
(through the normal-form writer's blocks, with `values` as the baselines), the players
(with their descriptions), an `outcomes:` block for the leaves that name an outcome,
and the tree: decision nodes as `PLAYER: {action: subtree}` with `info: LABEL` beside
the player key when the node shares an information set (or the file labelled it),
chance nodes as `chance: {outcome: {p: expr, then: subtree}}`, leaves as payoff lists
or outcome names. Reading the text gives back the same tree (same nodes, actions,
movers, information sets, probabilities and payoffs), so the same SPE.

A tree read from a Gambit .efg file gets its information sets' names as labels (a
label unique in the file, as the reader wants: a name shared by two sets, or an
empty one, gets the file's set number after it). The tree is written without
recursion; trees deeper or larger than the YAML reader takes are refused with a message.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from fractions import Fraction

import yaml

from ..errors import GameError
from ..expressions import Expr
from ..scenario.writing import _RESOLVER, _PLAIN_TAGS, _field, _header, _parameters, _text
from .build import infoset_key, walk
from .model import CHANCE, DECISION, LEAF, SpecNode, TreeSpec
from ..limits import too_many_tree_nodes
from .reader import MAX_NODES

MAX_DEPTH = 300             # nesting YAML readers take (two levels per tree level)


def tree_to_yaml(spec: TreeSpec, values: Mapping[str, Fraction] | None = None) -> str:
    """Scenario YAML text of a tree; `values` replace parameter baselines (--set)."""
    baseline = {**spec.baseline, **dict(values or {})}
    lines = _header(spec.title or "Game tree", spec.description, spec.source)
    lines += _parameters(spec.parameters.values(), baseline)
    lines += _players(spec)
    outcomes = _outcomes(spec.root)
    if outcomes:
        lines.append("outcomes:")
        lines += [f"  {_text(name)}: {_payoff_list(pays)}" for name, pays in outcomes.items()]
    lines.append("tree:")
    lines += _tree_lines(spec, set(outcomes))
    return "\n".join(lines) + "\n"


def _players(spec: TreeSpec) -> list[str]:
    """`players:` as a list of names, or `name: description` when some are described."""
    if not any(spec.player_descriptions.get(n) for n in spec.players):
        return ["players:", *(f"  - {_text(n)}" for n in spec.players)]
    out = ["players:"]
    for name in spec.players:
        desc = spec.player_descriptions.get(name, "")
        out += _field(2, _text(name), desc) if desc else [f"  {_text(name)}:"]
    return out


def _outcomes(root: SpecNode) -> dict[str, tuple[Expr, ...]]:
    """Named outcomes whose every leaf has the same payoffs (written by name)."""
    seen: dict[str, tuple[Expr, ...]] = {}
    clash: set[str] = set()
    for node, _ in walk(root):
        if node.kind == LEAF and node.outcome:
            first = seen.setdefault(node.outcome, node.payoffs)
            if [str(e) for e in first] != [str(e) for e in node.payoffs]:
                clash.add(node.outcome)
    return {k: v for k, v in seen.items() if k not in clash}


def _labels(spec: TreeSpec) -> dict[tuple[int, str], str]:
    """The `info` label to write for each labelled information set (unique per player)."""
    members: dict[tuple[int, str], int] = {}
    for node, path in walk(spec.root):
        if node.kind == DECISION:
            key = infoset_key(node, path)
            members[key] = members.get(key, 0) + 1
    out: dict[tuple[int, str], str] = {}
    used: set[str] = set()
    for key, n in members.items():
        if key[1].startswith("\0") and n == 1:
            continue                        # a single node without a label: none written
        raw = key[1].lstrip("\0")
        label = (spec.infoset_names.get(key, "") or raw).strip()
        if label in used or not label:
            label = f"{label} {raw}".strip()
        k = 2
        while label in used:
            label, k = f"{label.rsplit(' (', 1)[0]} ({k})", k + 1
        used.add(label)
        out[key] = label
    return out


def _tree_lines(spec: TreeSpec, named: set[str]) -> list[str]:
    """The tree below `tree:`, each node at two more spaces per level."""
    labels = _labels(spec)
    if sum(1 for _ in walk(spec.root)) > MAX_NODES:
        raise GameError(too_many_tree_nodes())
    lines: list[str] = []
    # a node to write (node, path, indent, the key before it: "" for the root), or a
    # finished line waiting for its turn (chance outcomes' headers, `info:` labels)
    Item = tuple[SpecNode, tuple[str, ...], int, str] | str
    stack: list[Item] = [(spec.root, (), 2, "")]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            lines.append(item)
            continue
        node, path, pad, key = item
        if pad > 2 * MAX_DEPTH:
            raise GameError(f"the tree is deeper than {MAX_DEPTH} levels: too deep to write "
                            "as YAML (export it as .efg)")
        indent = " " * pad
        if node.kind == LEAF:
            leaf = _text(node.outcome) if node.outcome in named else \
                _payoff_list(node.payoffs)
            lines.append(f"{indent}{key}: {leaf}" if key else f"{indent}{leaf}")
            continue
        if key:
            lines.append(f"{indent}{key}:")
        inner = " " * (pad + 2 if key else pad)
        todo: list[Item] = []
        if node.kind == CHANCE:
            lines.append(f"{inner}chance:")
            for a, p, c in zip(node.actions, node.probs, node.children):
                todo.append(f"{inner}  {_text(a)}:")
                todo.append(f"{inner}    p: {_flow(str(p))}")
                todo.append((c, (*path, a), len(inner) + 4, "then"))
        else:
            lines.append(f"{inner}{_text(spec.players[node.player])}:")
            todo += [(c, (*path, a), len(inner) + 2, _text(a))
                     for a, c in zip(node.actions, node.children)]
            label = labels.get(infoset_key(node, path))
            if label is not None:
                todo.append(f"{inner}info: {_text(label)}")
        stack.extend(reversed(todo))
    return lines


def _payoff_list(pays: tuple[Expr, ...]) -> str:
    return "[" + ", ".join(_flow(str(e)) for e in pays) + "]"


def _flow(text: str) -> str:
    """An expression as an item of a flow list (quoted when YAML would misread it)."""
    if any(c in text for c in ",[]{}#:") or \
            _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) not in _PLAIN_TAGS:
        return json.dumps(text)
    return text
