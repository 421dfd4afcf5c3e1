"""The system Chromium for browser tests: found, or installed (Debian's package) when
the tests run as root with apt-get; otherwise the reason it is missing."""
from __future__ import annotations

import shutil

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
    from tests.system_packages import ensure
    return ensure(NAMES, "chromium", recommends=True)
