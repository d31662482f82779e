"""Plain-language labels for incidents, shared by popups, tables and exports."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.dataset.history import change_text
from geo.ingest.distinct import each_distinct
from geo.reference.states import places_phrase, selection_name, state_name
from geo.reference.vocab import (
    ATTRIBUTION,
    ATTRIBUTION_LEVELS,
    FIRMEST_MEASURE,
    INCIDENT_MEASURE,
    LOCATION_PRECISION,
    attributed_by_label,
    crime_type_label,
)

PRECISION_NOTES = {
    "address": "",
    "street": "",
    "city": "city centre, not the exact spot",
    "site": "centre of the site, not the exact spot",
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


def readable(incidents: pd.DataFrame, rated: bool = True) -> pd.DataFrame:
    """The columns a person reads in a table, in the newsroom's words; without attribution columns
    for data that rates no link (``rated`` false)."""
    table = pd.DataFrame(
        {
            "Title": incidents["title"],
            "Attribution": each_distinct(incidents["attribution"], lambda k: ATTRIBUTION[k].label),
            "Attributed by": each_distinct(incidents["attributed_by"], attributed_by_label),
            "Date": incidents["date_label"],
            "Place": places(incidents),
            "Crime type": each_distinct(incidents["crime_type"], crime_type_label),
            "Summary": incidents["summary"],
            "Source": incidents["source_name"],
            "Source link": incidents["source_url"],
            "Corrected": incidents.get("correction", ""),
            "History": incidents.get("history", ""),
        },
        index=incidents.index,
    )
    if not rated:
        table = table.drop(columns=["Attribution", "Attributed by"])
    if "change" in incidents:
        # A view of changes (``geo.dataset.history.with_changes``) says each one's change beside its level.
        table.insert(2, "Change", change_text(incidents))
    return table


def places(incidents: pd.DataFrame, notes: bool = True) -> list[str]:
    """Each incident's ``place_label``, made once per distinct place: a year's 60,000 incidents
    name a few thousand places."""
    county = incidents["county"].fillna("").tolist() if "county" in incidents else [""] * len(incidents)
    # As lists: Python walks a list of strings ten times as fast as an Arrow column.
    columns = (incidents[name].tolist() for name in ("city", "state", "location_precision"))
    keys = zip(*columns, county, strict=True)
    labels: dict[tuple, str] = {}
    return [labels[key] if key in labels else labels.setdefault(key, place_label(*key, notes)) for key in keys]


def precision_is_exact(precision: str) -> bool:
    return LOCATION_PRECISION[precision].exact if precision in LOCATION_PRECISION else False


def _month(day) -> str:
    return f"{day:%B %Y}"


MEASURE_PHRASES = {
    INCIDENT_MEASURE: "the number of incidents shown",
    FIRMEST_MEASURE: "the firmest link among each state's incidents shown",
}


def shading_phrase(measure: str) -> str:
    return MEASURE_PHRASES.get(measure, f"\u201c{measure}\u201d")


@dataclass(frozen=True)
class Drawing:
    """What one rendering of a view draws, said once: the alt text, the pictures' footer and the
    page's description all read it, so none of them says more or less is drawn than is."""

    encoding: str  # "marks" (each incident), "hexagons" (counted by area) or "page" (the interactive map)
    measure: str  # what the states' shading shows, where states are shaded
    left_out: int = 0  # incidents in view that this rendering does not draw
    left_out_places: str = ""

    def sentence(self) -> str:
        if self.encoding == "hexagons":
            drawn = "Incidents are counted in hexagons, shaded by how many each holds, over plain state outlines."
        else:
            drawn = f"States are shaded by {shading_phrase(self.measure)}."
        return " ".join(filter(None, [drawn, self.left_out_note()]))

    def left_out_note(self) -> str:
        if not self.left_out:
            return ""
        noun, verb = ("incident", "is") if self.left_out == 1 else ("incidents", "are")
        return f"{self.left_out:,} {noun} outside the 50 states and DC ({self.left_out_places}) {verb} not drawn here."


def alt_text(
    incidents: pd.DataFrame,
    subject: str,
    drawing: Drawing,
    states: tuple[str, ...] = (),
    rated: bool = True,
    coverage: str = "",
) -> str:
    """Sentences a screen reader can use for a map, built only from what is shown and how it is
    drawn; data that rates no link is not described in terms of links."""
    count = len(incidents)
    linked = f" attributed to {subject}" if rated and subject else ""
    if count == 0:
        where = selection_name(states) if states else "the United States"
        sentence = (
            f"Map of {where} with no incidents{linked} under the chosen filters: "
            "none in this data, which does not mean none happened."
        )
        return " ".join(filter(None, [sentence, coverage]))
    codes = incidents.loc[incidents["state"] != "", "state"].unique().tolist()
    noun = "incident" if count == 1 else "incidents"
    parts = [f"Map of {count:,} {noun} in {places_phrase(codes)}{linked}"]
    dated = incidents[incidents["date_precision"] != "reported_by"]
    if not dated.empty:
        first = dated["date_start"].min()
        last = dated["date_end"].max() - pd.Timedelta(days=1)
        span = _month(first) if _month(first) == _month(last) else f"{_month(first)} to {_month(last)}"
        parts.append(f", {span}")
    undated = count - len(dated)
    if undated:
        parts.append(f" ({undated:,} without a date of their own)" if not dated.empty else ", none with a date")
    sentence = "".join(parts)
    if rated:
        by_level = incidents["attribution"].value_counts()
        levels = [f"{int(by_level[lv.key]):,} {lv.phrase}" for lv in ATTRIBUTION_LEVELS if lv.key in by_level]
        sentence += ": " + ", ".join(levels)
    return " ".join(filter(None, [sentence + ".", drawing.sentence(), coverage]))


def credit_line(sources: tuple[str, ...], credit: str) -> str:
    """The credit every published map carries: its sources, then who made the map. Without a
    source there is no source line (nothing is credited to "not given")."""
    said = f"Source: {'; '.join(sources)}." if sources else ""
    made = credit.strip().rstrip(".")
    return " ".join(filter(None, [said, f"{made}." if made else ""]))


def as_of_line(as_of: str) -> str:
    """The data-as-of sentence every published map carries; a missing date is said, not filled in."""
    return f"Data as of {as_of}." if as_of else "The source gives no data-as-of date."


def empty_selection(shown: int, states: tuple[str, ...]) -> str:
    """Said wherever a selection has no incidents: empty data is not evidence of none (what the
    data covers is said on every map already)."""
    if shown:
        return ""
    where = f"for {selection_name(states)}" if states else "that match these filters"
    return f"No incidents in this data {where} (unknown, not absent)."
