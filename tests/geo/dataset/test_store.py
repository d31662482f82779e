"""Named datasets: saved whole, listed by the app, loaded back as they were checked, in either store
(every test taking ``store`` runs on the file store and on PostgreSQL with PostGIS)."""

import io
import threading

import pandas as pd
import pytest

from geo.dataset.backend import Save
from geo.dataset.dataset import DatasetMeta, load_dataset
from geo.dataset.file_store import FileStore
from geo.dataset.store import (
    DATABASE_SETTING,
    check_name,
    database_url,
    import_file,
    list_datasets,
    load_saved,
    open_store,
)
from geo.ingest.mapping import load_mapping
from geo.ingest.pipeline import prepare
from geo.ingest.raw import LoadError
from geo.ingest.read import read_table
from geo.support.paths import ROOT

# A first save, as the store keeps it beside the data.
FIRST = Save("tests", "first version", "import", 16, 0, 0)
IMPORTS = ROOT / "tests" / "fixtures" / "imports"


def test_import_saves_a_dataset_the_app_lists_and_loads(store, tmp_path):
    meta = DatasetMeta(title="GVA test", source="Gun Violence Archive", as_of="2024-02-28")
    report = import_file(IMPORTS / "gva_export.csv", "gva-test", load_mapping(IMPORTS / "gva.toml"), meta, store=store)
    stored = store.read("gva-test")
    assert set(stored.documents) == {"incidents.meta.toml", "mapping.toml", "report.json", "report.csv"}
    entries = list_datasets(store)
    assert [e.name for e in entries] == ["shipped", "gva-test"]
    assert (entries[1].title, entries[1].incidents, entries[1].versions) == ("GVA test", 10, 1)
    dataset = load_saved("gva-test", store)
    assert len(dataset.incidents) == report.mapped == 10
    assert dataset.incident_report == report
    assert dataset.meta.title == "GVA test" and dataset.as_of == "2024-02-28"
    # The saved mapping reproduces the import.
    (tmp_path / "mapping.toml").write_bytes(stored.documents["mapping.toml"])
    again, _, _ = prepare(read_table(IMPORTS / "gva_export.csv"), load_mapping(tmp_path / "mapping.toml"))
    assert again["id"].tolist() == dataset.incidents["id"].tolist()
    table = pd.read_csv(io.BytesIO(stored.documents["report.csv"]))
    assert set(table["outcome"]) == {"rejected", "changed", "flagged"}
    assert check_name("gva-test", store) is not None and check_name("Bad Name", store) is not None
    with pytest.raises(LoadError, match="exists already"):
        import_file(IMPORTS / "gva_export.csv", "gva-test", store=store)


def test_incidents_read_back_exactly_as_saved(store, shipped):
    """Every column, value, missing value and type, extra columns included, in the saved order."""
    incidents = shipped.incidents.drop(columns=["correction", "history"], errors="ignore")
    odd = incidents.assign(
        title=incidents["title"].where(incidents.index != 0, 'quote " comma, \n line\nbreak   '),
        county=incidents["county"].where(incidents.index != 1, None),
        city=incidents["city"].where(incidents.index != 2, ""),
        tally=pd.Series(["3", None, "", *["x"] * (len(incidents) - 3)], dtype="str", index=incidents.index),
    )
    store.write("exact", odd, {"report.json": b"{}"}, False, FIRST)
    back = store.read("exact").incidents
    pd.testing.assert_frame_equal(back, odd.reset_index(drop=True), check_dtype=False)
    assert back["public"].dtype == bool and str(back["date_start"].dtype).startswith("datetime64")


def test_a_stamp_moves_with_every_write_and_deletion(store):
    stamps = [store.stamp()]
    import_file(IMPORTS / "gva_export.csv", "first", load_mapping(IMPORTS / "gva.toml"), store=store)
    stamps.append(store.stamp())
    version = store.listing()[0].version
    import_file(
        IMPORTS / "gva_export.csv",
        "first",
        load_mapping(IMPORTS / "gva.toml"),
        store=store,
        replace=True,
        reason="again",
    )
    stamps.append(store.stamp())
    assert store.listing()[0].version != version and store.listing()[0].versions == 2
    store.delete("first", "tests", "no longer needed")
    stamps.append(store.stamp())
    assert len(set(stamps)) == 4 and store.listing() == []
    with pytest.raises(LoadError, match="no dataset named 'first'"):
        store.delete("first", "tests", "no longer needed")
    with pytest.raises(LoadError, match="no dataset named 'first'"):
        load_saved("first", store)


