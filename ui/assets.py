"""The app's own copy of Leaflet, put where Streamlit's static serving finds it (``static/leaflet``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from geo.paths import APP_STATIC_DIR, LEAFLET_DIST


def install_leaflet(target: Path = APP_STATIC_DIR / "leaflet") -> Path:
    """Copy Leaflet from its PyPI package unless this exact copy is there already; cheap to repeat."""
    wanted = [p for p in LEAFLET_DIST.rglob("*") if p.is_file()]
    if all(
        (target / p.relative_to(LEAFLET_DIST)).exists()
        and (target / p.relative_to(LEAFLET_DIST)).stat().st_size == p.stat().st_size
        for p in wanted
    ):
        return target
    staging = target.with_name(f".{target.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(LEAFLET_DIST, staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.replace(target)
    return target
