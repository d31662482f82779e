"""What changed between two days: links that firmed up, weakened or were newly made."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from geo.filters import Filters, View, apply_filters, date_bounds
from geo.history import changes_between, readable_changes
from ui.incident_table import incident_table

LIMIT = 1_000


@st.cache_data(show_spinner="Comparing the two dates…", max_entries=32)
def _changes(
    dataset_key: tuple, chosen: Filters, first: date, second: date, _incidents: pd.DataFrame, _history: pd.DataFrame
) -> tuple[dict[str, int], pd.DataFrame]:
    """Counts by kind of change and the first LIMIT changes as people read them, worked out once
    per (dataset, filters, days) for every session; the full list is never kept."""
    changes = changes_between(apply_filters(_incidents, chosen), _history, first, second)
    counts = {kind: int(n) for kind, n in changes["change"].value_counts().items()}
    return counts, readable_changes(changes).head(LIMIT)


def changes_section(view: View) -> None:
    dataset = view.dataset
    with st.expander("What changed between two dates"):
        st.caption("Crime type and state filters apply.")
        if dataset.history.empty:
            st.caption("This dataset has no attribution history, so only newly reported incidents can show as changes.")
        # Off until asked: comparing a million incidents on two days is not for every page load.
        if not st.toggle("Compare two dates", key="changes_on"):
            return
        low, high = date_bounds(dataset.incidents)
        first_col, second_col = st.columns(2)
        first = first_col.date_input("From", value=view.filters.known or low, key="changes_from", format="YYYY-MM-DD")
        second = second_col.date_input("To", value=max(date.today(), high), key="changes_to", format="YYYY-MM-DD")
        if first > second:
            st.warning("The first date is after the second.")
            return
        # Crime type and state filters apply; the levels and dates are what this compares.
        chosen = view.filters.only(attribution=(), since=None, until=None, dated_only=False, known=None)
        counts, table = _changes(
            dataset.key or (id(dataset),), chosen, first, second, dataset.incidents, dataset.history
        )
        if not counts:
            st.caption("No link changed, and none was newly made, between these dates.")
            return
        st.caption(
            f"{counts.get('up', 0):,} firmer, {counts.get('down', 0):,} weaker, "
            f"{counts.get('added', 0):,} newly linked, {counts.get('changed', 0):,} other changes."
        )
        incident_table(table)
        total = sum(counts.values())
        if total > LIMIT:
            st.caption(f"The first {LIMIT:,} of {total:,}; filter by state or crime type to narrow the list.")
