"""The file store: reads made while a dataset's folder is being replaced."""

import os
import threading
import time

import pytest

from geo.dataset.backend import MissingDataset
from geo.dataset.file_store import FileStore
from geo.dataset.store import import_file
from geo.ingest.mapping import load_mapping
from geo.support import atomic
from geo.support.paths import ROOT

IMPORTS = ROOT / "tests" / "fixtures" / "imports"


# A gap of 20 ms, and one longer than all the rereads' waits (``REREAD_WAITS``, 0.16 s): a writer
# held up between its renames on a busy machine made a read say the dataset was not there (CI, 7 Dec).
@pytest.mark.parametrize(("gap", "replacements"), [(0.02, 5), (0.4, 2)])
def test_reads_while_a_dataset_is_replaced_each_see_one_version_whole(tmp_path, monkeypatch, gap, replacements):
    """A writer replaces a dataset's folder by two renames. A read between them once found its files
    gone: an import failed with FileNotFoundError in a full run of the suite. Here the gap is
    widened, and every read made meanwhile still sees one version whole."""
    store = FileStore(tmp_path / "datasets")
    mapping = load_mapping(IMPORTS / "gva.toml")
    import_file(IMPORTS / "gva_export.csv", "same", mapping, store=store)
    replace = os.replace

    def slowly(source, target):
        time.sleep(gap)
        replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", slowly)
    writer = threading.Thread(
        target=lambda: [
            import_file(IMPORTS / "gva_export.csv", "same", mapping, store=store, replace=True, reason=f"again {n}")
            for n in range(replacements)
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
    assert [version.version for version in store.versions("same")] == list(range(1, replacements + 2))


def test_a_dataset_left_absent_by_a_killed_writer_is_said_missing_once_the_wait_is_over(tmp_path):
    """A writer killed between its renames leaves the old folder aside and the name empty: reads
    wait for it a while (``SETTLE_LIMIT_S``), then say the dataset is not there."""
    store = FileStore(tmp_path / "datasets")
    import_file(IMPORTS / "gva_export.csv", "gone", load_mapping(IMPORTS / "gva.toml"), store=store)
    (tmp_path / "datasets" / "gone").rename(tmp_path / "datasets" / ".gone.0123456789ab.old")

    with pytest.raises(MissingDataset):
        store.read("gone")
    assert [entry.name for entry in store.listing()] == []
