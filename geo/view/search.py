"""Finding things to fly the map to: incidents by title, id or place, states, and places by name.

Like the locator boxes of Kepler.gl and Datawrapper: a few best matches, each with where to look and
how close. Places come from the same offline gazetteer that geocodes imports.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.dataset.describe import place_label
from geo.ingest.geocode import gazetteer, normalize_place
from geo.reference.boundaries import state_centre
from geo.reference.states import state_table

MIN_QUERY = 2
INCIDENT_ZOOM = 11
PLACE_ZOOM = 10
STATE_ZOOM = 6


@dataclass(frozen=True)
class Match:
    kind: str  # "incident", "state" or "place"
    label: str
    lat: float
    lon: float
    zoom: int
    id: str = ""


def _incidents(incidents: pd.DataFrame, text: str, limit: int) -> list[Match]:
    exact = incidents["id"].astype(str).str.lower() == text
    contains = (
        incidents["title"].str.lower().str.contains(text, regex=False)
        | incidents["city"].str.lower().str.contains(text, regex=False)
        | incidents["id"].astype(str).str.lower().str.contains(text, regex=False)
    )
    found = pd.concat([incidents[exact], incidents[contains & ~exact]]).head(limit)
    return [
        Match(
            "incident",
            f"{row.title} \u2014 {place_label(row.city, row.state, row.location_precision)}",
            float(row.lat),
            float(row.lon),
            INCIDENT_ZOOM,
            str(row.id),
        )
        for row in found.itertuples(index=False)
    ]


def _states(text: str) -> list[Match]:
    matches = []
    for code, (name, _) in state_table().items():
        if text == code.lower() or text in name.lower():
            centre = state_centre(code)
            if centre:
                matches.append(Match("state", f"{name} ({code})", centre[0], centre[1], STATE_ZOOM))
    return matches


def _places(text: str, limit: int) -> list[Match]:
    key = normalize_place(text)
    index = gazetteer().reset_index()
    found = index[index["key"].str.startswith(key) & (index["alternate"] == 0)].nlargest(limit, "population")
    return [
        Match("place", f"{row.name}, {row.state}", float(row.lat), float(row.lon), PLACE_ZOOM)
        for row in found.itertuples(index=False)
    ]


def find(incidents: pd.DataFrame, query: str, limit: int = 8) -> list[Match]:
    """Incidents first (an exact id before anything else), then states, then other places."""
    text = " ".join(str(query).lower().split())
    if len(text) < MIN_QUERY:
        return []
    matches = _incidents(incidents, text, limit) + _states(text)
    if len(matches) < limit:
        matches += _places(text, limit - len(matches))
    return matches[:limit]
