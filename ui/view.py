"""The view of this run, built once by ``app.py`` after the sidebar and read by the page it runs."""

from __future__ import annotations

import streamlit as st

from geo.datasets import Dataset
from geo.filters import Filters, View, view_of

VIEW_KEY = "_view"


@st.cache_resource(show_spinner=False, max_entries=64)
def _shared_view(dataset_key: tuple, filters: Filters, _dataset: Dataset) -> View:
    """Filtered once per (dataset, filters) for every session: views are immutable, and many people
    look at the same one."""
    return view_of(_dataset, filters)


def set_view(dataset: Dataset, filters: Filters) -> View:
    view = _shared_view(dataset.key or (id(dataset),), filters, dataset)
    st.session_state[VIEW_KEY] = view
    return view


def current_view() -> View:
    """Pages run after ``app.py`` has set the view for this run."""
    return st.session_state[VIEW_KEY]
