"""A second round of hostile input, written after the first round was fixed: inputs the
readers and option checks were not written against (YAML alias bombs and deep nesting,
power towers, sparse and symlinked files, sockets, OSC and bidi sequences in .nfg and
.efg names, option values in odd spellings). Same bound as tests/test_hostile.py:
each run ends within tests/test_hostile.py's bound, exit 2 with one clear line (or exit 0 for legal
input), no traceback, no escape sequence from the file on the terminal, nothing
written.
"""
from __future__ import annotations

import json
import os
import socket
from fractions import Fraction
from pathlib import Path

import pytest

from tests.test_hostile import ESC, analyze, refused, two_by_two, write

OSC = "\x1b]0;pwned\x07"                 # sets the terminal title
BIDI = "\u202e"                           # right-to-left override
CSI = "\x1b[2J"                           # clears the screen


# ------------------------------------------------------------------ huge numbers

@pytest.mark.parametrize("payoff", ["9**9**9", "(2**1000)**1000", "1e999999999",
                                    "0.000000000000000000000000000001e-999999",
                                    "1" + "0" * 1500])
def test_unseen_huge_numbers(tmp_path: Path, payoff: str) -> None:
    refused(write(tmp_path, "n.yaml", two_by_two(a=payoff)), words=("n.yaml",))


def test_parameter_value_and_set_of_huge_numbers(tmp_path: Path) -> None:
    params = "parameters:\n  p:\n    value: 1\n    range: [0, 1e99999]\n"
    refused(write(tmp_path, "p.yaml", two_by_two(a="p", params=params)), words=("p.yaml",))
    ok = "parameters:\n  p:\n    value: 1\n    range: [0, 2]\n"
    path = write(tmp_path, "q.yaml", two_by_two(a="p", params=ok))
    refused(path, "--set", "p=1e99999999", words=("--set",))
    refused(path, "--set", "p=" + "7" * 5000, words=("--set",))


# ------------------------------------------------------------------ huge games, compactly

def test_forty_players_of_two_strategies(tmp_path: Path) -> None:
    players = "".join(f"  P{i}: [a, b]\n" for i in range(40))
    text = f"scenario: big\nplayers:\n{players}payoffs:\n  default: [{', '.join(['0'] * 40)}]\n"
    refused(write(tmp_path, "forty.yaml", text), words=("too many players",))


def test_three_players_of_a_hundred_strategies_through_effects(tmp_path: Path) -> None:
    names = ", ".join(f"s{i}" for i in range(100))
    text = (f"scenario: wide\nplayers:\n  A: [{names}]\n  B: [{names}]\n  C: [{names}]\n"
            "effects:\n  - when: {A: s1}\n    add: [1, 0, 0]\n")
    refused(write(tmp_path, "wide.yaml", text), words=("1,000,000 pure profiles",))


