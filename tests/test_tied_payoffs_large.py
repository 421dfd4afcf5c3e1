"""Large legal games whose strategies all differ but tie for one player (issue 13): A
has n strategies and earns 0 everywhere, B earns j when A plays s_j and B plays x,
else 0. Every A mixture is an equilibrium with B on x, and (s0, any B mixture) too:
one continuum whose extreme points are (s_j, x) for every j and (s0, y).

Checked against independent results: Gambit's enummixed (test-only oracle) on the
60 x 2 game; the analytic set above, re-checked by a brute-force deviation test
written here, on the larger ones; the new exact pieces (interval bounds without
sympy, the reverse search's O(1) parent test, dominance built once per sub-game)
against the forms they replaced, written out here.
"""
from __future__ import annotations

import json
import random
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy

import games
from games.solvers import reverse_search as rs
from games.solvers.continua import _one_probability, interval_bounds
from games.solvers.dominance import dominance
from tests.test_hostile import analyze, write

SECONDS = 20.0          # 500 x 2 measured about 3 s on the shared, busy machine


def tied_yaml(n: int) -> str:
    """The n x 2 game of the module docstring, written compactly with effects."""
    names = ", ".join(f"s{j}" for j in range(n))
    rules = "".join(f"  - when: {{A: s{j}, B: x}}\n    payoffs: {{B: {j}}}\n"
                    for j in range(1, n))
    return f"scenario: tied\nplayers:\n  A: [{names}]\n  B: [x, y]\neffects:\n{rules}"


def _points(doc: dict, n: int) -> set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    """The JSON's listed equilibria as exact probability vectors."""
    out = set()
    for e in doc["equilibria"]:
        a = tuple(Fraction(e["strategies"]["A"].get(f"s{j}", "0")) for j in range(n))
        b = tuple(Fraction(e["strategies"]["B"].get(s, "0")) for s in ("x", "y"))
        out.add((a, b))
    return out


def _unit(n: int, j: int) -> tuple[Fraction, ...]:
    return tuple(Fraction(int(k == j)) for k in range(n))


def _is_equilibrium(a: tuple[Fraction, ...], b: tuple[Fraction, ...]) -> bool:
    """Brute-force deviation check: A earns 0 whatever it does; B's pure deviations."""
    bx = sum((p * j for j, p in enumerate(a)), Fraction(0))
    value = b[0] * bx
    return value >= bx and value >= 0


def test_sixty_by_two_matches_gambit(tmp_path: Path) -> None:
    gbt = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")
    n = 60
    proc = analyze(write(tmp_path, "t.yaml", tied_yaml(n)), "--format", "json", seconds=SECONDS)
    assert proc.returncode == 0, proc.stderr
    ours = _points(json.loads(proc.stdout), n)
    a = np.zeros((n, 2), dtype=object)
    b = np.array([[j, 0] for j in range(n)], dtype=object)
    g = gbt.Game.from_arrays(a, b)
    theirs = {tuple(tuple(Fraction(str(eq[s])) for s in p.strategies) for p in g.players)
              for eq in gbt.nash.enummixed_solve(g, rational=True).equilibria}
    assert ours == theirs


def test_five_hundred_by_two_is_exact_and_bounded(tmp_path: Path) -> None:
    n = 500
    path = write(tmp_path, "t.yaml", tied_yaml(n))
    start = time.monotonic()
    proc = analyze(path, "--format", "json", seconds=SECONDS)
    assert proc.returncode == 0, proc.stderr
    ours = _points(json.loads(proc.stdout), n)
    expected = {(_unit(n, j), (Fraction(1), Fraction(0))) for j in range(n)}
    expected.add((_unit(n, 0), (Fraction(0), Fraction(1))))
    assert ours == expected
    assert all(_is_equilibrium(a, b) for a, b in ours)
    text = analyze(path, seconds=SECONDS)
    assert text.returncode == 0     # the last pure equilibrium is listed, wrapped anywhere
    assert "(s499, x)" in " ".join(text.stdout.split())
    assert time.monotonic() - start < 2 * SECONDS


# ------------------------------------------------------------------ the pieces, exactly

