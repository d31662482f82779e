"""Incident Atlas: entry point. Loads the data, draws the shared filters, runs the chosen page."""

from __future__ import annotations

import logging

import streamlit as st

from ui.data import current_dataset
from ui.sidebar import sidebar_filters

log = logging.getLogger("incident_atlas")

st.set_page_config(page_title="Incident Atlas", page_icon=":material/map:", layout="wide")

pages = [
    st.Page("pages/map.py", title="Map", icon=":material/map:", default=True),
    st.Page("pages/state.py", title="State", icon=":material/location_on:", url_path="state"),
    st.Page("pages/data.py", title="Data", icon=":material/table:", url_path="data"),
]
page = st.navigation(pages)
dataset = current_dataset()
sidebar_filters(dataset)
try:
    page.run()
except Exception:
    # The traceback goes to the log; the user gets a plain message (showErrorDetails is off).
    log.exception("page %s failed", page.title)
    st.error("Something went wrong while drawing this page. The error has been logged; try resetting the filters.")
