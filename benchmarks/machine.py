"""A description of the machine and software the benchmark ran on."""
from __future__ import annotations

import datetime
import os
import platform
import sys
from importlib import metadata

PACKAGES = ("games-analyzer", "numpy", "sympy", "scipy", "nashpy", "pygambit", "rich", "PyYAML")


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, or platform.processor()."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gb() -> str:
    """Total memory from /proc/meminfo, if available."""
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(f.readline().split()[1])
        return f"{kb / 1024 ** 2:.0f} GB"
    except (OSError, ValueError, IndexError):
        return "unknown"


def versions() -> str:
    """'name version' for the packages that matter here."""
    out = []
    for name in PACKAGES:
        try:
            out.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name} (not installed)")
    return ", ".join(out)


def describe() -> list[str]:
    """Markdown bullet lines describing this machine and run."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {cpu_model()}, {cores} cores available, {memory_gb()} memory, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}, "
        f"{sys.executable})",
        f"- packages: {versions()}",
    ]
