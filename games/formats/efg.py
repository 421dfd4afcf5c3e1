"""Gambit extensive-form files (.efg): read into a `TreeSpec`, and write a tree.

The format lists nodes in preorder: `p "name" player infoset ["set name"] [{actions}]
outcome ["outcome name" {payoffs}]` for a decision node, `c "name" infoset ["set
name"] [{"a" prob ...}] outcome ...` for chance, `t "name" outcome ...` for a
terminal node. An information set's actions (and a chance set's probabilities) are
given at its first node and may be omitted later; an outcome's payoffs are given at
its first use and may be omitted when it recurs (the two conventions both occur).
Payoffs may be separated by commas or blanks. Outcome 0 is no outcome. An outcome at
a non-terminal node adds to the payoff of every play through it. Numbers are exact.
Every problem is a `ScenarioError` at file:line:column. The tokenizer is the .nfg
reader's.
"""
from __future__ import annotations

import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path

from ..errors import ScenarioError
from ..limits import MAX_TREE_NODES as MAX_NODES
from ..limits import too_many_tree_nodes
from ..expressions import const
from .nfg import _read_number, _Reader, _Tok
from ..scenario.reading import file_name, read_text
from ..tree.build import check_structure
from ..tree.model import CHANCE, DECISION, LEAF, SpecNode, Tree, TreeSpec

MAX_DEPTH = 300      # levels, as for trees written as YAML (games/tree/writer.py): the
                     # reduced form's plans recurse once per level of a player's own moves


def read_efg(path: str | Path) -> TreeSpec:
    """Read a Gambit .efg file (ScenarioError on any problem)."""
    text = read_text(path)
    return parse_efg(text, file_name(path))


def parse_efg(text: str, name: str = "<string>") -> TreeSpec:
    """Read .efg text; `name` is the file name used in error messages."""
    from ..arguments import text as checked_text
    reader = _EfgReader(checked_text(text, "parse_efg"), name)
    return reader.read()


