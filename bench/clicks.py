"""``python -m bench --clicks``: the app itself, served as ``scripts/app`` serves it, in headless
Debian Chromium, offline, on 61,000 synthetic incidents that rate their links: what a newsroom's
staff wait for. Each figure is the median of ``REPEAT`` tries in one session:

- ``point_record_s``: a click on a point (the map zoomed into Chicago, where the counted cells give
  way to points) until its full record shows in its popup (above the popup-text limit the page
  carries no records: the app sends the clicked one);
- ``filter_redraw_s``: a level picked in the sidebar's attribution filter until the map has drawn
  the new selection (the runtime marks each draw: ``atlas-drawn``);
- ``open_s``: navigation to the first map drawn, as the baseline of the same run (this and the
  first views by the browser's own clock, from the page's navigation to the ``atlas-drawn`` mark;
  the ``_driver_s`` figures are the same as the test driver sees them, about 0.1 s later);
- ``million_first_view_s``: the same for 1,000,000 synthetic incidents on a freshly started server
  that has not loaded them (what the first person to open a newly imported national dataset waits
  for), in a browser opening the app for the first time (a new profile: Streamlit's 3 MB of
  scripts are fetched and compiled first);
- ``million_returning_s``: the same first view for someone who has the app open already (the
  shipped story first, then the million on a server that has not loaded it);
- the million's two figures are medians of ``VISITS`` visits in turn, each on a fresh server
  (``_max_s``: the slowest).

Every browser is offline by a host rule that resolves nothing but this computer, with its cache
working as it always does. (Playwright's routing, used until 6 December 2026, turns the cache off
and passes every request through the test driver: it added about 0.3 s to a first visit.)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import ATLAS_DRAWN, CHROMIUM_ARGS, NOTHING_RESOLVES
from bench.load import Server
from bench.synthetic import synthetic_incidents

ROWS = 61_000
MILLION = 1_000_000
REPEAT = 5
# The million's first views, each on a fresh server and in a new browser: the median (and the
# slowest) of this many, since one visit swings with the machine by a quarter or more.
VISITS = 3
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


OFFLINE_ARGS = [*CHROMIUM_ARGS, NOTHING_RESOLVES]


def _page(playwright):
    """A new browser (an empty profile) at 1280 x 900, offline."""
    browser = playwright.chromium.launch(
        executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=OFFLINE_ARGS
    )
    return browser, browser.new_context(viewport={"width": 1280, "height": 900}).new_page()


# When the map was first drawn, in milliseconds since the Unix epoch (the frame's clock).
DRAWN_AT = "() => performance.timeOrigin + performance.getEntriesByName('atlas-drawn')[0].startTime"


def _first_view(page, url: str, name: str) -> tuple[object, float, float]:
    """The map's frame; the seconds from the page's navigation to the map's first draw by the
    browser's own clock; and the same as the test driver sees it, which adds its polling for the
    frame and the mark (about 0.1 s)."""
    started = time.perf_counter()
    page.goto(f"{url}/?dataset={name}")
    frame = _frame(page)
    frame.wait_for_function(f"() => {ATLAS_DRAWN} >= 1", timeout=300_000, polling=20)
    seen = time.perf_counter() - started
    drawn = (frame.evaluate(DRAWN_AT) - page.evaluate("() => performance.timeOrigin")) / 1000
    return frame, drawn, seen


def _million(url: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser, page = _page(playwright)
        _, seconds, seen = _first_view(page, url, "million")
        browser.close()
    return {"million_first_view_s": seconds, "million_first_view_driver_s": seen}


def _million_returning(url: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser, page = _page(playwright)
        _first_view(page, url, "shipped")
        page.goto("about:blank")
        _, seconds, seen = _first_view(page, url, "million")
        browser.close()
    return {"million_returning_s": seconds, "million_returning_driver_s": seen}


def _measure(url: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser, page = _page(playwright)
        frame, opened, _ = _first_view(page, url, "rated")
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


def _import(folder: Path, name: str, rows: int, env: dict[str, str]) -> None:
    synthetic_incidents(rows, seed=61).to_csv(folder / f"{name}.csv", index=False)
    command = [sys.executable, "-m", "geo", "import", str(folder / f"{name}.csv"), "--name", name]
    command += ["--title", f"SYNTHETIC: {rows:,} invented incidents", "--max-rows", str(rows)]
    subprocess.run(command, env={**os.environ, **env}, check=True, capture_output=True)


def run_clicks() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        env = {"INCIDENT_ATLAS_DATASETS": str(folder / "datasets"), "INCIDENT_ATLAS_DATABASE_URL": ""}
        _import(folder, "rated", ROWS, env)
        _import(folder, "million", MILLION, env)
        # Each on a server of its own, its data not yet loaded; the million's views in turn, VISITS times.
        found = _served(_measure, env)
        visits = [_served(measure, env) for _ in range(VISITS) for measure in (_million, _million_returning)]
        for metric in visits[0] | visits[1]:
            values = [visit[metric] for visit in visits if metric in visit]
            found[metric], found[f"{metric.removesuffix('_s')}_max_s"] = statistics.median(values), max(values)
        return found


def _served(measure, env: dict[str, str]) -> dict[str, float]:
    server = Server(env)
    try:
        return measure(f"http://127.0.0.1:{server.port}")
    finally:
        server.stop()
