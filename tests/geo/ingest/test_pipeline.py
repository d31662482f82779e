"""Foreign files through a column mapping: every row's fate checked against the fixture's design."""

import json
import os
import subprocess
import sys

import pytest

from geo.dataset.file_store import FileStore
from geo.dataset.store import import_file
from geo.ingest.mapping import load_mapping
from geo.ingest.pipeline import prepare
from geo.ingest.read import read_table
from geo.support.paths import ROOT

IMPORTS = ROOT / "tests" / "fixtures" / "imports"


def run(name: str, mapping: str | None):
    raw = read_table(IMPORTS / name)
    return prepare(raw, load_mapping(IMPORTS / mapping) if mapping else None)


def outcomes(report) -> dict[int, tuple[str, str]]:
    """row -> (outcome, reason): rejected beats flagged beats changed for the summary."""
    result: dict[int, tuple[str, str]] = {}
    for outcome, found in (("changed", report.changed), ("flagged", report.flagged), ("rejected", report.rejected)):
        for issue in found:
            result[issue.row] = (outcome, issue.reason)
    return result


def test_gun_violence_archive_export_row_by_row():
    incidents, report, _ = run("gva_export.csv", "gva.toml")
    assert (report.rows, report.mapped, len(report.rejected)) == (12, 10, 2)
    rows = outcomes(report)
    assert rows[7] == ("rejected", "duplicate id '1000002' (first at row 2)")
    assert rows[8] == ("rejected", "missing date")
    assert rows[3][0] == "changed" and "geocoded 'Denver, CO'" in rows[3][1]
    assert "Cook County" in rows[4][1]
    assert "lat and lon swapped" in rows[5][1]
    assert rows[6][0] == "flagged" and "outside its stated state OH" in rows[6][1]
    assert "St. Louis" in rows[11][1]
    assert "placed at the centre of LA" in rows[12][1]
    assert {1, 2, 9, 10}.isdisjoint(rows)  # clean rows: nothing to say
    by_id = incidents.set_index("id")
    atlanta = by_id.loc["1000005"]
    assert (round(atlanta["lat"], 3), round(atlanta["lon"], 3)) == (33.749, -84.388)
    assert by_id.loc["1000004", "location_precision"] == "county"
    assert by_id.loc["1000003", "location_precision"] == "city"
    # Multi-valued cells: the first value (renamed) is primary, all are kept.
    assert by_id.loc["1000001", "crime_type"] == "homicide"
    assert by_id.loc["1000001", "crime_type_all"] == "homicide | Drive-by (car to street, car to car)"
    assert by_id.loc["1000010", "state"] == "DC"
    assert by_id.loc["1000009", "source_url"] == "javascript:alert(1)"  # kept as text, never linked
    assert set(incidents["attribution"]) == {"unrated"}


def test_acled_export_row_by_row():
    incidents, report, _ = run("acled_export.csv", "acled.toml")
    assert (report.rows, report.mapped) == (8, 7)
    rows = outcomes(report)
    assert rows[7][0] == "rejected" and "'sometime'" in rows[7][1]
    assert "read as 2024-03-01 (written date)" in rows[1][1]
    assert "decimal commas" in rows[3][1]
    assert rows[5][0] == "flagged" and "outside the U.S." in rows[5][1]
    assert "Philadelphia County" in rows[8][1]
    by_id = incidents.set_index("id")
    assert by_id.loc["USA10003", "lat"] == pytest.approx(33.4484)
    assert by_id.loc["USA10002", "date_precision"] == "month"  # ACLED precision 3
    assert by_id.loc["USA10006", "date_label"] == "March 2024"
    assert by_id.loc["USA10001", "location_precision"] == "city"
    assert by_id.loc["USA10008", "location_precision"] == "state"  # geo_precision 3 beats the county match
    assert dict(report.cleaned)["dates read from other formats"] == 7


def test_washington_post_file_row_by_row():
    incidents, report, _ = run("wapo_police_shootings.csv", "wapo.toml")
    rows = outcomes(report)
    assert rows[5] == ("rejected", "lon -195.993 is outside -180..180")
    assert "Harris County" in rows[2][1]
    assert "placed at the centre of ND" in rows[7][1]
    by_id = incidents.set_index("id")
    assert by_id.loc["9003", "location_precision"] == "street"
    assert by_id.loc["9002", "location_precision"] == "county"
    assert by_id.loc["9004", "state"] == ""  # no state given, coordinates kept
    assert set(incidents["crime_type"]) == {"police_shooting"}


