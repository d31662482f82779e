"""Month-by-month playback in Chromium, at 60,000 incidents in the running app: the map changes
between steps, and no step asks the server for anything (no request, no websocket message)."""

from __future__ import annotations

import pytest

from tests.browser.test_app_browser import map_frame

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
