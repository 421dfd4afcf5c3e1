"""Report sections of an ordinal scenario (`payoffs_are: ranks`): the answer first, then
the ordinal conclusions, the dependence on cardinal readings with witnesses, the 2x2
type, GMCR stability and the Theory of Moves."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from games.numbers import exact_str

from .document import Cell, Section, Table, Text

if TYPE_CHECKING:
    from games.model import Game
    from games.ordinal.analysis import OrdinalAnalysis


def ordinal_sections(game: Game, result: OrdinalAnalysis, explain: bool = False
                     ) -> list[Section]:
    """Every section of the ordinal analysis, in reading order."""
    out = [_verdict(result), _ordinal(result), _cardinal(game, result)]
    if result.classification is not None:
        out.append(_classification(result))
    out.append(_gmcr(result))
    if result.moves is not None:
        out.append(_moves(result))
    if explain:
        sec = Section("Why these conclusions are ordinal")
        for line in result.explain():
            sec.add(Text(line))
        out.append(sec)
    return out


def _verdict(r: Any) -> Section:
    sec = Section("Ordinal verdict")
    for line in r.verdict():
        sec.add(Text(line))
    sec.add(Text("Payoffs are rankings (payoffs_are: ranks). The equilibria listed above treat "
                 "the ranks as numbers: their mixed probabilities are one cardinal reading "
                 "among many; the sections below say what holds for every reading.", "note"))
    return sec


def _ordinal(r: Any) -> Section:
    sec = Section("Ordinal conclusions (hold for every cardinal reading of the ranks)")
    inv, players = r.invariant, r.game.players
    pures = ", ".join(f"({r.profile_name(p)})" for p in inv.pure_equilibria) or "none"
    sec.add(Text(f"Pure equilibria (ordinal): {pures}"))
    for d in inv.dominance:
        pl = players[d.player]
        kind = "strictly" if d.strict else "weakly"
        sec.add(Text(f"Dominance (ordinal): {pl.name}'s {pl.strategies[d.dominated].name} is "
                     f"{kind} dominated by {pl.strategies[d.by].name}"))
    left = "; ".join(f"{pl.name}: {', '.join(pl.strategies[j].name for j in a)}"
                     for pl, a in zip(players, inv.surviving))
    sec.add(Text(f"After iterated elimination of strictly dominated pure strategies "
                 f"(ordinal): {left}"))
    eff = ", ".join(f"({r.profile_name(p)})" for p in inv.pareto_efficient)
    sec.add(Text(f"Pareto-efficient outcomes (ordinal): {eff}"))
    for pl, groups in zip(players, r.ties):
        for g in groups:
            sec.add(Text(f"Tie stated: {pl.name} ranks " + " and ".join(
                f"({r.profile_name(p)})" for p in g) + " equally", "note"))
    return sec


def _cardinal(game: Any, r: Any) -> Section:
    c = r.cardinal
    sec = Section("Depends on the numbers? (cardinal readings of the ranks)")
    if c.invariant:
        sec.add(Text(f"Invariant: every one of {c.samples} readings drawn uniformly from the "
                     "order polytope has the same equilibrium structure.", "good"))
        if c.certificate:
            sec.add(Text(f"Certificate (for every reading, not only the sampled ones): "
                         f"{c.certificate}.", "good"))
        else:
            sec.add(Text("No certificate: invariance is observed in the sample, not proven.",
                         "note"))
    else:
        sec.add(Text(f"Not invariant: {len(c.structures)} equilibrium structures occur among "
                     f"{c.samples} readings drawn uniformly from the order polytope.",
                     "warning"))
    rows: list[list[Cell | str]] = []
    for k, s in enumerate(c.structures, 1):
        rows.append([str(k), "; ".join(r.support_text(x) for x in s.supports),
                     f"{s.share:.1%}", f"[{s.low:.1%}, {s.high:.1%}]"])
    sec.add(Table(["#", "equilibrium supports", "share", "95% interval"], rows))
    for k, s in enumerate(c.structures, 1):
        cells: list[list[Cell | str]] = [[r.profile_name(p)] + [", ".join(exact_str(s.witness[(i, *p)])
                                                  for i in range(game.n_players))]
                 for p in game.profiles()]
        count = len(s.witness_equilibria.equilibria)
        sec.add(Table(["profile", "cardinal payoffs"], cells,
                      caption=f"Witness for structure {k} (exact; solved and verified: "
                              f"{count} equilibri{'um' if count == 1 else 'a'})"))
    facts = [f for f in c.facts if f.fact[0] != "plays" or f.count < c.samples]
    if facts:
        sec.add(Table(["conclusion (depends on the numbers)", "share", "95% interval"],
                      [[r.fact_text(f.fact), f"{f.share:.1%}", f"[{f.low:.1%}, {f.high:.1%}]"]
                       for f in facts]))
    if not c.candidates:
        sec.add(Text("Too many support profiles to examine each for impossibility.", "note"))
        return sec
    sec.add(Text(f"{len(c.impossible)} of {c.candidates} support profiles are impossible in "
                 "every reading: a strategy in them is beaten, in every reading, by another "
                 "strategy or a mixture against every profile of the others' supports (exact "
                 "LP over the vertices of the order polytope).", "note"))
    return sec


def _classification(r: Any) -> Section:
    k = r.classification
    sec = Section("2x2 type (ordinal)")
    sec.add(Text(f"{k.name}: Robinson–Goforth {k.index} (layer {k.layer}, row type "
                 f"{k.row_type}, column type {k.column_type})"))
    rg = f"Rapoport–Guyer game {k.rapoport_guyer}"
    brams = f"; Brams game {k.brams}" if k.brams else ""
    sec.add(Text(f"{rg} (class {k.rapoport_guyer_class}){brams}"))
    return sec


def _gmcr(r: Any) -> Section:
    from games.ordinal.gmcr import CONCEPTS
    sec = Section("Conflict-analysis stability (GMCR) (ordinal)")
    rows = []
    for s in r.stability:
        rows.append([r.profile_name(s.state)] + ["E" if s.equilibrium(k) else
                                                 "".join("s" if ok else "u"
                                                         for ok in s.stable[k])
                                                 for k in CONCEPTS])
    names = ", ".join(pl.name for pl in r.game.players)
    sec.add(Table(["state", *CONCEPTS], rows,
                  caption=f"E: equilibrium (stable for every decision maker); otherwise "
                          f"s/u per decision maker ({names})"))
    return sec


def _moves(r: Any) -> Section:
    sec = Section("Theory of Moves (Brams) (ordinal)")
    names = [pl.name for pl in r.game.players]
    rows = []
    for m in r.moves:
        who = "; ".join(f"{names[a.mover]} {'moves' if a.moves else 'stays'}"
                        for a in m.by_player)
        rows.append([r.profile_name(m.state), who,
                     ", ".join(f"({r.profile_name(o)})" for o in m.outcomes),
                     "yes" if m.nme else ""])
    sec.add(Table(["initial state", "decisions", "outcome", "NME"], rows))
    nme = ", ".join(f"({r.profile_name(p)})" for p in r.non_myopic) or "none"
    sec.add(Text(f"Non-myopic equilibria: {nme}"))
    return sec
