"""A picture of a learning-dynamics run: each player's strategy frequencies over time."""
from __future__ import annotations

from typing import Any


def plot_dynamics(game: Any, result: Any, path: str) -> str:
    """Draw one panel per player (probability of each strategy along the run, with the
    nearest equilibrium's probabilities dotted) to `path`; returns path."""
    from .plot import _pyplot
    plt = _pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    axis = "round" if result.kind == "fictitious-play" else "time"
    target = result.target
    for i, (ax, player) in enumerate(zip(axes, game.players)):
        path_i = result.path[i]
        for j, s in enumerate(player.strategies):
            line, = ax.plot(result.times, path_i[:, j], label=s.name)
            if target is not None:
                ax.axhline(target[i][j], color=line.get_color(), linestyle=":", linewidth=1)
        ax.set_title(player.name)
        ax.set_xlabel(axis)
        ax.set_ylim(-0.02, 1.02)
        ax.legend(loc="best", fontsize="small")
    axes[0].set_ylabel("probability / share")
    name = "Fictitious play" if result.kind == "fictitious-play" else "Replicator dynamics"
    fig.suptitle(f"{name}: {game.title}" if game.title else name)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path

