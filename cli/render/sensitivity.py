"""Sensitivity tables, sweeps, Monte Carlo shares and comparisons, as report sections."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Sequence

from games.numbers import exact_str
from games.sensitivity.readable import readable

from .document import Cell, Section, Table, Text
from .text import fmt, mix_text

if TYPE_CHECKING:
    from games.equilibrium import Equilibrium
    from games.sensitivity.compare import CellDifference, Comparison
    from games.sensitivity.montecarlo import MonteCarloResult
    from games.sensitivity.sweep import SweepResult
    from games.sensitivity.thresholds import Interval
    from games.equilibrium import EquilibriumSet
    from games.numbers import Exact, SymExpr
    from games.model import Game
    from games.sensitivity.thresholds import ParameterSensitivity


def profile_text(game: Game, e: Equilibrium) -> str:
    """'(diplomacy, wait, hold_stalemate)', with mixtures written out."""
    return "(" + ", ".join(mix_text(p, probs) for p, probs in zip(game.players, e.profile)) + ")"


def set_text(game: Game, eqs: EquilibriumSet | None) -> str:
    """Every equilibrium of a set, one per line; 'none' when empty."""
    if eqs is None:
        return "-"
    if not eqs.equilibria:
        return "none"
    from .continua import component_sentence, continua, count_words, isolated

    sets = continua(eqs)
    lines = [profile_text(game, eqs.equilibria[k]) for k in isolated(eqs)]
    for comp in sets:
        ends = "; ".join(profile_text(game, eqs.equilibria[m]) for m in comp.members)
        lines.append("continuum: " + component_sentence(game, comp, ends))
    if sets:
        lines.insert(0, count_words(eqs) + ":")
    return "\n".join(lines)


def formula_text(game: Game, formulas: Mapping[str, Mapping[str, SymExpr]] | None) -> str:
    """'Russia act_alone = (push_cost - 1)/2' for the mixed probabilities of one equilibrium."""
    if not formulas:
        return ""
    parts = []
    for player, probs in formulas.items():
        if len(probs) < 2:
            continue
        for strategy, expr in list(probs.items())[:-1]:
            parts.append(f"{player} {strategy} = {readable(expr)}")
    return "; ".join(parts)


def interval_equilibria(game: Game, iv: Interval) -> str:
    lines = []
    forms = list(iv.formulas) + [None] * (len(iv.equilibria.equilibria) - len(iv.formulas))
    for e, f in zip(iv.equilibria.equilibria, forms):
        line = profile_text(game, e)
        ft = formula_text(game, f) if e.kind == "mixed" else ""
        lines.append(f"{line}  [{ft}]" if ft else line)
    return "\n".join(lines) if lines else "none"


def baseline_row(game: Game, r: ParameterSensitivity, baseline: EquilibriumSet
                 ) -> list[Cell | str]:
    """The baseline's own row when it sits at an end of the range: its equilibria
    there, not those inside the neighbouring interval."""
    return [Cell(f"{r.parameter} = {fmt(r.value)} (baseline, range end)", True),
            set_text(game, baseline)]


def margin_text(m: Exact | None) -> str:
    return "beyond range" if m is None else fmt(m)


def sensitivity_sections(game: Game, results: Sequence[ParameterSensitivity],
                         baseline: EquilibriumSet | None = None) -> list[Section]:
    """The default sensitivity table, then each parameter's intervals."""
    summary = Section("Sensitivity: where the equilibria change")
    rows: list[list[Cell | str]] = []
    for r in results:
        ts = ", ".join(fmt(t) for t in r.thresholds) or "none in range"
        if not r.complete:
            skipped = any(n.startswith("not analysed") for n in r.notes)
            ts = "not analysed (see below)" if skipped else f"{ts} (incomplete, see below)"
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
        iv_rows: list[list[Cell | str]] = []
        for k, iv in enumerate(r.intervals):
            if baseline is not None and r.value == iv.lo == r.range[0]:
                iv_rows.append(baseline_row(game, r, baseline))
            here = iv.lo < r.value < iv.hi if r.value is not None else False
            iv_rows.append([Cell(f"{fmt(iv.lo)} < {r.parameter} < {fmt(iv.hi)}", here),
                            interval_equilibria(game, iv)])
            if k < len(r.at_thresholds):
                at = r.value == r.thresholds[k]
                iv_rows.append([Cell(f"{r.parameter} = {fmt(r.thresholds[k])}"
                                     + (" (baseline)" if at else ""), at),
                                set_text(game, r.at_thresholds[k])])
            if baseline is not None and r.value == iv.hi == r.range[1]:
                iv_rows.append(baseline_row(game, r, baseline))
        sec.add(Table([r.parameter, "equilibria"], iv_rows,
                      caption="Equilibria on each interval (highlighted: the baseline's); "
                              "mixed probabilities as formulas in the parameter"))
        for note in r.notes:
            sec.add(Text(note, "note"))
        sections.append(sec)
    return sections


