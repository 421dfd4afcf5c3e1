"""Exact values readable: canonical formulas equal to the input with fewer minus
signs; the baseline's own row at a range end; algebraic numbers simplified."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from cli.main import main
from games.sensitivity.readable import readable

ROOT = Path(__file__).resolve().parents[1]
A, B = sympy.symbols("alone b")


@pytest.mark.parametrize("expr, text", [
    (-2 / (A - 3), "2/(3 - alone)"),
    ((A - 1) / (A - 3), "(1 - alone)/(3 - alone)"),
    (sympy.Rational(1, 2) - A / 2, "(1 - alone)/2"),
    ((B - 1) / (A + 1), "(b - 1)/(alone + 1)"),
    (1 - A, "1 - alone"),
    (sympy.Rational(3, 4), "3/4"),
])
def test_textbook_forms(expr, text):
    assert readable(expr) == text


small = st.integers(-4, 4)


@settings(max_examples=60, deadline=None)
@given(small, small, small, small, small)
def test_readable_equals_its_input(a, b, c, d, e):
    den = c * A + d * B + e
    if den == 0:
        return
    expr = (a * A + b) / den
    text = readable(expr)
    assert sympy.simplify(sympy.sympify(text) - expr) == 0
    assert text.count("-") <= sympy.sstr(sympy.cancel(expr)).count("-") + 1


def test_baseline_row_at_range_end(capsys, monkeypatch):
    """Battle of the sexes at alone = 0 (the range's lower end): its own row shows the
    true mixed equilibrium 2/3 bach for Ann (favourite/(favourite + 1 - alone)), not
    the interval's sample point."""
    monkeypatch.setenv("COLUMNS", "200")
    assert main([str(ROOT / "scenarios" / "battle_of_the_sexes.yaml"), "--only",
                 "sensitivity"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if "alone = 0 (baseline" in line)
    assert "(2/3 bach + 1/3 stravinsky, 1/3 bach + 2/3 stravinsky)" in \
        out[out.index(row):].split("│ 0 < alone")[0]
    assert "[Ann bach = 2/(3 - alone); Bob bach = (1 - alone)/(3 - alone)]" in out
    assert main([str(ROOT / "scenarios" / "battle_of_the_sexes.yaml"), "--format",
                 "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    alone = next(s for s in doc["sensitivity"] if s["parameter"] == "alone")
    assert alone["intervals"][0]["formulas"][2]["Ann"]["bach"] == "2/(3 - alone)"
    assert alone["intervals"][0]["formulas"][2]["Bob"]["bach"] == "(1 - alone)/(3 - alone)"


def test_explained_payoff_of_the_volunteer_is_two(capsys):
    """Symmetric mixed equilibrium of the 3-player volunteer's dilemma: each payoff is
    exactly 2 (volunteering pays 2 for sure), not a radical expression."""
    assert main([str(ROOT / "scenarios" / "three_player_volunteer.yaml"), "--explain",
                 "--only", "explanation"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Expected payoffs at this equilibrium: Ann 2, Bob 2, Cid 2." in out
    assert "sqrt(3)*(" not in out
