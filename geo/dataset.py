"""A loaded dataset: validated incidents and state counts with their load reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.load import read_table
from geo.validate import LoadReport, validate_counts, validate_incidents
from geo.vocab import ordered_crime_types


@dataclass(frozen=True)
class Dataset:
    """Immutable once loaded: the app shares one instance across sessions (st.cache_resource)."""

    incidents: gpd.GeoDataFrame
    counts: pd.DataFrame
    incident_report: LoadReport
    counts_report: LoadReport
    crime_types: tuple[str, ...]
    sources: tuple[str, ...]
    as_of: str


def file_stamp(path: str | Path) -> tuple[int, int, int]:
    """What changes whenever a file is rewritten (inode, size, mtime in ns), read without opening
    it: a cache key that lets a filter change skip the file entirely."""
    stat = Path(path).stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def load_dataset(incidents_path: str | Path, counts_path: str | Path | None = None) -> Dataset:
    """Read and validate both files; raises ``LoadError`` when a file cannot be read at all."""
    incidents, incident_report = validate_incidents(read_table(incidents_path))
    if counts_path is not None:
        counts, counts_report = validate_counts(read_table(counts_path))
    else:
        counts = pd.DataFrame(columns=["row", "state", "measure", "value", "number", "as_of", "source", "note"])
        counts_report = LoadReport(rows=0, mapped=0)
    sources = tuple(
        dict.fromkeys(s for s in [*incidents["source_name"], *counts["source"]] if isinstance(s, str) and s)
    )
    dates = [d for d in [*incidents["source_date"], *counts["as_of"]] if isinstance(d, str) and d]
    return Dataset(
        incidents=incidents,
        counts=counts,
        incident_report=incident_report,
        counts_report=counts_report,
        crime_types=tuple(ordered_crime_types(incidents["crime_type"].unique())),
        sources=sources,
        as_of=max(dates) if dates else "",
    )
