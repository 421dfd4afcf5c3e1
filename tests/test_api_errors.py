"""The public API raises only the documented error types (games.errors) on hostile
arguments: wrong types, NaN and infinities, huge integers, negative and zero counts,
unknown names, empty and ragged arrays, bytes, None, markup and escape sequences.

Each entry point of docs/api.md is called with a fixed table of such values; a call may
succeed (then its result is checked to be sane where that is cheap) or raise a
`games.GameError`, and nothing else. Every call runs under a bound on memory and time,
in one worker process for the whole table (so a hang or a blow-up fails the test
instead of the machine).
"""
from __future__ import annotations

import math
import os
import resource
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path

import numpy as np

import games
from games.errors import GameError

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"

NAN, INF = float("nan"), float("inf")
HUGE = 10 ** 5000
ESC = "\x1b[31mred\x1b[0m"
MARKUP = "[/link][bold]x"

# values that are not usable as a count, a time, a number or a name
BAD_NUMBERS: list[object] = [None, NAN, INF, -INF, HUGE, -HUGE, b"1", "1e400", "x",
                             ESC, MARKUP, [], {}, object(), True, complex(1, 1)]
BAD_COUNTS: list[object] = [0, -1, -(10 ** 30), 10 ** 30, 10 ** 12, NAN, INF, 1.5, "3",
                            None, b"3", True, [], HUGE]
BAD_TIMES: list[object] = [0, -1, -0.2, NAN, INF, -INF, HUGE, "1", b"1", [], True,
                           complex(1, 0)]
BAD_NAMES: list[object] = ["", "nope", ESC, MARKUP, None, 5, b"crash_cost", "\x00",
                           "crash_cost\n", HUGE]
BAD_MATRICES: list[object] = [[], [[]], [[1, 2], [3]], [[NAN, 1], [1, 1]],
                              [[INF, 1], [1, 1]], [["x", 1], [1, 1]], [[None, 1], [1, 1]],
                              [[b"1", 1], [1, 1]], [[HUGE, 1], [1, 1]], "[[1]]", None, 5,
                              [[[1]]], np.zeros((0, 3)), np.array([[1e308, 1], [1, 1]]),
                              [[10 ** 400, 1], [1, 1]], [[ESC, 1], [1, 1]],
                              [[complex(1, 1), 1], [1, 1]]]


def _r(v: object) -> str:
    """A short label for a value (huge integers and long texts abbreviated)."""
    if isinstance(v, int) and abs(v) > 10 ** 100:
        return f"<{len(str(abs(v) % 10 ** 50))}+ digit int>"
    try:
        text = repr(v)
    except ValueError:
        text = f"<{type(v).__name__}>"
    return text[:60]


def chicken() -> games.Game:
    return games.load(SCENARIOS / "chicken.yaml")


