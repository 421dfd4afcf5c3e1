"""Write a report to the terminal with rich tables that fit its width (fit.py)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .document import Cell, Section, Table, Text
from .fit import allocate, layout, split_tables, stacked_lines
from .text import terminal

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text as RichText

STYLES = {"note": "dim", "warning": "yellow", "good": "green", "pre": "", "": ""}


def emit(sections: Sequence[Section], console: Console | None = None) -> None:
    """Print every section: a rule with its title, then its tables and paragraphs."""
    from rich.console import Console
    from rich.text import Text as RichText

    con = console or Console()
    for sec in sections:
        title = terminal(sec.title)
        if len(title) + 6 <= con.width:
            con.rule(RichText(title, style="bold"))
        else:                                   # a long title: wrapped, never cut
            con.rule()
            con.print(RichText(title, style="bold"))
        for block in sec.blocks:
            if isinstance(block, Text):
                con.print(RichText(terminal(block.text), style=STYLES.get(block.style, "")))
                continue
            _table(con, block)
        con.print()


def _table(con: Console, block: Table) -> None:
    """A table that fits the console: whole, split into column groups, or stacked."""
    from rich.table import Table as RichTable
    from rich.text import Text as RichText

    fit = layout(block, con.width)
    if fit.kind == "stacked":
        for line, mark in stacked_lines(block):
            con.print(RichText(terminal(line), style="bold" if mark else ""))
        return
    for part in (split_tables(block, fit.groups) if fit.kind == "split" else [block]):
        widths = allocate(part, con.width)
        caption = RichText(terminal(part.caption)) if part.caption else None
        table = RichTable(title=caption, title_justify="left",
                          show_lines=False, header_style="bold")
        for h, w in zip(part.headers, widths):
            table.add_column(RichText(terminal(h)), width=w, overflow="fold")   # words kept whole, never cut
        for row in part.rows:
            table.add_row(*[_cell(c) for c in row])
        con.print(table)


def _cell(c: Cell | str) -> RichText:
    from rich.text import Text as RichText
    if isinstance(c, Cell):
        return RichText(terminal(c.text), style="bold reverse" if c.mark else "")
    return RichText(terminal(c))
