"""The filters in the sidebar, kept in the URL so a copied link reopens the same view."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from geo.choropleth import measures
from geo.dataset import Dataset
from geo.datasets import SHIPPED, DatasetEntry
from geo.dates import OPEN_START
from geo.filters import BASEMAPS, Filters
from geo.map_layers import BASEMAP_LABELS
from geo.states import state_name, state_table
from geo.vocab import ATTRIBUTION, ATTRIBUTION_ORDER, INCIDENT_MEASURE, crime_type_label
from ui.data import DATASET_KEY

KEYS = ("f_crime", "f_attribution", "f_states", "f_dates", "f_measure", "f_basemap")
VIEW_KEY = "view"


def date_bounds(dataset: Dataset) -> tuple[date, date]:
    """First and last day any incident's period touches (open-ended starts aside)."""
    incidents = dataset.incidents
    starts = incidents.loc[incidents["date_start"] > str(OPEN_START), "date_start"]
    ends = incidents["date_end"] - timedelta(days=1)
    if incidents.empty:
        today = date.today()
        return today, today
    first = (starts.min() if not starts.empty else ends.min()).date()
    return min(first, ends.min().date()), ends.max().date()


def _widget_values(filters: Filters, dataset: Dataset) -> dict[str, object]:
    low, high = date_bounds(dataset)
    measure_options = measures(dataset.counts)
    return {
        "f_crime": [c for c in filters.crime_types if c in dataset.crime_types],
        "f_attribution": [a for a in filters.attribution if a in ATTRIBUTION],
        "f_states": [s for s in filters.states if s in state_table()],
        "f_dates": (max(filters.since or low, low), min(filters.until or high, high)),
        "f_measure": filters.measure if filters.measure in measure_options else INCIDENT_MEASURE,
        "f_basemap": filters.basemap,
    }


def _reset(dataset: Dataset) -> None:
    st.session_state.update(_widget_values(Filters(), dataset))


def select_state(code: str | None) -> None:
    """For callbacks (a map click, the state page's picker): they run before the widgets exist."""
    if code:
        st.session_state["f_states"] = [code]


def _switch_dataset() -> None:
    """A new dataset starts from a clean view: its crime types and dates are not the old ones."""
    for key in KEYS:
        st.session_state.pop(key, None)
    st.query_params.clear()


def choose_dataset(entries: list[DatasetEntry]) -> str:
    """The dataset picker, first in the sidebar; its choice also lives in the URL."""
    names = [entry.name for entry in entries]
    if DATASET_KEY not in st.session_state:
        wanted = st.query_params.get("dataset", SHIPPED)
        st.session_state[DATASET_KEY] = wanted if wanted in names else SHIPPED
    elif st.session_state[DATASET_KEY] not in names:
        st.session_state[DATASET_KEY] = SHIPPED
    titles = {entry.name: entry.title for entry in entries}
    with st.sidebar:
        st.selectbox(
            "Dataset",
            names,
            format_func=lambda name: titles[name],
            key=DATASET_KEY,
            on_change=_switch_dataset,
            disabled=len(names) == 1,
        )
    return st.session_state[DATASET_KEY]


def sidebar_filters(dataset: Dataset) -> Filters:
    if any(key not in st.session_state for key in KEYS):
        url = Filters.from_query_params({k: st.query_params.get_all(k) for k in st.query_params})
        st.session_state.update(_widget_values(url, dataset))
    low, high = date_bounds(dataset)
    with st.sidebar:
        st.header("Filters")
        st.multiselect(
            "Crime type",
            list(dataset.crime_types),
            format_func=crime_type_label,
            key="f_crime",
            placeholder="All crime types",
        )
        st.multiselect(
            "Attribution confidence",
            ATTRIBUTION_ORDER,
            format_func=lambda key: ATTRIBUTION[key].label,
            key="f_attribution",
            placeholder="All levels",
            help="\n".join(f"- **{ATTRIBUTION[k].label}**: {ATTRIBUTION[k].definition}" for k in ATTRIBUTION_ORDER),
        )
        st.multiselect(
            "State",
            list(state_table()),
            format_func=lambda code: f"{state_name(code)} ({code})",
            key="f_states",
            placeholder="All states",
        )
        st.date_input(
            "Date range",
            min_value=low,
            max_value=high,
            key="f_dates",
            format="YYYY-MM-DD",
            help="An incident is shown if the period its date stands for (a day, month, season or year) "
            "overlaps the range. Incidents the source dates only as 'reported by' a date are shown "
            "for any range that starts before that date.",
        )
        st.subheader("Map")
        st.selectbox("Colour states by", measures(dataset.counts), key="f_measure")
        st.radio(
            "Basemap",
            BASEMAPS,
            format_func=BASEMAP_LABELS.get,
            key="f_basemap",
            horizontal=True,
            help="Map tiles come from the internet. Without them, or with 'No basemap', state outlines are the base.",
        )
        st.button("Reset filters", on_click=_reset, args=(dataset,), width="stretch")

    chosen = st.session_state["f_dates"]
    since = chosen[0] if len(chosen) > 0 else None
    until = chosen[1] if len(chosen) > 1 else None
    filters = Filters(
        crime_types=tuple(st.session_state["f_crime"]),
        attribution=tuple(st.session_state["f_attribution"]),
        states=tuple(st.session_state["f_states"]),
        since=since if since and since > low else None,
        until=until if until and until < high else None,
        measure=st.session_state["f_measure"],
        basemap=st.session_state["f_basemap"],
    )
    params = filters.to_query_params()
    if st.session_state[DATASET_KEY] != SHIPPED:
        params["dataset"] = [st.session_state[DATASET_KEY]]
    if {k: st.query_params.get_all(k) for k in st.query_params} != params:
        st.query_params.from_dict(params)
    st.session_state[VIEW_KEY] = filters
    return filters


def current_filters() -> Filters:
    """The view the sidebar settled on in this run (pages run after the sidebar)."""
    return st.session_state.get(VIEW_KEY, Filters())
