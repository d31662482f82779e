"""Turn raw text tables into validated incidents and state counts, accounting for every row.

Rows read = rows mapped + rows rejected, always. Every fix made on the way (a date read from
another format, swapped coordinates, a geocoded city) is listed as a change with its row number,
and points that look wrong but may be right (outside the U.S., outside their stated state) are
flagged; ``cleaned`` counts each kind.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import boundaries, geocode
from geo.dates import DateError, parse_flexible
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
    location_rank,
)

TRUE = {"true", "yes", "y", "1", "t"}
FALSE = {"false", "no", "n", "0", "f"}
# Degrees of slack when testing a point against the simplified state outlines (about 5 km).
BORDER_SLACK = 0.05
_DECIMAL_COMMA = re.compile(r"^\s*[+-]?\d+,\d+\s*$")


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
    flagged: tuple[RowIssue, ...] = ()
    warnings: tuple[str, ...] = ()
    cleaned: tuple[tuple[str, int], ...] = ()

    def to_dict(self) -> dict:
        def issues(found: tuple[RowIssue, ...]) -> list[dict]:
            return [{"row": issue.row, "reason": issue.reason} for issue in found]

        return {
            "rows": self.rows,
            "mapped": self.mapped,
            "rejected": issues(self.rejected),
            "changed": issues(self.changed),
            "flagged": issues(self.flagged),
            "cleaned": dict(self.cleaned),
            "warnings": list(self.warnings),
        }

    def row_table(self) -> pd.DataFrame:
        """Every rejected, changed or flagged row, one line per reason: the downloadable report."""
        lines = [
            (issue.row, outcome, issue.reason)
            for outcome, found in (("rejected", self.rejected), ("changed", self.changed), ("flagged", self.flagged))
            for issue in found
        ]
        table = pd.DataFrame(lines, columns=["row", "outcome", "reason"])
        return table.sort_values(["row", "outcome"], kind="stable", ignore_index=True)


@dataclass
class _Rows:
    """Collects per-row problems, changes and flags while validation runs column by column."""

    problems: dict[int, list[str]] = field(default_factory=dict)
    changes: dict[int, list[str]] = field(default_factory=dict)
    flags: dict[int, list[str]] = field(default_factory=dict)
    cleaned: Counter = field(default_factory=Counter)

    def reject(self, mask: pd.Series, reason: str | pd.Series) -> None:
        for index in mask[mask].index:
            text = reason if isinstance(reason, str) else reason.loc[index]
            self.problems.setdefault(index, []).append(text)

    def reject_one(self, index: int, reason: str) -> None:
        self.problems.setdefault(index, []).append(reason)

    def change(self, index: int, kind: str, note: str) -> None:
        self.changes.setdefault(index, []).append(note)
        self.cleaned[kind] += 1

    def flag(self, index: int, kind: str, note: str) -> None:
        self.flags.setdefault(index, []).append(note)
        self.cleaned[kind] += 1

    def ok(self, index_like: pd.Index) -> np.ndarray:
        return np.array([i not in self.problems for i in index_like], dtype=bool)


def _text(frame: pd.DataFrame, column: str, default: str | None) -> pd.Series:
    if column in frame:
        values = frame[column].fillna("").astype(str).str.strip()
        return values.where(values != "", default or "")
    return pd.Series(default or "", index=frame.index, dtype=object)


def _key(values: pd.Series) -> pd.Series:
    """'Law Enforcement' and 'law-enforcement' both mean the vocabulary key 'law_enforcement'."""
    return values.str.lower().str.replace(r"[\s\-]+", "_", regex=True)


def validate_incidents(raw: RawTable) -> tuple[gpd.GeoDataFrame, LoadReport]:
    frame = raw.frame
    rows = _Rows()
    warnings = list(raw.warnings)
    known = set(INCIDENT_COLUMNS) | {"row", GEOM_LAT, GEOM_LON, GEOM_ERROR}
    extras = [c for c in frame.columns if c not in known]
    if extras:
        warnings.append(f"columns outside the schema kept as they are: {', '.join(extras)}")
    for column in REQUIRED_COLUMNS:
        if column not in frame:
            warnings.append(f"required column '{column}' is missing: every row is rejected for it")

    values = {column: _text(frame, column, default) for column, default in INCIDENT_COLUMNS.items()}
    for column in REQUIRED_COLUMNS:
        rows.reject(values[column] == "", f"missing {column}")

    duplicated = values["id"].duplicated(keep="first") & (values["id"] != "")
    if duplicated.any():
        first_row = dict(zip(values["id"][~duplicated], frame["row"][~duplicated], strict=True))
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

    state = values["state"].map(normalize_state)
    rows.reject(
        (values["state"] != "") & state.isna(),
        values["state"].map(lambda v: f"state '{v}' is not a U.S. state, DC or territory code, name or FIPS"),
    )

    periods = _dates(frame.index, values["date"], _key(values["date_precision"]), rows)

    public = values["public"].str.lower()
    rows.reject(~public.isin(TRUE | FALSE), values["public"].map(lambda v: f"public '{v}' is not true or false"))

    location_precision = _key(values["location_precision"])
    public_precision = _key(values["public_precision"])
    for name, series in (("location_precision", location_precision), ("public_precision", public_precision)):
        rows.reject(
            (series != "") & ~series.isin(LOCATION_ORDER),
            series.map(lambda v, n=name: f"{n} '{v}' is not one of {', '.join(LOCATION_ORDER)}"),
        )

    lat, lon, location_precision = _place(frame, values, state, location_precision, rows)

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

    public_precision = public_precision.where(public_precision != "", location_precision)
    # Public outputs may never be more precise than what we know.
    finer = public_precision.map(location_rank) < location_precision.map(location_rank)
    public_precision = public_precision.where(~finer, location_precision)

    def period_column(attribute: str) -> list:
        return [getattr(periods[i], attribute) if i in periods else None for i in frame.index]

    incidents = pd.DataFrame(
        {
            "row": frame["row"],
            "id": values["id"],
            "title": values["title"].where(values["title"] != "", values["summary"].str.slice(0, 80)),
            "date": [periods[i].stated.isoformat() if i in periods else "" for i in frame.index],
            "date_precision": [periods[i].precision if i in periods else "" for i in frame.index],
            "date_start": pd.to_datetime(period_column("start")),
            "date_end": pd.to_datetime(period_column("end")),
            "date_label": [periods[i].label if i in periods else "" for i in frame.index],
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
    for column in extras:
        incidents[column] = frame[column]
    incidents = incidents.loc[good].reset_index(drop=True)
    geodata = gpd.GeoDataFrame(
        incidents,
        geometry=gpd.points_from_xy(incidents["lon"].astype(float), incidents["lat"].astype(float)),
        crs=4326,
    )
    kept = set(frame.index[good])
    report = LoadReport(
        rows=len(frame) + len(raw.rejected),
        mapped=len(geodata),
        rejected=_issues(rows.problems, frame["row"], raw.rejected),
        changed=_issues({i: r for i, r in rows.changes.items() if i in kept}, frame["row"], []),
        flagged=_issues({i: r for i, r in rows.flags.items() if i in kept}, frame["row"], []),
        warnings=tuple(warnings),
        cleaned=tuple(sorted(rows.cleaned.items())),
    )
    return geodata, report


def _dates(index: pd.Index, texts: pd.Series, precisions: pd.Series, rows: _Rows) -> dict:
    periods = {}
    for position, text, precision in zip(index, texts, precisions, strict=True):
        if not text:
            continue
        try:
            periods[position], note = parse_flexible(text, precision)
        except DateError as error:
            rows.reject_one(position, str(error))
            continue
        if note:
            rows.change(position, "dates read from other formats", note)
    return periods


def _attributed_keys(cell: str) -> str:
    """'Police; Federal agency' -> 'police;federal_agency'; unknown parts keep their text."""
    parts = [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]
    keys = [re.sub(r"[\s\-]+", "_", part.lower()) for part in parts]
    return LIST_SEPARATOR.join(key if key in ATTRIBUTED else part for key, part in zip(keys, parts, strict=True))


def _issues(found: dict[int, list[str]], numbers: pd.Series, extra: list[tuple[int, str]]) -> tuple[RowIssue, ...]:
    issues = [RowIssue(int(numbers.loc[i]), "; ".join(reasons)) for i, reasons in found.items()]
    issues += [RowIssue(number, reason) for number, reason in extra]
    return tuple(sorted(issues, key=lambda issue: issue.row))


def _coordinate(text: str) -> tuple[float | None, bool]:
    """A number from '39.7', ' -104,98 ' (decimal comma) or '1e2'; and whether a comma was read."""
    if _DECIMAL_COMMA.match(text):
        return float(text.replace(",", ".")), True
    try:
        return float(text), False
    except ValueError:
        return None, False


def _within(lat: np.ndarray, lon: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Whether each point lies in (or within about 5 km of) the state named beside it."""
    states = boundaries.load_states().set_index("state").geometry
    inside = np.zeros(len(lat), dtype=bool)
    points = shapely.points(lon, lat)
    for code in set(codes) & set(states.index):
        chosen = codes == code
        inside[chosen] = shapely.dwithin(states[code], points[chosen], BORDER_SLACK)
    return inside


