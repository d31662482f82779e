"""The Publish page's snapshot, built when the page opens and again when its options change, so the
preview is live and the download is exactly what it shows; shared by every session that asks for
the same view and options."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

import streamlit as st

from geo.dataset.dataset import Dataset
from geo.ingest.raw import LoadError
from geo.publish.snapshot import Snapshot, SnapshotOptions, build_snapshot
from geo.publish.snapshot_files import previous_from_zip
from geo.view.view import View

SNAPSHOT_KEY = "snapshot"


@st.cache_resource(show_spinner=False, max_entries=6)
def _built(
    dataset_key: tuple, options_key: SnapshotOptions, previous_key: str, _dataset, _options, _readers
) -> Snapshot:
    return build_snapshot(_dataset, _options, _readers)


@st.cache_data(show_spinner=False, max_entries=4)
def _earlier(content: bytes) -> dict:
    return previous_from_zip(content)


def preview_snapshot(
    dataset: Dataset,
    options: SnapshotOptions,
    readers: View,
    earlier: bytes | None = None,
    published: dict | None = None,
) -> Snapshot:
    """The snapshot these options make of the readers' view (``readers``), kept for this session's
    download; listing what changed since ``earlier`` (an earlier snapshot's zip, read once per
    upload), else since ``published`` (the manifest of this selection's last publication)."""
    if earlier:
        previous = hashlib.sha256(earlier).hexdigest()
        try:
            options = replace(options, previous=_earlier(earlier))
        except LoadError as error:
            raise LoadError(f"the earlier snapshot: {error}") from None
    else:
        previous = hashlib.sha256(json.dumps(published, sort_keys=True).encode()).hexdigest() if published else ""
        options = replace(options, previous=published)
    key = dataset.key or (id(dataset),)
    snapshot = _built(key, replace(options, previous=None), previous, dataset, options, readers)
    st.session_state[SNAPSHOT_KEY] = snapshot
    return snapshot
