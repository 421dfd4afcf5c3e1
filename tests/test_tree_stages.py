"""The compact stage form (`stages:`, games.tree.stages) builds the same tree as the
explicit `tree:` written by hand below: node for node (kind, mover, actions, chance
probabilities, payoffs, paths) and the same information sets (as sets of nodes), so
every analysis is the same (compared on the JSON reports, information-set labels
aside). Malformed stage files each exit 2 with a one-line file:line:column message;
the expected lines were read off the texts by hand."""
from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from cli.main import main
from test_tree_errors import refused
from games.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]


def tree_of(path: Path):
    return load_scenario(path).spec.tree()


def shape(tree):
    """Everything about a tree except information-set labels."""
    nodes = tuple((n.kind, n.player, n.actions, n.children, n.probs, n.payoffs, n.path)
                  for n in tree.nodes)
    sets = sorted((h.player, h.actions, h.nodes) for h in tree.infosets)
    return nodes, sets


def report(path: Path, names: dict[str, str]) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([str(path), "--format", "json", "--no-sensitivity"]) == 0
    text = out.getvalue()
    for old, new in names.items():
        text = text.replace(json.dumps(old), json.dumps(new))
    doc = json.loads(text)
    for key in ("scenario", "title", "description", "source", "file", "path", "timing",
                "seconds", "elapsed"):
        doc.pop(key, None)
    keys = ("equilibria", "subgame_perfect", "noncredible", "nash_subgame_perfect")
    assert all(k in doc for k in keys)
    return {k: doc[k] for k in keys}


def same_game(compact: Path, explicit: Path) -> None:
    a, b = tree_of(compact), tree_of(explicit)
    assert shape(a) == shape(b)
    names = {x.name: y.name for x, y in zip(sorted(a.infosets, key=lambda h: h.nodes),
                                            sorted(b.infosets, key=lambda h: h.nodes))}
    assert report(compact, names) == report(explicit, {})


def test_shipped_example_is_the_bayesian_entry_tree():
    same_game(ROOT / "scenarios/bayesian_entry_stages.yaml",
              ROOT / "scenarios/bayesian_entry.yaml")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


CASES = {
    "entry": (
        """scenario: e
parameters: {fight_cost: {value: 1, range: [-2, 4]}}
players: [Entrant, Incumbent]
stages:
  - Entrant: [stay_out, enter]
  - Incumbent: [fight, accommodate]
    after: {Entrant: enter}
payoffs:
  stay_out: [0, 5]
  enter, fight: [-1, 2 - fight_cost]
  enter, accommodate: [2, 2]
""",
        """scenario: e
parameters: {fight_cost: {value: 1, range: [-2, 4]}}
players: [Entrant, Incumbent]
tree:
  Entrant:
    stay_out: [0, 5]
    enter: {Incumbent: {fight: [-1, 2 - fight_cost], accommodate: [2, 2]}}
"""),
    "simultaneous": (
        """scenario: s
players: [Row, Column]
stages:
  - Row: [top, bottom]
  - Column: [left, right]
    observes: []
payoffs:
  top, left: [3, 1]
  top, right: [0, 0]
  bottom, left: [0, 0]
  bottom, right: [1, 3]
""",
        """scenario: s
players: [Row, Column]
tree:
  Row:
    top: {Column: {left: [3, 1], right: [0, 0]}, info: h}
    bottom: {Column: {left: [0, 0], right: [1, 3]}, info: h}
"""),
    "moves_twice_and_chance": (
        # A moves, chance draws (seen by B only), B moves seeing A and the draw, then A
        # again, seeing B's move but not the draw (and remembering its own first move)
        """scenario: m
players: [A, B]
outcomes: {zero: [0, 0]}
stages:
  - A: [x, y]
  - chance: {hi: 1/3, lo: 2/3}
    name: draw
  - B: [l, r]
  - A: [u, v]
    observes: [B]
    after: {B: l}
payoffs:
  x, hi, l, u: [1, 2]
  x, hi, l, v: [2, 0]
  x, hi, r: zero
  x, lo, l, u: [0, 1]
  x, lo, l, v: [3, 3]
  x, lo, r: [1, 1]
  y, hi, l, u: [2, 2]
  y, hi, l, v: [0, 1]
  y, hi, r: [1, 0]
  y, lo, l, u: [1, 1]
  y, lo, l, v: [0, 2]
  y, lo, r: zero
""",
        """scenario: m
players: [A, B]
outcomes: {zero: [0, 0]}
tree:
  A:
    x:
      chance:
        hi: {p: 1/3, then: {B: {l: {A: {u: [1, 2], v: [2, 0]}, info: ax}, r: zero}}}
        lo: {p: 2/3, then: {B: {l: {A: {u: [0, 1], v: [3, 3]}, info: ax}, r: [1, 1]}}}
    y:
      chance:
        hi: {p: 1/3, then: {B: {l: {A: {u: [2, 2], v: [0, 1]}, info: ay}, r: [1, 0]}}}
        lo: {p: 2/3, then: {B: {l: {A: {u: [1, 1], v: [0, 2]}, info: ay}, r: zero}}}
"""),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_compact_form_builds_the_explicit_tree(name, tmp_path):
    compact, explicit = CASES[name]
    same_game(write(tmp_path, f"{name}_stages.yaml", compact),
              write(tmp_path, f"{name}_tree.yaml", explicit))


def test_stage_labels_name_what_is_seen(tmp_path):
    tree = tree_of(write(tmp_path, "s.yaml", CASES["simultaneous"][0]))
    assert [h.name for h in tree.infosets] == ["/", "Column seeing nothing"]
    tree = tree_of(write(tmp_path, "m.yaml", CASES["moves_twice_and_chance"][0]))
    assert {h.name for h in tree.infosets if len(h.nodes) > 1} == \
        {"A_2 seeing x, l", "A_2 seeing y, l"}


def malformed_cases() -> dict:
    import yaml
    path = ROOT / "tests/malformed_stages.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


BAD = malformed_cases()


@pytest.mark.parametrize("name", sorted(BAD))
def test_malformed_stages(name, tmp_path):
    case = BAD[name]
    refused(write(tmp_path, f"{name}.yaml", case["text"]), case["line"], case["message"])
