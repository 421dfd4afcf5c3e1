"""A third round of hostile input, from an independent review of issue 13 with inputs
the earlier rounds (tests/test_hostile.py, tests/test_hostile_unseen.py) were not
written against. Each case below failed before its fix:

- a parameter whose range is one point ([c, c], legal) crashed the robustness section
  with ZeroDivisionError (its width divided every share of a range);
- a parameter in an exponent (`2**a`) crashed `--sweep`, `--sweep a --sweep b` and
  `--monte-carlo` with an internal error (NotRational), where the plain analysis
  already said "'a' is used in an exponent";
- a range of huge numbers under `--regions` or `--monte-carlo` printed numpy's
  RuntimeWarning (two lines of source) before the error line;
- a pole inside a 2-D sweep's range (`b/a`, a in [0, 10]) was found only after every
  other grid point was solved (over 20 s at 151 steps, minutes at 301), and a failing point in a
  worker process let the other workers run on before the error was shown.

Same bound as the other rounds: a subprocess under tests/test_hostile.py's bound, exit 2 with one clear
line (or exit 0 with the answer checked here), no traceback, no escape sequence.
"""
from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from tests.test_hostile import LEGAL_SECONDS, analyze, refused, two_by_two, write


def _params(a: str, b: str | None = None) -> str:
    text = f"parameters:\n  a: {{value: 1, range: {a}}}\n"
    return text + (f"  b: {{value: 1, range: {b}}}\n" if b else "")


@pytest.mark.parametrize("extra", [[], ["--sweep", "a", "--steps", "5"],
                                   ["--monte-carlo", "50", "--seed", "1"]])
def test_a_range_of_one_point_is_analysed(tmp_path: Path, extra: list[str]) -> None:
    """a fixed at 1/3 by its range: (x, x) pays A 1/3 < 1, so A's best reply to x is y
    and the pure equilibria are (y, y) only (checked by hand: (y, y) pays 2, 2 and
    neither gains by leaving it)."""
    text = two_by_two("a", params="parameters:\n  a: {value: 1/3, range: [1/3, 1/3]}\n")
    proc = analyze(write(tmp_path, "g.yaml", text), "--format", "json", *extra,
                   seconds=LEGAL_SECONDS)
    assert proc.returncode == 0, proc.stderr
    pure = [e for e in json.loads(proc.stdout)["equilibria"]
            if all(len([p for p in s.values() if Fraction(p) > 0]) == 1
                   for s in e["strategies"].values())]
    assert [e["payoffs"] for e in pure] == [{"A": "2", "B": "2"}]


@pytest.mark.parametrize("extra", [["--sweep", "a", "--steps", "6"],
                                   ["--sweep", "a", "--sweep", "b", "--steps", "6"]])
def test_a_parameter_in_an_exponent_is_swept_point_by_point(tmp_path: Path,
                                                            extra: list[str]) -> None:
    """2**a on a in [0, 5] at six points (integers only), each solved on its own. By
    hand: (x, x) pays A 2**a >= 1 (its deviation to y pays 1) and B 1 (deviation: 1),
    so it is an equilibrium at every point, paying A 2**a; so is (y, y), paying 2, 2."""
    path = write(tmp_path, "g.yaml", two_by_two("2**a", params=_params("[0, 5]", "[0, 5]")))
    proc = analyze(path, "--format", "json", "--no-sensitivity", *extra, seconds=LEGAL_SECONDS)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    points = report["sweep"]
    assert len(points) == (6 if len(extra) == 4 else 36)
    for point in points:
        pure = {(tuple(e["strategies"]["A"]), tuple(e["strategies"]["B"])): e["payoffs"]
                for e in point["equilibria"] if e["kind"] == "pure"}
        assert pure[("x",), ("x",)] == {"A": str(2 ** int(point["values"]["a"])), "B": "1"}
        assert pure[("y",), ("y",)] == {"A": "2", "B": "2"}
    assert "exponent" in " ".join(report["sweep_notes"])


def test_a_parameter_in_an_exponent_at_a_fractional_point_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "g.yaml", two_by_two("2**a", params=_params("[0, 5]")))
    refused(path, "--sweep", "a", "--steps", "3",
            words=("the exponent must be an integer", "5/2", "g.yaml:8:"))
    refused(path, "--monte-carlo", "20", "--seed", "1",
            words=("the exponent must be an integer",))


