"""Option-form graph models (games.ordinal.graph_model, graph_scenario): the Elmira
conflict and errors.

The stability table of Elmira is checked against an oracle written here from the
definitions of Fang, Hipel & Kilgour (1993) and applied to the raw option table: moves
are derived from the option vectors directly, coalition sanctions by enumerating every
legal sequence of moves (no decision maker twice in a row) as explicit paths. The
published stability table of the Elmira conflict could not be located in a readable
form; see docs/ordinal.md.
"""
from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.errors import ScenarioError
from games.ordinal.gmcr import CONCEPTS, stability
from games.ordinal.graph_model import GraphModel, graph_model_stability
from games.ordinal.graph_scenario import load_graph_scenario, parse_graph_scenario

ROOT = Path(__file__).resolve().parents[1]
ELMIRA = ROOT / "scenarios" / "elmira_gmcr.yaml"

# Elmira's published model in the test's own encoding: options M (modify), D (delay),
# A (accept), B (abandon), I (insist); '-' = does not matter.
ELMIRA_STATES = {"1": "NYNNN", "2": "YYNNN", "3": "NNYNN", "4": "YNYNN", "5": "NYNNY",
                 "6": "YYNNY", "7": "NNYNY", "8": "YNYNY", "9": "-NNY-"}
OWNER = "MUUUL"                         # option -> decision maker
ONE_WAY = {0: "NY", 3: "NY", 1: "YN"}   # allowed change of modify, abandon, delay
PREFS = {"M": "734851269", "U": "148592376", "L": "735186429"}


def _oracle_moves(dm: str, s: str) -> list[str]:
    out = []
    for t, vt in ELMIRA_STATES.items():
        vs = ELMIRA_STATES[s]
        if t == s:
            continue
        diff = [k for k in range(5) if "-" not in (vs[k], vt[k]) and vs[k] != vt[k]]
        if diff and all(OWNER[k] == dm and ONE_WAY.get(k, vs[k] + vt[k]) == vs[k] + vt[k]
                        for k in diff):
            out.append(t)
    return out


def _better(dm: str, a: str, b: str) -> bool:
    return PREFS[dm].index(a) < PREFS[dm].index(b)


def _sequences(others: str, s1: str, credible: bool) -> set[str]:
    """End states of every legal sequence of moves by `others` from s1 (paths of length
    up to 2 x states, which covers every reachable (state, last mover) pair)."""
    reached, paths = set(), [(s1, "")]
    for _ in range(2 * len(ELMIRA_STATES)):
        nxt = []
        for state, last in paths:
            for dm in others:
                if dm == last:
                    continue
                for t in _oracle_moves(dm, state):
                    if credible and not _better(dm, t, state):
                        continue
                    if (t, dm) not in {(p, q) for p, q in nxt}:
                        nxt.append((t, dm))
                    reached.add(t)
        paths = nxt
    return reached


def _oracle(dm: str, s: str, concept: str) -> bool:
    ups = [t for t in _oracle_moves(dm, s) if _better(dm, t, s)]
    if concept == "Nash":
        return not ups
    others = "".join(d for d in "MUL" if d != dm)
    for s1 in ups:
        ends = _sequences(others, s1, credible=concept == "SEQ")
        ok = [s2 for s2 in ends if not _better(dm, s2, s)]
        if concept == "SMR":
            ok = [s2 for s2 in ok if all(not _better(dm, s3, s) for s3 in _oracle_moves(dm, s2))]
        if not ok:
            return False
    return True


def test_elmira_scenario_reads_the_published_model():
    m = load_graph_scenario(ELMIRA).model
    assert m.decision_makers == ("Ministry", "Uniroyal", "Local_government")
    assert len(m.options) == 5 and len(m.state_names) == 9
    for i, dm in enumerate("MUL"):
        best_first = sorted(range(9), key=lambda k: -m.ranks[i][k])
        assert "".join(m.state_names[k] for k in best_first) == PREFS[dm]


def test_elmira_stability_table_matches_the_definitions():
    m = load_graph_scenario(ELMIRA).model
    table = graph_model_stability(m)
    assert len(table) == 9
    for row in table:
        name = m.state_label(row.state)
        for c in CONCEPTS:
            assert row.stable[c] == tuple(_oracle(dm, name, c) for dm in "MUL"), (name, c)


def test_elmira_equilibria():
    """The equilibria that follow from the table (derived by the oracle above)."""
    m = load_graph_scenario(ELMIRA).model
    table = graph_model_stability(m)
    eq = {c: [m.state_label(r.state) for r in table if r.equilibrium(c)] for c in CONCEPTS}
    oracle = {c: [s for s in ELMIRA_STATES if all(_oracle(d, s, c) for d in "MUL")]
              for c in CONCEPTS}
    assert eq == oracle
    assert set(eq["Nash"]) <= set(eq["SEQ"]) <= set(eq["GMR"])
    assert set(eq["Nash"]) <= set(eq["SMR"]) <= set(eq["GMR"])


