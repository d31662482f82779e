"""The app as an ASGI application (Streamlit's ``st.App``), with the middleware that reads a page's
dataset while the browser starts the page (``ui.early_load``). ``python -m ui.serve`` runs it."""

import streamlit as st
from starlette.middleware import Middleware

from geo.support.logs import configure_app
from geo.support.paths import ROOT
from ui.early_load import EarlyLoad

configure_app()  # before the first request, which may log before any page has run
app = st.App(ROOT / "app.py", middleware=[Middleware(EarlyLoad)])
