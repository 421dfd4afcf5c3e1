"""Exact region maps in two parameters and the robustness radius, checked against a
direct solve of the game at every point (grids, points exactly on each boundary and
at each crossing), and against radii computed by hand or by a formula written here."""
from __future__ import annotations

import itertools
import random
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from games.scenario import load_scenario, parse_scenario
from games.sensitivity.regions import regions
from games.sensitivity.robustness import robustness
from games.sensitivity.thresholds import baseline, structure
from games.solve import solve

ROOT = Path(__file__).resolve().parent.parent
def _ranged_count(path: Path) -> int:
    """How many ranged parameters a shipped normal-form scenario has (0 for files of
    other kinds, such as graph models, that this loader does not read)."""
    from games.errors import ScenarioError
    try:
        return sum(1 for q in load_scenario(path).parameters.values() if q.range)
    except ScenarioError:
        return 0


SCENARIOS = sorted(p for p in [*ROOT.glob("scenarios/*.yaml"),
                               *ROOT.glob("scenarios/idlib_variants/*.yaml")]
                   if _ranged_count(p) >= 2             # trees: regions of the SPE set
                   and "\ntree:" not in p.read_text(encoding="utf-8"))   # are not built yet


def _grid(lo: F, hi: F, n: int) -> list[F]:
    return [lo + (hi - lo) * k / (n - 1) for k in range(n)]


def _direct(scenario, base, names, a, b):
    return solve(scenario.game({**base, names[0]: a, names[1]: b}, check_range=False))


def _key(eqs) -> list:
    return sorted((tuple(tuple(r) for r in e.profile), tuple(e.payoffs)) for e in eqs)


def _compile(rm, doc_cell) -> list:
    """A JSON cell's conditions (sympy text) as (monomial coefficients, relation).
    Parsed with sympy: these strings are the program's output, not scenario input."""
    syms = [sympy.Symbol(n, real=True) for n in rm.parameters]
    out = []
    for cond in doc_cell["conditions"]:
        lhs, op, _ = cond.rsplit(" ", 2)
        P = sympy.Poly(sympy.sympify(lhs, locals=dict(zip(rm.parameters, syms))), *syms)
        out.append(([(m, F(int(c.p), int(c.q))) for m, c in P.terms()], op))
    return out


def _holds(conds, a, b) -> bool:
    """Do compiled conditions hold at the exact point?"""
    for terms, op in conds:
        v = sum((c * a ** i * b ** j for (i, j), c in terms), F(0))
        if not {"<": v < 0, ">": v > 0, "=": v == 0}[op]:
            return False
    return True


def gambit_extreme(game) -> set:
    """Every extreme equilibrium of a 2-player game (exact profiles), by Gambit's
    enummixed_solve(rational=True) through pygambit: vertex enumeration of both
    best-response polytopes, independent of this program (test-only)."""
    import pygambit as gbt
    A = [[F(v) for v in row] for row in game.payoffs[0]]
    B = [[F(v) for v in row] for row in game.payoffs[1]]
    g = gbt.Game.from_arrays(A, B)
    out = gbt.nash.enummixed_solve(g, rational=True)
    return {tuple(tuple(F(str(e[s])) for s in p.strategies) for p in g.players)
            for e in out.equilibria}


def _supports(profiles) -> tuple:
    """thresholds.structure's form (supports with their counts) of exact profiles."""
    counts: dict[tuple, int] = {}
    for prof in profiles:
        sup = tuple(tuple(j for j, x in enumerate(row) if x != 0) for row in prof)
        counts[sup] = counts.get(sup, 0) + 1
    return tuple(sorted(counts.items()))


def _payoffs(game, prof) -> tuple:
    x, y = prof
    return tuple(sum((x[i] * y[j] * game.payoffs[k][i][j] for i in range(len(x))
                      for j in range(len(y))), F(0)) for k in range(2))


