"""A page's request that names a dataset starts reading it before the page's session asks: on the
app started as a newsroom starts it (``python -m ui.serve``), by plain HTTP requests that never
open a session."""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

import pytest

from geo.dataset.file_store import FileStore
from geo.dataset.store import import_file
from geo.support.paths import SHIPPED_INCIDENTS
from tests.support.browser import AppServer
from tests.support.login import auth_secrets
from ui.processes import free_port

pytestmark = pytest.mark.process

READ = "dataset story version"
READ_OTHER = "dataset other version"


@pytest.fixture(scope="module")
def datasets(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("early") / "datasets"
    for name in ("story", "other"):
        import_file(SHIPPED_INCIDENTS, name, store=FileStore(folder), reason="test data")
    return folder


def _log(server: AppServer) -> str:
    return Path(server.log.name).read_text(encoding="utf-8")


def _ask(server: AppServer, query: str) -> None:
    with urllib.request.urlopen(f"{server.url}/{query}", timeout=30) as answer:
        assert answer.status == 200


def test_a_page_request_naming_a_dataset_reads_it_without_a_session(datasets):
    server = AppServer({"INCIDENT_ATLAS_DATASETS": str(datasets)}, serve=True)
    try:
        _ask(server, "?dataset=nothing-by-this-name")
        _ask(server, "?dataset=../../etc/passwd")
        # Asked for while the first is still being read: it waits its turn.
        _ask(server, "?dataset=story")
        _ask(server, "?dataset=other")
        deadline = time.monotonic() + 60
        while not (READ in _log(server) and READ_OTHER in _log(server)) and time.monotonic() < deadline:
            time.sleep(0.1)
        log = _log(server)
        assert log.count(READ) == 1 and log.count(READ_OTHER) == 1
        assert "Traceback" not in log and "nothing-by-this-name" not in log
        assert "missing ScriptRunContext" not in log  # the read has no session, and is meant not to
    finally:
        server.stop()


def test_with_sign_in_configured_nothing_is_read_for_a_visitor_who_has_not_signed_in(datasets, tmp_path):
    port = free_port()
    secrets = auth_secrets(tmp_path, port, "http://127.0.0.1:9", ["editor@newsroom.example"])
    env = {"INCIDENT_ATLAS_DATASETS": str(datasets)}
    server = AppServer(env, ("--secrets.files", str(secrets)), port=port, serve=True)
    try:
        _ask(server, "?dataset=story")
        time.sleep(2)  # the 16 incidents read in well under a second where this is broken
        assert READ not in _log(server)
    finally:
        server.stop()
