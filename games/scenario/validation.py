"""Validation of a scenario document: walks the YAML node tree, checks every key,
name, number, expression, profile and effect, and assembles the `Scenario`.

Every problem is a ScenarioError at file:line:column (1-based) of the offending node,
or of the character inside an expression. `_Builder` is the one place these checks
live (about 460 lines: one method per part of the format, kept together so the
format's rules read top to bottom).
"""
from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any, Callable, Iterable, Mapping

import numpy as np
import yaml

from ..literal import clash, name_problem, too_long, visible
from ..errors import did_you_mean
from ..limits import MAX_PLAYERS, effect_cells_problem, game_size_problem
from ..expressions import (FUNCTIONS, IDENTIFIER, Expr, ExpressionError, ZERO, add_all,
                          name_offsets, parse, parse_constant)
from ..model import Parameter, Player, Strategy
from .document import MERGE_TAG, Document, is_null, node_kind
from .model import Effect, Scenario

TOP_KEYS = ("scenario", "description", "source", "parameters", "players", "payoffs", "effects",
            "payoffs_are")
PAYOFF_KINDS = ("cardinal", "ranks")
PARAMETER_KEYS = ("value", "range", "description", "distribution", "mode", "sd")
PLAYER_KEYS = ("strategies", "description")
EFFECT_KEYS = ("when", "payoffs")
DISTRIBUTIONS = ("uniform", "triangular", "normal")


# ------------------------------------------------------------------ the builder