def _one_probability_sympy(text: str) -> tuple[str, Fraction, Fraction] | None:
    """What the sympy form that interval_bounds replaced read from one inequality:
    (name, coefficient, root) when it is linear in exactly one probability."""
    e = sympy.sympify(text)
    syms = list(e.free_symbols)
    if len(syms) != 1 or sympy.Poly(e, syms[0]).degree() != 1:
        return None
    x = syms[0]
    coeff, root = sympy.Poly(e, x).coeffs()[0], sympy.solve(e, x)[0]
    return str(x), Fraction(str(coeff)), Fraction(str(root))


def _scenario_inequalities() -> list[list[str]]:
    """The inequalities of every continuum piece of the shipped scenarios."""
    out = []
    for path in sorted(Path("scenarios").glob("*.yaml")):
        try:
            result = games.solve(games.load(str(path)))
        except games.errors.GameError:
            continue
        for comp in result.components:
            if comp.detail is not None:
                out.extend(list(p.inequalities) for p in comp.detail.pieces)
    return out


def test_interval_bounds_match_the_sympy_form() -> None:
    ps = sympy.symbols("p1:6")
    rng = random.Random(13)
    cases = _scenario_inequalities()
    assert cases                                # the scenarios do have continua
    for _ in range(150):
        batch = []
        for _ in range(rng.randint(1, 5)):
            terms = [sympy.Rational(rng.randint(-9, 9), rng.randint(1, 5)) * rng.choice(ps)
                     for _ in range(rng.randint(1, 3))]
            if rng.random() < 0.2:
                terms.append(rng.choice(ps) * rng.choice(ps))
            batch.append(sympy.sstr(sum(terms) + sympy.Rational(rng.randint(-5, 5),
                                                                rng.randint(1, 4))))
        cases.append([b for b in batch if b != "0"])
    for case in cases:
        for text in case:
            assert _one_probability(text) == _one_probability_sympy(text), text
    # the merged intervals, against answers worked out by hand
    assert interval_bounds(["p1", "1 - p1", "4*p1 - 3", "p2 - 1/2", "p1*p2 - p3"]) == \
        ["3/4 <= p1 <= 1", "p2 >= 1/2", "p1*p2 - p3 >= 0"]
    assert interval_bounds(["2 - 3*p2", "-p2 + 1"]) == ["p2 <= 2/3"]


def _is_child_loop(node: rs._Node, u: int, p: int) -> bool:
    """The per-column loop that _ParentTest replaced (Bland's rule, written out)."""
    w = node.basis[u]
    obj, prow = node.rows[0], node.rows[u]
    a, t = prow[p], obj[p]
    return all(not (j < w and q != p and obj[q] * a - t * prow[q] > 0)
               for q, j in enumerate(node.cobasis))


def test_parent_test_matches_the_loop_on_degenerate_walks() -> None:
    rng = random.Random(7)
    checked = 0
    for _ in range(40):
        r, d = rng.randint(1, 4), rng.randint(1, 6)
        rows = [[rng.choice([0, 0, 1, 1, 2, 3]) for _ in range(d)] for _ in range(r)]
        for k in range(d):
            rows[rng.randrange(r)][k] = rows[0][k] or 1      # every column bounded
        walk = rs._Walk(rows)
        for node in walk.bases():
            for p in rs._candidates(node):
                u = walk.ratio_row(node, p)
                if u is not None:
                    assert rs._ParentTest(node, u).is_child(p) == _is_child_loop(node, u, p)
                    checked += 1
    assert checked > 100


def test_dominance_of_two_thousand_tied_strategies_is_fast_and_exact() -> None:
    n = 2000
    a = [[0, 0] for _ in range(n)]
    b = [[j, 0] for j in range(n)]
    g = games.Game.from_matrices(np.array(a, dtype=object), np.array(b, dtype=object))
    start = time.monotonic()
    report = dominance(g)
    assert time.monotonic() - start < 10
    # A: every strategy is a best response to everything, so none is dominated; B: y is
    # weakly dominated by x (j >= 0 everywhere, > 0 for j >= 1), never strictly
    assert not report.strictly_dominated
    assert [(d.player, d.strategy, d.dominator, d.strict) for d in report.weakly_dominated] \
        == [(1, 1, 0, False)]
