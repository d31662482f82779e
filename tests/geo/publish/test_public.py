import pandas as pd

from geo.boundaries import state_centre
from geo.ingest.pipeline import prepare
from geo.ingest.raw import RawTable
from geo.publish.public import public_incidents

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
