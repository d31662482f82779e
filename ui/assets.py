"""The app's own copies of Leaflet and of the map's drawing code, put where Streamlit's static
serving finds them (``static/leaflet``, ``static/atlas``): the browser fetches each once and caches
it, and every map message carries data only."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

from geo.map.layers import RUNTIME_FILES, MapAssets, runtime_version
from geo.support.paths import APP_STATIC_DIR, LEAFLET_DIST, STATIC_DIR


def _install(source: Path, files: list[Path], target: Path) -> Path:
    """Copy ``files`` (under ``source``) to ``target`` unless this exact copy is there already;
    cheap to repeat. A copy is made beside and renamed into place whole."""
    if all(
        (target / p.relative_to(source)).exists() and (target / p.relative_to(source)).read_bytes() == p.read_bytes()
        for p in files
    ):
        return target
    staging = target.with_name(f".{target.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for path in files:
        (staging / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, staging / path.relative_to(source))
    shutil.rmtree(target, ignore_errors=True)
    staging.replace(target)
    return target


def install_assets(root: Path = APP_STATIC_DIR) -> MapAssets:
    """Leaflet from its PyPI package and our runtime from ``geo/map/static``; returns their
    addresses as the app serves them, the runtime's with its version so no stale copy runs."""
    _install(LEAFLET_DIST, [p for p in LEAFLET_DIST.rglob("*") if p.is_file()], root / "leaflet")
    _install(STATIC_DIR, [STATIC_DIR / name for name in RUNTIME_FILES], root / "atlas")
    version = runtime_version()
    return MapAssets(
        "/app/static/leaflet/leaflet.js",
        "/app/static/leaflet/leaflet.css",
        f"/app/static/atlas/atlas.js?v={version}",
        f"/app/static/atlas/atlas.css?v={version}",
    )


@functools.cache
def app_assets() -> MapAssets:
    """Installed once per process; the addresses every map of the app links."""
    return install_assets()
