"""Declared limits on input, checked before any work starts.

Every run must end in bounded time and memory with a clear answer, whatever file or
option it is given. Each limit here is named in its error message together with how
to get past it where that makes sense, and docs/scenario-format.md lists them all.
The checks are small functions so that the readers (scenario, .nfg) and the CLI
share one definition of each limit.
"""
from __future__ import annotations

import math
import os
import stat
from contextlib import contextmanager
from fractions import Fraction
from typing import Iterator

from .errors import GameError, ScenarioError

MAX_FILE_BYTES = 5_000_000          # a scenario or .nfg file
MAX_YAML_NODES = 300_000            # YAML nodes of a scenario (each costs ~10-20 us to read)
MAX_TREE_NODES = 10_000            # nodes of a game tree (YAML or .efg): each costs about
                                    # 0.5 ms from reading to report (a chance or player node
                                    # of 10,000 branches, about 5 s CPU)
MAX_PLAYERS = 32                    # players declared (each with at least one strategy)
MAX_PROFILES = 100_000              # pure profiles, counted from the declared strategies
MAX_PAYOFFS = 600_000               # payoffs, players x pure profiles (16 players of two
                                    # strategies: 1,048,576, over 10 s just to read and check)
MAX_EFFECT_CELLS = 2_000_000        # payoff cells all `effects:` rules touch, summed over rules
MAX_NUMBER_DIGITS = 1_000           # digits of one number written in a file or option
MAX_MAGNITUDE_DIGITS = 300          # nonzero payoffs lie within 1e-300 <= |x| <= 1e300
MAX_SWEEP_POINTS = 1_001            # --steps of a one-parameter sweep
MAX_SWEEP_CELLS = 90_601            # grid cells of a two-parameter sweep (301 x 301: drawn
                                    # from the exact region map when it exists)
SWEEP_ALONE_WORK = 10_000           # a 2-D sweep's points that cannot be grouped by sign class,
                                    # each solved on its own: points x pure profiles, at most
                                    # this (a 2x2 game's 2,500 points, about 1 ms each)
MAX_MONTE_CARLO = 1_000_000         # --monte-carlo draws
MAX_DYNAMICS_STEPS = 1_000_000      # --steps of --dynamics
MAX_SEED = 2 ** 63 - 1              # --seed (numpy's generators take 0 .. 2**63 - 1)
MAX_TIMEOUT = 7 * 24 * 3600.0       # --timeout, seconds (a week)
SENSITIVITY_STEPS = 1_000           # default work budget of each parameter's sensitivity
                                    # analysis: support systems, root isolations, solves
MAX_SENSITIVITY_STEPS = 10_000_000  # --sensitivity-steps
ENUMERATION_BASES = 1_000_000       # default work limit of exact 2-player enumeration: bases
                                    # the reverse search visits (--timeout lifts it) ...
ENUMERATION_ENTRIES = 120_000_000   # ... and fewer in large games: bases times the entries of
                                    # the walked tableau, min(m, n) x (m + n), at most this
                                    # (a base costs about 45 ns per entry: a 30x30 game's
                                    # 66,666 bases about 5 s, not a minute; enumeration_bases)
TALL_BASES = 250_000                # default work limit of a tall game's enumeration (one player
                                    # with 3 to 6 strategies, the other 40+): candidate bases
                                    # tried, about 8 us each (a tied 2,000 x 5 game reached
                                    # ENUMERATION_BASES after 8 s); --timeout lifts it; past
                                    # it, the sets are stated, their extreme points bounded
REGION_STEPS = 2_500                # default work limit of an exact region map: curve
                                    # pieces, crossings and sign classes examined
CRITICAL_DEGREE = 8                 # sensitivity and region maps: a payoff's degree in the
                                    # free parameters times the strategies that may mix, at
                                    # most this (the degree the support systems can reach)
CRITICAL_BITS = 1_200               # ... and its coefficients' bits times the same count
ROBUST_CONIC_BITS = 64              # robustness: a curved (quadratic) boundary is placed
                                    # exactly up to this coefficient size, else bounded
