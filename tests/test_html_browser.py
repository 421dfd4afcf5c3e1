"""The --html page in a real browser (the system Chromium, driven by Playwright).

For every shipped scenario the page is opened at the baseline, at two points inside
every sensitivity interval, exactly at every threshold, and at random exact points
(one parameter and several parameters moved); at each, the equilibria in the DOM
(`#equilibria > [data-equilibrium]`) must equal what `analyze --set ... --format json`
prints for that point: the independent reference is the engine solving the game at
the point, while the page only evaluates formulas. A slider is moved with real key
presses, and a screenshot is saved in build/ for review.
"""
from __future__ import annotations

import contextlib
import io
import json
import random
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

from cli.main import main
from games.ordinal.graph_scenario import is_graph_model_text
from tests.browser import ensure_chromium
from tests.builders import few_ordinal_readings

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = [p for p in sorted((ROOT / "scenarios").glob("*.yaml"))
             if not is_graph_model_text(p.read_text(encoding="utf-8"))] + \
    sorted((ROOT / "scenarios" / "idlib_variants").glob("*.yaml"))
SCREENSHOT = ROOT / "build" / "html-report-battle_of_the_sexes.png"


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the whole module."""
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (test extra)")
    path, why = ensure_chromium()
    if path is None:
        pytest.skip(f"no system Chromium: {why}")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(browser):
    p = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.errors = errors          # type: ignore[attr-defined]
    yield p
    p.close()


def analyze_json(*args: str) -> dict:
    """`analyze ARGS --format json`, in-process."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main([*args, "--format", "json"])
    assert status == 0, out.getvalue()
    return json.loads(out.getvalue())


def game_at(scenario: Path, point: dict[str, str]):
    """The game at the point (for the brute-force check of sample points)."""
    from games import load_scenario
    scen = load_scenario(scenario)
    return scen.game({k: Fraction(v) for k, v in point.items()})


def value(text: str) -> sympy.Expr:
    return sympy.nsimplify(sympy.sympify(text, rational=True))


def same_value(a: str, b: str) -> bool:
    try:
        return Fraction(a) == Fraction(b)
    except ValueError:
        return sympy.simplify(value(a) - value(b)) == 0


def same_equilibrium(a: dict, b: dict) -> bool:
    if a["kind"] != b["kind"] or a["strategies"].keys() != b["strategies"].keys():
        return False
    for player, mix in a["strategies"].items():
        other = b["strategies"][player]
        if mix.keys() != other.keys() or not all(same_value(mix[s], other[s]) for s in mix):
            return False
    return all(same_value(v, b["payoffs"][p]) for p, v in a["payoffs"].items())


def same_set(dom: list[dict], ref: list[dict]) -> bool:
    """Equal as sets of equilibria, values compared exactly."""
    left = list(ref)
    for d in dom:
        match = next((k for k, r in enumerate(left) if same_equilibrium(d, r)), None)
        if match is None:
            return False
        left.pop(match)
    return not left


def dom_at(page, url: str, point: dict[str, str], params: list[str]) -> tuple[list[dict], str]:
    """Open url#point and read the equilibria the script drew there (each with
    "sample": True when the page shows it as a point of a connected set)."""
    hash_ = "&".join(f"{k}={v}" for k, v in point.items())
    page.goto(f"{url}#{hash_}" if hash_ else url)
    page.wait_for_selector("body[data-ready=true]")
    items = page.eval_on_selector_all(
        "#equilibria > [data-equilibrium]",
        "es => es.map(e => [e.dataset.equilibrium, e.dataset.sample === 'true'])")
    mode = page.eval_on_selector("#equilibria", "e => e.dataset.mode")
    return [{**json.loads(s), "sample": sample} for s, sample in items], mode


