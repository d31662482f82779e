"""``incident-atlas serve`` from the installed wheel, in an empty folder, as two replicas behind
HAProxy: the app draws its map on the shipped data in Chromium, with Leaflet and the map's code from
the installed package."""

from __future__ import annotations

import subprocess

import pytest

from tests.support.browser import map_frame
from tests.support.package import build_wheel, install, installed_command
from ui.processes import free_port, stop, wait_until_serving

pytestmark = [pytest.mark.browser, pytest.mark.process]


def test_the_installed_command_serves_the_app_on_the_shipped_data(tmp_path, offline_page):
    run = installed_command(install(build_wheel(tmp_path / "wheel"), tmp_path / "venv"), tmp_path)
    port = free_port()
    with (run.work / "serve.log").open("w") as log:
        server = subprocess.Popen(
            [run.program, "serve", "--replicas", "2", "--server.port", str(port), "--server.fileWatcherType", "none"],
            cwd=run.work,
            env=run.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        assert wait_until_serving(f"http://127.0.0.1:{port}", 120), (run.work / "serve.log").read_text()
        browser = offline_page()
        browser.page.goto(f"http://127.0.0.1:{port}/")
        browser.page.get_by_text("Showing 16 of 16 incidents").wait_for(timeout=60_000)
        map_frame(browser.page)  # the map drew its marks, Leaflet and its code from the installed app
        assert browser.cdn == [] and browser.errors == []
        assert all("arcgisonline" in url for url in browser.outside)  # only tiles were tried outside
    finally:
        stop(server)
    log = (run.work / "serve.log").read_text()
    assert "Local mode" in log and "Serving 2 replicas behind HAProxy" in log and "Traceback" not in log
