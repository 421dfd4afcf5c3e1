"""Shared access to the Gambit corpus and its reference equilibria (expected.json)."""
from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import os

# The corpus lives in shared/ beside the repository (GAMES_CORPUS overrides); tests
# that need it skip when it is absent.
CORPUS = Path(os.environ.get("GAMES_CORPUS") or
              Path(__file__).resolve().parents[2] / "shared" / "corpus" / "gambit-nfg")


def expected() -> dict:
    """The reference results, keyed by the file's path inside the corpus."""
    path = CORPUS / "expected.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text())
    data.pop("_meta", None)
    return data


def gambit_profile(entry: dict) -> list[list[Fraction]] | list[list[float]]:
    """A reference profile: exact Fractions where Gambit was exact, floats otherwise."""
    return entry["profile"]


def as_fraction(s: str) -> Fraction:
    return Fraction(s)
