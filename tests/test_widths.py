"""Nothing is lost at any width: every shipped scenario, with every option group,
rendered at several terminal widths; no line is wider than the terminal, and every
exact value of the JSON document (equilibrium probabilities and payoffs, thresholds,
margins, interval ends) appears in the text. Each analysis runs once; the report is
rendered at every width from it."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from cli.commands import check_options, compute_extras, compute_teaching, load_game
from cli.main import build_parser
from games import serialize
from cli.render.report import build
from cli.render.rich_out import emit

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = [p for p in sorted((ROOT / "scenarios").glob("**/*.yaml"))   # graph models have
             if not any(key in p.read_text(encoding="utf-8")         # no payoffs; trees are
                        for key in ("\ngraph_model:", "\ntree:"))]     # shown as trees
WIDTHS = (60, 80, 100, 140)
GROUPS = {"default": [], "teaching": ["--explain", "--concepts"],
          "sweep": ["--sweep", "{p}", "--steps", "25"],
          "map": ["--sweep", "{p}", "--sweep", "{q}", "--steps", "25", "--no-sensitivity"],
          "monte-carlo": ["--monte-carlo", "200", "--seed", "3", "--no-sensitivity"]}
BOX = "│┃┏┡└┗┓┩┘┛━─┳╇┻┴┬┼╋"


def ranged(path: Path) -> list[str]:
    from games.scenario import load_scenario
    sc = load_scenario(path)
    return [n for n, p in sc.game().parameters.items() if p.range]


def rendered(sections: list, width: int) -> str:
    from rich.console import Console
    buf = io.StringIO()
    emit(sections, Console(file=buf, width=width, color_system=None, force_terminal=False))
    return buf.getvalue()


def readable(text: str) -> str:
    """The text with each table's columns read down (a wrapped cell's lines joined),
    then whitespace normalised: what a reader can read, whatever the wrapping."""
    out: list[str] = []
    columns: dict[int, list[str]] = {}
    for line in text.splitlines() + [""]:
        if line[:1] in ("│", "┃"):
            for k, part in enumerate(re.split("[│┃]", line)[1:-1]):
                columns.setdefault(k, []).append(part.strip())
            continue
        if columns:
            out.extend(" ".join(columns[k]) for k in sorted(columns))
            columns = {}
        if line[:1] not in BOX:
            out.append(line)
    return " ".join(" ".join(out).split())


def exact_values(doc: dict) -> set[str]:
    """Exact strings of the JSON document that the text report must show."""
    values: set[str] = set()
    for e in doc["equilibria"]:
        for probs in e["strategies"].values():
            values.update(probs.values())
        values.update(e["payoffs"].values())
    for s in doc["sensitivity"]:
        values.update(s["thresholds"])
        values.update(v for v in (s["margin_down"], s["margin_up"]) if v is not None)
        for iv in s["intervals"]:
            values.update((iv["from"], iv["to"]))
    return values


def cases() -> list:
    out = []
    for path in SCENARIOS:
        names = ranged(path)
        for group, args in GROUPS.items():
            if group in ("sweep", "monte-carlo") and not names:
                continue
            if group == "map" and len(names) < 2:
                continue
            out.append(pytest.param(path, group, [a.format(p=names[0] if names else "",
                                                           q=names[-1] if names else "")
                                                  for a in args],
                                    id=f"{path.stem}-{group}"))
    return out


@pytest.mark.parametrize("path, group, args", cases())
def test_nothing_lost_at_any_width(path, group, args):
    from games.analysis import analyze

    opts = build_parser().parse_args([str(path), *args])
    scenario = opts.scenario[0] if isinstance(opts.scenario, list) else opts.scenario
    game = load_game(scenario, opts.sets)
    check_options(opts, game)
    analysis = analyze(game, sensitivity=not opts.no_sensitivity)
    extras = compute_extras(opts, game, None, None)
    extras.update(compute_teaching(opts, analysis))
    doc = serialize.document(analysis, {k: v.to_dict(game) for k, v in extras.items()})
    values = exact_values(doc)
    sections = build(analysis, extras)
    for width in WIDTHS:
        text = rendered(sections, width)
        too_wide = [line for line in text.splitlines() if len(line) > width]
        assert not too_wide, (width, too_wide[:3])
        flat = readable(text)
        missing = sorted(v for v in values if v not in flat)
        assert not missing, (width, missing)


TREES = [p for p in sorted((ROOT / "scenarios").glob("**/*.yaml"))
         if "\ntree:" in p.read_text(encoding="utf-8")]
TREE_WIDTHS = (60, 80, 140)


def tree_values(doc: dict) -> set[str]:
    """Exact strings of a tree's JSON that its text report must show: every
    subgame-perfect equilibrium's probabilities and payoffs (or, when summarised, each
    equilibrium value), each SPE threshold and interval end, and the reduced form's
    Nash equilibria unless they are too many to list (then each outcome's payoffs)."""
    from cli.render.tree import NASH_SHOWN
    values: set[str] = {doc["subgame_perfect"]["pure_count"]}
    for e in doc["subgame_perfect"]["equilibria"]:
        values.update(e["payoffs"].values())
        for sets in e["behavior"].values():
            for probs in sets.values():
                values.update(p for p in probs.values() if p != "1")
    for v in doc["subgame_perfect"]["values"]:
        values.update(v["payoffs"].values())
    for s in doc["subgame_perfect_sensitivity"]:
        values.update(s["thresholds"])
        for iv in s["intervals"]:
            values.update((iv["from"], iv["to"]))
    if len(doc["equilibria"]) <= NASH_SHOWN:
        values |= exact_values({"equilibria": doc["equilibria"], "sensitivity": []})
    else:
        for o in doc["nash_outcomes"]:
            values.update(o["payoffs"].values() if "payoffs" in o else
                          (x for pair in o["payoff_range"].values() for x in pair))
    return values


@pytest.mark.parametrize("path", TREES, ids=lambda p: p.stem)
@pytest.mark.parametrize("group", ["default", "teaching"])
def test_trees_lose_nothing_at_any_width(path, group):
    """A tree's report (its own sections and the reduced form's), at 60, 80 and 140
    columns: no line too wide, every exact value of the JSON shown, and a bounded size
    (a large Nash set is summarised, not listed)."""
    from cli.commands import compute, report_sections

    opts = build_parser().parse_args([str(path), *GROUPS[group]])
    game = load_game(str(path), [])
    check_options(opts, game)
    analysis, extras = compute(opts, game, None, None, None)
    tree, sens = extras.pop("tree"), extras.pop("tree_sensitivity", [])
    doc = serialize.document(analysis, {k: v.to_dict(game) for k, v in extras.items()
                                        if k != "robustness"})
    doc.update(tree.to_dict(game))
    doc["subgame_perfect_sensitivity"] = [t.to_dict() for t in sens]
    values = tree_values(doc)
    sections = report_sections(opts, analysis, extras, tree, sens)
    for width in TREE_WIDTHS:
        text = rendered(sections, width)
        too_wide = [line for line in text.splitlines() if len(line) > width]
        assert not too_wide, (width, too_wide[:3])
        assert len(text.splitlines()) < 1500, (width, len(text.splitlines()))
        flat = readable(text)
        missing = sorted(v for v in values if v not in flat)
        assert not missing, (width, missing)


@pytest.mark.parametrize("width", [60, 80, 140])
def test_idlib_through_a_pipe_loses_nothing(width):
    """`COLUMNS=80 analyze scenarios/idlib_m4_patrols.yaml | cat`, as a user runs it."""
    import json
    import os
    import subprocess
    import sys

    idlib = ROOT / "scenarios" / "idlib_m4_patrols.yaml"
    env = {**os.environ, "COLUMNS": str(width)}
    text = subprocess.run([sys.executable, "-m", "cli.main", str(idlib)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True).stdout
    doc = json.loads(subprocess.run([sys.executable, "-m", "cli.main", str(idlib), "--format",
                                     "json"], cwd=ROOT, capture_output=True, text=True,
                                    check=True).stdout)
    assert max(len(line) for line in text.splitlines()) <= width
    flat = readable(text)
    for s in doc["sensitivity"]:
        for t in s["thresholds"]:
            assert t in flat
        for m in (s["margin_down"], s["margin_up"]):
            assert m is None or m in flat
    assert all(v in flat for v in exact_values(doc))
    assert "…" not in text
