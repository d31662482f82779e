"""Small pieces several pages show: the data-as-of line and the load-problems notice."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.dataset import Dataset
from geo.validate import LoadReport


def data_note(dataset: Dataset) -> None:
    sources = "; ".join(dataset.sources) or "not given"
    st.text(f"Data as of {dataset.as_of or 'unknown'}. Sources: {sources}")


def load_problems_note(dataset: Dataset) -> None:
    rejected = len(dataset.incident_report.rejected) + len(dataset.counts_report.rejected)
    if rejected:
        st.warning(f"{rejected} rows in the data files could not be mapped. The Data page lists each with its reason.")


def report_section(report: LoadReport, file_stem: str, key: str) -> None:
    """Counts, every rejected, changed or flagged row with its reason, a CSV of them, warnings."""
    a, b, c, d = st.columns(4)
    a.metric("Rows read", report.rows)
    b.metric("Mapped", report.mapped)
    c.metric("Rejected", len(report.rejected))
    d.metric("Changed or flagged", len(report.changed) + len(report.flagged))
    rows = report.row_table()
    if not rows.empty:
        st.dataframe(rows, hide_index=True, width="stretch")
        st.download_button(
            "Download the row report (CSV)",
            rows.to_csv(index=False).encode("utf-8"),
            f"{file_stem}-report.csv",
            "text/csv",
            key=f"report_{key}",
        )
    for warning in report.warnings:
        st.warning(warning, icon=":material/warning:")


def incident_table(table: pd.DataFrame) -> None:
    """A readable incident table (see ``geo.describe.readable``) with clickable source links."""
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"Source link": st.column_config.LinkColumn("Source link")},
    )