def _in_any_state(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    union = _all_states()
    return shapely.dwithin(union, shapely.points(lon, lat), BORDER_SLACK)


@cache
def _all_states() -> shapely.Geometry:
    """Every state and territory as one prepared shape: the 'inside the U.S.' test."""
    union = shapely.union_all(boundaries.load_states().geometry.values)
    shapely.prepare(union)
    return union


def _place(
    frame: pd.DataFrame,
    values: dict[str, pd.Series],
    state: pd.Series,
    precision: pd.Series,
    rows: _Rows,
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Coordinates for every row: given (repaired where clearly swapped), geocoded from city or
    county and state, or the state's centre."""
    lat = pd.Series(np.nan, index=frame.index)
    lon = pd.Series(np.nan, index=frame.index)
    precision = precision.copy()
    lat_text, lon_text = values["lat"].copy(), values["lon"].copy()
    if GEOM_LAT in frame:
        # Spatial formats: the geometry is the place unless lat/lon columns say otherwise.
        from_geometry = (lat_text == "") & (lon_text == "")
        for index in frame.index[from_geometry & (frame[GEOM_ERROR] != "")]:
            rows.reject_one(index, frame[GEOM_ERROR][index])
        has_geometry = from_geometry & frame[GEOM_LAT].notna()
        lat_text = lat_text.where(~has_geometry, frame[GEOM_LAT].map(lambda v: repr(float(v))))
        lon_text = lon_text.where(~has_geometry, frame[GEOM_LON].map(lambda v: repr(float(v))))

    given = (lat_text != "") | (lon_text != "")
    for index in frame.index[given]:
        if index in rows.problems:
            continue
        problem = None
        if not lat_text[index] or not lon_text[index]:
            problem = "lat given without lon" if lat_text[index] else "lon given without lat"
        else:
            (la, comma_la), (lo, comma_lo) = _coordinate(lat_text[index]), _coordinate(lon_text[index])
            if la is None or lo is None:
                problem = f"coordinate '{lat_text[index] if la is None else lon_text[index]}' is not a number"
            elif not (np.isfinite(la) and np.isfinite(lo)):
                problem = f"coordinates ({lat_text[index]}, {lon_text[index]}) are not finite"
            else:
                lat[index], lon[index] = la, lo
                if comma_la or comma_lo:
                    rows.change(
                        index,
                        "decimal commas read",
                        f"coordinates ({lat_text[index]}, {lon_text[index]}) read with decimal commas",
                    )
        if problem:
            rows.reject_one(index, problem)
    _repair_and_flag(lat, lon, state, rows)
    for index in frame.index[given & lat.notna()]:
        if not precision[index]:
            precision[index] = "address"

    missing = ~given & ~frame.index.isin(list(rows.problems))
    _geocode(frame.index[missing], values, state, lat, lon, precision, rows)
    return lat, lon, precision


def _repair_and_flag(lat: pd.Series, lon: pd.Series, state: pd.Series, rows: _Rows) -> None:
    """Swap lat/lon where only the swap lands in the stated state; reject impossible points;
    flag points outside the U.S. or outside their stated state (they may still be right)."""
    present = lat.notna() & lon.notna()
    if not present.any():
        return
    index = lat.index[present]
    la, lo = lat[index].to_numpy(dtype=float, copy=True), lon[index].to_numpy(dtype=float, copy=True)
    codes = state[index].fillna("").to_numpy()
    stated = codes != ""
    inside = np.zeros(len(index), dtype=bool)
    in_range = (np.abs(la) <= 90) & (np.abs(lo) <= 180)
    swap_range = (np.abs(lo) <= 90) & (np.abs(la) <= 180)
    if stated.any():
        inside[stated & in_range] = _within(la[stated & in_range], lo[stated & in_range], codes[stated & in_range])
        candidates = stated & ~inside & swap_range
        swapped_inside = np.zeros(len(index), dtype=bool)
        swapped_inside[candidates] = _within(lo[candidates], la[candidates], codes[candidates])
        for position in np.flatnonzero(swapped_inside):
            label = index[position]
            rows.change(
                label,
                "lat/lon swapped",
                f"lat and lon swapped: ({la[position]}, {lo[position]}) lies outside "
                f"{codes[position]}, ({lo[position]}, {la[position]}) inside it",
            )
            lat[label], lon[label] = lo[position], la[position]
            la[position], lo[position] = lo[position], la[position]
        inside |= swapped_inside
        in_range = (np.abs(la) <= 90) & (np.abs(lo) <= 180)
    for position in np.flatnonzero(~in_range):
        label = index[position]
        which = (
            f"lat {la[position]:g} is outside -90..90"
            if abs(la[position]) > 90
            else (f"lon {lo[position]:g} is outside -180..180")
        )
        rows.reject_one(label, which)
        lat[label] = lon[label] = np.nan
    check = in_range
    in_us = np.zeros(len(index), dtype=bool)
    in_us[check] = _in_any_state(la[check], lo[check])
    for position in np.flatnonzero(check & ~in_us):
        rows.flag(
            index[position],
            "outside the U.S.",
            f"point ({la[position]}, {lo[position]}) is outside the U.S. states and territories",
        )
    for position in np.flatnonzero(check & in_us & stated & ~inside):
        rows.flag(
            index[position],
            "outside stated state",
            f"point ({la[position]}, {lo[position]}) is outside its stated state {codes[position]}",
        )


def _geocode(
    index: pd.Index,
    values: dict[str, pd.Series],
    state: pd.Series,
    lat: pd.Series,
    lon: pd.Series,
    precision: pd.Series,
    rows: _Rows,
) -> None:
    """Rows without coordinates: city, else county (its own column, or the city cell naming a
    county, as in 'Cook (county)'), else the state's centre."""
    if len(index) == 0:
        return
    city, code = values["city"][index], state[index].fillna("")
    county = values["county"][index].where(values["county"][index] != "", city)
    found = geocode.geocode_many(city, code)
    counties = geocode.geocode_counties(county, code)
    for label in index:
        name, where = city[label], code[label]
        if name and where and pd.notna(found.at[label, "lat"]) and "county" not in name.lower():
            lat[label], lon[label] = found.at[label, "lat"], found.at[label, "lon"]
            precision[label] = _coarser(precision[label], "city")
            rows.change(
                label, "geocoded to a city", f"geocoded '{name}, {where}' to the centre of {found.at[label, 'name']}"
            )
        elif county[label] and where and pd.notna(counties.at[label, "lat"]):
            lat[label], lon[label] = counties.at[label, "lat"], counties.at[label, "lon"]
            precision[label] = _coarser(precision[label], "county")
            rows.change(
                label,
                "geocoded to a county",
                f"geocoded '{county[label]}, {where}' to the centre of {counties.at[label, 'name']} County",
            )
        elif where and (centre := boundaries.state_centre(where)):
            lat[label], lon[label] = centre
            precision[label] = "state"
            note = f"'{county[label] or name}' not found among cities or counties; " if name or county[label] else ""
            rows.change(label, "placed at a state centre", f"{note}placed at the centre of {where}")
        else:
            rows.reject_one(label, "no place: needs lat and lon, city and state, or state")


def _coarser(given: str, floor: str) -> str:
    """A geocoded place is never more precise than what was matched, whatever the file claimed."""
    if given in LOCATION_PRECISION and location_rank(given) >= location_rank(floor):
        return given
    return floor


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def validate_counts(raw: RawTable) -> tuple[pd.DataFrame, LoadReport]:
    """State-level facts: numeric measures are numbers, categorical ones keep their text."""
    frame = raw.frame
    rows = _Rows()
    warnings = list(raw.warnings)
    extras = [c for c in frame.columns if c not in COUNT_COLUMNS and c != "row"]
    if extras:
        warnings.append(f"columns outside the schema kept as they are: {', '.join(extras)}")
    values = {column: _text(frame, column, default) for column, default in COUNT_COLUMNS.items()}
    for column, default in COUNT_COLUMNS.items():
        if default is None:
            rows.reject(values[column] == "", f"missing {column}")
    state = values["state"].map(normalize_state)
    rows.reject(
        (values["state"] != "") & state.isna(),
        values["state"].map(lambda v: f"state '{v}' is not a U.S. state, DC or territory code, name or FIPS"),
    )
    pair = pd.Series(list(zip(state, values["measure"], strict=True)), index=frame.index)
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
    counts = counts.loc[rows.ok(frame.index)].reset_index(drop=True)
    report = LoadReport(
        rows=len(frame) + len(raw.rejected),
        mapped=len(counts),
        rejected=_issues(rows.problems, frame["row"], raw.rejected),
        warnings=tuple(warnings),
    )
    return counts, report
