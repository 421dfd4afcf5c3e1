"""Further solution concepts in tables and words: maxmin, Pareto efficiency, payoff and
risk dominance, correlated equilibrium, zero-sum value, the 2x2 game's family."""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from games.numbers import exact_str

from .document import Section, Table, Text
from .text import num

if TYPE_CHECKING:
    from games.numbers import Exact
    from games.teaching.concepts import (Classification, CorrelatedEquilibrium, EquilibriumSelection,
                                         Maxmin, ParetoCheck, ZeroSum)
    from games.teaching.concepts import Concepts
    from games.model import Game


def strat(game: Game, i: int, j: int) -> str:
    return game.players[i].strategies[j].name


def mixture(game: Game, i: int, probs: Sequence[Exact]) -> str:
    """'defect' or '1/2 top + 1/2 middle'."""
    played = [(j, p) for j, p in enumerate(probs) if p != 0]
    if len(played) == 1:
        return strat(game, i, played[0][0])
    return " + ".join(f"{exact_str(p)} {strat(game, i, j)}" for j, p in played)


def profile(game: Game, p: Sequence[int]) -> str:
    return "(" + ", ".join(strat(game, i, s) for i, s in enumerate(p)) + ")"


def concepts_sections(game: Game, c: Concepts) -> list[Section]:
    """Every concept that applies, one section each."""
    out = []
    if c.classification is not None:
        out.append(classification_section(game, c.classification))
    out.append(maxmin_section(game, c.maxmin))
    if c.zero_sum is not None:
        out.append(zero_sum_section(game, c.zero_sum))
    if c.pareto:
        out.append(pareto_section(game, c.pareto))
    if c.selection is not None:
        out.append(selection_section(game, c.selection))
    if c.correlated is not None:
        out.append(correlated_section(game, c.correlated))
    for note in c.notes:
        out[-1].add(Text(note, "note"))
    return out


def classification_section(game: Game, k: Classification) -> Section:
    """The 2x2 game's family, its ordinal payoffs and the reason for the name."""
    sec = Section("What kind of 2x2 game this is")
    name = k.name or "no standard name"
    if k.variant:
        name += f" ({k.variant} type)"
    sec.add(Text(f"Family: {name}. {k.reason[0].upper() + k.reason[1:]}.", "good"
                 if k.name else ""))
    if k.labels is not None:
        roles = "; ".join(
            f"{p.name}: C = {strat(game, i, k.labels[i][0])}, D = {strat(game, i, k.labels[i][1])}"
            for i, p in enumerate(game.players))
        sec.add(Text(f"The game is symmetric in its ordinal payoffs, with {roles}. In the "
                     "usual notation R = both play C, S = play C against D, T = play D "
                     f"against C, P = both play D; here {k.ordering}."))
    p1, p2 = game.players
    rows = [[s.name] + [f"{a}, {b}" for a, b in k.ranks[r]] for r, s in enumerate(p1.strategies)]
    sec.add(Table([f"{p1.name} \\ {p2.name}"] + p2.strategy_names, rows,
                  caption="Ordinal ranks of the outcomes (1 = worst for that player)"))
    if k.strictly_ordinal:
        sec.add(Text("Every player ranks the four outcomes strictly, so the game is one of "
                     "the strict ordinal 2x2 games of Rapoport and Guyer's and Robinson and "
                     "Goforth's tables.", "note"))
    else:
        who = " and ".join(game.players[i].name for i in k.ties)
        verb = "ranks" if len(k.ties) == 1 else "rank"
        sec.add(Text(f"Not strictly ordinal: {who} {verb} some outcomes equally, so the game "
                     "sits on a boundary between strict ordinal games; the family above uses "
                     "the textbook definitions with weak inequalities where they allow ties.",
                     "note"))
    return sec


def maxmin_section(game: Game, maxmins: Sequence[Maxmin]) -> Section:
    """Each player's security strategies and values, pure and mixed."""
    sec = Section("Maxmin (security) strategies")
    rows = []
    for m in maxmins:
        pure = " or ".join(strat(game, m.player, s) for s in m.pure_strategies)
        rows.append([game.players[m.player].name, pure, exact_str(m.pure_value),
                     mixture(game, m.player, m.mixed), exact_str(m.mixed_value)])
    sec.add(Table(["player", "pure maxmin", "guarantees", "mixed maxmin", "guarantees"], rows))
    against = "the other player's pure strategies" if game.n_players == 2 else \
        "every joint pure profile of the others (as if they could coordinate to hurt)"
    sec.add(Text("A maxmin strategy maximises the worst-case payoff; the worst case is taken "
                 f"over {against}. The mixed value comes from an exact linear program and is "
                 "never below the pure one.", "note"))
    return sec


def zero_sum_section(game: Game, z: ZeroSum) -> Section:
    """Value and optimal strategies of a constant-sum game."""
    sec = Section("Zero-sum value")
    p1, p2 = game.players
    kind = "zero-sum" if z.constant == 0 else f"constant-sum (payoffs always add up to " \
        f"{exact_str(z.constant)})"
    sec.add(Text(f"The game is {kind}. Its value to {p1.name} is {exact_str(z.value)}: "
                 f"{p1.name} can guarantee it with {mixture(game, 0, z.strategies[0])}, and "
                 f"{p2.name} can hold {p1.name} to it with {mixture(game, 1, z.strategies[1])} "
                 f"({p2.name} then gets {exact_str(z.constant - z.value)}). By the minimax "
                 "theorem these are exactly the equilibrium strategies.", "good"))
    return sec


