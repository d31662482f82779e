"""Home: the national map of incidents and state measures under the current filters."""

import streamlit as st

from geo.dataset.describe import empty_selection, readable
from ui.changes import changes_section
from ui.finder import incident_list, search_box
from ui.incident_table import incident_table
from ui.map_widget import map_with_selection
from ui.markdown import md, md_link
from ui.notes import data_note, load_problems_note
from ui.timeline import timeline
from ui.view import current_settings, current_view

view = current_view()
dataset, meta = view.dataset, view.dataset.meta

# The map first: a compact head (title, subtitle, source and what is shown), the map, then the
# timeline and the notes, so at 1280 x 900 the map starts well above the fold.
st.header(md(meta.title_for(view.filters.state, view.filters.narrowed) or "Incidents"), anchor=False)
if meta.subtitle:
    st.caption(md(meta.subtitle))
source = meta.source or "; ".join(dataset.sources[:3])
credit = "Source: " + md_link(source, meta.source_url) if source else ""
st.caption(" · ".join(filter(None, [credit, view.caption])))  # the caption is our own words and numbers
# Fixed slots: an element appearing above the map would move it in the page and remount it.
notice = st.empty()
with st.container():
    found = search_box(view.incidents, (dataset.key or id(dataset), view.filters))
map_slot = st.container()
empty = empty_selection(len(view.incidents), view.filters.state)
if empty:
    notice.info(md(empty), icon=":material/help:")
listed = incident_list(view)  # drawn below the map, read before it is built
focus = found or listed

with map_slot:
    map_with_selection(dataset, view.filters, current_settings(), "national_map", focus)
timeline(dataset, view.filters)
if meta.coverage:
    st.caption(md(meta.coverage))
if focus is not None and focus.kind == "incident":
    st.subheader("Shown on the map")
    incident_table(readable(view.incidents[view.incidents["id"] == focus.id], dataset.rated))
st.caption(
    "Click a state to filter to it (then open **State** for its details). Click a marker for the "
    "incident: who makes the link, how firmly, and on what basis."
)
changes_section(view)
load_problems_note(dataset)
data_note(dataset)
