"""Game trees (sequential scenarios): reading, subgames, backward induction with ties
and exact pure counts, the reduced strategic form, credibility of threats, and
thresholds where the subgame-perfect equilibria change. See docs/trees.md."""
