"""Random games against Gambit: our equilibria compared with pygambit's (a test-only oracle).

Each game is drawn with small integer payoffs (0..3 mostly, so many games are
degenerate), written with `games.formats.nfg.write_nfg`, read back with our reader
`games.formats.nfg.read_nfg`, solved with `games.analysis.solve`, and compared with Gambit
reading the same file:

- 2 players: `enummixed_solve(rational=True)` lists the extreme equilibria exactly;
  our set must be the same set, exactly.
- 3 and 4 players: every equilibrium `enumpoly_solve(use_strategic=True)` lists must
  be among ours (to 1e-6), unless it is not an equilibrium at all (rationalised and
  checked exactly: a Gambit error, counted) or lies in a non-isolated set of
  equilibria that we report as a component of the same support (counted). Every
  equilibrium of ours must pass the exact deviation check.

Gambit runs in a separate process with a time limit per game (enumpoly can run for
a long time on degenerate games); a game whose Gambit run times out is not compared
and is counted. The bulk uses fixed seeds (reproducible); `test_fresh_seed` draws a
new seed each run and prints it (set ORACLE_SEED=... to replay it).

`python -m tests.test_oracle` (from the repository root) runs every batch and prints the totals quoted in
docs/verification.md.
"""
from __future__ import annotations

import json
import os
import random
import secrets
import select
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
import pytest

from games.analysis import solve
from games.model import Game, Player, Strategy
from games.formats.nfg import read_nfg, write_nfg
from games.numbers import to_float
from games.solvers.verify import check_equilibrium, max_regret_float

pygambit = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")
pytestmark = pytest.mark.slow

GAMBIT_TIMEOUT = {"enummixed": 10.0, "enumpoly": 3.0}    # seconds per game
TOLERANCE = 1e-6            # matching Gambit's floating-point enumpoly output
CHUNK = 12                  # games per test, so pytest -n 2 balances the work

# Gambit runs in this child process, which reads one JSON task per line (a game as an
# .nfg path, or as payoff arrays read as floats) and answers with one "RESULT <json>"
# line (anything else Gambit prints is ignored).
_WORKER = r"""
import json, sys
import numpy as np
import pygambit as gbt
for line in sys.stdin:
    task = json.loads(line)
    try:
        if task["method"] == "ping":
            out = []
        else:
            if "arrays" in task:
                game = gbt.Game.from_arrays(*[np.array(a, dtype=float) for a in task["arrays"]])
            else:
                game = gbt.read_nfg(task["path"])
            if task["method"] == "enummixed":
                res = gbt.nash.enummixed_solve(game, rational=True)
            else:
                res = gbt.nash.enumpoly_solve(game, use_strategic=True)
            out = [[[str(eq[s]) for s in p.strategies] for p in game.players]
                   for eq in res.equilibria]
        sys.stdout.write("RESULT " + json.dumps(out) + "\n")
    except Exception as exc:
        sys.stdout.write("ERROR " + json.dumps(f"{type(exc).__name__}: {exc}") + "\n")
    sys.stdout.flush()
"""


