"""Build the format-neutral report of an analysis: game, dominance, equilibria."""
from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

from games.numbers import exact_str

from .concepts import concepts_sections
from .document import Cell, Section, Table, Text
from .dominance import dominance_section
from .dynamics import dynamics_sections
from .explain import explanation_sections
from .sensitivity import (comparison_section, monte_carlo_section, sensitivity_sections,
                          sweep_section)
from .text import approx, fmt, mix_text

if TYPE_CHECKING:
    import numpy as np

    from .extras import Extras

    from games.analysis import Analysis
    from games.equilibrium import EquilibriumSet
    from games.model import Game


def header_section(game: Game) -> Section:
    """Title, description and the parameter values used."""
    sec = Section(game.title or "Game")
    scen = game.scenario
    if game.description:
        sec.add(Text(game.description.strip()))
    if scen is not None and getattr(scen, "source", None):
        sec.add(Text(f"Source: {scen.source}", "note"))
    dims = " x ".join(f"{p.name} ({len(p.strategies)})" for p in game.players)
    sec.add(Text(f"{game.n_players} players: {dims}"))
    if game.parameters:
        rows: list[list[Cell | str]] = []
        for name, par in game.parameters.items():
            value = game.values.get(name, par.value)
            changed = value != par.value
            rng = f"[{exact_str(par.range[0])}, {exact_str(par.range[1])}]" if par.range else "-"
            rows.append([name, Cell(exact_str(value) + (" (set)" if changed else ""), changed),
                         rng, par.description])
        sec.add(Table(["parameter", "value", "range", "meaning"], rows,
                      caption="Parameter values used"))
    return sec


def payoff_tables(game: Game, best: np.ndarray) -> Section:
    """Payoff tables with every best response marked: rows are the first player's
    strategies, columns the second's, one table per combination of the others'."""
    from games.limits import SHOWN_PAYOFF_ROWS, SHOWN_PAYOFF_TABLES
    sec = Section("Payoffs")
    p1, p2 = game.players[0], game.players[1]
    rest = range(2, game.n_players)
    tables = math.prod(game.shape[2:])
    for combo in itertools.islice(itertools.product(*(range(game.shape[k]) for k in rest)),
                                  SHOWN_PAYOFF_TABLES):
        rows = []
        for a, sa in enumerate(p1.strategies[:SHOWN_PAYOFF_ROWS]):
            row: list[Cell | str] = [sa.name]
            for b in range(len(p2.strategies)):
                prof = (a, b, *combo)
                parts = []
                for i in range(game.n_players):
                    text = exact_str(game.payoffs[(i, *prof)])
                    parts.append(text + "*" if best[(i, *prof)] else text)
                all_best = all(best[(i, *prof)] for i in range(game.n_players))
                row.append(Cell(", ".join(parts), all_best))
            rows.append(row)
        caption = ""
        if combo:
            caption = "when " + ", ".join(
                f"{game.players[k].name} plays {game.players[k].strategies[j].name}"
                for k, j in zip(rest, combo))
        headers = [f"{p1.name} \\ {p2.name}"] + p2.strategy_names
        sec.add(Table(headers, rows, caption=caption))
    if tables > SHOWN_PAYOFF_TABLES:
        sec.add(Text(f"The first {SHOWN_PAYOFF_TABLES:,} of {tables:,} tables are shown (the "
                     "limit, SHOWN_PAYOFF_TABLES); --format json lists every payoff.", "note"))
    if len(p1.strategies) > SHOWN_PAYOFF_ROWS:
        sec.add(Text(f"The first {SHOWN_PAYOFF_ROWS:,} of {len(p1.strategies):,} rows of each "
                     "table are shown (the limit, SHOWN_PAYOFF_ROWS); --format json lists "
                     "every payoff.", "note"))
    names = ", ".join(p.name for p in game.players)
    sec.add(Text(f"Cells list payoffs in player order ({names}); * marks a best response "
                 "to the others' strategies; highlighted cells are pure equilibria.", "note"))
    return sec


