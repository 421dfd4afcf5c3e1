"""Subgames: a node roots one when its subtree holds every node of every information
set it touches. With nodes in preorder a subtree is the id range [x, end), so one
bottom-up pass over each information set's lowest and highest node decides all."""
from __future__ import annotations

from .model import LEAF, Tree


def subgame_roots(tree: Tree) -> list[int]:
    """Every node (leaves excluded) that roots a subgame, in preorder."""
    n = len(tree.nodes)
    lo = list(range(n))
    hi = list(range(n))
    for h in tree.infosets:
        first, last = min(h.nodes), max(h.nodes)
        for k in h.nodes:
            lo[k], hi[k] = first, last
    for k in range(n - 1, -1, -1):          # children have larger ids than parents
        for c in tree.nodes[k].children:
            lo[k] = min(lo[k], lo[c])
            hi[k] = max(hi[k], hi[c])
    return [k for k, node in enumerate(tree.nodes)
            if node.kind != LEAF and lo[k] >= k and hi[k] < node.end]


def inner_roots(tree: Tree, root: int, roots: set[int]) -> list[int]:
    """The subgame roots (and leaves) just below `root`: the largest proper subgames."""
    out = []
    k = root + 1
    end = tree.nodes[root].end
    while k < end:
        if k in roots or tree.nodes[k].kind == LEAF:
            out.append(k)
            k = tree.nodes[k].end
        else:
            k += 1
    return out
