"""The default store: each dataset a folder ``<root>/<name>/`` holding its latest version's
incidents as GeoParquet beside its documents, and each earlier version in ``versions/<n>/`` (hard
links to the files it was saved as: keeping a version costs no copy). Written whole or not at all;
the audit is one JSON line per entry in ``<root>/.audit.jsonl``, only ever appended to. Nothing to
set up; one app server.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

import geopandas as gpd
import pandas as pd
import pyarrow
import pyarrow.parquet
from filelock import FileLock

from geo.dataset.backend import AuditEntry, Listing, MissingDataset, Save, Stored, Superseded, Version
from geo.dataset.dataset import DOCUMENTS, META_FILE, NAME, parse_metadata
from geo.ingest.raw import LoadError
from geo.support.atomic import mid_replacement, replacing

INCIDENTS_FILE = "incidents.parquet"
# The store's own record of a dataset's saves; not a document of the dataset (exports leave it out).
SAVES_FILE = "saved.json"
VERSIONS_DIR = "versions"
AUDIT_FILE = ".audit.jsonl"
PARQUET_ERRORS = (OSError, ValueError, KeyError, TypeError, pyarrow.ArrowException)
# A writer replaces a dataset's folder by two renames (``replacing``): for an instant its name
# points nowhere, and a read spanning them could find a file gone or mix two versions' files. A
# read is made again, after these waits in turn, until its folder was not replaced while it read.
REREAD_WAITS = (0.0, 0.001, 0.01, 0.05, 0.1)
# After those, a read waits on while the writer is still between its renames, up to this long: on a
# busy machine a writer can be held up there longer than the waits above.
SETTLE_LIMIT_S = 2.0
T = TypeVar("T")


# Columns decoded together, each on a thread of its own: one at a time left a core idle (1,000,000
# rows: 0.66 s, peaking 420 MB above the process); four at a time took 0.35 s, peaking 480 MB.
COLUMNS_AT_ONCE = 4


def read_incidents_parquet(source: Path | pyarrow.NativeFile) -> pd.DataFrame:
    """A saved GeoParquet without its geometry, which repeats lat and lon, read a few columns at a
    time with Arrow's freed buffers handed back after each (geopandas' reader took 2.3 s for a
    million rows and peaked at 1.05 GB)."""
    pool = pyarrow.default_memory_pool()
    with pyarrow.parquet.ParquetFile(source) as parquet:
        names = [name for name in parquet.schema_arrow.names if name != "geometry"]
        columns = {}
        for start in range(0, len(names), COLUMNS_AT_ONCE):
            table = parquet.read(columns=names[start : start + COLUMNS_AT_ONCE])
            columns |= {name: table.column(name).to_pandas() for name in table.column_names}
            del table
            pool.release_unused()
    return pd.DataFrame(columns)


def write_incidents_parquet(incidents: pd.DataFrame, target: Path | object) -> None:
    """GeoParquet with a point for each incident, so any GIS tool opens a dataset's file (an import's
    points as they are; others made from lat and lon)."""
    if not isinstance(incidents, gpd.GeoDataFrame):
        points = gpd.points_from_xy(incidents["lon"], incidents["lat"], crs="EPSG:4326")
        incidents = gpd.GeoDataFrame(incidents, geometry=points)
    incidents.to_parquet(target, index=False)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.where = f"the folder {root}"

    def stamp(self) -> str:
        # Every write or deletion renames a folder inside the root, which changes the root's time.
        return str(self.root.stat().st_mtime_ns) if self.root.exists() else "empty"

    def _folders(self) -> list[Path]:
        if not self.root.exists():
            return []
        # A writer's hidden temporary folder is not a dataset.
        return [
            path.parent for path in sorted(self.root.glob(f"*/{INCIDENTS_FILE}")) if NAME.fullmatch(path.parent.name)
        ]

    def listing(self) -> list[Listing]:
        # Every write renames a folder inside the root, which changes the root's time (``stamp``).
        return _steadily(self.stamp, lambda: [self._listed(folder) for folder in self._folders()], self.root / "*")

    def _listed(self, folder: Path) -> Listing:
        parquet = folder / INCIDENTS_FILE
        saves = _saves(folder)
        stat = parquet.stat()
        try:
            title = parse_metadata((folder / META_FILE).read_text(encoding="utf-8")).given_title or folder.name
            incidents = pyarrow.parquet.ParquetFile(parquet).metadata.num_rows
        except (LoadError, *PARQUET_ERRORS):
            if not parquet.exists():
                raise FileNotFoundError(parquet) from None  # replaced while read: read again (``_steadily``)
            # One dataset's damaged file must not take the list, and every other dataset, down.
            title, incidents = f"{folder.name} (damaged: open it to see why)", 0
        updated = saves.get("updated") or datetime.fromtimestamp(stat.st_mtime, UTC).isoformat(timespec="seconds")
        return Listing(
            folder.name, title, incidents, int(saves.get("versions", 1)), updated, f"{stat.st_ino}-{stat.st_mtime_ns}"
        )

    def _version_folder(self, name: str, version: int | None) -> tuple[Path, int]:
        folder = self.root / name
        if not (folder / INCIDENTS_FILE).is_file():
            raise MissingDataset(name, self.where)
        latest = int(_saves(folder).get("versions", 1))
        if version is None or version == latest:
            return folder, latest
        if not (folder / VERSIONS_DIR / str(version) / INCIDENTS_FILE).is_file():
            raise LoadError(f"dataset '{name}' has no version {version}")
        return folder / VERSIONS_DIR / str(version), version

    def read(self, name: str, version: int | None = None) -> Stored:
        return _steadily(partial(_identity, self.root / name), lambda: self._read(name, version), self.root / name)

    def _read(self, name: str, version: int | None) -> Stored:
        folder, number = self._version_folder(name, version)
        try:
            incidents = read_incidents_parquet(folder / INCIDENTS_FILE)
        except FileNotFoundError:
            raise  # replaced while read: read again (``_steadily``)
        except PARQUET_ERRORS as error:
            first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise LoadError(f"dataset '{name}' is damaged and cannot be read ({first_line}); import it again") from None
        documents = {file: (folder / file).read_bytes() for file in DOCUMENTS if (folder / file).is_file()}
        return Stored(incidents, documents, (INCIDENTS_FILE, _sha256(folder / INCIDENTS_FILE)), number)

    def versions(self, name: str) -> list[Version]:
        return _steadily(partial(_identity, self.root / name), lambda: self._versions(name), self.root / name)

    def _versions(self, name: str) -> list[Version]:
        folder, _ = self._version_folder(name, None)
        return [Version(**line) for line in _version_lines(_saves(folder))]

    def public_ids(self, name: str) -> set[str]:
        return _steadily(partial(_identity, self.root / name), lambda: self._public_ids(name), self.root / name)

    def _public_ids(self, name: str) -> set[str]:
        folder, _ = self._version_folder(name, None)
        files = [folder / INCIDENTS_FILE, *sorted((folder / VERSIONS_DIR).glob(f"*/{INCIDENTS_FILE}"))]
        public: set[str] = set()
        for file in files:
            table = pyarrow.parquet.read_table(file, columns=["id", "public"])
            public.update(table.filter(table.column("public")).column("id").to_pylist())
        return public

    def write(self, name: str, incidents: pd.DataFrame, documents: dict[str, bytes], replace: bool, save: Save) -> int:
        folder = self.root / name
        # One writer per name at a time: a second writer of the same name waits, then replaces
        # whole, or is refused if it may not replace.
        with FileLock(folder.with_name(f".{folder.name}.lock")):
            if folder.exists() and not replace:
                raise LoadError(f"a dataset named '{name}' exists already (replace it explicitly)")
            saves = _saves(folder)
            latest = int(saves.get("versions", 1)) if folder.exists() else 0
            if replace and latest != save.base:
                raise Superseded(name, save.base, latest)
            number = latest + 1
            at = _now()
            with replacing(folder) as staging:
                staging.mkdir()
                if folder.exists():
                    _keep_versions(folder, staging / VERSIONS_DIR, number - 1)
                write_incidents_parquet(incidents, staging / INCIDENTS_FILE)
                for file, content in documents.items():
                    (staging / file).write_bytes(content)
                lines = [*(_version_lines(saves) if latest else []), asdict(save.version(number, at))]
                (staging / SAVES_FILE).write_text(
                    json.dumps({"versions": number, "updated": at, "log": lines}), encoding="utf-8"
                )
            self.log(save.entry(name, number, at))
        return number

    def delete(self, name: str, by: str, reason: str) -> None:
        folder = self.root / name
        with FileLock(folder.with_name(f".{folder.name}.lock")):
            if not folder.is_dir():
                raise MissingDataset(name, self.where)
            # Gone from the list at once: renamed out of sight, then removed.
            retired = folder.with_name(f".{name}.{uuid.uuid4().hex[:12]}.deleted")
            folder.rename(retired)
            shutil.rmtree(retired, ignore_errors=True)
            self.log(AuditEntry(_now(), by, "delete", name, None, (), {}, {}, reason))

    def audit(self, dataset: str | None = None) -> list[AuditEntry]:
        path = self.root / AUDIT_FILE
        if not path.exists():
            return []
        entries = []
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    values = json.loads(line)
                    if dataset is None or values["dataset"] == dataset:
                        entries.append(AuditEntry(**{**values, "records": tuple(values["records"])}))
        return entries

    def log(self, entry: AuditEntry) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        line = json.dumps(asdict(replace(entry, at=entry.at or _now())), ensure_ascii=False) + "\n"
        with FileLock(self.root / f"{AUDIT_FILE}.lock"), (self.root / AUDIT_FILE).open("a", encoding="utf-8") as audit:
            audit.write(line)
            audit.flush()
            os.fsync(audit.fileno())

    def close(self) -> None:
        """Nothing is held open between calls."""


def _waits(folder: Path) -> Iterator[float]:
    """``REREAD_WAITS``, then the last of them again while ``folder``'s replacement is under way
    (up to ``SETTLE_LIMIT_S``)."""
    yield from REREAD_WAITS
    deadline = time.monotonic() + SETTLE_LIMIT_S
    while mid_replacement(folder) and time.monotonic() < deadline:
        yield REREAD_WAITS[-1]


def _steadily(identity: Callable[[], object], read: Callable[[], T], folder: Path) -> T:
    """``read``, made again while what it reads is replaced under it (``_waits``): a read counts
    when ``identity`` is the same before and after it. A dataset that is not there is said so once
    the waits are over."""
    for wait in _waits(folder):
        time.sleep(wait)
        before = identity()
        try:
            found = read()
        except (FileNotFoundError, MissingDataset):
            continue
        if identity() == before:
            return found
    return read()


def _identity(folder: Path) -> tuple[int, int] | None:
    """Which folder ``folder`` names now (a replaced one is another), or None when none."""
    try:
        stat = folder.stat()
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _version_lines(saves: dict) -> list[dict]:
    """The saves' line for each version; a dataset saved before versions were kept has one for its latest."""
    if "log" in saves:
        return list(saves["log"])
    number = int(saves.get("versions", 1))
    return [asdict(Version(number, saves.get("updated", ""), "", "saved before versions were kept", "import", 0, 0, 0))]


def _keep_versions(folder: Path, kept: Path, number: int) -> None:
    """The earlier versions, and the latest as version ``number``, linked into ``kept`` (no copies;
    the folder being replaced is left as it is until the new one takes its place)."""
    for path in sorted((folder / VERSIONS_DIR).glob("*/*")):
        target = kept / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, target)
    latest = kept / str(number)
    latest.mkdir(parents=True)
    for file in (INCIDENTS_FILE, *DOCUMENTS):
        if (folder / file).is_file():
            os.link(folder / file, latest / file)


def _saves(folder: Path) -> dict:
    try:
        return json.loads((folder / SAVES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
