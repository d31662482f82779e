"""What may leave the newsroom: public incidents only, at no finer a place than allowed."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo import boundaries
from geo.ingest import geocode
from geo.text import columns_for_readers
from geo.vocab import INCIDENT_MEASURE, INTERNAL_COLUMNS, location_rank


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
    # Nothing that leaves can reorder or hide what it says (``geo.text``).
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
    return tuple(dict.fromkeys(_present([*shown["source_name"], *measure_sources, fallback])))


def reader_as_of(shown: pd.DataFrame, counts: pd.DataFrame, measure: str) -> str:
    """The latest source date among what is shown (incidents, and the measure's figures)."""
    measure_dates = counts.loc[counts["measure"] == measure, "as_of"] if measure != INCIDENT_MEASURE else []
    dates = _present([*shown["source_date"], *measure_dates])
    return max(dates) if dates else ""
