"""Published snapshots in headless Chromium, offline, as a reader's browser would load them."""

from __future__ import annotations

import json
import re

import pytest

from geo.dataset.dataset import load_dataset
from geo.publish.snapshot import SnapshotOptions, build_snapshot
from geo.publish.snapshot_files import write_snapshot
from geo.style.discs import CELL_HEADING
from geo.support.paths import SHIPPED_COUNTS, SHIPPED_INCIDENTS
from geo.view.filters import Filters
from geo.view.settings import MapSettings
from tests.support.browser import FIND_MAP
from tests.support.hostile import HOSTILE, write_hostile_counts, write_hostile_incidents

pytestmark = pytest.mark.browser

MARKERS = f"""() => {{
  const map = {FIND_MAP}, ids = [];
  map.eachLayer(l => {{ if (l.options && l.options.incident !== undefined) ids.push(l.options.incident); }});
  return ids;
}}"""


def publish(folder, dataset, **options):
    snapshot = build_snapshot(dataset, SnapshotOptions(**options))
    write_snapshot(snapshot, folder / "snap")
    embed = snapshot.files["embed.html"].decode().replace("SNAPSHOT_URL", "/snap")
    (folder / "article.html").write_text(
        f"<!doctype html><html><body style='margin:0'><p>Story text.</p>{embed}</body></html>", encoding="utf-8"
    )
    return snapshot


def snapshot_frame(page):
    page.wait_for_selector("iframe")
    for _ in range(100):
        frame = next((f for f in page.frames if f.url.endswith("/snap/index.html")), None)
        if frame:
            break
        page.wait_for_timeout(100)
    frame.wait_for_function("() => window.L && document.querySelector('.atlas-legend')")
    return frame


@pytest.mark.parametrize("width", [375, 1280])
def test_embedded_snapshot_shows_markers_and_legends(tmp_path, serve_folder, offline_page, shipped, width):
    snapshot = publish(tmp_path, shipped, as_of="2025-03-17")
    server = serve_folder(tmp_path)
    browser = offline_page(width=width, height=800)
    browser.page.goto(f"{server.url}/article.html")
    frame = snapshot_frame(browser.page)
    assert len(frame.evaluate(MARKERS)) == snapshot.shown == len(shipped.incidents)
    legend = frame.locator(".atlas-legend")
    assert legend.is_visible()
    # On a phone the legend sits below the map, open; wider, it is in the map's corner.
    below = frame.evaluate("() => !!document.querySelector('#legend-below .atlas-legend')")
    assert below == (width < 600)
    assert frame.get_attribute(".atlas-legend-toggle", "aria-expanded") == "true"
    assert frame.locator(".atlas-legend-body").is_visible()
    text = frame.text_content(".atlas-legend")
    assert "How the gang link is established" in text and "Crime type" in text
    # By default the states are shaded by the firmest link among their incidents.
    assert "Firmest link among the incidents shown" in text and "current filters" not in text
    assert "Data as of 2025-03-17" in frame.text_content("footer")
    box = frame.evaluate(
        "() => { const r = document.querySelector('.folium-map').getBoundingClientRect(); return [r.width, r.height]; }"
    )
    assert box[0] <= width and box[1] >= 300
    assert frame.evaluate("() => window.__csp") == []
    assert browser.errors == [] and browser.dialogs == []


def test_keyboard_reaches_every_incident_through_the_list(tmp_path, serve_folder, offline_page, shipped):
    publish(tmp_path, shipped)
    server = serve_folder(tmp_path)
    browser = offline_page()
    page = browser.page
    page.goto(f"{server.url}/snap/index.html")
    page.wait_for_function("() => document.querySelector('.atlas-legend')")
    page.focus(".snap-list summary")
    page.keyboard.press("Enter")
    rows = page.locator("#incident-list tbody tr")
    assert rows.count() == len(shipped.incidents)
    page.locator("#incident-list button").nth(0).focus()
    page.keyboard.press("Enter")
    popup = page.wait_for_selector(".leaflet-popup-content")
    assert rows.nth(0).locator("td").nth(0).text_content() in popup.text_content()


