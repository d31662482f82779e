"""Excel workbooks: the first visible sheet, bombs and row counts from the sheet itself."""

import pytest

from geo.ingest.raw import LoadError
from geo.ingest.read import read_table
from tests.support.workbooks import far_cell, huge_string_table, rewritten, sheet_part, workbook


def test_excel_reads_the_first_visible_sheet_and_says_so(tmp_path):
    path = workbook(
        tmp_path / "book.xlsx",
        {"scratch": [["id", "note"], ["x", "hidden work"]], "Incidents": [["id", "city"], ["a1", "Denver"]]},
        hidden=("scratch",),
    )
    raw = read_table(path)
    assert list(raw.frame["id"]) == ["a1"]
    assert any("'Incidents'" in w and "1 other sheet" in w for w in raw.warnings)


def test_excel_with_duplicate_headers_is_refused_like_csv(tmp_path):
    path = workbook(tmp_path / "dup.xlsx", {"Sheet": [["id", "city", "city"], ["a1", "Denver", "Aurora"]]})
    with pytest.raises(LoadError, match="duplicate column names: city"):
        read_table(path)


def test_an_excel_bomb_is_refused_before_parsing(tmp_path, monkeypatch):
    from geo.ingest import read_excel

    path = workbook(tmp_path / "big.xlsx", {"Sheet": [["id", "text"], *[[str(i), "x" * 2000] for i in range(300)]]})
    monkeypatch.setattr(read_excel, "EXCEL_EXPANSION", 2)
    with pytest.raises(LoadError, match="would unpack to"):
        read_table(path)


def test_a_sheet_is_counted_from_its_rows_whatever_its_dimension_says(tmp_path):
    def lie(members):
        sheet = sheet_part(members)
        assert b"<dimension" in members[sheet]
        members[sheet] = members[sheet].replace(b'ref="A1:A31"', b'ref="A1:A2"')

    book = workbook(tmp_path / "long.xlsx", {"Sheet": [["id"], *[[str(i)] for i in range(30)]]})
    lying = rewritten(book, tmp_path / "lying.xlsx", lie)
    with pytest.raises(LoadError, match="limit here is 10"):
        read_table(lying, max_rows=10)
    assert len(read_table(lying, max_rows=30).frame) == 30


@pytest.mark.parametrize("form", ["prefixed", "page breaks"])
def test_rows_are_counted_exactly_with_a_namespace_prefix_or_page_breaks(tmp_path, form):
    """Counted by bytes where the sheet allows, by the pattern where elements carry a prefix; and
    ``<rowBreaks>`` is not a row."""
    from geo.ingest.read_excel import scan_sheets

    def change(members):
        sheet = sheet_part(members)
        if form == "prefixed":
            xml = members[sheet].replace(b"<row ", b"<x:row ").replace(b"</row>", b"</x:row>")
            members[sheet] = xml.replace(
                b"<worksheet ", b'<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ', 1
            )
        else:
            members[sheet] = members[sheet].replace(
                b"</worksheet>", b'<rowBreaks count="1"><brk id="5"/></rowBreaks></worksheet>'
            )

    book = workbook(tmp_path / "plain.xlsx", {"Sheet": [["id"], *[[str(i)] for i in range(30)]]})
    changed = rewritten(book, tmp_path / "changed.xlsx", change)
    assert scan_sheets(changed, 100).rows == 31
    with pytest.raises(LoadError, match="limit here is 29"):
        read_table(changed, max_rows=29)


def test_numbers_dates_and_blank_rows_read_as_a_person_sees_them(tmp_path):
    import datetime

    rows = [
        ["id", "date", "count", "empty", "note"],
        ["a1", datetime.date(2024, 3, 5), 3, None, "nan"],
        [None] * 5,
        ["a2", None, 2.5, None, "seen"],
    ]
    raw = read_table(workbook(tmp_path / "kinds.xlsx", {"Sheet": rows}))
    assert raw.frame[["row", "id", "date", "count", "empty", "note"]].values.tolist() == [
        [1, "a1", "2024-03-05", "3", "", ""],
        [2, "a2", "", "2.5", "", "seen"],
    ]


def test_a_workbook_missing_a_part_is_refused_in_words(tmp_path):
    whole = workbook(tmp_path / "whole.xlsx", {"Sheet": [["id", "state"], ["a1", "CO"]]})
    broken = rewritten(whole, tmp_path / "broken.xlsx", lambda members: members.pop("xl/_rels/workbook.xml.rels"))
    with pytest.raises(LoadError, match="cannot be read as Excel"):
        read_table(broken)


@pytest.mark.parametrize("craft", [far_cell, huge_string_table], ids=["a far cell", "a huge string table"])
def test_a_workbook_that_would_exhaust_memory_is_refused_in_words_and_the_reader_lives_on(tmp_path, craft):
    """Each of these makes calamine abort its process (its issues 693 and 684): read in ours, it
    would take the server down with it."""
    book = workbook(tmp_path / "book.xlsx", {"Sheet": [["id", "state"], ["a1", "CO"]]})
    with pytest.raises(LoadError, match="more memory or time than one sheet may use.*export the sheet as CSV"):
        read_table(rewritten(book, tmp_path / "crafted.xlsx", craft))
    assert list(read_table(book).frame["id"]) == ["a1"]


def test_a_sheet_over_the_limit_stops_its_reading_process(tmp_path):
    import multiprocessing

    book = workbook(tmp_path / "long.xlsx", {"Sheet": [["id"], *[[str(i)] for i in range(30)]]})
    with pytest.raises(LoadError, match="limit here is 10"):
        read_table(book, max_rows=10)
    assert multiprocessing.active_children() == []
