"""One executor interface for independent pieces of work: in this process, on local
processes (`--workers N`), or on a Dask cluster (`--cluster ADDRESS`).

Why one interface: sweeps, batches of files and other loops of independent tasks are
written once, against `Executor.map`, and run the same way wherever they run. Work is
sent in batches (a few per worker), so scheduling costs stay small next to the work;
results come back in the order of the inputs, so what a caller builds from them (and
the JSON it prints) does not depend on how many workers there were or which finished
first. Functions and items must be picklable (module-level functions, plain data).

Ctrl-C: local worker processes ignore SIGINT (a terminal sends it to the whole
process group), so this process alone decides. When it is interrupted while waiting,
`map` raises `Interrupted`, a KeyboardInterrupt carrying the results of the items
already finished, and stops the workers at once (their work in flight is abandoned,
not waited for), so a caller keeps every result established.

Dask (dask.distributed) is an optional extra (`pip install 'games-analyzer[cluster]'`)
and is imported only when a cluster address is given.
"""
from __future__ import annotations

import os
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Callable, Generic, Protocol, Sequence, TypeVar, cast

from .errors import GameError
from .literal import visible

T = TypeVar("T")
R = TypeVar("R")
BATCHES_PER_WORKER = 4


class Interrupted(KeyboardInterrupt, Generic[R]):
    """Ctrl-C during `Executor.map`: `done` maps the index of each item finished
    before it to its result (the others were abandoned)."""

    def __init__(self, done: dict[int, R]) -> None:
        super().__init__(f"interrupted after {len(done)} items")
        self.done = done


def finished(exc: BaseException) -> dict[int, object]:
    """The results an interrupted `map` kept (none for a plain KeyboardInterrupt)."""
    return dict(exc.done) if isinstance(exc, Interrupted) else {}


def map_keeping(executor: Executor, fn: Callable[[T], R], items: Sequence[T],
                keep: Callable[[int, R], None]) -> None:
    """`executor.map(fn, items)`, handing each (index, result) to `keep` in input
    order; on Ctrl-C, those of the items finished before it, then KeyboardInterrupt
    again (for the caller that keeps what was established)."""
    done: dict[int, R] = {}
    try:
        done = dict(enumerate(executor.map(fn, items)))
    except KeyboardInterrupt as exc:
        done = cast("dict[int, R]", finished(exc))
        raise
    finally:
        for i in sorted(done):
            keep(i, done[i])


class Executor(Protocol):
    """Runs fn on every item; the results in the order of the items."""

    workers: int

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]: ...

    def close(self) -> None: ...


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:          # not on Linux
        return max(1, os.cpu_count() or 1)


