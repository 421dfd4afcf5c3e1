"""Progress of long work on stderr: rich progress bars, one per task.

Shown when stderr is a terminal (and the output is not JSON), or when --progress asks
for it; never otherwise, so pipes and JSON consumers see nothing. The engine reports
through a callback (games.budget.Progress); this module only draws. Redrawing is
throttled and done from the calling thread (no refresh thread), so the display never
runs code in the middle of the engine's work.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING

from games.budget import Progress

if TYPE_CHECKING:
    from rich.progress import TaskID

REDRAW_SECONDS = 0.1


def wanted(forced: bool, fmt: str) -> bool:
    """Whether to show progress: asked for, or stderr is a terminal and output not JSON."""
    return forced or (sys.stderr.isatty() and fmt != "json")


class ProgressDisplay:
    """A callable progress sink drawing rich bars on stderr; use as a context manager."""

    def __init__(self, forced: bool = False) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bars
        console = Console(stderr=True, force_terminal=True if forced else None)
        self.bars = Bars(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                         TimeElapsedColumn(), TimeRemainingColumn(), console=console,
                         transient=True, auto_refresh=False)
        self.tasks: dict[str, TaskID] = {}
        self.last = 0.0

    def __enter__(self) -> ProgressDisplay:  # noqa: PYI034 - a final class
        self.bars.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.bars.stop()

    def __call__(self, p: Progress) -> None:
        task = self.tasks.get(p.task)
        if task is None:
            task = self.tasks[p.task] = self.bars.add_task(p.task, total=p.total)
        self.bars.update(task, completed=p.done, total=p.total)
        now = time.monotonic()
        if now - self.last >= REDRAW_SECONDS or (p.total is not None and p.done >= p.total):
            self.last = now
            self.bars.refresh()


@contextmanager
def shown(forced: bool, fmt: str) -> Iterator[None]:
    """Progress bars for the work in this block when `wanted`, else nothing."""
    if not wanted(forced, fmt):
        yield
        return
    from games.budget import reporting
    with ProgressDisplay(forced=forced) as display, reporting(display):
        yield
