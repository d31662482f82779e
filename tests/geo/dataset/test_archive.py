"""A saved dataset as one zip and back: the same dataset under any name, and a damaged, altered or
foreign zip refused whole, with nothing written."""

import json
import zipfile

import pandas as pd
import pytest

from geo.__main__ import main
from geo.dataset.archive import MANIFEST, export_dataset, restore_dataset
from geo.dataset.store import entry_named, import_file, list_datasets, load_saved
from geo.ingest.mapping import load_mapping
from geo.ingest.raw import LoadError
from geo.support.paths import ROOT

IMPORTS = ROOT / "tests" / "fixtures" / "imports"
HISTORY = ROOT / "tests" / "fixtures" / "history"


@pytest.fixture
def exported(tmp_path):
    """The history fixture imported with its history, and exported."""
    root = tmp_path / "datasets"
    import_file(HISTORY / "incidents.csv", "aurora", root=root, history=HISTORY / "attribution_history.csv")
    return root, export_dataset("aurora", tmp_path / "aurora.zip", root)


def test_a_restored_dataset_is_the_one_exported(exported, tmp_path):
    root, archive = exported
    folder = restore_dataset(archive, "aurora-copy", root)
    before, after = load_saved(entry_named("aurora", root)), load_saved(entry_named("aurora-copy", root))
    pd.testing.assert_frame_equal(before.incidents, after.incidents)
    pd.testing.assert_frame_equal(before.history, after.history)
    assert before.incident_report == after.incident_report and before.meta == after.meta
    assert {path.name for path in folder.iterdir()} == {path.name for path in (root / "aurora").iterdir()}
    # On another machine (another folder), under its own name.
    elsewhere = tmp_path / "elsewhere"
    restore_dataset(archive, root=elsewhere)
    assert [entry.name for entry in list_datasets(elsewhere)] == ["shipped", "aurora"]


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
    root, archive = exported
    damaged = tmp_path / "damaged.zip"
    _rewritten(archive, damaged, change)
    with pytest.raises(LoadError, match=said):
        restore_dataset(damaged, "copy", root)
    assert not (root / "copy").exists() and not list(root.glob(".copy*partial"))


def test_a_truncated_zip_a_foreign_one_and_a_taken_name_are_refused(exported, tmp_path):
    root, archive = exported
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[: len(archive.read_bytes()) // 2])
    with pytest.raises(LoadError, match="not a readable zip"):
        restore_dataset(truncated, "copy", root)
    foreign = tmp_path / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as handle:
        handle.writestr(MANIFEST, json.dumps({"format": "something else", "name": "x", "files": {}}))
    with pytest.raises(LoadError, match="not one of ours"):
        restore_dataset(foreign, "copy", root)
    with pytest.raises(LoadError, match="exists already"):
        restore_dataset(archive, root=root)
    assert not (root / "copy").exists()
    # Replaced explicitly, the dataset is the exported one again.
    assert restore_dataset(archive, root=root, replace=True) == root / "aurora"


def test_the_command_line_exports_and_restores(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INCIDENT_ATLAS_DATASETS", str(tmp_path / "datasets"))
    import_file(IMPORTS / "gva_export.csv", "gva", load_mapping(IMPORTS / "gva.toml"))
    assert main(["export", "gva", "--out", str(tmp_path / "gva.zip")]) == 0
    assert main(["restore", str(tmp_path / "gva.zip"), "--name", "gva-2"]) == 0
    assert "restored dataset 'gva-2'" in capsys.readouterr().out
    assert main(["export", "shipped", "--out", str(tmp_path / "x.zip")]) == 2
    assert "comes with the app" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()
