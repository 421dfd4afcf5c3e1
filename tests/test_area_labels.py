"""Separate areas of a region shown where they lie: on the `--plot` picture (read back
from the SVG's text and label boxes) and on the `--html` page's map (in Chromium,
Playwright), and listed in the region table.

The references are written here: each hand-made game's regions by hand ((a-2)(b-2)
against 1: two opposite corners of one structure; the sign of a cubic in a), and a
direct solve of the game at the point under each label, compared with a direct solve
at the sample point the JSON gives for that area. A label's whole box must lie in
its area (every corner of it on the right side of the hand-made boundaries), boxes
must not overlap each other, and the legend must sit beside the drawing.
"""
from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from fractions import Fraction as F
from pathlib import Path

import pytest

from tests.test_html_browser import analyze_json, browser, page
from tests.test_robustness_exact import solved

__all__ = ["browser", "page"]

HYPERBOLA = """\
scenario: two corners
parameters:
  a: {value: 1, range: [0, 4]}
  b: {value: 3, range: [0, 4]}
players:
  P1: {strategies: [r0, r1]}
  P2: {strategies: [c0, c1]}
payoffs:
  r0, c0: [(a-2)*(b-2), 1]
  r0, c1: [1, 0]
  r1, c0: [1, 0]
  r1, c1: [(a-2)*(b-2), 1]
"""

STRIPS = """\
scenario: strips
parameters:
  a: {value: 1/2, range: [0, 4]}
  b: {value: 1, range: [0, 2]}
players:
  P1: {strategies: [r0, r1]}
  P2: {strategies: [c0, c1]}
payoffs:
  r0, c0: [(a-1)*(a-2)*(200*a-401), b]
  r0, c1: [(a-1)*(a-2)*(200*a-401), 0]
  r1, c0: [0, b]
  r1, c1: [0, 0]
"""


def hyperbola_place(a: float, b: float) -> str:
    """The hand-made answer: 'B' in a corner cut off by (a-2)(b-2) = 1 (with the
    corner: lower left or upper right), 'A' between the branches (the baseline's
    region, labelled first)."""
    if (a - 2) * (b - 2) > 1:
        return "B-low" if a < 2 else "B-high"
    return "A"


def strips_place(a: float) -> str:
    """The sign of (a-1)(a-2)(200a-401) and which strip."""
    for k, edge in enumerate((1, 2, 2.005)):
        if a < edge:
            return f"strip{k}"
    return "strip3"


def write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def sample_of(doc: dict, label: str) -> dict[str, F]:
    """The sample point of an area's largest cell, from the JSON."""
    area = next(a for a in doc["regions"]["areas"] if a["label"] == label)
    return {k: F(v) for k, v in area["cells"][0]["sample"].items()}


def svg_labels(svg: Path) -> tuple[dict[str, tuple[float, float, tuple]], tuple, list]:
    """Each area label's centre and box (SVG units), the axes' rectangle, and the
    legend's texts (x, text)."""
    ns = {"s": "http://www.w3.org/2000/svg"}
    root = ET.parse(svg).getroot()

    def rect(d: str) -> tuple[float, float, float, float]:
        nums = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", d)]
        xs, ys = nums[0::2], nums[1::2]
        return min(xs), min(ys), max(xs), max(ys)

    axes = next(g for g in root.iter(f"{{{ns['s']}}}g") if g.get("id") == "patch_2")
    frame = rect(axes.find("s:path", ns).get("d"))
    labels = {}
    for g in root.iter(f"{{{ns['s']}}}g"):
        gid = g.get("id") or ""
        if gid.startswith("area-label-"):
            text = g.find(".//s:text", ns)
            box = rect(g.find(".//s:path", ns).get("d"))
            labels[text.text] = (float(text.get("x")), float(text.get("y")), box)
    legend = next(g for g in root.iter(f"{{{ns['s']}}}g") if g.get("id") == "legend_1")
    texts = [(float(t.get("x") or re.search(r"translate\(([\d.]+)", t.get("transform")).group(1)),
              t.text) for t in legend.iter(f"{{{ns['s']}}}text")]
    return labels, frame, texts


