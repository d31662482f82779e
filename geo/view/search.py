"""Finding things to fly the map to: places first (states, then cities in the data with their counts,
then other U.S. places, said to have none here), then incidents by title, id or place.

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
    kind: str  # "incident", "state", "city" (in the data) or "place" (none here)
    label: str
    lat: float
    lon: float
    zoom: int
    id: str = ""
    count: int | None = None  # incidents there, for states and places


def _counted(name: str, count: int) -> str:
    return f"{name} — {count:,} incident{'' if count == 1 else 's'}" if count else f"{name} — no incidents here"


def _incidents(incidents: pd.DataFrame, text: str, in_city: pd.Series, limit: int) -> list[Match]:
    contains = (
        incidents["title"].str.lower().str.contains(text, regex=False)
        | in_city
        | incidents["id"].astype(str).str.lower().str.contains(text, regex=False)
    )
    return [_incident(row) for row in incidents[contains].head(limit).itertuples(index=False)]


def _incident(row) -> Match:
    label = f"{row.title} — {place_label(row.city, row.state, row.location_precision)}"
    return Match("incident", label, float(row.lat), float(row.lon), INCIDENT_ZOOM, str(row.id))


def _states(incidents: pd.DataFrame, text: str) -> list[Match]:
    counts = incidents["state"].value_counts()
    matches = []
    for code, (name, _) in state_table().items():
        if text == code.lower() or text in name.lower():
            centre = state_centre(code)
            if centre:
                label = _counted(f"{name} ({code})", int(counts.get(code, 0)))
                matches.append(Match("state", label, centre[0], centre[1], STATE_ZOOM, count=int(counts.get(code, 0))))
    # Whole names first ("Kansas" before "Arkansas"), then the states with most incidents.
    return sorted(matches, key=lambda m: (not m.label.lower().startswith(text), -(m.count or 0)))


def _cities(
    incidents: pd.DataFrame, text: str, in_city: pd.Series, limit: int
) -> tuple[list[Match], set[tuple[str, str]]]:
    """Cities in the data whose name holds the text (``in_city``), busiest first, each at its
    incidents' centre; and every such (city, state), so the gazetteer does not offer them again as empty."""
    named = incidents[in_city]
    if named.empty:
        return [], set()
    places = named.groupby(["city", "state"], observed=True).agg(
        n=("lat", "size"), lat=("lat", "mean"), lon=("lon", "mean")
    )
    places["later"] = [not city.lower().startswith(text) for city, _ in places.index]
    ranked = places.sort_values(["later", "n"], ascending=[True, False]).head(limit)
    matches = [
        Match(
            "city",
            _counted(f"{city}, {state}", int(row.n)),
            float(row.lat),
            float(row.lon),
            PLACE_ZOOM,
            count=int(row.n),
        )
        for (city, state), row in ranked.iterrows()
    ]
    return matches, {(normalize_place(city), state) for city, state in places.index}


def _places(text: str, limit: int, known: set[tuple[str, str]]) -> list[Match]:
    """U.S. places of that name with no incident in the data (those with some are cities above)."""
    key = normalize_place(text)
    index = gazetteer().reset_index()
    found = index[index["key"].str.startswith(key) & (index["alternate"] == 0)].nlargest(
        limit + len(known), "population"
    )
    matches = [
        Match("place", _counted(f"{row.name}, {row.state}", 0), float(row.lat), float(row.lon), PLACE_ZOOM, count=0)
        for row in found.itertuples(index=False)
        if (normalize_place(row.name), row.state) not in known
    ]
    return matches[:limit]


def find(incidents: pd.DataFrame, query: str, limit: int = 8) -> list[Match]:
    """An exact id first; then places (states, cities in the data with their counts, other U.S.
    places with none here), then incidents by title, id or place."""
    text = " ".join(str(query).lower().split())
    if len(text) < MIN_QUERY:
        return []
    exact = incidents[incidents["id"].astype(str).str.lower() == text]
    # Read once for both the cities and the incidents: a million rows take a while to search.
    in_city = incidents["city"].str.lower().str.contains(text, regex=False)
    cities, known = _cities(incidents, text, in_city, 3)
    places = _states(incidents, text)[:2] + cities + _places(text, 2, known)
    others = [m for m in _incidents(incidents, text, in_city, limit) if m.id not in set(exact["id"].astype(str))]
    return ([_incident(row) for row in exact.itertuples(index=False)] + places + others)[:limit]
