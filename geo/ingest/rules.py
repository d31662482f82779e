"""Validation rules: each field of each row checked against the schema and the vocabularies.

Every row ends mapped or rejected with its reasons (see ``report``); places are resolved by
``places``. ``progress`` (fraction, text) is told as each stage starts, for long files.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute

from geo.ingest.dates import DateError, parse_flexible
from geo.ingest.distinct import each_distinct
from geo.ingest.places import place_rows
from geo.ingest.raw import GEOM_ERROR, GEOM_LAT, GEOM_LON, LoadError, RawTable
from geo.ingest.report import LoadReport, RowLedger
from geo.states import normalize_state
from geo.text import folded
from geo.vocab import (
    ATTRIBUTED,
    ATTRIBUTION,
    COUNT_COLUMNS,
    CRIME_TYPE,
    HISTORY_COLUMNS,
    INCIDENT_COLUMNS,
    LIST_SEPARATOR,
    LOCATION_ORDER,
    REQUIRED_COLUMNS,
    location_rank,
)

# A map, its legend and its filter can tell apart this many crime types; more means the column
# holds descriptions, not categories (100,000 of them sent 7.8 MB with every Map page).
MAX_CRIME_TYPES = 1_000
# Values a warning lists before it only counts the rest.
LISTED = 20
TRUE = {"true", "yes", "y", "1", "t"}
FALSE = {"false", "no", "n", "0", "f"}
Progress = Callable[[float, str], None]


def no_progress(fraction: float, text: str) -> None:
    """The default progress hook: nobody is watching."""


def _text(frame: pd.DataFrame, column: str, default: str | None) -> pd.Series:
    """A column as stripped Arrow strings ("" when empty, or ``default``)."""
    if column in frame:
        values = frame[column].fillna("").astype("str")
        # Clean columns are used as read (no copy); only one with padding is stripped.
        if _padded(values):
            values = values.str.strip()
        return values.where(values != "", default) if default else values
    return pd.Series(default or "", index=frame.index, dtype="str")


def _padded(values: pd.Series) -> bool:
    """Whether any value starts or ends with white space, by Arrow's kernels on first and last
    characters (0.07 s for a million values; pandas' regular expression took 1.3 s)."""
    column = pa.array(values.array)
    first = pyarrow.compute.utf8_slice_codeunits(column, 0, 1)
    last = pyarrow.compute.utf8_slice_codeunits(column, -1, 2**31 - 1)
    spaced = pyarrow.compute.or_(pyarrow.compute.utf8_is_space(first), pyarrow.compute.utf8_is_space(last))
    return bool(pyarrow.compute.any(spaced).as_py())


def _reasons(values: pd.Series, mask: pd.Series, message: Callable[[str], str]) -> pd.Series:
    """The message for each rejected row only, once per distinct value: valid rows cost nothing."""
    return each_distinct(values[mask], message)


_SEPARATORS = re.compile(r"[\s\-]+")


def _key(values: pd.Series) -> pd.Series:
    """'Law Enforcement' and 'law-enforcement' both mean the vocabulary key 'law_enforcement', and so
    do its full-width and zero-width look-alikes (``geo.text.folded``)."""
    return each_distinct(values, lambda value: _SEPARATORS.sub("_", folded(str(value)).lower()))


def _look_alikes(values: pd.Series, keys: pd.Series, what: str, shown: int = 20) -> list[str]:
    """A warning naming the spellings read as plain ones because they hold invisible or full-width
    characters (``ｔｈｅｆｔ`` and ``the\u200bft`` are ``theft``): look-alikes are one value, said once."""
    distinct = pd.DataFrame({"written": values.astype(str), "key": keys}).drop_duplicates("written")
    altered = distinct[[folded(written) != written for written in distinct["written"]]]
    if altered.empty:
        return []
    named = "; ".join(f"{ascii(w)} as {k}" for w, k in zip(altered["written"][:shown], altered["key"], strict=False))
    more = f" and {len(altered) - shown:,} more" if len(altered) > shown else ""
    return [f"{what} written with invisible or full-width characters were read as plain ones: {named}{more}"]


def validate_incidents(raw: RawTable, progress: Progress = no_progress) -> tuple[gpd.GeoDataFrame, LoadReport]:
    frame = raw.frame
    progress(0.0, f"Checking the fields of {len(frame):,} rows")
    rows = RowLedger()
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
        repeated = values["id"][duplicated]
        firsts = values["id"][~duplicated & values["id"].isin(repeated)]
        first_row = dict(zip(firsts, frame["row"][firsts.index], strict=True))
        rows.reject(
            duplicated,
            _reasons(values["id"], duplicated, lambda key: f"duplicate id '{key}' (first at row {first_row.get(key)})"),
        )

    attribution = _key(values["attribution"])
    unknown = (attribution != "") & ~attribution.isin(list(ATTRIBUTION))
    rows.reject(
        unknown,
        _reasons(values["attribution"], unknown, lambda v: f"attribution '{v}' is not one of {', '.join(ATTRIBUTION)}"),
    )
    crime_type = _key(values["crime_type"])

    state = each_distinct(values["state"], lambda value: normalize_state(folded(value)))
    unknown = (values["state"] != "") & state.isna()
    rows.reject(
        unknown,
        _reasons(
            values["state"], unknown, lambda v: f"state '{v}' is not a U.S. state, DC or territory code, name or FIPS"
        ),
    )

    progress(0.2, "Reading dates")
    period_of, periods = _dates(values["date"], _key(values["date_precision"]), rows)

    if "public" in frame:
        # A file that says which rows may be published must say it for every row: a blank cell is
        # not taken to mean yes.
        blank = _text(frame, "public", None) == ""
        rows.reject(blank, "public is blank: a row is published only where the file says true")
    public = values["public"].str.lower()
    unknown = ~public.isin(TRUE | FALSE)
    rows.reject(unknown, _reasons(values["public"], unknown, lambda v: f"public '{v}' is not true or false"))

    location_precision = _key(values["location_precision"])
    public_precision = _key(values["public_precision"])
    for name, series in (("location_precision", location_precision), ("public_precision", public_precision)):
        unknown = (series != "") & ~series.isin(LOCATION_ORDER)
        rows.reject(
            unknown, _reasons(series, unknown, lambda v, n=name: f"{n} '{v}' is not one of {', '.join(LOCATION_ORDER)}")
        )

    progress(0.45, "Checking coordinates, geocoding places without them")
    lat, lon, location_precision = place_rows(frame, values, state, location_precision, rows)

    attributed_by = each_distinct(values["attributed_by"], _attributed_keys)
    unknown_by = sorted(
        {part for cell in attributed_by for part in cell.split(LIST_SEPARATOR) if part and part not in ATTRIBUTED}
    )
    if unknown_by:
        warnings.append(f"attributed_by values outside the vocabulary kept as written: {', '.join(unknown_by)}")

    progress(0.85, "Assembling the incidents")
    good = rows.ok(frame.index)
    distinct = crime_type[good].nunique()
    if distinct > MAX_CRIME_TYPES:
        raise LoadError(
            f"the crime_type column holds {distinct:,} different values among the rows that could be mapped; "
            f"a map can tell apart at most {MAX_CRIME_TYPES:,}: map a column of categories to crime_type, "
            "or group the types first"
        )
    new_types = sorted(set(crime_type[good]) - set(CRIME_TYPE) - {""})
    if new_types:
        listed = ", ".join(new_types[:LISTED]) + (
            f" and {len(new_types) - LISTED:,} more" if len(new_types) > LISTED else ""
        )
        warnings.append(f"crime types not in the standard vocabulary (kept): {listed}")
    warnings += _look_alikes(values["crime_type"][good], crime_type[good], "crime types")
    warnings += _look_alikes(values["state"][good], state[good].fillna(""), "states")

    public_precision = public_precision.where(public_precision != "", location_precision)
    # Public outputs may never be more precise than what we know.
    finer = public_precision.map(location_rank) < location_precision.map(location_rank)
    public_precision = public_precision.where(~finer, location_precision)

    period_column, period_days = _period_columns(periods, period_of, frame.index)
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
    geodata = gpd.GeoDataFrame(
        incidents,
        geometry=gpd.points_from_xy(incidents["lon"].astype(float), incidents["lat"].astype(float)),
        crs=4326,
    )
    report = rows.report(frame["row"], raw.rejected, len(geodata), warnings, kept=frame.index[good])
    return geodata, report


def _dates(texts: pd.Series, precisions: pd.Series, rows: RowLedger) -> tuple[np.ndarray, list]:
    """Each distinct (date, precision) pair is read once; its outcome applies to every row holding
    it. Returns each row's pair code and each pair's period (None: no date, or rejected)."""
    text_codes, text_values = pd.factorize(texts, use_na_sentinel=False)
    precision_codes, precision_values = pd.factorize(precisions, use_na_sentinel=False)
    width = max(len(precision_values), 1)
    codes, pairs = pd.factorize(text_codes * width + precision_codes)
    periods: list = [None] * len(pairs)
    errors, notes = {}, {}
    for n, pair in enumerate(pairs):
        text, precision = text_values[pair // width], precision_values[pair % width]
        if not text:
            continue
        try:
            periods[n], note = parse_flexible(text, precision)
        except DateError as error:
            errors[n] = str(error)
            continue
        if note:
            notes[n] = note
    # Rows are told apart only for the pairs that were refused or read from another format.
    if errors:
        held = np.isin(codes, list(errors))
        messages = pd.Series(pd.Series(errors).reindex(codes[held]).to_numpy(), index=texts.index[held])
        rows.reject(pd.Series(held, index=texts.index), messages)
    if notes:
        held = np.isin(codes, list(notes))
        messages = pd.Series(pd.Series(notes).reindex(codes[held]).to_numpy(), index=texts.index[held])
        rows.change_many(messages, "dates read from other formats")
    return codes, periods


def _period_columns(periods: list, period_of: np.ndarray, index: pd.Index) -> tuple[Callable, Callable]:
    """Makers of columns describing each row's date (text, and days), each worked out once per
    distinct (date, precision) pair (a year of incidents has a few hundred) and taken for every row
    by its code (``_dates``): no Python object per row."""

    def text(describe: Callable, missing: object = "") -> pd.Series:
        described = np.array([missing if p is None else describe(p) for p in periods], dtype=object)
        return pd.Series(described[period_of], index=index, dtype="str")

    def days(describe: Callable) -> pd.Series:
        stamps = pd.to_datetime(pd.Series([None if p is None else describe(p) for p in periods], dtype=object))
        return pd.Series(stamps.to_numpy()[period_of], index=index, dtype="datetime64[ns]")

    return text, days


def _attributed_keys(cell: str) -> str:
    """'Police; Federal agency' -> 'police;federal_agency'; unknown parts keep their text."""
    parts = [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]
    keys = [re.sub(r"[\s\-]+", "_", part.lower()) for part in parts]
    return LIST_SEPARATOR.join(key if key in ATTRIBUTED else part for key, part in zip(keys, parts, strict=True))


def _checked_columns(
    raw: RawTable, schema: dict[str, str | None], extras_note: str
) -> tuple[pd.DataFrame, RowLedger, list[str], dict[str, pd.Series]]:
    """The first steps of checking a table against a schema: columns outside it noted, every cell as
    text, and rows missing a required value rejected (a missing required column said once)."""
    frame = raw.frame
    rows = RowLedger()
    warnings = list(raw.warnings)
    extras = [c for c in frame.columns if c not in schema and c != "row"]
    if extras:
        warnings.append(f"{extras_note}: {', '.join(extras)}")
    values = {column: _text(frame, column, default) for column, default in schema.items()}
    for column, default in schema.items():
        if default is None:
            if column not in frame:
                warnings.append(f"required column '{column}' is missing: every row is rejected for it")
            rows.reject(values[column] == "", f"missing {column}")
    return frame, rows, warnings, values


def validate_history(raw: RawTable, incidents: pd.DataFrame) -> tuple[pd.DataFrame, LoadReport]:
    """Dated steps in how firmly incidents' links are established, checked like incidents: each
    names a known incident, a level and a date no earlier than the incident's. An incident whose
    current level differs from its latest step is flagged (the conflict is the editor's to settle)."""
    frame, rows, warnings, values = _checked_columns(raw, HISTORY_COLUMNS, "columns outside the history schema ignored")
    ids = pa.array(incidents["id"].astype("str"), type=pa.large_string())
    named = pa.compute.is_in(pa.array(values["id"], type=pa.large_string()), value_set=ids).to_numpy(
        zero_copy_only=False
    )
    unknown = (values["id"] != "") & ~pd.Series(named, index=frame.index)
    rows.reject(unknown, _reasons(values["id"], unknown, lambda v: f"no incident has the id '{v}'"))
    attribution = _key(values["attribution"])
    unknown = (attribution != "") & ~attribution.isin(list(ATTRIBUTION))
    rows.reject(
        unknown,
        _reasons(values["attribution"], unknown, lambda v: f"attribution '{v}' is not one of {', '.join(ATTRIBUTION)}"),
    )
    period_of, periods = _dates(values["date"], _key(values["date_precision"]), rows)
    described, days = _period_columns(periods, period_of, frame.index)
    starts, ends = days(lambda p: p.start), days(lambda p: p.end)
    # A step dated wholly before its incident's own period cannot be about it.
    unique = incidents.drop_duplicates("id")
    began = pd.Series(unique["date_start"].to_numpy(), index=unique["id"].astype("str"))
    before = ends.notna() & (ends <= values["id"].map(began))
    rows.reject(before, described(lambda p: f"dated {p.label}, before the incident itself")[before])
    good = rows.ok(frame.index)
    history = pd.DataFrame(
        {
            "row": frame["row"],
            "id": values["id"],
            "date": described(lambda p: p.stated.isoformat()),
            "date_precision": described(lambda p: p.precision),
            "date_start": starts,
            "date_end": ends,
            "date_label": described(lambda p: p.label),
            "attribution": attribution,
            "attributed_by": each_distinct(values["attributed_by"], _attributed_keys),
            "source_name": values["source_name"],
            "source_url": values["source_url"],
            "source_date": values["source_date"],
            "note": values["note"],
        },
        index=frame.index,
    ).loc[good]
    history = history.sort_values(["id", "date_start", "row"], kind="stable")
    current = pd.Series(unique["attribution"].to_numpy(), index=unique["id"].astype("str"))
    latest = history.groupby("id", sort=False).tail(1)
    now = latest["id"].map(current)
    for index, step in latest[now.to_numpy() != latest["attribution"].to_numpy()].iterrows():
        rows.flag(
            index,
            "current level differs from the latest step",
            f"incident '{step['id']}' is rated '{current.get(step['id'])}', but its latest step "
            f"({step['date_label']}) says '{step['attribution']}'",
        )
    report = rows.report(frame["row"], raw.rejected, len(history), warnings, kept=frame.index[good])
    return history.reset_index(drop=True).astype({c: "str" for c in HISTORY_TEXT}), report


HISTORY_TEXT = (
    "id",
    "date",
    "date_precision",
    "date_label",
    "attribution",
    "attributed_by",
    "source_name",
    "source_url",
    "source_date",
    "note",
)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def validate_counts(raw: RawTable) -> tuple[pd.DataFrame, LoadReport]:
    """State-level facts: numeric measures are numbers, categorical ones keep their text."""
    frame, rows, warnings, values = _checked_columns(raw, COUNT_COLUMNS, "columns outside the schema kept as they are")
    state = each_distinct(values["state"], normalize_state)
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
            # What corrections and manifests key a figure by: a rename of the measure keeps it.
            "measure_id": values["measure_id"].where(values["measure_id"] != "", values["measure"]),
            "value": values["value"],
            "number": pd.to_numeric(values["value"].where(numeric), errors="coerce"),
            "as_of": values["as_of"],
            "source": values["source"],
            "note": values["note"],
            "scope": values["scope"],
        }
    )
    counts = counts.loc[rows.ok(frame.index)].reset_index(drop=True)
    report = rows.report(frame["row"], raw.rejected, len(counts), warnings)
    return counts, report
