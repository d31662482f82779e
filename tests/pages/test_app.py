"""The pages through Streamlit's AppTest: filters, captions, URL state, every page renders."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.dataset.file_store import FileStore
from geo.dataset.store import import_file, load_saved
from geo.support.paths import ROOT

APP = str(ROOT / "app.py")


def start(query: dict | None = None, page: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def url_values(app: AppTest, key: str) -> list[str]:
    value = app.query_params.get(key, [])
    return value if isinstance(value, list) else [value]


def showing(app: AppTest) -> tuple[int, int]:
    for caption in app.caption:
        match = re.search(r"Showing (\d+) of (\d+) incidents", caption.value)
        if match:
            return int(match[1]), int(match[2])
    raise AssertionError("no 'Showing N of M incidents' caption")


def test_map_page_shows_every_shipped_incident(shipped):
    app = start()
    assert showing(app) == (len(shipped.incidents), len(shipped.incidents))
    assert not app.error


def test_a_filter_change_updates_the_caption_and_the_url(shipped):
    app = start()
    app.multiselect(key="attribution").set_value(["claimed"]).run()
    expected = int((shipped.incidents["attribution"] == "claimed").sum())
    assert showing(app) == (expected, len(shipped.incidents))
    assert url_values(app, "attribution") == ["claimed"]
    app.multiselect(key="state").set_value(["CO"]).run()
    both = shipped.incidents[(shipped.incidents["attribution"] == "claimed") & (shipped.incidents["state"] == "CO")]
    assert showing(app)[0] == len(both)


def test_url_parameters_reopen_the_same_view(shipped):
    app = start({"crime": ["homicide"], "state": ["FL", "CO"], "measure": "Most organized presence (police)"})
    assert app.multiselect(key="crime").value == ["homicide"]
    # A choice is a set, shown in one order whatever order the link gave.
    assert app.multiselect(key="state").value == ["CO", "FL"]
    assert app.selectbox(key="measure").value == "Most organized presence (police)"
    view = shipped.incidents[
        (shipped.incidents["crime_type"] == "homicide") & shipped.incidents["state"].isin(["FL", "CO"])
    ]
    assert showing(app)[0] == len(view)


def test_date_range_narrows_by_overlap(shipped):
    from datetime import date

    app = start()
    app.date_input(key="dates").set_value((date(2024, 12, 1), date(2024, 12, 31))).run()
    shown = showing(app)[0]
    assert 0 < shown < len(shipped.incidents)
    assert url_values(app, "since") == ["2024-12-01"]


def test_reset_clears_filters_and_url():
    app = start({"attribution": ["charged"]})
    assert showing(app)[0] < showing(start())[0]
    app.button[0].click().run()
    assert showing(app)[0] == showing(app)[1]
    assert "attribution" not in app.query_params


def test_unknown_values_in_the_url_are_ignored():
    app = start({"crime": ["no-such-type"], "since": ["garbage"], "basemap": ["mars"]})
    assert showing(app)[0] == showing(app)[1]


def test_state_page_drills_into_one_state(shipped):
    app = start({"state": ["CO"]}, page="pages/state_view.py")
    assert app.title[0].value == "Colorado (CO)"
    in_state = int((shipped.incidents["state"] == "CO").sum())
    assert any(f"Showing {in_state} of {in_state} incidents in Colorado" == c.value for c in app.caption)
    # Where Colorado stands among the states in the data: its share of them all, and its place.
    counts = shipped.incidents.loc[shipped.incidents["state"] != "", "state"].value_counts()
    share = next(m.value for m in app.metric if m.label == "Share of all states' incidents shown")
    assert share == f"{in_state / len(shipped.incidents):.0%} · 1st of {len(counts)}" and counts.idxmax() == "CO"
    # Figures read as a list (a table clipped their values); the incidents stay a table.
    figures = [block.value for block in app.markdown]
    assert any("Venezuelans settled in metro Denver since 2023" in text.replace("\\", "") for text in figures)
    # A story-sized state's incidents read as wrapped cards, one per incident, nothing cut off.
    titles = set(shipped.incidents.loc[shipped.incidents["state"] == "CO", "title"])
    shown = [block.value.strip("*").replace("\\", "") for block in app.markdown]
    assert sum(title in shown for title in titles) == in_state


def test_state_picker_sets_the_shared_state_filter():
    app = start(page="pages/state_view.py")
    app.selectbox(key="state_picker").set_value("TN").run()
    assert app.multiselect(key="state").value == ["TN"]
    assert app.title[0].value == "Tennessee (TN)"


def test_data_page_shows_table_report_and_methodology(shipped):
    app = start(page="pages/data_view.py")
    assert showing(app) == (len(shipped.incidents), len(shipped.incidents))
    rows_read = [str(m.value) for m in app.metric if m.label == "Rows read"]
    assert rows_read == [str(len(shipped.incidents)), str(len(shipped.counts))]
    headers = [h.value for h in app.subheader]
    assert "Attribution confidence (strongest first)" in headers


@pytest.mark.parametrize("page", ["pages/map_view.py", "pages/state_view.py", "pages/data_view.py"])
def test_hostile_dataset_renders_every_page(tmp_path, monkeypatch, page):
    from tests.support.hostile import HOSTILE, write_hostile_counts, write_hostile_incidents

    monkeypatch.setenv("INCIDENT_ATLAS_INCIDENTS", str(write_hostile_incidents(tmp_path / "i.csv")))
    monkeypatch.setenv("INCIDENT_ATLAS_COUNTS", str(write_hostile_counts(tmp_path / "c.csv")))
    app = start({"state": ["CO"]}, page=page)
    assert not app.error
    for block in app.markdown:
        assert not any(text in block.value for text in HOSTILE[:3])


def test_publish_page_builds_a_snapshot_of_the_current_view(shipped):
    app = start({"state": ["CO"]}, page="pages/publish_view.py")
    in_co = int((shipped.incidents["state"] == "CO").sum())
    assert showing(app)[0] == in_co
    app.text_input[0].set_value("Colorado <b>only</b>")
    next(button for button in app.button if button.label == "Update the preview").click().run()
    assert not app.exception
    snapshot = app.session_state["snapshot"]
    assert snapshot.shown == in_co
    assert b"Colorado &lt;b&gt;only&lt;/b&gt;" in snapshot.files["index.html"]
    assert any("Map of" in area.value for area in app.text_area)


def test_the_publish_page_previews_the_snapshot_as_it_opens(shipped):
    app = start({"state": ["CO"]}, page="pages/publish_view.py")
    assert not app.exception
    snapshot = app.session_state["snapshot"]  # built without a click: the preview is live
    assert snapshot.shown == int((shipped.incidents["state"] == "CO").sum())
    captions = [image.proto.imgs[0].caption for image in app.get("image")]
    assert [caption.split(" ")[0] for caption in captions] == ["map.png", "map-mobile.png"]
    assert any(button.label == "Download snapshot (.zip)" for button in app.get("download_button"))


def test_the_publish_preview_lists_changes_since_an_earlier_snapshot_and_refuses_a_damaged_one(shipped):
    from geo.publish.snapshot_files import snapshot_zip

    app = start({"state": ["CO"]}, page="pages/publish_view.py")
    earlier = snapshot_zip(app.session_state["snapshot"])
    box = app.file_uploader[0]
    box.set_value(("earlier.zip", earlier, "application/zip"))
    next(button for button in app.button if button.label == "Update the preview").click().run()
    assert not app.exception and json.loads(app.session_state["snapshot"].files["manifest.json"])["changes"]
    app.file_uploader[0].set_value(("damaged.zip", earlier[: len(earlier) // 3], "application/zip"))
    next(button for button in app.button if button.label == "Update the preview").click().run()
    assert not app.exception and any(e.value.startswith("the earlier snapshot\\: not an") for e in app.error)


def upload(tmp_path, monkeypatch, fixture: str, name: str) -> AppTest:
    """The data page with a fixture file uploaded; datasets saved under ``tmp_path``."""
    monkeypatch.setenv("INCIDENT_ATLAS_DATASETS", str(tmp_path))
    app = start(page="pages/data_view.py")
    content = (ROOT / "tests" / "fixtures" / "imports" / fixture).read_bytes()
    app.file_uploader(key="upload_file").set_value((name, content, "text/csv")).run()
    return app


def test_upload_preview_and_save_a_dataset(tmp_path, monkeypatch):
    app = upload(tmp_path, monkeypatch, "wapo_police_shootings.csv", "shootings.csv")
    assert not app.exception
    # Fields are named in words ("Location precision"), not by their column keys.
    labels = [box.label for box in app.selectbox if box.key and box.key.startswith("map_")]
    assert "Location precision" in labels and not [label for label in labels if "_" in label]
    # The guessed columns are offered; crime type is not in the file, so pick a column for it.
    # The file's own precision words are not ours; leave them out rather than reject rows.
    app.selectbox(key="map_location_precision").set_value("(not in the file)")
    app.selectbox(key="map_crime_type").set_value("threat_type")
    next(b for b in app.button if b.label == "Check every row").click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.selectbox(key="map_lat").value == "latitude" and app.selectbox(key="map_state").value == "state"
    rows_read = [str(m.value) for m in app.metric if m.label == "Rows read"]
    assert "7" in rows_read
    # The last row report on the page is the upload's (the loaded dataset's comes first).
    report = [frame.value for frame in app.dataframe if "Outcome" in frame.value.columns][-1]
    assert set(report.loc[report["Row"] == 5, "Outcome"]) == {"rejected"}
    assert len(report[report["Outcome"] == "rejected"]) == 1
    name_box = next(box for box in app.text_input if box.label == "Dataset name")
    name_box.set_value("Bad Name")
    next(b for b in app.button if b.label == "Save dataset").click().run()
    assert any("lower-case" in e.value.replace("\\", "") for e in app.error)  # as rendered
    next(box for box in app.text_input if box.label == "Dataset name").set_value("shootings")
    next(b for b in app.button if b.label == "Save dataset").click().run()
    assert (tmp_path / "shootings" / "incidents.parquet").exists()
    assert any("Saved" in s.value for s in app.success)
    next(b for b in app.button if b.label == "Show it now").click().run()
    assert app.selectbox(key="dataset").value == "shootings"
    assert showing(app) == (6, 6)


def test_an_upload_saved_again_is_a_new_version_with_its_reason(tmp_path, monkeypatch):
    app = upload(tmp_path, monkeypatch, "wapo_police_shootings.csv", "shootings.csv")
    app.selectbox(key="map_location_precision").set_value("(not in the file)")
    app.selectbox(key="map_crime_type").set_value("threat_type")
    next(b for b in app.button if b.label == "Check every row").click().run()
    next(box for box in app.text_input if box.label == "Dataset name").set_value("shootings")
    next(b for b in app.button if b.label == "Save dataset").click().run()
    next(b for b in app.button if b.label == "Save dataset").click().run()
    assert any("exists already" in e.value for e in app.error)
    next(box for box in app.checkbox if box.label.startswith("This is a new version")).check()
    next(b for b in app.button if b.label == "Save dataset").click().run()
    assert any("say why" in e.value for e in app.error)
    next(box for box in app.text_input if box.label == "Why (for a new version)").set_value("a later export")
    next(b for b in app.button if b.label == "Save dataset").click().run()
    assert any("version 2" in s.value for s in app.success)
    line = FileStore(tmp_path).versions("shootings")[-1]
    assert (line.reason, line.action) == ("a later export", "import") and line.by.endswith("(local mode)")


def test_upload_refuses_an_unreadable_file(monkeypatch, tmp_path):
    monkeypatch.setenv("INCIDENT_ATLAS_DATASETS", str(tmp_path))
    app = start(page="pages/data_view.py")
    app.file_uploader(key="upload_file").set_value(("broken.csv", b'id,date\n1,"unclosed\n2,x\n', "text/csv")).run()
    assert any("malformed CSV" in e.value for e in app.error)
    assert not app.exception


def test_a_clicked_incident_is_listed_below_the_map(shipped):
    app = start()
    views = app.session_state["map_views"]
    token = list(views)[-1]
    first_id = shipped.incidents.loc[views[token].rows[0], "id"]
    app.session_state["map_selection"] = (token, "point", 0)
    app.run()
    assert any(h.value == "Selected incident" for h in app.subheader)
    tables = [frame.value["Title"].tolist() for frame in app.dataframe if "Title" in frame.value.columns]
    expected = shipped.incidents.set_index("id").loc[first_id, "title"]
    assert [expected] in tables


def test_a_stale_click_from_an_old_view_is_ignored():
    app = start()
    app.session_state["map_selection"] = ("no-such-view", "point", 0)
    app.run()
    assert not any(h.value == "Selected incident" for h in app.subheader)
    assert not app.exception


def test_an_upload_is_read_and_checked_once_not_on_every_rerun(tmp_path, monkeypatch):
    app = upload(tmp_path, monkeypatch, "gva_export.csv", "gva.csv")
    next(b for b in app.button if b.label == "Check every row").click().run()
    assert not app.exception, [e.message for e in app.exception]
    raw, prepared = app.session_state["upload_raw"][1], app.session_state["upload_prepared"][1]
    app.multiselect(key="attribution").set_value(["unrated"]).run()
    assert app.session_state["upload_raw"][1] is raw
    assert app.session_state["upload_prepared"][1] is prepared
    app.selectbox(key="map_summary").set_value("(not in the file)")
    next(b for b in app.button if b.label == "Check every row").click().run()
    assert app.session_state["upload_prepared"][1] is not prepared  # a new mapping is checked again


def test_alt_text_is_editable_and_the_manifest_keeps_both(shipped):
    app = start({"state": ["CO"]}, page="pages/publish_view.py")
    box = next(area for area in app.text_area if area.label == "Alt text")
    written = box.value
    assert written.startswith("Map of") and "Colorado" in app.text_input[0].value
    box.set_value("Eight Colorado incidents, most attributed by police.")
    next(button for button in app.button if button.label == "Update the preview").click().run()
    snapshot = app.session_state["snapshot"]
    manifest = json.loads(snapshot.files["manifest.json"])
    assert manifest["alt_text"] == "Eight Colorado incidents, most attributed by police." == snapshot.alt
    assert manifest["alt_text_generated"] == written
    assert b"Eight Colorado incidents" in snapshot.files["embed.html"]


def test_search_finds_an_incident_and_shows_it(shipped):
    app = start()
    app.text_input(key="find").set_value("Laken Riley").run()
    assert not app.exception
    radio = app.radio[0]
    assert "Killing of Laken Riley" in radio.options[0].replace("\\", "")
    assert any(h.value == "Shown on the map" for h in app.subheader)
    shown = [title for frame in app.dataframe for title in frame.value.get("Title", [])]
    assert "Killing of Laken Riley, Georgia" in shown


def test_search_says_when_nothing_matches():
    app = start()
    app.text_input(key="find").set_value("Qwxzyv").run()
    assert any("Nothing in this data" in text.value for text in app.text)


def test_upload_renames_the_files_crime_types_before_saving(tmp_path, monkeypatch):
    app = upload(tmp_path, monkeypatch, "gva_export.csv", "gva.csv")
    next(box for box in app.text_input if box.label.startswith("Crime type separator")).set_value("||")
    next(b for b in app.button if b.label == "Check every row").click().run()
    assert not app.exception, [e.message for e in app.exception]
    before = set(app.session_state["upload_prepared"][1].incidents["crime_type"])
    table = next(editor for editor in app.data_editor if "value" in editor.value.columns)
    position = list(table.value["value"]).index("Shot - Wounded/Injured")
    app.session_state["rename_crime"] = {
        "edited_rows": {position: {"rename": "shooting"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    next(b for b in app.button if b.label == "Apply the renames and check again").click().run()
    assert not app.exception, [e.message for e in app.exception]
    after = set(app.session_state["upload_prepared"][1].incidents["crime_type"])
    assert "Shot - Wounded/Injured" in before and "Shot - Wounded/Injured" not in after and "shooting" in after
    assert app.session_state["upload_mapping"].values["crime_type"] == {"Shot - Wounded/Injured": "shooting"}


def test_upload_takes_a_state_figures_file_with_its_own_row_report(tmp_path, monkeypatch):
    app = upload(tmp_path, monkeypatch, "wapo_police_shootings.csv", "shootings.csv")
    app.selectbox(key="map_location_precision").set_value("(not in the file)")
    app.selectbox(key="map_crime_type").set_value("threat_type")
    next(b for b in app.button if b.label == "Check every row").click().run()
    figures = (ROOT / "tests" / "fixtures" / "counts_mixed.csv").read_bytes()
    app.file_uploader(key="upload_counts").set_value(("figures.csv", figures, "text/csv")).run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.selectbox(key="counts_measure").value == "measure"
    reports = [frame.value for frame in app.dataframe if "Outcome" in frame.value.columns]
    assert any(5 in set(report["Row"]) for report in reports)  # the figures file's bad row, by number
    next(box for box in app.text_input if box.label == "Dataset name").set_value("with-figures")
    next(b for b in app.button if b.label == "Save dataset").click().run()
    saved = (tmp_path / "with-figures" / "state_counts.csv").read_text()
    assert saved.startswith("state,measure,value,as_of,source,note") and "Ongoing cases" in saved


def test_data_values_never_render_as_markdown(tmp_path, monkeypatch):
    """A crime type, a column name and a title holding Markdown image and link syntax stay text."""
    beacon = "![beacon](https://tracker.example/p.png)"
    link = "[click](https://evil.example)"
    path = tmp_path / "incidents.csv"
    path.write_text(
        f"id,date,state,city,crime_type,attribution,title,{link}\n"
        f"x1,2024-05-01,CO,Denver,{beacon},reported,{link},extra\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("INCIDENT_ATLAS_INCIDENTS", str(path))
    counts = tmp_path / "counts.csv"
    counts.write_text(f"state,measure,value\nCO,{link},1\n", encoding="utf-8")
    monkeypatch.setenv("INCIDENT_ATLAS_COUNTS", str(counts))
    for page in ("pages/map_view.py", "pages/data_view.py", "pages/state_view.py"):
        app = start({"state": ["CO"]}, page=page)
        shown = [
            e.value
            for kind in ("markdown", "warning", "error", "info", "caption", "success")
            for e in getattr(app, kind)
        ]
        shown = [text for text in shown if isinstance(text, str)]
        for text in shown:
            assert "![" not in text and "](" not in text, (page, text)
        assert any("beacon" in text for text in shown) or page != "pages/data_view.py"


def test_as_known_on_a_day_comes_from_the_url_and_shows_the_levels_of_then(monkeypatch, tmp_path):
    fixtures = ROOT / "tests" / "fixtures" / "history"
    history = fixtures / "attribution_history.csv"
    import_file(fixtures / "incidents.csv", "aurora", store=FileStore(tmp_path), history=history)
    monkeypatch.setenv("INCIDENT_ATLAS_DATASETS", str(tmp_path))
    app = start({"dataset": "aurora", "known": "2024-09-30", "attribution": ["law_enforcement"]})
    assert str(app.date_input(key="known").value) == "2024-09-30"
    captions = " ".join(c.value for c in app.caption)
    assert showing(app) == (1, 4)
    assert "as known on 2024-09-30; 3 incidents were not yet reported on that date" in captions
    app.date_input(key="known").set_value(None).run()
    assert "known" not in app.query_params and showing(app) == (1, 4)  # today: the kidnapping alone is 'police'


def _saved_aurora(fixtures: Path, folder: Path, monkeypatch) -> None:
    """The history fixture saved as 'aurora', with its history, in the app's datasets folder."""
    history = fixtures / "attribution_history.csv"
    import_file(fixtures / "incidents.csv", "aurora", store=FileStore(folder), history=history)
    monkeypatch.setenv("INCIDENT_ATLAS_DATASETS", str(folder))


