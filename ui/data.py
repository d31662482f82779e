"""The dataset, loaded once per file content and shared by every session."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from geo import boundaries, geocode
from geo.dataset import Dataset, file_stamp, load_dataset
from geo.load import LoadError
from geo.paths import counts_file, incidents_file

log = logging.getLogger("incident_atlas")


@st.cache_resource(show_spinner="Loading and checking the incident data…", max_entries=4)
def _load(incidents_path: str, incidents_stamp: tuple, counts_path: str, counts_stamp: tuple) -> Dataset:
    # The stamps are cache keys only: a rewritten file has a new one and is read again.
    geocode.gazetteer()
    boundaries.load_states()
    return load_dataset(incidents_path, counts_path)


def current_dataset() -> Dataset:
    """The shipped data; stops the page with a clear message if a file cannot be read."""
    try:
        incidents, counts = incidents_file(), counts_file()
        return _load(str(incidents), file_stamp(incidents), str(counts), file_stamp(counts))
    except (LoadError, OSError) as error:
        log.exception("could not load the dataset")
        st.error(f"The incident data could not be loaded: {error}")
        st.stop()
        raise


def current_inputs() -> dict[str, Path]:
    """The files behind the current dataset, for a snapshot's manifest."""
    return {"incidents": incidents_file(), "counts": counts_file()}
