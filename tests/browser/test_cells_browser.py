"""60,000 incidents in the running app, in Chromium: the national view is counted discs that do not
pile up, each disc's tooltip gives its incidents' split by attribution level (checked against the
data itself), and the legend explains the discs."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from geo.dataset.dataset import load_dataset
from geo.map.cells import LEVELS
from geo.reference.vocab import ATTRIBUTION_LEVELS
from geo.style.discs import CELL_HEADING, disc_style
from geo.style.palette import type_palette
from tests.support.browser import map_frame

pytestmark = pytest.mark.browser

CELLS = """() => {
  const map = window.map, box = map.getContainer().getBoundingClientRect(), size = map.getSize(), cells = [];
  map.eachLayer(layer => {
    if (!(layer.options && layer.options.parts && layer._point)) return;
    const p = map.latLngToContainerPoint(layer.getLatLng()), at = layer.getLatLng();
    if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) return;
    cells.push({x: p.x, y: p.y, r: layer._radius, lat: at.lat, lng: at.lng, left: box.left, top: box.top,
                count: layer.options.count});
  });
  return {zoom: map.getZoom(), width: size.x, height: size.y, cells};
}"""

SPLIT = """() => [...document.querySelectorAll('.atlas-cell-tip .atlas-split')].map(list =>
  [...list.querySelectorAll('li')].map(item => [item.children[1].textContent, item.children[2].textContent]))"""

# Which of the counted levels have their discs made (``Atlas.Cells`` makes a level's when it is first shown).
LEVELS_MADE = """() => { let cells = null;
  window.map.eachLayer(layer => { if (layer instanceof L.Atlas.Cells) cells = layer; });
  return cells.levels.map(level => level.made()); }"""


@pytest.fixture(scope="module")
def sixty_thousand(sixty_thousand_root):
    return sixty_thousand_root, load_dataset(sixty_thousand_root / "sixty" / "incidents.parquet").incidents


def _level_at(zoom: int) -> float:
    return next(cell for max_zoom, cell in LEVELS if zoom <= max_zoom)


def _overlapping(cells: list[dict]) -> int:
    """Discs that overlap another by more than a quarter of the smaller one's radius."""
    xy = np.array([[c["x"], c["y"]] for c in cells])
    r = np.array([c["r"] for c in cells])
    gap = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) - (r[:, None] + r[None, :])
    np.fill_diagonal(gap, np.inf)
    return int((gap < -0.25 * np.minimum(r[:, None], r[None, :])).any(axis=1).sum())


def _open(start_app, offline_page, root, query: str):
    app = start_app({"INCIDENT_ATLAS_DATASETS": str(root)})
    browser = offline_page(width=1400, height=1000)
    browser.page.goto(f"{app.url}/?{query}")
    frame = map_frame(browser.page, timeout=90_000)
    frame.wait_for_function("() => document.querySelector('.atlas-cells-legend .atlas-size-key span')")
    return browser, browser.page, frame


def test_national_view_of_60000_is_discs_whose_tooltips_split_by_level(start_app, offline_page, sixty_thousand):
    root, incidents = sixty_thousand
    browser, page, frame = _open(start_app, offline_page, root, "dataset=sixty")
    seen = frame.evaluate(CELLS)
    cells = seen["cells"]

    # Discs, not a carpet: a few dozen to a few hundred, covering little of the map, hardly touching.
    assert 20 <= len(cells) <= 400, len(cells)
    covered = sum(math.pi * c["r"] ** 2 for c in cells) / (seen["width"] * seen["height"])
    assert covered < 0.12, covered
    assert _overlapping(cells) <= 0.05 * len(cells)

    # The legend explains the discs: what a disc counts, what its slices and its ring say, sizes.
    legend = frame.text_content(".atlas-cells-legend")
    styles = disc_style(type_palette(incidents["crime_type"].value_counts()))
    for text in (CELL_HEADING, styles.type_slices, styles.ring_label, "incidents"):
        assert text in legend
    sizes = frame.get_attribute(".atlas-size-key", "aria-label")
    assert re.fullmatch(r"Disc sizes: [\d,]+ and [\d,]+ incidents", sizes), sizes

    # The largest disc that counts one grid cell alone (one whose centre is the mean position of
    # that cell's incidents; others merged neighbours that would overlap), clear of the map's edges.
    cell = _level_at(seen["zoom"])

    def alone(disc: dict) -> bool:
        row, col = math.floor(disc["lat"] / cell), math.floor(disc["lng"] / cell)
        inside = incidents[(np.floor(incidents["lat"] / cell) == row) & (np.floor(incidents["lon"] / cell) == col)]
        return abs(inside["lat"].mean() - disc["lat"]) < 2e-4 and abs(inside["lon"].mean() - disc["lng"]) < 2e-4

    chosen = next(c for c in sorted(cells, key=lambda c: -c["r"]) if 150 < c["y"] < seen["height"] - 150 and alone(c))
    element = page.query_selector("iframe[title='streamlit_folium.st_folium']").bounding_box()
    page.mouse.move(element["x"] + chosen["x"], element["y"] + chosen["y"])
    frame.wait_for_selector(".atlas-cell-tip")
    headline = frame.text_content(".atlas-cell-tip strong")
    total = int(re.match(r"([\d,]+) incidents? in this area", headline).group(1).replace(",", ""))
    by_level, by_type = frame.evaluate(SPLIT)

    row, col = math.floor(chosen["lat"] / cell), math.floor(chosen["lng"] / cell)
    inside = incidents[(np.floor(incidents["lat"] / cell) == row) & (np.floor(incidents["lon"] / cell) == col)]
    expected = inside["attribution"].value_counts()
    assert total == len(inside)
    labels = {level.key: level.label for level in ATTRIBUTION_LEVELS}
    assert [label for label, _ in by_level] == [labels[k] for k in labels if expected.get(k, 0)]
    for label, shown in by_level:
        key = next(k for k, v in labels.items() if v == label)
        count, share = re.match(r"([\d,]+) \((<?\d+)%\)", shown).groups()
        assert int(count.replace(",", "")) == expected[key]
    assert sum(int(re.match(r"[\d,]+", n).group().replace(",", "")) for _, n in by_type) == total

    # Only the levels shown so far have discs made; zoomed in, the finer level's are made and shown.
    before = frame.evaluate(LEVELS_MADE)
    assert before.count(True) == 1 and len(before) > 3, before
    frame.evaluate("() => { window.map.setView([41.88, -87.63], 6, {animate: false}); }")
    frame.wait_for_function(f"() => ({LEVELS_MADE})().filter(Boolean).length === 2")
    assert browser.errors == []


