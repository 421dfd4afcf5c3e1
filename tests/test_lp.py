"""The exact LP solver: hand-solved problems, Beale's cycling example, and random LPs
checked against scipy's HiGHS (an independent float solver) and by exact duality."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from games.solvers.lp import (INFEASIBLE, OPTIMAL, UNBOUNDED, _standard_form, _try_basis,
                              check_certificate, solve_lp)


def test_textbook_two_variable_lp():
    # max 3x + 5y s.t. x <= 4, 2y <= 12, 3x + 2y <= 18 (Hillier & Lieberman's Wyndor
    # Glass example): optimum x = 2, y = 6, value 36; shadow prices 0, 3/2, 1.
    a, b, c = [[1, 0], [0, 2], [3, 2]], [4, 12, 18], [3, 5]
    res = solve_lp(c, a, b, method="exact")
    assert res.status == OPTIMAL
    assert res.x == (2, 6) and res.objective == 36
    assert res.dual_ub == (0, F(3, 2), 1)
    assert check_certificate(c, a, b, None, None, res)


def test_fractional_optimum_is_exact():
    # max x + y s.t. 3x + y <= 2, x + 3y <= 2: optimum at x = y = 1/2, value 1.
    res = solve_lp([1, 1], [[3, 1], [1, 3]], [2, 2], method="exact")
    assert res.x == (F(1, 2), F(1, 2)) and res.objective == 1
    assert all(isinstance(v, F) for v in res.x)


def test_infeasible_and_unbounded():
    assert solve_lp([1, 1], [[1, 1]], [-1]).status == INFEASIBLE
    assert solve_lp([1], A_eq=[[1]], b_eq=[-2]).status == INFEASIBLE
    assert solve_lp([1, 1], [[1, -1]], [4]).status == UNBOUNDED
    assert solve_lp([0, 1], [[1, -1]], [4]).status == UNBOUNDED


def test_equalities_with_negative_right_hand_sides():
    # max -x - y s.t. x - y == -3, x + y >= 5 (i.e. -x - y <= -5): y = x + 3, 2x + 3 >= 5,
    # so x = 1, y = 4, value -5.
    c, a, b, ae, be = [-1, -1], [[-1, -1]], [-5], [[1, -1]], [-3]
    res = solve_lp(c, a, b, ae, be, method="exact")
    assert res.x == (1, 4) and res.objective == -5
    assert check_certificate(c, a, b, ae, be, res)


def test_redundant_equalities():
    # The same equation three times (once scaled): phase 1 leaves artificials at zero
    # in rows that cannot be pivoted out; they must be dropped, not reported infeasible.
    c, ae, be = [1, 2, 0], [[1, 1, 1], [1, 1, 1], [2, 2, 2]], [1, 1, 2]
    res = solve_lp(c, A_eq=ae, b_eq=be, method="exact")
    assert res.x == (0, 1, 0) and res.objective == 2
    assert check_certificate(c, None, None, ae, be, res)


def test_free_variables():
    # max v s.t. v <= 2a + 0b, v <= 0a + 3b (free v, a + b = 1): the value of a
    # zero-sum game with diagonal payoffs 2 and 3, v = 6/5 at a = 3/5.
    c = [0, 0, 1]
    a = [[-2, 0, 1], [0, -3, 1]]
    res = solve_lp(c, a, [0, 0], [[1, 1, 0]], [1], free=[2], method="exact")
    assert res.x == (F(3, 5), F(2, 5), F(6, 5))
    # and a free variable that must go negative: max -v s.t. v >= -7 (-v <= 7)
    res = solve_lp([1], [[-1]], [7], free=[0])
    assert res.status == UNBOUNDED
    res = solve_lp([-1], [[-1]], [7], free=[0])
    assert res.x == (-7,) and res.objective == 7


def test_beale_cycling_example_terminates():
    # Beale (1955): the classic LP on which the textbook largest-coefficient rule
    # cycles. min -3/4 x4 + 20 x5 - 1/2 x6 + 6 x7 has optimum -5/4 at x4 = 1, x6 = 1.
    c = [F(3, 4), -20, F(1, 2), -6]
    a = [[F(1, 4), -8, -1, 9], [F(1, 2), -12, F(-1, 2), 3], [0, 0, 1, 0]]
    b = [0, 0, 1]
    res = solve_lp(c, a, b, method="exact")
    assert res.objective == F(5, 4)
    assert res.x == (1, 0, 1, 0)
    assert check_certificate(c, a, b, None, None, res)


def test_bad_shapes_rejected():
    with pytest.raises(ValueError):
        solve_lp([1, 2], [[1]], [1])
    with pytest.raises(ValueError):
        solve_lp([1, 2], [[1, 1]], [1, 2])
    with pytest.raises(ValueError):
        solve_lp([1, 2], free=[5])


def test_float_basis_checks():
    # max x + y s.t. x + 2y <= 4, 3x + y <= 6: optimum (8/5, 6/5), value 14/5.
    c, a, b = [F(1), F(1)], [[F(1), F(2)], [F(3), F(1)]], [F(4), F(6)]
    std = _standard_form(c, a, b, [], [], [])
    good = _try_basis(std, [0, 1])
    assert good is not None and good.x == (F(8, 5), F(6, 5)) and good.objective == F(14, 5)
    assert good.method == "float basis, exact check"
    # a feasible but sub-optimal basis ({x, first slack}) is finished by the simplex
    finished = _try_basis(std, [0, 2])
    assert finished is not None and finished.objective == F(14, 5)
    assert finished.method == "float basis + exact simplex"
    # an infeasible basis ({y, first slack}: y = 6 leaves slack 4 - 12 < 0) is refused
    assert _try_basis(std, [1, 2]) is None


def test_float_path_on_a_larger_lp_matches_exact():
    rng = np.random.default_rng(7)
    m, n = 40, 40
    a = rng.integers(-3, 10, size=(m, n)).tolist()
    b = rng.integers(5, 30, size=m).tolist()
    a += np.eye(n, dtype=int).tolist()          # x <= 1 keeps it bounded
    b += [1] * n
    c = rng.integers(-2, 8, size=n).tolist()
    fast = solve_lp(c, a, b, method="auto")
    assert fast.method.startswith("float basis")
    assert check_certificate(c, a, b, None, None, fast)
    ref = linprog(-np.array(c, float), A_ub=np.array(a, float), b_ub=np.array(b, float),
                  bounds=(0, None), method="highs")
    assert float(fast.objective) == pytest.approx(-ref.fun, rel=1e-9, abs=1e-9)
    exact = solve_lp(c, a, b, method="exact")
    assert exact.objective == fast.objective


small = st.integers(-4, 4)


@st.composite
def random_lp(draw):
    n = draw(st.integers(1, 4))
    m_ub = draw(st.integers(0, 4))
    m_eq = draw(st.integers(0, 2))
    row = st.lists(small, min_size=n, max_size=n)
    a_ub = draw(st.lists(row, min_size=m_ub, max_size=m_ub))
    b_ub = draw(st.lists(small, min_size=m_ub, max_size=m_ub))
    a_eq = draw(st.lists(row, min_size=m_eq, max_size=m_eq))
    b_eq = draw(st.lists(small, min_size=m_eq, max_size=m_eq))
    c = draw(row)
    free = draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True))
    return c, a_ub, b_ub, a_eq, b_eq, free


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_lp(), st.sampled_from(["exact", "float"]))
@example(([1, 0, 0], [[0, 0, 0], [1, -1, -1], [-1, 1, 1]], [0, 0, 1], [], [], []), "exact")
def test_random_lps_agree_with_scipy(lp, method):
    c, a_ub, b_ub, a_eq, b_eq, free = lp
    res = solve_lp(c, a_ub, b_ub, a_eq, b_eq, free=free, method=method)
    bounds = [(None, None) if j in free else (0, None) for j in range(len(c))]
    def highs(objective):
        return linprog(objective,
                       A_ub=np.array(a_ub, float) if a_ub else None, b_ub=b_ub or None,
                       A_eq=np.array(a_eq, float) if a_eq else None, b_eq=b_eq or None,
                       bounds=bounds, method="highs")

    ref = highs(-np.array(c, float))
    expected = {0: OPTIMAL, 2: INFEASIBLE, 3: UNBOUNDED}[ref.status]
    if ref.status == 2 and highs(np.zeros(len(c))).status == 0:
        # HiGHS's presolve reports "infeasible or unbounded" as infeasible; a feasible
        # point (zero objective) with no optimum means the problem is unbounded
        expected = UNBOUNDED
    assert res.status == expected
    if res.status == OPTIMAL:
        assert float(res.objective) == pytest.approx(-ref.fun, abs=1e-7)
        assert check_certificate(c, a_ub, b_ub, a_eq, b_eq, res, free=free)
