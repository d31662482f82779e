"""A reader's snapshot of what changed since a day, in headless Chromium, offline: each changed
mark carries its arrow, the legend names the arrows with their counts, the page lists the changes."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from geo.dataset.dataset import load_dataset
from geo.publish.snapshot import SnapshotOptions, build_snapshot
from geo.publish.snapshot_files import write_snapshot
from geo.view.filters import Filters
from tests.support.browser import FIND_MAP

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "history"
# Where each incident's mark is on the page, and the centre of its badge (geo/map/static/atlas.js:
# up and to the right of the mark by three quarters of its radius plus 1.5 px).
MARKS = f"""() => {{
  const map = {FIND_MAP}, box = map.getContainer().getBoundingClientRect(), found = {{}};
  map.eachLayer(l => {{
    if (!l.options || l.options.incident === undefined || !l._point) return;
    const p = map.layerPointToContainerPoint(l._point), reach = l._radius * 0.75 + 1.5;
    found[l.options.incident] = {{ x: p.x + box.left, y: p.y + box.top,
      badge: [p.x + box.left + reach, p.y + box.top - reach], inMap: [p.x, p.y],
      change: l.options.change && l.options.change.key }};
  }});
  return found;
}}"""


@pytest.fixture
def snapshot_page(tmp_path, serve_folder, offline_page):
    history = FIXTURES / "attribution_history.csv"
    dataset = load_dataset(FIXTURES / "incidents.csv", history=history)
    server = serve_folder(tmp_path)

    def open_snapshot(name: str, filters: Filters):
        # A view of changes is titled by itself; the fixture's dataset has no title of its own.
        title = "" if filters.changed_since else "Aurora incidents"
        snapshot = build_snapshot(dataset, SnapshotOptions(filters=filters, title=title))
        write_snapshot(snapshot, tmp_path / name)
        browser = offline_page(width=1280, height=900)
        browser.page.goto(f"{server.url}/{name}/index.html")
        browser.page.wait_for_function("() => window.L && document.querySelector('.atlas-legend')")
        browser.page.wait_for_timeout(300)
        return browser

    return open_snapshot


def _ink(page, point: list[float]) -> bool:
    """Whether a dark stroke passes within a pixel of ``point`` on the page."""
    shot = Image.open(io.BytesIO(page.screenshot())).convert("L")
    x, y = round(point[0]), round(point[1])
    return min(shot.getpixel((x + dx, y + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1)) < 90


def test_a_snapshot_of_changes_marks_each_change_and_explains_the_marks(snapshot_page):
    known = date(2025, 3, 1)
    browser = snapshot_page("changes", Filters(known=known, changed_since=date(2024, 9, 30)))
    page = browser.page
    assert page.text_content("h1") == "What changed since 2024-09-30"
    legend = page.text_content(".atlas-changes-legend")
    assert legend.startswith("Change between 2024-09-30 and 2025-03-01")
    rows = [row.text_content() for row in page.locator(".atlas-changes-legend .atlas-legend-row").all()]
    assert rows == ["\u2191 Firmer (1)", "\u2193 Weaker (0)", "Newly linked, no badge (3)"]
    assert page.locator(".atlas-changes-legend svg").count() == 3
    marks = page.evaluate(MARKS)
    assert {key: mark["change"] for key, mark in marks.items()} == {
        "shooting": "up",
        "claim": None,
        "kidnapping": None,
        "later": None,
    }
    # The firmer link's arrow is drawn: its shaft crosses the badge's centre in dark ink. The same
    # four incidents as known that day, without the changes, leave that spot clear.
    assert _ink(page, marks["shooting"]["badge"])
    plain = snapshot_page("plain", Filters(known=known))
    unmarked = plain.page.evaluate(MARKS)["shooting"]
    assert unmarked["inMap"] == marks["shooting"]["inMap"] and unmarked["change"] is None
    assert not plain.page.locator(".atlas-changes-legend").count()
    assert not _ink(plain.page, unmarked["badge"])
    page.mouse.move(marks["shooting"]["x"], marks["shooting"]["y"])
    tip = page.wait_for_selector(".atlas-tip-change")
    assert tip.text_content() == "\u2191 Firmer: Law enforcement says \u2192 Charged"
    listed = page.locator(".snap-changes li").all_text_contents()
    assert listed[0].startswith("\u2191 Firmer: A shooting (Law enforcement says \u2192 Charged)")
    assert len(listed) == 4
    assert page.evaluate("() => window.__csp") == []
    assert browser.errors == [] and plain.errors == []
