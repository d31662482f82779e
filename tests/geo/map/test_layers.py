import re

import pytest
from streamlit_folium import _get_map_string, generate_js_hash

from geo.dataset.dataset import load_dataset
from geo.map.choropleth import build_choropleth
from geo.map.layers import LEAFLET_CSS, LEAFLET_JS, base_map, build_map
from geo.reference.vocab import INCIDENT_MEASURE
from geo.view.filters import Filters
from geo.view.settings import MapSettings
from geo.view.view import view_of
from tests.support.hostile import HOSTILE, HOSTILE_URL, write_hostile_counts, write_hostile_incidents

HEADING = "How the link to the group is established"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return load_dataset(write_hostile_incidents(folder / "incidents.csv"), write_hostile_counts(folder / "counts.csv"))


def render(dataset, chosen: Filters | MapSettings | None = None):
    """The page of a view of ``dataset``: its filters or its map settings ``chosen``."""
    filters = chosen if isinstance(chosen, Filters) else Filters()
    settings = chosen if isinstance(chosen, MapSettings) else MapSettings()
    view = view_of(dataset, filters)
    choropleth = build_choropleth(view.incidents, dataset.counts, settings.measure)
    heading = dataset.meta.attribution_heading
    return build_map(view.incidents, dataset.palette, choropleth, filters, settings, heading).standalone_html()


def test_jinja_in_data_is_not_evaluated_on_the_server(hostile):
    html = render(hostile)
    assert r"\u007b{ 7*7 }} \u007b% raw %} jinja" in html
    assert "49 \\u007b% raw" not in html and "49 {% raw" not in html


def _scripts_and_markup(html):
    """Split a page into its inline script bodies and the rest."""
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    markup = re.sub(r"<script>.*?</script>", "", html, flags=re.S)
    return scripts, markup


@pytest.mark.parametrize("measure", [INCIDENT_MEASURE, HOSTILE[1]])
def test_no_hostile_string_reaches_the_page_raw(hostile, measure):
    html = render(hostile, MapSettings(measure=measure))
    scripts, markup = _scripts_and_markup(html)
    for text in HOSTILE:
        assert text not in html
    # Every script block is whole: none was cut short by a '</script>' in the data.
    assert html.count("<script") == html.count("</script>")
    for forbidden in ("<img", "<svg", "onerror", "onload", "window.__pwned"):
        assert forbidden not in markup
    assert not any("\u2028" in body or "\u2029" in body for body in scripts)


def test_hostile_data_is_present_as_escaped_json(hostile):
    html = render(hostile)
    assert "\\u003c/script\\u003e\\u003cscript\\u003ewindow.\\u005f\\u005fpwned=1" in html
    assert HOSTILE_URL.replace("_", "\\u005f") in html  # kept as data; the runtime refuses to link it


def test_page_asks_the_browser_for_leaflet_and_our_drawing_code_only(shipped):
    html = render(shipped)
    sources = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert sorted(sources) == sorted([LEAFLET_JS, LEAFLET_CSS, "atlas.js", "atlas.css", "outlines.js"])
    # The drawing code travels as a file the browser caches, never inside the map's own script.
    assert "function addIncidents" not in html


def test_incidents_travel_as_compact_arrays_not_per_marker_html(shipped):
    html = render(shipped)
    assert html.count("L.marker(") == 0 and html.count("bindPopup(`") == 0
    assert html.count("new L.Atlas.Incidents(") == 1


def test_base_map_is_identical_whatever_the_filters(shipped):
    """streamlit-folium keys the component on the base map's script: equal keys, no remount."""
    types = shipped.palette
    keys = {generate_js_hash(_get_map_string(base_map(types, HEADING, "light")), "k") for _ in range(2)}
    assert len(keys) == 1
    assert generate_js_hash(_get_map_string(base_map(types, HEADING, "none")), "k") not in keys


def test_filter_change_changes_only_the_layers(shipped):
    one = render(shipped, Filters(state=("CO",)))
    two = render(shipped, Filters(crime=("homicide",)))
    assert one != two


def test_no_basemap_means_no_tile_layer(shipped):
    assert "tileLayer" not in render(shipped, MapSettings(basemap="none"))
    assert "tileLayer" in render(shipped, MapSettings(basemap="light"))


def test_tiles_send_their_origin_as_openstreetmap_requires(shipped):
    """Pages send no referrer; the tile layer's own policy overrides it for tile requests only."""
    html = render(shipped, MapSettings(basemap="streets"))
    assert re.search(r'"referrerPolicy":\s*"strict-origin-when-cross-origin"', html)


def test_a_map_opens_on_the_lower_48_or_on_the_small_area_its_data_covers(shipped):
    import numpy as np
    import pandas as pd

    from geo.map.layers import CONTIGUOUS_US, home_bounds

    assert home_bounds(shipped.incidents) == CONTIGUOUS_US  # the story runs from Colorado to New York
    rng = np.random.default_rng(3)
    chicago = pd.DataFrame({"lat": 41.85 + rng.normal(0, 0.1, 500), "lon": -87.7 + rng.normal(0, 0.1, 500)})
    # A stray row in Alaska and one in Florida are not what a city's data is about.
    strays = pd.DataFrame({"lat": [61.2, 25.8], "lon": [-149.9, -80.2]})
    (south, west), (north, east) = home_bounds(pd.concat([chicago, strays]))
    assert south < 41.85 < north and west < -87.7 < east
    assert north - south < 3 and east - west < 3
    one_town = pd.DataFrame({"lat": [39.7, 39.71], "lon": [-104.9, -104.91]})
    (south, west), (north, east) = home_bounds(one_town)
    assert north - south >= 1.5 and east - west >= 1.5  # not street level
    assert home_bounds(pd.DataFrame({"lat": [61.2], "lon": [-149.9]})) == CONTIGUOUS_US
