"""Column mappings: read from TOML, guessed from common names, applied without surprises."""

import re

import pytest

from geo.ingest.mapping import MappingError, apply_mapping, guess_mapping, load_mapping
from geo.ingest.pipeline import prepare
from geo.ingest.read import read_table
from geo.support.paths import ROOT

IMPORTS = ROOT / "tests" / "fixtures" / "imports"


def test_mapping_errors_are_clear(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[columns]\nplace = "x"\n')
    with pytest.raises(MappingError, match="fields we do not have: place"):
        load_mapping(bad)
    bad.write_text("[columns\n")
    with pytest.raises(MappingError, match="not valid TOML"):
        load_mapping(bad)
    raw = read_table(IMPORTS / "gva_export.csv")
    with pytest.raises(MappingError, match="does not have: nope"):
        apply_mapping(raw, load_mapping_from({"columns": {"id": "nope"}}, tmp_path))


def load_mapping_from(data: dict, folder):
    path = folder / "m.toml"
    path.write_text("[columns]\n" + "".join(f'{k} = "{v}"\n' for k, v in data["columns"].items()))
    return load_mapping(path)


def test_guessing_recognises_common_names():
    guessed = guess_mapping(["Latitude", "LNG", "Incident Date", "State Name", "City", "Offense", "URL"]).columns
    assert guessed == {
        "lat": "Latitude",
        "lon": "LNG",
        "date": "Incident Date",
        "state": "State Name",
        "city": "City",
        "crime_type": "Offense",
        "source_url": "URL",
    }


def test_a_column_named_like_a_field_but_not_chosen_is_not_used():
    raw = read_table(IMPORTS / "wapo_police_shootings.csv")
    mapping = guess_mapping(list(raw.frame.columns))
    columns = {k: v for k, v in mapping.columns.items() if k != "location_precision"}
    columns["crime_type"] = "threat_type"
    incidents, report, _ = prepare(raw, type(mapping)(columns, {}, {"attribution": "unrated"}))
    assert not any("location_precision" in issue.reason for issue in report.rejected)
    assert "location_precision (original)" in incidents.columns


def test_the_mapping_file_written_reads_back_whatever_the_headers_hold(tmp_path):
    from geo.ingest.mapping import ColumnMapping

    mapping = ColumnMapping(
        columns={"id": 'incident\nid "1"', "date": "date\\when"},
        split={"crime_type": "||"},
        defaults={"attribution": "unrated"},
        values={"crime_type": {"Shot\r\n - Dead": "homicide"}},
    )
    path = tmp_path / "m.toml"
    path.write_text(mapping.to_toml(), encoding="utf-8")
    assert load_mapping(path) == mapping


@pytest.mark.parametrize(
    "column", ["Is public", "Published?", "publishable_flag", "Embargo until", "PRIVATE", "Confidential"]
)
def test_a_column_that_may_say_a_row_is_private_stops_the_import_unless_it_is_mapped(tmp_path, column):
    path = tmp_path / "incidents.csv"
    path.write_text(f'id,date,crime_type,attribution,state,"{column}"\na,2024-01-01,theft,reported,CO,false\n')
    raw = read_table(path)
    with pytest.raises(MappingError, match=f"'{re.escape(column)}' may say which rows may be published"):
        prepare(raw, guess_mapping(list(raw.frame.columns)))
    mapped = guess_mapping(list(raw.frame.columns))
    mapped = type(mapped)(columns={**mapped.columns, "public": column})
    prepared = prepare(raw, mapped)
    assert prepared.incidents["public"].tolist() == [False]


def test_published_is_not_read_as_the_source_date():
    assert "source_date" not in guess_mapping(["id", "date", "published"]).columns
