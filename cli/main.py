"""`analyze SCENARIO [options]`: argument parsing, exit codes and error printing.

Exit status: 0 on success, 2 on bad input (file, option or a game too large for the
chosen method), 1 on an internal error. Errors are one line on stderr, no traceback.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
from contextlib import contextmanager
from typing import Iterator, NoReturn, Sequence

DESCRIPTION = """\
Analyse a strategic scenario as a normal-form game, exactly.

SCENARIO is a YAML scenario file (see docs/scenario-format.md) or a Gambit .nfg
file. The report shows the payoff tables with best responses marked, dominated
strategies, every Nash equilibrium (pure and mixed, exact fractions or radicals,
each checked so that no player gains by deviating) and, for every parameter with a
range, the exact values at which the equilibria change.
"""

EPILOG = """\
examples:
  analyze scenarios/idlib_m4_patrols.yaml
  analyze scenarios/chicken.yaml --set crash_cost=20
  analyze scenarios/idlib_m4_patrols.yaml --sweep militia_support --steps 7
  analyze scenarios/idlib_m4_patrols.yaml --sweep militia_support --sweep escalation_cost
  analyze scenarios/idlib_m4_patrols.yaml --regions push_cost moscow_patience --plot map.png
  analyze scenarios/idlib_m4_patrols.yaml --monte-carlo 10000 --seed 1
  analyze scenarios/idlib_m4_patrols.yaml --compare-set militia_support=1
  analyze scenarios/battle_of_the_sexes.yaml --explain
  analyze scenarios/chicken.yaml --concepts
  analyze scenarios/matching_pennies.yaml --dynamics fictitious-play --steps 500
  analyze scenarios/battle_of_the_sexes.yaml --html bos.html
  analyze scenarios/chicken.yaml --export chicken.nfg
  analyze scenarios/chicken.yaml --set crash_cost=20 --export chicken_20.yaml
  analyze --schema > scenario.schema.json
  analyze scenarios/prisoners_dilemma.yaml --format json
  analyze scenarios/chicken.yaml scenarios/stag_hunt.yaml --workers 2 --format json

