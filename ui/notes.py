"""Lines several pages end with: where the data comes from and as of when, and load problems."""

from __future__ import annotations

import streamlit as st

from geo.dataset.dataset import Dataset
from geo.dataset.describe import as_of_line


def data_note(dataset: Dataset) -> None:
    sources = f" Sources: {'; '.join(dataset.sources)}" if dataset.sources else " No source is named in this data."
    st.text(as_of_line(dataset.as_of) + sources)


def load_problems_note(dataset: Dataset) -> None:
    rejected = len(dataset.incident_report.rejected) + len(dataset.counts_report.rejected)
    if rejected:
        st.warning(f"{rejected} rows in the data files could not be mapped. The Data page lists each with its reason.")
