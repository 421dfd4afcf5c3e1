"""Pictures (matplotlib, an optional extra: `.venv/bin/pip install -e '.[plot]'`).

Every picture has a title, axes named in the scenario's words (a parameter's name and
description), a legend below the plot that wraps rather than being clipped, and the
baseline marked. The format follows the file's suffix (.png or .svg). Nothing here
solves: pictures are drawn from result objects (sweeps, sensitivity, Monte Carlo,
the analysis); the 2x2 best-response diagram places each player's indifference point
exactly.

- 1-D sweep: per player, each strategy's probability in every equilibrium along the
  range, over bands marking which equilibrium set holds, bounded by the exact
  thresholds of the sensitivity analysis (dashed lines) when they are known;
- 2-D sweep: a map of the equilibrium set on the grid, baseline starred;
- Monte Carlo: the share of draws with each equilibrium support, 95% intervals, and
  how each share moves across each parameter's draws;
- 2x2 game: the best-response diagram, equilibria dotted.
"""
from __future__ import annotations

import itertools
import textwrap
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from games.numbers import exact_str, is_rational, to_float

if TYPE_CHECKING:
    from types import ModuleType

    from matplotlib.figure import Figure

    from games.equilibrium import EquilibriumSet
    from games.model import Game
    from games.sensitivity.montecarlo import MonteCarloResult
    from games.sensitivity.sweep import SweepResult
    from games.sensitivity.thresholds import ParameterSensitivity
    from games.teaching.dynamics import DynamicsResult

PLOT_SUFFIXES = (".png", ".svg")
WRAP = 70           # characters per line of an axis label or legend entry


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
                              "with: .venv/bin/pip install -e '.[plot]' (in this repository) "
                              "or pip install 'games-analyzer[plot]'") from None
    plt.rcParams["svg.hashsalt"] = "games"          # the same SVG for the same picture
    plt.rcParams["svg.fonttype"] = "none"           # SVG text stays text (searchable)
    plt.rcParams["text.parse_math"] = False         # a name's '$...$' is shown as typed
    import warnings                                 # a control character in a name has no
    warnings.filterwarnings("ignore", message="Glyph .* missing from font")  # glyph: no
    return plt                                      # warning that would echo it raw


def wrap(text: str, width: int = WRAP) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def axis_label(game: Game | None, name: str) -> str:
    """'alone: what hearing one's favourite composer alone is worth', wrapped."""
    par = game.parameters.get(name) if game is not None else None
    desc = " ".join((par.description or "").split()) if par is not None else ""
    return wrap(f"{name}: {desc[0].lower() + desc[1:]}" if desc else name)


def save(plt: ModuleType, fig: Figure, path: str) -> str:
    """Write the figure (format from the suffix) atomically, free it, return the path."""
    import io

    from matplotlib.text import Text

    from .files import write_atomic
    from .text import terminal
    for artist in fig.findobj(Text):    # every title, label, legend entry and annotation:
        text = artist.get_text()        # a scenario's control characters drawn as visible
        if text:                        # escapes, never raw
            artist.set_text(terminal(text))
    svg = path.lower().endswith(".svg")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg" if svg else "png", dpi=120,
                metadata={"Date": None} if svg else None)
    plt.close(fig)
    write_atomic(path, buffer.getvalue())
    return path


def _colors(plt: Any, n: int) -> list:
    cmap = plt.get_cmap("tab10" if n <= 10 else "tab20")
    return [cmap(k % cmap.N) for k in range(n)]


def _legend_below(fig: Any, handles: list, labels: list[str], title: str = "") -> None:
    """A legend under the axes, in as many columns as fit, never clipped."""
    labels = [wrap(t, 48) for t in labels]
    ncol = 1 if max((len(t) for t in labels), default=0) > 30 else min(3, len(labels)) or 1
    fig.legend(handles, labels, loc="outside lower center", ncol=ncol, fontsize="small",
               title=title or None, title_fontsize="small", frameon=False)


# ------------------------------------------------------------ sweeps

