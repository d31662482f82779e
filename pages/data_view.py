"""The data behind the map: the table, what loading found, downloads and the methodology."""

import streamlit as st

from geo.describe import readable
from geo.export import to_csv_bytes, to_geojson_bytes
from geo.filters import apply_filters, showing_caption
from geo.methodology import methodology_tables
from ui.data import current_dataset
from ui.page_parts import data_note, incident_table, report_section
from ui.sidebar import current_filters
from ui.upload import upload_section

TABLE_LIMIT = 5_000

dataset = current_dataset()
filters = current_filters()
in_view = apply_filters(dataset.incidents, filters)

st.title("Data")
st.caption(showing_caption(len(in_view), len(dataset.incidents)))
shown = in_view.head(TABLE_LIMIT)
table = readable(shown).assign(ID=shown["id"], **{"Internal notes": shown["internal_notes"]})
incident_table(table)
if len(in_view) > TABLE_LIMIT:
    st.caption(f"The table shows the first {TABLE_LIMIT:,} of {len(in_view):,} rows; the downloads hold them all.")
st.caption("Internal notes are for the newsroom only: they are left out of every download and published map.")
left, right = st.columns(2)
# Built only when clicked: a large dataset's file is not rebuilt on every rerun.
left.download_button("Download CSV", lambda: to_csv_bytes(in_view), "incidents.csv", "text/csv", width="stretch")
right.download_button(
    "Download GeoJSON",
    lambda: to_geojson_bytes(in_view),
    "incidents.geojson",
    "application/geo+json",
    width="stretch",
)

st.header("Load report")
for label, report in (("Incidents", dataset.incident_report), ("State counts", dataset.counts_report)):
    st.subheader(label)
    report_section(report, label.lower().replace(" ", "-"), label)

st.header("Add a dataset")
upload_section()

st.header("Methodology")
st.markdown(
    f"Every incident carries **how well its link to {dataset.meta.subject} is established** and **who makes it**. "
    "The map draws the levels differently: solid for convicted and charged, half-filled for law "
    "enforcement statements, hollow for reports, dashed for claims, crossed for disputed attributions."
)
for title, frame in methodology_tables():
    st.subheader(title)
    st.dataframe(frame, hide_index=True, width="stretch")
data_note(dataset)
