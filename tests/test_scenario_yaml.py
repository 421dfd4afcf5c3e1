"""Scenarios written back as YAML (`Scenario.to_yaml`, `analyze --export FILE.yaml`).

- Every shipped scenario round-trips: load -> to_yaml -> load gives the same title,
  players, strategies, descriptions and parameters, and every cell evaluates to the
  same exact value at the baseline and at random rational points inside the ranges;
  writing the reloaded scenario gives the same text (a fixed point).
- Random scenarios (hostile names, parameters with ranges and distributions, nested
  expressions, effects) round-trip, and their cells keep the values the generator
  computed itself, independently of the parser.
- Expression text: `str` of any tree, including constants such as -3/4, re-parses to
  the same value (checked against the tree's own evaluation).
- The command: `--export x.yaml` then `analyze x.yaml` prints the same equilibria,
  `--set` values become the baselines, a .nfg game exports as numbers, a bad
  extension is a one-line error (exit 2) and nothing is written.
"""
from __future__ import annotations

import itertools
import json
import random
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.main import main
from games.errors import GameError
from games.expressions import (FUNCTIONS, BinOp, Call, ExpressionError, Name, Neg, Num,
                               add_all, const, parse)
from games.formats.nfg import parse_nfg
from games.scenario import Scenario, load_scenario, parse_scenario
from games.scenario.writing import game_to_yaml, scenario_to_yaml
from games.ordinal.graph_scenario import is_graph_model_text
from tests.corpus import CORPUS

ROOT = Path(__file__).resolve().parents[1]
# payoff matrices only: a game tree (`tree:`, or `stages:`) is written back as .efg or
# as an explicit tree (test_tree.py, test_tree_writer.py, test_tree_stages.py)
SHIPPED = [p for p in sorted((ROOT / "scenarios").rglob("*.yaml"))
           if not is_graph_model_text(p.read_text(encoding="utf-8"))
           and "\ntree:" not in p.read_text(encoding="utf-8")
           and "\nstages:" not in p.read_text(encoding="utf-8")]
SLOW = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ------------------------------------------------------------------ comparison helpers

def outcome(expr: Any, values: dict[str, Fraction]) -> Fraction | str:
    """The exact value of an expression, or 'error' (e.g. division by zero there)."""
    try:
        return expr.evaluate(values)
    except ExpressionError:
        return "error"


def describe(s: Scenario) -> dict:
    """Everything a scenario file states, except the payoff expressions."""
    return {
        "title": s.title, "description": s.description, "source": s.source,
        "players": [(p.name, [(x.name, x.description) for x in p.strategies])
                    for p in s.players],
        "player_descriptions": dict(s.player_descriptions),
        "parameters": {n: (p.value, p.range, p.description, p.distribution, p.mode, p.sd)
                       for n, p in s.parameters.items()},
    }


def random_points(s: Scenario, rng: random.Random, k: int = 3) -> list[dict[str, Fraction]]:
    """k random rational parameter points inside the ranges (baseline where unranged)."""
    points = []
    for _ in range(k):
        point = s.baseline
        for name, p in s.parameters.items():
            if p.range is not None:
                lo, hi = p.range
                point[name] = lo + (hi - lo) * Fraction(rng.randint(0, 997), 997)
        points.append(point)
    return points


def assert_same_cells(a: Scenario, b: Scenario, points: list[dict[str, Fraction]]) -> None:
    """Every cell of b evaluates exactly as the same cell of a at every point."""
    assert a.expressions.shape == b.expressions.shape
    for idx in itertools.product(*(range(k) for k in a.expressions.shape)):
        for point in points:
            assert outcome(b.expressions[idx], point) == outcome(a.expressions[idx], point), \
                (idx, str(a.expressions[idx]), str(b.expressions[idx]), point)


# ------------------------------------------------------------------ shipped scenarios

@pytest.mark.parametrize("path", SHIPPED,
                         ids=lambda p: p.relative_to(ROOT / "scenarios").as_posix())
