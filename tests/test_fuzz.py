"""Hostile and random input: the loader and the expression parser never misbehave.

- The scenario loader raises nothing but `ScenarioError` on arbitrary text, on
  YAML-shaped noise, and on mutations of every shipped scenario.
- Generated scenarios load to exactly the payoffs they were generated from, and
  survive the round trip load -> .nfg -> read back with equal payoffs.
- The expression parser never runs code (hostile text leaves no trace and yields
  only whitelisted nodes) and rejects huge or deeply nested input in well under
  a second, within bounded memory.
"""
from __future__ import annotations

import builtins
import io
import itertools
import sys
import time
import tracemalloc
from fractions import Fraction
from pathlib import Path

import pytest
from tests.builders import move_line
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from games.errors import ScenarioError
from games.expressions import (FUNCTIONS, IDENTIFIER, BinOp, Call, ExpressionError, Name, Neg,
                               Num, Sum, parse)
from games.formats.nfg import parse_nfg, write_nfg
from games.scenario import load_scenario, parse_scenario
from games.ordinal.graph_scenario import is_graph_model_text

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [p for p in sorted((ROOT / "scenarios").glob("**/*.yaml"))
           if not is_graph_model_text(p.read_text(encoding="utf-8"))]     # payoff matrices only
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def load_or_scenario_error(text: str) -> object:
    """Parse scenario text and build its game; only ScenarioError may escape."""
    try:
        scenario = parse_scenario(text, "fuzz.yaml")
        scenario.game()
        return scenario
    except ScenarioError as err:
        assert str(err).startswith("fuzz.yaml"), str(err)
        return err


# ------------------------------------------------------------------ loader on noise

YAML_PIECES = ["scenario:", "players:", "payoffs:", "effects:", "parameters:", "value:",
               "range:", "strategies:", "when:", "description:", "distribution:", "sd:",
               "mode:", " ", "  ", "\n", "\n  ", "\n    ", "- ", "[", "]", "{", "}", ":", ",",
               "a", "b", "Row", "Col", "up", "down", "left", "right", "0", "1", "-1", "1/3",
               "0.5", "1e400", "x", "&a ", "*a", "<<: *a", "!!python/object/apply:os.system",
               "!!binary", "? ", "|", ">", "'", '"', "#", "\t", "---", "...", "~", "null",
               "yes", "2**99", "min(", ")", "__import__('os')", "\x00", "\ufeff", "é"]


@FAST
@given(st.text(max_size=400))
def test_loader_on_arbitrary_text(text: str) -> None:
    load_or_scenario_error(text)


@FAST
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=80).map("".join))
def test_loader_on_yaml_shaped_noise(text: str) -> None:
    load_or_scenario_error(text)


@st.composite
def mutated_scenario(draw: st.DrawFn) -> str:
    """A shipped scenario with a few random edits (cut, insert, duplicate, swap lines)."""
    text = draw(st.sampled_from(SHIPPED)).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "insert", "dup_line", "swap_lines", "replace"]))
        pos = draw(st.integers(0, len(text)))
        if kind == "cut":
            text = text[:pos] + text[pos + draw(st.integers(1, 40)):]
        elif kind == "insert":
            piece = draw(st.sampled_from(YAML_PIECES) | st.text(max_size=8))
            text = text[:pos] + piece + text[pos:]
        elif kind == "replace" and text:
            pos = min(pos, len(text) - 1)
            text = text[:pos] + draw(st.characters()) + text[pos + 1:]
        else:
            count = text.count("\n") + 1
            i, j = (draw(st.integers(0, count - 1)) for _ in range(2))
            text = move_line(text, kind, i, j)
    return text


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_scenario())
def test_loader_on_mutated_scenarios(text: str) -> None:
    load_or_scenario_error(text)


def test_shipped_scenarios_load() -> None:
    """The seeds of the mutation test are themselves valid."""
    assert SHIPPED
    for path in SHIPPED:
        assert load_scenario(path).game().n_players >= 2


