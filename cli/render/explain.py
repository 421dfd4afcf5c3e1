"""The step-by-step explanation in plain words: best responses, dominance, why each
equilibrium holds, the indifference equations of each mixed one, and what each means."""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from games.numbers import exact_str

from .document import Cell, Section, Table, Text
from .text import expr, num

if TYPE_CHECKING:
    from games.teaching.explain import (BestResponse, DominanceExplanation, EquilibriumMeaning,
                                        MixedEquilibriumExplanation, PureEquilibriumExplanation)
    from games.solvers.dominance import Domination, PayoffComparison
    from games.teaching.indifference import Indifference, StrategyValue
    from games.teaching.steps import SolveStep
    from games.teaching.explain import Explanation
    from games.model import Game

INLINE_BEST_RESPONSES = 8       # up to this many rows per player, also as sentences


def strategy_name(game: Game, player: int, strategy: int) -> str:
    return game.players[player].strategies[strategy].name


def others_text(game: Game, player: int, against: tuple[int, ...]) -> str:
    """'Bob plays bach' or 'Russia plays wait and Damascus plays push_m4'."""
    others = [j for j in range(game.n_players) if j != player]
    parts = [f"{game.players[j].name} plays {strategy_name(game, j, k)}"
             for j, k in zip(others, against)]
    return " and ".join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + \
        " and " + parts[-1]


def explanation_sections(game: Game, ex: Explanation) -> list[Section]:
    """Every explanation section, in reading order."""
    sections = []
    if ex.best_responses or ex.notes:
        sections.append(best_response_section(game, ex))
    if ex.dominance is not None:
        sections.append(dominance_section(game, ex.dominance))
    if ex.pure:
        sections.append(pure_section(game, ex.pure))
    sections.extend(mixed_section(game, m) for m in ex.mixed)
    if ex.meanings:
        sections.append(meaning_section(game, ex.meanings))
    return sections


# -- best responses -------------------------------------------------------------------

def best_response_section(game: Game, ex: Explanation) -> Section:
    """Per player, a table of what each strategy pays against each profile of the others."""
    sec = Section("Explanation, step 1: best responses")
    sec.add(Text("A best response is a strategy that pays the most against a given choice "
                 "of the others. A Nash equilibrium is a profile in which every player is "
                 "playing a best response to the others at once."))
    for i, player in enumerate(game.players):
        rows = [b for b in ex.best_responses if b.player == i]
        if not rows:
            continue
        others = [game.players[j].name for j in range(game.n_players) if j != i]
        table_rows = []
        for b in rows:
            table_rows.append([", ".join(strategy_name(game, j, k) for j, k in zip(
                [j for j in range(game.n_players) if j != i], b.against))]
                + [Cell(exact_str(v), s in b.best) for s, v in enumerate(b.values)]
                + [", ".join(strategy_name(game, i, s) for s in b.best)])
        verb = "plays" if len(others) == 1 else "play"
        sec.add(Table([", ".join(others) + " " + verb] + player.strategy_names + ["best"],
                      table_rows,
                      caption=f"{player.name}'s payoff from each strategy: each row is what "
                              f"{' and '.join(others)} {verb}, each column one of "
                              f"{player.name}'s own strategies"))
        if len(rows) <= INLINE_BEST_RESPONSES:
            for b in rows:
                sec.add(Text(best_response_sentence(game, b)))
    for note in ex.notes:
        sec.add(Text(note, "note"))
    return sec


def best_response_sentence(game: Game, b: BestResponse) -> str:
    """'If Bob plays bach, Ann gets 2 from bach and 0 from stravinsky: her best response
    is bach.'"""
    name = game.players[b.player].name
    pays = " and ".join(f"{exact_str(v)} from {strategy_name(game, b.player, s)}"
                        for s, v in enumerate(b.values))
    best = " or ".join(strategy_name(game, b.player, s) for s in b.best)
    tie = " (a tie: each of these is a best response)" if len(b.best) > 1 else ""
    return f"If {others_text(game, b.player, b.against)}, {name} gets {pays}: the best " \
           f"response is {best}{tie}."


# -- dominance --------------------------------------------------------------------------

