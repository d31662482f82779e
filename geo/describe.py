"""Plain-language labels for incidents, shared by popups, tables and exports."""

from __future__ import annotations

import pandas as pd

from geo.states import state_name
from geo.vocab import ATTRIBUTION, LOCATION_PRECISION, attributed_by_label, crime_type_label

PRECISION_NOTES = {
    "address": "",
    "street": "",
    "city": "city centre, not the exact spot",
    "county": "county centre, not the exact spot",
    "state": "state level, not the exact spot",
}


def place_label(city: str, state: str, precision: str) -> str:
    """'Aurora, CO (city centre, not the exact spot)': the place and how far to trust the point."""
    name = ", ".join(part for part in (city, state) if part) or "Unknown place"
    if not city and state:
        name = state_name(state)
    note = PRECISION_NOTES.get(precision, "")
    return f"{name} ({note})" if note else name


def readable(incidents: pd.DataFrame) -> pd.DataFrame:
    """The columns a person reads in a table, in the newsroom's words."""
    return pd.DataFrame(
        {
            "Title": incidents["title"],
            "Attribution": incidents["attribution"].map(lambda k: ATTRIBUTION[k].label),
            "Attributed by": incidents["attributed_by"].map(attributed_by_label),
            "Date": incidents["date_label"],
            "Place": [
                place_label(c, s, p)
                for c, s, p in zip(incidents["city"], incidents["state"], incidents["location_precision"], strict=True)
            ],
            "Crime type": incidents["crime_type"].map(crime_type_label),
            "Summary": incidents["summary"],
            "Source": incidents["source_name"],
            "Source link": incidents["source_url"],
        },
        index=incidents.index,
    )


def precision_is_exact(precision: str) -> bool:
    return LOCATION_PRECISION[precision].exact if precision in LOCATION_PRECISION else False
