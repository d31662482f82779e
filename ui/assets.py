"""The app's own copies of Leaflet and of the map's drawing code, put where Streamlit's static
serving finds them (``static/leaflet``, ``static/atlas``): the browser fetches each once and caches
it, and every map message carries data only."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import streamlit as st
from filelock import FileLock

from geo.map.layers import MapAssets
from geo.map.runtime import runtime_files, runtime_version
from geo.support.atomic import replacing, write_bytes
from geo.support.paths import APP_STATIC_DIR, LEAFLET_DIST

PREFETCH_ID = "atlas-prefetch"
HIDDEN_HINTS = f'[data-testid="stElementContainer"]:has(#{PREFETCH_ID})'


def _install(source: Path, files: list[Path], target: Path) -> Path:
    """Copy ``files`` (under ``source``) to ``target`` unless this exact copy is there already;
    cheap to repeat. The copy is made beside and renamed into place whole, one installer at a time:
    ``serve --replicas N`` starts N servers at once, all installing here."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(target.with_name(f".{target.name}.lock")):
        if all(
            (target / p.relative_to(source)).exists()
            and (target / p.relative_to(source)).read_bytes() == p.read_bytes()
            for p in files
        ):
            return target
        with replacing(target) as staging:
            for path in files:
                (staging / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, staging / path.relative_to(source))
    return target


def install_assets(root: Path = APP_STATIC_DIR) -> MapAssets:
    """Leaflet from its PyPI package and our runtime (``geo.map.runtime``); returns their
    addresses as the app serves them, the runtime's with its version so no stale copy runs."""
    _install(LEAFLET_DIST, [p for p in LEAFLET_DIST.rglob("*") if p.is_file()], root / "leaflet")
    (root / "atlas").mkdir(parents=True, exist_ok=True)
    for name, content in runtime_files().items():
        if not (root / "atlas" / name).exists() or (root / "atlas" / name).read_bytes() != content:
            write_bytes(root / "atlas" / name, content)
    version = runtime_version()
    return MapAssets(
        "/app/static/leaflet/leaflet.js",
        "/app/static/leaflet/leaflet.css",
        *(f"/app/static/atlas/{name}?v={version}" for name in ("atlas.js", "atlas.css", "outlines.js")),
    )


@functools.cache
def app_assets() -> MapAssets:
    """Installed once per process; the addresses every map of the app links."""
    return install_assets()


def prefetch_map_assets() -> None:
    """Asks the browser for Leaflet and the map's code while the server reads the data and builds
    the map, so the map's frame finds them in its cache (a million incidents' first view: about
    0.3 s sooner). Streamlit runs the page's scripts only with ``unsafe_allow_javascript``; this
    one is ours and carries no data. Its element takes no room on the page."""
    assets = app_assets()
    hrefs = [assets.leaflet_js, assets.atlas_js, assets.outlines_js, assets.leaflet_css, assets.atlas_css]
    listed = json.dumps(hrefs).replace("<", "\\u003c")  # no "</script>" can end the script early
    st.html(
        f"<style>{HIDDEN_HINTS}{{display: none}}</style>"
        f'<script id="{PREFETCH_ID}">for (const href of {listed}) {{'
        " const link = document.createElement('link'); link.rel = 'prefetch'; link.href = href;"
        " document.head.appendChild(link); }</script>",
        unsafe_allow_javascript=True,
    )