def test_shipped_scenario_round_trips(path: Path) -> None:
    original = load_scenario(path)
    text = original.to_yaml()
    back = parse_scenario(text, "written.yaml")
    assert describe(back) == describe(original)
    rng = random.Random(path.name)
    assert_same_cells(original, back, [original.baseline, *random_points(original, rng)])
    assert back.to_yaml() == text
    assert "effects:" not in text
    # the loaded text is plain YAML: no tags, and one payoff row per profile
    doc = yaml.safe_load(text)
    assert len(doc["payoffs"]) == original.expressions[0].size


@pytest.mark.parametrize("path", SHIPPED[:6], ids=lambda p: p.stem)
def test_values_replace_baselines(path: Path) -> None:
    """to_yaml(values) writes them as the baselines; everything else is unchanged."""
    original = load_scenario(path)
    ranged = [n for n, p in original.parameters.items() if p.range is not None]
    if not ranged:
        pytest.skip("no ranged parameter")
    point = random_points(original, random.Random(1), 1)[0]
    values = {n: point[n] for n in ranged}
    back = parse_scenario(original.to_yaml(values))
    assert back.baseline == {**original.baseline, **values}
    assert {n: p.range for n, p in back.parameters.items()} == \
        {n: p.range for n, p in original.parameters.items()}
    assert (back.game().payoffs == original.game(values).payoffs).all()


def test_values_are_checked() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "chicken.yaml")
    with pytest.raises(GameError, match="unknown parameter"):
        scenario.to_yaml({"crash_cots": Fraction(1)})
    with pytest.raises(GameError, match="outside the range"):
        scenario.to_yaml({"crash_cost": Fraction(21)})


# ------------------------------------------------------------------ expression text

NUMBERS = st.one_of(
    st.integers(0, 30).map(lambda k: Num(Fraction(k), str(k))),
    st.sampled_from(["0.5", "2.50", "1e2", ".25", "1.5e-1", "3.", "0.1"]).map(
        lambda t: Num(Fraction(t), t)),
    st.fractions(max_denominator=9).filter(lambda f: abs(f) < 30).map(const),  # -3/4, 1/3
)
LEAVES = NUMBERS | st.sampled_from(["a", "b"]).map(Name)


def _power(base: Any, k: int) -> BinOp:
    exponent = Num(Fraction(abs(k)), str(abs(k)))
    return BinOp("**", base, Neg(exponent) if k < 0 else exponent)


def _grow(children: st.SearchStrategy) -> st.SearchStrategy:
    args = st.lists(children, min_size=1, max_size=3).map(tuple)
    return st.one_of(
        children.map(Neg),
        st.tuples(st.sampled_from("+-*/"), children, children).map(lambda t: BinOp(*t)),
        st.tuples(children, st.integers(-2, 3)).map(lambda t: _power(*t)),
        st.tuples(children, st.integers(-2, 3).map(const)).map(lambda t: BinOp("**", *t)),
        st.tuples(st.sampled_from(["min", "max"]), args).map(lambda t: Call(*t)),
        children.map(lambda x: Call("abs", (x,))),
        st.lists(children, min_size=2, max_size=4).map(add_all),        # folded effects
    )


TREES = st.recursive(LEAVES, _grow, max_leaves=14)
SMALL = st.fractions(max_denominator=6).filter(lambda f: abs(f) < 6)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TREES, SMALL, SMALL)
def test_expression_text_reparses_equal(tree: Any, a: Fraction, b: Fraction) -> None:
    """Precedence, signs, powers, fractions, decimals: the printed text means the tree."""
    text = str(tree)
    again = parse(text)
    values = {"a": a, "b": b}
    assert outcome(again, values) == outcome(tree, values), text
    assert str(parse(str(again))) == str(again)


@pytest.mark.parametrize("text, value", [
    ("-2**2", -4), ("(-2)**2", 4), ("2**-1", Fraction(1, 2)), ("2**3**2", 512),
    ("(2**3)**2", 64), ("1/3", Fraction(1, 3)), ("1 - (2 - 3)", 2), ("1 - 2 - 3", -4),
    ("2/(3/4)", Fraction(8, 3)), ("-(1 + 2)*3", -9), ("0.1 + 0.2", Fraction(3, 10)),
    ("1.5e-3", Fraction(3, 2000)), ("--3", 3), ("2 * -3", -6), ("min(1, -2) - abs(-3)", -5),
    ("-a**2", -9), ("(-a)**2", 9), ("a**-1", Fraction(1, 3)), ("max(a/2, 1/3)", Fraction(3, 2)),
])
def test_expression_text_examples(text: str, value: Fraction) -> None:
    """Hand-computed values survive print -> parse."""
    tree = parse(text)
    assert tree.evaluate({"a": Fraction(3)}) == value
    assert parse(str(tree)).evaluate({"a": Fraction(3)}) == value


