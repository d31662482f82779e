"""Every snapshot is logged as a publication; a republication of a selection finds the last one by itself."""

import hashlib
import json

from geo.__main__ import main
from geo.dataset.publications import publications
from geo.dataset.store import import_file
from geo.support.paths import SHIPPED_INCIDENTS
from tests.support.record import week_of_changes


def _publish(out, *extra) -> int:
    return main(
        ["snapshot", "--dataset", "story", "--state", "CO", "--out", str(out), "--by", "ed@example.org", *extra]
    )


def test_each_snapshot_is_logged_and_a_republication_lists_what_changed_since_the_last(store, tmp_path):
    import_file(SHIPPED_INCIDENTS, "story", store=store, by="ana@example.org")
    assert _publish(tmp_path / "first") == 0
    import_file(week_of_changes(tmp_path), "story", store=store, replace=True, by="ben@example.org", reason="weekly")
    # A new folder, and no --previous: the log knows what this selection last published.
    assert _publish(tmp_path / "second") == 0
    second = json.loads((tmp_path / "second" / "manifest.json").read_text(encoding="utf-8"))
    assert any("from Reported to Charged" in item for item in second["changes"]["items"])
    logged = publications(store.audit("story"))
    assert [(entry.version, entry.by) for entry in logged] == [(2, "ed@example.org"), (1, "ed@example.org")]
    files = logged[0].after["files"]
    folder = tmp_path / "second"
    on_disk = {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }
    assert files == on_disk and "index.html" in files
    assert logged[0].after["filters"]["state"] == ["CO"] and logged[0].after["where"] == str(tmp_path / "second")


def test_another_selection_starts_its_own_line_of_publications(store, tmp_path):
    import_file(SHIPPED_INCIDENTS, "story", store=store, by="ana@example.org")
    assert _publish(tmp_path / "colorado") == 0
    assert main(["snapshot", "--dataset", "story", "--state", "FL", "--out", str(tmp_path / "florida")]) == 0
    florida = json.loads((tmp_path / "florida" / "manifest.json").read_text(encoding="utf-8"))
    assert florida["changes"] is None and len(publications(store.audit("story"))) == 2