def test_upload_checks_and_keeps_an_attribution_history(store):
    fixtures = ROOT / "tests" / "fixtures" / "history"
    app = start(page="pages/data_view.py")
    incidents = (fixtures / "incidents.csv").read_bytes()
    app.file_uploader(key="upload_file").set_value(("aurora.csv", incidents, "text/csv")).run()
    next(b for b in app.button if b.label == "Check every row").click().run()
    history = (fixtures / "attribution_history.csv").read_bytes()
    app.file_uploader(key="upload_history").set_value(("history.csv", history, "text/csv")).run()
    assert not app.exception, [e.message for e in app.exception]
    report = [frame.value for frame in app.dataframe if "Outcome" in frame.value.columns][-1]
    assert set(report.loc[report["Outcome"] == "rejected", "Row"]) == {5, 6, 7, 8}
    next(box for box in app.text_input if box.label == "Dataset name").set_value("aurora")
    next(b for b in app.button if b.label == "Save dataset").click().run()
    saved = load_saved("aurora", store)
    assert list(saved.history["id"]) == ["kidnapping", "shooting", "shooting", "shooting"]


def test_the_map_page_lists_what_changed_between_two_dates(monkeypatch, tmp_path):
    fixtures = ROOT / "tests" / "fixtures" / "history"
    _saved_aurora(fixtures, tmp_path, monkeypatch)
    app = start({"dataset": "aurora", "known": "2025-03-01"})
    app.date_input(key="changed_since").set_value(date(2024, 9, 30)).run()
    assert not app.exception
    assert app.query_params["changed_since"] == "2024-09-30"
    table = next(frame.value for frame in app.dataframe if "Change" in frame.value.columns)
    assert list(table["Change"]) == ["\u2191 Firmer", "+ Newly linked", "+ Newly linked", "+ Newly linked"]
    assert table.loc[0, "Incident"] == "A shooting" and table.loc[0, "Then"] == "Law enforcement says"
    summary = "Between 2024-09-30 and 2025-03-01: 1 link firmer, 0 weaker, 3 newly linked."
    assert any(summary in c.value for c in app.caption)
    # The map and every count are of the changed incidents alone; a later start leaves only the newest.
    assert showing(app) == (4, 4)
    app.date_input(key="changed_since").set_value(date(2025, 1, 31)).run()
    assert showing(app) == (1, 4)