def test_on_a_phone_the_legend_below_the_map_explains_the_discs(start_app, offline_page, sixty_thousand):
    root, incidents = sixty_thousand
    app = start_app({"INCIDENT_ATLAS_DATASETS": str(root)})
    browser = offline_page(width=390, height=844)
    browser.page.goto(f"{app.url}/?dataset=sixty")
    legend = browser.page.locator(".atlas-phone-legend")
    legend.wait_for(state="visible", timeout=90_000)
    styles = disc_style(type_palette(incidents["crime_type"].value_counts()))
    text = legend.text_content()
    assert CELL_HEADING in text and styles.type_slices in text and styles.ring_label in text
    assert browser.errors == []


def test_coloured_by_level_the_slices_are_the_levels(start_app, offline_page, sixty_thousand):
    root, _ = sixty_thousand
    browser, page, frame = _open(start_app, offline_page, root, "dataset=sixty&colour=attribution")
    legend = frame.text_content(".atlas-cells-legend")
    assert disc_style(type_palette({}), "attribution").level_slices in legend
    assert "Dark arc" not in legend
    seen = frame.evaluate(CELLS)
    chosen = max(seen["cells"], key=lambda c: c["r"] if 150 < c["y"] < seen["height"] - 150 else 0)
    element = page.query_selector("iframe[title='streamlit_folium.st_folium']").bounding_box()
    page.mouse.move(element["x"] + chosen["x"], element["y"] + chosen["y"])
    frame.wait_for_selector(".atlas-cell-tip")
    lists = frame.evaluate(SPLIT)
    assert len(lists) == 1 and len(lists[0]) == len(ATTRIBUTION_LEVELS)
    assert browser.errors == []


def test_at_60000_no_national_disc_holds_a_quarter_and_chicago_is_found_as_a_city(
    start_app, offline_page, sixty_thousand
):
    """At every national zoom (the home fit at 1280 px, and zooms 3 and 4, a phone's and an article
    column's) a disc holds at most a quarter of the incidents, unless one state does; a search for
    "Chicago" offers the city, with its count, before anything else."""
    root, incidents = sixty_thousand
    app = start_app({"INCIDENT_ATLAS_DATASETS": str(root)})
    browser = offline_page(width=1280, height=900)
    page = browser.page
    page.goto(f"{app.url}/?dataset=sixty")
    frame = map_frame(page, timeout=90_000)
    frame.wait_for_function("() => document.querySelector('.atlas-cells-legend .atlas-size-key span')")
    largest_state = int(incidents["state"].value_counts().max())
    for zoom in (None, 3, 4):
        if zoom is not None:
            frame.evaluate(f"() => {{ window.map.setZoom({zoom}, {{animate: false}}); }}")
            frame.wait_for_timeout(300)
        cells = frame.evaluate(CELLS)["cells"]
        assert cells and max(c["count"] for c in cells) <= max(0.25 * len(incidents), largest_state)
    box = page.get_by_role("textbox", name="Find a place or incident")
    box.fill("Chicago")
    box.press("Enter")
    options = page.locator("[data-testid='stMain'] [role='radiogroup'] label")
    options.first.wait_for(timeout=30_000)
    label = options.first.text_content()
    assert re.match(r"Chicago, IL \u2014 [\d,]+ incidents", label), label
    assert browser.errors == []
