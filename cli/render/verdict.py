"""The answer first: a short verdict in the scenario's own words (its players,
strategies and parameter descriptions): the prediction, how robust it is (the nearest
threshold and the assumption it hinges on), and what the rest of the report holds."""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from games.numbers import exact_str

from .continua import component_sentence, continua, count_words, isolated
from .document import Section, Text

if TYPE_CHECKING:
    from games.analysis import Analysis
    from games.sensitivity.thresholds import ParameterSensitivity
    from games.equilibrium import Equilibrium, EquilibriumSet
    from games.model import Game


def verdict_section(analysis: Analysis, following: list[str]) -> Section:
    """The 'Answer' section: prediction, robustness, and the sections that follow."""
    game, eqs = analysis.game, analysis.equilibria
    sec = Section(f"{game.title}: the answer" if game.title else "The answer")
    sec.add(Text("\n".join(prediction_lines(game, eqs))))
    sec.add(Text(robustness_line(game, analysis.sensitivity)))
    if analysis.robustness is not None:        # all ranged assumptions moving at once
        sec.add(Text("Jointly: " + analysis.robustness.sentence() + "."))
    if following:
        sec.add(Text("Below: " + ", ".join(following) + ".", "note"))
    return sec


def profile_words(game: Game, e: Equilibrium) -> str:
    """'Turkey plays diplomacy, Russia plays wait and Damascus mixes 1/3 a + 2/3 b'."""
    from .continua import _and
    from .text import mix_text

    parts = []
    for player, probs in zip(game.players, e.profile):
        played = [p for p in probs if p != 0]
        verb = "plays" if len(played) == 1 else "mixes"
        parts.append(f"{player.name} {verb} {mix_text(player, probs, e.exact)}")
    return _and(parts)


def prediction_lines(game: Game, eqs: EquilibriumSet) -> list[str]:
    """The prediction: the only equilibrium, or every equilibrium and continuum."""
    from .text import fmt, mix_text

    if not eqs.equilibria and not eqs.components:
        return ["No equilibrium was found" + ("" if eqs.complete else
                                               " within the limits of this run") + "."]
    sets = continua(eqs)
    alone = isolated(eqs)
    pays = ", ".join
    if not sets and len(alone) == 1:
        e = eqs.equilibria[alone[0]]
        head = "Prediction" if e.kind == "pure" else "No pure prediction"
        which = "the only equilibrium" if not eqs.degenerate else \
            "the only one but for splits among copies of a strategy, see the note on copies"
        only = (f"{head}: {profile_words(game, e)} ({which}; payoffs "
                f"{pays(fmt(v) for v in e.payoffs)}).")
        return [only]
    lines = [f"No single prediction: {count_words(eqs)}"
             + ("" if eqs.complete else " found (the search was not complete)") + "."]
    for k in alone:
        e = eqs.equilibria[k]
        kind = "" if e.kind == "pure" else " (mixed)"
        lines.append(f"  - {profile_words(game, e)}{kind}; payoffs "
                     f"{pays(fmt(v) for v in e.payoffs)}")
    for comp in sets:
        ends = "; ".join("(" + ", ".join(mix_text(p, probs) for p, probs in zip(
            game.players, eqs.equilibria[m].profile)) + ")" for m in comp.members)
        lines.append(f"  - {component_sentence(game, comp, ends)}")
    return lines


def robustness_line(game: Game, sensitivity: Sequence[ParameterSensitivity]) -> str:
    """The nearest threshold, relative to each range, and the assumption it hinges on."""
    if not sensitivity:
        return ("Robustness was not assessed (no parameter has a range, or sensitivity "
                "was turned off).")
    best = None
    for r in sensitivity:
        width = r.range[1] - r.range[0]
        for margin, side in ((r.margin_down, "down"), (r.margin_up, "up")):
            if margin is None or not width:
                continue
            rel = float(margin) / float(width)
            if best is None or rel < best[0]:
                best = (rel, r, margin, side)
    if best is None:
        return ("Robust: no parameter changes the equilibria anywhere in its stated range.")
    _, r, margin, side = best
    par = game.parameters.get(r.parameter)
    meaning = f" ({par.description.strip()})" if par is not None and par.description else ""
    value = exact_str(r.value)
    if margin == 0:
        return (f"Fragile: {r.parameter}{meaning} = {value} sits exactly on a threshold; "
                f"the equilibria change as soon as it moves.")
    from .text import fmt

    edge = r.value - margin if side == "down" else r.value + margin
    way = "falls" if side == "down" else "rises"
    others = sum(1 for s in sensitivity if s is not r and s.thresholds)
    tail = (f" {others} other parameter{'s' if others != 1 else ''} "
            f"{'have' if others != 1 else 'has'} thresholds in range." if others else "")
    return (f"Hinges most on {r.parameter}{meaning}: now {value}, the equilibria change "
            f"if it {way} by {fmt(margin)} to {fmt(edge)}.{tail}")
