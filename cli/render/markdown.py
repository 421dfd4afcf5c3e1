"""Write a report as GitHub-flavoured Markdown."""
from __future__ import annotations

from typing import Sequence

from .document import Cell, Section, Text, cell_text


def _escape(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _cell(c: Cell | str) -> str:
    text = _escape(cell_text(c))
    return f"**{text}**" if isinstance(c, Cell) and c.mark and text else text


def render(sections: Sequence[Section]) -> str:
    """The whole report as one Markdown document."""
    out: list[str] = []
    for level, sec in enumerate(sections):
        out.append(("# " if level == 0 else "## ") + sec.title)
        out.append("")
        for block in sec.blocks:
            if isinstance(block, Text) and block.style == "pre":
                out.extend(["```", block.text, "```", ""])
                continue
            if isinstance(block, Text):
                out.append(f"*{block.text}*" if block.style == "note" else block.text)
                out.append("")
                continue
            if block.caption:
                out.append(f"*{_escape(block.caption)}*")
                out.append("")
            out.append("| " + " | ".join(_escape(h) for h in block.headers) + " |")
            out.append("|" + "---|" * len(block.headers))
            for row in block.rows:
                out.append("| " + " | ".join(_cell(c) for c in row) + " |")
            out.append("")
    return "\n".join(out).rstrip() + "\n"
