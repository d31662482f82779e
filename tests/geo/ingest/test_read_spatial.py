"""GeoJSON, GeoPackage and GeoParquet: points to coordinates, everything else refused per row."""

import multiprocessing
import os
import signal
import threading
import time

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.ingest import read_spatial
from geo.ingest.raw import LoadError
from geo.ingest.read import read_table
from geo.ingest.rules import validate_incidents


def test_geojson_rejects_nan_infinite_and_out_of_range_points(fixtures):
    incidents, report = validate_incidents(read_table(fixtures / "points.geojson"))
    reasons = {issue.row: issue.reason for issue in report.rejected}
    assert report.rows == 6 and report.mapped == 2
    assert "not finite" in reasons[3] and "not finite" in reasons[4]
    assert "outside -90..90" in reasons[5]
    assert "Polygon" in reasons[6]
    # A feature without geometry but with a city is geocoded instead.
    assert incidents.set_index("id").loc["g2", "location_precision"] == "city"


def _frame(rows):
    return gpd.GeoDataFrame(
        {
            "id": [r[0] for r in rows],
            "date": ["2024-05-01"] * len(rows),
            "crime_type": ["theft"] * len(rows),
            "attribution": ["charged"] * len(rows),
        },
        geometry=[Point(r[1], r[2]) for r in rows],
        crs=4326,
    )


@pytest.mark.parametrize("suffix,driver", [(".gpkg", "GPKG"), (".geojson", "GeoJSON")])
def test_spatial_files_round_trip(tmp_path, suffix, driver):
    path = tmp_path / f"incidents{suffix}"
    _frame([("p1", -104.99, 39.74), ("p2", -80.19, 25.77)]).to_file(path, driver=driver, engine="pyogrio")
    incidents, report = validate_incidents(read_table(path))
    assert (report.rows, report.mapped) == (2, 2)
    assert incidents["lat"].round(2).tolist() == [39.74, 25.77]
    assert incidents.crs.to_epsg() == 4326


def test_geoparquet_in_another_crs_is_reprojected(tmp_path):
    path = tmp_path / "incidents.parquet"
    _frame([("p1", -104.99, 39.74)]).to_crs(5070).to_parquet(path)
    incidents, report = validate_incidents(read_table(path))
    assert report.mapped == 1
    assert incidents.loc[0, "lon"] == pytest.approx(-104.99, abs=1e-6)
    assert any("reprojected" in w for w in report.warnings)


def test_corrupt_geopackage_is_a_load_error(tmp_path):
    path = tmp_path / "broken.gpkg"
    path.write_bytes(b"this is not sqlite")
    with pytest.raises(LoadError, match="cannot be read"):
        read_table(path)


def test_a_geopackage_with_several_layers_says_which_it_read(tmp_path):
    path = tmp_path / "many.gpkg"
    _frame([("p1", -104.99, 39.74)]).to_file(path, layer="incidents", driver="GPKG", engine="pyogrio")
    _frame([("q1", -80.19, 25.77)]).to_file(path, layer="drafts", driver="GPKG", engine="pyogrio")
    raw = read_table(path)
    assert list(raw.frame["id"]) == ["p1"]
    assert any("left out: drafts" in w for w in raw.warnings)


def test_a_file_whose_reading_takes_longer_than_its_reader_may_is_refused_and_the_server_lives_on(
    tmp_path, monkeypatch
):
    """GDAL parses in a reading process that is stopped when its time is up (as when its memory
    is): this process says so in words and reads on."""
    path = tmp_path / "incidents.geojson"
    _frame([(f"p{i}", -104.99 + i / 10_000, 39.74) for i in range(50_000)]).to_file(
        path, driver="GeoJSON", engine="pyogrio"
    )
    monkeypatch.setattr(read_spatial, "SPATIAL_SECONDS", 0.05)
    with pytest.raises(LoadError, match="incidents.geojson: cannot be read as geojson: it needs more memory or time"):
        read_table(path)
    monkeypatch.undo()
    assert validate_incidents(read_table(path))[1].mapped == 50_000


def test_a_reader_that_crashes_mid_file_is_a_clear_error_and_the_server_reads_on(tmp_path, caplog):
    """A segmentation fault in GDAL ends the reading process, not this one: here one is delivered to
    that process while GDAL parses, as a damaged file would cause it."""
    path = tmp_path / "incidents.geojson"
    _frame([(f"p{i}", -104.99 + i / 10_000, 39.74) for i in range(50_000)]).to_file(
        path, driver="GeoJSON", engine="pyogrio"
    )
    outcome: dict[str, BaseException] = {}

    def read() -> None:
        try:
            read_table(path)
        except LoadError as error:
            outcome["error"] = error

    reading = threading.Thread(target=read)
    reading.start()
    for _ in range(500):
        children = multiprocessing.active_children()
        if children:
            break
        time.sleep(0.01)
    assert children, "the file was not read in a process of its own"
    time.sleep(0.1)  # into the parse
    os.kill(children[0].pid, signal.SIGSEGV)
    reading.join(60)
    assert "incidents.geojson: cannot be read as geojson" in str(outcome["error"])
    assert "SIGSEGV" in caplog.text and "Traceback" not in str(outcome["error"])
    assert validate_incidents(read_table(path))[1].mapped == 50_000
