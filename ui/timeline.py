"""The map page's timeline: incidents per month stacked by attribution level; dragging across
months sets the date filter (the sidebar's date range, and so the URL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import streamlit as st

from geo.aggregate import level_timeline
from geo.datasets import Dataset
from geo.filters import Filters, apply_filters, date_bounds
from geo.history import as_known_on
from ui.charts import BRUSH, level_timeline_chart
from ui.sidebar import DATES_KEY

KEY = "timeline"


@st.cache_data(show_spinner=False, max_entries=32)
def _counts(
    dataset_key: tuple, filters: Filters, _incidents: pd.DataFrame, _history: pd.DataFrame
) -> tuple[pd.DataFrame, int]:
    """Once per (dataset, filters) for every session; as known on a day, with the levels of then."""
    incidents = as_known_on(_incidents, _history, filters.known)[0] if filters.known else _incidents
    return level_timeline(apply_filters(incidents, filters))


def _day(milliseconds: float) -> date:
    return datetime.fromtimestamp(milliseconds / 1000, tz=UTC).date()


def _brushed(dataset: Dataset) -> None:
    """The dragged range becomes the date filter, widened to whole months and kept in the data's span."""
    selection = st.session_state[KEY].selection.get(BRUSH) or {}
    span = next(iter(selection.values()), None)
    if not span:
        return
    low, high = date_bounds(dataset.incidents)
    start, end = _day(min(span)), _day(max(span))
    first = start.replace(day=1)
    last = (end.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    st.session_state[DATES_KEY] = (max(first, low), min(last, high))


def timeline(dataset: Dataset, filters: Filters) -> None:
    """Every filter but the dates applies, so the whole span stays in view to drag across."""
    undated = filters.only(since=None, until=None, dated_only=False)
    table, left_out = _counts(dataset.key or (id(dataset),), undated, dataset.incidents, dataset.history)
    st.altair_chart(level_timeline_chart(table), width="stretch", on_select=lambda: _brushed(dataset), key=KEY)
    note = "Drag across months to show only them."
    if left_out:
        note += (
            f" Not in the timeline: {left_out:,} incidents known only to a season, a year or as 'reported by' a date."
        )
    st.caption(note)
