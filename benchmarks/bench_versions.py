"""Two checkouts of the engine side by side in one run, next to the peers.

    .venv/bin/python benchmarks/bench_versions.py --before /tmp/main-checkout
    .venv/bin/python benchmarks/bench_versions.py --before OLD --after NEW --repeats 3
    .venv/bin/python benchmarks/bench_versions.py --before OLD --shapes 3x3x3x3:3 --repeats 1

For measuring a change on a loaded machine: each game is solved by the "before"
checkout, the "after" checkout (default: this one) and the peer, one after the other,
`--repeats` times, each in a fresh process that first solves another game of the
same shape (imports and first-call costs paid; scipy.optimize imported too, which
the warm-up game may not need), then times `games.solve` alone. Peers:
lrsnash (lrslib, the whole process) for 2 players, Gambit's enumpoly (pygambit, the
call alone) for 3 and more. Reports medians, the ratios (for enumpoly also CPU
against CPU), whether the two checkouts gave the same JSON (equilibria in order,
and each connected set's description), and how the equilibrium sets compare with
the peer's.

Games: 2x2x2x2x2 generic (payoffs 0..99, seeds [k, *shape]: where the exact forms of
irrational equilibria and their sorting used to cost half the time), 10x10 with
payoffs 0..3 (degenerate: bench_lrs.game(10, 3, k), where describing the connected
sets used to cost a third of the time); with `--shapes`, the games of run.py's
N-player section instead (randgames.py seeds, payoffs 0..99). A process over
`--limit` is reported as such. CPU seconds of our process are shown next to wall
seconds: on a machine loaded by others they move less.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from fmt import median, seconds, table  # noqa: E402

OURS = r'''
import json, sys, time
import numpy as np
sys.set_int_max_str_digits(0)   # exact numbers of a degree-84 field: 35,000 digits
sys.path.insert(0, ".")
import games
from games.model import Game
from games.numbers import exact_str, to_float
spec = json.loads(sys.argv[1])
def build(payoffs):
    arr = np.array(payoffs, dtype=object)
    return Game.from_matrices(arr[0].tolist(), arr[1].tolist()) if len(arr) == 2 \
        else Game.from_array(arr)
games.solve(build(spec["warm"]))
import scipy.optimize  # noqa: F401 (the LP tests' import, paid here like the others: the
                       # warm-up game may no longer need it, the timed game may)
game = build(spec["payoffs"])
t0, c0 = time.perf_counter(), time.process_time()
result = games.solve(game)
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({
    "seconds": seconds, "cpu": cpu,
    "json": [[e.to_dict(game) for e in result],
             [c.detail.to_dict(game) if c.detail is not None else None
              for c in result.components]],
    "exact": [[[exact_str(p) for p in probs] for probs in e.profile] for e in result],
    "floats": [[[to_float(p) for p in probs] for probs in e.profile] for e in result]}))
'''

ENUMPOLY = r'''
import json, sys
import numpy as np
sys.path[:0] = [sys.argv[2], sys.argv[3]]
from worker import SOLVERS
spec = json.loads(sys.argv[1])
solve = SOLVERS["gambit_enumpoly"]
solve(np.array(spec["warm"]))
import time
c0 = time.process_time()
secs, profiles, _ = solve(np.array(spec["payoffs"]))
cpu = time.process_time() - c0
print(json.dumps({"seconds": secs, "cpu": cpu, "floats": [[[float(v) if not isinstance(v, str) else
    float(__import__("fractions").Fraction(v)) for v in probs] for probs in p]
    for p in profiles]}))
'''


SIDES = ("before", "after", "peer")


@dataclass
class Row:
    """One game: times of both checkouts and of the peer (by side), and what was
    compared: the two checkouts' JSON, the counts and the sets against the peer's."""

    name: str
    peer: str
    times: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in SIDES})
    cpu: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in SIDES})
    same_json: bool = True
    compared: tuple[str, str] = ("", "")     # (ours / peer counts, agreement)


def _ours(checkout: Path, spec: dict, limit: float) -> dict:
    """Our answer from `checkout`; over `limit`, infinite times and no equilibria."""
    try:
        out = subprocess.run([sys.executable, "-c", OURS, json.dumps(spec)], cwd=checkout,
                             capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"seconds": float("inf"), "cpu": float("inf"), "json": None, "exact": [],
                "floats": []}
    if out.returncode != 0:
        raise RuntimeError(f"{checkout}: {out.stderr[-2000:]}")
    answer: dict = json.loads(out.stdout.strip().splitlines()[-1])
    return answer


def _enumpoly(spec: dict, limit: float) -> dict:
    out = subprocess.run([sys.executable, "-c", ENUMPOLY, json.dumps(spec), str(HERE), str(ROOT)],
                         capture_output=True, text=True, timeout=limit)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    answer: dict = json.loads(out.stdout.strip().splitlines()[-1])
    return answer


def _contains(ours: list, theirs: list, tol: float = 1e-6) -> bool:
    """Every peer equilibrium (floats) is within `tol` of one of ours."""
    def close(a: list, b: list) -> bool:
        return all(abs(x - y) <= tol for pa, pb in zip(a, b) for x, y in zip(pa, pb))
    return all(any(close(o, t) for o in ours) for t in theirs)


def n_player_specs(games: int) -> list[tuple[str, dict]]:
    import numpy as np
    shape = (2, 2, 2, 2, 2)
    out = []
    for k in range(games):
        pay = np.random.default_rng([k, *shape]).integers(0, 100, (5, *shape)).tolist()
        four = (2, 2, 2, 2)      # its equilibria include CRootOfs: every import paid
        warm = np.random.default_rng([0, *four]).integers(0, 100, (4, *four)).tolist()
        out.append((f"2x2x2x2x2 payoffs 0..99, game {k}", {"payoffs": pay, "warm": warm}))
    return out


def shape_specs(text: str) -> list[tuple[str, dict]]:
    """run.py's N-player games ('3x3x3x3:3,2x2x2x2x2:4'): randgames seeds, payoffs
    0..99; the warm-up game is n_player_specs' (a 2x2x2x2 game: every import paid)."""
    import numpy as np
    from randgames import label, random_payoffs
    four = (2, 2, 2, 2)
    warm = np.random.default_rng([0, *four]).integers(0, 100, (4, *four)).tolist()
    out = []
    for part in text.split(","):
        dims, count = part.split(":")
        shape = tuple(int(m) for m in dims.split("x"))
        out += [(f"{label(shape)} game {k}", {"payoffs": random_payoffs(shape, k, 99).tolist(),
                                             "warm": warm}) for k in range(int(count))]
    return out