def equilibria_section(game: Game, eqs: EquilibriumSet) -> Section:
    """Every equilibrium with exact probabilities and expected payoffs."""
    sec = Section("Nash equilibria")
    if not eqs.equilibria and not eqs.components:
        sec.add(Text("No equilibrium was found.", "warning"))
    rows = []
    for k, e in enumerate(eqs.equilibria, 1):
        kind = e.kind if e.exact else f"{e.kind} (numeric, max gain {e.tolerance:.1e})"
        show = fmt if e.exact else approx
        rows.append([str(k), kind]
                    + [mix_text(p, probs, e.exact) for p, probs in zip(game.players, e.profile)]
                    + [", ".join(show(v) for v in e.payoffs)])
    if rows:
        sec.add(Table(["#", "kind"] + game.player_names + ["payoffs"], rows))
    from .continua import component_sentence, continua, count_words

    summary = f"{len(eqs.pure)} pure and {len(eqs.mixed)} mixed" + (
        " listed" if any(c.unlisted for c in eqs.components) else "")
    sets = continua(eqs)
    how = "exact" if eqs.exact else "numeric"
    sec.add(Text(f"{summary} equilibria ({eqs.method}; {how}). Each passed an exact check "
                 "that no player gains by deviating." if eqs.exact else
                 f"{summary} equilibria ({eqs.method}). The exact ones passed an exact "
                 "check that no player gains by deviating; each numeric one was checked "
                 "exactly at the rational point given in the JSON output: there no player "
                 "gains more than its 'max gain' by deviating.", "good" if eqs.exact else "note"))
    if not eqs.complete:
        sec.add(Text("This list is not a complete enumeration.", "warning"))
    if sets:
        sec.add(Text(f"In all: {count_words(eqs)}. A continuum is a connected set of "
                     "infinitely many equilibria (the game is degenerate); the table lists "
                     "only its endpoints or corners" + (" (those of a set too large to "
                     "list are counted instead)" if any(c.unlisted for c in sets) else "")
                     + ", and every profile of the set is an equilibrium:", "warning"))
        for c, comp in enumerate(sets, 1):
            sec.add(Text(f"Continuum {c}: {component_sentence(game, comp)}."))
    for note in eqs.notes:
        sec.add(Text(note, "note"))
    return sec


TEACHING = ("explanation", "concepts", "dynamics")
ASKED = ("regions", "sweep", "monte-carlo", "comparison")       # shown first when asked for
SECTIONS = ("answer", *ASKED, "game", "payoffs", "dominance", "equilibria", "sensitivity",
            "robustness", "ordinal", *TEACHING)
TITLES = {"game": "the game and its parameters", "sweep": "the sweep",
          "regions": "the region map", "robustness": "robustness to joint change",
          "monte-carlo": "Monte Carlo predictions", "comparison": "the comparison",
          "payoffs": "payoff tables", "dominance": "dominance", "equilibria": "equilibria",
          "sensitivity": "sensitivity to each parameter", "ordinal": "ordinal analysis",
          "explanation": "explanation",
          "concepts": "solution concepts", "dynamics": "dynamics"}


def build(analysis: Analysis, extras: Extras,
          only: tuple[str, ...] | None = None) -> list[Section]:
    """Every section of the report, in reading order: the answer, then what the user
    asked for (sweep, Monte Carlo, comparison), then the details. `only` keeps the
    named sections (see SECTIONS)."""
    parts = _parts(analysis, extras)
    keep = [k for k in SECTIONS if k in parts and (only is None or k in only)]
    if "answer" in keep:
        from .verdict import verdict_section
        following = [TITLES[k] for k in keep if k in TITLES]
        parts["answer"] = [verdict_section(analysis, following)]
    from .glossary import explain_jargon
    return explain_jargon([sec for k in keep for sec in parts[k]])


def _parts(analysis: Analysis, extras: Extras) -> dict[str, list[Section]]:
    """Each section group by its name, in reading order (the answer filled in later)."""
    game = analysis.game
    parts: dict[str, list[Section]] = {"answer": [], "game": [header_section(game)]}
    if extras:
        if "sweep" in extras:
            parts["sweep"] = [sweep_section(game, extras["sweep"])]
        if "monte_carlo" in extras:
            parts["monte-carlo"] = [monte_carlo_section(game, extras["monte_carlo"])]
        if "comparison" in extras:
            parts["comparison"] = [comparison_section(game, extras["comparison"])]
        if "regions" in extras and not isinstance(extras["regions"], dict):   # a dict: the
            from .regions import regions_section                              # page's JSON only
            parts["regions"] = [regions_section(game, extras["regions"])]
        if "robustness" in extras:
            from .regions import robustness_section
            parts["robustness"] = [robustness_section(game, extras["robustness"])]
    parts["payoffs"] = [payoff_tables(game, analysis.best_responses)]
    if analysis.dominance is not None:
        parts["dominance"] = [dominance_section(game, analysis.dominance)]
    parts["equilibria"] = [equilibria_section(game, analysis.equilibria)]
    if analysis.sensitivity:
        parts["sensitivity"] = sensitivity_sections(game, analysis.sensitivity,
                                                    analysis.equilibria)
    if "ordinal" in extras:
        from .ordinal import ordinal_sections
        parts["ordinal"] = ordinal_sections(game, extras["ordinal"], "explanation" in extras)
    if "explanation" in extras:
        parts["explanation"] = explanation_sections(game, extras["explanation"])
    if "concepts" in extras:
        parts["concepts"] = concepts_sections(game, extras["concepts"])
    if "dynamics" in extras:
        parts["dynamics"] = dynamics_sections(game, extras["dynamics"])
    return parts
