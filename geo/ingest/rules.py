"""Validation rules for incidents: each field of each row checked against the schema and the vocabularies.

Every row ends mapped or rejected with its reasons (see ``report``); places are resolved by
``places``. ``progress`` (fraction, text) is told as each stage starts, for long files.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.ingest.columns import (
    FALSE,
    TRUE,
    Progress,
    attributed_keys,
    key_of,
    look_alikes,
    named_types,
    no_progress,
    period_columns,
    reasons,
    row_dates,
    text_column,
)
from geo.ingest.distinct import each_distinct
from geo.ingest.places import place_rows
from geo.ingest.raw import GEOM_ERROR, GEOM_LAT, GEOM_LON, LoadError, RawTable
from geo.ingest.report import LoadReport, RowLedger
from geo.reference.states import normalize_state
from geo.reference.vocab import (
    ATTRIBUTED,
    ATTRIBUTION,
    CRIME_TYPE,
    INCIDENT_COLUMNS,
    LIST_SEPARATOR,
    LOCATION_ORDER,
    REQUIRED_COLUMNS,
    location_rank,
)
from geo.support.text import folded

# A map, its legend and its filter can tell apart this many crime types; more means the column
# holds descriptions, not categories (100,000 of them sent 7.8 MB with every Map page).
MAX_CRIME_TYPES = 1_000
# Values a warning lists before it only counts the rest.
LISTED = 20


def validate_incidents(raw: RawTable, progress: Progress = no_progress) -> tuple[gpd.GeoDataFrame, LoadReport]:
    frame = raw.frame
    progress(0.0, f"Checking the fields of {len(frame):,} rows")
    rows = RowLedger()
    extras, warnings = _columns(frame, list(raw.warnings))
    values = {column: text_column(frame, column, default) for column, default in INCIDENT_COLUMNS.items()}
    for column in REQUIRED_COLUMNS:
        rows.reject(values[column] == "", f"missing {column}")
    _reject_repeated_ids(frame, values["id"], rows)
    attribution, state = _vocabulary(values, rows)
    progress(0.2, "Reading dates")
    period_of, periods = row_dates(values["date"], key_of(values["date_precision"]), rows)
    public = _public(frame, values["public"], rows)
    location_precision, public_precision = _precisions(values, rows)
    progress(0.45, "Checking coordinates, geocoding places without them")
    lat, lon, location_precision = place_rows(frame, values, state, location_precision, rows)
    attributed_by = each_distinct(values["attributed_by"], attributed_keys)
    warnings += _unknown_attributors(attributed_by)
    progress(0.85, "Assembling the incidents")
    good = rows.ok(frame.index)
    crime_type = named_types(values["crime_type"], CRIME_TYPE)
    warnings += _type_and_state_warnings(values, crime_type, state, good)
    # Public outputs may never be more precise than what we know.
    public_precision = public_precision.where(public_precision != "", location_precision)
    finer = public_precision.map(location_rank) < location_precision.map(location_rank)
    public_precision = public_precision.where(~finer, location_precision)
    period_column, period_days = period_columns(periods, period_of, frame.index)
    incidents = pd.DataFrame(
        {
            "row": frame["row"],
            "id": values["id"],
            "title": values["title"].where(values["title"] != "", values["summary"].str.slice(0, 80)),
            "date": period_column(lambda p: p.stated.isoformat()),
            "date_precision": period_column(lambda p: p.precision),
            "date_start": period_days(lambda p: p.start),
            "date_end": period_days(lambda p: p.end),
            "date_label": period_column(lambda p: p.label),
            "city": values["city"],
            "county": values["county"],
            "state": state.fillna(""),
            "lat": lat,
            "lon": lon,
            "location_precision": location_precision,
            "public_precision": public_precision,
            "crime_type": crime_type,
            "attribution": attribution,
            "attributed_by": attributed_by,
            "summary": values["summary"],
            "source_name": values["source_name"],
            "source_url": values["source_url"],
            "source_date": values["source_date"],
            "public": public.isin(TRUE),
            "internal_notes": values["internal_notes"],
        },
        index=frame.index,
    )
    geodata = _kept(incidents, frame, extras, good)
    report = rows.report(frame["row"], raw.rejected, len(geodata), warnings, kept=frame.index[good])
    return geodata, report


def _columns(frame: pd.DataFrame, warnings: list[str]) -> tuple[list[str], list[str]]:
    """The file's columns outside the schema (kept), and a warning for each required one missing."""
    known = set(INCIDENT_COLUMNS) | {"row", GEOM_LAT, GEOM_LON, GEOM_ERROR}
    extras = [c for c in frame.columns if c not in known]
    if extras:
        warnings.append(f"columns outside the schema kept as they are: {', '.join(extras)}")
    for column in REQUIRED_COLUMNS:
        if column not in frame:
            warnings.append(f"required column '{column}' is missing: every row is rejected for it")
    return extras, warnings


