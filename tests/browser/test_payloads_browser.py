"""The payload set (tests/support/hostile.py) in every text field, column name and the dataset's own
metadata, on the Data, Map and State pages: nothing runs, nothing is fetched from outside, and no
link is made from the data."""

from __future__ import annotations

import csv

import pytest
import tomli_w

from geo.dataset.dataset import metadata_path
from geo.style.basemaps import BASEMAPS
from tests.support.hostile import BEACON, PAYLOADS

pytestmark = pytest.mark.browser

COLUMNS = ["id", "title", "date", "city", "state", "lat", "lon", "crime_type", "attribution", "attributed_by"]
COLUMNS += ["summary", "source_name", "source_url", "internal_notes"]
TILE_HOSTS = tuple(b.host for b in BASEMAPS.values() if b.host)
EVERY_FRAME = """() => ({
  pwned: window.__pwned || null,
  links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  media: [...document.querySelectorAll('img[src], iframe[src], object[data], embed[src], video, audio')]
    .map(e => e.src || e.data || e.tagName),
})"""


def write_payload_dataset(folder) -> str:
    path = folder / "incidents.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*COLUMNS, PAYLOADS[len(PAYLOADS) // 2]])  # a column named by a payload
        for number, text in enumerate(PAYLOADS):
            # Every fifth row has an attribution outside the vocabulary: the load report quotes it.
            attribution = text if number % 5 == 4 else "reported"
            crime = text if number % 3 == 0 else "theft"
            lat, lon = 39.0 + (number % 10) * 0.05, -105.0 + (number // 10) * 0.1
            row = [f"p{number}", text, "2024-06-01", text, "CO", lat, lon, crime, attribution, text, text, text]
            writer.writerow([*row, "https://example.org/source", text, text])
    metadata_path(path).write_text(
        tomli_w.dumps(
            {"title": PAYLOADS[2], "subtitle": PAYLOADS[45], "subject": PAYLOADS[13], "source": PAYLOADS[14]}
        ),
        encoding="utf-8",
    )
    return str(path)


@pytest.fixture(scope="module")
def payload_app(start_app, tmp_path_factory):
    return start_app({"INCIDENT_ATLAS_INCIDENTS": write_payload_dataset(tmp_path_factory.mktemp("payloads"))})


@pytest.mark.parametrize(
    ("path", "ready"),
    [("/data", "Load report"), ("/", "Showing"), ("/state?state=CO", "Showing")],
)
def test_no_payload_runs_fetches_or_links_on_any_page(payload_app, offline_page, path, ready):
    browser = offline_page()
    page = browser.page
    page.goto(f"{payload_app.url}{path}")
    page.get_by_text(ready).first.wait_for(timeout=30_000)
    page.wait_for_timeout(2_500)  # let every frame, table and map draw
    found = [frame.evaluate(EVERY_FRAME) for frame in page.frames if not frame.is_detached()]
    assert [f["pwned"] for f in found if f["pwned"]] == []
    assert browser.dialogs == []
    assert [link for f in found for link in f["links"] if BEACON in link or link.startswith("javascript")] == []
    assert [media for f in found for media in f["media"] if BEACON in str(media)] == []
    assert [url for url in browser.outside if not url.startswith(TILE_HOSTS)] == []
    assert len(PAYLOADS) >= 53
