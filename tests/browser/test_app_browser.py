"""The running app in headless Chromium, offline: map, markers, popups, state clicks, hostile data."""

from __future__ import annotations

import pytest

from bench.browser import NOTHING_RESOLVES
from tests.support.browser import CHROMIUM_ARGS, chromium_path, map_frame
from tests.support.hostile import HOSTILE, write_hostile_counts, write_hostile_incidents

pytestmark = pytest.mark.browser

MAP_STATE = """() => {
  const map = window.map, markers = [], states = [];
  map.eachLayer(layer => {
    if (layer.options && layer.options.incident !== undefined) markers.push(layer.options.incident);
    else if (layer.feature && layer.feature.properties && layer.feature.properties.state) states.push(layer.feature.properties.state);
  });
  return {markers, states, pwned: window.__pwned || null};
}"""

POINT_OF = """([kind, key]) => {
  const map = window.map;
  let target = null;
  map.eachLayer(layer => {
    if (kind === 'incident' && layer.options && layer.options.incident === key) target = layer;
    if (kind === 'state' && layer.feature && layer.feature.properties && layer.feature.properties.state === key && !layer.options.incident) target = layer;
  });
  const latlng = kind === 'incident' ? target.getLatLng() : target.getBounds().getCenter();
  let point = map.latLngToContainerPoint(latlng);
  if (kind === 'incident') point = point.add(L.point(target.options.offset));
  const box = map.getContainer().getBoundingClientRect();
  return [box.left + point.x, box.top + point.y];
}"""


def click_in_frame(page, frame, x, y):
    element = page.query_selector("iframe[title='streamlit_folium.st_folium']")
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_app_map_draws_offline_and_popups_and_state_clicks_work(start_app, offline_page, shipped):
    server = start_app()
    browser = offline_page()
    page = browser.page
    page.goto(server.url)
    total = len(shipped.incidents)
    page.get_by_text(f"Showing {total} of {total} incidents").wait_for(timeout=30_000)
    frame = map_frame(page)
    state = frame.evaluate(MAP_STATE)
    assert len(state["markers"]) == total
    assert len(state["states"]) == 56  # the outlines are the base even though tiles are blocked
    assert any("arcgisonline" in url for url in browser.outside)  # tiles were tried and failed
    assert not any("leaflet" in url for url in browser.outside)
    assert browser.cdn == []  # Leaflet came from the app's own server

    # The map starts above the fold at 1280 x 900.
    assert page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()["y"] < 900
    x, y = frame.evaluate(POINT_OF, ["incident", "georgia-laken-riley-homicide"])
    click_in_frame(page, frame, x, y)
    popup = frame.wait_for_selector(".leaflet-popup-content", timeout=5_000)
    text = popup.text_content()
    assert "Killing of Laken Riley" in text and "Claimed" in text and "Politicians, Media" in text
    frame.click(".leaflet-popup-close-button")

    frame.evaluate("() => { window.map.__mounted = 'first'; }")
    x, y = frame.evaluate(POINT_OF, ["state", "TX"])
    click_in_frame(page, frame, x, y)
    page.get_by_text(f"Showing 0 of {total} incidents").wait_for(timeout=15_000)
    assert "state=TX" in page.url
    # The filter change repainted the layers on the same Leaflet map: no remount.
    frame.wait_for_function(
        "() => Object.values(window.map._layers).filter(l => l.options && l.options.incident !== undefined).length === 0"
    )
    assert frame.evaluate("() => window.map.__mounted") == "first"
    assert browser.errors == [] and browser.dialogs == []


