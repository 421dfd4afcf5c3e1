"""A region's formulas in pieces (region_pieces.py): a region gathers the cells of one
equilibrium structure, but the basis of an extreme equilibrium may change between
them (a curve that changes no support, a knife-edge cell whose ties hold only on its
own curve). Every formula the JSON shows must hold on every cell it is shown for.

The games are generated here (seeded, so the same ones every run): 3x3 games with
small payoffs, many ties and some payoffs moving with a or b. At the exact sample
point of every cell of every region, at rational points exactly on every boundary
curve and at their crossings, the formulas the JSON states for the cell holding the
point (the text of its piece, parsed here with sympy: program output, not scenario
input), evaluated at the point, are the extreme equilibria of a direct solve
(`games.solve` of the game at that point), probabilities and payoffs alike."""
from __future__ import annotations

import random
from fractions import Fraction as F

import pytest
import sympy

from games.scenario import parse_scenario
from games.sensitivity.regions import regions
from games.sensitivity.thresholds import baseline
from games.solve import solve
from tests.test_region_continua import _with_ties
from tests.test_regions import _compile, _holds, boundary_points


def _game(seed: int) -> str:
    """A generated 3x3 game with ties (as tests/test_region_continua.py's)."""
    rnd = random.Random(seed)
    pays = [(rnd.randint(0, 2), "") if rnd.random() < .5
            else (rnd.randint(-2, 2), rnd.choice(["", "a", "b"])) for _ in range(18)]
    return _with_ties(pays, 3, 3)


def _rational(pt) -> bool:
    return isinstance(pt[0], F) and isinstance(pt[1], F)


def _value(text: str, a: F, b: F) -> F:
    """A formula of the JSON (sympy syntax) at a rational point, exactly."""
    x, y = sympy.symbols("a b")
    v = sympy.sympify(text, locals={"a": x, "b": y}).subs(
        {x: sympy.Rational(a.numerator, a.denominator),
         y: sympy.Rational(b.numerator, b.denominator)})
    v = sympy.simplify(v) if not v.is_Rational else v
    assert v.is_Rational, text
    return F(int(v.p), int(v.q))


def _shown(doc_region, k: int) -> list | None:
    """The equilibria the JSON shows for the region's k-th cell: its piece's, or the
    region's when it has one piece."""
    if "pieces" in doc_region:
        return doc_region["pieces"][doc_region["cells"][k]["piece"]]["equilibria"]
    return doc_region["equilibria"]


def _key_from_json(listed, players, a, b) -> list:
    out = []
    for e in listed:
        prof = tuple(tuple(_value(e["strategies"][p.name].get(s.name, "0"), a, b)
                           for s in p.strategies) for p in players)
        pays = tuple(_value(e["payoffs"][p.name], a, b) for p in players)
        out.append((prof, pays))
    return sorted(out)


def _key(eqs) -> list:
    return sorted((tuple(tuple(r) for r in e.profile), tuple(e.payoffs)) for e in eqs)


def check_map(scenario, rm) -> tuple[int, int]:
    """(points checked, mismatches) at every rational cell sample, on every boundary
    and at crossings: the shown formulas of the cell holding each point (found by the
    JSON's own conditions) against a direct solve. A cell without formulas shown
    counts as a mismatch."""
    doc = rm.to_dict()
    compiled = [(reg, k, _compile(rm, cell)) for reg in doc["regions"]
                for k, cell in enumerate(reg["cells"])]
    base = baseline(scenario)
    players = scenario.game().players
    points = [c.sample for c in rm.cells if _rational(c.sample)] + boundary_points(rm, 5)
    bad = 0
    for a, b in dict.fromkeys(points):
        hits = [(reg, k) for reg, k, conds in compiled if _holds(conds, a, b)]
        assert len(hits) == 1, (a, b)
        listed = _shown(*hits[0])
        direct = solve(scenario.game({**base, "a": a, "b": b}, check_range=False))
        if listed is None or any(e.get("formula") is False for e in listed):
            bad += 1
            continue
        bad += _key_from_json(listed, players, a, b) != _key(direct)
        # a vertex formula holds where its stated conditions hold: they hold here
        bad += not all(_condition(c, a, b) for e in listed for c in e.get("conditions", ()))
    return len(points), bad


def _condition(text: str, a: F, b: F) -> bool:
    """A stated condition ('expr > 0' or 'expr < 0') at a rational point."""
    lhs, op, _ = text.rsplit(" ", 2)
    v = _value(lhs, a, b)
    return v > 0 if op == ">" else v < 0


# seeds of generated games whose maps have a region in several pieces and whose one
# formula per region was wrong on some cell (found by drawing games from seeds 0, 1,
# 2, ...; the test asserts they still have pieces)
SEEDS = [11, 26, 59]


@pytest.mark.parametrize("seed", SEEDS)
def test_every_formula_shown_holds_on_every_cell_it_is_shown_for(seed):
    scenario = parse_scenario(_game(seed))
    rm = regions(scenario, ("a", "b"), solver=solve)
    split = [reg for reg in rm.regions if len(reg.pieces) > 1]
    assert split, "no region in pieces: the generated game no longer shows the case"
    # the pieces of a region partition its cells, and the JSON says which is whose
    for reg in split:
        assert sorted(k for pc in reg.pieces for k in pc.cells) == sorted(reg.cells)
    checked, bad = check_map(scenario, rm)
    assert checked > 10 and bad == 0, f"{bad} of {checked} points"



@pytest.mark.parametrize("seed", SEEDS[:1])
def test_a_region_in_pieces_states_no_region_wide_formulas(seed):
    """The SPEC: a region's `equilibria` hold on every one of its cells. A region whose
    formulas change between cells therefore gives none region-wide; each piece gives
    its own, and every cell of the region names a piece."""
    scenario = parse_scenario(_game(seed))
    doc = regions(scenario, ("a", "b"), solver=solve).to_dict()
    split = [reg for reg in doc["regions"] if reg.get("pieces")]
    assert split
    for reg in split:
        assert reg["equilibria"] is None and reg["components"] == []
        assert sorted(i for p in reg["pieces"] for i in p["cells"]) == \
            list(range(len(reg["cells"])))
        assert all(0 <= c["piece"] < len(reg["pieces"]) for c in reg["cells"])
