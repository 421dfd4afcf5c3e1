"""The notebook-first API: games from matrices and arrays, exact inputs, readable
results with names, Jupyter HTML, DataFrames, one entry point on Game, and the
example notebook in docs/ executed headless."""
from __future__ import annotations

import json
import os
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import games
from games.building import exact_input
from games.errors import GameError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "docs" / "notebook.ipynb"


@pytest.mark.parametrize("given, expected", [
    (3, Fraction(3)), (np.int64(-2), Fraction(-2)), (Fraction(1, 3), Fraction(1, 3)),
    ("1/3", Fraction(1, 3)), ("-0.25", Fraction(-1, 4)), ("1e-3", Fraction(1, 1000)),
    (Decimal("0.1"), Fraction(1, 10)), (0.1, Fraction(1, 10)), (np.float64(2.5), Fraction(5, 2)),
    (1 / 3, Fraction("0.3333333333333333")), (1e-20, Fraction(1, 10**20)),
])
def test_exact_input_rules(given, expected):
    assert exact_input(given) == expected


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), True, "abc", "1/0", None,
                                 Decimal("NaN"), [1]])
def test_exact_input_refuses(bad):
    with pytest.raises(GameError):
        exact_input(bad)


def test_from_matrices_prisoners_dilemma_textbook():
    """(confess, confess) is the unique equilibrium, payoffs 1, 1; printed with names."""
    g = games.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["Ann", "Bob"],
                                 strategies=[["quiet", "confess"], ["quiet", "confess"]])
    eqs = g.equilibria()
    assert len(eqs) == 1
    assert str(eqs[0]) == "pure (confess, confess) payoffs 1, 1"
    assert "confess" in repr(eqs) and "Ann" not in str(eqs[0])
    html = g._repr_html_()
    assert "<b>1*, 1*</b>" in html and html.count("<b>") == 1


def test_from_matrices_zero_sum_and_float_input():
    """Matching pennies from A alone: the unique equilibrium mixes 1/2, 1/2; a float
    matrix entry is read by its decimal string."""
    g = games.Game.from_matrices([[1, -1], [-1, 1]])
    (e,) = g.equilibria()
    assert e.profile == ((Fraction(1, 2), Fraction(1, 2)),) * 2
    assert str(e) == "mixed (Row: 1/2 s1 + 1/2 s2; Column: 1/2 s1 + 1/2 s2) payoffs 0, 0"
    h = games.Game.from_matrices([[0.1, 0], [0, 0.2]], [[0.2, 0], [0, 0.1]])
    assert h.payoffs[0, 0, 0] == Fraction(1, 10)
    # mixed equilibrium of this coordination game: row plays s1 with 1/3 (brute force:
    # column indifferent when 0.2 p = 0.1 (1 - p))
    mixed = [e for e in h.equilibria() if e.kind == "mixed"]
    assert mixed[0].profile[0] == (Fraction(1, 3), Fraction(2, 3))


def test_from_array_three_players_and_errors():
    """A 2x2x2 game where everyone gets 1 only if all pick the same: two pure
    equilibria with matching choices, plus the rest as the engine finds them."""
    arr = np.zeros((3, 2, 2, 2), dtype=object)
    for i in range(3):
        arr[(i, 0, 0, 0)] = 1
        arr[(i, 1, 1, 1)] = 1
    g = games.Game.from_array(arr, players=["A", "B", "C"])
    pure = {e.pure_profile for e in g.equilibria() if e.kind == "pure"}
    assert {(0, 0, 0), (1, 1, 1)} <= pure
    with pytest.raises(GameError, match="shape"):
        games.Game.from_array([[1, 2], [3, 4]])
    with pytest.raises(GameError, match="names"):
        games.Game.from_matrices([[1]], [[1]], players=["X", "X"])


def test_one_entry_point_on_a_scenario_game():
    """with_values, analyze, sweep, monte_carlo and compare from one Game. At alone = 1/2
    Ann's mix p on bach leaves Bob indifferent (by hand from the scenario's payoffs:
    Bob's bach pays p, his stravinsky p*alone + (1-p)*favourite)."""
    bos = games.load("scenarios/battle_of_the_sexes.yaml")
    half = bos.with_values(alone="1/2")
    assert half.values["alone"] == Fraction(1, 2)
    assert bos.with_values(alone=0.5).values["alone"] == Fraction(1, 2)
    mixed = next(e for e in half.equilibria() if e.kind == "mixed")
    p = mixed.profile[0][0]
    assert p == p * Fraction(1, 2) + (1 - p) * 2 and p == Fraction(4, 5)
    analysis = bos.analyze()
    assert "thresholds 1" in str(analysis) and "<table>" in analysis._repr_html_()
    sweep = bos.sweep("alone", steps=4)
    frame = sweep.to_pandas()
    assert list(frame["alone"]) == [0, 1, 2, 3] and len(frame) == 4
    mc = bos.monte_carlo(200, seed=1).to_pandas()
    assert {"support", "share", "low", "high"} <= set(mc.columns)
    assert "appeared: pure (bach, stravinsky) payoffs 2, 2" in str(bos.compare(alone=2))
    with pytest.raises(GameError):
        games.Game.from_matrices([[1]], [[1]]).sweep("x")


def test_equilibria_dataframe_is_exact():
    bos = games.load("scenarios/battle_of_the_sexes.yaml")
    df = bos.equilibria().to_pandas()
    assert list(df["kind"]) == ["pure", "pure", "mixed"]
    assert df.loc[2, "Ann: bach"] == Fraction(2, 3) and df.loc[2, "payoff Bob"] == Fraction(2, 3)
    assert df.loc[2, "Ann"] == "2/3 bach + 1/3 stravinsky"


def test_sensitivity_results_print_with_names():
    bos = games.load("scenarios/battle_of_the_sexes.yaml")
    (alone,) = [s for s in bos.sensitivity() if s.parameter == "alone"]
    text = str(alone)
    assert "alone = 1: pure (bach, bach)" in text and "1 < alone < 3: pure (bach, stravinsky)" in text
    assert len(alone.to_pandas()) == 3


def test_example_notebook_runs_headless(monkeypatch):
    """docs/notebook.ipynb: with nbclient when installed, else each code cell executed
    in order in one namespace (what a kernel would do), from the repository root."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    monkeypatch.chdir(ROOT)
    try:
        import nbclient
        import nbformat
    except ImportError:
        namespace: dict = {}
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                # the project's own example notebook, run as a kernel would run it
                exec(compile(source, f"{NOTEBOOK.name}:{cell['id']}", "exec"),  # noqa: S102
                     namespace)
        assert len(namespace["eqs"]) == 1
        assert namespace["coordination"].payoffs[0, 0, 0] == Fraction(1, 10)
        return
    node = nbformat.reads(json.dumps(nb), as_version=4)
    nbclient.NotebookClient(node, timeout=120, resources={"metadata": {"path": os.getcwd()}}
                            ).execute()
