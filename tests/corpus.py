"""The one locator of the Gambit corpus, and its reference equilibria (expected.json).

The corpus is `shared/corpus/` beside the checkout: the first ancestor directory of
the repository that holds `shared/corpus` (so a worktree nested deeper finds it too),
or the directory named by the environment variable GAMES_CORPUS (its `gambit-nfg`
subdirectory when there is one). Tests that need it are marked `needs_corpus`, which
skips them with the reason when it is absent.
"""
from __future__ import annotations

import json
import os
from fractions import Fraction
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP_REASON = ("Gambit corpus not found: put it at shared/corpus/ beside the checkout "
               "or set GAMES_CORPUS")


def locate_corpus() -> Path:
    """The corpus's gambit-nfg directory (it may not exist: tests then skip)."""
    env = os.environ.get("GAMES_CORPUS")
    if env:
        base = Path(env)
        return base / "gambit-nfg" if (base / "gambit-nfg").is_dir() else base
    for parent in ROOT.parents:
        if (parent / "shared" / "corpus").is_dir():
            return parent / "shared" / "corpus" / "gambit-nfg"
    return ROOT.parent / "shared" / "corpus" / "gambit-nfg"


CORPUS = locate_corpus()
EFG_CORPUS = CORPUS.parent / "gambit-efg"      # the extensive-form files beside it
HAVE_CORPUS = (CORPUS / "expected.json").is_file()
needs_corpus = pytest.mark.skipif(not HAVE_CORPUS, reason=SKIP_REASON)


def expected() -> dict:
    """The reference results, keyed by the file's path inside the corpus ({} without it)."""
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
