"""The system Chromium for browser tests: found, or installed (Debian's package) when
the tests run as root with apt-get; otherwise the reason it is missing."""
from __future__ import annotations

import os
import shutil
import subprocess

NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """The path of a Chromium executable on PATH, if any."""
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def ensure_chromium() -> tuple[str | None, str]:
    """(executable, "") or (None, why it cannot be had)."""
    path = find_chromium()
    if path:
        return path, ""
    if shutil.which("apt-get") is None:
        return None, "no chromium on PATH and no apt-get to install it"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return None, "no chromium on PATH; install it with: sudo apt-get install chromium"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900,
                              check=False)
        if done.returncode != 0:
            return None, f"'{' '.join(cmd)}' failed: {done.stderr.strip()[-300:]}"
    path = find_chromium()
    return (path, "") if path else (None, "apt-get installed chromium but it is not on PATH")