def batches(n_items: int, workers: int) -> list[range]:
    """Contiguous index ranges: about BATCHES_PER_WORKER per worker, none empty (a
    fixed split of the input, so that results can be put back in order)."""
    if n_items == 0:
        return []
    count = min(n_items, max(1, workers * BATCHES_PER_WORKER))
    bounds = [n_items * k // count for k in range(count + 1)]
    return [range(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def run_batch(job: tuple[Callable[[T], R], Sequence[T]]) -> list[R]:
    """One batch, in a worker: fn on each of its items."""
    fn, items = job
    return [fn(x) for x in items]


def _gather(fn: Callable[[T], R], items: Sequence[T], workers: int,
            submit: Callable[[list[tuple[Callable[[T], R], Sequence[T]]]], list[list[R]]]
            ) -> list[R]:
    """Split into batches, run them with `submit`, and concatenate in input order."""
    jobs: list[tuple[Callable[[T], R], Sequence[T]]] = \
        [(fn, [items[i] for i in r]) for r in batches(len(items), workers)]
    return [result for batch in submit(jobs) for result in batch]


class SerialExecutor:
    """Everything in this process (--workers 1, and the default for the library)."""

    workers = 1

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        out: list[R] = []
        try:
            for x in items:
                out.append(fn(x))
        except KeyboardInterrupt:
            raise Interrupted(dict(enumerate(out))) from None
        return out

    def close(self) -> None:
        pass


def _ignore_sigint() -> None:
    """A worker process's start: Ctrl-C is for the parent to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class ProcessExecutor:
    """Local worker processes, started on first use."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        if len(items) <= 1:
            return [fn(x) for x in items]
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                             initializer=_ignore_sigint)
        pool = self._pool
        spans = batches(len(items), self.workers)
        futures = [pool.submit(run_batch, (fn, [items[i] for i in r])) for r in spans]
        try:
            return [result for future in futures for result in future.result()]
        except KeyboardInterrupt:
            done = {i: result for r, future in zip(spans, futures) if _succeeded(future)
                    for i, result in zip(r, future.result())}
            self._abandon()
            raise Interrupted(done) from None
        except BaseException:       # one batch failed (bad input at a point): the map
            self._abandon()         # fails, so the batches still running are not waited for
            raise

    def _abandon(self) -> None:
        """Stop at once: cancel the batches not started, end the worker processes."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        workers = list(getattr(pool, "_processes", {}).values())   # no public handle
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in workers:
            proc.kill()
        for proc in workers:
            proc.join()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def _succeeded(future: Future) -> bool:
    """A batch that finished with its results (not cancelled, not failed)."""
    return future.done() and not future.cancelled() and future.exception() is None


CONNECT_SECONDS = 3      # waiting for a --cluster scheduler (a run ends within seconds)
SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")      # dask.distributed's, across machines


def check_address(address: str) -> None:
    """GameError unless `address` reads as SCHEME://HOST:PORT with a scheme Dask knows
    and a port in 1..65535 (checked before connecting: a malformed one made Dask raise
    ValueError, an unreachable port waited for its connection timeout)."""
    shown = visible(address[:200]) + ("..." if len(address) > 200 else "")
    scheme, sep, rest = address.partition("://")
    host, colon, port = rest.rpartition(":")
    if (not sep or scheme not in SCHEMES or len(address) > 1000 or not address.isprintable()
            or not colon or not host or not port.isdigit() or not 1 <= int(port) <= 65535):
        raise GameError(f"--cluster: '{shown}' is not a scheduler address; give "
                        f"SCHEME://HOST:PORT with SCHEME one of {', '.join(SCHEMES)} and a "
                        "port from 1 to 65535, e.g. tcp://host:8786")


class DaskExecutor:
    """The workers of a Dask cluster (dask.distributed) at `address`."""

    def __init__(self, address: str) -> None:
        check_address(address)
        try:
            from distributed import Client
        except ImportError as err:
            raise GameError("--cluster needs dask.distributed, an optional extra: "
                            "pip install 'games-analyzer[cluster]'") from err
        try:
            self._client = Client(address, timeout=CONNECT_SECONDS)
        except (OSError, ValueError, TypeError) as err:
            raise GameError(f"--cluster: cannot reach a Dask scheduler at {address} "
                            f"({visible(str(err))})") from err
        self.workers = max(1, sum(w.get("nthreads", 1) for w in
                                  self._client.scheduler_info()["workers"].values()))

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        client = self._client

        def submit(jobs: list[tuple[Callable[[T], R], Sequence[T]]]) -> list[list[R]]:
            futures = client.map(run_batch, jobs, pure=False)
            return list(client.gather(futures))
        return _gather(fn, items, self.workers, submit)

    def close(self) -> None:
        self._client.close()


def make_executor(workers: int | None = None, cluster: str | None = None) -> Executor:
    """The executor for --workers / --cluster: a Dask cluster when an address is given,
    else `workers` local processes (default: every core; 1 means this process)."""
    if cluster is not None:         # '' is refused by check_address, not ignored
        return DaskExecutor(cluster)
    n = default_workers() if workers is None else workers
    if n < 1:
        raise GameError("--workers must be at least 1")
    return SerialExecutor() if n == 1 else ProcessExecutor(n)
