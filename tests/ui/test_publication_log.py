"""A snapshot downloaded from the Publish page is logged as a publication by the person signed in
(here local mode, as ``python -m ui.serve`` runs it), from the version shown."""

from streamlit.testing.v1 import AppTest

from geo.dataset.publications import publications


def _download() -> None:
    import json

    from geo.publish.snapshot import Snapshot
    from ui.publication_log import record_download

    manifest = {"title": "Colorado", "filters": {"state": ["CO"]}, "records": {"incidents": {"a": {}, "b": {}}}}
    files = {"manifest.json": json.dumps(manifest).encode(), "index.html": b"<p>map</p>"}
    record_download(Snapshot(files, alt="", shown=2), "story", 3)


def test_a_download_is_logged_as_a_publication_with_who_and_which_version(store):
    AppTest.from_function(_download, default_timeout=30).run()
    [entry] = publications(store.audit("story"))
    assert (entry.version, entry.records, entry.after["filters"]) == (3, ("a", "b"), {"state": ["CO"]})
    assert entry.by.endswith("(local mode)") and set(entry.after["files"]) == {"manifest.json", "index.html"}
    assert entry.after["where"] == "downloaded from the app's Publish page"
