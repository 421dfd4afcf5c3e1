"""A format-neutral report: sections of tables and paragraphs.

The report is built once (report.py) and written by the rich and the Markdown
emitters, so the two formats always say the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence


@dataclass(frozen=True)
class Cell:
    """A table cell; `mark` highlights it (a best response, a changed value)."""

    text: str
    mark: bool = False


@dataclass
class Table:
    headers: list[str]
    rows: Sequence[Sequence[Cell | str]]
    caption: str = ""


@dataclass
class Text:
    text: str
    style: str = ""        # "" | "note" | "warning" | "good"


@dataclass
class Section:
    title: str
    blocks: list[Table | Text] = field(default_factory=list)

    def add(self, block: Table | Text) -> "Section":
        self.blocks.append(block)
        return self


def cell_text(c: Cell | str) -> str:
    return c.text if isinstance(c, Cell) else c


def write(sections: list[Section], fmt: str) -> None:
    """Print the sections on stdout in the chosen text format (markdown, latex, or
    rich tables for 'table'): the one place a format picks its renderer."""
    import sys
    if fmt == "markdown":
        from .markdown import render as md
        sys.stdout.write(md(sections))
    elif fmt == "latex":
        from .latex import render as tex
        sys.stdout.write(tex(sections))
    else:
        from .rich_out import emit
        emit(sections)