def test_attribution_heading_comes_from_the_metadata():
    assert DatasetMeta(subject="the Crew").attribution_heading == "How the link to the Crew is established"
    assert DatasetMeta(subject="x", legend_title="Own words").attribution_heading == "Own words"


def test_a_name_with_a_trailing_line_break_is_refused(store):
    assert check_name("gva\n", store) is not None and check_name("gva", store) is None


def test_metadata_with_control_characters_reads_back_as_written(store):
    title = 'Shootings\x7f 2024 \u2028 "quoted" \\ back'
    meta = DatasetMeta(title=title, subject="line\nbreak")
    import_file(IMPORTS / "gva_export.csv", "odd", load_mapping(IMPORTS / "gva.toml"), meta, store=store)
    loaded = load_saved("odd", store)
    assert loaded.meta.title == title and loaded.meta.subject == "line\nbreak"


def test_two_writers_of_one_name_leave_one_whole_dataset(store):
    """Each replacement is made from the version it read: one made from a version another writer
    has since replaced is refused, saying so, and every version saved is whole."""
    mapping = load_mapping(IMPORTS / "gva.toml")
    errors: list[BaseException] = []

    def write(replace: bool):
        try:
            import_file(IMPORTS / "gva_export.csv", "same", mapping, store=store, replace=replace, reason="again")
        except LoadError as error:
            if "saved by someone else meanwhile" not in str(error) and "exists already" not in str(error):
                errors.append(error)
        except BaseException as error:  # noqa: BLE001 - the test reports whatever a writer raised
            errors.append(error)

    writers = [threading.Thread(target=write, args=(True,)) for _ in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert errors == []
    [entry] = store.listing()
    assert entry.name == "same" and 1 <= entry.versions <= 4
    assert [line.version for line in store.versions("same")] == list(range(1, entry.versions + 1))
    assert len(load_saved("same", store).incidents) == 10


def test_of_two_first_saves_of_one_name_one_wins_and_the_other_is_told(store, shipped):
    """Both writers start before either has saved (no name check first): the store itself refuses the second."""
    incidents = shipped.incidents.drop(columns=["correction", "history"], errors="ignore")
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def write():
        start.wait()
        try:
            store.write("race", incidents, {"report.json": b"{}"}, False, FIRST)
            outcomes.append("saved")
        except LoadError as error:
            outcomes.append(str(error))

    writers = [threading.Thread(target=write) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert sorted(outcomes) == ["a dataset named 'race' exists already (replace it explicitly)", "saved"]
    assert [(entry.name, entry.versions) for entry in store.listing()] == [("race", 1)]


def test_a_title_is_never_a_slug_and_a_selection_takes_the_selection_title():
    meta = DatasetMeta(title="gva-2024")
    assert meta.given_title == "" and meta.title_for(()) == "" and meta.title_for(("CO",)) == "Colorado"
    story = DatasetMeta(title="Whole: what is charged", selection_title="{place}: incidents, by how firmly")
    assert story.title_for(()) == "Whole: what is charged"
    assert story.title_for(("GA",)) == "Georgia: incidents, by how firmly"
    assert story.title_for((), narrowed=True) == "The U.S.: incidents, by how firmly"
    plain = DatasetMeta(title="Shootings, 2024")
    assert plain.title_for(("IL",)) == "Shootings, 2024 \u2014 Illinois" and plain.title_for((), True) == plain.title


def test_a_dataset_knows_whether_it_rates_any_link(shipped, tmp_path):
    assert shipped.rated
    path = tmp_path / "incidents.csv"
    path.write_text("id,date,state,crime_type,attribution\na,2024-05-01,CO,theft,unrated\n", encoding="utf-8")
    assert not load_dataset(path).rated
    path.write_text("id,date,state,crime_type,attribution\na,2024-05-01,CO,theft,reported\n", encoding="utf-8")
    assert load_dataset(path).rated


@pytest.mark.parametrize("name", ["con", "nul", "com1", "lpt9", "aux", "prn"])
def test_names_windows_reserves_for_devices_are_refused(store, name):
    assert "device on Windows" in check_name(name, store)


def test_the_database_comes_from_the_environment_or_the_secrets(monkeypatch, tmp_path):
    monkeypatch.delenv(DATABASE_SETTING)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert database_url() == "" and isinstance(open_store(), FileStore)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(f'{DATABASE_SETTING} = "postgresql://a@db/atlas"\n')
    assert database_url() == "postgresql://a@db/atlas"
    monkeypatch.setenv(DATABASE_SETTING, "postgresql://b@db/atlas")
    assert database_url() == "postgresql://b@db/atlas"
    monkeypatch.setenv(DATABASE_SETTING, "")
    assert database_url() == ""
