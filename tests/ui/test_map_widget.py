"""The click protocol between atlas.js and the app, as streamlit-folium hands it over."""

import pytest

from ui.map_widget import clicked_mark, clicked_state


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


def test_clicked_mark_reads_incidents_and_cells():
    point = {"last_active_drawing": {"properties": {"view": "abc", "kind": "point", "index": 3}}}
    cell = {"last_active_drawing": {"properties": {"view": "abc", "kind": "bin:2", "index": 0}}}
    assert clicked_mark(point) == ("abc", "point", 3)
    assert clicked_mark(cell) == ("abc", "bin:2", 0)
    assert clicked_mark({"last_active_drawing": {"properties": {"state": "CO"}}}) is None
    assert clicked_mark({"last_active_drawing": {"properties": {"view": "abc", "kind": "point", "index": -1}}}) is None