def is_equilibrium(doc: dict, eq: dict) -> bool:
    """Brute force, in Fractions: no player gains by switching to a pure strategy
    (the game at the point, its payoffs evaluated from the scenario)."""
    import itertools

    game = doc["_game"]
    probs = [[Fraction(eq["strategies"][p.name].get(s.name, "0")) for s in p.strategies]
             for p in game.players]
    for i in range(game.n_players):
        values = []
        for s in range(game.shape[i]):
            total = Fraction(0)
            for prof in itertools.product(*(range(k) for k in game.shape)):
                if prof[i] != s:
                    continue
                w = Fraction(1)
                for k, j in enumerate(prof):
                    if k != i:
                        w *= probs[k][j]
                total += w * game.payoffs[(i, *prof)]
            values.append(total)
        paid = sum(p * v for p, v in zip(probs[i], values))
        if max(values) != paid or any(p < 0 for p in probs[i]):
            return False
    return True


def matches(dom: list[dict], ref_doc: dict) -> bool:
    """The DOM equals the engine's list; where the engine lists sample points of a
    connected set of equilibria (3+ players), the page's sample points of it need
    only be equilibria (checked by brute force): samples are arbitrary points."""
    ref = ref_doc["equilibria"]
    in_sets = {k for comp in ref_doc["equilibria_info"]["components"] for k in comp}
    if not any(d["sample"] for d in dom) or not in_sets:
        return same_set([strip(d) for d in dom], ref)
    isolated = [r for k, r in enumerate(ref) if k not in in_sets]
    shown = [strip(d) for d in dom if not d["sample"]]
    return same_set(shown, isolated) and all(is_equilibrium(ref_doc, strip(d))
                                             for d in dom if d["sample"])


def partial_ok(dom: list[dict], ref_doc: dict, several: bool) -> bool:
    """A list the page itself marks as possibly partial: allowed where several
    parameters moved (every equilibrium shown must be one of the engine's), or where
    the engine lists sample points of connected sets (3+ players) that the page cannot
    reproduce there: then every isolated equilibrium must be shown, and nothing else
    that is not an equilibrium."""
    ref = ref_doc["equilibria"]
    if several:
        return all(any(same_equilibrium(strip(d), r) for r in ref) for d in dom)
    in_sets = {k for comp in ref_doc["equilibria_info"]["components"]
               if len(comp) > 1 or ref_doc["equilibria_info"]["degenerate"] for k in comp}
    if not in_sets:
        return False
    isolated = [r for k, r in enumerate(ref) if k not in in_sets]
    shown = [strip(d) for d in dom]
    return all(any(same_equilibrium(d, r) for d in shown) for r in isolated) and \
        all(is_equilibrium(ref_doc, d) for d in shown)


def partial_allowed(doc: dict, ref_doc: dict) -> bool:
    """The page may answer "partial" only for 3+ players, and for a game with two
    strategies per player (2x2x2) only where the engine finds the point degenerate
    (sets of equilibria): the page solves every support of a 2x2x2 game itself."""
    players = doc["players"]
    if len(players) == 2:
        return False
    if len(players) == 3 and all(len(p["strategies"]) == 2 for p in players):
        info = ref_doc["equilibria_info"]
        return bool(info["degenerate"]) or any(len(c) > 1 for c in info["components"])
    return True


def strip(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "sample"}


