"""The --html page of a large game stays bounded: past PAGE_PAYOFF_CELLS payoff cells
(players x pure profiles) the page is written without its payoff expressions and
without the equilibrium formulas in several parameters, and a visible flag says what
was left out, naming the limit. Below the limit the data is there and no flag.

The limit is lowered in most tests (it is read when the page is built), so a 2x2 game
crosses it; one test builds a real parametric tree past the default limit.
"""
from __future__ import annotations

import json
import re
import time
from html import unescape
from pathlib import Path

import pytest

import games.limits
from tests.test_html_browser import ROOT, analyze_json, browser, dom_at, same_set  # noqa: F401

BOS = str(ROOT / "scenarios" / "battle_of_the_sexes.yaml")


def page_data(html: Path) -> dict:
    """The JSON the page's script reads."""
    text = html.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="game-data">(.*?)</script>', text, re.S)
    assert m is not None
    return json.loads(m.group(1))


def flags(html: Path) -> list[str]:
    """The text of the page's left-out flags (shown without script)."""
    text = html.read_text(encoding="utf-8")
    return [unescape(f) for f in re.findall(
        r'<p class="warning" id="left-out-\d+" data-left-out="true">(.*?)</p>', text, re.S)]


@pytest.mark.parametrize("limit", [8, 7])
def test_the_flag_and_the_data_on_each_side_of_the_limit(tmp_path: Path, limit: int,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Battle of the sexes has 2 players x 4 profiles = 8 payoff cells: at a limit of 8
    the page holds every payoff expression and the candidates in both parameters; at 7
    it holds neither, and the flag names the count and the limit."""
    monkeypatch.setattr(games.limits, "PAGE_PAYOFF_CELLS", limit)
    html = tmp_path / "p.html"
    analyze_json(BOS, "--html", str(html))
    data, shown = page_data(html), flags(html)
    if limit == 8:
        assert shown == [] and data["left_out"] == []
        assert len(data["payoffs"]) == 2 and all(len(row) == 4 for row in data["payoffs"])
        assert data["candidates"] is not None
    else:
        assert data["payoffs"] is None and data["candidates"] is None
        assert len(shown) == 1 and shown == [f"Left out: {data['left_out'][0]}."]
        assert "8 payoff cells" in shown[0] and "PAGE_PAYOFF_CELLS" in shown[0]
        assert "the 7 a page holds" in shown[0]
    assert data["baseline"] == analyze_json(BOS)["equilibria"]     # the engine's list either way


def test_a_page_past_the_limit_in_chromium(browser, tmp_path: Path,  # noqa: F811
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the limit the page shows the engine's own lists where it has them (the
    baseline, a threshold, a range end: equal to `analyze --set`), and elsewhere no
    equilibrium, marked partial with the flag's reason, and no stale payoff table."""
    monkeypatch.setattr(games.limits, "PAGE_PAYOFF_CELLS", 7)
    html = tmp_path / "p.html"
    analyze_json(BOS, "--html", str(html))
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(html.as_uri())
        page.wait_for_selector("body[data-ready=true]")
        assert page.is_visible("#left-out-0")
        assert "PAGE_PAYOFF_CELLS" in page.inner_text("#left-out-0")
        for point in ({}, {"alone": "1"}, {"alone": "3"}):          # baseline, threshold, end
            dom, mode = dom_at(page, html.as_uri(), point, [])
            args = [f"{k}={v}" for k, v in point.items()]
            ref = analyze_json(BOS, *(["--set", *args] if args else []),
                               "--no-sensitivity")["equilibria"]
            assert mode == "exact" and same_set([_strip(d) for d in dom], ref), point
        for point in ({"alone": "1/2"}, {"alone": "2", "favourite": "3"}):
            dom, mode = dom_at(page, html.as_uri(), point, [])
            assert dom == [] and mode == "partial", point
            notes = page.inner_text("#eq-notes")
            assert "PAGE_PAYOFF_CELLS" in notes and "No equilibrium found" not in notes
            assert not page.is_visible("#payoffs table")
            assert page.is_visible("#payoffs .left-out")
        dom_at(page, html.as_uri(), {}, [])                  # back at the baseline
        assert page.is_visible("#payoffs table") and not page.is_visible("#payoffs .left-out")
    finally:
        page.close()
    assert errors == []


def _strip(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "sample"}


def parametric_chance_tree(n: int) -> str:
    """Chance picks one of n outcomes (1/n each); then A takes l (i + a, 1) or r, after
    which B takes u (1, i + b) or d (i mod 3 + c, 2): a 2**n x 2**n reduced form whose
    payoffs are sums of n chance-weighted leaf expressions in a, b, c."""
    outs = ", ".join(f"o{i}: {{p: 1/{n}, then: {{A: {{l: [{i} + a, 1], r: {{B: {{u: "
                     f"[1, {i} + b], d: [{i % 3} + c, 2]}}}}}}}}}}" for i in range(n))
    return ("scenario: chance\nparameters:\n  a: {value: 0, range: [-1, 1]}\n"
            "  b: {value: 0, range: [-1, 1]}\n  c: {value: 1/2, range: [0, 1]}\n"
            f"players: [A, B]\ntree: {{chance: {{{outs}}}}}\n")


def test_a_large_parametric_tree_at_the_default_limit(tmp_path: Path) -> None:
    """A chance move of 7 outcomes: a 128 x 128 reduced form, 32,768 payoff cells in
    three ranged parameters. Its page took 8 s of processor time and 12 MB (the payoff
    expressions and the candidates built on them); it is written without them,
    flagged, in 1.5 s and 0.4 MB (the same machine, side by side)."""
    path = tmp_path / "t.yaml"
    path.write_text(parametric_chance_tree(7), encoding="utf-8")
    html = tmp_path / "t.html"
    start = time.process_time()
    analyze_json(str(path), "--html", str(html))
    assert time.process_time() - start < 10
    data = page_data(html)
    assert data["payoffs"] is None and data["candidates"] is None
    assert data["shape"] == [128, 128]
    [flag] = flags(html)
    assert "32,768 payoff cells" in flag and "20,000" in flag and "PAGE_PAYOFF_CELLS" in flag
    assert html.stat().st_size < 2_000_000
