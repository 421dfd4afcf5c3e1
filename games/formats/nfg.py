"""Gambit strategic-form files (.nfg): read both versions, write the payoff version.

The payoff version lists each profile's payoffs in turn; the outcome version lists
named outcomes and then one outcome number per profile (0 = the all-zero outcome).
In both, profiles are ordered with player 1's strategy varying fastest. Numbers
(integers, decimals, p/q fractions) are read exactly from their text. Problems are
`ScenarioError`s naming file:line:column.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import IO, Any

import numpy as np

from ..errors import ScenarioError
from ..model import Game, Player, Strategy
from ..literal import too_long, visible
from ..limits import (MAX_MAGNITUDE_DIGITS, MAX_PLAYERS, MAX_PROFILES, game_size_problem,
                      magnitude_problem, number_digits_problem)
from ..scenario import read_text
from ..scenario.reading import file_name

_TOKEN = re.compile(r"""
    (?P<space>[\s,]+)
  | (?P<string>"[^"\\]*(?:\\.[^"\\]*)*")
  | (?P<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?(?:/[0-9]+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<brace>[{}])
""", re.VERBOSE | re.DOTALL)
_MAX_EXPONENT = MAX_MAGNITUDE_DIGITS


@dataclass(frozen=True)
class _Tok:
    """A token with its kind ('string', 'number', 'word', '{', '}', 'end') and position."""

    kind: str
    text: str
    line: int
    column: int
    start: int = 0      # offset in the file's text (where a bulk read of payoffs begins)


def _tokenize(text: str, name: str, pos: int = 0, line: int = 1,
              line_start: int = 0) -> Iterator[_Tok]:
    """Tokens of a .nfg file with 1-based line and column; commas count as blanks.
    Lazily: a reader that stops at a bad or surplus token (a 5 MB file of numbers where
    a 2 x 2 game needs eight) has not tokenized the rest. `pos` and its line resume a
    stream after a bulk read (`_Reader.plain_integers`)."""
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            what = "unterminated string" if text[pos] == '"' else f"unexpected character {text[pos]!r}"
            raise ScenarioError(what, name, line, pos - line_start + 1)
        kind = m.lastgroup or ""
        if kind != "space":
            yield _Tok(m.group() if kind == "brace" else kind, m.group(), line,
                       pos - line_start + 1, pos)
        newlines = m.group().count("\n")
        if newlines:
            line += newlines
            line_start = m.start() + m.group().rindex("\n") + 1
        pos = m.end()
    yield _Tok("end", "", line, pos - line_start + 1)


class _Reader:
    """Recursive-descent reader over the tokens of one .nfg file."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.text = text
        self._stream = _tokenize(text, name)
        self.toks: list[_Tok] = []
        self.pos = 0

    def error(self, tok: _Tok, message: str) -> ScenarioError:
        return ScenarioError(message, self.name, tok.line, tok.column)

    def peek(self) -> _Tok:
        while len(self.toks) <= self.pos:       # tokens are read as they are needed
            self.toks.append(next(self._stream))
        return self.toks[self.pos]

    def take(self, kind: str, what: str) -> _Tok:
        tok = self.peek()
        if tok.kind != kind:
            found = "the end of the file" if tok.kind == "end" else repr(tok.text)
            raise self.error(tok, f"expected {what}, found {found}")
        self.pos += 1
        return tok

    def string(self, what: str) -> str:
        tok = self.take("string", what)
        long = too_long(tok.text, what)
        if long:
            raise self.error(tok, long)
        raw = tok.text[1:-1]
        return re.sub(r"\\(.)", r"\1", raw, flags=re.DOTALL)

    def number(self, what: str) -> Fraction:
        tok = self.take("number", what)
        return _read_number(tok, self)

    def count(self, what: str) -> tuple[int, _Tok]:
        tok = self.take("number", what)
        if not re.fullmatch(r"[0-9]+", tok.text):
            raise self.error(tok, f"expected {what} (a whole number), found {tok.text}")
        if len(tok.text.lstrip("0")) > len(str(MAX_PROFILES)):
            raise self.error(tok, game_size_problem((MAX_PROFILES + 1,)) or "")
        return int(tok.text), tok

    def strings_in_braces(self, what: str) -> list[str]:
        self.take("{", f"'{{' opening {what}")
        out = []
        while self.peek().kind == "string":
            out.append(self.string(what))
        self.take("}", f"'}}' closing {what}")
        return out

    def optional_string(self) -> str:
        return self.string("a comment") if self.peek().kind == "string" else ""

    # -- the file ------------------------------------------------------------------
    def read(self) -> Game:
        """The whole file: header, strategies, then payoffs or outcomes."""
        head = self.take("word", "'NFG' at the start of a Gambit strategic-form file")
        if head.text != "NFG":
            raise self.error(head, f"not a Gambit .nfg file: expected 'NFG', found '{head.text}'")
        version, vtok = self.count("the format version")
        if version != 1:
            raise self.error(vtok, f"unsupported .nfg version {version} (only 1 is known)")
        kind = self.take("word", "'R' or 'D' after the version")
        if kind.text not in ("R", "D"):
            raise self.error(kind, f"expected 'R' or 'D' after the version, found '{kind.text}'")
        title = self.string("the game's title (a quoted string)")
        ptok = self.peek()
        player_names = self.strings_in_braces("the list of player names")
        if len(player_names) < 1:
            raise self.error(ptok, "the game has no players")
        if len(player_names) > MAX_PLAYERS:
            raise self.error(ptok, game_size_problem((1,) * len(player_names)) or "")
        comment = self.optional_string()
        strategies = self.strategies(len(player_names))
        comment = self.optional_string() or comment
        pnames = _unique([_name(p, f"Player {i + 1}") for i, p in enumerate(player_names)])
        players = tuple(Player(p, _strategies(s)) for p, s in zip(pnames, strategies))
        shape = tuple(len(s) for s in strategies)
        payoffs = self.outcomes(shape) if self.peek().kind == "{" else self.payoff_list(shape)
        end = self.peek()
        if end.kind != "end":
            raise self.error(end, f"unexpected {end.text!r} after the last payoff")
        if payoffs.dtype == np.int64:
            return Game.from_integers(players, payoffs, title=title, description=comment)
        return Game(players, payoffs, title=title, description=comment)

    def strategies(self, n: int) -> list[list[str]]:
        """`{ 3 2 }` (counts) or `{ { "a" "b" } { ... } }` (names), one entry per player."""
        open_tok = self.take("{", "'{' opening the strategies")
        out: list[list[str]] = []
        if self.peek().kind == "{":
            while self.peek().kind == "{":
                tok = self.peek()
                names = self.strings_in_braces("a player's strategy names")
                if not names:
                    raise self.error(tok, f"player {len(out) + 1} has no strategies")
                out.append(names)
        else:
            while self.peek().kind == "number":
                k, tok = self.count("a number of strategies")
                if k < 1:
                    raise self.error(tok, f"player {len(out) + 1} has no strategies")
                if k > MAX_PROFILES:
                    raise self.error(tok, game_size_problem((k,)) or "")
                out.append([str(j + 1) for j in range(k)])
        self.take("}", "'}' closing the strategies")
        if len(out) != n:
            raise self.error(open_tok, f"strategies are given for {len(out)} players; the file "
                                       f"names {n}")
        problem = game_size_problem(tuple(len(s) for s in out))
        if problem:
            raise self.error(open_tok, problem)
        return out

    def plain_integers(self, count: int) -> np.ndarray | None:
        """The next `count` numbers as int64 when they are all plain integers of up to 17
        digits (within every limit), each followed by blanks or the end of the file: read
        by one regular expression, the token stream resumed after them. None, with
        nothing consumed, otherwise (then each token is read and checked on its own). A
        500,000-payoff file took 11 s token by token."""
        first = self.peek()
        if first.kind != "number" or len(self.toks) != self.pos + 1:
            return None
        m = re.compile(r"(?:[+-]?[0-9]{1,17}(?:[\s,]+|\Z)){%d}" % count).match(
            self.text, first.start)
        if m is None:
            return None
        end = m.end()
        line = first.line + self.text.count("\n", first.start, end)
        line_start = self.text.rfind("\n", 0, end) + 1 if line > first.line else (
            first.start - first.column + 1)
        self._stream = _tokenize(self.text, self.name, end, line, line_start)
        del self.toks[self.pos:]
        return np.array(list(map(int, m.group().replace(",", " ").split())), dtype=np.int64)

    def payoff_list(self, shape: tuple[int, ...]) -> np.ndarray:
        """Payoff version: for each profile (player 1 fastest), every player's payoff;
        int64 when every one is a plain integer (`plain_integers`), else Fractions."""
        n = len(shape)
        bulk = self.plain_integers(n * math.prod(shape))
        if bulk is not None:        # profiles player 1 fastest, each with n payoffs
            ordered = bulk.reshape(-1, n).T.reshape(n, *shape[::-1])
            return ordered.transpose(0, *range(n, 0, -1))
        arr = np.empty((n, *shape), dtype=object)
        for k in range(math.prod(shape)):
            prof = _profile(k, shape)
            for i in range(n):
                tok = self.peek()
                if tok.kind == "end":
                    got = k * n + i
                    raise self.error(tok, f"too few payoffs: {got} of {n * math.prod(shape)} "
                                          f"(n_players x n_profiles)")
                arr[(i, *prof)] = self.number("a payoff")
        return arr

    def outcomes(self, shape: tuple[int, ...]) -> np.ndarray:
        """Outcome version: `{ { "name" p1 p2 ... } ... }` then one outcome number per profile."""
        n = len(shape)
        self.take("{", "'{' opening the outcome list")
        table: list[tuple[Fraction, ...]] = [tuple(Fraction(0) for _ in range(n))]
        while self.peek().kind == "{":
            self.take("{", "'{'")
            self.optional_string()
            start = self.peek()
            vals = []
            while self.peek().kind == "number":
                vals.append(self.number("a payoff"))
            if len(vals) != n:
                raise self.error(start, f"outcome {len(table)} has {len(vals)} payoffs; "
                                        f"expected {n}, one per player")
            self.take("}", "'}' closing an outcome")
            table.append(tuple(vals))
        self.take("}", "'}' closing the outcome list")
        arr = np.empty((n, *shape), dtype=object)
        for k in range(math.prod(shape)):
            tok = self.peek()
            if tok.kind == "end":
                raise self.error(tok, f"too few outcome numbers: {k} of {math.prod(shape)} "
                                      f"profiles")
            idx, tok = self.count("an outcome number")
            if idx >= len(table):
                raise self.error(tok, f"outcome {idx} does not exist (the file defines "
                                      f"{len(table) - 1})")
            prof = _profile(k, shape)
            for i in range(n):
                arr[(i, *prof)] = table[idx][i]
        return arr


def _read_number(tok: _Tok, reader: _Reader) -> Fraction:
    """The exact value of a number token: integer, decimal (with exponent) or p/q."""
    text = tok.text
    if len(text) <= 18 and text.isascii() and text.removeprefix("-").isdigit():  # < 1e18:
        return Fraction(int(text))      # a plain integer within every limit (fast path)
    problem = number_digits_problem(text)
    if problem:
        raise reader.error(tok, problem)
    m = re.search(r"[eE]([+-]?[0-9]+)", text)
    if m and abs(int(m.group(1))) > _MAX_EXPONENT:
        raise reader.error(tok, f"number too large: {text}")
    if "/" in text:
        num, den = text.split("/")
        if int(den) == 0:
            raise reader.error(tok, f"division by zero in {text}")
        value = Fraction(num) / int(den)
    else:
        value = Fraction(text)
    problem = magnitude_problem(value)
    if problem:
        raise reader.error(tok, problem)
    return value


def _profile(k: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    """The k-th profile in Gambit order (player 1 varies fastest)."""
    out = []
    for size in shape:
        k, j = divmod(k, size)
        out.append(j)
    return tuple(out)


def _name(text: str, default: str) -> str:
    """A player name; an empty one gets a default."""
    return text.strip() or default


def _strategies(names: list[str]) -> tuple[Strategy, ...]:
    """Strategies with usable names: empty ones numbered, surrounding spaces dropped,
    and names shown alike in output (duplicates, or equal after games.display.visible)
    made unique with a suffix."""
    return tuple(Strategy(s) for s in _unique([s.strip() or str(j + 1)
                                              for j, s in enumerate(names)]))


def _unique(names: list[str]) -> list[str]:
    """Each name, with '~2', '~3', ... added where it would be shown like an earlier one."""
    out: list[str] = []
    shown: set[str] = set()
    for base in names:
        label, k = base, 2
        while visible(label) in shown:
            label, k = f"{base}~{k}", k + 1
        out.append(label)
        shown.add(visible(label))
    return out


def read_nfg(path: str | Path) -> Game:
    """Read a Gambit .nfg file (payoff or outcome version) into an exact Game."""
    text = read_text(path)
    return _Reader(text, file_name(path)).read()


def parse_nfg(text: str, name: str = "<string>") -> Game:
    """Read .nfg text (`name` is used in error messages)."""
    from ..arguments import text as checked_text
    return _Reader(checked_text(text, "parse_nfg"), name).read()


# ----------------------------------------------------------------------- writing

def _quote(text: str) -> str:
    """A Gambit string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(x: Any) -> str:
    """An exact payoff as Gambit writes it: an integer or p/q."""
    f = Fraction(x)
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def nfg_text(game: Game) -> str:
    """The payoff version of the .nfg format, with strategy names, exact numbers."""
    lines = [f"NFG 1 R {_quote(game.title)} {{ "
             + " ".join(_quote(p.name) for p in game.players) + " }", "", "{"]
    lines += ["{ " + " ".join(_quote(s.name) for s in p.strategies) + " }" for p in game.players]
    lines += ["}", _quote(getattr(game, "description", "") or ""), ""]
    payoffs = []
    for k in range(math.prod(game.shape)):
        prof = _profile(k, game.shape)
        payoffs.append(" ".join(_number(game.payoffs[(i, *prof)]) for i in range(game.n_players)))
    lines.append("\n".join(payoffs))
    return "\n".join(lines) + "\n"


def write_nfg(game: Game, target: str | Path | IO[str]) -> None:
    """Write `game` as a Gambit .nfg file (payoff version) to a path or text stream."""
    text = nfg_text(game)
    if isinstance(target, (str, Path)):
        Path(target).write_text(text, encoding="utf-8")
    else:
        target.write(text)
