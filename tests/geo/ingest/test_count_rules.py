"""State figures: each row mapped or rejected with its reason."""

from geo.ingest.count_rules import validate_counts
from geo.ingest.read import read_table


def test_counts_accept_codes_names_and_fips_and_reject_the_rest(fixtures):
    counts, report = validate_counts(read_table(fixtures / "counts_mixed.csv"))
    assert counts["state"].tolist() == ["CO", "TX", "CA", "CO"]
    assert counts["number"].tolist()[:3] == [3.0, 1.0, 7.0]
    reasons = {i.row: i.reason for i in report.rejected}
    assert set(reasons) == {5, 6, 7}
    assert "duplicate" in reasons[6] and reasons[7] == "missing state"
    assert report.rows == report.mapped + len(report.rejected)