def check_points(scenario, names, rm, points) -> tuple[int, int]:
    """(points checked, mismatches): each point lies in exactly one cell of the JSON,
    and the formulas of the region holding it give the equilibria at the point. With
    two players the complete set of extreme equilibria there, continua's included,
    is Gambit's (enummixed, exact): the region's formulas must give exactly that set,
    with the payoffs computed here from the matrices, and where a formula is missing
    the region's supports (with counts) must be that set's. With 3 or more players,
    a direct solve's (`games.solve`)."""
    base = baseline(scenario)
    doc = rm.to_dict()
    cells = [_compile(rm, c) for reg in doc["regions"] for c in reg["cells"]]
    two = len(scenario.players) == 2
    bad = 0
    for a, b in points:
        hits = sum(1 for c in cells if _holds(c, a, b))
        reg = rm.region_at(a, b)
        got = rm.equilibria_at(a, b)
        if hits != 1:
            bad += 1
            continue
        if two:
            game = scenario.game({**base, names[0]: a, names[1]: b}, check_range=False)
            want = gambit_extreme(game)
            if got is not None:
                profs = {tuple(tuple(r) for r in e.profile) for e in got}
                bad += (profs != want or len(got) != len(want) or any(
                    tuple(e.payoffs) != _payoffs(game, tuple(tuple(r) for r in e.profile))
                    for e in got))
            else:
                bad += reg.structure is None or reg.structure != _supports(want)
            continue
        direct = _direct(scenario, base, names, a, b)
        if got is not None:
            bad += _key(got) != _key(direct)
        elif reg.structure is None or reg.structure != structure(direct):
            bad += 1
    return len(points), bad


def boundary_points(rm, per_curve: int = 9) -> list[tuple[F, F]]:
    """Rational points exactly on each boundary inside the box (solved here for the
    variable the boundary is linear in), and every rational crossing of two."""
    (a0, a1), (b0, b1) = rm.box
    x, y = rm.symbols
    out = []
    for p in rm.boundaries:
        P = sympy.Poly(p, x, y)
        for var, other, (lo, hi), (olo, ohi) in ((x, y, (a0, a1), (b0, b1)),
                                                 (y, x, (b0, b1), (a0, a1))):
            if P.degree(var) != 1:
                continue
            for t in _grid(olo, ohi, per_curve):
                sol = sympy.solve(p.subs(other, sympy.Rational(t.numerator, t.denominator)), var)
                for s in sol:
                    if s.is_Rational and lo <= F(int(s.p), int(s.q)) <= hi:
                        v = F(int(s.p), int(s.q))
                        out.append((v, t) if var == x else (t, v))
            break
    for p, q in itertools.combinations(rm.boundaries, 2):
        for sol in sympy.solve([p, q], [x, y], dict=True):
            if x in sol and y in sol and sol[x].is_Rational and sol[y].is_Rational:
                v, w = F(int(sol[x].p), int(sol[x].q)), F(int(sol[y].p), int(sol[y].q))
                if a0 <= v <= a1 and b0 <= w <= b1:
                    out.append((v, w))
    return out


def _pairs(scenario) -> list[tuple[str, str]]:
    ranged = [n for n, p in scenario.parameters.items() if p.range]
    return [tuple(ranged[:2])]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_shipped_scenarios_grid_boundaries_crossings(path):
    scenario = load_scenario(path)
    for names in _pairs(scenario):
        rm = regions(scenario, names, solver=solve)
        (a0, a1), (b0, b1) = rm.box
        two = len(scenario.players) == 2     # 3-player solves take ~50-150 ms each
        n = 13 if two else 5
        pts = [(a, b) for a in _grid(a0, a1, n) for b in _grid(b0, b1, n)]
        pts += boundary_points(rm, 9 if two else 4)
        pts += [c.sample for c in rm.cells if isinstance(c.sample[0], F)
                and isinstance(c.sample[1], F)]
        checked, bad = check_points(scenario, names, rm, pts)
        assert bad == 0, f"{path.stem} {names}: {bad} of {checked} points disagree"


