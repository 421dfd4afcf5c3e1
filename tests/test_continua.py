"""Continua of equilibria stated exactly (SPEC "Continua of equilibria, stated
exactly"): unseen 3-player games with a segment and a curve of equilibria, built
here, whose described sets are checked against a deviation check written here; the
Idlib scenario's Turkey segment; 2-player components as sets."""
from __future__ import annotations

import itertools
import json
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
import sympy

from tests.builders import game_from_arrays

ROOT = Path(__file__).resolve().parent.parent


def three_player(a_gain) -> object:
    """A mixes a1/a2, B and C mix b1/b2, c1/c2. B and C gain (p - 1/2) from their first
    strategy (p: A's probability of a1), so both are indifferent exactly at p = 1/2;
    A's first strategy pays a_gain(b1 played, c1 played) over its second."""
    arr = np.zeros((3, 2, 2, 2), dtype=object)
    for a, b, c in itertools.product(range(2), repeat=3):
        arr[0, a, b, c] = a_gain(b == 0, c == 0) if a == 0 else F(0)
        arr[1, a, b, c] = (F(1, 2) if a == 0 else F(-1, 2)) if b == 0 else F(0)
        arr[2, a, b, c] = (F(1, 2) if a == 0 else F(-1, 2)) if c == 0 else F(0)
    return game_from_arrays(arr)


def regret(game, profile) -> F:
    """Largest gain from a pure deviation, computed by brute force over pure profiles."""
    shape = game.shape
    worst = F(0)
    for i in range(len(shape)):
        values = []
        for t in range(shape[i]):
            v = F(0)
            for prof in itertools.product(*(range(m) for m in shape)):
                if prof[i] != t:
                    continue
                w = F(1)
                for j, s in enumerate(prof):
                    if j != i:
                        w *= profile[j][s]
                v += w * game.payoffs[i][prof]
            values.append(v)
        current = sum(p * v for p, v in zip(profile[i], values))
        worst = max(worst, max(values) - current)
    return worst


def profile_of(game, piece: dict, values: dict[str, F]):
    """The mixed profile a JSON piece names at the given variable values."""
    probs = {p.name: {s.name: F(0) for s in p.strategies} for p in game.players}
    for player, strategies in piece["fixed"].items():
        for s, v in strategies.items():
            probs[player][s] = F(v)
    for name, (player, s) in piece["variables"].items():
        probs[player][s] = values[name]
    for p in game.players:
        named = [s for (pl, s) in piece["variables"].values() if pl == p.name]
        if named and p.name not in piece["fixed"]:
            rest = [s.name for s in p.strategies if s.name not in named and
                    probs[p.name][s.name] == 0]
            probs[p.name][rest[-1]] = 1 - sum(probs[p.name][s] for s in named)
    return [[probs[p.name][s.name] for s in p.strategies] for p in game.players]


def polynomial(text: str):
    """A function of named Fractions evaluating a polynomial given in sympy syntax."""
    expr = sympy.sympify(text)
    names = sorted(str(s) for s in expr.free_symbols)
    if not names:
        value = F(str(expr))
        return lambda values: value
    poly = sympy.Poly(expr, *[sympy.Symbol(n) for n in names])
    terms = [(m, F(str(c))) for m, c in poly.terms()]

    def evaluate(values: dict[str, F]) -> F:
        total = F(0)
        for monomial, c in terms:
            for n, e in zip(names, monomial):
                c *= values[n] ** e
            total += c
        return total
    return evaluate


def membership(piece: dict):
    """Membership by the piece's own equations and inequalities (sympy syntax)."""
    eqs = [polynomial(e) for e in piece["equations"]]
    ineqs = [(polynomial(i.split(" >= ")[0]), polynomial(i.split(" >= ")[1]))
             for i in piece["inequalities"]]
    return lambda values: all(f(values) == 0 for f in eqs) and \
        all(a(values) >= b(values) for a, b in ineqs)


def details(game):
    from games.serialize import document
    from games.analysis import analyze

    return document(analyze(game))


