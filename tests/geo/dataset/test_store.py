"""Named datasets: saved whole, listed by the app, loaded back as they were checked."""

import pandas as pd
import pytest

from geo.dataset.store import DatasetMeta, check_name, import_file, list_datasets, load_dataset, load_saved
from geo.ingest.mapping import load_mapping
from geo.ingest.pipeline import prepare
from geo.ingest.raw import LoadError
from geo.ingest.read import read_table
from geo.support.paths import ROOT

IMPORTS = ROOT / "tests" / "fixtures" / "imports"


def test_import_saves_a_dataset_the_app_lists_and_loads(tmp_path):
    meta = DatasetMeta(title="GVA test", source="Gun Violence Archive", as_of="2024-02-28")
    folder, report = import_file(
        IMPORTS / "gva_export.csv", "gva-test", load_mapping(IMPORTS / "gva.toml"), meta, root=tmp_path
    )
    assert {p.name for p in folder.iterdir()} == {
        "incidents.parquet",
        "incidents.meta.toml",
        "mapping.toml",
        "report.json",
        "report.csv",
    }
    entries = list_datasets(tmp_path)
    assert [e.name for e in entries] == ["shipped", "gva-test"]
    dataset = load_saved(entries[1])
    assert len(dataset.incidents) == report.mapped == 10
    assert dataset.incident_report == report
    assert dataset.meta.title == "GVA test" and dataset.as_of == "2024-02-28"
    # The saved mapping reproduces the import.
    again, _, _ = prepare(read_table(IMPORTS / "gva_export.csv"), load_mapping(folder / "mapping.toml"))
    assert again["id"].tolist() == dataset.incidents["id"].tolist()
    table = pd.read_csv(folder / "report.csv")
    assert set(table["outcome"]) == {"rejected", "changed", "flagged"}
    assert check_name("gva-test", tmp_path) is not None and check_name("Bad Name", tmp_path) is not None
    with pytest.raises(LoadError, match="exists already"):
        import_file(IMPORTS / "gva_export.csv", "gva-test", root=tmp_path)


def test_a_writers_hidden_temporary_folder_is_not_listed(tmp_path):
    import_file(IMPORTS / "gva_export.csv", "gva-test", load_mapping(IMPORTS / "gva.toml"), root=tmp_path)
    stale = tmp_path / ".gva-test.0123456789ab.partial"
    stale.mkdir()
    (stale / "incidents.parquet").write_bytes(b"half")
    assert [entry.name for entry in list_datasets(tmp_path)] == ["shipped", "gva-test"]


def test_attribution_heading_comes_from_the_metadata():
    assert DatasetMeta(subject="the Crew").attribution_heading == "How the link to the Crew is established"
    assert DatasetMeta(subject="x", legend_title="Own words").attribution_heading == "Own words"


def test_a_name_with_a_trailing_line_break_is_refused(tmp_path):
    assert check_name("gva\n", tmp_path) is not None and check_name("gva", tmp_path) is None


def test_metadata_with_control_characters_reads_back_as_written(tmp_path):
    title = 'Shootings\x7f 2024 \u2028 "quoted" \\ back'
    meta = DatasetMeta(title=title, subject="line\nbreak")
    import_file(IMPORTS / "gva_export.csv", "odd", load_mapping(IMPORTS / "gva.toml"), meta, root=tmp_path)
    entry = next(e for e in list_datasets(tmp_path) if e.name == "odd")
    loaded = load_saved(entry)
    assert loaded.meta.title == title and loaded.meta.subject == "line\nbreak"


def test_one_damaged_metadata_file_leaves_every_other_dataset_listed(tmp_path):
    mapping = load_mapping(IMPORTS / "gva.toml")
    import_file(IMPORTS / "gva_export.csv", "good", mapping, root=tmp_path)
    import_file(IMPORTS / "gva_export.csv", "bad", mapping, root=tmp_path)
    (tmp_path / "bad" / "incidents.meta.toml").write_text('title = "unterminated\n', encoding="utf-8")
    titles = {entry.name: entry.title for entry in list_datasets(tmp_path)}
    assert titles["good"] == "good" and "damaged" in titles["bad"]
    with pytest.raises(LoadError, match="not valid TOML"):
        load_saved(next(e for e in list_datasets(tmp_path) if e.name == "bad"))


def test_two_writers_of_one_name_leave_one_whole_dataset(tmp_path):
    import threading

    mapping = load_mapping(IMPORTS / "gva.toml")
    errors: list[BaseException] = []

    def write():
        try:
            import_file(IMPORTS / "gva_export.csv", "same", mapping, root=tmp_path, replace=True)
        except BaseException as error:  # noqa: BLE001 - the test reports whatever a writer raised
            errors.append(error)

    writers = [threading.Thread(target=write) for _ in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert errors == []
    entry = next(e for e in list_datasets(tmp_path) if e.name == "same")
    assert len(load_saved(entry).incidents) > 0
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["same"]


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
def test_names_windows_reserves_for_devices_are_refused(tmp_path, name):
    assert "device on Windows" in check_name(name, tmp_path)
