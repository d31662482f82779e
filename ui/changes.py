"""What changed between two days: the list beside the map of links that firmed up, weakened or
were newly made (the sidebar's "Changed since" sets the view; ``geo.dataset.history.with_changes``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.dataset.history import change_summary, readable_changes
from geo.view.filters import Filters
from geo.view.view import View
from ui.incident_table import incident_table
from ui.view import VIEW_HASHES

LIMIT = 1_000


@st.cache_data(show_spinner="Listing the changes…", max_entries=32, hash_funcs=VIEW_HASHES)
def _listed(dataset_key: tuple, filters: Filters, _changes: pd.DataFrame) -> pd.DataFrame:
    """The first LIMIT changes as people read them, sorted once per (dataset, filters) for everyone."""
    return readable_changes(_changes).head(LIMIT)


def changes_section(view: View) -> None:
    span = view.filters.change_span()
    if span is None:
        with st.expander("What changed between two dates"):
            st.caption(
                "Choose **Changed since** in the sidebar: the map then shows only the incidents whose link firmed "
                "up, weakened or was newly made since that day, each with an arrow for its change, and they are "
                "listed here."
            )
            if view.dataset.history.empty:
                st.caption("This dataset has no attribution history, so only newly reported incidents can change.")
        return
    first, second = span
    st.subheader(f"What changed between {first.isoformat()} and {second.isoformat()}")
    if view.incidents.empty:
        st.caption("No link changed, and none was newly made, between these dates under these filters.")
        return
    st.caption(change_summary(view.incidents["change"], first, second))
    dataset = view.dataset
    incident_table(_listed(dataset.key or (id(dataset),), view.filters, view.incidents))
    if len(view.incidents) > LIMIT:
        st.caption(f"The first {LIMIT:,} of {len(view.incidents):,}; filter by state or crime type to narrow the list.")
