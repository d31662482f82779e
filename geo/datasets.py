"""Named datasets in the data folder: the shipped story data and every imported file.

An import writes ``data/datasets/<name>/`` with the validated incidents as GeoParquet, a
``incidents.meta.toml`` describing them, the mapping used and the full row report, so the app can
load it without validating again and anyone can see how it was made.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geo.dataset import Dataset, DatasetMeta, assemble_dataset, load_dataset, load_metadata
from geo.load import LoadError, RawTable, read_table
from geo.mapping import ColumnMapping, apply_mapping, guess_mapping
from geo.paths import DATA_DIR, SHIPPED_COUNTS, SHIPPED_INCIDENTS
from geo.validate import LoadReport, RowIssue, validate_counts, validate_incidents

SHIPPED = "shipped"
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
SCHEMA_VERSION = 1
# Uploads through the app; the command line has no limit.
MAX_UPLOAD_MB = 100
MAX_UPLOAD_ROWS = 250_000
Progress = Callable[[float, str], None]


def datasets_dir() -> Path:
    """Where imports are saved: ``data/datasets`` unless INCIDENT_ATLAS_DATASETS names another folder."""
    return Path(os.environ.get("INCIDENT_ATLAS_DATASETS", DATA_DIR / "datasets"))


@dataclass(frozen=True)
class DatasetEntry:
    name: str
    title: str
    incidents: Path
    counts: Path | None


def list_datasets(root: Path | None = None) -> list[DatasetEntry]:
    """The shipped dataset first, then imports by name."""
    entries = [DatasetEntry(SHIPPED, load_metadata(SHIPPED_INCIDENTS).title, SHIPPED_INCIDENTS, SHIPPED_COUNTS)]
    folder = root or datasets_dir()
    for path in sorted(folder.glob("*/incidents.parquet")) if folder.exists() else []:
        counts = path.with_name("state_counts.csv")
        entries.append(
            DatasetEntry(path.parent.name, load_metadata(path).title, path, counts if counts.exists() else None)
        )
    return entries


def prepare(raw: RawTable, mapping: ColumnMapping | None = None) -> tuple[gpd.GeoDataFrame, LoadReport, ColumnMapping]:
    """Map (or guess) the columns, then validate: the preview an editor sees before saving."""
    mapping = mapping if mapping is not None else guess_mapping(list(raw.frame.columns))
    incidents, report = validate_incidents(apply_mapping(raw, mapping))
    return incidents, report, mapping


def check_name(name: str, root: Path | None = None, replace: bool = False) -> str | None:
    """Why a dataset name cannot be used, or None."""
    if not NAME.match(name or ""):
        return "a dataset name is 1 to 40 lower-case letters, digits or hyphens, starting with a letter or digit"
    if name == SHIPPED:
        return "'shipped' is the name of the data that comes with the app"
    if ((root or datasets_dir()) / name).exists() and not replace:
        return f"a dataset named '{name}' exists already (replace it explicitly)"
    return None


def save_dataset(
    incidents: gpd.GeoDataFrame,
    report: LoadReport,
    mapping: ColumnMapping,
    name: str,
    meta: DatasetMeta,
    source_file: str,
    counts: Path | None = None,
    root: Path | None = None,
    replace: bool = False,
) -> Path:
    """Write the validated dataset; the folder appears whole or not at all."""
    problem = check_name(name, root, replace)
    if problem:
        raise LoadError(problem)
    folder = (root or datasets_dir()) / name
    staging = folder.with_name(f".{name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    incidents.to_parquet(staging / "incidents.parquet", index=False)
    lines = [
        f"{key} = {json.dumps(getattr(meta, key), ensure_ascii=False)}" for key in DatasetMeta.__dataclass_fields__
    ]
    lines += [f"source_file = {json.dumps(source_file, ensure_ascii=False)}", f"schema = {SCHEMA_VERSION}"]
    (staging / "incidents.meta.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (staging / "mapping.toml").write_text(mapping.to_toml(), encoding="utf-8")
    (staging / "report.json").write_text(json.dumps(report.to_dict(), indent=1, ensure_ascii=False), encoding="utf-8")
    report.row_table().to_csv(staging / "report.csv", index=False)
    if counts is not None:
        validate_counts(read_table(counts))  # refuse an unreadable counts file before saving
        shutil.copyfile(counts, staging / "state_counts.csv")
    if folder.exists():
        shutil.rmtree(folder)
    staging.replace(folder)
    return folder


def load_saved(entry: DatasetEntry) -> Dataset:
    """A saved import: read the validated GeoParquet as it is, with the report it was saved with."""
    if entry.name == SHIPPED:
        return load_dataset(entry.incidents, entry.counts)
    incidents = gpd.read_parquet(entry.incidents)
    report = _report_from_json(entry.incidents.with_name("report.json"))
    return assemble_dataset(incidents, report, entry.incidents, entry.counts)


def _report_from_json(path: Path) -> LoadReport:
    data = json.loads(path.read_text(encoding="utf-8"))

    def issues(key: str) -> tuple[RowIssue, ...]:
        return tuple(RowIssue(item["row"], item["reason"]) for item in data.get(key, []))

    return LoadReport(
        rows=data["rows"],
        mapped=data["mapped"],
        rejected=issues("rejected"),
        changed=issues("changed"),
        flagged=issues("flagged"),
        warnings=tuple(data.get("warnings", [])),
        cleaned=tuple(sorted(data.get("cleaned", {}).items())),
    )


def import_file(
    path: Path,
    name: str,
    mapping: ColumnMapping | None = None,
    meta: DatasetMeta | None = None,
    counts: Path | None = None,
    root: Path | None = None,
    replace: bool = False,
    progress: Progress | None = None,
) -> tuple[Path, LoadReport]:
    """Read, map, validate and save in one step (the CLI's ``import``)."""
    report_progress = progress or (lambda fraction, text: None)
    problem = check_name(name, root, replace)
    if problem:
        raise LoadError(problem)
    report_progress(0.05, "Reading the file")
    raw = read_table(path)
    report_progress(0.3, "Checking every row, geocoding places without coordinates")
    incidents, report, used = prepare(raw, mapping)
    report_progress(0.85, "Saving")
    folder = save_dataset(
        incidents, report, used, name, meta or DatasetMeta(title=name), path.name, counts, root, replace
    )
    report_progress(1.0, "Done")
    return folder, report
