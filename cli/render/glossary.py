"""Jargon explained at its first use: after the first block of the report (paragraph,
or table with its caption and headers) that uses a term, a short note says what it
means. The same definitions make docs/glossary.md (a test keeps the two in step)."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .document import Section, Table, Text, cell_text

TERMS: dict[str, str] = {
    "Nash equilibrium": "a choice for every player such that no player can do better by "
                        "changing only their own choice",
    "best response": "a strategy that pays a player the most, given what the others do",
    "pure": "a pure strategy is one definite choice; a pure equilibrium has every player "
            "making one definite choice",
    "mixed": "a mixed strategy picks among several choices with stated probabilities (as "
             "if by a lottery); a mixed equilibrium has at least one player mixing",
    "support": "the strategies a player uses with positive probability",
    "indifferent": "getting the same expected payoff from each of several strategies; a "
                   "player only mixes between strategies she is indifferent between",
    "strictly dominated": "a strategy another strategy (or mixture) beats against "
                          "everything the others might do; it is never played",
    "weakly dominated": "never better than some other strategy and sometimes worse",
    "dominator": "the strategy (or mixture) that beats a dominated strategy",
    "least margin": "the smallest amount by which the dominator beats the dominated "
                    "strategy, over everything the others might do",
    "degenerate": "a game in which some equilibria are not isolated points: ties in the "
                  "payoffs create whole sets of equilibria",
    "continuum": "a connected set of infinitely many equilibria (a segment, a polygon or "
                 "a curve); the report states it exactly and lists its endpoints or "
                 "corners",
    "threshold": "a value of a parameter at which the set of equilibria changes",
    "Monte Carlo": "repeating the analysis for many random draws of the uncertain "
                   "parameters and counting how often each outcome occurs",
    "95% interval": "the range in which the true share lies with 95% confidence, given "
                    "the number of draws (Wilson score interval)",
}


def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(term) + r"\b", re.IGNORECASE)


PATTERNS = {term: _pattern(term) for term in TERMS}


def _block_text(block: Table | Text) -> str:
    if isinstance(block, Text):
        return block.text
    return " ".join([block.caption, *block.headers])


def explain_jargon(sections: Sequence[Section]) -> list[Section]:
    """The sections with a note after the first block that uses each term."""
    seen: set[str] = set()
    out = []
    for sec in sections:
        blocks: list[Table | Text] = []
        for block in sec.blocks:
            blocks.append(block)
            if isinstance(block, Text) and block.style == "note" and \
                    block.text.startswith("Terms: "):
                continue
            text = _block_text(block)
            new = [t for t, p in PATTERNS.items() if t not in seen and p.search(text)]
            if new:
                seen.update(new)
                blocks.append(Text("Terms: " + "; ".join(f"{t}: {TERMS[t]}" for t in new)
                                   + ".", "note"))
        out.append(Section(sec.title, blocks))
    return out


def glossary_markdown() -> str:
    """docs/glossary.md: every term with its definition."""
    lines = ["# Glossary", "",
             "The terms the report uses, in plain words. The report explains each one in a",
             "note where it first appears; this page gathers them.", ""]
    for term, meaning in TERMS.items():
        lines.append(f"- **{term}**: {meaning}.")
    return "\n".join(lines) + "\n"


def first_uses(sections: Sequence[Section]) -> dict[str, int]:
    """For tests: the index of the block where each term is first used."""
    out: dict[str, int] = {}
    k = 0
    for sec in sections:
        for block in sec.blocks:
            for t, p in PATTERNS.items():
                if t not in out and p.search(_block_text(block) if isinstance(
                        block, (Table, Text)) else cell_text(block)):
                    out[t] = k
            k += 1
    return out