PARETO_ROWS = 24       # one row per equilibrium up to this many; then one per payoff vector


def pareto_section(game: Game, checks: Sequence[ParetoCheck]) -> Section:
    """Whether each equilibrium is Pareto efficient, and what beats it."""
    if len(checks) > PARETO_ROWS:
        return _pareto_grouped(game, checks)
    sec = Section("Pareto efficiency of the equilibria")
    rows = []
    for p in checks:
        beaten = ", ".join(profile(game, q) for q in p.dominated_by_outcomes)
        if p.outcomes_dominating > len(p.dominated_by_outcomes):
            beaten += f" (and {p.outcomes_dominating - len(p.dominated_by_outcomes)} more)"
        rows.append([str(p.index + 1), ", ".join(num(v) for v in p.payoffs),
                     "yes" if p.efficient_among_outcomes else "no", beaten or "-",
                     ", ".join(f"#{k + 1}" for k in p.dominated_by_equilibria) or "-"])
    sec.add(Table(["#", "payoffs", "efficient", "pure outcomes better for all",
                   "better equilibria"], rows))
    sec.add(Text("An outcome Pareto-dominates another when it gives every player at least as "
                 "much and someone more. Checked against every pure outcome and every other "
                 "equilibrium found (not against lotteries over outcomes).", "note"))
    return sec


def _pareto_grouped(game: Game, checks: Sequence[ParetoCheck]) -> Section:
    """Pareto efficiency for many equilibria: one row per distinct payoff vector (the
    verdict depends on the payoffs alone), with the number of equilibria sharing it."""
    sec = Section("Pareto efficiency of the equilibria")
    groups: dict[tuple, list[ParetoCheck]] = {}
    for p in checks:
        groups.setdefault(tuple(p.payoffs), []).append(p)
    rows = []
    for pay, members in groups.items():
        p = members[0]
        beaten = ", ".join(profile(game, q) for q in p.dominated_by_outcomes)
        if p.outcomes_dominating > len(p.dominated_by_outcomes):
            beaten += f" (and {p.outcomes_dominating - len(p.dominated_by_outcomes)} more)"
        better = {tuple(checks[k].payoffs) for k in p.dominated_by_equilibria}
        rows.append([", ".join(num(v) for v in pay), str(len(members)),
                     "yes" if p.efficient_among_outcomes else "no", beaten or "-",
                     f"{len(better)} payoff vector{'' if len(better) == 1 else 's'}"
                     if better else "-"])
    sec.add(Table(["payoffs", "equilibria", "efficient", "pure outcomes better for all",
                   "better equilibria"], rows))
    sec.add(Text(f"The {len(checks)} equilibria share {len(groups)} payoff vectors; "
                 "efficiency depends on the payoffs alone, so each vector is checked once. "
                 "An outcome Pareto-dominates another when it gives every player at least as "
                 "much and someone more (checked against every pure outcome and every "
                 "equilibrium found, not against lotteries over outcomes).", "note"))
    return sec


def selection_section(game: Game, s: EquilibriumSelection) -> Section:
    """Payoff and risk dominance between the two pure equilibria of a 2x2 game."""
    sec = Section("Equilibrium selection: payoff and risk dominance")
    p1, p2 = game.players
    rows = []
    for e, pay, loss, prod in zip(s.equilibria, s.payoffs, s.losses, s.products):
        rows.append([profile(game, e), ", ".join(exact_str(v) for v in pay),
                     exact_str(loss[0]), exact_str(loss[1]),
                     f"{exact_str(loss[0])} × {exact_str(loss[1])} = {exact_str(prod)}"])
    sec.add(Table(["equilibrium", "payoffs", f"{p1.name}'s loss from deviating",
                   f"{p2.name}'s loss from deviating", "product"], rows))
    if s.payoff_dominant is not None:
        sec.add(Text(f"{profile(game, s.payoff_dominant)} payoff-dominates: it is better for "
                     "both players."))
    else:
        sec.add(Text("Neither equilibrium payoff-dominates the other: the players rank them "
                     "differently."))
    if s.risk_dominant is not None:
        sec.add(Text(f"{profile(game, s.risk_dominant)} risk-dominates (Harsanyi and Selten): "
                     "its product of deviation losses is larger, so it is the safer bet when "
                     "each is unsure what the other will do.", "good"))
    else:
        sec.add(Text("The products are equal: neither equilibrium risk-dominates."))
    return sec


def correlated_section(game: Game, ce: CorrelatedEquilibrium) -> Section:
    """The welfare-maximizing correlated equilibrium."""
    sec = Section("Correlated equilibrium (maximum total payoff)")
    rows = [[profile(game, p), exact_str(x)] for p, x in ce.distribution]
    sec.add(Table(["recommended profile", "probability"], rows))
    payoffs = ", ".join(f"{p.name} {exact_str(v)}" for p, v in zip(game.players, ce.payoffs))
    sec.add(Text(f"A mediator draws a profile with these probabilities and tells each player "
                 f"only their own part; nobody gains by disobeying. Expected payoffs: "
                 f"{payoffs} (total {exact_str(ce.welfare)}, the largest any correlated "
                 "equilibrium gives; found by exact linear programming, another distribution "
                 "may reach the same total).", "note"))
    return sec
