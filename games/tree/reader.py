"""Tree scenarios (YAML with `tree:`) -> `TreeSpec`, every check at file:line:column.

The top level, parameters and payoff expressions are read by the normal-form
scenario builder (`games.scenario._Builder`), so names, numbers and expressions are
checked the same way. This module reads `players` as plain names, `outcomes`, and
the `tree` itself (or its compact form `stages:`, games/tree/stages.py): decision
nodes (one player key mapping actions to subtrees, plus an optional `info` label),
chance nodes (`chance:` mapping outcomes to `{p, then}`), and leaves (a payoff list,
or an outcome's name). Then the information sets (same
player, same actions, perfect recall) and the probabilities (non-negative and
summing exactly to 1 over the parameter ranges) are checked.
"""
from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Protocol

import yaml

from ..errors import ScenarioError, did_you_mean
from ..expressions import Expr, ExpressionError, add_all
from ..numbers import sympy_table
from ..scenario.document import Document as _Doc
from ..scenario.document import is_null as _is_null
from ..scenario.document import node_kind as _kind
from ..scenario.validation import _Builder
from ..limits import MAX_TREE_NODES as MAX_NODES
from ..limits import too_many_tree_nodes
from .build import check_structure
from .model import CHANCE, DECISION, LEAF, SpecNode, TreeSpec

TREE_KEYS = ("scenario", "description", "source", "parameters", "players", "outcomes", "tree",
             "payoffs_are")
STAGES_KEYS = (*TREE_KEYS[:-2], "stages", "payoffs", "payoffs_are")
CHANCE_KEYS = ("p", "then")
MAX_CORNERS = 10            # parameters whose range corners are checked exhaustively


def has_tree(root: yaml.Node) -> bool:
    """Does this scenario document describe a game tree (a top-level `tree:` key, or
    `stages:`, its compact form)?"""
    return isinstance(root, yaml.MappingNode) and any(
        isinstance(k, yaml.ScalarNode) and k.value in ("tree", "stages") for k, _ in root.value)


def build_tree_scenario(doc: _Doc, root: yaml.Node) -> TreeSpec:
    """Validate a tree scenario document and return its `TreeSpec`."""
    return _TreeBuilder(doc).build(root)


