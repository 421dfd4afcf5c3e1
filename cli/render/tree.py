"""Report sections for a game tree: the tree drawn as indented text with each node's
player, actions and probabilities and the subgame-perfect choices marked; the
subgame-perfect equilibria; which Nash equilibria rest on threats that are not
credible; and the walk of backward induction (--explain)."""
from __future__ import annotations

from typing import Any

from games.numbers import exact_str

from .document import Cell, Section, Table, Text

MARK = "◀ SPE"


def _vec(tree: Any, v: Any) -> str:
    return "(" + ", ".join(exact_str(x) for x in v) + ")"


def spe_actions(report: Any) -> dict[int, set[int]]:
    """Per information set, the actions some subgame-perfect equilibrium plays."""
    out: dict[int, set[int]] = {}
    ind = report.induction
    if ind.equilibria is not None:
        for s in ind.equilibria:
            for h, probs in s.behavior:
                if probs is not None:
                    out.setdefault(h, set()).update(a for a, p in enumerate(probs) if p != 0)
    else:
        for k, step in ind.steps.items():
            node = report.tree.nodes[k]
            if step.kind == "decision":
                out.setdefault(node.infoset, set()).update(step.chosen)
    return out


def tree_lines(report: Any, max_lines: int = 400) -> list[str]:
    """The tree as indented lines (iterative, so deep trees are fine)."""
    tree = report.tree
    marked = spe_actions(report)
    lines: list[str] = []
    stack: list[tuple[int, int, str]] = [(0, 0, "")]
    while stack and len(lines) < max_lines:
        k, depth, label = stack.pop()
        node = tree.nodes[k]
        pad = "  " * depth
        if node.kind == "leaf":
            name = f" {node.outcome}" if node.outcome else ""
            lines.append(f"{pad}{label}{_vec(tree, node.payoffs)}{name}")
            continue
        if node.kind == "chance":
            lines.append(f"{pad}{label}chance")
            labels = [f"{a} [p={exact_str(p)}] -> " for a, p in zip(node.actions, node.probs)]
        else:
            info = tree.infosets[node.infoset]
            shared = f" (information set {info.name})" if len(info.nodes) > 1 else ""
            lines.append(f"{pad}{label}{tree.players[node.player]} at {node.where}{shared}")
            chosen = marked.get(node.infoset, set())
            labels = [f"{a}{' ' + MARK if j in chosen else ''} -> "
                      for j, a in enumerate(node.actions)]
        for c, lab in reversed(list(zip(node.children, labels))):
            stack.append((c, depth + 1, lab))
    if stack:
        lines.append(f"... ({len(tree.nodes)} nodes; the rest is not shown)")
    return lines


def tree_sections(report: Any, markdown: bool = False) -> list[Section]:
    """The tree, its subgame-perfect equilibria and the credibility of threats."""
    text = "\n".join(tree_lines(report))
    drawn = Section("Game tree").add(Text(f"```\n{text}\n```" if markdown else text))
    drawn.add(Text(f"{MARK} marks each action played in some subgame-perfect equilibrium.",
                   "note"))
    return [drawn, spe_section(report), credibility_section(report)]


def spe_section(report: Any) -> Section:
    tree, ind = report.tree, report.induction
    sec = Section("Subgame-perfect equilibria")
    n = ind.pure_count
    sec.add(Text(f"{n} subgame-perfect equilibri{'um' if n == 1 else 'a'} in pure behaviour "
                 f"strategies (exact count); {len(ind.roots)} subgame"
                 f"{'' if len(ind.roots) == 1 else 's'}.", "good"))
    rows: list[list[Cell | str]] = []
    if ind.equilibria is not None:
        from games.tree.analysis import solution_dict
        for k, s in enumerate(ind.equilibria, 1):
            d = solution_dict(tree, s)
            plays = "; ".join(f"{p} at {h}: " + " + ".join(
                a if prob == "1" else f"{prob} {a}" for a, prob in acts.items())
                for p, sets in d["behavior"].items() for h, acts in sets.items())
            rows.append([str(k), d["kind"], " -> ".join(d["path"]) or "(chance first)",
                         _vec(tree, s.value), plays])
        sec.add(Table(["#", "kind", "path", "payoffs", "behaviour"], rows))
    else:
        rows = [[_vec(tree, v), str(c)] for v, c in ind.root_values.items()]
        sec.add(Table(["payoffs", "pure equilibria"], rows,
                      caption=f"{ind.listed}"))
    for k in ind.ties:
        node = tree.nodes[k]
        sec.add(Text(f"Tie at {node.where}: {tree.players[node.player]} is indifferent "
                     "between optimal actions; each of them, and every mixture of them, is "
                     "subgame perfect.", "note"))
    for note in ind.notes:
        sec.add(Text(note, "note"))
    ordinal = getattr(report, "ordinal", None)
    if ordinal is not None:         # payoffs_are: ranks (games.ordinal.tree_ranks)
        label = ("Ordinal: these subgame-perfect equilibria are rank-invariant"
                 if ordinal.invariant else
                 "Not ordinal: these subgame-perfect equilibria may change with the numbers")
        sec.add(Text(f"{label} — {ordinal.reason}. The Nash equilibria of the reduced "
                     "form above treat the ranks as numbers.", "good" if ordinal.invariant
                     else "warning"))
    if getattr(report, "readings", None) is not None:
        _readings_blocks(sec, report.tree, report.readings)
    return sec