def to_data(x: float, y: float, frame: tuple, box: dict[str, tuple[F, F]]) -> tuple[float, float]:
    (a0, a1), (b0, b1) = box["a"], box["b"]
    x0, y0, x1, y1 = frame
    return (float(a0) + (x - x0) / (x1 - x0) * float(a1 - a0),
            float(b0) + (y1 - y) / (y1 - y0) * float(b1 - b0))


def disjoint(p: tuple, q: tuple) -> bool:
    return p[2] <= q[0] or q[2] <= p[0] or p[3] <= q[1] or q[3] <= p[1]


def check_at(scenario, at: tuple[float, float], ref: dict[str, F]) -> None:
    """A direct solve at the label's point has the structure of one at the area's
    JSON sample."""
    point = {"a": F(at[0]).limit_denominator(10 ** 6), "b": F(at[1]).limit_denominator(10 ** 6)}
    assert solved(scenario, point) == solved(scenario, ref), (point, ref)


# ------------------------------------------------------------------ the plot

def test_plot_labels_each_area_where_it_lies(tmp_path):
    from games.scenario import load_scenario
    src = write(tmp_path, HYPERBOLA, "hyperbola")
    svg = tmp_path / "map.svg"
    doc = analyze_json(str(src), "--regions", "a", "b", "--plot", str(svg))
    box = {k: (F(v[0]), F(v[1])) for k, v in doc["regions"]["box"].items()}
    labels, frame, legend = svg_labels(svg)
    assert sorted(labels) == ["A", "B1", "B2"]
    scenario = load_scenario(src)
    corner = {}
    for label, (x, y, rect) in labels.items():
        where = hyperbola_place(*to_data(x, y, frame, box))
        # the whole label box lies in that area (its corners on the same side)
        for cx, cy in itertools.product(rect[0::2], rect[1::2]):
            assert hyperbola_place(*to_data(cx, cy, frame, box)) == where, label
            assert frame[0] <= cx <= frame[2] and frame[1] <= cy <= frame[3]
        ref = sample_of(doc, label)
        assert hyperbola_place(float(ref["a"]), float(ref["b"])) == where
        check_at(scenario, to_data(x, y, frame, box), ref)
        corner[label] = where
    assert corner == {"A": "A", "B1": "B-low", "B2": "B-high"}
    for p, q in itertools.combinations(labels.values(), 2):
        assert disjoint(p[2], q[2])
    words = " ".join(t for _, t in legend)
    assert "B (separate areas B1, B2)" in words and "A: " in words
    assert all(x > frame[2] for x, _ in legend)       # beside the drawing, not on it


def test_plot_names_an_area_too_narrow_for_its_label(tmp_path):
    """Strips a < 1, 1 < a < 2, 2 < a < 2.005, a > 2.005 alternate between two
    structures: four areas; the third is a fraction of a pixel wide, so the legend
    names it instead of the drawing."""
    from games.scenario import load_scenario
    src = write(tmp_path, STRIPS, "strips")
    svg = tmp_path / "strips.svg"
    doc = analyze_json(str(src), "--regions", "a", "b", "--plot", str(svg))
    areas = {a["label"]: a for a in doc["regions"]["areas"]
             if any(c["dimension"] == 2 for c in a["cells"])}
    assert len(areas) == 4
    box = {k: (F(v[0]), F(v[1])) for k, v in doc["regions"]["box"].items()}
    labels, frame, legend = svg_labels(svg)
    scenario = load_scenario(src)
    seen = {}
    for label, (x, y, rect) in labels.items():
        where = strips_place(to_data(x, y, frame, box)[0])
        for cx in rect[0::2]:
            assert strips_place(to_data(cx, y, frame, box)[0]) == where
        ref = sample_of(doc, label)
        assert strips_place(float(ref["a"])) == where
        check_at(scenario, to_data(x, y, frame, box), ref)
        seen[where] = label
    assert sorted(seen) == ["strip0", "strip1", "strip3"]
    thin = next(lab for lab in areas if strips_place(float(sample_of(doc, lab)["a"])) == "strip2")
    assert thin not in labels
    words = " ".join(t for _, t in legend)
    assert f"{thin}: too narrow to label" in words.replace("\n", " ")
    for p, q in itertools.combinations(labels.values(), 2):
        assert disjoint(p[2], q[2])


