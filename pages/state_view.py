"""Editors' drill-down: one state's headline figures, timeline, map, breakdowns by city and crime type,
its state-level figures and its incidents, page by page."""

import streamlit as st

from geo.dataset.describe import empty_selection
from geo.reference.states import state_name, state_table
from geo.reference.vocab import crime_type_label
from geo.view.aggregate import by_attribution, ranked_counts, standing
from geo.view.view import showing_caption
from ui.incident_table import incident_pages
from ui.map_widget import show_map
from ui.markdown import md
from ui.notes import data_note
from ui.sidebar import select_state
from ui.state_panels import count_table, headline, state_figures, state_timeline
from ui.view import current_settings, current_view, shared_view

view = current_view()
dataset, filters = view.dataset, view.filters
codes = list(state_table())
chosen = filters.state[0] if filters.state else None

st.title(f"{state_name(chosen)} ({chosen})" if chosen else "State", anchor=False)
if chosen:
    st.markdown(md(dataset.meta.title_for((chosen,), filters.narrowed)))
    if dataset.meta.coverage:
        st.caption(md(dataset.meta.coverage))
st.selectbox(
    "State",
    codes,
    index=codes.index(chosen) if chosen else None,
    format_func=lambda code: f"{state_name(code)} ({code})",
    placeholder="Choose a state, or click one on the map",
    key="state_picker",
    on_change=lambda: select_state(st.session_state.get("state_picker")),
)
if len(filters.state) > 1:
    st.info("Several states are selected in the filters; this page shows the first. Pick one above to focus on it.")
if not chosen:
    st.stop()

state_view = shared_view(dataset, filters.only(state=(chosen,)))
in_state = state_view.incidents
all_in_state = dataset.incidents[dataset.incidents["state"] == chosen]
st.caption(showing_caption(len(in_state), len(all_in_state)) + f" in {state_name(chosen)}")
notice = st.empty()  # a fixed slot: a notice appearing above the map must not move (remount) it
empty = empty_selection(len(in_state), (chosen,))
if empty:
    notice.info(md(empty), icon=":material/help:")
country = shared_view(dataset, filters.only(state=()))
headline(state_view, current_settings().measure, standing(country.incidents, chosen))
if not in_state.empty:
    state_timeline(in_state, dataset.rated)

left, right = st.columns([3, 2])
with left:
    show_map(state_view, current_settings(), key="state_map", height=460)
with right:
    if dataset.rated:
        st.subheader("Attribution")
        count_table(by_attribution(in_state))
    st.subheader("By city")
    count_table(ranked_counts(in_state["city"], "City"))
    st.subheader("By crime type")
    count_table(ranked_counts(in_state["crime_type"], "Crime type", label=crime_type_label))

state_figures(dataset.counts[dataset.counts["state"] == chosen])
st.subheader("Incidents")
if in_state.empty:
    st.text("No incidents in this state under the current filters.")
else:
    incident_pages(in_state, dataset.rated, key=f"incident_page_{chosen}")
data_note(dataset)
