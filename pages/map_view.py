"""Home: the national map of incidents and state measures under the current filters."""

import streamlit as st

from geo.filters import apply_filters, showing_caption
from ui.data import current_dataset
from ui.map_widget import show_map
from ui.page_parts import data_note, load_problems_note
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
load_problems_note(dataset)
data_note(dataset)
