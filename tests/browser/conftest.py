"""Fixtures of the browser tests: one Chromium per run, offline pages, app servers and folder servers
(the classes live in tests/support/browser.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM_ARGS, AppServer, OfflinePage, StaticServer, chromium_path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def offline_page(browser):
    pages: list[OfflinePage] = []

    def make(width: int = 1280, height: int = 900, block_cdn: bool = False, scripts: bool = True) -> OfflinePage:
        pages.append(OfflinePage(browser, width, height, block_cdn, scripts))
        return pages[-1]

    yield make
    for page in pages:
        page.close()


@pytest.fixture(scope="module")
def provider():
    """A real OIDC provider (oidc-provider-mock) on a free port, for the module's sign-ins."""
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def start_app():
    servers: list[AppServer] = []

    def start(
        env: dict[str, str] | None = None, args: tuple[str, ...] = (), port: int | None = None, serve: bool = False
    ) -> AppServer:
        servers.append(AppServer(env or {}, args, port, serve))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def serve_folder():
    servers: list[StaticServer] = []

    def serve(folder: Path) -> StaticServer:
        servers.append(StaticServer(folder))
        return servers[-1]

    yield serve
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def sixty_thousand_root(tmp_path_factory):
    """A datasets folder holding 'sixty': 60,000 synthetic incidents, imported once per run."""
    from bench.synthetic import synthetic_incidents
    from geo.dataset.file_store import FileStore
    from geo.dataset.store import import_file

    folder = tmp_path_factory.mktemp("sixty")
    path = folder / "incidents.csv"
    synthetic_incidents(60_000).to_csv(path, index=False)
    import_file(path, "sixty", store=FileStore(folder / "datasets"))
    return folder / "datasets"
