"""The Record page, on either store: versions and the difference between two, a rollback, the
audit filtered and exported as internal, the publications; and none of it for readers."""

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from geo.record.tables import INTERNAL_NOTICE
from geo.support.paths import ROOT
from tests.support.record import ADDED, REMOVED, RERATED, RETITLED, story_with_a_week

PAGE = "pages/record_view.py"


def open_record(dataset: str = "story") -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["dataset"] = dataset
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_versions_and_what_changed_between_them(store, tmp_path):
    story_with_a_week(store, tmp_path)
    app = open_record()
    versions, diff = app.dataframe[0].value, app.dataframe[1].value
    assert versions["Version"].tolist() == [2, 1] and versions["By"].tolist() == ["ben@example.org", "ana@example.org"]
    assert any("1 added, 2 changed, 1 removed" in text.value for text in app.text)
    assert set(diff["Record"]) == {ADDED, REMOVED, RERATED, RETITLED}
    titled = diff[(diff["Record"] == RETITLED) & (diff["Field"] == "Title")]
    assert titled["After"].tolist() == ["Contract killing, Miami (title corrected)"]


def test_a_rollback_from_the_page_is_a_new_version_said_by_whom(store, tmp_path):
    story_with_a_week(store, tmp_path)
    app = open_record()
    form_reason = next(box for box in app.text_input if box.label == "Why")
    form_reason.set_value("premature")
    next(button for button in app.button if button.label == "Save as a new version").click().run()
    assert not app.exception and any("Saved version 3" in message.value for message in app.success), [
        e.value for e in app.error
    ]
    line = store.versions("story")[-1]
    assert (line.action, line.reason, line.removed) == ("rollback", "premature", 1)
    assert line.by.endswith("(local mode)")


def test_a_rollback_without_a_reason_is_refused_and_saves_nothing(store, tmp_path):
    story_with_a_week(store, tmp_path)
    app = open_record()
    next(button for button in app.button if button.label == "Save as a new version").click().run()
    assert any("say why" in message.value for message in app.error)
    assert len(store.versions("story")) == 2


def test_the_audit_filters_by_incident_and_person_and_exports_as_internal(store, tmp_path):
    story_with_a_week(store, tmp_path)
    app = open_record()
    audit = app.dataframe[2].value
    assert audit["By"].tolist() == ["ben@example.org", "ana@example.org"]
    next(box for box in app.text_input if box.label == "Incident id").set_value(REMOVED).run()
    audit = app.dataframe[2].value
    assert len(audit) == 2 and "removed" in audit["Before \u2192 after"].iloc[0]
    next(box for box in app.selectbox if box.label == "Person").set_value("ana@example.org").run()
    assert app.dataframe[2].value["What"].tolist() == ["Imported"]
    from geo.record.tables import audit_csv

    exported = audit_csv(store.audit()).decode("utf-8")
    assert exported.splitlines()[0] == f'"{INTERNAL_NOTICE}"'


def test_readers_see_none_of_the_record(store, tmp_path):
    story_with_a_week(store, tmp_path)
    try:
        config.set_option("server.address", "0.0.0.0")
        app = open_record()
    finally:
        config.set_option("server.address", "localhost")
    assert not app.dataframe and any("for the newsroom's staff" in info.value for info in app.info)


@pytest.mark.parametrize("dataset", ["shipped"])
def test_the_shipped_data_says_it_has_no_versions(dataset):
    app = open_record(dataset)
    assert any("has no versions" in text.value for text in app.text)