def test_irreversible_moves_are_one_way():
    m = load_graph_scenario(ELMIRA).model
    idx = {n: (k,) for k, n in enumerate(m.state_names)}
    uniroyal, ministry = 1, 0
    assert idx["9"] in m.moves(uniroyal, idx["1"])          # abandoning is possible
    assert m.moves(uniroyal, idx["9"]) == []                # and is never undone
    assert idx["2"] in m.moves(ministry, idx["1"])          # modifying is possible
    assert m.moves(ministry, idx["2"]) == []                # and is never undone
    assert idx["3"] in m.moves(uniroyal, idx["1"])          # stop delaying: accept
    assert idx["1"] not in m.moves(uniroyal, idx["3"])      # delay cannot resume


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_strategic_form_as_graph_model(data):
    """A strategic-form conflict written as a graph model (one option per strategy,
    exactly one taken) has the same stability table as the strategic-form analysis."""
    shape = data.draw(st.sampled_from([(2, 2), (2, 3), (3, 2), (2, 2, 2)]))
    n = len(shape)
    cells = int(np.prod(shape))
    ranks = np.array([data.draw(st.lists(st.integers(1, 4), min_size=cells,
                                         max_size=cells)) for _ in range(n)])
    ranks = ranks.reshape((n, *shape))
    pairs = [(i, k) for i in range(n) for k in range(shape[i])]
    options = [f"p{i}s{k}" for i, k in pairs]
    owner = tuple(i for i, _ in pairs)
    profiles = list(itertools.product(*[range(k) for k in shape]))
    taken = tuple(tuple(bool(p[i] == k) for i, k in pairs) for p in profiles)
    model = GraphModel(tuple(f"P{i}" for i in range(n)), tuple(options), owner,
                       (None,) * len(options), tuple(map(str, profiles)), taken,
                       tuple(tuple(int(ranks[(i, *p)]) for p in profiles) for i in range(n)))
    expected = {r.state: r.stable for r in stability(ranks)}
    for row in graph_model_stability(model):
        assert row.stable == expected[profiles[row.state[0]]]


BASE = """scenario: t
graph_model:
  decision_makers:
    A: [x]
    B: [y]
  states:
    s1: []
    s2: [x]
    s3: [y]
  preferences:
    A: [s2, [s1, s3]]
    B: [s3, s1, s2]
"""


@pytest.mark.parametrize("old, new, where, words", [
    ("    B: [y]\n", "    B: [x]\n", (5, 9), "listed twice"),
    ("    s3: [y]", "    s3: [z]", (9, 10), "unknown option 'z'"),
    ("    s3: [y]", "    s3: [x]", (9, 5), "same options as 's2'"),
    ("B: [s3, s1, s2]", "B: [s3, s1]", (12, 8), "does not rank s2"),
    ("B: [s3, s1, s2]", "B: [s3, s1, s1]", (12, 17), "ranked twice"),
    ("B: [s3, s1, s2]", "C: [s3, s1, s2]", (12, 5), "unknown decision maker 'C'"),
    ("  states:", "  irreversible: {x: sideways}\n  states:", (6, 21), "'forward'"),
    ("  states:", "  stats: {}\n  states:", (6, 3), "unknown key 'stats'"),
])
def test_errors_are_located(old, new, where, words):
    text = BASE.replace(old, new, 1)
    assert text != BASE
    with pytest.raises(ScenarioError) as exc:
        parse_graph_scenario(text, "f.yaml")
    msg = str(exc.value)
    assert f"f.yaml:{where[0]}:{where[1]}:" in msg and words in msg, msg


def test_cli_reports_elmira_and_refuses_bad_files(tmp_path):
    run = [sys.executable, "-m", "cli.main"]
    ok = subprocess.run(run + [str(ELMIRA), "--format", "json"], cwd=ROOT,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert '"Nash": [\n' in ok.stdout and '"equilibria"' in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(BASE.replace("    s3: [y]", "    s3: [z]"), encoding="utf-8")
    res = subprocess.run(run + [str(bad)], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 2 and res.stdout == ""
    assert f"{bad}:9:10: unknown option 'z'" in res.stderr
    assert "Traceback" not in res.stderr


def test_cli_latex_and_matrix_only_options(tmp_path):
    run = [sys.executable, "-m", "cli.main", str(ELMIRA)]
    tex = subprocess.run(run + ["--format", "latex"], cwd=ROOT, capture_output=True, text=True)
    assert tex.returncode == 0 and "\\documentclass" in tex.stdout and "SEQ" in tex.stdout
    page = tmp_path / "p.html"
    res = subprocess.run(run + ["--html", str(page)], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 2 and "--html needs a payoff-matrix scenario" in res.stderr
    assert not page.exists()
