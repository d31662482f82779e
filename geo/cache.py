"""Derived files kept on disk (simplified boundaries, gazetteer indexes): built once, read back, and
rebuilt when a file is truncated or damaged, so a bad cache never takes the app down."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from geo.atomic import replacing

log = logging.getLogger("incident_atlas")
T = TypeVar("T")


def cached(target: Path, build: Callable[[Path], None], read: Callable[[Path], T]) -> T:
    """``build`` writes the file to the path it is given (replaced whole); ``read`` loads it."""
    for attempt in range(2):
        if not target.exists():
            with replacing(target) as partial:
                build(partial)
        try:
            return read(target)
        except Exception:  # any reader's error means the same thing here: the file is unusable
            if attempt:
                raise
            log.warning("cache file %s is unreadable; rebuilding it", target, exc_info=True)
            target.unlink(missing_ok=True)
    raise AssertionError("unreachable")
