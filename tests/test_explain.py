"""The --explain reasoning, checked against hand derivations."""
from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

import games
from cli.main import main
from games.teaching.explain import explain

F = Fraction


def analysis(name: str):
    return games.analyze(games.load(f"scenarios/{name}.yaml"), sensitivity=False)


@pytest.fixture(scope="module")
def bos():
    return explain(analysis("battle_of_the_sexes"))


def test_battle_of_the_sexes_indifference_equations(bos):
    # Hand derivation: p = P(Ann bach), q = P(Bob bach).
    # Ann: bach pays 2q, stravinsky pays 1 - q  -> 2q = 1 - q -> 3q = 1 -> q = 1/3.
    # Bob: bach pays p, stravinsky pays 2(1 - p) -> p = 2 - 2p -> 3p = 2 -> p = 2/3.
    (m,) = bos.mixed
    p, q = sympy.symbols("p q")
    ann, bob = m.conditions
    assert sympy.expand(ann.values[0].expression - 2 * q) == 0
    assert sympy.expand(ann.values[1].expression - (1 - q)) == 0
    assert sympy.expand(bob.values[0].expression - p) == 0
    assert sympy.expand(bob.values[1].expression - (2 - 2 * p)) == 0
    (step,) = ann.linear
    assert (step.symbol, step.coefficient, step.constant) == ("q", 3, 1)
    assert step.solution == F(1, 3)
    assert bob.linear[0].solution == F(2, 3)
    assert m.value_of("p") == F(2, 3) and m.value_of("q") == F(1, 3)
    assert m.unique is True
    assert ann.equilibrium_value == F(2, 3) == bob.equilibrium_value


def test_pure_equilibrium_deviations(bos):
    # (bach, bach): Ann switching to stravinsky gets 0 instead of 2; Bob gets 0 instead of 1.
    first = bos.pure[0]
    assert first.profile == (0, 0)
    gains = {(d.player, d.strategy): d.gain for d in first.deviations}
    assert gains == {(0, 1): -2, (1, 1): -1}
    assert first.strict


def test_best_responses_listed(bos):
    ann_vs_bach = next(b for b in bos.best_responses if b.player == 0 and b.against == (0,))
    assert ann_vs_bach.values == (2, 0) and ann_vs_bach.best == (0,)


def test_prisoners_dilemma_dominance():
    ex = explain(analysis("prisoners_dilemma"))
    d = ex.dominance
    assert set(d.dominant) == {(0, 1), (1, 1)}          # defect is dominant for both
    assert d.solved
    first = d.steps[0].domination
    assert (first.player, first.strategy, first.dominator) == (0, 0, 1)
    # against cooperate: defect 5 > cooperate 3; against defect: 1 > 0
    assert [(c.dominator, c.dominated) for c in first.comparisons] == [(5, 3), (1, 0)]


def test_mixed_dominance_names_the_mixture():
    ex = explain(analysis("mixed_dominance"))
    (step,) = ex.dominance.steps
    dom = step.domination
    assert dom.strategy == 2 and dom.is_mixed
    assert dom.weights == {0: F(1, 2), 1: F(1, 2)}
    # the mixture pays 1/2*3 + 1/2*0 = 3/2 against either column; bottom pays 1
    assert all(c.dominator == F(3, 2) and c.dominated == 1 for c in dom.comparisons)


def test_three_player_symmetric_equilibrium_equations():
    # Volunteer's dilemma (benefit 3, cost 1): with q, r the others' probabilities of
    # volunteering, volunteering pays 2 and ignoring pays 3(1 - (1 - q)(1 - r)); the
    # symmetric solution is 1 - sqrt(3)/3.
    ex = explain(analysis("three_player_volunteer"))
    q, r = sympy.symbols("q r")
    sym = [m for m in ex.mixed if len(m.variables) == 3]
    assert len(sym) == 1
    m = sym[0]
    ann = m.conditions[0]
    assert ann.values[0].expression == 2
    assert sympy.expand(ann.values[1].expression - 3 * (1 - (1 - q) * (1 - r))) == 0
    for name in "pqr":
        assert sympy.simplify(m.value_of(name) - (1 - sympy.sqrt(3) / 3)) == 0
    assert m.unique is True


