"""Pictures: title, axes in the scenario's words, legends inside the figure, the
baseline marked, exact boundaries, PNG and SVG, no matplotlib warnings."""
from __future__ import annotations

import warnings
from fractions import Fraction
from pathlib import Path

import pytest

from cli.main import main
from games.solve import solve

pytest.importorskip("matplotlib", reason="matplotlib is an optional extra")

ROOT = Path(__file__).resolve().parents[1]
S = ROOT / "scenarios"


def run_plot(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # a layout warning fails the test
        assert main([*args, "--plot", str(out), "--format", "json"]) == 0
    assert out.stat().st_size > 5000
    return out


def svg_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("args, words", [
    ((str(S / "battle_of_the_sexes.yaml"), "--sweep", "alone", "--steps", "7"),
     ["Battle of the sexes", "alone: what hearing one", "baseline", "exact threshold: 1"]),
    ((str(S / "idlib_m4_patrols.yaml"), "--sweep", "militia_support", "--sweep",
      "escalation_cost", "--steps", "5"),
     ["Idlib M4 joint patrols", "militia_support: what keeping", "baseline",
      "diplomacy / wait / hold_stalemate"]),
    ((str(S / "idlib_m4_patrols.yaml"), "--monte-carlo", "300", "--seed", "1"),
     ["300 random draws", "share of draws", "(diplomacy, wait, hold_stalemate)"]),
    ((str(S / "chicken.yaml"),), ["Chicken: best responses", "probability that Ann plays swerve",
                                  "(9/10, 9/10)", "equilibrium"]),
])
def test_svg_pictures_say_what_they_show(capsys, tmp_path, args, words):
    out = run_plot(tmp_path, "p.svg", *args)
    capsys.readouterr()
    text = svg_text(out)
    for w in words:
        assert w.replace("'", "&#39;") in text or w in text, w


def test_png_legend_and_labels_inside_the_figure(tmp_path):
    """Every text of the drawn figure lies inside the canvas (no clipped legend)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cli.render import plot
    from games import load
    from games.sensitivity import sweep
    game = load(S / "idlib_m4_patrols.yaml")
    result = sweep(game.scenario, ["militia_support", "escalation_cost"], 5, values=game.values, solver=solve)
    captured = {}
    real_save = plot.save

    def keep(plt_, fig, path):
        fig.canvas.draw()
        box = fig.bbox
        parts = [*fig.legends, fig._suptitle]
        for ax in fig.axes:
            parts += [ax.get_legend(), ax.xaxis.label, ax.yaxis.label, ax.title]
        captured["outside"] = [
            type(p).__name__ for p in parts if p is not None and p.get_visible()
            and not (box.contains(*p.get_window_extent().p0)
                     and box.contains(*p.get_window_extent().p1))]
        captured["legends"] = len(fig.legends)
        return real_save(plt_, fig, path)
    plot.save = keep
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            plot.plot_sweep(result, str(tmp_path / "m.png"), game=game,
                            sensitivity=game.sensitivity())
    finally:
        plot.save = real_save
        plt.close("all")
    assert captured["outside"] == [] and captured["legends"] == 1


def test_best_response_indifference_is_exact():
    """Chicken (swerve 0/1 against straight, crash -10): Ann is indifferent when Bob
    swerves with 9/10 (by hand: -q*1 + (1-q)*9 = 0); matching pennies at 1/2."""
    from cli.render.plot import best_response_path, indifference
    assert indifference(Fraction(-1), Fraction(9)) == Fraction(9, 10)
    assert indifference(Fraction(2), Fraction(-2)) == Fraction(1, 2)
    assert indifference(Fraction(1), Fraction(2)) is None      # a dominant strategy
    assert best_response_path(Fraction(1), Fraction(2)) == [(0.0, 1.0), (1.0, 1.0)]
    assert best_response_path(Fraction(-1), Fraction(9)) == [(0.0, 1.0), (0.9, 1.0),
                                                             (0.9, 0.0), (1.0, 0.0)]


def test_plot_option_checks(capsys, tmp_path):
    """--plot wants .png or .svg, and something to draw."""
    assert main([str(S / "chicken.yaml"), "--plot", str(tmp_path / "x.pdf")]) == 2
    assert "should end in .png or .svg" in capsys.readouterr().err
    assert main([str(S / "rock_paper_scissors.yaml"), "--plot", str(tmp_path / "x.png")]) == 2
    assert "best responses" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_dynamics_on_the_simplex(capsys, tmp_path):
    """Rock-paper-scissors: each player's path drawn on its triangle, the corners named
    by the strategies; the corners of the barycentric map are where they should be."""
    import numpy as np

    from cli.render.plot_dynamics import to_triangle
    corners = np.eye(3)
    xs, ys = to_triangle(corners)
    assert list(xs) == [0, 1, 0.5] and ys[0] == ys[1] == 0 and abs(ys[2] - 3 ** 0.5 / 2) < 1e-15
    out = run_plot(tmp_path, "rps.svg", str(S / "rock_paper_scissors.yaml"), "--dynamics",
                   "replicator", "--steps", "300")
    capsys.readouterr()
    text = svg_text(out)
    assert text.count("path on the simplex") == 2 and "Replicator dynamics" in text
    for name in ("rock", "paper", "scissors"):
        assert f">{name}<" in text


def test_monte_carlo_shares_along_each_parameter():
    """Battle of the sexes: (bach, stravinsky) is an equilibrium exactly when alone >= 1
    (by hand: Ann alone at bach earns alone against 0 for switching, Bob alike, and
    coordinating pays 1 to the one who switches); so its share is 0 in every bin of
    alone below 1 and 1 in every bin above, whatever favourite was drawn."""
    from games import load
    result = load(S / "battle_of_the_sexes.yaml").monte_carlo(2000, seed=3)
    (prof,) = [p for p in result.by_parameter if p.parameter == "alone"]
    support = ((0,), (1,))
    shares = prof.shares[support]
    for (lo, hi), share, draws in zip(zip(prof.edges, prof.edges[1:]), shares, prof.draws):
        if draws and hi < 1:
            assert share == 0
        elif draws and lo > 1:
            assert share == 1
    assert sum(prof.draws) == 2000


def test_monte_carlo_picture(capsys, tmp_path):
    out = run_plot(tmp_path, "mc.svg", str(S / "battle_of_the_sexes.yaml"), "--monte-carlo",
                   "500", "--seed", "2")
    capsys.readouterr()
    text = svg_text(out)
    assert "500 random draws of favourite, alone" in text and "baseline" in text
