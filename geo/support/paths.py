"""Where the app, the shipped data, the Census boundaries, the saved datasets and the on-disk cache live.

A checkout holds ``app.py``, ``pages/`` and ``data/`` beside ``geo/``; the installed package
(``pip install .``) holds them under ``incident_atlas/`` in site-packages, and keeps what it writes
(datasets, cache) in the user's folders instead of beside its code."""

from __future__ import annotations

import os
from pathlib import Path

import _plotly_geo
import js_lib_leaflet

_CODE = Path(__file__).resolve().parents[2]
INSTALLED = not (_CODE / "app.py").is_file()
ROOT = _CODE / "incident_atlas" if INSTALLED else _CODE
DATA_DIR = ROOT / "data"
SHIPPED_INCIDENTS = DATA_DIR / "incidents.csv"
SHIPPED_COUNTS = DATA_DIR / "state_counts.csv"
STATIC_DIR = _CODE / "geo" / "map" / "static"

# Installed by the plotly-geo package: the Census Bureau's 2016 cartographic boundary file.
CENSUS_STATES = Path(_plotly_geo.__file__).parent / "package_data" / "cb_2016_us_state_500k.shp"
CENSUS_COUNTIES = CENSUS_STATES.with_name("cb_2016_us_county_500k.shp")
# Leaflet's dist folder (leaflet.js, leaflet.css, images/) as the django-js-lib-leaflet package ships it.
LEAFLET_DIST = Path(js_lib_leaflet.__file__).parent / "static" / "js_lib_leaflet"
# Streamlit serves ROOT/static at /app/static (server.enableStaticServing): the app's own copies of
# Leaflet and the maps' drawing code live there (``ui.assets``), so its maps load nothing from a CDN.
APP_STATIC_DIR = ROOT / "static"
# The tab icon, served by Streamlit itself: a Material icon would be fetched from Google Fonts.
FAVICON = _CODE / "ui" / "favicon.png"


def _user_dir(variable: str, default: str) -> Path:
    """The XDG base folder (``XDG_CACHE_HOME``, ``XDG_DATA_HOME``) for this tool."""
    return Path(os.environ.get(variable) or Path.home() / default) / "incident-atlas"


def cache_dir() -> Path:
    """Derived files (simplified boundaries, gazetteer); safe to delete, rebuilt on demand."""
    default = _user_dir("XDG_CACHE_HOME", ".cache") if INSTALLED else ROOT / ".cache"
    path = Path(os.environ.get("INCIDENT_ATLAS_CACHE", default))
    path.mkdir(parents=True, exist_ok=True)
    return path


def incidents_file() -> Path:
    """The app's incident file: the shipped one unless INCIDENT_ATLAS_INCIDENTS names another."""
    return Path(os.environ.get("INCIDENT_ATLAS_INCIDENTS", SHIPPED_INCIDENTS))


def counts_file() -> Path:
    return Path(os.environ.get("INCIDENT_ATLAS_COUNTS", SHIPPED_COUNTS))


def default_datasets_dir() -> Path:
    """The file store's folder when INCIDENT_ATLAS_DATASETS names none: ``data/datasets`` in a
    checkout, the user's data folder (``~/.local/share/incident-atlas/datasets``) when installed."""
    return _user_dir("XDG_DATA_HOME", ".local/share") / "datasets" if INSTALLED else DATA_DIR / "datasets"
