"""Robustness in two parameters:

- the directions realising a sign pattern of normals in the plane, found without an
  LP (robust_local._plane_direction), exist exactly when an exact LP written here
  finds one (maximise t with s_k g_k . d >= t, g_k . d = 0 where s_k = 0, |d_i| <= 1),
  and realise the pattern; the patterns kept around a point are those the LP realises;
"""
from __future__ import annotations

from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

from games.sensitivity.robust_local import _plane_direction
from games.solvers.lp import solve_lp

small = st.fractions(min_value=-3, max_value=3, max_denominator=4)
normal = st.tuples(small, small).map(list)


def lp_realises(normals, pattern) -> bool:
    """Is there a direction d with sign(g_k . d) = pattern_k for every k (exact LP in
    (d1, d2, t): maximise t with s_k g_k . d >= t and g_k . d = 0 where s_k = 0,
    inside the square |d_i| <= 1, t <= 1)?"""
    equal = [(g, s) for g, s in zip(normals, pattern) if s == 0]
    signed = [(g, s) for g, s in zip(normals, pattern) if s != 0]
    box = [[F(1), F(0), F(0)], [F(-1), F(0), F(0)], [F(0), F(1), F(0)],
           [F(0), F(-1), F(0)], [F(0), F(0), F(1)]]
    rows = [[-s * g[0], -s * g[1], F(1)] for g, s in signed] + box
    bounds = [F(0)] * len(signed) + [F(1)] * len(box)
    res = solve_lp([0, 0, 1], rows, bounds,
                   [[g[0], g[1], F(0)] for g, _ in equal] or None,
                   [F(0)] * len(equal) or None, free=range(3), method="exact")
    return bool(res.optimal and res.x is not None and res.x[-1] > 0)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(normal, min_size=1, max_size=4), st.data())
def test_plane_directions_agree_with_an_lp(normals, data):
    if data.draw(st.booleans()):           # a parallel pair, as at a tangency
        normals = [*normals, [2 * normals[0][0], 2 * normals[0][1]]]
    pattern = tuple(data.draw(st.sampled_from((-1, 0, 1))) for _ in normals)
    if not any(pattern):
        return
    got = _plane_direction(normals, pattern)
    assert (got is not None) == lp_realises(normals, pattern), (normals, pattern)
    if got is not None:
        for g, s in zip(normals, pattern):
            v = g[0] * got[0] + g[1] * got[1]
            assert (v > 0) - (v < 0) == s


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(normal, min_size=1, max_size=4), st.integers(0, 2))
def test_plane_patterns_are_those_an_lp_realises(normals, edges):
    """`_patterns` in the plane (one pass over the arcs' middles) against one exact LP
    per pattern: the same patterns kept (box edges take 0 or 1 only), and `pruned`
    exactly when some pattern is not realised."""
    import itertools

    from games.sensitivity.robust_local import _patterns
    edges = min(edges, len(normals) - 1)
    zeros = len(normals) - edges
    choices = [(-1, 0, 1)] * zeros + [(0, 1)] * edges
    want = [p for p in itertools.product(*choices) if not any(p) or lp_realises(normals, p)]
    got, pruned = _patterns(normals, zeros, edges)
    assert sorted(got) == sorted(want)
    assert pruned == (len(want) < 3 ** zeros * 2 ** edges)
