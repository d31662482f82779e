"""Summaries of the incidents in view: by attribution level and a monthly timeline."""

from __future__ import annotations

import pandas as pd

from geo.style import ATTRIBUTION_COLOURS, TypePalette
from geo.vocab import ATTRIBUTION, ATTRIBUTION_LEVELS, crime_type_label

# Only periods of a month or less can be placed on a monthly timeline without inventing precision.
TIMELINE_PRECISIONS = ("day", "month")


def by_attribution(incidents: pd.DataFrame) -> pd.DataFrame:
    """Counts per attribution level in the vocabulary's order, zeros included."""
    counts = incidents["attribution"].value_counts()
    return pd.DataFrame(
        {
            "Attribution": [level.label for level in ATTRIBUTION_LEVELS],
            "Incidents": [int(counts.get(level.key, 0)) for level in ATTRIBUTION_LEVELS],
        }
    )


def _per_month(incidents: pd.DataFrame, column: str) -> tuple[pd.DataFrame | None, int]:
    """Incidents per (month, ``column``) for those dated to a month or a day (None if there are
    none), and how many were left out for lack of a month."""
    # Only the two columns counted are taken: a million rows are never copied whole.
    dated = incidents.loc[incidents["date_precision"].isin(TIMELINE_PRECISIONS), ["date_start", column]]
    if dated.empty:
        return None, len(incidents)
    table = (
        dated.assign(month=dated["date_start"].dt.to_period("M").dt.to_timestamp())
        .groupby(["month", column], observed=True)
        .size()
        .rename("incidents")
        .reset_index()
    )
    return table, len(incidents) - len(dated)


def level_timeline(incidents: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Incidents per month and attribution level, in the vocabulary's order (the map page's
    timeline), and how many were left out for lack of a month."""
    columns = ["month", "attribution", "label", "colour", "order", "incidents"]
    table, left_out = _per_month(incidents, "attribution")
    if table is None:
        return pd.DataFrame(columns=columns), left_out
    order = {level.key: i for i, level in enumerate(ATTRIBUTION_LEVELS)}
    table["label"] = table["attribution"].map(lambda key: ATTRIBUTION[key].label)
    table["colour"] = table["attribution"].map(ATTRIBUTION_COLOURS)
    table["order"] = table["attribution"].map(order)
    return table[columns], left_out


def monthly_timeline(incidents: pd.DataFrame, palette: TypePalette) -> tuple[pd.DataFrame, int]:
    """Incidents per month and crime type (types the palette groups as "Other" counted together),
    and how many were left out for lack of a month."""
    table, left_out = _per_month(incidents, "crime_type")
    if table is None:
        return pd.DataFrame(columns=["month", "crime_type", "label", "colour", "incidents"]), left_out
    grouped = set(palette.others) if len(palette.others) > 1 else set()
    table["label"] = table["crime_type"].map(
        lambda key: palette.other_label if key in grouped else crime_type_label(key)
    )
    table["colour"] = table["crime_type"].map(palette.colours)
    return table, left_out