# ------------------------------------------------------------------ random scenarios

TRICKY = ["a b", "it's", 'say "hi"', "key: value", "#tag", "- dash", "yes", "No", "null",
          "~x", "1/3", "3", "-1", "é", "日本語", "[x]", "{y}", "&a", "*b", "!t", "|", ">",
          "%", "@", "`q`", "a\\b", "tab\tin", "line\nbreak", "ünïcødé name", "x: y # z",
          "'quoted'", "\"dq\"", "?", "—", "\u2028sep", "zero\x00", "\ufeffbom"]
NAME = (st.sampled_from(TRICKY)
        | st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=10)
        ).map(str.strip).filter(lambda s: s and "," not in s
                                and not any(c in s for c in "\n\v\f\r\x85\u2028\u2029"))
PROSE = st.one_of(
    st.just(""),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40).map(str.strip),
    st.lists(st.sampled_from(["word", "longer", "text:", "#no", "'q'", "é", "a\nb", "x"]),
             min_size=1, max_size=40).map(" ".join).map(str.strip),
)
IDENT = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,5}", fullmatch=True).filter(
    lambda s: s not in FUNCTIONS)
RATIONAL = st.fractions(min_value=-20, max_value=20, max_denominator=8)


def spell(value: Fraction, draw: st.DrawFn) -> str:
    """A number as a scenario may spell it: integer, p/q or an exact decimal."""
    if value.denominator == 1:
        return str(value)
    if 1000 % value.denominator == 0 and draw(st.booleans()):
        return f"{float(value):.3f}"
    return f"{value.numerator}/{value.denominator}"


@st.composite
def expression(draw: st.DrawFn, params: dict[str, Fraction], depth: int = 0
               ) -> tuple[str, Callable[[dict], Fraction]]:
    """Fully parenthesised expression text and its value function, computed here."""
    kinds = ["num", "name"] if depth >= 3 else \
        ["num", "name", "+", "-", "*", "/", "**", "neg", "min", "max", "abs"]
    if not params:
        kinds = [k for k in kinds if k != "name"]
    kind = draw(st.sampled_from(kinds))
    if kind == "num":
        v = draw(RATIONAL)
        text = spell(abs(v), draw)
        return (f"(-{text})", lambda _: v) if v < 0 else (text, lambda _: v)
    if kind == "name":
        n = draw(st.sampled_from(sorted(params)))
        return n, lambda vals: vals[n]
    if kind == "neg":
        t, f = draw(expression(params, depth + 1))
        return f"-({t})", lambda vals: -f(vals)
    if kind == "**":
        t, f = draw(expression(params, depth + 1))
        k = draw(st.integers(-2, 3))
        return f"({t})**{k}" if k >= 0 else f"({t})**({k})", lambda vals: f(vals) ** k
    if kind in ("min", "max", "abs"):
        parts = [draw(expression(params, depth + 1))
                 for _ in range(1 if kind == "abs" else draw(st.integers(1, 3)))]
        fn = {"min": lambda *xs: min(xs), "max": lambda *xs: max(xs), "abs": abs}[kind]
        return (f"{kind}({', '.join(t for t, _ in parts)})",
                lambda vals: fn(*(f(vals) for _, f in parts)))
    (ta, fa), (tb, fb) = draw(expression(params, depth + 1)), draw(expression(params, depth + 1))
    ops = {"+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y,
           "/": lambda x, y: x / y}
    op = ops[kind]
    return f"({ta}) {kind} ({tb})", lambda vals: op(fa(vals), fb(vals))


def safe(f: Callable[[dict], Fraction], vals: dict) -> Fraction | str:
    try:
        return f(vals)
    except ZeroDivisionError:
        return "error"


