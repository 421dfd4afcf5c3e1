"""Several SCENARIO files on one command line: a batch.

Every file is loaded and every option checked first (a bad file stops the batch
before any solving, as for one file); then each file's analysis runs as one task on
the executor of --workers / --cluster (games.parallel), and the reports are written
in the order the files were given: with --format json, one JSON array of the
documents, identical whatever ran them.
"""
from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from games.errors import GameError

from .commands import (check_options, compute_extras, compute_teaching, executor_scope,
                       load_game, parse_sets, scenario_of)

if TYPE_CHECKING:
    from games.model import Game

Job = tuple[argparse.Namespace, "Game", "dict[str, Fraction] | None"]


def run_batch(args: argparse.Namespace) -> int:
    """Check every file, analyse them all on the executor, render them in order."""
    if args.export or args.plot or args.compare or getattr(args, "html", None):
        raise GameError("--export, --plot, --html and --compare take a single SCENARIO file")
    jobs: list[Job] = []
    for path in args.scenario:
        game = load_game(path, args.sets)
        check_options(args, game)
        values = parse_sets(scenario_of(game), args.compare_set) if args.compare_set else None
        one = argparse.Namespace(**{**vars(args), "scenario": path})
        jobs.append((one, game, values))
    with executor_scope(args) as executor:
        results = executor.map(analyse_one, jobs)
    if args.format == "json":
        sys.stdout.write(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        return 0
    for k, ((one, _, _), sections) in enumerate(zip(jobs, results)):
        heading = one.scenario.encode("unicode_escape").decode("ascii")
        rule = "---\n\n" if args.format == "markdown" and k else ""
        sys.stdout.write(f"{chr(10) if k else ''}{rule}== {heading} ==\n\n")
        if args.format == "markdown":
            from .render.markdown import render as md
            sys.stdout.write(md(sections))
        else:
            from .render.rich_out import emit
            sys.stdout.flush()
            emit(sections)
    return 0


def analyse_one(job: Job) -> Any:   # the JSON document (dict) or the sections
    """One file, analysed and prepared for output in a worker: the JSON document (plain
    data) for --format json, else the report's sections. Built there, not after the
    return, because sympy rebuilds unpickled expressions in canonical form (the
    printed formulas would change with the number of workers)."""
    args, game, compare_values = job
    from games.analysis import analyze
    analysis = analyze(game, method=args.method, timeout=args.timeout,
                       sensitivity=not args.no_sensitivity)
    extras = compute_extras(args, game, None, compare_values)
    extras.update(compute_teaching(args, analysis))
    if args.format == "json":
        from games.serialize import document
        return document(analysis, {k: v.to_dict(analysis.game) for k, v in extras.items()})
    from .render.report import build
    return build(analysis, extras)
