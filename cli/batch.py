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
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING, TypeAlias, cast

from games.errors import GameError
from games.literal import json_visible

from .commands import (check_options, compute_extras, compute_teaching, executor_scope,
                       extras_cut, extras_json, load_game, parse_sets, scenario_of)

if TYPE_CHECKING:
    from games.model import Game

    from .render.document import Section
    from .render.extras import Extras

Job = tuple[argparse.Namespace, "Game", "dict[str, Fraction] | None"]
FileResult: TypeAlias = "dict[str, object] | list[Section]"   # JSON document or sections


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
    from .progress import shown
    with shown(args.progress, args.format):
        results, stopped = analyse_all(args, jobs)
    if args.format == "json":
        results += [{"scenario": one.scenario, "partial": True, "interrupted": stopped}
                    for one, _, _ in jobs[len(results):]]
        sys.stdout.write(json_visible(json.dumps(results, indent=2, ensure_ascii=False)) + "\n")
    else:
        write_reports(args, jobs, results)
    if stopped:
        print(f"analyze: interrupted: {stopped}", file=sys.stderr)
        return 130
    return 0


def analyse_all(args: argparse.Namespace, jobs: list[Job]) -> tuple[list[FileResult], str]:
    """Every file's result, in order, a wave of one file per worker at a time (with
    progress), and what Ctrl-C cut short ("" when nothing): the files finished are
    kept, an analysis it interrupted is kept as partial, the others are named."""
    from games.budget import report
    results: list[FileResult] = []
    stopped = ""
    start = 0
    with executor_scope(args) as executor:
        try:
            while len(results) < len(jobs) and not stopped:
                report("batch: files analysed", len(results), len(jobs))
                start = len(results)
                wave = jobs[start:start + executor.workers]
                for result, cut in executor.map(analyse_one, wave):
                    results.append(result)
                    stopped = stopped or cut
        except KeyboardInterrupt as exc:   # the files the workers finished are kept
            from games.parallel import finished
            done = finished(exc)
            while len(results) - start in done:     # the wave's first files, in order
                result, _ = cast("tuple[FileResult, str]", done[len(results) - start])
                results.append(result)
            stopped = "interrupted (Ctrl-C)"
    if stopped and len(results) < len(jobs):
        rest = ", ".join(one.scenario for one, _, _ in jobs[len(results):])
        stopped = (f"{stopped}; the batch stopped after {len(results)} of {len(jobs)} "
                   f"files (not analysed: {rest})")
    return results, stopped


def write_reports(args: argparse.Namespace, jobs: list[Job],
                  results: list[FileResult]) -> None:
    """The text or Markdown reports of the files analysed, in order, each headed by
    its file name."""
    for k, ((one, _, _), sections) in enumerate(zip(jobs, results)):
        assert isinstance(sections, list)       # text and Markdown: the report's sections
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


def analyse_one(job: Job) -> tuple[FileResult, str]:
    """One file, analysed and prepared for output in a worker: the JSON document (plain
    data) for --format json, else the report's sections; and what Ctrl-C cut short
    ("" when nothing). Built there, not after the return, because sympy rebuilds
    unpickled expressions in canonical form (the printed formulas would change with
    the number of workers)."""
    args, game, compare_values = job
    from games.analysis import analyze
    analysis = analyze(game, method=args.method, timeout=args.timeout,
                       sensitivity=not args.no_sensitivity)
    extras: Extras = {}
    if not analysis.interrupted:
        extras = compute_extras(args, game, None, compare_values)
        cut = extras_cut(extras)
        if cut:
            analysis = replace(analysis, interrupted=cut)
        else:
            extras.update(compute_teaching(args, analysis))
    if args.format == "json":
        from games.serialize import document
        return document(analysis, extras_json(extras, analysis.game)), analysis.interrupted
    from .render.report import build
    return build(analysis, extras), analysis.interrupted
