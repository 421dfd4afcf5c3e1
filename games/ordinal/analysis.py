"""Everything an ordinal scenario reports, as one result object: the conclusions that
hold for every cardinal reading of the ranks (labelled ordinal), those that depend on
the reading (with their shares, witnesses and certificates), the 2x2 classification,
conflict-analysis stability (GMCR) and, for 2x2 games, the Theory of Moves."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Game
from ..numbers import exact_str
from .classify import Classification2x2, classify
from .gmcr import CONCEPTS, StateStability, stability
from .invariant import RankInvariant, rank_invariant
from .ranks import is_strict, ties
from .structure import (
    CardinalAnalysis,
    ImpossibleSupport,
    Structure,
    Support,
    cardinal_analysis,
)
from .tom import InitialState, theory_of_moves

Profile = tuple[int, ...]


@dataclass(frozen=True)
class OrdinalAnalysis:
    """The ordinal analysis of a ranked game (game.payoffs are the ranks)."""

    game: Game
    strict: bool
    ties: tuple[tuple[tuple[Profile, ...], ...], ...]      # per player, groups of ties
    invariant: RankInvariant
    cardinal: CardinalAnalysis
    classification: Classification2x2 | None
    stability: tuple[StateStability, ...]
    moves: tuple[InitialState, ...] | None

    # -- names -------------------------------------------------------------------
    def profile_name(self, p: Sequence[int]) -> str:
        """A profile written as in the scenario's `payoffs` block: 'a, b'."""
        return ", ".join(pl.strategies[j].name for pl, j in zip(self.game.players, p))

    def support_names(self, support: Support) -> dict[str, list[str]]:
        return {pl.name: [pl.strategies[j].name for j in s]
                for pl, s in zip(self.game.players, support)}

    def support_text(self, support: Support) -> str:
        return "(" + "; ".join(" or ".join(pl.strategies[j].name for j in s)
                               for pl, s in zip(self.game.players, support)) + ")"

    @property
    def non_myopic(self) -> list[Profile]:
        return [m.state for m in self.moves or () if m.nme]

    def equilibria_under(self, concept: str) -> list[Profile]:
        return [s.state for s in self.stability if s.equilibrium(concept)]

    # -- verdict -------------------------------------------------------------------
    def verdict(self) -> list[str]:
        """Answer-first sentences: what the rankings alone settle, and what depends on
        the numbers."""
        out = []
        pures = [self.profile_name(p) for p in self.invariant.pure_equilibria]
        if pures:
            out.append("With these rankings the pure equilibria are " +
                       ", ".join(f"({p})" for p in pures) +
                       " — for every cardinal reading (ordinal).")
        else:
            out.append("With these rankings there is no pure equilibrium, for any cardinal "
                       "reading (ordinal).")
        for i, pl in enumerate(self.game.players):
            alive = self.invariant.surviving[i]
            if len(alive) == 1 and len(pl.strategies) > 1:
                out.append(f"{pl.name} always plays {pl.strategies[alive[0]].name}: every other "
                           "strategy is eliminated by dominance on the ranks (ordinal).")
        c = self.cardinal
        out.extend(self._choice_sentences())
        if c.invariant:
            how = "proven" if c.certificate else f"in all {c.samples} sampled readings"
            out.append(f"The equilibrium structure does not depend on the numbers ({how}).")
        else:
            parts = [f"{s.share:.0%} of cardinal readings: {self._structure_text(s.supports)}"
                     for s in c.structures]
            out.append("The equilibrium structure depends on the numbers: " + "; ".join(parts)
                       + ".")
        if self.classification is not None:
            k = self.classification
            out.append(f"2x2 type: {k.name} (Robinson–Goforth {k.index}).")
        return out

    def fact_text(self, fact: tuple) -> str:
        """A sampled conclusion in words."""
        players = self.game.players
        if fact[0] == "plays":
            return f"{players[fact[1]].name} plays {players[fact[1]].strategies[fact[2]].name} " \
                   "in some equilibrium"
        if fact[0] == "mixed_dominated":
            return (f"{players[fact[1]].name}'s {players[fact[1]].strategies[fact[2]].name} is "
                    "strictly dominated by a mixture")
        return f"({self.profile_name(fact[1])}) is the risk-dominant equilibrium"

    def _choice_sentences(self) -> list[str]:
        """For each player whose equilibrium play depends on the reading: how often each
        of its strategies appears in some equilibrium."""
        out = []
        n = self.cardinal.samples
        for i, pl in enumerate(self.game.players):
            shares = {f.fact[2]: f.share for f in self.cardinal.facts
                      if f.fact[0] == "plays" and f.fact[1] == i}
            if n and any(0 < f.count < n for f in self.cardinal.facts
                         if f.fact[0] == "plays" and f.fact[1] == i):
                parts = [f"{pl.strategies[s].name} in {share:.0%}"
                         for s, share in sorted(shares.items(), key=lambda kv: -kv[1])]
                out.append(f"{pl.name}'s choice depends on the numbers: it plays "
                           + ", ".join(parts) + " of cardinal readings (in some equilibrium).")
        return out

    def _structure_text(self, supports: tuple[Support, ...]) -> str:
        return ", ".join(self.support_text(s) for s in supports)

    # -- explanation ---------------------------------------------------------------
    def explain(self) -> list[str]:
        """Why each conclusion is (or is not) ordinal, for --explain."""
        return [
            ("Pure equilibria are ordinal: whether a strategy is a best reply compares one "
            "player's payoffs at outcomes that differ only in its own choice, and any "
            "increasing re-scaling of that player's payoffs keeps those comparisons."),
            ("Dominance by a pure strategy is ordinal: it compares one player's payoffs cell "
            "by cell; dominance by a mixture weighs payoff differences and is not."),
            ("Pareto efficiency among pure outcomes is ordinal: it asks whether another "
            "outcome is ranked at least as high by everyone and higher by someone."),
            ("Mixed equilibria are not ordinal: the probabilities solve indifference "
            "equations in payoff differences, so they (and sometimes which supports occur) "
            "change with the numbers. Hence the sampling of the order polytope: every "
            "cardinal payoff table consistent with the ranks (0 for each player's worst, "
            "1 for its best, ties kept equal — equilibria do not change under such "
            "re-scaling), drawn uniformly, each draw solved exactly."),
            ("The GMCR stabilities (Nash, GMR, SMR, SEQ) and Brams' non-myopic equilibria "
            "are defined on preferences alone, so they are ordinal by construction."),
        ]

    # -- JSON ----------------------------------------------------------------------
    def to_dict(self, game: Game | None = None) -> dict:
        """The SPEC's "ordinal" object (plus the ordinal conclusions beside it)."""
        c = self.cardinal
        out: dict = {
            "invariant": c.invariant,
            "certified": c.certificate is not None,
            "certificate": c.certificate,
            "samples": c.samples,
            "seed": c.seed,
            "structures": [self._structure_dict(s) for s in c.structures],
            "impossible_supports": [self._impossible_dict(x) for x in c.impossible],
            "support_profiles": c.candidates,
            "conclusions": [{"conclusion": self.fact_text(f.fact), "share": f.share,
                             "count": f.count, "interval": [f.low, f.high]}
                            for f in c.facts],
            "rank_invariant": self._invariant_dict(),
            "strict": self.strict,
            "ties": {pl.name: [[self.profile_name(p) for p in g] for g in groups]
                     for pl, groups in zip(self.game.players, self.ties)},
            "classification": self._classification_dict(),
            "stability": [self._state_dict(s) for s in self.stability],
            "gmcr_equilibria": {k: [self.profile_name(p) for p in self.equilibria_under(k)]
                                for k in CONCEPTS},
            "theory_of_moves": None if self.moves is None else [
                self._moves_dict(m) for m in self.moves],
            "non_myopic_equilibria": None if self.moves is None else [
                self.profile_name(p) for p in self.non_myopic],
            "verdict": self.verdict(),
            "why_ordinal": self.explain(),
        }
        return out

    def _structure_dict(self, s: Structure) -> dict:
        witness = {self.profile_name(p): [exact_str(s.witness[(i, *p)])
                                          for i in range(self.game.n_players)]
                   for p in self.game.profiles()}
        return {"supports": [self.support_names(x) for x in s.supports], "share": s.share,
                "count": s.count, "interval": [s.low, s.high], "witness": witness,
                "witness_equilibria": [e.to_dict(self.game)
                                       for e in s.witness_equilibria.equilibria]}

    def _impossible_dict(self, x: ImpossibleSupport) -> dict:
        pl = self.game.players[x.player]
        by = " + ".join(pl.strategies[k].name if w == 1 else f"{exact_str(w)} {pl.strategies[k].name}"
                        for k, w in x.beaten_by)
        return {"supports": self.support_names(x.supports),
                "reason": f"{pl.name}'s {pl.strategies[x.strategy].name} is beaten by {by} "
                          "in every cardinal reading, against every profile of the others' "
                          "supports"}

    def _invariant_dict(self) -> dict:
        inv, players = self.invariant, self.game.players
        return {
            "pure_equilibria": [self.profile_name(p) for p in inv.pure_equilibria],
            "dominated": [{"player": players[d.player].name,
                           "strategy": players[d.player].strategies[d.dominated].name,
                           "by": players[d.player].strategies[d.by].name,
                           "strict": d.strict} for d in inv.dominance],
            "surviving_iterated_strict": {pl.name: [pl.strategies[j].name for j in a]
                                          for pl, a in zip(players, inv.surviving)},
            "pareto_efficient": [self.profile_name(p) for p in inv.pareto_efficient],
        }

    def _classification_dict(self) -> dict | None:
        k = self.classification
        if k is None:
            return None
        return {"robinson_goforth": k.index, "layer": k.layer, "row_type": k.row_type,
                "column_type": k.column_type, "name": k.name, "symmetric": k.symmetric,
                "row_family": k.row_family, "column_family": k.column_family,
                "rapoport_guyer": k.rapoport_guyer,
                "rapoport_guyer_class": k.rapoport_guyer_class, "brams": k.brams}

    def _state_dict(self, s: StateStability) -> dict:
        names = [pl.name for pl in self.game.players]
        return {"state": self.profile_name(s.state),
                **{k: {"equilibrium": s.equilibrium(k),
                       "stable_for": [n for n, ok in zip(names, s.stable[k]) if ok]}
                   for k in CONCEPTS}}

    def _moves_dict(self, m: InitialState) -> dict:
        names = [pl.name for pl in self.game.players]
        return {"initial": self.profile_name(m.state), "nme": m.nme,
                "outcomes": [self.profile_name(o) for o in m.outcomes],
                "moves": {names[a.mover]: {"moves": a.moves,
                                           "outcome": self.profile_name(a.outcome),
                                           "path": [self.profile_name(p) for p in a.path]}
                          for a in m.by_player}}


def ordinal_analysis(game: Game, samples: int = 1000, seed: int | None = 0,
                     budget: float | None = 60.0) -> OrdinalAnalysis:
    """The full ordinal analysis of a game whose payoffs are ranks (ScenarioError for
    a game whose payoffs are not a ranking, or a bad count or seed)."""
    from ..arguments import check_ordinal
    from ..solve import solve
    check_ordinal(game, samples, seed, budget)
    ranks = game.payoffs
    strict = is_strict(ranks)
    two_by_two = ranks.shape == (2, 2, 2)
    klass = classify(ranks[0], ranks[1]) if two_by_two and strict else None
    moves = tuple(theory_of_moves(ranks)) if two_by_two and strict else None
    return OrdinalAnalysis(
        game=game, strict=strict,
        ties=tuple(tuple(tuple(g) for g in groups) for groups in ties(ranks)),
        invariant=rank_invariant(ranks),
        cardinal=cardinal_analysis(game, samples=samples, seed=seed, budget=budget,
                                   solver=lambda g: solve(g, method="exact")),
        classification=klass, stability=tuple(stability(ranks)), moves=moves)
