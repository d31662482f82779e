"""The data page's upload flow: file, column choices, preview with the row report, save."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from geo.datasets import MAX_UPLOAD_MB, MAX_UPLOAD_ROWS, DatasetMeta, check_name, save_dataset
from geo.ingest.mapping import FIELDS, ColumnMapping, guess_mapping
from geo.ingest.pipeline import Prepared, prepare
from geo.ingest.read import SUPPORTED, LoadError, RawTable, read_table
from geo.vocab import ATTRIBUTION, ATTRIBUTION_ORDER, DATE_PRECISION, REQUIRED_COLUMNS
from ui.dataset_cache import DATASET_KEY
from ui.map_widget import preview_map
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
    suffix = Path(uploaded.name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        # Streamlit holds the bytes; the readers want a file with the right extension.
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(uploaded.getvalue())
        raw = read_table(path, uploaded.name)
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
            label = field + (" (required)" if field in REQUIRED_COLUMNS else "")
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


def upload_section() -> None:
    st.write(
        f"Add a file from another newsroom or database ({', '.join(SUPPORTED)}; up to {MAX_UPLOAD_MB} MB and "
        f"{MAX_UPLOAD_ROWS:,} rows). Nothing is saved until you choose a name and save."
    )
    uploaded = st.file_uploader("Incident file", type=[s.lstrip(".") for s in SUPPORTED], key="upload_file")
    if uploaded is None:
        return
    if uploaded.size > MAX_UPLOAD_MB * 1024 * 1024:
        st.error(
            f"{uploaded.name} is {uploaded.size / 1e6:.0f} MB; the limit here is {MAX_UPLOAD_MB} MB. "
            "Import larger files with `python -m geo import`."
        )
        return
    try:
        raw = _read_upload(uploaded)
    except LoadError as error:
        st.error(str(error))
        return
    if len(raw.frame) > MAX_UPLOAD_ROWS:
        st.error(
            f"{uploaded.name} has {len(raw.frame):,} rows; the limit here is {MAX_UPLOAD_ROWS:,}. "
            "Import it with `python -m geo import`."
        )
        return
    mapping = _mapping_form(raw)
    if mapping is None:
        return
    incidents, report, _ = _prepared(uploaded, raw, mapping)
    report_section(report, Path(uploaded.name).stem, "upload")
    if incidents.empty:
        st.error("No row could be mapped; check the column choices above.")
        return
    preview_map(incidents, DatasetMeta.subject)
    with st.form("save_dataset"):
        name = st.text_input("Dataset name", placeholder="e.g. gva-2024", help="Lower-case letters, digits, hyphens.")
        title = st.text_input("Title", value=Path(uploaded.name).stem)
        subject = st.text_input(
            "What the incidents are linked to",
            placeholder="e.g. a named group, or 'gun violence'",
            help="Legends and alt text say 'How the link to … is established'.",
        )
        source = st.text_input("Source", help="Credited where rows do not name their own source.")
        as_of = st.text_input("Data as of", placeholder="YYYY-MM-DD")
        save = st.form_submit_button("Save dataset", type="primary")
    if save:
        problem = check_name(name)
        if problem:
            st.error(problem)
            return
        meta = DatasetMeta(title=title or name, subject=subject or DatasetMeta.subject, source=source, as_of=as_of)
        save_dataset(incidents, report, mapping, name, meta, uploaded.name)
        st.success(f"Saved '{title or name}'. It is now in the Dataset list in the sidebar.")
        st.button("Show it now", on_click=_show, args=(name,))


def _show(name: str) -> None:
    clear_filters()
    st.session_state[DATASET_KEY] = name
