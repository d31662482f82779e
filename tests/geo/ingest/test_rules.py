from geo.ingest.read import read_table
from geo.ingest.rules import validate_incidents


def _load(fixtures, name="incidents_mixed.csv"):
    return validate_incidents(read_table(fixtures / name))


def test_every_row_is_mapped_or_rejected(fixtures):
    incidents, report = _load(fixtures)
    assert report.rows == 14
    assert report.rows == report.mapped + len(report.rejected)
    assert len(incidents) == report.mapped
    assert sorted(incidents["row"].tolist() + [i.row for i in report.rejected]) == list(range(1, 15))


def test_rejection_reasons_name_the_problem(fixtures):
    _, report = _load(fixtures)
    reasons = {issue.row: issue.reason for issue in report.rejected}
    assert "attribution 'rumour'" in reasons[4]
    assert reasons[5] == "missing id"
    assert "not a date we can read" in reasons[6]
    assert "outside -90..90" in reasons[7]
    assert reasons[8].startswith("no place")
    assert reasons[9] == "duplicate id 'a1' (first at row 1)"
    assert "state 'ZZ'" in reasons[11]
    assert "'abc' is not a number" in reasons[12]
    assert "not finite" in reasons[13]


def test_changes_are_listed_only_for_mapped_rows(fixtures):
    incidents, report = _load(fixtures)
    assert {c.row for c in report.changed} <= set(incidents["row"])


def test_unknown_columns_and_new_crime_types_are_kept_with_warnings(fixtures):
    incidents, report = _load(fixtures)
    assert "desk" in incidents.columns
    assert any("desk" in w for w in report.warnings)
    assert "cyber_fraud" in set(incidents["crime_type"])
    assert any("cyber_fraud" in w for w in report.warnings)


def test_defaults_and_precision_rules(fixtures):
    incidents = _load(fixtures)[0].set_index("id")
    assert incidents.loc["a1", "public_precision"] == "street"  # defaults to location_precision
    assert incidents.loc["a14", "public_precision"] == "state"
    assert bool(incidents.loc["a10", "public"]) is False
    assert bool(incidents.loc["a2", "public"]) is True
    assert incidents.loc["a2", "attributed_by"] == "police"
    assert incidents.loc["a14", "date_label"] == "Date not given; reported by March 2025"


def test_public_precision_cannot_be_finer_than_what_we_know(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text(
        "id,date,crime_type,attribution,city,state,location_precision,public_precision\n"
        "x,2024-01-01,theft,reported,Denver,CO,city,address\n"
    )
    incidents, _ = validate_incidents(read_table(path))
    assert incidents.loc[0, "public_precision"] == "city"


def test_missing_required_column_rejects_every_row_with_a_warning(tmp_path):
    path = tmp_path / "no_attribution.csv"
    path.write_text("id,date,crime_type,state\n1,2024-01-01,theft,CO\n2,2024-01-02,theft,TX\n")
    incidents, report = validate_incidents(read_table(path))
    assert incidents.empty and [i.reason for i in report.rejected] == ["missing attribution"] * 2
    assert any("'attribution' is missing" in w for w in report.warnings)


def test_impossible_years_and_underscored_numbers_are_rejected_by_row(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text(
        "id,date,crime_type,attribution,lat,lon,state\n"
        "ok,2024-05-01,theft,reported,39.7,-104.9,CO\n"
        "far,9999-12-31,theft,reported,39.7,-104.9,CO\n"
        "month,9999-12,theft,reported,39.7,-104.9,CO\n"
        "under,2024-05-01,theft,reported,2_5.77,-104.9,CO\n",
        encoding="utf-8",
    )
    incidents, report = validate_incidents(read_table(path))
    reasons = {issue.row: issue.reason for issue in report.rejected}
    assert list(incidents["id"]) == ["ok"] and report.rows == 4
    assert "outside the years" in reasons[2] and "outside the years" in reasons[3]
    assert "'2_5.77' is not a number" in reasons[4]


def test_look_alike_crime_types_and_states_merge_with_a_warning_naming_them(tmp_path):
    spellings = ["theft", "ｔｈｅｆｔ", "the\u200bft", "\ufefftheft", "th\u00adeft", "the\u2060ft", "THEFT"]
    lines = [f"i{n},2024-01-01,{spelling},reported,C\u200bO" for n, spelling in enumerate(spellings)]
    path = tmp_path / "lookalikes.csv"
    path.write_text("id,date,crime_type,attribution,state\n" + "\n".join(lines) + "\n", encoding="utf-8")
    incidents, report = validate_incidents(read_table(path))
    assert set(incidents["crime_type"]) == {"theft"} and set(incidents["state"]) == {"CO"}
    said = " ".join(report.warnings)
    assert "crime types written with invisible or full-width characters were read as plain ones" in said
    assert "'\\uff54\\uff48\\uff45\\uff46\\uff54' as theft" in said and "'the\\u200bft' as theft" in said
    assert "states written with invisible" in said and "'C\\u200bO' as CO" in said


def test_a_blank_public_cell_in_a_file_that_says_public_is_rejected(tmp_path):
    path = tmp_path / "public.csv"
    path.write_text(
        "id,date,crime_type,attribution,state,public\n"
        "a,2024-01-01,theft,reported,CO,false\nb,2024-01-01,theft,reported,CO,\nc,2024-01-01,theft,reported,CO,true\n"
    )
    incidents, report = validate_incidents(read_table(path))
    assert incidents["id"].tolist() == ["a", "c"] and incidents["public"].tolist() == [False, True]
    assert [(issue.row, issue.reason) for issue in report.rejected] == [
        (2, "public is blank: a row is published only where the file says true")
    ]


def test_crime_types_keep_the_sources_own_names_and_the_vocabularys_keys(tmp_path):
    """Acronyms and full names stay as most rows write them; case and spacing variants stay one type."""
    from geo.reference.vocab import crime_type_label

    written = ["ATF/LE Confiscation", "ATF/LE  Confiscation", "atf/le confiscation", "Homicide", "arson"]
    lines = [f"i{n},2024-01-01,{name},reported,CO" for n, name in enumerate(written)]
    path = tmp_path / "names.csv"
    path.write_text("id,date,crime_type,attribution,state\n" + "\n".join(lines) + "\n", encoding="utf-8")
    incidents, _ = validate_incidents(read_table(path))
    assert list(incidents["crime_type"]) == ["ATF/LE Confiscation"] * 3 + ["homicide", "arson"]
    assert [crime_type_label(key) for key in ("ATF/LE Confiscation", "homicide", "arson", "armed_robbery")] == [
        "ATF/LE Confiscation",
        "Homicide",
        "Arson",
        "Armed robbery",
    ]
