"""The one expected-payoff function (games.payoffs) against a brute-force sum over every
pure profile written here, in each number type it serves: Fractions, floats, sympy."""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from games.payoffs import dense_mixtures, expected_payoff, mixture_value, strategy_values


def brute(U: np.ndarray, player: int, strategy: int, profile: list[list[Fraction]]) -> Fraction:
    """Sum over every pure profile of the others: payoff times its probability."""
    total = Fraction(0)
    n = U.shape[0]
    for prof in itertools.product(*(range(k) for k in U.shape[1:])):
        if prof[player] != strategy:
            continue
        w = Fraction(1)
        for k in range(n):
            if k != player:
                w *= profile[k][prof[k]]
        total += w * U[(player, *prof)]
    return total


@st.composite
def games_and_profiles(draw: st.DrawFn) -> tuple[np.ndarray, list[list[Fraction]]]:
    shape = draw(st.lists(st.integers(1, 3), min_size=2, max_size=4))
    n = len(shape)
    size = n * int(np.prod(shape))
    vals = draw(st.lists(st.integers(-9, 9), min_size=size, max_size=size))
    U = np.empty((n, *shape), dtype=object)
    U.flat[:] = [Fraction(v) for v in vals]
    profile = []
    for k in shape:
        w = draw(st.lists(st.integers(0, 4), min_size=k, max_size=k).filter(any))
        profile.append([Fraction(x, sum(w)) for x in w])
    return U, profile


@settings(max_examples=60, deadline=None)
@given(games_and_profiles())
def test_every_number_type_agrees_with_the_brute_force_sum(case: tuple) -> None:
    import sympy
    U, profile = case
    mixes = dense_mixtures(profile)
    floats = U.astype(float)
    fmixes = dense_mixtures([[float(p) for p in probs] for probs in profile])
    smixes = [[(j, sympy.Rational(p.numerator, p.denominator)) for j, p in m] for m in mixes]
    for i in range(U.shape[0]):
        exact = strategy_values(U, i, mixes)
        approx = strategy_values(floats, i, fmixes)
        for s in range(U.shape[i + 1]):
            want = brute(U, i, s, profile)
            assert exact[s] == want
            assert abs(approx[s] - float(want)) < 1e-9
            got = expected_payoff(U, i, s, smixes, sympy.Integer(0),
                                  sympy.Rational)
            assert got == sympy.Rational(want.numerator, want.denominator)
        value = mixture_value(profile[i], exact)
        assert value == sum((p * brute(U, i, s, profile) for s, p in enumerate(profile[i])),
                            Fraction(0))
