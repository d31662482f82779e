"""Two versions of a dataset compared once per pair, and shared by every session that asks."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.dataset.diff import RecordDiff, diff_records
from geo.dataset.store import open_store


@st.cache_resource(show_spinner="Comparing the two versions…", max_entries=4)
def compared(
    where: str, name: str, stamp: str, first: int, second: int
) -> tuple[RecordDiff, pd.DataFrame, pd.DataFrame]:
    """The diff from version ``first`` to ``second`` and the two versions' records (the store and
    stamp are cache keys only: a version, once saved, never changes)."""
    store = open_store()
    before, after = store.read(name, first).incidents, store.read(name, second).incidents
    return diff_records(before, after), before, after
