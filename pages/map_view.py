"""Home: the national map of incidents and state measures under the current filters."""

import streamlit as st

from geo.describe import readable
from geo.filters import apply_filters, showing_caption
from ui.data import current_dataset
from ui.map_widget import selected_incidents, show_map
from ui.page_parts import data_note, incident_table, load_problems_note
from ui.sidebar import current_filters

dataset = current_dataset()
filters = current_filters()
in_view = apply_filters(dataset.incidents, filters)

st.title("Incident Atlas")
st.caption(showing_caption(len(in_view), len(dataset.incidents)))
show_map(dataset, filters, in_view, key="national_map")
st.caption(
    "Click a state to filter to it (then open **State** for its details). Click a marker for the "
    "incident, who attributes it to the gang and on what basis."
)
selection = selected_incidents(dataset)
if selection is not None:
    kind, rows = selection
    st.subheader("Selected incident" if kind == "incident" else f"{len(rows):,} incidents in the selected area")
    incident_table(readable(rows.head(1000)))
    if len(rows) > 1000:
        st.caption("Showing the first 1,000; filter or zoom further to narrow the list.")
load_problems_note(dataset)
data_note(dataset)
