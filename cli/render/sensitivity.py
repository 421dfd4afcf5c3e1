"""Sensitivity tables, sweeps, Monte Carlo shares and comparisons, as report sections."""
from __future__ import annotations

from typing import Any

from games.numbers import exact_str

from .document import Cell, Section, Table, Text
from .text import fmt, mix_text


def profile_text(game: Any, e: Any) -> str:
    """'(diplomacy, wait, hold_stalemate)', with mixtures written out."""
    return "(" + ", ".join(mix_text(p, probs) for p, probs in zip(game.players, e.profile)) + ")"


def set_text(game: Any, eqs: Any) -> str:
    """Every equilibrium of a set, one per line; 'none' when empty."""
    if eqs is None:
        return "-"
    if not eqs.equilibria:
        return "none"
    return "\n".join(profile_text(game, e) + set_mark(eqs, k)
                     for k, e in enumerate(eqs.equilibria))


def set_mark(eqs: Any, k: int) -> str:
    """' [set 2]' when equilibrium k lies in a connected set of several equilibria."""
    for c, comp in enumerate(eqs.components, 1):
        if k in comp.members and len(comp.members) > 1:
            return f"  [connected set {c}]"
    return ""


def formula_text(game: Any, formulas: Any) -> str:
    """'Russia act_alone = (push_cost - 1)/2' for the mixed probabilities of one equilibrium."""
    if not formulas:
        return ""
    parts = []
    for player, probs in formulas.items():
        if len(probs) < 2:
            continue
        for strategy, expr in list(probs.items())[:-1]:
            parts.append(f"{player} {strategy} = {expr}")
    return "; ".join(parts)


def interval_equilibria(game: Any, iv: Any) -> str:
    lines = []
    forms = list(iv.formulas) + [None] * (len(iv.equilibria.equilibria) - len(iv.formulas))
    for e, f in zip(iv.equilibria.equilibria, forms):
        line = profile_text(game, e)
        ft = formula_text(game, f) if e.kind == "mixed" else ""
        lines.append(f"{line}  [{ft}]" if ft else line)
    return "\n".join(lines) if lines else "none"


def margin_text(m: Any) -> str:
    return "beyond range" if m is None else fmt(m)


def sensitivity_sections(game: Any, results: list) -> list[Section]:
    """The default sensitivity table, then each parameter's intervals."""
    summary = Section("Sensitivity: where the equilibria change")
    rows = []
    for r in results:
        ts = ", ".join(fmt(t) for t in r.thresholds) or "none in range"
        if not r.complete:
            ts = (ts + " (incomplete)") if r.thresholds else "not analysed (time budget)"
        rows.append([r.parameter, exact_str(r.value),
                     f"[{exact_str(r.range[0])}, {exact_str(r.range[1])}]", ts,
                     Cell(margin_text(r.margin_down), r.margin_down is not None),
                     Cell(margin_text(r.margin_up), r.margin_up is not None)])
    summary.add(Table(["parameter", "baseline", "range", "thresholds", "can fall by",
                       "can rise by"], rows,
                      caption="Parameters in order of how much the answer hinges on them "
                              "(others held at their values)"))
    summary.add(Text("A threshold is an exact value inside the range at which the set of "
                     "equilibria changes (one appears or disappears, or a support changes). "
                     "'can fall by' / 'can rise by': how far the value can move before the "
                     "prediction changes.", "note"))
    for r in results:
        if not r.complete:
            for note in r.notes:
                summary.add(Text(f"{r.parameter}: {note}", "warning"))
    sections = [summary]
    for r in results:
        if not r.thresholds:
            continue
        sec = Section(f"Sensitivity to {r.parameter}")
        iv_rows = []
        for k, iv in enumerate(r.intervals):
            here = iv.lo <= r.value <= iv.hi if r.value is not None else False
            iv_rows.append([Cell(f"{fmt(iv.lo)} < {r.parameter} < {fmt(iv.hi)}", here),
                            interval_equilibria(game, iv)])
            if k < len(r.at_thresholds):
                iv_rows.append([f"{r.parameter} = {fmt(r.thresholds[k])}",
                                set_text(game, r.at_thresholds[k])])
        sec.add(Table([r.parameter, "equilibria"], iv_rows,
                      caption="Equilibria on each interval (highlighted: the baseline's); "
                              "mixed probabilities as formulas in the parameter"))
        for note in r.notes:
            sec.add(Text(note, "note"))
        sections.append(sec)
    return sections