def sweep_section(game: Game, sw: SweepResult) -> Section:
    """A 1-D table of equilibria along the range, or a 2-D map of structures, with the
    notes of a limit that changed how its points were found."""
    sec = _sweep_table(game, sw)
    for note in sw.notes:
        sec.add(Text(f"Note: {note}.", "note"))
    return sec


def _sweep_table(game: Game, sw: SweepResult) -> Section:
    """A 1-D table of equilibria along the range, or a 2-D map of structures."""
    if len(sw.names) == 1 or sw.interrupted:     # an interrupted map: the points solved
        sec = Section(f"Sweep of {', '.join(sw.names)}")
        rows = [[exact_str(p.values[n]) for n in sw.names] + [set_text(game, p.equilibria)]
                for p in sw.points]
        sec.add(Table([*sw.names, "equilibria"], rows))
        if sw.interrupted:
            sec.add(Text(f"Incomplete: {sw.interrupted}.", "warning"))
        return sec
    a, b = sw.names
    sec = Section(f"Map of equilibrium sets over {a} and {b}")
    grid = sw.label_grid()
    letters = [chr(ord("A") + k) if k < 26 else str(k) for k in range(len(sw.structures))]
    if len(sw.grids[1]) > TABLE_COLUMNS and len(letters) <= 26:
        for block in _character_map(sw, grid, letters):
            sec.add(block)
        sec.add(Table(["set", "equilibrium supports (players separated by /), continua in "
                       "words"], [[letters[k], structure_words(game, sw, k)]
                                  for k in range(len(sw.structures))]))
        return sec
    rows = []
    for i, va in enumerate(sw.grids[0]):
        rows.append([exact_str(va)] + [letters[grid[i, j]] for j in range(len(sw.grids[1]))])
    sec.add(Table([f"{a} \\ {b}"] + [exact_str(v) for v in sw.grids[1]], rows,
                  caption="Each cell names the equilibrium set that holds there"))
    legend = [[letters[k], structure_words(game, sw, k)] for k in range(len(sw.structures))]
    sec.add(Table(["set", "equilibrium supports (players separated by /), continua in words"],
                  legend))
    return sec


TABLE_COLUMNS = 41        # a wider 2-D map is drawn as characters, in column groups
GROUP_COLUMNS = 64        # grid columns per group of the character map


def _character_map(sw: SweepResult, grid: Any, letters: Sequence[str]) -> list[Text]:
    """A large map as lines of letters (one per grid point), in groups of columns that
    fit a terminal: rows are the first parameter's values, columns the second's."""
    a, b = sw.names
    width = max(len(exact_str(v)) for v in sw.grids[0])
    n = len(sw.grids[1])
    blocks = [Text(f"Each letter names the equilibrium set that holds at one grid point: "
                   f"rows are {a}, columns {b} ({n} values from {exact_str(sw.grids[1][0])} "
                   f"to {exact_str(sw.grids[1][-1])}, step {exact_str(sw.grids[1][1] - sw.grids[1][0])}).")]
    for start in range(0, n, GROUP_COLUMNS):
        stop = min(n, start + GROUP_COLUMNS)
        lines = [f"{a} \\ {b} from {exact_str(sw.grids[1][start])} to "
                 f"{exact_str(sw.grids[1][stop - 1])} (columns {start + 1}-{stop} of {n})"]
        lines += [f"{exact_str(va):>{width}} |" + "".join(letters[k] for k in grid[i, start:stop])
                  for i, va in enumerate(sw.grids[0])]
        blocks.append(Text("\n".join(lines), "pre"))
    return blocks


def structure_words(game: Game, sw: SweepResult, k: int) -> str:
    """Structure k of a map: its supports, and each continuum stated as the set it is
    (as everywhere else: "Turkey may mix ... in any proportion"), read at the first
    grid point with that structure (named, since a continuum's equations move with
    the parameters)."""
    from .continua import component_sentence, continua, count_words
    label = sw.structure_label(k)
    point = sw.first_point(k)
    sets = [] if point is None else continua(point.equilibria)
    if point is None or not sets:
        return label
    where = ", ".join(f"{n} = {exact_str(v)}" for n, v in point.values.items())
    eqs = point.equilibria
    words = [component_sentence(game, c, "; ".join(profile_text(game, eqs.equilibria[m])
                                                   for m in c.members)) for c in sets]
    return f"{label}\n{count_words(eqs)} (at {where}): " + "; ".join(words)


