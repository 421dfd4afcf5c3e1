"""The JSON Schema of scenario files (draft 2020-12), for editors and validators.

The schema ships beside this module as `scenario.schema.json`. It checks the
structure of a file (keys, shapes, names, number and expression spelling) so an
editor can complete and flag as you type; the loader (`games.scenario`) remains
the authority and checks everything the schema cannot (every profile present
once, declared names, ranges, division by zero).
"""
from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources
from typing import Any

SCHEMA_FILE = "scenario.schema.json"


@lru_cache(maxsize=1)
def _schema_text() -> str:
    """The schema file's text, read once from the installed package."""
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def schema() -> dict[str, object]:
    """The scenario JSON Schema as a dict (a fresh copy: callers may modify it)."""
    return copy.deepcopy(_parsed())


@lru_cache(maxsize=1)
def _parsed() -> dict[str, Any]:
    """The parsed schema, cached."""
    return json.loads(_schema_text())


def schema_text() -> str:
    """The scenario JSON Schema as indented JSON text (what `analyze --schema` prints)."""
    return json.dumps(_parsed(), indent=2, ensure_ascii=False)