def grid(n: int = 12):
    return [F(k, n) for k in range(n + 1)]


@pytest.mark.parametrize("kind", ["segment", "curve"])
def test_unseen_three_player_continuum(kind):
    gain = (lambda b, c: int(b) + int(c) - F(2, 5)) if kind == "segment" else \
        (lambda b, c: int(b and c) - F(1, 6))
    game = three_player(gain)
    doc = details(game)
    info = doc["equilibria_info"]
    # the continuum is one component with two endpoints
    cont = [(m, d) for m, d in zip(info["components"], info["component_details"])
            if d and d["dimension"] == 1]
    assert len(cont) == 1
    members, detail = cont[0]
    assert len(members) == 2
    assert detail["polytope"] is (kind == "segment")
    # every listed equilibrium passes the brute-force check; the endpoints are the
    # textbook ones (segment q + r = 2/5, curve q r = 1/6, with p = 1/2)
    eqs = doc["equilibria"]
    for e in eqs:
        prof = [[F(e["strategies"][p.name].get(s.name, "0")) for s in p.strategies]
                for p in game.players]
        assert regret(game, prof) == 0
    ends = sorted((F(eqs[m]["strategies"]["P2"].get("s1", "0")),
                   F(eqs[m]["strategies"]["P3"].get("s1", "0"))) for m in members)
    assert ends == ([(0, F(2, 5)), (F(2, 5), 0)] if kind == "segment" else
                    [(F(1, 6), 1), (1, F(1, 6))])
    # no interior point of the continuum is listed as an equilibrium
    for e in eqs:
        q = F(e["strategies"]["P2"].get("s1", "0"))
        r = F(e["strategies"]["P3"].get("s1", "0"))
        on = (q + r == F(2, 5)) if kind == "segment" else (q * r == F(1, 6))
        assert not (on and 0 < q and 0 < r and q != 1 and r != 1), e
    # membership: on a grid of (p, q, r), the description holds exactly where the
    # brute-force check finds an equilibrium with this support structure
    piece = detail["pieces"][0]
    names = {tuple(v): k for k, v in piece["variables"].items()}
    satisfies = membership(piece)
    for p, q, r in itertools.product(grid(6), grid(20), grid(20)):
        prof = [[p, 1 - p], [q, 1 - q], [r, 1 - r]]
        values = {names[("P1", "s1")]: p, names[("P2", "s1")]: q, names[("P3", "s1")]: r}
        inside = satisfies(values)
        if inside:
            assert regret(game, prof) == 0, prof
            assert profile_of(game, piece, values) == prof
        elif 0 < p < 1 and 0 < q < 1 and 0 < r < 1:
            assert regret(game, prof) > 0, prof
    # and the textbook set itself, point by point, lies in the description
    on_set = 0
    for q in grid(60):
        r = F(2, 5) - q if kind == "segment" else (F(1, 6) / q if q else F(-1))
        if 0 <= r <= 1:
            values = {names[("P1", "s1")]: F(1, 2), names[("P2", "s1")]: q,
                      names[("P3", "s1")]: r}
            assert satisfies(values), (q, r)
            on_set += 1
    assert on_set >= 10


