"""Month-by-month playback in Chromium, at 60,000 incidents in the running app: the map changes
between steps, and no step asks the server for anything (no request, no websocket message)."""

from __future__ import annotations

import pytest

from tests.support.browser import map_frame

pytestmark = pytest.mark.browser

CANVAS = """() => { const c = [...document.querySelectorAll('canvas.leaflet-zoom-animated')].pop();
  let sum = 0; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 0; i < d.length; i += 97) sum = (sum * 31 + d[i]) % 1000000007; return sum; }"""


def test_playback_steps_through_months_in_the_page(start_app, offline_page, sixty_thousand_root):
    app = start_app({"INCIDENT_ATLAS_DATASETS": str(sixty_thousand_root)})
    browser = offline_page(width=1400, height=1000)
    page = browser.page
    # Listening from the start: the app's websocket opens with the page.
    sent: list[str] = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append("ws")))
    page.on("request", lambda request: sent.append(request.url))
    page.goto(f"{app.url}/?dataset=sixty")
    frame = map_frame(page, timeout=90_000)
    frame.wait_for_selector(".atlas-playback")
    page.wait_for_timeout(1500)
    assert "ws" in sent  # the listener does see the app's messages
    before, whole = len(sent), frame.evaluate(CANVAS)
    frame.locator(".atlas-play").click()
    frame.wait_for_function("() => document.querySelector('.atlas-play-month').textContent === '2024-01'")
    first = frame.evaluate(CANVAS)
    frame.wait_for_function("() => document.querySelector('.atlas-play-month').textContent === '2024-02'")
    second = frame.evaluate(CANVAS)
    frame.locator(".atlas-play").click()  # stop
    # The map is redrawn for each month, differently from the whole span and from each other.
    assert len({whole, first, second}) == 3
    assert sent[before:] == []
    assert browser.errors == []


def test_counted_discs_play_by_month_at_any_zoom(tmp_path, monkeypatch, serve_folder, offline_page, shipped):
    """Only national and regional discs carry months (finer ones would be too many to send): zoomed
    in closer, playback draws the regional ones for each month rather than nothing."""
    from geo.map import layers
    from geo.publish.snapshot import SnapshotOptions, build_snapshot
    from geo.publish.snapshot_files import write_snapshot
    from tests.browser.test_snapshot_browser import FIND_MAP

    monkeypatch.setattr(layers, "READER_POINT_LIMIT", 5)  # the story's 15 incidents as counted discs only
    write_snapshot(build_snapshot(shipped, SnapshotOptions()), tmp_path / "snap")
    browser = offline_page(width=1280, height=900)
    page = browser.page
    page.goto(f"{serve_folder(tmp_path).url}/snap/index.html")
    page.wait_for_selector(".atlas-playback")
    discs = f"""() => {{ const map = {FIND_MAP}; let drawn = 0;
      map.eachLayer(l => {{ if (l.options && l.options.parts && l._map && l._radius > 0) drawn++; }}); return drawn; }}"""
    page.evaluate(f"() => {FIND_MAP}.setView([39.73, -104.85], 10, {{animate: false}})")  # Aurora and Denver
    page.wait_for_timeout(300)
    assert page.evaluate(discs) >= 1
    months = page.evaluate(
        f"() => {{ let m = null; {FIND_MAP}.eachLayer(l => {{ if (l instanceof L.Atlas.Incidents && l.playback) m = l.playback.months; }}); return m; }}"
    )
    page.fill(".atlas-playback input[type=range]", str(months.index("2024-08")))  # the Dallas Street shooting
    page.wait_for_timeout(300)
    assert page.text_content(".atlas-play-month") == "2024-08"
    assert page.evaluate(discs) >= 1
    assert page.text_content(".atlas-size-key").endswith("incidents in 2024-08")
    # The states are shaded by the month too: in August 2024 only Colorado, with the shooting (police
    # say gang-related), the takeover known only to that summer and the racket (residents' accounts).
    assert page.text_content(".atlas-choropleth h4") == "Firmest link among the incidents shown, 2024-08"
    rows = page.locator(".atlas-choropleth .atlas-legend-row").all_text_contents()
    assert rows == ["Law enforcement says", "No incidents shown"]
    assert browser.errors == []


def test_on_a_phone_the_playback_control_is_one_short_line(tmp_path, serve_folder, offline_page, shipped):
    from geo.publish.snapshot import SnapshotOptions, build_snapshot
    from geo.publish.snapshot_files import write_snapshot

    write_snapshot(build_snapshot(shipped, SnapshotOptions()), tmp_path / "snap")
    browser = offline_page(width=375, height=800)
    page = browser.page
    page.goto(f"{serve_folder(tmp_path).url}/snap/index.html")
    page.wait_for_selector(".atlas-playback")
    control = page.locator(".atlas-playback").bounding_box()
    button = page.locator(".atlas-play").bounding_box()
    month = page.locator(".atlas-play-month").bounding_box()
    # Button, slider and month side by side, no taller than the button itself needs, inside the map.
    assert abs(month["y"] + month["height"] / 2 - (button["y"] + button["height"] / 2)) < 4
    assert control["height"] < 2 * button["height"] and control["x"] + control["width"] <= 375
    assert not page.locator(".atlas-play-note").is_visible()
    assert browser.errors == []