def exact_points(doc: dict, rng: random.Random) -> list[tuple[str, dict[str, str]]]:
    """(what, point) pairs: baseline, both ends of each range, inside every interval,
    at every rational threshold, random exact points along each parameter and across
    several."""
    points: list[tuple[str, dict[str, str]]] = [("baseline", {})]
    ranges = {}
    for s in doc["sensitivity"]:
        name = s["parameter"]
        ranges[name] = [Fraction(x) for x in s["range"]]
        points += [(f"{name} at the end of its range", {name: x}) for x in s["range"]]
        for iv in s["intervals"]:
            points.append((f"{name} interval sample", {name: iv["sample"]}))
            try:
                lo, hi = Fraction(iv["from"]), Fraction(iv["to"])
            except ValueError:
                continue
            points.append((f"{name} inside ({lo}, {hi})", {name: str(lo + (hi - lo) * 2 / 7)}))
        for t in s["thresholds"]:
            with contextlib.suppress(ValueError):
                points.append((f"{name} at threshold", {name: str(Fraction(t))}))
    names = sorted(ranges)
    for k in range(4):
        chosen = names if k >= 2 else rng.sample(names, 1) if names else []
        pt = {}
        for n in chosen:
            lo, hi = ranges[n]
            pt[n] = str(lo + (hi - lo) * Fraction(rng.randint(0, 36), 36))
        points.append(("random", pt))
    return points


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_page_equals_json_everywhere(page, tmp_path, scenario):
    """The DOM's equilibria equal `analyze --set ... --format json` at every point.
    The page may mark its list partial only where several parameters moved (then every
    equilibrium shown is one of the engine's) or where the engine lists points of a
    connected set of equilibria that the page cannot reproduce."""
    rng = random.Random(scenario.stem)
    failures, checked = [], 0
    html = tmp_path / f"{scenario.stem}.html"
    doc = analyze_json(str(scenario), "--html", str(html))
    url = html.as_uri()
    params = list(doc["parameters"])
    for what, point in exact_points(doc, rng):
        sets = [a for k, v in point.items() for a in ("--set", f"{k}={v}")]
        ref_doc = analyze_json(str(scenario), *sets, "--no-sensitivity",
                               *few_ordinal_readings(scenario))
        ref_doc["_game"] = game_at(scenario, point)
        ref = ref_doc["equilibria"]
        dom, mode = dom_at(page, url, point, params)
        checked += 1
        if mode == "partial":       # only 3+ players: two-player points are always exact
            if not partial_allowed(doc, ref_doc) or \
                    not partial_ok(dom, ref_doc, several=len(point) > 1):
                failures.append((what, point, mode, dom, ref))
        elif mode != "exact" or not matches(dom, ref_doc):
            failures.append((what, point, mode, dom, ref))
    assert not page.errors, page.errors
    assert not failures, json.dumps(failures[:2])
    assert checked >= 5


def test_battle_of_the_sexes_must_show_points(page, tmp_path):
    """The issue's named points: alone = 1/2, 1 (the threshold) and 2."""
    html = tmp_path / "bos.html"
    scenario = str(ROOT / "scenarios" / "battle_of_the_sexes.yaml")
    analyze_json(scenario, "--html", str(html))
    for v, count in (("1/2", 3), ("1", 3), ("2", 1)):
        dom, mode = dom_at(page, html.as_uri(), {"alone": v}, [])
        ref = analyze_json(scenario, "--set", f"alone={v}", "--no-sensitivity")["equilibria"]
        assert mode == "exact" and len(dom) == count and same_set(dom, ref), (v, dom, ref)


def test_slider_moves_by_real_key_presses(page, tmp_path):
    """Keyboard on the slider (real input events) moves the point, the hash follows,
    and the equilibria at the new point equal the engine's; a screenshot is saved."""
    html = tmp_path / "bos.html"
    scenario = str(ROOT / "scenarios" / "battle_of_the_sexes.yaml")
    analyze_json(scenario, "--html", str(html))
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    slider = page.locator("#slider-alone")
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    shown = page.input_value("#value-alone")
    assert Fraction(shown) > 0
    assert f"alone={shown}" in page.evaluate("location.hash")
    items = page.eval_on_selector_all("#equilibria > [data-equilibrium]",
                                      "es => es.map(e => JSON.parse(e.dataset.equilibrium))")
    ref = analyze_json(scenario, "--set", f"alone={shown}", "--no-sensitivity")["equilibria"]
    assert same_set(items, ref)
    page.keyboard.press("End")
    assert page.input_value("#value-alone") == "3"
    page.fill("#value-alone", "1")             # typing an exact value: the threshold
    page.press("#value-alone", "Enter")
    page.wait_for_function("document.querySelector('#equilibria').dataset.point.includes('alone=1')")
    assert page.locator("#equilibria > li").count() == 3
    assert page.get_attribute("#slider-alone", "aria-valuetext") == "alone = 1"
    assert page.locator("label[for=slider-alone]").count() == 1
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000