class Gambit:
    """A pygambit child process answering one solve at a time, under a time limit."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.buffer = b""

    def start(self) -> None:
        """Start (or restart) the child and wait until pygambit is imported."""
        self.close()
        self.proc = subprocess.Popen([sys.executable, "-c", _WORKER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.buffer = b""
        if self._ask({"method": "ping"}, 60.0) is None:
            raise RuntimeError("the pygambit worker did not start")

    def solve(self, path: Path, method: str, timeout: float | None = None
              ) -> list[list[list[str]]] | None:
        """Gambit's equilibria of the .nfg file as strings, or None when it times out."""
        return self._solve({"method": method, "path": str(path)}, timeout)

    def solve_arrays(self, arrays: list, method: str, timeout: float | None = None
                     ) -> list[list[list[str]]] | None:
        """Gambit's equilibria of the game with these payoff arrays (one per player,
        read as floats by `Game.from_arrays`) as strings, or None when it times out."""
        return self._solve({"method": method, "arrays": arrays}, timeout)

    def _solve(self, task: dict, timeout: float | None) -> list[list[list[str]]] | None:
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        limit = GAMBIT_TIMEOUT[task["method"]] if timeout is None else timeout
        answer = self._ask(task, limit)
        if answer is None:          # timed out: the child is killed, restart next time
            self.close()
        return answer

    def _ask(self, task: dict, timeout: float) -> Any:
        assert self.proc is not None and self.proc.stdin and self.proc.stdout
        self.proc.stdin.write((json.dumps(task) + "\n").encode())
        self.proc.stdin.flush()
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while True:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                text = line.decode(errors="replace")
                if text.startswith("RESULT "):
                    return json.loads(text[7:])
                if text.startswith("ERROR "):
                    raise RuntimeError(f"pygambit failed: {json.loads(text[6:])}")
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                return None
            data = os.read(fd, 1 << 16)
            if not data:
                raise RuntimeError("the pygambit worker died")
            self.buffer += data

    def close(self) -> None:
        """Stop the child process (it is ours: killed by its own handle)."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout):
                if stream:
                    stream.close()
            self.proc = None


# ------------------------------------------------------------------ random games

@dataclass(frozen=True)
class Batch:
    """A family of random games: shapes drawn from `shapes`, payoffs 0..high."""

    label: str
    shapes: tuple[tuple[int, ...], ...]
    count: int
    high: int = 3
    seed: int = 0
    slow: bool = False
    gambit_answers: bool = True     # Gambit is expected to finish on most of them


BATCHES = [
    Batch("2x2", ((2, 2),), 72, 3, 101),
    Batch("2x2 payoffs 0..9", ((2, 2),), 24, 9, 102),
    Batch("3x3", ((3, 3),), 48, 3, 103),
    Batch("small rectangular", ((2, 3), (3, 2), (2, 4), (4, 2), (3, 4), (4, 3)), 48, 3, 104),
    Batch("4x4 and 5x5", ((4, 4), (5, 5)), 36, 3, 105),
    Batch("6x6 and 7x7", ((6, 6), (7, 7)), 12, 3, 106, slow=True),
    Batch("8x8", ((8, 8),), 8, 3, 107, slow=True),
    Batch("2x2x2", ((2, 2, 2),), 60, 3, 201),
    Batch("2x2x2 payoffs 0..9", ((2, 2, 2),), 24, 9, 202),
    Batch("3x2x2", ((3, 2, 2), (2, 3, 2), (2, 2, 3)), 36, 3, 203, gambit_answers=False),
    Batch("3x2x2 payoffs 0..99", ((3, 2, 2), (2, 3, 2), (2, 2, 3)), 12, 99, 204),
    Batch("3x3x2", ((3, 3, 2), (3, 2, 3), (2, 3, 3)), 12, 3, 205, slow=True,
          gambit_answers=False),
    Batch("3x3x2 payoffs 0..99", ((3, 3, 2), (3, 2, 3), (2, 3, 3)), 12, 99, 206, slow=True),
    Batch("2x2x2x2", ((2, 2, 2, 2),), 24, 3, 301, slow=True, gambit_answers=False),
    Batch("2x2x2x2 payoffs 0..99", ((2, 2, 2, 2),), 12, 99, 302, slow=True),
]


def random_game(rng: random.Random, shape: tuple[int, ...], high: int, title: str) -> Game:
    """A game with independent uniform integer payoffs in 0..high."""
    players = [Player(f"P{i + 1}", tuple(Strategy(f"s{j + 1}") for j in range(k)))
               for i, k in enumerate(shape)]
    payoffs = np.empty((len(shape), *shape), dtype=object)
    for idx in np.ndindex(payoffs.shape):
        payoffs[idx] = Fraction(rng.randint(0, high))
    return Game(players, payoffs, title=title)


def batch_games(batch: Batch, chunk: int, seed: int | None = None) -> list[Game]:
    """The games of one chunk of a batch (deterministic for a fixed seed)."""
    rng = random.Random(f"{batch.seed if seed is None else seed}/{chunk}")
    n = min(CHUNK, batch.count - chunk * CHUNK)
    return [random_game(rng, rng.choice(batch.shapes), batch.high,
                        f"{batch.label} #{chunk * CHUNK + k}") for k in range(n)]


# ------------------------------------------------------------------ comparison

@dataclass
class Tally:
    """What the comparison found, over many games."""

    games: int = 0
    compared: int = 0               # Gambit finished and the answers were compared
    agreed: int = 0                 # nothing to report for this game
    degenerate: int = 0             # games our solver flagged as degenerate
    gambit_timeouts: int = 0
    our_seconds: float = 0.0
    gambit_seconds: float = 0.0
    gambit_equilibria: int = 0
    our_equilibria: int = 0
    gambit_not_equilibria: list[str] = field(default_factory=list)
    gambit_in_component: list[str] = field(default_factory=list)
    gambit_missed: int = 0          # isolated equilibria of ours Gambit did not list
    problems: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


def exact_profile(profile: Any) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(tuple(Fraction(p) for p in probs) for probs in profile)


def rationalise(profile: list[list[str]]) -> tuple[tuple[Fraction, ...], ...] | None:
    """A float profile from Gambit as nearby small fractions, when they sum to 1 exactly."""
    out = tuple(tuple(Fraction(p).limit_denominator(10_000) for p in probs) for probs in profile)
    return out if all(sum(probs) == 1 for probs in out) else None


def close(ours: list[list[float]], theirs: list[list[float]]) -> bool:
    return all(abs(a - b) <= TOLERANCE for pa, pb in zip(ours, theirs) for a, b in zip(pa, pb))


def support_of(profile: list[list[float]]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(j for j, p in enumerate(probs) if p > TOLERANCE) for probs in profile)


def describe(text: str, ours: Any, theirs: Any) -> str:
    """The game and both answers, for a failure message."""
    ours_s = [[[str(p) for p in probs] for probs in e.profile] for e in ours.equilibria]
    return (f"\n--- game (.nfg) ---\n{text}--- ours ({ours.method}, degenerate="
            f"{ours.degenerate}, components={len(ours.components)}) ---\n"
            + "\n".join(map(str, ours_s)) + "\n--- Gambit ---\n"
            + "\n".join(map(str, theirs)) + "\n")


def compare_two_player(game: Game, text: str, ours: Any, theirs: list) -> Tally:
    """Exact set equality with enummixed; differences are classified exactly."""
    t = Tally(compared=1)
    got = {exact_profile(e.profile) for e in ours.equilibria}
    want = {tuple(tuple(Fraction(p) for p in probs) for probs in prof) for prof in theirs}
    t.gambit_equilibria, t.our_equilibria = len(want), len(got)
    bad = [p for p in want - got if not check_equilibrium(game, p).ok]
    t.gambit_not_equilibria += [f"{game.title}: {p}" for p in bad]
    missing = want - got - set(bad)
    extra = got - want
    if missing or extra:
        t.problems.append(f"{game.title}: we miss {sorted(map(str, missing))}, we add "
                          f"{sorted(map(str, extra))}" + describe(text, ours, theirs))
    return t


def compare_n_player(game: Game, text: str, ours: Any, theirs: list) -> Tally:
    """Every Gambit equilibrium among ours (or explained); ours all verified."""
    t = Tally(compared=1, our_equilibria=len(ours.equilibria))
    floats = [[[float(Fraction(p)) for p in probs] for probs in prof] for prof in theirs]
    t.gambit_equilibria = len(floats)
    mine = [[[to_float(p) for p in probs] for probs in e.profile] for e in ours.equilibria]
    in_components = {m for c in ours.components for m in c.members}
    component_supports = {ours.equilibria[m].support for m in in_components}
    for prof, raw in zip(floats, theirs):
        if any(close(m, prof) for m in mine):
            continue
        exact = rationalise(raw)
        if exact is not None and not check_equilibrium(game, exact).ok and \
                max_regret_float(game, prof) > TOLERANCE:
            t.gambit_not_equilibria.append(f"{game.title}: {raw}")
        elif support_of(prof) in component_supports:
            t.gambit_in_component.append(f"{game.title}: {raw}")
        else:
            t.problems.append(f"{game.title}: Gambit's equilibrium {raw} is not among ours"
                              + describe(text, ours, theirs))
    for k, m in enumerate(mine):
        if k not in in_components and not any(close(m, p) for p in floats):
            t.gambit_missed += 1
    return t


def check_game(game: Game, gambit: Gambit, folder: Path) -> Tally:
    """Write, read back, solve, verify and compare one game."""
    path = folder / "game.nfg"
    write_nfg(game, path)
    text = path.read_text()
    mine = read_nfg(path)
    t = Tally(games=1)
    if not np.array_equal(mine.payoffs, game.payoffs):
        t.problems.append(f"{game.title}: payoffs changed in the .nfg round trip\n{text}")
        return t
    start = time.perf_counter()
    try:
        ours = solve(mine)
    except Exception as exc:        # a crash is a finding: report the game, go on
        t.problems.append(f"{game.title}: solve() raised {type(exc).__name__}: {exc}\n{text}")
        return t
    t.our_seconds = time.perf_counter() - start
    t.degenerate = int(bool(ours.degenerate))
    for e in ours.equilibria:
        if all(isinstance(p, Fraction) for probs in e.profile for p in probs):
            verdict = check_equilibrium(mine, e.profile)
            ok, reason = verdict.ok, verdict.reason
        else:
            # algebraic (CRootOf) probabilities: check_equilibrium is exact but can take
            # minutes on quartic roots, so check to 50 digits instead
            regret = precise_regret(mine, e.profile)
            ok, reason = regret < mpmath.mpf(10) ** -40, f"regret {mpmath.nstr(regret, 5)}"
        if not ok:
            t.problems.append(f"{game.title}: our {e.profile} fails the check ({reason})\n{text}")
    method = "enummixed" if game.n_players == 2 else "enumpoly"
    start = time.perf_counter()
    theirs = gambit.solve(path, method)
    t.gambit_seconds = time.perf_counter() - start
    if theirs is None:
        t.gambit_timeouts = 1
        return t
    compare = compare_two_player if game.n_players == 2 else compare_n_player
    found = compare(mine, text, ours, theirs)
    t.add(found)
    t.games = 1
    t.agreed = int(not found.problems and not found.gambit_not_equilibria
                   and not found.gambit_in_component)
    return t


def precise_regret(game: Game, profile: Any) -> Any:
    """The largest gain from a pure deviation (or probability defect), to 50 digits."""
    mpmath.mp.dps = 50
    probs = [[mpmath.mpf(str(p.evalf(55))) if not isinstance(p, Fraction) else
              mpmath.mpf(p.numerator) / p.denominator for p in row] for row in profile]
    worst = max([abs(sum(row) - 1) for row in probs] + [-min(row) for row in probs])
    for i in range(game.n_players):
        values = [mpmath.mpf(0)] * game.shape[i]
        for idx in np.ndindex(*game.shape):
            weight = mpmath.mpf(1)
            for k, j in enumerate(idx):
                if k != i:
                    weight *= probs[k][j]
            u = game.payoffs[(i, *idx)]
            values[idx[i]] += weight * u.numerator / u.denominator
        current = sum(p * v for p, v in zip(probs[i], values))
        worst = max(worst, max(values) - current)
    return worst


def run_games(games: list[Game], gambit: Gambit) -> Tally:
    """Check every game; the totals."""
    total = Tally()
    with tempfile.TemporaryDirectory() as folder:
        for game in games:
            total.add(check_game(game, gambit, Path(folder)))
    return total


# ------------------------------------------------------------------ the tests

@pytest.fixture(scope="module")
def gambit():
    worker = Gambit()
    yield worker
    worker.close()


def _cases() -> list[Any]:
    cases = []
    for batch in BATCHES:
        for chunk in range((batch.count + CHUNK - 1) // CHUNK):
            marks = [pytest.mark.slow] if batch.slow else []
            name = batch.label.replace(" ", "_")
            cases.append(pytest.param(batch, chunk, id=f"{name}-{chunk}", marks=marks))
    return cases


@pytest.mark.parametrize("batch, chunk", _cases())
def test_random_games_agree_with_gambit(batch: Batch, chunk: int, gambit: Gambit) -> None:
    """Fixed seeds: every game agrees with Gambit or the difference is Gambit's error."""
    tally = run_games(batch_games(batch, chunk), gambit)
    assert tally.games == min(CHUNK, batch.count - chunk * CHUNK)
    assert not tally.problems, "\n".join(tally.problems)
    # the comparison must mean something: where Gambit is expected to cope, it answered
    # for most games (enumpoly often runs out of time on degenerate 3+-player games)
    if batch.gambit_answers:
        assert tally.gambit_timeouts <= tally.games // 2, f"{tally.gambit_timeouts} timeouts"


