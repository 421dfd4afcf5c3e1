"""Deadlines and work budgets that never interrupt arithmetic.

A time limit must not corrupt state: an exception raised by a signal handler in the
middle of Fraction or sympy arithmetic leaves caches half-updated, and the process
then gives wrong answers or crashes later. So nothing here uses signals.

- Our own loops check cooperatively between steps (`Budget.check`, `Budget.spend`).
- A long indivisible library call (sympy's Groebner bases) runs through
  `abandonable`: with a deadline in force it runs in a forked worker process that is
  killed when the deadline passes, so the call is abandoned without ever touching
  this process's state; with no deadline it runs inline at no cost.

`Budget` also counts work (supports tried, systems solved, cells), so a default limit
can be stated in work, which gives the same answer on every machine, while a
wall-clock limit applies only when the user asks for one. A progress callback sees
every step.
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, TypeVar

from .errors import SolverTimeout

T = TypeVar("T")


@dataclass(frozen=True)
class Progress:
    """One progress report: what is being done, how much of it, out of how much."""

    task: str
    done: int
    total: int | None = None


ProgressCallback = Callable[[Progress], None]


class WorkLimitReached(SolverTimeout):
    """A work budget (a count of steps, not seconds) ran out."""


@dataclass
class Budget:
    """A wall-clock deadline (time.monotonic, None: none) and a work limit (None: none).

    `what` names the work in messages ("the polynomial solver")."""

    what: str = "the computation"
    deadline: float | None = None
    max_work: int | None = None
    work: int = 0
    progress: ProgressCallback | None = None
    seconds: float | None = field(default=None, repr=False)

    @classmethod
    def after(cls, seconds: float | None, what: str = "the computation",
              max_work: int | None = None,
              progress: ProgressCallback | None = None) -> Budget:
        """A budget whose deadline is `seconds` from now (None: no deadline)."""
        deadline = None if seconds is None else time.monotonic() + seconds
        return cls(what, deadline, max_work, progress=progress, seconds=seconds)

    def left(self) -> float | None:
        """Seconds until the deadline (None when there is none; may be negative)."""
        return None if self.deadline is None else self.deadline - time.monotonic()

    def expired(self) -> bool:
        """True when the deadline has passed (never when there is none)."""
        return expired(self.deadline)

    def check(self) -> None:
        """SolverTimeout once the deadline passed, WorkLimitReached once the work
        limit is spent."""
        if self.expired():
            raise SolverTimeout(f"{self.what} ran out of time"
                                + (f" ({self.seconds:g} s)" if self.seconds else ""))
        if self.limit_reached():
            raise WorkLimitReached(f"{self.what} reached its limit of {self.max_work:,} steps")

    def limit_reached(self) -> bool:
        """Is the work limit spent? (A budget that counts its limit on part of its
        work only says so here.)"""
        return self.max_work is not None and self.work >= self.max_work

    def spend(self, n: int = 1, task: str | None = None, total: int | None = None) -> None:
        """Count `n` steps of work, report progress (to this budget's callback, else to
        the one `reporting` installed), then `check`."""
        self.work += n
        callback = self.progress or _REPORTER.get()
        if callback is not None:
            callback(Progress(task or self.what, self.work, total))
        self.check()


def expired(deadline: float | None, clock: Callable[[], float] = time.monotonic) -> bool:
    """Has `clock` passed `deadline` (None: no limit)? The one clock check of the
    engine: each caller states the clock its deadline was computed with."""
    return deadline is not None and clock() > deadline


class OutOfTime(Exception):
    """The time or work budget of a sensitivity analysis ran out; the message is
    "time" for the clock, else the work limit's own words."""


def check_deadline(deadline: float | None) -> None:
    """One step of work: OutOfTime when the monotonic clock has passed `deadline` (None:
    no limit) or when the active work budget is spent."""
    if expired(deadline):
        raise OutOfTime("time")
    try:
        spend_active()
    except SolverTimeout as exc:
        raise OutOfTime(str(exc)) from None


_ACTIVE: ContextVar[Budget | None] = ContextVar("games_budget", default=None)
_REPORTER: ContextVar[ProgressCallback | None] = ContextVar("games_progress", default=None)


@contextmanager
def reporting(callback: ProgressCallback | None) -> Iterator[None]:
    """Send every budget's progress in this block to `callback` (None: nowhere)."""
    token = _REPORTER.set(callback)
    try:
        yield
    finally:
        _REPORTER.reset(token)