def test_newsroom_sheet_in_latin1_with_guessed_columns():
    incidents, report, mapping = run("newsroom_latin1.csv", None)
    assert mapping.columns == {
        "date": "Date",
        "city": "Where (city)",
        "state": "ST",
        "lat": "Lat",
        "lon": "Long",
        "crime_type": "Type",
        "attribution": "Confidence",
        "summary": "What happened",
        "source_url": "Link",
    }
    assert any("Latin-1" in w for w in report.warnings)
    assert any("ids were made from row numbers" in w for w in report.warnings)
    rows = outcomes(report)
    assert rows[2][0] == "rejected" and "police say" in rows[2][1]
    assert rows[5] == ("rejected", "missing date")
    assert "Excel serial" in rows[4][1] and "2024-03-09" in rows[4][1]
    assert "Española" in rows[3][1]
    assert incidents.set_index("id").loc["row-4", "state"] == "FL"  # FIPS 12


def test_value_renames_rescue_a_sheet(tmp_path):
    mapping = tmp_path / "newsroom.toml"
    mapping.write_text(
        '[columns]\ncity = "Where (city)"\nstate = "ST"\ndate = "Date"\nlat = "Lat"\nlon = "Long"\n'
        'crime_type = "Type"\nattribution = "Confidence"\n'
        '[values.attribution]\n"police say" = "law_enforcement"\n"rumor" = "reported"\n'
        '"Charged" = "charged"\n"law enforcement" = "law_enforcement"\n'
    )
    incidents, report, _ = prepare(read_table(IMPORTS / "newsroom_latin1.csv"), load_mapping(mapping))
    assert report.mapped == 5 and [i.row for i in report.rejected] == [5]
    assert incidents.set_index("id").loc["row-2", "attribution"] == "law_enforcement"
    assert incidents.set_index("id").loc["row-2", "location_precision"] == "city"  # Cañon City


def test_excel_upload_reads_real_date_cells(tmp_path):
    from datetime import datetime

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Incident ID", "Date", "City", "State", "Type", "Attribution"])
    sheet.append([1, datetime(2024, 3, 5), "Denver", "CO", "theft", "charged"])
    sheet.append([None, None, None, None, None, None])
    sheet.append([2, "March 2024", "Tulsa", "Oklahoma", "theft", "reported"])
    book.save(tmp_path / "sheet.xlsx")
    incidents, report, _ = prepare(read_table(tmp_path / "sheet.xlsx"))
    assert (report.rows, report.mapped) == (2, 2)
    assert incidents["date"].tolist() == ["2024-03-05", "2024-03-01"]
    assert incidents["date_precision"].tolist() == ["day", "month"]


def geo(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env
    )


@pytest.mark.process
def test_cli_check_with_columns_and_import(tmp_path):
    result = geo("check", IMPORTS / "acled_export.csv", "--columns", IMPORTS / "acled.toml", "--json")
    report = json.loads(result.stdout)
    assert report["rows"] == report["mapped"] + len(report["rejected"]) == 8
    assert report["flagged"][0]["row"] == 5
    missing = geo("check", IMPORTS / "acled_export.csv", "--columns", tmp_path / "none.toml")
    assert missing.returncode == 2 and "no such mapping file" in missing.stderr and "Traceback" not in missing.stderr
    imported = geo(
        "import",
        IMPORTS / "wapo_police_shootings.csv",
        "--columns",
        IMPORTS / "wapo.toml",
        "--name",
        "wapo",
        "--title",
        "Police shootings",
        "--as-of",
        "2024-01-31",
        env={**os.environ, "INCIDENT_ATLAS_DATASETS": str(tmp_path)},
    )
    assert imported.returncode == 0, imported.stderr
    assert "7 rows read, 6 mapped, 1 rejected" in imported.stdout
    assert (tmp_path / "wapo" / "incidents.parquet").exists()
    assert 'title = "Police shootings"' in (tmp_path / "wapo" / "incidents.meta.toml").read_text()


def test_county_places_are_labelled_as_counties():
    from geo.dataset.describe import readable

    incidents, _, _ = run("wapo_police_shootings.csv", "wapo.toml")
    places = readable(incidents.set_index("id", drop=False)).set_index(incidents["id"])["Place"]
    assert places["9002"] == "Harris County, TX (county centre, not the exact spot)"
    assert places["9001"] == "Phoenix, AZ"


def test_import_reports_real_progress_from_reading_to_saving(tmp_path):
    seen: list[tuple[float, str]] = []
    import_file(
        IMPORTS / "gva_export.csv",
        "gva-progress",
        load_mapping(IMPORTS / "gva.toml"),
        store=FileStore(tmp_path),
        progress=lambda fraction, text: seen.append((fraction, text)),
    )
    fractions = [fraction for fraction, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    texts = [text for _, text in seen]
    assert texts[0] == "Reading the file" and "Saving" in texts
    assert any("geocoding" in text for text in texts)
