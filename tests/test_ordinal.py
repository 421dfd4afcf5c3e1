"""Ordinal scenarios (games/ordinal): every strict 2x2 ranking generated here and
classified; 3x3 rankings whose equilibrium structure depends on the numbers, with each
witness re-solved by pygambit; GMCR and Theory of Moves against published results;
ranked scenario files through the command line."""
from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from games.model import Game, Player, Strategy
from games.ordinal.classify import classify
from games.ordinal.gmcr import stability
from games.ordinal.structure import cardinal_analysis
from games.ordinal.tom import non_myopic_equilibria
from games.solve import solve

ROOT = Path(__file__).resolve().parent.parent


def exact(game: Game):
    """The engine's exact solver, passed to the cardinal analysis."""
    return solve(game, method="exact")


def ranked_game(a, b) -> Game:
    """A 2-player game whose payoffs are the given rank matrices."""
    a, b = np.array(a), np.array(b)
    players = [Player(name, tuple(Strategy(f"{name.lower()}{k}") for k in range(n)))
               for name, n in (("Row", a.shape[0]), ("Col", a.shape[1]))]
    pay = np.empty((2, *a.shape), dtype=object)
    for idx in np.ndindex(*a.shape):
        pay[(0, *idx)], pay[(1, *idx)] = Fraction(int(a[idx])), Fraction(int(b[idx]))
    return Game(players, pay, title="ranked")


def all_strict_2x2() -> list[tuple[np.ndarray, np.ndarray]]:
    """One game per class of strict ordinal 2x2 games under relabelling each player's
    strategies (the 144 of Robinson and Goforth), generated from scratch."""
    seen, out = set(), []
    for p in itertools.permutations((1, 2, 3, 4)):
        for q in itertools.permutations((1, 2, 3, 4)):
            a, b = np.array(p).reshape(2, 2), np.array(q).reshape(2, 2)
            variants = []
            for r, c in itertools.product((False, True), repeat=2):
                aa, bb = a[::-1] if r else a, b[::-1] if r else b
                aa, bb = (aa[:, ::-1], bb[:, ::-1]) if c else (aa, bb)
                variants.append((tuple(aa.flat), tuple(bb.flat)))
            key = min(variants)
            if key not in seen:
                seen.add(key)
                out.append((a, b))
    return out


STRICT_2X2 = all_strict_2x2()


def test_there_are_144_strict_games_and_each_gets_its_own_index():
    assert len(STRICT_2X2) == 144
    indices = {classify(a, b).index for a, b in STRICT_2X2}
    assert len(indices) == 144
    layers = [classify(a, b).layer for a, b in STRICT_2X2]
    assert sorted(set(layers)) == [1, 2, 3, 4] and all(layers.count(k) == 36 for k in range(1, 5))


def test_player_swap_leaves_78_rapoport_guyer_classes():
    assert len({classify(a, b).rapoport_guyer_class for a, b in STRICT_2X2}) == 78
    for a, b in STRICT_2X2[::7]:        # swapping the players keeps the class
        assert classify(a, b).rapoport_guyer_class == classify(b.T, a.T).rapoport_guyer_class


def test_relabelling_strategies_keeps_the_classification():
    for a, b in STRICT_2X2[::5]:
        k = classify(a, b)
        assert classify(a[::-1], b[::-1]).index == k.index
        assert classify(a[:, ::-1], b[:, ::-1]).index == k.index


def symmetric(t, r, s, p, flip_rows=False, flip_cols=False):
    """The symmetric game with strategies C, D: row ranks [[R, S], [T, P]], optionally
    with one player's strategies listed in the other order."""
    a = np.array([[r, s], [t, p]])
    b = a.T.copy()
    if flip_rows:
        a, b = a[::-1], b[::-1]
    if flip_cols:
        a, b = a[:, ::-1], b[:, ::-1]
    return a, b


# Textbook orderings (T temptation, R reward, S sucker, P punishment).
KNOWN = [
    ("Prisoner's Dilemma", (4, 3, 1, 2), 12),     # T > R > P > S
    ("Chicken", (4, 3, 2, 1), 66),                # T > R > S > P
    ("Stag Hunt", (3, 4, 1, 2), None),            # R > T > P > S
    ("Battle of the Sexes (Hero)", (4, 1, 3, 2), 69),   # T > S > P > R
    ("Leader", (4, 2, 3, 1), 68),                 # T > S > R > P
    ("Deadlock", (4, 2, 1, 3), None),             # T > P > R > S
    ("Harmony", (3, 4, 2, 1), None),              # R > T > S > P
]


