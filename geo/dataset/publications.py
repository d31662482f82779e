"""The log of what was published: every snapshot is an audit entry saying who published it, when,
from which version of which dataset, with which filters, and the SHA-256 of each of its files. A
republication of the same selection finds its last publication here and lists what changed since.
"""

from __future__ import annotations

import hashlib
import json

from geo.dataset.backend import AuditEntry

PUBLISH = "publish"
MANIFEST = "manifest.json"


def publication(files: dict[str, bytes], dataset: str, version: int, by: str, where: str) -> AuditEntry:
    """The audit entry of a snapshot's ``files`` (its manifest among them), published ``where``
    (a folder, or the app's download); ``version`` 0 is data not kept in the store."""
    manifest = json.loads(files[MANIFEST])
    shown = tuple(manifest.get("records", {}).get("incidents", {}))
    digests = {name: hashlib.sha256(content).hexdigest() for name, content in sorted(files.items())}
    return AuditEntry(
        at="",
        by=by,
        action=PUBLISH,
        dataset=dataset,
        version=version or None,
        records=shown,
        before={},
        after={
            "title": manifest.get("title", ""),
            "filters": manifest["filters"],
            "files": digests,
            "where": where,
            "manifest": manifest,
        },
        reason=f"published: {manifest.get('title') or 'untitled map'}",
    )


def publications(entries: list[AuditEntry], dataset: str | None = None) -> list[AuditEntry]:
    """The publications among ``entries`` (the audit, oldest first), of one dataset or all, newest first."""
    return [entry for entry in reversed(entries) if entry.action == PUBLISH and dataset in (None, entry.dataset)]


def last_publication(entries: list[AuditEntry], dataset: str, filters: dict[str, object]) -> AuditEntry | None:
    """The newest publication of ``dataset`` with these filters (its manifest in ``after``), or None."""
    return next((entry for entry in publications(entries, dataset) if entry.after.get("filters") == filters), None)