@st.composite
def random_scenario(draw: st.DrawFn) -> tuple[str, Callable[[dict], dict]]:
    """YAML text (dumped by PyYAML from a dict) of a random valid scenario, and a function
    giving the exact payoff of every cell at given parameter values."""
    n = draw(st.integers(2, 3))
    players = draw(st.lists(NAME, min_size=n, max_size=n, unique=True))
    strategies = [draw(st.lists(NAME, min_size=1, max_size=3, unique=True)) for _ in range(n)]
    params: dict[str, Fraction] = {}
    pdoc: dict[str, Any] = {}
    for name in draw(st.lists(IDENT, max_size=3, unique=True)):
        lo, hi = sorted(draw(st.lists(RATIONAL, min_size=2, max_size=2)))
        value = draw(st.sampled_from([lo, hi, (lo + hi) / 2]))
        params[name] = value
        entry: dict[str, Any] = {"value": spell(value, draw)}
        if draw(st.booleans()):
            entry["range"] = [spell(lo, draw), spell(hi, draw)]
            dist = draw(st.sampled_from(["", "uniform", "triangular", "normal"]))
            if dist:
                entry["distribution"] = dist
            if dist == "triangular" and draw(st.booleans()):
                entry["mode"] = spell(lo, draw)
            if dist == "normal":
                entry["sd"] = spell(draw(st.fractions(Fraction(1, 8), 5, max_denominator=8)), draw)
        desc = draw(PROSE)
        if desc:
            entry["description"] = desc
        pdoc[name] = entry if len(entry) > 1 or draw(st.booleans()) else entry["value"]
    doc: dict[str, Any] = {"scenario": draw(NAME)}
    for key in ("description", "source"):
        text = draw(PROSE)
        if text:
            doc[key] = text
    if pdoc:
        doc["parameters"] = pdoc
    doc["players"] = {}
    for p, ss in zip(players, strategies):
        if draw(st.booleans()):
            doc["players"][p] = {"strategies": {s: draw(PROSE) or None for s in ss}}
            desc = draw(PROSE)
            if desc:
                doc["players"][p]["description"] = desc
        else:
            doc["players"][p] = list(ss)
    shape = [len(ss) for ss in strategies]
    cells: dict[tuple, list] = {}
    if draw(st.booleans()):
        doc["payoffs"] = {}
        for profile in itertools.product(*(range(k) for k in shape)):
            row = [draw(expression(params)) for _ in range(n)]
            doc["payoffs"][", ".join(ss[j] for ss, j in zip(strategies, profile))] = \
                [t for t, _ in row]
            for i, (_, f) in enumerate(row):
                cells[(i, *profile)] = [f]
    rules = []
    for _ in range(draw(st.integers(0 if "payoffs" in doc else 1, 3))):
        when = {}
        for i in draw(st.lists(st.integers(0, n - 1), max_size=n, unique=True)):
            chosen = draw(st.lists(st.integers(0, shape[i] - 1), min_size=1, unique=True))
            when[i] = chosen
        pays = {i: draw(expression(params)) for i in
                draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))}
        rule: dict[str, Any] = {"payoffs": {players[i]: t for i, (t, _) in pays.items()}}
        if when:
            rule["when"] = {players[i]: [strategies[i][j] for j in js] if len(js) > 1
                            else strategies[i][js[0]] for i, js in when.items()}
        rules.append(rule)
        for profile in itertools.product(*(range(k) for k in shape)):
            if all(profile[i] in js for i, js in when.items()):
                for i, (_, f) in pays.items():
                    cells.setdefault((i, *profile), []).append(f)
    if rules:
        doc["effects"] = rules

    def payoffs(vals: dict) -> dict:
        out = {}
        for idx in itertools.product(range(n), *(range(k) for k in shape)):
            parts = [safe(f, vals) for f in cells.get(idx, [])]
            out[idx] = "error" if "error" in parts else sum(parts, Fraction(0))
        return out

    text = yaml.safe_dump(doc, allow_unicode=draw(st.booleans()), sort_keys=False)
    return text, payoffs


def generated(text: str) -> Scenario | None:
    """The generated scenario, or None when its baseline is invalid (e.g. 1/0 there or a
    power too large), which the generator cannot rule out."""
    try:
        return parse_scenario(text, "generated.yaml")
    except GameError as err:
        assert "division by zero" in str(err) or "power too large" in str(err) \
            or "too deeply" in str(err), str(err)
        return None


