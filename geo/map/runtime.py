"""The map's drawing code as a browser gets it: three files it fetches once and caches.

``atlas.js`` is the style's inks followed by the runtime's concepts (``geo/map/static/*.js``, one
Leaflet class or painter each, in the order they build on one another); ``atlas.css`` is the inks
as CSS variables followed by the runtime's stylesheet; ``outlines.js`` holds the state outlines. The
app serves them (``ui.assets``), a snapshot ships them in its folder, so a map message carries the
view's data only.
"""

from __future__ import annotations

import hashlib
from functools import cache

from geo.reference.boundaries import states_payload
from geo.style.inks import browser_inks, css_variables
from geo.support.encode import script_json
from geo.support.paths import STATIC_DIR

SCRIPTS = (
    "core.js",
    "renderer.js",
    "marks.js",
    "badges.js",
    "cells.js",
    "states.js",
    "legend.js",
    "points.js",
    "playback.js",
    "incidents.js",
    "labels.js",
    "search.js",
    "focus.js",
    "reader.js",
)
RUNTIME_FILES = ("atlas.js", "atlas.css", "outlines.js")


@cache
def runtime_files() -> dict[str, bytes]:
    """Each file's bytes, by name."""
    inks = f"if (window.L) {{ L.Atlas = {{ inks: {script_json(browser_inks())} }}; }}\n"
    script = inks + "".join((STATIC_DIR / name).read_text(encoding="utf-8") for name in SCRIPTS)
    style = css_variables() + (STATIC_DIR / "atlas.css").read_text(encoding="utf-8")
    outlines = f"if (window.L && L.Atlas) {{ L.Atlas.outlines = {script_json(states_payload())}; }}\n"
    return {"atlas.js": script.encode(), "atlas.css": style.encode(), "outlines.js": outlines.encode()}


def runtime_version() -> str:
    """A digest of the drawing code, added to its address so a browser never runs a stale copy."""
    digest = hashlib.sha256()
    for name in RUNTIME_FILES:
        digest.update(runtime_files()[name])
    return digest.hexdigest()[:12]
