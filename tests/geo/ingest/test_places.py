"""Where rows land: geocoded to a city, a county or a state centre, never more precise than matched."""

from geo.ingest.read import read_table
from geo.ingest.rules import validate_incidents


def _load(fixtures, name="incidents_mixed.csv"):
    return validate_incidents(read_table(fixtures / name))


def test_city_without_coordinates_is_geocoded_at_city_precision(fixtures):
    incidents, report = _load(fixtures)
    denver = incidents.set_index("id").loc["a2"]
    assert denver["location_precision"] == "city"
    assert abs(denver["lat"] - 39.739) < 0.01 and abs(denver["lon"] + 104.985) < 0.01
    assert denver["state"] == "CO"  # 'co' normalised
    assert any(c.row == 2 and "geocoded" in c.reason for c in report.changed)


def test_unknown_city_falls_back_to_state_centre_and_says_so(fixtures):
    incidents, report = _load(fixtures)
    row = incidents.set_index("id").loc["a10"]
    assert row["location_precision"] == "state"
    assert any(c.row == 10 and "Nowheresville" in c.reason for c in report.changed)


def test_state_names_become_codes_and_state_rows_sit_at_the_centre(fixtures):
    incidents, _ = _load(fixtures)
    georgia = incidents.set_index("id").loc["a3"]
    assert georgia["state"] == "GA" and georgia["location_precision"] == "state"
    assert 30 < georgia["lat"] < 35 and -86 < georgia["lon"] < -81


def _spatial(tmp_path, name, geometries):
    import geopandas as gpd

    frame = gpd.GeoDataFrame(
        {
            "id": [f"r{i}" for i in range(len(geometries))],
            "date": "2024-01-01",
            "crime_type": "theft",
            "attribution": "reported",
        },
        geometry=geometries,
        crs=4326,
    )
    path = tmp_path / name
    frame.to_file(path, engine="pyogrio")
    return path


def test_files_whose_geometries_are_missing_or_not_points_account_for_every_row(tmp_path):
    import pandas as pd
    from shapely.geometry import Polygon

    from geo.ingest.pipeline import prepare_file

    plain = tmp_path / "plain.parquet"
    pd.DataFrame(
        {
            "id": ["a"],
            "date": ["2024-01-01"],
            "crime_type": ["theft"],
            "attribution": ["reported"],
            "lat": [39.7],
            "lon": [-104.9],
        }
    ).to_parquet(plain)
    triangle = Polygon([(0, 0), (1, 0), (1, 1)])
    for path, mapped in (
        (plain, 1),
        (_spatial(tmp_path, "polygons.gpkg", [triangle, triangle]), 0),
        (_spatial(tmp_path, "empty.geojson", [None, None]), 0),
    ):
        report = prepare_file(path).report
        assert report.rows == report.mapped + len(report.rejected) and report.mapped == mapped, path.name
