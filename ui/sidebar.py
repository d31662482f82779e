"""The filters and map settings in the sidebar, kept in the URL so a copied link reopens the same view.

Widget keys are their names, which are also their URL parameters (see ``geo.view.codec``).
Streamlit's ``bind="query-params"`` is not used: it writes the options' display labels into the
URL ("Colorado (CO)"), which would break the links newsrooms already share (``?state=CO``).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from geo.dataset.backend import Listing
from geo.dataset.dataset import Dataset
from geo.dataset.store import SHIPPED
from geo.reference.states import state_name, state_table
from geo.reference.vocab import ATTRIBUTION, ATTRIBUTION_ORDER, crime_type_label
from geo.style.basemaps import BASEMAPS
from geo.style.legend_sections import UNRATED_NOTE
from geo.style.palette import COLOUR_BY, DEFAULT_COLOUR_BY
from geo.view.codec import from_params, to_params
from geo.view.filters import Filters, date_bounds
from geo.view.settings import MapSettings
from geo.view.view import View
from ui.dataset_cache import DATASET_KEY
from ui.markdown import md
from ui.view import set_view

DATES_KEY = "dates"
KEYS = (
    "crime",
    "attribution",
    "state",
    DATES_KEY,
    "dated_only",
    "known",
    "changed_since",
    "measure",
    "basemap",
    "colour",
)
# How often the filters were reset: widgets that hold a selection of their own (the timeline's brush)
# are made anew under a new key, so a stale selection is never applied again.
RESETS_KEY = "filter_resets"
# Filters about links, shown only for data that rates them: elsewhere they would offer only empty choices.
LINK_KEYS = ("attribution", "changed_since", "colour")


@st.cache_resource(show_spinner=False, max_entries=16)
def _measures_of(dataset_key: tuple, _dataset: Dataset) -> list[str]:
    return _dataset.measures()


def _measures(dataset: Dataset) -> list[str]:
    return _measures_of(dataset.key or (id(dataset),), dataset)


@st.cache_resource(show_spinner=False, max_entries=16)
def _counts_of(dataset_key: tuple, column: str, _dataset: Dataset) -> dict[str, int]:
    return {str(k): int(v) for k, v in _dataset.incidents[column].value_counts().items()}


def _counts(dataset: Dataset, column: str) -> dict[str, int]:
    """How many of the dataset's incidents have each value: said in the pickers, largest first."""
    return _counts_of(dataset.key or (id(dataset),), column, dataset)


@st.cache_resource(show_spinner=False, max_entries=16)
def _span_of(dataset_key: tuple, _dataset: Dataset) -> tuple[date, date]:
    return date_bounds(_dataset.incidents)


def data_span(dataset: Dataset) -> tuple[date, date]:
    """The dataset's first and last day, the date filter's limits: once per dataset, not per rerun."""
    return _span_of(dataset.key or (id(dataset),), dataset)


def _widget_values(filters: Filters, settings: MapSettings, dataset: Dataset) -> dict[str, object]:
    low, high = data_span(dataset)
    return {
        "crime": [c for c in filters.crime if c in dataset.crime_types],
        "attribution": [a for a in filters.attribution if a in ATTRIBUTION],
        "state": [s for s in filters.state if s in state_table()],
        DATES_KEY: (max(filters.since or low, low), min(filters.until or high, high)),
        "measure": settings.measure if settings.measure in _measures(dataset) else _measures(dataset)[0],
        "basemap": settings.basemap,
        "colour": settings.colour,
        "dated_only": filters.dated_only,
        "known": filters.known,
        "changed_since": filters.changed_since,
    }


def _reset(dataset: Dataset) -> None:
    st.session_state.update(_widget_values(Filters(), MapSettings(), dataset))
    st.session_state[RESETS_KEY] = st.session_state.get(RESETS_KEY, 0) + 1


# Set when a callback sets a filter. Inside a fragment (the map, the timeline) only the fragment
# would rerun, so it reruns the page; every whole run draws the filters and clears it.
FILTERS_SET_KEY = "filters_set"


