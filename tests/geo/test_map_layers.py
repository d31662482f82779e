import json
import re

import pytest
from streamlit_folium import _get_map_string, generate_js_hash

from geo.choropleth import build_choropleth
from geo.dataset import load_dataset
from geo.encode import decode_points
from geo.filters import Filters, apply_filters
from geo.map_layers import (
    base_map,
    clicked_mark,
    clicked_state,
    incident_payload,
    script_json,
    standalone_html,
    view_layers,
)
from geo.vocab import INCIDENT_MEASURE
from tests.hostile import HOSTILE, HOSTILE_URL, write_hostile_counts, write_hostile_incidents


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return load_dataset(write_hostile_incidents(folder / "incidents.csv"), write_hostile_counts(folder / "counts.csv"))


def render(dataset, filters: Filters | None = None):
    filters = filters or Filters()
    types = list(dataset.crime_types)
    view = apply_filters(dataset.incidents, filters)
    fmap = base_map(types, filters.basemap)
    layers, _ = view_layers(view, types, build_choropleth(view, dataset.counts, filters.measure), filters)
    return standalone_html(fmap, layers)


def test_script_json_has_no_markup_and_round_trips():
    value = {"t": HOSTILE}
    text = script_json(value)
    assert not set("<>&_") & set(text)
    assert "\u2028" not in text and "\u2029" not in text
    assert not re.search(r"\{[{%#]", text)  # branca re-renders script output as Jinja
    assert json.loads(text) == value


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
    html = render(hostile, Filters(measure=measure))
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


def test_page_asks_the_browser_for_leaflet_only(shipped):
    html = render(shipped)
    sources = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert sources and all("/leaflet@" in url for url in sources)


def test_incidents_travel_as_compact_arrays_not_per_marker_html(shipped):
    html = render(shipped)
    assert html.count("L.marker(") == 0 and html.count("bindPopup(`") == 0
    assert html.count("IncidentAtlas.addIncidents(") == 1


def test_base_map_is_identical_whatever_the_filters(shipped):
    """streamlit-folium keys the component on the base map's script: equal keys, no remount."""
    types = list(shipped.crime_types)
    keys = {generate_js_hash(_get_map_string(base_map(types, "light")), "k") for _ in range(2)}
    assert len(keys) == 1
    assert generate_js_hash(_get_map_string(base_map(types, "none")), "k") not in keys


def test_filter_change_changes_only_the_layers(shipped):
    one = render(shipped, Filters(states=("CO",)))
    two = render(shipped, Filters(crime_types=("homicide",)))
    assert one != two


def test_no_basemap_means_no_tile_layer(shipped):
    assert "tileLayer" not in render(shipped, Filters(basemap="none"))
    assert "tileLayer" in render(shipped, Filters(basemap="light"))


@pytest.mark.parametrize(
    "value,expected",
    [
        ({"last_active_drawing": {"properties": {"state": "CO", "name": "Colorado"}}}, "CO"),
        ({"last_active_drawing": {"properties": {"incident": "x1", "view": "t", "kind": "point", "index": 0}}}, None),
        ({"last_active_drawing": None}, None),
        ({"last_active_drawing": {"properties": {"state": "<b>"}}}, None),
        (None, None),
    ],
)
def test_clicked_state_reads_only_state_features(value, expected):
    assert clicked_state(value) == expected


def test_large_views_send_no_popup_text(hostile):
    types = list(hostile.crime_types)
    payload, view = incident_payload(hostile.incidents, types, detail=False)
    assert payload["detail"] is None and payload["n"] == len(hostile.incidents)
    text = script_json(payload)
    assert "pwned" not in text and "HYPERLINK" not in text
    assert sorted(view.ids) == sorted(hostile.incidents["id"])
    points = decode_points(payload["points"], payload["precision"])
    by_id = hostile.incidents.set_index("id")
    assert [(round(by_id.loc[i, "lat"], 5), round(by_id.loc[i, "lon"], 5)) for i in view.ids] == points


def test_above_the_point_limit_incidents_become_counted_cells(shipped, monkeypatch):
    import geo.map_layers as layers

    monkeypatch.setattr(layers, "POINT_LIMIT", 5)
    payload, view = incident_payload(shipped.incidents, list(shipped.crime_types), detail=False)
    assert "points" not in payload and len(payload["levels"]) == 3
    assert sum(int(c) for c in payload["levels"][0]["counts"].split(",")) == len(shipped.incidents)
    assert len(view.bins) == 3


def test_clicked_mark_reads_incidents_and_cells():
    point = {"last_active_drawing": {"properties": {"view": "abc", "kind": "point", "index": 3}}}
    cell = {"last_active_drawing": {"properties": {"view": "abc", "kind": "bin:2", "index": 0}}}
    assert clicked_mark(point) == ("abc", "point", 3)
    assert clicked_mark(cell) == ("abc", "bin:2", 0)
    assert clicked_mark({"last_active_drawing": {"properties": {"state": "CO"}}}) is None
    assert clicked_mark({"last_active_drawing": {"properties": {"view": "abc", "kind": "point", "index": -1}}}) is None


def test_between_the_limits_cells_and_points_are_both_sent(shipped, monkeypatch):
    import geo.map_layers as layers

    monkeypatch.setattr(layers, "CELL_LIMIT", 5)
    payload, view = incident_payload(shipped.incidents, list(shipped.crime_types), detail=False)
    assert payload["n"] == len(shipped.incidents) and len(decode_points(payload["points"])) == payload["n"]
    assert len(payload["levels"]) == 2 and payload["pointsFromZoom"] == layers.POINTS_FROM_ZOOM
    assert len(view.bins) == 2 and len(view.ids) == payload["n"]