@pytest.mark.parametrize("extra", [["--regions", "a", "b"],
                                   ["--monte-carlo", "100", "--seed", "1"]])
def test_huge_ranges_give_one_line(tmp_path: Path, extra: list[str]) -> None:
    """a*b on [0, 1e300] x [-1e300, 1e300] reaches 1e600 at a corner: refused with the
    payoff limit, and no numpy warning on the way."""
    path = write(tmp_path, "g.yaml",
                 two_by_two("a*b", params=_params("[0, 1e300]", "[-1e300, 1e300]")))
    refused(path, *extra, words=("payoff too large",))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_pole_inside_a_two_dimensional_sweep_is_refused_before_solving(
        tmp_path: Path, workers: str) -> None:
    path = write(tmp_path, "g.yaml", two_by_two("b/a", params=_params("[0, 10]", "[-10, 10]")))
    refused(path, "--sweep", "a", "--sweep", "b", "--steps", "151", "--workers", workers,
            words=("division by zero", "with a=0"))


def test_plane_boxes_overflow_means_no_certain_sign() -> None:
    """Interval arithmetic past the float range: inf and nan bounds give no certain
    sign (a sub-box where the polynomial may vanish), never a wrong one."""
    import warnings

    from games.sensitivity.plane_boxes import certain_signs
    box = ((Fraction(0), Fraction(10) ** 300), (-Fraction(10) ** 300, Fraction(10) ** 300))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (pos, neg), = certain_signs([{(1, 1): 1.0, (0, 0): 1.0}], box, 4)
    assert not pos[:, 0].any() and not neg[:, 0].any()   # a*b+1 takes both signs there
    (pos2, _), = certain_signs([{(0, 0): 1.0}], box, 4)
    assert pos2.all()                                     # the constant 1 stays positive


def test_a_deep_efg_chain_is_refused_at_the_node_past_the_limit(tmp_path: Path) -> None:
    """A one-player chain of 2,000 decisions (a RecursionError, exit 1, before the
    limit): refused at node 301, line 603 (two lines per level after the header)."""
    lines = ['EFG 2 R "x" { "A" "B" }']
    for i in range(2000):
        lines += [f'p "" 1 {i + 1} "" {{ "s" "g" }} 0', f't "" {i + 1} "" {{ {i}, 1 }}']
    lines.append('t "" 2001 "" { 0, 0 }')
    path = write(tmp_path, "deep.efg", "\n".join(lines) + "\n")
    refused(path, words=("deep.efg:603:1:", "deeper than 300 levels"))


def test_an_efg_chain_within_the_limit_is_solved(tmp_path: Path) -> None:
    """250 levels. By backward induction: at the last decision A stops (249 > 0); at
    every earlier one going on (249 in the end) beats stopping at level i < 249. The
    only subgame-perfect equilibrium goes on 249 times and stops: payoffs 249, 1."""
    lines = ['EFG 2 R "x" { "A" "B" }']
    for i in range(250):
        lines += [f'p "" 1 {i + 1} "" {{ "s" "g" }} 0', f't "" {i + 1} "" {{ {i}, 1 }}']
    lines.append('t "" 251 "" { 0, 0 }')
    proc = analyze(write(tmp_path, "ok.efg", "\n".join(lines) + "\n"), "--format", "json",
                   "--no-sensitivity", seconds=LEGAL_SECONDS)
    assert proc.returncode == 0, proc.stderr
    spe = json.loads(proc.stdout)["subgame_perfect"]["equilibria"]
    assert len(spe) == 1
    assert spe[0]["path"] == ["g"] * 249 + ["s"]
    assert spe[0]["payoffs"] == {"A": "249", "B": "1"}