class _TreeBuilder(_Builder):
    """The scenario builder, taught players without strategies, outcomes and trees."""

    def build(self, root: yaml.Node) -> TreeSpec:  # type: ignore[override]
        items = self.mapping(root, "the scenario file")
        staged = not any(text == "tree" for text, _, _ in items)
        both = [k for text, k, _ in items if text == "stages"]
        if both and not staged:
            raise self.err(both[0], "a scenario gives either 'tree:' or 'stages:', not both",
                           "'stages:' is the compact form of the same tree")
        self.check_keys(items, STAGES_KEYS if staged else TREE_KEYS, "the scenario file")
        top = {text: (key, value) for text, key, value in items}
        if "scenario" not in top:
            raise self.err(root, "missing required key 'scenario:'", "'scenario:' is the title")
        if "players" not in top:
            raise self.err(root, "missing required key 'players:'",
                           "a tree lists its players by name: players: [Turkey, Russia]")
        title = self.scalar_text(top["scenario"][1], "the title ('scenario:')", False).strip()
        kind = self.payoff_kind(top.get("payoffs_are"))
        if kind == "ranks" and "parameters" in top:
            raise self.err(top["parameters"][0], "'parameters' cannot be used with 'payoffs_are: "
                                                 "ranks': ranks are fixed orderings",
                           "write each player's rank (1 worst .. k best) at the leaves")
        self.parameters = self.build_parameters(top.get("parameters"))
        self.tree_players = self.read_players(top["players"][1])
        self.outcomes = self.read_outcomes(top.get("outcomes"))
        self.count = 0
        if staged:                      # the compact stage form (games.tree.stages)
            from .stages import read_stages
            tree_root = read_stages(self, *top["stages"], top.get("payoffs"))
        else:
            tree_root = self.node(top["tree"][1], "the tree")
        check_structure(tree_root, self.tree_players, self.node_error)
        spec = TreeSpec(title, self.tree_players, self.parameters, tree_root,
                        description=self.optional_text(top, "description"),
                        source=self.optional_text(top, "source"), source_path=self.doc.name,
                        player_descriptions=self.player_descriptions, payoffs_are=kind)
        check_probabilities(spec, self.node_error)
        spec.tree()                     # division by zero and the like, at the baseline
        if kind == "ranks":
            from ..ordinal.tree_ranks import leaf_rank_problem
            bad = leaf_rank_problem(spec)
            if bad is not None:
                raise self.node_error(bad[0], bad[1].message, bad[1].hint)
        return spec

    def node_error(self, node: SpecNode, message: str, hint: str | None = None
                   ) -> ScenarioError:
        return ScenarioError(message, self.doc.name, node.line, node.column, hint)

    # -- players and outcomes -----------------------------------------------------
    def read_players(self, node: yaml.Node) -> tuple[str, ...]:
        """`players:` as a list of names or a mapping name -> description."""
        pairs: list[tuple[yaml.Node, yaml.Node | None]]
        if isinstance(node, yaml.SequenceNode):
            pairs = [(item, None) for item in node.value]
        elif isinstance(node, yaml.MappingNode):
            pairs = [(k, v) for _, k, v in self.mapping(node, "'players'")]
        else:
            raise self.err(node, f"'players' must list the players' names, found {_kind(node)}")
        names: list[str] = []
        for key, desc in pairs:
            if not isinstance(key, yaml.ScalarNode) or _is_null(key):
                raise self.err(key, f"a player must be a name, found {_kind(key)}",
                               "in a tree scenario players have no strategies: "
                               "players: [Turkey, Russia]")
            name = self.name(key, key.value, "player")
            if name == "chance":
                raise self.err(key, "'chance' is reserved for chance nodes; "
                                    "name the player otherwise")
            if name in names:
                raise self.err(key, f"duplicate player '{name}'")
            if desc is not None and not _is_null(desc):
                if not isinstance(desc, yaml.ScalarNode):
                    raise self.err(desc, f"player '{name}' in a tree takes a description, "
                                         f"found {_kind(desc)}",
                                   "actions are given in the tree, not as strategies")
                self.player_descriptions[name] = desc.value
            names.append(name)
        if len(names) < 1:
            raise self.err(node, "a tree needs at least one player")
        return tuple(names)

    def read_outcomes(self, entry: tuple[yaml.Node, yaml.Node] | None
                      ) -> dict[str, tuple[Expr, ...]]:
        """`outcomes:` name -> payoff list."""
        out: dict[str, tuple[Expr, ...]] = {}
        if entry is None or _is_null(entry[1]):
            return out
        for text, _, value in self.mapping(entry[1], "'outcomes'"):
            out[text] = self.payoff_list(value, f"outcome '{text}'")
        return out

    def payoff_list(self, node: yaml.Node, what: str) -> tuple[Expr, ...]:
        n = len(self.tree_players)
        if not isinstance(node, yaml.SequenceNode):
            raise self.err(node, f"{what} must be a list of {n} payoffs, found {_kind(node)}")
        if len(node.value) != n:
            raise self.err(node, f"{what} has {len(node.value)} payoffs, expected {n} "
                                 f"(one per player: {', '.join(self.tree_players)})")
        return tuple(self.expression(v, f"{what}") for v in node.value)

    # -- nodes --------------------------------------------------------------------
    def node(self, node: yaml.Node, what: str) -> SpecNode:
        """A subtree: leaf (list or outcome name), decision or chance node."""
        self.count += 1
        if self.count > MAX_NODES:
            raise self.err(node, too_many_tree_nodes())
        line, col = self.doc.position(node)
        if isinstance(node, yaml.SequenceNode):
            return SpecNode(LEAF, payoffs=self.payoff_list(node, f"the leaf {what}"),
                            line=line, column=col)
        if isinstance(node, yaml.ScalarNode):
            return self.named_leaf(node, what, line, col)
        items = self.mapping(node, what)
        info = [(k, v) for t, k, v in items if t == "info"]
        text, key, body = self.one_mover(
            node, items, what, ("info",), "a decision node is 'PLAYER: {action: subtree}'",
            "a node belongs to one player (or chance); put the second move inside one of "
            "the first's actions")
        kline, kcol = self.doc.position(key)
        if text == "chance":
            if info:
                raise self.err(info[0][0], "a chance node has no information set ('info')")
            return self.chance(body, kline, kcol)
        label = self.info_label(info[0][1]) if info else ""
        return self.decision(text, body, label, kline, kcol)

    def one_mover(self, node: yaml.Node, items: list[tuple[str, yaml.Node, yaml.Node]],
                  what: str, others: tuple[str, ...], form: str, two: str
                  ) -> tuple[str, yaml.Node, yaml.Node]:
        """The one player (or `chance`) key among `items`, the `others` keys aside: a
        node of the tree or a stage. `form` and `two` are the hints for no mover and
        for two."""
        movers = [(t, k, v) for t, k, v in items if t not in others]
        if not movers:
            raise self.err(node, f"{what} has no player or 'chance' key",
                           f"{form}; players: {', '.join(self.tree_players)}")
        for t, k, _ in movers:
            if t != "chance" and t not in self.tree_players:
                hint = did_you_mean(t, [*self.tree_players, "chance", *others]) or \
                    f"players: {', '.join(self.tree_players)}"
                raise self.err(k, f"unknown player '{t}' in {what}", hint)
        if len(movers) > 1:
            raise self.err(movers[1][1], f"{what} has two movers, '{movers[0][0]}' and "
                                         f"'{movers[1][0]}'", two)
        return movers[0]

    def named_leaf(self, node: yaml.ScalarNode, what: str, line: int, col: int) -> SpecNode:
        if _is_null(node):
            raise self.err(node, f"{what} is empty",
                           "give a payoff list, an outcome's name or a subtree")
        name = node.value.strip()
        if name not in self.outcomes:
            hint = did_you_mean(name, self.outcomes) or (
                f"outcomes: {', '.join(self.outcomes)}" if self.outcomes else
                "a leaf is a payoff list [..] or the name of an entry of 'outcomes:'")
            raise self.err(node, f"unknown outcome '{name}' in {what}", hint)
        return SpecNode(LEAF, payoffs=self.outcomes[name], outcome=name, line=line, column=col)

    def info_label(self, node: yaml.Node) -> str:
        if not isinstance(node, yaml.ScalarNode) or _is_null(node) or not node.value.strip():
            raise self.err(node, f"'info' must be a label, found {_kind(node)}")
        return node.value.strip()

    def decision(self, player: str, body: yaml.Node, info: str, line: int, col: int
                 ) -> SpecNode:
        items = self.mapping(body, f"{player}'s actions")
        if not items:
            raise self.err(body, f"{player}'s node has no actions")
        actions, children = [], []
        for text, key, value in items:
            actions.append(self.name(key, text, "action", player))
            children.append(self.node(value, f"after '{text}'"))
        return SpecNode(DECISION, tuple(actions), tuple(children),
                        self.tree_players.index(player), info=info, line=line, column=col)

    def chance(self, body: yaml.Node, line: int, col: int) -> SpecNode:
        items = self.mapping(body, "the chance node")
        if not items:
            raise self.err(body, "the chance node has no outcomes")
        actions, probs, children = [], [], []
        for text, key, value in items:
            fields = self.mapping(value, f"chance outcome '{text}'")
            self.check_keys(fields, CHANCE_KEYS, f"chance outcome '{text}'")
            f = {t: v for t, _, v in fields}
            for need in CHANCE_KEYS:
                if need not in f:
                    raise self.err(value, f"chance outcome '{text}' has no '{need}'",
                                   "write it as {p: probability, then: subtree}")
            actions.append(self.name(key, text, "chance outcome"))
            probs.append(self.expression(f["p"], f"the probability of '{text}'"))
            children.append(self.node(f["then"], f"after chance outcome '{text}'"))
        return SpecNode(CHANCE, tuple(actions), tuple(children), probs=tuple(probs),
                        line=line, column=col)


