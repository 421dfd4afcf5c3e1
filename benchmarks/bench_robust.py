"""The robustness radius of the twenty generated 2x2x2 games g0-g9 with two and three
ranged parameters (tests/test_robust_three_players.generated; `--four` adds g0-g9 with
four and five): exact, certified bounds or unfinished within --cap CPU seconds, with
the CPU seconds of each run (one process per game, stopped by its CPU limit, so that
a loaded machine does not turn a slow run into an unfinished one, and a stopped run
leaves nothing behind).

    python benchmarks/bench_robust.py [--cap 120] [--games ab:0,abc:3] [--four]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_ONE = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_CPU, ({cap}, {cap} + 5))
sys.path.insert(0, {root!r})
from games.numbers import exact_str, to_float
from games.scenario import parse_scenario
from games.sensitivity.robustness import robustness
from games.solve import solve
from tests.test_robust_three_players import generated
start = time.process_time()
rob = robustness(parse_scenario(generated({seed}, {names!r})), solver=solve)
print(json.dumps({{"cpu": time.process_time() - start, "exact": rob.exact,
                  "radius": None if rob.radius is None else exact_str(rob.radius),
                  "radius_float": None if rob.radius is None else to_float(rob.radius),
                  "lower": None if rob.lower is None else to_float(rob.lower),
                  "notes": list(rob.notes)}}))
"""


def run(seed: int, names: str, cap: int) -> dict:
    """One game's radius in a child process, stopped after `cap` seconds."""
    code = _ONE.format(root=str(ROOT), seed=seed, names=names, cap=cap)
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=10 * cap, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"unfinished": True}
    if out.returncode < 0:              # its CPU limit (SIGXCPU, SIGKILL)
        return {"unfinished": True}
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cap", type=int, default=120)
    ap.add_argument("--games", default=",".join(f"{n}:{s}" for n in ("ab", "abc")
                                                for s in range(10)))
    ap.add_argument("--four", action="store_true", help="g0-g9 with four and five parameters too")
    args = ap.parse_args()
    if args.four:
        args.games += "," + ",".join(f"{n}:{s}" for n in ("abcd", "abcde") for s in range(10))
    tally = {"exact": 0, "bounds": 0, "unfinished": 0}
    print("| game | result | radius | CPU s |\n|---|---|---|---|")
    for item in args.games.split(","):
        names, seed = item.split(":")
        got = run(int(seed), names, args.cap)
        if "unfinished" in got or "error" in got:
            kind, radius, cpu = "unfinished", str(got.get("error", "")), f"> {args.cap}"
        else:
            kind = "exact" if got["exact"] else "bounds"
            radius = (f"{got['radius_float']:.6g}" if got["exact"] else
                      f"[{got['lower']:.6g}, {got['radius_float']:.6g}]") \
                if got["radius"] is not None else \
                ("whole box" if got["exact"] else f"[{got['lower']:.6g}, none found]")
            cpu = f"{got['cpu']:.1f}"
        tally[kind] += 1
        print(f"| g{seed}, {len(names)} parameters | {kind} | {radius} | {cpu} |", flush=True)
        if kind == "bounds":
            print(f"<!-- {'; '.join(got['notes'])[:300]} -->", flush=True)
    print(f"\n{tally['exact']} exact, {tally['bounds']} certified bounds, "
          f"{tally['unfinished']} unfinished")


if __name__ == "__main__":
    main()
