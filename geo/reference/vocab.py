"""The newsroom's vocabularies: attribution levels, precisions, crime types and who attributes.

Legend, filters, methodology text, validation and map styling all read these, so a change here
changes every view at once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    definition: str


@dataclass(frozen=True)
class AttributionLevel(Term):
    """How firmly an incident's link is established; ``geo.style.MARKS`` says how each is drawn."""

    phrase: str = ""  # how alt text counts them: "3 charged", "2 only claimed"


# Definitions name no group: they are shown for every dataset, whatever its subject.
ATTRIBUTION_LEVELS: tuple[AttributionLevel, ...] = (
    AttributionLevel(
        "convicted", "Convicted", "A court convicted someone and found the link established.", phrase="convicted"
    ),
    AttributionLevel(
        "charged",
        "Charged",
        "Prosecutors make the link in a criminal case, by charging someone or by naming suspected members in it; "
        "no court has ruled on it.",
        phrase="linked by prosecutors in a criminal case",
    ),
    AttributionLevel(
        "law_enforcement",
        "Law enforcement says",
        "Police or an agency makes the link; no prosecutor has made it in a case.",
        phrase="attributed by law enforcement",
    ),
    AttributionLevel(
        "reported",
        "Reported",
        "Residents, witnesses or reporters make the link.",
        phrase="reported by residents, witnesses or reporters",
    ),
    AttributionLevel(
        "claimed",
        "Claimed",
        "Asserted by politicians or officials without evidence made public; investigators have not said so.",
        phrase="only claimed",
    ),
    AttributionLevel(
        "disputed", "Disputed", "The attribution is publicly contested or contradicted.", phrase="disputed"
    ),
    AttributionLevel("unrated", "Unrated", "The data does not rate the attribution.", phrase="unrated"),
)
ATTRIBUTION = {level.key: level for level in ATTRIBUTION_LEVELS}
ATTRIBUTION_ORDER = [level.key for level in ATTRIBUTION_LEVELS]


@dataclass(frozen=True)
class DatePrecision(Term):
    """A date stands for a period; ``months`` is its length (0: open start, see ``reported_by``)."""

    months: int


DATE_PRECISIONS: tuple[DatePrecision, ...] = (
    DatePrecision("day", "Day", "The exact day is known.", 0),
    DatePrecision("month", "Month", "Only the month is known; the date is its first day.", 1),
    DatePrecision(
        "season",
        "Season",
        "Only the season is known; the date is the first day of its first month "
        "(winter starts in December, spring in March, summer in June, autumn in September).",
        3,
    ),
    DatePrecision("year", "Year", "Only the year is known; the date is 1 January.", 12),
    DatePrecision(
        "reported_by",
        "Reported by",
        "The source gives no date for the event itself, only that it had happened by this date.",
        0,
    ),
)
DATE_PRECISION = {p.key: p for p in DATE_PRECISIONS}


@dataclass(frozen=True)
class LocationPrecision(Term):
    """Ordered finest first; ``exact`` points are drawn where the event happened."""

    exact: bool


LOCATION_PRECISIONS: tuple[LocationPrecision, ...] = (
    LocationPrecision("address", "Address", "Geocoded to a street address.", True),
    LocationPrecision("street", "Street", "Placed on the named street or block.", True),
    LocationPrecision("city", "City", "Placed at the centre of the city or town.", False),
    LocationPrecision(
        "site", "Site", "Placed at the centre of a named site larger than an address, such as a base.", False
    ),
    LocationPrecision("county", "County", "Placed at the centre of the county.", False),
    LocationPrecision("state", "State", "Placed at a central point of the state.", False),
)
LOCATION_PRECISION = {p.key: p for p in LOCATION_PRECISIONS}
LOCATION_ORDER = [p.key for p in LOCATION_PRECISIONS]


def location_rank(precision: str) -> int:
    """0 for the finest (address); unknown values rank coarsest of all."""
    return LOCATION_ORDER.index(precision) if precision in LOCATION_ORDER else len(LOCATION_ORDER)


CRIME_TYPES: tuple[Term, ...] = (
    Term("homicide", "Homicide", "A killing, including contract killings."),
    Term("shooting", "Shooting or assault", "Violence short of a killing."),
    Term("kidnapping", "Kidnapping", "Holding people against their will."),
    Term("sex_trafficking", "Sex trafficking", "Forcing people into prostitution, often over a travel debt."),
    Term("extortion", "Extortion", "Demanding money under threat."),
    Term("theft", "Theft", "Theft of property, vehicles or cash."),
    Term("drugs", "Drugs", "Selling or distributing drugs."),
    Term("weapons", "Weapons", "Dealing or carrying arms illegally."),
    Term("organized_crime", "Several crimes", "A pattern of several kinds of crime attributed to one group."),
    Term("gang_membership", "Membership only", "Alleged membership or presence, with no specific crime named."),
    Term("prostitution", "Prostitution", "Organising or profiting from sex work, short of trafficking."),
)
CRIME_TYPE = {c.key: c for c in CRIME_TYPES}

