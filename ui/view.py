"""The view of this run, set by the sidebar from what its filters choose and read by the page that runs next."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date

import pyarrow
import streamlit as st

from geo.dataset.dataset import Dataset
from geo.view.filters import Filters
from geo.view.settings import MapSettings
from geo.view.view import View, deciding, view_of

# For the caches keyed by a view: Streamlit hashes a dataclass field by field through a deep copy
# (a third of a millisecond for a Filters, several times a rerun); its repr names every field's
# value, and hashes in a tenth of the time. A day by its ISO date likewise.
VIEW_HASHES = {Filters: repr, MapSettings: repr, date: date.isoformat}

VIEW_KEY = "_view"
SETTINGS_KEY = "_map_settings"
# Filtered views kept for every session, by the memory their rows take: a view of every row is the
# dataset itself and costs nothing; a filtered third of a million incidents costs about 130 MB.
VIEW_BUDGET_BYTES = 256 * 2**20


class SharedViews:
    """Views shared by every session, most recently used kept first, within a memory budget: a
    count of entries (``st.cache_resource``'s bound) could hold dozens of copies of a large dataset."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._views: OrderedDict[tuple, tuple[View, int]] = OrderedDict()
        self._lock = threading.Lock()
        # One view is built at a time: ten sessions asking for ten new filters of a million rows
        # at once would otherwise hold ten half-built copies together.
        self._building = threading.Lock()

    def _cached(self, key: tuple) -> View | None:
        with self._lock:
            if key in self._views:
                self._views.move_to_end(key)
                return self._views[key][0]
        return None

    def get(self, key: tuple, build: Callable[[], View]) -> View:
        cached = self._cached(key)
        if cached is not None:
            return cached
        with self._building:
            cached = self._cached(key)
            if cached is not None:
                return cached
            view = build()
            # Arrow keeps freed buffers for reuse; what the copy left behind goes back to the system.
            pyarrow.default_memory_pool().release_unused()
            self._keep(key, view)
        return view

    def _keep(self, key: tuple, view: View) -> None:
        size = 0 if view.incidents is view.dataset.incidents else int(view.incidents.memory_usage(deep=True).sum())
        with self._lock:
            self._views[key] = (view, size)
            held = sum(size for _, size in self._views.values())
            # The least recently used copies go first; views of every row cost nothing and stay.
            for old in [k for k, (_, size) in self._views.items() if size and k != key]:
                if held <= self.budget:
                    break
                held -= self._views.pop(old)[1]


# One for the server's every session (a plain object: a cached function's call costs Streamlit a
# look at its signature, and this one is asked for several times a rerun).
_SHARED_VIEWS = SharedViews(VIEW_BUDGET_BYTES)


def shared_view(dataset: Dataset, filters: Filters) -> View:
    """The view under these filters, built once for every session. As known on a day, or changed
    since one, the view under those alone is kept too, and other filter changes only narrow it."""
    shared, name = _SHARED_VIEWS, dataset.key or (id(dataset),)
    base = None
    if deciding(filters) != Filters():
        base = shared.get((name, deciding(filters)), lambda: view_of(dataset, deciding(filters)))
    return shared.get((name, filters), lambda: view_of(dataset, filters, base))


def set_view(dataset: Dataset, filters: Filters, settings: MapSettings) -> View:
    """This run's view and how its maps draw it, for the page that runs next."""
    view = shared_view(dataset, filters)
    st.session_state[VIEW_KEY] = view
    st.session_state[SETTINGS_KEY] = settings
    return view


def release_view() -> None:
    """After the page has run: an idle session must not hold its filtered copy of the incidents
    (ten sessions on ten filters of a million rows held 2 GB between reruns)."""
    st.session_state.pop(VIEW_KEY, None)


def current_view() -> View:
    """Pages run after ``app.py`` has set the view for this run."""
    return st.session_state[VIEW_KEY]


def current_settings() -> MapSettings:
    return st.session_state[SETTINGS_KEY]