def test_60x60_grid_against_direct_solves():
    """A 60 x 60 exact grid (3,600 direct solves: as large as stays fast) and points
    on every boundary, over the two ranges of the battle of the sexes, whose mixed
    equilibrium moves with both parameters."""
    scenario = load_scenario(ROOT / "scenarios/battle_of_the_sexes.yaml")
    names = ("favourite", "alone")
    rm = regions(scenario, names, solver=solve)
    (a0, a1), (b0, b1) = rm.box
    pts = [(a, b) for a in _grid(a0, a1, 60) for b in _grid(b0, b1, 60)]
    pts += boundary_points(rm, 25)
    checked, bad = check_points(scenario, names, rm, pts)
    assert bad == 0 and checked >= 3600


def test_idlib_map_against_direct_solves():
    """The issue's map: (push_cost, moscow_patience), a 25 x 25 exact grid (every
    solve of this 3-player game takes ~10 ms) plus points on every boundary."""
    scenario = load_scenario(ROOT / "scenarios/idlib_m4_patrols.yaml")
    names = ("push_cost", "moscow_patience")
    rm = regions(scenario, names, solver=solve)
    assert [str(p) for p in rm.boundaries] == ["moscow_patience - 2", "moscow_patience - 6",
                                              "push_cost - 1", "push_cost - 3"]
    (a0, a1), (b0, b1) = rm.box
    pts = [(a, b) for a in _grid(a0, a1, 25) for b in _grid(b0, b1, 25)]
    pts += boundary_points(rm, 13)
    _, bad = check_points(scenario, names, rm, pts)
    assert bad == 0
    assert rm.regions[rm.base_region].label == "A"
    assert sum(1 for reg in rm.regions if any(rm.cells[k].dimension == 2 for k in reg.cells)) == 4


def test_idlib_bilinear_pair():
    """(moscow_patience, push_cost) with militia_support moved: the bilinear boundary
    of the issue appears and the map still agrees with direct solves."""
    scenario = load_scenario(ROOT / "scenarios/idlib_m4_patrols.yaml")
    names = ("militia_support", "moscow_patience")
    rm = regions(scenario, names, solver=solve)
    (a0, a1), (b0, b1) = rm.box
    pts = [(a, b) for a in _grid(a0, a1, 17) for b in _grid(b0, b1, 17)]
    pts += boundary_points(rm)
    checked, bad = check_points(scenario, names, rm, pts)
    assert bad == 0 and checked > 289


# ------------------------------------------------------------------ generated games

TEMPLATE = """\
scenario: generated
parameters:
  a: {{value: {va}, range: [0, 4]}}
  b: {{value: {vb}, range: [0, 4]}}
players:
  P1: {{strategies: [{s1}]}}
  P2: {{strategies: [{s2}]}}
payoffs:
{rows}
"""


def _expr(c) -> str:
    c0, c1, c2, c3 = c
    return f"{c0} + ({c1})*a + ({c2})*b + ({c3})*a*b"


def make_scenario(coeffs, m: int, n: int, va=1, vb=2):
    rows = []
    k = 0
    for i in range(m):
        for j in range(n):
            rows.append(f"  r{i}, c{j}: [{_expr(coeffs[k])}, {_expr(coeffs[k + 1])}]")
            k += 2
    text = TEMPLATE.format(va=va, vb=vb, s1=", ".join(f"r{i}" for i in range(m)),
                           s2=", ".join(f"c{j}" for j in range(n)), rows="\n".join(rows))
    return parse_scenario(text)


small = st.integers(-3, 3)
linear = st.tuples(small, small, small, st.just(0))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(linear, min_size=8, max_size=8))
def test_generated_2x2_linear(coeffs):
    scenario = make_scenario(coeffs, 2, 2)
    rm = regions(scenario, ("a", "b"), solver=solve)
    pts = [(a, b) for a in _grid(F(0), F(4), 9) for b in _grid(F(0), F(4), 9)]
    pts += boundary_points(rm, 5)
    pts += [c.sample for c in rm.cells if isinstance(c.sample[0], F) and isinstance(c.sample[1], F)]
    _, bad = check_points(scenario, ("a", "b"), rm, pts)
    assert bad == 0


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(small, small, st.just(0), st.just(0)), min_size=6, max_size=6),
       st.lists(st.tuples(small, st.just(0), small, st.sampled_from([0, 1])),
                min_size=6, max_size=6))
