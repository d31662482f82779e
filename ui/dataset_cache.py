"""The chosen dataset, loaded once per version and shared by every session of this app server.

Caches are keyed by the store's version stamps, not by files: a dataset imported, replaced or
deleted through another replica on the same database is listed and drawn here on the next rerun.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

import streamlit as st

from geo.dataset.backend import Listing
from geo.dataset.dataset import Dataset
from geo.dataset.store import SHIPPED, load_saved, open_store, shipped_listing
from geo.ingest import geocode
from geo.ingest.raw import LoadError
from geo.reference import boundaries
from geo.view.public import public_view
from ui.markdown import md

log = logging.getLogger("incident_atlas")
DATASET_KEY = "dataset"
LISTED_KEY = "_datasets_listed"  # this run's list, so the store is asked once per rerun


@st.cache_resource(show_spinner="Loading and checking the incident data…", max_entries=6)
def _load(where: str, name: str, version: str) -> Dataset:
    # The store and version are cache keys only: a rewritten dataset has a new version and is read again.
    geocode.gazetteer()
    boundaries.load_states()
    started = time.perf_counter()
    dataset = replace(load_saved(name), key=(where, name, version, "staff"))
    log.info("dataset %s version %s read in %.2f s", name, version, time.perf_counter() - started)
    return dataset


@st.cache_resource(show_spinner=False, max_entries=6)
def _load_public(where: str, name: str, version: str) -> Dataset:
    return replace(public_view(_load(where, name, version)), key=(where, name, version, "public"))


@st.cache_data(show_spinner=False, max_entries=4)
def _listed(where: str, stamp: str) -> list[Listing]:
    # The stamp is a cache key only: any write to the store moves it.
    return open_store().listing()


def available() -> tuple[list[Listing], bool]:
    """The shipped data (or the file INCIDENT_ATLAS_INCIDENTS names), then every saved dataset, and
    whether that is all of them. When the store cannot be reached, the shipped data alone, and one
    message saying why."""
    store, shipped = open_store(), shipped_listing()
    try:
        entries, complete = [shipped, *_listed(store.where, store.stamp())], True
    except LoadError as error:
        log.warning("dataset store unavailable: %s", error)
        st.warning(md(f"Saved datasets cannot be listed: {error}. The data that comes with the app is shown."))
        entries, complete = [shipped], False
    st.session_state[LISTED_KEY] = entries
    return entries, complete


def _cached(where: str, entry: Listing, staff: bool) -> Dataset:
    """The one way into the cache: all of the dataset for staff, its public rows for everyone else."""
    return (_load if staff else _load_public)(where, entry.name, entry.version)


def load_early(name: str, staff: bool) -> None:
    """Reads a saved dataset into this server's cache, as ``current_dataset`` would, before a
    session asks for it (``ui.early_load``). Anything that goes wrong is left for the page to
    report in its own words."""
    try:
        store = open_store()
        entry = next((entry for entry in _listed(store.where, store.stamp()) if entry.name == name), None)
        if entry is not None:
            _cached(store.where, entry, staff)
    except Exception as error:
        log.info("dataset %s not read ahead of its page: %s", name, error)


def current_entry() -> Listing:
    named = {entry.name: entry for entry in st.session_state.get(LISTED_KEY) or available()[0]}
    return named.get(st.session_state.get(DATASET_KEY, SHIPPED), named[SHIPPED])


def current_dataset(staff: bool) -> Dataset:
    """The chosen dataset, all of it for staff and its public rows for everyone else; stops the page
    with a clear message if it cannot be read."""
    entry = current_entry()
    try:
        return _cached(open_store().where, entry, staff)
    except (LoadError, OSError) as error:
        log.warning("could not load dataset %s: %s", entry.name, error)
        st.error(md(f"The data for '{entry.title}' could not be loaded: {error}"))
        st.stop()
        raise
