"""Where the shipped data, the Census boundaries and the on-disk cache live."""

from __future__ import annotations

import os
from pathlib import Path

import _plotly_geo
import js_lib_leaflet

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
SHIPPED_INCIDENTS = DATA_DIR / "incidents.csv"
SHIPPED_COUNTS = DATA_DIR / "state_counts.csv"
STATIC_DIR = ROOT / "geo" / "map" / "static"

# Installed by the plotly-geo package: the Census Bureau's 2016 cartographic boundary file.
CENSUS_STATES = Path(_plotly_geo.__file__).parent / "package_data" / "cb_2016_us_state_500k.shp"
CENSUS_COUNTIES = CENSUS_STATES.with_name("cb_2016_us_county_500k.shp")
# Leaflet's dist folder (leaflet.js, leaflet.css, images/) as the django-js-lib-leaflet package ships it.
LEAFLET_DIST = Path(js_lib_leaflet.__file__).parent / "static" / "js_lib_leaflet"
# Streamlit serves ROOT/static at /app/static (server.enableStaticServing): the app's own copies of
# Leaflet and the maps' drawing code live there (``ui.assets``), so its maps load nothing from a CDN.
APP_STATIC_DIR = ROOT / "static"
# The tab icon, served by Streamlit itself: a Material icon would be fetched from Google Fonts.
FAVICON = ROOT / "ui" / "favicon.png"


def cache_dir() -> Path:
    """Derived files (simplified boundaries, gazetteer); safe to delete, rebuilt on demand."""
    path = Path(os.environ.get("INCIDENT_ATLAS_CACHE", ROOT / ".cache"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def incidents_file() -> Path:
    """The app's incident file: the shipped one unless INCIDENT_ATLAS_INCIDENTS names another."""
    return Path(os.environ.get("INCIDENT_ATLAS_INCIDENTS", SHIPPED_INCIDENTS))


def counts_file() -> Path:
    return Path(os.environ.get("INCIDENT_ATLAS_COUNTS", SHIPPED_COUNTS))