def test_hostile_snapshot_runs_nothing(tmp_path, serve_folder, offline_page):
    dataset = load_dataset(write_hostile_incidents(tmp_path / "i.csv"), write_hostile_counts(tmp_path / "c.csv"))
    publish(tmp_path, dataset, settings=MapSettings(measure=HOSTILE[1]), title=HOSTILE[0], subtitle=HOSTILE[1])
    server = serve_folder(tmp_path)
    browser = offline_page()
    page = browser.page
    page.goto(f"{server.url}/snap/index.html")
    page.wait_for_function("() => document.querySelector('.atlas-legend')")
    shown = page.evaluate(
        f"""() => {{
          const map = {FIND_MAP}, texts = [];
          map.eachLayer(layer => {{
            if (layer.options && layer.options.incident !== undefined) {{
              layer.open(); texts.push(layer.getPopup().getElement().textContent);
              layer.fire('mouseover', {{latlng: layer.getLatLng()}}, true); texts.push(layer.getTooltip().getElement().textContent);
              layer.closeTooltip();
            }}
          }});
          document.querySelector('.snap-list').open = true;
          return texts.join('\\n');
        }}"""
    )
    page.wait_for_timeout(300)
    for text in HOSTILE[:9]:
        assert text in shown
    assert page.text_content("h1") == HOSTILE[0]
    assert page.evaluate("() => window.__pwned || null") is None
    assert page.evaluate("() => document.querySelectorAll('img:not(.leaflet-tile), [onerror], [onload]').length") == 0
    assert (
        page.evaluate("() => [...document.querySelectorAll('a')].filter(a => !a.href.startsWith('http')).length") == 0
    )
    assert page.evaluate("() => window.__csp") == []
    assert browser.dialogs == [] and browser.errors == []


def test_self_contained_snapshot_requests_nothing_outside_its_folder_but_tiles(tmp_path, serve_folder, offline_page):
    dataset = load_dataset(SHIPPED_INCIDENTS, SHIPPED_COUNTS)
    publish(tmp_path, dataset, self_contained=True, title="Incidents")
    server = serve_folder(tmp_path)
    browser = offline_page()
    requests: list[str] = []
    browser.page.on("request", lambda request: requests.append(request.url))
    browser.page.goto(f"{server.url}/snap/index.html")
    browser.page.wait_for_function("() => document.querySelector('.atlas-legend')")
    browser.page.wait_for_timeout(500)
    assert browser.cdn == []
    outside = [url for url in requests if not url.startswith(f"{server.url}/snap/")]
    assert outside and all(url.startswith("https://server.arcgisonline.com/") for url in outside)
    assert len(browser.page.evaluate(MARKERS)) == len(dataset.incidents)
    assert browser.page.evaluate("() => window.__csp") == []


def test_no_basemap_snapshot_draws_on_state_outlines_alone(tmp_path, serve_folder, offline_page, shipped):
    publish(tmp_path, shipped, settings=MapSettings(basemap="none"), self_contained=True)
    server = serve_folder(tmp_path)
    browser = offline_page()
    requests: list[str] = []
    browser.page.on("request", lambda request: requests.append(request.url))
    browser.page.goto(f"{server.url}/snap/index.html")
    browser.page.wait_for_function("() => document.querySelector('.atlas-legend')")
    assert all(url.startswith(server.url) for url in requests)
    states = browser.page.evaluate(
        f"() => {{ let n = 0; {FIND_MAP}.eachLayer(l => {{ if (l.feature && l.feature.properties.state) n++; }}); return n; }}"
    )
    assert states == 56


