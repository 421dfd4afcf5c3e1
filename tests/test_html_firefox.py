"""The --html page in Firefox (Debian's firefox-esr, headless, driven through its
Marionette protocol by tests/firefox.py): the same page that the Chromium tests
check, opened offline from a file, must give the same exact equilibria as
`analyze --set ... --format json` at the issue's points, across the region map of
two parameters, in a 3-player game, and after real key presses on a slider.
"""
from __future__ import annotations

import json
import random
from fractions import Fraction

import pytest

from tests.test_html_browser import (
    ROOT,
    analyze_json,
    exact_points,
    game_at,
    matches,
    partial_allowed,
    partial_ok,
    same_set,
)
from tests.test_html_regions import CURVED

@pytest.fixture(scope="module")
def ff():
    """One headless Firefox for the module."""
    from tests.firefox import MarionetteError, ensure_firefox, firefox
    path, why = ensure_firefox()
    if path is None:
        pytest.skip(f"no Firefox: {why}")
    try:
        with firefox(path) as client:
            yield client
    except MarionetteError as e:          # pragma: no cover - depends on the machine
        pytest.skip(f"Firefox would not start under Marionette: {e}")


def dom_at(ff, url: str, point: dict[str, str]) -> tuple[list[dict], str]:
    """Open url#point in Firefox and read the equilibria and the page's mode."""
    hash_ = "&".join(f"{k}={v}" for k, v in point.items())
    ff.goto("about:blank")
    ff.goto(f"{url}#{hash_}" if hash_ else url)
    ready = ff.script("return document.body.dataset.ready === 'true'")
    assert ready, "the page's script did not run in Firefox"
    items, mode = ff.script(
        "const l = document.querySelector('#equilibria');"
        "return [[...l.querySelectorAll('[data-equilibrium]')].map("
        "  e => [e.dataset.equilibrium, e.dataset.sample === 'true']), l.dataset.mode];")
    return [{**json.loads(s), "sample": sample} for s, sample in items], mode


def strip(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "sample"}


def test_battle_of_the_sexes_in_firefox(ff, tmp_path):
    """The issue's points alone = 1/2, 1 (the threshold) and 2, and a slider moved by
    real key presses (the hash and the equilibria follow); a screenshot for review."""
    html = tmp_path / "bos.html"
    scenario = str(ROOT / "scenarios" / "battle_of_the_sexes.yaml")
    analyze_json(scenario, "--html", str(html))
    for v, count in (("1/2", 3), ("1", 3), ("2", 1)):
        dom, mode = dom_at(ff, html.as_uri(), {"alone": v})
        ref = analyze_json(scenario, "--set", f"alone={v}", "--no-sensitivity")["equilibria"]
        assert mode == "exact" and len(dom) == count and \
            same_set([strip(d) for d in dom], ref), (v, dom, ref)
    ff.goto("about:blank")
    ff.goto(html.as_uri())
    ff.press_keys("#slider-alone", "\ue014" * 4)          # ArrowRight, after a click
    shown, hash_ = ff.script("return [document.querySelector('#value-alone').value, location.hash]")
    assert f"alone={shown}" in hash_
    items = ff.script("return [...document.querySelectorAll('#equilibria > [data-equilibrium]')]"
                      ".map(e => JSON.parse(e.dataset.equilibrium))")
    ref = analyze_json(scenario, "--set", f"alone={shown}", "--no-sensitivity")["equilibria"]
    assert same_set(items, ref), (shown, items, ref)
    shot = ROOT / "build" / "html-report-firefox.png"
    shot.parent.mkdir(exist_ok=True)
    ff.screenshot(shot)
    assert shot.stat().st_size > 10_000


@pytest.mark.parametrize("name", ["battle_of_the_sexes", "three_player_volunteer",
                                  "idlib_m4_patrols", "rock_paper_scissors", "chicken"])
def test_shipped_scenarios_in_firefox(ff, tmp_path, name):
    """Baseline, every interval, every threshold and random points, as in Chromium."""
    scenario = ROOT / "scenarios" / f"{name}.yaml"
    html = tmp_path / f"{name}.html"
    doc = analyze_json(str(scenario), "--html", str(html))
    failures = []
    for what, point in exact_points(doc, random.Random(name)):
        sets = [a for k, v in point.items() for a in ("--set", f"{k}={v}")]
        ref_doc = analyze_json(str(scenario), *sets, "--no-sensitivity")
        ref_doc["_game"] = game_at(scenario, point)
        dom, mode = dom_at(ff, html.as_uri(), point)
        if mode == "partial":
            ok = partial_allowed(doc, ref_doc) and \
                partial_ok(dom, ref_doc, several=len(point) > 1)
        else:
            ok = mode == "exact" and matches(dom, ref_doc)
        if not ok:
            failures.append((what, point, mode, dom, ref_doc["equilibria"]))
    assert not failures, json.dumps(failures[:2])


def test_region_map_in_firefox(ff, tmp_path):
    """A two-parameter page built with --regions: the curves are drawn, and random
    exact points (both parameters moved) give the engine's equilibria."""
    scenario = tmp_path / "curved.yaml"
    scenario.write_text(CURVED, encoding="utf-8")
    html = tmp_path / "curved.html"
    analyze_json(str(scenario), "--regions", "a", "b", "--html", str(html))
    rng = random.Random(4)
    points = [{"a": "1", "b": "1"}] + [
        {"a": str(Fraction(rng.randint(0, 30), 10)), "b": str(Fraction(rng.randint(0, 30), 10))}
        for _ in range(6)]
    for pt in points:
        dom, mode = dom_at(ff, html.as_uri(), pt)
        ref = analyze_json(str(scenario), "--set", f"a={pt['a']}", "--set", f"b={pt['b']}",
                           "--no-sensitivity")["equilibria"]
        assert mode == "exact" and same_set([strip(d) for d in dom], ref), (pt, dom, ref)
    assert ff.script("return document.querySelectorAll('#region-map path.boundary').length") == 2

