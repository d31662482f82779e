"""The record's tables: the audit's CSV is marked internal and safe in a spreadsheet; a publication's
filters name only what narrows; a conflict lists only the fields someone changed."""

import csv
import io
from datetime import date

from geo.dataset.backend import AuditEntry
from geo.record.forms import conflict_table
from geo.record.tables import INTERNAL_NOTICE, audit_csv, audit_table, filtered_audit, filters_text


def _entry(by: str, reason: str, at: str = "2026-12-01T10:00:00", records: tuple[str, ...] = ("a",)) -> AuditEntry:
    changed = {"a": {"title": '=HYPERLINK("http://x")'}}
    return AuditEntry(at, by, "edit", "story", 2, records, {"changed": changed}, {"changed": changed}, reason)


def test_the_audit_csv_says_it_is_internal_and_no_cell_runs_as_a_formula():
    text = audit_csv([_entry("=cmd|' /C calc'!A0", "+1 reason")]).decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == f'"{INTERNAL_NOTICE}"'
    rows = list(csv.reader(io.StringIO("\n".join(lines[1:]))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'+1 reason" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_the_audit_filters_by_record_person_and_day_and_lists_newest_first():
    entries = [_entry("ana", "one", "2026-12-01T10:00:00"), _entry("ben", "two", "2026-12-03T10:00:00", ("b",))]
    assert [e.by for e in filtered_audit(entries, record="b")] == ["ben"]
    assert [e.by for e in filtered_audit(entries, person="ana")] == ["ana"]
    assert [e.by for e in filtered_audit(entries, start=date(2026, 12, 2))] == ["ben"]
    assert audit_table(entries)["By"].tolist() == ["ben", "ana"]


def test_a_publications_filters_name_what_narrows_and_not_the_maps_settings():
    filters = {"state": ["CO"], "crime": [], "known": "", "dated_only": "false", "basemap": "streets", "measure": "x"}
    assert filters_text(filters) == "state: CO"
    assert filters_text({"state": [], "basemap": "light"}) == "none: everything readers may see"


def test_a_conflict_lists_the_fields_either_side_changed():
    opened = {"title": "A", "summary": "S", "city": "Miami"}
    table = conflict_table(opened, {**opened, "title": "Theirs"}, {**opened, "summary": "Mine"})
    assert table.values.tolist() == [["Title", "A", "Theirs", "A"], ["Summary", "S", "S", "Mine"]]
    withdrawn = conflict_table(opened, None, {**opened, "title": "Mine"})
    assert withdrawn.iloc[0].tolist() == ["Title", "A", "(withdrawn)", "Mine"]
