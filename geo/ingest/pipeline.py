"""The one import pipeline: read a file, map its columns, validate every row.

The command line (``check``, ``import``), the upload page and the loader of the shipped data all
go through ``prepare``, and report progress through the same hook.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd

from geo.ingest.columns import Progress, no_progress
from geo.ingest.mapping import ColumnMapping, apply_mapping, guess_mapping
from geo.ingest.raw import LoadError, RawTable
from geo.ingest.read import read_table
from geo.ingest.report import LoadReport
from geo.ingest.rules import validate_incidents

# The upload page's limits: larger files go through ``python -m geo import``, whose own row limit
# (``--max-rows``) keeps a runaway file from taking the machine's memory.
MAX_UPLOAD_MB = 100
MAX_UPLOAD_ROWS = 250_000
MAX_CLI_ROWS = 2_000_000


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


def prepare_file(
    path: str | Path,
    mapping: ColumnMapping | None = None,
    progress: Progress = no_progress,
    max_rows: int | None = None,
) -> Prepared:
    """Read then prepare; raises ``LoadError`` when the file cannot be read at all (or holds more
    than ``max_rows`` records, found before parsing)."""
    progress(0.0, "Reading the file")
    raw = read_table(path, max_rows=max_rows)
    try:
        return prepare(raw, mapping, scaled(progress, 0.25, 1.0))
    except LoadError as error:
        raise type(error)(f"{Path(path).name}: {error}") from None


def read_upload(data: bytes, name: str) -> RawTable:
    """An upload's bytes read as the file it was: the readers pick the format by extension and
    name the file in their messages. Size and row limits are checked before parsing."""
    if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
        raise LoadError(
            f"{name} is {len(data) / 1e6:,.0f} MB; the limit here is {MAX_UPLOAD_MB} MB "
            "(import larger files with python -m geo import)"
        )
    safe_name = re.sub(r"[^\w.-]", "_", Path(name).name) or "upload"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / safe_name
        path.write_bytes(data)
        return read_table(path, max_rows=MAX_UPLOAD_ROWS)
