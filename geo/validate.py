"""Turn raw text tables into validated incidents and state counts, accounting for every row.

Rows read = rows mapped + rows rejected, always. Fixes we make on the way (geocoding a city,
placing a row at its state's centre) are listed as changes with the row number.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import boundaries, geocode
from geo.dates import DateError, parse_period
from geo.load import GEOM_ERROR, GEOM_LAT, GEOM_LON, RawTable
from geo.states import normalize_state
from geo.vocab import (
    ATTRIBUTED,
    ATTRIBUTION,
    COUNT_COLUMNS,
    CRIME_TYPE,
    INCIDENT_COLUMNS,
    LIST_SEPARATOR,
    LOCATION_ORDER,
    LOCATION_PRECISION,
    REQUIRED_COLUMNS,
)

TRUE = {"true", "yes", "y", "1", "t"}
FALSE = {"false", "no", "n", "0", "f"}


@dataclass(frozen=True)
class RowIssue:
    row: int
    reason: str


@dataclass(frozen=True)
class LoadReport:
    """What happened to every input row; ``to_dict`` is the CLI's ``--json`` shape."""

    rows: int
    mapped: int
    rejected: tuple[RowIssue, ...] = ()
    changed: tuple[RowIssue, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "rows": self.rows,
            "mapped": self.mapped,
            "rejected": [{"row": issue.row, "reason": issue.reason} for issue in self.rejected],
            "changed": [{"row": issue.row, "reason": issue.reason} for issue in self.changed],
            "warnings": list(self.warnings),
        }


@dataclass
class _Rows:
    """Collects per-row problems while validation runs column by column."""

    numbers: pd.Series
    problems: dict[int, list[str]] = field(default_factory=dict)
    changes: dict[int, list[str]] = field(default_factory=dict)

    def reject(self, mask: pd.Series, reason: str | pd.Series) -> None:
        for index in mask[mask].index:
            text = reason if isinstance(reason, str) else reason.loc[index]
            self.problems.setdefault(index, []).append(text)

    def change(self, index: int, note: str) -> None:
        self.changes.setdefault(index, []).append(note)

    def ok(self, index_like: pd.Index) -> pd.Series:
        return pd.Series([i not in self.problems for i in index_like], index=index_like)


def _text(frame: pd.DataFrame, column: str, default: str | None) -> pd.Series:
    if column in frame:
        values = frame[column].fillna("").astype(str).str.strip()
        return values.where(values != "", default or "")
    return pd.Series(default or "", index=frame.index, dtype=object)


