"""What changed between two days: links that firmed up, weakened or were newly made."""

from __future__ import annotations

from datetime import date

import streamlit as st

from geo.filters import View, apply_filters, date_bounds
from geo.history import changes_between, readable_changes
from ui.incident_table import incident_table


def changes_section(view: View) -> None:
    dataset = view.dataset
    with st.expander("What changed between two dates"):
        st.caption("Crime type and state filters apply.")
        if dataset.history.empty:
            st.caption("This dataset has no attribution history, so only newly reported incidents can show as changes.")
        low, high = date_bounds(dataset.incidents)
        first_col, second_col = st.columns(2)
        first = first_col.date_input("From", value=view.filters.known or low, key="changes_from", format="YYYY-MM-DD")
        second = second_col.date_input("To", value=max(date.today(), high), key="changes_to", format="YYYY-MM-DD")
        if first > second:
            st.warning("The first date is after the second.")
            return
        # Crime type and state filters apply; the levels and dates are what this compares.
        chosen = view.filters.only(attribution=(), since=None, until=None, dated_only=False, known=None)
        changes = changes_between(apply_filters(dataset.incidents, chosen), dataset.history, first, second)
        if changes.empty:
            st.caption("No link changed, and none was newly made, between these dates.")
            return
        counts = changes["change"].value_counts()
        st.caption(
            f"{int(counts.get('up', 0)):,} firmer, {int(counts.get('down', 0)):,} weaker, "
            f"{int(counts.get('added', 0)):,} newly linked, {int(counts.get('changed', 0)):,} other changes."
        )
        incident_table(readable_changes(changes))