def extra_sections(game: Any, extras: dict[str, Any]) -> list[Section]:
    """Sections for --sweep, --monte-carlo and --compare results."""
    out = []
    if "sweep" in extras:
        out.append(sweep_section(game, extras["sweep"]))
    if "monte_carlo" in extras:
        out.append(monte_carlo_section(game, extras["monte_carlo"]))
    if "comparison" in extras:
        out.append(comparison_section(game, extras["comparison"]))
    if "regions" in extras or "robustness" in extras:
        from .regions import regions_section, robustness_section
        if "robustness" in extras:
            out.append(robustness_section(game, extras["robustness"]))
        if "regions" in extras:
            out.append(regions_section(game, extras["regions"]))
    return out


def sweep_section(game: Any, sw: Any) -> Section:
    """A 1-D table of equilibria along the range, or a 2-D map of structures."""
    if len(sw.names) == 1:
        sec = Section(f"Sweep of {sw.names[0]}")
        rows = [[exact_str(p.values[sw.names[0]]), set_text(game, p.equilibria)]
                for p in sw.points]
        sec.add(Table([sw.names[0], "equilibria"], rows))
        return sec
    a, b = sw.names
    sec = Section(f"Map of equilibrium sets over {a} and {b}")
    grid = sw.label_grid()
    letters = [chr(ord("A") + k) if k < 26 else str(k) for k in range(len(sw.structures))]
    rows = []
    for i, va in enumerate(sw.grids[0]):
        rows.append([exact_str(va)] + [letters[grid[i, j]] for j in range(len(sw.grids[1]))])
    sec.add(Table([f"{a} \\ {b}"] + [exact_str(v) for v in sw.grids[1]], rows,
                  caption="Each cell names the equilibrium set that holds there"))
    legend = [[letters[k], sw.structure_label(k)] for k in range(len(sw.structures))]
    sec.add(Table(["set", "equilibrium supports (players separated by /)"], legend))
    return sec


def monte_carlo_section(game: Any, mc: Any) -> Section:
    sec = Section(f"Monte Carlo: {mc.samples} draws of {', '.join(mc.parameters)}")
    rows = []
    for o in mc.outcomes:
        support = "(" + ", ".join(" + ".join(p.strategies[j].name for j in s)
                                  for p, s in zip(game.players, o.support)) + ")"
        rows.append([support, f"{o.share:.4f}", f"[{o.low:.4f}, {o.high:.4f}]", str(o.count)])
    sec.add(Table(["equilibrium support", "share of draws", "95% interval", "draws"], rows))
    seed = "none (not reproducible)" if mc.seed is None else str(mc.seed)
    sec.add(Text(f"Each share is the fraction of draws in which an equilibrium with that "
                 f"support exists (shares can add up to more than 1). Seed: {seed}.", "note"))
    return sec


def comparison_section(game: Any, cmp: Any) -> Section:
    sec = Section("Comparison of two sets of assumptions")
    if cmp.differences:
        rows = [["(" + ", ".join(p.strategies[j].name for p, j in zip(game.players, d.profile))
                 + ")", game.players[d.player].name, fmt(d.a), Cell(fmt(d.b), True)]
                for d in cmp.differences]
        sec.add(Table(["profile", "player", "payoff A", "payoff B"], rows,
                      caption="Payoff cells that differ"))
    else:
        sec.add(Text("No payoff differs."))
    sec.add(Table(["A: equilibria", "B: equilibria"],
                  [[set_text(game, cmp.equilibria_a), set_text(game, cmp.equilibria_b)]]))
    if cmp.same_prediction:
        sec.add(Text("The equilibria are the same under both assumptions.", "good"))
    for label, items in (("appeared", cmp.appeared), ("disappeared", cmp.disappeared)):
        for e in items:
            sec.add(Text(f"{label}: {profile_text(game, e)}", "warning"))
    for a, b in cmp.moved:
        sec.add(Text(f"moved: {profile_text(game, a)} -> {profile_text(game, b)}", "warning"))
    return sec