def test_the_timeline_counts_by_month_or_by_week(monkeypatch, tmp_path):
    short = tmp_path / "short.csv"
    short.write_text(
        "id,date,state,city,crime_type,attribution,title\n"
        "a,2024-05-01,CO,Denver,theft,charged,One\n"
        "b,2024-05-20,CO,Denver,theft,reported,Two\n"
        "c,2024-06,CO,Denver,theft,reported,Three\n",
        encoding="utf-8",
    )
    # The shipped story spans more than a year: monthly bars at first.
    app = start()
    control = next(c for c in app.get("button_group") if c.proto.id.endswith("timeline_per"))
    assert control.value == "month"
    assert any(c.value.startswith("Drag across months") for c in app.caption)
    control.set_value("week").run()
    assert any(c.value.startswith("Drag across weeks") for c in app.caption)
    # Two months of data: weekly bars, and the month-dated incident is named as left out.
    monkeypatch.setenv("INCIDENT_ATLAS_INCIDENTS", str(short))
    app = start()
    note = next(c.value for c in app.caption if c.value.startswith("Drag across"))
    assert note.startswith("Drag across weeks") and "1 incident known only to a month" in note


def test_publishing_a_view_of_changes_starts_from_what_changed(monkeypatch, tmp_path):
    fixtures = ROOT / "tests" / "fixtures" / "history"
    _saved_aurora(fixtures, tmp_path, monkeypatch)
    query = {"dataset": "aurora", "known": "2025-03-01", "changed_since": "2025-01-31"}
    app = start(query, page="pages/publish_view.py")
    # Only the incident first linked after 31 January: the page shows what the snapshot will.
    assert showing(app) == (1, 4)
    assert app.text_input[0].value == "What changed since 2025-01-31"
    assert app.text_area[0].value.startswith("Between 2025-01-31 and 2025-03-01: 0 links firmer")
    next(button for button in app.button if button.label == "Update the preview").click().run()
    snapshot = app.session_state["snapshot"]
    assert snapshot.shown == 1 and b"What changed since 2025-01-31</h1>" in snapshot.files["index.html"]