# a root of a separator's polynomial equal to an irrational critical value of a (the
# slab's end): told apart only by bounds finer than 2**-53
@example([(0, 0, 0, 0)] * 5 + [(0, -1, 0, 0)],
         [(1, 0, 3, 1), (1, 0, 0, 0), (2, 0, 0, 1), (-1, 0, 0, 0), (0, 0, 0, 0), (-1, 0, 0, 1)])
# player 1 indifferent everywhere: player 2's ties alone end the segments of
# equilibria, and the curve where three of its strategies tie bounds a region
@example([(0, 0, 0, 0)] * 6,
         [(1, 0, 3, 1), (1, 0, 0, 0), (2, 0, 0, 1), (-3, 0, 0, 0), (0, 0, 0, 0), (-3, 0, 0, 1)])
def test_generated_2x3_curved(ca, cb):
    """Player 1's payoffs move with a, player 2's with b (and a*b): curved
    boundaries where mixed equilibria appear."""
    coeffs = [x for pair in zip(ca, cb) for x in pair]
    scenario = make_scenario(coeffs, 2, 3)
    rm = regions(scenario, ("a", "b"), solver=solve)
    pts = [(a, b) for a in _grid(F(0), F(4), 7) for b in _grid(F(0), F(4), 7)]
    pts += boundary_points(rm, 4)
    _, bad = check_points(scenario, ("a", "b"), rm, pts)
    assert bad == 0


def test_line_of_indifference_crossing_a_triple_tie():
    """Player 1 gains 2a - 1 from r1 whatever player 2 does: it mixes freely on the
    line a = 1/2, where player 2's ties end its segments of equilibria. Player 2's
    three strategies tie at one mixture on a quartic curve, which crosses the line at
    an irrational b (~0.358): between b = 1/3 and that point the line has its own
    structure (player 1's singular block must not hide player 2's conditions)."""
    ca = [(0, 0, 0, 0)] * 3 + [(-1, 2, 0, 0)] * 3
    cb = [(1, 0, 3, 1), (1, 0, 0, 0), (2, 0, 0, 1), (-3, 0, 0, 0), (0, 0, 0, 0), (-3, 0, 0, 1)]
    scenario = make_scenario([x for pair in zip(ca, cb) for x in pair], 2, 3)
    rm = regions(scenario, ("a", "b"), solver=solve)
    assert "a**2*b**2 + 3*a*b**2 - 9*b + 3" in [str(p) for p in rm.boundaries]
    pts = [(a, b) for a in _grid(F(0), F(4), 9) for b in _grid(F(0), F(4), 9)]
    pts += [(F(1, 2), b) for b in [*_grid(F(0), F(4), 21), F(17, 50), F(7, 20), F(9, 25)]]
    pts += boundary_points(rm, 5)
    _, bad = check_points(scenario, ("a", "b"), rm, pts)
    assert bad == 0


def test_curved_boundary_and_crossing():
    """A hand-made game: P1 prefers r0 iff a*b > 2 (a hyperbola), P2 prefers c0 iff
    a > 1; the crossing (1, 2) and points on the hyperbola are checked."""
    coeffs = [(0, 0, 0, 1), (0, 1, 0, 0), (0, 0, 0, 1), (1, 0, 0, 0),
              (2, 0, 0, 0), (0, 1, 0, 0), (2, 0, 0, 0), (1, 0, 0, 0)]
    scenario = make_scenario(coeffs, 2, 2)
    rm = regions(scenario, ("a", "b"), solver=solve)
    texts = sorted(str(p) for p in rm.boundaries)
    assert texts == ["a - 1", "a*b - 2"]
    pts = [(F(1), F(2)), (F(2), F(1)), (F(4), F(1, 2)), (F(1, 2), F(4)), (F(8, 3), F(3, 4))]
    pts += [(a, b) for a in _grid(F(0), F(4), 21) for b in _grid(F(0), F(4), 21)]
    _, bad = check_points(scenario, ("a", "b"), rm, pts)
    assert bad == 0
    assert any(c.dimension == 0 and c.sample == (F(1), F(2)) for c in rm.cells)


