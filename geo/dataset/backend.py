"""What every store of saved datasets does, whatever keeps them: a folder of files (the default) or
a PostgreSQL database with PostGIS shared by every app replica.

A store holds each dataset as its checked incidents and the documents beside them
(``geo.dataset.dataset.DOCUMENTS``), in versions: every save makes a new one and keeps the earlier
ones, with who saved it and why. Beside the datasets it keeps the audit: one entry for every save,
rollback, deletion and publication, which nothing in the app can change or remove.

It says what it holds (``Listing``) and gives a stamp that changes with every write: the app's
caches are keyed by it, so every replica sees an import, replacement or deletion made through any
other on its next rerun.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from geo.ingest.raw import LoadError


class Superseded(LoadError):
    """Another save came first: what was compared with version ``base`` would undo it unseen."""

    def __init__(self, name: str, base: int, latest: int) -> None:
        super().__init__(
            f"'{name}' was saved by someone else meanwhile (version {latest}; this change was made from version "
            f"{base}): nothing was saved; look at the new version and make the change again"
        )


class MissingDataset(LoadError):
    """No dataset of that name in the store."""

    def __init__(self, name: str, where: str) -> None:
        super().__init__(f"no dataset named '{name}' in {where}")


@dataclass(frozen=True)
class Listing:
    """One saved dataset as lists show it; ``version`` changes whenever the dataset is rewritten."""

    name: str
    title: str
    incidents: int
    versions: int  # how many times it has been saved under this name
    updated: str  # when it was last saved, ISO 8601 in UTC
    version: str


@dataclass(frozen=True)
class Version:
    """One saved state of a dataset: what made it, and how many records it added, changed and removed."""

    version: int
    at: str  # ISO 8601 in UTC
    by: str
    reason: str
    action: str  # import, edit, rollback, restore
    added: int
    changed: int
    removed: int


@dataclass(frozen=True)
class AuditEntry:
    """One change to the record, or one publication of it: who, when, which records, before and after, why."""

    at: str
    by: str
    action: str  # import, edit, rollback, restore, delete, publish
    dataset: str
    version: int | None  # the version it made or published
    records: tuple[str, ...]  # the ids it touched (empty when there were too many to list: see ``after``)
    before: dict
    after: dict
    reason: str


@dataclass(frozen=True)
class Save:
    """What a write records beside the data: the new version's line and the audit's entry."""

    by: str
    reason: str
    action: str
    added: int
    changed: int
    removed: int
    base: int = 0  # the version it was made from (0: none); refused if another was saved since
    records: tuple[str, ...] = ()
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)

    def version(self, number: int, at: str) -> Version:
        return Version(number, at, self.by, self.reason, self.action, self.added, self.changed, self.removed)

    def entry(self, dataset: str, number: int, at: str) -> AuditEntry:
        return AuditEntry(at, self.by, self.action, dataset, number, self.records, self.before, self.after, self.reason)


@dataclass(frozen=True)
class Stored:
    """A saved dataset as its store gives it back: incidents without geometry, and its documents."""

    incidents: pd.DataFrame
    documents: dict[str, bytes]
    source: tuple[str, str]  # what the incidents were saved as, and its SHA-256: for a snapshot's manifest
    version: int = 0  # which of the dataset's versions it is


class Store(Protocol):
    where: str  # where the datasets are, for messages: never a password

    def stamp(self) -> str:
        """Changes with every write to the store."""
        ...

    def listing(self) -> list[Listing]: ...

    def read(self, name: str, version: int | None = None) -> Stored:
        """The dataset as saved in ``version`` (by default the latest)."""
        ...

    def versions(self, name: str) -> list[Version]:
        """Every saved version, oldest first."""
        ...

    def public_ids(self, name: str) -> set[str]:
        """The ids of records public in any version: changes to them are owed to readers."""
        ...

    def write(self, name: str, incidents: pd.DataFrame, documents: dict[str, bytes], replace: bool, save: Save) -> int:
        """A new version, whole or not at all, with its audit entry; returns its number. Refused
        when ``name`` exists and ``replace`` is false, even when another writer saved it a moment
        ago, and when its latest version is no longer ``save.base``. ``incidents`` may carry the
        import's points (geometry)."""
        ...

    def delete(self, name: str, by: str, reason: str) -> None:
        """Every version goes; the audit keeps the deletion and everything before it."""
        ...

    def audit(self, dataset: str | None = None) -> list[AuditEntry]:
        """The audit, oldest first: of one dataset, or of all."""
        ...

    def log(self, entry: AuditEntry) -> None:
        """Append ``entry`` to the audit (a publication: the data is not changed)."""
        ...

    def close(self) -> None:
        """Let go of what it holds open (a database's connections)."""
        ...
