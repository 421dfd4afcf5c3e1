"""Legal but large input, and option values that looked legal: each run ends within
10 s and 1 GB (tests/test_hostile.py's bound and helper), with a complete answer, a
partial answer marked partial, or exit 2 and one clear line naming the limit and how
to raise it. Every file is generated here.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_hostile import analyze, refused, two_by_two, write


# ------------------------------------------------------------------ options

@pytest.mark.parametrize("args", [(), ("--monte-carlo", "10"), ("scenarios/stag_hunt.yaml",)])
def test_an_empty_cluster_address_is_refused(args: tuple[str, ...]) -> None:
    """`--cluster ""` was taken for no --cluster at all and the run went ahead locally
    (one file, with work for the executor, and several files)."""
    files = [a for a in args if a.endswith(".yaml")]
    options = [a for a in args if not a.endswith(".yaml")]
    refused("scenarios/chicken.yaml", *files, "--cluster", "", *options,
            words=("--cluster: '' is not a scheduler address", "tcp://host:8786"))


# ------------------------------------------------------------------ many parameters

def ranged(k: int) -> str:
    """A 2x2 scenario with `k` ranged parameters p0..p{k-1} (value 1, range [0, 2]), all
    in one payoff: A's at (x, x) is their sum minus k - 3/2, so 3/2 at the baseline,
    and (x, x) stops being an equilibrium where it falls below 1 (A's payoff at (y, x)).
    By hand: each parameter's threshold is 1/2 (the others at 1), and moving all of
    them down together by r of their width 2 reaches it at r = 1/(4k)."""
    params = "".join(f"  p{i}: {{value: 1, range: [0, 2]}}\n" for i in range(k))
    total = " + ".join(f"p{i}" for i in range(k))
    return two_by_two(f"{total} - {2 * k - 3}/2", params="parameters:\n" + params)


def test_two_hundred_ranged_parameters(tmp_path: Path) -> None:
    """The joint robustness search examined the cube's 3**200 faces (never ended): it is
    left out, said so with the limit, and every parameter's threshold is still found."""
    proc = analyze(write(tmp_path, "g.yaml", ranged(200)), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert "robustness" not in doc
    assert any(n.startswith("Robustness to joint change is left out: 200 ranged parameters, "
                            "more than the 10") for n in doc["equilibria_info"]["notes"])
    assert [s["thresholds"] for s in doc["sensitivity"]] == [["1/2"]] * 200


def test_ten_ranged_parameters_keep_the_joint_verdict(tmp_path: Path) -> None:
    proc = analyze(write(tmp_path, "g.yaml", ranged(10)), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["robustness"]["radius"] == "1/40" and doc["robustness"]["exact"]


def test_two_hundred_ranged_parameters_on_the_page(tmp_path: Path) -> None:
    """The page's joint formulas in 200 parameters overflowed sympy's recursion (an
    internal error): the page is written without them, and says so."""
    page = tmp_path / "p.html"
    proc = analyze(write(tmp_path, "g.yaml", ranged(200)), "--html", page, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert "more than the 12 the formulas are written in" in page.read_text(encoding="utf-8")
