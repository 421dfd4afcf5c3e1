"""What one `analyze` run does: load and check everything, ask the engine, render.

All input checks (file, --set values, swept names, output paths) happen before any
solving (cli/checks.py), so a bad option costs nothing and writes nothing.
"""
from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping, cast

from games.errors import GameError, ScenarioError
from games.literal import visible

from .checks import check_options, require_matplotlib, scenario_of, selected_sections

if TYPE_CHECKING:
    from games.analysis import Analysis
    from games.budget import ProgressCallback
    from games.equilibrium import EquilibriumSet
    from games.model import Game
    from games.parallel import Executor
    from games.scenario.model import Scenario
    from games.tree.analysis import TreeReport
    from games.tree.scenario import TreeScenario
    from games.serialize import Serializable
    from games.tree.sensitivity import TreeSensitivity

    from .render.document import Section
    from .render.extras import Extras


def load_game(path: str, sets: list[str]) -> Game:
    """The game of a .yaml scenario (with --set overrides) or a .nfg file."""
    p = Path(path)
    if p.suffix.lower() == ".efg":
        from games.formats.efg import read_efg
        from games.tree.scenario import TreeScenario
        tree_scenario = TreeScenario(read_efg(p))
        return tree_scenario.game(parse_sets(tree_scenario.as_scenario(), sets))
    if p.suffix.lower() == ".nfg":
        if sets:
            raise ScenarioError("--set: a .nfg file has no parameters", file=path)
        from games.formats.nfg import read_nfg
        return read_nfg(p)
    from games.scenario import load_scenario
    scenario = load_scenario(p)
    return scenario.game(parse_sets(scenario, sets))


def parse_sets(scenario: Scenario, sets: list[str]) -> dict[str, Fraction]:
    """--set NAME=VALUE options, checked against the scenario's parameters."""
    values: dict[str, Fraction] = {}
    for text in sets:
        name, value = scenario.parse_assignment(text)
        values[name] = value
    return values


def _tree_sections(args: argparse.Namespace, tree: Any, tree_sens: list[Any],
                   chosen: tuple[str, ...] | None) -> list[Any]:
    """A tree's sections: the credible threats first (its answer), then the tree and
    its subgame-perfect equilibria, then backward induction step by step."""
    from .render.tree import explain_section, threshold_section, tree_sections
    out = []
    if tree_sens and (chosen is None or "answer" in chosen):
        out.append(threshold_section(tree, tree_sens))
    if chosen is None or "equilibria" in chosen:
        out += tree_sections(tree, markdown=args.format == "markdown")
    if args.explain:
        out.append(explain_section(tree))
    return out


def export_text(path: str, game: Game, source: str) -> str:
    """What --export writes: the game as Gambit .nfg, or as scenario YAML (.yaml/.yml) at
    the parameter values used (a scenario keeps its expressions; a .nfg game is numbers)."""
    if Path(path).suffix.lower() == ".efg":
        if game.tree is None:
            raise GameError("--export FILE.efg needs a game tree (this is a normal-form game)")
        from games.formats.efg import efg_text
        return efg_text(game.tree)
    if Path(path).suffix.lower() == ".nfg":
        from games.formats.nfg import nfg_text
        return nfg_text(game)
    if game.scenario is not None:
        return game.scenario.to_yaml(game.values)
    from games.scenario.writing import game_to_yaml
    return game_to_yaml(game, fallback_title=Path(source).stem)


def run(args: argparse.Namespace) -> int:
    """The whole command; returns the exit status."""
    if isinstance(args.scenario, list):
        if len(args.scenario) > 1:
            from .batch import run_batch
            return run_batch(args)
        args.scenario = args.scenario[0]
    from .graph_model import graph_model_text, run_graph_model
    graph = graph_model_text(args.scenario)
    if graph is not None:                   # option-form conflict (graph_model:)
        return run_graph_model(args, graph)
    game = load_game(args.scenario, args.sets)
    check_options(args, game)
    exported = export_text(args.export, game, args.scenario) if args.export else None
    other = None
    if args.compare:
        other = load_game(args.compare, args.sets)
    compare_values = parse_sets(scenario_of(game), args.compare_set) if args.compare_set else None
    if args.plot:
        require_matplotlib()

    warn_if_long(args, game)
    from .progress import ProgressDisplay, wanted
    if wanted(args.progress, args.format):
        with ProgressDisplay(forced=args.progress) as display:
            analysis, extras = compute(args, game, other, compare_values, display)
    else:
        analysis, extras = compute(args, game, other, compare_values, None)
    if analysis.interrupted:        # Ctrl-C: show what was established, write no file
        args.plot = args.export = args.html = None
        render(args, analysis, extras)
        print(f"analyze: interrupted: {analysis.interrupted}; the results shown are what "
              "was established before, marked incomplete", file=sys.stderr)
        return 130
    plain = extras.copy()                  # no tree view in HTML yet
    plain.pop("tree", None)
    plain.pop("tree_sensitivity", None)
    page = html_page(args, analysis, plain, extras.get("tree")) if args.html else None
    if exported is not None:
        from .render.files import write_atomic
        write_atomic(args.export, exported.encode("utf-8"))
    if page is not None:
        from .render.files import write_atomic
        write_atomic(args.html, page.encode("utf-8"))
    return render(args, analysis, extras)