@pytest.mark.parametrize("name, text, words", [
    ("title.nfg", 'NFG 1 R "' + "a" * 3_000_000 + '" { "A" "B" } { 2 2 }\n\n1 2 3 4 5 6 7 8\n',
     ("title.nfg:1:9:", "3,000,002 characters", "the limit is 10,000")),
    ("name.nfg", 'NFG 1 R "x" { "' + "A" * 3_000_000 + '" "B" } { 2 2 }\n\n1 2 3 4 5 6 7 8\n',
     ("name.nfg:1:15:", "is too long")),
    ("title.efg", 'EFG 2 R "' + "t" * 3_000_000 + '" { "A" "B" }\nt "" 1 "" { 1, 0 }\n',
     ("title.efg:1:9:", "is too long")),
    ("title.yaml", two_by_two(title="t" * 3_000_000),
     ("title.yaml:1:11:", "the title ('scenario:') is too long", "3,000,000 characters")),
    ("name.yaml", 'scenario: s\nplayers:\n  A: [x, "' + "y" * 20_000 + '"]\n  B: [x, w]\n'
                  "payoffs:\n  default: [0, 0]\n",
     ("name.yaml:3:", "is too long", "20,000 characters")),
])
def test_names_and_titles_of_megabytes_are_refused(tmp_path: Path, name: str, text: str,
                                                   words: tuple[str, ...]) -> None:
    """Were wrapped for the terminal character by character: 16 s for a 4 MB .nfg
    title, over 30 s for a 3 MB strategy name."""
    refused(write(tmp_path, name, text), words=words)


def test_surplus_nfg_tokens_are_not_all_read(tmp_path: Path) -> None:
    """A 2 x 2 game needs eight numbers; four million tokens followed them (about 12 s
    tokenizing them all before the error): refused at the first surplus one."""
    path = write(tmp_path, "many.nfg", 'NFG 1 R "x" { "A" "B" } { 2 2 }\n\n' + "1 " * 2_000_000)
    refused(path, words=("many.nfg:3:17:", "after the last payoff"))


@pytest.mark.parametrize("address", ["\x1b[2Jtcp://x:1", "http://[::1", "tcp://x",
                                     "tcp://127.0.0.1:99999", "tcp://h:" + "9" * 5000])
def test_malformed_cluster_addresses_are_refused_before_connecting(address: str) -> None:
    """Dask raised ValueError (an internal error, exit 1) on the first three."""
    line = refused("scenarios/chicken.yaml", "--cluster", address, "--monte-carlo", "10",
                   words=("--cluster",))
    assert "\x1b" not in line


def test_an_unreachable_cluster_is_given_up_within_the_bound() -> None:
    pytest.importorskip("distributed", reason="--cluster needs the optional dask extra")
    refused("scenarios/chicken.yaml", "--cluster", "tcp://127.0.0.1:1", "--monte-carlo", "10",
            words=("cannot reach a Dask scheduler", "after 3 s"))


@pytest.mark.parametrize("flag, suffix, extra", [("--export", "nfg", []),
                                                 ("--html", "html", []),
                                                 ("--plot", "png", ["--sweep", "crash_cost"])])
def test_an_output_target_that_is_a_symlink_loop(tmp_path: Path, flag: str, suffix: str,
                                                 extra: list[str]) -> None:
    (tmp_path / f"a.{suffix}").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / f"a.{suffix}")
    refused("scenarios/chicken.yaml", flag, tmp_path / f"a.{suffix}", *extra,
            words=("symbolic link that loops",))
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"a.{suffix}", "b"]


INVISIBLE = ("\ufeff", "\u200b", "\u202e", "\x9b", "\x7f", "\U000e0041")


def test_invisible_characters_in_json_are_escaped_and_round_trip(tmp_path: Path) -> None:
    """json.dumps(ensure_ascii=False) left BOM, zero-width, bidi, DEL and C1 controls
    raw in the terminal output; now each is a \\uXXXX escape, and the data read back
    are the names exactly as written."""
    names = [f"s{k}{ch}" for k, ch in enumerate(INVISIBLE)]
    quoted = ('"' + n.encode("unicode_escape").decode("ascii") + '"' for n in names)
    text = ("scenario: t\nplayers:\n  A: [" + ", ".join(quoted) +
            "]\n  B: [x]\neffects:\n  - payoffs: {A: 1}\n")
    proc = analyze(write(tmp_path, "g.yaml", text), "--format", "json", "--no-sensitivity",
                   seconds=LEGAL_SECONDS)
    assert proc.returncode == 0, proc.stderr
    assert not any(ch in proc.stdout for ch in INVISIBLE)
    players = json.loads(proc.stdout)["players"]
    assert players[0]["strategies"] == names