ATTRIBUTED_BY: tuple[Term, ...] = (
    Term("federal_prosecutors", "Federal prosecutors", "U.S. attorneys or the Justice Department."),
    Term("state_prosecutors", "State prosecutors", "District attorneys or state attorneys general."),
    Term("police", "Police", "A local police department or sheriff."),
    Term("federal_agency", "Federal agency", "A federal agency such as the DEA, ICE or DHS."),
    Term(
        "law_enforcement",
        "Law enforcement (agency not named)",
        "The source says law enforcement without naming the agency.",
    ),
    Term("residents_witnesses", "Residents or witnesses", "People who live there or saw it."),
    Term("media", "Media", "News outlets or commentators."),
    Term("politicians", "Politicians", "Elected officials or candidates."),
)
ATTRIBUTED = {t.key: t for t in ATTRIBUTED_BY}

# The incident schema: column -> default used when a file lacks the column or leaves a cell blank.
INCIDENT_COLUMNS: dict[str, str | None] = {
    "id": None,
    "title": "",
    "date": None,
    "date_precision": "",
    "city": "",
    "county": "",
    "state": "",
    "lat": None,
    "lon": None,
    "location_precision": "",
    "public_precision": "",
    "crime_type": None,
    "attribution": None,
    "attributed_by": "",
    "summary": "",
    "source_name": "",
    "source_url": "",
    "source_date": "",
    "public": "true",
    "internal_notes": "",
}
REQUIRED_COLUMNS = ("id", "date", "crime_type", "attribution")
# How forms name the fields of incident and figure files (their keys stay the files' column names).
FIELD_LABELS = {
    "id": "Id",
    "title": "Title",
    "date": "Date",
    "date_precision": "Date precision",
    "city": "City",
    "county": "County",
    "state": "State",
    "lat": "Latitude",
    "lon": "Longitude",
    "location_precision": "Location precision",
    "public_precision": "Public precision",
    "crime_type": "Crime type",
    "attribution": "Attribution level",
    "attributed_by": "Attributed by",
    "summary": "Summary",
    "source_name": "Source name",
    "source_url": "Source address (URL)",
    "source_date": "Source date",
    "public": "Public",
    "internal_notes": "Internal notes",
    "measure": "Measure",
    "value": "Value",
    "as_of": "As of",
    "source": "Source",
    "note": "Note",
}
# Never shown outside the newsroom view.
INTERNAL_COLUMNS = ("internal_notes",)
# Multi-valued cells in our own files use this separator.
LIST_SEPARATOR = ";"

COUNT_COLUMNS: dict[str, str | None] = {
    "state": None,
    "measure": None,
    # A stable key for the measure (``accusations-placed``), so that corrections and published
    # manifests still find its figures after the measure is renamed; blank: the measure's name.
    "measure_id": "",
    "value": None,
    "as_of": "",
    "source": "",
    "note": "",
    # Where a figure applies when it is not the whole state ("Aurora", "metro Denver"): such a figure
    # is shown with its state but never shades it.
    "scope": "",
}

# An incident's attribution history: one dated step per line (``attribution_history.csv``).
HISTORY_COLUMNS: dict[str, str | None] = {
    "id": None,
    "date": None,
    "date_precision": "",
    "attribution": None,
    "attributed_by": "",
    "source_name": "",
    "source_url": "",
    "source_date": "",
    "note": "",
}

# The choropleth measures computed from the incidents under the current filters: how many there
# are, and (the default where links are rated) the firmest link among each state's, so that a state
# with one claim is never shaded like one with a charge.
INCIDENT_MEASURE = "Incidents (current filters)"
FIRMEST_MEASURE = "Firmest link (current filters)"
LIVE_MEASURES = (FIRMEST_MEASURE, INCIDENT_MEASURE)


def crime_type_label(key: str) -> str:
    """The vocabulary's label, or the source's own name as it writes it (``geo.ingest.columns.named_types``);
    one written all in lower case (``armed_robbery``, as datasets saved before names were kept) reads as words."""
    if key in CRIME_TYPE:
        return CRIME_TYPE[key].label
    return key.replace("_", " ").capitalize() if key == key.lower() else key


def attributed_by_label(keys: str) -> str:
    """``police;media`` -> ``Police, Media``; unknown keys are shown as written."""
    parts = [k.strip() for k in keys.split(LIST_SEPARATOR) if k.strip()]
    return ", ".join(ATTRIBUTED[k].label if k in ATTRIBUTED else k for k in parts)


def ordered_crime_types(keys: object) -> list[str]:
    """Vocabulary order for known types (as the legend lists them), then new types A-Z."""
    present = set(keys)
    known = [c.key for c in CRIME_TYPES if c.key in present]
    return known + sorted(present - set(known))


# How an incident's level changed between two dates: each kind's arrow and word.
CHANGE_KINDS = {
    "up": ("\u2191", "Firmer"),
    "down": ("\u2193", "Weaker"),
    "added": ("+", "Newly linked"),
    "changed": ("\u2194", "Changed (unrated)"),
}