def test_hostile_data_stays_text_in_the_app(start_app, offline_page, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-app")
    server = start_app(
        {
            "INCIDENT_ATLAS_INCIDENTS": str(write_hostile_incidents(folder / "incidents.csv")),
            "INCIDENT_ATLAS_COUNTS": str(write_hostile_counts(folder / "counts.csv")),
        }
    )
    browser = offline_page()
    page = browser.page
    page.goto(server.url)
    frame = map_frame(page)
    markers = frame.evaluate(MAP_STATE)["markers"]
    assert len(markers) == len(HOSTILE)
    # A real click on one marker, then every popup and tooltip through Leaflet.
    x, y = frame.evaluate(POINT_OF, ["incident", markers[0]])
    click_in_frame(page, frame, x, y)
    frame.wait_for_selector(".leaflet-popup-content")
    shown = frame.evaluate(
        """() => {
          const texts = [], injected = 'img, script, iframe, object, [onerror], [onload], [onclick]';
          let elements = 0;
          window.map.eachLayer(layer => {
            if (layer.options && layer.options.incident !== undefined) {
              layer.open();
              const popup = layer.getPopup().getElement();
              texts.push(popup.textContent); elements += popup.querySelectorAll(injected).length;
              layer.fire('mouseover', {latlng: layer.getLatLng()}, true);
              const tip = layer.getTooltip().getElement();
              texts.push(tip.textContent); elements += tip.querySelectorAll(injected).length;
              layer.closeTooltip();
            }
          });
          window.map.closePopup();
          elements += document.querySelectorAll('.atlas-legend ' + injected.split(', ').join(', .atlas-legend ')).length;
          elements += document.querySelectorAll('[onerror], [onload]').length;
          return {texts, elements};
        }"""
    )
    page.wait_for_timeout(500)
    assert shown["elements"] == 0
    joined = "\n".join(shown["texts"])
    for text in HOSTILE[:9]:
        assert text in joined  # shown literally, as text
    assert (
        frame.evaluate("() => [...document.querySelectorAll('a')].filter(a => a.href.startsWith('javascript')).length")
        == 0
    )
    assert frame.evaluate("() => window.__pwned || null") is None
    assert page.evaluate("() => window.__pwned || null") is None
    assert browser.dialogs == []
    assert browser.errors == []
    # The legend shows the hostile crime type and measure names as text.
    legend = frame.text_content(".atlas-legend")
    assert "hostile<b>type</b>" in legend.lower() or "Hostile<b>type</b>" in legend


def test_embed_mode_keeps_the_view_from_the_url(start_app, offline_page, shipped):
    server = start_app()
    browser = offline_page()
    page = browser.page
    page.goto(f"{server.url}/?embed=true&state=CO&attribution=law_enforcement")
    in_view = shipped.incidents[
        (shipped.incidents["state"] == "CO") & (shipped.incidents["attribution"] == "law_enforcement")
    ]
    page.get_by_text(f"Showing {len(in_view)} of {len(shipped.incidents)} incidents").wait_for(timeout=30_000)
    frame = map_frame(page)
    assert len(frame.evaluate(MAP_STATE)["markers"]) == len(in_view)
    assert "embed=true" in page.url and "state=CO" in page.url
    # No navigation menu in embed mode: the embed shows one view.
    assert page.get_by_role("link", name="Publish").count() == 0
    assert browser.errors == []


def test_a_found_place_is_ringed_and_whole_map_goes_back(start_app, offline_page):
    server = start_app()
    browser = offline_page()
    page = browser.page
    page.goto(server.url)
    frame = map_frame(page)
    home = frame.evaluate("() => window.map.getZoom()")
    box = page.get_by_role("textbox", name="Find a place or incident")
    box.fill("Aurora")
    box.press("Enter")
    # The city comes first, is chosen, flown to and ringed with its name and count.
    frame.wait_for_selector(".atlas-found", timeout=15_000)
    assert frame.text_content(".atlas-found").startswith("Aurora, CO \u2014 ")
    frame.wait_for_function(f"() => window.map.getZoom() > {home}")
    frame.get_by_role("button", name="Whole map").click()
    frame.wait_for_function(f"() => Math.abs(window.map.getZoom() - {home}) < 0.01")
    frame.wait_for_selector(".atlas-found", state="detached")  # after a 200 ms fade
    assert browser.errors == []


def test_a_large_views_clicked_incident_gets_its_full_record_in_its_popup(start_app, offline_page, tmp_path_factory):
    """Above the popup-text limit the page carries no records: the app sends the clicked one's."""
    import pandas as pd

    from bench.synthetic import synthetic_incidents
    from geo.map.payload import DETAIL_LIMIT

    path = tmp_path_factory.mktemp("large-view") / "incidents.csv"
    incidents = synthetic_incidents(DETAIL_LIMIT + 200)
    incidents.to_csv(path, index=False)
    server = start_app({"INCIDENT_ATLAS_INCIDENTS": str(path)})
    browser = offline_page()
    page = browser.page
    page.goto(server.url)
    frame = map_frame(page)
    inside = """() => {
      let found = null;
      window.map.eachLayer(layer => {
        if (found === null && layer.options && layer.options.incident !== undefined
            && window.map.getBounds().pad(-0.2).contains(layer.getLatLng())) found = layer.options.incident;
      });
      return found;
    }"""
    x, y = frame.evaluate(POINT_OF, ["incident", frame.evaluate(inside)])
    frame.evaluate(REPORTS_SPY)
    click_in_frame(page, frame, x, y)
    frame.wait_for_selector(".leaflet-popup-content")
    frame.wait_for_function("() => !document.querySelector('.leaflet-popup-content').textContent.includes('Fetching')")
    title = frame.text_content(".leaflet-popup-content h3")
    assert title in set(pd.read_csv(path)["title"])
    assert "Source:" in frame.text_content(".leaflet-popup-content")
    # The click reached the app once, while the click itself was handled: not after streamlit-folium's
    # quarter-second wait, and not a second time when that wait ended.
    page.wait_for_timeout(600)
    assert frame.evaluate("() => window.atlasReports") == [True]
    assert browser.errors == []


# Records each value the map's frame sends the app, and whether it went while a click was handled.
REPORTS_SPY = """() => {
  window.atlasReports = [];
  const send = window.parent.postMessage.bind(window.parent);
  window.parent.postMessage = (message, origin) => {
    if (message && message.type === "streamlit:setComponentValue") window.atlasReports.push(window.atlasInClick === true);
    return send(message, origin);
  };
  document.addEventListener("click", () => {
    window.atlasInClick = true;
    setTimeout(() => { window.atlasInClick = false; }, 0);
  }, true);
}"""


FROM_CACHE = """() => Object.fromEntries(performance.getEntriesByType('resource')
  .filter(entry => /leaflet\\.js|atlas\\.js|outlines\\.js/.test(entry.name))
  .map(entry => [entry.name.split('/').pop().split('?')[0], entry.transferSize === 0 && entry.decodedBodySize > 0]))"""


def test_a_first_visit_fetches_the_maps_code_while_the_server_builds_the_map(start_app, browser):
    """In a browser that has never seen the app, the map's frame finds Leaflet and the map's code in
    its cache: the page asked for them before the map's message came."""
    server = start_app()
    # A browser of its own, offline by its resolver: the other tests' routing turns the cache off.
    fresh = browser.browser_type.launch(executable_path=chromium_path(), args=[*CHROMIUM_ARGS, NOTHING_RESOLVES])
    try:
        page = fresh.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.goto(server.url)
        frame = map_frame(page)
        assert frame.evaluate(FROM_CACHE) == {"leaflet.js": True, "atlas.js": True, "outlines.js": True}
        # The hint's element is not laid out: it takes no room above the title.
        assert (
            page.evaluate(
                "() => getComputedStyle(document.querySelector('#atlas-prefetch')"
                ".closest('[data-testid=stElementContainer]')).display"
            )
            == "none"
        )
    finally:
        fresh.close()
