"""Datasets: the shipped story data and every import, each with the metadata that describes it.

An import writes ``data/datasets/<name>/`` with the validated incidents as GeoParquet, an
``incidents.meta.toml`` describing them, the mapping used and the full row report, so the app can
load it without validating again and anyone can see how it was made.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow
import pyarrow.parquet
import tomli_w
from filelock import FileLock

from geo.dataset.corrections import empty_log, load_corrections, notes_by_record
from geo.dataset.history import FILE_NAME as HISTORY_FILE
from geo.dataset.history import empty_history, history_lines, history_path, load_history
from geo.ingest.columns import Progress, no_progress
from geo.ingest.count_rules import validate_counts
from geo.ingest.mapping import ColumnMapping
from geo.ingest.pipeline import prepare_file, scaled
from geo.ingest.raw import LoadError
from geo.ingest.read import read_table
from geo.ingest.report import EMPTY_REPORT, LoadReport
from geo.reference.states import selection_name
from geo.reference.vocab import INCIDENT_MEASURE, LIVE_MEASURES, ordered_crime_types
from geo.style.legend_sections import attribution_heading
from geo.style.palette import TypePalette, type_palette
from geo.support.atomic import replacing
from geo.support.paths import DATA_DIR, SHIPPED_COUNTS, SHIPPED_INCIDENTS

SHIPPED = "shipped"
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class DatasetMeta:
    """How published maps describe the dataset; read from ``<incidents>.meta.toml`` beside the file."""

    title: str = ""  # empty, or a dataset name used as one: readers are never shown a slug
    subtitle: str = ""
    subject: str = ""  # what incidents are linked to ("Tren de Aragua"); empty: no group is named
    credit: str = "Map: Incident Atlas"
    source: str = ""  # for files whose rows do not name their source
    as_of: str = ""  # overrides the latest source date in the rows
    legend_title: str = ""  # the attribution legend's heading, if not the one made from ``subject``
    source_url: str = ""  # a link for the source line under the title (http or https only)
    coverage: str = ""  # what the data covers: said wherever a selection comes up empty
    # The title of any selection (states, or other filters), with "{place}" where the states go: worded
    # so that it holds for any selection, since a selection may hold only the weakest links.
    selection_title: str = ""

    @property
    def attribution_heading(self) -> str:
        return self.legend_title or attribution_heading(self.subject)

    @property
    def given_title(self) -> str:
        """The title, unless it is only the dataset's name (an import without one): never a slug."""
        return "" if NAME.fullmatch(self.title) else self.title

    def title_for(self, states: tuple[str, ...], narrowed: bool = False) -> str:
        """The dataset's title for the whole of it; for a selection of states or of anything else,
        the selection title ("Georgia: incidents …"), which never claims what the whole does."""
        if not states and not narrowed:
            return self.given_title
        if "{place}" in self.selection_title:
            title = self.selection_title.replace("{place}", selection_name(states) if states else "the U.S.")
            return title[:1].upper() + title[1:]
        if not states:
            return self.given_title
        return f"{self.given_title} \u2014 {selection_name(states)}" if self.given_title else selection_name(states)


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

    incidents: pd.DataFrame  # lat and lon; no shapely points (a million of them cost 280 MB)
    counts: pd.DataFrame
    incident_report: LoadReport
    counts_report: LoadReport
    crime_types: tuple[str, ...]
    sources: tuple[str, ...]
    as_of: str
    meta: DatasetMeta = DatasetMeta()
    corrections: pd.DataFrame = field(default_factory=empty_log)
    # The app's crime-type colours: from the whole dataset, once, so they hold still as filters change.
    palette: TypePalette = field(default_factory=lambda: type_palette({}))
    # What it was loaded from and for whom (name, file stamps, audience): a key for caches of what is
    # built from it, which an object's id is not once the object is gone.
    key: tuple = ()
    # Dated steps in how firmly each link is established (``geo.dataset.history``), and their check.
    history: pd.DataFrame = field(default_factory=empty_history)
    history_report: LoadReport = EMPTY_REPORT
    # Whether any incident or step rates its link: data that rates none shows no attribution
    # legend, filter or wording, and says once that attribution is not recorded.
    rated: bool = True
    # A view for readers (``geo.view.public.public_view``): public rows only, and the ids of the records
    # it withholds, so a republication can say they are no longer published and nothing more.
    public_only: bool = False
    withheld: frozenset[str] = frozenset()

    def measures(self) -> list[str]:
        """The measures its states can be shaded by, the default first: the firmest link where links
        are rated (else incident counts), then the state-wide facts (a figure for a city or metro
        area stored with its state would shade the whole state, so it is not one)."""
        counts = self.counts
        statewide = counts["scope"].fillna("") == "" if "scope" in counts else pd.Series(True, index=counts.index)
        live = LIVE_MEASURES if self.rated else (INCIDENT_MEASURE,)
        return [*live, *dict.fromkeys(counts.loc[statewide, "measure"])]

    def measure_for(self, measure: str) -> str:
        """The measure asked for when the data has it, else its default (a link made for another
        dataset, or the firmest link asked of data that rates none)."""
        available = self.measures()
        return measure if measure in available else available[0]


