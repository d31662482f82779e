"""The map as folium elements: a stable base (tiles, states, legend) and the filter-driven layers.

Data reaches the page only as JSON made by ``geo.support.encode``, in the typed elements of
``geo.map.elements``, and is turned into DOM by the runtime (``geo.map.runtime``) with textContent.
Nothing from the data is put into HTML strings, folium Popups or Tooltips, whose templates run it
as markup or inside JavaScript template literals.
``build_map`` is the one assembly the app, the snapshot and the benchmark all use.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd
from folium.utilities import JsCode

from geo.map.choropleth import Choropleth, monthly_choropleths
from geo.map.elements import (
    AsText,
    Found,
    Group,
    Incidents,
    MapLegend,
    PlaceLabels,
    Shading,
    StateOutlines,
    Tiles,
    WholeView,
)
from geo.map.payload import (
    DETAIL_LIMIT,
    READER_DETAIL_LIMIT,
    READER_POINT_LIMIT,
    MapView,
    choropleth_spec,
    incident_payload,
    selection_labels,
)
from geo.map.playback import Months
from geo.map.runtime import RUNTIME_FILES
from geo.reference.vocab import LIVE_MEASURES
from geo.style.basemaps import BASEMAPS, DEFAULT_BASEMAP, tile_provider
from geo.style.inks import NO_VALUE_COLOUR, STATE_OUTLINE
from geo.style.legend_sections import legend
from geo.style.palette import DEFAULT_COLOUR_BY, TypePalette
from geo.view.filters import Filters
from geo.view.settings import MapSettings

LEAFLET_VERSION = "1.9.4"
LEAFLET_JS = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js"
LEAFLET_CSS = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css"
US_CENTRE = (39.5, -98.35)
US_ZOOM = 4
# The lower 48: the default view. Alaska, Hawaii and territories are a pan away.
CONTIGUOUS_US = [[24.4, -124.8], [49.4, -66.9]]
# Data spreading over less than this share of the lower 48's width and height opens on its own box.
LOCAL_SHARE = 0.4
# The least a local home view spans, in degrees (one town's data is not drawn at street level).
LOCAL_SPAN = 1.5


def home_bounds(incidents: pd.DataFrame) -> list[list[float]]:
    """Where a map first opens: the lower 48, or the box of data that lies in a much smaller part of
    it (a city's or a state's), leaving out the outermost 1% each way and anything beyond."""
    (south, west), (north, east) = CONTIGUOUS_US
    lat, lon = incidents["lat"].to_numpy(dtype=float), incidents["lon"].to_numpy(dtype=float)
    inside = (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)
    if inside.sum() < 2:
        return CONTIGUOUS_US
    low_lat, high_lat = np.quantile(lat[inside], [0.01, 0.99])
    low_lon, high_lon = np.quantile(lon[inside], [0.01, 0.99])
    if high_lat - low_lat > LOCAL_SHARE * (north - south) or high_lon - low_lon > LOCAL_SHARE * (east - west):
        return CONTIGUOUS_US
    # A tenth more each way: the outermost incidents left out above still lie inside.
    half_lat, half_lon = (
        max(1.2 * (high - low), LOCAL_SPAN) / 2 for low, high in ((low_lat, high_lat), (low_lon, high_lon))
    )
    mid_lat, mid_lon = (low_lat + high_lat) / 2, (low_lon + high_lon) / 2
    return [[mid_lat - half_lat, mid_lon - half_lon], [mid_lat + half_lat, mid_lon + half_lon]]


@dataclass(frozen=True)
class MapAssets:
    """Where a map's page fetches Leaflet and our drawing code (``geo.map.runtime``): files the
    browser caches, so a map message carries data only. The app serves its own copies
    (``ui.assets``); a snapshot ships them in its folder."""

    leaflet_js: str
    leaflet_css: str
    atlas_js: str
    atlas_css: str
    outlines_js: str


# Leaflet from its CDN and the drawing code beside the page: the default for pages we do not serve.
BESIDE_THE_PAGE = MapAssets(LEAFLET_JS, LEAFLET_CSS, *RUNTIME_FILES)


class AtlasMap(folium.Map, AsText):
    """A folium map that asks the browser for Leaflet and our runtime alone (no jQuery, Bootstrap or
    icon fonts), drawn on the runtime's canvas so states, discs and marks share one."""

    default_js = [("leaflet", LEAFLET_JS)]
    default_css = [("leaflet_css", LEAFLET_CSS)]


