"""``python -m bench --clicks``: the app itself, served as ``scripts/app`` serves it, in headless
Debian Chromium, offline, on 61,000 synthetic incidents that rate their links: what a newsroom's
staff wait for. Each figure is the median of ``REPEAT`` tries in one session:

- ``point_record_s``: a click on a point (the map zoomed into Chicago, where the counted cells give
  way to points) until its full record shows in its popup (above the popup-text limit the page
  carries no records: the app sends the clicked one);
- ``filter_redraw_s``: a level picked in the sidebar's attribution filter until the map has drawn
  the new selection (the runtime marks each draw: ``atlas-drawn``);
- ``open_s``: navigation to the first map drawn, as the baseline of the same run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import ATLAS_DRAWN
from bench.load import Server
from bench.synthetic import synthetic_incidents

ROWS = 61_000
REPEAT = 5
LEVEL_LABELS = ("Charged", "Convicted", "Reported", "Claimed", "Disputed")
# A point well inside the map (its pixel in the page), and its popup's state.
POINT_INSIDE = """(skip) => {
  const found = [], inner = window.map.getBounds().pad(-0.25);
  window.map.eachLayer(layer => {
    if (layer.options && layer.options.incident !== undefined && inner.contains(layer.getLatLng())) found.push(layer);
  });
  const target = found[(skip * 997) % found.length];
  const point = window.map.latLngToContainerPoint(target.getLatLng()).add(L.point(target.options.offset || [0, 0]));
  return [point.x, point.y];
}"""
POINTS_SHOWN = """() => { let n = 0;
  window.map.eachLayer(layer => { if (layer.options && layer.options.incident !== undefined) n += 1; });
  return n > 20; }"""
RECORD_SHOWN = """() => { const p = document.querySelector('.leaflet-popup-content');
  return !!p && !!p.querySelector('h3') && !p.textContent.includes('Fetching'); }"""


def _frame(page):
    page.wait_for_selector("iframe[title='streamlit_folium.st_folium']", timeout=120_000)
    for _ in range(600):
        frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
        if frame is not None:
            return frame
        page.wait_for_timeout(100)
    raise RuntimeError("the map's frame did not appear")


def _measure(url: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        # Offline: the app's own server only (tiles fail, as without a network).
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url) else r.abort())
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{url}/?dataset=rated")
        frame = _frame(page)
        frame.wait_for_function(f"() => {ATLAS_DRAWN} >= 1", timeout=120_000, polling=20)
        opened = time.perf_counter() - started
        frame.evaluate("() => window.map.setView([41.88, -87.63], 11, {animate: false})")
        frame.wait_for_function(POINTS_SHOWN, timeout=60_000, polling=50)
        page.wait_for_timeout(1500)
        box = page.query_selector("iframe[title='streamlit_folium.st_folium']").bounding_box()
        records = []
        for attempt in range(REPEAT):
            x, y = frame.evaluate(POINT_INSIDE, attempt)
            started = time.perf_counter()
            page.mouse.click(box["x"] + x, box["y"] + y)
            frame.wait_for_function(RECORD_SHOWN, timeout=60_000, polling=10)
            records.append(time.perf_counter() - started)
            frame.evaluate("() => window.map.closePopup()")
            page.wait_for_timeout(800)
        redraws = []
        chooser = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="ttribution")
        for label in LEVEL_LABELS:
            drawn = frame.evaluate(f"() => {ATLAS_DRAWN}")
            chooser.locator("input").click()
            page.keyboard.type(label)
            started = time.perf_counter()
            page.keyboard.press("Enter")
            frame.wait_for_function(f"() => {ATLAS_DRAWN} > {drawn}", timeout=60_000, polling=10)
            redraws.append(time.perf_counter() - started)
            page.keyboard.press("Escape")
            page.wait_for_timeout(800)
        browser.close()
    return {
        "open_s": opened,
        "point_record_s": statistics.median(records),
        "point_record_max_s": max(records),
        "filter_redraw_s": statistics.median(redraws),
        "filter_redraw_max_s": max(redraws),
    }


def run_clicks() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        synthetic_incidents(ROWS, seed=61).to_csv(folder / "rated.csv", index=False)
        env = {"INCIDENT_ATLAS_DATASETS": str(folder / "datasets"), "INCIDENT_ATLAS_DATABASE_URL": ""}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "geo",
                "import",
                str(folder / "rated.csv"),
                "--name",
                "rated",
                "--title",
                "SYNTHETIC: 61,000 invented incidents",
            ],
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
        server = Server(env)
        try:
            return _measure(f"http://127.0.0.1:{server.port}")
        finally:
            server.stop()
