"""The gcds over a number field in the robustness face systems (robust_faces.py): the
inverses they take are charged to the search's counted work (robust_work.py), so a
gcd that would pass the limit is not started; and their remainders are made monic,
so the coefficients keep a moderate size (left as they came they doubled in bits at
every step). The gcds are checked against factors chosen here."""
from __future__ import annotations

import random
from fractions import Fraction as F

import flint
import pytest

from games.sensitivity import robust_faces
from games.sensitivity.algebraic import isolate
from games.sensitivity.region_algebraic import Field
from games.sensitivity.robust_work import Work, WorkSpent


def _field(coeffs: list[int], lo: int, hi: int) -> Field:
    """Q(theta), theta the root of the integer polynomial `coeffs` in (lo, hi)."""
    (root,) = isolate([flint.fmpz_poly(coeffs)], F(lo), F(hi))
    return Field(root)


def _times(K: Field, p: list, q: list) -> list:
    """The product of two polynomials with coefficients in K (constant first)."""
    out = [K.const(0)] * (len(p) + len(q) - 1)
    for i, x in enumerate(p):
        for j, y in enumerate(q):
            out[i + j] = out[i + j] + K.mul(x, y)
    return out


def _bits(K: Field, p: list) -> int:
    return max(int(c.p).bit_length() + int(c.q).bit_length() for x in p for c in x.coeffs())


def _random_factor(K: Field, rng: random.Random, degree: int) -> list:
    theta = K.gen()
    return [K.const(rng.randint(-9, 9)) + K.mul(K.const(rng.randint(-9, 9)), theta)
            for _ in range(degree)] + [K.const(1)]


def test_gcd_over_a_field_is_the_common_factor_and_stays_small():
    """gcd(f g, f h) = f for a monic f with coefficients in Q(theta), theta a root of
    x^6 - 3x + 1 (degree 6), g and h coprime; with a work counter set, the
    inverses are charged to it."""
    K = _field([1, -3, 0, 0, 0, 0, 1], 0, 1)
    rng = random.Random(5)
    f = [K.const(-2) + K.gen(), K.const(1)]               # x + theta - 2
    g, h = _random_factor(K, rng, 7), _random_factor(K, rng, 6)
    got = robust_faces._gcd_k(K, _times(K, f, g), _times(K, f, h))
    assert [x % K.m for x in got] == f
    work = Work(None)
    token = robust_faces._WORK.set(work)
    try:
        robust_faces._gcd_k(K, _times(K, f, g), _times(K, f, h))
    finally:
        robust_faces._WORK.reset(token)
    assert work.done + work.units > 0       # the inverses were charged


def test_an_inverse_past_the_limit_is_not_started():
    """With one step of work left, a gcd whose leading coefficient has thousands of
    bits raises WorkSpent before inverting it (nothing charged); without a limit
    it is computed."""
    K = _field([-2, 0, 1], 1, 2)                            # sqrt(2)
    big = K.const(F(3 ** 4000 + 1, 7 ** 1000)) + K.gen()
    a = [K.const(1), K.const(0), big]
    b = [K.const(-1), big]
    work = Work(1)
    token = robust_faces._WORK.set(work)
    try:
        with pytest.raises(WorkSpent):
            robust_faces._gcd_k(K, a, b)
    finally:
        robust_faces._WORK.reset(token)
    assert work.done == 0 and work.units == 0
    assert robust_faces._gcd_k(K, a, b) == [K.const(1)]     # coprime
