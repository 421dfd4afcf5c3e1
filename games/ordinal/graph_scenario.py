"""Reading a graph-model scenario (a YAML file with a top-level `graph_model:` block)
into a `GraphModel`, checking everything with file:line:col errors.

```yaml
scenario: Elmira groundwater contamination
source: ...
graph_model:
  decision_makers:                  # each decision maker and the options it controls
    Ministry: [modify]
    Uniroyal: [delay, accept, abandon]
  irreversible: {abandon: forward}  # forward: never withdrawn; backward: never retaken
  states:                           # each feasible state: the options taken in it
    s1: [delay]
    s9: {taken: [abandon], any: [modify]}   # `any`: options that no longer matter
  preferences:                      # most preferred first; a nested list is a tie
    Ministry: [s1, [s9, ...]]
```
The YAML is composed, never constructed (`games.scenario.document`), so no text of the
file is evaluated.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..scenario.document import Document
from ..scenario.reading import read_text
from ..scenario.validation import _Builder
from .graph_model import DIRECTIONS, GraphModel

TOP_KEYS = ("scenario", "description", "source", "graph_model")
MODEL_KEYS = ("decision_makers", "irreversible", "states", "preferences")
STATE_KEYS = ("taken", "any")


@dataclass(frozen=True)
class GraphScenario:
    """A titled graph model read from a file."""

    title: str
    description: str
    source: str
    model: GraphModel


def is_graph_model_text(text: str) -> bool:
    """Whether a scenario text has a top-level `graph_model` key (cheap line test; the
    reader then checks the whole document)."""
    return any(line.startswith("graph_model:") for line in text.splitlines())


def load_graph_scenario(path: str | Path) -> GraphScenario:
    """Read and check a graph-model scenario file."""
    return parse_graph_scenario(read_text(path), str(path))


def parse_graph_scenario(text: str, name: str = "<string>") -> GraphScenario:
    """Read and check a graph-model scenario given as text."""
    doc = Document(name, text)
    return _Reader(doc).read(doc.compose())


class _Reader:
    """Walks the node tree of a graph-model scenario, validating as it goes."""

    def __init__(self, doc: Document) -> None:
        self.b = _Builder(doc)          # the scenario reader's generic node checks
        self.err = doc.error

    def read(self, root: yaml.Node) -> GraphScenario:
        items = self.b.mapping(root, "the scenario")
        self.b.check_keys(items, TOP_KEYS, "the scenario")
        top = {t: (k, v) for t, k, v in items}
        if "scenario" not in top:
            raise self.err(root, "missing 'scenario' (the title)")
        text = {k: self.b.scalar_text(top[k][1], f"'{k}'") if k in top else ""
                for k in ("scenario", "description", "source")}
        model = self.model(top["graph_model"][1])
        return GraphScenario(text["scenario"].strip(), text["description"].strip(),
                             text["source"].strip(), model)

    def model(self, node: yaml.Node) -> GraphModel:
        items = self.b.mapping(node, "'graph_model'")
        self.b.check_keys(items, MODEL_KEYS, "'graph_model'")
        part = {t: v for t, _, v in items}
        for key in ("decision_makers", "states", "preferences"):
            if key not in part:
                raise self.err(node, f"'graph_model' needs '{key}'")
        dms, options, owner = self.decision_makers(part["decision_makers"])
        direction = self.irreversible(part.get("irreversible"), options)
        names, taken = self.states(part["states"], options)
        ranks = self.preferences(part["preferences"], dms, names)
        return GraphModel(dms, options, owner, direction, names, taken, ranks)

    def names(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
        """A list of names (each a non-empty scalar)."""
        if not isinstance(node, yaml.SequenceNode):
            raise self.err(node, f"{what} must be a list of names")
        return [(self.b.scalar_text(x, f"a name in {what}", allow_empty=False).strip(), x)
                for x in node.value]

    def decision_makers(self, node: yaml.Node
                        ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]:
        items = self.b.mapping(node, "'decision_makers'")
        if len(items) < 2:
            raise self.err(node, "a graph model needs at least two decision makers")
        options: list[str] = []
        owner: list[int] = []
        for i, (dm, key, value) in enumerate(items):
            self.b.name(key, dm, "decision maker")
            own = self.names(value, f"the options of {dm}")
            if not own:
                raise self.err(value, f"{dm} controls no option")
            for opt, onode in own:
                if opt in options:
                    raise self.err(onode, f"option '{opt}' is listed twice (each option "
                                          f"belongs to one decision maker)")
                options.append(opt)
                owner.append(i)
        return tuple(t for t, _, _ in items), tuple(options), tuple(owner)

    def option(self, node: yaml.Node, text: str, options: tuple[str, ...]) -> int:
        if text not in options:
            raise self.err(node, f"unknown option '{text}'",
                           f"the options are: {', '.join(options)}")
        return options.index(text)

    def irreversible(self, node: yaml.Node | None, options: tuple[str, ...]
                     ) -> tuple[str | None, ...]:
        direction: list[str | None] = [None] * len(options)
        if node is None:
            return tuple(direction)
        for text, key, value in self.b.mapping(node, "'irreversible'"):
            o = self.option(key, text, options)
            d = self.b.scalar_text(value, f"the direction of '{text}'").strip()
            if d not in DIRECTIONS:
                raise self.err(value, f"the direction of '{text}' must be 'forward' (never "
                                      f"withdrawn) or 'backward' (never retaken), not '{d}'")
            direction[o] = d
        return tuple(direction)

    def states(self, node: yaml.Node, options: tuple[str, ...]
               ) -> tuple[tuple[str, ...], tuple[tuple[bool | None, ...], ...]]:
        items = self.b.mapping(node, "'states'")
        if len(items) < 2:
            raise self.err(node, "a graph model needs at least two states")
        taken: list[tuple[bool | None, ...]] = []
        for name, key, value in items:
            self.b.name(key, name, "state")
            row = self.state(name, value, options)
            if row in taken:
                first = items[taken.index(row)][0]
                raise self.err(key, f"state '{name}' takes the same options as '{first}'")
            taken.append(row)
        return tuple(t for t, _, _ in items), tuple(taken)

    def state(self, name: str, node: yaml.Node, options: tuple[str, ...]
              ) -> tuple[bool | None, ...]:
        if isinstance(node, yaml.MappingNode):
            items = self.b.mapping(node, f"state '{name}'")
            self.b.check_keys(items, STATE_KEYS, f"state '{name}'")
            part = {t: v for t, _, v in items}
            yes = self.names(part["taken"], f"'taken' of state '{name}'") if "taken" in part \
                else []
            free = self.names(part["any"], f"'any' of state '{name}'") if "any" in part \
                else []
        else:
            yes, free = self.names(node, f"state '{name}'"), []
        row: list[bool | None] = [False] * len(options)
        marked: set[int] = set()
        for (text, onode), value in [(x, True) for x in yes] + [(x, None) for x in free]:
            o = self.option(onode, text, options)
            if o in marked:
                raise self.err(onode, f"option '{text}' appears twice in state '{name}'")
            marked.add(o)
            row[o] = value
        return tuple(row)

    def preferences(self, node: yaml.Node, dms: tuple[str, ...], states: tuple[str, ...]
                    ) -> tuple[tuple[int, ...], ...]:
        items = self.b.mapping(node, "'preferences'")
        given = {t: (k, v) for t, k, v in items}
        for text, key, _ in items:
            if text not in dms:
                raise self.err(key, f"unknown decision maker '{text}'",
                               f"the decision makers are: {', '.join(dms)}")
        ranks = []
        for dm in dms:
            if dm not in given:
                raise self.err(node, f"no preferences for {dm}")
            ranks.append(self.ranking(dm, given[dm][1], states))
        return tuple(ranks)

    def ranking(self, dm: str, node: yaml.Node, states: tuple[str, ...]) -> tuple[int, ...]:
        """Ranks (higher = better) from a best-first list whose nested lists are ties."""
        if not isinstance(node, yaml.SequenceNode):
            raise self.err(node, f"the preferences of {dm} must be a list of states, "
                                 f"most preferred first")
        groups: list[list[tuple[str, yaml.Node]]] = []
        for item in node.value:
            groups.append(self.names(item, f"a tie in the preferences of {dm}")
                          if isinstance(item, yaml.SequenceNode)
                          else [(self.b.scalar_text(item, "a state").strip(), item)])
        rank: dict[str, int] = {}
        for g, group in enumerate(groups):
            for text, snode in group:
                if text not in states:
                    raise self.err(snode, f"unknown state '{text}' in the preferences of {dm}",
                                   f"the states are: {', '.join(states)}")
                if text in rank:
                    raise self.err(snode, f"state '{text}' is ranked twice by {dm}")
                rank[text] = len(groups) - g
        missing = [s for s in states if s not in rank]
        if missing:
            raise self.err(node, f"{dm} does not rank {', '.join(missing)}")
        return tuple(rank[s] for s in states)
