"""The data page's upload flow: file, column choices, preview with the row report, save."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.dataset.dataset import DatasetMeta
from geo.dataset.store import check_name, save_dataset
from geo.ingest.count_rules import validate_counts
from geo.ingest.history_rules import validate_history
from geo.ingest.mapping import (
    FIELDS,
    ColumnMapping,
    apply_count_columns,
    distinct_values,
    guess_count_columns,
    guess_mapping,
)
from geo.ingest.pipeline import MAX_UPLOAD_MB, MAX_UPLOAD_ROWS, Prepared, prepare, read_upload
from geo.ingest.raw import LoadError, RawTable
from geo.ingest.read import SUPPORTED
from geo.reference.vocab import ATTRIBUTION, ATTRIBUTION_ORDER, DATE_PRECISION, FIELD_LABELS, REQUIRED_COLUMNS
from ui.access import author
from ui.dataset_cache import DATASET_KEY
from ui.map_widget import preview_map
from ui.markdown import md
from ui.row_report import report_section
from ui.sidebar import clear_filters

NOT_IN_FILE = "(not in the file)"
FIELD_HELP = {
    "id": "Unique per row. Without it, ids are made from row numbers.",
    "date": "ISO, M/D/YYYY, 'March 2024', '5 March 2024' or Excel dates.",
    "city": "Used to place rows without coordinates. A cell like 'Cook (county)' is read as a county.",
    "state": "Names, USPS codes or FIPS, any case.",
    "crime_type": "The first value of a multi-valued cell is the primary one (see separator).",
    "attribution": "Must use the attribution vocabulary; otherwise set a default below.",
}


RAW_KEY = "upload_raw"
PREPARED_KEY = "upload_prepared"
MAPPING_KEY = "upload_mapping"


def _read_upload(uploaded) -> RawTable:
    """Read once per uploaded file: later reruns (any widget) reuse the table."""
    kept = st.session_state.get(RAW_KEY)
    if kept and kept[0] == uploaded.file_id:
        return kept[1]
    raw = read_upload(uploaded.getvalue(), uploaded.name)
    st.session_state[RAW_KEY] = (uploaded.file_id, raw)
    st.session_state.pop(PREPARED_KEY, None)
    return raw


def _prepared(uploaded, raw: RawTable, mapping: ColumnMapping) -> Prepared:
    """Validated once per (file, mapping), with a progress bar fed by the pipeline itself."""
    key = (uploaded.file_id, mapping.to_toml())
    kept = st.session_state.get(PREPARED_KEY)
    if kept and kept[0] == key:
        return kept[1]
    bar = st.progress(0.0, text="Checking every row")
    prepared = prepare(raw, mapping, lambda fraction, text: bar.progress(min(fraction, 1.0), text=text))
    bar.empty()
    st.session_state[PREPARED_KEY] = (key, prepared)
    return prepared


def _mapping_form(raw: RawTable) -> ColumnMapping | None:
    columns = [c for c in raw.frame.columns if c != "row" and not c.startswith("_geom")]
    guessed = guess_mapping(columns)
    chosen: dict[str, str] = {}
    with st.form("column_mapping"):
        st.write("Which column holds each field? Pre-filled from the column names; check them.")
        grid = st.columns(3)
        for position, field in enumerate(FIELDS):
            options = [NOT_IN_FILE, *columns]
            current = guessed.columns.get(field)
            label = FIELD_LABELS[field] + (" (required)" if field in REQUIRED_COLUMNS else "")
            choice = grid[position % 3].selectbox(
                label,
                options,
                index=options.index(current) if current else 0,
                key=f"map_{field}",
                help=FIELD_HELP.get(field),
            )
            if choice != NOT_IN_FILE:
                chosen[field] = choice
        left, middle, right = st.columns(3)
        attribution = left.selectbox(
            "Attribution where the file gives none",
            ["", *ATTRIBUTION_ORDER],
            format_func=lambda key: "(no default: such rows are rejected)" if not key else ATTRIBUTION[key].label,
            index=1 + ATTRIBUTION_ORDER.index("unrated"),
        )
        precision = middle.selectbox(
            "Date precision where the file gives none",
            ["", *DATE_PRECISION],
            format_func=lambda key: "(from each date's form)" if not key else DATE_PRECISION[key].label,
        )
        separator = right.text_input("Crime type separator for multi-valued cells", placeholder="e.g. || or ;")
        if not st.form_submit_button("Check every row", type="primary"):
            return st.session_state.get(MAPPING_KEY)
    defaults = {k: v for k, v in (("attribution", attribution), ("date_precision", precision)) if v}
    mapping = ColumnMapping(chosen, {"crime_type": separator} if separator else {}, defaults)
    st.session_state[MAPPING_KEY] = mapping
    return mapping


def _renames(raw: RawTable, mapping: ColumnMapping, rejected: bool) -> None:
    """Rename the file's crime types and attribution values to the newsroom's words, right under the
    row report (open when rows were rejected: an unknown attribution value is the usual cause); the
    rows are then checked again."""
    crime = distinct_values(raw, mapping, "crime_type")
    attribution = distinct_values(raw, mapping, "attribution")
    if crime.empty and attribution.empty:
        return
    title = "Rename the file's crime types and attribution values" + ("" if rejected else " (optional)")
    with st.expander(title, expanded=rejected), st.form("value_renames"):
        edited_crime = (
            st.data_editor(
                crime.assign(rename=crime["value"].map(lambda v: mapping.values.get("crime_type", {}).get(v, v))),
                column_config={
                    "value": st.column_config.TextColumn("Crime type in the file", disabled=True),
                    "rows": st.column_config.NumberColumn("Rows", disabled=True),
                    "rename": st.column_config.TextColumn("Call it"),
                },
                hide_index=True,
                width="stretch",
                key="rename_crime",
            )
            if not crime.empty
            else crime
        )
        edited_level = (
            st.data_editor(
                attribution.assign(rename=attribution["value"].map(mapping.values.get("attribution", {}).get)),
                column_config={
                    "value": st.column_config.TextColumn("Attribution in the file", disabled=True),
                    "rows": st.column_config.NumberColumn("Rows", disabled=True),
                    "rename": st.column_config.SelectboxColumn(
                        "Attribution level", options=ATTRIBUTION_ORDER, format_func=lambda key: ATTRIBUTION[key].label
                    ),
                },
                hide_index=True,
                width="stretch",
                key="rename_attribution",
            )
            if not attribution.empty
            else attribution
        )
        if not st.form_submit_button("Apply the renames and check again"):
            return
    values = dict(mapping.values)
    for field, table in (("crime_type", edited_crime), ("attribution", edited_level)):
        if table.empty:
            continue
        renames = {
            str(row.value): str(row.rename).strip()
            for row in table.itertuples(index=False)
            if isinstance(row.rename, str) and row.rename.strip() and row.rename.strip() != row.value
        }
        if renames:
            values[field] = renames
        else:
            values.pop(field, None)
    st.session_state[MAPPING_KEY] = replace(mapping, values=values)
    st.rerun()


COUNT_FIELDS = ("state", "measure", "value", "as_of", "source", "note")


def _read_optional(uploaded) -> RawTable | None:
    """An optional file as read, or None (nothing given, or an error already shown)."""
    if uploaded is None:
        return None
    try:
        return read_upload(uploaded.getvalue(), uploaded.name)
    except LoadError as error:
        st.error(md(str(error)))
        return None


def _counts_section() -> pd.DataFrame | None:
    """An optional file of state-level figures, mapped and checked row by row like the incidents."""
    uploaded = st.file_uploader(
        "State-level figures (optional)", type=[s.lstrip(".") for s in SUPPORTED], key="upload_counts"
    )
    raw = _read_optional(uploaded)
    if raw is None:
        return None
    columns = [c for c in raw.frame.columns if c != "row" and not c.startswith("_geom")]
    guessed = guess_count_columns(columns)
    chosen: dict[str, str] = {}
    grid = st.columns(3)
    for position, field in enumerate(COUNT_FIELDS):
        options = [NOT_IN_FILE, *columns]
        current = guessed.get(field)
        choice = grid[position % 3].selectbox(
            FIELD_LABELS[field] + (" (required)" if field in ("state", "measure", "value") else ""),
            options,
            index=options.index(current) if current else 0,
            key=f"counts_{field}",
        )
        if choice != NOT_IN_FILE:
            chosen[field] = choice
    counts, report = validate_counts(apply_count_columns(raw, chosen))
    report_section(report, Path(uploaded.name).stem, "upload_counts")
    return counts


def _history_section(incidents: pd.DataFrame) -> bytes | None:
    """An optional attribution history (``data/README.md``), checked against the mapped incidents."""
    uploaded = st.file_uploader("Attribution history (optional, CSV)", type=["csv"], key="upload_history")
    raw = _read_optional(uploaded)
    if raw is None:
        return None
    report = validate_history(raw, incidents)[1]
    report_section(report, Path(uploaded.name).stem, "upload_history")
    return uploaded.getvalue()


def upload_section() -> None:
    st.write(
        f"Add a file from another newsroom or database ({', '.join(SUPPORTED)}; up to {MAX_UPLOAD_MB} MB and "
        f"{MAX_UPLOAD_ROWS:,} rows). Nothing is saved until you choose a name and save."
    )
    uploaded = st.file_uploader("Incident file", type=[s.lstrip(".") for s in SUPPORTED], key="upload_file")
    if uploaded is None:
        return
    try:
        raw = _read_upload(uploaded)
    except LoadError as error:
        st.error(md(str(error)))
        return
    mapping = _mapping_form(raw)
    if mapping is None:
        return
    try:
        incidents, report, _ = _prepared(uploaded, raw, mapping)
    except LoadError as error:
        # A column that may mark rows private, and is not the 'public' field: the editor decides above.
        st.error(md(f"{uploaded.name}: {error}"))
        return
    report_section(report, Path(uploaded.name).stem, "upload")
    _renames(raw, mapping, bool(report.rejected))
    if incidents.empty:
        st.error("No row could be mapped; check the column choices above.")
        return
    preview_map(incidents, "")
    st.subheader("State-level figures")
    counts = _counts_section()
    st.subheader("Attribution history")
    history = _history_section(incidents)
    with st.form("save_dataset"):
        name = st.text_input("Dataset name", placeholder="e.g. gva-2024", help="Lower-case letters, digits, hyphens.")
        title = st.text_input(
            "Title",
            placeholder="e.g. Shootings in 2024",
            help="Shown in the app and on published maps. Without one, publishing asks for a title.",
        )
        subject = st.text_input(
            "The group the incidents are linked to",
            placeholder="e.g. a named gang; leave empty if the data links them to none",
            help="Legends and alt text say 'How the link to … is established'. Data whose rows rate no link "
            "shows no attribution legend whatever is typed here.",
        )
        source = st.text_input("Source", help="Credited where rows do not name their own source.")
        as_of = st.text_input("Data as of", placeholder="YYYY-MM-DD")
        replace = st.checkbox(
            "This is a new version of a dataset already here",
            help="Saved as its next version: compared with the one it replaces, whose records, history and "
            "corrections are kept. Fields left empty above keep the earlier version's.",
        )
        reason = st.text_input("Why (for a new version)", placeholder="e.g. weekly update from the research desk")
        save = st.form_submit_button("Save dataset", type="primary")
    if save:
        problem = check_name(name, replace=replace)
        if problem:
            st.error(md(problem))
            return
        meta = DatasetMeta(title=title.strip(), subject=subject.strip(), source=source, as_of=as_of)
        with tempfile.TemporaryDirectory() as folder:
            counts_file = None
            if counts is not None and not counts.empty:
                counts_file = Path(folder) / "state_counts.csv"
                counts[list(COUNT_FIELDS)].to_csv(counts_file, index=False)
            history_file = None
            if history is not None:
                history_file = Path(folder) / "attribution_history.csv"
                history_file.write_bytes(history)
            try:
                number = save_dataset(
                    incidents,
                    report,
                    mapping,
                    name,
                    meta,
                    uploaded.name,
                    counts=counts_file,
                    history=history_file,
                    by=author(),
                    reason=reason,
                    replace=replace,
                )
            except LoadError as error:
                st.error(md(str(error)))
                return
        st.success(md(f"Saved '{title or name}' (version {number}). It is in the Dataset list in the sidebar."))
        st.button("Show it now", on_click=_show, args=(name,))


def _show(name: str) -> None:
    clear_filters()
    st.session_state[DATASET_KEY] = name