@pytest.mark.parametrize("name,trsp,rg", KNOWN, ids=[k[0] for k in KNOWN])
def test_well_known_games_are_named_in_any_labelling(name, trsp, rg):
    t, r, s, p = trsp
    for flip in itertools.product((False, True), repeat=2):
        k = classify(*symmetric(t, r, s, p, *flip))
        assert k.name == name and k.symmetric
        if rg is not None:
            assert k.rapoport_guyer == rg


def test_prisoners_dilemma_is_the_origin_and_symmetric_games_lie_on_diagonals():
    assert classify(*symmetric(4, 3, 1, 2)).index == "111"
    sym = [classify(*symmetric(*o)) for o in itertools.permutations((1, 2, 3, 4))]
    assert len({k.index for k in sym}) == 12
    assert all(k.row_type == k.column_type and k.layer in (1, 4) for k in sym)


def test_asymmetric_games_are_named_by_their_players_families():
    a, _ = symmetric(4, 3, 1, 2)            # row: Prisoner's Dilemma payoffs
    _, b = symmetric(4, 3, 2, 1)            # column: Chicken payoffs
    k = classify(a, b)
    assert not k.symmetric
    assert k.row_family == "Prisoner's Dilemma" and k.column_family == "Chicken"


def test_every_strict_2x2_game_has_an_invariant_structure():
    """Measured: a strict 2x2 ranking never changes its equilibrium structure; each game is
    sampled and carries a proof (certificate) of invariance."""
    for a, b in STRICT_2X2:
        res = cardinal_analysis(ranked_game(a, b), samples=6, seed=1, solver=exact)
        assert res.invariant and res.certificate is not None


# -- 3x3: structures that depend on the numbers -----------------------------------------

def gambit_supports(payoffs: np.ndarray) -> set[tuple[tuple[int, ...], ...]]:
    """Supports of the extreme equilibria pygambit finds (exact, independent)."""
    gbt = pytest.importorskip("pygambit")
    g = gbt.Game.from_arrays(payoffs[0], payoffs[1])
    res = gbt.nash.enummixed_solve(g, rational=True)
    out = set()
    for e in res.equilibria:
        out.add(tuple(tuple(j for j, s in enumerate(pl.strategies) if e[s] != 0)
                      for pl in g.players))
    return out


def varying_3x3(count: int) -> list[tuple[Game, object]]:
    rng = random.Random(7)
    found = []
    while len(found) < count:
        a = np.array(rng.sample(range(1, 10), 9)).reshape(3, 3)
        b = np.array(rng.sample(range(1, 10), 9)).reshape(3, 3)
        g = ranked_game(a, b)
        res = cardinal_analysis(g, samples=150, seed=3, solver=exact)
        if not res.invariant:
            found.append((g, res))
    return found


VARYING = varying_3x3(4)


def test_3x3_structures_vary_and_each_witness_really_produces_its_structure():
    for g, res in VARYING:
        assert len(res.structures) >= 2 and res.certificate is None
        assert abs(sum(s.share for s in res.structures) - 1) < 1e-12
        for s in res.structures:
            w = s.witness
            for i in range(2):              # the witness keeps each player's order
                for p, q in itertools.product(list(np.ndindex(3, 3)), repeat=2):
                    assert (g.payoffs[(i, *p)] < g.payoffs[(i, *q)]) == (w[(i, *p)] < w[(i, *q)])
            assert gambit_supports(w) == set(s.supports)


def test_supports_ruled_out_by_ranks_never_occur():
    for _g, res in VARYING:
        impossible = {x.supports for x in res.impossible}
        for s in res.structures:
            assert not impossible & set(s.supports)


# -- GMCR -------------------------------------------------------------------------------

PD = np.array([[[3, 1], [4, 2]], [[3, 4], [1, 2]]])           # strategies C, D
CHICKEN = np.array([[[3, 2], [4, 1]], [[3, 4], [2, 1]]])


def equilibria(ranks, concept):
    return {s.state for s in stability(ranks) if s.equilibrium(concept)}


