"""Every option of one `analyze` run checked before any work: combinations that
cannot work, names that are not ranged parameters, numbers beyond the declared limits
(games.limits), sections that do not exist, output files that cannot be written, and
the optional matplotlib. A bad option costs nothing and writes nothing.
"""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from games.errors import GameError, ScenarioError

if TYPE_CHECKING:
    from games.model import Game
    from games.scenario.model import Scenario

EXPORT_SUFFIXES = (".nfg", ".yaml", ".yml", ".efg")


def scenario_of(game: Game) -> Scenario:
    """The scenario a game was read from; GameError for a game without one (.nfg)."""
    if game.scenario is None:
        raise GameError("--sweep, --monte-carlo and --compare-set need a scenario with "
                        "parameters (this file has none)")
    return game.scenario


def check_options(args: argparse.Namespace, game: Game) -> None:
    """Reject option combinations and names that cannot work, before any solving."""
    if getattr(args, "workers", None) is not None and args.workers < 1:
        raise GameError("--workers must be at least 1")
    if getattr(args, "cluster", None) is not None:   # '' too: it was silently ignored
        from games.parallel import check_address
        check_address(args.cluster)
    check_limits(args)
    if args.dynamics and game.n_players != 2:
        raise GameError("--dynamics needs a 2-player game")
    if args.export:
        _check_output(args.export, "--export", EXPORT_SUFFIXES)
    if args.html:
        _check_output(args.html, "--html", (".html", ".htm"))
    if len(args.sweep) > 2:
        raise GameError("--sweep takes one or two parameter names")
    ranked = "ranks" in (getattr(game.scenario, "payoffs_are", ""),   # a table or a tree
                         getattr(getattr(game.scenario, "spec", None), "payoffs_are", ""))
    if args.sweep or (args.monte_carlo and not ranked) or args.compare_set:
        scenario_of(game)
    for name in args.sweep:
        _check_ranged(game, name, "--sweep")
    if args.regions:
        if game.scenario is None:
            raise GameError("--regions needs a scenario with parameters (this file has none)")
        if args.regions[0] == args.regions[1]:
            raise GameError("--regions takes two different parameter names")
        for name in args.regions:
            _check_ranged(game, name, "--regions")
    if args.monte_carlo and not ranked and not any(p.range for p in game.parameters.values()):
        raise GameError("--monte-carlo needs at least one parameter with a range")
    check_sections(args)
    if args.plot:
        is_tree = game.tree is not None    # --plot draws the tree
        two_by_two = tuple(game.shape) == (2, 2)
        if not (args.sweep or args.dynamics or args.monte_carlo or two_by_two or is_tree
                or args.regions):
            raise GameError("--plot draws a sweep, a region map, a Monte Carlo run, dynamics, "
                            "a game tree or (for a 2x2 game) the best responses: add --sweep "
                            "NAME, --regions A B, --monte-carlo N or --dynamics")
        _check_output(args.plot, "--plot", (".png", ".svg"))


def check_limits(args: argparse.Namespace) -> None:
    """Numeric options within their declared limits (games.limits), before any work."""
    from games import limits as L
    L.check_timeout(args.timeout)
    if args.dynamics:
        L.check_count(args.steps, "--steps", 2, L.MAX_DYNAMICS_STEPS, "rounds of --dynamics")
    elif len(args.sweep) == 2:
        L.check_count(args.steps, "--steps", 2, int(L.MAX_SWEEP_CELLS ** 0.5),
                      f"points per parameter of a 2-D sweep ({L.MAX_SWEEP_CELLS:,} cells)")
    else:
        L.check_count(args.steps, "--steps", 2, L.MAX_SWEEP_POINTS, "sweep points")
    L.check_count(args.monte_carlo, "--monte-carlo", 1, L.MAX_MONTE_CARLO, "draws")
    L.check_count(args.seed, "--seed", 0, L.MAX_SEED, "(the largest seed)")
    L.check_count(args.sensitivity_steps, "--sensitivity-steps", 1, L.MAX_SENSITIVITY_STEPS,
                  "steps per parameter")
    L.check_count(getattr(args, "workers", None), "--workers", 1, L.MAX_WORKERS,
                  "local worker processes")
    L.check_count(getattr(args, "max_listed", None), "--max-listed", 1, L.MAX_LISTED,
                  "extreme equilibria listed")


def check_sections(args: argparse.Namespace) -> None:
    """--brief and --only pick sections of the text report; they conflict with each
    other and with JSON output (always whole), and --only names known sections."""
    if args.brief and args.only:
        raise GameError("--brief and --only conflict: --brief is --only answer")
    if (args.brief or args.only) and args.format == "json":
        raise GameError("--brief and --only choose sections of the text or Markdown report; "
                        "the JSON document is always whole")
    if args.only:               # the report's modules load only when needed: a long
        from .render.report import SECTIONS   # run shows its progress sooner
        names = tuple(n.strip() for n in args.only.split(",") if n.strip())
        unknown = [n for n in names if n not in SECTIONS]
        if unknown or not names:
            raise GameError(f"--only: unknown section '{unknown[0] if unknown else ''}' "
                            f"(choose from {', '.join(SECTIONS)})")
    if args.compare and args.compare_set:
        raise GameError("--compare and --compare-set conflict: compare with another file, "
                        "or with changed parameter values, not both")


def selected_sections(args: argparse.Namespace) -> tuple[str, ...] | None:
    """The sections --brief / --only keep (None: all)."""
    if args.brief:
        return ("answer",)
    if args.only:
        return tuple(n.strip() for n in args.only.split(",") if n.strip())
    return None


def require_matplotlib() -> None:
    """--plot needs the optional matplotlib; say how to get it before any work is done."""
    import importlib.util
    if importlib.util.find_spec("matplotlib") is None:
        raise GameError("--plot needs matplotlib, an optional extra: in this repository "
                        ".venv/bin/pip install -e '.[plot]' (README, set-up); elsewhere "
                        "pip install 'games-analyzer[plot]'")


def _check_output(path: str, option: str, suffixes: tuple[str, ...]) -> None:
    """An output file must be writable (cli.output.check_target), before any work."""
    from .output import check_target
    check_target(path, option, suffixes)


def _check_ranged(game: Game, name: str, option: str) -> None:
    from games.errors import did_you_mean
    par = game.parameters.get(name)
    if par is None:
        hint = did_you_mean(name, game.parameters)
        raise ScenarioError(f"{option}: unknown parameter '{name}'", hint=hint)
    if par.range is None:
        raise ScenarioError(f"{option}: parameter '{name}' has no range to sweep; give it "
                            "one in the scenario (range: [low, high])")
