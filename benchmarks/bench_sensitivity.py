"""In-process timings of sweeps and Monte Carlo runs of the seed scenario, after a
warm-up, against one single analysis (load + dominance + equilibria + thresholds)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from fmt import INF, median, ratio, seconds, table
from pool import Worker

SCENARIO = "scenarios/idlib_m4_patrols.yaml"
WARM_JOBS = (
    {"op": "analyze"},
    {"op": "sweep", "params": ["militia_support"], "n": 11},
    {"op": "montecarlo", "n": 100},
)


@dataclass
class Task:
    """One timed engine call and its results."""

    name: str
    job: dict
    times: list[float] = field(default_factory=list)
    detail: str = ""
    error: str = ""


def tasks(quick: bool) -> list[Task]:
    """The single analysis, sweeps of 10^3 to 10^4 points, Monte Carlo of 10^3 to 10^5."""
    out = [
        Task("one analysis", {"op": "analyze"}),
        Task("sweep, 1,001 points", {"op": "sweep", "params": ["militia_support"], "n": 1001}),
        Task("sweep, 10,001 points", {"op": "sweep", "params": ["militia_support"], "n": 10001}),
        Task("Monte Carlo, 1,000 draws", {"op": "montecarlo", "n": 1000}),
        Task("Monte Carlo, 10,000 draws", {"op": "montecarlo", "n": 10000}),
        Task("Monte Carlo, 100,000 draws", {"op": "montecarlo", "n": 100000}),
    ]
    if not quick:
        out.append(Task("2-D sweep, 101 x 101 points",
                        {"op": "sweep", "params": ["militia_support", "push_cost"], "n": 101}))
    return out


def run(worker: Worker, todo: Sequence[Task], repeats: int, limit: float,
        log: Callable[[str], None]) -> None:
    """Warm up, then time each task `repeats` times (interleaved)."""
    for job in WARM_JOBS:
        answer = worker.ask({"kind": "sens", "scenario": SCENARIO, **job}, 300)
        if not answer.get("ok"):
            log(f"  warm-up {job['op']} failed: {answer}")
    for _ in range(repeats):
        for t in todo:
            if t.error:
                continue
            answer = worker.ask({"kind": "sens", "scenario": SCENARIO, **t.job}, limit)
            if answer.get("ok"):
                t.times.append(answer["seconds"])
                t.detail = answer["detail"]
                log(f"  {t.name}: {seconds(answer['seconds'])} ({t.detail})")
            else:
                t.error = f">{limit:g} s" if answer.get("timeout") else \
                    f"error: {answer.get('error')} at {answer.get('where')}"
                log(f"  {t.name}: {t.error}")


def report(todo: Sequence[Task]) -> str:
    """Median per task and its ratio to one single analysis."""
    base = median(todo[0].times) if todo and todo[0].times else INF
    rows = []
    for t in todo:
        m = median(t.times) if t.times else INF
        rows.append([t.name, str(len(t.times)), seconds(m) if t.times else t.error,
                     ratio(m, base) if t.times else "—", t.detail or t.error])
    return table(["engine call (in-process, warm)", "runs", "median", "vs one analysis",
                  "result"], rows)
