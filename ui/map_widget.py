"""The interactive map: a stable base map plus filter-driven layers, through streamlit-folium."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.bins import incidents_in_bin
from geo.choropleth import build_choropleth
from geo.dataset import Dataset
from geo.filters import Filters
from geo.map_layers import DETAIL_LIMIT, MapView, base_map, clicked_mark, clicked_state, view_layers
from geo.vocab import INCIDENT_MEASURE, ordered_crime_types
from ui.sidebar import select_state

VIEWS_KEY = "map_views"
SELECTION_KEY = "map_selection"
KEEP_VIEWS = 6


def _remember(view: MapView) -> None:
    """Clicks name the view they came from; keep the last few so a click always resolves."""
    views = st.session_state.setdefault(VIEWS_KEY, {})
    views[view.token] = view
    for token in list(views)[:-KEEP_VIEWS]:
        del views[token]


def _on_click(key: str) -> None:
    result = st.session_state.get(key)
    state = clicked_state(result)
    if state:
        select_state(state)
        return
    mark = clicked_mark(result)
    if mark:
        st.session_state[SELECTION_KEY] = mark


def show_map(dataset: Dataset, filters: Filters, in_view: pd.DataFrame, key: str, height: int = 620) -> None:
    crime_types = list(dataset.crime_types)
    fmap = base_map(crime_types, filters.basemap)
    choropleth = build_choropleth(in_view, dataset.counts, filters.measure)
    # Large views send no popup text: a click asks the server, which answers beside the map.
    layers, view = view_layers(in_view, crime_types, choropleth, filters, detail=len(in_view) <= DETAIL_LIMIT)
    _remember(view)
    st_folium(
        fmap,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=layers,
        # Clicks only: panning and zooming must not rerun the app.
        returned_objects=["last_active_drawing"],
        on_change=lambda: _on_click(key),
    )


def selected_incidents(dataset: Dataset) -> tuple[str, pd.DataFrame] | None:
    """The incident or grid cell the user last clicked, as rows of the dataset (None if stale)."""
    mark = st.session_state.get(SELECTION_KEY)
    views = st.session_state.get(VIEWS_KEY, {})
    if not mark or mark[0] not in views:
        return None
    token, kind, position = mark
    view = views[token]
    incidents = dataset.incidents
    if kind == "point" and position < len(view.ids):
        return "incident", incidents[incidents["id"] == view.ids[position]]
    if kind.startswith("bin:"):
        level = int(kind.split(":")[1])
        if level < len(view.bins) and position < len(view.bins[level].keys):
            shown = incidents[incidents["id"].isin(view.ids)]
            return "cell", incidents_in_bin(shown, view.bins[level], position)
    return None


def preview_map(incidents: pd.DataFrame, height: int = 420) -> None:
    """An upload's rows on the map before they are saved; it sends nothing back to the app."""
    crime_types = ordered_crime_types(incidents["crime_type"].unique())
    fmap = base_map(crime_types, "light")
    choropleth = build_choropleth(incidents, pd.DataFrame(), INCIDENT_MEASURE)
    layers, _ = view_layers(incidents, crime_types, choropleth, Filters(), detail=len(incidents) <= DETAIL_LIMIT)
    st_folium(
        fmap,
        key="preview_map",
        height=height,
        use_container_width=True,
        feature_group_to_add=layers,
        returned_objects=[],
    )