class _Builder:
    """Walks the node tree, validating as it goes, and assembles the Scenario."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.err = doc.error
        self.player_descriptions: dict[str, str] = {}
        self.parameters: dict[str, Parameter] = {}
        self.players: tuple[Player, ...] = ()
        self.shape: tuple[int, ...] = ()
        self.lookup: list[dict[str, int]] = []
        self.where: dict[tuple[int, ...], tuple[int, int, Any]] = {}
        self.constants: dict[str, Expr] = {}    # parsed payoff texts without a parameter:
        #                                         a large table repeats a few values

    # -- generic shapes ----------------------------------------------------------
    def mapping(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """(key text, key node, value node) of a mapping; duplicate keys are errors."""
        if not isinstance(node, yaml.MappingNode):
            raise self.err(node, f"{what} must be a mapping (name: value lines), "
                                 f"found {node_kind(node)}")
        seen: dict[str, yaml.Node] = {}
        out: list[tuple[str, yaml.Node, yaml.Node]] = []
        for key, value in node.value:
            if key.tag == MERGE_TAG:
                raise self.err(key, "YAML merge keys (<<) are not supported in scenarios")
            if not isinstance(key, yaml.ScalarNode):
                raise self.err(key, f"a key in {what} must be a plain name, found {node_kind(key)}")
            text = key.value.strip()
            if text in seen:
                first = seen[text].start_mark.line + 1
                raise self.err(key, f"duplicate key '{text}' in {what} (first at line {first})")
            seen[text] = key
            out.append((text, key, value))
        return out

    def check_keys(self, items: list[tuple[str, yaml.Node, yaml.Node]], allowed: Iterable[str],
                   what: str) -> None:
        """Unknown keys are errors with a did-you-mean hint."""
        allowed = tuple(allowed)
        for text, key, _ in items:
            if text not in allowed:
                hint = did_you_mean(text, allowed) or f"expected one of: {', '.join(allowed)}"
                raise self.err(key, f"unknown key '{text}' in {what}", hint)

    def scalar_text(self, node: yaml.Node, what: str, allow_empty: bool = True) -> str:
        """The source text of a scalar (null is empty); lists/mappings are errors."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.err(node, f"{what} must be text, found {node_kind(node)}")
        text = "" if is_null(node) else node.value
        if not allow_empty and not text.strip():
            raise self.err(node, f"{what} is empty")
        long = too_long(text, what)
        if long:
            raise self.err(node, long)
        return text

    def name(self, node: yaml.Node, text: str, kind: str, owner: str = "") -> str:
        """A player or strategy name (`kind`), non-empty and without a comma."""
        of = f" of {owner}" if owner else ""
        if not text.strip():
            raise self.err(node, f"empty {kind} name{of}")
        if "," in text:
            raise self.err(node, f"{kind} name '{text}'{of} contains a comma",
                           "commas separate the strategies of a profile; use '_' or '-'")
        problem = name_problem(text, kind, of)
        if problem:
            raise self.err(node, problem)
        return text

    def expression(self, node: yaml.Node, what: str | Callable[[], str]) -> Expr:
        """A payoff (number or expression) from a scalar; every name must be declared.
        `what` names it in messages (a function: its text built only for one)."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.err(node, f"{_said(what)} must be a number or an expression, found "
                                 f"{node_kind(node)}")
        if is_null(node):
            raise self.err(node, f"{_said(what)} is missing (empty value)")
        known = self.constants.get(node.value)
        if known is not None:
            return known
        try:
            expr = parse(node.value)
        except ExpressionError as exc:
            hint = None
            if not node.style and node.value.count("(") != node.value.count(")"):
                hint = "quote an expression that contains commas: \"min(a, b)\""
            raise self.err(node, f"bad expression '{node.value}' in {_said(what)}: {exc.message}",
                           hint, exc.offset) from None
        names = name_offsets(expr)
        for pname, off in sorted(names.items(), key=lambda kv: kv[1]):
            if pname not in self.parameters:
                hint = did_you_mean(pname, self.parameters) or (
                    "declare it under 'parameters:'" if not self.parameters else
                    f"declared parameters: {', '.join(self.parameters)}")
                raise self.err(node, f"undeclared parameter '{pname}' in {_said(what)}", hint,
                               off)
        if not names:
            self.constants[node.value] = expr
        return expr

    def number(self, node: yaml.Node, what: str) -> Fraction:
        """An exact constant (integer, decimal, fraction such as 1/3)."""
        if not isinstance(node, yaml.ScalarNode) or is_null(node):
            raise self.err(node, f"{what} must be a number, found {node_kind(node)}")
        try:
            return parse_constant(node.value)
        except ExpressionError as exc:
            raise self.err(node, f"{what} must be a number: {exc.message}", None,
                           exc.offset) from None

    # -- the document ------------------------------------------------------------
    def build(self, root: yaml.Node) -> Scenario:
        """Validate every part of the document and assemble the Scenario."""
        if not isinstance(root, yaml.MappingNode):
            raise self.err(root, "a scenario file must be a mapping with keys such as "
                                 f"'scenario:' and 'players:', found {node_kind(root)}")
        items = self.mapping(root, "the scenario file")
        self.check_keys(items, TOP_KEYS, "the scenario file")
        top = {text: (key, value) for text, key, value in items}
        for required in ("scenario", "players"):
            if required not in top:
                raise self.err(root, f"missing required key '{required}:'",
                               "'scenario:' is the title" if required == "scenario" else
                               "'players:' lists each player and its strategies")
        title = self.scalar_text(top["scenario"][1], "the title ('scenario:')", False).strip()
        description = self.optional_text(top, "description")
        source = self.optional_text(top, "source")
        self.parameters = self.build_parameters(top.get("parameters"))
        self.players = self.build_players(top["players"][0], top["players"][1])
        self.shape = tuple(len(p.strategies) for p in self.players)
        self.lookup = [{s.name: j for j, s in enumerate(p.strategies)} for p in self.players]
        n = len(self.players)
        self.where = {}
        rows, lines = self.build_payoffs(top.get("payoffs"))
        effects = self.build_effects(top.get("effects"))
        expressions = self.combine(rows, effects, n)
        scen = Scenario(title=title, players=self.players, parameters=self.parameters,
                        expressions=expressions, profile_lines=lines, description=description,
                        source=source, source_path=self.doc.name, _rows=rows, _effects=effects,
                        _doc=self.doc, _where=self.where,
                        player_descriptions=self.player_descriptions,
                        payoffs_are=self.payoff_kind(top.get("payoffs_are")))
        values = scen._evaluate(scen.baseline)  # division by zero / huge powers at baseline
        if scen.payoffs_are == "ranks":
            self.check_ranks(top, values)
        return scen

    # -- ranked payoffs (games/ordinal) ---------------------------------------------
    def payoff_kind(self, entry: tuple[yaml.Node, yaml.Node] | None) -> str:
        """`payoffs_are: ranks | cardinal` (cardinal when absent)."""
        if entry is None:
            return "cardinal"
        text = self.scalar_text(entry[1], "'payoffs_are'", False).strip()
        if text not in PAYOFF_KINDS:
            raise self.err(entry[1], f"'payoffs_are' must be 'ranks' or 'cardinal', not "
                                     f"'{text}'", did_you_mean(text, PAYOFF_KINDS))
        return text

    def check_ranks(self, top: dict, values: np.ndarray) -> None:
        """Ranked payoffs: plain numbers (no parameters, no effects), each player's a
        ranking 1..k with every rank used."""
        for key in ("parameters", "effects"):
            if key in top:
                raise self.err(top[key][0], f"'{key}' cannot be used with 'payoffs_are: "
                                            "ranks': ranks are fixed orderings",
                               "write each player's rank (1 worst .. k best) in 'payoffs'")
        if "payoffs" not in top:
            raise self.err(top["payoffs_are"][0], "'payoffs_are: ranks' needs a 'payoffs' "
                                                  "block of ranks")
        from ..ordinal.ranks import rank_problem
        problem = rank_problem(values, [p.name for p in self.players])
        if problem is not None:
            where = self.where.get(problem.index)
            raise self.err(where[2] if where else top["payoffs"][0], problem.message,
                           problem.hint)

    def optional_text(self, top: dict, key: str) -> str:
        """An optional free-text top-level field."""
        if key not in top:
            return ""
        return self.scalar_text(top[key][1], f"'{key}'").strip()

    # -- parameters --------------------------------------------------------------
    def build_parameters(self, entry: tuple[yaml.Node, yaml.Node] | None) -> dict[str, Parameter]:
        """The `parameters:` block: name -> {value, range, ...} (or name -> number)."""
        self.parameters = {}
        if entry is None or is_null(entry[1]):
            return self.parameters
        for text, key, value in self.mapping(entry[1], "'parameters'"):
            self.parameters[text] = self.build_parameter(text, key, value)
        return self.parameters

    def build_parameter(self, name: str, key: yaml.Node, node: yaml.Node) -> Parameter:
        """One parameter, every field checked."""
        if not IDENTIFIER.match(name):
            raise self.err(key, f"parameter name '{name}' is not an identifier",
                           "use letters, digits and '_', starting with a letter")
        if name in FUNCTIONS:
            raise self.err(key, f"parameter name '{name}' is a function name",
                           "min, max and abs are reserved")
        if isinstance(node, yaml.ScalarNode) and not is_null(node):
            return Parameter(name, self.number(node, f"the value of parameter '{name}'"))
        items = self.mapping(node, f"parameter '{name}'")
        self.check_keys(items, PARAMETER_KEYS, f"parameter '{name}'")
        f = {text: value for text, _, value in items}
        if "value" not in f:
            raise self.err(node, f"parameter '{name}' has no 'value' (its baseline)")
        value = self.number(f["value"], f"the value of parameter '{name}'")
        rng = self.build_range(f.get("range"), name)
        if rng is not None and not rng[0] <= value <= rng[1]:
            raise self.err(f["value"], f"value {value} of parameter '{name}' is outside its "
                                       f"range [{rng[0]}, {rng[1]}]")
        dist, mode, sd = self.build_distribution(f, name, value, rng)
        desc = self.scalar_text(f["description"], f"the description of '{name}'").strip() \
            if "description" in f else ""
        return Parameter(name, value, rng, desc, dist, mode, sd)

    def build_range(self, node: yaml.Node | None, name: str) -> tuple[Fraction, Fraction] | None:
        """`range: [low, high]` with low <= high."""
        if node is None or is_null(node):
            return None
        if not isinstance(node, yaml.SequenceNode) or len(node.value) != 2:
            raise self.err(node, f"the range of parameter '{name}' must be a list [low, high]")
        low = self.number(node.value[0], f"the low end of the range of '{name}'")
        high = self.number(node.value[1], f"the high end of the range of '{name}'")
        if low > high:
            raise self.err(node, f"the range of parameter '{name}' is empty: low {low} > "
                                 f"high {high}")
        return low, high

    def build_distribution(self, f: dict[str, yaml.Node], name: str, value: Fraction,
                           rng: tuple[Fraction, Fraction] | None
                           ) -> tuple[str, Fraction | None, Fraction | None]:
        """distribution (uniform | triangular | normal) with its mode or sd."""
        dist = "uniform"
        if "distribution" in f:
            node = f["distribution"]
            dist = self.scalar_text(node, f"the distribution of '{name}'").strip()
            if dist not in DISTRIBUTIONS:
                hint = did_you_mean(dist, DISTRIBUTIONS) or "expected uniform, triangular or normal"
                raise self.err(node, f"unknown distribution '{dist}' for parameter '{name}'", hint)
            if rng is None and dist != "normal":
                raise self.err(node, f"a {dist} distribution needs a 'range' for parameter "
                                     f"'{name}'")
        mode = sd = None
        if "mode" in f:
            if dist != "triangular":
                raise self.err(f["mode"], f"'mode' applies to a triangular distribution only "
                                          f"(parameter '{name}' is {dist})")
            mode = self.number(f["mode"], f"the mode of '{name}'")
            if rng is not None and not rng[0] <= mode <= rng[1]:
                raise self.err(f["mode"], f"mode {mode} of parameter '{name}' is outside its "
                                          f"range [{rng[0]}, {rng[1]}]")
        elif dist == "triangular":
            mode = value
        if "sd" in f:
            if dist != "normal":
                raise self.err(f["sd"], f"'sd' applies to a normal distribution only "
                                        f"(parameter '{name}' is {dist})")
            sd = self.number(f["sd"], f"the sd of '{name}'")
            if sd <= 0:
                raise self.err(f["sd"], f"the sd of parameter '{name}' must be positive, not {sd}")
        elif dist == "normal":
            raise self.err(f["distribution"], f"a normal distribution needs 'sd' (parameter "
                                              f"'{name}')")
        return dist, mode, sd

    # -- players -----------------------------------------------------------------
    def build_players(self, key: yaml.Node, node: yaml.Node) -> tuple[Player, ...]:
        """The ordered `players:` mapping; at least 2 players, each with >= 1 strategy."""
        items = self.mapping(node, "'players'")
        if len(items) < 2:
            raise self.err(node if items else key, f"a game needs at least 2 players, "
                                                   f"found {len(items)}")
        if len(items) > MAX_PLAYERS:
            raise self.err(node, game_size_problem((1,) * len(items)) or "")
        players = tuple(self.build_player(text, k, v) for text, k, v in items)
        same = clash(p.name for p in players)
        if same:
            raise self.err(items[same[0]][1], _clash_message("player", same))
        problem = game_size_problem(tuple(len(p.strategies) for p in players))
        if problem:
            raise self.err(node, problem)
        return players

    def build_player(self, text: str, key: yaml.Node, node: yaml.Node) -> Player:
        """One player: `{strategies: [...], description: ...}` or a bare list."""
        name = self.name(key, text, "player")
        if isinstance(node, yaml.SequenceNode):
            return Player(name, self.build_strategies(name, key, node))
        items = self.mapping(node, f"player '{name}'")
        self.check_keys(items, PLAYER_KEYS, f"player '{name}'")
        f = {t: (k, v) for t, k, v in items}
        if "strategies" not in f:
            raise self.err(key, f"player '{name}' has no 'strategies'")
        if "description" in f:
            self.player_descriptions[name] = self.scalar_text(
                f["description"][1], f"the description of player '{name}'").strip()
        return Player(name, self.build_strategies(name, *f["strategies"]))

    def build_strategies(self, player: str, key: yaml.Node, node: yaml.Node
                         ) -> tuple[Strategy, ...]:
        """A list of names (or one-entry `name: description` items), or a mapping."""
        if is_null(node) or (isinstance(node, (yaml.SequenceNode, yaml.MappingNode))
                              and not node.value):
            raise self.err(node if not is_null(node) else key,
                           f"player '{player}' has no strategies")
        entries: list[tuple[yaml.Node, yaml.Node | None]]
        if isinstance(node, yaml.MappingNode):
            entries = [(k, v) for _, k, v in self.mapping(node, f"the strategies of '{player}'")]
        elif isinstance(node, yaml.SequenceNode):
            entries = [self.strategy_item(player, item) for item in node.value]
        else:
            raise self.err(node, f"the strategies of '{player}' must be a list or a mapping, "
                                 f"found {node_kind(node)}")
        too_many = game_size_problem((len(entries),))
        if too_many:                    # counted before any name is read
            raise self.err(node, too_many)
        out: dict[str, Strategy] = {}
        shown: dict[str, str] = {}      # each name as shown -> the name (one pass, not n^2)
        for knode, dnode in entries:
            label = self.scalar_text(knode, f"a strategy of '{player}'")
            sname = self.name(knode, label, "strategy", player)
            if sname in out:
                raise self.err(knode, f"duplicate strategy '{sname}' for {player}")
            earlier = shown.setdefault(visible(sname), sname)
            if earlier != sname:
                raise self.err(knode, _clash_message("strategy", (len(out), sname, earlier),
                                                     f" of {player}"))
            desc = "" if dnode is None else \
                self.scalar_text(dnode, f"the description of '{sname}'").strip()
            out[sname] = Strategy(sname, desc)
        return tuple(out.values())

    def strategy_item(self, player: str, item: yaml.Node) -> tuple[yaml.Node, yaml.Node | None]:
        """A list item: a name, or a one-entry mapping `name: description`."""
        if isinstance(item, yaml.MappingNode) and len(item.value) == 1:
            return item.value[0]
        if not isinstance(item, yaml.ScalarNode):
            raise self.err(item, f"a strategy of '{player}' must be a name, found {node_kind(item)}")
        return item, None

    # -- payoffs -----------------------------------------------------------------
    def build_payoffs(self, entry: tuple[yaml.Node, yaml.Node] | None
                      ) -> tuple[np.ndarray | None, dict[tuple[int, ...], int]]:
        """The `payoffs:` rows: every profile exactly once, one value per player."""
        if entry is None:
            return None, {}
        key, node = entry
        if is_null(node) or (isinstance(node, yaml.MappingNode) and not node.value):
            raise self.err(key, "the 'payoffs' block is empty",
                           "list one row per profile, or remove the block to use effects only")
        n = len(self.players)
        rows = np.full((n, *self.shape), None, dtype=object)
        lines: dict[tuple[int, ...], int] = {}
        if not isinstance(node, yaml.MappingNode):
            raise self.err(node, f"'payoffs' must be a mapping of 'strategy, strategy: [payoffs]' "
                                 f"rows, found {node_kind(node)}")
        first_key: dict[tuple[int, ...], yaml.Node] = {}
        for knode, vnode in node.value:
            profile = self.profile_key(knode)
            if profile in first_key:
                line = first_key[profile].start_mark.line + 1
                raise self.err(knode, f"duplicate profile ({self.profile_name(profile)}) "
                                      f"(first at line {line})")
            first_key[profile] = knode
            lines[profile] = knode.start_mark.line + 1
            for i, expr, item in self.payoff_row(profile, vnode):
                rows[(i, *profile)] = expr
                self.where[(i, *profile)] = (*self.doc.position(item), item)
        self.check_complete(key, first_key)
        return rows, lines

    def profile_name(self, profile: tuple[int, ...]) -> str:
        return ", ".join(p.strategies[j].name for p, j in zip(self.players, profile))

    def profile_key(self, knode: yaml.Node) -> tuple[int, ...]:
        """Strategy indices from a key 'a, b, c' (strategy names in player order)."""
        if not isinstance(knode, yaml.ScalarNode) or is_null(knode):
            raise self.err(knode, f"a payoff key must be strategy names separated by commas, "
                                  f"found {node_kind(knode)}")
        text = knode.value
        parts = text.split(",")
        n = len(self.players)
        if len(parts) != n:
            order = ", ".join(p.name for p in self.players)
            raise self.err(knode, f"profile '{text}' names {len(parts)} strateg"
                                  f"{'y' if len(parts) == 1 else 'ies'}; expected {n}, one per "
                                  f"player in order: {order}")
        profile, pos = [], 0
        for player, lookup, part in zip(self.players, self.lookup, parts):
            sname = part.strip()
            offset = pos + (len(part) - len(part.lstrip()))
            pos += len(part) + 1
            if sname not in lookup:
                raise self.err(knode, *self.unknown_strategy(player, sname), offset=offset)
            profile.append(lookup[sname])
        return tuple(profile)

    def unknown_strategy(self, player: Player, sname: str) -> tuple[str, str]:
        """Message and hint for a strategy name the player does not have."""
        msg = f"unknown strategy '{sname}' for {player.name}" if sname else \
            f"empty strategy name for {player.name}"
        hint = did_you_mean(sname, player.strategy_names)
        if hint is None:
            owners = [p.name for p in self.players if sname in p.strategy_names]
            if owners:
                order = ", ".join(p.name for p in self.players)
                hint = (f"'{sname}' is a strategy of {owners[0]}; list strategies in player "
                        f"order: {order}")
            else:
                hint = f"{player.name}'s strategies are: {', '.join(player.strategy_names)}"
        return msg, hint

    def payoff_row(self, profile: tuple[int, ...], vnode: yaml.Node
                   ) -> list[tuple[int, Expr, yaml.Node]]:
        """The list [p1, ..., pn] of a row: one payoff per player, in player order."""
        n = len(self.players)
        if not isinstance(vnode, yaml.SequenceNode):
            names = self.profile_name(profile)
            raise self.err(vnode, f"the payoffs of ({names}) must be a list of {n} values "
                                  f"[{', '.join(p.name for p in self.players)}], found "
                                  f"{node_kind(vnode)}")
        if len(vnode.value) != n:
            hint = None
            if any(isinstance(v, yaml.ScalarNode) and not v.style
                   and v.value.count("(") != v.value.count(")")
                   for v in vnode.value):
                hint = "quote an expression that contains commas: \"min(a, b)\""
            names = self.profile_name(profile)
            raise self.err(vnode, f"the payoffs of ({names}) have {len(vnode.value)} value"
                                  f"{'' if len(vnode.value) == 1 else 's'}; expected {n}, one per "
                                  f"player: {', '.join(p.name for p in self.players)}", hint)
        def what(i: int) -> Callable[[], str]:     # the message text, built on an error
            return lambda: f"{self.players[i].name}'s payoff at ({self.profile_name(profile)})"
        constants = self.constants          # a value met before: its expression at once
        return [(i, constants[item.value]
                 if isinstance(item, yaml.ScalarNode) and item.value in constants
                 and not is_null(item) else self.expression(item, what(i)), item)
                for i, item in enumerate(vnode.value)]

    def check_complete(self, key: yaml.Node, seen: Mapping[tuple[int, ...], Any]) -> None:
        """Every profile must have a row: name the first missing one and the count."""
        total = math.prod(self.shape)
        if len(seen) == total:
            return
        missing = next(p for p in np.ndindex(*self.shape) if p not in seen)
        count = total - len(seen)
        more = f"; {count} of {total} profiles are missing" if count > 1 else ""
        raise self.err(key, f"missing payoff row for profile ({self.profile_name(missing)})"
                            f"{more}", "with a 'payoffs' block every profile needs a row")

    # -- effects -----------------------------------------------------------------
    def build_effects(self, entry: tuple[yaml.Node, yaml.Node] | None) -> list[Effect]:
        """The `effects:` list of {when: partial profile, payoffs: {player: expr}}."""
        if entry is None or is_null(entry[1]):
            return []
        node = entry[1]
        if not isinstance(node, yaml.SequenceNode):
            raise self.err(node, f"'effects' must be a list of rules (- when: ..., payoffs: ...), "
                                 f"found {node_kind(node)}")
        out: list[Effect] = []
        cells = 0
        for k, rule in enumerate(node.value, 1):
            effects = self.build_effect(k, rule)
            cells += sum(math.prod(m if sel is None else len(sel)
                                   for sel, m in zip(e.index, self.shape)) for e in effects)
            problem = effect_cells_problem(cells)
            if problem:
                raise self.err(rule, problem)
            out.extend(effects)
        return out

    def build_effect(self, k: int, rule: yaml.Node) -> list[Effect]:
        """One rule; yields one Effect per player it pays."""
        what = f"effect #{k}"
        items = self.mapping(rule, what)
        self.check_keys(items, EFFECT_KEYS, what)
        f = {t: (kn, v) for t, kn, v in items}
        index = self.effect_when(f["when"][1], what) if "when" in f else (None,) * len(self.players)
        if "payoffs" not in f:
            raise self.err(rule, f"{what} has no 'payoffs'")
        pays = self.mapping(f["payoffs"][1], f"the payoffs of {what}")
        if not pays:
            raise self.err(f["payoffs"][1], f"the payoffs of {what} are empty")
        out = []
        for pname, pkey, pnode in pays:
            i = self.player_index(pname, pkey)
            expr = self.expression(pnode, f"{what} ({pname}'s payoff)")
            out.append(Effect(index, i, expr, (*self.doc.position(pnode), pnode)))
        return out

    def player_index(self, pname: str, pkey: yaml.Node) -> int:
        """Index of a player named in an effect (unknown -> error with hint)."""
        names = [p.name for p in self.players]
        if pname not in names:
            hint = did_you_mean(pname, names) or f"the players are: {', '.join(names)}"
            raise self.err(pkey, f"unknown player '{pname}'", hint)
        return names.index(pname)

    def effect_when(self, node: yaml.Node, what: str) -> tuple[Any, ...]:
        """`when: {Player: strategy or [strategies]}` -> per-player index lists."""
        index: list[Any] = [None] * len(self.players)
        if is_null(node):
            return tuple(index)
        for pname, pkey, vnode in self.mapping(node, f"'when' of {what}"):
            i = self.player_index(pname, pkey)
            player = self.players[i]
            items = vnode.value if isinstance(vnode, yaml.SequenceNode) else [vnode]
            if not items:
                raise self.err(vnode, f"'when' of {what} lists no strategy for {pname}")
            chosen: set[int] = set()
            for item in items:
                sname = self.scalar_text(item, f"a strategy in 'when' of {what}").strip()
                if sname not in player.positions:
                    raise self.err(item, *self.unknown_strategy(player, sname))
                chosen.add(player.positions[sname])
            index[i] = sorted(chosen)
        return tuple(index)

    # -- assembly ----------------------------------------------------------------
    def combine(self, rows: np.ndarray | None, effects: list[Effect], n: int) -> np.ndarray:
        """Expression per (player, profile): the row (or 0) plus every matching effect."""
        exprs = np.full((n, *self.shape), ZERO, dtype=object)
        if rows is not None:
            exprs[...] = rows
        added: dict[tuple[int, ...], list[Expr]] = {}   # the terms for each touched cell,
        for eff in effects:                               # summed once at the end
            lists = [range(k) if sel is None else sel for sel, k in zip(eff.index, self.shape)]
            for profile in itertools.product(*lists):
                added.setdefault((eff.player, *profile), []).append(eff.expr)
        for cell, terms in added.items():
            exprs[cell] = add_all([exprs[cell], *terms])
        return exprs


def _said(what: str | Callable[[], str]) -> str:
    """A message's name of a value: given, or built now (for an error only)."""
    return what() if callable(what) else what


def _clash_message(kind: str, same: tuple[int, str, str], of: str = "") -> str:
    """The error for a name shown exactly like an earlier, different one."""
    _, name, earlier = same
    return (f"{kind} name {name!r}{of} is shown exactly like the earlier {earlier!r} "
            f"('{visible(name)}'); rename one of them")