# ------------------------------------------------------------------ robustness

def _scenario_linear(va, vb, vc=None):
    """P1 prefers r0 iff a + 2b (+ c) > 3; P2 always prefers c0."""
    extra = "" if vc is None else " + c"
    params = f"  a: {{value: {va}, range: [0, 4]}}\n  b: {{value: {vb}, range: [0, 2]}}\n"
    if vc is not None:
        params += f"  c: {{value: {vc}, range: [0, 1]}}\n"
    text = f"""\
scenario: linear
parameters:
{params}players:
  P1: {{strategies: [r0, r1]}}
  P2: {{strategies: [c0, c1]}}
payoffs:
  r0, c0: [a + 2*b{extra}, 1]
  r0, c1: [a + 2*b{extra}, 0]
  r1, c0: [3, 1]
  r1, c1: [3, 0]
"""
    return parse_scenario(text)


def _check_witness(scenario, rob):
    base = baseline(scenario)
    here = structure(solve(scenario.game(base, check_range=False)))
    w = rob.witness
    at = structure(solve(scenario.game({**base, **w}, check_range=False)))
    if rob.radius == 0:
        # the witness is the baseline itself; `beyond` is a point next to it that differs
        assert w == {n: base[n] for n in w}
        w = rob.beyond
        at = structure(solve(scenario.game({**base, **w}, check_range=False)))
        # a knife edge: the witness is a point near the baseline with another structure,
        # and so is every point between them (the baseline alone keeps it)
        assert at != here
        for k in (1, 7, 500):
            mid = {n: base[n] + (w[n] - base[n]) * F(k, 1000) for n in w}
            assert structure(solve(scenario.game({**base, **mid}, check_range=False))) != here
        return
    # beyond: a little further from the baseline than the witness
    beyond = {n: base[n] + (w[n] - base[n]) * F(1001, 1000) for n in w}
    rng = {n: scenario.parameters[n].range for n in w}
    beyond = {n: min(max(v, rng[n][0]), rng[n][1]) for n, v in beyond.items()}
    past = structure(solve(scenario.game({**base, **beyond}, check_range=False)))
    other = past if rob.beyond is None else \
        structure(solve(scenario.game({**base, **rob.beyond}, check_range=False)))
    assert at != here or past != here or other != here
    inside = {n: base[n] + (w[n] - base[n]) * F(999, 1000) for n in w}
    assert structure(solve(scenario.game({**base, **inside}, check_range=False))) == here
    # random points strictly inside the radius keep the structure
    rnd = random.Random(1)
    for _ in range(30):
        pt = {}
        for n in w:
            lo, hi = rng[n]
            u = F(rnd.randint(-999, 999), 1000) * rob.radius
            pt[n] = min(max(base[n] + u * (hi - lo), lo), hi)
        assert structure(solve(scenario.game({**base, **pt}, check_range=False))) == here


def test_radius_linear_unclipped():
    scenario = _scenario_linear(2, 2)
    rob = robustness(scenario, solver=solve)
    # |P(x0)| / sum |coefficient * width| for P = a + 2b - 3, widths 4 and 2
    expected = F(abs(2 + 2 * 2 - 3), 1 * 4 + 2 * 2)
    assert rob.radius == expected and rob.exact
    assert rob.witness == {"a": F(1, 2), "b": F(5, 4)}
    _check_witness(scenario, rob)


def test_radius_linear_clipped_by_the_box():
    """Baseline a = 1/2: a reaches 0 at r = 1/8, then only b moves: r = 1/4 (by hand)."""
    scenario = _scenario_linear(F(1, 2), 2)
    rob = robustness(scenario, solver=solve)
    assert rob.radius == F(1, 4) and rob.exact
    assert rob.witness == {"a": F(0), "b": F(3, 2)}
    _check_witness(scenario, rob)


def test_radius_three_parameters():
    scenario = _scenario_linear(2, 2, F(1, 2))
    rob = robustness(scenario, solver=solve)
    expected = F(2 + 4 + F(1, 2) - 3) / (4 + 4 + 1)
    assert rob.radius == expected and rob.exact
    _check_witness(scenario, rob)