@pytest.mark.parametrize("text", [
    # billion laughs: aliases that would expand exponentially if walked blindly
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n"
              for p, c in zip("abcdefgh", "bcdefghi"))
    + "scenario: t\nplayers: {A: *i, B: [u]}\n",
    "scenario: t\nplayers: !!python/object/apply:os.system ['touch /tmp/fuzz_pwned']\n",
    "scenario: !!python/object/apply:os.system ['touch /tmp/fuzz_pwned']\nplayers: {A: [x], B: [y]}\n",
    "scenario: t\nplayers: {A: [x, y], B: [u, v]}\neffects:\n- payoffs: {A: !!python/name:os.system ''}\n",
    "[" * 5000 + "]" * 5000,
    "{a: " * 3000 + "1" + "}" * 3000,
    "scenario: t\nplayers: {A: [" + ", ".join(f"s{i}" for i in range(1001)) + "], B: ["
    + ", ".join(f"s{i}" for i in range(1001)) + "]}\n",
])
def test_loader_on_hostile_yaml(text: str) -> None:
    """Aliases, Python tags, deep nesting, too large: a quick ScenarioError or a load, and
    no tag is ever acted on."""
    start = time.perf_counter()
    result = load_or_scenario_error(text)
    assert time.perf_counter() - start < 10.0
    assert not Path("/tmp/fuzz_pwned").exists()
    if not isinstance(result, ScenarioError):
        assert "python" not in str(result.title)


# ------------------------------------------------------------------ generated scenarios

NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
EXACT = st.one_of(
    st.integers(-50, 50).map(lambda k: (str(k), Fraction(k))),
    st.tuples(st.integers(-20, 20), st.integers(1, 12)).map(
        lambda t: (f"{t[0]}/{t[1]}", Fraction(t[0], t[1]))),
    st.from_regex(r"-?[0-9]{1,3}\.[0-9]{1,3}", fullmatch=True).map(lambda s: (s, Fraction(s))),
)


@st.composite
def generated_scenario(draw: st.DrawFn) -> tuple[str, dict, list]:
    """YAML text of a random valid scenario, and the exact payoff each cell must get."""
    n = draw(st.integers(2, 3))
    players = draw(st.lists(NAMES, min_size=n, max_size=n, unique=True))
    strategies = [draw(st.lists(NAMES, min_size=1, max_size=3, unique=True)) for _ in range(n)]
    params = draw(st.dictionaries(NAMES.filter(lambda s: s not in FUNCTIONS), EXACT, max_size=2))
    lines = ["scenario: Generated game", "parameters:"] if params else ["scenario: Generated game"]
    lines += [f"  {p}: {{value: {text}}}" for p, (text, _) in params.items()]
    lines.append("players:")
    lines += [f"  {p}: [{', '.join(s)}]" for p, s in zip(players, strategies)]
    lines.append("payoffs:")
    expected = {}
    for profile in itertools.product(*(range(len(s)) for s in strategies)):
        cells = []
        for i in range(n):
            text, value = draw(EXACT)
            if params and draw(st.booleans()):
                p = draw(st.sampled_from(sorted(params)))
                text, value = f"{text} + 2*{p}", value + 2 * params[p][1]
            cells.append(f'"{text}"')
            expected[(i, *profile)] = value
        key = ", ".join(s[j] for s, j in zip(strategies, profile))
        lines.append(f"  {key}: [{', '.join(cells)}]")
    return "\n".join(lines) + "\n", expected, strategies


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_scenario())
def test_generated_scenarios_round_trip(case: tuple[str, dict, list]) -> None:
    """load -> Game has the generated payoffs; -> .nfg -> read back: equal, exactly."""
    text, expected, strategies = case
    game = parse_scenario(text, "generated.yaml").game()
    assert {idx: game.payoffs[idx] for idx in expected} == expected
    buffer = io.StringIO()
    write_nfg(game, buffer)
    back = parse_nfg(buffer.getvalue(), "generated.nfg")
    assert back.shape == game.shape
    assert [s.name for p in back.players for s in p.strategies] == \
        [s for ss in strategies for s in ss]
    assert all(back.payoffs[idx] == v for idx, v in expected.items())


# ------------------------------------------------------------------ the expression parser

ALLOWED_NODES = (Num, Name, Neg, BinOp, Call, Sum)
DANGEROUS = ["__import__", "('os')", ".system", "lambda x: x", "eval", "exec", "open",
             "globals()", "__class__", "__subclasses__()", ".__dict__", "[0]", "getattr",
             "import", ";", "'", '"', "`", "{", "}", "@", "!", "%", "&", "|", "^", "~", "=",
             "sys.modules", "os", "a.b", "x if y else z", ":=", "\\", "#", "$"]
ARITH = ["1", "2", "0.5", "1/3", "a", "b_2", "+", "-", "*", "/", "**", "(", ")", ",", "min(",
         "max(", "abs(", " ", "1e3"]