def base_map(
    palette: TypePalette,
    heading: str,
    basemap: str = DEFAULT_BASEMAP,
    colour_by: str = DEFAULT_COLOUR_BY,
    assets: MapAssets = BESIDE_THE_PAGE,
    rated: bool = True,
    home: list[list[float]] = CONTIGUOUS_US,
) -> AtlasMap:
    """The part of the map that does not change with filters, so the app never remounts it.
    ``heading`` titles the attribution legend (``geo.style.attribution_heading``); ``assets`` says
    where Leaflet and the drawing code are fetched from; ``home`` is where it opens (``home_bounds``)."""
    tiles = BASEMAPS.get(basemap, BASEMAPS[DEFAULT_BASEMAP])
    fmap = AtlasMap(
        location=US_CENTRE,
        zoom_start=US_ZOOM,
        min_zoom=2,
        tiles=None,
        prefer_canvas=True,
        height="100%",
        control_scale=True,
        # Quarter zoom steps: the home view fills its frame instead of jumping a whole step smaller.
        zoom_snap=0.25,
        zoom_delta=0.5,
        renderer=JsCode("new L.Atlas.Renderer()"),
    )
    fmap.default_js = [
        ("leaflet", assets.leaflet_js),
        ("incident_atlas", assets.atlas_js),
        ("incident_atlas_outlines", assets.outlines_js),
    ]
    fmap.default_css = [("leaflet_css", assets.leaflet_css), ("incident_atlas_css", assets.atlas_css)]
    if tiles.tiles:
        # Pages send no referrer, but OpenStreetMap refuses tiles without one: tiles send the origin.
        Tiles(tile_provider(tiles.tiles), name=tiles.label, referrer_policy="strict-origin-when-cross-origin").add_to(
            fmap
        )
    base = {"fill": NO_VALUE_COLOUR, "outline": STATE_OUTLINE, "homeBounds": home}
    StateOutlines(base).add_to(fmap)
    MapLegend(legend(palette, heading, colour_by, rated)).add_to(fmap)
    WholeView().add_to(fmap)
    Found().add_to(fmap)
    return fmap


def view_layers(
    incidents: pd.DataFrame,
    palette: TypePalette,
    choropleth: Choropleth,
    filters: Filters,
    settings: MapSettings,
    detail: bool = True,
    brief: bool = False,
    point_limit: int | None = None,
    rated: bool = True,
) -> tuple[folium.FeatureGroup, MapView]:
    """What changes with the filters and settings: choropleth colours, selection zoom and the incident
    points.

    Returned unattached: the app hands it to streamlit-folium as ``feature_group_to_add`` so the
    base map stays mounted; a standalone page adds it to the map.
    """
    group = Group(name="Incidents", control=False)
    months = Months(incidents)
    payload, view = incident_payload(
        incidents, palette, detail, settings.colour, brief, point_limit, filters.change_span(), rated, months
    )
    spec = choropleth_spec(choropleth, filters.state, incidents)
    if settings.measure in LIVE_MEASURES:
        # Played back month by month, the states are shaded by that month's incidents.
        spec["months"] = monthly_choropleths(incidents, settings.measure, months)
    Shading(spec).add_to(group)
    Incidents(payload).add_to(group)
    if filters.state:
        PlaceLabels(selection_labels(incidents, filters.state)).add_to(group)
    return group, view


@dataclass(frozen=True)
class BuiltMap:
    base: AtlasMap
    layers: folium.FeatureGroup
    view: MapView

    @property
    def legend(self) -> MapLegend:
        """The base map's legend, which a reader's page may move below the map."""
        return next(child for child in self.base._children.values() if isinstance(child, MapLegend))

    def standalone_html(self) -> str:
        """One self-sufficient HTML page of the map with its layers (tests, previews)."""
        self.layers.add_to(self.base)
        return self.base.get_root().render()


def build_map(
    incidents: pd.DataFrame,
    palette: TypePalette,
    choropleth: Choropleth,
    filters: Filters,
    settings: MapSettings,
    heading: str,
    reader: bool = False,
    assets: MapAssets = BESIDE_THE_PAGE,
    rated: bool = True,
    home: list[list[float]] | None = None,
) -> BuiltMap:
    """The map of a view. The app sends popup text for small views only (the server answers clicks
    on larger ones); a reader's page has no server, so it carries each incident's place and date
    instead, and counted cells from a lower size on. ``rated`` false: the data rates no link, and
    the map shows no attribution levels. ``home``: where it opens, by default fitted to ``incidents``
    (the app passes its dataset's, so its base map stays the same as filters change)."""
    home = home_bounds(incidents) if home is None else home
    fmap = base_map(palette, heading, settings.basemap, settings.colour, assets, rated, home)
    detail = len(incidents) <= (READER_DETAIL_LIMIT if reader else DETAIL_LIMIT)
    point_limit = READER_POINT_LIMIT if reader else None
    layers, view = view_layers(incidents, palette, choropleth, filters, settings, detail, reader, point_limit, rated)
    return BuiltMap(fmap, layers, view)