def test_many_incidents_show_as_counted_cells_then_points_when_zoomed(
    tmp_path, serve_folder, offline_page, monkeypatch
):
    import geo.map.payload as layers
    from bench.synthetic import synthetic_incidents

    monkeypatch.setattr(layers, "COUNTED_ABOVE", 100)
    path = tmp_path / "many.csv"
    synthetic_incidents(400).to_csv(path, index=False)
    publish(tmp_path, load_dataset(path), self_contained=True, title="Synthetic incidents")
    server = serve_folder(tmp_path)
    browser = offline_page()
    page = browser.page
    page.goto(f"{server.url}/snap/index.html")
    page.wait_for_function("() => performance.getEntriesByName('atlas-drawn').length > 0")
    count = f"""() => {{ let cells = 0, points = 0; {FIND_MAP}.eachLayer(l => {{
        const p = l.feature && l.feature.properties; if (!p || !p.kind) return;
        if (p.kind === 'point') points++; else cells++; }}); return [cells, points]; }}"""
    cells, points = page.evaluate(count)
    assert cells > 0 and points == 0
    assert CELL_HEADING in page.text_content(".atlas-legend")
    page.evaluate(f"() => {{ {FIND_MAP}.setView([39.74, -104.99], 8, {{animate: false}}); }}")
    page.wait_for_function(f"() => ({count})()[1] > 0")
    assert page.evaluate(count)[0] == 0
    assert CELL_HEADING not in page.text_content(".atlas-legend")
    assert browser.errors == []


@pytest.mark.parametrize("width", [320, 390, 768, 1280])
def test_embed_grows_to_the_page_and_clips_nothing(tmp_path, serve_folder, offline_page, shipped, width):
    publish(tmp_path, shipped, as_of="2025-03-17")
    server = serve_folder(tmp_path)
    browser = offline_page(width=width, height=900)
    page = browser.page
    page.goto(f"{server.url}/article.html")
    frame = snapshot_frame(page)
    inner = outer = 0
    for _ in range(60):
        inner = frame.evaluate("() => Math.ceil(document.documentElement.getBoundingClientRect().height)")
        outer = page.evaluate("() => document.querySelector('iframe').getBoundingClientRect().height")
        if abs(inner - outer) <= 1:
            break
        page.wait_for_timeout(100)
    assert abs(inner - outer) <= 1, (inner, outer)
    assert frame.evaluate("() => document.documentElement.scrollHeight <= window.innerHeight + 1")
    for selector in ("h1", ".atlas-legend", ".snap-foot p:first-child", ".snap-foot p:last-child"):
        top, bottom, height, shown = frame.evaluate(
            f"() => {{ const r = document.querySelector('{selector}').getBoundingClientRect();"
            " return [r.top, r.bottom, window.innerHeight, r.width * r.height]; }"
        )
        assert top >= 0 and bottom <= height + 1 and shown > 0, selector
    assert "Data as of 2025-03-17" in frame.text_content(".snap-foot")
    assert browser.errors == []


def test_without_scripts_the_embed_still_credits_its_source(tmp_path, serve_folder, offline_page, shipped):
    publish(tmp_path, shipped, as_of="2025-03-17")
    server = serve_folder(tmp_path)
    page = offline_page(scripts=False).page
    page.goto(f"{server.url}/article.html")
    credit = page.locator("figure noscript, figure p").last
    text = page.text_content("figure")
    assert "Source: NBC News" in text and "Data as of 2025-03-17" in text
    assert credit is not None


def test_a_blocked_map_library_shows_a_message_and_the_picture(tmp_path, serve_folder, offline_page, shipped):
    publish(tmp_path, shipped, self_contained=False)
    server = serve_folder(tmp_path)
    browser = offline_page(block_cdn=True)
    page = browser.page
    page.goto(f"{server.url}/snap/index.html")
    page.wait_for_selector("#map-status:not([hidden])")
    assert "could not load" in page.text_content("#map-status")
    page.wait_for_function("() => { const i = document.querySelector('#map-status img'); return i && i.naturalWidth; }")
    assert page.evaluate("() => document.querySelector('#map-status img').naturalWidth") == 1200
    assert browser.errors == []


