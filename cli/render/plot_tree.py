"""A game tree drawn with matplotlib (`--plot tree.png|tree.svg` on a tree scenario):
nodes laid out by depth, leaves evenly spaced, each node labelled with its mover,
edges with actions (and probabilities at chance nodes), nodes of one information set
joined by a dashed line, leaves with their payoffs, and the path of play of the first
subgame-perfect equilibrium (and every subgame-perfect choice) drawn thick. Nothing
here solves: the picture is drawn from a `TreeReport`."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from games.numbers import exact_str

from .plot import _pyplot, save
from .tree import spe_actions

if TYPE_CHECKING:
    from games.tree.analysis import TreeReport

MAX_LEAVES = 400


def _layout(tree: Any) -> dict[int, tuple[float, float]]:
    """x: leaves in order, a parent centred over its children; y: minus the depth."""
    pos: dict[int, tuple[float, float]] = {}
    depth = {0: 0}
    for node in tree.nodes:                         # preorder: parents first
        for c in node.children:
            depth[c] = depth[node.id] + 1
    leaf_x = 0.0
    for node in tree.nodes:
        if not node.children:
            pos[node.id] = (leaf_x, -depth[node.id])
            leaf_x += 1.0
    for k in range(len(tree.nodes) - 1, -1, -1):
        node = tree.nodes[k]
        if node.children:
            xs = [pos[c][0] for c in node.children]
            pos[k] = (sum(xs) / len(xs), -depth[k])
    return pos


def plot_tree(report: TreeReport, path: str) -> str:
    """Draw the tree of `report` to `path` (PNG or SVG by suffix); returns path."""
    plt = _pyplot()
    tree = report.tree
    leaves = sum(1 for n in tree.nodes if not n.children)
    if leaves > MAX_LEAVES:
        from games.errors import GameError
        raise GameError(f"--plot draws trees of at most {MAX_LEAVES} leaves (this one has "
                        f"{leaves}); the text view shows the whole tree")
    pos = _layout(tree)
    chosen = spe_actions(report)
    eqs = report.induction.equilibria
    first = dict(eqs[0].behavior) if eqs else {}
    width = max(6.0, leaves * 1.1)
    height = max(3.0, 1.4 * (1 - min(y for _, y in pos.values())))
    fig, ax = plt.subplots(figsize=(min(width, 40), min(height, 30)))
    on_path = _path_nodes(tree, first)
    for node in tree.nodes:
        x, y = pos[node.id]
        for j, c in enumerate(node.children):
            cx, cy = pos[c]
            spe = node.kind == "decision" and j in chosen.get(node.infoset, set())
            played = node.id in on_path and c in on_path
            ax.plot([x, cx], [y, cy], color="crimson" if played else "black",
                    linewidth=3.0 if played else (1.8 if spe else 0.8), zorder=1)
            label = node.actions[j]
            if node.kind == "chance":
                label += f" ({exact_str(node.probs[j])})"
            ax.annotate(label, ((x + cx) / 2, (y + cy) / 2), fontsize=8, ha="center",
                        va="bottom", color="crimson" if played else "black")
        if node.kind == "leaf":
            ax.annotate("(" + ", ".join(exact_str(v) for v in node.payoffs) + ")",
                        (x, y - 0.12), fontsize=7, ha="center", va="top")
            ax.plot([x], [y], marker="o", markersize=3, color="gray", zorder=2)
        else:
            who = "chance" if node.kind == "chance" else tree.players[node.player]
            ax.plot([x], [y], marker="o", markersize=7,
                    color="white" if node.kind == "chance" else "steelblue",
                    markeredgecolor="black", zorder=2)
            ax.annotate(who, (x, y + 0.1), fontsize=8, ha="center", va="bottom",
                        fontweight="bold")
    for info in tree.infosets:
        if len(info.nodes) > 1:
            xs = [pos[k][0] for k in info.nodes]
            ys = [pos[k][1] for k in info.nodes]
            ax.plot(xs, ys, linestyle="--", color="steelblue", linewidth=1.2, zorder=0)
            ax.annotate(info.name, (sum(xs) / len(xs), ys[0] - 0.05), fontsize=7,
                        color="steelblue", ha="center", va="top")
    ax.set_axis_off()
    ax.set_title(tree.title or "Game tree")
    fig.tight_layout()
    return save(plt, fig, path)       # literal names, written atomically


def _path_nodes(tree: Any, behavior: dict[int, Any]) -> set[int]:
    """Nodes reached with positive probability under one equilibrium's behaviour."""
    out = {0}
    stack = [0]
    while stack:
        node = tree.nodes[stack.pop()]
        if node.kind == "chance":
            nxt = [c for c, p in zip(node.children, node.probs) if p != 0]
        elif node.kind == "decision":
            probs = behavior.get(node.infoset)
            nxt = [] if probs is None else \
                [c for c, p in zip(node.children, probs) if p != 0]
        else:
            nxt = []
        out.update(nxt)
        stack.extend(nxt)
    return out
