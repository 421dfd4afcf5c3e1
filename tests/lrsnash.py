"""lrsnash (lrslib, from the system's package manager) as an independent oracle for
2-player games: run it on two integer payoff matrices and read its equilibria.

Used only by tests and benchmarks; `LRSNASH` is None when lrsnash is not installed.
"""
from __future__ import annotations

import itertools
import shutil
import subprocess
import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Sequence

LRSNASH = shutil.which("lrsnash")


def ensure_lrsnash() -> tuple[str | None, str]:
    """(executable, "") or (None, why it cannot be had); installs Debian's lrslib when
    the tests run as root with apt-get (dev.py test does this before the suite)."""
    from tests.system_packages import ensure
    return ensure(("lrsnash",), "lrslib")

Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


def game_text(A: Sequence[Sequence[int]], B: Sequence[Sequence[int]]) -> str:
    """lrsnash's input format: "m n", then A, then B, as integers."""
    def block(M: Sequence[Sequence[int]]) -> str:
        return "\n".join(" ".join(str(int(v)) for v in row) for row in M)
    return f"{len(A)} {len(A[0])}\n\n{block(A)}\n\n{block(B)}\n"


def parse(output: str) -> set[Profile]:
    """The equilibria of lrsnash's output: each blank-line separated block lists
    player 2's strategies ("2 ..." lines, payoff last) and player 1's ("1 ..."); every
    pair of the two lists is an equilibrium."""
    found: set[Profile] = set()
    for block in output.split("\n\n"):
        xs: list[tuple[Fraction, ...]] = []
        ys: list[tuple[Fraction, ...]] = []
        for line in block.splitlines():
            parts = line.split()
            if not parts or parts[0] not in ("1", "2"):
                continue
            probs = tuple(Fraction(p) for p in parts[1:-1])
            (xs if parts[0] == "1" else ys).append(probs)
        found.update(itertools.product(xs, ys))
    return found


def lrsnash(A: Sequence[Sequence[int]], B: Sequence[Sequence[int]],
            timeout: float = 600.0) -> tuple[set[Profile], float]:
    """lrsnash's equilibria of (A, B) and its wall time in seconds (process included)."""
    if LRSNASH is None:
        raise RuntimeError("lrsnash is not installed (apt-get install lrslib)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "game.txt"
        path.write_text(game_text(A, B))
        start = time.perf_counter()
        out = subprocess.run([LRSNASH, str(path)], capture_output=True, text=True,
                             timeout=timeout, check=True).stdout
        return parse(out), time.perf_counter() - start
