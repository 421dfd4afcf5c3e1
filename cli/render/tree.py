"""Report sections for a game tree: the tree drawn as indented text with each node's
player, actions and probabilities and the subgame-perfect choices marked; the
subgame-perfect equilibria; which Nash equilibria rest on threats that are not
credible; and the walk of backward induction (--explain)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from games.numbers import exact_str

from .document import Cell, Section, Table, Text

if TYPE_CHECKING:
    from games.tree.analysis import TreeReport
    from games.tree.sensitivity import TreeSensitivity
    from games.tree.mixing import MixedTies
    from games.tree.model import Tree

MARK = "◀ SPE"


def _vec(tree: Any, v: Any) -> str:
    return "(" + ", ".join(exact_str(x) for x in v) + ")"


def spe_actions(report: TreeReport) -> dict[int, set[int]]:
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


def tree_lines(report: TreeReport, max_lines: int = 400) -> list[str]:
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


def tree_sections(report: TreeReport, markdown: bool = False) -> list[Section]:
    """The tree, its subgame-perfect equilibria and the credibility of threats."""
    text = "\n".join(tree_lines(report))
    drawn = Section("Game tree").add(Text(f"```\n{text}\n```" if markdown else text))
    drawn.add(Text(f"{MARK} marks each action played in some subgame-perfect equilibrium.",
                   "note"))
    if reduced_is_large(report):
        dims = " x ".join(str(n) for n in report.form.shape)
        drawn.add(Text(f"The reduced strategic form has {dims} plans (more than "
                       f"{PAYOFF_CELLS_SHOWN} profiles), too many to print as payoff tables: "
                       "--export FILE.nfg writes it.", "note"))
    return [drawn, spe_section(report), credibility_section(report)]


def spe_section(report: TreeReport) -> Section:
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
    from games.tree.mixing import mixed_ties
    mixing = mixed_ties(tree, ind)
    sets = getattr(report, "spe_set", None)
    if sets is not None and sets.applicable:
        _set_blocks(sec, tree, sets)
    elif mixing.applicable:
        for text in tie_sentences(tree, mixing):
            sec.add(Text(text, "note"))
        if mixing.slices and not mixing.complete:
            sec.add(Text("Subgame-perfect equilibria in which several of these players mix "
                         "at once are not listed: each sentence above is the exact set of "
                         "mixtures at one node with the rest as in the equilibrium named.",
                         "warning"))
    else:
        for k in ind.ties:
            node = tree.nodes[k]
            sec.add(Text(f"Tie at {node.where}: {tree.players[node.player]} is indifferent "
                         "between optimal actions there; mixtures of them are subgame "
                         "perfect only where the players above still prefer their plans "
                         "(not computed for this tree).", "note"))
    for note in ind.notes:
        if sets is not None and sets.applicable and "continuum" in note:
            note += " above; the sets state the whole continuum exactly"
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


SETS_SHOWN = 24         # mixed pieces of the SPE set listed in the text report


def _set_blocks(sec: Section, tree: Any, sets: Any) -> None:
    """The subgame-perfect equilibria in which someone mixes, as the exact sets they
    form (games.tree.spe_set): per piece, who mixes where and how, the conditions on
    the probabilities, and the payoffs."""
    mixed = sets.mixed
    if not mixed:
        sec.add(Text("No subgame-perfect equilibrium mixes: the pure ones above are all.",
                     "note"))
        return
    rows: list[list[Cell | str]] = []
    fixed_all = set.intersection(*(set(p.pure) for p in sets.pieces))
    plans = dict(sets.plan_names)

    def share(q: str, action: str) -> str:
        if q == "1":
            return action
        return f"{q} {action}" if q.replace("/", "").isalnum() else f"({q}) {action}"
    for k, piece in enumerate(mixed[:SETS_SHOWN], 1):
        plays = [f"{tree.players[tree.nodes[n].player]} at {tree.nodes[n].where}: "
                 + " + ".join(share(q, tree.nodes[n].actions[a]) for a, q in zip(support, probs))
                 for (n, support), (_, probs) in zip(piece.mixed, piece.behavior)]
        plays += [f"{tree.players[tree.nodes[n].player]} at {tree.nodes[n].where}: "
                  f"{tree.nodes[n].actions[a]}" for n, a in piece.pure
                  if (n, a) not in fixed_all]
        conds = ", ".join([f"{e} = 0" for e in piece.equations]
                          + [f"{e} >= 0" for e in piece.inequalities]) or "none"
        plays += [f"{tree.players[i]} in the subgame at {tree.nodes[r].where}: " + " + ".join(
                  share(q, plans[r][i][j]) for j, q in zip(support, probs))
                  for r, i, support, probs in piece.local]
        names = ", ".join(
            f"{v} = {tree.nodes[n].actions[a]} at {tree.nodes[n].where}" if kind == "action"
            else f"{v} = {tree.players[i]}'s plan {plans[n][i][a]} at {tree.nodes[n].where}"
            for v, (kind, n, i, a) in zip(piece.variables, piece.variable_of))
        rows.append([str(k), "; ".join(plays), names or "-", conds,
                     "(" + ", ".join(piece.payoffs) + ")"])
    sec.add(Table(["set", "behaviour", "variables", "conditions", "payoffs"], rows,
                  caption="Every subgame-perfect equilibrium in which someone mixes lies in "
                          "one of these sets, and every profile of a set is one (exact; "
                          "nodes not named play as in every subgame-perfect equilibrium)."))
    if len(mixed) > SETS_SHOWN:
        sec.add(Text(f"... and {len(mixed) - SETS_SHOWN} more sets (JSON lists every one).",
                     "note"))
    if not sets.settled:
        sec.add(Text("Some sets with non-linear conditions were not shown to be nonempty "
                     "(no exact point found; they were not proved empty either).", "warning"))


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


NASH_SHOWN = 24         # reduced-form Nash equilibria listed one by one up to this many


PAYOFF_CELLS_SHOWN = 64     # reduced-form payoff tables printed up to this many profiles


def reduced_is_large(report: TreeReport) -> bool:
    """The reduced strategic form is too large to print as payoff tables."""
    import math
    return math.prod(report.form.shape) > PAYOFF_CELLS_SHOWN


def nash_is_large(report: TreeReport) -> bool:
    """Too many Nash equilibria to list: the report summarises them instead (so it does
    when the solver stated a set without listing its extreme points)."""
    return len(report.nash) > NASH_SHOWN or any(c.unlisted for c in report.nash.components)


def tie_sentences(tree: Tree, mixing: MixedTies) -> list[str]:
    """Each one-node mixing slice of the SPE set in words, exactly."""
    out = []
    for m in mixing.slices:
        node = tree.nodes[m.node]
        who = tree.players[node.player]
        acts = [node.actions[a] for a in m.actions]
        names = ", ".join(acts[:-1]) + " and " + acts[-1]
        if m.neutral:
            out.append(f"At {node.where}, {who} may mix {names} in any proportion (they give "
                       "every player the same payoffs), in every subgame-perfect "
                       "equilibrium where they are optimal.")
            continue
        rest = f"with the rest as in subgame-perfect equilibrium {m.base + 1}"
        if m.interval is not None:
            lo, hi = (exact_str(v) for v in m.interval)
            span = "any probability" if m.interval == (0, 1) else \
                f"probability {lo}" if lo == hi else f"any probability from {lo} to {hi}"
            out.append(f"At {node.where}, {rest}, {who} may mix {names}, playing {acts[0]} "
                       f"with {span} (exactly the mixtures that keep the players above to "
                       "their plans).")
        elif len(m.actions) == 2:
            out.append(f"At {node.where}, {rest}, {who} cannot mix {names}: any mixture "
                       "changes the plans above.")
        else:
            conds = "; ".join(" + ".join(f"{exact_str(c)}*p{j + 1}" for j, c in enumerate(co)
                                         if c) + f" + {exact_str(k)} >= 0"
                              for co, k in m.inequalities) or "none"
            out.append(f"At {node.where}, {rest}, {who} may mix {names} with probabilities "
                       f"p1..p{len(acts)} (summing to 1) satisfying: {conds}.")
    return out


def credibility_section(report: TreeReport) -> Section:
    """How many Nash equilibria are subgame perfect, each failing threat once (with the
    number of equilibria resting on it), and, when the Nash equilibria are too many to
    list, their distinct paths of play and payoffs."""
    sec = Section("Which threats are credible")
    total = len(report.perfect)
    good = sum(1 for p in report.perfect if p)
    open_ = sum(1 for p in report.perfect if p is None)
    stated = [c for c in report.nash.components if c.unlisted]
    pure_only = report.nash.method.startswith("pure") and not report.nash.complete
    from games.tree.large import COUNTED
    if pure_only and any(COUNTED in n for n in report.nash.notes):
        sec.add(Text("The reduced strategic form's pure Nash equilibria are too many to "
                     "classify one by one here (see the note under Nash equilibria); the "
                     "subgame-perfect equilibria above are complete.", "note"))
        return sec
    if total or not stated:
        sec.add(Text(f"Of the {total} {'listed ' if stated else ''}"
                     f"{'pure ' if pure_only else ''}Nash "
                     f"equilibri{'um' if total == 1 else 'a'} of the reduced strategic form, "
                     f"{good} {'is' if good == 1 else 'are'} subgame perfect"
                     + (f" and {open_} not determined" if open_ else "") + "."))
    if stated:
        sec.add(Text(_stated_sentence(stated, total), "note"))
    for g in report.threat_groups():
        n = len(g.equilibria)
        sec.add(Text(g.text + (f" (in {n} Nash equilibria)" if n > 1 else ""), "warning"))
    if not report.threats and not stated:
        sec.add(Text(f"No {'pure ' if pure_only else ''}Nash equilibrium rests on a threat "
                     "that is not credible.", "good"))
    if pure_only:                   # games/tree/large.py: the mixed ones not enumerated
        sec.add(Text("Only the pure Nash equilibria of the reduced strategic form were "
                     "found (see the note under Nash equilibria); --timeout SECONDS "
                     "enumerates the mixed ones too.", "note"))
    if total > NASH_SHOWN:
        sec.add(nash_outcome_table(report))
        sec.add(Text(f"The {total} Nash equilibria are too many to list here (more than "
                     f"{NASH_SHOWN}): the table gives their distinct paths of play and "
                     "payoffs; --format json lists every one.", "note"))
    return sec


def _stated_sentence(stated: list, listed: int) -> str:
    """Connected sets of the reduced form's Nash equilibria whose extreme points were
    counted, not listed (the listing limits): stated as sets, not classified here."""
    count = sum(c.unlisted for c in stated)
    sets = "a connected set" if len(stated) == 1 else f"{len(stated)} connected sets"
    return (f"{'Besides these, the' if listed else 'The'} Nash equilibria of the reduced "
            f"strategic form form {sets} with {count:,} extreme points, more than a report "
            "lists: stated exactly as sets by --format json (component_details), not "
            f"classified one by one here; --max-listed {count + listed} lists and "
            "classifies them.")


def nash_outcome_table(report: TreeReport) -> Table:
    """The Nash equilibria grouped by path of play and payoffs."""
    rows: list[list[Cell | str]] = []
    for o in report.outcomes():
        sp = str(o.perfect) + (f" ({o.undetermined} open)" if o.undetermined else "")
        path = " -> ".join(o.path)
        if o.then:
            path = f"{path}, then {o.then}" if path else o.then
        pay = _vec(report.tree, o.payoffs) if o.payoffs is not None else "(" + ", ".join(
            exact_str(a) if a == b else f"{exact_str(a)} to {exact_str(b)}"
            for a, b in zip(o.low, o.high)) + ")"
        rows.append([path, pay, str(len(o.equilibria)), sp])
    return Table(["path of play", "payoffs", "Nash equilibria", "subgame perfect"], rows,
                 caption="Nash equilibria of the reduced strategic form by outcome")


def explain_section(report: TreeReport) -> Section:
    """Backward induction, node by node, from the deepest subgame up."""
    tree, ind = report.tree, report.induction
    sec = Section("Backward induction, step by step")
    if nash_is_large(report):
        hidden = sum(c.unlisted for c in report.nash.components)
        count = f"{len(report.nash) + hidden:,} {'extreme ' if hidden else ''}"
        sec.add(Text(f"The reduced strategic form has {count}Nash equilibria, too "
                     "many to explain one by one: backward induction, below, is the "
                     "explanation of the subgame-perfect ones.", "note"))
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


def threshold_section(report: TreeReport, results: Sequence[TreeSensitivity]) -> Section:
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
            caption += " (not proven complete)"
        sec.add(Table(["interval", "pure SPE", "path", "SPE payoffs"], rows, caption=caption))
        if res.unproven:
            sec.add(Text(f"The thresholds of {res.parameter} are complete except possibly "
                         "for changes inside " + "; ".join(res.unproven) + ": there the "
                         "candidates are not proven to contain every change.", "warning"))
        elif not res.complete:
            sec.add(Text(f"The thresholds of {res.parameter} are not proven complete: a "
                         "subtree had too many pure-plan values to compare them all.",
                         "warning"))
    return sec
