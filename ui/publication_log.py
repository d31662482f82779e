"""The Publish page's side of the log of publications: the last publication of a selection, to list
what changed since, and a download recorded as a publication."""

from __future__ import annotations

import logging

from geo.dataset.backend import AuditEntry
from geo.dataset.publications import last_publication, publication
from geo.dataset.store import open_store
from geo.ingest.raw import LoadError
from geo.publish.snapshot import Snapshot
from geo.view.codec import to_manifest
from geo.view.filters import Filters
from geo.view.settings import MapSettings
from ui.access import author

log = logging.getLogger("incident_atlas")


def last_published(name: str, filters: Filters, settings: MapSettings) -> AuditEntry | None:
    """The newest publication of this dataset with these filters and settings, if any (none when
    the store cannot be read: the page still publishes, without a list of changes)."""
    try:
        entries = open_store().audit(name)
    except LoadError as error:
        log.warning("publications unavailable: %s", error)
        return None
    return last_publication(entries, name, to_manifest(filters, settings))


def record_download(snapshot: Snapshot, name: str, version: int) -> None:
    """A download of the snapshot's zip is a publication: logged with who and from which version."""
    open_store().log(publication(snapshot.files, name, version, author(), "downloaded from the app's Publish page"))