def test_page_is_self_contained(tmp_path):
    """No external script, style, font or image: nothing the page could fetch."""
    html = tmp_path / "chicken.html"
    analyze_json(str(ROOT / "scenarios" / "chicken.yaml"), "--html", str(html))
    text = html.read_text(encoding="utf-8")
    for needle in ("src=\"http", "href=\"http", "@import", "url(", "<link"):
        assert needle not in text, needle
    assert 'id="equilibria"' in text and "data-equilibrium" in text


# ------------------------------------------------------------ region map and unseen games

# The battle of the sexes over (favourite f, alone a), derived by hand: for a < 1 the
# two coordinated profiles and the mixed equilibrium in which Ann plays bach with
# p = f/(f - a + 1) (Bob indifferent: p = p a + (1 - p) f) and Bob plays bach with
# q = (1 - a)/(f - a + 1) (Ann indifferent: q f + (1 - q) a = 1 - q); for a > 1 only
# (bach, stravinsky); on a = 1 the three pure profiles. In the SPEC's "regions" shape.
BOS_REGIONS = {
    "parameters": ["favourite", "alone"],
    "box": {"favourite": ["1", "4"], "alone": ["0", "3"]},
    "boundaries": ["alone - 1"],
    "regions": [
        {"label": "A", "cells": [{"dimension": 2, "conditions": ["alone - 1 < 0"]}],
         "equilibria": [
             {"kind": "pure", "strategies": {"Ann": {"bach": "1"}, "Bob": {"bach": "1"}}},
             {"kind": "pure", "strategies": {"Ann": {"stravinsky": "1"},
                                             "Bob": {"stravinsky": "1"}}},
             {"kind": "mixed", "strategies": {
                 "Ann": {"bach": "favourite/(favourite - alone + 1)",
                         "stravinsky": "(1 - alone)/(favourite - alone + 1)"},
                 "Bob": {"bach": "(1 - alone)/(favourite - alone + 1)",
                         "stravinsky": "favourite/(favourite - alone + 1)"}}}]},
        {"label": "B", "cells": [{"dimension": 2, "conditions": ["alone - 1 > 0"]}],
         "equilibria": [{"kind": "pure", "strategies": {"Ann": {"bach": "1"},
                                                        "Bob": {"stravinsky": "1"}}}]},
        {"label": "C", "cells": [{"dimension": 1, "conditions": ["alone - 1 = 0"]}],
         "equilibria": [
             {"kind": "pure", "strategies": {"Ann": {"bach": "1"}, "Bob": {"bach": "1"}}},
             {"kind": "pure", "strategies": {"Ann": {"bach": "1"}, "Bob": {"stravinsky": "1"}}},
             {"kind": "pure", "strategies": {"Ann": {"stravinsky": "1"},
                                             "Bob": {"stravinsky": "1"}}}]},
    ],
}


def test_region_map_drives_two_parameter_points(page, tmp_path):
    """A page given a region map (SPEC shape) answers two-parameter points from its
    cells, exactly as the engine solves them; dragging on the map moves the point."""
    from cli.render.html import page as build_page
    from games import analyze, load
    scenario = ROOT / "scenarios" / "battle_of_the_sexes.yaml"
    html = tmp_path / "bos_regions.html"
    html.write_text(build_page(analyze(load(scenario)), {"regions": BOS_REGIONS}),
                    encoding="utf-8")
    rng = random.Random(3)
    points = [{"favourite": "3", "alone": "1"}, {"favourite": "7/2", "alone": "1/3"}]
    points += [{"favourite": str(1 + Fraction(rng.randint(0, 30), 10)),
                "alone": str(Fraction(rng.randint(0, 30), 10))} for _ in range(8)]
    for pt in points:
        dom, mode = dom_at(page, html.as_uri(), pt, [])
        ref = analyze_json(str(scenario), *[a for k, v in pt.items()
                                            for a in ("--set", f"{k}={v}")],
                           "--no-sensitivity")["equilibria"]
        assert mode == "exact", (pt, mode)
        assert same_set([strip(d) for d in dom], ref), (pt, dom, ref)
        source = page.inner_text("#eq-notes")
        assert "region" in source or pt["alone"] == "0", source
    svg = page.locator("#region-map svg")
    box = svg.bounding_box()
    svg.click(position={"x": box["width"] * 0.9, "y": box["height"] * 0.1})
    values = dict(kv.split("=") for kv in
                  page.eval_on_selector("#equilibria", "e => e.dataset.point").split("&"))
    assert Fraction(values["alone"]) > 2 and Fraction(values["favourite"]) > 3
    assert page.locator("#equilibria > li").count() == 1       # region B: (bach, stravinsky)
    assert not page.errors, page.errors


