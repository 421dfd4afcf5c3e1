"""Game trees at the node limit end within the time bound; one past it is refused at once.

A wide player node is the costliest shape per node (every node ends in a leaf, and the
listing, the reduced form and the report all grow with the branches); the file is
generated here, and the run is timed by its own CPU, under memory and CPU limits."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from games.errors import ScenarioError
from games.formats.efg import parse_efg
from tests.test_hostile import SECONDS
from games.limits import MAX_TREE_NODES
from games.tree.reader import MAX_NODES

ROOT = Path(__file__).resolve().parent.parent


def _wide_efg(branches: int, kind: str) -> str:
    """A root with `branches` leaves below it: a player's ('p') or chance's ('c') choice."""
    names = " ".join(f'"a{k}"' + (f" 1/{branches}" if kind == "c" else "")
                     for k in range(branches))
    head = f'p "" 1 1 "" {{ {names} }} 0' if kind == "p" else f'c "" 1 "" {{ {names} }} 0'
    leaves = [f't "" {k + 1} "" {{ {k % 7}, {k % 5} }}' for k in range(branches)]
    return "\n".join(['EFG 2 R "wide" { "A" "B" }', '""', head, *leaves, ""])


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    resource.setrlimit(resource.RLIMIT_CPU, (12, 12))


def test_one_limit_for_both_readers():
    assert MAX_NODES == MAX_TREE_NODES


def test_past_the_limit_refused_before_work():
    text = _wide_efg(MAX_TREE_NODES, "c")          # root + MAX_TREE_NODES leaves
    start = time.process_time()
    with pytest.raises(ScenarioError, match=f"more than {MAX_TREE_NODES:,} nodes"
                                            r" \(the limit, MAX_TREE_NODES"):
        parse_efg(text, "wide.efg")
    assert time.process_time() - start < 5


@pytest.mark.slow
def test_widest_tree_within_the_limit_ends_in_time(tmp_path):
    path = tmp_path / "wide.efg"
    path.write_text(_wide_efg(MAX_TREE_NODES - 1, "p"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([sys.executable, "-m", "cli.main", str(path), "--format", "json"],
                          cwd=ROOT, capture_output=True, text=True, preexec_fn=_limit,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert proc.returncode in (0, 2), proc.stderr[-500:]
    assert cpu < SECONDS, cpu
    if proc.returncode == 2:
        assert len(proc.stderr.strip().splitlines()) == 1
