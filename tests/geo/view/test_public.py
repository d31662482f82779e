from dataclasses import replace

import pandas as pd

from geo.ingest.pipeline import prepare
from geo.ingest.raw import RawTable
from geo.reference.boundaries import state_centre
from geo.view.public import public_incidents, public_view

ROWS = [
    # id, city, state, lat, lon, location_precision, public_precision, public, internal_notes
    ("home", "Aurora", "CO", "39.7294", "-104.8319", "address", "city", "true", "victim's street"),
    ("state", "Aurora", "CO", "39.7294", "-104.8319", "address", "state", "true", ""),
    ("exact", "Denver", "CO", "39.7392", "-104.9903", "street", "", "true", ""),
    ("hidden", "Denver", "CO", "39.7", "-104.9", "street", "", "false", "source is confidential"),
]


def incidents() -> pd.DataFrame:
    columns = ["id", "city", "state", "lat", "lon", "location_precision", "public_precision", "public"]
    frame = pd.DataFrame([row[:8] for row in ROWS], columns=columns, dtype=object)
    frame["internal_notes"] = [row[8] for row in ROWS]
    frame["date"], frame["crime_type"], frame["attribution"] = "2024-05-01", "theft", "reported"
    frame.insert(0, "row", range(1, len(frame) + 1))
    return prepare(RawTable(frame)).incidents


def test_non_public_rows_and_internal_notes_never_leave():
    public = public_incidents(incidents())
    assert "hidden" not in set(public["id"]) and "internal_notes" not in public.columns


def test_points_move_to_the_centre_their_public_precision_allows():
    public = public_incidents(incidents()).set_index("id")
    assert public.loc["home", "location_precision"] == "city"
    assert (public.loc["home", "lat"], public.loc["home", "lon"]) != (39.7294, -104.8319)
    lat, lon = state_centre("CO")
    assert (public.loc["state", "lat"], public.loc["state", "lon"]) == (lat, lon)
    assert public.loc["state", "city"] == ""
    assert (public.loc["exact", "lat"], public.loc["exact", "lon"]) == (39.7392, -104.9903)
    assert public.geometry.loc["state"].y == lat


def test_the_public_view_holds_nothing_of_a_non_public_row(shipped):
    incidents = shipped.incidents.copy()
    private = incidents.index[0]
    incidents.loc[private, ["public", "crime_type", "source_name", "internal_notes"]] = [
        False,
        "canary_type",
        "Canary tip line",
        "canary note",
    ]
    incidents.loc[incidents.index[1], "internal_notes"] = "another note"
    private_id = str(incidents.loc[private, "id"])
    corrections = pd.DataFrame(
        {
            "date": ["2025-03-20", "2025-03-20"],
            "record": [private_id, str(incidents.loc[incidents.index[1], "id"])],
            "field": ["title", "title"],
            "old_value": ["a", "b"],
            "new_value": ["c", "d"],
            "reason": ["private fix", "public fix"],
            "source": ["", ""],
        }
    )
    dataset = replace(shipped, incidents=incidents, corrections=corrections)

    shown = public_view(dataset)

    assert private_id not in set(shown.incidents["id"])
    assert len(shown.incidents) == len(incidents) - 1
    assert (shown.incidents["internal_notes"] == "").all()
    assert "canary_type" not in shown.crime_types
    assert "Canary tip line" not in shown.sources
    assert list(shown.corrections["reason"]) == ["public fix"]
    assert shown.incident_report.rows == 0 and not shown.incident_report.rejected
    assert len(dataset.incidents) == len(incidents)  # the staff's dataset is untouched