def monte_carlo_section(game: Game, mc: MonteCarloResult) -> Section:
    """Predictions (each draw's whole equilibrium set, shares summing to 1), the
    distributions drawn, and which parameter moves the prediction most, by thirds."""
    sec = Section(f"Monte Carlo predictions: {mc.samples} draws")
    if mc.interrupted:
        sec.add(Text(f"Incomplete: {mc.interrupted}.", "warning"))
    for note in mc.notes:
        sec.add(Text(f"Note: {note}.", "note"))
    sec.add(Text(f"Drawn at random: {', '.join(mc.parameters)} (the other parameters at "
                 "their values)."))
    preds = mc.predictions
    if preds is not None:
        rows = [[f"P{k}", prediction_text(game, p.supports), f"{p.share:.4f}",
                 f"[{p.low:.4f}, {p.high:.4f}]", str(p.count)]
                for k, p in enumerate(preds.shares, 1)]
        sec.add(Table(["", "prediction (every equilibrium of the draw)", "share", "95% interval",
                       "draws"], rows,
                      caption="How often each prediction holds (each draw has exactly one; "
                              "the shares sum to 1)"))
        sec.add(Table(["parameter", "drawn from"],
                      [[name, distribution_text(d)] for name, d in mc.distributions],
                      caption="The distributions drawn"))
        drows = []
        for d in preds.drivers:
            cells = ["\n".join(f"P{k} {s:.2f}" for k, s in enumerate(t.shares, 1) if s >= 0.005)
                     or "no draw" for t in d.thirds]
            drows.append([d.parameter, f"{d.spread:.2f}", *cells])
        sec.add(Table(["parameter", "moves a share by", "low third", "middle third",
                       "high third"], drows,
                      caption="What moves the prediction: the share of each prediction when "
                              "the parameter is in the low, middle or high third of its range "
                              "(most influential first)"))
        if preds.drivers:
            top = preds.drivers[0]
            sec.add(Text(f"{top.parameter} moves the prediction most: some prediction's "
                         f"share changes by {top.spread:.2f} between thirds of its range.",
                         "good"))
    rows = []
    for o in mc.outcomes:
        rows.append([support_text(game, o.support), f"{o.share:.4f}",
                     f"[{o.low:.4f}, {o.high:.4f}]", str(o.count)])
    sec.add(Table(["equilibrium support", "share of draws", "95% interval", "draws"], rows,
                  caption="Each equilibrium support on its own: the share of draws in which "
                          "an equilibrium with it exists (a draw with several equilibria "
                          "counts for each, so these shares can add up to more than 1)"))
    seed = "none (not reproducible)" if mc.seed is None else str(mc.seed)
    sec.add(Text(f"Seed: {seed}.", "note"))
    return sec


def support_text(game: Game, support: Sequence[Sequence[int]]) -> str:
    """'(diplomacy, wait, hold_stalemate)', a mixing player as 'a + b'."""
    return "(" + ", ".join(" + ".join(p.strategies[j].name for j in s)
                           for p, s in zip(game.players, support)) + ")"


def prediction_text(game: Game, supports: Sequence[Sequence[Sequence[int]]]) -> str:
    """A prediction: its equilibria's supports, 'and' between them; 'none' if empty."""
    return " and ".join(support_text(game, s) for s in supports) or "no equilibrium"


def distribution_text(d: dict[str, str]) -> str:
    """'uniform on [0, 8]', 'triangular on [0, 8], peak 4', 'normal(4, 1) within [0, 8]'."""
    box = f"[{d['low']}, {d['high']}]"
    if d["distribution"] == "triangular":
        return f"triangular on {box}, peak {d['mode']}"
    if d["distribution"] == "normal":
        return f"normal (mean {d['mean']}, sd {d['sd']}) within {box}"
    return f"uniform on {box}"


def comparison_section(game: Game, cmp: Comparison) -> Section:
    """Two sets of assumptions, each side named: the parameters that differ, the payoff
    cells that change (grouped per profile), then the equilibria side by side."""
    sec = Section(f"Comparison: A = {cmp.label_a}; B = {cmp.label_b}")
    if cmp.parameters:
        sec.add(Table(["parameter", f"A ({cmp.label_a})", f"B ({cmp.label_b})"],
                      [[n, a, Cell(b, True)] for n, a, b in cmp.parameters],
                      caption="Parameters that differ"))
    if cmp.differences:
        by_profile: dict[tuple, dict[int, CellDifference]] = {}
        for d in cmp.differences:
            by_profile.setdefault(d.profile, {})[d.player] = d
        rows = []
        for profile, diffs in by_profile.items():
            row: list[Cell | str] = [support_text(game, tuple((j,) for j in profile))]
            for i in range(game.n_players):
                cell = diffs.get(i)
                row.append(Cell(f"{fmt(cell.a)} -> {fmt(cell.b)}", True) if cell else "same")
            rows.append(row)
        sec.add(Table(["profile"] + [f"{p.name} (A -> B)" for p in game.players], rows,
                      caption="Payoff cells that differ, per profile"))
    else:
        sec.add(Text("No payoff differs."))
    sec.add(Table([f"A: equilibria ({cmp.label_a})", f"B: equilibria ({cmp.label_b})"],
                  [[set_text(game, cmp.equilibria_a), set_text(game, cmp.equilibria_b)]]))
    if cmp.same_prediction:
        sec.add(Text("The equilibria are the same under both assumptions.", "good"))
    for label, items in (("appeared in B", cmp.appeared), ("disappeared in B", cmp.disappeared)):
        for e in items:
            sec.add(Text(f"{label}: {profile_text(game, e)}", "warning"))
    for a, b in cmp.moved:
        sec.add(Text(f"moved: {profile_text(game, a)} in A -> {profile_text(game, b)} in B",
                     "warning"))
    return sec
