"""The map page's timeline in Chromium: dragging across months sets the date filter, the URL and the map."""

from __future__ import annotations

import re

import pytest

from tests.support.browser import map_frame

pytestmark = pytest.mark.browser


def test_dragging_across_the_timeline_sets_the_date_range(start_app, offline_page, sixty_thousand_root):
    app = start_app({"INCIDENT_ATLAS_DATASETS": str(sixty_thousand_root)})
    browser = offline_page(width=1400, height=1000)
    page = browser.page
    page.goto(f"{app.url}/?dataset=sixty")
    map_frame(page, timeout=90_000)
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.locator("canvas, svg").first.wait_for()
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.6
    page.mouse.move(box["x"] + box["width"] * 0.35, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.55, y, steps=8)
    page.mouse.up()
    page.wait_for_function("() => location.search.includes('since=')", timeout=30_000)
    since = re.search(r"since=(\d{4}-\d{2}-\d{2})", page.url).group(1)
    until = re.search(r"until=(\d{4}-\d{2}-\d{2})", page.url).group(1)
    # Whole months, a few of them, inside 2024.
    assert since.endswith("-01") and since < until and since.startswith("2024-")
    page.get_by_text(re.compile(r"Showing [\d,]+ of 60,000 incidents \(")).wait_for(timeout=30_000)
    # Reset clears the brush with the dates: redrawing the timeline (weeks, then months) keeps every incident.
    page.get_by_role("button", name="Reset filters").click()
    page.get_by_text("Showing 60,000 of 60,000 incidents").wait_for(timeout=30_000)
    for bars in ("Per week", "Per month"):
        page.get_by_text(bars, exact=True).click()
        page.wait_for_timeout(3_000)
        assert page.get_by_text("Showing 60,000 of 60,000 incidents").is_visible()
        assert "since=" not in page.url
    assert browser.errors == []