ROBUST_DEGREE = 4                   # robustness: boundaries up to this degree are placed
                                    # exactly (the method works to any degree; 5 and 6 cost
                                    # seconds to minutes on 3-player games), above: bounded
ROBUST_PLANE_DEGREE = 6             # robustness in two parameters: boundaries of degree
                                    # above ROBUST_DEGREE up to this are placed exactly too
                                    # (flint resultants and root isolation), those of degree
ROBUST_FACE_DEGREE = 6              # robustness in three or more parameters: boundaries of
                                    # degree above ROBUST_DEGREE up to this are placed
                                    # exactly too, by the face systems' resultants only
                                    # (robust_faces.py; a system they do not solve: bounded)
ROBUST_PLANE_SECONDS = 10.0         # 5 and 6 within this many seconds of the search in
                                    # all (else bounded, as beyond the degree)
ROBUST_STEPS = 1_000                # default work limit of the robustness search: candidate
                                    # points decided and cells solved (counted, the same on
                                    # every machine); past it, certified bounds and a note
ROBUST_FIELD_STEPS = 25             # ... a cell solved exactly in a number field counts as
                                    # this many with 3 or more players (20-200 ms each where a
                                    # rational one takes 10 ms; its integer-relation searches,
                                    # the long ones, are counted on their own) ...
ROBUST_FIELD_STEPS_2P = 10          # ... and this many with two (vertex pairs over the field)
ROBUST_PARAMETERS = 10              # robustness: ranged parameters moved together at most
                                    # this (the faces of the cube to examine grow as 3**k:
                                    # 11 take about 1 s, 200 never end); beyond, the joint
                                    # verdict is left out and said so (robust_parameters_problem)
REGION_AREA_NORMS = 400            # connected areas of a region map: total degree in b of the
                                    # norms on the critical lines through irrational a (region_areas.py)
REGION_DEGREE = 40                  # exact region map: degree in the first parameter of any
REGION_BITS = 1_000                 # polynomial the projection would build (a resultant or
                                    # discriminant, bounded before it is computed), and bits
                                    # of its coefficients: beyond, refused (a grid map instead)
LISTED_COPIES = 100                 # strategies that copy another one (same payoffs for
                                    # everyone) beyond this: merged, stated in a note
LISTED_EXTREME_POINTS = 2_500       # extreme equilibria a 2-player answer lists one by one
LISTED_PROBABILITIES = 5_000_000    # ... and probabilities it writes for them (each a full
                                    # profile); beyond either, refused before it is built
LISTED_CONDITIONS = 100_000         # conditions stating its convex sets (an inequality per
                                    # strategy each, at most): beyond, refused likewise
STATED_POINTS = 200_000             # extreme equilibria of an n x 2 or tall game counted into
                                    # sets stated beyond the listing limits (their supports
                                    # only, no point built); beyond, the Nash set is stated
                                    # from the faces of the small polytope (tall_sets.py)
MAX_LISTED = 10_000_000             # --max-listed (which raises the three in proportion)
SHOWN_PAYOFF_TABLES = 20            # payoff tables of a text report (one per combination of the
                                    # third and later players' strategies; a 5 x 10 game has
                                    # 1,000: 21 s to draw); beyond, the first ones and a note
SHOWN_PIECES = 4                    # pieces of one continuum a text report states (a tied
                                    # 2,000 x 4 game's set has 14, of 500 probabilities and
                                    # conditions each: 8,000 lines); beyond, a count and
                                    # --format json, which states every one
SHOWN_PIECE_TERMS = 12              # ... and in each piece stated, the strategies named per
                                    # player and the conditions written; beyond, the first
                                    # ones and how many more (continua.py in cli/render)
SHOWN_PAYOFF_ROWS = 200             # rows of one payoff table in a text report; beyond, the
                                    # first ones and a note (--format json has every payoff)
NAMES_IN_A_NOTE = 10                # names a note lists before it says how many it left out
CRITICAL_STEPS = 2_000              # default work limit of the critical polynomials behind a
                                    # sweep or a Monte Carlo run: support systems examined
