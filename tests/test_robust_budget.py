"""The robustness search's counted work limit (games.limits.ROBUST_STEPS): lowered
here, the analysis ends with certified bounds and a note naming the limit, and the
bounds are checked by the equilibrium enumeration written in
tests/test_robust_three_players.py (never the engine's solvers): rational points
of the cube inside the certified lower bound keep the baseline's equilibria, and
the change reported past the upper bound is one. The sign patterns of a point's
cells, found without LPs (robust_local._covectors), are checked against one exact LP
per pattern.
"""
from __future__ import annotations

import itertools
import random
from dataclasses import replace
from fractions import Fraction as F

import pytest

import games
import games.limits
from games.numbers import to_float
from games.scenario import parse_scenario
from games.sensitivity import robust_local
from games.sensitivity.robustness import robustness
from games.solve import solve
from tests.test_robust_faces import _inside_points
from tests.test_robust_three_players import both_sides, generated

# g1 with three parameters: exact radius 1/2 within the default limit (71 steps)
SEED, NAMES = 1, "abc"


@pytest.mark.parametrize("limit", [1, 6, 30])
def test_work_limit_gives_certified_bounds(monkeypatch, limit):
    monkeypatch.setattr(games.limits, "ROBUST_STEPS", limit)
    text = generated(SEED, NAMES)
    calls = []

    def counted(game, *args, **kw):
        calls.append(1)
        return solve(game, *args, **kw)
    rob = robustness(parse_scenario(text), solver=counted)
    assert rob is not None and not rob.exact
    assert any("work limit" in n and "ROBUST_STEPS" in n for n in rob.notes), rob.notes
    # rational solves: one per step at most, plus the baseline's and the point past
    # the witness (and the repeat of the search solving every probe)
    assert len(calls) <= 2 * limit + 4
    assert rob.lower is not None and to_float(rob.lower) <= 0.5    # the radius is 1/2
    if rob.lower > 0:     # inside the certified bound (the radius read as that bound)
        _inside_points(text, replace(rob, radius=rob.lower), 12, 7)
    if rob.radius is not None:
        assert to_float(rob.radius) >= 0.5
        both_sides(text, rob)


def test_default_limit_is_exact_and_checked_on_both_sides():
    text = generated(SEED, NAMES)
    rob = robustness(parse_scenario(text), solver=solve)
    assert rob is not None and rob.exact and rob.radius == F(1, 2)
    both_sides(text, rob)


def test_analysis_ends_with_the_note(monkeypatch, tmp_path):
    monkeypatch.setattr(games.limits, "ROBUST_STEPS", 6)
    path = tmp_path / "g1.yaml"
    path.write_text(generated(SEED, NAMES))
    analysis = games.analyze(games.load(path))
    rob = analysis.robustness
    assert rob is not None and not rob.exact
    assert "certified" in rob.sentence() and "whole box" not in rob.sentence()
    assert any("work limit" in n for n in rob.notes)


def test_covectors_match_one_lp_per_pattern():
    rnd = random.Random(3)
    seen = 0
    for _ in range(24):
        k, n = rnd.randint(3, 5), rnd.choice([3, 3, 4])
        normals = [[F(rnd.randint(-2, 2)) for _ in range(n)] for _ in range(k)]
        if robust_local._rank(normals) < n:
            continue
        seen += 1
        want = {p for p in itertools.product((-1, 0, 1), repeat=k)
                if robust_local._direction(normals, p) is not None}
        assert robust_local._covectors(normals) == want, normals
    assert seen > 10


def test_face_systems_count_towards_the_limit(monkeypatch):
    """g4 with three parameters spends most of its work on face systems (resultants,
    root isolation, gcds over number fields): with the limit lowered, systems are left
    unsolved rather than run past it, the count never passes the limit, and the
    bounds stay honest (the oracle's checks as above)."""
    from games.sensitivity import robust_work
    monkeypatch.setattr(games.limits, "ROBUST_STEPS", 60)
    works: list[robust_work.Work] = []
    init = robust_work.Work.__init__

    def kept(self, limit):
        init(self, limit)
        works.append(self)
    monkeypatch.setattr(robust_work.Work, "__init__", kept)
    text = generated(4, "abc")
    rob = robustness(parse_scenario(text), solver=solve)
    assert rob is not None and not rob.exact
    assert any("work limit" in n and "systems of curved boundaries" in n for n in rob.notes)
    assert works and all(w.done <= 60 for w in works)
    assert rob.lower is not None
    if rob.lower > 0:
        _inside_points(text, replace(rob, radius=rob.lower), 4, 4)
    if rob.radius is not None:
        both_sides(text, rob)
