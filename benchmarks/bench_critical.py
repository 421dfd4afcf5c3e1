"""Critical polynomials of generated 2x2x2 games (tests/test_robust_three_players.generated):
the resultant elimination of the fully mixed support (multilinear_critical.py) against
the lex Groebner basis it replaced, side by side in one process, CPU seconds, each run
cold (the factor cache emptied) and the Groebner run stopped after --cap seconds.

    python benchmarks/bench_critical.py [--cap 150] [--games ab:5,ab:9,abc:4,abc:5,abc:9]
"""
from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from games.scenario import parse_scenario  # noqa: E402
from games.sensitivity import critical as C  # noqa: E402
from games.sensitivity.factoring import CACHE  # noqa: E402
from tests.test_robust_three_players import generated  # noqa: E402


class _Stopped(Exception):
    pass


def _stop(*_: object) -> None:
    raise _Stopped


def timed(text: str, names: str, resultants: bool, cap: int) -> str:
    """CPU seconds of one cold critical-polynomial run, and how many polynomials."""
    sc = parse_scenario(text)
    values = {n: p.value for n, p in sc.parameters.items()}
    real = C.multilinear_critical
    C.multilinear_critical = real if resultants else (lambda *a: None)   # type: ignore[assignment]
    CACHE.clear()
    start = time.process_time()
    signal.signal(signal.SIGALRM, _stop)
    signal.alarm(cap)
    try:
        crit = C.critical(sc, list(names), values)
        return f"{time.process_time() - start:.2f} s ({len(crit.polys)} polynomials)"
    except _Stopped:
        return f"stopped after {cap} s"
    finally:
        signal.alarm(0)
        C.multilinear_critical = real


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cap", type=int, default=150)
    ap.add_argument("--games", default="ab:5,ab:9,abc:7,abc:4,abc:5,abc:9")
    args = ap.parse_args()
    print("| game | resultants | Groebner basis |\n|---|---|---|")
    for item in args.games.split(","):
        names, seed = item.split(":")
        text = generated(int(seed), names)
        print(f"| g{seed}, {len(names)} parameters | {timed(text, names, True, args.cap)} | "
              f"{timed(text, names, False, args.cap)} |", flush=True)


if __name__ == "__main__":
    main()
