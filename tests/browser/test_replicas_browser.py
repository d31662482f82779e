"""Two app replicas behind HAProxy (``serve --replicas 2``), on the file store and on a team
database: each browser is kept on its replica (its upload reaches the replica holding its session),
and what one saves, and what any other writer replaces or deletes, the other lists and draws on its
next rerun, with no restart."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from bench.synthetic import synthetic_incidents
from geo.dataset.store import DATABASE_SETTING
from geo.support.paths import ROOT
from ui.replicas import COOKIE

pytestmark = pytest.mark.browser


def _showing(page, count: str) -> None:
    page.get_by_text(re.compile(rf"Showing {count} of {count} incidents")).first.wait_for(timeout=60_000)


def _replica(browser) -> str:
    return next(cookie["value"] for cookie in browser.context.cookies() if cookie["name"] == COOKIE)


@pytest.mark.parametrize("store", ["files", "postgis"])
def test_what_one_replica_saves_the_other_lists_and_draws_and_loses_when_deleted(
    request, store, start_app, offline_page, tmp_path
):
    if store == "postgis":
        postgres = request.getfixturevalue("postgres")
        env = {DATABASE_SETTING: postgres.url(postgres.new_database())}
    else:
        env = {"INCIDENT_ATLAS_DATASETS": str(tmp_path / "datasets")}
    front = start_app(env, ("--replicas", "2"), serve=True)
    upload = tmp_path / "newsroom.csv"
    synthetic_incidents(2_000, seed=5).to_csv(upload, index=False)

    # Saved through the first replica's Data page.
    saver = offline_page()
    saving = saver.page
    saving.goto(f"{front.url}/data")
    saving.get_by_text("Add a dataset").first.wait_for(timeout=30_000)
    saving.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(upload))
    saving.get_by_role("button", name="Check every row").click(timeout=30_000)
    saving.get_by_role("textbox", name="Dataset name").fill("shared", timeout=60_000)
    saving.get_by_role("textbox", name="Title").fill("Shared across replicas")
    saving.get_by_role("button", name="Save dataset").click()
    saving.get_by_text("It is in the Dataset list").wait_for(timeout=60_000)

    # Listed and drawn by the second, which was serving before the save and is not restarted: the
    # first browser's session holds a connection to its replica, so a new browser is sent to the other.
    browser = offline_page()
    reading = browser.page
    reading.goto(f"{front.url}/?dataset=shared")
    _showing(reading, "2,000")
    assert {_replica(saver), _replica(browser)} == {"r1", "r2"}
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
    for page in (saving, reading):
        page.goto(f"{front.url}/?dataset=shared")
        page.get_by_text("There is no dataset named 'shared' here").wait_for(timeout=60_000)
    assert {_replica(saver), _replica(browser)} == {"r1", "r2"}

    # A browser sent to the other replica (its own gone) uploads there: its XSRF cookie holds.
    saver.context.add_cookies([{"name": COOKIE, "value": _replica(browser), "url": front.url}])
    saving.goto(f"{front.url}/data")
    saving.get_by_text("Add a dataset").first.wait_for(timeout=30_000)
    saving.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(bigger))
    saving.get_by_role("button", name="Check every row").click(timeout=30_000)
    saving.locator("[data-testid='stMetricValue']", has_text=re.compile(r"^3,?000$")).first.wait_for(timeout=60_000)
    assert _replica(saver) == _replica(browser)
    assert browser.errors == saver.errors == [] and "Traceback" not in reading.inner_text("body")
    if store == "postgis":
        assert env[DATABASE_SETTING].split(":")[2].split("@")[0] not in reading.content()