def test_control_characters_in_latex_are_named(tmp_path: Path) -> None:
    """The C1 control CSI (0x9b) and DEL passed through as 'Latin letters'."""
    text = two_by_two(names=("x", "y\\x9b2J\\x7f", "x", "w"))
    proc = analyze(write(tmp_path, "g.yaml", text), "--format", "latex", "--no-sensitivity",
                   seconds=LEGAL_SECONDS)
    assert proc.returncode == 0, proc.stderr
    assert "\x9b" not in proc.stdout and "\x7f" not in proc.stdout
    assert "y[u+009b]2J[u+007f]" in proc.stdout


def test_invisible_characters_never_reach_the_html_page_raw(tmp_path: Path) -> None:
    """NUL, ESC, BEL, the C1 CSI, bidi overrides and zero-width marks in a tree's names
    were written raw into the page's static sections (html.escape leaves them)."""
    bad = "\\x00\\e]0;t\\a\\x9b\\u202e\\u200b"
    text = (f'scenario: "T{bad}"\nplayers: ["A{bad}", B]\ntree:\n  chance:\n'
            f'    "h{bad}":\n      p: 1/2\n      then: {{"A{bad}": {{"l{bad}": [1, 2], r: [0, 1]}}, '
            f'info: "i{bad}"}}\n    t:\n      p: 1/2\n      then: {{"A{bad}": {{"l{bad}": [3, 0], '
            f'r: [0, 1]}}, info: "i{bad}"}}\n')
    page = tmp_path / "p.html"
    proc = analyze(write(tmp_path, "g.yaml", text), "--html", page, "--no-sensitivity",
                   seconds=LEGAL_SECONDS)
    assert proc.returncode == 0, proc.stderr
    html = page.read_text(encoding="utf-8")
    assert not any(ch in html for ch in "\x00\x1b\x07\x9b\u202e\u200b")
    assert "A\\x00\\x1b]0;t\\x07\\x9b\\u202e\\u200b" in html


@pytest.mark.parametrize("ext", ["yaml", "efg"])
def test_a_small_tree_with_a_huge_reduced_form_is_refused_before_building_it(
        tmp_path: Path, ext: str) -> None:
    """Chance picks one of 17 nodes, each A's own information set of two actions: 52
    nodes, but 2**17 = 131,072 plans for A (ran over 10 s building and comparing them)."""
    n = 17
    if ext == "yaml":
        outs = ", ".join(f"o{i}: {{p: 1/{n}, then: {{A: {{l: [{i}, 1], r: [0, {i}]}}}}}}"
                         for i in range(n))
        text = f"scenario: t\nplayers: [A, B]\ntree: {{chance: {{{outs}}}}}\n"
    else:
        lines = ['EFG 2 R "x" { "A" "B" }',
                 'c "" 1 "" { ' + " ".join(f'"o{i}" 1/{n}' for i in range(n)) + ' } 0']
        for i in range(n):
            lines += [f'p "" 1 {i + 1} "" {{ "l" "r" }} 0', f't "" {2 * i + 1} "" {{ {i}, 1 }}',
                      f't "" {2 * i + 2} "" {{ 0, {i} }}']
        text = "\n".join(lines) + "\n"
    refused(write(tmp_path, f"g.{ext}", text),
            words=("reduced strategic form", "131072 x 1 = 131,072 pure profiles",
                   "the limit is 100,000"))


def test_plan_count_agrees_with_the_plans_built() -> None:
    """The count equals len(plans_for(...)) on every shipped tree and player."""
    import games
    from games.tree.reduced import plan_count, plans_for
    for name in ("centipede", "bayesian_entry", "idlib_ultimatum", "crisis_bargaining",
                 "entry_deterrence"):
        scenario = games.load_scenario(f"scenarios/{name}.yaml")
        tree = scenario.spec.tree()
        for i in range(tree.n_players):
            assert plan_count(tree, i, [0]) == len(plans_for(tree, i, [0], {}))
