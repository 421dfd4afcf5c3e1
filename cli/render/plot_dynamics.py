"""A picture of a learning-dynamics run: each player's strategy frequencies over time,
and, for players with three strategies, the path on their simplex (a triangle whose
corners are the pure strategies). 2x2 games are drawn on the best-response diagram
instead (plot.plot_best_responses)."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from .plot import _legend_below, _pyplot, save, wrap

if TYPE_CHECKING:
    from games.model import Game
    from games.teaching.dynamics import DynamicsResult

SQRT3_2 = math.sqrt(3) / 2


def to_triangle(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Barycentric (p0, p1, p2) to the plane: p0 at (0, 0), p1 at (1, 0), p2 at the top."""
    return p[..., 1] + p[..., 2] / 2, p[..., 2] * SQRT3_2


def plot_dynamics(game: Game, result: DynamicsResult, path: str) -> str:
    """Draw one panel per player (probability of each strategy along the run, with the
    nearest equilibrium's probabilities dotted) and, for three-strategy players, the
    path on the simplex, to `path` (.png or .svg); returns path."""
    plt = _pyplot()
    simplex = [i for i, p in enumerate(game.players) if len(p.strategies) == 3]
    rows = 2 if simplex else 1
    fig, axes = plt.subplots(rows, 2, figsize=(10, 4.2 * rows + 0.8), squeeze=False,
                             layout="constrained")
    axis = "round" if result.kind == "fictitious-play" else "time"
    target = result.target
    for i, (ax, player) in enumerate(zip(axes[0], game.players)):
        path_i = result.path[i]
        for j, s in enumerate(player.strategies):
            line, = ax.plot(result.times, path_i[:, j], label=s.name)
            if target is not None:
                ax.axhline(target[i][j], color=line.get_color(), linestyle=":", linewidth=1)
        ax.set_title(f"{player.name}: frequency of each strategy")
        ax.set_xlabel(axis)
        ax.set_ylim(-0.02, 1.02)
        ax.legend(loc="best", fontsize="small")
    axes[0][0].set_ylabel("probability / share")
    for k in range(2):
        if rows == 2:
            ax = axes[1][k]
            if k < len(simplex):
                _simplex_panel(ax, game.players[simplex[k]], result.path[simplex[k]],
                               None if target is None else target[simplex[k]])
            else:
                ax.set_visible(False)
    name = "Fictitious play" if result.kind == "fictitious-play" else "Replicator dynamics"
    fig.suptitle(wrap(f"{name}: {game.title}" if game.title else name, 80))
    if target is not None:
        _legend_below(fig, [plt.Line2D([], [], color="0.3", linestyle=":")],
                      ["dotted: the nearest equilibrium"])
    return save(plt, fig, path)


def _simplex_panel(ax: Any, player: Any, path: Any, target: Any) -> None:
    """The path of one three-strategy player's mixture on its triangle."""
    import numpy as np
    corners = np.array([[0, 0], [1, 0], [0.5, SQRT3_2], [0, 0]])
    ax.plot(corners[:, 0], corners[:, 1], color="black", linewidth=1)
    for (x, y), s, (dx, dy) in zip(corners[:3], player.strategies,
                                   [(-0.04, -0.06), (0.04, -0.06), (0, 0.03)]):
        ax.annotate(s.name, (x, y), xytext=(x + dx, y + dy), ha="center", fontsize="small")
    xs, ys = to_triangle(np.asarray(path, dtype=float))
    ax.plot(xs, ys, color="#1f77b4", linewidth=1)
    ax.plot([xs[0]], [ys[0]], "s", color="#1f77b4")
    if target is not None:
        tx, ty = to_triangle(np.asarray(target, dtype=float))
        ax.plot([tx], [ty], "o", ms=9, color="black", markerfacecolor="gold")
    ax.set_title(f"{player.name}: path on the simplex (square: start, dot: equilibrium)",
                 fontsize="small")
    ax.set_aspect("equal")
    ax.set_xlim(-0.12, 1.12)
    ax.set_ylim(-0.12, 1.0)
    ax.axis("off")
