"""Whole-process timings: start-up of `analyze` against a Python process that only
imports pygambit and solves the same game, and the CLI's sweeps and Monte Carlo.

Commands are run in turn (interleaved, so drift in machine load hits them alike)
and the median wall-clock time of each is reported.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from fmt import median, ratio, seconds, table

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "scenarios/idlib_m4_patrols.yaml"


@dataclass
class Command:
    """A command line to time, with its display name and collected timings."""

    name: str
    argv: list[str]
    times: list[float] = field(default_factory=list)
    error: str = ""

    @property
    def shown(self) -> str:
        """The command as a user would type it (paths relative to the project)."""
        parts = []
        for a in self.argv:
            p = Path(a)
            if p.is_absolute() and p.parent == Path(sys.executable).parent:
                a = p.name if p.name != Path(sys.executable).name else "python"
            parts.append(f'"{a}"' if " " in a or ";" in a else a)
        return " ".join(parts)


def analyze_argv(*args: str) -> list[str]:
    """The `analyze` console script of this environment, with arguments."""
    script = Path(sys.executable).parent / "analyze"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "cli.main", *args]


def gambit_argv(nfg: Path) -> list[str]:
    """A Python process that imports pygambit, reads the game and runs enumpoly."""
    code = (f"import pygambit; g = pygambit.read_nfg('{nfg}'); "
            "pygambit.nash.enumpoly_solve(g, use_strategic=True)")
    return [sys.executable, "-c", code]


def export_nfg(target: Path) -> Path:
    """Write the seed scenario (at its baseline values) as a Gambit .nfg file."""
    import games
    from games.formats.nfg import write_nfg
    write_nfg(games.load(ROOT / SCENARIO), target)
    return target


def user_env() -> dict[str, str]:
    """The environment a user's shell would give: bytecode caching on (installed
    packages such as pygambit ship compiled; ours compiles on its first run)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def time_once(cmd: Command, record: bool = True) -> None:
    """Run a command once, output discarded; record its wall time (or its error)."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd.argv, cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, env=user_env())
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines() or ["(no message)"]
        cmd.error = f"exit {proc.returncode}: {lines[-1][:200]}"
    if record:
        cmd.times.append(elapsed)


def time_all(commands: Sequence[Command], runs: int, log: Callable[[str], None]) -> None:
    """Run every command once untimed (bytecode written, disk caches warm), then
    `runs` times, interleaved."""
    for cmd in commands:
        time_once(cmd, record=False)
    for r in range(runs):
        for cmd in commands:
            time_once(cmd)
            log(f"  run {r + 1}/{runs} {cmd.name}: {seconds(cmd.times[-1])}")


def startup_commands(nfg: Path, quick: bool) -> list[Command]:
    """The start-up comparison, with the interpreter's own start as the floor."""
    cmds = [
        Command("Python start-up only (floor)", [sys.executable, "-c", "pass"]),
        Command("analyze (rich table)", analyze_argv(SCENARIO)),
        Command("analyze --format json", analyze_argv(SCENARIO, "--format", "json")),
        Command("import pygambit + read .nfg + enumpoly", gambit_argv(nfg)),
    ]
    if not quick:
        cmds.insert(3, Command("analyze --no-sensitivity",
                               analyze_argv(SCENARIO, "--no-sensitivity")))
        cmds.append(Command("import games (engine only)",
                            [sys.executable, "-c", "import games"]))
    return cmds


def cli_sensitivity_commands(quick: bool) -> list[Command]:
    """Whole-process sweeps and Monte Carlo of the seed scenario (JSON output)."""
    mc = "10000" if quick else "100000"
    cmds = [
        Command("analyze --format json (one analysis)", analyze_argv(SCENARIO, "--format", "json")),
        Command("sweep, 10,001 points", analyze_argv(
            SCENARIO, "--format", "json", "--sweep", "militia_support", "--steps", "10001")),
        Command(f"Monte Carlo, {int(mc):,} draws", analyze_argv(
            SCENARIO, "--format", "json", "--monte-carlo", mc, "--seed", "1")),
    ]
    if not quick:
        cmds.append(Command("2-D sweep, 101 x 101 points", analyze_argv(
            SCENARIO, "--format", "json", "--sweep", "militia_support", "--sweep",
            "push_cost", "--steps", "101")))
    return cmds


def report(commands: Sequence[Command], base: str, note_col: str = "vs ") -> str:
    """Median, min and max per command, and the ratio to the command named `base`."""
    ref = next((c for c in commands if c.name == base), None)
    ref_median = median(ref.times) if ref and not ref.error else None
    rows = []
    for c in commands:
        m = median(c.times)
        r = ratio(m, ref_median) if ref_median else "—"
        rows.append([c.name, f"`{c.shown}`", str(len(c.times)), seconds(m),
                     f"{seconds(min(c.times))} – {seconds(max(c.times))}", r,
                     c.error or "ok"])
    return table(["what", "command", "runs", "median", "min – max", f"{note_col}{base}",
                  "status"], rows)
