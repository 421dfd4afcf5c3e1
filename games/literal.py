"""How text from an input file is shown: literally, never as instructions.

Names and texts in a scenario come from someone else. Shown raw, an escape sequence
(ESC [ ...) could rewrite the terminal and a line break could fake a table row. So
every character that is not visible text is shown as a visible escape (`\\x1b`,
`\\u202e`), and names are checked at load time so that two different names never look
the same in output.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable

_INVISIBLE = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
MAX_TEXT = 10_000      # characters of one name or text (title, description, label):
                       # a report wraps each for the terminal, and a 4 MB title took minutes


def too_long(text: str, what: str) -> str | None:
    """Why `text` (a name, a title) is too long to be shown, or None."""
    if len(text) <= MAX_TEXT:
        return None
    return (f"{what} is too long ({len(text):,} characters; the limit is {MAX_TEXT:,} "
            "characters)")


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str, keep: str = "") -> str:
    """`text` with every control, format or unassigned character (ESC, bidi overrides,
    zero-width marks, ...) replaced by a visible escape; characters in `keep` (such as
    a layout line break) stay."""
    if text.isprintable() and not keep:
        return text
    return "".join(ch if ch in keep or unicodedata.category(ch) not in _INVISIBLE
                   else _escape_char(ch) for ch in text)


def name_problem(name: str, kind: str, of: str = "") -> str | None:
    """Why a player or strategy name would be ambiguous in output, or None: it has
    leading or trailing spaces, or a line break; or it is too long to show."""
    long = too_long(name, f"{kind} name")
    if long:
        return long
    if name != name.strip():
        return (f"{kind} name '{visible(name)}'{of} has leading or trailing spaces, which "
                "cannot be seen in output; remove them")
    if name.isprintable():          # no line break (each is unprintable): at C speed
        return None
    if any(unicodedata.category(ch) in ("Zl", "Zp") or ch in "\n\r\v\f\x85" for ch in name):
        return f"{kind} name '{visible(name)}'{of} contains a line break; a name is one line"
    return None


def clash(names: Iterable[str]) -> tuple[int, str, str] | None:
    """(index, name, earlier name) of the first name that is shown exactly like an
    earlier, different one (after `visible`), or None."""
    seen: dict[str, str] = {}
    for k, name in enumerate(names):
        shown = visible(name)
        if shown in seen and seen[shown] != name:
            return k, name, seen[shown]
        seen.setdefault(shown, name)
    return None


def json_visible(doc: str) -> str:
    """JSON text with every invisible character (bidi controls, zero-width marks, DEL and
    C1 controls, which `json.dumps(ensure_ascii=False)` leaves raw) written as its
    \\uXXXX escape: the same data, but nothing in it can act on a terminal. Outside
    strings JSON is ASCII, so only string contents change."""
    if doc.replace("\n", "").isprintable():   # the usual case, at C speed (the loop
        return doc                                # below took 4 s on 17 MB of JSON)
    return "".join(_json_escape(ch) if unicodedata.category(ch) in _INVISIBLE
                   and ch not in "\n" else ch for ch in doc)


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
