"""The file store: reads made while a dataset's folder is being replaced."""

import os
import threading
import time

from geo.dataset.file_store import FileStore
from geo.dataset.store import import_file
from geo.ingest.mapping import load_mapping
from geo.support import atomic
from geo.support.paths import ROOT

IMPORTS = ROOT / "tests" / "fixtures" / "imports"


def test_reads_while_a_dataset_is_replaced_each_see_one_version_whole(tmp_path, monkeypatch):
    """A writer replaces a dataset's folder by two renames. A read between them once found its files
    gone: an import failed with FileNotFoundError in a full run of the suite. Here the gap is
    widened to 20 ms, and every read made meanwhile still sees one version whole."""
    store = FileStore(tmp_path / "datasets")
    mapping = load_mapping(IMPORTS / "gva.toml")
    import_file(IMPORTS / "gva_export.csv", "same", mapping, store=store)
    replace = os.replace

    def slowly(source, target):
        time.sleep(0.02)
        replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", slowly)
    writer = threading.Thread(
        target=lambda: [
            import_file(IMPORTS / "gva_export.csv", "same", mapping, store=store, replace=True, reason=f"again {n}")
            for n in range(5)
        ]
    )
    writer.start()
    errors, reads = [], 0
    while writer.is_alive():
        try:
            stored = store.read("same")
            numbers = [version.version for version in store.versions("same")]
            store.public_ids("same")
        except Exception as error:  # noqa: BLE001 - whatever a read raised is the failure
            errors.append(repr(error))
            continue
        reads += 1
        assert len(stored.incidents) == 10 and stored.version <= max(numbers)
    writer.join()
    assert errors == [] and reads > 0
    assert [version.version for version in store.versions("same")] == [1, 2, 3, 4, 5, 6]
