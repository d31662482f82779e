"""The interactive map through streamlit-folium: a stable base map plus filter-driven layers, and
what a click on it means (the protocol between ``atlas.js`` and this app, decoded only here)."""

from __future__ import annotations

import threading

import pandas as pd
import pyarrow
import streamlit as st
import streamlit_folium
from streamlit_folium import st_folium

from geo.dataset.dataset import Dataset
from geo.dataset.describe import readable
from geo.map.cells import incidents_in_bin
from geo.map.choropleth import Choropleth, build_choropleth
from geo.map.layers import BuiltMap, build_map, home_bounds
from geo.map.payload import MapView, incident_record
from geo.reference.vocab import FIRMEST_MEASURE, INCIDENT_MEASURE
from geo.style.badges import change_style
from geo.style.discs import COUNTED_ABOVE, disc_style
from geo.style.legend_sections import attribution_heading, legend
from geo.style.palette import type_palette
from geo.view.filters import Filters
from geo.view.search import Match
from geo.view.settings import MapSettings
from geo.view.view import View
from ui.assets import app_assets
from ui.incident_table import incident_table
from ui.phone_legend import phone_legend
from ui.sidebar import rerun_if_filters_set, select_state
from ui.view import VIEW_HASHES, shared_view

VIEWS_KEY = "map_views"
SELECTION_KEY = "map_selection"
KEEP_VIEWS = 3
SELECTION_ROWS = 1_000


def clicked_state(result: object) -> str | None:
    """The USPS code of a state the user clicked, from streamlit-folium's return value."""
    if not isinstance(result, dict):
        return None
    drawing = result.get("last_active_drawing")
    if not isinstance(drawing, dict):
        return None
    properties = drawing.get("properties")
    if not isinstance(properties, dict) or "view" in properties:
        return None
    code = properties.get("state")
    return code if isinstance(code, str) and len(code) == 2 else None


def clicked_mark(result: object) -> tuple[str, str, int] | None:
    """(view token, "point" or "bin:<level>", position) of an incident mark or cell the user clicked."""
    if not isinstance(result, dict) or not isinstance(result.get("last_active_drawing"), dict):
        return None
    properties = result["last_active_drawing"].get("properties")
    if not isinstance(properties, dict) or not isinstance(properties.get("view"), str):
        return None
    kind, position = properties.get("kind"), properties.get("index")
    if not isinstance(kind, str) or not isinstance(position, int) or position < 0:
        return None
    return properties["view"], kind, position


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


# Clicks only: panning and zooming must not rerun the app.
RETURNED = ["last_active_drawing"]
_RENDERING = threading.Lock()
# One map is built at a time. Under the GIL, ten sessions building ten maps at once all finish
# late together, and slow every rerun that needs no map built; one at a time, the first is ready
# first (50 sessions on two replicas: rerun p50 0.24 s against 0.37 to 1.0 s, open p95 a third).
_BUILDING = threading.Lock()


def _rendered(built: BuiltMap, key: str, height: int, returned: list[str]) -> dict:
    """What streamlit-folium sends the browser for this map (its HTML, scripts and links), prepared
    by ``st_folium`` itself but captured instead of sent, so that it can be kept and sent again.
    Every map of the app goes through here, one at a time, so no other run sees the capture."""
    captured: dict = {}
    with _RENDERING:
        real = streamlit_folium._component_func
        streamlit_folium._component_func = lambda **arguments: captured.update(arguments)
        try:
            st_folium(
                built.base,
                key=key,
                height=height,
                use_container_width=True,
                feature_group_to_add=built.layers,
                returned_objects=returned,
            )
        finally:
            streamlit_folium._component_func = real
    return captured


@st.cache_resource(show_spinner=False, max_entries=16)
def _home(dataset_key: tuple, _dataset: Dataset) -> list[list[float]]:
    """Where every map of a dataset opens, whatever its filters: its base map never changes."""
    return home_bounds(_dataset.incidents)


# A map's message is at most about 1 MB (points up to 200,000, counted cells above), so 64 cost
# 64 MB at most, and hold the 63 choices of one to three attribution levels that 24 evicted in turn.
@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=VIEW_HASHES)
def _national_map(
    dataset_key: tuple, filters: Filters, settings: MapSettings, key: str, height: int, _view: View
) -> tuple[dict, MapView, Choropleth]:
    """Built and rendered once per (dataset, filters, settings) for every session: most reruns are
    views someone has already asked for, and drawing a map is most of a rerun's work."""
    with _BUILDING:
        return _build(filters, settings, key, height, _view)


def _build(
    filters: Filters, settings: MapSettings, key: str, height: int, view: View
) -> tuple[dict, MapView, Choropleth]:
    dataset = view.dataset
    choropleth = build_choropleth(view.incidents, dataset.counts, settings.measure)
    # Large views send no popup text: a click asks the server, which answers beside the map.
    built = build_map(
        view.incidents,
        dataset.palette,
        choropleth,
        filters,
        settings,
        dataset.meta.attribution_heading,
        assets=app_assets(),
        rated=dataset.rated,
        home=_home(dataset.key or (id(dataset),), dataset),
    )
    rendered = _rendered(built, key, height, RETURNED)
    # Arrow keeps the buffers freed while building for reuse; they go back to the system.
    pyarrow.default_memory_pool().release_unused()
    return rendered, built.view, choropleth


