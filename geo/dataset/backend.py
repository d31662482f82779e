"""What every store of saved datasets does, whatever keeps them: a folder of files (the default) or
a PostgreSQL database with PostGIS shared by every app replica.

A store holds each dataset as its checked incidents and the documents beside them
(``geo.dataset.dataset.DOCUMENTS``). It says what it holds (``Listing``) and gives a stamp that
changes with every write: the app's caches are keyed by it, so every replica sees an import,
replacement or deletion made through any other on its next rerun.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from geo.ingest.raw import LoadError


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
class Stored:
    """A saved dataset as its store gives it back: incidents without geometry, and its documents."""

    incidents: pd.DataFrame
    documents: dict[str, bytes]
    source: tuple[str, str]  # what the incidents were saved as, and its SHA-256: for a snapshot's manifest


class Store(Protocol):
    where: str  # where the datasets are, for messages: never a password

    def stamp(self) -> str:
        """Changes with every write to the store."""
        ...

    def listing(self) -> list[Listing]: ...

    def read(self, name: str) -> Stored: ...

    def write(self, name: str, incidents: pd.DataFrame, documents: dict[str, bytes], replace: bool) -> None:
        """Whole or not at all; refused when ``name`` exists and ``replace`` is false, even when
        another writer saved it a moment ago. ``incidents`` may carry the import's points (geometry)."""
        ...

    def delete(self, name: str) -> None: ...

    def close(self) -> None:
        """Let go of what it holds open (a database's connections)."""
        ...