@pytest.mark.slow
@SLOW
@given(random_scenario(), st.randoms(use_true_random=False))
def test_random_scenarios_round_trip(case: tuple[str, Callable], rnd: random.Random) -> None:
    text, payoffs = case
    original = generated(text)
    if original is None:
        return
    written = original.to_yaml()
    back = parse_scenario(written, "written.yaml")
    assert describe(back) == describe(original)
    assert back.to_yaml() == written
    for point in [original.baseline, *random_points(original, rnd)]:
        expected = payoffs(point)
        for idx, value in expected.items():
            assert outcome(back.expressions[idx], point) == value, \
                (idx, str(back.expressions[idx]), point)


# ------------------------------------------------------------------ games without a scenario

NFG = """NFG 1 R "Numbers only" { "Row player" "Col: 2" }
{ { "up" "it's down" } { "left" "right" "yes" } }
"a comment"
3 -1/3 0.25 2 -7 0 1 1 5/2 0 0 4
"""


@pytest.mark.parametrize("name", ["?0", "?", "-x", "&a", "*a", "!t", "%p", "@x", "`x", "|x",
                                  ">x", "'q", '"q', "yes", "null", "~", "1e3", "a b"])
def test_strategy_names_with_flow_indicators_round_trip(name: str) -> None:
    """A strategy name YAML might read as something else inside [a, b] comes back."""
    text = ("scenario: names\nplayers:\n  A:\n  - " + json.dumps(name) + "\n  - other\n"
            "  B: [b]\npayoffs:\n  ? " + json.dumps(name + ", b") + "\n  : [1, 2]\n"
            "  other, b: [3, 4]\n")
    original = parse_scenario(text, "names.yaml")
    back = parse_scenario(original.to_yaml(), "written.yaml")
    assert back.players[0].strategy_names == [name, "other"]
    assert (back.game().payoffs == original.game().payoffs).all()


def test_game_to_yaml_numbers() -> None:
    game = parse_nfg(NFG, "x.nfg")
    text = game_to_yaml(game)
    back = parse_scenario(text, "x.yaml")
    assert back.title == "Numbers only" and back.description == "a comment"
    assert [p.name for p in back.players] == ["Row player", "Col: 2"]
    assert [p.strategy_names for p in back.players] == [["up", "it's down"],
                                                        ["left", "right", "yes"]]
    assert (back.game().payoffs == game.payoffs).all()
    # values from the .nfg text, player 1 fastest: (up, left) = (3, -1/3)
    assert back.game().payoffs[(1, 0, 0)] == Fraction(-1, 3)
    assert back.game().payoffs[(0, 1, 0)] == Fraction(1, 4)
    assert back.game().payoffs[(0, 0, 2)] == Fraction(5, 2)


@pytest.mark.parametrize("nfg, words", [
    ('NFG 1 R "t" { "A" } { 2 }\n1 2\n', "at least 2 players"),
    ('NFG 1 R "t" { "A" "B" } { { "x, y" "z" } { "u" } }\n1 2 3 4\n', "comma"),
])
def test_game_to_yaml_refuses_unwritable_names(nfg: str, words: str) -> None:
    with pytest.raises(GameError, match=words):
        game_to_yaml(parse_nfg(nfg))


def test_game_to_yaml_refuses_duplicate_players() -> None:
    import numpy as np

    from games.model import Game, Player, Strategy
    players = (Player("A", (Strategy("x"),)), Player("A", (Strategy("y"),)))
    game = Game(players, np.full((2, 1, 1), Fraction(1), dtype=object))
    with pytest.raises(GameError, match="duplicate player"):
        game_to_yaml(game)


def test_nfg_players_shown_alike_are_told_apart_at_load() -> None:
    esc, backslashed = "\x1b", "\\\\x1b"      # ESC itself; the four characters \x1b
    game = parse_nfg(f'NFG 1 R "t" {{ "A" "A" "{esc}" "{backslashed}" }} {{ 1 1 1 1 }}\n'
                     "1 2 3 4\n")
    assert game.player_names == ["A", "A~2", "\x1b", "\\x1b~2"]


# ------------------------------------------------------------------ the command

