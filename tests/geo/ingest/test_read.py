import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.ingest.raw import LoadError
from geo.ingest.read import read_table
from geo.ingest.read_csv import read_csv_strict
from geo.ingest.rules import validate_incidents


def test_unclosed_quote_is_an_error_not_fewer_rows(fixtures):
    with pytest.raises(LoadError, match="malformed CSV"):
        read_table(fixtures / "unclosed_quote.csv")


def test_wrong_field_count_rejects_those_records_by_number(fixtures):
    table = read_table(fixtures / "wrong_field_count.csv")
    assert table.rejected == [(2, "has 6 fields; the header has 5"), (3, "has 3 fields; the header has 5")]
    # The blank line is not a record: the last record is number 4.
    assert table.frame["row"].tolist() == [1, 4]


def test_missing_empty_and_unsupported_files_are_one_line_errors(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    other = tmp_path / "data.xyz"
    other.write_text("x")
    for path, message in ((tmp_path / "missing.csv", "no such file"), (empty, "empty"), (other, "unsupported")):
        with pytest.raises(LoadError, match=message) as error:
            read_table(path)
        assert "\n" not in str(error.value)


def test_utf8_bom_and_latin1_are_read():
    with_bom = read_csv_strict("\ufeffid,city\n1,Bogotá\n".encode("utf-8"))
    assert list(with_bom.frame.columns) == ["row", "id", "city"]
    latin = read_csv_strict("id,city\n1,Bogotá\n".encode("latin-1"))
    assert latin.frame.loc[0, "city"] == "Bogotá"
    assert any("Latin-1" in w for w in latin.warnings)


def test_binary_file_named_csv_is_refused():
    with pytest.raises(LoadError, match="NUL"):
        read_csv_strict(b"id,date\n1,\x00\x00\n")


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


def test_encodings_read_as_a_person_wrote_them():
    utf16 = read_csv_strict("id,city\n1,Bogotá\n".encode("utf-16"))
    assert utf16.frame.loc[0, "city"] == "Bogotá" and any("UTF-16" in w for w in utf16.warnings)
    quotes = read_csv_strict("id,title\n1,\u201cquoted\u201d \u2013 dash\n".encode("cp1252"))
    assert quotes.frame.loc[0, "title"] == "\u201cquoted\u201d \u2013 dash"
    stray = read_csv_strict("id,city\n1,Bogotá\n2,Medellín\n".encode() + b"3,Cal\xed\n")
    assert list(stray.frame["city"][:2]) == ["Bogotá", "Medellín"]  # not turned into mojibake
    assert any("not valid UTF-8" in w and "[3]" in w for w in stray.warnings)


def _workbook(path, sheets: dict, hidden: tuple = ()):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def test_excel_reads_the_first_visible_sheet_and_says_so(tmp_path):
    path = _workbook(
        tmp_path / "book.xlsx",
        {"scratch": [["id", "note"], ["x", "hidden work"]], "Incidents": [["id", "city"], ["a1", "Denver"]]},
        hidden=("scratch",),
    )
    raw = read_table(path)
    assert list(raw.frame["id"]) == ["a1"]
    assert any("'Incidents'" in w and "1 other sheet" in w for w in raw.warnings)


def test_excel_with_duplicate_headers_is_refused_like_csv(tmp_path):
    path = _workbook(tmp_path / "dup.xlsx", {"Sheet": [["id", "city", "city"], ["a1", "Denver", "Aurora"]]})
    with pytest.raises(LoadError, match="duplicate column names: city"):
        read_table(path)


def test_an_excel_bomb_is_refused_before_parsing(tmp_path, monkeypatch):
    from geo.ingest import read_excel

    path = _workbook(tmp_path / "big.xlsx", {"Sheet": [["id", "text"], *[[str(i), "x" * 2000] for i in range(300)]]})
    monkeypatch.setattr(read_excel, "EXCEL_EXPANSION", 2)
    with pytest.raises(LoadError, match="would unpack to"):
        read_table(path)


def test_a_geopackage_with_several_layers_says_which_it_read(tmp_path):
    path = tmp_path / "many.gpkg"
    _frame([("p1", -104.99, 39.74)]).to_file(path, layer="incidents", driver="GPKG", engine="pyogrio")
    _frame([("q1", -80.19, 25.77)]).to_file(path, layer="drafts", driver="GPKG", engine="pyogrio")
    raw = read_table(path)
    assert list(raw.frame["id"]) == ["p1"]
    assert any("left out: drafts" in w for w in raw.warnings)


def test_a_row_limit_is_enforced_before_parsing(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("id,date\n" + "".join(f"{i},2024-01-01\n" for i in range(50)), encoding="utf-8")
    with pytest.raises(LoadError, match="about 50 rows; the limit here is 10"):
        read_table(path, max_rows=10)
    assert len(read_table(path, max_rows=50).frame) == 50
    book = _workbook(tmp_path / "long.xlsx", {"Sheet": [["id"], *[[str(i)] for i in range(30)]]})
    with pytest.raises(LoadError, match="limit here is 10"):
        read_table(book, max_rows=10)


def test_row_limits_count_records_for_every_line_ending_and_not_quoted_breaks(tmp_path):
    lone_cr = tmp_path / "cr.csv"
    lone_cr.write_bytes(b"id,date\r" + b"".join(b"%d,2024-01-01\r" % i for i in range(50)))
    with pytest.raises(LoadError, match="about 50 rows; the limit here is 10"):
        read_table(lone_cr, max_rows=10)
    quoted = tmp_path / "quoted.csv"
    quoted.write_text("id,title\n" + "".join(f'{i},"two\nlines"\n' for i in range(20)), encoding="utf-8")
    assert len(read_table(quoted, max_rows=20).frame) == 20
    with pytest.raises(LoadError, match="limit here is 19"):
        read_table(quoted, max_rows=19)


def test_a_sheet_is_counted_from_its_rows_whatever_its_dimension_says(tmp_path):
    import zipfile

    book = _workbook(tmp_path / "long.xlsx", {"Sheet": [["id"], *[[str(i)] for i in range(30)]]})
    with zipfile.ZipFile(book) as source:
        members = {item.filename: source.read(item) for item in source.infolist()}
    sheet = next(name for name in members if name.startswith("xl/worksheets/sheet"))
    assert b"<dimension" in members[sheet]
    members[sheet] = members[sheet].replace(b'ref="A1:A31"', b'ref="A1:A2"')
    lying = tmp_path / "lying.xlsx"
    with zipfile.ZipFile(lying, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(LoadError, match="limit here is 10"):
        read_table(lying, max_rows=10)
    assert len(read_table(lying, max_rows=30).frame) == 30


def test_a_line_no_table_has_is_refused_before_the_file_is_read_whole(tmp_path):
    from geo.ingest import read_csv

    path = tmp_path / "one_line.csv"
    path.write_bytes(b"id,title\n1," + b"x" * (read_csv.MAX_LINE_BYTES + 10) + b"\n")
    with pytest.raises(LoadError, match="line 2 is longer than 16 MB"):
        read_table(path)