def dominance_section(game: Game, d: DominanceExplanation) -> Section:
    """Each elimination with its dominator and payoff comparison, then what survives."""
    sec = Section("Explanation, step 2: dominated strategies")
    sec.add(Text("A strategy is strictly dominated when another strategy, or a mixture of "
                 "strategies, pays strictly more against everything the others might do. "
                 "A rational player never plays it, so it can be crossed out; then the "
                 "others know that, and further strategies may become dominated."))
    for i, s in d.dominant:
        sec.add(Text(f"{strategy_name(game, i, s)} is a dominant strategy for "
                     f"{game.players[i].name}: it pays strictly more than any other of "
                     f"{game.players[i].name}'s strategies whatever the others do.", "good"))
    if not d.steps:
        sec.add(Text("No strategy is strictly dominated, by a pure strategy or by a mixture, "
                     "so nothing can be crossed out."))
    for step in d.steps:
        sec.add(Text(f"Round {step.round}: " + domination_sentence(game, step.domination)))
    if d.steps:
        left = "; ".join(f"{p.name}: {', '.join(p.strategies[j].name for j in keep)}"
                         for p, keep in zip(game.players, d.surviving))
        if d.solved:
            sec.add(Text(f"Only one profile survives ({left}): the game is solved by "
                         "iterated elimination of strictly dominated strategies.", "good"))
        else:
            sec.add(Text(f"What survives the elimination: {left}."))
    for w in d.weakly_dominated:
        sec.add(Text("Weak dominance (not used for elimination): "
                     + domination_sentence(game, w), "note"))
    return sec


def dominator_text(game: Game, dom: Domination) -> str:
    """'defect' or 'the mixture 1/2 top + 1/2 middle'."""
    if isinstance(dom.dominator, int):
        return strategy_name(game, dom.player, dom.dominator)
    return "the mixture " + " + ".join(
        f"{exact_str(p)} {strategy_name(game, dom.player, j)}"
        for j, p in sorted(dom.weights.items()))


def domination_sentence(game: Game, dom: Domination) -> str:
    """One domination in words, with the payoff comparison against every profile."""
    player = game.players[dom.player].name
    name = strategy_name(game, dom.player, dom.strategy)
    how = "strictly" if dom.strict else "weakly"
    comparisons = "; ".join(comparison_text(game, dom, c) for c in dom.comparisons)
    end = f"so {player} never plays {name}." if dom.strict else \
        f"so {name} is never better for {player} and sometimes worse."
    return f"for {player}, {name} is {how} dominated by {dominator_text(game, dom)}: " \
           f"{comparisons}; {end}"


def comparison_text(game: Game, dom: Domination, c: PayoffComparison) -> str:
    """'against Bob cooperate: 5 > 3' (with the mixture's expected payoff worked out)."""
    opp = dom.opponent_players
    if opp:
        against = "against " + ", ".join(
            f"{game.players[j].name} {strategy_name(game, j, k)}"
            for j, k in zip(opp, c.opponents))
    else:
        against = "in every case"
    rel = ">" if c.dominator > c.dominated else ("=" if c.dominator == c.dominated else "<")
    value = exact_str(c.dominator)
    if dom.is_mixed:
        terms = []
        for j, p in sorted(dom.weights.items()):
            prof = list(c.opponents)
            prof.insert(dom.player, j)
            terms.append(f"{exact_str(p)}·{exact_str(game.payoff(dom.player, tuple(prof)))}")
        value = " + ".join(terms) + f" = {value}"
    return f"{against}, {value} {rel} {exact_str(c.dominated)}"


# -- pure equilibria ---------------------------------------------------------------------

def profile_text(game: Game, profile: tuple[int, ...]) -> str:
    """'(bach, bach)'."""
    return "(" + ", ".join(strategy_name(game, i, s) for i, s in enumerate(profile)) + ")"


def pure_section(game: Game, pures: Sequence[PureEquilibriumExplanation]) -> Section:
    """For each pure equilibrium, every unilateral deviation and why it does not pay."""
    sec = Section("Explanation, step 3: why each pure equilibrium holds")
    sec.add(Text("At a Nash equilibrium no player can gain by changing strategy alone, "
                 "the others' choices held fixed. Check every such deviation:"))
    for p in pures:
        lines = []
        for d in p.deviations:
            name = game.players[d.player].name
            if d.gain < 0:
                verdict = f"loses {exact_str(-d.gain)}"
            elif d.gain == 0:
                verdict = "gains nothing (a tie)"
            else:
                verdict = f"GAINS {exact_str(d.gain)}"
            lines.append(f"{name} switching to {strategy_name(game, d.player, d.strategy)} "
                         f"would get {exact_str(d.payoff)} instead of "
                         f"{exact_str(p.payoffs[d.player])} ({verdict})")
        kind = "every deviation loses: a strict equilibrium" if p.strict else \
            "some deviation only ties: a weak equilibrium, still an equilibrium"
        body = "; ".join(lines) if lines else "no player has an alternative"
        sec.add(Text(f"Equilibrium {p.index + 1} {profile_text(game, p.profile)}: {body}. "
                     f"Nobody gains by deviating ({kind})."))
    return sec