class NodeError(Protocol):
    """How a check reports a problem at a node: the error to raise (file:line:col)."""

    def __call__(self, node: SpecNode, message: str, hint: str | None = None
                 ) -> ScenarioError: ...


def check_probabilities(spec: TreeSpec, error: NodeError) -> None:
    """Every chance node's probabilities sum identically to 1 and are non-negative at
    the baseline and at every corner of the ranges of the parameters they use."""
    stack = [spec.root]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.kind != CHANCE:
            continue
        names = sorted(set().union(*(e.parameters() for e in node.probs)))
        if names:
            _check_identity(spec, node, names, error)
        for point in _corners(spec, names):
            for a, e in zip(node.actions, node.probs):
                try:
                    p = e.evaluate(point)
                except ExpressionError:     # division by zero: reported at evaluation
                    p = Fraction(0)
                if p < 0:
                    at = ", ".join(f"{n}={point[n]}" for n in names)
                    raise error(node, f"probability of '{a}' ({e}) is negative, {p}, "
                                      f"at {at}",
                                "probabilities must be >= 0 over each parameter's range")
        if not names:
            total = Fraction(0)
            for a, e in zip(node.actions, node.probs):
                try:
                    total += e.evaluate({})
                except ExpressionError as exc:      # a constant 1/0
                    raise error(node, f"probability of '{a}' ({e}): {exc.message}") from None
            if total != 1:
                raise error(node, f"chance probabilities sum to {total}, not 1")


def _check_identity(spec: TreeSpec, node: SpecNode, names: list[str], error: Any) -> None:
    """The probabilities' sum is 1 for every parameter value (symbolically)."""
    import sympy
    symbols = {n: sympy.Symbol(n, real=True) for n in names}
    table = {**sympy_table({n: p.value for n, p in spec.parameters.items()}), **symbols}
    total = add_all(node.probs).to_sympy(table)
    if sympy.simplify(total - 1) != 0:
        raise error(node, f"chance probabilities sum to {total}, not 1 for every "
                          f"value of {', '.join(names)}",
                    "make the last one 1 minus the others")


def _corners(spec: TreeSpec, names: list[str]) -> list[dict[str, Fraction]]:
    """The baseline, and each corner of the ranges of the named parameters."""
    base = spec.baseline
    ranges: list[tuple[str, tuple[Fraction, Fraction]]] = [
        (n, r) for n in names[:MAX_CORNERS] if (r := spec.parameters[n].range) is not None]
    out = [base]
    for combo in itertools.product(*[r for _, r in ranges]):
        out.append({**base, **{n: v for (n, _), v in zip(ranges, combo)}})
    return out