def test_radius_none_when_structure_holds_everywhere():
    scenario = _scenario_linear(2, 2)
    rows = "  r0, c0: [6 + a, 1]\n  r0, c1: [5, 0]\n  r1, c0: [1 + b, 1]\n  r1, c1: [0, 0]"
    text = TEMPLATE.format(va=1, vb=1, s1="r0, r1", s2="c0, c1", rows=rows)
    rob = robustness(parse_scenario(text), solver=solve)
    assert rob.radius is None and rob.witness is None
    assert scenario is not None


def test_radius_zero_when_the_baseline_is_on_a_boundary():
    """a + 2b = 3 at the baseline: P1 is indifferent there, and any move of a breaks
    the tie, so the radius is exactly 0 and the witness is a nearby point."""
    scenario = _scenario_linear(1, 1)
    rob = robustness(scenario, solver=solve)
    assert rob.radius == 0 and rob.exact
    _check_witness(scenario, rob)


def test_ultimatum_reduced_form_witness():
    """The tree scenario's reduced form: its baseline sits on two critical planes, so
    the radius is 0 and a direct solve next to the baseline differs."""
    scenario = load_scenario(ROOT / "scenarios/idlib_ultimatum.yaml")
    rob = robustness(scenario, solver=solve)
    assert rob.radius == 0 and rob.exact
    _check_witness(scenario, rob)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_shipped_witnesses(path):
    scenario = load_scenario(path)
    rob = robustness(scenario, solver=solve)
    if rob.radius is None:
        return
    _check_witness(scenario, rob)


def test_idlib_plot_png(tmp_path):
    pytest.importorskip("matplotlib", reason="--plot needs the optional matplotlib")
    out = tmp_path / "map.png"
    run = subprocess.run([sys.executable, "-m", "cli.main",
                          str(ROOT / "scenarios/idlib_m4_patrols.yaml"),
                          "--regions", "push_cost", "moscow_patience", "--plot", str(out)],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Regions over push_cost and moscow_patience" in run.stdout
    assert "survives any joint change" in run.stdout


def test_cli_json_shape_and_bad_names():
    """`--regions` JSON has the SPEC's keys; a repeated or unknown name is a one-line
    error with exit status 2."""
    import json
    path = str(ROOT / "scenarios/battle_of_the_sexes.yaml")
    run = subprocess.run([sys.executable, "-m", "cli.main", path, "--regions", "favourite",
                          "alone", "--format", "json"], capture_output=True, text=True,
                         cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    reg = doc["regions"]
    assert reg["parameters"] == ["favourite", "alone"]
    assert reg["box"] == {"favourite": ["1", "4"], "alone": ["0", "3"]}
    assert reg["boundaries"] == ["alone - 1"]
    cell = reg["regions"][0]["cells"][0]
    assert set(cell) == {"dimension", "conditions", "sample"}
    assert doc["robustness"]["radius"] == "1/3" and doc["robustness"]["scale"] == "range"
    for bad in (["favourite", "favourite"], ["favourite", "nope"]):
        run = subprocess.run([sys.executable, "-m", "cli.main", path, "--regions", *bad],
                             capture_output=True, text=True, cwd=ROOT, check=False)
        assert run.returncode == 2 and "Traceback" not in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1


def test_robustness_of_a_parameter_without_a_range_is_refused():
    """Robustness is measured in shares of each range: a named parameter without one
    is a GameError that names it, not a crash."""
    from games.errors import GameError
    text = TEMPLATE.format(va=1, vb=1, s1="r0, r1", s2="c0, c1",
                           rows="  r0, c0: [a, 1]\n  r0, c1: [0, 0]\n  r1, c0: [b, 1]\n"
                                "  r1, c1: [0, 0]").replace("b: {value: 1, range: [0, 4]}",
                                                            "b: {value: 1}")
    scenario = parse_scenario(text)
    assert scenario.parameters["b"].range is None
    with pytest.raises(GameError, match="parameter 'b' has no range"):
        robustness(scenario, names=["a", "b"], solver=solve)