def test_a_clicked_incident_in_a_view_of_changes_says_its_change(monkeypatch, tmp_path):
    fixtures = ROOT / "tests" / "fixtures" / "history"
    _saved_aurora(fixtures, tmp_path, monkeypatch)
    app = start({"dataset": "aurora", "known": "2024-09-30", "changed_since": "2024-08-25"})
    views = app.session_state["map_views"]
    token = list(views)[-1]
    app.session_state["map_selection"] = (token, "point", 0)
    app.run()
    # Only the shooting changed since 25 August 2024: the police linked it, after residents had.
    assert any(h.value == "Selected incident" for h in app.subheader)
    table = next(frame.value for frame in app.dataframe if {"Title", "Change"} <= set(frame.value.columns))
    assert table["Title"].tolist() == ["A shooting"]
    assert table["Attribution"].tolist() == ["Law enforcement says"]  # its level then, not today's
    assert table["Change"].tolist() == ["\u2191 Firmer: Reported \u2192 Law enforcement says"]


def _one_private_row(monkeypatch, tmp_path):
    """The shipped incidents with the first made private, as the app's data."""
    import pandas as pd

    from geo.support.paths import SHIPPED_INCIDENTS

    incidents = pd.read_csv(SHIPPED_INCIDENTS, dtype=str, keep_default_na=False)
    incidents.loc[0, ["public", "internal_notes"]] = ["false", "canary note"]
    path = tmp_path / "incidents.csv"
    incidents.to_csv(path, index=False)
    monkeypatch.setenv("INCIDENT_ATLAS_INCIDENTS", str(path))
    return incidents