def test_a_large_map_still_gives_each_incidents_place_date_and_level(tmp_path, serve_folder, offline_page):
    """Above the full-text limit a reader's popup says what the page can honestly carry."""
    from bench.synthetic import synthetic_incidents

    path = tmp_path / "many.csv"
    frame = synthetic_incidents(1_500, seed=5)
    frame.to_csv(path, index=False)
    snapshot = publish(tmp_path, load_dataset(path), title="Synthetic incidents")
    assert b'"brief"' in snapshot.files["index.html"] and b'"summary"' not in snapshot.files["index.html"]
    server = serve_folder(tmp_path)
    browser = offline_page()
    page = browser.page
    page.goto(f"{server.url}/snap/index.html")
    page.wait_for_function("() => performance.getEntriesByName('atlas-drawn').length > 0")
    text = page.evaluate(
        f"""() => {{ let found = null; {FIND_MAP}.eachLayer(l => {{
            if (!found && l.options && l.options.index !== undefined && l.options.view) {{
              l.open(); found = l.getPopup().getElement().textContent; }} }});
            return found; }}"""
    )
    assert "Date" in text and "Place" in text and "Attribution" in text and ", " in text
    assert "too many incidents to carry" in text
    assert "too many to list" in page.text_content(".snap-list")
    assert browser.errors == []


@pytest.mark.parametrize("width", [390, 1280])
def test_a_state_snapshot_is_titled_and_labelled_for_its_state(tmp_path, serve_folder, offline_page, shipped, width):
    publish(tmp_path, shipped, filters=Filters(state=("CO",)))
    server = serve_folder(tmp_path)
    browser = offline_page(width=width, height=844)
    page = browser.page
    page.goto(f"{server.url}/snap/index.html")
    page.wait_for_selector(".atlas-label-state")
    page.wait_for_timeout(300)
    # A selection's title names the state and never claims more than the weakest link it may hold.
    assert page.text_content("h1").startswith("Colorado: incidents tied to")
    assert page.text_content(".atlas-label-state").strip() == "Colorado"
    visible = page.evaluate(
        "() => [...document.querySelectorAll('.atlas-label-place')]"
        ".filter(n => getComputedStyle(n).visibility !== 'hidden').map(n => n.textContent)"
    )
    assert visible and set(visible) <= {"Aurora", "Denver"}
    assert browser.errors == []


def _drawn_page(folder, serve_folder, offline_page, dataset, width: int, height: int):
    """The dataset's snapshot, served as a CMS would and opened at this size, once its marks are drawn."""
    publish(folder, dataset)
    server = serve_folder(folder)
    browser = offline_page(width=width, height=height)
    browser.page.goto(f"{server.url}/snap/index.html")
    browser.page.wait_for_function("() => performance.getEntriesByName('atlas-drawn').length > 0")
    return browser


@pytest.mark.parametrize("width", [390, 1280])
def test_readers_search_the_page_and_fly_to_an_incident(tmp_path, serve_folder, offline_page, shipped, width):
    browser = _drawn_page(tmp_path, serve_folder, offline_page, shipped, width, 844)
    page = browser.page
    if width < 600:
        # On a phone the map takes at least 60% of the screen's height.
        assert page.locator(".snap-map").bounding_box()["height"] >= 0.6 * 844
    page.fill("#map-search-input", "laken")
    page.get_by_role("button", name="Killing of Laken Riley, Georgia").first.click()
    page.wait_for_selector(".leaflet-popup-content")
    assert "Killing of Laken Riley" in page.text_content(".leaflet-popup-content")
    page.fill("#map-search-input", "texas")
    page.get_by_role("button", name="Texas").click()
    page.fill("#map-search-input", "atlantis")
    assert "Nothing on this map matches" in page.text_content(".snap-search-results")
    # Places come before incidents, with their counts; the list lies over the page, and Enter takes the first.
    top = page.locator(".snap-map").bounding_box()["y"]
    page.fill("#map-search-input", "aurora")
    first = page.locator(".snap-search-results button").first.text_content()
    assert re.fullmatch(r"Aurora, CO( \(.*\))? \u2014 [1-9]\d* incidents?", first), first
    assert page.locator(".snap-map").bounding_box()["y"] == top
    zoom = page.evaluate(f"() => {FIND_MAP}.getZoom()")
    page.press("#map-search-input", "Enter")
    page.wait_for_function(f"() => {FIND_MAP}.getZoom() > {zoom}")
    # What was found is ringed and named; "Whole map" goes back and takes the ring away.
    # (A ring taken away fades out over 200 ms before it leaves the page.)
    found = "() => [...document.querySelectorAll('.atlas-found')].map(e => e.textContent)"
    page.wait_for_function(f"() => JSON.stringify(({found})()) === JSON.stringify({json.dumps([first])})")
    page.get_by_role("button", name="Whole map").click()
    page.wait_for_function(f"() => {FIND_MAP}.getZoom() <= {zoom}")
    page.wait_for_selector(".atlas-found", state="detached")
    assert browser.errors == []


