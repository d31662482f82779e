"""Saved datasets, in whichever store the newsroom runs: a folder of files by default, or the team's
PostgreSQL/PostGIS database when ``INCIDENT_ATLAS_DATABASE_URL`` is set (in the environment or in
``.streamlit/secrets.toml``). Every command and page goes through here, the same for either store.

The shipped story data is not saved in a store: it is read from ``data/`` and listed first.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import tomllib
from pathlib import Path

import pandas as pd
import tomli_w

from geo.dataset.backend import Listing, MissingDataset, Store
from geo.dataset.dataset import (
    COUNTS_FILE,
    MAPPING_FILE,
    META_FILE,
    NAME,
    REPORT_CSV,
    REPORT_FILE,
    Dataset,
    DatasetMeta,
    assemble_dataset,
    document_bytes,
    load_dataset,
    metadata_path,
    parse_metadata,
    saved_report,
)
from geo.dataset.file_store import INCIDENTS_FILE, FileStore
from geo.dataset.history import FILE_NAME as HISTORY_FILE
from geo.dataset.versions import command_line_author, save_version
from geo.ingest.columns import Progress, no_progress
from geo.ingest.count_rules import validate_counts
from geo.ingest.mapping import ColumnMapping
from geo.ingest.pipeline import prepare_file, scaled
from geo.ingest.raw import LoadError
from geo.ingest.read import read_table
from geo.ingest.report import LoadReport
from geo.support.paths import ROOT, counts_file, default_datasets_dir, incidents_file

SHIPPED = "shipped"
SCHEMA_VERSION = 1
DATABASE_SETTING = "INCIDENT_ATLAS_DATABASE_URL"
# Names Windows gives to devices: a folder so named cannot be copied to, or opened on, a Windows machine.
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}


def datasets_dir() -> Path:
    """Where the file store keeps imports, unless INCIDENT_ATLAS_DATASETS names another folder."""
    return Path(os.environ.get("INCIDENT_ATLAS_DATASETS") or default_datasets_dir())


def database_url() -> str:
    """The team database's URL: the environment's (set empty: none), else the one in
    ``.streamlit/secrets.toml`` (where Streamlit reads it: the working folder's, then the user's; and
    the checkout's), else none: the file store."""
    if DATABASE_SETTING in os.environ:
        return os.environ[DATABASE_SETTING]
    for folder in dict.fromkeys((Path.cwd(), Path.home(), ROOT)):
        path = folder / ".streamlit" / "secrets.toml"
        try:
            value = tomllib.loads(path.read_text(encoding="utf-8")).get(DATABASE_SETTING, "")
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
        if value:
            return str(value)
    return ""


_OPEN: dict[tuple[str, Path], Store] = {}


def open_store() -> Store:
    """The store this setup uses, opened once per process (its connection pool shared by every session)."""
    key = (database_url(), datasets_dir())
    if key not in _OPEN:
        if key[0]:
            # Only a newsroom with a database loads its driver, pool and migrations.
            from geo.dataset.postgis_store import PostgisStore

            _OPEN[key] = PostgisStore(key[0])
        else:
            _OPEN[key] = FileStore(key[1])
    return _OPEN[key]


def close_stores() -> None:
    """Close every store opened here; the next ``open_store`` opens afresh."""
    while _OPEN:
        _OPEN.popitem()[1].close()


def shipped_listing() -> Listing:
    """The data that comes with the app (or the file INCIDENT_ATLAS_INCIDENTS names), as lists show
    it; its version is its files' stamps, read without opening them."""
    files = [incidents_file(), counts_file(), metadata_path(incidents_file())]
    title = parse_metadata(files[2].read_text(encoding="utf-8")).given_title if files[2].exists() else ""
    stamps = [f"{stat.st_ino}-{stat.st_size}-{stat.st_mtime_ns}" for stat in (p.stat() for p in files if p.exists())]
    return Listing(SHIPPED, title or SHIPPED, 0, 1, "", ":".join(stamps))


def list_datasets(store: Store | None = None) -> list[Listing]:
    """The shipped dataset first, then the store's by name."""
    return [shipped_listing(), *(store or open_store()).listing()]


def check_name(name: str, store: Store | None = None, replace: bool = False) -> str | None:
    """Why a dataset name cannot be used, or None: asked before the slow work of an import, so a
    taken name is said at once (the store refuses it again, atomically, when saving)."""
    problem = name_problem(name)
    if problem:
        return problem
    if not replace and any(entry.name == name for entry in (store or open_store()).listing()):
        return f"a dataset named '{name}' exists already (replace it explicitly)"
    return None


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a dataset in any store, or None."""
    if not NAME.fullmatch(name or ""):
        return "a dataset name is 1 to 40 lower-case letters, digits or hyphens, starting with a letter or digit"
    if name in RESERVED_NAMES:
        return f"'{name}' names a device on Windows, where the dataset's folder could not be copied: choose another"
    if name == SHIPPED:
        return "'shipped' is the name of the data that comes with the app"
    return None


def save_dataset(
    incidents: pd.DataFrame,
    report: LoadReport,
    mapping: ColumnMapping,
    name: str,
    meta: DatasetMeta,
    source_file: str,
    counts: Path | None = None,
    store: Store | None = None,
    replace: bool = False,
    history: Path | None = None,
    by: str | None = None,
    reason: str = "",
) -> int:
    """Save the validated dataset with its documents as its next version (whole or not at all), by
    ``by`` (default: the account running the command) for ``reason``; returns the version."""
    store = store or open_store()
    problem = name_problem(name)
    if problem:
        raise LoadError(problem)
    if counts is not None:
        validate_counts(read_table(counts))  # refuse an unreadable counts file before writing anything
    if history is not None:
        read_table(history)  # likewise an unreadable history; its rows are checked whenever it loads
    described = {key: getattr(meta, key) for key in DatasetMeta.__dataclass_fields__}
    described |= {"source_file": source_file, "schema": SCHEMA_VERSION}
    csv_report = _report_csv(report)
    documents = {
        META_FILE: tomli_w.dumps(described).encode("utf-8"),
        MAPPING_FILE: mapping.to_toml().encode("utf-8"),
        REPORT_FILE: json.dumps(report.to_dict(), indent=1, ensure_ascii=False).encode("utf-8"),
        REPORT_CSV: csv_report,
        **({COUNTS_FILE: document_bytes(counts)} if counts is not None else {}),
        **({HISTORY_FILE: document_bytes(history)} if history is not None else {}),
    }
    return save_version(
        store,
        name,
        incidents,
        documents,
        replace=replace,
        by=command_line_author() if by is None else by,
        reason=reason,
        action="import",
    )


def _report_csv(report: LoadReport) -> bytes:
    text = io.StringIO(newline="")
    report.write_csv(text)
    return text.getvalue().encode("utf-8")


def load_saved(name: str, store: Store | None = None) -> Dataset:
    """A saved dataset as the app shows it (the shipped one read from its files)."""
    if name == SHIPPED:
        return load_dataset(incidents_file(), counts_file())
    store = store or open_store()
    try:
        stored = store.read(name)
    except MissingDataset:
        names = ", ".join(entry.name for entry in list_datasets(store))
        raise LoadError(f"no dataset named '{name}' (have: {names})") from None
    try:
        report = saved_report(stored.documents)
    except LoadError as error:
        raise LoadError(f"dataset '{name}' is damaged and cannot be read ({error}); import it again") from None
    dataset = assemble_dataset(stored.incidents, report, stored.documents, stored.source)
    return dataclasses.replace(dataset, version=stored.version)


def load_path(incidents: Path, counts: Path | None = None) -> Dataset:
    """Any file ``geo check`` reads; a saved import's GeoParquet (beside its report) loads as saved."""
    if incidents.name == INCIDENTS_FILE and incidents.with_name(REPORT_FILE).exists():
        return load_saved(incidents.parent.name, FileStore(incidents.parent.parent))
    return load_dataset(incidents, counts)


def import_file(
    path: Path,
    name: str,
    mapping: ColumnMapping | None = None,
    meta: DatasetMeta | None = None,
    counts: Path | None = None,
    store: Store | None = None,
    replace: bool = False,
    progress: Progress = no_progress,
    max_rows: int | None = None,
    history: Path | None = None,
    by: str | None = None,
    reason: str = "",
) -> LoadReport:
    """Read, map, validate and save in one step (the CLI's ``import``); ``history`` is kept beside."""
    store = store or open_store()
    problem = check_name(name, store, replace)
    if problem:
        raise LoadError(problem)
    prepared = prepare_file(path, mapping, scaled(progress, 0.0, 0.9), max_rows)
    progress(0.9, "Saving")
    save_dataset(
        prepared.incidents,
        prepared.report,
        prepared.mapping,
        name,
        meta or DatasetMeta(),
        path.name,
        counts,
        store,
        replace,
        history,
        by,
        reason,
    )
    progress(1.0, "Saved")
    return prepared.report
