"""Incident Atlas: entry point. Loads the data, draws the shared filters (which set the view), runs the page."""

from __future__ import annotations

import logging

import streamlit as st

from geo.support.logs import configure_app
from geo.support.paths import FAVICON
from ui.access import require_sign_in
from ui.assets import app_assets, prefetch_map_assets
from ui.contrast import readable_text
from ui.dataset_cache import available, current_dataset
from ui.sidebar import choose_dataset, sidebar_view
from ui.upload_guard import guard_uploads
from ui.view import release_view

log = logging.getLogger("incident_atlas")

# ?embed=true (Streamlit's own embed mode) is for newsroom-internal embeds: no chrome, filters folded away.
embedded = st.context.is_embedded
st.set_page_config(
    page_title="Incident Atlas",
    page_icon=str(FAVICON),
    layout="wide",
    initial_sidebar_state="collapsed" if embedded else "auto",
)

# Each url_path differs from its file's name on purpose: Streamlit still detects the pages/ folder
# and, on a fresh server, would run a page file whose name matches the URL without this script.
pages = [
    st.Page("pages/map_view.py", title="Map", icon=":material/map:", url_path="map", default=True),
    st.Page("pages/state_view.py", title="State", icon=":material/location_on:", url_path="state"),
    st.Page("pages/data_view.py", title="Data", icon=":material/table:", url_path="data"),
    st.Page("pages/publish_view.py", title="Publish", icon=":material/ios_share:", url_path="publish"),
    st.Page("pages/edit_view.py", title="Edit", icon=":material/edit:", url_path="edit"),
    st.Page("pages/record_view.py", title="Record", icon=":material/history:", url_path="record"),
]
page = st.navigation(pages, position="hidden" if embedded else "sidebar")
# The maps fetch Leaflet and their drawing code from this server (static/), never from a CDN.
app_assets()
prefetch_map_assets()
# Started by ui.serve, the guard is already on; started any other way, it goes on with the first run.
guard_uploads()
readable_text()
configure_app()
staff = require_sign_in()
choose_dataset(*available())
dataset = current_dataset(staff)
sidebar_view(dataset)
try:
    page.run()
except Exception:
    # The traceback goes to the log; the user gets a plain message (showErrorDetails is off).
    log.exception("page %s failed", page.title)
    st.error("Something went wrong while drawing this page. The error has been logged; try resetting the filters.")
finally:
    release_view()