# The share of the map that the legend covers, and the marks that lie under the playback control.
COVERED = f"""() => {{
  const map = {FIND_MAP}, frame = map.getContainer().getBoundingClientRect();
  const legend = document.querySelector('.atlas-legend').getBoundingClientRect();
  const overlap = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
    Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const control = document.querySelector('.atlas-playback');
  const under = [];
  map.eachLayer(layer => {{
    if (!(layer instanceof L.Atlas.Mark) || !control) return;
    const point = map.latLngToContainerPoint(layer.getLatLng()).add(L.point(layer.options.offset));
    const x = frame.left + point.x, y = frame.top + point.y, box = control.getBoundingClientRect();
    if (x > box.left - 6 && x < box.right + 6 && y > box.top - 6 && y < box.bottom + 6) under.push(layer.options.incident);
  }});
  return {{legend: overlap(legend, frame) / (frame.width * frame.height), under}};
}}"""


@pytest.mark.parametrize("width", [680, 390, 1280])
def test_controls_never_hide_the_map(tmp_path, serve_folder, offline_page, shipped, width):
    """In an article column and on a phone the legend goes below the map; at no width does a mark
    lie under the playback control."""
    browser = _drawn_page(tmp_path, serve_folder, offline_page, shipped, width, 900)
    page = browser.page
    page.wait_for_timeout(800)
    covered = page.evaluate(COVERED)
    assert covered["legend"] <= (0.2 if width < 800 else 0.3), covered
    assert covered["under"] == []
    assert browser.errors == []


@pytest.mark.parametrize("hosted", ["elsewhere", "on the article's origin"])
def test_embedded_tiles_name_the_snapshots_host_and_never_the_articles(
    tmp_path, serve_folder, offline_page, shipped, hosted
):
    """OpenStreetMap refuses tiles without a Referer. Hosted on another origin, the frame keeps its
    own origin and its tiles name it; on the article's origin it stays opaque, so it cannot reach
    the article's page, cookies or storage."""
    snapshot = build_snapshot(shipped, SnapshotOptions(settings=MapSettings(basemap="streets")))
    write_snapshot(snapshot, tmp_path / "snap")
    server = serve_folder(tmp_path)
    snapshot_host = server.url.replace("127.0.0.1", "localhost") if hosted == "elsewhere" else server.url
    embed = snapshot.files["embed.html"].decode().replace("SNAPSHOT_URL", f"{snapshot_host}/snap")
    (tmp_path / "article.html").write_text(f"<!doctype html><body><p>Story.</p>{embed}</body>", encoding="utf-8")
    browser = offline_page(width=680)
    browser.page.goto(f"{server.url}/article.html")
    frame = snapshot_frame(browser.page)
    browser.page.wait_for_timeout(500)
    tiles = [url for url in browser.outside if "tile.openstreetmap.org" in url]
    assert tiles
    named = {browser.referrers[url] for url in tiles}
    reach = "() => { try { return parent.document.title + document.cookie + '|' + origin; } catch (e) { return 'refused|' + origin; } }"
    if hosted == "elsewhere":
        assert named == {f"{snapshot_host}/"}  # the origin only: no path, never the article's address
        assert frame.evaluate(reach) == f"refused|{snapshot_host}"
    else:
        assert named == {None}
        assert frame.evaluate(reach) == "refused|null"
    assert browser.errors == []
