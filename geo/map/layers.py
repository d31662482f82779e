"""The map as folium elements: a stable base (tiles, states, legend) and the filter-driven layers.

Data reaches the page only as JSON made by ``geo.support.encode`` and is turned into DOM by
``static/atlas.js`` with textContent. Nothing from the data is put into HTML strings, folium Popups
or Tooltips, whose templates run it as markup or inside JavaScript template literals.
``build_map`` is the one assembly the app, the snapshot and the benchmark all use.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from geo.map.choropleth import Choropleth, monthly_choropleths
from geo.map.payload import (
    DETAIL_LIMIT,
    READER_DETAIL_LIMIT,
    READER_POINT_LIMIT,
    MapView,
    choropleth_spec,
    incident_payload,
    selection_labels,
)
from geo.reference.boundaries import states_payload
from geo.reference.vocab import LIVE_MEASURES
from geo.style.basemaps import BASEMAPS, DEFAULT_BASEMAP
from geo.style.inks import NO_VALUE_COLOUR, STATE_OUTLINE
from geo.style.legend import legend
from geo.style.palette import DEFAULT_COLOUR_BY, TypePalette
from geo.support.encode import script_json
from geo.support.paths import STATIC_DIR
from geo.view.filters import Filters

LEAFLET_VERSION = "1.9.4"
LEAFLET_JS = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js"
LEAFLET_CSS = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css"
US_CENTRE = (39.5, -98.35)
US_ZOOM = 4
# The lower 48: the default view. Alaska, Hawaii and territories are a pan away.
CONTIGUOUS_US = [[24.4, -124.8], [49.4, -66.9]]


@dataclass(frozen=True)
class MapAssets:
    """Where a map's page fetches Leaflet and our drawing code (``static/atlas.js`` and its CSS):
    files the browser caches, so a map message carries data only. The app serves its own copies
    (``ui.assets``); a snapshot ships them in its folder."""

    leaflet_js: str
    leaflet_css: str
    atlas_js: str
    atlas_css: str


RUNTIME_FILES = ("atlas.js", "atlas.css")


def runtime_version() -> str:
    """A digest of the drawing code, added to its address so a browser never runs a stale copy."""
    digest = hashlib.sha256()
    for name in RUNTIME_FILES:
        digest.update((STATIC_DIR / name).read_bytes())
    return digest.hexdigest()[:12]


# Leaflet from its CDN and the drawing code beside the page: the default for pages we do not serve.
BESIDE_THE_PAGE = MapAssets(LEAFLET_JS, LEAFLET_CSS, "atlas.js", "atlas.css")


class AtlasMap(folium.Map):
    """A folium map that asks the browser for Leaflet and our runtime alone: no jQuery, Bootstrap
    or icon fonts."""

    default_js = [("leaflet", LEAFLET_JS)]
    default_css = [("leaflet_css", LEAFLET_CSS)]


@cache
def _states_json() -> str:
    return script_json(states_payload())


class _AtlasCall(MacroElement):
    """A runtime call on the map or the enclosing group, named at render time: streamlit-folium
    renames both when it extracts the group, and snapshots renumber every element."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "IncidentAtlas.{{ this.function }}({{ this.target_name() }}, {{ this.arguments }});"
        "{% endmacro %}"
    )

    def __init__(self, function: str, target: str, *arguments: str) -> None:
        super().__init__()
        self.function = function
        self.target = target
        self.arguments = ", ".join(arguments)

    def target_name(self) -> str:
        node = self._parent
        while self.target == "map" and not isinstance(node, folium.Map):
            node = node._parent
        return node.get_name()


