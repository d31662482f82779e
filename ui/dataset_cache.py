"""The chosen dataset, loaded once per file content and shared by every session."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import streamlit as st

from geo.dataset.store import (
    SHIPPED,
    Dataset,
    DatasetEntry,
    datasets_dir,
    file_stamp,
    list_datasets,
    load_saved,
    metadata_path,
)
from geo.ingest import geocode
from geo.ingest.raw import LoadError
from geo.reference import boundaries
from geo.support.paths import SHIPPED_INCIDENTS, counts_file, incidents_file
from geo.view.public import public_view
from ui.markdown import md

log = logging.getLogger("incident_atlas")
DATASET_KEY = "dataset"


@st.cache_resource(show_spinner="Loading and checking the incident data…", max_entries=6)
def _load(entry: DatasetEntry, incidents_stamp: tuple, counts_stamp: tuple | None) -> Dataset:
    # The stamps are cache keys only: a rewritten file has a new one and is read again.
    geocode.gazetteer()
    boundaries.load_states()
    return replace(load_saved(entry), key=(entry.name, incidents_stamp, counts_stamp, "staff"))


@st.cache_resource(show_spinner=False, max_entries=6)
def _load_public(entry: DatasetEntry, incidents_stamp: tuple, counts_stamp: tuple | None) -> Dataset:
    return replace(
        public_view(_load(entry, incidents_stamp, counts_stamp)),
        key=(entry.name, incidents_stamp, counts_stamp, "public"),
    )


@st.cache_data(show_spinner=False, max_entries=4)
def _listed(folder_stamp: int | None, shipped_meta_stamp: int | None) -> list[DatasetEntry]:
    # The stamps are cache keys only: an import or a replaced dataset renames a folder inside.
    return list_datasets()


def _stamp(path: Path) -> int | None:
    return path.stat().st_mtime_ns if path.exists() else None


def available() -> list[DatasetEntry]:
    """The shipped data (or the file INCIDENT_ATLAS_INCIDENTS names), then every import."""
    entries = _listed(_stamp(datasets_dir()), _stamp(metadata_path(SHIPPED_INCIDENTS)))
    shipped = DatasetEntry(SHIPPED, entries[0].title, incidents_file(), counts_file())
    return [shipped, *entries[1:]]


def current_entry() -> DatasetEntry:
    entries = {entry.name: entry for entry in available()}
    return entries.get(st.session_state.get(DATASET_KEY, SHIPPED), entries[SHIPPED])


def current_dataset(staff: bool) -> Dataset:
    """The chosen dataset, all of it for staff and its public rows for everyone else; stops the page
    with a clear message if a file cannot be read."""
    entry = current_entry()
    try:
        counts = file_stamp(entry.counts) if entry.counts else None
        return (_load if staff else _load_public)(entry, file_stamp(entry.incidents), counts)
    except (LoadError, OSError) as error:
        log.exception("could not load dataset %s", entry.name)
        st.error(md(f"The data for '{entry.title}' could not be loaded: {error}"))
        st.stop()
        raise


def current_inputs() -> dict[str, Path]:
    """The files behind the current dataset, for a snapshot's manifest."""
    entry = current_entry()
    return {"incidents": entry.incidents, **({"counts": entry.counts} if entry.counts else {})}
