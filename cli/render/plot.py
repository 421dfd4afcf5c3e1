"""Pictures of sweeps (matplotlib, an optional extra: `pip install games-analyzer[plot]`).

A 1-D sweep becomes, per player, the probability of each strategy in every
equilibrium along the range, over coloured bands marking which equilibrium set holds;
a 2-D sweep becomes a map coloured by equilibrium set. Nothing here solves: the
pictures are drawn from a `SweepResult`.
"""
from __future__ import annotations

from typing import Any

from games.numbers import to_float


class PlotUnavailable(ImportError):
    """matplotlib is not installed; the message says how to get it."""


def _pyplot() -> Any:
    """matplotlib.pyplot with a file-only backend, or PlotUnavailable."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise PlotUnavailable("--plot needs matplotlib, which is not installed; install it "
                              "with: pip install 'games-analyzer[plot]' (or pip install "
                              "matplotlib)") from None
    return plt


def plot_sweep(result: Any, path: str, title: str = "") -> str:
    """Draw a 1-D or 2-D sweep to `path` (the format follows the suffix); returns path."""
    plt = _pyplot()
    if len(result.names) == 1:
        fig = _plot_line(plt, result)
    else:
        fig = _plot_map(plt, result)
    if title:
        fig.suptitle(title)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def _colors(plt: Any, n: int) -> list:
    cmap = plt.get_cmap("tab10" if n <= 10 else "tab20")
    return [cmap(k % cmap.N) for k in range(n)]


def _plot_line(plt: Any, result: Any) -> Any:
    """One panel per player: each strategy's probability in every equilibrium."""
    players = result.players
    xs = [float(v) for v in result.grids[0]]
    colors = _colors(plt, len(result.structures))
    fig, axes = plt.subplots(len(players), 1, figsize=(8, 2.4 * len(players) + 0.8),
                             sharex=True, squeeze=False, layout="constrained")
    step = (xs[-1] - xs[0]) / max(len(xs) - 1, 1)
    for ax in axes[:, 0]:
        for x, lab in zip(xs, result.labels):
            ax.axvspan(x - step / 2, x + step / 2, color=colors[lab], alpha=0.15, lw=0)
    for i, (player, ax) in enumerate(zip(players, axes[:, 0])):
        for j, strat in enumerate(player.strategies):
            px, py = [], []
            for x, point in zip(xs, result.points):
                for e in point.equilibria:
                    px.append(x)
                    py.append(to_float(e.profile[i][j]))
            ax.plot(px, py, ".", ms=3, label=strat.name)
        ax.set_ylim(-0.05, 1.05)
        ax.set_ylabel(f"{player.name}\nprobability")
        ax.legend(loc="upper right", fontsize="small")
    axes[-1, 0].set_xlabel(result.names[0])
    handles = [plt.Rectangle((0, 0), 1, 1, color=colors[k], alpha=0.3)
               for k in range(len(result.structures))]
    fig.legend(handles, [result.structure_label(k) for k in range(len(result.structures))],
               loc="outside lower center", fontsize="small", ncol=1)
    return fig


def _plot_map(plt: Any, result: Any) -> Any:
    """Which equilibrium set holds in each cell of the (first, second) parameter grid."""
    from matplotlib.colors import ListedColormap
    grid = result.label_grid()           # rows: first name, columns: second name
    colors = _colors(plt, len(result.structures))
    x0, x1 = to_float(result.grids[1][0]), to_float(result.grids[1][-1])
    y0, y1 = to_float(result.grids[0][0]), to_float(result.grids[0][-1])
    fig, ax = plt.subplots(figsize=(8, 6), layout="constrained")
    ax.imshow(grid, origin="lower", aspect="auto", extent=(x0, x1, y0, y1),
              cmap=ListedColormap(colors), vmin=-0.5, vmax=len(colors) - 0.5,
              interpolation="nearest")
    ax.set_xlabel(result.names[1])
    ax.set_ylabel(result.names[0])
    handles = [plt.Rectangle((0, 0), 1, 1, color=colors[k]) for k in range(len(colors))]
    ax.legend(handles, [result.structure_label(k) for k in range(len(colors))],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return fig
