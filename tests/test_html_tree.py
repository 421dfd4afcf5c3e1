"""Trees in the --html page (system Chromium, Playwright): for every shipped tree
scenario the page draws every node, and the edges it marks agree with the tree
engine's JSON (`analyze --format json`, key `subgame_perfect`): the marked path of
play, read from the drawing by walking the red edges from the root, is the first
subgame-perfect equilibrium's `path`; the bold choices are exactly the actions some
listed subgame-perfect equilibrium plays at each information set. The node count is
checked against the tree read independently from the scenario's YAML."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.test_html_browser import analyze_json, browser, page

__all__ = ["browser", "page"]

ROOT = Path(__file__).resolve().parents[1]
TREES = sorted(p for p in (ROOT / "scenarios").glob("*.yaml")
               if "\ntree:" in "\n" + p.read_text(encoding="utf-8"))


def count_nodes(node: object) -> int:
    """Nodes of a tree as written (docs/trees.md): a list is a leaf's payoffs; a mapping
    names its mover (or `chance`) with its actions, beside optional keys such as
    `info`; a chance action is `{p: ..., then: node}`. Counted without the engine."""
    if not isinstance(node, dict):
        return 1
    movers = [v for k, v in node.items() if isinstance(v, dict) and k not in ("info",)]
    total = 1
    for actions in movers:
        for child in actions.values():
            if isinstance(child, dict) and "then" in child:
                child = child["then"]
            total += count_nodes(child)
    return total


DRAWN = """() => {
  const edges = [...document.querySelectorAll('svg.tree g.edge')].map((g) => ({
    from: +g.dataset.from, to: +g.dataset.to, action: g.dataset.action,
    infoset: g.dataset.infoset, played: g.classList.contains('played'),
    spe: g.classList.contains('spe')}));
  const nodes = document.querySelectorAll('svg.tree g.node, svg.tree g.leaf').length;
  const kinds = Object.fromEntries([...document.querySelectorAll('svg.tree g.node')]
    .map((g) => [g.dataset.node, g.querySelector('text').textContent]));
  return {edges, nodes, kinds};
}"""


def drawn_path(drawn: dict) -> list[str]:
    """Actions along the red edges from the root, while one decision edge is red
    (stops at chance nodes, like the JSON's `path`)."""
    out, node = [], 0
    while True:
        red = [e for e in drawn["edges"] if e["from"] == node and e["played"]]
        if drawn["kinds"].get(str(node)) in (None, "chance") or len(red) != 1:
            return out
        out.append(red[0]["action"])
        node = red[0]["to"]


@pytest.mark.parametrize("scenario", TREES, ids=lambda p: p.stem)
def test_tree_drawn_with_equilibrium_path(page, tmp_path, scenario):
    html = tmp_path / f"{scenario.stem}.html"
    doc = analyze_json(str(scenario), "--html", str(html))
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    drawn = page.evaluate(DRAWN)
    spec = yaml.safe_load(scenario.read_text(encoding="utf-8"))["tree"]
    assert drawn["nodes"] == len(drawn["edges"]) + 1        # a tree: one edge per non-root
    assert drawn["nodes"] == count_nodes(spec)
    spe = doc["subgame_perfect"]
    assert spe["equilibria"], "the engine lists a subgame-perfect equilibrium"
    assert drawn_path(drawn) == spe["equilibria"][0]["path"]
    if spe["listed"] == "all":
        chosen = {(info, a) for e in spe["equilibria"] if e["kind"] == "pure"
                  for who in e["behavior"].values()
                  for info, mix in who.items() for a in mix if a != "any"}
        bold = {(e["infoset"], e["action"]) for e in drawn["edges"] if e["spe"]}
        assert bold == chosen
    assert not page.errors, page.errors


def test_tree_names_stay_text(page, tmp_path):
    """A hostile action name in a tree is drawn as text, never as markup."""
    src = (ROOT / "scenarios" / "entry_deterrence.yaml").read_text(encoding="utf-8")
    if "accommodate" not in src:
        pytest.skip("the shipped scenario changed")
    scenario = tmp_path / "hostile_tree.yaml"
    scenario.write_text(src.replace("accommodate", '"<img src=x onerror=window.pwned=1>"'),
                        encoding="utf-8")
    html = tmp_path / "hostile_tree.html"
    analyze_json(str(scenario), "--html", str(html))
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    assert page.evaluate("window.pwned") is None and page.locator("svg.tree img").count() == 0
    assert "<img src=x" in page.inner_text("#tree-h + p + div") or \
        page.locator("svg.tree text", has_text="<img").count() >= 1