def test_gmcr_prisoners_dilemma_published():
    """Fang, Hipel & Kilgour (1993): in the prisoner's dilemma mutual defection is the only
    Nash state, and mutual cooperation is GMR, SMR and SEQ stable as well."""
    assert equilibria(PD, "Nash") == {(1, 1)}
    for concept in ("GMR", "SMR", "SEQ"):
        assert equilibria(PD, concept) == {(0, 0), (1, 1)}


def test_gmcr_chicken_from_the_definitions():
    """Chicken, derived by hand: (C, C) is sanctioned (the other can answer D with D) but
    that sanction hurts the sanctioner, so it is GMR and SMR stable and not SEQ."""
    assert equilibria(CHICKEN, "Nash") == {(0, 1), (1, 0)}
    assert equilibria(CHICKEN, "GMR") == equilibria(CHICKEN, "SMR") == {(0, 0), (0, 1), (1, 0)}
    assert equilibria(CHICKEN, "SEQ") == {(0, 1), (1, 0)}


def test_gmcr_three_players_nash_matches_pure_equilibria():
    rng = np.random.default_rng(2)
    from games.solvers.pure import pure_equilibrium_profiles
    for _ in range(5):
        ranks = np.array([rng.permutation(8).reshape(2, 2, 2) + 1 for _ in range(3)])
        assert equilibria(ranks, "Nash") == set(pure_equilibrium_profiles(ranks))
        assert equilibria(ranks, "Nash") <= equilibria(ranks, "SEQ") <= equilibria(ranks, "GMR")
        assert equilibria(ranks, "SMR") <= equilibria(ranks, "GMR")


# -- Theory of Moves --------------------------------------------------------------------

def test_theory_of_moves_prisoners_dilemma_published():
    """Brams (1994), game 32: the non-myopic equilibria are (3,3) and (2,2)."""
    assert set(non_myopic_equilibria(PD)) == {(0, 0), (1, 1)}


def test_theory_of_moves_chicken_compromise_is_non_myopic():
    """Brams (1994), game 57: the compromise (3,3) is a non-myopic equilibrium; the
    disaster (1,1) is not."""
    nme = set(non_myopic_equilibria(CHICKEN))
    assert (0, 0) in nme and (1, 1) not in nme


# -- scenario files and the command ------------------------------------------------------

def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli.main", *args], check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


BAD = """scenario: bad
payoffs_are: ranks
players:
  A: {strategies: [x, y]}
  B: {strategies: [x, y]}
payoffs:
  x, x: [1, 1]
  x, y: [2, 3]
  y, x: [4, 2]
  y, y: [3, 5]
"""


