"""A dataset as the app holds it, and how one is built from its parts: incidents already checked,
and the documents a store keeps beside them (metadata, state figures, attribution history,
corrections, the row report), each by the file name it has in a dataset folder or an export.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.dataset.corrections import FILE_NAME as CORRECTIONS_FILE
from geo.dataset.corrections import corrections_from, empty_log, notes_by_record
from geo.dataset.history import FILE_NAME as HISTORY_FILE
from geo.dataset.history import empty_history, history_lines
from geo.ingest.count_rules import validate_counts
from geo.ingest.history_rules import validate_history
from geo.ingest.pipeline import prepare_file
from geo.ingest.raw import LoadError, RawTable
from geo.ingest.read import read_table
from geo.ingest.read_csv import read_csv_strict
from geo.ingest.report import EMPTY_REPORT, LoadReport
from geo.reference.states import selection_name
from geo.reference.vocab import INCIDENT_MEASURE, LIVE_MEASURES, ordered_crime_types
from geo.style.legend_sections import attribution_heading
from geo.style.palette import TypePalette, type_palette

NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
META_FILE = "incidents.meta.toml"
COUNTS_FILE = "state_counts.csv"
MAPPING_FILE = "mapping.toml"
REPORT_FILE = "report.json"
REPORT_CSV = "report.csv"
# Every document a saved dataset may hold beside its incidents, by its file name.
DOCUMENTS = (META_FILE, MAPPING_FILE, REPORT_FILE, REPORT_CSV, COUNTS_FILE, HISTORY_FILE, CORRECTIONS_FILE)
# The documents a snapshot's manifest names, by the role they play.
ROLES = {META_FILE: "metadata", COUNTS_FILE: "counts", HISTORY_FILE: "history", CORRECTIONS_FILE: "corrections"}
COUNT_COLUMNS_SAVED = ("row", "state", "measure", "measure_id", "value", "number", "as_of", "source", "note", "scope")


@dataclass(frozen=True)
class DatasetMeta:
    """How published maps describe the dataset; read from ``<incidents>.meta.toml`` beside the file."""

    title: str = ""  # empty, or a dataset name used as one: readers are never shown a slug
    subtitle: str = ""
    subject: str = ""  # what incidents are linked to ("Tren de Aragua"); empty: no group is named
    credit: str = "Map: Incident Atlas"
    source: str = ""  # for files whose rows do not name their source
    as_of: str = ""  # overrides the latest source date in the rows
    legend_title: str = ""  # the attribution legend's heading, if not the one made from ``subject``
    source_url: str = ""  # a link for the source line under the title (http or https only)
    coverage: str = ""  # what the data covers: said wherever a selection comes up empty
    # The title of any selection (states, or other filters), with "{place}" where the states go: worded
    # so that it holds for any selection, since a selection may hold only the weakest links.
    selection_title: str = ""

    @property
    def attribution_heading(self) -> str:
        return self.legend_title or attribution_heading(self.subject)

    @property
    def given_title(self) -> str:
        """The title, unless it is only the dataset's name (an import without one): never a slug."""
        return "" if NAME.fullmatch(self.title) else self.title

    def title_for(self, states: tuple[str, ...], narrowed: bool = False) -> str:
        """The dataset's title for the whole of it; for a selection of states or of anything else,
        the selection title ("Georgia: incidents …"), which never claims what the whole does."""
        if not states and not narrowed:
            return self.given_title
        if "{place}" in self.selection_title:
            title = self.selection_title.replace("{place}", selection_name(states) if states else "the U.S.")
            return title[:1].upper() + title[1:]
        if not states:
            return self.given_title
        return f"{self.given_title} \u2014 {selection_name(states)}" if self.given_title else selection_name(states)