def _clicked_record(view: View, shown: MapView) -> dict | None:
    """The full record of the incident last clicked on this map, for its popup (``Points._record``
    in geo/map/static/points.js): a large view's page carries no records of its own."""
    mark = st.session_state.get(SELECTION_KEY)
    if not mark or mark[0] != shown.token or mark[1] != "point" or mark[2] >= len(shown.rows):
        return None
    label = shown.rows[mark[2]]
    if label not in view.incidents.index:
        return None
    return {"view": shown.token, "index": mark[2], "record": incident_record(view.incidents.loc[[label]])}


def _send(arguments: dict, key: str, on_change=None, focus: Match | None = None, record: dict | None = None) -> None:
    """The component itself, with this session's click handling, focus and clicked record."""

    def changed() -> None:
        st.session_state[key] = st.session_state.get(arguments["key"], {})
        if on_change is not None:
            on_change()

    streamlit_folium._component_func(
        **{
            **arguments,
            "on_change": changed,
            "center": (focus.lat, focus.lon) if focus else None,
            "zoom": focus.zoom if focus else None,
            # Read by the runtime's ``Found`` ring (geo/map/static/focus.js); streamlit-folium ignores it.
            "atlas_focus": {"lat": focus.lat, "lon": focus.lon, "label": focus.label, "kind": focus.kind}
            if focus
            else None,
            "atlas_record": record,
        }
    )


def show_map(view: View, settings: MapSettings, key: str, height: int = 620, focus: Match | None = None) -> None:
    """``view`` may be narrower than the run's (the state page's single state); ``focus`` flies the
    map to a found place or incident without reloading it."""
    dataset = view.dataset
    arguments, shown, choropleth = _national_map(
        dataset.key or (id(dataset),), view.filters, settings, key, height, view
    )
    _remember(shown)
    _send(arguments, key, on_change=lambda: _on_click(key), focus=focus, record=_clicked_record(view, shown))
    counted = len(view.incidents) > COUNTED_ABOVE
    cells = disc_style(dataset.palette, settings.colour, dataset.rated) if counted else None
    span = view.filters.change_span()
    changes = change_style(span, view.incidents["change"]) if span else None
    marks = legend(dataset.palette, dataset.meta.attribution_heading, settings.colour, dataset.rated)
    phone_legend(marks, choropleth, cells, changes)


@st.fragment
def map_with_selection(
    dataset: Dataset, filters: Filters, settings: MapSettings, key: str, focus: Match | None
) -> None:
    """The map and what a click on it selects, rerun alone when a mark is clicked (a click on a
    state filters the whole page, which reruns whole). The view comes from the shared views: the
    fragment keeps its arguments between reruns, and an idle session must not hold a copy of rows."""
    rerun_if_filters_set()
    view = shared_view(dataset, filters)
    show_map(view, settings, key=key, focus=focus)
    selection = selected_incidents(view)
    if selection is not None:
        kind, rows = selection
        st.subheader("Selected incident" if kind == "incident" else f"{len(rows):,} incidents in the selected area")
        incident_table(readable(rows.head(SELECTION_ROWS), dataset.rated))
        if len(rows) > SELECTION_ROWS:
            st.caption(f"Showing the first {SELECTION_ROWS:,}; filter or zoom further to narrow the list.")


def selected_incidents(view: View) -> tuple[str, pd.DataFrame] | None:
    """The incident or grid cell the user last clicked, as rows of the view (None if stale)."""
    mark = st.session_state.get(SELECTION_KEY)
    views = st.session_state.get(VIEWS_KEY, {})
    if not mark or mark[0] not in views:
        return None
    token, kind, position = mark
    shown = views[token]
    # The view's own rows: as known on a day they carry the levels of then, in a view of changes
    # each one's change (labels are the dataset's either way).
    incidents = view.incidents
    if kind == "point" and position < len(shown.rows) and shown.rows[position] in incidents.index:
        return "incident", incidents.loc[[shown.rows[position]]]
    if kind.startswith("bin:"):
        level = int(kind.split(":")[1])
        if level < len(shown.bins) and position < len(shown.bins[level].counts):
            # Only the places are gathered to find the cell: a million-row view is never copied whole.
            places = incidents.loc[incidents.index.intersection(shown.rows), ["lat", "lon", "state"]]
            return "cell", incidents.loc[incidents_in_bin(places, shown.bins[level], position).index]
    return None


def preview_map(incidents: pd.DataFrame, subject: str, height: int = 420) -> None:
    """An upload's rows on the map before they are saved; it sends nothing back to the app."""
    palette = type_palette(incidents["crime_type"].value_counts())
    rated = bool((incidents["attribution"] != "unrated").any())
    measure = FIRMEST_MEASURE if rated else INCIDENT_MEASURE
    choropleth = build_choropleth(incidents, pd.DataFrame(), measure)
    built = build_map(
        incidents,
        palette,
        choropleth,
        Filters(),
        MapSettings(measure=measure),
        attribution_heading(subject),
        assets=app_assets(),
        rated=rated,
    )
    _send(_rendered(built, "preview_map", height, []), "preview_map")