def plot_sweep(result: SweepResult, path: str, title: str = "", game: Game | None = None,
               sensitivity: Sequence[ParameterSensitivity] = ()) -> str:
    """Draw a 1-D or 2-D sweep to `path`; returns path. `game` gives the words and the
    baseline; `sensitivity` the exact thresholds of the swept parameter."""
    plt = _pyplot()
    if len(result.names) == 1:
        exact = next((s for s in sensitivity if s.parameter == result.names[0]), None)
        fig = _plot_line(plt, result, game, exact)
    else:
        fig = _plot_map(plt, result, game)
    name = getattr(game, "title", "") or ""
    heading = title or (f"{name}: equilibria across {' and '.join(result.names)}" if name
                        else f"Equilibria across {' and '.join(result.names)}")
    fig.suptitle(wrap(heading, 80))
    return save(plt, fig, path)


def _structure_index(result: Any, eqs: Any, extra: list) -> int:
    """The colour index of an equilibrium set: its structure in the sweep's list, or a
    new entry (appended to `extra`) when the grid never met it."""
    from games.sensitivity.thresholds import structure
    s = structure(eqs)
    known = list(result.structures) + extra
    if s in known:
        return known.index(s)
    extra.append(s)
    return len(known)


def _plot_line(plt: Any, result: Any, game: Any, exact: Any) -> Any:
    """One panel per player: each strategy's probability in every equilibrium."""
    from games.sensitivity.sweep import describe_structure
    players = result.players
    name = result.names[0]
    xs = [to_float(v) for v in result.grids[0]]
    extra: list = []
    bands = _exact_bands(result, exact, extra) if exact is not None else \
        _grid_bands(result, xs)
    structures = list(result.structures) + extra
    colors = _colors(plt, len(structures))
    fig, axes = plt.subplots(len(players), 1, figsize=(8, 2.3 * len(players) + 2.2),
                             sharex=True, squeeze=False, layout="constrained")
    for ax in axes[:, 0]:
        for lo, hi, k in bands:
            ax.axvspan(lo, hi, color=colors[k], alpha=0.18, lw=0)
        for t in (exact.thresholds if exact is not None else ()):
            ax.axvline(to_float(t), color="0.25", linestyle="--", linewidth=1)
        if game is not None and name in game.values:
            ax.axvline(to_float(game.values[name]), color="black", linewidth=1.6)
    for i, (player, ax) in enumerate(zip(players, axes[:, 0])):
        for j, strat in enumerate(player.strategies):
            px, py = [], []
            for x, point in zip(xs, result.points):
                for e in point.equilibria:
                    px.append(x)
                    py.append(to_float(e.profile[i][j]))
            ax.plot(px, py, "o", ms=3.5, label=strat.name)
        ax.set_ylim(-0.05, 1.05)
        ax.set_ylabel(wrap(f"{player.name}: probability", 22))
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize="small",
                  title="strategy", title_fontsize="small")
    axes[-1, 0].set_xlabel(axis_label(game, name))
    handles = [plt.Rectangle((0, 0), 1, 1, color=colors[k], alpha=0.35)
               for k in range(len(structures))]
    labels = [describe_structure(players, s) for s in structures]
    lines = [plt.Line2D([], [], color="black", linewidth=1.6)]
    line_labels = ["baseline"] if game is not None and name in game.values else []
    if exact is not None and exact.thresholds:
        lines.append(plt.Line2D([], [], color="0.25", linestyle="--"))
        line_labels.append("exact threshold: " + ", ".join(_num(t) for t in exact.thresholds))
    _legend_below(fig, handles + lines[:len(line_labels)], labels + line_labels,
                  "equilibrium supports (players separated by /)")
    return fig


def _num(x: Any) -> str:
    s = exact_str(x)
    return s if is_rational(x) else f"{s} ≈ {to_float(x):.4g}"


def _exact_bands(result: Any, exact: Any, extra: list) -> list[tuple[float, float, int]]:
    """Bands between the exact thresholds, coloured by the interval's equilibrium set."""
    return [(to_float(iv.lo), to_float(iv.hi), _structure_index(result, iv.equilibria, extra))
            for iv in exact.intervals]


def _grid_bands(result: Any, xs: list[float]) -> list[tuple[float, float, int]]:
    """Without exact thresholds: each grid point's set, up to halfway to its neighbours."""
    edges = [xs[0]] + [(a + b) / 2 for a, b in itertools.pairwise(xs)] + [xs[-1]]
    return [(edges[k], edges[k + 1], lab) for k, lab in enumerate(result.labels)]