def analyze_out(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                *args: str, columns: str | None = None) -> str:
    """The standard output of `analyze args` (exit status 0), run in this process from
    the repository root, `COLUMNS` set when given (the terminal width of a report)."""
    from cli.main import main
    monkeypatch.chdir(ROOT)
    if columns is not None:
        monkeypatch.setenv("COLUMNS", columns)
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_idlib_turkey_segment_json(monkeypatch, capsys):
    doc = json.loads(analyze_out(monkeypatch, capsys, "scenarios/idlib_m4_patrols.yaml",
                                 "--set", "militia_support=3", "--format", "json"))
    info = doc["equilibria_info"]
    assert len(info["components"]) == len(info["component_details"]) == 1
    members, detail = info["components"][0], info["component_details"][0]
    assert detail["dimension"] == 1 and detail["polytope"] is True
    assert len(members) == 2
    ends = [doc["equilibria"][m]["strategies"]["Turkey"] for m in members]
    assert sorted(ends, key=str) == [{"confront": "1"}, {"diplomacy": "1"}]
    # no interior point of the segment among the equilibria
    for e in doc["equilibria"]:
        assert len(e["strategies"]["Turkey"]) == 1 or e["strategies"]["Russia"] != {"wait": "1"}
    piece = detail["pieces"][0]
    assert piece["fixed"] == {"Russia": {"wait": "1"}, "Damascus": {"hold_stalemate": "1"}}
    assert list(piece["variables"].values()) == [["Turkey", "confront"]]
    assert piece["equations"] == []
    assert sorted(piece["inequalities"]) == ["1 - p1 >= 0", "p1 >= 0"]


def test_two_player_component_is_a_set():
    """A 2x2 game where the column player is indifferent: its whole mixing interval,
    with the row player on its strict best reply, is one convex component."""
    # row: a dominates b strictly; column indifferent between x and y
    game = game_from_arrays([[[2, 2], [1, 1]], [[1, 1], [1, 1]]])
    doc = details(game)
    info = doc["equilibria_info"]
    dims = [d["dimension"] for d in info["component_details"]]
    assert dims == [1]
    piece = info["component_details"][0]["pieces"][0]
    assert piece["fixed"] == {"P1": {"s1": "1"}}
    assert len(piece["variables"]) == 1
    satisfies = membership(piece)
    for q in grid(10):
        name = next(iter(piece["variables"]))
        assert satisfies({name: q})
        assert regret(game, profile_of(game, piece, {name: q})) == 0
    assert len(info["components"][0]) == 2


def test_continuum_in_words_at_a_threshold(monkeypatch, capsys):
    """Idlib at push_cost = 1 (a threshold): Damascus is indifferent while Turkey plays
    diplomacy and Russia waits, as long as it holds with probability at least 3/4 (below
    that, Russia would rather act alone: 4*p1 - 3 >= 0 from the scenario's payoffs)."""
    out = analyze_out(monkeypatch, capsys, "scenarios/idlib_m4_patrols.yaml",
                      "--set", "push_cost=1", "--brief", columns="200")
    text = " ".join(out.split())
    assert "1 isolated equilibrium and 1 continuum" in text
    assert "Damascus plays hold_stalemate with probability p1 and push_m4 with the rest " \
           "(1 - p1) while Turkey plays diplomacy and Russia plays wait, where 3/4 <= p1 <= 1" \
           in text


def test_sweep_map_legend_states_the_continuum(monkeypatch, capsys):
    """The 2-D map's legend uses the continuum words of every other section: at
    militia_support = 3 Turkey's two strategies pay alike against (wait,
    hold_stalemate), so the set at that row is a segment, not two equilibria."""
    out = analyze_out(monkeypatch, capsys, "scenarios/idlib_m4_patrols.yaml",
                      "--sweep", "militia_support", "--sweep", "escalation_cost",
                      "--steps", "9", "--only", "sweep", columns="100")
    text = " ".join(out.replace("│", " ").split())
    assert "Turkey may mix confront and diplomacy in any proportion while Russia plays " \
           "wait and Damascus plays hold_stalemate (a segment of equilibria" in text
    assert "no isolated equilibrium and 1 continuum (at militia_support = 3" in text