PAGE_FORMULA_STEPS = 1_000          # default work limit of the --html page's formulas in all
                                    # ranged parameters: support systems solved symbolically
PAGE_FORMULA_PARAMETERS = 12        # ... in at most this many ranged parameters (sympy's
                                    # dense polynomials recurse once per variable: 200 of them
                                    # overflowed the stack); beyond, the page has none, said so
PAGE_PAYOFF_CELLS = 20_000          # --html: payoff cells (players x pure profiles) whose
                                    # expressions the page holds, to redraw the tables and
                                    # check equilibria where the sliders move (a chance move
                                    # of 8 outcomes: 256 x 256 x 2 = 131,072 cells, a 55 MB
                                    # page, 50 s); beyond, the page has the engine's answers
                                    # only, and says so (page_payoffs_problem)
MAX_WORKERS = 256                   # --workers (local processes)
NUMERIC_PAYOFFS = 100_000           # a game of 3+ players too large to enumerate exactly gets a
                                    # numeric search instead: without --timeout, only when its
                                    # pure profiles x players are at most this (a random 5 x 7
                                    # game's 84,035: 3.6 s of CPU; 5 x 10's 500,000: minutes);
                                    # beyond, refused first (numeric_search_problem)
QUICK_SUPPORT_PROFILES = 2_000      # exact N-player enumeration beyond this: say so first
SUPPORT_PROFILES_PER_SECOND = 100   # rough rate of exact N-player enumeration, for that note
                                    # (a random 4x4x4 game, docs/long-runs.md)
QUICK_BASES = 100_000               # exact 2-player enumeration whose bound on the bases
                                    # visited is beyond this (14x14 and up): say so first
TREE_FORM_BASES = 50_000            # a game tree's reduced form whose exact enumeration may
                                    # visit more vertex bases than this (13 x 13 and up): its
                                    # pure equilibria only, no dominance, said so (tree/large.py;
                                    # --timeout enumerates); the SPE come from the tree itself
BASES_PER_SECOND = 10_000           # rough rate of the reverse search, for that note (wall
                                    # time, random 12x12-16x16 games on a busy machine: 10,000
                                    # to 17,000 a second; processor time 23,000 to 44,000;
                                    # docs/long-runs.md)
WALK_ENTRIES_PER_SECOND = 6_000_000  # ... or, from about 25x25 on where it is slower, int64
                                    # bases at this many tableau entries a second (each base's
                                    # ratio tests and pivot read its whole tableau): processor
                                    # time 18 to 37 million at 20x20 to 300x300, wall a third
                                    # of that on a busy machine (docs/long-runs.md)
WIDE_ENTRIES_PER_SECOND = 4_000_000  # ... and its bases whose entries pass 2^60, up to about
                                    # 2^100, pivoted in wide numpy batches (wide_pivot.py):
                                    # tableau entries a second, wall on a busy machine (a random
                                    # 20x20 walk's wide bases: 14 million a second of processor
                                    # time, its int64 ones 26 million; docs/long-runs.md)
BIG_ENTRIES_PER_SECOND = 2_000_000  # ... and of its bases whose integer entries pass 2^100,
                                    # pivoted as Python integers: tableau entries a second
                                    # (wall time on a busy machine; processor time 5.4 to 7.3
                                    # million at 20x20 to 40x40: a 30x30 base, 961 entries,
                                    # about 2,000 a second; docs/long-runs.md)
MAX_WALK_SECONDS = 3_600            # exact 2-player enumeration whose estimated walk
                                    # (walk_estimate.py: a level-by-level sample of its tree,
                                    # at the rates above) is longer than this, without
                                    # --timeout: refused first
MAX_WALK_ENTRIES = 2 * MAX_WALK_SECONDS * WALK_ENTRIES_PER_SECOND   # ... and any default walk
                                    # stops, marked incomplete, once the tableau entries of
                                    # its bases pass this (4.3e10: a random 20x20's walk is
                                    # 9e8): the backstop of a walk estimated within the
                                    # limit that is not (a tied game whose ties thin out)