# -- mixed equilibria ---------------------------------------------------------------------

def mixed_section(game: Game, m: MixedEquilibriumExplanation) -> Section:
    """The indifference equations of one mixed equilibrium, written out and solved."""
    sec = Section(f"Explanation: mixed equilibrium {m.index + 1}, the indifference conditions")
    sec.add(Text("A player who mixes must be indifferent between the strategies she mixes: "
                 "if one paid more she would play it for sure. So each player's mixture is "
                 "pinned down by the OTHER players' indifference."))
    for line in unknowns_lines(game, m):
        sec.add(Text(line))
    from games.teaching.steps import is_symmetric
    if is_symmetric(game):
        a, b = game.players[0].name, game.players[1].name
        sec.add(Text(f"The game is symmetric: swapping {a} and {b} leaves every payoff "
                     f"unchanged ({a}'s payoff from x against y equals {b}'s payoff from x "
                     f"against y). So {b}'s indifference pins down {a}'s mixture by the same "
                     f"arithmetic as {a}'s indifference pins down {b}'s, and in a symmetric "
                     "equilibrium both mix in the same proportions."))
    for c in m.conditions:
        for line in condition_lines(game, m, c):
            sec.add(Text(line))
    for line in check_lines(game, m):
        sec.add(Text(line))
    solution = ", ".join(f"{s} = {num(v)}" for s, v in m.solution)
    if m.unique is True:
        verdict = "the only solution with every probability in the supports positive"
    elif m.unique is False:
        verdict = ("the equations do not pin the probabilities down to one point (the game "
                   "is degenerate); this is one extreme point of the solution set")
    else:
        verdict = "substituted into every equation and checked exactly"
    if solution:
        sec.add(Text(f"Solution: {solution} ({verdict}).", "good"))
    payoffs = ", ".join(f"{p.name} {num(v)}" for p, v in zip(game.players, m.payoffs))
    sec.add(Text(f"Expected payoffs at this equilibrium: {payoffs}."))
    return sec


def unknowns_lines(game: Game, m: MixedEquilibriumExplanation) -> list[str]:
    """What each unknown stands for, and each player's mixture in them."""
    lines = []
    for i, player in enumerate(game.players):
        played = [(j, p) for j, p in enumerate(m.probabilities[i]) if p != 0]
        if len(played) == 1:
            lines.append(f"{player.name} plays {strategy_name(game, i, played[0][0])} for "
                         "sure.")
            continue
        parts = ", ".join(f"{strategy_name(game, i, j)} with probability {expr(p)}"
                          for j, p in played)
        lines.append(f"{player.name} plays {parts}.")
    return lines


def condition_lines(game: Game, m: MixedEquilibriumExplanation, c: Indifference) -> list[str]:
    """One player's expected payoffs, indifference equations and their solution."""
    name = game.players[c.player].name
    support = [v for v in c.values if v.in_support]
    lines = []
    pays = "; ".join(f"{strategy_name(game, c.player, v.strategy)} pays "
                     f"{term_text(game, m, c.player, v)}" for v in c.values)
    lines.append(f"{name}'s expected payoffs against the others' mixture (each payoff times "
                 f"the probability of the others' choice that gives it): {pays}.")
    if len(support) >= 2:
        eqs = [f"{expr(eq.lhs)} = {expr(eq.rhs)}" for eq in c.equations]
        text = f"{name} mixes, so these must be equal: " + "; ".join(eqs) + "."
        steps = [f"{exact_str(ls.coefficient)}·{ls.symbol} = {exact_str(ls.constant)}, so "
                 f"{ls.symbol} = {num(ls.solution)}" for ls in c.linear if ls is not None]
        if steps and len(steps) == len(c.equations):
            text += " Collecting terms: " + "; ".join(steps) + "."
        elif c.unknowns:
            from games.teaching.steps import substitution_steps
            worked = substitution_steps(list(c.equations), list(c.unknowns))
            if worked:
                text += " Solve by substitution: " + " ".join(step_text(st) for st in worked)
            else:
                text += " These are solved together with the other players' equations for " \
                        f"{', '.join(c.unknowns)} (a system that is not linear: its " \
                        "solution is given below and checked)."
        if game.n_players == 2 and c.unknowns:
            other = game.players[1 - c.player].name
            text += f" ({name}'s indifference fixes {other}'s mixture, not {name}'s own.)"
        lines.append(text)
    else:
        lines.append(f"{name} does not mix, so {name} needs no indifference: "
                     f"{strategy_name(game, c.player, support[0].strategy)} must simply "
                     "pay at least as much as the alternatives.")
    value = num(c.equilibrium_value)
    outside = [v for v in c.values if not v.in_support]
    check = f"At the solution each strategy {name} uses pays {value}"
    if outside:
        check += "; the unused ones pay no more: " + ", ".join(
            f"{strategy_name(game, c.player, v.strategy)} pays {num(v.value)} ≤ {value}"
            for v in outside)
    lines.append(check + ".")
    return lines


