"""The exact rebuild of certified roots (rebuild.py): its proof in Z[t] against
textbook systems solved by hand, wrong guesses refused, the work bound reported as an
incomplete answer naming the support, and a 3x3x3x3 game against Gambit's enumpoly
(test-only oracle: every point it lists is among ours)."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from games.solvers import rebuild
from games.solvers.algebraic import FieldElement
from games.solvers.polynomial import solve_polynomial
from games.solvers.support_solver import SupportSolver
from tests.builders import game_from_arrays
from tests.test_certified import contains, enumpoly


def F(*values: int) -> list[Fraction]:
    return [Fraction(v) for v in values]


# x0 * x1 = 2, x0 + x1 = 3: roots (1, 2) and (2, 1). With t = x1: P = (t-1)(t-2),
# G_j = sum_k x_j,k prod_(l != k) (t - t_l): G_0 = 2(t-2) + (t-1), G_1 = (t-2) + 2(t-1)
RATIONAL = [{(1, 1): Fraction(1), (0, 0): Fraction(-2)},
            {(1, 0): Fraction(1), (0, 1): Fraction(1), (0, 0): Fraction(-3)}]
RATIONAL_GUESS = [F(2, -3, 1), F(-5, 3), F(-4, 3)]
# x0 * x1 = 1, x0 + x1 = 3: x1 = (3 +- sqrt 5) / 2; P = t^2 - 3t + 1, G_0 = 3t - 7, G_1 = 3t - 2
QUADRATIC = [{(1, 1): Fraction(1), (0, 0): Fraction(-1)},
             {(1, 0): Fraction(1), (0, 1): Fraction(1), (0, 0): Fraction(-3)}]
QUADRATIC_GUESS = [F(1, -3, 1), F(-7, 3), F(-2, 3)]


def test_textbook_guesses_are_proved():
    assert rebuild._verified(RATIONAL, RATIONAL_GUESS, [0, 1], 2) is not None
    assert rebuild._verified(QUADRATIC, QUADRATIC_GUESS, [0, 1], 2) is not None


@pytest.mark.parametrize("polys, guess", [(RATIONAL, RATIONAL_GUESS),
                                          (QUADRATIC, QUADRATIC_GUESS)])
@pytest.mark.parametrize("where, delta", [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)])
def test_a_wrong_coefficient_is_refused(polys, guess, where, delta):
    wrong = [list(g) for g in guess]
    wrong[where][delta] += Fraction(1, 7)
    assert rebuild._verified(polys, wrong, [0, 1], 2) is None


def test_wrong_degree_or_form_is_refused():
    assert rebuild._verified(RATIONAL, RATIONAL_GUESS, [0, 1], 3) is None
    # c . x = t fails for c = (1, 0) with G built for t = x1
    assert rebuild._verified(RATIONAL, RATIONAL_GUESS, [1, 0], 2) is None
    # P with a double root is refused (not squarefree)
    assert rebuild._verified(RATIONAL, [F(1, -2, 1), F(-1, 1), F(-1, 1)], [0, 1], 2) is None


def test_rational_roots_rebuilt_from_floats():
    mids = np.array([[1.0, 2.0], [2.0, 1.0]], dtype=complex) + 1e-12
    points = rebuild.exact_points(RATIONAL, mids, np.array([True, True]))
    assert sorted(points) == [(Fraction(1), Fraction(2)), (Fraction(2), Fraction(1))]


def test_irrational_roots_rebuilt_exactly():
    r5 = 5 ** 0.5
    mids = np.array([[(3 - r5) / 2, (3 + r5) / 2], [(3 + r5) / 2, (3 - r5) / 2]], dtype=complex)
    points = rebuild.exact_points(QUADRATIC, mids, np.array([True, False]))
    assert points is not None and len(points) == 1
    x0, x1 = points[0]
    assert isinstance(x0, FieldElement) and isinstance(x1, FieldElement)
    # the equations hold exactly in the field, and it is the wanted root (x1 the larger)
    assert (x0 * x1 - 1).is_zero and (x0 + x1 - 3).is_zero
    assert abs(float(x1) - (3 + r5) / 2) < 1e-12


def _game_0():
    """benchmarks/run.py's 3x3x3x3 game 0 (randgames seed 1310739321, payoffs 0..99)."""
    rng = np.random.default_rng(1310739321)
    return game_from_arrays(rng.integers(0, 100, size=(4, 3, 3, 3, 3)).astype(object))