class _EfgReader(_Reader):
    def __init__(self, text: str, name: str) -> None:
        super().__init__(text, name)
        self.infosets: dict[tuple[int, int], tuple[tuple[str, ...], tuple[Fraction, ...]]] = {}
        self.set_names: dict[tuple[int, str], str] = {}
        self.outcome_payoffs: dict[int, tuple[Fraction, ...]] = {}
        self.n_nodes = 0

    def read(self) -> TreeSpec:  # type: ignore[override]
        tok = self.take("word", "'EFG'")
        if tok.text != "EFG":
            raise self.error(tok, f"not a Gambit .efg file (starts with {tok.text!r})",)
        version = self.take("number", "the version (2)")
        if version.text != "2":
            raise self.error(version, f"unsupported .efg version {version.text} (expected 2)")
        kind = self.take("word", "'R'")
        if kind.text != "R":
            raise self.error(kind, "only rational-payoff files ('R') are supported")
        title = self.string("the title")
        self.players = tuple(self.strings_in_braces("the player names"))
        if not self.players:
            raise self.error(self.peek(), "the file names no players")
        if len(set(self.players)) != len(self.players):
            raise self.error(self.peek(), "two players have the same name")
        comment = self.optional_string()
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, 20_000))
        try:
            root = self.node(tuple(Fraction(0) for _ in self.players))
        finally:
            sys.setrecursionlimit(old)
        if self.peek().kind != "end":
            raise self.error(self.peek(), f"unexpected {self.peek().text!r} after the last node "
                                          "of the tree")
        check_structure(root, self.players, self._node_error)
        return TreeSpec(title, self.players, {}, root, description=comment,
                        source_path=self.name, infoset_names=dict(self.set_names))

    def _node_error(self, node: SpecNode, message: str, hint: str | None = None
                    ) -> ScenarioError:
        return ScenarioError(message, self.name, node.line, node.column, hint)

    # -- nodes -------------------------------------------------------------------------
    def node(self, acc: tuple[Fraction, ...], depth: int = 0) -> SpecNode:
        self.n_nodes += 1
        tok = self.take("word", "a node ('p', 'c' or 't')")
        if self.n_nodes > MAX_NODES:
            raise self.error(tok, too_many_tree_nodes())
        if depth > MAX_DEPTH:
            raise self.error(tok, f"the tree is deeper than {MAX_DEPTH} levels (the limit)")
        self.string("the node's name")
        if tok.text == "t":
            acc = self.outcome(acc)
            return SpecNode(LEAF, payoffs=tuple(const(v) for v in acc),
                            line=tok.line, column=tok.column)
        if tok.text == "p":
            player, ptok = self.count_("the player number")
            if not 1 <= player <= len(self.players):
                raise self.error(ptok, f"player {player} does not exist (the file has "
                                       f"{len(self.players)})")
            actions, _ = self.infoset(player, decision=True)
            label = self.label
            acc = self.outcome(acc)
            children = tuple(self.node(acc, depth + 1) for _ in actions)
            return SpecNode(DECISION, actions, children, player - 1, info=label,
                            line=tok.line, column=tok.column)
        if tok.text == "c":
            actions, probs = self.infoset(0, decision=False)
            acc = self.outcome(acc)
            children = tuple(self.node(acc, depth + 1) for _ in actions)
            return SpecNode(CHANCE, actions, children, probs=tuple(const(p) for p in probs),
                            line=tok.line, column=tok.column)
        raise self.error(tok, f"unknown node type {tok.text!r} (expected 'p', 'c' or 't')")

    def count_(self, what: str) -> tuple[int, _Tok]:
        return self.count(what)

    def infoset(self, player: int, decision: bool
                ) -> tuple[tuple[str, ...], tuple[Fraction, ...]]:
        """The information set number, optional name, and (first time) its actions."""
        number, ntok = self.count_("the information set number")
        key = (player, number)
        self.label = f"{player}:{number}"       # labels are per player in .efg files
        set_name = self.optional_string()
        if decision:
            self.set_names.setdefault((player - 1, self.label), set_name.strip())
        if self.peek().kind == "{":
            actions, probs = self.actions(decision)
            known = self.infosets.get(key)
            if known is not None and known[0] != actions:
                raise self.error(ntok, f"information set {number} has actions {list(actions)} "
                                       f"here but {list(known[0])} before")
            self.infosets.setdefault(key, (actions, probs))
        if key not in self.infosets:
            raise self.error(ntok, f"information set {number} is used before its actions "
                                   "are given")
        return self.infosets[key]

    def actions(self, decision: bool) -> tuple[tuple[str, ...], tuple[Fraction, ...]]:
        open_tok = self.take("{", "'{' opening the actions")
        names: list[str] = []
        probs: list[Fraction] = []
        while self.peek().kind == "string":
            names.append(self.string("an action"))
            if not decision:
                probs.append(self.number("the action's probability"))
        self.take("}", "'}' closing the actions")
        if not names:
            raise self.error(open_tok, "a node with no actions")
        names = _distinct(names)
        if not decision:
            if any(p < 0 for p in probs):
                raise self.error(open_tok, "a negative chance probability")
            if sum(probs) != 1:
                raise self.error(open_tok, f"chance probabilities sum to {sum(probs)}, not 1")
        return tuple(names), tuple(probs)

    def outcome(self, acc: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
        """The node's outcome (number, optional name and payoffs), added to `acc`."""
        number, ntok = self.count_("the outcome number")
        self.optional_string()
        if self.peek().kind == "{":
            self.take("{", "'{'")
            pays: list[Fraction] = []
            while self.peek().kind == "number":
                pays.append(_read_number(self.take("number", "a payoff"), self))
            close = self.take("}", "'}' closing the payoffs")
            if len(pays) != len(self.players):
                raise self.error(close, f"outcome {number} has {len(pays)} payoffs, expected "
                                        f"{len(self.players)}")
            if number == 0:
                raise self.error(ntok, "outcome 0 means 'no outcome' and cannot have payoffs")
            self.outcome_payoffs.setdefault(number, tuple(pays))
        if number == 0:
            return acc
        if number not in self.outcome_payoffs:
            raise self.error(ntok, f"outcome {number} is used before its payoffs are given")
        return tuple(a + b for a, b in zip(acc, self.outcome_payoffs[number]))


def _distinct(names: list[str]) -> list[str]:
    """Gambit allows blank and repeated action labels; ours must be distinct names:
    a blank label becomes the action's number, a repeat gets '#k' appended (sets and
    counts, not list scans: 100,000 actions at one node took minutes)."""
    out: list[str] = []
    used: set[str] = set()
    later = Counter(names)                  # raw labels at this position and after
    next_n: dict[str, int] = {}             # the first suffix not yet tried, per base
    for k, raw in enumerate(names, 1):
        later[raw] -= 1
        a = raw.strip() or str(k)
        base, n = a, next_n.get(a, 2)
        while a in used or later[a] > 0:
            a, n = f"{base}#{n}", n + 1
            next_n[base] = n
        out.append(a)
        used.add(a)
    return out


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def efg_text(tree: Tree) -> str:
    """The tree as a Gambit .efg file (exact numbers; one outcome per leaf)."""
    lines = [f"EFG 2 R {_quote(tree.title)} {{ " + " ".join(_quote(p) for p in tree.players)
             + " }", '""', ""]
    seen: set[int] = set()
    chance_sets = 0
    leaf = 0
    number = {h: 1 + sum(1 for g in range(h) if tree.infosets[g].player == s.player)
              for h, s in enumerate(tree.infosets)}
    for node in tree.nodes:
        if node.kind == LEAF:
            leaf += 1
            lines.append(f't "" {leaf} "" {{ ' + ", ".join(_num(v) for v in node.payoffs)
                         + " }")
        elif node.kind == CHANCE:
            chance_sets += 1
            acts = " ".join(f"{_quote(a)} {_num(p)}" for a, p in zip(node.actions, node.probs))
            lines.append(f'c "" {chance_sets} "" {{ {acts} }} 0')
        else:
            h = node.infoset
            info = tree.infosets[h]
            acts = "" if h in seen else \
                " { " + " ".join(_quote(a) for a in info.actions) + " }"
            seen.add(h)
            lines.append(f'p "" {node.player + 1} {number[h]} {_quote(info.name)}{acts} 0')
    return "\n".join(lines) + "\n"
