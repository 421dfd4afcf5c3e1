"""The compact stage form of a game tree (`stages:` instead of `tree:`): players move
in order, each observing some earlier moves; the same tree is built as if written
node by node.

    stages:
      - Entrant: [enter, stay_out]          # a stage: one mover and its actions
      - Incumbent: [fight, accommodate]
        after: {Entrant: enter}             # played only after these moves
        observes: [Entrant]                 # earlier stages whose moves it sees
      - chance: {high: 1/3, low: 2/3}       # a chance stage: outcome -> probability
        name: demand                        # its name, for 'observes' and 'after'
    payoffs:                                # one row per play: the moves, in order
      enter, fight, high: [-1, -1]
      ...

A stage is named after its mover (the second stage of the same mover is PLAYER_2, and
so on; chance stages are chance, chance_2, ...) unless `name:` says otherwise. Without
`observes`, a stage sees every earlier move (perfect information). A player always
remembers its own earlier moves and what it observed at them, so the tree has perfect
recall. `after: {stage: action or [actions]}` makes a stage happen only when each
named stage was played with one of those moves. A play is the sequence of moves of
the stages that happen; `payoffs:` gives each play a payoff list or an outcome's name.

Each stage's decision nodes whose observed moves agree form one information set,
labelled 'STAGE seeing nothing' or 'STAGE seeing m1, m2' (the observed moves, '-' for
a stage not played); sets of one node carry no label, so they are named by their
path as in an explicit tree.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml

from ..errors import ScenarioError, did_you_mean
from ..expressions import Expr
from ..limits import MAX_TREE_NODES, too_many_tree_nodes
from ..scenario.document import is_null as _is_null
from ..scenario.document import node_kind as _kind
from .model import CHANCE, DECISION, LEAF, SpecNode

if TYPE_CHECKING:
    from .reader import _TreeBuilder

STAGE_KEYS = ("name", "observes", "after")
MAX_STAGES = 250            # as deep as a written tree may be
History = tuple[tuple[int, str], ...]       # (stage index, move) of the stages played


@dataclass(frozen=True)
class Stage:
    """One stage as written: its name, mover (-1 for chance), actions, chance
    probabilities, the stages it observes (None: all earlier), the moves it needs
    (`after`: stage index -> allowed moves) and its file position."""

    name: str
    player: int
    actions: tuple[str, ...]
    probs: tuple[Expr, ...]
    observes: frozenset[int] | None
    after: tuple[tuple[int, frozenset[str]], ...]
    line: int
    column: int


def read_stages(b: _TreeBuilder, key: yaml.Node, node: yaml.Node,
                payoffs: tuple[yaml.Node, yaml.Node] | None) -> SpecNode:
    """The tree that `stages:` (and its `payoffs:`) describe, every check at
    file:line:column."""
    stages = _read_list(b, key, node)
    if tree_size(stages) > MAX_TREE_NODES:
        raise b.err(node, too_many_tree_nodes(), "counted from the stages before the tree "
                    "is built: fewer stages or actions, or 'after' to cut plays short")
    knows = _recall(stages)
    plays = _plays(b, stages, node)
    rows = _read_payoffs(b, key, payoffs, plays)
    return _build(stages, knows, rows, _groups(plays, knows), (), 0)


# -- reading ------------------------------------------------------------------------

def _read_list(b: _TreeBuilder, key: yaml.Node, node: yaml.Node) -> list[Stage]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise b.err(node if not _is_null(node) else key,
                    f"'stages' must be a list of stages, found {_kind(node)}",
                    "- PLAYER: [action, action]   (one item per stage, in order)")
    stages: list[Stage] = []
    names: dict[str, yaml.Node] = {}
    counts: dict[str, int] = {}
    if len(node.value) > MAX_STAGES:
        raise b.err(node, f"more than {MAX_STAGES} stages")
    for item in node.value:
        stages.append(_read_stage(b, item, stages, names, counts))
    return stages


def _read_stage(b: _TreeBuilder, item: yaml.Node, before: list[Stage],
                names: dict[str, yaml.Node], counts: dict[str, int]) -> Stage:
    what = f"stage {len(before) + 1}"
    fields = b.mapping(item, what)
    extra = {t: (k, v) for t, k, v in fields if t in STAGE_KEYS}
    text, mkey, body = b.one_mover(
        item, fields, what, STAGE_KEYS, "a stage is 'PLAYER: [actions]'",
        "one mover per stage: give the second its own stage (with 'observes: []' for a "
        "simultaneous move)")
    line, col = b.doc.position(mkey)
    if text == "chance":
        actions, probs = _chance_body(b, body, what)
        player = -1
    else:
        actions, probs = _action_list(b, body, text, what), ()
        player = b.tree_players.index(text)
    counts[text] = counts.get(text, 0) + 1
    default = text if counts[text] == 1 else f"{text}_{counts[text]}"
    name = default
    if "name" in extra:
        nkey, nval = extra["name"]
        if not isinstance(nval, yaml.ScalarNode) or _is_null(nval) or not nval.value.strip():
            raise b.err(nval, f"the name of {what} must be a label, found {_kind(nval)}")
        name = b.name(nval, nval.value.strip(), "stage")
    if name in names:
        first = names[name].start_mark.line + 1
        raise b.err(mkey if "name" not in extra else extra["name"][1],
                    f"two stages are named '{name}' (the first at line {first})",
                    "give one of them 'name: LABEL'")
    names[name] = mkey if "name" not in extra else extra["name"][1]
    index = {s.name: k for k, s in enumerate(before)}
    observes = None
    if "observes" in extra:
        observes = _observes(b, extra["observes"][1], index, what)
    after = _after(b, extra["after"][1], index, before, what) if "after" in extra else ()
    return Stage(name, player, actions, probs, observes, after, line, col)


def _action_list(b: _TreeBuilder, body: yaml.Node, player: str, what: str
                 ) -> tuple[str, ...]:
    if not isinstance(body, yaml.SequenceNode) or not body.value:
        raise b.err(body, f"{player}'s actions in {what} must be a non-empty list, found "
                          f"{_kind(body)}", f"{player}: [action, action]")
    out: list[str] = []
    for a in body.value:
        if not isinstance(a, yaml.ScalarNode) or _is_null(a):
            raise b.err(a, f"an action of {player} must be a name, found {_kind(a)}")
        name = b.name(a, a.value.strip(), "action", player)
        if name in out:
            raise b.err(a, f"duplicate action '{name}' of {player} in {what}")
        out.append(name)
    return tuple(out)


def _chance_body(b: _TreeBuilder, body: yaml.Node, what: str
                 ) -> tuple[tuple[str, ...], tuple[Expr, ...]]:
    items = b.mapping(body, f"the chance move of {what}")
    if not items:
        raise b.err(body, f"the chance move of {what} has no outcomes",
                    "chance: {outcome: probability, ...}")
    actions, probs = [], []
    for text, key, value in items:
        actions.append(b.name(key, text, "chance outcome"))
        probs.append(b.expression(value, f"the probability of '{text}'"))
    return tuple(actions), tuple(probs)


def _stage_ref(b: _TreeBuilder, node: yaml.Node, index: dict[str, int], what: str,
               later: Sequence[str] = ()) -> int:
    if not isinstance(node, yaml.ScalarNode) or _is_null(node):
        raise b.err(node, f"{what} names earlier stages, found {_kind(node)}")
    name = node.value.strip()
    if name not in index:
        hint = did_you_mean(name, list(index)) or (
            f"earlier stages: {', '.join(index)}" if index else "no stage comes before it")
        raise b.err(node, f"unknown stage '{name}' in {what}"
                          + (" (it comes later: a stage sees only earlier moves)"
                             if name in later else ""), hint)
    return index[name]


def _observes(b: _TreeBuilder, node: yaml.Node, index: dict[str, int], what: str
              ) -> frozenset[int]:
    if _is_null(node):
        return frozenset()
    if not isinstance(node, yaml.SequenceNode):
        raise b.err(node, f"'observes' of {what} must be a list of earlier stages, found "
                          f"{_kind(node)}", "observes: [Entrant]   (or [] for none)")
    return frozenset(_stage_ref(b, n, index, f"'observes' of {what}") for n in node.value)


def _after(b: _TreeBuilder, node: yaml.Node, index: dict[str, int], before: list[Stage],
           what: str) -> tuple[tuple[int, frozenset[str]], ...]:
    items = b.mapping(node, f"'after' of {what}")
    out = []
    for _, key, value in items:
        k = _stage_ref(b, key, index, f"'after' of {what}")
        moves = value.value if isinstance(value, yaml.SequenceNode) else [value]
        allowed = set()
        for m in moves:
            if not isinstance(m, yaml.ScalarNode) or _is_null(m):
                raise b.err(m, f"'after' of {what} needs moves of stage '{before[k].name}', "
                               f"found {_kind(m)}")
            move = m.value.strip()
            if move not in before[k].actions:
                hint = did_you_mean(move, before[k].actions) or \
                    f"its moves: {', '.join(before[k].actions)}"
                raise b.err(m, f"stage '{before[k].name}' has no move '{move}'", hint)
            allowed.add(move)
        out.append((k, frozenset(allowed)))
    return tuple(out)


# -- size -------------------------------------------------------------------------

def tree_size(stages: list[Stage], cap: int = MAX_TREE_NODES) -> int:
    """The nodes (leaves included) of the tree the stages build, or cap + 1 if more:
    counted before any play is built, so that a few lines of stages cannot expand into
    millions of nodes. Subtrees are counted once per stage and per earlier moves that
    a later 'after' still names, and multiplied out; each such count is a distinct node
    of the tree, so at most cap + 1 of them are made (bounded time and memory)."""
    needs = _needed_moves(stages)
    memo: dict[tuple[int, History], int] = {}

    def count(t: int, state: History) -> int:
        """Nodes from stage t on, `state` the moves among needs[t] played so far."""
        key = (t, state)
        if key in memo:
            return memo[key]
        if len(memo) > cap:
            raise _TooBig
        u = _next(stages, t, state)
        total = 1
        if u is not None:
            keep = needs[u + 1]
            kept = tuple(m for m in state if m[0] in keep)
            for a in stages[u].actions:
                total += count(u + 1, (*kept, (u, a)) if u in keep else kept)
                if total > cap:
                    raise _TooBig
        memo[key] = total
        return total

    try:
        return count(0, ())
    except _TooBig:
        return cap + 1


class _TooBig(Exception):
    """The count passed its cap (tree_size)."""


def _needed_moves(stages: list[Stage]) -> list[frozenset[int]]:
    """Per position t (0 .. len), the stages before t whose moves the 'after' of a
    stage from t on names: all that decides which later stages happen."""
    out = [frozenset[int]()] * (len(stages) + 1)
    named: set[int] = set()
    for t in range(len(stages) - 1, -1, -1):
        named |= {k for k, _ in stages[t].after}
        out[t] = frozenset(k for k in named if k < t)
    return out


# -- plays, observations ----------------------------------------------------------------

def _recall(stages: list[Stage]) -> list[frozenset[int]]:
    """Per stage, the stages whose moves its mover knows there: those it observes (all
    earlier ones by default), its own earlier stages and what it knew at them."""
    out: list[frozenset[int]] = []
    for t, s in enumerate(stages):
        seen = set(range(t)) if s.observes is None else set(s.observes)
        if s.player >= 0:
            for u in range(t):
                if stages[u].player == s.player:
                    seen |= {u} | out[u]
        out.append(frozenset(seen))
    return out


def _happens(stage: Stage, hist: History) -> bool:
    moves = dict(hist)
    return all(k in moves and moves[k] in allowed for k, allowed in stage.after)


def _next(stages: list[Stage], t: int, hist: History) -> int | None:
    for u in range(t, len(stages)):
        if _happens(stages[u], hist):
            return u
    return None


def _plays(b: _TreeBuilder, stages: list[Stage], node: yaml.Node) -> list[History]:
    """Every play (sequence of stages played and their moves); each stage must happen
    in some play."""
    out: list[History] = []
    played: set[int] = set()
    stack: list[tuple[int, History]] = [(0, ())]
    while stack:
        t, hist = stack.pop()
        u = _next(stages, t, hist)
        if u is None:
            out.append(hist)            # at most MAX_TREE_NODES (tree_size, first)
            continue
        played.add(u)
        for a in reversed(stages[u].actions):
            stack.append((u + 1, (*hist, (u, a))))
    for u, s in enumerate(stages):
        if u not in played:
            raise ScenarioError(f"stage '{s.name}' never happens: its 'after' moves never "
                                "occur together", b.doc.name, s.line, s.column,
                                "check the stages and moves named in its 'after'")
    return out


def _groups(plays: list[History], knows: list[frozenset[int]]
            ) -> dict[tuple[int, History], int]:
    """How many nodes of each stage share each observation (information-set sizes)."""
    nodes = {(t, play[:n]) for play in plays for n, (t, _) in enumerate(play)}
    out: dict[tuple[int, History], int] = {}
    for t, before in nodes:
        key = (t, _observation(knows[t], before))
        out[key] = out.get(key, 0) + 1
    return out


def _observation(knows: frozenset[int], before: History) -> History:
    moves = dict(before)
    return tuple((u, moves.get(u, "-")) for u in sorted(knows))


# -- payoffs and the tree ---------------------------------------------------------------

def _read_payoffs(b: _TreeBuilder, key: yaml.Node,
                  entry: tuple[yaml.Node, yaml.Node] | None, plays: list[History]
                  ) -> dict[tuple[str, ...], SpecNode]:
    if entry is None:
        raise b.err(key, "'stages' needs a 'payoffs:' block",
                    "one row per play: 'move, move: [payoffs]'")
    pkey, node = entry
    if not isinstance(node, yaml.MappingNode) or not node.value:
        raise b.err(node if not _is_null(node) else pkey,
                    f"'payoffs' must map each play 'move, move' to payoffs, found "
                    f"{_kind(node)}")
    wanted = {tuple(m for _, m in p) for p in plays}
    out: dict[tuple[str, ...], SpecNode] = {}
    first: dict[tuple[str, ...], yaml.Node] = {}
    for knode, vnode in node.value:
        if not isinstance(knode, yaml.ScalarNode) or _is_null(knode):
            raise b.err(knode, f"a payoff key must be moves separated by commas, found "
                               f"{_kind(knode)}")
        moves = tuple(part.strip() for part in str(knode.value).split(","))
        if moves not in wanted:
            text = ", ".join(moves)
            hint = did_you_mean(text, [", ".join(w) for w in sorted(wanted)]) or \
                "a key lists the moves of one play in order, e.g. '" + \
                ", ".join(sorted(wanted)[0]) + "'"
            raise b.err(knode, f"no play is '{text}'", hint)
        if moves in first:
            raise b.err(knode, f"duplicate play '{', '.join(moves)}' (first at line "
                               f"{first[moves].start_mark.line + 1})")
        first[moves] = knode
        line, col = b.doc.position(vnode)
        what = f"play '{', '.join(moves)}'"
        if isinstance(vnode, yaml.ScalarNode):
            out[moves] = b.named_leaf(vnode, f"the {what}", line, col)
        else:
            out[moves] = SpecNode(LEAF, payoffs=b.payoff_list(vnode, f"the {what}"),
                                  line=line, column=col)
    missing = [p for p in plays if tuple(m for _, m in p) not in out]
    if missing:
        more = f"; {len(missing)} of {len(plays)} plays are missing" if len(missing) > 1 else ""
        raise b.err(pkey, f"missing payoffs for the play '{', '.join(m for _, m in missing[0])}'"
                          f"{more}", "every play needs a row")
    return out


def _build(stages: list[Stage], knows: list[frozenset[int]],
           rows: dict[tuple[str, ...], SpecNode], groups: dict[tuple[int, History], int],
           hist: History, t: int) -> SpecNode:
    """The subtree after `hist`, the next stage to happen from stage t on."""
    u = _next(stages, t, hist)
    if u is None:
        return rows[tuple(m for _, m in hist)]
    s = stages[u]
    kids = tuple(_build(stages, knows, rows, groups, (*hist, (u, a)), u + 1)
                 for a in s.actions)
    if s.player < 0:
        return SpecNode(CHANCE, s.actions, kids, probs=s.probs, line=s.line, column=s.column)
    obs = _observation(knows[u], hist)
    label = ""
    if groups.get((u, obs), 0) > 1:
        label = f"{s.name} seeing {', '.join(m for _, m in obs) or 'nothing'}"
    return SpecNode(DECISION, s.actions, kids, s.player, info=label, line=s.line,
                    column=s.column)
