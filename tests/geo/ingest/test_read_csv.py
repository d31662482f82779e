"""CSV files: strict records, encodings, and limits counted while streaming."""

import pytest

from geo.ingest.raw import LoadError
from geo.ingest.read import read_table
from geo.ingest.read_csv import read_csv_strict


def test_unclosed_quote_is_an_error_not_fewer_rows(fixtures):
    with pytest.raises(LoadError, match="malformed CSV"):
        read_table(fixtures / "unclosed_quote.csv")


def test_wrong_field_count_rejects_those_records_by_number(fixtures):
    table = read_table(fixtures / "wrong_field_count.csv")
    assert table.rejected == [(2, "has 6 fields; the header has 5"), (3, "has 3 fields; the header has 5")]
    # The blank line is not a record: the last record is number 4.
    assert table.frame["row"].tolist() == [1, 4]


def test_utf8_bom_and_latin1_are_read():
    with_bom = read_csv_strict("\ufeffid,city\n1,Bogotá\n".encode("utf-8"))
    assert list(with_bom.frame.columns) == ["row", "id", "city"]
    latin = read_csv_strict("id,city\n1,Bogotá\n".encode("latin-1"))
    assert latin.frame.loc[0, "city"] == "Bogotá"
    assert any("Latin-1" in w for w in latin.warnings)


def test_binary_file_named_csv_is_refused():
    with pytest.raises(LoadError, match="NUL"):
        read_csv_strict(b"id,date\n1,\x00\x00\n")


def test_encodings_read_as_a_person_wrote_them():
    utf16 = read_csv_strict("id,city\n1,Bogotá\n".encode("utf-16"))
    assert utf16.frame.loc[0, "city"] == "Bogotá" and any("UTF-16" in w for w in utf16.warnings)
    quotes = read_csv_strict("id,title\n1,\u201cquoted\u201d \u2013 dash\n".encode("cp1252"))
    assert quotes.frame.loc[0, "title"] == "\u201cquoted\u201d \u2013 dash"
    stray = read_csv_strict("id,city\n1,Bogotá\n2,Medellín\n".encode() + b"3,Cal\xed\n")
    assert list(stray.frame["city"][:2]) == ["Bogotá", "Medellín"]  # not turned into mojibake
    assert any("not valid UTF-8" in w and "[3]" in w for w in stray.warnings)


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


def test_a_line_no_table_has_is_refused_before_the_file_is_read_whole(tmp_path):
    from geo.ingest import read_csv

    path = tmp_path / "one_line.csv"
    path.write_bytes(b"id,title\n1," + b"x" * (read_csv.MAX_LINE_BYTES + 10) + b"\n")
    with pytest.raises(LoadError, match="line 2 is longer than 16 MB"):
        read_table(path)
