"""The scenario text as a YAML document: composing it and locating nodes.

The YAML is composed (`yaml.compose`, safe loader), never constructed, so node
positions are kept, duplicate keys are seen, and numbers are read exactly from their
source text. `Document.error` makes a ScenarioError at a node's file:line:column.
"""
from __future__ import annotations

import yaml

from ..errors import ScenarioError
from ..limits import yaml_nodes_problem

NULL_TAG = "tag:yaml.org,2002:null"
MERGE_TAG = "tag:yaml.org,2002:merge"
# libyaml's composer is ~7x faster; both give character-based marks and node styles
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class _Loader(_BASE_LOADER):  # type: ignore[valid-type,misc]  # chosen at import
    """The safe loader resolving only the tags read here: null, and merge keys (which
    are refused). Numbers are read from their source text, so guessing int, float,
    bool or timestamp tags for every plain scalar, in Python, was wasted work (a
    quarter of composing a 50,000-row payoff table)."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0] and value in _NULLS:
                return NULL_TAG
            return MERGE_TAG if implicit[0] and value == "<<" else self.DEFAULT_SCALAR_TAG
        return (self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode
                else self.DEFAULT_MAPPING_TAG)


_LOADER = _Loader
_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


class Document:
    """The scenario text and its file name: composes YAML and locates nodes."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text

    def compose(self) -> yaml.Node:
        """The YAML node tree; syntax errors become ScenarioErrors at the YAML mark."""
        if not self.text.strip():
            raise ScenarioError("empty scenario file", self.name)
        try:
            self._count_nodes()
            root = yaml.compose(self.text, Loader=_LOADER)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            msg = exc.problem or exc.context or "invalid YAML"
            if exc.context and exc.problem:
                msg = f"{exc.problem} ({exc.context})"
            hint = None
            if mark is not None and self.text[mark.index:mark.index + 1] == "\t":
                hint = "indent with spaces; YAML does not allow tabs there"
            raise ScenarioError(f"YAML syntax error: {msg}", self.name,
                                mark.line + 1 if mark else None,
                                mark.column + 1 if mark else None, hint) from None
        except yaml.reader.ReaderError as exc:
            line, col = self.line_col(exc.position)
            raise ScenarioError(f"YAML cannot read the character {chr(exc.character)!r} "
                                f"(control characters are not allowed)",
                                self.name, line, col) from None
        except yaml.YAMLError as exc:
            raise ScenarioError(f"YAML error: {exc}", self.name) from None
        except UnicodeEncodeError as exc:       # a lone surrogate (text not from a file)
            line, col = self.line_col(exc.start)
            raise ScenarioError("not valid text (an unpaired surrogate character)",
                                self.name, line, col) from None
        if root is None:
            raise ScenarioError("empty scenario file (only comments)", self.name)
        return root

    def _count_nodes(self) -> None:
        """Refuse, at the first node past the limit, a text with more YAML nodes than
        MAX_YAML_NODES: reading the events is about ten times cheaper than composing."""
        count = 0
        for event in yaml.parse(self.text, Loader=_LOADER):
            if isinstance(event, _NODE_EVENTS):
                count += 1
                problem = yaml_nodes_problem(count)
                if problem:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
                    raise ScenarioError(problem, self.name, line, col)

    def line_col(self, index: int) -> tuple[int, int]:
        """1-based line and column of a character index in the text."""
        line = self.text.count("\n", 0, index) + 1
        return line, index - (self.text.rfind("\n", 0, index) + 1) + 1

    def position(self, node: yaml.Node, offset: int | None = None) -> tuple[int, int]:
        """1-based (line, column) of a node, or of character `offset` of a scalar's
        value when its source spelling maps onto the value one to one."""
        mark = node.start_mark
        line, col = mark.line + 1, mark.column + 1
        if offset is None or not isinstance(node, yaml.ScalarNode):
            return line, col
        start, end = mark.index, node.end_mark.index
        src = self.text[start:end]
        if node.style in ('"', "'") and src[1:-1] == node.value:
            return line, col + 1 + offset
        if not node.style and src == node.value:
            return line, col + offset
        return line, col

    def error(self, node: yaml.Node | None, message: str, hint: str | None = None,
              offset: int | None = None) -> ScenarioError:
        """A ScenarioError located at `node` (and `offset` inside a scalar)."""
        if node is None:
            return ScenarioError(message, self.name, hint=hint)
        line, col = self.position(node, offset)
        return ScenarioError(message, self.name, line, col, hint=hint)


def node_kind(node: yaml.Node) -> str:
    """How a YAML node is named in messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "nothing"
    return f"'{node.value}'"


def is_null(node: yaml.Node) -> bool:
    """Whether a node is YAML null (an empty value or `~`)."""
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG
