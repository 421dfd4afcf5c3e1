"""The --html page's region map in a real browser (system Chromium, Playwright), built
by the CLI (`--regions A B --html`): the boundary curves are drawn where they exactly
are, each coloured piece is the region the exact conditions give, and the point is
dragged with real pointer events. The references are independent of the page: the
boundary polynomials and cell conditions of `--format json` evaluated by sympy in
this file, and `analyze --set ... --format json` solving the game at each point.
"""
from __future__ import annotations

import random
import re
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

from tests.test_html_browser import analyze_json, browser, dom_at, page, same_set, strip

__all__ = ["browser", "page"]      # the fixtures, shared with the other browser tests

CURVED = """
scenario: Curved boundaries
parameters:
  a: {value: 1/2, range: [0, 3]}
  b: {value: 1/2, range: [0, 3]}
players:
  Row: {strategies: [up, down]}
  Col: {strategies: [left, right]}
payoffs:
  up, left: [a*b, 1]
  up, right: [0, 0]
  down, left: [1, 0]
  down, right: [a*a + b*b - 4, 1]
"""
W, H = 480, 360        # the SVG's viewBox


def sym(text: str, names: list[str]) -> sympy.Expr:
    """The engine's formula text read by sympy (test side only)."""
    return sympy.sympify(text, locals={n: sympy.Symbol(n) for n in names})


def region_of(doc: dict, point: dict[str, Fraction]) -> str | None:
    """The region label whose cell conditions hold at the point, evaluated exactly."""
    names = doc["parameters"]
    subs = {sympy.Symbol(n): sympy.Rational(point[n].numerator, point[n].denominator)
            for n in names}
    for reg in doc["regions"]:
        for cell in reg["cells"]:
            ok = True
            for cond in cell["conditions"]:
                lhs, rel = re.match(r"^(.*?)\s*(>=|<=|>|<|=)\s*0$", cond).groups()
                v = sym(lhs, names).subs(subs)
                ok = ok and {">": v > 0, "<": v < 0, "=": v == 0, ">=": v >= 0,
                             "<=": v <= 0}[rel]
            if ok:
                return reg["label"]
    return None


def path_points(d: str) -> list[tuple[float, float]]:
    nums = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(nums[0::2], nums[1::2]))


@pytest.fixture(scope="module")
def curved(tmp_path_factory):
    """The scenario, its page (built by the CLI) and its --regions JSON."""
    folder = tmp_path_factory.mktemp("curved")
    scenario = folder / "curved.yaml"
    scenario.write_text(CURVED, encoding="utf-8")
    html = folder / "curved.html"
    doc = analyze_json(str(scenario), "--regions", "a", "b", "--html", str(html))
    return scenario, html, doc["regions"]


def test_boundaries_are_drawn_on_the_exact_curves(page, curved):
    """One path per boundary polynomial; every point of it is on that polynomial's
    zero curve (checked by sympy's value at the point, scaled by the gradient:
    the distance to the curve is under a hundredth of a pixel); the circle
    a^2 + b^2 = 4 reaches from b = 2 on the left edge to a = 2 on the bottom edge."""
    _, html, reg = curved
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    paths = page.eval_on_selector_all("#region-map path.boundary",
                                      "ps => ps.map(p => [p.dataset.boundary, p.getAttribute('d')])")
    assert sorted(int(b) for b, _ in paths) == list(range(len(reg["boundaries"]))) == [0, 1]
    a, b = sympy.symbols("a b")
    (a0, a1), (b0, b1) = ([float(Fraction(x)) for x in reg["box"][n]] for n in ("a", "b"))
    for k, d in paths:
        poly = sym(reg["boundaries"][int(k)], ["a", "b"])
        f = sympy.lambdify((a, b), poly)
        ga, gb = (sympy.lambdify((a, b), sympy.diff(poly, v)) for v in (a, b))
        pts = path_points(d)
        assert len(pts) > 100
        for x, y in pts:
            pa, pb = a0 + (a1 - a0) * x / W, b0 + (b1 - b0) * (H - y) / H
            grad = ((ga(pa, pb) * (a1 - a0) / W) ** 2 + (gb(pa, pb) * (b1 - b0) / H) ** 2) ** 0.5
            assert abs(f(pa, pb)) <= 0.01 * grad + 1e-9, (reg["boundaries"][int(k)], pa, pb)
    circle = path_points(dict(paths)["0" if "a**2" in reg["boundaries"][0] else "1"])
    xs = [a0 + (a1 - a0) * x / W for x, _ in circle]
    ys = [b0 + (b1 - b0) * (H - y) / H for _, y in circle]
    assert min(xs) == pytest.approx(0, abs=1e-3) and max(xs) == pytest.approx(2, abs=1e-3)
    assert max(ys) == pytest.approx(2, abs=1e-3)
    assert not page.errors, page.errors


def test_fill_is_the_exact_region(page, curved):
    """The coloured piece under a point is the region whose exact conditions hold
    there (sympy, in this test), away from the curves (a pixel of a line)."""
    _, html, reg = curved
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    page.locator("#region-map svg").scroll_into_view_if_needed()
    rng = random.Random(17)
    seen = set()
    checked = 0
    for _ in range(60):
        pt = {n: Fraction(rng.randint(1, 299), 100) for n in ("a", "b")}
        near = abs(float(pt["a"] ** 2 + pt["b"] ** 2 - 4)) < 0.05 or \
            abs(float(pt["a"] * pt["b"] - 1)) < 0.05
        if near:
            continue
        x, y = float(pt["a"]) / 3, float(pt["b"]) / 3
        label = page.evaluate(
            """([x, y]) => { const r = document.querySelector('#region-map svg').getBoundingClientRect();
                 const hit = document.elementsFromPoint(r.left + x * r.width, r.top + (1 - y) * r.height)
                   .find((e) => e.tagName === 'rect');
                 return hit ? hit.dataset.region : null; }""", [x, y])
        assert label == region_of(reg, pt), (pt, label)
        seen.add(label)
        checked += 1
    assert checked > 30 and seen == {"A", "B", "C", "D"}


def test_two_parameter_points_and_dragging(page, curved):
    """At random exact points (both parameters moved) the page's equilibria equal
    `analyze --set a=.. --set b=.. --format json`; a real pointer drag moves the point
    and the equilibria follow."""
    scenario, html, _ = curved
    rng = random.Random(8)
    points = [{"a": str(Fraction(rng.randint(0, 30), 10)), "b": str(Fraction(rng.randint(0, 30), 10))}
              for _ in range(8)] + [{"a": "1", "b": "1"}, {"a": "2", "b": "1/2"}]
    for pt in points:
        dom, mode = dom_at(page, html.as_uri(), pt, [])
        ref = analyze_json(str(scenario), "--set", f"a={pt['a']}", "--set", f"b={pt['b']}",
                           "--no-sensitivity")["equilibria"]
        assert mode == "exact" and same_set([strip(d) for d in dom], ref), (pt, dom, ref)
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    page.locator("#region-map svg").scroll_into_view_if_needed()
    box = page.locator("#region-map svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.8)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.9, box["y"] + box["height"] * 0.1, steps=5)
    page.mouse.up()
    point = dict(kv.split("=") for kv in
                 page.eval_on_selector("#equilibria", "e => e.dataset.point").split("&"))
    assert Fraction(point["a"]) > Fraction(5, 2) and Fraction(point["b"]) > Fraction(5, 2)
    assert f"a={point['a']}" in page.evaluate("location.hash")
    dom = page.eval_on_selector_all("#equilibria > [data-equilibrium]",
                                    "es => es.map(e => JSON.parse(e.dataset.equilibrium))")
    ref = analyze_json(str(scenario), "--set", f"a={point['a']}", "--set", f"b={point['b']}",
                       "--no-sensitivity")["equilibria"]
    assert same_set(dom, ref) and len(ref) == 3
    dot = page.locator("#region-point")
    assert float(dot.get_attribute("cx")) > 0.8 * W
    shot = Path(__file__).resolve().parents[1] / "build" / "html-region-map.png"
    shot.parent.mkdir(exist_ok=True)
    page.locator("#region-map").screenshot(path=str(shot))
    assert not page.errors, page.errors
