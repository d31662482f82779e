"""What staff read in the running app, at desktop and phone sizes: titles, empty selections,
contrast, the state picker."""

from __future__ import annotations

import re

import pytest

from tests.support.browser import AppServer

pytestmark = pytest.mark.browser
SIZES = {"desktop": (1400, 900), "phone": (390, 844)}

CONTRAST = """() => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = node => {
    for (let n = node; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length < 4 || c[3] > 0.9) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll('[data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"] p, [data-testid="stMarkdownContainer"] p')]
    .filter(n => n.offsetParent && n.textContent.trim())
    .map(n => {
      const style = getComputedStyle(n), fg = rgb(style.color), alpha = (fg[3] ?? 1) * Number(style.opacity);
      const bg = background(n), mixed = fg.slice(0, 3).map((v, i) => v * alpha + bg[i] * (1 - alpha));
      const [a, b] = [lum(mixed), lum(bg)].sort((x, y) => y - x);
      return [n.textContent.trim().slice(0, 120), (a + 0.05) / (b + 0.05)];
    });
}"""


@pytest.fixture(scope="module")
def app():
    server = AppServer({})
    yield server
    server.stop()


def open_page(offline_page, app, size: str, query: str = ""):
    width, height = SIZES[size]
    browser = offline_page(width=width, height=height)
    browser.page.goto(f"{app.url}/{query}")
    browser.page.get_by_text(re.compile(r"Showing \d+ of \d+ incidents")).first.wait_for(timeout=30_000)
    browser.page.wait_for_selector('[data-testid="stHtml"]', state="attached")
    browser.page.wait_for_timeout(300)
    return browser


@pytest.mark.parametrize("size", SIZES)
def test_text_meets_wcag_aa_contrast_as_rendered(app, offline_page, size):
    browser = open_page(offline_page, app, size)
    ratios = browser.page.evaluate(CONTRAST)
    assert any("Showing" in text for text, _ in ratios)
    low = [(text, round(ratio, 2)) for text, ratio in ratios if ratio < 4.5]
    assert low == []


@pytest.mark.parametrize("size", SIZES)
def test_a_state_view_is_titled_for_the_state_and_an_empty_one_says_unknown(app, offline_page, size, shipped):
    page = open_page(offline_page, app, size, "?state=CO").page
    assert "Colorado" in page.locator("[data-testid='stMain'] h2").first.text_content()
    page = open_page(offline_page, app, size, "?state=TX").page
    page.get_by_text("No incidents in this data for Texas (unknown, not absent).").wait_for()
    assert f"Showing 0 of {len(shipped.incidents)} incidents" in page.text_content("body")


@pytest.mark.parametrize("size", SIZES)
def test_typing_part_of_a_state_and_enter_picks_that_state_only(app, offline_page, size):
    page = open_page(offline_page, app, size).page
    expand = page.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button')
    if size == "phone" and expand.count():
        expand.first.click()
    state_box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').nth(2)
    state_box.locator("input").click()
    page.keyboard.type("Colo")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.location.search.includes('state=')")
    assert re.findall(r"state=(\w+)", page.url) == ["CO"]


@pytest.mark.parametrize("size", SIZES)
def test_the_caption_counts_incidents_dated_inside_a_range_apart(app, offline_page, size, shipped):
    total = len(shipped.incidents)
    page = open_page(offline_page, app, size, "?since=2024-02-01&until=2024-03-31").page
    caption = page.get_by_text(re.compile(rf"Showing \d+ of {total} incidents")).first.text_content()
    inside, overlapping = map(int, re.search(r"(\d+) dated inside the date range, (\d+) known only", caption).groups())
    shown = int(re.search(r"Showing (\d+)", caption)[1])
    assert inside + overlapping == shown and overlapping > 0
    page = open_page(offline_page, app, size, "?since=2024-02-01&until=2024-03-31&dated_only=true").page
    strict = page.get_by_text(re.compile(rf"Showing \d+ of {total} incidents")).first.text_content()
    assert f"Showing {inside} of {total} incidents" in strict


@pytest.mark.parametrize("size", SIZES)
def test_on_a_phone_the_legend_sits_open_below_the_map(app, offline_page, size):
    page = open_page(offline_page, app, size).page
    legend = page.locator(".atlas-phone-legend")
    page.wait_for_selector("iframe[title='streamlit_folium.st_folium']")
    legend.wait_for(state="visible" if size == "phone" else "attached")
    page.wait_for_timeout(500)
    if size == "phone":
        assert legend.is_visible()
        text = legend.text_content()
        assert "How the gang link is established" in text and "Law enforcement says" in text and "Crime type" in text
        # Every mark's picture is drawn (an SVG image without its namespace loads as nothing).
        pictures = page.evaluate(
            "() => [...document.querySelectorAll('.atlas-phone-legend img')].map(i => i.complete && i.naturalWidth)"
        )
        assert len(pictures) >= 7 and all(pictures), pictures
        map_bottom = page.evaluate(
            "() => document.querySelector(\"iframe[title='streamlit_folium.st_folium']\").getBoundingClientRect().bottom"
        )
        assert legend.bounding_box()["y"] >= map_bottom - 1
    else:
        assert not legend.is_visible()


@pytest.mark.parametrize("size", SIZES)
def test_state_page_text_fits_without_sideways_scrolling(app, offline_page, size):
    width, height = SIZES[size]
    browser = offline_page(width=width, height=height)
    page = browser.page
    page.goto(f"{app.url}/state?state=CO")
    page.get_by_text("Showing 8 of 8 incidents in Colorado").wait_for(timeout=30_000)
    page.get_by_text("Aurora").first.wait_for()
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stVerticalBlock"] *')]
          .filter(n => n.scrollWidth > n.clientWidth + 1 && getComputedStyle(n).overflowX !== 'visible'
                  && !n.closest('[data-testid="stDataFrame"], iframe, [data-testid="stVegaLiteChart"]'))
          .map(n => n.className.toString().slice(0, 40))"""
    )
    assert overflowing == []
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