def test_many_effects_on_one_profile_are_summed_within_the_bound(tmp_path: Path) -> None:
    """20,000 rules on one cell (was quadratic: each rule copied the growing sum): the
    payoff there is the sum, computed here."""
    n = 20_000
    rules = "".join(f"  - when: {{A: a, B: x}}\n    payoffs: {{A: {j % 7}, B: {j % 5}}}\n"
                    for j in range(n))
    path = write(tmp_path, "sum.yaml", "scenario: s\nplayers:\n  A: [a, b]\n  B: [x, y]\n"
                                      f"effects:\n{rules}")
    proc = analyze(path, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    paid = json.loads(proc.stdout)["equilibria"][0]["payoffs"]
    assert (Fraction(paid["A"]), Fraction(paid["B"])) == (sum(j % 7 for j in range(n)),
                                                          sum(j % 5 for j in range(n)))


def test_a_file_of_too_many_yaml_values_is_refused_before_composing(tmp_path: Path) -> None:
    rules = "  - when: {A: a, B: x}\n    payoffs: {A: 1, B: 2}\n" * 80_000    # 3 MB
    path = write(tmp_path, "many.yaml", "scenario: m\nplayers:\n  A: [a, b]\n  B: [x, y]\n"
                                       f"effects:\n{rules}")
    line = refused(path, words=("too many YAML values", "the limit is 300,000"))
    assert line.startswith(f"analyze: error: {path}:")


def test_effects_touching_too_many_cells_are_refused(tmp_path: Path) -> None:
    """25 rules without `when`, each over every one of 100,000 profiles: refused at the
    21st (line 26), past 2,000,000."""
    a, b = ", ".join(f"a{i}" for i in range(400)), ", ".join(f"b{i}" for i in range(250))
    rules = "  - payoffs: {A: 1}\n" * 25
    path = write(tmp_path, "cells.yaml", f"scenario: c\nplayers:\n  A: [{a}]\n  B: [{b}]\n"
                                        f"effects:\n{rules}")
    refused(path, words=("cells.yaml:26:", "2,100,000 payoff cells", "the limit is 2,000,000"))


def test_one_player_with_too_many_strategies(tmp_path: Path) -> None:
    names = ", ".join(f"s{i}" for i in range(120_000))
    text = f"scenario: long\nplayers:\n  A: [{names}]\n  B: [x]\n"
    refused(write(tmp_path, "long.yaml", text), words=("pure profiles",))


def test_nfg_declaring_a_huge_game(tmp_path: Path) -> None:
    text = 'NFG 1 R "big" { "a" "b" "c" } { 1000 1000 1000 }\n1 2 3\n'
    refused(write(tmp_path, "big.nfg", text), words=("big.nfg", "pure profiles"))


# ------------------------------------------------------------------ huge and odd files

def test_yaml_alias_bomb(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    text = "\n".join(lines) + "\nscenario: *a8\nplayers: {A: [x], B: [y]}\n"
    refused(write(tmp_path, "bomb.yaml", text), words=("bomb.yaml",))


def test_deeply_nested_yaml(tmp_path: Path) -> None:
    text = "scenario: " + "[" * 200_000 + "]" * 200_000 + "\n"
    refused(write(tmp_path, "deep.yaml", text), words=("deep.yaml",))


def test_deeply_nested_expression(tmp_path: Path) -> None:
    refused(write(tmp_path, "paren.yaml", two_by_two(a="(" * 50_000 + "1" + ")" * 50_000)),
            words=("paren.yaml",))


def test_sparse_nfg_and_efg(tmp_path: Path) -> None:
    for name in ("big.nfg", "big.efg"):
        with open(tmp_path / name, "wb") as f:
            f.truncate(10 ** 10)                   # 10 GB declared, nothing stored
        refused(tmp_path / name, words=("file too large",))


def test_special_files_under_game_names(tmp_path: Path) -> None:
    (tmp_path / "dev.efg").symlink_to("/dev/urandom")
    refused(tmp_path / "dev.efg", words=("character device",))
    os.mkfifo(tmp_path / "pipe.nfg")
    refused(tmp_path / "pipe.nfg", words=("FIFO",))
    (tmp_path / "dir.nfg").mkdir()
    refused(tmp_path / "dir.nfg", words=("directory",))
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "s.yaml"))
        refused(tmp_path / "s.yaml", words=("s.yaml",))
    finally:
        sock.close()
    refused("scenarios/chicken.yaml", "--compare", "/dev/zero", words=("/dev/zero",))


# ------------------------------------------------------------------ abusive option values