def _key(values: pd.Series) -> pd.Series:
    """'Law Enforcement' and 'law-enforcement' both mean the vocabulary key 'law_enforcement'."""
    return values.str.lower().str.replace(r"[\s\-]+", "_", regex=True)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def validate_incidents(raw: RawTable) -> tuple[gpd.GeoDataFrame, LoadReport]:
    frame = raw.frame
    rows = _Rows(frame["row"])
    warnings = list(raw.warnings)
    known = set(INCIDENT_COLUMNS) | {"row", GEOM_LAT, GEOM_LON, GEOM_ERROR}
    # GeoJSON and friends carry the place as geometry, so lat/lon columns are not expected there.
    spatial = GEOM_LAT in frame
    for column in frame.columns:
        if column not in known:
            warnings.append(f"unknown column '{column}' kept as is")
    for column in REQUIRED_COLUMNS:
        if column not in frame:
            warnings.append(f"required column '{column}' is missing: every row is rejected for it")

    values = {column: _text(frame, column, default) for column, default in INCIDENT_COLUMNS.items()}
    for column in REQUIRED_COLUMNS:
        rows.reject(values[column] == "", f"missing {column}")

    duplicated = values["id"].duplicated(keep="first") & (values["id"] != "")
    if duplicated.any():
        first_row = dict(zip(values["id"][~duplicated], frame["row"][~duplicated], strict=False))
        rows.reject(
            duplicated,
            values["id"].map(lambda key: f"duplicate id '{key}' (first at row {first_row.get(key)})"),
        )

    attribution = _key(values["attribution"])
    rows.reject(
        (attribution != "") & ~attribution.isin(list(ATTRIBUTION)),
        values["attribution"].map(lambda v: f"attribution '{v}' is not one of {', '.join(ATTRIBUTION)}"),
    )
    crime_type = _key(values["crime_type"])

    state_given = values["state"]
    state = state_given.map(normalize_state)
    rows.reject(
        (state_given != "") & state.isna(),
        state_given.map(lambda v: f"state '{v}' is not a U.S. state, DC or territory code, name or FIPS"),
    )

    date_precision = _key(values["date_precision"])
    periods = {}
    for index, text, precision in zip(frame.index, values["date"], date_precision, strict=False):
        if not text:
            continue
        try:
            periods[index] = parse_period(text, precision)
        except DateError as error:
            rows.reject(pd.Series([True], index=[index]), str(error))

    public = values["public"].str.lower()
    rows.reject(
        ~public.isin(TRUE | FALSE),
        values["public"].map(lambda v: f"public '{v}' is not true or false"),
    )

    location_precision = _key(values["location_precision"])
    public_precision = _key(values["public_precision"])
    for name, series in (("location_precision", location_precision), ("public_precision", public_precision)):
        rows.reject(
            (series != "") & ~series.isin(LOCATION_ORDER),
            series.map(lambda v, n=name: f"{n} '{v}' is not one of {', '.join(LOCATION_ORDER)}"),
        )

    lat, lon, location_precision = _place(frame, values, state, location_precision, spatial, rows)

    attributed_by = values["attributed_by"].map(_attributed_keys)
    unknown_by = sorted(
        {part for cell in attributed_by for part in cell.split(LIST_SEPARATOR) if part and part not in ATTRIBUTED}
    )
    if unknown_by:
        warnings.append(f"attributed_by values outside the vocabulary kept as written: {', '.join(unknown_by)}")

    good = rows.ok(frame.index)
    new_types = sorted(set(crime_type[good]) - set(CRIME_TYPE) - {""})
    if new_types:
        warnings.append(f"crime types not in the standard vocabulary (kept): {', '.join(new_types)}")

    kept = frame.index[good]
    public_precision = public_precision.where(public_precision != "", location_precision)
    # Public outputs may never be more precise than what we know.
    finer = public_precision.map(_rank) < location_precision.map(_rank)
    public_precision = public_precision.where(~finer, location_precision)

    incidents = pd.DataFrame(
        {
            "row": frame["row"],
            "id": values["id"],
            "title": values["title"].where(values["title"] != "", values["summary"].str.slice(0, 80)),
            "date": [periods[i].stated.isoformat() if i in periods else "" for i in frame.index],
            "date_precision": [periods[i].precision if i in periods else "" for i in frame.index],
            "date_start": pd.to_datetime([periods[i].start if i in periods else None for i in frame.index]),
            "date_end": pd.to_datetime([periods[i].end if i in periods else None for i in frame.index]),
            "date_label": [periods[i].label if i in periods else "" for i in frame.index],
            "city": values["city"],
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
    extras = [c for c in frame.columns if c not in known]
    for column in extras:
        incidents[column] = frame[column]
    incidents = incidents.loc[kept].reset_index(drop=True)
    geodata = gpd.GeoDataFrame(
        incidents,
        geometry=gpd.points_from_xy(incidents["lon"].astype(float), incidents["lat"].astype(float)),
        crs=4326,
    )
    report = LoadReport(
        rows=len(frame) + len(raw.rejected),
        mapped=len(geodata),
        rejected=_issues(rows.problems, frame["row"], raw.rejected),
        changed=_issues(rows.changes, frame["row"], []),
        warnings=tuple(warnings),
    )
    return geodata, report


def _attributed_keys(cell: str) -> str:
    """'Police; Federal agency' -> 'police;federal_agency'; unknown parts keep their text."""
    parts = [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]
    keys = [re.sub(r"[\s\-]+", "_", part.lower()) for part in parts]
    return LIST_SEPARATOR.join(key if key in ATTRIBUTED else part for key, part in zip(keys, parts, strict=False))


def _rank(precision: str) -> int:
    return LOCATION_ORDER.index(precision) if precision in LOCATION_PRECISION else len(LOCATION_ORDER)


def _issues(found: dict[int, list[str]], numbers: pd.Series, extra: list[tuple[int, str]]) -> tuple[RowIssue, ...]:
    issues = [RowIssue(int(numbers.loc[i]), "; ".join(reasons)) for i, reasons in found.items()]
    issues += [RowIssue(number, reason) for number, reason in extra]
    return tuple(sorted(issues, key=lambda issue: issue.row))


def _place(
    frame: pd.DataFrame,
    values: dict[str, pd.Series],
    state: pd.Series,
    precision: pd.Series,
    spatial: bool,
    rows: _Rows,
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Coordinates for every row: given, geocoded from city+state, or the state's centre."""
    lat = pd.Series(np.nan, index=frame.index)
    lon = pd.Series(np.nan, index=frame.index)
    precision = precision.copy()
    for index in frame.index:
        if index in rows.problems:
            continue
        lat_text, lon_text = values["lat"][index], values["lon"][index]
        if spatial and not lat_text and not lon_text:
            if frame[GEOM_ERROR][index]:
                rows.reject(pd.Series([True], index=[index]), frame[GEOM_ERROR][index])
                continue
            geom_lat, geom_lon = frame[GEOM_LAT][index], frame[GEOM_LON][index]
            if geom_lat is not None and not pd.isna(geom_lat) or geom_lon is not None and not pd.isna(geom_lon):
                lat_text, lon_text = repr(float(geom_lat)), repr(float(geom_lon))
        if lat_text or lon_text:
            problem = _coordinate_problem(lat_text, lon_text)
            if problem:
                rows.reject(pd.Series([True], index=[index]), problem)
                continue
            lat[index], lon[index] = float(lat_text), float(lon_text)
            if not precision[index]:
                precision[index] = "address"
            continue
        city, code = values["city"][index], state[index]
        if city and isinstance(code, str):
            found = geocode.geocode_city(city, code)
            if found:
                lat[index], lon[index] = found[0], found[1]
                precision[index] = _coarser(precision[index], "city")
                rows.change(index, f"geocoded '{city}, {code}' to the centre of {found[2]}")
                continue
        if isinstance(code, str):
            centre = boundaries.state_centre(code)
            if centre:
                lat[index], lon[index] = centre
                precision[index] = "state"
                note = f"city '{city}' not found in the gazetteer; " if city else ""
                rows.change(index, f"{note}placed at the centre of {code}")
                continue
        if not values["state"][index]:
            rows.reject(pd.Series([True], index=[index]), "no place: needs lat and lon, city and state, or state")
    return lat, lon, precision


def _coarser(given: str, floor: str) -> str:
    """A geocoded city is never more precise than a city, whatever the file claimed."""
    if given in LOCATION_PRECISION and _rank(given) >= _rank(floor):
        return given
    return floor


def _coordinate_problem(lat_text: str, lon_text: str) -> str | None:
    if not lat_text or not lon_text:
        return "lat given without lon" if lat_text else "lon given without lat"
    lat, lon = _number(lat_text), _number(lon_text)
    if lat is None or lon is None:
        bad = lat_text if lat is None else lon_text
        return f"coordinate '{bad}' is not a number"
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return f"coordinates ({lat_text}, {lon_text}) are not finite"
    if not -90 <= lat <= 90:
        return f"lat {lat_text} is outside -90..90"
    if not -180 <= lon <= 180:
        return f"lon {lon_text} is outside -180..180"
    return None


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def validate_counts(raw: RawTable) -> tuple[pd.DataFrame, LoadReport]:
    """State-level facts: numeric measures are numbers, categorical ones keep their text."""
    frame = raw.frame
    rows = _Rows(frame["row"])
    warnings = list(raw.warnings)
    for column in frame.columns:
        if column not in COUNT_COLUMNS and column != "row":
            warnings.append(f"unknown column '{column}' kept as is")
    values = {column: _text(frame, column, default) for column, default in COUNT_COLUMNS.items()}
    for column, default in COUNT_COLUMNS.items():
        if default is None:
            rows.reject(values[column] == "", f"missing {column}")
    state = values["state"].map(normalize_state)
    rows.reject(
        (values["state"] != "") & state.isna(),
        values["state"].map(lambda v: f"state '{v}' is not a U.S. state, DC or territory code, name or FIPS"),
    )
    pair = pd.Series(list(zip(state, values["measure"], strict=False)), index=frame.index)
    duplicated = pair.duplicated(keep="first") & state.notna()
    rows.reject(duplicated, "duplicate state and measure (the first is kept)")
    numeric = values["value"].str.match(_NUMBER)
    counts = pd.DataFrame(
        {
            "row": frame["row"],
            "state": state.fillna(""),
            "measure": values["measure"],
            "value": values["value"],
            "number": pd.to_numeric(values["value"].where(numeric), errors="coerce"),
            "as_of": values["as_of"],
            "source": values["source"],
            "note": values["note"],
        }
    )
    good = rows.ok(frame.index)
    counts = counts.loc[good].reset_index(drop=True)
    report = LoadReport(
        rows=len(frame) + len(raw.rejected),
        mapped=len(counts),
        rejected=_issues(rows.problems, frame["row"], raw.rejected),
        warnings=tuple(warnings),
    )
    return counts, report