def test_curve_in_two_arcs_is_two_components():
    """A's gain (q - 1/2)(r - 1/2) - 1/100 (A mixes only where it is zero, with B and C
    indifferent at p = 1/2) makes a hyperbola whose two branches each cross the unit
    square: two connected sets of equilibria, by hand with endpoints (1, 13/25) and
    (13/25, 1) on the upper branch and (12/25, 0) and (0, 12/25) on the lower one.
    Each is its own component, and each component's description holds exactly on its
    own branch (checked point by point, with the brute-force deviation check)."""
    game = three_player(lambda b, c: F(6, 25) if b == c else F(-13, 50))
    doc = details(game)
    info, eqs = doc["equilibria_info"], doc["equilibria"]

    def qr(k):
        e = eqs[k]["strategies"]
        return (F(e["P2"].get("s1", "0")), F(e["P3"].get("s1", "0")))
    curved = [(sorted(qr(m) for m in comp), d) for comp, d in
              zip(info["components"], info["component_details"]) if d and d["dimension"] == 1]
    assert sorted(ends for ends, _ in curved) == [
        [(0, F(12, 25)), (F(12, 25), 0)], [(F(13, 25), 1), (1, F(13, 25))]]
    for ends, detail in curved:
        piece = detail["pieces"][0]
        names = {tuple(v): k for k, v in piece["variables"].items()}
        satisfies = membership(piece)
        upper = ends[0][0] > F(1, 2)
        for q in grid(50):
            if q == F(1, 2):
                continue
            r = F(1, 2) + F(1, 100) / (q - F(1, 2))
            if not 0 <= r <= 1:
                continue
            prof = [[F(1, 2), F(1, 2)], [q, 1 - q], [r, 1 - r]]
            assert regret(game, prof) == 0
            values = {names[("P1", "s1")]: F(1, 2), names[("P2", "s1")]: q,
                      names[("P3", "s1")]: r}
            assert satisfies(values) == ((q > F(1, 2)) == upper), (q, r, upper)


def copies_game(radius_terms: int):
    """Players whose first-strategy probabilities are x1, y, x2, c1, c2, (x3, c3): P1 is
    always indifferent, P2 gains sum (x_k - 1/2)(c_k - 1/2) - 1/16, the player after
    each x_k gains c_k - x_k (so c_k = x_k), and one player gains y - 1/2. With
    everyone mixing, the equilibria are the circle (two terms) or the sphere (three)
    sum (x_k - 1/2)^2 = 1/16 with y = 1/2: strictly inside the box, no endpoint."""
    h = F(1, 2)
    n = 5 if radius_terms == 2 else 7
    # positions: 0 x1, 1 y, 2 x2, 3 c1, 4 c2, then for three terms: 5 x3, 6 c3
    xs = [0, 2] + ([5] if radius_terms == 3 else [])
    cs = [3, 4] + ([6] if radius_terms == 3 else [])

    def gain(i, v):
        if i == 1:
            return sum(((v[x] - h) * (v[c] - h) for x, c in zip(xs, cs)), F(0)) - F(1, 16)
        if i == 2:
            return v[3] - v[0]
        if i == 3:
            return v[4] - v[2]
        if radius_terms == 2 and i == 4 or radius_terms == 3 and i == 5:
            return v[1] - h
        if radius_terms == 3 and i == 4:
            return v[6] - v[5]
        return F(0)
    arr = np.zeros((n,) + (2,) * n, dtype=object)
    for prof in itertools.product(range(2), repeat=n):
        first = [F(1 - s) for s in prof]        # each gain is multilinear: its vertex values
        for i in range(n):
            arr[(i, *prof)] = gain(i, first) if prof[i] == 0 else F(0)
    return game_from_arrays(arr)


def circle_game():
    """The circle (x1 - 1/2)^2 + (x2 - 1/2)^2 = 1/16 of equilibria (five players)."""
    return copies_game(2)