def select_state(code: str | None) -> None:
    """For callbacks (a map click, the state page's picker): they run before the widgets exist."""
    if code:
        st.session_state["state"] = [code]
        st.session_state[FILTERS_SET_KEY] = True


def select_dates(first: date, last: date) -> None:
    """For callbacks (a brush across the timeline), as ``select_state``."""
    st.session_state[DATES_KEY] = (first, last)
    st.session_state[FILTERS_SET_KEY] = True


def rerun_if_filters_set() -> None:
    """At the top of a fragment: a filter its callback set applies to the whole page."""
    if st.session_state.pop(FILTERS_SET_KEY, False):
        st.rerun(scope="app")


def clear_filters() -> None:
    """A new dataset starts from a clean view: its crime types and dates are not the old ones."""
    for key in KEYS:
        st.session_state.pop(key, None)
    st.session_state[RESETS_KEY] = st.session_state.get(RESETS_KEY, 0) + 1
    st.query_params.clear()


def choose_dataset(entries: list[Listing], complete: bool = True) -> str:
    """The dataset picker, first in the sidebar; its choice also lives in the URL. ``complete``: the
    list holds every dataset (else the store could not be reached, and has said so)."""
    names = [entry.name for entry in entries]
    titles = {entry.name: entry.title for entry in entries}
    wanted = st.session_state.get(DATASET_KEY) or st.query_params.get(DATASET_KEY, SHIPPED)
    if wanted not in names and complete:
        # A link to a dataset since deleted or renamed, or a mistyped one: say so, never show another silently.
        st.warning(
            md(
                f"There is no dataset named '{wanted}' here (it may have been renamed or deleted), so this shows "
                f"'{titles[SHIPPED]}'. Pick another in the sidebar."
            ),
            icon=":material/help:",
        )
    if wanted not in names:
        wanted = SHIPPED
    st.session_state[DATASET_KEY] = wanted
    with st.sidebar:
        st.selectbox(
            "Dataset",
            names,
            format_func=lambda name: titles[name],
            key=DATASET_KEY,
            on_change=clear_filters,
            disabled=len(names) == 1,
        )
    return st.session_state[DATASET_KEY]


def sidebar_view(dataset: Dataset) -> View:
    """Draw the filters and map settings and set this run's view to what they choose, for the page
    that runs next; the URL is updated to match."""
    st.session_state.pop(FILTERS_SET_KEY, None)
    shown_keys = [key for key in KEYS if dataset.rated or key not in LINK_KEYS]
    if any(key not in st.session_state for key in shown_keys):
        st.session_state.update(_widget_values(*from_params(_url()), dataset))
    low, high = data_span(dataset)
    with st.sidebar:
        st.header("Filters")
        _choice_widgets(dataset)
        _date_widgets(dataset, low, high)
        st.subheader("Map")
        _map_widgets(dataset)
        st.button("Reset filters", on_click=_reset, args=(dataset,), width="stretch")
    filters, settings = _chosen(dataset, low, high)
    params = to_params(filters, settings)
    if st.session_state[DATASET_KEY] != SHIPPED:
        params[DATASET_KEY] = [st.session_state[DATASET_KEY]]
    if _url() != params:
        st.query_params.from_dict(params)
    return set_view(dataset, filters, settings)


def _url() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _choice_widgets(dataset: Dataset) -> None:
    types = _counts(dataset, "crime_type")
    st.multiselect(
        "Crime type",
        sorted(dataset.crime_types, key=lambda key: -types.get(key, 0)),
        format_func=lambda key: f"{crime_type_label(key)} ({types.get(key, 0):,})",
        key="crime",
        placeholder="All crime types",
        # Typing filters by substring and Enter picks the highlighted match, never "select all matches".
        filter_mode="contains",
        select_all=False,
    )
    if dataset.rated:
        st.multiselect(
            "Attribution confidence",
            ATTRIBUTION_ORDER,
            format_func=lambda key: ATTRIBUTION[key].label,
            key="attribution",
            placeholder="All levels",
            help="\n".join(f"- **{ATTRIBUTION[k].label}**: {ATTRIBUTION[k].definition}" for k in ATTRIBUTION_ORDER),
        )
    else:
        st.caption(UNRATED_NOTE)
    states = _counts(dataset, "state")
    st.multiselect(
        "State",
        list(state_table()),
        format_func=lambda code: f"{state_name(code)} ({code}) \u00b7 {states.get(code, 0):,}",
        key="state",
        placeholder="All states",
        filter_mode="contains",
        select_all=False,
    )


