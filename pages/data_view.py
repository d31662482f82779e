"""The data behind the map: the table, what loading found, downloads and the methodology."""

import streamlit as st

from geo.dataset.describe import readable
from geo.publish.export import download_name, to_csv_bytes, to_geojson_bytes
from geo.reference.methodology import methodology_tables
from ui.access import is_staff
from ui.incident_table import incident_table
from ui.notes import data_note
from ui.row_report import report_section
from ui.upload import upload_section
from ui.view import current_view

TABLE_LIMIT = 5_000

view = current_view()
staff = is_staff()
dataset, in_view = view.dataset, view.incidents

st.title("Data")
st.caption(view.caption)
shown = in_view.head(TABLE_LIMIT)
table = readable(shown, dataset.rated).assign(ID=shown["id"])
if staff:
    table = table.assign(**{"Internal notes": shown["internal_notes"]})
incident_table(table)
if len(in_view) > TABLE_LIMIT:
    st.caption(f"The table shows the first {TABLE_LIMIT:,} of {len(in_view):,} rows; the downloads hold them all.")
if staff:
    st.caption("Internal notes are for the newsroom only: they are left out of every download and published map.")
left, right = st.columns(2)
# Built only when clicked: a large dataset's file is not rebuilt on every rerun.
left.download_button(
    "Download CSV", lambda: to_csv_bytes(in_view), download_name(in_view, "csv"), "text/csv", width="stretch"
)
right.download_button(
    "Download GeoJSON",
    lambda: to_geojson_bytes(in_view),
    download_name(in_view, "geojson"),
    "application/geo+json",
    width="stretch",
)

if staff:
    st.header("Load report")
    for label, report in (("Incidents", dataset.incident_report), ("State counts", dataset.counts_report)):
        st.subheader(label)
        report_section(report, label.lower().replace(" ", "-"), label)

st.header("Corrections")
if dataset.corrections.empty:
    st.text("No corrections are logged for this dataset.")
else:
    st.text(
        f"{len(dataset.corrections)} changes to records that may already have been published, each with its "
        "reason and source. Corrected incidents say so in their popup and table row; a republished map lists "
        "what changed since the earlier version."
    )
    st.dataframe(dataset.corrections, hide_index=True, width="stretch")

if staff:
    st.header("Add a dataset")
    upload_section()

st.header("Methodology")
st.write(
    "Every incident carries how well its link is established and who makes it. "
    "The map draws the levels differently: solid for convicted and charged, half-filled for law "
    "enforcement statements, hollow for reports, dashed for claims, crossed for disputed attributions."
)
st.text(f"The link drawn on this dataset's map: {dataset.meta.attribution_heading.lower()}.")
for title, frame in methodology_tables(dataset.crime_types):
    st.subheader(title)
    st.dataframe(frame, hide_index=True, width="stretch")
data_note(dataset)
