"""Equilibrium and dominance solvers. Each module holds one family of algorithms."""