def pd() -> games.Game:
    return games.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def calls(tmp: Path) -> Iterator[tuple[str, Callable[[], object]]]:
    """(label, call) for every entry point and hostile value."""
    from games.formats.efg import parse_efg, read_efg
    from games.formats.nfg import parse_nfg, read_nfg
    from games.ordinal import ordinal_analysis
    from games.sensitivity import compare, monte_carlo, sweep
    g, plain = chicken(), pd()
    scen = games.load_scenario(SCENARIOS / "chicken.yaml")
    (tmp / "dir.yaml").mkdir(exist_ok=True)
    (tmp / "empty.yaml").write_text("")
    (tmp / "bin.nfg").write_bytes(b"\xff\xfe\x00NFG")
    (tmp / "pd.nfg").write_text('NFG 1 R "pd" { "a" "b" } { 2 2 } 3 3 0 5 5 0 1 1\n')
    (tmp / "esc.efg").write_text(f'EFG 2 R "{ESC}" {{ "a" "b" }}\n')
    paths: list[object] = [None, 5, b"scenarios/chicken.yaml", "", str(tmp / "dir.yaml"),
                           str(tmp / "missing.yaml"), str(tmp / "empty.yaml"),
                           str(tmp / "bin.nfg"), str(tmp / "esc.efg"), "/dev/zero",
                           f"{tmp}/{ESC}.yaml", f"{tmp}/{MARKUP}.nfg", "\x00.yaml"]
    for p in paths:
        yield f"load({_r(p)})", lambda p=p: games.load(p)  # type: ignore[arg-type]
        yield f"load_scenario({_r(p)})", lambda p=p: games.load_scenario(p)  # type: ignore[arg-type]
        yield f"read_nfg({_r(p)})", lambda p=p: read_nfg(p)  # type: ignore[arg-type]
        yield f"read_efg({_r(p)})", lambda p=p: read_efg(p)  # type: ignore[arg-type]
    for v in BAD_NUMBERS:
        yield f"load(values={_r(v)})", lambda v=v: games.load(SCENARIOS / "chicken.yaml",
                                                           values={"crash_cost": v})
        yield f"with_values({_r(v)})", lambda v=v: g.with_values(crash_cost=v)
        yield f"compare(crash_cost={_r(v)})", lambda v=v: g.compare(crash_cost=v)
    for values in ["crash_cost=1", ["crash_cost"], {"nope": 1}, {ESC: 1}, {5: 1}, 5]:
        yield f"load(values={_r(values)})", lambda v=values: games.load(
            SCENARIOS / "chicken.yaml", values=v)  # type: ignore[arg-type]
        yield f"load(nfg, values={_r(values)})", lambda v=values: games.load(
            tmp / "pd.nfg", values=v)  # type: ignore[arg-type]
    yield "with_values(nope=1)", lambda: g.with_values(nope=1)
    yield "with_values on a built game", lambda: plain.with_values(x=1)
    for game in [None, "chicken", 5, scen]:
        yield f"solve({_r(game)})", lambda x=game: games.solve(x)  # type: ignore[arg-type]
        yield f"analyze({_r(game)})", lambda x=game: games.analyze(x)  # type: ignore[arg-type]
        yield f"compare(g, {_r(game)})", lambda x=game: compare(g, x, solver=games.solve)  # type: ignore[arg-type]
    for m in ["bogus", "", None, 5, ESC, b"exact"]:
        yield f"solve(method={_r(m)})", lambda m=m: games.solve(g, method=m)  # type: ignore[arg-type]
        yield f"analyze(method={_r(m)})", lambda m=m: games.analyze(g, method=m)  # type: ignore[arg-type]
        yield f"equilibria(method={_r(m)})", lambda m=m: g.equilibria(method=m)  # type: ignore[arg-type]
    for t in BAD_TIMES:
        yield f"solve(timeout={_r(t)})", lambda t=t: games.solve(g, timeout=t)  # type: ignore[arg-type]
        yield f"analyze(timeout={_r(t)})", lambda t=t: games.analyze(g, timeout=t)  # type: ignore[arg-type]
        yield f"sensitivity(max_seconds={_r(t)})", lambda t=t: g.sensitivity(max_seconds=t)  # type: ignore[arg-type]
    for c in BAD_COUNTS:
        yield f"analyze(sensitivity_steps={_r(c)})", lambda c=c: games.analyze(
            g, sensitivity_steps=c)  # type: ignore[arg-type]
        yield f"sensitivity(max_work={_r(c)})", lambda c=c: g.sensitivity(max_work=c)  # type: ignore[arg-type]
        yield f"sweep(steps={_r(c)})", lambda c=c: g.sweep("crash_cost", steps=c)  # type: ignore[arg-type]
        yield f"monte_carlo({_r(c)})", lambda c=c: g.monte_carlo(c, seed=1)  # type: ignore[arg-type]
        yield f"monte_carlo(scenario, {_r(c)})", lambda c=c: monte_carlo(scen, c, seed=1, solver=games.solve)  # type: ignore[arg-type]
        yield f"ordinal_analysis(samples={_r(c)})", lambda c=c: ordinal_analysis(
            games.load(SCENARIOS / "arms_race_ordinal.yaml"), samples=c, seed=0)  # type: ignore[arg-type]
    for s in [-1, 2 ** 200, NAN, "x", b"1", 1.5, [1], ESC]:
        yield f"monte_carlo(seed={_r(s)})", lambda s=s: g.monte_carlo(10, seed=s)  # type: ignore[arg-type]
    for name in BAD_NAMES:
        yield f"sweep({_r(name)})", lambda n=name: g.sweep(n)  # type: ignore[arg-type]
        yield f"sweep(scenario, [{_r(name)}])", lambda n=name: sweep(scen, [n], solver=games.solve)  # type: ignore[list-item]
        yield f"regions({_r(name)})", lambda n=name: g.regions(n, "crash_cost")  # type: ignore[arg-type]
        yield f"payoff({_r(name)})", lambda n=name: g.payoff(n, (0, 0))  # type: ignore[arg-type]
    yield "sweep()", lambda: g.sweep()
    yield "sweep x3", lambda: g.sweep("crash_cost", "crash_cost", "crash_cost")
    yield "sweep twice the same", lambda: g.sweep("crash_cost", "crash_cost")
    yield "sweep names as a string", lambda: sweep(scen, "crash_cost", solver=games.solve)
    yield "regions same", lambda: g.regions("crash_cost", "crash_cost")
    yield "regions plain", lambda: plain.regions("a", "b")
    yield "sweep plain", lambda: plain.sweep("a")
    yield "monte_carlo plain", lambda: plain.monte_carlo(10)
    yield "compare different shapes", lambda: g.compare(games.Game.from_matrices([[1, 2, 3]]))
    for profile in [None, (0, 0), (0, 0, 0), (9, 9), (-1, 0), ("a", "b"), (NAN, 0),
                    (HUGE, 0), (), ((0, 0),)]:
        yield f"payoff(0, {_r(profile)})", lambda p=profile: g.payoff(0, p)  # type: ignore[arg-type]
        yield f"payoff(9, {_r(profile)})", lambda p=profile: g.payoff(9, p)  # type: ignore[arg-type]
    for mixed in [None, [], [[1]], [[1, 0]], [[1, 0], [1]], [[NAN, 1], [1, 0]],
                  [[INF, 0], [1, 0]], [[-1, 2], [1, 0]], [[2, 2], [1, 0]], [["a", 1], [1, 0]],
                  [[HUGE, 1], [1, 0]], "ab", [[1, 0], [1, 0], [1, 0]], [[b"1", 0], [1, 0]]]:
        yield f"expected_payoffs({_r(mixed)})", lambda m=mixed: g.expected_payoffs(m)  # type: ignore[arg-type]
        yield f"strategy_values({_r(mixed)})", lambda m=mixed: g.strategy_values(0, m)  # type: ignore[arg-type]
    for keep in [None, [], [[], [0]], [[9], [0]], [[-1], [0]], [[0]], [[0], [0], [0]],
                 [["a"], [0]], [[0, 0], [0]], "ab", [[NAN], [0]]]:
        yield f"restrict({_r(keep)})", lambda k=keep: g.restrict(k)  # type: ignore[arg-type]
    for m in BAD_MATRICES:
        yield f"from_matrices({_r(m)})", lambda m=m: games.Game.from_matrices(m)
        yield f"from_matrices(B={_r(m)})", lambda m=m: games.Game.from_matrices(
            [[1, 2], [3, 4]], m)
        yield f"from_array({_r(m)})", lambda m=m: games.Game.from_array(m)
    for players in [["a", "a"], ["", "b"], [ESC, "b"], [MARKUP, "b"], [" a", "b"], 5,
                    None, ["a"], [None, "b"], [b"a", "b"], "ab", [HUGE, 1], ["a\nb", "c"]]:
        yield f"from_matrices(players={_r(players)})", lambda p=players: \
            games.Game.from_matrices([[1, 2], [3, 4]], players=p)  # type: ignore[arg-type]
    for strategies in [[["x"], ["y", "z"]], [["x", "x"], ["y", "z"]], 5, [["x", "y"]],
                       [[ESC, "y"], ["a", "b"]], [[MARKUP, "y"], ["a", "b"]], [None, None],
                       [["", "y"], ["a", "b"]], "abcd", [["x ", "x"], ["a", "b"]]]:
        yield f"from_matrices(strategies={_r(strategies)})", lambda s=strategies: \
            games.Game.from_matrices([[1, 2], [3, 4]], strategies=s)  # type: ignore[arg-type]
    for title in [None, 5, b"t", ESC, MARKUP, "x" * 10 ** 6]:
        yield f"from_matrices(title={_r(title)})", lambda t=title: \
            games.Game.from_matrices([[1, 2], [3, 4]], title=t)  # type: ignore[arg-type]
    for arr in [np.zeros((3, 2, 2)), np.zeros((1,)), np.zeros(()), np.zeros((2, 0, 2)),
                [[[1, 2], [3, 4]], [[1, 2], [3]]], np.full((2, 2, 2), NAN),
                np.zeros((20,) + (1,) * 20)]:
        yield f"from_array(arr {_r(arr)})", lambda a=arr: games.Game.from_array(a)
    texts: list[object] = [None, 5, b"NFG 1 R", "", "NFG", "NFG 1 R \"t\" { \"a\" } { 2 }",
                           "NFG 1 R \"t\" { \"a\" \"b\" } { 2 2 } " + "1 " * 3,
                           "NFG 1 R \"t\" { \"a\" \"b\" } { 2 2 } " + "1e400 " * 8,
                           "NFG 1 R \"t\" { \"a\" \"b\" } { 2 2 } " + "nan " * 8,
                           "NFG 1 R \"t\" { \"a\" \"b\" } { 2 2 } " + "9" * 6000 + " 1" * 7,
                           "NFG 1 R \"t\" { \"a\" \"b\" } { 2 " + "9" * 6000 + " }",
                           "NFG 1 R \"t\" { \"a\" \"b\" } { 2 -2 } 1 1",
                           "NFG 1 R \"t\" { \"a\" \"b\" } { 0 2 }",
                           f"NFG 1 R \"{ESC}\" {{ \"{MARKUP}\" \"b\" }} {{ 1 1 }} 1 2",
                           "NFG 1 R \"t\" { " + "\"p\" " * 40 + "} { " + "2 " * 40 + "}"]
    for text in texts:
        yield f"parse_nfg({_r(text)})", lambda t=text: parse_nfg(t)  # type: ignore[arg-type]
    efgs: list[object] = [None, 5, b"EFG", "", "EFG 2 R", "EFG 2 R \"t\" { \"a\" \"b\" }\n"
                          "p \"\" 1 1 \"\" { \"x\" \"y\" } 0\n",
                          "EFG 2 R \"t\" { \"a\" \"b\" }\nt \"\" 1 \"\" { 1e400 nan }\n",
                          "EFG 2 R \"t\" { \"a\" \"b\" }\nc \"\" 1 \"\" { \"x\" 2 \"y\" -1 } 0\n"
                          "t \"\" 1 \"\" { 1 1 }\nt \"\" 2 \"\" { 0 0 }\n",
                          "EFG 2 R \"t\" { \"a\" \"b\" }\np \"\" 9 1 \"\" { \"x\" } 0\n"
                          "t \"\" 1 \"\" { 1 1 }\n"]
    for text in efgs:
        yield f"parse_efg({_r(text)})", lambda t=text: parse_efg(t)  # type: ignore[arg-type]
    from games.ordinal.classify import classify
    from games.ordinal.gmcr import stability
    from games.ordinal.tom import theory_of_moves
    for ranks in [None, [], [[1, 2], [3]], [[NAN, 1], [2, 3]], [[1, 2], [3, 4]],
                  [[9, 9], [9, 9]], [["a", 1], [2, 3]], [[-1, 0], [2, 3]], "rank"]:
        yield f"classify({_r(ranks)})", lambda r=ranks: classify(r, r)  # type: ignore[arg-type]
        yield f"stability({_r(ranks)})", lambda r=ranks: stability(r)  # type: ignore[arg-type]
        yield f"theory_of_moves({_r(ranks)})", lambda r=ranks: theory_of_moves(r)  # type: ignore[arg-type]
    for game in [None, plain, g, 5]:
        yield f"ordinal_analysis({_r(game)})", lambda x=game: ordinal_analysis(x)  # type: ignore[arg-type]


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _run_table(tmp: Path) -> list[str]:
    """Every call of the table, in this process; the failures as lines."""
    failures = []
    for label, call in calls(tmp):
        try:
            call()
        except GameError as err:
            text = str(err)
            if "\x1b" in text or "\n" in text.strip():
                failures.append(f"{label}: message not one literal line: {_r(text)}")
        except MemoryError:
            failures.append(f"{label}: MemoryError")
        except Exception as exc:  # noqa: BLE001 - this is what the test looks for
            tb = exc.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
            failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:150]} at {where}")
    return failures


