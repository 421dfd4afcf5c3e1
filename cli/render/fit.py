"""Tables that fit the terminal: nothing is ever cut.

A table is printed whole when its columns fit side by side with every word kept on
one line; otherwise its columns are split into several tables that each repeat the
first (label) column; when even one column beside the labels does not fit, each row
is stacked as 'header: value' lines, which fit any width. Wrapping happens at spaces
only (a word longer than a whole line, rare, is folded rather than cut).
"""
from __future__ import annotations

from dataclasses import dataclass

from .document import Cell, Table, cell_text

BORDER = 3              # rich's box: "│ " before a column, " " after, per column ...
EDGE = 1                # ... plus the closing "│"
LONGEST_WORD = 30       # a word longer than this may be folded inside its column
SHORT = 8               # a cell line this short is kept whole


@dataclass(frozen=True)
class Layout:
    """How a table is printed: 'whole', 'split' into column groups, or 'stacked'."""

    kind: str
    groups: tuple[tuple[int, ...], ...] = ()


def word_width(text: str) -> int:
    """The longest word (capped): a column narrower than this would break a word. A
    short line ('[0, 8]', '1, 3') counts as one word: it is never wrapped."""
    if all(len(line) <= SHORT for line in text.split("\n")):
        return max((len(line) for line in text.split("\n")), default=1) or 1
    words = [w for line in text.split("\n") for w in line.split()]
    return min(max((len(w) for w in words), default=1), LONGEST_WORD)


def column_widths(table: Table) -> list[int]:
    """Each column's narrowest width that keeps every word whole."""
    widths = [word_width(h) for h in table.headers]
    for row in table.rows:
        for k, c in enumerate(row):
            widths[k] = max(widths[k], word_width(cell_text(c)))
    return widths


def natural_widths(table: Table) -> list[int]:
    """Each column's width with no wrapping at all (its longest line)."""
    def longest(text: str) -> int:
        return max((len(line) for line in text.split("\n")), default=0)
    widths = [longest(h) for h in table.headers]
    for row in table.rows:
        for k, c in enumerate(row):
            widths[k] = max(widths[k], longest(cell_text(c)))
    return widths


def allocate(table: Table, width: int) -> list[int]:
    """Column widths that fit `width` (given a layout that fits): each column gets its
    word width; columns a fair share would put on one line get their full width; the
    room left is shared in proportion to what the others still lack."""
    mins, wants = column_widths(table), natural_widths(table)
    alloc = list(mins)
    room = width - needed(alloc)
    short = [wants[k] - mins[k] for k in range(len(alloc))]
    for k in sorted(range(len(alloc)), key=lambda k: short[k]):
        if short[k] <= room / max(1, sum(1 for j in range(len(alloc)) if wants[j] > alloc[j])):
            alloc[k] = wants[k]
            room -= short[k]
    lacking = [k for k in range(len(alloc)) if wants[k] > alloc[k]]
    total = sum(wants[k] - alloc[k] for k in lacking)
    for k in lacking:
        give = min(wants[k] - alloc[k], room * (wants[k] - alloc[k]) // total) if total else 0
        alloc[k] += give
    room = width - needed(alloc)
    for k in lacking:
        give = max(0, min(wants[k] - alloc[k], room))
        alloc[k] += give
        room -= give
    return alloc


def needed(widths: list[int]) -> int:
    return sum(widths) + BORDER * len(widths) + EDGE


def layout(table: Table, width: int) -> Layout:
    """The layout that fits `width` columns of characters."""
    widths = column_widths(table)
    if needed(widths) <= width:
        return Layout("whole")
    if len(widths) < 3 or needed([widths[0], max(widths[1:])]) > width:
        return Layout("stacked")
    groups: list[tuple[int, ...]] = []
    current: list[int] = []
    for k in range(1, len(widths)):
        if current and needed([widths[0]] + [widths[j] for j in current] + [widths[k]]) > width:
            groups.append(tuple(current))
            current = []
        current.append(k)
    groups.append(tuple(current))
    return Layout("split", tuple(groups))


def split_tables(table: Table, groups: tuple[tuple[int, ...], ...]) -> list[Table]:
    """The table as several, each with the label column and one group of columns."""
    out = []
    total = len(table.headers) - 1
    for g in groups:
        keep = (0, *g)
        where = f"columns {g[0]}-{g[-1]} of {total}" if len(g) > 1 else f"column {g[0]} of {total}"
        caption = f"{table.caption} ({where})" if table.caption else f"({where})"
        out.append(Table([table.headers[k] for k in keep],
                         [[row[k] for k in keep] for row in table.rows], caption=caption))
    return out


def stacked_lines(table: Table) -> list[tuple[str, bool]]:
    """Each row as 'header: value' lines (the label first); with the mark flag."""
    lines: list[tuple[str, bool]] = []
    if table.caption:
        lines.append((table.caption, False))
    for row in table.rows:
        for k, c in enumerate(row):
            mark = isinstance(c, Cell) and c.mark
            text = cell_text(c).replace("\n", "; ")
            prefix = "- " if k == 0 else "    "
            lines.append((f"{prefix}{table.headers[k]}: {text}", mark))
    return lines
