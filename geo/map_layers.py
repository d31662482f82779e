"""The map as folium elements: a stable base (tiles, states, legend) and the filter-driven layers.

Data reaches the page only as JSON inside scripts (escaped for that context) and is turned into
DOM by ``static/atlas.js`` with textContent. Nothing from the data is put into HTML strings,
folium Popups or Tooltips, whose templates run it as markup or inside JavaScript template literals.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from functools import cache

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from geo.bins import LEVELS_BEFORE_POINTS, BinLevel, bin_levels
from geo.boundaries import states_payload
from geo.choropleth import NO_VALUE_COLOUR, Choropleth
from geo.describe import places, precision_is_exact
from geo.encode import encode_codes, encode_points, spatial_order
from geo.filters import Filters
from geo.paths import STATIC_DIR
from geo.vocab import ATTRIBUTION_LEVELS, attributed_by_label, crime_type_colours, crime_type_label

LEAFLET_VERSION = "1.9.4"
LEAFLET_JS = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js"
LEAFLET_CSS = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css"
US_CENTRE = (39.5, -98.35)
US_ZOOM = 4
# The lower 48: the default view. Alaska, Hawaii and territories are a pan away.
CONTIGUOUS_US = [[24.4, -124.8], [49.4, -66.9]]
STATE_OUTLINE = "#8c8c8c"
# Above DETAIL_LIMIT incidents the app sends no popup text (details come from the server on a
# click); above POINT_LIMIT it sends counted grid cells instead of points.
DETAIL_LIMIT = 5_000
POINT_LIMIT = 200_000
# Between CELL_LIMIT and POINT_LIMIT both are sent: counted cells at national and regional zooms
# (points that many would only be a blot), the points themselves from POINTS_FROM_ZOOM on.
CELL_LIMIT = 20_000
POINTS_FROM_ZOOM = 7

BASEMAP_TILES = {
    "light": ("Esri.WorldGrayCanvas", None),
    "streets": ("OpenStreetMap", None),
    "none": (None, None),
}
BASEMAP_LABELS = {"light": "Light", "streets": "Streets", "none": "No basemap"}

_SCRIPT_ESCAPES = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
        # streamlit-folium rewrites '_xyz' names in the map script; data must never look like one.
        "_": "\\u005f",
    }
)


# branca re-renders every element's output as a Jinja template, so '{{', '{%' and '{#' in data
# would be evaluated on our server. A JSON '{' followed by one of those can only be inside a string.
_JINJA_OPENER = re.compile(r"\{(?=[{%#])")


def script_json(value: object) -> str:
    """JSON safe inside <script> and through branca's templating: no '</script>', no '<!--',
    no raw line separators, no Jinja delimiters."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.translate(_SCRIPT_ESCAPES)
    return _JINJA_OPENER.sub(r"\\u007b", text)


class AtlasMap(folium.Map):
    """A folium map that asks the browser for Leaflet alone: no jQuery, Bootstrap or icon fonts."""

    default_js = [("leaflet", LEAFLET_JS)]
    default_css = [("leaflet_css", LEAFLET_CSS)]


class _ScriptElement(MacroElement):
    """An element whose whole output is one script block built from escaped JSON."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


@cache
def _runtime_code() -> str:
    js = (STATIC_DIR / "atlas.js").read_text(encoding="utf-8")
    css = (STATIC_DIR / "atlas.css").read_text(encoding="utf-8")
    return f"{js}\nIncidentAtlas.installStyles({script_json(css)});"


@cache
def _states_json() -> str:
    return script_json(states_payload())


def runtime() -> MacroElement:
    """The drawing code, defined in the map's own script so streamlit-folium runs it too."""
    return _ScriptElement(_runtime_code())


def attribution_styles() -> list[dict]:
    return [
        {
            "key": level.key,
            "label": level.label,
            "definition": level.definition,
            "style": {
                "fillOpacity": level.fill_opacity,
                "weight": level.stroke_weight,
                "dash": level.dash,
                "cross": level.cross,
                # Solid levels get a dark rim so the fill colour still reads on any background.
                "stroke": "#222222" if level.fill_opacity >= 1 else None,
            },
        }
        for level in ATTRIBUTION_LEVELS
    ]


def legend_spec(crime_types: list[str]) -> dict:
    colours = crime_type_colours(crime_types)
    return {
        "attributionTitle": "How the gang link is established",
        "attribution": attribution_styles(),
        "crimeTitle": "Crime type",
        "crimeTypes": [{"label": crime_type_label(k), "colour": colours[k]} for k in crime_types],
        "haloLabel": "Dashed ring: placed at a city or state centre, not the exact spot",
    }


def base_map(crime_types: list[str], basemap: str = "light", height: str | int = "100%") -> AtlasMap:
    """The part of the map that does not change with filters, so the app never remounts it."""
    tiles, _ = BASEMAP_TILES.get(basemap, BASEMAP_TILES["light"])
    fmap = AtlasMap(
        location=US_CENTRE,
        zoom_start=US_ZOOM,
        min_zoom=2,
        tiles=None,
        prefer_canvas=True,
        height=height,
        control_scale=True,
    )
    if tiles:
        folium.TileLayer(tiles, name=BASEMAP_LABELS[basemap]).add_to(fmap)
    runtime().add_to(fmap)
    base = {"fill": NO_VALUE_COLOUR, "outline": STATE_OUTLINE, "homeBounds": CONTIGUOUS_US}
    _AtlasCall("addStates", "map", _states_json(), script_json(base)).add_to(fmap)
    _AtlasCall("addLegend", "map", script_json(legend_spec(crime_types))).add_to(fmap)
    return fmap