@pytest.mark.parametrize("args", [
    ["--timeout", "1e309"], ["--timeout", "-0"], ["--timeout", "NaN"], ["--timeout", "0x10"],
    ["--steps", "-5", "--sweep", "crash_cost"], ["--steps", "1e3", "--sweep", "crash_cost"],
    ["--monte-carlo", "0"], ["--monte-carlo", "99999999999999999999999"],
    ["--seed", str(2 ** 64), "--monte-carlo", "10"], ["--sensitivity-steps", "0"],
    ["--workers", "0"], ["--workers", "100000000"], ["--set", "crash_cost="],
    ["--set", "=1"], ["--set", f"crash_cost={ESC}[31m"], ["--only", "bogus"],
    ["--regions", "crash_cost", "crash_cost"], ["--sweep", f"{ESC}[2J"],
])
def test_unseen_abusive_options(args: list[str]) -> None:
    line = refused("scenarios/chicken.yaml", *args, words=())
    assert ESC not in line


# ------------------------------------------------------------------ names: markup, escapes

@pytest.mark.parametrize("name", [OSC, BIDI + "evil", CSI, "[link=http://x]click[/link]",
                                  "a\rb", "x\u200by"])
def test_names_with_sequences_in_yaml_are_literal(tmp_path: Path, name: str) -> None:
    esc = name.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    path = write(tmp_path, "names.yaml", two_by_two(title=f'"{esc}"',
                                                     names=(esc, "y", "x", "w")))
    proc = analyze(path, "--no-sensitivity", seconds=20.0)
    assert proc.returncode in (0, 2), proc.stderr
    out = proc.stdout + proc.stderr
    assert ESC not in out and BIDI not in out and "\r" not in out and "\u200b" not in out
    if proc.returncode == 2:
        assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("name", [OSC, BIDI + "evil", CSI, "[/link][bold]x"])
def test_names_with_sequences_in_nfg_and_efg_are_literal(tmp_path: Path, name: str) -> None:
    nfg = f'NFG 1 R "{name}" {{ "{name}" "B" }} {{ {{ "{name}" "b" }} {{ "c" "d" }} }}\n""\n' \
          "{\n{ \"\" 1, 2 }\n{ \"\" 0, 0 }\n{ \"\" 0, 0 }\n{ \"\" 2, 1 }\n}\n1 2 3 4\n"
    efg = (f'EFG 2 R "{name}" {{ "{name}" "B" }}\n'
           f'p "{name}" 1 1 "{name}" {{ "{name}" "r" }} 0\n'
           f't "{name}" 1 "{name}" {{ 1, 0 }}\n' 't "" 2 "" { 0, 1 }\n')
    for file_name, text in (("n.nfg", nfg), ("t.efg", efg)):
        proc = analyze(write(tmp_path, file_name, text), "--no-sensitivity", seconds=20.0)
        assert proc.returncode in (0, 2), proc.stderr
        out = proc.stdout + proc.stderr
        assert ESC not in out and BIDI not in out and "\x07" not in out
        if proc.returncode == 2:
            assert len(proc.stderr.strip().splitlines()) == 1


