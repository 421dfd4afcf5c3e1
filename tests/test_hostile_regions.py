"""Hostile payoffs for the exact sensitivity analysis and region maps: high-degree
polynomials in several parameters with 30-digit coefficients. Before the limits
CRITICAL_DEGREE / CRITICAL_BITS, REGION_DEGREE / REGION_BITS and ROBUST_CONIC_BITS
(games/limits.py), `analyze f.yaml --regions a b` on these ran for minutes inside
single sympy or flint calls that no counted budget could stop (a resultant of two
degree-8 curves; sympy factoring a degree-24 determinant; sympy solving a conic with
130-bit coefficients). Now each run ends within the bound of tests/test_hostile.py: the region map is
refused with one line naming the limit (exit 2), and without --regions the analysis
finishes, the sensitivity marked "not analysed" with the reason.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_hostile import analyze, refused, write

COEFF = "123456789012345678901234567890"


def _hostile(degree: int, k: int, extra: int = 0) -> str:
    """A k x k game whose payoffs are degree-`degree` polynomials in a and b (and in
    `extra` more ranged parameters) with 30-digit coefficients."""
    params = "parameters:\n  a: {value: 1/2, range: [0, 1]}\n  b: {value: 1/3, range: [0, 1]}\n"
    params += "".join(f"  c{j}: {{value: 1/{j + 2}, range: [0, 1]}}\n" for j in range(extra))
    more = "".join(f" + c{j}**2*a" for j in range(extra))

    def cell(i: int) -> str:
        return (f'"{COEFF}{i}*(a + {i}*b - 1/{i + 2})**{degree} - (b - a/{i + 1})**'
                f'{max(degree - 1, 1)}*{COEFF}{more}"')
    names = [f"s{j}" for j in range(k)]
    rows, n = [], 0
    for x in names:
        for y in names:
            rows.append(f'  "{x}, {y}": [{cell(n)}, {cell(n + 1)}]')
            n += 2
    return (f"scenario: hostile\n{params}players:\n  A: [{', '.join(names)}]\n"
            f"  B: [{', '.join(names)}]\npayoffs:\n" + "\n".join(rows) + "\n")


@pytest.mark.parametrize("degree, k, extra, words", [
    (8, 2, 0, ("no exact region map", "degree x strategies must stay within 8", "--sweep")),
    (20, 3, 0, ("no exact region map", "degree 20", "--sweep")),
    (2, 4, 0, ("no exact region map", "6 strategies may mix", "--sweep")),
    (2, 3, 0, ("the exact region map would need boundary polynomials of degree up to 28",
               "the limits are degree 40 and 1,000 bits", "--sweep")),
])
def test_region_map_of_hostile_payoffs_is_refused_in_bounded_time(
        tmp_path: Path, degree: int, k: int, extra: int, words: tuple[str, ...]) -> None:
    path = write(tmp_path, "h.yaml", _hostile(degree, k, extra))
    refused(path, "--regions", "a", "b", words=words)


def test_plain_analysis_of_hostile_payoffs_states_what_was_not_analysed(
        tmp_path: Path) -> None:
    proc = analyze(write(tmp_path, "h.yaml", _hostile(2, 4)))
    assert proc.returncode == 0, proc.stderr
    assert "too complex in 'a'" in " ".join(proc.stdout.split())


def test_many_parameters_within_the_limits_give_a_region_map(tmp_path: Path) -> None:
    """Degree 3 in a and b, three more ranged parameters: legal, mapped in bounded time."""
    proc = analyze(write(tmp_path, "h.yaml", _hostile(3, 2, extra=3)), "--regions", "a", "b")
    assert proc.returncode == 0, proc.stderr
    assert "Regions" in proc.stdout or "region" in proc.stdout
