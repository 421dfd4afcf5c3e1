"""Scenarios and games written back as scenario YAML (format version 1).

`scenario_to_yaml` writes everything `games.scenario` keeps: the title, description
and source, every parameter (value, range, description, distribution with its mode
or sd), the players and strategies with their descriptions, and one `payoffs` row
per profile holding the combined expression of each cell (effects are folded in, so
no `effects` block is written). Loading the text gives back the same scenario, and
writing that again gives the same text. `game_to_yaml` writes a game that has no
scenario (a Gambit .nfg file) with exact numeric payoffs.

Text is quoted by PyYAML's own emitter, so names and descriptions may hold spaces,
colons, quotes, `#`, words YAML would read as booleans, and any Unicode.
"""
from __future__ import annotations

import json
import math
from fractions import Fraction
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

import numpy as np
import yaml

from ..errors import GameError
from ..expressions import MAX_LENGTH, ExpressionError, parse
from ..numbers import exact_str

if TYPE_CHECKING:
    from ..model import Game, Parameter, Player
    from .model import Scenario

WIDTH = 88                  # fold prose longer than this over several lines
MAX_IMPLICIT_KEY = 1000     # YAML limits a `key:` on one line to 1024 characters
_RESOLVER = yaml.resolver.Resolver()
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


# ------------------------------------------------------------------ entry points

def scenario_to_yaml(scenario: "Scenario", values: Mapping[str, Fraction] | None = None) -> str:
    """Scenario YAML text of `scenario`; `values` replace parameter baselines (--set)."""
    baseline = scenario.values(values)
    exprs = scenario.expressions
    lines = _header(scenario.title, scenario.description, scenario.source)
    if getattr(scenario, "payoffs_are", "cardinal") == "ranks":
        lines.append("payoffs_are: ranks")
    lines += _parameters(scenario.parameters.values(), baseline)
    lines += _players(scenario.players, scenario.player_descriptions)
    lines += _payoffs(scenario.players, lambda profile: [
        _expression(exprs[(i, *profile)], scenario.players, profile, i)
        for i in range(len(scenario.players))])
    return "\n".join(lines) + "\n"


def game_to_yaml(game: "Game", fallback_title: str = "Exported game") -> str:
    """Scenario YAML text of a game without parameters (e.g. read from .nfg): exact
    numeric payoffs; GameError if a name cannot be written as a scenario name."""
    _check_writable(game.players)
    title = game.title.strip() or fallback_title
    lines = _header(title, (game.description or "").strip(), "")
    lines += _players(game.players, {})
    lines += _payoffs(game.players, lambda profile: [
        str(Fraction(game.payoffs[(i, *profile)])) for i in range(game.n_players)])
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ the blocks

def _header(title: str, description: str, source: str) -> list[str]:
    """`scenario:`, and `description:` and `source:` when there is text."""
    lines = _field(0, "scenario", title)
    for key, text in (("description", description), ("source", source)):
        if text:
            lines += _field(0, key, text)
    return lines


def _parameters(params: Iterable["Parameter"], values: Mapping[str, Fraction]) -> list[str]:
    """The `parameters:` block; flow style `{value: ..., range: [...]}` unless described."""
    params = list(params)
    if not params:
        return []
    lines = ["parameters:"]
    for p in params:
        fields = _parameter_fields(p, values[p.name])
        if not p.description:
            lines.append(f"  {p.name}: {{{', '.join(f'{k}: {v}' for k, v in fields)}}}")
            continue
        lines.append(f"  {p.name}:")
        lines += [f"    {k}: {v}" for k, v in fields]
        lines += _field(4, "description", p.description)
    return lines


def _parameter_fields(p: "Parameter", value: Fraction) -> list[tuple[str, str]]:
    """(key, YAML text) of a parameter's value, range and distribution."""
    fields = [("value", exact_str(value))]
    if p.range is not None:
        fields.append(("range", f"[{exact_str(p.range[0])}, {exact_str(p.range[1])}]"))
    if p.distribution != "uniform":
        fields.append(("distribution", p.distribution))
    if p.distribution == "triangular" and p.mode is not None and p.mode != value:
        fields.append(("mode", exact_str(p.mode)))
    if p.distribution == "normal" and p.sd is not None:
        fields.append(("sd", exact_str(p.sd)))
    return fields


def _players(players: Sequence["Player"], descriptions: Mapping[str, str]) -> list[str]:
    """The `players:` block: each player's description and strategies."""
    lines = ["players:"]
    for player in players:
        lines += _key_lines(2, _text(player.name))
        if descriptions.get(player.name):
            lines += _field(4, "description", descriptions[player.name])
        lines += _strategies(player)
    return lines


def _strategies(player: "Player") -> list[str]:
    """`strategies: [a, b]`, a block list, or `name: description` lines."""
    names = [s.name for s in player.strategies]
    if any(s.description for s in player.strategies):
        lines = ["    strategies:"]
        for s in player.strategies:
            if s.description:
                lines += _field(6, _text(s.name), s.description)
            else:
                lines += _key_lines(6, _text(s.name))
        return lines
    if all(_flow_safe(n) for n in names):
        return [f"    strategies: [{', '.join(names)}]"]
    return ["    strategies:", *(f"      - {_text(n)}" for n in names)]


