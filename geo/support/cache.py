"""Derived files kept on disk (simplified boundaries, gazetteer indexes): built once, read back, and
rebuilt when a file is truncated, damaged or of the wrong shape, so a bad cache never takes the app down."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from warnings import catch_warnings, simplefilter

from geo.support.atomic import replacing

log = logging.getLogger("incident_atlas")
T = TypeVar("T")


def cached(target: Path, build: Callable[[Path], None], read: Callable[[Path], T]) -> T:
    """``build`` writes the file to the path it is given (replaced whole); ``read`` loads it and
    raises if what it read is not what ``build`` writes."""
    for attempt in range(2):
        if target.is_dir():  # in our own cache folder: something took the file's name
            log.warning("cache file %s is a folder; rebuilding it", target.name)
            shutil.rmtree(target)
        if not target.exists():
            with replacing(target) as partial:
                build(partial)
        try:
            with catch_warnings():
                simplefilter("ignore")  # a reader's complaints about a damaged file: the rebuild answers them
                return read(target)
        except Exception as error:  # any reader's error means the same thing here: the file is unusable
            if attempt:
                raise
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            reason = reason.replace(f"{target.parent}{os.sep}", "")
            log.warning("cache file %s is unreadable (%s); rebuilding it", target.name, reason)
            target.unlink(missing_ok=True)
    raise AssertionError("unreachable")
