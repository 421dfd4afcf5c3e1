"""Output files (--export, --plot, --html) are checked before any work.

A target that is a directory, in a missing or read-only folder, or an existing file
that cannot be replaced is an error before the analysis starts (writing itself is
atomic, in cli/render/files.py).
"""
from __future__ import annotations

import os
from pathlib import Path

from games.errors import GameError


def check_target(path: str, option: str, suffixes: tuple[str, ...]) -> None:
    """GameError unless `path` can be written: right suffix, not a directory, an existing
    writable folder, and not an existing file that cannot be replaced."""
    p = Path(path)
    if p.is_dir():
        raise GameError(f"{option}: {path} is a directory; give a file name")
    if p.suffix.lower() not in suffixes:
        wanted = " or ".join(", ".join(suffixes).rsplit(", ", 1))
        raise GameError(f"{option}: {path} should end in {wanted}")
    try:
        folder = p.resolve().parent
    except (RuntimeError, OSError):         # a symbolic link that loops (ELOOP)
        raise GameError(f"{option}: {path} is a symbolic link that loops") from None
    if not folder.is_dir():
        raise GameError(f"{option}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise GameError(f"{option}: folder {folder} is not writable")
    if p.exists() and not p.is_file():
        raise GameError(f"{option}: {path} exists and is not a regular file")
    if p.exists() and not os.access(p, os.W_OK):
        raise GameError(f"{option}: {path} exists and is not writable")
