"""The one import pipeline: read a file, map its columns, validate every row.

The command line (``check``, ``import``), the upload page and the loader of the shipped data all
go through ``prepare``, and report progress through the same hook.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import geopandas as gpd

from geo.ingest.mapping import ColumnMapping, apply_mapping, guess_mapping
from geo.ingest.read import RawTable, read_table
from geo.ingest.report import LoadReport
from geo.ingest.rules import Progress, no_progress, validate_incidents


class Prepared(NamedTuple):
    """Validated incidents, what happened to every row, and the mapping that produced them."""

    incidents: gpd.GeoDataFrame
    report: LoadReport
    mapping: ColumnMapping


def scaled(progress: Progress, low: float, high: float) -> Progress:
    """A stage's own 0..1 progress as its share of the whole job's."""
    return lambda fraction, text: progress(low + (high - low) * fraction, text)


def prepare(raw: RawTable, mapping: ColumnMapping | None = None, progress: Progress = no_progress) -> Prepared:
    """Map (or guess) the columns, then validate: the preview an editor sees before saving."""
    mapping = mapping if mapping is not None else guess_mapping(list(raw.frame.columns))
    incidents, report = validate_incidents(apply_mapping(raw, mapping), progress)
    return Prepared(incidents, report, mapping)


def prepare_file(path: str | Path, mapping: ColumnMapping | None = None, progress: Progress = no_progress) -> Prepared:
    """Read then prepare; raises ``LoadError`` when the file cannot be read at all."""
    progress(0.0, "Reading the file")
    raw = read_table(path)
    return prepare(raw, mapping, scaled(progress, 0.25, 1.0))