def test_a_ranking_that_skips_a_rank_is_refused_with_its_position(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text(BAD)
    r = run(str(f))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "bad.yaml:10:" in r.stderr and "skip 4" in r.stderr


def test_ranks_must_be_whole_numbers_and_take_no_parameters(tmp_path):
    f = tmp_path / "frac.yaml"
    f.write_text(BAD.replace("[3, 5]", "[3/2, 4]"))
    r = run(str(f))
    assert r.returncode == 2 and "frac.yaml:10:" in r.stderr and "not a rank" in r.stderr
    g = tmp_path / "par.yaml"
    g.write_text(BAD.replace("players:", "parameters: {c: 1}\nplayers:").replace("[3, 5]", "[3, 4]"))
    r = run(str(g))
    assert r.returncode == 2 and "par.yaml:3:" in r.stderr


def test_effects_cannot_change_ranks(tmp_path):
    f = tmp_path / "eff.yaml"
    f.write_text(BAD.replace("[3, 5]", "[3, 4]") + "effects:\n  - payoffs: {A: 1}\n")
    r = run(str(f))
    assert r.returncode == 2 and "eff.yaml:11:" in r.stderr and "effects" in r.stderr


def test_ties_are_allowed_and_stated(tmp_path):
    f = tmp_path / "ties.yaml"
    f.write_text(BAD.replace("[3, 5]", "[3, 3]").replace("[2, 3]", "[2, 3]"))
    r = run(str(f), "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)["ordinal"]
    assert doc["strict"] is False
    assert sorted(doc["ties"]["B"][0]) == ["x, y", "y, y"]


def test_unseen_3x3_scenario_in_json_reports_each_structure_with_a_witness(tmp_path):
    g, _ = VARYING[0]
    rows = "\n".join(f"  row{i}, col{j}: [{int(g.payoffs[0, i, j])}, {int(g.payoffs[1, i, j])}]"
                     for i in range(3) for j in range(3))
    f = tmp_path / "unseen.yaml"
    f.write_text("scenario: unseen\npayoffs_are: ranks\nplayers:\n"
                 "  Row: {strategies: [row0, row1, row2]}\n"
                 "  Col: {strategies: [col0, col1, col2]}\npayoffs:\n" + rows + "\n")
    r = run(str(f), "--format", "json", "--monte-carlo", "200")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)["ordinal"]
    assert doc["samples"] == 200 and doc["invariant"] is False and len(doc["structures"]) >= 2
    assert abs(sum(s["share"] for s in doc["structures"]) - 1) < 1e-9
    for s in doc["structures"]:
        w = np.empty((2, 3, 3), dtype=object)
        for key, vals in s["witness"].items():
            i, j = (int(x.strip()[3:]) for x in key.split(","))
            w[0, i, j], w[1, i, j] = Fraction(vals[0]), Fraction(vals[1])
        rows_, cols_ = ["row0", "row1", "row2"], ["col0", "col1", "col2"]
        want = {(tuple(rows_.index(x) for x in sup["Row"]),
                 tuple(cols_.index(x) for x in sup["Col"])) for sup in s["supports"]}
        assert gambit_supports(w) == want
    r = run(str(f), "--monte-carlo", "100")
    assert "Not invariant" in r.stdout


def test_unseen_2x2_ranking_is_named_in_the_report(tmp_path):
    f = tmp_path / "stag.yaml"
    f.write_text("scenario: hunters\npayoffs_are: ranks\nplayers:\n"
                 "  Ann: {strategies: [hare, stag]}\n  Bob: {strategies: [hare, stag]}\n"
                 "payoffs:\n  hare, hare: [2, 2]\n  hare, stag: [3, 1]\n"
                 "  stag, hare: [1, 3]\n  stag, stag: [4, 4]\n")
    r = run(str(f), "--format", "markdown", "--explain")
    assert r.returncode == 0, r.stderr
    assert "Stag Hunt" in r.stdout and "Why these conclusions are ordinal" in r.stdout


@pytest.mark.parametrize("name", ["idlib_m4_ordinal.yaml", "cuban_missile_crisis_ordinal.yaml",
                                  "arms_race_ordinal.yaml"])
def test_shipped_ordinal_scenarios_run(name):
    r = run(f"scenarios/{name}", "--format", "json", "--monte-carlo", "100")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)["ordinal"]
    assert doc["structures"] and doc["verdict"]


# -- certificates over the whole polytope -------------------------------------------------

def test_a_mixture_beats_a_strategy_in_every_reading_when_no_pure_strategy_does():
    """Row's s is ranked (3, 3); a (4, 3) and b (3, 4) each only tie with it somewhere, but
    their even mixture beats it in every reading; checked on random readings too."""
    from games.ordinal.certificates import robust_dominator
    from games.ordinal.invariant import pure_dominations
    row = np.array([[4, 3], [3, 4], [3, 3]])         # a, b, s against x, y
    col = np.array([[1, 2], [2, 1], [1, 2]])
    ranks = np.array([row, col])
    assert not [d for d in pure_dominations(ranks) if d.player == 0 and d.dominated == 2
                and d.strict]
    d = robust_dominator(ranks, 0, 2, [[0, 1, 2], [0, 1]])
    assert d is not None and d.margin > 0
    sigma = dict(d.by)
    rng = np.random.default_rng(0)
    for _ in range(200):                              # independent check on readings
        v = np.sort(np.concatenate([[0.0, 1.0], rng.random(2)]))
        for c in range(2):
            mix = sum(w * v[row[k, c] - 1] for k, w in sigma.items())
            assert mix > v[row[2, c] - 1]


def test_no_mixture_certificate_where_a_reading_makes_the_strategy_a_best_reply():
    from games.ordinal.certificates import robust_dominator
    row = np.array([[4, 1], [1, 4], [3, 3]])          # s is a best reply to the even mix
    col = np.array([[1, 2], [2, 1], [1, 2]])          # when v(3) > (v(4) + v(1)) / 2
    assert robust_dominator(np.array([row, col]), 0, 2, [[0, 1, 2], [0, 1]]) is None


