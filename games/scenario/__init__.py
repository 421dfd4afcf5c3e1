"""Scenario files: reading (`reading.py`), the YAML document (`document.py`),
validation (`validation.py`), the parsed `Scenario` (`model.py`), writing back
(`writing.py`) and the JSON Schema for editors (`schema.py`).
"""
from ..limits import MAX_FILE_BYTES, MAX_PLAYERS, MAX_PROFILES
from .model import Effect, Scenario
from .reading import decode_text, load_scenario, parse_assignment, parse_scenario, read_text
from .writing import game_to_yaml, scenario_to_yaml

__all__ = [
    "Effect", "Scenario", "MAX_FILE_BYTES", "MAX_PLAYERS", "MAX_PROFILES", "decode_text",
    "load_scenario", "parse_assignment", "parse_scenario", "read_text", "game_to_yaml",
    "scenario_to_yaml",
]