def two_player_specs(games: int) -> list[tuple[str, dict]]:
    from bench_lrs import game
    return [(f"10x10 payoffs 0..3, game {k}",
             {"payoffs": list(game(10, 3, k)), "warm": list(game(10, 3, k + 5))})
            for k in range(games)]


def run_row(name: str, spec: dict, before: Path, after: Path, repeats: int,
            limit: float) -> Row:
    """Solve one game `repeats` times on each side, interleaved."""
    two = len(spec["payoffs"]) == 2
    row = Row(name, "lrsnash" if two else "enumpoly")
    first: tuple[dict, dict, Any] | None = None
    for _ in range(repeats):
        b = _ours(before, spec, limit)
        a = _ours(after, spec, limit)
        if two:
            from tests.lrsnash import lrsnash
            A, B = spec["payoffs"]
            theirs, t = lrsnash(A, B, timeout=limit)
            peer: Any = theirs
        else:
            answer = _enumpoly(spec, limit)
            t, peer = answer["seconds"], answer["floats"]
            row.cpu["peer"].append(answer["cpu"])
        for side, value in zip(SIDES, (b["seconds"], a["seconds"], t)):
            row.times[side].append(value)
        row.cpu["before"].append(b["cpu"])
        row.cpu["after"].append(a["cpu"])
        row.same_json &= a["json"] == b["json"]
        first = first or (b, a, peer)
    assert first is not None
    b, a, peer = first
    if two:
        mine = {tuple(tuple(Fraction(p) for p in probs) for probs in e) for e in a["exact"]}
        row.compared = (f"{len(mine)} / {len(peer)}",
                        "sets equal" if mine == peer else "SETS DIFFER")
    elif a["json"] is None:
        row.compared = (f"over the limit / {len(peer)}", "")
    else:
        row.compared = (f"{len(a['floats'])} / {len(peer)}",
                        "ours contain enumpoly's" if _contains(a["floats"], peer)
                        else "ENUMPOLY HAS ONE WE LACK")
    return row


def report(rows: list[Row]) -> str:
    body = []
    for r in rows:
        mb, ma, mt = (median(r.times[side]) for side in SIDES)
        cb, ca = (median(r.cpu[side]) for side in SIDES[:2])
        body.append([r.name, _time(mb, cb), _time(ma, ca), f"{r.peer} {seconds(mt)}",
                     _ratio(mb, mt), _ratio(ma, mt), _ratio(ca, cb),
                     "identical" if r.same_json else "DIFFERENT", *r.compared])
    out = table(["game", "before: wall (CPU)", "after: wall (CPU)", "peer", "before / peer",
                 "after / peer", "after / before, CPU", "JSON before vs after",
                 "equilibria (ours / peer)", "against the peer"], body)
    cpu_rows = [r for r in rows if r.cpu["peer"]]
    if not cpu_rows:
        return out
    body = []
    for r in cpu_rows:
        cb, ca, cp = (median(r.cpu[side]) for side in SIDES)
        body.append([r.name, seconds(cb), seconds(ca), f"{r.peer} {seconds(cp)}",
                     _ratio(cb, cp), _ratio(ca, cp)])
    return out + "\n\nCPU against CPU (enumpoly's CPU seconds measured around its call, in " \
        "its warm process):\n\n" + table(["game", "before, CPU", "after, CPU", "peer, CPU",
                                          "before / peer, CPU", "after / peer, CPU"], body)


def _time(wall: float, cpu: float) -> str:
    return "over the limit" if wall == float("inf") else f"{seconds(wall)} ({seconds(cpu)})"


def _ratio(a: float, b: float) -> str:
    if a == float("inf"):
        return "over the limit" if b != float("inf") else "both over"
    return f"{a / b:.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", type=Path, required=True, help="the older checkout")
    ap.add_argument("--after", type=Path, default=ROOT, help="the newer checkout (this one)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--games", type=int, default=2, help="games of each kind")
    ap.add_argument("--limit", type=float, default=300.0, help="seconds per process")
    ap.add_argument("--shapes", help="run.py's N-player games instead, e.g. 3x3x3x3:3")
    args = ap.parse_args(argv)
    rows = []
    specs = shape_specs(args.shapes) if args.shapes else \
        n_player_specs(args.games) + two_player_specs(args.games)
    for name, spec in specs:
        rows.append(run_row(name, spec, args.before.resolve(), args.after.resolve(),
                            args.repeats, args.limit))
        print(f"  {name}: done", file=sys.stderr)
    print(report(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
