#!/usr/bin/env python3
"""Set up and run the project with nothing but Python 3.11+ and pip.

    python3 dev.py demo    # create .venv, install, analyse the Idlib scenario
    python3 dev.py test    # create .venv, install with test extras, lint, type-check, run the suite
    python3 dev.py test --quick   # the same checks, then the fast subset (QUICK, under a minute)
    python3 dev.py bench   # run the benchmarks (docs/performance.md)

The virtual environment is (re)installed only when pyproject.toml changes.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def ensure_venv(extras: str) -> None:
    """Create .venv and install the project (editable) with the given extras."""
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 or newer is needed (this is %s)." % sys.version.split()[0])
    if not PY.exists():
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f".[{extras}]" if extras else "."
    subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "-e", target], cwd=ROOT)
    stamp.write_text(digest)


def ensure_system_packages() -> None:
    """The browser tests drive the system Chromium and large 2-player games are checked
    against lrsnash: install them (Debian's packages) when missing and possible;
    otherwise those tests are skipped and say why."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import ensure_chromium
    path, why = ensure_chromium()
    print(f"chromium: {path}" if path else f"chromium: not available ({why})")
    from lrsnash import ensure_lrsnash      # the 2-player oracle for large games
    path, why = ensure_lrsnash()
    print(f"lrsnash: {path}" if path else f"lrsnash: not available ({why})")


# The fast subset of `test --quick`: one or two files per layer (layout and types,
# numbers and expressions, scenarios, payoffs, dominance and LP, sensitivity,
# ordinal, the API's argument checks), each under ~15 s on one busy core; together
# under a minute with the static checks. The whole suite stays the reference.
QUICK = (
    "tests/test_architecture.py", "tests/test_typing.py", "tests/test_payoffs.py",
    "tests/test_model.py", "tests/test_expressions.py", "tests/test_scenario.py",
    "tests/test_dominance.py", "tests/test_lp.py", "tests/test_sensitivity.py",
    "tests/test_graph_model.py", "tests/test_rapoport_guyer.py", "tests/test_api_errors.py",
)

CHECKS = (
    ["-m", "ruff", "check", "games", "cli", "tests", "benchmarks"],
    ["-m", "mypy"],                 # files and options: [tool.mypy] in pyproject.toml
)


def static_checks() -> int:
    """Run ruff and mypy; the first failure's exit status (0 when both are clean)."""
    for args in CHECKS:
        code = subprocess.call([str(PY), *args], cwd=ROOT)
        if code:
            print(f"dev.py: {' '.join(args[1:])} failed; fix it before the tests run")
            return code
    return 0


def main(argv: list[str]) -> int:
    """Dispatch the sub-command; extra arguments are passed through."""
    if not argv or argv[0] not in {"demo", "test", "bench"}:
        print(__doc__)
        return 2
    cmd, rest = argv[0], argv[1:]
    if cmd == "demo":
        ensure_venv("")
        return subprocess.call([str(BIN / "analyze"), "scenarios/idlib_m4_patrols.yaml", *rest], cwd=ROOT)
    ensure_venv("test")
    if cmd == "test":
        if "--quick" in rest:
            rest = [a for a in rest if a != "--quick"] + ["-m", "not slow", *QUICK]
        ensure_system_packages()
        code = static_checks()
        if code:
            return code
        # worksteal: a worker that runs out of tests takes queued ones from the other,
        # so a long test near the end does not leave one core idle
        return subprocess.call([str(PY), "-m", "pytest", "-n", "2", "--dist", "worksteal", *rest],
                               cwd=ROOT)
    return subprocess.call([str(PY), "benchmarks/run.py", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