def _shows_readers_only(app, incidents) -> None:
    assert showing(app) == (len(incidents) - 1, len(incidents) - 1)
    assert "public incidents only" in " ".join(w.value for w in app.sidebar.warning)
    table = next(frame.value for frame in app.dataframe if "ID" in frame.value.columns)
    assert incidents.loc[0, "id"] not in set(table["ID"]) and "Internal notes" not in table.columns
    assert "Load report" not in [h.value for h in app.header] and "Add a dataset" not in [h.value for h in app.header]


@pytest.mark.parametrize("address", [None, "0.0.0.0", "192.168.1.20", "::", "unix:///run/atlas.sock"])
def test_without_sign_in_the_network_sees_only_public_rows_whatever_started_the_app(monkeypatch, tmp_path, address):
    from streamlit import config

    incidents = _one_private_row(monkeypatch, tmp_path)
    config.set_option("server.address", address)

    _shows_readers_only(start(page="pages/data_view.py"), incidents)
    config.set_option("server.address", "localhost")
    assert showing(start(page="pages/data_view.py")) == (len(incidents), len(incidents))


@pytest.mark.parametrize("front", ["", "0.0.0.0", "192.168.1.20"])
def test_a_replica_answering_here_behind_a_front_on_the_network_shows_readers_only(monkeypatch, tmp_path, front):
    """``serve --replicas`` binds every replica to this computer; what counts is where HAProxy answers."""
    from geo.support.access import FRONT_ADDRESS

    incidents = _one_private_row(monkeypatch, tmp_path)
    monkeypatch.setenv(FRONT_ADDRESS, front)

    _shows_readers_only(start(page="pages/data_view.py"), incidents)
    monkeypatch.setenv(FRONT_ADDRESS, "127.0.0.1")
    assert showing(start(page="pages/data_view.py")) == (len(incidents), len(incidents))