def compute(args: argparse.Namespace, game: Game, other: Game | None,
            compare_values: dict[str, Fraction] | None, progress: ProgressCallback | None
            ) -> tuple[Analysis, Extras]:
    """The analysis and the extras the options ask for (none after a Ctrl-C)."""
    from games.analysis import analyze
    from games.budget import reporting
    steps = args.sensitivity_steps
    with reporting(progress):
        is_tree = game.tree is not None   # trees: thresholds of the SPE set
        analysis = analyze(game, method=args.method, timeout=args.timeout,
                           sensitivity=not args.no_sensitivity and not is_tree,
                           **({} if steps is None else {"sensitivity_steps": steps}))
        if analysis.interrupted:
            return analysis, {}
        extras: Extras = {}
        try:                        # --- Ctrl-C keeps the extras established (issue 18)
            if args.sweep or args.monte_carlo:
                with executor_scope(args) as executor:
                    compute_extras(args, game, other, compare_values, executor, into=extras)
            else:
                compute_extras(args, game, other, compare_values, into=extras)
        except KeyboardInterrupt:
            done = ", ".join(k.replace("_", " ") for k in extras)
            stopped = ("the optional analyses were interrupted (Ctrl-C); "
                       + (f"finished: {done}" if done else "none had finished"))
            return replace(analysis, interrupted=stopped), extras
        cut = extras_cut(extras)
        if cut:                     # an extra stopped by Ctrl-C, with what it established
            return replace(analysis, interrupted=cut), extras
        # --- end of the Ctrl-C handling of the extras
        extras.update(compute_teaching(args, analysis))
        if analysis.robustness is not None:
            extras["robustness"] = analysis.robustness       # shown; in the JSON already
        if is_tree:
            extras.update(compute_tree(args, game, analysis))
    return analysis, extras


def extras_cut(extras: Mapping[str, object]) -> str:
    """What Ctrl-C cut short in the extras (a sweep, a region map, a Monte Carlo run
    keep what they established and say so in `interrupted`); "" when nothing."""
    cuts = (getattr(x, "interrupted", "") for x in extras.values())
    return "; ".join(str(c) for c in cuts if c)


def compute_tree(args: argparse.Namespace, game: Game, analysis: Analysis) -> Extras:
    """A game tree's subgame-perfect equilibria, credibility and SPE thresholds."""
    from games.tree.analysis import analyze_tree
    extras: Extras = {"tree": analyze_tree(  # ranked trees: --monte-carlo N readings
        game, analysis.equilibria, readings=args.monte_carlo or 200,
        seed=0 if args.seed is None else args.seed)}
    if not args.no_sensitivity and any(p.range for p in game.parameters.values()):
        from games.tree.sensitivity import tree_sensitivity
        spec = cast("TreeScenario", game.scenario).spec    # a tree game's scenario
        extras["tree_sensitivity"] = tree_sensitivity(spec, game.values)
    return extras


