"""The Idlib region map as a PNG: its boundary lines and its filled areas sit exactly on
the thresholds, read back from the pixels.

The references are written here: the thresholds push_cost = 1, push_cost = 3 and
moscow_patience = 2 are confirmed by direct solves just either side of each (the
structure changes there, and nowhere else on a grid of rational points between
them), and the colour of every sampled pixel must be that of the region whose
equilibria a direct solve at the pixel's point gives.
"""
from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from games.scenario import load_scenario
from games.sensitivity.regions import regions
from games.solve import solve
from tests.test_robustness_exact import solved as solved_at

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("push_cost", "moscow_patience")
VERTICAL = (F(1), F(3))          # push_cost thresholds (box [0, 8])
HORIZONTAL = (F(2),)             # moscow_patience threshold inside the box [0, 6]
ALPHA = 0.55                     # the fill's opacity over the white axes


def solved(scenario, x: F, y: F):
    """The structure of a direct solve at (push_cost, moscow_patience) = (x, y)."""
    return solved_at(scenario, {NAMES[0]: x, NAMES[1]: y})


def test_the_hand_thresholds_are_where_the_equilibria_change():
    """The reference itself, by direct solves: the structure differs 1/10^6 either side
    of each threshold (push_cost = 1 only above moscow_patience = 2, moscow_patience = 2
    only right of push_cost = 1) and is constant across each band of a rational grid
    between them."""
    scenario = load_scenario(ROOT / "scenarios/idlib_m4_patrols.yaml")
    eps = F(1, 10 ** 6)
    for c, y in ((F(1), F(4)), (F(3), F(1)), (F(3), F(4))):
        assert solved(scenario, c - eps, y) != solved(scenario, c + eps, y)
    assert solved(scenario, 1 - eps, F(1)) == solved(scenario, 1 + eps, F(1))
    for x in (F(2), F(5)):
        assert solved(scenario, x, 2 - eps) != solved(scenario, x, 2 + eps)
    assert solved(scenario, F(1, 2), 2 - eps) == solved(scenario, F(1, 2), 2 + eps)
    xs = [F(k, 4) for k in range(1, 32) if F(k, 4) not in VERTICAL]
    ys = [F(k, 4) for k in range(1, 24) if F(k, 4) not in HORIZONTAL]
    for y in (F(1), F(4)):
        band = [sum(x > c for c in VERTICAL) for x in xs]
        seen = {}
        for b, x in zip(band, xs):
            assert seen.setdefault(b, solved(scenario, x, y)) == solved(scenario, x, y)
    for x in (F(1, 2), F(2), F(5)):
        seen = {}
        for y in ys:
            b = sum(y > c for c in HORIZONTAL)
            assert seen.setdefault(b, solved(scenario, x, y)) == solved(scenario, x, y)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """The map drawn to a PNG by the command's own function; the pixels, the axes'
    rectangle in pixels (left, bottom, right, top, image rows from the top) and the
    blended colour of each region."""
    pytest.importorskip("matplotlib", reason="--plot needs the optional matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.image import imread

    import cli.render.plot_regions as plot_regions
    scenario = load_scenario(ROOT / "scenarios/idlib_m4_patrols.yaml")
    rm = regions(scenario, NAMES, solver=solve)
    png = tmp_path_factory.mktemp("png") / "map.png"
    kept = {}
    real = plot_regions.save

    def keep(plt, fig, path):
        out = real(plt, fig, path)      # drawn at the file's resolution first
        kept["axes"] = fig.axes[0].get_position()
        kept["colors"] = plot_regions._region_colors(plt, rm)
        return out

    plot_regions.save = keep
    try:
        plot_regions.plot_regions(rm, str(png), "Idlib")
    finally:
        plot_regions.save = real
    img = imread(png)[:, :, :3]
    height, width = img.shape[:2]
    pos = kept["axes"]
    frame = (pos.x0 * width, height - pos.y1 * height, pos.x1 * width, height - pos.y0 * height)
    blended = [ALPHA * np.array(c[:3]) + (1 - ALPHA) for c in kept["colors"]]
    return scenario, rm, img, frame, blended


def to_pixel(frame, box, x: float, y: float) -> tuple[int, int]:
    """The image column and row of data point (x, y)."""
    (a0, a1), (b0, b1) = ((float(lo), float(hi)) for lo, hi in box)
    left, top, right, bottom = frame
    col = left + (x - a0) / (a1 - a0) * (right - left)
    row = bottom - (y - b0) / (b1 - b0) * (bottom - top)
    return int(round(col)), int(round(row))


def test_the_boundary_lines_are_drawn_on_the_thresholds(drawn):
    """The column (row) of the image at each threshold is dark along much of the axes'
    height (width); the columns 8 pixels either side are not (only labels there)."""
    _, rm, img, frame, _ = drawn
    dark = img.sum(axis=2) < 1.0
    left, top, right, bottom = (int(round(v)) for v in frame)
    for c in VERTICAL:
        col, _ = to_pixel(frame, rm.box, float(c), 0.0)
        line = dark[top + 3:bottom - 3, col - 1:col + 2].any(axis=1).mean()
        beside = [dark[top + 3:bottom - 3, col + d].mean() for d in (-8, 8)]
        assert line > 0.3 and max(beside) < 0.1, (c, line, beside)
    for c in HORIZONTAL:
        _, row = to_pixel(frame, rm.box, 0.0, float(c))
        line = dark[row - 1:row + 2, left + 3:right - 3].any(axis=0).mean()
        beside = [dark[row + d, left + 3:right - 3].mean() for d in (-8, 8)]
        assert line > 0.3 and max(beside) < 0.1, (c, line, beside)


def test_every_pixel_has_the_colour_of_a_direct_solve(drawn):
    """At rational points on a grid, and at points 3 pixels either side of each line,
    the pixel's colour is that of the region whose structure a direct solve there
    gives; pixels under a label (no region's colour) are skipped, at most a tenth."""
    scenario, rm, img, frame, blended = drawn
    (a0, a1), (b0, b1) = rm.box
    step = (float(a1 - a0) / (frame[2] - frame[0]), float(b1 - b0) / (frame[3] - frame[1]))
    points = [(F(k, 2) + F(1, 8), F(j, 2) + F(1, 8)) for k in range(16) for j in range(12)]
    for c in VERTICAL:
        d = F(3 * step[0]).limit_denominator(1000)
        points += [(c + s * d, y) for s in (-1, 1) for y in (F(1, 2), F(5, 4), F(4), F(11, 2))]
    for c in HORIZONTAL:
        d = F(3 * step[1]).limit_denominator(1000)
        points += [(x, c + s * d) for s in (-1, 1) for x in (F(1, 2), F(2), F(5), F(7))]
    structures = {r: reg.structure for r, reg in enumerate(rm.regions)}
    checked = skipped = 0
    for x, y in points:
        col, row = to_pixel(frame, rm.box, float(x), float(y))
        distance = [float(np.abs(img[row, col] - b).max()) for b in blended]
        r = int(np.argmin(distance))
        if distance[r] > 0.04:
            skipped += 1
            continue
        assert structures[r] == solved(scenario, x, y), (x, y, rm.regions[r].label)
        checked += 1
    assert skipped <= len(points) // 10 and checked > 200
