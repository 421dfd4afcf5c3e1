"""`--format latex`: the report as a LaTeX document for papers.

The same sections as the terminal and Markdown (report.py): payoff tables with each
best response starred and every pure-equilibrium cell in bold, the equilibrium table,
dominance and sensitivity. Only packages of a basic TeX installation are used
(inputenc, fontenc, longtable); every scenario string is escaped, and a
character LaTeX cannot set without further packages is written as its Unicode name in
brackets rather than breaking the build.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .document import Cell, Section, Table, Text, cell_text

SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
           "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
           "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
           "|": r"\textbar{}"}
UNICODE = {"≈": r"$\approx$", "≤": r"$\leq$", "≥": r"$\geq$", "—": "---", "–": "--",
           "×": r"$\times$", "→": r"$\to$", "∞": r"$\infty$", "·": r"$\cdot$",
           "…": r"\ldots{}", "≠": r"$\neq$", "√": r"$\surd$", "±": r"$\pm$",
           "“": "``", "”": "''", "‘": "`", "’": "'", "\u00a0": "~", "▲": r"$\triangle$"}
WIDE = 38          # a column whose longest cell is longer than this wraps (p{...})


def escape(text: str) -> str:
    """Plain text as LaTeX source that sets exactly that text."""
    out = []
    for ch in text:
        if ch in SPECIAL:
            out.append(SPECIAL[ch])
        elif ch in UNICODE:
            out.append(UNICODE[ch])
        elif ch == "\n" or ch == "\t":
            out.append(" ")
        elif ord(ch) < 0x180 and unicodedata.category(ch) != "Cc":
            out.append(ch)          # Latin letters: inputenc utf8 with T1 sets them
        else:
            out.append(f"[{unicodedata.name(ch, f'U+{ord(ch):04X}').lower()}]")   # and ESC, CSI
    return "".join(out)


def cell(c: Cell | str) -> str:
    text = escape(cell_text(c))
    return rf"\textbf{{{text}}}" if isinstance(c, Cell) and c.mark and text else text


def table(t: Table) -> list[str]:
    """A longtable (it may break across pages), wide columns wrapped."""
    n = len(t.headers)
    cols = []
    for k in range(n):
        longest = max([len(t.headers[k])] + [len(cell_text(r[k])) for r in t.rows if k < len(r)])
        cols.append(r"p{0.45\textwidth}" if longest > WIDE else "l")
    out = [r"\begin{longtable}{|" + "|".join(cols) + "|}"]
    if t.caption:
        out.append(rf"\multicolumn{{{n}}}{{l}}{{\textit{{{escape(t.caption)}}}}}\\")
    out.append(r"\hline")
    out.append(" & ".join(rf"\textbf{{{escape(h)}}}" for h in t.headers) + r" \\ \hline")
    out.append(r"\endhead")
    for row in t.rows:
        cells = [cell(c) for c in row] + [""] * (n - len(row))
        out.append(" & ".join(cells) + r" \\ \hline")
    out.append(r"\end{longtable}")
    return out


def render(sections: Sequence[Section]) -> str:
    """The whole report as a standalone LaTeX document."""
    title = escape(sections[0].title) if sections else "Game"
    out = [r"\documentclass[10pt]{article}", r"\usepackage[utf8]{inputenc}",
           r"\usepackage[T1]{fontenc}", r"\usepackage{longtable}",
           r"\setlength{\textwidth}{16.5cm}", r"\setlength{\oddsidemargin}{-0.2cm}",
           rf"\title{{{title}}}", r"\date{}", r"\begin{document}", r"\maketitle"]
    for k, sec in enumerate(sections):
        if k > 0:
            out.append(rf"\section*{{{escape(sec.title)}}}")
        for block in sec.blocks:
            if isinstance(block, Text):
                text = escape(block.text)
                out.append((rf"\emph{{{text}}}" if block.style == "note" else text) + "\n")
            else:
                out.extend(table(block))
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"
