"""Write a report to the terminal with rich tables."""
from __future__ import annotations

from typing import Sequence

from .document import Cell, Section, Text

STYLES = {"note": "dim", "warning": "yellow", "good": "green", "pre": "", "": ""}


def emit(sections: Sequence[Section], console: "object | None" = None) -> None:
    """Print every section: a rule with its title, then its tables and paragraphs."""
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text as RichText

    con = console or Console()
    for sec in sections:
        con.rule(f"[bold]{sec.title}")
        for block in sec.blocks:
            if isinstance(block, Text):
                con.print(RichText(block.text, style=STYLES.get(block.style, "")))
                continue
            table = RichTable(title=block.caption or None, title_justify="left",
                              show_lines=False, header_style="bold")
            for k, h in enumerate(block.headers):
                # the first column holds names: keep short ones whole
                width = min(max([len(h)] + [len(_text(r[0])) for r in block.rows]), 24) \
                    if k == 0 and block.rows else None
                table.add_column(h, min_width=width, overflow="fold")   # never cut a value
            for row in block.rows:
                table.add_row(*[_cell(c) for c in row])
            con.print(table)
        con.print()


def _text(c: "Cell | str") -> str:
    return max((c.text if isinstance(c, Cell) else c).split("\n"), key=len)


def _cell(c: "Cell | str") -> "object":
    from rich.text import Text as RichText
    if isinstance(c, Cell):
        return RichText(c.text, style="bold reverse" if c.mark else "")
    return RichText(c)
