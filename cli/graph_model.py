"""`analyze` on a graph-model scenario (top-level `graph_model:`): the stability table
of every state under Nash, GMR, SMR and SEQ, in the chosen format."""
from __future__ import annotations

import argparse
import sys

from .render.document import Section, Table, Text

# options that only make sense for a payoff matrix
MATRIX_ONLY = ("sets", "compare", "compare_set", "sweep", "plot", "export", "html",
               "dynamics", "concepts")


def run_graph_model(args: argparse.Namespace, text: str) -> int:
    """Read, check, analyse and print a graph-model scenario; exit status."""
    from games.ordinal.graph_model import graph_model_stability, stability_dict
    from games.ordinal.graph_scenario import parse_graph_scenario
    from games.errors import GameError
    for opt in MATRIX_ONLY:
        if getattr(args, opt, None):
            raise GameError(f"--{opt.replace('_', '-')} needs a payoff-matrix scenario; "
                            f"{args.scenario} is a graph model")
    scen = parse_graph_scenario(text, args.scenario)
    for opt in MATRIX_ONLY:
        if getattr(args, opt, None):
            print(f"error: --{opt.replace('_', '-')} needs a payoff-matrix scenario; "
                  f"{args.scenario} is a graph model", file=sys.stderr)
            return 2
    table = graph_model_stability(scen.model)
    data = stability_dict(scen.model, table)
    if args.format == "json":
        from games.serialize import dumps
        doc = {"scenario": scen.title, "source": scen.source, "graph_model": data}
        sys.stdout.write(dumps(doc) + "\n")
        return 0
    from .render.document import write
    write(_sections(scen, table), args.format)
    return 0


def _sections(scen: object, table: list) -> list[Section]:
    from games.ordinal.gmcr import CONCEPTS
    m = scen.model                                      # type: ignore[attr-defined]
    head = Section(scen.title)                          # type: ignore[attr-defined]
    head.add(Text(f"Graph model: {len(m.decision_makers)} decision makers, "
                  f"{len(m.options)} options, {len(m.state_names)} states; rankings only "
                  f"(every conclusion below is ordinal)."))
    if scen.source:                                     # type: ignore[attr-defined]
        head.add(Text(f"Source: {scen.source}", "note"))  # type: ignore[attr-defined]
    rows = []
    for s in table:
        taken = [o for o, t in zip(m.options, m.taken[s.state[0]]) if t]
        rows.append([m.state_label(s.state), ", ".join(taken) or "-"]
                    + ["E" if s.equilibrium(k) else
                       "".join("s" if ok else "u" for ok in s.stable[k]) for k in CONCEPTS])
    sec = Section("Conflict-analysis stability (GMCR) (ordinal)")
    sec.add(Table(["state", "options taken", *CONCEPTS], rows,
                  caption="E: equilibrium (stable for every decision maker); otherwise "
                          f"s/u per decision maker ({', '.join(m.decision_makers)})"))
    for k in CONCEPTS:
        eq = [m.state_label(s.state) for s in table if s.equilibrium(k)]
        sec.add(Text(f"{k} equilibria: {', '.join(eq) if eq else 'none'}"))
    return [head, sec]


def graph_model_text(path: str) -> str | None:
    """The text of `path` when it is a graph-model scenario, else None (a Gambit
    file is never one: decided before importing the ordinal package, so that a large
    .nfg or .efg game starts its enumeration, and shows progress, sooner)."""
    from pathlib import Path
    if Path(path).suffix.lower() in (".nfg", ".efg"):
        return None

    from games.ordinal.graph_scenario import is_graph_model_text
    from games.scenario.reading import read_text
    text = read_text(path)
    return text if is_graph_model_text(text) else None