def _reject_repeated_ids(frame: pd.DataFrame, ids: pd.Series, rows: RowLedger) -> None:
    duplicated = ids.duplicated(keep="first") & (ids != "")
    if not duplicated.any():
        return
    firsts = ids[~duplicated & ids.isin(ids[duplicated])]
    first_row = dict(zip(firsts, frame["row"][firsts.index], strict=True))
    rows.reject(
        duplicated, reasons(ids, duplicated, lambda key: f"duplicate id '{key}' (first at row {first_row.get(key)})")
    )


def _vocabulary(values: dict[str, pd.Series], rows: RowLedger) -> tuple[pd.Series, pd.Series]:
    """Each row's attribution level and state code; rows naming neither a level nor a state are rejected."""
    attribution = key_of(values["attribution"])
    unknown = (attribution != "") & ~attribution.isin(list(ATTRIBUTION))
    rows.reject(
        unknown,
        reasons(values["attribution"], unknown, lambda v: f"attribution '{v}' is not one of {', '.join(ATTRIBUTION)}"),
    )
    state = each_distinct(values["state"], lambda value: normalize_state(folded(value)))
    unknown = (values["state"] != "") & state.isna()
    rows.reject(
        unknown,
        reasons(
            values["state"], unknown, lambda v: f"state '{v}' is not a U.S. state, DC or territory code, name or FIPS"
        ),
    )
    return attribution, state


def _public(frame: pd.DataFrame, given: pd.Series, rows: RowLedger) -> pd.Series:
    if "public" in frame:
        # A file that says which rows may be published must say it for every row: a blank cell is
        # not taken to mean yes.
        blank = text_column(frame, "public", None) == ""
        rows.reject(blank, "public is blank: a row is published only where the file says true")
    public = given.str.lower()
    unknown = ~public.isin(TRUE | FALSE)
    rows.reject(unknown, reasons(given, unknown, lambda v: f"public '{v}' is not true or false"))
    return public


def _precisions(values: dict[str, pd.Series], rows: RowLedger) -> tuple[pd.Series, pd.Series]:
    location_precision = key_of(values["location_precision"])
    public_precision = key_of(values["public_precision"])
    for name, series in (("location_precision", location_precision), ("public_precision", public_precision)):
        unknown = (series != "") & ~series.isin(LOCATION_ORDER)
        rows.reject(
            unknown, reasons(series, unknown, lambda v, n=name: f"{n} '{v}' is not one of {', '.join(LOCATION_ORDER)}")
        )
    return location_precision, public_precision


def _unknown_attributors(attributed_by: pd.Series) -> list[str]:
    unknown = sorted(
        {part for cell in attributed_by for part in cell.split(LIST_SEPARATOR) if part and part not in ATTRIBUTED}
    )
    return [f"attributed_by values outside the vocabulary kept as written: {', '.join(unknown)}"] if unknown else []


def _type_and_state_warnings(
    values: dict[str, pd.Series], crime_type: pd.Series, state: pd.Series, good: pd.Series
) -> list[str]:
    """Crime types a map cannot tell apart refuse the file; new types and look-alike spellings are said."""
    distinct = crime_type[good].nunique()
    if distinct > MAX_CRIME_TYPES:
        raise LoadError(
            f"the crime_type column holds {distinct:,} different values among the rows that could be mapped; "
            f"a map can tell apart at most {MAX_CRIME_TYPES:,}: map a column of categories to crime_type, "
            "or group the types first"
        )
    warnings = []
    new_types = sorted(set(crime_type[good]) - set(CRIME_TYPE) - {""})
    if new_types:
        more = f" and {len(new_types) - LISTED:,} more" if len(new_types) > LISTED else ""
        warnings.append(f"crime types not in the standard vocabulary (kept): {', '.join(new_types[:LISTED])}{more}")
    warnings += look_alikes(values["crime_type"][good], crime_type[good], "crime types")
    warnings += look_alikes(values["state"][good], state[good].fillna(""), "states")
    return warnings


def _kept(incidents: pd.DataFrame, frame: pd.DataFrame, extras: list[str], good: pd.Series) -> gpd.GeoDataFrame:
    """The rows that passed, with the file's own columns, as points."""
    for column in extras:
        # A file's own column never overwrites one we computed (a re-read export has date_start).
        incidents[f"{column} (original)" if column in incidents.columns else column] = frame[column]
    incidents = (incidents if good.all() else incidents.loc[good]).reset_index(drop=True)
    # Text columns as Arrow strings (ours are already): a third of the memory of Python objects.
    text = [
        c
        for c in incidents.columns
        if incidents[c].dtype == object and pd.api.types.infer_dtype(incidents[c], skipna=False) == "string"
    ]
    incidents = incidents.astype(dict.fromkeys(text, "str"))
    return gpd.GeoDataFrame(
        incidents,
        geometry=gpd.points_from_xy(incidents["lon"].astype(float), incidents["lat"].astype(float)),
        crs=4326,
    )