def test_fresh_seed(gambit: Gambit) -> None:
    """A new seed each run (printed on failure; replay with ORACLE_SEED=...)."""
    seed = int(os.environ.get("ORACLE_SEED") or secrets.randbits(32))
    games = batch_games(Batch("fresh 2p", ((2, 2), (3, 3), (2, 4), (4, 4)), 8), 0, seed) \
        + batch_games(Batch("fresh 3p", ((2, 2, 2), (3, 2, 2)), 6), 0, seed)
    tally = run_games(games, gambit)
    assert tally.games == 14, f"ORACLE_SEED={seed}"
    assert not tally.problems, f"ORACLE_SEED={seed}\n" + "\n".join(tally.problems)


def test_gambit_worker_times_out_and_recovers(gambit: Gambit, tmp_path: Path) -> None:
    """The time limit works: a zero budget gives None, and the next call succeeds."""
    game = random_game(random.Random(7), (2, 2), 3, "timeout check")
    path = tmp_path / "g.nfg"
    write_nfg(game, path)
    assert gambit.solve(path, "enummixed", timeout=0.0) is None
    assert gambit.solve(path, "enummixed") is not None


def test_matching_pennies_reference(gambit: Gambit, tmp_path: Path) -> None:
    """A hand-checked game: matching pennies has the single equilibrium (1/2, 1/2)^2."""
    players = [Player(n, (Strategy("H"), Strategy("T"))) for n in ("A", "B")]
    u = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    game = Game(players, u, title="pennies")
    tally = run_games([game], gambit)
    assert tally.agreed == 1 and tally.gambit_equilibria == 1
    half = Fraction(1, 2)
    assert [exact_profile(e.profile) for e in solve(game).equilibria] == [((half, half),) * 2]


