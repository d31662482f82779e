"""The interactive map: a stable base map plus filter-driven layers, through streamlit-folium."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.choropleth import build_choropleth
from geo.dataset import Dataset
from geo.filters import Filters
from geo.map_layers import base_map, clicked_state, view_layers
from geo.vocab import INCIDENT_MEASURE, ordered_crime_types
from ui.sidebar import select_state


def show_map(dataset: Dataset, filters: Filters, in_view: pd.DataFrame, key: str, height: int = 620) -> None:
    crime_types = list(dataset.crime_types)
    fmap = base_map(crime_types, filters.basemap)
    layers = view_layers(in_view, crime_types, build_choropleth(in_view, dataset.counts, filters.measure), filters)
    st_folium(
        fmap,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=layers,
        # Clicks only: panning and zooming must not rerun the app.
        returned_objects=["last_active_drawing"],
        on_change=lambda: select_state(clicked_state(st.session_state.get(key))),
    )


def preview_map(incidents: pd.DataFrame, height: int = 420) -> None:
    """An upload's rows on the map before they are saved; it sends nothing back to the app."""
    crime_types = ordered_crime_types(incidents["crime_type"].unique())
    fmap = base_map(crime_types, "light")
    layers = view_layers(
        incidents, crime_types, build_choropleth(incidents, pd.DataFrame(), INCIDENT_MEASURE), Filters()
    )
    st_folium(
        fmap,
        key="preview_map",
        height=height,
        use_container_width=True,
        feature_group_to_add=layers,
        returned_objects=[],
    )