@contextmanager
def active(budget: Budget | None) -> Iterator[Budget | None]:
    """Make `budget` the one `abandonable` calls and `current()` see in this block."""
    token = _ACTIVE.set(budget)
    try:
        yield budget
    finally:
        _ACTIVE.reset(token)


def report(task: str, done: int, total: int | None = None) -> None:
    """Tell the callback installed by `reporting` (if any) how far `task` has come."""
    callback = _REPORTER.get()
    if callback is not None:
        callback(Progress(task, done, total))


def current() -> Budget | None:
    """The budget made active by the innermost `active` block, if any."""
    return _ACTIVE.get()


def spend_active(n: int = 1, task: str | None = None, total: int | None = None) -> None:
    """Count `n` steps on the active budget, if there is one (see `Budget.spend`)."""
    budget = current()
    if budget is not None:
        budget.spend(n, task, total)


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Ctrl-C held back for the block and delivered as it ends (main thread only;
    elsewhere a no-op). For lazy imports of large libraries inside interruptible work:
    an import cut short leaves extension modules half-registered (scipy's HiGHS then
    refuses to load again), and one cut inside scipy's `exec` of a string makes
    Python 3.11 end by SIGINT even after the interrupt was handled (exit -2, not 130).
    The handler is swapped, not the signal masked: another thread (a progress bar's)
    would take a masked signal for the whole process."""
    import threading
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is None:    # (a handler set outside Python)
        yield
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if held:
            signal.raise_signal(signal.SIGINT)      # to the handler in force before


def import_uninterrupted(name: str) -> ModuleType:
    """The module `name`, imported with Ctrl-C held back (`uninterrupted`): the one way
    the solvers import scipy lazily inside interruptible work. ImportError as import."""
    import importlib
    with uninterrupted():
        return importlib.import_module(name)


def abandonable(fn: Callable[..., T], *args: object,
                pack: Callable[[T], object] | None = None,
                unpack: Callable[[object], T] | None = None) -> T:
    """fn(*args), abandoned with SolverTimeout at the active budget's deadline.

    Without a deadline (or without fork) the call runs inline. With one, it runs in a
    forked child; the result comes back pickled (`pack` turns it into picklable data in
    the child, `unpack` rebuilds it here). On the deadline, or on KeyboardInterrupt,
    the child is killed and this process's state is exactly as before the call."""
    budget = current()
    if budget is None or budget.deadline is None or not hasattr(os, "fork"):
        return fn(*args)
    budget.check()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:                                    # the worker: compute, send, exit
        _worker(read_end, write_end, fn, args, pack)
    os.close(write_end)
    try:
        data = _receive(read_end, budget)
    finally:
        os.close(read_end)
        _reap(pid)
    ok, value = pickle.loads(data)
    if not ok:
        raise value
    return unpack(value) if unpack is not None else value


def _worker(read_end: int, write_end: int, fn: Callable[..., object], args: tuple,
            pack: Callable[[Any], object] | None) -> None:
    """The forked child: run fn, write (ok, value) pickled, and leave with os._exit
    (no cleanup handlers, no flushing of the parent's buffers)."""
    status = 0
    try:
        os.close(read_end)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            result = fn(*args)
            data = pickle.dumps((True, pack(result) if pack else result))
        except Exception as exc:  # noqa: BLE001 - sent back and raised in the parent
            try:
                data = pickle.dumps((False, exc))
            except Exception:  # noqa: BLE001 - an unpicklable error, sent as text
                data = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]
    except BaseException:  # noqa: BLE001 - the child must always reach os._exit
        status = 1
    finally:
        os._exit(status)


def _receive(fd: int, budget: Budget) -> bytes:
    """Everything the worker writes on `fd`, or SolverTimeout at the deadline."""
    chunks = []
    while True:
        left = budget.left()
        if left is not None and left <= 0:
            budget.check()
        ready, _, _ = select.select([fd], [], [], None if left is None else max(left, 0))
        if not ready:
            budget.check()
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    if not chunks:
        raise RuntimeError(f"{budget.what}: the worker process ended without an answer")
    return b"".join(chunks)


def _reap(pid: int) -> None:
    """Kill the worker if it is still running, and collect it."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass
