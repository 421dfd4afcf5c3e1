"""The path tracker (homotopy.py): every root still reached, in fewer steps than
doubling after each accepted step and halving after each rejected one (which
rejected about half of all steps on these systems), with the predictor's first
slope carried over from the last correction."""
from __future__ import annotations

import numpy as np
import pytest

from games.solvers import homotopy
from games.solvers.certified import blocks_of, degree_pattern, exact_polys
from games.solvers.support_system import IndifferenceSystem
from tests.builders import game_from_arrays


def _full_support_system(shape: tuple[int, ...]) -> tuple[list[dict], homotopy.FloatSystem,
                                                          homotopy.StartSystem]:
    arr = np.random.default_rng([1, *shape]).integers(0, 100, size=(len(shape), *shape))
    supports = tuple(tuple(range(m)) for m in shape)
    system = IndifferenceSystem.build(game_from_arrays(arr.astype(object)), supports)
    polys = exact_polys(system)
    blocks = blocks_of(supports)
    f = homotopy.FloatSystem.build([{m: float(c) for m, c in p.items()} for p in polys],
                                   system.nvars)
    g = homotopy.start_system(blocks, degree_pattern(polys, blocks), np.random.default_rng(5))
    return polys, f, g


# (shape, Bezout number, path-steps of the doubling/halving control on this system)
CASES = [((3, 3, 3), 10, 615), ((3, 3, 3, 2), 84, 4971), ((2, 2, 2, 2, 2), 44, 2460)]


@pytest.mark.parametrize("shape,roots,doubling_steps", CASES)
def test_every_root_reached_in_fewer_steps(monkeypatch, shape, roots, doubling_steps):
    """Each path ends at its own root (distinct endpoints, as many as the multihomogeneous
    Bezout number, each a root of the exact system term by term) and the paths take
    at most 90% of the steps the old control took."""
    polys, f, g = _full_support_system(shape)
    rows = [0]
    values = homotopy._values

    def counting(h, x, t):
        rows[0] += len(x)
        return values(h, x, t)

    monkeypatch.setattr(homotopy, "_values", counting)
    ends = homotopy.track(f, g, np.random.default_rng(7))
    assert ends is not None and len(ends) == roots == len(g.roots())
    gaps = np.abs(ends[:, None, :] - ends[None, :, :]).max(axis=2) + np.eye(roots)
    assert gaps.min() > 1e-6
    for p in polys:
        values = [sum(complex(c) * np.prod([z ** e for z, e in zip(x, m)]) for m, c in p.items())
                  for x in ends]
        scale = max(abs(float(c)) for c in p.values())
        assert max(abs(v) for v in values) < 1e-6 * scale
    assert rows[0] // 3 <= 0.9 * doubling_steps      # three corrections a step


def test_step_factor_aims_at_the_target():
    """A first Newton step at the target keeps the step, 32 times it halves it (h^5),
    an exact prediction grows it, a failed one (NaN) shrinks it."""
    t = homotopy.STEP_TARGET
    got = homotopy._step_factor(np.array([t, 32 * t, 0.0, np.nan]))
    assert got[0] == pytest.approx(1.0) and got[1] == pytest.approx(0.5)
    assert got[2] > homotopy.GROW and got[3] == homotopy.SHRINK
