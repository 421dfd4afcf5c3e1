"""A game tree drawn as inline SVG for the HTML page, with the equilibrium path.

Drawn from the tree engine's public result (games.tree.analysis.TreeReport) and
nothing else: the same layout as the matplotlib picture (plot_tree.py: leaves in
order, a parent centred over its children), the path of play of the first
subgame-perfect equilibrium thick and red (every chance branch with positive
probability followed), every action some subgame-perfect equilibrium plays bold,
nodes of one information set joined by a dashed line, payoffs under the leaves.
Each edge carries `data-infoset`, `data-action` and a class (`played`, `spe`), so the
browser tests read the drawing back. No script: the picture is there without one.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from games.numbers import exact_str

from .plot_tree import MAX_LEAVES, _layout, _path_nodes
from .tree import spe_actions
from .text import html as escape

if TYPE_CHECKING:
    from games.tree.analysis import TreeReport

STEP_X, STEP_Y, MARGIN, SIDE = 110, 90, 60, 120      # SIDE: room for edge labels


def tree_svg_section(report: TreeReport) -> str:
    """The section "The game tree" with the SVG (or why it is not drawn)."""
    tree = report.tree
    leaves = sum(1 for n in tree.nodes if not n.children)
    head = ('<section aria-labelledby="tree-h"><h2 id="tree-h">The game tree</h2>')
    if leaves > MAX_LEAVES:
        return (head + f"<p>The tree has {leaves} leaves; the page draws trees of at most "
                f"{MAX_LEAVES} (the report above lists it).</p></section>")
    eqs = report.induction.equilibria
    first = dict(eqs[0].behavior) if eqs else {}
    legend = ("<p>Red and thick: the path of play of the first subgame-perfect "
              "equilibrium. Bold: every choice some subgame-perfect equilibrium makes. "
              "Dashed: nodes the mover cannot tell apart (one information set). Payoffs "
              f"under each leaf, in player order ({escape(', '.join(tree.players))}).</p>")
    if not eqs:
        legend = "<p>No subgame-perfect equilibrium was listed: no path is marked.</p>"
    return head + legend + '<div class="scroll">' + tree_svg(report, first) + "</div></section>"


def tree_svg(report: TreeReport, behavior: Mapping[int, object]) -> str:
    """The SVG text of the tree, `behavior` the equilibrium whose path is marked."""
    tree = report.tree
    pos = _layout(tree)
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    width = int((max(xs) - min(xs)) * STEP_X + 2 * SIDE)
    height = int((max(ys) - min(ys)) * STEP_Y + 2 * MARGIN + 20)

    def at(k: int) -> tuple[float, float]:
        x, y = pos[k]
        return SIDE + (x - min(xs)) * STEP_X, MARGIN + (max(ys) - y) * STEP_Y

    chosen = spe_actions(report)
    on_path = _path_nodes(tree, dict(behavior)) if behavior else set()
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" class="tree" '
             f'aria-label="{escape(tree.title or "game tree")}: the game tree">']
    for infoset in tree.infosets:
        if len(infoset.nodes) > 1:
            pts = " ".join(f"{at(k)[0]:.1f},{at(k)[1]:.1f}" for k in infoset.nodes)
            parts.append(f'<polyline points="{pts}" fill="none" stroke="#1f5f99" '
                         'stroke-dasharray="6 4" stroke-width="1.5"/>')
    for node in tree.nodes:
        x, y = at(node.id)
        info = tree.infosets[node.infoset].name if node.kind == "decision" else ""
        for j, c in enumerate(node.children):
            cx, cy = at(c)
            spe = node.kind == "decision" and j in chosen.get(node.infoset, set())
            played = node.id in on_path and c in on_path
            cls = " ".join(k for k, on in (("played", played), ("spe", spe)) if on)
            colour, w = ("#b00020", 4.0) if played else ("#000", 2.2 if spe else 1.0)
            label = node.actions[j]
            if node.kind == "chance":
                label += f" ({exact_str(node.probs[j])})"
            bold = ' font-weight="bold"' if spe or played else ""
            # the label beside the edge, on the side it leans to (no two collide)
            anchor = "end" if cx < x else "start" if cx > x else "middle"
            lx = x + (cx - x) * 0.5 + {"end": -8, "start": 8, "middle": 0}[anchor]
            ly = y + (cy - y) * 0.5
            parts.append(
                f'<g class="edge {cls}" data-infoset="{escape(info)}" '
                f'data-action="{escape(node.actions[j])}" data-from="{node.id}" '
                f'data-to="{c}"><line x1="{x:.1f}" y1="{y:.1f}" x2="{cx:.1f}" y2="{cy:.1f}" '
                f'stroke="{colour}" stroke-width="{w}"/>'
                f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="12" '
                f'text-anchor="{anchor}" fill="{colour}"'
                f'{bold}>{escape(label)}</text></g>')
    for node in tree.nodes:
        x, y = at(node.id)
        if node.kind == "leaf":
            pays = "(" + ", ".join(exact_str(v) for v in node.payoffs) + ")"
            parts.append(f'<g class="leaf" data-node="{node.id}"><circle cx="{x:.1f}" '
                         f'cy="{y:.1f}" r="3" fill="#555"/><text x="{x:.1f}" y="{y + 18:.1f}" '
                         f'font-size="12" text-anchor="middle">{escape(pays)}</text></g>')
            continue
        who = "chance" if node.kind == "chance" else tree.players[node.player]
        fill = "#fff" if node.kind == "chance" else "#cfe2f3"
        parts.append(f'<g class="node" data-node="{node.id}"><circle cx="{x:.1f}" '
                     f'cy="{y:.1f}" r="8" fill="{fill}" stroke="#000"/><text x="{x:.1f}" '
                     f'y="{y - 13:.1f}" font-size="12" font-weight="bold" '
                     f'text-anchor="middle">{escape(who)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