def warn_if_long(args: argparse.Namespace, game: Game) -> None:
    """Before exact enumeration that may take minutes (games.solvers.cost: support
    profiles for three or more players, the bound on vertex bases for two), say so
    at once on stderr, with a rough time and the ways forward."""
    if args.method not in ("auto", "exact") or args.timeout is not None:
        return
    from games.tree.large import form_too_large
    if form_too_large(game):            # a tree's large reduced form: its pure part only
        return
    from games.solvers.cost import enumeration_cost
    cost = enumeration_cost(game)
    if cost is None or not cost.long:
        return
    if cost.bound and game.n_players == 2:      # a walk of days: refused, not begun
        from games.solvers.walk_estimate import check_walk
        check_walk(game)
    from games.solvers.polynomial import MAX_SUPPORT_PROFILES
    if args.method == "auto" and not cost.bound and cost.count > MAX_SUPPORT_PROFILES:
        # a numeric search stands in for the enumeration: refused beyond its limit
        from games.solve import check_numeric_size
        check_numeric_size(cost.shape, None, f"{cost.count:,} support profiles remain after "
                           "removing dominated strategies")
        return
    seconds = cost.seconds
    rough = (f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} minutes"
             if seconds < 1e6 else f"{seconds / 86400 / 365:.1e} years")   # a 300x300 bound
    if cost.bound:                  # two players: an upper bound, often far above
        count = f"{cost.count:,}" if cost.count < 10 ** 15 else f"{cost.count:.1e}"
        what = (f"visits up to {count} {cost.unit} (the upper bound theorem's count "
                f"for this size; more than {cost.quick:,}): at roughly {cost.per_second:,} "
                f"a second (the rate measured on random 12x12 to 16x16 games, docs/long-runs.md) "
                f"up to about {rough}; random games visit far fewer (a random 14x14 "
                "game: 15,000 to 27,000)")
    else:
        what = (f"examines up to {cost.count:,} {cost.unit} (more than {cost.quick:,}): "
                f"at roughly {cost.per_second:,} a second (the rate measured on a random "
                f"4x4x4 game, docs/long-runs.md) about {rough}, possibly much more or less")
    if cost.over_cap:               # two players: the cap stops walks mostly of ties
        what += (f". A game with many ties may stop at the default cap of {cost.cap:,} bases "
                 "at degenerate vertices, with the equilibria found so far marked incomplete")
    print(f"analyze: note: exact enumeration {what}. Ways forward: "
          "--timeout SECONDS (exact until then, then a verified numeric sample), "
          "--method numeric, or wait (progress on a terminal, or with --progress; "
          "Ctrl-C keeps what was found)", file=sys.stderr)


def html_page(args: argparse.Namespace, analysis: Analysis, extras: Extras,
              tree: TreeReport | None = None) -> str:
    """The --html page: the report plus, for points where several parameters move, the
    equilibrium candidates in all ranged parameters (and a tree drawn with its path)."""
    from .render.html import page
    candidates = None
    game = analysis.game
    if game.scenario is None:
        return page(analysis, extras, tree=tree)
    from .render.page_data import page_payoffs_left_out
    ranged = sum(1 for p in game.parameters.values() if p.range)
    if ranged > 1 and page_payoffs_left_out(game) is None:   # else no payoffs to check them
        from games.sensitivity.support_formulas import support_formulas
        seen = [({**game.values, s.parameter: iv.sample}, e)
                for s in analysis.sensitivity for iv in s.intervals for e in iv.equilibria]
        seen += [(game.values, e) for e in analysis.equilibria]
        candidates = support_formulas(game.scenario, game.values, seen)
    return page(analysis, extras, candidates, range_ends(analysis), tree)


def range_ends(analysis: Analysis) -> dict[str, tuple[EquilibriumSet, EquilibriumSet]]:
    """The equilibria at both ends of each analysed parameter's range (the others at
    their values): the sensitivity intervals are open, and an end may differ."""
    from games.solve import solve
    game = analysis.game
    out: dict[str, tuple[EquilibriumSet, EquilibriumSet]] = {}
    for s in analysis.sensitivity:
        if s.complete:
            lo, hi = (solve(scenario_of(game).game({**game.values, s.parameter: end}))
                      for end in s.range)
            out[s.parameter] = (lo, hi)
    return out


@contextmanager
def executor_scope(args: argparse.Namespace) -> Iterator[Executor]:
    """The executor --workers / --cluster ask for, closed afterwards."""
    from games.parallel import make_executor
    executor = make_executor(getattr(args, "workers", None), getattr(args, "cluster", None))
    try:
        yield executor
    finally:
        executor.close()


