"""The tiles under a map, and where they come from (for a page's Content-Security-Policy)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Basemap:
    label: str
    tiles: str | None  # folium/xyzservices name
    host: str | None  # where the tiles come from, for a page's Content-Security-Policy


BASEMAPS: dict[str, Basemap] = {
    "light": Basemap("Light", "Esri.WorldGrayCanvas", "https://server.arcgisonline.com"),
    "streets": Basemap("Streets", "OpenStreetMap", "https://tile.openstreetmap.org"),
    "none": Basemap("No basemap", None, None),
}
DEFAULT_BASEMAP = "light"