UNSEEN = {
    # an irrational threshold: Ann's bach pays 2 a^2 when alone, so the structure changes
    # at a = 1/sqrt(2)
    "irrational.yaml": """
scenario: Irrational threshold
parameters:
  a: {value: 1/2, range: [0, 2]}
players:
  Ann: {strategies: [bach, stravinsky]}
  Bob: {strategies: [bach, stravinsky]}
payoffs:
  bach, bach: [2, 1]
  bach, stravinsky: [2*a*a, 2*a*a]
  stravinsky, bach: [0, 0]
  stravinsky, stravinsky: [1, 2]
""",
    # a 3x3 game with two parameters and a threshold in each
    "three_by_three.yaml": """
scenario: Three by three
parameters:
  x: {value: 1, range: [-2, 4]}
  y: {value: 2, range: [0, 5]}
players:
  Row: {strategies: [u, m, d]}
  Col: {strategies: [l, c, r]}
payoffs:
  u, l: [x, 1]
  u, c: [0, y]
  u, r: [2, 0]
  m, l: [1, 0]
  m, c: [y, 1]
  m, r: [0, 2]
  d, l: [0, 2]
  d, c: [1, 0]
  d, r: [1, x]
""",
}


# three players, two parameters: where both move the page solves every support of the
# 2x2x2 game itself (fully mixed equilibria with square roots at a = 1, b = 3/4, found
# by the engine; 2/9, 3/7, 6/7 rational at a = 3/2, b = 1/2)
UNSEEN["three_players.yaml"] = """
scenario: Three players, two parameters
parameters:
  a: {value: 1, range: [0, 3]}
  b: {value: 2, range: [0, 4]}
players:
  Ann: {strategies: [x, y]}
  Bob: {strategies: [x, y]}
  Cat: {strategies: [x, y]}
payoffs:
  x, x, x: [a, 0, 3]
  x, x, y: [0, 2, 0]
  x, y, x: [1, 1, b]
  x, y, y: [0, 3, 1]
  y, x, x: [2, 1, 0]
  y, x, y: [1, 0, 2]
  y, y, x: [0, b, 1]
  y, y, y: [3, 1, 0]
"""
EXACT_AT = {"three_players.yaml": [{"a": "1", "b": "3/4"}, {"a": "5/4", "b": "3/4"},
                                   {"a": "3/2", "b": "1/2"}, {"a": "3/4", "b": "3/4"}]}


@pytest.mark.parametrize("name", sorted(UNSEEN))
def test_unseen_scenarios(page, tmp_path, name):
    """Scenarios written here (not shipped): the page equals the engine at every
    interval, threshold and random point, an irrational threshold included."""
    scenario = tmp_path / name
    scenario.write_text(UNSEEN[name], encoding="utf-8")
    html = tmp_path / f"{scenario.stem}.html"
    doc = analyze_json(str(scenario), "--html", str(html))
    points = exact_points(doc, random.Random(5))
    if name == "irrational.yaml":
        assert any("sqrt" in t for s in doc["sensitivity"] for t in s["thresholds"])
        points += [("below 1/sqrt(2)", {"a": "7071/10000"}),
                   ("above 1/sqrt(2)", {"a": "7072/10000"})]
    points += [("must be exact", pt) for pt in EXACT_AT.get(name, [])]
    for what, point in points:
        ref_doc = analyze_json(str(scenario), *[a for k, v in point.items()
                                                for a in ("--set", f"{k}={v}")],
                               "--no-sensitivity")
        ref_doc["_game"] = game_at(scenario, point)
        dom, mode = dom_at(page, html.as_uri(), point, [])
        if what == "must be exact":
            assert len(ref_doc["equilibria"]) == 3 and mode == "exact", (point, mode, dom)
        if mode == "partial":
            assert partial_allowed(doc, ref_doc) and \
                partial_ok(dom, ref_doc, several=len(point) > 1), (what, point, dom)
        else:
            assert mode == "exact" and same_set([strip(d) for d in dom],
                                                ref_doc["equilibria"]), (what, point, dom)
    assert not page.errors, page.errors


