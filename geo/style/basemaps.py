"""The tiles under a map, and where they come from (for a page's Content-Security-Policy)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import xyzservices


@dataclass(frozen=True)
class Basemap:
    label: str
    tiles: str | None  # xyzservices name
    host: str | None  # where the tiles come from, for a page's Content-Security-Policy


BASEMAPS: dict[str, Basemap] = {
    "light": Basemap("Light", "Esri.WorldGrayCanvas", "https://server.arcgisonline.com"),
    "streets": Basemap("Streets", "OpenStreetMap.Mapnik", "https://tile.openstreetmap.org"),
    "none": Basemap("No basemap", None, None),
}
DEFAULT_BASEMAP = "light"


@cache
def tile_provider(name: str) -> xyzservices.TileProvider:
    """A provider by its xyzservices name, looked up once: folium, given the name, searches about a
    thousand providers on every map it builds."""
    return xyzservices.providers.query_name(name)
