"""Two keyboard routes to a place on the map: a search box, and a list of the incidents shown."""

from __future__ import annotations

import pandas as pd
import pyarrow
import streamlit as st

from geo.dataset.describe import readable
from geo.view.filters import Filters
from geo.view.search import INCIDENT_ZOOM, Match, find
from geo.view.view import View
from ui.markdown import md
from ui.view import VIEW_HASHES

LIST_LIMIT = 1_000


MEMO_KEY = "find_memo"


def _find(incidents: pd.DataFrame, query: str, view_key: object) -> list[Match]:
    """Searched once per query and view: other widgets' reruns reuse the matches."""
    key = (query, view_key, len(incidents))
    memo = st.session_state.get(MEMO_KEY)
    if memo and memo[0] == key:
        return memo[1]
    matches = find(incidents, query)
    st.session_state[MEMO_KEY] = (key, matches)
    return matches


def search_box(incidents: pd.DataFrame, view_key: object = None) -> Match | None:
    """A place or incident the user looked for, or None. ``view_key`` identifies the view searched."""
    query = st.text_input(
        "Find a place or incident",
        key="find",
        placeholder="A title, an id, a city or a state",
        help="Type at least two letters and press Enter; choose a match to fly the map there.",
    )
    matches = _find(incidents, query, view_key) if query else []
    if query and not matches:
        st.text(f"Nothing in this data or the gazetteer matches '{query}'.")
        return None
    if not matches:
        return None
    chosen = st.radio(
        "Matches",
        range(len(matches)),
        format_func=lambda i: md(matches[i].label),
        key=f"find_match_{query}",
        label_visibility="collapsed",
    )
    return matches[chosen]


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=VIEW_HASHES)
def _list_table(dataset_key: tuple, filters: Filters, _incidents: pd.DataFrame, _rated: bool) -> pyarrow.Table:
    """As Arrow, which Streamlit sends as it is: a frame was converted again on every rerun."""
    table = readable(_incidents.head(LIST_LIMIT), _rated)
    shown = table[[name for name in ("Title", "Attribution", "Date", "Place", "Crime type") if name in table]]
    return pyarrow.Table.from_pandas(shown, preserve_index=False)


def incident_list(view: View) -> Match | None:
    """The incidents shown as a table to move through with the keyboard (Tab into it, arrows, Space
    to choose a row); the chosen one is shown on the map."""
    incidents = view.incidents
    with st.expander(f"List of the incidents on this map ({len(incidents):,})"):
        if len(incidents) > LIST_LIMIT:
            st.caption(f"The first {LIST_LIMIT:,}; filter or search to narrow the list.")
        table = _list_table(view.dataset.key or (id(view.dataset),), view.filters, incidents, view.dataset.rated)
        event = st.dataframe(
            table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="incident_list"
        )
    rows = event.selection.rows if event is not None else []
    if not rows:
        return None
    row = incidents.iloc[rows[0]]  # the list shows the view's first rows, in order
    return Match("incident", str(row["title"]), float(row["lat"]), float(row["lon"]), INCIDENT_ZOOM, str(row["id"]))
