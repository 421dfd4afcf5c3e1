"""Learning dynamics: fictitious play and replicator dynamics against known behaviour."""
from __future__ import annotations

import json

import numpy as np
import pytest

import games
from cli.main import main
from cli.render.dynamics import dynamics_sections
from games.teaching.dynamics import run_dynamics
from games.model import Game, Player, Strategy


def coordination() -> Game:
    """A pure coordination game: both get 2 at (A, A), 1 at (B, B), 0 otherwise."""
    players = [Player(n, (Strategy("A"), Strategy("B"))) for n in ("Row", "Col")]
    a = [[2, 0], [0, 1]]
    return Game(players, np.array([a, a], dtype=object))


def test_fictitious_play_matching_pennies_approaches_one_half():
    # Robinson (1951): in zero-sum games the empirical frequencies of fictitious play
    # converge to the equilibrium, here (1/2, 1/2) for both.
    g = games.load("scenarios/matching_pennies.yaml")
    r = run_dynamics(g, "fictitious-play", 2000, g.equilibria())
    for vec in r.final:
        assert abs(vec[0] - 0.5) < 0.05
    assert r.settled and r.nearest == 0


def test_replicator_coordination_settles_on_a_pure_equilibrium():
    g = coordination()
    eqs = g.equilibria()
    r = run_dynamics(g, "replicator", 200, eqs)
    assert r.settled
    settled_on = eqs.equilibria[r.nearest]
    assert settled_on.kind == "pure"
    assert all(max(vec) > 0.99 for vec in r.final)


def test_replicator_matching_pennies_does_not_settle():
    # Interior orbits of the two-population replicator dynamics in matching pennies
    # are closed cycles around the equilibrium: they never converge to it.
    g = games.load("scenarios/matching_pennies.yaml")
    r = run_dynamics(g, "replicator", 400, g.equilibria())
    assert r.verdict == "cycles"


def test_prisoners_dilemma_learns_defection():
    g = games.load("scenarios/prisoners_dilemma.yaml")
    for kind in ("fictitious-play", "replicator"):
        r = run_dynamics(g, kind, 300, g.equilibria())
        assert r.settled and r.final[0][1] > 0.95 and r.final[1][1] > 0.95


def test_reproducible_and_rendered():
    g = games.load("scenarios/battle_of_the_sexes.yaml")
    eqs = g.equilibria()
    a = run_dynamics(g, "fictitious-play", 100, eqs)
    b = run_dynamics(g, "fictitious-play", 100, eqs)
    assert a.final == b.final
    (sec,) = dynamics_sections(g, a)
    table = sec.blocks[1]
    assert len(table.rows) == len(a.samples) and len(table.headers) == 5
    json.dumps(a.to_dict(g))


def test_needs_two_players():
    g = games.load("scenarios/three_player_volunteer.yaml")
    with pytest.raises(ValueError):
        run_dynamics(g, "replicator", 10, g.pure_equilibria())


def test_cli_dynamics(capsys):
    code = main(["scenarios/stag_hunt.yaml", "--dynamics", "replicator", "--steps", "120",
                 "--no-sensitivity", "--format", "markdown"])
    assert code == 0
    assert "Play settles on equilibrium" in capsys.readouterr().out


def test_plot_dynamics(tmp_path):
    pytest.importorskip("matplotlib", reason="matplotlib is an optional extra")
    from cli.render.plot_dynamics import plot_dynamics
    g = games.load("scenarios/stag_hunt.yaml")
    r = run_dynamics(g, "fictitious-play", 50, g.equilibria())
    out = tmp_path / "fp.png"
    plot_dynamics(g, r, str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