@dataclass(frozen=True)
class MapView:
    """What the server needs to answer a click on this view's marks: their order, or the cells."""

    token: str
    ids: np.ndarray
    bins: tuple[BinLevel, ...] = ()


def _token(ids: np.ndarray, mode: str) -> str:
    digest = hashlib.blake2b(mode.encode(), digest_size=6)
    digest.update("\n".join(map(str, ids)).encode("utf-8"))
    return digest.hexdigest()


def incident_payload(incidents: pd.DataFrame, crime_types: list[str], detail: bool = True) -> tuple[dict, MapView]:
    """Columnar, compact data for the browser: points as an encoded polyline in spatial order,
    styles as two characters each, and the text for popups only when ``detail`` (snapshots and
    small app views). Above ``POINT_LIMIT`` incidents, counted grid cells instead of points."""
    colours = crime_type_colours(crime_types)
    styles = {
        "crime": [{"label": crime_type_label(k), "colour": colours[k]} for k in crime_types],
        "attribution": attribution_styles(),
    }
    if len(incidents) > POINT_LIMIT:
        levels, payload = bin_levels(incidents)
        view = MapView(_token(incidents["id"].to_numpy(), "bins"), incidents["id"].to_numpy(), tuple(levels))
        return {"n": len(incidents), "levels": payload, "styles": styles, "view": view.token}, view
    lat = incidents["lat"].to_numpy(dtype=float).round(5)
    lon = incidents["lon"].to_numpy(dtype=float).round(5)
    order = spatial_order(lat, lon)
    ordered = incidents.iloc[order]
    crime_index = {key: i for i, key in enumerate(crime_types)}
    attribution_index = {level.key: i for i, level in enumerate(ATTRIBUTION_LEVELS)}
    exact = ordered["location_precision"].map(precision_is_exact).to_numpy(dtype=int)
    attribution = ordered["attribution"].map(attribution_index).to_numpy(dtype=int)
    ids = ordered["id"].to_numpy()
    levels: list[BinLevel] = []
    if len(ordered) > CELL_LIMIT:
        levels, cells = bin_levels(ordered, LEVELS_BEFORE_POINTS)
    view = MapView(_token(ids, "points"), ids, tuple(levels))
    payload = {
        "n": len(ordered),
        "points": encode_points(lat[order], lon[order]),
        "precision": 5,
        "codes": encode_codes(ordered["crime_type"].map(crime_index).to_numpy(dtype=int), attribution * 2 + exact),
        "styles": styles,
        "view": view.token,
        "detail": _detail(ordered) if detail else None,
    }
    if levels:
        payload["levels"] = cells
        payload["pointsFromZoom"] = POINTS_FROM_ZOOM
    return payload, view


def _detail(incidents: pd.DataFrame) -> dict:
    """Popup text; repeated values (sources, places, who attributes) are listed once and indexed."""

    def indexed(values: list[str]) -> dict:
        table = list(dict.fromkeys(values))
        position = {value: i for i, value in enumerate(table)}
        return {"values": table, "index": [position[v] for v in values]}

    return {
        "id": incidents["id"].tolist(),
        "title": incidents["title"].tolist(),
        "date": incidents["date_label"].tolist(),
        "summary": incidents["summary"].tolist(),
        "url": incidents["source_url"].tolist(),
        "place": indexed(places(incidents)),
        "by": indexed(incidents["attributed_by"].map(attributed_by_label).tolist()),
        "source": indexed(incidents["source_name"].tolist()),
    }


def choropleth_spec(choropleth: Choropleth, selected: tuple[str, ...]) -> dict:
    return {
        "measure": choropleth.measure,
        "fills": choropleth.fills,
        "values": choropleth.values,
        "legend": [asdict(entry) for entry in choropleth.legend],
        "noValueColour": NO_VALUE_COLOUR,
        "noValueLabel": choropleth.no_value_label,
        "selected": list(selected),
    }


def view_layers(
    incidents: pd.DataFrame,
    crime_types: list[str],
    choropleth: Choropleth,
    filters: Filters,
    detail: bool = True,
) -> tuple[folium.FeatureGroup, MapView]:
    """What changes with the filters: choropleth colours, selection zoom and the incident points.

    Returned unattached: the app hands it to streamlit-folium as ``feature_group_to_add`` so the
    base map stays mounted; a standalone page adds it to the map.
    """
    group = folium.FeatureGroup(name="Incidents", control=False)
    payload, view = incident_payload(incidents, crime_types, detail)
    _AtlasCall("paintStates", "map", script_json(choropleth_spec(choropleth, filters.states))).add_to(group)
    _AtlasCall("addIncidents", "group", script_json(payload)).add_to(group)
    return group, view


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


def standalone_html(fmap: AtlasMap, group: folium.FeatureGroup) -> str:
    """One self-sufficient HTML page of the map with its layers (tests, previews, snapshots)."""
    group.add_to(fmap)
    return fmap.get_root().render()


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
