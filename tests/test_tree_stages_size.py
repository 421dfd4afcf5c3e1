"""A `stages:` scenario is held to MAX_TREE_NODES like a written tree, counted before the
tree is built: a few lines of stages that would expand past the limit are refused at
once (one line, exit 2, within the hostile bounds), a tree of exactly the limit is read.
The count is checked against a brute-force enumeration of the plays written here."""
from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from games.errors import ScenarioError
from games.limits import MAX_TREE_NODES, too_many_tree_nodes
from games.scenario.document import Document
from games.tree.model import TreeSpec
from games.tree.reader import build_tree_scenario
from games.tree.stages import Stage, tree_size
from tests.test_hostile import write
from tests.test_hostile_ties import bounded

Spec = list[tuple[int, tuple[str, ...], dict[int, set[str]]]]   # mover, actions, after


def _brute(spec: Spec) -> tuple[int, list[tuple[str, ...]], set[int]]:
    """Nodes (leaves included), plays and stages that happen, by walking every history."""
    nodes, plays, happen = 0, [], set()

    def walk(t: int, moves: dict[int, str], play: tuple[str, ...]) -> None:
        nonlocal nodes
        nodes += 1
        for u in range(t, len(spec)):
            if all(moves.get(k) in allowed for k, allowed in spec[u][2].items()):
                happen.add(u)
                for a in spec[u][1]:
                    walk(u + 1, {**moves, u: a}, (*play, a))
                return
        plays.append(play)

    walk(0, {}, ())
    return nodes, plays, happen


def _yaml(spec: Spec, plays: list[tuple[str, ...]]) -> str:
    lines = ["scenario: s", "players: [A, B]", "stages:"]
    for t, (player, actions, after) in enumerate(spec):
        lines.append(f"  - {'AB'[player]}: [{', '.join(actions)}]")
        lines.append(f"    name: s{t}")
        if after:
            cond = ", ".join(f"s{k}: [{', '.join(sorted(v))}]" for k, v in after.items())
            lines.append(f"    after: {{{cond}}}")
    lines.append("payoffs:")
    lines += [f"  {', '.join(p)}: [{len(p)}, {k % 3}]" for k, p in enumerate(plays)]
    return "\n".join(lines) + "\n"


def _read(text: str) -> TreeSpec:
    """The tree scenario the text describes, read (not analysed)."""
    doc = Document("s.yaml", text)
    return build_tree_scenario(doc, doc.compose())


def _random_spec(rng: random.Random) -> Spec:
    spec: Spec = []
    for t in range(rng.randint(1, 7)):
        actions = tuple(f"m{t}_{j}" for j in range(rng.randint(1, 3)))
        after: dict[int, set[str]] = {}
        for k in rng.sample(range(t), min(t, rng.randint(0, 2))):
            after[k] = set(rng.sample(spec[k][1], rng.randint(1, len(spec[k][1]))))
        spec.append((rng.randint(0, 1), actions, after))
    return spec


def _stages(spec: Spec) -> list[Stage]:
    return [Stage(f"s{t}", p, acts, (), None,
                  tuple((k, frozenset(v)) for k, v in after.items()), 1, 1)
            for t, (p, acts, after) in enumerate(spec)]


def test_count_matches_brute_force_and_the_built_tree() -> None:
    rng = random.Random(13)
    checked = 0
    while checked < 40:
        spec = _random_spec(rng)
        nodes, plays, happen = _brute(spec)
        if len(plays) > 1 and len(happen) == len(spec):   # else an error of its own
            stages = _stages(spec)
            assert tree_size(stages) == nodes
            assert tree_size(stages, cap=nodes - 1) == nodes      # cap + 1: "more"
            assert tree_size(stages, cap=nodes) == nodes
            if checked < 20:
                assert len(_read(_yaml(spec, plays)).tree().nodes) == nodes
            checked += 1


def _chain(outcomes: int, steps: int) -> str:
    """A chance move of `outcomes` outcomes, then `steps` single-action stages: a tree
    of 1 + outcomes x (steps + 1) nodes and `outcomes` plays."""
    spec: Spec = [(0, tuple(f"o{k}" for k in range(outcomes)), {})]
    spec += [(j % 2, (f"s{j}",), {}) for j in range(steps)]
    text = _yaml(spec, _brute(spec)[1])
    chance = "{" + ", ".join(f"o{k}: 1/{outcomes}" for k in range(outcomes)) + "}"
    return text.replace(f"  - A: [{', '.join(spec[0][1])}]", f"  - chance: {chance}", 1)


def test_exactly_the_limit_is_read_one_more_is_refused() -> None:
    assert 1 + 99 * 101 == MAX_TREE_NODES and 1 + 100 * 100 == MAX_TREE_NODES + 1
    start = time.process_time()
    assert len(_read(_chain(99, 100)).tree().nodes) == MAX_TREE_NODES
    with pytest.raises(ScenarioError, match="more than 10,000 nodes") as err:
        _read(_chain(100, 99))
    assert err.value.line == 4 and too_many_tree_nodes() in str(err.value)
    assert time.process_time() - start < 5


@pytest.mark.parametrize("stages", [
    ["  - chance: {h: 1/2, t: 1/2}"] * 20 + ["  - A: [x, y]"],        # 2^21 plays
    [f"  - {'AB'[k % 2]}: {'[x, y]' if k < 17 else '[z]'}" for k in range(250)],
], ids=["wide", "deep"])
def test_a_few_lines_of_stages_past_the_limit_are_refused_at_once(
        tmp_path: Path, stages: list[str]) -> None:
    """Before the count, the deep one (131,072 plays of 250 moves) ran past 60 s."""
    text = "\n".join(["scenario: s", "players: [A, B]", "stages:", *stages,
                      "payoffs:", "  x: [1, 2]"]) + "\n"
    path = write(tmp_path, "s.yaml", text)
    proc = bounded(path, "--export", tmp_path / "out.efg")
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert lines == [f"analyze: error: {path}:4:3: {too_many_tree_nodes()}; counted from the "
                     "stages before the tree is built: fewer stages or actions, or 'after' to "
                     "cut plays short"]
    assert not (tmp_path / "out.efg").exists()
