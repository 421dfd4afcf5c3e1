"""Debian packages the tests use as oracles or browsers (Chromium, Firefox ESR,
lrslib): found on PATH, or installed with apt-get when the tests run as root;
otherwise the reason each is missing, for the skip message."""
from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence


def ensure(names: Sequence[str], package: str, recommends: bool = False
           ) -> tuple[str | None, str]:
    """(the first of `names` on PATH, "") or, after installing Debian's `package` where
    possible, (None, why it cannot be had). `recommends`: install the package's
    recommended packages too (Chromium's fonts)."""
    def found() -> str | None:
        return next((p for p in map(shutil.which, names) if p), None)
    path = found()
    if path:
        return path, ""
    if shutil.which("apt-get") is None:
        return None, f"no {names[0]} on PATH and no apt-get to install {package}"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return None, f"no {names[0]} on PATH; install it with: sudo apt-get install {package}"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"],
                ["apt-get", "install", "-y", "-qq",
                 *(() if recommends else ("--no-install-recommends",)), package]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900,
                              check=False)
        if done.returncode != 0:
            return None, f"'{' '.join(cmd)}' failed: {done.stderr.strip()[-300:]}"
    path = found()
    return (path, "") if path else (None, f"apt-get installed {package} but it is not on PATH")
