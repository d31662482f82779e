"""An attribution history is checked like incidents: every row kept or rejected with its number and reason."""

import pytest

from geo.ingest.history_rules import validate_history
from geo.ingest.read import read_table
from geo.reference.vocab import ATTRIBUTION
from tests.support.history import HISTORY, history_incidents


@pytest.fixture(scope="module")
def incidents():
    return history_incidents()


@pytest.fixture(scope="module")
def checked(incidents):
    return validate_history(read_table(HISTORY), incidents)


def test_every_history_row_is_kept_or_rejected_with_its_number_and_reason(checked):
    history, report = checked
    assert report.rows == 8 and report.mapped == len(history) == 4
    reasons = {issue.row: issue.reason for issue in report.rejected}
    assert reasons == {
        5: "no incident has the id 'ghost'",
        6: "attribution 'rumoured' is not one of " + ", ".join(ATTRIBUTION),
        7: "dated 1 Jul 2024, before the incident itself",
        8: "missing date",
    }


def test_a_latest_step_that_contradicts_the_current_level_is_reported(checked):
    _, report = checked
    flagged = {issue.row: issue.reason for issue in report.flagged}
    expected = "incident 'kidnapping' is rated 'law_enforcement', but its latest step (January 2025) says 'disputed'"
    assert flagged == {4: expected}


def test_steps_are_kept_in_date_order_per_incident(checked):
    history, _ = checked
    shooting = history[history["id"] == "shooting"]
    assert list(shooting["attribution"]) == ["reported", "law_enforcement", "charged"]
    assert list(shooting["date_label"]) == ["20 Aug 2024", "September 2024", "15 Jan 2025"]


def test_a_history_file_without_required_columns_rejects_every_row(tmp_path, incidents):
    path = tmp_path / "attribution_history.csv"
    path.write_text("id,note\nshooting,something\n", encoding="utf-8")
    history, report = validate_history(read_table(path), incidents)
    assert history.empty and report.rows == 1 and len(report.rejected) == 1
    assert "missing date" in report.rejected[0].reason and "missing attribution" in report.rejected[0].reason
    assert any("required column 'date' is missing" in w for w in report.warnings)
