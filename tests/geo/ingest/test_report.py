from geo.ingest.pipeline import prepare_file
from geo.ingest.report import LoadReport


def test_every_row_is_mapped_or_rejected_and_the_report_round_trips(fixtures):
    report = prepare_file(fixtures / "incidents_mixed.csv").report
    assert report.rows == report.mapped + len(report.rejected) and report.rejected
    assert LoadReport.from_dict(report.to_dict()) == report


def test_row_table_lists_each_row_once_per_outcome_in_row_order(fixtures):
    report = prepare_file(fixtures / "incidents_mixed.csv").report
    table = report.row_table()
    assert list(table.columns) == ["row", "outcome", "reason"]
    assert list(table["row"]) == sorted(table["row"])
    assert len(table) == len(report.rejected) + len(report.changed) + len(report.flagged)


def test_the_row_reports_csv_never_runs_a_formula():
    import csv
    import io

    from geo.ingest.report import RowIssue

    report = LoadReport(rows=2, mapped=0, rejected=[RowIssue(1, '=HYPERLINK("http://x")'), RowIssue(2, "missing id")])
    text = io.StringIO()
    report.write_csv(text)
    lines = list(csv.reader(io.StringIO(text.getvalue())))
    assert lines == [
        ["row", "outcome", "reason"],
        ["1", "rejected", '\'=HYPERLINK("http://x")'],
        ["2", "rejected", "missing id"],
    ]