def test_nothing_written_when_refused(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", two_by_two(a="9**9**9"))
    out = tmp_path / "out"
    out.mkdir()
    for flag, target in (("--export", "x.json"), ("--html", "x.html"), ("--plot", "x.png")):
        extra = ["--sweep", "crash_cost"] if flag == "--plot" else []
        proc = analyze(bad, flag, out / target, *extra)
        assert proc.returncode == 2
    assert list(out.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "out"]


def test_out_of_memory_is_a_clear_message_not_an_internal_error(monkeypatch, capsys) -> None:
    """A legal game too large for the memory the process may use (an 8,000 x 2 game
    with all-distinct strategies under a 1 GB cap raises MemoryError after about 22 s:
    too slow to run here, so the engine's MemoryError is raised directly) ends with one
    line naming the problem and the ways forward, exit 2, no traceback."""
    import cli.main

    def out_of_memory(args: object) -> int:
        raise MemoryError
    monkeypatch.setattr(cli.main, "run", out_of_memory)
    assert cli.main.main(["scenarios/idlib_m4_patrols.yaml"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("analyze: error: out of memory") and "--method numeric" in err


# ------------------------------------------------------------------ third round

def test_a_chance_probability_dividing_by_zero_is_our_error(tmp_path: Path) -> None:
    """A constant `1/0` as a chance probability was an internal error (the sum of the
    probabilities was evaluated unguarded); now the file's line and the problem."""
    from games import load
    from games.errors import ScenarioError
    path = write(tmp_path, "p.yaml", "scenario: t\nplayers: [A, B]\ntree:\n  chance:\n"
                                     "    h: {p: \"1/0\", then: [1, 0]}\n"
                                     "    t: {p: \"1\", then: [0, 1]}\n")
    with pytest.raises(ScenarioError) as err:
        load(path)
    assert "p.yaml:4:" in str(err.value) and "division by zero" in str(err.value)


def test_sixteen_players_of_two_strategies_are_refused_by_their_payoffs(tmp_path: Path) -> None:
    """65,536 profiles (within the profile limit) of 16 players each: 1,048,576 payoffs,
    which took over 10 s just to read and check; refused at the players, by count."""
    from games import load
    from games.errors import ScenarioError
    players = "".join(f"  P{i}: [a, b]\n" for i in range(16))
    path = write(tmp_path, "sixteen.yaml", f"scenario: s\nplayers:\n{players}"
                                           "effects:\n  - when: {P0: a}\n    payoffs: {P0: 1}\n")
    with pytest.raises(ScenarioError) as err:
        load(path)
    assert "sixteen.yaml:3:" in str(err.value)
    assert f"16 players x {2 ** 16:,} pure profiles = {16 * 2 ** 16:,} payoffs" in str(err.value)


def test_repeated_efg_action_labels_are_made_distinct_in_linear_time() -> None:
    """A node of 100,000 actions (a 2 MB .efg) took minutes: each label was checked
    against the list of those before and after it. Repeats still get '#k', the last
    keeps the label, blanks become their number."""
    import time

    from games.formats.efg import _distinct
    start = time.process_time()
    names = _distinct(["a"] * 100_000)
    mixed = _distinct([f"b{i}" for i in range(100_000)] + ["", " ", "b1"])
    assert time.process_time() - start < 3.0      # about 0.3 s; the scans took minutes
    assert names[:2] == ["a#2", "a#3"] and names[-1] == "a" and len(set(names)) == 100_000
    assert mixed[1] == "b1#2" and mixed[-3:] == ["100001", "100002", "b1"]


def test_output_file_names_with_line_breaks_are_shown_escaped(tmp_path: Path) -> None:
    """'page written to FILE' printed the name raw: a carriage return or U+2028 in it
    could rewrite the line (escape sequences were caught only because their '/'
    made the folder missing)."""
    target = tmp_path / "o\r\u2028\x85\x1b[2Jx.nfg"
    proc = analyze("scenarios/chicken.yaml", "--no-sensitivity", "--export", target, seconds=20.0)
    assert proc.returncode == 0, proc.stderr
    assert target.is_file()
    for ch in ("\r", "\u2028", "\x85"):
        assert ch not in proc.stderr
    assert "written to" in proc.stderr and "\\x0d\\u2028\\x85\\x1b[2Jx.nfg" in proc.stderr


def test_counts_past_fifteen_digits_are_written_as_powers_of_ten() -> None:
    """A tree's reduced form can count plans in hundreds of digits: the refusal states
    the power of ten (exact at the boundaries), not the digits."""
    from games.limits import game_size_problem
    huge = game_size_problem((2**3333, 1)) or ""
    assert "at least 10^1003 x 1" in huge and len(huge) < 300
    assert "at least 10^15 x 2" in (game_size_problem((10**15, 2)) or "")
    assert "999999999999999 x 2 = at least 10^15 pure" in (game_size_problem((10**15 - 1, 2)) or "")
    assert "at least 10^29 x 1" in (game_size_problem((10**30 - 1, 1)) or "")
