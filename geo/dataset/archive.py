"""A saved dataset as one zip, and back: a backup a newsroom can keep, and the way a dataset moves
between machines and between stores (the file store and the team database hold the same thing).

The zip holds the dataset's own files and ``dataset.json``: what it is, its name, and a SHA-256 of
every file. A restore reads every member, checks it against that list and only then writes the
dataset, whole or not at all: a damaged, altered or foreign zip is refused with nothing written.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pyarrow

from geo.dataset.backend import Store
from geo.dataset.dataset import DOCUMENTS
from geo.dataset.file_store import INCIDENTS_FILE, PARQUET_ERRORS, read_incidents_parquet, write_incidents_parquet
from geo.dataset.store import SHIPPED, check_name, open_store
from geo.dataset.versions import command_line_author, save_version
from geo.ingest.raw import LoadError
from geo.support.atomic import replacing

FORMAT = "incident-atlas-dataset"
MANIFEST = "dataset.json"
# Every file a saved dataset may hold; nothing else is written from a zip.
DATASET_FILES = (INCIDENTS_FILE, *DOCUMENTS)
REQUIRED_FILES = ("incidents.parquet", "incidents.meta.toml")
# A restore reads at most this much, unpacked: a zip that claims more is refused before it is read.
MAX_UNPACKED_BYTES = 4 * 2**30


def export_dataset(name: str, out: Path, store: Store | None = None) -> Path:
    """Write the saved dataset ``name`` as one zip at ``out`` (whole or not at all)."""
    if name == SHIPPED:
        raise LoadError(f"'{name}' is the data that comes with the app, not a saved dataset: nothing to export")
    stored = (store or open_store()).read(name)
    parquet = io.BytesIO()
    write_incidents_parquet(stored.incidents, parquet)
    files = {INCIDENTS_FILE: parquet.getvalue(), **stored.documents}
    digests = {file: hashlib.sha256(content).hexdigest() for file, content in files.items()}
    manifest = {"format": FORMAT, "name": name, "files": digests}
    with replacing(out) as partial, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
        for file, content in files.items():
            archive.writestr(file, content)
    return out


def _checked_members(archive: zipfile.ZipFile) -> tuple[str, dict[str, str]]:
    """The dataset's name and its files' digests, once every member is known and within bounds."""
    names = archive.namelist()
    if MANIFEST not in names:
        raise LoadError(f"not a dataset export: it has no {MANIFEST}")
    unknown = sorted(set(names) - set(DATASET_FILES) - {MANIFEST})
    if unknown:
        raise LoadError(f"not a dataset export: it holds files no dataset has ({', '.join(unknown[:5])})")
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise LoadError(f"the zip unpacks to more than {MAX_UNPACKED_BYTES // 2**30} GB: refused")
    try:
        manifest = json.loads(archive.read(MANIFEST))
        name, digests = manifest["name"], dict(manifest["files"])
    except (ValueError, KeyError, TypeError) as error:
        raise LoadError(f"its {MANIFEST} cannot be read ({error})") from None
    if manifest.get("format") != FORMAT or not isinstance(name, str):
        raise LoadError(f"not a dataset export: its {MANIFEST} is not one of ours")
    missing = sorted((set(digests) | set(REQUIRED_FILES)) - set(names))
    if missing or set(digests) != set(names) - {MANIFEST}:
        raise LoadError(f"the zip is incomplete: {', '.join(missing) or 'files not listed in its manifest'}")
    return name, digests


def restore_dataset(
    path: Path,
    name: str | None = None,
    store: Store | None = None,
    replace: bool = False,
    by: str | None = None,
    reason: str = "",
) -> str:
    """Save the dataset in the zip at ``path`` (under ``name``, else its own) as its next version,
    checked whole first; returns the name it was saved under."""
    try:
        with zipfile.ZipFile(path) as archive:
            own_name, digests = _checked_members(archive)
            contents = {member: archive.read(member) for member in digests}
    except zipfile.BadZipFile as error:
        raise LoadError(f"{path.name} is not a readable zip ({error})") from None
    for member, content in contents.items():
        if hashlib.sha256(content).hexdigest() != digests[member]:
            raise LoadError(f"{member} in {path.name} is not the file that was exported (its digest differs)")
    store = store or open_store()
    name = name or own_name
    problem = check_name(name, store, replace)
    if problem:
        raise LoadError(problem)
    try:
        incidents = read_incidents_parquet(pyarrow.BufferReader(contents.pop(INCIDENTS_FILE)))
    except PARQUET_ERRORS as error:
        raise LoadError(f"{INCIDENTS_FILE} in {path.name} cannot be read ({error})") from None
    save_version(
        store,
        name,
        incidents,
        contents,
        replace=replace,
        by=command_line_author() if by is None else by,
        reason=reason or f"restored from {path.name}",
        action="restore",
    )
    return name
