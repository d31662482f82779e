"""Plain-language labels for incidents, shared by popups, tables and exports."""

from __future__ import annotations

import pandas as pd

from geo.history import change_text
from geo.states import selection_name, state_name
from geo.vocab import (
    ATTRIBUTION,
    ATTRIBUTION_LEVELS,
    INCIDENT_MEASURE,
    LOCATION_PRECISION,
    attributed_by_label,
    crime_type_label,
)

PRECISION_NOTES = {
    "address": "",
    "street": "",
    "city": "city centre, not the exact spot",
    "county": "county centre, not the exact spot",
    "state": "state level, not the exact spot",
}


def place_label(city: str, state: str, precision: str, county: str = "", note: bool = True) -> str:
    """'Aurora, CO (city centre, not the exact spot)': the place and how far to trust the point
    (``note=False`` leaves the parenthesis to whoever knows the precision another way)."""
    if precision == "county" and (county or city):
        area = county or city
        if not any(word in area.lower() for word in ("county", "parish", "borough")):
            area = f"{area} County"
        name = ", ".join(part for part in (area, state) if part)
    else:
        name = ", ".join(part for part in (city, state) if part) or "Unknown place"
    if not city and not county and state:
        name = state_name(state)
    said = PRECISION_NOTES.get(precision, "") if note else ""
    return f"{name} ({said})" if said else name


def readable(incidents: pd.DataFrame) -> pd.DataFrame:
    """The columns a person reads in a table, in the newsroom's words."""
    table = pd.DataFrame(
        {
            "Title": incidents["title"],
            "Attribution": incidents["attribution"].map(lambda k: ATTRIBUTION[k].label),
            "Attributed by": incidents["attributed_by"].map(attributed_by_label),
            "Date": incidents["date_label"],
            "Place": places(incidents),
            "Crime type": incidents["crime_type"].map(crime_type_label),
            "Summary": incidents["summary"],
            "Source": incidents["source_name"],
            "Source link": incidents["source_url"],
            "Corrected": incidents.get("correction", ""),
            "History": incidents.get("history", ""),
        },
        index=incidents.index,
    )
    if "change" in incidents:
        # A view of changes (``geo.history.with_changes``) says each one's change beside its level.
        table.insert(2, "Change", change_text(incidents))
    return table


def places(incidents: pd.DataFrame, notes: bool = True) -> list[str]:
    county = incidents["county"] if "county" in incidents else pd.Series("", index=incidents.index)
    return [
        place_label(c, s, p, k, notes)
        for c, s, p, k in zip(
            incidents["city"], incidents["state"], incidents["location_precision"], county.fillna(""), strict=True
        )
    ]


def precision_is_exact(precision: str) -> bool:
    return LOCATION_PRECISION[precision].exact if precision in LOCATION_PRECISION else False


def _month(day) -> str:
    return f"{day:%B %Y}"


def alt_text(incidents: pd.DataFrame, subject: str, measure: str, states: tuple[str, ...] = ()) -> str:
    """A sentence a screen reader can use for the map, built only from what is shown."""
    count = len(incidents)
    if count == 0:
        where = selection_name(states) if states else "the United States"
        return (
            f"Map of {where} with no incidents attributed to {subject} under the chosen filters: "
            "none in this data, which does not mean none happened."
        )
    states = incidents.loc[incidents["state"] != "", "state"].nunique()
    outside = int((incidents["state"] == "").sum())
    noun = "incident" if count == 1 else "incidents"
    where = f"in {states} state{'s' if states != 1 else ''}"
    parts = [f"Map of {count:,} {noun} {where} attributed to {subject}"]
    dated = incidents[incidents["date_precision"] != "reported_by"]
    if not dated.empty:
        first = dated["date_start"].min()
        last = dated["date_end"].max() - pd.Timedelta(days=1)
        span = _month(first) if _month(first) == _month(last) else f"{_month(first)} to {_month(last)}"
        parts.append(f", {span}")
    undated = count - len(dated)
    if undated:
        parts.append(f" ({undated:,} without a date of their own)" if not dated.empty else ", none with a date")
    by_level = incidents["attribution"].value_counts()
    levels = [f"{int(by_level[level.key]):,} {level.phrase}" for level in ATTRIBUTION_LEVELS if level.key in by_level]
    sentence = "".join(parts) + ": " + ", ".join(levels) + "."
    if outside:
        sentence += f" {outside:,} {'is' if outside == 1 else 'are'} outside the U.S. states."
    shading = "the number of incidents shown" if measure == INCIDENT_MEASURE else f"\u201c{measure}\u201d"
    return sentence + f" States are shaded by {shading}."


def as_of_line(as_of: str) -> str:
    """The data-as-of sentence every published map carries; a missing date is said, not filled in."""
    return f"Data as of {as_of}." if as_of else "The source gives no data-as-of date."


def empty_selection(shown: int, states: tuple[str, ...], coverage: str = "") -> str:
    """Said wherever a selection has no incidents: empty data is not evidence of none."""
    if shown:
        return ""
    where = f"for {selection_name(states)}" if states else "that match these filters"
    return f"No incidents in this data {where} (unknown, not absent)." + (f" {coverage}" if coverage else "")
