"""Reading what a map page hands the runtime: the JSON of each ``new L.Atlas.<Class>(...)``."""

from __future__ import annotations

import json
import re


def element_json(page: str, js_class: str) -> dict | list:
    """The first argument a page passes to this runtime class (``geo.map.elements``)."""
    found = re.search(rf"new L\.Atlas\.{js_class}\((\{{.*?\}}|\[.*?\])\)\.addTo\(\w+\);", page)
    assert found, f"no L.Atlas.{js_class} on the page"
    return json.loads(found[1])
