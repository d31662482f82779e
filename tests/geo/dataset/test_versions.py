"""A week of changes to the story's record, on either store: a re-import makes a version whose diff
becomes history steps, corrections and an audit entry; a rollback is one more version."""

import json
from datetime import date, timedelta

import pandas as pd
import pytest

from geo.__main__ import main
from geo.dataset.backend import Save
from geo.dataset.corrections import FILE_NAME as CORRECTIONS_FILE
from geo.dataset.diff import diff_records
from geo.dataset.history import as_known_on
from geo.dataset.store import import_file, load_saved
from geo.dataset.versions import rollback, today
from geo.ingest.raw import LoadError
from geo.ingest.read_csv import read_csv_strict
from geo.support.paths import SHIPPED_INCIDENTS
from tests.support.record import ADDED, REMOVED, RERATED, RETITLED, story_with_a_week, week_of_changes


def test_a_reimport_is_a_version_with_its_diff_counted_and_said_by_whom_and_why(store, tmp_path):
    story_with_a_week(store, tmp_path)
    first, second = store.versions("story")
    assert (first.version, first.by, first.added, first.action) == (1, "ana@example.org", 16, "import")
    assert (second.version, second.by, second.reason) == (2, "ben@example.org", "weekly")
    assert (second.added, second.changed, second.removed) == (1, 2, 1)
    old, new = store.read("story", 1).incidents, store.read("story").incidents
    assert REMOVED in set(old["id"]) and REMOVED not in set(new["id"]) and ADDED in set(new["id"])
    entry = store.audit("story")[-1]
    assert (entry.action, entry.by, entry.version, entry.reason) == ("import", "ben@example.org", 2, "weekly")
    assert set(entry.records) == {ADDED, RERATED, RETITLED, REMOVED}
    assert entry.before["changed"][RETITLED]["title"] == old.set_index("id").loc[RETITLED, "title"]
    assert entry.after["changed"][RERATED]["attribution"] == "charged"
    assert entry.before["removed"] == [REMOVED] and entry.after["added"] == [ADDED]


def test_a_changed_level_becomes_dated_steps_and_as_known_on_shows_each_day_as_it_stood(store, tmp_path):
    story_with_a_week(store, tmp_path)
    dataset = load_saved("story", store)
    steps = dataset.history[dataset.history["id"] == RERATED]
    # The level it had, from its own date; then the new one, dated by the row's later source date.
    assert steps[["date", "attribution", "attributed_by"]].values.tolist() == [
        ["2024-06-01", "reported", "residents_witnesses"],
        ["2026-11-20", "charged", "state_prosecutors"],
    ]
    assert dataset.history_report.rejected == ()
    for day, level in ((date(2026, 11, 19), "reported"), (date(2026, 11, 20), "charged")):
        shown, _ = as_known_on(dataset.incidents, dataset.history, day)
        assert shown.set_index("id").loc[RERATED, "attribution"] == level


def test_a_step_is_dated_as_precisely_as_its_source_and_else_the_day_of_the_change(store, tmp_path):
    story_with_a_week(store, tmp_path, source_date="2025-03")
    steps = load_saved("story", store).history
    assert steps.loc[steps["id"] == RERATED, ["date", "date_precision"]].values.tolist()[-1] == ["2025-03-01", "month"]
    # A source older than the level it replaces dates nothing: the step is dated the day it is made.
    older = pd.read_csv(week_of_changes(tmp_path, "2024-01-05"), dtype=str, keep_default_na=False)
    older.loc[older["id"] == RERATED, "attribution"] = "convicted"
    older.to_csv(tmp_path / "older.csv", index=False)
    import_file(tmp_path / "older.csv", "story", store=store, replace=True, by="ben@example.org", reason="verdict")
    steps = load_saved("story", store).history
    assert steps.loc[steps["id"] == RERATED, ["date", "attribution"]].values.tolist()[-1] == [
        today().isoformat(),
        "convicted",
    ]


def test_changed_text_of_a_public_record_and_its_withdrawal_are_logged_as_corrections(store, tmp_path):
    story_with_a_week(store, tmp_path)
    dataset = load_saved("story", store)
    log = dataset.corrections
    lines = log[log["date"] == today().isoformat()][["record", "field", "new_value", "reason"]].values.tolist()
    assert lines == [
        [RETITLED, "title", "Contract killing, Miami (title corrected)", "weekly"],
        [REMOVED, "record", "removed", "weekly"],
    ]
    # Who made a correction is the newsroom's to know, not the readers'.
    assert "by" not in log.columns
    kept = read_csv_strict(store.read("story").documents[CORRECTIONS_FILE]).frame
    assert set(kept.loc[kept["date"] == today().isoformat(), "by"]) == {"ben@example.org"}


