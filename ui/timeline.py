"""The map page's timeline: incidents per month or week stacked by attribution level; dragging
across bars sets the date filter (the sidebar's date range, and so the URL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pyarrow
import streamlit as st

from geo.dataset.dataset import Dataset
from geo.view.aggregate import level_timeline, whole_bars
from geo.view.filters import Filters
from ui.charts import BRUSH, level_timeline_spec, timeline_bars
from ui.sidebar import RESETS_KEY, data_span, rerun_if_filters_set, select_dates
from ui.view import VIEW_HASHES, shared_view

KEY = "timeline"
PER_KEY = "timeline_per"
PER = {"month": "Per month", "week": "Per week"}
# A dataset spanning less than this is drawn by week at first: a few monthly bars say little.
WEEKS_UP_TO = timedelta(days=183)


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=VIEW_HASHES)
def _counts(dataset_key: tuple, filters: Filters, per: str, _dataset: Dataset) -> tuple[pd.DataFrame, int]:
    """Once per (dataset, filters) for every session, of the view's own incidents: as known on a
    day, with the levels of then; in a view of changes, the changed ones."""
    return level_timeline(shared_view(_dataset, filters).incidents, per)


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=VIEW_HASHES)
def _chart(
    dataset_key: tuple, filters: Filters, per: str, chosen: tuple[date, date] | None, _dataset: Dataset
) -> tuple[dict, pyarrow.Table, int]:
    """The chart's spec and bars, shared too (Streamlit only reads them)."""
    table, left_out = _counts(dataset_key, filters, per, _dataset)
    return level_timeline_spec(table, per, chosen, _dataset.rated), timeline_bars(table), left_out


def _day(milliseconds: float) -> date:
    return datetime.fromtimestamp(milliseconds / 1000, tz=UTC).date()


def _chart_key() -> str:
    """The chart's key, new after every reset of the filters: its old brush is gone with it."""
    return f"{KEY}-{st.session_state.get(RESETS_KEY, 0)}"


def _brushed(dataset: Dataset, per: str) -> None:
    """The dragged range becomes the date filter, widened to whole bars and kept in the data's span."""
    selection = st.session_state[_chart_key()].selection.get(BRUSH) or {}
    span = next(iter(selection.values()), None)
    if not span:
        return
    low, high = data_span(dataset)
    first, last = whole_bars(_day(min(span)), _day(max(span)), per)
    select_dates(max(first, low), min(last, high))


@st.fragment
def timeline(dataset: Dataset, filters: Filters) -> None:
    """Every filter but the dates applies, so the whole span stays in view to drag across. Its own
    fragment: choosing months or weeks redraws only it; a brush sets the dates, and the page reruns."""
    rerun_if_filters_set()
    undated = filters.only(since=None, until=None, dated_only=False)
    low, high = data_span(dataset)
    if PER_KEY not in st.session_state:
        st.session_state[PER_KEY] = "week" if high - low <= WEEKS_UP_TO else "month"
    per = st.session_state[PER_KEY] or "month"
    chosen = (filters.since or low, filters.until or high) if filters.since or filters.until else None
    spec, bars, left_out = _chart(dataset.key or (id(dataset),), undated, per, chosen, dataset)
    st.vega_lite_chart(bars, spec=spec, width="stretch", on_select=lambda: _brushed(dataset, per), key=_chart_key())
    note, words = st.columns([7, 3], vertical_alignment="center")
    words.segmented_control(
        "Bars", list(PER), format_func=PER.get, key=PER_KEY, label_visibility="collapsed", width="content"
    )
    bars = "weeks" if per == "week" else "months"
    text = f"Drag across {bars} to show only them."
    if left_out:
        vaguer = "a month, " if per == "week" else ""
        noun = "incident" if left_out == 1 else "incidents"
        text += f" Not in the timeline: {left_out:,} {noun} known only to {vaguer}a season, a year"
        text += " or as 'reported by' a date."
    note.caption(text)