CONTRAST_JS = """
() => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll("p, li, th, td, label, h1, h2, caption, .tick, .desc, code")) {
    if (!el.textContent.trim()) continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    out.push([el.tagName + "." + el.className, ratio]);
  }
  return out;
}
"""


def test_page_accessibility(page, tmp_path):
    """Every text meets WCAG AA contrast (4.5:1); every slider and value field has a
    label; sliders take keyboard focus."""
    html = tmp_path / "idlib.html"
    analyze_json(str(ROOT / "scenarios" / "idlib_m4_patrols.yaml"), "--html", str(html),
                 "--explain")
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    low = [(what, round(r, 2)) for what, r in page.evaluate(CONTRAST_JS) if r < 4.5]
    assert not low, low
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input')].filter(
        (i) => !(i.labels && i.labels.length) && !i.getAttribute('aria-label')).map((i) => i.id)""")
    assert unlabelled == []
    sliders = page.locator("input[type=range]")
    assert sliders.count() == 5
    sliders.first.focus()
    assert page.evaluate("document.activeElement.type") == "range"
    assert page.locator("h2", has_text="Explanation, step 1: best responses").count() == 1


def test_html_written_only_after_success(tmp_path, capsys):
    """Bad input: exit 2, one line, no page; a wrong suffix or folder is refused before
    any solving; a .nfg game (no parameters) still gets a page."""
    out = tmp_path / "x.html"
    chicken = str(ROOT / "scenarios" / "chicken.yaml")
    assert main([chicken, "--set", "crash_cost=99", "--html", str(out)]) == 2
    assert main([chicken, "--html", str(tmp_path / "x.pdf")]) == 2
    assert main([chicken, "--html", str(tmp_path / "no" / "x.html")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("analyze: error:") for line in err)
    assert list(tmp_path.iterdir()) == []
    nfg = tmp_path / "coordination.nfg"
    nfg.write_text('NFG 1 R "Coordination" { "P1" "P2" } { 2 2 }\n\n1 1 0 0 0 0 1 1\n')
    assert main([str(nfg), "--html", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("data-equilibrium=") == 3
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


HOSTILE = """
scenario: "</script><script>window.pwned = 1</script>"
description: "<img src=x onerror='window.pwned = 2'>"
parameters:
  a: {value: 1, range: [0, 2], description: "<b onmouseover='window.pwned = 3'>x</b>"}
players:
  "<img src=x onerror='window.pwned = 4'>": {strategies: ["<i>up</i>", "&amp; down"]}
  "Bob\\u202e": {strategies: ["l", "r"]}
payoffs:
  "<i>up</i>, l": [a, 1]
  "<i>up</i>, r": [0, 0]
  "&amp; down, l": [0, 0]
  "&amp; down, r": [1, a]
"""


def test_hostile_names_stay_text(page, tmp_path):
    """Names from an untrusted scenario are shown as text, never run as markup or script,
    in the static page and in what the script draws at another point."""
    scenario = tmp_path / "hostile.yaml"
    scenario.write_text(HOSTILE, encoding="utf-8")
    html = tmp_path / "hostile.html"
    status = main([str(scenario), "--html", str(html), "--format", "json"])
    if status != 0:
        pytest.skip("the scenario reader refuses these names (also safe)")
    for point in ("", "#a=1/2"):
        page.goto(html.as_uri() + point)
        page.wait_for_selector("body[data-ready=true]")
        assert page.evaluate("window.pwned") is None
        assert page.locator("img").count() == 0 and page.locator("#equilibria i").count() == 0
        assert "<i>up</i>" in page.inner_text("#equilibria")