def file_stamp(path: str | Path) -> tuple[int, int, int]:
    """What changes whenever a file is rewritten (inode, size, mtime in ns), read without opening
    it: a cache key that lets a filter change skip the file entirely."""
    stat = Path(path).stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def load_dataset(
    incidents_path: str | Path, counts_path: str | Path | None = None, history: str | Path | None = None
) -> Dataset:
    """Read and validate a file (columns recognised by their common names); raises ``LoadError``
    when a file cannot be read at all. ``history`` defaults to the one beside the incidents."""
    prepared = prepare_file(incidents_path)
    return assemble_dataset(prepared.incidents, prepared.report, incidents_path, counts_path, history)


def assemble_dataset(
    incidents: pd.DataFrame,
    report: LoadReport,
    incidents_path: str | Path,
    counts_path: str | Path | None,
    history: str | Path | None = None,
) -> Dataset:
    if "geometry" in incidents.columns:
        # Every view, map and export works from lat and lon; exports build their own points.
        incidents = pd.DataFrame(incidents.drop(columns="geometry"))
    if counts_path is not None:
        counts, counts_report = validate_counts(read_table(counts_path))
    else:
        counts = pd.DataFrame(
            columns=["row", "state", "measure", "measure_id", "value", "number", "as_of", "source", "note", "scope"]
        )
        counts_report = EMPTY_REPORT
    meta = load_metadata(incidents_path)
    corrections = load_corrections(incidents_path)
    notes = notes_by_record(corrections)
    # Each corrected incident says so wherever it is shown: "corrected DATE: reason".
    # Columns are worked on whole and distinct values listed once: a million rows never become
    # a million Python strings here.
    correction = incidents["id"].astype("str").map(notes).fillna("") if notes else ""
    incidents = incidents.assign(correction=correction).astype({"correction": "str"})
    sources = tuple(
        dict.fromkeys(
            s for s in [*incidents["source_name"].unique(), *counts["source"], meta.source] if isinstance(s, str) and s
        )
    )
    dates = [d for d in [*incidents["source_date"].unique(), *counts["as_of"]] if isinstance(d, str) and d]
    steps, steps_report = load_history(history if history is not None else history_path(incidents_path), incidents)
    if not steps.empty:
        # The dated list travels with each incident to popups, tables and exports.
        lines = history_lines(steps)
        incidents = incidents.assign(history=incidents["id"].astype("str").map(lines).fillna("").astype("str"))
    return Dataset(
        incidents=incidents,
        counts=counts,
        incident_report=report,
        counts_report=counts_report,
        crime_types=tuple(ordered_crime_types(incidents["crime_type"].unique())),
        sources=sources,
        as_of=meta.as_of or (max(dates) if dates else ""),
        meta=meta,
        corrections=corrections,
        palette=type_palette(incidents["crime_type"].value_counts()),
        history=steps,
        history_report=steps_report,
        rated=bool((incidents["attribution"] != "unrated").any() or (steps["attribution"] != "unrated").any()),
    )


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
    shipped_title = load_metadata(SHIPPED_INCIDENTS).given_title or SHIPPED
    entries = [DatasetEntry(SHIPPED, shipped_title, SHIPPED_INCIDENTS, SHIPPED_COUNTS)]
    folder = root or datasets_dir()
    for path in sorted(folder.glob("*/incidents.parquet")) if folder.exists() else []:
        if not NAME.fullmatch(path.parent.name):
            continue  # a writer's hidden temporary folder, not a dataset
        counts = path.with_name("state_counts.csv")
        try:
            title = load_metadata(path).given_title or path.parent.name
        except LoadError:
            # One dataset's damaged metadata must not take the list, and every other dataset, down.
            title = f"{path.parent.name} (metadata damaged: open it to see why)"
        entries.append(DatasetEntry(path.parent.name, title, path, counts if counts.exists() else None))
    return entries


# Names Windows gives to devices: a folder so named cannot be copied to, or opened on, a Windows machine.
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}


