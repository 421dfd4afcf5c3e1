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
        if len(part.rows) > LONG_TABLE:
            con.print(long_table(part, widths), no_wrap=True, overflow="ignore", crop=False)
            continue
        caption = RichText(terminal(part.caption)) if part.caption else None
        table = RichTable(title=caption, title_justify="left",
                          show_lines=False, header_style="bold")
        for h, w in zip(part.headers, widths):
            table.add_column(RichText(terminal(h)), width=w, overflow="fold")   # words kept whole, never cut
        for row in part.rows:
            table.add_row(*[_cell(c) for c in row])
        con.print(table)


LONG_TABLE = 200        # tables with more rows are drawn line by line (`long_table`)


def long_table(part: Table, widths: Sequence[int]) -> RichText:
    """A table of many rows (a game with thousands of strategies) drawn as rich draws
    it, box and wrapping alike, but as one styled text: rich's own table measured and
    wrapped every cell several times, seconds for a table of a few thousand rows."""
    from rich.text import Text as RichText

    out = RichText()
    total = sum(w + 3 for w in widths) + 1
    for line in _wrapped(terminal(part.caption), total) if part.caption else []:
        out.append(line.ljust(total) + "\n")

    def rule(left: str, mid: str, right: str, fill: str) -> None:
        out.append(left + mid.join(fill * (w + 2) for w in widths) + right + "\n")

    def row(cells: Sequence[Cell | str], bar: str, header: bool) -> None:
        texts = [terminal(c.text if isinstance(c, Cell) else c) for c in cells]
        styles = ["bold" if header else "bold reverse" if isinstance(c, Cell) and c.mark
                  else "" for c in cells]
        lines = [_wrapped(t, w) for t, w in zip(texts, widths)]
        for k in range(max(len(x) for x in lines)):
            out.append(bar)
            for x, w, style in zip(lines, widths, styles):
                text = x[k] if k < len(x) else ""
                out.append(" ")
                out.append(text, style=style)
                out.append(" " * (w - len(text) + 1) + bar)
            out.append("\n")

    rule("┏", "┳", "┓", "━")
    row(part.headers, "┃", True)
    rule("┡", "╇", "┩", "━")
    for cells in part.rows:
        row(cells, "│", False)
    rule("└", "┴", "┘", "─")
    out.rstrip()
    return out


def _wrapped(text: str, width: int) -> list[str]:
    """A cell's lines at `width`: wrapped at spaces, a longer word folded."""
    import textwrap
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, width, break_on_hyphens=False) or [""])
    return lines


def _cell(c: Cell | str) -> RichText:
    from rich.text import Text as RichText
    if isinstance(c, Cell):
        return RichText(terminal(c.text), style="bold reverse" if c.mark else "")
    return RichText(terminal(c))