@pytest.mark.parametrize("scenario, expected", [
    ("battle_of_the_sexes", ["2·q = 1 - q", "3·q = 1, so q = 1/3", "p = 2/3, q = 1/3",
                             "Ann goes to the Bach concert"]),
    ("mixed_dominance", ["bottom is strictly dominated by the mixture 1/2 top + 1/2 middle",
                         "1/2·3 + 1/2·0 = 3/2 > 1"]),
    ("prisoners_dilemma", ["defect is a dominant strategy for Ann",
                           "cooperate is strictly dominated by defect"]),
])
def test_cli_explain_text(scenario, expected, capsys):
    assert main([f"scenarios/{scenario}.yaml", "--explain", "--no-sensitivity",
                 "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    for phrase in expected:
        assert phrase in out


def test_json_explanation(capsys):
    assert main(["scenarios/battle_of_the_sexes.yaml", "--explain", "--no-sensitivity",
                 "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (m,) = doc["explanation"]["mixed_equilibria"]
    assert m["solution"] == {"p": "2/3", "q": "1/3"}
    assert sympy.sympify(m["conditions"][0]["payoffs"]["bach"]["expression"]) == \
        2 * sympy.Symbol("q")


def test_indifference_uniqueness_by_exact_elimination():
    """solve_indifference's 2-player branch: one solution, a family, or none (hand-made)."""
    import sympy

    from games.linalg import linear_solve
    from games.teaching.indifference import linear_rows

    x, y = sympy.symbols("x y")
    one = linear_solve(linear_rows([sympy.Eq(x + y, 1), sympy.Eq(2 * x, y)], [x, y]))
    assert one is not None and one[0] == [Fraction(1, 3), Fraction(2, 3)] and not one[1]
    family = linear_solve(linear_rows([sympy.Eq(x + y, 1)], [x, y]))
    assert family is not None and len(family[1]) == 1
    assert linear_solve(linear_rows([sympy.Eq(x, 1), sympy.Eq(x, 2)], [x, y])) is None


def _explained(capsys, name: str) -> str:
    from cli.main import main
    root = Path(__file__).resolve().parents[1]
    assert main([str(root / "scenarios" / name), "--explain", "--only", "explanation"]) == 0
    return " ".join(capsys.readouterr().out.split())


def test_battle_of_the_sexes_derivations_term_by_term(capsys):
    """Textbook (Osborne, ch. 4): Ann's payoff from Bach is 2·q + 0·(1 - q) = 2q, from
    Stravinsky 0·q + 1·(1 - q) = 1 - q; indifference 2q = 1 - q gives q = 1/3, and Bob's
    gives p = 2/3."""
    out = _explained(capsys, "battle_of_the_sexes.yaml")
    assert "bach pays 2·q + 0·(1 - q) = 2·q" in out
    assert "stravinsky pays 0·q + 1·(1 - q) = 1 - q" in out
    assert "2·q = 1 - q. Collecting terms: 3·q = 1, so q = 1/3" in out
    assert "p = 2 - 2·p. Collecting terms: 3·p = 2, so p = 2/3" in out
    assert "are all between 0 and 1" in out
    assert "each row is what Bob plays, each column one of Ann's own strategies" in out


def test_rock_paper_scissors_system_solved_step_by_step(capsys):
    """Ann's two indifference equations in Bob's q1, q2 (rock, paper), solved by
    substitution: 3q1 + 3q2 = 2 gives q1 = 2/3 - q2; then 3q2 = 1, q2 = 1/3, q1 = 1/3."""
    out = _explained(capsys, "rock_paper_scissors.yaml")
    assert "rock pays 0·q1 - 1·q2 + 1·(1 - q1 - q2) = 1 - q1 - 2·q2" in out
    assert "from 3·q1 + 3·q2 = 2, q1 = 2/3 - q2" in out
    assert "gives 3·q2 = 1; so q2 = 1/3; back in q1 = 2/3 - q2: q1 = 1/3" in out
    assert "The game is symmetric" in out
    assert "solved together" not in out


def test_best_response_diagram(tmp_path):
    """--explain --plot on a 2x2 game draws the best-response diagram."""
    pytest.importorskip("matplotlib", reason="matplotlib is an optional extra")
    from cli.main import main

    out = tmp_path / "br.png"
    assert main(["scenarios/battle_of_the_sexes.yaml", "--explain", "--plot", str(out),
                 "--brief"]) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"
