"""Long work: progress a person can see, the same answer on every machine, and partial
results kept on Ctrl-C.

- Progress bars appear on a terminal (a pseudo-terminal here) within a second of
  what a trivial run (`analyze --version`) costs, and nothing appears on a pipe,
  unless --progress asks for it.
- The default limits count work, not seconds: the JSON of a parametric 8x8 game whose
  sensitivity analysis hits its work limit is identical on a quiet machine and with
  competing busy processes.
- SIGINT during a long exact enumeration gives valid JSON that says it is partial,
  exit status 130, and every equilibrium in it checked here with our own arithmetic.
"""
from __future__ import annotations

import itertools
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120", "TERM": "xterm"}
LABEL = b"exact enumeration: support profiles"


def random_444(path: Path) -> np.ndarray:
    """A random 3-player 4x4x4 game with no pure equilibrium, written as .nfg; its payoffs."""
    return random_3player(path, 4)


def random_3player(path: Path, n: int) -> np.ndarray:
    """A random 3-player n x n x n game (payoffs 0..9, seed 0) written as .nfg; its payoffs."""
    rng = np.random.default_rng(0)
    payoffs = rng.integers(0, 10, (3, n, n, n))
    values = []
    for profile in itertools.product(range(n), repeat=3):
        cell = tuple(reversed(profile))             # Gambit order: player 1 fastest
        values += [str(int(payoffs[(i, *cell)])) for i in range(3)]
    path.write_text(f'NFG 1 R "random {n}x{n}x{n}" {{ "P1" "P2" "P3" }} {{ {n} {n} {n} }}\n\n'
                    + " ".join(values) + "\n")
    return payoffs


def command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "cli.main", *map(str, args)]


def read_for(fd: int, seconds: float, until: bytes | re.Pattern[bytes]
             ) -> tuple[bytes, float | None]:
    """What arrives on `fd` within `seconds` (stops early once `until`, bytes or a
    pattern, is seen), and when it first appeared (None: never)."""
    start, out, seen = time.monotonic(), b"", None
    while time.monotonic() - start < seconds:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            if seen is None and (until in out if isinstance(until, bytes)
                                 else until.search(out)):
                seen = time.monotonic() - start
                break
    return out, seen


