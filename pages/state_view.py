"""Editors' drill-down: one state's shipped counts, incidents, timeline and map."""

import streamlit as st

from geo.dataset.describe import empty_selection
from geo.reference.states import state_name, state_table
from geo.view.aggregate import by_attribution, monthly_timeline
from geo.view.view import showing_caption
from ui.charts import timeline_chart
from ui.incident_table import incident_cards
from ui.map_widget import show_map
from ui.markdown import md
from ui.notes import data_note
from ui.sidebar import select_state
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

left, right = st.columns([3, 2])
with left:
    show_map(state_view, current_settings(), key="state_map", height=460)
with right:
    if dataset.rated:
        st.subheader("Attribution")
        st.dataframe(by_attribution(in_state), hide_index=True, width="stretch")
    st.subheader("State-level figures")
    counts = dataset.counts[dataset.counts["state"] == chosen]
    if counts.empty:
        st.text("No state-level figures in the data for this state.")
    for figure in counts.itertuples(index=False):
        # A short list reads whole at any width; a table clipped its long values to a character.
        with st.container(border=True):
            st.markdown(f"**{md(figure.measure)}**")
            st.markdown(md(figure.value))
            st.caption(
                md(
                    " · ".join(
                        part for part in (figure.source, f"as of {figure.as_of}" if figure.as_of else "") if part
                    )
                )
            )
            if figure.note:
                st.caption(md(figure.note))

st.subheader("Incidents")
if in_state.empty:
    st.text("No incidents in this state under the current filters.")
else:
    incident_cards(in_state, dataset.rated)

if len(in_state) > 5_000:
    st.caption(f"The table shows the first 5,000 of {len(in_state):,}; the Data page downloads them all.")

st.subheader("Timeline by month")
timeline, left_out = monthly_timeline(in_state, dataset.palette)
if not timeline.empty:
    st.altair_chart(timeline_chart(timeline), width="stretch")
if left_out:
    st.caption(
        f"{left_out} incident(s) known only to a season or year, or only as 'reported by' a date, "
        "are left out of the monthly timeline rather than given a month the source does not give."
    )
data_note(dataset)
