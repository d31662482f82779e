import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from geo.dataset.dataset import load_dataset
from geo.map import payload
from geo.map.cells import LEVELS, LEVELS_BEFORE_POINTS
from geo.map.payload import incident_payload, selection_labels
from geo.reference.vocab import crime_type_label
from geo.support.encode import decode_points, script_json
from tests.support.hostile import write_hostile_counts, write_hostile_incidents


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return load_dataset(write_hostile_incidents(folder / "incidents.csv"), write_hostile_counts(folder / "counts.csv"))


def test_large_views_send_no_popup_text(hostile):
    types = hostile.palette
    payload, view = incident_payload(hostile.incidents, types, detail=False)
    assert payload["detail"] is None and payload["n"] == len(hostile.incidents)
    text = script_json(payload)
    assert "pwned" not in text and "HYPERLINK" not in text
    ids = hostile.incidents.loc[view.rows, "id"]
    assert sorted(ids) == sorted(hostile.incidents["id"])
    points = decode_points(payload["points"], payload["precision"])
    by_id = hostile.incidents.set_index("id")
    assert [(round(by_id.loc[i, "lat"], 5), round(by_id.loc[i, "lon"], 5)) for i in ids] == points


def test_above_the_point_limit_incidents_become_counted_cells(shipped, monkeypatch):
    import geo.map.payload as layers

    monkeypatch.setattr(layers, "POINT_LIMIT", 5)
    payload, view = incident_payload(shipped.incidents, shipped.palette, detail=False)
    assert "points" not in payload and len(payload["levels"]) == len(LEVELS)
    assert sum(int(c) for c in payload["levels"][0]["counts"].split(",")) == len(shipped.incidents)
    assert len(view.bins) == len(LEVELS)
    assert payload["cellClick"] == "list"
    # The legend and tooltips name the shown types in the order the split indexes them, then the rest.
    cells = payload["styles"]["cells"]
    assert [t["label"] for t in cells["types"][:-1]] == [crime_type_label(k) for k in shipped.palette.shown]
    assert [cells["levels"][i]["label"] for i in cells["firm"]] == ["Convicted", "Charged"]


def test_between_the_limits_cells_and_points_are_both_sent(shipped, monkeypatch):
    import geo.map.payload as layers

    monkeypatch.setattr(layers, "COUNTED_ABOVE", 5)
    payload, view = incident_payload(shipped.incidents, shipped.palette, detail=False)
    assert payload["n"] == len(shipped.incidents) and len(decode_points(payload["points"])) == payload["n"]
    assert 1 <= len(payload["levels"]) <= len(LEVELS_BEFORE_POINTS) and len(view.bins) == len(payload["levels"])
    assert len(view.rows) == payload["n"]
    # The cells stop where the points start.
    assert payload["pointsFromZoom"] == payload["levels"][-1]["maxZoom"] + 1 == view.bins[-1].max_zoom + 1


def _around(incidents: pd.DataFrame, lat: float, lon: float, spread: float) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    moved = incidents.copy()
    moved["lat"] = lat + rng.uniform(-spread, spread, len(moved))
    moved["lon"] = lon + rng.uniform(-spread, spread, len(moved))
    return moved


def test_points_take_over_from_the_first_zoom_where_counted_discs_would_be_sparse(tmp_path):
    """Thousands in one city pile up until zoomed in close; as many spread over a country do not."""
    from bench.synthetic import synthetic_incidents

    path = tmp_path / "many.csv"
    synthetic_incidents(4_000).to_csv(path, index=False)
    dataset = load_dataset(path)
    city, _ = incident_payload(_around(dataset.incidents, 41.85, -87.65, 0.3), dataset.palette, detail=False)
    country, _ = incident_payload(_around(dataset.incidents, 38.0, -97.0, 12.0), dataset.palette, detail=False)
    assert city["pointsFromZoom"] == LEVELS_BEFORE_POINTS[-1][0] + 1
    assert city["levels"][-1]["maxZoom"] == LEVELS_BEFORE_POINTS[-1][0]
    assert country["pointsFromZoom"] < city["pointsFromZoom"]
    last = country["levels"][-1]
    assert sum(int(c) for c in last["counts"].split(",")) >= 4 * len(last["counts"].split(","))


def test_a_readers_cells_zoom_in_when_clicked(shipped, monkeypatch):
    import geo.map.payload as layers

    monkeypatch.setattr(layers, "POINT_LIMIT", 5)
    payload, _ = incident_payload(shipped.incidents, shipped.palette, detail=False, brief=True)
    assert payload["cellClick"] == "zoom"