def term_text(game: Game, m: MixedEquilibriumExplanation, player: int, v: StrategyValue
              ) -> str:
    """'2·q + 0·(1 - q) = 2·q': each term is a payoff times the probability of the
    others' choice that gives it; then the sum simplified."""
    from games.teaching.steps import payoff_terms

    terms = payoff_terms(game, player, v.strategy, m.probabilities)
    parts = []
    for t in terms:
        w = expr(t.weight)
        if t.weight == 1:
            parts.append(exact_str(t.payoff))
            continue
        if " " in w:
            w = f"({w})"
        parts.append(f"{exact_str(t.payoff)}·{w}")
    written = " + ".join(parts).replace("+ -", "- ")
    total = expr(v.expression)
    return written if written == total or len(terms) == 1 and t.weight == 1 else \
        f"{written} = {total}"


def step_text(st: SolveStep) -> str:
    """One substitution step in words."""
    if st.kind == "isolate":
        return f"from {expr(st.equation.lhs)} = {expr(st.equation.rhs)}, {st.symbol} = " \
               f"{expr(st.result)};"
    if st.kind == "substitute":
        return f"putting this {st.symbol} into the other equation gives " \
               f"{expr(st.equation.lhs)} = {expr(st.equation.rhs)};"
    if st.kind == "solve":
        return f"so {st.symbol} = {expr(st.result)};"
    return f"back in {st.symbol} = {expr(st.equation.rhs)}: {st.symbol} = {expr(st.result)}."


def check_lines(game: Game, m: MixedEquilibriumExplanation) -> list[str]:
    """The check a textbook asks for: every probability between 0 and 1 (and each
    player's summing to 1); that unused strategies do no better is checked per player
    above."""
    parts = []
    for i, player in enumerate(game.players):
        probs = [p for p in m.profile[i] if p != 0]
        if len(probs) > 1:
            parts.append(f"{player.name}'s " + ", ".join(num(p) for p in probs))
    if not parts:
        return []
    return ["Check: the probabilities (" + "; ".join(parts) + ") are all between 0 and 1 "
            "and each player's add up to 1, so this is a valid mixture for everyone."]


# -- meaning ---------------------------------------------------------------------------

def meaning_section(game: Game, meanings: Sequence[EquilibriumMeaning]) -> Section:
    """Each equilibrium in the scenario's own words."""
    sec = Section("What the equilibria mean")
    pdesc = getattr(game.scenario, "player_descriptions", None) or {}
    for m in meanings:
        parts = []
        for part in m.parts:
            player = game.players[part.player]
            who = f"{player.name} ({pdesc[player.name]}): " if pdesc.get(player.name) else ""
            acts = []
            for j, p, desc in part.strategies:
                what = desc or f"{player.name} plays {strategy_name(game, part.player, j)}"
                acts.append(what if p == 1 else f"{what} (probability {num(p)})")
            parts.append(who + "; or ".join(acts))
        payoffs = ", ".join(f"{p.name} {num(v)}" for p, v in zip(game.players, m.payoffs))
        sec.add(Text(f"Equilibrium {m.index + 1} ({m.kind}). " + ". ".join(parts)
                     + f". Payoffs: {payoffs}."))
    return sec
