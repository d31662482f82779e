"""The view a user has chosen: filters plus map settings, round-tripping through URL parameters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from geo.vocab import INCIDENT_MEASURE

BASEMAPS = ("light", "streets", "none")


@dataclass(frozen=True)
class Filters:
    """Empty tuples mean 'all'; dates are inclusive days."""

    crime_types: tuple[str, ...] = ()
    attribution: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    measure: str = INCIDENT_MEASURE
    basemap: str = "light"

    def to_query_params(self) -> dict[str, list[str]]:
        """Only what differs from the default, so a plain link stays plain."""
        params: dict[str, list[str]] = {}
        for key, values in (("crime", self.crime_types), ("attribution", self.attribution), ("state", self.states)):
            if values:
                params[key] = list(values)
        if self.since:
            params["since"] = [self.since.isoformat()]
        if self.until:
            params["until"] = [self.until.isoformat()]
        if self.measure != INCIDENT_MEASURE:
            params["measure"] = [self.measure]
        if self.basemap != "light":
            params["basemap"] = [self.basemap]
        return params

    @classmethod
    def from_query_params(cls, params: Mapping[str, Sequence[str]]) -> Filters:
        """Tolerant: a hand-edited or stale link gives the nearest valid view, never an error."""

        def many(key: str) -> tuple[str, ...]:
            values = params.get(key, [])
            values = [values] if isinstance(values, str) else values
            return tuple(dict.fromkeys(v for v in values if v))

        def one(key: str) -> str:
            values = many(key)
            return values[-1] if values else ""

        return cls(
            crime_types=many("crime"),
            attribution=many("attribution"),
            states=tuple(s.upper() for s in many("state")),
            since=_date_or_none(one("since")),
            until=_date_or_none(one("until")),
            measure=one("measure") or INCIDENT_MEASURE,
            basemap=one("basemap") if one("basemap") in BASEMAPS else "light",
        )

    def only(self, **changes: object) -> Filters:
        return replace(self, **changes)


def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def filter_mask(incidents: pd.DataFrame, filters: Filters) -> np.ndarray:
    """Rows in view. Dated periods count if they overlap the range at all: an incident known
    only to a month is in a range that touches that month."""
    mask = np.ones(len(incidents), dtype=bool)
    for column, chosen in (
        ("crime_type", filters.crime_types),
        ("attribution", filters.attribution),
        ("state", filters.states),
    ):
        if chosen:
            mask &= incidents[column].isin(chosen).to_numpy()
    if filters.since:
        mask &= (incidents["date_end"] > pd.Timestamp(filters.since)).to_numpy()
    if filters.until:
        mask &= (incidents["date_start"] < pd.Timestamp(filters.until + timedelta(days=1))).to_numpy()
    return mask


def apply_filters(incidents: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    return incidents.loc[filter_mask(incidents, filters)]


def showing_caption(shown: int, total: int) -> str:
    return f"Showing {shown} of {total} incidents"
