"""What may leave the newsroom: public incidents only, at no finer a place than allowed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import geopandas as gpd
import pandas as pd

from geo.dataset.dataset import Dataset
from geo.ingest import geocode
from geo.ingest.report import EMPTY_REPORT
from geo.reference import boundaries
from geo.reference.vocab import INCIDENT_MEASURE, INTERNAL_COLUMNS, location_rank, ordered_crime_types
from geo.style.palette import type_palette
from geo.support.membership import among
from geo.support.text import columns_for_readers


def public_incidents(incidents: pd.DataFrame) -> pd.DataFrame:
    """Drop non-public rows and internal columns; move each point no finer than its
    ``public_precision`` (a victim's street becomes the city centre, a city the state centre)."""
    public = incidents.loc[incidents["public"].astype(bool)].drop(
        columns=[c for c in INTERNAL_COLUMNS if c in incidents.columns]
    )
    public = public.copy()
    # Only the few rows published coarser than known need work; the rest pass untouched.
    coarser = public["public_precision"].map(location_rank) > public["location_precision"].map(location_rank)
    for index, row in public.loc[coarser].iterrows():
        lat, lon, precision = _coarser_point(row)
        public.loc[index, ["lat", "lon", "location_precision"]] = [lat, lon, precision]
        if precision == "state":
            public.loc[index, "city"] = ""
    if isinstance(public, gpd.GeoDataFrame):
        public = public.set_geometry(gpd.points_from_xy(public["lon"], public["lat"], crs=public.crs))
    # Nothing that leaves can reorder or hide what it says (``geo.support.text``).
    return columns_for_readers(public)


def _coarser_point(row: pd.Series) -> tuple[float, float, str]:
    """City centre when city precision is allowed and the city is known; otherwise the state centre."""
    if row["public_precision"] == "city" and row["city"] and row["state"]:
        found = geocode.geocode_city(row["city"], row["state"])
        if found:
            return found[0], found[1], "city"
    centre = boundaries.state_centre(row["state"]) if row["state"] else None
    if centre:
        return centre[0], centre[1], "state"
    # No state to fall back on (e.g. outside the U.S.): round to about 10 km rather than leak the spot.
    return round(float(row["lat"]), 1), round(float(row["lon"]), 1), row["public_precision"]


def _present(values) -> list[str]:
    return [value for value in values if isinstance(value, str) and value]


def reader_sources(shown: pd.DataFrame, counts: pd.DataFrame, measure: str, fallback: str) -> tuple[str, ...]:
    """The sources a reader's map rests on: those of the incidents shown and of the measure that
    colours the states, never those of rows that stay in the newsroom."""
    measure_sources = counts.loc[counts["measure"] == measure, "source"] if measure != INCIDENT_MEASURE else []
    # Distinct values first (in order of appearance): a million rows name a handful of sources.
    return tuple(dict.fromkeys(_present([*pd.unique(shown["source_name"]), *measure_sources, fallback])))


def reader_as_of(shown: pd.DataFrame, counts: pd.DataFrame, measure: str) -> str:
    """The latest source date among what is shown (incidents, and the measure's figures)."""
    measure_dates = counts.loc[counts["measure"] == measure, "as_of"] if measure != INCIDENT_MEASURE else []
    dates = _present([*pd.unique(shown["source_date"]), *measure_dates])
    return max(dates) if dates else ""


def public_view(dataset: Dataset) -> Dataset:
    """The dataset as someone outside the newsroom may see it: public rows only, at their public
    precision, no internal notes, and nothing derived from the rest (crime types, sources, dates,
    corrections and the load report, whose rejected rows quote what the newsroom typed)."""
    incidents = public_incidents(dataset.incidents)
    incidents = incidents.assign(internal_notes="") if "internal_notes" in dataset.incidents else incidents
    # The rows public_incidents leaves out are exactly the non-public ones: few, so counted from them.
    private = dataset.incidents.loc[~dataset.incidents["public"].astype(bool), "id"]
    withheld = frozenset(private.astype(str))
    corrections = dataset.corrections
    if not corrections.empty:
        corrections = corrections.loc[~among(corrections["record"], withheld)].reset_index(drop=True)
    return replace(
        dataset,
        incidents=incidents,
        incident_report=EMPTY_REPORT,
        counts_report=EMPTY_REPORT,
        crime_types=tuple(ordered_crime_types(incidents["crime_type"].unique())),
        palette=type_palette(incidents["crime_type"].value_counts()),
        sources=reader_sources(incidents, dataset.counts, INCIDENT_MEASURE, dataset.meta.source),
        as_of=dataset.meta.as_of or _latest([*pd.unique(incidents["source_date"]), *dataset.counts["as_of"]]),
        corrections=corrections,
        public_only=True,
        withheld=withheld,
    )


def _latest(dates: Iterable[object]) -> str:
    known = [d for d in dates if isinstance(d, str) and d]
    return max(known) if known else ""