exit status: 0 success, 2 bad input (the message names file:line:column), 1 internal error.
"""


class Parser(argparse.ArgumentParser):
    """argparse, with option errors on one line (and exit status 2)."""

    def error(self, message: str) -> "NoReturn":
        self.exit(2, f"analyze: error: {message} (see analyze --help)\n")


class Version(argparse.Action):
    """--version: the installed package's version, looked up only when asked."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from importlib.metadata import PackageNotFoundError, version
        try:
            number = version("games-analyzer")
        except PackageNotFoundError:
            number = "unknown (not installed)"
        parser.exit(0, f"analyze {number}\n")


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface, with help that teaches."""
    p = Parser(prog="analyze", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", metavar="SCENARIO", nargs="*",
                   help="scenario .yaml or Gambit .nfg file; several files are analysed as "
                        "one batch, in parallel, and reported in the order given")
    p.add_argument("--version", action=Version, nargs=0,
                   help="print the version of the analyzer and exit")
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter's value, exactly (e.g. 0.1 or 1/3); repeatable")
    p.add_argument("--format", choices=["table", "json", "markdown", "latex"], default="table",
                   help="output format (default: table, for the terminal; latex: a "
                        "standalone document with the payoff and equilibrium tables)")
    p.add_argument("--method", choices=["auto", "exact", "pure", "numeric"], default="auto",
                   help="auto/exact: every equilibrium exactly; pure: pure equilibria only; "
                        "numeric: a verified numeric sample, for games too large to enumerate")
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="time budget for equilibrium enumeration; when it runs out a numeric "
                        "method reports at least one verified equilibrium")
    p.add_argument("--max-listed", type=int, metavar="N",
                   help="list up to N extreme equilibria of a 2-player game (default 2,500; "
                        "beyond, the answer is refused before it is built), and "
                        "proportionally more probabilities and conditions")
    p.add_argument("--no-sensitivity", action="store_true",
                   help="skip the sensitivity table")
    scale = p.add_argument_group("scale")
    scale.add_argument("--workers", type=int, metavar="N",
                       help="local worker processes for sweeps, maps, Monte Carlo and batches "
                            "(default: every core; 1 runs everything in this process); the "
                            "results are the same whatever N is")
    scale.add_argument("--cluster", metavar="ADDRESS",
                       help="run that work on a Dask cluster instead (e.g. tcp://host:8786; "
                            "needs the optional extra: pip install 'games-analyzer[cluster]')")
    p.add_argument("--progress", action="store_true",
                   help="show progress bars on stderr even when it is not a terminal or the "
                        "output is JSON (shown on a terminal by default)")
    p.add_argument("--brief", action="store_true",
                   help="print only the answer: the prediction and how robust it is")
    p.add_argument("--only", metavar="SECTIONS",
                   help="print only these sections, comma-separated, among: answer, regions, "
                        "sweep, monte-carlo, comparison, game, payoffs, dominance, equilibria, "
                        "sensitivity, robustness, ordinal, explanation, concepts, dynamics")
    sens = p.add_argument_group("sensitivity")
    sens.add_argument("--sensitivity-steps", type=int, metavar="N",
                      help="work budget of each parameter's sensitivity analysis, in steps "
                           "(support systems, root isolations, solves; default 1000): the "
                           "same answer on every machine")
    sens.add_argument("--sweep", action="append", default=[], metavar="NAME",
                      help="tabulate the equilibria across NAME's range; give two names for a "
                           "2-D map of which equilibrium set holds where")
    sens.add_argument("--regions", nargs=2, metavar=("A", "B"),
                      help="the exact regions of one equilibrium structure over two ranged "
                           "parameters: their boundaries, formulas and a map")
    sens.add_argument("--steps", type=int, metavar="N",
                      help="grid points per swept parameter (default 11), or rounds of "
                           "--dynamics (default 200)")
    sens.add_argument("--plot", metavar="FILE.png",
                      help="draw the sweep, the --regions map, the Monte Carlo predictions, the "
                           "dynamics or a game tree (FILE.png or FILE.svg) (needs matplotlib: "
                           "pip install '.[plot]')")
    sens.add_argument("--monte-carlo", type=int, metavar="N",
                      help="draw every ranged parameter N times; report how often each "
                           "equilibrium support holds (with payoffs_are: ranks, the number of "
                           "cardinal readings of the ranks drawn; default 1000)")
    sens.add_argument("--seed", type=int, help="random seed for --monte-carlo")
    sens.add_argument("--compare", metavar="OTHER.yaml",
                      help="compare with another scenario file: changed payoffs and equilibria")
    sens.add_argument("--compare-set", action="append", default=[], metavar="NAME=VALUE",
                      help="compare the baseline with these parameter values; repeatable")
    teach = p.add_argument_group("teaching")
    teach.add_argument("--explain", action="store_true",
                       help="explain the reasoning step by step: best responses, each "
                            "elimination, why each equilibrium holds, the indifference "
                            "equations behind each mixed one")
    teach.add_argument("--concepts", action="store_true",
                       help="further solution concepts: maxmin strategies, Pareto efficiency, "
                            "payoff and risk dominance, correlated equilibrium, zero-sum "
                            "value, the 2x2 game's type")
    teach.add_argument("--dynamics", choices=["fictitious-play", "replicator"],
                       help="simulate learning dynamics (2 players) and say where play settles")
    tools = p.add_argument_group("files")
    tools.add_argument("--export", metavar="FILE",
                       help="also write the game at the parameter values used: FILE.nfg as a "
                            "Gambit .nfg file, for cross-checking in Gambit; FILE.yaml (or .yml) "
                            "as a scenario file, --set values as the new baselines and effects "
                            "folded into one payoff row per profile")
    tools.add_argument("--html", metavar="FILE.html",
                       help="also write a self-contained interactive page: the report, a "
                            "slider per ranged parameter and the exact equilibria at the "
                            "slider's point (open FILE.html#name=value to set a point)")
    tools.add_argument("--schema", action="store_true",
                       help="print the JSON Schema of scenario files (for editor completion "
                            "and validation) and exit")
    return p


def fail(message: str, status: int = 2) -> int:
    """Print a one-line error on stderr and return the exit status."""
    from .render.text import one_line
    print(f"analyze: error: {one_line(message)}", file=sys.stderr)
    return status


GC_THRESHOLDS = (100_000, 50, 1_000)   # new objects between collections, per generation


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cyclic collector less often during a run (restored after): a large game
    keeps a million objects alive (YAML nodes, payoffs, dominance results), which the
    default thresholds traversed again and again: a fifth of a 50,000-action game's time.
    Almost everything is freed by reference counting; cycles are collected, later."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.schema:
        from games.scenario.schema import schema_text
        print(schema_text())
        return 0
    if not args.scenario:
        return fail("a SCENARIO file is required (see analyze --help)")
    from games.errors import GameError
    try:
        with _fewer_collections():
            return run(args)
    except GameError as err:
        return fail(str(err))
    except KeyboardInterrupt:
        return fail("interrupted", 130)
    except BrokenPipeError:
        return 0
    except MemoryError:       # a legal game too large for the memory this process may use
        return fail("out of memory: the analysis of this game needs more memory than this "
                    "process may use; try --method numeric, --no-sensitivity, or a smaller "
                    "game (docs/long-runs.md)", 2)
    except Exception as err:  # an engine bug: one line, and a way to see the details
        if os.environ.get("ANALYZE_DEBUG"):
            raise
        return fail(f"internal error: {type(err).__name__}: {err} (set ANALYZE_DEBUG=1 "
                    "for the traceback, and please report it with the input file)", 1)


def run(args: argparse.Namespace) -> int:
    """Load, check every option, analyse, then render; nothing is written on error."""
    from games.limits import listing_limit

    from . import commands
    with listing_limit(getattr(args, "max_listed", None)):
        return commands.run(args)


if __name__ == "__main__":
    sys.exit(main())