def base_map(
    palette: TypePalette,
    heading: str,
    basemap: str = DEFAULT_BASEMAP,
    colour_by: str = DEFAULT_COLOUR_BY,
    assets: MapAssets = BESIDE_THE_PAGE,
    rated: bool = True,
) -> AtlasMap:
    """The part of the map that does not change with filters, so the app never remounts it.
    ``heading`` titles the attribution legend (``geo.style.attribution_heading``); ``assets`` says
    where Leaflet and the drawing code are fetched from."""
    tiles = BASEMAPS.get(basemap, BASEMAPS[DEFAULT_BASEMAP])
    fmap = AtlasMap(
        location=US_CENTRE,
        zoom_start=US_ZOOM,
        min_zoom=2,
        tiles=None,
        prefer_canvas=True,
        height="100%",
        control_scale=True,
    )
    fmap.default_js = [("leaflet", assets.leaflet_js), ("incident_atlas", assets.atlas_js)]
    fmap.default_css = [("leaflet_css", assets.leaflet_css), ("incident_atlas_css", assets.atlas_css)]
    if tiles.tiles:
        # Pages send no referrer, but OpenStreetMap refuses tiles without one: tiles send the origin.
        folium.TileLayer(tiles.tiles, name=tiles.label, referrer_policy="strict-origin-when-cross-origin").add_to(fmap)
    base = {"fill": NO_VALUE_COLOUR, "outline": STATE_OUTLINE, "homeBounds": CONTIGUOUS_US}
    _AtlasCall("addStates", "map", _states_json(), script_json(base)).add_to(fmap)
    _AtlasCall("addLegend", "map", script_json(legend(palette, heading, colour_by, rated).to_json())).add_to(fmap)
    return fmap


def view_layers(
    incidents: pd.DataFrame,
    palette: TypePalette,
    choropleth: Choropleth,
    filters: Filters,
    detail: bool = True,
    brief: bool = False,
    point_limit: int | None = None,
    rated: bool = True,
) -> tuple[folium.FeatureGroup, MapView]:
    """What changes with the filters: choropleth colours, selection zoom and the incident points.

    Returned unattached: the app hands it to streamlit-folium as ``feature_group_to_add`` so the
    base map stays mounted; a standalone page adds it to the map.
    """
    group = folium.FeatureGroup(name="Incidents", control=False)
    payload, view = incident_payload(
        incidents, palette, detail, filters.colour, brief, point_limit, filters.change_span(), rated
    )
    spec = choropleth_spec(choropleth, filters.state)
    if filters.measure in LIVE_MEASURES:
        # Played back month by month, the states are shaded by that month's incidents.
        spec["months"] = monthly_choropleths(incidents, filters.measure)
    _AtlasCall("paintStates", "map", script_json(spec)).add_to(group)
    _AtlasCall("addIncidents", "group", script_json(payload)).add_to(group)
    if filters.state:
        _AtlasCall("addLabels", "group", script_json(selection_labels(incidents, filters.state))).add_to(group)
    return group, view


@dataclass(frozen=True)
class BuiltMap:
    base: AtlasMap
    layers: folium.FeatureGroup
    view: MapView

    def standalone_html(self) -> str:
        """One self-sufficient HTML page of the map with its layers (tests, previews)."""
        self.layers.add_to(self.base)
        return self.base.get_root().render()


def build_map(
    incidents: pd.DataFrame,
    palette: TypePalette,
    choropleth: Choropleth,
    filters: Filters,
    heading: str,
    reader: bool = False,
    assets: MapAssets = BESIDE_THE_PAGE,
    rated: bool = True,
) -> BuiltMap:
    """The map of a view. The app sends popup text for small views only (the server answers clicks
    on larger ones); a reader's page has no server, so it carries each incident's place and date
    instead, and counted cells from a lower size on. ``rated`` false: the data rates no link, and
    the map shows no attribution levels."""
    fmap = base_map(palette, heading, filters.basemap, filters.colour, assets, rated)
    detail = len(incidents) <= (READER_DETAIL_LIMIT if reader else DETAIL_LIMIT)
    point_limit = READER_POINT_LIMIT if reader else None
    layers, view = view_layers(incidents, palette, choropleth, filters, detail, reader, point_limit, rated)
    return BuiltMap(fmap, layers, view)
