"""A saved dataset as one zip and back: the same dataset under any name, and a damaged, altered or
foreign zip refused whole, with nothing written."""

import json
import zipfile

import pandas as pd
import pytest

from geo.__main__ import main
from geo.dataset.archive import MANIFEST, export_dataset, restore_dataset
from geo.dataset.file_store import FileStore
from geo.dataset.postgis_store import PostgisStore
from geo.dataset.store import import_file, list_datasets, load_saved
from geo.ingest.mapping import load_mapping
from geo.ingest.raw import LoadError
from geo.support.paths import ROOT

IMPORTS = ROOT / "tests" / "fixtures" / "imports"
HISTORY = ROOT / "tests" / "fixtures" / "history"


@pytest.fixture
def exported(store, tmp_path):
    """The history fixture imported with its history, and exported."""
    import_file(HISTORY / "incidents.csv", "aurora", store=store, history=HISTORY / "attribution_history.csv")
    return store, export_dataset("aurora", tmp_path / "aurora.zip", store)


def _same(before, after) -> None:
    pd.testing.assert_frame_equal(before.incidents, after.incidents)
    pd.testing.assert_frame_equal(before.history, after.history)
    pd.testing.assert_frame_equal(before.counts, after.counts)
    assert before.incident_report == after.incident_report and before.meta == after.meta


def test_a_restored_dataset_is_the_one_exported(exported, tmp_path):
    store, archive = exported
    assert restore_dataset(archive, "aurora-copy", store) == "aurora-copy"
    _same(load_saved("aurora", store), load_saved("aurora-copy", store))
    assert set(store.read("aurora").documents) == set(store.read("aurora-copy").documents)
    # On another machine (another folder), under its own name.
    elsewhere = FileStore(tmp_path / "elsewhere")
    restore_dataset(archive, store=elsewhere)
    assert [entry.name for entry in list_datasets(elsewhere)] == ["shipped", "aurora"]


def test_a_dataset_moves_between_the_file_store_and_the_database(postgres, tmp_path):
    """Files to PostGIS and back again: the same dataset at every step."""
    files = FileStore(tmp_path / "datasets")
    database = PostgisStore(postgres.url(postgres.new_database()))
    try:
        import_file(HISTORY / "incidents.csv", "aurora", store=files, history=HISTORY / "attribution_history.csv")
        restore_dataset(export_dataset("aurora", tmp_path / "from-files.zip", files), store=database)
        _same(load_saved("aurora", files), load_saved("aurora", database))
        restore_dataset(export_dataset("aurora", tmp_path / "from-db.zip", database), "back", files)
        _same(load_saved("aurora", files), load_saved("back", files))
    finally:
        database.close()


def _rewritten(source, target, change) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            name, content = change(info.filename, old.read(info.filename))
            if name is not None:
                new.writestr(name, content)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda name, data: (name, data[:-1] + b"x" if name == "incidents.parquet" else data), "digest differs"),
        (lambda name, data: (None if name == "incidents.parquet" else name, data), "incomplete"),
        (lambda name, data: ("../" + name if name == "mapping.toml" else name, data), "files no dataset has"),
        (lambda name, data: (name, b"{" if name == MANIFEST else data), "cannot be read"),
    ],
    ids=["altered", "missing", "path", "manifest"],
)
def test_a_damaged_or_altered_zip_is_refused_whole(exported, tmp_path, change, said):
    store, archive = exported
    damaged = tmp_path / "damaged.zip"
    _rewritten(archive, damaged, change)
    before = store.stamp()
    with pytest.raises(LoadError, match=said):
        restore_dataset(damaged, "copy", store)
    assert [entry.name for entry in store.listing()] == ["aurora"] and store.stamp() == before


def test_a_truncated_zip_a_foreign_one_and_a_taken_name_are_refused(exported, tmp_path):
    store, archive = exported
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[: len(archive.read_bytes()) // 2])
    with pytest.raises(LoadError, match="not a readable zip"):
        restore_dataset(truncated, "copy", store)
    foreign = tmp_path / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as handle:
        handle.writestr(MANIFEST, json.dumps({"format": "something else", "name": "x", "files": {}}))
    with pytest.raises(LoadError, match="not one of ours"):
        restore_dataset(foreign, "copy", store)
    with pytest.raises(LoadError, match="exists already"):
        restore_dataset(archive, store=store)
    assert [entry.name for entry in store.listing()] == ["aurora"]
    # Replaced explicitly, the dataset is the exported one again.
    assert restore_dataset(archive, store=store, replace=True) == "aurora"
    assert store.listing()[0].versions == 2


def test_the_command_line_exports_and_restores(store, tmp_path, capsys):
    import_file(IMPORTS / "gva_export.csv", "gva", load_mapping(IMPORTS / "gva.toml"))
    assert main(["export", "gva", "--out", str(tmp_path / "gva.zip")]) == 0
    assert main(["restore", str(tmp_path / "gva.zip"), "--name", "gva-2"]) == 0
    assert "restored dataset 'gva-2'" in capsys.readouterr().out
    assert main(["export", "shipped", "--out", str(tmp_path / "x.zip")]) == 2
    assert "comes with the app" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()


def test_the_command_line_lists_what_the_store_holds(store, capsys):
    import_file(IMPORTS / "gva_export.csv", "gva", load_mapping(IMPORTS / "gva.toml"))
    import_file(IMPORTS / "gva_export.csv", "gva", load_mapping(IMPORTS / "gva.toml"), replace=True, reason="again")
    assert main(["list", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert set(listed) == {"name", "title", "incidents", "versions", "updated"}
    assert (listed["name"], listed["title"], listed["incidents"], listed["versions"]) == ("gva", "gva", 10, 2)
    assert main(["list"]) == 0
    assert "gva" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # every change says why
        main(["delete", "gva"])
    assert "--reason" in capsys.readouterr().err
    assert main(["delete", "gva", "--reason", "a test's dataset"]) == 0
    assert "deleted dataset 'gva'" in capsys.readouterr().out
    assert main(["list", "--json"]) == 0 and json.loads(capsys.readouterr().out) == []