def test_a_saved_datasets_private_rows_stay_with_staff_in_either_store(store, tmp_path):
    import pandas as pd
    from streamlit import config

    from geo.support.paths import SHIPPED_INCIDENTS

    incidents = pd.read_csv(SHIPPED_INCIDENTS, dtype=str, keep_default_na=False)
    incidents.loc[0, ["public", "internal_notes"]] = ["false", "canary note"]
    path = tmp_path / "incidents.csv"
    incidents.to_csv(path, index=False)
    import_file(path, "private-row", store=store)
    try:
        config.set_option("server.address", "0.0.0.0")
        readers = start({"dataset": "private-row"}, page="pages/data_view.py")
        table = next(frame.value for frame in readers.dataframe if "ID" in frame.value.columns)
        assert showing(readers) == (len(incidents) - 1, len(incidents) - 1)
        assert incidents.loc[0, "id"] not in set(table["ID"]) and "Internal notes" not in table.columns
    finally:
        config.set_option("server.address", "localhost")
    staff = start({"dataset": "private-row"}, page="pages/data_view.py")
    assert showing(staff) == (len(incidents), len(incidents))


def test_a_link_to_a_dataset_that_is_not_here_says_so(shipped):
    app = start({"dataset": "deleted-last-week"})
    notices = " ".join(w.value for w in app.warning)
    assert "no dataset named \\'deleted\\-last\\-week\\' here" in notices
    assert showing(app) == (len(shipped.incidents), len(shipped.incidents))


def test_an_unreachable_team_database_leaves_the_shipped_data_and_one_message(monkeypatch, shipped):
    from geo.dataset.store import DATABASE_SETTING, close_stores
    from tests.support.postgres import APP_PASSWORD, free_port

    monkeypatch.setenv(DATABASE_SETTING, f"postgresql://atlas_app:{APP_PASSWORD}@127.0.0.1:{free_port()}/atlas")
    try:
        app = start({"dataset": "gone-with-the-database"})
    finally:
        close_stores()
    warnings = [w.value for w in app.warning]
    # One message: not also that the dataset asked for was deleted, which nobody knows.
    assert (
        len(warnings) == 1 and "Saved datasets cannot be listed" in warnings[0] and "cannot be reached" in warnings[0]
    )
    assert showing(app) == (len(shipped.incidents), len(shipped.incidents))
    assert not app.error and APP_PASSWORD not in "".join(warnings)