def test_region_table_lists_the_areas(tmp_path):
    """The text report's region table has a column of separate areas, each with a
    point inside it (the hand-made corner)."""
    import contextlib
    import io

    from cli.main import main
    src = write(tmp_path, HYPERBOLA, "hyperbola")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([str(src), "--regions", "a", "b", "--format", "markdown"]) == 0
    text = out.getvalue()
    assert "separate areas" in text
    found = re.findall(r"(B[12]) at a = ([\d/]+), b = ([\d/]+)", text)
    assert sorted(f[0] for f in found) == ["B1", "B2"]
    for label, a, b in found:
        assert hyperbola_place(float(F(a)), float(F(b))) == {"B1": "B-low", "B2": "B-high"}[label]


# ------------------------------------------------------------------ the page

W, H = 480, 360


def to(px: float, py: float) -> tuple[float, float]:
    """SVG units of the page's map -> (a, b) in the box [0, 4]^2."""
    return 4 * px / W, 4 * (H - py) / H


def test_page_map_labels_areas_and_table_lists_them(page, tmp_path):
    from games.scenario import load_scenario
    src = write(tmp_path, HYPERBOLA, "hyperbola")
    html = tmp_path / "map.html"
    doc = analyze_json(str(src), "--regions", "a", "b", "--html", str(html))
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    page.locator("#region-map svg").scroll_into_view_if_needed()
    got = page.eval_on_selector_all(
        "#region-map text.area-label",
        """ts => ts.map(t => { const b = t.getBBox();
             return [t.dataset.area, t.dataset.region, +t.getAttribute('x'), +t.getAttribute('y'),
                     [b.x, b.y, b.x + b.width, b.y + b.height]]; })""")
    assert sorted(g[0] for g in got) == ["A", "B1", "B2"]
    scenario = load_scenario(src)
    where = {}
    for label, region, x, y, rect in got:
        assert label.startswith(region)
        here = hyperbola_place(*to(x, y))
        for cx, cy in itertools.product(rect[0::2], rect[1::2]):
            assert 0 <= cx <= W and 0 <= cy <= H
            assert hyperbola_place(*to(cx, cy)) == here, label
        check_at(scenario, to(x, y), sample_of(doc, label))
        # the fill under the label is its region's
        under = page.evaluate(
            """([x, y]) => { const s = document.querySelector('#region-map svg');
                 const r = s.getBoundingClientRect();
                 const hit = document.elementsFromPoint(r.left + x / 480 * r.width,
                                                        r.top + y / 360 * r.height)
                   .find((e) => e.tagName === 'rect');
                 return hit ? hit.dataset.region : null; }""", [x, y])
        assert under == region
        where[label] = here
    assert where == {"A": "A", "B1": "B-low", "B2": "B-high"}
    for p, q in itertools.combinations(got, 2):
        assert disjoint(p[4], q[4])
    legend = page.eval_on_selector("#region-map li[data-region='B']", "e => e.textContent")
    assert "separate areas B1, B2" in legend
    cells = page.eval_on_selector_all("table td", "ts => ts.map(t => t.textContent)")
    listed = [c for c in cells if "B1 at" in c]
    assert listed and "B2 at" in listed[0]
    assert not page.errors, page.errors


@pytest.mark.parametrize("name", ["strips"])
def test_page_leaves_out_a_label_that_does_not_fit(page, tmp_path, name):
    src = write(tmp_path, STRIPS, name)
    html = tmp_path / "strips.html"
    doc = analyze_json(str(src), "--regions", "a", "b", "--html", str(html))
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    got = page.eval_on_selector_all("#region-map text.area-label",
                                    "ts => ts.map(t => [t.dataset.area, +t.getAttribute('x')])")
    places = {strips_place(4 * x / W): label for label, x in got}
    assert sorted(places) == ["strip0", "strip1", "strip3"]
    for where, label in places.items():
        assert strips_place(float(sample_of(doc, label)["a"])) == where
    text = page.eval_on_selector("#region-map .legend", "e => e.textContent")
    assert "too narrow to label on the map" in text
    assert not page.errors, page.errors