def test_closed_curve_of_equilibria_is_a_set_not_samples():
    """A continuum touching no boundary is stated by its equations, and the points
    listed for it are exact ones named for what they are (where p_k is least or
    greatest), never samples."""
    game = circle_game()
    doc = details(game)
    info = doc["equilibria_info"]
    assert not any("sample" in n for n in info["notes"]), info["notes"]
    closed = [(m, d) for m, d in zip(info["components"], info["component_details"])
              if d and any(p.get("closed") for p in d["pieces"])]
    assert len(closed) == 1
    members, detail = closed[0]
    piece = detail["pieces"][0]
    assert detail["dimension"] == 1 and piece["closed"] is True
    names = {tuple(v): k for k, v in piece["variables"].items()}
    key = piece["listed_points"].split()[1]            # "where p1 is least or greatest"
    player = dict((k, v) for v, k in names.items())[key][0]
    # every listed equilibrium passes the brute-force check
    for e in doc["equilibria"]:
        prof = [[F(e["strategies"][p.name].get(s.name, "0")) for s in p.strategies]
                for p in game.players]
        assert regret(game, prof) == 0
    # the listed points: on the circle, where the named player's probability is 1/4, 3/4
    listed = []
    for m in members:
        s = doc["equilibria"][m]["strategies"]
        first = {p.name: F(s[p.name].get("s1", "0")) for p in game.players}
        x, y, z, w, t = (first[f"P{k}"] for k in range(1, 6))
        assert (y, w, t) == (F(1, 2), x, z) and (x - F(1, 2)) ** 2 + (z - F(1, 2)) ** 2 == F(1, 16)
        listed.append(first[player])
    assert sorted(listed) == [F(1, 4), F(3, 4)]
    # the description is the circle: rational points on it (a rational parametrisation)
    # are equilibria and satisfy it; points beside it satisfy neither
    satisfies = membership(piece)
    for s in (F(0), F(1, 3), F(2), F(-3, 5), F(7, 2)):
        for off in (F(0), F(1, 50)):
            x = F(1, 2) + F(1, 4) * (1 - s * s) / (1 + s * s) + off
            z = F(1, 2) + F(1, 4) * 2 * s / (1 + s * s)
            prof = [[v, 1 - v] for v in (x, F(1, 2), z, x, z)]
            values = {names[(f"P{k + 1}", "s1")]: prof[k][0] for k in range(5)}
            assert satisfies(values) is (off == 0)
            assert (regret(game, prof) == 0) is (off == 0)


def test_closed_curve_in_the_report(tmp_path, monkeypatch, capsys):
    """The text report says what the listed points of a closed curve are."""
    from games.formats.nfg import write_nfg

    path = tmp_path / "circle.nfg"
    write_nfg(circle_game(), path)
    out = analyze_out(monkeypatch, capsys, str(path), columns="200")
    assert "closed curve of equilibria touching no boundary" in out
    assert "sample" not in out


def test_closed_surface_of_equilibria():
    """A sphere of equilibria strictly inside the box (seven players): its piece is
    2-dimensional and closed, stated by its equations; the exact points listed are
    where x1 is 1/4 and 3/4; rational points on the sphere (inverse stereographic
    projection) are equilibria by the brute-force check and satisfy the description,
    points beside it satisfy neither."""
    from games.solvers.continua import describe

    class Clock:
        complete, notes = True, []

        def check_time(self) -> None:
            pass
    game = copies_game(3)
    found = describe(game, ((0, 1),) * 7, Clock())
    assert found is not None and found.piece.dimension == 2 and found.piece.closed_in
    assert found.piece.dimension_exact          # a sphere, not merely at most 2
    k = int(found.piece.closed_in[1:]) - 1
    assert sorted(p[k] for p in found.points) == [F(1, 4), F(3, 4)]
    satisfies = membership(found.piece.to_dict(game))
    h, r = F(1, 2), F(1, 4)
    for a, b in [(F(0), F(0)), (F(1, 3), F(2)), (F(-1, 2), F(3, 5)), (F(5), F(-1))]:
        d = 1 + a * a + b * b
        x1, x2, x3 = h + r * 2 * a / d, h + r * 2 * b / d, h + r * (a * a + b * b - 1) / d
        for off in (F(0), F(1, 40)):
            first = [x1 + off, h, x2, x1 + off, x2, x3, x3]
            prof = [[v, 1 - v] for v in first]
            values = {f"p{j + 1}": first[j] for j in range(7)}
            assert satisfies(values) is (off == 0)
            assert (regret(game, prof) == 0) is (off == 0)
