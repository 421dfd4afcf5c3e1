"""Write a report as CommonMark with GitHub tables (checked with markdown-it-py).

Every piece of text is escaped, so a payoff such as `1*` or a name such as
`hold_stalemate` reads literally; a marked cell is bold (the legend says "bold" where
the terminal says "highlighted"); a cell's line breaks become `<br>`."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .document import Cell, Section, Table, Text, cell_text
from .text import visible

SPECIAL = re.compile(r"([\\`*_\[\]<|~&])")
LINE_START = re.compile(r"^(\s*)([#>+=]|-(?! )|\d+(?=[.)]))")


def escape(s: str) -> str:
    """Backslash-escape every character CommonMark could read as inline markup, and a
    line start it could read as a heading, quote or numbered list ('- ' stays a list);
    control characters first become visible escapes."""
    s = SPECIAL.sub(r"\\\1", visible(s, keep="\n"))
    m = LINE_START.match(s)
    if m:
        s = s[:m.start(2)] + ("\\" + s[m.start(2):] if not m.group(2)[0].isdigit() else
                               s[m.start(2):m.end(2)] + "\\" + s[m.end(2):])
    return s


def _inline(s: str) -> str:
    """Text for one table cell: escaped, line breaks as <br>."""
    return "<br>".join(escape(line) for line in s.split("\n"))


def _cell(c: Cell | str) -> str:
    text = _inline(cell_text(c))
    return f"**{text}**" if isinstance(c, Cell) and c.mark and text else text


def _words(text: str) -> str:
    """The emitter's words: marked cells are bold here, not highlighted."""
    return text.replace("highlighted", "in bold")


def _table(block: Table) -> list[str]:
    out = []
    if block.caption:
        out += [f"*{escape(_words(block.caption))}*", ""]
    out.append("| " + " | ".join(_inline(h) or " " for h in block.headers) + " |")
    out.append("|" + "---|" * len(block.headers))
    for row in block.rows:
        out.append("| " + " | ".join(_cell(c) for c in row) + " |")
    out.append("")
    return out


def _text(block: Text) -> list[str]:
    if block.style == "pre":                # a drawn map: kept as it is, in a code block
        return ["```", block.text, "```", ""]
    lines = [escape(_words(line)) for line in block.text.split("\n")]
    if block.style == "note":
        lines = [f"*{line}*" if line.strip() else line for line in lines]
    return ["  \n".join(lines), ""]


def render(sections: Sequence[Section]) -> str:
    """The whole report as one Markdown document."""
    out: list[str] = []
    for level, sec in enumerate(sections):
        out.append(("# " if level == 0 else "## ") + escape(sec.title))
        out.append("")
        for block in sec.blocks:
            out.extend(_text(block) if isinstance(block, Text) else _table(block))
    return "\n".join(out).rstrip() + "\n"