def on_a_terminal(args: list[str], seconds: float, until: bytes) -> tuple[bytes, float | None]:
    """What a process shows on stderr when that is a pseudo-terminal, within `seconds`
    or until `until` shows, and when it showed; the process is then killed."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    try:
        return read_for(master, seconds, until)
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


def interrupted(args: list[str], seconds: float, until: bytes | re.Pattern[bytes],
                pause: float
                ) -> tuple[bytes, bytes, int, float | None]:
    """Run a process, send it SIGINT `pause` seconds after `until` shows on its stderr
    (within `seconds`): its stdout, stderr, exit status, and when `until` showed."""
    proc = subprocess.Popen(args, cwd=ROOT, env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stderr is not None
    _, when = read_for(proc.stderr.fileno(), seconds, until)
    if when is not None:
        time.sleep(pause)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return out, err, proc.returncode, when


def start_up_seconds() -> float:
    """The wall time of a trivial run (`analyze --version`: Python and the command
    line only), the best of three: what any run pays before it can do anything."""
    times = []
    for _ in range(3):
        start = time.monotonic()
        subprocess.run(command("--version"), cwd=ROOT, env=ENV, capture_output=True,
                       timeout=60, check=True)
        times.append(time.monotonic() - start)
    return min(times)


def test_progress_on_a_terminal_and_not_on_a_pipe(tmp_path: Path) -> None:
    """On a terminal, the bar of the 4x4x4 game's enumeration appears within a few
    seconds of what a trivial run costs (both measured here, side by side, best of a
    few; the margin allows for a machine busy at one moment and not the other: a
    loaded 2-core machine took 1.9 s more), long before the enumeration ends; on a
    pipe nothing appears."""
    path = tmp_path / "g.nfg"
    random_444(path)
    firsts = []
    for _ in range(2):
        shown, when = on_a_terminal(command(path, "--no-sensitivity"), 20, LABEL)
        assert when is not None, shown[-500:]
        firsts.append(when)
    assert min(firsts) - start_up_seconds() < 3.0, (firsts, start_up_seconds())
    for args in [(), ("--format", "json")]:
        text, _ = stderr_until(command(path, "--no-sensitivity", *args), 4)
        assert LABEL not in text and b"\x1b[" not in text
    text, when = stderr_until(command(path, "--no-sensitivity", "--format", "json",
                                      "--progress"), 20)
    assert when is not None, text[-500:]


def stderr_until(args: list[str], seconds: float, until: bytes = LABEL
                 ) -> tuple[bytes, float | None]:
    """What a process writes on stderr (a pipe) within `seconds` or until `until`
    shows; the process is then killed."""
    proc = subprocess.Popen(args, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    assert proc.stderr is not None
    try:
        return read_for(proc.stderr.fileno(), seconds, until)
    finally:
        proc.kill()
        proc.wait()


def _max_regret(payoffs: np.ndarray, doc: dict, eq: dict) -> Fraction:
    """The largest gain from a pure deviation, in exact rationals from our own array
    (the interrupted list holds exact points; irrational ones are checked in floats)."""
    import sympy
    from sympy.parsing.sympy_parser import parse_expr
    mix = [[sympy.nsimplify(parse_expr(eq["strategies"][p["name"]].get(s, "0")))
            for s in p["strategies"]] for p in doc["players"]]
    worst = sympy.Integer(0)
    n = payoffs.shape[1]
    for i in range(3):
        values = []
        for own in range(n):
            total = sympy.Integer(0)
            for others in itertools.product(range(n), repeat=2):
                cell = list(others)
                cell.insert(i, own)
                weight = sympy.Integer(1)
                for k in range(3):
                    if k != i:
                        weight *= mix[k][cell[k]]
                total += weight * int(payoffs[(i, *cell)])
            values.append(total)
        current = sum(m * v for m, v in zip(mix[i], values))
        worst = max(worst, max(sympy.N(v - current, 30) for v in values))
    return worst


def test_sigint_gives_partial_json_and_exit_130(tmp_path: Path) -> None:
    """Ctrl-C half a second into an enumeration that takes about 10 s (a 5x5x5 game:
    the 4x4x4 one now finishes within a second, so the signal could land after it)."""
    path = tmp_path / "g.nfg"
    payoffs = random_3player(path, 5)
    out, err, code, when = interrupted(command(path, "--format", "json", "--progress"), 30,
                                       LABEL, 0.5)      # once the enumeration is under way
    assert when is not None
    assert code == 130, err[-500:]
    doc = json.loads(out)
    assert doc["partial"] is True and "interrupted" in doc["interrupted"]
    info = doc["equilibria_info"]
    assert info["complete"] is False and "interrupted (Ctrl-C)" in info["notes"][0]
    for eq in doc["equilibria"]:
        assert _max_regret(payoffs, doc, eq) <= 1e-20
    assert b"interrupted" in err


def parametric_8x8(path: Path) -> None:
    """An 8x8 scenario with three ranged parameters in a third of its payoffs."""
    rng = np.random.default_rng(8)
    names = [f"s{i}" for i in range(8)]
    rows = []
    for i, j in itertools.product(range(8), repeat=2):
        a, b = rng.integers(0, 10, 2)
        left = f"{a} + p" if rng.random() < 0.3 else (f"{a} - q" if rng.random() < 0.3 else str(a))
        right = f"{b} + r" if rng.random() < 0.3 else str(b)
        rows.append(f'  s{i}, s{j}: ["{left}", "{right}"]')
    path.write_text("scenario: parametric 8x8\nparameters:\n"
                    "  p: {value: 2, range: [0, 5]}\n  q: {value: 1, range: [0, 4]}\n"
                    "  r: {value: 3, range: [0, 6]}\n"
                    f"players:\n  Row: [{', '.join(names)}]\n  Col: [{', '.join(names)}]\n"
                    "payoffs:\n" + "\n".join(rows) + "\n")


@contextmanager
def busy_machine() -> Iterator[None]:
    """Competing busy processes, one per core and at least two, for the block."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: sum(range(10000))"])
            for _ in range(max(2, (os.cpu_count() or 2)))]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


def quiet_and_busy(args: list[str], timeout: float = 300
                   ) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """The same command run twice: on the machine as it is, then with busy_machine."""
    quiet = subprocess.run(args, cwd=ROOT, env=ENV, capture_output=True, text=True,
                           timeout=timeout, check=False)
    assert quiet.returncode == 0, quiet.stderr
    with busy_machine():
        busy = subprocess.run(args, cwd=ROOT, env=ENV, capture_output=True, text=True,
                              timeout=timeout, check=False)
    assert busy.returncode == 0, busy.stderr
    return quiet, busy


@pytest.mark.slow
def test_same_json_on_a_quiet_and_a_busy_machine(tmp_path: Path) -> None:
    """The default analysis (no option): the sensitivity work limit, not a clock,
    decides what is analysed, so a busy machine prints the same JSON."""
    path = tmp_path / "p8.yaml"
    parametric_8x8(path)
    quiet, busy = quiet_and_busy(command(path, "--format", "json"))
    assert json.loads(quiet.stdout) == json.loads(busy.stdout)
    notes = [n for s in json.loads(quiet.stdout)["sensitivity"] for n in s.get("notes", [])]
    from games.limits import SENSITIVITY_STEPS
    assert any(f"limit of {SENSITIVITY_STEPS:,} steps" in n for n in notes), notes


@pytest.mark.parametrize("steps", ["0", "-3"])
def test_sensitivity_steps_must_be_positive(steps: str) -> None:
    proc = subprocess.run(command("scenarios/chicken.yaml", "--sensitivity-steps", steps),
                          cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode == 2 and "--sensitivity-steps must be at least 1" in proc.stderr
