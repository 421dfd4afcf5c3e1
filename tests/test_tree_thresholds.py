"""SPE thresholds on trees with imperfect information, against a brute-force scan: at
an exact grid of the range and at exact points just below, at and just above each
reported threshold, the pure SPE are found by the brute force of tree_oracle.py (a
pure profile is subgame perfect iff Nash in every subgame). Where the result claims
completeness, the brute-force set never changes inside an interval between reported
thresholds, and each reported threshold is a real change of the pure SPE (in these
trees; a change of mixed SPE only is invisible to the brute force); where it does not,
it names the subgame whose changes are not proven covered."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from tree_oracle import brute_spe

from games.scenario import load_scenario
from games.scenario.reading import parse_scenario
from games.tree.sensitivity import parameter_thresholds

ROOT = Path(__file__).resolve().parents[1]
EPS = Fraction(1, 10**4)

STAGE = """scenario: a simultaneous stage with a parameter
parameters: {{a: {{value: 1/2, range: [-1, 2]}}}}
players: [A, B]
tree:
{body}"""
SIMULTANEOUS = """  A:
    x: {B: {l: [a, 1], r: [0, 0]}, info: s}
    y: {B: {l: [0, 0], r: [1, 2*a - 1]}, info: s}"""
BEHIND_CHANCE = """  chance:
    h: {p: 1/3, then: {A: {x: {B: {l: [a, 1], r: [0, 1 - a]}, info: s},
                         y: {B: {l: [1 - a, 0], r: [1, a]}, info: s}}}}
    t: {p: 2/3, then: {B: {u: [a, 0], d: [0, 1/2]}}}"""
BEHIND_DECISION = """  B:
    out: [1/2, 1/2]
    in:
      A:
        x: {B: {l: [a, 1], r: [0, 0]}, info: s}
        y: {B: {l: [0, 0], r: [1, 2*a - 1]}, info: s}"""


def brute(spec, name, x) -> frozenset:
    return frozenset(tuple(sorted(p.items())) for p in brute_spe(spec.tree({name: x})))


def scan(spec, name, res):
    lo, hi = res.range
    grid = [lo + (hi - lo) * Fraction(k, 24) for k in range(25)]
    for t in res.thresholds:
        assert isinstance(t, Fraction), t
        grid += [x for x in (t - EPS, t, t + EPS) if lo <= x <= hi]
    return sorted(set(grid))


def check(spec, name, real=True):
    res = parameter_thresholds(spec, name, spec.baseline)
    points = scan(spec, name, res)
    sets = {x: brute(spec, name, x) for x in points}
    edges = [res.range[0], *res.thresholds, res.range[1]]
    if res.complete:
        assert not res.unproven
        for a, b in zip(edges, edges[1:]):
            inside = [sets[x] for x in points if a < x < b]
            assert len(set(inside)) <= 1, (name, a, b)
    for t in res.thresholds if real else ():
        around = {sets[x] for x in (t - EPS, t, t + EPS) if x in sets}
        assert len(around) > 1, (name, t)
    return res


@pytest.mark.parametrize("body", [SIMULTANEOUS, BEHIND_CHANCE], ids=["root", "chance"])
def test_complete_thresholds_with_information_sets(body):
    spec = parse_scenario(STAGE.format(body=body), "stage.yaml").spec
    res = check(spec, "a")
    assert res.complete and res.thresholds


def test_unproven_subgame_is_named():
    spec = parse_scenario(STAGE.format(body=BEHIND_DECISION), "stage.yaml").spec
    res = check(spec, "a", real=False)     # B at the root compares a mixed SPE's value:
    assert not res.complete                # its switch at a = 1 is not a pure change
    assert len(res.unproven) == 1 and "/in" in res.unproven[0]
    assert "compares its equilibrium values" in res.unproven[0]


def test_bayesian_entry_against_scan():
    sc = load_scenario(ROOT / "scenarios" / "bayesian_entry.yaml")
    for name, p in sc.spec.parameters.items():
        if p.range is not None:
            res = check(sc.spec, name)
            assert res.complete