def _date_widgets(dataset: Dataset, low: date, high: date) -> None:
    st.date_input(
        "Date range",
        min_value=low,
        max_value=high,
        key=DATES_KEY,
        format="YYYY-MM-DD",
        help="An incident is shown if the period its date stands for (a day, month, season or year) "
        "overlaps the range. Incidents the source dates only as 'reported by' a date are shown "
        "for any range that starts before that date.",
    )
    st.checkbox(
        "Only incidents dated inside the range",
        key="dated_only",
        help="Off: an incident known only to a month, a year or as 'reported by' a date is shown if that "
        "period overlaps the range. On: only incidents whose whole known period lies inside it. The caption "
        "counts both kinds either way.",
    )
    st.date_input(
        "As known on",
        key="known",
        format="YYYY-MM-DD",
        help="Every incident as it stood on this day: at the attribution level it had then (from the "
        "dataset's attribution history), and without those no one had yet linked. Empty: as known now.",
    )
    if st.session_state["known"] and dataset.history.empty:
        st.caption("This dataset has no attribution history: levels are today's; only later incidents drop out.")
    if dataset.rated:
        st.date_input(
            "Changed since",
            key="changed_since",
            format="YYYY-MM-DD",
            help="Only the incidents whose link firmed up, weakened or was first made between this day and the "
            "'As known on' day (today when that is empty), each marked on the map with an arrow for its change; "
            "the list of changes is below the map. Empty: every incident.",
        )
    since, known = st.session_state.get("changed_since"), st.session_state["known"]
    if since and since >= (known or date.today()):
        st.warning("'Changed since' must be before the 'As known on' day: nothing can have changed.")


def _map_widgets(dataset: Dataset) -> None:
    st.selectbox("Colour states by", _measures(dataset), key="measure")
    if dataset.rated:
        st.radio(
            "Colour marks by",
            list(COLOUR_BY),
            format_func=COLOUR_BY.get,
            key="colour",
            horizontal=True,
            help="Each mark's shape always says how firmly its link is established; its colour can say the "
            "crime type or repeat the attribution level. Types beyond the largest eight share one colour, "
            "'Other'.",
        )
    st.radio(
        "Basemap",
        list(BASEMAPS),
        format_func=lambda key: BASEMAPS[key].label,
        key="basemap",
        horizontal=True,
        help="Map tiles come from the internet. Without them, or with 'No basemap', state outlines are the base.",
    )


def _chosen(dataset: Dataset, low: date, high: date) -> tuple[Filters, MapSettings]:
    """The filters and settings the widgets hold; a date range at the data's own ends is no range."""
    chosen = st.session_state[DATES_KEY]
    since = chosen[0] if len(chosen) > 0 else None
    until = chosen[1] if len(chosen) > 1 else None
    filters = Filters(
        crime=tuple(st.session_state["crime"]),
        attribution=tuple(st.session_state.get("attribution", ())) if dataset.rated else (),
        state=tuple(st.session_state["state"]),
        since=since if since and since > low else None,
        until=until if until and until < high else None,
        dated_only=st.session_state["dated_only"],
        known=st.session_state["known"],
        changed_since=st.session_state.get("changed_since") if dataset.rated else None,
    )
    settings = MapSettings(
        measure=st.session_state["measure"],
        basemap=st.session_state["basemap"],
        colour=st.session_state.get("colour", DEFAULT_COLOUR_BY) if dataset.rated else DEFAULT_COLOUR_BY,
    )
    return filters, settings