def test_risk_dominance_in_a_stag_hunt_depends_on_the_numbers():
    """Textbook: with Stag Hunt rankings either equilibrium can be risk dominant; with a
    prisoner's dilemma ranking the question does not arise."""
    a, b = symmetric(3, 4, 1, 2)
    res = cardinal_analysis(ranked_game(a, b), samples=300, seed=4, solver=exact)
    risk = {f.fact[1]: f.share for f in res.facts if f.fact[0] == "risk_dominant"}
    assert len(risk) == 2 and all(0 < s < 1 for s in risk.values())
    assert sum(risk.values()) <= 1
    pd = cardinal_analysis(ranked_game(*symmetric(4, 3, 1, 2)), samples=50, seed=4, solver=exact)
    assert not [f for f in pd.facts if f.fact[0] == "risk_dominant"]


def test_strategy_shares_agree_with_the_structures():
    for _g, res in VARYING:
        for f in res.facts:
            if f.fact[0] == "plays":
                _, i, s = f.fact
                expected = sum(st.count for st in res.structures
                               if any(s in sup[i] for sup in st.supports))
                assert f.count == expected


def test_arms_race_scenario_reports_the_published_stabilities():
    """The arms race as Snyder and Brams rank it is the Prisoner's Dilemma: GMCR (Fang,
    Hipel & Kilgour 1993) and Theory of Moves (Brams 1994, game 32) results."""
    r = run("scenarios/arms_race_ordinal.yaml", "--format", "json", "--monte-carlo", "50")
    doc = json.loads(r.stdout)["ordinal"]
    assert doc["classification"]["name"] == "Prisoner's Dilemma"
    assert doc["classification"]["brams"] == 32
    assert doc["gmcr_equilibria"]["Nash"] == ["arm, arm"]
    for concept in ("GMR", "SMR", "SEQ"):
        assert sorted(doc["gmcr_equilibria"][concept]) == ["arm, arm", "restrain, restrain"]
    assert sorted(doc["non_myopic_equilibria"]) == ["arm, arm", "restrain, restrain"]
    assert doc["invariant"] and doc["certified"]


def test_cuban_missile_crisis_is_chicken_with_the_compromise_non_myopic():
    r = run("scenarios/cuban_missile_crisis_ordinal.yaml", "--format", "json",
            "--monte-carlo", "50")
    doc = json.loads(r.stdout)["ordinal"]
    assert doc["classification"]["name"] == "Chicken"
    assert doc["classification"]["rapoport_guyer"] == 66
    assert "blockade, withdraw" in doc["non_myopic_equilibria"]
    assert sorted(doc["gmcr_equilibria"]["Nash"]) == ["air_strike, withdraw",
                                                      "blockade, maintain"]


def test_export_keeps_ranked_payoffs(tmp_path):
    out = tmp_path / "again.yaml"
    r = run("scenarios/arms_race_ordinal.yaml", "--monte-carlo", "20", "--export", str(out))
    assert r.returncode == 0, r.stderr
    from games.scenario import load_scenario
    back = load_scenario(out)
    assert back.payoffs_are == "ranks"
    assert (back.game().payoffs == load_scenario(ROOT / "scenarios/arms_race_ordinal.yaml")
            .game().payoffs).all()


def test_sampling_is_uniform_on_the_order_polytope():
    """Sorted uniforms: the middle values of a 4-rank player average 1/3 and 2/3."""
    from games.ordinal.polytope import draw_readings
    (a,) = draw_readings([4], 20000, np.random.default_rng(5))
    assert (a[:, 0] == 0).all() and (a[:, 3] == 1).all() and (np.diff(a, axis=1) > 0).all()
    assert abs(a[:, 1].mean() - 1 / 3) < 0.01 and abs(a[:, 2].mean() - 2 / 3) < 0.01


def test_stag_hunt_risk_dominance_share_is_one_half():
    """Analytic: with ranks R > T > P > S and readings S=0 < P=x < T=y < R=1 drawn
    uniformly per player, (stag, stag) is risk dominant when (1-y)(1-y') > x x'; the map
    (x, y) -> (1-y, 1-x) preserves the distribution and swaps the two sides, so each
    equilibrium is risk dominant with probability exactly 1/2."""
    res = cardinal_analysis(ranked_game(*symmetric(3, 4, 1, 2)), samples=600, seed=11, solver=exact)
    risk = [f for f in res.facts if f.fact[0] == "risk_dominant"]
    assert len(risk) == 2
    for f in risk:
        assert f.low < 0.5 < f.high