def _plot_map(plt: Any, result: Any, game: Any) -> Any:
    """Which equilibrium set holds in each cell of the (first, second) parameter grid."""
    from matplotlib.colors import ListedColormap
    grid = result.label_grid()           # rows: first name, columns: second name
    colors = _colors(plt, len(result.structures))
    gx, gy = result.grids[1], result.grids[0]
    half_x = (to_float(gx[1]) - to_float(gx[0])) / 2 if len(gx) > 1 else 0.5
    half_y = (to_float(gy[1]) - to_float(gy[0])) / 2 if len(gy) > 1 else 0.5
    extent = (to_float(gx[0]) - half_x, to_float(gx[-1]) + half_x,
              to_float(gy[0]) - half_y, to_float(gy[-1]) + half_y)
    fig, ax = plt.subplots(figsize=(8, 7.5), layout="constrained")
    ax.imshow(grid, origin="lower", aspect="auto", extent=extent,
              cmap=ListedColormap(colors), vmin=-0.5, vmax=len(colors) - 0.5,
              interpolation="nearest")
    ax.set_xlabel(axis_label(game, result.names[1]))
    ax.set_ylabel(axis_label(game, result.names[0]))
    handles = [plt.Rectangle((0, 0), 1, 1, color=colors[k]) for k in range(len(colors))]
    labels = [_map_label(game, result, k) for k in range(len(colors))]
    if game is not None and all(n in game.values for n in result.names):
        ax.plot([to_float(game.values[result.names[1]])],
                [to_float(game.values[result.names[0]])], marker="*", ms=16,
                color="white", markeredgecolor="black", linestyle="none")
        handles.append(plt.Line2D([], [], marker="*", ms=12, color="white",
                                  markeredgecolor="black", linestyle="none"))
        labels.append("baseline")
    ax.set_title(f"each cell: the equilibrium set at one point of a {len(gy)} x {len(gx)} "
                 "grid", fontsize="small")
    _legend_below(fig, handles, labels, "equilibrium supports (players separated by /)")
    return fig


def _map_label(game: Any, result: Any, k: int) -> str:
    """A map legend entry: the supports, and a continuum in the report's words."""
    label = result.structure_label(k)
    point = result.first_point(k)
    if game is None or point is None:
        return label
    from .continua import set_in_words
    words = set_in_words(game, point.equilibria)
    return wrap(f"{label}: {words}", 70) if words else label


# ------------------------------------------------------------ Monte Carlo

