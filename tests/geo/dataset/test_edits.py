"""Edits of one incident on either store: checked like an import, saved as one version, and a
second edit of a record someone changed since its form opened refused with both versions kept."""

from datetime import date

import pytest

from geo.dataset.edits import Edit, EditConflict, EditRefused, record_values, save_edit
from geo.dataset.history import as_known_on
from geo.dataset.store import import_file, load_saved
from geo.ingest.raw import LoadError
from geo.support.paths import SHIPPED_INCIDENTS
from tests.support.record import RERATED, RETITLED

ANA, BEN = "ana@example.org", "ben@example.org"


def _story(store):
    import_file(SHIPPED_INCIDENTS, "story", store=store, by=ANA)
    return store.read("story").incidents


def _opened(store, record):
    return record_values(store.read("story").incidents, record)


def test_an_edited_title_is_one_version_and_a_correction_said_by_whom(store):
    _story(store)
    opened = _opened(store, RETITLED)
    typed = {**opened, "title": "Contract killing, Miami (corrected)"}
    number, report = save_edit(store, "story", Edit(RETITLED, typed, opened), BEN, "the title overstated it")
    assert number == 2 and report.rejected == () and report.mapped == 1
    line = store.versions("story")[-1]
    assert (line.action, line.by, line.changed, line.added, line.removed) == ("edit", BEN, 1, 0, 0)
    dataset = load_saved("story", store)
    assert dataset.incidents.set_index("id").loc[RETITLED, "title"] == typed["title"]
    assert dataset.corrections.iloc[-1][["record", "field", "reason"]].tolist() == [
        RETITLED,
        "title",
        "the title overstated it",
    ]
    entry = store.audit("story")[-1]
    assert entry.before["changed"] == {RETITLED: {"title": opened["title"]}}
    # Nothing else moved: every other record, and this one's row number, as before.
    assert dataset.incidents["row"].tolist() == store.read("story", 1).incidents["row"].tolist()


def test_a_new_level_with_its_source_date_and_note_is_a_history_step(store):
    _story(store)
    opened = _opened(store, RERATED)
    typed = {**opened, "attribution": "charged", "attributed_by": "state_prosecutors", "source_date": "2026-10-02"}
    save_edit(store, "story", Edit(RERATED, typed, opened), BEN, "charges filed", note="Arrest affidavit")
    dataset = load_saved("story", store)
    steps = dataset.history[dataset.history["id"] == RERATED]
    assert steps[["date", "attribution", "note"]].values.tolist()[-1] == ["2026-10-02", "charged", "Arrest affidavit"]
    before, _ = as_known_on(dataset.incidents, dataset.history, date(2026, 10, 1))
    assert before.set_index("id").loc[RERATED, "attribution"] == "reported"


def test_an_added_and_a_withdrawn_incident(store):
    _story(store)
    new = {**_opened(store, RETITLED), "title": "A test incident"}
    save_edit(store, "story", Edit("test-new", new, None), BEN, "a test addition")
    with pytest.raises(LoadError, match="exists already"):
        save_edit(store, "story", Edit("test-new", new, None), BEN, "again")
    save_edit(store, "story", Edit(RETITLED, None, _opened(store, RETITLED)), BEN, "withdrawn: not verified")
    ids = set(store.read("story").incidents["id"])
    assert "test-new" in ids and RETITLED not in ids
    assert [(line.added, line.removed) for line in store.versions("story")[1:]] == [(1, 0), (0, 1)]
    assert load_saved("story", store).corrections.iloc[-1][["record", "new_value"]].tolist() == [RETITLED, "removed"]


def test_an_edit_that_fails_the_checks_is_refused_with_its_row_report_and_saves_nothing(store):
    _story(store)
    opened = _opened(store, RETITLED)
    with pytest.raises(EditRefused) as refused:
        save_edit(store, "story", Edit(RETITLED, {**opened, "attribution": "rumoured"}, opened), BEN, "typo")
    assert "attribution 'rumoured' is not one of" in str(refused.value) and len(refused.value.report.rejected) == 1
    assert len(store.versions("story")) == 1


def test_the_second_of_two_edits_of_one_record_is_refused_with_both_versions_kept(store):
    _story(store)
    opened = _opened(store, RETITLED)
    first = {**opened, "title": "Ana's title"}
    second = {**opened, "title": "Ben's title", "summary": "Ben's summary"}
    save_edit(store, "story", Edit(RETITLED, first, opened), ANA, "first")
    with pytest.raises(EditConflict) as conflict:
        save_edit(store, "story", Edit(RETITLED, second, opened), BEN, "second")
    assert conflict.value.theirs["title"] == "Ana's title" and conflict.value.yours == second
    assert conflict.value.by.startswith(ANA)
    assert [line.by for line in store.versions("story")] == [ANA, ANA]


def test_edits_of_two_different_records_from_one_opened_version_are_both_saved(store):
    _story(store)
    one, other = _opened(store, RETITLED), _opened(store, RERATED)
    save_edit(store, "story", Edit(RETITLED, {**one, "title": "One"}, one), ANA, "one")
    save_edit(store, "story", Edit(RERATED, {**other, "title": "Other"}, other), BEN, "other")
    titles = store.read("story").incidents.set_index("id")["title"]
    assert (titles[RETITLED], titles[RERATED]) == ("One", "Other") and len(store.versions("story")) == 3
