"""A snapshot as files: its folder written whole (replacing only an earlier snapshot of ours), its
zip, and an earlier snapshot read back (manifest, folder or zip) to list what changed since."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from geo.ingest.raw import LoadError
from geo.publish.snapshot import Snapshot
from geo.support.atomic import replacing


def is_earlier_snapshot(folder: Path) -> bool:
    """Exactly an earlier snapshot of ours: our manifest, and nothing but the files it lists (a web
    project or a folder of notes that merely holds some manifest.json is not one)."""
    try:
        manifest = _checked_manifest(json.loads((folder / "manifest.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, LoadError):
        return False
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        return False
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_symlink() or not p.is_dir()}
    return present == {*listed, "manifest.json"}


def write_snapshot(snapshot: Snapshot, out_dir: str | Path) -> list[Path]:
    """Write the folder whole, replacing an earlier snapshot in it; a folder holding anything else is
    refused rather than overwritten."""
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not is_earlier_snapshot(out))):
        raise LoadError(
            f"{out}: exists and is not a snapshot folder (only an earlier snapshot's own files are replaced); "
            "choose a new or empty folder"
        )
    with replacing(out) as staging:
        for name, content in snapshot.files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    return [out / name for name in sorted(snapshot.files)]


def snapshot_zip(snapshot: Snapshot) -> bytes:
    """A zip whose bytes depend only on the files: fixed dates, sorted names, fixed permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(snapshot.files.items()):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


# An earlier snapshot's manifest is read only up to this size (its largest, 20,000 records and
# 10,000 changes, is a few MB): a zip that declares more is refused before anything is inflated.
MANIFEST_LIMIT = 64 * 2**20


def _checked_manifest(manifest: object) -> dict:
    """A manifest of ours, in the shape the comparison reads: anything else is refused in one line."""
    records = manifest.get("records") if isinstance(manifest, dict) else None
    if not isinstance(records, dict) or manifest.get("app") != "Incident Atlas":
        raise LoadError("not an Incident Atlas snapshot manifest")
    incidents, figures = records.get("incidents", {}), records.get("figures", {})
    fine = isinstance(incidents, dict) and isinstance(figures, dict)
    fine = fine and all(isinstance(row, list) and len(row) == 4 for row in incidents.values())
    fine = fine and all(isinstance(key, str) and ":" in key for key in figures)
    if not fine or not isinstance(records.get("measures", {}), dict):
        raise LoadError("not an Incident Atlas snapshot manifest (its records are not in our shape)")
    return manifest


def _zipped_manifest(archive: zipfile.ZipFile) -> dict:
    info = archive.getinfo("manifest.json")
    if info.file_size > MANIFEST_LIMIT:
        raise LoadError(f"its manifest.json declares {info.file_size:,} bytes, over {MANIFEST_LIMIT:,}")
    return json.loads(archive.read(info))


def read_previous(path: str | Path) -> dict | None:
    """An earlier snapshot's manifest: a manifest.json, a snapshot folder or its zip; None if absent."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        if path.is_dir():
            path = path / "manifest.json"
            if not path.exists():
                return None
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                return _checked_manifest(_zipped_manifest(archive))
        if path.stat().st_size > MANIFEST_LIMIT:
            raise LoadError(f"{path.stat().st_size:,} bytes, over {MANIFEST_LIMIT:,}")
        return _checked_manifest(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, LoadError) as error:
        raise LoadError(f"{path.name}: not an Incident Atlas snapshot manifest ({error})") from None


def previous_from_zip(content: bytes) -> dict:
    """The manifest inside an earlier snapshot's zip, as the Publish page receives it."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return _checked_manifest(_zipped_manifest(archive))
    except (KeyError, ValueError, zipfile.BadZipFile, LoadError) as error:
        raise LoadError(f"not an Incident Atlas snapshot zip ({error})") from None
