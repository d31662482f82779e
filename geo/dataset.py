"""A loaded dataset: validated incidents and state counts with their load reports."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.load import LoadError, read_table
from geo.mapping import apply_mapping, guess_mapping
from geo.validate import LoadReport, validate_counts, validate_incidents
from geo.vocab import ordered_crime_types


@dataclass(frozen=True)
class DatasetMeta:
    """How published maps describe the dataset; read from ``<incidents>.meta.toml`` beside the file."""

    title: str = "Incidents"
    subtitle: str = ""
    subject: str = "the group"
    credit: str = "Map: Incident Atlas"
    source: str = ""  # for files whose rows do not name their source
    as_of: str = ""  # overrides the latest source date in the rows


def metadata_path(incidents_path: str | Path) -> Path:
    path = Path(incidents_path)
    return path.with_name(f"{path.stem}.meta.toml")


def load_metadata(incidents_path: str | Path) -> DatasetMeta:
    path = metadata_path(incidents_path)
    if not path.exists():
        return DatasetMeta()
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise LoadError(f"{path.name}: not valid TOML: {error}") from None
    known = {k: str(v) for k, v in values.items() if k in DatasetMeta.__dataclass_fields__}
    return DatasetMeta(**known)


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
    meta: DatasetMeta = DatasetMeta()


def file_stamp(path: str | Path) -> tuple[int, int, int]:
    """What changes whenever a file is rewritten (inode, size, mtime in ns), read without opening
    it: a cache key that lets a filter change skip the file entirely."""
    stat = Path(path).stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def load_dataset(incidents_path: str | Path, counts_path: str | Path | None = None) -> Dataset:
    """Read and validate a file (columns recognised by their common names); raises ``LoadError``
    when a file cannot be read at all."""
    raw = read_table(incidents_path)
    incidents, report = validate_incidents(apply_mapping(raw, guess_mapping(list(raw.frame.columns))))
    return assemble_dataset(incidents, report, incidents_path, counts_path)


def assemble_dataset(
    incidents: gpd.GeoDataFrame, report: LoadReport, incidents_path: str | Path, counts_path: str | Path | None
) -> Dataset:
    if counts_path is not None:
        counts, counts_report = validate_counts(read_table(counts_path))
    else:
        counts = pd.DataFrame(columns=["row", "state", "measure", "value", "number", "as_of", "source", "note"])
        counts_report = LoadReport(rows=0, mapped=0)
    meta = load_metadata(incidents_path)
    sources = tuple(
        dict.fromkeys(
            s for s in [*incidents["source_name"], *counts["source"], meta.source] if isinstance(s, str) and s
        )
    )
    dates = [d for d in [*incidents["source_date"], *counts["as_of"]] if isinstance(d, str) and d]
    return Dataset(
        incidents=incidents,
        counts=counts,
        incident_report=report,
        counts_report=counts_report,
        crime_types=tuple(ordered_crime_types(incidents["crime_type"].unique())),
        sources=sources,
        as_of=meta.as_of or (max(dates) if dates else ""),
        meta=meta,
    )
