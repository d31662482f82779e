"""A process's own peak memory, for measurements made in a fresh process each."""

from __future__ import annotations

import resource
from pathlib import Path


def reset_peak_memory() -> None:
    """A forked child starts with its parent's high-water mark (Linux keeps it across exec):
    clear it so the peak we report is this process's own work."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