def test_a_rollback_is_a_new_version_with_the_old_records_and_the_logs_keep_every_line(store, tmp_path):
    story_with_a_week(store, tmp_path)
    corrections_before = len(load_saved("story", store).corrections)
    assert rollback(store, "story", 1, "cy@example.org", "the update was premature") == 3
    assert diff_records(store.read("story", 1).incidents, store.read("story").incidents).empty
    third = store.versions("story")[-1]
    assert (third.action, third.by, third.added, third.changed, third.removed) == (
        "rollback",
        "cy@example.org",
        1,
        2,
        1,
    )
    dataset = load_saved("story", store)
    assert dataset.history.loc[dataset.history["id"] == RERATED, "attribution"].tolist() == [
        "reported",
        "charged",
        "reported",
    ]
    assert len(dataset.corrections) > corrections_before
    assert [entry.action for entry in store.audit("story")] == ["import", "import", "rollback"]


def test_a_change_made_from_a_version_another_save_has_replaced_is_refused_whole(store, tmp_path):
    story_with_a_week(store, tmp_path)
    stale = Save("dee@example.org", "from an old screen", "edit", 0, 1, 0, base=1)
    with pytest.raises(LoadError, match="saved by someone else meanwhile"):
        store.write("story", store.read("story").incidents, {}, True, stale)
    assert len(store.versions("story")) == 2


def test_replacing_needs_a_reason_and_every_change_someone_to_make_it(store, tmp_path):
    import_file(SHIPPED_INCIDENTS, "story", store=store, by="ana@example.org")
    with pytest.raises(LoadError, match="say why"):
        import_file(week_of_changes(tmp_path), "story", store=store, replace=True, by="ben@example.org")
    with pytest.raises(LoadError, match="who made it"):
        import_file(week_of_changes(tmp_path), "story", store=store, replace=True, by=" ", reason="weekly")
    assert len(store.versions("story")) == 1 and store.versions("story")[0].at >= str(today() - timedelta(days=1))


def test_the_command_line_lists_versions_rolls_back_and_shows_the_audit(store, tmp_path, capsys):
    story_with_a_week(store, tmp_path)
    assert main(["versions", "story", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [set(line) for line in listed] == [{"version", "at", "by", "reason", "added", "changed", "removed"}] * 2
    assert [(line["version"], line["added"], line["changed"], line["removed"]) for line in listed] == [
        (1, 16, 0, 0),
        (2, 1, 2, 1),
    ]
    assert main(["rollback", "story", "1", "--by", "cy@example.org", "--reason", "premature"]) == 0
    assert "version 3 has the records of version 1" in capsys.readouterr().out
    assert main(["audit", "--record", REMOVED]) == 0
    touched = json.loads(capsys.readouterr().out)
    assert [(entry["action"], entry["version"]) for entry in touched] == [("import", 1), ("import", 2), ("rollback", 3)]


def test_a_rollback_to_the_records_the_data_already_has_is_refused(store, tmp_path):
    story_with_a_week(store, tmp_path)
    with pytest.raises(LoadError, match="nothing to roll back"):
        rollback(store, "story", 2, "cy@example.org", "by mistake")
    assert len(store.versions("story")) == 2


def test_a_rollback_keeps_every_step_and_correction_made_after_the_version_it_brings_back(store, tmp_path):
    story_with_a_week(store, tmp_path)
    later = pd.read_csv(week_of_changes(tmp_path), dtype=str, keep_default_na=False)
    later.loc[later["id"] == RERATED, "attribution"] = "convicted"
    later.loc[later["id"] == RETITLED, "title"] = "Contract killing, Miami (retitled again)"
    later.to_csv(tmp_path / "later.csv", index=False)
    import_file(tmp_path / "later.csv", "story", store=store, replace=True, by="ben@example.org", reason="verdict")
    before = load_saved("story", store)
    rollback(store, "story", 2, "cy@example.org", "the verdict was misreported")
    after = load_saved("story", store)
    steps = after.history.loc[after.history["id"] == RERATED, "attribution"].tolist()
    assert steps == ["reported", "charged", "convicted", "charged"]
    assert len(after.corrections) > len(before.corrections) and set(before.corrections["reason"]) <= set(
        after.corrections["reason"]
    )


def test_a_folder_saved_before_versions_or_saves_were_kept_is_its_first_version_and_can_be_replaced(tmp_path):
    """A dataset folder as the file store wrote it before: no record of its saves at all."""
    from geo.dataset.file_store import SAVES_FILE, FileStore

    store = FileStore(tmp_path / "datasets")
    import_file(SHIPPED_INCIDENTS, "story", store=store, by="ana@example.org")
    (tmp_path / "datasets" / "story" / SAVES_FILE).unlink()
    [line] = store.versions("story")
    assert (line.version, line.reason) == (1, "saved before versions were kept")
    story_changes = week_of_changes(tmp_path)
    import_file(story_changes, "story", store=store, replace=True, by="ben@example.org", reason="weekly")
    assert [line.version for line in store.versions("story")] == [1, 2]
    assert len(store.read("story", 1).incidents) == 16
