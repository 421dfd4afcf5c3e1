"""The `analyze` command: argument parsing and rendering. It never computes equilibria."""
