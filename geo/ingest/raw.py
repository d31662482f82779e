"""The raw table every reader produces: a DataFrame of strings, one row per input record, a ``row``
column with the record's 1-based position, and, for spatial formats, ``_geom_lat``/``_geom_lon``
taken from point geometries so validation treats them like CSV coordinates."""

from __future__ import annotations

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

GEOM_LAT, GEOM_LON, GEOM_ERROR = "_geom_lat", "_geom_lon", "_geom_error"
# Columns every raw table gets from the reader; a file's own column of that name is kept renamed.
RESERVED = ("row", GEOM_LAT, GEOM_LON, GEOM_ERROR)
# What a streaming pass reads at a time.
CHUNK = 1 << 20


def numbered(frame: pd.DataFrame, numbers) -> pd.DataFrame:
    """The record numbers as column ``row``, first; the file's own ``row`` column kept as 'row (original)'."""
    frame = frame.rename(columns={c: f"{c} (original)" for c in RESERVED if c in frame.columns})
    frame.insert(0, "row", numbers)
    return frame


class LoadError(Exception):
    """The file cannot be read at all; the message is one line meant for the user."""


# Far more than any incident export has (our schema has about 20 fields); a header of a million
# columns would otherwise cost minutes before anything could be said about it.
MAX_COLUMNS = 2_000


def checked_header(names: list[str], label: str) -> list[str]:
    if len(names) > MAX_COLUMNS:
        raise LoadError(f"{label}: has {len(names):,} columns; the most we read is {MAX_COLUMNS:,}")
    counts = Counter(names)
    duplicated = sorted(name for name, count in counts.items() if count > 1)
    if duplicated:
        raise LoadError(f"{label}: duplicate column names: {', '.join(duplicated)}")
    return names


@dataclass
class RawTable:
    frame: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    # Records the reader itself had to refuse (wrong field count): (row, reason).
    rejected: list[tuple[int, str]] = field(default_factory=list)


# What pandas and Python print for a missing value: a cell reading so is blank.
BLANK_WORDS = frozenset({"nan", "NaT", "<NA>", "None"})


def as_text(value: object) -> str:
    """Cells as the text a person would have typed; missing values become blank."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(value) if not value.is_integer() else str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return "" if text in BLANK_WORDS else text