def check_name(name: str, root: Path | None = None, replace: bool = False) -> str | None:
    """Why a dataset name cannot be used, or None."""
    if not NAME.fullmatch(name or ""):
        return "a dataset name is 1 to 40 lower-case letters, digits or hyphens, starting with a letter or digit"
    if name in RESERVED_NAMES:
        return f"'{name}' names a device on Windows, where the dataset's folder could not be copied: choose another"
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
    history: Path | None = None,
) -> Path:
    """Write the validated dataset; the folder appears whole or not at all."""
    problem = check_name(name, root, replace)
    if problem:
        raise LoadError(problem)
    if counts is not None:
        validate_counts(read_table(counts))  # refuse an unreadable counts file before writing anything
    if history is not None:
        read_table(history)  # likewise an unreadable history; its rows are checked whenever it loads
    folder = (root or datasets_dir()) / name
    described = {key: getattr(meta, key) for key in DatasetMeta.__dataclass_fields__}
    described |= {"source_file": source_file, "schema": SCHEMA_VERSION}
    with writing_dataset(folder) as staging:
        incidents.to_parquet(staging / "incidents.parquet", index=False)
        (staging / "incidents.meta.toml").write_text(tomli_w.dumps(described), encoding="utf-8")
        (staging / "mapping.toml").write_text(mapping.to_toml(), encoding="utf-8")
        with (staging / "report.json").open("w", encoding="utf-8") as handle:
            json.dump(report.to_dict(), handle, indent=1, ensure_ascii=False)
        with (staging / "report.csv").open("w", encoding="utf-8", newline="") as handle:
            report.write_csv(handle)
        if counts is not None:
            shutil.copyfile(counts, staging / "state_counts.csv")
        if history is not None:
            shutil.copyfile(history, staging / HISTORY_FILE)
    return folder


@contextmanager
def writing_dataset(folder: Path) -> Iterator[Path]:
    """A staging folder that becomes the dataset ``folder`` whole when the block ends without error.
    One writer per name at a time: a second writer of the same name waits, then replaces whole."""
    with FileLock(folder.with_name(f".{folder.name}.lock")), replacing(folder) as staging:
        staging.mkdir()
        yield staging


def entry_named(name: str, root: Path | None = None) -> DatasetEntry:
    """A dataset by the name the sidebar lists; the error names the ones there are."""
    entries = {entry.name: entry for entry in list_datasets(root)}
    if name not in entries:
        raise LoadError(f"no dataset named '{name}' (have: {', '.join(entries)})")
    return entries[name]


def load_path(incidents: Path, counts: Path | None = None) -> Dataset:
    """Any file ``geo check`` reads; a saved import's GeoParquet (beside its report) loads as saved."""
    if incidents.name == "incidents.parquet" and incidents.with_name("report.json").exists():
        return load_saved(DatasetEntry(incidents.parent.name, "", incidents, counts))
    return load_dataset(incidents, counts)


def read_saved_incidents(path: Path) -> pd.DataFrame:
    """A saved GeoParquet without its geometry, which repeats lat and lon, read a column at a time
    with Arrow's freed buffers handed back after each: 1,000,000 rows take 0.8 s and 420 MB, where
    geopandas' reader took 2.3 s and 880 MB, peaking at 1.05 GB."""
    pool = pyarrow.default_memory_pool()
    with pyarrow.parquet.ParquetFile(path) as parquet:
        columns = {}
        for name in parquet.schema_arrow.names:
            if name != "geometry":
                columns[name] = parquet.read(columns=[name]).column(0).to_pandas()
                pool.release_unused()
    return pd.DataFrame(columns)


def load_saved(entry: DatasetEntry) -> Dataset:
    """A saved import: read the validated GeoParquet as it is, with the report it was saved with."""
    if entry.name == SHIPPED:
        return load_dataset(entry.incidents, entry.counts)
    try:
        incidents = read_saved_incidents(entry.incidents)
        report = LoadReport.from_dict(json.loads(entry.incidents.with_name("report.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, pyarrow.ArrowException) as error:
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise LoadError(
            f"dataset '{entry.name}' is damaged and cannot be read ({first_line}); import it again"
        ) from None
    return assemble_dataset(incidents, report, entry.incidents, entry.counts)


def import_file(
    path: Path,
    name: str,
    mapping: ColumnMapping | None = None,
    meta: DatasetMeta | None = None,
    counts: Path | None = None,
    root: Path | None = None,
    replace: bool = False,
    progress: Progress = no_progress,
    max_rows: int | None = None,
    history: Path | None = None,
) -> tuple[Path, LoadReport]:
    """Read, map, validate and save in one step (the CLI's ``import``); ``history`` is kept beside."""
    problem = check_name(name, root, replace)
    if problem:
        raise LoadError(problem)
    prepared = prepare_file(path, mapping, scaled(progress, 0.0, 0.9), max_rows)
    progress(0.9, "Saving")
    folder = save_dataset(
        prepared.incidents,
        prepared.report,
        prepared.mapping,
        name,
        meta or DatasetMeta(),
        path.name,
        counts,
        root,
        replace,
        history,
    )
    progress(1.0, "Saved")
    return folder, prepared.report
