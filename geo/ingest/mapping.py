"""Column mappings: how a newsroom's own file becomes our incident schema.

A mapping names, for each of our fields, the file's column; says which cells hold several values
(the first is the primary one, all are kept); gives defaults for fields the file lacks; and renames
values. It is read from TOML, or guessed from common column names.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import tomli_w

from geo.ingest.raw import GEOM_ERROR, GEOM_LAT, GEOM_LON, LoadError, RawTable
from geo.reference.vocab import INCIDENT_COLUMNS

FIELDS = tuple(INCIDENT_COLUMNS)

# Lower-case, punctuation-free names seen in public datasets and newsroom sheets, best first.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": (
        "id",
        "incident id",
        "incidentid",
        "event id",
        "event id cnty",
        "case id",
        "case number",
        "record id",
        "uid",
        "key",
    ),
    "title": ("title", "headline", "name", "incident"),
    "date": ("date", "incident date", "event date", "date of incident", "occurred", "occurred on", "day"),
    "date_precision": ("date precision", "time precision", "date accuracy"),
    "city": ("city", "city or county", "town", "municipality", "location", "place", "admin3"),
    "county": ("county", "county name", "parish", "admin2"),
    "state": ("state", "state abbreviation", "state code", "st", "province", "admin1", "state name"),
    "lat": ("lat", "latitude", "y", "lat dd", "point y"),
    "lon": ("lon", "lng", "long", "longitude", "x", "lon dd", "point x"),
    "location_precision": ("location precision", "geo precision", "geocode precision"),
    "public_precision": ("public precision",),
    "crime_type": (
        "crime type",
        "crime",
        "offense",
        "offence",
        "incident type",
        "type",
        "event type",
        "sub event type",
        "incident characteristics",
        "category",
        "charge",
    ),
    "attribution": ("attribution", "attribution confidence", "confidence"),
    "attributed_by": ("attributed by", "source type", "actor"),
    "summary": ("summary", "notes", "description", "narrative", "details", "what happened"),
    "source_name": ("source name", "source", "outlet", "publisher"),
    "source_url": ("source url", "url", "link", "sources", "incident url"),
    # Not "published": in a newsroom's sheet that may as well say whether a row may be published.
    "source_date": ("source date", "publication date"),
    "public": ("public", "publishable"),
    "internal_notes": ("internal notes", "internal", "private notes"),
}


FUZZY_FIELDS = {"date", "city", "county", "state", "lat", "lon", "summary"}
# Column names that speak of whether a row may be published: one not mapped to ``public`` stops the
# import with a question, since its rows would otherwise all be published.
PUBLICATION_WORDS = re.compile(r"\b(public|publish\w*|publication|embargo\w*|private|confidential|unpublished)\b")


class MappingError(LoadError):
    """The mapping file itself is wrong; the message says where."""


@dataclass(frozen=True)
class ColumnMapping:
    columns: dict[str, str] = field(default_factory=dict)
    split: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_toml(self) -> str:
        """The mapping as a file a newsroom can keep next to its data and reuse (any TOML reader's)."""
        tables: dict = {"columns": dict(self.columns)}
        for name, content in (("split", self.split), ("defaults", self.defaults), ("values", self.values)):
            if content:
                tables[name] = {
                    key: dict(value) if isinstance(value, dict) else value for key, value in content.items()
                }
        return tomli_w.dumps(tables)


def _plain(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(name).lower()).strip()


def load_mapping(path: str | Path) -> ColumnMapping:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MappingError(f"{path}: no such mapping file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise MappingError(f"{path.name}: not valid TOML: {error}") from None
    unknown_tables = set(data) - {"columns", "split", "defaults", "values"}
    if unknown_tables:
        raise MappingError(f"{path.name}: unknown table(s) {', '.join(sorted(unknown_tables))}")
    sections = {name: data.get(name, {}) for name in ("columns", "split", "defaults", "values")}
    for name, content in sections.items():
        if not isinstance(content, dict):
            raise MappingError(f"{path.name}: [{name}] must be a table")
        unknown = set(content) - set(FIELDS)
        if unknown:
            raise MappingError(
                f"{path.name}: [{name}] names fields we do not have: {', '.join(sorted(unknown))} "
                f"(ours: {', '.join(FIELDS)})"
            )
    values = {ours: {str(k): str(v) for k, v in renames.items()} for ours, renames in sections["values"].items()}
    return ColumnMapping(
        columns={k: str(v) for k, v in sections["columns"].items()},
        split={k: str(v) for k, v in sections["split"].items()},
        defaults={k: str(v) for k, v in sections["defaults"].items()},
        values=values,
    )


def guess_mapping(columns: list[str]) -> ColumnMapping:
    """Pick, for each field, the file column whose name is a known synonym; each column used once."""
    available = {_plain(c): c for c in columns if c not in ("row", GEOM_LAT, GEOM_LON, GEOM_ERROR)}
    chosen: dict[str, str] = {}
    used: set[str] = set()
    # First exact names, then, for place and date fields, names that contain a known one as whole
    # words ("Where (city)"); looser matching would take "race_source" for a source.
    for exact in (True, False):
        for ours, names in SYNONYMS.items():
            if ours in chosen or (not exact and ours not in FUZZY_FIELDS):
                continue
            for name in names:
                column = (
                    available.get(name)
                    if exact
                    else next(
                        (c for plain, c in available.items() if len(name) > 2 and f" {name} " in f" {plain} "), None
                    )
                )
                if column and column not in used:
                    chosen[ours] = column
                    used.add(column)
                    break
    return ColumnMapping(columns=chosen)


def apply_mapping(raw: RawTable, mapping: ColumnMapping) -> RawTable:
    """A table in our column names, ready for validation; the file's other columns ride along."""
    frame = raw.frame
    missing = sorted({c for c in mapping.columns.values() if c not in frame.columns})
    if missing:
        raise MappingError(
            f"the mapping names columns the file does not have: {', '.join(missing)} "
            f"(the file has: {', '.join(c for c in frame.columns if c != 'row')})"
        )
    out = pd.DataFrame({"row": frame["row"]})
    for ours in FIELDS:
        if ours in mapping.columns:
            cells = frame[mapping.columns[ours]].fillna("").astype(str)
        else:
            cells = pd.Series("", index=frame.index, dtype=object)
        if ours in mapping.split:
            parts = cells.map(lambda cell, sep=mapping.split[ours]: [p.strip() for p in cell.split(sep) if p.strip()])
            renames = mapping.values.get(ours, {})
            parts = parts.map(lambda values, r=renames: [r.get(v, v) for v in values])
            out[f"{ours}_all"] = parts.map(" | ".join)
            cells = parts.map(lambda values: values[0] if values else "")
        elif ours in mapping.values:
            cells = cells.map(lambda cell, r=mapping.values[ours]: r.get(cell.strip(), cell))
        if ours in mapping.defaults:
            cells = cells.where(cells.str.strip() != "", mapping.defaults[ours])
        if ours in mapping.columns or ours in mapping.defaults:
            out[ours] = cells
    warnings = list(raw.warnings)
    if "id" not in mapping.columns and "id" not in mapping.defaults:
        # A sheet without ids still needs stable ones: its record numbers.
        out["id"] = "row-" + frame["row"].astype(str)
        warnings.append("no id column: ids were made from row numbers (row-1, row-2, ...)")
    for column in (GEOM_LAT, GEOM_LON, GEOM_ERROR):
        if column in frame:
            out[column] = frame[column]
    mapped_sources = set(mapping.columns.values())
    unsaid = [
        column
        for column in frame.columns
        if column not in mapped_sources and column != "row" and PUBLICATION_WORDS.search(_plain(column))
    ]
    if unsaid:
        named = ", ".join(f"'{column}'" for column in unsaid)
        raise MappingError(
            f"the column(s) {named} may say which rows may be published, but none is the 'public' field: map the "
            "one that says it to 'public' (true or false on every row), or remove the column, before importing"
        )
    for column in frame.columns:
        if column in mapped_sources or column == "row" or column in (GEOM_LAT, GEOM_LON, GEOM_ERROR):
            continue
        # A column named like one of our fields but not chosen for it must not be read as that field.
        clash = column in out.columns or column in FIELDS
        out[f"{column} (original)" if clash else column] = frame[column]
    return RawTable(out, warnings, list(raw.rejected))


def distinct_values(raw: RawTable, mapping: ColumnMapping, field: str, limit: int = 200) -> pd.DataFrame:
    """The values a file gives for one of our fields (the primary one of a multi-valued cell), most
    common first, with how many rows give each: what an editor renames before importing."""
    column = mapping.columns.get(field)
    if column is None or column not in raw.frame:
        return pd.DataFrame({"value": [], "rows": []})
    cells = raw.frame[column].fillna("").astype(str)
    if field in mapping.split:
        cells = cells.str.split(mapping.split[field], regex=False).str[0]
    counts = cells.str.strip().replace("", pd.NA).dropna().value_counts().head(limit)
    return pd.DataFrame({"value": counts.index.astype(str), "rows": counts.to_numpy()})


COUNT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "state": ("state", "state name", "state code", "st", "state abbreviation"),
    "measure": ("measure", "indicator", "metric", "variable", "figure"),
    "value": ("value", "count", "number", "total", "amount"),
    "as_of": ("as of", "as of date", "date", "year"),
    "source": ("source", "source name"),
    "note": ("note", "notes", "comment", "comments"),
}


def guess_count_columns(columns: list[str]) -> dict[str, str]:
    """For a state-level figures file: our field -> the file's column, by common names."""
    available = {_plain(c): c for c in columns if c != "row"}
    chosen: dict[str, str] = {}
    for ours, names in COUNT_SYNONYMS.items():
        column = next((available[name] for name in names if name in available), None)
        if column and column not in chosen.values():
            chosen[ours] = column
    return chosen


def apply_count_columns(raw: RawTable, columns: dict[str, str]) -> RawTable:
    """A figures table in our column names (``columns``: ours -> theirs), ready for validation."""
    missing = sorted(c for c in columns.values() if c not in raw.frame.columns)
    if missing:
        raise MappingError(f"the file has no column named {', '.join(missing)}")
    frame = pd.DataFrame({"row": raw.frame["row"], **{ours: raw.frame[theirs] for ours, theirs in columns.items()}})
    return RawTable(frame, list(raw.warnings), list(raw.rejected))
