"""Solver worker processes with a per-job time limit.

Each family of solvers (ours, Gambit, nashpy) gets its own long-lived process, so a
warm-up is paid once; a job that overruns its limit kills the process (it is
restarted, and warmed up again, for the next job).
"""
from __future__ import annotations

import json
import selectors
import subprocess
import sys
from pathlib import Path

WORKER = Path(__file__).resolve().parent / "worker.py"
ROOT = WORKER.parent.parent
WARM_LIMIT = 120.0


class Worker:
    """One worker process, started on demand."""

    def __init__(self, name: str, worker: Path = WORKER) -> None:
        self.name = name
        self.worker = worker            # another checkout's worker.py runs that code
        self.proc: subprocess.Popen | None = None
        self.warmed: set[str] = set()

    def _start(self) -> subprocess.Popen:
        """Start the worker process (stderr discarded: answers carry the errors)."""
        self.proc = subprocess.Popen([sys.executable, str(self.worker)],
                                     cwd=self.worker.parent.parent, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, bufsize=1)
        self.warmed = set()
        return self.proc

    def stop(self) -> None:
        """Kill the worker process if it runs."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None
        self.warmed = set()

    def ask(self, job: dict, limit: float) -> dict:
        """Send a job and wait up to `limit` seconds for its answer; on overrun the
        process is killed and {"ok": False, "timeout": True} is returned."""
        proc = self.proc or self._start()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(json.dumps(job) + "\n")
            proc.stdin.flush()
        except BrokenPipeError:
            self.stop()
            return {"ok": False, "error": "worker died"}
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            ready = sel.select(timeout=limit)
        if not ready:
            self.stop()
            return {"ok": False, "timeout": True}
        line = proc.stdout.readline()
        if not line:
            self.stop()
            return {"ok": False, "error": "worker died (crash or out of memory)"}
        return json.loads(line)

    def solve(self, solver: str, payoffs: list, limit: float) -> dict:
        """Time one solve, warming the solver up first (outside the limit)."""
        if solver not in self.warmed:
            answer = self.ask({"kind": "warm", "solver": solver}, WARM_LIMIT)
            if not answer.get("ok"):
                return answer
            self.warmed.add(solver)
        return self.ask({"kind": "solve", "solver": solver, "payoffs": payoffs}, limit)


class Pool:
    """One Worker per solver family: 'ours', 'gambit', 'nashpy'."""

    def __init__(self) -> None:
        self.workers: dict[str, Worker] = {}

    def worker(self, solver: str) -> Worker:
        family = solver.split("_")[0]
        return self.workers.setdefault(family, Worker(family))

    def solve(self, solver: str, payoffs: list, limit: float) -> dict:
        """Run `solver` on a game in its family's worker, within `limit` seconds."""
        return self.worker(solver).solve(solver, payoffs, limit)

    def close(self) -> None:
        for w in self.workers.values():
            w.stop()
