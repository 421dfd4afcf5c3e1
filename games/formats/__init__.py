"""Gambit file formats: strategic-form `.nfg` (`nfg.py`)."""
