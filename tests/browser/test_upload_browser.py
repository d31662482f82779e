"""Uploading through the Data page in Chromium: an upload cut off midway leaves nothing behind and the
app keeps serving; the same file sent whole is read and every row accounted for."""

from __future__ import annotations

import re

import pytest

from bench.synthetic import synthetic_incidents
from tests.support.workbooks import far_cell, rewritten, workbook

pytestmark = pytest.mark.browser


def _choose_file(page, server, path) -> None:
    """The Data page, opened afresh, with ``path`` put in its uploader."""
    page.goto(f"{server.url}/data")
    page.get_by_text("Add a dataset").first.wait_for(timeout=30_000)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(path))


def test_an_aborted_upload_leaves_nothing_and_the_app_keeps_serving(start_app, offline_page, tmp_path):
    datasets = tmp_path / "datasets"
    server = start_app({"INCIDENT_ATLAS_DATASETS": str(datasets)})
    upload = tmp_path / "newsroom.csv"
    synthetic_incidents(2_000, seed=5).to_csv(upload, index=False)

    browser = offline_page()
    page = browser.page
    cut = []

    def cut_off(route) -> None:
        cut.append(route.request.url)
        route.abort("connectionreset")

    page.route(re.compile(r".*/_stcore/upload_file/.*"), cut_off)
    _choose_file(page, server, upload)
    page.wait_for_timeout(3_000)
    assert cut, "the upload never reached the network"
    body = page.inner_text("body")
    assert "Check every row" not in body and "Traceback" not in body
    assert not datasets.exists() or [p for p in datasets.iterdir()] == []

    # The server still serves every page, and the same file sent whole is read.
    page.unroute(re.compile(r".*/_stcore/upload_file/.*"))
    page.goto(f"{server.url}/")
    page.get_by_text(re.compile(r"Showing \d+ of \d+ incidents")).wait_for(timeout=30_000)
    _choose_file(page, server, upload)
    page.get_by_role("button", name="Check every row").click(timeout=30_000)
    # The upload's own row report: 2,000 rows read, as many mapped (the shipped data has 16).
    page.locator("[data-testid='stMetricValue']", has_text=re.compile(r"^2,?000$")).first.wait_for(timeout=60_000)
    assert browser.dialogs == [] and browser.errors == []


def test_a_workbook_that_would_exhaust_memory_is_refused_and_the_app_keeps_serving(start_app, offline_page, tmp_path):
    """Calamine aborts its process on a sheet naming a cell at the far corner of Excel's grid: the
    app reads workbooks in a process of its own, so the page says why and the server lives on."""
    server = start_app({"INCIDENT_ATLAS_DATASETS": str(tmp_path / "datasets")})
    frame = synthetic_incidents(300, seed=7)
    good = workbook(tmp_path / "newsroom.xlsx", {"Incidents": [list(frame.columns), *frame.values.tolist()]})
    crafted = rewritten(good, tmp_path / "far.xlsx", far_cell)

    browser = offline_page()
    page = browser.page
    _choose_file(page, server, crafted)
    page.get_by_text(re.compile("far.xlsx: cannot be read as Excel: it needs more memory or time")).wait_for(
        timeout=30_000
    )
    assert "Traceback" not in page.inner_text("body")

    _choose_file(page, server, good)
    page.get_by_role("button", name="Check every row").click(timeout=30_000)
    page.locator("[data-testid='stMetricValue']", has_text=re.compile(r"^300$")).first.wait_for(timeout=60_000)
    assert browser.dialogs == [] and browser.errors == []


def test_a_geojson_upload_is_read_in_a_process_of_its_own_and_every_row_accounted_for(
    start_app, offline_page, tmp_path
):
    """Spatial files are parsed by GDAL in a process forked from the server: through the page, the
    file is read whole and the server serves on."""
    import geopandas as gpd
    import pandas as pd

    frame = synthetic_incidents(300, seed=9)
    lat, lon = (pd.to_numeric(frame[axis], errors="coerce") for axis in ("lat", "lon"))
    # A row without coordinates has no geometry, and is placed by its city.
    points = gpd.GeoSeries.from_xy(lon, lat, crs=4326).where(lat.notna())
    upload = tmp_path / "newsroom.geojson"
    gpd.GeoDataFrame(frame.drop(columns=["lat", "lon"]), geometry=points).to_file(upload, driver="GeoJSON")
    # Started as a newsroom starts it: the engine is imported before the first fork.
    server = start_app({"INCIDENT_ATLAS_DATASETS": str(tmp_path / "datasets")}, serve=True)

    browser = offline_page()
    page = browser.page
    _choose_file(page, server, upload)
    page.get_by_role("button", name="Check every row").click(timeout=30_000)
    page.locator("[data-testid='stMetricValue']", has_text=re.compile(r"^300$")).first.wait_for(timeout=60_000)
    page.goto(f"{server.url}/")
    page.get_by_text(re.compile(r"Showing \d+ of \d+ incidents")).wait_for(timeout=30_000)
    assert "Traceback" not in page.inner_text("body")
    assert browser.dialogs == [] and browser.errors == []
