"""Home: the national map of incidents and state measures under the current filters."""

import streamlit as st

from geo.describe import readable
from ui.incident_table import incident_table
from ui.map_widget import selected_incidents, show_map
from ui.notes import data_note, load_problems_note
from ui.view import current_view

view = current_view()
dataset = view.dataset

st.title("Incident Atlas")
st.caption(view.caption)
show_map(view, key="national_map")
st.caption(
    "Click a state to filter to it (then open **State** for its details). Click a marker for the "
    "incident: who makes the link, how firmly, and on what basis."
)
selection = selected_incidents(view)
if selection is not None:
    kind, rows = selection
    st.subheader("Selected incident" if kind == "incident" else f"{len(rows):,} incidents in the selected area")
    incident_table(readable(rows.head(1000)))
    if len(rows) > 1000:
        st.caption("Showing the first 1,000; filter or zoom further to narrow the list.")
load_problems_note(dataset)
data_note(dataset)
