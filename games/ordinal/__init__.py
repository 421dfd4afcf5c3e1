"""Ordinal scenarios (`payoffs_are: ranks`): conclusions that hold for every cardinal
reading of the analysts' rankings, the share of readings behind the others, and the
conflict-analysis stability concepts built for ranked outcomes (GMCR, Theory of Moves).

Modules: `ranks` (what a ranking is), `polytope` (cardinal readings), `invariant`
(ordinal conclusions), `certificates` (exact LP proofs over every reading), `structure`
(the equilibrium structure across readings), `conclusions` (other reading-dependent
conclusions), `classify` (2x2 types), `rapoport_guyer` (the published list of the 78
games), `gmcr` (Nash/GMR/SMR/SEQ on any move graph), `graph_model` (option-form
conflicts: feasible states, irreversible options), `graph_scenario` (reading a
`graph_model:` scenario), `tom` (non-myopic equilibria), `tree_ranks` (ranked game
trees: rank-invariant subgame-perfect equilibria), `tree_readings` (ranked trees across
readings), `analysis` (all at once).
"""
from __future__ import annotations

from .analysis import OrdinalAnalysis, ordinal_analysis

__all__ = ["OrdinalAnalysis", "ordinal_analysis"]
