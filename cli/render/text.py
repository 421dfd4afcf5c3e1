"""Text helpers every render section uses: exact numbers (with a decimal when
irrational), mixtures in words, expressions as a student writes them.

A leaf module: it imports nothing from the other render modules, so sections can
import it (and each other's helpers through it) without import cycles.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from games.literal import visible
from games.numbers import Exact, SymExpr, exact_str, is_rational, played, to_float

if TYPE_CHECKING:
    from games.model import Player

_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]<|~])")


def fmt(x: Exact) -> str:
    """An exact value, with a decimal approximation when it is irrational."""
    s = exact_str(x)
    return s if is_rational(x) else f"{s} ≈ {to_float(x):.6g}"


def approx(x: Exact) -> str:
    """A numeric result's value as a short decimal (its exact digits mean nothing)."""
    return f"{to_float(x):.6g}"


def mix_text(player: Player, probs: Sequence[Exact], exact: bool = True) -> str:
    """'confront' for a pure strategy, '1/3 confront + 2/3 diplomacy' for a mixture
    (decimals for a numeric result)."""
    shown = [(player.strategies[j].name, probs[j]) for j in played(probs)]
    if len(shown) == 1:
        return shown[0][0]
    show = fmt if exact else approx
    return " + ".join(f"{show(p)} {name}" for name, p in shown)


def num(x: Exact) -> str:
    """An exact number, with a decimal approximation when it is irrational."""
    s = exact_str(x)
    return s if is_rational(x) else f"{s} (≈ {to_float(x):.4g})"


def expr(e: SymExpr) -> str:
    """A sympy expression as a student writes it: 2·q, p^2, 1 - q (a constant first
    when the rest starts with a minus: 1 - p1 - p2, not -p1 - p2 + 1)."""
    text = str(e)
    const, rest = getattr(e, "as_coeff_Add", lambda: (0, e))()
    if getattr(e, "is_Add", False) and const != 0 and str(rest).startswith("-"):
        text = f"{const} - {str(rest)[1:]}"
    return text.replace("**", "^").replace("*", "·")


def terminal(text: str) -> str:
    """Scenario text for the terminal (rich Text, never parsed as markup): control
    characters and escape sequences shown as visible escapes; line breaks kept."""
    return visible(text, keep="\n")


def one_line(text: str) -> str:
    """For an error line: every control character, line breaks included, escaped."""
    return visible(text)


def html(text: str, quote: bool = True) -> str:
    """For HTML: visible escapes (NUL, ESC, bidi overrides and zero-width marks are not
    written raw into the page), then the characters HTML acts on escaped."""
    from html import escape
    return escape(visible(text, keep="\n\t"), quote)


def markdown(text: str) -> str:
    """For Markdown: visible escapes, and every character Markdown or HTML would act on
    backslash-escaped, so a name cannot add emphasis, links, tags or table cells."""
    return _MARKDOWN_ACTIVE.sub(r"\\\1", visible(text, keep="\n"))