def plot_monte_carlo(result: MonteCarloResult, path: str, game: Game | None = None) -> str:
    """Top: the share of draws in which each equilibrium support occurs, with 95%
    intervals. Below, one panel per drawn parameter: how each share moves across that
    parameter's range (the draws binned by its value, the others as drawn)."""
    from games.display import support_text
    plt = _pyplot()
    outs = list(result.outcomes)
    profiles = list(getattr(result, "by_parameter", ()))
    ncols = min(3, len(profiles)) or 1
    nrows = (len(profiles) + ncols - 1) // ncols
    top = 1.0 + 0.5 * max(len(outs), 2)
    fig = plt.figure(figsize=(10, top + 2.6 * nrows + 1.6), layout="constrained")
    grid = fig.add_gridspec(1 + nrows, ncols, height_ratios=[top] + [2.6] * nrows)
    ax = fig.add_subplot(grid[0, :])
    colors = _colors(plt, len(outs))
    ys = list(range(len(outs)))[::-1]
    err = [[o.share - o.low for o in outs], [o.high - o.share for o in outs]]
    ax.barh(ys, [o.share for o in outs], xerr=err, color=colors, capsize=3)
    ax.set_yticks(ys, [wrap(support_text(result.players, o.support), 44) for o in outs],
                  fontsize="small")
    ax.set_xlim(0, 1)
    ax.set_xlabel(wrap("share of draws in which an equilibrium with this support exists "
                       "(bars: 95% interval)", 70))
    for k, prof in enumerate(profiles):
        sub = fig.add_subplot(grid[1 + k // ncols, k % ncols])
        centres = [(a + b) / 2 for a, b in itertools.pairwise(prof.edges)]
        for o, color in zip(outs, colors):
            sub.plot(centres, prof.shares.get(o.support, [0.0] * len(centres)), "-o", ms=3,
                     color=color)
        if game is not None and prof.parameter in game.values:
            sub.axvline(to_float(game.values[prof.parameter]), color="black", linewidth=1.2)
        sub.set_ylim(-0.03, 1.03)
        sub.set_xlabel(wrap(prof.parameter, 30), fontsize="small")
        sub.tick_params(labelsize="x-small")
        if k % ncols == 0:
            sub.set_ylabel("share", fontsize="small")
    params = ", ".join(result.parameters)
    name = getattr(game, "title", "") or "Monte Carlo"
    fig.suptitle(wrap(f"{name}: {result.samples} random draws of {params}", 90))
    if profiles:
        _legend_below(fig, [plt.Line2D([], [], color="black", linewidth=1.2)],
                      ["lower panels: each support's share across a parameter's draws "
                       "(colours as above); black line: baseline"])
    return save(plt, fig, path)


# ------------------------------------------------------------ 2x2 best responses

def indifference(gain_first: Fraction, gain_second: Fraction) -> Fraction | None:
    """The probability q of the opponent's first strategy at which a player's two
    strategies pay the same, when the payoff difference d(q) = q*gain_first +
    (1-q)*gain_second changes sign inside [0, 1]; None when it never does."""
    slope = gain_first - gain_second
    if slope == 0:
        return None
    q = -gain_second / slope
    return q if 0 <= q <= 1 else None


def best_response_path(gain_first: Fraction, gain_second: Fraction) -> list[tuple[float, float]]:
    """The best-response correspondence as a polyline of (opponent prob, own prob of
    the first strategy), exact at the indifference point."""
    q = indifference(gain_first, gain_second)

    def at(x: Fraction) -> float:
        """The best response's probability of the first strategy where d(x) != 0."""
        return 1.0 if gain_first * x + gain_second * (1 - x) > 0 else 0.0
    if gain_first == 0 and gain_second == 0:
        return [(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)]      # indifferent everywhere
    if q is None:
        return [(0.0, at(Fraction(1, 2))), (1.0, at(Fraction(1, 2)))]
    qf = float(q)
    left, right = at(q / 2), at((1 + q) / 2)
    return [(0.0, left), (qf, left), (qf, right), (1.0, right)]


def plot_best_responses(game: Game, eqs: EquilibriumSet, path: str,
                        dynamics: DynamicsResult | None = None) -> str:
    """The 2x2 best-response diagram: x = P(row player's first strategy), y =
    P(column player's first strategy); equilibria where the curves meet. With a
    dynamics run, its path is drawn on the same square."""
    plt = _pyplot()
    p1, p2 = game.players
    A, B = game.payoffs[0], game.payoffs[1]
    row = best_response_path(A[0, 0] - A[1, 0], A[0, 1] - A[1, 1])   # over q, gives p
    col = best_response_path(B[0, 0] - B[0, 1], B[1, 0] - B[1, 1])   # over p, gives q
    fig, ax = plt.subplots(figsize=(6.6, 7.2), layout="constrained")
    ax.plot([p for q, p in row], [q for q, p in row], color="#d62728", linewidth=2.5,
            label=f"{p1.name}'s best response")
    ax.plot([p for p, q in col], [q for p, q in col], color="#1f77b4", linewidth=2.5,
            linestyle=(0, (5, 2)), label=f"{p2.name}'s best response")
    if dynamics is not None:
        path_p, path_q = dynamics.path[0][:, 0], dynamics.path[1][:, 0]
        ax.plot(path_p, path_q, color="0.45", linewidth=1, label=f"{dynamics.kind} path")
        ax.plot([path_p[0]], [path_q[0]], "s", color="0.45", label="start of the path")
    xs = [to_float(e.profile[0][0]) for e in eqs]
    ys = [to_float(e.profile[1][0]) for e in eqs]
    ax.plot(xs, ys, "o", ms=10, color="black", markerfacecolor="gold", label="equilibrium",
            linestyle="none")
    for e, x, y in zip(eqs, xs, ys):
        ax.annotate(f"({_num(e.profile[0][0])}, {_num(e.profile[1][0])})", (x, y),
                    textcoords="offset points", xytext=(8, 8), fontsize="small")
    ax.set_xlim(-0.04, 1.04)
    ax.set_ylim(-0.04, 1.04)
    ax.set_aspect("equal")
    ax.set_xlabel(f"probability that {p1.name} plays {p1.strategies[0].name}")
    ax.set_ylabel(f"probability that {p2.name} plays {p2.strategies[0].name}")
    fig.suptitle(wrap(f"{game.title + ': ' if game.title else ''}best responses", 70))
    handles, labels = ax.get_legend_handles_labels()
    _legend_below(fig, handles, labels)
    return save(plt, fig, path)
