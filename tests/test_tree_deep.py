"""Trees at the depth limit (300 levels) are analysed quickly: a parametric chain's
thresholds compare every stop value with every value below it (the pairs grow with the
square of the depth), done in exact flint polynomials. The thresholds are checked
against a brute force written here, and the polynomial conversion against sympy."""
from __future__ import annotations

import random
import time
from fractions import Fraction

import sympy

from games.expressions import parse
from games.formats.efg import MAX_DEPTH, parse_efg
from games.scenario.document import Document
from games.tree.induction import backward_induction
from games.tree.reader import build_tree_scenario
from games.tree.sensitivity import _flint_poly, candidate_polynomials, parameter_thresholds


def _chain_yaml(levels: int) -> str:
    """One mover stopping at level k for k*x - k**2/2 (B never moves, 0)."""
    lines = ["scenario: chain", "parameters: {x: {value: 1, range: [0, 10]}}",
             "players: [A, B]", "tree:"]
    pad = "  "
    for k in range(levels):
        lines += [f"{pad}A:", f"{pad}  stop: [{k} * x - {k}**2/2, 0]", f"{pad}  go:"]
        pad += "    "
    lines.append(f"{pad}[{levels} * x - {levels}**2/2, 0]")
    return "\n".join(lines) + "\n"


def _best_stops(levels: int, x: Fraction) -> frozenset[int]:
    """Brute force: the levels whose stop value is the largest (A alone decides)."""
    values = [k * x - Fraction(k * k, 2) for k in range(levels + 1)]
    top = max(values)
    return frozenset(k for k, v in enumerate(values) if v == top)


def _spec(levels: int):
    doc = Document("chain.yaml", _chain_yaml(levels))
    return build_tree_scenario(doc, doc.compose())


def test_a_parametric_chain_has_the_brute_force_thresholds() -> None:
    """A's best stop moves from k to k + 1 where k x - k^2/2 = (k+1) x - (k+1)^2/2,
    at x = k + 1/2: ten thresholds in [0, 10], checked by brute force around them."""
    levels = 40
    spec = _spec(levels)
    res = parameter_thresholds(spec, "x", spec.baseline)
    assert list(res.thresholds) == [Fraction(2 * k + 1, 2) for k in range(10)]
    assert res.complete
    edges = [Fraction(0), *res.thresholds, Fraction(10)]
    for a, b in zip(edges, edges[1:]):         # one best stop inside each interval
        inside = {_best_stops(levels, a + (b - a) * Fraction(j, 4)) for j in (1, 2, 3)}
        assert len(inside) == 1 and len(next(iter(inside))) == 1
    for t in res.thresholds:                    # and two tied at each threshold
        assert len(_best_stops(levels, t)) == 2


def test_a_chain_at_the_depth_limit_has_its_candidates_in_time() -> None:
    """At 300 levels, 45,150 pairs of stop values are compared (a stop against every
    one below it: (k - j) x - (k^2 - j^2)/2, zero at (k + j)/2); their distinct roots
    inside (0, 10) are the 19 halves m/2. Was minutes (sympy, pair by pair)."""
    spec = _spec(MAX_DEPTH)
    x = sympy.Symbol("x", real=True)
    start = time.process_time()
    polys, complete = candidate_polynomials(spec, {"x": x}, (Fraction(0), Fraction(10)))
    assert time.process_time() - start < 3
    roots = {Fraction(k + j, 2) for k in range(MAX_DEPTH + 1) for j in range(k)}
    want = {r for r in roots if 0 < r < 10}
    assert complete and {sympy.solve(p, x)[0] for p in polys} == {
        sympy.Rational(r.numerator, r.denominator) for r in want}
    assert len(polys) == len(want) == 19


def _random_expression(rng: random.Random, depth: int) -> str:
    if depth == 0 or rng.random() < 0.3:
        return rng.choice(["x", "y", "3", "1/2", "-2", "0.25"])
    op = rng.choice(["+", "-", "*", "/", "**"])
    left = _random_expression(rng, depth - 1)
    if op == "/":
        return f"({left}) / {rng.choice(['2', 'y', '(y - 1)', '(x + 1)', '(y - 3)'])}"
    if op == "**":
        return f"({left}) ** {rng.choice(['0', '2', '3', 'y'])}"
    return f"({left}) {op} ({_random_expression(rng, depth - 1)})"


def test_polynomials_as_sympy_reads_them() -> None:
    """With y = 3 fixed and x free, every expression flint converts equals sympy's
    expansion; those it declines (division by x + 1 or y - 3 = 0, powers y = 3 aside)
    are the ones sympy does not read as polynomials with rational coefficients."""
    x = sympy.Symbol("x", real=True)
    table = {"x": x, "y": sympy.Integer(3)}
    rng = random.Random(7)
    converted = declined = 0
    for _ in range(300):
        e = parse(_random_expression(rng, 3))
        poly = _flint_poly(e, table, x)
        try:
            want = sympy.expand(e.to_sympy(table))
        except ZeroDivisionError:
            want = sympy.zoo
        if poly is None:
            declined += 1
            continue
        converted += 1
        got = sum(sympy.Rational(int(c.p), int(c.q)) * x ** k
                  for k, c in enumerate(poly.coeffs()))
        assert sympy.expand(got - want) == 0, (str(e), poly)
    assert converted > 150 and declined > 20


def test_a_chain_at_the_depth_limit_is_solved_with_its_whole_behaviour() -> None:
    """A alone, 300 levels: stopping at level i pays i, going on past the last pays 0.
    By hand: go on at every level but the last, stop there (299 beats every earlier
    stop and 0). Each level's choice is written once at the root's solution (it was
    copied at every level above it)."""
    lines = ['EFG 2 R "x" { "A" "B" }', '""']
    for i in range(MAX_DEPTH):
        lines += [f'p "" 1 {i + 1} "" {{ "s" "g" }} 0', f't "" {i + 1} "" {{ {i}, 1 }}']
    lines.append(f't "" {MAX_DEPTH + 1} "" {{ 0, 0 }}')
    tree = parse_efg("\n".join(lines) + "\n", "chain.efg").tree()
    start = time.process_time()
    ind = backward_induction(tree)
    assert ind.equilibria is not None and len(ind.equilibria) == 1
    (s,) = ind.equilibria
    assert time.process_time() - start < 1
    assert s.value == (MAX_DEPTH - 1, 1) and s.pure
    assert len({h for h, _ in s.behavior}) == len(s.behavior) == MAX_DEPTH
    stops = [tree.infosets[h].actions[p.index(1)] for h, p in s.behavior]
    assert stops == ["g"] * (MAX_DEPTH - 1) + ["s"]