def run_json(capsys: pytest.CaptureFixture, *args: Any) -> tuple[dict, str]:
    """`analyze ... --format json` in-process: the JSON document and stderr."""
    status = main([str(a) for a in args] + ["--format", "json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    return json.loads(out), err


def comparable(doc: dict) -> dict:
    """The analysis results of a JSON document (what the export must not change)."""
    return {k: doc[k] for k in ("scenario", "players", "parameters", "equilibria",
                                "dominance", "sensitivity")}


@pytest.mark.parametrize("name", ["idlib_m4_patrols.yaml", "effects_only_example.yaml",
                                  "chicken.yaml", "rock_paper_scissors.yaml"])
def test_export_yaml_then_analyze(name: str, tmp_path: Path, capsys) -> None:
    target = tmp_path / "x.yaml"
    before, err = run_json(capsys, ROOT / "scenarios" / name, "--export", target)
    assert f"scenario written to {target}" in err
    after, _ = run_json(capsys, target)
    assert comparable(after) == comparable(before)


def test_export_yaml_applies_set(tmp_path: Path, capsys) -> None:
    target = tmp_path / "chicken_half.yml"
    before, _ = run_json(capsys, ROOT / "scenarios" / "chicken.yaml", "--set", "crash_cost=1/2",
                         "--export", target, "--no-sensitivity")
    back = load_scenario(target)
    assert back.parameters["crash_cost"].value == Fraction(1, 2)
    assert back.parameters["crash_cost"].range == (0, 20)
    after, _ = run_json(capsys, target, "--no-sensitivity")
    assert after["parameters"] == {"crash_cost": "1/2"}
    assert after["equilibria"] == before["equilibria"]
    # below crash_cost 1 going straight is dominant (see the scenario's comments)
    assert [e["strategies"] for e in after["equilibria"]] == \
        [{"Ann": {"straight": "1"}, "Bob": {"straight": "1"}}]


def test_export_nfg_as_yaml(tmp_path: Path, capsys) -> None:
    source = tmp_path / "numbers.nfg"
    source.write_text(NFG, encoding="utf-8")
    target = tmp_path / "numbers.yaml"
    before, _ = run_json(capsys, source, "--export", target)
    text = target.read_text(encoding="utf-8")
    assert "parameters:" not in text and "-1/3" in text
    after, _ = run_json(capsys, target)
    assert comparable(after) == comparable(before)


@pytest.mark.parametrize("name", ["e04.nfg", "2x2x2.nfg", "g3.nfg"])
def test_export_gambit_corpus_as_yaml(name: str, tmp_path: Path, capsys) -> None:
    source = CORPUS / name
    if not source.exists():
        pytest.skip("Gambit corpus not found beside the repository")
    target = tmp_path / "again.yaml"
    before, _ = run_json(capsys, source, "--export", target, "--method", "pure")
    after, _ = run_json(capsys, target, "--method", "pure")
    assert after["equilibria"] == before["equilibria"]
    assert after["players"] == before["players"]


def assert_one_line_error(status: int, out: str, err: str, *words: str) -> None:
    assert status == 2, err
    assert out == ""
    assert err.startswith("analyze: error: ") and err.count("\n") == 1 and err.endswith("\n")
    for word in words:
        assert word in err, err


def test_export_bad_extension(tmp_path: Path, capsys) -> None:
    scenario = ROOT / "scenarios" / "chicken.yaml"
    for target in (tmp_path / "x.json", tmp_path / "x", tmp_path / "missing" / "x.yaml"):
        status = main([str(scenario), "--export", str(target)])
        out, err = capsys.readouterr()
        assert_one_line_error(status, out, err, "--export")
        assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_export_unwritable_nfg_writes_nothing(tmp_path: Path, capsys) -> None:
    source = tmp_path / "comma.nfg"
    source.write_text('NFG 1 R "t" { "A" "B" } { { "x, y" "z" } { "u" } }\n1 2 3 4\n')
    target = tmp_path / "comma.yaml"
    status = main([str(source), "--export", str(target)])
    out, err = capsys.readouterr()
    assert_one_line_error(status, out, err, "comma")
    assert not target.exists()


def test_scenario_to_yaml_is_the_method() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "prisoners_dilemma.yaml")
    assert scenario.to_yaml() == scenario_to_yaml(scenario)
    assert scenario.to_yaml({"temptation": Fraction(13, 2)}) != scenario.to_yaml()
