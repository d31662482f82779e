"""Time to marks drawn in headless Debian chromium, offline, for our map and folium's."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bench.peers import PEER_ROUTES, peer_assets

# One step of month-by-month playback (the sixth month), timed in the page from the call to two
# frames later: no request is made.
PLAYBACK_STEP = """() => new Promise(resolve => {
  const map = Object.values(window).find(value => value instanceof L.Map);
  let playback = null;
  map.eachLayer(layer => { if (layer instanceof L.Atlas.Incidents && layer.playback) playback = layer.playback; });
  if (!playback) { resolve(null); return; }
  const started = performance.now();
  playback.show(Math.min(5, playback.months.length - 1));
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - started)));
})"""
# A zoom into one city (Chicago at zoom 11), timed in the page from the request to two frames after
# the map settles: the layer for that zoom chosen (or its points built) and drawn.
CITY_ZOOM = """() => new Promise(resolve => {
  const map = Object.values(window).find(value => value instanceof L.Map), started = performance.now();
  const done = () => resolve(performance.now() - started);
  map.once('moveend', () => requestAnimationFrame(() => requestAnimationFrame(done)));
  map.setView([41.88, -87.63], 11, {animate: false});
})"""


# Debian's chromium as the benchmark drives it: headless, no GPU, no update or background requests.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# Offline without routing (which turns the browser's cache off): no name resolves but this
# computer's, so tiles fail as without a network. The clicks benchmark and the first-visit test use it.
NOTHING_RESOLVES = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"


def browser_seconds(
    html: str, count_js: str, expected: int, folder: Path, zoom: bool = False
) -> tuple[float, float, float]:
    """Navigation to marks drawn in headless Debian chromium, offline (libraries served locally),
    and with ``zoom`` the time one playback step and a zoom into one city take to draw (else 0)."""
    from playwright.sync_api import sync_playwright

    from geo.map.runtime import runtime_files
    from geo.support.paths import LEAFLET_DIST

    modules = peer_assets()
    page_path = folder / "bench-page.html"
    page_path.write_text(html, encoding="utf-8")
    # Our maps fetch their drawing code beside the page (``geo.map.layers.BESIDE_THE_PAGE``).
    for name, content in runtime_files().items():
        (folder / name).write_bytes(content)

    def route(request_route) -> None:
        url = request_route.request.url.split("?")[0]
        local = next(
            (modules / target / url[len(prefix) :] for prefix, target in PEER_ROUTES.items() if url.startswith(prefix)),
            None,
        )
        if "/npm/leaflet@" in url and "/dist/" in url:
            request_route.fulfill(path=str(LEAFLET_DIST / url.split("/dist/", 1)[1]))
        elif local is not None and local.is_file():
            request_route.fulfill(path=str(local))
        elif url.startswith("file://"):
            request_route.continue_()
        else:
            request_route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.route("**/*", route)
        page = context.new_page()
        start = time.perf_counter()
        page.goto(page_path.as_uri(), wait_until="commit")
        page.wait_for_function(f"() => ({count_js}) >= {expected}", timeout=120_000, polling=50)
        elapsed = time.perf_counter() - start
        step = (page.evaluate(PLAYBACK_STEP) or 0) / 1000 if zoom else 0.0
        if zoom:
            page.evaluate(
                "() => { let p = null; Object.values(window).find(v => v instanceof L.Map).eachLayer(l => "
                "{ if (l instanceof L.Atlas.Incidents && l.playback) p = l.playback; }); if (p) p.show(null); }"
            )
        zoomed = page.evaluate(CITY_ZOOM) / 1000 if zoom else 0.0
        browser.close()
    return elapsed, zoomed, step


# The runtime marks the frame after the incident layer is drawn (``Atlas.drawn`` in static/core.js).
ATLAS_DRAWN = "performance.getEntriesByName('atlas-drawn').length"
FOLIUM_COUNT = "document.querySelectorAll('.leaflet-marker-icon').length"
