"""Two app replicas on one team database, as a newsroom runs them behind a load balancer: what one
saves, and what any other writer replaces or deletes, the other lists and draws on its next rerun,
with no restart."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from bench.synthetic import synthetic_incidents
from geo.dataset.store import DATABASE_SETTING
from geo.support.paths import ROOT

pytestmark = pytest.mark.browser


def _showing(page, count: str) -> None:
    page.get_by_text(re.compile(rf"Showing {count} of {count} incidents")).first.wait_for(timeout=60_000)


def test_what_one_replica_saves_the_other_lists_and_draws_and_loses_when_deleted(
    postgres, start_app, offline_page, tmp_path
):
    env = {DATABASE_SETTING: postgres.url(postgres.new_database())}
    first, second = start_app(env, serve=True), start_app(env, serve=True)
    upload = tmp_path / "newsroom.csv"
    synthetic_incidents(2_000, seed=5).to_csv(upload, index=False)

    # Saved through the first replica's Data page.
    saving = offline_page().page
    saving.goto(f"{first.url}/data")
    saving.get_by_text("Add a dataset").first.wait_for(timeout=30_000)
    saving.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(upload))
    saving.get_by_role("button", name="Check every row").click(timeout=30_000)
    saving.get_by_role("textbox", name="Dataset name").fill("shared", timeout=60_000)
    saving.get_by_role("textbox", name="Title").fill("Shared across replicas")
    saving.get_by_role("button", name="Save dataset").click()
    saving.get_by_text("It is in the Dataset list").wait_for(timeout=60_000)

    # Listed and drawn by the second, which was serving before the save and is not restarted.
    browser = offline_page()
    reading = browser.page
    reading.goto(f"{second.url}/?dataset=shared")
    _showing(reading, "2,000")
    reading.frame_locator("iframe[title='streamlit_folium.st_folium']").locator(".leaflet-container").wait_for(
        timeout=60_000
    )

    # Replaced by another writer: the second draws the new version on its next rerun.
    bigger = tmp_path / "bigger.csv"
    synthetic_incidents(3_000, seed=6).to_csv(bigger, index=False)
    geo = [sys.executable, "-m", "geo"]
    run = {"cwd": ROOT, "env": {**os.environ, **env}, "capture_output": True, "text": True, "timeout": 120}
    assert (
        subprocess.run(
            [*geo, "import", str(bigger), "--name", "shared", "--replace", "--reason", "a bigger file"], **run
        ).returncode
        == 0
    )
    reading.reload()
    _showing(reading, "3,000")

    # Deleted: gone from both replicas' lists, and a link to it says so.
    assert subprocess.run([*geo, "delete", "shared", "--reason", "the test is over"], **run).returncode == 0
    for server in (first, second):
        reading.goto(f"{server.url}/?dataset=shared")
        reading.get_by_text("There is no dataset named 'shared' here").wait_for(timeout=60_000)
    assert browser.errors == [] and "Traceback" not in reading.inner_text("body")
    assert env[DATABASE_SETTING].split(":")[2].split("@")[0] not in reading.content()