@dataclass(frozen=True)
class Dataset:
    """Immutable once loaded: the app shares one instance across sessions (st.cache_resource)."""

    incidents: pd.DataFrame  # lat and lon; no shapely points (a million of them cost 280 MB)
    counts: pd.DataFrame
    incident_report: LoadReport
    counts_report: LoadReport
    crime_types: tuple[str, ...]
    sources: tuple[str, ...]
    as_of: str
    meta: DatasetMeta = DatasetMeta()
    corrections: pd.DataFrame = field(default_factory=empty_log)
    # The app's crime-type colours: from the whole dataset, once, so they hold still as filters change.
    palette: TypePalette = field(default_factory=lambda: type_palette({}))
    # What it was loaded from and for whom (store, name, version, audience): a key for caches of what is
    # built from it, which an object's id is not once the object is gone.
    key: tuple = ()
    # Dated steps in how firmly each link is established (``geo.dataset.history``), and their check.
    history: pd.DataFrame = field(default_factory=empty_history)
    history_report: LoadReport = EMPTY_REPORT
    # Whether any incident or step rates its link: data that rates none shows no attribution
    # legend, filter or wording, and says once that attribution is not recorded.
    rated: bool = True
    # A view for readers (``geo.view.public.public_view``): public rows only, and the ids of the records
    # it withholds, so a republication can say they are no longer published and nothing more.
    public_only: bool = False
    withheld: frozenset[str] = frozenset()
    # What it was built from, each part by role with its SHA-256: a snapshot's manifest repeats it.
    inputs: dict[str, dict[str, str]] = field(default_factory=dict)
    # Which version of a saved dataset it is (0: data not kept in a store): publications record it.
    version: int = 0

    def measures(self) -> list[str]:
        """The measures its states can be shaded by, the default first: the firmest link where links
        are rated (else incident counts), then the state-wide facts (a figure for a city or metro
        area stored with its state would shade the whole state, so it is not one)."""
        counts = self.counts
        statewide = counts["scope"].fillna("") == "" if "scope" in counts else pd.Series(True, index=counts.index)
        live = LIVE_MEASURES if self.rated else (INCIDENT_MEASURE,)
        return [*live, *dict.fromkeys(counts.loc[statewide, "measure"])]

    def measure_for(self, measure: str) -> str:
        """The measure asked for when the data has it, else its default (a link made for another
        dataset, or the firmest link asked of data that rates none)."""
        available = self.measures()
        return measure if measure in available else available[0]


def parse_metadata(text: str, label: str = META_FILE) -> DatasetMeta:
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LoadError(f"{label}: not valid TOML: {error}") from None
    known = {k: str(v) for k, v in values.items() if k in DatasetMeta.__dataclass_fields__}
    return DatasetMeta(**known)


def metadata_path(incidents_path: str | Path) -> Path:
    path = Path(incidents_path)
    return path.with_name(f"{path.stem}.meta.toml")


def document_bytes(path: Path) -> bytes:
    """A companion file as a store keeps it: text as it is, any other table (a workbook) as CSV."""
    if path.suffix.lower() in (".csv", ".toml", ".json"):
        return path.read_bytes()
    return read_table(path).frame.to_csv(index=False).encode("utf-8")


def documents_beside(incidents_path: Path, counts: Path | None = None, history: Path | None = None) -> dict[str, bytes]:
    """The documents of a dataset kept as files: the metadata, corrections and history beside its
    incidents (``history`` and ``counts`` when given elsewhere)."""
    found = {
        META_FILE: metadata_path(incidents_path),
        CORRECTIONS_FILE: incidents_path.with_name(CORRECTIONS_FILE),
        HISTORY_FILE: history or incidents_path.with_name(HISTORY_FILE),
        COUNTS_FILE: counts,
    }
    return {name: document_bytes(path) for name, path in found.items() if path is not None and path.exists()}


def load_dataset(
    incidents_path: str | Path, counts_path: str | Path | None = None, history: str | Path | None = None
) -> Dataset:
    """Read and validate a file (columns recognised by their common names); raises ``LoadError``
    when a file cannot be read at all. ``history`` defaults to the one beside the incidents."""
    prepared = prepare_file(incidents_path)
    documents = documents_beside(
        Path(incidents_path), Path(counts_path) if counts_path else None, Path(history) if history else None
    )
    digest = hashlib.sha256(Path(incidents_path).read_bytes()).hexdigest()
    return assemble_dataset(prepared.incidents, prepared.report, documents, (Path(incidents_path).name, digest))


