"""The living record as people read it: versions, the difference between any two, the audit
(filtered by incident, person and date) and the publications, each as a table of text; and the
audit as a CSV marked internal, its cells safe to open in a spreadsheet.
"""

from __future__ import annotations

import csv
from datetime import date

import pandas as pd

from geo.dataset.backend import AuditEntry, Version
from geo.dataset.diff import RecordDiff
from geo.dataset.publications import publications
from geo.reference.vocab import FIELD_LABELS
from geo.support.text import neutralise
from geo.view.codec import SETTINGS

ACTIONS = {
    "import": "Imported",
    "edit": "Edited in the app",
    "rollback": "Rolled back",
    "restore": "Restored from a zip",
    "delete": "Deleted",
    "publish": "Published",
}
LISTED_RECORDS = 10  # ids a row of the audit names before it counts the rest
INTERNAL_NOTICE = "INTERNAL: the newsroom's audit of its record (who changed what). Not for publication."


def versions_table(versions: list[Version]) -> pd.DataFrame:
    """Newest first."""
    return (
        pd.DataFrame(
            {
                "Version": [line.version for line in versions],
                "Saved (UTC)": [line.at.replace("T", " ")[:16] for line in versions],
                "By": [line.by or "not recorded" for line in versions],
                "How": [ACTIONS.get(line.action, line.action) for line in versions],
                "Added": [line.added for line in versions],
                "Changed": [line.changed for line in versions],
                "Removed": [line.removed for line in versions],
                "Reason": [line.reason for line in versions],
            }
        )
        .iloc[::-1]
        .reset_index(drop=True)
    )


def diff_table(diff: RecordDiff, before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """One row per added or removed record, and per changed field of a record in both."""
    titles = pd.concat([after[["id", "title"]], before[["id", "title"]]]).drop_duplicates("id")
    title = pd.Series(titles["title"].astype("str").to_numpy(), index=titles["id"].astype("str"))
    added = pd.DataFrame({"Record": list(diff.added), "Change": "added", "Field": "", "Before": "", "After": ""})
    removed = pd.DataFrame({"Record": list(diff.removed), "Change": "removed", "Field": "", "Before": "", "After": ""})
    changed = pd.DataFrame(
        {
            "Record": diff.changes["id"],
            "Change": "changed",
            "Field": diff.changes["field"].map(lambda field: FIELD_LABELS.get(field, field)),
            "Before": diff.changes["old"],
            "After": diff.changes["new"],
        }
    )
    table = pd.concat([changed, added, removed], ignore_index=True)
    return table.assign(Title=table["Record"].map(title).fillna(""))[
        ["Record", "Change", "Field", "Before", "After", "Title"]
    ]


def audit_people(entries: list[AuditEntry]) -> list[str]:
    return sorted({entry.by for entry in entries})


def filtered_audit(
    entries: list[AuditEntry],
    record: str = "",
    person: str = "",
    start: date | None = None,
    end: date | None = None,
) -> list[AuditEntry]:
    """The entries that touched ``record``, made by ``person``, between ``start`` and ``end``
    (inclusive, UTC days); an empty filter keeps everything."""
    record = record.strip()
    return [
        entry
        for entry in entries
        if (not record or record in entry.records)
        and (not person or entry.by == person)
        and (start is None or entry.at[:10] >= start.isoformat())
        and (end is None or entry.at[:10] <= end.isoformat())
    ]


def audit_table(entries: list[AuditEntry]) -> pd.DataFrame:
    """Newest first; each entry's records named (the first few, then a count) and its changes in words."""
    rows = [
        {
            "When (UTC)": entry.at.replace("T", " ")[:19],
            "By": entry.by,
            "What": ACTIONS.get(entry.action, entry.action),
            "Dataset": entry.dataset,
            "Version": "" if entry.version is None else str(entry.version),
            "Records": _records_text(entry),
            "Before \u2192 after": _changes_text(entry),
            "Reason": entry.reason,
        }
        for entry in reversed(entries)
    ]
    columns = ["When (UTC)", "By", "What", "Dataset", "Version", "Records", "Before \u2192 after", "Reason"]
    return pd.DataFrame(rows, columns=columns)


def _records_text(entry: AuditEntry) -> str:
    if not entry.records:
        return ""
    named = ", ".join(entry.records[:LISTED_RECORDS])
    more = len(entry.records) - LISTED_RECORDS
    return f"{len(entry.records):,}: {named}" + (f" and {more:,} more" if more > 0 else "")


def _changes_text(entry: AuditEntry) -> str:
    """Each changed field as 'id: field old → new', one a line; added and removed records by id."""
    before, after = entry.before.get("changed", {}), entry.after.get("changed", {})
    lines = [
        f"{record}: {field} \u201c{old}\u201d \u2192 \u201c{after.get(record, {}).get(field, '')}\u201d"
        for record, fields in before.items()
        for field, old in fields.items()
    ]
    lines += [f"{record}: added" for record in entry.after.get("added", [])]
    lines += [f"{record}: removed" for record in entry.before.get("removed", [])]
    if entry.action == "publish":
        lines.append(f"{entry.after.get('title', '')} ({len(entry.after.get('files', {}))} files)")
    return "\n".join(lines)


def audit_csv(entries: list[AuditEntry]) -> bytes:
    """The audit as CSV for the newsroom: a first line saying it is internal, every cell neutralised."""
    table = audit_table(entries).map(neutralise)
    return (f'"{INTERNAL_NOTICE}"\n' + table.to_csv(index=False, quoting=csv.QUOTE_ALL)).encode("utf-8")


def publications_table(entries: list[AuditEntry], dataset: str | None = None) -> pd.DataFrame:
    """Newest first: who published what, when, from which version, with which filters and files."""
    rows = [
        {
            "When (UTC)": entry.at.replace("T", " ")[:19],
            "By": entry.by,
            "Dataset": entry.dataset,
            "Version": "not kept in the store" if entry.version is None else str(entry.version),
            "Title": entry.after.get("title", ""),
            "Filters": filters_text(entry.after.get("filters", {})),
            "Incidents": entry.after.get("manifest", {}).get("counts", {}).get("incidents_shown", len(entry.records)),
            "Files (SHA-256)": "\n".join(
                f"{name} {digest[:12]}" for name, digest in entry.after.get("files", {}).items()
            ),
            "Where": entry.after.get("where", ""),
        }
        for entry in publications(entries, dataset)
    ]
    columns = ["When (UTC)", "By", "Dataset", "Version", "Title", "Filters", "Incidents", "Files", "Where"]
    return pd.DataFrame(rows, columns=columns)


def _files_text(digests: dict[str, str]) -> str:
    """How many files, and the manifest's SHA-256 (which lists every other file's)."""
    manifest = digests.get("manifest.json", "")
    return f"{len(digests)} files; manifest.json SHA-256 {manifest[:16]}…" if manifest else f"{len(digests)} files"


def filters_text(filters: dict[str, object]) -> str:
    """The filters a publication was made with, those that narrow anything, as 'name: value'; the
    map's settings (tiles, colours, shading) are in its manifest."""
    narrowing = [
        f"{name}: {', '.join(map(str, value)) if isinstance(value, list) else value}"
        for name, value in filters.items()
        if name not in SETTINGS and value not in ("", None, [], False, "false")
    ]
    return "; ".join(narrowing) or "none: everything readers may see"