TIED_WALK_ENTRIES = 2 * ENUMERATION_ENTRIES  # ... or this, for a walk left to the cap on ties
                                    # (its levels probed mostly at degenerate vertices), which
                                    # a walk truly tied reaches well before (a 0/1 100x100
                                    # game: 8e7): 2.4e8, seconds, when its ties thin out

_BIG = Fraction(10) ** MAX_MAGNITUDE_DIGITS
_SMALL = 1 / _BIG
_SAFE_BITS = 990                    # 2**990 < 1e300


def read_file_bytes(path: str, shown: str | None = None) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; ScenarioError otherwise.

    The file is opened without blocking and checked on the open descriptor, so a FIFO,
    a device such as /dev/zero or a directory is refused without reading from it.
    Messages name the file as `shown` (default: `path`)."""
    where, path = (shown or path), path
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ScenarioError("no such file", where) from None
    except IsADirectoryError:
        raise ScenarioError("is a directory, not a scenario file", where) from None
    except PermissionError:
        raise ScenarioError("permission denied", where) from None
    except (OSError, ValueError) as exc:
        raise ScenarioError(f"cannot read the file ({getattr(exc, 'strerror', None) or exc})",
                            where) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ScenarioError(f"is {_file_kind(info.st_mode)}, not a regular file; only "
                                "regular files are read", where)
        if info.st_size > MAX_FILE_BYTES:
            raise ScenarioError(_too_big(info.st_size), where)
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_FILE_BYTES:          # the file grew while being read
                raise ScenarioError(_too_big(total), where)
        return b"".join(chunks)
    except OSError as exc:
        raise ScenarioError(f"cannot read the file ({exc.strerror or exc})", where) from None
    finally:
        os.close(fd)


def _too_big(size: int) -> str:
    return (f"file too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes): "
            "write large games compactly with 'effects:' and parameters")


def _file_kind(mode: int) -> str:
    """'a directory', 'a FIFO (named pipe)', ... for a file mode."""
    kinds = [(stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket")]
    return next((name for test, name in kinds if test(mode)), "a special file")


def too_many_tree_nodes() -> str:
    """The one message of a game tree past MAX_TREE_NODES (both readers, the writer)."""
    return (f"the tree has more than {MAX_TREE_NODES:,} nodes (the limit, MAX_TREE_NODES "
            "in games/limits.py)")


def game_size_problem(shape: tuple[int, ...]) -> str | None:
    """Why a game of this shape (strategies per player) is refused, or None."""
    if len(shape) > MAX_PLAYERS:
        return f"too many players ({len(shape)}; the limit is {MAX_PLAYERS})"
    total = math.prod(shape)
    if total > MAX_PROFILES:
        dims = " x ".join(_count(m, grouped=False) for m in shape)
        return (f"game too large: {dims} = {_count(total)} pure profiles (the limit is "
                f"{MAX_PROFILES:,}); remove dominated or irrelevant strategies, or merge "
                "players who act alike")
    if total * len(shape) > MAX_PAYOFFS:
        return (f"game too large: {len(shape)} players x {_count(total)} pure profiles = "
                f"{_count(total * len(shape))} payoffs (the limit is {MAX_PAYOFFS:,}); remove "
                "irrelevant strategies or players, or merge players who act alike")
    return None


def _count(n: int, grouped: bool = True) -> str:
    """A count for a one-line message (with thousands separators if `grouped`), or as a
    power of ten past 15 digits (a tree's reduced form can count plans in hundreds)."""
    if n < 10**15:
        return f"{n:,}" if grouped else str(n)
    e = math.floor(math.log10(n))
    e -= 10**e > n                      # the float logarithm corrected by one either way
    e += 10 ** (e + 1) <= n
    return f"at least 10^{e}"


def numeric_search_too_large(shape: tuple[int, ...]) -> bool:
    """Has a game of 3+ players (`shape`) more payoffs (pure profiles x players) than
    the numeric search takes without --timeout (NUMERIC_PAYOFFS)?"""
    return len(shape) >= 3 and math.prod(shape) * len(shape) > NUMERIC_PAYOFFS


def numeric_search_problem(shape: tuple[int, ...], supports: str) -> str | None:
    """Why the numeric search that stands in for the exact enumeration of a game of 3+
    players (`shape`; `supports`: why that enumeration is refused) is refused without
    --timeout, or None: its logit tracing and support systems each pass over every
    payoff, and beyond NUMERIC_PAYOFFS they take minutes."""
    if not numeric_search_too_large(shape):
        return None
    payoffs = math.prod(shape) * len(shape)
    dims = " x ".join(str(m) for m in shape)
    return (f"exact enumeration refused ({supports}), and its stand-in, a numeric search, "
            f"is limited to {NUMERIC_PAYOFFS:,} payoffs (pure profiles x players; "
            f"NUMERIC_PAYOFFS) without a time limit: this {dims} game has {payoffs:,}. Ways "
            "forward: --timeout SECONDS (the pure equilibria and what the numeric search finds "
            "within that time, marked partial), --method pure (pure equilibria only), or "
            "remove strategies")


def robust_parameters_problem(count: int) -> str | None:
    """Why the joint robustness of `count` ranged parameters is not analysed, or None:
    the cube's faces it examines grow as 3**count."""
    if count <= ROBUST_PARAMETERS:
        return None
    return (f"robustness to joint change is left out: {count:,} ranged parameters, more "
            f"than the {ROBUST_PARAMETERS} it moves together (the limit); each parameter's "
            f"thresholds are still given. To analyse a joint change, keep a range on at "
            f"most {ROBUST_PARAMETERS} parameters (remove the others' `range:`)")


def page_payoffs_problem(players: int, profiles: int) -> str | None:
    """Why the --html page of a parametric game of `players` players and `profiles` pure
    profiles leaves out its payoff expressions (and so the equilibria it would check
    where the sliders move), or None: beyond PAGE_PAYOFF_CELLS cells the page took
    tens of seconds to write and tens of megabytes to hold them."""
    cells = players * profiles
    if cells <= PAGE_PAYOFF_CELLS:
        return None
    return (f"the payoff expressions and the equilibrium formulas in several parameters, "
            f"which the page evaluates where the sliders move: the game has {cells:,} "
            f"payoff cells (players x pure profiles), more than the {PAGE_PAYOFF_CELLS:,} "
            "a page holds (the limit, PAGE_PAYOFF_CELLS). The page shows the engine's own "
            "answers (at the baseline, and at each threshold and range end of a parameter "
            "moved alone); for any other point run analyze with --set NAME=VALUE")


def yaml_nodes_problem(count: int) -> str | None:
    """Why a scenario of `count` YAML nodes (scalars, lists, mappings) is refused, or None:
    a file under the size limit can hold a million tiny nodes, slow to compose."""
    if count <= MAX_YAML_NODES:
        return None
    return (f"too many YAML values (over {MAX_YAML_NODES:,}; the limit is "
            f"{MAX_YAML_NODES:,}): write large games as a payoff table or with fewer, "
            "broader `effects:` rules")


def effect_cells_problem(total: int) -> str | None:
    """Why `effects:` rules touching `total` payoff cells in all are refused, or None:
    each touch is work, and a small file can ask for billions of them."""
    if total <= MAX_EFFECT_CELLS:
        return None
    return (f"the effects touch {total:,} payoff cells in all, counting each rule's matching "
            f"profiles (the limit is {MAX_EFFECT_CELLS:,}); merge rules that apply to the "
            "same profiles into one, or write the payoffs as a table")


def number_digits_problem(text: str) -> str | None:
    """Why a number as written is refused (too many digits), or None."""
    digits = sum(ch.isdigit() for ch in text)
    if digits > MAX_NUMBER_DIGITS:
        return (f"number too long ({digits:,} digits; the limit is {MAX_NUMBER_DIGITS:,}): "
                "rescale the payoffs (equilibria do not change when a player's payoffs are "
                "multiplied by a positive number)")
    return None


def magnitude_problem(value: Fraction) -> str | None:
    """Why a payoff value is refused (beyond 1e300 or a nonzero below 1e-300), or None."""
    if not value:
        return None
    bits = abs(value.numerator).bit_length() - value.denominator.bit_length()
    if -_SAFE_BITS < bits < _SAFE_BITS:        # |value| within 2**-990 .. 2**990: fine
        return None
    if not _SMALL <= abs(value) <= _BIG:
        side = "large" if abs(value) > _BIG else "small"
        return (f"payoff too {side} ({_order(value)}; payoffs must lie within 1e-"
                f"{MAX_MAGNITUDE_DIGITS} <= |x| <= 1e{MAX_MAGNITUDE_DIGITS}): rescale the "
                "payoffs (equilibria do not change when a player's payoffs are multiplied "
                "by a positive number)")
    return None


def _order(value: Fraction) -> str:
    """'about 1e400' for a Fraction, without converting it to float."""
    a = abs(value)
    digits = len(str(a.numerator)) - len(str(a.denominator))
    return f"about 1e{digits}"


def sweep_alone_problem(points: int, profiles: int, steps: int, why: str) -> str | None:
    """A 2-D sweep whose `points` grid points (of a game of `profiles` pure profiles)
    could not be grouped by sign class (`why`) and would each be solved on its own: the
    refusal naming SWEEP_ALONE_WORK and the --steps that fit, or None within it."""
    if points * profiles <= SWEEP_ALONE_WORK:
        return None
    fit = math.isqrt(max(1, SWEEP_ALONE_WORK // profiles))
    return (f"this 2-D sweep's {points:,} grid points could not be grouped by sign class "
            f"({why}), and solving each on its own is limited to {SWEEP_ALONE_WORK:,} "
            f"points x pure profiles (SWEEP_ALONE_WORK in games/limits.py: "
            f"{SWEEP_ALONE_WORK // profiles:,} points of this {profiles:,}-profile game, "
            f"not {steps:,} x {steps:,}); use --steps {fit} or fewer"
            + ("" if fit >= 2 else ", or a 1-D sweep (--sweep NAME once)"))


def check_count(value: int | None, option: str, low: int, high: int, what: str) -> None:
    """An integer option within [low, high] (games.arguments.count: the API's check,
    the same words); an error naming the limit otherwise."""
    if value is not None:
        from .arguments import count
        count(value, option, low, high, what)


def enumeration_bases(m: int, n: int) -> int:
    """The default work limit of an m x n game's exact enumeration, in bases visited:
    ENUMERATION_BASES, or fewer where a base costs more (its tableau has min(m, n) x
    (m + n) entries), so that every game reaches its cap in about the same time
    (ENUMERATION_ENTRIES). Counted, so the same on every machine."""
    return max(1, min(ENUMERATION_BASES, ENUMERATION_ENTRIES // (min(m, n) * (m + n))))


@contextmanager
def listing_limit(points: int | None) -> Iterator[None]:
    """Within the block, a 2-player answer lists up to `points` extreme equilibria, and
    the limits on the probabilities and conditions written grow in proportion
    (`--max-listed`; None: the defaults)."""
    global LISTED_EXTREME_POINTS, LISTED_PROBABILITIES, LISTED_CONDITIONS
    saved = LISTED_EXTREME_POINTS, LISTED_PROBABILITIES, LISTED_CONDITIONS
    if points is not None:
        LISTED_PROBABILITIES = saved[1] * points // saved[0]
        LISTED_CONDITIONS = saved[2] * points // saved[0]
        LISTED_EXTREME_POINTS = points
    try:
        yield
    finally:
        LISTED_EXTREME_POINTS, LISTED_PROBABILITIES, LISTED_CONDITIONS = saved


def check_timeout(value: float | None) -> None:
    """--timeout: a positive, finite number of seconds (at most MAX_TIMEOUT)."""
    if value is None:
        return
    if not math.isfinite(value) or value <= 0:
        raise GameError(f"--timeout must be a positive, finite number of seconds (got {value}); "
                        "leave it out to run without a time limit")
    if value > MAX_TIMEOUT:
        raise GameError(f"--timeout {value:g} is above the limit of {MAX_TIMEOUT:,.0f} s "
                        "(a week); leave it out to run without a time limit")