def test_api_raises_only_documented_errors(tmp_path: Path) -> None:
    """The whole table, in a child process bounded to 1 GB and 240 s."""
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        sys.path.insert(0, {str(ROOT / 'tests')!r})
        import test_api_errors as t
        t._limit()
        for line in t._run_table(Path({str(tmp_path)!r})):
            print(line)
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=240, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout == "", "not our error type:\n" + done.stdout


def test_table_covers_every_documented_entry_point(tmp_path: Path) -> None:
    """The table has hostile calls for each entry point docs/api.md names."""
    labels = " ".join(label for label, _ in calls(tmp_path))
    for name in ["load(", "load_scenario(", "solve(", "analyze(", "with_values(", "sweep(",
                 "monte_carlo(", "compare(", "regions(", "from_matrices(", "from_array(",
                 "payoff(", "expected_payoffs(", "restrict(", "parse_nfg(", "read_nfg(",
                 "parse_efg(", "read_efg(", "ordinal_analysis(", "classify(", "stability(",
                 "theory_of_moves(", "sensitivity("]:
        assert name in labels, name


def test_good_values_still_work() -> None:
    """The checks refuse only bad values: the ordinary calls give the textbook answers."""
    g = chicken()
    mixed = [e for e in games.solve(g, timeout=30) if e.kind == "mixed"]
    assert [e.profile[0] for e in mixed] == [(Fraction(9, 10), Fraction(1, 10))]
    assert g.with_values(crash_cost=2.5).values["crash_cost"] == Fraction(5, 2)
    assert math.isclose(float(pd().payoff(0, (1, 1))), 1.0)
    assert g.monte_carlo(20, seed=0).samples == 20
