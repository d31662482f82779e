"""The Edit page through AppTest, on either store: an edit saved as a version, one that fails the
checks refused with its row report, a conflict keeping what was typed; readers cannot edit."""

from streamlit import config
from streamlit.testing.v1 import AppTest

from geo.dataset.edits import Edit, record_values, save_edit
from geo.dataset.store import import_file
from geo.support.paths import ROOT, SHIPPED_INCIDENTS
from tests.support.record import RETITLED


def open_edit(query: str = "contract killing") -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["dataset"] = "story"
    app.run()
    app.switch_page("pages/edit_view.py").run()
    next(box for box in app.text_input if box.label == "Find the incident").set_value(query).run()
    next(box for box in app.selectbox if box.label == "Incident").set_value(RETITLED).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def field(app: AppTest, label: str):
    return next(box for box in [*app.text_input, *app.text_area, *app.selectbox] if box.label == label)


def save(app: AppTest, reason: str) -> None:
    field(app, "Why this change").set_value(reason)
    next(button for button in app.button if button.label == "Save as a new version").click().run()


def test_an_edit_from_the_page_is_a_version_by_this_account(store):
    import_file(SHIPPED_INCIDENTS, "story", store=store, by="desk@example.org")
    app = open_edit()
    assert field(app, "Title").value == "Contract killing, Miami"
    field(app, "Title").set_value("Contract killing, Miami (corrected)")
    save(app, "headline")
    assert any("Saved as version 2" in message.value for message in app.success)
    line = store.versions("story")[-1]
    assert (line.action, line.reason, line.changed) == ("edit", "headline", 1) and line.by.endswith("(local mode)")


def test_an_edit_failing_the_checks_shows_its_row_report_and_saves_nothing(store):
    import_file(SHIPPED_INCIDENTS, "story", store=store, by="desk@example.org")
    app = open_edit()
    field(app, "Date").set_value("sometime")
    save(app, "typo")
    assert any("not saved" in message.value for message in app.error)
    assert [metric.value for metric in app.metric][:3] == ["1", "0", "1"]
    assert len(store.versions("story")) == 1


def test_a_conflict_shows_both_and_keeps_what_was_typed(store):
    import_file(SHIPPED_INCIDENTS, "story", store=store, by="desk@example.org")
    app = open_edit()
    opened = record_values(store.read("story").incidents, RETITLED)
    save_edit(store, "story", Edit(RETITLED, {**opened, "title": "Theirs"}, opened), "ana@example.org", "theirs")
    field(app, "Title").set_value("Mine")
    save(app, "mine")
    assert any("was changed by" in message.value for message in app.error)
    assert {"Theirs", "Mine"} <= {text.value for text in app.text}
    next(button for button in app.button if button.label.startswith("Keep what I typed")).click().run()
    assert field(app, "Title").value == "Mine"
    save(app, "mine, knowingly")
    assert store.read("story").incidents.set_index("id").loc[RETITLED, "title"] == "Mine"


def test_readers_cannot_edit(store):
    import_file(SHIPPED_INCIDENTS, "story", store=store, by="desk@example.org")
    try:
        config.set_option("server.address", "0.0.0.0")
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        app.query_params["dataset"] = "story"
        app.run()
        app.switch_page("pages/edit_view.py").run()
    finally:
        config.set_option("server.address", "127.0.0.1")
    assert not app.text_input and any("for the newsroom's staff" in info.value for info in app.info)
