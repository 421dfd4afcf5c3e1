"""Scenario files (YAML, format version 1) -> `Scenario` -> `Game`.

Every check runs here, before any solving, and every problem is a `ScenarioError`
naming file:line:column (1-based) of the offending YAML node, or of the character
inside an expression. The YAML is composed (`yaml.compose`, safe loader), never
constructed, so node positions are kept, duplicate keys are seen, and numbers are
read exactly from their source text (`0.1` is 1/10).
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from ..errors import ScenarioError
from ..limits import read_file_bytes
from ..literal import visible
from .document import Document
from .model import Scenario
from .validation import _Builder



# ------------------------------------------------------------------ entry points

def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file (ScenarioError on any problem)."""
    name = file_name(path)
    text = read_text(path)
    return parse_scenario(text, name)


def parse_scenario(text: str, path: str = "<string>") -> Scenario:
    """Validate scenario YAML text; `path` is the name used in error messages."""
    doc = Document(path, text)
    root = doc.compose()
    from ..tree.reader import build_tree_scenario, has_tree
    if has_tree(root):                  # a game tree (SPEC "Sequential scenarios")
        from ..tree.scenario import TreeScenario
        return TreeScenario(build_tree_scenario(doc, root)).as_scenario()
    return _Builder(doc).build(root)


def parse_assignment(text: str, scenario: Scenario) -> tuple[str, Fraction]:
    """`--set NAME=VALUE` read exactly and checked against the scenario's parameters."""
    return scenario.parse_assignment(text)


def read_text(path: str | Path) -> str:
    """The file's text: UTF-8, not binary, not empty; ScenarioError naming the file
    (also for a path that is not a str or os.PathLike, or has a NUL character)."""
    from ..arguments import path as checked_path
    checked, name = str(checked_path(path)), file_name(path)
    return decode_text(read_file_bytes(checked, name), name)


def file_name(path: object) -> str:
    """A file name as shown in messages: literally (games.literal.visible)."""
    return visible(str(path))


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (a BOM is allowed); binary data and bad bytes are ScenarioErrors."""
    if b"\0" in data:
        line = data[:data.index(b"\0")].count(b"\n") + 1
        raise ScenarioError("not a text file (binary data; a scenario is UTF-8 YAML text)",
                            name, line)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise ScenarioError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)",
                            name, line, col) from None