def compute_extras(args: argparse.Namespace, game: Game, other: Game | None,
                   compare_values: dict[str, Fraction] | None,
                   executor: Executor | None = None, into: Extras | None = None
                   ) -> Extras:
    """Ask the engine for the optional analyses the options request (sweep, regions,
    Monte Carlo, ordinal, comparison; each receives the engine's exact solver), each
    stored in `into` (a new dict when None) as soon as it is done, so that Ctrl-C
    keeps those finished."""
    from games.solve import solve
    extras: Extras = {} if into is None else into
    if game.tree is not None:        # a tree's answer is its SPE set (games.tree.points)
        return compute_tree_extras(args, game, other, compare_values, extras)
    if args.sweep:
        from games.sensitivity import sweep
        extras["sweep"] = sweep(scenario_of(game), args.sweep, args.steps or 11, values=game.values,
                                solver=solve, executor=executor)
    if args.regions:
        from games.sensitivity.regions import regions
        extras["regions"] = regions(scenario_of(game), args.regions, values=game.values,
                                    solver=solve)
    scenario = game.scenario
    ranked = scenario is not None and getattr(scenario, "payoffs_are", "") == "ranks"
    if args.monte_carlo and not ranked:
        from games.sensitivity import monte_carlo
        extras["monte_carlo"] = monte_carlo(scenario_of(game), args.monte_carlo, seed=args.seed,
                                            values=game.values, solver=solve,
                                            executor=executor)
    if ranked:       # payoffs_are: ranks; --monte-carlo N sets the number of readings drawn
        from games.ordinal import ordinal_analysis
        extras["ordinal"] = ordinal_analysis(game, samples=args.monte_carlo or 1000,
                                             seed=0 if args.seed is None else args.seed)
    if other is not None or compare_values is not None:
        from games.sensitivity import compare
        if other is None:
            values = {**game.values, **(compare_values or {})}
            other = scenario_of(game).game(values)
        extras["comparison"] = compare(game, other, solver=solve,
                                       labels=comparison_labels(args))
    return extras


def compute_tree_extras(args: argparse.Namespace, game: Game, other: Game | None,
                        compare_values: dict[str, Fraction] | None, extras: Extras
                        ) -> Extras:
    """Sweeps, Monte Carlo runs and comparisons of a tree, by its subgame-perfect
    equilibria, each stored in `extras` as soon as it is done (as compute_extras)."""
    from games.tree import points
    from games.tree.scenario import TreeScenario
    scenario = scenario_of(game)
    assert isinstance(scenario, TreeScenario)     # a game with a tree comes from one
    if args.sweep:
        extras["sweep"] = points.tree_sweep(scenario, args.sweep, args.steps or 11,
                                            values=game.values)
    ranked = scenario.spec.payoffs_are == "ranks"   # ranked: --monte-carlo N counts readings
    if args.regions:
        extras["regions"] = points.tree_regions(scenario, args.regions, values=game.values)
    if args.monte_carlo and not ranked:
        extras["monte_carlo"] = points.tree_monte_carlo(scenario, args.monte_carlo,
                                                        seed=args.seed, values=game.values)
    if other is not None or compare_values is not None:
        if other is None:
            other = scenario.game({**game.values, **(compare_values or {})})
        extras["comparison"] = points.tree_compare(game, other, comparison_labels(args))
    return extras


def comparison_labels(args: argparse.Namespace) -> tuple[str, str]:
    """Names for the two sides: the file names, or the parameter values set."""
    first = args.scenario[0] if isinstance(args.scenario, list) else args.scenario
    base = Path(first).name
    if args.sets:
        base += " with " + ", ".join(args.sets)
    if args.compare:
        other = Path(args.compare).name
        return base, other + (" with " + ", ".join(args.sets) if args.sets else "")
    return base, base.split(" with ")[0] + " with " + ", ".join(args.sets + args.compare_set)


def compute_teaching(args: argparse.Namespace, analysis: Analysis) -> Extras:
    """The teaching analyses the options request: explanation, concepts, dynamics."""
    out: Extras = {}
    if args.explain:
        from games.teaching.explain import explain
        out["explanation"] = explain(analysis)
    if args.concepts:
        from games.teaching.concepts import concepts
        out["concepts"] = concepts(analysis.game, analysis.equilibria)
    if args.dynamics:
        from games.teaching.dynamics import run_dynamics
        out["dynamics"] = run_dynamics(analysis.game, args.dynamics, args.steps or 200,
                                       analysis.equilibria)
    return out