def _payoffs(players: Sequence["Player"], cells: Callable[[tuple[int, ...]], list[str]]
             ) -> list[str]:
    """One `a, b, c: [p1, p2, p3]` row per profile (last player fastest), keys aligned
    when every strategy name is a simple word."""
    shape = tuple(len(p.strategies) for p in players)
    if math.prod(shape) == 0:
        return []
    simple = all(_flow_safe(s.name) and " " not in s.name for p in players for s in p.strategies)
    widths = [max(len(s.name) for s in p.strategies) for p in players]
    keys = {}
    for profile in np.ndindex(*shape):
        names = [p.strategies[j].name for p, j in zip(players, profile)]
        if simple:
            keys[profile] = "".join(f"{n},".ljust(w + 2) for n, w in zip(names, widths[:-1])) \
                + names[-1]
        else:
            keys[profile] = _text(", ".join(names))
    width = max(len(k) for k in keys.values())
    lines = ["payoffs:"]
    for profile, key in keys.items():
        row = f"[{', '.join(cells(profile))}]"
        if len(key) > MAX_IMPLICIT_KEY:
            lines += [f"  ? {key}", f"  : {row}"]
        else:
            lines.append(f"  {key}:{' ' * (width - len(key))} {row}")
    return lines


# ------------------------------------------------------------------ scalars

def _expression(expr: object, players: Sequence["Player"], profile: tuple[int, ...],
                i: int) -> str:
    """A cell's expression as an item of a flow list (quoted if it holds a comma)."""
    text = str(expr)
    if len(text) > MAX_LENGTH // 5:         # long sums of effects: check the loader takes it
        try:
            parse(text)
        except ExpressionError as exc:
            where = ", ".join(p.strategies[j].name for p, j in zip(players, profile))
            raise GameError(f"cannot write {players[i].name}'s payoff at ({where}) as one "
                            f"expression: {exc.message}") from None
    if "," in text or _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) not in _PLAIN_TAGS:
        return json.dumps(text)             # expressions are ASCII: JSON quoting is YAML
    return text


def _flow_safe(name: str) -> bool:
    """True when a name can stand unquoted in a flow list such as [a, b]: YAML itself
    reads it back as that one string (flow context has indicators of its own, '?')."""
    if not name or _text(name) != name or any(c in name for c in ",[]{}#:"):
        return False
    try:
        return yaml.safe_load(f"[{name}]") == [name]
    except yaml.YAMLError:
        return False


def _text(text: str) -> str:
    """`text` as a one-line YAML scalar (plain when safe, quoted otherwise)."""
    multiline = any(c in text for c in "\n\r\x85\u2028\u2029")
    out = yaml.safe_dump(text, allow_unicode=True, width=math.inf,
                         default_style='"' if multiline else None)
    out = out[:-5] if out.endswith("\n...\n") else out.rstrip("\n")
    assert "\n" not in out, out
    return out


def _key_lines(indent: int, key: str) -> list[str]:
    """`key:` opening a nested block (explicit `? key` form when too long for one line)."""
    pad = " " * indent
    if len(key) > MAX_IMPLICIT_KEY:
        return [f"{pad}? {key}", f"{pad}:"]
    return [f"{pad}{key}:"]


def _field(indent: int, key: str, text: str) -> list[str]:
    """`key: text` at `indent`; long prose folded (`>-`), multi-line text literal (`|-`)."""
    pad = " " * indent
    head = [f"{pad}? {key}", f"{pad}:"] if len(key) > MAX_IMPLICIT_KEY else [f"{pad}{key}:"]
    block = _block(text, indent + 2)
    if block is None:
        head[-1] += f" {_text(text)}"
        return head
    head[-1] += f" {block[0]}"
    return head + block[1:]


def _block(text: str, indent: int) -> list[str] | None:
    """A block scalar (header line, then content lines) for long or multi-line prose,
    or None when a one-line scalar is better or a block could not hold it exactly."""
    pad = " " * indent
    lines = text.split("\n")
    if text != text.strip() or not all(line.isprintable() for line in lines):
        return None
    if len(lines) > 1:
        if any(line != line.rstrip(" ") for line in lines) or lines[0].startswith(" "):
            return None
        return ["|-", *(pad + line if line else "" for line in lines)]
    if len(text) + indent <= WIDTH or "  " in text:
        return None
    out: list[str] = []
    for word in text.split(" "):
        if out and len(out[-1]) + 1 + len(word) <= WIDTH - indent:
            out[-1] += " " + word
        else:
            out.append(word)
    return [">-", *(pad + line for line in out)]


def _check_writable(players: Sequence["Player"]) -> None:
    """GameError unless the names can be scenario names (the loader would reject them)."""
    if len(players) < 2:
        raise GameError(f"cannot write a scenario: a scenario needs at least 2 players, "
                        f"this game has {len(players)}")
    seen: set[str] = set()
    for player in players:
        _check_name(player.name, "player", seen)
        names: set[str] = set()
        for s in player.strategies:
            _check_name(s.name, f"strategy of {player.name}", names)


def _check_name(name: str, kind: str, seen: set[str]) -> None:
    """One name: non-empty, no comma, no surrounding spaces, not seen before."""
    if not name.strip() or name != name.strip():
        raise GameError(f"cannot write a scenario: {kind} name {name!r} is empty or has "
                        f"spaces around it")
    if "," in name:
        raise GameError(f"cannot write a scenario: {kind} name {name!r} contains a comma "
                        f"(commas separate the strategies of a profile)")
    if name in seen:
        raise GameError(f"cannot write a scenario: duplicate {kind} name {name!r}")
    seen.add(name)
