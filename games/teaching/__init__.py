"""Teaching views of a game: why each equilibrium holds (`explain.py`), the solution
concepts side by side (`concepts.py`), and learning dynamics (`dynamics.py`)."""
