"""The view of this run, built once by ``app.py`` after the sidebar and read by the page it runs."""

from __future__ import annotations

import streamlit as st

from geo.datasets import Dataset
from geo.filters import Filters, View, view_of

VIEW_KEY = "_view"


def set_view(dataset: Dataset, filters: Filters) -> View:
    view = view_of(dataset, filters)
    st.session_state[VIEW_KEY] = view
    return view


def current_view() -> View:
    """Pages run after ``app.py`` has set the view for this run."""
    return st.session_state[VIEW_KEY]