def render(args: argparse.Namespace, analysis: Analysis, extras: Extras) -> int:
    """Write the analysis in the chosen format (and the plot, if asked)."""
    extras = extras.copy()
    tree = extras.pop("tree", None)
    tree_sens = extras.pop("tree_sensitivity", [])
    if args.format == "json":
        from games.serialize import document, dumps
        doc = document(analysis, extras_json(extras, analysis.game))
        if tree is not None:
            doc.update(tree.to_dict(analysis.game))
            doc["subgame_perfect_sensitivity"] = [t.to_dict() for t in tree_sens]
        sys.stdout.write(dumps(doc) + "\n")
    else:
        from .render.document import write
        write(report_sections(args, analysis, extras, tree, tree_sens), args.format)
    if args.plot:
        if tree is not None and not any(k in extras for k in
                                        ("sweep", "dynamics", "monte_carlo", "regions")):
            from .render.plot_tree import plot_tree      # the game tree itself
            plot_tree(tree, args.plot)
        else:
            draw_plot(args.plot, analysis, extras)
        print(f"plot written to {visible(str(args.plot))}", file=sys.stderr)
    if args.export:
        what = "game" if Path(args.export).suffix.lower() == ".nfg" else "scenario"
        print(f"{what} written to {visible(str(args.export))}", file=sys.stderr)
    if args.html:
        print(f"page written to {visible(str(args.html))}", file=sys.stderr)
    return 0


def extras_json(extras: Extras, game: Game) -> dict[str, object]:
    """The extras' parts of the JSON document, by games.serialize.extras_dicts (each
    result writes its own part; robustness is in the analysis's part, the tree's
    entries are added by the caller)."""
    from games.serialize import extras_dicts
    parts = {key: cast("Serializable", value) for key, value in extras.items()
             if key not in ("robustness", "tree", "tree_sensitivity")}
    return extras_dicts(game, parts)


def report_sections(args: argparse.Namespace, analysis: Analysis, extras: Extras,
                    tree: TreeReport | None = None,
                    tree_sens: list[TreeSensitivity] | None = None) -> list[Section]:
    """The sections of the text, Markdown or LaTeX report (`extras` without the tree's
    entries, which come as `tree` and `tree_sens`)."""
    from .render.report import build
    chosen = selected_sections(args)
    sections = build(analysis, extras, chosen) if tree is None else \
        _tree_report(args, analysis, extras, tree, tree_sens or [], chosen)
    if analysis.interrupted:    # Ctrl-C: the report says first that it is partial
        from .render.document import Section, Text
        head = Section("Incomplete: interrupted (Ctrl-C)")
        head.add(Text(f"{analysis.interrupted}; what follows was established before the "
                      "interruption, each equilibrium verified.", "warning"))
        sections.insert(0, head)
    return sections


def _tree_report(args: argparse.Namespace, analysis: Analysis, extras: Extras,
                 tree: TreeReport, tree_sens: list[TreeSensitivity],
                 chosen: tuple[str, ...] | None) -> list[Section]:
    """A tree's report sections: its SPE and credibility first, then the rest."""
    # a tree answers with its subgame-perfect equilibria and credible threats; a large
    # reduced form and Nash set are summarised there instead of printed in full
    from .render.report import SECTIONS, build
    from .render.tree import nash_is_large, reduced_is_large
    skip = ("answer", *(("equilibria", "explanation") if nash_is_large(tree) else ()),
            *(("payoffs",) if reduced_is_large(tree) else ()))
    sections = build(analysis, extras, tuple(n for n in (chosen or SECTIONS) if n not in skip))
    from .render.document import Text
    for sec in sections:         # these were computed from the SPE set (games.tree.points)
        if sec.title.startswith(("Sweep of", "Map of equilibrium sets", "Monte Carlo",
                                 "Comparison:")):
            sec.add(Text("On a game tree, the equilibria here are the subgame-perfect ones "
                         "(as plans of the reduced strategic form), not every Nash "
                         "equilibrium of it.", "note"))
    sections[0:0] = _tree_sections(args, tree, tree_sens, chosen)
    return sections


def draw_plot(path: str, analysis: Analysis, extras: Extras) -> None:
    """--plot: the region map (for --regions), the sweep, the
    Monte Carlo shares, the dynamics (on the best-response
    diagram for a 2x2 game) or the 2x2 best-response diagram, in that order."""
    from .render import plot
    game = analysis.game
    two_by_two = tuple(game.shape) == (2, 2)
    region_map = extras.get("regions")
    if region_map is not None and not isinstance(region_map, dict):   # exact boundaries
        from .render.plot_regions import plot_regions
        plot_regions(region_map, path, game.title or "")
    elif "sweep" in extras:
        plot.plot_sweep(extras["sweep"], path, game=game, sensitivity=analysis.sensitivity)
    elif "monte_carlo" in extras:
        plot.plot_monte_carlo(extras["monte_carlo"], path, game=game)
    elif "dynamics" in extras and not two_by_two:
        from .render.plot_dynamics import plot_dynamics
        plot_dynamics(game, extras["dynamics"], path)
    else:
        plot.plot_best_responses(game, analysis.equilibria, path, extras.get("dynamics"))
