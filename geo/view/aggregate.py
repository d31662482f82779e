"""Summaries of the incidents in view: by attribution level and timelines by month or week."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from geo.reference.vocab import ATTRIBUTION, ATTRIBUTION_LEVELS, crime_type_label
from geo.style.inks import ATTRIBUTION_COLOURS
from geo.style.palette import TypePalette

# Timeline bars: the pandas period of each, and the date precisions that place an incident in one
# without inventing precision (a date known only to a month has no week). Weeks run Sunday to
# Saturday, as the chart's own weeks do.
TIMELINE_PERIODS = {"month": ("M", ("day", "month")), "week": ("W-SAT", ("day",))}


def by_attribution(incidents: pd.DataFrame) -> pd.DataFrame:
    """Counts per attribution level in the vocabulary's order, zeros included."""
    counts = incidents["attribution"].value_counts()
    return pd.DataFrame(
        {
            "Attribution": [level.label for level in ATTRIBUTION_LEVELS],
            "Incidents": [int(counts.get(level.key, 0)) for level in ATTRIBUTION_LEVELS],
        }
    )


def _per_period(incidents: pd.DataFrame, column: str, per: str = "month") -> tuple[pd.DataFrame | None, int]:
    """Incidents per (period start, ``column``) for those dated precisely enough (None if there are
    none), and how many were left out for lack of such a date."""
    period, precisions = TIMELINE_PERIODS[per]
    # Only the two columns counted are taken: a million rows are never copied whole.
    dated = incidents.loc[incidents["date_precision"].isin(precisions), ["date_start", column]]
    if dated.empty:
        return None, len(incidents)
    table = (
        dated.assign(start=dated["date_start"].dt.to_period(period).dt.start_time)
        .groupby(["start", column], observed=True)
        .size()
        .rename("incidents")
        .reset_index()
    )
    return table, len(incidents) - len(dated)


def whole_bars(start: date, end: date, per: str = "month") -> tuple[date, date]:
    """A range dragged across the timeline, as whole bars: months, or weeks from Sunday to Saturday."""
    if per == "week":
        first = start - timedelta(days=(start.weekday() + 1) % 7)
        return first, end + timedelta(days=(5 - end.weekday()) % 7)
    first = start.replace(day=1)
    return first, (end.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def level_timeline(incidents: pd.DataFrame, per: str = "month") -> tuple[pd.DataFrame, int]:
    """Incidents per month or week (``per``) and attribution level, in the vocabulary's order (the
    map page's timeline), and how many were left out for lack of a date that precise."""
    columns = ["start", "attribution", "label", "colour", "order", "incidents"]
    table, left_out = _per_period(incidents, "attribution", per)
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
    table, left_out = _per_period(incidents, "crime_type")
    if table is None:
        return pd.DataFrame(columns=["month", "crime_type", "label", "colour", "incidents"]), left_out
    table = table.rename(columns={"start": "month"})
    grouped = set(palette.others) if len(palette.others) > 1 else set()
    table["label"] = table["crime_type"].map(
        lambda key: palette.other_label if key in grouped else crime_type_label(key)
    )
    table["colour"] = table["crime_type"].map(palette.colours)
    return table, left_out