def test_popups_carry_each_incidents_dated_history():
    from geo.support.paths import ROOT

    dataset = load_dataset(ROOT / "tests" / "fixtures" / "history" / "incidents.csv")
    payload, view = incident_payload(dataset.incidents, dataset.palette)
    history = payload["detail"]["history"]
    ids = payload["detail"]["id"]
    shooting = history["values"][history["index"][ids.index("shooting")]].split("\n")
    assert shooting == [
        "20 Aug 2024: Reported, by residents or witnesses (Test source)",
        "September 2024: Law enforcement says, by police (Test source)",
        "15 Jan 2025: Charged, by state prosecutors (Test source)",
    ]
    assert history["values"][history["index"][ids.index("later")]] == ""


def test_in_a_view_of_changes_each_point_carries_its_change_and_its_level_before():
    from datetime import date

    from geo.dataset.history import with_changes
    from geo.reference.vocab import ATTRIBUTION_ORDER, CHANGE_KINDS
    from geo.support.encode import CODE_ALPHABET
    from geo.support.paths import ROOT

    dataset = load_dataset(ROOT / "tests" / "fixtures" / "history" / "incidents.csv")
    span = (date(2024, 9, 30), date(2025, 3, 1))
    changed = with_changes(dataset.incidents, dataset.history, *span)
    payload, view = incident_payload(changed, dataset.palette, change_span=span)
    kinds, levels = ["", *CHANGE_KINDS], ["", *ATTRIBUTION_ORDER]
    sent = {
        changed.loc[row, "id"]: (kinds[CODE_ALPHABET.index(c)], levels[CODE_ALPHABET.index(t)])
        for row, c, t in zip(view.rows, payload["changes"]["codes"], payload["changes"]["then"], strict=True)
    }
    assert sent == {
        "shooting": ("up", "law_enforcement"),
        "claim": ("added", ""),
        "kidnapping": ("added", ""),
        "later": ("added", ""),
    }
    legend = payload["styles"]["changes"]
    assert legend["title"] == "Change between 2024-09-30 and 2025-03-01"
    assert {kind["key"]: kind["n"] for kind in legend["kinds"]} == {"up": 1, "down": 0, "added": 3, "changed": 0}
    assert [row["key"] for row in legend["rows"]] == ["up", "down", "added"]
    plain, _ = incident_payload(dataset.incidents, dataset.palette)
    assert "changes" not in plain and "changes" not in plain["styles"]


def test_a_state_name_never_sits_on_the_incidents_placed_at_its_centre(shipped):
    """Georgia's one record is placed at the state's centre: its name goes above it. Colorado's are
    at cities: its name stays on the centre."""
    georgia = selection_labels(shipped.incidents, ("GA",))[0]
    colorado = selection_labels(shipped.incidents, ("CO",))[0]
    assert georgia["kind"] == "state" and georgia.get("above") is True
    assert colorado["kind"] == "state" and "above" not in colorado


def test_national_discs_count_states_whether_or_not_points_follow(shipped):
    """Counted discs before points (the app's 60,000) and discs alone both count a state per disc at
    national zooms."""
    import geo.map.payload as layers
    from geo.map.cells import STATE_ZOOM

    many = pd.concat([shipped.incidents] * 1400, ignore_index=True).assign(
        id=lambda f: [f"i{k}" for k in range(len(f))]
    )
    for point_limit in (None, 100):
        payload, _ = layers.incident_payload(many, shipped.palette, False, point_limit=point_limit)
        national = [level for level in payload["levels"] if level["maxZoom"] <= STATE_ZOOM]
        assert national and all(set(level["states"]) - {""} == set(many["state"]) - {""} for level in national)


def test_a_clicked_incidents_record_is_what_a_small_view_carries_for_it(shipped):
    from geo.map.payload import incident_record

    payload, view = incident_payload(shipped.incidents, shipped.palette, detail=True)
    detail = payload["detail"]
    for position, label in enumerate(view.rows):
        record = incident_record(shipped.incidents.loc[[label]])
        assert record["id"] == detail["id"][position] and record["title"] == detail["title"][position]
        assert record["place"] == detail["place"]["values"][detail["place"]["index"][position]]
        assert record["history"] == detail["history"]["values"][detail["history"]["index"][position]]
        assert set(record) == {"id", "title", "date", "summary", "url", "place", "by", "source", "corrected", "history"}


def test_a_views_token_does_not_depend_on_how_its_ids_are_chunked():
    ids = [f"incident-{n}" for n in range(5000)]
    whole = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(ids)])))
    chunked = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(ids[:1234]), pa.array(ids[1234:])])))
    plain = pd.Series(ids, dtype=object)
    assert payload._token(whole, "points") == payload._token(chunked, "points") == payload._token(plain, "points")
    assert payload._token(whole, "points") != payload._token(whole.iloc[1:], "points")
