import csv
import io
import json

from geo.ingest.read import read_table
from geo.ingest.rules import validate_incidents
from geo.publish.export import to_csv_bytes, to_geojson_bytes
from geo.support.text import neutralise


def test_formula_cells_are_neutralised_but_numbers_stay_numbers():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\tcmd") == "'\tcmd"
    assert neutralise("-104.8") == "-104.8"
    assert neutralise("+1") == "+1"
    assert neutralise("-x") == "'-x"
    assert neutralise(-104.8) == -104.8


def test_csv_export_drops_internal_notes_and_defuses_formulas(fixtures, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        "id,date,crime_type,attribution,lat,lon,title,internal_notes\n"
        'x1,2024-01-01,theft,reported,39.7,-104.9,"=HYPERLINK(""http://e.x"")",secret source\n'
    )
    incidents, _ = validate_incidents(read_table(path))
    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(incidents).decode())))
    assert "internal_notes" not in rows[0]
    assert rows[0]["title"].startswith("'=")
    assert rows[0]["lat"] == "39.7" and rows[0]["lon"] == "-104.9"
    assert "secret" not in to_csv_bytes(incidents).decode()


def test_geojson_export_is_valid_points_without_internal_fields(fixtures):
    incidents, _ = validate_incidents(read_table(fixtures / "incidents_mixed.csv"))
    data = json.loads(to_geojson_bytes(incidents))
    assert len(data["features"]) == len(incidents)
    assert all(f["geometry"]["type"] == "Point" for f in data["features"])
    assert all("internal_notes" not in f["properties"] for f in data["features"])
    assert "secret note" not in json.dumps(data)


def test_a_formula_after_a_line_break_is_neutralised_and_every_field_is_quoted():
    assert neutralise("x\r=1+1") == "x\n'=1+1"
    assert neutralise("ok\n@SUM(A1)\r\n+2") == "ok\n'@SUM(A1)\n'+2"
    assert neutralise("-12.5") == "-12.5" and neutralise("plain") == "plain"


def test_every_csv_field_is_quoted(fixtures):
    incidents, _ = validate_incidents(read_table(fixtures / "incidents_mixed.csv"))
    lines = to_csv_bytes(incidents[incidents["public"]]).decode().splitlines()
    assert all(field.startswith('"') and field.endswith('"') for field in lines[0].split(","))
    assert lines[1].startswith('"a1","Exact shooting"')


def test_staff_downloads_say_when_they_hold_non_public_rows(tmp_path):
    from geo.publish.export import download_name

    path = tmp_path / "in.csv"
    path.write_text(
        "id,date,crime_type,attribution,lat,lon,public\n"
        "x1,2024-01-01,theft,reported,39.7,-104.9,true\n"
        "x2,2024-01-01,theft,reported,39.7,-104.9,false\n"
    )
    incidents, _ = validate_incidents(read_table(path))
    assert download_name(incidents, "csv") == "incidents-INCLUDES-NON-PUBLIC.csv"
    assert (
        to_csv_bytes(incidents).decode().splitlines()[0] == '"NOT FOR PUBLICATION: includes 1 non-public incident(s)"'
    )
    assert json.loads(to_geojson_bytes(incidents))["notice"].startswith("NOT FOR PUBLICATION")
    public = incidents[incidents["public"]]
    assert download_name(public, "csv") == "incidents.csv" and to_csv_bytes(public).startswith(b'"id"')


def test_a_newsroom_column_name_that_is_a_formula_is_neutralised_in_the_header(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        'id,date,crime_type,attribution,lat,lon,"=HYPERLINK(""http://e.x"")",@SUM(1+1),+cmd|calc\n'
        "x1,2024-01-01,theft,reported,39.7,-104.9,a,b,c\n"
    )
    incidents, _ = validate_incidents(read_table(path))
    header = next(csv.reader(io.StringIO(to_csv_bytes(incidents).decode())))
    extra = header[-3:]
    assert extra == ['\'=HYPERLINK("http://e.x")', "'@SUM(1+1)", "'+cmd|calc"]
    assert all(not name.startswith(("=", "+", "-", "@")) for name in header)