def test_rebuild_beyond_its_work_bound_is_reported(monkeypatch):
    # an 84-root support of game 0 holding one equilibrium: with no precision allowed,
    # the certified root that may be an equilibrium is reported, not dropped
    game = _game_0()
    monkeypatch.setattr(rebuild, "REBUILD_WORK", 0)
    solver = SupportSolver(game, game, [[0, 1, 2]] * 4, None)
    solver.solve(((0, 1, 2), (0, 1, 2), (0, 2), (0, 1, 2)))
    assert not solver.complete and not solver.found
    assert len(solver.notes) == 1
    assert "P3: {s1, s3}" in solver.notes[0] and "84 roots" in solver.notes[0]
    assert "1 of them may give an equilibrium" in solver.notes[0]


def test_3x3x3x3_contains_enumpoly():
    # run.py's game 1 (seed 1310739322): ours 13 equilibria, enumpoly's 7 among them
    rng = np.random.default_rng(1310739322)
    arr = rng.integers(0, 100, size=(4, 3, 3, 3, 3)).astype(object)
    ours = solve_polynomial(game_from_arrays(arr))
    assert ours.complete and len(ours) >= 7
    theirs = enumpoly(arr)
    if theirs is None:
        pytest.skip("enumpoly did not finish within its time limit")
    assert theirs and contains(ours, theirs)


def test_exact_str_writes_integers_beyond_the_str_cap():
    # a degree-84 point of game 0 has coefficients of 35,000 digits; Python caps
    # int-to-str at 4,300 digits unless lifted; the cap is left as it was
    import math
    import sys

    import sympy

    from games.numbers import exact_str

    cap = sys.get_int_max_str_digits()
    big = 7 ** 20000
    digits = math.floor(20000 * math.log10(7)) + 1          # 16,902
    text = exact_str(Fraction(big, 3))
    assert len(text) == digits + 2 and text.endswith("/3")
    text = exact_str(sympy.Integer(big) * sympy.sqrt(2))
    assert text.endswith("*sqrt(2)") and len(text) == digits + len("*sqrt(2)")
    assert sys.get_int_max_str_digits() == cap


@pytest.mark.parametrize("polys, guess", [(RATIONAL, RATIONAL_GUESS),
                                          (QUADRATIC, QUADRATIC_GUESS)])
def test_the_modular_filter_refutes_only_what_the_proof_refutes(monkeypatch, polys, guess):
    """The prime filter in front of the proof: never on a right guess; on a wrong one
    only when the exact proof (run here without the filter) refuses it too."""
    def parts(g):
        import flint

        den_p = rebuild.lcm(*(v.denominator for v in g[0]))
        content = rebuild._content(g[0], den_p)
        P = flint.fmpz_poly([int(v * den_p) // content for v in g[0]])
        terms = []
        for coeffs in g[1:]:
            den_g = rebuild.lcm(*(v.denominator for v in coeffs))
            terms.append((Fraction(den_p, den_g * content),
                          flint.fmpz_poly([int(v * den_g) for v in coeffs])))
        return P, terms
    for p in (rebuild.FILTER_PRIME, 7, 11):
        assert not rebuild._refuted_modulo(p, polys, *parts(guess), [0, 1])
    refuted = 0
    for where in range(3):
        for delta in range(2):
            for shift in (Fraction(1, 7), Fraction(-3, 2), Fraction(5)):
                wrong = [list(g) for g in guess]
                wrong[where][delta] += shift
                P, terms = parts(wrong)
                if P.degree() != 2:
                    continue
                if rebuild._refuted_modulo(rebuild.FILTER_PRIME, polys, P, terms, [0, 1]):
                    refuted += 1
                    with monkeypatch.context() as m:
                        m.setattr(rebuild, "_refuted_modulo", lambda *a: False)
                        assert rebuild._verified(polys, wrong, [0, 1], 2) is None
    assert refuted >= 10
