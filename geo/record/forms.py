"""What the edit form asks, field by field, and how a refused edit is shown: the record as the form
opened it, as someone else saved it since, and as it was typed, side by side."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.reference.vocab import (
    ATTRIBUTED,
    ATTRIBUTION,
    DATE_PRECISION,
    FIELD_LABELS,
    LIST_SEPARATOR,
    LOCATION_PRECISION,
)
from geo.view.search import find


@dataclass(frozen=True)
class FormField:
    name: str
    kind: str  # "text", "long" (several lines), "choice"
    choices: dict[str, str] | None = None  # key: label
    help: str = ""

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.name, self.name)


def _labels(terms: dict) -> dict[str, str]:
    return {key: term.label for key, term in terms.items()}


RECORD_FIELDS = (
    FormField("title", "text"),
    FormField("date", "text", help="YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source"),
    FormField("date_precision", "choice", _labels(DATE_PRECISION)),
    FormField("city", "text"),
    FormField("county", "text"),
    FormField("state", "text", help="USPS code or name"),
    FormField("lat", "text", help="empty: placed at the city's, else the state's centre"),
    FormField("lon", "text"),
    FormField("location_precision", "choice", _labels(LOCATION_PRECISION)),
    FormField("public_precision", "text", help="how precisely readers may see the place (empty: as located)"),
    FormField("crime_type", "text"),
    FormField("summary", "long"),
    FormField("public", "choice", {"true": "Public", "false": "Not public (staff only)"}),
    FormField("internal_notes", "long", help="for the newsroom only: never published"),
)
# How firmly the link is established and who makes it, with the source that says so.
LINK_FIELDS = (
    FormField("attribution", "choice", _labels(ATTRIBUTION)),
    FormField(
        "attributed_by",
        "text",
        help=f"who makes the link: {', '.join(ATTRIBUTED)} (several separated by '{LIST_SEPARATOR}')",
    ),
    FormField("source_name", "text"),
    FormField("source_url", "text"),
    FormField("source_date", "text", help="the date of the source: a new level's step is dated by it when later"),
)
FORM_FIELDS = RECORD_FIELDS + LINK_FIELDS


def incident_choices(incidents: pd.DataFrame, query: str, limit: int = 20) -> dict[str, str]:
    """Incidents whose id, title or place matches ``query``, by id, each with its label."""
    return {match.id: match.label for match in find(incidents, query, limit) if match.kind == "incident"}


def conflict_table(opened: dict[str, str], theirs: dict[str, str] | None, yours: dict[str, str] | None) -> pd.DataFrame:
    """The fields where someone else's saved record or the typed one differ from the record as the
    form opened it: each with the three values ("withdrawn" for a record no longer there)."""
    rows = []
    for field in FORM_FIELDS:
        was = opened.get(field.name, "")
        now = theirs.get(field.name, "") if theirs is not None else "(withdrawn)"
        typed = yours.get(field.name, "") if yours is not None else "(withdrawn)"
        if now != was or typed != was:
            rows.append({"Field": field.label, "When you opened it": was, "Saved since": now, "Yours": typed})
    return pd.DataFrame(rows, columns=["Field", "When you opened it", "Saved since", "Yours"])