def _readings_blocks(sec: Section, tree: Any, drawn: Any) -> None:
    """A ranked tree's subgame-perfect structures across cardinal readings: shares,
    intervals, and each structure's exact witness reading."""
    n = len(drawn.structures)
    sec.add(Text(f"Across {drawn.samples} cardinal readings drawn uniformly from the order "
                 f"polytope of the leaf ranks (seed {drawn.seed}): {n} structure"
                 f"{'' if n == 1 else 's'} of subgame-perfect equilibria"
                 + ("" if drawn.varies else " met (a sample: not a proof of invariance)")
                 + ".", "warning" if drawn.varies else "note"))
    rows: list[list[Cell | str]] = []
    for k, st in enumerate(drawn.structures, 1):
        eqs = " | ".join("; ".join(f"{h}: {' or '.join(a)}" for h, a in p) for p in st.key)
        rows.append([str(k), eqs, f"{st.share:.1%}", f"[{st.low:.1%}, {st.high:.1%}]"])
    sec.add(Table(["#", "subgame-perfect equilibria (actions played)", "share",
                   "95% interval"], rows))
    leaves = [node for node in tree.nodes if node.kind == "leaf"]
    for k, st in enumerate(drawn.structures, 1):
        wrows: list[list[Cell | str]] = [
            [leaf.where, ", ".join(exact_str(st.witness[i, j]) for i in range(tree.n_players))]
            for j, leaf in enumerate(leaves)]
        sec.add(Table(["leaf", "cardinal payoffs"], wrows,
                      caption=f"Witness for structure {k} (exact; solved again)"))


def credibility_section(report: Any) -> Section:
    sec = Section("Which threats are credible")
    total = len(report.perfect)
    good = sum(1 for p in report.perfect if p)
    open_ = sum(1 for p in report.perfect if p is None)
    sec.add(Text(f"Of the {total} Nash equilibri{'um' if total == 1 else 'a'} of the reduced "
                 f"strategic form, {good} {'is' if good == 1 else 'are'} subgame perfect"
                 + (f" and {open_} not determined" if open_ else "") + "."))
    seen: set[str] = set()
    for t in report.threats:
        if t.text not in seen:
            seen.add(t.text)
            sec.add(Text(t.text, "warning"))
    if not report.threats:
        sec.add(Text("No Nash equilibrium rests on a threat that is not credible.", "good"))
    return sec


def explain_section(report: Any) -> Section:
    """Backward induction, node by node, from the deepest subgame up."""
    tree, ind = report.tree, report.induction
    sec = Section("Backward induction, step by step")
    for k in sorted(ind.steps, reverse=True):
        step, node = ind.steps[k], tree.nodes[k]
        if step.kind == "decision":
            who = tree.players[node.player]
            opts = "; ".join(f"{a} gives {who} " + " or ".join(exact_str(x) for x in o)
                             for a, o in zip(node.actions, step.options))
            best = ", ".join(node.actions[a] for a in step.chosen) or "nothing"
            sec.add(Text(f"At {node.where}, {who} moves: {opts}. Subgame perfect: {best}."))
        elif step.kind == "chance":
            vals = " or ".join(_vec(tree, v) for v in step.values)
            sec.add(Text(f"At {node.where}, chance moves: the expected payoffs are {vals}."))
        else:
            vals = " or ".join(_vec(tree, v) for v in step.values) or "none in pure strategies"
            sec.add(Text(f"The subgame at {node.where} has imperfect information: solved as "
                         f"its reduced strategic form ({step.equilibria} equilibria); pure "
                         f"equilibrium values {vals}."))
    ordinal = getattr(report, "ordinal", None)
    if ordinal is not None:         # payoffs_are: ranks: why the answer is ordinal or not
        sec.add(Text("Why this is, or is not, ordinal: each step above at a decision node "
                     "compares only the mover's own payoffs, and a cardinal reading keeps "
                     "every player's order of the leaves (ties included), so those steps "
                     "choose the same actions in every reading; an expectation over chance "
                     "or a mixed equilibrium of a simultaneous-move subgame weighs the "
                     f"numbers themselves. Here: {ordinal.reason}.", "note"))
    return sec


def threshold_section(report: Any, results: Any) -> Section:
    """Answer first: which threats are credible, and the exact values where that
    changes; then each parameter's intervals with the equilibrium path and payoffs."""
    sec = Section("Credible threats and where that changes")
    threats = {(t.player, t.at, t.threat) for t in report.threats}
    said = False
    for res in results:
        for v in res.verdicts:
            said = True
            key = next(((p, at, a) for p, at, a in threats
                        if v.startswith(f"{p}'s {a} at {at} ")), None)
            sec.add(Text(("The threat: " if key else "") + v + ".",
                         "warning" if key else ""))
    if not said:
        sec.add(Text("No subgame-perfect choice changes within the parameter ranges.", "good"))
    for res in results:
        rows: list[list[Cell | str]] = []
        for iv in res.intervals:
            paths = "; ".join(" -> ".join(p) or "(chance first)" for p in iv.paths) or \
                f"{iv.pure_count} equilibria"
            forms = "; ".join("(" + ", ".join(f) + ")" for f in iv.formulas)
            rows.append([f"{exact_str(iv.lo)} .. {exact_str(iv.hi)}", str(iv.pure_count),
                         paths, forms])
        caption = f"{res.parameter} (now {exact_str(res.value)}): thresholds " + (
            ", ".join(exact_str(t) for t in res.thresholds) or "none")
        if not res.complete:
            caption += " (candidates from pure comparisons only)"
        sec.add(Table(["interval", "pure SPE", "path", "SPE payoffs"], rows, caption=caption))
    return sec
