"""Named datasets: saved whole, listed by the app, loaded back as they were checked."""

import pandas as pd
import pytest

from geo.datasets import DatasetMeta, check_name, import_file, list_datasets, load_saved
from geo.ingest.mapping import load_mapping
from geo.ingest.pipeline import prepare
from geo.ingest.read import LoadError, read_table
from geo.paths import ROOT

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