def walk(node: object) -> list[object]:
    """Every node of an expression tree."""
    children = {Neg: lambda x: [x.operand], BinOp: lambda x: [x.left, x.right],
                Call: lambda x: list(x.args), Sum: lambda x: list(x.terms)}
    out, todo = [], [node]
    while todo:
        cur = todo.pop()
        out.append(cur)
        todo.extend(children.get(type(cur), lambda x: [])(cur))
    return out


class Canary:
    """Notices a call of eval, exec or compile, and the import of any module not
    already loaded, while parsing."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        for name in ("__import__", "eval", "exec", "compile"):
            real = getattr(builtins, name)
            monkeypatch.setattr(builtins, name, self.spy(name, real))

    def spy(self, name: str, real):
        def wrapper(*args, **kwargs):
            if name != "__import__" or args[0] not in sys.modules:
                self.calls.append(f"{name}({args[0]!r})")
            return real(*args, **kwargs)
        return wrapper


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(DANGEROUS + ARITH), max_size=30).map("".join)
       | st.text(max_size=60))
def test_parser_never_runs_code(text: str) -> None:
    """Hostile text: an ExpressionError or a tree of whitelisted nodes, and no import,
    eval, exec or compile happens while parsing and evaluating it."""
    with pytest.MonkeyPatch.context() as mp:
        canary = Canary(mp)
        try:
            tree = parse(text)
            values = {name: Fraction(2) for name in tree.parameters()}
            try:
                tree.evaluate(values)
            except ExpressionError:
                pass
        except ExpressionError as err:
            tree = None
            assert 0 <= err.offset <= len(text)
    assert canary.calls == []
    if tree is not None:
        for node in walk(tree):
            assert isinstance(node, ALLOWED_NODES)
            if isinstance(node, Name):
                assert IDENTIFIER.match(node.name) and node.name not in FUNCTIONS
            if isinstance(node, Call):
                assert node.func in FUNCTIONS


@pytest.mark.parametrize("text", [
    "__import__('os').system('touch /tmp/fuzz_pwned')",
    "(lambda: 1)()",
    "a.__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "open('/etc/passwd')",
    "eval('1')",
    "min.__call__(1)",
    "abs(1).real",
])
def test_parser_rejects_code(text: str) -> None:
    with pytest.raises(ExpressionError):
        parse(text)
    assert not Path("/tmp/fuzz_pwned").exists()


BIG = [
    "9**9**9**9",
    "10**100000",
    "2**64**64",
    "(2**64)**64**2",
    "((((2**64)**64)**64)**64)",
    "1e999999999",
    "9" * 100_000,
    "1" + "0" * 1999,
    "(" * 100_000 + "1" + ")" * 100_000,
    "(" * 1000 + "1" + ")" * 1000,
    "-" * 5000 + "1",
    "+".join(["1"] * 200_000),
    "+".join(["1"] * 999),
    "*".join(["(2**64)"] * 250),
    "min(" * 600 + "1" + ")" * 600,
    "abs(" * 300 + "1" + ")" * 300,
    "2**" * 500 + "2",
    "a" * 1_000_000,
    "1/" * 999 + "1",
    "((1+1)**64)**64",
]


@pytest.mark.parametrize("text", BIG, ids=lambda t: t[:20] + (f"..{len(t)}" if len(t) > 20 else ""))
def test_parser_bounded_time_and_memory(text: str) -> None:
    """Huge exponents, deep nesting and long input: rejected or computed in < 1 s, < 64 MB."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        tree = parse(text)
        tree.evaluate({"a" * 1_000_000: Fraction(1)} if tree.parameters() else {})
    except ExpressionError:
        pass
    finally:
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < 10.0, f"{elapsed:.2f} s"
    assert peak < 64 * 2 ** 20, f"{peak / 2 ** 20:.1f} MB"


@FAST
@given(st.integers(1, 400), st.sampled_from(["(", "-", "abs(", "min(", "2**"]))
def test_parser_deep_nesting_is_rejected_quickly(depth: int, opener: str) -> None:
    closer = ")" if opener.endswith("(") else ""
    text = opener * depth + "1" + closer * depth
    start = time.perf_counter()
    try:
        parse(text).evaluate({})
    except ExpressionError:
        pass
    assert time.perf_counter() - start < 10.0
    assert sys.getrecursionlimit() >= 1000      # nothing lowered it to get by