def _table(documents: Mapping[str, bytes], name: str) -> RawTable | None:
    return read_csv_strict(documents[name], name) if documents.get(name) else None


def _text(documents: Mapping[str, bytes], name: str) -> str:
    try:
        return documents[name].decode("utf-8") if name in documents else ""
    except UnicodeDecodeError:
        raise LoadError(f"{name}: not UTF-8 text") from None


def saved_report(documents: Mapping[str, bytes]) -> LoadReport:
    """The row report a dataset was saved with."""
    try:
        return LoadReport.from_dict(json.loads(documents[REPORT_FILE]))
    except (KeyError, ValueError, TypeError) as error:
        raise LoadError(f"its {REPORT_FILE} cannot be read ({error})") from None


def inputs_of(incidents: tuple[str, str], documents: Mapping[str, bytes]) -> dict[str, dict[str, str]]:
    """Each part a dataset is built from, by role: its file's name and SHA-256 (``incidents``: the
    incidents' name and digest, which the store knows)."""
    inputs = {"incidents": {"file": incidents[0], "sha256": incidents[1]}}
    for file, role in ROLES.items():
        if file in documents:
            inputs[role] = {"file": file, "sha256": hashlib.sha256(documents[file]).hexdigest()}
    return inputs


def assemble_dataset(
    incidents: pd.DataFrame, report: LoadReport, documents: Mapping[str, bytes], source: tuple[str, str] = ("", "")
) -> Dataset:
    """The dataset the app shows, from checked incidents and the documents kept beside them;
    ``source`` names the incidents' file and its SHA-256."""
    if "geometry" in incidents.columns:
        # Every view, map and export works from lat and lon; exports build their own points.
        incidents = pd.DataFrame(incidents.drop(columns="geometry"))
    counts_table = _table(documents, COUNTS_FILE)
    if counts_table is not None:
        counts, counts_report = validate_counts(counts_table)
    else:
        counts, counts_report = pd.DataFrame(columns=list(COUNT_COLUMNS_SAVED)), EMPTY_REPORT
    meta = parse_metadata(_text(documents, META_FILE))
    corrections_table = _table(documents, CORRECTIONS_FILE)
    corrections = corrections_from(corrections_table) if corrections_table is not None else empty_log()
    notes = notes_by_record(corrections)
    # Each corrected incident says so wherever it is shown: "corrected DATE: reason".
    # Columns are worked on whole and distinct values listed once: a million rows never become
    # a million Python strings here.
    correction = incidents["id"].astype("str").map(notes).fillna("") if notes else ""
    incidents = incidents.assign(correction=correction).astype({"correction": "str"})
    sources = tuple(
        dict.fromkeys(
            s for s in [*incidents["source_name"].unique(), *counts["source"], meta.source] if isinstance(s, str) and s
        )
    )
    dates = [d for d in [*incidents["source_date"].unique(), *counts["as_of"]] if isinstance(d, str) and d]
    history_table = _table(documents, HISTORY_FILE)
    steps, steps_report = (
        validate_history(history_table, incidents) if history_table is not None else (empty_history(), EMPTY_REPORT)
    )
    if not steps.empty:
        # The dated list travels with each incident to popups, tables and exports.
        lines = history_lines(steps)
        incidents = incidents.assign(history=incidents["id"].astype("str").map(lines).fillna("").astype("str"))
    return Dataset(
        incidents=incidents,
        counts=counts,
        incident_report=report,
        counts_report=counts_report,
        crime_types=tuple(ordered_crime_types(incidents["crime_type"].unique())),
        sources=sources,
        as_of=meta.as_of or (max(dates) if dates else ""),
        meta=meta,
        corrections=corrections,
        palette=type_palette(incidents["crime_type"].value_counts()),
        history=steps,
        history_report=steps_report,
        rated=bool((incidents["attribution"] != "unrated").any() or (steps["attribution"] != "unrated").any()),
        inputs=inputs_of(source, documents),
    )