# ------------------------------------------------------------------ figures

def main() -> None:
    """Run every batch and print the totals (for docs/verification.md)."""
    gambit = Gambit()
    grand = Tally()
    try:
        for batch in BATCHES:
            t, start = Tally(), time.perf_counter()
            for chunk in range((batch.count + CHUNK - 1) // CHUNK):
                t.add(run_games(batch_games(batch, chunk), gambit))
            grand.add(t)
            print(f"{batch.label:20} games {t.games:4} compared {t.compared:4} agreed "
                  f"{t.agreed:4} degenerate {t.degenerate:4} timeouts {t.gambit_timeouts:3} "
                  f"gambit-wrong {len(t.gambit_not_equilibria):3} in-component "
                  f"{len(t.gambit_in_component):3} gambit-missed {t.gambit_missed:3} "
                  f"problems {len(t.problems):3}  ours {t.our_seconds:6.1f}s Gambit "
                  f"{t.gambit_seconds:6.1f}s all {time.perf_counter() - start:6.1f}s",
                  flush=True)
            for line in t.gambit_not_equilibria + t.gambit_in_component + t.problems:
                print("   ", line.replace("\n", "\n    "))
    finally:
        gambit.close()
    print("total", {k: (len(v) if isinstance(v, list) else v) for k, v in vars(grand).items()})


if __name__ == "__main__":
    main()
